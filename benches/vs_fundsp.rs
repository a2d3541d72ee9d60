//! Phonon against fundsp 0.23 on the reference stress graph (see `assets/bench/stress16.ph`):
//! 16 chains `saw F -> lowpass C (Q 1) -> gain 0.1`, F = 100 + 25k Hz, C = 1000 + 200k Hz,
//! summed to one output, 44.1 kHz, rendered in 128-sample blocks on one thread.
//!
//! - Phonon: the program built the way the tests build one (check, compile, plan, build);
//!   `prepare` runs outside the timed part, `process(&mut outs, 128)` inside it.
//! - fundsp: a dynamic `Net` of 49 boxed nodes (per chain a PolyBLEP saw, a fixed-coefficient
//!   SVF lowpass with Q 1 and a gain, plus one 16-input mixer), rendered with the block API;
//!   fundsp processes at most 64 samples a call, so a 128-sample block is two calls.
//!
//! After criterion's two measurements the bench measures both again, interleaved, and prints
//! µs per block for each and the ratio.
//!
//! Run: `cargo bench --bench vs_fundsp`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use fundsp::prelude32::*;

use phonon::render::{Outputs, Program, RenderConfig};
use phonon::samples::SampleLibrary;

const RATE: f32 = 44_100.0;
const BLOCK: usize = 128;
const CHAINS: usize = 16;

fn saw_hz_of(k: usize) -> f32 {
    100.0 + 25.0 * k as f32
}

fn cutoff_of(k: usize) -> f32 {
    1000.0 + 200.0 * k as f32
}

/// The text of `assets/bench/stress16.ph`, generated so the bench needs no file.
fn stress_source() -> String {
    let mut src = String::new();
    for k in 0..CHAINS {
        src += &format!(
            "~c{k}: saw {} # lpf {} 1 * 0.1\n",
            saw_hz_of(k),
            cutoff_of(k)
        );
    }
    let buses: Vec<String> = (0..CHAINS).map(|k| format!("~c{k}")).collect();
    src += &format!("out: {}\n", buses.join(" + "));
    src
}

fn phonon_program() -> Program {
    let config = RenderConfig {
        sample_rate: RATE,
        default_cps: 0.5,
    };
    let mut p = Program::from_source(
        &stress_source(),
        config,
        &Arc::new(SampleLibrary::empty(RATE)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // The graph peaks near +4 dBFS; compare the graphs themselves, as fundsp has no
    // output safety stage.
    p.set_safety_stage(false);
    p
}

/// Phonon side: the program and its stereo output block.
struct PhononSide {
    program: Program,
    left: Vec<f32>,
    right: Vec<f32>,
}

impl PhononSide {
    fn new() -> Self {
        PhononSide {
            program: phonon_program(),
            left: vec![0.0; BLOCK],
            right: vec![0.0; BLOCK],
        }
    }

    /// Renders `blocks` blocks and returns the time spent in `process` only.
    fn run(&mut self, blocks: u64) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..blocks {
            self.program.prepare(BLOCK);
            let mut outs = Outputs {
                main: [&mut self.left[..], &mut self.right[..]],
                numbered: Default::default(),
            };
            let t = Instant::now();
            self.program.process(black_box(&mut outs), BLOCK);
            total += t.elapsed();
            black_box(&self.left);
        }
        total
    }

    fn block(&mut self) -> &[f32] {
        self.run(1);
        &self.left
    }
}

/// fundsp side: the `Net` and its one-channel output buffer (64 samples).
struct FundspSide {
    net: Net,
    out: BufferVec,
    block: Vec<f32>,
}

impl FundspSide {
    fn new() -> Self {
        let mut net = Net::new(0, 1);
        let mix = net.push(Box::new(sumi::<U16, _, _>(|_| pass())));
        for k in 0..CHAINS {
            // `poly_saw_hz(f)` with phase 0 (Phonon's saw also starts at phase 0; fundsp's
            // default is a pseudo-random phase, which changes the level of the sum).
            let saw = net.push(Box::new(
                dc(saw_hz_of(k)) >> An(PolySaw::<f32>::with_phase(0.0)),
            ));
            let lpf = net.push(Box::new(lowpass_hz(cutoff_of(k), 1.0)));
            let gain = net.push(Box::new(mul(0.1)));
            net.connect(saw, 0, lpf, 0);
            net.connect(lpf, 0, gain, 0);
            net.connect(gain, 0, mix, k);
        }
        net.connect_output(mix, 0, 0);
        net.check();
        assert_eq!(net.size(), 3 * CHAINS + 1);
        net.set_sample_rate(RATE as f64);
        net.allocate();
        FundspSide {
            net,
            out: BufferVec::new(1),
            block: vec![0.0; BLOCK],
        }
    }

    fn render_block(&mut self) {
        for half in 0..BLOCK / MAX_BUFFER_SIZE {
            self.net.process(
                MAX_BUFFER_SIZE,
                &BufferRef::empty(),
                &mut self.out.buffer_mut(),
            );
            let at = half * MAX_BUFFER_SIZE;
            self.block[at..at + MAX_BUFFER_SIZE].copy_from_slice(self.out.channel_f32(0));
        }
    }

    fn run(&mut self, blocks: u64) -> Duration {
        let t = Instant::now();
        for _ in 0..blocks {
            self.render_block();
            black_box(&self.block);
        }
        t.elapsed()
    }

    fn block(&mut self) -> &[f32] {
        self.render_block();
        &self.block
    }
}

fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
}

