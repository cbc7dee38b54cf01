//! Responses read as they arrive: downloads chunk by chunk, and streams of JSON lines
//! (`application/x-ndjson`, `application/jsonl`). Event streams are in `events.rs`.
//!
//! A generated method sends the request with [`HttpClient::send_streaming`] and picks the
//! reading in one call:
//!
//! ```no_run
//! # use ordergen_runtime::{no_error_body, ByteStream, Error, HttpClient, JsonLines, Method, Response};
//! # #[derive(serde::Deserialize)] struct Order { id: i64 }
//! async fn download_invoice(http: &HttpClient, id: i64) -> Result<Response<ByteStream>, Error> {
//!     let request = http
//!         .request(Method::GET, "/invoices/{id}")
//!         .path_param("id", id)
//!         .accept("application/pdf");
//!     http.send_streaming(request).await?.bytes_stream(no_error_body)
//! }
//!
//! async fn export_orders(http: &HttpClient) -> Result<Response<JsonLines<Order>>, Error> {
//!     let request = http.request(Method::GET, "/orders/export").accept("application/x-ndjson");
//!     http.send_streaming(request).await?.json_lines(no_error_body)
//! }
//!
//! # async fn caller(http: &HttpClient) -> Result<(), Error> {
//! // The caller reads chunk by chunk; nothing but the current chunk is held.
//! let mut pdf = download_invoice(http, 7).await?.into_body();
//! while let Some(chunk) = pdf.chunk().await {
//!     let _bytes = chunk?;
//! }
//! let mut orders = export_orders(http).await?.into_body();
//! while let Some(order) = orders.next_value().await {
//!     let _order: Order = order?;
//! }
//! # Ok(()) }
//! ```
//!
//! Both are `futures::Stream`s too. The client's `max_response_bytes` bounds a download's whole
//! body: the chunk that passes it is an [`Error::ResponseTooLarge`] and the stream ends (a body
//! announced as larger fails at once). A stream of JSON lines or events is endless by nature:
//! there the limit bounds each line or event instead, so that one that never ends cannot fill
//! memory.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use futures_util::Stream;

use super::*;

/// A response whose success body has not been read yet; see [`HttpClient::send_streaming`].
pub struct StreamingResponse {
    pub(super) method: Method,
    pub(super) path: &'static str,
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) payload: Payload,
    pub(super) client: HttpClient,
    /// The request again, to reconnect an event stream (none for a streamed request body).
    pub(super) replay: Option<RequestBuilder>,
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the live response: its URL may carry a key in the query.
        f.debug_struct("StreamingResponse")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// What a stream's errors say about the response they come from.
#[derive(Debug)]
pub(crate) struct StreamContext {
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Duration,
}

impl StreamContext {
    /// The error for a failed read of the body.
    pub(crate) fn read_error<E: fmt::Debug>(&self, source: reqwest::Error) -> Error<E> {
        // The path is said; the URL may carry a key in its query.
        let source = source.without_url();
        if source.is_timeout() {
            Error::Timeout {
                method: self.method.clone(),
                path: self.path,
                attempts: 1,
                timeout: self.timeout,
                source,
            }
        } else {
            Error::Transport {
                method: self.method.clone(),
                path: self.path,
                attempts: 1,
                status: Some(self.status),
                headers: Box::new(self.headers.clone()),
                source,
            }
        }
    }

    pub(crate) fn too_large<E: fmt::Debug>(&self, limit: usize) -> Error<E> {
        Error::ResponseTooLarge {
            method: self.method.clone(),
            path: self.path,
            status: self.status,
            headers: Box::new(self.headers.clone()),
            limit,
        }
    }

    /// The error for a piece of the body (`body`) that does not fit the spec.
    pub(crate) fn decode_error(&self, body: Bytes, error: BodyError) -> Error {
        Error::Decode(Box::new(DecodeError {
            method: self.method.clone(),
            path: self.path,
            status: self.status,
            headers: self.headers.clone(),
            body,
            json_path: error.json_path,
            message: error.message,
        }))
    }
}

