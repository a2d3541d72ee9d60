//! Semantic checks: every error class at its exact line:col, several errors at once,
//! every code sample of LANGUAGE.md checks clean, the `$` subject rule, no panics.

use phonon::lang::ast::*;
use phonon::lang::check::{apply_subject, chain_target, is_transform_shaped};
use phonon::lang::{check_expr, check_program, parse_expr, Diagnostic};
use phonon::registry;

fn loc(src: &str, d: &Diagnostic) -> String {
    let (l, c) = d.line_col(src);
    format!("{l}:{c}: {}", d.message)
}

/// The errors of a program as `line:col: message`.
fn errs(src: &str) -> Vec<String> {
    match check_program(src) {
        Ok(_) => panic!("{src:?} checked clean"),
        Err(ds) => ds.iter().map(|d| loc(src, d)).collect(),
    }
}

/// The single error of `out: {expr}` (plus the given bus definitions).
fn err1(expr: &str) -> String {
    let src = format!("~x: saw 55\nout: {expr}\n");
    let e = errs(&src);
    assert_eq!(e.len(), 1, "{expr}: {e:?}");
    e[0].clone()
}

fn clean(src: &str) {
    if let Err(ds) = check_program(src) {
        panic!(
            "expected clean:\n{src}\n{}",
            phonon::lang::render_all(&ds, Some("test.ph"), src)
        );
    }
}

#[test]
fn unknown_function_at_line_and_column_with_suggestion() {
    let src = "\
tempo: 0.5
~lfo: sine 0.25
~bass: saw 110 # lfp 800
out: ~bass
";
    let ds = check_program(src).unwrap_err();
    assert_eq!(ds.len(), 1);
    assert_eq!(
        ds[0].render(None, src),
        format!(
            "3:18: unknown function 'lfp' (did you mean 'lpf'?)\n\
             ~bass: saw 110 # lfp 800\n{}^~~\nhelp: did you mean 'lpf'?",
            " ".repeat(17)
        )
    );
    assert_eq!(ds[0].suggestion.as_deref(), Some("lpf"));
    assert!(ds[0]
        .render(Some("song.ph"), src)
        .starts_with("song.ph:3:18: unknown function 'lfp' (did you mean 'lpf'?)\n"));
    // no suggestion when nothing is close
    assert_eq!(err1("zzzzzzz 3"), "2:6: unknown function 'zzzzzzz'");
    // a bus name written without '~'
    assert_eq!(
        err1("x * 2"),
        "2:6: unknown function 'x' (did you mean '~x'?)"
    );
    // case-only difference
    assert_eq!(
        err1("s \"bd\" $ sometimesby 0.3 rev"),
        "2:15: unknown function 'sometimesby' (did you mean 'sometimesBy'?)"
    );
}

#[test]
fn argument_counts() {
    assert_eq!(
        err1("saw 55 # lpf 1 2 3"),
        "2:23: 'lpf' takes at most 3 arguments (input, cutoff, q), got 4"
    );
    assert_eq!(
        err1("lpf ~x 1 2 3"),
        "2:17: 'lpf' takes at most 3 arguments (input, cutoff, q), got 4"
    );
    assert_eq!(
        err1("saw 55 # lpf"),
        "2:15: 'lpf' needs at least 2 arguments (input, cutoff), got 1"
    );
    assert_eq!(
        err1("s \"bd\" $ every 4"),
        "2:15: 'every' needs 2 arguments (n, f), got 1"
    );
    assert_eq!(
        err1("s \"bd\" $ fast 2 3 4"),
        "2:24: 'fast' takes at most 2 arguments (factor, pattern), got 3"
    );
    assert_eq!(err1("noise 3"), "2:12: 'noise' takes no arguments, got 1");
    assert_eq!(
        err1("saw 55 # lpf :q 0.5"),
        "2:15: 'lpf' is missing its argument 'cutoff'"
    );
    assert_eq!(
        err1("saw 55 # reverb 0.5"),
        "2:15: 'reverb' needs at least 3 arguments (input, room, damping), got 2"
    );
    // variadic and optional arguments
    clean("out: mix (saw 1) (saw 2) (saw 3) (saw 4) # lpf 800\n");
    clean("out: saw 55 # delay 0.25 # reverb 0.5 0.5 :mix 0.2\n");
    clean("out: sine\n");
}

