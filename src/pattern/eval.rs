//! Evaluates pattern expressions of the language (strings, numbers, `$` transforms,
//! arithmetic, `#` controls, `stack`/`cat`) into patterns: what `phonon query` prints
//! and what the graph compiler uses for every pattern-bearing argument.
//!
//! Constant arithmetic on literals stays exact: `late (1/3)` shifts by exactly 1/3.

use std::sync::Arc;

use crate::lang::ast::{Arg, BinOp, Expr, ExprKind, Operator, Span, Structure};
use crate::lang::check::{apply_subject, call_has_subject, is_transform_shaped};
use crate::lang::diagnostics::Diagnostic;
use crate::lang::registry::{self, Category};

use super::core::{pure, silence, slowcat, stack, Pattern};
use super::mini::{self, euclid_off};
use super::time::Time;
use super::transforms::{swing_by, tparam, when_cycle, when_time, Transform};
use super::value::Value;

/// The most operands of one `$` chain.
const MAX_APPLY: usize = 256;

/// Evaluation errors are diagnostics at a place in the source.
pub type EvalError = Diagnostic;

fn err<T>(span: Span, message: impl Into<String>) -> Result<T, EvalError> {
    Err(Diagnostic::error(span, message))
}

/// What an expression evaluates to.
#[derive(Clone)]
pub enum Evaluated {
    /// An exact constant (number literals and arithmetic on them).
    Const(Time),
    Pattern(Pattern<Value>),
    /// A transform waiting for its pattern (`fast 2`, `rev`, `(# speed 2)`).
    Function(Transform),
    List(Vec<Evaluated>),
}

impl Evaluated {
    fn into_pattern(self, span: Span) -> Result<Pattern<Value>, EvalError> {
        match self {
            Evaluated::Const(t) => Ok(pure(Value::Num(t.to_f64()))),
            Evaluated::Pattern(p) => Ok(p),
            Evaluated::Function(_) => err(span, "expected a pattern here, found a transform"),
            Evaluated::List(_) => err(span, "expected a pattern here, found a list"),
        }
    }

    fn into_time_pattern(self, span: Span) -> Result<Pattern<Time>, EvalError> {
        match self {
            Evaluated::Const(t) => Ok(pure(t)),
            other => Ok(numbers(&other.into_pattern(span)?).fmap(|x| Time::from_f64(*x))),
        }
    }

    fn into_num_pattern(self, span: Span) -> Result<Pattern<f64>, EvalError> {
        Ok(numbers(&self.into_pattern(span)?))
    }

    fn into_function(self, span: Span) -> Result<Transform, EvalError> {
        match self {
            Evaluated::Function(f) => Ok(f),
            _ => err(span, "expected a transform here, like (fast 2) or rev"),
        }
    }
}

/// The numeric values of a pattern (note names become MIDI numbers; other words drop out).
fn numbers(p: &Pattern<Value>) -> Pattern<f64> {
    p.fmap(|v| v.as_num().unwrap_or(f64::NAN))
        .filter_values(|x| x.is_finite())
}

/// Evaluates an expression that must be a pattern.
pub fn eval_pattern(expr: &Expr) -> Result<Pattern<Value>, EvalError> {
    eval(expr)?.into_pattern(expr.span)
}

