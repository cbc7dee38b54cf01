//! Credentials, one per security scheme of the spec: API keys (in a header, the query or a
//! cookie), HTTP basic, bearer tokens (OpenID Connect's too, given as a token or by a
//! [`TokenProvider`] of the caller's), and OAuth2 tokens the client fetches itself
//! (client-credentials and password flows).
//!
//! The builder keeps one [`Credential`] per scheme name; a generated per-scheme method sets it
//! in one line, and each operation says which schemes it accepts:
//!
//! ```no_run
//! # use ordergen_runtime::{no_error_body, Credential, Error, HttpClient, Method, OAuth2, Response};
//! # struct Client { http: HttpClient }
//! # impl ordergen_runtime::ApiClient for Client {
//! #     fn from_http(http: HttpClient) -> Self { Client { http } }
//! # }
//! ordergen_runtime::client_builder!(Client);
//!
//! impl ClientBuilder {
//!     /// Sends `key` in the `X-Api-Key` header (security scheme `ApiKey`).
//!     pub fn api_key(self, key: impl Into<String>) -> Self {
//!         self.credential("ApiKey", Credential::api_key_header("X-Api-Key", key))
//!     }
//!
//!     /// Signs in with OAuth2's password flow (security scheme `OAuth`).
//!     pub fn oauth(self, client_id: &str, username: &str, password: &str) -> Self {
//!         self.credential("OAuth", Credential::oauth2(OAuth2::password(
//!             "https://auth.example.com/token", client_id, username, password)))
//!     }
//! }
//!
//! impl Client {
//!     /// `GET /orders`: either scheme will do.
//!     pub async fn list_orders(&self) -> Result<Response<Vec<i64>>, Error> {
//!         let request = self
//!             .http
//!             .request(Method::GET, "/orders")
//!             .security(&[&["OAuth"], &["ApiKey"]]);
//!         self.http.send(request).await?.json(no_error_body)
//!     }
//!
//!     /// `GET /health`: `security: []`, no credential is sent.
//!     pub async fn health(&self) -> Result<Response<()>, Error> {
//!         let request = self.http.request(Method::GET, "/health").security(&[]);
//!         self.http.send(request).await?.empty(no_error_body)
//!     }
//! }
//! ```
//!
//! A request without `security` sends every credential set on the builder. With it, the first
//! alternative whose schemes all have a credential is sent (an empty alternative, OpenAPI's
//! `{}`, sends none); when no alternative has one, the call fails before anything is sent.
//!
//! No secret is ever shown: `Debug` of every type holding one prints `<redacted>`, the header
//! values are marked sensitive, errors name the scheme but not the value, and an error of a
//! call with a key in its query string drops the URL.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use reqwest::{StatusCode, Url};

use crate::error::ConfigError;

mod oauth2;

pub use oauth2::OAuth2;
pub(crate) use oauth2::TokenSource;

/// A secret value: shown as `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The credential of one security scheme, as the builder is given it.
#[derive(Debug, Clone)]
pub struct Credential(Kind);

#[derive(Debug, Clone)]
enum Kind {
    Header { name: String, value: Secret },
    Query { name: String, value: Secret },
    Cookie { name: String, value: Secret },
    Basic { user: String, password: Secret },
    Bearer(Secret),
    OAuth2(OAuth2),
    Provider(Arc<dyn TokenProvider>),
}

/// What a token provider's [`token`](TokenProvider::token) returns.
pub type TokenFuture<'a> = std::pin::Pin<
    Box<
        dyn std::future::Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>>
            + Send
            + 'a,
    >,
>;

/// A source of bearer tokens the caller implements: an OpenID Connect library, a vault, a
/// flow the runtime does not run. The client asks it for a token before every attempt, so it
/// should cache its tokens itself.
pub trait TokenProvider: Send + Sync + 'static {
    /// A valid access token, sent as `Authorization: Bearer <token>`.
    fn token(&self) -> TokenFuture<'_>;

    /// The API answered 401 to `token`: drop it, so that the next [`token`](Self::token)
    /// gives a new one (the call is made once more). Does nothing unless implemented.
    fn refused(&self, token: &str) {
        let _ = token;
    }
}

impl fmt::Debug for dyn TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenProvider")
    }
}

impl Credential {
    /// An API key sent in the header `name` (`in: header`).
    pub fn api_key_header(name: impl Into<String>, key: impl Into<String>) -> Self {
        Credential(Kind::Header {
            name: name.into(),
            value: Secret(key.into()),
        })
    }