impl StreamingResponse {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The success response and what reads its body, or the [`Error::Api`] of any other status.
    pub(crate) fn open<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Opened, Error<E>> {
        let (chunks, announced): (Chunks, Option<u64>) = match self.payload {
            Payload::Live(response) if self.status.is_success() => {
                let announced = response.content_length();
                (Box::pin(response.bytes_stream()), announced)
            }
            payload => {
                let body = match payload {
                    Payload::Read(body) => body,
                    Payload::Live(_) => Bytes::new(),
                };
                let raw = RawResponse {
                    method: self.method.clone(),
                    path: self.path,
                    status: self.status,
                    headers: self.headers.clone(),
                    body,
                };
                // `send_streaming` reads only error bodies whole; should a success come here,
                // its body is streamed from memory.
                let body = raw.success(decode_error)?.body;
                let announced = Some(body.len() as u64);
                let once = futures_util::stream::once(async move { Ok(body) });
                (Box::pin(once), announced)
            }
        };
        let context = StreamContext {
            method: self.method,
            path: self.path,
            status: self.status,
            headers: self.headers,
            timeout: self.client.timeout,
        };
        Ok(Opened {
            context: Arc::new(context),
            chunks,
            announced,
            client: self.client,
            replay: self.replay,
        })
    }

    /// A success status gives the body as a [`ByteStream`] of chunks; any other status is an
    /// [`Error::Api`]. A body announced as larger than `max_response_bytes` is an
    /// [`Error::ResponseTooLarge`] at once.
    pub fn bytes_stream<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<ByteStream>, Error<E>> {
        let limit = self.client.max_response_bytes;
        let opened = self.open(decode_error)?;
        if opened.announced.is_some_and(|length| length > limit as u64) {
            return Err(opened.context.too_large(limit));
        }
        let response = Response {
            status: opened.context.status,
            headers: opened.context.headers.clone(),
            body: ByteStream {
                chunks: opened.chunks,
                context: opened.context,
                read: 0,
                limit,
                done: false,
            },
        };
        Ok(response)
    }

    /// A success status gives the body as a [`JsonLines`] stream of `T` (one JSON value a
    /// line, blank lines skipped); any other status is an [`Error::Api`].
    pub fn json_lines<T: DeserializeOwned, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<JsonLines<T>>, Error<E>> {
        let limit = self.client.max_response_bytes;
        let opened = self.open(decode_error)?;
        Ok(Response {
            status: opened.context.status,
            headers: opened.context.headers.clone(),
            body: JsonLines {
                lines: LineReader::new(opened.chunks, opened.context, limit),
                value: PhantomData,
            },
        })
    }
}

/// The opened body of a success response.
pub(crate) struct Opened {
    pub(crate) context: Arc<StreamContext>,
    pub(crate) chunks: Chunks,
    pub(crate) announced: Option<u64>,
    pub(crate) client: HttpClient,
    pub(crate) replay: Option<RequestBuilder>,
}

/// The chunks of a body as reqwest reads them.
pub(crate) type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A download read chunk by chunk, at most `max_response_bytes` in all. Read it with
/// [`chunk`](Self::chunk) or as a `Stream`.
pub struct ByteStream {
    chunks: Chunks,
    context: Arc<StreamContext>,
    read: usize,
    limit: usize,
    done: bool,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("path", &self.context.path)
            .field("read", &self.read)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    /// The next chunk; `None` at the end of the body.
    pub async fn chunk(&mut self) -> Option<Result<Bytes, Error>> {
        futures_util::StreamExt::next(self).await
    }

    /// How many bytes have been read so far.
    pub fn bytes_read(&self) -> usize {
        self.read
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let item = ready!(self.chunks.as_mut().poll_next(cx));
        Poll::Ready(match item {
            None => {
                self.done = true;
                None
            }
            Some(Err(source)) => {
                self.done = true;
                Some(Err(self.context.read_error(source)))
            }
            Some(Ok(chunk)) => {
                self.read += chunk.len();
                if self.read > self.limit {
                    self.done = true;
                    Some(Err(self.context.too_large(self.limit)))
                } else {
                    Some(Ok(chunk))
                }
            }
        })
    }
}

