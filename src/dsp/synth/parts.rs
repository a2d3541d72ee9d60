//! Pieces the synths share: a small state-variable filter and a held-note envelope.

use super::*;

// ---------------------------------------------------------------------- shared pieces

/// Topology-preserving state-variable filter (Simper), used as a high-pass here.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Svf {
    pub(crate) a1: f32,
    pub(crate) a2: f32,
    pub(crate) a3: f32,
    pub(crate) k: f32,
    pub(crate) ic1: f32,
    pub(crate) ic2: f32,
}

impl Svf {
    pub(crate) fn set(&mut self, cutoff: f32, q: f32, sr: f32) {
        let fc = cutoff.clamp(10.0, 0.45 * sr);
        let g = (std::f32::consts::PI * fc / sr).tan();
        self.k = 1.0 / q;
        self.a1 = 1.0 / (1.0 + g * (g + self.k));
        self.a2 = g * self.a1;
        self.a3 = g * self.a2;
    }

    pub(crate) fn clear(&mut self) {
        self.ic1 = 0.0;
        self.ic2 = 0.0;
    }

    /// One sample; returns the high-pass output.
    #[inline(always)]
    pub(crate) fn highpass(&mut self, v0: f32) -> f32 {
        let v3 = v0 - self.ic2;
        let v1 = self.a1 * self.ic1 + self.a2 * v3;
        let v2 = self.ic2 + self.a2 * self.ic1 + self.a3 * v3;
        self.ic1 = 2.0 * v1 - self.ic1;
        self.ic2 = 2.0 * v2 - self.ic2;
        v0 - self.k * v1 - v2
    }
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
