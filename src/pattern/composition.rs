//! Tidal's functions that compose patterns from named or indexed parts (`ur`, `inhabit`,
//! `squeeze`), choose events by their controls (`contrast`, `fix`), or rearrange whole
//! cycles (`trunc`, `loopFirst`, `stretch`, `wedge`, `distrib`, `chew`, `smooth`). Each
//! follows its Tidal 1.9 definition, quoted in its doc.

use std::sync::Arc;

use super::core::{fastcat, pure, silence, stack, Pattern};
use super::euclid::bjorklund;
use super::span::TimeSpan;
use super::time::Time;
use super::transforms::{tparam, Transform};
use super::value::{Value, ValueMap};
use super::Hap;

/// The events of `p` whose whole (or part) contains the point `t`, as Tidal's zero-width
/// query at `t` finds them: `begin <= t < end`.
fn events_at(p: &Pattern<Value>, t: Time) -> Vec<Hap<Value>> {
    let cycle = t.sam();
    p.query_span(cycle, cycle + Time::ONE)
        .into_iter()
        .filter(|h| {
            let w = h.whole_or_part();
            w.contains(t) || (w.begin == t && w.end == t)
        })
        .collect()
}

/// Two control values equal as Tidal compares `Value`s: numbers by value (note names as
/// their numbers), words by text.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Num(_), Value::Str(_)) | (Value::Str(_), Value::Num(_)) => {
            matches!((a.as_num(), b.as_num()), (Some(x), Some(y)) if x == y)
        }
        _ => false,
    }
}

/// Is every control of `sub` in `of` with an equal value (Tidal's `Map.isSubmapOfBy`)?
fn is_submap(sub: &ValueMap, of: &ValueMap) -> bool {
    sub.iter()
        .all(|(k, v)| of.get(k).is_some_and(|w| same_value(v, w)))
}

/// `contrast f g ctrls p`: `f` on the events of `p` whose controls include those of an
/// event of `ctrls` at their onset, `g` on the others (Tidal 1.9's `contrastBy (==)`:
/// `overlay (f matched) (f' unmatched)` with `matchManyToOne` querying `ctrls` at each
/// event's whole start).
pub fn contrast(
    f: &Transform,
    g: &Transform,
    ctrls: &Pattern<Value>,
    p: &Pattern<Value>,
) -> Pattern<Value> {
    let (ctrls, p) = (ctrls.clone(), p.clone());
    let matches: Pattern<(bool, Value)> = Pattern::new(move |st| {
        p.query(st)
            .into_iter()
            .map(|h| {
                let map = h.value.to_map();
                let hit = events_at(&ctrls, h.whole_or_part().begin)
                    .iter()
                    .any(|c| is_submap(&c.value.to_map(), &map));
                Hap::new(h.whole, h.part, (hit, h.value)).from_source(h.source)
            })
            .collect()
    });
    let side = |want: bool| {
        matches
            .filter_values(move |(hit, _)| *hit == want)
            .fmap(|(_, v)| v.clone())
    };
    stack(vec![f(&side(true)), g(&side(false))])
}

/// `squeeze ipat ps`: each event of `ipat` plays a cycle of the pattern it indexes
/// (cyclically), squeezed into it (Tidal: `squeezeJoin $ (pats !!!) <$> ipat`).
pub fn squeeze(ipat: &Pattern<Value>, pats: Vec<Pattern<Value>>) -> Pattern<Value> {
    if pats.is_empty() {
        return silence();
    }
    ipat.filter_values(|v| v.as_num().is_some())
        .squeeze_bind(move |i| {
            let i = i.as_num().unwrap_or(0.0).floor() as i64;
            pats[i.rem_euclid(pats.len() as i64) as usize].clone()
        })
}

