//! `text/event-stream` responses: a stream of typed server-sent events, reconnecting with
//! `Last-Event-ID` when the caller asks for it.
//!
//! The body is read as the HTML standard's event-stream rules say: lines end in CRLF, LF or a
//! lone CR (also when one chunk ends in the CR and the next starts with the LF); a leading BOM
//! is dropped; `data` lines are joined with LF; `event` names the event (`message` otherwise);
//! `id` sets the last event ID when the event ends (one holding NUL is ignored, an empty one
//! resets it), and every later event carries it;
//! `retry` (digits only) sets the reconnection delay; lines starting with `:` are comments;
//! unknown fields are ignored; a block without data dispatches nothing. One departure: when the
//! server closes the stream cleanly after an event that lacks its blank line, that event is
//! delivered (a browser drops it); after a broken connection it is dropped, since it may be cut
//! short. Each event may hold at most `max_response_bytes` of data.
//!
//! A generated method asks for the stream in one call; the caller reads events:
//!
//! ```no_run
//! # use ordergen_runtime::{no_error_body, Error, EventStream, HttpClient, Method, Response};
//! # #[derive(Debug, serde::Deserialize)] struct OrderEvent { id: i64 }
//! async fn watch_orders(http: &HttpClient) -> Result<Response<EventStream<OrderEvent>>, Error> {
//!     let request = http.request(Method::GET, "/orders/events").accept("text/event-stream");
//!     http.send_streaming(request).await?.events(no_error_body)
//! }
//!
//! # async fn caller(http: &HttpClient) -> Result<(), Error> {
//! let mut events = watch_orders(http).await?.into_body().reconnect(5);
//! while let Some(event) = events.next_event().await {
//!     let event = event?;
//!     println!("{} {:?}: {:?}", event.event, event.id, event.data);
//! }
//! # Ok(()) }
//! ```
//!
//! Where each named event has its own schema, the generated method passes a function that
//! decodes `data` by the event's name ([`StreamingResponse::events_with`]).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_util::Stream;

use super::*;

/// The reconnection delay until the server sets one with `retry`.
pub const DEFAULT_RECONNECT_DELAY: Duration = Duration::from_secs(3);

/// One server-sent event, its `data` decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event's name (`event:`), `message` when it has none.
    pub event: String,
    /// The last event ID (`id:`) the stream set, at or before this event.
    pub id: Option<String>,
    /// The event's data, decoded.
    pub data: T,
}

/// Decodes an event's `data` (the second argument) by the event's name (the first).
pub type DecodeEvent<T> = fn(&str, &str) -> Result<T, BodyError>;

impl StreamingResponse {
    /// A success status gives the body as an [`EventStream`] whose `data` is JSON of `T`; any
    /// other status is an [`Error::Api`].
    pub fn events<T: DeserializeOwned, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<EventStream<T>>, Error<E>> {
        self.events_with(decode_error, |_, data| decode_json(data.as_bytes()))
    }

    /// Like [`events`](Self::events), with `decode` reading each event's data (by the event's
    /// name, for streams whose events differ, or as text).
    pub fn events_with<T, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
        decode: DecodeEvent<T>,
    ) -> Result<Response<EventStream<T>>, Error<E>> {
        let limit = self.client.max_response_bytes;
        let opened = self.open(decode_error)?;
        Ok(Response {
            status: opened.context.status,
            headers: opened.context.headers.clone(),
            body: EventStream {
                lines: Some(LineReader::new(opened.chunks, opened.context, limit)),
                parser: Parser::default(),
                decode,
                client: opened.client,
                replay: opened.replay,
                reconnects_left: 0,
                pending: None,
                limit,
            },
        })
    }
}

/// The event-stream parser's state between lines.
#[derive(Debug, Default)]
struct Parser {
    data: String,
    has_data: bool,
    event: String,
    /// The `id` read so far, set as the last event ID when the next blank line comes.
    id_buffer: Option<String>,
    /// The last event ID: the ID buffer as of the last blank line.
    last_id: Option<String>,
    retry: Option<Duration>,
    /// Whether the next line is the first of a connection (where a BOM is dropped).
    started: bool,
}

