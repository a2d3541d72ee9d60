//! Functions that build patterns: from patterns (`stack`, `cat`, `fastcat`), from numbers
//! (`run`), and Tidal's random ones (`rand`, `irand`, `perlin`, `choose`), seeded as in
//! Tidal 1.9 (`pattern/random.rs`).

use super::spec::Category::Pattern;
use super::spec::ParamKind::List;
use super::spec::*;
use crate::pattern::args::ArgError;
use crate::pattern::core::{fastcat, pure, signal, silence};
use crate::pattern::random::{rand, time_to_rand};
use crate::pattern::{Time, Value};

/// Most steps of one `run`.
const MAX_RUN: f64 = 4096.0;

/// Tidal's `_run n`: 0 .. n-1 in one cycle.
fn run_of(n: f64) -> crate::pattern::Pattern<Value> {
    let n = if n.is_finite() {
        n.floor().clamp(0.0, MAX_RUN) as usize
    } else {
        0
    };
    if n == 0 {
        return silence();
    }
    fastcat((0..n).map(|k| pure(Value::Num(k as f64))).collect())
}

/// Tidal's `perlin`: smoothly interpolated random values, one per cycle at the cycle's
/// start (`smootherStep` between `timeToRand` of the two integers around `t`).
fn perlin_at(t: Time) -> f64 {
    let x = t.to_f64();
    let a = x.floor();
    let (ra, rb) = (
        time_to_rand(Time::from_int(a as i64)),
        time_to_rand(Time::from_int(a as i64 + 1)),
    );
    let f = x - a;
    let smoother = 6.0 * f.powi(5) - 15.0 * f.powi(4) + 10.0 * f.powi(3);
    ra + smoother * (rb - ra)
}

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "stack",
        &[],
        Pattern,
        &[req("items", List)],
        "play patterns or signals together: `stack [s \"bd*4\", s \"hh*8\"]`",
        Implementation::Special(Special::Stack),
    ),
    entry(
        "cat",
        &["slowcat"],
        Pattern,
        &[req("items", List)],
        "one item per cycle, in turn: `cat [s \"bd*2\", s \"sn*4\"]`",
        Implementation::Special(Special::Cat),
    ),
    entry(
        "fastcat",
        &["fastCat"],
        Pattern,
        &[req("items", List)],
        "all items squeezed into one cycle: `fastcat [s \"bd*2 sn\", s \"arpy*2\"]`",
        pattern(|a| Ok(fastcat(a.patterns(0)?))),
    ),
    entry(
        "run",
        &[],
        Pattern,
        &[req("n", PAT).range(0.0, 4096.0)],
        "the numbers 0 .. n-1 in one cycle: `n (run 4) # s \"arpy\"`",
        pattern(|a| Ok(a.num(0)?.bind(|n| run_of(*n)))),
    ),
    entry(
        "rand",
        &[],
        Pattern,
        &[],
        "a continuous random value 0..1, as Tidal's: `s \"bd*8\" # pan rand`",
        pattern(|_| Ok(rand().fmap(|x| Value::Num(*x)))),
    ),
    entry(
        "irand",
        &[],
        Pattern,
        &[req("n", PAT).range(1.0, 4096.0)],
        "a continuous random integer 0 .. n-1, as Tidal's: `s \"arpy*4\" # n (irand 8)`",
        pattern(|a| {
            Ok(a.num(0)?.bind(|n| {
                let n = *n;
                rand().fmap(move |x| Value::Num((x * n).floor()))
            }))
        }),
    ),
    entry(
        "perlin",
        &[],
        Pattern,
        &[],
        "smooth random values 0..1 changing over each cycle (Tidal's perlin noise): `s \"bd*8\" # gain perlin`",
        pattern(|_| Ok(signal(|t| Value::Num(perlin_at(t))))),
    ),
    entry(
        "choose",
        &[],
        Pattern,
        &[req("values", List)],
        "a continuous random pick among values, as Tidal's: `s \"arpy*4\" # n (choose [0, 2, 3])`",
        pattern(|a| {
            let values: Vec<Value> = a
                .patterns(0)?
                .iter()
                .map(|p| p.as_pure().cloned())
                .collect::<Option<_>>()
                .ok_or_else(|| ArgError::new("choose takes plain values, like [0, 2, 7]").at(0))?;
            if values.is_empty() {
                return Ok(silence());
            }
            let n = values.len();
            Ok(rand().fmap(move |x| values[((x * n as f64).floor() as usize).min(n - 1)].clone()))
        }),
    ),
];
