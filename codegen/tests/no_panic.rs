//! Whatever the input, generation answers with files or diagnostics, never a panic, and in
//! time: each case runs under a time limit, and one that passes it fails with its input saved.
//! Specs are grown from OpenAPI's own vocabulary (3.0 and 3.1, and Swagger 2.0), some split
//! over several files, so most inputs get far into lowering and emitting.
//!
//! CI runs a short search; a longer one:
//! `PROPTEST_CASES=20000 cargo test --release -p ordergen-codegen --test no_panic`, or for a
//! given time (it reports cases, panics and timeouts):
//! `FUZZ_SECONDS=1800 cargo test --release -p ordergen-codegen --test no_panic -- --ignored --nocapture`.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};

const NAMES: &[&str] = &[
    "id",
    "Order",
    "order-status",
    "order_status",
    "type",
    "self",
    "",
    "1st",
    "Straße",
    "AM",
    "am",
    "unknown_fields",
    "new",
    "Self",
    "makeID",
    "value",
];

const STRINGS: &[&str] = &[
    "object",
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "datetime",
    "int32",
    "int64",
    "decimal",
    "uuid",
    "date",
    "date-time",
    "float",
    "DD.MM.YYYY",
    "YYYY-MM-DD HH:MM:SS",
    "x`[y]",
    "",
    "Self",
];

const TYPES: &[&str] = &[
    "object", "string", "integer", "number", "boolean", "array", "object", "string",
];

const REFS: &[&str] = &[
    "#/components/schemas/A",
    "#/components/schemas/B",
    "#/components/schemas/Missing",
    "other.yaml#/x",
    "#/components/parameters/P",
    "#/components/schemas/A/properties/id",
    "#/components/schemas/B/items",
    "#/paths/~1x~1%7Bid%7D/post/requestBody/content/application~1json/schema",
    "#/components/schemas/A/$defs/D",
    "a.yaml",
    "a.yaml#/A",
    "sub/b.json#/components/schemas/B",
    "../up.yaml#/x",
    "a.yaml#/nothing",
    "https://example.com/x.yaml",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(NAMES).prop_map(str::to_owned),
        "[a-zA-Z0-9 _.-]{0,6}",
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(STRINGS).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e30f64..1e30).prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn reference() -> impl Strategy<Value = Value> {
    prop::sample::select(REFS).prop_map(|r| json!({ "$ref": r }))
}

