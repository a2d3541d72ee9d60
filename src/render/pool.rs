//! A persistent worker pool for rendering a chunk's tasks in parallel.
//!
//! Threading contract: the pool is created when the engine is activated (never in
//! `process`) and shut down when dropped. Rendering a chunk (`WorkerPool::run`) allocates
//! nothing and takes no lock: a round is published through an atomic pointer, ready tasks
//! go through a lock-free bounded queue, and each task's dependencies are counted with
//! atomics. The calling (audio) thread works too. A thread that finishes a task runs the
//! first successor that became ready itself and queues the rest. Idle workers spin for a
//! bounded time, then park; a round wakes no more parked workers than it has ready tasks.
//! The only waits on the calling thread are for tasks that other threads are running.

use std::hint::spin_loop;
use std::ptr;
use std::sync::atomic::{
    AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering::Relaxed, Ordering::SeqCst,
};
use std::sync::{Arc, OnceLock};
use std::thread::{self, JoinHandle, Thread};
use std::time::{Duration, Instant};

use crossbeam_queue::ArrayQueue;

/// How long an idle worker spins before parking, in spin-loop iterations (about a
/// millisecond here: longer than the gap between blocks at small buffer sizes, so a busy
/// program's workers rarely park).
pub const SPIN_ITERATIONS: u32 = 40_000;

/// How long before an expected round a napping worker wakes up to spin.
const EARLY_WAKE: Duration = Duration::from_micros(400);

/// Rounds closer together than this belong to the same host block.
const SHORT_GAP: Duration = Duration::from_millis(1);

/// Round periods longer than this (50 ms) are not treated as a steady audio callback.
const MAX_PREDICTED_PERIOD: Duration = Duration::from_millis(50);

/// One round: the tasks of one chunk.
pub struct Round<'a> {
    /// Runs task `t` (may be called from any thread, once per task).
    pub run: &'a (dyn Fn(usize) + Sync),
    pub successors: &'a [Vec<usize>],
    /// Remaining dependencies per task, set by the caller before the round.
    pub deps: &'a [AtomicUsize],
    /// Ready tasks, filled by the caller with the tasks that have no dependencies.
    pub queue: &'a ArrayQueue<usize>,
    /// Tasks not finished yet, set by the caller to the number of tasks.
    pub remaining: &'a AtomicUsize,
}

struct Shared {
    epoch: AtomicU64,
    job: AtomicPtr<Round<'static>>,
    /// Workers currently inside a round.
    active: AtomicUsize,
    shutdown: AtomicBool,
    parked: Vec<AtomicBool>,
    /// Tasks run by worker threads and by the calling thread (the "worker use" a host shows).
    worker_tasks: AtomicU64,
    caller_tasks: AtomicU64,
    threads: OnceLock<Vec<Thread>>,
}

pub struct WorkerPool {
    shared: Arc<Shared>,
    handles: Vec<JoinHandle<()>>,
}

impl WorkerPool {
    /// Starts `workers` threads named `phonon-worker-N`.
    pub fn new(workers: usize) -> WorkerPool {
        let shared = Arc::new(Shared {
            epoch: AtomicU64::new(0),
            job: AtomicPtr::new(ptr::null_mut()),
            active: AtomicUsize::new(0),
            shutdown: AtomicBool::new(false),
            parked: (0..workers).map(|_| AtomicBool::new(false)).collect(),
            worker_tasks: AtomicU64::new(0),
            caller_tasks: AtomicU64::new(0),
            threads: OnceLock::new(),
        });
        let mut handles = Vec::with_capacity(workers);
        for me in 0..workers {
            let s = shared.clone();
            let handle = thread::Builder::new()
                .name(format!("phonon-worker-{me}"))
                .spawn(move || worker(&s, me))
                .expect("spawning a worker thread");
            handles.push(handle);
        }
        let _ = shared
            .threads
            .set(handles.iter().map(|h| h.thread().clone()).collect());
        WorkerPool { shared, handles }
    }

    /// Worker threads (the calling thread works too, so `workers() + 1` run a round).
    pub fn workers(&self) -> usize {
        self.handles.len()
    }

    /// Tasks run so far by the workers and by the calling thread.
    pub fn task_counts(&self) -> (u64, u64) {
        (
            self.shared.worker_tasks.load(Relaxed),
            self.shared.caller_tasks.load(Relaxed),
        )
    }

    /// Default size: one worker per core but one (the audio thread is the other).
    pub fn default_workers() -> usize {
        thread::available_parallelism()
            .map_or(1, |n| n.get())
            .saturating_sub(1)
    }

    /// Runs a round to completion, working on it from this thread too.
    pub fn run(&self, round: &Round) {
        let s = &*self.shared;
        // SAFETY of the lifetime erasure: the pointer is cleared below, and this function
        // only returns once no worker is inside the round any more.
        let erased = round as *const Round as *mut Round<'static>;
        s.job.store(erased, SeqCst);
        s.epoch.fetch_add(1, SeqCst);
        self.wake(round.queue.len().saturating_sub(1));
        work(round, s, &s.caller_tasks);
        s.job.store(ptr::null_mut(), SeqCst);
        while s.active.load(SeqCst) != 0 {
            spin_loop();
        }
    }

