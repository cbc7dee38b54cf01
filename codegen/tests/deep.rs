//! Deeply nested documents take time in proportion to their size (issue 19): a chain of
//! schemas nested through `properties`, `allOf`, `oneOf`, `items` or `additionalProperties`, or
//! joined by `$ref`s, at depths 10 to 1,000, each valid and each with a malformed leaf
//! (`type: {}`), is answered within a second, and a chain past a depth limit gets the located
//! error that names the limit rather than a crash.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use codegen::{Diagnostic, Severity};

const LIMIT: Duration = Duration::from_secs(1);

/// How a chain nests one schema in the next: the text before and after the inner schema, and
/// how many levels of YAML/JSON nesting each step adds.
struct Shape {
    name: &'static str,
    open: &'static str,
    close: &'static str,
    levels: usize,
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "properties",
        open: r#"{"properties": {"a": "#,
        close: "}}",
        levels: 2,
    },
    Shape {
        name: "allOf",
        open: r#"{"allOf": ["#,
        close: "]}",
        levels: 2,
    },
    Shape {
        name: "oneOf",
        open: r#"{"oneOf": [{"type": "integer"}, "#,
        close: "]}",
        levels: 2,
    },
    Shape {
        name: "items",
        open: r#"{"type": "array", "items": "#,
        close: "}",
        levels: 1,
    },
    Shape {
        name: "additionalProperties",
        open: r#"{"type": "object", "additionalProperties": "#,
        close: "}",
        levels: 1,
    },
];

const VALID_LEAF: &str = r#"{"type": "string"}"#;
const MALFORMED_LEAF: &str = r#"{"type": {}}"#;

/// The levels of nesting around the chain's first schema: the document, `components`,
/// `schemas`.
const OUTSIDE: usize = 3;

/// The YAML and JSON reader's nesting limit.
const NESTING_LIMIT: usize = 128;

fn document(schemas: &str) -> String {
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "deep", "version": "1"}}, "paths": {{}},
"components": {{"schemas": {schemas}}}}}
"#
    )
}

