//! `pan` and the panning law every voice uses.

use super::*;

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
    crate::dsp::kernel::copy_state_by_value!(Kernel);

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
