//! The HTTP pipeline every generated client method runs: build the request, send it with the
//! retry policy, and turn the response into a typed value or an [`Error`] that keeps everything
//! the server sent.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use super::error::{ApiError, ConfigError, DecodeError, Error, Rejected};
use super::retry::{
    is_idempotent, is_retryable_status, retry_after, RetryPolicy, MAX_SERVER_DELAY,
};
use super::validate::{Checks, Validate, ValidationError, Validator, Violation};
use super::xml::{from_xml, to_xml, XmlBody, XmlValue};

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
        let http = match self.reqwest {
            Some(client) => client,
            // A redirect would re-send the request elsewhere: reqwest drops only the headers it
            // knows to be secret (not `api-key`), and turns a redirected POST into a GET. A 3xx
            // is returned to the caller as an `Error::Api` with its `Location` instead.
            None => {
                // The timeout of each attempt is the client's own, too: set per request,
                // reqwest allocates a map to carry it in every request.
                let mut builder = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(self.timeout);
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
            .finish_non_exhaustive()
    }
}

/// A URL as it may be shown: user info and query, which may hold credentials, replaced.
fn redact_url(text: &str) -> String {
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
            .finish_non_exhaustive()
    }
}

/// One request being put together by a generated method.
#[derive(Debug)]
pub struct RequestBuilder {
    method: Method,
    template: &'static str,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    body: Option<(Bytes, &'static str)>,
    /// Parameter values that cannot be sent, reported when the request is sent.
    invalid: Vec<Violation>,
    /// The body format chosen for the client.
    format: Format,
    /// The capacity a JSON body starts with: the size of the client's last body.
    body_capacity: usize,
}

impl RequestBuilder {
    /// Fills `{name}` in the path with `value`, percent-encoded as one path segment. An empty
    /// value, `.` or `..` would change which resource the path names: the request is then
    /// refused when sent.
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        if matches!(value.as_str(), "" | "." | "..") {
            self.invalid.push(Violation {
                path: name.to_owned(),
                message: format!("{value:?} cannot be a path segment"),
            });
        }
        let encoded = encode_segment(&value);
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        self
    }

    /// Refuses the request when sent unless the path parameter `name` has the same value as the
    /// body's `field` (`x-body-field`): the two name the same thing, and a request where they
    /// differ would leave the server to pick one. Compared by their text, before the path
    /// value is percent-encoded.
    pub fn same_in_body(
        mut self,
        name: &'static str,
        field: &'static str,
        in_path: impl fmt::Display,
        in_body: impl fmt::Display,
    ) -> Self {
        let (in_path, in_body) = (in_path.to_string(), in_body.to_string());
        if in_path != in_body {
            self.invalid.push(Violation {
                path: name.to_owned(),
                message: format!(
                    "is {in_path:?} in the path but {in_body:?} in the body's `{field}`; both must name the same"
                ),
            });
        }
        self
    }

    /// Checks parameter values against the constraints of their spec (`checks`, written out by
    /// the generated method): what breaks one is reported when the body is validated, or when
    /// the request is sent, with every other violation.
    pub fn checked(mut self, checks: impl Fn(&mut Validator)) -> Self {
        if let Err(error) = Checks(checks).validate() {
            self.invalid.extend(error.into_violations());
        }
        self
    }

    /// [`valid_with`](Self::valid_with) for a body that is not a generated type (an array, a
    /// map, or a scalar with constraints), whose `checks` the generated method writes out.
    pub fn valid_with_checks<E: fmt::Debug>(
        self,
        checks: impl Fn(&mut Validator),
    ) -> Result<Self, Error<E>> {
        self.valid_with(&Checks(checks))
    }

    /// Checks `body` against the constraints of its spec: when it breaks one, or a parameter
    /// value recorded so far cannot be sent, the call fails here with every violation (the
    /// body's first), before the body is encoded.
    pub fn valid_with<E: fmt::Debug>(mut self, body: &impl Validate) -> Result<Self, Error<E>> {
        let checked = body.validate();
        if checked.is_ok() && self.invalid.is_empty() {
            return Ok(self);
        }
        let mut violations = checked
            .err()
            .map_or_else(Vec::new, ValidationError::into_violations);
        violations.append(&mut self.invalid);
        Err(Error::InvalidRequest(ValidationError::from_violations(
            violations,
        )))
    }

    /// Adds `name=value` to the query string.
    pub fn query(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Adds a header parameter.
    pub fn header<E: fmt::Debug>(
        mut self,
        name: &'static str,
        value: impl fmt::Display,
    ) -> Result<Self, Error<E>> {
        let invalid = || {
            Error::Config(ConfigError(format!(
                "header parameter {name}: not a valid header"
            )))
        };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut value = HeaderValue::from_str(&value.to_string()).map_err(|_| invalid())?;
        // Credentials passed as parameters are as secret as those set on the builder.
        value.set_sensitive(is_credential_header(&header));
        self.headers.append(header, value);
        Ok(self)
    }

    /// Sets a JSON body.
    pub fn json<E: fmt::Debug>(mut self, body: &impl Serialize) -> Result<Self, Error<E>> {
        let mut bytes = Vec::with_capacity(self.body_capacity);
        serde_json::to_writer(&mut bytes, body).map_err(Error::Encode)?;
        self.body = Some((Bytes::from(bytes), "application/json"));
        Ok(self)
    }

    /// Sets the body as JSON, or as XML (`xml`'s media type and root element) when the client's
    /// format is [`Format::Xml`].
    pub fn json_or_xml<T, E>(self, body: &T, xml: &XmlBody) -> Result<Self, Error<E>>
    where
        T: Serialize + XmlValue,
        E: fmt::Debug,
    {
        match self.format {
            Format::Json => self.json(body),
            Format::Xml => self.xml(body, xml),
        }
    }

    /// Sets an XML body (`xml`'s media type and root element), for operations offered in XML
    /// only.
    pub fn xml<T: XmlValue, E: fmt::Debug>(
        mut self,
        body: &T,
        xml: &XmlBody,
    ) -> Result<Self, Error<E>> {
        let text = to_xml(body, &xml.root).map_err(Error::EncodeXml)?;
        self.body = Some((Bytes::from(text), xml.media_type));
        Ok(self)
    }

    /// Asks for an XML response (`media_type`) when the client's format is [`Format::Xml`].
    pub fn accept_xml(self, media_type: &'static str) -> Self {
        match self.format {
            Format::Json => self,
            Format::Xml => self.accept(media_type),
        }
    }

    /// Asks for a response of `media_type` (the default is `application/json`).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.headers
            .insert(ACCEPT, HeaderValue::from_static(media_type));
        self
    }

    /// Sets a plain-text body.
    pub fn text(mut self, body: &str) -> Self {
        self.body = Some((
            Bytes::copy_from_slice(body.as_bytes()),
            "text/plain; charset=utf-8",
        ));
        self
    }
}

