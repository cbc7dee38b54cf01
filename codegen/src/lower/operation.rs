//! Paths and operations -> [`ir::Operation`]s.

use crate::doc::{
    Map, MediaType, Operation, Parameter, ParameterIn, PathItem, RefOr, RequestBody, Response,
    Schema, SchemaOrContent, SchemaType, StatusKey,
};

use super::pairs::PendingBodyField;
use super::schema::SchemaRef;
use super::xml;
use super::Lowerer;
use crate::diag::pointer_join;
use crate::ir::{
    self, BodyFormat, ErrorEnum, ErrorVariant, FormArrayStyle, FormEncoding, Method,
    ParameterLocation, Presence, ResponseEnum, ResponseVariant, Shape, Status, Success,
    SuccessFlag, Type, TypeKind, XmlBody,
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
                    &mut method_names,
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
        method_names: &mut Scope,
    ) -> (ir::Operation, Vec<PendingBodyField>) {
        let (parameters, body_fields) =
            self.lower_parameters(&name, path, item, operation, pointer);
        let params_type = parameters
            .iter()
            .any(|p| p.location != ParameterLocation::Path)
            .then(|| client_types.claim(names::type_name(&format!("{name} Params"))));
        let mut body = operation.request_body.as_ref().and_then(|body| {
            self.lower_body(
                body,
                &pointer_join(pointer, "requestBody"),
                &format!("{name} Request"),
            )
        });
        // A JSON body also offered as a form: a second method sends the form.
        if let Some(body) = &mut body {
            if let Some(parts) = &mut body.multipart {
                parts.name = client_types.claim(names::type_name(&format!("{name} Parts")));
            }
            if body.format == BodyFormat::Json && body.form.is_some() {
                body.form_method = Some(method_names.claim(format!("{name}_form")));
            }
        }
        let mut responses = Vec::new();
        let mut flags = Vec::new();
        // `default` describes the success when no 2xx response is declared.
        let default_is_success = !operation.responses.by_status.iter().any(|(code, _)| {
            matches!(code, StatusKey::Code(c) if (200..300).contains(c))
                || matches!(code, StatusKey::Range(2))
        });
        let success_count = operation
            .responses
            .by_status
            .iter()
            .filter(|(code, _)| status_of(*code).is_2xx())
            .count()
            + usize::from(default_is_success && operation.responses.default.is_some());
        let keyed = operation
            .responses
            .by_status
            .iter()
            .map(|(code, response)| (status_of(*code), response))
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| (Status::Default, response)),
            );
        for (status, response) in keyed {
            let response_pointer = pointer_join(&pointer_join(pointer, "responses"), &status.key());
            let success = status.is_2xx() || (status == Status::Default && default_is_success);
            let hint = match status {
                _ if success && success_count == 1 => format!("{name} Response"),
                Status::Default => format!("{name} Error"),
                status => format!("{name} Response {}", status.key()),
            };
            if let Some((response, flag)) =
                self.lower_response(status, response, &response_pointer, &hint)
            {
                if let Some(flag) = flag {
                    flags.push((status, flag, response_pointer.clone()));
                }
                responses.push(response);
            }
        }
        let success = self.success(
            &name,
            pointer,
            &responses,
            default_is_success,
            flags,
            client_types,
        );
        let errors = self.error_enum(&name, &responses, default_is_success, client_types);
        let stream_method = (success.format == BodyFormat::Binary && success.by_status.is_none())
            .then(|| method_names.claim(format!("{name}_stream")));
        let security = self.operation_security(operation, pointer);
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
            stream_method,
            security,
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
                let style = self.parameter_style(parameter, location, parameter_pointer);
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
    /// place (`form` exploded in the query and cookies, `simple` in the path and headers). A
    /// scalar is written as its text whatever the style (the client emitter decides by shape).
    fn parameter_style(
        &mut self,
        parameter: &Parameter,
        location: ParameterLocation,
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
        let Some(content) = self.content_shape(&body.content, &pointer, hint, true) else {
            self.diag.warning(
                &pointer_join(&pointer, "content"),
                "the request body names no media type: the method sends none",
                "list the body's media types under `content`",
            );
            return None;
        };
        Some(ir::Body {
            required: body.required,
            description: body.description.clone(),
            media_types: body.content.keys().cloned().collect(),
            media_type: content.media_type,
            format: content.format,
            shape: content.shape,
            xml: content.xml,
            form: content.form,
            form_method: None,
            multipart: content.multipart,
        })
    }

    fn lower_response(
        &mut self,
        status: Status,
        response: &'a RefOr<Response>,
        pointer: &str,
        hint: &str,
    ) -> Option<(ir::Response, Option<serde_json::Value>)> {
        let (response, _) = self.follow(response, pointer, "response", "#/components/responses")?;
        let content = self.content_shape(&response.content, pointer, hint, false);
        let (shape, format, xml, media_type) = match content {
            Some(content) => {
                let media_type = (!matches!(content.format, BodyFormat::Json | BodyFormat::Xml))
                    .then_some(content.media_type);
                (Some(content.shape), content.format, content.xml, media_type)
            }
            None => (None, BodyFormat::Json, None, None),
        };
        let flag = response.extra.get(SUCCESS_FLAG).cloned();
        Some((
            ir::Response {
                status,
                description: response.description.clone(),
                media_types: response.content.keys().cloned().collect(),
                media_type,
                shape,
                format,
                xml,
            },
            flag,
        ))
    }

    /// What a body is made of: the media type chosen among those offered (JSON first, its
    /// XML form beside it; then, for requests, a form, multipart, text, binary; for
    /// responses, JSON lines, an event stream, text, binary), its shape and format. The media
    /// types of other kinds left out are warned about.
    fn content_shape(
        &mut self,
        content: &'a Map<MediaType>,
        pointer: &str,
        hint: &str,
        request: bool,
    ) -> Option<Content> {
        let content_pointer = pointer_join(pointer, "content");
        let kinds: Vec<(&String, &MediaType, MediaKind)> = content
            .iter()
            .map(|(media, media_type)| (media, media_type, media_kind(media, media_type)))
            .collect();
        let order: &[MediaKind] = if request {
            &REQUEST_PREFERENCE
        } else {
            &RESPONSE_PREFERENCE
        };
        let &(media, media_type, kind) = order
            .iter()
            .find_map(|wanted| kinds.iter().find(|(_, _, kind)| kind == wanted))?;
        // A form body with the JSON body's schema is offered by a method of its own.
        let also_form = (request && kind == MediaKind::Json)
            .then(|| {
                kinds.iter().find(|(_, form_type, other)| {
                    *other == MediaKind::Form && same_schema(media_type, form_type)
                })
            })
            .flatten();
        let left_out: Vec<&str> = kinds
            .iter()
            .filter(|(_, _, other)| {
                *other != kind
                    && !(kind == MediaKind::Json && *other == MediaKind::Xml)
                    && !(also_form.is_some() && *other == MediaKind::Form)
            })
            .map(|(media, _, _)| media.as_str())
            .collect();
        if !left_out.is_empty() {
            let (verb, what) = if request {
                ("sends", "sent")
            } else {
                ("asks for", "read")
            };
            self.diag.warning(
                &content_pointer,
                format!(
                    "several media types: the method {verb} `{media}`; {} {} not {what}",
                    left_out
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if left_out.len() == 1 { "is" } else { "are" }
                ),
                "the preference is JSON, XML, then the other kinds (see the README, \"Bodies\")",
            );
        }
        let media_pointer = pointer_join(&content_pointer, media);
        let schema_pointer = pointer_join(&media_pointer, "schema");
        let placeholder = Shape {
            ty: Type::String,
            constraints: Default::default(),
        };
        let make = |shape: Shape, format: BodyFormat| Content {
            shape,
            format,
            xml: None,
            media_type: media.clone(),
            form: None,
            multipart: None,
        };
        Some(match kind {
            MediaKind::Json => {
                let shape = self.typed_shape(media, media_type, &media_pointer, hint);
                let xml_media = content.iter().find(|(media, _)| is_xml(media));
                let xml = xml_media.and_then(|(xml_media, xml_type)| {
                    self.xml_body(
                        &shape,
                        (media, media_type),
                        (xml_media, xml_type),
                        &content_pointer,
                    )
                });
                let form = also_form.map(|(form_media, form_type, _)| {
                    self.form_encoding(form_type, &pointer_join(&content_pointer, form_media))
                });
                Content {
                    xml,
                    form,
                    ..make(shape, BodyFormat::Json)
                }
            }
            MediaKind::Xml => {
                let Some(schema) = &media_type.schema else {
                    self.diag.warning(
                        &media_pointer,
                        format!("media type `{media}` has no schema: the body is text"),
                        "add a `schema` to have it typed",
                    );
                    return Some(make(placeholder, BodyFormat::Text));
                };
                let lowered = self.lower_shape(SchemaRef::from(schema), &schema_pointer, hint);
                let root = self.xml_root(&lowered.shape, schema, &schema_pointer)?;
                Content {
                    xml: Some(XmlBody {
                        media_type: media.clone(),
                        root,
                    }),
                    ..make(lowered.shape, BodyFormat::Xml)
                }
            }
            MediaKind::Form => {
                let shape = self.typed_shape(media, media_type, &media_pointer, hint);
                let form = self.form_encoding(media_type, &media_pointer);
                Content {
                    form: Some(form),
                    ..make(shape, BodyFormat::Form)
                }
            }
            MediaKind::JsonLines => {
                let shape = self.typed_shape(media, media_type, &media_pointer, hint);
                make(shape, BodyFormat::JsonLines)
            }
            MediaKind::EventStream => {
                // Without a schema, each event's data is text.
                let shape = match &media_type.schema {
                    Some(schema) => {
                        self.lower_shape(SchemaRef::from(schema), &schema_pointer, hint)
                            .shape
                    }
                    None => placeholder,
                };
                make(shape, BodyFormat::EventStream)
            }
            MediaKind::Multipart => {
                let parts = self.multipart_parts(media_type, &media_pointer, hint);
                if parts.is_none() {
                    self.diag.warning(
                        &media_pointer,
                        format!("the parts of this `{media}` body are not typed (its schema is not an object with properties): the method takes a `runtime::Multipart` the caller fills"),
                        "describe the parts as the properties of an object schema",
                    );
                }
                Content {
                    multipart: parts,
                    ..make(placeholder, BodyFormat::Multipart)
                }
            }
            MediaKind::Text => make(placeholder, BodyFormat::Text),
            MediaKind::Binary => make(placeholder, BodyFormat::Binary),
        })
    }

    /// The parts of a multipart body whose schema (in place or by `$ref`) is an object with
    /// properties: files, and values sent as text or JSON. `None` for any other schema.
    fn multipart_parts(
        &mut self,
        media_type: &'a MediaType,
        media_pointer: &str,
        hint: &str,
    ) -> Option<ir::MultipartBody> {
        let spec = self.spec;
        let written = media_type.schema.as_ref()?;
        let (schema, pointer) = match &written.reference {
            Some(reference) => spec.resolve::<Schema>(reference).ok()?,
            None => (written, pointer_join(media_pointer, "schema")),
        };
        let properties = schema.properties.as_ref().filter(|p| !p.is_empty())?;
        if schema.all_of.is_some() || schema.one_of.is_some() || schema.any_of.is_some() {
            return None;
        }
        let required = schema.required.clone().unwrap_or_default();
        let mut fields = Scope::default();
        let mut parts = Vec::new();
        for (wire_name, property) in properties {
            let property_pointer = pointer_join(&pointer_join(&pointer, "properties"), wire_name);
            let resolved = match &property.reference {
                Some(reference) => spec.resolve::<Schema>(reference).ok().map(|(s, _)| s),
                None => Some(property),
            };
            let kind = match resolved {
                Some(file) if is_file(file) => ir::PartKind::File,
                Some(list)
                    if list
                        .items
                        .as_deref()
                        .is_some_and(|item| item.reference.is_none() && is_file(item)) =>
                {
                    ir::PartKind::Files
                }
                _ => ir::PartKind::Value(
                    self.lower_shape(
                        SchemaRef::from(property),
                        &property_pointer,
                        &format!("{hint} {wire_name}"),
                    )
                    .shape,
                ),
            };
            parts.push(ir::MultipartPart {
                name: fields.claim(names::field_name(wire_name)),
                wire_name: wire_name.clone(),
                description: resolved.and_then(|s| s.description.clone()),
                required: required.contains(wire_name),
                kind,
            });
        }
        Some(ir::MultipartBody {
            name: String::new(),
            parts,
        })
    }

    /// The shape of a JSON-like body (JSON, a form, JSON lines): its schema's, or any JSON
    /// when it has none (warned).
    fn typed_shape(
        &mut self,
        media: &str,
        media_type: &'a MediaType,
        media_pointer: &str,
        hint: &str,
    ) -> Shape {
        match &media_type.schema {
            Some(schema) => {
                self.lower_shape(
                    SchemaRef::from(schema),
                    &pointer_join(media_pointer, "schema"),
                    hint,
                )
                .shape
            }
            None => {
                self.diag.warning(
                    media_pointer,
                    format!("media type `{media}` has no schema: its body is any JSON (`serde_json::Value`)"),
                    "add a `schema` to have it typed",
                );
                Shape {
                    ty: Type::Json,
                    constraints: Default::default(),
                }
            }
        }
    }

    /// A form body's `encoding`: each property's `style` and `explode`, and the nesting of
    /// object properties (brackets, as `deepObject` writes them; dots where the media type
    /// says `x-form-nesting: dots`).
    fn form_encoding(&mut self, media_type: &MediaType, media_pointer: &str) -> FormEncoding {
        let mut form = FormEncoding::default();
        match media_type.extra.get(FORM_NESTING) {
            None => {}
            Some(serde_json::Value::String(value)) if value == "dots" => form.dots = true,
            Some(serde_json::Value::String(value)) if value == "brackets" => {}
            Some(_) => self.diag.warning(
                &pointer_join(media_pointer, FORM_NESTING),
                "x-form-nesting is `brackets` or `dots`: nested names are written with brackets",
                "write x-form-nesting: dots for `Lines[0].Number`, or leave it out for `Lines[0][Number]`",
            ),
        }
        for (property, encoding) in &media_type.encoding {
            let explode = encoding
                .explode
                .unwrap_or(encoding.style.as_deref().is_none_or(|s| s == "form"));
            let style = match (encoding.style.as_deref(), explode) {
                (Some("spaceDelimited"), _) => FormArrayStyle::Space,
                (Some("pipeDelimited"), _) => FormArrayStyle::Pipe,
                (None | Some("form"), false) => FormArrayStyle::Comma,
                (Some("deepObject"), _) | (None | Some("form"), true) => continue,
                (Some(other), _) => {
                    self.diag.warning(
                        &pointer_join(&pointer_join(&pointer_join(media_pointer, "encoding"), property), "style"),
                        format!("style `{other}` does not apply to a form body: `{property}` is sent exploded"),
                        "use form, spaceDelimited, pipeDelimited or deepObject",
                    );
                    continue;
                }
            };
            form.properties.push((property.clone(), style));
        }
        form
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
            self.diag.warning(
                &pointer_join(content_pointer, xml_media),
                format!("media type `{xml_media}` has no schema, so it is not offered; the body is `{json_media}`"),
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
            // One Rust type carries both forms; a body that is another value in XML is left
            // to the JSON form.
            self.diag.warning(
                &pointer,
                format!("the schema of `{xml_media}` differs from that of `{json_media}`, so the body is `{json_media}` only"),
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
        default_is_success: bool,
        flags: Vec<(Status, serde_json::Value, String)>,
        client_types: &mut Scope,
    ) -> Success {
        let is_success =
            |status: Status| status.is_2xx() || (status == Status::Default && default_is_success);
        let mut successes: Vec<&ir::Response> =
            responses.iter().filter(|r| is_success(r.status)).collect();
        // The most specific first: that is the order a status is matched in.
        successes.sort_by_key(|r| r.status.specificity());
        let Some(first) = successes.first() else {
            return Success {
                shape: None,
                format: BodyFormat::Json,
                flag: None,
                xml: None,
                by_status: None,
                media_type: None,
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
                        let status = r.status;
                        ResponseVariant {
                            name: scope.claim(status_variant(status)),
                            status,
                            description: r.description.clone(),
                            shape: r.shape.clone(),
                            format: r.format,
                            boxed: false,
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
            media_type: first.media_type.clone(),
            by_status,
        };
        for (status, value, response_pointer) in flags {
            let flag_pointer = pointer_join(&response_pointer, SUCCESS_FLAG);
            if !is_success(status) {
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

    /// One variant per error response with a body, named after its status, the most
    /// specific first (exact codes, ranges, `default`).
    fn error_enum(
        &mut self,
        operation: &str,
        responses: &[ir::Response],
        default_is_success: bool,
        client_types: &mut Scope,
    ) -> Option<ErrorEnum> {
        let mut scope = Scope::default();
        let mut errors: Vec<&ir::Response> = responses
            .iter()
            .filter(|r| !(r.status.is_2xx() || (r.status == Status::Default && default_is_success)))
            .collect();
        errors.sort_by_key(|r| r.status.specificity());
        let variants: Vec<ErrorVariant> = errors
            .into_iter()
            .filter_map(|r| {
                let shape = r.shape.clone()?;
                Some(ErrorVariant {
                    name: scope.claim(status_variant(r.status)),
                    status: r.status,
                    description: r.description.clone(),
                    shape,
                    format: r.format,
                    xml: r.xml.clone(),
                    boxed: false,
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

/// A variant name from the status's reason phrase, or the class of a range.
fn status_variant(status: Status) -> String {
    let status = match status {
        Status::Code(code) => code,
        Status::Range(digit) => {
            return match digit {
                1 => "Informational".to_owned(),
                2 => "Success".to_owned(),
                3 => "Redirection".to_owned(),
                4 => "ClientError".to_owned(),
                5 => "ServerError".to_owned(),
                _ => format!("Status{digit}XX"),
            }
        }
        Status::Default => return "Other".to_owned(),
    };
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

fn status_of(key: StatusKey) -> Status {
    match key {
        StatusKey::Code(code) => Status::Code(code),
        StatusKey::Range(digit) => Status::Range(digit),
    }
}

/// What kind of body a media type carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Xml,
    Form,
    Multipart,
    Text,
    JsonLines,
    EventStream,
    Binary,
}

/// The kind a request sends, in order of preference.
const REQUEST_PREFERENCE: [MediaKind; 8] = [
    MediaKind::Json,
    MediaKind::Xml,
    MediaKind::Form,
    MediaKind::Multipart,
    MediaKind::Text,
    MediaKind::Binary,
    MediaKind::JsonLines,
    MediaKind::EventStream,
];

/// The kind a response is read as, in order of preference.
const RESPONSE_PREFERENCE: [MediaKind; 8] = [
    MediaKind::Json,
    MediaKind::Xml,
    MediaKind::JsonLines,
    MediaKind::EventStream,
    MediaKind::Text,
    MediaKind::Binary,
    MediaKind::Form,
    MediaKind::Multipart,
];

/// What a body of media type `media` is: JSON (and `+json`, with parameters), XML, a form,
/// multipart, JSON lines, an event stream, text (`text/*`), or bytes (anything else:
/// `application/octet-stream`, `image/*`, vendor types, and `*/*` unless its schema is JSON
/// beyond a string).
fn media_kind(media: &str, media_type: &MediaType) -> MediaKind {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let json_schema = media_type.schema.as_ref().is_some_and(|schema| {
        schema.reference.is_some()
            || schema
                .types
                .as_ref()
                .is_some_and(|types| types.iter().any(|t| *t != SchemaType::String))
    });
    match essence.as_str() {
        _ if is_json(&essence) => MediaKind::Json,
        _ if is_xml(&essence) => MediaKind::Xml,
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => MediaKind::JsonLines,
        "text/event-stream" => MediaKind::EventStream,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "*/*" | "application/*" if json_schema => MediaKind::Json,
        _ if essence.starts_with("text/") => MediaKind::Text,
        _ if essence.starts_with("multipart/") => MediaKind::Multipart,
        _ => MediaKind::Binary,
    }
}

/// Whether two media types of one body have the same schema: the same `$ref`, or the same
/// schema written in place.
fn same_schema(a: &MediaType, b: &MediaType) -> bool {
    match (&a.schema, &b.schema) {
        (Some(a), Some(b)) => match (&a.reference, &b.reference) {
            (Some(a), Some(b)) => a == b,
            (None, None) => super::kind::values_only(a) == super::kind::values_only(b),
            _ => false,
        },
        _ => false,
    }
}

/// What a body is made of (see `content_shape`).
struct Content {
    shape: Shape,
    format: BodyFormat,
    xml: Option<XmlBody>,
    media_type: String,
    form: Option<FormEncoding>,
    multipart: Option<ir::MultipartBody>,
}

/// Whether a schema is a file: `type: string` with `format: binary` (3.0), or a
/// `contentMediaType` and no `contentEncoding` (3.1).
fn is_file(schema: &Schema) -> bool {
    let string = schema
        .types
        .as_ref()
        .is_some_and(|types| types.iter().all(|t| *t == SchemaType::String));
    string
        && (schema.format.as_deref() == Some("binary")
            || (schema.content_media_type.is_some() && schema.content_encoding.is_none()))
}

const FORM_NESTING: &str = "x-form-nesting";

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
