//! A global allocator that counts live bytes, for peak memory measured in-process.
//!
//! The measurement binaries install [`CountingAlloc`] as their `#[global_allocator]`. Counting is
//! off until [`track`] turns it on, so timings taken outside [`track`] pay one relaxed load per
//! allocation and nothing else.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

/// The system allocator, counting live bytes and their peak while [`track`] runs.
pub struct CountingAlloc;

static ON: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
/// Whether a [`CountingAlloc`] is installed: [`track`] reports `None` otherwise.
static INSTALLED: AtomicBool = AtomicBool::new(false);

fn added(bytes: usize) {
    if ON.load(Ordering::Relaxed) {
        INSTALLED.store(true, Ordering::Relaxed);
        let live = LIVE.fetch_add(bytes as isize, Ordering::Relaxed) + bytes as isize;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn removed(bytes: usize) {
    if ON.load(Ordering::Relaxed) {
        LIVE.fetch_sub(bytes as isize, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping only touches atomics.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        added(layout.size());
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        added(layout.size());
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        removed(layout.size());
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        removed(layout.size());
        added(new_size);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` and returns its result with the peak of bytes allocated during it and not yet freed
/// (memory that was live before `f` started is not counted). `None` for the peak when no
/// [`CountingAlloc`] is installed (or `f` allocated nothing). Single-threaded use only.
pub fn track<T>(f: impl FnOnce() -> T) -> (T, Option<usize>) {
    LIVE.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    ON.store(true, Ordering::SeqCst);
    let value = f();
    ON.store(false, Ordering::SeqCst);
    let peak = PEAK.load(Ordering::SeqCst);
    let installed = INSTALLED.load(Ordering::SeqCst);
    (value, (installed && peak > 0).then_some(peak as usize))
}
