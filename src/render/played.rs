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

/// The editor's view of what is sounding: the events drained from the log that have not
/// ended yet. GUI thread.
#[derive(Debug, Default)]
pub struct Sounding {
    events: Vec<PlayedEvent>,
}

impl Sounding {
    /// Takes in newly played events.
    pub fn add(&mut self, new: &[PlayedEvent]) {
        self.events.extend_from_slice(new);
    }

    /// The spans of the events sounding at cycle `now` (begin ≤ now < end), each with its
    /// program, in order and without repeats; events that ended are forgotten. A transport that jumped
    /// back forgets the events that lie ahead of it, too: they will be played again.
    pub fn at(&mut self, now: f64, out: &mut Vec<(u64, (usize, usize))>) {
        out.clear();
        self.events
            .retain(|e| e.end > now && e.begin <= now + AHEAD_CYCLES);
        for e in self.events.iter().filter(|e| e.begin <= now) {
            out.extend(e.source.spans().map(|span| (e.program, span)));
        }
        out.sort_unstable();
        out.dedup();
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

/// How far ahead of the playhead an event may have been recorded (a block, and a few
/// cycles of look-ahead to spare) before it is taken for one left from before a jump.
const AHEAD_CYCLES: f64 = 4.0;

/// Where the span `(a, b)` of `old` is in `new`, the same text after an edit: spans
/// before the edited part stay, spans after it move with it, spans inside it are gone.
/// (The editor keeps lights on the code while it is being changed, before it is run.)
pub fn map_span(old: &str, new: &str, (a, b): (usize, usize)) -> Option<(usize, usize)> {
    if old == new {
        return (b <= old.len() && old.is_char_boundary(a) && old.is_char_boundary(b))
            .then_some((a, b));
    }
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, x), y)| x != y)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let old_tail = old.len() - suffix;
    if b <= prefix {
        Some((a, b))
    } else if a >= old_tail {
        let at = |x: usize| x + new.len() - old.len();
        let (na, nb) = (at(a), at(b));
        (new.is_char_boundary(na) && new.is_char_boundary(nb)).then_some((na, nb))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_an_edit_before_them_and_vanish_inside_it() {
        let old = "d1 $ s \"bd sn\" # n 1";
        // `bd` at 8..10, `sn` at 11..13
        assert_eq!(map_span(old, old, (8, 10)), Some((8, 10)));
        let new = "d1 $ fast 2 $ s \"bd sn\" # n 1";
        assert_eq!(map_span(old, new, (8, 10)), Some((17, 19)));
        assert_eq!(&new[17..19], "bd");
        let new = "d1 $ s \"bd cp\" # n 1";
        assert_eq!(map_span(old, new, (8, 10)), Some((8, 10)));
        assert_eq!(map_span(old, new, (11, 13)), None);
        let new = "d1 $ s \"bd sn\" # n 12";
        assert_eq!(map_span(old, new, (11, 13)), Some((11, 13)));
        // Multi-byte characters: never a span off a character boundary.
        let new = "d1 $ s \"é bd sn\" # n 1";
        assert_eq!(
            map_span(old, new, (11, 13)).map(|(a, b)| &new[a..b]),
            Some("sn")
        );
    }

    #[test]
    fn sounding_lights_what_plays_now_and_forgets_what_ended() {
        let ev = |begin: f64, end: f64, at: usize| PlayedEvent {
            program: 1,
            begin,
            end,
            source: Sources::one(at, at + 2),
        };
        let mut s = Sounding::default();
        s.add(&[ev(0.0, 0.5, 8), ev(0.5, 1.0, 11), ev(0.0, 1.0, 20)]);
        let mut out = Vec::new();
        s.at(0.25, &mut out);
        assert_eq!(out, vec![(1, (8, 10)), (1, (20, 22))]);
        s.at(0.75, &mut out);
        assert_eq!(out, vec![(1, (11, 13)), (1, (20, 22))]);
        s.at(1.0, &mut out);
        assert!(out.is_empty() && s.is_empty());
        // A jump back forgets events recorded far ahead.
        s.add(&[ev(8.0, 8.5, 8)]);
        s.at(0.0, &mut out);
        assert!(out.is_empty() && s.is_empty());
    }
}
