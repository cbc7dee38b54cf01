//! The one error type of every client call, and what it carries. Nothing the server sent is
//! dropped: status, headers and the raw body are always kept.

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::{CredentialError, ValidationError, XmlError};

/// Why a client call failed. The variants that carry a response are boxed, so a `Result`
/// stays small on the happy path. `E` is the operation's typed error body (see the operation's
/// `...Error` enum); `Infallible` where the spec declares none.
#[derive(Debug, thiserror::Error)]
pub enum Error<E: fmt::Debug = Infallible> {
    /// The request breaks constraints of the spec; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    InvalidRequest(#[from] ValidationError),
    /// The client could not be built, or a URL could not be formed.
    #[error("invalid client configuration: {0}")]
    Config(#[from] ConfigError),
    /// The request body could not be encoded; nothing was sent.
    #[error("the request body could not be encoded, nothing was sent: {0}")]
    Encode(#[source] serde_json::Error),
    /// The request body could not be written as XML; nothing was sent.
    #[error("the request body could not be written as XML, nothing was sent: {0}")]
    EncodeXml(#[source] XmlError),
    /// No usable response: the connection failed or was reset, or the body could not be read
    /// to its end. In the last case `status` and `headers` say what had arrived: a create may
    /// have succeeded, so look before sending it again.
    #[error("{method} {path}: no usable response after {attempts} attempt(s)")]
    Transport {
        method: Method,
        /// The path template, e.g. `/api/orders/{order_id}`.
        path: &'static str,
        attempts: u32,
        /// The status, when the response had begun.
        status: Option<StatusCode>,
        /// The headers, when the response had begun (empty otherwise).
        headers: Box<HeaderMap>,
        #[source]
        source: reqwest::Error,
    },
    /// The response body was larger than the client's limit (`max_response_bytes`).
    #[error("{method} {path}: the {status} response is larger than {limit} bytes")]
    ResponseTooLarge {
        method: Method,
        path: &'static str,
        status: StatusCode,
        headers: Box<HeaderMap>,
        limit: usize,
    },
    /// No response within the configured timeout.
    #[error("{method} {path}: no response within {timeout:?} after {attempts} attempt(s)")]
    Timeout {
        method: Method,
        path: &'static str,
        attempts: u32,
        timeout: Duration,
        #[source]
        source: reqwest::Error,
    },
    /// The credential of a security scheme could not be had (the OAuth2 token endpoint
    /// failed or refused); nothing was sent to the API.
    #[error("no credential, nothing was sent: {0}")]
    Credentials(#[from] Box<CredentialError>),
    /// The server answered with a status that is not a success.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The server answered with a success status, but the body is not what the spec says.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The server answered with a success status, but the body says the operation failed
    /// (for example planso's `success: false`).
    #[error("{0}")]
    Rejected(Box<Rejected>),
}

/// A response with a status that is not a success, with everything the server sent.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub method: Method,
    /// The path template of the operation.
    pub path: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// The body decoded as the error schema the spec declares for this status, when it has one
    /// and the body fits it.
    pub typed: Option<E>,
}

impl<E> ApiError<E> {
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        lossy_text(&self.body)
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: the server answered {}: {}",
            self.method,
            self.path,
            self.status,
            snippet(&self.body)
        )
    }
}

/// A success response whose body does not fit the spec.
#[derive(Debug, Clone)]
pub struct DecodeError {
    pub method: Method,
    pub path: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// Where in the body decoding failed: in a JSON body a path such as `items[2].order_date`
    /// (`.` for the whole body), in an XML body an element path such as
    /// `/OrderHeadResponse/OrderLines/OrderLineRequest[2]/LineNumber`.
    pub json_path: String,
    /// What was wrong there.
    pub message: String,
}

impl DecodeError {
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        lossy_text(&self.body)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: the {} response does not fit the spec at `{}`: {}",
            self.method, self.path, self.status, self.json_path, self.message
        )
    }
}

/// A success status whose body reports that the operation failed.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub method: Method,
    pub path: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// The server's reason, when the body carries one.
    pub message: Option<String>,
}

impl Rejected {
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        lossy_text(&self.body)
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: the server answered {} but reported a failure",
            self.method, self.path, self.status
        )?;
        match &self.message {
            Some(message) if !message.is_empty() => write!(f, ": {message}"),
            _ => write!(f, " without a reason"),
        }
    }
}

/// A client that cannot be built as configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub(crate) String);

/// A body as text, invalid UTF-8 replaced.
fn lossy_text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// At most this much of a body goes into an error message; the whole body stays in the error.
const SNIPPET_CHARS: usize = 300;

fn snippet(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_happened_and_keep_the_body() {
        let error: Error = Error::Api(Box::new(ApiError {
            method: Method::PUT,
            path: "/api/orders/{order_id}",
            status: StatusCode::NOT_FOUND,
            headers: HeaderMap::new(),
            body: Bytes::from("x".repeat(400)),
            typed: None,
        }));
        let text = error.to_string();
        assert!(
            text.starts_with("PUT /api/orders/{order_id}: the server answered 404 Not Found: xxx")
        );
        assert!(text.ends_with("..."));
        let rejected = Rejected {
            method: Method::POST,
            path: "/api/orders",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(br#"{"success":false,"message":"plate unknown"}"#),
            message: Some("plate unknown".into()),
        };
        assert_eq!(
            rejected.to_string(),
            "POST /api/orders: the server answered 200 OK but reported a failure: plate unknown"
        );
        assert_eq!(
            rejected.body_text(),
            r#"{"success":false,"message":"plate unknown"}"#
        );
    }
}
