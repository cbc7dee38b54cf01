//! The exact bytes a server receives for each kind of request body, sent the way generated
//! methods send them.

mod common;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::{answer, body_of, builder, client, serve};
use ordergen_runtime::{
    no_error_body, ArrayStyle, BinaryBody, Error, FormEncoding, HttpClient, Method, Nesting,
    Response, RetryPolicy,
};
use serde::Serialize;

/// What the server saw: method, path, `Content-Type`, body.
type Seen = Arc<Mutex<Vec<(String, String, String, Bytes)>>>;

/// A server that records every request and answers `status`.
async fn recording(status: u16) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let base = serve(move |request| {
        let log = log.clone();
        async move {
            let (parts, body) = body_of(request).await;
            let content_type = parts
                .headers
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            log.lock().unwrap().push((
                parts.method.to_string(),
                parts.uri.to_string(),
                content_type,
                body,
            ));
            answer(status, &[], "")
        }
    })
    .await;
    (base, seen)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct OrderLine {
    line_number: i32,
    article_no: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Order {
    branch_id: i64,
    customer_ref: Option<String>,
    note: Option<String>,
    order_lines: Vec<OrderLine>,
    tags: Vec<&'static str>,
}

impl ordergen_runtime::Validate for Order {
    fn check(&self, validator: &mut ordergen_runtime::Validator) {
        if self.order_lines.is_empty() {
            validator.min_items(&self.order_lines, 1);
        }
    }
}

/// As a generated method sends a form body.
async fn create_order(
    http: &HttpClient,
    body: &Order,
    encoding: &FormEncoding,
) -> Result<Response<()>, Error> {
    let request = http
        .request(Method::POST, "/api/Orders")
        .valid_with(body)?
        .form(body, encoding)?;
    http.send(request).await?.empty(no_error_body)
}

/// As a generated method sends a binary body.
async fn put_file(http: &HttpClient, name: &str, body: BinaryBody) -> Result<Response<()>, Error> {
    let request = http
        .request(Method::PUT, "/files/{name}")
        .path_param("name", name)
        .binary(body, "application/octet-stream")?;
    http.send(request).await?.empty(no_error_body)
}

/// As a generated method sends a `text/*` body.
async fn import(http: &HttpClient, body: &str, media_type: &str) -> Result<Response<()>, Error> {
    let request = http
        .request(Method::POST, "/imports")
        .text_as(body, media_type)?;
    http.send(request).await?.empty(no_error_body)
}

fn order() -> Order {
    Order {
        branch_id: 75,
        customer_ref: Some("K/12 ä+b".into()),
        note: None,
        order_lines: vec![
            OrderLine {
                line_number: 1,
                article_no: "4711".into(),
            },
            OrderLine {
                line_number: 2,
                article_no: "08 15".into(),
            },
        ],
        tags: vec!["rush", "gift"],
    }
}

const DOTTED: FormEncoding = FormEncoding::new().nesting(Nesting::Dots);
const PIPES: FormEncoding = FormEncoding::new().properties(&[("Tags", ArrayStyle::Pipe)]);

#[tokio::test]
async fn form_bodies_arrive_byte_for_byte() {
    let (base, seen) = recording(204).await;
    let http = client(&base);
    for encoding in [&DOTTED, &PIPES] {
        create_order(&http, &order(), encoding).await.unwrap();
    }
    let mut empty = order();
    empty.order_lines.clear();
    let err = create_order(&http, &empty, &DOTTED).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].2, "application/x-www-form-urlencoded");
    assert_eq!(
        seen[0].3,
        "BranchId=75&CustomerRef=K%2F12+%C3%A4%2Bb\
         &OrderLines%5B0%5D.LineNumber=1&OrderLines%5B0%5D.ArticleNo=4711\
         &OrderLines%5B1%5D.LineNumber=2&OrderLines%5B1%5D.ArticleNo=08+15\
         &Tags=rush&Tags=gift"
    );
    assert_eq!(
        seen[1].3,
        "BranchId=75&CustomerRef=K%2F12+%C3%A4%2Bb\
         &OrderLines%5B0%5D%5BLineNumber%5D=1&OrderLines%5B0%5D%5BArticleNo%5D=4711\
         &OrderLines%5B1%5D%5BLineNumber%5D=2&OrderLines%5B1%5D%5BArticleNo%5D=08+15\
         &Tags=rush|gift"
    );
}

