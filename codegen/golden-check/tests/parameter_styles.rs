//! Parameters in every style, as a server receives them: arrays, objects and maps in the
//! query, a header list, cookies (with a cookie credential in the same header), JSON content,
//! and two names that collide once in snake case.

use std::collections::BTreeMap;

use golden_check::parameter_styles::types::Filter;
use golden_check::parameter_styles::{Client, SearchParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn filter() -> Filter {
    Filter {
        status: Some("open now".into()),
        limit: Some(5),
    }
}

#[tokio::test]
async fn every_style_reaches_the_server_as_openapi_defines_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search/1,2,3"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .credential("unused", golden_check::runtime::Credential::bearer("t"))
        .build()
        .unwrap();
    let mut meta = BTreeMap::new();
    meta.insert("a".to_owned(), "1".to_owned());
    meta.insert("b c".to_owned(), "2".to_owned());
    let params = SearchParams {
        filter: Some(filter()),
        sort: Some(vec!["name".into(), "-date".into()]),
        words: Some(vec!["red".into(), "car".into()]),
        flags: Some(vec!["x".into(), "y".into()]),
        meta: Some(meta),
        where_: Some(filter()),
        x_tags: Some(vec!["t1".into(), "t2".into()]),
        session: "s; 1".into(),
        prefs: Some(vec!["dark".into(), "compact".into()]),
        user_id: Some("camel".into()),
        user_id_2: Some("snake".into()),
    };
    client.search(&[1, 2, 3], &params).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("status", "open now"),
            ("limit", "5"),
            ("sort", "name,-date"),
            ("words", "red car"),
            ("flags", "x|y"),
            ("meta[a]", "1"),
            ("meta[b c]", "2"),
            ("where", r#"{"status":"open now","limit":5}"#),
            ("userId", "camel"),
            ("user_id", "snake"),
        ]
    );
    assert_eq!(request.headers["x-tags"], "t1,t2");
    let cookies: Vec<_> = request.headers.get_all("cookie").iter().collect();
    assert_eq!(cookies.len(), 1, "one Cookie header");
    assert_eq!(cookies[0], "session=s%3B%201; prefs=dark,compact");
}

#[tokio::test]
async fn a_cookie_parameter_and_a_cookie_credential_share_one_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .credential(
            "key",
            golden_check::runtime::Credential::api_key_cookie("key", "secret"),
        )
        .build()
        .unwrap();
    let params = SearchParams {
        filter: None,
        sort: None,
        words: None,
        flags: None,
        meta: None,
        where_: None,
        x_tags: None,
        session: "abc".into(),
        prefs: None,
        user_id: None,
        user_id_2: None,
    };
    client.search(&[7], &params).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let cookies: Vec<_> = request.headers.get_all("cookie").iter().collect();
    assert_eq!(cookies.len(), 1, "one Cookie header");
    assert_eq!(cookies[0], "session=abc; key=secret");
    assert_eq!(request.url.query(), None);
}
