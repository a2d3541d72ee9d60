//! Waveshapers: `distortion` and `bitcrush`.

use super::*;

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
    crate::dsp::kernel::copy_state_by_value!(Kernel);

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
    crate::dsp::kernel::copy_state_by_value!(Kernel);

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
