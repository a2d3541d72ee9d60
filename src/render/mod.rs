//! The block renderer: a compiled, planned graph becomes a [`Program`] that owns every
//! buffer and node state it will ever need, then renders blocks.
//!
//! Threading contract: [`Program::build`] and [`Program::prepare`] allocate and run off
//! the audio thread (or before playback). [`Program::process`] runs on the audio thread: no
//! allocation, lock, syscall or panic. Host blocks longer than the program's chunk size are
//! split into chunks; all control-rate work is anchored to the absolute sample clock, so the
//! output does not depend on how the host slices time.

mod arena;
mod build;
mod cell;
pub mod events;
mod nodes;
pub mod offline;
mod outputs;
mod parallel;
pub mod played;
mod player;
pub mod pool;
pub mod schedule;
mod takeover;
mod voices;

use std::sync::Arc;

use cell::NodeCell;

use crate::dsp::kernel::BlockCtx;
use crate::graph::compile::{MIDI_VOICES, PATTERN_VOICES};
use crate::graph::{Graph, NodeKind, Plan};
use crate::lang::ast::OutputTarget;
use crate::pattern::Time;
use crate::samples::SampleLibrary;

pub use build::sample_names;
pub use nodes::RtNode;
use parallel::Parallel;
pub use parallel::ParallelMode;
pub use player::pattern_sound_names;

/// Largest number of samples processed in one go; also the fixed delay of feedback reads,
/// so feedback sounds the same whatever the host's block size.
pub const CHUNK: usize = 256;

/// Numbered outputs `o1`..`o8`.
pub const NUMBERED_OUTPUTS: usize = 8;
/// Tidal's `d1`..`d16`: those past the numbered outputs (`d9`..`d16`) mix into the main
/// output only.
pub const STATEMENT_OUTPUTS: usize = 16;

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
/// whose events were not prepared in time, and what the output safety stage did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RenderStats {
    pub nans_replaced: u64,
    pub event_overflow: u64,
    pub late_events: u64,
    /// Output samples above 0 dBFS, and the loudest one, before the safety stage
    /// (`dsp::safety`) brought them under its ceiling.
    pub safety: crate::dsp::safety::SafetyStats,
}

impl RenderStats {
    fn add(&mut self, other: &RenderStats) {
        self.nans_replaced += other.nans_replaced;
        self.event_overflow += other.event_overflow;
        self.late_events += other.late_events;
        self.safety.add(&other.safety);
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
    nodes: Vec<NodeCell<RtNode>>,
    /// Per node: output buffers (1 or 2 channels of `CHUNK` samples).
    buffers: Vec<NodeCell<[Vec<f32>; 2]>>,
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
    outputs: [Option<usize>; 1 + STATEMENT_OUTPUTS],
    sample_rate: f32,
    cps: f64,
    /// Samples to cycles (moved by `locate` when a host jumps).
    clock: crate::clock::Clock,
    /// Absolute sample position of the next sample to render.
    position: u64,
    hushed: bool,
    /// Orbits to outputs: numbered output N+1 carries orbit N of every control pattern
    /// (SuperDirt's orbits on their own channels) instead of the statements `d1`..`d8`.
    orbit_outputs: bool,
    /// Whether outputs pass the safety stage here (off when a host applies it after its
    /// own gain, as the engine does).
    safety_stage: bool,
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

// SAFETY: threads share a `History` only while rendering a chunk, under `run_node`'s
// contract: its owner writes this chunk's samples, readers read the part `CHUNK` samples
// back, and those never overlap.
unsafe impl Sync for History {}

impl History {
    fn new() -> History {
        let mut rings = [vec![0.0; 2 * HISTORY], vec![0.0; 2 * HISTORY]];
        let ptr = [rings[0].as_mut_ptr(), rings[1].as_mut_ptr()];
        History { _rings: rings, ptr }
    }
}

const HISTORY: usize = 2 * CHUNK;

impl Program {
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

    /// Sends orbit N of every control pattern to numbered output N+1 (orbits 0..7), as
    /// SuperDirt gives orbits their own channels; the statements `d1`..`d8` then go to the
    /// main mix only. Off (statements to their outputs) unless set; call it before the
    /// program plays.
    pub fn set_orbit_outputs(&mut self, on: bool) {
        self.orbit_outputs = on;
        for node in self.nodes.iter_mut() {
            if let nodes::RtNode::Sampler(p) = node.get_mut() {
                p.route_orbits(on);
            }
        }
    }

    /// Which numbered outputs (`o1`..`o8`) the program defines.
    pub fn numbered_outputs(&self) -> [bool; NUMBERED_OUTPUTS] {
        if self.orbit_outputs {
            return [true; NUMBERED_OUTPUTS];
        }
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

    /// Whether this program's outputs pass the safety stage (on by default). Hosts that
    /// apply their own gain afterwards turn it off and run the stage last themselves.
    pub fn set_safety_stage(&mut self, on: bool) {
        self.safety_stage = on;
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
            .filter_map(|n| n.get().event_ring().cloned())
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

    /// Where this program records the onsets it plays and their code spans, for an
    /// editor to light them up (see [`played`]). Set before it is installed.
    pub fn set_played(&mut self, sink: played::PlayedSink) {
        self.externals.played = Some(sink);
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
            // an absurd host tempo is held at the end of the range, as a program's is
            let cps = build::sane_cps(cps);
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
            node.get_mut().prepare(from, to);
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
            node.get_mut().forget_missed_events();
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