/// `inhabit [(name, pattern)] p`: each word of `p` plays a cycle of the pattern of that
/// name squeezed into it; unknown words are silent (Tidal: `squeezeJoin $ (\s ->
/// fromMaybe silence $ lookup s ps) <$> p`).
pub fn inhabit(named: Vec<(String, Pattern<Value>)>, p: &Pattern<Value>) -> Pattern<Value> {
    p.squeeze_bind(move |v| {
        let word = v.to_string();
        named
            .iter()
            .find(|(name, _)| *name == word)
            .map_or_else(silence, |(_, q)| q.clone())
    })
}

/// `ur t outer pats fxs`: a "pattern of patterns" over `t` cycles. Each event of `outer`
/// names a pattern (`"a"`) and optionally a transform (`"a:fx"`); the named pattern (made
/// `t` times faster) plays where the event is, the transform applied within the event's
/// span (Tidal 1.9: `_slow t $ unwrap $ adjust <$> timedValues (getPat . split <$>
/// outer_p)`, `transform' str (Arc s e) p = s `rotR` inside (1/(e-s)) (matchF str) p`).
pub fn ur(
    t: Time,
    outer: &Pattern<Value>,
    pats: Vec<(String, Pattern<Value>)>,
    fxs: Vec<(String, Transform)>,
) -> Pattern<Value> {
    if t <= Time::ZERO {
        return silence();
    }
    let pats: Arc<Vec<(String, Pattern<Value>)>> =
        Arc::new(pats.into_iter().map(|(n, p)| (n, p.fast_t(t))).collect());
    let fxs = Arc::new(fxs);
    let outer = outer.discrete_only();
    let joined = Pattern::new(move |st| {
        let mut out = Vec::new();
        for o in outer.query(st) {
            let Some(whole) = o.whole else { continue };
            let word = o.value.to_string();
            let mut parts = word.split(':');
            let name = parts.next().unwrap_or("");
            let Some(mut inner) = pats.iter().find(|(n, _)| n == name).map(|(_, p)| p.clone())
            else {
                continue;
            };
            if let Some(fx) = parts.next() {
                if let Some((_, f)) = fxs.iter().find(|(n, _)| n == fx) {
                    let d = whole.duration();
                    let f = f.clone();
                    // inside (1/d) f, then shifted to the event's start
                    inner = f(&inner.slow_t(d.recip()))
                        .fast_t(d.recip())
                        .late_t(whole.begin);
                }
            }
            // unwrap: the inner events within the outer event
            for i in inner.query(&st.set_span(o.part)) {
                let w = match i.whole {
                    Some(iw) => match iw.intersection(whole) {
                        Some(w) => Some(w),
                        None => continue,
                    },
                    None => None,
                };
                if let Some(part) = i.part.intersection(o.part) {
                    out.push(Hap::new(w, part, i.value).from_source(i.source.union(o.source)));
                }
            }
        }
        out
    });
    joined.slow_t(t)
}

/// `wedge t a b`: `a` squashed into the first `t` of each cycle and `b` into the rest
/// (Tidal: `overlay (_fastGap (1/t) p) (t `rotR` _fastGap (1/(1-t)) p')`).
pub fn wedge(t: &Pattern<Time>, a: &Pattern<Value>, b: &Pattern<Value>) -> Pattern<Value> {
    let (a, b) = (a.clone(), b.clone());
    tparam(t, move |&t| {
        if t <= Time::ZERO {
            b.clone()
        } else if t >= Time::ONE {
            a.clone()
        } else {
            stack(vec![
                a.fast_gap_t(t.recip()),
                b.fast_gap_t((Time::ONE - t).recip()).late_t(t),
            ])
        }
    })
}

/// The steps of Tidal's `_distrib xs`: Euclidean layers, each distributing the onsets
/// of the one before over its own onsets (`foldr distrib' (replicate (last xs) True)
/// (reverse $ layers xs)`).
pub fn distrib_steps(xs: &[i64]) -> Vec<bool> {
    fn distribute(a: &[bool], b: &[bool]) -> Vec<bool> {
        let mut b = b.iter();
        a.iter()
            .map(|&on| on && b.next().copied().unwrap_or(false))
            .collect()
    }
    let Some(&last) = xs.last() else {
        return Vec::new();
    };
    let layers: Vec<Vec<bool>> = xs.windows(2).map(|w| bjorklund(w[0], w[1])).collect();
    // foldr over the reversed layers: the first layer is applied first
    layers
        .iter()
        .fold(vec![true; last.clamp(0, 4096) as usize], |acc, layer| {
            distribute(layer, &acc)
        })
}

