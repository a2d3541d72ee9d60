//! Tidal's functions that compose patterns from parts (`ur`, `inhabit`, `squeeze`,
//! `wedge`, `append`), pick events by their controls (`fix`, `unfix`, `contrast`), or
//! rework whole cycles and samples (`trunc`, `loopFirst`, `chew`, `striateBy`, `ghost`);
//! their pattern work is `pattern/composition.rs`.

use std::sync::Arc;

use super::patterns::{pairs, plain_values};
use super::spec::Category::{Pattern as P, Transform as T};
use super::spec::ParamKind::{self, Function, List};
use super::spec::*;
use crate::lang::ast::{BinOp, Operator, Structure};
use crate::lang::eval::combine;
use crate::pattern::args::{ArgError, Evaluated, TransformArgs};
use crate::pattern::composition as c;
use crate::pattern::core::{fastcat, pure, silence, slowcat, stack};
use crate::pattern::transforms::{tparam, when_cycle, Transform};
use crate::pattern::value::ValueMap;
use crate::pattern::{Pattern, Time, Value};

fn t(f: impl Fn(&Pattern<Value>) -> Pattern<Value> + Send + Sync + 'static) -> Transform {
    Arc::new(f)
}

fn identity() -> Transform {
    t(|p| p.clone())
}

/// A list argument of numbers as exact times (`[2, 1, 1/2]`).
fn times(a: &TransformArgs, i: usize, what: &str) -> Result<Vec<Time>, ArgError> {
    plain_values(a, i, what)?
        .iter()
        .map(|v| v.as_num().map(Time::from_f64))
        .collect::<Option<_>>()
        .ok_or_else(|| ArgError::new(format!("{what} takes numbers, like [2, 3]")).at(i))
}

/// A list argument of whole numbers (`[5, 9, 16]`), floored.
fn counts(a: &TransformArgs, i: usize, what: &str) -> Result<Vec<i64>, ArgError> {
    Ok(times(a, i, what)?.iter().map(|x| x.floor_int()).collect())
}

/// Tidal's `tParamSqueeze`: `f` with each value of argument 0, squeezed into its event.
fn squeeze_param(
    a: &TransformArgs,
    f: fn(&Pattern<Value>, Time) -> Pattern<Value>,
) -> Result<Transform, ArgError> {
    let factor = a.time(0)?;
    Ok(t(move |p| {
        let p = p.clone();
        factor.squeeze_bind(move |&x| f(&p, x))
    }))
}

/// A list of `(name, x)` pairs, `x` converted by `each`.
fn named<X>(
    a: &TransformArgs,
    i: usize,
    what: &str,
    each: impl Fn(Evaluated) -> Result<X, ArgError>,
) -> Result<Vec<(String, X)>, ArgError> {
    pairs(a, i, what)?
        .into_iter()
        .map(|(name, x)| {
            let name = name
                .into_pattern()
                .ok()
                .and_then(|p| p.as_pure().map(|v| v.to_string()))
                .ok_or_else(|| {
                    ArgError::new(format!("{what} takes (\"name\", ...) pairs")).at(i)
                })?;
            Ok((name, each(x).map_err(|e| e.at(i))?))
        })
        .collect()
}

/// One control map of numbers, as a constant pattern.
fn controls(pairs: &[(&str, f64)]) -> Pattern<Value> {
    let m: ValueMap = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::Num(*v)))
        .collect();
    pure(Value::Map(Arc::new(m)))
}

/// Tidal's `ghost'` treatment of the ghost notes: `(|*| gain 0.7) . (|> end 0.2) . (|*|
/// speed 1.25)`.
fn ghost_notes() -> Transform {
    let both = Structure::Both;
    t(move |p| {
        let p = combine(
            Operator::Arith(BinOp::Mul, both),
            p,
            &controls(&[("speed", 1.25)]),
        );
        let p = combine(
            Operator::KeepRight(Structure::Left),
            &p,
            &controls(&[("end", 0.2)]),
        );
        combine(
            Operator::Arith(BinOp::Mul, both),
            &p,
            &controls(&[("gain", 0.7)]),
        )
    })
}

