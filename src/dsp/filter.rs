//! Filters: `lpf hpf bpf notch` and `rlpf rhpf` (a Cytomic/Simper trapezoidal
//! state-variable filter, stable under fast modulation) and `moog_ladder`/`moog` (a 4-pole
//! zero-delay-feedback ladder with tanh saturation at its input).
//!
//! Inputs follow the registry: `input, cutoff, q` (or `input, cutoff, res`). Coefficients
//! are computed once when cutoff and q are constants; otherwise at every control tick of the
//! absolute sample clock (`(start_sample + i) % CONTROL_RATE == 0`) and at the first sample
//! rendered, so the output does not depend on the block size. Cutoff is clamped to
//! 10 Hz .. 0.49 × sample rate; NaN parameters fall back to defaults; NaN/inf audio is
//! replaced by 0 before it reaches the state, and a state that still becomes non-finite is
//! reset to 0. A stereo input gives a stereo output with independent state per channel.
//!
//! Threading contract: [`make`] runs off the audio thread (no allocation besides the box);
//! `process` runs on the audio thread and never allocates, locks or panics. Filter state is
//! copied into locals for each run of samples and written back afterwards.

use super::kernel::{flush, BlockCtx, Input, Kernel};
use super::util::{block_len, clean, control_segments, fast_tanh, finite_or, silence};
use std::f32::consts::PI;

/// Clamps cutoff to the range every filter here accepts.
#[inline]
fn clamp_cutoff(cutoff: f32, sample_rate: f32) -> f32 {
    finite_or(cutoff, 1000.0).clamp(10.0, 0.49 * sample_rate)
}

// ------------------------------------------------------------------ the TPT core

/// The float types the TPT filter runs in: `f32` in kernels and synths, `f64` where the
/// bundled kit is synthesised.
pub trait Real:
    Copy
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
{
    const ONE: Self;
    const TWO: Self;
    const PI: Self;
    fn tan(self) -> Self;
}

impl Real for f32 {
    const ONE: f32 = 1.0;
    const TWO: f32 = 2.0;
    const PI: f32 = std::f32::consts::PI;
    fn tan(self) -> f32 {
        f32::tan(self)
    }
}

impl Real for f64 {
    const ONE: f64 = 1.0;
    const TWO: f64 = 2.0;
    const PI: f64 = std::f64::consts::PI;
    fn tan(self) -> f64 {
        f64::tan(self)
    }
}

/// Coefficients of the trapezoidal (TPT) state-variable filter (Simper, "Linear
/// trapezoidal integrated SVF"): `g = tan(π·fc/fs)`, `k = 1/q`, `a1 = 1/(1 + g(g + k))`,
/// `a2 = g·a1`, `a3 = g·a2`. Every SVF of Phonon starts from these.
#[derive(Clone, Copy, Debug, Default)]
pub struct TptCoefs<T> {
    pub k: T,
    pub a1: T,
    pub a2: T,
    pub a3: T,
}

impl<T: Real> TptCoefs<T> {
    /// For a cutoff `fc` the caller has already limited below Nyquist, and `q > 0`.
    pub fn new(fc: T, q: T, sample_rate: T) -> TptCoefs<T> {
        let g = (T::PI * fc / sample_rate).tan();
        let k = T::ONE / q;
        let a1 = T::ONE / (T::ONE + g * (g + k));
        let a2 = g * a1;
        let a3 = g * a2;
        TptCoefs { k, a1, a2, a3 }
    }
}

/// A TPT state-variable filter run one sample at a time (synth voices, the kit): each tick
/// gives the low-, band- and high-pass outputs. The kernels use the same coefficients in a
/// block form ([`Svf`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct TptSvf<T> {
    pub c: TptCoefs<T>,
    ic1: T,
    ic2: T,
}

impl<T: Real + Default> TptSvf<T> {
    pub fn new(fc: T, q: T, sample_rate: T) -> TptSvf<T> {
        TptSvf {
            c: TptCoefs::new(fc, q, sample_rate),
            ..Default::default()
        }
    }

    /// New coefficients; the state carries on.
    pub fn set(&mut self, fc: T, q: T, sample_rate: T) {
        self.c = TptCoefs::new(fc, q, sample_rate);
    }

