//! Broken specs and the exact diagnostics they must produce, and valid but unusual ones and
//! the exact warnings they generate with (each fallback's warning text is here). Each
//! `tests/diagnostics/<name>.yaml` has its expected output in `<name>.txt`; a spec that
//! generates ends it with the line `generated`.
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
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 9);
    let mut failures = Vec::new();
    for spec in specs {
        let name = spec.file_stem().unwrap().to_str().unwrap();
        let text = fs::read_to_string(&spec).unwrap();
        let display = format!("tests/diagnostics/{name}.yaml");
        let result = std::panic::catch_unwind(|| {
            codegen::generate(codegen::SpecInput {
                path: &display,
                module: name,
                text: &text,
            })
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
        let expected_path = spec.with_extension("txt");
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