#[test]
fn keyword_arguments() {
    let src = "out: saw 55 # lpf 800 :qq 0.5\n";
    let ds = check_program(src).unwrap_err();
    assert_eq!(
        loc(src, &ds[0]),
        "1:23: 'lpf' has no parameter 'qq' (its parameters: input, cutoff, q)"
    );
    assert_eq!(ds[0].suggestion.as_deref(), Some(":q"));
    assert_eq!(
        err1("saw 55 # lpf 800 0.7 :q 0.5"),
        "2:27: argument 'q' of 'lpf' is given twice"
    );
    assert_eq!(
        err1("saw 55 # lpf :cutoff 800 0.7"),
        "2:31: positional argument after a keyword argument"
    );
    clean("out: saw 55 # lpf :q 0.5 :cutoff 800\n");
}

#[test]
fn argument_kinds() {
    assert_eq!(
        err1("s \"bd\" $ every 4 2"),
        "2:23: 'every' expects for 'f' a transform (like `(fast 2)`, `rev` or `(# speed 2)`), found the number 2"
    );
    assert_eq!(
        err1("s \"bd\" $ every 4 (saw 3)"),
        "2:24: 'every' expects for 'f' a transform (like `(fast 2)`, `rev` or `(# speed 2)`), found 'saw'"
    );
    assert_eq!(
        err1("saw [55, 110]"),
        "2:10: 'saw' expects for 'freq' a single value, found a list"
    );
    assert_eq!(err1("[1, 2]"), "2:6: expected a single value, found a list");
    assert_eq!(
        err1("stack (saw 1)"),
        "2:13: 'stack' expects for 'items' a list `[...]`, found 'saw'"
    );
    assert_eq!(
        err1("s \"bd\" $ layer [rev, 2]"),
        "2:27: 'layer' expects for 'fs' a transform (like `(fast 2)`, `rev` or `(# speed 2)`), found the number 2"
    );
    assert_eq!(
        err1("fast 2"),
        "2:6: expected a value, but 'fast' is a transform"
    );
    assert_eq!(
        err1("saw (fast 2)"),
        "2:11: 'saw' expects for 'freq' a value, but 'fast' is a transform"
    );
    assert_eq!(
        err1("(# speed 2)"),
        "2:6: expected a value, but a `(# ...)` section is a transform"
    );
    assert_eq!(
        err1("s \"bd\" $ fast (lpf ~x 800)"),
        "2:21: 'fast' expects for 'factor' a pattern (a number or \"...\"), found the audio signal 'lpf'"
    );
    // explicit subjects make transforms values; compositions are transforms
    clean("out: fast 2 (s \"bd sn\")\n");
    clean("out: lpf (range 200 2000 sine) 0.8 + saw 55\n");
    clean("out: s \"bd*4\" $ every 2 (fast 2 $ rev) $ every 3 (|* speed 2)\n");
}

#[test]
fn undefined_buses() {
    let src = "~lfo: sine 1\nout: saw 55 * ~lfx\n";
    let ds = check_program(src).unwrap_err();
    assert_eq!(
        loc(src, &ds[0]),
        "2:15: bus '~lfx' is never defined (did you mean '~lfo'?)"
    );
    assert_eq!(ds[0].suggestion.as_deref(), Some("~lfo"));
    assert_eq!(
        errs("out: ~nothing_like_it\n"),
        vec!["1:6: bus '~nothing_like_it' is never defined"]
    );
    // built-ins, forward references, self reference (feedback), redefinition
    clean(
        "out: saw ~midi * ~m1 + ~m8 * ~midi_freq * ~midi_gate * ~midi_vel + ~later\n\
         ~later: ~later * 0.5 + sine 1\n~later: 1\n",
    );
}