    pub fn clear(&mut self) {
        self.ic1 = T::default();
        self.ic2 = T::default();
    }

    /// One sample in; (low, band, high) out.
    #[inline(always)]
    pub fn tick(&mut self, v0: T) -> (T, T, T) {
        let c = self.c;
        let v3 = v0 - self.ic2;
        let v1 = c.a1 * self.ic1 + c.a2 * v3;
        let v2 = self.ic2 + c.a2 * self.ic1 + c.a3 * v3;
        self.ic1 = T::TWO * v1 - self.ic1;
        self.ic2 = T::TWO * v2 - self.ic2;
        (v2, v1, v0 - c.k * v1 - v2)
    }

    #[inline(always)]
    pub fn lowpass(&mut self, v0: T) -> T {
        self.tick(v0).0
    }

    /// Band-pass normalised to unity gain at the centre frequency.
    #[inline(always)]
    pub fn bandpass(&mut self, v0: T) -> T {
        let k = self.c.k;
        self.tick(v0).1 * k
    }

    #[inline(always)]
    pub fn highpass(&mut self, v0: T) -> T {
        self.tick(v0).2
    }
}

// ------------------------------------------------------------------ state-variable filter

/// Which output of the state-variable filter is heard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SvfMode {
    Lowpass,
    Highpass,
    /// Constant peak gain: 0 dB at the cutoff whatever q is (q sets the bandwidth).
    Bandpass,
    Notch,
}

/// The accepted q range (q is the usual quality factor: 0.707 = Butterworth, gain at the
/// cutoff of a low/high-pass = q).
///
/// `rlpf`/`rhpf` are the same SVF as `lpf`/`hpf`; they differ only by their q mapping:
/// their q is never below 0.707 (always at least a Butterworth corner, default 4 in the
/// registry) and may go up to 200 for ringing, while the plain filters accept 0.025..40.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QRange {
    pub min: f32,
    pub max: f32,
}

impl QRange {
    pub const PLAIN: QRange = QRange {
        min: 0.025,
        max: 40.0,
    };
    pub const RESONANT: QRange = QRange {
        min: std::f32::consts::FRAC_1_SQRT_2,
        max: 200.0,
    };
}

/// The [`TptCoefs`] of the trapezoidal SVF rewritten as a 2×2 state-space update, so each
/// new state is one short sum of products (a shorter sample-to-sample dependency chain
/// than the textbook form, same filter):
///
/// ```text
/// ic1' = A11·ic1 + A12·ic2 + B1·x        y = C0·x + C1·ic1 + C2·ic2
/// ic2' = A21·ic1 + A22·ic2 + B2·x
/// ```
/// with `a1 = 1/(1 + g(g + k))`, `a2 = g·a1`, `a3 = g·a2`, `g = tan(π·fc/fs)`, `k = 1/q`,
/// and the output `m0·x + m1·band + m2·low` of the mode folded into C.
#[derive(Clone, Copy, Debug, Default)]
struct SvfCoefs {
    a11: f32,
    a12: f32,
    b1: f32,
    a21: f32,
    a22: f32,
    b2: f32,
    c0: f32,
    c1: f32,
    c2: f32,
}

impl SvfCoefs {
    fn new(mode: SvfMode, cutoff: f32, q: f32, qr: QRange, sample_rate: f32) -> SvfCoefs {
        let fc = clamp_cutoff(cutoff, sample_rate);
        let q = finite_or(q, 0.707).clamp(qr.min, qr.max);
        let TptCoefs { k, a1, a2, a3 } = TptCoefs::new(fc, q, sample_rate);
        let (m0, m1, m2) = match mode {
            SvfMode::Lowpass => (0.0, 0.0, 1.0),
            SvfMode::Highpass => (1.0, -k, -1.0),
            SvfMode::Bandpass => (0.0, k, 0.0),
            SvfMode::Notch => (1.0, -k, 0.0),
        };
        // band = a1·ic1 − a2·ic2 + a2·x, low = a2·ic1 + (1 − a3)·ic2 + a3·x
        SvfCoefs {
            a11: 2.0 * a1 - 1.0,
            a12: -2.0 * a2,
            b1: 2.0 * a2,
            a21: 2.0 * a2,
            a22: 1.0 - 2.0 * a3,
            b2: 2.0 * a3,
            c0: m0 + m1 * a2 + m2 * a3,
            c1: m1 * a1 + m2 * a2,
            c2: -m1 * a2 + m2 * (1.0 - a3),
        }
    }
}

