//! Pieces the synths share: their state-variable filter and a held-note envelope.

use super::*;

// ---------------------------------------------------------------------- shared pieces

/// The synths' state-variable filter: the shared TPT filter, one sample at a time.
pub(crate) type Svf = crate::dsp::filter::TptSvf<f32>;

/// A synth filter's cutoff, kept between 10 Hz and 0.45·fs.
pub(crate) fn voice_cutoff(cutoff: f32, sr: f32) -> f32 {
    cutoff.clamp(10.0, 0.45 * sr)
}

/// A held note's envelope: `VoiceEnv` plus the countdown to its gate-off.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Held {
    pub(crate) env: VoiceEnv,
    pub(crate) hold: u64,
}

impl Held {
    pub(crate) fn new(sr: f32, attack: f32, decay: f32, sustain: f32, release: f32) -> Self {
        let mut env = VoiceEnv::new(sr);
        env.set(attack, decay, sustain, release);
        Held { env, hold: 0 }
    }

    pub(crate) fn start(&mut self, sustain_secs: f32, sr: f32) {
        self.env.kill();
        self.env.trigger();
        self.hold = samples(sustain_secs, sr);
        if self.hold == 0 {
            self.env.gate_off();
        }
    }

    #[inline(always)]
    pub(crate) fn next(&mut self) -> f32 {
        if self.hold > 0 {
            self.hold -= 1;
            if self.hold == 0 {
                self.env.gate_off();
            }
        }
        self.env.next()
    }

    pub(crate) fn release(&mut self) {
        self.hold = 0;
        self.env.gate_off();
    }
}
