//! Effects: `reverb`, `delay`, `pingpong`, `distortion`/`distort`/`dist`,
//! `bitcrush`/`crush`, `chorus`, `flanger`, `phaser`, `tremolo`, `compressor`, `limiter`
//! and `pan`.
//!
//! Inputs follow the registry's parameter order, the audio input first. `pan` is a
//! per-event control in the registry (`pos` only); as a signal kernel it takes
//! `input, pos` like the effects.
//!
//! Threading contract: [`make`] runs off the audio thread and allocates every buffer an
//! effect will ever need (delay lines for [`MAX_DELAY_SECONDS`], reverb tanks, scratch
//! sized for `Setup::max_block`). `process` runs on the audio thread and never allocates,
//! locks or panics; a block longer than `max_block` is rendered up to `max_block` and
//! padded with silence. Audio entering a state is sanitised (NaN → 0, |x| ≤ 1e6) and
//! feedback paths flush denormals. LFOs (chorus, flanger, phaser, tremolo) take their phase
//! from the absolute sample clock (`start_sample + i`) and coefficients that follow a
//! parameter change at control ticks of that clock, so output does not depend on the
//! block size.

use super::kernel::{copy_state_fields, flush, BlockCtx, CopyState, Input, Kernel};
use super::util::{
    block_len, clean, clock_phase, control_segments, fast_exp2, fast_log2, fast_tanh, finite_or,
    silence, sin_turns,
};

/// The longest `delay`/`pingpong` time; longer times are clamped.
pub const MAX_DELAY_SECONDS: f32 = 4.0;

/// A sample rate usable for sizing buffers.
/// A usable sample rate (1 kHz .. 768 kHz; 48 kHz for garbage).
pub fn sane_rate(sr: f32) -> f32 {
    finite_or(sr, 48_000.0).clamp(1_000.0, 768_000.0)
}

/// `(1 - mix)·dry + mix·wet`.
#[inline(always)]
fn blend(dry: f32, wet: f32, mix: f32) -> f32 {
    dry + mix * (wet - dry)
}

#[inline(always)]
fn unit(x: f32, default: f32) -> f32 {
    finite_or(x, default).clamp(0.0, 1.0)
}

/// The two output channels of a stereo kernel.
#[inline(always)]
fn two<'a>(out: &'a mut [&mut [f32]]) -> (&'a mut [f32], &'a mut [f32]) {
    let (l, r) = out.split_at_mut(1);
    (&mut *l[0], &mut *r[0])
}

// ------------------------------------------------------------------ delay lines

/// A circular buffer whose length is a power of two; read with linear interpolation.
struct Line {
    buf: Vec<f32>,
    mask: usize,
}

copy_state_fields!(Line; buf, mask);

impl Line {
    /// A line that can delay by at least `max_delay` samples.
    fn new(max_delay: usize) -> Line {
        let len = (max_delay + 2).next_power_of_two();
        Line {
            buf: vec![0.0; len],
            mask: len - 1,
        }
    }

    /// The longest delay `read` supports, in samples.
    fn max_delay(&self) -> f32 {
        (self.mask - 1) as f32
    }

    /// The value written `d` samples before position `w` (1 ≤ d ≤ max_delay), linearly
    /// interpolated.
    #[inline(always)]
    fn read(&self, w: usize, d: f32) -> f32 {
        let di = d as usize;
        let frac = d - di as f32;
        let a = self.buf[w.wrapping_sub(di) & self.mask];
        let b = self.buf[w.wrapping_sub(di + 1) & self.mask];
        a + frac * (b - a)
    }

    #[inline(always)]
    fn write(&mut self, w: usize, x: f32) {
        self.buf[w & self.mask] = x;
    }

    fn clear(&mut self) {
        self.buf.fill(0.0);
    }

    /// Copies the `span` samples written before position `w` (all a reader reaching back
    /// at most `span - 1` samples can see) from a line of the same length.
    fn copy_recent(&mut self, from: &Line, w: usize, span: usize) {
        let span = span.min(self.buf.len());
        for k in 1..=span {
            let i = w.wrapping_sub(k) & self.mask;
            self.buf[i] = from.buf[i];
        }
    }
}

/// Samples of a line to copy when a kernel takes over another's state: as far back as it
/// has ever read (`reach`), not the whole line (4 s of memory, most of it never read by a
/// short delay): an edit then copies kilobytes, not megabytes, on the audio thread.
fn recent_span(reach: f32) -> usize {
    reach.max(0.0) as usize + 2
}

// ------------------------------------------------------------------ reverb

/// Freeverb's tunings at 44.1 kHz (Jezar at Dreampoint, public domain).
const COMB_TUNING: [usize; 8] = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALLPASS_TUNING: [usize; 4] = [556, 441, 341, 225];
/// Extra samples on the right channel's delays: decorrelates left and right.
const STEREO_SPREAD: usize = 23;
const FIXED_GAIN: f32 = 0.015;
const SCALE_ROOM: f32 = 0.28;
const OFFSET_ROOM: f32 = 0.7;
const SCALE_DAMP: f32 = 0.4;

/// A lowpass-feedback comb filter.
struct Comb {
    buf: Vec<f32>,
    idx: usize,
    store: f32,
}

copy_state_fields!(Comb; buf, idx, store);

impl Comb {
    /// Adds the comb's output for `x` to `y`.
    #[inline(always)]
    fn run(&mut self, x: &[f32], y: &mut [f32], feedback: f32, damp: f32) {
        let buf = &mut self.buf[..];
        let len = buf.len();
        let (mut idx, mut store) = (self.idx, self.store);
        let n = x.len().min(y.len());
        for i in 0..n {
            let o = buf[idx];
            store = o + damp * (store - o);
            buf[idx] = flush(x[i] + store * feedback);
            idx += 1;
            if idx >= len {
                idx = 0;
            }
            y[i] += o;
        }
        self.idx = idx;
        self.store = flush(store);
    }
}

/// Freeverb's Schroeder allpass (feedback 0.5), in place.
struct Allpass {
    buf: Vec<f32>,
    idx: usize,
}

copy_state_fields!(Allpass; buf, idx);

impl Allpass {
    #[inline(always)]
    fn run(&mut self, y: &mut [f32]) {
        let buf = &mut self.buf[..];
        let len = buf.len();
        let mut idx = self.idx;
        for v in y.iter_mut() {
            let b = buf[idx];
            let x = *v;
            buf[idx] = flush(x + b * 0.5);
            *v = b - x;
            idx += 1;
            if idx >= len {
                idx = 0;
            }
        }
        self.idx = idx;
    }
}

/// `reverb room damping [mix]`: Freeverb — 8 parallel lowpass-feedback combs and 4 series
/// allpasses per channel, the right channel's delays 23 samples longer. Always stereo; a
/// stereo input is summed to mono first, as in Freeverb. `room` 0..1 sets the comb
/// feedback 0.7..0.98 (RT60 from about 0.5 s to many seconds), `damping` 0..1 the
/// high-frequency loss in the tail, `mix` 0..1 crossfades dry to wet.
pub struct Reverb {
    combs: [Vec<Comb>; 2],
    allpasses: [Vec<Allpass>; 2],
    feedback: f32,
    damp: f32,
    init: bool,
    /// The mono input of the tank for one block.
    scratch: Vec<f32>,
}

copy_state_fields!(Reverb; combs, allpasses, feedback, damp, init);

