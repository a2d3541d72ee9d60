//! Algebraic properties of the pattern engine, over randomly generated mini-notation.

use phonon::pattern::hap::sort_haps;
use phonon::pattern::mini::{mini, parse};
use phonon::pattern::{Hap, Pattern, Time, TimeSpan, Value};
use proptest::prelude::*;

/// Random mini-notation: atoms, rests, groups, alternations, polymeters and modifiers.
fn mini_string() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("c".to_string()),
        Just("~".to_string()),
        Just("bd:3".to_string()),
        (0i32..12).prop_map(|n| n.to_string()),
    ];
    atom.prop_recursive(3, 24, 4, |inner| {
        let seq = prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.join(" "));
        prop_oneof![
            seq.clone().prop_map(|s| format!("[{s}]")),
            seq.clone().prop_map(|s| format!("<{s}>")),
            (seq.clone(), seq.clone()).prop_map(|(a, b)| format!("[{a}, {b}]")),
            (seq.clone(), 1u8..5).prop_map(|(a, n)| format!("{{{a}}}%{n}")),
            (inner.clone(), 1u8..4).prop_map(|(a, n)| format!("{a}*{n}")),
            (inner.clone(), 1u8..4).prop_map(|(a, n)| format!("{a}/{n}")),
            (inner.clone(), 1u8..5, 5u8..9, 0u8..4)
                .prop_map(|(a, k, n, r)| format!("{a}({k},{n},{r})")),
            inner.clone().prop_map(|a| format!("{a}?")),
            (inner.clone(), 2u8..4).prop_map(|(a, n)| format!("{a}!{n}")),
            (inner.clone(), 2u8..4).prop_map(|(a, n)| format!("{a}@{n}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("[{a}|{b}]")),
        ]
    })
}

fn time() -> impl Strategy<Value = Time> {
    (-40i64..40, 1i64..12).prop_map(|(n, d)| Time::new(n, d))
}

/// The events that start in the span, as (whole, value): how they are cut into
/// fragments may differ, what a listener hears may not.
fn onsets(p: &Pattern<Value>, from: Time, to: Time) -> Vec<(TimeSpan, String)> {
    let mut h: Vec<(TimeSpan, String)> = p
        .query_span(from, to)
        .into_iter()
        .filter(|h| h.has_onset())
        .filter_map(|h| Some((h.whole?, h.value.to_string())))
        .collect();
    h.sort_by(|a, b| (a.0.begin, a.0.end, &a.1).cmp(&(b.0.begin, b.0.end, &b.1)));
    h
}

fn all(p: &Pattern<Value>, from: Time, to: Time) -> Vec<Hap<Value>> {
    let mut h = p.query_span(from, to);
    sort_haps(&mut h);
    h
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Querying [a, c) gives the same onsets as querying [a, b) and [b, c).
    #[test]
    fn splitting_a_query_keeps_the_onsets(s in mini_string(), a in time(), len in 2i64..24, cut in 1i64..24) {
        let p = mini(&s).unwrap();
        let end = a + Time::new(len, 4);
        let mid = a + Time::new(cut.min(len - 1), 4);
        let mut joined = onsets(&p, a, mid);
        joined.extend(onsets(&p, mid, end));
        joined.sort_by(|a, b| (a.0.begin, a.0.end, &a.1).cmp(&(b.0.begin, b.0.end, &b.1)));
        prop_assert_eq!(onsets(&p, a, end), joined);
    }

    /// `fast 2 $ slow 2` is the identity, as are `rev $ rev` and `late t $ early t`.
    #[test]
    fn inverse_transforms_cancel(s in mini_string(), a in time(), t in time()) {
        let p = mini(&s).unwrap();
        let end = a + Time::from_int(3);
        let two = Time::from_int(2);
        prop_assert_eq!(all(&p.slow_t(two).fast_t(two), a, end), all(&p, a, end));
        prop_assert_eq!(onsets(&p.rev().rev(), a, end), onsets(&p, a, end));
        prop_assert_eq!(all(&p.early_t(t).late_t(t), a, end), all(&p, a, end));
    }

    /// Every part lies inside the query span and inside its whole.
    #[test]
    fn parts_lie_in_the_query_and_the_whole(s in mini_string(), a in time(), len in 1i64..16) {
        let p = mini(&s).unwrap();
        let end = a + Time::new(len, 3);
        for h in p.query_span(a, end) {
            prop_assert!(h.part.begin >= a && h.part.end <= end, "part {} outside query", h.part);
            if let Some(w) = h.whole {
                prop_assert!(w.begin <= h.part.begin && h.part.end <= w.end, "part {} outside whole {}", h.part, w);
            }
        }
    }

    /// Randomness is a pure function of time: the same query twice gives the same events.
    #[test]
    fn queries_are_deterministic(s in mini_string(), a in time()) {
        let p = mini(&s).unwrap();
        let q = mini(&s).unwrap();
        prop_assert_eq!(all(&p, a, a + Time::from_int(2)), all(&q, a, a + Time::from_int(2)));
    }

    /// Arbitrary text never panics the mini-notation parser.
    #[test]
    fn the_parser_never_panics(s in "[a-z0-9 \\[\\]<>{},|.~*/!@?:%()_'-]{0,40}") {
        let _ = parse(&s);
        if let Ok(p) = mini(&s) {
            let _ = p.query_span(Time::ZERO, Time::from_int(2));
        }
    }
}
