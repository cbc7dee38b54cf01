//! Shapes the vendor specs rely on, each checked on a small spec of its own.
//!
//! A nullable reference can be written three ways, and all three generate the same code:
//! `allOf: [$ref]` beside `nullable: true` (which strict OpenAPI 3.0.3 validators ignore, so a
//! `null` fails there), and the forms those validators read as "X or null":
//! `oneOf: [$ref, {nullable: true, enum: [null]}]` and `anyOf: [$ref, {enum: [null]}]`.
//! A branch that allows more than `null` is not a null branch: that is a union.
//!
//! A union whose largest branch is far larger than the others (quotevine's `OrderSaved`: an
//! Order or `{}`) holds that branch in a `Box`.

fn spec(property: &str) -> String {
    format!(
        r##"openapi: 3.0.3
info: {{title: Nullable forms, version: "1"}}
paths:
  /holder:
    get:
      operationId: getHolder
      responses:
        "200":
          description: A holder.
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Holder"}}
components:
  schemas:
    Holder:
      type: object
      required: [id]
      properties:
        id: {{type: integer}}
        status:
{property}
          description: The status, or null.
    Status:
      type: string
      enum: [open, closed]
"##
    )
}

fn generate(property: &str) -> Vec<(String, String)> {
    let text = spec(property);
    let output = codegen::generate(codegen::SpecInput {
        path: "nullable_forms.yaml",
        module: "nullable_forms",
        text: &text,
    })
    .unwrap_or_else(|diagnostics| {
        let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("{property}\ndid not generate:\n{}", text.join("\n"))
    });
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    output
        .files
        .into_iter()
        .map(|file| (file.path, file.contents))
        .collect()
}

const ALL_OF: &str = r##"          allOf: [{$ref: "#/components/schemas/Status"}]
          nullable: true"##;

#[test]
fn every_null_branch_form_generates_what_all_of_with_nullable_does() {
    let reference = generate(ALL_OF);
    let types = &reference
        .iter()
        .find(|(path, _)| path.ends_with("types.rs"))
        .expect("a types.rs")
        .1;
    assert!(
        types.contains("pub status: runtime::Nullable<Status>,"),
        "the reference form is a nullable Status:\n{types}"
    );
    for form in [
        r##"          oneOf:
            - $ref: "#/components/schemas/Status"
            - nullable: true
              enum: [null]"##,
        r##"          oneOf:
            - nullable: true
              enum: [null]
            - $ref: "#/components/schemas/Status""##,
        r##"          anyOf:
            - $ref: "#/components/schemas/Status"
            - enum: [null]"##,
        r##"          oneOf:
            - $ref: "#/components/schemas/Status"
            - nullable: true"##,
    ] {
        assert_eq!(generate(form), reference, "{form}");
    }
}

#[test]
fn a_branch_that_allows_more_than_null_is_a_union() {
    let reference = generate(ALL_OF);
    for form in [
        // `null` or a string: not only null.
        r##"          oneOf:
            - $ref: "#/components/schemas/Status"
            - type: string
              nullable: true
              enum: [null, later]"##,
        r##"          oneOf:
            - $ref: "#/components/schemas/Status"
            - enum: [null, 0]"##,
    ] {
        let text = spec(form);
        let generated = codegen::generate(codegen::SpecInput {
            path: "nullable_forms.yaml",
            module: "nullable_forms",
            text: &text,
        });
        if let Ok(output) = generated {
            let files: Vec<(String, String)> = output
                .files
                .into_iter()
                .map(|file| (file.path, file.contents))
                .collect();
            assert_ne!(files, reference, "{form} was read as a null branch");
        }
    }
}

/// The generated `types.rs` of a spec with the schemas `schemas` (YAML, indented as under
/// `components/schemas`).
fn types_of(schemas: &str) -> String {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: Unions, version: \"1\"}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    );
    let output = codegen::generate(codegen::SpecInput {
        path: "unions.yaml",
        module: "unions",
        text: &text,
    })
    .unwrap_or_else(|diagnostics| {
        let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("did not generate:\n{}", text.join("\n"))
    });
    output
        .files
        .into_iter()
        .find(|file| file.path.ends_with("types.rs"))
        .expect("a types.rs")
        .contents
}

/// An object schema with `count` string properties.
fn object(name: &str, count: usize) -> String {
    let mut text = format!("    {name}:\n      type: object\n      properties:\n");
    for i in 0..count {
        text.push_str(&format!("        field_{i}: {{type: string}}\n"));
    }
    text
}

#[test]
fn a_far_larger_branch_is_boxed_and_close_ones_are_not() {
    // Twelve strings (288 bytes and more) beside an empty object (a 24-byte map).
    let types = types_of(&format!(
        "{}    Empty:\n      type: object\n      maxProperties: 0\n    Saved:\n      oneOf:\n        - $ref: \"#/components/schemas/Big\"\n        - $ref: \"#/components/schemas/Empty\"\n",
        object("Big", 12)
    ));
    assert!(types.contains("    Big(Box<Big>),"), "{types}");
    assert!(types.contains("    Empty(Empty),"), "{types}");

    // Twelve strings beside ten: close in size, neither is boxed.
    let types = types_of(&format!(
        "{}{}    Either:\n      oneOf:\n        - $ref: \"#/components/schemas/Big\"\n        - $ref: \"#/components/schemas/Near\"\n",
        object("Big", 12),
        object("Near", 10)
    ));
    assert!(types.contains("    Big(Big),"), "{types}");
    assert!(types.contains("    Near(Near),"), "{types}");

    // A small object beside a string: nothing to box.
    let types = types_of(&format!(
        "{}    Small:\n      oneOf:\n        - $ref: \"#/components/schemas/Pair\"\n        - type: string\n",
        object("Pair", 2)
    ));
    assert!(types.contains("    Pair(Pair),"), "{types}");
}
