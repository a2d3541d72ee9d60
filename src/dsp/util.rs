//! Utility kernels (`range`, `mtof`, `xfade`, `select`, `lag`, `sample_hold`/`sah`;
//! `phasor` lives with the oscillators in `osc.rs`; `mix` is a sum node of the graph) and the small helpers the filter and
//! effect kernels share: control-rate segmenting on the absolute sample clock, input
//! sanitising, fast math.
//!
//! Threading contract: kernels are built (by their registry entries) off the audio thread (nothing here
//! allocates except the `Box` itself); `process` runs on the audio thread and never
//! allocates, locks or panics — short or missing inputs and outputs produce silence.
//! State lives in the kernel and is copied into locals around each sample loop.

use super::kernel::{BlockCtx, Input, Kernel, Setup, CONTROL_RATE};
use super::osc::sin_turns;

// ------------------------------------------------------------------ shared helpers

/// The widest channel count (1 or 2) of the inputs from `from` on.
pub fn widest(setup: &Setup, from: usize) -> usize {
    setup
        .input_channels
        .iter()
        .skip(from)
        .copied()
        .max()
        .unwrap_or(1)
        .clamp(1, 2)
}

/// Channel count (1 or 2) of input `i` according to `setup` (1 if unknown).
pub fn channels_of(setup: &Setup, i: usize) -> usize {
    setup
        .input_channels
        .get(i)
        .copied()
        .unwrap_or(1)
        .clamp(1, 2)
}

/// Channel `c` of an input (a mono input gives the same slice for both).
#[inline(always)]
pub fn chan<'a>(inp: &Input<'a>, c: usize) -> &'a [f32] {
    if c == 0 {
        inp.left
    } else {
        inp.right
    }
}

/// The number of samples that can safely be rendered: `ctx.len`, shortened to the shortest
/// input and output slice so that no index can go out of bounds.
pub fn block_len(ctx: &BlockCtx, inputs: &[Input], out: &[&mut [f32]]) -> usize {
    let mut n = ctx.len;
    for i in inputs {
        n = n.min(i.left.len()).min(i.right.len());
    }
    for o in out {
        n = n.min(o.len());
    }
    n
}

/// Writes silence to every output channel (used when inputs are missing).
pub fn silence(out: &mut [&mut [f32]]) {
    for o in out.iter_mut() {
        o.fill(0.0);
    }
}

/// `x` if finite, else `default` (for parameters: a NaN cutoff must not reach a filter).
#[inline(always)]
pub fn finite_or(x: f32, default: f32) -> f32 {
    if x.is_finite() {
        x
    } else {
        default
    }
}

/// Sanitises an audio sample before it enters a state: NaN becomes 0 and magnitudes are
/// limited to 1e6 (so feedback paths cannot overflow to infinity).
#[inline(always)]
pub fn clean(x: f32) -> f32 {
    if x.abs() <= 1e6 {
        x
    } else if x > 0.0 {
        1e6
    } else if x < 0.0 {
        -1e6
    } else {
        0.0
    }
}

/// Splits `0..n` of a block starting at absolute sample `start` into runs that begin at
/// control ticks (`(start + i) % CONTROL_RATE == 0`) and calls `f(i0, i1, tick)` for each,
/// `tick` saying whether `i0` is a tick. When `modulated` is false the block is one run: a
/// kernel whose parameters are constant computes its coefficients once. Anchoring to the
/// absolute clock makes the output identical for any block size.
#[inline(always)]
pub fn control_segments(
    start: u64,
    n: usize,
    modulated: bool,
    mut f: impl FnMut(usize, usize, bool),
) {
    if !modulated {
        if n > 0 {
            f(0, n, start.is_multiple_of(CONTROL_RATE));
        }
        return;
    }
    let mut i0 = 0usize;
    while i0 < n {
        let off = ((start + i0 as u64) % CONTROL_RATE) as usize;
        let i1 = (i0 + (CONTROL_RATE as usize - off)).min(n);
        f(i0, i1, off == 0);
        i0 = i1;
    }
}