/// Tidal's `ghostWith a f p = superimpose (((a*2.5) `rotR`) . f) $ superimpose (((a*1.5)
/// `rotR`) . f) $ p`.
fn ghost_with(a: Pattern<Time>, f: Transform) -> Transform {
    t(move |p| {
        let (p, f) = (p.clone(), f.clone());
        tparam(&a, move |&a| {
            let once = stack(vec![p.clone(), f(&p).late_t(a * Time::new(3, 2))]);
            stack(vec![once.clone(), f(&once).late_t(a * Time::new(5, 2))])
        })
    })
}

/// Tidal's `triggerWith f`: the pattern shifted so that its cycle 0 starts at `f` of the
/// time the program was run (0 when a file is rendered from its start).
fn trigger_with(align: fn(Time) -> Time) -> Result<Transform, ArgError> {
    let start = align(crate::lang::eval::eval_cycle());
    Ok(t(move |p| p.late_t(start)))
}

/// `euclidLegato k n` and `euclidLegatoRot k n rot`.
fn euclid_legato(a: &TransformArgs, rotated: bool) -> Result<Transform, ArgError> {
    let (k, n) = (a.time(0)?, a.time(1)?);
    let r = if rotated {
        a.time(2)?
    } else {
        pure(Time::ZERO)
    };
    Ok(t(move |p| {
        let p = p.clone();
        let args = k
            .app_both(&n, |k, n| (*k, *n))
            .app_both(&r, |(k, n), r| (*k, *n, *r));
        tparam(&args, move |&(k, n, r)| {
            c::euclid_legato(k.floor_int(), n.floor_int(), r, &p)
        })
    }))
}

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "trigger",
        &[],
        T,
        &[],
        "the pattern starting from its beginning when the program is run: `trigger $ s \"bd hh hh hh\"`",
        transform(|_| trigger_with(|now| now)),
    ),
    entry(
        "qtrigger",
        &["qt", "ctrigger"],
        T,
        &[],
        "the pattern starting from its beginning at the next cycle after the program is run: `qtrigger $ s \"hh(5, 8)\" # amp envL`",
        transform(|_| trigger_with(|now| Time::from_int(now.ceil_int()))),
    ),
    entry(
        "ftrigger",
        &[],
        T,
        &[],
        "the pattern starting from its beginning at the cycle the program is run in: `ftrigger $ s \"bd sn\"`",
        transform(|_| trigger_with(|now| Time::from_int(now.floor_int()))),
    ),
    entry(
        "rtrigger",
        &[],
        T,
        &[],
        "the pattern starting from its beginning at the cycle boundary nearest to when the program is run: `rtrigger $ s \"bd sn\"`",
        transform(|_| {
            trigger_with(|now| {
                // Haskell's round: halves go to the even neighbour
                let f = now.floor_int();
                let frac = now - Time::from_int(f);
                let half = Time::new(1, 2);
                let up = frac > half || (frac == half && f % 2 != 0);
                Time::from_int(if up { f + 1 } else { f })
            })
        }),
    ),
    entry(
        "mtrigger",
        &["mt"],
        T,
        &[req("n", PAT).range(1.0, 64.0)],
        "the pattern starting from its beginning at the next cycle after the program is run that is a multiple of n: `mtrigger 4 $ s \"arpy\"`",
        transform(|a| {
            let n = a.time(0)?;
            let now = crate::lang::eval::eval_cycle();
            Ok(t(move |p| {
                let p = p.clone();
                tparam(&n, move |n| {
                    let n = n.floor_int().max(1);
                    // Tidal: n * ceiling (t / n)
                    let start = Time::from_int(n * (now / Time::from_int(n)).ceil_int());
                    p.late_t(start)
                })
            }))
        }),
    ),
    entry(
        "id",
        &[],
        T,
        &[],
        "the pattern unchanged (Haskell's id): `s \"arpy [~ arpy:4]\" $ layer [id, rev, fast 2]`",
        transform(|_| Ok(identity())),
    ),
    entry(
        "const",
        &[],
        T,
        &[req("a", PAT)],
        "a in place of the pattern: `s \"bd sn cp hh\" $ every 3 (const $ s \"arpy*3\")`",
        transform(|a| {
            let x = a.pattern(0)?;
            Ok(t(move |_| x.clone()))
        }),
    ),
    entry(
        "fix",
        &[],
        T,
        &[req("f", Function), req("controls", PAT)],
        "f on the events whose controls match: `fix (# crush 3) (n \"[1,4]\") $ n \"0 1 2 3 4 5 6\" # s \"arpy\"`",
        transform(|a| {
            let (f, ctrls) = (a.function(0)?, a.pattern(1)?);
            Ok(t(move |p| c::contrast(&f, &identity(), &ctrls, p)))
        }),
    ),
    entry(
        "unfix",
        &[],
        T,
        &[req("f", Function), req("controls", PAT)],
        "f on the events whose controls do not match: `unfix (# crush 3) (n 1) $ n \"0 1 2 3\" # s \"arpy\"`",
        transform(|a| {
            let (f, ctrls) = (a.function(0)?, a.pattern(1)?);
            Ok(t(move |p| c::contrast(&identity(), &f, &ctrls, p)))
        }),
    ),
    entry(
        "contrast",
        &[],
        T,
        &[req("f", Function), req("g", Function), req("controls", PAT)],
        "f on the events whose controls match, g on the others: `contrast (|+ n 12) (|- n 12) (n \"2\") $ n \"0 1 2 [3 4]\" # s \"superpiano\"`",
        transform(|a| {
            let (f, g, ctrls) = (a.function(0)?, a.function(1)?, a.pattern(2)?);
            Ok(t(move |p| c::contrast(&f, &g, &ctrls, p)))
        }),
    ),
    entry(
        "squeeze",
        &[],
        P,
        &[req("indices", PAT), req("patterns", List)],
        "each index plays a cycle of that pattern squeezed into its step: `squeeze \"<0 [1 0]>\" [s \"bd sn\", s \"arpy*3\"]`",
        pattern(|a| Ok(c::squeeze(&a.pattern(0)?, a.patterns(1)?))),
    ),
    entry(
        "inhabit",
        &[],
        T,
        &[req("names", ParamKind::Pairs)],
        "each word plays a cycle of the pattern of that name: `\"a b a\" $ inhabit [(\"a\", s \"bd*2\"), (\"b\", s \"arpy sn\")]`",
        transform(|a| {
            let names = named(a, 0, "inhabit", |e| e.into_pattern())?;
            Ok(t(move |p| c::inhabit(names.clone(), p)))
        }),
    ),
    entry(
        "ur",
        &[],
        P,
        &[
            req("cycles", PAT).range(1.0, 256.0),
            req("names", PAT),
            req("patterns", ParamKind::Pairs),
            req("transforms", ParamKind::Pairs),
        ],
        "a pattern of named patterns over n cycles, a word name:fx also applying the transform named fx: `ur 4 \"a b:fast\" [(\"a\", s \"bd*4\"), (\"b\", s \"arpy*2\")] [(\"fast\", fast 2)]`",
        pattern(|a| {
            let cycles = a
                .get(0)?
                .into_pattern()?
                .as_pure()
                .and_then(|v| v.as_num())
                .ok_or_else(|| ArgError::new("ur takes a number of cycles, like 4").at(0))?;
            let outer = a.pattern(1)?;
            let pats = named(a, 2, "ur", |e| e.into_pattern())?;
            let fxs = match a.get(3)? {
                Evaluated::List(items) if items.is_empty() => Vec::new(),
                _ => named(a, 3, "ur", |e| e.into_function())?,
            };
            Ok(c::ur(Time::from_f64(cycles), &outer, pats, fxs))
        }),
    ),
    entry(
        "wedge",
        &[],
        T,
        &[req("t", PAT).range(0.0, 1.0), req("a", PAT)],
        "a squashed into the first t of each cycle, the pattern into the rest: `s \"hh*4 cp\" $ wedge (1/4) (s \"bd*2 arpy*3\")`",
        transform(|a| {
            let (tm, x) = (a.time(0)?, a.pattern(1)?);
            Ok(t(move |p| c::wedge(&tm, &x, p)))
        }),
    ),
    entry(
        "while",
        &[],
        T,
        &[req("bools", PAT), req("f", Function)],
        "f where the booleans are true: `while \"1 0 1 1\" (fast 2) $ n \"0 .. 7\" # s \"arpy\"`",
        transform(|a| {
            let (b, f) = (a.pattern(0)?, a.function(1)?);
            Ok(t(move |p| crate::pattern::structure::sew(&b, &f(p), p)))
        }),
    ),
    entry(
        "append",
        &["slowAppend", "slowappend"],
        T,
        &[req("a", PAT)],
        "a one cycle, then the pattern the next (cat [a, pattern]): `append (s \"bd*2 sn\") (s \"arpy jvbass*2\")`",
        transform(|a| {
            let x = a.pattern(0)?;
            Ok(t(move |p| slowcat(vec![x.clone(), p.clone()])))
        }),
    ),
    entry(
        "fastAppend",
        &["fastappend"],
        T,
        &[req("a", PAT)],
        "a then the pattern, both in one cycle (fastcat [a, pattern]): `fastAppend (s \"bd*2 sn\") (s \"arpy cp*2\")`",
        transform(|a| {
            let x = a.pattern(0)?;
            Ok(t(move |p| fastcat(vec![x.clone(), p.clone()])))
        }),
    ),
    entry(
        "stutter",
        &[],
        T,
        &[req("n", PAT).range(1.0, 64.0), req("time", PAT)],
        "n copies, each time later than the one before: `s \"bd cp\" $ stutter 4 (1/16)`",
        transform(|a| {
            let (n, time) = (a.time(0)?, a.time(1)?);
            Ok(t(move |p| {
                let (p, time) = (p.clone(), time.clone());
                tparam(&n, move |n| {
                    let (p, n) = (p.clone(), n.floor_int().clamp(0, 64));
                    tparam(&time, move |&time| {
                        stack((0..n).map(|i| p.late_t(time * Time::from_int(i))).collect())
                    })
                })
            }))
        }),
    ),
    entry(
        "ghost",
        &[],
        T,
        &[],
        "ghost notes 1/8 and 5/16 of a cycle after each, softer and shorter: `s \"~ sn\" $ ghost`",
        transform(|_| Ok(ghost_with(pure(Time::new(1, 8)), ghost_notes()))),
    ),
    entry(
        "ghost'",
        &[],
        T,
        &[req("a", PAT)],
        "ghost notes 1.5 and 2.5 × a after each: `s \"~ sn\" $ ghost' (1/16)`",
        transform(|a| Ok(ghost_with(a.time(0)?, ghost_notes()))),
    ),
    entry(
        "ghostWith",
        &["ghost''"],
        T,
        &[req("a", PAT), req("f", Function)],
        "copies 1.5 and 2.5 × a later, each through f: `s \"sn\" $ ghostWith (1/16) (|* gain 0.8)`",
        transform(|a| Ok(ghost_with(a.time(0)?, a.function(1)?))),
    ),
    entry(
        "euclidLegato",
        &[],
        T,
        &[req("k", PAT), req("n", PAT)],
        "k pulses over n steps, each held until the next (Strudel's): `n \"0 3\" # s \"superpiano\" $ euclidLegato 3 8`",
        transform(|a| euclid_legato(a, false)),
    ),
    entry(
        "euclidLegatoRot",
        &[],
        T,
        &[req("k", PAT), req("n", PAT), req("rot", PAT)],
        "euclidLegato moved rot steps later (Strudel's): `note \"c3\" # s \"superpiano\" $ euclidLegatoRot 3 5 2`",
        transform(|a| euclid_legato(a, true)),
    ),
    entry(
        "euclidOffFull",
        &[],
        T,
        &[req("k", PAT), req("n", PAT), req("rot", PAT), req("pat", PAT)],
        "euclidFull rotated left by rot steps: pat on the pulses, the subject in the gaps: `euclidOffFull 3 8 2 (s \"bd\") (s \"hh\")`",
        transform(|a| {
            let (k, n, r) = (a.time(0)?, a.time(1)?, a.time(2)?);
            let hits = a.pattern(3)?;
            Ok(t(move |p| {
                let (p, hits) = (p.clone(), hits.clone());
                let args = k.app_both(&n, |k, n| (*k, *n)).app_both(&r, |(k, n), r| (*k, *n, *r));
                tparam(&args, move |&(k, n, r)| {
                    let (k, n) = (k.floor_int(), n.floor_int());
                    // Tidal: stack [euclidOff n k s p, euclidOffInv n k s p']
                    stack(vec![
                        crate::pattern::mini::euclid_off(&hits, k, n, r),
                        crate::pattern::mini::euclid_off(&p, -k, n, r),
                    ])
                })
            }))
        }),
    ),
    entry(
        "trunc",
        &[],
        T,
        &[req("t", PAT).range(0.0, 1.0)],
        "only the first t of each cycle: `s \"bd sn*2 cp hh*4\" $ trunc \"<0.75 0.25 1>\"`",
        transform(|a| {
            let tm = a.time(0)?;
            Ok(t(move |p| c::trunc(&tm, p)))
        }),
    ),
    entry(
        "loopFirst",
        &[],
        T,
        &[],
        "the first cycle, repeated: `s \"<<bd*4 ht*8> cp*4>\" $ loopFirst`",
        transform(|_| Ok(t(c::loop_first))),
    ),
    entry(
        "timeLoop",
        &["timeloop"],
        T,
        &[req("n", PAT).range(1.0, 256.0)],
        "the first n cycles, repeated: `s \"<bd sn cp hh>\" $ timeLoop 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t(move |p| {
                let p = p.clone();
                tparam(&n, move |&n| {
                    if n <= Time::ZERO {
                        return silence();
                    }
                    // outside n loopFirst = slow n . loopFirst . fast n
                    c::loop_first(&p.fast_t(n)).slow_t(n)
                })
            }))
        }),
    ),
    entry(
        "stretch",
        &[],
        T,
        &[],
        "each cycle zoomed to the span its events cover: `note (stretch \"~ 0 1 5 8*4 ~\") # s \"superpiano\"`",
        transform(|_| Ok(t(c::stretch))),
    ),
    entry(
        "spin",
        &[],
        T,
        &[req("n", PAT).range(1.0, 64.0)],
        "n copies, each shifted and panned a step further: `s \"drum*3 arpy:4 [arpy:2 ~ arpy]\" $ spin 4`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t(move |p| c::spin(&n, p)))
        }),
    ),
    entry(
        "striateBy",
        &["striate'"],
        T,
        &[req("n", PAT).range(1.0, 256.0), req("length", PAT).range(0.0, 1.0)],
        "n interlaced parts of each sample, each length long: `s \"arpy\" $ striateBy 8 (1/16) $ slow 8`",
        transform(|a| {
            let (n, f) = (a.time(0)?, a.num(1)?);
            Ok(t(move |p| c::striate_by(&n, &f, p)))
        }),
    ),
    entry(
        "smash'",
        &[],
        T,
        &[req("n", PAT).range(1.0, 64.0), req("factors", List)],
        "chop n, played slowed by each factor in turn: `s \"arpy*2\" $ smash' 6 [2, 3, 4]`",
        transform(|a| {
            let n = a.time(0)?;
            let factors = times(a, 1, "smash'")?;
            Ok(t(move |p| {
                let p = p.clone();
                let chopped = tparam(&n, move |n| p.chop_i(n.floor_int()));
                slowcat(factors.iter().map(|f| chopped.slow_t(*f)).collect())
            }))
        }),
    ),
    entry(
        "chew",
        &[],
        T,
        &[req("n", PAT).range(1.0, 64.0), req("indices", PAT)],
        "bite, with each sound sped up or slowed as its part is squeezed: `chew 4 \"0 1*2 2*2 [~ 3]\" $ n \"0 .. 7\" # s \"arpy\"`",
        transform(|a| {
            let (n, i) = (a.time(0)?, a.pattern(1)?);
            Ok(t(move |p| c::chew(&n, &i, p)))
        }),
    ),
    entry(
        "randslice",
        &[],
        T,
        &[req("n", PAT).range(1.0, 256.0)],
        "one random slice of n of each sample per cycle: `s \"arpy\" $ randslice 8`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t(move |p| {
                let p = p.clone();
                tparam(&n, move |n| {
                    let n = n.floor_int().max(1);
                    // Tidal: innerJoin $ (\i -> _slice n i p) <$> _irand n, the random
                    // index taken once per cycle (at its middle, as `segment 1 $ irand n`)
                    let index = crate::pattern::random::rand()
                        .segment_t(Time::ONE)
                        .fmap(move |x| Value::Num((x * n as f64).floor()));
                    p.slice(&pure(Time::from_int(n)), &index)
                })
            }))
        }),
    ),
    entry(
        "distrib",
        &[],
        T,
        &[req("steps", List)],
        "Euclidean rhythms within Euclidean rhythms: `s \"arpy\" $ distrib [5, 9, 16]`",
        transform(|a| {
            let xs: Vec<i64> = counts(a, 0, "distrib")?;
            Ok(t(move |p| c::distrib(&xs, p)))
        }),
    ),
    entry(
        "fastSqueeze",
        &["fastsqueeze"],
        T,
        &[req("factor", PAT).range(0.0, 64.0)],
        "fast by each factor, squeezed into the factor's step: `s \"bd sn\" $ fastSqueeze \"1 2\"`",
        transform(|a| squeeze_param(a, Pattern::fast_t)),
    ),
    entry(
        "slowSqueeze",
        &["slowsqueeze"],
        T,
        &[req("factor", PAT).range(0.0, 64.0)],
        "slow by each factor, squeezed into the factor's step: `s \"bd*8\" $ slowSqueeze \"2 4 [8 16]\"`",
        transform(|a| squeeze_param(a, Pattern::slow_t)),
    ),
    entry(
        "spaceOut",
        &["spaceout"],
        T,
        &[req("durations", List)],
        "the pattern once at each duration in turn: `s \"bd sn\" $ spaceOut [2, 1, 1/2]`",
        transform(|a| {
            let xs = times(a, 0, "spaceOut")?;
            Ok(t(move |p| c::space_out(&xs, p)))
        }),
    ),
    entry(
        "substruct",
        &[],
        T,
        &[req("bools", PAT)],
        "each true plays a whole cycle of the pattern squeezed into it: `s \"bd sn\" $ substruct \"t ~ t*2 t\"`",
        transform(|a| {
            let b = a.pattern(0)?;
            Ok(t(move |p| c::substruct(&b, p)))
        }),
    ),
    entry(
        "foldEvery",
        &[],
        T,
        &[req("ns", List), req("f", Function)],
        "f every n-th cycle for each n of the list: `s \"arpy*2\" $ foldEvery [3, 5] (fast 2)`",
        transform(|a| {
            let ns: Vec<i64> = counts(a, 0, "foldEvery")?;
            let f = a.function(1)?;
            Ok(t(move |p| {
                // Tidal: foldr (`_every` f) p ns
                ns.iter().rev().fold(p.clone(), |acc, &n| {
                    if n <= 0 {
                        return acc;
                    }
                    when_cycle(&acc, move |cy| cy.rem_euclid(n) == 0, |q| f(q))
                })
            }))
        }),
    ),
    entry(
        "sometimesBy'",
        &[],
        T,
        &[req("p", PAT).range(0.0, 1.0), req("f", Function)],
        "f on the events chosen with probability p, f applied before choosing: `s \"bd*8\" $ sometimesBy' 0.3 (fast 2)`",
        transform(|a| {
            let (prob, f) = (a.num(0)?, a.function(1)?);
            Ok(t(move |p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&prob, move |&x| {
                    // Tidal: overlay (degradeBy x pat) (unDegradeBy x $ f pat)
                    stack(vec![p.degrade_by_f(x), f(&p).undegrade_by_f(x)])
                })
            }))
        }),
    ),
    entry(
        "rangex",
        &[],
        T,
        &[req("lo", PAT), req("hi", PAT)],
        "0..1 mapped to lo..hi exponentially: `s \"arpy*8\" # cutoff (rangex 200 8000 sine)`",
        transform(|a| {
            let (lo, hi) = (a.num(0)?, a.num(1)?);
            Ok(t(move |p| {
                let (p, hi) = (p.clone(), hi.clone());
                tparam(&lo, move |&lo| {
                    let p = p.clone();
                    tparam(&hi, move |&hi| {
                        let (l, h) = (lo.ln(), hi.ln());
                        p.fmap(move |v| match v.as_num() {
                            Some(x) => Value::Num((l + x * (h - l)).exp()),
                            None => v.clone(),
                        })
                    })
                })
            }))
        }),
    ),
    entry(
        "quantise",
        &[],
        T,
        &[req("n", PAT)],
        "numbers rounded to the nearest 1/n: `s \"arpy*8\" # n (quantise 1 $ range 0 7 sine)`",
        transform(|a| {
            let n = a.num(0)?;
            Ok(t(move |p| {
                let p = p.clone();
                tparam(&n, move |&n| p.fmap(move |v| c::quantise(n, v)))
            }))
        }),
    ),
    entry(
        "binaryN",
        &[],
        P,
        &[req("bits", PAT).range(1.0, 64.0), req("numbers", PAT)],
        "each number as that many booleans, its bits: `s \"hh*16\" $ struct (binaryN 12 2946)`",
        pattern(|a| Ok(c::binary_n(&a.time(0)?, &a.pattern(1)?))),
    ),
    entry(
        "binary",
        &[],
        P,
        &[req("numbers", PAT)],
        "each number as 8 booleans, its bits: `s \"hh\" $ struct (binary \"<2946 31>\")`",
        pattern(|a| Ok(c::binary_n(&pure(Time::from_int(8)), &a.pattern(0)?))),
    ),
    entry(
        "ascii",
        &[],
        P,
        &[req("words", PAT)],
        "each word as the 8 bits of each of its characters: `s \"hh\" $ struct (ascii \"<x y>\")`",
        pattern(|a| Ok(c::ascii(&a.pattern(0)?))),
    ),
    entry(
        "smooth",
        &[],
        P,
        &[req("numbers", PAT)],
        "a continuous glide from each number to the next: `s \"bd*4\" # pan (slow 4 $ smooth \"0 1 0.5 1\")`",
        pattern(|a| Ok(c::smooth(&a.pattern(0)?))),
    ),
    entry(
        "grain'",
        &[],
        P,
        &[req("spans", PAT)],
        "begin and end of each sample from begin:end words: `s \"arpy\" # grain' \"0.2:0.3\" # legato 1`",
        pattern(|a| {
            // Tidal: grain' = grp [mF "begin", mF "end"]
            Ok(a.pattern(0)?.filter_values(|v| v.to_string().contains(':')).fmap(|v| {
                let text = v.to_string();
                let mut parts = text.split(':').map(|x| x.parse::<f64>().ok());
                let mut m = ValueMap::new();
                if let Some(Some(b)) = parts.next() {
                    m.insert("begin".to_string(), Value::Num(b));
                }
                if let Some(Some(e)) = parts.next() {
                    m.insert("end".to_string(), Value::Num(e));
                }
                Value::Map(Arc::new(m))
            }))
        }),
    ),
    entry(
        "grain",
        &[],
        P,
        &[req("start", PAT).range(0.0, 1.0), req("length", PAT).range(0.0, 1.0)],
        "a grain of each sample: begin at start, end length later: `s \"arpy\" # grain 0.2 0.1 # legato 1`",
        pattern(|a| {
            let (s, w) = (a.num(0)?, a.num(1)?);
            Ok(s.app_left(&w, |&s, &w| {
                let m: ValueMap = [
                    ("begin".to_string(), Value::Num(s)),
                    ("end".to_string(), Value::Num(s + w)),
                ]
                .into_iter()
                .collect();
                Value::Map(Arc::new(m))
            }))
        }),
    ),
];
