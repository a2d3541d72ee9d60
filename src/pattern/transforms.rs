//! The transform library (`fast`, `every`, `jux`, `chop`, ...), with Tidal's semantics.
//!
//! Each transform has a constant-argument form (`*_t`, `*_i`, `*_f`) and a patterned
//! form taking `Pattern<Time>`/`Pattern<f64>` arguments joined with Tidal's `innerJoin`
//! (`tParam`), so `fast "<1 2>"` works. Where Tidal and Strudel differ, the doc comment
//! says which Tidal behaviour is followed.

use std::sync::Arc;

use super::core::{fastcat, pure, silence, slowcat, squeeze_join, stack, PatValue, Pattern, State};
use super::hap::Hap;
use super::mini::{degrade_by_with, euclid_off};
use super::random::{rand, time_to_rand, time_to_rands};
use super::span::TimeSpan;
use super::time::Time;
use super::value::Value;

/// The largest count a counting transform takes (`chop`, `striate`, `iter`, `shuffle`,
/// `scramble`, `stut`/`echo` layers): larger counts are clamped.
pub const MAX_COUNT: i64 = 4096;

fn clamp_count(n: i64) -> i64 {
    n.clamp(-MAX_COUNT, MAX_COUNT)
}

/// A pattern transformation passed to higher-order transforms (`every 3 (fast 2)`).
pub type Transform = Arc<dyn Fn(&Pattern<Value>) -> Pattern<Value> + Send + Sync>;

/// Applies `f` to the events of cycles where `test(cycle)` holds (Tidal's `when`).
pub fn when_cycle<T: PatValue>(
    pat: &Pattern<T>,
    test: impl Fn(i64) -> bool + Send + Sync + 'static,
    f: impl Fn(&Pattern<T>) -> Pattern<T>,
) -> Pattern<T> {
    let (plain, changed) = (pat.clone(), f(pat));
    Pattern::new(move |st: &State| {
        if test(st.span.begin.floor_int()) {
            changed.query(st)
        } else {
            plain.query(st)
        }
    })
    .split_queries()
}

/// Like [`when_cycle`] but tests the exact query start time (Tidal's `whenT`).
pub fn when_time<T: PatValue>(
    pat: &Pattern<T>,
    test: impl Fn(Time) -> bool + Send + Sync + 'static,
    f: impl Fn(&Pattern<T>) -> Pattern<T>,
) -> Pattern<T> {
    let (plain, changed) = (pat.clone(), f(pat));
    Pattern::new(move |st: &State| {
        if test(st.span.begin) {
            changed.query(st)
        } else {
            plain.query(st)
        }
    })
    .split_queries()
}

/// Keeps events whose whole starts at a cycle position satisfying `test` (Tidal's `playWhen`
/// on `cyclePos`).
fn play_when<T: PatValue>(
    pat: &Pattern<T>,
    test: impl Fn(Time) -> bool + Send + Sync + 'static,
) -> Pattern<T> {
    pat.filter_haps(move |h| test(h.whole_begin()))
}

/// Tidal's `tParam`: a patterned argument, joined with inner structure. A constant
/// argument is applied directly, as Strudel does, so events are not cut at cycle
/// boundaries (Tidal's join would cut them; the onsets are the same).
pub fn tparam<A: PatValue, T: PatValue>(
    arg: &Pattern<A>,
    f: impl Fn(&A) -> Pattern<T> + Send + Sync + 'static,
) -> Pattern<T> {
    match arg.as_pure() {
        Some(v) => f(v),
        None => arg.inner_bind(f),
    }
}

impl<T: PatValue> Pattern<T> {
    pub fn fast(&self, factor: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(factor, move |f| p.fast_t(*f))
    }

    pub fn slow(&self, factor: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(factor, move |f| p.slow_t(*f))
    }

    pub fn early(&self, offset: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(offset, move |t| p.early_t(*t))
    }

    pub fn late(&self, offset: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(offset, move |t| p.late_t(*t))
    }

    /// Tidal: `palindrome p = slowAppend p (rev p)` — forwards, then backwards, each
    /// keeping its own cycle count (Strudel instead reverses every other cycle in place).
    pub fn palindrome(&self) -> Pattern<T> {
        slowcat(vec![self.clone(), self.rev()])
    }

