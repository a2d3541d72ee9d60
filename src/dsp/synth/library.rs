//! SuperDirt's library synths: `superpiano supersquare supermandolin supergong
//! superhammond superhoover supercomparator superzow superstatic superreese superclap`.
//!
//! Each follows the signal flow of the SuperDirt synth of the same name, rebuilt from
//! Phonon's parts (PolyBLEP/BLAMP oscillators, TPT filters, fixed delay lines). Where the
//! original scales its envelope by `sustain`, these hold for the note's sustain and then
//! release; the piano and the mandolin ring out by themselves and are damped when the note
//! ends; the gong and the clap ignore the sustain.

use super::*;

/// Steps between recomputed filter cutoffs and LFO values (counted by each voice's own
/// sample counter, so the output does not depend on the block size).
const CTRL: u32 = 16;
/// Largest gain a voice applies (a finite but huge gain would overflow to infinity).
const MAX_GAIN: f32 = 100.0;

#[inline]
fn sane_gain(gain: f32) -> f32 {
    finite_or(gain, 0.0).clamp(-MAX_GAIN, MAX_GAIN)
}

/// The time scale of a note: its sustain, or 1 s (SuperDirt's default) when it has none.
#[inline]
fn note_secs(sustain: f32) -> f32 {
    if sustain > 0.0 && sustain.is_finite() {
        sustain.clamp(0.01, 3600.0)
    } else {
        1.0
    }
}

/// `x`, or 0 once it has decayed below 1e-20 (before it turns denormal and slow).
#[inline(always)]
fn flush(x: f32) -> f32 {
    if x.abs() < 1e-20 {
        0.0
    } else {
        x
    }
}

/// `p` wrapped to 0..1 (also for negative steps).
#[inline(always)]
fn wrap(p: f64) -> f64 {
    p - p.floor()
}

/// Advances a phase in turns by `dt` (0..=0.5 or small negative), kept in 0..1.
#[inline(always)]
fn advance(p: &mut f64, dt: f64) {
    let q = *p + dt;
    *p = if (0.0..1.0).contains(&q) { q } else { wrap(q) };
}

/// A variable-width triangle (SuperCollider's `VarSaw`): rises from -1 to +1 over the
/// first `w` of the period, falls back over the rest; band-limited with PolyBLAMP, and a
/// PolyBLEP saw when one of the slopes is shorter than two samples.
#[inline(always)]
pub(crate) fn varsaw_sample(t: f64, w: f64, dt: f64) -> f64 {
    if dt <= 0.0 {
        return 0.0;
    }
    let edge = (2.0 * dt).min(0.5);
    if w <= edge {
        return -saw_sample(t, dt);
    }
    if w >= 1.0 - edge {
        return saw_sample(t, dt);
    }
    let naive = if t < w {
        -1.0 + 2.0 * t / w
    } else {
        1.0 - 2.0 * (t - w) / (1.0 - w)
    };
    let mut t2 = t - w;
    if t2 < 0.0 {
        t2 += 1.0;
    }
    // The slope changes by (2/w + 2/(1-w))·dt per sample at the corners.
    let half = (1.0 / w + 1.0 / (1.0 - w)) * dt;
    naive + half * (crate::dsp::osc::poly_blamp(t, dt) - crate::dsp::osc::poly_blamp(t2, dt))
}

/// A linear ramp from `from` to `to` over a number of samples, then constant.
#[derive(Clone, Copy, Debug)]
struct Line {
    value: f32,
    step: f32,
    left: u64,
    to: f32,
}

impl Line {
    fn new(value: f32) -> Self {
        Line {
            value,
            step: 0.0,
            left: 0,
            to: value,
        }
    }

    /// From `from` to `to` in `secs` (infinite, NaN or <= 0 → stays at `from`).
    fn start(&mut self, from: f32, to: f32, secs: f32, sr: f32) {
        self.value = from;
        self.to = to;
        self.left = if secs.is_finite() {
            samples(secs, sr).max(1)
        } else {
            0
        };
        self.step = if self.left > 0 {
            (to - from) / self.left as f32
        } else {
            0.0
        };
    }

    #[inline(always)]
    fn next(&mut self) -> f32 {
        let v = self.value;
        if self.left > 0 {
            self.left -= 1;
            self.value = if self.left == 0 {
                self.to
            } else {
                v + self.step
            };
        }
        v
    }
}

/// A one-pole DC blocker (-3 dB at about 10 Hz).
#[derive(Clone, Copy, Debug)]
struct DcBlock {
    x1: f32,
    y1: f32,
    r: f32,
}

impl DcBlock {
    fn new(sr: f32) -> Self {
        DcBlock {
            x1: 0.0,
            y1: 0.0,
            r: 1.0 - std::f32::consts::TAU * 10.0 / sr,
        }
    }

    fn clear(&mut self) {
        self.x1 = 0.0;
        self.y1 = 0.0;
    }

    #[inline(always)]
    fn tick(&mut self, x: f32) -> f32 {
        let y = x - self.x1 + self.r * self.y1;
        self.x1 = x;
        self.y1 = y;
        y
    }
}

/// A linear onset ramp of `ONSET_SECS`, against clicks: the gain for sample `n`.
#[inline(always)]
fn onset_ramp(n: u32, onset: u32) -> f32 {
    if n < onset {
        n as f32 / onset as f32
    } else {
        1.0
    }
}

fn onset_samples(sr: f32) -> u32 {
    ((ONSET_SECS * sr) as u32).max(1)
}

/// A held note's envelope shaped like SuperDirt's `Env.pairs` synths: attack, a decay to
/// `1 - decay` and a release, each a share of the note's time scale within limits.
fn shape(env: &mut Held, sustain: f32, attack: f32, decay_to: f32, release: f32, sr: f32) {
    let s = note_secs(sustain);
    env.env.set(
        (attack * s).clamp(0.003, 0.01),
        (0.15 * s).clamp(0.01, 1.0),
        (1.0 - decay_to).clamp(0.0, 1.0),
        (release * s).clamp(0.02, 0.3),
    );
    env.start(sustain, sr);
}

// ------------------------------------------------------------------------ superpiano

/// Partials of a `superpiano` note.
pub const PIANO_PARTIALS: usize = 16;
/// Sines of a `superpiano` note: two strings per partial.
const PIANO_SINES: usize = 2 * PIANO_PARTIALS;

/// A bank of sines as rotating phasors (`re + i·im`, turned by `rot` each sample), each
/// with a level decaying by its own factor: cheaper than a sine per sample each, and exact
/// to ~1e-10 over minutes in f64.
#[derive(Clone, Copy)]
struct SineBank<const N: usize> {
    re: [f64; N],
    im: [f64; N],
    rot: [(f64, f64); N],
    amps: [f64; N],
    ks: [f64; N],
}

impl<const N: usize> SineBank<N> {
    fn new() -> Self {
        SineBank {
            re: [1.0; N],
            im: [0.0; N],
            rot: [(1.0, 0.0); N],
            amps: [0.0; N],
            ks: [1.0; N],
        }
    }

    /// Sine `k` at `dt` turns per sample (its phase carries on).
    fn tune(&mut self, k: usize, dt: f64) {
        let w = std::f64::consts::TAU * dt;
        self.rot[k] = (w.cos(), w.sin());
    }

    /// All sines back to phase 0.
    fn restart(&mut self) {
        self.re = [1.0; N];
        self.im = [0.0; N];
    }

    /// The sum of the first `n` levels.
    fn level(&self, n: usize) -> f64 {
        self.amps[..n].iter().sum()
    }

