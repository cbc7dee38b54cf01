//! A generated event-stream method reconnects: the server drops the connection in the middle
//! of an event, and the client, asked to reconnect, sends the same request again with
//! `Last-Event-ID` after the server's `retry` delay and goes on where it left off.

#[path = "../../../runtime/tests/common/mod.rs"]
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use common::{answer, answer_stream, serve};
use futures_util::StreamExt;
use golden_check::media_types::Client;

/// `parts`, each sent a little after the one before, so that each reaches the client before
/// the connection breaks.
fn paced(
    parts: Vec<Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::iter(parts).then(|part| async move {
        tokio::time::sleep(Duration::from_millis(5)).await;
        part
    })
}

/// What the server saw of a request: path, `Accept` and `Last-Event-ID`.
type Seen = (String, Option<String>, Option<String>);

#[tokio::test]
async fn a_generated_event_stream_reconnects_with_the_last_event_id() {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let connections = Arc::new(AtomicUsize::new(0));
    let (log, count) = (seen.clone(), connections.clone());
    let base = serve(move |request: hyper::Request<hyper::body::Incoming>| {
        let (log, count) = (log.clone(), count.clone());
        async move {
            let header = |name: &str| {
                request
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            log.lock().unwrap().push((
                request.uri().path().to_owned(),
                header("accept"),
                header("last-event-id"),
            ));
            let sse = [("content-type", "text/event-stream")];
            match count.fetch_add(1, Ordering::SeqCst) {
                0 => answer_stream(
                    200,
                    &sse,
                    paced(vec![
                        Ok(Bytes::from_static(
                            b"retry: 20\nid: 7\ndata: {\"id\":1}\n\n",
                        )),
                        Ok(Bytes::from_static(b"id: 8\ndata: {\"id\"")),
                        Err(std::io::Error::other("connection dropped")),
                    ]),
                ),
                1 => answer(200, &sse, "id: 8\ndata: {\"id\":2}\n\n"),
                _ => answer(204, &[], ""),
            }
        }
    })
    .await;
    let client = Client::new(base).unwrap();
    let mut events = client
        .watch_events()
        .await
        .unwrap()
        .into_body()
        .reconnect(3);
    let mut got = Vec::new();
    while let Some(event) = events.next_event().await {
        let event = event.unwrap();
        got.push((event.id, event.data.id));
    }
    assert_eq!(got, [(Some("7".to_owned()), 1), (Some("8".to_owned()), 2)]);
    let accept = Some("text/event-stream".to_owned());
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ("/events".to_owned(), accept.clone(), None),
            ("/events".to_owned(), accept.clone(), Some("7".to_owned())),
            ("/events".to_owned(), accept, Some("8".to_owned())),
        ]
    );
}
