//! Paths and operations -> [`ir::Operation`]s.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody,
    Response, StatusCode,
};

use super::schema::SchemaRef;
use super::Lowerer;
use crate::diag::pointer_join;
use crate::ir::{self, Method, ParameterLocation, Shape, Type};
use crate::names::{self, Scope};

impl Lowerer<'_> {
    pub(super) fn lower_operations(&mut self) -> Vec<ir::Operation> {
        let spec = self.spec;
        let mut method_names = Scope::default();
        let mut operation_ids: Vec<(String, String)> = Vec::new();
        let mut operations = Vec::new();
        for (path, item) in &spec.paths.paths {
            let path_pointer = pointer_join("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
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
                operations
                    .push(self.lower_operation(name, method, path, item, operation, &pointer));
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        name: String,
        method: Method,
        path: &str,
        item: &PathItem,
        operation: &Operation,
        pointer: &str,
    ) -> ir::Operation {
        let parameters = self.lower_parameters(&name, path, item, operation, pointer);
        let body = operation.request_body.as_ref().and_then(|body| {
            self.lower_body(
                body,
                &pointer_join(pointer, "requestBody"),
                &format!("{name} Request"),
            )
        });
        let mut responses = Vec::new();
        let success_count = operation
            .responses
            .responses
            .keys()
            .filter(|code| matches!(code, StatusCode::Code(c) if (200..300).contains(c)))
            .count();
        for (code, response) in &operation.responses.responses {
            let response_pointer =
                pointer_join(&pointer_join(pointer, "responses"), &code.to_string());
            let status = match code {
                StatusCode::Code(code) => *code,
                StatusCode::Range(range) => {
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
            if let Some(response) =
                self.lower_response(Some(status), response, &response_pointer, &hint)
            {
                responses.push(response);
            }
        }
        if let Some(default) = &operation.responses.default {
            let response_pointer = pointer_join(pointer, "responses/default");
            if let Some(response) =
                self.lower_response(None, default, &response_pointer, &format!("{name} Error"))
            {
                responses.push(response);
            }
        }
        ir::Operation {
            name,
            method,
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            parameters,
            body,
            responses,
        }
    }

    fn lower_parameters(
        &mut self,
        operation_name: &str,
        path: &str,
        item: &PathItem,
        operation: &Operation,
        pointer: &str,
    ) -> Vec<ir::Parameter> {
        let spec = self.spec;
        // Path-level parameters first; an operation's own parameter of the same name and place
        // replaces it.
        let mut merged: Vec<(&Parameter, String)> = Vec::new();
        let sources = [
            (
                &item.parameters,
                pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or(pointer),
            ),
            (&operation.parameters, pointer),
        ];
        for (list, base) in sources {
            for (i, parameter) in list.iter().enumerate() {
                let parameter_pointer = format!("{base}/parameters/{i}");
                let Some(parameter) = self.resolve_parameter(spec, parameter, &parameter_pointer)
                else {
                    continue;
                };
                let data = parameter.parameter_data_ref();
                merged.retain(|(p, _)| {
                    let other = p.parameter_data_ref();
                    !(other.name == data.name && same_location(p, parameter))
                });
                merged.push((parameter, parameter_pointer));
            }
        }
        let placeholders = path_placeholders(path);
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for (parameter, parameter_pointer) in merged {
            let data = parameter.parameter_data_ref();
            let location = match parameter {
                Parameter::Path { .. } => ParameterLocation::Path,
                Parameter::Query { .. } => ParameterLocation::Query,
                Parameter::Header { .. } => ParameterLocation::Header,
                Parameter::Cookie { .. } => {
                    self.diag.error(
                        &parameter_pointer,
                        format!("cookie parameter `{}` is not supported", data.name),
                        "send the value as a header parameter instead",
                    );
                    continue;
                }
            };
            if location == ParameterLocation::Path && !placeholders.contains(&data.name) {
                self.diag.error(
                    &parameter_pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        data.name
                    ),
                    format!(
                        "add `{{{}}}` to the path, or declare the parameter `in: query`",
                        data.name
                    ),
                );
            }
            let shape = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{operation_name} {}", data.name);
                    let lowered = self.lower_shape(
                        SchemaRef::from(schema),
                        &pointer_join(&parameter_pointer, "schema"),
                        &hint,
                    );
                    lowered.shape
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.diag.error(
                        &parameter_pointer,
                        format!(
                            "parameter `{}` uses `content`, which is not supported",
                            data.name
                        ),
                        "describe the parameter with `schema`",
                    );
                    Shape {
                        ty: Type::String,
                        constraints: Default::default(),
                    }
                }
            };
            out.push(ir::Parameter {
                name: scope.claim(names::field_name(&data.name)),
                wire_name: data.name.clone(),
                location,
                required: data.required || location == ParameterLocation::Path,
                description: data.description.clone(),
                shape,
            });
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
        out
    }

    fn resolve_parameter<'s>(
        &mut self,
        spec: &'s openapiv3::OpenAPI,
        parameter: &'s ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Option<&'s Parameter> {
        match parameter {
            ReferenceOr::Item(parameter) => Some(parameter),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| spec.components.as_ref()?.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(parameter)) => Some(parameter),
                    _ => {
                        self.diag.error(
                            &pointer_join(pointer, "$ref"),
                            format!("$ref `{reference}` does not point to a parameter in #/components/parameters"),
                            "check the spelling, or add the parameter under components/parameters",
                        );
                        None
                    }
                }
            }
        }
    }

    fn lower_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        pointer: &str,
        hint: &str,
    ) -> Option<ir::Body> {
        let spec = self.spec;
        let (body, pointer) = match body {
            ReferenceOr::Item(body) => (body, pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/");
                match name.and_then(|n| spec.components.as_ref()?.request_bodies.get(n)) {
                    Some(ReferenceOr::Item(body)) => (body, reference.clone()),
                    _ => {
                        self.diag.error(
                            &pointer_join(pointer, "$ref"),
                            format!("$ref `{reference}` does not point to a request body"),
                            "check the spelling, or add it under components/requestBodies",
                        );
                        return None;
                    }
                }
            }
        };
        let shape = self.content_shape(&body.content, &pointer, hint)?;
        Some(ir::Body {
            required: body.required,
            description: body.description.clone(),
            media_types: body.content.keys().cloned().collect(),
            shape,
        })
    }

    fn lower_response(
        &mut self,
        status: Option<u16>,
        response: &ReferenceOr<Response>,
        pointer: &str,
        hint: &str,
    ) -> Option<ir::Response> {
        let spec = self.spec;
        let response = match response {
            ReferenceOr::Item(response) => response,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/");
                match name.and_then(|n| spec.components.as_ref()?.responses.get(n)) {
                    Some(ReferenceOr::Item(response)) => response,
                    _ => {
                        self.diag.error(
                            &pointer_join(pointer, "$ref"),
                            format!("$ref `{reference}` does not point to a response"),
                            "check the spelling, or add it under components/responses",
                        );
                        return None;
                    }
                }
            }
        };
        let shape = if response.content.is_empty() {
            None
        } else {
            self.content_shape(&response.content, pointer, hint)
        };
        Some(ir::Response {
            status,
            description: response.description.clone(),
            media_types: response.content.keys().cloned().collect(),
            shape,
        })
    }

    /// The shape of a body: the JSON media type's schema (XML and other types of the same body
    /// share it), or a string for a text-only body.
    fn content_shape(
        &mut self,
        content: &IndexMap<String, MediaType>,
        pointer: &str,
        hint: &str,
    ) -> Option<Shape> {
        let content_pointer = pointer_join(pointer, "content");
        let json = content.iter().find(|(media, _)| is_json(media));
        let chosen = json.or_else(|| content.iter().find(|(media, _)| is_xml(media)));
        if let Some((media, media_type)) = chosen {
            let media_pointer = pointer_join(&content_pointer, media);
            let Some(schema) = &media_type.schema else {
                self.diag.error(
                    &media_pointer,
                    format!("media type `{media}` has no schema"),
                    "add a `schema`",
                );
                return None;
            };
            let lowered = self.lower_shape(
                SchemaRef::from(schema),
                &pointer_join(&media_pointer, "schema"),
                hint,
            );
            return Some(lowered.shape);
        }
        if content.keys().any(|media| media.starts_with("text/plain")) {
            return Some(Shape {
                ty: Type::String,
                constraints: Default::default(),
            });
        }
        let listed: Vec<&str> = content.keys().map(String::as_str).collect();
        self.diag.error(
            &content_pointer,
            format!("no supported media type among {}", listed.join(", ")),
            "offer application/json (or text/plain for plain text)",
        );
        None
    }
}

fn methods(item: &PathItem) -> impl Iterator<Item = (Method, &Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_ref().map(|op| (method, op)))
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
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
