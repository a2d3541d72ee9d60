//! Oscillators: `sine saw square tri pulse fm impulse` (frequency in Hz) and `phasor`
//! (a 0..1 ramp once per cycle), plus the small helpers the other families share
//! (PolyBLEP/BLAMP corrections, a fast sine, cycle arithmetic, input access).
//!
//! Threading contract: `make` and the constructors run off the audio thread; `process`
//! runs on it and never allocates, locks or panics. A missing or short input buffer (a
//! contract violation by the caller) renders silence instead of panicking.
//!
//! Conventions:
//! - Phase is an `f64` in turns, wrapped to `0..1` every sample, so a render of any length
//!   neither drifts nor loses frequency resolution (the increment is exact to ~1e-16).
//! - A frequency that is NaN, infinite-negative or `<= 0` outputs 0 and holds the phase;
//!   frequencies above Nyquist are clamped to Nyquist.
//! - Every oscillator starts at phase 0: `sine` and `tri` start at 0 rising, `saw` at -1,
//!   `square`/`pulse` at +1. Output is mono, peak 1 (`saw`/`square` overshoot slightly
//!   at their edges, as band-limited waves do).
//! - `saw`, `square` and `pulse` are band-limited with PolyBLEP, `tri` with PolyBLAMP.

use super::kernel::{BlockCtx, Input, Kernel};

/// Largest phase increment (turns per sample): Nyquist.
const MAX_DT: f64 = 0.5;

/// The input `k` as a slice of exactly `n` samples (its left channel), if present.
#[inline]
pub fn signal<'a>(inputs: &[Input<'a>], k: usize, n: usize) -> Option<&'a [f32]> {
    inputs.get(k).and_then(|x| x.left.get(..n))
}

/// The first output channel cut to the block length.
#[inline]
pub fn mono_out<'a>(out: &'a mut [&mut [f32]], len: usize) -> Option<&'a mut [f32]> {
    let o = out.first_mut()?;
    let n = len.min(o.len());
    Some(&mut o[..n])
}

/// Phase increment in turns per sample for `freq` Hz: 0 for NaN or `freq <= 0`, at most
/// Nyquist.
#[inline(always)]
pub fn phase_inc(freq: f32, inv_sr: f64) -> f64 {
    let dt = freq as f64 * inv_sr;
    if dt > 0.0 {
        dt.min(MAX_DT)
    } else {
        0.0
    }
}

/// `sin(2π·turns)`, absolute error < 1e-6. Branch-free and cheaper than `f32::sin`;
/// NaN gives 0 and inputs beyond ±4·10⁶ turns (no fractional precision left) give values
/// in -1..1.
#[inline(always)]
pub fn sin_turns(turns: f32) -> f32 {
    // Round to nearest with the 1.5·2^23 trick: x in -0.5..0.5.
    const MAGIC: f32 = 12_582_912.0;
    let x = turns - ((turns + MAGIC) - MAGIC);
    // Fold to -0.25..0.25 (sin(π - a) = sin(a)). `max`/`min` (unlike `clamp`) turn NaN
    // into 0 and also catch huge inputs.
    #[allow(clippy::manual_clamp)]
    let folded = (0.25 - (x.abs() - 0.25).abs()).max(0.0).min(0.25);
    let a = folded.copysign(x) * std::f32::consts::TAU;
    let a2 = a * a;
    // Taylor series to a^11 (error < 6e-8 at ±π/2), Horner form.
    let s = a2
        * (-1.0 / 6.0
            + a2 * (1.0 / 120.0
                + a2 * (-1.0 / 5040.0 + a2 * (1.0 / 362_880.0 + a2 * (-1.0 / 39_916_800.0)))));
    a + a * s
}

