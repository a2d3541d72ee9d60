//! SuperDirt-style synths `superkick supersnare superhat supersaw superpwm superchip
//! superfm`: triggered [`Voice`]s (for `s "superkick*4"`, note patterns and MIDI, through
//! [`make_voice`]) and the same sounds as continuous kernels retriggered once per cycle
//! (`superkick 50`, through [`make`]).
//!
//! Threading contract: `make`, `make_voice` and the constructors allocate and run off the
//! audio thread. Every `Voice` method and `Kernel::process` run on the audio thread and
//! never allocate, lock or panic: all state is fixed-size (at most [`MAX_SAWS`] saws).
//!
//! Parameters follow the registry (`src/lang/registry.rs`). A voice takes its frequency in
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

use super::env::VoiceEnv;
use super::kernel::{copy_state_fields, AsAny, BlockCtx, CopyState, Input, Kernel, CONTROL_RATE};
use super::noise::Rng;
use super::osc::{cycle_split, mono_out, phase_inc, pulse_sample, saw_sample, sin_turns};

/// One triggered sound. All methods are real-time safe (no allocation, no panic).
pub trait Voice: Send + crate::dsp::kernel::AsAny {
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
const SILENT: f32 = 1e-4;
/// Onset ramp of percussive voices, against clicks.
const ONSET_SECS: f32 = 0.001;
/// Default frequency of the pitched synths (SuperDirt's note 0, c5).
const DEFAULT_PITCH: f32 = 261.63;

#[inline]
fn sane_freq(freq: f32, default: f32) -> f32 {
    if freq > 0.0 && freq.is_finite() {
        freq
    } else {
        default
    }
}

#[inline]
fn finite_or(x: f32, keep: f32) -> f32 {
    if x.is_finite() {
        x
    } else {
        keep
    }
}

/// Per-sample multiplier that decays by 60 dB in `secs`.
fn t60_coef(secs: f32, sr: f32) -> f32 {
    let samples = (secs.max(1e-4) * sr).max(1.0);
    (0.001f32.ln() / samples).exp()
}

/// Per-sample multiplier of an exponential with time constant `secs`.
fn tau_coef(secs: f32, sr: f32) -> f32 {
    (-1.0 / (secs.max(1e-5) * sr)).exp()
}

/// Samples for `secs` (NaN/negative → 0, huge → saturates).
fn samples(secs: f32, sr: f32) -> u64 {
    if secs > 0.0 {
        (secs as f64 * sr as f64) as u64
    } else {
        0
    }
}

// ---------------------------------------------------------------------- shared pieces

/// Topology-preserving state-variable filter (Simper), used as a high-pass here.
#[derive(Clone, Copy, Debug, Default)]
struct Svf {
    a1: f32,
    a2: f32,
    a3: f32,
    k: f32,
    ic1: f32,
    ic2: f32,
}

impl Svf {
    fn set(&mut self, cutoff: f32, q: f32, sr: f32) {
        let fc = cutoff.clamp(10.0, 0.45 * sr);
        let g = (std::f32::consts::PI * fc / sr).tan();
        self.k = 1.0 / q;
        self.a1 = 1.0 / (1.0 + g * (g + self.k));
        self.a2 = g * self.a1;
        self.a3 = g * self.a2;
    }

    fn clear(&mut self) {
        self.ic1 = 0.0;
        self.ic2 = 0.0;
    }

    /// One sample; returns the high-pass output.
    #[inline(always)]
    fn highpass(&mut self, v0: f32) -> f32 {
        let v3 = v0 - self.ic2;
        let v1 = self.a1 * self.ic1 + self.a2 * v3;
        let v2 = self.ic2 + self.a2 * self.ic1 + self.a3 * v3;
        self.ic1 = 2.0 * v1 - self.ic1;
        self.ic2 = 2.0 * v2 - self.ic2;
        v0 - self.k * v1 - v2
    }
}

/// A held note's envelope: `VoiceEnv` plus the countdown to its gate-off.
#[derive(Clone, Copy, Debug)]
struct Held {
    env: VoiceEnv,
    hold: u64,
}

impl Held {
    fn new(sr: f32, attack: f32, decay: f32, sustain: f32, release: f32) -> Self {
        let mut env = VoiceEnv::new(sr);
        env.set(attack, decay, sustain, release);
        Held { env, hold: 0 }
    }

    fn start(&mut self, sustain_secs: f32, sr: f32) {
        self.env.kill();
        self.env.trigger();
        self.hold = samples(sustain_secs, sr);
        if self.hold == 0 {
            self.env.gate_off();
        }
    }

    #[inline(always)]
    fn next(&mut self) -> f32 {
        if self.hold > 0 {
            self.hold -= 1;
            if self.hold == 0 {
                self.env.gate_off();
            }
        }
        self.env.next()
    }

