//! A global allocator that counts allocations and deallocations while armed, for the tests
//! that prove the audio path allocates nothing. Each test binary that uses it declares
//! `#[global_allocator] static GLOBAL: CountingAlloc = CountingAlloc;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct CountingAlloc;

thread_local! {
    static ARMED_HERE: Cell<bool> = const { Cell::new(false) };
}
/// Counts on every thread (for worker pools), not just the armed one.
static ARMED_EVERYWHERE: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn armed() -> bool {
    ARMED_EVERYWHERE.load(Ordering::SeqCst) || ARMED_HERE.try_with(|a| a.get()).unwrap_or(false)
}

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if armed() {
            COUNT.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if armed() {
            COUNT.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Runs `f` with counting armed on this thread only; returns what it counted.
pub fn count_here<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = COUNT.load(Ordering::SeqCst);
    ARMED_HERE.with(|a| a.set(true));
    let r = f();
    ARMED_HERE.with(|a| a.set(false));
    (r, COUNT.load(Ordering::SeqCst) - before)
}

/// Runs `f` with counting armed on every thread; returns what it counted. Only for test
/// binaries that run a single test (others would be counted too).
pub fn count_everywhere<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = COUNT.load(Ordering::SeqCst);
    ARMED_EVERYWHERE.store(true, Ordering::SeqCst);
    let r = f();
    ARMED_EVERYWHERE.store(false, Ordering::SeqCst);
    (r, COUNT.load(Ordering::SeqCst) - before)
}