/// Both engines must render the same signal (same phases, same filters): compare RMS over 1 s.
fn sanity_check() {
    let (mut p, mut f) = (PhononSide::new(), FundspSide::new());
    let blocks = RATE as usize / BLOCK;
    let (mut ps, mut fs) = (Vec::new(), Vec::new());
    for _ in 0..blocks {
        ps.extend_from_slice(p.block());
        fs.extend_from_slice(f.block());
    }
    let (pr, fr) = (rms(&ps), rms(&fs));
    println!(
        "signal check, RMS over {} s: phonon {pr:.4}, fundsp {fr:.4} ({} phonon nodes, {} fundsp nodes)",
        (blocks * BLOCK) as f64 / RATE as f64,
        p.program.node_count(),
        f.net.size()
    );
    assert!(pr > 0.05 && fr > 0.05, "both engines must make sound");
    assert!(
        (pr / fr - 1.0).abs() < 0.02,
        "the two graphs should render the same level"
    );
}

fn bench(c: &mut Criterion) {
    sanity_check();

    let mut group = c.benchmark_group("stress16, one 128-sample block at 44.1 kHz");
    let mut phonon = PhononSide::new();
    group.bench_function("phonon", |b| b.iter_custom(|iters| phonon.run(iters)));
    let mut fundsp = FundspSide::new();
    group.bench_function("fundsp Net (49 nodes)", |b| {
        b.iter_custom(|iters| fundsp.run(iters))
    });
    group.finish();

    // Side by side: alternate rounds of both, report the medians per block.
    const ROUNDS: usize = 31;
    const BLOCKS: u64 = 2_000;
    let (mut p_us, mut f_us) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        p_us.push(phonon.run(BLOCKS).as_secs_f64() * 1e6 / BLOCKS as f64);
        f_us.push(fundsp.run(BLOCKS).as_secs_f64() * 1e6 / BLOCKS as f64);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let (p, f) = (median(&mut p_us), median(&mut f_us));
    println!();
    println!("stress16, 128-sample blocks at 44.1 kHz, one thread, median of {ROUNDS} interleaved rounds of {BLOCKS} blocks:");
    println!("  phonon          {p:8.2} µs per block");
    println!("  fundsp Net      {f:8.2} µs per block");
    println!("  ratio phonon / fundsp = {:.2}", p / f);
}

criterion_group!(benches, bench);
criterion_main!(benches);
