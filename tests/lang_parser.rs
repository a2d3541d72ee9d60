//! The parser: every construct of LANGUAGE.md parses to the expected tree, and syntax
//! errors are reported at their line and column.

use phonon::lang::ast::*;
use phonon::lang::lexer::op_text;
use phonon::lang::{parse, parse_expr, Diagnostic};

/// A compact S-expression of a tree: `(# a (lpf 800))`, `($ x (fast 2) rev)`,
/// `(p x)` for parentheses, `(#_ x)` / `(+_ x)` for sections, `:k v` keywords.
fn sx(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number { text, .. } => text.clone(),
        ExprKind::Str(s) => format!("\"{s}\""),
        ExprKind::Bus(n) => format!("~{n}"),
        ExprKind::Call { name, args, .. } => {
            if args.is_empty() {
                name.clone()
            } else {
                let mut out = format!("({name}");
                for a in args {
                    if let Some((k, _)) = &a.keyword {
                        out.push_str(&format!(" :{k}"));
                    }
                    out.push(' ');
                    out.push_str(&sx(&a.value));
                }
                out + ")"
            }
        }
        ExprKind::Binary { op, lhs, rhs } => format!("({} {} {})", op_text(*op), sx(lhs), sx(rhs)),
        ExprKind::Neg(x) => format!("(neg {})", sx(x)),
        ExprKind::Chain { lhs, rhs } => format!("(# {} {})", sx(lhs), sx(rhs)),
        ExprKind::Apply(parts) => {
            format!("($ {})", parts.iter().map(sx).collect::<Vec<_>>().join(" "))
        }
        ExprKind::ChainSection(x) => format!("(#_ {})", sx(x)),
        ExprKind::OpSection { op, rhs } => format!("({}_ {})", op_text(*op), sx(rhs)),
        ExprKind::List(items) => {
            format!("[{}]", items.iter().map(sx).collect::<Vec<_>>().join(", "))
        }
        ExprKind::Tuple(items) => {
            format!("(, {})", items.iter().map(sx).collect::<Vec<_>>().join(" "))
        }
        ExprKind::Paren(x) => format!("(p {})", sx(x)),
    }
}

fn ex(src: &str) -> String {
    match parse_expr(src) {
        Ok(e) => sx(&e),
        Err(d) => panic!("{src:?} failed: {d:?}"),
    }
}

fn prog(src: &str) -> Program {
    match parse(src) {
        Ok(p) => p,
        Err(d) => panic!(
            "{src:?} failed:\n{}",
            phonon::lang::render_all(&d, None, src)
        ),
    }
}

/// One line per statement: `~name = sexp`, `out = ...`, `o3 = ...`, `cps 0.5`, `hush`.
fn stmts(src: &str) -> Vec<String> {
    prog(src)
        .statements
        .iter()
        .map(|s| match &s.kind {
            StatementKind::Bus { name, expr, .. } => format!("~{name} = {}", sx(expr)),
            StatementKind::Output { target, expr } => match target {
                OutputTarget::Main => format!("out = {}", sx(expr)),
                OutputTarget::Numbered(n) => format!("o{n} = {}", sx(expr)),
            },
            StatementKind::Tempo { cps, .. } => format!("cps {cps}"),
            StatementKind::Hush => "hush".to_string(),
        })
        .collect()
}

fn errors(src: &str) -> Vec<String> {
    match parse(src) {
        Ok(p) => panic!("{src:?} parsed: {p:?}"),
        Err(ds) => ds.iter().map(|d| loc(src, d)).collect(),
    }
}

fn loc(src: &str, d: &Diagnostic) -> String {
    let (l, c) = d.line_col(src);
    format!("{l}:{c}: {}", d.message)
}

#[test]
fn chain_is_loosest_and_input_goes_to_the_leftmost_call() {
    assert_eq!(ex("a # f x * 0.25"), "(# a (* (f x) 0.25))");
    assert_eq!(
        ex("saw 55 # lpf 800 0.7 * 0.25"),
        "(# (saw 55) (* (lpf 800 0.7) 0.25))"
    );
    assert_eq!(ex("a # b # c"), "(# (# a b) c)");
    assert_eq!(ex("a # b $ c"), "(# a ($ b c))");
    assert_eq!(
        ex("saw ~midi # lpf 2000 0.7 # adsr 0.01 0.2 0.6 0.4"),
        "(# (# (saw ~midi) (lpf 2000 0.7)) (adsr 0.01 0.2 0.6 0.4))"
    );
}

