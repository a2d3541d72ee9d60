//! Semantic checks of a parsed program, all errors collected, each at its span:
//! unknown functions (with "did you mean"), argument counts, unknown or repeated
//! keyword arguments, argument kinds (a transform where a value goes, a list where a
//! value goes, a value where a transform goes), undefined buses, a missing output,
//! bad mini-notation inside strings, `$` runs without a subject, and `#` into
//! something that takes no input.
//!
//! The shape rules the evaluator needs are public here: [`apply_subject`] (which
//! operand of `a $ b $ c` is the pattern), [`is_transform_shaped`], [`chain_target`]
//! (which call of `x # rhs` receives `x`) and [`call_has_subject`].

use super::ast::*;
use super::bind::{resolve, Slot};
use super::diagnostics::{closest, Diagnostic};
use crate::registry::{self, Category, FunctionSpec, ParamKind};

/// Buses that exist without a definition: the macros `~m1`..`~m8` and MIDI input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuiltinBus {
    /// `~m1`..`~m8`, as index 0..7.
    Macro(usize),
    /// `~midi`: the held key's frequency (in a MIDI voice, that voice's key).
    Midi,
    MidiFreq,
    MidiGate,
    MidiVel,
}

/// How many macros (`~m1`..`~m8`).
pub const MACROS: usize = 8;

impl BuiltinBus {
    /// Every built-in bus with its name, in the order suggestions list them.
    pub const ALL: [(&'static str, BuiltinBus); 12] = [
        ("m1", BuiltinBus::Macro(0)),
        ("m2", BuiltinBus::Macro(1)),
        ("m3", BuiltinBus::Macro(2)),
        ("m4", BuiltinBus::Macro(3)),
        ("m5", BuiltinBus::Macro(4)),
        ("m6", BuiltinBus::Macro(5)),
        ("m7", BuiltinBus::Macro(6)),
        ("m8", BuiltinBus::Macro(7)),
        ("midi", BuiltinBus::Midi),
        ("midi_freq", BuiltinBus::MidiFreq),
        ("midi_gate", BuiltinBus::MidiGate),
        ("midi_vel", BuiltinBus::MidiVel),
    ];

    /// The built-in bus of a name (without the `~`).
    pub fn named(name: &str) -> Option<BuiltinBus> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
    }

    /// Every built-in bus name.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|(n, _)| *n)
    }
}

/// A transform call that was given its pattern explicitly as a last argument
/// (`fast 2 (s "bd")`, `range 200 2000 sine`): it is a value, not a transform.
pub fn call_has_subject(spec: &FunctionSpec, args: &[Arg]) -> bool {
    spec.category == Category::Transform && args.len() > spec.params.len()
}

/// The arguments of a call expression (none for anything else).
fn call_args(e: &Expr) -> &[Arg] {
    match &e.kind {
        ExprKind::Call { args, .. } => args,
        _ => &[],
    }
}

/// A transform-shaped expression: a call of a `Category::Transform` function (without
/// its pattern), a `(# ...)` or operator section, a parenthesised one of those, or a
/// parenthesised `$` run made only of transform-shaped operands (a composition,
/// `(fast 2 $ rev)`).
pub fn is_transform_shaped(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { name, args, .. } => registry::lookup(name)
            .is_some_and(|s| s.category == Category::Transform && !call_has_subject(s, args)),
        ExprKind::ChainSection(_) | ExprKind::OpSection { .. } => true,
        ExprKind::Paren(inner) => match &inner.kind {
            ExprKind::Apply(parts) => parts.iter().all(is_transform_shaped),
            _ => is_transform_shaped(inner),
        },
        _ => false,
    }
}

/// The subject of `a $ b $ c`: the index of the first operand that is not
/// transform-shaped. Transforms before it apply right to left (`fast 2 $ rev $ x` is
/// `fast 2 (rev x)`), transforms after it left to right (`x $ fast 2 $ rev` is
/// `rev (fast 2 x)`). `None`: every operand is a transform (a composition, valid only
/// where a transform is expected).
pub fn apply_subject(parts: &[Expr]) -> Option<usize> {
    parts.iter().position(|p| !is_transform_shaped(p))
}

/// The call of `x # rhs` that receives `x` as its input: `rhs` itself if it is a call,
/// else the leftmost call of its arithmetic (`lpf 800 * 0.25`), through parentheses,
/// nested chains, and the subject of a `$` run. `None` if there is no such call.
pub fn chain_target(rhs: &Expr) -> Option<&Expr> {
    match &rhs.kind {
        ExprKind::Call { .. } => Some(rhs),
        ExprKind::Binary { lhs, .. } => chain_target(lhs),
        ExprKind::Paren(inner) => chain_target(inner),
        ExprKind::Chain { lhs, .. } => chain_target(lhs),
        ExprKind::Apply(parts) => apply_subject(parts).and_then(|i| chain_target(&parts[i])),
        _ => None,
    }
}

