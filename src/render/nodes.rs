//! Runtime nodes: what each graph node does per block.
//!
//! Threading contract: `RtNode::build` and `RtNode::prepare` allocate (off the audio
//! thread); `RtNode::process` must not allocate, lock or panic. Pattern events are read
//! from tables prepared by `prepare`; if a block's cycle was not prepared, the node holds
//! its last value and counts a late block instead of querying, and plays that block's
//! onsets at the start of the next one if they are ready by then ([`MAX_LATE_SAMPLES`]).

use std::sync::Arc;

use crate::dsp::kernel::{BlockCtx, Input, Kernel, Setup};
use crate::graph::{ExternalInput, NodeKind, PatternRole};
use crate::lang::ast::BinOp;
use crate::pattern::cache::EventBuf;

use super::events::EventRing;
use super::played::PlayedSink;
use crate::pattern::{Hap, Pattern, Time, TimeSpan, Value};
use crate::samples::SampleLibrary;

use super::{RenderStats, CHUNK};
use crate::graph::compile::{MIDI_VOICES, PATTERN_VOICES};

/// Most inputs a kernel takes (`select` with many signals is capped at compile time).
pub const MAX_INPUTS: usize = 16;
// A voice player reads its signal controls through its inputs.
const _: () = assert!(crate::lang::eval::MAX_SIGNAL_CONTROLS <= MAX_INPUTS);
/// Events one block can read.
const BLOCK_EVENTS: usize = 256;

/// Values set by the host (macros and last-note MIDI values), and where nodes tell the
/// editor what played.
#[derive(Clone, Debug, Default)]
pub struct Externals {
    /// Onsets and their code spans go here when an editor is watching (`None`: nowhere).
    pub played: Option<super::played::PlayedSink>,
    pub macros: [f32; 8],
    pub midi_freq: f32,
    pub midi_gate: f32,
    pub midi_vel: f32,
    /// Per MIDI voice: the frequency of its key and its gate (1 while held).
    pub voice_freq: [f32; MIDI_VOICES],
    pub voice_gate: [f32; MIDI_VOICES],
    /// Per pattern voice group, per voice: frequency and gate.
    pub group_freq: Vec<[f32; PATTERN_VOICES]>,
    pub group_gate: Vec<[f32; PATTERN_VOICES]>,
}

/// One input for a block: the samples of the node it reads (`left()`, `right()`; the same
/// slice for a mono signal), from that node's buffer or, for a feedback read, from a
/// history ring. In debug builds it also holds the borrow of the buffer (see
/// `render/cell.rs`), so a plan that let the buffer be written meanwhile panics.
pub struct InputRef<'a> {
    left: &'a [f32],
    right: &'a [f32],
    pub stereo: bool,
    guard: Guard<'a>,
}

/// What keeps an input's buffer borrowed: the checked borrow in debug builds, nothing (a
/// zero-sized value) in release builds.
#[cfg(debug_assertions)]
pub type Guard<'a> = Option<super::cell::Ref<'a, [Vec<f32>; 2]>>;
#[cfg(not(debug_assertions))]
pub type Guard<'a> = ();

#[cfg(debug_assertions)]
fn keep(buf: super::cell::Ref<'_, [Vec<f32>; 2]>) -> Guard<'_> {
    Some(buf)
}

#[cfg(not(debug_assertions))]
fn keep(_buf: super::cell::Ref<'_, [Vec<f32>; 2]>) -> Guard<'_> {}

impl<'a> InputRef<'a> {
    /// The first `len` samples of a node's buffer.
    pub fn buffer(
        buf: super::cell::Ref<'a, [Vec<f32>; 2]>,
        len: usize,
        stereo: bool,
    ) -> InputRef<'a> {
        // SAFETY: the slices point into the cell's value, which lives for 'a; the borrow that
        // keeps writers out (in debug builds) is stored next to them and dropped with them,
        // and they are handed out only for as long as this value (or the guard `into_parts`
        // returns) lives.
        let data: &'a [Vec<f32>; 2] = unsafe { &*(&*buf as *const [Vec<f32>; 2]) };
        let left = &data[0][..len.min(data[0].len())];
        let right = if stereo {
            &data[1][..len.min(data[1].len())]
        } else {
            left
        };
        InputRef {
            left,
            right,
            stereo,
            guard: keep(buf),
        }
    }

    /// Samples already cut to the block (a feedback read); `right` is `left` when mono.
    pub fn slices(left: &'a [f32], right: &'a [f32], stereo: bool) -> InputRef<'a> {
        InputRef {
            left,
            right,
            stereo,
            guard: Guard::default(),
        }
    }

    /// No input: an empty block.
    pub fn empty() -> InputRef<'a> {
        InputRef::slices(&[], &[], false)
    }

    pub fn left(&self) -> &[f32] {
        self.left
    }

    pub fn right(&self) -> &[f32] {
        self.right
    }

    /// The samples, with what keeps them borrowed: keep the guard while using them.
    pub fn into_parts(self) -> (&'a [f32], &'a [f32], bool, Guard<'a>) {
        (self.left, self.right, self.stereo, self.guard)
    }
}

