//! The real-world corpus (`codegen/tests/corpus/`): finding its documents, generating each the
//! way `cargo xtask gen --spec FILE` does, and summarising the result. Shared by the corpus test
//! (`tests/corpus.rs`) and `cargo xtask corpus`, which includes this file by path.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The folder holding the multi-file specs; in it, only files that declare `openapi` or
/// `swagger` at their top level are documents, the rest are their parts.
pub const MULTI_FILE_DIR: &str = "multi";

/// One document of a corpus.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file.
    pub path: PathBuf,
    /// The path relative to the corpus folder, with `/` separators: the document's name in
    /// messages and in the summary, e.g. `progenitor/api.github.com.json`.
    pub id: String,
    /// The module and crate name, derived from the file name as `cargo xtask gen --spec` does.
    pub module: String,
    /// The `openapi` or `swagger` version the document declares, e.g. `OpenAPI 3.0.3`.
    pub version: String,
}

impl Document {
    /// The file name, e.g. `api.github.com.json`.
    pub fn file_name(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or(&self.id)
    }

    /// Whether `selector` names this document: its file name, its id, or its module name.
    pub fn is_named(&self, selector: &str) -> bool {
        selector == self.file_name() || selector == self.id || selector == self.module
    }
}

/// Every document under `root`, sorted by id. A file in `multi/` that declares no version is
/// a part of a multi-file spec and is skipped; anywhere else every `.json`, `.yaml` and `.yml`
/// file is a document.
pub fn discover(root: &Path) -> Result<Vec<Document>, String> {
    let mut files = Vec::new();
    collect(root, &mut files)?;
    let mut documents = Vec::new();
    for path in files {
        let id = path
            .strip_prefix(root)
            .map_err(|_| format!("{} is outside {}", path.display(), root.display()))?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let text =
            fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let version = declared_version(&path, &text);
        let in_multi = id.starts_with(&format!("{MULTI_FILE_DIR}/"));
        let version = match version {
            Some(version) => version,
            None if in_multi => continue,
            None => "no version declared".to_owned(),
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("{} has no usable file name", path.display()))?;
        documents.push(Document {
            module: codegen::names::module_name(stem),
            path,
            id,
            version,
        });
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(documents)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            files.push(path);
        }
    }
    Ok(())
}

/// `OpenAPI 3.0.3` or `Swagger 2.0` from the document's top-level `openapi` or `swagger` key.
/// JSON is parsed (the key may come last); in YAML a top-level key starts its line.
fn declared_version(path: &Path, text: &str) -> Option<String> {
    let is_json = path.extension().is_some_and(|e| e == "json");
    let (key, value) = if is_json {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let object = value.as_object()?;
        ["openapi", "swagger"].into_iter().find_map(|key| {
            let version = object.get(key)?;
            let version = version
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| version.to_string());
            Some((key, version))
        })?
    } else {
        text.lines().find_map(|line| {
            ["openapi", "swagger"].into_iter().find_map(|key| {
                let rest = line
                    .strip_prefix(key)
                    .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                    .or_else(|| line.strip_prefix(&format!("'{key}'")))?;
                let rest = rest.trim_start().strip_prefix(':')?;
                let version = rest.split('#').next()?.trim().trim_matches(['"', '\'']);
                Some((key, version.to_owned()))
            })
        })?
    };
    let kind = if key == "openapi" {
        "OpenAPI"
    } else {
        "Swagger"
    };
    Some(format!("{kind} {value}"))
}

/// What generating one document gave.
#[derive(Debug)]
pub struct Outcome {
    pub result: Generated,
    /// Loading, lowering and emitting, together.
    pub elapsed: Duration,
}

/// The result of generating one document.
#[derive(Debug)]
pub enum Generated {
    /// The module's files, with the counts the summary records.
    Files {
        files: Vec<codegen::GeneratedFile>,
        warnings: Vec<codegen::Diagnostic>,
        types: usize,
        operations: usize,
    },
    /// The document was refused; every diagnostic, errors and warnings.
    Refused(Vec<codegen::Diagnostic>),
    /// The generator panicked, with the panic's message.
    Panicked(String),
}

