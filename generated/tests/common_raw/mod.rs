//! A raw client (the runtime's `HttpClient` without a generated API on top) and a scripted
//! HTTP/1.1 server on 127.0.0.1, for tests of how response bodies are read.

#![allow(dead_code)]

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use generated::runtime::{
    no_error_body, ApiClient, BodyError, ClientBuilder, Error, HttpClient, Method, RetryPolicy,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub struct Raw(pub HttpClient);

impl ApiClient for Raw {
    fn from_http(http: HttpClient) -> Self {
        Raw(http)
    }
}

pub fn raw(base: &str, limit: usize, retry: RetryPolicy) -> Raw {
    ClientBuilder::<Raw>::new(base)
        .retry_policy(retry)
        .timeout(Duration::from_secs(5))
        .max_response_bytes(limit)
        .build()
        .unwrap()
}

/// Sends `method /x` and returns the status and the body as received.
pub async fn call(client: &Raw, method: Method) -> Result<Bytes, Error> {
    let request = client.0.request(method, "/x");
    client
        .0
        .send::<Infallible>(request)
        .await?
        .decode_with(no_error_body, |_, body| {
            Ok::<_, BodyError>(Bytes::copy_from_slice(body))
        })
        .map(|response| response.body)
}

/// What the server does on each connection, once it has read the request head.
#[derive(Clone, Debug)]
pub enum Step {
    Write(Vec<u8>),
    Pause(u64),
    /// Keeps the connection open, silent, for that many milliseconds.
    Hold(u64),
}

pub fn head(extra: &str) -> Step {
    Step::Write(
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n{extra}\r\n")
            .into_bytes(),
    )
}

/// A server that plays `script` on every connection, then closes it; counts the requests.
pub async fn scripted_server(script: Vec<Step>) -> (String, Arc<AtomicUsize>) {
    scripted_server_seq(vec![script]).await
}

/// A server that plays `scripts[n]` on its `n`th connection (the last one on any later one).
pub async fn scripted_server_seq(scripts: Vec<Vec<Step>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = seen.clone();
            let n = seen.load(Ordering::SeqCst);
            let script = scripts[n.min(scripts.len() - 1)].clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                let mut read = 0;
                // The requests in these tests have no body: read to the end of the head.
                loop {
                    let Ok(n) = socket.read(&mut buffer[read..]).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    read += n;
                    if buffer[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
                seen.fetch_add(1, Ordering::SeqCst);
                for step in script {
                    match step {
                        Step::Write(bytes) => {
                            if socket.write_all(&bytes).await.is_err() {
                                return;
                            }
                            let _ = socket.flush().await;
                        }
                        Step::Pause(ms) | Step::Hold(ms) => {
                            tokio::time::sleep(Duration::from_millis(ms)).await
                        }
                    }
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{address}"), requests)
}
