//! Schemas -> shapes and named types.

use serde_json::Value;

use super::kind::{self, any_properties, is_empty_any, kind, type_name, Kind, Object};
use super::literal::decimal_literal;
use super::Lowerer;
use crate::diag::pointer_join;
use crate::doc::{AdditionalProperties, Schema};
use crate::ir::{
    self, Bound, Constraints, Docs, EnumRepr, EnumValue, Literal, Shape, Type, TypeDef, TypeId,
    TypeKind, VendorDate,
};

/// A schema position: a `$ref` (whose sibling keywords 3.0 ignores), or a schema written in
/// place.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a Schema> for SchemaRef<'a> {
    fn from(schema: &'a Schema) -> Self {
        match &schema.reference {
            Some(reference) => SchemaRef::Ref(reference),
            None => SchemaRef::Item(schema),
        }
    }
}

/// A lowered schema position: its shape, and whether `null` is allowed there.
#[derive(Clone)]
pub(super) struct Lowered {
    pub shape: Shape,
    pub nullable: bool,
}

impl Lowered {
    fn plain(ty: Type) -> Self {
        Lowered {
            shape: Shape {
                ty,
                constraints: Constraints::default(),
            },
            nullable: false,
        }
    }
}

const DATE_FORMAT: &str = "x-date-format";

