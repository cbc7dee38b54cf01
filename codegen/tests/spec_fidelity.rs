//! Spec fidelity: the hand-transcribed specs in `specs/` against the vendor documents they were
//! transcribed from (`specs/seeds/`), and the fixtures in `specs/fixtures/` against the specs.
//!
//! The seed documents are parsed here, not copied into the test: a field that is renamed, dropped,
//! reordered or invented in a spec, a wrong required set, length limit, default or enum fails with
//! a message naming the spec, the schema and the field. Every check collects its problems and a
//! test reports all of them at once.
//!
//! Run with `cargo test -p ordergen-codegen --test spec_fidelity`.

use serde_json::Value as Json;
use serde_yaml_ng::{Mapping, Value as Yaml};
use std::fmt::{Debug, Display};
use std::path::PathBuf;

/// Fields an Order carries in responses before the request attributes, in the order the project's
/// API notes (`API-NOTES.md`, "quotevine": "an Order returned carries ...") list them. The seed
/// documents only the request attributes.
/// `driver_id` is not in that list; the published example Order (`API-NOTES.md`) carries it
/// second, as `null`.
const QUOTEVINE_ORDER_RESPONSE_FIELDS: &[&str] = &[
    "vehicle_order_id",
    "driver_id",
    "proposal_id",
    "order_date",
    "target_delivery_date",
    "created_by",
    "creation_date",
    "last_updated_by",
    "last_update_date",
    "order_status",
    "new_used",
    "quantity",
    "k4k_flag",
    "external_reference",
    "order_number",
];

/// Spellings the vendor is documented to return beyond a closed set of the attribute table
/// (`API-NOTES.md`: the published example Order shows `"new_used": "NEW"`). The spec lists each
/// after the table's values, so a documented response is valid against the spec.
const QUOTEVINE_RESPONSE_SPELLINGS: &[(&str, &str)] = &[("new_used", "NEW")];

/// The published example Order (`API-NOTES.md`, "quotevine"), field by field: the values whose
/// type or presence the spec depends on.
const QUOTEVINE_PUBLISHED_ORDER_FACTS: &[(&str, &str)] = &[
    ("vehicle_order_id", "154709"),
    ("driver_id", "null"),
    ("k4k_flag", "\"N\""),
    ("external_reference", "104"),
    ("order_number", "null"),
    ("dealer_id", "null"),
    ("delivery_method", "null"),
    ("vehicle_registree", "null"),
    ("quantity", "1"),
    ("new_used", "\"NEW\""),
    ("order_status", "\"Sent to Customer\""),
];

/// The list wrapper and its link object, from `API-NOTES.md` ("quotevine": `GET .../orders/`
/// returns `{"items": [Order, ...]}`, a list may carry a `first` link `{"$ref": url}`).
const QUOTEVINE_ORDER_LIST_FIELDS: &[&str] = &["items", "first"];
const QUOTEVINE_LINK_FIELDS: &[&str] = &["$ref"];

/// Fields `OrderHeadResponse` carries before the request fields, in the order `API-NOTES.md`
/// ("compilator": "returns an `OrderHeadResponse` (...)") lists them. The seed documents only the
/// request.
const COMPILATOR_ORDER_HEAD_RESPONSE_FIELDS: &[&str] = &[
    "Id",
    "OrderStatusId",
    "OrderStatusName",
    "CurrencyName",
    "IsWMSExpress",
    "WMSStatusId",
    "WMSStatusName",
    "CloseOrderTypeId",
    "CloseOrderTypeName",
    "IsWebOrder",
    "AgreementName",
    "RetailPriceListName",
    "WMSId",
    "CarrierId",
    "CarrierName",
    "Waybill",
    "OrderLines",
];

/// The head response fields the help pages list beyond the first ones (`API-NOTES.md`,
/// "compilator": "The help pages' OrderHeadResponse also lists ..."): type, and max length
/// (of each item, for `Waybill`).
const COMPILATOR_HEAD_RESPONSE_LISTED: &[(&str, &str, Option<u64>)] = &[
    ("IsWebOrder", "boolean", None),
    ("AgreementName", "string", Some(80)),
    ("RetailPriceListName", "string", Some(100)),
    ("WMSStatusName", "string", None),
    ("CloseOrderTypeName", "string", Some(100)),
    ("WMSId", "integer", None),
    ("CarrierId", "integer", None),
    ("CarrierName", "string", Some(100)),
    ("Waybill", "array", Some(200)),
];

/// The status ids and their value names as the help pages give them (`API-NOTES.md`).
const COMPILATOR_STATUS_IDS: &[(&str, &[(i64, &str)])] = &[
    (
        "OrderStatusId",
        &[(1, "Open"), (2, "Closed"), (3, "Deleted")],
    ),
    (
        "WMSStatusId",
        &[
            (1, "Not sent"),
            (2, "Sent"),
            (3, "Confirmed"),
            (4, "Processed"),
            (5, "SendFailed"),
            (6, "Fail"),
            (7, "Locked"),
        ],
    ),
    (
        "CloseOrderTypeId",
        &[(1, "Delivery note"), (2, "Reservation"), (3, "Cash order")],
    ),
];

/// The request formats of the POST page, including the one without a sample.
const COMPILATOR_REQUEST_FORMATS: &[&str] = &[
    "application/json",
    "text/json",
    "application/xml",
    "text/xml",
    "application/x-www-form-urlencoded",
];

/// The vendor date formats the generator understands (`x-date-format`).
const DATE_FORMATS: &[&str] = &["DD.MM.YYYY", "DD.MM.YYYY HH:MM:SS", "YYYY-MM-DD HH:MM:SS"];

/// Each fixture and the schema it must be valid against (a path into its spec).
const FIXTURES: &[(&str, &str, &[&str])] = &[
    (
        "planso",
        "planso/create_order_request.json",
        &["components", "schemas", "CreateOrderRequest"],
    ),
    (
        "planso",
        "planso/create_order_response.json",
        &["components", "schemas", "CreateOrderResponse"],
    ),
    (
        "planso",
        "planso/update_order_request.json",
        &["components", "schemas", "UpdateOrderRequest"],
    ),
    (
        "planso",
        "planso/update_order_response.json",
        &["components", "schemas", "UpdateOrderResponse"],
    ),
    (
        "quotevine",
        "quotevine/order_request.json",
        &["components", "schemas", "OrderRequest"],
    ),
    (
        "quotevine",
        "quotevine/order_response.json",
        &["components", "schemas", "Order"],
    ),
    (
        "quotevine",
        "quotevine/order_list_response.json",
        &["components", "schemas", "OrderList"],
    ),
    (
        "quotevine",
        "quotevine/published_order.json",
        &["components", "schemas", "Order"],
    ),
    (
        "quotevine",
        "quotevine/update_order_response.json",
        &["components", "schemas", "OrderSaved"],
    ),
    (
        "compilator",
        "compilator/order_head_request.json",
        &["components", "schemas", "OrderHeadRequest"],
    ),
    (
        "compilator",
        "compilator/order_head_response.json",
        &["components", "schemas", "OrderHeadResponse"],
    ),
    (
        "compilator",
        "compilator/create_order_response.json",
        &[
            "paths",
            "/api/Orders",
            "post",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
        ],
    ),
];

const SPECS: &[&str] = &["planso", "quotevine", "compilator"];

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn planso_matches_its_seed_documents() {
    assert_clean("planso", run_seed_checks(&Spec::load("planso")));
}

#[test]
fn quotevine_matches_its_seed_document() {
    assert_clean("quotevine", run_seed_checks(&Spec::load("quotevine")));
}

#[test]
fn compilator_matches_its_seed_document() {
    assert_clean("compilator", run_seed_checks(&Spec::load("compilator")));
}

#[test]
fn a_misspelt_field_name_fails_the_seed_checks() {
    let cases = [
        ("planso", "CreateOrderRequest", "person"),
        ("planso", "UpdateOrderRequest", "express_link"),
        ("planso", "VehicleDetailsModel", "makeID"),
        ("planso", "CreateOrderResponse", "project_number"),
        ("quotevine", "OrderRequest", "delivery_postcode"),
        ("quotevine", "Order", "k4k_flag"),
        ("compilator", "OrderHeadRequest", "LicensePlate"),
        ("compilator", "OrderLineArticle", "VatAmount"),
        ("compilator", "OrderHeadResponse", "WMSStatusId"),
    ];
    for (spec_name, schema, field) in cases {
        let mut spec = Spec::load(spec_name);
        rename_property(&mut spec.doc, schema, field, &format!("{field}_typo"));
        let problems = run_seed_checks(&spec);
        assert!(
            problems.iter().any(|p| p.contains(field)),
            "{spec_name}: renaming {schema}.{field} was not caught; problems: {problems:#?}"
        );
    }
}

#[test]
fn fixtures_are_valid_against_their_schemas() {
    let mut problems = Vec::new();
    for (spec_name, file, pointer) in FIXTURES {
        let spec = Spec::load(spec_name);
        let Some(schema) = at(&spec.doc, pointer) else {
            problems.push(format!("{file}: no schema at {}", pointer.join("/")));
            continue;
        };
        validate(&spec, schema, &fixture_json(file), file, &mut problems);
    }
    // Every JSON fixture on disk is listed above, so none escapes validation.
    for spec_name in SPECS {
        let dir = specs_dir().join("fixtures").join(spec_name);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let name = entry.expect("a directory entry").file_name();
            let file = format!("{spec_name}/{}", name.to_string_lossy());
            if file.ends_with(".json") && !FIXTURES.iter().any(|(_, f, _)| *f == file) {
                problems.push(format!("{file}: not listed in FIXTURES"));
            }
        }
    }
    assert_clean("fixtures", problems);
}

