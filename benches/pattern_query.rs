//! Querying one audio block's worth of a busy pattern: directly (allocating, what runs
//! off the audio thread) and from a prepared `EventTable` (what the audio thread does).
//! Block: 512 samples at 48 kHz and 0.5 cycles per second = 2/375 of a cycle.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

use phonon::lang;
use phonon::lang::eval::eval_pattern;
use phonon::pattern::cache::{EventBuf, EventTable};
use phonon::pattern::{Pattern, State, Time, TimeSpan, Value};

const BUSY: &str = r#""[bd*4, hh*8, ~ sn ~ sn]" $ every 4 (fast 2) $ jux rev"#;

fn busy() -> Pattern<Value> {
    eval_pattern(&lang::check_expr(BUSY).expect("valid")).expect("evaluates")
}

fn blocks() -> Vec<TimeSpan> {
    // 512 samples / 48000 Hz * 0.5 cps.
    let step = Time::new(2, 375);
    (0..375)
        .map(|i| TimeSpan::new(step * Time::from_int(i), step * Time::from_int(i + 1)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let pat = busy();
    let spans = blocks();
    let mut i = 0;
    c.bench_function("query one block, direct", |b| {
        b.iter(|| {
            let span = spans[i % spans.len()];
            i += 1;
            black_box(pat.query(&State::new(span)))
        })
    });

    let mut table = EventTable::with_capacity(1024);
    table.prepare(&pat, TimeSpan::new(Time::ZERO, Time::ONE));
    let mut out: EventBuf<Value> = EventBuf::with_capacity(256);
    let mut j = 0;
    c.bench_function("query one block, prepared table", |b| {
        b.iter(|| {
            let span = spans[j % spans.len()];
            j += 1;
            table.query_into(span, &mut out);
            black_box(out.haps().len())
        })
    });

    c.bench_function("prepare one cycle (off the audio thread)", |b| {
        let mut cycle = 0;
        b.iter(|| {
            let span = TimeSpan::new(Time::from_int(cycle), Time::from_int(cycle + 1));
            cycle += 1;
            black_box(table.prepare(&pat, span))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
