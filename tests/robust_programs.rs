//! Bad input never panics or hangs, and is always an error with a position: programs
//! generated from the grammar and the registry (calls with arguments of the right and of
//! the wrong kinds, operators, statements, Tidal lines), and mutations of the examples and
//! of the registry's doc examples. A program that checks clean must also compile, build
//! and render a short block of finite samples within the safety stage's ceiling.
//!
//! Case counts are small so the file runs in well under a minute in debug; set
//! `PROPTEST_CASES` to run more (see docs/RELIABILITY.md). Each case runs on its own
//! thread with a time limit, so a hang fails the case instead of stalling the run.
//! Random bytes and token soups are in `lang_check.rs`; this file does not repeat them.

mod support;

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use phonon::dsp::safety::CEILING;
use phonon::lang::{check_program, Diagnostic};
use phonon::registry::{self, Category, FunctionSpec, ParamKind};
use phonon::render::offline::render;
use phonon::render::{Program, RenderConfig};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

// ----- running one case -----

/// How long one case may take (checking, compiling, building and rendering).
const CASE_LIMIT: Duration = Duration::from_secs(10);

/// How much audio a clean program renders.
const RENDER_SECONDS: f64 = 0.05;

/// The environment variable `name` as a number, or `default` when it is not set.
fn env_or(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `cases` cases unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: env_or("PROPTEST_CASES", cases),
        // A failing case is re-run while shrinking, a hang for 10 s each time: bound it.
        max_shrink_iters: env_or("PROPTEST_MAX_SHRINK_ITERS", 256),
        max_shrink_time: env_or("PROPTEST_MAX_SHRINK_TIME", 60_000),
        ..ProptestConfig::default()
    }
}

/// Runs `work` on its own thread: a panic or a run past [`CASE_LIMIT`] fails the case,
/// naming the program.
fn within_limit<T: Send + 'static>(
    src: &str,
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    let started = std::time::Instant::now();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    let answer = rx.recv_timeout(CASE_LIMIT);
    if started.elapsed() > CASE_LIMIT / 5 {
        eprintln!("slow case ({:.1?}):\n{src}", started.elapsed());
    }
    match answer {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(why)) => Err(TestCaseError::fail(format!("{why}\nprogram:\n{src}"))),
        Err(RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "no answer within {CASE_LIMIT:?} (a hang?)\nprogram:\n{src}"
        ))),
        Err(RecvTimeoutError::Disconnected) => {
            let why = match handle.join() {
                Err(e) => e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
                Ok(()) => String::new(),
            };
            Err(TestCaseError::fail(format!(
                "panicked: {why}\nprogram:\n{src}"
            )))
        }
    }
}

/// Every diagnostic points into the text: a span within it on character boundaries, a
/// line that exists and a column on that line (or just after its end), and a message.
fn positions_are_valid(src: &str, diags: &[Diagnostic]) -> Result<(), String> {
    if diags.is_empty() {
        return Err("an error with no diagnostic".into());
    }
    let lines: Vec<&str> = src.split('\n').collect();
    for d in diags {
        let (s, e) = (d.span.start, d.span.end);
        let what = format!("diagnostic '{}' at {s}..{e}", d.message);
        if s > e || e > src.len() {
            return Err(format!("{what}: span outside the text (len {})", src.len()));
        }
        if !src.is_char_boundary(s) || !src.is_char_boundary(e) {
            return Err(format!("{what}: span inside a character"));
        }
        let (line, col) = d.line_col(src);
        let Some(text) = lines.get(line.wrapping_sub(1)) else {
            return Err(format!("{what}: line {line} of {}", lines.len()));
        };
        if col == 0 || col > text.chars().count() + 1 {
            return Err(format!("{what}: column {col} on line {line}: {text:?}"));
        }
        if d.message.trim().is_empty() {
            return Err(format!("{what}: empty message"));
        }
        let _ = d.render(Some("f.ph"), src);
    }
    Ok(())
}

/// What became of a program.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// The checker reported errors (all with valid positions).
    Rejected,
    /// The checker accepted it but the compiler reported errors (with valid positions).
    CompileError,
    /// Checked, compiled, built and rendered within the ceiling.
    Rendered,
}