/// PolyBLEP residual for a step of height 2 (-1 → +1) at phase 0, phase `t` in 0..1 and
/// increment `dt` (0 < dt <= 0.5). Add `h/2 · poly_blep` for a step of height `h`.
#[inline(always)]
pub fn poly_blep(t: f64, dt: f64) -> f64 {
    if t < dt {
        let x = t / dt;
        x + x - x * x - 1.0
    } else if t > 1.0 - dt {
        let x = (t - 1.0) / dt;
        x * x + x + x + 1.0
    } else {
        0.0
    }
}

/// PolyBLAMP residual (the integral of [`poly_blep`], in samples) for a corner at phase 0.
/// A slope change of `Δ` per sample needs `Δ/2 · poly_blamp`.
#[inline(always)]
pub fn poly_blamp(t: f64, dt: f64) -> f64 {
    if t < dt {
        let x = 1.0 - t / dt;
        x * x * x * (1.0 / 3.0)
    } else if t > 1.0 - dt {
        let x = (t - 1.0) / dt + 1.0;
        x * x * x * (1.0 / 3.0)
    } else {
        0.0
    }
}

/// A tiny offset (in cycles) applied before splitting a cycle position into whole cycles and
/// the fraction, so that a sample landing on a cycle boundary is classified the same way
/// whether its position was computed as `c0 + i·cps` in a big block or a small one.
pub const CYCLE_EPS: f64 = 1e-9;

/// `(whole cycles, fraction 0..1)` of a cycle position.
#[inline(always)]
pub fn cycle_split(cycle: f64) -> (f64, f64) {
    let c = cycle + CYCLE_EPS;
    let whole = c.floor();
    (whole, (c - whole).clamp(0.0, 1.0))
}

/// Width input to 0..1 (NaN → 0.5).
#[inline(always)]
fn clamp_width(w: f32) -> f64 {
    if w.is_nan() {
        0.5
    } else {
        (w as f64).clamp(0.0, 1.0)
    }
}

// ------------------------------------------------------------------------------ sine

/// `sine freq`.
#[derive(Clone)]
pub struct Sine {
    phase: f64,
    inv_sr: f64,
}

impl Sine {
    pub fn new(sample_rate: f32) -> Self {
        Sine {
            phase: 0.0,
            inv_sr: 1.0 / sample_rate as f64,
        }
    }
}

impl Kernel for Sine {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let Some(freq) = signal(inputs, 0, o.len()) else {
            o.fill(0.0);
            return;
        };
        let inv = self.inv_sr;
        let mut ph = self.phase;
        for (y, &f) in o.iter_mut().zip(freq) {
            let dt = phase_inc(f, inv);
            *y = if dt > 0.0 { sin_turns(ph as f32) } else { 0.0 };
            ph += dt;
            if ph >= 1.0 {
                ph -= 1.0;
            }
        }
        self.phase = ph;
    }

    fn reset(&mut self) {
        self.phase = 0.0;
    }
}

// ------------------------------------------------------------------------------- saw

/// `saw freq`: rising -1..1 ramp, PolyBLEP band-limited.
#[derive(Clone)]
pub struct Saw {
    phase: f64,
    inv_sr: f64,
}

impl Saw {
    pub fn new(sample_rate: f32) -> Self {
        Saw {
            phase: 0.0,
            inv_sr: 1.0 / sample_rate as f64,
        }
    }
}

/// One band-limited saw sample at phase `t` with increment `dt > 0`.
#[inline(always)]
pub fn saw_sample(t: f64, dt: f64) -> f64 {
    2.0 * t - 1.0 - poly_blep(t, dt)
}

impl Kernel for Saw {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let Some(freq) = signal(inputs, 0, o.len()) else {
            o.fill(0.0);
            return;
        };
        let inv = self.inv_sr;
        let mut ph = self.phase;
        for (y, &f) in o.iter_mut().zip(freq) {
            let dt = phase_inc(f, inv);
            *y = if dt > 0.0 {
                saw_sample(ph, dt) as f32
            } else {
                0.0
            };
            ph += dt;
            if ph >= 1.0 {
                ph -= 1.0;
            }
        }
        self.phase = ph;
    }

    fn reset(&mut self) {
        self.phase = 0.0;
    }
}

