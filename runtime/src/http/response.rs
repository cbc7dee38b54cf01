//! Responses: the raw form, the typed form, and decoding bodies.

use super::*;

/// A response as received, before it is decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub(super) method: Method,
    pub(super) path: &'static str,
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

/// A decoded success response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Decodes an operation's declared error body for a status, if the body fits it.
pub type DecodeErrorBody<E> = fn(StatusCode, &[u8]) -> Option<E>;

/// Why a success body could not be decoded: where, and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    /// Where in the body decoding failed (`.` for the whole body).
    pub json_path: String,
    pub message: String,
}

impl BodyError {
    /// A success status the spec does not declare for the operation.
    pub fn undeclared_status(status: u16) -> Self {
        BodyError {
            json_path: ".".to_owned(),
            message: format!("status {status} is not a success response the spec declares"),
        }
    }
}

/// Decodes a JSON body as `T`, naming the path where it does not fit.
///
/// An empty body (nothing, or only whitespace) is read as the JSON `null`: a body type the
/// spec allows to be `null` takes it (a success that returns nothing); any other type is told
/// that the body is empty.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    if body.trim_ascii().is_empty() {
        return serde_json::from_slice(b"null").map_err(|err| BodyError {
            json_path: ".".to_owned(),
            message: format!("the body is empty, and {err}"),
        });
    }
    // Tracking the path costs about half again as much as decoding: pay it only to explain a
    // failure.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => deserializer.end().map(|()| value).map_err(|err| BodyError {
            json_path: ".".to_owned(),
            message: err.to_string(),
        }),
        Err(err) => Err(BodyError {
            json_path: err.path().to_string(),
            message: err.into_inner().to_string(),
        }),
    }
}

/// Decodes a plain-text body.
pub fn decode_text(body: &[u8]) -> Result<String, BodyError> {
    String::from_utf8(body.to_vec()).map_err(|err| BodyError {
        json_path: ".".to_owned(),
        message: format!("the text body is not UTF-8: {err}"),
    })
}

/// For operations whose spec declares no error body.
pub fn no_error_body(_status: StatusCode, _body: &[u8]) -> Option<std::convert::Infallible> {
    None
}

/// What [`RawResponse::json_flagged`] reads first from a JSON object: the flag when it is a
/// boolean, the message when it is a string (the last of repeated keys, as in a
/// `serde_json::Value`). Anything but an object is an error.
pub(super) struct FlagRead {
    pub(super) flag: Option<bool>,
    pub(super) message: Option<String>,
}

pub(super) struct FlagSeed<'a> {
    pub(super) flag: &'a str,
    pub(super) message: Option<&'a str>,
}

impl<'de> serde::de::DeserializeSeed<'de> for FlagSeed<'_> {
    type Value = FlagRead;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<FlagRead, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FlagSeed<'_> {
    type Value = FlagRead;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<FlagRead, A::Error> {
        let mut read = FlagRead {
            flag: None,
            message: None,
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.flag {
                read.flag = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::Bool(flag) => Some(flag),
                    _ => None,
                };
            } else if Some(key.as_ref()) == self.message {
                read.message = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(message) => Some(message),
                    _ => None,
                };
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(read)
    }
}

impl RawResponse {
    /// A success status decodes the JSON body as `T`; any other status is an [`Error::Api`].
    pub fn json<T: DeserializeOwned, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<T>, Error<E>> {
        self.decode_with(decode_error, |_, body| decode_json(body))
    }

