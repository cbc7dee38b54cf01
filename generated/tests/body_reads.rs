//! How response bodies are read, chunk by chunk, against a scripted server: bodies with and
//! without an announced length, lengths that lie, empty bodies, and the future of a call.

mod common_raw;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common_raw::{call, head, raw, scripted_server, scripted_server_seq, Step};
use generated::runtime::{Error, Method, RetryPolicy, StatusCode};

const PIECE: usize = 1000;

fn pieces(n: usize) -> Vec<u8> {
    (0..n * PIECE).map(|i| b'a' + (i % 26) as u8).collect()
}

/// A body sent as `count` pieces written apart, after `head`.
fn in_pieces(head_step: Step, body: &[u8], count: usize) -> Vec<Step> {
    let mut script = vec![head_step];
    for piece in body.chunks(body.len().div_ceil(count)) {
        script.push(Step::Write(piece.to_vec()));
        script.push(Step::Pause(20));
    }
    script
}

/// A server that announces `length` bytes, then sends `body` in three pieces and closes.
async fn announced_in_pieces(body: &[u8], length: usize) -> (String, Arc<AtomicUsize>) {
    let announce = format!("content-length: {length}\r\nconnection: close\r\n");
    scripted_server(in_pieces(head(&announce), body, 3)).await
}

#[tokio::test]
async fn an_announced_body_in_several_pieces_is_read_whole() {
    let body = pieces(3);
    let (base, requests) = announced_in_pieces(&body, body.len()).await;
    let got = call(&raw(&base, 1 << 20, RetryPolicy::none()), Method::GET)
        .await
        .unwrap();
    assert_eq!(&got[..], &body[..]);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_announced_body_exactly_at_the_limit_in_pieces_is_read_whole() {
    let body = pieces(3);
    let (base, _) = announced_in_pieces(&body, body.len()).await;
    let got = call(&raw(&base, body.len(), RetryPolicy::none()), Method::GET)
        .await
        .unwrap();
    assert_eq!(&got[..], &body[..]);
}

#[tokio::test]
async fn a_body_longer_than_announced_yields_the_announced_bytes() {
    let body = pieces(3);
    let (base, _) = announced_in_pieces(&body, 1500).await;
    let got = call(&raw(&base, 1 << 20, RetryPolicy::none()), Method::GET)
        .await
        .unwrap();
    assert_eq!(&got[..], &body[..1500]);
}

#[tokio::test]
async fn a_body_shorter_than_announced_in_pieces_is_a_transport_error_with_its_status() {
    let body = pieces(2);
    let (base, requests) =
        scripted_server(in_pieces(head("content-length: 500000\r\n"), &body, 2)).await;
    let retry = RetryPolicy {
        max_attempts: 2,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(5),
        max_elapsed: Duration::from_secs(5),
    };
    let err = call(&raw(&base, 1 << 20, retry), Method::GET)
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
    assert_eq!(*attempts, 2, "a GET cut short is retried");
    assert_eq!(*status, Some(StatusCode::OK));
    assert_eq!(headers.get("content-length").unwrap(), "500000");
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_chunked_body_cut_short_is_a_transport_error_with_its_status() {
    let (base, _) = scripted_server(vec![
        head("transfer-encoding: chunked\r\n"),
        Step::Write(b"5\r\nhello\r\n".to_vec()),
        Step::Pause(20),
        Step::Write(b"5\r\nwor".to_vec()),
    ])
    .await;
    let err = call(&raw(&base, 1 << 20, RetryPolicy::none()), Method::GET)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { status: Some(s), attempts: 1, .. } if *s == StatusCode::OK),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_announced_body_over_the_limit_in_pieces_is_refused() {
    let body = pieces(3);
    let (base, _) = announced_in_pieces(&body, body.len()).await;
    let err = call(&raw(&base, 1500, RetryPolicy::none()), Method::GET)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ResponseTooLarge { status, limit: 1500, .. } if *status == 200),
        "{err:?}"
    );
}

/// A body announced as larger than the limit is refused as soon as its head is read, without
/// waiting for a body that here never comes.
#[tokio::test]
async fn an_announced_body_over_the_limit_is_refused_before_it_is_read() {
    let (base, _) =
        scripted_server(vec![head("content-length: 1000000\r\n"), Step::Hold(3000)]).await;
    let started = std::time::Instant::now();
    let err = call(&raw(&base, 1000, RetryPolicy::none()), Method::GET)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ResponseTooLarge { status, limit: 1000, .. } if *status == 200),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "waited {:?} for the body",
        started.elapsed()
    );
}