#[test]
fn missing_output() {
    assert_eq!(
        errs("~a: sine 1\n"),
        vec!["1:11: program has no output statement (add `out: ...`)"]
    );
    assert_eq!(
        errs(""),
        vec!["1:1: program has no output statement (add `out: ...`)"]
    );
    assert_eq!(
        errs("-- nothing\ntempo: 1\n"),
        vec!["2:9: program has no output statement (add `out: ...`)"]
    );
    clean("d1: s \"bd\"\n");
    clean("o8 $ s \"bd\"\n");
    clean("hush\n");
    // a syntax error in the output statement does not add "no output"
    assert_eq!(
        errs("~a: 1\nout: ~a +\n"),
        vec!["2:10: expected an operand after '+', found the end of the statement"]
    );
}

#[test]
fn bad_mini_notation_points_into_the_string() {
    for bad in ["bd [sn", "bd sn]", "bd(3,", "<a b"] {
        let src = format!("~a: 1\nout: s \"{bad}\"\n");
        let me = phonon::pattern::mini::validate(bad).expect_err(bad);
        let ds = check_program(&src).unwrap_err();
        assert_eq!(ds.len(), 1, "{bad}");
        assert_eq!(
            loc(&src, &ds[0]),
            format!("2:{}: bad mini-notation: {}", 9 + me.offset, me.message),
            "{bad}"
        );
    }
    // strings anywhere are checked: arguments, operands, keyword values
    let src = "out: saw 55 * \"1 [0\" # lpf :cutoff \"<200\"\n";
    assert_eq!(check_program(src).unwrap_err().len(), 2);
}

#[test]
fn dollar_and_chain_shapes() {
    assert_eq!(
        err1("fast 2 $ rev"),
        "2:6: nothing to transform: every operand of `$` is a transform"
    );
    assert_eq!(
        err1("s \"bd\" $ lpf ~x 800"),
        "2:15: 'lpf' is not a transform, but `$` already has a pattern or signal to apply to"
    );
    assert_eq!(
        err1("s \"bd\" # fast 2"),
        "2:15: 'fast' is a pattern transform: apply it with `$`, not `#`"
    );
    assert_eq!(
        err1("saw 55 # saw 2"),
        "2:15: 'saw' takes no input: the right side of `#` must be a filter, effect, envelope or per-event control (like `lpf 800` or `gain 0.8`)"
    );
    assert_eq!(
        err1("saw 55 # 0.5"),
        "2:15: the right side of `#` must be a filter, effect, envelope or per-event control (like `lpf 800` or `gain 0.8`), found the number 0.5"
    );
    assert_eq!(
        err1("s \"bd\" $ every 2 (# saw 3)"),
        "2:26: 'saw' takes no input: the right side of `#` must be a filter, effect, envelope or per-event control (like `lpf 800` or `gain 0.8`)"
    );
    assert_eq!(
        err1("s \"bd\" $ fast 2 (s \"x\")"),
        "2:15: 'fast' is given its pattern as its last argument here, so `$` cannot apply it as a transform"
    );
    assert_eq!(
        err1("s \"bd\" $ fast 2 3 4"),
        "2:24: 'fast' takes at most 2 arguments (factor, pattern), got 3"
    );
    clean("out: s \"bd*8\" # gain \"1 0.8\" # pan sine # speed (range 1 2 saw)\n");
    clean("out: saw 55 # lpf 800 0.7 * 0.25 # reverb 0.3 0.5\n");
    clean("out: saw 55 # (lpf 800 # reverb 0.5 0.5)\n");
}