    /// The next sample of the first `n` sines.
    #[inline(always)]
    fn next(&mut self, n: usize) -> f64 {
        let mut s = 0.0;
        let sines = self.re[..n]
            .iter_mut()
            .zip(&mut self.im[..n])
            .zip(&self.rot[..n])
            .zip(&mut self.amps[..n])
            .zip(&self.ks[..n]);
        for ((((re, im), &(c, sn)), a), &k) in sines {
            s += *a * *im;
            let r = *re * c - *im * sn;
            *im = *re * sn + *im * c;
            *re = r;
            // (flushed before it turns denormal and slow)
            *a = if *a > 1e-30 { *a * k } else { 0.0 };
        }
        s
    }
}

/// `superpiano`: struck strings as additive partials. Two strings per partial, slightly
/// detuned, with stretched (inharmonic) partials; the hammer's velocity sets loudness and
/// brightness, `muffle` rolls off the top; every partial decays by itself (higher ones
/// faster, high notes faster) and the damper stops the note when it ends.
#[derive(Clone)]
pub struct SuperPiano {
    sr: f32,
    inv_sr: f64,
    rng: Rng,
    freq: f32,
    velocity: f32,
    detune: f32,
    muffle: f32,
    gain: f32,
    /// Sounding sines (2 per partial below 0.45·fs).
    count: usize,
    sines: SineBank<PIANO_SINES>,
    /// Hammer noise: level, decay and a one-pole low-pass.
    thump: f32,
    thump_k: f32,
    thump_a: f32,
    thump_lp: f32,
    damp: f32,
    damp_k: f32,
    hold: u64,
    damping: bool,
    n: u32,
    onset: u32,
    active: bool,
}

impl SuperPiano {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        SuperPiano {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            rng: Rng::new(seed),
            freq: DEFAULT_PITCH,
            velocity: 1.0,
            detune: 0.1,
            muffle: 1.0,
            gain: 1.0,
            count: 0,
            sines: SineBank::new(),
            thump: 0.0,
            thump_k: tau_coef(0.004, sample_rate),
            thump_a: 0.0,
            thump_lp: 0.0,
            damp: 1.0,
            damp_k: t60_coef(0.35, sample_rate),
            hold: 0,
            damping: false,
            n: 0,
            onset: onset_samples(sample_rate),
            active: false,
        }
    }

    /// Partial frequencies: stretched by the inharmonicity `0.004·detune`, the two strings
    /// `±10·detune` cents apart; partials above 0.45·fs are left out. Returns the number
    /// of sines that fit.
    fn tune(&mut self) -> usize {
        let b = 0.004 * self.detune as f64;
        let f = self.freq as f64;
        let spread = (10.0 * self.detune as f64 / 1200.0).exp2();
        let nyq = 0.45 * self.sr as f64;
        let mut count = 0;
        for k in 0..PIANO_PARTIALS {
            let n = (k + 1) as f64;
            let fk = n * f * ((1.0 + b * n * n) / (1.0 + b)).sqrt();
            if fk * spread >= nyq {
                break;
            }
            self.sines.tune(2 * k, fk * spread * self.inv_sr);
            self.sines.tune(2 * k + 1, fk / spread * self.inv_sr);
            count = 2 * k + 2;
        }
        // A note too high for even its fundamental plays that alone, at Nyquist's edge.
        if count == 0 {
            let d = (f.min(nyq) * self.inv_sr).min(0.45);
            self.sines.tune(0, d);
            self.sines.tune(1, d);
            count = 2;
        }
        count
    }

    /// The strike: partial levels from velocity (brightness and loudness), the hammer
    /// position (every 8th partial missing) and the muffle; decay times from the pitch.
    fn strike(&mut self) {
        let v = self.velocity.clamp(0.0, 2.0);
        let tilt = 1.9 - 0.7 * v;
        let muffle_hz = 20_000.0 * 0.15f32.powf(self.muffle.clamp(0.0, 2.0));
        let t1 = (6.0 * (DEFAULT_PITCH / self.freq).powf(0.6)).clamp(0.4, 12.0);
        let mut raw = [0.0f32; PIANO_PARTIALS];
        for (k, r) in raw.iter_mut().enumerate().take(self.count / 2) {
            let n = (k + 1) as f32;
            let hammer = (std::f32::consts::PI * n / 8.0).sin().abs();
            *r = hammer / n.powf(tilt);
        }
        // Loudness grows with velocity; each string carries its partial's level.
        let level = 0.4 * v.powf(0.8) / raw.iter().sum::<f32>().max(1e-6);
        for (k, &a) in raw.iter().enumerate() {
            let n = (k + 1) as f32;
            let fk = n * self.freq / muffle_hz;
            let amp = (level * a / (1.0 + fk * fk * fk * fk).sqrt()) as f64;
            let decay = t60_coef(t1 / (1.0 + 0.35 * (n - 1.0)), self.sr) as f64;
            for j in [2 * k, 2 * k + 1] {
                self.sines.amps[j] = amp;
                self.sines.ks[j] = decay;
            }
        }
        self.thump = 0.1 * v.powf(0.8);
        let cutoff = (self.freq * (1.0 + 2.0 * v)).clamp(100.0, 0.4 * self.sr);
        self.thump_a = 1.0 - (-std::f32::consts::TAU * cutoff / self.sr).exp();
    }
}

impl Voice for SuperPiano {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH).min(0.45 * self.sr);
        self.gain = sane_gain(gain);
        self.count = self.tune();
        self.strike();
        self.sines.restart();
        self.thump_lp = 0.0;
        self.damp = 1.0;
        self.hold = if sustain_secs > 0.0 && sustain_secs.is_finite() {
            samples(sustain_secs, self.sr).max(1)
        } else {
            u64::MAX
        };
        self.damping = false;
        self.n = 0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let count = self.count;
        let (gain, onset, damp_k, thump_k, thump_a) = (
            self.gain,
            self.onset,
            self.damp_k,
            self.thump_k,
            self.thump_a,
        );
        let mut sines = self.sines;
        for y in out.iter_mut() {
            if self.n.is_multiple_of(64) {
                let left = sines.level(count) as f32 + self.thump;
                if left * self.damp < SILENT {
                    self.active = false;
                    break;
                }
            }
            let s = sines.next(count) as f32;
            let th = self.thump * self.rng.bipolar();
            self.thump = flush(self.thump * thump_k);
            self.thump_lp = flush(self.thump_lp + thump_a * (th - self.thump_lp));
            *y += gain * onset_ramp(self.n, onset) * self.damp * (s + self.thump_lp);
            if self.hold != u64::MAX && self.hold > 0 {
                self.hold -= 1;
                self.damping |= self.hold == 0;
            }
            if self.damping {
                self.damp *= damp_k;
            }
            self.n = self.n.wrapping_add(1);
        }
        self.sines = sines;
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&v) = p.first() {
            if v.is_finite() {
                self.velocity = v.clamp(0.0, 2.0);
            }
        }
        if let Some(&d) = p.get(1) {
            if d.is_finite() && d.clamp(0.0, 1.0) != self.detune {
                self.detune = d.clamp(0.0, 1.0);
                if self.active {
                    // Partials newly above Nyquist stay silent; none are added.
                    self.count = self.tune().min(self.count);
                }
            }
        }
        if let Some(&m) = p.get(2) {
            if m.is_finite() {
                self.muffle = m.clamp(0.0, 2.0);
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        let f = sane_freq(freq, self.freq).min(0.45 * self.sr);
        if f != self.freq && self.active {
            self.freq = f;
            self.count = self.tune().min(self.count);
        }
    }

    fn release(&mut self) {
        self.hold = 0;
        self.damping = true;
    }
}

