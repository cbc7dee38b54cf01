//! Unit tests of the HTTP pipeline.

use super::*;

/// A client type for the generic builder, as a generated module declares one.
#[derive(Debug)]
pub(super) struct Probe(pub(super) HttpClient);

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
    match &request.body.as_ref().unwrap().kind {
        BodyKind::Bytes(bytes) => assert_eq!(bytes, &sent),
        other => panic!("{other:?}"),
    }
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
