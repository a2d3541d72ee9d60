//! The block renderer: a compiled, planned graph becomes a [`Program`] that owns every
//! buffer and node state it will ever need, then renders blocks.
//!
//! Threading contract: [`Program::build`] and [`Program::prepare`] allocate and run off
//! the audio thread (or before playback). [`Program::process`] runs on the audio thread: no
//! allocation, lock, syscall or panic. Host blocks longer than the program's chunk size are
//! split into chunks; all control-rate work is anchored to the absolute sample clock, so the
//! output does not depend on how the host slices time.

pub mod events;
mod nodes;
pub mod offline;
pub mod pool;
pub mod schedule;

use std::sync::Arc;

use crate::dsp::kernel::BlockCtx;
use crate::graph::compile::{MIDI_VOICES, PATTERN_VOICES};
use crate::graph::{Graph, NodeKind, Plan};
use crate::lang::ast::OutputTarget;
use crate::pattern::Time;
use crate::samples::SampleLibrary;

pub use nodes::RtNode;

/// Largest number of samples processed in one go; also the fixed delay of feedback reads,
/// so feedback sounds the same whatever the host's block size.
pub const CHUNK: usize = 256;

/// Numbered outputs `o1`..`o8`.
pub const NUMBERED_OUTPUTS: usize = 8;

/// How a program renders.
#[derive(Clone, Copy, Debug)]
pub struct RenderConfig {
    pub sample_rate: f32,
    /// Cycles per second when the program does not set a tempo.
    pub default_cps: f64,
}

impl Default for RenderConfig {
    fn default() -> Self {
        RenderConfig {
            sample_rate: 48_000.0,
            default_cps: 0.5,
        }
    }
}

/// A MIDI note for [`Program::process_midi`]: `offset` is the sample within the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteEvent {
    pub offset: usize,
    pub key: u8,
    pub velocity: u8,
    pub on: bool,
}

/// Statistics a host shows: non-finite samples replaced, events that did not fit, blocks
/// whose events were not prepared in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderStats {
    pub nans_replaced: u64,
    pub event_overflow: u64,
    pub late_events: u64,
}

impl RenderStats {
    fn add(&mut self, other: &RenderStats) {
        self.nans_replaced += other.nans_replaced;
        self.event_overflow += other.event_overflow;
        self.late_events += other.late_events;
    }
}