    fn release(&mut self) {
        self.hold = 0;
        self.env.gate_off();
    }
}

// ------------------------------------------------------------------------- superkick

/// `superkick`: a sine with a falling pitch and an exponential decay.
#[derive(Clone)]
pub struct Kick {
    sr: f32,
    inv_sr: f64,
    freq: f32,
    decay: f32,
    sweep: f32,
    gain: f32,
    phase: f64,
    amp: f32,
    amp_k: f32,
    /// Pitch envelope 1 → 0; frequency is `freq · (1 + (sweep - 1)·pitch)`.
    pitch: f32,
    pitch_k: f32,
    n: u32,
    onset: u32,
    active: bool,
}

impl Kick {
    pub fn new(sample_rate: f32) -> Self {
        Kick {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            freq: 55.0,
            decay: 0.4,
            sweep: 4.0,
            gain: 1.0,
            phase: 0.0,
            amp: 0.0,
            amp_k: t60_coef(0.4, sample_rate),
            pitch: 0.0,
            pitch_k: tau_coef(0.03, sample_rate),
            n: 0,
            onset: (ONSET_SECS * sample_rate) as u32,
            active: false,
        }
    }
}

impl Voice for Kick {
    super::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, _sustain_secs: f32) {
        self.freq = sane_freq(freq, 55.0);
        self.gain = finite_or(gain, 0.0);
        self.phase = 0.0;
        self.amp = 1.0;
        self.pitch = 1.0;
        self.n = 0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let (inv, freq, sweep1, gain) = (self.inv_sr, self.freq, self.sweep - 1.0, self.gain);
        let (amp_k, pitch_k, onset) = (self.amp_k, self.pitch_k, self.onset);
        let inv_onset = 1.0 / onset.max(1) as f32;
        let (mut ph, mut amp, mut pitch, mut n) = (self.phase, self.amp, self.pitch, self.n);
        for y in out.iter_mut() {
            let ramp = if n < onset { n as f32 * inv_onset } else { 1.0 };
            *y += gain * amp * ramp * sin_turns(ph as f32);
            ph += phase_inc(freq * (1.0 + sweep1 * pitch), inv);
            if ph >= 1.0 {
                ph -= 1.0;
            }
            pitch *= pitch_k;
            amp *= amp_k;
            n = n.saturating_add(1);
            if amp < SILENT {
                self.active = false;
                break;
            }
        }
        (self.phase, self.amp, self.pitch, self.n) = (ph, amp, pitch, n);
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&d) = p.first() {
            if d.is_finite() && d > 0.0 && d != self.decay {
                self.decay = d;
                self.amp_k = t60_coef(d, self.sr);
            }
        }
        if let Some(&s) = p.get(1) {
            if s.is_finite() && s >= 0.0 {
                self.sweep = s;
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        self.freq = sane_freq(freq, self.freq);
    }
}

// ------------------------------------------------------------------------ supersnare

/// `supersnare`: a short pitched sine plus high-passed noise.
#[derive(Clone)]
pub struct Snare {
    sr: f32,
    inv_sr: f64,
    rng: Rng,
    hp: Svf,
    freq: f32,
    decay: f32,
    noise: f32,
    gain: f32,
    phase: f64,
    tone_amp: f32,
    tone_k: f32,
    noise_amp: f32,
    noise_k: f32,
    pitch: f32,
    pitch_k: f32,
    n: u32,
    onset: u32,
    active: bool,
}

impl Snare {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        let mut hp = Svf::default();
        hp.set(1200.0, 0.7, sample_rate);
        let mut s = Snare {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            rng: Rng::new(seed),
            hp,
            freq: 180.0,
            decay: 0.0,
            noise: 0.6,
            gain: 1.0,
            phase: 0.0,
            tone_amp: 0.0,
            tone_k: 0.0,
            noise_amp: 0.0,
            noise_k: 0.0,
            pitch: 0.0,
            pitch_k: tau_coef(0.015, sample_rate),
            n: 0,
            onset: (ONSET_SECS * sample_rate) as u32,
            active: false,
        };
        s.set_decay(0.2);
        s
    }

    fn set_decay(&mut self, d: f32) {
        self.decay = d;
        self.tone_k = t60_coef(0.6 * d, self.sr);
        self.noise_k = t60_coef(d, self.sr);
    }
}

