//! The cell that holds each node's runtime state and output buffer while a chunk renders
//! on several threads.
//!
//! The plan guarantees that a node runs on one thread at a time and that its inputs are
//! finished before it reads them. In debug builds, which is what the tests run, the cell
//! is an [`AtomicRefCell`] and every borrow is checked, so a wrong plan panics in a test
//! instead of racing. Release builds skip the check, because it measurably costs: in one
//! session, `phonon bench` medians per block were, unchecked / checked,
//! `assets/bench/stress16.ph --block 128` (49 nodes, one thread) 13.3 / 14.9 µs (+12%), and
//! `assets/bench/heavy64.ph --threads 2 --parallel always` 65.5 / 75.5 µs (+15%); the
//! unchecked build measured the same as the raw pointers it replaced (13.3, 66.2 µs).

#[cfg(debug_assertions)]
use atomic_refcell::AtomicRefCell;
#[cfg(not(debug_assertions))]
use std::cell::UnsafeCell;

/// A node's state or buffer, shared by the threads that render a chunk.
pub struct NodeCell<T> {
    #[cfg(debug_assertions)]
    inner: AtomicRefCell<T>,
    #[cfg(not(debug_assertions))]
    inner: UnsafeCell<T>,
}

/// A shared borrow of a [`NodeCell`] (the checked borrow in debug builds).
pub struct Ref<'a, T> {
    #[cfg(debug_assertions)]
    inner: atomic_refcell::AtomicRef<'a, T>,
    #[cfg(not(debug_assertions))]
    inner: &'a T,
}

/// An exclusive borrow of a [`NodeCell`] (the checked borrow in debug builds).
pub struct RefMut<'a, T> {
    #[cfg(debug_assertions)]
    inner: atomic_refcell::AtomicRefMut<'a, T>,
    #[cfg(not(debug_assertions))]
    inner: &'a mut T,
}

impl<T> std::ops::Deref for Ref<'_, T> {
    type Target = T;
    // `inner` is a guard in debug builds and a reference in release builds.
    #[allow(clippy::needless_borrow)]
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> std::ops::Deref for RefMut<'_, T> {
    type Target = T;
    // `inner` is a guard in debug builds and a reference in release builds.
    #[allow(clippy::needless_borrow)]
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> std::ops::DerefMut for RefMut<'_, T> {
    #[allow(clippy::needless_borrow)]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

// SAFETY: threads reach the value only through `read` and `write`, whose callers keep
// every write exclusive (checked in debug builds); `T: Send + Sync` makes that sharing
// sound.
unsafe impl<T: Send + Sync> Sync for NodeCell<T> {}

impl<T> NodeCell<T> {
    pub fn new(value: T) -> NodeCell<T> {
        NodeCell {
            #[cfg(debug_assertions)]
            inner: AtomicRefCell::new(value),
            #[cfg(not(debug_assertions))]
            inner: UnsafeCell::new(value),
        }
    }

    /// The value, when nothing else can reach it.
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
    }

    /// The value, read while no thread renders (off the audio thread, between chunks).
    pub fn get(&self) -> Ref<'_, T> {
        // SAFETY: called only while no chunk renders, so nothing writes the value.
        unsafe { self.read() }
    }

    /// A shared borrow.
    ///
    /// # Safety
    /// Nothing writes the value while the borrow lives (checked in debug builds).
    pub unsafe fn read(&self) -> Ref<'_, T> {
        Ref {
            #[cfg(debug_assertions)]
            inner: self.inner.borrow(),
            // SAFETY: the caller's contract.
            #[cfg(not(debug_assertions))]
            inner: unsafe { &*self.inner.get() },
        }
    }

    /// An exclusive borrow.
    ///
    /// # Safety
    /// Nothing else reads or writes the value while the borrow lives (checked in debug
    /// builds).
    pub unsafe fn write(&self) -> RefMut<'_, T> {
        RefMut {
            #[cfg(debug_assertions)]
            inner: self.inner.borrow_mut(),
            // SAFETY: the caller's contract.
            #[cfg(not(debug_assertions))]
            inner: unsafe { &mut *self.inner.get() },
        }
    }
}
