//! `lower`: interprets the document model ([`crate::doc`]) once and produces the checked
//! [`ir::Api`]. Every question about the spec (names, nullability, formats, constraints, what is
//! unsupported) is answered here; nothing after this step looks at the document.

mod enums;
mod kind;
mod literal;
mod normalize;
mod object;
mod operation;
mod pairs;
mod schema;
mod xml;

use std::collections::{BTreeSet, HashMap};

use crate::diag::{pointer_join, Diagnostics};
use crate::doc::{ApiKeyIn, Document, RefOr, SecuritySchemeKind, Target};
use crate::ir::{self, Additional, Api, Shape, Type, TypeId, TypeKind};
use crate::names::{self, Scope};

pub use normalize::normalize;

/// Lowers `spec` into the IR of module `module`; problems go to `diag`.
pub fn lower(spec: &Document, module: &str, source: &str, diag: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer {
        spec,
        diag,
        lowered_refs: HashMap::new(),
        ref_depth: 0,
        merged_all_of: HashMap::new(),
        merging: Vec::new(),
        slots: Vec::new(),
        components: HashMap::new(),
        type_names: Scope::with_reserved(names::reserved::TYPES),
        pending_names: HashMap::new(),
        deferred_defaults: Vec::new(),
        body_fields: Vec::new(),
        warned_formats: std::collections::HashSet::new(),
        titled: HashMap::new(),
    };
    lowerer.report_webhooks();
    lowerer.register_components();
    lowerer.lower_components();
    let servers = lowerer.lower_servers();
    let mut operations = lowerer.lower_operations(&servers);
    share_error_enums(&mut operations);
    lowerer.settle_deferred_defaults();
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
    box_large_branches(&mut types);
    box_large_response_variants(&types, &mut operations);
    pairs::settle_body_fields(&types, &mut operations, body_fields, diag);
    mark_validated(&mut types);
    let read_backs = pairs::find_read_backs(&types, &operations);
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
    spec: &'a Document,
    diag: &'a mut Diagnostics,
    /// Schemas written in place that a `$ref` names, by pointer: lowered once, where they are
    /// written (`None` while being lowered, so a schema that contains a `$ref` to itself is
    /// found).
    lowered_refs: HashMap<String, Option<schema::Lowered>>,
    /// How many such `$ref`s are being followed, one inside the other.
    ref_depth: usize,
    /// Schemas written in place with a `title` that became types, by title: a schema equal to
    /// one of them (the same title, the same keywords) is that type, not a copy of it
    /// (`ReportResult` returned by three operations is one type, not `ReportResult2`, `3`).
    titled: HashMap<String, Vec<(crate::doc::Schema, ir::TypeId)>>,
    /// The object each `allOf` schema describes, by pointer, once merged.
    merged_all_of: HashMap<String, Option<kind::Object<'static>>>,
    /// The `allOf` schemas being merged, one inside the other.
    merging: Vec<String>,
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
    body_fields: Vec<pairs::PendingBodyField>,
    /// The unknown-format warnings given so far (each is given once).
    warned_formats: std::collections::HashSet<String>,
}

/// A `default` on a field whose type is a named schema (an enum, or an alias of a scalar).
struct DeferredDefault {
    owner: TypeId,
    field: usize,
    /// The field's type, which names another schema.
    ty: Type,
    value: serde_json::Value,
    pointer: String,
}

