//! The reader and the resolver.

use serde_json::{json, Value};

use super::*;
use crate::diag::{Diagnostic, Diagnostics, Severity};

fn document(version: &str, schemas: Value) -> Value {
    json!({
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    })
}

fn read_json(json: Value) -> (Option<Document>, Vec<Diagnostic>) {
    let Value::Object(map) = json else {
        panic!("a document is a mapping")
    };
    let mut diag = Diagnostics::new("spec.yaml", None);
    let doc = read(map, &mut diag);
    (doc, diag.into_items())
}

fn schema(version: &str, json: Value) -> Schema {
    let (doc, items) = read_json(document(version, json!({"S": json})));
    assert!(items.is_empty(), "{items:?}");
    doc.expect("the document reads").components.schemas["S"].clone()
}

#[test]
fn nullable_and_a_null_type_are_the_same_model() {
    let a = schema(
        "3.0.3",
        json!({"type": "string", "nullable": true, "maxLength": 3}),
    );
    let b = schema("3.1.0", json!({"type": ["string", "null"], "maxLength": 3}));
    let c = schema(
        "3.1.0",
        json!({"type": ["null", "string"], "nullable": true, "maxLength": 3}),
    );
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(a.types, Some(vec![SchemaType::String]));
    assert!(a.null);
    let only_null = schema("3.1.0", json!({"type": "null"}));
    assert_eq!(only_null.types, Some(vec![]));
    assert!(only_null.null);
    let not_nullable = schema("3.0.3", json!({"type": "string", "nullable": false}));
    assert!(!not_nullable.null);
    let untyped = schema("3.0.3", json!({"nullable": true}));
    assert_eq!((untyped.types, untyped.null), (None, true));
}

#[test]
fn exclusive_bounds_are_numbers_whichever_form_is_written() {
    let old = schema(
        "3.0.3",
        json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false}),
    );
    let new = schema(
        "3.1.0",
        json!({"type": "integer", "exclusiveMinimum": 1, "maximum": 9}),
    );
    assert_eq!(old, new);
    assert_eq!(old.exclusive_minimum, Some(1.into()));
    assert_eq!(old.minimum, None);
    assert_eq!(old.maximum, Some(9.into()));
    assert_eq!(old.exclusive_maximum, None);
    let both = schema("3.1.0", json!({"minimum": 0, "exclusiveMaximum": 2.5}));
    assert_eq!(both.minimum, Some(0.into()));
    assert_eq!(both.exclusive_maximum.and_then(|n| n.as_f64()), Some(2.5));

    // A flag with no bound to make exclusive says nothing: kept as written, with a warning.
    let (doc, items) = read_json(document(
        "3.0.3",
        json!({"S": {"type": "number", "exclusiveMaximum": true}}),
    ));
    let lone = &doc
        .expect("a warning does not stop reading")
        .components
        .schemas["S"];
    assert_eq!(lone.exclusive_maximum, None);
    assert_eq!(lone.unknown["exclusiveMaximum"], json!(true));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].severity, Severity::Warning);
    assert_eq!(items[0].pointer, "#/components/schemas/S/exclusiveMaximum");
}

#[test]
fn ref_siblings_extensions_and_unknown_keywords_are_kept() {
    let s = schema(
        "3.1.0",
        json!({
            "$ref": "#/components/schemas/T",
            "description": "overrides",
            "default": {"a": 1},
            "x-aliases": ["b"],
            "if": {"type": "string"},
            "const": 3,
            "examples": [1, 2],
            "prefixItems": [{"type": "string"}],
            "contentEncoding": "base64",
            "$defs": {"D": {"type": "integer"}},
            "xml": {"name": "Thing"},
        }),
    );
    assert_eq!(s.reference.as_deref(), Some("#/components/schemas/T"));
    assert_eq!(s.description.as_deref(), Some("overrides"));
    assert_eq!(s.default, Some(json!({"a": 1})));
    assert_eq!(s.extensions["x-aliases"], json!(["b"]));
    assert_eq!(s.unknown["if"], json!({"type": "string"}));
    assert_eq!(s.constant, Some(json!(3)));
    assert_eq!(s.examples, Some(vec![json!(1), json!(2)]));
    assert_eq!(s.prefix_items.as_ref().map(Vec::len), Some(1));
    assert_eq!(s.content_encoding.as_deref(), Some("base64"));
    assert_eq!(s.defs["D"].types, Some(vec![SchemaType::Integer]));
    assert_eq!(s.xml, Some(json!({"name": "Thing"})));

    let (doc, items) = read_json(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1", "x-logo": "l"},
        "x-top": 1,
        "paths": {
            "x-paths": true,
            "/a": {"get": {
                "parameters": [{"name": "p", "in": "query", "schema": {}, "x-body-field": "id"}],
                "responses": {"200": {"description": "ok", "x-success-flag": {"field": "ok"}}},
                "x-op": 2,
            }},
        },
    }));
    assert!(items.is_empty(), "{items:?}");
    let doc = doc.expect("the document reads");
    assert_eq!(doc.extra["x-top"], json!(1));
    assert_eq!(doc.info.extra["x-logo"], json!("l"));
    assert_eq!(doc.paths_extra["x-paths"], json!(true));
    let RefOr::Item(item) = &doc.paths["/a"] else {
        panic!("a path item")
    };
    let op = item.operation("get").expect("a GET");
    assert_eq!(op.extra["x-op"], json!(2));
    let RefOr::Item(parameter) = &op.parameters[0] else {
        panic!("a parameter")
    };
    assert_eq!(parameter.extra["x-body-field"], json!("id"));
    let RefOr::Item(response) = &op.responses.by_status[0].1 else {
        panic!("a response")
    };
    assert_eq!(response.extra["x-success-flag"], json!({"field": "ok"}));
}