    /// Shifts the pattern left by a 1/n of a cycle more each cycle.
    pub fn iter_i(&self, n: i64, backwards: bool) -> Pattern<T> {
        let n = clamp_count(n);
        if n == 0 {
            return silence();
        }
        let n = n.abs();
        slowcat(
            (0..n)
                .map(|i| {
                    let t = Time::new(i, n);
                    if backwards {
                        self.late_t(t)
                    } else {
                        self.early_t(t)
                    }
                })
                .collect(),
        )
    }

    pub fn iter(&self, n: &Pattern<Time>, backwards: bool) -> Pattern<T> {
        let p = self.clone();
        tparam(n, move |n| p.iter_i(n.floor_int(), backwards))
    }

    /// Repeats each event `n` times within its span.
    pub fn ply_t(&self, n: Time) -> Pattern<T> {
        squeeze_join(&self.fmap(move |v| pure(v.clone()).fast_t(n)))
    }

    pub fn ply(&self, n: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(n, move |n| p.ply_t(*n))
    }

    pub fn zoom(&self, begin: &Pattern<Time>, end: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(&begin.app_left(end, |b, e| (*b, *e)), move |(b, e)| {
            p.zoom_t(*b, *e)
        })
    }

    pub fn compress(&self, begin: &Pattern<Time>, end: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(&begin.app_left(end, |b, e| (*b, *e)), move |(b, e)| {
            p.compress_t(*b, *e)
        })
    }

    pub fn fast_gap(&self, factor: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(factor, move |f| p.fast_gap_t(*f))
    }

    /// Repeats the first `fraction` of the cycle to fill it; a negative fraction repeats
    /// the last part. Tidal: `_fast (1/n) $ zoomArc (Arc 0 n) p` (so a negative `n`
    /// also reverses, and a pattern that changes per cycle moves on between repeats).
    pub fn linger_t(&self, fraction: Time) -> Pattern<T> {
        if fraction.is_zero() {
            return silence();
        }
        let zoomed = if fraction < Time::ZERO {
            self.zoom_t(Time::ONE + fraction, Time::ONE)
        } else {
            self.zoom_t(Time::ZERO, fraction)
        };
        zoomed.fast_t(fraction.recip())
    }

    pub fn linger(&self, fraction: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(fraction, move |f| p.linger_t(*f))
    }

    pub fn repeat_cycles(&self, n: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(n, move |n| p.repeat_cycles_i(n.floor_int()))
    }

    /// Squashes every other cycle into half a cycle, offset by a quarter (Tidal's `brak`).
    pub fn brak(&self) -> Pattern<T> {
        when_cycle(
            self,
            |c| c.rem_euclid(2) == 1,
            |p| fastcat(vec![p.clone(), silence()]).late_t(Time::new(1, 4)),
        )
    }

    /// Each event plays in the second half of its own span (Tidal's `press` = `pressBy 0.5`).
    pub fn press_by_t(&self, r: Time) -> Pattern<T> {
        squeeze_join(&self.fmap(move |v| pure(v.clone()).compress_t(r, Time::ONE)))
    }

    /// Applies `f` inside a cycle scaled by `n` (Tidal's `inside`).
    pub fn inside_t(&self, n: Time, f: impl Fn(&Pattern<T>) -> Pattern<T>) -> Pattern<T> {
        f(&self.slow_t(n)).fast_t(n)
    }

    pub fn segment(&self, n: &Pattern<Time>) -> Pattern<T> {
        let p = self.clone();
        tparam(n, move |n| p.segment_t(*n))
    }

    /// Applies `f` where `start <= cyclePos < end`, judged after `f` (Tidal's `within`;
    /// Strudel filters before applying `f`).
    pub fn within_t(
        &self,
        start: Time,
        end: Time,
        f: impl Fn(&Pattern<T>) -> Pattern<T>,
    ) -> Pattern<T> {
        let inside = move |t: Time| {
            let pos = t.cycle_pos();
            pos >= start && pos < end
        };
        stack(vec![
            play_when(&f(self), inside),
            play_when(self, move |t| !inside(t)),
        ])
    }

