//! What a schema is, as lowering tells schemas apart: by its `type` and the keywords present.
//!
//! A schema of one type whose other keywords all belong to that type is of that type; one that
//! is only a composition (`oneOf`, `allOf`, `anyOf`, `not`) is that composition; anything else
//! (no type, keywords of several types, a type JSON Schema does not know) is [`Kind::Any`],
//! which lowering reads by the keywords present.

use std::borrow::Cow;

use serde_json::{Number, Value};

use crate::doc::{AdditionalProperties, Map, Schema, SchemaType};

/// The kind of a schema (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    OneOf,
    AllOf,
    AnyOf,
    Not,
    Any,
}

/// The keywords of an object schema lowering reads: borrowed from a schema, or merged from
/// the parts of an `allOf`.
#[derive(Debug, Clone, Default)]
pub(super) struct Object<'s> {
    pub properties: Cow<'s, Map<Schema>>,
    pub required: Cow<'s, [String]>,
    pub additional_properties: Option<Cow<'s, AdditionalProperties>>,
}

impl<'s> Object<'s> {
    /// The object keywords of `schema`.
    pub fn of(schema: &'s Schema) -> Self {
        Object {
            properties: match &schema.properties {
                Some(properties) => Cow::Borrowed(properties),
                None => Cow::Owned(Map::new()),
            },
            required: match &schema.required {
                Some(required) => Cow::Borrowed(required.as_slice()),
                None => Cow::Owned(Vec::new()),
            },
            additional_properties: schema.additional_properties.as_ref().map(Cow::Borrowed),
        }
    }
}

/// The type name lowering matches on: the one type of `type`, `null` for `type: 'null'`,
/// `None` without a type, and every name joined for a schema of several types.
pub(super) fn type_name(schema: &Schema) -> Option<Cow<'_, str>> {
    match schema.types.as_deref() {
        None => None,
        Some([]) if schema.null => Some(Cow::Borrowed("null")),
        Some([]) => None,
        Some([one]) => Some(Cow::Borrowed(one.name())),
        Some(several) => Some(Cow::Owned(
            several
                .iter()
                .map(SchemaType::name)
                .collect::<Vec<_>>()
                .join(", "),
        )),
    }
}

struct Present {
    numeric: bool,
    integral: bool,
    object: bool,
    array: bool,
    length: bool,
    pattern: bool,
    format: bool,
    composition: bool,
}

fn present(s: &Schema) -> Present {
    let numbers = [
        &s.multiple_of,
        &s.minimum,
        &s.maximum,
        &s.exclusive_minimum,
        &s.exclusive_maximum,
    ];
    Present {
        numeric: numbers.iter().any(|n| n.is_some()),
        integral: numbers
            .iter()
            .all(|n| n.as_ref().is_none_or(Number::is_i64)),
        object: s.properties.is_some()
            || s.required.is_some()
            || s.additional_properties.is_some()
            || s.min_properties.is_some()
            || s.max_properties.is_some(),
        array: s.items.is_some()
            || s.min_items.is_some()
            || s.max_items.is_some()
            || s.unique_items.is_some(),
        length: s.min_length.is_some() || s.max_length.is_some(),
        pattern: s.pattern.is_some(),
        format: s.format.is_some(),
        composition: s.one_of.is_some()
            || s.all_of.is_some()
            || s.any_of.is_some()
            || s.not.is_some(),
    }
}

fn enum_of(s: &Schema, check: fn(&Value) -> bool) -> bool {
    s.enumeration
        .iter()
        .flatten()
        .all(|v| v.is_null() || check(v))
}

/// The kind of `s`, by the rules of the module docs.
pub(super) fn kind(s: &Schema) -> Kind {
    let p = present(s);
    let typ = type_name(s);
    let only_type_keywords = !p.composition;
    match typ.as_deref() {
        Some("string")
            if only_type_keywords
                && !p.numeric
                && !p.object
                && !p.array
                && enum_of(s, Value::is_string) =>
        {
            Kind::String
        }
        Some("number")
            if only_type_keywords
                && !p.pattern
                && !p.object
                && !p.array
                && !p.length
                && enum_of(s, Value::is_number) =>
        {
            Kind::Number
        }
        Some("integer")
            if only_type_keywords
                && !p.pattern
                && !p.object
                && !p.array
                && !p.length
                && p.integral
                && enum_of(s, Value::is_i64) =>
        {
            Kind::Integer
        }
        Some("boolean")
            if only_type_keywords
                && !p.numeric
                && !p.pattern
                && !p.object
                && !p.array
                && !p.format
                && !p.length
                && enum_of(s, Value::is_boolean) =>
        {
            Kind::Boolean
        }
        Some("object")
            if only_type_keywords
                && !p.numeric
                && !p.pattern
                && !p.array
                && s.enumeration.is_none()
                && !p.format
                && !p.length =>
        {
            Kind::Object
        }
        Some("array")
            if only_type_keywords
                && !p.numeric
                && !p.pattern
                && !p.object
                && s.enumeration.is_none()
                && !p.format
                && !p.length =>
        {
            Kind::Array
        }
        None if !p.numeric
            && !p.pattern
            && !p.object
            && !p.array
            && s.enumeration.is_none()
            && !p.format
            && !p.length =>
        {
            match (&s.one_of, &s.all_of, &s.any_of, &s.not) {
                (Some(_), None, None, None) => Kind::OneOf,
                (None, Some(_), None, None) => Kind::AllOf,
                (None, None, Some(_), None) => Kind::AnyOf,
                (None, None, None, Some(_)) => Kind::Not,
                _ => Kind::Any,
            }
        }
        _ => Kind::Any,
    }
}

