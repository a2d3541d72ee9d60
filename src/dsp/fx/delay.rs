//! `delay` and `pingpong`: feedback delays with gliding times.

use super::*;

// ------------------------------------------------------------------ delay

/// Delay-time changes glide over about this many seconds (a tape-like pitch bend instead
/// of a click); constant times are exact.
pub(crate) const TIME_GLIDE_SECONDS: f32 = 0.05;

/// The delay in samples a `time` parameter asks for, within what `line` supports.
#[inline(always)]
pub(crate) fn delay_samples(time: f32, sample_rate: f32, max: f32) -> f32 {
    (finite_or(time, 0.0) * sample_rate).clamp(1.0, max)
}

#[inline(always)]
pub(crate) fn feedback_gain(x: f32) -> f32 {
    finite_or(x, 0.0).clamp(-0.99, 0.99)
}

/// The per-sample glide coefficient toward a new delay time.
pub(crate) fn glide_coef(sample_rate: f32) -> f32 {
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
    crate::dsp::kernel::copy_state_in_place!(Kernel);

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
    crate::dsp::kernel::copy_state_in_place!(Kernel);

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
