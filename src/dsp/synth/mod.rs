//! SuperDirt-style synths `superkick supersnare superhat supersaw superpwm superchip
//! superfm` and SuperDirt's library synths `superpiano supersquare supermandolin supergong
//! superhammond superhoover supercomparator superzow superstatic superreese superclap`:
//! triggered [`Voice`]s (for `s "superkick*4"`, note patterns and MIDI) and the same sounds
//! as continuous kernels retriggered once per cycle (`superkick 50`, a [`SynthKernel`]);
//! both are built by the synth's registry entry. Plumbing here; the sounds in `drums.rs`
//! (kick, snare, hat), `pitched.rs` and `library.rs` (the library synths); shared pieces in
//! `parts.rs`; the kernel form in `kernel.rs`.
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
//! | superpiano | velocity 1, detune 0.1, muffle 1 | 16 partials × 2 strings; `velocity` 0..2 louder and brighter (partials `~1/n^(1.9-0.7·velocity)`, hammer at 1/8), `detune` 0..1 stretches the partials (inharmonicity `0.004·detune`) and detunes the strings ±`10·detune` cents, `muffle` 0..2 low-passes the strike (`20 kHz·0.15^muffle`, 12 dB/oct); each partial decays by itself (fundamental -60 dB in `6·(261.63/freq)^0.6` s, 0.4..12), damped at the end of the note (0.35 s); velocity and muffle apply from the next note |
//! | supersquare | voice 0.5, semitone 12, resonance 0.2 | pulses of width `voice` at `freq` (0.7) and `semitone` below (0.3), 24 dB low-pass swept 10..20·freq at `freq/64` Hz, `resonance` 0..1, tanh |
//! | supermandolin | detune 0.2, decay 1 | noise burst (-60 dB in `0.1·midi/69` s) into two comb filters `±detune` % apart that ring `decay` s to -60 dB; damped at the end of the note (0.25 s); lowest note `fs/4092` |
//! | supergong | voice 0, decay 1 | 15 clamped-plate modes (1, 2.081, 3.414...·freq), levels `ratio^voice` (0..4), mode -60 dB after `2.5·(100/freq)/ratio^(2-decay)` s (0.02..15; `decay` 0..2); ignores the sustain |
//! | superhammond | voice 0, perc 0, vibrato 0.5 | 9 drawbar sines (16' to 1', folded into 63..6000 Hz), `voice` 0..9 a registration (bass violin, tibia, bassoon, french trumpet, strings, blues, jazz 1, full shout, bro' jack, jazz 2; fractional voices crossfade), key click, `perc` 0..1 a 2nd harmonic fading over 1 s, `vibrato` 0..1 the sweep (±vibrato/2 at 7 Hz) of a 1 kHz all-pass added to the sound |
//! | superhoover | slide 0, decay 0 | three layers (saw at `freq/4, /2, ·1` gated by pulses an octave up, LFO widths, ±0.5 % pitch wobble) plus sines at `freq/4`, +3 dB at 6 kHz, +6 dB at 3.5 kHz, 3 Hz flanger; pitch bends by `-slide/4` of itself and back over the first 35 % of the note; held level `1 - decay` |
//! | supercomparator | voice 0.5, resonance 0.5, lfo 1 | variable triangle (width 0 → 1 over the note) against 16 triangles at `r^(voice/5)` Hz (r 1..35), averaged, 24 dB low-pass at `4·freq` wobbling by `lfo·freq` (sine at `freq/64` Hz and 1 Hz smooth noise), `resonance` 0..1 |
//! | superzow | slide 1, detune 1, decay 0 | variable saws at `freq`, `freq·(1 ± detune/100)`, widths opening 0 → 0.5 over `20·sustain/slide` s, the 2nd subtracted and the 3rd added while slipping a period behind over `5·` and `20·sustain/slide` s; held level `1 - decay` |
//! | superstatic | — | random clicks of random sign, `20·freq` per second, under a `sin²` swell spanning the sustain (1 s without one) |
//! | superreese | detune 0, voice 0, accelerate 0 | near-saws at `0.99 - detune/100` and `1.01 + detune/100` times `freq`, resonant low-pass at 10·freq, hard clip, resonant low-pass at 20·freq; `voice` 0..2 moves the resonance (Q 3 → 0.5 and 2 → 7); `accelerate` glides to `1 + accelerate` times over the sustain |
//! | superclap | delay 1, rate 1, pitch1 1 | noise low-passed at `7.5 kHz·pitch1` and band-passed at `1.5 kHz·pitch1`, four bursts `5·delay` ms apart each falling in `0.04/rate` s, 10 ms attack and a curved 0.6 s fall; ignores the sustain |
//!
//! Percussive synths (kick, snare, hat, gong, clap) ignore `sustain_secs` and finish at
//! -80 dB. The piano and the mandolin ring out by themselves and are damped when their
//! sustain ends (without a sustain, NaN or <= 0, they ring out fully). The other pitched
//! synths hold for `sustain_secs`, then release (supersaw 0.2 s, superpwm 0.2 s, superchip
//! 0.05 s, superfm 0.3 s, superhammond 5 ms, superreese 0.15 s, supercomparator 0.05 s,
//! supersquare, superhoover and superzow 5 % of the sustain within 0.02..0.3 s; superstatic
//! ends with its swell). Where SuperDirt scales an envelope or a line by the sustain, so do
//! these, with 1 s standing for no sustain. Output peaks stay around 0.5..1 times `gain`
//! (the library synths clamp `gain` to ±100).
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
mod library;
mod parts;
mod pitched;
mod waveforms;

pub use drums::*;
pub use kernel::*;
pub use library::*;
use parts::*;
pub use pitched::*;
pub use waveforms::*;

#[cfg(test)]
mod tests;
