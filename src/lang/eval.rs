//! Evaluates pattern expressions of the language (strings, numbers, `$` transforms,
//! arithmetic, `#` controls, `stack`/`cat`) into patterns: what `phonon query` prints
//! and what the graph compiler uses for every pattern-bearing argument. Calls are bound
//! by [`super::bind`] and built by their registry entries.
//!
//! Constant arithmetic on literals stays exact: `late (1/3)` shifts by exactly 1/3.

use std::sync::Arc;

use super::ast::{Arg, BinOp, Expr, ExprKind, Operator, Resolved, Span, Structure};
use super::bind::{bound, Bound, Slot};
use super::check::{apply_subject, is_transform_shaped};
use super::diagnostics::Diagnostic;
pub use crate::pattern::args::Evaluated;
use crate::pattern::args::{ArgError, TransformArgs};
use crate::pattern::core::{slowcat, stack, Pattern};
use crate::pattern::mini;
use crate::pattern::time::Time;
use crate::pattern::transforms::Transform;
use crate::pattern::value::{Value, ValueMap};
use crate::registry::{self, Category, Implementation, Special};

/// The most operands of one `$` chain.
const MAX_APPLY: usize = 256;

/// The most signals one control pattern reads (`# gain ~lfo # pan ~p ...`).
pub const MAX_SIGNAL_CONTROLS: usize = 16;

thread_local! {
    /// While the compiler evaluates a control pattern: the signals given to its controls
    /// (see [`eval_control_pattern`]).
    static SIGNAL_CONTROLS: std::cell::RefCell<Option<Vec<Expr>>> =
        const { std::cell::RefCell::new(None) };
}

thread_local! {
    /// The cycle at which the program being evaluated was run (Tidal's evaluation time,
    /// which `trigger` and `qtrigger` align patterns to), and whether anything read it.
    static EVAL_CYCLE: std::cell::Cell<(Time, bool)> =
        const { std::cell::Cell::new((Time::ZERO, false)) };
}

/// Runs `f` with `cycle` as the time the program is evaluated at. Returns what `f` returns
/// and whether the program depends on that time (a `trigger`), so that running the same
/// text again must restart it.
pub fn with_eval_cycle<R>(cycle: Time, f: impl FnOnce() -> R) -> (R, bool) {
    let previous = EVAL_CYCLE.with(|c| c.replace((cycle, false)));
    let result = f();
    let (_, used) = EVAL_CYCLE.with(|c| c.replace(previous));
    (result, used)
}

/// The cycle the program is evaluated at (0 outside [`with_eval_cycle`], as when a file
/// is rendered from its start).
pub fn eval_cycle() -> Time {
    EVAL_CYCLE.with(|c| {
        let (t, _) = c.get();
        c.set((t, true));
        t
    })
}

