//! The HTTP pipeline every generated client method runs: build the request, send it with the
//! retry policy, and turn the response into a typed value or an [`Error`] that keeps everything
//! the server sent.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use super::auth::{Credential, Credentials, Resolved, Security};
use super::error::{ApiError, ConfigError, DecodeError, Error, Rejected};
use super::retry::{
    is_idempotent, is_retryable_status, retry_after, RetryPolicy, MAX_SERVER_DELAY,
};
use super::validate::{Checks, Validate, ValidationError, Validator, Violation};
use super::xml::{from_xml, to_xml, XmlBody, XmlValue};

mod body;
mod events;
mod multipart;
mod params;
mod request;
mod response;
mod send;
mod stream;
#[cfg(test)]
mod tests;

pub use body::BinaryBody;
pub(crate) use body::*;
pub use events::{DecodeEvent, Event, EventStream, DEFAULT_RECONNECT_DELAY};
pub use multipart::{FilePart, Multipart};
pub use params::QueryStyle;
pub use request::*;
pub use response::*;
use send::*;
pub(crate) use stream::*;
pub use stream::{ByteStream, JsonLines, StreamingResponse};

/// The least capacity a JSON body starts with (what `serde_json::to_vec` starts with).
const MIN_BODY_CAPACITY: usize = 128;

/// The most capacity a JSON body starts with, however large the last one was.
const BODY_CAPACITY_LIMIT: usize = 1 << 20;

/// The most capacity a response body read in several chunks is given up front, whatever
/// length it announced.
const RESPONSE_PRESIZE_LIMIT: usize = 1 << 20;

/// The timeout of one attempt unless the builder sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` sent unless the builder sets another.
pub const DEFAULT_USER_AGENT: &str = concat!("ordergen-client/", env!("CARGO_PKG_VERSION"));

/// What a generated `Client` is made from; lets [`ClientBuilder`] build any of them.
pub trait ApiClient: Sized {
    fn from_http(http: HttpClient) -> Self;
}

/// Builds a generated `Client`: base URL, timeout, retries, user agent, extra and secret headers,
/// and optionally a `reqwest::Client` of your own (its connection pool, proxy and TLS settings are
/// used; the timeout and user agent set here still apply to each request).
pub struct ClientBuilder<C> {
    base_url: String,
    timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    reqwest: Option<reqwest::Client>,
    headers: Vec<(String, String, bool)>,
    max_response_bytes: usize,
    format: Format,
    credentials: Vec<(&'static str, Credential)>,
    client: PhantomData<fn() -> C>,
}

/// The body format a client sends and asks for. Operations whose spec offers only one format
/// use that one whatever is chosen here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// JSON bodies, `Accept: application/json`.
    #[default]
    Json,
    /// XML bodies, as the spec's `xml` objects describe them, and XML responses where the spec
    /// declares them (`Accept` names the spec's XML media type).
    Xml,
}

/// The largest response body read unless the builder sets another limit.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