pub fn eval(expr: &Expr) -> Result<Evaluated, EvalError> {
    let span = expr.span;
    match &expr.kind {
        ExprKind::Number { value, text } => Ok(Evaluated::Const(
            Time::parse(text).unwrap_or_else(|| Time::from_f64(*value)),
        )),
        ExprKind::Str(text) => match mini::mini(text) {
            Ok(p) => Ok(Evaluated::Pattern(p)),
            Err(e) => err(
                Span::new(span.start + 1 + e.offset, span.start + 2 + e.offset),
                format!("bad mini-notation: {}", e.message),
            ),
        },
        ExprKind::Bus(name) => err(
            span,
            format!("bus '~{name}' cannot be used in a pattern query"),
        ),
        ExprKind::Paren(inner) => eval(inner),
        ExprKind::List(items) => Ok(Evaluated::List(
            items.iter().map(eval).collect::<Result<_, _>>()?,
        )),
        ExprKind::Neg(inner) => match eval(inner)? {
            Evaluated::Const(t) => Ok(Evaluated::Const(-t)),
            other => Ok(Evaluated::Pattern(
                other
                    .into_pattern(inner.span)?
                    .fmap(|v| arith(BinOp::Sub, &Value::Num(0.0), v)),
            )),
        },
        ExprKind::Binary { op, lhs, rhs } => {
            let (l, r) = (eval(lhs)?, eval(rhs)?);
            if let (Evaluated::Const(a), Evaluated::Const(b), Operator::Arith(bop, _)) =
                (&l, &r, op)
            {
                return Ok(Evaluated::Const(match bop {
                    BinOp::Add => *a + *b,
                    BinOp::Sub => *a - *b,
                    BinOp::Mul => *a * *b,
                    BinOp::Div => {
                        if b.is_zero() {
                            return err(rhs.span, "division by zero");
                        }
                        *a / *b
                    }
                }));
            }
            let (l, r) = (l.into_pattern(lhs.span)?, r.into_pattern(rhs.span)?);
            Ok(Evaluated::Pattern(combine(*op, &l, &r)))
        }
        ExprKind::Chain { lhs, rhs } => {
            let subject = eval(lhs)?.into_pattern(lhs.span)?;
            let f = chain_function(rhs)?;
            Ok(Evaluated::Pattern(f(&subject)))
        }
        ExprKind::ChainSection(rhs) => Ok(Evaluated::Function(chain_function(rhs)?)),
        ExprKind::OpSection { op, rhs } => {
            let r = eval(rhs)?.into_pattern(rhs.span)?;
            let op = *op;
            Ok(Evaluated::Function(Arc::new(move |p| combine(op, p, &r))))
        }
        ExprKind::Apply(parts) => eval_apply(parts, span),
        ExprKind::Call {
            name,
            name_span,
            args,
        } => eval_call(name, *name_span, args, span),
    }
}

/// `a $ b $ c`: transforms before the subject apply right to left (Tidal's
/// `fast 2 $ rev $ x`), after it left to right (`x $ fast 2 $ rev`). Without a
/// subject the run is a composed transform.
fn eval_apply(parts: &[Expr], span: Span) -> Result<Evaluated, EvalError> {
    // Every `$` nests the pattern once more; bound it so a query cannot exhaust the stack.
    if parts.len() > MAX_APPLY {
        return err(
            span,
            format!("too many '$' in one chain (at most {MAX_APPLY})"),
        );
    }
    let subject = apply_subject(parts);
    let mut before: Vec<Transform> = Vec::new();
    let end = subject.unwrap_or(parts.len());
    for p in &parts[..end] {
        before.push(eval(p)?.into_function(p.span)?);
    }
    let Some(si) = subject else {
        return Ok(Evaluated::Function(Arc::new(move |p| {
            before.iter().rev().fold(p.clone(), |acc, f| f(&acc))
        })));
    };
    let mut pat = eval(&parts[si])?.into_pattern(parts[si].span)?;
    for f in before.iter().rev() {
        pat = f(&pat);
    }
    for p in &parts[si + 1..] {
        if !is_transform_shaped(p) {
            return err(
                p.span,
                "expected a transform after '$' (the pattern is already given)",
            );
        }
        pat = eval(p)?.into_function(p.span)?(&pat);
    }
    Ok(Evaluated::Pattern(pat))
}

