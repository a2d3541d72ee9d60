//! Tidal's structure functions that rearrange or choose whole events (`sew`, `stitch`,
//! `rot`, `fit`, `bite`, `arp`); their pattern work is `pattern/structure.rs`.

use std::sync::Arc;

use super::spec::Category::Transform as T;
use super::spec::ParamKind::{Function, List};
use super::spec::*;
use crate::pattern::args::ArgError;
use crate::pattern::core::{pure, stack};
use crate::pattern::structure;
use crate::pattern::transforms::Transform;
use crate::pattern::{Pattern, Value};

fn t(f: impl Fn(&Pattern<Value>) -> Pattern<Value> + Send + Sync + 'static) -> Transform {
    Arc::new(f)
}

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "sew",
        &[],
        T,
        &[req("bools", PAT), req("a", PAT)],
        "a where the booleans are true, the pattern where they are false: `sew \"t f\" (n \"0*4\") $ n \"7*8\" # s \"arpy\"`",
        transform(|a| {
            let (b, x) = (a.pattern(0)?, a.pattern(1)?);
            Ok(t(move |p| structure::sew(&b, &x, p)))
        }),
    ),
    entry(
        "stitch",
        &[],
        T,
        &[req("bools", PAT), req("a", PAT)],
        "the booleans' rhythm: a on trues, the pattern on falses: `stitch \"t f t*2 f\" (s \"bd\") $ s \"sn\"`",
        transform(|a| {
            let (b, x) = (a.pattern(0)?, a.pattern(1)?);
            Ok(t(move |p| structure::stitch(&b, &x, p)))
        }),
    ),
    entry(
        "rot",
        &[],
        T,
        &[req("n", PAT).range(-64.0, 64.0)],
        "each event takes the value of the one n later in its cycle: `rot 1 $ n \"0 1 2 3\" # s \"arpy\"`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t(move |p| structure::rot(&n, p)))
        }),
    ),
    entry(
        "fit",
        &[],
        T,
        &[req("step", PAT), req("values", List)],
        "the pattern's numbers index the values, moving on by step each cycle: `n (fit 1 [0, 2, 7] \"0 1\") # s \"arpy\"`",
        transform(|a| {
            let step = a.time(0)?;
            let values = super::patterns::plain_values(a, 1, "fit")?;
            Ok(t(move |p| structure::fit(&step, values.clone(), p)))
        }),
    ),
    entry(
        "bite",
        &[],
        T,
        &[req("n", PAT).range(1.0, 64.0), req("indices", PAT)],
        "the n parts of each cycle, in the order of the indices: `bite 4 \"0 2 1 3\" $ n \"0 .. 7\" # s \"arpy\"`",
        transform(|a| {
            let (n, i) = (a.time(0)?, a.pattern(1)?);
            Ok(t(move |p| structure::bite(&n, &i, p)))
        }),
    ),
    entry(
        "arp",
        &[],
        T,
        &[req("mode", PAT)],
        "the notes of each chord one after another (up down updown downup up&down down&up converge diverge disconverge pinkyup pinkyupdown thumbup thumbupdown): `arp \"<up down>\" $ n \"c'maj e'min\" # s \"superpiano\"`",
        transform(|a| {
            let mode = a.pattern(0)?;
            Ok(t(move |p| structure::arp(&mode, p)))
        }),
    ),
    entry(
        "arpeggiate",
        &["arpg"],
        T,
        &[],
        "the notes of each chord one after another, upwards (arp \"up\"): `arpeggiate $ n \"c'maj e'min\" # s \"superpiano\"`",
        transform(|_| Ok(t(|p| structure::arp(&pure(Value::str("up")), p)))),
    ),
    entry(
        "overlay",
        &[],
        T,
        &[req("a", PAT)],
        "a and the pattern together (stack of two): `overlay (s \"bd*2\") $ s \"~ sn\"`",
        transform(|a| {
            let x = a.pattern(0)?;
            Ok(t(move |p| stack(vec![x.clone(), p.clone()])))
        }),
    ),
    entry(
        "smash",
        &[],
        T,
        &[req("n", PAT).range(1.0, 64.0), req("factors", List)],
        "striate n, played slowed by each factor in turn: `s \"arpy*2\" $ smash 3 [2, 3, 4]`",
        transform(|a| {
            let n = a.time(0)?;
            let factors: Vec<crate::pattern::Time> = a
                .patterns(1)?
                .iter()
                .map(|p| p.as_pure().and_then(|v| v.as_num()))
                .collect::<Option<Vec<f64>>>()
                .ok_or_else(|| ArgError::new("smash takes numbers, like [2, 3, 4]").at(1))?
                .into_iter()
                .map(crate::pattern::Time::from_f64)
                .collect();
            Ok(t(move |p| {
                let p = p.clone();
                let striated = crate::pattern::transforms::tparam(&n, move |n| p.striate_i(n.floor_int()));
                crate::pattern::core::slowcat(
                    factors.iter().map(|f| striated.slow_t(*f)).collect(),
                )
            }))
        }),
    ),
    entry(
        "every'",
        &[],
        T,
        &[req("n", PAT), req("offset", PAT), req("f", Function)],
        "apply f when the cycle mod n is offset: `s \"bd sn\" $ every' 3 1 (fast 2)`",
        transform(|a| {
            let (n, o) = (a.time(0)?, a.time(1)?);
            let f = a.function(2)?;
            Ok(t(move |p| {
                let (p, f, o) = (p.clone(), f.clone(), o.clone());
                crate::pattern::transforms::tparam(&n, move |n| {
                    let (p, f) = (p.clone(), f.clone());
                    let n = n.floor_int();
                    crate::pattern::transforms::tparam(&o, move |o| {
                        let o = o.floor_int();
                        if n <= 0 {
                            return p.clone();
                        }
                        crate::pattern::transforms::when_cycle(
                            &p,
                            move |c| c.rem_euclid(n) == o,
                            |q| f(q),
                        )
                    })
                })
            }))
        }),
    ),
    entry(
        "echoWith",
        &["stutWith", "stut'"],
        T,
        &[req("n", PAT).range(1.0, 64.0), req("time", PAT), req("f", Function)],
        "n layers, each time later and through f once more: `s \"arpy\" $ echoWith 3 (1/8) (|* speed 2)`",
        transform(|a| {
            let (n, time) = (a.time(0)?, a.time(1)?);
            let f = a.function(2)?;
            Ok(t(move |p| {
                let (p, f, time) = (p.clone(), f.clone(), time.clone());
                crate::pattern::transforms::tparam(&n, move |n| {
                    // Tidal: overlay (f (time `rotR` echoWith (n-1) time f p)) p
                    let mut layered = p.clone();
                    for _ in 1..n.floor_int().clamp(1, 64) {
                        layered = stack(vec![f(&layered.late(&time)), p.clone()]);
                    }
                    layered
                })
            }))
        }),
    ),
    entry(
        "plyWith",
        &[],
        T,
        &[req("n", PAT).range(1.0, 64.0), req("f", Function)],
        "each event n times in its span, each through f once more: `s \"arpy*2\" $ plyWith 3 (|* gain 0.8)`",
        transform(|a| {
            let n = a.time(0)?;
            let f = a.function(1)?;
            Ok(t(move |p| {
                let (p, f) = (p.clone(), f.clone());
                crate::pattern::transforms::tparam(&n, move |n| {
                    // Tidal: arpeggiate $ compound n, compound n = overlay p (f $ compound (n-1))
                    let mut compound = p.clone();
                    for _ in 1..n.floor_int().clamp(1, 64) {
                        compound = stack(vec![p.clone(), f(&compound)]);
                    }
                    structure::arp(&pure(Value::str("up")), &compound)
                })
            }))
        }),
    ),
    entry(
        "inv",
        &[],
        T,
        &[],
        "booleans inverted (t and f swapped): `s \"bd*8\" $ struct (inv \"t f t t\")`",
        transform(|_| {
            Ok(t(|p| {
                p.fmap(|v| Value::str(if v.is_truthy() { "f" } else { "t" }))
            }))
        }),
    ),
];

/// Every `arp` mode is known to the doc line above.
#[cfg(test)]
#[test]
fn the_arp_doc_lists_every_mode() {
    let doc = super::lookup("arp").map(|f| f.doc).unwrap_or_default();
    for m in structure::ARP_MODES {
        assert!(doc.contains(m), "{m}");
    }
}
