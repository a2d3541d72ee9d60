//! Modulation effects: `chorus`, `flanger`, `phaser`, `tremolo`.

use super::*;

// ------------------------------------------------------------------ chorus

pub(crate) const CHORUS_BASE: f32 = 0.020;
pub(crate) const CHORUS_SWING: f32 = 0.008;

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
    crate::dsp::kernel::copy_state_in_place!(Kernel);

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

pub(crate) const FLANGER_MIN: f32 = 0.0003;
pub(crate) const FLANGER_SWING: f32 = 0.006;

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
    crate::dsp::kernel::copy_state_in_place!(Kernel);

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

pub(crate) const PHASER_STAGES: usize = 6;
pub(crate) const PHASER_CENTER_HZ: f32 = 800.0;
pub(crate) const PHASER_OCTAVES: f32 = 3.0;

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
    crate::dsp::kernel::copy_state_by_value!(Kernel);

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
    crate::dsp::kernel::copy_state_by_value!(Kernel);

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