#[test]
fn fixtures_keep_the_seed_samples() {
    let mut r = Report::default();
    let planso = Spec::load("planso");
    for (seed, kind) in [
        ("planso-create-order.txt", "create"),
        ("planso-update-order.txt", "update"),
    ] {
        let page = parse_planso_page(&read(&format!("seeds/{seed}")));
        let schema_name = format!("{}OrderRequest", upper_first(kind));
        let fixture = format!("planso/{kind}_order_request.json");
        compare_planso_sample(
            &planso,
            &schema_name,
            &page.request_sample,
            &parse_json_ordered(&read(&format!("fixtures/{fixture}")), &fixture),
            &fixture,
            &mut r,
        );
        let fixture = format!("planso/{kind}_order_response.json");
        r.same_json(
            format!("{fixture} vs the seed's response sample"),
            &fixture_json(&fixture),
            &to_json(&page.response_sample),
        );
    }

    let page = parse_compilator_page(&read("seeds/compilator-post-orders.txt"));
    // Kept verbatim: the same text, not only the same values.
    let json_sample = page.request_sample("application/json");
    let fixture = read("fixtures/compilator/order_head_request.json");
    if fixture.trim() != json_sample.trim() {
        r.same_json(
            "compilator/order_head_request.json vs the seed's JSON sample",
            &fixture_json("compilator/order_head_request.json"),
            &to_json(&parse_json_ordered(json_sample, "compilator JSON sample")),
        );
        r.fail("compilator/order_head_request.json is not the seed's JSON sample verbatim");
    }
    r.same(
        "compilator/order_head_request.xml vs the seed's XML sample",
        read("fixtures/compilator/order_head_request.xml").trim(),
        page.request_sample("application/xml").trim(),
    );
    r.same_json(
        "compilator/create_order_response.json vs the seed's JSON response sample",
        &fixture_json("compilator/create_order_response.json"),
        &to_json(&parse_json_ordered(
            page.response_sample("application/json"),
            "response sample",
        )),
    );

    // The quotevine seed has no sample: the request fixture sets every attribute, in table order.
    let (_, attrs) = parse_quotevine(&read("seeds/quotevine-orders.txt"));
    r.same_names(
        "quotevine/order_request.json keys vs the attribute table",
        keys(&parse_json_ordered(
            &read("fixtures/quotevine/order_request.json"),
            "fixture",
        )),
        attrs.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
    );
    assert_clean("fixtures vs seed samples", r.problems);
}

#[test]
fn quotevine_documented_answers_are_fixtures_and_successes() {
    let mut r = Report::default();
    let published = fixture_json("quotevine/published_order.json");
    for (field, value) in QUOTEVINE_PUBLISHED_ORDER_FACTS {
        let want: Json = serde_json::from_str(value).expect("a JSON value");
        match published.get(field) {
            Some(got) => r.same_json(
                format!("quotevine/published_order.json {field}"),
                got,
                &want,
            ),
            None => r.fail(format!("quotevine/published_order.json: no {field}")),
        }
    }
    r.same_json(
        "quotevine/update_order_response.json",
        &fixture_json("quotevine/update_order_response.json"),
        &serde_json::json!({}),
    );

    // POST and PUT answer with what `OrderSaved` describes: an Order, `{}`, or nothing.
    let spec = Spec::load("quotevine");
    for (path, method) in [
        ("/relationships/{id}/orders/", "post"),
        ("/relationships/{id}/orders/{order_id}/", "put"),
    ] {
        r.same(
            format!("quotevine: {method} {path} 200 body"),
            at(
                &spec.doc,
                &[
                    "paths",
                    path,
                    method,
                    "responses",
                    "200",
                    "content",
                    "application/json",
                    "schema",
                ],
            )
            .and_then(ref_name),
            Some("OrderSaved"),
        );
    }
    match spec.schema("OrderSaved") {
        Some(saved) => {
            for (value, valid) in [
                (published.clone(), true),
                (serde_json::json!({}), true),
                (Json::Null, true),
                (serde_json::json!({"vehicle_order_id": "154709"}), false),
                (serde_json::json!({"note": "saved"}), false),
                (serde_json::json!([]), false),
            ] {
                let mut problems = Vec::new();
                validate(&spec, saved, &value, "OrderSaved", &mut problems);
                r.check(problems.is_empty() == valid, || {
                    format!("quotevine: OrderSaved on {value}: valid {valid} expected, got {problems:?}")
                });
            }
        }
        None => r.fail("quotevine: no schema OrderSaved"),
    }
    assert_clean("quotevine documented answers", r.problems);
}

#[test]
fn request_examples_are_complete_and_match_the_fixtures() {
    let mut r = Report::default();
    let expected: &[(&str, &str, &str, &str)] = &[
        (
            "planso",
            "/api/orders",
            "post",
            "planso/create_order_request.json",
        ),
        (
            "planso",
            "/api/orders/{order_id}",
            "put",
            "planso/update_order_request.json",
        ),
        (
            "quotevine",
            "/relationships/{id}/orders/",
            "post",
            "quotevine/order_request.json",
        ),
        (
            "quotevine",
            "/relationships/{id}/orders/{order_id}/",
            "put",
            "quotevine/order_request.json",
        ),
        (
            "compilator",
            "/api/Orders",
            "post",
            "compilator/order_head_request.json",
        ),
    ];
    for &(spec_name, path, method, fixture) in expected {
        let spec = Spec::load(spec_name);
        let Some(content) = at(
            &spec.doc,
            &["paths", path, method, "requestBody", "content"],
        )
        .and_then(Yaml::as_mapping) else {
            r.fail(format!("{spec_name}: {method} {path} has no request body"));
            continue;
        };
        for (media_type, media) in content {
            let media_type = media_type.as_str().unwrap_or_default();
            let what = format!("{spec_name}: {method} {path} {media_type} example");
            if media_type == "application/x-www-form-urlencoded" {
                // Listed on the help page with "Sample not available."
                r.check(media.get("example").is_none(), || {
                    format!("{what}: the help page shows none")
                });
                continue;
            }
            let Some(example) = media.get("example") else {
                r.fail(format!("{what} is missing"));
                continue;
            };
            if media_type.ends_with("/xml") {
                r.same(
                    what,
                    example.as_str().map(str::trim),
                    Some(read(&format!("fixtures/{}", fixture.replace(".json", ".xml"))).trim()),
                );
            } else {
                r.same_json(what, &to_json(example), &fixture_json(fixture));
            }
        }
    }
    assert_clean("request examples", r.problems);
}

