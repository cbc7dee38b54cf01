//! Credentials of every kind, per-operation security, and OAuth2 tokens fetched, cached and
//! refreshed, against local servers.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{answer, body_of, builder, serve};
use ordergen_runtime::{no_error_body, Credential, Error, HttpClient, Method, OAuth2, Response};

/// The request as the server saw it: URI, `Authorization`, `Cookie` and `X-Api-Key`.
type Seen = Arc<Mutex<Vec<[String; 4]>>>;

async fn echo() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let base = serve(move |request: hyper::Request<hyper::body::Incoming>| {
        let log = log.clone();
        async move {
            let header = |name: &str| {
                request
                    .headers()
                    .get_all(name)
                    .iter()
                    .map(|v| v.to_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            log.lock().unwrap().push([
                request.uri().to_string(),
                header("authorization"),
                header("cookie"),
                header("x-api-key"),
            ]);
            answer(200, &[("content-type", "application/json")], "[1]")
        }
    })
    .await;
    (base, seen)
}

/// As generated methods call: one operation accepting either scheme, and one accepting none.
async fn list_orders(
    http: &HttpClient,
    security: ordergen_runtime::Security,
) -> Result<Response<Vec<i64>>, Error> {
    let request = http
        .request(Method::GET, "/orders")
        .query("page", 1)
        .security(security);
    http.send(request).await?.json(no_error_body)
}

#[tokio::test]
async fn every_static_credential_kind_is_sent_where_its_scheme_says() {
    let (base, seen) = echo().await;
    let http = builder(&base)
        .credential("Key", Credential::api_key_header("X-Api-Key", "k-123"))
        .credential("QueryKey", Credential::api_key_query("api_key", "q 1&2"))
        .credential("Session", Credential::api_key_cookie("session", "c-9"))
        .credential("Tenant", Credential::api_key_cookie("tenant", "acme"))
        .credential("Basic", Credential::basic("Aladdin", "open sesame"))
        .credential("Bearer", Credential::bearer("jwt.abc"))
        .build()
        .unwrap()
        .0;
    let cases: [(ordergen_runtime::Security, [&str; 4]); 7] = [
        (&[&["Key"]], ["/orders?page=1", "", "", "k-123"]),
        (
            &[&["QueryKey"]],
            ["/orders?page=1&api_key=q+1%262", "", "", ""],
        ),
        (
            &[&["Session", "Tenant"]],
            ["/orders?page=1", "", "session=c-9; tenant=acme", ""],
        ),
        (
            &[&["Basic"]],
            [
                "/orders?page=1",
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
                "",
                "",
            ],
        ),
        // The first alternative whose schemes are all set.
        (
            &[&["Missing"], &["Bearer"], &["Key"]],
            ["/orders?page=1", "Bearer jwt.abc", "", ""],
        ),
        // `security: []` and an empty alternative send nothing.
        (&[], ["/orders?page=1", "", "", ""]),
        (&[&["Missing"], &[]], ["/orders?page=1", "", "", ""]),
    ];
    for (security, expected) in cases {
        list_orders(&http, security).await.unwrap();
        let got = seen.lock().unwrap().pop().unwrap();
        assert_eq!(got, expected.map(str::to_owned), "{security:?}");
    }
    // No alternative has a credential: refused before anything is sent.
    let err = list_orders(&http, &[&["Missing"], &["Other", "Key"]])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("Missing or Other + Key"), "{err}");
    assert!(seen.lock().unwrap().is_empty());
}

