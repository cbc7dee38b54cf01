//! The documents measured: finding them, staging each under a name every tool accepts, counting
//! their schemas and operations, and counting the lines a tool wrote for them.

use std::path::{Path, PathBuf};

/// One document of the corpus.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it was found.
    pub source: PathBuf,
    /// The name it is staged under: the file stem in snake_case, which every tool accepts as a
    /// crate or module name.
    pub name: String,
    /// The file extension (`json`, `yaml` or `yml`).
    pub ext: String,
    /// `openapi` or `swagger` version, as written.
    pub version: String,
    /// Schemas (`components/schemas`, or `definitions` in Swagger 2.0).
    pub schemas: usize,
    /// Operations (methods under `paths`).
    pub operations: usize,
    /// Size in bytes.
    pub bytes: u64,
}

/// `stem` in snake_case: lower case, anything but letters and digits as `_`, a leading digit
/// prefixed.
pub fn snake_name(stem: &str) -> String {
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        name.insert(0, 'd');
    }
    name
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads a document (JSON or YAML) as JSON; an error names the file and what is wrong.
pub fn parse(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("reading {}: {err}", path.display()))?;
    let json = path.extension().and_then(|e| e.to_str()) == Some("json");
    if json {
        serde_json::from_str(&text).map_err(|err| format!("{}: {err}", path.display()))
    } else {
        serde_yaml_ng::from_str(&text).map_err(|err| format!("{}: {err}", path.display()))
    }
}

/// Reads the document at `path` and counts what it declares.
pub fn document(path: &Path) -> Result<Document, String> {
    let value = parse(path)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("{}: no file name", path.display()))?;
    let ext = path
        .extension()
        .and_then(|s| s.to_str())
        .unwrap_or("json")
        .to_owned();
    let version = value
        .get("openapi")
        .or_else(|| value.get("swagger"))
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| "?".into());
    let schemas = value
        .pointer("/components/schemas")
        .or_else(|| value.get("definitions"))
        .and_then(|s| s.as_object())
        .map_or(0, |s| s.len());
    let operations = value
        .get("paths")
        .and_then(|p| p.as_object())
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(|item| item.as_object())
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        });
    Ok(Document {
        source: path.to_path_buf(),
        name: snake_name(stem),
        ext,
        version,
        schemas,
        operations,
        bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
    })
}

/// The documents (`.json`, `.yaml`, `.yml`) in `dir` and its subfolders, sorted by staged name;
/// `only`, when not empty, keeps those whose staged name or file name is listed.
pub fn corpus(dir: &Path, only: &[String]) -> Result<Vec<Document>, String> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    let mut docs = Vec::new();
    for file in files {
        let doc = document(&file)?;
        let file_name = file.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if only.is_empty() || only.iter().any(|o| *o == doc.name || o == file_name) {
            docs.push(doc);
        }
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = docs.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(format!(
            "{} and {} have the same name once staged ({})",
            pair[0].source.display(),
            pair[1].source.display(),
            pair[0].name
        ));
    }
    Ok(docs)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|err| format!("reading {}: {err}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|err| format!("reading {}: {err}", dir.display()))?
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

/// Lines of Rust a tool wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lines {
    /// Neither blank nor comment.
    pub code: usize,
    /// `//` comments (doc comments included) and `/* ... */` blocks.
    pub comments: usize,
    /// Code lines of a runtime the tool writes into every crate, the same whatever the document
    /// (ordergen's `src/runtime/`); counted in `code` too.
    pub runtime_code: usize,
    /// `.rs` files.
    pub files: usize,
}

/// Counts the lines of every `.rs` file under `dir` (not under `target/`); files under a
/// folder named in `runtime_dirs` (relative to `dir`) count as runtime too.
pub fn count_lines(dir: &Path, runtime_dirs: &[&str]) -> Lines {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let mut lines = Lines::default();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let (code, comments) = count_text(&text);
        lines.files += 1;
        lines.code += code;
        lines.comments += comments;
        let relative = file.strip_prefix(dir).unwrap_or(&file);
        if runtime_dirs.iter().any(|r| relative.starts_with(r)) {
            lines.runtime_code += code;
        }
    }
    lines
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if path.is_dir() {
            if path.file_name().and_then(|n| n.to_str()) != Some("target") {
                rust_files(&path, files);
            }
        } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
            files.push(path);
        }
    }
}

/// (code, comment) lines of one Rust file.
pub fn count_text(text: &str) -> (usize, usize) {
    let mut code = 0;
    let mut comments = 0;
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim();
        if in_block {
            comments += 1;
            if t.contains("*/") {
                in_block = false;
            }
        } else if t.is_empty() {
        } else if t.starts_with("//") {
            comments += 1;
        } else if t.starts_with("/*") {
            comments += 1;
            in_block = !t.contains("*/");
        } else {
            code += 1;
        }
    }
    (code, comments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_tool_accepts() {
        assert_eq!(snake_name("api.github.com"), "api_github_com");
        assert_eq!(snake_name("v3.0-petstore"), "v3_0_petstore");
        assert_eq!(snake_name("3scale"), "d3scale");
    }

    #[test]
    fn code_and_comment_lines() {
        let text =
            "/*\n * licence\n */\n\n//! crate\nuse x;\n/// doc\nfn f() {} // trailing\n/* one */\n";
        assert_eq!(count_text(text), (2, 6));
    }

    #[test]
    fn schemas_and_operations_are_counted() {
        let dir = std::env::temp_dir().join(format!("ordergen-peers-docs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(
            dir.join("sub/My-API.yaml"),
            "openapi: 3.0.3\npaths:\n  /a:\n    parameters: []\n    get: {}\n    post: {}\n  /b:\n    delete: {}\ncomponents:\n  schemas:\n    A: {}\n    B: {}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("old.json"),
            r#"{"swagger": "2.0", "paths": {"/x": {"get": {}}}, "definitions": {"X": {}}}"#,
        )
        .unwrap();
        std::fs::write(dir.join("notes.txt"), "not a document").unwrap();
        let docs = corpus(&dir, &[]).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            (docs[0].name.as_str(), docs[0].schemas, docs[0].operations),
            ("my_api", 2, 3)
        );
        assert_eq!(docs[0].version, "3.0.3");
        assert_eq!((docs[1].name.as_str(), docs[1].schemas), ("old", 1));
        assert_eq!(corpus(&dir, &["old.json".into()]).unwrap().len(), 1);
        std::fs::write(dir.join("broken.json"), "{").unwrap();
        let err = corpus(&dir, &[]).unwrap_err();
        assert!(err.contains("broken.json"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