#[test]
fn every_example_is_valid_and_hard_to_guess_values_have_one() {
    let mut problems = Vec::new();
    for spec_name in SPECS {
        let spec = Spec::load(spec_name);
        // Examples on media types (JSON ones are checked against their schema).
        walk(&spec.doc, spec_name, &mut |path: &str, node: &Yaml| {
            let (Some(example), Some(schema)) = (node.get("example"), node.get("schema")) else {
                return;
            };
            if !path.contains("/xml") {
                validate(&spec, schema, &to_json(example), path, &mut problems);
            }
        });
        let Some(schemas) = at(&spec.doc, &["components", "schemas"]).and_then(Yaml::as_mapping)
        else {
            continue;
        };
        for (name, schema) in schemas {
            let name = name.as_str().unwrap_or_default();
            let here = format!("{spec_name}: {name}");
            if let Some(example) = schema.get("example") {
                validate(&spec, schema, &to_json(example), &here, &mut problems);
            }
            if schema.get("enum").is_some() && schema.get("example").is_none() {
                problems.push(format!("{here}: enum schema without an example"));
            }
            for p in props(&spec, schema) {
                let here = format!("{here}.{}", p.name);
                match p.get("example") {
                    Some(example) => {
                        validate(&spec, p.own, &to_json(example), &here, &mut problems)
                    }
                    None => {
                        let hard = p.str("x-date-format").is_some()
                            || matches!(p.format(), Some("decimal" | "uuid"));
                        if hard {
                            problems.push(format!(
                                "{here}: a vendor date, decimal or uuid needs an example"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert_clean("examples", problems);
}

#[test]
fn nullable_is_written_so_that_every_3_0_tool_reads_it() {
    // In OpenAPI 3.0.3 `nullable: true` only means something beside a `type`: strict validators
    // ignore it on `allOf: [$ref]`, and a `null` there fails. A nullable reference is written
    // `oneOf: [$ref, {nullable: true, enum: [null]}]` instead, which they read as "X or null"
    // and the generator as `X` that may be null.
    let mut problems = Vec::new();
    for name in SPECS {
        let spec = Spec::load(name);
        walk(&spec.doc, "", &mut |path, node| {
            let nullable = node.get("nullable").and_then(Yaml::as_bool) == Some(true);
            if nullable && node.get("type").is_none() && !is_null_branch(node) {
                problems.push(format!(
                    "{name}.yaml#{path}: `nullable: true` without a `type`; write \
                     oneOf: [$ref, {{nullable: true, enum: [null]}}]"
                ));
            }
            if let Some(options) = node.get("oneOf").and_then(Yaml::as_sequence) {
                let nulls = options.iter().filter(|o| is_null_branch(o)).count();
                if nulls > 0 && (options.len() != 2 || nulls != 1) {
                    problems.push(format!(
                        "{name}.yaml#{path}: a null branch goes with exactly one other"
                    ));
                }
            }
        });
    }
    assert_clean("nullable forms", problems);
}

#[test]
fn extensions_are_well_formed() {
    let mut problems = Vec::new();
    for spec_name in SPECS {
        let spec = Spec::load(spec_name);
        walk(&spec.doc, spec_name, &mut |path: &str, node: &Yaml| {
            if let Some(format) = node.get("x-date-format") {
                let ok = format.as_str().is_some_and(|f| DATE_FORMATS.contains(&f));
                if !ok {
                    problems.push(format!(
                        "{path}: x-date-format {format:?} is not one of {DATE_FORMATS:?}"
                    ));
                }
                if text(node, "type") != Some("string") || node.get("format").is_some() {
                    problems.push(format!(
                        "{path}: x-date-format needs `type: string` and no `format`"
                    ));
                }
            }
            if let Some(names) = node.get("x-enum-varnames") {
                let names = strings(Some(names));
                let values = node.get("enum").and_then(Yaml::as_sequence).map(Vec::len);
                if values != Some(names.len()) {
                    problems.push(format!(
                        "{path}: x-enum-varnames {names:?} do not match enum"
                    ));
                }
                for name in &names {
                    let upper_camel = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && name.chars().all(|c| c.is_ascii_alphanumeric());
                    if !upper_camel {
                        problems.push(format!(
                            "{path}: variant name {name:?} is not UpperCamelCase"
                        ));
                    }
                }
                let mut unique = names.clone();
                unique.sort();
                unique.dedup();
                if unique.len() != names.len() {
                    problems.push(format!("{path}: duplicate variant names in {names:?}"));
                }
            }
            if let Some(properties) = node.get("properties").and_then(Yaml::as_mapping) {
                for (name, property) in properties {
                    for alias in strings(property.get("x-aliases")) {
                        if properties.contains_key(alias.as_str()) {
                            problems.push(format!(
                                "{path}: alias {alias:?} of {name:?} collides with a property"
                            ));
                        }
                    }
                }
            }
        });
    }
    assert_clean("extensions", problems);
}

// ---------------------------------------------------------------------------------------------
// Reporting

#[derive(Default)]
struct Report {
    problems: Vec<String>,
}

impl Report {
    fn fail(&mut self, problem: impl Into<String>) {
        self.problems.push(problem.into());
    }

    fn check(&mut self, ok: bool, problem: impl FnOnce() -> String) {
        if !ok {
            self.problems.push(problem());
        }
    }

    /// Compares name lists and says what is missing, unexpected or out of order.
    fn same_names(
        &mut self,
        what: impl Display,
        got: impl AsRef<[String]>,
        want: impl AsRef<[String]>,
    ) {
        let (got, want) = (got.as_ref(), want.as_ref());
        if got == want {
            return;
        }
        let missing: Vec<&String> = want.iter().filter(|n| !got.contains(n)).collect();
        let unexpected: Vec<&String> = got.iter().filter(|n| !want.contains(n)).collect();
        let mut problem = format!("{what} differ from the document");
        if !missing.is_empty() {
            problem += &format!("; missing {missing:?}");
        }
        if !unexpected.is_empty() {
            problem += &format!("; not in the document {unexpected:?}");
        }
        if missing.is_empty() && unexpected.is_empty() {
            match got.iter().zip(want).position(|(g, w)| g != w) {
                Some(i) => {
                    problem += &format!(
                        "; order differs at position {i}: found {:?}, expected {:?}",
                        got[i], want[i]
                    )
                }
                None => problem += &format!("; found {got:?}, expected {want:?}"),
            }
        }
        self.problems.push(problem);
    }

    /// Compares JSON values and names the first place where they differ.
    fn same_json(&mut self, what: impl Display, got: &Json, want: &Json) {
        if let Some(difference) = first_difference(got, want, "") {
            self.problems
                .push(format!("{what}: differs at {difference}"));
        }
    }

    fn same<T: PartialEq + Debug>(&mut self, what: impl Display, got: T, want: T) {
        if got != want {
            self.problems
                .push(format!("{what}: found {got:?}, expected {want:?}"));
        }
    }
}

fn first_difference(got: &Json, want: &Json, here: &str) -> Option<String> {
    match (got, want) {
        (Json::Object(g), Json::Object(w)) => w.keys().chain(g.keys()).find_map(|key| {
            let here = format!("{here}.{key}");
            match (g.get(key), w.get(key)) {
                (Some(a), Some(b)) => first_difference(a, b, &here),
                (a, b) => Some(format!("{here}: found {a:?}, expected {b:?}")),
            }
        }),
        (Json::Array(g), Json::Array(w)) if g.len() == w.len() => g
            .iter()
            .zip(w)
            .enumerate()
            .find_map(|(i, (a, b))| first_difference(a, b, &format!("{here}[{i}]"))),
        _ if got == want => None,
        _ => Some(format!("{here}: found {got}, expected {want}")),
    }
}

fn assert_clean(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s):\n  - {}",
        problems.len(),
        problems.join("\n  - ")
    );
}

fn run_seed_checks(spec: &Spec) -> Vec<String> {
    let mut r = Report::default();
    match spec.name.as_str() {
        "planso" => check_planso(spec, &mut r),
        "quotevine" => check_quotevine(spec, &mut r),
        "compilator" => check_compilator(spec, &mut r),
        other => panic!("no seed checks for spec {other}"),
    }
    r.problems
}

// ---------------------------------------------------------------------------------------------
// Files and values

fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("specs")
}

fn read(relative: &str) -> String {
    let path = specs_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Parses JSON keeping key order. serde_json's map is sorted (no `preserve_order` here), so the
/// text is checked as JSON and then read through serde_yaml_ng, whose mapping keeps order.
fn parse_json_ordered(text: &str, what: &str) -> Yaml {
    if let Err(e) = serde_json::from_str::<Json>(text) {
        panic!("{what} is not valid JSON: {e}");
    }
    serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"))
}

fn fixture_json(file: &str) -> Json {
    serde_json::from_str(&read(&format!("fixtures/{file}")))
        .unwrap_or_else(|e| panic!("fixtures/{file} is not valid JSON: {e}"))
}

fn to_json(value: &Yaml) -> Json {
    serde_json::to_value(value).expect("a YAML value without tags converts to JSON")
}

fn at<'a>(value: &'a Yaml, path: &[&str]) -> Option<&'a Yaml> {
    path.iter().try_fold(value, |value, key| value.get(*key))
}

fn text<'a>(value: &'a Yaml, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Yaml::as_str)
}

fn keys(value: &Yaml) -> Vec<String> {
    value
        .as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn strings(value: Option<&Yaml>) -> Vec<String> {
    value
        .and_then(Yaml::as_sequence)
        .map(|s| {
            s.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn scalar_string(value: &Yaml) -> String {
    match value {
        Yaml::String(s) => s.clone(),
        Yaml::Number(n) => n.to_string(),
        Yaml::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Collapses the non-breaking spaces and doubled spaces of text copied off web pages.
fn normalize_space(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn position<S: AsRef<str>>(
    lines: &[S],
    from: usize,
    what: &str,
    found: impl Fn(&str) -> bool,
) -> usize {
    (from..lines.len())
        .find(|&i| found(lines[i].as_ref()))
        .unwrap_or_else(|| panic!("seed document: cannot find {what}"))
}

/// Calls `visit` with every mapping in the document and its path.
fn walk(value: &Yaml, path: &str, visit: &mut dyn FnMut(&str, &Yaml)) {
    match value {
        Yaml::Mapping(m) => {
            visit(path, value);
            for (k, v) in m {
                walk(v, &format!("{path}/{}", scalar_string(k)), visit);
            }
        }
        Yaml::Sequence(s) => {
            for (i, v) in s.iter().enumerate() {
                walk(v, &format!("{path}/{i}"), visit);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Specs

struct Spec {
    name: String,
    doc: Yaml,
}

impl Spec {
    fn load(name: &str) -> Spec {
        let doc = serde_yaml_ng::from_str(&read(&format!("{name}.yaml")))
            .unwrap_or_else(|e| panic!("specs/{name}.yaml: {e}"));
        Spec {
            name: name.to_string(),
            doc,
        }
    }

    fn schema(&self, name: &str) -> Option<&Yaml> {
        at(&self.doc, &["components", "schemas", name])
    }

    /// Follows `$ref`s and one-element `allOf` wrappers to the schema that carries the type.
    fn resolve<'a>(&'a self, mut schema: &'a Yaml) -> &'a Yaml {
        for _ in 0..16 {
            if let Some(name) = ref_target(schema) {
                match self.schema(name) {
                    Some(target) => schema = target,
                    None => return schema,
                }
            } else if let Some(inner) = single_all_of(schema) {
                schema = inner;
            } else {
                break;
            }
        }
        schema
    }

    fn servers(&self) -> Vec<String> {
        self.doc
            .get("servers")
            .and_then(Yaml::as_sequence)
            .map(|s| {
                s.iter()
                    .filter_map(|s| text(s, "url").map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An operation's parameters, path-level ones included, with `$ref`s resolved.
    fn parameters(&self, path: &str, method: &str) -> Vec<&Yaml> {
        let lists = [
            at(&self.doc, &["paths", path, "parameters"]),
            at(&self.doc, &["paths", path, method, "parameters"]),
        ];
        lists
            .into_iter()
            .flatten()
            .filter_map(Yaml::as_sequence)
            .flatten()
            .filter_map(|p| match text(p, "$ref") {
                Some(r) => r
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| at(&self.doc, &["components", "parameters", name])),
                None => Some(p),
            })
            .collect()
    }
}

fn ref_target(schema: &Yaml) -> Option<&str> {
    text(schema, "$ref").and_then(|r| r.strip_prefix("#/components/schemas/"))
}

/// The one schema a wrapper stands for: a one-element `allOf`, or a nullable reference.
fn single_all_of(schema: &Yaml) -> Option<&Yaml> {
    let all_of = schema.get("allOf").and_then(Yaml::as_sequence);
    match all_of.map(Vec::as_slice) {
        Some([one]) => Some(one),
        _ => nullable_wrapped(schema),
    }
}

/// The schema `X` of a nullable reference written for strict OpenAPI 3.0.3 tools:
/// `oneOf: [X, {nullable: true, enum: [null]}]`.
fn nullable_wrapped(schema: &Yaml) -> Option<&Yaml> {
    match schema.get("oneOf")?.as_sequence()?.as_slice() {
        [one, null] if is_null_branch(null) => Some(one),
        _ => None,
    }
}

/// `{nullable: true, enum: [null]}`: only `null`, for every 3.0 validator.
fn is_null_branch(schema: &Yaml) -> bool {
    let Some(map) = schema.as_mapping() else {
        return false;
    };
    map.len() == 2
        && schema.get("nullable").and_then(Yaml::as_bool) == Some(true)
        && schema
            .get("enum")
            .and_then(Yaml::as_sequence)
            .is_some_and(|values| values.len() == 1 && values[0].is_null())
}

/// The component a property refers to, directly or through a one-element `allOf`.
fn ref_name(schema: &Yaml) -> Option<&str> {
    ref_target(schema).or_else(|| single_all_of(schema).and_then(ref_target))
}

/// A property as written (`own`) and the schema it resolves to (`target`).
struct Prop<'a> {
    name: String,
    own: &'a Yaml,
    target: &'a Yaml,
}

impl<'a> Prop<'a> {
    fn get(&self, key: &str) -> Option<&'a Yaml> {
        self.own.get(key).or_else(|| self.target.get(key))
    }

    fn str(&self, key: &str) -> Option<&'a str> {
        self.get(key).and_then(Yaml::as_str)
    }

    fn ty(&self) -> Option<&'a str> {
        text(self.target, "type")
    }

    fn format(&self) -> Option<&'a str> {
        text(self.target, "format")
    }

    fn nullable(&self) -> bool {
        nullable_wrapped(self.own).is_some()
            || [self.own, self.target]
                .iter()
                .any(|s| s.get("nullable").and_then(Yaml::as_bool) == Some(true))
    }

    fn description(&self) -> &'a str {
        self.str("description").unwrap_or_default()
    }

    fn enum_values(&self) -> Option<Vec<String>> {
        self.target
            .get("enum")
            .and_then(Yaml::as_sequence)
            .map(|values| values.iter().map(scalar_string).collect())
    }

    fn ref_name(&self) -> Option<&'a str> {
        ref_name(self.own)
    }
}

fn props<'a>(spec: &'a Spec, schema: &'a Yaml) -> Vec<Prop<'a>> {
    let schema = spec.resolve(schema);
    let Some(properties) = schema.get("properties").and_then(Yaml::as_mapping) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, own)| Prop {
            name: scalar_string(name),
            own,
            target: spec.resolve(own),
        })
        .collect()
}

fn required(spec: &Spec, schema: &Yaml) -> Vec<String> {
    sorted(strings(spec.resolve(schema).get("required")))
}

fn names(props: &[Prop]) -> Vec<String> {
    props.iter().map(|p| p.name.clone()).collect()
}

/// Renames a property in place, keeping its position (used to prove that typos are caught).
fn rename_property(doc: &mut Yaml, schema: &str, from: &str, to: &str) {
    let properties = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
        .and_then(|s| s.get_mut(schema))
        .and_then(|s| s.get_mut("properties"))
        .unwrap_or_else(|| panic!("no schema {schema}"));
    let old = properties
        .as_mapping()
        .expect("properties is a mapping")
        .clone();
    assert!(old.contains_key(from), "{schema} has no property {from}");
    let renamed: Mapping = old
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            Some(name) if name == from => (Yaml::String(to.to_string()), v),
            _ => (k, v),
        })
        .collect();
    *properties = Yaml::Mapping(renamed);
}

/// Checks a sample object against a schema: the same property names in the same order, and
/// property types that fit the sample's values (recursively).
fn check_sample_shape(
    spec: &Spec,
    schema: &Yaml,
    sample: &Yaml,
    here: &str,
    floats_are_decimal: bool,
    r: &mut Report,
) {
    let target = spec.resolve(schema);
    let ty = text(target, "type");
    match sample {
        Yaml::Mapping(m) => {
            r.same(format!("{here} type"), ty, Some("object"));
            let props = props(spec, schema);
            r.same_names(
                format!("{here} properties vs the sample's keys"),
                names(&props),
                keys(sample),
            );
            for (key, value) in m {
                let key = scalar_string(key);
                if let Some(p) = props.iter().find(|p| p.name == key) {
                    let here = format!("{here}.{key}");
                    check_sample_shape(spec, p.own, value, &here, floats_are_decimal, r);
                }
            }
        }
        Yaml::Sequence(items) => {
            r.same(format!("{here} type"), ty, Some("array"));
            if let Some(item_schema) = target.get("items") {
                for (i, item) in items.iter().enumerate() {
                    let here = format!("{here}[{i}]");
                    check_sample_shape(spec, item_schema, item, &here, floats_are_decimal, r);
                }
            }
        }
        Yaml::String(_) => r.same(format!("{here} type"), ty, Some("string")),
        Yaml::Bool(_) => r.same(format!("{here} type"), ty, Some("boolean")),
        Yaml::Number(n) if n.is_f64() => {
            r.same(format!("{here} type"), ty, Some("number"));
            if floats_are_decimal {
                r.same(
                    format!("{here} format"),
                    text(target, "format"),
                    Some("decimal"),
                );
            }
        }
        Yaml::Number(_) => r.same(format!("{here} type"), ty, Some("integer")),
        other => r.fail(format!("{here}: unexpected sample value {other:?}")),
    }
}

// ---------------------------------------------------------------------------------------------
// planso: two Mintlify pages (curl sample, response sample, then field lists)

#[derive(Clone, Debug, Default)]
struct DocField {
    name: String,
    /// As written: `string`, `integer | null`, `VehicleDetailsModel · object`, ...
    ty: String,
    required: bool,
    descriptions: Vec<String>,
    min_length: Option<u64>,
    default: Option<String>,
    /// False for a field known only from the request sample.
    in_table: bool,
}

struct PlansoPage {
    title: String,
    method: String,
    url: String,
    request_sample: Yaml,
    response_sample: Yaml,
    path_params: Vec<DocField>,
    /// Media type, then the body model's description.
    body_preamble: Vec<String>,
    body_fields: Vec<DocField>,
    /// The response's description, then the response model's description.
    response_preamble: Vec<String>,
    response_fields: Vec<DocField>,
}

fn parse_planso_page(text: &str) -> PlansoPage {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let curl = position(&lines, 0, "the curl sample", |l| {
        l.starts_with("curl --request ")
    });
    let word = |line: usize, n: usize| {
        lines[line]
            .split_whitespace()
            .nth(n)
            .unwrap_or_else(|| panic!("planso seed: short line {:?}", lines[line]))
            .to_string()
    };
    let url = position(&lines, curl, "--url", |l| {
        l.trim_start().starts_with("--url ")
    });
    let data = position(&lines, curl, "--data", |l| {
        l.trim_start().starts_with("--data '")
    });
    let data_end = position(&lines, data + 1, "the end of --data", |l| l == "'");
    let response_start = position(&lines, data_end, "the response sample", |l| l == "{");
    let response_end = position(&lines, response_start, "the response sample's end", |l| {
        l == "}"
    });
    let body = position(&lines, response_end, "the Body section", |l| l == "Body");
    let response = position(&lines, body, "the Response section", |l| l == "Response");
    let path_params = match (response_end..body).find(|&i| lines[i] == "Path Parameters") {
        Some(p) => {
            let (preamble, fields) = parse_doc_fields(&lines[p + 1..body]);
            assert!(
                preamble.is_empty(),
                "planso seed: text before path parameters"
            );
            fields
        }
        None => Vec::new(),
    };
    let (body_preamble, body_fields) = parse_doc_fields(&lines[body + 1..response]);
    let (response_preamble, response_fields) = parse_doc_fields(&lines[response + 1..]);
    assert_eq!(
        body_preamble.len(),
        2,
        "planso seed: media type and model description"
    );
    assert_eq!(
        response_preamble.len(),
        2,
        "planso seed: response descriptions"
    );
    PlansoPage {
        title: lines[curl - 1].trim().to_string(),
        method: word(curl, 2),
        url: word(url, 1),
        request_sample: parse_json_ordered(
            &lines[data + 1..data_end].join("\n"),
            "planso request sample",
        ),
        response_sample: parse_json_ordered(
            &lines[response_start..=response_end].join("\n"),
            "planso response sample",
        ),
        path_params,
        body_preamble,
        body_fields,
        response_preamble,
        response_fields,
    }
}

fn is_identifier(l: &str) -> bool {
    l.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_doc_type(l: &str) -> bool {
    let base = l.strip_suffix(" | null").unwrap_or(l);
    matches!(base, "string" | "integer" | "number" | "boolean") || l.ends_with(" · object")
}

/// Splits a field list (`name`, `type`, then `required`, constraints and description lines) into
/// the text before the first field and the fields.
fn parse_doc_fields(lines: &[&str]) -> (Vec<String>, Vec<DocField>) {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let starts_field =
        |i: usize| i + 1 < lines.len() && is_identifier(lines[i]) && is_doc_type(lines[i + 1]);
    let mut i = 0;
    let mut preamble = Vec::new();
    while i < lines.len() && !starts_field(i) {
        preamble.push(lines[i].to_string());
        i += 1;
    }
    let mut fields = Vec::new();
    while i < lines.len() {
        let mut field = DocField {
            name: lines[i].to_string(),
            ty: lines[i + 1].to_string(),
            in_table: true,
            ..DocField::default()
        };
        i += 2;
        while i < lines.len() && !starts_field(i) {
            let line = lines[i];
            if line == "required" {
                field.required = true;
            } else if let Some(n) = line.strip_prefix("Minimum string length: ") {
                field.min_length = Some(n.parse().expect("a length"));
            } else if let Some(d) = line.strip_prefix("default:") {
                field.default = Some(if d == "\"\"" { String::new() } else { d.into() });
            } else {
                field.descriptions.push(line.to_string());
            }
            i += 1;
        }
        fields.push(field);
    }
    (preamble, fields)
}

fn sample_type(value: &Yaml) -> &'static str {
    match value {
        Yaml::String(_) => "string",
        Yaml::Bool(_) => "boolean",
        Yaml::Number(n) if n.is_f64() => "number",
        Yaml::Number(_) => "integer",
        Yaml::Mapping(_) => "object",
        Yaml::Sequence(_) => "array",
        _ => "null",
    }
}

/// The request sample names every field; the field table can miss one (the create page lost
/// `express_link`'s name and type but kept its description, which then trails the field before
/// it). Merges both: sample order, table details, and the stray description given to its field.
fn merge_with_sample(
    table: &[DocField],
    sample: &Yaml,
    what: &str,
    r: &mut Report,
) -> Vec<DocField> {
    let sample_keys = keys(sample);
    let table_names: Vec<String> = table.iter().map(|f| f.name.clone()).collect();
    let in_sample: Vec<String> = table_names
        .iter()
        .filter(|n| sample_keys.contains(n))
        .cloned()
        .collect();
    r.same_names(
        format!("{what}: table fields present in the request sample"),
        &in_sample,
        &table_names,
    );
    let listed: Vec<String> = sample_keys
        .iter()
        .filter(|k| table_names.contains(k))
        .cloned()
        .collect();
    r.same_names(
        format!("{what}: order of the request sample vs the table"),
        &listed,
        &table_names,
    );
    let mut merged: Vec<DocField> = Vec::new();
    for key in &sample_keys {
        if let Some(field) = table.iter().find(|f| &f.name == key) {
            merged.push(field.clone());
            continue;
        }
        let stray = merged
            .last_mut()
            .filter(|previous| previous.descriptions.len() > 1)
            .and_then(|previous| previous.descriptions.pop());
        merged.push(DocField {
            name: key.clone(),
            ty: sample_type(sample.get(key.as_str()).unwrap_or(&Yaml::Null)).to_string(),
            descriptions: stray.into_iter().collect(),
            in_table: false,
            ..DocField::default()
        });
    }
    for field in &merged {
        r.check(field.descriptions.len() <= 1, || {
            format!(
                "{what}: field `{}` has several descriptions {:?}",
                field.name, field.descriptions
            )
        });
    }
    merged
}

/// The vendor date format a planso description states, e.g. "Repair date (DD.MM.YYYY)".
fn planso_date_format(description: &str) -> Option<&'static str> {
    if description.contains("(DD.MM.YYYY HH:MM:SS)") {
        Some("DD.MM.YYYY HH:MM:SS")
    } else if description.contains("(DD.MM.YYYY)") {
        Some("DD.MM.YYYY")
    } else {
        None
    }
}

fn check_planso(spec: &Spec, r: &mut Report) {
    let create = parse_planso_page(&read("seeds/planso-create-order.txt"));
    let update = parse_planso_page(&read("seeds/planso-update-order.txt"));
    let create_fields = merge_with_sample(
        &create.body_fields,
        &create.request_sample,
        "planso-create-order.txt",
        r,
    );
    let update_fields = merge_with_sample(
        &update.body_fields,
        &update.request_sample,
        "planso-update-order.txt",
        r,
    );
    check_planso_page(
        spec,
        &create,
        &create_fields,
        ("CreateOrderRequest", "CreateOrderResponse"),
        &[],
        r,
    );
    // The update page describes no fields; the spec reuses the create page's descriptions (its
    // info.description says so), and with them the documented date formats.
    check_planso_page(
        spec,
        &update,
        &update_fields,
        ("UpdateOrderRequest", "UpdateOrderResponse"),
        &create_fields,
        r,
    );

    // VehicleDetailsModel has no field table: both samples are its only documentation.
    let vehicle = |page: &PlansoPage| {
        page.request_sample
            .get("vehicle_details")
            .cloned()
            .unwrap_or(Yaml::Null)
    };
    r.same(
        "planso seeds: vehicle_details in the create vs the update sample",
        vehicle(&update),
        vehicle(&create),
    );
    match spec.schema("VehicleDetailsModel") {
        Some(schema) => {
            check_sample_shape(
                spec,
                schema,
                &vehicle(&create),
                "planso: VehicleDetailsModel",
                false,
                r,
            );
            r.same(
                "planso: VehicleDetailsModel required (not documented)",
                required(spec, schema),
                Vec::new(),
            );
        }
        None => r.fail("planso: no schema VehicleDetailsModel"),
    }
}

fn check_planso_page(
    spec: &Spec,
    page: &PlansoPage,
    fields: &[DocField],
    (request_schema, response_schema): (&str, &str),
    descriptions_from: &[DocField],
    r: &mut Report,
) {
    let what = format!("planso: {} {}", page.method, page.url);
    let servers = spec.servers();
    let Some(path) = servers
        .iter()
        .find_map(|s| page.url.strip_prefix(s.as_str()))
    else {
        r.fail(format!(
            "{what}: no server in {servers:?} matches the sample's URL"
        ));
        return;
    };
    let method = page.method.to_lowercase();
    let Some(op) = at(&spec.doc, &["paths", path, &method]) else {
        r.fail(format!("{what}: no operation {method} {path}"));
        return;
    };
    r.same(
        format!("{what} summary"),
        text(op, "summary"),
        Some(page.title.as_str()),
    );

    let parameters = spec.parameters(path, &method);
    for documented in &page.path_params {
        let found = parameters
            .iter()
            .find(|p| text(p, "name") == Some(documented.name.as_str()));
        match found {
            Some(p) => {
                r.same(
                    format!("{what} parameter {} in", documented.name),
                    text(p, "in"),
                    Some("path"),
                );
                r.same(
                    format!("{what} parameter {} required", documented.name),
                    p.get("required").and_then(Yaml::as_bool),
                    Some(documented.required),
                );
                r.same(
                    format!("{what} parameter {} type", documented.name),
                    p.get("schema").and_then(|s| text(s, "type")),
                    Some(documented.ty.as_str()),
                );
            }
            None => r.fail(format!("{what}: no path parameter {}", documented.name)),
        }
    }

    let media_type = page.body_preamble[0].as_str();
    let body_schema = at(op, &["requestBody", "content", media_type, "schema"]);
    r.same(
        format!("{what} request body ({media_type}) schema"),
        body_schema.and_then(ref_name),
        Some(request_schema),
    );
    check_model_description(spec, request_schema, &page.body_preamble[1], r);
    check_planso_fields(spec, request_schema, fields, descriptions_from, r);

    let ok = at(op, &["responses", "200"]);
    r.same(
        format!("{what} 200 description"),
        ok.and_then(|o| text(o, "description")),
        Some(page.response_preamble[0].as_str()),
    );
    r.same(
        format!("{what} 200 schema"),
        ok.and_then(|o| at(o, &["content", "application/json", "schema"]))
            .and_then(ref_name),
        Some(response_schema),
    );
    check_model_description(spec, response_schema, &page.response_preamble[1], r);
    let documented: Vec<String> = page
        .response_fields
        .iter()
        .map(|f| f.name.clone())
        .collect();
    let sampled: Vec<String> = keys(&page.response_sample);
    r.check(sampled.iter().all(|k| documented.contains(k)), || {
        format!("{what}: response sample keys {sampled:?} not all in {documented:?}")
    });
    check_planso_fields(spec, response_schema, &page.response_fields, &[], r);
}

fn check_model_description(spec: &Spec, schema_name: &str, seed: &str, r: &mut Report) {
    let description = spec
        .schema(schema_name)
        .and_then(|s| text(s, "description"))
        .unwrap_or_default();
    r.check(description.starts_with(seed), || {
        format!(
            "{}: {schema_name} description {description:?} does not start with the seed's {seed:?}",
            spec.name
        )
    });
}

fn check_planso_fields(
    spec: &Spec,
    schema_name: &str,
    fields: &[DocField],
    descriptions_from: &[DocField],
    r: &mut Report,
) {
    let Some(schema) = spec.schema(schema_name) else {
        r.fail(format!("planso: no schema {schema_name}"));
        return;
    };
    let props = props(spec, schema);
    r.same_names(
        format!("planso: {schema_name} properties"),
        names(&props),
        fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
    );
    r.same(
        format!("planso: {schema_name} required"),
        required(spec, schema),
        sorted(
            fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.clone())
                .collect(),
        ),
    );
    for field in fields {
        let Some(p) = props.iter().find(|p| p.name == field.name) else {
            continue;
        };
        let description = field.descriptions.first().or_else(|| {
            descriptions_from
                .iter()
                .find(|f| f.name == field.name)
                .and_then(|f| f.descriptions.first())
        });
        check_planso_field(schema_name, p, field, description.map(String::as_str), r);
    }
}

fn check_planso_field(
    schema_name: &str,
    p: &Prop,
    field: &DocField,
    description: Option<&str>,
    r: &mut Report,
) {
    let here = format!("planso: {schema_name}.{}", field.name);
    let (base, nullable) = match field.ty.strip_suffix(" | null") {
        Some(base) => (base, true),
        None => (field.ty.as_str(), false),
    };
    match base.strip_suffix(" · object") {
        Some(model) => r.same(format!("{here} $ref"), p.ref_name(), Some(model)),
        None => r.same(format!("{here} type"), p.ty(), Some(base)),
    }
    if field.in_table {
        r.same(format!("{here} nullable"), p.nullable(), nullable);
    }
    r.same(
        format!("{here} minLength"),
        p.get("minLength").and_then(Yaml::as_u64),
        field.min_length,
    );
    r.same(
        format!("{here} default"),
        p.get("default").cloned(),
        field.default.clone().map(Yaml::String),
    );
    let Some(description) = description else {
        return;
    };
    r.check(p.description().starts_with(description), || {
        format!(
            "{here}: description {:?} does not start with the seed's {description:?}",
            p.description()
        )
    });
    let date_format = planso_date_format(description);
    r.same(
        format!("{here} x-date-format"),
        p.str("x-date-format"),
        date_format,
    );
    if base == "string" {
        r.same(format!("{here} format"), p.format(), None);
    }
}

/// The fixture is the seed's sample; only `"<string>"` placeholders of vendor-date fields may be
/// replaced, and then by a value in the documented format.
fn compare_planso_sample(
    spec: &Spec,
    schema_name: &str,
    seed: &Yaml,
    fixture: &Yaml,
    what: &str,
    r: &mut Report,
) {
    r.same_names(
        format!("{what} keys vs the seed sample"),
        keys(fixture),
        keys(seed),
    );
    let props = spec
        .schema(schema_name)
        .map(|s| props(spec, s))
        .unwrap_or_default();
    for key in keys(seed) {
        let (Some(original), Some(value)) = (seed.get(key.as_str()), fixture.get(key.as_str()))
        else {
            continue;
        };
        if original == value {
            continue;
        }
        let date_format = props
            .iter()
            .find(|p| p.name == key)
            .and_then(|p| p.str("x-date-format"));
        match (original.as_str(), value.as_str(), date_format) {
            (Some("<string>"), Some(value), Some(format)) => r.check(
                matches_date_format(value, format),
                || format!("{what}.{key}: {value:?} is not {format}"),
            ),
            _ => r.fail(format!(
                "{what}.{key}: {value:?} differs from the seed's {original:?} and is not a replaced date placeholder"
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// quotevine: a route table and an attribute table

struct QvRoute {
    verb: String,
    url: String,
    comment: String,
}

struct QvAttr {
    name: String,
    ty: String,
    mandatory: bool,
    comment: String,
}

fn parse_quotevine(text: &str) -> (Vec<QvRoute>, Vec<QvAttr>) {
    let lines: Vec<String> = text.lines().map(normalize_space).collect();
    let rows = |header: &str| -> Vec<Vec<String>> {
        let start = position(&lines, 0, header, |l| l == header);
        lines[start + 1..]
            .iter()
            .take_while(|l| !l.is_empty())
            .map(|l| l.split(' ').map(String::from).collect())
            .collect()
    };
    let routes = rows("Verb URL Comments")
        .into_iter()
        .map(|row| QvRoute {
            verb: row[0].clone(),
            url: row[1].clone(),
            comment: row[2..].join(" "),
        })
        .collect();
    let attrs = rows("Name Type Mandatory Comments")
        .into_iter()
        .map(|row| QvAttr {
            name: row[0].clone(),
            ty: row[1].clone(),
            mandatory: match row[2].as_str() {
                "Y" => true,
                "N" => false,
                other => panic!("quotevine seed: mandatory {other:?} for {}", row[0]),
            },
            comment: row[3..].join(" "),
        })
        .collect();
    (routes, attrs)
}

/// `/relationships/{ID}/orders/{ORDER_ID}/` -> `/relationships/{id}/orders/{order_id}/`.
fn lower_placeholders(url: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in url.chars() {
        inside = match c {
            '{' => true,
            '}' => false,
            _ => inside,
        };
        out.push(if inside { c.to_ascii_lowercase() } else { c });
    }
    out
}

/// "Transporter, Delivery Driver or Customer Collection" -> the three values; parenthesised
/// remarks ("0 (no updates)") are dropped.
fn parse_value_list(list: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0_u32;
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut values: Vec<String> = plain.split(',').map(|v| v.trim().to_string()).collect();
    if let Some(last) = values.pop() {
        values.extend(last.split(" or ").map(|v| v.trim().to_string()));
    }
    values.retain(|v| !v.is_empty());
    values
}

fn check_quotevine(spec: &Spec, r: &mut Report) {
    let (routes, attrs) = parse_quotevine(&read("seeds/quotevine-orders.txt"));
    for route in &routes {
        let path = lower_placeholders(&route.url);
        let method = route.verb.to_lowercase();
        match at(&spec.doc, &["paths", &path, &method]) {
            Some(op) => {
                r.same(
                    format!("quotevine: {} {path} summary", route.verb),
                    text(op, "summary"),
                    Some(route.comment.as_str()),
                );
                if method == "post" || method == "put" {
                    r.same(
                        format!("quotevine: {} {path} request body", route.verb),
                        at(
                            op,
                            &["requestBody", "content", "application/json", "schema"],
                        )
                        .and_then(ref_name),
                        Some("OrderRequest"),
                    );
                }
            }
            None => r.fail(format!("quotevine: no operation {} {path}", route.verb)),
        }
    }
    for path in keys(spec.doc.get("paths").unwrap_or(&Yaml::Null)) {
        r.check(path.ends_with('/'), || {
            format!("quotevine: path {path} must end with a slash")
        });
    }

    match spec.schema("OrderRequest") {
        Some(schema) => {
            let props = props(spec, schema);
            r.same_names(
                "quotevine: OrderRequest properties",
                names(&props),
                attrs.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
            );
            r.same(
                "quotevine: OrderRequest required",
                required(spec, schema),
                sorted(
                    attrs
                        .iter()
                        .filter(|a| a.mandatory)
                        .map(|a| a.name.clone())
                        .collect(),
                ),
            );
            for p in &props {
                r.check(!p.nullable(), || {
                    format!(
                        "quotevine: OrderRequest.{} is nullable; the table says nothing of null",
                        p.name
                    )
                });
            }
            check_quotevine_attrs(&props, &attrs, "OrderRequest", r);
        }
        None => r.fail("quotevine: no schema OrderRequest"),
    }

    match spec.schema("Order") {
        Some(schema) => {
            let props = props(spec, schema);
            let mut expected: Vec<String> = QUOTEVINE_ORDER_RESPONSE_FIELDS
                .iter()
                .map(|f| f.to_string())
                .collect();
            for attr in &attrs {
                if !expected.contains(&attr.name) {
                    expected.push(attr.name.clone());
                }
            }
            r.same_names("quotevine: Order properties", names(&props), expected);
            r.same(
                "quotevine: Order required",
                required(spec, schema),
                vec!["vehicle_order_id".to_string()],
            );
            for p in &props {
                let want = p.name != "vehicle_order_id";
                r.same(
                    format!("quotevine: Order.{} nullable", p.name),
                    p.nullable(),
                    want,
                );
            }
            check_quotevine_attrs(&props, &attrs, "Order", r);
        }
        None => r.fail("quotevine: no schema Order"),
    }

    for (schema_name, fields) in [
        ("OrderList", QUOTEVINE_ORDER_LIST_FIELDS),
        ("Link", QUOTEVINE_LINK_FIELDS),
    ] {
        match spec.schema(schema_name) {
            Some(schema) => r.same_names(
                format!("quotevine: {schema_name} properties"),
                names(&props(spec, schema)),
                fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            ),
            None => r.fail(format!("quotevine: no schema {schema_name}")),
        }
    }
    if let Some(list) = spec.schema("OrderList") {
        r.same(
            "quotevine: OrderList.items",
            at(list, &["properties", "items", "items"]).and_then(ref_name),
            Some("Order"),
        );
        r.same(
            "quotevine: OrderList.first",
            at(list, &["properties", "first"]).and_then(ref_name),
            Some("Link"),
        );
    }
}

fn check_quotevine_attrs(props: &[Prop], attrs: &[QvAttr], schema_name: &str, r: &mut Report) {
    for attr in attrs {
        let Some(p) = props.iter().find(|p| p.name == attr.name) else {
            continue;
        };
        let here = format!("quotevine: {schema_name}.{}", attr.name);
        let (ty, format, date_format) = match attr.ty.as_str() {
            "Number" => (
                p.ty().filter(|t| *t == "integer" || *t == "number"),
                p.format(),
                None,
            ),
            "String" => (Some("string"), None, None),
            "Date" => (Some("string"), Some("date"), None),
            "Datetime" => (Some("string"), None, Some("YYYY-MM-DD HH:MM:SS")),
            other => {
                r.fail(format!("{here}: unknown seed type {other:?}"));
                continue;
            }
        };
        r.check(ty.is_some() && p.ty() == ty, || {
            format!(
                "{here}: type {:?} does not fit the seed's {}",
                p.ty(),
                attr.ty
            )
        });
        r.same(format!("{here} format"), p.format(), format);
        r.same(
            format!("{here} x-date-format"),
            p.str("x-date-format"),
            date_format,
        );

        let comment = attr.comment.as_str();
        let closed_set = comment
            .strip_prefix("Must be ")
            .filter(|rest| !rest.starts_with("one of "));
        let documented = closed_set.map(|set| {
            let mut values = parse_value_list(set);
            values.extend(
                QUOTEVINE_RESPONSE_SPELLINGS
                    .iter()
                    .filter(|(field, _)| *field == attr.name)
                    .map(|(_, spelling)| spelling.to_string()),
            );
            values
        });
        r.same(format!("{here} enum"), p.enum_values(), documented);
        if closed_set.is_some() && p.ty() == Some("integer") {
            r.same(
                format!("{here} x-enum-varnames count"),
                strings(p.target.get("x-enum-varnames")).len(),
                p.enum_values().unwrap_or_default().len(),
            );
        }
        r.same(
            format!("{here} x-aliases"),
            strings(p.own.get("x-aliases")),
            comment
                .strip_prefix("can also be passed as ")
                .map(|alias| vec![alias.to_string()])
                .unwrap_or_default(),
        );
        r.check(
            p.description()
                .to_lowercase()
                .contains(&comment.to_lowercase()),
            || {
                format!(
                    "{here}: description {:?} lacks the seed's comment {comment:?}",
                    p.description()
                )
            },
        );
    }
}

// ---------------------------------------------------------------------------------------------
// compilator: an ASP.NET Web API help page

#[derive(Debug)]
struct DnField {
    name: String,
    ty: String,
    required: bool,
    max_length: Option<u64>,
}

struct MediaSample {
    media_types: Vec<String>,
    sample: Option<String>,
}

struct CompilatorPage {
    method: String,
    path: String,
    body_type: String,
    fields: Vec<DnField>,
    remarks: Vec<String>,
    request_formats: Vec<MediaSample>,
    response_type: String,
    response_formats: Vec<MediaSample>,
}

impl CompilatorPage {
    fn request_sample(&self, media_type: &str) -> &str {
        sample_for(&self.request_formats, media_type)
    }

    fn response_sample(&self, media_type: &str) -> &str {
        sample_for(&self.response_formats, media_type)
    }
}

fn sample_for<'a>(formats: &'a [MediaSample], media_type: &str) -> &'a str {
    formats
        .iter()
        .find(|f| f.media_types.iter().any(|m| m == media_type))
        .and_then(|f| f.sample.as_deref())
        .unwrap_or_else(|| panic!("compilator seed: no {media_type} sample"))
}

fn parse_compilator_page(text: &str) -> CompilatorPage {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let (method, path) = lines[0].split_once(' ').expect("`METHOD path` first");
    let body = position(&lines, 0, "Body Parameters", |l| l == "Body Parameters");
    let header = position(&lines, body, "the table header", |l| {
        l.starts_with("NameDescriptionType")
    });
    let body_type: Vec<&str> = lines[body + 1..header]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .copied()
        .collect();
    let remarks = position(&lines, header, "Remarks", |l| l == "Remarks");
    let formats = position(&lines, remarks, "Request Formats", |l| {
        l == "Request Formats"
    });
    let response = position(&lines, formats, "Response Information", |l| {
        l == "Response Information"
    });
    let resource = position(&lines, response, "Resource Description", |l| {
        l == "Resource Description"
    });
    let response_formats = position(&lines, resource, "Response Formats", |l| {
        l == "Response Formats"
    });
    let resource_lines: Vec<&str> = lines[resource + 1..response_formats]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .copied()
        .collect();
    assert_eq!(
        resource_lines.len(),
        2,
        "compilator seed: resource name and type"
    );
    CompilatorPage {
        method: method.to_string(),
        path: format!("/{path}"),
        body_type: body_type.concat(),
        fields: parse_dn_fields(&lines[header + 1..remarks]),
        remarks: lines[remarks + 1..formats]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.to_string())
            .collect(),
        request_formats: parse_media_samples(&lines[formats + 1..response]),
        response_type: resource_lines[1].to_string(),
        response_formats: parse_media_samples(&lines[response_formats + 1..]),
    }
}

fn is_additional_info(l: &str) -> bool {
    l == "None."
        || l == "Required"
        || [
            "Max length: ",
            "Min length: ",
            "Range: ",
            "Data type: ",
            "Matching regular",
        ]
        .iter()
        .any(|p| l.starts_with(p))
}

/// The help page's table: name, type, then one or more "Additional information" lines.
fn parse_dn_fields(lines: &[&str]) -> Vec<DnField> {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let mut fields = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let name = lines[i];
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric()),
            "compilator seed: {name:?} is not a field name; the table did not parse"
        );
        let mut field = DnField {
            name: name.to_string(),
            ty: lines.get(i + 1).expect("a type after the name").to_string(),
            required: false,
            max_length: None,
        };
        i += 2;
        let first_info = i;
        while i < lines.len() && is_additional_info(lines[i]) {
            if lines[i] == "Required" {
                field.required = true;
            } else if let Some(n) = lines[i].strip_prefix("Max length: ") {
                field.max_length = Some(n.parse().expect("a length"));
            }
            i += 1;
        }
        assert!(
            i > first_info,
            "compilator seed: {name} has no additional information"
        );
        fields.push(field);
    }
    fields
}

fn is_media_type_line(l: &str) -> bool {
    !l.is_empty()
        && l.split(", ").all(|t| {
            let parts: Vec<&str> = t.split('/').collect();
            matches!(parts.as_slice(), [kind, sub]
                if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_lowercase())
                    && !sub.is_empty()
                    && sub.chars().all(|c| c.is_ascii_alphanumeric() || "-.+".contains(c)))
        })
}

/// "media/type, other/type", "Sample:", then the sample (or "Sample not available.").
fn parse_media_samples(lines: &[&str]) -> Vec<MediaSample> {
    let mut groups: Vec<(Vec<String>, Vec<&str>)> = Vec::new();
    for line in lines {
        if is_media_type_line(line.trim()) {
            groups.push((
                line.trim().split(", ").map(String::from).collect(),
                Vec::new(),
            ));
        } else if line.trim() != "Sample:" {
            if let Some((_, sample)) = groups.last_mut() {
                sample.push(line);
            }
        }
    }
    groups
        .into_iter()
        .map(|(media_types, sample)| {
            let sample = sample.join("\n").trim().to_string();
            MediaSample {
                media_types,
                sample: (!sample.is_empty() && sample != "Sample not available.").then_some(sample),
            }
        })
        .collect()
}

fn check_compilator(spec: &Spec, r: &mut Report) {
    let page = parse_compilator_page(&read("seeds/compilator-post-orders.txt"));
    let method = page.method.to_lowercase();
    let what = format!("compilator: {} {}", page.method, page.path);
    let Some(op) = at(&spec.doc, &["paths", &page.path, &method]) else {
        r.fail(format!("{what}: no such operation"));
        return;
    };
    // Every listed format, also one without a sample (form-urlencoded), names the body type.
    let listed: Vec<&str> = page
        .request_formats
        .iter()
        .flat_map(|f| f.media_types.iter().map(String::as_str))
        .collect();
    r.same(
        format!("{what} request formats"),
        listed.clone(),
        COMPILATOR_REQUEST_FORMATS.to_vec(),
    );
    r.same(
        format!("{what} request media types"),
        keys(at(op, &["requestBody", "content"]).unwrap_or(&Yaml::Null)),
        listed.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
    );
    for format in &page.request_formats {
        for media_type in &format.media_types {
            r.same(
                format!("{what} request body {media_type}"),
                at(op, &["requestBody", "content", media_type, "schema"]).and_then(ref_name),
                Some(page.body_type.as_str()),
            );
        }
    }

    let Some(schema) = spec.schema(&page.body_type) else {
        r.fail(format!("compilator: no schema {}", page.body_type));
        return;
    };
    let head_props = props(spec, schema);
    let table: Vec<String> = page.fields.iter().map(|f| f.name.clone()).collect();
    r.same_names(
        format!("compilator: {} properties", page.body_type),
        names(&head_props),
        table.clone(),
    );
    r.same(
        format!("compilator: {} required", page.body_type),
        required(spec, schema),
        sorted(
            page.fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.clone())
                .collect(),
        ),
    );
    for field in &page.fields {
        if let Some(p) = head_props.iter().find(|p| p.name == field.name) {
            check_dn_field(spec, &page.body_type, p, field, false, r);
            if field.required {
                r.check(!p.nullable(), || {
                    format!(
                        "compilator: {}.{} is required, not nullable",
                        page.body_type, field.name
                    )
                });
            }
        }
    }

    // The JSON sample documents the nested types and the date format.
    let json = parse_json_ordered(
        page.request_sample("application/json"),
        "compilator JSON sample",
    );
    r.same_names(
        "compilator seed: JSON sample keys vs the table",
        keys(&json),
        table,
    );
    let here = format!("compilator: {} (JSON sample)", page.body_type);
    check_sample_shape(spec, schema, &json, &here, true, r);
    for field in page.fields.iter().filter(|f| f.ty == "date") {
        let value = json
            .get(field.name.as_str())
            .and_then(Yaml::as_str)
            .unwrap_or_default();
        let format = head_props
            .iter()
            .find(|p| p.name == field.name)
            .and_then(|p| p.str("x-date-format"))
            .unwrap_or_default();
        r.check(matches_date_format(value, format), || {
            format!(
                "compilator: {}.{}: the sample's {value:?} is not {format:?}",
                page.body_type, field.name
            )
        });
    }

    // The XML sample: the same fields, enums by name, and the DataContract root.
    let xml = parse_xml(page.request_sample("application/xml"));
    r.same(
        "compilator: XML root",
        Some(xml.name.as_str()),
        at(schema, &["xml", "name"]).and_then(Yaml::as_str),
    );
    r.same(
        "compilator: XML namespace",
        xml.attr("xmlns"),
        at(schema, &["xml", "namespace"]).and_then(Yaml::as_str),
    );
    check_xml_sample(spec, schema, &json, &xml, "compilator: XML sample", r);

    // "Gets the order with id 1 on branch 75: http://localhost/api/orders/1/75".
    check_compilator_get_path(spec, &page.remarks, r);

    let ok = at(op, &["responses", "200"]);
    for format in page.response_formats.iter() {
        let Some(sample) = &format.sample else {
            continue;
        };
        for media_type in &format.media_types {
            let here = format!("{what} 200 {media_type}");
            let Some(schema) = ok.and_then(|o| at(o, &["content", media_type, "schema"])) else {
                r.fail(format!("{here}: missing"));
                continue;
            };
            r.same(
                format!("{here} type"),
                text(spec.resolve(schema), "type"),
                Some(page.response_type.as_str()),
            );
            if media_type.ends_with("/xml") {
                let xml = parse_xml(sample);
                r.same(
                    format!("{here} xml name"),
                    at(schema, &["xml", "name"]).and_then(Yaml::as_str),
                    Some(xml.name.as_str()),
                );
                r.same(
                    format!("{here} xml namespace"),
                    at(schema, &["xml", "namespace"]).and_then(Yaml::as_str),
                    xml.attr("xmlns"),
                );
            } else {
                r.check(sample.trim().parse::<i64>().is_ok(), || {
                    format!("{here}: sample {sample:?} is not an integer")
                });
            }
        }
    }

    match spec.schema("OrderHeadResponse") {
        Some(response) => {
            let response_props = props(spec, response);
            let mut expected: Vec<String> = COMPILATOR_ORDER_HEAD_RESPONSE_FIELDS
                .iter()
                .map(|f| f.to_string())
                .collect();
            for field in &page.fields {
                if !expected.contains(&field.name) {
                    expected.push(field.name.clone());
                }
            }
            r.same_names(
                "compilator: OrderHeadResponse properties",
                names(&response_props),
                expected,
            );
            r.same(
                "compilator: OrderHeadResponse required",
                required(spec, response),
                vec!["Id".to_string()],
            );
            for field in &page.fields {
                if let Some(p) = response_props.iter().find(|p| p.name == field.name) {
                    check_dn_field(spec, "OrderHeadResponse", p, field, true, r);
                }
            }
            for p in response_props.iter().filter(|p| p.name != "Id") {
                r.check(p.nullable(), || {
                    format!("compilator: OrderHeadResponse.{} is not nullable", p.name)
                });
            }
            check_compilator_head_extras(spec, &response_props, r);
        }
        None => r.fail("compilator: no schema OrderHeadResponse"),
    }
}

