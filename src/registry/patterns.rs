//! Functions that build patterns: from patterns (`stack`, `cat`, `fastcat`), from numbers
//! (`run`), and Tidal's random ones (`rand`, `irand`, `perlin`, `choose`), seeded as in
//! Tidal 1.9 (`pattern/random.rs`).

use super::spec::Category::Pattern;
use super::spec::ParamKind::List;
use super::spec::*;
use crate::pattern::args::{ArgError, Evaluated};
use crate::pattern::core::{fastcat, pure, signal, silence, slowcat, timecat};
use crate::pattern::random::{rand, time_to_rand};
use crate::pattern::span::TimeSpan;
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

/// A list argument of plain values (`[0, 2, 7]`), or an error at argument `i`.
pub(super) fn plain_values(
    a: &crate::pattern::args::TransformArgs,
    i: usize,
    what: &str,
) -> Result<Vec<Value>, ArgError> {
    a.patterns(i)?
        .iter()
        .map(|p| p.as_pure().cloned())
        .collect::<Option<_>>()
        .ok_or_else(|| ArgError::new(format!("{what} takes plain values, like [0, 2, 7]")).at(i))
}

/// A list argument of Tidal tuples `[(a, b), ...]`, or an error at argument `i`.
pub(super) fn pairs(
    a: &crate::pattern::args::TransformArgs,
    i: usize,
    what: &str,
) -> Result<Vec<(Evaluated, Evaluated)>, ArgError> {
    let wrong = || {
        ArgError::new(format!(
            "{what} takes a list of pairs, like [(1, \"a\"), (2, \"b\")]"
        ))
        .at(i)
    };
    let Evaluated::List(items) = a.get(i)? else {
        return Err(wrong());
    };
    items
        .into_iter()
        .map(|item| match item {
            Evaluated::List(pair) if pair.len() == 2 => {
                let mut pair = pair.into_iter();
                match (pair.next(), pair.next()) {
                    (Some(x), Some(y)) => Ok((x, y)),
                    _ => Err(wrong()),
                }
            }
            _ => Err(wrong()),
        })
        .collect()
}

/// Values with cumulative weights, for Tidal's `wchooseBy`.
struct Weighted<X> {
    values: Vec<X>,
    cumulative: Vec<f64>,
    total: f64,
}

impl<X> Weighted<X> {
    /// Tidal: the first value whose cumulative weight exceeds `r * total`.
    fn pick(&self, r: f64) -> &X {
        let at = r * self.total;
        let k = self
            .cumulative
            .iter()
            .position(|c| *c > at)
            .unwrap_or(self.values.len() - 1);
        &self.values[k]
    }
}

/// A list of `(x, weight)` pairs; `None` when empty or weightless.
fn weighted<X>(
    a: &crate::pattern::args::TransformArgs,
    i: usize,
    what: &str,
    each: impl Fn(Evaluated) -> Result<X, ArgError>,
) -> Result<Option<Weighted<X>>, ArgError> {
    let mut w = Weighted {
        values: Vec::new(),
        cumulative: Vec::new(),
        total: 0.0,
    };
    for (x, weight) in pairs(a, i, what)? {
        let weight = weight
            .into_pattern()?
            .as_pure()
            .and_then(|w| w.as_num())
            .ok_or_else(|| ArgError::new(format!("{what} takes (value, weight) pairs")).at(i))?;
        w.total += weight.max(0.0);
        w.values.push(each(x).map_err(|e| e.at(i))?);
        w.cumulative.push(w.total);
    }
    Ok((!w.values.is_empty() && w.total > 0.0).then_some(w))
}