/// Checks `src`; if it checks clean, compiles, plans, builds and renders it as the engine
/// does, and asks every output sample to be finite and within [`CEILING`].
fn run(src: String, render_it: bool) -> Result<Outcome, String> {
    let checked = match check_program(&src) {
        Ok(p) => p,
        Err(ds) => {
            positions_are_valid(&src, &ds)?;
            return Ok(Outcome::Rejected);
        }
    };
    if !render_it {
        return Ok(Outcome::Rendered);
    }
    let mut graph = match phonon::graph::compile(&checked) {
        Ok(g) => g,
        Err(ds) => {
            positions_are_valid(&src, &ds)?;
            return Ok(Outcome::CompileError);
        }
    };
    let plan = phonon::graph::plan(&mut graph);
    let config = RenderConfig {
        sample_rate: support::RATE,
        default_cps: 0.5,
    };
    let mut program = Program::build(&graph, &plan, config, &support::library())
        .map_err(|e| format!("checked and compiled, but building failed (no position): {e}"))?;
    let frames = (RENDER_SECONDS * support::RATE as f64) as usize;
    let out = render(&mut program, frames, 256, |_| {});
    let channels = out
        .main
        .iter()
        .chain(out.numbered.iter().flatten().flatten());
    for (c, ch) in channels.enumerate() {
        if let Some((i, x)) = ch
            .iter()
            .enumerate()
            .find(|(_, x)| !x.is_finite() || x.abs() > CEILING)
        {
            return Err(format!(
                "channel {c} sample {i} is {x} (must be finite and within ±{CEILING})"
            ));
        }
    }
    Ok(Outcome::Rendered)
}

fn check_case(src: &str, render_it: bool) -> Result<Outcome, TestCaseError> {
    let owned = src.to_string();
    within_limit(src, move || run(owned, render_it))
}

// ----- generating programs from the grammar and the registry -----

type S = BoxedStrategy<String>;

/// A registry entry as a generated value (proptest wants `Debug`).
#[derive(Clone, Copy)]
struct Spec(&'static FunctionSpec);

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

fn specs_where(pred: impl Fn(&FunctionSpec) -> bool) -> Vec<Spec> {
    registry::all()
        .iter()
        .filter(|f| pred(f))
        .map(|f| Spec(f))
        .collect()
}

fn pick(specs: Vec<Spec>) -> impl Strategy<Value = Spec> {
    assert!(!specs.is_empty());
    (0..specs.len()).prop_map(move |i| specs[i])
}

fn one_of(items: &'static [&'static str]) -> S {
    prop::sample::select(items)
        .prop_map(|s| s.to_string())
        .boxed()
}

/// Numbers, ordinary and extreme: zero, negatives, huge, tiny, NaN and infinity spelt as
/// divisions, Tidal's ratios.
fn number() -> S {
    prop_oneof![
        4 => (0i32..16).prop_map(|n| n.to_string()),
        2 => one_of(&["0.5", "0.25", "1.5", "110", "440", "800", "2000", "0.3"]),
        3 => one_of(&[
            "0", "-1", "-0.5", "1e9", "-1e9", "1e308", "-1e308", "(0/0)", "(1/0)", "(-1/0)",
            "1e-9", "(1/3)", "0.0001", "65536", "(1%8)",
        ]),
    ]
    .boxed()
}

/// A small random mini-notation grammar (numbers, sample and synth names, rests,
/// ranges, groups, alternations, polymeters, modifiers), sometimes ill-formed.
fn mini() -> S {
    let atom = prop_oneof![
        4 => (0i32..12).prop_map(|n| n.to_string()),
        4 => one_of(&["bd", "sn", "hh", "cp", "arpy", "superpiano", "superkick", "bd:3", "t", "f"]),
        2 => one_of(&["~", "-1", "0.5", "1e9", "a", "c4", "e", "0 .. 7", "1%3", "<>", "[]"]),
    ];
    atom.prop_recursive(3, 16, 4, |inner| {
        let seq = prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.join(" "));
        prop_oneof![
            seq.clone().prop_map(|s| format!("[{s}]")),
            seq.clone().prop_map(|s| format!("<{s}>")),
            (seq.clone(), seq.clone()).prop_map(|(a, b)| format!("[{a}, {b}]")),
            (seq.clone(), 0u8..5).prop_map(|(a, n)| format!("{{{a}}}%{n}")),
            (inner.clone(), 0u8..4).prop_map(|(a, n)| format!("{a}*{n}")),
            (inner.clone(), 0u8..4).prop_map(|(a, n)| format!("{a}/{n}")),
            (inner.clone(), 0u8..5, 0u8..9, 0u8..4)
                .prop_map(|(a, k, n, r)| format!("{a}({k},{n},{r})")),
            inner.clone().prop_map(|a| format!("{a}?")),
            (inner.clone(), 0u8..4).prop_map(|(a, n)| format!("{a}!{n}")),
            (inner.clone(), 0u8..4).prop_map(|(a, n)| format!("{a}@{n}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[{a}|{b}]")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} . {b}")),
        ]
    })
    .boxed()
}

