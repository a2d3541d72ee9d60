//! Envelopes: the cycle-synchronised kernels `adsr a d s r`, `ad a d`, `env attack
//! release`, `line a b`, `xline a b dur`, and [`VoiceEnv`], the per-voice envelope of the
//! sample player and the synth voices.
//!
//! Threading contract: constructors and `make` run off the audio thread; `process` and
//! every `VoiceEnv` method run on it and never allocate, lock or panic.
//!
//! Outside sample players an envelope restarts at every cycle start. Each kernel is a pure
//! function of the cycle position of the sample (`ctx.cycle_at(i)`) and its inputs, so the
//! output does not depend on the block size. Time since the cycle start in seconds is
//! `fraction / cps` with `cps = ctx.cycles_per_sample · ctx.sample_rate`; a stopped
//! transport (cps <= 0) outputs 0. The kernels output the envelope value (0..1 for
//! `adsr ad env`); the compiler multiplies.
//!
//! Shapes: attacks are linear; decays and releases follow SuperCollider's curve -4
//! (`1 - (1 - e^(-4x)) / (1 - e^-4)` of the way, exponential-like, reaching the target
//! exactly at the stated time). Times are in seconds; negative or NaN times count as 0,
//! the sustain level is clamped to 0..1.
//!
//! - `adsr a d s r`: the gate is on from the cycle start until `r` seconds before the cycle
//!   end, then the release takes the envelope from wherever it is to 0 by the cycle end. If
//!   `r` is more than half the cycle, the gate is on for the first half and the release is
//!   squeezed into the second half (so every cycle ends at 0 and the restart never clicks).
//! - `ad a d` and `env attack release`: attack to 1, then decay to 0 over `d`; 0 after.
//! - `line a b`: a straight line from `a` at the cycle start to `b` at its end.
//! - `xline a b dur`: exponential from `a` to `b` over `dur` cycles, then holding `b`; it
//!   restarts every `ceil(dur)` cycles (every cycle for `dur <= 1`). Linear when `a` and `b`
//!   do not have the same sign or one is 0. `dur <= 0` (or NaN) jumps straight to `b`.

use super::kernel::{BlockCtx, Input, Kernel};
use super::osc::{cycle_split, mono_out, signal};

/// SuperCollider's curve for decays and releases.
const CURVE: f64 = -4.0;

/// Fraction of the way along a curve -4 segment at progress `x` (0..1).
#[inline(always)]
fn curve(x: f32) -> f32 {
    const NORM: f32 = 1.0 / (1.0 - 0.018_315_64); // 1 / (1 - e^-4)
    (1.0 - (CURVE as f32 * x).exp()) * NORM
}

/// A time parameter: NaN or negative → 0.
#[inline(always)]
fn time(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// A level parameter clamped to 0..1 (NaN → 0).
#[inline(always)]
fn level01(x: f32) -> f32 {
    if x > 0.0 {
        x.min(1.0)
    } else {
        0.0
    }
}

/// Seconds per cycle for a block, or `None` when the transport does not move.
#[inline]
fn cycle_secs(ctx: &BlockCtx) -> Option<f64> {
    let cps = ctx.cycles_per_sample * ctx.sample_rate as f64;
    (cps > 0.0 && cps.is_finite()).then(|| 1.0 / cps)
}

/// Attack-decay-sustain level `t` seconds after the gate went on.
#[inline(always)]
fn ads_level(t: f32, a: f32, d: f32, s: f32) -> f32 {
    if t < a {
        t / a
    } else if t < a + d {
        1.0 - (1.0 - s) * curve((t - a) / d)
    } else {
        s
    }
}

// ------------------------------------------------------------------------------ adsr

/// `adsr a d s r`, restarting every cycle (see the module doc for the gate).
#[derive(Clone)]
pub struct Adsr;

impl Kernel for Adsr {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let n = o.len();
        let (Some(a), Some(d), Some(s), Some(r), Some(len)) = (
            signal(inputs, 0, n),
            signal(inputs, 1, n),
            signal(inputs, 2, n),
            signal(inputs, 3, n),
            cycle_secs(ctx),
        ) else {
            o.fill(0.0);
            return;
        };
        let half = (len * 0.5) as f32;
        let len32 = len as f32;
        for (i, y) in o.iter_mut().enumerate() {
            let t = (cycle_split(ctx.cycle_at(i)).1 * len) as f32;
            let (a, d, s) = (time(a[i]), time(d[i]), level01(s[i]));
            let r = time(r[i]).min(half);
            let off = len32 - r;
            *y = if t < off {
                ads_level(t, a, d, s)
            } else if r > 0.0 {
                let from = ads_level(off, a, d, s);
                from * (1.0 - curve(((t - off) / r).min(1.0)))
            } else {
                0.0
            };
        }
    }
}

