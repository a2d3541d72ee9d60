//! What played, for the editor: the audio thread records each onset's time and the code
//! it came from into a preallocated lock-free queue; the GUI drains it and lights those
//! spans up while they sound.
//!
//! Threading contract: [`PlayedLog::new`] allocates (off the audio thread);
//! [`PlayedSink::record`] runs on the audio thread (and on workers): it never allocates,
//! locks or waits — when the queue is full (no editor is draining it) the oldest entry is
//! overwritten and counted. [`PlayedLog::drain_into`] runs on the GUI thread.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

use crossbeam_queue::ArrayQueue;

use crate::pattern::{Hap, Sources, Value};

/// Entries the queue holds: a few seconds of a dense program at a GUI's frame rate.
pub const PLAYED_CAPACITY: usize = 4096;

/// One onset that played: its event's extent in cycles and where in the code it came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlayedEvent {
    /// The program it belongs to ([`crate::engine::CompileReport::program`]); its spans
    /// are offsets into that program's source text.
    pub program: u64,
    pub begin: f64,
    pub end: f64,
    pub source: Sources,
}

/// The queue shared by the engine's programs and the editor.
#[derive(Debug)]
pub struct PlayedLog {
    queue: ArrayQueue<PlayedEvent>,
    /// Entries overwritten before anyone read them.
    overwritten: AtomicU64,
}

impl PlayedLog {
    pub fn new(capacity: usize) -> PlayedLog {
        PlayedLog {
            queue: ArrayQueue::new(capacity.max(1)),
            overwritten: AtomicU64::new(0),
        }
    }

    /// Moves every entry recorded so far into `out`, oldest first.
    pub fn drain_into(&self, out: &mut Vec<PlayedEvent>) {
        while let Some(e) = self.queue.pop() {
            out.push(e);
        }
    }

    /// Entries overwritten because nobody drained the queue in time.
    pub fn overwritten(&self) -> u64 {
        self.overwritten.load(Relaxed)
    }
}

/// A program's handle on the log: the log and the program's id.
#[derive(Clone, Debug)]
pub struct PlayedSink {
    log: Arc<PlayedLog>,
    program: u64,
}

impl PlayedSink {
    pub fn new(log: Arc<PlayedLog>, program: u64) -> PlayedSink {
        PlayedSink { log, program }
    }

    /// Records `h` if it is an onset that came from the code. Audio thread: no allocation.
    pub fn record(&self, h: &Hap<Value>) {
        if h.source.is_empty() || !h.has_onset() {
            return;
        }
        let whole = h.whole_or_part();
        let event = PlayedEvent {
            program: self.program,
            begin: whole.begin.to_f64(),
            end: whole.end.to_f64(),
            source: h.source,
        };
        if self.log.queue.force_push(event).is_some() {
            self.log.overwritten.fetch_add(1, Relaxed);
        }
    }
}