/// tanh by its (7,6) Padé approximant, clamped at |x| = 4.97: |error| < 1e-4 everywhere
/// (tested), odd, bounded by ±1, cheap (one division).
#[inline(always)]
pub fn fast_tanh(x: f32) -> f32 {
    let x = x.clamp(-4.97, 4.97);
    let x2 = x * x;
    let p = x * (135135.0 + x2 * (17325.0 + x2 * (378.0 + x2)));
    let q = 135135.0 + x2 * (62370.0 + x2 * (3150.0 + 28.0 * x2));
    (p / q).clamp(-1.0, 1.0)
}

/// log2 of a positive number (|error| < 1e-4, tested); 0 and below give -126.
#[inline(always)]
pub fn fast_log2(x: f32) -> f32 {
    if x < f32::MIN_POSITIVE || x.is_nan() {
        return -126.0;
    }
    let bits = x.to_bits();
    let e = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000); // 1 ..< 2
    let t = (m - 1.0) / (m + 1.0); // 0 ..< 1/3
    let t2 = t * t;
    // log2(m) = 2/ln2 · atanh(t)
    e as f32 + 2.885_39 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (0.2 + t2 * (1.0 / 7.0 + t2 / 9.0))))
}

/// 2^x for x in -126..126 (clamped), relative error < 1e-5 (tested).
#[inline(always)]
pub fn fast_exp2(x: f32) -> f32 {
    let x = if x.is_nan() {
        0.0
    } else {
        x.clamp(-126.0, 126.0)
    };
    let xi = x.floor();
    let f = x - xi;
    let p = 1.0
        + f * (std::f32::consts::LN_2
            + f * (0.240_226_5
                + f * (0.055_504_1 + f * (0.009_618_13 + f * (0.001_333_36 + f * 0.000_154_04)))));
    p * f32::from_bits(((xi as i32 + 127) as u32) << 23)
}

/// Frac of `n · inc` in turns, computed in f64 so the phase of an LFO derived from the
/// absolute sample clock stays exact for hours.
#[inline(always)]
pub fn clock_phase(n: u64, inc: f64) -> f32 {
    let p = n as f64 * inc;
    (p - p.floor()) as f32
}

// ------------------------------------------------------------------ range

/// `range lo hi sig`. The registry documents `range` as scaling 0..1 to lo..hi (Tidal's
/// meaning, for patterns, which hold values in 0..1). A *signal* reaching this kernel is an
/// oscillator in -1..1, so the kernel the registry builds for it is bipolar: `sig` -1 → lo,
/// +1 → hi (`range 200 2000 (sine 0.5)` sweeps 200..2000 Hz). [`Range::new`] with
/// `bipolar = false` gives the 0..1 mapping for a compiler that knows its subject is a
/// 0..1 pattern.
#[derive(Clone)]
pub struct Range {
    bipolar: bool,
    channels: usize,
}

impl Range {
    pub fn new(bipolar: bool, channels: usize) -> Range {
        Range {
            bipolar,
            channels: channels.clamp(1, 2),
        }
    }
}

impl Kernel for Range {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let (scale, offset) = if self.bipolar { (0.5, 1.0) } else { (1.0, 0.0) };
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let lo = &chan(&inputs[0], c)[..n];
            let hi = &chan(&inputs[1], c)[..n];
            let s = &chan(&inputs[2], c)[..n];
            for i in 0..n {
                o[i] = lo[i] + (s[i] + offset) * scale * (hi[i] - lo[i]);
            }
        }
    }
}

// ------------------------------------------------------------------ mtof

/// `mtof note`: 440 · 2^((note − 69)/12). Notes are clamped to -100..200; the last
/// conversion is cached, so a stepped pattern costs one `exp2` per step.
#[derive(Clone)]
pub struct Mtof {
    channels: usize,
    last: [(f32, f32); 2],
}

