//! The pattern type and its algebra: a pattern is a function from a query span to the
//! events that touch it (Tidal's `Pattern`, Strudel's `pattern.mjs`).
//!
//! Threading: patterns are immutable and `Send + Sync`; querying allocates, so it runs
//! off the audio thread. The audio thread reads prepared events (see `cache`).

use std::sync::Arc;

use super::hap::{Hap, Sources};
use super::span::TimeSpan;
use super::time::Time;

/// What a query asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct State {
    pub span: TimeSpan,
}

impl State {
    pub fn new(span: TimeSpan) -> State {
        State { span }
    }

    /// The same query over another span.
    pub fn set_span(self, span: TimeSpan) -> State {
        State { span }
    }
}

type QueryFn<T> = dyn Fn(&State) -> Vec<Hap<T>> + Send + Sync;

/// Bound for pattern values.
pub trait PatValue: Clone + Send + Sync + 'static {}
impl<T: Clone + Send + Sync + 'static> PatValue for T {}

pub struct Pattern<T> {
    query: Arc<QueryFn<T>>,
    /// The value of a pattern made by [`pure`]: patterned arguments that are really
    /// constants skip the join (which would cut events at cycle boundaries).
    pure_value: Option<Arc<T>>,
    /// Where a pure pattern's value was written, kept through the constant fast paths.
    pure_source: Sources,
}

impl<T> Clone for Pattern<T> {
    fn clone(&self) -> Self {
        Pattern {
            query: self.query.clone(),
            pure_value: self.pure_value.clone(),
            pure_source: self.pure_source,
        }
    }
}

impl<T: PatValue> Pattern<T> {
    pub fn new(f: impl Fn(&State) -> Vec<Hap<T>> + Send + Sync + 'static) -> Pattern<T> {
        Pattern {
            query: Arc::new(f),
            pure_value: None,
            pure_source: Sources::NONE,
        }
    }

    /// The constant value, if this pattern was made by [`pure`].
    pub fn as_pure(&self) -> Option<&T> {
        self.pure_value.as_deref()
    }

    /// The events touching the state's span. Bounded work: see [`super::budget`].
    pub fn query(&self, state: &State) -> Vec<Hap<T>> {
        let Some(_scope) = super::budget::enter(&state.span) else {
            return Vec::new();
        };
        let haps = (self.query)(state);
        super::budget::spend(haps.len() as u64);
        haps
    }

    /// Every event fragment in `[begin, end)`.
    pub fn query_span(&self, begin: Time, end: Time) -> Vec<Hap<T>> {
        self.query(&State::new(TimeSpan::new(begin, end)))
    }

    /// Only the fragments that start their event, sorted by onset.
    pub fn onsets(&self, begin: Time, end: Time) -> Vec<Hap<T>> {
        let mut haps: Vec<Hap<T>> = self
            .query_span(begin, end)
            .into_iter()
            .filter(|h| h.has_onset())
            .collect();
        haps.sort_by_key(|h| h.part.begin);
        haps
    }

    /// Splits queries at cycle boundaries, so `query` sees one cycle at a time.
    pub fn split_queries(&self) -> Pattern<T> {
        let pat = self.clone();
        Pattern::new(move |st| {
            let mut out = Vec::new();
            st.span
                .for_each_cycle(|s| out.extend(pat.query(&st.set_span(s))));
            out
        })
    }

    pub fn with_query_span(
        &self,
        f: impl Fn(TimeSpan) -> TimeSpan + Send + Sync + 'static,
    ) -> Pattern<T> {
        let pat = self.clone();
        Pattern::new(move |st| pat.query(&st.set_span(f(st.span))))
    }

    pub fn with_query_time(&self, f: impl Fn(Time) -> Time + Send + Sync + 'static) -> Pattern<T> {
        self.with_query_span(move |s| s.with_time(&f))
    }

    pub fn with_hap_span(
        &self,
        f: impl Fn(TimeSpan) -> TimeSpan + Send + Sync + 'static,
    ) -> Pattern<T> {
        let pat = self.clone();
        Pattern::new(move |st| pat.query(st).into_iter().map(|h| h.with_span(&f)).collect())
    }

    pub fn with_hap_time(&self, f: impl Fn(Time) -> Time + Send + Sync + 'static) -> Pattern<T> {
        self.with_hap_span(move |s| s.with_time(&f))
    }

