//! Events prepared ahead of the playhead, so the audio thread can read a block's events
//! without allocating.
//!
//! Threading contract: [`EventTable::prepare`] queries the pattern (which allocates) and
//! runs off the audio thread, or on it only before playback starts. [`EventTable::query_into`]
//! runs on the audio thread: it allocates nothing, locks nothing and never panics. Values
//! are cloned into caller-provided storage; a `Value` clone is at most an `Arc` count bump.
//!
//! Patterns are usually periodic, but not always (`<a b c>`, `?`, `every 7`), so the
//! table holds whatever span was prepared, typically the next cycle or two, and the
//! engine prepares the following span while the current one plays.

use super::core::{PatValue, Pattern};
use super::hap::Hap;
use super::span::TimeSpan;
use super::time::Time;

/// Fixed-capacity event storage: pushing past capacity drops the event and counts it,
/// instead of reallocating.
///
/// Clear it when the block is done, while the table it was filled from still holds the
/// same values: then the last reference to a value is never dropped (freed) on the
/// audio thread when the table is re-prepared elsewhere.
#[derive(Debug)]
pub struct EventBuf<T> {
    haps: Vec<Hap<T>>,
    overflow: usize,
}

impl<T: Clone> EventBuf<T> {
    pub fn with_capacity(capacity: usize) -> EventBuf<T> {
        EventBuf {
            haps: Vec::with_capacity(capacity),
            overflow: 0,
        }
    }

    /// Adds an event, or counts it as overflow when full.
    pub fn push(&mut self, hap: Hap<T>) {
        if self.haps.len() < self.haps.capacity() {
            self.haps.push(hap);
        } else {
            self.overflow += 1;
        }
    }

    /// Empties the buffer (keeping its storage) and resets the overflow count.
    pub fn clear(&mut self) {
        self.haps.clear();
        self.overflow = 0;
    }

    pub fn haps(&self) -> &[Hap<T>] {
        &self.haps
    }

    /// Events that did not fit since the last `clear`.
    pub fn overflow(&self) -> usize {
        self.overflow
    }

    pub fn capacity(&self) -> usize {
        self.haps.capacity()
    }
}

/// A pattern's events over a prepared span, sorted by start, for allocation-free reads.
#[derive(Debug)]
pub struct EventTable<T> {
    events: EventBuf<T>,
    span: Option<TimeSpan>,
    /// Running maximum of `part.end` in table order, so a read can skip (by binary search,
    /// with comparisons only) the events that end before its span.
    max_end: Vec<Time>,
}

impl<T: PatValue> EventTable<T> {
    /// A table that can hold `capacity` events of a prepared span.
    pub fn with_capacity(capacity: usize) -> EventTable<T> {
        EventTable {
            events: EventBuf::with_capacity(capacity),
            span: None,
            max_end: Vec::with_capacity(capacity),
        }
    }

    /// Queries `pattern` over `span` and stores the events (off the audio thread).
    /// Returns how many events did not fit, plus one if the span was too dense to compute
    /// and was cut short ([`super::budget`]).
    pub fn prepare(&mut self, pattern: &Pattern<T>, span: TimeSpan) -> usize {
        let mut haps = pattern.query(&super::core::State::new(span));
        // A cycle too dense to compute was cut short: count it as dropped events.
        let truncated = usize::from(super::budget::exceeded());
        haps.sort_by_key(|h| h.part.begin);
        self.events.clear();
        for h in haps {
            self.events.push(h);
        }
        self.max_end.clear();
        let mut running: Option<Time> = None;
        for h in self.events.haps() {
            let m = running.map_or(h.part.end, |r| r.max(h.part.end));
            running = Some(m);
            self.max_end.push(m);
        }
        self.span = Some(span);
        self.events.overflow() + truncated
    }

    /// The span that was prepared, if any.
    pub fn span(&self) -> Option<TimeSpan> {
        self.span
    }

    /// True when `span` lies inside the prepared span.
    pub fn covers(&self, span: TimeSpan) -> bool {
        self.span
            .is_some_and(|p| p.begin <= span.begin && span.end <= p.end)
    }

