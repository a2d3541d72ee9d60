//! The audio thread reads a block's events from an `EventTable` without allocating.
//! A counting global allocator, armed only on this test's thread around the reads,
//! fails the test on any allocation or deallocation.

mod support;

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::cache::{sample_to_cycle, EventBuf, EventTable};
use phonon::pattern::{Time, TimeSpan, Value};

#[global_allocator]
static GLOBAL: support::alloc::CountingAlloc = support::alloc::CountingAlloc;

fn pattern(src: &str) -> phonon::pattern::Pattern<Value> {
    eval_pattern(&lang::check_expr(src).expect("valid expression")).expect("evaluates")
}

#[test]
fn block_reads_from_a_prepared_table_do_not_allocate() {
    let busy =
        pattern(r#"s "[bd*4, hh*8, ~ sn ~ sn]" $ every 4 (fast 2) $ jux rev # gain "1 0.8""#);
    let mut table = EventTable::with_capacity(1024);
    let mut out: EventBuf<Value> = EventBuf::with_capacity(256);
    let (rate, cps, block) = (48_000i64, Time::new(1, 2), 512i64);
    let mut events_seen = 0;
    let mut allocations = 0;
    for cycle in 0..8 {
        let prepared = TimeSpan::new(Time::from_int(cycle), Time::from_int(cycle + 1));
        assert_eq!(table.prepare(&busy, prepared), 0);
        // Every block of this cycle, read on the "audio thread".
        let first = (cycle * rate * 2) / block;
        let last = ((cycle + 1) * rate * 2) / block;
        let ((), n) = support::alloc::count_here(|| {
            for b in first..last {
                let span = TimeSpan::new(
                    sample_to_cycle(b * block, cps, rate).max(prepared.begin),
                    sample_to_cycle((b + 1) * block, cps, rate).min(prepared.end),
                );
                table.onsets_into(span, &mut out);
                events_seen += out.haps().len();
                table.query_into(span, &mut out);
                // Cleared while the table still holds the values: no deallocation here.
                out.clear();
            }
        });
        allocations += n;
    }
    assert_eq!(allocations, 0, "allocations on the audio path");
    // 14 onsets a cycle (4 bd, 8 hh, 2 sn), doubled in cycles 0 and 4 by `every 4 (fast 2)`,
    // and doubled again by `jux`: every onset was seen exactly once.
    assert_eq!(events_seen, (6 * 14 + 2 * 28) * 2);
}
