//! Passes that pair parts of operations once every type is settled: a path parameter with the
//! body property it must equal (`x-body-field`), and a path's `PUT` body with what its `GET`
//! returns (read-modify-write).

use std::collections::HashMap;

use crate::diag::Diagnostics;
use crate::ir::resolve_alias;
use crate::ir::{self, Additional, Shape, Type, TypeId, TypeKind};

/// An `x-body-field` read from a parameter, checked once every type is settled.
pub(super) struct PendingBodyField {
    /// Index of the operation in the lowered list.
    pub operation: usize,
    /// Index of the parameter in the operation's parameters.
    pub parameter: usize,
    pub value: serde_json::Value,
    /// Where the extension is written.
    pub pointer: String,
    /// Whether the parameter is shared with other operations (declared for the whole path, or
    /// a component): one of them without a body is then no mistake.
    pub shared: bool,
}

/// The object type `shape` names, through any aliases.
fn object<'t>(types: &'t [ir::TypeDef], shape: &Shape) -> Option<(TypeId, &'t ir::Struct)> {
    match resolve_alias(types, shape).ty {
        Type::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(s) => Some((id, s)),
            _ => None,
        },
        _ => None,
    }
}

/// Checks each `x-body-field` against the request body of its operation, now that the fields'
/// presence is final (`readOnly` properties are optional in requests), and records it on the
/// parameter.
pub(super) fn settle_body_fields(
    types: &[ir::TypeDef],
    operations: &mut [ir::Operation],
    pending: Vec<PendingBodyField>,
    diag: &mut Diagnostics,
) {
    for field in pending {
        let op = &operations[field.operation];
        let parameter = &op.parameters[field.parameter];
        let where_ = format!("{} {}", op.method.as_str(), op.path);
        let Some(wire) = field.value.as_str() else {
            diag.error(
                &field.pointer,
                "x-body-field must name a property of the request body",
                "write x-body-field: order_id",
            );
            continue;
        };
        if parameter.location != ir::ParameterLocation::Path {
            diag.error(
                &field.pointer,
                format!(
                    "x-body-field is read on path parameters only, and `{}` is not one",
                    parameter.wire_name
                ),
                "move it to the path parameter that names the same thing as the body property",
            );
            continue;
        }
        let body = op.body.as_ref().filter(|body| {
            matches!(
                body.format,
                ir::BodyFormat::Json | ir::BodyFormat::Xml | ir::BodyFormat::Form
            )
        });
        let Some(body) = body else {
            // A parameter shared by the path's operations names a property of the bodies of
            // those that have one.
            if !field.shared {
                diag.error(
                    &field.pointer,
                    format!("x-body-field: {where_} has no JSON, XML or form request body"),
                    "give the operation an object body, or remove x-body-field",
                );
            }
            continue;
        };
        let Some((id, body_struct)) = object(types, &body.shape) else {
            diag.error(
                &field.pointer,
                format!("x-body-field: the request body of {where_} is not an object"),
                "give the operation an object body, or remove x-body-field",
            );
            continue;
        };
        let type_name = &types[id.0].name;
        let fields = &body_struct.fields;
        let Some(property) = fields.iter().find(|f| f.wire_name == wire) else {
            let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
            diag.error(
                &field.pointer,
                format!("x-body-field: {type_name}, the request body of {where_}, has no property `{wire}`"),
                format!("name one of its properties: {}", names.join(", ")),
            );
            continue;
        };
        let why_not = match property.presence() {
            ir::Presence::Required => None,
            _ if property.access == ir::Access::ReadOnly => {
                Some("is read-only, so a request never carries it")
            }
            _ if property.access == ir::Access::WriteOnly => {
                Some("is write-only in a type that responses carry too, so it is optional")
            }
            ir::Presence::Optional | ir::Presence::Defaulted => {
                Some("is optional, so a request might not carry it")
            }
            ir::Presence::RequiredNullable | ir::Presence::OptionalNullable => {
                Some("is nullable, so a request might carry null")
            }
        };
        if let Some(why_not) = why_not {
            diag.error(
                &field.pointer,
                format!("x-body-field: `{wire}` of {type_name} {why_not}"),
                "name a required, non-nullable property",
            );
            continue;
        }
        let in_path = resolve_alias(types, &parameter.shape);
        let in_body = resolve_alias(types, &property.shape);
        if in_path.ty != in_body.ty {
            diag.error(
                &field.pointer,
                format!(
                    "x-body-field: the path parameter `{}` is {}, but `{wire}` of {type_name} is {}",
                    parameter.wire_name,
                    describe(types, &in_path.ty),
                    describe(types, &in_body.ty)
                ),
                "give the parameter and the property the same type and format",
            );
            continue;
        }
        if !matches!(
            in_path.ty,
            Type::String | Type::I32 | Type::I64 | Type::Uuid
        ) {
            diag.error(
                &field.pointer,
                format!(
                    "x-body-field compares strings, integers and UUIDs, and `{}` is {}",
                    parameter.wire_name,
                    describe(types, &in_path.ty)
                ),
                "remove x-body-field from this parameter",
            );
            continue;
        }
        let body_field = ir::BodyField {
            wire_name: property.wire_name.clone(),
            rust_field: property.name.clone(),
            // A string is compared through a reference; integers and UUIDs are `Copy`.
            borrow: in_body.ty == Type::String,
        };
        operations[field.operation].parameters[field.parameter].body_field = Some(body_field);
    }
}

