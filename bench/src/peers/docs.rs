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
    /// Size in bytes (of the document's own file).
    pub bytes: u64,
    /// The folder staged with the document when it refers to other files (a split spec): the
    /// document's own folder, copied whole, so that its relative `$ref`s resolve. `None` when
    /// the document stands alone.
    pub folder: Option<PathBuf>,
}

impl Document {
    /// Copies the document (with its folder, for a split spec) into `dir` and returns the path
    /// every tool is given.
    pub fn stage(&self, dir: &Path) -> Result<PathBuf, String> {
        match &self.folder {
            None => {
                let staged = dir.join(format!("{}.{}", self.name, self.ext));
                std::fs::copy(&self.source, &staged)
                    .map_err(|err| format!("copying {}: {err}", self.source.display()))?;
                Ok(staged)
            }
            Some(folder) => {
                let root = dir.join(&self.name);
                let _ = std::fs::remove_dir_all(&root);
                copy_tree(folder, &root)?;
                let relative = self.source.strip_prefix(folder).map_err(|_| {
                    format!("{} is not in {}", self.source.display(), folder.display())
                })?;
                Ok(root.join(relative))
            }
        }
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|err| format!("creating {}: {err}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|err| format!("reading {}: {err}", from.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|err| format!("reading {}: {err}", from.display()))?
            .path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)
                .map_err(|err| format!("copying {}: {err}", path.display()))?;
        }
    }
    Ok(())
}

/// Whether `value` holds a `$ref` to another file in `base` (a `$ref` in an example, such as
/// GitHub's SCIM URLs, names no file there).
fn refers_to_other_files(value: &serde_json::Value, base: &Path) -> bool {
    match value {
        serde_json::Value::Object(map) => map.iter().any(|(key, v)| {
            let file = (key == "$ref")
                .then(|| v.as_str())
                .flatten()
                .map(|r| r.split('#').next().unwrap_or(""))
                .filter(|file| !file.is_empty());
            file.is_some_and(|file| base.join(file).is_file()) || refers_to_other_files(v, base)
        }),
        serde_json::Value::Array(items) => items.iter().any(|v| refers_to_other_files(v, base)),
        _ => false,
    }
}

/// A path item or the map of schemas, following a `$ref` to another file (`file#/pointer`)
/// once, for counting its operations or schemas.
fn followed(item: &serde_json::Value, base: &Path) -> Option<serde_json::Value> {
    let reference = item.get("$ref").and_then(|r| r.as_str());
    match reference {
        Some(reference) if !reference.starts_with('#') => {
            let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
            let target = parse(&base.join(file)).ok()?;
            target.pointer(pointer).cloned()
        }
        _ => Some(item.clone()),
    }
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

/// Reads a document (JSON or YAML) as JSON, as the generator reads it (a number beyond 64 bits,
/// such as OpenAI's `minimum: -9223372036854776000`, is the nearest float); an error names the
/// file and what is wrong.
pub fn parse(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("reading {}: {err}", path.display()))?;
    let name = path.display().to_string();
    let mut diag = codegen::diag::Diagnostics::new(&name, Some(&text));
    match codegen::load::parse(&text, &mut diag) {
        Some(map) => Ok(serde_json::Value::Object(map)),
        None => Err(diag
            .into_items()
            .into_iter()
            .next()
            .map(|d| format!("{name}: {}", d.message))
            .unwrap_or_else(|| format!("{name}: not a JSON or YAML object"))),
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
    let base = path.parent().unwrap_or(Path::new("."));
    let schemas = value
        .pointer("/components/schemas")
        .or_else(|| value.get("definitions"))
        .and_then(|s| followed(s, base))
        .and_then(|s| s.as_object().map(|s| s.len()))
        .unwrap_or(0);
    let operations = value
        .get("paths")
        .and_then(|p| p.as_object())
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(|item| followed(item, base))
                .map(|item| {
                    item.as_object().map_or(0, |item| {
                        item.keys()
                            .filter(|k| METHODS.contains(&k.as_str()))
                            .count()
                    })
                })
                .sum()
        });
    let folder = refers_to_other_files(&value, base).then(|| base.to_path_buf());
    Ok(Document {
        source: path.to_path_buf(),
        name: snake_name(stem),
        ext,
        version,
        schemas,
        operations,
        bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
        folder,
    })
}