impl Reverb {
    pub fn new(sample_rate: f32, max_block: usize) -> Reverb {
        let scale = |t: usize| ((t as f32 * sample_rate / 44_100.0).round() as usize).max(1);
        let combs = |spread: usize| {
            COMB_TUNING
                .iter()
                .map(|t| Comb {
                    buf: vec![0.0; scale(t + spread)],
                    idx: 0,
                    store: 0.0,
                })
                .collect::<Vec<_>>()
        };
        let allpasses = |spread: usize| {
            ALLPASS_TUNING
                .iter()
                .map(|t| Allpass {
                    buf: vec![0.0; scale(t + spread)],
                    idx: 0,
                })
                .collect::<Vec<_>>()
        };
        Reverb {
            combs: [combs(0), combs(STEREO_SPREAD)],
            allpasses: [allpasses(0), allpasses(STEREO_SPREAD)],
            feedback: 0.0,
            damp: 0.0,
            init: false,
            scratch: vec![0.0; max_block],
        }
    }
}

impl Kernel for Reverb {
    super::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        2
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 4 || out.len() < 2 {
            return silence(out);
        }
        let (x, room, damping, mix) = (inputs[0], inputs[1], inputs[2], inputs[3]);
        let n = block_len(ctx, &inputs[..4], out).min(self.scratch.len());
        let (ol, or) = two(out);
        ol[n..].fill(0.0);
        or[n..].fill(0.0);
        let (ol, or) = (&mut ol[..n], &mut or[..n]);
        let tank_in = &mut self.scratch[..n];
        for ((t, l), r) in tank_in.iter_mut().zip(x.left).zip(x.right) {
            *t = (clean(*l) + clean(*r)) * FIXED_GAIN;
        }
        ol.fill(0.0);
        or.fill(0.0);
        let modulated = !(room.constant && damping.constant);
        let tank_in = &self.scratch[..n];
        let (combs, allpasses) = (&mut self.combs, &mut self.allpasses);
        let (feedback, damp, init) = (&mut self.feedback, &mut self.damp, &mut self.init);
        control_segments(ctx.start_sample, n, modulated, |i0, i1, tick| {
            if (tick && modulated) || !*init {
                *feedback = unit(room.left[i0], 0.5) * SCALE_ROOM + OFFSET_ROOM;
                *damp = unit(damping.left[i0], 0.5) * SCALE_DAMP;
                *init = true;
            }
            for (c, y) in [&mut *ol, &mut *or].into_iter().enumerate() {
                let y = &mut y[i0..i1];
                for comb in combs[c].iter_mut() {
                    comb.run(&tank_in[i0..i1], y, *feedback, *damp);
                }
                for ap in allpasses[c].iter_mut() {
                    ap.run(y);
                }
            }
        });
        let m = &mix.left[..n];
        for i in 0..n {
            let mx = unit(m[i], 0.3);
            ol[i] = blend(clean(x.left[i]), ol[i], mx);
            or[i] = blend(clean(x.right[i]), or[i], mx);
        }
    }

    fn reset(&mut self) {
        for c in self.combs.iter_mut().flatten() {
            c.buf.fill(0.0);
            c.store = 0.0;
            c.idx = 0;
        }
        for a in self.allpasses.iter_mut().flatten() {
            a.buf.fill(0.0);
            a.idx = 0;
        }
        self.init = false;
    }
}

// ------------------------------------------------------------------ delay

/// Delay-time changes glide over about this many seconds (a tape-like pitch bend instead
/// of a click); constant times are exact.
const TIME_GLIDE_SECONDS: f32 = 0.05;

/// The delay in samples a `time` parameter asks for, within what `line` supports.
#[inline(always)]
fn delay_samples(time: f32, sample_rate: f32, max: f32) -> f32 {
    (finite_or(time, 0.0) * sample_rate).clamp(1.0, max)
}

#[inline(always)]
fn feedback_gain(x: f32) -> f32 {
    finite_or(x, 0.0).clamp(-0.99, 0.99)
}

/// The per-sample glide coefficient toward a new delay time.
fn glide_coef(sample_rate: f32) -> f32 {
    1.0 - (-1.0 / (TIME_GLIDE_SECONDS * sample_rate)).exp()
}

/// `delay time [feedback] [mix]`: a feedback echo, time in seconds (up to
/// [`MAX_DELAY_SECONDS`], at least one sample), fractional times by linear interpolation.
/// Echo k (k ≥ 1) arrives k·time later with gain mix·feedback^(k−1). Feedback is clamped
/// to ±0.99. A stereo input has one line per channel.
pub struct Delay {
    channels: usize,
    lines: Vec<Line>,
    w: usize,
    /// Current (gliding) delay in samples.
    d: f32,
    /// The longest delay read so far, in samples.
    reach: f32,
    init: bool,
}

impl CopyState for Delay {
    fn same_shape(&self, other: &Self) -> bool {
        self.channels == other.channels && self.lines.same_shape(&other.lines)
    }
    fn copy_state(&mut self, from: &Self) {
        for (line, src) in self.lines.iter_mut().zip(&from.lines) {
            line.copy_recent(src, from.w, recent_span(from.reach));
        }
        (self.w, self.d, self.reach, self.init) = (from.w, from.d, from.reach, from.init);
    }
}

impl Delay {
    pub fn new(sample_rate: f32, channels: usize) -> Delay {
        let channels = channels.clamp(1, 2);
        let max = (MAX_DELAY_SECONDS * sample_rate).ceil() as usize;
        Delay {
            channels,
            lines: (0..channels).map(|_| Line::new(max)).collect(),
            w: 0,
            d: 1.0,
            reach: 0.0,
            init: false,
        }
    }
}

impl Kernel for Delay {
    super::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 4 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..4], out);
        if n == 0 {
            return;
        }
        let (x, time, fb, mix) = (inputs[0], inputs[1], inputs[2], inputs[3]);
        let sr = ctx.sample_rate;
        let max = self.lines[0].max_delay();
        if !self.init {
            self.d = delay_samples(time.left[0], sr, max);
            self.init = true;
        }
        let glide = if time.constant { 1.0 } else { glide_coef(sr) };
        let d0 = self.d;
        let w0 = self.w;
        let (t, f, m) = (&time.left[..n], &fb.left[..n], &mix.left[..n]);
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let line = &mut self.lines[c];
            let xs = if c == 0 { &x.left[..n] } else { &x.right[..n] };
            let o = &mut o[..n];
            let mut d = d0;
            let mut w = w0;
            let mut reach = self.reach;
            for i in 0..n {
                d += (delay_samples(t[i], sr, max) - d) * glide;
                reach = reach.max(d);
                let y = line.read(w, d);
                let xi = clean(xs[i]);
                line.write(w, flush(xi + feedback_gain(f[i]) * y));
                o[i] = blend(xi, y, unit(m[i], 0.5));
                w = w.wrapping_add(1);
            }
            if c + 1 == self.channels {
                self.d = d;
                self.w = w & line.mask;
                self.reach = reach;
            }
        }
    }

    fn reset(&mut self) {
        self.lines.iter_mut().for_each(Line::clear);
        self.w = 0;
        self.reach = 0.0;
        self.init = false;
    }
}

// ------------------------------------------------------------------ pingpong

/// `pingpong time [feedback] [mix]`: a stereo delay whose echoes alternate left and right:
/// the (mono-summed) input echoes first on the left after `time`, then on the right after
/// 2·time with gain `feedback`, left again after 3·time with feedback², ... Always stereo.
pub struct PingPong {
    lines: [Line; 2],
    w: usize,
    d: f32,
    /// The longest delay read so far, in samples.
    reach: f32,
    init: bool,
}