/// Schemas whose keywords have values of the right JSON type, so parsing gets through and
/// lowering and emitting see the odd combinations.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        reference(),
        prop::sample::select(TYPES).prop_map(|t| json!({ "type": t })),
        Just(json!({ "type": "string", "x-date-format": "DD.MM.YYYY" })),
        Just(json!({ "type": "datetime" })),
        Just(json!({ "type": {} })),
        Just(json!({ "type": ["string", "null"] })),
        Just(json!({ "type": ["integer", "string"] })),
        Just(json!({ "type": "null" })),
        Just(json!(true)),
        Just(json!({ "const": "fixed" })),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let nested = inner.clone();
        let keyword =
            prop_oneof![
            prop::sample::select(TYPES).prop_map(|t| ("type".to_owned(), Value::from(t))),
            prop::sample::select(STRINGS).prop_map(|f| ("format".to_owned(), Value::from(f))),
            prop::collection::vec((name(), inner.clone()), 0..4).prop_map(|props| {
                let map: Map<String, Value> = props.into_iter().collect();
                ("properties".to_owned(), Value::Object(map))
            }),
            prop::collection::vec(name(), 0..3)
                .prop_map(|names| ("required".to_owned(), json!(names))),
            inner.clone().prop_map(|s| ("items".to_owned(), s)),
            prop::collection::vec(scalar(), 0..4).prop_map(|v| ("enum".to_owned(), json!(v))),
            prop::collection::vec(name(), 0..4)
                .prop_map(|v| ("x-enum-varnames".to_owned(), json!(v))),
            prop::collection::vec(name(), 0..2).prop_map(|v| ("x-aliases".to_owned(), json!(v))),
            prop::sample::select(STRINGS).prop_map(|f| ("x-date-format".to_owned(), json!(f))),
            prop::sample::select(&["nullable", "readOnly", "writeOnly", "deprecated"][..])
                .prop_flat_map(|k| any::<bool>().prop_map(move |b| (k.to_owned(), json!(b)))),
            prop::sample::select(&["allOf", "oneOf", "anyOf"][..]).prop_flat_map(move |k| {
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(move |v| (k.to_owned(), json!(v)))
            }),
            prop::sample::select(&["minLength", "maxLength", "minItems", "maxItems"][..])
                .prop_flat_map(|k| (0u64..5).prop_map(move |n| (k.to_owned(), json!(n)))),
            prop::sample::select(&["minimum", "maximum"][..])
                .prop_flat_map(|k| (-1e21f64..1e21).prop_map(move |n| (k.to_owned(), json!(n)))),
            scalar().prop_map(|v| ("default".to_owned(), v)),
            name().prop_map(|p| ("discriminator".to_owned(), json!({ "propertyName": p }))),
            any::<bool>().prop_map(|b| ("additionalProperties".to_owned(), json!(b))),
            Just(("description".to_owned(), json!("[link] <tag> ``` `"))),
            // 3.1's forms, and 3.0's where they differ.
            prop::sample::select(&["exclusiveMinimum", "exclusiveMaximum"][..]).prop_flat_map(
                |k| {
                    prop_oneof![any::<bool>().prop_map(Value::from), scalar()]
                        .prop_map(move |v| (k.to_owned(), v))
                }
            ),
            prop::collection::vec(scalar(), 0..3).prop_map(|v| ("examples".to_owned(), json!(v))),
            scalar().prop_map(|v| ("const".to_owned(), v)),
            prop::collection::vec(nested.clone(), 0..3)
                .prop_map(|v| ("prefixItems".to_owned(), json!(v))),
            prop::collection::vec((name(), nested.clone()), 0..2).prop_map(|defs| {
                let map: Map<String, Value> = defs.into_iter().collect();
                ("$defs".to_owned(), Value::Object(map))
            }),
            prop::sample::select(&["contentEncoding", "contentMediaType"][..])
                .prop_map(|k| (k.to_owned(), json!("base64"))),
            nested.clone().prop_map(|s| ("additionalProperties".to_owned(), s)),
            nested.clone().prop_map(|s| ("not".to_owned(), s)),
            reference().prop_map(|r| ("$ref".to_owned(), r["$ref"].clone())),
        ];
        prop::collection::vec(keyword, 1..4)
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect()))
    })
}

fn spec() -> impl Strategy<Value = String> {
    (
        schema(),
        schema(),
        schema(),
        name(),
        prop::sample::select(&["3.0.3", "3.1.0"][..]),
    )
        .prop_map(|(a, b, parameter, parameter_name, version)| {
            json!({
                "openapi": version,
                "info": {"title": "T", "version": "1"},
                "paths": {"/x/{id}": {"post": {
                    "operationId": "op",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
                        {"name": parameter_name, "in": "query", "schema": {"type": "string"}},
                        {"name": "p", "in": "header", "schema": parameter}
                    ],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
                        "default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}
                    }
                }}},
                "components": {"schemas": {"A": a, "B": b}}
            })
            .to_string()
        })
}

