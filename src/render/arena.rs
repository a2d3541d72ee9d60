//! One chunk of rendering: the per-node state as raw pointers for the chunk, each node run in order, serially or as tasks on the pool.

use super::*;

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

    /// Raw access to the per-node state for one chunk (see [`run_node`]).
    pub(super) fn arena(&mut self) -> Arena {
        Arena {
            nodes: self.nodes.as_mut_ptr(),
            buffers: self.buffers.as_mut_ptr(),
            history: self.history.as_ptr(),
            channels: self.channels.as_ptr(),
            inputs: self.inputs.as_ptr(),
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
        let arena = self.arena();
        let ctx = Self::chunk_ctx(
            self.clock,
            self.cps,
            self.sample_rate,
            self.position,
            &self.externals,
            len,
        );
        let mut stats = RenderStats::default();
        for &i in &self.order {
            if self.is_const[i] || self.skip[i] {
                continue; // constants are filled at build time; pass-throughs are read through
            }
            // SAFETY: one thread runs the nodes in plan order, so every input is finished
            // and nothing else touches node `i`.
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
        let arena = self.arena();
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

/// Raw pointers to a program's per-node state, valid for one chunk while the program is
/// borrowed mutably by `process`.
#[derive(Clone, Copy)]
pub(crate) struct Arena {
    pub(super) nodes: *mut RtNode,
    pub(super) buffers: *mut [Vec<f32>; 2],
    pub(super) history: *const Option<History>,
    pub(super) channels: *const usize,
    pub(super) inputs: *const Vec<(usize, bool)>,
}

// SAFETY: an `Arena` is only used during a chunk, under `run_node`'s contract.
unsafe impl Send for Arena {}
unsafe impl Sync for Arena {}

/// What every node of a chunk reads.
pub(crate) struct ChunkCtx<'a> {
    pub(super) block: BlockCtx,
    pub(super) clock: crate::clock::Clock,
    pub(super) externals: &'a nodes::Externals,
}

/// Renders node `i` for one chunk.
///
/// SAFETY: while this runs, no other thread touches node `i`'s runtime node, buffers or
/// history ring, and every non-delayed input of `i` has finished this chunk and is not
/// written by anyone. Delayed inputs are read from their history ring `CHUNK` samples back,
/// a part disjoint from the part their owner writes this chunk (the ring holds
/// `2 * CHUNK` samples and chunks are at most `CHUNK` long).
pub(crate) unsafe fn run_node(a: Arena, i: usize, ctx: &ChunkCtx, stats: &mut RenderStats) {
    let len = ctx.block.len;
    let position = ctx.block.start_sample;
    let node_inputs: &Vec<(usize, bool)> = unsafe { &*a.inputs.add(i) };
    let read = |slot: usize| -> nodes::InputRef<'_> {
        let (j, delayed) = node_inputs[slot];
        let stereo = unsafe { *a.channels.add(j) } == 2;
        if delayed {
            if let Some(h) = unsafe { &*a.history.add(j) } {
                let start = ((position + HISTORY as u64 - CHUNK as u64) % HISTORY as u64) as usize;
                // SAFETY: `start + len <= 2 * HISTORY`; the owner writes other samples.
                let left = unsafe { std::slice::from_raw_parts(h.ptr[0].add(start), len) };
                let right = if stereo {
                    unsafe { std::slice::from_raw_parts(h.ptr[1].add(start), len) }
                } else {
                    left
                };
                return nodes::InputRef {
                    left,
                    right,
                    stereo,
                };
            }
        }
        let buf: &[Vec<f32>; 2] = unsafe { &*a.buffers.add(j) };
        let left = &buf[0][..len];
        let right = if stereo { &buf[1][..len] } else { left };
        nodes::InputRef {
            left,
            right,
            stereo,
        }
    };
    let node_ctx = nodes::NodeCtx {
        block: &ctx.block,
        clock: ctx.clock,
        externals: ctx.externals,
    };
    let own: &mut [Vec<f32>; 2] = unsafe { &mut *a.buffers.add(i) };
    let node: &mut RtNode = unsafe { &mut *a.nodes.add(i) };
    node.process(&node_ctx, node_inputs.len(), &read, own, len, stats);
    if let Some(h) = unsafe { &*a.history.add(i) } {
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
                // SAFETY: `p + HISTORY < 2 * HISTORY`; only this node writes its ring.
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
