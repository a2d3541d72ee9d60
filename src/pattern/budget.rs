//! A bound on the work of one pattern query.
//!
//! Speed-ups multiply when nested: `ply 10000 $ ply 10000 $ "bd"` asks for 10^8 events a
//! cycle, gigabytes whose allocation would abort the process, and with it the DAW around
//! the plugin. Each top-level query (the outermost [`Pattern::query`] on a thread) may spend
//! [`QUERY_BUDGET`] units for each cycle it touches: one per sub-query, one per cycle a span
//! is split into, one per pair of events combined, and one per event a sub-query returns.
//! Past that, sub-queries return nothing and spans stop being split into cycles, so the
//! query ends quickly with a truncated result, and [`exceeded`] says so until the thread's next
//! top-level query. The compiler probes each pattern's first cycle and reports an error;
//! later cycles that go over are cut short and counted as dropped events.
//!
//! [`Pattern::query`]: super::Pattern::query

use std::cell::Cell;

use super::core::{PatValue, Pattern};
use super::hap::Hap;
use super::span::TimeSpan;
use super::time::Time;

/// Units one top-level query may spend: far above what music needs (every example's first
/// cycle takes under 5000; a slot of the engine holds 1024 events per cycle), far below what
/// exhausts memory or time (a query cut short takes about 0.3 s and 40 MB).
pub const QUERY_BUDGET: u64 = 200_000;

/// This thread's budget, in one thread-local (one lookup per operation).
struct Budget {
    depth: Cell<u32>,
    left: Cell<u64>,
    exceeded: Cell<bool>,
}

impl Budget {
    /// Spends `units`; false (and `exceeded` from now on) when there were not enough.
    fn spend(&self, units: u64) -> bool {
        let left = self.left.get();
        self.left.set(left.saturating_sub(units));
        if left < units {
            self.exceeded.set(true);
        }
        left >= units
    }
}

thread_local! {
    static BUDGET: Budget = const {
        Budget {
            depth: Cell::new(0),
            left: Cell::new(QUERY_BUDGET),
            exceeded: Cell::new(false),
        }
    };
}

/// A query in progress on this thread; the outermost one resets the budget.
pub(crate) struct QueryScope(());

impl Drop for QueryScope {
    fn drop(&mut self) {
        BUDGET.with(|b| b.depth.set(b.depth.get().saturating_sub(1)));
    }
}

/// Enters a query over `span`, spending one unit; `None` when the budget is spent (return
/// nothing). A top-level query gets [`QUERY_BUDGET`] for each cycle it touches.
pub(crate) fn enter(span: &TimeSpan) -> Option<QueryScope> {
    let ok = BUDGET.with(|b| {
        let depth = b.depth.get();
        b.depth.set(depth + 1);
        if depth == 0 {
            let cycles = span.end.ceil_int().saturating_sub(span.begin.floor_int());
            b.left
                .set(QUERY_BUDGET.saturating_mul(cycles.clamp(1, i64::MAX) as u64));
            b.exceeded.set(false);
        }
        b.spend(1)
    });
    let scope = QueryScope(());
    ok.then_some(scope)
}

/// Spends `units` for what a query produced; false when there were not enough.
pub(crate) fn spend(units: u64) -> bool {
    BUDGET.with(|b| b.spend(units))
}

/// Spends one unit for a step of a loop inside a query (a span's piece); false when the
/// budget is spent, so the loop stops. Outside any query it only says true.
pub(crate) fn step() -> bool {
    BUDGET.with(|b| b.depth.get() == 0 || b.spend(1))
}

/// True when the current (or this thread's last) top-level query ran out of budget, so its
/// result is truncated.
pub fn exceeded() -> bool {
    BUDGET.with(|b| b.exceeded.get())
}

/// The events of `pattern`'s first `cycles` cycles, one top-level query per cycle, ending
/// after a cycle too dense to compute: compile-time probes then cost at most one query cut
/// short.
pub fn first_cycles<T: PatValue>(
    pattern: &Pattern<T>,
    cycles: i64,
) -> impl Iterator<Item = Vec<Hap<T>>> + '_ {
    let mut over = false;
    (0..cycles).map_while(move |c| {
        if over {
            return None;
        }
        let haps = pattern.query_span(Time::from_int(c), Time::from_int(c + 1));
        over = exceeded();
        Some(haps)
    })
}

/// The error for a query that went over the budget.
pub fn too_dense() -> String {
    format!(
        "this pattern is too dense to compute: one cycle takes more than {QUERY_BUDGET} steps \
         (nested `fast` or `ply`?)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::mini::mini;

    #[test]
    fn nested_speed_ups_are_cut_short_and_reported() {
        let p = mini("bd sn").unwrap();
        let dense = p.ply(&pure_time(10_000)).ply(&pure_time(10_000));
        let t0 = std::time::Instant::now();
        let haps = dense.query_span(Time::ZERO, Time::ONE);
        assert!(exceeded(), "10^8 events a cycle go over the budget");
        assert!((haps.len() as u64) < QUERY_BUDGET);
        assert!(t0.elapsed() < std::time::Duration::from_secs(10));
        // The next query starts afresh.
        let haps = p.query_span(Time::ZERO, Time::ONE);
        assert!(!exceeded());
        assert_eq!(haps.len(), 2);
    }

    #[test]
    fn long_queries_of_light_patterns_are_whole() {
        let p = mini("bd [sn hh]").unwrap();
        let haps = p.query_span(Time::ZERO, Time::from_int(300_000));
        assert!(!exceeded());
        assert_eq!(haps.len(), 900_000);
    }

    #[test]
    fn combining_every_pair_is_charged_before_it_is_built() {
        // 4096 × 4096 pairs: refused before 16.7 million events are built.
        let p = mini("[0*4096]").unwrap();
        let both = p.app_both(&p, |a, _| a.clone());
        let haps = both.query_span(Time::ZERO, Time::ONE);
        assert!(exceeded());
        assert!((haps.len() as u64) < QUERY_BUDGET);
    }

    #[test]
    fn dense_but_reasonable_patterns_are_whole() {
        let p = mini("[bd*16 sn*16]*8").unwrap();
        let dense = p.ply(&pure_time(4));
        let haps = dense.query_span(Time::ZERO, Time::from_int(4));
        assert!(!exceeded());
        assert_eq!(haps.len(), 4 * 8 * 32 * 4);
    }

    fn pure_time(n: i64) -> crate::pattern::Pattern<Time> {
        crate::pattern::pure(Time::from_int(n))
    }
}
