//! The client against a misbehaving server: retries exactly where repeating is safe, never a
//! second create once the server has received one, and every failure kept in the error.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated::quotevine::types::{Order, OrderRequest};
use generated::quotevine::Client;
use generated::runtime::{Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORDER: &str = "/relationships/7/orders/55/";
const ORDERS: &str = "/relationships/7/orders/";

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_elapsed: Duration::from_secs(5),
    }
}

fn client(base: &str, retry: RetryPolicy) -> Client {
    Client::builder(base)
        .api_key("test-key")
        .retry_policy(retry)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

fn order_request() -> OrderRequest {
    common::fixture_as("quotevine", "order_request.json")
}

fn order_json() -> serde_json::Value {
    serde_json::from_str(&common::fixture("quotevine", "order_response.json")).unwrap()
}

/// Answers with each template in turn, then keeps answering with the last one.
async fn sequence(server: &MockServer, verb: &str, route: &str, answers: Vec<ResponseTemplate>) {
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(move |_: &wiremock::Request| {
            let n = count.fetch_add(1, Ordering::SeqCst);
            answers[n.min(answers.len() - 1)].clone()
        })
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_get_is_retried_on_503_with_retry_after_and_then_succeeds() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![
            ResponseTemplate::new(503).insert_header("Retry-After", "0"),
            ResponseTemplate::new(200).set_body_json(order_json()),
        ],
    )
    .await;
    let response = client(&server.uri(), fast_retries())
        .get_order(7, 55)
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_put_is_retried_on_429_and_sends_the_same_body_each_time() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "PUT",
        ORDER,
        vec![
            ResponseTemplate::new(429),
            ResponseTemplate::new(502),
            ResponseTemplate::new(200).set_body_json(order_json()),
        ],
    )
    .await;
    client(&server.uri(), fast_retries())
        .update_order(7, 55, &order_request())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.body == requests[0].body));
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, serde_json::to_value(order_request()).unwrap());
}

#[tokio::test]
async fn retries_stop_after_max_attempts_and_the_last_answer_is_kept() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![ResponseTemplate::new(504).set_body_string("gateway timeout")],
    )
    .await;
    let err = client(&server.uri(), fast_retries())
        .get_order(7, 55)
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("an API error, got {err:?}")
    };
    assert_eq!(api.status, 504);
    assert_eq!(api.body_text(), "gateway timeout");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let server = MockServer::start().await;
    sequence(&server, "GET", ORDER, vec![ResponseTemplate::new(500)]).await;
    let err = client(&server.uri(), fast_retries())
        .get_order(7, 55)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 500),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_create_that_reached_the_server_is_never_sent_twice() {
    for answer in [
        ResponseTemplate::new(503).insert_header("Retry-After", "0"),
        ResponseTemplate::new(429),
        ResponseTemplate::new(502),
        // Slower than the client's timeout: the server has the request, the client gives up.
        ResponseTemplate::new(200).set_delay(Duration::from_millis(600)),
    ] {
        let server = MockServer::start().await;
        sequence(&server, "POST", ORDERS, vec![answer]).await;
        let err = client(&server.uri(), fast_retries())
            .create_order(7, &order_request())
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Api(_) | Error::Timeout { .. }),
            "{err:?}"
        );
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "a create must not be repeated: {err}"
        );
    }
}

#[tokio::test]
async fn a_timeout_is_reported_as_such_and_safe_requests_are_retried() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![ResponseTemplate::new(200)
            .set_body_json(order_json())
            .set_delay(Duration::from_millis(600))],
    )
    .await;
    let err = client(&server.uri(), fast_retries())
        .get_order(7, 55)
        .await
        .unwrap_err();
    let Error::Timeout {
        attempts,
        timeout,
        path,
        ..
    } = &err
    else {
        panic!("a timeout, got {err:?}")
    };
    assert_eq!((*attempts, *timeout), (3, Duration::from_millis(300)));
    assert_eq!(*path, "/relationships/{id}/orders/{order_id}/");
    assert!(
        err.to_string().contains("no response within 300ms"),
        "{err}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_is_not_waited_for() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![ResponseTemplate::new(503).insert_header("Retry-After", "120")],
    )
    .await;
    let retry = RetryPolicy {
        max_elapsed: Duration::from_secs(2),
        ..fast_retries()
    };
    let started = Instant::now();
    let err = client(&server.uri(), retry)
        .get_order(7, 55)
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(&err, Error::Api(api) if api.status == 503),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// What a hand-rolled server does with each connection.
#[derive(Clone, Copy)]
enum Misbehaviour {
    /// Reads the request, then closes the connection without a word.
    Reset,
    /// Promises a longer body than it sends, then closes.
    TruncatedBody,
    /// A complete response whose JSON stops half-way.
    TruncatedJson,
    /// A complete response that is not JSON at all.
    NotJson,
    /// A well-formed order, sent with chunked transfer encoding (no length announced) in three
    /// pieces written apart, so that the client reads it chunk by chunk.
    ChunkedOrder,
}

