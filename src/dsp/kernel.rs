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

/// A view of a kernel or voice as [`std::any::Any`], so state can be copied between two
/// of the same type (see [`Kernel::copy_state_from`]). Implemented for every `'static` type.
pub trait AsAny {
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<T: std::any::Any> AsAny for T {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Implements `copy_state_from` (of [`Kernel`] or [`crate::dsp::synth::Voice`]) for a
/// type that owns no heap memory, as a plain copy: nothing is allocated or freed, which a
/// compile-time check enforces (a type that gains a `Vec` or `Box` must copy its buffers
/// field by field instead).
macro_rules! copy_state_by_value {
    ($trait:path) => {
        fn copy_state_from(&mut self, other: &dyn $trait) -> bool {
            const {
                assert!(
                    !std::mem::needs_drop::<Self>(),
                    "owns heap memory: copy its buffers in place instead"
                )
            };
            match $crate::dsp::kernel::AsAny::as_any(other).downcast_ref::<Self>() {
                Some(o) => {
                    *self = Clone::clone(o);
                    true
                }
                None => false,
            }
        }
    };
}
pub(crate) use copy_state_by_value;

/// State that can be copied in place from another value built the same way: what
/// kernels owning buffers (delay lines, reverb tanks) use for
/// [`Kernel::copy_state_from`]. `same_shape` first checks that every buffer has the same
/// length, so a copy never allocates, frees or leaves a half-copied state.
pub(crate) trait CopyState {
    fn same_shape(&self, _other: &Self) -> bool {
        true
    }
    fn copy_state(&mut self, from: &Self);
}

macro_rules! copy_state_scalars {
    ($($t:ty),*) => {
        $(impl CopyState for $t {
            fn copy_state(&mut self, from: &Self) {
                *self = *from;
            }
        })*
    };
}
copy_state_scalars!(f32, f64, usize, u64, bool);

impl<T: CopyState> CopyState for Vec<T> {
    fn same_shape(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.same_shape(b))
    }
    fn copy_state(&mut self, from: &Self) {
        for (a, b) in self.iter_mut().zip(from) {
            a.copy_state(b);
        }
    }
}

impl<T: CopyState, const N: usize> CopyState for [T; N] {
    fn same_shape(&self, other: &Self) -> bool {
        self.iter().zip(other).all(|(a, b)| a.same_shape(b))
    }
    fn copy_state(&mut self, from: &Self) {
        for (a, b) in self.iter_mut().zip(from) {
            a.copy_state(b);
        }
    }
}

/// Implements [`CopyState`] for a struct, field by field.
macro_rules! copy_state_fields {
    ($ty:ty; $($field:ident),+ $(,)?) => {
        impl $crate::dsp::kernel::CopyState for $ty {
            fn same_shape(&self, other: &Self) -> bool {
                true $(&& self.$field.same_shape(&other.$field))+
            }
            fn copy_state(&mut self, from: &Self) {
                $(self.$field.copy_state(&from.$field);)+
            }
        }
    };
}
pub(crate) use copy_state_fields;

/// Implements `copy_state_from` of [`Kernel`] or [`crate::dsp::synth::Voice`] through the
/// type's [`CopyState`] (for kernels that own buffers).
macro_rules! copy_state_in_place {
    ($trait:path) => {
        fn copy_state_from(&mut self, other: &dyn $trait) -> bool {
            use $crate::dsp::kernel::CopyState;
            match $crate::dsp::kernel::AsAny::as_any(other).downcast_ref::<Self>() {
                Some(o) if self.same_shape(o) => {
                    self.copy_state(o);
                    true
                }
                _ => false,
            }
        }
    };
}
pub(crate) use copy_state_in_place;

pub trait Kernel: Send + Sync + AsAny {
    /// Output channels: 1 (mono) or 2 (stereo). Fixed at construction.
    fn channels(&self) -> usize;

    /// Renders one block. `inputs` follow the function's parameters in the registry's
    /// order (for filters and effects the first is the audio input); every parameter has a
    /// signal (defaults are filled in by the compiler). `out` has `channels()` slices of
    /// `ctx.len` samples each.
    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]);

    /// Forgets all state (silence, phase 0), keeping allocations.
    fn reset(&mut self) {}

    /// Takes over the state of `other` (phases, filter memories, delay lines, voices) when
    /// it is the same kind of kernel built the same way, so that an unchanged part of an
    /// edited program goes on exactly where it was. Runs on the audio thread at a program
    /// swap: copies in place, never allocates or frees. Returns false (changing nothing)
    /// when the kernels differ.
    fn copy_state_from(&mut self, other: &dyn Kernel) -> bool;
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