fn chain(shape: &Shape, depth: usize, leaf: &str) -> String {
    let mut text = String::new();
    for _ in 0..depth {
        text.push_str(shape.open);
    }
    text.push_str(leaf);
    for _ in 0..depth {
        text.push_str(shape.close);
    }
    document(&format!(r#"{{"Root": {text}}}"#))
}

/// `depth` components, each a `$ref` to the next, the last `leaf`.
fn component_refs(depth: usize, leaf: &str) -> String {
    let mut schemas: Vec<String> = (0..depth)
        .map(|i| format!(r##""S{i}": {{"$ref": "#/components/schemas/S{}"}}"##, i + 1))
        .collect();
    schemas.push(format!(r#""S{depth}": {leaf}"#));
    document(&format!("{{{}}}", schemas.join(", ")))
}

/// One schema with `depth` properties, each a `$ref` to the next property, the last `leaf`.
fn property_refs(depth: usize, leaf: &str) -> String {
    let mut properties: Vec<String> = (0..depth)
        .map(|i| {
            format!(
                r##""p{i}": {{"$ref": "#/components/schemas/Root/properties/p{}"}}"##,
                i + 1
            )
        })
        .collect();
    properties.push(format!(r#""p{depth}": {leaf}"#));
    document(&format!(
        r#"{{"Root": {{"type": "object", "properties": {{{}}}}}}}"#,
        properties.join(", ")
    ))
}

/// Generates `text` on a thread of its own; fails if that takes longer than [`LIMIT`].
fn generate_in_time(what: &str, text: String) -> Result<(), Vec<Diagnostic>> {
    let (send, receive) = mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let result = codegen::generate(codegen::SpecInput {
            path: "deep.json",
            module: "deep",
            text: &text,
        });
        let _ = send.send(result.map(|_| ()));
    });
    match receive.recv_timeout(LIMIT) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: no answer after {:?}", start.elapsed())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: the generator panicked"),
    }
}

fn errors(result: Result<(), Vec<Diagnostic>>, what: &str) -> Vec<Diagnostic> {
    match result {
        Ok(()) => panic!("{what}: generated code, but the document is not valid"),
        Err(items) => items
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

fn assert_nesting_limit(result: Result<(), Vec<Diagnostic>>, what: &str) {
    let errors = errors(result, what);
    assert_eq!(errors.len(), 1, "{what}: {errors:?}");
    assert!(
        errors[0].message.contains("128 levels"),
        "{what}: {}",
        errors[0].message
    );
    assert!(errors[0].location.is_some(), "{what}: {:?}", errors[0]);
}

fn assert_malformed_leaf(result: Result<(), Vec<Diagnostic>>, what: &str) {
    let errors = errors(result, what);
    assert_eq!(errors.len(), 1, "{what}: {errors:?}");
    assert!(
        errors[0].pointer.ends_with("/type") && errors[0].message.starts_with("`type` must be"),
        "{what}: {:?}",
        errors[0]
    );
}

#[test]
fn nested_chains_are_answered_in_time() {
    for shape in SHAPES {
        // 60 levels of `properties`, or 120 of `items`, is as deep as the reader's nesting
        // limit allows: the deepest documents lowering and emitting ever see.
        for depth in [10, 60, 100, 120, 1000] {
            let too_deep = OUTSIDE + depth * shape.levels + 1 > NESTING_LIMIT;
            for (leaf, malformed) in [(VALID_LEAF, false), (MALFORMED_LEAF, true)] {
                let what = format!("{} at depth {depth}, leaf {leaf}", shape.name);
                let result = generate_in_time(&what, chain(shape, depth, leaf));
                match (too_deep, malformed) {
                    (true, _) => assert_nesting_limit(result, &what),
                    (false, true) => assert_malformed_leaf(result, &what),
                    (false, false) => {
                        if let Err(items) = result {
                            panic!("{what}: {items:?}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn ref_chains_are_answered_in_time() {
    for depth in [10, 100, 1000] {
        for (leaf, malformed) in [(VALID_LEAF, false), (MALFORMED_LEAF, true)] {
            // Between components: each is a type of its own, an alias of the next.
            let what = format!("components at depth {depth}, leaf {leaf}");
            let result = generate_in_time(&what, component_refs(depth, leaf));
            match malformed {
                true => assert_malformed_leaf(result, &what),
                false => assert!(result.is_ok(), "{what}: {result:?}"),
            }

            // Between schemas written in place: followed one inside the other, up to a limit.
            let what = format!("properties at depth {depth}, leaf {leaf}");
            let result = generate_in_time(&what, property_refs(depth, leaf));
            if malformed {
                // The reader finds the malformed leaf before anything follows the chain.
                assert_malformed_leaf(result, &what);
            } else if depth > codegen::doc::MAX_REF_CHAIN {
                let errors = errors(result, &what);
                assert!(
                    errors
                        .iter()
                        .any(|e| e.message.contains("more than 128 $refs") && e.location.is_some()),
                    "{what}: {errors:?}"
                );
            } else {
                assert!(result.is_ok(), "{what}: {result:?}");
            }
        }
    }
}

/// `allOf`s that name the next schema twice: merged naively, the work doubles with every link.
fn doubling_all_of(depth: usize) -> String {
    let mut schemas: Vec<String> = (0..depth)
        .map(|i| {
            let next = format!(r##"{{"$ref": "#/components/schemas/S{}"}}"##, i + 1);
            format!(r#""S{i}": {{"allOf": [{next}, {next}]}}"#)
        })
        .collect();
    schemas.push(format!(
        r#""S{depth}": {{"type": "object", "properties": {{"id": {{"type": "string"}}}}}}"#
    ));
    document(&format!("{{{}}}", schemas.join(", ")))
}

#[test]
fn all_of_chains_are_merged_once_each() {
    for depth in [10, 30, 100] {
        let what = format!("allOf naming the next schema twice, {depth} links");
        // Past 32 links of `allOf` in a row the merge refuses, with a located error.
        let result = generate_in_time(&what, doubling_all_of(depth));
        if depth <= 31 {
            assert!(result.is_ok(), "{what}: {result:?}");
        } else {
            let errors = errors(result, &what);
            assert!(
                errors.iter().all(|e| e.message.contains("nests too deep")),
                "{what}: {errors:?}"
            );
        }
    }
    // An `allOf` that names itself through a `$ref` into a path (found by the fuzz run: it
    // took more than a minute).
    let text = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
"paths": {"/x": {"post": {
  "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
  "responses": {"200": {"description": "ok"}}}}},
"components": {"schemas": {"A": {"allOf": [
  {"$ref": "#/paths/~1x/post/requestBody/content/application~1json/schema"},
  {"$ref": "#/components/schemas/A"}]}}}}
"##;
    let what = "an allOf that names itself";
    let errors = errors(generate_in_time(what, text.to_owned()), what);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors
        .iter()
        .all(|e| e.message.contains("refers back to a schema it is part of")));
}

#[test]
fn an_xml_body_of_a_schema_that_is_an_alias_of_itself_is_answered_in_time() {
    // Found by the property tests: checking the XML body followed the alias forever.
    let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/xml:
            schema: {$ref: "#/components/schemas/A"}
      responses:
        "204": {description: ok}
components:
  schemas:
    A: {$ref: "#/components/schemas/A"}
"##;
    let result = generate_in_time("a self-alias as an XML body", spec.to_owned());
    let errors = result.expect_err("a $ref cycle is an error");
    assert!(
        errors.iter().any(|d| d.message.contains("$ref cycle")),
        "{errors:?}"
    );
}
