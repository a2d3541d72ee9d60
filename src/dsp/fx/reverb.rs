//! `reverb`: a Freeverb-style stereo reverb.

use super::*;

// ------------------------------------------------------------------ reverb

/// Freeverb's tunings at 44.1 kHz (Jezar at Dreampoint, public domain).
pub(crate) const COMB_TUNING: [usize; 8] = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
pub(crate) const ALLPASS_TUNING: [usize; 4] = [556, 441, 341, 225];
/// Extra samples on the right channel's delays: decorrelates left and right.
pub(crate) const STEREO_SPREAD: usize = 23;
pub(crate) const FIXED_GAIN: f32 = 0.015;
pub(crate) const SCALE_ROOM: f32 = 0.28;
pub(crate) const OFFSET_ROOM: f32 = 0.7;
pub(crate) const SCALE_DAMP: f32 = 0.4;

/// A lowpass-feedback comb filter.
pub(crate) struct Comb {
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
pub(crate) struct Allpass {
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
    crate::dsp::kernel::copy_state_in_place!(Kernel);

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