impl Lowerer<'_> {
    /// Names every component schema first, in spec order, so a component keeps its own name
    /// and inline types that would collide with it get the suffix instead.
    fn register_components(&mut self) {
        let spec = self.spec;
        for name in spec.components.schemas.keys() {
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
        for (name, schema) in &spec.components.schemas {
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
            let literal = self.literal(&deferred.value, &deferred.ty, &deferred.pointer);
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

    /// 3.1's webhooks are requests the API sends, not ones a client makes: none is generated,
    /// and the user is told which.
    fn report_webhooks(&mut self) {
        let spec = self.spec;
        if spec.webhooks.is_empty() {
            return;
        }
        let names: Vec<String> = spec.webhooks.keys().map(|k| format!("`{k}`")).collect();
        self.diag.warning(
            "#/webhooks",
            format!(
                "webhooks are not generated: {} (the component schemas they use are)",
                names.join(", ")
            ),
            "decode a webhook's payload with the generated type its schema names",
        );
    }

    /// The security schemes the client builder offers a method for.
    fn lower_auth(&mut self) -> Vec<ir::AuthScheme> {
        let spec = self.spec;
        let components = &spec.components;
        // Required when some global requirement exists and none of them is the empty `{}`.
        let required = spec
            .security
            .as_ref()
            .is_some_and(|reqs| !reqs.is_empty() && reqs.iter().all(|r| !r.is_empty()));
        let mut methods = Scope::with_reserved(names::reserved::BUILDER_METHODS);
        let mut out = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let pointer = pointer_join("#/components/securitySchemes", name);
            let RefOr::Item(scheme) = scheme else {
                self.diag.error(
                    &pointer,
                    "a security scheme given by $ref is not supported",
                    "write it in place",
                );
                continue;
            };
            let description = &scheme.description;
            let method = methods.claim(names::field_name(name));
            let kind = match &scheme.kind {
                SecuritySchemeKind::ApiKey { location, name } => match location {
                    ApiKeyIn::Header => ir::AuthKind::ApiKeyHeader {
                        header: name.clone(),
                    },
                    ApiKeyIn::Query => ir::AuthKind::ApiKeyQuery { name: name.clone() },
                    ApiKeyIn::Cookie => ir::AuthKind::ApiKeyCookie { name: name.clone() },
                },
                SecuritySchemeKind::Http {
                    scheme: http_scheme,
                    ..
                } if http_scheme.eq_ignore_ascii_case("basic") => ir::AuthKind::Basic,
                SecuritySchemeKind::Http {
                    scheme: http_scheme,
                    ..
                } => {
                    if !http_scheme.eq_ignore_ascii_case("bearer") {
                        self.diag.warning(
                            &pointer_join(&pointer, "scheme"),
                            format!("HTTP scheme `{http_scheme}` has no credential of its own: the builder method sends `Authorization: Bearer <token>`"),
                            "use basic or bearer, or set the header yourself with ClientBuilder::secret_header",
                        );
                    }
                    ir::AuthKind::Bearer { discovery: None }
                }
                SecuritySchemeKind::OpenIdConnect { url } => ir::AuthKind::Bearer {
                    discovery: Some(url.clone()),
                },
                SecuritySchemeKind::OAuth2 => ir::AuthKind::OAuth2 {
                    flows: self.oauth_flows(&method, &scheme.extra, &pointer, &mut methods),
                },
                SecuritySchemeKind::MutualTls => {
                    self.diag.warning(
                        &pointer,
                        "mutual TLS has no builder method: the client certificate belongs to the `reqwest::Client`",
                        "pass a reqwest::Client with its identity to ClientBuilder::reqwest_client",
                    );
                    continue;
                }
            };
            out.push(ir::AuthScheme {
                method,
                scheme: name.clone(),
                description: description.clone(),
                kind,
                required,
            });
        }
        out
    }

    /// The OAuth2 flows the client runs itself (client credentials, password), each with a
    /// builder method named after the scheme's.
    fn oauth_flows(
        &mut self,
        method: &str,
        extra: &crate::doc::Extra,
        pointer: &str,
        methods: &mut Scope,
    ) -> Vec<ir::OAuthFlow> {
        let mut out = Vec::new();
        let Some(flows) = extra.get("flows").and_then(serde_json::Value::as_object) else {
            return out;
        };
        for (key, kind, suffix) in [
            (
                "clientCredentials",
                ir::OAuthFlowKind::ClientCredentials,
                "client_credentials",
            ),
            ("password", ir::OAuthFlowKind::Password, "password"),
        ] {
            let Some(flow) = flows.get(key) else {
                continue;
            };
            let Some(token_url) = flow.get("tokenUrl").and_then(serde_json::Value::as_str) else {
                self.diag.error(
                    &pointer_join(&pointer_join(pointer, "flows"), key),
                    format!("the OAuth2 flow `{key}` has no `tokenUrl`"),
                    "add the URL tokens are fetched from",
                );
                continue;
            };
            let scopes = flow
                .get("scopes")
                .and_then(serde_json::Value::as_object)
                .map(|scopes| scopes.keys().cloned().collect())
                .unwrap_or_default();
            out.push(ir::OAuthFlow {
                kind,
                method: methods.claim(format!("{method}_{suffix}")),
                token_url: token_url.to_owned(),
                scopes,
            });
        }
        out
    }

    /// The security alternatives of an operation: its own `security`, else the document's;
    /// `None` when neither says.
    fn operation_security(
        &mut self,
        operation: &crate::doc::Operation,
        pointer: &str,
    ) -> Option<Vec<Vec<String>>> {
        let spec = self.spec;
        let (requirements, at) = match &operation.security {
            Some(requirements) => (requirements, pointer_join(pointer, "security")),
            None => (spec.security.as_ref()?, "#/security".to_owned()),
        };
        let mut out = Vec::new();
        'alternatives: for (i, requirement) in requirements.iter().enumerate() {
            let mut schemes = Vec::new();
            for name in requirement.keys() {
                match spec.components.security_schemes.get(name) {
                    None => {
                        // No credential can be set for it: this alternative can never be sent.
                        self.diag.warning(
                            &pointer_join(&at, &i.to_string()),
                            format!("security scheme `{name}` is not declared; this alternative of the requirement is left out (set its credential as a header of your own)"),
                            "declare it under components/securitySchemes",
                        );
                        continue 'alternatives;
                    }
                    // Mutual TLS is the connection's (the `reqwest::Client`'s identity), not a
                    // credential the request carries.
                    Some(RefOr::Item(scheme))
                        if matches!(scheme.kind, SecuritySchemeKind::MutualTls) => {}
                    Some(_) => schemes.push(name.clone()),
                }
            }
            out.push(schemes);
        }
        // The runtime sends the first alternative it has every credential of: `{}` (none
        // needed) goes last, so that an optional credential is sent when the client has it.
        out.sort_by_key(Vec::is_empty);
        Some(out)
    }

    fn lower_servers(&mut self) -> Vec<ir::Server> {
        self.spec
            .servers
            .iter()
            .map(|server| {
                let mut parameters = Scope::with_reserved(names::reserved::METHOD_LOCALS);
                let variables: Vec<ir::ServerVariable> = server
                    .variables
                    .iter()
                    .flatten()
                    .map(|(name, variable)| ir::ServerVariable {
                        name: name.clone(),
                        parameter: parameters.claim(names::field_name(name)),
                        default: variable.default.clone(),
                        description: variable.description.clone(),
                        allowed: variable.enumeration.clone(),
                    })
                    .collect();
                let parameters: Vec<String> =
                    variables.iter().map(|v| v.parameter.clone()).collect();
                ir::Server {
                    url: server.url.clone(),
                    description: server.description.clone(),
                    builder: (!variables.is_empty())
                        .then(|| names::server_builder_name(&parameters)),
                    variables,
                }
            })
            .collect()
    }
}