/// One SVF for `lpf hpf bpf notch rlpf rhpf`.
#[derive(Clone)]
pub struct Svf {
    mode: SvfMode,
    qr: QRange,
    channels: usize,
    c: SvfCoefs,
    /// Coefficients have been computed at least once (constant parameters: only once).
    init: bool,
    /// `[ic1eq, ic2eq]` per channel.
    state: [[f32; 2]; 2],
}

impl Svf {
    pub fn new(mode: SvfMode, qr: QRange, channels: usize) -> Svf {
        Svf {
            mode,
            qr,
            channels: channels.clamp(1, 2),
            c: SvfCoefs::default(),
            init: false,
            state: [[0.0; 2]; 2],
        }
    }
}

/// Runs one channel of the SVF over a run of samples with fixed coefficients.
#[inline(always)]
fn svf_run(c: &SvfCoefs, s: &mut [f32; 2], x: &[f32], y: &mut [f32]) {
    let (mut ic1, mut ic2) = (s[0], s[1]);
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &mut y[..n]);
    for i in 0..n {
        let v0 = clean(x[i]);
        y[i] = c.c0 * v0 + c.c1 * ic1 + c.c2 * ic2;
        let n1 = c.a11 * ic1 + c.a12 * ic2 + c.b1 * v0;
        let n2 = c.a21 * ic1 + c.a22 * ic2 + c.b2 * v0;
        ic1 = n1;
        ic2 = n2;
    }
    *s = [ic1, ic2];
}

/// Both channels in one loop: two independent dependency chains run in parallel.
#[inline(always)]
fn svf_run2(
    c: &SvfCoefs,
    s: &mut [[f32; 2]; 2],
    xl: &[f32],
    xr: &[f32],
    yl: &mut [f32],
    yr: &mut [f32],
) {
    let [[mut l1, mut l2], [mut r1, mut r2]] = *s;
    let n = xl.len().min(xr.len()).min(yl.len()).min(yr.len());
    let (xl, xr, yl, yr) = (&xl[..n], &xr[..n], &mut yl[..n], &mut yr[..n]);
    for i in 0..n {
        let l0 = clean(xl[i]);
        let r0 = clean(xr[i]);
        yl[i] = c.c0 * l0 + c.c1 * l1 + c.c2 * l2;
        yr[i] = c.c0 * r0 + c.c1 * r1 + c.c2 * r2;
        let nl1 = c.a11 * l1 + c.a12 * l2 + c.b1 * l0;
        let nl2 = c.a21 * l1 + c.a22 * l2 + c.b2 * l0;
        let nr1 = c.a11 * r1 + c.a12 * r2 + c.b1 * r0;
        let nr2 = c.a21 * r1 + c.a22 * r2 + c.b2 * r0;
        (l1, l2, r1, r2) = (nl1, nl2, nr1, nr2);
    }
    *s = [[l1, l2], [r1, r2]];
}

/// Flushes tiny values to zero and resets a state that became non-finite.
#[inline]
fn settle<const N: usize>(s: &mut [f32; N]) {
    if s.iter().any(|v| !v.is_finite()) {
        *s = [0.0; N];
    }
    for v in s.iter_mut() {
        *v = flush(*v);
    }
}