impl HttpClient {
    /// Starts a request for the path template `template` (e.g. `/api/orders/{order_id}`).
    pub fn request(&self, method: Method, template: &'static str) -> RequestBuilder {
        RequestBuilder {
            method,
            template,
            path: template.to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            invalid: Vec::new(),
            format: self.format,
            body_capacity: self
                .body_size
                .load(std::sync::atomic::Ordering::Relaxed)
                .max(MIN_BODY_CAPACITY),
        }
    }

    /// The body format requests are sent in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The same client, sending and asking for `format`.
    pub fn with_format(&self, format: Format) -> Self {
        HttpClient {
            format,
            ..self.clone()
        }
    }

    /// Sends `request`, retrying as the policy allows, and returns the final response.
    ///
    /// A plain function returning the future, rather than an `async fn`: an `async fn` keeps
    /// its arguments for its whole life and copies them again into its body, and this future is
    /// moved whole on every call. The request is held once, and the steps below borrow it.
    #[allow(clippy::manual_async_fn)] // deliberately not an `async fn`: see above
    pub fn send<E: fmt::Debug>(
        &self,
        mut request: RequestBuilder,
    ) -> impl Future<Output = Result<RawResponse, Error<E>>> + Send + '_ {
        async move {
            let span = tracing::info_span!(
                "http_request",
                method = %request.method,
                path = request.template,
                status = tracing::field::Empty,
                attempt = tracing::field::Empty,
            );
            if let Some((body, _)) = &request.body {
                self.body_size.store(
                    body.len().min(BODY_CAPACITY_LIMIT),
                    std::sync::atomic::Ordering::Relaxed,
                );
            }
            if !request.invalid.is_empty() {
                return Err(Error::InvalidRequest(ValidationError::from_violations(
                    std::mem::take(&mut request.invalid),
                )));
            }
            let url = self.url(&request)?;
            // Without a subscriber that wants it, the span would only be entered and left on
            // every poll for nothing.
            if span.is_disabled() {
                self.send_with_retries(&request, &url, &span).await
            } else {
                self.send_with_retries(&request, &url, &span)
                    .instrument(span.clone())
                    .await
            }
        }
    }

    async fn send_with_retries<E: fmt::Debug>(
        &self,
        request: &RequestBuilder,
        url: &Url,
        span: &tracing::Span,
    ) -> Result<RawResponse, Error<E>> {
        let idempotent = is_idempotent(&request.method);
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let outcome = self.attempt(request, url).await;
            let (retry_wanted, server_delay) = match &outcome {
                Ok((status, headers, _)) => {
                    let retry_wanted = idempotent && is_retryable_status(*status);
                    // `Retry-After` only matters to a response that is retried.
                    let server_delay = retry_wanted
                        .then(|| retry_after(headers, SystemTime::now()))
                        .flatten();
                    (retry_wanted, server_delay)
                }
                // A connection that was never established carried nothing: safe for any method.
                // Anything later may have reached the server: only a safe method is repeated.
                Err(Failure::Transport { source, status, .. }) => (
                    (status.is_none() && source.is_connect())
                        || (idempotent && !source.is_builder()),
                    None,
                ),
                Err(Failure::TooLarge { .. } | Failure::Redirected { .. }) => (false, None),
            };
            if retry_wanted && attempt < self.retry.max_attempts {
                let delay = server_delay.unwrap_or_else(|| self.retry.backoff(attempt));
                let in_budget = delay <= MAX_SERVER_DELAY
                    && started
                        .elapsed()
                        .checked_add(delay)
                        .is_some_and(|at| at <= self.retry.max_elapsed);
                if in_budget {
                    match &outcome {
                        Ok((status, _, _)) => {
                            tracing::warn!(%status, ?delay, "retrying after a transient status")
                        }
                        Err(failure) => {
                            tracing::warn!(error = %failure, ?delay, "retrying after a transport error")
                        }
                    }
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            let (method, path) = (request.method.clone(), request.template);
            return match outcome {
                Ok((status, headers, body)) => {
                    span.record("status", status.as_u16());
                    Ok(RawResponse {
                        method,
                        path,
                        status,
                        headers,
                        body,
                    })
                }
                Err(Failure::Transport { source, .. }) if source.is_timeout() => {
                    Err(Error::Timeout {
                        method,
                        path,
                        attempts: attempt,
                        timeout: self.timeout,
                        source,
                    })
                }
                Err(Failure::Transport {
                    source,
                    status,
                    headers,
                }) => Err(Error::Transport {
                    method,
                    path,
                    attempts: attempt,
                    status,
                    headers: Box::new(headers),
                    source,
                }),
                Err(Failure::TooLarge {
                    status,
                    headers,
                    limit,
                }) => Err(Error::ResponseTooLarge {
                    method,
                    path,
                    status,
                    headers: Box::new(headers),
                    limit,
                }),
                Err(Failure::Redirected { to }) => Err(Error::Config(ConfigError(format!(
                    "{method} {path}: the reqwest::Client given to the builder followed a redirect to {to}; build it with redirect(reqwest::redirect::Policy::none())"
                )))),
            };
        }
    }

    /// One attempt: the status, headers and whole body, or why there is none.
    async fn attempt(
        &self,
        request: &RequestBuilder,
        url: &Url,
    ) -> Result<(StatusCode, HeaderMap, Bytes), Failure> {
        let no_response = |source| Failure::Transport {
            source,
            status: None,
            headers: HeaderMap::new(),
        };
        let mut builder = self.http.request(request.method.clone(), url.clone());
        if !self.preset_timeout {
            builder = builder.timeout(self.timeout);
        }
        if self.preset_headers {
            // The client-wide headers are reqwest's defaults, added where the request sets none:
            // a per-call header of the same name is left out, so it cannot replace a secret set
            // on the builder.
            if request
                .headers
                .keys()
                .any(|name| self.headers.contains_key(name))
            {
                let mut own = request.headers.clone();
                for name in self.headers.keys() {
                    own.remove(name);
                }
                builder = builder.headers(own);
            } else if !request.headers.is_empty() {
                builder = builder.headers(request.headers.clone());
            }
        } else {
            // Client-wide headers last, so a per-call header cannot replace a secret set on the
            // builder; the defaults only where neither sets one.
            builder = builder
                .headers(request.headers.clone())
                .headers(self.headers.clone());
            if !self.headers.contains_key(USER_AGENT) {
                builder = builder.header(USER_AGENT, self.user_agent.clone());
            }
            if !request.headers.contains_key(ACCEPT) && !self.headers.contains_key(ACCEPT) {
                builder = builder.header(ACCEPT, "application/json");
            }
        }
        if let Some((body, content_type)) = &request.body {
            // `Bytes` is shared, not copied: every attempt sends the same body.
            builder = builder
                .header(CONTENT_TYPE, *content_type)
                .body(body.clone());
        }
        let mut response = builder.send().await.map_err(no_response)?;
        if response.url() != url {
            let mut to = response.url().clone();
            to.set_query(None);
            return Err(Failure::Redirected { to });
        }
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        // A body announced as larger than the limit is refused before it is read.
        let announced = response.content_length();
        if announced.is_some_and(|length| length > self.max_response_bytes as u64) {
            return Err(Failure::TooLarge {
                status,
                headers,
                limit: self.max_response_bytes,
            });
        }
        // Read chunk by chunk, so that the limit also stops a body that announced no length.
        // A body that arrives in one chunk (the usual case) is kept as it came, without a copy;
        // one in several is copied into one buffer, sized up front for the announced length
        // only up to `RESPONSE_PRESIZE_LIMIT`: the length is the server's word, and a false
        // one must not make the client reserve memory for bytes that never come.
        let presize = announced.map_or(0, |length| {
            length.min(RESPONSE_PRESIZE_LIMIT as u64) as usize
        });
        let mut body = BodyBuffer::Empty;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_response_bytes {
                        return Err(Failure::TooLarge {
                            status,
                            headers,
                            limit: self.max_response_bytes,
                        });
                    }
                    body.push(chunk, presize);
                }
                Ok(None) => break,
                Err(source) => {
                    return Err(Failure::Transport {
                        source,
                        status: Some(status),
                        headers,
                    })
                }
            }
        }
        Ok((status, headers, body.into_bytes()))
    }

    /// The base URL with the request's path and query. The base was parsed once, when the
    /// client was built: parsing `base + path` again for every call cost more than anything
    /// else the client adds to a call (its host goes through IDNA each time). A path with a
    /// character that reading `base + path` would treat otherwise than as part of the path (a
    /// `?` or `#` in the spec's template, a space, a backslash) is read that way, as it
    /// always was.
    fn url<E: fmt::Debug>(&self, request: &RequestBuilder) -> Result<Url, Error<E>> {
        let plain = request
            .path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-._~%!$&'()*+,;=:@".contains(&b));
        let mut url = if plain {
            let mut url = self.base_url.clone();
            let base_path = match self.base_url.path() {
                "/" => "",
                path => path,
            };
            let mut path = String::with_capacity(base_path.len() + request.path.len());
            path.push_str(base_path);
            path.push_str(&request.path);
            url.set_path(&path);
            url
        } else {
            Url::parse(&format!("{}{}", self.base, request.path)).map_err(|err| {
                Error::Config(ConfigError(format!(
                    "request URL for {}: {err}",
                    request.template
                )))
            })?
        };
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

/// A response body being read: nothing yet, the first chunk as it came, or the chunks so far
/// copied into one buffer.
enum BodyBuffer {
    Empty,
    One(Bytes),
    Many(Vec<u8>),
}

impl BodyBuffer {
    fn len(&self) -> usize {
        match self {
            BodyBuffer::Empty => 0,
            BodyBuffer::One(bytes) => bytes.len(),
            BodyBuffer::Many(bytes) => bytes.len(),
        }
    }

    /// Adds the next chunk; `presize` is the capacity to give a buffer the chunks are joined in
    /// (it grows past that if more arrives).
    fn push(&mut self, chunk: Bytes, presize: usize) {
        *self = match std::mem::replace(self, BodyBuffer::Empty) {
            BodyBuffer::Empty => BodyBuffer::One(chunk),
            BodyBuffer::One(first) => {
                let mut bytes = Vec::with_capacity(presize.max(first.len() + chunk.len()));
                bytes.extend_from_slice(&first);
                bytes.extend_from_slice(&chunk);
                BodyBuffer::Many(bytes)
            }
            BodyBuffer::Many(mut bytes) => {
                bytes.extend_from_slice(&chunk);
                BodyBuffer::Many(bytes)
            }
        };
    }

    fn into_bytes(self) -> Bytes {
        match self {
            BodyBuffer::Empty => Bytes::new(),
            BodyBuffer::One(bytes) => bytes,
            BodyBuffer::Many(bytes) => Bytes::from(bytes),
        }
    }
}

/// Why an attempt produced no usable response.
enum Failure {
    /// No response, or one whose body could not be read (`status` and `headers` then say what
    /// had arrived).
    Transport {
        source: reqwest::Error,
        status: Option<StatusCode>,
        headers: HeaderMap,
    },
    /// The body was larger than the builder allows.
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
        limit: usize,
    },
    /// A caller-supplied client followed a redirect.
    Redirected { to: Url },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Transport { source, .. } => write!(f, "{source}"),
            Failure::TooLarge { limit, .. } => write!(f, "response larger than {limit} bytes"),
            Failure::Redirected { to } => write!(f, "redirected to {to}"),
        }
    }
}

