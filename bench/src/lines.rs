//! The size of the generated code: lines per spec and file, and what each operation adds to the
//! client.
//!
//! Lines are counted in the generator's output (which is what `generated/` holds when it is
//! fresh). "Code" lines are those that are neither blank nor comments (`//`, `///`, `//!`).

use std::fmt::Write;

use codegen::{GeneratedFile, SpecInput};

use crate::generation::workspace_specs;
use crate::synth;

fn is_code(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with("//")
}

/// Total and code lines of `lines`.
fn count<'a>(lines: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
    lines.into_iter().fold((0, 0), |(all, code), l| {
        (all + 1, code + usize::from(is_code(l)))
    })
}

/// What one spec's client is made of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientLines {
    pub operations: usize,
    /// Every line of `client.rs`.
    pub file: usize,
    /// Code lines of the operations' methods, signature to closing brace.
    pub method_code: usize,
    /// Doc-comment lines above the operations' methods.
    pub method_docs: usize,
    /// Code lines of the per-operation types: each operation's error enum and params struct,
    /// with their impls.
    pub op_types_code: usize,
    /// Code lines that do not depend on the number of operations: imports, `Client`, its
    /// constructors, server and auth builders.
    pub shared_code: usize,
}

impl ClientLines {
    /// Code lines each operation adds, method and its types together.
    pub fn per_operation_code(&self) -> f64 {
        (self.method_code + self.op_types_code) as f64 / self.operations.max(1) as f64
    }

    /// Code lines of the method alone, per operation.
    pub fn per_method_code(&self) -> f64 {
        self.method_code as f64 / self.operations.max(1) as f64
    }
}

