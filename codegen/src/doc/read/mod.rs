//! The reader: the loader's JSON -> [`Document`], in one pass.
//!
//! Each object is taken apart key by key, once; a keyword of the wrong kind (`type: {}`,
//! `required: id`) is recorded with its JSON pointer and left out, and reading goes on, so one
//! pass reports every such problem. Nothing is tried twice: time and memory are linear in the
//! size of the input.

mod schema;

use serde_json::{Map as JsonMap, Number, Value};

use super::{
    ApiKeyIn, Components, Document, Encoding, Extra, Header, Info, Map, MediaType, Operation,
    Parameter, ParameterIn, PathItem, RefOr, Reference, RequestBody, Response, Responses, Schema,
    SchemaOrContent, SecurityRequirement, SecurityScheme, SecuritySchemeKind, Server,
    ServerVariable, StatusKey, METHODS,
};
use crate::diag::Diagnostics;

/// How deep schemas may nest inside one another (through `properties`, `items`, `allOf`, ...).
/// The YAML and JSON reader stops at 128 levels of nesting first, so a document read from text
/// meets this limit only in the schemas of very flat notations; it guards the recursion of
/// everything after reading all the same.
pub const MAX_SCHEMA_DEPTH: usize = 128;

/// Reads `json` (the whole document) into the model, recording every problem in `diag`.
/// `None` when a problem was recorded: a document with a malformed part is not lowered.
pub fn read(json: JsonMap<String, Value>, diag: &mut Diagnostics) -> Option<Document> {
    let version_3_0 = json
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.0"));
    let mut reader = Reader {
        version_3_0,
        diag,
        pointer: "#".to_owned(),
        depth: 0,
        errors: false,
    };
    let document = reader.document(json);
    (!reader.errors).then_some(document)
}

struct Reader<'d> {
    /// Whether the document is OpenAPI 3.0, which requires what 3.1 made optional.
    version_3_0: bool,
    diag: &'d mut Diagnostics,
    /// The JSON pointer of the value being read.
    pointer: String,
    /// How many schemas enclose the value being read.
    depth: usize,
    errors: bool,
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