pub struct NodeCtx<'a> {
    pub block: &'a BlockCtx,
    /// Samples to cycles, exactly (for event positions).
    pub clock: crate::clock::Clock,
    pub externals: &'a Externals,
}

impl NodeCtx<'_> {
    /// The block's span in cycles, exactly.
    pub(super) fn span(&self) -> TimeSpan {
        let start = self.block.start_sample as i64;
        TimeSpan::new(
            self.to_cycle(start),
            self.to_cycle(start + self.block.len as i64),
        )
    }

    fn to_cycle(&self, sample: i64) -> Time {
        self.clock.cycle_at(sample)
    }

    /// The sample containing cycle `t` (the last sample starting at or before it),
    /// relative to the block start. Flooring makes "the events of this block" exactly the
    /// events whose time lies in the block's half-open span, for any block size.
    pub(super) fn sample_offset(&self, t: Time) -> i64 {
        self.clock.sample_at(t) - self.block.start_sample as i64
    }
}

/// How late an onset may still be played when its cycle was not ready in time (after a
/// jump the event thread could not foresee): 2048 samples, 43 ms at 48 kHz. Older onsets are
/// dropped rather than played in a burst.
pub const MAX_LATE_SAMPLES: usize = 2048;

/// A node's view of its pattern's prepared events: the shared ring (filled off the audio
/// thread) and the node's own scratch space for reading a block.
pub struct PreparedEvents {
    ring: Arc<EventRing>,
    scratch: EventBuf<Value>,
    /// The span of earlier blocks whose cycle was not ready (real time only), and how many
    /// samples before the next block it began. Its onsets are played at the start of the next
    /// block that follows on, if they are ready by then.
    missed: Option<(TimeSpan, usize)>,
}

impl PreparedEvents {
    pub fn new(pattern: Pattern<Value>) -> PreparedEvents {
        PreparedEvents {
            ring: Arc::new(EventRing::new(pattern)),
            scratch: EventBuf::with_capacity(BLOCK_EVENTS),
            missed: None,
        }
    }

    /// The ring, for the thread that prepares events.
    pub fn ring(&self) -> &Arc<EventRing> {
        &self.ring
    }

    /// Makes sure every cycle touched by `[from, to]` is prepared (allocates).
    pub fn prepare(&self, from: Time, to: Time) {
        let first = from.floor_int();
        let last = to.floor_int().max(first);
        self.ring.prepare(first, last.min(first + 1));
    }

    /// Drops the onsets waiting to be played late.
    pub fn forget_missed(&mut self) {
        self.missed = None;
    }

    /// Reads the events touching `span` (a block of `len` samples, possibly over two cycles)
    /// and calls `f` with each. Onsets missed by the blocks just before, whose cycle is ready
    /// now, come first, moved to the start of `span`. Returns false if a cycle `span` needs
    /// was not prepared. Allocation-free.
    pub(super) fn for_each(
        &mut self,
        span: TimeSpan,
        len: usize,
        stats: &mut RenderStats,
        played: Option<&PlayedSink>,
        mut f: impl FnMut(&Hap<Value>),
    ) -> bool {
        let mut still_missed = None;
        if let Some((missed, late)) = self.missed.take() {
            if missed.end == span.begin && late <= MAX_LATE_SAMPLES {
                let outcome = self.ring.read(missed, &mut self.scratch, |h| {
                    if h.has_onset() {
                        let h = played_at(h, span.begin);
                        if let Some(p) = played {
                            p.record(&h);
                        }
                        f(&h);
                    }
                });
                stats.event_overflow += outcome.overflow;
                still_missed = outcome.missed.map(|m| (m, late));
            }
        }
        let outcome = self.ring.read(span, &mut self.scratch, |h| {
            if let Some(p) = played {
                p.record(h);
            }
            f(h)
        });
        stats.event_overflow += outcome.overflow;
        self.missed = match (still_missed, outcome.missed) {
            (Some((old, late)), Some(new)) if old.end == new.begin => {
                Some((TimeSpan::new(old.begin, new.end), late + len))
            }
            (_, new) => new.map(|m| (m, len)),
        };
        outcome.complete()
    }
}