impl CopyState for PingPong {
    fn same_shape(&self, other: &Self) -> bool {
        self.lines.same_shape(&other.lines)
    }
    fn copy_state(&mut self, from: &Self) {
        for (line, src) in self.lines.iter_mut().zip(&from.lines) {
            line.copy_recent(src, from.w, recent_span(from.reach));
        }
        (self.w, self.d, self.reach, self.init) = (from.w, from.d, from.reach, from.init);
    }
}

impl PingPong {
    pub fn new(sample_rate: f32) -> PingPong {
        let max = (MAX_DELAY_SECONDS * sample_rate).ceil() as usize;
        PingPong {
            lines: [Line::new(max), Line::new(max)],
            w: 0,
            d: 1.0,
            reach: 0.0,
            init: false,
        }
    }
}

impl Kernel for PingPong {
    super::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        2
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 4 || out.len() < 2 {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..4], out);
        if n == 0 {
            return;
        }
        let (x, time, fb, mix) = (inputs[0], inputs[1], inputs[2], inputs[3]);
        let sr = ctx.sample_rate;
        let max = self.lines[0].max_delay();
        if !self.init {
            self.d = delay_samples(time.left[0], sr, max);
            self.init = true;
        }
        let glide = if time.constant { 1.0 } else { glide_coef(sr) };
        let (ol, or) = two(out);
        let [ll, lr] = &mut self.lines;
        let (mut d, mut w, mut reach) = (self.d, self.w, self.reach);
        for i in 0..n {
            d += (delay_samples(time.left[i], sr, max) - d) * glide;
            reach = reach.max(d);
            let g = feedback_gain(fb.left[i]);
            let xl = clean(x.left[i]);
            let xr = clean(x.right[i]);
            let yl = ll.read(w, d);
            let yr = lr.read(w, d);
            ll.write(w, flush(0.5 * (xl + xr) + g * yr));
            lr.write(w, flush(g * yl));
            let m = unit(mix.left[i], 0.5);
            ol[i] = blend(xl, yl, m);
            or[i] = blend(xr, yr, m);
            w = w.wrapping_add(1);
        }
        self.d = d;
        self.w = w & ll.mask;
        self.reach = reach;
    }

    fn reset(&mut self) {
        self.lines.iter_mut().for_each(Line::clear);
        self.w = 0;
        self.reach = 0.0;
        self.init = false;
    }
}

// ------------------------------------------------------------------ distortion

/// `distortion drive [mix]` (`distort`, `dist`): tanh waveshaper normalised so a full-scale
/// input stays full scale: y = tanh(drive·x) / tanh(drive). drive ≈ 1 is gentle, 4 crunchy,
/// 20+ nearly square; it is clamped to 0.001..1000.
#[derive(Clone)]
pub struct Distortion {
    channels: usize,
}

impl Distortion {
    pub fn new(channels: usize) -> Distortion {
        Distortion { channels }
    }
}

impl Kernel for Distortion {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let (x, drive, mix) = (inputs[0], &inputs[1].left[..n], &inputs[2].left[..n]);
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let xs = if c == 0 { &x.left[..n] } else { &x.right[..n] };
            for i in 0..n {
                let d = finite_or(drive[i], 1.0).clamp(0.001, 1000.0);
                let xi = clean(xs[i]);
                let y = fast_tanh(d * xi) / fast_tanh(d);
                o[i] = blend(xi, y, unit(mix[i], 1.0));
            }
        }
    }
}

// ------------------------------------------------------------------ bitcrush

/// `bitcrush bits [rate]` (`crush`): quantises to 2^bits levels (mid-tread, so silence
/// stays silent: values −L..L−1 over L with L = 2^(bits−1)) and holds each taken sample for
/// `rate` samples (a sample-rate reduction by that factor, like Tidal's `coarse`; 1 = off,
/// fractional factors allowed). bits is clamped to 1..24, rate to 1..4096.
#[derive(Clone)]
pub struct Bitcrush {
    channels: usize,
    levels: f32,
    step: f32,
    phase: f32,
    held: [f32; 2],
    init: bool,
}

impl Bitcrush {
    pub fn new(channels: usize) -> Bitcrush {
        Bitcrush {
            channels: channels.clamp(1, 2),
            levels: 1.0,
            step: 1.0,
            phase: 1.0,
            held: [0.0; 2],
            init: false,
        }
    }
}

impl Kernel for Bitcrush {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let (x, bits, rate) = (inputs[0], inputs[1], inputs[2]);
        let modulated = !(bits.constant && rate.constant);
        let stereo = self.channels == 2;
        let (ol, or) = out.split_at_mut(1);
        let ol = &mut *ol[0];
        control_segments(ctx.start_sample, n, modulated, |i0, i1, tick| {
            if (tick && modulated) || !self.init {
                let b = finite_or(bits.left[i0], 8.0).clamp(1.0, 24.0);
                self.levels = (b - 1.0).exp2();
                self.step = 1.0 / finite_or(rate.left[i0], 1.0).clamp(1.0, 4096.0);
                self.init = true;
            }
            let (l, step) = (self.levels, self.step);
            let (mut phase, [mut hl, mut hr]) = (self.phase, self.held);
            // + 0.0 turns -0.0 into 0.0: one level for silence
            let quant = |v: f32| (clean(v) * l).round().clamp(-l, l - 1.0) / l + 0.0;
            for i in i0..i1 {
                if phase >= 1.0 {
                    phase -= 1.0;
                    hl = quant(x.left[i]);
                    hr = quant(x.right[i]);
                }
                phase += step;
                ol[i] = hl;
                if stereo {
                    or[0][i] = hr;
                }
            }
            self.phase = phase;
            self.held = [hl, hr];
        });
    }

    fn reset(&mut self) {
        self.phase = 1.0;
        self.held = [0.0; 2];
        self.init = false;
    }
}

// ------------------------------------------------------------------ chorus

const CHORUS_BASE: f32 = 0.020;
const CHORUS_SWING: f32 = 0.008;

/// `chorus [rate] [depth] [mix]`: one modulated delay per side (20 ms ± depth·8 ms, sine
/// LFO at `rate` Hz, the right side's LFO a quarter cycle ahead), so a mono input comes out
/// wide. Always stereo.
pub struct Chorus {
    lines: [Line; 2],
    w: usize,
}

copy_state_fields!(Chorus; lines, w);

impl Chorus {
    pub fn new(sample_rate: f32) -> Chorus {
        let max = ((CHORUS_BASE + CHORUS_SWING) * sample_rate).ceil() as usize + 2;
        Chorus {
            lines: [Line::new(max), Line::new(max)],
            w: 0,
        }
    }
}

impl Kernel for Chorus {
    super::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        2
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 4 || out.len() < 2 {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..4], out);
        let (x, rate, depth, mix) = (inputs[0], inputs[1], inputs[2], inputs[3]);
        let sr = ctx.sample_rate;
        let inv_sr = 1.0 / sr as f64;
        for (c, o) in out.iter_mut().take(2).enumerate() {
            let line = &mut self.lines[c];
            let max = line.max_delay();
            let xs = if c == 0 { &x.left[..n] } else { &x.right[..n] };
            let offset = 0.25 * c as f32;
            let mut w = self.w;
            for i in 0..n {
                let inc = finite_or(rate.left[i], 1.0).clamp(0.0, 20.0) as f64 * inv_sr;
                let lfo = sin_turns(clock_phase(ctx.start_sample + i as u64, inc) + offset);
                let depth = unit(depth.left[i], 0.5);
                let d = ((CHORUS_BASE + depth * CHORUS_SWING * lfo) * sr).clamp(1.0, max);
                let xi = clean(xs[i]);
                line.write(w, xi);
                let y = line.read(w, d);
                o[i] = blend(xi, y, unit(mix.left[i], 0.5));
                w = w.wrapping_add(1);
            }
            if c == 1 {
                self.w = w & line.mask;
            }
        }
    }

    fn reset(&mut self) {
        self.lines.iter_mut().for_each(Line::clear);
        self.w = 0;
    }
}