#[test]
fn dollar_collects_operands_in_source_order() {
    assert_eq!(
        ex("s \"bd sn\" $ fast 2 $ rev"),
        "($ (s \"bd sn\") (fast 2) rev)"
    );
    assert_eq!(ex("fast 2 $ s \"bd sn\""), "($ (fast 2) (s \"bd sn\"))");
    assert_eq!(ex("a $ b + c $ d"), "($ a (+ b c) d)");
    assert_eq!(ex("jux (fast 2 $ rev)"), "(jux (p ($ (fast 2) rev)))");
    assert_eq!(ex("a $ (b $ c)"), "($ a (p ($ b c)))");
}

#[test]
fn arithmetic_precedence() {
    assert_eq!(ex("1 + 2 * 3 - 4"), "(- (+ 1 (* 2 3)) 4)");
    assert_eq!(ex("1 - 2 - 3"), "(- (- 1 2) 3)");
    assert_eq!(ex("8 / 2 / 2"), "(/ (/ 8 2) 2)");
    assert_eq!(ex("(1 + 2) * 3"), "(* (p (+ 1 2)) 3)");
    assert_eq!(ex("-x * 2"), "(* (neg x) 2)");
    assert_eq!(ex("- ~a"), "(neg ~a)");
    assert_eq!(ex("~a * -0.5"), "(* ~a -0.5)");
    assert_eq!(ex("(1/3)"), "(p (/ 1 3))");
    assert_eq!(
        ex("~bass * 0.2 + ~drums * 0.8"),
        "(+ (* ~bass 0.2) (* ~drums 0.8))"
    );
    assert_eq!(
        ex("lpf (~lfo * 2000 + 2500) 0.8"),
        "(lpf (p (+ (* ~lfo 2000) 2500)) 0.8)"
    );
}

#[test]
fn negative_numbers() {
    assert_eq!(ex("-1"), "-1");
    assert_eq!(ex("(-1)"), "(p -1)");
    assert_eq!(ex("2 - 1"), "(- 2 1)");
    assert_eq!(ex("2-1"), "(- 2 1)");
    assert_eq!(ex("2 -1"), "(- 2 1)");
    assert_eq!(ex("~x -1"), "(- ~x 1)");
    // in argument position a glued minus is a negative argument
    assert_eq!(ex("range -1 1 sine"), "(range -1 1 sine)");
    assert_eq!(ex("pan -0.5"), "(pan -0.5)");
    assert_eq!(ex("sine 2 - 1"), "(- (sine 2) 1)");
    assert_eq!(ex("sine 2-1"), "(- (sine 2) 1)");
    // a double minus is a comment
    assert_eq!(ex("sine 2 --1"), "(sine 2)");
}

#[test]
fn tidal_operators() {
    assert_eq!(ex("\"1 2\" |+ \"10\""), "(|+ \"1 2\" \"10\")");
    assert_eq!(ex("a +| b"), "(+| a b)");
    assert_eq!(ex("a |- b -| c"), "(-| (|- a b) c)");
    assert_eq!(ex("a |* b + c"), "(+ (|* a b) c)");
    assert_eq!(ex("a + b *| c"), "(+ a (*| b c))");
    assert_eq!(ex("a |/ b /| c"), "(/| (|/ a b) c)");
    assert_eq!(ex("a |< b |> c"), "(|> (|< a b) c)");
    assert_eq!(ex("a |< b * c"), "(|< a (* b c))");
    // |+| is structure from both sides: plain +
    let e = parse_expr("a |+| b").unwrap();
    assert!(matches!(
        e.kind,
        ExprKind::Binary {
            op: Operator::Arith(BinOp::Add, Structure::Both),
            ..
        }
    ));
    let e = parse_expr("a |+ b").unwrap();
    assert!(matches!(
        e.kind,
        ExprKind::Binary {
            op: Operator::Arith(BinOp::Add, Structure::Left),
            ..
        }
    ));
}

