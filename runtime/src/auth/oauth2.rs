//! OAuth2 tokens: fetched from the token URL (client-credentials or password grant), cached,
//! refreshed before they expire and once after a 401, and fetched once for any number of
//! concurrent calls.
//!
//! A small implementation rather than the `oauth2` crate: the runtime needs the two grants,
//! the refresh grant and a cache shared by concurrent calls on its own reqwest client, and the
//! crate brings its own HTTP layer and types for the many flows a generated client does not run.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Url;
use serde::Deserialize;

use super::{CredentialError, Secret};
use crate::error::ConfigError;
use crate::form::encode_into;

/// How long before its expiry a token is replaced, unless [`OAuth2::refresh_before`] says
/// otherwise.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(30);

/// An OAuth2 flow whose tokens the client fetches: client credentials or password, with the
/// spec's token URL. The client id and secret are sent with HTTP basic authentication (RFC
/// 6749, section 2.3.1) unless [`credentials_in_body`](Self::credentials_in_body) says to
/// send them as form fields.
#[derive(Clone)]
pub struct OAuth2 {
    token_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    grant: Grant,
    scopes: Vec<String>,
    in_body: bool,
    refresh_before: Duration,
}

#[derive(Clone)]
enum Grant {
    ClientCredentials,
    Password { username: String, password: Secret },
}

impl std::fmt::Debug for OAuth2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let grant = match &self.grant {
            Grant::ClientCredentials => "client_credentials",
            Grant::Password { .. } => "password",
        };
        f.debug_struct("OAuth2")
            .field("grant", &grant)
            .field("token_url", &crate::http::redact_url(&self.token_url))
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl OAuth2 {
    /// The client-credentials flow: the client signs in as itself.
    pub fn client_credentials(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        OAuth2 {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Some(Secret(client_secret.into())),
            grant: Grant::ClientCredentials,
            scopes: Vec::new(),
            in_body: false,
            refresh_before: DEFAULT_REFRESH_BEFORE,
        }
    }

    /// The resource-owner password flow: the client signs in as `username`. A confidential
    /// client adds its secret with [`client_secret`](Self::client_secret).
    pub fn password(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        OAuth2 {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: None,
            grant: Grant::Password {
                username: username.into(),
                password: Secret(password.into()),
            },
            scopes: Vec::new(),
            in_body: false,
            refresh_before: DEFAULT_REFRESH_BEFORE,
        }
    }

    /// The client's secret.
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(Secret(secret.into()));
        self
    }

    /// The scopes asked for.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sends the client id and secret as `client_id` and `client_secret` form fields instead
    /// of HTTP basic authentication.
    pub fn credentials_in_body(mut self) -> Self {
        self.in_body = true;
        self
    }

    /// How long before its expiry a token is replaced (default 30 s).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    pub(crate) fn into_source(
        self,
        scheme: &'static str,
        base: &Url,
        http: reqwest::Client,
    ) -> Result<TokenSource, ConfigError> {
        let shown = crate::http::redact_url(&self.token_url);
        let url = Url::options()
            .base_url(Some(base))
            .parse(&self.token_url)
            .map_err(|err| {
                ConfigError(format!(
                    "security scheme {scheme}: token URL {shown:?}: {err}"
                ))
            })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConfigError(format!(
                "security scheme {scheme}: token URL {shown:?} must be an http or https URL"
            )));
        }
        Ok(TokenSource {
            scheme,
            url,
            flow: self,
            http,
            cache: tokio::sync::Mutex::new(None),
        })
    }
}

/// A token in the cache.
struct Cached {
    access: Secret,
    /// When to replace it (its expiry less the margin); never, if the server gave no expiry.
    renew_at: Option<Instant>,
    refresh: Option<Secret>,
}

/// Fetches, caches and refreshes the tokens of one scheme.
pub(crate) struct TokenSource {
    scheme: &'static str,
    url: Url,
    flow: OAuth2,
    http: reqwest::Client,
    /// Held while a token is fetched, so that concurrent calls wait for that one fetch.
    cache: tokio::sync::Mutex<Option<Cached>>,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSource")
            .field("scheme", &self.scheme)
            .field("flow", &self.flow)
            .finish_non_exhaustive()
    }
}

/// A token endpoint's answer (RFC 6749, section 5.1), and its error (section 5.2).
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<serde_json::Value>,
    refresh_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

impl TokenSource {
    pub(crate) fn error(
        &self,
        status: Option<reqwest::StatusCode>,
        message: String,
    ) -> CredentialError {
        CredentialError {
            scheme: self.scheme,
            status,
            message,
            source: None,
        }
    }

