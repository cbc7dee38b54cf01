//! A generated client moves 200 MB up (a binary body and a multipart file, each read from a
//! reader as it is sent) and 200 MB down (the `<op>_stream` download) in bounded memory: a
//! counting allocator records the most bytes live at once (in a test binary of its own, one
//! test, so that nothing else allocates meanwhile). The server is the runtime's test server,
//! which holds one frame at a time.

#[path = "../../../runtime/tests/common/mod.rs"]
mod common;
#[path = "../../../runtime/tests/peak/mod.rs"]
mod peak;

use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use common::{answer, answer_stream, serve};
use golden_check::media_types::{Client, UploadDocumentsParts};
use golden_check::runtime::{BinaryBody, FilePart};
use http_body_util::BodyExt;
use peak::{peak_of, source, BOUND, SIZE};

/// The body bytes the server received in the last request.
static RECEIVED: AtomicUsize = AtomicUsize::new(0);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_client_moves_two_hundred_megabytes_each_way_in_bounded_memory() {
    let base = serve(
        |request: hyper::Request<hyper::body::Incoming>| async move {
            if request.method() == hyper::Method::GET {
                // The same 64 KiB, shared, again and again.
                let chunk = Bytes::from(vec![b'y'; 64 * 1024]);
                let count = SIZE as usize / chunk.len();
                let chunks = futures_util::stream::iter((0..count).map(move |_| Ok(chunk.clone())));
                return answer_stream(200, &[("content-type", "application/pdf")], chunks);
            }
            let mut body = request.into_body();
            let mut received = 0usize;
            while let Some(frame) = body.frame().await {
                if let Ok(data) = frame.unwrap().into_data() {
                    received += data.len();
                }
            }
            RECEIVED.store(received, Ordering::Relaxed);
            answer(204, &[], Bytes::new())
        },
    )
    .await;
    let client = Client::builder(base)
        .max_response_bytes(256 * 1024 * 1024)
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap();

    let (sent, peak) = peak_of(client.upload_avatar(BinaryBody::reader(source()))).await;
    sent.unwrap();
    assert_eq!(RECEIVED.load(Ordering::Relaxed) as u64, SIZE);
    assert!(
        peak < BOUND,
        "a 200 MB binary upload held {peak} bytes at once"
    );

    let parts = UploadDocumentsParts {
        note: "big".into(),
        pages: None,
        kind: None,
        tags: None,
        meta: None,
        file: FilePart::reader(source()).file_name("big.bin"),
        attachments: Vec::new(),
    };
    let (sent, peak) = peak_of(client.upload_documents(parts)).await;
    sent.unwrap();
    // The file and the parts' framing.
    let received = RECEIVED.load(Ordering::Relaxed) as u64;
    assert!(received > SIZE && received < SIZE + 1024, "{received}");
    assert!(
        peak < BOUND,
        "a 200 MB multipart upload held {peak} bytes at once"
    );

    let (read, peak) = peak_of(async {
        let mut body = client.download_report_stream(1).await.unwrap().into_body();
        let mut read = 0usize;
        while let Some(chunk) = body.chunk().await {
            read += chunk.unwrap().len();
        }
        read
    })
    .await;
    assert_eq!(read as u64, SIZE);
    assert!(peak < BOUND, "a 200 MB download held {peak} bytes at once");

    // The counter sees a body held whole: the method that reads it so breaks the bound.
    let (whole, peak) = peak_of(client.download_report(1)).await;
    assert_eq!(whole.unwrap().body.len() as u64, SIZE);
    assert!(peak > SIZE as usize, "{peak}");
}