    /// Splits each cycle into `n` parts and applies `f` to one of them in turn.
    /// Tidal: `cat [within (i/n, (i+1)/n) f p | i <- [0..n-1]]` (so, by `cat`'s time
    /// shift, cycle `c` plays the pattern's cycle `c div n`). A negative `n` runs
    /// backwards, last part first, without the shift (Tidal binds over `rev (run n)`).
    pub fn chunk_i(&self, n: i64, f: impl Fn(&Pattern<T>) -> Pattern<T>) -> Pattern<T> {
        let n = clamp_count(n);
        if n == 0 {
            return self.clone();
        }
        let m = n.abs();
        let parts: Vec<Pattern<T>> = (0..m)
            .map(|i| self.within_t(Time::new(i, m), Time::new(i + 1, m), &f))
            .collect();
        if n > 0 {
            return slowcat(parts);
        }
        Pattern::new(move |st: &State| {
            let c = st.span.begin.floor_int();
            parts[(m - 1 - c.rem_euclid(m)) as usize].query(st)
        })
        .split_queries()
    }

    /// Tidal's `euclidFull k n hits p`: `hits` on the Euclid steps, this pattern on the
    /// others (so `euclidFull 3 8 "bd" "hh"` reads as in Tidal).
    pub fn euclid_full_i(&self, k: i64, n: i64, hits: &Pattern<T>) -> Pattern<T> {
        stack(vec![
            euclid_off(hits, k, n, Time::ZERO),
            euclid_off(self, -k, n, Time::ZERO),
        ])
    }

    /// `struct`: structure from the boolean pattern, values from this one.
    pub fn struct_by(&self, bools: &Pattern<Value>) -> Pattern<T> {
        bools
            .app_left(self, |b, v| (b.is_truthy(), v.clone()))
            .filter_values(|(b, _)| *b)
            .fmap(|(_, v)| v.clone())
    }

    /// `mask`: keeps the parts of events where the boolean pattern is true.
    pub fn mask(&self, bools: &Pattern<Value>) -> Pattern<T> {
        let truths = bools.filter_values(|b| b.is_truthy());
        self.app_left(&truths, |v, _| v.clone())
    }

    pub fn degrade_by_f(&self, p: f64) -> Pattern<T> {
        degrade_by_with(self, rand(), p)
    }

    /// The complement of `degrade_by_f`: keeps events where rand <= p (Tidal's `unDegradeBy`).
    pub fn undegrade_by_f(&self, p: f64) -> Pattern<T> {
        self.app_left(&rand(), |v, r| (v.clone(), *r))
            .filter_values(move |(_, r)| *r <= p)
            .fmap(|(v, _)| v.clone())
    }

    pub fn degrade_by(&self, p: &Pattern<f64>) -> Pattern<T> {
        let pat = self.clone();
        tparam(p, move |p| pat.degrade_by_f(*p))
    }

    /// Applies `f` to a random selection of events with probability `p`
    /// (Tidal: `overlay (degradeBy x pat) (f (unDegradeBy x pat))`).
    pub fn sometimes_by_f(&self, p: f64, f: impl Fn(&Pattern<T>) -> Pattern<T>) -> Pattern<T> {
        stack(vec![self.degrade_by_f(p), f(&self.undegrade_by_f(p))])
    }

    /// Applies `f` to whole cycles chosen at random with probability `p`.
    pub fn some_cycles_by_f(&self, p: f64, f: impl Fn(&Pattern<T>) -> Pattern<T>) -> Pattern<T> {
        when_cycle(self, move |c| time_to_rand(Time::from_int(c)) < p, f)
    }

    /// Each cycle: `n` random slices of the cycle, with repetition (Tidal's `scramble`:
    /// `_rearrangeWith (_segment n $ _irand n) n`).
    pub fn scramble_i(&self, n: i64) -> Pattern<T> {
        let n = clamp_count(n);
        if n <= 0 {
            return silence();
        }
        let indices = rand()
            .fmap(move |r| (r * n as f64).floor() as i64)
            .segment_t(Time::from_int(n));
        self.rearrange_with(&indices, n)
    }

    /// Each cycle: the `n` slices of the cycle in a random order (Tidal's `shuffle`:
    /// `_rearrangeWith (randrun n) n`).
    pub fn shuffle_i(&self, n: i64) -> Pattern<T> {
        let n = clamp_count(n);
        if n <= 0 {
            return silence();
        }
        self.rearrange_with(&randrun(n), n)
    }

