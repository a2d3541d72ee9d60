//! Events ("haps"): a value active over a `part` of its `whole` timespan.

use super::span::TimeSpan;
use super::time::Time;
use super::value::Value;

/// How many code spans one event remembers: `s "bd" # n "1" # gain "0.8"` needs three.
pub const MAX_SOURCES: usize = 4;

/// Where in the program text an event came from: the byte ranges of the mini-notation
/// atoms and numbers that made it, so the editor can light them up while it sounds. Fixed
/// size and `Copy`, so carrying it costs the audio thread no allocation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    spans: [(u32, u32); MAX_SOURCES],
    len: u8,
}

impl Sources {
    pub const NONE: Sources = Sources {
        spans: [(0, 0); MAX_SOURCES],
        len: 0,
    };

    /// One span of the program text (byte offsets, end exclusive).
    pub fn one(start: usize, end: usize) -> Sources {
        let mut s = Sources::NONE;
        s.push(start, end);
        s
    }

    fn push(&mut self, start: usize, end: usize) {
        let span = (
            start.min(u32::MAX as usize) as u32,
            end.min(u32::MAX as usize) as u32,
        );
        let len = self.len as usize;
        if len < MAX_SOURCES && span.0 < span.1 && !self.spans[..len].contains(&span) {
            self.spans[len] = span;
            self.len += 1;
        }
    }

    /// Both sets, in order, without repeats; spans past [`MAX_SOURCES`] are dropped.
    pub fn union(self, other: Sources) -> Sources {
        let mut out = self;
        for (a, b) in other.spans() {
            out.push(a, b);
        }
        out
    }

    /// Moves every span `by` bytes later (an atom's offset inside its string to the
    /// string's place in the program).
    pub fn shifted(self, by: usize) -> Sources {
        let mut out = Sources::NONE;
        for (a, b) in self.spans() {
            out.push(a + by, b + by);
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The spans as `(start, end)` byte offsets.
    pub fn spans(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.spans[..self.len as usize]
            .iter()
            .map(|&(a, b)| (a as usize, b as usize))
    }
}

/// One event, or a fragment of one. `whole` is the event's full extent (`None` for
/// continuous values sampled from a signal); `part` is the piece that lies inside
/// the queried span. An event "has its onset" in a query when `whole.begin == part.begin`.
/// `source` says where in the code it came from; it takes no part in equality (two events
/// at the same time with the same value are the same event, whatever wrote them).
#[derive(Clone, Debug)]
pub struct Hap<T> {
    pub whole: Option<TimeSpan>,
    pub part: TimeSpan,
    pub value: T,
    pub source: Sources,
}

impl<T: PartialEq> PartialEq for Hap<T> {
    fn eq(&self, other: &Self) -> bool {
        self.whole == other.whole && self.part == other.part && self.value == other.value
    }
}

impl<T> Hap<T> {
    /// An event with no source in the code.
    pub fn new(whole: Option<TimeSpan>, part: TimeSpan, value: T) -> Hap<T> {
        Hap {
            whole,
            part,
            value,
            source: Sources::NONE,
        }
    }

    /// The same event, remembering `source` as where it came from.
    pub fn from_source(mut self, source: Sources) -> Hap<T> {
        self.source = source;
        self
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
            source: self.source,
        }
    }
}

/// Sorts events into time order: by part start, then part end, then whole start
/// (and value text, so the order of simultaneous events is stable).
pub fn sort_haps(haps: &mut [Hap<Value>]) {
    haps.sort_by(|a, b| {
        (a.part.begin, a.part.end, a.whole.map(|w| w.begin))
            .cmp(&(b.part.begin, b.part.end, b.whole.map(|w| w.begin)))
            .then_with(|| hap_value_json(a).cmp(&hap_value_json(b)))
    });
}

fn hap_value_json(h: &Hap<Value>) -> String {
    let mut s = String::new();
    h.value.write_json(&mut s);
    s
}

/// `[{"whole": ["n/d","n/d"] | null, "part": ["n/d","n/d"], "value": V}, ...]`, the
/// format of `phonon query --json` and of the conformance test data.
pub fn haps_to_json(haps: &[Hap<Value>]) -> String {
    let mut out = String::from("[");
    for (i, h) in haps.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"whole\":");
        match h.whole {
            Some(w) => out.push_str(&format!("[\"{}\",\"{}\"]", w.begin, w.end)),
            None => out.push_str("null"),
        }
        out.push_str(&format!(
            ",\"part\":[\"{}\",\"{}\"],\"value\":",
            h.part.begin, h.part.end
        ));
        h.value.write_json(&mut out);
        out.push('}');
    }
    out.push(']');
    out
}
