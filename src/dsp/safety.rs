//! The output safety stage: what every output passes through last, so that nothing a
//! program does (runaway feedback, a huge gain, an unstable filter) reaches the speakers
//! as a blast. Transparent below 0 dBFS; above it a smooth saturation that approaches, and
//! never reaches, [`CEILING`] (+6 dBFS). Stateless: no latency, the same samples for any
//! block size. Allocation-free and panic-free.

/// The level nothing crosses: +6 dBFS.
pub const CEILING: f32 = 2.0;

/// What the stage did: how many samples it changed, and the worst peak it was given.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SafetyStats {
    pub limited: u64,
    pub worst_peak: f32,
}

impl SafetyStats {
    pub fn add(&mut self, other: &SafetyStats) {
        self.limited += other.limited;
        self.worst_peak = self.worst_peak.max(other.worst_peak);
    }
}

/// One sample through the stage. |x| ≤ 1 passes unchanged; above, the excess is shaped by
/// tanh, which joins the identity with the same slope at 1 and tends to [`CEILING`]. NaN is
/// silence; ±∞ goes to just under the ceiling.
#[inline(always)]
pub fn shape(x: f32) -> f32 {
    let a = x.abs();
    if a <= 1.0 {
        return x;
    }
    if a.is_nan() {
        return 0.0;
    }
    let room = CEILING - 1.0;
    let excess = (a - 1.0) / room;
    // tanh(e) = 1 - 2 / (exp(2e) + 1); for large e it rounds to 1, so clamp below the
    // ceiling explicitly.
    let t = 1.0 - 2.0 / ((2.0 * excess.min(20.0)).exp() + 1.0);
    (1.0 + room * t)
        .min(CEILING - f32::EPSILON * 2.0)
        .copysign(x)
}

/// Runs `samples` through the stage in place, counting what it changed.
pub fn apply(samples: &mut [f32], stats: &mut SafetyStats) {
    for x in samples.iter_mut() {
        let a = x.abs();
        if a > 1.0 || a.is_nan() {
            stats.limited += 1;
            if a.is_finite() && a > stats.worst_peak {
                stats.worst_peak = a;
            } else if a.is_infinite() {
                stats.worst_peak = f32::INFINITY;
            }
            *x = shape(*x);
        } else if a > stats.worst_peak {
            stats.worst_peak = a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_full_scale_nothing_changes() {
        for i in -1000..=1000 {
            let x = i as f32 / 1000.0;
            assert_eq!(shape(x).to_bits(), x.to_bits());
        }
        let mut s = [0.5f32, -1.0, 0.999];
        let mut st = SafetyStats::default();
        apply(&mut s, &mut st);
        assert_eq!(s, [0.5, -1.0, 0.999]);
        assert_eq!(st.limited, 0);
        assert_eq!(st.worst_peak, 1.0);
    }

    #[test]
    fn above_full_scale_it_is_smooth_monotonic_and_under_the_ceiling() {
        let mut last = 1.0f32;
        for i in 1..200_000 {
            let x = 1.0 + i as f32 * 0.0005;
            let y = shape(x);
            assert!(y >= last && y < CEILING, "{x} -> {y}");
            // Slope 1 at the knee: no corner.
            if i == 1 {
                assert!((y - x).abs() < 1e-6, "{y}");
            }
            last = y;
        }
        for x in [1e6f32, 1e38, f32::MAX, f32::INFINITY] {
            let y = shape(x);
            assert!(y < CEILING && y > 1.99, "{x} -> {y}");
            assert_eq!(shape(-x), -y);
        }
        assert_eq!(shape(f32::NAN), 0.0);
    }

    #[test]
    fn it_counts_what_it_limits() {
        let mut s = [0.2f32, 3.0, -1e30, f32::NAN, 0.9];
        let mut st = SafetyStats::default();
        apply(&mut s, &mut st);
        assert_eq!(st.limited, 3);
        assert_eq!(st.worst_peak, 1e30);
        assert!(s.iter().all(|x| x.abs() < CEILING));
    }
}