/// The fields and value names the help pages list for `OrderHeadResponse` beyond the seed.
fn check_compilator_head_extras(spec: &Spec, props: &[Prop], r: &mut Report) {
    for (name, ty, max) in COMPILATOR_HEAD_RESPONSE_LISTED {
        let here = format!("compilator: OrderHeadResponse.{name}");
        let Some(p) = props.iter().find(|p| p.name == *name) else {
            r.fail(format!("{here}: missing"));
            continue;
        };
        r.same(format!("{here} type"), p.ty(), Some(*ty));
        let length = if *ty == "array" {
            p.target.get("items").map(|items| spec.resolve(items))
        } else {
            Some(p.target)
        }
        .and_then(|schema| schema.get("maxLength"))
        .and_then(Yaml::as_u64);
        r.same(format!("{here} maxLength"), length, *max);
    }
    for (name, values) in COMPILATOR_STATUS_IDS {
        let here = format!("compilator: OrderHeadResponse.{name}");
        let Some(p) = props.iter().find(|p| p.name == *name) else {
            r.fail(format!("{here}: missing"));
            continue;
        };
        // An open integer enum, named by the help page's value names.
        r.check(p.ref_name().is_some(), || {
            format!("{here}: not a reference to an enum schema")
        });
        r.same(format!("{here} type"), p.ty(), Some("integer"));
        r.same(
            format!("{here} enum"),
            p.enum_values(),
            Some(values.iter().map(|(n, _)| n.to_string()).collect()),
        );
        let squash = |s: &str| s.replace(' ', "").to_lowercase();
        r.same(
            format!("{here} x-enum-varnames"),
            strings(p.target.get("x-enum-varnames"))
                .iter()
                .map(|n| squash(n))
                .collect::<Vec<_>>(),
            values.iter().map(|(_, n)| squash(n)).collect::<Vec<_>>(),
        );
        let description = p.target.get("description").and_then(Yaml::as_str);
        r.check(
            description.is_some_and(|d| normalize_space(d).contains("XML carries the integer")),
            || format!("{here}: the enum's description must say XML carries the integer"),
        );
    }
}