/// A server on 127.0.0.1 that misbehaves on every connection; counts the requests it read.
async fn misbehaving_server(how: Misbehaviour) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 64 * 1024];
                let mut read = 0;
                // Read until the end of the headers and the announced body.
                loop {
                    let Ok(n) = socket.read(&mut buffer[read..]).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    read += n;
                    let text = String::from_utf8_lossy(&buffer[..read]).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if read >= end + 4 + length {
                            break;
                        }
                    }
                }
                seen.fetch_add(1, Ordering::SeqCst);
                let reply: &[u8] = match how {
                    Misbehaviour::Reset => b"",
                    Misbehaviour::TruncatedBody => {
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"vehicle_order_id\": 1"
                    }
                    Misbehaviour::TruncatedJson => {
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 22\r\nconnection: close\r\n\r\n{\"vehicle_order_id\": 1"
                    }
                    Misbehaviour::NotJson => {
                        b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 20\r\nconnection: close\r\n\r\n<html>oops</html>\r\n\r\n"
                    }
                    Misbehaviour::ChunkedOrder => {
                        let body = order_json().to_string().into_bytes();
                        let _ = socket
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
                            .await;
                        for piece in body.chunks(body.len() / 3 + 1) {
                            let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                            chunk.extend_from_slice(piece);
                            chunk.extend_from_slice(b"\r\n");
                            let _ = socket.write_all(&chunk).await;
                            let _ = socket.flush().await;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        b"0\r\n\r\n"
                    }
                };
                let _ = socket.write_all(reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{address}"), requests)
}

#[tokio::test]
async fn a_reset_connection_is_retried_for_a_get_but_not_for_a_create() {
    let (base, requests) = misbehaving_server(Misbehaviour::Reset).await;
    let err = client(&base, fast_retries())
        .get_order(7, 55)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert_eq!(requests.load(Ordering::SeqCst), 3);

    let (base, requests) = misbehaving_server(Misbehaviour::Reset).await;
    let err = client(&base, fast_retries())
        .create_order(7, &order_request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(
        requests.load(Ordering::SeqCst),
        1,
        "the create reached the server once"
    );
}

#[tokio::test]
async fn a_create_is_retried_when_the_connection_was_never_made() {
    // A port that was free a moment ago: nothing listens, so nothing can have been received.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = client(&base, fast_retries())
        .create_order(7, &order_request())
        .await
        .unwrap_err();
    let Error::Transport {
        attempts, source, ..
    } = &err
    else {
        panic!("transport, got {err:?}")
    };
    assert_eq!(*attempts, 3);
    assert!(source.is_connect(), "{source}");
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error_and_a_create_is_not_repeated() {
    let (base, requests) = misbehaving_server(Misbehaviour::TruncatedBody).await;
    let err = client(&base, fast_retries())
        .create_order(7, &order_request())
        .await
        .unwrap_err();
    let Error::Transport {
        attempts,
        status,
        headers,
        ..
    } = &err
    else {
        panic!("transport, got {err:?}")
    };
    assert_eq!(*attempts, 1);
    // The status had arrived: the caller can tell the create may have happened.
    assert_eq!(*status, Some(generated::runtime::StatusCode::OK));
    assert_eq!(headers.get("content-length").unwrap(), "500");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_absurd_retry_after_is_not_waited_for_and_does_not_panic() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![ResponseTemplate::new(503).insert_header("Retry-After", "18446744073709551615")],
    )
    .await;
    let retry = RetryPolicy {
        max_elapsed: Duration::MAX,
        ..fast_retries()
    };
    let err = client(&server.uri(), retry)
        .get_order(7, 55)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 503),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_its_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ORDER))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(5000)))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .api_key("k")
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let err = client.get_order(7, 55).await.unwrap_err();
    assert!(
        matches!(&err, Error::ResponseTooLarge { status, limit: 1000, .. } if *status == 200),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_that_arrives_in_pieces_is_read_whole() {
    let (base, requests) = misbehaving_server(Misbehaviour::ChunkedOrder).await;
    let order = client(&base, RetryPolicy::none())
        .get_order(7, 55)
        .await
        .unwrap()
        .into_body();
    assert_eq!(serde_json::to_value(&order).unwrap(), order_json());
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_without_an_announced_length() {
    let (base, _) = misbehaving_server(Misbehaviour::ChunkedOrder).await;
    let length = order_json().to_string().len();
    // Over the limit only once the second piece has arrived.
    let limit = length / 3 + 2;
    let err = Client::builder(base)
        .api_key("k")
        .retry_policy(RetryPolicy::none())
        .max_response_bytes(limit)
        .build()
        .unwrap()
        .get_order(7, 55)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ResponseTooLarge { status, limit: l, .. } if *status == 200 && *l == limit),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_supplied_client_that_follows_a_redirect_is_reported() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order_json()))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/moved", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    // The default client follows no redirect: the 307 is the answer.
    let err = client(&server.uri(), RetryPolicy::none())
        .get_order(7, 55)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 307),
        "{err:?}"
    );
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
    // A caller's client that follows it does not pass silently.
    let following = Client::builder(server.uri())
        .api_key("test-key")
        .reqwest_client(reqwest::Client::new())
        .build()
        .unwrap();
    let err = following.get_order(7, 55).await.unwrap_err();
    assert!(matches!(&err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("followed a redirect"), "{err}");
}

