//! What a program will play, for a pianoroll: the onsets of its control patterns (the
//! patterns that drive sample and synth voices) over a window of cycles, with output,
//! orbit, pitch or sample name. Queried on the GUI thread, never on the audio thread:
//! patterns are immutable and shared, so the preview holds clones of them.

use std::sync::Arc;

use crate::graph::{Graph, NodeKind};
use crate::lang::ast::OutputTarget;
use crate::pattern::{Pattern, Time, Value};

/// One event of the preview. Times are in cycles.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewEvent {
    pub onset: f64,
    pub offset: f64,
    /// 0 for the main output (`out:`), k for `ok:`/`dk:`.
    pub output: u8,
    pub orbit: u8,
    pub kind: PreviewKind,
    /// The event's `gain`, if it has one.
    pub gain: Option<f32>,
}

/// What an event plays.
#[derive(Clone, Debug, PartialEq)]
pub enum PreviewKind {
    /// A synth voice at a MIDI pitch (SuperDirt's note 0 is MIDI 60).
    Note { pitch: f32 },
    /// A sample of a bank, by name and index (`n`).
    Sample { name: Arc<str>, index: i64 },
}

/// The control patterns of a compiled program and the outputs they feed.
#[derive(Clone, Default)]
pub struct Preview {
    sources: Vec<(Pattern<Value>, u8)>,
}

impl Preview {
    /// Collects every sample/synth player reachable from an output, with the first output
    /// that reaches it (main first).
    pub fn from_graph(graph: &Graph) -> Preview {
        let mut sources = Vec::new();
        let mut seen = vec![false; graph.nodes.len()];
        for id in &graph.outputs {
            let output = match &graph.node(*id).kind {
                NodeKind::Output {
                    target: OutputTarget::Numbered(k),
                } => *k,
                _ => 0,
            };
            let mut stack = vec![id.index()];
            while let Some(i) = stack.pop() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                let node = &graph.nodes[i];
                if let NodeKind::Sampler { pattern } = &node.kind {
                    sources.push((pattern.clone(), output));
                }
                stack.extend(node.inputs.iter().map(|e| e.from.index()));
            }
        }
        Preview { sources }
    }

    /// Appends to `out` (clearing it first) every event that sounds in `from..to`, once
    /// each, sorted by onset, then output.
    pub fn query(&self, from: f64, to: f64, out: &mut Vec<PreviewEvent>) {
        out.clear();
        if !(from.is_finite() && to.is_finite() && to > from) {
            return;
        }
        let (begin, end) = (Time::from_f64(from), Time::from_f64(to));
        for (pattern, output) in &self.sources {
            for h in pattern.query_span(begin, end) {
                let Some(whole) = h.whole else { continue };
                // An event split into fragments is taken from the fragment holding its
                // onset, or the window's first one if it began earlier.
                let first = if whole.begin < begin {
                    h.part.begin == begin
                } else {
                    h.part.begin == whole.begin
                };
                if !first {
                    continue;
                }
                if let Some(kind) = kind_of(&h.value) {
                    out.push(PreviewEvent {
                        onset: whole.begin.to_f64(),
                        offset: whole.end.to_f64(),
                        output: *output,
                        orbit: num(&h.value, "orbit").map_or(0, |o| o.clamp(0.0, 255.0) as u8),
                        kind,
                        gain: num(&h.value, "gain").map(|g| g as f32),
                    });
                }
            }
        }
        out.sort_by(|a, b| a.onset.total_cmp(&b.onset).then(a.output.cmp(&b.output)));
    }
}

/// A note for a synth's name, a sample otherwise; nothing without `s`.
fn kind_of(v: &Value) -> Option<PreviewKind> {
    let Value::Map(m) = v else { return None };
    let Some(Value::Str(name)) = m.get("s") else {
        return None;
    };
    let synth = crate::registry::lookup(name).is_some_and(|f| f.voice().is_some());
    if synth {
        let note = num(v, "note").or_else(|| num(v, "n")).unwrap_or(0.0)
            + num(v, "up").unwrap_or(0.0)
            + 12.0 * (num(v, "octave").unwrap_or(5.0) - 5.0);
        return Some(PreviewKind::Note {
            pitch: (60.0 + note) as f32,
        });
    }
    Some(PreviewKind::Sample {
        name: name.clone(),
        index: num(v, "n").unwrap_or(0.0).floor() as i64,
    })
}

/// A finite number control (signals have no value off the audio thread).
fn num(v: &Value, key: &str) -> Option<f64> {
    match v {
        Value::Map(m) => m.get(key)?.as_num().filter(|x| x.is_finite()),
        _ => None,
    }
}