/// The right side of `#` as a function of its input: a control (`speed 2`), or a filter
/// or effect, which on a pattern sets a control of that name.
fn chain_function(rhs: &Expr) -> Result<Transform, EvalError> {
    match &rhs.kind {
        ExprKind::Paren(inner) => chain_function(inner),
        ExprKind::Binary { op, lhs, rhs: r } => {
            // `a # f x * 0.25`: the input goes into the leftmost call.
            let inner = chain_function(lhs)?;
            let right = eval(r)?.into_pattern(r.span)?;
            let op = *op;
            Ok(Arc::new(move |p| combine(op, &inner(p), &right)))
        }
        ExprKind::Chain { lhs, rhs: r } => {
            let (a, b) = (chain_function(lhs)?, chain_function(r)?);
            Ok(Arc::new(move |p| b(&a(p))))
        }
        ExprKind::Call { name, args, .. } => {
            let Some(spec) = registry::lookup(name) else {
                return err(rhs.span, format!("unknown function '{name}'"));
            };
            if spec.category == Category::Transform {
                return eval(rhs)?.into_function(rhs.span);
            }
            let key = spec.name;
            let Some(first) = args.first() else {
                return err(rhs.span, format!("'{key}' needs a value after '#'"));
            };
            let values = eval(&first.value)?.into_pattern(first.value.span)?;
            let controls = values.fmap(move |v| Value::Num(0.0).with_control(key, v.clone()));
            let controls = controls.fmap(move |m| {
                // Drop the placeholder `n` unless the control is `n` itself.
                let mut map = m.to_map();
                if key != "n" {
                    map.remove("n");
                }
                Value::Map(Arc::new(map))
            });
            Ok(Arc::new(move |p| p.set_controls(&controls)))
        }
        // Anything else that evaluates to a pattern of controls, e.g.
        // `# (pan "0 1" $ fast 2)`: merged onto the left like a single control.
        _ => {
            let controls = eval(rhs)?.into_pattern(rhs.span)?;
            Ok(Arc::new(move |p| p.set_controls(&controls)))
        }
    }
}

/// Arithmetic on values: numbers (and note names) numerically, control maps key by key,
/// words concatenated.
fn arith(op: BinOp, a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => {
            let mut m = (**x).clone();
            for (k, v) in y.iter() {
                let nv = match m.get(k) {
                    Some(old) => arith(op, old, v),
                    None => v.clone(),
                };
                m.insert(k.clone(), nv);
            }
            Value::Map(Arc::new(m))
        }
        (Value::Map(x), other) => {
            let m = x
                .iter()
                .map(|(k, v)| (k.clone(), arith(op, v, other)))
                .collect();
            Value::Map(Arc::new(m))
        }
        (other, Value::Map(y)) => {
            let m = y
                .iter()
                .map(|(k, v)| (k.clone(), arith(op, other, v)))
                .collect();
            Value::Map(Arc::new(m))
        }
        _ => match (a.as_num(), b.as_num()) {
            (Some(x), Some(y)) => Value::Num(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => {
                    if y == 0.0 {
                        0.0
                    } else {
                        x / y
                    }
                }
            }),
            _ => match (op, a, b) {
                (BinOp::Add, Value::Str(x), Value::Str(y)) => Value::str(&format!("{x}{y}")),
                _ => a.clone(),
            },
        },
    }
}

/// Combines two patterns with an operator, taking structure from the side it names.
pub fn combine(op: Operator, l: &Pattern<Value>, r: &Pattern<Value>) -> Pattern<Value> {
    match op {
        Operator::Arith(bop, structure) => {
            let f = move |a: &Value, b: &Value| arith(bop, a, b);
            match structure {
                Structure::Both => l.app_both(r, f),
                Structure::Left => l.app_left(r, f),
                Structure::Right => l.app_right(r, f),
            }
        }
        Operator::KeepLeft => l.app_left(r, |a, b| match (a, b) {
            (Value::Map(_), _) | (_, Value::Map(_)) => Value::union_right(b, a),
            _ => a.clone(),
        }),
        Operator::KeepRight => l.app_left(r, |a, b| match (a, b) {
            (Value::Map(_), _) | (_, Value::Map(_)) => Value::union_right(a, b),
            _ => b.clone(),
        }),
    }
}

