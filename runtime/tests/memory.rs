//! Memory stays bounded while 200 MB go up and 200 MB come down: a counting allocator
//! (`peak`) records the most bytes live at once (in a test binary of its own, one test, so that
//! nothing else allocates meanwhile).

mod common;
mod peak;

use bytes::Bytes;
use common::{answer, answer_stream, builder, serve};
use http_body_util::BodyExt;
use ordergen_runtime::{
    no_error_body, BinaryBody, ByteStream, Error, FilePart, HttpClient, Method, Multipart, Response,
};
use peak::{peak_of, source, BOUND, SIZE};

/// As generated methods send and read the bodies.
async fn upload_multipart(http: &HttpClient, file: FilePart) -> Result<Response<String>, Error> {
    let request = http
        .request(Method::POST, "/upload")
        .multipart(Multipart::new().text("note", "big").file("file", file))?;
    http.send(request).await?.text(no_error_body)
}

async fn upload_binary(http: &HttpClient, body: BinaryBody) -> Result<Response<String>, Error> {
    let request = http
        .request(Method::PUT, "/upload")
        .binary(body, "application/octet-stream")?;
    http.send(request).await?.text(no_error_body)
}

async fn download(http: &HttpClient) -> Result<Response<ByteStream>, Error> {
    let request = http.request(Method::GET, "/download");
    http.send_streaming(request)
        .await?
        .bytes_stream(no_error_body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_megabytes_up_and_down_in_bounded_memory() {
    let base = serve(
        |request: hyper::Request<hyper::body::Incoming>| async move {
            if request.uri().path() == "/download" {
                // The same 64 KiB, shared, again and again: the server holds no more than that.
                let chunk = Bytes::from(vec![b'y'; 64 * 1024]);
                let count = SIZE as usize / chunk.len();
                let chunks = futures_util::stream::iter((0..count).map(move |_| Ok(chunk.clone())));
                return answer_stream(200, &[], chunks);
            }
            // Counts what arrives, holding one frame at a time.
            let mut body = request.into_body();
            let mut received = 0usize;
            while let Some(frame) = body.frame().await {
                if let Ok(data) = frame.unwrap().into_data() {
                    received += data.len();
                }
            }
            answer(200, &[("content-type", "text/plain")], received.to_string())
        },
    )
    .await;
    let http = builder(&base)
        .max_response_bytes(256 * 1024 * 1024)
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap()
        .0;

    let (received, peak) = peak_of(upload_binary(&http, BinaryBody::reader(source()))).await;
    assert_eq!(received.unwrap().body, SIZE.to_string());
    assert!(
        peak < BOUND,
        "a 200 MB binary upload held {peak} bytes at once"
    );

    let file = FilePart::reader(source()).file_name("big.bin");
    let (received, peak) = peak_of(upload_multipart(&http, file)).await;
    // The file and the parts' framing.
    let received: u64 = received.unwrap().body.parse().unwrap();
    assert!(received > SIZE && received < SIZE + 1024, "{received}");
    assert!(
        peak < BOUND,
        "a 200 MB multipart upload held {peak} bytes at once"
    );

    let (read, peak) = peak_of(async {
        let mut body = download(&http).await.unwrap().into_body();
        let mut read = 0usize;
        while let Some(chunk) = body.chunk().await {
            read += chunk.unwrap().len();
        }
        read
    })
    .await;
    assert_eq!(read as u64, SIZE);
    assert!(peak < BOUND, "a 200 MB download held {peak} bytes at once");

    // The counter sees a body held whole: reading it so breaks the bound.
    let (whole, peak) = peak_of(async {
        let request = http.request(Method::GET, "/download");
        http.send::<std::convert::Infallible>(request)
            .await
            .unwrap()
            .bytes(no_error_body)
            .unwrap()
    })
    .await;
    assert_eq!(whole.body.len() as u64, SIZE);
    assert!(peak > SIZE as usize, "{peak}");
}
