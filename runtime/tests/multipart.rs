//! `multipart/form-data` bodies: the exact bytes a server receives for text, JSON and file
//! parts from every source, as a generated method sends them.

mod common;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::{answer, body_of, client, serve};
use ordergen_runtime::{no_error_body, Error, FilePart, HttpClient, Method, Multipart, Response};
use serde::Serialize;

#[derive(Serialize)]
struct Meta {
    pages: u32,
    title: &'static str,
}

/// The typed body a generated module declares for the operation.
struct UploadDocumentsBody {
    note: String,
    meta: Meta,
    cover: Option<FilePart>,
    files: Vec<FilePart>,
}

/// As a generated method sends it.
async fn upload_documents(
    http: &HttpClient,
    id: i64,
    body: UploadDocumentsBody,
) -> Result<Response<()>, Error> {
    let request = http
        .request(Method::POST, "/orders/{id}/documents")
        .path_param("id", id)
        .multipart(
            Multipart::new()
                .text("note", body.note)
                .json("meta", &body.meta)?
                .file_opt("cover", body.cover)
                .files("files", body.files),
        )?;
    http.send(request).await?.empty(no_error_body)
}

#[tokio::test]
async fn every_part_arrives_byte_for_byte() {
    let seen: Arc<Mutex<Vec<(String, Bytes)>>> = Arc::default();
    let log = seen.clone();
    let base = serve(move |request| {
        let log = log.clone();
        async move {
            let (parts, body) = body_of(request).await;
            let content_type = parts.headers["content-type"].to_str().unwrap().to_owned();
            log.lock().unwrap().push((content_type, body));
            answer(204, &[], "")
        }
    })
    .await;
    let http = client(&base);
    let path = std::env::temp_dir().join(format!("ordergen-part-{}.pdf", std::process::id()));
    std::fs::write(&path, b"%PDF-1.4 tiny").unwrap();
    let chunks = futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"streamed ")),
        Ok(Bytes::from_static(b"chunks")),
    ]);
    let body = UploadDocumentsBody {
        note: "signed by Ann & Bob".into(),
        meta: Meta {
            pages: 2,
            title: "Vertrag \"A\"",
        },
        cover: Some(
            FilePart::bytes(vec![0x89, b'P', b'N', b'G'])
                .file_name("cover.png")
                .media_type("image/png"),
        ),
        files: vec![
            FilePart::open(&path)
                .await
                .unwrap()
                .media_type("application/pdf"),
            FilePart::stream(chunks)
                .file_name("notes.txt")
                .media_type("text/plain"),
            FilePart::reader(std::io::Cursor::new(b"a,b\n1,2\n".to_vec())).file_name("lines.csv"),
        ],
    };
    upload_documents(&http, 7, body).await.unwrap();
    std::fs::remove_file(&path).unwrap();
    let (content_type, body) = seen.lock().unwrap().pop().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let file_name = path.file_name().unwrap().to_str().unwrap();
    let mut expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nsigned by Ann & Bob\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n\
         {{\"pages\":2,\"title\":\"Vertrag \\\"A\\\"\"}}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"cover.png\"\r\nContent-Type: image/png\r\n\r\n",
        b = boundary
    )
    .into_bytes();
    expected.extend_from_slice(&[0x89, b'P', b'N', b'G']);
    expected.extend_from_slice(
        format!(
            "\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n\
             %PDF-1.4 tiny\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n\
             streamed chunks\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"lines.csv\"\r\nContent-Type: application/octet-stream\r\n\r\n\
             a,b\n1,2\n\r\n\
             --{b}--\r\n",
            b = boundary
        )
        .as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(body, expected);
}

#[tokio::test]
async fn a_part_with_an_invalid_media_type_is_refused_before_sending() {
    let http = client("http://127.0.0.1:9");
    let body = UploadDocumentsBody {
        note: String::new(),
        meta: Meta {
            pages: 0,
            title: "",
        },
        cover: None,
        files: vec![FilePart::bytes(&b"x"[..]).media_type("not a type")],
    };
    let err = upload_documents(&http, 1, body).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("multipart part files"), "{err}");
}
