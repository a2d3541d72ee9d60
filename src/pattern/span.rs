//! Time spans (Tidal's `Arc`, Strudel's `TimeSpan`): half-open `[begin, end)` in cycles.

use super::time::Time;

/// The most cycles one query visits (about 6 hours at 120 bpm in 4/4).
pub const MAX_QUERY_CYCLES: u32 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeSpan {
    pub begin: Time,
    pub end: Time,
}

impl TimeSpan {
    pub fn new(begin: Time, end: Time) -> TimeSpan {
        TimeSpan { begin, end }
    }

    /// Calls `f` with each piece of the span cut at cycle boundaries, without allocating.
    /// At most [`MAX_QUERY_CYCLES`] pieces, and none once the query's budget is spent
    /// ([`super::budget`]): a longer query is cut short rather than running for ever.
    pub fn for_each_cycle(self, mut f: impl FnMut(TimeSpan)) {
        if self.begin == self.end {
            f(self);
            return;
        }
        let mut begin = self.begin;
        let mut pieces = 0;
        while begin < self.end && pieces < MAX_QUERY_CYCLES && super::budget::step() {
            pieces += 1;
            let next = begin.next_sam().min(self.end);
            f(TimeSpan::new(begin, next));
            begin = next;
        }
    }

    pub fn with_time(self, f: impl Fn(Time) -> Time) -> TimeSpan {
        TimeSpan::new(f(self.begin), f(self.end))
    }

    /// Applies `f` to times relative to the cycle of `begin` (Tidal's `withCycle`).
    pub fn with_cycle(self, f: impl Fn(Time) -> Time) -> TimeSpan {
        let sam = self.begin.sam();
        TimeSpan::new(sam + f(self.begin - sam), sam + f(self.end - sam))
    }

    /// The cycle containing `begin`.
    pub fn whole_cycle(self) -> TimeSpan {
        TimeSpan::new(self.begin.sam(), self.begin.next_sam())
    }

    /// The intersection, or `None` when the spans do not meet. A zero-width span at the
    /// end of the other counts as outside (Strudel's `intersection_e` / Tidal's `subArc`).
    pub fn intersection(self, other: TimeSpan) -> Option<TimeSpan> {
        let begin = self.begin.max(other.begin);
        let end = self.end.min(other.end);
        if begin > end {
            return None;
        }
        if begin == end {
            // Zero-width result: only valid if it is not at the end of a non-zero-width span.
            if begin == self.end && self.begin < self.end {
                return None;
            }
            if begin == other.end && other.begin < other.end {
                return None;
            }
        }
        Some(TimeSpan::new(begin, end))
    }

    /// The intersection even when empty (Strudel's `intersection`, used for wholes).
    pub fn sect(self, other: TimeSpan) -> TimeSpan {
        TimeSpan::new(self.begin.max(other.begin), self.end.min(other.end))
    }

    pub fn duration(self) -> Time {
        self.end - self.begin
    }

    pub fn midpoint(self) -> Time {
        self.begin + (self.end - self.begin) / Time::from_int(2)
    }

    pub fn contains(self, t: Time) -> bool {
        self.begin <= t && t < self.end
    }
}

impl std::fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} → {}", self.begin, self.end)
    }
}
