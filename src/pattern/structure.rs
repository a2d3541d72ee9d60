//! Tidal's structure functions that combine or rearrange whole events: `sew`, `stitch`,
//! `rot`, `fit`, `bite`, `arp`. Each follows its Tidal 1.9 definition (quoted in its doc).

use super::core::{stack, Pattern};
use super::span::TimeSpan;
use super::time::Time;
use super::transforms::tparam;
use super::value::Value;
use super::Hap;

/// Events of one whole cycle, keeping only whole events (those with an onset in it).
fn cycle_events(p: &Pattern<Value>, cycle: TimeSpan) -> Vec<Hap<Value>> {
    let mut events: Vec<Hap<Value>> = p
        .query_span(cycle.begin, cycle.end)
        .into_iter()
        .filter(|h| h.whole.is_some_and(|w| w.begin >= cycle.begin))
        .collect();
    // Stable: events sharing a whole (a chord) keep their order.
    events.sort_by_key(|h| h.whole.map(|w| (w.begin, w.end)));
    events
}

/// Events of `events` touching `span`, cut to it.
fn clip(events: Vec<Hap<Value>>, span: TimeSpan) -> impl Iterator<Item = Hap<Value>> {
    events.into_iter().filter_map(move |h| {
        let part = h.part.intersection(span)?;
        (part.begin < part.end || h.part.begin == h.part.end).then_some(Hap { part, ..h })
    })
}

/// `sew bools a b`: `a` where `bools` is true, `b` where it is false, each event cut to
/// the part where it is chosen (Tidal: `overlay (mask pb a) (mask (inv <$> pb) b)`).
pub fn sew(bools: &Pattern<Value>, a: &Pattern<Value>, b: &Pattern<Value>) -> Pattern<Value> {
    let inverse = bools.fmap(|v| Value::Num(if v.is_truthy() { 0.0 } else { 1.0 }));
    stack(vec![a.mask(bools), b.mask(&inverse)])
}

/// `stitch bools a b`: the rhythm of `bools`, values from `a` on its trues and `b` on its
/// falses (Tidal: `overlay (struct (filterValues (== True) pb) a) (struct (inv <$>
/// filterValues (== False) pb) b)`).
pub fn stitch(bools: &Pattern<Value>, a: &Pattern<Value>, b: &Pattern<Value>) -> Pattern<Value> {
    let trues = bools.filter_values(|v| v.is_truthy());
    let falses = bools
        .filter_values(|v| !v.is_truthy())
        .fmap(|_| Value::Num(1.0));
    stack(vec![a.struct_by(&trues), b.struct_by(&falses)])
}

/// `rot n`: each cycle's events keep their places and take the value of the event `n`
/// later (Tidal's `_rot`: the whole events of the cycle, values rotated, structure kept).
pub fn rot(n: &Pattern<Time>, p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    tparam(n, move |n| {
        let (p, n) = (p.clone(), n.floor_int());
        Pattern::new(move |st| {
            // Tidal's `_rot`: every event of the whole cycle, fragments of events that
            // cross its boundaries included, in time order
            let cycle = st.span.whole_cycle();
            let mut events = p.query(&st.set_span(cycle));
            events.sort_by_key(|h| (h.whole.map(|w| (w.begin, w.end)), h.part.begin));
            let count = events.len() as i64;
            if count > 0 {
                let values: Vec<Value> = events.iter().map(|h| h.value.clone()).collect();
                for (k, h) in events.iter_mut().enumerate() {
                    h.value = values[(k as i64 + n).rem_euclid(count) as usize].clone();
                }
            }
            clip(events, st.span).collect()
        })
        .split_queries()
    })
}

/// `fit step xs p`: the values of `p` index `xs` (cyclically), moved on by `step` every
/// cycle (Tidal 1.9's `_fit`: index `v + step * floor (start of the event's whole)`).
pub fn fit(step: &Pattern<Time>, values: Vec<Value>, p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    tparam(step, move |step| {
        let (values, step) = (values.clone(), step.floor_int());
        let p = p.clone();
        Pattern::new(move |st| {
            let n = values.len() as i64;
            if n == 0 {
                return Vec::new();
            }
            p.query(st)
                .into_iter()
                .filter_map(|h| {
                    let i = h.value.as_num()?.floor() as i64 + step * h.whole_begin().floor_int();
                    let v = values[i.rem_euclid(n) as usize].clone();
                    Some(Hap { value: v, ..h })
                })
                .collect()
        })
    })
}

