//! Pattern events prepared ahead of the playhead by one thread and read by another.
//!
//! Threading contract: [`EventRing::prepare`] queries the pattern (allocates, drops old
//! events) and runs off the audio thread — on the engine's event thread in a plugin, or by
//! the caller between blocks offline. [`EventRing::read`] runs on the audio thread: it
//! allocates nothing, never waits, and never drops the last reference to an event.
//!
//! Each slot holds one cycle's events. A reader pins a slot (an atomic count) before
//! reading and re-checks its cycle; a writer first marks the slot as being written, then
//! waits (off the audio thread) until no reader has it pinned. A cycle that is not ready
//! when the audio thread needs it is reported as late, never waited for.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, Ordering::SeqCst};
use std::sync::Mutex;

use crate::pattern::cache::{EventBuf, EventTable};
use crate::pattern::{Hap, Pattern, Time, TimeSpan, Value};

/// Cycles kept per pattern: the one playing, the next, and two more ahead.
const SLOTS: usize = 4;
/// Events one slot can hold (one cycle of one pattern).
const TABLE_CAPACITY: usize = 1024;
/// A slot holding nothing.
const EMPTY: i64 = i64::MIN;
/// A slot being written.
const WRITING: i64 = i64::MIN + 1;

struct Slot {
    cycle: AtomicI64,
    readers: AtomicU32,
    table: UnsafeCell<EventTable<Value>>,
}

/// A pattern's events, one cycle per slot, shared by a writer and the audio thread.
pub struct EventRing {
    pattern: Pattern<Value>,
    slots: [Slot; SLOTS],
    /// The cycle the reader is at (published at every read), to choose which slot to reuse.
    reading: AtomicI64,
    /// A cycle kept prepared besides the ones ahead of the reader (the host's loop start),
    /// or `EMPTY`.
    cue: AtomicI64,
    /// Serialises writers (never taken by the reader).
    writer: Mutex<()>,
    /// Events that did not fit in a slot, counted by the writer.
    overflow: AtomicU32,
    /// Offline rendering (a DAW's bounce) runs faster than real time: there the reader
    /// waits for a missing cycle instead of counting it late, so a bounce renders exactly
    /// what real time would.
    wait_when_missing: AtomicBool,
}

/// How long an offline reader waits for the event thread before giving up on a cycle.
const OFFLINE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// What a read found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOutcome {
    /// The part of the span whose cycle was not ready (`None`: all of it was read). If two
    /// pieces apart were missing (a span over three cycles), only the first.
    pub missed: Option<TimeSpan>,
    /// Events that did not fit in the reader's scratch space.
    pub overflow: u64,
}

impl ReadOutcome {
    pub fn complete(&self) -> bool {
        self.missed.is_none()
    }

    fn add_missed(&mut self, piece: TimeSpan) {
        match &mut self.missed {
            None => self.missed = Some(piece),
            Some(m) if m.end == piece.begin => m.end = piece.end,
            Some(_) => {}
        }
    }
}

// SAFETY: a slot's table is written only by the writer holding `writer`, after it has
// marked the slot WRITING and seen no pinned readers; readers only read tables of slots they
// pinned while the slot's cycle was the one they wanted (re-checked after pinning).
unsafe impl Sync for EventRing {}

impl EventRing {
    pub fn new(pattern: Pattern<Value>) -> EventRing {
        let slot = || Slot {
            cycle: AtomicI64::new(EMPTY),
            readers: AtomicU32::new(0),
            table: UnsafeCell::new(EventTable::with_capacity(TABLE_CAPACITY)),
        };
        EventRing {
            pattern,
            slots: [slot(), slot(), slot(), slot()],
            reading: AtomicI64::new(0),
            cue: AtomicI64::new(EMPTY),
            writer: Mutex::new(()),
            overflow: AtomicU32::new(0),
            wait_when_missing: AtomicBool::new(false),
        }
    }

    /// Makes cycles `first..=last` ready (at most `SLOTS - 1` of them). Off the audio
    /// thread: this queries the pattern and may wait for a reader to unpin a slot.
    pub fn prepare(&self, first: i64, last: i64) {
        let _guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let last = last.min(first + SLOTS as i64 - 2);
        for c in first..=last {
            if self.slots.iter().any(|s| s.cycle.load(SeqCst) == c) {
                continue;
            }
            let Some(k) = self.victim(first, last) else {
                return;
            };
            let slot = &self.slots[k];
            slot.cycle.store(WRITING, SeqCst);
            while slot.readers.load(SeqCst) != 0 {
                std::hint::spin_loop();
            }
            // SAFETY: the slot is WRITING and unpinned; only this writer touches it.
            let table = unsafe { &mut *slot.table.get() };
            let span = TimeSpan::new(Time::from_int(c), Time::from_int(c + 1));
            let dropped = table.prepare(&self.pattern, span);
            if dropped > 0 {
                self.overflow.fetch_add(dropped as u32, SeqCst);
            }
            slot.cycle.store(c, SeqCst);
        }
    }