fn mini_str() -> S {
    mini().prop_map(|m| format!("\"{m}\"")).boxed()
}

/// What needs no recursion: numbers, strings, buses, calls that need no arguments.
fn leaf(wrong: u32) -> S {
    let bare = specs_where(|f| {
        f.required_count() == 0 && (wrong > 0 || f.category != Category::Transform)
    });
    let buses: &'static [&'static str] = if wrong > 0 {
        &["~x", "~a", "~nowhere"]
    } else {
        &["~x", "~a"]
    };
    prop_oneof![
        3 => number(),
        3 => mini_str(),
        1 => one_of(buses),
        2 => pick(bare).prop_map(|f| f.0.name.to_string()),
    ]
    .boxed()
}

/// The operators between expressions.
fn operator() -> S {
    one_of(&[
        "+", "-", "*", "/", "|+", "+|", "|+|", "|*", "*|", "|-", "|/", "|%", "%|", "|<", "|>", "#",
        "$", ".", "<~", "~>",
    ])
}

/// An argument of kind `kind`.
fn of_kind(kind: ParamKind, inner: S, depth: u32) -> S {
    match kind {
        ParamKind::Value | ParamKind::Input => prop_oneof![
            2 => number(),
            1 => mini_str(),
            2 => inner.prop_map(|e| format!("({e})")),
            1 => one_of(&["~x", "~a"]),
        ]
        .boxed(),
        ParamKind::Pattern => prop_oneof![
            3 => number(),
            3 => mini_str(),
            1 => inner.prop_map(|e| format!("({e})")),
        ]
        .boxed(),
        ParamKind::Function => function(inner, depth, true),
        ParamKind::FunctionList => prop::collection::vec(function(inner, depth, false), 0..3)
            .prop_map(|v| format!("[{}]", v.join(", ")))
            .boxed(),
        ParamKind::List => prop::collection::vec(inner, 0..4)
            .prop_map(|v| format!("[{}]", v.join(", ")))
            .boxed(),
        ParamKind::Pairs => prop::collection::vec(
            (
                prop_oneof![number(), mini_str()],
                function_or_value(inner, depth),
            ),
            0..3,
        )
        .prop_map(|v| {
            let pairs: Vec<String> = v.iter().map(|(a, b)| format!("({a}, {b})")).collect();
            format!("[{}]", pairs.join(", "))
        })
        .boxed(),
    }
}

fn function_or_value(inner: S, depth: u32) -> S {
    prop_oneof![inner.clone(), function(inner, depth, false)].boxed()
}

const KINDS: [ParamKind; 7] = [
    ParamKind::Value,
    ParamKind::Pattern,
    ParamKind::Function,
    ParamKind::FunctionList,
    ParamKind::List,
    ParamKind::Pairs,
    ParamKind::Input,
];

/// An argument for a parameter of kind `kind`: of that kind, or (one time in `1/wrong`,
/// when `wrong > 0`) of any kind at all.
fn argument(kind: ParamKind, inner: S, depth: u32, wrong: u32) -> S {
    let right = of_kind(kind, inner.clone(), depth);
    if wrong == 0 {
        return right;
    }
    let any = (0..KINDS.len())
        .prop_flat_map(move |k| of_kind(KINDS[k], inner.clone(), depth))
        .boxed();
    prop_oneof![wrong => right, 1 => any].boxed()
}