impl Voice for Snare {
    super::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, _sustain_secs: f32) {
        self.freq = sane_freq(freq, 180.0);
        self.gain = finite_or(gain, 0.0);
        self.phase = 0.0;
        self.tone_amp = 1.0;
        self.noise_amp = 1.0;
        self.pitch = 1.0;
        self.hp.clear();
        self.n = 0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let (inv, freq, gain, onset) = (self.inv_sr, self.freq, self.gain, self.onset);
        let inv_onset = 1.0 / onset.max(1) as f32;
        let tone_mix = 1.0 - self.noise;
        let noise_mix = self.noise;
        let (tone_k, noise_k, pitch_k) = (self.tone_k, self.noise_k, self.pitch_k);
        let mut rng = self.rng;
        let mut hp = self.hp;
        let (mut ph, mut ta, mut na, mut pitch, mut n) = (
            self.phase,
            self.tone_amp,
            self.noise_amp,
            self.pitch,
            self.n,
        );
        for y in out.iter_mut() {
            let ramp = if n < onset { n as f32 * inv_onset } else { 1.0 };
            let tone = sin_turns(ph as f32) * ta * tone_mix;
            let noise = hp.highpass(rng.bipolar()) * na * noise_mix;
            *y += gain * ramp * (tone + noise);
            ph += phase_inc(freq * (1.0 + 0.6 * pitch), inv);
            if ph >= 1.0 {
                ph -= 1.0;
            }
            pitch *= pitch_k;
            ta *= tone_k;
            na *= noise_k;
            n = n.saturating_add(1);
            if ta.max(na) < SILENT {
                self.active = false;
                break;
            }
        }
        (
            self.phase,
            self.tone_amp,
            self.noise_amp,
            self.pitch,
            self.n,
        ) = (ph, ta, na, pitch, n);
        self.rng = rng;
        self.hp = hp;
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&d) = p.first() {
            if d.is_finite() && d > 0.0 && d != self.decay {
                self.set_decay(d);
            }
        }
        if let Some(&x) = p.get(1) {
            if x.is_finite() {
                self.noise = x.clamp(0.0, 1.0);
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        self.freq = sane_freq(freq, self.freq);
    }
}

// -------------------------------------------------------------------------- superhat

/// `superhat`: white noise through two high-passes, short decay.
#[derive(Clone)]
pub struct Hat {
    sr: f32,
    rng: Rng,
    hp1: Svf,
    hp2: Svf,
    decay: f32,
    tone: f32,
    gain: f32,
    amp: f32,
    amp_k: f32,
    n: u32,
    onset: u32,
    active: bool,
}

impl Hat {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        let mut h = Hat {
            sr: sample_rate,
            rng: Rng::new(seed),
            hp1: Svf::default(),
            hp2: Svf::default(),
            decay: 0.05,
            tone: 0.0,
            gain: 1.0,
            amp: 0.0,
            amp_k: t60_coef(0.05, sample_rate),
            n: 0,
            onset: (ONSET_SECS * sample_rate) as u32,
            active: false,
        };
        h.set_tone(8000.0);
        h
    }

    fn set_tone(&mut self, tone: f32) {
        self.tone = tone;
        self.hp1.set(tone, 0.6, self.sr);
        self.hp2.set(tone, 0.9, self.sr);
    }
}

impl Voice for Hat {
    super::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, _freq: f32, gain: f32, _sustain_secs: f32) {
        self.gain = 0.8 * finite_or(gain, 0.0);
        self.amp = 1.0;
        self.hp1.clear();
        self.hp2.clear();
        self.n = 0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let (gain, amp_k, onset) = (self.gain, self.amp_k, self.onset);
        let inv_onset = 1.0 / onset.max(1) as f32;
        let (mut rng, mut hp1, mut hp2, mut amp) = (self.rng, self.hp1, self.hp2, self.amp);
        let mut n = self.n;
        for y in out.iter_mut() {
            let ramp = if n < onset { n as f32 * inv_onset } else { 1.0 };
            *y += gain * ramp * amp * hp2.highpass(hp1.highpass(rng.bipolar()));
            n = n.saturating_add(1);
            amp *= amp_k;
            if amp < SILENT {
                self.active = false;
                break;
            }
        }
        (self.rng, self.hp1, self.hp2, self.amp, self.n) = (rng, hp1, hp2, amp, n);
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&d) = p.first() {
            if d.is_finite() && d > 0.0 && d != self.decay {
                self.decay = d;
                self.amp_k = t60_coef(d, self.sr);
            }
        }
        if let Some(&t) = p.get(1) {
            if t.is_finite() && t > 0.0 && t != self.tone {
                self.set_tone(t);
            }
        }
    }
}

// -------------------------------------------------------------------------- supersaw

/// `supersaw`: detuned PolyBLEP saws.
#[derive(Clone)]
pub struct SuperSaw {
    sr: f32,
    inv_sr: f64,
    rng: Rng,
    env: Held,
    freq: f32,
    detune: f32,
    count: usize,
    gain: f32,
    phases: [f64; MAX_SAWS],
    dts: [f64; MAX_SAWS],
    active: bool,
}

impl SuperSaw {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        SuperSaw {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            rng: Rng::new(seed),
            env: Held::new(sample_rate, 0.01, 0.0, 1.0, 0.2),
            freq: DEFAULT_PITCH,
            detune: 0.2,
            count: 5,
            gain: 1.0,
            phases: [0.0; MAX_SAWS],
            dts: [0.0; MAX_SAWS],
            active: false,
        }
    }

    fn retune(&mut self) {
        let n = self.count;
        for k in 0..n {
            let spread = if n > 1 {
                2.0 * k as f32 / (n - 1) as f32 - 1.0
            } else {
                0.0
            };
            let ratio = (self.detune * spread / 12.0).exp2();
            self.dts[k] = phase_inc(self.freq * ratio, self.inv_sr);
        }
    }
}

