//! From a checked program to a signal graph and an execution plan.
//!
//! `compile` turns statements into [`Node`]s (plain data: what each node computes and
//! which nodes it reads); `plan` orders them into stages with Kahn's algorithm and breaks
//! feedback cycles. Nothing here runs on the audio thread: the renderer builds a
//! `Program` from a `Graph` and a `Plan`.

pub mod compile;
pub mod plan;

use crate::lang::ast::{BinOp, OutputTarget, Span};
use crate::pattern::{Pattern, Value};

pub use compile::compile;
pub use plan::{plan, Plan};

/// A node's index in [`Graph::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a pattern becomes a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternRole {
    /// Holds each event's numeric value (note names become their frequency in Hz).
    Value,
    /// 1 while an event is active, 0 between events (`gate`).
    Gate,
    /// 1 for the first sample of each event, 0 otherwise (`trig`, `impulse`-like).
    Trigger,
}

/// What a node computes.
#[derive(Clone)]
pub enum NodeKind {
    /// A constant.
    Const(f32),
    /// A DSP kernel from the registry (`saw`, `lpf`, `reverb`, ...), with its inputs in
    /// the registry's parameter order.
    Kernel {
        function: &'static crate::registry::FunctionSpec,
    },
    /// A pattern used as a signal.
    Pattern {
        pattern: Pattern<Value>,
        role: PatternRole,
    },
    /// A sample player: each event of the control pattern (`{s, n, gain, speed, ...}`)
    /// starts a voice.
    Sampler { pattern: Pattern<Value> },
    /// Per-sample arithmetic between two inputs.
    Binary(BinOp),
    /// Sum of all inputs, in input order (fixed fan-in order keeps output bit-exact).
    Sum,
    /// Product of all inputs.
    Product,
    /// Negation.
    Neg,
    /// Follows its first input with separate attack and release times in seconds (inputs
    /// 2 and 3): the smooth gate of `tar`.
    Slew,
    /// An envelope of one MIDI voice: input 0 is the voice's gate, the rest are the
    /// envelope's parameters (`adsr a d s r`, `ad a d`, `env attack release`).
    VoiceEnvelope {
        function: &'static crate::registry::FunctionSpec,
    },
    /// The value of a bus: a pass-through of the bus's expression, so other buses can
    /// refer to it (also before it is defined, and in feedback).
    Bus { name: String },
    /// A built-in input, written by the host or the voice allocator every block.
    External { input: ExternalInput },
    /// An output statement: `out` or a numbered output.
    Output { target: OutputTarget },
    /// Silence (`hush`).
    Silence,
}

/// A built-in input of a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExternalInput {
    /// `~m1`..`~m8` (index 0..7).
    Macro(usize),
    /// `~midi` outside a voice, `~midi_freq`: the newest held key's frequency.
    MidiFreq,
    MidiGate,
    MidiVel,
    /// In MIDI voice K: its key's frequency and gate (what `~midi` reads there).
    VoiceFreq(usize),
    VoiceGate(usize),
    /// In pattern voice group G, voice K: the frequency and gate of its event.
    GroupFreq(usize, usize),
    GroupGate(usize, usize),
}

impl From<crate::lang::check::BuiltinBus> for ExternalInput {
    fn from(b: crate::lang::check::BuiltinBus) -> ExternalInput {
        use crate::lang::check::BuiltinBus;
        match b {
            BuiltinBus::Macro(i) => ExternalInput::Macro(i),
            BuiltinBus::Midi | BuiltinBus::MidiFreq => ExternalInput::MidiFreq,
            BuiltinBus::MidiGate => ExternalInput::MidiGate,
            BuiltinBus::MidiVel => ExternalInput::MidiVel,
        }
    }
}

/// The name plans print: `m1`, `midi_freq`, `voice_gate:3`, `pvoice0_freq:2`.
impl std::fmt::Display for ExternalInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExternalInput::Macro(i) => write!(f, "m{}", i + 1),
            ExternalInput::MidiFreq => write!(f, "midi_freq"),
            ExternalInput::MidiGate => write!(f, "midi_gate"),
            ExternalInput::MidiVel => write!(f, "midi_vel"),
            ExternalInput::VoiceFreq(k) => write!(f, "voice_freq:{k}"),
            ExternalInput::VoiceGate(k) => write!(f, "voice_gate:{k}"),
            ExternalInput::GroupFreq(g, k) => write!(f, "pvoice{g}_freq:{k}"),
            ExternalInput::GroupGate(g, k) => write!(f, "pvoice{g}_gate:{k}"),
        }
    }
}

/// An input of a node: the node read, and whether it is read one feedback delay late
/// (an edge the plan broke to make a cycle computable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: NodeId,
    pub delayed: bool,
}

#[derive(Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub inputs: Vec<Edge>,
    /// The statement this node belongs to: `~bass`, `out`, `o1`.
    pub owner: String,
    /// Identifies the node across edits: the same statement (same canonical text) compiles
    /// to nodes with the same keys, so a new program can take over their state.
    pub key: u64,
    /// Where in the source it comes from, for errors and `plan --nodes`.
    pub span: Span,
    /// A short name for plans: `saw`, `lpf`, `"55 110"`, `*`.
    pub label: String,
}

/// The whole program as nodes.
#[derive(Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// Output nodes in statement order (main first if present).
    pub outputs: Vec<NodeId>,
    /// Cycles per second set by `tempo:`/`cps:`/`bpm:`, if any.
    pub cps: Option<f64>,
    /// `hush` was given: every output is silent.
    pub hushed: bool,
    /// Note patterns that drive pattern voice groups (`saw "c3 e3 g3"`): group G's voice K
    /// reads the externals `pvoiceG_freq:K` and `pvoiceG_gate:K`.
    pub voice_groups: Vec<Pattern<Value>>,
    /// Per voice group: a key identifying it across edits (see [`Node::key`]).
    pub voice_group_keys: Vec<u64>,
}

impl Graph {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The owners (buses and outputs) in first-appearance order.
    pub fn owners(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for n in &self.nodes {
            if !seen.contains(&n.owner) {
                seen.push(n.owner.clone());
            }
        }
        seen
    }
}

/// The label of an output target: `out`, `o1`.
pub fn output_name(target: OutputTarget) -> String {
    match target {
        OutputTarget::Main => "out".to_string(),
        OutputTarget::Numbered(n) => format!("o{n}"),
    }
}