// ---------------------------------------------------------------------- square/pulse

/// `square freq width` and `pulse freq width`: +1 for the first `width` of each period,
/// then -1 (not DC-free unless width is 0.5), PolyBLEP band-limited. Width is clamped to
/// 0..1 (NaN → 0.5).
#[derive(Clone)]
pub struct Pulse {
    phase: f64,
    inv_sr: f64,
}

impl Pulse {
    pub fn new(sample_rate: f32) -> Self {
        Pulse {
            phase: 0.0,
            inv_sr: 1.0 / sample_rate as f64,
        }
    }
}

/// One band-limited pulse sample at phase `t`, width `w` (0..1), increment `dt > 0`.
#[inline(always)]
pub fn pulse_sample(t: f64, w: f64, dt: f64) -> f64 {
    let naive = if t < w { 1.0 } else { -1.0 };
    let mut t2 = t - w;
    if t2 < 0.0 {
        t2 += 1.0;
    }
    naive + poly_blep(t, dt) - poly_blep(t2, dt)
}

impl Kernel for Pulse {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let n = o.len();
        let (Some(freq), Some(width)) = (signal(inputs, 0, n), signal(inputs, 1, n)) else {
            o.fill(0.0);
            return;
        };
        let inv = self.inv_sr;
        let mut ph = self.phase;
        for ((y, &f), &w) in o.iter_mut().zip(freq).zip(width) {
            let dt = phase_inc(f, inv);
            *y = if dt > 0.0 {
                pulse_sample(ph, clamp_width(w), dt) as f32
            } else {
                0.0
            };
            ph += dt;
            if ph >= 1.0 {
                ph -= 1.0;
            }
        }
        self.phase = ph;
    }

    fn reset(&mut self) {
        self.phase = 0.0;
    }
}

// ------------------------------------------------------------------------------- tri

/// `tri freq` (alias `triangle`): -1..1 triangle starting at 0 rising, corners rounded
/// with PolyBLAMP.
#[derive(Clone)]
pub struct Tri {
    phase: f64,
    inv_sr: f64,
}

impl Tri {
    pub fn new(sample_rate: f32) -> Self {
        Tri {
            phase: 0.0,
            inv_sr: 1.0 / sample_rate as f64,
        }
    }
}

/// One band-limited triangle sample at phase `t` (0 at t = 0, +1 at 0.25, -1 at 0.75).
#[inline(always)]
pub fn tri_sample(t: f64, dt: f64) -> f64 {
    // t2 = 0 is the minimum corner (slope -4 → +4 per turn), t2 = 0.5 the maximum.
    let mut t2 = t + 0.25;
    if t2 >= 1.0 {
        t2 -= 1.0;
    }
    let naive = 1.0 - 4.0 * (t2 - 0.5).abs();
    let mut t3 = t2 + 0.5;
    if t3 >= 1.0 {
        t3 -= 1.0;
    }
    // Slope changes by ±8·dt per sample at the corners: ±4·dt·blamp.
    naive + 4.0 * dt * (poly_blamp(t2, dt) - poly_blamp(t3, dt))
}

impl Kernel for Tri {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let Some(freq) = signal(inputs, 0, o.len()) else {
            o.fill(0.0);
            return;
        };
        let inv = self.inv_sr;
        let mut ph = self.phase;
        for (y, &f) in o.iter_mut().zip(freq) {
            let dt = phase_inc(f, inv);
            *y = if dt > 0.0 {
                tri_sample(ph, dt) as f32
            } else {
                0.0
            };
            ph += dt;
            if ph >= 1.0 {
                ph -= 1.0;
            }
        }
        self.phase = ph;
    }

    fn reset(&mut self) {
        self.phase = 0.0;
    }
}

// -------------------------------------------------------------------------------- fm