    /// Unparks up to `n` parked workers.
    fn wake(&self, n: usize) {
        wake(&self.shared, n);
    }
}

fn wake(s: &Shared, mut n: usize) {
    if n == 0 {
        return;
    }
    let Some(threads) = s.threads.get() else {
        return;
    };
    for (k, flag) in s.parked.iter().enumerate() {
        if n == 0 {
            break;
        }
        if flag.load(SeqCst) {
            threads[k].unpark();
            n -= 1;
        }
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, SeqCst);
        if let Some(threads) = self.shared.threads.get() {
            for t in threads {
                t.unpark();
            }
        }
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}

fn worker(s: &Shared, me: usize) {
    // Workers compute with the same floating-point mode as the audio thread in `process`
    // (denormals flushed), or their samples would differ.
    let _denormals = super::DenormalGuard::new();
    let mut seen = s.epoch.load(SeqCst);
    // Audio callbacks come at a steady period. Waking a parked thread costs tens of µs
    // here, often more than a round, so a worker that has seen rounds arrive regularly
    // sleeps until just before the next one is due and spins from there.
    let mut last_start: Option<Instant> = None;
    let mut period: Option<Duration> = None;
    loop {
        let mut spins = 0;
        let mut napped = false;
        loop {
            if s.shutdown.load(SeqCst) {
                return;
            }
            let e = s.epoch.load(SeqCst);
            if e != seen {
                seen = e;
                break;
            }
            if spins < SPIN_ITERATIONS {
                spins += 1;
                spin_loop();
                continue;
            }
            // Nap until shortly before the next round is expected, then spin again.
            if let (false, Some(start), Some(p)) = (napped, last_start, period) {
                napped = true;
                let wake_at = start + p;
                let now = Instant::now();
                if wake_at > now + EARLY_WAKE {
                    // Parked as far as `wake` knows: a round that comes early wakes us.
                    s.parked[me].store(true, SeqCst);
                    if s.epoch.load(SeqCst) == seen && !s.shutdown.load(SeqCst) {
                        thread::park_timeout(wake_at - now - EARLY_WAKE);
                    }
                    s.parked[me].store(false, SeqCst);
                }
                spins = 0;
                continue;
            }
            s.parked[me].store(true, SeqCst);
            if s.epoch.load(SeqCst) == seen && !s.shutdown.load(SeqCst) {
                thread::park();
            }
            s.parked[me].store(false, SeqCst);
            spins = 0;
            napped = false;
        }
        // The period between rounds that came after a nap-length pause: a host block
        // rendered in several chunks gives quick rounds in between, which do not count.
        let now = Instant::now();
        if let Some(prev) = last_start {
            let gap = now - prev;
            if gap > SHORT_GAP {
                period = (gap < MAX_PREDICTED_PERIOD).then(|| match period {
                    Some(p) => (p * 7 + gap) / 8,
                    None => gap,
                });
                last_start = Some(now);
            }
        } else {
            last_start = Some(now);
        }
        // Announce ourselves before looking at the job, so `run` waits for us.
        s.active.fetch_add(1, SeqCst);
        let job = s.job.load(SeqCst);
        if !job.is_null() {
            // SAFETY: `run` keeps the round alive until `active` drops to zero.
            work(unsafe { &*job }, s, &s.worker_tasks);
        }
        s.active.fetch_sub(1, SeqCst);
    }
}

/// Takes ready tasks until every task of the round has finished.
fn work(round: &Round, s: &Shared, counter: &AtomicU64) {
    loop {
        if let Some(t) = round.queue.pop() {
            let n = run_chain(round, s, t);
            counter.fetch_add(n, Relaxed);
        } else if round.remaining.load(SeqCst) == 0 {
            return;
        } else {
            spin_loop();
        }
    }
}

/// Runs task `t`, then the first successor it made ready, and so on; other successors
/// that became ready are queued (waking a parked worker for each).
fn run_chain(round: &Round, s: &Shared, mut t: usize) -> u64 {
    let mut ran = 0;
    loop {
        (round.run)(t);
        ran += 1;
        let mut next = None;
        for &succ in &round.successors[t] {
            if round.deps[succ].fetch_sub(1, SeqCst) == 1 {
                if next.is_none() {
                    next = Some(succ);
                } else if round.queue.push(succ).is_ok() {
                    wake(s, 1);
                }
            }
        }
        // Count this task finished only after its successors are released, so a thread
        // never sees `remaining == 0` while work is still to be queued.
        round.remaining.fetch_sub(1, SeqCst);
        match next {
            Some(n) => t = n,
            None => return ran,
        }
    }
}