#[test]
fn several_errors_are_all_reported_in_order() {
    let src = "\
~bass: saw 55 # lfp 800
~drums: s \"bd sn\" $ fsat 2
~pad: saw (55
o1: ~bas * 0.3
out: ~drums # reverb 0.5 0.5 0.3 0.2 0.1
";
    assert_eq!(
        errs(src),
        vec![
            "1:17: unknown function 'lfp' (did you mean 'lpf'?)",
            "2:21: unknown function 'fsat' (did you mean 'fast'?)",
            "3:11: unclosed '(': expected ')' before the end of the statement",
            "4:5: bus '~bas' is never defined (did you mean '~bass'?)",
            "5:34: 'reverb' takes at most 4 arguments (input, room, damping, mix), got 6",
        ]
    );
}

#[test]
fn lone_expressions() {
    assert!(check_expr("s \"bd sn\" $ fast 2 $ rev").is_ok());
    assert!(check_expr("\"0 .. 7\" |+ \"<0 3>\"").is_ok());
    let src = "saw ~lfo";
    let ds = check_expr(src).unwrap_err();
    assert_eq!(
        loc(src, &ds[0]),
        "1:5: '~lfo': a single expression cannot refer to buses"
    );
    let ds = check_expr("lpf 800 1 2 3").unwrap_err();
    assert_eq!(ds.len(), 1);
    assert!(check_expr("out: 1").is_err());
}

fn parts(src: &str) -> Vec<Expr> {
    match parse_expr(src).unwrap().kind {
        ExprKind::Apply(p) => p,
        other => panic!("not an apply: {other:?}"),
    }
}

#[test]
fn apply_subject_rule() {
    assert_eq!(apply_subject(&parts("s \"bd\" $ fast 2 $ rev")), Some(0));
    assert_eq!(apply_subject(&parts("fast 2 $ rev $ s \"bd\"")), Some(2));
    assert_eq!(apply_subject(&parts("(fast 2 $ rev) $ s \"bd\"")), Some(1));
    assert_eq!(
        apply_subject(&parts("(# speed 2) $ (|+ 1) $ \"1 2\"")),
        Some(2)
    );
    assert_eq!(apply_subject(&parts("fast 2 $ rev")), None);
    assert_eq!(apply_subject(&parts("fast 2 (s \"bd\") $ rev")), Some(0));
    assert_eq!(apply_subject(&parts("range 1 5 sine $ fast 2")), Some(0));
    assert_eq!(apply_subject(&parts("range 1 5 $ sine")), Some(1));
    assert_eq!(apply_subject(&parts("((fast 2)) $ ~x")), Some(1));
    assert_eq!(apply_subject(&parts("(fast 2 $ ~x) $ rev")), Some(0));
    assert!(is_transform_shaped(
        &parse_expr("(fast 2 $ (rev))").unwrap()
    ));
    assert!(!is_transform_shaped(&parse_expr("fast 2 $ rev").unwrap()));
    assert!(!is_transform_shaped(&parse_expr("lpf 3").unwrap()));
    assert!(!is_transform_shaped(&parse_expr("unknown 3").unwrap()));
}

#[test]
fn chain_target_is_the_leftmost_call() {
    let name = |src: &str| {
        let e = parse_expr(src).unwrap();
        let ExprKind::Chain { rhs, .. } = &e.kind else {
            panic!()
        };
        chain_target(rhs).map(|t| match &t.kind {
            ExprKind::Call { name, .. } => name.clone(),
            _ => unreachable!(),
        })
    };
    assert_eq!(name("a # lpf 800 0.7 * 0.25").as_deref(), Some("lpf"));
    assert_eq!(name("a # (gain 2 + 1) * 3").as_deref(), Some("gain"));
    assert_eq!(name("a # (lpf 1 # gain 2)").as_deref(), Some("lpf"));
    assert_eq!(name("a # lpf 800 $ fast 2").as_deref(), Some("lpf"));
    assert_eq!(name("a # 0.5 * lpf 1").as_deref(), None);
    assert_eq!(name("a # ~b").as_deref(), None);
}

/// Every code sample of LANGUAGE.md, as programs.
const LANGUAGE_MD_SAMPLES: &str = r#"
tempo: 0.5                                  -- cycles per second (CLI); the host's tempo wins in a DAW
~lfo: sine 0.25
~bass: saw "55 82.5 110" # lpf (~lfo * 2000 + 2500) 0.8
~drums $ s "[bd*4, hh*8, ~ sn ~ sn]" $ every 4 rev
o1: ~bass * 0.3
o2: ~drums
out: ~bass * 0.2 + ~drums * 0.8
-- statements
~x: saw 55
~x $ saw 110
out $ ~x
o3: ~x
out4: ~x
d5 $ ~x
cps: 0.5
bpm: 120
-- expressions
~a1: -1 + 440 * 0.5
~a2: noise + phasor + sine
~a3: ~x # lpf 1000 0.8
~a4: ~x # lpf (~lfo * 2000) 0.8
~a5: ~x # lpf 1000 :q 0.8
~a6: s "bd*2 [sn cp]" # gain "1 0.8" # pan 0 # speed 2 # n 1 # note 3 # cut 1 # begin 0 # end 1 # legato 1 # attack 0.01 # release 0.2
~a7: reverb ~drums 0.8 0.5
~a8: saw 55 # lpf 800 0.7 * 0.25
~a9: s "bd sn" $ fast 2 $ rev
~b1: fast 2 $ s "bd sn"
~b2: s "bd sn" $ jux (fast 2 $ rev)
~b3: saw "55 110" $ fast 2
~b4: saw "55 110"
~b5: ~x * "1 0 0.5"
~b6: "1 2" + "10 20" - "1" * "2" / "4"
~b7: "1 2" |+ "10" +| "1" |- "1" -| "1" |* "1" *| "1" |/ "1" /| "1" |< "1" |> "1"
-- mini-notation
~m01: s "a b c"
~m02: s "a ~ c"
~m03: s "[a b] c"
~m04: s "[a, b] c"
~m05: s "a b, c d"
~m06: s "<a b c>"
~m07: s "<a <b c>>"
~m08: s "<a b>*2"
~m09: s "a*3 b/2"
~m10: s "a*<2 3>"
~m11: s "a(3,8) b(3,8,2) c(<3 5>,8)"
~m12: s "a? b?0.3"
~m13: s "a!3 b !"
~m14: s "a@3 b _"
~m15: s "a|b"
~m16: s "{a b c, d e}"
~m17: s "{a b c}%4"
~m18: s "a b . c d e"
~m19: n "0 .. 3"
~m20: s "bd:3"
~m21: note "1 0.5"
~m22: note "c4 eb3 fs2"
~m23: note "c4'maj e'min7"
-- transforms
~t1: s "bd" $ fast "<1 2>"
~t2: s "bd" $ every 4 (fast 2)
~t3: s "bd" $ every 3 (# speed 2)
~t4: s "bd" $ sometimesBy 0.3 (# lpf 500)
-- sources
~s1: sine 440 + saw 110 + square 55 + tri 220 + pulse 110 0.3
~s2: fm 220 440 2 + impulse 4 + noise + white_noise + pink_noise + brown_noise
~s3: saw "c3 e3 g3"
~s4: superkick + supersnare + superhat + supersaw 110 + superpwm 110 + superchip 220 + superfm 220
~s5: s "superkick*4"
~s6: s "bd*2 [sn cp]"
~s7: saw ~midi # lpf 2000 0.7 # adsr 0.01 0.2 0.6 0.4
~s8: ~midi_freq + ~midi_gate + ~midi_vel + ~m1 + ~m8
-- processing
~p1: ~x # lpf 800 # hpf 100 0.5 # bpf 500 # notch 300 2 # rlpf 800 # rhpf 200 # moog_ladder 800 0.5
~p2: ~x # reverb 0.5 0.5 0.3 # delay 0.25 0.5 0.4 # pingpong 0.25 # distortion 2 # distort 2 # dist 2 0.5
~p3: ~x # bitcrush 8 # bitcrush 4 2 # chorus # flanger # phaser # tremolo # compressor # limiter # pan -0.5
~p4: ~x # adsr 0.01 0.1 0.5 0.2 # ad 0.01 0.3 # env
~p5: line 0 1 + xline 1 100 2
~p6: struct "t ~ t t" ~x
~p7: ~x # tar "t(3,8)" 0.01 0.2 # gate "t ~ t t"
~p8: trig "t*4"
-- utilities
~u1: range 200 2000 sine + mtof 60 + phasor
~u2: mix ~x ~a1 ~a2 + xfade ~x ~a1 0.5
~u3: stack [~x, s "bd"] + cat [~x, s "sn"]
~u4: select "<0 1>" ~x ~a1 + lag ~x 0.1 + sample_hold noise (trig "t*8")
hush
"#;

#[test]
fn every_language_md_sample_checks_clean() {
    clean(LANGUAGE_MD_SAMPLES);
    // and each line on its own (with the buses it uses defined)
    let prelude = "~x: saw 55\n~bass: 1\n~lfo: 1\n~drums: 1\n~a1: 1\n~a2: 1\nout: ~x\n";
    for line in LANGUAGE_MD_SAMPLES.lines() {
        if line.starts_with('~') || line.starts_with('o') || line.starts_with('d') {
            clean(&format!("{prelude}{line}\n"));
        }
    }
}

#[test]
fn every_registry_doc_example_checks_clean() {
    let prelude = "~x: saw 55\n~a: 1\n~b: 1\n~c: 1\n~drums: 1\n~lfo: 1\n";
    for f in registry::all() {
        let ex = f
            .doc
            .split('`')
            .nth(1)
            .unwrap_or_else(|| panic!("{}", f.name));
        let expr = if ex.starts_with('#') || ex.starts_with('$') {
            format!("~x {ex}")
        } else {
            ex.to_string()
        };
        let src = format!("{prelude}out: {expr}\n");
        if let Err(ds) = check_program(&src) {
            panic!(
                "doc example of '{}' fails:\n{}",
                f.name,
                phonon::lang::render_all(&ds, None, &src)
            );
        }
    }
}

#[test]
fn reasonable_nesting_checks_without_overflow() {
    let src = format!(
        "out: {}saw 1{}\n",
        "lpf (".repeat(60),
        " # gain 1) 800".repeat(60)
    );
    clean(&src);
    let src = format!("out: 1{}\n", " + 1 # gain 1".repeat(240));
    clean(&src);
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn exercise(src: &str) {
        let _ = phonon::lang::parse(src);
        let _ = check_expr(src);
        if let Err(ds) = check_program(src) {
            for d in ds {
                let _ = d.render(Some("f.ph"), src);
            }
        }
    }

    #[test]
    fn truncations_and_splices_of_the_samples_never_panic() {
        let s = LANGUAGE_MD_SAMPLES;
        for (i, _) in s.char_indices() {
            exercise(&s[..i]);
            exercise(&s[i..]);
        }
        let chars: Vec<char> = s.chars().collect();
        for i in (0..chars.len()).step_by(7) {
            let mut c = chars.clone();
            c.remove(i);
            exercise(&c.iter().collect::<String>());
        }
    }

    proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            exercise(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn random_tokens_never_panic(toks in proptest::collection::vec(
            prop::sample::select(vec![
                "out", ":", "$", "#", "~a", "(", ")", "[", "]", ",", "-", "+", "|+", "*|", "/",
                "1", "-2", "\"bd [sn\"", "\"a b\"", "fast", "rev", "every", "lpf", ":q", "\n",
                "\n\n", "  ", "-- c\n", "s", "stack", "jux", "range", "mix", "tempo", "bpm",
                "hush", "o1", "é", "~", "|", "(#", "(+", "0.5", "1e3",
            ]), 0..40)) {
            exercise(&toks.join(" "));
            exercise(&toks.concat());
        }
    }
}

/// The tree's debug form with every span blanked, so trees from different texts compare.
fn shape(program: &phonon::lang::Program) -> String {
    let text = format!("{program:?}");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("Span { start: ") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find('}').map(|j| j + 1).unwrap_or(after.len());
        out.push_str("Span");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn programs_round_trip_through_the_printer() {
    let mut sources = vec![LANGUAGE_MD_SAMPLES.to_string()];
    for entry in std::fs::read_dir("assets/examples").unwrap() {
        sources.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for src in sources {
        let first = check_program(&src)
            .unwrap_or_else(|d| panic!("{}", phonon::lang::render_all(&d, None, &src)));
        let printed = first.to_string();
        let second = check_program(&printed).unwrap_or_else(|d| {
            panic!(
                "printed form does not parse:\n{printed}\n{}",
                phonon::lang::render_all(&d, None, &printed)
            )
        });
        assert_eq!(
            shape(&first),
            shape(&second),
            "round trip changed the tree:\n{printed}"
        );
        assert_eq!(second.to_string(), printed, "printing is not stable");
    }
}
