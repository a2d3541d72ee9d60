//! Every registry entry's doc example runs: it is checked, compiled and rendered, and
//! measured (finite, and audible unless it needs MIDI input); a transform's example is
//! also queried as a pattern, and its events are finite.

mod support;

use phonon::registry::{self, Category};
use phonon::render::{Program, RenderConfig};
use support::*;

/// Buses the examples refer to (`~a`, `~drums`...).
const PRELUDE: &str =
    "~a: saw 110 * 0.3\n~b: sine 220 * 0.3\n~c: tri 330 * 0.3\n~drums: s \"bd*4\"\n";

/// The example of an entry: the last `...` of its doc line.
fn example(doc: &str) -> &str {
    doc.rsplit('`').nth(1).unwrap_or("")
}

/// An example completed into an expression: a fragment starting with `$` gets a sample
/// pattern to transform, one starting with `#` a sample player (for controls) or a saw.
fn completed(spec: &registry::FunctionSpec) -> String {
    let ex = example(spec.doc).trim();
    if ex.starts_with('$') {
        format!("s \"bd sn hh cp\" {ex}")
    } else if ex.starts_with('#') {
        match spec.category {
            Category::Control => format!("s \"bd*4\" {ex}"),
            _ => format!("saw 110 {ex}"),
        }
    } else {
        ex.to_string()
    }
}

/// Examples that are silent without input: they play MIDI keys.
fn needs_midi(expr: &str) -> bool {
    expr.contains("~midi")
}

#[test]
fn every_doc_example_checks_renders_and_sounds() {
    let mut failures = Vec::new();
    for spec in registry::all() {
        assert!(
            !example(spec.doc).is_empty(),
            "{} has no example in its doc line",
            spec.name
        );
        let expr = completed(spec);
        let src = format!("{PRELUDE}out: {expr}\n");
        if let Err(d) = phonon::lang::check_program(&src) {
            failures.push(format!(
                "{}: `{expr}` does not check: {}",
                spec.name, d[0].message
            ));
            continue;
        }
        let config = RenderConfig {
            sample_rate: RATE,
            default_cps: 0.5,
        };
        let mut program = match Program::from_source(&src, config, &library()) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: `{expr}` does not compile: {e}", spec.name));
                continue;
            }
        };
        // Two cycles at 0.5 cps.
        let r = phonon::render::offline::render(&mut program, 4 * RATE as usize, 512, |_| {});
        let all = r.main[0].iter().chain(&r.main[1]);
        if !all.clone().all(|v| v.is_finite()) {
            failures.push(format!(
                "{}: `{expr}` renders non-finite samples",
                spec.name
            ));
            continue;
        }
        let level = rms(&r.main[0]).max(rms(&r.main[1]));
        if !needs_midi(&expr) && level < 1e-3 {
            failures.push(format!(
                "{}: `{expr}` is silent (rms {level:.2e})",
                spec.name
            ));
        }
        if spec.category == Category::Transform && expr.starts_with("s \"bd sn hh cp\" $") {
            let pattern = phonon::lang::parse_expr(&expr)
                .ok()
                .and_then(|e| phonon::lang::eval::eval_pattern(&e).ok());
            match pattern {
                None => failures.push(format!("{}: `{expr}` does not query", spec.name)),
                Some(p) => {
                    let events = p.query_span(
                        phonon::pattern::Time::ZERO,
                        phonon::pattern::Time::new(4, 1),
                    );
                    let finite = events.iter().all(|h| {
                        h.part.begin.to_f64().is_finite() && h.part.end.to_f64().is_finite()
                    });
                    if events.is_empty() || !finite {
                        failures.push(format!(
                            "{}: `{expr}` gives {} events",
                            spec.name,
                            events.len()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