impl Voice for SuperSaw {
    super::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.5 * finite_or(gain, 0.0) / (self.count as f32).sqrt();
        for p in self.phases.iter_mut() {
            *p = self.rng.unit() as f64;
        }
        self.retune();
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let n = self.count;
        let dts = self.dts;
        let mut phases = self.phases;
        let mut env = self.env;
        let gain = self.gain;
        for y in out.iter_mut() {
            let mut sum = 0.0f64;
            for k in 0..n {
                let (p, dt) = (phases[k], dts[k]);
                if dt > 0.0 {
                    sum += saw_sample(p, dt);
                }
                let mut p = p + dt;
                if p >= 1.0 {
                    p -= 1.0;
                }
                phases[k] = p;
            }
            *y += gain * env.next() * sum as f32;
            if env.env.is_done() {
                self.active = false;
                break;
            }
        }
        self.phases = phases;
        self.env = env;
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        let mut changed = false;
        if let Some(&d) = p.first() {
            if d.is_finite() && d != self.detune {
                self.detune = d.clamp(-24.0, 24.0);
                changed = true;
            }
        }
        if let Some(&v) = p.get(1) {
            if v.is_finite() {
                let count = (v.round() as usize).clamp(1, MAX_SAWS);
                if count != self.count {
                    // Keep the loudness when the count changes mid-note.
                    self.gain *= (self.count as f32 / count as f32).sqrt();
                    self.count = count;
                    changed = true;
                }
            }
        }
        if changed {
            self.retune();
        }
    }

    fn set_freq(&mut self, freq: f32) {
        let f = sane_freq(freq, self.freq);
        if f != self.freq {
            self.freq = f;
            self.retune();
        }
    }

    fn release(&mut self) {
        self.env.release();
    }
}

// -------------------------------------------------------------------------- superpwm

/// `superpwm`: a pulse whose width a sine LFO sweeps.
#[derive(Clone)]
pub struct SuperPwm {
    sr: f32,
    inv_sr: f64,
    env: Held,
    freq: f32,
    width: f32,
    rate: f32,
    gain: f32,
    phase: f64,
    lfo: f64,
    active: bool,
}

/// LFO depth of `superpwm` (width units).
const PWM_DEPTH: f32 = 0.35;

impl SuperPwm {
    pub fn new(sample_rate: f32) -> Self {
        SuperPwm {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.01, 0.0, 1.0, 0.2),
            freq: DEFAULT_PITCH,
            width: 0.5,
            rate: 0.5,
            gain: 1.0,
            phase: 0.0,
            lfo: 0.0,
            active: false,
        }
    }
}

impl Voice for SuperPwm {
    super::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.5 * finite_or(gain, 0.0);
        self.phase = 0.0;
        self.lfo = 0.0;
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let dt = phase_inc(self.freq, self.inv_sr);
        let dl = phase_inc(self.rate, self.inv_sr);
        let (width, gain) = (self.width, self.gain);
        let (mut ph, mut lfo, mut env) = (self.phase, self.lfo, self.env);
        for y in out.iter_mut() {
            let w = (width + PWM_DEPTH * sin_turns(lfo as f32)).clamp(0.02, 0.98);
            let v = if dt > 0.0 {
                pulse_sample(ph, w as f64, dt) as f32 - (2.0 * w - 1.0)
            } else {
                0.0
            };
            *y += gain * env.next() * v;
            ph += dt;
            if ph >= 1.0 {
                ph -= 1.0;
            }
            lfo += dl;
            if lfo >= 1.0 {
                lfo -= 1.0;
            }
            if env.env.is_done() {
                self.active = false;
                break;
            }
        }
        (self.phase, self.lfo, self.env) = (ph, lfo, env);
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&w) = p.first() {
            if w.is_finite() {
                self.width = w.clamp(0.0, 1.0);
            }
        }
        if let Some(&r) = p.get(1) {
            if r.is_finite() {
                self.rate = r.max(0.0);
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        self.freq = sane_freq(freq, self.freq);
    }

    fn release(&mut self) {
        self.env.release();
    }
}

// ------------------------------------------------------------------------- superchip

/// `superchip`: a band-limited square with an optional pitch glide.
#[derive(Clone)]
pub struct SuperChip {
    sr: f32,
    inv_sr: f64,
    env: Held,
    freq: f32,
    slide: f32,
    gain: f32,
    phase: f64,
    /// Pitch multiplier, times `glide_k` per sample for `glide_left` samples.
    mult: f64,
    glide_k: f64,
    glide_left: u64,
    active: bool,
}

/// Glide time of `superchip` when the note has no sustain.
const CHIP_DEFAULT_GLIDE: f32 = 0.2;

impl SuperChip {
    pub fn new(sample_rate: f32) -> Self {
        SuperChip {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.002, 0.0, 1.0, 0.05),
            freq: DEFAULT_PITCH,
            slide: 0.0,
            gain: 1.0,
            phase: 0.0,
            mult: 1.0,
            glide_k: 1.0,
            glide_left: 0,
            active: false,
        }
    }
}

