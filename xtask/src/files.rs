//! Writing generated files, or comparing them with what is on disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use codegen::{GeneratedFile, Severity, SpecInput};

/// What the workspace's generated crate is called in messages.
const GENERATED_DIR: &str = "generated";

/// Regenerates `generated/src` from `specs/`, or with `check` reports each stale file.
pub fn gen_workspace(root: &Path, check: bool) -> Result<ExitCode> {
    let specs = spec_files(&root.join("specs"))?;
    if specs.is_empty() {
        bail!("no specs found in {}", root.join("specs").display());
    }
    let mut files = Vec::new();
    let mut modules: Vec<String> = Vec::new();
    let mut displays: Vec<String> = Vec::new();
    let mut failed = false;
    for spec in &specs {
        let module = codegen::names::module_name(&stem(spec)?);
        let display = format!("specs/{}", file_name(spec)?);
        if let Some(i) = modules.iter().position(|m| *m == module) {
            bail!(
                "{display} and {} both make the module `{module}`: rename one of them",
                displays[i]
            );
        }
        displays.push(display.clone());
        let text = fs::read_to_string(spec).with_context(|| format!("reading {display}"))?;
        match generate_one(
            spec,
            &display,
            &module,
            &text,
            &codegen::load::bundle::FileSystem,
        ) {
            Some(generated) => files.extend(generated),
            None => failed = true,
        }
        modules.push(module);
    }
    if failed {
        return Ok(ExitCode::FAILURE);
    }
    let module_refs: Vec<&str> = modules.iter().map(String::as_str).collect();
    files.push(codegen::crate_root(
        &module_refs,
        CRATE_DOC,
        Some("../../README.md"),
    ));
    check_features(&root.join(GENERATED_DIR).join("Cargo.toml"), &module_refs)?;

    let src = root.join(GENERATED_DIR).join("src");
    let mut stale = Vec::new();
    for file in &files {
        let path = src.join(&file.path);
        if ensure_file_contents(&path, &file.contents, check)? {
            stale.push(path);
        }
    }
    for orphan in orphan_modules(&src, &module_refs)? {
        if !check {
            fs::remove_dir_all(&orphan)
                .with_context(|| format!("removing {}", orphan.display()))?;
        }
        stale.push(orphan);
    }
    if check && !stale.is_empty() {
        for path in &stale {
            eprintln!("stale: {}", relative(root, path));
        }
        eprintln!(
            "generated/ is out of date with specs/: run `cargo xtask gen` and commit the result"
        );
        return Ok(ExitCode::FAILURE);
    }
    if !check {
        for path in &stale {
            println!("updated {}", relative(root, path));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a standalone crate for one spec into `out`: the module, its crate root and manifest,
/// and a copy of the runtime crate in `out/runtime` unless `runtime` names the runtime crate to
/// depend on instead.
pub fn gen_standalone(
    spec: &Path,
    out: &Path,
    runtime: Option<&Path>,
    name: Option<&str>,
    ref_dirs: Vec<(String, PathBuf)>,
) -> Result<ExitCode> {
    let derived = codegen::names::module_name(&stem(spec)?);
    let module = match name {
        Some(name) if codegen::names::module_name(name) == name => name.to_owned(),
        Some(name) => bail!(
            "--name `{name}` is not a snake_case Rust name; `{}` would be",
            codegen::names::module_name(name)
        ),
        None => derived,
    };
    let display = spec.display().to_string();
    let text = fs::read_to_string(spec).with_context(|| format!("reading {display}"))?;
    let files = codegen::load::bundle::RemoteCopies {
        files: &codegen::load::bundle::FileSystem,
        dirs: ref_dirs,
    };
    let Some(mut files) = generate_one(spec, &display, &module, &text, &files) else {
        return Ok(ExitCode::FAILURE);
    };
    files.push(codegen::crate_root(&[module.as_str()], CRATE_DOC, None));
    for file in &files {
        ensure_file_contents(&out.join("src").join(&file.path), &file.contents, false)?;
    }
    let runtime_path = match runtime {
        Some(path) => {
            let path = fs::canonicalize(path)
                .with_context(|| format!("the runtime crate {}", path.display()))?;
            if !path.join("Cargo.toml").is_file() {
                bail!(
                    "{} holds no Cargo.toml: --runtime names the runtime crate's folder",
                    path.display()
                );
            }
            path.display().to_string()
        }
        None => {
            let copy = out.join("runtime");
            for (path, contents) in codegen::RUNTIME_FILES {
                ensure_file_contents(&copy.join(path), contents, false)?;
            }
            ensure_file_contents(
                &copy.join("Cargo.toml"),
                &codegen::runtime_manifest(),
                false,
            )?;
            "runtime".to_owned()
        }
    };
    let manifest = codegen::standalone_manifest(&module, &runtime_path);
    ensure_file_contents(&out.join("Cargo.toml"), &manifest, false)?;
    println!(
        "wrote crate `{module}` (module `{module}`, feature `{module}`) to {}",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

const CRATE_DOC: &str = "Typed clients for order APIs, generated by ordergen from the specs in \
    `specs/`. Each API is a module behind a cargo feature of the same name; all are on by \
    default.";

/// Generates one spec read from `path` (the files its `$ref`s name are read beside it),
/// printing its diagnostics; `None` when it has errors.
fn generate_one(
    path: &Path,
    display: &str,
    module: &str,
    text: &str,
    files: &dyn codegen::load::bundle::SpecFiles,
) -> Option<Vec<GeneratedFile>> {
    let input = SpecInput {
        path: display,
        module,
        text,
    };
    match codegen::generate_from_file(input, path, files) {
        Ok(output) => {
            for warning in &output.warnings {
                eprintln!("{warning}");
            }
            Some(output.files)
        }
        Err(diagnostics) => {
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            eprintln!("{display}: {errors} error(s); nothing was generated for it");
            None
        }
    }
}

/// Writes `contents` to `path` when it differs, or in check mode only reports it. Returns
/// whether the file was (or would be) changed.
fn ensure_file_contents(path: &Path, contents: &str, check: bool) -> Result<bool> {
    if fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(false);
    }
    if !check {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(true)
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let is_spec = path.is_file()
            && matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            );
        if is_spec {
            specs.push(path);
        }
    }
    specs.sort();
    Ok(specs)
}

/// Module directories under `src` that were generated from a spec that no longer exists.
fn orphan_modules(src: &Path, modules: &[&str]) -> Result<Vec<PathBuf>> {
    let mut orphans = Vec::new();
    let Ok(entries) = fs::read_dir(src) else {
        return Ok(orphans);
    };
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !path.is_dir() || modules.contains(&name.as_str()) {
            continue;
        }
        let generated = fs::read_to_string(path.join("mod.rs"))
            .map(|text| text.starts_with("// @generated"))
            .unwrap_or(false);
        if generated {
            orphans.push(path);
        }
    }
    orphans.sort();
    Ok(orphans)
}

/// Each API module is compiled only with its feature; the manifest must declare them all.
fn check_features(manifest: &Path, modules: &[&str]) -> Result<()> {
    let text =
        fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let missing: Vec<&str> = modules
        .iter()
        .copied()
        .filter(|module| {
            !text
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{module} = [")))
        })
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} has no feature for {}: add `{} = []` under [features] and to `default`",
            manifest.display(),
            missing.join(", "),
            missing[0]
        );
    }
    Ok(())
}