/// `bite n ipat p`: `p` cut into `n` parts per cycle, played in the order of the indices
/// of `ipat`, each squeezed into its event (Tidal: `squeezeJoin $ zoompat <$> ipat`).
pub fn bite(n: &Pattern<Time>, indices: &Pattern<Value>, p: &Pattern<Value>) -> Pattern<Value> {
    let (indices, p) = (indices.clone(), p.clone());
    tparam(n, move |n| {
        let n = n.floor_int().max(1);
        let p = p.clone();
        indices
            .filter_values(|v| v.as_num().is_some())
            .squeeze_bind(move |i| {
                let i = (i.as_num().unwrap_or(0.0).floor() as i64).rem_euclid(n);
                p.zoom_t(Time::new(i, n), Time::new(i + 1, n))
            })
    })
}

/// Tidal's `arp` modes: how the notes of a chord (events sharing a whole) are ordered.
pub const ARP_MODES: [&str; 13] = [
    "up",
    "down",
    "updown",
    "downup",
    "up&down",
    "down&up",
    "converge",
    "diverge",
    "disconverge",
    "pinkyup",
    "pinkyupdown",
    "thumbup",
    "thumbupdown",
];

/// The order of a chord's notes for one `arp` mode (Tidal's `arps`), as indices.
fn arp_order(mode: &str, n: usize) -> Option<Vec<usize>> {
    let up: Vec<usize> = (0..n).collect();
    let down: Vec<usize> = (0..n).rev().collect();
    let init = |v: &[usize]| v[..v.len().saturating_sub(1)].to_vec();
    // converge: first, last, second, second last, ...
    let converge = |v: &[usize]| {
        let mut out = Vec::new();
        let (mut lo, mut hi) = (0usize, v.len());
        while lo < hi {
            out.push(v[lo]);
            lo += 1;
            if lo < hi {
                hi -= 1;
                out.push(v[hi]);
            }
        }
        out
    };
    let pinky = |v: &[usize]| -> Vec<usize> {
        // Tidal: concatMap (:[last x]) (init x)
        match v.split_last() {
            Some((last, rest)) => rest.iter().flat_map(|x| [*x, *last]).collect(),
            None => Vec::new(),
        }
    };
    let thumb = |v: &[usize]| -> Vec<usize> {
        // Tidal: concatMap (\y -> [head x, y]) (tail x)
        match v.split_first() {
            Some((first, rest)) => rest.iter().flat_map(|y| [*first, *y]).collect(),
            None => Vec::new(),
        }
    };
    Some(match mode {
        "up" => up,
        "down" => down,
        "updown" => [init(&up), init(&down)].concat(),
        "downup" => [init(&down), init(&up)].concat(),
        "up&down" => [up.clone(), down].concat(),
        "down&up" => [down, up].concat(),
        "converge" => converge(&up),
        "diverge" => converge(&up).into_iter().rev().collect(),
        "disconverge" => {
            // converge x ++ tail (reverse (converge x))
            let c = converge(&up);
            let back: Vec<usize> = c.iter().rev().skip(1).copied().collect();
            [c, back].concat()
        }
        "pinkyup" => pinky(&up),
        "pinkyupdown" => {
            let p = pinky(&up);
            let back: Vec<usize> = p.iter().rev().copied().collect();
            [init(&p), init(&back)].concat()
        }
        "thumbup" => thumb(&up),
        "thumbupdown" => {
            let t = thumb(&up);
            let back: Vec<usize> = t.iter().rev().copied().collect();
            [init(&t), init(&back)].concat()
        }
        _ => return None,
    })
}

/// `arp mode p`: the notes of each chord (events sharing a whole) one after the other
/// within the chord's span, ordered by `mode` (Tidal's `arpeggiate` is mode `up`).
pub fn arp(mode: &Pattern<Value>, p: &Pattern<Value>) -> Pattern<Value> {
    let p = p.clone();
    mode.inner_bind(move |m| {
        let mode = m.to_string();
        let p = p.clone();
        Pattern::new(move |st| {
            let cycle = st.span.whole_cycle();
            let events = cycle_events(&p, cycle);
            let mut out = Vec::new();
            let mut k = 0;
            while k < events.len() {
                let whole = events[k].whole;
                let j = k + events[k..].iter().take_while(|h| h.whole == whole).count();
                let chord = &events[k..j];
                if let (Some(w), Some(order)) = (whole, arp_order(&mode, chord.len())) {
                    let d = w.duration() / Time::from_int(order.len().max(1) as i64);
                    for (slot, &i) in order.iter().enumerate() {
                        let begin = w.begin + d * Time::from_int(slot as i64);
                        let span = TimeSpan::new(begin, begin + d);
                        out.push(
                            Hap::new(Some(span), span, chord[i].value.clone())
                                .from_source(chord[i].source),
                        );
                    }
                }
                k = j;
            }
            clip(out, st.span).collect()
        })
        .split_queries()
    })
}