/// Stereo output buffers for one render call: main plus `o1`..`o8`, each `[left, right]`.
pub struct Outputs<'a> {
    pub main: [&'a mut [f32]; 2],
    /// Numbered outputs that the caller wants (index 0 = `o1`); `None` skips one.
    pub numbered: [Option<[&'a mut [f32]; 2]>; NUMBERED_OUTPUTS],
}

/// A compiled program, ready to render.
pub struct Program {
    /// Tasks for parallel rendering, and their per-round state.
    parallel: Parallel,
    nodes: Vec<RtNode>,
    /// Per node: output buffers (1 or 2 channels of `CHUNK` samples).
    buffers: Vec<[Vec<f32>; 2]>,
    channels: Vec<usize>,
    /// Per node: its inputs (node index, delayed?).
    inputs: Vec<Vec<(usize, bool)>>,
    order: Vec<usize>,
    /// Constants: their buffers are filled once, at build time.
    is_const: Vec<bool>,
    /// Pass-through nodes (buses, outputs) that are read through directly and never run.
    skip: Vec<bool>,
    /// Per node with delayed readers: a history ring of its output.
    history: Vec<Option<History>>,
    /// Output node index per target: `[main, o1..o8]`.
    outputs: [Option<usize>; 1 + NUMBERED_OUTPUTS],
    sample_rate: f32,
    cps: f64,
    /// Samples to cycles (moved by `locate` when a host jumps).
    clock: crate::clock::Clock,
    /// Absolute sample position of the next sample to render.
    position: u64,
    hushed: bool,
    stats: RenderStats,
    /// Macro values `~m1`..`~m8` and MIDI last-note values, set by the host.
    externals: nodes::Externals,
    /// Which key each MIDI voice holds, and when it last changed (for stealing).
    voice_keys: [Option<u8>; MIDI_VOICES],
    voice_age: [u64; MIDI_VOICES],
    voice_clock: u64,
    /// Pattern voice groups (`saw "c3 e3 g3"`) and the onsets of the current block.
    groups: Vec<nodes::VoiceGroup>,
    group_onsets: Vec<nodes::GroupOnset>,
    /// Every node's [`crate::graph::Node::key`] and index, sorted: how the next program
    /// finds the nodes whose state it takes over.
    keys: Vec<(u64, usize)>,
    /// Per pattern voice group: its key (see [`crate::graph::Graph::voice_group_keys`]).
    group_keys: Vec<u64>,
}

/// Most pattern-voice onsets in one `process` call.
const GROUP_ONSETS: usize = 512;

/// The last `HISTORY` samples of a node, for feedback reads `CHUNK` samples late. Every
/// sample is written twice (at `p` and `p + HISTORY`) so any window is one contiguous slice.
struct History {
    /// Owns the memory `ptr` points into.
    _rings: [Vec<f32>; 2],
    /// The rings' data pointers: during a chunk the owner writes and readers read disjoint
    /// parts of a ring from different threads, so neither forms a reference to the `Vec`.
    ptr: [*mut f32; 2],
}

// SAFETY: `ptr` points into `ring`, which `History` owns; moving it to another thread
// moves the allocation's ownership with it.
unsafe impl Send for History {}

impl History {
    fn new() -> History {
        let mut rings = [vec![0.0; 2 * HISTORY], vec![0.0; 2 * HISTORY]];
        let ptr = [rings[0].as_mut_ptr(), rings[1].as_mut_ptr()];
        History { _rings: rings, ptr }
    }
}

const HISTORY: usize = 2 * CHUNK;

impl Program {
    /// Builds a program from a planned graph (off the audio thread).
    /// Fails, naming them, if the graph uses functions that have no kernel.
    pub fn build(
        graph: &Graph,
        plan: &Plan,
        config: RenderConfig,
        samples: &Arc<SampleLibrary>,
    ) -> Result<Program, String> {
        let n = graph.nodes.len();
        let inputs: Vec<Vec<(usize, bool)>> = graph
            .nodes
            .iter()
            .map(|node| {
                node.inputs
                    .iter()
                    .map(|e| (e.from.index(), e.delayed))
                    .collect()
            })
            .collect();
        let mut channels = vec![1usize; n];
        let mut rt = Vec::with_capacity(n);
        // Build in plan order so input channel counts are known.
        let mut built: Vec<Option<RtNode>> = (0..n).map(|_| None).collect();
        let mut missing: Vec<String> = Vec::new();
        for id in &plan.order {
            let i = id.index();
            let input_channels: Vec<usize> = inputs[i].iter().map(|(j, _)| channels[*j]).collect();
            let constant: Vec<bool> = inputs[i]
                .iter()
                .map(|(j, _)| matches!(graph.nodes[*j].kind, NodeKind::Const(_)))
                .collect();
            let node = RtNode::build(
                &graph.nodes[i].kind,
                &input_channels,
                &constant,
                config.sample_rate,
                i as u64,
                samples,
            )
            .unwrap_or_else(|e| {
                if !missing.contains(&e) {
                    missing.push(e);
                }
                RtNode::Silence
            });
            channels[i] = node.channels(&input_channels);
            built[i] = Some(node);
        }
        if !missing.is_empty() {
            return Err(missing.join("; "));
        }
        for slot in built {
            rt.push(slot.unwrap_or(RtNode::Silence));
        }
        let buffers: Vec<[Vec<f32>; 2]> = channels
            .iter()
            .map(|&c| [vec![0.0; CHUNK], vec![0.0; if c == 2 { CHUNK } else { 0 }]])
            .collect();
        let mut history: Vec<Option<History>> = (0..n).map(|_| None).collect();
        for node_inputs in &inputs {
            for &(from, delayed) in node_inputs {
                if delayed && history[from].is_none() {
                    history[from] = Some(History::new());
                }
            }
        }
        let is_const: Vec<bool> = graph
            .nodes
            .iter()
            .map(|n| matches!(n.kind, NodeKind::Const(_)))
            .collect();
        // Buses and outputs just pass their input on: readers read the source directly
        // (unless the bus feeds back, where its history is needed).
        let mut inputs = inputs;
        let passthrough = |i: usize| {
            matches!(
                graph.nodes[i].kind,
                NodeKind::Bus { .. } | NodeKind::Output { .. }
            ) && inputs[i].len() == 1
                && !inputs[i][0].1
        };
        let mut skip = vec![false; n];
        let mut source: Vec<usize> = (0..n).collect();
        for id in &plan.order {
            let i = id.index();
            if passthrough(i) && history[i].is_none() {
                skip[i] = true;
                source[i] = source[inputs[i][0].0];
            }
        }
        for node_inputs in inputs.iter_mut() {
            for (j, delayed) in node_inputs.iter_mut() {
                if !*delayed {
                    *j = source[*j];
                }
            }
        }
        let mut buffers = buffers;
        for (i, node) in graph.nodes.iter().enumerate() {
            if let NodeKind::Const(v) = node.kind {
                for ch in buffers[i].iter_mut() {
                    ch.fill(v);
                }
            }
        }
        let mut outputs = [None; 1 + NUMBERED_OUTPUTS];
        for id in &graph.outputs {
            if let NodeKind::Output { target } = &graph.node(*id).kind {
                let slot = match target {
                    OutputTarget::Main => 0,
                    OutputTarget::Numbered(k) => (*k as usize).clamp(1, NUMBERED_OUTPUTS),
                };
                outputs[slot] = Some(id.index());
            }
        }
        let runs: Vec<bool> = (0..n).map(|i| !is_const[i] && !skip[i]).collect();
        let order_indices: Vec<usize> = plan.order.iter().map(|id| id.index()).collect();
        let schedule = schedule::build(graph, &order_indices, &runs, &inputs);
        let mut keys: Vec<(u64, usize)> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.key, i))
            .collect();
        keys.sort_unstable();
        let mut group_keys = graph.voice_group_keys.clone();
        group_keys.resize(graph.voice_groups.len(), 0);
        Ok(Program {
            parallel: Parallel::new(schedule),
            nodes: rt,
            buffers,
            channels,
            inputs,
            order: plan.order.iter().map(|id| id.index()).collect(),
            is_const,
            skip,
            history,
            outputs,
            sample_rate: config.sample_rate,
            cps: graph.cps.unwrap_or(config.default_cps),
            clock: crate::clock::Clock::new(
                graph.cps.unwrap_or(config.default_cps),
                config.sample_rate,
            ),
            position: 0,
            hushed: graph.hushed,
            stats: RenderStats::default(),
            externals: nodes::Externals {
                group_freq: vec![[0.0; PATTERN_VOICES]; graph.voice_groups.len()],
                group_gate: vec![[0.0; PATTERN_VOICES]; graph.voice_groups.len()],
                ..Default::default()
            },
            groups: graph
                .voice_groups
                .iter()
                .map(|p| nodes::VoiceGroup::new(p.clone()))
                .collect(),
            group_onsets: Vec::with_capacity(GROUP_ONSETS),
            voice_keys: [None; MIDI_VOICES],
            voice_age: [0; MIDI_VOICES],
            voice_clock: 0,
            keys,
            group_keys,
        })
    }

    /// Whether node `i` here and node `j` of `old` have the same output and input widths.
    fn same_wiring(&self, i: usize, old: &Program, j: usize) -> bool {
        let (a, b) = (&self.inputs[i], &old.inputs[j]);
        self.channels[i] == old.channels[j]
            && a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&(x, _), &(y, _))| self.channels[x] == old.channels[y])
    }

    /// Takes over what survives an edit from `old`, the program this one replaces, before
    /// its first block: the position and clock, macro and MIDI values and held keys, and
    /// the state of every node whose statement is unchanged (same canonical text, see
    /// [`crate::graph::Node::key`]) — oscillator phases, filter memories, delay lines,
    /// reverb tails, sounding voices, feedback histories. Unchanged statements then render
    /// exactly what they would have rendered without the edit. On the audio thread:
    /// copies in place, allocates and frees nothing. Returns how many nodes took state.
    pub fn take_state_from(&mut self, old: &Program) -> usize {
        if self.sample_rate != old.sample_rate {
            return 0; // coefficients and lengths in samples would not fit
        }
        self.position = old.position;
        self.clock = old.clock;
        self.cps = old.cps;
        let (e, from) = (&mut self.externals, &old.externals);
        e.macros = from.macros;
        e.midi_freq = from.midi_freq;
        e.midi_gate = from.midi_gate;
        e.midi_vel = from.midi_vel;
        e.voice_freq = from.voice_freq;
        e.voice_gate = from.voice_gate;
        self.voice_keys = old.voice_keys;
        self.voice_age = old.voice_age;
        self.voice_clock = old.voice_clock;
        // Both key lists are sorted: one merge pass pairs the nodes.
        let (mut a, mut b, mut carried) = (0, 0, 0);
        while a < self.keys.len() && b < old.keys.len() {
            let ((ka, i), (kb, j)) = (self.keys[a], old.keys[b]);
            if ka < kb {
                a += 1;
                continue;
            }
            if kb < ka {
                b += 1;
                continue;
            }
            // The same statement can be wired to inputs of other widths (a bus it reads
            // went from stereo to mono): then its kernels were built differently.
            if self.same_wiring(i, old, j) && self.nodes[i].take_state_from(&old.nodes[j]) {
                carried += 1;
            }
            if let (Some(h), Some(from)) = (&self.history[i], &old.history[j]) {
                for c in 0..2 {
                    // SAFETY: both rings are `2 * HISTORY` long and owned by their
                    // programs; no chunk is rendering (this runs between blocks on the
                    // thread that renders both).
                    unsafe { std::ptr::copy_nonoverlapping(from.ptr[c], h.ptr[c], 2 * HISTORY) };
                }
            }
            a += 1;
            b += 1;
        }
        for (g, key) in self.group_keys.iter().enumerate() {
            let Some(og) = old.group_keys.iter().position(|k| *k == *key && *key != 0) else {
                continue;
            };
            if let (Some(group), Some(from)) = (self.groups.get_mut(g), old.groups.get(og)) {
                group.until = from.until;
                group.age = from.age;
            }
            let e = &mut self.externals;
            if let (Some(f), Some(from)) =
                (e.group_freq.get_mut(g), old.externals.group_freq.get(og))
            {
                *f = *from;
            }
            if let (Some(f), Some(from)) =
                (e.group_gate.get_mut(g), old.externals.group_gate.get(og))
            {
                *f = *from;
            }
        }
        carried
    }

    /// Checks, compiles, plans and builds `source` in one step (off the audio thread), for
    /// tests, benchmarks and tools; errors come back as text with their lines and carets.
    pub fn from_source(
        source: &str,
        config: RenderConfig,
        samples: &Arc<SampleLibrary>,
    ) -> Result<Program, String> {
        let rendered = |d: &[crate::lang::Diagnostic]| crate::lang::render_all(d, None, source);
        let checked = crate::lang::check_program(source).map_err(|d| rendered(&d))?;
        let mut graph = crate::graph::compile(&checked).map_err(|d| rendered(&d))?;
        let plan = crate::graph::plan(&mut graph);
        Program::build(&graph, &plan, config, samples)
    }

    pub fn cps(&self) -> f64 {
        self.cps
    }

    pub fn sample_rate(&self) -> f32 {
        self.sample_rate
    }

    /// The absolute sample position of the next block.
    pub fn position(&self) -> u64 {
        self.position
    }

    pub fn stats(&self) -> RenderStats {
        self.stats
    }

    /// Which numbered outputs (`o1`..`o8`) the program defines.
    pub fn numbered_outputs(&self) -> [bool; NUMBERED_OUTPUTS] {
        let mut used = [false; NUMBERED_OUTPUTS];
        for (k, u) in used.iter_mut().enumerate() {
            *u = self.outputs[k + 1].is_some();
        }
        used
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node whose buffer holds node `i`'s signal (through skipped pass-throughs).
    fn source_of(&self, mut i: usize) -> usize {
        while self.skip[i] {
            i = self.inputs[i][0].0;
        }
        i
    }

    /// Renders on `pool` when that pays (see [`ParallelMode`]). Call off the audio thread.
    pub fn attach_pool(&mut self, pool: std::sync::Arc<pool::WorkerPool>) {
        self.parallel.pool = if pool.workers() > 0 { Some(pool) } else { None };
    }

    pub fn set_parallel_mode(&mut self, mode: ParallelMode) {
        self.parallel.mode = mode;
    }

    /// Every event ring of the program (pattern signals, sample players, voice groups), for
    /// a thread that keeps events prepared ahead of the playhead
    /// ([`events::EventRing::prepare_ahead`]) while the audio thread renders.
    pub fn event_rings(&self) -> Vec<std::sync::Arc<events::EventRing>> {
        self.nodes
            .iter()
            .filter_map(|n| n.event_ring().cloned())
            .chain(self.groups.iter().map(|g| g.events.ring().clone()))
            .collect()
    }

    /// The tasks of this program, for `phonon plan --tasks`.
    pub fn schedule(&self) -> &schedule::Schedule {
        &self.parallel.schedule
    }

    /// Chunks rendered on the pool so far (since the last decision to back off).
    pub fn parallel_chunks(&self) -> u64 {
        self.parallel.parallel_chunks
    }

    /// Sets a macro `~m1`..`~m8` (index 0..8) to a value in 0..1.
    pub fn set_macro(&mut self, index: usize, value: f32) {
        if let Some(m) = self.externals.macros.get_mut(index) {
            *m = value;
        }
    }

    /// The cycle at an absolute sample position, exactly.
    pub fn cycle_at(&self, sample: u64) -> Time {
        self.clock.cycle_at(sample as i64)
    }

    /// Follows a host position: the next block starts at `cycle`, at `cps` cycles per
    /// second. Jumps (loops, locates) and tempo changes move the clock; a steady transport
    /// leaves it exact.
    pub fn locate(&mut self, cycle: f64, cps: f64) {
        if cps.is_finite() && cps > 0.0 && cycle.is_finite() {
            self.clock.follow(self.position as i64, cycle, cps);
            self.cps = cps;
        }
    }

    /// Prepares pattern events for the next `samples` samples (allocates: call it off the
    /// audio thread, ahead of `process`).
    pub fn prepare(&mut self, samples: usize) {
        let from = self.cycle_at(self.position);
        let to = self.cycle_at(self.position + samples as u64);
        for node in &mut self.nodes {
            node.prepare(from, to);
        }
        for group in &mut self.groups {
            group.prepare(from, to);
        }
    }

    /// Forgets onsets waiting to be played late after a block whose events were not ready:
    /// for a transport that stopped, where they would come stale when it starts again.
    /// Allocation-free.
    pub fn forget_missed_events(&mut self) {
        for node in &mut self.nodes {
            node.forget_missed_events();
        }
        for group in &mut self.groups {
            group.events.forget_missed();
        }
    }

    /// Renders `len` samples into `out` (every slice at least `len` long). Allocation-free.
    pub fn process(&mut self, out: &mut Outputs, len: usize) {
        self.process_midi(out, len, &[]);
    }

    /// Like [`Program::process`], with the MIDI notes of this block (offsets within the
    /// block, in order). Notes, and the events of note patterns that play voices, take
    /// effect exactly at their sample: the block is rendered in pieces between them.
    pub fn process_midi(&mut self, out: &mut Outputs, len: usize, notes: &[NoteEvent]) {
        let _denormals = DenormalGuard::new();
        self.collect_group_onsets(len);
        let start = self.position;
        let mut done = 0;
        let (mut next_note, mut next_onset) = (0, 0);
        while done < len {
            while next_note < notes.len() && notes[next_note].offset <= done {
                self.apply_note(notes[next_note]);
                next_note += 1;
            }
            // Events ending here end before those starting here take their voices.
            self.end_group_voices(start + done as u64);
            while next_onset < self.group_onsets.len()
                && self.group_onsets[next_onset].offset <= done
            {
                let onset = self.group_onsets[next_onset];
                self.start_group_voice(onset);
                next_onset += 1;
            }
            // Render up to the next note, onset or end of a voice's event.
            let mut until = len;
            if let Some(n) = notes.get(next_note) {
                until = until.min(n.offset);
            }
            if let Some(o) = self.group_onsets.get(next_onset) {
                until = until.min(o.offset);
            }
            for g in &self.groups {
                for end in g.until.iter().flatten() {
                    until = until.min(end.saturating_sub(start) as usize);
                }
            }
            let until = until.clamp(done + 1, len);
            while done < until {
                let n = (until - done).min(CHUNK);
                self.process_chunk(n);
                self.write_outputs(out, done, n);
                self.position += n as u64;
                done += n;
            }
        }
        for note in &notes[next_note..] {
            self.apply_note(*note);
        }
        self.end_group_voices(self.position);
    }

    /// The onsets of every pattern voice group in the next `len` samples, in time order.
    fn collect_group_onsets(&mut self, len: usize) {
        self.group_onsets.clear();
        if self.groups.is_empty() {
            return;
        }
        let clock = self.clock;
        let span = crate::pattern::TimeSpan::new(
            self.cycle_at(self.position),
            self.cycle_at(self.position + len as u64),
        );
        for (g, group) in self.groups.iter_mut().enumerate() {
            let to_sample = |t: Time| clock.sample_at(t).max(0) as u64;
            if !group.onsets(
                g,
                span,
                &to_sample,
                self.position,
                &mut self.group_onsets,
                &mut self.stats,
            ) {
                self.stats.event_overflow += 1;
            }
        }
        self.group_onsets
            .sort_unstable_by_key(|o| (o.offset, o.group));
    }

    /// Gives an event to a free voice of its group (or the one that started longest ago).
    fn start_group_voice(&mut self, onset: nodes::GroupOnset) {
        let Some(group) = self.groups.get_mut(onset.group) else {
            return;
        };
        self.voice_clock += 1;
        let free = (0..PATTERN_VOICES).find(|&k| group.until[k].is_none());
        let k = free.unwrap_or_else(|| {
            (0..PATTERN_VOICES)
                .min_by_key(|&k| group.age[k])
                .unwrap_or(0)
        });
        group.until[k] = Some(onset.until);
        group.age[k] = self.voice_clock;
        self.externals.group_freq[onset.group][k] = onset.freq;
        self.externals.group_gate[onset.group][k] = nodes::gate_value(self.voice_clock);
    }

    /// Releases the voices whose event has ended by absolute sample `now`.
    fn end_group_voices(&mut self, now: u64) {
        for (g, group) in self.groups.iter_mut().enumerate() {
            for k in 0..PATTERN_VOICES {
                if group.until[k].is_some_and(|end| end <= now) {
                    group.until[k] = None;
                    self.externals.group_gate[g][k] = 0.0;
                }
            }
        }
    }

    /// A note on or off: the last-note values and the voice allocation.
    fn apply_note(&mut self, note: NoteEvent) {
        let freq = nodes::midi_to_hz(note.key as f32);
        let ext = &mut self.externals;
        if note.on && note.velocity > 0 {
            ext.midi_freq = freq;
            ext.midi_gate = 1.0;
            ext.midi_vel = note.velocity as f32 / 127.0;
            // A free voice (released the longest), else the oldest playing one.
            self.voice_clock += 1;
            let free = (0..MIDI_VOICES)
                .filter(|&k| self.voice_keys[k].is_none())
                .min_by_key(|&k| self.voice_age[k]);
            let k = free.unwrap_or_else(|| {
                (0..MIDI_VOICES)
                    .min_by_key(|&k| self.voice_age[k])
                    .unwrap_or(0)
            });
            self.voice_keys[k] = Some(note.key);
            self.voice_age[k] = self.voice_clock;
            ext.voice_freq[k] = freq;
            ext.voice_gate[k] = nodes::gate_value(self.voice_clock);
        } else {
            for k in 0..MIDI_VOICES {
                if self.voice_keys[k] == Some(note.key) {
                    self.voice_keys[k] = None;
                    self.voice_clock += 1;
                    self.voice_age[k] = self.voice_clock;
                    ext.voice_gate[k] = 0.0;
                }
            }
            if self.voice_keys.iter().all(Option::is_none) {
                ext.midi_gate = 0.0;
            }
        }
    }

    fn chunk_ctx<'a>(
        clock: crate::clock::Clock,
        cps: f64,
        sample_rate: f32,
        position: u64,
        externals: &'a nodes::Externals,
        len: usize,
    ) -> ChunkCtx<'a> {
        ChunkCtx {
            block: BlockCtx {
                sample_rate,
                start_sample: position,
                len,
                cycle: clock.cycle_at(position as i64).to_f64(),
                cycles_per_sample: cps / sample_rate as f64,
            },
            clock,
            externals,
        }
    }

    /// Raw access to the per-node state for one chunk (see [`run_node`]).
    fn arena(&mut self) -> Arena {
        Arena {
            nodes: self.nodes.as_mut_ptr(),
            buffers: self.buffers.as_mut_ptr(),
            history: self.history.as_ptr(),
            channels: self.channels.as_ptr(),
            inputs: self.inputs.as_ptr(),
        }
    }

    /// Renders one chunk, on the worker pool when that pays, else on this thread.
    fn process_chunk(&mut self, len: usize) {
        let go_parallel = self.parallel.should_run_parallel(len);
        let started = std::time::Instant::now();
        if go_parallel {
            self.process_chunk_parallel(len);
        } else {
            self.process_chunk_serial(len);
        }
        self.parallel
            .measured(go_parallel, len, started.elapsed().as_nanos() as f64);
    }

    /// Renders one chunk on this thread, node by node in plan order.
    fn process_chunk_serial(&mut self, len: usize) {
        let arena = self.arena();
        let ctx = Self::chunk_ctx(
            self.clock,
            self.cps,
            self.sample_rate,
            self.position,
            &self.externals,
            len,
        );
        let mut stats = RenderStats::default();
        for &i in &self.order {
            if self.is_const[i] || self.skip[i] {
                continue; // constants are filled at build time; pass-throughs are read through
            }
            // SAFETY: one thread runs the nodes in plan order, so every input is finished
            // and nothing else touches node `i`.
            unsafe { run_node(arena, i, &ctx, &mut stats) };
        }
        self.stats.add(&stats);
    }

    /// Renders one chunk with the worker pool: built-in inputs first on this thread, then
    /// the tasks, each on whichever thread takes it once its dependencies are done.
    fn process_chunk_parallel(&mut self, len: usize) {
        let Some(pool) = self.parallel.pool.clone() else {
            return self.process_chunk_serial(len);
        };
        let arena = self.arena();
        let ctx = Self::chunk_ctx(
            self.clock,
            self.cps,
            self.sample_rate,
            self.position,
            &self.externals,
            len,
        );
        let mut stats = RenderStats::default();
        let p = &mut self.parallel;
        for &i in &p.schedule.prelude {
            // SAFETY: runs before the round, on this thread only.
            unsafe { run_node(arena, i, &ctx, &mut stats) };
        }
        for (t, task) in p.schedule.tasks.iter().enumerate() {
            p.deps[t].store(task.deps, std::sync::atomic::Ordering::SeqCst);
            if task.deps == 0 {
                let _ = p.queue.push(t);
            }
        }
        p.remaining
            .store(p.schedule.tasks.len(), std::sync::atomic::Ordering::SeqCst);
        let task_stats = TaskStats(p.task_stats.as_mut_ptr());
        let tasks = &p.schedule.tasks;
        let run = |t: usize| {
            let task_stats = &task_stats;
            // SAFETY: each task runs exactly once per round, so its stats slot is its own;
            // its nodes' inputs are in tasks it depends on (finished) or are delayed reads.
            let st = unsafe { &mut *task_stats.0.add(t) };
            for &i in &tasks[t].nodes {
                unsafe { run_node(arena, i, &ctx, st) };
            }
        };
        pool.run(&pool::Round {
            run: &run,
            successors: &p.successors,
            deps: &p.deps,
            queue: &p.queue,
            remaining: &p.remaining,
        });
        for st in p.task_stats.iter_mut() {
            stats.add(st);
            *st = RenderStats::default();
        }
        self.stats.add(&stats);
    }

    fn write_outputs(&mut self, out: &mut Outputs, offset: usize, len: usize) {
        for ch in out.main.iter_mut() {
            ch[offset..offset + len].fill(0.0);
        }
        if self.hushed {
            for o in out.numbered.iter_mut().flatten() {
                for ch in o.iter_mut() {
                    ch[offset..offset + len].fill(0.0);
                }
            }
            return;
        }
        // Main: the `out` statement plus every numbered output, in a fixed order.
        for (slot, node) in self.outputs.iter().enumerate() {
            let Some(i) = *node else {
                if slot > 0 {
                    if let Some(o) = &mut out.numbered[slot - 1] {
                        for ch in o.iter_mut() {
                            ch[offset..offset + len].fill(0.0);
                        }
                    }
                }
                continue;
            };
            let i = self.source_of(i);
            let buf = &mut self.buffers[i];
            // Nothing non-finite leaves through an output.
            for ch in buf.iter_mut() {
                for x in ch.iter_mut().take(len) {
                    if !x.is_finite() {
                        *x = 0.0;
                        self.stats.nans_replaced += 1;
                    }
                }
            }
            let buf = &self.buffers[i];
            let right: &[f32] = if self.channels[i] == 2 {
                &buf[1]
            } else {
                &buf[0]
            };
            let src = [&buf[0][..len], &right[..len]];
            for (dst, src) in out.main.iter_mut().zip(src) {
                for (d, x) in dst[offset..offset + len].iter_mut().zip(src) {
                    *d += x;
                }
            }
            if slot > 0 {
                if let Some(o) = &mut out.numbered[slot - 1] {
                    for c in 0..2 {
                        o[c][offset..offset + len].copy_from_slice(src[c]);
                    }
                }
            }
        }
    }
}