/// A call of `f`: its name (or an alias), then its parameters in order, the ones with
/// defaults sometimes left off or given by name, sometimes an extra argument.
fn call(f: Spec, inner: S, depth: u32, wrong: u32) -> S {
    let f = f.0;
    let names: Vec<&'static str> = std::iter::once(f.name)
        .chain(f.aliases.iter().copied())
        .collect();
    let args: Vec<BoxedStrategy<Option<String>>> = f
        .params
        .iter()
        .map(|p| {
            let a = argument(p.kind, inner.clone(), depth, wrong);
            let name = p.name;
            if p.default.is_some() {
                prop_oneof![
                    3 => a.clone().prop_map(Some),
                    1 => a.prop_map(move |v| Some(format!(":{name} {v}"))),
                    2 => Just(None),
                ]
                .boxed()
            } else if wrong > 0 {
                // sometimes a required argument is missing
                prop_oneof![8 => a.prop_map(Some), 1 => Just(None)].boxed()
            } else {
                a.prop_map(Some).boxed()
            }
        })
        .collect();
    let extra = if wrong > 0 || f.variadic {
        prop::collection::vec(inner, 0..2).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    (0..names.len(), args, extra)
        .prop_map(move |(n, args, extra)| {
            let mut out = names[n].to_string();
            let mut skipped = false;
            let mut named = Vec::new();
            for a in args {
                match a {
                    // well-kinded: no positional argument after a left-off one, names last
                    Some(a) if wrong == 0 && a.starts_with(':') => named.push(a),
                    Some(a) if wrong > 0 || !skipped => {
                        out.push(' ');
                        out.push_str(&a);
                    }
                    Some(_) => {}
                    None => skipped = true,
                }
            }
            for a in named {
                out.push(' ');
                out.push_str(&a);
            }
            for e in extra {
                out.push_str(&format!(" ({e})"));
            }
            out
        })
        .boxed()
}

/// A transform: a call of a transform, an operator or `#` section, or two of them
/// composed with `.` or `$`; parenthesised when `paren`.
fn function(inner: S, depth: u32, paren: bool) -> S {
    let transforms = specs_where(|f| {
        f.category == Category::Transform
            && (depth > 0
                || !f
                    .params
                    .iter()
                    .any(|p| matches!(p.kind, ParamKind::Function | ParamKind::FunctionList)))
    });
    let controls = specs_where(|f| f.category == Category::Control);
    let deeper = depth.saturating_sub(1);
    let inner2 = inner.clone();
    let one = prop_oneof![
        4 => pick(transforms).prop_flat_map(move |f| call(f, inner2.clone(), deeper, 0)),
        2 => (pick(controls), prop_oneof![number(), mini_str()])
            .prop_map(|(c, v)| format!("(# {} {v})", c.0.name)),
        1 => (one_of(&["|+", "|*", "+", "|-", "|<", "|>", "+|"]), number())
            .prop_map(|(o, v)| format!("({o} {v})")),
        1 => (one_of(&["|+", "|*", "+"]), one_of(&["n", "speed", "note", "gain"]), number())
            .prop_map(|(o, c, v)| format!("({o} {c} {v})")),
        1 => (number(), one_of(&["<~", "~>"])).prop_map(|(v, o)| format!("({v} {o})")),
        1 => one_of(&["rev", "id", "(fast 2)", "(# speed 2)", "(|+ 12)"]),
    ]
    .boxed();
    let composed = (one.clone(), one_of(&[".", "$"]), one.clone())
        .prop_map(|(a, o, b)| format!("({a}) {o} ({b})"));
    prop_oneof![4 => one, 1 => composed]
        .prop_map(move |f| if paren { format!("({f})") } else { f })
        .boxed()
}

/// An expression of at most `depth` levels of calls and operators. With `wrong == 0` it
/// stays well-kinded: no transform or list where a value goes, no `$` or `.` between values.
fn expr(depth: u32, wrong: u32) -> S {
    if depth == 0 {
        return leaf(wrong);
    }
    let inner = expr(depth - 1, wrong);
    let callable = specs_where(|f| wrong > 0 || f.category != Category::Transform);
    let i = inner.clone();
    let calls = pick(callable).prop_flat_map(move |f| call(f, i.clone(), depth - 1, wrong));
    let controls = specs_where(|f| f.category == Category::Control);
    let op = if wrong > 0 {
        operator()
    } else {
        one_of(&[
            "+", "-", "*", "/", "|+", "+|", "|+|", "|*", "*|", "|-", "|/", "|%", "%|", "|<", "|>",
            "#",
        ])
    };
    let well_kinded = prop_oneof![
        2 => leaf(wrong),
        5 => calls,
        2 => (inner.clone(), op.clone(), inner.clone()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
        1 => (inner.clone(), op, inner.clone()).prop_map(|(a, o, b)| format!("({a}) {o} ({b})")),
        1 => (number(), one_of(&["<~", "~>"]), inner.clone()).prop_map(|(t, o, p)| format!("{t} {o} ({p})")),
        2 => (inner.clone(), function(inner.clone(), depth - 1, false))
            .prop_map(|(p, f)| format!("{p} $ {f}")),
        2 => (function(inner.clone(), depth - 1, false), inner.clone())
            .prop_map(|(f, p)| format!("{f} $ {p}")),
        2 => (inner.clone(), pick(controls), prop_oneof![number(), mini_str()])
            .prop_map(|(p, c, v)| format!("{p} # {} {v}", c.0.name)),
    ]
    .boxed();
    if wrong == 0 {
        return well_kinded;
    }
    prop_oneof![
        10 => well_kinded,
        1 => prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        1 => prop::collection::vec((number(), inner.clone()), 1..3).prop_map(|v| {
            let pairs: Vec<String> = v.iter().map(|(a, b)| format!("({a}, {b})")).collect();
            format!("[{}]", pairs.join(", "))
        }),
        1 => function(inner.clone(), depth - 1, true),
        1 => (function(inner.clone(), depth - 1, false), operator(), function(inner, depth - 1, false))
            .prop_map(|(a, o, b)| format!("{a} {o} {b}")),
    ]
    .boxed()
}

/// A Tidal line: transforms, `$`, a note pattern, a sound and controls.
fn tidal_line(wrong: u32) -> S {
    let controls = specs_where(|f| f.category == Category::Control);
    let func = function(expr(1, wrong), 1, false);
    (
        1u8..10,
        prop::collection::vec(func, 0..3),
        one_of(&["n", "note", "up", "s"]),
        mini(),
        one_of(&[
            "arpy",
            "superpiano",
            "bd*2 sn",
            "supersaw",
            "superkick",
            "nothere",
            "<bd cp>",
        ]),
        prop::collection::vec((pick(controls), prop_oneof![number(), mini_str()]), 0..4),
    )
        .prop_map(|(d, fs, head, notes, sound, ctl)| {
            let mut line = format!("d{d} $ ");
            for f in fs {
                line.push_str(&format!("{f} $ "));
            }
            line.push_str(&format!("{head} \"{notes}\" # s \"{sound}\""));
            for (c, v) in ctl {
                line.push_str(&format!(" # {} {v}", c.0.name));
            }
            line
        })
        .boxed()
}

/// A statement; with `feedback` it may define a bus that expressions read (`~x`, `~a`),
/// so a bus may feed itself. Without, the buses it defines are read by no expression: the
/// rendered programs have no feedback, see `a_bus_that_feeds_itself_compiles_in_bounded_time`.
fn statement(wrong: u32, feedback: bool) -> S {
    let e = expr(3, wrong);
    let defined: &'static [&'static str] = if feedback {
        &["x", "a", "b", "lfo"]
    } else {
        &["b", "lfo", "drums"]
    };
    prop_oneof![
        4 => e.clone().prop_map(|e| format!("out: {e}")),
        3 => (1u8..10, e.clone()).prop_map(|(n, e)| format!("d{n} $ {e}")),
        2 => (one_of(defined), e.clone()).prop_map(|(b, e)| format!("~{b}: {e}")),
        1 => (one_of(defined), e.clone()).prop_map(|(b, e)| format!("~{b} $ {e}")),
        1 => (1u8..9, e).prop_map(|(n, e)| format!("o{n}: {e}")),
        3 => tidal_line(wrong),
        1 => one_of(&[
            "tempo: 0.5", "bpm: 120", "setcps (132/60/4)", "hush", "tempo: 0", "tempo: -1",
            // not higher: see `a_huge_tempo_renders_in_bounded_time`
            "cps: 1000", "bpm: 100000", "tempo: 1e-9",
        ]),
    ]
    .boxed()
}

/// A program: sometimes a prelude defining the buses the expressions use, then statements.
/// `wrong` and `feedback` as for [`argument`] and [`statement`].
fn program(wrong: u32, feedback: bool) -> S {
    (
        prop::bool::weighted(0.7),
        prop::collection::vec(statement(wrong, feedback), 1..4),
    )
        .prop_map(move |(prelude, lines)| {
            let mut src = String::new();
            if prelude || wrong == 0 {
                src.push_str("~x: saw 55\n~a: sine 2\n");
            }
            src.push_str(&lines.join("\n"));
            src.push('\n');
            let outputs = lines.iter().any(|l| l.starts_with(['o', 'd']));
            if wrong == 0 && !outputs {
                src.push_str("out: ~x * 0.1\n");
            }
            src
        })
        .boxed()
}

// ----- mutating valid programs -----

/// The example programs and every registry doc example (as a program, the way
/// `lang_check.rs` checks them).
fn valid_programs() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut out = Vec::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ph"))
            .collect();
        paths.sort();
        for p in paths {
            out.push(std::fs::read_to_string(p).unwrap());
        }
        let prelude = "~x: saw 55\n~a: 1\n~b: 1\n~c: 1\n~drums: 1\n~lfo: 1\n";
        for f in registry::all() {
            let Some(ex) = f.doc.split('`').nth(1) else {
                continue;
            };
            let expr = if ex.starts_with('#') || ex.starts_with('$') {
                format!("~x {ex}")
            } else {
                ex.to_string()
            };
            out.push(format!("{prelude}out: {expr}\n"));
        }
        out
    })
}

