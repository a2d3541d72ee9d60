//! Pattern transforms, each with its builder: Tidal 1.9 semantics (see `pattern::transforms`).

use std::sync::Arc;

use super::spec::ParamKind::{Function, FunctionList};
use super::spec::*;
use crate::pattern::args::{ArgError, TransformArgs};
use crate::pattern::core::{pure, silence, stack, Pattern};
use crate::pattern::mini::euclid_off;
use crate::pattern::time::Time;
use crate::pattern::transforms::{swing_by, tparam, when_cycle, when_time, Transform};
use crate::pattern::value::Value;

pub static FUNCTIONS: &[FunctionSpec] = &[
    entry(
        "fast",
        &["density"],
        Category::Transform,
        &[req("factor", PAT).numbers()],
        "speed up by a factor: `s \"bd sn\" $ fast 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.fast(&n)))
        }),
    ),
    entry(
        "slow",
        &["sparsity"],
        Category::Transform,
        &[req("factor", PAT).numbers()],
        "slow down by a factor: `s \"bd sn\" $ slow 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.slow(&n)))
        }),
    ),
    entry(
        "hurry",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "fast and speed up samples by n: `s \"bd sn\" $ hurry 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.hurry(&n)))
        }),
    ),
    entry(
        "fastGap",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "squash each cycle into its first 1/n, leaving a gap: `$ fastGap 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.fast_gap(&n)))
        }),
    ),
    entry(
        "rev",
        &[],
        Category::Transform,
        &[],
        "reverse each cycle: `s \"bd sn hh\" $ rev`",
        transform(|_| Ok(t!(|p| p.rev()))),
    ),
    entry(
        "palindrome",
        &[],
        Category::Transform,
        &[],
        "play forwards then backwards on alternate cycles: `$ palindrome`",
        transform(|_| Ok(t!(|p| p.palindrome()))),
    ),
    entry(
        "iter",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "shift the start by 1/n each cycle: `$ iter 4`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.iter(&n, false)))
        }),
    ),
    entry(
        "iterBack",
        &["iter'"],
        Category::Transform,
        &[req("n", PAT)],
        "like iter, shifting the other way: `$ iterBack 4`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.iter(&n, true)))
        }),
    ),
    entry(
        "ply",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "repeat each event n times within its span: `$ ply 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.ply(&n)))
        }),
    ),
    entry(
        "late",
        &[],
        Category::Transform,
        &[req("t", PAT)],
        "shift later by t cycles: `$ late 0.25`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.late(&n)))
        }),
    ),
    entry(
        "early",
        &[],
        Category::Transform,
        &[req("t", PAT)],
        "shift earlier by t cycles: `$ early (1/8)`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.early(&n)))
        }),
    ),
    entry(
        "rotR",
        &[],
        Category::Transform,
        &[req("t", PAT)],
        "rotate right (later) by t cycles: `$ rotR 0.25`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.late(&n)))
        }),
    ),
    entry(
        "rotL",
        &[],
        Category::Transform,
        &[req("t", PAT)],
        "rotate left (earlier) by t cycles: `$ rotL 0.25`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.early(&n)))
        }),
    ),
    entry(
        "zoom",
        &[],
        Category::Transform,
        &[req("start", PAT), req("end", PAT)],
        "play only the part start..end of each cycle, stretched: `$ zoom 0.25 0.75`",
        transform(|a| {
            let (s, e) = (a.time(0)?, a.time(1)?);
            Ok(t!(|p| p.zoom(&s, &e)))
        }),
    ),
    entry(
        "compress",
        &[],
        Category::Transform,
        &[req("start", PAT), req("end", PAT)],
        "squeeze each cycle into start..end: `$ compress 0.25 0.75`",
        transform(|a| {
            let (s, e) = (a.time(0)?, a.time(1)?);
            Ok(t!(|p| p.compress(&s, &e)))
        }),
    ),
    entry(
        "linger",
        &[],
        Category::Transform,
        &[req("fraction", PAT)],
        "repeat the first fraction of each cycle: `$ linger 0.25`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.linger(&n)))
        }),
    ),
    entry(
        "repeatCycles",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "repeat each cycle n times: `$ repeatCycles 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.repeat_cycles(&n)))
        }),
    ),
    entry(
        "brak",
        &[],
        Category::Transform,
        &[],
        "squash every other cycle into a breakbeat shape: `$ brak`",
        transform(|_| Ok(t!(|p| p.brak()))),
    ),
    entry(
        "press",
        &[],
        Category::Transform,
        &[],
        "push each event into the second half of its span: `$ press`",
        transform(|_| Ok(t!(|p| p.press_by_t(Time::new(1, 2))))),
    ),
    entry(
        "swingBy",
        &[],
        Category::Transform,
        &[req("amount", PAT), req("n", PAT)],
        "delay every second of n slices by amount: `$ swingBy (1/3) 4`",
        transform(|a| swing(a.time(0)?, a.time(1)?)),
    ),
    entry(
        "swing",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "swingBy 1/3 over n slices: `$ swing 4`",
        transform(|a| swing(pure(Time::new(1, 3)), a.time(0)?)),
    ),
    entry(
        "segment",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "sample n discrete events per cycle: `saw \"55 110\" $ segment 8`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.segment(&n)))
        }),
    ),
    entry(
        "range",
        &[],
        Category::Transform,
        &[req("lo", ParamKind::Value), req("hi", ParamKind::Value)],
        "scale 0..1 to lo..hi: `sine $ range 200 2000` or `range 200 2000 sine`",
        Implementation::Transform(TransformImpl {
            build: |a| {
            let (lo, hi) = (a.pattern(0)?, a.pattern(1)?);
            Ok(t!(|p| p.range(&lo, &hi)))
        },
            on_signal: Some(OnSignal::Range),
        }),
    ),
    entry(
        "every",
        &[],
        Category::Transform,
        &[req("n", PAT).numbers(), req("f", Function)],
        "apply f every n-th cycle: `$ every 4 (fast 2)`",
        transform(|a| every(a, false)),
    ),
    entry(
        "lastOf",
        &[],
        Category::Transform,
        &[req("n", PAT).numbers(), req("f", Function)],
        "apply f on the last of every n cycles: `$ lastOf 4 rev`",
        transform(|a| every(a, true)),
    ),
    entry(
        "whenmod",
        &[],
        Category::Transform,
        &[req("a", PAT), req("b", PAT), req("f", Function)],
        "apply f when cycle mod a >= b: `$ whenmod 8 6 rev`",
        transform(|a| {
            let (m, b) = (a.time(0)?, a.time(1)?);
            let f = a.function(2)?;
            Ok(t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&m.app_left(&b, |m, b| (*m, *b)), move |(m, b)| {
                    let (m, b) = (*m, *b);
                    when_time(&p, move |t| t.rem_euclid(m) >= b, |q| f(q))
                })
            }))
        }),
    ),
    entry(
        "chunk",
        &[],
        Category::Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f to one of n parts, moving each cycle: `$ chunk 4 (hurry 2)`",
        transform(|a| {
            let n = a.time(0)?;
            let f = a.function(1)?;
            Ok(t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&n, move |n| p.chunk_i(n.floor_int(), |q| f(q)))
            }))
        }),
    ),
    entry(
        "chunk'",
        &[],
        Category::Transform,
        &[req("n", PAT), req("f", Function)],
        "chunk running backwards, from the last part: `$ chunk' 4 (hurry 2)`",
        transform(|a| {
            let n = a.time(0)?;
            let f = a.function(1)?;
            Ok(t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&n, move |n| p.chunk_i(-n.floor_int(), |q| f(q)))
            }))
        }),
    ),
    entry(
        "within",
        &[],
        Category::Transform,
        &[req("start", PAT), req("end", PAT), req("f", Function)],
        "apply f to the part start..end of each cycle: `$ within 0 0.5 (fast 2)`",
        transform(|a| {
            let (s, e) = (a.time(0)?, a.time(1)?);
            let f = a.function(2)?;
            Ok(t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&s.app_left(&e, |s, e| (*s, *e)), move |(s, e)| {
                    p.within_t(*s, *e, |q| f(q))
                })
            }))
        }),
    ),
    entry(
        "inside",
        &[],
        Category::Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f inside a cycle slowed by n: `$ inside 2 rev`",
        transform(|a| inside(a, false)),
    ),
    entry(
        "outside",
        &[],
        Category::Transform,
        &[req("n", PAT), req("f", Function)],
        "apply f outside a cycle sped up by n: `$ outside 2 rev`",
        transform(|a| inside(a, true)),
    ),
    entry(
        "superimpose",
        &[],
        Category::Transform,
        &[req("f", Function)],
        "play the pattern and f of it together: `$ superimpose (fast 2)`",
        transform(|a| {
            let f = a.function(0)?;
            Ok(t!(|p| stack(vec![p.clone(), f(p)])))
        }),
    ),
    entry(
        "off",
        &[],
        Category::Transform,
        &[req("time", PAT), req("f", Function)],
        "superimpose f of the pattern, shifted by time: `$ off 0.125 (# speed 2)`",
        transform(|a| {
            let tp = a.time(0)?;
            let f = a.function(1)?;
            Ok(t!(|p| stack(vec![p.clone(), f(&p.late(&tp))])))
        }),
    ),
    entry(
        "layer",
        &[],
        Category::Transform,
        &[req("fs", FunctionList)],
        "stack the results of several transforms: `$ layer [rev, (fast 2)]`",
        transform(|a| {
            let fs = a.functions(0)?;
            Ok(t!(|p| stack(fs.iter().map(|f| f(p)).collect())))
        }),
    ),
    entry(
        "jux",
        &[],
        Category::Transform,
        &[req("f", Function)],
        "the original left, f of it right: `$ jux rev`",
        transform(|a| jux(pure(1.0), a.function(0)?)),
    ),
    entry(
        "juxBy",
        &[],
        Category::Transform,
        &[req("amount", PAT), req("f", Function)],
        "jux with a stereo width 0..1: `$ juxBy 0.5 (fast 2)`",
        transform(|a| jux(a.num(0)?, a.function(1)?)),
    ),
    entry(
        "sometimesBy",
        &[],
        Category::Transform,
        &[req("p", PAT), req("f", Function)],
        "apply f to each event with probability p: `$ sometimesBy 0.3 (# speed 2)`",
        transform(|a| sometimes(a.num(0)?, a.function(1)?, false)),
    ),
    entry(
        "sometimes",
        &[],
        Category::Transform,
        &[req("f", Function)],
        "sometimesBy 0.5: `$ sometimes (# crush 4)`",
        transform(|a| sometimes(pure(0.5), a.function(0)?, false)),
    ),
    entry(
        "often",
        &[],
        Category::Transform,
        &[req("f", Function)],
        "sometimesBy 0.75: `$ often (fast 2)`",
        transform(|a| sometimes(pure(0.75), a.function(0)?, false)),
    ),
    entry(
        "rarely",
        &[],
        Category::Transform,
        &[req("f", Function)],
        "sometimesBy 0.25: `$ rarely (fast 2)`",
        transform(|a| sometimes(pure(0.25), a.function(0)?, false)),
    ),
    entry(
        "almostNever",
        &[],
        Category::Transform,
        &[req("f", Function)],
        "sometimesBy 0.1: `$ almostNever rev`",
        transform(|a| sometimes(pure(0.1), a.function(0)?, false)),
    ),
    entry(
        "almostAlways",
        &[],
        Category::Transform,
        &[req("f", Function)],
        "sometimesBy 0.9: `$ almostAlways rev`",
        transform(|a| sometimes(pure(0.9), a.function(0)?, false)),
    ),
    entry(
        "someCyclesBy",
        &["somecyclesBy"],
        Category::Transform,
        &[req("p", PAT), req("f", Function)],
        "apply f to whole cycles with probability p: `$ someCyclesBy 0.3 rev`",
        transform(|a| sometimes(a.num(0)?, a.function(1)?, true)),
    ),
    entry(
        "someCycles",
        &["somecycles"],
        Category::Transform,
        &[req("f", Function)],
        "someCyclesBy 0.5: `$ someCycles rev`",
        transform(|a| sometimes(pure(0.5), a.function(0)?, true)),
    ),
    entry(
        "stut",
        &[],
        Category::Transform,
        &[req("count", PAT), req("feedback", PAT), req("time", PAT)],
        "count echoes, each gain*feedback, time cycles apart: `$ stut 3 0.5 0.125`",
        transform(|a| {
            let (c, fb, tm) = (a.num(0)?, a.num(1)?, a.time(2)?);
            Ok(t!(|p| {
                let p = p.clone();
                let args = c
                    .app_left(&fb, |c, f| (*c, *f))
                    .app_left(&tm, |(c, f), t| (*c, *f, *t));
                tparam(&args, move |(c, f, t)| p.stut_f(c.floor() as i64, *f, *t))
            }))
        }),
    ),
    entry(
        "echo",
        &[],
        Category::Transform,
        &[req("count", PAT), req("time", PAT), req("feedback", PAT)],
        "count echoes time cycles apart, each gain*feedback: `$ echo 3 0.2 0.5`",
        transform(|a| {
            let (c, tm, fb) = (a.num(0)?, a.time(1)?, a.num(2)?);
            Ok(t!(|p| {
                let p = p.clone();
                let args = c
                    .app_left(&tm, |c, t| (*c, *t))
                    .app_left(&fb, |(c, t), f| (*c, *t, *f));
                tparam(&args, move |(c, t, f)| p.echo_f(c.floor() as i64, *t, *f))
            }))
        }),
    ),
    entry(
        "degrade",
        &[],
        Category::Transform,
        &[],
        "drop half of the events at random (seeded): `$ degrade`",
        transform(|_| Ok(t!(|p| p.degrade_by_f(0.5)))),
    ),
    entry(
        "degradeBy",
        &[],
        Category::Transform,
        &[req("p", PAT)],
        "drop events with probability p: `$ degradeBy 0.3`",
        transform(|a| {
            let x = a.num(0)?;
            Ok(t!(|p| p.degrade_by(&x)))
        }),
    ),
    entry(
        "struct",
        &[],
        Category::Transform,
        &[req("pattern", PAT)],
        "take the rhythm from a boolean pattern: `struct \"t ~ t t\" (sine 440)`",
        Implementation::Transform(TransformImpl {
            build: |a| {
            let b = a.pattern(0)?;
            Ok(t!(|p| p.struct_by(&b)))
        },
            on_signal: Some(OnSignal::Gate),
        }),
    ),
    entry(
        "mask",
        &[],
        Category::Transform,
        &[req("pattern", PAT)],
        "keep only events where the pattern is true: `$ mask \"1 0 1 1\"`",
        transform(|a| {
            let b = a.pattern(0)?;
            Ok(t!(|p| p.mask(&b)))
        }),
    ),
    entry(
        "euclid",
        &[],
        Category::Transform,
        &[req("k", PAT), req("n", PAT)],
        "k onsets spread over n steps: `s \"bd\" $ euclid 3 8`",
        transform(|a| euclid(a.time(0)?, a.time(1)?, pure(Time::ZERO), false)),
    ),
    entry(
        "euclidOff",
        &[],
        Category::Transform,
        &[req("k", PAT), req("n", PAT), req("rot", PAT)],
        "euclid rotated left by rot steps: `$ euclidOff 3 8 2`",
        transform(|a| euclid(a.time(0)?, a.time(1)?, a.time(2)?, false)),
    ),
    entry(
        "euclidInv",
        &[],
        Category::Transform,
        &[req("k", PAT), req("n", PAT)],
        "the steps euclid leaves empty: `$ euclidInv 3 8`",
        transform(|a| euclid(a.time(0)?, a.time(1)?, pure(Time::ZERO), true)),
    ),
    entry(
        "euclidFull",
        &[],
        Category::Transform,
        &[req("k", PAT), req("n", PAT), req("pat", PAT)],
        "euclid rhythm of pat on the pulses, the subject in the gaps (Tidal order): `euclidFull 3 8 (s \"bd\") (s \"hh\")`",
        transform(|a| {
            let (k, n) = (a.time(0)?, a.time(1)?);
            let other = a.pattern(2)?;
            Ok(t!(|p| {
                let (p, other) = (p.clone(), other.clone());
                tparam(&k.app_both(&n, |k, n| (*k, *n)), move |(k, n)| {
                    p.euclid_full_i(k.floor_int(), n.floor_int(), &other)
                })
            }))
        }),
    ),
    entry(
        "scramble",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "n random slices per cycle, with repeats: `$ scramble 4`",
        transform(|a| shuffle(a.time(0)?, false)),
    ),
    entry(
        "shuffle",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "the n slices of each cycle in random order: `$ shuffle 4`",
        transform(|a| shuffle(a.time(0)?, true)),
    ),
    entry(
        "chop",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "cut each sample event into n parts: `$ chop 4`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| {
                let p = p.clone();
                tparam(&n, move |n| p.chop_i(n.floor_int()))
            }))
        }),
    ),
    entry(
        "striate",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "interlace n parts of each sample: `$ striate 4`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| {
                let p = p.clone();
                tparam(&n, move |n| p.striate_i(n.floor_int()))
            }))
        }),
    ),
    entry(
        "slice",
        &[],
        Category::Transform,
        &[req("n", PAT), req("pat", PAT)],
        "play slices (of n) chosen by pat: `s \"arpy\" $ slice 8 \"0 3 2 7\"`",
        transform(|a| {
            let (n, i) = (a.time(0)?, a.pattern(1)?);
            Ok(t!(|p| p.slice(&n, &i)))
        }),
    ),
    entry(
        "splice",
        &[],
        Category::Transform,
        &[req("n", PAT), req("pat", PAT)],
        "slice, fitting each slice's speed to its event: `$ splice 8 \"0 3\"`",
        transform(|a| {
            let (n, i) = (a.time(0)?, a.pattern(1)?);
            Ok(t!(|p| p.splice(&n, &i)))
        }),
    ),
    entry(
        "loopAt",
        &[],
        Category::Transform,
        &[req("n", PAT)],
        "fit the sample to n cycles: `s \"arpy\" $ loopAt 2`",
        transform(|a| {
            let n = a.time(0)?;
            Ok(t!(|p| p.loop_at(&n)))
        }),
    ),
];

