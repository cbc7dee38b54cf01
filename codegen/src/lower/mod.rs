//! `lower`: interprets an `openapiv3::OpenAPI` once and produces the checked [`ir::Api`]. Every
//! question about the spec (names, nullability, formats, constraints, what is unsupported) is
//! answered here; nothing after this step looks at openapiv3.

mod operation;
mod schema;
mod xml;

use std::collections::{BTreeSet, HashMap};

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use crate::diag::{pointer_join, Diagnostics};
use crate::ir::{self, Additional, Api, Shape, Type, TypeId, TypeKind};
use crate::names::{self, Scope};

/// Lowers `spec` into the IR of module `module`; problems go to `diag`.
pub fn lower(spec: &OpenAPI, module: &str, source: &str, diag: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer {
        spec,
        diag,
        slots: Vec::new(),
        components: HashMap::new(),
        type_names: Scope::with_reserved(names::RESERVED_TYPE_NAMES),
        pending_names: HashMap::new(),
        deferred_defaults: Vec::new(),
        body_fields: Vec::new(),
    };
    lowerer.register_components();
    lowerer.lower_components();
    let mut operations = lowerer.lower_operations();
    share_error_enums(&mut operations);
    lowerer.settle_deferred_defaults();
    let servers = lowerer.lower_servers();
    let auth = lowerer.lower_auth();
    let body_fields = std::mem::take(&mut lowerer.body_fields);
    // Every slot is filled by now; should one not be, a placeholder keeps the ids in step
    // (generation has failed with an error in that case anyway).
    let mut types: Vec<ir::TypeDef> = lowerer
        .slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            slot.unwrap_or_else(|| ir::TypeDef {
                name: format!("Unresolved{i}"),
                pointer: "#".to_owned(),
                docs: ir::Docs::default(),
                usage: ir::Usage::default(),
                validated: false,
                deprecated: false,
                kind: TypeKind::Alias(Shape {
                    ty: Type::Json,
                    constraints: ir::Constraints::default(),
                }),
                xml: ir::TypeXml::default(),
            })
        })
        .collect();
    check_alias_cycles(&types, diag);
    box_recursion(&mut types);
    mark_usage(&mut types, &operations);
    xml::mark_xml_usage(&mut types, &operations, diag);
    settle_struct_details(&mut types);
    settle_body_fields(&types, &mut operations, body_fields, diag);
    mark_validated(&mut types);
    let read_backs = find_read_backs(&types, &operations);
    Api {
        module: module.to_owned(),
        source: source.to_owned(),
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        servers,
        types,
        operations,
        auth,
        read_backs,
    }
}

/// Operations that declare the same error responses (statuses, descriptions and shapes) share
/// the error enum of the first of them, in spec order; the others' enum names become aliases of
/// it, so every operation's error type is still named `{Operation}Error`.
fn share_error_enums(operations: &mut [ir::Operation]) {
    let mut firsts: Vec<(&[ir::ErrorVariant], String)> = Vec::new();
    let mut shared = Vec::with_capacity(operations.len());
    for op in operations.iter() {
        let Some(errors) = &op.errors else {
            shared.push(None);
            continue;
        };
        match firsts
            .iter()
            .find(|(variants, _)| *variants == errors.variants.as_slice())
        {
            Some((_, name)) => shared.push(Some(name.clone())),
            None => {
                firsts.push((&errors.variants, errors.name.clone()));
                shared.push(None);
            }
        }
    }
    for (op, same_as) in operations.iter_mut().zip(shared) {
        if let Some(errors) = &mut op.errors {
            errors.same_as = same_as;
        }
    }
}