impl Lowerer<'_> {
    /// Lowers the component schema named `name` into the type `id`.
    pub(super) fn lower_component(
        &mut self,
        id: TypeId,
        name: String,
        schema: &Schema,
        pointer: &str,
    ) -> TypeDef {
        let placeholder = |kind| TypeDef {
            name: name.clone(),
            pointer: pointer.to_owned(),
            docs: Docs::default(),
            usage: ir::Usage::default(),
            validated: false,
            deprecated: false,
            kind,
            xml: ir::TypeXml::default(),
        };
        // DataContract names an element after the type: the schema's own name.
        let schema_name = pointer
            .rsplit('/')
            .next()
            .unwrap_or(&name)
            .replace("~1", "/")
            .replace("~0", "~");
        if let Some(reference) = &schema.reference {
            let lowered = self.lower_ref(reference, pointer);
            return placeholder(TypeKind::Alias(lowered.shape));
        }
        if let Some(kind) = self.named_kind(id, &name, schema, pointer) {
            let mut def = placeholder(kind);
            def.docs = Self::docs(schema, &Constraints::default());
            def.deprecated = schema.deprecated;
            def.xml = self.type_xml(schema, pointer, &schema_name, true);
            return def;
        }
        let lowered = self.lower_inline(schema, pointer, &name);
        let mut def = placeholder(TypeKind::Alias(lowered.shape.clone()));
        def.docs = Self::docs(schema, &lowered.shape.constraints);
        def.xml = self.type_xml(schema, pointer, &schema_name, true);
        def
    }

    /// The kind of a schema that becomes a type of its own (object with properties, enum,
    /// `oneOf`), or `None` for one that is just a shape (scalar, array, map, `$ref`).
    fn named_kind(
        &mut self,
        id: TypeId,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Option<TypeKind> {
        let has_enum = schema.enumeration.as_ref().is_some_and(|e| !e.is_empty());
        match kind(schema) {
            Kind::Object if schema.properties.as_ref().is_some_and(|p| !p.is_empty()) => {
                Some(self.lower_struct(id, name, &Object::of(schema), schema, pointer))
            }
            Kind::String if has_enum => {
                let values = schema
                    .enumeration
                    .iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(|s| EnumValue::String(s.to_owned())))
                    .collect();
                Some(self.lower_enum(EnumRepr::String, values, schema, pointer))
            }
            Kind::Integer if has_enum => {
                let values = schema
                    .enumeration
                    .iter()
                    .flatten()
                    .filter_map(|v| v.as_i64().map(EnumValue::Integer))
                    .collect();
                Some(self.lower_enum(EnumRepr::Integer, values, schema, pointer))
            }
            Kind::OneOf | Kind::AnyOf if !is_nullable_wrapper(branches(schema)) => {
                Some(self.lower_untagged(name, schema, pointer))
            }
            Kind::AllOf if branches(schema).len() > 1 => {
                // On failure the errors are recorded; a placeholder keeps lowering going so
                // that every other problem is reported too.
                Some(match self.merged_all_of(schema, pointer, 0) {
                    Some(merged) => self.lower_struct(id, name, &merged, schema, pointer),
                    None => TypeKind::Alias(Shape {
                        ty: Type::Json,
                        constraints: Constraints::default(),
                    }),
                })
            }
            Kind::Any if any_properties(schema) > 0 => {
                if let Some(typ) = type_name(schema).filter(|t| t != "object") {
                    self.diag.error(
                        pointer,
                        format!("`type: {typ}` cannot have `properties`"),
                        "use `type: object`, or remove `properties`",
                    );
                }
                Some(self.lower_struct(id, name, &Object::of(schema), schema, pointer))
            }
            _ => None,
        }
    }

    /// Lowers a schema position met inside another schema, an operation or a parameter.
    /// Objects, enums and unions written in place become new named types, called after `hint`
    /// (or their `title`).
    pub(super) fn lower_shape(
        &mut self,
        schema: SchemaRef<'_>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            SchemaRef::Ref(reference) => self.lower_ref(reference, pointer),
            SchemaRef::Item(schema) => self.lower_inline(schema, pointer, hint),
        }
    }

    /// A `$ref` to a component is that component's type; a `$ref` to a schema anywhere else
    /// in the document (a property of another schema, a schema in a path, `$defs`) is that
    /// schema, lowered once where it is written.
    fn lower_ref(&mut self, reference: &str, pointer: &str) -> Lowered {
        let ref_pointer = pointer_join(pointer, "$ref");
        if self.ref_depth >= crate::doc::MAX_REF_CHAIN {
            self.diag.error(
                &ref_pointer,
                format!(
                    "$ref `{reference}` is the end of a chain of more than {} $refs between schemas written in place",
                    crate::doc::MAX_REF_CHAIN
                ),
                "name the schemas under components/schemas and refer to them there",
            );
            return Lowered::plain(Type::Json);
        }
        let spec = self.spec;
        let (schema, target) = match spec.resolve::<Schema>(reference) {
            Ok(found) => found,
            Err(err) => {
                let (message, hint) = err.explain(reference, "schema", "#/components/schemas");
                self.diag.error(&ref_pointer, message, hint);
                return Lowered::plain(Type::Json);
            }
        };
        if let Some(id) = self.components.get(&target) {
            // A component that is itself `nullable` makes every use of it nullable.
            let nullable = schema.reference.is_none() && schema.null;
            let mut lowered = Lowered::plain(Type::Named(*id));
            lowered.nullable = nullable;
            return lowered;
        }
        if let Some(done) = self.lowered_refs.get(&target) {
            return match done {
                Some(lowered) => lowered.clone(),
                None => {
                    self.diag.error(
                        &ref_pointer,
                        format!("$ref `{reference}` is part of the schema it refers to"),
                        "name the schema under components/schemas and refer to it there",
                    );
                    Lowered::plain(Type::Json)
                }
            };
        }
        self.lowered_refs.insert(target.clone(), None);
        let hint = target.rsplit('/').next().unwrap_or("Schema").to_owned();
        self.ref_depth += 1;
        let lowered = self.lower_shape(SchemaRef::from(schema), &target, &hint);
        self.ref_depth -= 1;
        self.lowered_refs.insert(target, Some(lowered.clone()));
        lowered
    }

    fn lower_inline(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Lowered {
        let wanted = schema.title.as_deref().unwrap_or(hint).to_owned();
        let has_enum = schema.enumeration.as_ref().is_some_and(|e| !e.is_empty());
        let mut lowered = match kind(schema) {
            Kind::String if !has_enum => self.lower_string(schema, pointer),
            Kind::Number => self.lower_number(schema, pointer),
            Kind::Integer if !has_enum => self.lower_integer(schema, pointer),
            Kind::Boolean => Lowered::plain(Type::Bool),
            Kind::Array => self.lower_array(schema, pointer, &wanted),
            Kind::Object if schema.properties.as_ref().is_none_or(|p| p.is_empty()) => {
                self.lower_map(schema.additional_properties.as_ref(), pointer, &wanted)
            }
            Kind::AllOf if branches(schema).len() == 1 => self.lower_shape(
                (&branches(schema)[0]).into(),
                &pointer_join(pointer, "allOf/0"),
                &wanted,
            ),
            kind @ (Kind::OneOf | Kind::AnyOf) if is_nullable_wrapper(branches(schema)) => {
                let all = branches(schema);
                let (index, branch) = all
                    .iter()
                    .enumerate()
                    .find(|(_, b)| !is_null_schema(b))
                    .unwrap_or((0, &all[0]));
                let keyword = if kind == Kind::OneOf {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let mut inner = self.lower_shape(
                    branch.into(),
                    &format!("{pointer}/{keyword}/{index}"),
                    &wanted,
                );
                inner.nullable = true;
                inner
            }
            Kind::Not => {
                self.diag.error(
                    pointer,
                    "`not` is not supported",
                    "describe the allowed values positively",
                );
                Lowered::plain(Type::Json)
            }
            Kind::Any if is_empty_any(schema) => Lowered::plain(Type::Json),
            // `type: 'null'` (3.1): only null, which any JSON value may be.
            Kind::Any if kind::is_null_only(schema) => Lowered::plain(Type::Json),
            Kind::Any if any_properties(schema) == 0 => {
                self.report_any(schema, pointer);
                Lowered::plain(Type::Json)
            }
            _ => self.lower_named_inline(schema, pointer, &wanted),
        };
        lowered.nullable |= schema.null;
        lowered
    }

    /// A schema written in place that becomes a type of its own.
    fn lower_named_inline(&mut self, schema: &Schema, pointer: &str, wanted: &str) -> Lowered {
        let (id, name) = self.new_type(wanted);
        let kind = match self.named_kind(id, &name, schema, pointer) {
            Some(kind) => kind,
            None => TypeKind::Alias(Shape {
                ty: Type::Json,
                constraints: Constraints::default(),
            }),
        };
        let docs = Self::docs(schema, &Constraints::default());
        let xml = self.type_xml(schema, pointer, &name, false);
        self.slots[id.0] = Some(TypeDef {
            name,
            pointer: pointer.to_owned(),
            docs,
            usage: ir::Usage::default(),
            validated: false,
            deprecated: schema.deprecated,
            kind,
            xml,
        });
        Lowered::plain(Type::Named(id))
    }

    fn lower_string(&mut self, string: &Schema, pointer: &str) -> Lowered {
        let constraints = Constraints {
            min_length: string.min_length,
            max_length: string.max_length,
            pattern: string.pattern.clone(),
            ..Constraints::default()
        };
        let vendor = match string.extensions.get(DATE_FORMAT) {
            None => None,
            Some(Value::String(layout)) => {
                let found = VendorDate::ALL.iter().find(|(name, _)| name == layout);
                if found.is_none() {
                    self.diag.error(
                        &pointer_join(pointer, DATE_FORMAT),
                        format!("unknown x-date-format {layout:?}"),
                        "use one of \"DD.MM.YYYY\", \"DD.MM.YYYY HH:MM:SS\", \"YYYY-MM-DD HH:MM:SS\"",
                    );
                }
                found.map(|(_, format)| *format)
            }
            Some(other) => {
                self.diag.error(
                    &pointer_join(pointer, DATE_FORMAT),
                    format!("x-date-format must be a string, found {other}"),
                    "write the layout as a string, e.g. \"DD.MM.YYYY\"",
                );
                None
            }
        };
        let ty = if let Some(vendor) = vendor {
            if string.format.is_some() {
                self.diag.error(
                    pointer,
                    "a schema cannot have both `format` and `x-date-format`",
                    "remove `format`; x-date-format says how the value is written",
                );
            }
            Type::VendorDate(vendor)
        } else {
            match string.format.as_deref() {
                None => Type::String,
                Some("date") => Type::Date,
                Some("date-time") => Type::DateTime,
                Some("uuid") => Type::Uuid,
                Some(format) if !is_known_text_format(format) => {
                    self.diag.warning(
                        &pointer_join(pointer, "format"),
                        format!("string format {format:?} is not known; the value is a String"),
                        "formats with a Rust type are date, date-time and uuid",
                    );
                    Type::String
                }
                _ => Type::String,
            }
        };
        Lowered {
            shape: Shape { ty, constraints },
            nullable: false,
        }
    }

    fn lower_number(&mut self, number: &Schema, pointer: &str) -> Lowered {
        let ty = match number.format.as_deref() {
            Some("float") => Type::F32,
            Some("double") | None => Type::F64,
            Some("decimal") => Type::Decimal,
            Some(format) => {
                self.diag.warning(
                    &pointer_join(pointer, "format"),
                    format!("number format {format:?} is not known; the value is an f64"),
                    "known number formats are float, double and decimal",
                );
                Type::F64
            }
        };
        if number.enumeration.as_ref().is_some_and(|e| !e.is_empty()) {
            self.diag.error(
                &pointer_join(pointer, "enum"),
                "an `enum` of numbers is not supported",
                "use an integer or string enum",
            );
        }
        let mut bound = |keyword: &str, value: Option<f64>, exclusive: bool| {
            let value = value?;
            let literal = match ty {
                Type::Decimal => decimal_literal(&value.to_string()),
                _ => Some(Literal::Float(value)),
            };
            if literal.is_none() {
                self.diag.error(
                    &pointer_join(pointer, keyword),
                    format!("{keyword} {value} does not fit a decimal (an i64 mantissa and at most 28 decimal places)"),
                    "use a bound a decimal can hold",
                );
            }
            Some(Bound {
                value: literal?,
                exclusive,
            })
        };
        let [minimum, maximum] = bounds(number);
        let constraints = Constraints {
            minimum: minimum
                .and_then(|(keyword, value, exclusive)| bound(keyword, value.as_f64(), exclusive)),
            maximum: maximum
                .and_then(|(keyword, value, exclusive)| bound(keyword, value.as_f64(), exclusive)),
            ..Constraints::default()
        };
        Lowered {
            shape: Shape { ty, constraints },
            nullable: false,
        }
    }

    fn lower_integer(&mut self, integer: &Schema, pointer: &str) -> Lowered {
        let ty = match integer.format.as_deref() {
            Some("int32") => Type::I32,
            Some("int64") | None => Type::I64,
            Some(format) => {
                self.diag.warning(
                    &pointer_join(pointer, "format"),
                    format!("integer format {format:?} is not known; the value is an i64"),
                    "known integer formats are int32 and int64",
                );
                Type::I64
            }
        };
        let mut bound = |keyword: &str, value: Option<i64>, exclusive: bool| {
            let value = value?;
            if ty == Type::I32 && i32::try_from(value).is_err() {
                self.diag.error(
                    &pointer_join(pointer, keyword),
                    format!("{keyword} {value} is out of range for `format: int32`"),
                    "use `format: int64`, or a bound an i32 can hold",
                );
                return None;
            }
            Some(Bound {
                value: Literal::Int(value),
                exclusive,
            })
        };
        let [minimum, maximum] = bounds(integer);
        let constraints = Constraints {
            minimum: minimum
                .and_then(|(keyword, value, exclusive)| bound(keyword, value.as_i64(), exclusive)),
            maximum: maximum
                .and_then(|(keyword, value, exclusive)| bound(keyword, value.as_i64(), exclusive)),
            ..Constraints::default()
        };
        Lowered {
            shape: Shape { ty, constraints },
            nullable: false,
        }
    }

    fn lower_array(&mut self, array: &Schema, pointer: &str, hint: &str) -> Lowered {
        if array.items.is_none() && array.prefix_items.is_some() {
            self.diag.error(
                &pointer_join(pointer, "prefixItems"),
                "an array of fixed positions (`prefixItems`) is not supported",
                "describe every item with one schema under `items`",
            );
            return Lowered::plain(Type::Json);
        }
        let Some(items) = array.items.as_deref() else {
            self.diag.error(
                pointer,
                "an array schema needs `items`",
                "say what the array holds, e.g. `items: {type: string}`",
            );
            return Lowered::plain(Type::Json);
        };
        let item = self.lower_shape(
            items.into(),
            &pointer_join(pointer, "items"),
            &format!("{hint} Item"),
        );
        let item = wrap_nullable(item);
        Lowered {
            shape: Shape {
                ty: Type::Array(Box::new(item)),
                constraints: Constraints {
                    min_items: array.min_items,
                    max_items: array.max_items,
                    ..Constraints::default()
                },
            },
            nullable: false,
        }
    }

    /// An object without properties: a map of its `additionalProperties` (any JSON value when
    /// the spec does not say, as the spec then allows any).
    fn lower_map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.lower_shape(
                    schema.as_ref().into(),
                    &pointer_join(pointer, "additionalProperties"),
                    &format!("{hint} Value"),
                );
                wrap_nullable(value)
            }
            _ => Shape {
                ty: Type::Json,
                constraints: Constraints::default(),
            },
        };
        Lowered::plain(Type::Map(Box::new(value)))
    }

    fn report_any(&mut self, any: &Schema, pointer: &str) {
        let typ = type_name(any);
        if any.enumeration.as_ref().is_some_and(|e| !e.is_empty()) {
            let typ = typ.as_deref().unwrap_or("(none)");
            self.diag.error(
                &pointer_join(pointer, "enum"),
                format!("the enum values do not match `type: {typ}`"),
                "make every enum value of the schema's type",
            );
        } else if any.types.as_ref().is_some_and(|t| t.len() > 1) {
            self.diag.error(
                &pointer_join(pointer, "type"),
                format!(
                    "a schema of several types (`{}`) is not supported",
                    typ.as_deref().unwrap_or("")
                ),
                "describe each type in a branch of `oneOf`",
            );
        } else if let Some(typ) = typ {
            if !["string", "number", "integer", "boolean", "array", "object"]
                .contains(&typ.as_ref())
            {
                self.diag.error(
                    &pointer_join(pointer, "type"),
                    format!("unknown type `{typ}`"),
                    "use string, number, integer, boolean, array or object",
                );
            } else {
                self.diag.error(
                    pointer,
                    format!("this `type: {typ}` schema mixes keywords that do not belong together"),
                    "keep only the keywords of its type",
                );
            }
        } else {
            self.diag.error(
                pointer,
                "this schema has keywords but no `type`",
                "add a `type`",
            );
        }
    }
}