/// An event the parser dispatched, before its data is decoded.
struct RawEvent {
    event: String,
    id: Option<String>,
    data: String,
}

impl Parser {
    /// Reads one line (without its end); an empty line dispatches the event so far.
    fn line(&mut self, line: &[u8]) -> Option<RawEvent> {
        let line = if self.started {
            line
        } else {
            self.started = true;
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        };
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return None;
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_ref(), ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = value.to_owned(),
            "id" if !value.contains('\0') => self.id_buffer = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(millis) = value.parse() {
                    self.retry = Some(Duration::from_millis(millis));
                }
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<RawEvent> {
        self.last_id.clone_from(&self.id_buffer);
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return None;
        }
        Some(RawEvent {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            id: self.last_id.clone(),
            data: std::mem::take(&mut self.data),
        })
    }

    /// Forgets a partly read event (the connection broke, or a new one begins).
    fn reset(&mut self) {
        self.data.clear();
        self.has_data = false;
        self.event.clear();
        self.id_buffer.clone_from(&self.last_id);
        self.started = false;
    }
}

/// A connection being made again.
type Reconnecting = Pin<Box<dyn Future<Output = Result<StreamingResponse, Error>> + Send>>;

/// A stream of server-sent events whose data is decoded as `T`. A data that does not fit `T`
/// is an [`Error::Decode`] carrying it, and the stream goes on; a failed read ends it, unless
/// [`reconnect`](Self::reconnect) allows another connection. Read it with
/// [`next_event`](Self::next_event) or as a `Stream`.
pub struct EventStream<T> {
    lines: Option<LineReader>,
    parser: Parser,
    decode: DecodeEvent<T>,
    client: HttpClient,
    replay: Option<RequestBuilder>,
    reconnects_left: u32,
    pending: Option<Reconnecting>,
    limit: usize,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("last_event_id", &self.parser.last_id)
            .field("reconnects_left", &self.reconnects_left)
            .finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    /// When the connection ends or breaks, connects again up to `max_reconnects` times: after
    /// the delay the server set with `retry` ([`DEFAULT_RECONNECT_DELAY`] until it does), the
    /// same request is sent with `Last-Event-ID` set to the last event ID, if any. A broken
    /// connection is then no error (it is logged); an answer of 204 No Content ends the
    /// stream, another error status is the stream's last item. A request whose body was
    /// streamed cannot be sent again: its stream does not reconnect.
    pub fn reconnect(mut self, max_reconnects: u32) -> Self {
        self.reconnects_left = max_reconnects;
        self
    }

