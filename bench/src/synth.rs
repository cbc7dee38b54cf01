//! A synthetic OpenAPI 3.0 spec of any size, to see how generation grows.
//!
//! Deterministic: everything is derived from the schema's index, so the same size gives the same
//! bytes on every run. The mix is what order APIs look like: one schema in ten is a string enum,
//! the rest are objects of 5 to 15 properties (strings with lengths and patterns, bounded
//! integers, decimals, dates, uuids, booleans, nullable fields, references to earlier objects and
//! enums, arrays of references, and now and then an object written in place). One operation per
//! five schemas, cycling through create (`POST` with a body), update (`PUT` with a path
//! parameter, a query parameter and a body), get (`GET` with a path and a header parameter) and
//! list (`GET` with query parameters, an array response); each declares a `404` error body.

use std::fmt::Write;

/// Words the property names are made of; mixed casings exercise the name conversion.
const WORDS: &[&str] = &[
    "order",
    "customer",
    "vehicle",
    "amount",
    "status",
    "created",
    "updated",
    "line",
    "price",
    "quantity",
    "note",
    "plate",
    "branch",
    "currency",
    "address",
    "contact",
    "reference",
    "tyre",
    "season",
    "workshop",
    "invoice",
    "payment",
    "discount",
    "delivery",
];

/// Type names, suffixed with the schema's index.
const NOUNS: &[&str] = &[
    "Order", "Customer", "Vehicle", "Invoice", "Payment", "Branch", "Article", "Tyre", "Booking",
    "Address",
];

/// The name of schema `index`.
pub fn schema_name(index: usize) -> String {
    format!("{}{index}", NOUNS[index % NOUNS.len()])
}

/// Whether schema `index` is an enum (one in ten); every other schema is an object.
pub fn is_enum(index: usize) -> bool {
    index % 10 == 9
}

/// The number of operations a spec of `schemas` schemas has: one per five, at least one.
pub fn operation_count(schemas: usize) -> usize {
    (schemas / 5).max(1)
}

/// A spec with `schemas` component schemas (at least 2) and [`operation_count`] operations, as
/// YAML.
pub fn spec(schemas: usize) -> String {
    let schemas = schemas.max(2);
    let mut out = String::with_capacity(schemas * 900);
    out.push_str(
        "openapi: 3.0.3\n\
         info:\n  title: Synthetic orders\n  version: 1.0.0\n  description: A generated spec \
         for measuring the generator.\n\
         servers:\n  - url: https://api.example.com/v1\n    description: Production\n\
         paths:\n",
    );
    for op in 0..operation_count(schemas) {
        operation(&mut out, op, schemas);
    }
    out.push_str("components:\n  schemas:\n");
    for index in 0..schemas {
        if is_enum(index) {
            enum_schema(&mut out, index);
        } else {
            object_schema(&mut out, index);
        }
    }
    out
}

/// The object schema an operation works on: one in its block of five, never an enum.
fn operation_target(op: usize, schemas: usize) -> usize {
    let target = (op * 5 + 1) % schemas;
    if is_enum(target) {
        target - 1
    } else {
        target
    }
}

/// The nearest object schema before `index` at distance `back` or more, if any.
fn earlier_object(index: usize, back: usize) -> Option<usize> {
    let mut candidate = index.checked_sub(back)?;
    while is_enum(candidate) {
        candidate = candidate.checked_sub(1)?;
    }
    Some(candidate)
}

/// The nearest enum schema before `index`, if any.
fn earlier_enum(index: usize) -> Option<usize> {
    let below = index.checked_sub(1)?;
    let candidate = below - below % 10 + 9;
    if candidate < index {
        Some(candidate)
    } else {
        candidate.checked_sub(10)
    }
}

