//! How much reading a body allocates when its announced `Content-Length` lies. A counting
//! allocator records the largest single allocation (in a test binary of its own, so that it
//! does not disturb other tests).

mod common_raw;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use common_raw::{call, head, raw, scripted_server, Step};
use generated::runtime::{Error, Method, RetryPolicy};

struct Largest;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Largest = Largest;

/// Reads a body announced as `announced` bytes of which two small pieces arrive before the
/// connection closes; returns the error and the largest allocation made meanwhile.
async fn largest_allocation(announced: usize, limit: usize) -> (Error, usize) {
    let (base, _) = scripted_server(vec![
        head(&format!("content-length: {announced}\r\n")),
        Step::Write(vec![b'a'; 100]),
        Step::Pause(20),
        Step::Write(vec![b'b'; 100]),
        Step::Pause(20),
    ])
    .await;
    let client = raw(&base, limit, RetryPolicy::none());
    LARGEST.store(0, Ordering::Relaxed);
    let err = call(&client, Method::GET).await.unwrap_err();
    (err, LARGEST.load(Ordering::Relaxed))
}

/// 200 bytes arrive; the client must not allocate for the length the header claims: 32 MiB
/// under the default limit, or 1 GiB under a 1 GiB limit (for large downloads). One test, so
/// that no other call allocates meanwhile in this binary.
#[tokio::test]
async fn a_false_length_does_not_size_the_buffer() {
    let default_limit = 32 * 1024 * 1024; // the builder's default `max_response_bytes`
    for (announced, limit) in [(default_limit, default_limit), (1 << 30, 1 << 30)] {
        let (err, largest) = largest_allocation(announced, limit).await;
        assert!(
            matches!(
                err,
                Error::Transport {
                    status: Some(_),
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            largest <= 1 << 20,
            "largest allocation {largest} bytes for a 200-byte body announced as {announced}"
        );
    }
}