/// The branches of a `oneOf`, `anyOf` or `allOf` schema.
pub(super) fn branches(schema: &Schema) -> &[Schema] {
    schema
        .one_of
        .as_deref()
        .or(schema.any_of.as_deref())
        .or(schema.all_of.as_deref())
        .unwrap_or(&[])
}

/// `oneOf: [X, {nullable: true}]`-style unions that only say "X or null".
pub(super) fn is_nullable_wrapper(branches: &[Schema]) -> bool {
    branches.len() == 2 && branches.iter().filter(|b| is_null_schema(b)).count() == 1
}

/// A branch that stands for `null`: `{nullable: true}`, `{type: "null"}`, or one whose only
/// assertion is `enum: [null]` (with or without `nullable: true`). The last is the form strict
/// OpenAPI 3.0.3 validators read as "only null": `nullable` means nothing without a `type`, so
/// `{nullable: true}` alone allows any value there.
fn is_null_schema(branch: &Schema) -> bool {
    if branch.reference.is_some() || kind(branch) != Kind::Any {
        return false;
    }
    if is_empty_any(branch) {
        return branch.null;
    }
    type_name(branch).as_deref() == Some("null") || is_only_null_enum(branch)
}

/// `enum: [null]` and no other assertion.
fn is_only_null_enum(schema: &Schema) -> bool {
    schema.enumeration.as_deref() == Some(&[Value::Null])
        && is_empty_any(&Schema {
            enumeration: None,
            ..schema.clone()
        })
}