/// Checks a whole program. `extra_buses` are names to treat as defined (from
/// statements that failed to parse); `need_output` reports a program without `out:`.
pub fn check_program(
    program: &Program,
    extra_buses: &[String],
    need_output: bool,
) -> Vec<Diagnostic> {
    let mut buses: Vec<String> = extra_buses.to_vec();
    for s in &program.statements {
        if let StatementKind::Bus { name, .. } = &s.kind {
            buses.push(name.clone());
        }
    }
    let mut c = Checker::new(Some(buses));
    let mut has_output = false;
    for s in &program.statements {
        match &s.kind {
            StatementKind::Bus { expr, .. } => c.check(expr, Want::value()),
            StatementKind::Output { expr, .. } => {
                has_output = true;
                c.check(expr, Want::value());
            }
            StatementKind::Hush => has_output = true,
            StatementKind::Tempo { .. } => {}
        }
    }
    if need_output && !has_output {
        let end = program.statements.last().map_or(0, |s| s.span.end);
        c.diags.push(
            Diagnostic::error(
                Span::new(end, end),
                "program has no output statement (add `out: ...`)",
            )
            .with_help("send something to the speakers, e.g. `out: ~drums` or `o1: saw 55 * 0.2`"),
        );
    }
    c.diags
}

/// Checks a lone expression: names, argument counts and kinds, mini-notation. Any bus
/// reference is an error (a lone expression has no buses).
pub fn check_expression(expr: &Expr) -> Vec<Diagnostic> {
    let mut c = Checker::new(None);
    c.check(expr, Want::value());
    c.diags
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum WantKind {
    /// Any signal, number, string, bus, pattern.
    Value,
    /// Like `Value`, but not audio (filters, effects, synths).
    Pattern,
    /// A transform.
    Function,
    /// A list of transforms.
    FunctionList,
    /// A list of values.
    List,
    /// A list of pairs `(a, b)` (values or transforms).
    Pairs,
    /// An operand of a `$` run other than the subject: a transform.
    DollarOperand,
    /// Anything (used after an error, to keep checking the inside without noise).
    Any,
}

#[derive(Clone, Copy, Debug)]
struct Want {
    kind: WantKind,
    /// `(function, parameter)` when checking an argument.
    ctx: Option<(&'static str, &'static str)>,
    /// The parameter takes numbers only ([`registry::Param::numbers`]).
    numbers: bool,
}

impl Want {
    fn value() -> Want {
        Want {
            kind: WantKind::Value,
            ctx: None,
            numbers: false,
        }
    }
    fn of(kind: WantKind) -> Want {
        Want {
            kind,
            ctx: None,
            numbers: false,
        }
    }
    fn for_param(spec: &'static FunctionSpec, p: &'static registry::Param) -> Want {
        let kind = match p.kind {
            ParamKind::Value | ParamKind::Input => WantKind::Value,
            ParamKind::Pattern => WantKind::Pattern,
            ParamKind::Function => WantKind::Function,
            ParamKind::FunctionList => WantKind::FunctionList,
            ParamKind::List => WantKind::List,
            ParamKind::Pairs => WantKind::Pairs,
        };
        Want {
            kind,
            ctx: Some((spec.name, p.name)),
            numbers: p.numbers,
        }
    }
    /// The value-ish want for the operands of arithmetic under this want.
    fn operand(self) -> Want {
        match self.kind {
            WantKind::Pattern => self,
            WantKind::Any => self,
            _ => Want::value(),
        }
    }
    fn context(&self) -> String {
        match self.ctx {
            Some((f, p)) => format!("'{f}' expects for '{p}'"),
            None => "expected".to_string(),
        }
    }
}

const TRANSFORM_EXAMPLES: &str = "like `(fast 2)`, `rev` or `(# speed 2)`";

struct Checker {
    /// Defined bus names; `None` for a lone expression.
    buses: Option<Vec<String>>,
    diags: Vec<Diagnostic>,
    /// Calls that receive an input from `#` (compared by address).
    injected: Vec<*const Expr>,
}

fn describe(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number { text, .. } => format!("the number {text}"),
        ExprKind::Str(_) => "a string".into(),
        ExprKind::Bus(n) => format!("the bus '~{n}'"),
        ExprKind::Call { name, .. } => format!("'{name}'"),
        ExprKind::Binary { .. } | ExprKind::Neg(_) => "an arithmetic expression".into(),
        ExprKind::Chain { .. } => "a `#` chain".into(),
        ExprKind::Apply(_) => "a `$` expression".into(),
        ExprKind::ChainSection(_) => "a `(# ...)` section".into(),
        ExprKind::OpSection { .. } => "an operator section".into(),
        ExprKind::List(_) => "a list".into(),
        ExprKind::Tuple(_) => "a tuple".into(),
        ExprKind::Paren(inner) => describe(inner),
    }
}

