//! The clients the generator writes for the `status_ranges`, `media_types` and `security`
//! fixtures, against a local server: responses matched by the most specific status, every kind
//! of body both ways, and every kind of credential with each operation's `security`.

use golden_check::media_types::{self, types as media};
use golden_check::runtime::{BinaryBody, Error, FilePart, Multipart};
use golden_check::security;
use golden_check::status_ranges::{self, CancelJobResponse, GetJobError, StartJobError};
use wiremock::matchers::{body_string, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn answering(status: u16, content_type: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("content-type", content_type)
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_error_is_the_variant_of_the_most_specific_status() {
    let cases = [
        (404, "application/json", r#"{"title":"gone"}"#, "NotFound"),
        (
            418,
            "application/json",
            r#"{"title":"teapot"}"#,
            "ClientError 418",
        ),
        (503, "text/plain", "down for maintenance", "ServerError 503"),
        (302, "application/json", r#"{"title":"moved"}"#, "Other"),
    ];
    for (status, content_type, body, expected) in cases {
        let server = answering(status, content_type, body).await;
        let client = status_ranges::Client::new(server.uri()).unwrap();
        let Error::Api(api) = client.get_job(7).await.unwrap_err() else {
            panic!("an API error for {status}")
        };
        let found = match api.typed {
            Some(GetJobError::NotFound(problem)) => {
                assert_eq!(problem.title.as_deref(), Some("gone"));
                "NotFound".to_owned()
            }
            Some(GetJobError::ClientError { status, body }) => {
                assert_eq!(body.title.as_deref(), Some("teapot"));
                format!("ClientError {}", status.as_u16())
            }
            Some(GetJobError::ServerError { status, body }) => {
                assert_eq!(body, "down for maintenance");
                format!("ServerError {}", status.as_u16())
            }
            Some(GetJobError::Other(problem)) => {
                assert_eq!(problem.title.as_deref(), Some("moved"));
                "Other".to_owned()
            }
            None => "none".to_owned(),
        };
        assert_eq!(found, expected);
    }
}

#[tokio::test]
async fn a_success_range_and_a_success_default_decode_as_successes() {
    let server = answering(202, "application/json", r#"{"id":3,"state":"queued"}"#).await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    let job = client.start_job().await.unwrap();
    assert_eq!(job.status.as_u16(), 202);
    assert_eq!(job.body.id, 3);

    let server = answering(422, "application/json", r#"{"title":"no"}"#).await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    let Error::Api(api) = client.start_job().await.unwrap_err() else {
        panic!("an API error")
    };
    assert!(matches!(
        api.typed,
        Some(StartJobError::ClientError { status, .. }) if status.as_u16() == 422
    ));

    let server = answering(200, "application/json", r#"[{"id":1},{"id":2}]"#).await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    let jobs = client.list_jobs().await.unwrap().into_body();
    assert_eq!(jobs.iter().map(|j| j.id).collect::<Vec<_>>(), [1, 2]);
}

#[tokio::test]
async fn an_exact_success_wins_over_a_success_range() {
    let server = answering(204, "application/json", "").await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    assert_eq!(
        client.cancel_job(1).await.unwrap().into_body(),
        CancelJobResponse::NoContent
    );
    let server = answering(202, "application/json", r#"{"id":1,"state":"cancelling"}"#).await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    match client.cancel_job(1).await.unwrap().into_body() {
        CancelJobResponse::Success { status, body } => {
            assert_eq!(status.as_u16(), 202);
            assert_eq!(body.state.as_deref(), Some("cancelling"));
        }
        other => panic!("expected the 2XX variant, got {other:?}"),
    }
}

#[tokio::test]
async fn bytes_are_kept_as_received_in_success_and_error_variants() {
    use golden_check::status_ranges::{GetJobOutputError, GetJobOutputResponse};
    let server = answering(206, "application/octet-stream", "\u{0}\u{1}").await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    let output = client.get_job_output(1).await.unwrap().into_body();
    assert_eq!(
        output,
        GetJobOutputResponse::PartialContent(vec![0u8, 1].into())
    );
    let server = answering(200, "text/plain", "all done").await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    let output = client.get_job_output(1).await.unwrap().into_body();
    assert_eq!(output, GetJobOutputResponse::Ok("all done".into()));
    for (status, expected) in [
        (409, GetJobOutputError::Conflict(b"so far".to_vec().into())),
        (
            502,
            GetJobOutputError::ServerError {
                status: golden_check::runtime::StatusCode::BAD_GATEWAY,
                body: b"so far".to_vec().into(),
            },
        ),
    ] {
        let server = answering(status, "application/octet-stream", "so far").await;
        let client = status_ranges::Client::new(server.uri()).unwrap();
        let Error::Api(api) = client.get_job_output(1).await.unwrap_err() else {
            panic!("an API error")
        };
        assert_eq!(api.typed, Some(expected));
    }
}

#[tokio::test]
async fn a_large_body_is_held_in_a_box() {
    use golden_check::status_ranges::{GetJobReportError, GetJobReportResponse};
    let server = answering(200, "application/json", r#"{"title":"done"}"#).await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    let GetJobReportResponse::Ok(report) = client.get_job_report(1).await.unwrap().into_body()
    else {
        panic!("the 200 variant")
    };
    let report: Box<golden_check::status_ranges::types::Report> = report;
    assert_eq!(report.title, "done");
    let server = answering(202, "application/json", "").await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    assert_eq!(
        client.get_job_report(1).await.unwrap().into_body(),
        GetJobReportResponse::Accepted
    );
    let server = answering(409, "application/json", r#"{"title":"half"}"#).await;
    let client = status_ranges::Client::new(server.uri()).unwrap();
    let Error::Api(api) = client.get_job_report(1).await.unwrap_err() else {
        panic!("an API error")
    };
    assert!(
        matches!(api.typed, Some(GetJobReportError::Conflict(report)) if report.title == "half")
    );
}

#[tokio::test]
async fn a_download_comes_whole_or_chunk_by_chunk() {
    let pdf: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports/7.pdf"))
        .and(header("accept", "application/pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/8.pdf"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no report 8"))
        .mount(&server)
        .await;
    let client = media_types::Client::new(server.uri()).unwrap();
    let whole = client.download_report(7).await.unwrap().into_body();
    assert_eq!(whole.as_ref(), pdf.as_slice());
    let mut stream = client.download_report_stream(7).await.unwrap().into_body();
    let mut read = Vec::new();
    while let Some(chunk) = stream.chunk().await {
        read.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(read, pdf);
    let Error::Api(api) = client.download_report_stream(8).await.unwrap_err() else {
        panic!("an API error")
    };
    assert_eq!(
        api.typed,
        Some(media_types::DownloadReportError::NotFound(
            "no report 8".into()
        ))
    );
}

#[tokio::test]
async fn binary_and_text_bodies_are_sent_as_their_media_types() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/avatar"))
        .and(header("content-type", "image/png"))
        .and(body_string("\u{89}PNG"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/render"))
        .and(header("content-type", "text/markdown; charset=utf-8"))
        .and(header("accept", "text/html; charset=utf-8"))
        .and(body_string("# Titel"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<h1>Titel</h1>"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/avatar"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0, 159, 146, 150], "image/gif"))
        .mount(&server)
        .await;
    let client = media_types::Client::new(server.uri()).unwrap();
    client.upload_avatar("\u{89}PNG".to_owned()).await.unwrap();
    // A stream is sent as it is read.
    let chunks = vec![
        Ok::<_, std::io::Error>("\u{89}".as_bytes().to_vec()),
        Ok("PNG".as_bytes().to_vec()),
    ];
    client
        .upload_avatar(BinaryBody::stream(futures_util::stream::iter(chunks)))
        .await
        .unwrap();
    let html = client.render("# Titel").await.unwrap().into_body();
    assert_eq!(html, "<h1>Titel</h1>");
    let avatar = client.get_avatar().await.unwrap().into_body();
    assert_eq!(avatar.as_ref(), [0, 159, 146, 150]);
}

#[tokio::test]
async fn event_streams_and_json_lines_are_read_as_they_arrive() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            ": comment\nevent: created\nid: 1\ndata: {\"id\":1,\ndata: \"kind\":\"a\"}\n\ndata: {\"id\":2}\n\n",
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/log"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "data: first line\ndata: second line\n\n",
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/export"))
        .and(header("accept", "application/x-ndjson"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"id\":1}\n\n{\"id\":2,\"kind\":\"b\"}\n",
            "application/x-ndjson",
        ))
        .mount(&server)
        .await;
    let client = media_types::Client::new(server.uri()).unwrap();
    let mut events = client.watch_events().await.unwrap().into_body();
    let first = events.next_event().await.unwrap().unwrap();
    assert_eq!(first.event, "created");
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.data.id, 1);
    assert_eq!(first.data.kind.as_deref(), Some("a"));
    let second = events.next_event().await.unwrap().unwrap();
    assert_eq!((second.event.as_str(), second.data.id), ("message", 2));
    assert!(events.next_event().await.is_none());

    let mut log = client.tail_log().await.unwrap().into_body();
    let line = log.next_event().await.unwrap().unwrap();
    assert_eq!(line.data, "first line\nsecond line");

    let mut lines = client.export_events().await.unwrap().into_body();
    let mut ids = Vec::new();
    while let Some(event) = lines.next_value().await {
        ids.push(event.unwrap().id);
    }
    assert_eq!(ids, [1, 2]);
}

#[tokio::test]
async fn a_json_body_without_schema_is_any_json() {
    let server = answering(200, "application/problem+json", r#"{"a":[1,true]}"#).await;
    let client = media_types::Client::new(server.uri()).unwrap();
    let value = client.get_anything().await.unwrap().into_body();
    assert_eq!(value, serde_json::json!({"a": [1, true]}));
}

fn order() -> media::Order {
    let mut order = media::Order::new(
        "Müller & Söhne".into(),
        vec![
            media::OrderLinesItem::new(1, "A-1".into()),
            media::OrderLinesItem::new(2, "B 2".into()),
        ],
    );
    order.tags = Some(vec!["x".into(), "y,z".into()]);
    order.codes = Some(vec![3, 4]);
    order
}

#[tokio::test]
async fn form_bodies_are_encoded_as_the_spec_says() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "customer=M%C3%BCller+%26+S%C3%B6hne&tags=x,y%2Cz&codes=3|4\
             &lines%5B0%5D%5Bnumber%5D=1&lines%5B0%5D%5Barticle%5D=A-1\
             &lines%5B1%5D%5Bnumber%5D=2&lines%5B1%5D%5Barticle%5D=B+2",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_string(r#"{"id":9}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/orders/dotted"))
        .and(body_string(
            "customer=M%C3%BCller+%26+S%C3%B6hne&tags=x&tags=y%2Cz&codes=3&codes=4\
             &lines%5B0%5D.number=1&lines%5B0%5D.article=A-1\
             &lines%5B1%5D.number=2&lines%5B1%5D.article=B+2",
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = media_types::Client::new(server.uri()).unwrap();
    assert_eq!(client.create_order(&order()).await.unwrap().body.id, 9);
    client.create_order_dotted(&order()).await.unwrap();
}

#[tokio::test]
async fn a_multipart_body_carries_its_typed_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = media_types::Client::new(server.uri()).unwrap();
    let mut meta = media::Event::new(5);
    meta.kind = Some("signed".into());
    let body = media_types::UploadDocumentsParts {
        note: "two files".into(),
        pages: Some(3),
        kind: Some(media::Kind::Contract),
        tags: Some(vec!["a".into(), "b".into()]),
        meta: Some(meta),
        file: FilePart::bytes(b"%PDF-1.7".to_vec())
            .file_name("contract.pdf")
            .media_type("application/pdf"),
        attachments: vec![
            FilePart::bytes(b"a,b\n".to_vec()).file_name("lines.csv"),
            FilePart::reader(&b"plain"[..]).file_name("note.txt"),
        ],
    };
    client.upload_documents(body).await.unwrap();
    // The parts the caller builds.
    let raw = Multipart::new().text("note", "signed").file(
        "file",
        FilePart::bytes(b"a,b\n".to_vec())
            .file_name("lines.csv")
            .media_type("text/csv"),
    );
    client.upload_raw_parts(raw).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let content_type = header_of(&requests[0], "content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let text = String::from_utf8_lossy(&requests[0].body).to_lowercase();
    let parts: Vec<&str> = text
        .split(&format!("--{boundary}"))
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "--")
        .collect();
    let expected = [
        "content-disposition: form-data; name=\"note\"\r\n\r\ntwo files",
        "content-disposition: form-data; name=\"pages\"\r\n\r\n3",
        "content-disposition: form-data; name=\"kind\"\r\n\r\ncontract",
        "content-disposition: form-data; name=\"tags\"\r\n\r\na",
        "content-disposition: form-data; name=\"tags\"\r\n\r\nb",
        "content-disposition: form-data; name=\"meta\"\r\ncontent-type: application/json\r\n\r\n{\"id\":5,\"kind\":\"signed\"}",
        "content-disposition: form-data; name=\"file\"; filename=\"contract.pdf\"\r\ncontent-type: application/pdf\r\n\r\n%pdf-1.7",
        "content-disposition: form-data; name=\"attachments\"; filename=\"lines.csv\"\r\ncontent-type: application/octet-stream\r\n\r\na,b",
        "content-disposition: form-data; name=\"attachments\"; filename=\"note.txt\"\r\ncontent-type: application/octet-stream\r\n\r\nplain",
    ];
    assert_eq!(parts, expected);
    let text = String::from_utf8_lossy(&requests[1].body).to_lowercase();
    assert!(
        text.contains(
            "name=\"file\"; filename=\"lines.csv\"\r\ncontent-type: text/csv\r\n\r\na,b\n"
        ),
        "{text}"
    );
}

fn header_of<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn each_operation_sends_the_credentials_its_security_names() {
    let server = answering(204, "application/json", "").await;
    let client = security::Client::builder(server.uri())
        .key_header("k-1")
        .bearer("t-1")
        .key_query("q-1")
        .session("s-1")
        .basic("ann", "pw")
        .oidc("id-token")
        .build()
        .unwrap();
    client.with_document_security().await.unwrap();
    client.public().await.unwrap();
    client.key_and_cookie().await.unwrap();
    client.with_oauth().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    // The first alternative with every credential: the API key header.
    assert_eq!(header_of(&requests[0], "x-api-key"), Some("k-1"));
    assert_eq!(header_of(&requests[0], "authorization"), None);
    // `security: []`: nothing.
    assert_eq!(header_of(&requests[1], "x-api-key"), None);
    assert_eq!(header_of(&requests[1], "authorization"), None);
    assert_eq!(requests[1].url.query(), None);
    // Two schemes together: a query key and a cookie.
    assert_eq!(requests[2].url.query(), Some("api_key=q-1"));
    assert_eq!(header_of(&requests[2], "cookie"), Some("session=s-1"));
    assert_eq!(header_of(&requests[2], "authorization"), None);
    // OAuth2 has no credential here: the OpenID Connect token.
    assert_eq!(
        header_of(&requests[3], "authorization"),
        Some("Bearer id-token")
    );
}

#[tokio::test]
async fn the_next_alternative_is_taken_and_a_missing_credential_is_refused() {
    let server = answering(204, "application/json", "").await;
    let client = security::Client::builder(server.uri())
        .bearer("t-1")
        .basic("ann", "pw")
        .build()
        .unwrap();
    client.with_document_security().await.unwrap();
    client.key_and_cookie().await.unwrap();
    assert!(matches!(
        client.with_oauth().await.unwrap_err(),
        Error::Config(_)
    ));
    // Mutual TLS asks nothing of the request: it is sent, without a credential.
    client.over_mutual_tls().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(header_of(&requests[2], "authorization"), None);
    assert_eq!(header_of(&requests[0], "authorization"), Some("Bearer t-1"));
    // `ann:pw` in base64.
    assert_eq!(
        header_of(&requests[1], "authorization"),
        Some("Basic YW5uOnB3")
    );
}

#[tokio::test]
async fn oauth2_flows_fetch_their_token_from_the_spec_token_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=password"))
        .and(body_string_contains("username=ann&password=pw"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"access_token":"fetched","token_type":"Bearer","expires_in":3600}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/oauth"))
        .and(header("authorization", "Bearer fetched"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = security::Client::builder(server.uri())
        .oauth_password("app", "ann", "pw")
        .build()
        .unwrap();
    client.with_oauth().await.unwrap();
    client.with_oauth().await.unwrap();
}