thread_local! {
    /// While the compiler runs: the buses whose definition is a control pattern, so that
    /// `~drums # gain 0.7` continues the pattern (see [`with_control_buses`]).
    static CONTROL_BUSES: std::cell::RefCell<Option<std::collections::HashMap<String, Expr>>> =
        const { std::cell::RefCell::new(None) };
    /// The control buses being expanded, innermost last (a bus continuing itself, even
    /// through others, stops there).
    static EXPANDING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Deepest nesting of control buses in one expression.
const MAX_BUS_DEPTH: usize = 32;

/// Runs `f` (the compiler) knowing which buses hold control patterns.
pub fn with_control_buses<R>(
    buses: std::collections::HashMap<String, Expr>,
    f: impl FnOnce() -> R,
) -> R {
    let previous = CONTROL_BUSES.with(|c| c.replace(Some(buses)));
    let result = f();
    CONTROL_BUSES.with(|c| c.replace(previous));
    result
}

/// True when bus `name` holds a control pattern (while compiling).
pub fn is_control_bus(name: &str) -> bool {
    CONTROL_BUSES.with(|c| c.borrow().as_ref().is_some_and(|m| m.contains_key(name)))
}

fn control_bus(name: &str) -> Option<Expr> {
    CONTROL_BUSES.with(|c| c.borrow().as_ref().and_then(|m| m.get(name).cloned()))
}

/// Evaluates a control pattern whose controls may take signals (`# gain ~lfo`, `# cutoff
/// (~m1 * 4000)`): each such argument becomes [`Value::Signal`] `k` in the events, and the
/// `k`-th expression returned is the signal to compile as the player's input `k`.
/// Elsewhere (`phonon query`) a bus in a control is an error.
pub fn eval_control_pattern(expr: &Expr) -> Result<(Pattern<Value>, Vec<Expr>), EvalError> {
    let previous = SIGNAL_CONTROLS.with(|c| c.replace(Some(Vec::new())));
    let result = eval_pattern(expr);
    let signals = SIGNAL_CONTROLS
        .with(|c| c.replace(previous))
        .unwrap_or_default();
    result.map(|p| (p, signals))
}

/// A control's argument that is a signal, when a control pattern is being compiled: its
/// input index (the same expression twice is one input).
fn signal_control(e: &Expr) -> Option<Result<u16, EvalError>> {
    SIGNAL_CONTROLS.with(|c| {
        let mut c = c.borrow_mut();
        let list = c.as_mut()?;
        if let Some(k) = list.iter().position(|x| x == e) {
            return Some(Ok(k as u16));
        }
        if list.len() >= MAX_SIGNAL_CONTROLS {
            return Some(err(
                e.span,
                format!("at most {MAX_SIGNAL_CONTROLS} signals in the controls of one pattern"),
            ));
        }
        list.push(e.clone());
        Some(Ok((list.len() - 1) as u16))
    })
}

/// Evaluation errors are diagnostics at a place in the source.
pub type EvalError = Diagnostic;

fn err<T>(span: Span, message: impl Into<String>) -> Result<T, EvalError> {
    Err(Diagnostic::error(span, message))
}

/// A conversion error at `span`.
fn at(span: Span, e: ArgError) -> EvalError {
    Diagnostic::error(span, e.message)
}

/// Conversions of an evaluated expression, with errors at its span.
trait AtSpan {
    fn pattern_at(self, span: Span) -> Result<Pattern<Value>, EvalError>;
    fn function_at(self, span: Span) -> Result<Transform, EvalError>;
}

impl AtSpan for Evaluated {
    fn pattern_at(self, span: Span) -> Result<Pattern<Value>, EvalError> {
        match self {
            // A number written in the code (`# gain 0.8`): its events light it up.
            Evaluated::Const(t) => Ok(crate::pattern::pure_at(
                Value::Num(t.to_f64()),
                crate::pattern::Sources::one(span.start, span.end),
            )),
            other => other.into_pattern().map_err(|e| at(span, e)),
        }
    }
    fn function_at(self, span: Span) -> Result<Transform, EvalError> {
        self.into_function().map_err(|e| at(span, e))
    }
}

/// Evaluates an expression that must be a pattern.
pub fn eval_pattern(expr: &Expr) -> Result<Pattern<Value>, EvalError> {
    eval(expr)?.pattern_at(expr.span)
}

pub fn eval(expr: &Expr) -> Result<Evaluated, EvalError> {
    let span = expr.span;
    match &expr.kind {
        ExprKind::Number { value, text } => Ok(Evaluated::Const(
            Time::parse(text).unwrap_or_else(|| Time::from_f64(*value)),
        )),
        ExprKind::Str(text) => match mini::mini_at(text, span.start + 1) {
            Ok(p) => Ok(Evaluated::Pattern(p)),
            Err(e) => err(
                Span::new(span.start + 1 + e.offset, span.start + 2 + e.offset),
                format!("bad mini-notation: {}", e.message),
            ),
        },
        ExprKind::Bus(name) => match control_bus(name) {
            // A bus holding a control pattern is that pattern (`~drums # gain 0.7`).
            Some(def) => {
                // A bus reading itself twice (`~x: gain ~x + ~x`) would otherwise expand
                // 2^depth times: it is refused at its first repetition.
                let refused = EXPANDING.with(|x| {
                    let x = x.borrow();
                    x.len() >= MAX_BUS_DEPTH || x.iter().any(|n| n == name)
                });
                if refused {
                    return err(span, format!("bus '~{name}' continues itself"));
                }
                EXPANDING.with(|x| x.borrow_mut().push(name.clone()));
                let result = eval(&def);
                EXPANDING.with(|x| x.borrow_mut().pop());
                result
            }
            None => err(
                span,
                format!("bus '~{name}' cannot be used in a pattern query"),
            ),
        },
        ExprKind::Paren(inner) => eval(inner),
        ExprKind::List(items) | ExprKind::Tuple(items) => Ok(Evaluated::List(
            items.iter().map(eval).collect::<Result<_, _>>()?,
        )),
        ExprKind::Neg(inner) => match eval(inner)? {
            Evaluated::Const(t) => Ok(Evaluated::Const(-t)),
            other => Ok(Evaluated::Pattern(
                other
                    .pattern_at(inner.span)?
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
                    BinOp::Mod => {
                        if b.is_zero() {
                            return err(rhs.span, "remainder of a division by zero");
                        }
                        *a - *b * Time::from_int((*a / *b).floor_int())
                    }
                }));
            }
            let (l, r) = (l.pattern_at(lhs.span)?, r.pattern_at(rhs.span)?);
            Ok(Evaluated::Pattern(combine(*op, &l, &r)))
        }
        ExprKind::Chain { lhs, rhs } => {
            let subject = eval(lhs)?.pattern_at(lhs.span)?;
            let f = chain_function(rhs)?;
            Ok(Evaluated::Pattern(f(&subject)))
        }
        ExprKind::ChainSection(rhs) => Ok(Evaluated::Function(chain_function(rhs)?)),
        ExprKind::OpSection { op, rhs } => {
            let r = eval(rhs)?.pattern_at(rhs.span)?;
            let op = *op;
            Ok(Evaluated::Function(Arc::new(move |p| combine(op, p, &r))))
        }
        ExprKind::Apply(parts) => eval_apply(parts, span),
        ExprKind::Call {
            name,
            name_span,
            args,
            resolved,
        } => eval_call(name, *name_span, args, resolved, span),
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
        before.push(eval(p)?.function_at(p.span)?);
    }
    let Some(si) = subject else {
        return Ok(Evaluated::Function(Arc::new(move |p| {
            before.iter().rev().fold(p.clone(), |acc, f| f(&acc))
        })));
    };
    let mut pat = eval(&parts[si])?.pattern_at(parts[si].span)?;
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
        pat = eval(p)?.function_at(p.span)?(&pat);
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
            let right = eval(r)?.pattern_at(r.span)?;
            let op = *op;
            Ok(Arc::new(move |p| combine(op, &inner(p), &right)))
        }
        ExprKind::Chain { lhs, rhs: r } => {
            let (a, b) = (chain_function(lhs)?, chain_function(r)?);
            Ok(Arc::new(move |p| b(&a(p))))
        }
        ExprKind::Call {
            name,
            name_span,
            args,
            resolved,
        } => {
            let Some(spec) = registry::lookup(name) else {
                return err(rhs.span, format!("unknown function '{name}'"));
            };
            if spec.category == Category::Transform || spec.category == Category::Pattern {
                // A transform given its pattern (`# iter 3 (note "1 3")`) or a function
                // that builds a control pattern (`# grain 0.2 0.1`) is a pattern of
                // controls, merged like one control.
                return match eval(rhs)? {
                    Evaluated::Pattern(controls) => {
                        Ok(Arc::new(move |p| p.set_controls(&controls)))
                    }
                    other => other.function_at(rhs.span),
                };
            }
            if !spec.sets_controls() {
                return err(
                    *name_span,
                    format!(
                        "'{}' does not set a control: after a control pattern `#` takes controls like `gain 0.8` or `lpf 800`",
                        spec.name
                    ),
                );
            }
            let b = bound(spec, *name_span, args, true, resolved)?;
            let controls = control_pattern(&b, rhs.span)?;
            Ok(Arc::new(move |p| p.set_controls(&controls)))
        }
        // Anything else that evaluates to a pattern of controls, e.g.
        // `# (pan "0 1" $ fast 2)`: merged onto the left like a single control.
        _ => {
            let controls = eval(rhs)?.pattern_at(rhs.span)?;
            Ok(Arc::new(move |p| p.set_controls(&controls)))
        }
    }
}

