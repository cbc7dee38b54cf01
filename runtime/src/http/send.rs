//! Sending a request: attempts, retries, timeouts, reading the body.

use super::*;

impl HttpClient {
    /// Starts a request for the path template `template` (e.g. `/api/orders/{order_id}`).
    pub fn request(&self, method: Method, template: &'static str) -> RequestBuilder {
        RequestBuilder {
            method,
            template,
            path: template.to_owned(),
            query: Vec::new(),
            cookies: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            invalid: Vec::new(),
            format: self.format,
            security: None,
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
        request: RequestBuilder,
    ) -> impl Future<Output = Result<RawResponse, Error<E>>> + Send + '_ {
        async move {
            let (request, (status, headers, payload)) = self.send_any(request, false).await?;
            let body = match payload {
                Payload::Read(body) => body,
                // Only a streamed call leaves a success body unread.
                Payload::Live(_) => Bytes::new(),
            };
            Ok(RawResponse {
                method: request.method,
                path: request.template,
                status,
                headers,
                body,
            })
        }
    }

    /// Sends `request` like [`send`](Self::send), but leaves a success body unread: the
    /// [`StreamingResponse`] reads it as a download, an event stream or a stream of JSON lines,
    /// chunk by chunk. The timeout then bounds the wait for each read (the head, then every
    /// chunk) rather than the whole call. An error status is read whole, as `send` reads it.
    pub async fn send_streaming<E: fmt::Debug>(
        &self,
        request: RequestBuilder,
    ) -> Result<StreamingResponse, Error<E>> {
        let replay = request.try_clone();
        let (request, (status, headers, payload)) = self.send_any(request, true).await?;
        Ok(StreamingResponse {
            method: request.method,
            path: request.template,
            status,
            headers,
            payload,
            client: self.clone(),
            replay,
        })
    }

    async fn send_any<E: fmt::Debug>(
        &self,
        mut request: RequestBuilder,
        streamed: bool,
    ) -> Result<(RequestBuilder, Outcome), Error<E>> {
        let span = tracing::info_span!(
            "http_request",
            method = %request.method,
            path = request.template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        if let Some(RequestBody {
            kind: BodyKind::Bytes(body),
            ..
        }) = &request.body
        {
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
        let credentials = self.credentials.select(request.security).map_err(|err| {
            Error::Config(ConfigError(format!(
                "{} {}: {}",
                request.method, request.template, err.0
            )))
        })?;
        let request = Authorized {
            request,
            credentials,
        };
        // Without a subscriber that wants it, the span would only be entered and left on
        // every poll for nothing.
        let outcome = if span.is_disabled() {
            self.send_with_retries(&request, &url, &span, streamed)
                .await?
        } else {
            self.send_with_retries(&request, &url, &span, streamed)
                .instrument(span.clone())
                .await?
        };
        Ok((request.request, outcome))
    }

    async fn send_with_retries<E: fmt::Debug>(
        &self,
        authorized: &Authorized<'_>,
        url: &Url,
        span: &tracing::Span,
        streamed: bool,
    ) -> Result<Outcome, Error<E>> {
        let request = &authorized.request;
        let idempotent = is_idempotent(&request.method);
        // A body read from a stream is gone after the first attempt.
        let replayable = request.body.as_ref().is_none_or(RequestBody::replayable);
        let started = Instant::now();
        let mut attempt = 0;
        let mut refused_once = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            // Per attempt: an OAuth2 token may have expired, or been refused, meanwhile.
            let auth = Credentials::resolve(&authorized.credentials)
                .await
                .map_err(|err| Error::Credentials(Box::new(err)))?;
            let outcome = self.attempt(request, url, streamed, &auth).await;
            // A refused token is dropped and the call made once more with a new one.
            if let Ok((StatusCode::UNAUTHORIZED, _, _)) = &outcome {
                if !auth.tokens.is_empty() && !refused_once && replayable {
                    refused_once = true;
                    for (origin, token) in &auth.tokens {
                        origin.refused(token).await;
                    }
                    tracing::warn!("the server refused the bearer token; asking for a new one");
                    continue;
                }
            }
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
                Err(Failure::TooLarge { .. } | Failure::Redirected { .. } | Failure::Consumed) => {
                    (false, None)
                }
            };
            if retry_wanted && replayable && attempt < self.retry.max_attempts {
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
                Ok((status, headers, payload)) => {
                    span.record("status", status.as_u16());
                    Ok((status, headers, payload))
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
                Err(Failure::Consumed) => Err(Error::Config(ConfigError(format!(
                    "{method} {path}: the request's streamed body was already sent; build the request again"
                )))),
                Err(Failure::Redirected { to }) => Err(Error::Config(ConfigError(format!(
                    "{method} {path}: the reqwest::Client given to the builder followed a redirect to {to}; build it with redirect(reqwest::redirect::Policy::none())"
                )))),
            };
        }
    }

    /// One attempt: the status, headers and whole body (or, for a streamed call with a success
    /// status, the response whose body is still to be read), or why there is none.
    async fn attempt(
        &self,
        request: &RequestBuilder,
        url: &Url,
        streamed: bool,
        auth: &Resolved,
    ) -> Result<Outcome, Failure> {
        // A URL with a key in its query must not show in an error.
        let hide_url = !auth.query.is_empty();
        let shown = |source: reqwest::Error| {
            if hide_url {
                source.without_url()
            } else {
                source
            }
        };
        let no_response = |source| Failure::Transport {
            source: shown(source),
            status: None,
            headers: HeaderMap::new(),
        };
        let with_keys;
        let url = if auth.query.is_empty() {
            url
        } else {
            with_keys = {
                let mut url = url.clone();
                let mut pairs = url.query_pairs_mut();
                for (name, value) in &auth.query {
                    pairs.append_pair(name, &value.0);
                }
                drop(pairs);
                url
            };
            &with_keys
        };
        let mut builder = self.http.request(request.method.clone(), url.clone());
        if streamed {
            // The whole-call timeout would cut a long download or event stream; the read
            // timeout of the client (see `ClientBuilder::build`) bounds each wait instead.
            builder = builder.timeout(Duration::MAX);
        } else if !self.preset_timeout {
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
        // One `Cookie` header: the cookie parameters, then any cookie credential.
        let mut cookies = request.cookies.join("; ");
        for (name, value) in &auth.headers {
            if name == COOKIE && !cookies.is_empty() {
                if let Ok(text) = value.to_str() {
                    cookies = format!("{cookies}; {text}");
                    continue;
                }
            }
            builder = builder.header(name.clone(), value.clone());
        }
        if !cookies.is_empty() {
            // Cookie parameters are percent-encoded into header-safe text; the credential's
            // part stays out of logs.
            if let Ok(mut value) = HeaderValue::from_str(&cookies) {
                value.set_sensitive(true);
                builder = builder.header(COOKIE, value);
            }
        }
        if let Some(body) = &request.body {
            if let Some(content_type) = &body.content_type {
                builder = builder.header(CONTENT_TYPE, content_type.clone());
            }
            builder = match &body.kind {
                // `Bytes` is shared, not copied: every attempt sends the same body.
                BodyKind::Bytes(bytes) => builder.body(bytes.clone()),
                BodyKind::Stream(slot) => match take_once(slot) {
                    Some(stream) => builder.body(stream),
                    None => return Err(Failure::Consumed),
                },
                BodyKind::Multipart(slot) => match take_once(slot) {
                    Some(form) => builder.multipart(form),
                    None => return Err(Failure::Consumed),
                },
            };
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
        if streamed && status.is_success() {
            return Ok((status, headers, Payload::Live(response)));
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
                        source: shown(source),
                        status: Some(status),
                        headers,
                    })
                }
            }
        }
        Ok((status, headers, Payload::Read(body.into_bytes())))
    }

    /// The base URL with the request's path and query. The base was parsed once, when the
    /// client was built: parsing `base + path` again for every call cost more than anything
    /// else the client adds to a call (its host goes through IDNA each time). A path with a
    /// character that reading `base + path` would treat otherwise than as part of the path (a
    /// `?` or `#` in the spec's template, a space, a backslash) is read that way, as it
    /// always was.
    pub(super) fn url<E: fmt::Debug>(&self, request: &RequestBuilder) -> Result<Url, Error<E>> {
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

/// A request and the credentials it sends.
pub(super) struct Authorized<'a> {
    pub(super) request: RequestBuilder,
    pub(super) credentials: Vec<&'a (&'static str, crate::auth::Prepared)>,
}