    /// The slot to overwrite: an empty one, else one behind the reader, else the one
    /// farthest from it, never one holding a cycle in `keep_first..=keep_last` or the two
    /// the reader may be reading.
    fn victim(&self, keep_first: i64, keep_last: i64) -> Option<usize> {
        let reading = self.reading.load(SeqCst);
        let mut best: Option<(i64, usize)> = None;
        for (k, s) in self.slots.iter().enumerate() {
            let c = s.cycle.load(SeqCst);
            if c == EMPTY {
                return Some(k);
            }
            let cue = self.cue.load(SeqCst);
            if (keep_first..=keep_last).contains(&c)
                || (reading..=reading + 1).contains(&c)
                || c == cue
            {
                continue;
            }
            let distance = (c - reading).saturating_abs();
            if best.is_none_or(|(d, _)| distance > d) {
                best = Some((distance, k));
            }
        }
        best.map(|(_, k)| k)
    }

    /// Reads the events touching `span` (usually one or two cycles) into `scratch` and calls `f`
    /// with each, on the audio thread; says which part of `span` was not ready.
    pub fn read(
        &self,
        span: TimeSpan,
        scratch: &mut EventBuf<Value>,
        mut f: impl FnMut(&Hap<Value>),
    ) -> ReadOutcome {
        let mut outcome = ReadOutcome::default();
        let mut begin = span.begin;
        self.reading.store(begin.floor_int(), SeqCst);
        loop {
            let c = begin.floor_int();
            let end = span.end.min(Time::from_int(c + 1));
            let pinned = match self.pin(c) {
                None if self.wait_when_missing.load(SeqCst) => self.wait_for(c),
                other => other,
            };
            match pinned {
                Some(k) => {
                    let slot = &self.slots[k];
                    // SAFETY: pinned with its cycle re-checked: no writer touches it now.
                    let table = unsafe { &*slot.table.get() };
                    table.query_into(TimeSpan::new(begin, end), scratch);
                    outcome.overflow += scratch.overflow() as u64;
                    for h in scratch.haps() {
                        f(h);
                    }
                    // Cleared while pinned: the table still holds every value, so nothing
                    // is freed here.
                    scratch.clear();
                    slot.readers.fetch_sub(1, SeqCst);
                }
                None => outcome.add_missed(TimeSpan::new(begin, end)),
            }
            if end >= span.end {
                break;
            }
            begin = end;
        }
        outcome
    }

    /// Offline only: waits (yielding) until cycle `c` is prepared, then pins it.
    fn wait_for(&self, c: i64) -> Option<usize> {
        let started = std::time::Instant::now();
        loop {
            std::thread::yield_now();
            if let Some(k) = self.pin(c) {
                return Some(k);
            }
            if started.elapsed() > OFFLINE_WAIT {
                return None;
            }
        }
    }

    /// Makes readers wait for missing cycles (offline rendering) or not (real time).
    pub fn set_wait_when_missing(&self, wait: bool) {
        self.wait_when_missing.store(wait, SeqCst);
    }

    /// Pins the slot holding cycle `c`, if it is ready.
    fn pin(&self, c: i64) -> Option<usize> {
        for (k, s) in self.slots.iter().enumerate() {
            if s.cycle.load(SeqCst) != c {
                continue;
            }
            s.readers.fetch_add(1, SeqCst);
            if s.cycle.load(SeqCst) == c {
                return Some(k);
            }
            s.readers.fetch_sub(1, SeqCst);
        }
        None
    }

    /// Keeps the cycle the reader is at and the next two ready, and the cue if one is set:
    /// what an event thread calls every few milliseconds.
    pub fn prepare_ahead(&self) {
        let at = self.reading.load(SeqCst);
        self.prepare(at, at + 2);
        let cue = self.cue.load(SeqCst);
        if cue != EMPTY && !(at..=at + 2).contains(&cue) {
            self.prepare(cue, cue);
        }
    }

    /// Sets the cycle to keep prepared besides those ahead of the reader: where the host
    /// will jump (the start of its loop), so the jump finds its events ready. With four
    /// slots, the reader's cycle, the next two and the cue all fit.
    pub fn set_cue(&self, cycle: Option<i64>) {
        self.cue
            .store(cycle.filter(|c| *c > WRITING).unwrap_or(EMPTY), SeqCst);
    }

    /// Moves the reader to `cycle` and makes it and the next two ready: for a program
    /// about to start playing mid-song, so its first block finds its events.
    pub fn prepare_from(&self, cycle: i64) {
        self.reading.store(cycle, SeqCst);
        self.prepare(cycle, cycle + 2);
    }