/// `h` moved to begin at `at`, keeping its length: an onset played late.
fn played_at(h: &Hap<Value>, at: Time) -> Hap<Value> {
    let by = at - h.part.begin;
    let moved = |s: TimeSpan| TimeSpan::new(s.begin + by, s.end + by);
    // Cloning the value only counts a reference: the ring's table holds it meanwhile.
    Hap::new(h.whole.map(moved), moved(h.part), h.value.clone()).from_source(h.source)
}

/// A pattern's value as a number: numbers as they are, note names as Hz, control maps by
/// their `freq`, `note` (as Hz) or `n`.
pub fn value_to_signal(v: &Value) -> Option<f32> {
    match v {
        Value::Num(x) => Some(*x as f32),
        Value::Signal(_) => None,
        Value::Str(_) => v.as_num().map(|m| midi_to_hz(m as f32)),
        Value::Map(m) => m
            .get("freq")
            .and_then(|x| x.as_num())
            .map(|x| x as f32)
            .or_else(|| {
                m.get("note")
                    .and_then(|x| x.as_num())
                    .map(|n| midi_to_hz(n as f32))
            })
            .or_else(|| m.get("n").and_then(|x| x.as_num()).map(|x| x as f32)),
    }
}

pub fn midi_to_hz(m: f32) -> f32 {
    440.0 * ((m - 69.0) / 12.0).exp2()
}

pub enum RtNode {
    Const(f32),
    Kernel {
        kernel: Box<dyn Kernel>,
        constant: Vec<bool>,
    },
    Pattern {
        events: Box<PreparedEvents>,
        role: PatternRole,
        current: f32,
    },
    Sampler(Box<super::player::PlayerNode>),
    Binary(BinOp),
    Sum,
    Product,
    Neg,
    Slew {
        value: f32,
    },
    VoiceEnvelope {
        env: crate::dsp::env::VoiceEnv,
        /// The envelope's times from its parameter values (its registry entry's form).
        times: crate::registry::TriggeredTimes,
        /// The gate's last value.
        gate: f32,
    },
    Pass,
    External(ExternalInput),
    Silence,
}

impl RtNode {
    pub fn build(
        kind: &NodeKind,
        input_channels: &[usize],
        constant_inputs: &[bool],
        sample_rate: f32,
        seed: u64,
        samples: &Arc<SampleLibrary>,
    ) -> Result<RtNode, String> {
        Ok(match kind {
            NodeKind::Const(v) => RtNode::Const(*v),
            NodeKind::Kernel { function } => {
                let setup = Setup {
                    sample_rate,
                    max_block: CHUNK,
                    input_channels,
                };
                match function.build_kernel(&setup, seed) {
                    Some(kernel) => RtNode::Kernel {
                        kernel,
                        constant: constant_inputs.to_vec(),
                    },
                    None => return Err(format!("'{}' has no sound yet", function.name)),
                }
            }
            NodeKind::Pattern { pattern, role } => RtNode::Pattern {
                events: Box::new(PreparedEvents::new(pattern.clone())),
                role: *role,
                current: 0.0,
            },
            NodeKind::Sampler { pattern } => RtNode::Sampler(Box::new(
                super::player::PlayerNode::new(pattern, sample_rate, seed, samples),
            )),
            NodeKind::Binary(op) => RtNode::Binary(*op),
            NodeKind::Sum => RtNode::Sum,
            NodeKind::Product => RtNode::Product,
            NodeKind::Neg => RtNode::Neg,
            NodeKind::Slew => RtNode::Slew { value: 0.0 },
            NodeKind::Bus { .. } | NodeKind::Output { .. } => RtNode::Pass,
            NodeKind::External { input } => RtNode::External(*input),
            NodeKind::VoiceEnvelope { function } => RtNode::VoiceEnvelope {
                env: crate::dsp::env::VoiceEnv::new(sample_rate),
                times: match function.implementation {
                    crate::registry::Implementation::Envelope(crate::registry::EnvelopeImpl {
                        triggered: Some(times),
                        ..
                    }) => times,
                    _ => return Err(format!("'{}' is not a voice envelope", function.name)),
                },
                gate: 0.0,
            },
            NodeKind::Silence => RtNode::Silence,
        })
    }