impl Mtof {
    pub fn new(channels: usize) -> Mtof {
        Mtof {
            channels: channels.clamp(1, 2),
            last: [(69.0, 440.0); 2],
        }
    }
}

/// MIDI note number to Hz.
#[inline]
pub fn mtof(note: f32) -> f32 {
    let note = finite_or(note, 69.0).clamp(-100.0, 200.0);
    440.0 * ((note - 69.0) / 12.0).exp2()
}

impl Kernel for Mtof {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.is_empty() || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..1], out);
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let x = &chan(&inputs[0], c)[..n];
            let (mut last_in, mut last_out) = self.last[c];
            for i in 0..n {
                if x[i] != last_in {
                    last_in = x[i];
                    last_out = mtof(last_in);
                }
                o[i] = last_out;
            }
            self.last[c] = (last_in, last_out);
        }
    }

    fn reset(&mut self) {
        self.last = [(69.0, 440.0); 2];
    }
}

// ------------------------------------------------------------------ xfade

/// `xfade a b pos`: equal-power crossfade, pos 0 = a only, 1 = b only, 0.5 = both at
/// −3 dB (no loudness dip between two different sounds). pos is clamped to 0..1.
#[derive(Clone)]
pub struct Xfade {
    channels: usize,
}

impl Xfade {
    pub fn new(channels: usize) -> Xfade {
        Xfade { channels }
    }
}

impl Kernel for Xfade {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let pos = &inputs[2].left[..n];
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let a = &chan(&inputs[0], c)[..n];
            let b = &chan(&inputs[1], c)[..n];
            for i in 0..n {
                let p = finite_or(pos[i], 0.0).clamp(0.0, 1.0) * 0.25;
                o[i] = a[i] * sin_turns(p + 0.25) + b[i] * sin_turns(p);
            }
        }
    }
}

// ------------------------------------------------------------------ select

/// `select index a b ...`: the input numbered floor(index), wrapping around like sample
/// indices (`select 3 ~a ~b ~c` plays `~a`; -1 plays `~c`). A non-finite index picks `a`.
#[derive(Clone)]
pub struct Select {
    channels: usize,
}

impl Select {
    pub fn new(channels: usize) -> Select {
        Select { channels }
    }
}

impl Kernel for Select {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 2 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, inputs, out);
        let count = (inputs.len() - 1) as i64;
        let index = &inputs[0].left[..n];
        let choices = &inputs[1..];
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            for (i, (o, ix)) in o[..n].iter_mut().zip(index).enumerate() {
                let k = finite_or(*ix, 0.0).clamp(-1e9, 1e9).floor() as i64;
                *o = chan(&choices[k.rem_euclid(count) as usize], c)[i];
            }
        }
    }
}

// ------------------------------------------------------------------ lag

/// `lag input time`: one-pole smoothing. `time` is SuperCollider's lag time: seconds to
/// come within 60 dB of a step (time constant = time / 6.9). time ≤ 0 passes the input
/// through. The output starts at the first input value (no slide from 0 at start).
#[derive(Clone)]
pub struct Lag {
    channels: usize,
    coef: f32,
    init: bool,
    y: [f32; 2],
}

impl Lag {
    pub fn new(channels: usize) -> Lag {
        Lag {
            channels: channels.clamp(1, 2),
            coef: 0.0,
            init: false,
            y: [0.0; 2],
        }
    }
}

/// The per-sample coefficient that reaches −60 dB after `time` seconds.
pub fn lag_coef(time: f32, sample_rate: f32) -> f32 {
    let t = finite_or(time, 0.0);
    if t <= 0.0 {
        0.0
    } else {
        ((0.001f32).ln() / (t * sample_rate)).exp()
    }
}

