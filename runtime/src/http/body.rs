//! Request bodies other than JSON and XML: forms, binary (bytes or a stream) and text of any
//! `text/*` media type.
//!
//! A generated method sets each in one call of its request chain:
//!
//! ```no_run
//! # use ordergen_runtime::{BinaryBody, Error, FormEncoding, HttpClient, Method, Nesting};
//! # #[derive(serde::Serialize)] struct OrderHeadRequest { id: i64 }
//! # impl ordergen_runtime::Validate for OrderHeadRequest {
//! #     fn check(&self, _: &mut ordergen_runtime::Validator) {}
//! # }
//! # const FORM: FormEncoding = FormEncoding::new().nesting(Nesting::Dots);
//! # async fn calls(http: &HttpClient, order: &OrderHeadRequest, photo: BinaryBody) -> Result<(), Error> {
//! // `application/x-www-form-urlencoded`
//! let request = http.request(Method::POST, "/api/Orders").valid_with(order)?.form(order, &FORM)?;
//! http.send(request).await?.empty(ordergen_runtime::no_error_body)?;
//! // `image/*` or `application/octet-stream`: the caller's bytes, file or stream
//! let request = http
//!     .request(Method::PUT, "/orders/{id}/photo")
//!     .path_param("id", 7)
//!     .binary(photo, "application/octet-stream")?;
//! http.send(request).await?.empty(ordergen_runtime::no_error_body)?;
//! // `text/csv`
//! let request = http.request(Method::POST, "/imports").text_as("a,b\n1,2\n", "text/csv")?;
//! http.send(request).await?.empty(ordergen_runtime::no_error_body)?;
//! # Ok(()) }
//! ```
//!
//! A body read from a stream is sent once: a call with one is not retried (its bytes are gone),
//! whatever the retry policy says. Bytes are shared between attempts, not copied.

use std::sync::Mutex;

use futures_util::{Stream, TryStreamExt};
use tokio::io::AsyncRead;

use super::*;
use crate::form::{to_form, FormEncoding};

/// The body of a request being put together.
#[derive(Debug)]
pub(crate) struct RequestBody {
    /// The `Content-Type`; `None` where reqwest writes it (multipart, with its boundary).
    pub(crate) content_type: Option<HeaderValue>,
    pub(crate) kind: BodyKind,
}

/// What a request body is made of.
#[derive(Debug)]
pub(crate) enum BodyKind {
    /// Bytes in memory, sent again on a retry.
    Bytes(Bytes),
    /// A stream, sent by the first attempt only.
    Stream(Mutex<Option<reqwest::Body>>),
    /// A multipart form, sent by the first attempt only.
    Multipart(Mutex<Option<reqwest::multipart::Form>>),
}

impl RequestBody {
    pub(crate) fn bytes(bytes: Bytes, content_type: HeaderValue) -> Self {
        RequestBody {
            content_type: Some(content_type),
            kind: BodyKind::Bytes(bytes),
        }
    }

    /// Whether a second attempt can send the body again.
    pub(crate) fn replayable(&self) -> bool {
        matches!(self.kind, BodyKind::Bytes(_))
    }
}

/// A binary request body (`application/octet-stream`, `image/*`, ...): bytes in memory, or a
/// stream read while the request is sent (a file, any `AsyncRead`, any `Stream` of chunks), so
/// that a large upload never sits in memory. Build one with `From` (`Vec<u8>`, `Bytes`,
/// `&'static [u8]`, `String`) or [`BinaryBody::stream`], [`BinaryBody::reader`],
/// [`BinaryBody::file`]; [`BinaryBody::media_type`] names its media type where the spec allows
/// several.
pub struct BinaryBody {
    pub(crate) source: BinarySource,
    pub(crate) media_type: Option<String>,
}

pub(crate) enum BinarySource {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            BinarySource::Bytes(bytes) => format!("{} bytes", bytes.len()),
            BinarySource::Stream(_) => "a stream".to_owned(),
        };
        f.debug_struct("BinaryBody")
            .field("source", &source)
            .field("media_type", &self.media_type)
            .finish()
    }
}

impl BinaryBody {
    /// The chunks of `stream`, read while the request is sent.
    pub fn stream<S, T, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<T, E>> + Send + 'static,
        T: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let stream = stream.map_ok(Into::<Bytes>::into);
        BinaryBody {
            source: BinarySource::Stream(reqwest::Body::wrap_stream(stream)),
            media_type: None,
        }
    }

    /// What `reader` yields, read in chunks of at most 64 KiB while the request is sent.
    pub fn reader(reader: impl AsyncRead + Send + 'static) -> Self {
        Self::stream(tokio_util::io::ReaderStream::with_capacity(
            reader,
            64 * 1024,
        ))
    }

    /// The contents of `file`, read while the request is sent.
    pub fn file(file: tokio::fs::File) -> Self {
        Self::reader(file)
    }

    /// The media type to send (e.g. `image/png` for an `image/*` body); otherwise the one the
    /// generated method names.
    pub fn media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }
}

impl From<Bytes> for BinaryBody {
    fn from(bytes: Bytes) -> Self {
        BinaryBody {
            source: BinarySource::Bytes(bytes),
            media_type: None,
        }
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&'static [u8]> for BinaryBody {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

impl From<String> for BinaryBody {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

/// A `Content-Type` header value, or a configuration error naming it.
pub(crate) fn media_type_header<E: fmt::Debug>(media_type: &str) -> Result<HeaderValue, Error<E>> {
    HeaderValue::from_str(media_type).map_err(|_| {
        Error::Config(ConfigError(format!(
            "{media_type:?} is not a valid media type"
        )))
    })
}

impl RequestBuilder {
    /// Sets an `application/x-www-form-urlencoded` body, written from `body` as `encoding`
    /// says (see [`to_form`](crate::to_form) for the rules).
    pub fn form<E: fmt::Debug>(
        mut self,
        body: &impl Serialize,
        encoding: &FormEncoding,
    ) -> Result<Self, Error<E>> {
        let text = to_form(body, encoding).map_err(Error::Encode)?;
        self.body = Some(RequestBody::bytes(
            Bytes::from(text),
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        ));
        Ok(self)
    }

    /// Sets a binary body: `body`'s bytes or stream, sent as `body`'s media type if it names
    /// one, else as `media_type` (the spec's).
    pub fn binary<E: fmt::Debug>(
        mut self,
        body: BinaryBody,
        media_type: &str,
    ) -> Result<Self, Error<E>> {
        let content_type = media_type_header(body.media_type.as_deref().unwrap_or(media_type))?;
        let kind = match body.source {
            BinarySource::Bytes(bytes) => BodyKind::Bytes(bytes),
            BinarySource::Stream(stream) => BodyKind::Stream(Mutex::new(Some(stream))),
        };
        self.body = Some(RequestBody {
            content_type: Some(content_type),
            kind,
        });
        Ok(self)
    }

    /// Sets a text body of `media_type` (a `text/*` type; `; charset=utf-8` is added where it
    /// names no charset).
    pub fn text_as<E: fmt::Debug>(
        mut self,
        body: &str,
        media_type: &str,
    ) -> Result<Self, Error<E>> {
        let content_type = if media_type.to_ascii_lowercase().contains("charset=") {
            media_type_header(media_type)?
        } else {
            media_type_header(&format!("{media_type}; charset=utf-8"))?
        };
        self.body = Some(RequestBody::bytes(
            Bytes::copy_from_slice(body.as_bytes()),
            content_type,
        ));
        Ok(self)
    }
}