/// Generates `document` as `cargo xtask gen --spec FILE` does: the module named after the
/// file, the file as the user named it in the messages.
pub fn generate(document: &Document) -> Outcome {
    let text = match fs::read_to_string(&document.path) {
        Ok(text) => text,
        Err(e) => {
            return Outcome {
                result: Generated::Panicked(format!("unreadable: {e}")),
                elapsed: Duration::ZERO,
            }
        }
    };
    let start = Instant::now();
    let input = codegen::SpecInput {
        path: &document.id,
        module: &document.module,
        text: &text,
    };
    let files = codegen::load::bundle::FileSystem;
    let result = std::panic::catch_unwind(|| {
        match codegen::analyze_from_file(input, &document.path, &files) {
            Ok((api, warnings)) => Generated::Files {
                types: api.types.len(),
                operations: api.operations.len(),
                files: codegen::emit::emit_api(&api),
                warnings,
            },
            Err(diagnostics) => Generated::Refused(diagnostics),
        }
    });
    let result = result.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Generated::Panicked(message)
    });
    Outcome {
        result,
        elapsed: start.elapsed(),
    }
}

impl Generated {
    /// The number of errors: 0 when the files were generated.
    pub fn error_count(&self) -> usize {
        match self {
            Generated::Files { .. } => 0,
            Generated::Refused(diagnostics) => diagnostics
                .iter()
                .filter(|d| d.severity == codegen::Severity::Error)
                .count(),
            Generated::Panicked(_) => 1,
        }
    }

    /// The warnings given, whether or not the files were generated.
    pub fn warnings(&self) -> Vec<&codegen::Diagnostic> {
        match self {
            Generated::Files { warnings, .. } => warnings.iter().collect(),
            Generated::Refused(diagnostics) => diagnostics
                .iter()
                .filter(|d| d.severity == codegen::Severity::Warning)
                .collect(),
            Generated::Panicked(_) => Vec::new(),
        }
    }

    /// One line: `generated: 3 types, 2 operations, 1 warning` or `refused: 4 errors`.
    pub fn headline(&self) -> String {
        match self {
            Generated::Files {
                warnings,
                types,
                operations,
                ..
            } => format!(
                "generated: {}, {}, {}",
                plural(*types, "type"),
                plural(*operations, "operation"),
                plural(warnings.len(), "warning")
            ),
            Generated::Refused(_) => format!(
                "refused: {}, {}",
                plural(self.error_count(), "error"),
                plural(self.warnings().len(), "warning")
            ),
            Generated::Panicked(message) => format!("panicked: {}", first_line(message)),
        }
    }
}

/// `1 warning`, `2 warnings`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Diagnostics grouped by message, most frequent first (ties by message): `(count, message)`.
pub fn grouped<'a>(
    diagnostics: impl IntoIterator<Item = &'a codegen::Diagnostic>,
) -> Vec<(usize, String)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts
            .entry(first_line(&diagnostic.message).to_owned())
            .or_default() += 1;
    }
    let mut groups: Vec<(usize, String)> = counts.into_iter().map(|(m, n)| (n, m)).collect();
    groups.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    groups
}

/// The reviewed snapshot (`tests/corpus/SUMMARY.md`): a table of every document, then each
/// document's warnings and, while it is refused, its errors, grouped by message. Times are left
/// out: they vary from run to run (`cargo xtask corpus` prints them).
pub fn summary(results: &[(Document, Outcome)]) -> String {
    let mut out = String::new();
    out.push_str(
        "# What the corpus generates\n\n\
         Written by `tests/corpus.rs`: each document of `tests/corpus/`, generated under its own \
         file name. After an intended change, rewrite it with\n\
         `UPDATE_GOLDEN=1 cargo test -p ordergen-codegen --test corpus` and review the diff. \
         Times and `cargo check` results: `cargo xtask corpus`.\n\n",
    );
    let generated = results
        .iter()
        .filter(|(_, o)| matches!(o.result, Generated::Files { .. }))
        .count();
    let _ = writeln!(
        out,
        "{generated} of {} documents generate.\n",
        results.len()
    );
    out.push_str("| document | module | version | result |\n| --- | --- | --- | --- |\n");
    for (document, outcome) in results {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} |",
            document.id,
            document.module,
            document.version,
            outcome.result.headline().replace('|', "\\|")
        );
    }
    for (document, outcome) in results {
        let _ = write!(
            out,
            "\n## {}\n\n{}\n",
            document.id,
            outcome.result.headline()
        );
        if let Generated::Refused(diagnostics) = &outcome.result {
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == codegen::Severity::Error);
            out.push_str("\nErrors:\n\n");
            for (count, message) in grouped(errors) {
                let _ = writeln!(out, "- {count} × {message}");
            }
        }
        let warnings = outcome.result.warnings();
        if !warnings.is_empty() {
            out.push_str("\nWarnings:\n\n");
            for (count, message) in grouped(warnings) {
                let _ = writeln!(out, "- {count} × {message}");
            }
        }
    }
    out
}