impl Kernel for Lag {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 2 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..2], out);
        if n == 0 {
            return;
        }
        if !self.init {
            for c in 0..self.channels {
                self.y[c] = clean(chan(&inputs[0], c)[0]);
            }
        }
        let time = inputs[1];
        let sr = ctx.sample_rate;
        let channels = self.channels;
        control_segments(ctx.start_sample, n, !time.constant, |i0, i1, tick| {
            if tick || !self.init {
                self.coef = lag_coef(time.left[i0], sr);
                self.init = true;
            }
            let b = self.coef;
            for (c, o) in out.iter_mut().take(channels).enumerate() {
                let x = &chan(&inputs[0], c)[i0..i1];
                let o = &mut o[i0..i1];
                let mut y = self.y[c];
                for i in 0..x.len() {
                    y = clean(x[i]) + b * (y - clean(x[i]));
                    o[i] = y;
                }
                self.y[c] = super::kernel::flush(y);
            }
        });
    }

    fn reset(&mut self) {
        self.init = false;
        self.y = [0.0; 2];
    }
}

// ------------------------------------------------------------------ sample_hold

/// `sample_hold input trigger` (`sah`): takes the input's value whenever the trigger rises
/// from ≤ 0 to > 0 (like SuperCollider's Latch) and holds it; 0 before the first trigger.
#[derive(Clone)]
pub struct SampleHold {
    channels: usize,
    held: [f32; 2],
    prev: f32,
}

impl SampleHold {
    pub fn new(channels: usize) -> SampleHold {
        SampleHold {
            channels: channels.clamp(1, 2),
            held: [0.0; 2],
            prev: 0.0,
        }
    }
}

impl Kernel for SampleHold {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 2 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..2], out);
        let trig = &inputs[1].left[..n];
        let start_prev = self.prev;
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let x = &chan(&inputs[0], c)[..n];
            let mut prev = start_prev;
            let mut held = self.held[c];
            for i in 0..n {
                let t = trig[i];
                if t > 0.0 && prev <= 0.0 {
                    held = clean(x[i]);
                }
                prev = finite_or(t, 0.0);
                o[i] = held;
            }
            self.held[c] = held;
        }
        if n > 0 {
            self.prev = finite_or(trig[n - 1], 0.0);
        }
    }

    fn reset(&mut self) {
        self.held = [0.0; 2];
        self.prev = 0.0;
    }
}

// ------------------------------------------------------------------ test support

/// Signal generators, a block renderer and measurements shared by the kernel tests of
/// `filter.rs`, `fx.rs` and this file.
#[cfg(test)]
pub mod test_support {
    use super::super::kernel::{BlockCtx, Input, Kernel, Setup};
    pub use crate::dsp::osc::test_support::make;

    pub const SR: f32 = 48_000.0;

    /// One input of a test render: mono or stereo samples, and whether it is a constant.
    #[derive(Clone)]
    pub struct Sig {
        pub l: Vec<f32>,
        pub r: Option<Vec<f32>>,
        pub constant: bool,
    }

    impl Sig {
        pub fn audio(l: Vec<f32>) -> Sig {
            Sig {
                l,
                r: None,
                constant: false,
            }
        }
        pub fn stereo(l: Vec<f32>, r: Vec<f32>) -> Sig {
            Sig {
                l,
                r: Some(r),
                constant: false,
            }
        }
        pub fn constant(v: f32, n: usize) -> Sig {
            Sig {
                l: vec![v; n],
                r: None,
                constant: true,
            }
        }
        pub fn channels(&self) -> usize {
            if self.r.is_some() {
                2
            } else {
                1
            }
        }
    }

    /// Builds a kernel with `make` for these inputs.
    pub fn build(
        make: fn(&str, &Setup) -> Option<Box<dyn Kernel>>,
        name: &str,
        inputs: &[Sig],
        max_block: usize,
    ) -> Box<dyn Kernel> {
        let chans: Vec<usize> = inputs.iter().map(Sig::channels).collect();
        let setup = Setup {
            sample_rate: SR,
            max_block,
            input_channels: &chans,
        };
        make(name, &setup).unwrap_or_else(|| panic!("no kernel for {name}"))
    }