/// With the limit lifted (`max_response_bytes(usize::MAX)`), a server that announces 64 TiB,
/// or more than `isize::MAX` bytes, and sends two small pieces must not make the client reserve
/// what it announced: the allocation would abort the whole process, or panic ("capacity
/// overflow") in the caller's future.
#[tokio::test]
async fn a_false_huge_length_with_no_limit_is_a_transport_error() {
    for announced in ["70368744177664", "9223372036854775808"] {
        let (base, _) = scripted_server(vec![
            head(&format!("content-length: {announced}\r\n")),
            Step::Write(b"first".to_vec()),
            Step::Pause(20),
            Step::Write(b"second".to_vec()),
            Step::Pause(20),
        ])
        .await;
        let err = call(&raw(&base, usize::MAX, RetryPolicy::none()), Method::GET)
            .await
            .unwrap_err();
        assert!(
            matches!(
                &err,
                Error::Transport {
                    status: Some(_),
                    ..
                }
            ),
            "{announced}: {err:?}"
        );
    }
}

#[tokio::test]
async fn empty_bodies_are_empty() {
    for (method, head_text) in [
        (Method::GET, "HTTP/1.1 204 No Content\r\n\r\n"),
        (Method::GET, "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"),
        (
            Method::GET,
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
        ),
        (Method::GET, "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n"),
        // A HEAD answer announces the length of the body a GET would have had, and has none.
        (
            Method::HEAD,
            "HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n",
        ),
    ] {
        let (base, _) = scripted_server(vec![
            Step::Write(head_text.as_bytes().to_vec()),
            Step::Hold(10),
        ])
        .await;
        let got = call(&raw(&base, 100, RetryPolicy::none()), method.clone())
            .await
            .unwrap_or_else(|err| panic!("{method} {head_text:?}: {err:?}"));
        assert!(got.is_empty(), "{method} {head_text:?}: {got:?}");
    }
}

#[tokio::test]
async fn a_close_delimited_body_in_pieces_is_read_whole() {
    let body = pieces(3);
    let (base, _) = scripted_server(in_pieces(head("connection: close\r\n"), &body, 3)).await;
    let got = call(&raw(&base, 1 << 20, RetryPolicy::none()), Method::GET)
        .await
        .unwrap();
    assert_eq!(&got[..], &body[..]);
}

#[tokio::test]
async fn a_generated_call_is_send_and_can_be_spawned() {
    // Compiles only if the future of a generated method (and so of `HttpClient::send`) is
    // `Send + 'static` once the client is moved in.
    let body = pieces(1);
    let (base, _) = scripted_server(vec![
        head(&format!("content-length: {}\r\n", body.len())),
        Step::Write(body.clone()),
    ])
    .await;
    let client = raw(&base, 1 << 20, RetryPolicy::none());
    let got = tokio::spawn(async move { call(&client, Method::GET).await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&got[..], &body[..]);
    let quotevine = generated::quotevine::Client::builder("http://127.0.0.1:9")
        .api_key("k")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let _ = tokio::spawn(async move { quotevine.get_order(7, 55).await.is_err() }).await;
}

#[tokio::test]
async fn a_call_dropped_while_its_body_is_read_leaves_the_client_usable() {
    let body = pieces(1);
    let whole = vec![
        head(&format!("content-length: {}\r\n", body.len())),
        Step::Write(body.clone()),
        Step::Hold(1000),
    ];
    let (base, requests) = scripted_server_seq(vec![
        vec![
            head(&format!("content-length: {}\r\n", body.len())),
            Step::Write(body[..10].to_vec()),
            Step::Pause(20),
            Step::Write(body[10..20].to_vec()),
            Step::Hold(1000),
        ],
        whole,
    ])
    .await;
    let client = raw(&base, 1 << 20, RetryPolicy::none());
    assert!(
        tokio::time::timeout(Duration::from_millis(150), call(&client, Method::GET))
            .await
            .is_err(),
        "the call was still reading the body"
    );
    // The connection of the dropped call, with half a body in it, is not reused.
    assert_eq!(&call(&client, Method::GET).await.unwrap()[..], &body[..]);
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}