/// The documents (`.json`, `.yaml`, `.yml`) in `dir` and its subfolders, sorted by staged name;
/// `only`, when not empty, keeps those whose staged name or file name is listed. A file that
/// declares no `openapi` or `swagger` version is not a document but a part of a split spec, and
/// is skipped. Documents whose file names give the same staged name are told apart by their
/// folders (`ory_hydra_api`, `ory_kratos_api`).
pub fn corpus(dir: &Path, only: &[String]) -> Result<Vec<Document>, String> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    let mut docs = Vec::new();
    for file in files {
        let doc = document(&file)?;
        if doc.version != "?" {
            docs.push(doc);
        }
    }
    distinct_names(dir, &mut docs);
    docs.retain(|doc| {
        let file_name = doc
            .source
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or("");
        only.is_empty() || only.iter().any(|o| *o == doc.name || o == file_name)
    });
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

/// Gives documents that share a staged name the names of their folders too, one more folder
/// (relative to `root`) at a time, until the names differ.
fn distinct_names(root: &Path, docs: &mut [Document]) {
    let parts: Vec<Vec<String>> = docs
        .iter()
        .map(|doc| {
            let relative = doc.source.strip_prefix(root).unwrap_or(&doc.source);
            let mut parts: Vec<String> = relative
                .parent()
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            parts.push(
                relative
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            parts
        })
        .collect();
    let mut depth = vec![1usize; docs.len()];
    loop {
        let names: Vec<String> = parts
            .iter()
            .zip(&depth)
            .map(|(parts, &depth)| {
                snake_name(&parts[parts.len().saturating_sub(depth)..].join("_"))
            })
            .collect();
        let mut changed = false;
        for i in 0..docs.len() {
            let shared = names.iter().filter(|n| **n == names[i]).count() > 1;
            if shared && depth[i] < parts[i].len() {
                depth[i] += 1;
                changed = true;
            }
        }
        if !changed {
            for (doc, name) in docs.iter_mut().zip(names) {
                doc.name = name;
            }
            return;
        }
    }
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
            "openapi: 3.0.3\npaths:\n  /a:\n    parameters: []\n    get: {}\n    post: {}\n  /b:\n    delete: {}\ncomponents:\n  schemas:\n    A: {minimum: -9223372036854775809}\n    B: {}\n",
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

    #[test]
    fn split_specs_are_staged_whole_and_names_told_apart() {
        let dir = std::env::temp_dir().join(format!("ordergen-peers-split-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for folder in ["one", "two", "split/paths"] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        std::fs::write(
            dir.join("one/api.json"),
            r#"{"openapi": "3.0.3", "paths": {}}"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("two/api.json"),
            r#"{"openapi": "3.1.0", "paths": {}}"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("split/root.yaml"),
            "openapi: 3.0.3\npaths:\n  /a:\n    $ref: 'paths/a.yaml'\n  /b:\n    $ref: 'paths/a.yaml#/other'\ncomponents:\n  schemas:\n    $ref: 'paths/a.yaml#/schemas'\n",
        )
        .unwrap();
        // A part of the split spec: no version, so not a document of its own.
        std::fs::write(
            dir.join("split/paths/a.yaml"),
            "get: {}\npost: {}\nother:\n  delete: {}\nschemas:\n  A: {}\n  B: {}\n",
        )
        .unwrap();
        let docs = corpus(&dir, &[]).unwrap();
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["one_api", "root", "two_api"]);
        let root = &docs[1];
        assert_eq!((root.operations, root.schemas), (3, 2));
        assert_eq!(root.folder.as_deref(), Some(dir.join("split").as_path()));
        assert_eq!(docs[0].folder, None);

        let staging = dir.join("staged");
        std::fs::create_dir_all(&staging).unwrap();
        let staged = root.stage(&staging).unwrap();
        assert_eq!(staged, staging.join("root/root.yaml"));
        assert!(staging.join("root/paths/a.yaml").is_file());
        assert_eq!(
            docs[0].stage(&staging).unwrap(),
            staging.join("one_api.json")
        );
        assert_eq!(corpus(&dir, &["two_api".into()]).unwrap().len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