/// A token endpoint: counts its calls, checks the client's credentials, answers token
/// `t<n>` (the n-th fetch) valid for `lifetime` seconds, with a refresh token.
async fn token_endpoint(
    lifetime: u64,
    fetches: Arc<AtomicUsize>,
    bodies: Arc<Mutex<Vec<String>>>,
) -> String {
    serve(move |request: hyper::Request<hyper::body::Incoming>| {
        let (fetches, bodies) = (fetches.clone(), bodies.clone());
        async move {
            let (parts, body) = body_of(request).await;
            let body = String::from_utf8(body.to_vec()).unwrap();
            let authorization = parts
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned());
            bodies.lock().unwrap().push(format!(
                "{} {body}",
                authorization.as_deref().unwrap_or("-")
            ));
            // `app:s3cret`, form-encoded then base64.
            let client_ok = authorization.as_deref() == Some("Basic YXBwOnMzY3JldA==")
                || body.contains("client_id=app");
            // The API's own secrets must not reach the token endpoint.
            if parts.headers.contains_key("x-api-key") {
                return answer(400, &[("content-type", "application/json")], r#"{"error":"leaked"}"#);
            }
            if !client_ok || parts.headers["content-type"] != "application/x-www-form-urlencoded" {
                return answer(
                    401,
                    &[("content-type", "application/json")],
                    r#"{"error":"invalid_client","error_description":"unknown client"}"#,
                );
            }
            // Slow enough that concurrent calls overlap the fetch.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            answer(
                200,
                &[("content-type", "application/json")],
                format!(
                    r#"{{"access_token":"t{n}","token_type":"Bearer","expires_in":{lifetime},"refresh_token":"r{n}"}}"#
                ),
            )
        }
    })
    .await
}

/// An API that takes the tokens in `good` and refuses token `t1` once with a 401.
async fn api(refuse_first: bool) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    let refused = Arc::new(AtomicUsize::new(0));
    let base = serve(move |request: hyper::Request<hyper::body::Incoming>| {
        let (log, refused) = (log.clone(), refused.clone());
        async move {
            let token = request
                .headers()
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            log.lock().unwrap().push(token.clone());
            if refuse_first && token == "Bearer t1" && refused.fetch_add(1, Ordering::SeqCst) == 0 {
                return answer(
                    401,
                    &[("www-authenticate", "Bearer error=\"invalid_token\"")],
                    "",
                );
            }
            answer(200, &[("content-type", "application/json")], "[7]")
        }
    })
    .await;
    (base, seen)
}

#[tokio::test]
async fn fifty_concurrent_calls_fetch_one_token() {
    let (fetches, bodies) = (Arc::new(AtomicUsize::new(0)), Arc::default());
    let tokens = token_endpoint(3600, fetches.clone(), Arc::clone(&bodies)).await;
    let (base, seen) = api(false).await;
    let flow = OAuth2::client_credentials(format!("{tokens}/oauth/token"), "app", "s3cret")
        .scopes(["orders:read", "orders:write"]);
    let http = builder(&base)
        .secret_header("X-Api-Key", "for-the-api-only")
        .credential("OAuth", Credential::oauth2(flow))
        .build()
        .unwrap()
        .0;
    let calls = (0..50).map(|_| {
        let http = http.clone();
        tokio::spawn(async move { list_orders(&http, &[&["OAuth"]]).await })
    });
    for call in futures_util::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap().body, [7]);
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    assert_eq!(
        *bodies.lock().unwrap(),
        ["Basic YXBwOnMzY3JldA== grant_type=client_credentials&scope=orders%3Aread+orders%3Awrite"]
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 50);
    assert!(seen.iter().all(|token| token == "Bearer t1"), "{seen:?}");
}

#[tokio::test]
async fn a_refused_token_is_replaced_once_and_the_call_made_again() {
    let (fetches, bodies) = (Arc::new(AtomicUsize::new(0)), Arc::default());
    let tokens = token_endpoint(3600, fetches.clone(), Arc::clone(&bodies)).await;
    let (base, seen) = api(true).await;
    let flow = OAuth2::password(format!("{tokens}/token"), "app", "ann", "pa ss&word");
    let http = builder(&base)
        .credential("OAuth", Credential::oauth2(flow))
        .build()
        .unwrap()
        .0;
    assert_eq!(list_orders(&http, &[&["OAuth"]]).await.unwrap().body, [7]);
    assert_eq!(*seen.lock().unwrap(), ["Bearer t1", "Bearer t2"]);
    // The refresh token of the refused one is used first; the password flow has no client
    // secret, so the client id goes in the body.
    assert_eq!(
        *bodies.lock().unwrap(),
        [
            "- grant_type=password&username=ann&password=pa+ss%26word&client_id=app",
            "- grant_type=refresh_token&refresh_token=r1&client_id=app",
        ]
    );
    assert_eq!(list_orders(&http, &[&["OAuth"]]).await.unwrap().body, [7]);
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "the new token is cached");
}