impl Kernel for Svf {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let (x, cutoff, q) = (inputs[0], inputs[1], inputs[2]);
        let modulated = !(cutoff.constant && q.constant);
        let sr = ctx.sample_rate;
        let (mode, qr) = (self.mode, self.qr);
        let stereo = self.channels == 2;
        let (ol, or) = out.split_at_mut(1);
        let ol = &mut *ol[0];
        control_segments(ctx.start_sample, n, modulated, |i0, i1, tick| {
            if (tick && modulated) || !self.init {
                self.c = SvfCoefs::new(mode, cutoff.left[i0], q.left[i0], qr, sr);
                self.init = true;
            }
            if stereo {
                let or = &mut *or[0];
                svf_run2(
                    &self.c,
                    &mut self.state,
                    &x.left[i0..i1],
                    &x.right[i0..i1],
                    &mut ol[i0..i1],
                    &mut or[i0..i1],
                );
            } else {
                svf_run(
                    &self.c,
                    &mut self.state[0],
                    &x.left[i0..i1],
                    &mut ol[i0..i1],
                );
            }
        });
        for s in self.state.iter_mut() {
            settle(s);
        }
    }

    fn reset(&mut self) {
        self.init = false;
        self.state = [[0.0; 2]; 2];
    }
}

// ------------------------------------------------------------------ Moog ladder

/// Coefficients of the ladder: four trapezoidal one-poles (`G = g/(1+g)`, each stage
/// `y = G·in + β·s`, `β = 1/(1+g)`, `s' = 2y − s`), the feedback solved without a unit
/// delay (Zavalishin, "The Art of VA Filter Design", ch. 5), and input gain compensation.
/// The four stage outputs are computed side by side as `Gⁱ·u + Pᵢ` (Pᵢ from the states
/// only) rather than one after another, which shortens the per-sample dependency chain.
#[derive(Clone, Copy, Debug, Default)]
struct MoogCoefs {
    /// G, G², G³, G⁴.
    gp: [f32; 4],
    /// Pᵢ = Σⱼ≤ᵢ Gⁱ⁻ʲ·β·sⱼ: row i holds the weights of s1..s4.
    p: [[f32; 4]; 4],
    /// 1 / (1 + k·G⁴)
    inv: f32,
    k: f32,
    /// Input gain 1 + k/2: partly restores the pass-band level a ladder loses at high
    /// resonance (at res 1 the DC gain is 0.6 instead of 0.2).
    comp: f32,
}

impl MoogCoefs {
    fn new(cutoff: f32, res: f32, sample_rate: f32) -> MoogCoefs {
        let fc = clamp_cutoff(cutoff, sample_rate);
        let res = finite_or(res, 0.3).clamp(0.0, Moog::MAX_RES);
        let g = (PI * fc / sample_rate).tan();
        let big_g = g / (1.0 + g);
        let beta = 1.0 / (1.0 + g);
        let k = 4.0 * res;
        let gp = [big_g, big_g * big_g, big_g * big_g * big_g, big_g.powi(4)];
        let mut p = [[0.0; 4]; 4];
        for (i, row) in p.iter_mut().enumerate() {
            for (j, w) in row.iter_mut().enumerate().take(i + 1) {
                *w = big_g.powi((i - j) as i32) * beta;
            }
        }
        MoogCoefs {
            gp,
            p,
            inv: 1.0 / (1.0 + k * gp[3]),
            k,
            comp: 1.0 + 0.5 * k,
        }
    }
}

/// `moog_ladder cutoff res`: a 24 dB/octave ladder low-pass. `res` 0..1 maps to the
/// feedback k = 4·res; from res ≈ 1 (accepted up to [`Moog::MAX_RES`]) it self-oscillates
/// at the cutoff. The feedback sum passes through tanh, which bounds self-oscillation and
/// gives the ladder its drive (louder input, more saturation).
#[derive(Clone)]
pub struct Moog {
    channels: usize,
    c: MoogCoefs,
    init: bool,
    state: [[f32; 4]; 2],
}

impl Moog {
    pub const MAX_RES: f32 = 1.2;

    pub fn new(channels: usize) -> Moog {
        Moog {
            channels: channels.clamp(1, 2),
            c: MoogCoefs::default(),
            init: false,
            state: [[0.0; 4]; 2],
        }
    }
}