/// Splits a generated `client.rs` into methods, per-operation types and the shared rest.
/// `op_types` names the per-operation types (the module's re-exports other than `Client`).
pub fn client_lines(client: &str, op_types: &[String]) -> ClientLines {
    let lines: Vec<&str> = client.lines().collect();
    let mut out = ClientLines {
        file: lines.len(),
        ..ClientLines::default()
    };
    let mut assigned = vec![false; lines.len()];
    // Methods: `    pub async fn` to the next `    }`, and the doc block above.
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with("    pub async fn ") {
            out.operations += 1;
            let mut start = i;
            while start > 0 && lines[start - 1].starts_with("    ///") {
                start -= 1;
                out.method_docs += 1;
                assigned[start] = true;
            }
            let mut end = i;
            while end < lines.len() && lines[end] != "    }" {
                end += 1;
            }
            let end = end.min(lines.len() - 1);
            for (k, line) in lines.iter().enumerate().take(end + 1).skip(i) {
                assigned[k] = true;
                out.method_code += usize::from(is_code(line));
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    // Per-operation types: top-level items that name one of them, with their docs and attributes.
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let named = item_name(line);
        if named.is_some_and(|name| op_types.iter().any(|t| t == name)) {
            let mut start = i;
            while start > 0
                && (lines[start - 1].starts_with("///") || lines[start - 1].starts_with("#["))
            {
                start -= 1;
            }
            // An alias (`pub type X = Y;`, an error enum shared with an earlier operation) is
            // one line; other items end at their closing brace.
            let mut end = i;
            while end < lines.len() && !lines[end].starts_with('}') && !lines[end].ends_with(';') {
                end += 1;
            }
            let end = end.min(lines.len() - 1);
            for (k, line) in lines.iter().enumerate().take(end + 1).skip(start) {
                if !assigned[k] {
                    assigned[k] = true;
                    out.op_types_code += usize::from(is_code(line));
                }
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out.shared_code = lines
        .iter()
        .zip(&assigned)
        .filter(|(line, done)| !**done && is_code(line))
        .count();
    out
}

/// The type a top-level `pub struct X`, `pub enum X`, `pub type X` or `impl X` line is about.
fn item_name(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("pub struct ")
        .or_else(|| line.strip_prefix("pub enum "))
        .or_else(|| line.strip_prefix("pub type "))
        .or_else(|| line.strip_prefix("impl "))?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The per-operation types a module re-exports from its client (every name but `Client`).
pub fn op_types(module_rs: &str) -> Vec<String> {
    let Some(start) = module_rs.find("pub use client::{") else {
        return Vec::new();
    };
    let rest = &module_rs[start + "pub use client::{".len()..];
    let list = &rest[..rest.find('}').unwrap_or(rest.len())];
    list.split(',')
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty() && name != "Client")
        .collect()
}

/// Lines of one generated module.
#[derive(Debug, Clone)]
pub struct ModuleLines {
    pub module: String,
    /// `(file, all lines, code lines)`.
    pub files: Vec<(String, usize, usize)>,
    pub client: ClientLines,
}

/// Counts one module's generated files.
pub fn module_lines(module: &str, files: &[GeneratedFile]) -> ModuleLines {
    let find = |name: &str| {
        files
            .iter()
            .find(|f| f.path == format!("{module}/{name}"))
            .map(|f| f.contents.as_str())
            .unwrap_or("")
    };
    let client = client_lines(find("client.rs"), &op_types(find("mod.rs")));
    ModuleLines {
        module: module.to_owned(),
        files: files
            .iter()
            .map(|f| {
                let (all, code) = count(f.contents.lines());
                (f.path.clone(), all, code)
            })
            .collect(),
        client,
    }
}

fn generate(path: &str, module: &str, text: &str) -> Vec<GeneratedFile> {
    codegen::generate(SpecInput { path, module, text })
        .unwrap_or_else(|_| panic!("{path} has errors"))
        .files
}

/// Lines per spec and per operation, for the three specs and the synthetic spec at 1,000
/// schemas (200 operations), and the runtime they share.
pub fn report() -> String {
    let mut modules = Vec::new();
    for spec in workspace_specs() {
        let files = generate(&spec.path, &spec.module, &spec.text);
        modules.push(module_lines(&spec.module, &files));
    }
    let real = modules.len();
    let text = synth::spec(1000);
    modules.push(module_lines(
        "synthetic",
        &generate("synthetic.yaml", "synthetic", &text),
    ));

    let mut out = String::new();
    let _ = writeln!(
        out,
        "| spec | `mod.rs` | `types.rs` | `client.rs` | all lines (code) |\n| --- | ---: | ---: | ---: | ---: |"
    );
    for m in &modules {
        let get = |name: &str| {
            m.files
                .iter()
                .find(|(p, _, _)| p.ends_with(name))
                .map(|(_, all, _)| all.to_string())
                .unwrap_or_else(|| "-".into())
        };
        let (all, code) = m
            .files
            .iter()
            .fold((0, 0), |(a, c), (_, all, code)| (a + all, c + code));
        let label = if m.module == "synthetic" {
            "synthetic, 1,000 schemas".to_owned()
        } else {
            m.module.clone()
        };
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} | {all} ({code}) |",
            get("mod.rs"),
            get("types.rs"),
            get("client.rs"),
        );
    }
    let _ = writeln!(
        out,
        "\nWhat each operation adds to `client.rs` (code lines: no blanks, no comments):\n\n\
         | spec | operations | method code per op | its error enum + params, per op | **code per op** | method docs per op | shared client code |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    let mut total = ClientLines::default();
    for (index, m) in modules.iter().enumerate() {
        let c = &m.client;
        let n = c.operations.max(1) as f64;
        let label = if m.module == "synthetic" {
            "synthetic, 1,000 schemas".to_owned()
        } else {
            m.module.clone()
        };
        let _ = writeln!(
            out,
            "| {label} | {} | {:.1} | {:.1} | **{:.1}** | {:.1} | {} |",
            c.operations,
            c.per_method_code(),
            c.op_types_code as f64 / n,
            c.per_operation_code(),
            c.method_docs as f64 / n,
            c.shared_code
        );
        if index < real {
            total.operations += c.operations;
            total.method_code += c.method_code;
            total.op_types_code += c.op_types_code;
            total.method_docs += c.method_docs;
            total.shared_code += c.shared_code;
        }
    }
    let n = total.operations.max(1) as f64;
    let _ = writeln!(
        out,
        "| **the three specs** | {} | {:.1} | {:.1} | **{:.1}** | {:.1} | {} |",
        total.operations,
        total.per_method_code(),
        total.op_types_code as f64 / n,
        total.per_operation_code(),
        total.method_docs as f64 / n,
        total.shared_code
    );
    let runtime: Vec<(usize, usize)> = codegen::RUNTIME_FILES
        .iter()
        .map(|(_, text)| count(text.lines()))
        .collect();
    let (all, code) = runtime
        .iter()
        .fold((0, 0), |(a, c), (all, code)| (a + all, c + code));
    let _ = writeln!(
        out,
        "\nThe shared runtime every API uses (hand-written, compiled once): {} files, {all} lines ({code} code, tests included).",
        runtime.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: &str = "\
use x;

pub struct Client {
    http: HttpClient,
}

impl Client {
    /// Builds one.
    pub fn new() -> Self {
        Self { http: HttpClient }
    }

    /// Does it.
    ///
    /// `GET /a`
    pub async fn get_a(
        &self,
    ) -> Result<(), Error<GetAError>> {
        let request = self.http.request(Method::GET, \"/a\");
        self.http.send(request).await?.empty(GetAError::decode)
    }
}

/// The error bodies.
#[derive(Debug)]
pub enum GetAError {
    /// `404`
    NotFound(String),
}

impl GetAError {
    fn decode(status: u16, body: &[u8]) -> Option<Self> {
        None
    }
}

/// The same as `GetAError`.
pub type GetBError = GetAError;
";

    #[test]
    fn a_client_splits_into_methods_operation_types_and_the_rest() {
        let lines = client_lines(CLIENT, &["GetAError".to_owned(), "GetBError".to_owned()]);
        assert_eq!(lines.operations, 1);
        assert_eq!(lines.method_docs, 3);
        assert_eq!(lines.method_code, 6);
        // The enum, its impl and the alias.
        assert_eq!(lines.op_types_code, 10);
        // `use`, the struct (3), `impl Client {`, `new` (3) and the closing brace.
        assert_eq!(lines.shared_code, 9);
    }

    #[test]
    fn operation_types_are_the_reexports_but_client() {
        let module =
            "pub mod types;\nmod client;\npub use client::{Client, GetAError, ListParams};\n";
        assert_eq!(op_types(module), ["GetAError", "ListParams"]);
    }
}
