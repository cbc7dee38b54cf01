//! `ordergen-runtime`: the hand-written runtime shared by every generated API module.
//!
//! This crate is **not** generated: it is maintained by hand. The `generated` crate depends on it
//! and names it `generated::runtime`; `cargo xtask gen --spec FILE --out DIR` writes a copy of it
//! beside a standalone crate (`DIR/runtime`). The generated modules call into it for the
//! pieces that are the same for every API: three-state fields, vendor date formats, open enums,
//! request validation, XML bodies, and the HTTP pipeline (retries, errors, secrets, tracing) that every
//! generated client method runs.

mod auth;
mod dates;
mod error;
mod form;
mod http;
mod macros;
mod nullable;
pub mod object;
mod retry;
mod tagged;
mod validate;
mod xml;

pub use auth::{Credential, CredentialError, OAuth2, Security, TokenFuture, TokenProvider};
pub use dates::{DateFormatError, DmyDate, DmyDateTime, YmdDateTime};
pub use error::{ApiError, ConfigError, DecodeError, Error, Rejected};
pub use form::{to_form, ArrayStyle, FormEncoding, Nesting};
pub use http::{
    decode_json, decode_text, no_error_body, server_url, ApiClient, BinaryBody, BodyError,
    ByteStream, ClientBuilder, DecodeErrorBody, DecodeEvent, Event, EventStream, FilePart, Format,
    HttpClient, JsonLines, Multipart, QueryStyle, RawResponse, RequestBuilder, Response,
    StreamingResponse, DEFAULT_RECONNECT_DELAY, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use nullable::Nullable;
pub use retry::{RetryPolicy, MAX_SERVER_DELAY};
pub use tagged::{deserialize_tagged, serialize_tagged};
pub use validate::{OpenEnum, Validate, ValidationError, Validator, Violation};
pub use xml::{
    from_xml, parse as parse_xml, to_xml, unknown_name, XmlBody, XmlDocument, XmlElement, XmlError,
    XmlField, XmlFieldValue, XmlMembers, XmlName, XmlNode, XmlPresence, XmlValue, XSI_NAMESPACE,
};

/// serde, for what [`serde_object!`] expands to.
#[doc(hidden)]
pub use serde as __serde;

/// Re-exported so that users name the same `reqwest` types the runtime uses.
pub use bytes::Bytes;
pub use reqwest::{header::HeaderMap, Method, StatusCode};

/// The HTTP client crate the runtime sends requests with, for `reqwest_client` and its types.
pub use reqwest;
