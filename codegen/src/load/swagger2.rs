//! Swagger 2.0 -> OpenAPI 3.0, on the JSON tree: a 2.0 document becomes the 3.0.3 document
//! that says the same, which the one reader then reads as any other. Every part that moves
//! is recorded in [`Relocations`], so a problem found later (by the reader or by lowering) is
//! reported at the pointer and line the author wrote, with the author's words for the places
//! (`#/definitions/...`, not `#/components/schemas/...`).
//!
//! What becomes what:
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` -> the `components`
//!   sections (`$ref`s to them rewritten);
//! - a `body` parameter -> the operation's `requestBody`, one media type per `consumes` entry;
//!   `formData` parameters -> one object schema, `multipart/form-data` when a parameter is a
//!   `type: file` or `consumes` names multipart, else `application/x-www-form-urlencoded`;
//! - other parameters and response headers: their type keywords -> `schema`, and
//!   `collectionFormat` -> `style`/`explode` (`tsv` has no OpenAPI 3 form and is an error);
//! - a response's `schema` -> `content`, one media type per `produces` entry (an operation's
//!   `consumes`/`produces` replace the document's);
//! - `host` + `basePath` + `schemes` -> `servers` (`https` when `schemes` is not written);
//! - `x-nullable` -> `nullable` (beside a `$ref`, which 3.0 reads alone: `allOf: [$ref]`
//!   with `nullable`); `type: file` -> a binary string; a `discriminator` string ->
//!   `{propertyName: ...}`; OAuth2 flows get their 3.0 names (`application` ->
//!   `clientCredentials`, `accessCode` -> `authorizationCode`).
//!
//! Anything of an unexpected kind is passed through as written, for the reader to report at
//! its (relocated) pointer.

use serde_json::{Map, Value};

use crate::diag::{pointer_join, Diagnostics, Relocations};

/// The version string a converted document gets.
pub const CONVERTED_VERSION: &str = "3.0.3";

/// The media type a body or response gets when neither the operation nor the document says.
const DEFAULT_MEDIA: &str = "application/json";

/// Keywords of a non-body parameter, a header or an `items` object that describe its value:
/// they move into the 3.0 `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Converts the Swagger 2.0 document `doc` into OpenAPI 3.0.3. Problems without a 3.0 form are
/// recorded in `diag`; the returned relocations map the result's pointers back to `doc`'s.
pub fn convert(
    doc: Map<String, Value>,
    diag: &mut Diagnostics,
) -> (Map<String, Value>, Relocations) {
    let mut doc = doc;
    let mut converter = Converter {
        diag,
        moved: Relocations::default(),
        consumes: media_list(doc.get("consumes")),
        produces: media_list(doc.get("produces")),
        global_parameters: match doc.get("parameters") {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::new(),
        },
    };
    converter.check_media_list(doc.get("consumes"), "#/consumes");
    converter.check_media_list(doc.get("produces"), "#/produces");
    let mut out = Map::new();
    out.insert("openapi".into(), Value::String(CONVERTED_VERSION.into()));
    converter.moved("#/openapi".into(), "#/swagger".into());
    if let Some(info) = doc.shift_remove("info") {
        out.insert("info".into(), info);
    }
    let host = doc.shift_remove("host");
    let base_path = doc.shift_remove("basePath");
    let schemes = doc.shift_remove("schemes");
    if let Some(servers) = converter.servers(host, base_path, schemes) {
        out.insert("servers".into(), servers);
    }
    doc.shift_remove("swagger");
    doc.shift_remove("consumes");
    doc.shift_remove("produces");
    let mut components = Map::new();
    let mut rest = Map::new();
    for (key, value) in doc {
        match key.as_str() {
            "paths" => {
                let paths = converter.paths(value);
                out.insert(key, paths);
            }
            "definitions" => {
                converter.moved("#/components/schemas".into(), "#/definitions".into());
                components.insert("schemas".into(), converter.schemas(value));
            }
            "parameters" => {
                converter.moved("#/components/parameters".into(), "#/parameters".into());
                let parameters = converter.global_parameters(value);
                components.insert("parameters".into(), parameters);
            }
            "responses" => {
                converter.moved("#/components/responses".into(), "#/responses".into());
                let responses = match value {
                    Value::Object(map) => {
                        let mut out = Map::new();
                        for (name, response) in map {
                            let pointer = pointer_join("#/components/responses", &name);
                            let produces = converter.produces.clone();
                            out.insert(name, converter.response(response, &pointer, &produces));
                        }
                        Value::Object(out)
                    }
                    other => other,
                };
                components.insert("responses".into(), responses);
            }
            "securityDefinitions" => {
                converter.moved(
                    "#/components/securitySchemes".into(),
                    "#/securityDefinitions".into(),
                );
                let schemes = converter.security_definitions(value);
                components.insert("securitySchemes".into(), schemes);
            }
            _ => {
                rest.insert(key, value);
            }
        }
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    out.extend(rest);
    let mut moved = converter.moved;
    for (model, own) in [
        ("#/components/schemas/", "#/definitions/"),
        ("#/components/parameters/", "#/parameters/"),
        ("#/components/responses/", "#/responses/"),
        ("#/components/securitySchemes", "#/securityDefinitions"),
        ("components/schemas", "definitions"),
        ("components/parameters", "parameters"),
        ("components/responses", "responses"),
    ] {
        moved.words.push((model.into(), own.into()));
    }
    (out, moved)
}

/// The media types of a `consumes` or `produces` list (what is not a string is left out and
/// reported by [`Converter::check_media_list`]).
fn media_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// A `$ref` into a 2.0 document's sections, as a reference into the 3.0 components.
fn reference(target: &str) -> String {
    for (old, new) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = target.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    target.to_owned()
}

struct Converter<'d> {
    diag: &'d mut Diagnostics,
    moved: Relocations,
    /// The document's `consumes` and `produces`.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `parameters` as written, for the `$ref`s to a body or form parameter,
    /// which become part of a request body.
    global_parameters: Map<String, Value>,
}

