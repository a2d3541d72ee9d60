//! One chunk of rendering: each node run in plan order, serially or as tasks on the pool.
//! Nodes and their output buffers are borrowed through [`NodeCell`]s, checked in debug
//! builds, so a wrong plan (a node run while another reads or writes its buffer) panics in
//! a test instead of racing (see `render/cell.rs`).

use super::cell::NodeCell;
use super::*;

/// The per-node state of a program for one chunk (see [`run_node`]), borrowing only those
/// fields, so the rest of the program stays free to use.
macro_rules! arena {
    ($p:expr) => {
        Arena {
            nodes: &$p.nodes,
            buffers: &$p.buffers,
            history: &$p.history,
            channels: &$p.channels,
            inputs: &$p.inputs,
        }
    };
}

impl Program {
    pub(super) fn chunk_ctx<'a>(
        clock: crate::clock::Clock,
        cps: f64,
        sample_rate: f32,
        position: u64,
        externals: &'a nodes::Externals,
        len: usize,
    ) -> ChunkCtx<'a> {
        ChunkCtx {
            block: BlockCtx {
                sample_rate,
                start_sample: position,
                len,
                cycle: clock.cycle_at(position as i64).to_f64(),
                cycles_per_sample: cps / sample_rate as f64,
            },
            clock,
            externals,
        }
    }

    /// Renders one chunk, on the worker pool when that pays, else on this thread.
    pub(super) fn process_chunk(&mut self, len: usize) {
        let go_parallel = self.parallel.should_run_parallel(len);
        let started = std::time::Instant::now();
        if go_parallel {
            self.process_chunk_parallel(len);
        } else {
            self.process_chunk_serial(len);
        }
        self.parallel
            .measured(go_parallel, len, started.elapsed().as_nanos() as f64);
    }

    /// Renders one chunk on this thread, node by node in plan order.
    pub(super) fn process_chunk_serial(&mut self, len: usize) {
        let arena = arena!(self);
        let ctx = Self::chunk_ctx(
            self.clock,
            self.cps,
            self.sample_rate,
            self.position,
            &self.externals,
            len,
        );
        let mut stats = RenderStats::default();
        let order = &self.order;
        for &i in order {
            if self.is_const[i] || self.skip[i] {
                continue; // constants are filled at build time; pass-throughs are read through
            }
            // SAFETY: one thread runs the nodes in plan order, so every input is finished and
            // nothing else touches node `i`.
            unsafe { run_node(arena, i, &ctx, &mut stats) };
        }
        self.stats.add(&stats);
    }

    /// Renders one chunk with the worker pool: built-in inputs first on this thread, then
    /// the tasks, each on whichever thread takes it once its dependencies are done.
    pub(super) fn process_chunk_parallel(&mut self, len: usize) {
        let Some(pool) = self.parallel.pool.clone() else {
            return self.process_chunk_serial(len);
        };
        let arena = arena!(self);
        let ctx = Self::chunk_ctx(
            self.clock,
            self.cps,
            self.sample_rate,
            self.position,
            &self.externals,
            len,
        );
        let mut stats = RenderStats::default();
        let p = &mut self.parallel;
        for &i in &p.schedule.prelude {
            // SAFETY: runs before the round, on this thread only.
            unsafe { run_node(arena, i, &ctx, &mut stats) };
        }
        for (t, task) in p.schedule.tasks.iter().enumerate() {
            p.deps[t].store(task.deps, std::sync::atomic::Ordering::SeqCst);
            if task.deps == 0 {
                let _ = p.queue.push(t);
            }
        }
        p.remaining
            .store(p.schedule.tasks.len(), std::sync::atomic::Ordering::SeqCst);
        let task_stats = TaskStats(p.task_stats.as_mut_ptr());
        let tasks = &p.schedule.tasks;
        let run = |t: usize| {
            let task_stats = &task_stats;
            // SAFETY: each task runs exactly once per round, so its stats slot is its own;
            // its nodes' inputs are in tasks it depends on (finished) or are delayed reads.
            let st = unsafe { &mut *task_stats.0.add(t) };
            for &i in &tasks[t].nodes {
                // SAFETY: a node belongs to one task, which runs once per round after the
                // tasks it reads; its feedback inputs are delayed reads.
                unsafe { run_node(arena, i, &ctx, st) };
            }
        };
        pool.run(&pool::Round {
            run: &run,
            successors: &p.successors,
            deps: &p.deps,
            queue: &p.queue,
            remaining: &p.remaining,
        });
        for st in p.task_stats.iter_mut() {
            stats.add(st);
            *st = RenderStats::default();
        }
        self.stats.add(&stats);
    }
}

/// A program's per-node state for one chunk, shared by the threads that render it.
#[derive(Clone, Copy)]
pub(crate) struct Arena<'a> {
    pub(super) nodes: &'a [NodeCell<RtNode>],
    pub(super) buffers: &'a [NodeCell<[Vec<f32>; 2]>],
    pub(super) history: &'a [Option<History>],
    pub(super) channels: &'a [usize],
    pub(super) inputs: &'a [Vec<(usize, bool)>],
}

/// What every node of a chunk reads.
pub(crate) struct ChunkCtx<'a> {
    pub(super) block: BlockCtx,
    pub(super) clock: crate::clock::Clock,
    pub(super) externals: &'a nodes::Externals,
}