#[tokio::test]
async fn a_token_is_replaced_before_it_expires() {
    let (fetches, bodies) = (Arc::new(AtomicUsize::new(0)), Arc::default());
    // Valid for 2 s, replaced 1 s ahead (at most half the lifetime).
    let tokens = token_endpoint(2, fetches.clone(), Arc::clone(&bodies)).await;
    let (base, seen) = api(false).await;
    let flow = OAuth2::client_credentials(format!("{tokens}/token"), "app", "s3cret")
        .refresh_before(Duration::from_secs(5));
    let http = builder(&base)
        .credential("OAuth", Credential::oauth2(flow))
        .build()
        .unwrap()
        .0;
    list_orders(&http, &[&["OAuth"]]).await.unwrap();
    list_orders(&http, &[&["OAuth"]]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    list_orders(&http, &[&["OAuth"]]).await.unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        ["Bearer t1", "Bearer t1", "Bearer t2"]
    );
    assert_eq!(
        bodies.lock().unwrap()[1],
        "Basic YXBwOnMzY3JldA== grant_type=refresh_token&refresh_token=r1"
    );
}

#[tokio::test]
async fn a_refusing_token_endpoint_is_an_error_without_secrets() {
    let (fetches, bodies) = (Arc::new(AtomicUsize::new(0)), Arc::default());
    let tokens = token_endpoint(60, fetches, bodies).await;
    let (base, seen) = api(false).await;
    let flow = OAuth2::client_credentials(format!("{tokens}/token"), "intruder", "hunter2-secret");
    let http = builder(&base)
        .credential("OAuth", Credential::oauth2(flow))
        .build()
        .unwrap()
        .0;
    let err = list_orders(&http, &[&["OAuth"]]).await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("OAuth") && text.contains("invalid_client (unknown client)"),
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");
    assert!(
        matches!(err, Error::Credentials(ref c) if c.status == Some(hyper::StatusCode::UNAUTHORIZED))
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing was sent to the API"
    );
}

/// Writes every span and event field it is given into one text.
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a Mutex<String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let text = format!("{}={value:?} ", field.name());
        self.0.lock().unwrap().push_str(&text);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(&self.0));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&self.0));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Fields(&self.0));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Every public type that can hold a secret, formatted every way it can be, and every tracing