    pub fn fmap<U: PatValue>(&self, f: impl Fn(&T) -> U + Send + Sync + 'static) -> Pattern<U> {
        if let Some(v) = self.as_pure() {
            return pure_at(f(v), self.pure_source);
        }
        let pat = self.clone();
        Pattern::new(move |st| {
            pat.query(st)
                .into_iter()
                .map(|h| Hap::new(h.whole, h.part, f(&h.value)).from_source(h.source))
                .collect()
        })
    }

    pub fn filter_haps(&self, f: impl Fn(&Hap<T>) -> bool + Send + Sync + 'static) -> Pattern<T> {
        let pat = self.clone();
        Pattern::new(move |st| pat.query(st).into_iter().filter(|h| f(h)).collect())
    }

    pub fn filter_values(&self, f: impl Fn(&T) -> bool + Send + Sync + 'static) -> Pattern<T> {
        self.filter_haps(move |h| f(&h.value))
    }

    /// Drops continuous (whole-less) events.
    pub fn discrete_only(&self) -> Pattern<T> {
        self.filter_haps(|h| h.whole.is_some())
    }

    // ----- Applicative combinations -----

    /// Structure from both sides: events where both have one, wholes intersected.
    pub fn app_both<U: PatValue, V: PatValue>(
        &self,
        other: &Pattern<U>,
        f: impl Fn(&T, &U) -> V + Send + Sync + 'static,
    ) -> Pattern<V> {
        if let (Some(a), Some(b)) = (self.as_pure(), other.as_pure()) {
            return pure_at(f(a, b), self.pure_source.union(other.pure_source));
        }
        let (left, right) = (self.clone(), other.clone());
        Pattern::new(move |st| {
            let lhs = left.query(st);
            let rhs = right.query(st);
            // Every pair is work: a cross product of two dense sides is refused before it
            // is built.
            let pairs = (lhs.len() as u64).saturating_mul(rhs.len() as u64);
            if !super::budget::spend(pairs) {
                return Vec::new();
            }
            let mut out = Vec::new();
            for l in &lhs {
                for r in &rhs {
                    let Some(part) = l.part.intersection(r.part) else {
                        continue;
                    };
                    let whole = match (l.whole, r.whole) {
                        (Some(a), Some(b)) => match a.intersection(b) {
                            Some(w) => Some(w),
                            None => continue,
                        },
                        (None, None) => None,
                        // Tidal: a continuous side takes the discrete side's whole.
                        (Some(a), None) => Some(a),
                        (None, Some(b)) => Some(b),
                    };
                    out.push(
                        Hap::new(whole, part, f(&l.value, &r.value))
                            .from_source(l.source.union(r.source)),
                    );
                }
            }
            out
        })
    }

    /// Structure from the left: each left event takes the values of the right events
    /// active over its whole.
    pub fn app_left<U: PatValue, V: PatValue>(
        &self,
        other: &Pattern<U>,
        f: impl Fn(&T, &U) -> V + Send + Sync + 'static,
    ) -> Pattern<V> {
        if let (Some(a), Some(b)) = (self.as_pure(), other.as_pure()) {
            return pure_at(f(a, b), self.pure_source.union(other.pure_source));
        }
        let (left, right) = (self.clone(), other.clone());
        Pattern::new(move |st| {
            let mut out = Vec::new();
            for l in left.query(st) {
                let rhs = right.query(&st.set_span(l.whole_or_part()));
                for r in rhs {
                    if let Some(part) = l.part.intersection(r.part) {
                        out.push(
                            Hap::new(l.whole, part, f(&l.value, &r.value))
                                .from_source(l.source.union(r.source)),
                        );
                    }
                }
            }
            out
        })
    }

    /// Structure from the right: `app_left` seen from the other side.
    pub fn app_right<U: PatValue, V: PatValue>(
        &self,
        other: &Pattern<U>,
        f: impl Fn(&T, &U) -> V + Send + Sync + 'static,
    ) -> Pattern<V> {
        other.app_left(self, move |r, l| f(l, r))
    }

    // ----- Monadic joins -----

    fn bind_whole<U: PatValue>(
        &self,
        choose: fn(Option<TimeSpan>, Option<TimeSpan>) -> Option<TimeSpan>,
        f: impl Fn(&T) -> Pattern<U> + Send + Sync + 'static,
    ) -> Pattern<U> {
        let outer = self.clone();
        Pattern::new(move |st| {
            let mut out = Vec::new();
            for a in outer.query(st) {
                let inner = f(&a.value);
                for b in inner.query(&st.set_span(a.part)) {
                    out.push(
                        Hap::new(choose(a.whole, b.whole), b.part, b.value)
                            .from_source(a.source.union(b.source)),
                    );
                }
            }
            out
        })
    }

