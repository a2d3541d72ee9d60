//! `phonon bench FILE`: time per block and real-time factor.

use std::path::PathBuf;
use std::process::ExitCode;

use super::render::{load_program, ParallelArg};

#[allow(clippy::too_many_arguments)]
pub fn bench(
    file: &std::path::Path,
    block: usize,
    seconds: f64,
    rate: u32,
    samples: &[PathBuf],
    json: bool,
    threads: usize,
    paced: bool,
    parallel: ParallelArg,
) -> ExitCode {
    let Some(mut program) = load_program(file, rate, None, samples) else {
        return ExitCode::FAILURE;
    };
    let threads = threads.max(1);
    let pool = (threads > 1)
        .then(|| std::sync::Arc::new(phonon::render::pool::WorkerPool::new(threads - 1)));
    if let Some(pool) = &pool {
        program.attach_pool(pool.clone());
    }
    program.set_parallel_mode(parallel.mode());
    let r = phonon::render::offline::bench(&mut program, block, seconds, paced);
    if json {
        println!(
            "{{\"us_per_block_p50\":{:.3},\"us_per_block_p99\":{:.3},\"us_per_block_max\":{:.3},\"realtime_factor\":{:.2},\"ns_per_node_sample\":{:.3},\"nodes\":{},\"block\":{},\"threads\":{},\"paced\":{},\"parallel_chunks\":{}}}",
            r.p50_us, r.p99_us, r.max_us, r.realtime_factor, r.ns_per_node_sample, r.nodes, r.block, threads, paced, program.parallel_chunks()
        );
    } else {
        println!(
            "{}: {} blocks of {} samples, {} nodes, {} thread{}{}",
            file.display(),
            r.blocks,
            r.block,
            r.nodes,
            threads,
            if threads == 1 { "" } else { "s" },
            if paced { ", paced at real time" } else { "" }
        );
        println!(
            "  µs per block: median {:.2}, p99 {:.2}, max {:.2}",
            r.p50_us, r.p99_us, r.max_us
        );
        println!(
            "  {:.1}x real time, {:.3} ns per node-sample",
            r.realtime_factor, r.ns_per_node_sample
        );
        if let Some(pool) = &pool {
            let (workers, caller) = pool.task_counts();
            println!(
                "  chunks rendered in parallel: {}; tasks run by workers {workers}, by the calling thread {caller}",
                program.parallel_chunks()
            );
        }
    }
    ExitCode::SUCCESS
}
