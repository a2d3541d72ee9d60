//! Pattern expectations as text, for the tests worked out by hand from Tidal's definitions.
//! Notation: `begin..end : value` for a whole event, `whole | part : value` for a fragment,
//! `~ | part : value` for a continuous one; times as exact rationals, `n/1` as `n`.

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::{Pattern, Time, Value};

pub fn t(s: &str) -> Time {
    Time::parse(s).expect("time")
}

/// `n/1` printed as `n`, so expectations read like the Tidal docs.
pub fn short(x: Time) -> String {
    if x.denom() == 1 {
        x.numer().to_string()
    } else {
        x.to_string()
    }
}

/// The pattern of a checked expression (panics with the diagnostics otherwise).
pub fn pattern_of(expr: &str) -> Pattern<Value> {
    let e =
        lang::check_expr(expr).unwrap_or_else(|d| panic!("{}", lang::render_all(&d, None, expr)));
    eval_pattern(&e).unwrap_or_else(|d| panic!("{}", d.render(None, expr)))
}

/// Every event fragment over `from..to`, sorted as text.
pub fn events(expr: &str, from: &str, to: &str) -> Vec<String> {
    let mut out: Vec<String> = pattern_of(expr)
        .query_span(t(from), t(to))
        .into_iter()
        .map(|h| {
            let part = format!("{}..{}", short(h.part.begin), short(h.part.end));
            match h.whole {
                Some(w) if w == h.part => format!("{part} : {}", h.value),
                Some(w) => format!(
                    "{}..{} | {part} : {}",
                    short(w.begin),
                    short(w.end),
                    h.value
                ),
                None => format!("~ | {part} : {}", h.value),
            }
        })
        .collect();
    out.sort();
    out
}

pub fn expect(expr: &str, from: &str, to: &str, expected: &[&str]) {
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(events(expr, from, to), want, "{expr} over {from}..{to}");
}

/// Onsets only: `begin : value` for each fragment that starts its event.
pub fn onsets(expr: &str, from: &str, to: &str) -> Vec<String> {
    let mut out: Vec<String> = pattern_of(expr)
        .onsets(t(from), t(to))
        .into_iter()
        .map(|h| format!("{} : {}", short(h.part.begin), h.value))
        .collect();
    out.sort();
    out
}

pub fn expect_onsets(expr: &str, from: &str, to: &str, expected: &[&str]) {
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(onsets(expr, from, to), want, "{expr} over {from}..{to}");
}