/// Headers that carry credentials by convention.
fn is_credential_header(name: &HeaderName) -> bool {
    [
        "authorization",
        "proxy-authorization",
        "cookie",
        "api-key",
        "x-api-key",
    ]
    .contains(&name.as_str())
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A response as received, before it is decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    method: Method,
    path: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// A decoded success response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Decodes an operation's declared error body for a status, if the body fits it.
pub type DecodeErrorBody<E> = fn(StatusCode, &[u8]) -> Option<E>;

/// Why a success body could not be decoded: where, and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    /// Where in the body decoding failed (`.` for the whole body).
    pub json_path: String,
    pub message: String,
}

impl BodyError {
    /// A success status the spec does not declare for the operation.
    pub fn undeclared_status(status: u16) -> Self {
        BodyError {
            json_path: ".".to_owned(),
            message: format!("status {status} is not a success response the spec declares"),
        }
    }
}

/// Decodes a JSON body as `T`, naming the path where it does not fit.
///
/// An empty body (nothing, or only whitespace) is read as the JSON `null`: a body type the
/// spec allows to be `null` takes it (a success that returns nothing); any other type is told
/// that the body is empty.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    if body.trim_ascii().is_empty() {
        return serde_json::from_slice(b"null").map_err(|err| BodyError {
            json_path: ".".to_owned(),
            message: format!("the body is empty, and {err}"),
        });
    }
    // Tracking the path costs about half again as much as decoding: pay it only to explain a
    // failure.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => deserializer.end().map(|()| value).map_err(|err| BodyError {
            json_path: ".".to_owned(),
            message: err.to_string(),
        }),
        Err(err) => Err(BodyError {
            json_path: err.path().to_string(),
            message: err.into_inner().to_string(),
        }),
    }
}