/// The sound names (`s`) a control pattern uses in its first 16 cycles.
pub fn pattern_sound_names(
    pattern: &crate::pattern::Pattern<crate::pattern::Value>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for haps in crate::pattern::budget::first_cycles(pattern, 16) {
        for h in &haps {
            if let crate::pattern::Value::Map(m) = &h.value {
                if let Some(crate::pattern::Value::Str(s)) = m.get("s") {
                    if !names.iter().any(|n| n == &**s) {
                        names.push(s.to_string());
                    }
                }
            }
        }
    }
    names
}

/// The sound names a graph's sample players use (from their first 16 cycles), for
/// reporting missing banks; synth names are left out.
pub fn sample_names(graph: &Graph) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for node in &graph.nodes {
        if let NodeKind::Sampler { pattern } = &node.kind {
            for name in pattern_sound_names(pattern) {
                let synth = crate::registry::lookup(&name).is_some_and(|f| {
                    matches!(f.implementation, crate::registry::Implementation::Synth(_))
                });
                if !synth && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// Flushes denormals to zero (FTZ and DAZ) while alive, restoring the previous mode: a
/// decaying filter or reverb tail must never fall into slow subnormal arithmetic.
pub(crate) struct DenormalGuard {
    #[cfg(target_arch = "x86_64")]
    saved: u32,
}

impl DenormalGuard {
    #[allow(deprecated)]
    pub(crate) fn new() -> DenormalGuard {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_getcsr, _mm_setcsr};
            // SAFETY: reading and writing MXCSR only changes floating-point modes of
            // this thread; FTZ (bit 15) and DAZ (bit 6) are supported on every x86_64.
            let saved = unsafe { _mm_getcsr() };
            unsafe { _mm_setcsr(saved | 0x8040) };
            DenormalGuard { saved }
        }
        #[cfg(not(target_arch = "x86_64"))]
        DenormalGuard {}
    }
}

impl Drop for DenormalGuard {
    #[allow(deprecated)]
    fn drop(&mut self) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::_mm_setcsr;
            // SAFETY: restores the mode saved in `new`.
            unsafe { _mm_setcsr(self.saved) };
        }
    }
}

