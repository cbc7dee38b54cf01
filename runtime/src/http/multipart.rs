//! `multipart/form-data` request bodies: text fields, JSON parts and file parts (with a file
//! name and a media type) streamed from a file, a byte buffer, any `AsyncRead` or any `Stream`,
//! several files in one field. Nothing is read into memory ahead of sending: file parts are
//! read while the request goes out, so a body is sent once (a call with one is not retried).
//!
//! A generated method turns its typed body into parts in one chain:
//!
//! ```no_run
//! # use ordergen_runtime::{no_error_body, Error, FilePart, HttpClient, Method, Multipart, Response};
//! # #[derive(serde::Serialize)] struct Meta { pages: u32 }
//! /// The body of `POST /orders/{id}/documents`.
//! pub struct UploadDocumentsBody {
//!     pub note: String,
//!     pub meta: Meta,
//!     pub files: Vec<FilePart>,
//! }
//!
//! async fn upload_documents(
//!     http: &HttpClient,
//!     id: i64,
//!     body: UploadDocumentsBody,
//! ) -> Result<Response<()>, Error> {
//!     let request = http
//!         .request(Method::POST, "/orders/{id}/documents")
//!         .path_param("id", id)
//!         .multipart(
//!             Multipart::new()
//!                 .text("note", body.note)
//!                 .json("meta", &body.meta)?
//!                 .files("files", body.files),
//!         )?;
//!     http.send(request).await?.empty(no_error_body)
//! }
//!
//! # async fn caller(http: &HttpClient) -> Result<(), Error> {
//! let body = UploadDocumentsBody {
//!     note: "signed".into(),
//!     meta: Meta { pages: 2 },
//!     files: vec![
//!         FilePart::open("contract.pdf").await.expect("readable"),
//!         FilePart::bytes(b"a,b\n".to_vec()).file_name("lines.csv").media_type("text/csv"),
//!     ],
//! };
//! upload_documents(http, 7, body).await?;
//! # Ok(()) }
//! ```

use std::path::Path;
use std::sync::Mutex;

use futures_util::Stream;
use tokio::io::AsyncRead;

use super::*;

/// A `multipart/form-data` body being put together; its parts are sent in the order added.
pub struct Multipart {
    form: reqwest::multipart::Form,
    /// The first part that cannot be sent (an invalid media type), reported by
    /// [`RequestBuilder::multipart`].
    invalid: Option<String>,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("boundary", &self.form.boundary())
            .finish_non_exhaustive()
    }
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart {
            form: reqwest::multipart::Form::new(),
            invalid: None,
        }
    }

    /// A text field (`text/plain`, no file name).
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.form = self.form.text(name, value.into());
        self
    }

    /// A part holding `value` as JSON (`application/json`; OpenAPI's `encoding.contentType`).
    pub fn json<E: fmt::Debug>(
        mut self,
        name: &'static str,
        value: &impl Serialize,
    ) -> Result<Self, Error<E>> {
        let bytes = serde_json::to_vec(value).map_err(Error::Encode)?;
        let part = reqwest::multipart::Part::bytes(bytes)
            .mime_str("application/json")
            .map_err(|_| ConfigError("application/json is not a media type".into()))?;
        self.form = self.form.part(name, part);
        Ok(self)
    }

    /// A file part.
    pub fn file(mut self, name: &'static str, file: FilePart) -> Self {
        match file.into_part() {
            Ok(part) => self.form = self.form.part(name, part),
            Err(message) => {
                self.invalid
                    .get_or_insert(format!("multipart part {name}: {message}"));
            }
        }
        self
    }

    /// Several file parts of the same name, in order.
    pub fn files(self, name: &'static str, files: impl IntoIterator<Item = FilePart>) -> Self {
        files
            .into_iter()
            .fold(self, |form, file| form.file(name, file))
    }

    /// A file part when there is one (an optional field).
    pub fn file_opt(self, name: &'static str, file: Option<FilePart>) -> Self {
        match file {
            Some(file) => self.file(name, file),
            None => self,
        }
    }
}

/// The contents of a file part, with its file name and media type. Its bytes are read while
/// the request is sent.
pub struct FilePart {
    source: BinarySource,
    length: Option<u64>,
    file_name: Option<String>,
    media_type: Option<String>,
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("length", &self.length)
            .field("file_name", &self.file_name)
            .field("media_type", &self.media_type)
            .finish_non_exhaustive()
    }
}

impl FilePart {
    /// Bytes in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        FilePart {
            length: Some(bytes.len() as u64),
            source: BinarySource::Bytes(bytes),
            file_name: None,
            media_type: None,
        }
    }

    /// The chunks of `stream`.
    pub fn stream<S, T, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<T, E>> + Send + 'static,
        T: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        FilePart::from_binary(BinaryBody::stream(stream))
    }

    /// What `reader` yields.
    pub fn reader(reader: impl AsyncRead + Send + 'static) -> Self {
        FilePart::from_binary(BinaryBody::reader(reader))
    }

    /// The file at `path`: named after it, its length known, read while the request is sent.
    pub async fn open(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await?.len();
        let mut part = FilePart::from_binary(BinaryBody::file(file));
        part.length = Some(length);
        part.file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Ok(part)
    }

    fn from_binary(body: BinaryBody) -> Self {
        FilePart {
            source: body.source,
            length: None,
            file_name: None,
            media_type: body.media_type,
        }
    }

    /// The file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type (default `application/octet-stream`).
    pub fn media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }

    /// The length, when the caller knows it for a stream (lets the body announce its length).
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    fn into_part(self) -> Result<reqwest::multipart::Part, String> {
        let body = match self.source {
            BinarySource::Bytes(bytes) => reqwest::Body::from(bytes),
            BinarySource::Stream(body) => body,
        };
        let part = match self.length {
            Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
            None => reqwest::multipart::Part::stream(body),
        };
        let media_type = self
            .media_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        let mut part = part
            .mime_str(media_type)
            .map_err(|_| format!("{media_type:?} is not a valid media type"))?;
        if let Some(name) = self.file_name {
            part = part.file_name(name);
        }
        Ok(part)
    }
}

impl RequestBuilder {
    /// Sets a `multipart/form-data` body (its boundary chosen at random).
    pub fn multipart<E: fmt::Debug>(mut self, form: Multipart) -> Result<Self, Error<E>> {
        if let Some(message) = form.invalid {
            return Err(Error::Config(ConfigError(message)));
        }
        self.body = Some(RequestBody {
            content_type: None,
            kind: BodyKind::Multipart(Mutex::new(Some(form.form))),
        });
        Ok(self)
    }
}
