//! Golden tests: each `tests/golden/<name>.yaml` is a small spec on one construct, and
//! `tests/golden/<name>/` holds the files generated from it. The `golden-check` crate compiles
//! every expected output under `#![deny(warnings)]` and round-trips values through it. A fixture
//! of a fallback keeps the warnings it generates with in `tests/golden/<name>.warnings`.
//!
//! Re-bless after an intended change with:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test -p ordergen-codegen --test golden
//! ```
//!
//! and review the diff like code.

use std::fs;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn fixtures() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

#[test]
fn generated_code_matches_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let specs = fixtures();
    assert!(specs.len() >= 15, "expected at least 15 golden fixtures");
    for spec in &specs {
        let module = spec.file_stem().unwrap().to_str().unwrap().to_owned();
        let text = fs::read_to_string(spec).unwrap();
        let display = format!("tests/golden/{module}.yaml");
        let output = match codegen::generate(codegen::SpecInput {
            path: &display,
            module: &module,
            text: &text,
        }) {
            Ok(output) => output,
            Err(diagnostics) => {
                let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                failures.push(format!("{display} did not generate:\n{}", text.join("\n")));
                continue;
            }
        };
        // A fixture of a fallback generates with its warnings, kept beside it in
        // `<name>.warnings`; every other fixture generates without one.
        let warnings_path = golden_dir().join(format!("{module}.warnings"));
        let warnings: String = output.warnings.iter().map(|w| format!("{w}\n")).collect();
        let expected_warnings = fs::read_to_string(&warnings_path).unwrap_or_default();
        if warnings != expected_warnings {
            if update && warnings.is_empty() {
                fs::remove_file(&warnings_path).unwrap();
            } else if update {
                fs::write(&warnings_path, &warnings).unwrap();
            } else {
                failures.push(format!(
                    "{display} warns differently:\n--- expected\n{expected_warnings}+++ actual\n{warnings}"
                ));
            }
        }
        // Files in the expected directory that generation no longer writes are stale too.
        let written: Vec<PathBuf> = output
            .files
            .iter()
            .map(|f| golden_dir().join(&f.path))
            .collect();
        if let Ok(entries) = fs::read_dir(golden_dir().join(&module)) {
            for entry in entries {
                let path = entry.unwrap().path();
                if !written.contains(&path) {
                    if update {
                        fs::remove_file(&path).unwrap();
                    } else {
                        failures.push(format!("{} is no longer generated", path.display()));
                    }
                }
            }
        }
        for file in &output.files {
            let path = golden_dir().join(&file.path);
            let expected = fs::read_to_string(&path).unwrap_or_default();
            if expected == file.contents {
                continue;
            }
            if update {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, &file.contents).unwrap();
            } else {
                failures.push(format!(
                    "{} differs from what {display} generates now:\n{}",
                    path.display(),
                    first_difference(&expected, &file.contents)
                ));
            }
        }
    }
    // Every expected-output directory must still have its spec.
    for entry in fs::read_dir(golden_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.with_extension("yaml").exists() {
            failures.push(format!("{} has no spec beside it", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test -p ordergen-codegen --test golden` and review the diff.",
        failures.join("\n\n")
    );
}

fn first_difference(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    for i in 0..expected_lines.len().max(actual_lines.len()) {
        let (e, a) = (expected_lines.get(i), actual_lines.get(i));
        if e != a {
            return format!(
                "  line {}:\n  - expected: {}\n  + actual:   {}",
                i + 1,
                e.unwrap_or(&"<end of file>"),
                a.unwrap_or(&"<end of file>")
            );
        }
    }
    "  (only line endings differ)".to_owned()
}

#[test]
fn generation_is_deterministic() {
    for spec in fixtures() {
        let module = spec.file_stem().unwrap().to_str().unwrap().to_owned();
        let text = fs::read_to_string(&spec).unwrap();
        let run = || {
            codegen::generate(codegen::SpecInput {
                path: "spec.yaml",
                module: &module,
                text: &text,
            })
            .unwrap()
            .files
        };
        assert_eq!(
            run(),
            run(),
            "{} generates different output on a second run",
            spec.display()
        );
    }
}