#[test]
fn malformed_keywords_are_located_and_reading_goes_on() {
    let (doc, items) = read_json(json!({
        "openapi": "3.0.3",
        "info": {"title": "t"},
        "paths": {"/a": {"get": {"parameters": {"name": "x"}, "responses": {}}}},
        "components": {"schemas": {
            "A": {"properties": {"a": {"properties": {"a": {"type": {}}}}}},
            "B": {"type": "object", "required": "id", "minLength": -1},
            "C": 5,
        }},
    }));
    assert!(doc.is_none());
    let found: Vec<(&str, &str)> = items
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("#/info", "`info` has no `version`"),
            (
                "#/paths/~1a/get/parameters",
                "`parameters` must be a list, not a mapping"
            ),
            (
                "#/components/schemas/A/properties/a/properties/a/type",
                "`type` must be a type name or a list of type names, not a mapping"
            ),
            (
                "#/components/schemas/B/required",
                "`required` must be a list of strings, not a string"
            ),
            (
                "#/components/schemas/B/minLength",
                "`minLength` must be a whole number of zero or more, not -1"
            ),
            (
                "#/components/schemas/C",
                "a schema must be a mapping (or true or false), not a number"
            ),
        ]
    );
    assert!(items.iter().all(|d| d.severity == Severity::Error));
}

#[test]
fn schemas_nested_past_the_limit_are_refused_where_the_limit_is_passed() {
    let mut inner = json!({"type": "string"});
    for _ in 0..MAX_SCHEMA_DEPTH + 5 {
        inner = json!({"items": inner});
    }
    let (doc, items) = read_json(document("3.0.3", json!({"Deep": inner})));
    assert!(doc.is_none());
    assert_eq!(items.len(), 1, "{items:?}");
    let pointer = format!(
        "#/components/schemas/Deep{}",
        "/items".repeat(MAX_SCHEMA_DEPTH)
    );
    assert_eq!(items[0].pointer, pointer);
    assert!(
        items[0].message.contains("128 levels"),
        "{}",
        items[0].message
    );
}

#[test]
fn a_ref_leads_to_any_pointer_in_the_document() {
    let (doc, items) = read_json(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/users/{id}": {"get": {
            "parameters": [{"$ref": "#/components/parameters/Alias"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
            }}}},
        }}},
        "components": {
            "schemas": {"A": {"properties": {"b": {"type": "integer"}}, "$defs": {"D": {}}}},
            "parameters": {
                "Alias": {"$ref": "#/components/parameters/Id"},
                "Id": {"name": "id", "in": "path", "required": true, "schema": {}},
                "Loop": {"$ref": "#/components/parameters/Loop"},
            },
        },
    }));
    assert!(items.is_empty(), "{items:?}");
    let doc = doc.expect("the document reads");
    let (b, at) = doc
        .resolve::<Schema>("#/components/schemas/A/properties/b")
        .expect("a property");
    assert_eq!(b.types, Some(vec![SchemaType::Integer]));
    assert_eq!(at, "#/components/schemas/A/properties/b");
    let name = "#/paths/~1users~1%7Bid%7D/get/responses/200/content/application~1json/schema/properties/name";
    let (name_schema, at) = doc.resolve::<Schema>(name).expect("a schema in a path");
    assert_eq!(name_schema.types, Some(vec![SchemaType::String]));
    assert_eq!(
        at,
        "#/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/name"
    );
    assert!(doc
        .resolve::<Schema>("#/components/schemas/A/$defs/D")
        .is_ok());
    let (id, at) = doc
        .resolve::<Parameter>("#/components/parameters/Alias")
        .expect("a chain of parameters");
    assert_eq!(
        (id.name.as_str(), at.as_str()),
        ("id", "#/components/parameters/Id")
    );
    assert_eq!(
        doc.resolve::<Parameter>("#/components/parameters/Loop")
            .err(),
        Some(RefError::Cycle)
    );
    assert_eq!(
        doc.resolve::<Schema>("#/components/parameters/Id").err(),
        Some(RefError::WrongKind { found: "parameter" })
    );
    assert_eq!(
        doc.resolve::<Schema>("#/components/schemas/Nope").err(),
        Some(RefError::NotFound)
    );
    assert_eq!(
        doc.resolve::<Schema>("other.yaml#/A").err(),
        Some(RefError::External)
    );
}