/// Wraps a closure over the subject pattern as a [`Transform`].
macro_rules! t {
    (|$p:ident| $body:expr) => {
        Arc::new(move |$p: &Pattern<Value>| $body) as Transform
    };
}
use t;

/// `every n f` (on cycles 0, n, 2n...) and `lastOf n f` (on cycles n-1, 2n-1...).
fn every(a: &TransformArgs, last: bool) -> Result<Transform, ArgError> {
    let n = a.time(0)?;
    let f = a.function(1)?;
    Ok(t!(|p| {
        let (p, f) = (p.clone(), f.clone());
        tparam(&n, move |n| {
            let n = n.floor_int();
            if n <= 0 {
                return p.clone();
            }
            let target = if last { n - 1 } else { 0 };
            when_cycle(&p, move |c| c.rem_euclid(n) == target, |q| f(q))
        })
    }))
}

/// `inside n f` (f at n times the speed, slowed back) and `outside n f` (= inside 1/n).
fn inside(a: &TransformArgs, outside: bool) -> Result<Transform, ArgError> {
    let n = a.time(0)?;
    let f = a.function(1)?;
    Ok(t!(|p| {
        let (p, f) = (p.clone(), f.clone());
        tparam(&n, move |n| {
            let n = if outside { n.recip() } else { *n };
            if n.is_zero() {
                return silence();
            }
            p.inside_t(n, |q| f(q))
        })
    }))
}