    /// Output channels given the inputs' channels.
    pub fn channels(&self, input_channels: &[usize]) -> usize {
        match self {
            RtNode::Kernel { kernel, .. } => kernel.channels(),
            RtNode::Sampler(_) => 2,
            RtNode::Binary(_)
            | RtNode::Sum
            | RtNode::Product
            | RtNode::Neg
            | RtNode::Pass
            | RtNode::Slew { .. } => input_channels.iter().copied().max().unwrap_or(1),
            _ => 1,
        }
    }

    pub fn prepare(&mut self, from: Time, to: Time) {
        if let Some(ring) = self.event_ring() {
            let (first, last) = (from.floor_int(), to.floor_int().max(from.floor_int()));
            ring.prepare(first, last.min(first + 1));
        }
    }

    /// The node's event ring, if it reads a pattern.
    pub fn event_ring(&self) -> Option<&Arc<EventRing>> {
        match self {
            RtNode::Pattern { events, .. } => Some(events.ring()),
            RtNode::Sampler(s) => Some(s.events.ring()),
            _ => None,
        }
    }

    /// Forgets onsets waiting to be played late (see [`MAX_LATE_SAMPLES`]): the transport
    /// stopped, so they are not late any more but stale. Allocation-free.
    pub fn forget_missed_events(&mut self) {
        match self {
            RtNode::Pattern { events, .. } => events.forget_missed(),
            RtNode::Sampler(s) => s.events.forget_missed(),
            _ => {}
        }
    }