/// Swagger 2.0 documents: `definitions`, every kind of parameter (`body`, `formData`, `type:
/// file`, each `collectionFormat`), `consumes`/`produces`, servers and security definitions.
fn swagger2_spec() -> impl Strategy<Value = String> {
    let parameter = || {
        (
            prop::sample::select(&["query", "path", "header", "body", "formData", "cookie"][..]),
            prop::sample::select(&["string", "array", "file", "integer", "object"][..]),
            prop::sample::select(&["csv", "ssv", "tsv", "pipes", "multi", "bogus", ""][..]),
            name(),
            schema(),
            any::<bool>(),
        )
            .prop_map(|(location, ty, format, name, schema, required)| {
                let mut p = json!({"name": name, "in": location, "required": required});
                if location == "body" {
                    p["schema"] = schema;
                } else {
                    p["type"] = json!(ty);
                    p["items"] = json!({"type": "string", "collectionFormat": format});
                    if !format.is_empty() {
                        p["collectionFormat"] = json!(format);
                    }
                }
                p
            })
    };
    let media = prop::sample::select(
        &[
            "application/json",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "application/xml",
            "text/plain",
        ][..],
    );
    (
        (schema(), schema()),
        prop::collection::vec(parameter(), 0..5),
        prop::collection::vec(parameter(), 0..2),
        prop::collection::vec(media.clone(), 0..3),
        prop::collection::vec(media, 0..3),
        (scalar(), scalar(), prop::sample::select(&["basic", "apiKey", "oauth2", "x"][..])),
        prop::sample::select(&["implicit", "password", "application", "accessCode", "x"][..]),
        any::<bool>(),
    )
        .prop_map(
            |((a, b), parameters, shared, consumes, produces, (host, base, kind), flow, nullable)| {
                json!({
                    "swagger": "2.0",
                    "info": {"title": "T", "version": "1"},
                    "host": host,
                    "basePath": base,
                    "consumes": consumes,
                    "securityDefinitions": {"s": {"type": kind, "flow": flow, "name": "k", "in": "header"}},
                    "parameters": {"P": {"name": "g", "in": "body", "schema": {"$ref": "#/definitions/A"}}},
                    "responses": {"R": {"description": "r", "schema": {"type": "file"}}},
                    "paths": {"/x/{id}": {
                        "parameters": shared,
                        "post": {
                            "operationId": "op",
                            "produces": produces,
                            "parameters": parameters,
                            "responses": {
                                "200": {"description": "ok", "schema": {"$ref": "#/definitions/A"},
                                        "headers": {"h": {"type": "array", "collectionFormat": "pipes"}}},
                                "400": {"$ref": "#/responses/R"},
                                "default": {"description": "e", "schema": {"$ref": "#/definitions/B", "x-nullable": nullable}}
                            }
                        },
                        "put": {"parameters": [{"$ref": "#/parameters/P"}], "responses": {"204": {"description": "none"}}}
                    }},
                    "definitions": {"A": a, "B": b}
                })
                .to_string()
                .replace("#/components/schemas/", "#/definitions/")
            },
        )
}

/// Specs split over files (YAML and JSON, in sub-folders and above), which refer to one another
/// with every kind of `$ref`: chains, cycles, dangling pointers, missing and remote files.
fn multi_file_spec() -> impl Strategy<Value = Vec<(String, String)>> {
    (spec(), schema(), schema(), schema(), schema())
        .prop_map(|(root, a, b, up, path_a)| {
            let root = root.replace(
                "\"schema\":{\"type\":\"integer\"}",
                "\"schema\":{\"$ref\":\"a.yaml#/A\"}",
            );
            let root = root.replace("\"/x/{id}\":", "\"/y\":{\"$ref\":\"a.yaml#/path\"},\"/x/{id}\":");
            vec![
                ("api/openapi.json".to_owned(), root),
                (
                    "api/a.yaml".to_owned(),
                    json!({"A": a, "path": {"get": {"$ref": "sub/b.json#/op"}}, "loop": {"$ref": "#/loop"}})
                        .to_string(),
                ),
                (
                    "api/sub/b.json".to_owned(),
                    json!({
                        "components": {"schemas": {"B": b}},
                        "op": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": path_a}}}}}
                    })
                    .to_string(),
                ),
                ("up.yaml".to_owned(), json!({"x": up}).to_string()),
            ]
        })
}

fn models() -> impl Strategy<Value = String> {
    prop::collection::vec((name(), schema()), 1..5).prop_map(|schemas| {
        let schemas: Map<String, Value> = schemas.into_iter().collect();
        json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas}
        })
        .to_string()
    })
}