    pub fn len(&self) -> usize {
        self.events.haps().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the fragments of prepared events that touch `span` into `out` (after
    /// clearing it), exactly as a direct query of that span would return them, provided
    /// `span` is covered. Allocation-free: safe on the audio thread.
    pub fn query_into(&self, span: TimeSpan, out: &mut EventBuf<T>) {
        out.clear();
        let haps = self.events.haps();
        // Sorted by part start: events before `first` end before the span, events from
        // `end` on start after it.
        let first = self.max_end.partition_point(|end| *end < span.begin);
        let end = haps.partition_point(|h| h.part.begin <= span.end);
        for h in haps.get(first..end).unwrap_or(&[]) {
            if let Some(part) = h.part.intersection(span) {
                out.push(Hap::new(h.whole, part, h.value.clone()).from_source(h.source));
            }
        }
    }

    /// Only the events whose onset falls in `[span.begin, span.end)`: what a voice
    /// trigger needs. Allocation-free.
    pub fn onsets_into(&self, span: TimeSpan, out: &mut EventBuf<T>) {
        out.clear();
        let haps = self.events.haps();
        let start = haps.partition_point(|h| h.part.begin < span.begin);
        for h in &haps[start..] {
            if h.part.begin >= span.end {
                break;
            }
            if h.has_onset() {
                out.push(h.clone());
            }
        }
    }
}

/// Converts a sample position to cycles exactly: `sample * cps / rate`.
pub fn sample_to_cycle(sample: i64, cps: Time, sample_rate: i64) -> Time {
    Time::from_int(sample) * cps / Time::from_int(sample_rate.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::mini::mini;
    use crate::pattern::Value;

    #[test]
    fn a_cycle_too_dense_to_compute_is_cut_short_and_counted() {
        // Fine in cycle 0 (what the compiler probes), 10^8 events in cycle 1.
        let p = mini("<bd [[hh*10000]*10000]>").unwrap();
        let mut table = EventTable::with_capacity(256);
        let cycle = |c: i64| TimeSpan::new(Time::from_int(c), Time::from_int(c + 1));
        assert_eq!(table.prepare(&p, cycle(0)), 0);
        assert_eq!(table.len(), 1);
        let t0 = std::time::Instant::now();
        assert!(table.prepare(&p, cycle(1)) > 0);
        assert!(t0.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(
            table.prepare(&p, cycle(2)),
            0,
            "the next cycle is whole again"
        );
    }

    #[test]
    fn prepared_queries_match_direct_queries() {
        let p = mini("[bd*4, hh*8, ~ sn ~ sn] <a b>/3").unwrap();
        let mut table = EventTable::with_capacity(256);
        let prepared = TimeSpan::new(Time::ZERO, Time::from_int(2));
        assert_eq!(table.prepare(&p, prepared), 0);
        let mut out: EventBuf<Value> = EventBuf::with_capacity(64);
        let step = Time::new(7, 96);
        let mut t = Time::ZERO;
        while t + step <= Time::from_int(2) {
            let span = TimeSpan::new(t, t + step);
            table.query_into(span, &mut out);
            let mut direct = p.query(&crate::pattern::State::new(span));
            let mut got = out.haps().to_vec();
            let key = |h: &Hap<Value>| (h.part.begin, h.part.end, h.value.to_string());
            direct.sort_by_key(key);
            got.sort_by_key(key);
            assert_eq!(got, direct, "span {span}");
            t = t + step;
        }
    }

    #[test]
    fn overflow_is_counted_not_fatal() {
        let p = mini("a*64").unwrap();
        let mut table = EventTable::with_capacity(10);
        assert_eq!(table.prepare(&p, TimeSpan::new(Time::ZERO, Time::ONE)), 54);
        let mut out: EventBuf<Value> = EventBuf::with_capacity(4);
        table.query_into(TimeSpan::new(Time::ZERO, Time::ONE), &mut out);
        assert_eq!(out.haps().len(), 4);
        assert_eq!(out.overflow(), 6);
    }
}