/// Raw pointers to a program's per-node state, valid for one chunk while the program is
/// borrowed mutably by `process`.
#[derive(Clone, Copy)]
struct Arena {
    nodes: *mut RtNode,
    buffers: *mut [Vec<f32>; 2],
    history: *const Option<History>,
    channels: *const usize,
    inputs: *const Vec<(usize, bool)>,
}

// SAFETY: an `Arena` is only used during a chunk, under `run_node`'s contract.
unsafe impl Send for Arena {}
unsafe impl Sync for Arena {}

/// What every node of a chunk reads.
struct ChunkCtx<'a> {
    block: BlockCtx,
    clock: crate::clock::Clock,
    externals: &'a nodes::Externals,
}

/// Renders node `i` for one chunk.
///
/// SAFETY: while this runs, no other thread touches node `i`'s runtime node, buffers or
/// history ring, and every non-delayed input of `i` has finished this chunk and is not
/// written by anyone. Delayed inputs are read from their history ring `CHUNK` samples back,
/// a part disjoint from the part their owner writes this chunk (the ring holds
/// `2 * CHUNK` samples and chunks are at most `CHUNK` long).
unsafe fn run_node(a: Arena, i: usize, ctx: &ChunkCtx, stats: &mut RenderStats) {
    let len = ctx.block.len;
    let position = ctx.block.start_sample;
    let node_inputs: &Vec<(usize, bool)> = unsafe { &*a.inputs.add(i) };
    let read = |slot: usize| -> nodes::InputRef<'_> {
        let (j, delayed) = node_inputs[slot];
        let stereo = unsafe { *a.channels.add(j) } == 2;
        if delayed {
            if let Some(h) = unsafe { &*a.history.add(j) } {
                let start = ((position + HISTORY as u64 - CHUNK as u64) % HISTORY as u64) as usize;
                // SAFETY: `start + len <= 2 * HISTORY`; the owner writes other samples.
                let left = unsafe { std::slice::from_raw_parts(h.ptr[0].add(start), len) };
                let right = if stereo {
                    unsafe { std::slice::from_raw_parts(h.ptr[1].add(start), len) }
                } else {
                    left
                };
                return nodes::InputRef {
                    left,
                    right,
                    stereo,
                };
            }
        }
        let buf: &[Vec<f32>; 2] = unsafe { &*a.buffers.add(j) };
        let left = &buf[0][..len];
        let right = if stereo { &buf[1][..len] } else { left };
        nodes::InputRef {
            left,
            right,
            stereo,
        }
    };
    let node_ctx = nodes::NodeCtx {
        block: &ctx.block,
        clock: ctx.clock,
        externals: ctx.externals,
    };
    let own: &mut [Vec<f32>; 2] = unsafe { &mut *a.buffers.add(i) };
    let node: &mut RtNode = unsafe { &mut *a.nodes.add(i) };
    node.process(&node_ctx, node_inputs.len(), &read, own, len, stats);
    if let Some(h) = unsafe { &*a.history.add(i) } {
        // Nothing non-finite goes round a feedback loop.
        for ch in own.iter_mut() {
            for x in ch.iter_mut().take(len) {
                if !x.is_finite() {
                    *x = 0.0;
                    stats.nans_replaced += 1;
                }
            }
        }
        for (c, ptr) in h.ptr.iter().enumerate() {
            let src = if own[c].is_empty() { &own[0] } else { &own[c] };
            for (s, x) in src.iter().take(len).enumerate() {
                let p = ((position + s as u64) % HISTORY as u64) as usize;
                // SAFETY: `p + HISTORY < 2 * HISTORY`; only this node writes its ring.
                unsafe {
                    ptr.add(p).write(*x);
                    ptr.add(p + HISTORY).write(*x);
                }
            }
        }
    }
}