/// The control pattern of a call: each given value parameter (inputs not counted) as the
/// control its entry names (`gain 0.8` is `{gain: 0.8}`; `lpf 800 0.2` after a control
/// pattern is `{cutoff: 800, resonance: 0.2}`), combined with `#`.
pub fn control_pattern(b: &Bound, span: Span) -> Result<Pattern<Value>, EvalError> {
    let mut result: Option<Pattern<Value>> = None;
    let values = b
        .slots
        .iter()
        .zip(b.spec.params)
        .filter(|(_, p)| p.kind != registry::ParamKind::Input);
    for (i, (slot, _)) in values.enumerate() {
        let Slot::Given(e) = slot else {
            continue;
        };
        let Some(key) = b.spec.control_key(i) else {
            return err(
                e.span,
                format!(
                    "after a control pattern '{}' takes one value, its '{}' control",
                    b.spec.name,
                    b.spec.control_key(0).unwrap_or("?")
                ),
            );
        };
        let values = match eval(e).and_then(|v| v.pattern_at(e.span)) {
            Ok(p) => p,
            // Not a pattern: while compiling, a signal read at each onset.
            Err(d) => match signal_control(e) {
                Some(k) => crate::pattern::core::pure(Value::Signal(k?)),
                None => return Err(d),
            },
        };
        let p = values.fmap(move |v| control_value(key, v));
        result = Some(match result {
            None => p,
            Some(r) => r.set_controls(&p),
        });
    }
    match result {
        Some(p) => Ok(p),
        None => err(span, format!("'{}' needs a value", b.spec.name)),
    }
}