    /// Renders one block into `out` (1 or 2 channels of at least `len` samples).
    pub fn process<'a>(
        &mut self,
        ctx: &NodeCtx,
        n_inputs: usize,
        read: &dyn Fn(usize) -> InputRef<'a>,
        out: &mut [Vec<f32>; 2],
        len: usize,
        stats: &mut RenderStats,
    ) {
        let stereo_out = !out[1].is_empty();
        let [left, right] = out;
        let left = &mut left[..len];
        match self {
            RtNode::Const(v) => left.fill(*v),
            RtNode::Silence => {
                left.fill(0.0);
                if stereo_out {
                    right[..len].fill(0.0);
                }
            }
            RtNode::Pass => {
                if n_inputs == 0 {
                    left.fill(0.0);
                    if stereo_out {
                        right[..len].fill(0.0);
                    }
                    return;
                }
                let x = read(0);
                left.copy_from_slice(x.left());
                if stereo_out {
                    right[..len].copy_from_slice(x.right());
                }
            }
            RtNode::External(kind) => {
                let e = ctx.externals;
                let at = |v: &[f32], k: usize| v.get(k).copied().unwrap_or(0.0);
                let v = match *kind {
                    ExternalInput::Macro(i) => at(&e.macros, i),
                    ExternalInput::MidiFreq => e.midi_freq,
                    ExternalInput::MidiGate => e.midi_gate,
                    ExternalInput::MidiVel => e.midi_vel,
                    ExternalInput::VoiceFreq(k) => at(&e.voice_freq, k),
                    ExternalInput::VoiceGate(k) => at(&e.voice_gate, k),
                    ExternalInput::GroupFreq(g, k) => e.group_freq.get(g).map_or(0.0, |v| at(v, k)),
                    ExternalInput::GroupGate(g, k) => e.group_gate.get(g).map_or(0.0, |v| at(v, k)),
                };
                left.fill(v);
            }
            RtNode::VoiceEnvelope { env, times, gate } => {
                let g = read(0);
                let param = |k: usize| {
                    if k < n_inputs {
                        read(k).left().first().copied().unwrap_or(0.0)
                    } else {
                        0.0
                    }
                };
                for (i, o) in left.iter_mut().enumerate() {
                    // A new note or event is a rising gate, or a change of the gate's
                    // value while on (a stolen voice: see `gate_value`).
                    let v = g.left()[i];
                    let on = v > 0.5;
                    if on && v != *gate {
                        // Envelope times are read when the key goes down.
                        let mut values = [0.0f32; 4];
                        for (k, v) in values.iter_mut().enumerate() {
                            *v = param(k + 1);
                        }
                        let t = times(&values[..(n_inputs.saturating_sub(1)).min(4)]);
                        env.set(t.attack, t.decay, t.sustain, t.release);
                        env.trigger();
                    } else if !on && *gate > 0.5 {
                        env.gate_off();
                    }
                    *gate = v;
                    *o = env.next();
                }
                if stereo_out {
                    right[..len].copy_from_slice(left);
                }
            }
            RtNode::Neg => {
                let x = read(0);
                for (o, a) in left.iter_mut().zip(x.left()) {
                    *o = -a;
                }
                if stereo_out {
                    for (o, a) in right[..len].iter_mut().zip(x.right()) {
                        *o = -a;
                    }
                }
            }
            RtNode::Binary(op) => {
                let (a, b) = (read(0), read(1));
                binary(*op, left, a.left(), b.left());
                if stereo_out {
                    binary(*op, &mut right[..len], a.right(), b.right());
                }
            }
            RtNode::Sum | RtNode::Product => {
                let product = matches!(self, RtNode::Product);
                let init = if product { 1.0 } else { 0.0 };
                left.fill(init);
                if stereo_out {
                    right[..len].fill(init);
                }
                for k in 0..n_inputs {
                    let x = read(k);
                    accumulate(product, left, x.left());
                    if stereo_out {
                        accumulate(product, &mut right[..len], x.right());
                    }
                }
            }
            RtNode::Slew { value } => {
                let x = read(0);
                let a = read(1).left().first().copied().unwrap_or(0.01).max(1e-4);
                let r = read(2).left().first().copied().unwrap_or(0.1).max(1e-4);
                let rate = ctx.block.sample_rate;
                let (ca, cr) = ((-1.0 / (a * rate)).exp(), (-1.0 / (r * rate)).exp());
                let mut v = *value;
                for (o, target) in left.iter_mut().zip(x.left()) {
                    let c = if *target > v { ca } else { cr };
                    v = target + (v - target) * c;
                    *o = v;
                }
                *value = crate::dsp::kernel::flush(v);
                if stereo_out {
                    right[..len].copy_from_slice(left);
                }
            }
            RtNode::Kernel { kernel, constant } => {
                let empty: &[f32] = &[];
                let mut inputs = [Input::mono(empty, true); MAX_INPUTS];
                let n = n_inputs.min(MAX_INPUTS);
                // The inputs' borrows live on the stack while the kernel runs (zero-sized in
                // release builds).
                let mut guards: [Guard; MAX_INPUTS] = Default::default();
                for (k, (slot, guard)) in inputs.iter_mut().zip(&mut guards).enumerate().take(n) {
                    let (left, right, stereo, g) = read(k).into_parts();
                    *guard = g;
                    *slot = Input {
                        left,
                        right,
                        stereo,
                        constant: constant.get(k).copied().unwrap_or(false),
                    };
                }
                if stereo_out {
                    let mut outs: [&mut [f32]; 2] = [left, &mut right[..len]];
                    kernel.process(ctx.block, &inputs[..n], &mut outs);
                } else {
                    let mut outs: [&mut [f32]; 1] = [left];
                    kernel.process(ctx.block, &inputs[..n], &mut outs);
                }
            }
            RtNode::Pattern {
                events,
                role,
                current,
            } => {
                let span = ctx.span();
                let role = *role;
                match role {
                    PatternRole::Value => {
                        // Hold the value of the latest onset; each event takes over from its
                        // first sample.
                        let mut v = *current;
                        let mut filled = 0usize;
                        let ok =
                            events.for_each(span, len, stats, ctx.externals.played.as_ref(), |h| {
                                if !h.has_onset() {
                                    if let (0, Some(x)) = (filled, value_to_signal(&h.value)) {
                                        v = x;
                                    }
                                    return;
                                }
                                let start =
                                    ctx.sample_offset(h.part.begin).clamp(0, len as i64) as usize;
                                if start > filled {
                                    left[filled..start].fill(v);
                                    filled = start;
                                }
                                if let Some(x) = value_to_signal(&h.value) {
                                    v = x;
                                }
                            });
                        left[filled..].fill(v);
                        *current = v;
                        if !ok {
                            stats.late_events += 1;
                        }
                    }
                    PatternRole::Gate | PatternRole::Trigger => {
                        left.fill(0.0);
                        let ok =
                            events.for_each(span, len, stats, ctx.externals.played.as_ref(), |h| {
                                let start =
                                    ctx.sample_offset(h.part.begin).clamp(0, len as i64) as usize;
                                if role == PatternRole::Trigger {
                                    if h.has_onset() && start < len {
                                        left[start] = 1.0;
                                    }
                                    return;
                                }
                                let end =
                                    ctx.sample_offset(h.part.end).clamp(0, len as i64) as usize;
                                left[start..end.max(start)].fill(1.0);
                            });
                        if !ok {
                            stats.late_events += 1;
                        }
                    }
                }
            }
            RtNode::Sampler(s) => {
                left.fill(0.0);
                right[..len].fill(0.0);
                // The signals its controls read, on the stack (at most MAX_INPUTS).
                let n = n_inputs.min(MAX_INPUTS);
                let refs: [Option<InputRef>; MAX_INPUTS] =
                    std::array::from_fn(|k| (k < n).then(|| read(k)));
                let mut signals: [&[f32]; MAX_INPUTS] = [&[]; MAX_INPUTS];
                for (slot, r) in signals.iter_mut().zip(&refs) {
                    if let Some(r) = r {
                        *slot = r.left();
                    }
                }
                s.process(ctx, &signals[..n], left, &mut right[..len], stats);
            }
        }
    }
}