/// The request types a `PUT` sends that can be built from what the `GET` of the same path
/// returns: both objects, and every property of the request also a property of the returned
/// type with the same wire name and type. Once per pair of types, for the first such path.
pub(super) fn find_read_backs(
    types: &[ir::TypeDef],
    operations: &[ir::Operation],
) -> Vec<ir::ReadBack> {
    // The GET of each path that returns one JSON shape.
    let gets: HashMap<&str, &ir::Operation> = operations
        .iter()
        .filter(|op| {
            op.method == ir::Method::Get
                && op.success.format == ir::BodyFormat::Json
                && op.success.by_status.is_none()
        })
        .map(|op| (op.path.as_str(), op))
        .collect();
    let mut found: Vec<ir::ReadBack> = Vec::new();
    for put in operations.iter().filter(|op| op.method == ir::Method::Put) {
        let Some(body) = put
            .body
            .as_ref()
            .filter(|body| body.format == ir::BodyFormat::Json)
        else {
            continue;
        };
        let get = gets.get(put.path.as_str()).copied();
        let (Some((request, request_struct)), Some((get, Some((current, current_struct))))) = (
            object(types, &body.shape),
            get.map(|get| {
                let current = get.success.shape.as_ref();
                (get, current.and_then(|shape| object(types, shape)))
            }),
        ) else {
            continue;
        };
        if request == current {
            continue;
        }
        if let Some(known) = found
            .iter_mut()
            .find(|r| r.request == request && r.current == current)
        {
            known.also.push((get.name.clone(), put.name.clone()));
            continue;
        }
        let fields: Option<Vec<ir::ReadBackField>> = request_struct
            .fields
            .iter()
            .map(|field| {
                let from = current_struct.fields.iter().find(|f| {
                    f.wire_name == field.wire_name
                        && f.shape.ty == field.shape.ty
                        && f.boxed == field.boxed
                })?;
                // A write-only property never comes back: a request that requires one could
                // never be built from what was read.
                let required = matches!(
                    field.presence(),
                    ir::Presence::Required | ir::Presence::RequiredNullable
                );
                if required && from.access == ir::Access::WriteOnly {
                    return None;
                }
                Some(ir::ReadBackField {
                    wire_name: field.wire_name.clone(),
                    request_field: field.name.clone(),
                    request: field.presence(),
                    current_field: from.name.clone(),
                    current: from.presence(),
                    shape: field.shape.clone(),
                })
            })
            .collect();
        let unknown = match (&request_struct.additional, &current_struct.additional) {
            (Additional::Dropped, _) => None,
            (Additional::KeepUnknown { field }, Additional::KeepUnknown { field: from }) => {
                Some((field.clone(), Some(from.clone())))
            }
            // Properties kept in a typed map are not the unknown ones of the request: rather no
            // conversion than one that drops them.
            (Additional::KeepUnknown { .. }, Additional::Typed { .. }) => continue,
            (Additional::KeepUnknown { field }, Additional::Dropped) => Some((field.clone(), None)),
            // A typed map would have to come from one of the same type.
            (Additional::Typed { .. }, _) => continue,
        };
        let Some(fields) = fields else {
            continue;
        };
        found.push(ir::ReadBack {
            request,
            current,
            get: get.name.clone(),
            put: put.name.clone(),
            fields,
            unknown,
            also: Vec::new(),
        });
    }
    found
}

/// A type as a diagnostic names it: "a string", "a 64-bit integer", "Order".
fn describe(types: &[ir::TypeDef], ty: &Type) -> String {
    match ty {
        Type::Named(id) => types[id.0].name.clone(),
        Type::String => "a string".to_owned(),
        Type::Bool => "a boolean".to_owned(),
        Type::I32 => "a 32-bit integer".to_owned(),
        Type::I64 => "a 64-bit integer".to_owned(),
        Type::F32 | Type::F64 => "a floating-point number".to_owned(),
        Type::Decimal => "a decimal".to_owned(),
        Type::Date => "a date".to_owned(),
        Type::DateTime => "a date-time".to_owned(),
        Type::Uuid => "a UUID".to_owned(),
        Type::VendorDate(_) => "a date in a vendor layout".to_owned(),
        Type::Scalar(scalar) => format!("a `{}`", scalar.rust()),
        Type::Json => "any JSON value".to_owned(),
        Type::Array(_) => "an array".to_owned(),
        Type::Map(_) => "a map".to_owned(),
        Type::Option(_) => "a nullable value".to_owned(),
    }
}
