//! Schemas -> shapes and named types.

use serde_json::Value;

use super::kind::{self, any_properties, is_empty_any, kind, type_name, Kind, Object};
use super::literal::decimal_literal;
use super::Lowerer;
use crate::diag::pointer_join;
use crate::doc::{AdditionalProperties, Schema};
use crate::ir::{
    self, Bound, Constraints, Docs, EnumRepr, EnumValue, Literal, Scalar, Shape, Type, TypeDef,
    TypeId, TypeKind, VendorDate,
};
use crate::names::{self, Scope};

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
            Kind::AllOf if single_part(schema).is_none() => {
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
            Kind::Any if has_several_types(schema) => {
                Some(self.lower_several_types(name, schema, pointer))
            }
            Kind::Any if any_properties(schema) > 0 || is_object_with_parts(schema) => {
                Some(self.lower_object_with_parts(id, name, schema, pointer))
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
            // An array is not a type of its own: its title does not name its items.
            Kind::Array => self.lower_array(schema, pointer, hint),
            Kind::Object if schema.properties.as_ref().is_none_or(|p| p.is_empty()) => {
                self.lower_map(schema.additional_properties.as_ref(), pointer, &wanted)
            }
            Kind::AllOf if single_part(schema).is_some() => {
                let (index, part) = single_part(schema).unwrap_or((0, &branches(schema)[0]));
                let mut inner =
                    self.lower_shape(part.into(), &format!("{pointer}/allOf/{index}"), &wanted);
                // `allOf: [{$ref: X}, {nullable: true}]`: X, or null.
                inner.nullable |= branches(schema).iter().any(is_null_marker);
                inner
            }
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
                self.diag.warning(
                    pointer,
                    "a schema that is only `not` has no Rust form; the value is any JSON value",
                    "describe the allowed values positively",
                );
                Lowered::plain(Type::Json)
            }
            Kind::Any if is_empty_any(schema) => Lowered::plain(Type::Json),
            // `type: 'null'` (3.1): only null, which any JSON value may be.
            Kind::Any if kind::is_null_only(schema) || is_only_null_enum(schema) => {
                Lowered::plain(Type::Json)
            }
            Kind::Any if has_several_types(schema) => {
                self.lower_named_inline(schema, pointer, &wanted)
            }
            Kind::Any if any_properties(schema) == 0 && !is_object_with_parts(schema) => {
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
        if let Some(title) = &schema.title {
            let same = self
                .titled
                .get(title)
                .and_then(|seen| seen.iter().find(|(earlier, _)| earlier == schema));
            if let Some((_, id)) = same {
                return Lowered::plain(Type::Named(*id));
            }
        }
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
        if let Some(title) = &schema.title {
            self.titled
                .entry(title.clone())
                .or_default()
                .push((schema.clone(), id));
        }
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
                Some("ip") => Type::Scalar(Scalar::IpAddr),
                Some("ipv4") => Type::Scalar(Scalar::Ipv4Addr),
                Some("ipv6") => Type::Scalar(Scalar::Ipv6Addr),
                Some(format) if !is_known_text_format(format) => {
                    self.unknown_format(
                        pointer,
                        format!("string format {format:?} is not known; its values are Strings"),
                        "formats with a Rust type are date, date-time, uuid, ip, ipv4 and ipv6",
                    );
                    Type::String
                }
                _ => Type::String,
            }
        };
        // A date, time, UUID or address is checked by its type; the lengths and patterns of
        // its text do not apply to the Rust value.
        let constraints = if matches!(ty, Type::String) {
            constraints
        } else {
            Constraints::default()
        };
        Lowered {
            shape: Shape { ty, constraints },
            nullable: false,
        }
    }

    fn lower_number(&mut self, number: &Schema, pointer: &str) -> Lowered {
        let ty = match number.format.as_deref() {
            None => Type::F64,
            Some(format) => number_format(format).unwrap_or_else(|| {
                self.unknown_format(
                    pointer,
                    format!("number format {format:?} is not known; its values are f64s"),
                    "known number formats are float, double and decimal",
                );
                Type::F64
            }),
        };
        if let Some(values) = number.enumeration.as_ref().filter(|e| !e.is_empty()) {
            let listed: Vec<String> = values.iter().map(Value::to_string).collect();
            self.diag.warning(
                &pointer_join(pointer, "enum"),
                format!(
                    "an `enum` of fractional numbers has no Rust enum form; the value is a number, and {} are not checked",
                    listed.join(", ")
                ),
                "use an integer or string enum to have the values checked",
            );
        }
        let mut bound = |keyword: &str, value: Option<f64>, exclusive: bool| {
            let value = value?;
            let literal = match ty {
                Type::Decimal => decimal_literal(&value.to_string()),
                _ => Some(Literal::Float(value)),
            };
            if literal.is_none() {
                self.diag.warning(
                    &pointer_join(pointer, keyword),
                    format!("{keyword} {value} does not fit a decimal (an i64 mantissa and at most 28 decimal places); the bound is not checked"),
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
            None => Type::I64,
            Some(format) => integer_format(format).unwrap_or_else(|| {
                self.unknown_format(
                    pointer,
                    format!("integer format {format:?} is not known; its values are i64s"),
                    "known integer formats are int8, int16, int32, int64, uint8, uint16, uint32, uint64 and uint",
                );
                Type::I64
            }),
        };
        let (type_min, type_max) = match &ty {
            Type::I32 => (i32::MIN.into(), i32::MAX.into()),
            Type::Scalar(scalar) => scalar.range().unwrap_or((i128::MIN, i128::MAX)),
            _ => (i64::MIN.into(), i64::MAX.into()),
        };
        let mut bound = |keyword: &str, value: Option<i64>, exclusive: bool, lower: bool| {
            let value = value?;
            let wide = i128::from(value);
            // A bound the type itself keeps (`minimum: 0` of a `uint32`) checks nothing.
            let implied = if lower {
                wide < type_min || (wide == type_min && !exclusive)
            } else {
                wide > type_max || (wide == type_max && !exclusive)
            };
            let impossible = if lower {
                wide > type_max
            } else {
                wide < type_min
            };
            if impossible {
                self.diag.warning(
                    &pointer_join(pointer, keyword),
                    format!("{keyword} {value} is out of range for the integer's format, so no value is allowed; the bound is not checked"),
                    "use a bound the format can hold, or a wider format",
                );
                return None;
            }
            if implied {
                return None;
            }
            Some(Bound {
                value: Literal::Int(value),
                exclusive,
            })
        };
        let [minimum, maximum] = bounds(integer);
        let constraints = Constraints {
            minimum: minimum.and_then(|(keyword, value, exclusive)| {
                bound(keyword, value.as_i64(), exclusive, true)
            }),
            maximum: maximum.and_then(|(keyword, value, exclusive)| {
                bound(keyword, value.as_i64(), exclusive, false)
            }),
            ..Constraints::default()
        };
        Lowered {
            shape: Shape { ty, constraints },
            nullable: false,
        }
    }

    fn lower_array(&mut self, array: &Schema, pointer: &str, hint: &str) -> Lowered {
        if array.items.is_none() && array.prefix_items.is_some() {
            self.diag.warning(
                &pointer_join(pointer, "prefixItems"),
                "an array of fixed positions (`prefixItems`) has no Rust form here; its items are any JSON values",
                "describe every item with one schema under `items` for typed items",
            );
            return Lowered::plain(Type::Array(Box::new(Shape {
                ty: Type::Json,
                constraints: Constraints::default(),
            })));
        }
        let Some(items) = array.items.as_deref() else {
            self.diag.warning(
                pointer,
                "this array does not say what it holds (no `items`); its items are any JSON values",
                "say what the array holds, e.g. `items: {type: string}`",
            );
            return Lowered {
                shape: Shape {
                    ty: Type::Array(Box::new(Shape {
                        ty: Type::Json,
                        constraints: Constraints::default(),
                    })),
                    constraints: Constraints {
                        min_items: array.min_items,
                        max_items: array.max_items,
                        ..Constraints::default()
                    },
                },
                nullable: false,
            };
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

    /// An object with `properties` of its own beside an `allOf`, `oneOf` or `anyOf`: one
    /// struct with its own properties and those of every `allOf` part; the properties the
    /// alternatives of a `oneOf`/`anyOf` add are optional fields (which alternative a value
    /// matches is not checked, and said in a warning).
    fn lower_object_with_parts(
        &mut self,
        id: TypeId,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> TypeKind {
        let mut object = Object::default();
        if schema.all_of.is_some() {
            if let Some(merged) = self.merged_all_of(schema, pointer, 0) {
                object = merged;
            }
        }
        self.merge_object(&mut object, Object::of(schema), pointer);
        for (keyword, alternatives) in [("oneOf", &schema.one_of), ("anyOf", &schema.any_of)] {
            let Some(alternatives) = alternatives else {
                continue;
            };
            let required = object.required.clone().into_owned();
            let known = object.properties.len();
            for (i, branch) in alternatives.iter().enumerate() {
                let (branch, at) =
                    super::object::part_at(self.spec, branch, &format!("{pointer}/{keyword}/{i}"));
                if let Some(branch) = branch {
                    let mut part = Object::of(branch);
                    part.required = std::borrow::Cow::Owned(Vec::new());
                    part.additional_properties = None;
                    self.merge_object(&mut object, part, &at);
                }
            }
            object.required = std::borrow::Cow::Owned(required);
            let article = if keyword == "anyOf" { "an" } else { "a" };
            if object.properties.len() > known {
                self.diag.warning(
                    &pointer_join(pointer, keyword),
                    format!(
                        "{article} `{keyword}` beside `properties` is read as one struct: the properties its alternatives add are optional fields, and which alternative a value matches is not checked"
                    ),
                    "move the shared properties into each alternative to get a union",
                );
            } else {
                // The alternatives only say which properties must be there (`anyOf: [{required:
                // [a]}, {required: [b]}]`): the struct is the object; only that rule is not
                // checked.
                self.diag.warning(
                    &pointer_join(pointer, keyword),
                    format!(
                        "{article} `{keyword}` beside `properties` adds no property, only which are required: the object is one struct, and that rule is not checked"
                    ),
                    "check the rule in your own code if it matters",
                );
            }
        }
        self.lower_struct(id, name, &object, schema, pointer)
    }

    /// A format the generator has no type for: said once per document and message, at its
    /// first use (a document that writes `format: phone-number` a hundred times needs the
    /// warning once).
    fn unknown_format(&mut self, pointer: &str, message: String, hint: &str) {
        if self.warned_formats.insert(message.clone()) {
            self.diag.warning(
                &pointer_join(pointer, "format"),
                format!("{message} (said at its first use only)"),
                hint,
            );
        }
    }

    /// A schema lowering has no closer form for than any JSON value: the reason, as a warning.
    fn report_any(&mut self, any: &Schema, pointer: &str) {
        let typ = type_name(any);
        let (at, message, hint) = if any.enumeration.as_ref().is_some_and(|e| !e.is_empty()) {
            (
                pointer_join(pointer, "enum"),
                "the enum values are of several types; the value is any JSON value and the values are not checked".to_owned(),
                "make every enum value of one type, or list each type's values in a branch of `oneOf`",
            )
        } else if let Some(typ) = typ.filter(|t| {
            !["string", "number", "integer", "boolean", "array", "object"].contains(&t.as_ref())
        }) {
            (
                pointer_join(pointer, "type"),
                format!("unknown type `{typ}`; the value is any JSON value"),
                "use string, number, integer, boolean, array or object",
            )
        } else {
            (
                pointer.to_owned(),
                "this schema's keywords describe values of several types; the value is any JSON value".to_owned(),
                "give it one `type`, or describe each type in a branch of `oneOf`",
            )
        };
        self.diag.warning(&at, message, hint);
    }

    /// A schema of several types (`type: [string, integer]`): a union with one variant per
    /// type, each with the keywords of its type, tried in the order written.
    fn lower_several_types(&mut self, name: &str, schema: &Schema, pointer: &str) -> TypeKind {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for typ in schema.types.iter().flatten() {
            let branch = super::normalize::only_type(schema, typ);
            let lowered = self.lower_inline(&branch, pointer, &format!("{name} {}", typ.name()));
            let wanted = match &lowered.shape.ty {
                Type::Named(_) => typ.name().to_owned(),
                ty => super::enums::scalar_variant_name(ty).to_owned(),
            };
            variants.push(ir::UntaggedVariant {
                name: scope.claim(names::variant_name(&wanted)),
                shape: wrap_nullable(lowered),
                boxed: false,
            });
        }
        TypeKind::Untagged(ir::Untagged {
            variants,
            discriminator: None,
        })
    }
}

/// An object (by `type`, or by its object keywords) that is also an `allOf`, `oneOf` or
/// `anyOf`: one struct (see `lower_object_with_parts`).
fn is_object_with_parts(schema: &Schema) -> bool {
    let object_type = match schema.types.as_deref() {
        None => true,
        Some([crate::doc::SchemaType::Object]) => true,
        Some(_) => false,
    };
    let object_keywords = schema.properties.is_some()
        || schema.required.is_some()
        || schema.additional_properties.is_some();
    schema.reference.is_none()
        && object_type
        && object_keywords
        && (schema.all_of.is_some() || schema.one_of.is_some() || schema.any_of.is_some())
}

/// Whether `schema` names several types in `type` (`null` aside).
pub(super) fn has_several_types(schema: &Schema) -> bool {
    schema.reference.is_none() && schema.types.as_ref().is_some_and(|t| t.len() > 1)
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

/// The one part of an `allOf` that says anything of the value, when the others only document
/// it (`allOf: [{$ref: X}, {description: ...}]`, the usual way to describe a use of a `$ref`).
pub(super) fn single_part(schema: &Schema) -> Option<(usize, &Schema)> {
    let mut parts = branches(schema)
        .iter()
        .enumerate()
        .filter(|(_, part)| !is_docs_only(part) && !is_null_marker(part));
    let first = parts.next()?;
    parts.next().is_none().then_some(first)
}

/// `{nullable: true}` (or `{type: 'null'}`) as a part of an `allOf`: the value may be null.
pub(super) fn is_null_marker(schema: &Schema) -> bool {
    schema.reference.is_none()
        && schema.null
        && is_empty_any(&Schema {
            types: None,
            ..schema.clone()
        })
}

/// A schema that only documents (description, title, default, example, ...), asserting nothing.
pub(super) fn is_docs_only(schema: &Schema) -> bool {
    schema.reference.is_none() && !schema.null && is_empty_any(schema)
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

/// The Rust type of an integer `format` the generator knows.
pub(super) fn integer_format(format: &str) -> Option<Type> {
    Some(match format {
        "int32" => Type::I32,
        "int64" => Type::I64,
        "int8" => Type::Scalar(Scalar::I8),
        "int16" => Type::Scalar(Scalar::I16),
        "uint8" => Type::Scalar(Scalar::U8),
        "uint16" => Type::Scalar(Scalar::U16),
        "uint32" => Type::Scalar(Scalar::U32),
        "uint64" | "uint" => Type::Scalar(Scalar::U64),
        _ => return None,
    })
}

/// The Rust type of a number `format` the generator knows.
pub(super) fn number_format(format: &str) -> Option<Type> {
    Some(match format {
        "float" => Type::F32,
        "double" => Type::F64,
        "decimal" => Type::Decimal,
        _ => return None,
    })
}

/// String formats of OpenAPI, JSON Schema and common practice that are text in Rust too.
fn is_known_text_format(format: &str) -> bool {
    [
        "email",
        "idn-email",
        "uri",
        "url",
        "uri-reference",
        "uri-template",
        "iri",
        "iri-reference",
        "hostname",
        "idn-hostname",
        "password",
        "byte",
        "binary",
        "time",
        "partial-time",
        "full-time",
        "duration",
        "json-pointer",
        "relative-json-pointer",
        "regex",
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
