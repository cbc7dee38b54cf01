//! Objects: `allOf` parts merged into one object, and an object's properties into the fields
//! of a struct.

use std::borrow::Cow;

use super::kind::{any_properties, kind, values_only, Kind, Object};
use super::schema::{
    branches, is_docs_only, is_null_marker, schema_chain, vendor_layout, wrap_nullable,
};
use super::Lowerer;
use crate::diag::pointer_join;
use crate::doc::{AdditionalProperties, Schema};
use serde_json::Value;

use crate::ir::{self, Additional, Docs, Field, Struct, Type, TypeId, TypeKind};
use crate::names::{self, Scope};

const ALIASES: &str = "x-aliases";

impl Lowerer<'_> {
    /// The object the `allOf` schema at `pointer` describes, merged once however many
    /// schemas name it (a chain of `allOf`s that name each other twice over would otherwise be
    /// merged a number of times that doubles with each link); a schema that names itself
    /// through its parts is reported, not followed.
    pub(super) fn merged_all_of(
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
    pub(super) fn merge_all_of(
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
            if is_docs_only(part) || is_null_marker(part) {
                continue;
            }
            let part_pointer = format!("{pointer}/allOf/{i}");
            let (schema, at) = part_at(spec, part, &part_pointer);
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
                    // The parts are merged as objects: a value of this part's type could not
                    // also be one of theirs.
                    self.diag.warning(
                        &part_pointer,
                        format!("allOf part {i} is not an object, so it cannot be merged with the object parts; it is ignored"),
                        "merge objects only, or use oneOf for alternatives",
                    );
                    continue;
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
            self.merge_object(&mut merged, object, &part_pointer);
        }
        ok.then_some(merged)
    }

    /// Adds one `allOf` part's object keywords to `merged`; a property defined differently in
    /// two parts keeps the narrower definition, with a warning.
    pub(super) fn merge_object(
        &mut self,
        merged: &mut Object<'static>,
        object: Object<'_>,
        part_pointer: &str,
    ) {
        for (name, property) in object.properties.iter() {
            match merged.properties.get(name) {
                Some(existing) if values_only(existing) != values_only(property) => {
                    // Both parts hold of the value: the narrower definition says more of it.
                    let keep_new = narrowness(property) > narrowness(existing);
                    self.diag.warning(
                        &pointer_join(&pointer_join(part_pointer, "properties"), name),
                        format!(
                            "property `{name}` is defined differently in two allOf parts; the {} definition, which says more of the value, is kept",
                            if keep_new { "later" } else { "earlier" }
                        ),
                        "define it once, or the same way in every part",
                    );
                    if keep_new {
                        merged
                            .properties
                            .to_mut()
                            .insert(name.clone(), property.clone());
                    }
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
    }

    pub(super) fn lower_struct(
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
            if object.properties.contains_key(required) || wire_names.contains(required) {
                continue;
            }
            // The intent is a property the object has; its schema is not given, so it is any
            // JSON value, optional so that a value without it still reads.
            self.diag.warning(
                &pointer_join(&pointer_join(pointer, "required"), &i.to_string()),
                format!("`required` names `{required}`, which is not a property; it becomes an optional field of any JSON value"),
                "add the property, or remove it from `required`",
            );
            wire_names.push(required.clone());
            fields.push(Field {
                name: scope.claim(names::field_name(required)),
                wire_name: required.clone(),
                aliases: Vec::new(),
                docs: Docs {
                    notes: vec![
                        "Listed in `required` without a schema of its own: any JSON value."
                            .to_owned(),
                    ],
                    ..Docs::default()
                },
                shape: ir::Shape {
                    ty: Type::Json,
                    constraints: ir::Constraints::default(),
                },
                required: false,
                nullable: false,
                default: None,
                boxed: false,
                access: ir::Access::ReadWrite,
                deprecated: false,
                xml: ir::FieldXml {
                    name: ir::XmlName {
                        name: required.clone(),
                        namespace: None,
                        prefix: None,
                    },
                    ..ir::FieldXml::default()
                },
            });
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
    pub(super) fn lower_field(
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
    pub(super) fn property_details(
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
            (Some(value), ty @ (Type::Named(_) | Type::Array(_))) if names_a_type(ty) => {
                // The enum may not be lowered yet: settle the default at the end.
                self.deferred_defaults.push(super::DeferredDefault {
                    owner: place.owner,
                    field: place.index,
                    ty: ty.clone(),
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

    pub(super) fn aliases(&mut self, data: &Schema, pointer: &str) -> Vec<String> {
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
}

/// Where a field is: its struct, its index there, its pointer, and the name its inline type
/// would get.
pub(super) struct FieldPlace<'a> {
    owner: TypeId,
    index: usize,
    pointer: &'a str,
    hint: &'a str,
}

/// How much a property's schema says of its value, to choose between two definitions of it in
/// an `allOf`: a `$ref` or a type, then each further assertion.
fn narrowness(schema: &Schema) -> usize {
    let mut score = 0;
    if schema.reference.is_some() {
        score += 8;
    }
    if schema.types.is_some() {
        score += 4;
    }
    if schema.enumeration.is_some() || schema.constant.is_some() {
        score += 4;
    }
    if !schema.null {
        score += 1;
    }
    score += [
        schema.format.is_some(),
        schema.pattern.is_some(),
        schema.min_length.is_some(),
        schema.max_length.is_some(),
        schema.minimum.is_some() || schema.exclusive_minimum.is_some(),
        schema.maximum.is_some() || schema.exclusive_maximum.is_some(),
        schema.items.is_some(),
        schema.properties.is_some(),
        schema.all_of.is_some() || schema.one_of.is_some() || schema.any_of.is_some(),
    ]
    .into_iter()
    .filter(|present| *present)
    .count();
    score
}

/// Whether a default of this type can only be settled once the named types are lowered.
fn names_a_type(ty: &Type) -> bool {
    match ty {
        Type::Named(_) => true,
        Type::Array(item) => names_a_type(&item.ty),
        _ => false,
    }
}

/// A part of a composition and where it is written: a part written in place is where it
/// stands; one named by `$ref`, where the `$ref` leads (`None` when it leads nowhere).
pub(super) fn part_at<'s>(
    spec: &'s crate::doc::Document,
    part: &'s Schema,
    part_pointer: &str,
) -> (Option<&'s Schema>, String) {
    match &part.reference {
        None => (Some(part), part_pointer.to_owned()),
        Some(reference) => match schema_chain(spec, reference) {
            Some((schema, at)) => (Some(schema), at),
            None => (None, part_pointer.to_owned()),
        },
    }
}