/// The builder's timeout applies whether the client builds its own `reqwest::Client` (which
/// carries it) or is given one (which does not know it: each request carries it then).
#[tokio::test]
async fn the_timeout_applies_to_a_callers_reqwest_client_too() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![ResponseTemplate::new(200)
            .set_body_json(order_json())
            .set_delay(Duration::from_millis(800))],
    )
    .await;
    let given = Client::builder(server.uri())
        .api_key("test-key")
        .reqwest_client(reqwest::Client::new())
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = given.get_order(7, 55).await.unwrap_err();
    assert!(
        matches!(&err, Error::Timeout { attempts: 1, timeout, .. } if *timeout == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(700));
}

#[tokio::test]
async fn headers_set_on_the_builder_are_not_doubled_or_replaced() {
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![ResponseTemplate::new(200).set_body_json(order_json())],
    )
    .await;
    let client = Client::builder(server.uri())
        .api_key("k")
        .header("Accept", "application/vnd.quotevine+json")
        .header("User-Agent", "fleet-sync/2.1")
        .build()
        .unwrap();
    client.get_order(7, 55).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
    let agents: Vec<_> = request.headers.get_all("user-agent").iter().collect();
    assert_eq!(accept, ["application/vnd.quotevine+json"]);
    assert_eq!(agents, ["fleet-sync/2.1"]);
}

#[tokio::test]
async fn truncated_or_foreign_bodies_are_decode_errors_that_keep_the_body() {
    let (base, _) = misbehaving_server(Misbehaviour::TruncatedJson).await;
    let err = client(&base, RetryPolicy::none())
        .get_order(7, 55)
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("decode, got {err:?}")
    };
    assert_eq!(decode.body_text(), "{\"vehicle_order_id\": 1");
    assert!(decode.message.contains("EOF"), "{}", decode.message);

    let (base, _) = misbehaving_server(Misbehaviour::NotJson).await;
    let err = client(&base, RetryPolicy::none())
        .get_order(7, 55)
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("decode, got {err:?}")
    };
    assert!(decode.body_text().starts_with("<html>oops</html>"));
    assert_eq!(decode.status, 200);
    assert!(err.to_string().contains("does not fit the spec"), "{err}");
}

#[tokio::test]
async fn a_ten_megabyte_list_is_decoded() {
    let server = MockServer::start().await;
    let order = order_json();
    let one = serde_json::to_string(&order).unwrap().len();
    let count = 10 * 1024 * 1024 / one + 1;
    let items: Vec<serde_json::Value> = (0..count).map(|_| order.clone()).collect();
    let body = serde_json::json!({ "items": items });
    Mock::given(method("GET"))
        .and(path(ORDERS))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).api_key("k").build().unwrap();
    let list = client.list_orders(7).await.unwrap().into_body();
    assert_eq!(list.items.len(), count);
    let first: &Order = &list.items[0];
    assert_eq!(serde_json::to_value(first).unwrap(), order);
}

/// Collects what a tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_api_key_is_sent_but_never_shown_in_debug_errors_or_traces() {
    const SECRET: &str = "sk-live-8c1f0d2e";
    let server = MockServer::start().await;
    sequence(
        &server,
        "GET",
        ORDER,
        vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(404).set_body_string("no such order"),
        ],
    )
    .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let builder = Client::builder(server.uri())
        .api_key(SECRET)
        .retry_policy(fast_retries());
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let err = client.get_order(7, 55).await.unwrap_err();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("api-key").unwrap(), SECRET);
    let traces = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for (what, text) in [
        ("builder Debug", builder_debug),
        ("client Debug", format!("{client:?}")),
        ("error Display", err.to_string()),
        ("error Debug", format!("{err:?}")),
        ("traces", traces.clone()),
    ] {
        assert!(
            !text.contains(SECRET),
            "the key shows in the {what}: {text}"
        );
    }
    assert!(traces.contains("http_request"), "{traces}");
    assert!(
        traces.contains("path=\"/relationships/{id}/orders/{order_id}/\""),
        "{traces}"
    );
    assert!(
        traces.contains("retrying after a transient status"),
        "{traces}"
    );
    assert!(traces.contains("attempt=2"), "{traces}");
}
