//! A synth as a continuous source: a new note at every cycle start.

use super::*;

// --------------------------------------------------------------------- construction

/// A usable sample rate for a voice (48 kHz for garbage).
pub fn sane_rate(sample_rate: f32) -> f32 {
    if sample_rate > 0.0 && sample_rate.is_finite() {
        sample_rate
    } else {
        48_000.0
    }
}

/// A synth played as a continuous source: a new note at every cycle start.
pub struct SynthKernel {
    voices: [Box<dyn Voice>; 2],
    active: [bool; 2],
    /// The voice that holds the newest note.
    current: usize,
    params: usize,
    has_freq: bool,
    /// Whole cycle of the last note (NaN before the first).
    last_cycle: f64,
}

/// A voice copies the state of a voice of the same synth.
impl CopyState for Box<dyn Voice> {
    fn same_shape(&self, other: &Self) -> bool {
        AsAny::as_any(&**self).type_id() == AsAny::as_any(&**other).type_id()
    }
    fn copy_state(&mut self, from: &Self) {
        self.copy_state_from(&**from);
    }
}

copy_state_fields!(SynthKernel; voices, active, current, params, has_freq, last_cycle);

impl SynthKernel {
    /// A synth played by two alternating voices built by `voice`, with `params` inputs
    /// of which the first is the frequency when `has_freq`.
    pub fn new(
        voice: fn(f32, u64) -> Box<dyn Voice>,
        sample_rate: f32,
        seed: u64,
        params: usize,
        has_freq: bool,
    ) -> Self {
        SynthKernel {
            voices: [
                voice(sample_rate, seed),
                voice(sample_rate, seed ^ 0x5851_F42D_4C95_7F2D),
            ],
            active: [false; 2],
            current: 1,
            params: params.min(4),
            has_freq,
            last_cycle: f64::NAN,
        }
    }

    /// The inputs' values at sample `i`: (freq, the other parameters).
    fn values(&self, inputs: &[Input], i: usize) -> (f32, [f32; 3]) {
        let mut all = [0.0f32; 4];
        for (k, v) in all.iter_mut().enumerate().take(self.params) {
            *v = inputs[k].left[i];
        }
        if self.has_freq {
            (all[0], [all[1], all[2], all[3]])
        } else {
            (0.0, [all[0], all[1], all[2]])
        }
    }
}

impl Kernel for SynthKernel {
    crate::dsp::kernel::copy_state_in_place!(Kernel);

    fn channels(&self) -> usize {
        1
    }

    fn process(&mut self, ctx: &BlockCtx, inputs: &[Input], out: &mut [&mut [f32]]) {
        let Some(o) = mono_out(out, ctx.len) else {
            return;
        };
        o.fill(0.0);
        let n = o.len();
        if inputs.len() < self.params || inputs[..self.params].iter().any(|x| x.left.len() < n) {
            return;
        }
        let cps = ctx.cycles_per_sample * ctx.sample_rate as f64;
        let note_secs = if cps > 0.0 {
            (1.0 / cps) as f32
        } else {
            f32::INFINITY
        };
        let rest = self.params - self.has_freq as usize;
        let mut i = 0;
        while i < n {
            let abs = ctx.start_sample + i as u64;
            let whole = cycle_split(ctx.cycle_at(i)).0;
            if whole != self.last_cycle {
                self.last_cycle = whole;
                let (freq, p) = self.values(inputs, i);
                self.current ^= 1;
                let v = &mut self.voices[self.current];
                v.set_params(&p[..rest]);
                v.start(freq, 1.0, note_secs);
                self.active[self.current] = true;
            } else if abs.is_multiple_of(CONTROL_RATE) {
                let (freq, p) = self.values(inputs, i);
                let v = &mut self.voices[self.current];
                v.set_params(&p[..rest]);
                if self.has_freq {
                    v.set_freq(freq);
                }
            }
            // Render up to the next control point, block end or cycle start.
            let mut end = (i + (CONTROL_RATE - abs % CONTROL_RATE) as usize).min(n);
            if cycle_split(ctx.cycle_at(end - 1)).0 != whole {
                end = (i + 1..end)
                    .find(|&j| cycle_split(ctx.cycle_at(j)).0 != whole)
                    .unwrap_or(end);
            }
            for k in 0..2 {
                if self.active[k] {
                    self.active[k] = self.voices[k].render_add(&mut o[i..end]);
                }
            }
            i = end;
        }
    }

    fn reset(&mut self) {
        self.active = [false; 2];
        self.last_cycle = f64::NAN;
    }
}
