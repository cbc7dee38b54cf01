//! Paths and operations -> [`ir::Operation`]s.

use crate::doc::{
    Map, MediaType, Operation, Parameter, ParameterIn, PathItem, RefOr, RequestBody, Response,
    Schema, SchemaOrContent, StatusKey,
};

use super::pairs::PendingBodyField;
use super::schema::SchemaRef;
use super::xml;
use super::Lowerer;
use crate::diag::pointer_join;
use crate::ir::{
    self, BodyFormat, ErrorEnum, ErrorVariant, Method, ParameterLocation, Presence, ResponseEnum,
    ResponseVariant, Shape, Success, SuccessFlag, Type, TypeKind, XmlBody,
};
use crate::names::{self, Scope};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self, servers: &[ir::Server]) -> Vec<ir::Operation> {
        let spec = self.spec;
        let mut method_names = Scope::with_reserved(names::reserved::CLIENT_METHODS);
        // Only the first server gets a constructor of its own.
        if let Some(builder) = servers.first().and_then(|s| s.builder.clone()) {
            method_names.claim(builder);
        }
        let mut client_types = Scope::with_reserved(names::reserved::CLIENT_TYPES);
        for name in names::reserved::TYPES {
            client_types.claim((*name).to_owned());
        }
        let mut operation_ids: Vec<(String, String)> = Vec::new();
        let mut operations = Vec::new();
        for (path, item) in &spec.paths {
            let path_pointer = pointer_join("#/paths", path);
            let item = match item {
                RefOr::Item(item) => item,
                RefOr::Ref(_) => {
                    self.diag.error(
                        &path_pointer,
                        "a path item given by $ref is not supported",
                        "write the path item in place",
                    );
                    continue;
                }
            };
            for (method, operation) in methods(item) {
                let pointer = pointer_join(&path_pointer, &method.as_str().to_lowercase());
                if let Some(id) = &operation.operation_id {
                    if let Some((_, first)) = operation_ids.iter().find(|(seen, _)| seen == id) {
                        self.diag.error(
                            &pointer_join(&pointer, "operationId"),
                            format!("operationId `{id}` is also used at {first}"),
                            "give every operation its own operationId",
                        );
                    }
                    operation_ids.push((id.clone(), pointer.clone()));
                }
                let wanted = match &operation.operation_id {
                    Some(id) => names::field_name(id),
                    None => names::field_name(&format!("{} {path}", method.as_str())),
                };
                let name = method_names.claim(wanted);
                let index = operations.len();
                let (operation, body_fields) = self.lower_operation(
                    name,
                    method,
                    path,
                    item,
                    operation,
                    &pointer,
                    &mut client_types,
                );
                operations.push(operation);
                self.body_fields
                    .extend(body_fields.into_iter().map(|field| PendingBodyField {
                        operation: index,
                        ..field
                    }));
            }
        }
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        name: String,
        method: Method,
        path: &str,
        item: &'a PathItem,
        operation: &'a Operation,
        pointer: &str,
        client_types: &mut Scope,
    ) -> (ir::Operation, Vec<PendingBodyField>) {
        let (parameters, body_fields) =
            self.lower_parameters(&name, path, item, operation, pointer);
        let params_type = parameters
            .iter()
            .any(|p| p.location != ParameterLocation::Path)
            .then(|| client_types.claim(names::type_name(&format!("{name} Params"))));
        let body = operation.request_body.as_ref().and_then(|body| {
            self.lower_body(
                body,
                &pointer_join(pointer, "requestBody"),
                &format!("{name} Request"),
            )
        });
        let mut responses = Vec::new();
        let mut flags = Vec::new();
        let success_count = operation
            .responses
            .by_status
            .iter()
            .filter(|(code, _)| matches!(code, StatusKey::Code(c) if (200..300).contains(c)))
            .count();
        for (code, response) in &operation.responses.by_status {
            let response_pointer =
                pointer_join(&pointer_join(pointer, "responses"), &code.to_string());
            let status = match code {
                StatusKey::Code(code) => *code,
                StatusKey::Range(range) => {
                    self.diag.error(
                        &response_pointer,
                        format!("status range {range}XX is not supported"),
                        "list the status codes one by one",
                    );
                    continue;
                }
            };
            let hint = if (200..300).contains(&status) && success_count == 1 {
                format!("{name} Response")
            } else {
                format!("{name} Response {status}")
            };
            if let Some((response, flag)) =
                self.lower_response(Some(status), response, &response_pointer, &hint)
            {
                if let Some(flag) = flag {
                    flags.push((status, flag, response_pointer.clone()));
                }
                responses.push(response);
            }
        }
        if let Some(default) = &operation.responses.default {
            let response_pointer = pointer_join(pointer, "responses/default");
            if let Some((response, _)) =
                self.lower_response(None, default, &response_pointer, &format!("{name} Error"))
            {
                responses.push(response);
            }
        }
        let success = self.success(&name, pointer, &responses, flags, client_types);
        let errors = self.error_enum(&name, &responses, client_types);
        let operation = ir::Operation {
            name,
            method,
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            parameters,
            params_type,
            body,
            responses,
            success,
            errors,
        };
        (operation, body_fields)
    }

    fn lower_parameters(
        &mut self,
        operation_name: &str,
        path: &str,
        item: &'a PathItem,
        operation: &'a Operation,
        pointer: &str,
    ) -> (Vec<ir::Parameter>, Vec<PendingBodyField>) {
        let merged = self.merge_parameters(item, operation, pointer);
        let placeholders = path_placeholders(path);
        // Names the generated method uses itself.
        let mut scope = Scope::with_reserved(names::reserved::METHOD_LOCALS);
        let mut out: Vec<ir::Parameter> = Vec::new();
        // `x-body-field` values, read once every type is settled (`lower::settle_body_fields`).
        let mut body_fields = Vec::new();
        for (parameter, parameter_pointer, origin) in merged {
            let hint = format!("{operation_name} {}", parameter.name);
            let Some(mut lowered) =
                self.lower_parameter(parameter, &parameter_pointer, &placeholders, path, &hint)
            else {
                continue;
            };
            if let Some(value) = parameter.extra.get(BODY_FIELD) {
                body_fields.push(PendingBodyField {
                    operation: 0,
                    parameter: out.len(),
                    value: value.clone(),
                    pointer: pointer_join(&origin.pointer, BODY_FIELD),
                    shared: origin.shared,
                });
            }
            lowered.name = scope.claim(names::field_name(&parameter.name));
            out.push(lowered);
        }
        for placeholder in placeholders {
            let declared = out
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire_name == placeholder);
            if !declared {
                self.diag.error(
                    pointer,
                    format!("the path `{path}` has `{{{placeholder}}}`, but no path parameter declares it"),
                    "add a parameter with `in: path` and `required: true`",
                );
            }
        }
        (out, body_fields)
    }

    /// The parameters of an operation: path-level ones first; an operation's own parameter of
    /// the same name and place replaces it. Each with its pointer, and where its
    /// `x-body-field` would be: in the parameter as written, or where a `$ref` leads.
    fn merge_parameters(
        &mut self,
        item: &'a PathItem,
        operation: &'a Operation,
        pointer: &str,
    ) -> Vec<(&'a Parameter, String, Origin)> {
        let mut merged: Vec<(&Parameter, String, Origin)> = Vec::new();
        let sources = [
            (
                &item.parameters,
                pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or(pointer),
                true,
            ),
            (&operation.parameters, pointer, false),
        ];
        for (list, base, path_level) in sources {
            for (i, written) in list.iter().enumerate() {
                let parameter_pointer = format!("{base}/parameters/{i}");
                let Some((parameter, at)) = self.follow(
                    written,
                    &parameter_pointer,
                    "parameter",
                    "#/components/parameters",
                ) else {
                    continue;
                };
                let origin = Origin {
                    shared: path_level || matches!(written, RefOr::Ref(_)),
                    pointer: at,
                };
                merged.retain(|(p, _, _)| {
                    !(p.name == parameter.name && p.location == parameter.location)
                });
                merged.push((parameter, parameter_pointer, origin));
            }
        }
        merged
    }

    /// One parameter (its Rust name is the operation's to settle), or `None` when it cannot be
    /// sent.
    fn lower_parameter(
        &mut self,
        parameter: &Parameter,
        parameter_pointer: &str,
        placeholders: &[String],
        path: &str,
        hint: &str,
    ) -> Option<ir::Parameter> {
        let name = &parameter.name;
        let location = match parameter.location {
            ParameterIn::Path => ParameterLocation::Path,
            ParameterIn::Query => ParameterLocation::Query,
            ParameterIn::Header => ParameterLocation::Header,
            ParameterIn::Cookie => ParameterLocation::Cookie,
        };
        if location == ParameterLocation::Path && !placeholders.contains(name) {
            // Nothing in the path takes it: it cannot be sent, and the call works without it.
            self.diag.warning(
                parameter_pointer,
                format!(
                    "path parameter `{name}` does not appear in the path `{path}`; it is left out"
                ),
                format!("add `{{{name}}}` to the path, or declare the parameter `in: query`"),
            );
            return None;
        }
        let (shape, style) = match &parameter.format {
            SchemaOrContent::Schema(schema) => {
                let schema_pointer = pointer_join(parameter_pointer, "schema");
                let shape = self
                    .lower_shape(SchemaRef::from(&**schema), &schema_pointer, hint)
                    .shape;
                let style = self.parameter_style(parameter, location, &shape, parameter_pointer);
                (shape, style)
            }
            SchemaOrContent::Content(content) => {
                self.content_parameter(name, content, parameter_pointer, hint)
            }
        };
        Some(ir::Parameter {
            name: String::new(),
            wire_name: name.clone(),
            location,
            required: parameter.required || location == ParameterLocation::Path,
            description: parameter.description.clone(),
            shape,
            style,
            body_field: None,
        })
    }

    /// The style a parameter is written in: its `style` and `explode`, or the defaults of its
    /// place (`form` exploded in the query and cookies, `simple` in the path and headers).
    fn parameter_style(
        &mut self,
        parameter: &Parameter,
        location: ParameterLocation,
        shape: &Shape,
        pointer: &str,
    ) -> ir::ParameterStyle {
        use ir::ParameterStyle as Style;
        let form_place = matches!(
            location,
            ParameterLocation::Query | ParameterLocation::Cookie
        );
        let style =
            parameter
                .style
                .as_deref()
                .unwrap_or(if form_place { "form" } else { "simple" });
        let explode = parameter.explode.unwrap_or(style == "form");
        let chosen = match (style, location) {
            ("form", _) if form_place => Style::Form { explode },
            ("spaceDelimited", ParameterLocation::Query) => Style::SpaceDelimited,
            ("pipeDelimited", ParameterLocation::Query) => Style::PipeDelimited,
            ("deepObject", ParameterLocation::Query) => Style::DeepObject,
            ("simple", ParameterLocation::Path | ParameterLocation::Header) => {
                Style::Simple { explode }
            }
            ("label" | "matrix", ParameterLocation::Path) => {
                self.diag.warning(
                    &pointer_join(pointer, "style"),
                    format!("path style `{style}` is sent as `simple` (the value without the `{}` prefix)", if style == "label" { "." } else { ";name=" }),
                    "use the default `simple` style for path parameters",
                );
                Style::Simple { explode }
            }
            (other, _) => {
                let place = match location {
                    ParameterLocation::Path => "path",
                    ParameterLocation::Query => "query",
                    ParameterLocation::Header => "header",
                    ParameterLocation::Cookie => "cookie",
                };
                self.diag.warning(
                    &pointer_join(pointer, "style"),
                    format!("style `{other}` is not one a {place} parameter has; it is sent in the {place}'s default style"),
                    "use a style OpenAPI defines for the parameter's place",
                );
                if form_place {
                    Style::Form { explode: true }
                } else {
                    Style::Simple { explode: false }
                }
            }
        };
        // A scalar is written the same way in every style.
        if is_scalar(shape) && !matches!(chosen, Style::DeepObject) {
            return if form_place {
                Style::Form { explode: true }
            } else {
                Style::Simple { explode: false }
            };
        }
        chosen
    }

    /// A parameter described by `content`: the value of its one media type's schema, sent as
    /// JSON text (other media types are sent as text, with a warning).
    fn content_parameter(
        &mut self,
        name: &str,
        content: &crate::doc::Map<crate::doc::MediaType>,
        pointer: &str,
        hint: &str,
    ) -> (Shape, ir::ParameterStyle) {
        let string = Shape {
            ty: Type::String,
            constraints: Default::default(),
        };
        let Some((media, media_type)) = content.iter().next() else {
            return (string, ir::ParameterStyle::Simple { explode: false });
        };
        let media_pointer = pointer_join(&pointer_join(pointer, "content"), media);
        if !is_json(media) {
            self.diag.warning(
                &media_pointer,
                format!("parameter `{name}` is `{media}` content; it is sent as the text given"),
                "describe the parameter with `schema`, or as JSON content",
            );
            return (string, ir::ParameterStyle::Simple { explode: false });
        }
        let shape = match &media_type.schema {
            Some(schema) => {
                self.lower_shape(
                    SchemaRef::from(schema),
                    &pointer_join(&media_pointer, "schema"),
                    hint,
                )
                .shape
            }
            None => Shape {
                ty: Type::Json,
                constraints: Default::default(),
            },
        };
        (shape, ir::ParameterStyle::Json)
    }

    fn lower_body(
        &mut self,
        body: &'a RefOr<RequestBody>,
        pointer: &str,
        hint: &str,
    ) -> Option<ir::Body> {
        let (body, pointer) =
            self.follow(body, pointer, "request body", "#/components/requestBodies")?;
        let (shape, format, xml) = self.content_shape(&body.content, &pointer, hint)?;
        Some(ir::Body {
            required: body.required,
            description: body.description.clone(),
            media_types: body.content.keys().cloned().collect(),
            format,
            shape,
            xml,
        })
    }

    fn lower_response(
        &mut self,
        status: Option<u16>,
        response: &'a RefOr<Response>,
        pointer: &str,
        hint: &str,
    ) -> Option<(ir::Response, Option<serde_json::Value>)> {
        let (response, _) = self.follow(response, pointer, "response", "#/components/responses")?;
        let (shape, format, xml) = if response.content.is_empty() {
            (None, BodyFormat::Json, None)
        } else {
            match self.content_shape(&response.content, pointer, hint) {
                Some((shape, format, xml)) => (Some(shape), format, xml),
                None => (None, BodyFormat::Json, None),
            }
        };
        let flag = response.extra.get(SUCCESS_FLAG).cloned();
        Some((
            ir::Response {
                status,
                description: response.description.clone(),
                media_types: response.content.keys().cloned().collect(),
                shape,
                format,
                xml,
            },
            flag,
        ))
    }

    /// The shape of a body: the JSON media type's schema (an XML media type of the same body
    /// shares it), or a string for a text-only body; and the XML form when one is offered.
    fn content_shape(
        &mut self,
        content: &Map<MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Option<(Shape, BodyFormat, Option<XmlBody>)> {
        let content_pointer = pointer_join(pointer, "content");
        let json = content.iter().find(|(media, _)| is_json(media));
        let xml_media = content.iter().find(|(media, _)| is_xml(media));
        if let (Some((media, media_type)), None) = (xml_media, json) {
            let media_pointer = pointer_join(&content_pointer, media);
            let schema = self.media_schema(media, media_type, &media_pointer)?;
            let schema_pointer = pointer_join(&media_pointer, "schema");
            let lowered = self.lower_shape(SchemaRef::from(schema), &schema_pointer, hint);
            let root = self.xml_root(&lowered.shape, schema, &schema_pointer)?;
            let xml = XmlBody {
                media_type: media.clone(),
                root,
            };
            return Some((lowered.shape, BodyFormat::Xml, Some(xml)));
        }
        if let Some((media, media_type)) = json {
            let media_pointer = pointer_join(&content_pointer, media);
            let schema = self.media_schema(media, media_type, &media_pointer)?;
            let lowered = self.lower_shape(
                SchemaRef::from(schema),
                &pointer_join(&media_pointer, "schema"),
                hint,
            );
            let xml = xml_media.and_then(|(xml_media, xml_type)| {
                self.xml_body(
                    &lowered.shape,
                    (media, media_type),
                    (xml_media, xml_type),
                    &content_pointer,
                )
            });
            return Some((lowered.shape, BodyFormat::Json, xml));
        }
        if content.keys().any(|media| media.starts_with("text/plain")) {
            let shape = Shape {
                ty: Type::String,
                constraints: Default::default(),
            };
            return Some((shape, BodyFormat::Text, None));
        }
        let listed: Vec<&str> = content.keys().map(String::as_str).collect();
        self.diag.error(
            &content_pointer,
            format!("no supported media type among {}", listed.join(", ")),
            "offer application/json or application/xml (or text/plain for plain text)",
        );
        None
    }

    /// The schema of a media type, which a body that is not plain text needs.
    fn media_schema<'m>(
        &mut self,
        media: &str,
        media_type: &'m MediaType,
        media_pointer: &str,
    ) -> Option<&'m Schema> {
        if media_type.schema.is_none() {
            self.diag.error(
                media_pointer,
                format!("media type `{media}` has no schema"),
                "add a `schema`",
            );
        }
        media_type.schema.as_ref()
    }

    /// The XML form of a body whose JSON form has `shape`: the XML media type and the document's
    /// root element, from the schema's `xml` object or the named type's.
    fn xml_body(
        &mut self,
        shape: &Shape,
        (json_media, json_type): (&String, &MediaType),
        (xml_media, xml_type): (&String, &MediaType),
        content_pointer: &str,
    ) -> Option<XmlBody> {
        let pointer = pointer_join(&pointer_join(content_pointer, xml_media), "schema");
        let Some(schema) = &xml_type.schema else {
            self.diag.error(
                &pointer_join(content_pointer, xml_media),
                format!("media type `{xml_media}` has no schema"),
                "add the same schema as the JSON media type's",
            );
            return None;
        };
        let same = match (&schema.reference, json_type.schema.as_ref()) {
            (
                Some(a),
                Some(Schema {
                    reference: Some(b), ..
                }),
            ) => a == b,
            // Written in place twice: the same schema but for the `xml` object.
            (None, Some(b)) if b.reference.is_none() => {
                super::kind::values_only(schema) == super::kind::values_only(b)
            }
            _ => false,
        };
        if !same {
            self.diag.error(
                &pointer,
                format!("the schema of `{xml_media}` differs from that of `{json_media}`"),
                "give both media types of a body the same schema; only its `xml` object may differ",
            );
            return None;
        }
        let root = self.xml_root(shape, schema, &pointer)?;
        Some(XmlBody {
            media_type: xml_media.clone(),
            root,
        })
    }

    /// The root element of an XML document of `shape`: the named type's element, or the
    /// `xml` object of the schema written in place.
    fn xml_root(&mut self, shape: &Shape, schema: &Schema, pointer: &str) -> Option<ir::XmlName> {
        let inline_xml = match schema.reference {
            None => Some(self.xml_object(schema, pointer)),
            Some(_) => None,
        };
        match (xml::named(shape), inline_xml) {
            // The named type's element, unless the schema written here names the root itself.
            (Some(id), inline) => {
                let root = self
                    .slots
                    .get(id.0)
                    .and_then(Option::as_ref)?
                    .xml
                    .root
                    .clone();
                Some(match inline {
                    Some(xml) if xml.name.is_some() || xml.namespace.is_some() => ir::XmlName {
                        name: xml.name.unwrap_or(root.name),
                        namespace: xml.namespace.or(root.namespace),
                        prefix: xml.prefix.or(root.prefix),
                    },
                    _ => root,
                })
            }
            (None, Some(xml)) if xml.name.is_some() => Some(ir::XmlName {
                name: xml.name.unwrap_or_default(),
                namespace: xml.namespace,
                prefix: xml.prefix,
            }),
            (None, _) => {
                self.diag.error(
                    pointer,
                    "the XML document's root element has no name",
                    "give the schema `xml: {name: ..., namespace: ...}` (DataContract writes a long as `<long xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">`)",
                );
                None
            }
        }
    }
}

const SUCCESS_FLAG: &str = "x-success-flag";
const BODY_FIELD: &str = "x-body-field";

/// Where a parameter was written: its own pointer, or the component a `$ref` names; `shared`
/// when it is not the operation's own (declared for the whole path, or a component).
struct Origin {
    shared: bool,
    pointer: String,
}

impl Lowerer<'_> {
    /// The response a successful call decodes: the first 2xx. Several 2xx responses must agree.
    fn success(
        &mut self,
        operation: &str,
        operation_pointer: &str,
        responses: &[ir::Response],
        flags: Vec<(u16, serde_json::Value, String)>,
        client_types: &mut Scope,
    ) -> Success {
        let successes: Vec<&ir::Response> = responses
            .iter()
            .filter(|r| r.status.is_some_and(|s| (200..300).contains(&s)))
            .collect();
        let Some(first) = successes.first() else {
            return Success {
                shape: None,
                format: BodyFormat::Json,
                flag: None,
                xml: None,
                by_status: None,
            };
        };
        let differ = successes
            .iter()
            .any(|r| r.shape != first.shape || r.format != first.format);
        let by_status = differ.then(|| {
            let mut scope = Scope::default();
            ResponseEnum {
                name: client_types.claim(names::type_name(&format!("{operation} Response"))),
                variants: successes
                    .iter()
                    .map(|r| {
                        let status = r.status.unwrap_or(200);
                        ResponseVariant {
                            name: scope.claim(status_variant(status)),
                            status,
                            description: r.description.clone(),
                            shape: r.shape.clone(),
                            format: r.format,
                        }
                    })
                    .collect(),
            }
        });
        let xml_responses = successes.iter().filter(|r| r.xml.is_some()).count();
        let xml = match (&by_status, xml_responses) {
            (_, 0) => None,
            (None, n) if n == successes.len() => first.xml.clone(),
            _ => {
                self.diag.error(
                    &pointer_join(operation_pointer, "responses"),
                    "XML is offered for some success responses only, or for several success shapes",
                    "offer XML for the one success response shape, or for none",
                );
                None
            }
        };
        let mut success = Success {
            shape: first.shape.clone(),
            format: first.format,
            flag: None,
            xml,
            by_status,
        };
        for (status, value, response_pointer) in flags {
            let flag_pointer = pointer_join(&response_pointer, SUCCESS_FLAG);
            if !(200..300).contains(&status) {
                self.diag.error(
                    &flag_pointer,
                    "x-success-flag belongs on a 2xx response",
                    "move it to the success response",
                );
                continue;
            }
            if success.by_status.is_some() {
                self.diag.error(
                    &flag_pointer,
                    "x-success-flag needs a single success response shape",
                    "give every 2xx response the same schema",
                );
                continue;
            }
            if success.xml.is_some() {
                self.diag.error(
                    &flag_pointer,
                    "x-success-flag is read from JSON bodies only, and this response is offered as XML",
                    "offer the flagged response as JSON only",
                );
                continue;
            }
            success.flag = self.success_flag(&value, success.shape.as_ref(), &flag_pointer);
        }
        success
    }

    /// Reads `x-success-flag: {field: success, message: message}` against the response type.
    fn success_flag(
        &mut self,
        value: &serde_json::Value,
        shape: Option<&Shape>,
        pointer: &str,
    ) -> Option<SuccessFlag> {
        let field = value.get("field").and_then(serde_json::Value::as_str);
        let message = value.get("message").and_then(serde_json::Value::as_str);
        let fields = match shape.map(|s| &s.ty) {
            Some(Type::Named(id)) => match self.slots.get(id.0).and_then(Option::as_ref) {
                Some(ir::TypeDef {
                    kind: TypeKind::Struct(s),
                    ..
                }) => Some(s.fields.clone()),
                _ => None,
            },
            _ => None,
        };
        let (Some(field), Some(fields)) = (field, fields) else {
            self.diag.error(
                pointer,
                "x-success-flag needs `field` (and optionally `message`) naming properties of the response object",
                "write x-success-flag: {field: success, message: message}",
            );
            return None;
        };
        let flag = fields
            .iter()
            .find(|f| f.wire_name == field)
            .filter(|f| f.shape.ty == Type::Bool && f.presence() == Presence::Required);
        let Some(flag) = flag else {
            self.diag.error(
                pointer,
                format!("x-success-flag field `{field}` must be a required, non-nullable boolean property"),
                "name the boolean that says whether the call succeeded",
            );
            return None;
        };
        let message = match message {
            None => None,
            Some(wire) => {
                let found = fields
                    .iter()
                    .find(|f| f.wire_name == wire && f.shape.ty == Type::String);
                if found.is_none() {
                    self.diag.error(
                        pointer,
                        format!("x-success-flag message `{wire}` must be a string property"),
                        "name the property that carries the server's reason",
                    );
                }
                found.map(|m| m.wire_name.clone())
            }
        };
        Some(SuccessFlag {
            field: flag.wire_name.clone(),
            rust_field: flag.name.clone(),
            message,
        })
    }

    /// One variant per error response with a body, named after its status.
    fn error_enum(
        &mut self,
        operation: &str,
        responses: &[ir::Response],
        client_types: &mut Scope,
    ) -> Option<ErrorEnum> {
        let mut scope = Scope::default();
        let variants: Vec<ErrorVariant> = responses
            .iter()
            .filter(|r| !r.status.is_some_and(|s| (200..300).contains(&s)))
            .filter_map(|r| {
                let shape = r.shape.clone()?;
                let wanted = match r.status {
                    Some(status) => status_variant(status),
                    None => "Other".to_owned(),
                };
                Some(ErrorVariant {
                    name: scope.claim(wanted),
                    status: r.status,
                    description: r.description.clone(),
                    shape,
                    format: r.format,
                    xml: r.xml.clone(),
                })
            })
            .collect();
        if variants.is_empty() {
            return None;
        }
        Some(ErrorEnum {
            name: client_types.claim(names::type_name(&format!("{operation} Error"))),
            variants,
            same_as: None,
        })
    }
}

/// A variant name from the status's reason phrase.
fn status_variant(status: u16) -> String {
    let reason = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    reason.to_owned()
}

/// A value written as one piece of text: not an array, a map or an object.
fn is_scalar(shape: &Shape) -> bool {
    match &shape.ty {
        Type::Array(_) | Type::Map(_) | Type::Json | Type::Named(_) => false,
        Type::Option(inner) => is_scalar(inner),
        _ => true,
    }
}

fn methods(item: &PathItem) -> impl Iterator<Item = (Method, &Operation)> {
    item.operations.iter().filter_map(|(method, operation)| {
        let method = match method.as_str() {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            _ => return None,
        };
        Some((method, operation))
    })
}

/// The `{name}` placeholders of a path template, in order.
pub(crate) fn path_placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_owned());
        rest = &rest[start + end + 1..];
    }
    out
}

pub(crate) fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

pub(crate) fn is_xml(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml")
}