/// What an attempt brought back: status, headers and the body.
pub(super) type Outcome = (StatusCode, HeaderMap, Payload);

/// A response body: read whole, or (a streamed success) still to be read.
#[derive(Debug)]
pub(crate) enum Payload {
    Read(Bytes),
    Live(reqwest::Response),
}

/// A response body being read: nothing yet, the first chunk as it came, or the chunks so far
/// copied into one buffer.
pub(super) enum BodyBuffer {
    Empty,
    One(Bytes),
    Many(Vec<u8>),
}

impl BodyBuffer {
    pub(super) fn len(&self) -> usize {
        match self {
            BodyBuffer::Empty => 0,
            BodyBuffer::One(bytes) => bytes.len(),
            BodyBuffer::Many(bytes) => bytes.len(),
        }
    }

    /// Adds the next chunk; `presize` is the capacity to give a buffer the chunks are joined in
    /// (it grows past that if more arrives).
    pub(super) fn push(&mut self, chunk: Bytes, presize: usize) {
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

    pub(super) fn into_bytes(self) -> Bytes {
        match self {
            BodyBuffer::Empty => Bytes::new(),
            BodyBuffer::One(bytes) => bytes,
            BodyBuffer::Many(bytes) => Bytes::from(bytes),
        }
    }
}

/// Why an attempt produced no usable response.
pub(super) enum Failure {
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
    /// The body was a stream an earlier attempt already sent.
    Consumed,
}

/// Takes a one-shot body out of its slot (a poisoned lock still holds it).
fn take_once<T>(slot: &std::sync::Mutex<Option<T>>) -> Option<T> {
    match slot.lock() {
        Ok(mut guard) => guard.take(),
        Err(poisoned) => poisoned.into_inner().take(),
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Transport { source, .. } => write!(f, "{source}"),
            Failure::TooLarge { limit, .. } => write!(f, "response larger than {limit} bytes"),
            Failure::Redirected { to } => write!(f, "redirected to {to}"),
            Failure::Consumed => write!(f, "the streamed body was already sent"),
        }
    }
}

/// Headers that carry credentials by convention.
pub(super) fn is_credential_header(name: &HeaderName) -> bool {
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
pub(super) fn encode_segment(value: &str) -> String {
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