    /// Renders `n` samples in blocks of `block`; returns one Vec per output channel.
    pub fn render(k: &mut dyn Kernel, inputs: &[Sig], n: usize, block: usize) -> Vec<Vec<f32>> {
        let ch = k.channels();
        let mut outs = vec![vec![0.0f32; n]; ch];
        let mut bufs = vec![vec![0.0f32; block]; ch];
        let mut start = 0usize;
        while start < n {
            let len = block.min(n - start);
            let ins: Vec<Input> = inputs
                .iter()
                .map(|s| {
                    let l = &s.l[start..start + len];
                    match &s.r {
                        Some(r) => Input {
                            left: l,
                            right: &r[start..start + len],
                            stereo: true,
                            constant: false,
                        },
                        None => Input::mono(l, s.constant),
                    }
                })
                .collect();
            let ctx = BlockCtx {
                sample_rate: SR,
                start_sample: start as u64,
                len,
                cycle: start as f64 / SR as f64,
                cycles_per_sample: 1.0 / SR as f64,
            };
            let mut slices: Vec<&mut [f32]> = bufs.iter_mut().map(|b| &mut b[..len]).collect();
            k.process(&ctx, &ins, &mut slices);
            for c in 0..ch {
                outs[c][start..start + len].copy_from_slice(&bufs[c][..len]);
            }
            start += len;
        }
        outs
    }

    /// Renders with several block sizes and returns the largest difference to block 512.
    pub fn block_size_diff(
        make: fn(&str, &Setup) -> Option<Box<dyn Kernel>>,
        name: &str,
        inputs: &[Sig],
        n: usize,
    ) -> f32 {
        let mut k = build(make, name, inputs, 512);
        let reference = render(k.as_mut(), inputs, n, 512);
        let mut worst = 0.0f32;
        for block in [1, 7, 64, 333] {
            let mut k = build(make, name, inputs, 512);
            let o = render(k.as_mut(), inputs, n, block);
            for (a, b) in o.iter().zip(&reference) {
                for (x, y) in a.iter().zip(b) {
                    worst = worst.max((x - y).abs());
                }
            }
        }
        worst
    }

