//! When a chunk is worth spreading over the worker pool: the calibrated decision.

use super::*;

/// Whether and how a program renders on a worker pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParallelMode {
    /// Decide per chunk from estimated and measured costs (the default).
    Auto,
    /// Always use the pool when there is one (tests of bit-identity).
    Always,
    /// Never use the pool.
    Never,
}

/// The minimum estimated work of one chunk, in nanoseconds, before spreading it over
/// threads pays: dispatching a round costs a few microseconds with spinning workers and
/// more when they have parked (see `shared/notes/perf-facts.md`).
pub(crate) const PARALLEL_MIN_NS: f64 = 40_000.0;

/// Chunks between re-measurements of the serial cost while running in parallel.
pub(crate) const RECALIBRATE_EVERY: u64 = 2048;

/// Chunks rendered serially at the start, to calibrate the cost estimate.
pub(crate) const CALIBRATION_CHUNKS: u64 = 8;

pub(crate) struct Parallel {
    pub(super) schedule: schedule::Schedule,
    pub(super) successors: Vec<Vec<usize>>,
    pub(super) deps: Vec<std::sync::atomic::AtomicUsize>,
    pub(super) queue: crossbeam_queue::ArrayQueue<usize>,
    pub(super) remaining: std::sync::atomic::AtomicUsize,
    pub(super) task_stats: Vec<RenderStats>,
    pub(super) pool: Option<std::sync::Arc<pool::WorkerPool>>,
    pub(super) mode: ParallelMode,
    /// Measured nanoseconds per estimated nanosecond (the cost table's calibration), from
    /// chunks rendered serially; and measured parallel time over the serial estimate.
    pub(super) serial_factor: f64,
    pub(super) parallel_ratio: f64,
    pub(super) chunks: u64,
    /// While positive, chunks render serially (parallel did not pay).
    pub(super) backoff: u64,
    pub(super) parallel_chunks: u64,
}

impl Parallel {
    pub(super) fn new(schedule: schedule::Schedule) -> Parallel {
        let n = schedule.tasks.len();
        Parallel {
            successors: schedule
                .tasks
                .iter()
                .map(|t| t.successors.clone())
                .collect(),
            deps: (0..n)
                .map(|_| std::sync::atomic::AtomicUsize::new(0))
                .collect(),
            queue: crossbeam_queue::ArrayQueue::new(n.max(1)),
            remaining: std::sync::atomic::AtomicUsize::new(0),
            task_stats: vec![RenderStats::default(); n],
            pool: None,
            mode: ParallelMode::Auto,
            serial_factor: 1.0,
            parallel_ratio: 0.0,
            chunks: 0,
            backoff: 0,
            parallel_chunks: 0,
            schedule,
        }
    }

    pub(super) fn threads(&self) -> usize {
        self.pool.as_ref().map_or(1, |p| p.workers() + 1)
    }

    pub(super) fn should_run_parallel(&mut self, len: usize) -> bool {
        if self.pool.is_none() || self.schedule.tasks.len() < 2 {
            return false;
        }
        match self.mode {
            ParallelMode::Never => false,
            ParallelMode::Always => true,
            ParallelMode::Auto => {
                self.chunks += 1;
                // The first chunks run serially to measure what the cost table is worth here.
                if self.chunks <= CALIBRATION_CHUNKS {
                    return false;
                }
                if self.backoff > 0 {
                    self.backoff -= 1;
                    return false;
                }
                // Now and then one serial chunk, to keep the estimate honest.
                if self.chunks.is_multiple_of(RECALIBRATE_EVERY) {
                    return false;
                }
                let serial_ns = self.schedule.total_cost * len as f64 * self.serial_factor;
                serial_ns >= PARALLEL_MIN_NS && self.schedule.speedup(self.threads()) >= 1.25
            }
        }
    }

    /// Updates the estimates from a chunk's measured time.
    pub(super) fn measured(&mut self, parallel: bool, len: usize, ns: f64) {
        let estimate = self.schedule.total_cost * len as f64;
        if estimate <= 0.0 {
            return;
        }
        if parallel {
            self.parallel_chunks += 1;
            // One slow chunk (a page fault, a preempted worker) must not decide alone.
            let ratio = (ns / (estimate * self.serial_factor)).min(2.0);
            self.parallel_ratio = if self.parallel_chunks == 1 {
                ratio
            } else {
                0.95 * self.parallel_ratio + 0.05 * ratio
            };
            // Parallel is not paying: stay serial for a while.
            if self.mode == ParallelMode::Auto
                && self.parallel_chunks > 64
                && self.parallel_ratio > 0.95
            {
                self.backoff = RECALIBRATE_EVERY;
                self.parallel_ratio = 0.0;
                self.parallel_chunks = 0;
            }
        } else if self.chunks > 2 {
            // The first chunks run on cold caches; one slow chunk moves the estimate little.
            let factor = (ns / estimate).clamp(0.25, 4.0);
            self.serial_factor = 0.9 * self.serial_factor + 0.1 * factor;
        }
    }
}