/// Splits text into tokens: strings, runs of name characters, spaces, single others.
fn tokens(src: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut chars = src.chars().peekable();
    let word = |c: char| c.is_alphanumeric() || "_.'~".contains(c);
    while let Some(c) = chars.next() {
        let mut t = c.to_string();
        if c == '"' {
            for d in chars.by_ref() {
                t.push(d);
                if d == '"' {
                    break;
                }
            }
        } else if word(c) {
            while let Some(&d) = chars.peek().filter(|d| word(**d)) {
                t.push(d);
                chars.next();
            }
        } else if c == ' ' {
            while chars.peek() == Some(&' ') {
                t.push(' ');
                chars.next();
            }
        }
        out.push(t);
    }
    out
}

#[derive(Clone, Debug)]
enum Mutation {
    DeleteToken(usize),
    DuplicateToken(usize),
    SwapTokens(usize, usize),
    InsertName(usize, usize),
    ReplaceWithName(usize, usize),
    DeleteChar(usize),
    DuplicateChar(usize),
    SwapChars(usize),
    InsertChar(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        2 => at.prop_map(Mutation::DeleteToken),
        2 => at.prop_map(Mutation::DuplicateToken),
        2 => (at, at).prop_map(|(a, b)| Mutation::SwapTokens(a, b)),
        2 => (at, at).prop_map(|(a, b)| Mutation::InsertName(a, b)),
        2 => (at, at).prop_map(|(a, b)| Mutation::ReplaceWithName(a, b)),
        1 => at.prop_map(Mutation::DeleteChar),
        1 => at.prop_map(Mutation::DuplicateChar),
        1 => at.prop_map(Mutation::SwapChars),
        1 => (at, prop::sample::select("()[]{}<>$#.~:,+-*/|%!?@\"' 0123456789\n\t-".chars().collect::<Vec<_>>()))
            .prop_map(|(a, c)| Mutation::InsertChar(a, c)),
    ]
}