/// How long one case may take: far more than any of them needs, in any build.
fn time_limit() -> Duration {
    let millis = std::env::var("FUZZ_CASE_MILLIS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    Duration::from_millis(millis)
}

/// Saves an input that failed, and says where.
fn save(text: &str, why: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no_panic");
    let _ = std::fs::create_dir_all(&dir);
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{why}-{hash:016x}.json"));
    match std::fs::write(&path, text) {
        Ok(()) => path.display().to_string(),
        Err(err) => format!("(not saved: {err})"),
    }
}

/// Generates `text` on a thread of its own, under [`time_limit`]. A panic is raised again
/// here, and a case over the limit fails; either way the input is saved to a file first.
fn generate(text: &str) {
    generate_files(&[("fuzz.json".to_owned(), text.to_owned())]);
}

/// [`generate`] for a spec of several files: the first is the spec, read from its file, and
/// the others are what its `$ref`s may name.
fn generate_files(files: &[(String, String)]) {
    let (send, receive) = mpsc::channel();
    let input = files.to_vec();
    let text = files
        .iter()
        .map(|(path, text)| format!("--- {path}\n{text}\n"))
        .collect::<String>();
    let text = if files.len() == 1 {
        files[0].1.clone()
    } else {
        text
    };
    let worker = std::thread::spawn(move || {
        let (path, text) = &input[0];
        let spec = codegen::SpecInput {
            path: "fuzz.json",
            module: "fuzz",
            text,
        };
        if input.len() == 1 {
            let _ = codegen::generate(spec);
        } else {
            let memory = codegen::load::bundle::MemoryFiles(
                input.iter().map(|(p, t)| (p.into(), t.clone())).collect(),
            );
            let _ = codegen::generate_from_file(spec, std::path::Path::new(path), &memory);
        }
        let _ = send.send(());
    });
    let start = Instant::now();
    let text = text.as_str();
    match receive.recv_timeout(time_limit()) {
        Ok(()) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let path = save(text, "timeout");
            panic!(
                "generation took more than {:?} (still running after {:?}); input saved to {path}",
                time_limit(),
                start.elapsed()
            );
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let path = save(text, "panic");
            eprintln!("the generator panicked; input saved to {path}");
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn specs_built_from_openapi_words_never_panic(text in spec()) {
        generate(&text);
    }

    #[test]
    fn swagger_2_specs_never_panic(text in swagger2_spec()) {
        generate(&text);
    }

    #[test]
    fn specs_split_over_files_never_panic(files in multi_file_spec()) {
        generate_files(&files);
    }

    #[test]
    fn random_models_never_panic(text in models()) {
        generate(&text);
    }

    /// Every file generated from random models is Rust that parses (the models are written
    /// as text, which nothing else checks for syntax before a crate is built).
    #[test]
    fn random_models_generate_rust_that_parses(text in models()) {
        let input = codegen::SpecInput { path: "fuzz.json", module: "fuzz", text: &text };
        if let Ok(output) = codegen::generate(input) {
            for file in &output.files {
                let parsed = syn::parse_file(&file.contents);
                prop_assert!(parsed.is_ok(), "{}: {:?}\n{}", file.path, parsed.err(), file.contents);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        generate(&text);
    }
}

/// Found by `swagger_2_specs_never_panic`: a nullable `$ref` with an `allOf` beside it.
#[test]
fn a_nullable_ref_beside_an_allof_generates() {
    let text = r##"{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "definitions": {"A": {"type": "object", "properties": {"a": {"type": "string"}}},
        "B": {"allOf": [], "x-nullable": true, "$ref": "#/definitions/A"},
        "C": {"allOf": [{"type": "object"}], "x-nullable": true, "$ref": "#/definitions/A"}}}"##;
    let input = codegen::SpecInput {
        path: "spec.json",
        module: "spec",
        text,
    };
    let output = codegen::generate(input).expect("generates");
    assert!(!output.files.is_empty());
}

/// Runs the generators above for `FUZZ_SECONDS` (default 60) and reports how many cases ran;
/// the first panic or timeout stops it, with the input saved.
#[test]
#[ignore = "runs for a given time; see the module docs"]
fn fuzz_for_a_given_time() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runner = TestRunner::default();
    let (specs, models, texts) = (spec(), models(), ".{0,200}");
    let (swagger2, split) = (swagger2_spec(), multi_file_spec());
    let mut cases = [0u64; 5];
    while Instant::now() < deadline {
        for (i, count) in cases.iter_mut().enumerate() {
            if i == 4 {
                let files = split
                    .new_tree(&mut runner)
                    .expect("the strategies generate")
                    .current();
                generate_files(&files);
                *count += 1;
                continue;
            }
            let text = match i {
                0 => specs.new_tree(&mut runner).map(|t| t.current()),
                1 => models.new_tree(&mut runner).map(|t| t.current()),
                2 => swagger2.new_tree(&mut runner).map(|t| t.current()),
                _ => texts.new_tree(&mut runner).map(|t| t.current()),
            }
            .expect("the strategies generate");
            generate(&text);
            *count += 1;
        }
    }
    println!(
        "fuzz: {} cases in {seconds} s ({} specs, {} models, {} Swagger 2.0 specs, {} texts, {} split specs), 0 panics, 0 timeouts",
        cases.iter().sum::<u64>(),
        cases[0],
        cases[1],
        cases[2],
        cases[3],
        cases[4]
    );
}