    /// A valid token: the cached one, or one fetched now (by one caller; the others wait).
    pub(crate) async fn token(&self) -> Result<Secret, CredentialError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            if cached.renew_at.is_none_or(|at| Instant::now() < at) {
                return Ok(cached.access.clone());
            }
        }
        let refresh = cache.take().and_then(|cached| cached.refresh);
        let fresh = match refresh {
            // A refresh token the server no longer takes falls back to the flow's own grant.
            Some(refresh) => match self.fetch(Some(&refresh)).await {
                Ok(fresh) => fresh,
                Err(_) => self.fetch(None).await?,
            },
            None => self.fetch(None).await?,
        };
        let access = fresh.access.clone();
        *cache = Some(fresh);
        Ok(access)
    }

    /// Drops `token` from the cache after the server refused it (a later token is kept).
    pub(crate) async fn refused(&self, token: &Secret) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|cached| &cached.access == token) {
            // Keep the refresh token: it may still be good.
            if let Some(cached) = cache.as_mut() {
                cached.renew_at = Some(Instant::now());
            }
        }
    }

    /// One request to the token endpoint: the refresh grant with `refresh`, else the flow's.
    async fn fetch(&self, refresh: Option<&Secret>) -> Result<Cached, CredentialError> {
        let mut fields: Vec<(&str, &str)> = Vec::new();
        match (refresh, &self.flow.grant) {
            (Some(refresh), _) => {
                fields.push(("grant_type", "refresh_token"));
                fields.push(("refresh_token", &refresh.0));
            }
            (None, Grant::ClientCredentials) => fields.push(("grant_type", "client_credentials")),
            (None, Grant::Password { username, password }) => {
                fields.push(("grant_type", "password"));
                fields.push(("username", username));
                fields.push(("password", &password.0));
            }
        }
        let scopes = self.flow.scopes.join(" ");
        if !scopes.is_empty() && refresh.is_none() {
            fields.push(("scope", &scopes));
        }
        let mut request = self
            .http
            .post(self.url.clone())
            .header(ACCEPT, "application/json");
        let secret = self.flow.client_secret.as_ref().map(|s| s.0.as_str());
        if self.flow.in_body || secret.is_none() {
            fields.push(("client_id", &self.flow.client_id));
            if let Some(secret) = secret {
                fields.push(("client_secret", secret));
            }
        } else {
            // RFC 6749, 2.3.1: each part form-encoded before the basic encoding.
            let mut pair = String::new();
            encode_into(&mut pair, &self.flow.client_id, None);
            pair.push(':');
            encode_into(&mut pair, secret.unwrap_or_default(), None);
            use base64::Engine as _;
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
                .map_err(|_| self.error(None, "the client credentials cannot be sent".into()))?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        let mut body = String::new();
        for (name, value) in fields {
            if !body.is_empty() {
                body.push('&');
            }
            encode_into(&mut body, name, None);
            body.push('=');
            encode_into(&mut body, value, None);
        }
        let requested = Instant::now();
        let response = request
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|err| self.transport(err))?;
        let status = response.status();
        let text = response.bytes().await.map_err(|err| self.transport(err))?;
        let answer: Option<TokenAnswer> = serde_json::from_slice(&text).ok();
        let Some(answer) = answer else {
            return Err(self.error(
                Some(status),
                format!("the token endpoint answered {status} without a JSON token response"),
            ));
        };
        if !status.is_success() || answer.access_token.is_none() {
            let code = answer.error.unwrap_or_else(|| "no access_token".to_owned());
            let description = answer
                .error_description
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            return Err(self.error(
                Some(status),
                format!("the token endpoint answered {status}: {code}{description}"),
            ));
        }
        // `expires_in` is a number of seconds; some servers send it as a string.
        let lifetime = match answer.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let renew_at = lifetime.and_then(|secs| {
            let lifetime = Duration::from_secs(secs);
            // Renew `refresh_before` ahead, but never before half the lifetime has passed.
            let margin = self.flow.refresh_before.min(lifetime / 2);
            requested.checked_add(lifetime - margin)
        });
        Ok(Cached {
            access: Secret(answer.access_token.unwrap_or_default()),
            renew_at,
            refresh: answer.refresh_token.map(Secret),
        })
    }

    fn transport(&self, err: reqwest::Error) -> CredentialError {
        CredentialError {
            scheme: self.scheme,
            status: None,
            message: "the token endpoint could not be reached".to_owned(),
            source: Some(Box::new(err.without_url())),
        }
    }
}