fn operation(out: &mut String, op: usize, schemas: usize) {
    let target = schema_name(operation_target(op, schemas));
    let error = schema_name(0);
    let tag = format!("resource{op}");
    let not_found = format!(
        "        '404':\n          description: Not found\n          content:\n            \
         application/json:\n              schema:\n                $ref: '#/components/schemas/{error}'\n"
    );
    let ok = |status: &str, description: &str, schema: &str| {
        format!(
            "        '{status}':\n          description: {description}\n          content:\n            \
             application/json:\n              schema:\n{schema}"
        )
    };
    let reference = format!("                $ref: '#/components/schemas/{target}'\n");
    let body = format!(
        "      requestBody:\n        required: true\n        content:\n          application/json:\n            \
         schema:\n              $ref: '#/components/schemas/{target}'\n"
    );
    let id_param = "      parameters:\n        - name: id\n          in: path\n          required: true\n          \
         schema:\n            type: integer\n            format: int64\n";
    match op % 4 {
        0 => {
            let _ = write!(
                out,
                "  /{tag}/{{branchId}}/items:\n    post:\n      operationId: create{target}\n      \
                 summary: Create a {target}\n      tags: [{tag}]\n      parameters:\n        - name: branchId\n          \
                 in: path\n          required: true\n          schema:\n            type: string\n            \
                 maxLength: 20\n{body}      responses:\n{}{not_found}",
                ok("201", "Created", &reference)
            );
        }
        1 => {
            let _ = write!(
                out,
                "  /{tag}/{{id}}:\n    put:\n      operationId: update{target}\n      \
                 summary: Replace a {target}\n      description: Replaces the whole {target}; \
                 fields left out are cleared.\n{id_param}        - name: dryRun\n          in: query\n          \
                 required: false\n          schema:\n            type: boolean\n{body}      responses:\n{}{not_found}",
                ok("200", "Updated", &reference)
            );
        }
        2 => {
            let _ = write!(
                out,
                "  /{tag}/{{id}}:\n    get:\n      operationId: get{target}\n      summary: Read a {target}\n\
                 {id_param}        - name: X-Request-Id\n          in: header\n          required: false\n          \
                 schema:\n            type: string\n            format: uuid\n      responses:\n{}{not_found}",
                ok("200", "The resource", &reference)
            );
        }
        _ => {
            let _ = write!(
                out,
                "  /{tag}:\n    get:\n      operationId: list{target}\n      summary: List {target} values\n      \
                 parameters:\n        - name: page\n          in: query\n          schema:\n            \
                 type: integer\n            format: int32\n            minimum: 1\n        - name: pageSize\n          \
                 in: query\n          schema:\n            type: integer\n            format: int32\n            \
                 maximum: 500\n        - name: sort\n          in: query\n          schema:\n            \
                 type: string\n      responses:\n{}{not_found}",
                ok(
                    "200",
                    "One page",
                    &format!(
                        "                type: array\n                items:\n                  \
                         $ref: '#/components/schemas/{target}'\n"
                    )
                )
            );
        }
    }
}

fn enum_schema(out: &mut String, index: usize) {
    const VALUES: &[&str] = &[
        "open",
        "confirmed",
        "in_progress",
        "on-hold",
        "ready",
        "delivered",
        "cancelled",
        "void",
    ];
    let count = 3 + index % 5;
    let _ = writeln!(
        out,
        "    {}:\n      type: string\n      description: A status with {count} values.\n      enum:",
        schema_name(index)
    );
    for value in VALUES.iter().take(count) {
        let _ = writeln!(out, "        - {value}");
    }
}

fn object_schema(out: &mut String, index: usize) {
    let count = 5 + (index * 7) % 11;
    let names: Vec<String> = (0..count).map(|j| property_name(index, j)).collect();
    let _ = writeln!(
        out,
        "    {}:\n      type: object\n      description: Synthetic object {index} with {count} properties.",
        schema_name(index)
    );
    let required = count / 3;
    if required > 0 {
        let _ = writeln!(out, "      required: [{}]", names[..required].join(", "));
    }
    out.push_str("      properties:\n");
    for (j, name) in names.iter().enumerate() {
        let _ = writeln!(out, "        {name}:");
        property(out, index, j);
    }
}

fn property_name(index: usize, j: usize) -> String {
    let first = WORDS[(index + j) % WORDS.len()];
    let second = WORDS[(index * 3 + j * 5 + 1) % WORDS.len()];
    match (index + j) % 3 {
        0 => format!("{first}_{second}{j}"),
        1 => {
            let mut upper = second.chars();
            let head = upper.next().map(|c| c.to_ascii_uppercase()).unwrap_or('x');
            format!("{first}{head}{}{j}", upper.as_str())
        }
        _ => {
            let mut chars = first.chars();
            let head = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('X');
            format!("{head}{}Id{j}", chars.as_str())
        }
    }
}

