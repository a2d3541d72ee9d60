//! Checked program -> [`Graph`]: every statement becomes nodes, in named phases (see
//! [`compile`]). The phases' work lives in `nodes.rs` (making nodes and their keys),
//! `exprs.rs` (expressions, chains, `$`, voices), `calls.rs` (calls, by their registry
//! implementation) and `shape.rs` (questions about an expression's shape).
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
    Arg, BinOp, Expr, ExprKind, Operator, OutputTarget, Program, Resolved, Span, StatementKind,
    Structure,
};
use crate::lang::bind::{bound, Bound, Slot};
use crate::lang::check::{apply_subject, call_has_subject, chain_target, BuiltinBus};
use crate::lang::diagnostics::Diagnostic;
use crate::lang::eval::{eval, eval_pattern, Evaluated};
use crate::pattern::transforms::Transform;
use crate::pattern::{Pattern, Value};
use crate::registry::{
    self, Category, FunctionSpec, GateShape, Implementation, OnSignal, Special, TriggeredTimes,
};

use std::hash::{Hash, Hasher};

mod calls;
mod exprs;
mod nodes;
mod shape;

use shape::*;

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

/// Compiles a checked program into a graph, in three phases:
/// 1. [`declare_buses`]: a pass-through node for every bus, so buses can be read before
///    their definition and in feedback;
/// 2. [`compile_statements`]: each statement's expression into nodes (the last definition
///    of a bus wins), the tempo and `hush`;
/// 3. [`order_outputs`]: the main output first, then the numbered ones.
///
/// Errors of every statement are returned together.
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
    declare_buses(&mut c, program);
    let outputs = crate::lang::eval::with_control_buses(control_buses(program), || {
        compile_statements(&mut c, program)
    })?;
    order_outputs(&mut c, outputs);
    Ok(c.graph)
}

/// The buses whose (last) definition is a control pattern, directly or by continuing
/// another such bus (`~a: s "bd"`, `~b: ~a # gain 0.5`).
fn control_buses(program: &Program) -> HashMap<String, Expr> {
    let mut defs: HashMap<String, Expr> = HashMap::new();
    for s in &program.statements {
        if let StatementKind::Bus { name, expr, .. } = &s.kind {
            defs.insert(name.clone(), expr.clone());
        }
    }
    let mut found: HashMap<String, Expr> = HashMap::new();
    // Each round can only add buses that continue ones found before.
    for _ in 0..=defs.len() {
        let more: Vec<(String, Expr)> =
            crate::lang::eval::with_control_buses(found.clone(), || {
                defs.iter()
                    .filter(|(name, e)| !found.contains_key(*name) && is_control_pattern(e))
                    .map(|(n, e)| (n.clone(), e.clone()))
                    .collect()
            });
        if more.is_empty() {
            break;
        }
        found.extend(more);
    }
    found
}

/// Phase 1: a pass-through node for every bus name.
fn declare_buses(c: &mut Compiler, program: &Program) {
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
}

/// Phase 2: every statement's nodes; returns the output nodes in statement order.
fn compile_statements(
    c: &mut Compiler,
    program: &Program,
) -> std::result::Result<Vec<(OutputTarget, NodeId)>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut definitions: HashMap<&str, usize> = HashMap::new();
    for (i, st) in program.statements.iter().enumerate() {
        if let StatementKind::Bus { name, .. } = &st.kind {
            definitions.insert(name, i);
        }
    }
    let mut outputs = Vec::new();
    for (i, st) in program.statements.iter().enumerate() {
        match &st.kind {
            StatementKind::Bus { name, expr, .. } => {
                if definitions.get(name.as_str()) != Some(&i) {
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
                        outputs.push((*target, id));
                    }
                    Err(e) => errors.push(e),
                }
            }
            StatementKind::Tempo { cps, .. } => c.graph.cps = Some(*cps),
            StatementKind::Hush => c.graph.hushed = true,
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

/// Phase 3: the graph's outputs, main first (the last `out:` wins), then numbered ones.
fn order_outputs(c: &mut Compiler, outputs: Vec<(OutputTarget, NodeId)>) {
    let main = outputs
        .iter()
        .rev()
        .find(|(t, _)| *t == OutputTarget::Main)
        .map(|(_, id)| *id);
    let numbered = outputs
        .iter()
        .filter(|(t, _)| *t != OutputTarget::Main)
        .map(|(_, id)| *id);
    c.graph.outputs = main.into_iter().chain(numbered).collect();
}

fn parse_default(text: &str) -> f32 {
    text.parse::<f32>().unwrap_or(0.0)
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