/// A parameter of an operation, sorted by where it goes in 3.0.
enum Sorted {
    /// A parameter that stays one (converted), with the pointer it was written at.
    Parameter(Value, String),
    /// The body parameter, as written (resolved when given by `$ref`), and its pointer.
    Body(Map<String, Value>, String),
    /// A form field, as written (resolved), and its pointer.
    Form(Map<String, Value>, String),
}

impl Converter<'_> {
    fn moved(&mut self, to: String, from: String) {
        self.moved.moved(to, 0, from);
    }

    fn error(&mut self, pointer: &str, message: String, hint: &str) {
        self.diag.error(pointer, message, hint);
    }

    fn check_media_list(&mut self, value: Option<&Value>, pointer: &str) {
        let fine = match value {
            None => true,
            Some(Value::Array(items)) => items.iter().all(Value::is_string),
            Some(_) => false,
        };
        if !fine {
            let keyword = pointer.rsplit('/').next().unwrap_or_default().to_owned();
            self.error(
                pointer,
                format!("`{keyword}` must be a list of media types"),
                "write e.g. [application/json]",
            );
        }
    }

    fn servers(
        &mut self,
        host: Option<Value>,
        base_path: Option<Value>,
        schemes: Option<Value>,
    ) -> Option<Value> {
        if host.is_none() && base_path.is_none() {
            return None;
        }
        let mut text = |value: Option<Value>, pointer: &str| match value {
            None => Some(String::new()),
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                let keyword = &pointer[2..];
                self.diag.error(
                    pointer,
                    format!("`{keyword}` must be a string"),
                    "compare this part with the Swagger 2.0 specification",
                );
                None
            }
        };
        let from = if host.is_some() {
            "#/host"
        } else {
            "#/basePath"
        };
        let host = text(host, "#/host")?;
        let base_path = text(base_path, "#/basePath")?;
        let base_path = base_path.trim_end_matches('/');
        let schemes = match schemes {
            None => vec!["https".to_owned()],
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(_) => {
                self.error(
                    "#/schemes",
                    "`schemes` must be a list such as [https]".into(),
                    "list the schemes the API is served over",
                );
                return None;
            }
        };
        self.moved("#/servers".into(), from.into());
        let mut servers = Vec::new();
        if host.is_empty() {
            let url = if base_path.is_empty() { "/" } else { base_path };
            servers.push(server(url.to_owned()));
        } else {
            for scheme in schemes {
                servers.push(server(format!("{scheme}://{host}{base_path}")));
            }
        }
        Some(Value::Array(servers))
    }

    fn paths(&mut self, value: Value) -> Value {
        let Value::Object(paths) = value else {
            return value;
        };
        let mut out = Map::new();
        for (path, item) in paths {
            let pointer = pointer_join("#/paths", &path);
            let item = match item {
                Value::Object(item) if path.starts_with('/') && !item.contains_key("$ref") => {
                    Value::Object(self.path_item(item, &pointer))
                }
                other => other,
            };
            out.insert(path, item);
        }
        Value::Object(out)
    }

    fn path_item(&mut self, item: Map<String, Value>, pointer: &str) -> Map<String, Value> {
        let mut item = item;
        // Parameters of the path that belong to a body go to each operation's body.
        let mut shared_body = Vec::new();
        if let Some(parameters) = item.shift_remove("parameters") {
            let list_pointer = pointer_join(pointer, "parameters");
            let (kept, body) = self.sort_parameters(parameters, &list_pointer);
            shared_body = body;
            if let Some(kept) = kept {
                // `parameters` goes back first, where readers expect it.
                let mut with = Map::new();
                with.insert("parameters".into(), kept);
                with.extend(item);
                item = with;
            }
        }
        let mut out = Map::new();
        for (key, value) in item {
            let value = match (key.as_str(), value) {
                (method, Value::Object(op)) if crate::doc::METHODS.contains(&method) => {
                    let op_pointer = pointer_join(pointer, method);
                    Value::Object(self.operation(op, &op_pointer, &shared_body))
                }
                (_, value) => value,
            };
            out.insert(key, value);
        }
        out
    }

    /// Sorts a `parameters` list at `pointer`: the list of those that stay parameters
    /// (converted, re-indexed with their relocations), and the body and form ones.
    fn sort_parameters(&mut self, value: Value, pointer: &str) -> (Option<Value>, Vec<Sorted>) {
        let Value::Array(items) = value else {
            // Not a list: the reader reports it where it is.
            return (Some(value), Vec::new());
        };
        let mut kept = Vec::new();
        let mut body = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let from = pointer_join(pointer, &i.to_string());
            match self.sort_parameter(item, from) {
                Sorted::Parameter(value, from) => {
                    let to = pointer_join(pointer, &kept.len().to_string());
                    self.moved(pointer_join(&to, "schema"), from.clone());
                    self.moved(to, from);
                    kept.push(value);
                }
                other => body.push(other),
            }
        }
        (Some(Value::Array(kept)), body)
    }

    fn sort_parameter(&mut self, item: Value, from: String) -> Sorted {
        let Value::Object(map) = item else {
            return Sorted::Parameter(item, from);
        };
        if let Some(Value::String(target)) = map.get("$ref").cloned() {
            let global = target
                .strip_prefix("#/parameters/")
                .map(|name| name.replace("~1", "/").replace("~0", "~"))
                .and_then(|name| self.global_parameters.get(&name).map(|p| (name, p)));
            if let Some((name, Value::Object(global))) = global {
                let global_pointer = pointer_join("#/parameters", &name);
                match global.get("in").and_then(Value::as_str) {
                    Some("body") => return Sorted::Body(global.clone(), global_pointer),
                    Some("formData") => return Sorted::Form(global.clone(), global_pointer),
                    _ => {}
                }
            }
            let mut map = map;
            map.insert("$ref".into(), Value::String(reference(&target)));
            return Sorted::Parameter(Value::Object(map), from);
        }
        match map.get("in").and_then(Value::as_str) {
            Some("body") => Sorted::Body(map, from),
            Some("formData") => Sorted::Form(map, from),
            _ => {
                let converted = self.parameter(map, &from);
                Sorted::Parameter(Value::Object(converted), from)
            }
        }
    }

    /// A parameter that stays one: its value keywords move into `schema`, and
    /// `collectionFormat` becomes `style` and `explode`.
    fn parameter(&mut self, map: Map<String, Value>, from: &str) -> Map<String, Value> {
        let location = map
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let is_array = map.get("type").and_then(Value::as_str) == Some("array");
        let mut out = Map::new();
        let mut schema = Map::new();
        let mut collection = None;
        let mut schema_at = None;
        for (key, value) in map {
            if VALUE_KEYWORDS.contains(&key.as_str()) {
                schema_at.get_or_insert(out.len());
                schema.insert(key, value);
            } else if key == "collectionFormat" {
                collection = Some(value);
            } else {
                out.insert(key, value);
            }
        }
        if is_array {
            let format = match &collection {
                Some(Value::String(format)) => format.clone(),
                Some(_) => {
                    self.error(
                        &pointer_join(from, "collectionFormat"),
                        "`collectionFormat` must be a string".into(),
                        "use csv, ssv, tsv, pipes or multi",
                    );
                    String::new()
                }
                None => "csv".to_owned(),
            };
            let pointer = pointer_join(from, "collectionFormat");
            if let Some((style, explode)) = self.style(&format, &location, &pointer) {
                if let Some(style) = style {
                    out.insert("style".into(), Value::String(style.into()));
                }
                if let Some(explode) = explode {
                    out.insert("explode".into(), Value::Bool(explode));
                }
            }
        }
        let schema = self.value_schema(schema, from);
        let schema_at = schema_at.unwrap_or(out.len()).min(out.len());
        out.shift_insert(schema_at, "schema".into(), schema);
        out
    }

    /// The 3.0 `style` and `explode` (each when it differs from the default of `location`) of
    /// an array sent as `format`; `None` with an error for a format 3.0 cannot say.
    #[allow(clippy::type_complexity)]
    fn style(
        &mut self,
        format: &str,
        location: &str,
        pointer: &str,
    ) -> Option<(Option<&'static str>, Option<bool>)> {
        // 3.0's defaults: `form` with `explode: true` in the query, a cookie and a form;
        // `simple` (comma-separated) in the path and headers.
        let form_like = matches!(location, "query" | "cookie" | "formData");
        match format {
            "csv" if form_like => Some((None, Some(false))),
            "csv" => Some((None, None)),
            "multi" if form_like => Some((None, None)),
            "ssv" if location == "query" => Some((Some("spaceDelimited"), Some(false))),
            "pipes" if location == "query" => Some((Some("pipeDelimited"), Some(false))),
            "ssv" | "pipes" | "multi" => {
                self.error(
                    pointer,
                    format!("`collectionFormat: {format}` cannot be used in `in: {location}`"),
                    if format == "multi" {
                        "use multi only for query and formData parameters"
                    } else {
                        "use ssv and pipes only for query parameters"
                    },
                );
                None
            }
            "tsv" => {
                self.error(
                    pointer,
                    "`collectionFormat: tsv` (tab-separated values) has no OpenAPI 3 form and is not supported".into(),
                    "send the values comma-separated (csv) or repeated (multi), if the server accepts it",
                );
                None
            }
            other => {
                self.error(
                    pointer,
                    format!("`collectionFormat: {other}` is not a collection format"),
                    "use csv, ssv, tsv, pipes or multi",
                );
                None
            }
        }
    }

    /// The value keywords of a parameter, header or `items` object as a schema.
    fn value_schema(&mut self, keywords: Map<String, Value>, from: &str) -> Value {
        let mut out = Map::new();
        for (key, value) in keywords {
            match key.as_str() {
                "items" => {
                    let items_pointer = pointer_join(from, "items");
                    let value = match value {
                        Value::Object(items) => self.items(items, &items_pointer),
                        other => other,
                    };
                    out.insert(key, value);
                }
                "collectionFormat" => {}
                _ => {
                    out.insert(key, value);
                }
            }
        }
        self.schema(Value::Object(out))
    }

    /// An `items` object of a parameter or header: a schema; a nested array can only be sent
    /// comma-separated.
    fn items(&mut self, items: Map<String, Value>, pointer: &str) -> Value {
        if let Some(format) = items.get("collectionFormat") {
            if format.as_str() != Some("csv") {
                self.error(
                    &pointer_join(pointer, "collectionFormat"),
                    "an array inside an array can only be sent comma-separated (csv) in OpenAPI 3"
                        .into(),
                    "use csv, or send the values some other way",
                );
            }
        }
        self.value_schema(items, pointer)
    }

    fn operation(
        &mut self,
        op: Map<String, Value>,
        pointer: &str,
        shared_body: &[Sorted],
    ) -> Map<String, Value> {
        let mut op = op;
        let consumes = match op.shift_remove("consumes") {
            Some(value) => {
                self.check_media_list(Some(&value), &pointer_join(pointer, "consumes"));
                media_list(Some(&value))
            }
            None => self.consumes.clone(),
        };
        let produces = match op.shift_remove("produces") {
            Some(value) => {
                self.check_media_list(Some(&value), &pointer_join(pointer, "produces"));
                media_list(Some(&value))
            }
            None => self.produces.clone(),
        };
        // Where the operation is served is the document's `servers`.
        op.shift_remove("schemes");
        let mut out = Map::new();
        let mut body_parts = Vec::new();
        for (key, value) in op {
            match key.as_str() {
                "parameters" => {
                    let list_pointer = pointer_join(pointer, "parameters");
                    let (kept, body) = self.sort_parameters(value, &list_pointer);
                    if let Some(kept) = kept {
                        out.insert(key, kept);
                    }
                    body_parts = body;
                }
                "responses" => {
                    let responses =
                        self.responses(value, &pointer_join(pointer, "responses"), &produces);
                    out.insert(key, responses);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        // The path's body parameters, unless the operation has its own of the same name.
        let own = |part: &Sorted| match part {
            Sorted::Body(..) => Some(("body", String::new())),
            Sorted::Form(map, _) => Some((
                "formData",
                map.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            )),
            Sorted::Parameter(..) => None,
        };
        let written: Vec<_> = body_parts.iter().filter_map(own).collect();
        let inherited: Vec<&Sorted> = shared_body
            .iter()
            .filter(|part| match own(part) {
                Some(("body", _)) => !written.iter().any(|(kind, _)| *kind == "body"),
                Some(key) => !written.contains(&key),
                None => false,
            })
            .collect();
        let body_pointer = pointer_join(pointer, "requestBody");
        let mut body = None;
        let mut form = Vec::new();
        for part in inherited.into_iter().chain(body_parts.iter()) {
            match part {
                Sorted::Body(map, from) => body = Some((map, from)),
                Sorted::Form(map, from) => form.push((map, from)),
                Sorted::Parameter(..) => {}
            }
        }
        if let Some((map, from)) = body {
            if let Some((_, form_from)) = form.first() {
                self.error(
                    form_from,
                    "an operation has both a body parameter and form parameters".into(),
                    "send the values either as the body or as form fields",
                );
            }
            let request = self.body(map.clone(), from, &body_pointer, &consumes);
            out.insert("requestBody".into(), request);
        } else if !form.is_empty() {
            let request = self.form(&form, &body_pointer, &consumes);
            out.insert("requestBody".into(), request);
        }
        out
    }

    fn body(
        &mut self,
        map: Map<String, Value>,
        from: &str,
        pointer: &str,
        consumes: &[String],
    ) -> Value {
        self.moved(pointer.to_owned(), from.to_owned());
        let mut out = Map::new();
        let mut schema = None;
        for (key, value) in map {
            match key.as_str() {
                "name" | "in" => {}
                "description" => {
                    out.insert(key, value);
                }
                "required" => {
                    out.insert(key, value);
                }
                "schema" => schema = Some(self.schema(value)),
                _ => {
                    out.insert(key, value);
                }
            }
        }
        let mut content = Map::new();
        for media in media_or_default(consumes) {
            let media_pointer = pointer_join(&pointer_join(pointer, "content"), &media);
            let mut media_type = Map::new();
            if let Some(schema) = &schema {
                media_type.insert("schema".into(), schema.clone());
                self.moved(
                    pointer_join(&media_pointer, "schema"),
                    pointer_join(from, "schema"),
                );
            }
            content.insert(media, Value::Object(media_type));
        }
        // `content` after `description`, before `required` and extensions, as 3.0 writes it.
        let at = usize::from(out.contains_key("description"));
        out.shift_insert(at, "content".into(), Value::Object(content));
        Value::Object(out)
    }

    /// Form fields as one object schema, in a form or multipart body.
    fn form(
        &mut self,
        fields: &[(&Map<String, Value>, &String)],
        pointer: &str,
        consumes: &[String],
    ) -> Value {
        if let Some((_, first)) = fields.first() {
            self.moved(pointer.to_owned(), (*first).clone());
        }
        let has_file = fields
            .iter()
            .any(|(map, _)| map.get("type").and_then(Value::as_str) == Some("file"));
        let media = if has_file
            || consumes
                .iter()
                .any(|m| m.starts_with("multipart/form-data"))
        {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let media_pointer = pointer_join(&pointer_join(pointer, "content"), media);
        let schema_pointer = pointer_join(&media_pointer, "schema");
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for (map, from) in fields {
            let name = map
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let property_pointer =
                pointer_join(&pointer_join(&schema_pointer, "properties"), &name);
            self.moved(property_pointer, (*from).clone());
            let mut keywords = Map::new();
            let mut collection = None;
            for (key, value) in (*map).clone() {
                match key.as_str() {
                    "required" if value == Value::Bool(true) => {
                        required.push(Value::String(name.clone()));
                    }
                    "required" => {}
                    "collectionFormat" => collection = Some(value),
                    "description" => {
                        keywords.insert(key, value);
                    }
                    key if VALUE_KEYWORDS.contains(&key) => {
                        keywords.insert(key.to_owned(), value);
                    }
                    _ => {}
                }
            }
            let is_array = map.get("type").and_then(Value::as_str) == Some("array");
            if is_array {
                let format = match &collection {
                    Some(Value::String(format)) => format.clone(),
                    _ => "csv".to_owned(),
                };
                let collection_pointer = pointer_join(from, "collectionFormat");
                if let Some((style, explode)) = self.style(&format, "formData", &collection_pointer)
                {
                    let mut field_encoding = Map::new();
                    if let Some(style) = style {
                        field_encoding.insert("style".into(), Value::String(style.into()));
                    }
                    if let Some(explode) = explode {
                        field_encoding.insert("explode".into(), Value::Bool(explode));
                    }
                    if !field_encoding.is_empty() {
                        encoding.insert(name.clone(), Value::Object(field_encoding));
                    }
                }
            }
            let schema = self.value_schema(keywords, from);
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), Value::String("object".into()));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required.clone()));
        }
        let mut media_type = Map::new();
        media_type.insert("schema".into(), Value::Object(schema));
        if !encoding.is_empty() {
            media_type.insert("encoding".into(), Value::Object(encoding));
        }
        let mut content = Map::new();
        content.insert(media.to_owned(), Value::Object(media_type));
        let mut out = Map::new();
        out.insert("content".into(), Value::Object(content));
        if !required.is_empty() {
            out.insert("required".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    fn responses(&mut self, value: Value, pointer: &str, produces: &[String]) -> Value {
        let Value::Object(map) = value else {
            return value;
        };
        let mut out = Map::new();
        for (key, response) in map {
            let response = if key.starts_with("x-") {
                response
            } else {
                self.response(response, &pointer_join(pointer, &key), produces)
            };
            out.insert(key, response);
        }
        Value::Object(out)
    }

    /// A response: `schema` -> `content` by `produces`, `examples` -> each media type's
    /// `example`, headers' value keywords -> `schema`.
    fn response(&mut self, value: Value, pointer: &str, produces: &[String]) -> Value {
        let Value::Object(map) = value else {
            return value;
        };
        let mut out = Map::new();
        let mut schema = None;
        let mut examples = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "$ref" => {
                    let value = match value {
                        Value::String(target) => Value::String(reference(&target)),
                        other => other,
                    };
                    out.insert(key, value);
                }
                "schema" => schema = Some(self.schema(value)),
                "examples" => match value {
                    Value::Object(map) => examples = map,
                    other => {
                        out.insert(key, other);
                    }
                },
                "headers" => {
                    let headers = match value {
                        Value::Object(headers) => {
                            let mut converted = Map::new();
                            for (name, header) in headers {
                                let header_pointer =
                                    pointer_join(&pointer_join(pointer, "headers"), &name);
                                let header = match header {
                                    Value::Object(header) => {
                                        Value::Object(self.header(header, &header_pointer))
                                    }
                                    other => other,
                                };
                                converted.insert(name, header);
                            }
                            Value::Object(converted)
                        }
                        other => other,
                    };
                    out.insert(key, headers);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if let Some(schema) = schema {
            // What is said of the media types is said of the response's `produces`.
            self.moved(pointer_join(pointer, "content"), pointer.to_owned());
            let mut content = Map::new();
            for media in media_or_default(produces) {
                let media_pointer = pointer_join(&pointer_join(pointer, "content"), &media);
                self.moved(
                    pointer_join(&media_pointer, "schema"),
                    pointer_join(pointer, "schema"),
                );
                let mut media_type = Map::new();
                media_type.insert("schema".into(), schema.clone());
                if let Some(example) = examples.shift_remove(&media) {
                    media_type.insert("example".into(), example);
                }
                content.insert(media, Value::Object(media_type));
            }
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    fn header(&mut self, header: Map<String, Value>, pointer: &str) -> Map<String, Value> {
        self.moved(pointer_join(pointer, "schema"), pointer.to_owned());
        let mut out = Map::new();
        let mut keywords = Map::new();
        for (key, value) in header {
            if VALUE_KEYWORDS.contains(&key.as_str()) {
                keywords.insert(key, value);
            } else if key == "collectionFormat" {
                if value.as_str() != Some("csv") {
                    self.error(
                        &pointer_join(pointer, "collectionFormat"),
                        "a header array can only be comma-separated (csv) in OpenAPI 3".into(),
                        "use csv",
                    );
                }
            } else {
                out.insert(key, value);
            }
        }
        let schema = self.value_schema(keywords, pointer);
        out.insert("schema".into(), schema);
        out
    }

    fn global_parameters(&mut self, value: Value) -> Value {
        let Value::Object(map) = value else {
            return value;
        };
        let mut out = Map::new();
        for (name, parameter) in map {
            let from = pointer_join("#/parameters", &name);
            let to = pointer_join("#/components/parameters", &name);
            match parameter {
                Value::Object(parameter) => {
                    // Body and form parameters become part of the bodies that refer to them.
                    if let Some("body" | "formData") = parameter.get("in").and_then(Value::as_str) {
                        continue;
                    }
                    self.moved(pointer_join(&to, "schema"), from.clone());
                    let converted = self.parameter(parameter, &from);
                    out.insert(name, Value::Object(converted));
                }
                other => {
                    out.insert(name, other);
                }
            }
        }
        Value::Object(out)
    }

    fn schemas(&mut self, value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(name, schema)| (name, self.schema(schema)))
                    .collect(),
            ),
            other => other,
        }
    }

    /// A 2.0 schema as 3.0 writes it.
    fn schema(&mut self, value: Value) -> Value {
        let Value::Object(map) = value else {
            return value;
        };
        let is_file = map.get("type").and_then(Value::as_str) == Some("file");
        let mut out = Map::new();
        for (key, value) in map {
            let value = match key.as_str() {
                "$ref" => match value {
                    Value::String(target) => Value::String(reference(&target)),
                    other => other,
                },
                "x-nullable" => {
                    out.insert("nullable".into(), value);
                    continue;
                }
                "type" if is_file => Value::String("string".into()),
                "discriminator" => match value {
                    Value::String(property) => {
                        let mut discriminator = Map::new();
                        discriminator.insert("propertyName".into(), Value::String(property));
                        Value::Object(discriminator)
                    }
                    other => other,
                },
                "properties" => self.schemas(value),
                "items" | "additionalProperties" | "not" => self.schema_or_list(value),
                "allOf" | "anyOf" | "oneOf" => self.schema_or_list(value),
                _ => value,
            };
            out.insert(key, value);
        }
        if is_file && !out.contains_key("format") {
            let at = out
                .keys()
                .position(|k| k == "type")
                .map_or(out.len(), |i| i + 1);
            out.shift_insert(at, "format".into(), Value::String("binary".into()));
        }
        // 3.0 reads nothing beside a `$ref`: a nullable reference is a nullable `allOf` of it.
        // An `allOf` already beside the `$ref` takes it as one more part.
        if out.get("nullable") == Some(&Value::Bool(true)) {
            if let Some(at) = out.keys().position(|k| k == "$ref") {
                if let Some(target) = out.shift_remove("$ref") {
                    let mut reference = Map::new();
                    reference.insert("$ref".into(), target);
                    match out.get_mut("allOf") {
                        Some(Value::Array(parts)) => parts.insert(0, Value::Object(reference)),
                        _ => {
                            let all_of = Value::Array(vec![Value::Object(reference)]);
                            out.shift_remove("allOf");
                            let at = at.min(out.len());
                            out.shift_insert(at, "allOf".into(), all_of);
                        }
                    }
                }
            }
        }
        Value::Object(out)
    }

    fn schema_or_list(&mut self, value: Value) -> Value {
        match value {
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|item| self.schema(item)).collect())
            }
            other => self.schema(other),
        }
    }

    fn security_definitions(&mut self, value: Value) -> Value {
        let Value::Object(map) = value else {
            return value;
        };
        let mut out = Map::new();
        for (name, scheme) in map {
            let pointer = pointer_join("#/securityDefinitions", &name);
            let scheme = match scheme {
                Value::Object(scheme) => Value::Object(self.security_scheme(scheme, &pointer)),
                other => other,
            };
            out.insert(name, scheme);
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, scheme: Map<String, Value>, pointer: &str) -> Map<String, Value> {
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                let mut out = Map::new();
                for (key, value) in scheme {
                    if key == "type" {
                        out.insert("type".into(), Value::String("http".into()));
                        out.insert("scheme".into(), Value::String("basic".into()));
                    } else {
                        out.insert(key, value);
                    }
                }
                out
            }
            Some("oauth2") => {
                let mut out = Map::new();
                let mut flow = Map::new();
                let mut flow_name = None;
                for (key, value) in scheme {
                    match key.as_str() {
                        "flow" => flow_name = Some(value),
                        "authorizationUrl" | "tokenUrl" | "scopes" => {
                            flow.insert(key, value);
                        }
                        _ => {
                            out.insert(key, value);
                        }
                    }
                }
                let name = match flow_name.as_ref().and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    _ => {
                        self.error(
                            &pointer_join(pointer, "flow"),
                            match flow_name {
                                Some(flow) => format!("`flow: {flow}` is not an OAuth2 flow"),
                                None => "the OAuth2 security scheme has no `flow`".to_owned(),
                            },
                            "use implicit, password, application or accessCode",
                        );
                        return out;
                    }
                };
                flow.entry("scopes")
                    .or_insert_with(|| Value::Object(Map::new()));
                let mut flows = Map::new();
                flows.insert(name.into(), Value::Object(flow));
                let at = out
                    .keys()
                    .position(|k| k == "type")
                    .map_or(out.len(), |i| i + 1);
                out.shift_insert(at, "flows".into(), Value::Object(flows));
                out
            }
            _ => scheme,
        }
    }
}

fn server(url: String) -> Value {
    let mut server = Map::new();
    server.insert("url".into(), Value::String(url));
    Value::Object(server)
}

fn media_or_default(list: &[String]) -> Vec<String> {
    if list.is_empty() {
        vec![DEFAULT_MEDIA.to_owned()]
    } else {
        list.to_vec()
    }
}
