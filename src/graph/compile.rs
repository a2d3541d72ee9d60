//! Checked program -> [`Graph`]: every statement becomes nodes.
//!
//! - Buses get a pass-through node first, so they can be read before they are defined
//!   and in feedback.
//! - `a # f x` injects `a` as the input of the leftmost call of the right side (filters,
//!   effects); envelopes and gates on the right multiply; after a sample player, per-event
//!   controls (`# gain "1 0.8"`) become part of its event pattern.
//! - `x $ f` applies the transform to the patterns inside `x` (a sample player, a string,
//!   an oscillator with a pattern frequency); if `x` carries no pattern that is an error.
//! - Anything made only of patterns (strings, `s`, pattern arithmetic) is evaluated by the
//!   pattern engine and becomes one pattern node.

use std::collections::HashMap;

use crate::lang::ast::{
    Arg, BinOp, Expr, ExprKind, Operator, OutputTarget, Program, Span, StatementKind, Structure,
};
use crate::lang::bind::{bind, Bound, Slot};
use crate::lang::check::{apply_subject, call_has_subject, chain_target, BuiltinBus};
use crate::lang::diagnostics::Diagnostic;
use crate::lang::eval::{eval, eval_pattern, Evaluated};
use crate::pattern::transforms::Transform;
use crate::pattern::{Pattern, Value};
use crate::registry::{
    self, Category, FunctionSpec, GateShape, Implementation, OnSignal, Special, TriggeredTimes,
};

use std::hash::{Hash, Hasher};

use super::{output_name, Edge, ExternalInput, Graph, Node, NodeId, NodeKind, PatternRole};

type Result<T> = std::result::Result<T, Diagnostic>;

struct Compiler {
    graph: Graph,
    buses: HashMap<String, NodeId>,
    externals: HashMap<ExternalInput, NodeId>,
    owner: String,
    /// While compiling one voice of a polyphonic statement: which voices, and its index.
    voice: Option<(Voices, usize)>,
    /// In a pattern voice group: the span of the note pattern that each voice replaces by
    /// its own frequency.
    voice_pattern: Option<Span>,
    /// Whether the current voice's expression has an envelope (else it is gated).
    voice_has_envelope: bool,
    /// A hash of the statement being compiled (its canonical text), and how many nodes it
    /// has made so far: together with the owner they make each node's [`Node::key`].
    statement: u64,
    ordinal: u64,
}

/// The voices of a polyphonic statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Voices {
    /// One per held MIDI key.
    Midi,
    /// One per sounding event of pattern voice group G.
    Group(usize),
}

impl Voices {
    fn freq(self, k: usize) -> ExternalInput {
        match self {
            Voices::Midi => ExternalInput::VoiceFreq(k),
            Voices::Group(g) => ExternalInput::GroupFreq(g, k),
        }
    }

    fn gate(self, k: usize) -> ExternalInput {
        match self {
            Voices::Midi => ExternalInput::VoiceGate(k),
            Voices::Group(g) => ExternalInput::GroupGate(g, k),
        }
    }
}

/// Voices of a statement that uses `~midi` (one per held key; the oldest is stolen).
pub const MIDI_VOICES: usize = 8;

/// Voices of a statement pitched by a note pattern (one per sounding event).
pub const PATTERN_VOICES: usize = 8;

