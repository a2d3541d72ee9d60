//! Events ("haps"): a value active over a `part` of its `whole` timespan.

use super::span::TimeSpan;
use super::time::Time;

/// One event, or a fragment of one. `whole` is the event's full extent (`None` for
/// continuous values sampled from a signal); `part` is the piece that lies inside
/// the queried span. An event "has its onset" in a query when `whole.begin == part.begin`.
#[derive(Clone, Debug, PartialEq)]
pub struct Hap<T> {
    pub whole: Option<TimeSpan>,
    pub part: TimeSpan,
    pub value: T,
}

impl<T> Hap<T> {
    pub fn new(whole: Option<TimeSpan>, part: TimeSpan, value: T) -> Hap<T> {
        Hap { whole, part, value }
    }

    pub fn whole_or_part(&self) -> TimeSpan {
        self.whole.unwrap_or(self.part)
    }

    /// True when this fragment contains the start of its event.
    pub fn has_onset(&self) -> bool {
        matches!(self.whole, Some(w) if w.begin == self.part.begin)
    }

    pub fn whole_begin(&self) -> Time {
        self.whole_or_part().begin
    }

    pub fn with_span(self, f: impl Fn(TimeSpan) -> TimeSpan) -> Hap<T> {
        Hap {
            whole: self.whole.map(&f),
            part: f(self.part),
            value: self.value,
        }
    }

    pub fn with_value<U>(self, f: impl FnOnce(T) -> U) -> Hap<U> {
        Hap {
            whole: self.whole,
            part: self.part,
            value: f(self.value),
        }
    }
}