    pub fn sine(freq: f32, amp: f32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| {
                amp * (std::f64::consts::TAU * freq as f64 * i as f64 / SR as f64).sin() as f32
            })
            .collect()
    }

    /// A naive (aliasing) sawtooth in -1..1.
    pub fn saw(freq: f32, n: usize) -> Vec<f32> {
        let inc = freq as f64 / SR as f64;
        (0..n)
            .map(|i| {
                let p = i as f64 * inc;
                (2.0 * (p - p.floor()) - 1.0) as f32
            })
            .collect()
    }

    /// Deterministic white noise in -1..1.
    pub fn noise(seed: u32, n: usize) -> Vec<f32> {
        let mut s = seed.wrapping_mul(747_796_405).wrapping_add(1);
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s as f32 / u32::MAX as f32) * 2.0 - 1.0
            })
            .collect()
    }

    pub fn impulse(n: usize) -> Vec<f32> {
        let mut v = vec![0.0; n];
        v[0] = 1.0;
        v
    }

    pub fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt() as f32
    }

    pub fn db(x: f32) -> f32 {
        20.0 * x.max(1e-12).log10()
    }

    /// Amplitude of the component at `freq` (single-bin DFT, Hann window, scaled so a sine
    /// of amplitude A reads A).
    pub fn amp_at(x: &[f32], freq: f32) -> f32 {
        let n = x.len();
        let (mut re, mut im, mut wsum) = (0.0f64, 0.0f64, 0.0f64);
        for (i, v) in x.iter().enumerate() {
            let w = 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / n as f64).cos();
            let ph = std::f64::consts::TAU * freq as f64 * i as f64 / SR as f64;
            re += w * *v as f64 * ph.cos();
            im += w * *v as f64 * ph.sin();
            wsum += w;
        }
        (2.0 * (re * re + im * im).sqrt() / wsum) as f32
    }

    /// Spectral centroid in Hz (magnitude-weighted) from harmonics of `f0` up to `max_hz`.
    pub fn harmonic_centroid(x: &[f32], f0: f32, max_hz: f32) -> f32 {
        let (mut num, mut den) = (0.0f32, 0.0f32);
        let mut k = 1;
        while f0 * k as f32 <= max_hz {
            let a = amp_at(x, f0 * k as f32);
            num += f0 * k as f32 * a;
            den += a;
            k += 1;
        }
        num / den.max(1e-20)
    }

    pub fn peak(x: &[f32]) -> f32 {
        x.iter().fold(0.0f32, |m, v| m.max(v.abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn fast_math_is_accurate() {
        let mut worst = [0.0f32; 4];
        for i in -20000..=20000 {
            let x = i as f32 / 1000.0; // -20 .. 20
            worst[0] = worst[0].max((fast_tanh(x) - x.tanh()).abs());
            worst[1] = worst[1].max((sin_turns(x) - (x * std::f32::consts::TAU).sin()).abs());
            let e = fast_exp2(x) / x.exp2() - 1.0;
            worst[2] = worst[2].max(e.abs());
            if x > 0.0 {
                worst[3] = worst[3].max((fast_log2(x) - x.log2()).abs());
            }
        }
        assert!(worst[0] < 1e-4, "tanh {}", worst[0]);
        assert!(worst[1] < 2e-5, "sin {}", worst[1]);
        assert!(worst[2] < 1e-5, "exp2 {}", worst[2]);
        assert!(worst[3] < 1e-4, "log2 {}", worst[3]);
        assert!(fast_tanh(100.0) > 0.99999 && fast_tanh(100.0) <= 1.0);
        assert!(fast_tanh(-1e30) < -0.99999 && fast_tanh(-1e30) >= -1.0);
        assert!(fast_log2(0.0) <= -126.0);
    }

    #[test]
    fn control_segments_split_at_absolute_ticks() {
        let mut segs = vec![];
        control_segments(30, 70, true, |a, b, t| segs.push((a, b, t)));
        assert_eq!(
            segs,
            vec![(0, 2, false), (2, 34, true), (34, 66, true), (66, 70, true)]
        );
        segs.clear();
        control_segments(30, 70, false, |a, b, t| segs.push((a, b, t)));
        assert_eq!(segs, vec![(0, 70, false)]);
    }

    #[test]
    fn range_maps_a_bipolar_oscillator_to_lo_hi() {
        let n = 4800;
        let s = sine(10.0, 1.0, n);
        let ins = [
            Sig::constant(200.0, n),
            Sig::constant(2000.0, n),
            Sig::audio(s.clone()),
        ];
        let mut k = build(make, "range", &ins, 512);
        let o = render(k.as_mut(), &ins, n, 512);
        let lo = o[0].iter().cloned().fold(f32::MAX, f32::min);
        let hi = o[0].iter().cloned().fold(f32::MIN, f32::max);
        assert!(
            (lo - 200.0).abs() < 1.0 && (hi - 2000.0).abs() < 1.0,
            "{lo} {hi}"
        );
        // the unipolar variant maps 0..1
        let mut u = Range::new(false, 1);
        let o = render(&mut u, &ins, n, 64);
        let hi = o[0].iter().cloned().fold(f32::MIN, f32::max);
        assert!((hi - 2000.0).abs() < 1.0);
    }

    #[test]
    fn mtof_gives_concert_pitch() {
        let n = 8;
        let notes = Sig::audio(vec![69.0, 69.0, 60.0, 81.0, 57.0, f32::NAN, 0.0, 127.0]);
        let mut k = build(make, "mtof", std::slice::from_ref(&notes), 8);
        let o = render(k.as_mut(), &[notes], n, 3);
        let want = [
            440.0, 440.0, 261.6256, 880.0, 220.0, 440.0, 8.175799, 12543.855,
        ];
        for (a, b) in o[0].iter().zip(want) {
            assert!((a - b).abs() / b < 1e-5, "{a} vs {b}");
        }
    }

    #[test]
    fn xfade_is_equal_power() {
        let n = 48_000;
        let a = Sig::audio(sine(440.0, 1.0, n));
        let b = Sig::audio(noise(3, n));
        let mid = [a.clone(), b.clone(), Sig::constant(0.5, n)];
        let mut k = build(make, "xfade", &mid, 512);
        let o = render(k.as_mut(), &mid, n, 512);
        // two uncorrelated sources at -3 dB each: the power of the sum equals the average
        let want = ((rms(&a.l).powi(2) + rms(&b.l).powi(2)) / 2.0).sqrt();
        assert!((db(rms(&o[0])) - db(want)).abs() < 0.2);
        for (pos, src) in [(0.0, &a), (1.0, &b)] {
            let ins = [a.clone(), b.clone(), Sig::constant(pos, n)];
            let mut k = build(make, "xfade", &ins, 512);
            let o = render(k.as_mut(), &ins, n, 512);
            let err = o[0]
                .iter()
                .zip(&src.l)
                .fold(0.0f32, |m, (x, y)| m.max((x - y).abs()));
            assert!(err < 1e-4, "pos {pos}: {err}");
        }
    }

    #[test]
    fn select_picks_by_index_and_wraps() {
        let n = 6;
        let idx = Sig::audio(vec![0.0, 1.0, 2.0, 3.0, -1.0, 1.9]);
        let ins = [
            idx,
            Sig::constant(10.0, n),
            Sig::constant(20.0, n),
            Sig::constant(30.0, n),
        ];
        let mut k = build(make, "select", &ins, 8);
        let o = render(k.as_mut(), &ins, n, 4);
        assert_eq!(o[0], vec![10.0, 20.0, 30.0, 10.0, 30.0, 20.0]);
    }

    #[test]
    fn lag_reaches_minus_60_db_after_its_time() {
        let n = 48_000;
        let mut step = vec![0.0; n];
        step[100..].fill(1.0);
        let ins = [Sig::audio(step), Sig::constant(0.1, n)];
        let mut k = build(make, "lag", &ins, 512);
        let o = render(k.as_mut(), &ins, n, 512);
        let at = |t: f32| o[0][100 + (t * SR) as usize];
        assert!((1.0 - at(0.1)).abs() < 0.0011 && (1.0 - at(0.1)) > 0.0009);
        assert!(at(0.01) > 0.45 && at(0.01) < 0.6, "{}", at(0.01));
        assert!(o[0][99] == 0.0);
        assert!(block_size_diff(make, "lag", &ins, 4000) < 1e-6);
    }

    #[test]
    fn sample_hold_latches_on_rising_edges() {
        let n = 12;
        let x: Vec<f32> = (0..n).map(|i| i as f32).collect();
        let mut t = vec![0.0; n];
        t[2] = 1.0;
        t[3] = 1.0; // still high: no new sample
        t[7] = 1.0;
        let ins = [Sig::audio(x), Sig::audio(t)];
        let mut k = build(make, "sah", &ins, 8);
        let o = render(k.as_mut(), &ins, n, 3);
        assert_eq!(
            o[0],
            vec![0.0, 0.0, 2.0, 2.0, 2.0, 2.0, 2.0, 7.0, 7.0, 7.0, 7.0, 7.0]
        );
    }

    #[test]
    fn missing_inputs_give_silence_not_panics() {
        for name in ["range", "mtof", "xfade", "select", "lag", "sample_hold"] {
            let mut k = build(make, name, &[], 16);
            let o = render(k.as_mut(), &[], 16, 16);
            assert!(o.iter().flatten().all(|v| *v == 0.0), "{name}");
        }
    }
}