fn check_dn_field(
    spec: &Spec,
    schema_name: &str,
    p: &Prop,
    field: &DnField,
    response: bool,
    r: &mut Report,
) {
    let here = format!("compilator: {schema_name}.{}", field.name);
    let (ty, formats): (Option<&str>, &[Option<&str>]) = match field.ty.as_str() {
        "string" | "date" => (Some("string"), &[None]),
        "integer" => (Some("integer"), &[Some("int32"), Some("int64")]),
        "globally unique identifier" => (Some("string"), &[Some("uuid")]),
        "decimal number" => (Some("number"), &[Some("decimal")]),
        collection if collection.starts_with("Collection of ") => (Some("array"), &[None]),
        model => {
            r.same(format!("{here} $ref"), p.ref_name(), Some(model));
            r.check(spec.schema(model).is_some(), || {
                format!("{here}: no schema {model}")
            });
            (p.ty(), &[])
        }
    };
    r.same(format!("{here} type"), p.ty(), ty);
    r.check(formats.is_empty() || formats.contains(&p.format()), || {
        format!(
            "{here}: format {:?} does not fit the seed's {:?}",
            p.format(),
            field.ty
        )
    });
    r.same(
        format!("{here} x-date-format present"),
        p.str("x-date-format").is_some(),
        field.ty == "date",
    );
    r.same(
        format!("{here} maxLength"),
        p.get("maxLength").and_then(Yaml::as_u64),
        field.max_length,
    );
    if let Some(item) = field.ty.strip_prefix("Collection of ") {
        r.same(
            format!("{here} items"),
            p.target.get("items").and_then(ref_name),
            Some(item),
        );
        // API-NOTES: "`OrderLines` needs at least one line"; the page marks it Required.
        let min_items = (field.required && !response).then_some(1);
        r.same(
            format!("{here} minItems"),
            p.get("minItems").and_then(Yaml::as_u64),
            min_items,
        );
    }
}