// ----------------------------------------------------------------------- supersquare

/// `supersquare`: two pulses (the second `semitone` below, at 0.3) of width `voice`
/// through a resonant 24 dB low-pass whose cutoff an LFO sweeps between 10 and 20 times
/// the frequency, then soft-clipped.
#[derive(Clone)]
pub struct SuperSquare {
    sr: f32,
    inv_sr: f64,
    env: Held,
    freq: f32,
    width: f32,
    semitone: f32,
    resonance: f32,
    gain: f32,
    ph: [f64; 2],
    lfo: f64,
    lp: [Svf; 2],
    n: u32,
    active: bool,
}

impl SuperSquare {
    pub fn new(sample_rate: f32) -> Self {
        SuperSquare {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.01, 0.0, 1.0, 0.1),
            freq: DEFAULT_PITCH,
            width: 0.5,
            semitone: 12.0,
            resonance: 0.2,
            gain: 1.0,
            ph: [0.0; 2],
            lfo: 0.0,
            lp: [Svf::default(); 2],
            n: 0,
            active: false,
        }
    }

    fn filter(&mut self) {
        let sweep = 0.5 + 0.5 * sin_turns(self.lfo as f32);
        let fc = voice_cutoff(self.freq * 10.0 * (1.0 + sweep), self.sr);
        self.lp[0].set(fc, 0.54, self.sr);
        self.lp[1].set(fc, 0.6 + 4.0 * self.resonance, self.sr);
    }
}