    /// Wholes are the intersection of outer and inner (Tidal's `unwrap`/`bind`).
    pub fn bind<U: PatValue>(
        &self,
        f: impl Fn(&T) -> Pattern<U> + Send + Sync + 'static,
    ) -> Pattern<U> {
        self.bind_whole(
            |a, b| match (a, b) {
                (Some(a), Some(b)) => Some(a.sect(b)),
                _ => None,
            },
            f,
        )
    }

    /// Structure from the inner patterns (Tidal's `innerJoin`): how patterned arguments
    /// such as `fast "<1 2>"` work.
    pub fn inner_bind<U: PatValue>(
        &self,
        f: impl Fn(&T) -> Pattern<U> + Send + Sync + 'static,
    ) -> Pattern<U> {
        self.bind_whole(|_, b| b, f)
    }

    /// Structure from the outer pattern.
    pub fn outer_bind<U: PatValue>(
        &self,
        f: impl Fn(&T) -> Pattern<U> + Send + Sync + 'static,
    ) -> Pattern<U> {
        self.bind_whole(|a, _| a, f)
    }

    /// Each outer event plays a whole cycle of its inner pattern squeezed into it.
    pub fn squeeze_bind<U: PatValue>(
        &self,
        f: impl Fn(&T) -> Pattern<U> + Send + Sync + 'static,
    ) -> Pattern<U> {
        let outer = self.discrete_only();
        Pattern::new(move |st| {
            let mut out = Vec::new();
            for a in outer.query(st) {
                let inner = f(&a.value).focus_span(a.whole_or_part());
                for b in inner.query(&st.set_span(a.part)) {
                    let whole = match (a.whole, b.whole) {
                        (Some(ow), Some(iw)) => match iw.intersection(ow) {
                            Some(w) => Some(w),
                            None => continue,
                        },
                        _ => None,
                    };
                    let Some(part) = b.part.intersection(a.part) else {
                        continue;
                    };
                    out.push(Hap::new(whole, part, b.value).from_source(a.source.union(b.source)));
                }
            }
            out
        })
    }

    // ----- Elementary time transformations -----

    /// Speeds up by a constant factor. Zero gives silence; negative plays reversed.
    /// Factors are limited to [`MAX_SPEEDUP`] so a typo like `fast 1e9` cannot hang the
    /// engine.
    pub fn fast_t(&self, factor: Time) -> Pattern<T> {
        if factor.is_zero() {
            return silence();
        }
        if factor < Time::ZERO {
            return self.fast_t(-factor).rev();
        }
        let factor = factor.min(Time::from_int(MAX_SPEEDUP));
        self.with_query_time(move |t| t * factor)
            .with_hap_time(move |t| t / factor)
    }

    pub fn slow_t(&self, factor: Time) -> Pattern<T> {
        if factor.is_zero() {
            return silence();
        }
        self.fast_t(factor.recip())
    }

    /// Shifts earlier by `offset` cycles (Tidal's `rotL`, `<~`).
    pub fn early_t(&self, offset: Time) -> Pattern<T> {
        self.with_query_time(move |t| t + offset)
            .with_hap_time(move |t| t - offset)
    }

    /// Shifts later by `offset` cycles (Tidal's `rotR`, `~>`).
    pub fn late_t(&self, offset: Time) -> Pattern<T> {
        self.early_t(-offset)
    }

    /// Reverses each cycle.
    pub fn rev(&self) -> Pattern<T> {
        let pat = self.clone();
        Pattern::new(move |st| {
            let cycle = st.span.begin.sam();
            let next = st.span.begin.next_sam();
            let reflect =
                move |s: TimeSpan| TimeSpan::new(cycle + (next - s.end), cycle + (next - s.begin));
            pat.query(&st.set_span(reflect(st.span)))
                .into_iter()
                .map(|h| h.with_span(reflect))
                .collect()
        })
        .split_queries()
    }

    /// Plays the span `[begin, end)` of each cycle, stretched to fill the cycle.
    pub fn zoom_t(&self, begin: Time, end: Time) -> Pattern<T> {
        if begin >= end {
            return silence();
        }
        let d = end - begin;
        self.with_query_span(move |s| s.with_cycle(|t| t * d + begin))
            .with_hap_span(move |s| s.with_cycle(|t| (t - begin) / d))
            .split_queries()
    }