fn check_compilator_get_path(spec: &Spec, remarks: &[String], r: &mut Report) {
    let Some(url) = remarks.iter().find(|l| l.starts_with("http")) else {
        r.fail("compilator seed: no example URL in the remarks");
        return;
    };
    let url_path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]));
    let words: Vec<&str> = remarks.iter().flat_map(|l| l.split_whitespace()).collect();
    let after = |word: &str| words.windows(2).find(|w| w[0] == word).map(|w| w[1]);
    let (Some(id), Some(branch)) = (after("id"), after("branch")) else {
        r.fail("compilator seed: the remark names no id and branch");
        return;
    };
    let found = keys(spec.doc.get("paths").unwrap_or(&Yaml::Null))
        .into_iter()
        .filter(|p| at(&spec.doc, &["paths", p, "get"]).is_some())
        .any(|template| {
            let mut values = [id, branch].into_iter();
            let filled: String = template
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') {
                        values.next().unwrap_or(segment).to_string()
                    } else {
                        segment.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            Some(filled.as_str()) == url_path && values.next().is_none()
        });
    r.check(found, || {
        format!("compilator: no GET path gives {url_path:?} for id {id} and branch {branch}")
    });
}

// ---------------------------------------------------------------------------------------------
// A small reader for the help page's indented XML samples