    /// An API key sent as the query parameter `name` (`in: query`).
    pub fn api_key_query(name: impl Into<String>, key: impl Into<String>) -> Self {
        Credential(Kind::Query {
            name: name.into(),
            value: Secret(key.into()),
        })
    }

    /// An API key sent as the cookie `name` (`in: cookie`).
    pub fn api_key_cookie(name: impl Into<String>, key: impl Into<String>) -> Self {
        Credential(Kind::Cookie {
            name: name.into(),
            value: Secret(key.into()),
        })
    }

    /// HTTP basic authentication (`scheme: basic`).
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credential(Kind::Basic {
            user: user.into(),
            password: Secret(password.into()),
        })
    }

    /// A bearer token the caller obtained (`scheme: bearer`, or an OpenID Connect token).
    pub fn bearer(token: impl Into<String>) -> Self {
        Credential(Kind::Bearer(Secret(token.into())))
    }

    /// OAuth2 tokens fetched from a token URL, cached and refreshed by the client.
    pub fn oauth2(flow: OAuth2) -> Self {
        Credential(Kind::OAuth2(flow))
    }

    /// Bearer tokens from a source of the caller's (an OpenID Connect provider, say).
    pub fn token_provider(provider: impl TokenProvider) -> Self {
        Credential(Kind::Provider(Arc::new(provider)))
    }

    /// Whether the client fetches tokens for it (and needs a client to do so).
    pub(crate) fn fetches_tokens(&self) -> bool {
        matches!(self.0, Kind::OAuth2(_))
    }

    /// Checks the credential and readies it for sending; `base` resolves a relative token URL,
    /// `token_http` fetches tokens (given whenever [`fetches_tokens`](Self::fetches_tokens)).
    pub(crate) fn prepare(
        self,
        scheme: &'static str,
        base: &Url,
        token_http: Option<&reqwest::Client>,
    ) -> Result<Prepared, ConfigError> {
        let header_value = |text: &str| {
            let mut value = HeaderValue::from_str(text).map_err(|_| {
                ConfigError(format!(
                    "the credential of security scheme {scheme} is not a valid header value"
                ))
            })?;
            value.set_sensitive(true);
            Ok::<_, ConfigError>(value)
        };
        Ok(match self.0 {
            Kind::Header { name, value } => {
                let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    ConfigError(format!(
                        "security scheme {scheme}: {name:?} is not a valid header name"
                    ))
                })?;
                Prepared::Header(header, header_value(&value.0)?)
            }
            Kind::Query { name, value } => Prepared::Query(name, value),
            Kind::Cookie { name, value } => {
                let valid = |text: &str| {
                    !text.is_empty()
                        && text
                            .bytes()
                            .all(|b| b.is_ascii_graphic() && !b";,=\"\\".contains(&b))
                };
                if !valid(&name) {
                    return Err(ConfigError(format!(
                        "security scheme {scheme}: {name:?} is not a valid cookie name"
                    )));
                }
                if !value
                    .0
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b";,\"\\".contains(&b))
                {
                    return Err(ConfigError(format!(
                        "the credential of security scheme {scheme} is not a valid cookie value"
                    )));
                }
                Prepared::Cookie(name, value)
            }
            Kind::Basic { user, password } => {
                if user.contains(':') {
                    return Err(ConfigError(format!(
                        "security scheme {scheme}: a basic user name cannot contain ':'"
                    )));
                }
                let pair = base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", password.0));
                Prepared::Header(AUTHORIZATION, header_value(&format!("Basic {pair}"))?)
            }
            Kind::Bearer(token) => {
                Prepared::Header(AUTHORIZATION, header_value(&format!("Bearer {}", token.0))?)
            }
            Kind::OAuth2(flow) => {
                let http = token_http.cloned().unwrap_or_default();
                Prepared::OAuth2(Arc::new(flow.into_source(scheme, base, http)?))
            }
            Kind::Provider(provider) => Prepared::Provider(scheme, provider),
        })
    }
}

/// A credential ready to be sent.
#[derive(Debug)]
pub(crate) enum Prepared {
    /// A header (an API key, basic or bearer), its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(String, Secret),
    /// A cookie.
    Cookie(String, Secret),
    /// A token fetched when needed.
    OAuth2(Arc<TokenSource>),
    /// A token the caller's provider gives, for the named scheme.
    Provider(&'static str, Arc<dyn TokenProvider>),
}

/// Where a token sent came from, to tell it that the API refused the token.
#[derive(Debug)]
pub(crate) enum TokenOrigin {
    OAuth2(Arc<TokenSource>),
    Provider(Arc<dyn TokenProvider>),
}

impl TokenOrigin {
    /// Drops `token`, which the API refused.
    pub(crate) async fn refused(&self, token: &Secret) {
        match self {
            TokenOrigin::OAuth2(source) => source.refused(token).await,
            TokenOrigin::Provider(provider) => provider.refused(&token.0),
        }
    }
}

/// What one request sends to authenticate: headers and query pairs.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) query: Vec<(String, Secret)>,
    /// The OAuth2 tokens sent, to drop on a 401.
    pub(crate) tokens: Vec<(TokenOrigin, Secret)>,
}