/// `distrib [k, ..., n] p`: `p`'s values on the steps of [`distrib_steps`] (Tidal:
/// `flip const <$> filterValues (== True) (fastFromList a) <* p`).
pub fn distrib(xs: &[i64], p: &Pattern<Value>) -> Pattern<Value> {
    let steps = distrib_steps(xs);
    if steps.is_empty() {
        return silence();
    }
    let bools = fastcat(
        steps
            .into_iter()
            .map(|on| pure(Value::str(if on { "t" } else { "f" })))
            .collect(),
    );
    p.struct_by(&bools)
}

/// `euclidLegato k n` (Strudel; Tidal 1.9 has none): the Euclidean rhythm with each pulse
/// held until the next, then moved `rot` steps later (Strudel's `_euclidLegato`: a
/// `timeCat` of the distances between pulses, `.late(rotation / steps)`).
pub fn euclid_legato(k: i64, n: i64, rot: Time, p: &Pattern<Value>) -> Pattern<Value> {
    if k < 1 || n < 1 {
        return silence();
    }
    let pulses: Vec<i64> = bjorklund(k, n)
        .iter()
        .enumerate()
        .filter(|(_, on)| **on)
        .map(|(i, _)| i as i64)
        .collect();
    let lengths: Vec<(Time, Pattern<Value>)> = pulses
        .iter()
        .enumerate()
        .map(|(j, &at)| {
            let next = pulses.get(j + 1).copied().unwrap_or(n);
            (Time::from_int(next - at), pure(Value::str("t")))
        })
        .collect();
    p.struct_by(&super::core::timecat(lengths))
        .late_t(rot / Time::from_int(n))
}

/// `trunc t`: only the first `t` of each cycle plays, the rest is silent (Tidal 1.9:
/// `compress (0, t) . zoomArc (Arc 0 t)`).
pub fn trunc(t: &Pattern<Time>, p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    tparam(t, move |&t| {
        if t <= Time::ZERO {
            silence()
        } else if t >= Time::ONE {
            p.clone()
        } else {
            p.zoom_t(Time::ZERO, t).compress_t(Time::ZERO, t)
        }
    })
}

/// `loopFirst p`: the first cycle of `p`, repeated (Tidal: each cycle's query is moved
/// to cycle 0 and its events moved back).
pub fn loop_first<T: super::core::PatValue>(p: &Pattern<T>) -> Pattern<T> {
    let p = p.clone();
    Pattern::new(move |st| {
        let cycle = st.span.begin.sam();
        p.query(&st.set_span(st.span.with_time(|t| t - cycle)))
            .into_iter()
            .map(|h| h.with_span(|s| s.with_time(|t| t + cycle)))
            .collect()
    })
    .split_queries()
}

/// `stretch p`: each cycle zoomed to the span its events cover, so the first event starts
/// the cycle and the last ends it (Tidal: `zoomArc (cycleArc $ enclosingArc $ map
/// wholeOrPart $ query p (Arc (sam s) (nextSam s))) p`).
pub fn stretch(p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    Pattern::new(move |st| {
        let cycle = st.span.whole_cycle();
        let spans: Vec<TimeSpan> = p
            .query(&st.set_span(cycle))
            .iter()
            .map(|h| h.whole_or_part())
            .collect();
        let (Some(b), Some(e)) = (
            spans.iter().map(|s| s.begin).min(),
            spans.iter().map(|s| s.end).max(),
        ) else {
            return Vec::new();
        };
        // cycleArc: the enclosing span moved into cycle 0
        let shift = b.sam();
        p.zoom_t(b - shift, e - shift).query(st)
    })
    .split_queries()
}