fn mutate(src: &str, mutations: &[Mutation]) -> String {
    let names: Vec<&str> = registry::names().collect();
    let mut text = src.to_string();
    for m in mutations {
        let mut toks = tokens(&text);
        let mut chars: Vec<char> = text.chars().collect();
        let tn = toks.len().max(1);
        let cn = chars.len().max(1);
        let by_chars = match *m {
            Mutation::DeleteToken(i) if !toks.is_empty() => {
                toks.remove(i % tn);
                false
            }
            Mutation::DuplicateToken(i) if !toks.is_empty() => {
                let t = toks[i % tn].clone();
                toks.insert(i % tn, t);
                false
            }
            Mutation::SwapTokens(i, j) if !toks.is_empty() => {
                toks.swap(i % tn, j % tn);
                false
            }
            Mutation::InsertName(i, n) => {
                toks.insert(
                    i % (toks.len() + 1),
                    format!(" {} ", names[n % names.len()]),
                );
                false
            }
            Mutation::ReplaceWithName(i, n) if !toks.is_empty() => {
                toks[i % tn] = names[n % names.len()].to_string();
                false
            }
            Mutation::DeleteChar(i) if !chars.is_empty() => {
                chars.remove(i % cn);
                true
            }
            Mutation::DuplicateChar(i) if !chars.is_empty() => {
                let c = chars[i % cn];
                chars.insert(i % cn, c);
                true
            }
            Mutation::SwapChars(i) if chars.len() > 1 => {
                let i = i % (chars.len() - 1);
                chars.swap(i, i + 1);
                true
            }
            Mutation::InsertChar(i, c) => {
                chars.insert(i % (chars.len() + 1), c);
                true
            }
            _ => false,
        };
        text = if by_chars {
            chars.into_iter().collect()
        } else {
            toks.concat()
        };
    }
    text
}