/// The dotted form, decoded as ASP.NET's model binder reads it (percent-decoding, then the
/// name as a property path), gives back every field of the order.
#[tokio::test]
async fn the_dotted_form_binds_as_aspnet_reads_it() {
    let (base, seen) = recording(204).await;
    let http = client(&base);
    create_order(&http, &order(), &DOTTED).await.unwrap();
    let body = seen.lock().unwrap()[0].3.clone();
    let pairs: Vec<(String, String)> = reqwest::Url::parse(&format!(
        "http://x/?{}",
        std::str::from_utf8(&body).unwrap()
    ))
    .unwrap()
    .query_pairs()
    .map(|(k, v)| (k.into_owned(), v.into_owned()))
    .collect();
    let expected = [
        ("BranchId", "75"),
        ("CustomerRef", "K/12 ä+b"),
        ("OrderLines[0].LineNumber", "1"),
        ("OrderLines[0].ArticleNo", "4711"),
        ("OrderLines[1].LineNumber", "2"),
        ("OrderLines[1].ArticleNo", "08 15"),
        ("Tags", "rush"),
        ("Tags", "gift"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn binary_bodies_from_bytes_a_stream_a_reader_and_a_file() {
    let (base, seen) = recording(204).await;
    let http = client(&base);
    let path = std::env::temp_dir().join(format!("ordergen-upload-{}", std::process::id()));
    std::fs::write(&path, b"file\x00bytes").unwrap();
    let chunks = futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"one,")),
        Ok(Bytes::from_static(b"two")),
    ]);
    let bodies = vec![
        BinaryBody::from(vec![0u8, 159, 146, 150]),
        BinaryBody::stream(chunks).media_type("image/png"),
        BinaryBody::reader(std::io::Cursor::new(b"from a reader".to_vec())),
        BinaryBody::file(tokio::fs::File::open(&path).await.unwrap()),
    ];
    for body in bodies {
        put_file(&http, "a b", body).await.unwrap();
    }
    std::fs::remove_file(&path).unwrap();
    let seen = seen.lock().unwrap();
    let got: Vec<(&str, &[u8])> = seen
        .iter()
        .map(|(method, path, ty, body)| {
            assert_eq!((method.as_str(), path.as_str()), ("PUT", "/files/a%20b"));
            (ty.as_str(), body.as_ref())
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("application/octet-stream", &[0u8, 159, 146, 150][..]),
            ("image/png", b"one,two"),
            ("application/octet-stream", b"from a reader"),
            ("application/octet-stream", b"file\x00bytes"),
        ]
    );
}

#[tokio::test]
async fn text_bodies_of_any_text_type() {
    let (base, seen) = recording(204).await;
    let http = client(&base);
    for (text, media) in [
        ("a,b\n1,2\n", "text/csv"),
        ("<p>ü</p>", "text/html; charset=utf-8"),
    ] {
        import(&http, text, media).await.unwrap();
    }
    let err = import(&http, "x", "text/plain\n").await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].2, "text/csv; charset=utf-8");
    assert_eq!(seen[0].3, "a,b\n1,2\n");
    assert_eq!(seen[1].2, "text/html; charset=utf-8");
    assert_eq!(seen[1].3, "<p>ü</p>".as_bytes());
}

/// A streamed body cannot be sent twice: a 503 that would be retried for bytes is returned
/// as it is, after one attempt.
#[tokio::test]
async fn a_streamed_body_is_sent_once() {
    let (base, seen) = recording(503).await;
    let http = builder(&base)
        .retry_policy(RetryPolicy::default())
        .build()
        .unwrap()
        .0;
    let stream =
        futures_util::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from_static(b"once"))]);
    let err = put_file(&http, "x", BinaryBody::stream(stream))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api(ref api) if api.status == 503),
        "{err:?}"
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
    // The same with bytes is retried.
    let _ = put_file(&http, "x", BinaryBody::from(b"again".to_vec())).await;
    assert!(seen.lock().unwrap().len() > 2);
}
