//! ordergen's generator: OpenAPI 3.0 or 3.1 (or Swagger 2.0) specs -> Rust source files.
//!
//! The flow is `load` (text -> the document model of [`doc`]), `lower` (-> the checked [`ir::Api`]),
//! `emit` (-> tokens -> formatted files). See ARCHITECTURE.md.

pub mod diag;
pub mod doc;
pub mod emit;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod names;

pub use diag::{Diagnostic, Severity};
pub use emit::GeneratedFile;

/// One spec to generate.
#[derive(Debug, Clone, Copy)]
pub struct SpecInput<'a> {
    /// The spec file as the user should see it in messages and headers, e.g. `specs/planso.yaml`.
    pub path: &'a str,
    /// The Rust module name (the file stem), e.g. `planso`.
    pub module: &'a str,
    /// The spec text, YAML or JSON.
    pub text: &'a str,
}

/// What generation produced: files relative to the output crate's `src/`, and warnings.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Generates the module for one spec, or returns every problem found in it. The spec is the
/// text alone: a `$ref` to another file is an error ([`generate_from_file`] reads them).
pub fn generate(input: SpecInput<'_>) -> Result<Output, Vec<Diagnostic>> {
    let api = analyze(input)?;
    let (api, warnings) = api;
    let files = emit::emit_api(&api);
    Ok(Output { files, warnings })
}

/// Generates the module for a spec read from the file `location` (`input.text` is its text),
/// following its `$ref`s to other files, which `files` reads ([`load::bundle::FileSystem`]
/// reads them from disk); or returns every problem found, each naming the file it is in.
pub fn generate_from_file(
    input: SpecInput<'_>,
    location: &std::path::Path,
    files: &dyn load::bundle::SpecFiles,
) -> Result<Output, Vec<Diagnostic>> {
    let (api, warnings) = analyze_from_file(input, location, files)?;
    let files = emit::emit_api(&api);
    Ok(Output { files, warnings })
}

/// Loads and lowers a spec: the checked IR, with warnings, or every problem found.
pub fn analyze(input: SpecInput<'_>) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    analyze_with(input, None)
}

/// [`analyze`] for a spec read from the file `location`, whose `$ref`s to other files `files`
/// reads.
pub fn analyze_from_file(
    input: SpecInput<'_>,
    location: &std::path::Path,
    files: &dyn load::bundle::SpecFiles,
) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    analyze_with(input, Some((location, files)))
}

fn analyze_with(
    input: SpecInput<'_>,
    files: Option<(&std::path::Path, &dyn load::bundle::SpecFiles)>,
) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    if !is_module_name(input.module) {
        let mut diag = diag::Diagnostics::new(input.path, None);
        diag.error_at(
            None,
            format!(
                "the file name `{}` cannot be a Rust module name",
                input.module
            ),
            "pass a snake_case module name; `names::module_name` derives one from a file name",
        );
        return Err(diag.into_items());
    }
    let mut diag = diag::Diagnostics::new(input.path, Some(input.text));
    let spec = match files {
        Some((location, files)) => load::load_files(location, input.text, files, &mut diag),
        None => load::load(input.text, &mut diag),
    };
    let Some(mut spec) = spec else {
        return Err(diag.into_items());
    };
    lower::normalize(&mut spec, &mut diag);
    let api = lower::lower(&spec, input.module, input.path, &mut diag);
    diag.finish(api)
}

/// The root `lib.rs` of a crate holding the modules of `modules`, each behind its feature;
/// `readme` (relative to `src/lib.rs`) is included as doctests.
pub fn crate_root(modules: &[&str], crate_doc: &str, readme: Option<&str>) -> GeneratedFile {
    emit::emit_crate_root(modules, crate_doc, readme)
}

fn is_module_name(name: &str) -> bool {
    names::field_name(name) == name
}