/// The `minimum` and `maximum` of a numeric schema: keyword, value, and whether exclusive
/// (3.0's boolean form and 3.1's numeric one both read as a number with `exclusive`).
fn bounds(schema: &Schema) -> [Option<(&'static str, &serde_json::Number, bool)>; 2] {
    [
        bound_of(
            ("minimum", schema.minimum.as_ref()),
            ("exclusiveMinimum", schema.exclusive_minimum.as_ref()),
        ),
        bound_of(
            ("maximum", schema.maximum.as_ref()),
            ("exclusiveMaximum", schema.exclusive_maximum.as_ref()),
        ),
    ]
}

fn bound_of<'s>(
    (inclusive, inclusive_value): (&'static str, Option<&'s serde_json::Number>),
    (exclusive, exclusive_value): (&'static str, Option<&'s serde_json::Number>),
) -> Option<(&'static str, &'s serde_json::Number, bool)> {
    match (exclusive_value, inclusive_value) {
        (Some(value), _) => Some((exclusive, value, true)),
        (None, Some(value)) => Some((inclusive, value, false)),
        (None, None) => None,
    }
}

pub(super) fn wrap_nullable(lowered: Lowered) -> Shape {
    if lowered.nullable {
        Shape {
            ty: Type::Option(Box::new(lowered.shape)),
            constraints: Constraints::default(),
        }
    } else {
        lowered.shape
    }
}

