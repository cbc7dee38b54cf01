//! Specs split over several files: the files a spec's `$ref`s name are read and bundled into
//! one document before it is lowered, so a split spec generates what the same spec written as
//! one file generates. `tests/multi_file/split/` is a split spec (path items, an operation,
//! parameters, responses and schemas in other files, `../` out of its folder, a chain and
//! cycles across files); `tests/multi_file/bundled.yaml` is the same spec as one file.

use std::path::{Path, PathBuf};

use codegen::load::bundle::{FileSystem, MemoryFiles, SpecFiles};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/multi_file")
}

fn generate_file(
    path: &Path,
    files: &dyn SpecFiles,
) -> Result<codegen::Output, Vec<codegen::Diagnostic>> {
    let text = files.read(path).expect("the spec is readable");
    codegen::generate_from_file(
        codegen::SpecInput {
            path: "orders.yaml",
            module: "orders",
            text: &text,
        },
        path,
        files,
    )
}

fn read_files(path: &Path, files: &dyn SpecFiles) -> codegen::doc::Document {
    let text = files.read(path).expect("the spec is readable");
    let mut diag = codegen::diag::Diagnostics::new("orders.yaml", Some(&text));
    let doc = codegen::load::load_files(path, &text, files, &mut diag);
    let items = diag.into_items();
    assert!(items.is_empty(), "{items:#?}");
    doc.expect("the document is read")
}

fn read_text(text: &str) -> codegen::doc::Document {
    let mut diag = codegen::diag::Diagnostics::new("orders.yaml", Some(text));
    let doc = codegen::load::load(text, &mut diag);
    let items = diag.into_items();
    assert!(items.is_empty(), "{items:#?}");
    doc.expect("the document is read")
}

#[test]
fn a_split_spec_is_read_as_the_same_spec_in_one_file() {
    let split = read_files(&dir().join("split/openapi.yaml"), &FileSystem);
    let bundled = std::fs::read_to_string(dir().join("bundled.yaml")).unwrap();
    assert_eq!(split, read_text(&bundled));
}

#[test]
fn a_split_spec_generates_what_the_same_spec_in_one_file_generates() {
    let split = generate_file(&dir().join("split/openapi.yaml"), &FileSystem)
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let bundled = std::fs::read_to_string(dir().join("bundled.yaml")).unwrap();
    let one = codegen::generate(codegen::SpecInput {
        path: "orders.yaml",
        module: "orders",
        text: &bundled,
    })
    .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(split.files.len(), one.files.len());
    for (split, one) in split.files.iter().zip(&one.files) {
        assert_eq!(split.path, one.path);
        assert!(
            split.contents == one.contents,
            "{} differs:\n--- one file\n{}\n+++ split\n{}",
            split.path,
            one.contents,
            split.contents
        );
    }
    assert_eq!(split.warnings, one.warnings);
}

/// A name taken by the first file, or by a part added before, gets a number; the same part
/// named from several files is added once.
#[test]
fn names_come_from_the_component_or_file_and_stay_unique() {
    let files = MemoryFiles(vec![
        (
            PathBuf::from("api/openapi.yaml"),
            "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Error: {type: string}
    A: {$ref: 'common/errors.yaml#/Error'}
    B: {$ref: 'common/errors.yaml#/Error'}
    C: {$ref: './other/Error.json'}
    D: {$ref: 'common/errors.yaml#/list/0'}
"
            .to_owned(),
        ),
        (
            PathBuf::from("api/common/errors.yaml"),
            "Error: {type: object, properties: {code: {$ref: '../other/Error.json'}}}\nlist: [{type: integer}]\n"
                .to_owned(),
        ),
        (
            PathBuf::from("api/other/Error.json"),
            r#"{"type": "integer"}"#.to_owned(),
        ),
    ]);
    let doc = read_files(Path::new("api/openapi.yaml"), &files);
    let names: Vec<&str> = doc.components.schemas.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Error", "A", "B", "C", "D", "Error2", "Error3", "list0"]
    );
    let schemas = &doc.components.schemas;
    assert_eq!(
        schemas["A"].reference.as_deref(),
        Some("#/components/schemas/Error2")
    );
    assert_eq!(
        schemas["B"].reference.as_deref(),
        Some("#/components/schemas/Error2")
    );
    assert_eq!(
        schemas["C"].reference.as_deref(),
        Some("#/components/schemas/Error3")
    );
    let code = &schemas["Error2"].properties.as_ref().unwrap()["code"];
    assert_eq!(
        code.reference.as_deref(),
        Some("#/components/schemas/Error3")
    );
}