#[derive(Debug)]
struct XmlNode {
    name: String,
    attrs: Vec<(String, String)>,
    text: Option<String>,
    children: Vec<XmlNode>,
}

impl XmlNode {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn parse_xml(text: &str) -> XmlNode {
    let mut stack: Vec<XmlNode> = Vec::new();
    let mut root = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let node = if let Some(close) = line.strip_prefix("</") {
            let node = stack.pop().expect("a closing tag closes an open element");
            assert_eq!(
                close.trim_end_matches('>'),
                node.name,
                "mismatched XML tags"
            );
            node
        } else {
            let inner = line.strip_prefix('<').expect("one element per line");
            let (open, rest) = inner.split_once('>').expect("a complete start tag");
            let mut words = open.split_whitespace();
            let name = words.next().expect("an element name").to_string();
            let attrs = words
                .map(|w| {
                    let (k, v) = w.split_once('=').expect("key=\"value\"");
                    (k.to_string(), v.trim_matches('"').to_string())
                })
                .collect();
            let mut node = XmlNode {
                name,
                attrs,
                text: None,
                children: Vec::new(),
            };
            if rest.is_empty() {
                stack.push(node);
                continue;
            }
            let close = format!("</{}>", node.name);
            node.text = Some(
                rest.strip_suffix(&close)
                    .expect("leaf closes on its line")
                    .to_string(),
            );
            node
        };
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => root = Some(node),
        }
    }
    assert!(stack.is_empty(), "unclosed XML elements");
    root.expect("an XML root element")
}