/// `swingBy x n`: every second of n slices of a cycle is delayed by x.
fn swing(x: Pattern<Time>, n: Pattern<Time>) -> Result<Transform, ArgError> {
    Ok(t!(|p| {
        let p = p.clone();
        tparam(&x.app_left(&n, |x, n| (*x, *n)), move |(x, n)| {
            swing_by(&p, *x, *n)
        })
    }))
}

/// `jux f` / `juxBy amount f`: the original panned left, `f` of it right.
fn jux(amount: Pattern<f64>, f: Transform) -> Result<Transform, ArgError> {
    Ok(t!(|p| {
        let (p, f) = (p.clone(), f.clone());
        tparam(&amount, move |x| p.jux_by_f(*x, |q| f(q)))
    }))
}

/// `sometimesBy x f` per event, or `someCyclesBy x f` per cycle.
fn sometimes(prob: Pattern<f64>, f: Transform, cycles: bool) -> Result<Transform, ArgError> {
    Ok(t!(|p| {
        let (p, f) = (p.clone(), f.clone());
        tparam(&prob, move |x| {
            if cycles {
                p.some_cycles_by_f(*x, |q| f(q))
            } else {
                p.sometimes_by_f(*x, |q| f(q))
            }
        })
    }))
}

/// `euclid k n`, `euclidInv k n`, `euclidOff k n r`.
fn euclid(
    k: Pattern<Time>,
    n: Pattern<Time>,
    r: Pattern<Time>,
    invert: bool,
) -> Result<Transform, ArgError> {
    Ok(t!(|p| {
        let p = p.clone();
        let args = k
            .app_both(&n, |k, n| (*k, *n))
            .app_both(&r, |(k, n), r| (*k, *n, *r));
        tparam(&args, move |(k, n, r)| {
            let k = k.floor_int();
            euclid_off(&p, if invert { -k } else { k }, n.floor_int(), *r)
        })
    }))
}

/// `shuffle n` (each slice once per cycle, in random order) or `scramble n` (slices
/// picked at random, with repeats).
fn shuffle(n: Pattern<Time>, shuffle: bool) -> Result<Transform, ArgError> {
    Ok(t!(|p| {
        let p = p.clone();
        tparam(&n, move |n| {
            if shuffle {
                p.shuffle_i(n.floor_int())
            } else {
                p.scramble_i(n.floor_int())
            }
        })
    }))
}
