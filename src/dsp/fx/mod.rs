//! Effects: `reverb`, `delay`, `pingpong`, `distortion`/`distort`/`dist`,
//! `bitcrush`/`crush`, `chorus`, `flanger`, `phaser`, `tremolo`, `compressor`, `limiter`
//! and `pan`.
//!
//! Inputs follow the registry's parameter order, the audio input first. `pan` is a
//! per-event control in the registry (`pos` only); as a signal kernel it takes
//! `input, pos` like the effects.
//!
//! Threading contract: kernels are built (by their registry entries) off the audio thread, allocating every buffer an
//! effect will ever need (delay lines for [`MAX_DELAY_SECONDS`], reverb tanks, scratch
//! sized for `Setup::max_block`). `process` runs on the audio thread and never allocates,
//! locks or panics; a block longer than `max_block` is rendered up to `max_block` and
//! padded with silence. Audio entering a state is sanitised (NaN → 0, |x| ≤ 1e6) and
//! feedback paths flush denormals. LFOs (chorus, flanger, phaser, tremolo) take their phase
//! from the absolute sample clock (`start_sample + i`) and coefficients that follow a
//! parameter change at control ticks of that clock, so output does not depend on the
//! block size.

use crate::dsp::kernel::{copy_state_fields, flush, BlockCtx, CopyState, Input, Kernel};
use crate::dsp::osc::sin_turns;
use crate::dsp::util::{
    block_len, clean, clock_phase, control_segments, fast_exp2, fast_log2, fast_tanh, finite_or,
    silence,
};

/// The longest `delay`/`pingpong` time; longer times are clamped.
pub const MAX_DELAY_SECONDS: f32 = 4.0;

/// A usable sample rate (1 kHz .. 768 kHz; 48 kHz for garbage).
pub fn sane_rate(sr: f32) -> f32 {
    finite_or(sr, 48_000.0).clamp(1_000.0, 768_000.0)
}

/// `(1 - mix)·dry + mix·wet`.
#[inline(always)]
fn blend(dry: f32, wet: f32, mix: f32) -> f32 {
    dry + mix * (wet - dry)
}

#[inline(always)]
fn unit(x: f32, default: f32) -> f32 {
    finite_or(x, default).clamp(0.0, 1.0)
}

/// The two output channels of a stereo kernel.
#[inline(always)]
fn two<'a>(out: &'a mut [&mut [f32]]) -> (&'a mut [f32], &'a mut [f32]) {
    let (l, r) = out.split_at_mut(1);
    (&mut *l[0], &mut *r[0])
}

mod delay;
mod dynamics;
mod line;
mod modulation;
mod pan;
mod reverb;
mod shapers;

pub use delay::*;
pub use dynamics::*;
use line::*;
pub use modulation::*;
pub use pan::*;
pub use reverb::*;
pub use shapers::*;

#[cfg(test)]
mod tests;