// ------------------------------------------------------------------ flanger

const FLANGER_MIN: f32 = 0.0003;
const FLANGER_SWING: f32 = 0.006;

/// `flanger [rate] [depth] [feedback] [mix]`: a short delay swept between 0.3 ms and
/// 0.3 + depth·6 ms by a sine LFO at `rate` Hz, with feedback (clamped to ±0.95) for the
/// resonant comb sweep.
pub struct Flanger {
    channels: usize,
    lines: Vec<Line>,
    w: usize,
}

copy_state_fields!(Flanger; channels, lines, w);

impl Flanger {
    pub fn new(sample_rate: f32, channels: usize) -> Flanger {
        let channels = channels.clamp(1, 2);
        let max = ((FLANGER_MIN + FLANGER_SWING) * sample_rate).ceil() as usize + 2;
        Flanger {
            channels,
            lines: (0..channels).map(|_| Line::new(max)).collect(),
            w: 0,
        }
    }
}

impl Kernel for Flanger {
    super::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 5 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..5], out);
        let (x, rate, depth, fb, mix) = (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]);
        let sr = ctx.sample_rate;
        let inv_sr = 1.0 / sr as f64;
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let line = &mut self.lines[c];
            let max = line.max_delay();
            let xs = if c == 0 { &x.left[..n] } else { &x.right[..n] };
            let mut w = self.w;
            for i in 0..n {
                let inc = finite_or(rate.left[i], 0.5).clamp(0.0, 20.0) as f64 * inv_sr;
                let lfo = sin_turns(clock_phase(ctx.start_sample + i as u64, inc));
                let sweep = unit(depth.left[i], 0.7) * FLANGER_SWING * (0.5 + 0.5 * lfo);
                let d = ((FLANGER_MIN + sweep) * sr).clamp(1.0, max);
                let y = line.read(w, d);
                let xi = clean(xs[i]);
                let g = finite_or(fb.left[i], 0.0).clamp(-0.95, 0.95);
                line.write(w, flush(xi + g * y));
                o[i] = blend(xi, y, unit(mix.left[i], 0.5));
                w = w.wrapping_add(1);
            }
            if c + 1 == self.channels {
                self.w = w & line.mask;
            }
        }
    }

    fn reset(&mut self) {
        self.lines.iter_mut().for_each(Line::clear);
        self.w = 0;
    }
}

// ------------------------------------------------------------------ phaser

const PHASER_STAGES: usize = 6;
const PHASER_CENTER_HZ: f32 = 800.0;
const PHASER_OCTAVES: f32 = 3.0;

/// `phaser [rate] [depth] [feedback] [mix]`: six first-order allpasses whose break
/// frequency sweeps 800 Hz · 2^(±3·depth) with a sine LFO at `rate` Hz (coefficients at
/// control rate), feedback clamped to ±0.9. Mixed with the dry signal this gives three
/// moving notches (at mix 0.5 they are deep nulls).
#[derive(Clone)]
pub struct Phaser {
    channels: usize,
    a: f32,
    init: bool,
    stages: [[f32; PHASER_STAGES]; 2],
    last: [f32; 2],
}

impl Phaser {
    pub fn new(channels: usize) -> Phaser {
        Phaser {
            channels: channels.clamp(1, 2),
            a: 0.0,
            init: false,
            stages: [[0.0; PHASER_STAGES]; 2],
            last: [0.0; 2],
        }
    }
}

impl Kernel for Phaser {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 5 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..5], out);
        let (x, rate, depth, fb, mix) = (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]);
        let sr = ctx.sample_rate;
        let still = rate.constant && depth.constant && rate.first() == 0.0;
        let channels = self.channels;
        control_segments(ctx.start_sample, n, !still, |i0, i1, tick| {
            if (tick && !still) || !self.init {
                let inc = finite_or(rate.left[i0], 0.5).clamp(0.0, 20.0) as f64 / sr as f64;
                let lfo = sin_turns(clock_phase(ctx.start_sample + i0 as u64, inc));
                let oct = PHASER_OCTAVES * unit(depth.left[i0], 0.7) * lfo;
                let f = (PHASER_CENTER_HZ * oct.exp2()).clamp(20.0, 0.45 * sr);
                let t = (std::f32::consts::PI * f / sr).tan();
                self.a = (t - 1.0) / (t + 1.0);
                self.init = true;
            }
            let a = self.a;
            for (c, o) in out.iter_mut().take(channels).enumerate() {
                let xs = if c == 0 { x.left } else { x.right };
                let mut s = self.stages[c];
                let mut last = self.last[c];
                for i in i0..i1 {
                    let xi = clean(xs[i]);
                    let g = finite_or(fb.left[i], 0.0).clamp(-0.9, 0.9);
                    let mut v = xi + g * last;
                    for st in s.iter_mut() {
                        let y = a * v + *st;
                        *st = v - a * y;
                        v = y;
                    }
                    last = v;
                    o[i] = blend(xi, v, unit(mix.left[i], 0.5));
                }
                self.stages[c] = s.map(flush);
                self.last[c] = flush(last);
            }
        });
        for c in 0..2 {
            if !(self.last[c].is_finite() && self.stages[c].iter().all(|v| v.is_finite())) {
                self.last[c] = 0.0;
                self.stages[c] = [0.0; PHASER_STAGES];
            }
        }
    }

    fn reset(&mut self) {
        self.init = false;
        self.stages = [[0.0; PHASER_STAGES]; 2];
        self.last = [0.0; 2];
    }
}

// ------------------------------------------------------------------ tremolo

/// `tremolo [rate] [depth]`: gain swings between 1 − depth and 1 with a sine LFO at `rate`
/// Hz (phase from the absolute sample clock).
#[derive(Clone)]
pub struct Tremolo {
    channels: usize,
}

impl Tremolo {
    pub fn new(channels: usize) -> Tremolo {
        Tremolo { channels }
    }
}

impl Kernel for Tremolo {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let (x, rate, depth) = (inputs[0], &inputs[1].left[..n], &inputs[2].left[..n]);
        let inv_sr = 1.0 / ctx.sample_rate as f64;
        for (c, o) in out.iter_mut().take(self.channels).enumerate() {
            let xs = if c == 0 { &x.left[..n] } else { &x.right[..n] };
            for i in 0..n {
                let inc = finite_or(rate[i], 4.0).clamp(0.0, 1000.0) as f64 * inv_sr;
                let lfo = sin_turns(clock_phase(ctx.start_sample + i as u64, inc));
                let g = 1.0 - unit(depth[i], 0.5) * (0.5 - 0.5 * lfo);
                o[i] = clean(xs[i]) * g;
            }
        }
    }
}

// ------------------------------------------------------------------ compressor

/// The compressor's RMS detector averages the squared signal over about this long.
const RMS_SECONDS: f32 = 0.005;

