//! The interface every DSP node implements. One `process` call renders one block.
//!
//! Threading contract: kernels are built off the audio thread (`new` may allocate: delay
//! lines, tables, voice pools sized for the maximum block and sample rate); `process` runs
//! on the audio thread and must not allocate, lock, make syscalls or panic. State lives in
//! the kernel; inside the sample loop keep it in locals and write it back after the loop.

/// What a kernel knows about the block being rendered.
#[derive(Clone, Copy, Debug)]
pub struct BlockCtx {
    pub sample_rate: f32,
    /// Absolute index of the block's first sample since the transport started. Control-rate
    /// work must be anchored to this (e.g. recompute coefficients when
    /// `(start_sample + i) % CONTROL_RATE == 0`), never to the block start, so output does not
    /// depend on the block size.
    pub start_sample: u64,
    /// Samples in this block (1..=max_block).
    pub len: usize,
    /// Cycle position at the block's first sample, and cycles per sample (cps / rate).
    pub cycle: f64,
    pub cycles_per_sample: f64,
}

impl BlockCtx {
    /// The cycle position of sample `i` of the block.
    pub fn cycle_at(&self, i: usize) -> f64 {
        self.cycle + i as f64 * self.cycles_per_sample
    }
}

/// Coefficients that follow a changing parameter are recomputed every this many samples,
/// counted on the absolute sample clock.
pub const CONTROL_RATE: u64 = 32;

/// One input signal for a block. `left` and `right` have `ctx.len` samples; for a mono
/// signal they are the same slice.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub left: &'a [f32],
    pub right: &'a [f32],
    pub stereo: bool,
    /// True when the value is a compile-time constant that never changes (every sample of
    /// every block is `left[0]`): kernels may compute coefficients once.
    pub constant: bool,
}

impl<'a> Input<'a> {
    pub fn mono(buf: &'a [f32], constant: bool) -> Input<'a> {
        Input {
            left: buf,
            right: buf,
            stereo: false,
            constant,
        }
    }

    /// The first sample, or 0 for an empty buffer.
    pub fn first(&self) -> f32 {
        self.left.first().copied().unwrap_or(0.0)
    }
}

/// How a kernel is built.
#[derive(Clone, Copy, Debug)]
pub struct Setup<'a> {
    pub sample_rate: f32,
    pub max_block: usize,
    /// Channel count (1 or 2) of each input, in the registry's parameter order.
    pub input_channels: &'a [usize],
}

pub trait Kernel: Send {
    /// Output channels: 1 (mono) or 2 (stereo). Fixed at construction.
    fn channels(&self) -> usize;

    /// Renders one block. `inputs` follow the function's parameters in the registry's
    /// order (for filters and effects the first is the audio input); every parameter has a
    /// signal (defaults are filled in by the compiler). `out` has `channels()` slices of
    /// `ctx.len` samples each.
    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]);

    /// Forgets all state (silence, phase 0), keeping allocations.
    fn reset(&mut self) {}
}

/// Flushes denormals to zero in feedback paths (filters, delays, reverbs).
#[inline(always)]
pub fn flush(x: f32) -> f32 {
    if x.abs() < 1e-20 {
        0.0
    } else {
        x
    }
}