impl Voice for SuperSquare {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.55 * sane_gain(gain);
        self.ph = [0.0; 2];
        self.lfo = 0.0;
        self.lp[0].clear();
        self.lp[1].clear();
        self.n = 0;
        shape(&mut self.env, sustain_secs, 0.05, 0.0, 0.05, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let d0 = phase_inc(self.freq, self.inv_sr);
        let d1 = phase_inc(self.freq / (self.semitone / 12.0).exp2(), self.inv_sr);
        let dl = phase_inc(self.freq / 64.0, self.inv_sr) * CTRL as f64;
        let w = self.width as f64;
        let dc = 2.0 * w - 1.0;
        for y in out.iter_mut() {
            if self.n.is_multiple_of(CTRL) {
                self.filter();
                advance(&mut self.lfo, dl);
            }
            let mut v = 0.0;
            if d0 > 0.0 {
                v += 0.7 * (pulse_sample(self.ph[0], w, d0) - dc);
            }
            if d1 > 0.0 {
                v += 0.3 * (pulse_sample(self.ph[1], w, d1) - dc);
            }
            advance(&mut self.ph[0], d0);
            advance(&mut self.ph[1], d1);
            let v = self.lp[0].lowpass(v as f32);
            let v = self.lp[1].lowpass(v);
            *y += self.gain * self.env.next() * (1.5 * v).tanh();
            self.n = self.n.wrapping_add(1);
            if self.env.env.is_done() {
                self.active = false;
                break;
            }
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&w) = p.first() {
            if w.is_finite() {
                self.width = w.clamp(0.0, 1.0);
            }
        }
        if let Some(&s) = p.get(1) {
            if s.is_finite() {
                self.semitone = s.clamp(-48.0, 48.0);
            }
        }
        if let Some(&r) = p.get(2) {
            if r.is_finite() {
                self.resonance = r.clamp(0.0, 1.0);
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

// --------------------------------------------------------------------- supermandolin

/// Length of each `supermandolin` delay line (samples; the lowest note is `fs/4092`).
pub const STRING_LEN: usize = 4096;

/// `supermandolin`: a plucked double course. A decaying noise burst excites two comb
/// filters (plucked strings) tuned `±detune` percent apart, which ring for `decay` s
/// (-60 dB); the damper stops them when the note ends.
#[derive(Clone)]
pub struct SuperMandolin {
    sr: f32,
    rng: Rng,
    freq: f32,
    detune: f32,
    decay: f32,
    gain: f32,
    lines: [[f32; STRING_LEN]; 2],
    pos: usize,
    delays: [f32; 2],
    fb: [f32; 2],
    exc: f32,
    exc_k: f32,
    follow: f32,
    follow_k: f32,
    damp: f32,
    damp_k: f32,
    hold: u64,
    damping: bool,
    n: u32,
    onset: u32,
    active: bool,
}

/// Output scale of `supermandolin` (its combs ring up to a few times the burst).
const MANDOLIN_LEVEL: f32 = 3.0;

impl SuperMandolin {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        SuperMandolin {
            sr: sample_rate,
            rng: Rng::new(seed),
            freq: DEFAULT_PITCH,
            detune: 0.2,
            decay: 1.0,
            gain: 1.0,
            lines: [[0.0; STRING_LEN]; 2],
            pos: 0,
            delays: [1.0; 2],
            fb: [0.0; 2],
            exc: 0.0,
            exc_k: 1.0,
            follow: 0.0,
            follow_k: 1.0,
            damp: 1.0,
            damp_k: t60_coef(0.25, sample_rate),
            hold: 0,
            damping: false,
            n: 0,
            onset: onset_samples(sample_rate),
            active: false,
        }
    }

    fn tune(&mut self) {
        let lowest = self.sr / (STRING_LEN - 4) as f32;
        let f = self.freq.clamp(lowest, 0.25 * self.sr);
        let d = self.detune / 100.0;
        for (k, ratio) in [1.0 - d, 1.0 + d].into_iter().enumerate() {
            let delay = (self.sr / f * ratio).clamp(2.0, (STRING_LEN - 3) as f32);
            self.delays[k] = delay;
            self.fb[k] = 0.001f32.powf(delay / (self.decay * self.sr));
        }
        self.follow_k = t60_coef(self.decay, self.sr);
    }
}

impl Voice for SuperMandolin {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = MANDOLIN_LEVEL * sane_gain(gain);
        self.tune();
        for l in self.lines.iter_mut() {
            l.fill(0.0);
        }
        self.pos = 0;
        // The burst's -60 dB time grows with the MIDI note (0.087 s at c5).
        let midi = 69.0 + 12.0 * (self.freq / 440.0).log2();
        let burst = (0.1 * midi / 69.0).clamp(0.005, 0.2);
        // The combs ring up about as `sqrt(freq·burst)` (the burst's length in periods):
        // level it to c5's.
        let f = self
            .freq
            .clamp(self.sr / (STRING_LEN - 4) as f32, 0.25 * self.sr);
        let reference = DEFAULT_PITCH * 0.087;
        self.exc = 0.1 * (reference / (f * burst)).sqrt().min(2.0);
        self.exc_k = t60_coef(burst, self.sr);
        self.follow = self.exc;
        self.damp = 1.0;
        self.hold = if sustain_secs > 0.0 && sustain_secs.is_finite() {
            samples(sustain_secs, self.sr).max(1)
        } else {
            u64::MAX
        };
        self.damping = false;
        self.n = 0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        const MASK: usize = STRING_LEN - 1;
        let (gain, onset) = (self.gain, self.onset);
        let mut reads = [(0usize, 0.0f32); 2];
        for (r, &d) in reads.iter_mut().zip(&self.delays) {
            let whole = d.floor();
            *r = (whole as usize, d - whole);
        }
        for y in out.iter_mut() {
            if self.n.is_multiple_of(64) && self.follow * self.damp < SILENT {
                self.active = false;
                break;
            }
            let x = self.exc * self.rng.bipolar();
            self.exc = flush(self.exc * self.exc_k);
            let mut s = 0.0;
            for ((line, &(di, frac)), &fb) in self.lines.iter_mut().zip(&reads).zip(&self.fb) {
                let a = line[(self.pos + STRING_LEN - di) & MASK];
                let b = line[(self.pos + STRING_LEN - di - 1) & MASK];
                let v = x + fb * (a + frac * (b - a));
                line[self.pos] = v;
                s += v;
            }
            self.pos = (self.pos + 1) & MASK;
            self.follow = (self.follow * self.follow_k).max(s.abs()).max(self.exc);
            *y += gain * onset_ramp(self.n, onset) * self.damp * s;
            if self.hold != u64::MAX && self.hold > 0 {
                self.hold -= 1;
                self.damping |= self.hold == 0;
            }
            if self.damping {
                self.damp *= self.damp_k;
            }
            self.n = self.n.wrapping_add(1);
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        let (detune, decay) = (self.detune, self.decay);
        if let Some(&d) = p.first() {
            if d.is_finite() {
                self.detune = d.clamp(0.0, 10.0);
            }
        }
        if let Some(&d) = p.get(1) {
            if d.is_finite() {
                self.decay = d.clamp(0.05, 10.0);
            }
        }
        if (detune, decay) != (self.detune, self.decay) {
            self.tune();
        }
    }

    fn set_freq(&mut self, freq: f32) {
        let f = sane_freq(freq, self.freq);
        if f != self.freq {
            self.freq = f;
            self.tune();
        }
    }

    fn release(&mut self) {
        self.hold = 0;
        self.damping = true;
    }
}

// ------------------------------------------------------------------------- supergong

/// Modes of `supergong`.
pub const GONG_MODES: usize = 15;

/// The lowest modes of a clamped circular plate (frequency ratios).
const GONG_RATIOS: [f32; GONG_MODES] = [
    1.000, 2.081, 3.414, 3.893, 4.995, 5.954, 6.819, 8.280, 8.722, 8.882, 10.868, 11.180, 11.754,
    13.710, 13.715,
];

/// `supergong`: the modes of a clamped circular plate as sines. `voice` (0..4) tilts
/// their levels towards the high modes (`ratio^voice`); each mode lasts
/// `2.5 · 100/freq / ratio^(2 - decay)` s, so `decay` (0..2) lets the high modes ring
/// as long as the low ones.
#[derive(Clone)]
pub struct SuperGong {
    sr: f32,
    inv_sr: f64,
    freq: f32,
    voice: f32,
    decay: f32,
    gain: f32,
    count: usize,
    /// Each mode is `fall - rise`: two decaying sines from the same phase, the second
    /// (fast) one making the mode's attack.
    fall: SineBank<GONG_MODES>,
    rise: SineBank<GONG_MODES>,
    n: u32,
    active: bool,
}

impl SuperGong {
    pub fn new(sample_rate: f32) -> Self {
        SuperGong {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            freq: DEFAULT_PITCH,
            voice: 0.0,
            decay: 1.0,
            gain: 1.0,
            count: 0,
            fall: SineBank::new(),
            rise: SineBank::new(),
            n: 0,
            active: false,
        }
    }

    fn tune(&mut self) {
        for (k, &r) in GONG_RATIOS.iter().enumerate().take(self.count) {
            let dt = phase_inc(self.freq * r, self.inv_sr);
            self.fall.tune(k, dt);
            self.rise.tune(k, dt);
        }
    }
}

impl Voice for SuperGong {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, _sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH).min(0.45 * self.sr);
        self.gain = sane_gain(gain);
        let nyq = 0.45 * self.sr;
        let voice = self.voice.clamp(0.0, 4.0);
        let exponent = 2.0 - self.decay.clamp(0.0, 2.0);
        self.count = GONG_RATIOS
            .iter()
            .take_while(|&&r| self.freq * r < nyq)
            .count();
        let sum: f32 = GONG_RATIOS[..self.count]
            .iter()
            .map(|r| r.powf(voice))
            .sum();
        let level = 1.6 / sum.max(1e-6);
        for (k, &r) in GONG_RATIOS.iter().enumerate().take(self.count) {
            let amp = (level * r.powf(voice)) as f64;
            let t = 100.0 / self.freq / r.powf(exponent);
            self.fall.amps[k] = amp;
            self.rise.amps[k] = amp;
            self.fall.ks[k] = t60_coef((2.5 * t).clamp(0.02, 15.0), self.sr) as f64;
            self.rise.ks[k] = tau_coef((0.02 * t).clamp(0.0005, 0.05), self.sr) as f64;
        }
        self.tune();
        self.fall.restart();
        self.rise.restart();
        self.n = 0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let count = self.count;
        let (mut fall, mut rise) = (self.fall, self.rise);
        for y in out.iter_mut() {
            if self.n.is_multiple_of(64) && fall.level(count) < SILENT as f64 {
                self.active = false;
                break;
            }
            let s = fall.next(count) - rise.next(count);
            *y += self.gain * s as f32;
            self.n = self.n.wrapping_add(1);
        }
        (self.fall, self.rise) = (fall, rise);
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&v) = p.first() {
            if v.is_finite() {
                self.voice = v.clamp(0.0, 4.0);
            }
        }
        if let Some(&d) = p.get(1) {
            if d.is_finite() {
                self.decay = d.clamp(0.0, 2.0);
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        let f = sane_freq(freq, self.freq).min(0.45 * self.sr);
        if f != self.freq {
            self.freq = f;
            // Modes newly above Nyquist fall silent.
            let fit = GONG_RATIOS
                .iter()
                .take_while(|&&r| f * r < 0.45 * self.sr)
                .count();
            self.count = self.count.min(fit);
            self.tune();
        }
    }
}

// ---------------------------------------------------------------------- superhammond

/// Drawbar footages of `superhammond` as ratios to the note (16', 5⅓', 8', 4', 2⅔', 2',
/// 1⅗', 1⅓', 1'), with the tonewheels' slight mistuning.
const DRAWBAR_RATIOS: [f32; 9] = [0.5, 1.4988, 1.0, 2.0, 2.9976, 4.0, 5.0409, 5.9953, 8.0];

/// Drawbar registrations (0..8) of `superhammond`'s `voice` 0..9.
const DRAWBAR_PRESETS: [[f32; 9]; 10] = [
    [1.0, 4.0, 5.0, 4.0, 3.0, 1.0, 0.0, 0.0, 0.0], // 0 bass violin 16'
    [0.0, 0.0, 8.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0], // 1 tibia 8'
    [0.0, 7.0, 8.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0], // 2 bassoon 8'
    [0.0, 0.0, 7.0, 8.0, 8.0, 8.0, 8.0, 7.0, 2.0], // 3 french trumpet 8'
    [4.0, 0.0, 5.0, 5.0, 4.0, 5.0, 3.0, 3.0, 6.0], // 4 string ensemble
    [8.0, 8.0, 5.0, 3.0, 2.0, 4.0, 5.0, 8.0, 8.0], // 5 blues
    [8.0, 8.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0], // 6 jazz 1
    [8.0; 9],                                      // 7 full shout
    [8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 8.0, 8.0, 8.0], // 8 bro' jack
    [0.0, 0.0, 8.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0], // 9 jazz 2
];

/// Brilliance damping of the top drawbars (drawbar steps).
const DRAWBAR_DAMP: [f32; 9] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 1.5];

/// Fixed start phases of the tonewheels (turns).
const TONEWHEEL_PHASES: [f64; 9] = [0.13, 0.71, 0.42, 0.97, 0.28, 0.55, 0.86, 0.04, 0.63];

/// `superhammond`: nine drawbar sines (level `2^(step - 8)` for drawbar step 0..8, as
/// in SuperDirt), folded into 63..6000 Hz like tonewheels; `voice` picks (and
/// between integers crossfades) a registration. A key click (noise frequency modulation
/// over the first ~0.1 s), optional percussion (`perc`: a decaying 2nd harmonic) and a
/// vibrato/chorus (the sound plus itself through an all-pass at 1 kHz swept ±`vibrato`/2
/// at 7 Hz).
#[derive(Clone)]
pub struct SuperHammond {
    sr: f32,
    inv_sr: f64,
    rng: Rng,
    env: Held,
    freq: f32,
    voice: f32,
    perc: f32,
    vibrato: f32,
    gain: f32,
    phases: [f64; 9],
    dts: [f64; 9],
    amps: [f32; 9],
    click: f32,
    click_k: f32,
    perc_phase: f64,
    perc_amp: f32,
    perc_k: f32,
    allpass: Svf,
    vib: f64,
    n: u32,
    active: bool,
}

impl SuperHammond {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        SuperHammond {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            rng: Rng::new(seed),
            env: Held::new(sample_rate, 0.005, 0.0, 1.0, 0.005),
            freq: DEFAULT_PITCH,
            voice: 0.0,
            perc: 0.0,
            vibrato: 0.5,
            gain: 1.0,
            phases: [0.0; 9],
            dts: [0.0; 9],
            amps: [0.0; 9],
            click: 0.0,
            // 1 → 1e-6 in 0.1 s.
            click_k: (1e-6f32.ln() / (0.1 * sample_rate)).exp(),
            perc_phase: 0.0,
            perc_amp: 0.0,
            perc_k: (1e-6f32.ln() / sample_rate).exp(),
            allpass: Svf::default(),
            vib: 0.0,
            n: 0,
            active: false,
        }
    }