impl Reader<'_> {
    fn error(&mut self, message: String, hint: &str) {
        self.errors = true;
        let pointer = self.pointer.clone();
        self.diag.error(&pointer, message, hint);
    }

    /// Runs `f` with the pointer moved to the child `segment` (escaped in place: the one
    /// pointer grows and shrinks as the reader walks, with no allocation per key).
    fn at<T>(&mut self, segment: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.pointer.len();
        self.pointer.push('/');
        if segment.contains(['~', '/']) {
            for c in segment.chars() {
                match c {
                    '~' => self.pointer.push_str("~0"),
                    '/' => self.pointer.push_str("~1"),
                    c => self.pointer.push(c),
                }
            }
        } else {
            self.pointer.push_str(segment);
        }
        let out = f(self);
        self.pointer.truncate(len);
        out
    }

    /// The last segment of the pointer, unescaped: the keyword being read.
    fn keyword(&self) -> String {
        let last = self.pointer.rsplit('/').next().unwrap_or("");
        last.replace("~1", "/").replace("~0", "~")
    }

    fn wrong(&mut self, expected: &str, value: &Value) {
        let keyword = self.keyword();
        self.error(
            format!("`{keyword}` must be {expected}, not {}", kind(value)),
            "compare this part with the OpenAPI specification",
        );
    }

    fn object(&mut self, value: Value) -> Option<JsonMap<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.wrong("a mapping", &other);
                None
            }
        }
    }

    fn string(&mut self, value: Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.wrong("a string", &other);
                None
            }
        }
    }

    fn boolean(&mut self, value: Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(b),
            other => {
                self.wrong("true or false", &other);
                None
            }
        }
    }

    fn number(&mut self, value: Value) -> Option<Number> {
        match value {
            Value::Number(n) => Some(n),
            other => {
                self.wrong("a number", &other);
                None
            }
        }
    }

    fn count(&mut self, value: Value) -> Option<usize> {
        match value.as_u64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                let keyword = self.keyword();
                self.error(
                    format!("`{keyword}` must be a whole number of zero or more, not {value}"),
                    "write a count such as 0 or 10",
                );
                None
            }
        }
    }

    fn list(&mut self, value: Value) -> Option<Vec<Value>> {
        match value {
            Value::Array(items) => Some(items),
            other => {
                self.wrong("a list", &other);
                None
            }
        }
    }

    fn strings(&mut self, value: Value) -> Option<Vec<String>> {
        let items = match value {
            Value::Array(items) => items,
            other => {
                self.wrong("a list of strings", &other);
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            if let Some(s) = self.at(&i.to_string(), |r| r.string(item)) {
                out.push(s);
            }
        }
        Some(out)
    }

    /// Each item of a list, read by `f` at its index.
    fn each<T>(
        &mut self,
        value: Value,
        mut f: impl FnMut(&mut Self, Value) -> Option<T>,
    ) -> Vec<T> {
        let Some(items) = self.list(value) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            if let Some(item) = self.at(&i.to_string(), |r| f(r, item)) {
                out.push(item);
            }
        }
        out
    }

    /// Each entry of a mapping, read by `f` at its key.
    fn entries<T>(
        &mut self,
        value: Value,
        mut f: impl FnMut(&mut Self, Value) -> Option<T>,
    ) -> Map<T> {
        let Some(map) = self.object(value) else {
            return Map::new();
        };
        let mut out = Map::with_capacity(map.len());
        for (key, item) in map {
            if let Some(item) = self.at(&key, |r| f(r, item)) {
                out.insert(key, item);
            }
        }
        out
    }

    fn require<T>(&mut self, value: Option<T>, object: &str, field: &str) -> Option<T> {
        if value.is_none() {
            self.error(
                format!("{object} has no `{field}`"),
                &format!("add `{field}`"),
            );
        }
        value
    }

    /// An object or a `$ref` to one.
    fn ref_or<T>(
        &mut self,
        value: Value,
        f: impl FnOnce(&mut Self, JsonMap<String, Value>) -> Option<T>,
    ) -> Option<RefOr<T>> {
        let mut map = self.object(value)?;
        match map.shift_remove("$ref") {
            Some(target) => {
                let target = self.at("$ref", |r| r.string(target))?;
                let mut reference = Reference {
                    target,
                    ..Reference::default()
                };
                for (key, value) in map {
                    match key.as_str() {
                        "summary" => reference.summary = self.at(&key, |r| r.string(value)),
                        "description" => reference.description = self.at(&key, |r| r.string(value)),
                        _ => {}
                    }
                }
                Some(RefOr::Ref(reference))
            }
            None => f(self, map).map(RefOr::Item),
        }
    }

    fn document(&mut self, json: JsonMap<String, Value>) -> Document {
        let mut doc = Document::default();
        let mut info = None;
        let mut has_paths = false;
        for (key, value) in json {
            self.at(&key, |r| match key.as_str() {
                "openapi" => doc.openapi = r.string(value).unwrap_or_default(),
                "info" => info = Some(r.info(value)),
                "jsonSchemaDialect" => doc.json_schema_dialect = r.string(value),
                "servers" => doc.servers = r.each(value, Reader::server),
                "paths" => {
                    has_paths = true;
                    (doc.paths, doc.paths_extra) = r.paths(value);
                }
                "webhooks" => doc.webhooks = r.entries(value, Reader::path_item),
                "components" => doc.components = r.components(value),
                "security" => doc.security = Some(r.each(value, Reader::security_requirement)),
                "tags" => doc.tags = r.list(value).unwrap_or_default(),
                "externalDocs" => doc.external_docs = Some(value),
                _ => {
                    doc.extra.insert(key.clone(), value);
                }
            });
        }
        // An `info` that is there but malformed has been reported already.
        doc.info = self
            .require(info, "the document", "info")
            .flatten()
            .unwrap_or_default();
        if !has_paths && self.version_3_0 {
            self.require(None::<()>, "the document", "paths");
        }
        doc
    }

    fn info(&mut self, value: Value) -> Option<Info> {
        let map = self.object(value)?;
        let mut info = Info::default();
        let (mut title, mut version) = (None, None);
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "title" => title = r.string(value),
                "version" => version = r.string(value),
                "summary" => info.summary = r.string(value),
                "description" => info.description = r.string(value),
                _ => {
                    info.extra.insert(key.clone(), value);
                }
            });
        }
        info.title = self.require(title, "`info`", "title")?;
        info.version = self.require(version, "`info`", "version")?;
        Some(info)
    }

    fn server(&mut self, value: Value) -> Option<Server> {
        let map = self.object(value)?;
        let mut server = Server::default();
        let mut url = None;
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "url" => url = r.string(value),
                "description" => server.description = r.string(value),
                "variables" => server.variables = Some(r.entries(value, Reader::server_variable)),
                _ => {
                    server.extra.insert(key.clone(), value);
                }
            });
        }
        server.url = self.require(url, "the server", "url")?;
        Some(server)
    }

    fn server_variable(&mut self, value: Value) -> Option<ServerVariable> {
        let map = self.object(value)?;
        let mut variable = ServerVariable::default();
        let mut default = None;
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "enum" => variable.enumeration = r.strings(value).unwrap_or_default(),
                "default" => default = r.string(value),
                "description" => variable.description = r.string(value),
                _ => {
                    variable.extra.insert(key.clone(), value);
                }
            });
        }
        variable.default = self.require(default, "the server variable", "default")?;
        Some(variable)
    }

    fn security_requirement(&mut self, value: Value) -> Option<SecurityRequirement> {
        Some(self.entries(value, Reader::strings))
    }

    fn paths(&mut self, value: Value) -> (Map<RefOr<PathItem>>, Extra) {
        let Some(map) = self.object(value) else {
            return Default::default();
        };
        let mut paths = Map::with_capacity(map.len());
        let mut extra = Extra::new();
        for (key, value) in map {
            if key.starts_with('/') {
                if let Some(item) = self.at(&key, |r| r.path_item(value)) {
                    paths.insert(key, item);
                }
            } else {
                extra.insert(key, value);
            }
        }
        (paths, extra)
    }

    fn path_item(&mut self, value: Value) -> Option<RefOr<PathItem>> {
        self.ref_or(value, |r, map| {
            let mut item = PathItem::default();
            let mut operations = Vec::new();
            for (key, value) in map {
                r.at(&key, |r| match key.as_str() {
                    "summary" => item.summary = r.string(value),
                    "description" => item.description = r.string(value),
                    "parameters" => item.parameters = r.each(value, Reader::parameter),
                    "servers" => item.servers = r.each(value, Reader::server),
                    method if METHODS.contains(&method) => {
                        if let Some(operation) = r.operation(value) {
                            operations.push((key.clone(), operation));
                        }
                    }
                    _ => {
                        item.extra.insert(key.clone(), value);
                    }
                });
            }
            // In the order OpenAPI lists the methods, whatever the order written.
            for method in METHODS {
                if let Some(i) = operations.iter().position(|(m, _)| m == method) {
                    item.operations.push(operations.swap_remove(i));
                }
            }
            Some(item)
        })
    }

    fn operation(&mut self, value: Value) -> Option<Operation> {
        let map = self.object(value)?;
        let mut op = Operation::default();
        let mut responses = None;
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "tags" => op.tags = r.strings(value).unwrap_or_default(),
                "summary" => op.summary = r.string(value),
                "description" => op.description = r.string(value),
                "operationId" => op.operation_id = r.string(value),
                "parameters" => op.parameters = r.each(value, Reader::parameter),
                "requestBody" => op.request_body = r.ref_or(value, Reader::request_body),
                "responses" => responses = r.responses(value),
                "deprecated" => op.deprecated = r.boolean(value).unwrap_or_default(),
                "security" => op.security = Some(r.each(value, Reader::security_requirement)),
                "servers" => op.servers = r.each(value, Reader::server),
                _ => {
                    op.extra.insert(key.clone(), value);
                }
            });
        }
        // 3.1 made `responses` optional; 3.0 requires it.
        if responses.is_none() && self.version_3_0 {
            self.require(None::<()>, "the operation", "responses");
        }
        op.responses = responses.unwrap_or_default();
        Some(op)
    }

    fn responses(&mut self, value: Value) -> Option<Responses> {
        let map = self.object(value)?;
        let mut responses = Responses::default();
        for (key, value) in map {
            self.at(&key, |r| {
                if key == "default" {
                    responses.default = r.ref_or(value, Reader::response);
                } else if key.starts_with("x-") {
                    responses.extra.insert(key.clone(), value);
                } else if let Some(status) = status_key(&key) {
                    if let Some(response) = r.ref_or(value, Reader::response) {
                        responses.by_status.push((status, response));
                    }
                } else {
                    r.error(
                        format!("`{key}` is not a status code, a range such as 2XX, or `default`"),
                        "key each response by its HTTP status code",
                    );
                }
            });
        }
        Some(responses)
    }

    fn response(&mut self, map: JsonMap<String, Value>) -> Option<Response> {
        let mut response = Response::default();
        let mut description = None;
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "description" => description = r.string(value),
                "headers" => response.headers = r.entries(value, Reader::header_or_ref),
                "content" => response.content = r.entries(value, Reader::media_type),
                _ => {
                    response.extra.insert(key.clone(), value);
                }
            });
        }
        response.description = self.require(description, "the response", "description")?;
        Some(response)
    }

    fn request_body(&mut self, map: JsonMap<String, Value>) -> Option<RequestBody> {
        let mut body = RequestBody::default();
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "description" => body.description = r.string(value),
                "content" => body.content = r.entries(value, Reader::media_type),
                "required" => body.required = r.boolean(value).unwrap_or_default(),
                _ => {
                    body.extra.insert(key.clone(), value);
                }
            });
        }
        Some(body)
    }

    fn media_type(&mut self, value: Value) -> Option<MediaType> {
        let map = self.object(value)?;
        let mut media = MediaType::default();
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "schema" => media.schema = Some(r.schema(value)),
                "encoding" => media.encoding = r.entries(value, Reader::encoding),
                _ => {
                    media.extra.insert(key.clone(), value);
                }
            });
        }
        Some(media)
    }

    fn encoding(&mut self, value: Value) -> Option<Encoding> {
        let map = self.object(value)?;
        let mut encoding = Encoding::default();
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "contentType" => encoding.content_type = r.string(value),
                "headers" => encoding.headers = r.entries(value, Reader::header_or_ref),
                "style" => encoding.style = r.string(value),
                "explode" => encoding.explode = r.boolean(value),
                "allowReserved" => encoding.allow_reserved = r.boolean(value).unwrap_or_default(),
                _ => {
                    encoding.extra.insert(key.clone(), value);
                }
            });
        }
        Some(encoding)
    }

    fn parameter(&mut self, value: Value) -> Option<RefOr<Parameter>> {
        self.ref_or(value, Reader::parameter_item)
    }

    fn parameter_item(&mut self, map: JsonMap<String, Value>) -> Option<Parameter> {
        let (mut name, mut location) = (None, None);
        let (mut schema, mut content) = (None, None);
        let mut parameter = Parameter {
            name: String::new(),
            location: ParameterIn::Query,
            description: None,
            required: false,
            deprecated: false,
            style: None,
            explode: None,
            allow_reserved: false,
            allow_empty_value: false,
            format: SchemaOrContent::Content(Map::new()),
            extra: Extra::new(),
        };
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "name" => name = r.string(value),
                "in" => location = r.string(value).and_then(|s| r.parameter_in(&s)),
                "description" => parameter.description = r.string(value),
                "required" => parameter.required = r.boolean(value).unwrap_or_default(),
                "deprecated" => parameter.deprecated = r.boolean(value).unwrap_or_default(),
                "style" => parameter.style = r.string(value),
                "explode" => parameter.explode = r.boolean(value),
                "allowReserved" => parameter.allow_reserved = r.boolean(value).unwrap_or_default(),
                "allowEmptyValue" => {
                    parameter.allow_empty_value = r.boolean(value).unwrap_or_default()
                }
                "schema" => schema = Some(r.schema(value)),
                "content" => content = Some(r.entries(value, Reader::media_type)),
                _ => {
                    parameter.extra.insert(key.clone(), value);
                }
            });
        }
        parameter.name = self.require(name, "the parameter", "name")?;
        parameter.location = self.require(location, "the parameter", "in")?;
        parameter.format = self.schema_or_content(schema, content, "the parameter")?;
        Some(parameter)
    }

    fn parameter_in(&mut self, location: &str) -> Option<ParameterIn> {
        match location {
            "path" => Some(ParameterIn::Path),
            "query" => Some(ParameterIn::Query),
            "header" => Some(ParameterIn::Header),
            "cookie" => Some(ParameterIn::Cookie),
            other => {
                self.error(
                    format!("`in: {other}` is not a parameter location"),
                    "use path, query, header or cookie",
                );
                None
            }
        }
    }

    fn schema_or_content(
        &mut self,
        schema: Option<Schema>,
        content: Option<Map<MediaType>>,
        object: &str,
    ) -> Option<SchemaOrContent> {
        match (schema, content) {
            (Some(schema), _) => Some(SchemaOrContent::Schema(Box::new(schema))),
            (None, Some(content)) => Some(SchemaOrContent::Content(content)),
            (None, None) => {
                self.error(
                    format!("{object} has neither `schema` nor `content`"),
                    "describe the value with `schema`",
                );
                None
            }
        }
    }

    fn header_or_ref(&mut self, value: Value) -> Option<RefOr<Header>> {
        self.ref_or(value, |r, map| {
            let mut header = Header {
                description: None,
                required: false,
                deprecated: false,
                format: SchemaOrContent::Content(Map::new()),
                extra: Extra::new(),
            };
            let (mut schema, mut content) = (None, None);
            for (key, value) in map {
                r.at(&key, |r| match key.as_str() {
                    "description" => header.description = r.string(value),
                    "required" => header.required = r.boolean(value).unwrap_or_default(),
                    "deprecated" => header.deprecated = r.boolean(value).unwrap_or_default(),
                    "schema" => schema = Some(r.schema(value)),
                    "content" => content = Some(r.entries(value, Reader::media_type)),
                    _ => {
                        header.extra.insert(key.clone(), value);
                    }
                });
            }
            header.format = r.schema_or_content(schema, content, "the header")?;
            Some(header)
        })
    }

    fn components(&mut self, value: Value) -> Components {
        let Some(map) = self.object(value) else {
            return Components::default();
        };
        let mut components = Components::default();
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "schemas" => components.schemas = r.entries(value, |r, v| Some(r.schema(v))),
                "responses" => {
                    components.responses = r.entries(value, |r, v| r.ref_or(v, Reader::response))
                }
                "parameters" => components.parameters = r.entries(value, Reader::parameter),
                "requestBodies" => {
                    components.request_bodies =
                        r.entries(value, |r, v| r.ref_or(v, Reader::request_body))
                }
                "headers" => components.headers = r.entries(value, Reader::header_or_ref),
                "securitySchemes" => {
                    components.security_schemes =
                        r.entries(value, |r, v| r.ref_or(v, Reader::security_scheme))
                }
                "pathItems" => components.path_items = r.entries(value, Reader::path_item),
                _ => {
                    components.extra.insert(key.clone(), value);
                }
            });
        }
        components
    }

    fn security_scheme(&mut self, map: JsonMap<String, Value>) -> Option<SecurityScheme> {
        let mut fields: Map<Value> = Map::new();
        let mut description = None;
        let mut extra = Extra::new();
        for (key, value) in map {
            match key.as_str() {
                "type" | "name" | "in" | "scheme" | "bearerFormat" | "openIdConnectUrl" => {
                    fields.insert(key, value);
                }
                "description" => description = self.at(&key, |r| r.string(value)),
                _ => {
                    extra.insert(key, value);
                }
            }
        }
        let mut text = |r: &mut Self, key: &str| -> Option<String> {
            let value = fields.shift_remove(key);
            let value = r.require(value, "the security scheme", key)?;
            r.at(key, |r| r.string(value))
        };
        let kind = match text(self, "type")?.as_str() {
            "apiKey" => {
                let name = text(self, "name")?;
                let location = match text(self, "in")?.as_str() {
                    "header" => ApiKeyIn::Header,
                    "query" => ApiKeyIn::Query,
                    "cookie" => ApiKeyIn::Cookie,
                    other => {
                        self.at("in", |r| {
                            r.error(
                                format!("`in: {other}` is not where an API key can be sent"),
                                "use header, query or cookie",
                            )
                        });
                        return None;
                    }
                };
                SecuritySchemeKind::ApiKey { name, location }
            }
            "http" => SecuritySchemeKind::Http {
                scheme: text(self, "scheme")?,
                bearer_format: match fields.shift_remove("bearerFormat") {
                    Some(value) => self.at("bearerFormat", |r| r.string(value)),
                    None => None,
                },
            },
            "oauth2" => SecuritySchemeKind::OAuth2,
            "openIdConnect" => SecuritySchemeKind::OpenIdConnect {
                url: text(self, "openIdConnectUrl")?,
            },
            "mutualTLS" => SecuritySchemeKind::MutualTls,
            other => {
                self.at("type", |r| {
                    r.error(
                        format!("`type: {other}` is not a kind of security scheme"),
                        "use apiKey, http, oauth2, openIdConnect or mutualTLS",
                    )
                });
                return None;
            }
        };
        // Fields of another kind of scheme are kept as written.
        extra.extend(fields);
        Some(SecurityScheme {
            kind,
            description,
            extra,
        })
    }
}

/// `200` -> a code, `2XX` -> a range.
fn status_key(key: &str) -> Option<StatusKey> {
    let bytes = key.as_bytes();
    if bytes.len() == 3
        && (b'1'..=b'5').contains(&bytes[0])
        && bytes[1..].eq_ignore_ascii_case(b"XX")
    {
        return Some(StatusKey::Range(u16::from(bytes[0] - b'0')));
    }
    match key.parse::<u16>() {
        Ok(code) if (100..=599).contains(&code) && key.len() == 3 => Some(StatusKey::Code(code)),
        _ => None,
    }
}