    /// Plays slice `i` (of `n` per cycle) for each event `i` of `indices` (Tidal's
    /// `_rearrangeWith`): events keep their length, so one crossing a slice boundary is cut
    /// into fragments rather than replayed.
    fn rearrange_with(&self, indices: &Pattern<i64>, n: i64) -> Pattern<T> {
        let nt = Time::from_int(n);
        let slices: Vec<Pattern<T>> = (0..n)
            .map(|i| {
                self.zoom_t(Time::new(i, n), Time::new(i + 1, n))
                    .repeat_cycles_i(n)
                    .fast_t(nt)
            })
            .collect();
        indices.inner_bind(move |i| slices[i.rem_euclid(n) as usize].clone())
    }
}

/// A random permutation of `0..n` per cycle (Tidal's `randrun`).
pub fn randrun(n: i64) -> Pattern<i64> {
    if n <= 0 {
        return silence();
    }
    Pattern::new(move |st: &State| {
        let cycle = st.span.begin.sam();
        let rands = time_to_rands(cycle, n as usize);
        let mut order: Vec<(f64, i64)> = rands.into_iter().zip(0..n).collect();
        order.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        let mut out = Vec::new();
        for (slot, (_, v)) in order.into_iter().enumerate() {
            let whole = TimeSpan::new(
                cycle + Time::new(slot as i64, n),
                cycle + Time::new(slot as i64 + 1, n),
            );
            if let Some(part) = st.span.intersection(whole) {
                out.push(Hap::new(Some(whole), part, v));
            }
        }
        out
    })
    .split_queries()
}

// ----- Transforms on control patterns (values become maps) -----

/// Multiplies a numeric control, setting it when absent (Tidal's `|* gain x` on maps
/// where missing keys count as the neutral value).
fn scale_control(v: &Value, key: &str, factor: f64) -> Value {
    let current = match v {
        Value::Map(m) => m.get(key).and_then(|x| x.as_num()),
        _ => None,
    };
    match current {
        Some(x) => v.with_control(key, Value::Num(x * factor)),
        None => v.with_control(key, Value::Num(factor)),
    }
}

impl Pattern<Value> {
    /// `p # ctrl`: structure from `p`, controls from `ctrls` (Tidal's `#` = `|>`).
    pub fn set_controls(&self, ctrls: &Pattern<Value>) -> Pattern<Value> {
        self.app_left(ctrls, Value::union_right)
    }

    /// `hurry`: `fast` that also multiplies `speed`.
    pub fn hurry(&self, factor: &Pattern<Time>) -> Pattern<Value> {
        let p = self.clone();
        tparam(factor, move |f| {
            let r = f.to_f64();
            p.fast_t(*f).fmap(move |v| scale_control(v, "speed", r))
        })
    }

    /// Tidal's `juxBy n f p = stack [p |+ pan 0.5 |- pan (n/2), f $ p |+ pan 0.5 |+ pan (n/2)]`:
    /// without a pan the sides are `0.5 ∓ n/2` (`jux`: 0 and 1); an existing pan `q`
    /// is offset to `q + 0.5 ∓ n/2`.
    pub fn jux_by_f(
        &self,
        amount: f64,
        f: impl Fn(&Pattern<Value>) -> Pattern<Value>,
    ) -> Pattern<Value> {
        let side = move |offset: f64| {
            move |v: &Value| {
                let q = match v {
                    Value::Map(m) => m.get("pan").and_then(|x| x.as_num()).unwrap_or(0.0),
                    _ => 0.0,
                };
                v.with_control("pan", Value::Num(q + 0.5 + offset))
            }
        };
        stack(vec![
            self.fmap(side(-amount / 2.0)),
            f(&self.fmap(side(amount / 2.0))),
        ])
    }

    /// Tidal's `stut count feedback steptime`: echoes with gain falling linearly towards
    /// `feedback`.
    pub fn stut_f(&self, count: i64, feedback: f64, time: Time) -> Pattern<Value> {
        let count = clamp_count(count);
        if count < 1 {
            return self.clone();
        }
        let c = count as f64;
        let scalegain = move |x: f64| feedback + (1.0 - feedback) * ((c - x) / c);
        let mut layers = vec![self.clone()];
        for x in 1..count {
            let g = scalegain(x as f64);
            layers.push(
                self.fmap(move |v| scale_control(v, "gain", g))
                    .late_t(time * Time::from_int(x)),
            );
        }
        stack(layers)
    }