/// Walks the JSON and XML samples together: the same fields, array items named as the spec's
/// `xml.name`, enums as names (`x-enum-varnames`), dates as ISO timestamps.
fn check_xml_sample(
    spec: &Spec,
    schema: &Yaml,
    json: &Yaml,
    xml: &XmlNode,
    here: &str,
    r: &mut Report,
) {
    let target = spec.resolve(schema);
    match json {
        Yaml::Mapping(m) => {
            let xml_names = sorted(xml.children.iter().map(|c| c.name.clone()).collect());
            r.same_names(
                format!("{here} elements vs JSON keys"),
                xml_names,
                sorted(keys(json)),
            );
            let props = props(spec, schema);
            for child in &xml.children {
                let (Some(value), Some(p)) = (
                    m.get(child.name.as_str()),
                    props.iter().find(|p| p.name == child.name),
                ) else {
                    continue;
                };
                check_xml_sample(
                    spec,
                    p.own,
                    value,
                    child,
                    &format!("{here}.{}", child.name),
                    r,
                );
            }
        }
        Yaml::Sequence(items) => {
            let item_schema = target.get("items").unwrap_or(&Yaml::Null);
            let item_name = at(spec.resolve(item_schema), &["xml", "name"])
                .and_then(Yaml::as_str)
                .or_else(|| ref_target(item_schema));
            r.check(
                target
                    .get("xml")
                    .and_then(|x| x.get("wrapped"))
                    .and_then(Yaml::as_bool)
                    == Some(true),
                || format!("{here}: an XML list element needs `xml: {{wrapped: true}}`"),
            );
            r.same(
                format!("{here} item count"),
                xml.children.len(),
                items.len(),
            );
            for (i, (item, child)) in items.iter().zip(&xml.children).enumerate() {
                r.same(
                    format!("{here}[{i}] element"),
                    Some(child.name.as_str()),
                    item_name,
                );
                check_xml_sample(spec, item_schema, item, child, &format!("{here}[{i}]"), r);
            }
        }
        scalar => {
            let xml_text = xml.text.as_deref().unwrap_or_default();
            let variants = strings(target.get("x-enum-varnames"));
            let values = target.get("enum").and_then(Yaml::as_sequence);
            if let (false, Some(values)) = (variants.is_empty(), values) {
                let variant = values
                    .iter()
                    .position(|v| v == scalar)
                    .and_then(|i| variants.get(i));
                r.same(
                    format!("{here}: XML name of {scalar:?}"),
                    variant.map(String::as_str),
                    Some(xml_text),
                );
            } else if text(target, "x-date-format").is_some() {
                let iso = scalar_string(scalar).replace(' ', "T");
                r.check(xml_text.starts_with(&iso), || {
                    format!("{here}: XML {xml_text:?} is not the JSON date {iso:?}")
                });
            } else if let Some(n) = scalar.as_f64() {
                r.same(
                    format!("{here}: XML value"),
                    xml_text.parse::<f64>().ok(),
                    Some(n),
                );
            } else {
                r.same(
                    format!("{here}: XML value"),
                    xml_text.to_string(),
                    scalar_string(scalar),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A small validator for the OpenAPI 3.0 subset the specs use

fn validate(spec: &Spec, schema: &Yaml, value: &Json, here: &str, problems: &mut Vec<String>) {
    if let Some(name) = ref_target(schema) {
        match spec.schema(name) {
            Some(target) => validate(spec, target, value, here, problems),
            None => problems.push(format!("{here}: unresolved $ref {name}")),
        }
        return;
    }
    if value.is_null() && schema.get("nullable").and_then(Yaml::as_bool) == Some(true) {
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Yaml::as_sequence) {
        for part in all {
            validate(spec, part, value, here, problems);
        }
        return;
    }
    if let Some(options) = schema.get("oneOf").and_then(Yaml::as_sequence) {
        let matching = options
            .iter()
            .filter(|option| {
                let mut scratch = Vec::new();
                validate(spec, option, value, here, &mut scratch);
                scratch.is_empty()
            })
            .count();
        if matching != 1 {
            problems.push(format!("{here}: {value} matches {matching} oneOf options"));
        }
        return;
    }
    if value.is_null() {
        problems.push(format!("{here}: null where the schema is not nullable"));
        return;
    }
    if let Some(values) = schema.get("enum").and_then(Yaml::as_sequence) {
        if !values.iter().any(|v| to_json(v) == *value) {
            problems.push(format!(
                "{here}: {value} is not one of {:?}",
                to_json(&Yaml::Sequence(values.clone()))
            ));
        }
    }
    let number = |key: &str| schema.get(key).and_then(Yaml::as_f64);
    match text(schema, "type") {
        Some("object") => {
            let Some(object) = value.as_object() else {
                problems.push(format!("{here}: {value} is not an object"));
                return;
            };
            for key in strings(schema.get("required")) {
                if !object.contains_key(&key) {
                    problems.push(format!("{here}: required `{key}` is missing"));
                }
            }
            if let Some(max) = schema.get("maxProperties").and_then(Yaml::as_u64) {
                if object.len() as u64 > max {
                    problems.push(format!("{here}: more than {max} properties"));
                }
            }
            let properties = schema.get("properties");
            for (key, item) in object {
                let at_key = format!("{here}.{key}");
                match (
                    properties.and_then(|p| p.get(key.as_str())),
                    schema.get("additionalProperties"),
                ) {
                    (Some(property), _) => validate(spec, property, item, &at_key, problems),
                    (None, Some(extra)) if extra.is_mapping() => {
                        validate(spec, extra, item, &at_key, problems)
                    }
                    _ => problems.push(format!("{at_key}: no such property in the schema")),
                }
            }
        }
        Some("array") => {
            let Some(items) = value.as_array() else {
                problems.push(format!("{here}: {value} is not an array"));
                return;
            };
            if let Some(min) = schema.get("minItems").and_then(Yaml::as_u64) {
                if (items.len() as u64) < min {
                    problems.push(format!("{here}: fewer than {min} items"));
                }
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(spec, item_schema, item, &format!("{here}[{i}]"), problems);
                }
            }
        }
        Some("string") => {
            let Some(s) = value.as_str() else {
                problems.push(format!("{here}: {value} is not a string"));
                return;
            };
            let length = s.chars().count() as u64;
            if let Some(min) = schema.get("minLength").and_then(Yaml::as_u64) {
                if length < min {
                    problems.push(format!("{here}: {s:?} is shorter than {min}"));
                }
            }
            if let Some(max) = schema.get("maxLength").and_then(Yaml::as_u64) {
                if length > max {
                    problems.push(format!("{here}: {s:?} is longer than {max}"));
                }
            }
            let ok = match (text(schema, "format"), text(schema, "x-date-format")) {
                (Some("date"), _) => matches_date_format(s, "YYYY-MM-DD"),
                (Some("uuid"), _) => is_uuid(s),
                (_, Some(format)) => matches_date_format(s, format),
                _ => true,
            };
            if !ok {
                problems.push(format!("{here}: {s:?} does not match the schema's format"));
            }
        }
        Some("integer") => {
            let Some(n) = value.as_i64() else {
                problems.push(format!("{here}: {value} is not an integer"));
                return;
            };
            if text(schema, "format") == Some("int32") && i32::try_from(n).is_err() {
                problems.push(format!("{here}: {n} does not fit int32"));
            }
            check_range(
                n as f64,
                number("minimum"),
                number("maximum"),
                here,
                problems,
            );
        }
        Some("number") => match value.as_f64() {
            Some(n) => check_range(n, number("minimum"), number("maximum"), here, problems),
            None => problems.push(format!("{here}: {value} is not a number")),
        },
        Some("boolean") if !value.is_boolean() => {
            problems.push(format!("{here}: {value} is not a boolean"));
        }
        Some("boolean") | None => {}
        Some(other) => problems.push(format!("{here}: unsupported type {other}")),
    }
}

fn check_range(n: f64, min: Option<f64>, max: Option<f64>, here: &str, problems: &mut Vec<String>) {
    if min.is_some_and(|min| n < min) || max.is_some_and(|max| n > max) {
        problems.push(format!("{here}: {n} is outside {min:?}..={max:?}"));
    }
}

/// Whether `value` is written in `format` (`DD.MM.YYYY`, `YYYY-MM-DD HH:MM:SS`, ...), with
/// plausible field values.
fn matches_date_format(value: &str, format: &str) -> bool {
    if value.len() != format.len() || format.is_empty() {
        return false;
    }
    let shape = value.chars().zip(format.chars()).all(|(v, f)| {
        if "DMYHS".contains(f) {
            v.is_ascii_digit()
        } else {
            v == f
        }
    });
    let field =
        |start: Option<usize>| -> Option<u32> { value.get(start?..start? + 2)?.parse().ok() };
    let in_range = |start: Option<usize>, lo: u32, hi: u32| {
        start.is_none() || field(start).is_some_and(|v| (lo..=hi).contains(&v))
    };
    let minute = format.find("HH:MM").map(|i| i + 3);
    shape
        && in_range(format.find("DD"), 1, 31)
        && in_range(format.find("MM"), 1, 12)
        && in_range(format.find("HH"), 0, 23)
        && in_range(minute, 0, 59)
        && in_range(format.find("SS"), 0, 59)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}