    fn tune(&mut self) {
        for (dt, &r) in self.dts.iter_mut().zip(&DRAWBAR_RATIOS) {
            let mut f = r * self.freq;
            if f < 63.0 {
                f *= 2.0;
            }
            for _ in 0..2 {
                if f > 6000.0 {
                    f *= 0.5;
                }
            }
            *dt = phase_inc(f, self.inv_sr);
        }
    }

    fn registration(&mut self) {
        let v = self.voice.clamp(0.0, 9.0);
        let i = (v.floor() as usize).min(9);
        let frac = v - i as f32;
        let (a, b) = (DRAWBAR_PRESETS[i], DRAWBAR_PRESETS[(i + 1).min(9)]);
        let mut sum = 0.0;
        for k in 0..9 {
            let step = a[k] + frac * (b[k] - a[k]) - DRAWBAR_DAMP[k];
            self.amps[k] = (step - 8.0).exp2();
            sum += self.amps[k];
        }
        for amp in self.amps.iter_mut() {
            *amp *= 0.5 / sum;
        }
    }
}

impl Voice for SuperHammond {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = sane_gain(gain);
        self.tune();
        self.registration();
        self.phases = TONEWHEEL_PHASES;
        self.click = 1.0;
        self.perc_phase = 0.0;
        self.perc_amp = 1.0;
        self.allpass.clear();
        self.vib = 0.0;
        self.n = 0;
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let dp = phase_inc(2.0 * self.freq, self.inv_sr);
        let dv = 7.0 * CTRL as f64 * self.inv_sr;
        let perc = 0.5 * self.perc;
        for y in out.iter_mut() {
            if self.n.is_multiple_of(CTRL) {
                let tri = crate::dsp::osc::tri_sample(self.vib, 0.0);
                let fc = voice_cutoff(1000.0 * (1.0 + 0.5 * self.vibrato * tri as f32), self.sr);
                self.allpass.set(fc, 1.0, self.sr);
                advance(&mut self.vib, dv);
            }
            let m = 1.0 + 2.0 * (self.click * self.rng.bipolar()) as f64;
            self.click = flush(self.click * self.click_k);
            let mut s = 0.0;
            for k in 0..9 {
                s += self.amps[k] * sin_turns(self.phases[k] as f32);
                advance(&mut self.phases[k], self.dts[k] * m);
            }
            s += perc * self.perc_amp * sin_turns(self.perc_phase as f32);
            self.perc_amp = flush(self.perc_amp * self.perc_k);
            advance(&mut self.perc_phase, dp);
            let (_, bp, _) = self.allpass.tick(s);
            let ap = s - 2.0 * self.allpass.c.k * bp;
            *y += self.gain * self.env.next() * 0.75 * (s + ap);
            self.n = self.n.wrapping_add(1);
            if self.env.env.is_done() {
                self.active = false;
                break;
            }
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&v) = p.first() {
            if v.is_finite() && v.clamp(0.0, 9.0) != self.voice {
                self.voice = v.clamp(0.0, 9.0);
                self.registration();
            }
        }
        if let Some(&c) = p.get(1) {
            if c.is_finite() {
                self.perc = c.clamp(0.0, 1.0);
            }
        }
        if let Some(&v) = p.get(2) {
            if v.is_finite() {
                self.vibrato = v.clamp(0.0, 1.0);
            }
        }
    }

    fn set_freq(&mut self, freq: f32) {
        let f = sane_freq(freq, self.freq);
        if f != self.freq {
            self.freq = f;
            self.tune();
        }
    }

    fn release(&mut self) {
        self.env.release();
    }
}

// ----------------------------------------------------------------------- superhoover

/// Delay line of `superhoover`'s flanger (samples; 1/200 s fits up to 200 kHz).
const HOOVER_LINE: usize = 1024;

/// `superhoover`: the "dominator" hoover. Three layers, at a quarter, half and the whole
/// frequency, each a unipolar saw gated by a pulse an octave above it (widths swept by slow
/// LFOs, pitches wobbling ±0.5 % at about 3 Hz), plus sines two octaves down; boosted
/// at 3.5 and 6 kHz and flanged (3 Hz, 3.3..5 ms). `slide` bends the pitch by `-slide/4`
/// of itself and back over the first 35 % of the note; `decay` lowers the level held after
/// the attack.
#[derive(Clone)]
pub struct SuperHoover {
    sr: f32,
    inv_sr: f64,
    env: Held,
    freq: f32,
    slide: f32,
    decay: f32,
    gain: f32,
    saw: [f64; 3],
    pulse: [f64; 3],
    sub: [f64; 3],
    pitch_lfo: [f64; 3],
    width_lfo: [f64; 3],
    wobble: [f32; 3],
    width: [f64; 3],
    glide: Line,
    glide_back: Line,
    glide_turn: u64,
    eq: [Svf; 2],
    dc: DcBlock,
    line: [f32; HOOVER_LINE],
    pos: usize,
    flange: f64,
    delay: f32,
    n: u32,
    active: bool,
}

const HOOVER_PITCH_RATES: [f64; 3] = [2.94, 3.0, 3.07];
const HOOVER_WIDTH_RATES: [f64; 3] = [1.3, 2.9, 4.4];
/// Output scale of `superhoover`.
const HOOVER_LEVEL: f32 = 0.55;