    /// Events dropped because a cycle held more than a slot can.
    pub fn overflow(&self) -> u32 {
        self.overflow.load(SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::mini::mini;
    use std::sync::Arc;

    #[test]
    fn a_reader_sees_prepared_cycles_and_reports_missing_ones() {
        let ring = EventRing::new(mini("a b").unwrap());
        let mut scratch = EventBuf::with_capacity(16);
        let span = TimeSpan::new(Time::new(3, 4), Time::new(5, 4));
        let mut seen = Vec::new();
        let outcome = ring.read(span, &mut scratch, |h| seen.push(h.value.to_string()));
        assert_eq!(outcome.missed, Some(span));
        assert!(seen.is_empty());
        ring.prepare(0, 1);
        let ok = ring.read(span, &mut scratch, |h| seen.push(h.value.to_string()));
        assert!(ok.complete());
        assert_eq!(seen, ["b", "a"]);
    }

    #[test]
    fn a_read_names_the_part_that_was_not_ready() {
        let ring = EventRing::new(mini("a b").unwrap());
        let mut scratch = EventBuf::with_capacity(16);
        ring.prepare(0, 0);
        let span = TimeSpan::new(Time::new(3, 4), Time::new(5, 4));
        let mut seen = Vec::new();
        let outcome = ring.read(span, &mut scratch, |h| seen.push(h.value.to_string()));
        assert_eq!(
            outcome.missed,
            Some(TimeSpan::new(Time::ONE, Time::new(5, 4)))
        );
        assert_eq!(seen, ["b"]);
    }

    #[test]
    fn a_writer_thread_keeps_ahead_of_a_reader() {
        use std::sync::atomic::AtomicBool;
        const CYCLES: i64 = 500;
        let ring = Arc::new(EventRing::new(mini("a*16").unwrap()));
        let done = Arc::new(AtomicBool::new(false));
        let writer = {
            let (ring, done) = (ring.clone(), done.clone());
            std::thread::spawn(move || {
                // Keep the next two cycles ready, as the engine's event thread does.
                while !done.load(SeqCst) {
                    let at = ring.reading.load(SeqCst);
                    ring.prepare(at, at + 2);
                    std::thread::yield_now();
                }
            })
        };
        let mut scratch = EventBuf::with_capacity(64);
        let mut onsets = 0;
        let mut late = 0;
        for k in 0..(CYCLES * 8) {
            let span = TimeSpan::new(Time::new(k, 8), Time::new(k + 1, 8));
            // A late block is retried (the audio thread would hold its values instead).
            loop {
                let mut found = 0;
                let outcome = ring.read(span, &mut scratch, |h| {
                    if h.has_onset() {
                        found += 1;
                    }
                });
                if outcome.complete() {
                    onsets += found;
                    break;
                }
                late += 1;
                std::thread::yield_now();
            }
        }
        done.store(true, SeqCst);
        writer.join().unwrap();
        assert_eq!(onsets, CYCLES * 16, "{late} late reads");
    }

    #[test]
    fn the_cue_cycle_stays_prepared_while_the_reader_moves_on() {
        let ring = EventRing::new(mini("a b").unwrap());
        ring.set_cue(Some(10));
        let mut scratch = EventBuf::with_capacity(16);
        // The reader plays cycles 10..=20, the writer keeping ahead as the event thread does.
        for c in 10..=20 {
            ring.prepare_ahead();
            let span = TimeSpan::new(Time::from_int(c), Time::from_int(c + 1));
            assert!(
                ring.read(span, &mut scratch, |_| {}).complete(),
                "cycle {c} ready"
            );
            ring.prepare_ahead();
        }
        // The loop jumps back to its start: ready, with the next cycles after it.
        let back = TimeSpan::new(Time::from_int(10), Time::new(21, 2));
        assert!(
            ring.read(back, &mut scratch, |_| {}).complete(),
            "the cue is ready"
        );
        // Without a cue, the old cycle has been reused.
        ring.set_cue(None);
        for c in 11..=20 {
            ring.prepare_ahead();
            let span = TimeSpan::new(Time::from_int(c), Time::from_int(c + 1));
            assert!(ring.read(span, &mut scratch, |_| {}).complete());
        }
        ring.prepare_ahead();
        assert!(!ring.read(back, &mut scratch, |_| {}).complete());
    }

    #[test]
    fn an_offline_reader_waits_for_the_writer() {
        let ring = Arc::new(EventRing::new(mini("a b").unwrap()));
        let span = TimeSpan::new(Time::ZERO, Time::ONE);
        let mut scratch = EventBuf::with_capacity(16);
        // Real time: a missing cycle is reported at once.
        assert!(!ring.read(span, &mut scratch, |_| {}).complete());
        // Offline: the read waits until another thread has prepared the cycle.
        ring.set_wait_when_missing(true);
        let writer = {
            let ring = ring.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(50));
                ring.prepare_ahead();
            })
        };
        let mut seen = 0;
        let outcome = ring.read(span, &mut scratch, |_| seen += 1);
        writer.join().unwrap();
        assert!(outcome.complete());
        assert_eq!(seen, 2);
    }
}