#[test]
fn sections() {
    assert_eq!(ex("every 3 (# speed 2)"), "(every 3 (#_ (speed 2)))");
    assert_eq!(
        ex("sometimesBy 0.3 (# lpf 500)"),
        "(sometimesBy 0.3 (#_ (lpf 500)))"
    );
    assert_eq!(
        ex("(# speed 2 # gain 0.8)"),
        "(#_ (# (speed 2) (gain 0.8)))"
    );
    assert_eq!(ex("(|+ 12)"), "(|+_ 12)");
    assert_eq!(ex("(+ 12)"), "(+_ 12)");
    assert_eq!(ex("(* 2)"), "(*_ 2)");
    assert_eq!(ex("(|< \"1 2\")"), "(|<_ \"1 2\")");
    assert_eq!(ex("(+ n 12)"), "(+_ (n 12))");
    assert_eq!(ex("(+ 1 * 2)"), "(+_ (* 1 2))");
    assert_eq!(ex("every 2 (fast 2)"), "(every 2 (p (fast 2)))");
    assert_eq!(ex("(fast 2 $ rev)"), "(p ($ (fast 2) rev))");
    assert_eq!(ex("(- 1)"), "(p (neg 1))");
    // spans of sections cover the parentheses
    let e = parse_expr("(# speed 2)").unwrap();
    assert_eq!(e.span, Span::new(0, 11));
}

