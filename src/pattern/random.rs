//! Seeded randomness as a pure function of cycle position (Tidal's `timeToRand`).
//!
//! Tidal hashes the time with a 64-bit xorshift and samples a continuous random signal
//! at the *midpoint* of the query span; Strudel uses 32-bit arithmetic and the span's
//! begin, so its numbers differ. Phonon follows Tidal: the same program gives the same
//! random choices as Tidal, and always the same ones.

use super::core::{signal, Pattern};
use super::time::Time;

const TWO_29: i64 = 1 << 29;

fn xorwise(x: i64) -> i64 {
    let a = x.wrapping_shl(13) ^ x;
    let b = (a >> 17) ^ a;
    b.wrapping_shl(5) ^ b
}

/// Tidal's `timeToIntSeed`: the fractional part (towards zero) of `t / 300`,
/// scaled to 29 bits, hashed.
fn time_to_int_seed(t: Time) -> i64 {
    let x = t / Time::from_int(300);
    let whole = if x < Time::ZERO {
        -((-x).floor_int())
    } else {
        x.floor_int()
    };
    let frac = x - Time::from_int(whole);
    let scaled = frac * Time::from_int(TWO_29);
    // truncate towards zero
    let n = if scaled < Time::ZERO {
        -((-scaled).floor_int())
    } else {
        scaled.floor_int()
    };
    xorwise(n)
}

fn int_seed_to_rand(x: i64) -> f64 {
    x.rem_euclid(TWO_29) as f64 / TWO_29 as f64
}

/// A number in `[0, 1)` determined by `t` alone.
pub fn time_to_rand(t: Time) -> f64 {
    int_seed_to_rand(time_to_int_seed(t))
}

/// `n` numbers in `[0, 1)` determined by `t` (Tidal's `timeToRands`).
pub fn time_to_rands(t: Time, n: usize) -> Vec<f64> {
    let mut seed = time_to_int_seed(t);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(int_seed_to_rand(seed));
        seed = xorwise(seed);
    }
    out
}

/// The continuous random signal `rand`, sampled at the midpoint of each query.
pub fn rand() -> Pattern<f64> {
    signal(time_to_rand)
}

/// `rand` shifted by a seed, as mini-notation's `?` and `|` use it (Tidal: `0.0001 * seed`).
pub fn seeded_rand(seed: u32) -> Pattern<f64> {
    rand().early_t(Time::new(seed as i64, 10_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_in_range_and_deterministic() {
        for i in 0..1000 {
            let t = Time::new(i * 7 - 3000, 13);
            let r = time_to_rand(t);
            assert!((0.0..1.0).contains(&r));
            assert_eq!(r, time_to_rand(t));
        }
    }

    #[test]
    fn matches_tidal_reference_values() {
        // Worked by hand from Tidal's definitions: t = 1/2 -> x = 1/600,
        // trunc(2^29 / 600) = 894784; xorwise(894784) mod 2^29, over 2^29.
        let n: i64 = 894_784;
        let a = (n << 13) ^ n;
        let b = (a >> 17) ^ a;
        let c = (b << 5) ^ b;
        let expected = c.rem_euclid(1 << 29) as f64 / (1u64 << 29) as f64;
        assert_eq!(time_to_rand(Time::new(1, 2)), expected);
        assert_eq!(time_to_rand(Time::ZERO), 0.0);
    }
}
