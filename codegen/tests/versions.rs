//! OpenAPI 3.1 and 3.0 are read into one model: a 3.1 document and its faithful 3.0 form
//! generate the same Rust, item for item. `tests/golden/openapi31.yaml` is the 3.1 document
//! (its output is a golden fixture, compiled by `golden-check`); `tests/versions/` holds the
//! 3.0 forms.

use std::path::Path;

fn generate(path: &str, display: &str) -> (Vec<codegen::GeneratedFile>, Vec<codegen::Diagnostic>) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("the spec is readable");
    match codegen::generate(codegen::SpecInput {
        path: display,
        module: "orders",
        text: &text,
    }) {
        Ok(output) => (output.files, output.warnings),
        Err(diagnostics) => panic!("{path}: {diagnostics:#?}"),
    }
}

#[test]
fn a_3_1_document_generates_what_its_3_0_form_generates() {
    // Both under one name, so the headers that name the spec agree.
    let (new, warnings) = generate("tests/golden/openapi31.yaml", "orders.yaml");
    let (old, old_warnings) = generate("tests/versions/openapi31_as_30.yaml", "orders.yaml");
    assert_eq!(new.len(), old.len());
    for (new, old) in new.iter().zip(&old) {
        assert_eq!(new.path, old.path);
        assert!(
            new.contents == old.contents,
            "{} differs:\n--- 3.0\n{}\n+++ 3.1\n{}",
            new.path,
            old.contents,
            new.contents
        );
    }
    assert!(
        warnings.is_empty() && old_warnings.is_empty(),
        "{warnings:?} {old_warnings:?}"
    );
}