    /// Squeezes each cycle into `[begin, end)` of the cycle, leaving silence around it.
    pub fn compress_t(&self, begin: Time, end: Time) -> Pattern<T> {
        if begin > end || begin < Time::ZERO || end > Time::ONE || begin == end {
            return silence();
        }
        self.fast_gap_t(Time::ONE / (end - begin)).late_t(begin)
    }

    /// Like `fast`, but only the first cycle of each speed-up is kept, then a gap.
    /// Factors below 1 (also zero and negative ones) act as 1 (Tidal: `r' = max r 1`).
    pub fn fast_gap_t(&self, factor: Time) -> Pattern<T> {
        let factor = factor.max(Time::ONE);
        let pat = self.clone();
        Pattern::new(move |st| {
            let span = st.span;
            let cycle = span.begin.sam();
            let bpos = (span.begin - cycle) * factor;
            let epos = (span.end - cycle) * factor;
            if bpos >= Time::ONE {
                return Vec::new();
            }
            let new_span = TimeSpan::new(cycle + bpos, cycle + epos.min(Time::ONE));
            let munge = move |t: Time| cycle + (t - cycle) / factor;
            pat.query(&st.set_span(new_span))
                .into_iter()
                .filter_map(|h| {
                    let whole = h.whole.map(|w| TimeSpan::new(munge(w.begin), munge(w.end)));
                    let part = TimeSpan::new(munge(h.part.begin), munge(h.part.end));
                    let part = part.intersection(span)?;
                    Some(Hap::new(whole, part, h.value).from_source(h.source))
                })
                .collect()
        })
        .split_queries()
    }

    /// Plays one cycle of the pattern inside `span`, continuing beyond it (Strudel's
    /// `focusSpan`; used by `squeeze`).
    pub fn focus_span(&self, span: TimeSpan) -> Pattern<T> {
        let d = span.duration();
        if d <= Time::ZERO {
            return silence();
        }
        self.early_t(span.begin.sam())
            .fast_t(Time::ONE / d)
            .late_t(span.begin)
    }

    /// Repeats each cycle `n` times (Tidal's `repeatCycles`).
    pub fn repeat_cycles_i(&self, n: i64) -> Pattern<T> {
        if n <= 0 {
            return silence();
        }
        let pat = self.clone();
        Pattern::new(move |st| {
            let cycle = st.span.begin.sam();
            let source = Time::from_int(cycle.floor_int().div_euclid(n));
            let delta = cycle - source;
            pat.query(&st.set_span(st.span.with_time(|t| t - delta)))
                .into_iter()
                .map(|h| h.with_span(|s| s.with_time(|t| t + delta)))
                .collect()
        })
        .split_queries()
    }

    /// Samples the pattern `n` times per cycle into discrete events.
    pub fn segment_t(&self, n: Time) -> Pattern<T> {
        pure(()).fast_t(n).app_left(self, |_, v| v.clone())
    }
}

/// The largest speed-up any transform applies (`fast`, `*`, `ply`, `segment`, ...): one
/// cycle never holds more than this many repeats of a pattern.
pub const MAX_SPEEDUP: i64 = 10_000;

// ----- Constructors -----

/// No events.
pub fn silence<T: PatValue>() -> Pattern<T> {
    Pattern::new(|_| Vec::new())
}

/// One event per cycle with the value `v`.
pub fn pure<T: PatValue>(v: T) -> Pattern<T> {
    pure_at(v, Sources::NONE)
}

/// [`pure`], remembering where in the code the value was written.
pub fn pure_at<T: PatValue>(v: T, source: Sources) -> Pattern<T> {
    let value = Arc::new(v.clone());
    let mut p = Pattern::new(move |st| {
        let mut out = Vec::new();
        st.span.for_each_cycle(|part| {
            out.push(Hap::new(Some(part.whole_cycle()), part, v.clone()).from_source(source));
        });
        out
    });
    p.pure_value = Some(value);
    p.pure_source = source;
    p
}

/// A continuous value: `f` of the query span (Tidal samples at the midpoint).
pub fn signal<T: PatValue>(f: impl Fn(Time) -> T + Send + Sync + 'static) -> Pattern<T> {
    Pattern::new(move |st| vec![Hap::new(None, st.span, f(st.span.midpoint()))])
}

