//! Parallel rendering on the worker pool: the same samples for any number of workers and
//! any block size, programs swapped thousands of times while the pool lives, and a
//! shutdown that never hangs.

mod support;

use std::sync::Arc;
use std::time::Duration;

use phonon::render::offline::render;
use phonon::render::pool::WorkerPool;
use phonon::render::ParallelMode;
use support::*;

fn render_threads(
    src: &str,
    seconds: f64,
    block: usize,
    pool: Option<&Arc<WorkerPool>>,
) -> [Vec<f32>; 2] {
    let mut p = program(src);
    if let Some(pool) = pool {
        p.attach_pool(pool.clone());
        p.set_parallel_mode(ParallelMode::Always);
    }
    render(&mut p, (seconds * RATE as f64) as usize, block, |_| {}).main
}

fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("ph"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_example_renders_the_same_bits_with_any_worker_count() {
    let pools: Vec<Arc<WorkerPool>> = [1usize, 2, 7]
        .iter()
        .map(|&n| Arc::new(WorkerPool::new(n)))
        .collect();
    for (name, src) in examples() {
        for block in [64usize, 512, 333] {
            // Across block sizes output agrees within 1e-6 (tests/render.rs); across thread
            // counts at one block size it is the same bits.
            let reference = render_threads(&src, 1.0, block, None);
            for pool in &pools {
                let got = render_threads(&src, 1.0, block, Some(pool));
                assert!(
                    got[0] == reference[0] && got[1] == reference[1],
                    "{name}: {} workers, block {block} differ from one thread",
                    pool.workers()
                );
            }
        }
    }
    // Workers did take part (how much depends on the machine's load).
    assert!(pools.iter().any(|p| p.task_counts().0 > 0));
}

#[test]
fn heavy_graphs_are_bit_identical_in_parallel() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/bench/heavy64.ph"
    ))
    .unwrap();
    let pool = Arc::new(WorkerPool::new(2));
    for block in [1usize, 100, 4096] {
        let reference = render_threads(&src, 0.25, block, None);
        let got = render_threads(&src, 0.25, block, Some(&pool));
        assert!(got == reference, "block {block}");
    }
}

#[test]
fn the_pool_survives_thousands_of_program_swaps() {
    let pool = Arc::new(WorkerPool::new(2));
    let sources = [
        "~a: saw 110 # lpf 800 0.7\n~b: sine 220\nout: ~a * 0.2 + ~b * 0.2",
        "~k $ s \"bd*4\"\n~h $ s \"hh*8\"\nout: ~k + ~h * 0.5",
        "~a: sine 330\n~b: ~a # delay 0.01 0.5 0.5\n~c: ~b # lpf 500 0.7\nout: ~c + ~a",
    ];
    let mut block = [vec![0.0f32; 256], vec![0.0f32; 256]];
    for k in 0..3000 {
        let mut p = program(sources[k % sources.len()]);
        p.attach_pool(pool.clone());
        p.set_parallel_mode(ParallelMode::Always);
        for _ in 0..2 {
            p.prepare(256);
            let [l, r] = &mut block;
            let mut outs = phonon::render::Outputs {
                main: [l.as_mut_slice(), r.as_mut_slice()],
                numbered: Default::default(),
            };
            p.process(&mut outs, 256);
        }
        assert!(block[0].iter().all(|x| x.is_finite()));
    }
    // Every round ran every task (on a worker or on this thread).
    let (workers, caller) = pool.task_counts();
    assert!(workers + caller >= 3000 * 2 * 2, "{workers} + {caller}");
}

#[test]
fn shutdown_never_hangs() {
    for workers in [0usize, 1, 3, 8] {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let pool = WorkerPool::new(workers);
            // Let the workers spin, then park.
            std::thread::sleep(Duration::from_millis(if workers % 2 == 0 { 1 } else { 30 }));
            drop(pool);
            tx.send(()).unwrap();
        });
        rx.recv_timeout(Duration::from_secs(10))
            .expect("the pool shut down");
    }
}
