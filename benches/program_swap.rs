//! What an edit costs the audio thread: `Program::take_state_from` (the new program takes
//! over the state of the unchanged statements) next to rendering one 512-sample block of the
//! same program, measured in one run. The program is heavy on state: a reverb, a feedback
//! delay, a ping-pong delay, MIDI-voice filters and a sampler. And the worst case: long
//! delays in all 8 MIDI voices.

use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, Criterion};

use phonon::render::{Outputs, Program, RenderConfig};
use phonon::samples::SampleLibrary;

const SOURCE: &str = "~pad: saw \"<a2 c3 e3>\" # lpf 900 0.7 # reverb 0.8 0.4 0.4\n\
    ~echo: s \"bd*4 [sn cp] hh*8\" # delay 0.375 0.6 0.4 # pingpong 0.25 0.5 0.3\n\
    ~keys: saw ~midi # lpf 2000 0.7 # adsr 0.01 0.2 0.6 0.3\n\
    out: ~pad * 0.3 + ~echo * 0.5 + ~keys * 0.2";

/// The worst case: a 2-second delay in each of the 8 MIDI voices (8 lines of 2 s).
const LONG_DELAYS: &str = "~keys: saw ~midi # delay 2 0.5 0.4\nout: ~keys * 0.2";

fn build(library: &Arc<SampleLibrary>, source: &str) -> Program {
    let config = RenderConfig {
        sample_rate: 48_000.0,
        default_cps: 0.5,
    };
    Program::from_source(source, config, library).expect("builds")
}

/// Renders one 512-sample block into `l`, `r`.
fn render_block(program: &mut Program, l: &mut [f32], r: &mut [f32]) {
    let mut out = Outputs {
        main: [l, r],
        numbered: Default::default(),
    };
    program.process(&mut out, 512);
}

fn bench(c: &mut Criterion) {
    let (library, _) = SampleLibrary::load(&phonon::samples::default_dirs(), 48_000.0);
    let library = Arc::new(library);
    let mut old = build(&library, SOURCE);
    let mut new = build(&library, SOURCE);
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    // Play three seconds so the tanks and lines hold sound.
    for _ in 0..282 {
        old.prepare(512);
        render_block(&mut old, &mut l, &mut r);
    }
    println!("nodes: {}", old.node_count());
    c.bench_function("take_state_from (an edit)", |b| {
        b.iter(|| black_box(new.take_state_from(black_box(&old))))
    });
    let mut long_old = build(&library, LONG_DELAYS);
    let mut long_new = build(&library, LONG_DELAYS);
    for _ in 0..282 {
        long_old.prepare(512);
        render_block(&mut long_old, &mut l, &mut r);
    }
    c.bench_function("take_state_from, 8 voices with 2 s delays", |b| {
        b.iter(|| black_box(long_new.take_state_from(black_box(&long_old))))
    });
    old.prepare(512 * 200);
    c.bench_function("render one 512-sample block", |b| {
        b.iter(|| render_block(&mut old, &mut l, &mut r))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