// ----------------------------------------------------------------------- ad and env

/// `ad a d` and `env attack release`: attack to 1 then decay to 0, every cycle.
#[derive(Clone)]
pub struct Ad;

impl Kernel for Ad {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let n = o.len();
        let (Some(a), Some(d), Some(len)) =
            (signal(inputs, 0, n), signal(inputs, 1, n), cycle_secs(ctx))
        else {
            o.fill(0.0);
            return;
        };
        for (i, y) in o.iter_mut().enumerate() {
            let t = (cycle_split(ctx.cycle_at(i)).1 * len) as f32;
            let (a, d) = (time(a[i]), time(d[i]));
            *y = if t < a {
                t / a
            } else if t < a + d {
                1.0 - curve((t - a) / d)
            } else {
                0.0
            };
        }
    }
}

// ----------------------------------------------------------------------------- lines

/// `line a b`: from `a` to `b` over each cycle.
#[derive(Clone)]
pub struct Line;

impl Kernel for Line {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let n = o.len();
        let (Some(a), Some(b)) = (signal(inputs, 0, n), signal(inputs, 1, n)) else {
            o.fill(0.0);
            return;
        };
        for (i, y) in o.iter_mut().enumerate() {
            let x = cycle_split(ctx.cycle_at(i)).1 as f32;
            *y = a[i] + (b[i] - a[i]) * x;
        }
    }
}

/// `xline a b dur`: exponential from `a` to `b` over `dur` cycles (see the module doc).
#[derive(Clone)]
pub struct XLine;

impl Kernel for XLine {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        let n = o.len();
        let (Some(a), Some(b), Some(dur)) = (
            signal(inputs, 0, n),
            signal(inputs, 1, n),
            signal(inputs, 2, n),
        ) else {
            o.fill(0.0);
            return;
        };
        // ln(b/a) of the last (a, b) seen: inputs rarely change, `ln` is the costly part.
        let (mut last_a, mut last_b, mut log_ratio) = (f32::NAN, f32::NAN, 0.0f32);
        for (i, y) in o.iter_mut().enumerate() {
            let (a, b, dur) = (a[i], b[i], dur[i] as f64);
            let x = if dur > 0.0 && dur.is_finite() {
                let (whole, frac) = cycle_split(ctx.cycle_at(i));
                let into = if dur <= 1.0 {
                    frac
                } else {
                    whole.rem_euclid(dur.ceil()) + frac
                };
                (into / dur).min(1.0) as f32
            } else {
                1.0
            };
            *y = if (a > 0.0 && b > 0.0) || (a < 0.0 && b < 0.0) {
                if a != last_a || b != last_b {
                    (last_a, last_b, log_ratio) = (a, b, (b / a).ln());
                }
                a * (x * log_ratio).exp()
            } else {
                a + (b - a) * x
            };
        }
    }
}

// -------------------------------------------------------------------------- VoiceEnv

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Attack,
    Decay,
    Sustain,
    Release,
    Done,
}

/// A per-voice ADSR envelope driven sample by sample: `trigger`, then `next()` once per
/// sample, `gate_off()` when the note ends, until `is_done()`. Attack is linear from the
/// current level to 1; decay (to the sustain level) and release (to 0) follow curve -4 and
/// take exactly the stated times. A sustain of 0 makes it percussive: done after the decay.
/// Allocation-free; `Copy` so voices can embed it.
#[derive(Clone, Copy, Debug)]
pub struct VoiceEnv {
    sample_rate: f32,
    attack: f32,
    decay: f32,
    sustain: f32,
    release: f32,
    stage: Stage,
    /// The value `next()` returns next.
    level: f32,
    // The running segment: `n` of `len` samples from `from` to `to`.
    n: u32,
    len: u32,
    from: f32,
    to: f32,
    /// Linear segments: increment per sample.
    step: f32,
    /// Curved segments: `w = e^(CURVE·n/len)`, multiplied by `k` per sample.
    w: f64,
    k: f64,
    curved: bool,
}