/// `compressor [threshold] [ratio] [attack] [release]`: feed-forward. An RMS detector
/// (mean square of the louder channel over ~5 ms) feeds a hard-knee gain computer: above
/// `threshold` (dBFS RMS, clamped to −80..+20) the level rises 1/`ratio` dB per dB
/// (ratio ≥ 1). The gain reduction, in dB, moves towards its target with the `attack` and
/// `release` times (seconds, clamped to 0.1 ms..5 s). Same gain on both channels; no
/// make-up gain.
#[derive(Clone)]
pub struct Compressor {
    channels: usize,
    /// Mean square of the input.
    ms: f32,
    /// Smoothed gain in log2 units (≤ 0).
    gain_l2: f32,
    rms_coef: f32,
    att: f32,
    rel: f32,
    /// Threshold as log2 of the mean-square level, and as the mean-square level itself.
    thr_log2: f32,
    thr_ms: f32,
    /// Half of (1 − 1/ratio): log2 gain per log2 of mean square over the threshold.
    half_slope: f32,
    init: bool,
}

impl Compressor {
    pub fn new(channels: usize) -> Compressor {
        Compressor {
            channels: channels.clamp(1, 2),
            ms: 0.0,
            gain_l2: 0.0,
            rms_coef: 0.0,
            att: 0.0,
            rel: 0.0,
            thr_log2: 0.0,
            thr_ms: 1.0,
            half_slope: 0.0,
            init: false,
        }
    }
}

fn time_coef(seconds: f32, sample_rate: f32, default: f32) -> f32 {
    let t = finite_or(seconds, default).clamp(1e-4, 5.0);
    (-1.0 / (t * sample_rate)).exp()
}

impl Kernel for Compressor {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 5 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..5], out);
        let x = inputs[0];
        let params = &inputs[1..5];
        let modulated = params.iter().any(|p| !p.constant);
        let sr = ctx.sample_rate;
        let stereo = self.channels == 2;
        let (ol, or) = out.split_at_mut(1);
        let ol = &mut *ol[0];
        control_segments(ctx.start_sample, n, modulated, |i0, i1, tick| {
            if (tick && modulated) || !self.init {
                let thr_db = finite_or(params[0].left[i0], -12.0).clamp(-80.0, 20.0);
                let ratio = finite_or(params[1].left[i0], 4.0).clamp(1.0, 1000.0);
                self.thr_log2 = thr_db / 10.0 * std::f32::consts::LOG2_10;
                self.thr_ms = 10f32.powf(thr_db / 10.0);
                self.half_slope = 0.5 * (1.0 - 1.0 / ratio);
                self.rms_coef = time_coef(RMS_SECONDS, sr, RMS_SECONDS);
                self.att = time_coef(params[2].left[i0], sr, 0.01);
                self.rel = time_coef(params[3].left[i0], sr, 0.1);
                self.init = true;
            }
            let (rc, att, rel) = (self.rms_coef, self.att, self.rel);
            let (thr_ms, thr_log2, hs) = (self.thr_ms, self.thr_log2, self.half_slope);
            let (mut ms, mut gl2) = (self.ms, self.gain_l2);
            for i in i0..i1 {
                let xl = clean(x.left[i]);
                let xr = clean(x.right[i]);
                let p = (xl * xl).max(xr * xr);
                ms = p + rc * (ms - p);
                let target = if ms > thr_ms {
                    -hs * (fast_log2(ms) - thr_log2)
                } else {
                    0.0
                };
                let c = if target < gl2 { att } else { rel };
                gl2 = target + c * (gl2 - target);
                let g = if gl2 < -1e-7 { fast_exp2(gl2) } else { 1.0 };
                ol[i] = xl * g;
                if stereo {
                    or[0][i] = xr * g;
                }
            }
            self.ms = flush(ms);
            self.gain_l2 = flush(gl2);
        });
    }

    fn reset(&mut self) {
        self.ms = 0.0;
        self.gain_l2 = 0.0;
        self.init = false;
    }
}

// ------------------------------------------------------------------ limiter

/// The limiter's lookahead (and so its latency).
pub const LIMITER_LOOKAHEAD_SECONDS: f32 = 0.002;

/// `limiter [ceiling] [release]`: a brick-wall peak limiter with 2 ms lookahead (the
/// output is delayed by that much). The gain needed by every sample is held over the
/// lookahead window (a sliding minimum) and smoothed by a moving average of the same
/// length, so it has fully reached each peak's gain when that peak leaves the delay; it
/// then recovers with the `release` time. A final clip at the ceiling catches rounding.
/// The output never exceeds `ceiling` (dBFS, clamped to −60..0). Stereo-linked.
pub struct Limiter {
    channels: usize,
    look: usize,
    delay: [Vec<f32>; 2],
    /// Sliding-minimum queue of (gain, sample number), a ring of `look + 2`.
    q_val: Vec<f32>,
    q_pos: Vec<u64>,
    q_head: usize,
    q_len: usize,
    /// The last `look` held gains and their sum (f64: no drift).
    boxbuf: Vec<f32>,
    sum: f64,
    pos: usize,
    count: u64,
    gain: f32,
    ceiling: f32,
    rel: f32,
    init: bool,
}

copy_state_fields!(Limiter; channels, look, delay, q_val, q_pos, q_head, q_len, boxbuf, sum, pos, count, gain, ceiling, rel, init);

impl Limiter {
    pub fn new(sample_rate: f32, channels: usize) -> Limiter {
        let look = ((LIMITER_LOOKAHEAD_SECONDS * sample_rate).round() as usize).max(1);
        Limiter {
            channels: channels.clamp(1, 2),
            look,
            delay: [vec![0.0; look], vec![0.0; look]],
            q_val: vec![0.0; look + 2],
            q_pos: vec![0; look + 2],
            q_head: 0,
            q_len: 0,
            boxbuf: vec![1.0; look],
            sum: look as f64,
            pos: 0,
            count: 0,
            gain: 1.0,
            ceiling: 1.0,
            rel: 0.0,
            init: false,
        }
    }

    /// The latency in samples.
    pub fn latency(&self) -> usize {
        self.look
    }
}

impl Kernel for Limiter {
    super::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        self.channels
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 3 || out.len() < self.channels {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..3], out);
        let (x, ceiling, release) = (inputs[0], inputs[1], inputs[2]);
        let modulated = !(ceiling.constant && release.constant);
        let sr = ctx.sample_rate;
        let stereo = self.channels == 2;
        let (ol, or) = out.split_at_mut(1);
        let ol = &mut *ol[0];
        let look = self.look;
        let cap = self.q_val.len();
        control_segments(ctx.start_sample, n, modulated, |i0, i1, tick| {
            if (tick && modulated) || !self.init {
                let db = finite_or(ceiling.left[i0], -1.0).clamp(-60.0, 0.0);
                self.ceiling = 10f32.powf(db / 20.0);
                self.rel = time_coef(release.left[i0], sr, 0.05);
                self.init = true;
            }
            let (ceil, rel) = (self.ceiling, self.rel);
            let [dl, dr] = &mut self.delay;
            let (q_val, q_pos) = (&mut self.q_val[..], &mut self.q_pos[..]);
            let boxbuf = &mut self.boxbuf[..];
            let (mut head, mut len, mut sum) = (self.q_head, self.q_len, self.sum);
            let (mut pos, mut count, mut g) = (self.pos, self.count, self.gain);
            for i in i0..i1 {
                let xl = clean(x.left[i]);
                let xr = clean(x.right[i]);
                let peak = xl.abs().max(xr.abs());
                let t = if peak > ceil { ceil / peak } else { 1.0 };
                // sliding minimum over the last look + 1 targets
                while len > 0 {
                    let back = (head + len - 1) % cap;
                    if q_val[back] >= t {
                        len -= 1;
                    } else {
                        break;
                    }
                }
                let slot = (head + len) % cap;
                q_val[slot] = t;
                q_pos[slot] = count;
                len += 1;
                while q_pos[head] + (look as u64) < count {
                    head = if head + 1 == cap { 0 } else { head + 1 };
                    len -= 1;
                }
                let held = q_val[head];
                // moving average over look samples
                sum += held as f64 - boxbuf[pos] as f64;
                boxbuf[pos] = held;
                let b = (sum / look as f64) as f32;
                g = if b < g { b } else { b + rel * (g - b) };
                let yl = dl[pos];
                let yr = dr[pos];
                dl[pos] = xl;
                dr[pos] = xr;
                pos = if pos + 1 == look { 0 } else { pos + 1 };
                count += 1;
                ol[i] = (yl * g).clamp(-ceil, ceil);
                if stereo {
                    or[0][i] = (yr * g).clamp(-ceil, ceil);
                }
            }
            self.q_head = head;
            self.q_len = len;
            self.sum = sum;
            self.pos = pos;
            self.count = count;
            self.gain = g;
        });
    }

    fn reset(&mut self) {
        self.delay.iter_mut().for_each(|d| d.fill(0.0));
        self.boxbuf.fill(1.0);
        self.sum = self.look as f64;
        self.q_head = 0;
        self.q_len = 0;
        self.pos = 0;
        self.count = 0;
        self.gain = 1.0;
        self.init = false;
    }
}