/// `fm carrier modfreq index`: phase modulation of a sine carrier by a sine modulator,
/// `sin(2π·φc + index·sin(2π·φm))`, index in radians. An invalid carrier outputs 0; an
/// invalid modulator frequency or index leaves the plain carrier.
#[derive(Clone)]
pub struct Fm {
    carrier_phase: f64,
    mod_phase: f64,
    inv_sr: f64,
}

impl Fm {
    pub fn new(sample_rate: f32) -> Self {
        Fm {
            carrier_phase: 0.0,
            mod_phase: 0.0,
            inv_sr: 1.0 / sample_rate as f64,
        }
    }
}

impl Kernel for Fm {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let n = o.len();
        let (Some(car), Some(modf), Some(index)) = (
            signal(inputs, 0, n),
            signal(inputs, 1, n),
            signal(inputs, 2, n),
        ) else {
            o.fill(0.0);
            return;
        };
        let inv = self.inv_sr;
        let (mut pc, mut pm) = (self.carrier_phase, self.mod_phase);
        const INV_TAU: f32 = 1.0 / std::f32::consts::TAU;
        for (((y, &c), &m), &ix) in o.iter_mut().zip(car).zip(modf).zip(index) {
            let dc = phase_inc(c, inv);
            let dm = phase_inc(m, inv);
            let ix = if ix.is_finite() { ix } else { 0.0 };
            let modulation = if dm > 0.0 {
                ix * INV_TAU * sin_turns(pm as f32)
            } else {
                0.0
            };
            *y = if dc > 0.0 {
                sin_turns(pc as f32 + modulation)
            } else {
                0.0
            };
            pc += dc;
            if pc >= 1.0 {
                pc -= 1.0;
            }
            pm += dm;
            if pm >= 1.0 {
                pm -= 1.0;
            }
        }
        self.carrier_phase = pc;
        self.mod_phase = pm;
    }

    fn reset(&mut self) {
        self.carrier_phase = 0.0;
        self.mod_phase = 0.0;
    }
}

// --------------------------------------------------------------------------- impulse

/// `impulse freq`: one sample of 1.0 at the start of every period (the first at sample 0),
/// 0 elsewhere. Frequencies above the sample rate click every sample.
#[derive(Clone)]
pub struct Impulse {
    /// 0..1 within the period; `>= 1` means a click is due.
    phase: f64,
    inv_sr: f64,
}

impl Impulse {
    pub fn new(sample_rate: f32) -> Self {
        Impulse {
            phase: 1.0,
            inv_sr: 1.0 / sample_rate as f64,
        }
    }
}

impl Kernel for Impulse {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let Some(freq) = signal(inputs, 0, o.len()) else {
            o.fill(0.0);
            return;
        };
        let inv = self.inv_sr;
        let mut ph = self.phase;
        for (y, &f) in o.iter_mut().zip(freq) {
            let dt = f as f64 * inv;
            if dt > 0.0 {
                if ph >= 1.0 {
                    ph -= 1.0;
                    *y = 1.0;
                } else {
                    *y = 0.0;
                }
                ph += dt.min(1.0);
            } else {
                *y = 0.0;
            }
        }
        self.phase = ph;
    }

    fn reset(&mut self) {
        self.phase = 1.0;
    }
}

// ---------------------------------------------------------------------------- phasor

/// `phasor`: the fractional part of the cycle position, a 0..1 ramp once per cycle that
/// follows the tempo (not Hz).
#[derive(Clone)]
pub struct Phasor;

impl Kernel for Phasor {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, _inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        for (i, y) in o.iter_mut().enumerate() {
            *y = cycle_split(ctx.cycle_at(i)).1 as f32;
        }
    }
}

/// Measuring helpers shared by the tests of the whole `dsp` family.
#[cfg(test)]
pub(crate) mod test_support {
    use super::super::kernel::{BlockCtx, Input, Kernel, Setup};

    /// The kernel of a registry function, with a fixed seed.
    pub fn make(name: &str, setup: &Setup) -> Option<Box<dyn Kernel>> {
        make_seeded(name, setup, 0x7375_7065_7264_6972)
    }