    /// Tidal's `echo count time feedback`: copy k is `k * time` later with gain `feedback^k`.
    pub fn echo_f(&self, count: i64, time: Time, feedback: f64) -> Pattern<Value> {
        let count = clamp_count(count);
        let mut layers = vec![self.clone()];
        let mut gain = 1.0;
        for k in 1..count.max(1) {
            gain *= feedback;
            let g = gain;
            layers.push(
                self.fmap(move |v| scale_control(v, "gain", g))
                    .late_t(time * Time::from_int(k)),
            );
        }
        stack(layers)
    }

    /// Cuts each event into `n` parts, each playing the matching part of the sample.
    pub fn chop_i(&self, n: i64) -> Pattern<Value> {
        let n = clamp_count(n);
        if n <= 0 {
            return silence();
        }
        squeeze_join(&self.fmap(move |v| {
            // Tidal's `_chop` merges into an existing range only when both ends are set.
            let (b, e) = match (control_of(v, "begin"), control_of(v, "end")) {
                (Some(b), Some(e)) => (b, e),
                _ => (0.0, 1.0),
            };
            let parts: Vec<Pattern<Value>> = (0..n)
                .map(|i| {
                    let pb = b + (e - b) * i as f64 / n as f64;
                    let pe = b + (e - b) * (i + 1) as f64 / n as f64;
                    pure(
                        v.with_control("begin", Value::Num(pb))
                            .with_control("end", Value::Num(pe)),
                    )
                })
                .collect();
            fastcat(parts)
        }))
    }

    /// Tidal's `striate n`: the pattern `n` times per cycle, each time the next
    /// n-th of every sample, within any `begin`/`end` already set (`mergePlayRange`).
    pub fn striate_i(&self, n: i64) -> Pattern<Value> {
        let n = clamp_count(n);
        if n <= 0 {
            return silence();
        }
        fastcat(
            (0..n)
                .map(|i| {
                    let (b, e) = (i as f64 / n as f64, (i + 1) as f64 / n as f64);
                    self.fmap(move |v| {
                        let (b0, e0) = begin_end(v);
                        v.with_control("begin", Value::Num(b * (e0 - b0) + b0))
                            .with_control("end", Value::Num(e * (e0 - b0) + b0))
                    })
                })
                .collect(),
        )
    }

    /// Tidal's `slice n i`: plays slice `i` of `n` of each sample; structure from `i`.
    pub fn slice(&self, n: &Pattern<Time>, index: &Pattern<Value>) -> Pattern<Value> {
        let bounds = index.app_left(n, |i, n| {
            let n = n.floor_int().max(1);
            let i = i.as_num().unwrap_or(0.0).floor() as i64;
            let b = i.rem_euclid(n) as f64 / n as f64;
            (b, b + 1.0 / n as f64)
        });
        let ctrls = bounds.fmap(|(b, e)| {
            Value::Num(0.0)
                .with_control("begin", Value::Num(*b))
                .with_control("end", Value::Num(*e))
        });
        // Structure from the slice pattern, the sound from this pattern.
        ctrls.app_left(self, |c, v| {
            let mut m = v.to_map();
            for (k, x) in c.to_map() {
                if k != "n" {
                    m.insert(k, x);
                }
            }
            Value::Map(Arc::new(m))
        })
    }

    /// Tidal's `splice`: `slice`, with `speed` multiplied by `(1/n) / duration` so each
    /// slice fills its event (`unit "c"`).
    pub fn splice(&self, n: &Pattern<Time>, index: &Pattern<Value>) -> Pattern<Value> {
        let sliced = self.slice(n, index);
        Pattern::new(move |st: &State| {
            sliced
                .query(st)
                .into_iter()
                .map(|h| {
                    let d = h.whole_or_part().duration().to_f64();
                    let (b, e) = begin_end(&h.value);
                    let value = if d > 0.0 {
                        scale_control(&h.value, "speed", (e - b) / d)
                            .with_control("unit", Value::str("c"))
                    } else {
                        h.value.clone()
                    };
                    Hap::new(h.whole, h.part, value).from_source(h.source)
                })
                .collect()
        })
    }