/// A Swagger 2.0 spec split over files is bundled into its own sections, then converted.
#[test]
fn a_split_swagger_2_spec_is_read_as_the_same_spec_in_one_file() {
    let files = MemoryFiles(vec![
        (
            PathBuf::from("petstore.yaml"),
            "swagger: '2.0'
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - $ref: 'common.yaml#/parameters/limit'
      responses:
        '200':
          description: The pets.
          schema:
            type: array
            items: {$ref: 'definitions.yaml#/Pet'}
"
            .to_owned(),
        ),
        (
            PathBuf::from("definitions.yaml"),
            "Pet:
  type: object
  properties:
    tag: {type: string, x-nullable: true}
    owner: {$ref: '#/Owner'}
Owner:
  type: object
  properties:
    pets: {type: array, items: {$ref: '#/Pet'}}
"
            .to_owned(),
        ),
        (
            PathBuf::from("common.yaml"),
            "parameters:\n  limit: {name: limit, in: query, type: integer}\n".to_owned(),
        ),
    ]);
    let split = read_files(Path::new("petstore.yaml"), &files);
    let one = read_text(
        "swagger: '2.0'
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - $ref: '#/parameters/limit'
      responses:
        '200':
          description: The pets.
          schema:
            type: array
            items: {$ref: '#/definitions/Pet'}
parameters:
  limit: {name: limit, in: query, type: integer}
definitions:
  Pet:
    type: object
    properties:
      tag: {type: string, x-nullable: true}
      owner: {$ref: '#/definitions/Owner'}
  Owner:
    type: object
    properties:
      pets: {type: array, items: {$ref: '#/definitions/Pet'}}
",
    );
    assert_eq!(split, one);
}

/// A remote document is read from a local copy when its URL's prefix is mapped to a folder;
/// the copy's own relative `$ref`s are read beside it.
#[test]
fn remote_documents_are_read_from_their_local_copies() {
    let memory = MemoryFiles(vec![
        (
            PathBuf::from("api/openapi.yaml"),
            "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Price: {$ref: 'https://schemas.example.com/v1/money.yaml#/Money'}
"
            .to_owned(),
        ),
        (
            PathBuf::from("vendor/example/v1/money.yaml"),
            "Money: {type: object, properties: {currency: {$ref: 'currency.yaml'}}}\n".to_owned(),
        ),
        (
            PathBuf::from("vendor/example/v1/currency.yaml"),
            "{type: string, pattern: '^[A-Z]{3}$'}\n".to_owned(),
        ),
    ]);
    let files = codegen::load::bundle::RemoteCopies {
        files: &memory,
        dirs: vec![
            (
                "https://schemas.example.com/".to_owned(),
                PathBuf::from("vendor/other"),
            ),
            (
                "https://schemas.example.com/v1/".to_owned(),
                PathBuf::from("vendor/example/v1"),
            ),
        ],
    };
    let doc = read_files(Path::new("api/openapi.yaml"), &files);
    let names: Vec<&str> = doc.components.schemas.keys().map(String::as_str).collect();
    assert_eq!(names, ["Price", "Money", "currency"]);
    assert_eq!(
        doc.components.schemas["currency"].pattern.as_deref(),
        Some("^[A-Z]{3}$")
    );
    // Without the mapping, the reference is refused where it is written.
    let text = memory.read(Path::new("api/openapi.yaml")).unwrap();
    let mut diag = codegen::diag::Diagnostics::new("api/openapi.yaml", Some(&text));
    assert!(
        codegen::load::load_files(Path::new("api/openapi.yaml"), &text, &memory, &mut diag)
            .is_none()
    );
    let items = diag.into_items();
    assert_eq!(items.len(), 1, "{items:#?}");
    assert_eq!(items[0].pointer, "#/components/schemas/Price/$ref");
    assert_eq!(items[0].location, Some((6, 5)));
    assert!(
        items[0].message.contains("remote document"),
        "{}",
        items[0].message
    );
}

/// A path item given by a `$ref` to another part of the same file (3.1's `pathItems`, another
/// path, through a chain) is written in place, as one from another file is.
#[test]
fn path_items_given_by_a_ref_in_the_same_file_are_written_in_place() {
    let files = MemoryFiles(vec![
        (
            PathBuf::from("openapi.yaml"),
            "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a: {$ref: '#/components/pathItems/A'}
  /b: {$ref: '#/paths/~1a'}
  /c: {$ref: 'other.yaml#/C'}
components:
  pathItems:
    A:
      get:
        operationId: getA
        responses: {'204': {description: none}}
"
            .to_owned(),
        ),
        (
            PathBuf::from("other.yaml"),
            "C: {$ref: 'openapi.yaml#/components/pathItems/A'}\n".to_owned(),
        ),
    ]);
    let doc = read_files(Path::new("openapi.yaml"), &files);
    let a = doc.paths["/a"].as_item().expect("written in place");
    assert_eq!(a.operations[0].1.operation_id.as_deref(), Some("getA"));
    assert_eq!(doc.paths["/b"], doc.paths["/a"]);
    // Into the first file from another: a `$ref` the model keeps, as lowering reports it.
    assert!(doc.paths["/c"].as_item().is_none());
}