impl Voice for SuperChip {
    super::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.35 * finite_or(gain, 0.0);
        self.phase = 0.0;
        self.mult = 1.0;
        let glide_secs = if sustain_secs > 0.0 && sustain_secs.is_finite() {
            sustain_secs
        } else {
            CHIP_DEFAULT_GLIDE
        };
        self.glide_left = samples(glide_secs, self.sr).max(1);
        self.glide_k = (self.slide as f64 / 12.0 / self.glide_left as f64).exp2();
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let base = self.freq as f64 * self.inv_sr;
        let (gain, glide_k) = (self.gain, self.glide_k);
        let (mut ph, mut mult, mut left, mut env) =
            (self.phase, self.mult, self.glide_left, self.env);
        for y in out.iter_mut() {
            let dt = (base * mult).min(0.5);
            let v = if dt > 0.0 {
                pulse_sample(ph, 0.5, dt) as f32
            } else {
                0.0
            };
            *y += gain * env.next() * v;
            ph += dt;
            if ph >= 1.0 {
                ph -= 1.0;
            }
            if left > 0 {
                left -= 1;
                mult *= glide_k;
            }
            if env.env.is_done() {
                self.active = false;
                break;
            }
        }
        (self.phase, self.mult, self.glide_left, self.env) = (ph, mult, left, env);
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&s) = p.first() {
            if s.is_finite() {
                self.slide = s.clamp(-96.0, 96.0);
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        self.freq = sane_freq(freq, self.freq);
    }

    fn release(&mut self) {
        self.env.release();
    }
}

// ---------------------------------------------------------------------------- superfm

/// `superfm`: two-operator phase modulation with a falling index.
#[derive(Clone)]
pub struct SuperFm {
    sr: f32,
    inv_sr: f64,
    env: Held,
    freq: f32,
    ratio: f32,
    index: f32,
    gain: f32,
    carrier: f64,
    modulator: f64,
    /// Extra index that decays from 1 to 0 (index goes from `index` to `index/2`).
    bright: f32,
    bright_k: f32,
    active: bool,
}

impl SuperFm {
    pub fn new(sample_rate: f32) -> Self {
        SuperFm {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.005, 0.3, 0.7, 0.3),
            freq: DEFAULT_PITCH,
            ratio: 2.0,
            index: 1.0,
            gain: 1.0,
            carrier: 0.0,
            modulator: 0.0,
            bright: 0.0,
            bright_k: tau_coef(0.15, sample_rate),
            active: false,
        }
    }
}

impl Voice for SuperFm {
    super::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.5 * finite_or(gain, 0.0);
        self.carrier = 0.0;
        self.modulator = 0.0;
        self.bright = 1.0;
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        const INV_TAU: f32 = 1.0 / std::f32::consts::TAU;
        let dc = phase_inc(self.freq, self.inv_sr);
        let dm = phase_inc(self.freq * self.ratio, self.inv_sr);
        let (gain, index, bright_k) = (self.gain, self.index * INV_TAU, self.bright_k);
        let (mut pc, mut pm, mut bright, mut env) =
            (self.carrier, self.modulator, self.bright, self.env);
        for y in out.iter_mut() {
            let ix = index * (0.5 + 0.5 * bright);
            let v = sin_turns(pc as f32 + ix * sin_turns(pm as f32));
            *y += gain * env.next() * v;
            pc += dc;
            if pc >= 1.0 {
                pc -= 1.0;
            }
            pm += dm;
            if pm >= 1.0 {
                pm -= 1.0;
            }
            bright *= bright_k;
            if env.env.is_done() {
                self.active = false;
                break;
            }
        }
        (self.carrier, self.modulator, self.bright, self.env) = (pc, pm, bright, env);
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&r) = p.first() {
            if r.is_finite() {
                self.ratio = r.max(0.0);
            }
        }
        if let Some(&i) = p.get(1) {
            if i.is_finite() {
                self.index = i.clamp(-100.0, 100.0);
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        self.freq = sane_freq(freq, self.freq);
    }

    fn release(&mut self) {
        self.env.release();
    }
}

// --------------------------------------------------------------------- construction

/// A usable sample rate for a voice (48 kHz for garbage).
pub fn sane_rate(sample_rate: f32) -> f32 {
    if sample_rate > 0.0 && sample_rate.is_finite() {
        sample_rate
    } else {
        48_000.0
    }
}

/// A synth played as a continuous source: a new note at every cycle start.
pub struct SynthKernel {
    voices: [Box<dyn Voice>; 2],
    active: [bool; 2],
    /// The voice that holds the newest note.
    current: usize,
    params: usize,
    has_freq: bool,
    /// Whole cycle of the last note (NaN before the first).
    last_cycle: f64,
}