    /// Tidal's `loopAt n`: slows by `n` and sets `speed` so the sample fits `n` cycles.
    pub fn loop_at(&self, n: &Pattern<Time>) -> Pattern<Value> {
        let p = self.clone();
        tparam(n, move |n| {
            let r = if n.is_zero() { 1.0 } else { 1.0 / n.to_f64() };
            p.slow_t(*n)
                .fmap(move |v| scale_control(v, "speed", r).with_control("unit", Value::str("c")))
        })
    }

    /// `range lo hi`: scales values from 0..1 to lo..hi, keeping this pattern's structure.
    pub fn range(&self, lo: &Pattern<Value>, hi: &Pattern<Value>) -> Pattern<Value> {
        let bounds = lo.app_both(hi, |a, b| {
            (a.as_num().unwrap_or(0.0), b.as_num().unwrap_or(1.0))
        });
        self.app_left(&bounds, |v, (lo, hi)| match v.as_num() {
            Some(x) => Value::Num(lo + (hi - lo) * x),
            None => v.clone(),
        })
    }
}

fn control_of(v: &Value, key: &str) -> Option<f64> {
    match v {
        Value::Map(m) => m.get(key).and_then(|x| x.as_num()),
        _ => None,
    }
}

/// A value's `begin`/`end`, each defaulting to the whole sample (Tidal's `mergePlayRange`).
fn begin_end(v: &Value) -> (f64, f64) {
    (
        control_of(v, "begin").unwrap_or(0.0),
        control_of(v, "end").unwrap_or(1.0),
    )
}

/// `swingBy x n`: delays the second half of each of `n` slices per cycle by `x`
/// (Tidal: `inside n (within (0.5, 1) (x ~>))`).
pub fn swing_by<T: PatValue>(pat: &Pattern<T>, x: Time, n: Time) -> Pattern<T> {
    if n <= Time::ZERO {
        return pat.clone();
    }
    pat.inside_t(n, |p| {
        p.within_t(Time::new(1, 2), Time::ONE, |q| q.late_t(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::mini::mini;

    fn vals(p: &Pattern<Value>, from: i64, to: i64) -> Vec<String> {
        p.onsets(Time::from_int(from), Time::from_int(to))
            .into_iter()
            .map(|h| format!("{}@{}", h.value, h.part.begin))
            .collect()
    }

    #[test]
    fn every_applies_on_multiples() {
        let p = mini("a b").unwrap();
        let q = when_cycle(
            &p,
            |c| c.rem_euclid(3) == 0,
            |p| p.fast_t(Time::from_int(2)),
        );
        assert_eq!(vals(&q, 0, 1).len(), 4);
        assert_eq!(vals(&q, 1, 2).len(), 2);
        assert_eq!(vals(&q, 3, 4).len(), 4);
    }

    #[test]
    fn palindrome_follows_tidal() {
        let p = mini("<a b> c").unwrap().palindrome();
        assert_eq!(
            vals(&p, 0, 4),
            ["a@0/1", "c@1/2", "c@1/1", "a@3/2", "b@2/1", "c@5/2", "c@3/1", "b@7/2"]
        );
    }

    #[test]
    fn linger_repeats_part_of_the_cycle() {
        let p = mini("a b c d").unwrap().linger_t(Time::new(1, 4));
        assert_eq!(vals(&p, 0, 1), ["a@0/1", "a@1/4", "a@1/2", "a@3/4"]);
        let p = mini("a b c d").unwrap().linger_t(Time::new(-1, 4));
        assert_eq!(vals(&p, 0, 1), ["d@0/1", "d@1/4", "d@1/2", "d@3/4"]);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let p = mini("0 1 2 3").unwrap().shuffle_i(4);
        for c in 0..8 {
            let mut v: Vec<String> = p
                .onsets(Time::from_int(c), Time::from_int(c + 1))
                .into_iter()
                .map(|h| h.value.to_string())
                .collect();
            v.sort();
            assert_eq!(v, ["0", "1", "2", "3"]);
        }
    }
}