impl SuperHoover {
    pub fn new(sample_rate: f32) -> Self {
        let mut eq = [Svf::default(); 2];
        eq[0].set(voice_cutoff(6000.0, sample_rate), 1.0, sample_rate);
        eq[1].set(voice_cutoff(3500.0, sample_rate), 1.0, sample_rate);
        SuperHoover {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.03, 0.15, 1.0, 0.05),
            freq: DEFAULT_PITCH,
            slide: 0.0,
            decay: 0.0,
            gain: 1.0,
            saw: [0.0; 3],
            pulse: [0.0; 3],
            sub: [0.0; 3],
            pitch_lfo: [0.0; 3],
            width_lfo: [0.0; 3],
            wobble: [1.0; 3],
            width: [0.5; 3],
            glide: Line::new(0.0),
            glide_back: Line::new(0.0),
            glide_turn: 0,
            eq,
            dc: DcBlock::new(sample_rate),
            line: [0.0; HOOVER_LINE],
            pos: 0,
            flange: 0.25,
            delay: 1.0,
            n: 0,
            active: false,
        }
    }

    fn control(&mut self) {
        let (lo, hi) = (0.995f32.ln(), 1.005f32.ln());
        for k in 0..3 {
            let s = sin_turns(self.pitch_lfo[k] as f32);
            self.wobble[k] = (lo + (hi - lo) * (0.5 + 0.5 * s)).exp();
            let w = sin_turns(self.width_lfo[k] as f32) as f64;
            self.width[k] = 0.5 + 0.375 * w;
            advance(
                &mut self.pitch_lfo[k],
                HOOVER_PITCH_RATES[k] * CTRL as f64 * self.inv_sr,
            );
            advance(
                &mut self.width_lfo[k],
                HOOVER_WIDTH_RATES[k] * CTRL as f64 * self.inv_sr,
            );
        }
        let d =
            1.0 / 300.0 + (1.0 / 200.0 - 1.0 / 300.0) * (0.5 + 0.5 * sin_turns(self.flange as f32));
        self.delay = (d * self.sr).clamp(1.0, (HOOVER_LINE - 2) as f32);
        advance(&mut self.flange, 3.0 * CTRL as f64 * self.inv_sr);
    }
}