/// Per-task stats slots, shared with worker threads for one round.
struct TaskStats(*mut RenderStats);

// SAFETY: every task writes only its own slot (see `process_chunk_parallel`).
unsafe impl Sync for TaskStats {}

/// Whether and how a program renders on a worker pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParallelMode {
    /// Decide per chunk from estimated and measured costs (the default).
    Auto,
    /// Always use the pool when there is one (tests of bit-identity).
    Always,
    /// Never use the pool.
    Never,
}

/// The minimum estimated work of one chunk, in nanoseconds, before spreading it over
/// threads pays: dispatching a round costs a few microseconds with spinning workers and
/// more when they have parked (see `shared/notes/perf-facts.md`).
const PARALLEL_MIN_NS: f64 = 40_000.0;

/// Chunks between re-measurements of the serial cost while running in parallel.
const RECALIBRATE_EVERY: u64 = 2048;

/// Chunks rendered serially at the start, to calibrate the cost estimate.
const CALIBRATION_CHUNKS: u64 = 8;

struct Parallel {
    schedule: schedule::Schedule,
    successors: Vec<Vec<usize>>,
    deps: Vec<std::sync::atomic::AtomicUsize>,
    queue: crossbeam_queue::ArrayQueue<usize>,
    remaining: std::sync::atomic::AtomicUsize,
    task_stats: Vec<RenderStats>,
    pool: Option<std::sync::Arc<pool::WorkerPool>>,
    mode: ParallelMode,
    /// Measured nanoseconds per estimated nanosecond (the cost table's calibration), from
    /// chunks rendered serially; and measured parallel time over the serial estimate.
    serial_factor: f64,
    parallel_ratio: f64,
    chunks: u64,
    /// While positive, chunks render serially (parallel did not pay).
    backoff: u64,
    parallel_chunks: u64,
}