/// Compiles a checked program into a graph. Errors are returned together.
pub fn compile(program: &Program) -> std::result::Result<Graph, Vec<Diagnostic>> {
    let mut c = Compiler {
        graph: Graph::default(),
        buses: HashMap::new(),
        externals: HashMap::new(),
        owner: String::new(),
        voice: None,
        voice_pattern: None,
        voice_has_envelope: false,
        statement: 0,
        ordinal: 0,
    };
    // Pass 1: a node for every bus (the last definition wins).
    for st in &program.statements {
        if let StatementKind::Bus {
            name, name_span, ..
        } = &st.kind
        {
            if !c.buses.contains_key(name) {
                c.owner = format!("~{name}");
                let id = c.push(
                    NodeKind::Bus { name: name.clone() },
                    vec![],
                    *name_span,
                    format!("~{name}"),
                );
                c.buses.insert(name.clone(), id);
            }
        }
    }
    let mut errors = Vec::new();
    let mut definitions: HashMap<String, usize> = HashMap::new();
    for (i, st) in program.statements.iter().enumerate() {
        if let StatementKind::Bus { name, .. } = &st.kind {
            definitions.insert(name.clone(), i);
        }
    }
    let mut main = None;
    let mut numbered = Vec::new();
    for (i, st) in program.statements.iter().enumerate() {
        match &st.kind {
            StatementKind::Bus { name, expr, .. } => {
                if definitions.get(name) != Some(&i) {
                    continue; // replaced by a later definition
                }
                c.owner = format!("~{name}");
                c.begin_statement(st);
                match c.statement_expr(expr) {
                    Ok(root) => {
                        let bus = c.buses[name];
                        c.graph.nodes[bus.index()].inputs = vec![Edge {
                            from: root,
                            delayed: false,
                        }];
                    }
                    Err(e) => errors.push(e),
                }
            }
            StatementKind::Output { target, expr } => {
                c.owner = output_name(*target);
                c.begin_statement(st);
                match c.statement_expr(expr) {
                    Ok(root) => {
                        let id = c.push(
                            NodeKind::Output { target: *target },
                            vec![root],
                            st.span,
                            output_name(*target),
                        );
                        match target {
                            OutputTarget::Main => main = Some(id),
                            OutputTarget::Numbered(_) => numbered.push(id),
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
            StatementKind::Tempo { cps, .. } => c.graph.cps = Some(*cps),
            StatementKind::Hush => c.graph.hushed = true,
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    c.graph.outputs = main.into_iter().chain(numbered).collect();
    Ok(c.graph)
}

/// True when an expression is made only of patterns (no audio signals), so the pattern
/// engine can evaluate it as a whole.
fn is_pattern_expr(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Str(_) => true,
        ExprKind::Number { .. } => false,
        ExprKind::Paren(inner) => is_pattern_expr(inner),
        ExprKind::Call { name, args, .. } => match registry::lookup(name) {
            Some(spec) => match spec.category {
                Category::Pattern => match spec.special() {
                    Some(Special::Stack | Special::Cat) => {
                        args.iter().all(|a| list_is_patterns(&a.value))
                    }
                    _ => true,
                },
                Category::Control => true,
                Category::Transform => {
                    call_has_subject(spec, args)
                        && args.last().is_some_and(|a| is_pattern_expr(&a.value))
                }
                _ => false,
            },
            None => false,
        },
        ExprKind::Apply(parts) => apply_subject(parts).is_some_and(|i| is_pattern_expr(&parts[i])),
        ExprKind::Chain { lhs, rhs } => is_pattern_expr(lhs) && chain_is_controls(rhs),
        ExprKind::Binary { lhs, rhs, .. } => {
            (is_pattern_expr(lhs) || is_number(lhs))
                && (is_pattern_expr(rhs) || is_number(rhs))
                && (is_pattern_expr(lhs) || is_pattern_expr(rhs))
        }
        _ => false,
    }
}

fn is_number(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Number { .. } => true,
        ExprKind::Paren(inner) | ExprKind::Neg(inner) => is_number(inner),
        ExprKind::Binary { lhs, rhs, .. } => is_number(lhs) && is_number(rhs),
        _ => false,
    }
}

fn list_is_patterns(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::List(items) => items.iter().all(is_pattern_expr),
        _ => is_pattern_expr(e),
    }
}

/// The right side of `#` only sets per-event controls or applies transforms.
fn chain_is_controls(rhs: &Expr) -> bool {
    match chain_target(rhs).map(|e| &e.kind) {
        Some(ExprKind::Call { name, .. }) => registry::lookup(name)
            .is_some_and(|s| matches!(s.category, Category::Control | Category::Transform)),
        _ => matches!(rhs.kind, ExprKind::Str(_)),
    }
}

/// True when a pattern expression is a sample player (its events are control maps with `s`).
fn is_sample_player(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { name, args, .. } => match registry::lookup(name) {
            Some(spec) if spec.special() == Some(Special::Sound) => true,
            Some(spec) if spec.category == Category::Transform => {
                args.last().is_some_and(|a| is_sample_player(&a.value))
            }
            Some(spec) if matches!(spec.special(), Some(Special::Stack | Special::Cat)) => {
                args.iter().any(|a| match &a.value.kind {
                    ExprKind::List(items) => items.iter().any(is_sample_player),
                    _ => is_sample_player(&a.value),
                })
            }
            _ => false,
        },
        ExprKind::Paren(inner) => is_sample_player(inner),
        ExprKind::Apply(parts) => apply_subject(parts).is_some_and(|i| is_sample_player(&parts[i])),
        ExprKind::Chain { lhs, .. } => is_sample_player(lhs),
        ExprKind::Binary { lhs, rhs, .. } => is_sample_player(lhs) || is_sample_player(rhs),
        _ => false,
    }
}

fn parse_default(text: &str) -> f32 {
    text.parse::<f32>().unwrap_or(0.0)
}

impl Compiler {
    /// Starts the nodes of statement `st`: their keys follow its canonical text, so the same
    /// statement in an edited program gives the same keys.
    fn begin_statement(&mut self, st: &crate::lang::ast::Statement) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        st.to_string().hash(&mut h);
        self.statement = h.finish();
        self.ordinal = 0;
    }

    fn push(&mut self, kind: NodeKind, inputs: Vec<NodeId>, span: Span, label: String) -> NodeId {
        let id = NodeId(self.graph.nodes.len() as u32);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match &kind {
            // Shared by every statement that reads them (and made by whichever comes first):
            // keyed by name, without taking a place in the statement's numbering, so editing
            // one statement does not renumber the others. They hold no state.
            NodeKind::External { input } => ("external", input).hash(&mut h),
            NodeKind::Bus { name } => ("bus", name).hash(&mut h),
            _ => {
                (&self.owner, self.statement, self.ordinal, &label).hash(&mut h);
                self.ordinal += 1;
            }
        }
        let key = h.finish();
        self.graph.nodes.push(Node {
            kind,
            inputs: inputs
                .into_iter()
                .map(|from| Edge {
                    from,
                    delayed: false,
                })
                .collect(),
            owner: self.owner.clone(),
            key,
            span,
            label,
        });
        id
    }

    fn constant(&mut self, v: f32, span: Span) -> NodeId {
        self.push(NodeKind::Const(v), vec![], span, format!("{v}"))
    }

    fn pattern_node(
        &mut self,
        pattern: Pattern<Value>,
        role: PatternRole,
        span: Span,
        label: String,
    ) -> NodeId {
        self.push(NodeKind::Pattern { pattern, role }, vec![], span, label)
    }

    /// A statement's expression. Polyphonic when it reads `~midi` (one copy per MIDI voice)
    /// or pitches a source with a pattern of note names (`saw "c3 e3 g3"`: one voice per
    /// event); the copies are summed.
    fn statement_expr(&mut self, e: &Expr) -> Result<NodeId> {
        let (set, count) = if reads_bus(e, "midi") {
            (Voices::Midi, MIDI_VOICES)
        } else if let Some(span) = find_note_pattern(e) {
            self.voice_pattern = Some(span);
            (Voices::Group(self.graph.voice_groups.len()), PATTERN_VOICES)
        } else {
            return self.expr(e);
        };
        let result = self.voices(e, set, count);
        self.voice = None;
        self.voice_pattern = None;
        result
    }

    fn voices(&mut self, e: &Expr, set: Voices, count: usize) -> Result<NodeId> {
        let mut voices = Vec::with_capacity(count);
        for k in 0..count {
            self.voice = Some((set, k));
            self.voice_has_envelope = false;
            let root = self.expr(e)?;
            // Without an envelope a voice is gated by its key or event, with a short fade.
            let root = if self.voice_has_envelope {
                root
            } else {
                let gate = self.bus_external(set.gate(k), e.span);
                let a = self.constant(0.005, e.span);
                let r = self.constant(0.02, e.span);
                let smooth = self.push(NodeKind::Slew, vec![gate, a, r], e.span, "gate".into());
                self.push(
                    NodeKind::Product,
                    vec![root, smooth],
                    e.span,
                    "voice".into(),
                )
            };
            voices.push(root);
        }
        Ok(self.push(NodeKind::Sum, voices, e.span, "voices".into()))
    }

    /// Compiles an expression used as a signal.
    fn expr(&mut self, e: &Expr) -> Result<NodeId> {
        self.expr_with(e, &[])
    }

    /// Compiles `e` with `transforms` applied to every pattern inside it.
    fn expr_with(&mut self, e: &Expr, transforms: &[Transform]) -> Result<NodeId> {
        let span = e.span;
        if is_pattern_expr(e) {
            let mut pattern = eval_pattern(e)?;
            for f in transforms {
                pattern = f(&pattern);
            }
            playable(&pattern, span)?;
            if let (Some(vspan), Some((set, k))) = (self.voice_pattern, self.voice) {
                if vspan == span {
                    // The note pattern of a pattern voice group: each voice plays the
                    // frequency of the events given to it.
                    if k == 0 {
                        self.graph.voice_groups.push(pattern);
                        // One group per statement: the statement identifies it across
                        // edits (its index moves when an earlier statement gains one).
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        ("voices", &self.owner, self.statement).hash(&mut h);
                        self.graph.voice_group_keys.push(h.finish());
                    }
                    return Ok(self.bus_external(set.freq(k), span));
                }
            }
            let label = crate::lang::ast::Expr::to_string(e);
            return Ok(if is_sample_player(e) {
                self.push(NodeKind::Sampler { pattern }, vec![], span, short(&label))
            } else {
                self.pattern_node(pattern, PatternRole::Value, span, short(&label))
            });
        }
        match &e.kind {
            ExprKind::Number { value, .. } => Ok(self.constant(*value as f32, span)),
            ExprKind::Str(_) => unreachable_pattern(span),
            ExprKind::Bus(name) => self.bus(name, span),
            ExprKind::Paren(inner) => self.expr_with(inner, transforms),
            ExprKind::Neg(inner) => {
                let x = self.expr_with(inner, transforms)?;
                Ok(self.push(NodeKind::Neg, vec![x], span, "neg".into()))
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let bop = match op {
                    Operator::Arith(b, Structure::Both | Structure::Left | Structure::Right) => *b,
                    Operator::KeepLeft | Operator::KeepRight => {
                        return Err(Diagnostic::error(
                            span,
                            "'|<' and '|>' combine patterns, not audio signals",
                        ))
                    }
                };
                let a = self.expr_with(lhs, transforms)?;
                let b = self.expr_with(rhs, transforms)?;
                Ok(self.binary(bop, a, b, span))
            }
            ExprKind::Chain { lhs, rhs }
                if is_sample_player(lhs) && envelope_call(rhs).is_some() =>
            {
                // After `s`, an envelope shapes each voice: it becomes per-event controls.
                let Some((b, triggered)) = envelope_call(rhs) else {
                    return Err(Diagnostic::error(rhs.span, "expected an envelope"));
                };
                let mut pattern = eval_pattern(lhs)?;
                for f in transforms {
                    pattern = f(&pattern);
                }
                playable(&pattern, lhs.span)?;
                let mut values = Vec::with_capacity(b.slots.len());
                for slot in &b.slots {
                    values.push(match slot {
                        Slot::Given(e) => crate::lang::parser::const_value(e).ok_or_else(|| {
                            Diagnostic::error(
                                e.span,
                                "an envelope on a sample player takes numbers",
                            )
                        })? as f32,
                        Slot::Default(d) => parse_default(d),
                        Slot::Input | Slot::Missing => {
                            return Err(Diagnostic::error(rhs.span, "the envelope needs its times"))
                        }
                    });
                }
                let times = triggered(&values);
                // attack, hold before the release (None: the whole event), release
                let (attack, release) = (times.attack as f64, times.release as f64);
                let hold = (!times.held).then_some(attack);
                let controls = pattern.fmap(move |v| {
                    let mut v = v
                        .with_control("attack", Value::Num(attack))
                        .with_control("release", Value::Num(release));
                    v = match hold {
                        Some(h) => v.with_control("hold", Value::Num(h)),
                        None => v.with_control("legato", Value::Num(1.0)),
                    };
                    v
                });
                Ok(self.push(
                    NodeKind::Sampler { pattern: controls },
                    vec![],
                    span,
                    short(&e.to_string()),
                ))
            }
            ExprKind::Chain { lhs, rhs } => {
                let input = self.expr_with(lhs, transforms)?;
                self.chain_rhs(rhs, input, transforms)
            }
            ExprKind::Apply(parts) => self.apply(parts, span, transforms),
            ExprKind::Call {
                name,
                name_span,
                args,
            } => self.call(name, *name_span, args, span, None, transforms),
            ExprKind::List(_) => Err(Diagnostic::error(
                span,
                "a list is not a signal (use `mix [a, b]` or `stack [a, b]`)",
            )),
            ExprKind::ChainSection(_) | ExprKind::OpSection { .. } => Err(Diagnostic::error(
                span,
                "a section like `(# ...)` is a transform; apply it with `$`",
            )),
        }
    }

    fn binary(&mut self, op: BinOp, a: NodeId, b: NodeId, span: Span) -> NodeId {
        // `a + b + c + ...` becomes one sum node (same left-to-right order, so the same
        // bits), instead of a chain of buffers.
        if op == BinOp::Add {
            let left = &mut self.graph.nodes[a.index()];
            if left.owner == self.owner
                && matches!(left.kind, NodeKind::Binary(BinOp::Add) | NodeKind::Sum)
            {
                left.kind = NodeKind::Sum;
                left.label = "+".into();
                left.inputs.push(Edge {
                    from: b,
                    delayed: false,
                });
                return a;
            }
        }
        let label = match op {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        };
        self.push(NodeKind::Binary(op), vec![a, b], span, label.into())
    }

    fn bus(&mut self, name: &str, span: Span) -> Result<NodeId> {
        if let Some(id) = self.buses.get(name) {
            return Ok(*id);
        }
        match BuiltinBus::named(name) {
            // In MIDI voice K, `~midi` is the frequency of the key that voice plays.
            Some(BuiltinBus::Midi) => {
                let input = match self.voice {
                    Some((Voices::Midi, k)) => ExternalInput::VoiceFreq(k),
                    _ => ExternalInput::MidiFreq,
                };
                return Ok(self.bus_external(input, span));
            }
            Some(builtin) => return Ok(self.bus_external(builtin.into(), span)),
            None => {}
        }
        Err(Diagnostic::error(
            span,
            format!("bus '~{name}' is never defined"),
        ))
    }

    /// The (shared) node of a built-in input.
    fn bus_external(&mut self, input: ExternalInput, span: Span) -> NodeId {
        if let Some(id) = self.externals.get(&input) {
            return *id;
        }
        let id = self.push(
            NodeKind::External { input },
            vec![],
            span,
            format!("~{input}"),
        );
        self.externals.insert(input, id);
        id
    }

    /// `x $ f $ g` on a signal: transforms go to the patterns inside `x`; `range` maps the
    /// signal itself.
    fn apply(&mut self, parts: &[Expr], span: Span, outer: &[Transform]) -> Result<NodeId> {
        let Some(si) = apply_subject(parts) else {
            return Err(Diagnostic::error(
                span,
                "a transform needs something to apply to",
            ));
        };
        // Order of application: before the subject right to left, after it left to right.
        let order: Vec<&Expr> = parts[..si]
            .iter()
            .rev()
            .chain(parts[si + 1..].iter())
            .collect();
        let mut transforms: Vec<Transform> = Vec::new();
        let mut ranges: Vec<(&'static FunctionSpec, &Expr, &Expr)> = Vec::new();
        for t in &order {
            if let Some(range) = range_call(t) {
                ranges.push(range);
                continue;
            }
            match eval(t)? {
                Evaluated::Function(f) => transforms.push(f),
                _ => return Err(Diagnostic::error(t.span, "expected a transform after '$'")),
            }
        }
        transforms.extend(outer.iter().cloned());
        let subject = &parts[si];
        if !transforms.is_empty() && !contains_pattern(subject) {
            return Err(Diagnostic::error(
                subject.span,
                "this transform cannot apply: the expression carries no pattern (give it a string, like `saw \"55 110\"`)",
            ));
        }
        let mut node = self.expr_with(subject, &transforms)?;
        for (spec, lo, hi) in ranges {
            node = self.range_map(spec, node, lo, hi, span)?;
        }
        Ok(node)
    }

    /// `range lo hi` on a signal: maps -1..1 to lo..hi.
    fn range_map(
        &mut self,
        spec: &'static FunctionSpec,
        x: NodeId,
        lo: &Expr,
        hi: &Expr,
        span: Span,
    ) -> Result<NodeId> {
        let lo = self.expr(lo)?;
        let hi = self.expr(hi)?;
        // The entry's signal kernel (dsp/util.rs `Range`): inputs lo, hi, then the signal.
        let kind = NodeKind::Kernel { function: spec };
        Ok(self.push(kind, vec![lo, hi, x], span, "range".into()))
    }

    /// The right side of `#` with `input` injected into its leftmost call.
    fn chain_rhs(&mut self, rhs: &Expr, input: NodeId, transforms: &[Transform]) -> Result<NodeId> {
        match &rhs.kind {
            ExprKind::Paren(inner) => self.chain_rhs(inner, input, transforms),
            ExprKind::Binary { op, lhs, rhs: r } => {
                let Operator::Arith(bop, _) = op else {
                    return Err(Diagnostic::error(
                        rhs.span,
                        "'|<' and '|>' combine patterns, not audio signals",
                    ));
                };
                let a = self.chain_rhs(lhs, input, transforms)?;
                let b = self.expr_with(r, transforms)?;
                Ok(self.binary(*bop, a, b, rhs.span))
            }
            ExprKind::Chain { lhs, rhs: r } => {
                let mid = self.chain_rhs(lhs, input, transforms)?;
                self.chain_rhs(r, mid, transforms)
            }
            ExprKind::Call {
                name,
                name_span,
                args,
            } => self.call(name, *name_span, args, rhs.span, Some(input), transforms),
            _ => Err(Diagnostic::error(
                rhs.span,
                "expected a filter, effect or envelope after '#'",
            )),
        }
    }

    /// A call, with `input` as its audio input when it comes from `#`.
    fn call(
        &mut self,
        name: &str,
        name_span: Span,
        args: &[Arg],
        span: Span,
        input: Option<NodeId>,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        let Some(spec) = registry::lookup(name) else {
            return Err(Diagnostic::error(
                name_span,
                format!("unknown function '{name}'"),
            ));
        };
        let b = bind(spec, name_span, args, input.is_some()).bound;
        match spec.implementation {
            Implementation::Transform(t) => {
                let on_signal = t.on_signal;
                if let (Some(OnSignal::Range), Some(lo), Some(hi)) =
                    (on_signal, b.given(0), b.given(1))
                {
                    let subject = match (input, b.subject()) {
                        (Some(i), _) => i,
                        (None, Some(a)) => self.expr_with(a, transforms)?,
                        (None, None) => {
                            return Err(Diagnostic::error(span, "'range' needs a signal"))
                        }
                    };
                    return self.range_map(spec, subject, lo, hi, span);
                }
                if let Some(subject) = b.subject() {
                    let f = transform_of(&b, span)?;
                    let mut all = vec![f];
                    all.extend(transforms.iter().cloned());
                    if on_signal == Some(OnSignal::Gate) && !contains_pattern(subject) {
                        // `struct "t ~ t t" sig`: the rhythm gates the signal.
                        let sig = self.expr_with(subject, transforms)?;
                        let gate = self.gate_pattern(&b, span, PatternRole::Gate)?;
                        return Ok(self.push(
                            NodeKind::Product,
                            vec![sig, gate],
                            span,
                            spec.name.into(),
                        ));
                    }
                    return self.expr_with(subject, &all);
                }
                Err(Diagnostic::error(
                    span,
                    format!("'{}' is a transform: apply it with `$`", spec.name),
                ))
            }
            Implementation::Control { on_signal: Some(_) } => {
                // On a signal, a control with a signal form is that kernel (`pan`): the
                // signal, then the control's parameters.
                let Some(signal) = input else {
                    return Err(Diagnostic::error(
                        name_span,
                        format!("'{}' needs a signal or sample player before `#`", spec.name),
                    ));
                };
                let mut inputs = vec![signal];
                for i in 0..spec.params.len() {
                    inputs.push(self.arg_node(&b, i, span, transforms)?);
                }
                Ok(self.push(
                    NodeKind::Kernel { function: spec },
                    inputs,
                    span,
                    spec.name.into(),
                ))
            }
            Implementation::Control { .. } => Err(Diagnostic::error(
                name_span,
                format!(
                    "'{}' sets a parameter of each sample-player event: use it after `s \"...\" #`",
                    spec.name
                ),
            )),
            Implementation::Envelope(e) if self.voice.is_some() && e.triggered.is_some() => {
                // In a voice the envelope follows the voice's key or event, not the cycle.
                let (set, k) = self.voice.unwrap_or((Voices::Midi, 0));
                let gate = self.bus_external(set.gate(k), span);
                let mut inputs = vec![gate];
                for i in 0..spec.params.len() {
                    inputs.push(self.arg_node(&b, i, span, transforms)?);
                }
                self.voice_has_envelope = true;
                let kind = NodeKind::VoiceEnvelope { function: spec };
                let env = self.push(kind, inputs, span, spec.name.into());
                Ok(match input {
                    Some(i) => self.push(NodeKind::Product, vec![i, env], span, spec.name.into()),
                    None => env,
                })
            }
            Implementation::Envelope(_) => {
                let env = self.kernel(&b, span, None, transforms)?;
                Ok(match input {
                    Some(i) => self.push(NodeKind::Product, vec![i, env], span, spec.name.into()),
                    None => env,
                })
            }
            Implementation::Special(Special::Gate(shape)) => {
                let role = match shape {
                    GateShape::Trigger => PatternRole::Trigger,
                    GateShape::Hold | GateShape::Smoothed => PatternRole::Gate,
                };
                let gate = self.gate_pattern(&b, span, role)?;
                let gate = if shape == GateShape::Smoothed {
                    // attack/release smoothing of the gate, in seconds
                    let a = self.arg_node(&b, 1, span, transforms)?;
                    let r = self.arg_node(&b, 2, span, transforms)?;
                    self.push(NodeKind::Slew, vec![gate, a, r], span, spec.name.into())
                } else {
                    gate
                };
                Ok(match input {
                    Some(i) => self.push(NodeKind::Product, vec![i, gate], span, spec.name.into()),
                    None => gate,
                })
            }
            Implementation::Special(Special::Stack | Special::Mix) => {
                self.sum_of_list(args, span, transforms)
            }
            Implementation::Special(Special::Cat | Special::Sound) => Err(Diagnostic::error(
                span,
                format!("'{}' combines patterns only", spec.name),
            )),
            Implementation::Kernel(_) | Implementation::Synth(_) => {
                self.kernel(&b, span, input, transforms)
            }
        }
    }

    fn sum_of_list(
        &mut self,
        args: &[Arg],
        span: Span,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        let mut items = Vec::new();
        for a in args {
            match &a.value.kind {
                ExprKind::List(list) => {
                    for e in list {
                        items.push(self.expr_with(e, transforms)?);
                    }
                }
                _ => items.push(self.expr_with(&a.value, transforms)?),
            }
        }
        Ok(self.push(NodeKind::Sum, items, span, "mix".into()))
    }

    /// A gate/trigger signal from the first argument's pattern.
    fn gate_pattern(&mut self, b: &Bound, span: Span, role: PatternRole) -> Result<NodeId> {
        let Some(first) = b.given(0) else {
            return Err(Diagnostic::error(
                span,
                "expected a rhythm pattern like \"t ~ t t\"",
            ));
        };
        let p = eval_pattern(first)?;
        playable(&p, first.span)?;
        let p = p.filter_values(|v| v.is_truthy());
        Ok(self.pattern_node(p, role, first.span, short(&first.to_string())))
    }

    /// The node for parameter `i` of a bound call: its argument, or its default.
    fn arg_node(
        &mut self,
        b: &Bound,
        i: usize,
        span: Span,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        match b.slots.get(i) {
            Some(Slot::Given(e)) => self.expr_with(e, transforms),
            Some(Slot::Default(d)) => Ok(self.constant(parse_default(d), span)),
            _ => Err(Diagnostic::error(
                span,
                format!(
                    "'{}' needs its '{}' argument",
                    b.spec.name,
                    b.spec.params.get(i).map_or("?", |p| p.name)
                ),
            )),
        }
    }

    /// A DSP kernel node with every parameter bound, and a variadic function's extras.
    fn kernel(
        &mut self,
        b: &Bound,
        span: Span,
        input: Option<NodeId>,
        transforms: &[Transform],
    ) -> Result<NodeId> {
        let spec = b.spec;
        let mut inputs = Vec::with_capacity(spec.params.len() + b.extra.len());
        for (i, slot) in b.slots.iter().enumerate() {
            let node = match (slot, input) {
                (Slot::Input, Some(input)) => input,
                _ => self.arg_node(b, i, span, transforms)?,
            };
            inputs.push(node);
        }
        for e in &b.extra {
            inputs.push(self.expr_with(e, transforms)?);
        }
        Ok(self.push(
            NodeKind::Kernel { function: spec },
            inputs,
            span,
            spec.name.into(),
        ))
    }
}

/// The transform of a bound transform call.
fn transform_of(b: &Bound, span: Span) -> Result<Transform> {
    crate::lang::eval::transform_of(b, span)
}

/// A transform that maps signals (`range lo hi`) without its subject: its entry and bounds.
fn range_call(e: &Expr) -> Option<(&'static FunctionSpec, &Expr, &Expr)> {
    match &e.kind {
        ExprKind::Paren(inner) => range_call(inner),
        ExprKind::Call {
            name,
            name_span,
            args,
        } => {
            let spec = registry::lookup(name)?;
            if spec.transform()?.on_signal != Some(OnSignal::Range) {
                return None;
            }
            let b = bind(spec, *name_span, args, false).bound;
            if b.subject().is_some() {
                return None;
            }
            Some((spec, b.given(0)?, b.given(1)?))
        }
        _ => None,
    }
}

/// The first pattern of note names (or chords) that sets the frequency of a source or
/// synth in the expression: such a statement plays one voice per event.
fn find_note_pattern(e: &Expr) -> Option<Span> {
    match &e.kind {
        ExprKind::Call { name, args, .. } => {
            let spec = registry::lookup(name)?;
            if matches!(spec.category, Category::Source | Category::Synth) {
                let first = spec.params.first()?;
                if matches!(first.name, "freq" | "carrier") {
                    let arg = args.iter().find(|a| match &a.keyword {
                        Some((k, _)) => k == first.name,
                        None => true,
                    })?;
                    if is_pattern_expr(&arg.value) && has_note_names(&arg.value) {
                        return Some(arg.value.span);
                    }
                }
            }
            args.iter().find_map(|a| find_note_pattern(&a.value))
        }
        ExprKind::Binary { lhs, rhs, .. } | ExprKind::Chain { lhs, rhs } => {
            find_note_pattern(lhs).or_else(|| find_note_pattern(rhs))
        }
        ExprKind::Neg(x) | ExprKind::Paren(x) => find_note_pattern(x),
        ExprKind::Apply(parts) => apply_subject(parts).and_then(|i| find_note_pattern(&parts[i])),
        _ => None,
    }
}

/// An error at `span` if a cycle of `pattern` is too dense to compute (nested speed-ups
/// beyond the query budget, which would otherwise be cut short while playing): its first
/// cycle is queried once.
fn playable(pattern: &Pattern<Value>, span: Span) -> Result<()> {
    let _ = pattern.query_span(crate::pattern::Time::ZERO, crate::pattern::Time::ONE);
    if crate::pattern::budget::exceeded() {
        return Err(Diagnostic::error(span, crate::pattern::budget::too_dense()));
    }
    Ok(())
}

/// True when a pattern's values (over its first cycles) include note names.
fn has_note_names(e: &Expr) -> bool {
    let Ok(p) = eval_pattern(e) else {
        return false;
    };
    let is_note = |h: &crate::pattern::Hap<Value>| match &h.value {
        Value::Str(s) => crate::pattern::value::note_to_midi(s).is_some(),
        _ => false,
    };
    let found = crate::pattern::budget::first_cycles(&p, 8).any(|haps| haps.iter().any(is_note));
    found
}

/// An envelope with a triggered form (`adsr`, `ad`, `env`) and its arguments, when that is
/// the whole right side of `#`.
fn envelope_call(e: &Expr) -> Option<(Bound<'_>, TriggeredTimes)> {
    match &e.kind {
        ExprKind::Paren(inner) => envelope_call(inner),
        ExprKind::Call {
            name,
            name_span,
            args,
        } => {
            let spec = registry::lookup(name)?;
            let Implementation::Envelope(env) = spec.implementation else {
                return None;
            };
            Some((bind(spec, *name_span, args, true).bound, env.triggered?))
        }
        _ => None,
    }
}

/// True when the expression reads `~name` directly (not through other buses).
fn reads_bus(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Bus(b) => b == name,
        ExprKind::Str(_) | ExprKind::Number { .. } => false,
        ExprKind::Call { args, .. } => args.iter().any(|a| reads_bus(&a.value, name)),
        ExprKind::Binary { lhs, rhs, .. } | ExprKind::Chain { lhs, rhs } => {
            reads_bus(lhs, name) || reads_bus(rhs, name)
        }
        ExprKind::Neg(x) | ExprKind::Paren(x) | ExprKind::ChainSection(x) => reads_bus(x, name),
        ExprKind::OpSection { rhs, .. } => reads_bus(rhs, name),
        ExprKind::Apply(parts) | ExprKind::List(parts) => parts.iter().any(|p| reads_bus(p, name)),
    }
}

/// True when a string pattern (or sample player) occurs anywhere in the expression.
fn contains_pattern(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Str(_) => true,
        ExprKind::Number { .. } | ExprKind::Bus(_) => false,
        ExprKind::Call { args, .. } => args.iter().any(|a| contains_pattern(&a.value)),
        ExprKind::Binary { lhs, rhs, .. } | ExprKind::Chain { lhs, rhs } => {
            contains_pattern(lhs) || contains_pattern(rhs)
        }
        ExprKind::Neg(x) | ExprKind::Paren(x) | ExprKind::ChainSection(x) => contains_pattern(x),
        ExprKind::OpSection { rhs, .. } => contains_pattern(rhs),
        ExprKind::Apply(parts) | ExprKind::List(parts) => parts.iter().any(contains_pattern),
    }
}

fn unreachable_pattern(span: Span) -> Result<NodeId> {
    Err(Diagnostic::error(
        span,
        "internal: a string should have compiled as a pattern",
    ))
}

/// A label shortened for plans.
fn short(s: &str) -> String {
    if s.chars().count() > 28 {
        let cut: String = s.chars().take(25).collect();
        format!("{cut}...")
    } else {
        s.to_string()
    }
}
