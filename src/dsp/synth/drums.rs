//! Percussive synths: `superkick`, `supersnare`, `superhat`.

use super::*;

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
    crate::dsp::kernel::copy_state_by_value!(Voice);

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
        hp.set(voice_cutoff(1200.0, sample_rate), 0.7, sample_rate);
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
    crate::dsp::kernel::copy_state_by_value!(Voice);

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
        self.hp1.set(voice_cutoff(tone, self.sr), 0.6, self.sr);
        self.hp2.set(voice_cutoff(tone, self.sr), 0.9, self.sr);
    }
}

impl Voice for Hat {
    crate::dsp::kernel::copy_state_by_value!(Voice);

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