fn stem(path: &Path) -> Result<String> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_owned)
        .with_context(|| format!("{} has no usable file name", path.display()))
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|s| s.to_str())
        .map(str::to_owned)
        .with_context(|| format!("{} has no usable file name", path.display()))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed `generated/` is the golden output of the real specs.
    #[test]
    fn generated_crate_is_up_to_date_with_the_specs() {
        let root = crate::workspace_root();
        let code = gen_workspace(&root, true).expect("generation runs");
        assert_eq!(
            code,
            ExitCode::SUCCESS,
            "generated/ is stale: run `cargo xtask gen` and commit the result"
        );
    }

    #[test]
    fn check_mode_reports_a_changed_file_without_writing_it() {
        let dir = std::env::temp_dir().join(format!("ordergen-xtask-{}", std::process::id()));
        let path = dir.join("a/b.rs");
        assert!(ensure_file_contents(&path, "one", false).unwrap());
        assert!(!ensure_file_contents(&path, "one", true).unwrap());
        assert!(ensure_file_contents(&path, "two", true).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        fs::remove_dir_all(dir).unwrap();
    }

    /// A spec file may have any name: the crate and module are named after it, or as `--name`
    /// says; a `--name` that is no Rust name is refused before anything is written.
    #[test]
    fn standalone_crates_are_named_after_any_file_name() {
        let dir = std::env::temp_dir().join(format!("ordergen-xtask-names-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("my.vendor-api.yaml");
        fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n",
        )
        .unwrap();
        let runtime = crate::workspace_root().join("runtime");
        let out = dir.join("derived");
        let code = gen_standalone(&spec, &out, Some(&runtime), None, vec![]).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(out.join("src/my_vendor_api/mod.rs").is_file());
        let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"my_vendor_api\""), "{manifest}");

        let named = dir.join("named");
        let code = gen_standalone(&spec, &named, Some(&runtime), Some("vendor"), vec![]).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(named.join("src/vendor/mod.rs").is_file());

        let refused = dir.join("refused");
        let err =
            gen_standalone(&spec, &refused, Some(&runtime), Some("My-Vendor"), vec![]).unwrap_err();
        assert!(err.to_string().contains("my_vendor"), "{err}");
        assert!(!refused.exists());
        fs::remove_dir_all(dir).unwrap();
    }

    /// `--spec` reads the files the spec's `$ref`s name beside it, and `--ref-dir` the local
    /// copies of remote ones; without the mapping, nothing is written.
    #[test]
    fn standalone_crates_read_split_specs_and_local_copies_of_remote_documents() {
        let dir = std::env::temp_dir().join(format!("ordergen-xtask-split-{}", std::process::id()));
        fs::create_dir_all(dir.join("api/schemas")).unwrap();
        fs::create_dir_all(dir.join("mirror/v1")).unwrap();
        let spec = dir.join("api/openapi.yaml");
        fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order: {$ref: 'schemas/order.yaml'}\n",
        )
        .unwrap();
        fs::write(
            dir.join("api/schemas/order.yaml"),
            "type: object\nproperties:\n  price: {$ref: 'https://schemas.example.com/v1/money.yaml#/Money'}\n",
        )
        .unwrap();
        fs::write(
            dir.join("mirror/v1/money.yaml"),
            "Money: {type: object, properties: {amount: {type: string}}}\n",
        )
        .unwrap();
        let runtime = crate::workspace_root().join("runtime");
        let refused = dir.join("refused");
        let code = gen_standalone(&spec, &refused, Some(&runtime), None, vec![]).unwrap();
        assert_eq!(code, ExitCode::FAILURE);
        assert!(!refused.exists());
        let out = dir.join("out");
        let mirror = vec![(
            "https://schemas.example.com/".to_owned(),
            dir.join("mirror"),
        )];
        let code = gen_standalone(&spec, &out, Some(&runtime), None, mirror).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let types = fs::read_to_string(out.join("src/openapi/types.rs")).unwrap();
        assert!(types.contains("pub struct Money"), "{types}");
        assert!(types.contains("pub price: Option<Money>"), "{types}");
        fs::remove_dir_all(dir).unwrap();
    }
}
