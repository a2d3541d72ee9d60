//! `phonon query 'EXPR'`: every event of a pattern expression between two cycle positions.

use std::io::Write;
use std::process::ExitCode;

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::hap::{haps_to_json, sort_haps};
use phonon::pattern::{Hap, Time, Value};

pub fn parse_time(label: &str, text: &str) -> Result<Time, String> {
    Time::parse(text).ok_or_else(|| {
        format!("--{label}: '{text}' is not a number or fraction (try 0, 1/3, -1/2)")
    })
}

pub fn query(source: &str, from: &str, to: &str, json: bool) -> ExitCode {
    let (from, to) = match (parse_time("from", from), parse_time("to", to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if to < from {
        eprintln!("error: --to ({to}) is before --from ({from})");
        return ExitCode::FAILURE;
    }
    let expr = match lang::check_expr(source) {
        Ok(e) => e,
        Err(diags) => {
            eprintln!("{}", lang::render_all(&diags, None, source));
            return ExitCode::FAILURE;
        }
    };
    let pattern = match eval_pattern(&expr) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{}", d.render(None, source));
            return ExitCode::FAILURE;
        }
    };
    let mut haps = pattern.query_span(from, to);
    if phonon::pattern::budget::exceeded() {
        let d =
            lang::diagnostics::Diagnostic::error(expr.span, phonon::pattern::budget::too_dense());
        eprintln!("{}", d.render(None, source));
        return ExitCode::FAILURE;
    }
    sort_haps(&mut haps);
    // Write errors (a closed pipe, as in `phonon query ... | head`) end the output quietly.
    let mut out = std::io::stdout().lock();
    if json {
        let _ = writeln!(out, "{}", haps_to_json(&haps));
    } else {
        for h in &haps {
            if writeln!(out, "{}", describe(h)).is_err() {
                break;
            }
        }
    }
    ExitCode::SUCCESS
}

/// One readable line: `(0/1 → 1/2) bd` for a whole event, with the whole shown
/// beside fragments: `0/1 → (1/4 → 1/2) ⇜ 1/1 sn`.
pub fn describe(h: &Hap<Value>) -> String {
    let span = match h.whole {
        None => format!("~{} → {}~", h.part.begin, h.part.end),
        Some(w) if w == h.part => format!("({} → {})", w.begin, w.end),
        Some(w) => {
            let left = if w.begin < h.part.begin {
                format!("{} ⇜ ", w.begin)
            } else {
                String::new()
            };
            let right = if w.end > h.part.end {
                format!(" ⇝ {}", w.end)
            } else {
                String::new()
            };
            format!("{left}({} → {}){right}", h.part.begin, h.part.end)
        }
    };
    format!("{span} | {}", h.value)
}
