//! Putting a request together: path, query, headers, body, checks.

use super::*;

/// One request being put together by a generated method.
#[derive(Debug)]
pub struct RequestBuilder {
    pub(super) method: Method,
    pub(super) template: &'static str,
    pub(super) path: String,
    pub(super) query: Vec<(std::borrow::Cow<'static, str>, String)>,
    /// Cookie parameters, `name=value` each, sent in one `Cookie` header.
    pub(super) cookies: Vec<String>,
    pub(super) headers: HeaderMap,
    pub(crate) body: Option<RequestBody>,
    /// Parameter values that cannot be sent, reported when the request is sent.
    pub(super) invalid: Vec<Violation>,
    /// The body format chosen for the client.
    pub(super) format: Format,
    /// The capacity a JSON body starts with: the size of the client's last body.
    pub(super) body_capacity: usize,
    /// The security schemes the operation accepts (all the client has, when `None`).
    pub(crate) security: Option<Security>,
}

impl RequestBuilder {
    /// A copy of the request, unless its body is a stream (which can be sent only once).
    pub(crate) fn try_clone(&self) -> Option<RequestBuilder> {
        let body = match &self.body {
            None => None,
            Some(RequestBody {
                content_type,
                kind: BodyKind::Bytes(bytes),
            }) => Some(RequestBody {
                content_type: content_type.clone(),
                kind: BodyKind::Bytes(bytes.clone()),
            }),
            Some(_) => return None,
        };
        Some(RequestBuilder {
            method: self.method.clone(),
            template: self.template,
            path: self.path.clone(),
            query: self.query.clone(),
            cookies: self.cookies.clone(),
            headers: self.headers.clone(),
            body,
            invalid: self.invalid.clone(),
            format: self.format,
            body_capacity: self.body_capacity,
            security: self.security,
        })
    }

    /// The security schemes the operation accepts (its `security`): alternatives, each the
    /// scheme names sent together. The first alternative whose schemes all have a credential
    /// on the client is sent; `&[]` (or an empty alternative) sends no credential. Without
    /// this call, every credential of the client is sent.
    pub fn security(mut self, alternatives: Security) -> Self {
        self.security = Some(alternatives);
        self
    }

    /// Fills `{name}` in the path with `value`, percent-encoded as one path segment. An empty
    /// value, `.` or `..` would change which resource the path names: the request is then
    /// refused when sent.
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        if matches!(value.as_str(), "" | "." | "..") {
            self.invalid.push(Violation {
                path: name.to_owned(),
                message: format!("{value:?} cannot be a path segment"),
            });
        }
        let encoded = encode_segment(&value);
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        self
    }

    /// Refuses the request when sent unless the path parameter `name` has the same value as the
    /// body's `field` (`x-body-field`): the two name the same thing, and a request where they
    /// differ would leave the server to pick one. Compared by their text, before the path
    /// value is percent-encoded.
    pub fn same_in_body(
        mut self,
        name: &'static str,
        field: &'static str,
        in_path: impl fmt::Display,
        in_body: impl fmt::Display,
    ) -> Self {
        let (in_path, in_body) = (in_path.to_string(), in_body.to_string());
        if in_path != in_body {
            self.invalid.push(Violation {
                path: name.to_owned(),
                message: format!(
                    "is {in_path:?} in the path but {in_body:?} in the body's `{field}`; both must name the same"
                ),
            });
        }
        self
    }

    /// Checks parameter values against the constraints of their spec (`checks`, written out by
    /// the generated method): what breaks one is reported when the body is validated, or when
    /// the request is sent, with every other violation.
    pub fn checked(mut self, checks: impl Fn(&mut Validator)) -> Self {
        if let Err(error) = Checks(checks).validate() {
            self.invalid.extend(error.into_violations());
        }
        self
    }