    /// A success status decodes the body with `decode`, which may look at the status (for
    /// operations whose success responses differ); any other status is an [`Error::Api`].
    pub fn decode_with<T, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
        decode: impl FnOnce(StatusCode, &[u8]) -> Result<T, BodyError>,
    ) -> Result<Response<T>, Error<E>> {
        let raw = self.success(decode_error)?;
        match decode(raw.status, &raw.body) {
            Ok(body) => Ok(Response {
                status: raw.status,
                headers: raw.headers,
                body,
            }),
            Err(BodyError { json_path, message }) => Err(Error::Decode(Box::new(DecodeError {
                json_path,
                message,
                method: raw.method,
                path: raw.path,
                status: raw.status,
                headers: raw.headers,
                body: raw.body,
            }))),
        }
    }

    /// Like [`RawResponse::json`] for operations whose success body may also come as XML: an
    /// XML `Content-Type` decodes the body as the document `xml` describes.
    pub fn json_or_xml<T, E>(
        self,
        decode_error: DecodeErrorBody<E>,
        xml: &XmlBody,
    ) -> Result<Response<T>, Error<E>>
    where
        T: DeserializeOwned + XmlValue,
        E: fmt::Debug,
    {
        if !self.is_xml() {
            return self.json(decode_error);
        }
        self.xml(decode_error, xml)
    }

    /// A success status decodes the body as the XML document `xml` describes; any other
    /// status is an [`Error::Api`].
    pub fn xml<T: XmlValue, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
        xml: &XmlBody,
    ) -> Result<Response<T>, Error<E>> {
        let root = xml.root;
        self.decode_with(decode_error, move |_, body| {
            from_xml(body, &root).map_err(|err| BodyError {
                json_path: err.path(),
                message: err.message().to_owned(),
            })
        })
    }

    fn is_xml(&self) -> bool {
        let media = self
            .headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        let essence = media.split(';').next().unwrap_or("").trim();
        let suffix = essence
            .len()
            .checked_sub(4)
            .and_then(|at| essence.get(at..));
        essence.eq_ignore_ascii_case("application/xml")
            || essence.eq_ignore_ascii_case("text/xml")
            || suffix.is_some_and(|suffix| suffix.eq_ignore_ascii_case("+xml"))
    }

    /// Like [`RawResponse::json`] for operations whose body says whether they succeeded
    /// (`x-success-flag`): when the body's `flag` property is `false`, the call is an
    /// [`Error::Rejected`] carrying the `message` property and the raw body. The flag is read
    /// before the rest of the body, so a failure is reported as such even when other fields do
    /// not fit the spec. `flag_of` reads the flag from a decoded body.
    pub fn json_flagged<T: DeserializeOwned, E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
        flag: &str,
        message: Option<&str>,
        flag_of: fn(&T) -> bool,
    ) -> Result<Response<T>, Error<E>> {
        let raw = self.success(decode_error)?;
        // Most answers say yes: a body that decodes and whose flag is `true` needs no other
        // read (a body with the flag twice does not decode, so its last flag is the one read).
        // Anything else is read again in the order the rule above needs.
        if let Ok(body) = serde_json::from_slice::<T>(&raw.body) {
            if flag_of(&body) {
                return Ok(Response {
                    status: raw.status,
                    headers: raw.headers,
                    body,
                });
            }
        }
        // Only the flag and the message are kept from this first read; everything else is
        // skipped without being built, so reading the flag first costs little.
        let seed = FlagSeed { flag, message };
        let mut deserializer = serde_json::Deserializer::from_slice(&raw.body);
        let read = serde::de::DeserializeSeed::deserialize(seed, &mut deserializer)
            .and_then(|read| deserializer.end().map(|()| read));
        if let Ok(FlagRead {
            flag: Some(false),
            message: reason,
        }) = read
        {
            // An empty reason is no reason.
            let reason = reason.filter(|m| !m.is_empty());
            return Err(Error::Rejected(Box::new(Rejected {
                method: raw.method,
                path: raw.path,
                status: raw.status,
                headers: raw.headers,
                body: raw.body,
                message: reason,
            })));
        }
        raw.json(decode_error)
    }

    /// A success status with no body of interest; any other status is an [`Error::Api`].
    pub fn empty<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<()>, Error<E>> {
        let raw = self.success(decode_error)?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            body: (),
        })
    }

    /// A success status with a binary body, as received; any other status is an
    /// [`Error::Api`]. (For a body too large to hold, see [`HttpClient::send_streaming`].)
    pub fn bytes<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<Bytes>, Error<E>> {
        let raw = self.success(decode_error)?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            body: raw.body,
        })
    }

    /// A success status with a plain-text body; any other status is an [`Error::Api`].
    pub fn text<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Response<String>, Error<E>> {
        self.decode_with(decode_error, |_, body| decode_text(body))
    }

    pub(super) fn success<E: fmt::Debug>(
        self,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<Self, Error<E>> {
        if self.status.is_success() {
            return Ok(self);
        }
        let typed = decode_error(self.status, &self.body);
        Err(Error::Api(Box::new(ApiError {
            method: self.method,
            path: self.path,
            status: self.status,
            headers: self.headers,
            body: self.body,
            typed,
        })))
    }
}