impl Voice for SuperHoover {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = HOOVER_LEVEL * sane_gain(gain);
        let s = note_secs(sustain_secs).min(10.0);
        self.glide.start(0.0, 1.0, 0.05 * s, self.sr);
        self.glide_back.start(1.0, 0.0, 0.3 * s, self.sr);
        self.glide_turn = samples(0.05 * s, self.sr).max(1);
        self.saw = [0.5, 0.505, 0.51];
        self.pulse = [0.0; 3];
        self.sub = [0.0; 3];
        self.pitch_lfo = [
            3.0 / std::f64::consts::TAU,
            5.5 / std::f64::consts::TAU,
            1.2 / std::f64::consts::TAU,
        ];
        self.width_lfo = [0.0; 3];
        self.flange = 0.25;
        self.eq[0].clear();
        self.eq[1].clear();
        self.dc.clear();
        self.line.fill(0.0);
        self.pos = 0;
        self.n = 0;
        shape(&mut self.env, sustain_secs, 0.03, self.decay, 0.05, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        const MASK: usize = HOOVER_LINE - 1;
        const LAYER: [f32; 3] = [1.0, 0.9, 1.1];
        const SAW_RATIO: [f32; 3] = [0.25, 0.5, 1.0];
        let boost = [10f32.powf(3.0 / 20.0) - 1.0, 10f32.powf(6.0 / 20.0) - 1.0];
        let bend = -self.slide / 4.0;
        for y in out.iter_mut() {
            if self.n.is_multiple_of(CTRL) {
                self.control();
            }
            let g = if (self.n as u64) < self.glide_turn {
                self.glide.next()
            } else {
                self.glide_back.next()
            };
            let f = self.freq * (1.0 + bend * g).max(0.0);
            let mut mix = 0.0f32;
            let mut sub = 0.0f32;
            for k in 0..3 {
                let fk = f * self.wobble[k];
                let ds = phase_inc(fk * SAW_RATIO[k], self.inv_sr);
                let dp = phase_inc(fk * SAW_RATIO[k] * 2.0, self.inv_sr);
                let dsub = phase_inc(fk * 0.25, self.inv_sr);
                if ds > 0.0 && dp > 0.0 {
                    let saw = 0.5 + 0.5 * saw_sample(self.saw[k], ds);
                    let gate = 0.5 - 0.5 * pulse_sample(self.pulse[k], self.width[k], dp);
                    mix += LAYER[k] * (saw * gate) as f32;
                }
                sub += sin_turns(self.sub[k] as f32);
                advance(&mut self.saw[k], ds);
                advance(&mut self.pulse[k], dp);
                advance(&mut self.sub[k], dsub);
            }
            let v = 0.15 * mix + 0.1 * sub;
            let v = v + boost[0] * self.eq[0].bandpass(v);
            let v = v + boost[1] * self.eq[1].bandpass(v);
            let v = self.dc.tick(v);
            self.line[self.pos] = v;
            let d = self.delay;
            let di = d as usize;
            let frac = d - di as f32;
            let a = self.line[(self.pos + HOOVER_LINE - di) & MASK];
            let b = self.line[(self.pos + HOOVER_LINE - di - 1) & MASK];
            self.pos = (self.pos + 1) & MASK;
            let wet = a + frac * (b - a);
            *y += self.gain * self.env.next() * (v + wet);
            self.n = self.n.wrapping_add(1);
            if self.env.env.is_done() {
                self.active = false;
                break;
            }
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&s) = p.first() {
            if s.is_finite() {
                self.slide = s.clamp(-8.0, 8.0);
            }
        }
        if let Some(&d) = p.get(1) {
            if d.is_finite() {
                self.decay = d.clamp(0.0, 1.0);
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

// ------------------------------------------------------------------- supercomparator

/// Comparators of `supercomparator`.
const COMPARATORS: usize = 16;

/// Rates (Hz, before `^(voice/5)`) of the triangles the comparators compare against.
const COMPARATOR_RATES: [f32; COMPARATORS] = [
    1.000, 2.188, 5.091, 8.529, 8.950, 9.305, 13.746, 14.653, 19.462, 22.003, 24.888, 25.991,
    26.085, 30.509, 33.608, 35.081,
];

/// `supercomparator`: a variable-width triangle (its width rising from 0 to 1 over the
/// note) compared against 16 slow triangles (rates `r^(voice/5)` Hz, so `voice` 0.5 gives
/// 1..1.4 Hz, higher is breathier); the 16 pulses (band-limited at their edges) are averaged
/// and low-passed at 4 times the frequency, the cutoff wobbling with a sine LFO and smooth
/// noise scaled by `lfo`, with `resonance` 0..1.
#[derive(Clone)]
pub struct SuperComparator {
    sr: f32,
    inv_sr: f64,
    rng: Rng,
    env: Held,
    freq: f32,
    voice: f32,
    resonance: f32,
    lfo: f32,
    gain: f32,
    phase: f64,
    width: Line,
    tris: [f64; COMPARATORS],
    sine: f64,
    noise: [f32; 2],
    noise_pos: f32,
    lp: [Svf; 2],
    dc: DcBlock,
    n: u32,
    active: bool,
}

impl SuperComparator {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        SuperComparator {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            rng: Rng::new(seed),
            env: Held::new(sample_rate, 0.01, 0.15, 1.0, 0.05),
            freq: DEFAULT_PITCH,
            voice: 0.5,
            resonance: 0.5,
            lfo: 1.0,
            gain: 1.0,
            phase: 0.0,
            width: Line::new(0.0),
            tris: [0.0; COMPARATORS],
            sine: 0.0,
            noise: [0.0; 2],
            noise_pos: 0.0,
            lp: [Svf::default(); 2],
            dc: DcBlock::new(sample_rate),
            n: 0,
            active: false,
        }
    }

    fn control(&mut self) {
        let step = CTRL as f32 / self.sr;
        self.noise_pos += step;
        if self.noise_pos >= 1.0 {
            self.noise_pos -= 1.0;
            self.noise = [self.noise[1], self.rng.bipolar()];
        }
        let u = self.noise_pos.clamp(0.0, 1.0);
        let smooth = self.noise[0] + (self.noise[1] - self.noise[0]) * u * u * (3.0 - 2.0 * u);
        let f = self.freq;
        let fc = 4.0 * f + self.lfo * (0.5 * f * sin_turns(self.sine as f32) + f * smooth);
        let fc = voice_cutoff(fc, self.sr);
        self.lp[0].set(fc, 0.54, self.sr);
        self.lp[1].set(fc, 0.7 + 3.0 * self.resonance, self.sr);
        advance(
            &mut self.sine,
            phase_inc(f / 64.0, self.inv_sr) * CTRL as f64,
        );
        let rate_exp = self.voice / 5.0;
        for (t, &r) in self.tris.iter_mut().zip(&COMPARATOR_RATES) {
            advance(t, r.powf(rate_exp) as f64 * CTRL as f64 * self.inv_sr);
        }
    }
}

impl Voice for SuperComparator {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.5 * sane_gain(gain);
        self.phase = 0.0;
        self.width.start(0.0, 1.0, note_secs(sustain_secs), self.sr);
        self.tris = [0.0; COMPARATORS];
        self.sine = 0.0;
        self.noise = [self.rng.bipolar(), self.rng.bipolar()];
        self.noise_pos = 0.0;
        self.lp[0].clear();
        self.lp[1].clear();
        self.dc.clear();
        self.n = 0;
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let dt = phase_inc(self.freq, self.inv_sr);
        for y in out.iter_mut() {
            if self.n.is_multiple_of(CTRL) {
                self.control();
            }
            let w = self.width.next().clamp(0.0, 1.0) as f64;
            let mut sum = 0.0f64;
            if dt > 0.0 {
                for &tp in &self.tris {
                    // The triangle's level (0 rising at phase 0) sets where the variable
                    // triangle crosses it: up at `a`, down at `b`.
                    let t2 = if tp < 0.75 { tp + 0.25 } else { tp - 0.75 };
                    let theta = 1.0 - 4.0 * (t2 - 0.5).abs();
                    let a = w * (theta + 1.0) * 0.5;
                    let b = w + (1.0 - w) * (1.0 - theta) * 0.5;
                    let len = (b - a).clamp(0.0, 1.0);
                    let from = self.phase - a;
                    let t = if from < 0.0 { from + 1.0 } else { from };
                    sum += pulse_sample(t, len, dt);
                }
            }
            advance(&mut self.phase, dt);
            let v = (sum / COMPARATORS as f64) as f32;
            let v = self.lp[0].lowpass(self.dc.tick(v));
            let v = self.lp[1].lowpass(v);
            *y += self.gain * self.env.next() * v;
            self.n = self.n.wrapping_add(1);
            if self.env.env.is_done() {
                self.active = false;
                break;
            }
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&v) = p.first() {
            if v.is_finite() {
                self.voice = v.clamp(0.0, 10.0);
            }
        }
        if let Some(&r) = p.get(1) {
            if r.is_finite() {
                self.resonance = r.clamp(0.0, 1.0);
            }
        }
        if let Some(&l) = p.get(2) {
            if l.is_finite() {
                self.lfo = l.clamp(0.0, 2.0);
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

// -------------------------------------------------------------------------- superzow

/// `superzow`: phased variable-width saws. Three (at the note and `±detune` percent)
/// whose width opens from 0 to 0.5 over `20·sustain/slide` s; the second is subtracted
/// and the third added while they slip one period behind the first (over `5·sustain/slide`
/// and `20·sustain/slide` s): moving comb-filter phasing. `decay` lowers the held level.
#[derive(Clone)]
pub struct SuperZow {
    sr: f32,
    inv_sr: f64,
    env: Held,
    freq: f32,
    slide: f32,
    detune: f32,
    decay: f32,
    gain: f32,
    ph: [f64; 3],
    width: Line,
    slip: [Line; 2],
    active: bool,
}

impl SuperZow {
    pub fn new(sample_rate: f32) -> Self {
        SuperZow {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.07, 0.15, 1.0, 0.05),
            freq: DEFAULT_PITCH,
            slide: 1.0,
            detune: 1.0,
            decay: 0.0,
            gain: 1.0,
            ph: [0.0; 3],
            width: Line::new(0.0),
            slip: [Line::new(0.0); 2],
            active: false,
        }
    }
}

impl Voice for SuperZow {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.4 * sane_gain(gain);
        self.ph = [0.0; 3];
        let s = note_secs(sustain_secs) / self.slide;
        self.width.start(0.0, 0.5, 20.0 * s, self.sr);
        self.slip[0].start(0.0, 1.0, 5.0 * s, self.sr);
        self.slip[1].start(0.0, 1.0, 20.0 * s, self.sr);
        shape(&mut self.env, sustain_secs, 0.07, self.decay, 0.05, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let r = [1.0, 1.0 + self.detune / 100.0, 1.0 - self.detune / 100.0];
        let dts = r.map(|r| phase_inc(self.freq * r, self.inv_sr));
        for y in out.iter_mut() {
            let w = self.width.next() as f64;
            let s2 = self.slip[0].next() as f64 * r[1] as f64;
            let s3 = self.slip[1].next() as f64 * r[2] as f64;
            let v = varsaw_sample(self.ph[0], w, dts[0])
                - varsaw_sample(wrap(self.ph[1] - s2), w, dts[1])
                + varsaw_sample(wrap(self.ph[2] - s3), w, dts[2]);
            for (p, &dt) in self.ph.iter_mut().zip(&dts) {
                advance(p, dt);
            }
            *y += self.gain * self.env.next() * v as f32;
            if self.env.env.is_done() {
                self.active = false;
                break;
            }
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&s) = p.first() {
            if s.is_finite() {
                self.slide = s.clamp(0.01, 100.0);
            }
        }
        if let Some(&d) = p.get(1) {
            if d.is_finite() {
                self.detune = d.clamp(0.0, 50.0);
            }
        }
        if let Some(&d) = p.get(2) {
            if d.is_finite() {
                self.decay = d.clamp(0.0, 1.0);
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

// ----------------------------------------------------------------------- superstatic

/// `superstatic`: crackle. Random single-sample clicks of random sign, about `20·freq`
/// per second, under a sine-shaped swell that spans the note's sustain (1 s without one).
#[derive(Clone)]
pub struct SuperStatic {
    sr: f32,
    rng: Rng,
    freq: f32,
    gain: f32,
    /// Position in the swell (turns of `sin²`, 0..0.5) and its step.
    pos: f64,
    step: f64,
    /// A released note fades to nothing linearly.
    fade: f32,
    fade_step: f32,
    active: bool,
}

impl SuperStatic {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        SuperStatic {
            sr: sample_rate,
            rng: Rng::new(seed),
            freq: DEFAULT_PITCH,
            gain: 1.0,
            pos: 0.0,
            step: 0.0,
            fade: 1.0,
            fade_step: 0.0,
            active: false,
        }
    }
}

impl Voice for SuperStatic {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = sane_gain(gain);
        self.pos = 0.0;
        self.step = 0.5 / (note_secs(sustain_secs) as f64 * self.sr as f64);
        self.fade = 1.0;
        self.fade_step = 0.0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let density = (20.0 * self.freq / self.sr).min(1.0);
        for y in out.iter_mut() {
            if self.pos >= 0.5 || self.fade <= 0.0 {
                self.active = false;
                break;
            }
            let swell = sin_turns(self.pos as f32);
            let hit = self.rng.unit() < density;
            let r = self.rng.bipolar();
            if hit {
                let click = (0.3 + 0.5 * r.abs()).copysign(r);
                *y += self.gain * self.fade * swell * swell * click;
            }
            self.pos += self.step;
            self.fade -= self.fade_step;
        }
        self.active
    }

    fn set_freq(&mut self, freq: f32) {
        self.freq = sane_freq(freq, self.freq);
    }

    fn release(&mut self) {
        if self.fade_step == 0.0 {
            self.fade_step = 1.0 / (0.02 * self.sr);
        }
    }
}

// ------------------------------------------------------------------------ superreese

/// `superreese`: a reese bass. Two near-saws (variable-width triangles of width 0.01 and
/// 0.02) at `0.99 - detune/100` and `1.01 + detune/100` times the frequency, through a
/// resonant low-pass at 10×, hard-clipped, and a second resonant low-pass at 20×;
/// `voice` 0..2 moves the resonance from the first filter to the second. `accelerate`
/// glides the pitch linearly to `1 + accelerate` times over the sustain.
#[derive(Clone)]
pub struct SuperReese {
    sr: f32,
    inv_sr: f64,
    env: Held,
    freq: f32,
    detune: f32,
    voice: f32,
    accelerate: f32,
    gain: f32,
    ph: [f64; 2],
    glide: Line,
    lp: [Svf; 2],
    n: u32,
    active: bool,
}

impl SuperReese {
    pub fn new(sample_rate: f32) -> Self {
        SuperReese {
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.02, 0.0, 1.0, 0.15),
            freq: DEFAULT_PITCH,
            detune: 0.0,
            voice: 0.0,
            accelerate: 0.0,
            gain: 1.0,
            ph: [0.0; 2],
            glide: Line::new(1.0),
            lp: [Svf::default(); 2],
            n: 0,
            active: false,
        }
    }

    fn filters(&mut self, f: f32) {
        let v = self.voice.clamp(0.0, 2.0) / 2.0;
        let (q1, q2) = (3.0 - 2.5 * v, 2.0 + 5.0 * v);
        self.lp[0].set(voice_cutoff(10.0 * f, self.sr), q1, self.sr);
        self.lp[1].set(voice_cutoff(20.0 * f, self.sr), q2, self.sr);
    }
}

impl Voice for SuperReese {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.freq = sane_freq(freq, DEFAULT_PITCH);
        self.gain = 0.35 * sane_gain(gain);
        self.ph = [0.7, 0.5];
        self.glide
            .start(1.0, 1.0 + self.accelerate, note_secs(sustain_secs), self.sr);
        self.lp[0].clear();
        self.lp[1].clear();
        self.n = 0;
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let d = self.detune / 100.0;
        let ratios = [0.99 - d, 1.01 + d];
        for y in out.iter_mut() {
            let f = self.freq * self.glide.next().max(0.0);
            if self.n.is_multiple_of(CTRL) {
                self.filters(f);
            }
            let mut v = 0.0;
            for (k, (w, r)) in [0.01, 0.02].into_iter().zip(ratios).enumerate() {
                let dt = phase_inc(f * r, self.inv_sr);
                v += varsaw_sample(self.ph[k], w, dt);
                advance(&mut self.ph[k], dt);
            }
            let v = self.lp[0].lowpass(0.7 * v as f32);
            let v = 5.0 * v.clamp(-0.2, 0.2);
            let v = self.lp[1].lowpass(v);
            *y += self.gain * self.env.next() * v;
            self.n = self.n.wrapping_add(1);
            if self.env.env.is_done() {
                self.active = false;
                break;
            }
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&d) = p.first() {
            if d.is_finite() {
                self.detune = d.clamp(-50.0, 50.0);
            }
        }
        if let Some(&v) = p.get(1) {
            if v.is_finite() {
                self.voice = v.clamp(0.0, 2.0);
            }
        }
        if let Some(&a) = p.get(2) {
            if a.is_finite() {
                self.accelerate = a.clamp(-4.0, 4.0);
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

// ------------------------------------------------------------------------- superclap

/// `superclap`: four bursts of noise, low-passed at 7.5 kHz and band-passed at 1.5 kHz
/// (both times `pitch1`), starting `0, 5, 10, 15 ms` times `delay` apart, each falling
/// linearly to nothing in `0.04/rate` s, under an overall 10 ms attack and curved fall.
#[derive(Clone)]
pub struct SuperClap {
    sr: f32,
    rng: Rng,
    delay: f32,
    rate: f32,
    pitch1: f32,
    gain: f32,
    lp: Svf,
    bp: Svf,
    starts: [u32; 4],
    burst: u32,
    end: u32,
    attack: u32,
    n: u32,
    active: bool,
}

/// Output scale of `superclap` (band-passed noise is quiet).
const CLAP_LEVEL: f32 = 1.6;

impl SuperClap {
    pub fn new(sample_rate: f32, seed: u64) -> Self {
        SuperClap {
            sr: sample_rate,
            rng: Rng::new(seed),
            delay: 1.0,
            rate: 1.0,
            pitch1: 1.0,
            gain: 1.0,
            lp: Svf::default(),
            bp: Svf::default(),
            starts: [0; 4],
            burst: 1,
            end: 0,
            attack: 1,
            n: 0,
            active: false,
        }
    }
}

impl Voice for SuperClap {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, _freq: f32, gain: f32, _sustain_secs: f32) {
        let sr = self.sr;
        // White noise spreads the same power over `sr/2`: the 1.5 kHz band gets as much at
        // any rate.
        self.gain = CLAP_LEVEL * (sr / 48_000.0).sqrt() * sane_gain(gain);
        self.lp = Svf::new(voice_cutoff(7500.0 * self.pitch1, sr), 0.707, sr);
        self.bp = Svf::new(voice_cutoff(1500.0 * self.pitch1, sr), 1.0, sr);
        let spread = 0.005 * self.delay;
        for (i, s) in self.starts.iter_mut().enumerate() {
            *s = samples(spread * i as f32, sr).min(u32::MAX as u64 / 4) as u32;
        }
        self.burst = samples(0.04 / self.rate, sr).clamp(1, u32::MAX as u64 / 4) as u32;
        // The last burst, then 10 ms for the filters to ring out.
        self.end = self.starts[3] + self.burst + samples(0.01, sr) as u32;
        self.attack = samples(0.01, sr).max(1) as u32;
        self.n = 0;
        self.active = true;
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let inv_burst = 1.0 / self.burst as f32;
        let fall_len = 0.6 * self.sr;
        let curve = 1.0 - (-3.0f32).exp();
        for y in out.iter_mut() {
            if self.n >= self.end {
                self.active = false;
                break;
            }
            let noise = self.bp.bandpass(self.lp.lowpass(self.rng.bipolar()));
            let mut level = 0.0;
            for &s in &self.starts {
                if self.n >= s {
                    level += (1.0 - (self.n - s) as f32 * inv_burst).max(0.0);
                }
            }
            let overall = if self.n < self.attack {
                self.n as f32 / self.attack as f32
            } else {
                let x = ((self.n - self.attack) as f32 / fall_len).min(1.0);
                1.0 - (1.0 - (-3.0 * x).exp()) / curve
            };
            *y += self.gain * overall * 0.5 * level * noise;
            self.n += 1;
        }
        self.active
    }

    fn set_params(&mut self, p: &[f32]) {
        if let Some(&d) = p.first() {
            if d.is_finite() {
                self.delay = d.clamp(0.0, 20.0);
            }
        }
        if let Some(&r) = p.get(1) {
            if r.is_finite() {
                self.rate = r.clamp(0.05, 20.0);
            }
        }
        if let Some(&f) = p.get(2) {
            if f.is_finite() {
                self.pitch1 = f.clamp(0.05, 10.0);
            }
        }
    }
}