// ------------------------------------------------------------------ pan

/// Tidal and SuperDirt's panning law, for the `pan` kernel and for every sample and synth
/// voice: `pos` 0 is left, 0.5 the centre, 1 right (clamped; NaN is the centre). A mono
/// source gets equal-power gains (cos/sin: −3 dB each side at the centre, L² + R² = 1, so a
/// hard-panned voice plays at its own level, never above). A stereo source is balanced:
/// each side's gain is min(1, √2·cos/sin), unity at the centre, the far side silent at the
/// edge.
pub fn pan_gains(pos: f32, stereo: bool) -> (f32, f32) {
    let turns = finite_or(pos, 0.5).clamp(0.0, 1.0) * 0.25;
    let (l, r) = (sin_turns(turns + 0.25), sin_turns(turns));
    if stereo {
        let boost = std::f32::consts::SQRT_2;
        ((boost * l).min(1.0), (boost * r).min(1.0))
    } else {
        (l, r)
    }
}

/// `pan pos` on a signal: [`pan_gains`] per sample. Always stereo.
#[derive(Clone)]
pub struct Pan;

impl Kernel for Pan {
    super::kernel::copy_state_by_value!(Kernel);

    fn channels(&self) -> usize {
        2
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        if inputs.len() < 2 || out.len() < 2 {
            return silence(out);
        }
        let n = block_len(ctx, &inputs[..2], out);
        let (x, pos) = (inputs[0], &inputs[1].left[..n]);
        let (ol, or) = two(out);
        for i in 0..n {
            let (gl, gr) = pan_gains(pos[i], x.stereo);
            ol[i] = clean(x.left[i]) * gl;
            or[i] = clean(x.right[i]) * gr;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::test_support::*;
    use super::*;

    fn run(name: &str, ins: &[Sig], n: usize) -> Vec<Vec<f32>> {
        let mut k = build(make, name, ins, 512);
        render(k.as_mut(), ins, n, 512)
    }

    /// Reverberation time from Schroeder's backward-integrated energy decay (T30 × 2).
    fn rt60(x: &[f32]) -> f32 {
        let mut edc = vec![0.0f64; x.len()];
        let mut acc = 0.0f64;
        for i in (0..x.len()).rev() {
            acc += (x[i] as f64).powi(2);
            edc[i] = acc;
        }
        let total = edc[0];
        let t = |db: f64| {
            edc.iter()
                .position(|e| 10.0 * (e / total).log10() < db)
                .unwrap_or(x.len()) as f32
                / SR
        };
        2.0 * (t(-35.0) - t(-5.0))
    }

    #[test]
    fn reverb_tail_grows_with_room() {
        let n = 8 * 48_000;
        let mut times = vec![];
        for room in [0.2, 0.5, 0.9] {
            let ins = [
                Sig::audio(impulse(n)),
                Sig::constant(room, n),
                Sig::constant(0.5, n),
                Sig::constant(1.0, n),
            ];
            let o = run("reverb", &ins, n);
            // a real tail: still sounding after 100 ms, decaying, and decorrelated L/R
            let early = rms(&o[0][4800..9600]);
            let late = rms(&o[0][48_000..52_800]);
            assert!(early > 1e-3 && late < early, "room {room}: {early} {late}");
            assert!(o[0][4800..9600] != o[1][4800..9600]);
            times.push(rt60(&o[0]));
        }
        assert!(
            times[0] > 0.3 && times[0] < times[1] && times[1] < times[2],
            "{times:?}"
        );
        assert!(times[2] > 2.0, "{times:?}");
    }

    #[test]
    fn reverb_damping_darkens_the_tail() {
        let n = 48_000;
        let hf = |damping: f32| {
            let ins = [
                Sig::audio(impulse(n)),
                Sig::constant(0.8, n),
                Sig::constant(damping, n),
                Sig::constant(1.0, n),
            ];
            let o = run("reverb", &ins, n);
            let tail = &o[0][24_000..];
            amp_at(tail, 8000.0) / amp_at(tail, 300.0).max(1e-9)
        };
        assert!(hf(1.0) < 0.5 * hf(0.0));
    }

    #[test]
    fn delay_echoes_at_time_with_feedback_gain() {
        let n = 48_000;
        let ins = [
            Sig::audio(impulse(n)),
            Sig::constant(0.1, n),
            Sig::constant(0.5, n),
            Sig::constant(0.5, n),
        ];
        let o = run("delay", &ins, n);
        assert!((o[0][0] - 0.5).abs() < 1e-6, "dry");
        for k in 1..5 {
            let at = 4800 * k;
            let window = &o[0][at - 100..at + 100];
            let (imax, vmax) = window.iter().enumerate().fold((0, 0.0f32), |b, (i, v)| {
                if v.abs() > b.1 {
                    (i, v.abs())
                } else {
                    b
                }
            });
            assert_eq!(imax + at - 100, at, "echo {k} position");
            let want = 0.5 * 0.5f32.powi(k as i32 - 1);
            assert!((vmax - want).abs() < 1e-3, "echo {k}: {vmax} vs {want}");
        }
        // nothing between echoes
        assert!(peak(&o[0][10..4790]) < 1e-6);
    }

    #[test]
    fn delay_fractional_and_modulated_time_is_safe() {
        let n = 48_000;
        // 2.5 samples: the echo is split between samples 2 and 3
        let ins = [
            Sig::audio(impulse(16)),
            Sig::constant(2.5 / SR, 16),
            Sig::constant(0.0, 16),
            Sig::constant(1.0, 16),
        ];
        let o = run("delay", &ins, 16);
        assert!((o[0][2] - 0.5).abs() < 1e-6 && (o[0][3] - 0.5).abs() < 1e-6);
        // wild time modulation (negative, huge, NaN) stays finite and bounded
        let mut t: Vec<f32> = sine(5.0, 3.0, n);
        t[100] = f32::NAN;
        t[200] = 1e9;
        let ins = [
            Sig::audio(noise(2, n)),
            Sig::audio(t),
            Sig::constant(0.9, n),
            Sig::constant(0.5, n),
        ];
        let o = run("delay", &ins, n);
        assert!(o[0].iter().all(|v| v.is_finite()) && peak(&o[0]) < 20.0);
    }

    #[test]
    fn pingpong_alternates_sides() {
        let n = 24_000;
        let ins = [
            Sig::audio(impulse(n)),
            Sig::constant(0.05, n),
            Sig::constant(0.5, n),
            Sig::constant(1.0, n),
        ];
        let o = run("pingpong", &ins, n);
        let d = 2400;
        assert!((o[0][d] - 1.0).abs() < 1e-5 && o[1][d].abs() < 1e-6);
        assert!((o[1][2 * d] - 0.5).abs() < 1e-5 && o[0][2 * d].abs() < 1e-6);
        assert!((o[0][3 * d] - 0.25).abs() < 1e-5 && o[1][3 * d].abs() < 1e-6);
        assert!((o[1][4 * d] - 0.125).abs() < 1e-5);
    }

    fn thd(x: &[f32], f0: f32) -> f32 {
        let fund = amp_at(x, f0);
        let harm: f32 = (2..12).map(|k| amp_at(x, f0 * k as f32).powi(2)).sum();
        harm.sqrt() / fund
    }

    #[test]
    fn distortion_thd_rises_with_drive() {
        let n = 48_000;
        let x = sine(200.0, 0.5, n);
        let mut last = 0.0;
        for drive in [0.5, 2.0, 8.0, 32.0] {
            let ins = [
                Sig::audio(x.clone()),
                Sig::constant(drive, n),
                Sig::constant(1.0, n),
            ];
            let o = run("dist", &ins, n);
            let t = thd(&o[0], 200.0);
            assert!(t > last * 1.2, "drive {drive}: thd {t} after {last}");
            assert!(peak(&o[0]) <= 1.0);
            last = t;
        }
        assert!(last > 0.3, "{last}");
        // mix 0 is the dry signal
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(8.0, n),
            Sig::constant(0.0, n),
        ];
        assert_eq!(run("distortion", &ins, n)[0], x);
    }

    #[test]
    fn bitcrush_limits_levels_and_rate() {
        let n = 48_000;
        let x = sine(100.0, 1.0, n);
        for bits in [1.0f32, 2.0, 3.0, 4.0, 8.0] {
            let ins = [
                Sig::audio(x.clone()),
                Sig::constant(bits, n),
                Sig::constant(1.0, n),
            ];
            let o = run("bitcrush", &ins, n);
            let mut levels: Vec<u32> = o[0].iter().map(|v| v.to_bits()).collect();
            levels.sort();
            levels.dedup();
            let max = 2f32.powf(bits) as usize;
            assert!(
                levels.len() <= max && levels.len() >= max / 2,
                "{bits}: {}",
                levels.len()
            );
        }
        let ins = [
            Sig::audio(noise(5, n)),
            Sig::constant(16.0, n),
            Sig::constant(8.0, n),
        ];
        let o = run("crush", &ins, n);
        let changes = o[0].windows(2).filter(|w| w[0] != w[1]).count();
        assert!(changes <= n / 8 && changes > n / 9, "{changes}");
        assert!(o[0].chunks(8).all(|c| c.iter().all(|v| *v == c[0])));
    }

    /// Frequencies measured from zero crossings over windows of `win` samples.
    fn crossing_freqs(x: &[f32], win: usize) -> Vec<f32> {
        x.chunks(win)
            .map(|c| {
                let z = c.windows(2).filter(|w| w[0] <= 0.0 && w[1] > 0.0).count();
                z as f32 * SR / win as f32
            })
            .collect()
    }

    #[test]
    fn chorus_wobbles_pitch_and_widens() {
        let n = 96_000;
        let x = sine(1000.0, 0.5, n);
        let measure = |depth: f32| {
            let ins = [
                Sig::audio(x.clone()),
                Sig::constant(2.0, n),
                Sig::constant(depth, n),
                Sig::constant(1.0, n),
            ];
            let o = run("chorus", &ins, n);
            let f = crossing_freqs(&o[0][4800..], 2400);
            let spread = f.iter().cloned().fold(0.0f32, f32::max)
                - f.iter().cloned().fold(f32::MAX, f32::min);
            (spread, o)
        };
        let (flat, _) = measure(0.0);
        let (wobble, o) = measure(1.0);
        // 8 ms swing at 2 Hz on 1 kHz: ±100 Hz of vibrato
        assert!(flat <= 20.0, "{flat}");
        assert!(wobble > 80.0, "{wobble}");
        assert!(rms(&o[0]) > 0.3 && o[0] != o[1], "stereo");
    }

    #[test]
    fn flanger_sweeps_a_comb_and_stays_stable() {
        let n = 96_000;
        let ins = [
            Sig::audio(noise(7, n)),
            Sig::constant(0.5, n),
            Sig::constant(1.0, n),
            Sig::constant(0.95, n),
            Sig::constant(0.5, n),
        ];
        let o = run("flanger", &ins, n);
        assert!(o[0].iter().all(|v| v.is_finite()) && peak(&o[0]) < 20.0);
        // the comb moves: short-time spectra at one frequency vary strongly over a sweep
        let levels: Vec<f32> = o[0].chunks(4800).map(|c| db(amp_at(c, 1500.0))).collect();
        let range = levels.iter().cloned().fold(f32::MIN, f32::max)
            - levels.iter().cloned().fold(f32::MAX, f32::min);
        assert!(range > 10.0, "{levels:?}");
    }

    fn phaser_gain(freq: f32) -> f32 {
        let n = 48_000;
        let x = sine(freq, 0.5, n);
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(0.0, n),
            Sig::constant(0.7, n),
            Sig::constant(0.0, n),
            Sig::constant(0.5, n),
        ];
        let o = run("phaser", &ins, n);
        db(rms(&o[0][n / 2..])) - db(rms(&x[n / 2..]))
    }