impl VoiceEnv {
    /// An idle envelope (done, level 0) with attack 0.001 s, no decay, sustain 1,
    /// release 0.01 s.
    pub fn new(sample_rate: f32) -> Self {
        VoiceEnv {
            sample_rate: if sample_rate > 0.0 {
                sample_rate
            } else {
                48_000.0
            },
            attack: 0.001,
            decay: 0.0,
            sustain: 1.0,
            release: 0.01,
            stage: Stage::Done,
            level: 0.0,
            n: 0,
            len: 0,
            from: 0.0,
            to: 0.0,
            step: 0.0,
            w: 1.0,
            k: 1.0,
            curved: false,
        }
    }

    /// Sets the times (seconds) and sustain level (0..1); takes effect at the next segment.
    pub fn set(&mut self, attack: f32, decay: f32, sustain: f32, release: f32) {
        self.attack = time(attack);
        self.decay = time(decay);
        self.sustain = level01(sustain);
        self.release = time(release);
    }

    /// Starts the attack from the current level (0 for an idle envelope, so a retrigger
    /// of a sounding voice does not click).
    pub fn trigger(&mut self) {
        self.begin(Stage::Attack);
    }

    /// Ends the note: release from the current level. No effect once released or done.
    pub fn gate_off(&mut self) {
        if matches!(self.stage, Stage::Attack | Stage::Decay | Stage::Sustain) {
            self.begin(Stage::Release);
        }
    }

    /// Silences at once (level 0, done).
    pub fn kill(&mut self) {
        self.stage = Stage::Done;
        self.level = 0.0;
    }

    pub fn is_done(&self) -> bool {
        self.stage == Stage::Done
    }

    /// The value the next call to `next` returns.
    pub fn level(&self) -> f32 {
        self.level
    }

    /// This sample's gain; advances one sample.
    #[inline]
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> f32 {
        let y = self.level;
        match self.stage {
            Stage::Sustain | Stage::Done => {}
            _ => {
                self.n += 1;
                if self.n >= self.len {
                    self.level = self.to;
                    let next = match self.stage {
                        Stage::Attack => Stage::Decay,
                        Stage::Decay if self.sustain > 0.0 => Stage::Sustain,
                        _ => Stage::Done,
                    };
                    self.begin(next);
                } else if self.curved {
                    self.w *= self.k;
                    let frac = (1.0 - self.w) as f32 * (1.0 / (1.0 - 0.018_315_64));
                    self.level = self.from + (self.to - self.from) * frac;
                } else {
                    self.level += self.step;
                }
            }
        }
        y
    }

    /// Multiplies `buf` by the envelope, sample by sample.
    pub fn apply(&mut self, buf: &mut [f32]) {
        for v in buf {
            *v *= self.next();
        }
    }

    fn samples(&self, secs: f32) -> u32 {
        (secs * self.sample_rate).round().min(u32::MAX as f32) as u32
    }