fn is_known_text_format(format: &str) -> bool {
    [
        "email",
        "uri",
        "url",
        "hostname",
        "ipv4",
        "ipv6",
        "password",
        "byte",
        "binary",
        "uri-reference",
    ]
    .contains(&format)
}

pub(super) fn vendor_layout(ty: &Type) -> Option<&'static str> {
    let Type::VendorDate(vendor) = ty else {
        return None;
    };
    VendorDate::ALL
        .iter()
        .find(|(_, v)| v == vendor)
        .map(|(name, _)| *name)
}

/// The schema a reference names, following `$ref`s between schemas (a bounded number of
/// times, so a cycle ends).
pub(super) fn component_schema<'s>(
    spec: &'s crate::doc::Document,
    reference: &str,
) -> Option<&'s Schema> {
    schema_chain(spec, reference).map(|(schema, _)| schema)
}

/// [`component_schema`], with the pointer where the schema is written.
pub(super) fn schema_chain<'s>(
    spec: &'s crate::doc::Document,
    reference: &str,
) -> Option<(&'s Schema, String)> {
    let mut reference = reference;
    for _ in 0..32 {
        let (schema, at) = spec.resolve::<Schema>(reference).ok()?;
        match &schema.reference {
            None => return Some((schema, at)),
            Some(next) => reference = next,
        }
    }
    None
}