fn property(out: &mut String, index: usize, j: usize) {
    const INDENT: &str = "          ";
    let kind = (index * 5 + j * 3) % 14;
    let line = |out: &mut String, text: &str| {
        out.push_str(INDENT);
        out.push_str(text);
        out.push('\n');
    };
    match kind {
        0 => {
            line(out, "type: string");
            line(out, "minLength: 1");
            line(out, &format!("maxLength: {}", 20 + j * 5));
            line(out, "description: A name as the customer gave it.");
        }
        1 => {
            line(out, "type: string");
            line(out, "pattern: '^[A-Z]{1,3}-[0-9]{1,4}$'");
            line(out, "example: AB-123");
        }
        2 => {
            line(out, "type: integer");
            line(out, "format: int32");
            line(out, "minimum: 0");
            line(out, "maximum: 10000");
        }
        3 => {
            line(out, "type: integer");
            line(out, "format: int64");
        }
        4 => {
            line(out, "type: number");
            line(out, "format: decimal");
            line(out, "minimum: 0");
            line(out, "description: An amount in the order's currency.");
        }
        5 => {
            line(out, "type: boolean");
        }
        6 => {
            line(out, "type: string");
            line(out, "format: date");
        }
        7 => {
            line(out, "type: string");
            line(out, "format: date-time");
            line(out, "nullable: true");
        }
        8 => {
            line(out, "type: string");
            line(out, "format: uuid");
        }
        9 => match earlier_object(index, 1 + j % 4) {
            Some(target) => line(
                out,
                &format!("$ref: '#/components/schemas/{}'", schema_name(target)),
            ),
            None => line(out, "type: string"),
        },
        10 => {
            line(out, "type: array");
            line(out, "minItems: 1");
            line(out, "maxItems: 100");
            line(out, "items:");
            match earlier_object(index, 2 + j % 3) {
                Some(target) => line(
                    out,
                    &format!("  $ref: '#/components/schemas/{}'", schema_name(target)),
                ),
                None => {
                    line(out, "  type: string");
                    line(out, "  maxLength: 40");
                }
            }
        }
        11 => match earlier_enum(index) {
            Some(target) => line(
                out,
                &format!("$ref: '#/components/schemas/{}'", schema_name(target)),
            ),
            None => {
                line(out, "type: string");
                line(out, "enum: [summer, winter, all_season]");
            }
        },
        12 => {
            line(out, "type: string");
            line(out, "nullable: true");
            line(out, "maxLength: 4000");
            line(out, "description: Free text; `null` clears it.");
        }
        _ => {
            line(out, "type: object");
            line(out, "description: Written in place.");
            line(out, "required: [code]");
            line(out, "properties:");
            line(out, "  code:");
            line(out, "    type: string");
            line(out, "    maxLength: 10");
            line(out, "  count:");
            line(out, "    type: integer");
            line(out, "    minimum: 1");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(schemas: usize) -> codegen::Output {
        let text = spec(schemas);
        codegen::generate(codegen::SpecInput {
            path: "synthetic.yaml",
            module: "synthetic",
            text: &text,
        })
        .unwrap_or_else(|diagnostics| {
            let all: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
            panic!("the synthetic spec is refused:\n{}", all.join("\n"))
        })
    }

    #[test]
    fn ten_schemas_generate_without_errors_or_warnings() {
        let output = generate(10);
        let warnings: Vec<String> = output.warnings.iter().map(|d| d.to_string()).collect();
        assert!(warnings.is_empty(), "{warnings:#?}");
        let client = output
            .files
            .iter()
            .find(|f| f.path == "synthetic/client.rs")
            .expect("a client is generated");
        assert_eq!(client.contents.matches("pub async fn ").count(), 2);
        let types = output
            .files
            .iter()
            .find(|f| f.path == "synthetic/types.rs")
            .expect("types are generated");
        for index in 0..10 {
            let keyword = if is_enum(index) { "enum" } else { "struct" };
            let item = format!("pub {keyword} {} ", schema_name(index));
            assert!(types.contents.contains(&item), "missing `{item}`");
        }
    }

    /// The synthetic spec's generated files are Rust that parses (its models are written as
    /// text by the generator; the benchmark measures what users would compile).
    #[test]
    fn the_synthetic_spec_generates_rust_that_parses() {
        let output = generate(300);
        for file in &output.files {
            if let Err(err) = syn::parse_file(&file.contents) {
                panic!("{}: {err}", file.path);
            }
        }
    }

    #[test]
    fn every_operation_kind_generates() {
        let output = generate(40);
        let client = output
            .files
            .iter()
            .find(|f| f.path == "synthetic/client.rs")
            .unwrap();
        assert_eq!(client.contents.matches("pub async fn ").count(), 8);
        for method in ["POST", "PUT", "GET"] {
            assert!(client.contents.contains(&format!("Method::{method}")));
        }
    }

    #[test]
    fn the_same_size_gives_the_same_spec() {
        assert_eq!(spec(100), spec(100));
        assert_ne!(spec(100), spec(101));
    }

    #[test]
    fn objects_have_five_to_fifteen_properties() {
        let counts: Vec<usize> = (0..200)
            .filter(|i| !is_enum(*i))
            .map(|i| 5 + (i * 7) % 11)
            .collect();
        assert_eq!(counts.iter().min(), Some(&5));
        assert_eq!(counts.iter().max(), Some(&15));
    }
}
