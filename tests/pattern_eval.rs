//! Every transform in the registry evaluates on a pattern, with ordinary and with
//! hostile arguments, and querying the result never panics or runs away.

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::Time;
use phonon::registry;
use phonon::registry::{Category, ParamKind};

fn argument(kind: ParamKind, hostile: Option<&str>) -> String {
    match kind {
        ParamKind::Function => "(fast 2)".to_string(),
        ParamKind::FunctionList => "[rev, (fast 2)]".to_string(),
        ParamKind::List => "[\"a\", \"b\"]".to_string(),
        ParamKind::Pairs => "[(\"a\", \"b c\"), (\"b\", \"d\")]".to_string(),
        _ => hostile.unwrap_or("\"<2 3>\"").to_string(),
    }
}

fn run(expr: &str) -> usize {
    let checked =
        lang::check_expr(expr).unwrap_or_else(|d| panic!("{}", lang::render_all(&d, None, expr)));
    let pattern = eval_pattern(&checked).unwrap_or_else(|d| panic!("{}", d.render(None, expr)));
    pattern
        .query_span(Time::from_int(-1), Time::from_int(2))
        .len()
}

#[test]
fn every_transform_applies_to_a_pattern() {
    let transforms: Vec<_> = registry::all()
        .iter()
        .filter(|f| f.category == Category::Transform)
        .collect();
    assert!(transforms.len() >= 60);
    for f in transforms {
        for hostile in [None, Some("0"), Some("(-1)"), Some("1e9"), Some("(1/3)")] {
            let args: Vec<String> = f.params.iter().map(|p| argument(p.kind, hostile)).collect();
            let expr = format!("s \"bd sn:2 [hh hh]\" $ {} {}", f.name, args.join(" "));
            let n = run(&expr);
            assert!(n < 2_000_000, "{expr}: {n} events");
        }
    }
}

#[test]
fn ordinary_arguments_keep_events() {
    // With ordinary arguments a transform of a busy pattern still plays something
    // (every transform here is one that never silences a whole 3-cycle span).
    for name in [
        "fast",
        "slow",
        "rev",
        "iter",
        "ply",
        "chop",
        "striate",
        "jux",
        "palindrome",
        "linger",
        "shuffle",
    ] {
        let f = registry::lookup(name).unwrap();
        let args: Vec<String> = f.params.iter().map(|p| argument(p.kind, None)).collect();
        let expr = format!("s \"bd sn:2 [hh hh]\" $ {} {}", f.name, args.join(" "));
        assert!(run(&expr) > 0, "{expr} is silent");
    }
}
