//! The basic waveforms as voices, for `s "sine"`, `s "saw"`/`"sawtooth"`, `s "square"`
//! and `s "triangle"` (Strudel's synth names): one band-limited oscillator held for the
//! event's length, with a 1 ms attack and a 10 ms release. The per-voice `attack decay
//! sus release` controls shape it further.

use super::*;
use crate::dsp::osc::tri_sample;

/// Which waveform a [`WaveVoice`] plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waveform {
    Sine,
    Saw,
    Square,
    Triangle,
}

/// One oscillator note.
#[derive(Clone, Copy)]
pub struct WaveVoice {
    shape: Waveform,
    sr: f32,
    inv_sr: f64,
    env: Held,
    phase: f64,
    dt: f64,
    gain: f32,
    active: bool,
}

impl WaveVoice {
    pub fn new(shape: Waveform, sample_rate: f32) -> WaveVoice {
        WaveVoice {
            shape,
            sr: sample_rate,
            inv_sr: 1.0 / sample_rate as f64,
            env: Held::new(sample_rate, 0.001, 0.0, 1.0, 0.01),
            phase: 0.0,
            dt: 0.0,
            gain: 1.0,
            active: false,
        }
    }
}

impl Voice for WaveVoice {
    crate::dsp::kernel::copy_state_by_value!(Voice);

    fn start(&mut self, freq: f32, gain: f32, sustain_secs: f32) {
        self.dt = phase_inc(sane_freq(freq, DEFAULT_PITCH), self.inv_sr);
        // Saw and square carry more energy than a sine at the same peak.
        let level = match self.shape {
            Waveform::Sine | Waveform::Triangle => 0.6,
            Waveform::Saw | Waveform::Square => 0.45,
        };
        self.gain = level * finite_or(gain, 0.0);
        self.phase = 0.0;
        self.env.start(sustain_secs, self.sr);
        self.active = true;
    }

    fn set_freq(&mut self, freq: f32) {
        if freq.is_finite() && freq > 0.0 {
            self.dt = phase_inc(freq, self.inv_sr);
        }
    }

    fn release(&mut self) {
        self.env.release();
    }

    fn render_add(&mut self, out: &mut [f32]) -> bool {
        if !self.active {
            return false;
        }
        let (dt, gain, shape) = (self.dt, self.gain, self.shape);
        let mut phase = self.phase;
        let mut env = self.env;
        for y in out.iter_mut() {
            let x = match shape {
                Waveform::Sine => sin_turns(phase as f32) as f64,
                Waveform::Saw => saw_sample(phase, dt),
                Waveform::Square => pulse_sample(phase, 0.5, dt),
                Waveform::Triangle => tri_sample(phase, dt),
            };
            *y += x as f32 * gain * env.next();
            phase += dt;
            if phase >= 1.0 {
                phase -= 1.0;
            }
        }
        self.phase = phase;
        self.env = env;
        self.active = !self.env.env.is_done();
        self.active
    }
}
