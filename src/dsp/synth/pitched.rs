//! Pitched synths: `supersaw`, `superpwm`, `superchip`, `superfm`.

use super::*;

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
    crate::dsp::kernel::copy_state_by_value!(Voice);

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
pub(crate) const PWM_DEPTH: f32 = 0.35;

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
    crate::dsp::kernel::copy_state_by_value!(Voice);

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
pub(crate) const CHIP_DEFAULT_GLIDE: f32 = 0.2;

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
    crate::dsp::kernel::copy_state_by_value!(Voice);

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
    crate::dsp::kernel::copy_state_by_value!(Voice);

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