struct Lowerer<'a> {
    spec: &'a OpenAPI,
    diag: &'a mut Diagnostics,
    /// One slot per type id; a slot is filled once its schema has been lowered.
    slots: Vec<Option<ir::TypeDef>>,
    /// `#/components/schemas/X` -> the id its type was given.
    components: HashMap<String, TypeId>,
    type_names: Scope,
    /// Names given to component ids before their schema is lowered.
    pending_names: HashMap<TypeId, String>,
    /// Defaults whose type is another schema, settled once every schema is lowered.
    deferred_defaults: Vec<DeferredDefault>,
    /// `x-body-field`s, checked once every type's fields are settled.
    body_fields: Vec<operation::PendingBodyField>,
}

/// A `default` on a field whose type is a named schema (an enum, or an alias of a scalar).
struct DeferredDefault {
    owner: TypeId,
    field: usize,
    target: TypeId,
    value: serde_json::Value,
    pointer: String,
}

impl Lowerer<'_> {
    /// Names every component schema first, in spec order, so a component keeps its own name
    /// and inline types that would collide with it get the suffix instead.
    fn register_components(&mut self) {
        let spec = self.spec;
        let Some(components) = &spec.components else {
            return;
        };
        for name in components.schemas.keys() {
            let pointer = pointer_join("#/components/schemas", name);
            let rust_name = self.type_names.claim(names::type_name(name));
            let id = TypeId(self.slots.len());
            self.slots.push(None);
            self.components.insert(pointer, id);
            self.pending_names.insert(id, rust_name);
        }
    }

    fn lower_components(&mut self) {
        let spec = self.spec;
        let Some(components) = &spec.components else {
            return;
        };
        for (name, schema) in &components.schemas {
            let pointer = pointer_join("#/components/schemas", name);
            let id = self.components[&pointer];
            let rust_name = self.pending_names.remove(&id).unwrap_or_default();
            let def = self.lower_component(id, rust_name, schema, &pointer);
            self.slots[id.0] = Some(def);
        }
    }

    /// Reserves a new type id with a fresh name derived from `wanted`.
    fn new_type(&mut self, wanted: &str) -> (TypeId, String) {
        let name = self.type_names.claim(names::type_name(wanted));
        let id = TypeId(self.slots.len());
        self.slots.push(None);
        (id, name)
    }

    fn settle_deferred_defaults(&mut self) {
        for deferred in std::mem::take(&mut self.deferred_defaults) {
            let literal = self.literal(
                &deferred.value,
                &Type::Named(deferred.target),
                &deferred.pointer,
            );
            if let Some(Some(ir::TypeDef {
                kind: TypeKind::Struct(s),
                ..
            })) = self.slots.get_mut(deferred.owner.0)
            {
                if let Some(field) = s.fields.get_mut(deferred.field) {
                    field.default = literal;
                }
            }
        }
    }

    /// The security schemes the client builder offers a method for.
    fn lower_auth(&mut self) -> Vec<ir::AuthScheme> {
        let spec = self.spec;
        let Some(components) = &spec.components else {
            return Vec::new();
        };
        // Required when some global requirement exists and none of them is the empty `{}`.
        let required = spec
            .security
            .as_ref()
            .is_some_and(|reqs| !reqs.is_empty() && reqs.iter().all(|r| !r.is_empty()));
        let mut methods = Scope::with_reserved(&[
            "new",
            "timeout",
            "retry_policy",
            "user_agent",
            "reqwest_client",
            "header",
            "secret_header",
            "build",
        ]);
        let mut out = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let pointer = pointer_join("#/components/securitySchemes", name);
            let ReferenceOr::Item(scheme) = scheme else {
                self.diag.error(
                    &pointer,
                    "a security scheme given by $ref is not supported",
                    "write it in place",
                );
                continue;
            };
            let (kind, description) = match scheme {
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: header,
                    description,
                    ..
                } => (
                    ir::AuthKind::ApiKeyHeader {
                        header: header.clone(),
                    },
                    description,
                ),
                SecurityScheme::HTTP {
                    scheme: http_scheme,
                    description,
                    ..
                } if http_scheme.eq_ignore_ascii_case("bearer") => {
                    (ir::AuthKind::Bearer, description)
                }
                _ => {
                    self.diag.error(
                        &pointer,
                        "only API keys in a header and HTTP bearer tokens are supported",
                        "describe the credential as an apiKey header (`in: header`)",
                    );
                    continue;
                }
            };
            out.push(ir::AuthScheme {
                method: methods.claim(names::field_name(name)),
                scheme: name.clone(),
                description: description.clone(),
                kind,
                required,
            });
        }
        out
    }

    fn lower_servers(&mut self) -> Vec<ir::Server> {
        self.spec
            .servers
            .iter()
            .map(|server| ir::Server {
                url: server.url.clone(),
                description: server.description.clone(),
                variables: server
                    .variables
                    .iter()
                    .flatten()
                    .map(|(name, variable)| ir::ServerVariable {
                        name: name.clone(),
                        default: variable.default.clone(),
                        description: variable.description.clone(),
                        allowed: variable.enumeration.clone(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// `type A = B; type B = A;` and `type Tree = Vec<Tree>;` cannot compile, and a union one of
/// whose branches is the union itself can never be decoded: report each.
fn check_alias_cycles(types: &[ir::TypeDef], diag: &mut Diagnostics) {
    for (start, def) in types.iter().enumerate() {
        let start = TypeId(start);
        match &def.kind {
            TypeKind::Alias(shape) if reaches_through_aliases(types, shape, start, true) => {
                diag.error(
                    &def.pointer,
                    format!(
                        "`{}` is a $ref cycle: it refers back to itself through aliases",
                        def.name
                    ),
                    "make one schema of the cycle an object (a recursive object is supported)",
                );
            }
            TypeKind::Untagged(u) => {
                // With a discriminator the tag chooses, so shapes cannot shadow each other.
                let last = if u.discriminator.is_some() {
                    0
                } else {
                    u.variants.len().saturating_sub(1)
                };
                for (i, variant) in u.variants.iter().enumerate().take(last) {
                    if let Type::Named(id) = &variant.shape.ty {
                        if let TypeKind::Struct(s) = &types[id.0].kind {
                            if s.fields.iter().all(|f| !f.required) {
                                diag.warning(
                                    &def.pointer,
                                    format!(
                                        "branch {i} of `{}` has no required property, so it accepts every object and the branches after it are never chosen",
                                        def.name
                                    ),
                                    "put branches with required properties first, or mark what tells them apart as required",
                                );
                            }
                        }
                    }
                }
                for (i, variant) in u.variants.iter().enumerate() {
                    if reaches_through_aliases(types, &variant.shape, start, false) {
                        diag.error(
                            &def.pointer,
                            format!("branch {i} of `{}` is the union itself", def.name),
                            "remove the branch; a union cannot contain itself",
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether `shape` is `target` through aliases and `Option` (and, with `containers`, through
/// arrays and maps too), without passing through a struct or union of its own.
fn reaches_through_aliases(
    types: &[ir::TypeDef],
    shape: &Shape,
    target: TypeId,
    containers: bool,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![shape];
    while let Some(shape) = stack.pop() {
        match &shape.ty {
            Type::Named(id) if *id == target => return true,
            Type::Named(id) if seen.insert(*id) => {
                if let TypeKind::Alias(inner) = &types[id.0].kind {
                    stack.push(inner);
                }
            }
            Type::Option(inner) => stack.push(inner),
            Type::Array(inner) | Type::Map(inner) if containers => stack.push(inner),
            _ => {}
        }
    }
    false
}

/// A struct or union that contains itself by value has no size: every field or branch whose
/// type leads back to its own container (not through a `Vec` or map) is boxed.
fn box_recursion(types: &mut [ir::TypeDef]) {
    for id in 0..types.len() {
        let own = TypeId(id);
        let boxed: Vec<bool> = match &types[id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| contains_by_value(types, &f.shape, own))
                .collect(),
            TypeKind::Untagged(u) => u
                .variants
                .iter()
                .map(|v| contains_by_value(types, &v.shape, own))
                .collect(),
            _ => continue,
        };
        match &mut types[id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .zip(&boxed)
                .for_each(|(f, b)| f.boxed = *b),
            TypeKind::Untagged(u) => u
                .variants
                .iter_mut()
                .zip(&boxed)
                .for_each(|(v, b)| v.boxed = *b),
            _ => {}
        }
    }
}

/// Whether a value of `shape` holds a `target` inline (through structs, unions, aliases and
/// `Option`, but not through the heap allocation of a `Vec` or map).
fn contains_by_value(types: &[ir::TypeDef], shape: &Shape, target: TypeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![shape];
    while let Some(shape) = stack.pop() {
        match &shape.ty {
            Type::Option(inner) => stack.push(inner),
            Type::Named(id) if *id == target => return true,
            Type::Named(id) if seen.insert(*id) => match &types[id.0].kind {
                TypeKind::Struct(s) => {
                    stack.extend(s.fields.iter().filter(|f| !f.boxed).map(|f| &f.shape))
                }
                TypeKind::Untagged(u) => {
                    stack.extend(u.variants.iter().filter(|v| !v.boxed).map(|v| &v.shape))
                }
                TypeKind::Alias(inner) => stack.push(inner),
                TypeKind::Enum(_) => {}
            },
            _ => {}
        }
    }
    false
}

/// Marks each type with where it is used, walking from operation bodies and responses.
fn mark_usage(types: &mut [ir::TypeDef], operations: &[ir::Operation]) {
    let mut request = Vec::new();
    let mut response = Vec::new();
    for operation in operations {
        if let Some(body) = &operation.body {
            collect_named(&body.shape, &mut request);
        }
        for parameter in &operation.parameters {
            collect_named(&parameter.shape, &mut request);
        }
        for shape in operation.responses.iter().filter_map(|r| r.shape.as_ref()) {
            collect_named(shape, &mut response);
        }
    }
    spread(types, request, |usage| &mut usage.request);
    spread(types, response, |usage| &mut usage.response);
    for def in types.iter_mut() {
        if def.usage == ir::Usage::default() {
            def.usage = ir::Usage {
                request: true,
                response: true,
            };
        }
    }
}

fn spread(
    types: &mut [ir::TypeDef],
    mut queue: Vec<TypeId>,
    flag: impl Fn(&mut ir::Usage) -> &mut bool,
) {
    while let Some(id) = queue.pop() {
        let def = &mut types[id.0];
        let mark = flag(&mut def.usage);
        if *mark {
            continue;
        }
        *mark = true;
        for shape in inner_shapes(&def.kind) {
            collect_named(shape, &mut queue);
        }
    }
}

fn inner_shapes(kind: &TypeKind) -> Vec<&Shape> {
    match kind {
        TypeKind::Struct(s) => {
            let mut shapes: Vec<&Shape> = s.fields.iter().map(|f| &f.shape).collect();
            if let Additional::Typed { value, .. } = &s.additional {
                shapes.push(value);
            }
            shapes
        }
        TypeKind::Enum(_) => Vec::new(),
        TypeKind::Untagged(u) => u.variants.iter().map(|v| &v.shape).collect(),
        TypeKind::Alias(shape) => vec![shape],
    }
}

fn collect_named(shape: &Shape, out: &mut Vec<TypeId>) {
    match &shape.ty {
        Type::Named(id) => out.push(*id),
        Type::Array(inner) | Type::Map(inner) | Type::Option(inner) => collect_named(inner, out),
        _ => {}
    }
}

/// Decisions that need usage: response-side structs keep unknown fields; only they apply
/// defaults (a request never sends a default the caller did not set).
fn settle_struct_details(types: &mut [ir::TypeDef]) {
    for def in types.iter_mut() {
        let usage = def.usage;
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        if usage.request {
            for field in &mut s.fields {
                field.default = None;
                // The server fills a read-only field: a request neither needs nor sends it.
                if field.access == ir::Access::ReadOnly {
                    field.required = false;
                }
            }
        }
        if usage.response {
            for field in &mut s.fields {
                // A write-only field never comes back: a response must read without it.
                if field.access == ir::Access::WriteOnly {
                    field.required = false;
                }
            }
        }
        if usage.response {
            if let Additional::KeepUnknown { field } = &mut s.additional {
                let mut scope = Scope::default();
                for f in &s.fields {
                    scope.claim(f.name.clone());
                }
                *field = scope.claim(field.clone());
            }
        } else if matches!(s.additional, Additional::KeepUnknown { .. }) {
            s.additional = Additional::Dropped;
        }
    }
}

/// Checks each `x-body-field` against the request body of its operation, now that the fields'
/// presence is final (`readOnly` properties are optional in requests), and records it on the
/// parameter.
fn settle_body_fields(
    types: &[ir::TypeDef],
    operations: &mut [ir::Operation],
    pending: Vec<operation::PendingBodyField>,
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
        let body = op
            .body
            .as_ref()
            .filter(|body| body.format != ir::BodyFormat::Text);
        let Some(body) = body else {
            // A parameter shared by the path's operations names a property of the bodies of
            // those that have one.
            if !field.shared {
                diag.error(
                    &field.pointer,
                    format!("x-body-field: {where_} has no JSON or XML request body"),
                    "give the operation an object body, or remove x-body-field",
                );
            }
            continue;
        };
        let body_shape = resolve_alias(types, &body.shape);
        let fields = match &body_shape.ty {
            Type::Named(id) => match &types[id.0].kind {
                TypeKind::Struct(s) => Some((&types[id.0].name, &s.fields)),
                _ => None,
            },
            _ => None,
        };
        let Some((type_name, fields)) = fields else {
            diag.error(
                &field.pointer,
                format!("x-body-field: the request body of {where_} is not an object"),
                "give the operation an object body, or remove x-body-field",
            );
            continue;
        };
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
fn find_read_backs(types: &[ir::TypeDef], operations: &[ir::Operation]) -> Vec<ir::ReadBack> {
    let object = |shape: &Shape| match resolve_alias(types, shape).ty {
        Type::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(s) => Some((id, s)),
            _ => None,
        },
        _ => None,
    };
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
            object(&body.shape),
            get.map(|get| (get, get.success.shape.as_ref().and_then(object))),
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

/// What an alias stands for, through any number of aliases (cycles have been refused).
fn resolve_alias<'t>(types: &'t [ir::TypeDef], shape: &'t Shape) -> &'t Shape {
    let mut shape = shape;
    for _ in 0..types.len() {
        match &shape.ty {
            Type::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(inner) => shape = inner,
                _ => return shape,
            },
            _ => return shape,
        }
    }
    shape
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
        Type::Json => "any JSON value".to_owned(),
        Type::Array(_) => "an array".to_owned(),
        Type::Map(_) => "a map".to_owned(),
        Type::Option(_) => "a nullable value".to_owned(),
    }
}

/// A type is validated when it is sent and it, or anything inside it, has a constraint or an
/// enum whose unknown values must not be sent.
fn mark_validated(types: &mut [ir::TypeDef]) {
    loop {
        let mut changed = false;
        for i in 0..types.len() {
            if types[i].validated || !types[i].usage.request {
                continue;
            }
            let needs = match &types[i].kind {
                TypeKind::Enum(_) => true,
                kind => inner_shapes(kind).iter().any(|s| shape_needs(types, s)),
            };
            if needs {
                types[i].validated = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

pub(crate) fn shape_needs(types: &[ir::TypeDef], shape: &Shape) -> bool {
    !shape.constraints.is_empty()
        || match &shape.ty {
            Type::Named(id) => types[id.0].validated,
            Type::Array(inner) | Type::Map(inner) | Type::Option(inner) => {
                shape_needs(types, inner)
            }
            _ => false,
        }
}