impl<'a> Lowerer<'a> {
    /// The object written at `pointer`, or the one its `$ref` leads to (a `what`, normally
    /// kept under `home`), with the pointer where it is written; `None` with the problem
    /// recorded at the `$ref`.
    fn follow<T: Target>(
        &mut self,
        written: &'a RefOr<T>,
        pointer: &str,
        what: &str,
        home: &str,
    ) -> Option<(&'a T, String)> {
        match written {
            RefOr::Item(item) => Some((item, pointer.to_owned())),
            RefOr::Ref(reference) => match self.spec.resolve::<T>(&reference.target) {
                Ok(found) => Some(found),
                Err(err) => {
                    let (message, hint) = err.explain(&reference.target, what, home);
                    self.diag
                        .error(&pointer_join(pointer, "$ref"), message, hint);
                    None
                }
            },
        }
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

/// How much larger than the next largest a union's branch may be before it is boxed: a value of
/// the union takes the room of its largest branch, and clippy's `large_enum_variant` asks for a
/// box from 200 bytes on. The sizes are estimates (padding and niches are not counted), so the
/// line is drawn well below clippy's: at 200, DigitalOcean's database configs were left unboxed
/// and clippy refused them.
const LARGE_BRANCH_BYTES: usize = 96;

/// Boxes the largest branch of a union while it is at least [`LARGE_BRANCH_BYTES`] larger than
/// the next one (e.g. an `Order` of fifty fields beside an empty acknowledgement), so that every
/// value of the union is not as large as its largest branch. Sizes are a lower bound of the
/// Rust layout ([`inline_size`]); serde reads and writes a `Box<T>` as the `T`.
fn box_large_branches(types: &mut [ir::TypeDef]) {
    let mut memo = HashMap::new();
    for id in 0..types.len() {
        let TypeKind::Untagged(union) = &types[id].kind else {
            continue;
        };
        let sizes: Vec<usize> = union
            .variants
            .iter()
            .map(|v| held_size(types, &v.shape, v.boxed, &mut BTreeSet::new(), &mut memo))
            .collect();
        let to_box = variants_to_box(sizes);
        if let TypeKind::Untagged(union) = &mut types[id].kind {
            for index in to_box {
                union.variants[index].boxed = true;
            }
        }
    }
}

/// Boxes the bodies of success and error enum variants that are far larger than the others,
/// as [`box_large_branches`] does for unions.
fn box_large_response_variants(types: &[ir::TypeDef], operations: &mut [ir::Operation]) {
    let mut memo = HashMap::new();
    let mut size = |shape: Option<&Shape>, format: ir::BodyFormat| match (shape, format) {
        (None, _) => 0,
        (Some(shape), ir::BodyFormat::Json | ir::BodyFormat::Xml) => {
            inline_size(types, shape, &mut BTreeSet::new(), &mut memo)
        }
        // A `String`, or `Bytes`.
        (Some(_), ir::BodyFormat::Text) => 24,
        (Some(_), _) => 32,
    };
    for op in operations.iter_mut() {
        if let Some(by_status) = &mut op.success.by_status {
            let sizes = by_status
                .variants
                .iter()
                .map(|v| size(v.shape.as_ref(), v.format))
                .collect();
            for index in variants_to_box(sizes) {
                by_status.variants[index].boxed = true;
            }
        }
        if let Some(errors) = &mut op.errors {
            let sizes = errors
                .variants
                .iter()
                .map(|v| size(Some(&v.shape), v.format))
                .collect();
            for index in variants_to_box(sizes) {
                errors.variants[index].boxed = true;
            }
        }
    }
}

/// Which of variants of these sizes to box: the largest, while it is at least
/// [`LARGE_BRANCH_BYTES`] larger than the next.
fn variants_to_box(mut sizes: Vec<usize>) -> Vec<usize> {
    let mut to_box = Vec::new();
    while sizes.len() > 1 {
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        order.sort_by(|a, b| sizes[*b].cmp(&sizes[*a]));
        let (largest, next) = (order[0], order[1]);
        if sizes[largest] < sizes[next] + LARGE_BRANCH_BYTES {
            break;
        }
        to_box.push(largest);
        sizes[largest] = POINTER_BYTES;
    }
    to_box
}

const POINTER_BYTES: usize = 8;

/// What a value of `shape` takes where it is held: a pointer when `boxed`, else its
/// [`inline_size`].
fn held_size(
    types: &[ir::TypeDef],
    shape: &Shape,
    boxed: bool,
    seen: &mut BTreeSet<TypeId>,
    memo: &mut HashMap<TypeId, usize>,
) -> usize {
    if boxed {
        POINTER_BYTES
    } else {
        inline_size(types, shape, seen, memo)
    }
}

/// An estimate of the bytes a value of `shape` takes inline (64-bit layout; tags counted a
/// word each, padding left out); `seen` stops at types already being measured, which recursion
/// boxes anyway; `memo` keeps each named type's size once measured.
fn inline_size(
    types: &[ir::TypeDef],
    shape: &Shape,
    seen: &mut BTreeSet<TypeId>,
    memo: &mut HashMap<TypeId, usize>,
) -> usize {
    match &shape.ty {
        Type::Bool => 1,
        Type::I32 | Type::F32 | Type::Date => 4,
        Type::I64 | Type::F64 => 8,
        Type::VendorDate(_) => 12,
        Type::Scalar(scalar) => scalar.size(),
        Type::Decimal | Type::Uuid | Type::DateTime => 16,
        Type::String | Type::Array(_) | Type::Map(_) => 24,
        Type::Json => 32,
        Type::Option(inner) => inline_size(types, inner, seen, memo) + POINTER_BYTES,
        Type::Named(id) => {
            if let Some(size) = memo.get(id) {
                return *size;
            }
            if !seen.insert(*id) {
                return POINTER_BYTES;
            }
            let size = match &types[id.0].kind {
                TypeKind::Struct(s) => {
                    // A field that may be absent or null is an `Option` or a `Nullable`, whose
                    // tag takes a word unless the value leaves it a niche (counted for all, so
                    // the estimate errs towards boxing, which costs little).
                    let fields: usize = s
                        .fields
                        .iter()
                        .map(|f| {
                            let tag = match f.presence() {
                                ir::Presence::Required | ir::Presence::Defaulted => 0,
                                _ => POINTER_BYTES,
                            };
                            held_size(types, &f.shape, f.boxed, seen, memo) + tag
                        })
                        .sum();
                    let kept = match s.additional {
                        ir::Additional::Dropped => 0,
                        _ => 24,
                    };
                    fields + kept
                }
                // Open enums keep an unknown value: a `String` or an `i64` beside the tag.
                TypeKind::Enum(e) => match e.repr {
                    ir::EnumRepr::String => 24,
                    ir::EnumRepr::Integer => 16,
                },
                TypeKind::Untagged(u) => u
                    .variants
                    .iter()
                    .map(|v| held_size(types, &v.shape, v.boxed, seen, memo))
                    .max()
                    .unwrap_or(0),
                TypeKind::Alias(inner) => inline_size(types, inner, seen, memo),
            };
            seen.remove(id);
            memo.insert(*id, size);
            size
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
            body.shape.collect_named(&mut request);
            for shape in body.part_shapes() {
                shape.collect_named(&mut request);
            }
        }
        for parameter in &operation.parameters {
            parameter.shape.collect_named(&mut request);
        }
        for shape in operation.responses.iter().filter_map(|r| r.shape.as_ref()) {
            shape.collect_named(&mut response);
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
        for shape in def.kind.inner_shapes() {
            shape.collect_named(&mut queue);
        }
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
                kind => kind
                    .inner_shapes()
                    .iter()
                    .any(|s| ir::shape_needs_checks(types, s)),
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