/// Decodes a plain-text body.
pub fn decode_text(body: &[u8]) -> Result<String, BodyError> {
    String::from_utf8(body.to_vec()).map_err(|err| BodyError {
        json_path: ".".to_owned(),
        message: format!("the text body is not UTF-8: {err}"),
    })
}

/// For operations whose spec declares no error body.
pub fn no_error_body(_status: StatusCode, _body: &[u8]) -> Option<std::convert::Infallible> {
    None
}

/// What [`RawResponse::json_flagged`] reads first from a JSON object: the flag when it is a
/// boolean, the message when it is a string (the last of repeated keys, as in a
/// `serde_json::Value`). Anything but an object is an error.
struct FlagRead {
    flag: Option<bool>,
    message: Option<String>,
}

struct FlagSeed<'a> {
    flag: &'a str,
    message: Option<&'a str>,
}

impl<'de> serde::de::DeserializeSeed<'de> for FlagSeed<'_> {
    type Value = FlagRead;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<FlagRead, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FlagSeed<'_> {
    type Value = FlagRead;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<FlagRead, A::Error> {
        let mut read = FlagRead {
            flag: None,
            message: None,
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.flag {
                read.flag = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::Bool(flag) => Some(flag),
                    _ => None,
                };
            } else if Some(key.as_ref()) == self.message {
                read.message = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(message) => Some(message),
                    _ => None,
                };
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(read)
    }
}