impl Parallel {
    fn new(schedule: schedule::Schedule) -> Parallel {
        let n = schedule.tasks.len();
        Parallel {
            successors: schedule
                .tasks
                .iter()
                .map(|t| t.successors.clone())
                .collect(),
            deps: (0..n)
                .map(|_| std::sync::atomic::AtomicUsize::new(0))
                .collect(),
            queue: crossbeam_queue::ArrayQueue::new(n.max(1)),
            remaining: std::sync::atomic::AtomicUsize::new(0),
            task_stats: vec![RenderStats::default(); n],
            pool: None,
            mode: ParallelMode::Auto,
            serial_factor: 1.0,
            parallel_ratio: 0.0,
            chunks: 0,
            backoff: 0,
            parallel_chunks: 0,
            schedule,
        }
    }

    fn threads(&self) -> usize {
        self.pool.as_ref().map_or(1, |p| p.workers() + 1)
    }

    fn should_run_parallel(&mut self, len: usize) -> bool {
        if self.pool.is_none() || self.schedule.tasks.len() < 2 {
            return false;
        }
        match self.mode {
            ParallelMode::Never => false,
            ParallelMode::Always => true,
            ParallelMode::Auto => {
                self.chunks += 1;
                // The first chunks run serially to measure what the cost table is worth here.
                if self.chunks <= CALIBRATION_CHUNKS {
                    return false;
                }
                if self.backoff > 0 {
                    self.backoff -= 1;
                    return false;
                }
                // Now and then one serial chunk, to keep the estimate honest.
                if self.chunks.is_multiple_of(RECALIBRATE_EVERY) {
                    return false;
                }
                let serial_ns = self.schedule.total_cost * len as f64 * self.serial_factor;
                serial_ns >= PARALLEL_MIN_NS && self.schedule.speedup(self.threads()) >= 1.25
            }
        }
    }

    /// Updates the estimates from a chunk's measured time.
    fn measured(&mut self, parallel: bool, len: usize, ns: f64) {
        let estimate = self.schedule.total_cost * len as f64;
        if estimate <= 0.0 {
            return;
        }
        if parallel {
            self.parallel_chunks += 1;
            // One slow chunk (a page fault, a preempted worker) must not decide alone.
            let ratio = (ns / (estimate * self.serial_factor)).min(2.0);
            self.parallel_ratio = if self.parallel_chunks == 1 {
                ratio
            } else {
                0.95 * self.parallel_ratio + 0.05 * ratio
            };
            // Parallel is not paying: stay serial for a while.
            if self.mode == ParallelMode::Auto
                && self.parallel_chunks > 64
                && self.parallel_ratio > 0.95
            {
                self.backoff = RECALIBRATE_EVERY;
                self.parallel_ratio = 0.0;
                self.parallel_chunks = 0;
            }
        } else if self.chunks > 2 {
            // The first chunks run on cold caches; one slow chunk moves the estimate little.
            let factor = (ns / estimate).clamp(0.25, 4.0);
            self.serial_factor = 0.9 * self.serial_factor + 0.1 * factor;
        }
    }
}
