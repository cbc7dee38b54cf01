//! Shapes the vendor specs rely on, each checked on a small spec of its own.
//!
//! A union whose largest branch is far larger than the others (quotevine's `OrderSaved`: an
//! Order or `{}`) holds that branch in a `Box`.

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
