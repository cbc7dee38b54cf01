//! Schemas -> shapes and named types.

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, IntegerFormat, IntegerType, NumberFormat,
    NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, StringType,
    Type as OaType, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Lowerer;
use crate::diag::pointer_join;
use crate::ir::{
    self, Additional, Bound, Constraints, Docs, Enum, EnumRepr, EnumValue, Field, Literal, Shape,
    Struct, Type, TypeDef, TypeId, TypeKind, Untagged, UntaggedVariant, Variant, VendorDate,
};
use crate::names::{self, Scope};

/// A schema position: a `$ref`, or a schema written in place.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// A lowered schema position: its shape, and whether `null` is allowed there.
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

const ALIASES: &str = "x-aliases";
const DATE_FORMAT: &str = "x-date-format";
const ENUM_VARNAMES: &str = "x-enum-varnames";

impl Lowerer<'_> {
    /// Lowers the component schema named `name` into the type `id`.
    pub(super) fn lower_component(
        &mut self,
        id: TypeId,
        name: String,
        schema: &ReferenceOr<Schema>,
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
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                let lowered = self.lower_ref(reference, pointer);
                return placeholder(TypeKind::Alias(lowered.shape));
            }
            ReferenceOr::Item(schema) => schema,
        };
        if let Some(kind) = self.named_kind(id, &name, schema, pointer) {
            let mut def = placeholder(kind);
            def.docs = Self::docs(&schema.schema_data, &Constraints::default());
            def.deprecated = schema.schema_data.deprecated;
            def.xml = self.type_xml(&schema.schema_data, pointer, &schema_name, true);
            return def;
        }
        let lowered = self.lower_inline(schema, pointer, &name);
        let mut def = placeholder(TypeKind::Alias(lowered.shape.clone()));
        def.docs = Self::docs(&schema.schema_data, &lowered.shape.constraints);
        def.xml = self.type_xml(&schema.schema_data, pointer, &schema_name, true);
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
        match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(object)) if !object.properties.is_empty() => {
                Some(self.lower_struct(id, name, object, &schema.schema_data, pointer))
            }
            SchemaKind::Type(OaType::String(string)) if !string.enumeration.is_empty() => {
                let values = string
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| EnumValue::String(v.clone()))
                    .collect();
                Some(self.lower_enum(EnumRepr::String, values, &schema.schema_data, pointer))
            }
            SchemaKind::Type(OaType::Integer(integer)) if !integer.enumeration.is_empty() => {
                let values = integer
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| EnumValue::Integer(*v))
                    .collect();
                Some(self.lower_enum(EnumRepr::Integer, values, &schema.schema_data, pointer))
            }
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches }
                if !is_nullable_wrapper(branches) =>
            {
                Some(self.lower_untagged(name, schema, branches, pointer))
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                // On failure the errors are recorded; a placeholder keeps lowering going so
                // that every other problem is reported too.
                Some(match self.merge_all_of(all_of, pointer, 0) {
                    Some(merged) => {
                        self.lower_struct(id, name, &merged, &schema.schema_data, pointer)
                    }
                    None => TypeKind::Alias(Shape {
                        ty: Type::Json,
                        constraints: Constraints::default(),
                    }),
                })
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let object = object_from_any(any);
                if any.typ.as_deref().is_some_and(|t| t != "object") {
                    self.diag.error(
                        pointer,
                        format!(
                            "`type: {}` cannot have `properties`",
                            any.typ.as_deref().unwrap_or("")
                        ),
                        "use `type: object`, or remove `properties`",
                    );
                }
                Some(self.lower_struct(id, name, &object, &schema.schema_data, pointer))
            }
            _ => None,
        }
    }

    /// The object an `allOf` of objects describes: every part's properties (which must agree
    /// where they overlap) and every part's required names.
    fn merge_all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
        depth: usize,
    ) -> Option<ObjectType> {
        const MAX_DEPTH: usize = 32;
        let mut merged = ObjectType::default();
        let mut ok = true;
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{i}");
            let schema = match part {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => component_schema(self.spec, reference),
            };
            let object = match schema.map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(OaType::Object(object))) => Some(object.clone()),
                Some(SchemaKind::Any(any)) if !any.properties.is_empty() => {
                    Some(object_from_any(any))
                }
                Some(SchemaKind::AllOf { all_of }) if depth < MAX_DEPTH => {
                    self.merge_all_of(all_of, &part_pointer, depth + 1)
                }
                Some(SchemaKind::AllOf { .. }) => {
                    self.diag.error(
                        &part_pointer,
                        "`allOf` nests too deep (or refers to itself)",
                        "flatten the composition",
                    );
                    None
                }
                Some(_) => {
                    self.diag.error(
                        &part_pointer,
                        format!("allOf part {i} is not an object; only objects can be merged"),
                        "merge objects only, or use oneOf for alternatives",
                    );
                    None
                }
                None => {
                    let reference = match part {
                        ReferenceOr::Reference { reference } => reference.as_str(),
                        ReferenceOr::Item(_) => "",
                    };
                    self.diag.error(
                        &pointer_join(&part_pointer, "$ref"),
                        format!("allOf part {i} (`{reference}`) does not lead to a schema in #/components/schemas"),
                        "check the spelling; external and cyclic references cannot be merged",
                    );
                    None
                }
            };
            let Some(object) = object else {
                ok = false;
                continue;
            };
            for (name, property) in object.properties {
                match merged.properties.get(&name) {
                    Some(existing) if *existing != property => {
                        self.diag.error(
                            &pointer_join(&pointer_join(&part_pointer, "properties"), &name),
                            format!("property `{name}` is defined differently in two allOf parts"),
                            "define it once, or the same way in every part",
                        );
                        ok = false;
                    }
                    Some(_) => {}
                    None => {
                        merged.properties.insert(name, property);
                    }
                }
            }
            for name in object.required {
                if !merged.required.contains(&name) {
                    merged.required.push(name);
                }
            }
            if merged.additional_properties.is_none() {
                merged.additional_properties = object.additional_properties;
            }
        }
        ok.then_some(merged)
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

    fn lower_ref(&mut self, reference: &str, pointer: &str) -> Lowered {
        let ref_pointer = pointer_join(pointer, "$ref");
        if !reference.starts_with('#') {
            self.diag.error(
                &ref_pointer,
                format!("external $ref `{reference}` is not supported"),
                "copy the referenced schema into #/components/schemas and refer to it there",
            );
        } else if !reference.starts_with("#/components/schemas/") {
            self.diag.error(
                &ref_pointer,
                format!("$ref `{reference}` does not point into #/components/schemas"),
                "schemas may only refer to #/components/schemas/<Name>",
            );
        } else if let Some(id) = self.components.get(reference) {
            // A component that is itself `nullable` makes every use of it nullable.
            let nullable = reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.spec.components.as_ref()?.schemas.get(name))
                .is_some_and(|schema| match schema {
                    ReferenceOr::Item(schema) => schema.schema_data.nullable,
                    ReferenceOr::Reference { .. } => false,
                });
            let mut lowered = Lowered::plain(Type::Named(*id));
            lowered.nullable = nullable;
            return lowered;
        } else {
            self.diag.error(
                &ref_pointer,
                format!("$ref `{reference}` points to a schema that does not exist"),
                "check the spelling, or add the schema under components/schemas",
            );
        }
        Lowered::plain(Type::Json)
    }

    fn lower_inline(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Lowered {
        let data = &schema.schema_data;
        let wanted = data.title.as_deref().unwrap_or(hint).to_owned();
        let mut lowered = match &schema.schema_kind {
            SchemaKind::Type(OaType::String(string)) if string.enumeration.is_empty() => {
                self.lower_string(string, data, pointer)
            }
            SchemaKind::Type(OaType::Number(number)) => self.lower_number(number, pointer),
            SchemaKind::Type(OaType::Integer(integer)) if integer.enumeration.is_empty() => {
                self.lower_integer(integer, pointer)
            }
            SchemaKind::Type(OaType::Boolean(_)) => Lowered::plain(Type::Bool),
            SchemaKind::Type(OaType::Array(array)) => self.lower_array(array, pointer, &wanted),
            SchemaKind::Type(OaType::Object(object)) if object.properties.is_empty() => {
                self.lower_map(object.additional_properties.as_ref(), pointer, &wanted)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.lower_shape(
                (&all_of[0]).into(),
                &pointer_join(pointer, "allOf/0"),
                &wanted,
            ),
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches }
                if is_nullable_wrapper(branches) =>
            {
                let (index, branch) = branches
                    .iter()
                    .enumerate()
                    .find(|(_, b)| !is_null_schema(b))
                    .map(|(i, b)| (i, SchemaRef::from(b)))
                    .unwrap_or((0, SchemaRef::from(&branches[0])));
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let mut inner =
                    self.lower_shape(branch, &format!("{pointer}/{keyword}/{index}"), &wanted);
                inner.nullable = true;
                inner
            }
            SchemaKind::Not { .. } => {
                self.diag.error(
                    pointer,
                    "`not` is not supported",
                    "describe the allowed values positively",
                );
                Lowered::plain(Type::Json)
            }
            SchemaKind::Any(any) if is_empty_any(any) => Lowered::plain(Type::Json),
            SchemaKind::Any(any) if any.properties.is_empty() => {
                self.report_any(any, pointer);
                Lowered::plain(Type::Json)
            }
            _ => {
                let (id, name) = self.new_type(&wanted);
                let kind = match self.named_kind(id, &name, schema, pointer) {
                    Some(kind) => kind,
                    None => TypeKind::Alias(Shape {
                        ty: Type::Json,
                        constraints: Constraints::default(),
                    }),
                };
                let docs = Self::docs(data, &Constraints::default());
                let xml = self.type_xml(data, pointer, &name, false);
                self.slots[id.0] = Some(TypeDef {
                    name,
                    pointer: pointer.to_owned(),
                    docs,
                    usage: ir::Usage::default(),
                    validated: false,
                    deprecated: data.deprecated,
                    kind,
                    xml,
                });
                Lowered::plain(Type::Named(id))
            }
        };
        lowered.nullable |= data.nullable;
        lowered
    }

    fn lower_string(&mut self, string: &StringType, data: &SchemaData, pointer: &str) -> Lowered {
        let constraints = Constraints {
            min_length: string.min_length,
            max_length: string.max_length,
            pattern: string.pattern.clone(),
            ..Constraints::default()
        };
        let vendor = match data.extensions.get(DATE_FORMAT) {
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
            if !string.format.is_empty() {
                self.diag.error(
                    pointer,
                    "a schema cannot have both `format` and `x-date-format`",
                    "remove `format`; x-date-format says how the value is written",
                );
            }
            Type::VendorDate(vendor)
        } else {
            match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => Type::Uuid,
                VariantOrUnknownOrEmpty::Unknown(format) if !is_known_text_format(format) => {
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

    fn lower_number(&mut self, number: &NumberType, pointer: &str) -> Lowered {
        let ty = match &number.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Type::F32,
            VariantOrUnknownOrEmpty::Item(NumberFormat::Double)
            | VariantOrUnknownOrEmpty::Empty => Type::F64,
            VariantOrUnknownOrEmpty::Unknown(format) if format == "decimal" => Type::Decimal,
            VariantOrUnknownOrEmpty::Unknown(format) => {
                self.diag.warning(
                    &pointer_join(pointer, "format"),
                    format!("number format {format:?} is not known; the value is an f64"),
                    "known number formats are float, double and decimal",
                );
                Type::F64
            }
        };
        if !number.enumeration.is_empty() {
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
        let constraints = Constraints {
            minimum: bound("minimum", number.minimum, number.exclusive_minimum),
            maximum: bound("maximum", number.maximum, number.exclusive_maximum),
            ..Constraints::default()
        };
        Lowered {
            shape: Shape { ty, constraints },
            nullable: false,
        }
    }

    fn lower_integer(&mut self, integer: &IntegerType, pointer: &str) -> Lowered {
        let ty = match &integer.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Type::I32,
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
            | VariantOrUnknownOrEmpty::Empty => Type::I64,
            VariantOrUnknownOrEmpty::Unknown(format) => {
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
        let constraints = Constraints {
            minimum: bound("minimum", integer.minimum, integer.exclusive_minimum),
            maximum: bound("maximum", integer.maximum, integer.exclusive_maximum),
            ..Constraints::default()
        };
        Lowered {
            shape: Shape { ty, constraints },
            nullable: false,
        }
    }

    fn lower_array(&mut self, array: &ArrayType, pointer: &str, hint: &str) -> Lowered {
        let Some(items) = &array.items else {
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

    fn lower_struct(
        &mut self,
        id: TypeId,
        name: &str,
        object: &ObjectType,
        object_data: &SchemaData,
        pointer: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        let mut wire_names: Vec<String> = object.properties.keys().cloned().collect();
        for (wire_name, property) in &object.properties {
            let field_pointer = pointer_join(&pointer_join(pointer, "properties"), wire_name);
            let hint = format!("{name} {wire_name}");
            let lowered = self.lower_shape(property.into(), &field_pointer, &hint);
            let (access, deprecated) = match property {
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    let access = match (data.read_only, data.write_only) {
                        (true, false) => ir::Access::ReadOnly,
                        (false, true) => ir::Access::WriteOnly,
                        (true, true) => {
                            self.diag.error(
                                &field_pointer,
                                "a property cannot be both readOnly and writeOnly",
                                "keep one of them",
                            );
                            ir::Access::ReadWrite
                        }
                        (false, false) => ir::Access::ReadWrite,
                    };
                    (access, data.deprecated)
                }
                ReferenceOr::Reference { .. } => (ir::Access::ReadWrite, false),
            };
            let (docs, aliases, default, extra_nullable) = match property {
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    let aliases = self.aliases(data, &field_pointer);
                    for alias in &aliases {
                        if wire_names.contains(alias) {
                            self.diag.error(
                                &pointer_join(&field_pointer, ALIASES),
                                format!("alias `{alias}` is already the wire name of another property or alias"),
                                "every wire name must stand for one property only",
                            );
                        }
                    }
                    wire_names.extend(aliases.iter().cloned());
                    let default = match (&data.default, &lowered.shape.ty) {
                        (Some(value), Type::Named(target)) => {
                            // The enum may not be lowered yet: settle the default at the end.
                            self.deferred_defaults.push(super::DeferredDefault {
                                owner: id,
                                field: fields.len(),
                                target: *target,
                                value: value.clone(),
                                pointer: field_pointer.clone(),
                            });
                            None
                        }
                        (Some(value), ty) => self.literal(value, ty, &field_pointer),
                        (None, _) => None,
                    };
                    let mut docs = Self::docs(data, &lowered.shape.constraints);
                    if let Some(format) = vendor_layout(&lowered.shape.ty) {
                        docs.notes.insert(0, format!("Written as `{format}`."));
                    }
                    if !aliases.is_empty() {
                        let list: Vec<String> = aliases.iter().map(|a| format!("`{a}`")).collect();
                        docs.notes
                            .push(format!("Also read from {}.", list.join(", ")));
                    }
                    (docs, aliases, default, data.nullable)
                }
                ReferenceOr::Reference { .. } => (Docs::default(), Vec::new(), None, false),
            };
            let required = object.required.contains(wire_name);
            let xml = self.field_xml(wire_name, property, &lowered.shape, &field_pointer);
            fields.push(Field {
                name: scope.claim(names::field_name(wire_name)),
                wire_name: wire_name.clone(),
                aliases,
                docs,
                shape: lowered.shape,
                required,
                nullable: lowered.nullable || extra_nullable,
                default,
                boxed: false,
                access,
                deprecated,
                xml,
            });
        }
        for (i, required) in object.required.iter().enumerate() {
            if !object.properties.contains_key(required) {
                self.diag.error(
                    &pointer_join(&pointer_join(pointer, "required"), &i.to_string()),
                    format!("`required` names `{required}`, which is not a property"),
                    "add the property, or remove it from `required`",
                );
            }
        }
        let additional = match &object.additional_properties {
            Some(AdditionalProperties::Any(false)) => Additional::Dropped,
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.lower_shape(
                    schema.as_ref().into(),
                    &pointer_join(pointer, "additionalProperties"),
                    &format!("{name} Value"),
                );
                Additional::Typed {
                    field: scope.claim("additional_properties".to_owned()),
                    value: Box::new(wrap_nullable(value)),
                }
            }
            _ => Additional::KeepUnknown {
                field: "unknown_fields".to_owned(),
            },
        };
        let xml_order = self.xml_order(object_data, &fields, pointer);
        TypeKind::Struct(Struct {
            fields,
            additional,
            xml_order,
        })
    }

    fn lower_enum(
        &mut self,
        repr: EnumRepr,
        values: Vec<EnumValue>,
        data: &SchemaData,
        pointer: &str,
    ) -> TypeKind {
        let given_names = self.enum_varnames(data, values.len(), pointer);
        let mut scope = Scope::default();
        let mut variants: Vec<Variant> = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            if variants.iter().any(|v| v.value == value) {
                self.diag.warning(
                    &format!("{pointer}/enum/{i}"),
                    format!(
                        "enum value {} is listed twice; the second is ignored",
                        show(&value)
                    ),
                    "remove the duplicate",
                );
                continue;
            }
            let wanted = match (&given_names, &value) {
                (Some(names), _) => names::variant_name(&names[i]),
                (None, EnumValue::String(s)) => names::variant_name(s),
                (None, EnumValue::Integer(n)) => names::integer_variant_name(*n),
            };
            let xml_name = match (&given_names, &value) {
                (_, EnumValue::String(s)) => Some(s.clone()),
                (Some(names), EnumValue::Integer(_)) => Some(names[i].clone()),
                (None, EnumValue::Integer(_)) => None,
            };
            variants.push(Variant {
                name: scope.claim(wanted),
                docs: None,
                value,
                xml_name,
            });
        }
        TypeKind::Enum(Enum {
            repr,
            variants,
            unknown: scope.claim("Unknown".to_owned()),
        })
    }

    fn enum_varnames(
        &mut self,
        data: &SchemaData,
        count: usize,
        pointer: &str,
    ) -> Option<Vec<String>> {
        let value = data.extensions.get(ENUM_VARNAMES)?;
        let names: Option<Vec<String>> = value.as_array().map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
        match names {
            Some(names)
                if names.len() == count && value.as_array().map(Vec::len) == Some(count) =>
            {
                Some(names)
            }
            _ => {
                self.diag.error(
                    &pointer_join(pointer, ENUM_VARNAMES),
                    format!(
                        "x-enum-varnames must be a list of {count} strings, one per enum value"
                    ),
                    "give one variant name per value, in the order of `enum`",
                );
                None
            }
        }
    }

    fn lower_untagged(
        &mut self,
        name: &str,
        schema: &Schema,
        branches: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> TypeKind {
        let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
            "oneOf"
        } else {
            "anyOf"
        };
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/{keyword}/{i}");
            let lowered = self.lower_shape(
                branch.into(),
                &branch_pointer,
                &format!("{name} Variant{i}"),
            );
            let wanted = match &lowered.shape.ty {
                Type::Named(other) => self
                    .slots
                    .get(other.0)
                    .and_then(|slot| slot.as_ref().map(|d| d.name.clone()))
                    .or_else(|| self.pending_names.get(other).cloned())
                    .unwrap_or_else(|| format!("Variant{i}")),
                ty => scalar_variant_name(ty).to_owned(),
            };
            variants.push(UntaggedVariant {
                name: scope.claim(names::variant_name(&wanted)),
                shape: wrap_nullable(lowered),
                boxed: false,
            });
        }
        let discriminator =
            schema.schema_data.discriminator.as_ref().and_then(|d| {
                self.discriminator(d, branches, &pointer_join(pointer, "discriminator"))
            });
        TypeKind::Untagged(Untagged {
            variants,
            discriminator,
        })
    }

    /// The value of the discriminator property for each branch: the `mapping` key that names the
    /// branch's schema, else the schema's name. Every branch must be a `$ref`.
    fn discriminator(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        branches: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<ir::Discriminator> {
        let mut values = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let ReferenceOr::Reference { reference } = branch else {
                self.diag.error(
                    pointer,
                    format!("with a discriminator, branch {i} must be a $ref to a schema"),
                    "move the branch to components/schemas and refer to it",
                );
                return None;
            };
            let schema_name = reference.rsplit('/').next().unwrap_or(reference);
            let mapped = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference || target.as_str() == schema_name)
                .map(|(value, _)| value.clone());
            let value = mapped.unwrap_or_else(|| schema_name.to_owned());
            if values.contains(&value) {
                self.diag.error(
                    pointer,
                    format!("discriminator value `{value}` names two branches"),
                    "give every branch its own value in `mapping`",
                );
                return None;
            }
            values.push(value);
        }
        for (value, target) in &discriminator.mapping {
            let known = branches.iter().any(|b| {
                matches!(b, ReferenceOr::Reference { reference }
                    if reference == target || reference.rsplit('/').next() == Some(target.as_str()))
            });
            if !known {
                self.diag.error(
                    &pointer_join(&pointer_join(pointer, "mapping"), value),
                    format!("mapping `{value}` names `{target}`, which is not a branch"),
                    "map only to the schemas listed in oneOf/anyOf",
                );
            }
        }
        Some(ir::Discriminator {
            property: discriminator.property_name.clone(),
            values,
        })
    }

    fn aliases(&mut self, data: &SchemaData, pointer: &str) -> Vec<String> {
        let Some(value) = data.extensions.get(ALIASES) else {
            return Vec::new();
        };
        match value.as_array() {
            Some(items) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => {
                self.diag.error(
                    &pointer_join(pointer, ALIASES),
                    "x-aliases must be a list of strings",
                    "write the other wire names as a list, e.g. [delivery_address]",
                );
                Vec::new()
            }
        }
    }

    /// Checks a `default` against the field type and turns it into a literal.
    pub(super) fn literal(&mut self, value: &Value, ty: &Type, pointer: &str) -> Option<Literal> {
        let literal = match (ty, value) {
            (Type::String, Value::String(s)) => Some(Literal::String(s.clone())),
            (Type::Bool, Value::Bool(b)) => Some(Literal::Bool(*b)),
            (Type::I32, Value::Number(n)) => n
                .as_i64()
                .filter(|n| i32::try_from(*n).is_ok())
                .map(Literal::Int),
            (Type::I64, Value::Number(n)) => n.as_i64().map(Literal::Int),
            (Type::F32 | Type::F64, Value::Number(n)) => n.as_f64().map(Literal::Float),
            (Type::Decimal, Value::Number(n)) => decimal_literal(&n.to_string()),
            (Type::Named(id), value) => match self.slots.get(id.0).and_then(Option::as_ref) {
                Some(TypeDef {
                    kind: TypeKind::Alias(shape),
                    ..
                }) => {
                    let inner = shape.ty.clone();
                    return self.literal(value, &inner, pointer);
                }
                _ => self.enum_literal(*id, value),
            },
            _ => None,
        };
        if literal.is_none() {
            self.diag.error(
                &pointer_join(pointer, "default"),
                format!("the default {value} does not fit the field's type"),
                "give a default of the schema's own type, or remove it",
            );
        }
        literal
    }

    fn enum_literal(&self, id: TypeId, value: &Value) -> Option<Literal> {
        let def = self.slots.get(id.0)?.as_ref()?;
        let TypeKind::Enum(e) = &def.kind else {
            return None;
        };
        let variant = e.variants.iter().find(|v| match (&v.value, value) {
            (EnumValue::String(s), Value::String(w)) => s == w,
            (EnumValue::Integer(n), Value::Number(w)) => Some(*n) == w.as_i64(),
            _ => false,
        })?;
        Some(Literal::Variant {
            ty: id,
            variant: variant.name.clone(),
        })
    }

    /// The docs of a schema: its description, then notes on its constraints and default.
    fn docs(data: &SchemaData, constraints: &Constraints) -> Docs {
        let mut notes = Vec::new();
        if let Some(n) = constraints.min_length {
            notes.push(format!("Min length: {n}."));
        }
        if let Some(n) = constraints.max_length {
            notes.push(format!("Max length: {n}."));
        }
        if let Some(pattern) = &constraints.pattern {
            notes.push(format!("Pattern: `{pattern}`."));
        }
        for (label, bound) in [
            ("Minimum", &constraints.minimum),
            ("Maximum", &constraints.maximum),
        ] {
            if let Some(bound) = bound {
                let exclusive = if bound.exclusive { " (exclusive)" } else { "" };
                notes.push(format!(
                    "{label}: {}{exclusive}.",
                    show_literal(&bound.value)
                ));
            }
        }
        if let Some(n) = constraints.min_items {
            notes.push(format!("At least {n} item(s)."));
        }
        if let Some(n) = constraints.max_items {
            notes.push(format!("At most {n} item(s)."));
        }
        if let Some(default) = &data.default {
            notes.push(format!("Default: `{default}`."));
        }
        Docs {
            title: data.title.clone(),
            description: data.description.clone(),
            notes,
            example: data.example.as_ref().map(Value::to_string),
        }
    }

    fn report_any(&mut self, any: &AnySchema, pointer: &str) {
        if !any.enumeration.is_empty() {
            let typ = any.typ.as_deref().unwrap_or("(none)");
            self.diag.error(
                &pointer_join(pointer, "enum"),
                format!("the enum values do not match `type: {typ}`"),
                "make every enum value of the schema's type",
            );
        } else if let Some(typ) = &any.typ {
            if !["string", "number", "integer", "boolean", "array", "object"]
                .contains(&typ.as_str())
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

/// `oneOf: [X, {nullable: true}]`-style unions that only say "X or null".
fn is_nullable_wrapper(branches: &[ReferenceOr<Schema>]) -> bool {
    branches.len() == 2 && branches.iter().filter(|b| is_null_schema(b)).count() == 1
}

/// A branch that stands for `null`: `{nullable: true}`, `{type: "null"}`, or one whose only
/// assertion is `enum: [null]` (with or without `nullable: true`). The last is the form strict
/// OpenAPI 3.0.3 validators read as "only null": `nullable` means nothing without a `type`, so
/// `{nullable: true}` alone allows any value there.
fn is_null_schema(branch: &ReferenceOr<Schema>) -> bool {
    match branch {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) if is_empty_any(any) => schema.schema_data.nullable,
            SchemaKind::Any(any) => any.typ.as_deref() == Some("null") || is_only_null_enum(any),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// `enum: [null]` and no other assertion.
fn is_only_null_enum(any: &AnySchema) -> bool {
    let only_enum = AnySchema {
        enumeration: any.enumeration.clone(),
        ..AnySchema::default()
    };
    *any == only_enum && any.enumeration == [Value::Null]
}

fn is_empty_any(any: &AnySchema) -> bool {
    *any == AnySchema::default()
}

fn object_from_any(any: &AnySchema) -> ObjectType {
    ObjectType {
        properties: any.properties.clone(),
        required: any.required.clone(),
        additional_properties: any.additional_properties.clone(),
        min_properties: any.min_properties,
        max_properties: any.max_properties,
    }
}

fn wrap_nullable(lowered: Lowered) -> Shape {
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

fn vendor_layout(ty: &Type) -> Option<&'static str> {
    let Type::VendorDate(vendor) = ty else {
        return None;
    };
    VendorDate::ALL
        .iter()
        .find(|(_, v)| v == vendor)
        .map(|(name, _)| *name)
}

fn scalar_variant_name(ty: &Type) -> &'static str {
    match ty {
        Type::String => "String",
        Type::Bool => "Boolean",
        Type::I32 | Type::I64 => "Integer",
        Type::F32 | Type::F64 | Type::Decimal => "Number",
        Type::Date => "Date",
        Type::DateTime => "DateTime",
        Type::Uuid => "Uuid",
        Type::VendorDate(_) => "Date",
        Type::Json => "Value",
        Type::Array(_) => "Array",
        Type::Map(_) => "Map",
        Type::Option(_) => "Nullable",
        Type::Named(_) => "Named",
    }
}

/// `"-12.50"` -> mantissa `-1250`, scale `2`; `None` for exponents or more than i64 holds.
fn decimal_literal(text: &str) -> Option<Literal> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mantissa: i64 = format!("{whole}{fraction}").parse().ok()?;
    Some(Literal::Decimal {
        mantissa: if negative { -mantissa } else { mantissa },
        scale: u32::try_from(fraction.len())
            .ok()
            .filter(|scale| *scale <= 28)?,
    })
}

fn show(value: &EnumValue) -> String {
    match value {
        EnumValue::String(s) => format!("{s:?}"),
        EnumValue::Integer(n) => n.to_string(),
    }
}

fn show_literal(value: &Literal) -> String {
    match value {
        Literal::String(s) => format!("{s:?}"),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(n) => n.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Decimal { mantissa, scale } => rust_decimal_text(*mantissa, *scale),
        Literal::Variant { variant, .. } => variant.clone(),
    }
}

fn rust_decimal_text(mantissa: i64, scale: u32) -> String {
    let digits = mantissa.unsigned_abs().to_string();
    let sign = if mantissa < 0 { "-" } else { "" };
    let scale = scale as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

/// The schema a `#/components/schemas/...` reference names, following references between
/// components (a bounded number of times, so a cycle ends).
pub(super) fn component_schema<'s>(
    spec: &'s openapiv3::OpenAPI,
    reference: &str,
) -> Option<&'s Schema> {
    let schemas = &spec.components.as_ref()?.schemas;
    let mut reference = reference;
    for _ in 0..32 {
        match schemas.get(reference.strip_prefix("#/components/schemas/")?)? {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}