/// A voice copies the state of a voice of the same synth.
impl CopyState for Box<dyn Voice> {
    fn same_shape(&self, other: &Self) -> bool {
        AsAny::as_any(&**self).type_id() == AsAny::as_any(&**other).type_id()
    }
    fn copy_state(&mut self, from: &Self) {
        self.copy_state_from(&**from);
    }
}

copy_state_fields!(SynthKernel; voices, active, current, params, has_freq, last_cycle);

impl SynthKernel {
    /// A synth played by two alternating voices built by `voice`, with `params` inputs
    /// of which the first is the frequency when `has_freq`.
    pub fn new(
        voice: fn(f32, u64) -> Box<dyn Voice>,
        sample_rate: f32,
        seed: u64,
        params: usize,
        has_freq: bool,
    ) -> Self {
        SynthKernel {
            voices: [
                voice(sample_rate, seed),
                voice(sample_rate, seed ^ 0x5851_F42D_4C95_7F2D),
            ],
            active: [false; 2],
            current: 1,
            params: params.min(4),
            has_freq,
            last_cycle: f64::NAN,
        }
    }

    /// The inputs' values at sample `i`: (freq, the other parameters).
    fn values(&self, inputs: &[Input], i: usize) -> (f32, [f32; 3]) {
        let mut all = [0.0f32; 4];
        for (k, v) in all.iter_mut().enumerate().take(self.params) {
            *v = inputs[k].left[i];
        }
        if self.has_freq {
            (all[0], [all[1], all[2], all[3]])
        } else {
            (0.0, [all[0], all[1], all[2]])
        }
    }
}

impl Kernel for SynthKernel {
    super::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        o.fill(0.0);
        let n = o.len();
        if inputs.len() < self.params || inputs[..self.params].iter().any(|x| x.left.len() < n) {
            return;
        }
        let cps = ctx.cycles_per_sample * ctx.sample_rate as f64;
        let note_secs = if cps > 0.0 {
            (1.0 / cps) as f32
        } else {
            f32::INFINITY
        };
        let rest = self.params - self.has_freq as usize;
        let mut i = 0;
        while i < n {
            let abs = ctx.start_sample + i as u64;
            let whole = cycle_split(ctx.cycle_at(i)).0;
            if whole != self.last_cycle {
                self.last_cycle = whole;
                let (freq, p) = self.values(inputs, i);
                self.current ^= 1;
                let v = &mut self.voices[self.current];
                v.set_params(&p[..rest]);
                v.start(freq, 1.0, note_secs);
                self.active[self.current] = true;
            } else if abs.is_multiple_of(CONTROL_RATE) {
                let (freq, p) = self.values(inputs, i);
                let v = &mut self.voices[self.current];
                v.set_params(&p[..rest]);
                if self.has_freq {
                    v.set_freq(freq);
                }
            }
            // Render up to the next control point, block end or cycle start.
            let mut end = (i + (CONTROL_RATE - abs % CONTROL_RATE) as usize).min(n);
            if cycle_split(ctx.cycle_at(end - 1)).0 != whole {
                end = (i + 1..end)
                    .find(|&j| cycle_split(ctx.cycle_at(j)).0 != whole)
                    .unwrap_or(end);
            }
            for k in 0..2 {
                if self.active[k] {
                    self.active[k] = self.voices[k].render_add(&mut o[i..end]);
                }
            }
            i = end;
        }
    }

    fn reset(&mut self) {
        self.active = [false; 2];
        self.last_cycle = f64::NAN;
    }
}

#[cfg(test)]
mod tests {
    use super::super::osc::test_support::*;
    use super::*;

    const SR: f32 = 48_000.0;
    const NAMES: [&str; 7] = [
        "superkick",
        "supersnare",
        "superhat",
        "supersaw",
        "superpwm",
        "superchip",
        "superfm",
    ];

    /// Plays one note in blocks of 64 until the voice says it is done (at most `max` s);
    /// returns the samples and whether it finished.
    fn play(v: &mut dyn Voice, freq: f32, sustain: f32, max: f32) -> (Vec<f32>, bool) {
        v.start(freq, 1.0, sustain);
        let mut out = Vec::new();
        let mut block = [0.0f32; 64];
        while out.len() < (max * SR) as usize {
            block.fill(0.0);
            let more = v.render_add(&mut block);
            out.extend_from_slice(&block);
            if !more {
                return (out, true);
            }
        }
        (out, false)
    }

    fn voice(name: &str) -> Box<dyn Voice> {
        make_voice(name, SR, 1).unwrap()
    }