fn binary(op: BinOp, out: &mut [f32], a: &[f32], b: &[f32]) {
    match op {
        BinOp::Add => out
            .iter_mut()
            .zip(a.iter().zip(b))
            .for_each(|(o, (x, y))| *o = x + y),
        BinOp::Sub => out
            .iter_mut()
            .zip(a.iter().zip(b))
            .for_each(|(o, (x, y))| *o = x - y),
        BinOp::Mul => out
            .iter_mut()
            .zip(a.iter().zip(b))
            .for_each(|(o, (x, y))| *o = x * y),
        BinOp::Div => out
            .iter_mut()
            .zip(a.iter().zip(b))
            .for_each(|(o, (x, y))| *o = if *y == 0.0 { 0.0 } else { x / y }),
        BinOp::Mod => out.iter_mut().zip(a.iter().zip(b)).for_each(|(o, (x, y))| {
            *o = crate::lang::parser::floored_mod(*x as f64, *y as f64) as f32
        }),
    }
}

fn accumulate(product: bool, out: &mut [f32], x: &[f32]) {
    if product {
        out.iter_mut().zip(x).for_each(|(o, v)| *o *= v);
    } else {
        out.iter_mut().zip(x).for_each(|(o, v)| *o += v);
    }
}

impl RtNode {
    /// Takes over the state of `old`, the same node of the program this one replaces (see
    /// [`crate::render::Program::take_state_from`]): kernel state, held pattern values,
    /// sounding sample and synth voices, envelopes. On the audio thread: copies in place,
    /// allocates and frees nothing. Returns false when the nodes differ.
    pub fn take_state_from(&mut self, old: &RtNode) -> bool {
        match (self, old) {
            (RtNode::Kernel { kernel, .. }, RtNode::Kernel { kernel: from, .. }) => {
                kernel.copy_state_from(from.as_ref())
            }
            (RtNode::Pattern { current, .. }, RtNode::Pattern { current: from, .. }) => {
                *current = *from;
                true
            }
            (RtNode::Sampler(s), RtNode::Sampler(from)) => s.take_state_from(from),
            (RtNode::Slew { value }, RtNode::Slew { value: from }) => {
                *value = *from;
                true
            }
            (
                RtNode::VoiceEnvelope { env, gate, .. },
                RtNode::VoiceEnvelope {
                    env: from_env,
                    gate: from_gate,
                    ..
                },
            ) => {
                *env = *from_env;
                *gate = *from_gate;
                true
            }
            _ => false,
        }
    }
}

/// One pattern voice group at run time: its note pattern's events and which voice plays
/// until when.
pub struct VoiceGroup {
    pub events: PreparedEvents,
    /// Absolute sample at which each voice's event ends (`None`: free).
    pub until: [Option<u64>; PATTERN_VOICES],
    pub age: [u64; PATTERN_VOICES],
}

/// A pattern voice group's event starting in a block.
#[derive(Clone, Copy, Debug)]
pub struct GroupOnset {
    pub offset: usize,
    pub group: usize,
    pub freq: f32,
    /// Absolute sample at which the event ends.
    pub until: u64,
}