#[inline(always)]
fn moog_run(c: &MoogCoefs, s: &mut [f32; 4], x: &[f32], y: &mut [f32]) {
    let mut st = *s;
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &mut y[..n]);
    let p = &c.p;
    for i in 0..n {
        let xin = clean(x[i]) * c.comp;
        let mut pi = [0.0f32; 4];
        for (r, out) in pi.iter_mut().enumerate() {
            *out = p[r][0] * st[0] + p[r][1] * st[1] + p[r][2] * st[2] + p[r][3] * st[3];
        }
        let y4 = (c.gp[3] * xin + pi[3]) * c.inv;
        let u = fast_tanh(xin - c.k * y4);
        for j in 0..4 {
            let yj = c.gp[j] * u + pi[j];
            st[j] = 2.0 * yj - st[j];
            if j == 3 {
                y[i] = yj;
            }
        }
    }
    *s = st;
}

impl Kernel for Moog {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let (x, cutoff, res) = (inputs[0], inputs[1], inputs[2]);
        let modulated = !(cutoff.constant && res.constant);
        let sr = ctx.sample_rate;
        let channels = self.channels;
        control_segments(ctx.start_sample, n, modulated, |i0, i1, tick| {
            if (tick && modulated) || !self.init {
                self.c = MoogCoefs::new(cutoff.left[i0], res.left[i0], sr);
                self.init = true;
            }
            for (ch, o) in out.iter_mut().take(channels).enumerate() {
                let xs = if ch == 0 { x.left } else { x.right };
                moog_run(&self.c, &mut self.state[ch], &xs[i0..i1], &mut o[i0..i1]);
            }
        });
        for s in self.state.iter_mut() {
            settle(s);
        }
    }

    fn reset(&mut self) {
        self.init = false;
        self.state = [[0.0; 4]; 2];
    }
}

// ------------------------------------------------------------------ DJ filter

/// Cutoffs of the DJ filter's two stages at `amount` (SuperDirt's `djf`): below 0.5 a
/// lowpass sweeping exponentially from 20 Hz (0) to 10 kHz (0.5), above it a highpass
/// from 20 Hz (0.5) to 10 kHz (1); the other stage rests at its open end.
pub(crate) fn djf_cutoffs(amount: f32) -> (f32, f32) {
    let x = finite_or(amount, 0.5).clamp(0.0, 1.0);
    let sweep = |t: f32| 20.0 * 500f32.powf(t.clamp(0.0, 1.0));
    (sweep(x * 2.0), sweep(x * 2.0 - 1.0))
}

/// `djf input amount`: a lowpass into a highpass, both Q 1 (SuperDirt's `RLPF`/`RHPF` with
/// `rq` 1), swept by one knob: 0 dark, 0.5 open, 1 thin.
#[derive(Clone)]
pub struct Djf {
    channels: usize,
    low: SvfCoefs,
    high: SvfCoefs,
    init: bool,
    /// Per channel: the lowpass's and the highpass's `[ic1eq, ic2eq]`.
    state: [[[f32; 2]; 2]; 2],
}

impl Djf {
    pub fn new(channels: usize) -> Djf {
        Djf {
            channels: channels.clamp(1, 2),
            low: SvfCoefs::default(),
            high: SvfCoefs::default(),
            init: false,
            state: [[[0.0; 2]; 2]; 2],
        }
    }
}