    /// Frequency from the mean period between upward zero crossings in `x`.
    fn crossing_pitch(x: &[f32]) -> f64 {
        let ups: Vec<f64> = x
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[0] < 0.0 && w[1] >= 0.0)
            .map(|(i, w)| i as f64 + w[0] as f64 / (w[0] - w[1]) as f64)
            .collect();
        assert!(ups.len() >= 2, "no pitch");
        SR as f64 * (ups.len() - 1) as f64 / (ups[ups.len() - 1] - ups[0])
    }

    fn psd_peak(x: &[f32], lo: f64, hi: f64) -> f64 {
        let size = 8192;
        let p = psd(x, size);
        let bin = SR as f64 / size as f64;
        let (a, b) = ((lo / bin) as usize, (hi / bin) as usize);
        let k = (a..b).max_by(|&i, &j| p[i].total_cmp(&p[j])).unwrap();
        k as f64 * bin
    }

    #[test]
    fn every_voice_sounds_and_ends() {
        // (name, sustain, latest end in s)
        let cases = [
            ("superkick", 0.0, 0.6),
            ("supersnare", 0.0, 0.3),
            ("superhat", 0.0, 0.08),
            ("supersaw", 0.3, 0.55),
            ("superpwm", 0.3, 0.55),
            ("superchip", 0.3, 0.4),
            ("superfm", 0.3, 0.65),
        ];
        for (name, sustain, limit) in cases {
            let mut v = voice(name);
            let (y, done) = play(&mut *v, 0.0, sustain, 5.0);
            let secs = y.len() as f32 / SR;
            assert!(done && secs <= limit, "{name} lasted {secs} s");
            assert!(y.iter().all(|v| v.is_finite()), "{name}");
            let pk = peak(&y);
            assert!(pk > 0.2 && pk < 1.5, "{name} peak {pk}");
            // No click at the onset.
            assert!(y[0].abs() < 0.05, "{name} starts at {}", y[0]);
            // Done means silent: nothing more is added.
            let mut block = [0.0f32; 64];
            assert!(!v.render_add(&mut block) && block.iter().all(|&s| s == 0.0));
            // Held voices sound through their sustain.
            if sustain > 0.0 {
                let at = (0.25 * SR) as usize;
                assert!(rms(&y[at..at + 480]) > 0.05, "{name} quiet while held");
            }
            eprintln!("{name}: {secs:.3} s, peak {pk:.2}, rms {:.3}", rms(&y));
        }
    }

    #[test]
    fn kick_pitch_falls_to_its_frequency() {
        let mut v = voice("superkick");
        let (y, _) = play(&mut *v, 55.0, 0.0, 1.0);
        let early = crossing_pitch(&y[..(0.02 * SR) as usize]);
        let late = crossing_pitch(&y[(0.2 * SR) as usize..(0.45 * SR) as usize]);
        eprintln!("kick: {early:.0} Hz in the first 20 ms, {late:.1} Hz after 200 ms");
        assert!(early > 130.0 && early < 220.0, "early {early}");
        assert!((late - 55.0).abs() < 2.5, "late {late}");
        // Decay 0.4: -60 dB at 0.4 s.
        let env_at = |t: f32| peak(&y[(t * SR) as usize..((t + 0.02) * SR) as usize]);
        let drop = 20.0 * (env_at(0.4) / env_at(0.0)).log10();
        assert!((drop + 60.0).abs() < 4.0, "drop {drop} dB");
        // Params: a shorter decay ends sooner.
        v.set_params(&[0.1, 4.0]);
        let (short, done) = play(&mut *v, 55.0, 0.0, 1.0);
        assert!(done && short.len() < (0.15 * SR) as usize);
    }

    #[test]
    fn snare_is_tone_plus_noise_and_hat_is_bright() {
        let mut s = voice("supersnare");
        let (y, _) = play(&mut *s, 180.0, 0.0, 1.0);
        let p = psd(&y, 1024);
        let body = band_density(&p, 1024, SR as f64, 100.0, 400.0);
        let air = band_density(&p, 1024, SR as f64, 2000.0, 10000.0);
        assert!(body > 0.0 && air > 0.0);
        let p_total: f64 = p.iter().sum();
        let hi_share = p[(2000.0 / 46.875) as usize..].iter().sum::<f64>() / p_total;
        assert!(
            hi_share > 0.3 && hi_share < 0.95,
            "snare noise share {hi_share}"
        );
        // noise 0: pure tone, nothing above 2 kHz.
        s.set_params(&[0.2, 0.0]);
        let (t, _) = play(&mut *s, 180.0, 0.0, 1.0);
        let p = psd(&t, 1024);
        let hi = p[(2000.0 / 46.875) as usize..].iter().sum::<f64>() / p.iter().sum::<f64>();
        assert!(hi < 0.01, "tone-only snare has {hi} above 2 kHz");

        let mut h = voice("superhat");
        let (y, _) = play(&mut *h, 0.0, 0.0, 1.0);
        let p = psd(&y, 256);
        let share = |f: f64| p[(f / 187.5) as usize..].iter().sum::<f64>() / p.iter().sum::<f64>();
        eprintln!("hat: {:.2} of the power above 5 kHz", share(5000.0));
        assert!(share(5000.0) > 0.8);
        h.set_params(&[0.05, 2000.0]);
        let (y2, _) = play(&mut *h, 0.0, 0.0, 1.0);
        let p2 = psd(&y2, 256);
        let share2 = p2[(5000.0 / 187.5) as usize..].iter().sum::<f64>() / p2.iter().sum::<f64>();
        assert!(share2 < share(5000.0), "a lower tone is darker");
    }

    #[test]
    fn pitched_voices_play_their_note() {
        for name in ["supersaw", "superpwm", "superchip", "superfm"] {
            let mut v = voice(name);
            if name == "superfm" {
                v.set_params(&[1.0, 1.0]); // harmonic ratio: fundamental is freq
            }
            let (y, _) = play(&mut *v, 220.0, 1.0, 2.0);
            let f = psd_peak(&y[..(0.9 * SR) as usize], 50.0, 2000.0);
            eprintln!("{name}: spectral peak {f:.1} Hz");
            assert!((f - 220.0).abs() < 6.0, "{name} peak at {f}");
        }
    }

    #[test]
    fn pwm_sweeps_width_and_chip_slides() {
        // width 0.5 + 0.35·sin(2π·0.5·t): at t≈0 width 0.5 (no 2nd harmonic), at 0.5 s 0.85.
        let mut v = voice("superpwm");
        let (y, _) = play(&mut *v, 200.0, 1.0, 2.0);
        let win = |t: f32| &y[(t * SR) as usize..(t * SR) as usize + 480];
        let h2_start = tone_amp(win(0.0), 400.0, SR as f64);
        let h2_mid = tone_amp(win(0.495), 400.0, SR as f64);
        assert!(
            h2_mid > 5.0 * h2_start,
            "2nd harmonic {h2_start} → {h2_mid}"
        );
        let mean = y.iter().map(|&s| s as f64).sum::<f64>() / y.len() as f64;
        assert!(mean.abs() < 0.01, "pwm DC {mean}");

        let mut c = voice("superchip");
        c.set_params(&[12.0]);
        let (y, _) = play(&mut *c, 200.0, 0.5, 1.0);
        let early = crossing_pitch(&y[..2400]);
        let late = crossing_pitch(&y[(0.5 * SR) as usize..(0.5 * SR) as usize + 2400]);
        assert!(
            (early - 200.0).abs() < 10.0 && (late - 400.0).abs() < 10.0,
            "{early} → {late}"
        );
    }

    #[test]
    fn fm_index_makes_sidebands() {
        let mut v = voice("superfm");
        v.set_params(&[1.5, 0.0]);
        let (plain, _) = play(&mut *v, 400.0, 0.5, 1.0);
        v.set_params(&[1.5, 3.0]);
        let (rich, _) = play(&mut *v, 400.0, 0.5, 1.0);
        // Sidebands at 400 ± 600: 1000 Hz and |−200| = 200 Hz.
        let w = |x: &[f32], f| tone_amp(&x[4800..14400], f, SR as f64);
        assert!(w(&plain, 1000.0) < 1e-3);
        assert!(w(&rich, 1000.0) > 0.05, "sideband {}", w(&rich, 1000.0));
    }

    #[test]
    fn kernels_retrigger_every_cycle_block_independently() {
        let s = setup(SR);
        let n = (2.0 * SR) as usize;
        let freq: Vec<f32> = (0..n)
            .map(|i| 50.0 + 100.0 * (i as f32 / n as f32))
            .collect();
        for name in NAMES {
            let spec = crate::registry::lookup(name).unwrap();
            let (params, has_freq) = (spec.params.len(), spec.params[0].name == "freq");
            let mut inputs: Vec<Vec<f32>> = Vec::new();
            for k in 0..params {
                inputs.push(if k == 0 && has_freq {
                    freq.clone()
                } else {
                    vec![f32::NAN; n] // NaN params keep the defaults
                });
            }
            let mut k = make(name, &s).unwrap();
            let big = render_with(&mut *k, SR, 2.0, &inputs, n, n);
            for block in [1, 17, 64] {
                let mut k = make(name, &s).unwrap();
                let small = render_with(&mut *k, SR, 2.0, &inputs, n, block);
                assert!(big == small, "{name} block {block}");
            }
            // cps 2: notes at 0, 0.5, 1, 1.5 s: each quarter starts loud.
            for q in 0..4 {
                let at = q * n / 4;
                let head = rms(&big[at..at + 480]);
                assert!(
                    head > 0.05,
                    "{name}: no note at {} s ({head})",
                    at as f32 / SR
                );
            }
            assert!(big.iter().all(|v| v.is_finite()));
        }
        // The kick's pitch follows the freq input from note to note.
        let mut k = make("superkick", &s).unwrap();
        let mut f = vec![50.0f32; n];
        f[n / 2..].fill(100.0);
        let inputs = vec![f, vec![0.4; n], vec![4.0; n]];
        let y = render_with(&mut *k, SR, 1.0, &inputs, n, 256);
        let a = crossing_pitch(&y[(0.25 * SR) as usize..(0.45 * SR) as usize]);
        let b = crossing_pitch(&y[(1.25 * SR) as usize..(1.45 * SR) as usize]);
        assert!((a - 50.0).abs() < 3.0 && (b - 100.0).abs() < 4.0, "{a} {b}");
    }
}
