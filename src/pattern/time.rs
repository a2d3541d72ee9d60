//! Exact rational time, measured in cycles.
//!
//! Pattern time is never a float: `late (1/3)` must shift by exactly a third, and
//! events of `"a b c"` must meet end to begin without drift after a million cycles.
//! `Time` is a reduced fraction of two `i64`s whose arithmetic goes through `i128`,
//! so intermediate products never overflow. A result that does not fit in `i64` is
//! rounded to the nearest fraction with a smaller denominator instead of panicking:
//! no input to the engine may crash it.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// A point or duration in cycles: `num / den`, reduced, `den > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Time {
    num: i64,
    den: i64,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Time {
    pub const ZERO: Time = Time { num: 0, den: 1 };
    pub const ONE: Time = Time { num: 1, den: 1 };

    /// `num / den`, reduced. A zero denominator yields zero (callers guard divisions).
    pub fn new(num: i64, den: i64) -> Time {
        Time::from_i128(num as i128, den as i128)
    }

    pub fn from_int(n: i64) -> Time {
        Time { num: n, den: 1 }
    }

    /// Reduces an `i128` fraction into a `Time`, approximating when it does not fit.
    fn from_i128(num: i128, den: i128) -> Time {
        if den == 0 {
            return Time::ZERO;
        }
        let (mut num, mut den) = if den < 0 { (-num, -den) } else { (num, den) };
        let g = gcd(num, den);
        if g > 1 {
            num /= g;
            den /= g;
        }
        if num > i64::MIN as i128 && num <= i64::MAX as i128 && den <= i64::MAX as i128 {
            return Time {
                num: num as i64,
                den: den as i64,
            };
        }
        // Too big to represent exactly: keep the value, lose precision gracefully.
        Time::from_f64(num as f64 / den as f64)
    }

    /// The simplest fraction equal to a finite float up to rounding (`0.25` -> 1/4,
    /// `0.1` -> 1/10, `1.0/3.0` -> 1/3), so values that went through a float come back
    /// exact. Non-finite input becomes zero; huge input saturates.
    pub fn from_f64(x: f64) -> Time {
        if !x.is_finite() {
            return Time::ZERO;
        }
        const LIMIT: f64 = 9.0e15;
        if x.abs() >= LIMIT {
            return Time::from_int(if x > 0.0 {
                LIMIT as i64
            } else {
                -(LIMIT as i64)
            });
        }
        // Allocation-free (it also runs on the audio thread, e.g. for host positions and
        // when arithmetic overflows): the closest fraction with a denominator up to 2^40.
        let tolerance = x.abs().max(1.0) * 4.0 * f64::EPSILON;
        Time::approximate_within(x, 1 << 40, tolerance)
    }

    /// Best rational approximation with denominator at most `max_den` (continued fractions).
    pub fn approximate(x: f64, max_den: i64) -> Time {
        Time::approximate_within(x, max_den, 0.0)
    }

    /// Continued-fraction convergents of `x`, stopping at the first within `tolerance`
    /// or when the denominator would exceed `max_den`.
    fn approximate_within(x: f64, max_den: i64, tolerance: f64) -> Time {
        let negative = x < 0.0;
        let target = x.abs();
        let mut v = target;
        let (mut p0, mut q0, mut p1, mut q1) = (0i128, 1i128, 1i128, 0i128);
        for _ in 0..64 {
            let a = v.floor();
            let ai = a as i128;
            let p2 = ai * p1 + p0;
            let q2 = ai * q1 + q0;
            if q2 > max_den as i128 || p2 > i64::MAX as i128 {
                break;
            }
            p0 = p1;
            q0 = q1;
            p1 = p2;
            q1 = q2;
            if (p1 as f64 / q1 as f64 - target).abs() <= tolerance {
                break;
            }
            let frac = v - a;
            if frac < 1e-18 {
                break;
            }
            v = 1.0 / frac;
        }
        if q1 == 0 {
            return Time::ZERO;
        }
        Time::from_i128(if negative { -p1 } else { p1 }, q1)
    }

    /// Parses `12`, `-0.25`, `1e3`, `3/4`, `-1/2`: the forms a musician writes.
    pub fn parse(text: &str) -> Option<Time> {
        let text = text.trim();
        if let Some((n, d)) = text.split_once('/') {
            let n = Time::parse(n)?;
            let d = Time::parse(d)?;
            if d.is_zero() {
                return None;
            }
            return Some(n / d);
        }
        Time::parse_decimal(text)
    }

    fn parse_decimal(text: &str) -> Option<Time> {
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
            None => (text, 0),
        };
        let (negative, digits) = match mantissa.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
        };
        let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let all: String = format!("{int_part}{frac_part}");
        let all = all.trim_start_matches('0');
        if all.len() > 30 {
            return None;
        }
        let mut num: i128 = if all.is_empty() { 0 } else { all.parse().ok()? };
        let mut scale = exponent - frac_part.len() as i32;
        let mut den: i128 = 1;
        while scale > 0 {
            num = num.checked_mul(10)?;
            scale -= 1;
        }
        while scale < 0 {
            den = den.checked_mul(10)?;
            scale += 1;
        }
        if negative {
            num = -num;
        }
        let g = gcd(num, den);
        let (num, den) = if g > 1 {
            (num / g, den / g)
        } else {
            (num, den)
        };
        if num.abs() > i64::MAX as i128 || den > i64::MAX as i128 {
            return None;
        }
        Some(Time::from_i128(num, den))
    }

    pub fn numer(self) -> i64 {
        self.num
    }

    pub fn denom(self) -> i64 {
        self.den
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The start of the cycle containing this time (Tidal's `sam`).
    pub fn sam(self) -> Time {
        Time::from_int(self.floor_int())
    }

    /// The start of the next cycle.
    pub fn next_sam(self) -> Time {
        Time::from_int(self.floor_int().saturating_add(1))
    }

    /// Position within the cycle, in `[0, 1)`.
    pub fn cycle_pos(self) -> Time {
        self - self.sam()
    }

    pub fn floor_int(self) -> i64 {
        self.num.div_euclid(self.den)
    }

    pub fn ceil_int(self) -> i64 {
        -((-(self.num as i128)).div_euclid(self.den as i128) as i64)
    }

    pub fn min(self, other: Time) -> Time {
        if self <= other {
            self
        } else {
            other
        }
    }

    pub fn max(self, other: Time) -> Time {
        if self >= other {
            self
        } else {
            other
        }
    }

    pub fn abs(self) -> Time {
        if self.num < 0 {
            -self
        } else {
            self
        }
    }

    /// Reciprocal; zero stays zero (a zero factor is filtered out before division).
    pub fn recip(self) -> Time {
        Time::from_i128(self.den as i128, self.num as i128)
    }

    /// `self mod m` with a non-negative result for positive `m`.
    pub fn rem_euclid(self, m: Time) -> Time {
        if m.is_zero() {
            return Time::ZERO;
        }
        let q = (self / m).floor_int();
        self - m * Time::from_int(q)
    }
}

impl Default for Time {
    fn default() -> Self {
        Time::ZERO
    }
}

impl From<i64> for Time {
    fn from(n: i64) -> Time {
        Time::from_int(n)
    }
}

impl From<i32> for Time {
    fn from(n: i32) -> Time {
        Time::from_int(n as i64)
    }
}

impl Add for Time {
    type Output = Time;
    fn add(self, o: Time) -> Time {
        if self.den == o.den {
            return Time::from_i128(self.num as i128 + o.num as i128, self.den as i128);
        }
        Time::from_i128(
            self.num as i128 * o.den as i128 + o.num as i128 * self.den as i128,
            self.den as i128 * o.den as i128,
        )
    }
}

impl Sub for Time {
    type Output = Time;
    fn sub(self, o: Time) -> Time {
        self + (-o)
    }
}

impl Mul for Time {
    type Output = Time;
    fn mul(self, o: Time) -> Time {
        Time::from_i128(
            self.num as i128 * o.num as i128,
            self.den as i128 * o.den as i128,
        )
    }
}

impl Div for Time {
    type Output = Time;
    fn div(self, o: Time) -> Time {
        Time::from_i128(
            self.num as i128 * o.den as i128,
            self.den as i128 * o.num as i128,
        )
    }
}

impl Neg for Time {
    type Output = Time;
    fn neg(self) -> Time {
        Time::from_i128(-(self.num as i128), self.den as i128)
    }
}

impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Time) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Time {
    fn cmp(&self, other: &Time) -> Ordering {
        (self.num as i128 * other.den as i128).cmp(&(other.num as i128 * self.den as i128))
    }
}