    #[test]
    fn phaser_notches_at_its_centre() {
        // LFO rate 0: the allpasses sit at 800 Hz, where six stages give −540°: a null
        assert!(phaser_gain(800.0) < -30.0, "{}", phaser_gain(800.0));
        assert!(phaser_gain(100.0) > -4.0, "{}", phaser_gain(100.0));
    }

    #[test]
    fn tremolo_modulation_depth() {
        let n = 48_000;
        for depth in [0.3f32, 0.8] {
            let ins = [
                Sig::audio(vec![1.0; n]),
                Sig::constant(5.0, n),
                Sig::constant(depth, n),
            ];
            let o = run("tremolo", &ins, n);
            let hi = o[0].iter().cloned().fold(f32::MIN, f32::max);
            let lo = o[0].iter().cloned().fold(f32::MAX, f32::min);
            assert!((hi - 1.0).abs() < 1e-3 && (lo - (1.0 - depth)).abs() < 1e-3);
            // five dips per second
            let dips = o[0]
                .windows(3)
                .filter(|w| w[1] < w[0] && w[1] <= w[2])
                .count();
            assert_eq!(dips, 5);
        }
    }

    #[test]
    fn compressor_reduces_loud_signals_only() {
        let n = 48_000;
        let level = |amp: f32| {
            let x = sine(1000.0, amp, n);
            let ins = [
                Sig::audio(x.clone()),
                Sig::constant(-12.0, n),
                Sig::constant(4.0, n),
                Sig::constant(0.005, n),
                Sig::constant(0.05, n),
            ];
            let o = run("compressor", &ins, n);
            db(rms(&o[0][n / 2..])) - db(rms(&x[n / 2..]))
        };
        // a full-scale sine is 9 dB over a -12 dB threshold: ratio 4 takes off 6.75 dB
        let loud = level(1.0);
        assert!((loud + 6.75).abs() < 1.0, "{loud}");
        let quiet = level(0.05);
        assert!(quiet.abs() < 0.05, "{quiet}");
    }