fn mutated() -> impl Strategy<Value = String> {
    (
        0..valid_programs().len(),
        prop::collection::vec(mutation(), 1..4),
    )
        .prop_map(|(i, ms)| mutate(&valid_programs()[i], &ms))
}

// ----- the properties -----

proptest! {
    #![proptest_config(config(1000))]

    /// Generated programs, with arguments of the wrong kinds too and buses that feed
    /// themselves: the checker never panics or hangs, and every error has a position.
    #[test]
    fn generated_programs_check_without_panic(src in program(4, true)) {
        check_case(&src, false)?;
    }

    /// Mutated examples and doc examples: the same.
    #[test]
    fn mutated_programs_check_without_panic(src in mutated()) {
        check_case(&src, false)?;
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// Generated programs (half with arguments of the right kinds only, half with wrong
    /// kinds too; no feedback): what checks clean compiles (or is an error with a
    /// position), builds and renders finite samples within the ceiling.
    #[test]
    fn generated_programs_render_within_the_ceiling(
        src in prop_oneof![program(0, false), program(4, false)]
    ) {
        check_case(&src, true)?;
    }

    /// Mutated examples: what still checks clean renders within the ceiling.
    #[test]
    fn mutated_programs_render_within_the_ceiling(src in mutated()) {
        check_case(&src, true)?;
    }
}

// ----- the generators generate what they should -----

/// A fair share of the well-kinded programs check clean, or the render properties would
/// test little; samples are printed with `--nocapture`.
#[test]
fn generators_reach_clean_programs() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    assert!(valid_programs().len() > registry::all().len());
    let mut runner = TestRunner::deterministic();
    let strategy = program(0, false);
    let mut clean = 0;
    let n = 200;
    for i in 0..n {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        let checked = check_program(&src);
        clean += checked.is_ok() as usize;
        if i < 30 {
            match checked {
                Ok(_) => println!("clean:\n{src}"),
                Err(ds) => println!(
                    "rejected:\n{}",
                    phonon::lang::render_all(&ds[..1], None, &src)
                ),
            }
        }
    }
    println!("{clean} of {n} well-kinded programs check clean");
    assert!(clean * 10 >= n, "only {clean} of {n} check clean");
}

// ----- wrong kinds are errors with positions -----

/// The span of the first diagnostic, as text, for programs that must be rejected.
fn rejected_at(src: &str) -> (String, String) {
    match check_program(src) {
        Ok(_) => panic!("accepted, but should be an error:\n{src}"),
        Err(ds) => {
            positions_are_valid(src, &ds).unwrap_or_else(|e| panic!("{e}\n{src}"));
            let d = &ds[0];
            (src[d.span.start..d.span.end].to_string(), d.message.clone())
        }
    }
}

