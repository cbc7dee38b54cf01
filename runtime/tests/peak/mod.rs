//! The most bytes live at once while 200 MB go up or come down: a counting global allocator,
//! for a test binary of its own (one test, so that nothing else allocates meanwhile). Used by
//! the runtime's memory test and by golden-check's, which includes this file by path.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::AsyncReadExt;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let grown = new_size - layout.size();
            let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The bytes each transfer moves.
pub const SIZE: u64 = 200 * 1024 * 1024;

/// At most this much more may be live at once than before a transfer began.
pub const BOUND: usize = 16 * 1024 * 1024;

/// Runs `transfer` and returns its result and the most bytes live meanwhile, above the start.
pub async fn peak_of<T>(transfer: impl std::future::Future<Output = T>) -> (T, usize) {
    let start = LIVE.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    let out = transfer.await;
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(start))
}

/// [`SIZE`] bytes of `x`, produced as they are read.
pub fn source() -> impl tokio::io::AsyncRead + Send + 'static {
    tokio::io::repeat(b'x').take(SIZE)
}