impl Checker {
    fn new(buses: Option<Vec<String>>) -> Checker {
        Checker {
            buses,
            diags: Vec::new(),
            injected: Vec::new(),
        }
    }

    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// `e` is value-shaped: report it if a transform or a list was wanted.
    fn want_value(&mut self, e: &Expr, want: Want) {
        match want.kind {
            WantKind::Value | WantKind::Pattern | WantKind::Any => {}
            WantKind::Function => self.err(Diagnostic::error(
                e.span,
                format!(
                    "{} a transform ({TRANSFORM_EXAMPLES}), found {}",
                    want.context(),
                    describe(e)
                ),
            )),
            WantKind::DollarOperand => {
                if let ExprKind::Call { name, args, .. } = &e.kind {
                    if let Some(spec) = registry::lookup(name) {
                        if spec.category == Category::Transform {
                            // too many arguments: already reported by the arity check
                            if args.len() == spec.params.len() + 1 {
                                self.err(Diagnostic::error(
                                    e.span,
                                    format!("'{name}' is given its pattern as its last argument here, so `$` cannot apply it as a transform"),
                                ));
                            }
                            return;
                        }
                    }
                }
                self.err(
                Diagnostic::error(
                    e.span,
                    format!(
                        "{} is not a transform, but `$` already has a pattern or signal to apply to",
                        describe(e)
                    ),
                )
                .with_help("only one operand of `$` is the subject; the others must be transforms like `fast 2` or `rev`"),
                )
            }
            WantKind::FunctionList | WantKind::List | WantKind::Pairs => {
                self.err(Diagnostic::error(
                    e.span,
                    format!("{} a list `[...]`, found {}", want.context(), describe(e)),
                ))
            }
        }
    }

    /// `e` is transform-shaped: report it if a value or a list was wanted.
    fn want_function(&mut self, e: &Expr, want: Want) {
        match want.kind {
            WantKind::Function | WantKind::DollarOperand | WantKind::Any => {}
            WantKind::Value | WantKind::Pattern => self.err(
                Diagnostic::error(
                    e.span,
                    format!(
                        "{} a value, but {} is a transform",
                        want.context(),
                        describe(e)
                    ),
                )
                .with_help("apply a transform with `$`, like `s \"bd sn\" $ fast 2`"),
            ),
            WantKind::FunctionList | WantKind::List | WantKind::Pairs => {
                self.err(Diagnostic::error(
                    e.span,
                    format!("{} a list `[...]`, found {}", want.context(), describe(e)),
                ))
            }
        }
    }