/// The hand-written runtime crate (`runtime/`, package `ordergen-runtime`) as
/// `(path under the crate's folder, text)`: a standalone crate gets a copy of it beside its own
/// sources, so it builds anywhere without this repository. Its manifest is
/// [`runtime_manifest`].
#[rustfmt::skip]
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("src/auth/mod.rs", include_str!("../../runtime/src/auth/mod.rs")),
    ("src/auth/oauth2.rs", include_str!("../../runtime/src/auth/oauth2.rs")),
    ("src/dates.rs", include_str!("../../runtime/src/dates.rs")),
    ("src/object.rs", include_str!("../../runtime/src/object.rs")),
    ("src/error.rs", include_str!("../../runtime/src/error.rs")),
    ("src/form.rs", include_str!("../../runtime/src/form.rs")),
    ("src/http/body.rs", include_str!("../../runtime/src/http/body.rs")),
    ("src/http/events.rs", include_str!("../../runtime/src/http/events.rs")),
    ("src/http/mod.rs", include_str!("../../runtime/src/http/mod.rs")),
    ("src/http/multipart.rs", include_str!("../../runtime/src/http/multipart.rs")),
    ("src/http/params.rs", include_str!("../../runtime/src/http/params.rs")),
    ("src/http/request.rs", include_str!("../../runtime/src/http/request.rs")),
    ("src/http/response.rs", include_str!("../../runtime/src/http/response.rs")),
    ("src/http/send.rs", include_str!("../../runtime/src/http/send.rs")),
    ("src/http/stream.rs", include_str!("../../runtime/src/http/stream.rs")),
    ("src/http/tests.rs", include_str!("../../runtime/src/http/tests.rs")),
    ("src/lib.rs", include_str!("../../runtime/src/lib.rs")),
    ("src/macros.rs", include_str!("../../runtime/src/macros.rs")),
    ("src/nullable.rs", include_str!("../../runtime/src/nullable.rs")),
    ("src/retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("src/tagged.rs", include_str!("../../runtime/src/tagged.rs")),
    ("src/validate.rs", include_str!("../../runtime/src/validate.rs")),
    ("src/xml/mod.rs", include_str!("../../runtime/src/xml/mod.rs")),
    ("src/xml/node.rs", include_str!("../../runtime/src/xml/node.rs")),
    ("src/xml/read.rs", include_str!("../../runtime/src/xml/read.rs")),
    ("src/xml/scalars.rs", include_str!("../../runtime/src/xml/scalars.rs")),
    ("src/xml/tests.rs", include_str!("../../runtime/src/xml/tests.rs")),
    ("src/xml/value.rs", include_str!("../../runtime/src/xml/value.rs")),
    ("src/xml/write.rs", include_str!("../../runtime/src/xml/write.rs")),
];

/// The dependencies of the runtime crate, as a standalone manifest writes them.
const RUNTIME_DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
uuid = { version = "1", features = ["serde"] }
rust_decimal = { version = "1", features = ["serde-float"] }
regex = "1"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "http2", "stream", "multipart"] }
tokio = { version = "1", features = ["time", "sync", "fs", "io-util"] }
tracing = "0.1"
thiserror = "2"
bytes = "1"
fastrand = "2"
httpdate = "1"
serde_path_to_error = "0.1"
quick-xml = "0.42"
futures-util = { version = "0.3", default-features = false, features = ["std"] }
tokio-util = { version = "0.7", features = ["io"] }
base64 = "0.22"
"#;

/// The `Cargo.toml` of the runtime crate's copy in a standalone crate (`runtime/Cargo.toml`).
pub fn runtime_manifest() -> String {
    format!(
        r#"# @generated by ordergen (`cargo xtask gen --spec ... --out ...`): a copy of its runtime crate.
[package]
name = "ordergen-runtime"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
name = "ordergen_runtime"

[dependencies]
{RUNTIME_DEPENDENCIES}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }}
"#
    )
}

/// The `Cargo.toml` of a standalone crate holding the one module `module`. `runtime` is the
/// path of the runtime crate, relative to the standalone crate's folder (`runtime` for the
/// copy written beside it).
pub fn standalone_manifest(module: &str, runtime: &str) -> String {
    format!(
        r#"# @generated by ordergen (`cargo xtask gen --spec ... --out ...`).
[package]
name = "{module}"
version = "0.1.0"
edition = "2021"
publish = false

[features]
default = ["{module}"]
{module} = []

[dependencies]
ordergen-runtime = {{ path = {runtime:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std", "clock"] }}
uuid = {{ version = "1", features = ["serde"] }}
rust_decimal = {{ version = "1", features = ["serde-float"] }}

[workspace]
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A standalone crate must carry the whole runtime: every file of it is listed.
    #[test]
    fn runtime_files_list_the_whole_runtime() {
        fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    let relative = path.strip_prefix(root).unwrap();
                    out.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let mut on_disk = Vec::new();
        walk(&root.join("src"), &root, &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = RUNTIME_FILES.iter().map(|(p, _)| (*p).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    /// The runtime's copy in a standalone crate depends on what the runtime crate does.
    #[test]
    fn runtime_manifest_names_every_dependency_of_the_runtime_crate() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/Cargo.toml");
        let manifest = std::fs::read_to_string(path).unwrap();
        let dependencies = manifest
            .split("[dependencies]")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .unwrap();
        let names: Vec<&str> = dependencies
            .lines()
            .filter_map(|line| line.split(['.', ' ', '=']).next())
            .filter(|name| !name.is_empty())
            .collect();
        assert!(names.len() > 5, "{names:?}");
        let copy = runtime_manifest();
        for name in names {
            assert!(
                copy.lines()
                    .any(|line| line.starts_with(&format!("{name} ="))),
                "the standalone runtime manifest lacks `{name}`"
            );
        }
    }
}