    #[test]
    fn limiter_never_exceeds_its_ceiling() {
        let n = 48_000;
        let mut x: Vec<f32> = noise(9, n).iter().map(|v| v * 0.3).collect();
        for i in (1000..n).step_by(3001) {
            x[i] = 4.0; // isolated spikes
        }
        x[20_000..20_050].fill(-3.0);
        let ins = [
            Sig::audio(x.clone()),
            Sig::constant(-1.0, n),
            Sig::constant(0.05, n),
        ];
        let o = run("limiter", &ins, n);
        let ceil = 10f32.powf(-1.0 / 20.0);
        assert!(peak(&o[0]) <= ceil + 1e-6, "{}", peak(&o[0]));
        // quiet material passes unchanged (delayed by the lookahead) once gain recovers
        let look = (LIMITER_LOOKAHEAD_SECONDS * SR).round() as usize;
        assert!((o[0][500 + look] - x[500]).abs() < 1e-6);
        // the limiter works by gain, not by clipping: a loud sine keeps its shape
        let s = sine(100.0, 3.0, n);
        let ins = [Sig::audio(s), Sig::constant(-6.0, n), Sig::constant(0.5, n)];
        let o = run("limiter", &ins, n);
        let tail = &o[0][n / 2..];
        assert!(peak(tail) <= 10f32.powf(-6.0 / 20.0) + 1e-6);
        assert!(thd(tail, 100.0) < 0.1, "{}", thd(tail, 100.0));
    }

    #[test]
    fn pan_is_equal_power() {
        let n = 100;
        for (pos, l, r) in [
            (
                0.5,
                std::f32::consts::FRAC_1_SQRT_2,
                std::f32::consts::FRAC_1_SQRT_2,
            ),
            (0.0, 1.0, 0.0),
            (1.0, 0.0, 1.0),
            (-3.0, 1.0, 0.0),
            (
                f32::NAN,
                std::f32::consts::FRAC_1_SQRT_2,
                std::f32::consts::FRAC_1_SQRT_2,
            ),
        ] {
            let ins = [Sig::audio(vec![1.0; n]), Sig::constant(pos, n)];
            let o = run("pan", &ins, n);
            assert!(
                (o[0][50] - l).abs() < 1e-4 && (o[1][50] - r).abs() < 1e-4,
                "{pos}"
            );
        }
        for pos in [0.1, 0.3, 0.7] {
            let ins = [Sig::audio(vec![1.0; n]), Sig::constant(pos, n)];
            let o = run("pan", &ins, n);
            assert!((o[0][0].powi(2) + o[1][0].powi(2) - 1.0).abs() < 1e-4);
        }
        // a stereo input is unchanged at the centre
        let ins = [
            Sig::stereo(vec![0.5; n], vec![-0.5; n]),
            Sig::constant(0.5, n),
        ];
        let o = run("pan", &ins, n);
        assert!((o[0][3] - 0.5).abs() < 1e-5 && (o[1][3] + 0.5).abs() < 1e-5);
    }

    #[test]
    fn every_effect_is_block_size_independent_under_modulation() {
        let n = 12_000;
        let x = Sig::stereo(saw(110.0, n), noise(4, n));
        let lfo = |lo: f32, hi: f32, hz: f32| {
            Sig::audio(
                sine(hz, 1.0, n)
                    .iter()
                    .map(|v| lo + (hi - lo) * (0.5 + 0.5 * v))
                    .collect(),
            )
        };
        let cases: Vec<(&str, Vec<Sig>)> = vec![
            (
                "reverb",
                vec![
                    x.clone(),
                    lfo(0.3, 0.9, 2.0),
                    lfo(0.1, 0.8, 3.0),
                    lfo(0.2, 0.8, 1.0),
                ],
            ),
            (
                "delay",
                vec![
                    x.clone(),
                    lfo(0.01, 0.05, 2.0),
                    lfo(0.2, 0.7, 1.0),
                    lfo(0.2, 0.8, 3.0),
                ],
            ),
            (
                "pingpong",
                vec![
                    x.clone(),
                    lfo(0.01, 0.05, 2.0),
                    lfo(0.2, 0.7, 1.0),
                    lfo(0.2, 0.8, 3.0),
                ],
            ),
            (
                "distortion",
                vec![x.clone(), lfo(1.0, 10.0, 2.0), lfo(0.2, 1.0, 3.0)],
            ),
            (
                "bitcrush",
                vec![x.clone(), lfo(2.0, 8.0, 2.0), lfo(1.0, 9.0, 3.0)],
            ),
            (
                "chorus",
                vec![
                    x.clone(),
                    lfo(0.5, 3.0, 0.5),
                    lfo(0.2, 1.0, 1.0),
                    lfo(0.2, 0.8, 3.0),
                ],
            ),
            (
                "flanger",
                vec![
                    x.clone(),
                    lfo(0.2, 2.0, 0.5),
                    lfo(0.2, 1.0, 1.0),
                    lfo(0.0, 0.9, 2.0),
                    lfo(0.2, 0.8, 3.0),
                ],
            ),
            (
                "phaser",
                vec![
                    x.clone(),
                    lfo(0.2, 2.0, 0.5),
                    lfo(0.2, 1.0, 1.0),
                    lfo(0.0, 0.8, 2.0),
                    lfo(0.2, 0.8, 3.0),
                ],
            ),
            (
                "tremolo",
                vec![x.clone(), lfo(2.0, 8.0, 0.5), lfo(0.2, 1.0, 1.0)],
            ),
            (
                "compressor",
                vec![
                    x.clone(),
                    lfo(-30.0, -6.0, 1.0),
                    lfo(2.0, 8.0, 2.0),
                    lfo(0.001, 0.02, 3.0),
                    lfo(0.05, 0.3, 1.5),
                ],
            ),
            (
                "limiter",
                vec![x.clone(), lfo(-12.0, -1.0, 1.0), lfo(0.01, 0.2, 2.0)],
            ),
            ("pan", vec![x.clone(), lfo(-1.0, 1.0, 2.0)]),
        ];
        for (name, ins) in cases {
            let d = block_size_diff(make, name, &ins, n);
            assert!(d <= 1e-6, "{name}: {d}");
        }
    }

    #[test]
    fn hostile_inputs_stay_finite() {
        let n = 4096;
        let mut x = noise(11, n);
        x[10] = f32::NAN;
        x[20] = f32::INFINITY;
        x[30] = -1e30;
        let bad = Sig::audio((0..n).map(|i| [f32::NAN, 1e9, -1e9, 0.0][i % 4]).collect());
        for name in [
            "reverb",
            "delay",
            "pingpong",
            "dist",
            "crush",
            "chorus",
            "flanger",
            "phaser",
            "tremolo",
            "compressor",
            "limiter",
            "pan",
        ] {
            let arity = match name {
                "reverb" | "delay" | "pingpong" | "chorus" => 4,
                "flanger" | "phaser" | "compressor" => 5,
                "pan" => 2,
                _ => 3,
            };
            let mut ins = vec![Sig::audio(x.clone())];
            ins.extend((1..arity).map(|_| bad.clone()));
            let o = run(name, &ins, n);
            assert!(
                o.iter().flatten().all(|v| v.is_finite() && v.abs() < 1e7),
                "{name}"
            );
        }
    }
}