impl<C: ApiClient> ClientBuilder<C> {
    /// Starts from `base_url`, e.g. `https://reit.connectors.aicoflow.com`.
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            reqwest: None,
            headers: Vec::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            format: Format::Json,
            credentials: Vec::new(),
            client: PhantomData,
        }
    }

    /// The timeout of each attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The `User-Agent` sent with each request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest response body the client reads (default 32 MiB); a larger one is an
    /// [`Error::ResponseTooLarge`] that keeps the status and headers.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The body format of every call (default [`Format::Json`]); a generated client's
    /// `with_format` changes it for some calls only.
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Sends requests through `client` instead of a new one.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`, as the default client is:
    /// reqwest's redirect handling forwards custom secret headers (such as an `api-key`) to the
    /// redirect target and turns a redirected `POST` into a `GET`. The runtime cannot stop a
    /// client from following a redirect; when one did, the call fails with an error saying so.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.reqwest = Some(client);
        self
    }

    /// A header sent with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into(), false));
        self
    }

    /// A header sent with every request whose value is a secret: it is marked sensitive and
    /// never appears in `Debug` output, errors or logs.
    pub fn secret_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into(), true));
        self
    }

    /// The credential of the security scheme `scheme` (its name in the spec), replacing any
    /// set before; see [`Credential`] for the kinds. Each operation sends the credentials of
    /// the schemes it accepts (see [`RequestBuilder::security`]).
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<C, ConfigError> {
        let shown = redact_url(&self.base_url);
        let base = Url::parse(&self.base_url)
            .map_err(|err| ConfigError(format!("base URL {shown:?}: {err}")))?;
        if !base.username().is_empty() || base.password().is_some() {
            return Err(ConfigError(
                "the base URL carries credentials; pass them as a (secret) header instead".into(),
            ));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(ConfigError(format!(
                "base URL {shown:?} must not have a query or fragment"
            )));
        }
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(ConfigError(format!(
                "base URL {shown:?} must be an http or https URL"
            )));
        }
        let mut headers = HeaderMap::new();
        for (name, value, secret) in &self.headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError(format!("{name:?} is not a valid header name")))?;
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                // The value may be a secret: name the header only.
                ConfigError(format!(
                    "the value of header {name:?} is not a valid header value"
                ))
            })?;
            value.set_sensitive(*secret);
            headers.append(header, value);
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| ConfigError(format!("{:?} is not a valid user agent", self.user_agent)))?;
        // A client of our own is given the client-wide headers once, here, rather than every
        // request a copy of them. reqwest keeps one value per default header, so a header set
        // more than once on the builder keeps the per-request path.
        let preset_headers = self.reqwest.is_none() && headers.keys_len() == headers.len();
        let preset_timeout = self.reqwest.is_none();
        let own_client = self.reqwest.is_some();
        let http = match self.reqwest {
            Some(client) => client,
            // A redirect would re-send the request elsewhere: reqwest drops only the headers it
            // knows to be secret (not `api-key`), and turns a redirected POST into a GET. A 3xx
            // is returned to the caller as an `Error::Api` with its `Location` instead.
            None => {
                // The timeout of each attempt is the client's own, too: set per request,
                // reqwest allocates a map to carry it in every request.
                // The read timeout bounds a streamed body, whose whole-request timeout is
                // lifted: each read (the head, then every chunk) must come within it.
                let mut builder = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(self.timeout)
                    .read_timeout(self.timeout);
                if preset_headers {
                    let mut defaults = headers.clone();
                    if !defaults.contains_key(USER_AGENT) {
                        defaults.insert(USER_AGENT, user_agent.clone());
                    }
                    if !defaults.contains_key(ACCEPT) {
                        defaults.insert(ACCEPT, HeaderValue::from_static("application/json"));
                    }
                    builder = builder.default_headers(defaults);
                }
                builder.build().map_err(|err| {
                    ConfigError(format!("the HTTP client could not be built: {err}"))
                })?
            }
        };
        // Token requests go through a client without the API's default headers, which may
        // hold secrets meant for the API alone; a client of the caller's is theirs to shape.
        let token_http = if !self.credentials.iter().any(|(_, c)| c.fetches_tokens()) {
            None
        } else if own_client {
            Some(http.clone())
        } else {
            Some(
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(self.timeout)
                    .user_agent(user_agent.clone())
                    .build()
                    .map_err(|err| {
                        ConfigError(format!("the HTTP client could not be built: {err}"))
                    })?,
            )
        };
        let mut credentials = Vec::with_capacity(self.credentials.len());
        for (scheme, credential) in self.credentials {
            credentials.push((
                scheme,
                credential.prepare(scheme, &base, token_http.as_ref())?,
            ));
        }
        let base = base.as_str().trim_end_matches('/').to_owned();
        let base_url =
            Url::parse(&base).map_err(|err| ConfigError(format!("base URL {shown:?}: {err}")))?;
        Ok(C::from_http(HttpClient {
            base,
            base_url,
            http,
            timeout: self.timeout,
            retry: self.retry,
            user_agent,
            headers,
            preset_headers,
            preset_timeout,
            body_size: Default::default(),
            max_response_bytes: self.max_response_bytes,
            format: self.format,
            credentials: Credentials(credentials.into()),
        }))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(name, value, secret)| {
                if *secret {
                    format!("{name}: <redacted>")
                } else {
                    format!("{name}: {value}")
                }
            })
            .collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact_url(&self.base_url))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("headers", &headers)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// A URL as it may be shown: user info and query, which may hold credentials, replaced.
pub(crate) fn redact_url(text: &str) -> String {
    match Url::parse(text) {
        Ok(mut url) => {
            if !url.username().is_empty() || url.password().is_some() {
                let _ = url.set_username("redacted");
                let _ = url.set_password(None);
            }
            if url.query().is_some() {
                url.set_query(Some("redacted"));
            }
            url.to_string()
        }
        Err(_) => "<not a URL>".to_owned(),
    }
}

/// Fills the `{variables}` of a server URL template, checking each value so that it cannot
/// change the URL's structure (no `/`, `.`, `@`, `:` or other characters outside a DNS label).
pub fn server_url(
    template: &str,
    variables: &[(&str, &str, &[&str])],
) -> Result<String, ConfigError> {
    let mut url = template.to_owned();
    for (name, value, allowed) in variables {
        if !allowed.is_empty() && !allowed.contains(value) {
            return Err(ConfigError(format!(
                "server variable {name} must be one of {allowed:?}, not {value:?}"
            )));
        }
        let label_ok = !value.is_empty()
            && value.len() <= 63
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !value.starts_with('-')
            && !value.ends_with('-');
        if !label_ok {
            return Err(ConfigError(format!(
                "server variable {name} = {value:?} must be a host name label (letters, digits and inner hyphens)"
            )));
        }
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(url)
}

/// The configured HTTP client a generated `Client` wraps.
#[derive(Clone)]
pub struct HttpClient {
    base: String,
    /// `base`, parsed.
    base_url: Url,
    http: reqwest::Client,
    timeout: Duration,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    headers: HeaderMap,
    /// Whether `http` already sends `headers`, the user agent and the default `Accept` (as
    /// default headers, which reqwest adds where a request sets none).
    preset_headers: bool,
    /// Whether `http` already applies `timeout` to every request.
    preset_timeout: bool,
    /// The size of the last body this client (or a clone of it) sent, at most
    /// [`BODY_CAPACITY_LIMIT`]: the capacity a JSON body starts with, so that one of the usual
    /// size is written without growing its buffer again and again.
    body_size: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    max_response_bytes: usize,
    format: Format,
    /// The credentials of the security schemes, by name.
    credentials: Credentials,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("HttpClient")
            .field("base", &self.base)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("headers", &header_names)
            .field("format", &self.format)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}
