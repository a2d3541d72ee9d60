//! Dynamics: `compressor` and `limiter`.

use super::*;

// ------------------------------------------------------------------ compressor

/// The compressor's RMS detector averages the squared signal over about this long.
pub(crate) const RMS_SECONDS: f32 = 0.005;

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

pub(crate) fn time_coef(seconds: f32, sample_rate: f32, default: f32) -> f32 {
    let t = finite_or(seconds, default).clamp(1e-4, 5.0);
    (-1.0 / (t * sample_rate)).exp()
}

impl Kernel for Compressor {
    crate::dsp::kernel::copy_state_by_value!(Kernel);

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
    crate::dsp::kernel::copy_state_in_place!(Kernel);

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
