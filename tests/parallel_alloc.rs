//! No allocation anywhere in the process while a program renders on the worker pool: the
//! counting allocator is armed for every thread (this test binary runs one test only).

mod support;

use std::sync::Arc;

use phonon::render::pool::WorkerPool;
use phonon::render::{Outputs, ParallelMode};

#[global_allocator]
static GLOBAL: support::alloc::CountingAlloc = support::alloc::CountingAlloc;

#[test]
fn parallel_processing_allocates_nothing_on_any_thread() {
    let pool = Arc::new(WorkerPool::new(2));
    let src = "~a: saw 110 # lpf 800 0.7 # delay 0.2 0.5 0.5\n~b: s \"bd*4 [sn cp]\" # gain 0.8\n~c: sine \"c4'maj e4'min\" # adsr 0.01 0.1 0.5 0.1\n~d: pink_noise # bpf 1200 2 # reverb 0.6 0.5 0.3\nout: ~a * 0.2 + ~b * 0.3 + ~c * 0.2 + ~d * 0.1";
    let mut program = support::program(src);
    program.attach_pool(pool.clone());
    program.set_parallel_mode(ParallelMode::Always);
    let block = 512;
    let (mut l, mut r) = (vec![0.0f32; block], vec![0.0f32; block]);
    let mut allocations = 0;
    for _ in 0..(5 * 48_000 / block) {
        program.prepare(block);
        let mut outs = Outputs {
            main: [l.as_mut_slice(), r.as_mut_slice()],
            numbered: Default::default(),
        };
        let ((), n) = support::alloc::count_everywhere(|| program.process(&mut outs, block));
        allocations += n;
    }
    assert_eq!(allocations, 0, "allocations while rendering in parallel");
    assert!(pool.task_counts().0 > 0, "the workers took part");
}