    /// The last event ID the server set.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_id.as_deref()
    }

    /// The reconnection delay: what the server last set with `retry`, else the default.
    pub fn reconnect_delay(&self) -> Duration {
        self.parser.retry.unwrap_or(DEFAULT_RECONNECT_DELAY)
    }

    /// The next event; `None` at the end of the stream.
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, Error>>
    where
        Self: Unpin,
    {
        futures_util::StreamExt::next(self).await
    }

    /// Starts connecting again, when the caller allows it and the request can be sent again.
    fn start_reconnect(&mut self) -> bool {
        let Some(replay) = self.replay.as_ref().and_then(RequestBuilder::try_clone) else {
            return false;
        };
        if self.reconnects_left == 0 {
            return false;
        }
        self.reconnects_left -= 1;
        self.lines = None;
        self.parser.reset();
        let mut request = replay;
        // An empty ID resets it: nothing is sent.
        if let Some(id) = self.parser.last_id.as_ref().filter(|id| !id.is_empty()) {
            if let Ok(value) = HeaderValue::from_bytes(id.as_bytes()) {
                request
                    .headers
                    .insert(HeaderName::from_static("last-event-id"), value);
            }
        }
        let (client, delay) = (self.client.clone(), self.reconnect_delay());
        self.pending = Some(Box::pin(async move {
            tokio::time::sleep(delay).await;
            client.send_streaming(request).await
        }));
        true
    }

    fn decode(&self, raw: RawEvent, context: &StreamContext) -> Result<Event<T>, Error> {
        match (self.decode)(&raw.event, &raw.data) {
            Ok(data) => Ok(Event {
                event: raw.event,
                id: raw.id,
                data,
            }),
            Err(error) => Err(context.decode_error(Bytes::from(raw.data), error)),
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(pending) = this.pending.as_mut() {
                let outcome = ready!(pending.as_mut().poll(cx));
                this.pending = None;
                let response = match outcome {
                    Ok(response) if response.status == StatusCode::NO_CONTENT => {
                        return Poll::Ready(None)
                    }
                    Ok(response) => response.open(no_error_body),
                    Err(error) => Err(error),
                };
                match response {
                    Ok(opened) => {
                        this.lines =
                            Some(LineReader::new(opened.chunks, opened.context, this.limit));
                    }
                    Err(error) => {
                        if this.start_reconnect() {
                            tracing::warn!(%error, "event stream: reconnecting failed, trying again");
                            continue;
                        }
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
            let Some(lines) = this.lines.as_mut() else {
                return Poll::Ready(None);
            };
            let line = ready!(lines.poll_line(cx));
            let context = lines.context.clone();
            match line {
                Line::Complete(line) => {
                    if let Some(raw) = this.parser.line(&line) {
                        return Poll::Ready(Some(this.decode(raw, &context)));
                    }
                    if this.parser.data.len() > this.limit {
                        this.lines = None;
                        return Poll::Ready(Some(Err(context.too_large(this.limit))));
                    }
                }
                Line::End(rest) => {
                    // A clean end: what follows the last line end is a last line, and an event
                    // that lacks its blank line is complete.
                    let mut last = None;
                    if !rest.is_empty() {
                        last = this.parser.line(&rest);
                    }
                    if last.is_none() {
                        last = this.parser.dispatch();
                    }
                    if !this.start_reconnect() {
                        this.lines = None;
                    }
                    if let Some(raw) = last {
                        return Poll::Ready(Some(this.decode(raw, &context)));
                    }
                }
                Line::Failed(error) => {
                    let broken = matches!(error, Error::Transport { .. } | Error::Timeout { .. });
                    if broken && this.start_reconnect() {
                        tracing::warn!(%error, "event stream: the connection broke, reconnecting");
                        continue;
                    }
                    this.lines = None;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `lines` to a parser; returns the events dispatched as (name, id, data).
    fn parse(parser: &mut Parser, lines: &[&str]) -> Vec<(String, Option<String>, String)> {
        lines
            .iter()
            .filter_map(|line| parser.line(line.as_bytes()))
            .map(|raw| (raw.event, raw.id, raw.data))
            .collect()
    }

    #[test]
    fn fields_are_read_as_the_standard_says() {
        let mut parser = Parser::default();
        let events = parse(
            &mut parser,
            &[
                "retry: 12a",
                "id: a\0b",
                "data:x",
                "data:  y",
                "data",
                "",
                "event: named",
                "",
                "retry: 50",
                "id: 7",
                "data: z",
                "",
            ],
        );
        assert_eq!(
            events,
            vec![
                ("message".to_owned(), None, "x\n y\n".to_owned()),
                ("message".to_owned(), Some("7".to_owned()), "z".to_owned()),
            ]
        );
        // The name of a block without data does not carry over; an invalid retry is ignored.
        assert_eq!(parser.retry, Some(Duration::from_millis(50)));
    }

    #[test]
    fn a_reconnection_forgets_a_partial_event_but_keeps_the_last_id() {
        let mut parser = Parser::default();
        parse(
            &mut parser,
            &["id: 1", "data: a", "", "id: 2", "event: x", "data: cut"],
        );
        parser.reset();
        let events = parse(&mut parser, &["\u{feff}data: b", ""]);
        assert_eq!(
            events,
            vec![("message".to_owned(), Some("1".to_owned()), "b".to_owned())]
        );
    }
}