/// The schemes each operation accepts: alternatives, each a set of schemes sent together.
pub type Security = &'static [&'static [&'static str]];

/// The credentials of the client, by scheme name.
#[derive(Debug, Default, Clone)]
pub(crate) struct Credentials(pub(crate) Arc<[(&'static str, Prepared)]>);

impl Credentials {
    /// The credentials to send for a request accepting `security` (all, without it).
    pub(crate) fn select(
        &self,
        security: Option<Security>,
    ) -> Result<Vec<&(&'static str, Prepared)>, ConfigError> {
        let Some(alternatives) = security else {
            return Ok(self.0.iter().collect());
        };
        let find = |scheme: &str| self.0.iter().find(|(name, _)| *name == scheme);
        for schemes in alternatives {
            if schemes.iter().all(|scheme| find(scheme).is_some()) {
                return Ok(schemes.iter().filter_map(|scheme| find(scheme)).collect());
            }
        }
        if alternatives.is_empty() {
            return Ok(Vec::new());
        }
        let wanted: Vec<String> = alternatives.iter().map(|s| s.join(" + ")).collect();
        Err(ConfigError(format!(
            "the operation needs credentials for {}; set one on the client builder",
            wanted.join(" or ")
        )))
    }

    /// The headers and query pairs for `selected`, fetching OAuth2 tokens where needed.
    pub(crate) async fn resolve(
        selected: &[&(&'static str, Prepared)],
    ) -> Result<Resolved, CredentialError> {
        let mut resolved = Resolved::default();
        let mut cookies = Vec::new();
        for (_, prepared) in selected {
            match prepared {
                Prepared::Header(name, value) => {
                    resolved.headers.push((name.clone(), value.clone()))
                }
                Prepared::Query(name, value) => resolved.query.push((name.clone(), value.clone())),
                Prepared::Cookie(name, value) => cookies.push(format!("{name}={}", value.0)),
                Prepared::OAuth2(source) => {
                    let token = source.token().await?;
                    let value = bearer(&token).ok_or_else(|| {
                        source.error(
                            None,
                            "the token endpoint sent a token that cannot be a header value".into(),
                        )
                    })?;
                    resolved.headers.push((AUTHORIZATION, value));
                    resolved
                        .tokens
                        .push((TokenOrigin::OAuth2(source.clone()), token));
                }
                Prepared::Provider(scheme, provider) => {
                    let failed = |message: &str, source| CredentialError {
                        scheme,
                        status: None,
                        message: message.to_owned(),
                        source,
                    };
                    let token = Secret(
                        provider
                            .token()
                            .await
                            .map_err(|err| failed("the token provider failed", Some(err)))?,
                    );
                    let value = bearer(&token).ok_or_else(|| {
                        failed(
                            "the token provider gave a token that cannot be a header value",
                            None,
                        )
                    })?;
                    resolved.headers.push((AUTHORIZATION, value));
                    resolved
                        .tokens
                        .push((TokenOrigin::Provider(provider.clone()), token));
                }
            }
        }
        if !cookies.is_empty() {
            // Checked when the client was built: names and values are header-safe.
            if let Ok(mut value) = HeaderValue::from_str(&cookies.join("; ")) {
                value.set_sensitive(true);
                resolved.headers.push((COOKIE, value));
            }
        }
        Ok(resolved)
    }
}

/// `Authorization: Bearer <token>`, marked sensitive; `None` if the token cannot be sent.
fn bearer(token: &Secret) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.0)).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Why the credential of a scheme could not be had: the token endpoint failed or refused.
/// Carries no secret: the scheme, the status and the endpoint's `error` code and description.
#[derive(Debug, thiserror::Error)]
#[error("security scheme {scheme}: {message}")]
pub struct CredentialError {
    /// The security scheme.
    pub scheme: &'static str,
    /// The token endpoint's status, when it answered.
    pub status: Option<StatusCode>,
    /// What went wrong.
    pub message: String,
    /// The cause: the transport error when the token endpoint could not be reached (its URL
    /// removed), or a token provider's error.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}