/// Renders node `i` for one chunk: borrows its runtime node and its buffer exclusively and
/// the buffers of its inputs shared (checked in debug builds, so a plan that lets two
/// threads at the same node, or a node at an input before it is finished, panics there).
///
/// Feedback (delayed) inputs are read from the reader's history ring, raw: the owner
/// writes this chunk's samples while readers read the ones `CHUNK` samples back, two
/// disjoint parts of one ring (it holds `2 * CHUNK` samples and chunks are at most `CHUNK`
/// long), which no borrow of the whole ring could express.
///
/// # Safety
/// No other thread runs node `i` now, and every non-delayed input of `i` has finished this
/// chunk and is not being written: what the plan's order (serially) or the task
/// dependencies (in parallel) guarantee.
pub(crate) unsafe fn run_node(a: Arena, i: usize, ctx: &ChunkCtx, stats: &mut RenderStats) {
    let len = ctx.block.len;
    let position = ctx.block.start_sample;
    let node_inputs: &[(usize, bool)] = &a.inputs[i];
    let read = |slot: usize| -> nodes::InputRef<'_> {
        let Some(&(j, delayed)) = node_inputs.get(slot) else {
            return nodes::InputRef::empty();
        };
        let stereo = a.channels[j] == 2;
        if delayed {
            if let Some(h) = &a.history[j] {
                let start = ((position + HISTORY as u64 - CHUNK as u64) % HISTORY as u64) as usize;
                // SAFETY: `start + len <= 2 * HISTORY` (the ring's length); the owner writes
                // only this chunk's samples, disjoint from these (see above).
                let left = unsafe { std::slice::from_raw_parts(h.ptr[0].add(start), len) };
                let right = if stereo {
                    // SAFETY: as for the left channel.
                    unsafe { std::slice::from_raw_parts(h.ptr[1].add(start), len) }
                } else {
                    left
                };
                return nodes::InputRef::slices(left, right, stereo);
            }
        }
        // SAFETY: input `j` has finished this chunk and nothing writes it (the contract).
        nodes::InputRef::buffer(unsafe { a.buffers[j].read() }, len, stereo)
    };
    let node_ctx = nodes::NodeCtx {
        block: &ctx.block,
        clock: ctx.clock,
        externals: ctx.externals,
    };
    // SAFETY: only this call runs node `i`, so its state and buffer are its own (the contract).
    let (mut own_borrow, mut node_borrow) = unsafe { (a.buffers[i].write(), a.nodes[i].write()) };
    let own: &mut [Vec<f32>; 2] = &mut own_borrow;
    node_borrow.process(&node_ctx, node_inputs.len(), &read, own, len, stats);
    if let Some(h) = &a.history[i] {
        // Nothing non-finite goes round a feedback loop.
        for ch in own.iter_mut() {
            for x in ch.iter_mut().take(len) {
                if !x.is_finite() {
                    *x = 0.0;
                    stats.nans_replaced += 1;
                }
            }
        }
        for (c, ptr) in h.ptr.iter().enumerate() {
            let src = if own[c].is_empty() { &own[0] } else { &own[c] };
            for (s, x) in src.iter().take(len).enumerate() {
                let p = ((position + s as u64) % HISTORY as u64) as usize;
                // SAFETY: `p + HISTORY < 2 * HISTORY`; only this node writes its ring, and
                // readers read the part `CHUNK` samples back (see above).
                unsafe {
                    ptr.add(p).write(*x);
                    ptr.add(p + HISTORY).write(*x);
                }
            }
        }
    }
}

/// Per-task stats slots, shared with worker threads for one round.
pub(crate) struct TaskStats(*mut RenderStats);

// SAFETY: every task writes only its own slot (see `process_chunk_parallel`).
unsafe impl Sync for TaskStats {}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> Program {
        let config = RenderConfig {
            sample_rate: 48_000.0,
            default_cps: 0.5,
        };
        let library = Arc::new(SampleLibrary::empty(48_000.0));
        Program::from_source("out: saw 110 # lpf 800 0.7", config, &library).unwrap()
    }

    /// A node whose first input is read this chunk (not through a feedback delay).
    fn reader(p: &Program) -> (usize, usize) {
        p.order
            .iter()
            .find_map(|&i| {
                let (j, delayed) = *p.inputs[i].first()?;
                (!delayed && !p.is_const[i] && !p.skip[i]).then_some((i, j))
            })
            .expect("a node with an input")
    }

    fn run(p: &Program, i: usize) {
        let ctx = Program::chunk_ctx(p.clock, p.cps, p.sample_rate, p.position, &p.externals, 64);
        let mut stats = RenderStats::default();
        // SAFETY: one thread; what a test holds besides is what the borrow check catches.
        unsafe { run_node(arena!(p), i, &ctx, &mut stats) };
    }

    #[test]
    fn a_node_runs_when_nothing_else_holds_its_buffers() {
        let p = program();
        let (i, _) = reader(&p);
        run(&p, i);
    }

    /// A plan that ran a node while another thread still wrote its input would race; the
    /// borrow turns that into a panic (debug builds, which the tests are).
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "already mutably borrowed")]
    fn reading_an_input_that_is_being_written_panics() {
        let p = program();
        let (i, j) = reader(&p);
        // SAFETY: the run below is expected to panic before it reads.
        let _writer = unsafe { p.buffers[j].write() };
        run(&p, i);
    }

    /// Two threads at the same node would race on its state; the borrow panics instead.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "already")]
    fn running_a_node_twice_at_once_panics() {
        let p = program();
        let (i, _) = reader(&p);
        // SAFETY: as above.
        let _other = unsafe { p.nodes[i].write() };
        run(&p, i);
    }
}