impl VoiceGroup {
    pub fn new(pattern: Pattern<Value>) -> VoiceGroup {
        VoiceGroup {
            events: PreparedEvents::new(pattern),
            until: [None; PATTERN_VOICES],
            age: [0; PATTERN_VOICES],
        }
    }

    pub fn prepare(&mut self, from: Time, to: Time) {
        self.events.prepare(from, to);
    }

    /// Pushes the onsets in `span` (a block starting at absolute sample `start`) to `out`
    /// while it has room; returns false if some did not fit.
    #[allow(clippy::too_many_arguments)]
    pub fn onsets(
        &mut self,
        group: usize,
        span: TimeSpan,
        to_sample: &dyn Fn(Time) -> u64,
        start: u64,
        out: &mut Vec<GroupOnset>,
        stats: &mut RenderStats,
        played: Option<&PlayedSink>,
    ) -> bool {
        let mut fitted = true;
        let len = to_sample(span.end).saturating_sub(start) as usize;
        let ok = self.events.for_each(span, len, stats, played, |h| {
            if !h.has_onset() {
                return;
            }
            let Some(freq) = value_to_signal(&h.value) else {
                return;
            };
            let at = to_sample(h.part.begin);
            let end = to_sample(h.whole_or_part().end).max(at + 1);
            if out.len() < out.capacity() {
                out.push(GroupOnset {
                    offset: at.saturating_sub(start) as usize,
                    group,
                    freq,
                    until: end,
                });
            } else {
                fitted = false;
            }
        });
        if !ok {
            stats.late_events += 1;
        }
        fitted
    }
}

/// The gate value of a voice's `n`-th note: always "on" (above 0.5, within 1e-6 of 1, so a
/// gate that multiplies a sound does not change its level), but different from the
/// previous note's, so an envelope retriggers when a sounding voice is given a new note.
pub fn gate_value(n: u64) -> f32 {
    if n.is_multiple_of(2) {
        1.0
    } else {
        1.0 + 1.0 / 1_048_576.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::mini::mini;

    /// The onsets (begin, length) `for_each` gives for `span`, a block of `len` samples.
    fn onsets(events: &mut PreparedEvents, span: TimeSpan, len: usize) -> Vec<(Time, Time)> {
        let mut stats = RenderStats::default();
        let mut seen = Vec::new();
        events.for_each(span, len, &mut stats, None, |h| {
            if h.has_onset() {
                seen.push((h.part.begin, h.whole_or_part().duration()));
            }
        });
        seen
    }

    fn span(a: i64, b: i64, den: i64) -> TimeSpan {
        TimeSpan::new(Time::new(a, den), Time::new(b, den))
    }

    #[test]
    fn onsets_of_a_block_that_was_not_ready_play_at_the_start_of_the_next() {
        let quarter = Time::new(1, 4);
        let mut events = PreparedEvents::new(mini("a*4").unwrap());
        assert_eq!(onsets(&mut events, span(0, 1, 8), 100), []);
        events.prepare(Time::ZERO, Time::ZERO);
        // The onset at 0 comes at 1/8, as long as it was.
        assert_eq!(
            onsets(&mut events, span(1, 2, 8), 100),
            [(Time::new(1, 8), quarter)]
        );
        // Only once.
        assert_eq!(
            onsets(&mut events, span(2, 3, 8), 100),
            [(quarter, quarter)]
        );
    }

    #[test]
    fn missed_onsets_are_dropped_after_a_jump_or_when_too_old() {
        let quarter = Time::new(1, 4);
        let mut events = PreparedEvents::new(mini("a*4").unwrap());
        assert_eq!(onsets(&mut events, span(0, 1, 8), 100), []);
        events.prepare(Time::ZERO, Time::ZERO);
        // The transport jumped: the next block does not follow on.
        assert_eq!(
            onsets(&mut events, span(4, 5, 8), 100),
            [(Time::new(1, 2), quarter)]
        );

        let mut events = PreparedEvents::new(mini("a*4").unwrap());
        let block = MAX_LATE_SAMPLES / 2 + 1;
        assert_eq!(onsets(&mut events, span(0, 1, 8), block), []);
        assert_eq!(onsets(&mut events, span(1, 2, 8), block), []);
        events.prepare(Time::ZERO, Time::ZERO);
        // Missed more than MAX_LATE_SAMPLES ago: dropped, not played in a burst.
        assert_eq!(
            onsets(&mut events, span(2, 3, 8), block),
            [(quarter, quarter)]
        );
    }
}