    /// [`valid_with`](Self::valid_with) for a body that is not a generated type (an array, a
    /// map, or a scalar with constraints), whose `checks` the generated method writes out.
    pub fn valid_with_checks<E: fmt::Debug>(
        self,
        checks: impl Fn(&mut Validator),
    ) -> Result<Self, Error<E>> {
        self.valid_with(&Checks(checks))
    }

    /// Checks `body` against the constraints of its spec: when it breaks one, or a parameter
    /// value recorded so far cannot be sent, the call fails here with every violation (the
    /// body's first), before the body is encoded.
    pub fn valid_with<E: fmt::Debug>(mut self, body: &impl Validate) -> Result<Self, Error<E>> {
        let checked = body.validate();
        if checked.is_ok() && self.invalid.is_empty() {
            return Ok(self);
        }
        let mut violations = checked
            .err()
            .map_or_else(Vec::new, ValidationError::into_violations);
        violations.append(&mut self.invalid);
        Err(Error::InvalidRequest(ValidationError::from_violations(
            violations,
        )))
    }

    /// Adds `name=value` to the query string.
    pub fn query(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.query
            .push((std::borrow::Cow::Borrowed(name), value.to_string()));
        self
    }

    /// Adds a header parameter.
    pub fn header<E: fmt::Debug>(
        mut self,
        name: &'static str,
        value: impl fmt::Display,
    ) -> Result<Self, Error<E>> {
        let invalid = || {
            Error::Config(ConfigError(format!(
                "header parameter {name}: not a valid header"
            )))
        };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut value = HeaderValue::from_str(&value.to_string()).map_err(|_| invalid())?;
        // Credentials passed as parameters are as secret as those set on the builder.
        value.set_sensitive(is_credential_header(&header));
        self.headers.append(header, value);
        Ok(self)
    }

    /// Sets a JSON body.
    pub fn json<E: fmt::Debug>(mut self, body: &impl Serialize) -> Result<Self, Error<E>> {
        let mut bytes = Vec::with_capacity(self.body_capacity);
        serde_json::to_writer(&mut bytes, body).map_err(Error::Encode)?;
        self.body = Some(RequestBody::bytes(
            Bytes::from(bytes),
            HeaderValue::from_static("application/json"),
        ));
        Ok(self)
    }

    /// Sets the body as JSON, or as XML (`xml`'s media type and root element) when the client's
    /// format is [`Format::Xml`].
    pub fn json_or_xml<T, E>(self, body: &T, xml: &XmlBody) -> Result<Self, Error<E>>
    where
        T: Serialize + XmlValue,
        E: fmt::Debug,
    {
        match self.format {
            Format::Json => self.json(body),
            Format::Xml => self.xml(body, xml),
        }
    }

    /// Sets an XML body (`xml`'s media type and root element), for operations offered in XML
    /// only.
    pub fn xml<T: XmlValue, E: fmt::Debug>(
        mut self,
        body: &T,
        xml: &XmlBody,
    ) -> Result<Self, Error<E>> {
        let text = to_xml(body, &xml.root).map_err(Error::EncodeXml)?;
        self.body = Some(RequestBody::bytes(
            Bytes::from(text),
            media_type_header(xml.media_type)?,
        ));
        Ok(self)
    }

    /// Asks for an XML response (`media_type`) when the client's format is [`Format::Xml`].
    pub fn accept_xml(self, media_type: &'static str) -> Self {
        match self.format {
            Format::Json => self,
            Format::Xml => self.accept(media_type),
        }
    }

    /// Asks for a response of `media_type` (the default is `application/json`).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.headers
            .insert(ACCEPT, HeaderValue::from_static(media_type));
        self
    }

    /// Sets a plain-text body.
    pub fn text(mut self, body: &str) -> Self {
        self.body = Some(RequestBody::bytes(
            Bytes::copy_from_slice(body.as_bytes()),
            HeaderValue::from_static("text/plain; charset=utf-8"),
        ));
        self
    }
}