/// Tidal 1.9's `randcat ps = spread' rotL (_segment 1 $ (% 1) . fromIntegral <$>
/// (_irand (length ps))) (slowcat ps)`: each cycle `c` plays `slowcat ps` shifted by
/// `floor (n * rand)` cycles, `rand` sampled at the middle of the cycle.
fn randcat(ps: Vec<crate::pattern::Pattern<Value>>) -> crate::pattern::Pattern<Value> {
    let n = ps.len() as i64;
    if n == 0 {
        return silence();
    }
    let cat = slowcat(ps);
    crate::pattern::Pattern::new(move |st| {
        let c = st.span.begin.floor_int();
        let cycle = TimeSpan::new(Time::from_int(c), Time::from_int(c + 1));
        let r = time_to_rand(Time::new(2 * c + 1, 2));
        let i = ((r * n as f64).floor() as i64).clamp(0, n - 1);
        cat.early_t(Time::from_int(i))
            .query(st)
            .into_iter()
            .filter_map(|h| {
                let whole = match h.whole {
                    Some(w) => Some(w.intersection(cycle)?),
                    None => None,
                };
                Some(crate::pattern::Hap { whole, ..h })
            })
            .collect()
    })
    .split_queries()
}

/// Tidal's `perlin`: smoothly interpolated random values, one per cycle at the cycle's
/// start (`smootherStep` between `timeToRand` of the two integers around `t`).
fn perlin_at(t: Time) -> f64 {
    perlin_of(t.to_f64())
}

