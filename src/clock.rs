//! Samples to cycles and back, exactly.
//!
//! A clock maps the absolute sample counter of a program to pattern cycles:
//! `cycle(s) = anchor_cycle + (s - anchor_sample) · cps / rate`. Offline the anchor is
//! (0, 0). In a host the anchor moves when the host's tempo or position jumps (a loop, a
//! locate, a tempo change); between jumps the mapping stays exact, so events land on the
//! same samples however the host slices its blocks.

use crate::pattern::Time;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    pub anchor_sample: i64,
    pub anchor_cycle: Time,
    /// Cycles per second and samples per second, exactly.
    pub cps: Time,
    pub rate: Time,
}

impl Clock {
    /// A clock starting at cycle 0 at sample 0.
    pub fn new(cps: f64, sample_rate: f32) -> Clock {
        Clock {
            anchor_sample: 0,
            anchor_cycle: Time::ZERO,
            cps: Time::from_f64(cps),
            rate: Time::from_f64(sample_rate as f64),
        }
    }

    /// The cycle position at the start of sample `s`.
    pub fn cycle_at(&self, s: i64) -> Time {
        self.anchor_cycle + Time::from_int(s - self.anchor_sample) * self.cps / self.rate
    }

    /// The sample containing cycle position `t` (the last sample starting at or before it).
    pub fn sample_at(&self, t: Time) -> i64 {
        if self.cps.is_zero() {
            return self.anchor_sample;
        }
        ((t - self.anchor_cycle) * self.rate / self.cps).floor_int() + self.anchor_sample
    }

    /// Follows a host that says sample `s` is at `cycle` (a float from its beat position)
    /// with tempo `cps`: re-anchors only when the tempo changed or the position is off by
    /// more than half a sample, so a steady transport keeps the exact mapping.
    pub fn follow(&mut self, s: i64, cycle: f64, cps: f64) {
        let new_cps = Time::from_f64(cps);
        let expected = self.cycle_at(s).to_f64();
        let half_sample = 0.5 * cps / self.rate.to_f64();
        if new_cps != self.cps || (expected - cycle).abs() > half_sample {
            self.anchor_sample = s;
            self.anchor_cycle = Time::from_f64(cycle);
            self.cps = new_cps;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_samples_to_cycles_exactly_and_back() {
        let c = Clock::new(0.5, 48_000.0);
        assert_eq!(c.cycle_at(96_000), Time::ONE);
        assert_eq!(c.sample_at(Time::new(1, 4)), 24_000);
        // 1/3 of a cycle is between samples: the sample containing it.
        assert_eq!(c.sample_at(Time::new(1, 3)), 32_000);
    }

    #[test]
    fn a_steady_host_keeps_the_anchor_and_a_jump_moves_it() {
        let mut c = Clock::new(0.5, 48_000.0);
        // The host's float position agrees with ours (within a sample): no re-anchor.
        c.follow(48_000, 0.5 + 1e-9, 0.5);
        assert_eq!(c.anchor_sample, 0);
        // A loop back to cycle 0 at sample 96 000.
        c.follow(96_000, 0.0, 0.5);
        assert_eq!((c.anchor_sample, c.anchor_cycle), (96_000, Time::ZERO));
        assert_eq!(c.cycle_at(120_000), Time::new(1, 4));
        // A tempo change re-anchors at the current position.
        c.follow(120_000, 0.25, 1.0);
        assert_eq!(c.cycle_at(144_000), Time::new(3, 4));
    }
}
