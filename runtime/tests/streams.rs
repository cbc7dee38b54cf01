//! Responses read as they arrive: downloads, JSON lines and server-sent events, from a local
//! server that sends its body in the chunks each test chooses.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use common::{answer, answer_stream, builder, client, serve};
use futures_util::StreamExt;
use ordergen_runtime::{
    no_error_body, ByteStream, Error, Event, EventStream, HttpClient, JsonLines, Method, Response,
};
use serde::Deserialize;

/// The chunks of a body, with a pause before each so that each arrives on its own.
fn chunks(
    parts: Vec<&'static [u8]>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::iter(parts).then(|part| async move {
        tokio::time::sleep(Duration::from_millis(5)).await;
        Ok(Bytes::from_static(part))
    })
}

/// Items of a body (data or a failure that drops the connection), each after a pause.
fn paced(
    parts: Vec<Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::iter(parts).then(|part| async move {
        tokio::time::sleep(Duration::from_millis(5)).await;
        part
    })
}

/// As a generated method asks for a download.
async fn download(http: &HttpClient, name: &str) -> Result<Response<ByteStream>, Error> {
    let request = http
        .request(Method::GET, "/files/{name}")
        .path_param("name", name)
        .accept("application/octet-stream");
    http.send_streaming(request)
        .await?
        .bytes_stream(no_error_body)
}

/// As a generated method asks for a whole binary body.
async fn download_whole(http: &HttpClient, name: &str) -> Result<Response<Bytes>, Error> {
    let request = http
        .request(Method::GET, "/files/{name}")
        .path_param("name", name)
        .accept("application/octet-stream");
    http.send(request).await?.bytes(no_error_body)
}

async fn file_server() -> String {
    serve(
        |request: hyper::Request<hyper::body::Incoming>| async move {
            let octets = [("content-type", "application/octet-stream")];
            match request.uri().path() {
                "/files/small" => answer_stream(200, &octets, chunks(vec![b"ab", b"cd", b"ef"])),
                "/files/endless" => answer_stream(
                    200,
                    &octets,
                    futures_util::stream::repeat_with(|| Ok(Bytes::from(vec![7u8; 1000]))),
                ),
                "/files/announced" => answer(200, &octets, vec![1u8; 5000]),
                _ => answer(404, &[("content-type", "text/plain")], "no such file"),
            }
        },
    )
    .await
}

#[tokio::test]
async fn a_download_is_read_chunk_by_chunk() {
    let base = file_server().await;
    let http = client(&base);
    let response = download(&http, "small").await.unwrap();
    assert_eq!(response.status, 200);
    let mut body = response.into_body();
    let mut got = Vec::new();
    while let Some(chunk) = body.chunk().await {
        got.push(chunk.unwrap());
    }
    assert_eq!(got, [&b"ab"[..], b"cd", b"ef"]);
    assert_eq!(body.bytes_read(), 6);
    assert_eq!(
        download_whole(&http, "small").await.unwrap().into_body(),
        &b"abcdef"[..]
    );
    let err = download(&http, "missing").await.unwrap_err();
    match err {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.body_text(), "no such file");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_response_limit_stops_an_endless_download() {
    let base = file_server().await;
    let http = builder(&base).max_response_bytes(10_000).build().unwrap().0;
    let mut body = download(&http, "endless").await.unwrap().into_body();
    let mut read = 0;
    let err = loop {
        match body.chunk().await {
            Some(Ok(chunk)) => read += chunk.len(),
            Some(Err(err)) => break err,
            None => panic!("the endless body ended"),
        }
    };
    assert!(read <= 10_000, "{read}");
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 10_000, ref headers, .. } if headers.contains_key("content-type")),
        "{err:?}"
    );
    assert!(
        body.next().await.is_none(),
        "the stream ends after the error"
    );
    // A body announced as larger fails before it is read.
    let http = builder(&base).max_response_bytes(4_000).build().unwrap().0;
    let err = download(&http, "announced").await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 4_000, .. }),
        "{err:?}"
    );
}

#[derive(Debug, Deserialize, PartialEq)]
struct Order {
    id: i64,
    #[serde(default)]
    note: String,
}

/// As a generated method asks for a stream of JSON lines.
async fn export_orders(http: &HttpClient) -> Result<Response<JsonLines<Order>>, Error> {
    let request = http
        .request(Method::GET, "/orders/export")
        .accept("application/x-ndjson");
    http.send_streaming(request)
        .await?
        .json_lines(no_error_body)
}

