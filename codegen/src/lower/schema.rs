//! Schemas -> shapes and named types.

use std::borrow::Cow;

use serde_json::Value;

use super::kind::{self, any_properties, is_empty_any, kind, type_name, Kind, Object};
use super::Lowerer;
use crate::diag::pointer_join;
use crate::doc::{AdditionalProperties, Schema};
use crate::ir::{
    self, Additional, Bound, Constraints, Docs, Enum, EnumRepr, EnumValue, Field, Literal, Shape,
    Struct, Type, TypeDef, TypeId, TypeKind, Untagged, UntaggedVariant, Variant, VendorDate,
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

const ALIASES: &str = "x-aliases";
const DATE_FORMAT: &str = "x-date-format";
const ENUM_VARNAMES: &str = "x-enum-varnames";

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

    /// The object the `allOf` schema at `pointer` describes, merged once however many
    /// schemas name it (a chain of `allOf`s that name each other twice over would otherwise be
    /// merged a number of times that doubles with each link); a schema that names itself
    /// through its parts is reported, not followed.
    fn merged_all_of(
        &mut self,
        schema: &Schema,
        pointer: &str,
        depth: usize,
    ) -> Option<Object<'static>> {
        if let Some(done) = self.merged_all_of.get(pointer) {
            return done.clone();
        }
        if self.merging.iter().any(|p| p == pointer) {
            return None;
        }
        self.merging.push(pointer.to_owned());
        let merged = self.merge_all_of(branches(schema), pointer, depth);
        self.merging.pop();
        self.merged_all_of
            .insert(pointer.to_owned(), merged.clone());
        merged
    }

    /// The object an `allOf` of objects describes: every part's properties (which must agree
    /// where they overlap) and every part's required names.
    fn merge_all_of(
        &mut self,
        parts: &[Schema],
        pointer: &str,
        depth: usize,
    ) -> Option<Object<'static>> {
        const MAX_DEPTH: usize = 32;
        let spec = self.spec;
        let mut merged = Object::default();
        let mut ok = true;
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{i}");
            // A part written in place is merged where it is; one named by `$ref`, where the
            // `$ref` leads.
            let (schema, at) = match &part.reference {
                None => (Some(part), part_pointer.clone()),
                Some(reference) => match schema_chain(spec, reference) {
                    Some((schema, at)) => (Some(schema), at),
                    None => (None, part_pointer.clone()),
                },
            };
            let object = match schema.map(|s| (kind(s), s)) {
                Some((Kind::Object, s)) => Some(Object::of(s)),
                Some((Kind::Any, s)) if any_properties(s) > 0 => Some(Object::of(s)),
                Some((Kind::AllOf, _)) if self.merging.contains(&at) => {
                    self.diag.error(
                        &part_pointer,
                        format!("allOf part {i} refers back to a schema it is part of"),
                        "break the cycle; an object cannot contain all of itself",
                    );
                    None
                }
                Some((Kind::AllOf, s)) if depth < MAX_DEPTH => {
                    self.merged_all_of(s, &at, depth + 1)
                }
                Some((Kind::AllOf, _)) => {
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
                    let reference = part.reference.as_deref().unwrap_or("");
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
            ok &= self.merge_object(&mut merged, object, &part_pointer);
        }
        ok.then_some(merged)
    }

    /// Adds one `allOf` part's object keywords to `merged`; `false` when a property is defined
    /// differently there.
    fn merge_object(
        &mut self,
        merged: &mut Object<'static>,
        object: Object<'_>,
        part_pointer: &str,
    ) -> bool {
        let mut ok = true;
        for (name, property) in object.properties.iter() {
            match merged.properties.get(name) {
                Some(existing) if existing != property => {
                    self.diag.error(
                        &pointer_join(&pointer_join(part_pointer, "properties"), name),
                        format!("property `{name}` is defined differently in two allOf parts"),
                        "define it once, or the same way in every part",
                    );
                    ok = false;
                }
                Some(_) => {}
                None => {
                    merged
                        .properties
                        .to_mut()
                        .insert(name.clone(), property.clone());
                }
            }
        }
        for name in object.required.iter() {
            if !merged.required.contains(name) {
                merged.required.to_mut().push(name.clone());
            }
        }
        if merged.additional_properties.is_none() {
            merged.additional_properties = object
                .additional_properties
                .map(|a| Cow::Owned(a.into_owned()));
        }
        ok
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

    fn lower_struct(
        &mut self,
        id: TypeId,
        name: &str,
        object: &Object<'_>,
        object_schema: &Schema,
        pointer: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        let mut wire_names: Vec<String> = object.properties.keys().cloned().collect();
        let properties_pointer = pointer_join(pointer, "properties");
        for (wire_name, property) in object.properties.iter() {
            let field_pointer = pointer_join(&properties_pointer, wire_name);
            let place = FieldPlace {
                owner: id,
                index: fields.len(),
                pointer: &field_pointer,
                hint: &format!("{name} {wire_name}"),
            };
            let mut field = self.lower_field(wire_name, property, &place, &mut wire_names);
            field.name = scope.claim(names::field_name(wire_name));
            field.required = object.required.contains(wire_name);
            fields.push(field);
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
        let additional = match object.additional_properties.as_deref() {
            Some(AdditionalProperties::Allowed(false)) => Additional::Dropped,
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
        let xml_order = self.xml_order(object_schema, &fields, pointer);
        TypeKind::Struct(Struct {
            fields,
            additional,
            xml_order,
        })
    }

    /// The field of the property `wire_name` (its Rust name and `required` are the struct's
    /// to settle). `wire_names` are the wire names and aliases taken so far.
    fn lower_field(
        &mut self,
        wire_name: &str,
        property: &Schema,
        place: &FieldPlace<'_>,
        wire_names: &mut Vec<String>,
    ) -> Field {
        let field_pointer = place.pointer;
        let lowered = self.lower_shape(property.into(), field_pointer, place.hint);
        let mut field = Field {
            name: String::new(),
            wire_name: wire_name.to_owned(),
            aliases: Vec::new(),
            docs: Docs::default(),
            shape: lowered.shape,
            required: false,
            nullable: lowered.nullable,
            default: None,
            boxed: false,
            access: ir::Access::ReadWrite,
            deprecated: false,
            xml: ir::FieldXml::default(),
        };
        // A `$ref`'s siblings are not read (3.0 ignores them).
        if property.reference.is_none() {
            self.property_details(&mut field, property, place, wire_names);
        }
        field.xml = self.field_xml(wire_name, property, &field.shape, field_pointer);
        field
    }

    /// What a property written in place says about its field beyond its shape: access,
    /// aliases, default, docs.
    fn property_details(
        &mut self,
        field: &mut Field,
        property: &Schema,
        place: &FieldPlace<'_>,
        wire_names: &mut Vec<String>,
    ) {
        let field_pointer = place.pointer;
        field.access = match (property.read_only, property.write_only) {
            (true, false) => ir::Access::ReadOnly,
            (false, true) => ir::Access::WriteOnly,
            (true, true) => {
                self.diag.error(
                    field_pointer,
                    "a property cannot be both readOnly and writeOnly",
                    "keep one of them",
                );
                ir::Access::ReadWrite
            }
            (false, false) => ir::Access::ReadWrite,
        };
        field.deprecated = property.deprecated;
        field.aliases = self.aliases(property, field_pointer);
        for alias in &field.aliases {
            if wire_names.contains(alias) {
                self.diag.error(
                    &pointer_join(field_pointer, ALIASES),
                    format!(
                        "alias `{alias}` is already the wire name of another property or alias"
                    ),
                    "every wire name must stand for one property only",
                );
            }
        }
        wire_names.extend(field.aliases.iter().cloned());
        field.default = match (&property.default, &field.shape.ty) {
            (Some(value), Type::Named(target)) => {
                // The enum may not be lowered yet: settle the default at the end.
                self.deferred_defaults.push(super::DeferredDefault {
                    owner: place.owner,
                    field: place.index,
                    target: *target,
                    value: value.clone(),
                    pointer: field_pointer.to_owned(),
                });
                None
            }
            (Some(value), ty) => self.literal(value, ty, field_pointer),
            (None, _) => None,
        };
        field.docs = Self::docs(property, &field.shape.constraints);
        if let Some(format) = vendor_layout(&field.shape.ty) {
            field
                .docs
                .notes
                .insert(0, format!("Written as `{format}`."));
        }
        if !field.aliases.is_empty() {
            let list: Vec<String> = field.aliases.iter().map(|a| format!("`{a}`")).collect();
            field
                .docs
                .notes
                .push(format!("Also read from {}.", list.join(", ")));
        }
        field.nullable |= property.null;
    }

    fn lower_enum(
        &mut self,
        repr: EnumRepr,
        values: Vec<EnumValue>,
        data: &Schema,
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

    fn enum_varnames(&mut self, data: &Schema, count: usize, pointer: &str) -> Option<Vec<String>> {
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

    fn lower_untagged(&mut self, name: &str, schema: &Schema, pointer: &str) -> TypeKind {
        let branches = branches(schema);
        let keyword = if schema.one_of.is_some() {
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
        let discriminator = schema
            .discriminator
            .as_ref()
            .and_then(|d| self.discriminator(d, branches, &pointer_join(pointer, "discriminator")));
        TypeKind::Untagged(Untagged {
            variants,
            discriminator,
        })
    }

    /// The value of the discriminator property for each branch: the `mapping` key that names the
    /// branch's schema, else the schema's name. Every branch must be a `$ref`.
    fn discriminator(
        &mut self,
        discriminator: &crate::doc::Discriminator,
        branches: &[Schema],
        pointer: &str,
    ) -> Option<ir::Discriminator> {
        let mut values = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let Some(reference) = &branch.reference else {
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
                b.reference.as_ref().is_some_and(|reference| {
                    reference == target || reference.rsplit('/').next() == Some(target.as_str())
                })
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

    fn aliases(&mut self, data: &Schema, pointer: &str) -> Vec<String> {
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
        let ty = &self.through_aliases(ty);
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
            (Type::Named(id), value) => self.enum_literal(*id, value),
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

    /// What `ty` stands for through any aliases lowered so far (a bounded number of them, so
    /// an alias cycle, reported elsewhere, ends).
    fn through_aliases(&self, ty: &Type) -> Type {
        let mut ty = ty.clone();
        for _ in 0..self.slots.len() {
            let Type::Named(id) = &ty else { break };
            match self.slots.get(id.0).and_then(Option::as_ref) {
                Some(TypeDef {
                    kind: TypeKind::Alias(shape),
                    ..
                }) => ty = shape.ty.clone(),
                _ => break,
            }
        }
        ty
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
    fn docs(data: &Schema, constraints: &Constraints) -> Docs {
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
        // 3.1 writes `examples`, a list: its first stands for the one example 3.0 writes.
        let example = data
            .example
            .as_ref()
            .or_else(|| data.examples.as_ref().and_then(|e| e.first()));
        Docs {
            title: data.title.clone(),
            description: data.description.clone(),
            notes,
            example: example.map(Value::to_string),
        }
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
fn branches(schema: &Schema) -> &[Schema] {
    schema
        .one_of
        .as_deref()
        .or(schema.any_of.as_deref())
        .or(schema.all_of.as_deref())
        .unwrap_or(&[])
}

/// `oneOf: [X, {nullable: true}]`-style unions that only say "X or null".
fn is_nullable_wrapper(branches: &[Schema]) -> bool {
    branches.len() == 2 && branches.iter().filter(|b| is_null_schema(b)).count() == 1
}

/// `{nullable: true}` alone, or `{type: 'null'}`.
fn is_null_schema(branch: &Schema) -> bool {
    branch.reference.is_none()
        && kind(branch) == Kind::Any
        && ((branch.null && is_empty_any(branch)) || type_name(branch).as_deref() == Some("null"))
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

/// Where a field is: its struct, its index there, its pointer, and the name its inline type
/// would get.
struct FieldPlace<'a> {
    owner: TypeId,
    index: usize,
    pointer: &'a str,
    hint: &'a str,
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

/// The schema a reference names, following `$ref`s between schemas (a bounded number of
/// times, so a cycle ends).
pub(super) fn component_schema<'s>(
    spec: &'s crate::doc::Document,
    reference: &str,
) -> Option<&'s Schema> {
    schema_chain(spec, reference).map(|(schema, _)| schema)
}

/// [`component_schema`], with the pointer where the schema is written.
fn schema_chain<'s>(
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