#[test]
fn arguments_of_the_wrong_kind_are_errors_with_positions() {
    // (program, exactly the text the first error must point at)
    let cases = [
        ("d1 $ fast rev $ s \"bd sn\"\n", "rev"),
        ("d1 $ every 2 3 $ s \"bd sn\"\n", "3"),
        ("d1 $ every (fast 2) 2 $ s \"bd\"\n", "(fast 2)"),
        ("d1 $ jux 2 $ s \"bd sn\"\n", "2"),
        ("d1 $ s (fast 2)\n", "(fast 2)"),
        ("d1 $ s \"bd\" # room rev\n", "rev"),
        ("d1 $ s \"bd\" # gain [1, 2]\n", "[1, 2]"),
        ("out: saw 55 # lpf rev\n", "rev"),
        ("out: saw rev\n", "rev"),
    ];
    for (src, at) in cases {
        let (span, message) = rejected_at(src);
        assert!(
            span == at || format!("({span})") == at,
            "the error points at {span:?}, not {at:?}: {message}\n{src}"
        );
    }
}

/// A word where a number goes was accepted and silently dropped (`every "x" (fast 2)`
/// played the pattern unchanged); parameters marked `numbers()` in the registry (`every`,
/// `lastOf`, `fast`, `slow`) now refuse it at the word. Still open: `sometimesBy "a"`,
/// `speed "fast"` (not marked).
#[test]
fn a_word_where_a_number_goes_is_an_error() {
    let src = "d1 $ every \"x\" (fast 2) $ s \"bd sn\"\n";
    let (span, message) = rejected_at(src);
    assert_eq!(span, "x");
    assert!(
        message.contains("'every' takes only numbers for 'n'"),
        "{message}"
    );
    assert_eq!(rejected_at("d1 $ fast \"2 bd\" $ s \"bd sn\"\n").0, "bd");
    // numbers, rests and mini-notation operators are fine
    for ok in [
        "d1 $ every \"<2 3>\" (fast 2) $ s \"bd sn\"\n",
        "d1 $ fast \"1 [2 1e1]*2 ~\" $ s \"bd\"\n",
    ] {
        check_program(ok).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
    }
}

/// `lpf "a b"` checked clean and read the words as note names (a4, b4: MIDI 69 and 71),
/// a cutoff of 69 Hz then 71 Hz; `lpf` and `hpf` cutoffs now take numbers only.
#[test]
fn note_names_as_a_cutoff_are_an_error() {
    let src = "out: saw 55 # lpf \"a b\"\n";
    let (span, message) = rejected_at(src);
    assert_eq!(span, "a");
    assert!(
        message.contains("'lpf' takes only numbers for 'cutoff'"),
        "{message}"
    );
    // a cutoff pattern of numbers checks, and note names still go to `note` and oscillators
    for ok in [
        "out: saw 55 # lpf \"400 <800 1200>\"\n",
        "d1 $ note \"c e g\" # s \"superpiano\"\n",
        "d1 $ n \"c'maj\" # s \"superpiano\"\n",
        "out: saw \"a1 c2\"\n",
    ] {
        check_program(ok).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
    }
}

/// Ignored: BUG. A mini-notation error at a character of more than one byte has a span that
/// ends inside the character (`8..9` for the two bytes of 'é' at 8), so slicing the source
/// with it panics (`render` clamps, an editor might not). Found by the mutation properties;
/// until it is fixed they insert only ASCII characters.
#[test]
fn mini_notation_errors_span_whole_characters() {
    let src = "out: s \"é\"\n";
    let (span, _) = rejected_at(src);
    assert_eq!(span, "é");
}

/// Rendering time once grew with the tempo without bound (`bpm: 1e308` never finished:
/// each block queried every one of the cycles it spans); tempos are now held at 100
/// cycles a second at most.
#[test]
fn a_huge_tempo_renders_in_bounded_time() {
    check_case("bpm: 1e308\nd1 $ s \"bd\"\n", true).unwrap();
}

/// Compiling a bus that reads itself twice, once under a control, once never ended
/// (each level expanded the bus twice, 2^32 times): `~x: gain ~x + ~x` (also `pan`, `n`,
/// or `stack [gain ~x, ~x]`). `~x: gain ~x` and `~x: ~x + gain ~x` compile at once. Found
/// by the render property; until it is fixed its programs have no bus that feeds itself.
#[test]
fn a_bus_that_feeds_itself_compiles_in_bounded_time() {
    check_case("~x: gain ~x + ~x\nout: 1\n", true).unwrap();
}