#[tokio::test]
async fn json_lines_split_across_chunks() {
    let base = serve(|_| async {
        answer_stream(
            200,
            &[("content-type", "application/x-ndjson")],
            chunks(vec![
                b"{\"id\":1}\n{\"id\"",
                b":2,\"note\":\"a\\nb\"}\r",
                b"\n\n  \n{\"id\":\"three\"}\r\n{\"id\":4}\r{\"i",
                b"d\":5}",
            ]),
        )
    })
    .await;
    let http = client(&base);
    let mut lines = export_orders(&http).await.unwrap().into_body();
    let mut got = Vec::new();
    while let Some(item) = lines.next_value().await {
        got.push(item);
    }
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(
        got[0].as_ref().unwrap(),
        &Order {
            id: 1,
            note: String::new()
        }
    );
    assert_eq!(
        got[1].as_ref().unwrap(),
        &Order {
            id: 2,
            note: "a\nb".into()
        }
    );
    match &got[2] {
        Err(Error::Decode(decode)) => {
            assert_eq!(decode.json_path, "id");
            assert_eq!(decode.body_text(), "{\"id\":\"three\"}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(got[3].as_ref().unwrap().id, 4);
    assert_eq!(got[4].as_ref().unwrap().id, 5);
}

#[derive(Debug, Deserialize, PartialEq, Clone)]
struct Tick {
    n: i64,
}

/// As a generated method asks for an event stream.
async fn watch(http: &HttpClient) -> Result<Response<EventStream<Tick>>, Error> {
    let request = http
        .request(Method::GET, "/ticks")
        .accept("text/event-stream");
    http.send_streaming(request).await?.events(no_error_body)
}

/// As a generated method asks for an event stream whose events differ (here: text).
async fn watch_text(http: &HttpClient) -> Result<Response<EventStream<String>>, Error> {
    let request = http
        .request(Method::GET, "/ticks")
        .accept("text/event-stream");
    http.send_streaming(request)
        .await?
        .events_with(no_error_body, |_, data| Ok(data.to_owned()))
}

fn event<T>(name: &str, id: Option<&str>, data: T) -> Event<T> {
    Event {
        event: name.to_owned(),
        id: id.map(str::to_owned),
        data,
    }
}

/// Every rule at once: a BOM, comments, CRLF, CR and LF line ends (a CR at the end of one chunk
/// and its LF at the start of the next), events split across chunks, multi-line data, `event`,
/// `id`, `retry`, a field without a colon, an unknown field, a block without data, and a last
/// event without its blank line.
#[tokio::test]
async fn event_streams_follow_the_rules() {
    let base = serve(|_| async {
        answer_stream(
            200,
            &[("content-type", "text/event-stream")],
            chunks(vec![
                b"\xEF\xBB\xBF: a comment\r\n",
                b"retry: 10\r\nid: 1\r\ndata: first\r",
                b"\n\r\nevent: note\ndata: two\ndata:  lines\nunknown: x\n\n",
                b"id: 2\nevent: empty\n\n:keepalive\r\rdata\r\r",
                b"data: {\"n\"",
                b": 5}\n\nid\ndata: last",
            ]),
        )
    })
    .await;
    let http = client(&base);
    let mut events = watch_text(&http).await.unwrap().into_body();
    let mut got = Vec::new();
    while let Some(item) = events.next_event().await {
        got.push(item.unwrap());
    }
    assert_eq!(
        got,
        vec![
            event("message", Some("1"), "first".to_owned()),
            event("note", Some("1"), "two\n lines".to_owned()),
            event("message", Some("2"), String::new()),
            event("message", Some("2"), "{\"n\": 5}".to_owned()),
            event("message", Some(""), "last".to_owned()),
        ]
    );
    assert_eq!(events.reconnect_delay(), Duration::from_millis(10));
    assert_eq!(events.last_event_id(), Some(""));
}

/// The server drops the connection in the middle of an event; the client, asked to reconnect,
/// waits the `retry` delay, sends `Last-Event-ID` and goes on where it left off. Data that
/// does not fit the event's type is an error, and the stream goes on.
#[tokio::test]
async fn event_streams_reconnect_with_the_last_event_id() {
    let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let connections = Arc::new(AtomicUsize::new(0));
    let (log, count) = (seen.clone(), connections.clone());
    let base = serve(move |request: hyper::Request<hyper::body::Incoming>| {
        let (log, count) = (log.clone(), count.clone());
        async move {
            let last = request
                .headers()
                .get("last-event-id")
                .map(|v| v.to_str().unwrap().to_owned());
            log.lock().unwrap().push(last);
            let sse = [("content-type", "text/event-stream")];
            match count.fetch_add(1, Ordering::SeqCst) {
                0 => {
                    let parts: Vec<Result<Bytes, std::io::Error>> = vec![
                        Ok(Bytes::from_static(
                            b"retry: 20\nid: 41\ndata: {\"n\":1}\n\n",
                        )),
                        Ok(Bytes::from_static(
                            b"id: 42\ndata: {\"n\":2}\n\nid: 43\ndata: {\"n\"",
                        )),
                        Err(std::io::Error::other("connection dropped")),
                    ];
                    answer_stream(200, &sse, paced(parts))
                }
                1 => answer_stream(
                    200,
                    &sse,
                    chunks(vec![b"id: 43\ndata: {\"n\":3}\n\ndata: oops\n\n"]),
                ),
                _ => answer(204, &[], ""),
            }
        }
    })
    .await;
    let http = client(&base);
    let mut events = watch(&http).await.unwrap().into_body().reconnect(3);
    let started = std::time::Instant::now();
    let mut got = Vec::new();
    while let Some(item) = events.next_event().await {
        got.push(item);
    }
    assert!(
        started.elapsed() >= Duration::from_millis(40),
        "two waits of 20 ms"
    );
    assert_eq!(got.len(), 4, "{got:?}");
    let ticks: Vec<(Option<String>, i64)> = got[..3]
        .iter()
        .map(|e| {
            let e = e.as_ref().unwrap();
            (e.id.clone(), e.data.n)
        })
        .collect();
    assert_eq!(
        ticks,
        vec![
            (Some("41".into()), 1),
            (Some("42".into()), 2),
            (Some("43".into()), 3)
        ]
    );
    assert!(
        matches!(&got[3], Err(Error::Decode(d)) if d.body_text() == "oops"),
        "{:?}",
        got[3]
    );
    // The third connection answered 204: the stream ended there.
    assert_eq!(
        *seen.lock().unwrap(),
        vec![None, Some("42".to_owned()), Some("43".to_owned())]
    );
}

/// Without `reconnect`, a dropped connection is the stream's last item.
#[tokio::test]
async fn a_dropped_event_stream_ends_with_an_error() {
    let base = serve(|_| async {
        let parts: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(Bytes::from_static(b"data: {\"n\":1}\n\ndata: {\"n\":2}")),
            Err(std::io::Error::other("connection dropped")),
        ];
        answer_stream(200, &[], paced(parts))
    })
    .await;
    let http = client(&base);
    let mut events = watch(&http).await.unwrap().into_body();
    assert_eq!(events.next_event().await.unwrap().unwrap().data.n, 1);
    let err = events.next_event().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(events.next_event().await.is_none());
}

/// A stream whose server goes quiet for longer than the client's timeout ends with a timeout;
/// one that keeps sending is not cut by it.
#[tokio::test]
async fn the_timeout_bounds_each_read_of_a_stream() {
    let base = serve(
        |request: hyper::Request<hyper::body::Incoming>| async move {
            let slow = request.uri().path() == "/slow";
            let ticks = futures_util::stream::iter(0..6).then(move |n| async move {
                let pause = if slow && n == 3 { 400 } else { 60 };
                tokio::time::sleep(Duration::from_millis(pause)).await;
                Ok(Bytes::from(format!("data: {{\"n\":{n}}}\n\n")))
            });
            answer_stream(200, &[], ticks)
        },
    )
    .await;
    let http = builder(&base)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap()
        .0;
    // 6 × 60 ms: longer than the timeout in all, but each read well within it.
    let events: Vec<_> = watch(&http).await.unwrap().into_body().collect().await;
    assert_eq!(events.len(), 6, "{events:?}");
    assert!(events.iter().all(Result::is_ok), "{events:?}");
    let request = http.request(Method::GET, "/slow");
    let mut events = http
        .send_streaming::<std::convert::Infallible>(request)
        .await
        .unwrap()
        .events::<Tick, std::convert::Infallible>(no_error_body)
        .unwrap()
        .into_body();
    for n in 0..3 {
        assert_eq!(events.next_event().await.unwrap().unwrap().data.n, n);
    }
    let err = events.next_event().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}