    fn check(&mut self, e: &Expr, want: Want) {
        match &e.kind {
            ExprKind::Number { .. } => self.want_value(e, want),
            ExprKind::Str(text) => {
                self.mini(e, text);
                if want.numbers {
                    self.numbers_only(e, text, &want);
                }
                self.want_value(e, want);
            }
            ExprKind::Bus(name) => {
                self.bus(e, name);
                self.want_value(e, want);
            }
            ExprKind::Call {
                name,
                name_span,
                args,
                resolved,
            } => self.call(e, name, *name_span, args, resolved, want),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.check(lhs, want.operand());
                self.check(rhs, want.operand());
                self.want_value(e, want);
            }
            ExprKind::Neg(inner) => {
                self.check(inner, want.operand());
                self.want_value(e, want);
            }
            ExprKind::Chain { lhs, rhs } => {
                self.check(lhs, Want::value());
                self.chain_rhs(rhs);
                self.want_value(e, want);
            }
            ExprKind::Apply(parts) => self.apply(e, parts, want),
            ExprKind::ChainSection(inner) => {
                self.chain_rhs(inner);
                self.want_function(e, want);
            }
            ExprKind::OpSection { rhs, .. } => {
                self.check(rhs, Want::value());
                self.want_function(e, want);
            }
            ExprKind::Tuple(items) => {
                // A tuple in a list (`wchoose [(2, 4), (-2, 2)]`): its items are values.
                for item in items {
                    self.check(item, Want::value());
                }
            }
            ExprKind::List(items) if want.kind == WantKind::Pairs => {
                for item in items {
                    match &item.kind {
                        ExprKind::Tuple(parts) if parts.len() == 2 => {
                            for part in parts {
                                self.check(part, Want::of(WantKind::Any));
                            }
                        }
                        _ => {
                            self.err(Diagnostic::error(
                                item.span,
                                format!(
                                    "{} a list of pairs like (1, \"a\"), found {}",
                                    want.context(),
                                    describe(item)
                                ),
                            ));
                            self.check(item, Want::of(WantKind::Any));
                        }
                    }
                }
            }
            ExprKind::List(items) => {
                let item_want = match want.kind {
                    WantKind::List => Want::value(),
                    WantKind::FunctionList => Want {
                        kind: WantKind::Function,
                        ctx: want.ctx,
                        numbers: want.numbers,
                    },
                    WantKind::Any => want,
                    _ => {
                        let mut d = Diagnostic::error(
                            e.span,
                            format!("{} a single value, found a list", want.context()),
                        );
                        if matches!(want.kind, WantKind::Value | WantKind::Pattern) {
                            d = d.with_help("to play several things use `stack [a, b]`, one per cycle `cat [a, b]`");
                        }
                        self.err(d);
                        Want::of(WantKind::Any)
                    }
                };
                for item in items {
                    self.check(item, item_want);
                }
            }
            ExprKind::Paren(inner) => self.check(inner, want),
        }
    }

    fn mini(&mut self, e: &Expr, text: &str) {
        if let Err(me) = crate::pattern::mini::validate(text) {
            let content_start = e.span.start + 1;
            let content_end = e.span.end.saturating_sub(1).max(content_start);
            let at = (content_start + me.offset.min(text.len())).min(content_end);
            // one whole character (`é` is two bytes)
            let width = text
                .get(me.offset..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            let end = (at + width).min(content_end).max(at);
            self.err(Diagnostic::error(
                Span::new(at, end),
                format!("bad mini-notation: {}", me.message),
            ));
        }
    }

    /// A word in a string given where only numbers go (`every "x"`, `lpf "a b"`) is an
    /// error at the word: it would be dropped or read as a note number. A word is a run
    /// of letters, digits, `_`, `#`, `:` and `'` that starts with a letter (`1e3` is a number).
    fn numbers_only(&mut self, e: &Expr, text: &str, want: &Want) {
        let content_start = e.span.start + 1;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let starts_word = bytes[i].is_ascii_alphabetic()
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'));
            if !starts_word {
                i += 1;
                continue;
            }
            let end = text[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || "_#:'".contains(c)))
                .map_or(text.len(), |n| i + n);
            let what = match want.ctx {
                Some((f, p)) => format!("'{f}' takes only numbers for '{p}'"),
                None => "only numbers go here".to_string(),
            };
            self.err(Diagnostic::error(
                Span::new(content_start + i, content_start + end),
                format!("{what}, not the word '{}'", &text[i..end]),
            ));
            return;
        }
    }

    fn bus(&mut self, e: &Expr, name: &str) {
        let Some(buses) = &self.buses else {
            self.err(Diagnostic::error(
                e.span,
                format!("'~{name}': a single expression cannot refer to buses"),
            ));
            return;
        };
        if BuiltinBus::named(name).is_some() || buses.iter().any(|b| b == name) {
            return;
        }
        let mut candidates: Vec<&str> = buses.iter().map(String::as_str).collect();
        for n in BuiltinBus::names() {
            candidates.push(n);
        }
        let mut d = Diagnostic::error(e.span, format!("bus '~{name}' is never defined"));
        if let Some(s) = closest(name, candidates) {
            d.message = format!("bus '~{name}' is never defined (did you mean '~{s}'?)");
            d = d.with_suggestion(format!("~{s}"));
        } else {
            d = d.with_help(format!("define it with `~{name}: ...`"));
        }
        self.err(d);
    }

    fn call(
        &mut self,
        e: &Expr,
        name: &str,
        name_span: Span,
        args: &[Arg],
        resolved: &Resolved,
        want: Want,
    ) {
        let Some(spec) = registry::lookup(name) else {
            let mut d = Diagnostic::error(name_span, format!("unknown function '{name}'"));
            if let Some(s) = registry::suggest(name) {
                d.message = format!("unknown function '{name}' (did you mean '{s}'?)");
                d = d.with_suggestion(s);
            } else if self
                .buses
                .as_ref()
                .is_some_and(|b| b.iter().any(|b| b == name) || BuiltinBus::named(name).is_some())
            {
                d.message = format!("unknown function '{name}' (did you mean '~{name}'?)");
                d = d.with_suggestion(format!("~{name}"));
            }
            self.err(d);
            for a in args {
                self.check(&a.value, Want::of(WantKind::Any));
            }
            return;
        };
        let injected = self.injected.contains(&(e as *const Expr));
        self.args(spec, name_span, args, injected, resolved);
        if spec.category == Category::Transform && !call_has_subject(spec, args) {
            self.want_function(e, want);
        } else {
            self.want_value(e, want);
            if want.kind == WantKind::Pattern
                && matches!(
                    spec.category,
                    Category::Filter | Category::Effect | Category::Synth
                )
            {
                self.err(Diagnostic::error(
                    e.span,
                    format!(
                        "{} a pattern (a number or \"...\"), found the audio signal '{name}'",
                        want.context()
                    ),
                ));
            }
        }
    }

    fn args(
        &mut self,
        spec: &'static FunctionSpec,
        name_span: Span,
        args: &[Arg],
        injected: bool,
        resolved: &Resolved,
    ) {
        let binding = resolve(spec, name_span, args, injected, resolved);
        for (slot, p) in binding.bound.slots.iter().zip(spec.params) {
            if let Slot::Given(e) = slot {
                self.check(e, Want::for_param(spec, p));
            }
        }
        for e in &binding.bound.extra {
            // a transform's explicit pattern, or a variadic extra
            self.check(e, Want::value());
        }
        for e in &binding.bound.unbound {
            self.check(e, Want::of(WantKind::Any));
        }
        self.diags.extend(binding.errors);
    }

    fn apply(&mut self, e: &Expr, parts: &[Expr], want: Want) {
        // An operand headed by an unknown name makes the shape unknowable: check the
        // insides only (the unknown name is reported).
        if parts.iter().any(head_is_unknown) {
            for p in parts {
                self.check(p, Want::of(WantKind::Any));
            }
            return;
        }
        match (apply_subject(parts), want.kind) {
            (None, WantKind::Function | WantKind::DollarOperand | WantKind::Any) => {
                for p in parts {
                    self.check(p, Want::of(WantKind::Function));
                }
            }
            (None, _) => {
                self.err(
                    Diagnostic::error(
                        e.span,
                        "nothing to transform: every operand of `$` is a transform",
                    )
                    .with_help(
                        "add the pattern or signal to transform, like `s \"bd sn\" $ fast 2`",
                    ),
                );
                for p in parts {
                    self.check(p, Want::of(WantKind::Function));
                }
            }
            (Some(i), _) => {
                for (j, p) in parts.iter().enumerate() {
                    if j == i {
                        self.check(p, want.operand());
                    } else {
                        self.check(p, Want::of(WantKind::DollarOperand));
                    }
                }
                self.want_value(e, want);
            }
        }
    }

    fn chain_rhs(&mut self, rhs: &Expr) {
        const WHAT: &str = "the right side of `#` must be a filter, effect, envelope or per-event control (like `lpf 800` or `gain 0.8`)";
        let target = chain_target(rhs);
        let Some(target) = target else {
            self.err(Diagnostic::error(
                rhs.span,
                format!("{WHAT}, found {}", describe(rhs)),
            ));
            self.check(rhs, Want::of(WantKind::Any));
            return;
        };
        let ExprKind::Call {
            name, name_span, ..
        } = &target.kind
        else {
            return;
        };
        match registry::lookup(name) {
            Some(spec) if spec.chainable() => {
                self.injected.push(target as *const Expr);
                self.check(rhs, Want::value());
                self.injected.pop();
            }
            Some(spec)
                if spec.category == Category::Pattern
                    || (spec.category == Category::Transform
                        && call_has_subject(spec, call_args(target))) =>
            {
                // a pattern of controls, merged onto the left (`# iter 3 (note "1 3")`)
                self.check(rhs, Want::value());
            }
            Some(spec) if spec.category == Category::Transform => {
                self.err(
                    Diagnostic::error(
                        *name_span,
                        format!("'{name}' is a pattern transform: apply it with `$`, not `#`"),
                    )
                    .with_help(format!("write `x $ {name} ...`")),
                );
                self.check(rhs, Want::of(WantKind::Any));
            }
            Some(_) => {
                self.err(Diagnostic::error(
                    *name_span,
                    format!("'{name}' takes no input: {WHAT}"),
                ));
                self.check(rhs, Want::of(WantKind::Any));
            }
            None => self.check(rhs, Want::value()),
        }
    }
}

/// Is the head of this operand (through parentheses) a call of an unknown name?
fn head_is_unknown(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { name, .. } => registry::lookup(name).is_none(),
        ExprKind::Paren(inner) => head_is_unknown(inner),
        _ => false,
    }
}
