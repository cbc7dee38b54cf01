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

/// Compares what two specs generate, file by file.
fn assert_same_output(new_path: &str, old_path: &str) {
    let (new, warnings) = generate(new_path, "orders.yaml");
    let (old, old_warnings) = generate(old_path, "orders.yaml");
    assert_eq!(
        new.iter().map(|f| &f.path).collect::<Vec<_>>(),
        old.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    for (new, old) in new.iter().zip(&old) {
        assert!(
            new.contents == old.contents,
            "{} differs:\n--- 3.0\n{}\n+++ {new_path}\n{}",
            new.path,
            old.contents,
            new.contents
        );
    }
    assert_eq!(warnings, old_warnings);
}

#[test]
fn a_swagger_2_document_generates_what_its_3_0_form_generates() {
    assert_same_output(
        "tests/versions/swagger2.yaml",
        "tests/versions/swagger2_as_30.yaml",
    );
}

/// Reads a spec into the document model, or panics with its diagnostics.
fn read(path: &str) -> codegen::doc::Document {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("the spec is readable");
    let mut diag = codegen::diag::Diagnostics::new(path, Some(&text));
    let doc = codegen::load::load(&text, &mut diag);
    let items = diag.into_items();
    assert!(items.is_empty(), "{path}: {items:#?}");
    doc.expect("the document is read")
}

/// Form and multipart bodies, files, OAuth2 flows, response examples and discriminators: the
/// converted 2.0 document is the very document its 3.0 form is.
#[test]
fn a_swagger_2_document_with_forms_and_files_is_read_as_its_3_0_form() {
    let new = read("tests/versions/swagger2_forms.yaml");
    let old = read("tests/versions/swagger2_forms_as_30.yaml");
    assert_eq!(new, old);
    let new = read("tests/versions/swagger2.yaml");
    let old = read("tests/versions/swagger2_as_30.yaml");
    assert_eq!(new, old);
}

/// The code of a generated file without its comments and docs: the Rust API it declares.
fn api_of(contents: &str) -> String {
    contents
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with("//") && !line.starts_with("#[doc")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn planso_as_fastapi_publishes_it_gives_the_same_rust_api() {
    // FastAPI (pydantic 2) writes OpenAPI 3.1: every nullable value as an `anyOf` with a
    // `{type: 'null'}` branch, a `title` on every schema and property, and `$ref`s with sibling
    // keywords. The titles only add docs; every type, field, method and check is the same.
    let (fastapi, warnings) = generate("tests/versions/planso_fastapi.yaml", "planso.yaml");
    let (ours, our_warnings) = generate("../specs/planso.yaml", "planso.yaml");
    assert_eq!(
        fastapi.iter().map(|f| &f.path).collect::<Vec<_>>(),
        ours.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    for (fastapi, ours) in fastapi.iter().zip(&ours) {
        let (new, old) = (api_of(&fastapi.contents), api_of(&ours.contents));
        assert!(
            new == old,
            "{} declares another API:\n--- 3.0\n{old}\n+++ FastAPI's 3.1\n{new}",
            fastapi.path
        );
    }
    assert_eq!(warnings.len(), our_warnings.len(), "{warnings:?}");
    // The docs do differ: the titles are kept.
    assert!(fastapi
        .iter()
        .zip(&ours)
        .any(|(fastapi, ours)| fastapi.contents != ours.contents));
}