/// `spin n p`: `n` copies of `p`, copy `i` shifted `i/n` of a cycle earlier and panned to
/// `i/n` (Tidal: `stack $ map (\i -> (i%copies) `rotL` p # pan (i%copies)) [0 ..
/// copies-1]`).
pub fn spin(n: &Pattern<Time>, p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    tparam(n, move |n| {
        let n = n.floor_int().clamp(0, 64);
        stack(
            (0..n)
                .map(|i| {
                    let offset = Time::new(i, n);
                    p.early_t(offset)
                        .set_controls(&pure(controls(&[("pan", offset.to_f64())])))
                })
                .collect(),
        )
    })
}

/// A control map of numbers.
fn controls(pairs: &[(&str, f64)]) -> Value {
    let m: ValueMap = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::Num(*v)))
        .collect();
    Value::Map(Arc::new(m))
}

/// `striateBy n f p`: `n` parts of each sample, each `f` long, their starts spread evenly
/// over the sample (Tidal: `fastcat $ map offset [0 .. n-1]`, `offset i = p # begin
/// (slot * i) # end (slot * i + f)`, `slot = (1 - f) / n`).
pub fn striate_by(n: &Pattern<Time>, f: &Pattern<f64>, p: &Pattern<Value>) -> Pattern<Value> {
    let (p, f) = (p.clone(), f.clone());
    tparam(n, move |n| {
        let n = n.floor_int().clamp(0, 4096);
        let p = p.clone();
        tparam(&f, move |&f| {
            let slot = (1.0 - f) / n as f64;
            fastcat(
                (0..n)
                    .map(|i| {
                        let b = slot * i as f64;
                        p.set_controls(&pure(controls(&[("begin", b), ("end", b + f)])))
                    })
                    .collect(),
            )
        })
    })
}

/// `speed` multiplied by `factor` (Tidal's `|* speed factor`: a missing speed becomes
/// `factor`).
fn scale_speed(v: &Value, factor: f64) -> Value {
    let mut m = v.to_map();
    let speed = match m.get("speed") {
        Some(Value::Num(s)) => Value::Num(s * factor),
        Some(other) => other.clone(),
        None => Value::Num(factor),
    };
    m.insert("speed".to_string(), speed);
    Value::Map(Arc::new(m))
}

/// `chew n ipat p`: `bite`, with each sound's speed changed by how much its part was
/// squeezed or stretched (Tidal: `(squeezeJoinUp $ zoompat <$> ipat) |/ speed n`,
/// where `squeezeJoinUp` multiplies speed by `1 / (duration of the event)`).
pub fn chew(n: &Pattern<Time>, ipat: &Pattern<Value>, p: &Pattern<Value>) -> Pattern<Value> {
    let (ipat, p) = (ipat.clone(), p.clone());
    tparam(n, move |n| {
        let n = n.floor_int().max(1);
        let p = p.clone();
        let indexed: Pattern<(i64, f64)> = {
            let ipat = ipat.discrete_only();
            Pattern::new(move |st| {
                ipat.query(st)
                    .into_iter()
                    .filter_map(|h| {
                        let i = h.value.as_num()?.floor() as i64;
                        let d = h.whole_or_part().duration().to_f64();
                        Some(Hap::new(h.whole, h.part, (i, d)).from_source(h.source))
                    })
                    .collect()
            })
        };
        indexed.squeeze_bind(move |&(i, d)| {
            let i = i.rem_euclid(n);
            let factor = if d > 0.0 { 1.0 / (d * n as f64) } else { 1.0 };
            p.zoom_t(Time::new(i, n), Time::new(i + 1, n))
                .fmap(move |v| scale_speed(v, factor))
        })
    })
}