/// `n/d` with the sign on the numerator, always with a denominator (`1/1`, `0/1`).
impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_exact_and_reduced() {
        let third = Time::new(1, 3);
        assert_eq!(third + third + third, Time::ONE);
        assert_eq!(Time::new(2, -4), Time::new(-1, 2));
        assert_eq!(Time::new(-1, 2).to_string(), "-1/2");
        assert_eq!((Time::new(3, 4) * Time::new(2, 3)).to_string(), "1/2");
    }

    #[test]
    fn floor_and_cycle_positions() {
        assert_eq!(Time::new(-1, 3).sam(), Time::from_int(-1));
        assert_eq!(Time::new(-1, 3).cycle_pos(), Time::new(2, 3));
        assert_eq!(Time::new(7, 2).ceil_int(), 4);
        assert_eq!(Time::from_int(3).ceil_int(), 3);
        assert_eq!(Time::new(-7, 2).ceil_int(), -3);
    }

    #[test]
    fn parses_what_musicians_write() {
        assert_eq!(Time::parse("1/3"), Some(Time::new(1, 3)));
        assert_eq!(Time::parse("-1/2"), Some(Time::new(-1, 2)));
        assert_eq!(Time::parse("0.25"), Some(Time::new(1, 4)));
        assert_eq!(Time::parse("1e-2"), Some(Time::new(1, 100)));
        assert_eq!(Time::parse("x"), None);
        assert_eq!(Time::parse("1/0"), None);
        assert_eq!(Time::from_f64(0.1), Time::new(1, 10));
        assert_eq!(Time::from_f64(1.0 / 3.0), Time::new(1, 3));
        assert_eq!(Time::from_f64(0.3333), Time::new(3333, 10000));
        assert_eq!(Time::from_f64(-2.5), Time::new(-5, 2));
    }

    #[test]
    fn overflow_degrades_instead_of_panicking() {
        let big = Time::new(i64::MAX - 1, 1);
        let r = big * big;
        assert!(r.to_f64() > 1e15);
        let tiny = Time::new(1, i64::MAX - 2) * Time::new(1, 7);
        assert!(tiny.to_f64() >= 0.0);
    }
}