/// The positional and keyword arguments of a call, matched to the registry's parameters.
struct Args<'a> {
    name: &'static str,
    params: &'static [registry::Param],
    values: Vec<Option<&'a Expr>>,
    span: Span,
}

impl<'a> Args<'a> {
    fn bind(
        spec: &'static registry::FunctionSpec,
        args: &'a [Arg],
        span: Span,
    ) -> Result<Args<'a>, EvalError> {
        let params = spec.params;
        let mut values: Vec<Option<&Expr>> = vec![None; params.len()];
        let mut next = 0;
        for a in args {
            match &a.keyword {
                Some((k, kspan)) => match params.iter().position(|p| p.name == k) {
                    Some(i) => values[i] = Some(&a.value),
                    None => return err(*kspan, format!("'{}' has no parameter ':{k}'", spec.name)),
                },
                None => {
                    while next < params.len() && values[next].is_some() {
                        next += 1;
                    }
                    if next >= params.len() {
                        return err(
                            a.value.span,
                            format!("too many arguments to '{}'", spec.name),
                        );
                    }
                    values[next] = Some(&a.value);
                    next += 1;
                }
            }
        }
        Ok(Args {
            name: spec.name,
            params,
            values,
            span,
        })
    }

    /// Whether every required parameter has a value.
    fn complete(&self) -> bool {
        self.params
            .iter()
            .zip(&self.values)
            .all(|(p, v)| v.is_some() || p.default.is_some())
    }

    fn get(&self, i: usize) -> Result<Evaluated, EvalError> {
        match self.values.get(i).copied().flatten() {
            Some(e) => eval(e),
            None => match self.params.get(i).and_then(|p| p.default) {
                Some(d) => Ok(Evaluated::Const(Time::parse(d).unwrap_or_default())),
                None => err(
                    self.span,
                    format!(
                        "'{}' needs its '{}' argument",
                        self.name,
                        self.params.get(i).map(|p| p.name).unwrap_or("?")
                    ),
                ),
            },
        }
    }

    fn span_of(&self, i: usize) -> Span {
        self.values
            .get(i)
            .copied()
            .flatten()
            .map(|e| e.span)
            .unwrap_or(self.span)
    }

    fn time(&self, i: usize) -> Result<Pattern<Time>, EvalError> {
        self.get(i)?.into_time_pattern(self.span_of(i))
    }

    fn num(&self, i: usize) -> Result<Pattern<f64>, EvalError> {
        self.get(i)?.into_num_pattern(self.span_of(i))
    }

    fn pattern(&self, i: usize) -> Result<Pattern<Value>, EvalError> {
        self.get(i)?.into_pattern(self.span_of(i))
    }

    fn function(&self, i: usize) -> Result<Transform, EvalError> {
        self.get(i)?.into_function(self.span_of(i))
    }
}

fn eval_call(
    name: &str,
    name_span: Span,
    args: &[Arg],
    span: Span,
) -> Result<Evaluated, EvalError> {
    let Some(spec) = registry::lookup(name) else {
        let hint = registry::suggest(name)
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_default();
        return err(name_span, format!("unknown function '{name}'{hint}"));
    };
    if call_has_subject(spec, args) {
        // `fast 2 "a b"`: the transform's pattern given as its last argument.
        let Some((last, rest)) = args.split_last() else {
            return err(span, format!("'{}' needs a pattern", spec.name));
        };
        let subject = eval(&last.value)?.into_pattern(last.value.span)?;
        let a = Args::bind(spec, rest, span)?;
        return Ok(Evaluated::Pattern(transform(spec.name, &a)?(&subject)));
    }
    let a = Args::bind(spec, args, span)?;
    match spec.category {
        Category::Transform => {
            if !a.complete() {
                return err(span, format!("'{}' needs more arguments", spec.name));
            }
            Ok(Evaluated::Function(transform(spec.name, &a)?))
        }
        Category::Pattern => pattern_function(spec.name, &a),
        Category::Control => {
            let key = spec.name;
            let p = a.pattern(0)?;
            Ok(Evaluated::Pattern(p.fmap(move |v| {
                let mut m = super::value::ValueMap::new();
                m.insert(key.to_string(), v.clone());
                Value::Map(Arc::new(m))
            })))
        }
        _ => err(
            name_span,
            format!(
                "'{}' makes sound, not a pattern; `phonon query` only evaluates patterns",
                spec.name
            ),
        ),
    }
}

