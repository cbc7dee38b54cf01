//! Broken specs and the exact diagnostics they must produce, and valid but unusual ones and
//! the exact warnings they generate with (each fallback's warning text is here). Each
//! `tests/diagnostics/<name>.yaml` has its expected output in `<name>.txt`; a spec that
//! generates ends it with the line `generated`. So has each spec split over files,
//! `tests/diagnostics/<name>/openapi.yaml` and the files its `$ref`s name (generated from its
//! file, so those are read).
//!
//! Re-bless after an intended change with
//! `UPDATE_GOLDEN=1 cargo test -p ordergen-codegen --test diagnostics`, and review the diff.

use std::fs;
use std::path::Path;

#[test]
fn every_spec_gets_its_exact_located_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut specs: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") || p.join("openapi.yaml").is_file())
        .collect();
    specs.sort();
    assert!(specs.len() >= 9);
    assert!(specs.iter().filter(|p| p.is_dir()).count() >= 3);
    let mut failures = Vec::new();
    for spec in specs {
        let name = spec.file_stem().unwrap().to_str().unwrap();
        let split = spec.is_dir();
        let (file, display) = if split {
            (
                spec.join("openapi.yaml"),
                format!("tests/diagnostics/{name}/openapi.yaml"),
            )
        } else {
            (spec.clone(), format!("tests/diagnostics/{name}.yaml"))
        };
        let text = fs::read_to_string(&file).unwrap();
        let result = std::panic::catch_unwind(|| {
            let input = codegen::SpecInput {
                path: &display,
                module: name,
                text: &text,
            };
            if split {
                codegen::generate_from_file(input, &file, &codegen::load::bundle::FileSystem)
            } else {
                codegen::generate(input)
            }
        });
        let actual = match result {
            Err(_) => {
                failures.push(format!("{display}: the generator panicked"));
                continue;
            }
            Ok(Ok(output)) => {
                let mut lines: Vec<String> =
                    output.warnings.iter().map(ToString::to_string).collect();
                lines.push("generated".to_owned());
                lines.join("\n") + "\n"
            }
            Ok(Err(diagnostics)) => {
                let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                lines.join("\n") + "\n"
            }
        };
        let expected_path = dir.join(format!("{name}.txt"));
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            if update {
                fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!(
                    "{display}:\n--- expected\n{expected}+++ actual\n{actual}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
