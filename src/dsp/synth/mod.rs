//! SuperDirt-style synths `superkick supersnare superhat supersaw superpwm superchip
//! superfm`: triggered [`Voice`]s (for `s "superkick*4"`, note patterns and MIDI) and the same sounds
//! as continuous kernels retriggered once per cycle (`superkick 50`, a [`SynthKernel`]);
//! both are built by the synth's registry entry. Plumbing here; the sounds in `drums.rs`
//! (kick, snare, hat) and `pitched.rs`; shared pieces in `parts.rs`; the kernel form in
//! `kernel.rs`.
//!
//! Threading contract: the constructors allocate and run off the audio thread. Every `Voice` method and `Kernel::process` run on the audio thread and
//! never allocate, lock or panic: all state is fixed-size (at most [`MAX_SAWS`] saws).
//!
//! Parameters follow the registry (`src/registry/synths.rs`). A voice takes its frequency in
//! `start` (NaN or `<= 0` → the synth's default: 55 Hz kick, 180 Hz snare, 261.63 Hz
//! for the pitched synths) and the others through `set_params`, in registry order without
//! `freq`:
//!
//! | synth | set_params | sound |
//! |---|---|---|
//! | superkick | decay 0.4, sweep 4 | sine falling from `freq·sweep` to `freq` (time constant 30 ms), -60 dB after `decay` s |
//! | supersnare | decay 0.2, noise 0.6 | pitched sine (tone, decays in 0.6·decay) + noise high-passed at 1.2 kHz (decay), mixed by `noise` 0..1 |
//! | superhat | decay 0.05, tone 8000 | white noise through two 12 dB/oct high-passes at `tone` Hz, -60 dB after `decay` |
//! | supersaw | detune 0.2, voices 5 | `voices` (1..=9) PolyBLEP saws spread evenly over ±`detune` semitones, random start phases |
//! | superpwm | width 0.5, rate 0.5 | PolyBLEP pulse, width `width ± 0.35` swept by a `rate` Hz sine, DC removed |
//! | superchip | slide 0 | PolyBLEP square; pitch glides `slide` semitones over the note's sustain |
//! | superfm | ratio 2, index 1 | 2-op phase modulation, modulator at `freq·ratio`, index falling to half over ~0.5 s |
//!
//! Percussive synths (kick, snare, hat) ignore `sustain_secs` and finish at -80 dB. The
//! pitched synths hold for `sustain_secs`, then release (supersaw 0.2 s, superpwm 0.2 s,
//! superchip 0.05 s, superfm 0.3 s). Output peaks stay around 0.5..1 times `gain`.
//!
//! As a kernel, a synth starts a voice at every cycle start with the inputs' values at that
//! sample (gain 1, sustain = one cycle), follows its inputs every [`CONTROL_RATE`] samples
//! (anchored to the absolute sample clock, so output does not depend on the block size),
//! and lets the previous note ring out in a second voice.

use crate::dsp::env::VoiceEnv;
use crate::dsp::kernel::{
    copy_state_fields, AsAny, BlockCtx, CopyState, Input, Kernel, CONTROL_RATE,
};
use crate::dsp::noise::Rng;
use crate::dsp::osc::{cycle_split, mono_out, phase_inc, pulse_sample, saw_sample, sin_turns};

/// One triggered sound. All methods are real-time safe (no allocation, no panic).
pub trait Voice: Send + Sync + crate::dsp::kernel::AsAny {
    /// Starts a note (restarting from silence): `freq` in Hz (NaN or `<= 0` → the synth's
    /// default), `gain` a linear factor, `sustain_secs` how long the note is held before
    /// its release (ignored by percussive synths).
    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32);

    /// Adds the next `out.len()` mono samples to `out`. Returns false once the sound has
    /// finished (then it adds nothing until the next `start`).
    fn render_add(&mut self, out: &mut [f32]) -> bool;

    /// Sets the synth's registry parameters other than `freq`, in registry order (see the
    /// module doc). Missing or non-finite entries keep their current values. Applies to
    /// the sounding note and to later ones.
    fn set_params(&mut self, _params: &[f32]) {}

    /// Follows a new frequency while sounding (NaN or `<= 0` is ignored).
    fn set_freq(&mut self, _freq: f32) {}

    /// Ends the note now (starts the release of a held note; percussive sounds go on).
    fn release(&mut self) {}

    /// Takes over the state of a voice of the same synth (see
    /// [`crate::dsp::kernel::Kernel::copy_state_from`]); false when the synths differ.
    fn copy_state_from(&mut self, other: &dyn Voice) -> bool;
}

/// Most saws in a `supersaw`.
pub const MAX_SAWS: usize = 9;

/// Level below which a decaying percussive voice is finished (-80 dB).
pub(crate) const SILENT: f32 = 1e-4;
/// Onset ramp of percussive voices, against clicks.
pub(crate) const ONSET_SECS: f32 = 0.001;
/// Default frequency of the pitched synths (SuperDirt's note 0, c5).
pub(crate) const DEFAULT_PITCH: f32 = 261.63;

#[inline]
pub(crate) fn sane_freq(freq: f32, default: f32) -> f32 {
    if freq > 0.0 && freq.is_finite() {
        freq
    } else {
        default
    }
}

#[inline]
pub(crate) fn finite_or(x: f32, keep: f32) -> f32 {
    if x.is_finite() {
        x
    } else {
        keep
    }
}

/// Per-sample multiplier that decays by 60 dB in `secs`.
pub(crate) fn t60_coef(secs: f32, sr: f32) -> f32 {
    let samples = (secs.max(1e-4) * sr).max(1.0);
    (0.001f32.ln() / samples).exp()
}

/// Per-sample multiplier of an exponential with time constant `secs`.
pub(crate) fn tau_coef(secs: f32, sr: f32) -> f32 {
    (-1.0 / (secs.max(1e-5) * sr)).exp()
}

/// Samples for `secs` (NaN/negative → 0, huge → saturates).
pub(crate) fn samples(secs: f32, sr: f32) -> u64 {
    if secs > 0.0 {
        (secs as f64 * sr as f64) as u64
    } else {
        0
    }
}

mod drums;
mod kernel;
mod parts;
mod pitched;
mod waveforms;

pub use drums::*;
pub use kernel::*;
use parts::*;
pub use pitched::*;
pub use waveforms::*;

#[cfg(test)]
mod tests;