impl Kernel for Djf {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 2 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..2], out);
        let (x, amount) = (inputs[0], inputs[1]);
        let modulated = !amount.constant;
        let sr = ctx.sample_rate;
        let channels = self.channels;
        control_segments(ctx.start_sample, n, modulated, |i0, i1, tick| {
            if (tick && modulated) || !self.init {
                let (lp, hp) = djf_cutoffs(amount.left[i0]);
                self.low = SvfCoefs::new(SvfMode::Lowpass, lp, 1.0, QRange::PLAIN, sr);
                self.high = SvfCoefs::new(SvfMode::Highpass, hp, 1.0, QRange::PLAIN, sr);
                self.init = true;
            }
            for (ch, (o, state)) in out
                .iter_mut()
                .zip(&mut self.state)
                .take(channels)
                .enumerate()
            {
                let xs = if ch == 0 { x.left } else { x.right };
                let y = &mut o[i0..i1];
                let [low, high] = state;
                // Through the lowpass into a stack buffer, then the highpass into `out`.
                let mut at = i0;
                for chunk in y.chunks_mut(64) {
                    let mut mid = [0.0f32; 64];
                    let mid = &mut mid[..chunk.len()];
                    svf_run(&self.low, low, &xs[at..at + chunk.len()], mid);
                    svf_run(&self.high, high, mid, chunk);
                    at += chunk.len();
                }
            }
        });
        for ch in 0..channels {
            for s in self.state[ch].iter_mut() {
                settle(s);
            }
        }
    }

    fn reset(&mut self) {
        self.state = [[[0.0; 2]; 2]; 2];
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test_support::*;
    use super::*;

    const N: usize = 48_000;

    /// Steady-state gain (dB) of a filter for a sine at `freq`, measured on RMS after 0.25 s.
    fn gain_db(name: &str, cutoff: f32, q: f32, freq: f32) -> f32 {
        // small enough that the ladder's input saturation stays out of the measurement
        let x = sine(freq, 0.1, N);
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(cutoff, N),
            Sig::constant(q, N),
        ];
        let mut k = build(make, name, &ins, 512);
        let o = render(k.as_mut(), &ins, N, 512);
        db(rms(&o[0][N / 4..])) - db(rms(&x[N / 4..]))
    }

    #[test]
    fn lpf_darkens_a_saw() {
        let x = saw(110.0, N);
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(1000.0, N),
            Sig::constant(0.707, N),
        ];
        let mut k = build(make, "lpf", &ins, 512);
        let o = render(k.as_mut(), &ins, N, 512);
        let before = harmonic_centroid(&x[N / 2..], 110.0, 10_000.0);
        let after = harmonic_centroid(&o[0][N / 2..], 110.0, 10_000.0);
        assert!(after < 0.5 * before, "centroid {before} -> {after}");
        assert!(after < 1000.0, "{after}");
    }

    #[test]
    fn lpf_attenuates_two_octaves_up_by_24_db() {
        let pass = gain_db("lpf", 1000.0, 0.707, 100.0);
        let corner = gain_db("lpf", 1000.0, 0.707, 1000.0);
        let stop = gain_db("lpf", 1000.0, 0.707, 4000.0);
        assert!(pass.abs() < 0.1, "pass {pass}");
        assert!((corner + 3.01).abs() < 0.2, "corner {corner}");
        assert!(stop < -20.0, "stop {stop}");
    }

    #[test]
    fn hpf_passes_high_and_cuts_low() {
        let high = gain_db("hpf", 1000.0, 0.707, 8000.0);
        let low = gain_db("hpf", 1000.0, 0.707, 100.0);
        assert!(high.abs() < 0.3, "high {high}");
        assert!(low < -35.0, "low {low}");
    }

    #[test]
    fn bpf_peaks_at_cutoff_and_notch_nulls_there() {
        let at = gain_db("bpf", 1000.0, 4.0, 1000.0);
        let below = gain_db("bpf", 1000.0, 4.0, 500.0);
        let above = gain_db("bpf", 1000.0, 4.0, 2000.0);
        assert!(at.abs() < 0.2, "bpf at cutoff {at}");
        assert!(below < -10.0 && above < -10.0, "{below} {above}");
        let null = gain_db("notch", 1000.0, 1.0, 1000.0);
        let side = gain_db("notch", 1000.0, 1.0, 100.0);
        assert!(null < -40.0, "notch {null}");
        assert!(side > -0.5, "notch side {side}");
    }

    #[test]
    fn resonant_filters_ring_at_cutoff() {
        let peak = gain_db("rlpf", 1000.0, 8.0, 1000.0);
        assert!((peak - db(8.0)).abs() < 0.5, "{peak}");
        let hp = gain_db("rhpf", 300.0, 8.0, 300.0);
        assert!((hp - db(8.0)).abs() < 0.5, "{hp}");
        // rlpf's q never goes below Butterworth
        assert!(gain_db("rlpf", 1000.0, 0.1, 1000.0) > -3.2);
    }

    #[test]
    fn modulated_cutoff_is_block_size_independent() {
        let n = 6000;
        let lfo: Vec<f32> = sine(3.0, 1.0, n)
            .iter()
            .map(|v| 1500.0 + 1200.0 * v)
            .collect();
        let qmod: Vec<f32> = sine(1.0, 1.0, n).iter().map(|v| 2.0 + v).collect();
        for name in ["lpf", "hpf", "bpf", "notch", "rlpf", "rhpf", "moog_ladder"] {
            let ins = [
                Sig::stereo(saw(110.0, n), noise(1, n)),
                Sig::audio(lfo.clone()),
                Sig::audio(if name == "moog_ladder" {
                    qmod.iter().map(|v| v / 3.0).collect()
                } else {
                    qmod.clone()
                }),
            ];
            let d = block_size_diff(make, name, &ins, n);
            assert!(d <= 1e-6, "{name}: {d}");
        }
    }

    #[test]
    fn stereo_channels_are_independent() {
        let n = 4800;
        let ins = [
            Sig::stereo(sine(200.0, 0.5, n), vec![0.0; n]),
            Sig::constant(1000.0, n),
            Sig::constant(0.707, n),
        ];
        let mut k = build(make, "lpf", &ins, 256);
        assert_eq!(k.channels(), 2);
        let o = render(k.as_mut(), &ins, n, 256);
        assert!(rms(&o[0]) > 0.3 && o[1].iter().all(|v| *v == 0.0));
        let mono = [
            Sig::audio(vec![0.0; 8]),
            Sig::constant(1000.0, 8),
            Sig::constant(1.0, 8),
        ];
        assert_eq!(build(make, "hpf", &mono, 8).channels(), 1);
    }

    #[test]
    fn nan_does_not_poison_the_state() {
        let n = 4800;
        let mut x = sine(300.0, 0.5, n);
        x[100] = f32::NAN;
        x[200] = f32::INFINITY;
        let mut cut = vec![1000.0; n];
        cut[300] = f32::NAN;
        for name in ["lpf", "moog"] {
            let ins = [
                Sig::audio(x.clone()),
                Sig::audio(cut.clone()),
                Sig::constant(0.5, n),
            ];
            let mut k = build(make, name, &ins, 64);
            let o = render(k.as_mut(), &ins, n, 64);
            assert!(o[0].iter().all(|v| v.is_finite()), "{name}");
            assert!(rms(&o[0][n / 2..]) > 0.2, "{name} recovers");
        }
    }

    #[test]
    fn moog_is_a_four_pole_lowpass() {
        let pass = gain_db("moog_ladder", 1000.0, 0.0, 100.0);
        let stop = gain_db("moog_ladder", 1000.0, 0.0, 4000.0);
        assert!(pass.abs() < 0.5, "pass {pass}");
        // 24 dB/octave: more than 40 dB down two octaves above the cutoff
        assert!(stop < -40.0, "stop {stop}");
        // resonance boosts the cutoff relative to the pass band
        let peak = gain_db("moog_ladder", 1000.0, 0.8, 1000.0);
        let base = gain_db("moog_ladder", 1000.0, 0.8, 100.0);
        assert!(peak > base + 6.0, "{peak} vs {base}");
    }

    #[test]
    fn moog_self_oscillates_but_stays_bounded() {
        let n = 96_000;
        let x = impulse(n);
        let ins = [
            Sig::audio(x),
            Sig::constant(800.0, n),
            Sig::constant(Moog::MAX_RES, n),
        ];
        let mut k = build(make, "moog_ladder", &ins, 512);
        let o = render(k.as_mut(), &ins, n, 512);
        let tail = &o[0][n - 9600..];
        assert!(peak(&o[0]) < 1.5, "peak {}", peak(&o[0]));
        assert!(rms(tail) > 0.05, "sustains: {}", rms(tail));
        // and it sings at the cutoff
        assert!(amp_at(tail, 800.0) > 3.0 * amp_at(tail, 1200.0));
        // a full-scale saw at max resonance stays bounded too
        let ins = [
            Sig::audio(saw(55.0, n)),
            Sig::constant(2000.0, n),
            Sig::constant(10.0, n),
        ];
        let mut k = build(make, "moog", &ins, 512);
        let o = render(k.as_mut(), &ins, n, 512);
        assert!(peak(&o[0]) < 1.5);
    }
}