    /// Enters `stage` from the current level.
    fn begin(&mut self, stage: Stage) {
        self.stage = stage;
        let (to, secs, curved) = match stage {
            Stage::Attack => (1.0, self.attack, false),
            Stage::Decay => (self.sustain, self.decay, true),
            Stage::Release => (0.0, self.release, true),
            Stage::Sustain => {
                self.level = self.sustain;
                return;
            }
            Stage::Done => {
                self.level = 0.0;
                return;
            }
        };
        let len = self.samples(secs);
        self.from = self.level;
        self.to = to;
        self.n = 0;
        self.len = len;
        self.curved = curved;
        self.w = 1.0;
        self.k = (CURVE / len.max(1) as f64).exp();
        self.step = (to - self.level) / len.max(1) as f32;
        if len == 0 {
            // Zero-length segment: jump, then the following stage.
            self.level = to;
            let next = match stage {
                Stage::Attack => Stage::Decay,
                Stage::Decay if self.sustain > 0.0 => Stage::Sustain,
                _ => Stage::Done,
            };
            self.begin(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::osc::test_support::*;
    use super::*;

    const SR: f32 = 48_000.0;

    fn env(name: &str, consts: &[f32], cps: f64, seconds: f64) -> Vec<f32> {
        let total = (seconds * SR as f64) as usize;
        let inputs: Vec<Vec<f32>> = consts.iter().map(|&c| vec![c; total]).collect();
        let mut k = make(name, &setup(SR)).unwrap();
        render_with(&mut *k, SR, cps, &inputs, total, 256)
    }

    fn at(y: &[f32], secs: f64) -> f32 {
        y[(secs * SR as f64).round() as usize]
    }

    /// First sample index (in seconds) where `y` reaches `v` (rising) from `from`.
    fn first_reach(y: &[f32], from: usize, v: f32) -> f64 {
        (from..y.len()).find(|&i| y[i] >= v).unwrap() as f64 / SR as f64
    }

    #[test]
    fn adsr_segments_times_and_restart() {
        // cps 0.5: 2 s cycles. Gate off at 2 - 0.4 = 1.6 s.
        let y = env("adsr", &[0.1, 0.2, 0.5, 0.4], 0.5, 4.0);
        assert!(y[0].abs() < 1e-6);
        assert!((at(&y, 0.05) - 0.5).abs() < 1e-3);
        assert!((first_reach(&y, 0, 0.9999) - 0.1).abs() < 2.0 / SR as f64);
        // Decay reaches sustain at 0.3 s (curve -4: 88% of the way at half time).
        assert!(
            (at(&y, 0.2) - (1.0 - 0.5 * 0.881)).abs() < 0.01,
            "{}",
            at(&y, 0.2)
        );
        assert!((at(&y, 0.3) - 0.5).abs() < 1e-3);
        assert!((at(&y, 1.59) - 0.5).abs() < 1e-6);
        // Release from 0.5: 11.9% left at half time, 0 at the cycle end.
        assert!((at(&y, 1.8) - 0.5 * 0.119).abs() < 0.005, "{}", at(&y, 1.8));
        assert!(at(&y, 1.9999) < 1e-3);
        // Restarts at 2 s: the second cycle equals the first.
        let n = (2.0 * SR) as usize;
        let worst = (0..n).map(|i| (y[i] - y[i + n]).abs()).fold(0.0, f32::max);
        assert!(worst < 1e-4, "cycles differ by {worst}");
        assert!(y.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }

    #[test]
    fn adsr_release_longer_than_half_a_cycle_still_ends_at_zero() {
        // 0.5 s cycles, release 2 s: gate on for 0.25 s, release squeezed into 0.25 s.
        let y = env("adsr", &[0.01, 0.05, 0.8, 2.0], 2.0, 1.0);
        assert!((at(&y, 0.2) - 0.8).abs() < 1e-3);
        assert!(at(&y, 0.4999) < 1e-3 && at(&y, 0.9999) < 1e-3);
        assert!(at(&y, 0.3) > 0.1);
    }

    #[test]
    fn ad_and_env_are_percussive() {
        let y = env("ad", &[0.01, 0.3], 1.0, 2.0);
        assert!((first_reach(&y, 0, 0.9999) - 0.01).abs() < 2.0 / SR as f64);
        // -20 dB (0.1) is reached 53.75% into the curve -4 decay: 0.01 + 0.161 s.
        let t = (480..y.len()).find(|&i| y[i] < 0.1).unwrap() as f64 / SR as f64;
        assert!((t - 0.1713).abs() < 0.001, "-20 dB at {t}");
        assert!(at(&y, 0.311) == 0.0 && at(&y, 0.9) == 0.0);
        assert!(at(&y, 1.005) > 0.4); // next cycle
        let e = env("env", &[0.01, 0.3], 1.0, 2.0);
        assert!(e == y);
    }

    #[test]
    fn lines() {
        let y = env("line", &[100.0, 300.0], 0.5, 4.0);
        assert!((at(&y, 0.0) - 100.0).abs() < 1e-3);
        assert!((at(&y, 1.0) - 200.0).abs() < 1e-2);
        assert!((at(&y, 3.0) - 200.0).abs() < 1e-2);
        // xline 2000 → 200 over 1 cycle: the geometric mean half way.
        let x = env("xline", &[2000.0, 200.0, 1.0], 1.0, 2.0);
        assert!((at(&x, 0.0) - 2000.0).abs() < 0.01);
        assert!((at(&x, 0.5) - 632.46).abs() < 0.5, "{}", at(&x, 0.5));
        assert!((at(&x, 1.5) - 632.46).abs() < 0.5);
        // dur 2: reaches 200 after 2 cycles; restarts every 2.
        let x2 = env("xline", &[2000.0, 200.0, 2.0], 1.0, 4.0);
        assert!((at(&x2, 1.0) - 632.46).abs() < 0.5, "{}", at(&x2, 1.0));
        assert!((at(&x2, 3.0) - 632.46).abs() < 0.5);
        // dur 0.5: holds b for the second half of each cycle.
        let x3 = env("xline", &[2000.0, 200.0, 0.5], 1.0, 1.0);
        assert!((at(&x3, 0.75) - 200.0).abs() < 0.01);
        // Crossing zero: linear.
        let x4 = env("xline", &[-1.0, 1.0, 1.0], 1.0, 1.0);
        assert!(at(&x4, 0.5).abs() < 1e-3);
    }

    #[test]
    fn block_independent_and_robust() {
        let n = 30_000;
        let a: Vec<f32> = (0..n).map(|i| 0.01 + 0.1 * (i as f32 / n as f32)).collect();
        let b: Vec<f32> = vec![0.2; n];
        let c: Vec<f32> = vec![0.5; n];
        let d: Vec<f32> = vec![0.1; n];
        for name in ["adsr", "ad", "line", "xline"] {
            let inputs = vec![a.clone(), b.clone(), c.clone(), d.clone()];
            let mut k = make(name, &setup(SR)).unwrap();
            let big = render_with(&mut *k, SR, 3.3, &inputs, n, n);
            for block in [1, 5, 128] {
                let mut k = make(name, &setup(SR)).unwrap();
                let small = render_with(&mut *k, SR, 3.3, &inputs, n, block);
                assert!(big == small, "{name} block {block}");
            }
            // Garbage parameters and a stopped transport: finite, no panic.
            let bad = vec![
                vec![f32::NAN; 100],
                vec![-1.0; 100],
                vec![0.0; 100],
                vec![1e30; 100],
            ];
            let mut k = make(name, &setup(SR)).unwrap();
            for cps in [1.0, 0.0, -1.0] {
                let y = render_with(&mut *k, SR, cps, &bad, 100, 32);
                assert!(y.iter().all(|v| !v.is_infinite()), "{name} {cps}");
            }
        }
    }

    #[test]
    fn voice_env_times() {
        let mut e = VoiceEnv::new(SR);
        e.set(0.01, 0.1, 0.5, 0.2);
        assert!(e.is_done());
        e.trigger();
        let y: Vec<f32> = (0..48_000).map(|_| e.next()).collect();
        assert_eq!(y[0], 0.0);
        assert!((y[240] - 0.5).abs() < 1e-3);
        assert!((y[480] - 1.0).abs() < 1e-6);
        assert!((y[480 + 2400] - (1.0 - 0.5 * 0.881)).abs() < 0.005);
        assert!((y[480 + 4800] - 0.5).abs() < 1e-6);
        assert!((y[40_000] - 0.5).abs() < 1e-6);
        e.gate_off();
        let r: Vec<f32> = (0..20_000).map(|_| e.next()).collect();
        assert_eq!(r[0], 0.5);
        assert!((r[4800] - 0.5 * 0.119).abs() < 0.003, "{}", r[4800]);
        let end = r.iter().position(|&v| v == 0.0).unwrap();
        assert!((end as i64 - 9600).abs() <= 1, "release ended at {end}");
        assert!(e.is_done());
        // Percussive: sustain 0 ends after the decay without a gate_off.
        e.set(0.0, 0.05, 0.0, 0.1);
        e.trigger();
        assert_eq!(e.next(), 1.0);
        let mut count = 1;
        while !e.is_done() {
            e.next();
            count += 1;
        }
        assert!((count as i64 - 2400).abs() <= 1, "{count}");
        // Release during the attack starts from where it is, without a jump.
        e.set(0.1, 0.0, 1.0, 0.01);
        e.trigger();
        for _ in 0..2400 {
            e.next();
        }
        e.gate_off();
        let v = e.next();
        assert!((v - 0.5).abs() < 1e-3, "{v}");
        // Garbage settings do not panic and end.
        e.set(f32::NAN, -1.0, f32::NAN, f32::INFINITY);
        e.trigger();
        e.next();
        e.gate_off();
        e.next();
        e.kill();
        assert!(e.is_done() && e.next() == 0.0);
    }
}