#[test]
fn calls_keywords_atoms_and_lists() {
    assert_eq!(ex("lpf 1000 0.8"), "(lpf 1000 0.8)");
    assert_eq!(ex("lpf 1000 :q 0.8"), "(lpf 1000 :q 0.8)");
    assert_eq!(
        ex("delay 0.25 :mix 0.3 :feedback -0.2"),
        "(delay 0.25 :mix 0.3 :feedback -0.2)"
    );
    assert_eq!(ex("reverb ~drums 0.8 0.5"), "(reverb ~drums 0.8 0.5)");
    assert_eq!(ex("noise"), "noise");
    assert_eq!(ex("every 4 rev"), "(every 4 rev)");
    assert_eq!(
        ex("stack [s \"bd*4\", s \"hh*8\"]"),
        "(stack [(s \"bd*4\"), (s \"hh*8\")])"
    );
    assert_eq!(ex("layer [rev, (fast 2),]"), "(layer [rev, (p (fast 2))])");
    assert_eq!(ex("cat []"), "(cat [])");
    assert_eq!(ex("1e3 + 0.50 + .5"), "(+ (+ 1e3 0.50) .5)");
    let e = parse_expr("0.50").unwrap();
    assert_eq!(
        e.kind,
        ExprKind::Number {
            value: 0.5,
            text: "0.50".into()
        }
    );
    // strings: content only, span covers the quotes
    let e = parse_expr("s \"bd*2 [sn cp]\"").unwrap();
    let ExprKind::Call {
        name,
        name_span,
        args,
        ..
    } = &e.kind
    else {
        panic!()
    };
    assert_eq!((name.as_str(), *name_span), ("s", Span::new(0, 1)));
    assert_eq!(args[0].value.kind, ExprKind::Str("bd*2 [sn cp]".into()));
    assert_eq!(args[0].value.span, Span::new(2, 16));
    assert_eq!(e.span, Span::new(0, 16));
    // keyword span covers ':' and the name
    let e = parse_expr("lpf 1 :q 2").unwrap();
    let ExprKind::Call { args, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(args[1].keyword, Some(("q".to_string(), Span::new(6, 8))));
    assert!(parse_expr("~a:b").is_err());
}

#[test]
fn all_statement_kinds() {
    let src = "\
~lfo: sine 0.25
~drums $ s \"bd sn\" $ every 4 rev
out: ~lfo
out $ ~drums
o1: 1
o8: 8
out3: 3
out5 $ 5
d2: 2
d7 $ 7
tempo: 0.5
cps: 0.75
bpm: 120
bpm: 135
cps: 135/60/4
hush
";
    assert_eq!(
        stmts(src),
        vec![
            "~lfo = (sine 0.25)",
            "~drums = ($ (s \"bd sn\") (every 4 rev))",
            "out = ~lfo",
            "out = ~drums",
            "o1 = 1",
            "o8 = 8",
            "o3 = 3",
            "o5 = 5",
            "o2 = 2",
            "o7 = 7",
            "cps 0.5",
            "cps 0.75",
            "cps 0.5",
            "cps 0.5625",
            "cps 0.5625",
            "hush",
        ]
    );
    let p = prog("~bass: saw 55\n");
    let s = &p.statements[0];
    assert_eq!(s.span, Span::new(0, 13));
    let StatementKind::Bus { name_span, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(*name_span, Span::new(0, 5));
    let p = prog("bpm: 120 -- half a cycle per second\n");
    assert_eq!(
        p.statements[0].kind,
        StatementKind::Tempo {
            cps: 0.5,
            value_span: Span::new(5, 8)
        }
    );
}

#[test]
fn comments_and_continuation_lines() {
    let src = "\
-- a comment line
~bass: saw \"55 110\" -- trailing comment
  # lpf 800 0.7   -- continued
    # gain 0.5
-- a comment inside does not end it
  * 0.3
out: ~bass
# reverb 0.5 0.5
$ fast 2

o1: ~bass
";
    assert_eq!(
        stmts(src),
        vec![
            "~bass = (# (# (saw \"55 110\") (lpf 800 0.7)) (* (gain 0.5) 0.3))",
            "out = (# ~bass ($ (reverb 0.5 0.5) (fast 2)))",
            "o1 = ~bass",
        ]
    );
    // indented statement keywords still continue; a string's `--` is not a comment
    assert_eq!(stmts("out: s \"a -- b\"\n"), vec!["out = (s \"a -- b\")"]);
    // an unindented line that is not a statement continues the previous one
    assert_eq!(
        stmts("out: s \"bd*4\"\n# gain 0.8\n"),
        vec!["out = (# (s \"bd*4\") (gain 0.8))"]
    );
    // CRLF line endings
    assert_eq!(
        stmts("~a: 1\r\n  + 2\r\nout: ~a\r\n"),
        vec!["~a = (+ 1 2)", "out = ~a"]
    );
}

#[test]
fn the_language_md_header_example() {
    let src = r#"
tempo: 0.5                                  -- cycles per second (CLI); the host's tempo wins in a DAW
~lfo: sine 0.25
~bass: saw "55 82.5 110" # lpf (~lfo * 2000 + 2500) 0.8
~drums $ s "[bd*4, hh*8, ~ sn ~ sn]" $ every 4 rev
o1: ~bass * 0.3
o2: ~drums
out: ~bass * 0.2 + ~drums * 0.8
"#;
    assert_eq!(
        stmts(src),
        vec![
            "cps 0.5",
            "~lfo = (sine 0.25)",
            "~bass = (# (saw \"55 82.5 110\") (lpf (p (+ (* ~lfo 2000) 2500)) 0.8))",
            "~drums = ($ (s \"[bd*4, hh*8, ~ sn ~ sn]\") (every 4 rev))",
            "o1 = (* ~bass 0.3)",
            "o2 = ~drums",
            "out = (+ (* ~bass 0.2) (* ~drums 0.8))",
        ]
    );
}

#[test]
fn syntax_errors_have_line_and_column() {
    assert_eq!(
        errors("out: saw 55)\n"),
        vec!["1:12: unexpected ')' (expected the end of the statement)"]
    );
    assert_eq!(
        errors("out: lpf (saw 55 800\n"),
        vec!["1:10: unclosed '(': expected ')' before the end of the statement"]
    );
    assert_eq!(
        errors("~a: 1\nout: s \"bd sn\n"),
        vec!["2:8: unterminated string: missing closing '\"' on this line"]
    );
    assert_eq!(
        errors("out:\n"),
        vec!["1:5: expected an expression after 'out:', found the end of the statement"]
    );
    assert_eq!(
        errors("out saw\n"),
        vec!["1:5: expected ':' or '$' after 'out', found 'saw'"]
    );
    assert_eq!(
        errors("ot: saw 55\n"),
        vec!["1:1: unknown statement 'ot:' (did you mean 'out'?)"]
    );
    assert_eq!(
        errors("o9: saw 55\n"),
        vec!["1:1: no output 'o9': numbered outputs are o1..o8 (also out1..out8, d1..d8; d9..d16 mix into out)"]
    );
    assert_eq!(
        errors("bpm: fast\n"),
        vec!["1:6: 'bpm' needs a number, like 'bpm: 120'"]
    );
    assert_eq!(
        errors("tempo: -1\n"),
        vec!["1:8: 'tempo' must be a positive number"]
    );
    assert_eq!(
        errors("hush now\n"),
        vec!["1:6: unexpected 'now' (expected the end of the statement)"]
    );
    assert_eq!(
        errors("out: 1 +\n"),
        vec!["1:9: expected an operand after '+', found the end of the statement"]
    );
    assert_eq!(errors("out: a # \n"), vec!["1:9: expected an effect or control after '#' (like 'lpf 800'), found the end of the statement"]);
    assert_eq!(
        errors("out: [1, 2\n"),
        vec!["1:6: unclosed '[': expected ']' before the end of the statement"]
    );
    assert_eq!(
        errors("out: [1 2]\n"),
        vec!["1:9: expected ',' or ']' in the list, found number 2"]
    );
    assert_eq!(errors("out: ()\n"), vec!["1:6: empty parentheses"]);
    assert_eq!(
        errors("out: 1 ~ 2\n"),
        vec!["1:8: expected a bus name after '~' (like '~bass')"]
    );
    assert_eq!(
        errors("out: 1 ? 2\n"),
        vec!["1:8: unexpected character '?'"]
    );
    assert_eq!(
        errors("out: lpf 1 :q\n"),
        vec!["1:14: expected a value for ':q', found the end of the statement"]
    );
    assert_eq!(
        errors("s \"bd\"\n"),
        vec!["1:1: expected a statement, found 's'"]
    );
}

#[test]
fn a_blank_line_ends_a_statement() {
    let src = "out: saw 55\n\n  # lpf 800\n";
    let d = parse(src).unwrap_err();
    assert_eq!(d.len(), 1);
    assert_eq!(loc(src, &d[0]), "3:3: expected a statement, found '#'");
    assert!(d[0]
        .render(None, src)
        .contains("help: a blank line ends a statement"));
}

#[test]
fn several_syntax_errors_are_all_reported() {
    let src = "\
~a: saw (55
~b: sine 2
out: ~a + + ~b
o1: ~b ]
";
    assert_eq!(
        errors(src),
        vec![
            "1:9: unclosed '(': expected ')' before the end of the statement",
            "3:11: expected an expression, found '+'",
            "4:8: unexpected ']' (expected the end of the statement)",
        ]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("out: {}1{}", "(".repeat(5000), ")".repeat(5000));
    let d = parse(&deep).unwrap_err();
    assert_eq!(d[0].message, "expression nested too deeply");
    let long = format!("out: 1{}", " + 1".repeat(5000));
    assert!(parse(&long).is_err());
    let negs = format!("out: {}1", "- ".repeat(5000));
    assert!(parse(&negs).is_err());
    let chain = format!("out: 1{}", " # gain 1".repeat(5000));
    assert!(parse(&chain).is_err());
    // reasonable nesting is fine
    let ok = format!("out: {}1{}", "(".repeat(50), ")".repeat(50));
    assert!(parse(&ok).is_ok());
}

#[test]
fn parse_expr_spans_lines_and_rejects_trailing_tokens() {
    assert_eq!(
        ex("s \"bd\"\n  $ fast 2\n\n  $ rev"),
        "($ (s \"bd\") (fast 2) rev)"
    );
    assert!(parse_expr("").is_err());
    assert!(parse_expr("1 )").is_err());
}

/// Tidal's syntax: shifts, composition, primes, tuples and the structure-side operators.
#[test]
fn tidal_syntax_parses_to_calls_runs_and_operators() {
    assert_eq!(ex("0.25 <~ \"a b\""), "(early 0.25 \"a b\")");
    assert_eq!(
        ex("\"<0 0.25>\" ~> s \"bd\""),
        "(late \"<0 0.25>\" (s \"bd\"))"
    );
    assert_eq!(ex("every 2 (0.25 <~) $ x"), "($ (every 2 (early 0.25)) x)");
    assert_eq!(
        ex("jux (rev . fast 2) $ x"),
        "($ (jux (p (p ($ rev (fast 2))))) x)"
    );
    assert_eq!(ex("rev . chop 8 . fast 2"), "(p ($ rev (chop 8) (fast 2)))");
    assert_eq!(ex("iter' 4"), "(iter' 4)");
    assert_eq!(ex("zoom (0.25, 0.75)"), "(zoom 0.25 0.75)");
    assert_eq!(
        ex("wchoose [(2, 4), (-2, 2)]"),
        "(wchoose [(, 2 4), (, -2 2)])"
    );
    assert_eq!(ex("a <| b"), "(<| a b)");
    assert_eq!(ex("a >| b"), "(>| a b)");
    assert_eq!(ex("a |<| b"), "(|<| a b)");
    assert_eq!(ex("a |% b"), "(|% a b)");
    // A bare `%` is Tidal's rational literal.
    assert_eq!(ex("1%8"), "(/ 1 8)");
}