/// Tidal's `perlinWith` at one input value: random values at the integers around `x`,
/// joined by a smootherstep.
pub(super) fn perlin_of(x: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
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
            let values = plain_values(a, 0, "choose")?;
            if values.is_empty() {
                return Ok(silence());
            }
            let n = values.len();
            Ok(rand().fmap(move |x| values[((x * n as f64).floor() as usize).min(n - 1)].clone()))
        }),
    ),
    entry(
        "wchoose",
        &[],
        Pattern,
        &[req("pairs", super::spec::ParamKind::Pairs)],
        "a continuous random pick among values with weights, as Tidal's: `s \"arpy*4\" # n (wchoose [(0, 0.25), (2, 0.5), (7, 0.25)])`",
        pattern(|a| {
            let weighted = weighted(a, 0, "wchoose", |v| {
                v.into_pattern()?
                    .as_pure()
                    .cloned()
                    .ok_or_else(|| ArgError::new("wchoose takes plain (value, weight) pairs"))
            })?;
            Ok(match weighted {
                Some(w) => rand().fmap(move |r| w.pick(*r).clone()),
                None => silence(),
            })
        }),
    ),
    entry(
        "randcat",
        &[],
        Pattern,
        &[req("items", List)],
        "one item per cycle, chosen at random as Tidal's: `randcat [s \"bd*2 sn\", s \"arpy*3\", s \"cp*2\"]`",
        pattern(|a| Ok(randcat(a.patterns(0)?))),
    ),
    entry(
        "silence",
        &[],
        Pattern,
        &[],
        "no events: `overlay silence $ s \"bd\"`",
        pattern(|_| Ok(silence())),
    ),
    entry(
        "cosine",
        &[],
        Pattern,
        &[],
        "a continuous cosine 0..1 over each cycle (sine a quarter cycle later): `s \"hh*8\" # pan cosine`",
        pattern(|_| {
            // Tidal: cosine = 0.25 `rotR` sine, the sine's value a quarter cycle earlier
            Ok(signal(|t| {
                Value::Num(0.5 + 0.5 * (std::f64::consts::TAU * (t.to_f64() - 0.25)).sin())
            }))
        }),
    ),
    entry(
        "isaw",
        &[],
        Pattern,
        &[],
        "a continuous falling ramp 1..0 over each cycle: `s \"hh*8\" # gain isaw`",
        pattern(|_| Ok(signal(|t| Value::Num(1.0 - t.to_f64().rem_euclid(1.0))))),
    ),
    entry(
        "envL",
        &[],
        Pattern,
        &[],
        "a ramp 0..1 over the first cycle, then 1 (Tidal's envL): `s \"hh*8\" # gain envL`",
        pattern(|_| Ok(signal(|t| Value::Num(t.to_f64().clamp(0.0, 1.0))))),
    ),
    entry(
        "envR",
        &[],
        Pattern,
        &[],
        "1 falling to 0 over the first cycle, then 0 (Tidal's envR): `s \"hh*8\" # gain envR`",
        pattern(|_| Ok(signal(|t| Value::Num(1.0 - t.to_f64().clamp(0.0, 1.0))))),
    ),
    entry(
        "envEq",
        &[],
        Pattern,
        &[],
        "an equal-power fall over the first cycle (Tidal's envEq): `s \"hh*8\" # gain envEq`",
        pattern(|_| {
            Ok(signal(|t| {
                let x = (1.0 - t.to_f64()).clamp(0.0, 1.0);
                Value::Num((std::f64::consts::FRAC_PI_2 * x).sin().sqrt())
            }))
        }),
    ),
    entry(
        "envEqR",
        &[],
        Pattern,
        &[],
        "an equal-power rise over the first cycle (Tidal's envEqR): `s \"hh*8\" # gain envEqR`",
        pattern(|_| {
            Ok(signal(|t| {
                let x = (1.0 - t.to_f64()).clamp(0.0, 1.0);
                Value::Num((std::f64::consts::FRAC_PI_2 * x).cos().sqrt())
            }))
        }),
    ),
    entry(
        "timeCat",
        &["timecat"],
        Pattern,
        &[req("pairs", super::spec::ParamKind::Pairs)],
        "patterns squeezed into one cycle with relative lengths: `timeCat [(1, s \"bd*4\"), (1, s \"hh*8\"), (2, s \"arpy\")]`",
        pattern(|a| {
            let mut parts = Vec::new();
            for (w, p) in pairs(a, 0, "timeCat")? {
                let w = w
                    .into_time_pattern()?
                    .as_pure()
                    .copied()
                    .ok_or_else(|| ArgError::new("a timeCat length is a number").at(0))?;
                parts.push((w, p.into_pattern()?));
            }
            Ok(timecat(parts))
        }),
    ),
    entry(
        "wrandcat",
        &[],
        Pattern,
        &[req("pairs", super::spec::ParamKind::Pairs)],
        "one pattern per cycle, chosen at random with weights as Tidal's: `wrandcat [(s \"bd*2 sn\", 5), (s \"arpy*3\", 1)]`",
        pattern(|a| {
            let Some(w) = weighted(a, 0, "wrandcat", |p| p.into_pattern())? else {
                return Ok(silence());
            };
            // Tidal: unwrap $ wchooseBy (segment 1 rand) ps
            let w = std::sync::Arc::new(w);
            let chosen = rand()
                .segment_t(Time::ONE)
                .fmap(move |r| w.pick(*r).clone());
            Ok(crate::pattern::core::unwrap(&chosen))
        }),
    ),
    entry(
        "listToPat",
        &["fastFromList"],
        Pattern,
        &[req("values", List)],
        "the values one after another in one cycle (fastcat of the values): `n (listToPat [0, 2, 7]) # s \"superpiano\"`",
        pattern(|a| Ok(fastcat(plain_values(a, 0, "listToPat")?.into_iter().map(pure).collect()))),
    ),
    entry(
        "fromList",
        &[],
        Pattern,
        &[req("values", List)],
        "the values one per cycle (cat of the values): `n (fromList [0, 2, 7]) # s \"superpiano\"`",
        pattern(|a| Ok(slowcat(plain_values(a, 0, "fromList")?.into_iter().map(pure).collect()))),
    ),
    entry(
        "samples",
        &[],
        Pattern,
        &[req("names", PAT), req("indices", PAT)],
        "each name with an index, name:index (Tidal's samples): `sound (samples \"arpy*8\" (run 8))`",
        pattern(|a| {
            let (names, indices) = (a.pattern(0)?, a.pattern(1)?);
            // Tidal: samples = liftA2 pick, structure from both sides
            Ok(names.app_both(&indices, |name, i| match i.as_num() {
                Some(i) => Value::str(&format!("{name}:{}", i.floor())),
                None => name.clone(),
            }))
        }),
    ),
    entry(
        "chooseBy",
        &[],
        Pattern,
        &[req("by", PAT), req("values", List)],
        "values picked by a 0..1 pattern, as Tidal's: `s \"arpy*8\" # n (chooseBy sine [0, 2, 7])`",
        pattern(|a| {
            let by = a.num(0)?;
            let values = plain_values(a, 1, "chooseBy")?;
            if values.is_empty() {
                return Ok(silence());
            }
            // Tidal: (xs !!!) . floor <$> range 0 (length xs) f
            let n = values.len() as i64;
            Ok(by.fmap(move |x| {
                let i = (x * n as f64).floor();
                let i = if i.is_finite() { i as i64 } else { 0 };
                values[i.rem_euclid(n) as usize].clone()
            }))
        }),
    ),
    entry(
        "cycleChoose",
        &[],
        Pattern,
        &[req("values", List)],
        "one random pick among values per cycle, as Tidal's: `s \"arpy*4\" # n (cycleChoose [0, 2, 3])`",
        pattern(|a| {
            let values = plain_values(a, 0, "cycleChoose")?;
            if values.is_empty() {
                return Ok(silence());
            }
            let n = values.len();
            Ok(rand()
                .segment_t(Time::ONE)
                .fmap(move |x| values[((x * n as f64).floor() as usize).min(n - 1)].clone()))
        }),
    ),
    entry(
        "brand",
        &[],
        Pattern,
        &[],
        "continuous random booleans, true half the time (Tidal's brand): `s \"hh*8\" $ struct (segment 8 brand)`",
        pattern(|_| Ok(rand().fmap(|x| Value::str(if *x < 0.5 { "t" } else { "f" })))),
    ),
    entry(
        "brandBy",
        &[],
        Pattern,
        &[req("probability", PAT).range(0.0, 1.0)],
        "continuous random booleans, true with the probability: `s \"hh*8\" $ struct (segment 8 $ brandBy 0.25)`",
        pattern(|a| {
            let prob = a.num(0)?;
            Ok(crate::pattern::transforms::tparam(&prob, |&p| {
                rand().fmap(move |x| Value::str(if *x < p { "t" } else { "f" }))
            }))
        }),
    ),
    entry(
        "perlinWith",
        &[],
        Pattern,
        &[req("input", PAT)],
        "perlin noise of the input's values, one random value per integer: `s \"arpy*32\" # cutoff (perlinWith (saw * 4) * 2000)`",
        pattern(|a| {
            Ok(a.num(0)?.fmap(|x| Value::Num(perlin_of(*x))))
        }),
    ),
    entry(
        "randrun",
        &[],
        Pattern,
        &[req("n", PAT).range(1.0, 256.0)],
        "0 .. n-1 in a random order each cycle, as Tidal's: `n (randrun 8) # s \"arpy*8\"`",
        pattern(|a| {
            let n = a.time(0)?;
            Ok(crate::pattern::transforms::tparam(&n, |n| {
                crate::pattern::transforms::randrun(n.floor_int().min(MAX_RUN as i64))
                    .fmap(|k| Value::Num(*k as f64))
            }))
        }),
    ),
    entry(
        "scan",
        &[],
        Pattern,
        &[req("n", PAT).range(1.0, 256.0)],
        "run 1, run 2 ... run n, one per cycle: `n (scan 8) # s \"arpy\"`",
        pattern(|a| {
            let n = a.time(0)?;
            Ok(crate::pattern::transforms::tparam(&n, |n| {
                let n = n.floor_int().clamp(0, 256);
                slowcat((1..=n).map(|k| run_of(k as f64)).collect())
            }))
        }),
    ),
];
