//! A tiny HTTP/1.1 server on 127.0.0.1 for the client measurements: keep-alive, a fixed
//! response per `METHOD path`, and a bound on how many requests it answers before it stops.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// A running server; [`Server::stop`] (or dropping it) shuts it down.
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    served: Arc<AtomicUsize>,
    shutdown: Arc<Notify>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on its own thread that answers `routes` (`"POST /api/orders"` -> JSON
    /// body) with `200`, anything else with `404`, and at most `max_requests` requests in all.
    pub fn start(routes: Vec<(String, Vec<u8>)>, max_requests: usize) -> Server {
        let routes = routes
            .into_iter()
            .map(|(key, body)| (key, 200, body))
            .collect();
        Server::start_with_status(routes, max_requests)
    }

    /// [`Server::start`] with a status of its own for each route (`"GET /ping"`, `201`, body).
    pub fn start_with_status(routes: Vec<(String, u16, Vec<u8>)>, max_requests: usize) -> Server {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let base_url = format!("http://{}", std_listener.local_addr().expect("address"));
        let served = Arc::new(AtomicUsize::new(0));
        let shutdown = Arc::new(Notify::new());
        let routes: Arc<HashMap<String, (u16, Vec<u8>)>> = Arc::new(
            routes
                .into_iter()
                .map(|(key, status, body)| (key, (status, body)))
                .collect(),
        );
        let thread = {
            let served = served.clone();
            let shutdown = shutdown.clone();
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(std_listener).expect("listener");
                    loop {
                        tokio::select! {
                            _ = shutdown.notified() => break,
                            accepted = listener.accept() => {
                                let Ok((stream, _)) = accepted else { break };
                                let _ = stream.set_nodelay(true);
                                tokio::spawn(serve(stream, routes.clone(), served.clone(), max_requests));
                            }
                        }
                    }
                });
            })
        };
        Server {
            base_url,
            served,
            shutdown,
            thread: Some(thread),
        }
    }

    /// How many requests were answered.
    pub fn served(&self) -> usize {
        self.served.load(Ordering::Relaxed)
    }

    /// Stops accepting and waits for the server thread.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.shutdown.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Answers requests on one keep-alive connection until the client closes it or the bound is hit.
async fn serve(
    stream: TcpStream,
    routes: Arc<HashMap<String, (u16, Vec<u8>)>>,
    served: Arc<AtomicUsize>,
    max_requests: usize,
) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let key = format!(
            "{} {}",
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default()
        );
        let mut length = 0usize;
        loop {
            line.clear();
            if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        body.resize(length, 0);
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if served.fetch_add(1, Ordering::Relaxed) >= max_requests {
            return;
        }
        let response = match routes.get(&key) {
            Some((status, json)) => {
                let reason = match status {
                    201 => "Created",
                    _ => "OK",
                };
                let mut head = format!(
                    "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    json.len()
                )
                .into_bytes();
                head.extend_from_slice(json);
                head
            }
            None => b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".to_vec(),
        };
        if write.write_all(&response).await.is_err() {
            return;
        }
    }
}