/// All patterns at once.
pub fn stack<T: PatValue>(pats: Vec<Pattern<T>>) -> Pattern<T> {
    if pats.len() == 1 {
        return pats.into_iter().next().unwrap_or_else(silence);
    }
    Pattern::new(move |st| pats.iter().flat_map(|p| p.query(st)).collect())
}

/// One pattern per cycle, in turn; each pattern keeps its own cycle count
/// (Tidal's `cat`/`slowcat`: the n-th pattern's k-th turn plays its k-th cycle).
pub fn slowcat<T: PatValue>(pats: Vec<Pattern<T>>) -> Pattern<T> {
    if pats.is_empty() {
        return silence();
    }
    if pats.len() == 1 {
        return pats.into_iter().next().unwrap_or_else(silence);
    }
    let n = pats.len() as i64;
    Pattern::new(move |st| {
        let cyc = st.span.begin.floor_int();
        let i = cyc.rem_euclid(n);
        // Shift so that the pattern's own cycle count advances once per turn.
        let offset = Time::from_int(cyc - cyc.div_euclid(n));
        pats[i as usize]
            .query(&st.set_span(st.span.with_time(|t| t - offset)))
            .into_iter()
            .map(|h| h.with_span(|s| s.with_time(|t| t + offset)))
            .collect()
    })
    .split_queries()
}

/// All patterns squeezed into one cycle, one after the other.
pub fn fastcat<T: PatValue>(pats: Vec<Pattern<T>>) -> Pattern<T> {
    let n = pats.len() as i64;
    if n == 0 {
        return silence();
    }
    slowcat(pats).fast_t(Time::from_int(n))
}

/// Patterns with relative durations squeezed into one cycle (Tidal's `timeCat`).
pub fn timecat<T: PatValue>(parts: Vec<(Time, Pattern<T>)>) -> Pattern<T> {
    let parts: Vec<(Time, Pattern<T>)> =
        parts.into_iter().filter(|(w, _)| *w > Time::ZERO).collect();
    let total = parts.iter().fold(Time::ZERO, |acc, (w, _)| acc + *w);
    if total.is_zero() {
        return silence();
    }
    let mut begin = Time::ZERO;
    let mut pats = Vec::new();
    for (w, p) in parts {
        let end = begin + w;
        pats.push(p.compress_t(begin / total, end / total));
        begin = end;
    }
    stack(pats)
}

pub fn squeeze_join<T: PatValue>(pp: &Pattern<Pattern<T>>) -> Pattern<T> {
    pp.squeeze_bind(|p| p.clone())
}

/// Tidal's `unwrap`: wholes are the intersection of inner and outer.
pub fn unwrap<T: PatValue>(pp: &Pattern<Pattern<T>>) -> Pattern<T> {
    pp.bind(|p| p.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: i64, d: i64) -> Time {
        Time::new(n, d)
    }

    fn onsets_of(p: &Pattern<&'static str>, cycles: i64) -> Vec<(Time, &'static str)> {
        p.onsets(Time::ZERO, Time::from_int(cycles))
            .into_iter()
            .map(|h| (h.part.begin, h.value))
            .collect()
    }

    #[test]
    fn fastcat_divides_the_cycle() {
        let p = fastcat(vec![pure("a"), pure("b"), pure("c")]);
        assert_eq!(
            onsets_of(&p, 1),
            vec![(t(0, 1), "a"), (t(1, 3), "b"), (t(2, 3), "c")]
        );
    }

    #[test]
    fn slowcat_keeps_each_patterns_own_cycles() {
        let inner = slowcat(vec![pure("a"), pure("b")]);
        let p = slowcat(vec![inner, pure("x")]);
        let vals: Vec<_> = onsets_of(&p, 4).into_iter().map(|(_, v)| v).collect();
        assert_eq!(vals, vec!["a", "x", "b", "x"]);
    }

    #[test]
    fn fragments_keep_their_whole() {
        let p = pure("a").slow_t(Time::from_int(2));
        let haps = p.query_span(t(1, 2), t(3, 2));
        assert_eq!(haps.len(), 1);
        assert_eq!(haps[0].whole, Some(TimeSpan::new(t(0, 1), t(2, 1))));
        assert_eq!(haps[0].part, TimeSpan::new(t(1, 2), t(3, 2)));
    }

    #[test]
    fn rev_reverses_within_cycle() {
        let p = fastcat(vec![pure("a"), pure("b"), pure("c")]).rev();
        let vals: Vec<_> = onsets_of(&p, 1).into_iter().map(|(_, v)| v).collect();
        assert_eq!(vals, vec!["c", "b", "a"]);
    }
}