/// `smooth p`: a continuous pattern gliding linearly from each number of `p` to the next
/// (Tidal 1.9: at the midpoint of the query, `v + (next - v) * (mid - start) / duration`
/// of the event there, `next` being the value where that event ends).
pub fn smooth(p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    Pattern::new(move |st| {
        let mid = st.span.midpoint();
        let Some(e) = events_at(&p, mid)
            .into_iter()
            .find(|h| h.value.as_num().is_some())
        else {
            return Vec::new();
        };
        let v = e.value.as_num().unwrap_or(0.0);
        let value = match e.whole {
            None => v,
            Some(w) => {
                let next = events_at(&p, w.end)
                    .into_iter()
                    .find_map(|h| h.value.as_num())
                    .unwrap_or(v);
                let d = w.duration();
                let pc = if d.is_zero() {
                    0.0
                } else {
                    ((mid - w.begin) / d).to_f64()
                };
                v + (next - v) * pc
            }
        };
        vec![Hap::new(None, st.span, Value::Num(value))]
    })
}

/// `spaceOut xs p`: `p` played once at each duration of `xs` in turn, the whole taking
/// `sum xs` cycles (Tidal: `_slow (sum xs) $ stack $ map (`compressArc` p) spaceArcs`).
pub fn space_out(xs: &[Time], p: &Pattern<Value>) -> Pattern<Value> {
    let total = xs.iter().fold(Time::ZERO, |a, &b| a + b);
    if total <= Time::ZERO || xs.iter().any(|&x| x < Time::ZERO) {
        return silence();
    }
    let mut offset = Time::ZERO;
    let mut parts = Vec::new();
    for &x in xs {
        let (b, e) = (offset / total, (offset + x) / total);
        offset = offset + x;
        if b < e {
            parts.push(p.compress_t(b, e));
        }
    }
    stack(parts).slow_t(total)
}

/// The bits of `k`, most significant first, `n` of them (Tidal's `__binary`).
fn bits(n: i64, k: i64) -> Vec<bool> {
    (0..n.clamp(0, 64))
        .rev()
        .map(|i| (k >> i) & 1 == 1)
        .collect()
}

fn bool_sequence(bits: Vec<bool>) -> Pattern<Value> {
    fastcat(
        bits.into_iter()
            .map(|b| pure(Value::str(if b { "t" } else { "f" })))
            .collect(),
    )
}

/// `binaryN n p`: each number of `p` as `n` booleans (its bits, most significant first)
/// squeezed into its event (Tidal: `squeezeJoin $ _binary n <$> p`).
pub fn binary_n(n: &Pattern<Time>, p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    tparam(n, move |n| {
        let n = n.floor_int();
        p.filter_values(|v| v.as_num().is_some())
            .squeeze_bind(move |v| bool_sequence(bits(n, v.as_num().unwrap_or(0.0) as i64)))
    })
}

/// `ascii p`: each word of `p` as the 8 bits of each of its characters (Tidal: `squeezeJoin
/// $ (listToPat . concatMap (__binary 8 . ord)) <$> p`).
pub fn ascii(p: &Pattern<Value>) -> Pattern<Value> {
    p.squeeze_bind(|v| {
        let word = v.to_string();
        bool_sequence(word.chars().flat_map(|c| bits(8, c as i64)).collect())
    })
}

/// `substruct bools p`: each true event of `bools` plays a whole cycle of `p` squeezed
/// into it (Tidal: `queryArc (compressArcTo a' p) a'` for each true event's whole).
pub fn substruct(bools: &Pattern<Value>, p: &Pattern<Value>) -> Pattern<Value> {
    bools.filter_values(|v| v.is_truthy()).squeeze_bind({
        let p = p.clone();
        move |_| p.clone()
    })
}

/// Haskell's `round`: halves go to the even neighbour.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - x.signum()
    } else {
        r
    }
}

/// `quantise n`: values rounded to the nearest `1/n` (Tidal: `(/n) . fromIntegral . round
/// . (*n)`, with Haskell's round-half-to-even).
pub fn quantise(n: f64, v: &Value) -> Value {
    match v.as_num() {
        Some(x) if n != 0.0 => Value::Num(round_half_even(x * n) / n),
        _ => v.clone(),
    }
}
