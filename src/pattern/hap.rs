//! Events ("haps"): a value active over a `part` of its `whole` timespan.

use super::span::TimeSpan;
use super::time::Time;
use super::value::Value;

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