/// `s`, `stack`, `cat` and friends.
fn pattern_function(name: &str, a: &Args) -> Result<Evaluated, EvalError> {
    let list = |i: usize| -> Result<Vec<Pattern<Value>>, EvalError> {
        match a.get(i)? {
            Evaluated::List(items) => items
                .into_iter()
                .map(|e| e.into_pattern(a.span_of(i)))
                .collect(),
            other => Ok(vec![other.into_pattern(a.span_of(i))?]),
        }
    };
    Ok(Evaluated::Pattern(match name {
        "s" | "sound" => a.pattern(0)?.fmap(|v| Value::Map(Arc::new(v.to_map()))),
        "stack" => stack(list(0)?),
        "cat" | "slowcat" => slowcat(list(0)?),
        "fastcat" => super::core::fastcat(list(0)?),
        other => {
            return err(
                a.span,
                format!("'{other}' cannot be used in a pattern query"),
            )
        }
    }))
}

/// Builds the transform named `name` from its arguments.
fn transform(name: &'static str, a: &Args) -> Result<Transform, EvalError> {
    macro_rules! t {
        (|$p:ident| $body:expr) => {
            Arc::new(move |$p: &Pattern<Value>| $body) as Transform
        };
    }
    let f: Transform = match name {
        "fast" => {
            let n = a.time(0)?;
            t!(|p| p.fast(&n))
        }
        "slow" => {
            let n = a.time(0)?;
            t!(|p| p.slow(&n))
        }
        "hurry" => {
            let n = a.time(0)?;
            t!(|p| p.hurry(&n))
        }
        "rev" => t!(|p| p.rev()),
        "palindrome" => t!(|p| p.palindrome()),
        "iter" => {
            let n = a.time(0)?;
            t!(|p| p.iter(&n, false))
        }
        "iterBack" => {
            let n = a.time(0)?;
            t!(|p| p.iter(&n, true))
        }
        "ply" => {
            let n = a.time(0)?;
            t!(|p| p.ply(&n))
        }
        "every" | "lastOf" => {
            let n = a.time(0)?;
            let f = a.function(1)?;
            let last = name == "lastOf";
            t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&n, move |n| {
                    let n = n.floor_int();
                    if n <= 0 {
                        return p.clone();
                    }
                    let target = if last { n - 1 } else { 0 };
                    when_cycle(&p, move |c| c.rem_euclid(n) == target, |q| f(q))
                })
            })
        }
        "whenmod" => {
            let (m, b) = (a.time(0)?, a.time(1)?);
            let f = a.function(2)?;
            t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&m.app_left(&b, |m, b| (*m, *b)), move |(m, b)| {
                    let (m, b) = (*m, *b);
                    when_time(&p, move |t| t.rem_euclid(m) >= b, |q| f(q))
                })
            })
        }
        "chunk" => {
            let n = a.time(0)?;
            let f = a.function(1)?;
            t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&n, move |n| p.chunk_i(n.floor_int(), |q| f(q)))
            })
        }
        "within" => {
            let (s, e) = (a.time(0)?, a.time(1)?);
            let f = a.function(2)?;
            t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&s.app_left(&e, |s, e| (*s, *e)), move |(s, e)| {
                    p.within_t(*s, *e, |q| f(q))
                })
            })
        }
        "superimpose" => {
            let f = a.function(0)?;
            t!(|p| stack(vec![p.clone(), f(p)]))
        }
        "off" => {
            let tp = a.time(0)?;
            let f = a.function(1)?;
            t!(|p| stack(vec![p.clone(), f(&p.late(&tp))]))
        }
        "layer" => {
            let fs: Vec<Transform> = match a.get(0)? {
                Evaluated::List(items) => items
                    .into_iter()
                    .map(|e| e.into_function(a.span_of(0)))
                    .collect::<Result<_, _>>()?,
                other => vec![other.into_function(a.span_of(0))?],
            };
            t!(|p| stack(fs.iter().map(|f| f(p)).collect()))
        }
        "stut" => {
            let (c, fb, tm) = (a.num(0)?, a.num(1)?, a.time(2)?);
            t!(|p| {
                let p = p.clone();
                let args = c
                    .app_left(&fb, |c, f| (*c, *f))
                    .app_left(&tm, |(c, f), t| (*c, *f, *t));
                tparam(&args, move |(c, f, t)| p.stut_f(c.floor() as i64, *f, *t))
            })
        }
        "echo" => {
            let (c, tm, fb) = (a.num(0)?, a.time(1)?, a.num(2)?);
            t!(|p| {
                let p = p.clone();
                let args = c
                    .app_left(&tm, |c, t| (*c, *t))
                    .app_left(&fb, |(c, t), f| (*c, *t, *f));
                tparam(&args, move |(c, t, f)| p.echo_f(c.floor() as i64, *t, *f))
            })
        }
        "late" | "rotR" => {
            let n = a.time(0)?;
            t!(|p| p.late(&n))
        }
        "early" | "rotL" => {
            let n = a.time(0)?;
            t!(|p| p.early(&n))
        }
        "zoom" => {
            let (s, e) = (a.time(0)?, a.time(1)?);
            t!(|p| p.zoom(&s, &e))
        }
        "compress" => {
            let (s, e) = (a.time(0)?, a.time(1)?);
            t!(|p| p.compress(&s, &e))
        }
        "fastGap" => {
            let n = a.time(0)?;
            t!(|p| p.fast_gap(&n))
        }
        "inside" | "outside" => {
            let n = a.time(0)?;
            let f = a.function(1)?;
            let outside = name == "outside";
            t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&n, move |n| {
                    let n = if outside { n.recip() } else { *n };
                    if n.is_zero() {
                        return silence();
                    }
                    p.inside_t(n, |q| f(q))
                })
            })
        }
        "linger" => {
            let n = a.time(0)?;
            t!(|p| p.linger(&n))
        }
        "repeatCycles" => {
            let n = a.time(0)?;
            t!(|p| p.repeat_cycles(&n))
        }
        "brak" => t!(|p| p.brak()),
        "press" => t!(|p| p.press_by_t(Time::new(1, 2))),
        "swingBy" | "swing" => {
            let (x, n) = if name == "swing" {
                (pure(Time::new(1, 3)), a.time(0)?)
            } else {
                (a.time(0)?, a.time(1)?)
            };
            t!(|p| {
                let p = p.clone();
                tparam(&x.app_left(&n, |x, n| (*x, *n)), move |(x, n)| {
                    swing_by(&p, *x, *n)
                })
            })
        }
        "degrade" => t!(|p| p.degrade_by_f(0.5)),
        "degradeBy" => {
            let x = a.num(0)?;
            t!(|p| p.degrade_by(&x))
        }
        "sometimesBy" | "sometimes" | "often" | "rarely" | "almostNever" | "almostAlways"
        | "someCyclesBy" | "someCycles" => {
            let fixed = match name {
                "sometimes" | "someCycles" => Some(0.5),
                "often" => Some(0.75),
                "rarely" => Some(0.25),
                "almostNever" => Some(0.1),
                "almostAlways" => Some(0.9),
                _ => None,
            };
            let (prob, fi) = match fixed {
                Some(x) => (pure(x), 0),
                None => (a.num(0)?, 1),
            };
            let f = a.function(fi)?;
            let cycles = name.starts_with("someCycles");
            t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&prob, move |x| {
                    if cycles {
                        p.some_cycles_by_f(*x, |q| f(q))
                    } else {
                        p.sometimes_by_f(*x, |q| f(q))
                    }
                })
            })
        }
        "jux" | "juxBy" => {
            let (amount, fi) = if name == "jux" {
                (pure(1.0), 0)
            } else {
                (a.num(0)?, 1)
            };
            let f = a.function(fi)?;
            t!(|p| {
                let (p, f) = (p.clone(), f.clone());
                tparam(&amount, move |x| p.jux_by_f(*x, |q| f(q)))
            })
        }
        "chop" => {
            let n = a.time(0)?;
            t!(|p| {
                let p = p.clone();
                tparam(&n, move |n| p.chop_i(n.floor_int()))
            })
        }
        "striate" => {
            let n = a.time(0)?;
            t!(|p| {
                let p = p.clone();
                tparam(&n, move |n| p.striate_i(n.floor_int()))
            })
        }
        "slice" | "splice" => {
            let n = a.time(0)?;
            let i = a.pattern(1)?;
            if name == "slice" {
                t!(|p| p.slice(&n, &i))
            } else {
                t!(|p| p.splice(&n, &i))
            }
        }
        "loopAt" => {
            let n = a.time(0)?;
            t!(|p| p.loop_at(&n))
        }
        "segment" => {
            let n = a.time(0)?;
            t!(|p| p.segment(&n))
        }
        "range" => {
            let (lo, hi) = (a.pattern(0)?, a.pattern(1)?);
            t!(|p| p.range(&lo, &hi))
        }
        "struct" => {
            let b = a.pattern(0)?;
            t!(|p| p.struct_by(&b))
        }
        "mask" => {
            let b = a.pattern(0)?;
            t!(|p| p.mask(&b))
        }
        "euclid" | "euclidInv" | "euclidOff" => {
            let (k, n) = (a.time(0)?, a.time(1)?);
            let r = if name == "euclidOff" {
                a.time(2)?
            } else {
                pure(Time::ZERO)
            };
            let invert = name == "euclidInv";
            t!(|p| {
                let p = p.clone();
                let args = k
                    .app_both(&n, |k, n| (*k, *n))
                    .app_both(&r, |(k, n), r| (*k, *n, *r));
                tparam(&args, move |(k, n, r)| {
                    let k = k.floor_int();
                    euclid_off(&p, if invert { -k } else { k }, n.floor_int(), *r)
                })
            })
        }
        "euclidFull" => {
            let (k, n) = (a.time(0)?, a.time(1)?);
            let other = a.pattern(2)?;
            t!(|p| {
                let (p, other) = (p.clone(), other.clone());
                tparam(&k.app_both(&n, |k, n| (*k, *n)), move |(k, n)| {
                    p.euclid_full_i(k.floor_int(), n.floor_int(), &other)
                })
            })
        }
        "scramble" | "shuffle" => {
            let n = a.time(0)?;
            let shuffle = name == "shuffle";
            t!(|p| {
                let p = p.clone();
                tparam(&n, move |n| {
                    if shuffle {
                        p.shuffle_i(n.floor_int())
                    } else {
                        p.scramble_i(n.floor_int())
                    }
                })
            })
        }
        other => {
            return err(
                a.span,
                format!("'{other}' cannot be applied to a pattern yet"),
            )
        }
    };
    Ok(f)
}