    pub fn make_seeded(name: &str, setup: &Setup, seed: u64) -> Option<Box<dyn Kernel>> {
        crate::registry::lookup(name)?.build_kernel(setup, seed)
    }

    /// A voice of a registry synth.
    pub fn make_voice(
        name: &str,
        sample_rate: f32,
        seed: u64,
    ) -> Option<Box<dyn super::super::synth::Voice>> {
        match crate::registry::lookup(name)?.implementation {
            crate::registry::Implementation::Synth(s) => Some((s.voice)(sample_rate, seed)),
            _ => None,
        }
    }

    pub fn setup(sr: f32) -> Setup<'static> {
        Setup {
            sample_rate: sr,
            max_block: 4096,
            input_channels: &[1, 1, 1, 1],
        }
    }

    /// Renders `total` samples in blocks of `block`, with per-sample inputs given by
    /// `inputs[k][i]` (absolute sample index `i`), at `cps` cycles per second.
    pub fn render_with(
        k: &mut dyn Kernel,
        sr: f32,
        cps: f64,
        inputs: &[Vec<f32>],
        total: usize,
        block: usize,
    ) -> Vec<f32> {
        let mut out = vec![0.0f32; total];
        let mut start = 0usize;
        let cycles_per_sample = cps / sr as f64;
        while start < total {
            let len = block.min(total - start);
            let ctx = BlockCtx {
                sample_rate: sr,
                start_sample: start as u64,
                len,
                cycle: start as f64 * cycles_per_sample,
                cycles_per_sample,
            };
            let ins: Vec<Input> = inputs
                .iter()
                .map(|v| Input::mono(&v[start..start + len], false))
                .collect();
            let mut buf = vec![f32::NAN; len];
            {
                let mut chans: [&mut [f32]; 1] = [&mut buf];
                k.process(&ctx, &ins, &mut chans);
            }
            out[start..start + len].copy_from_slice(&buf);
            start += len;
        }
        out
    }

    /// Renders with constant inputs.
    pub fn render(k: &mut dyn Kernel, sr: f32, consts: &[f32], total: usize) -> Vec<f32> {
        let inputs: Vec<Vec<f32>> = consts.iter().map(|&c| vec![c; total]).collect();
        render_with(k, sr, 0.5, &inputs, total, 512)
    }

    pub fn rms(x: &[f32]) -> f64 {
        (x.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / x.len() as f64).sqrt()
    }

    pub fn peak(x: &[f32]) -> f32 {
        x.iter().fold(0.0f32, |m, &v| m.max(v.abs()))
    }

    /// Upward zero crossings (one per period of a clean periodic wave).
    pub fn upward_crossings(x: &[f32]) -> usize {
        x.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count()
    }

    /// Magnitude of the DFT of `x` at `freq` Hz (Goertzel), normalised so a full-scale sine
    /// spanning whole periods reads 1.
    pub fn tone_amp(x: &[f32], freq: f64, sr: f64) -> f64 {
        let w = std::f64::consts::TAU * freq / sr;
        let (c, s) = (w.cos(), w.sin());
        let (mut re, mut im) = (0.0f64, 0.0f64);
        // Direct DFT by rotation (numerically fine for these lengths).
        let (mut cr, mut ci) = (1.0f64, 0.0f64);
        for &v in x {
            re += v as f64 * cr;
            im -= v as f64 * ci;
            let nr = cr * c - ci * s;
            ci = cr * s + ci * c;
            cr = nr;
        }
        2.0 * (re * re + im * im).sqrt() / x.len() as f64
    }

    /// In-place radix-2 FFT (`re.len()` a power of two).
    pub fn fft(re: &mut [f64], im: &mut [f64]) {
        let n = re.len();
        let mut j = 0;
        for i in 1..n {
            let mut bit = n >> 1;
            while j & bit != 0 {
                j ^= bit;
                bit >>= 1;
            }
            j |= bit;
            if i < j {
                re.swap(i, j);
                im.swap(i, j);
            }
        }
        let mut len = 2;
        while len <= n {
            let ang = -std::f64::consts::TAU / len as f64;
            for start in (0..n).step_by(len) {
                for k in 0..len / 2 {
                    let (s, c) = (ang * k as f64).sin_cos();
                    let (a, b) = (start + k, start + k + len / 2);
                    let tr = re[b] * c - im[b] * s;
                    let ti = re[b] * s + im[b] * c;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
            len <<= 1;
        }
    }

    /// Averaged Hann-windowed power spectrum (Welch), `size` bins of `sr/size` Hz.
    pub fn psd(x: &[f32], size: usize) -> Vec<f64> {
        let mut acc = vec![0.0f64; size / 2];
        let win: Vec<f64> = (0..size)
            .map(|i| 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / size as f64).cos())
            .collect();
        let mut count = 0;
        let mut start = 0;
        while start + size <= x.len() {
            let mut re: Vec<f64> = (0..size).map(|i| x[start + i] as f64 * win[i]).collect();
            let mut im = vec![0.0; size];
            fft(&mut re, &mut im);
            for k in 0..size / 2 {
                acc[k] += re[k] * re[k] + im[k] * im[k];
            }
            count += 1;
            start += size / 2;
        }
        acc.iter().map(|v| v / count.max(1) as f64).collect()
    }

    /// Mean power density between `lo` and `hi` Hz of a [`psd`].
    pub fn band_density(p: &[f64], size: usize, sr: f64, lo: f64, hi: f64) -> f64 {
        let bin = sr / size as f64;
        let (a, b) = ((lo / bin).round() as usize, (hi / bin).round() as usize);
        p[a..b].iter().sum::<f64>() / (b - a) as f64
    }

    pub fn db(ratio: f64) -> f64 {
        10.0 * ratio.log10()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    const SR: f32 = 48_000.0;

    fn osc(name: &str) -> Box<dyn Kernel> {
        make(name, &setup(SR)).unwrap()
    }

    #[test]
    fn fast_sine_matches_std() {
        let mut worst = 0.0f64;
        for i in -20_000..20_000 {
            let t = i as f32 / 7_919.0;
            let e = (sin_turns(t) as f64 - (t as f64 * std::f64::consts::TAU).sin()).abs();
            worst = worst.max(e);
        }
        assert!(worst < 1e-6, "worst error {worst}");
        assert!(sin_turns(f32::NAN).is_finite());
        assert!(sin_turns(1e30).abs() <= 1.0);
    }

    #[test]
    fn sine_440_rms_and_pitch() {
        let y = render(&mut *osc("sine"), SR, &[440.0], SR as usize);
        let r = rms(&y);
        assert!(
            (r - std::f64::consts::FRAC_1_SQRT_2).abs() < 0.001,
            "rms {r}"
        );
        let z = upward_crossings(&y);
        assert!((439..=441).contains(&z), "crossings {z}");
        assert!(peak(&y) <= 1.0);
    }

    #[test]
    fn saw_square_tri_levels_and_pitch() {
        let n = SR as usize;
        let saw = render(&mut *osc("saw"), SR, &[220.0], n);
        assert!((rms(&saw) - 0.57735).abs() < 0.01, "saw rms {}", rms(&saw));
        let sq = render(&mut *osc("square"), SR, &[220.0, 0.5], n);
        assert!((rms(&sq) - 1.0).abs() < 0.01, "square rms {}", rms(&sq));
        let tri = render(&mut *osc("tri"), SR, &[220.0], n);
        assert!((rms(&tri) - 0.57735).abs() < 0.005, "tri rms {}", rms(&tri));
        for (name, y) in [("saw", &saw), ("square", &sq), ("tri", &tri)] {
            let f = tone_amp(y, 220.0, SR as f64);
            let off = tone_amp(y, 330.0, SR as f64);
            assert!(
                f > 0.5 && off < 0.01,
                "{name}: fundamental {f}, 330 Hz {off}"
            );
        }
        // tri starts at 0 rising, peaks at 1.
        assert!(tri[0].abs() < 0.01 && tri[1] > 0.0);
        assert!((peak(&tri) - 1.0).abs() < 0.01);
        // pulse 25%: duty cycle measured as the share of positive samples.
        let p = render(&mut *osc("pulse"), SR, &[100.0, 0.25], n);
        let duty = p.iter().filter(|&&v| v > 0.0).count() as f64 / n as f64;
        assert!((duty - 0.25).abs() < 0.005, "duty {duty}");
    }

    /// Alias amplitudes of a 5 kHz wave at 48 kHz: harmonics 9, 10, 11, 8 fold to
    /// 3, 2, 7 and 8 kHz (45→3, 50→2, 55→7, 40→8), where no real harmonic lives.
    fn alias_level(y: &[f32]) -> f64 {
        [2000.0, 3000.0, 7000.0, 8000.0]
            .iter()
            .map(|&f| tone_amp(y, f, SR as f64).powi(2))
            .sum::<f64>()
            .sqrt()
    }

    #[test]
    fn band_limiting_beats_naive_by_far() {
        let n = SR as usize; // whole periods of 5 kHz: exact DFT bins
        let dt = 5000.0 / SR as f64;
        let naive = |f: &dyn Fn(f64) -> f64| -> Vec<f32> {
            (0..n).map(|i| f((i as f64 * dt).fract()) as f32).collect()
        };
        let saw = render(&mut *osc("saw"), SR, &[5000.0], n);
        let nsaw = naive(&|t| 2.0 * t - 1.0);
        let sq = render(&mut *osc("square"), SR, &[5000.0, 0.5], n);
        let nsq = naive(&|t| if t < 0.5 { 1.0 } else { -1.0 });
        let tri = render(&mut *osc("tri"), SR, &[5000.0], n);
        let ntri = naive(&|t| {
            let t2 = (t + 0.25).fract();
            1.0 - 4.0 * (t2 - 0.5).abs()
        });
        // The fundamental is intact.
        assert!(tone_amp(&saw, 5000.0, SR as f64) > 0.55);
        for (name, bl, nv, min_db) in [
            ("saw", &saw, &nsaw, 25.0),
            ("square", &sq, &nsq, 30.0),
            ("tri", &tri, &ntri, 30.0),
        ] {
            let (a, b) = (alias_level(bl), alias_level(nv));
            let gain = 20.0 * (b / a).log10();
            eprintln!("{name}: alias {a:.2e} vs naive {b:.2e}: {gain:.1} dB less");
            assert!(gain > min_db, "{name}: only {gain:.1} dB less aliasing");
        }
    }

    #[test]
    fn block_size_independence_with_moving_inputs() {
        let n = 20_000;
        let freq: Vec<f32> = (0..n)
            .map(|i| 50.0 + 8000.0 * (i as f32 / n as f32))
            .collect();
        let width: Vec<f32> = (0..n)
            .map(|i| 0.5 + 0.4 * (i as f32 * 0.001).sin())
            .collect();
        let index: Vec<f32> = (0..n).map(|i| 3.0 * (i as f32 / n as f32)).collect();
        for name in [
            "sine", "saw", "square", "tri", "pulse", "fm", "impulse", "phasor",
        ] {
            let inputs = vec![freq.clone(), width.clone(), index.clone()];
            let big = render_with(&mut *osc(name), SR, 1.7, &inputs, n, n);
            for block in [1, 7, 64, 333] {
                let small = render_with(&mut *osc(name), SR, 1.7, &inputs, n, block);
                assert!(big == small, "{name} block {block}");
            }
            assert!(big.iter().all(|v| v.is_finite()), "{name}");
        }
    }

    #[test]
    fn bad_frequencies_give_silence_without_panic() {
        for name in ["sine", "saw", "square", "tri", "pulse", "fm", "impulse"] {
            for bad in [0.0, -440.0, f32::NAN, f32::NEG_INFINITY] {
                let y = render(&mut *osc(name), SR, &[bad, bad, 1.0], 1000);
                assert!(y.iter().all(|&v| v == 0.0), "{name} at {bad}");
            }
            // Infinite or absurd frequencies stay finite and bounded.
            let y = render(&mut *osc(name), SR, &[f32::INFINITY, 1e9, 1.0], 1000);
            assert!(y.iter().all(|v| v.is_finite() && v.abs() <= 2.0), "{name}");
            // Missing inputs: silence, no panic.
            let mut k = osc(name);
            let mut buf = [1.0f32; 16];
            let ctx = BlockCtx {
                sample_rate: SR,
                start_sample: 0,
                len: 16,
                cycle: 0.0,
                cycles_per_sample: 0.0,
            };
            k.process(&ctx, &[], &mut [&mut buf]);
            assert!(buf.iter().all(|&v| v == 0.0), "{name}");
        }
    }

    #[test]
    fn ten_minutes_do_not_drift() {
        // 10 minutes of 440 Hz at 48 kHz, compared at the end with the exact phase.
        let mut k = osc("sine");
        let block = 8192;
        let total: u64 = 48_000 * 600;
        let freq = vec![440.0f32; block];
        let mut buf = vec![0.0f32; block];
        let mut start = 0u64;
        while start < total {
            let len = block.min((total - start) as usize);
            let ctx = BlockCtx {
                sample_rate: SR,
                start_sample: start,
                len,
                cycle: 0.0,
                cycles_per_sample: 0.0,
            };
            k.process(
                &ctx,
                &[Input::mono(&freq[..len], true)],
                &mut [&mut buf[..len]],
            );
            start += len as u64;
        }
        let last = buf[(total % block as u64) as usize - 1];
        let n = total - 1;
        let exact = ((n as f64 * 440.0 / 48_000.0).fract() * std::f64::consts::TAU).sin();
        assert!((last as f64 - exact).abs() < 1e-4, "{last} vs {exact}");
    }

    #[test]
    fn fm_spectrum_has_sidebands() {
        // index 0 is a plain sine; index 2 moves energy to carrier ± modulator.
        let n = SR as usize;
        let plain = render(&mut *osc("fm"), SR, &[1000.0, 200.0, 0.0], n);
        assert!((rms(&plain) - std::f64::consts::FRAC_1_SQRT_2).abs() < 0.001);
        assert!(tone_amp(&plain, 1200.0, SR as f64) < 1e-3);
        let y = render(&mut *osc("fm"), SR, &[1000.0, 200.0, 2.0], n);
        // Bessel J0(2) = 0.224, J1(2) = 0.577.
        let c = tone_amp(&y, 1000.0, SR as f64);
        let s1 = tone_amp(&y, 1200.0, SR as f64);
        assert!((c - 0.224).abs() < 0.01, "carrier {c}");
        assert!((s1 - 0.577).abs() < 0.01, "first sideband {s1}");
    }

    #[test]
    fn impulse_counts_and_phasor_follows_cycles() {
        let y = render(&mut *osc("impulse"), SR, &[4.0], SR as usize);
        assert_eq!(y.iter().filter(|&&v| v == 1.0).count(), 4);
        assert_eq!(y[0], 1.0);
        assert_eq!(y[11_999..12_002].iter().sum::<f32>(), 1.0);
        assert_eq!(y.iter().sum::<f32>(), 4.0);
        // cps 0.5: one ramp per 2 s.
        let p = render_with(&mut Phasor, SR, 0.5, &[], 96_000 + 10, 100);
        assert!(p[0].abs() < 1e-6);
        assert!((p[48_000] - 0.5).abs() < 1e-6);
        assert!(p[95_999] > 0.999 && p[96_000] < 1e-6);
    }
}