/// One control's value as a control map. Words given to `s` name a sound (`bd:3` is
/// `{s: bd, n: 3}`); note names given to `n`, `note` and `up` are semitones from middle
/// C (`c` and `c4` are 0, `e` is 4, `a5` is 21: octaves as in Phonon's and Strudel's note
/// names, where Tidal's are one higher).
pub fn control_value(key: &'static str, v: &Value) -> Value {
    let mut m = ValueMap::new();
    match (key, v) {
        ("s", Value::Str(_)) => return Value::Map(Arc::new(v.to_map())),
        ("s", Value::Num(x)) => {
            m.insert("s".to_string(), Value::str(&x.to_string()));
        }
        ("n" | "note" | "up", Value::Str(s)) => {
            let x = crate::pattern::value::note_to_midi(s).map(|m| m - 60.0);
            m.insert(key.to_string(), x.map_or_else(|| v.clone(), Value::Num));
        }
        (_, Value::Map(inner)) => return Value::Map(inner.clone()),
        _ => {
            m.insert(key.to_string(), v.clone());
        }
    }
    Value::Map(Arc::new(m))
}

/// Arithmetic on values: numbers (and note names) numerically, control maps key by key,
/// words concatenated.
fn arith(op: BinOp, a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => {
            // Tidal's `Num ValueMap`: numbers combine per key; a word keeps the left's
            // value; a key only on the right enters as `0 op v` for `-` (Tidal's `a + negate
            // b`) and `1 op v` for `/` (`a * recip b`), as itself otherwise.
            let mut m = (**x).clone();
            for (k, v) in y.iter() {
                let nv = match (m.get(k), v) {
                    (Some(Value::Num(a)), Value::Num(_)) => arith(op, &Value::Num(*a), v),
                    (Some(old), _) => old.clone(),
                    (None, Value::Num(b)) => match op {
                        BinOp::Sub => Value::Num(-b),
                        BinOp::Div if *b != 0.0 => Value::Num(1.0 / b),
                        _ => v.clone(),
                    },
                    (None, _) => v.clone(),
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
                BinOp::Mod => crate::lang::parser::floored_mod(x, y),
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
    fn with<F>(structure: Structure, l: &Pattern<Value>, r: &Pattern<Value>, f: F) -> Pattern<Value>
    where
        F: Fn(&Value, &Value) -> Value + Send + Sync + Clone + 'static,
    {
        match structure {
            Structure::Both => l.app_both(r, f),
            Structure::Left => l.app_left(r, f),
            Structure::Right => l.app_right(r, f),
        }
    }
    match op {
        Operator::Arith(bop, structure) => with(structure, l, r, move |a: &Value, b: &Value| {
            arith(bop, a, b)
        }),
        Operator::KeepLeft(structure) => {
            with(structure, l, r, |a: &Value, b: &Value| match (a, b) {
                (Value::Map(_), _) | (_, Value::Map(_)) => Value::union_right(b, a),
                _ => a.clone(),
            })
        }
        Operator::KeepRight(structure) => {
            with(structure, l, r, |a: &Value, b: &Value| match (a, b) {
                (Value::Map(_), _) | (_, Value::Map(_)) => Value::union_right(a, b),
                _ => b.clone(),
            })
        }
    }
}

/// Evaluates the bound arguments of a call: each parameter's given value or default.
/// `skip_input`: the input slot is left empty (it is the chain's left side).
fn eval_slots(b: &Bound) -> Result<TransformArgs, EvalError> {
    let mut values = Vec::with_capacity(b.slots.len());
    for slot in &b.slots {
        values.push(match slot {
            Slot::Given(e) => Some(eval(e)?),
            Slot::Default(d) => Some(Evaluated::Const(Time::parse(d).unwrap_or_default())),
            Slot::Input | Slot::Missing => None,
        });
    }
    Ok(TransformArgs::new(values))
}

/// An argument error at the span of the argument it is about (or of the call).
fn at_arg(b: &Bound, span: Span, e: ArgError) -> EvalError {
    let at = e.arg.and_then(|i| b.given(i)).map_or(span, |x| x.span);
    let message = match (e.arg, e.message.as_str()) {
        (Some(i), "missing argument") => format!(
            "'{}' needs its '{}' argument",
            b.spec.name,
            b.spec.params.get(i).map_or("?", |p| p.name)
        ),
        _ => e.message,
    };
    Diagnostic::error(at, message)
}

/// The transform a bound transform call stands for (without its subject).
pub fn transform_of(b: &Bound, span: Span) -> Result<Transform, EvalError> {
    let Some(t) = b.spec.transform() else {
        return err(span, format!("'{}' is not a transform", b.spec.name));
    };
    if b.slots.iter().any(|s| matches!(s, Slot::Missing)) {
        return err(span, format!("'{}' needs more arguments", b.spec.name));
    }
    let args = eval_slots(b)?;
    (t.build)(&args).map_err(|e| at_arg(b, span, e))
}

fn eval_call(
    name: &str,
    name_span: Span,
    args: &[Arg],
    resolved: &Resolved,
    span: Span,
) -> Result<Evaluated, EvalError> {
    let Some(spec) = registry::lookup(name) else {
        let hint = registry::suggest(name)
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_default();
        return err(name_span, format!("unknown function '{name}'{hint}"));
    };
    let b = bound(spec, name_span, args, false, resolved)?;
    match spec.implementation {
        Implementation::Transform(_) => {
            let f = transform_of(&b, span)?;
            match b.subject() {
                // `fast 2 "a b"`: the transform's pattern given as its last argument.
                Some(subject) => {
                    let p = eval(subject)?
                        .into_pattern()
                        .map_err(|e| at(subject.span, e))?;
                    Ok(Evaluated::Pattern(f(&p)))
                }
                None => Ok(Evaluated::Function(f)),
            }
        }
        Implementation::Special(form) => pattern_function(form, &b, span),
        Implementation::Pattern(p) => {
            let args = eval_slots(&b)?;
            (p.build)(&args)
                .map(Evaluated::Pattern)
                .map_err(|e| at_arg(&b, span, e))
        }
        Implementation::Control { .. } => Ok(Evaluated::Pattern(control_pattern(&b, span)?)),
        Implementation::Kernel(_)
            if spec.continuous.is_some()
                && b.extra.is_empty()
                && b.slots.iter().all(|s| !matches!(s, Slot::Given(_))) =>
        {
            // A bare oscillator in a pattern is Tidal's continuous pattern (`# pan sine`).
            let f = spec.continuous.unwrap_or(|_| 0.0);
            Ok(Evaluated::Pattern(crate::pattern::core::signal(move |t| {
                Value::Num(f(t.to_f64()))
            })))
        }
        Implementation::Kernel(_) | Implementation::Synth(_) | Implementation::Envelope(_) => err(
            name_span,
            format!(
                "'{}' makes sound, not a pattern: it cannot stand where a pattern is expected",
                spec.name
            ),
        ),
    }
}

/// `s`, `stack` and `cat` on patterns.
fn pattern_function(form: Special, b: &Bound, span: Span) -> Result<Evaluated, EvalError> {
    let args = eval_slots(b)?;
    let fail = |e: ArgError| at_arg(b, span, e);
    Ok(Evaluated::Pattern(match form {
        Special::Sound => return Ok(Evaluated::Pattern(control_pattern(b, span)?)),
        Special::Stack => stack(args.patterns(0).map_err(fail)?),
        Special::Cat => slowcat(args.patterns(0).map_err(fail)?),
        Special::Mix | Special::Gate(_) => {
            return err(
                span,
                format!("'{}' cannot be used in a pattern query", b.spec.name),
            )
        }
    }))
}