impl RawResponse {
    /// A success status decodes the JSON body as `T`; any other status is an [`Error::Api`].
    pub fn json<T: DeserializeOwned, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<T>, Error<E>> {
        self.decode_with(decode_error, |_, body| decode_json(body))
    }

    /// A success status decodes the body with `decode`, which may look at the status (for
    /// operations whose success responses differ); any other status is an [`Error::Api`].
    pub fn decode_with<T, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
        decode: impl FnOnce(StatusCode, &[u8]) -> Result<T, BodyError>,
    ) -> Result<Response<T>, Error<E>> {
        let raw = self.success(decode_error)?;
        match decode(raw.status, &raw.body) {
            Ok(body) => Ok(Response {
                status: raw.status,
                headers: raw.headers,
                body,
            }),
            Err(BodyError { json_path, message }) => Err(Error::Decode(Box::new(DecodeError {
                json_path,
                message,
                method: raw.method,
                path: raw.path,
                status: raw.status,
                headers: raw.headers,
                body: raw.body,
            }))),
        }
    }

    /// Like [`RawResponse::json`] for operations whose success body may also come as XML: an
    /// XML `Content-Type` decodes the body as the document `xml` describes.
    pub fn json_or_xml<T, E>(
        self,
        decode_error: DecodeErrorBody<E>,
        xml: &XmlBody,
    ) -> Result<Response<T>, Error<E>>
    where
        T: DeserializeOwned + XmlValue,
        E: fmt::Debug,
    {
        if !self.is_xml() {
            return self.json(decode_error);
        }
        self.xml(decode_error, xml)
    }

    /// A success status decodes the body as the XML document `xml` describes; any other
    /// status is an [`Error::Api`].
    pub fn xml<T: XmlValue, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
        xml: &XmlBody,
    ) -> Result<Response<T>, Error<E>> {
        let root = xml.root;
        self.decode_with(decode_error, move |_, body| {
            from_xml(body, &root).map_err(|err| BodyError {
                json_path: err.path(),
                message: err.message().to_owned(),
            })
        })
    }

    fn is_xml(&self) -> bool {
        let media = self
            .headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        let essence = media.split(';').next().unwrap_or("").trim();
        let suffix = essence
            .len()
            .checked_sub(4)
            .and_then(|at| essence.get(at..));
        essence.eq_ignore_ascii_case("application/xml")
            || essence.eq_ignore_ascii_case("text/xml")
            || suffix.is_some_and(|suffix| suffix.eq_ignore_ascii_case("+xml"))
    }

    /// Like [`RawResponse::json`] for operations whose body says whether they succeeded
    /// (`x-success-flag`): when the body's `flag` property is `false`, the call is an
    /// [`Error::Rejected`] carrying the `message` property and the raw body. The flag is read
    /// before the rest of the body, so a failure is reported as such even when other fields do
    /// not fit the spec. `flag_of` reads the flag from a decoded body.
    pub fn json_flagged<T: DeserializeOwned, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
        flag: &str,
        message: Option<&str>,
        flag_of: fn(&T) -> bool,
    ) -> Result<Response<T>, Error<E>> {
        let raw = self.success(decode_error)?;
        // Most answers say yes: a body that decodes and whose flag is `true` needs no other
        // read (a body with the flag twice does not decode, so its last flag is the one read).
        // Anything else is read again in the order the rule above needs.
        if let Ok(body) = serde_json::from_slice::<T>(&raw.body) {
            if flag_of(&body) {
                return Ok(Response {
                    status: raw.status,
                    headers: raw.headers,
                    body,
                });
            }
        }
        // Only the flag and the message are kept from this first read; everything else is
        // skipped without being built, so reading the flag first costs little.
        let seed = FlagSeed { flag, message };
        let mut deserializer = serde_json::Deserializer::from_slice(&raw.body);
        let read = serde::de::DeserializeSeed::deserialize(seed, &mut deserializer)
            .and_then(|read| deserializer.end().map(|()| read));
        if let Ok(FlagRead {
            flag: Some(false),
            message: reason,
        }) = read
        {
            // An empty reason is no reason.
            let reason = reason.filter(|m| !m.is_empty());
            return Err(Error::Rejected(Box::new(Rejected {
                method: raw.method,
                path: raw.path,
                status: raw.status,
                headers: raw.headers,
                body: raw.body,
                message: reason,
            })));
        }
        raw.json(decode_error)
    }

    /// A success status with no body of interest; any other status is an [`Error::Api`].
    pub fn empty<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<()>, Error<E>> {
        let raw = self.success(decode_error)?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            body: (),
        })
    }

    /// A success status with a plain-text body; any other status is an [`Error::Api`].
    pub fn text<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<String>, Error<E>> {
        self.decode_with(decode_error, |_, body| decode_text(body))
    }

    fn success<E: fmt::Debug>(self, decode_error: DecodeErrorBody<E>) -> Result<Self, Error<E>> {
        if self.status.is_success() {
            return Ok(self);
        }
        let typed = decode_error(self.status, &self.body);
        Err(Error::Api(Box::new(ApiError {
            method: self.method,
            path: self.path,
            status: self.status,
            headers: self.headers,
            body: self.body,
            typed,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Probe(HttpClient);

    impl ApiClient for Probe {
        fn from_http(http: HttpClient) -> Self {
            Probe(http)
        }
    }

    #[test]
    fn builder_checks_the_base_url_and_headers() {
        let ok = ClientBuilder::<Probe>::new("https://example.com/api/v2/")
            .build()
            .unwrap();
        assert_eq!(ok.0.base, "https://example.com/api/v2");
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://u:p@example.com",
            "https://x.com/?a=1",
        ] {
            assert!(ClientBuilder::<Probe>::new(bad).build().is_err(), "{bad}");
        }
        let err = ClientBuilder::<Probe>::new("https://example.com")
            .secret_header("api-key", "line\nbreak-secret")
            .build()
            .unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let builder = ClientBuilder::<Probe>::new("https://example.com")
            .secret_header("api-key", "s3cr3t-key")
            .header("x-tenant", "acme");
        let text = format!("{builder:?}");
        assert!(!text.contains("s3cr3t-key"), "{text}");
        assert!(
            text.contains("api-key: <redacted>") && text.contains("x-tenant: acme"),
            "{text}"
        );
        let client = builder.build().unwrap();
        let text = format!("{:?}", client.0);
        assert!(!text.contains("s3cr3t-key"), "{text}");
        assert!(text.contains("api-key"), "{text}");
    }

    #[test]
    fn base_urls_with_credentials_are_refused_without_showing_them() {
        for url in [
            "ftp://user:hunter2@h.example",
            "https://user:hunter2@h.example",
            "https://h.example/?api_key=SECRETQ",
        ] {
            let builder = ClientBuilder::<Probe>::new(url);
            let shown = format!("{builder:?}");
            let err = builder.build().unwrap_err().to_string();
            for text in [&shown, &err] {
                assert!(
                    !text.contains("hunter2") && !text.contains("SECRETQ"),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn credential_header_parameters_are_hidden_in_debug_output() {
        let client = ClientBuilder::<Probe>::new("https://example.com")
            .build()
            .unwrap()
            .0;
        let request = client
            .request(Method::GET, "/orders")
            .header::<std::convert::Infallible>("Authorization", "Bearer tok-123")
            .unwrap()
            .header::<std::convert::Infallible>("X-Trace", "visible")
            .unwrap();
        let text = format!("{request:?}");
        assert!(!text.contains("tok-123"), "{text}");
        assert!(text.contains("visible"), "{text}");
    }

    #[test]
    fn server_variables_are_checked_before_they_shape_a_url() {
        let template = "https://{subdomain}.quotevineapp.com/qvine/quotevine/api/v2";
        assert_eq!(
            server_url(template, &[("subdomain", "acme-leasing", &[])]).unwrap(),
            "https://acme-leasing.quotevineapp.com/qvine/quotevine/api/v2"
        );
        for bad in ["", "evil.com/x", "a@b", "-x", "x:80", "a b"] {
            assert!(
                server_url(template, &[("subdomain", bad, &[])]).is_err(),
                "{bad:?}"
            );
        }
        assert!(server_url(template, &[("subdomain", "b", &["a"])]).is_err());
    }

    #[test]
    fn path_values_are_encoded_as_one_segment() {
        let client = ClientBuilder::<Probe>::new("https://example.com/base")
            .build()
            .unwrap()
            .0;
        let request = client
            .request(Method::GET, "/orders/{id}/{branchId}")
            .path_param("id", "a/b c")
            .path_param("branchId", 75)
            .query("plate", "AB 12&x");
        let url = client.url::<std::convert::Infallible>(&request).unwrap();
        assert_eq!(
            url.as_str(),
            "https://example.com/base/orders/a%2Fb%20c/75?plate=AB+12%26x"
        );
    }

    /// Adding the path to the base URL parsed once gives the URL that parsing `base + path`
    /// gives, for the bases a client accepts and the paths its methods build.
    #[test]
    fn request_urls_are_the_base_and_the_path_read_together() {
        let bases = [
            "https://example.com",
            "https://example.com/",
            "http://127.0.0.1:8080",
            "https://example.com/api/v2/",
            "https://example.com/api//v2//",
            "https://EXAMPLE.com:443/a%20b",
            "https://bücher.example/shop",
            "http://[::1]:3000/x",
            "https://example.com/a/./b/../c",
            "https://example.com/ä ö",
        ];
        let paths: [(&str, &[(&'static str, &str)]); 11] = [
            ("/orders", &[]),
            ("/api/orders/{order_id}", &[("order_id", "12")]),
            (
                "/orders/{id}/{branchId}",
                &[("id", "a/b c?#%"), ("branchId", "ü")],
            ),
            ("/relationships/{id}/orders/", &[("id", "7")]),
            ("/Orders/{x}", &[("x", "...")]),
            // Templates a spec may hold that are not plain paths: read as `base + path` is.
            ("/orders?action=cancel", &[]),
            ("/orders#part", &[]),
            ("/orders ", &[]),
            ("/a\\b/{id}", &[("id", "1")]),
            ("/a b/ä/{id}", &[("id", "x y")]),
            ("/a/./b/../c;v=1/%7E", &[]),
        ];
        let mut checked = 0;
        for base in bases {
            let client = ClientBuilder::<Probe>::new(base).build().unwrap().0;
            for (template, params) in paths {
                let mut request = client.request(Method::GET, template);
                for (name, value) in params {
                    request = request.path_param(name, value);
                }
                request = request.query("q", "a b&c").query("r", "");
                let expected = {
                    let mut url = Url::parse(&format!("{}{}", client.base, request.path)).unwrap();
                    url.query_pairs_mut()
                        .append_pair("q", "a b&c")
                        .append_pair("r", "");
                    url
                };
                let url = client.url::<std::convert::Infallible>(&request).unwrap();
                assert_eq!(url, expected, "{base} {template}");
                checked += 1;
            }
        }
        assert_eq!(checked, 110);
    }

    /// A JSON body starts with the capacity of the client's last body (clones included), so
    /// that a body of the usual size is not grown from 128 bytes again on every call.
    #[tokio::test]
    async fn json_bodies_start_at_the_size_of_the_last_one() {
        let client = ClientBuilder::<Probe>::new("http://127.0.0.1:9")
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap()
            .0;
        assert_eq!(
            client.request(Method::POST, "/a").body_capacity,
            MIN_BODY_CAPACITY
        );
        let body = serde_json::json!({ "text": "x".repeat(4990) });
        let request = client
            .request(Method::POST, "/a")
            .json::<()>(&body)
            .unwrap();
        let sent = serde_json::to_vec(&body).unwrap();
        assert_eq!(request.body.as_ref().unwrap().0, sent);
        // Nothing listens there: the call fails, but the size is known from then on.
        assert!(client.send::<()>(request).await.is_err());
        let other = client.with_format(Format::Json);
        for next in [
            client.request(Method::POST, "/a"),
            other.request(Method::POST, "/b"),
        ] {
            assert_eq!(next.body_capacity, sent.len());
        }
        let huge = client
            .request(Method::POST, "/a")
            .json::<()>(&"y".repeat(BODY_CAPACITY_LIMIT + 10))
            .unwrap();
        assert!(client.send::<()>(huge).await.is_err());
        assert_eq!(
            client.request(Method::POST, "/a").body_capacity,
            BODY_CAPACITY_LIMIT
        );
    }

    #[test]
    fn a_body_in_one_chunk_is_kept_and_one_in_several_is_joined_once() {
        let only = Bytes::from_static(b"{\"a\": 1}");
        let mut body = BodyBuffer::Empty;
        body.push(only.clone(), only.len());
        let kept = body.into_bytes();
        assert_eq!(kept, only);
        assert_eq!(kept.as_ptr(), only.as_ptr(), "one chunk is not copied");

        let mut body = BodyBuffer::Empty;
        for piece in [&b"abc"[..], b"def", b"gh"] {
            body.push(Bytes::copy_from_slice(piece), 100);
        }
        assert_eq!(body.len(), 8);
        let BodyBuffer::Many(joined) = &body else {
            panic!("three chunks are joined into one buffer")
        };
        assert!(joined.capacity() >= 100, "sized for the announced length");
        assert_eq!(body.into_bytes(), Bytes::from_static(b"abcdefgh"));
        assert!(BodyBuffer::Empty.into_bytes().is_empty());
    }

    #[test]
    fn an_empty_body_is_read_as_null() {
        for body in [&b""[..], b" \r\n\t"] {
            assert_eq!(decode_json::<Option<i64>>(body).unwrap(), None);
            let err = decode_json::<i64>(body).unwrap_err();
            assert_eq!(err.json_path, ".");
            assert!(
                err.message.starts_with("the body is empty"),
                "{}",
                err.message
            );
        }
        assert_eq!(decode_json::<Option<i64>>(b" 7 ").unwrap(), Some(7));
        let err = decode_json::<i64>(b"nul").unwrap_err();
        assert!(!err.message.contains("empty"), "{}", err.message);
    }
}