/// Splits a body into lines (ending in LF, CRLF or a lone CR), each at most `limit` bytes.
pub(crate) struct LineReader {
    chunks: Chunks,
    pub(crate) context: Arc<StreamContext>,
    limit: usize,
    /// Bytes received after the last complete line.
    pending: Vec<u8>,
    /// The chunk being split, and how far.
    current: Bytes,
    at: usize,
    /// The last line ended in CR: an LF at the start of the next chunk belongs to it.
    after_cr: bool,
    /// Whether the body ended (`Some(true)`) or failed (`Some(false)`).
    pub(crate) ended: Option<bool>,
}

/// One read of a [`LineReader`].
pub(crate) enum Line {
    /// A complete line, without its end.
    Complete(Bytes),
    /// The body ended cleanly; `Bytes` is what followed the last line end (often empty).
    End(Bytes),
    /// The body could not be read, or a line passed the limit.
    Failed(Error),
}

impl LineReader {
    pub(crate) fn new(chunks: Chunks, context: Arc<StreamContext>, limit: usize) -> Self {
        LineReader {
            chunks,
            context,
            limit,
            pending: Vec::new(),
            current: Bytes::new(),
            at: 0,
            after_cr: false,
            ended: None,
        }
    }

    /// The next line.
    pub(crate) fn poll_line(&mut self, cx: &mut Context<'_>) -> Poll<Line> {
        loop {
            if self.ended.is_some() {
                return Poll::Ready(Line::End(Bytes::new()));
            }
            if self.at < self.current.len() {
                if self.after_cr {
                    self.after_cr = false;
                    if self.current[self.at] == b'\n' {
                        self.at += 1;
                        continue;
                    }
                }
                let rest = &self.current[self.at..];
                if let Some(end) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
                    self.after_cr = rest[end] == b'\r';
                    let line = if self.pending.is_empty() {
                        // The usual case: a whole line within one chunk, shared, not copied.
                        self.current.slice(self.at..self.at + end)
                    } else {
                        self.pending.extend_from_slice(&rest[..end]);
                        Bytes::from(std::mem::take(&mut self.pending))
                    };
                    self.at += end + 1;
                    if line.len() > self.limit {
                        self.ended = Some(false);
                        return Poll::Ready(Line::Failed(self.context.too_large(self.limit)));
                    }
                    return Poll::Ready(Line::Complete(line));
                }
                self.pending.extend_from_slice(rest);
                self.at = self.current.len();
                if self.pending.len() > self.limit {
                    self.ended = Some(false);
                    return Poll::Ready(Line::Failed(self.context.too_large(self.limit)));
                }
                continue;
            }
            match ready!(self.chunks.as_mut().poll_next(cx)) {
                Some(Ok(chunk)) => {
                    self.current = chunk;
                    self.at = 0;
                }
                Some(Err(source)) => {
                    self.ended = Some(false);
                    self.pending.clear();
                    return Poll::Ready(Line::Failed(self.context.read_error(source)));
                }
                None => {
                    self.ended = Some(true);
                    return Poll::Ready(Line::End(Bytes::from(std::mem::take(&mut self.pending))));
                }
            }
        }
    }
}

/// A stream of JSON values, one a line (`application/x-ndjson`, `application/jsonl`). A line
/// that does not fit `T` is an [`Error::Decode`] carrying the line, and the stream goes on; a
/// failed read ends it. Read it with [`next_value`](Self::next_value) or as a `Stream`.
pub struct JsonLines<T> {
    lines: LineReader,
    value: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("path", &self.lines.context.path)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    /// The next value; `None` at the end of the body.
    pub async fn next_value(&mut self) -> Option<Result<T, Error>> {
        futures_util::StreamExt::next(self).await
    }
}

impl<T: DeserializeOwned> Stream for JsonLines<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let line = match ready!(self.lines.poll_line(cx)) {
                Line::Failed(error) => return Poll::Ready(Some(Err(error))),
                Line::Complete(line) => line,
                Line::End(rest) if rest.is_empty() => return Poll::Ready(None),
                // A last line without a line end.
                Line::End(rest) => rest,
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Poll::Ready(Some(
                decode_json(&line).map_err(|error| self.lines.context.decode_error(line, error)),
            ));
        }
    }
}