/// A [`Kind::Any`] schema with no keyword that says anything about its values (`{}`, or
/// only docs): any JSON value.
pub(super) fn is_empty_any(s: &Schema) -> bool {
    let empty = |list: &Option<Vec<Schema>>| list.as_ref().is_none_or(Vec::is_empty);
    type_name(s).is_none()
        && s.pattern.is_none()
        && s.multiple_of.is_none()
        && s.minimum.is_none()
        && s.maximum.is_none()
        && s.exclusive_minimum.is_none()
        && s.exclusive_maximum.is_none()
        && s.properties.as_ref().is_none_or(Map::is_empty)
        && s.required.as_ref().is_none_or(Vec::is_empty)
        && s.additional_properties.is_none()
        && s.min_properties.is_none()
        && s.max_properties.is_none()
        && s.items.is_none()
        && s.min_items.is_none()
        && s.max_items.is_none()
        && s.unique_items.is_none()
        && s.enumeration.as_ref().is_none_or(Vec::is_empty)
        && s.format.is_none()
        && s.min_length.is_none()
        && s.max_length.is_none()
        && empty(&s.one_of)
        && empty(&s.all_of)
        && empty(&s.any_of)
        && s.not.is_none()
}

/// `type: 'null'` and nothing else that says anything about the value.
pub(super) fn is_null_only(s: &Schema) -> bool {
    s.types.as_ref().is_some_and(Vec::is_empty)
        && s.null
        && is_empty_any(&Schema {
            types: None,
            ..s.clone()
        })
}

/// The properties of a [`Kind::Any`] schema (empty when it has none).
pub(super) fn any_properties(s: &Schema) -> usize {
    s.properties.as_ref().map_or(0, Map::len)
}

/// The schema without what does not decide its values (docs, examples, `xml`, extensions,
/// `null`, unknown keywords): two media types whose schemas differ only there carry the same
/// values.
pub(super) fn values_only(s: &Schema) -> Schema {
    Schema {
        null: false,
        title: None,
        description: None,
        default: None,
        example: None,
        examples: None,
        read_only: false,
        write_only: false,
        deprecated: false,
        discriminator: None,
        xml: None,
        external_docs: None,
        extensions: Default::default(),
        unknown: Default::default(),
        ..s.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;

    fn schema(json: Value) -> Schema {
        let text = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"S": json}},
        });
        let Value::Object(map) = text else {
            unreachable!()
        };
        let mut diag = Diagnostics::new("spec.yaml", None);
        let doc = crate::doc::read(map, &mut diag).expect("the schema reads");
        doc.components.schemas["S"].clone()
    }

    #[test]
    fn schemas_are_told_apart_by_type_and_keywords() {
        use serde_json::json;
        for (json, expected) in [
            (json!({"type": "string", "maxLength": 3}), Kind::String),
            (json!({"type": "string", "enum": ["a", null]}), Kind::String),
            (json!({"type": "string", "enum": [1]}), Kind::Any),
            (json!({"type": "string", "properties": {}}), Kind::Any),
            (json!({"type": ["string", "null"]}), Kind::String),
            (json!({"type": "integer", "minimum": 1.5}), Kind::Any),
            (
                json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true}),
                Kind::Integer,
            ),
            (
                json!({"type": "number", "exclusiveMaximum": 2.5}),
                Kind::Number,
            ),
            (json!({"type": "boolean", "format": "x"}), Kind::Any),
            (json!({"type": "object", "properties": {}}), Kind::Object),
            (json!({"type": "array", "items": {}}), Kind::Array),
            (json!({"oneOf": []}), Kind::OneOf),
            (json!({"allOf": [{}], "description": "d"}), Kind::AllOf),
            (json!({"anyOf": [{}], "oneOf": [{}]}), Kind::Any),
            (json!({"not": {}}), Kind::Not),
            (json!({"properties": {"a": {}}}), Kind::Any),
            (json!({"type": "datetime"}), Kind::Any),
            (json!({"type": ["string", "integer"]}), Kind::Any),
        ] {
            assert_eq!(kind(&schema(json.clone())), expected, "{json}");
        }
        assert!(is_empty_any(&schema(json!({"description": "anything"}))));
        assert!(is_empty_any(&schema(json!({"properties": {}}))));
        assert!(!is_empty_any(&schema(json!({"type": "null"}))));
        assert!(!is_empty_any(&schema(json!({"minimum": 1}))));
    }
}