/// event of failing and retried calls: no secret shows.
#[tokio::test]
async fn no_secret_shows_in_any_output() {
    let traced = Arc::new(Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(Capture(traced.clone()));
    const SECRETS: [&str; 7] = [
        "hdr-SECRET",
        "qry-SECRET",
        "ck-SECRET",
        "pw-SECRET",
        "bearer-SECRET",
        "cs-SECRET",
        "user-pw-SECRET",
    ];
    let credentials = vec![
        Credential::api_key_header("X-Api-Key", SECRETS[0]),
        Credential::api_key_query("api_key", SECRETS[1]),
        Credential::api_key_cookie("session", SECRETS[2]),
        Credential::basic("ann", SECRETS[3]),
        Credential::bearer(SECRETS[4]),
        Credential::oauth2(
            OAuth2::password("http://127.0.0.1:9/token", "app", "ann", SECRETS[6])
                .client_secret(SECRETS[5]),
        ),
    ];
    let mut shown = Vec::new();
    for credential in &credentials {
        shown.push(format!("{credential:?}"));
    }
    let flow = OAuth2::client_credentials("http://127.0.0.1:9/token", "app", SECRETS[5]);
    shown.push(format!("{flow:?}"));
    // Port 9 (discard) is closed: every call fails to connect.
    let mut builder = builder("http://127.0.0.1:9").retry_policy(ordergen_runtime::RetryPolicy {
        max_attempts: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
        max_elapsed: Duration::from_secs(5),
    });
    for (n, credential) in credentials.into_iter().enumerate() {
        let scheme: &'static str = ["A", "B", "C", "D", "E", "F"][n];
        builder = builder.credential(scheme, credential);
    }
    shown.push(format!("{builder:?}"));
    let http = builder.build().unwrap().0;
    shown.push(format!("{http:?}"));
    let request = http
        .request(Method::GET, "/x")
        .security(&[&["A", "B", "C", "D"]]);
    shown.push(format!("{request:?}"));
    const ALL_STATIC: ordergen_runtime::Security = &[&["A", "B", "C", "D"]];
    const BEARER: ordergen_runtime::Security = &[&["E"]];
    const OAUTH: ordergen_runtime::Security = &[&["F"]];
    for security in [ALL_STATIC, BEARER, OAUTH] {
        let err = list_orders(&http, security).await.unwrap_err();
        shown.push(format!(
            "{err} {err:?} {:?}",
            std::error::Error::source(&err)
        ));
    }
    let bad = Credential::api_key_header("X-Api-Key", "line\nbreak-SECRET");
    let err = common::builder("http://127.0.0.1:9")
        .credential("A", bad)
        .build()
        .unwrap_err();
    shown.push(format!("{err} {err:?}"));
    shown.push(traced.lock().unwrap().clone());
    for text in &shown {
        for secret in SECRETS.iter().chain(&["break-SECRET"]) {
            assert!(!text.contains(secret), "{secret} shows in {text}");
        }
    }
    // The checks above looked at real output.
    assert!(shown.iter().any(|t| t.contains("<redacted>")));
    assert!(shown.iter().any(|t| t.contains("Transport")));
    assert!(shown.iter().any(|t| t.contains("security scheme F")));
    let traced = traced.lock().unwrap();
    assert!(
        traced.contains("retrying after a transport error") && traced.contains("/orders"),
        "{traced}"
    );
}

/// An OpenID Connect token source of the caller's: gives `t<n>`, moving on when refused.
struct Provider {
    current: AtomicUsize,
    fail: bool,
}

impl ordergen_runtime::TokenProvider for Provider {
    fn token(&self) -> ordergen_runtime::TokenFuture<'_> {
        Box::pin(async move {
            if self.fail {
                return Err("the identity provider is down".into());
            }
            Ok(format!("t{}", self.current.load(Ordering::SeqCst)))
        })
    }

    fn refused(&self, token: &str) {
        assert_eq!(token, "t1");
        self.current.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_token_provider_of_the_callers_is_asked_and_told_of_a_refusal() {
    let (base, seen) = api(true).await;
    let provider = Provider {
        current: AtomicUsize::new(1),
        fail: false,
    };
    let http = builder(&base)
        .credential("Oidc", Credential::token_provider(provider))
        .build()
        .unwrap()
        .0;
    assert_eq!(list_orders(&http, &[&["Oidc"]]).await.unwrap().body, [7]);
    assert_eq!(*seen.lock().unwrap(), ["Bearer t1", "Bearer t2"]);
    let failing = Provider {
        current: AtomicUsize::new(1),
        fail: true,
    };
    let http = builder(&base)
        .credential("Oidc", Credential::token_provider(failing))
        .build()
        .unwrap()
        .0;
    let err = list_orders(&http, &[&["Oidc"]]).await.unwrap_err();
    match &err {
        Error::Credentials(c) => {
            assert_eq!(c.scheme, "Oidc");
            let cause = std::error::Error::source(c.as_ref()).unwrap().to_string();
            assert_eq!(cause, "the identity provider is down");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 2, "nothing more was sent");
}
