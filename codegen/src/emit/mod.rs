//! `emit`: the IR as Rust source. A straight projection: no spec knowledge, every decision was
//! made in `lower`. Tokens are built with `quote!` and printed by prettyplease; the models of
//! `types.rs`, by far the bulk of the output, are written as the same text directly (`text`).

mod client;
mod docs;
mod text;
mod types;
mod xml;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Api;

/// One output file, its path relative to the crate's `src/` (with `/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// The files of one API module: `<module>/mod.rs`, `<module>/types.rs`, and `client.rs` and
/// `xml.rs` when the spec has operations and XML bodies.
pub fn emit_api(api: &Api) -> Vec<GeneratedFile> {
    // A large `types.rs` is written on other threads while this one writes the rest.
    if api.types.len() >= MODELS_PER_THREAD {
        return std::thread::scope(|scope| {
            let types = std::thread::Builder::new().spawn_scoped(scope, || types_file(api));
            let mut files = module_and_client(api);
            files.push(match types {
                Ok(types) => types
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // Where no thread can be started, this one writes it.
                Err(_) => types_file(api),
            });
            files
        });
    }
    let mut files = module_and_client(api);
    files.push(types_file(api));
    files
}

/// `<module>/mod.rs` and, when there are operations, `<module>/client.rs`.
fn module_and_client(api: &Api) -> Vec<GeneratedFile> {
    let module_docs = docs::inner_doc_attrs(&module_doc_lines(api));
    let mut files = Vec::new();
    // A spec without operations describes models only: there is nothing for a client to do.
    let client = if api.operations.is_empty() {
        quote! {}
    } else {
        let mut exports = vec![format_ident!("Client"), format_ident!("ClientBuilder")];
        for op in &api.operations {
            if let Some(params) = &op.params_type {
                exports.push(format_ident!("{}", params));
            }
            if let Some(parts) = op.body.as_ref().and_then(|b| b.multipart.as_ref()) {
                exports.push(format_ident!("{}", parts.name));
            }
            if let Some(responses) = &op.success.by_status {
                exports.push(format_ident!("{}", responses.name));
            }
            if let Some(errors) = &op.errors {
                exports.push(format_ident!("{}", errors.name));
            }
        }
        files.push(file(
            &format!("{}/client.rs", api.module),
            &api.source,
            client::emit_client(api),
        ));
        quote! {
            mod client;
            pub use client::{ #( #exports ),* };
        }
    };
    let xml = xml::has_xml(api).then(|| {
        files.push(file(
            &format!("{}/xml.rs", api.module),
            &api.source,
            xml::emit_xml(api),
        ));
        quote! { mod xml; }
    });
    let module = quote! {
        #module_docs
        pub mod types;
        #client
        #xml
    };
    files.insert(
        0,
        file(&format!("{}/mod.rs", api.module), &api.source, module),
    );
    files
}

fn types_file(api: &Api) -> GeneratedFile {
    GeneratedFile {
        path: format!("{}/types.rs", api.module),
        contents: header(&api.source) + &separate_items(&types_text(api)),
    }
}

/// `types.rs`, formatted model by model rather than as one syntax tree, which keeps the
/// working set to one model and lets the models be formatted on several cores. prettyplease
/// prints a file's items one after the other, so the text is the same as formatting the whole
/// file at once.
fn types_text(api: &Api) -> String {
    let models = all_models_text(api);
    let head = types::emit_types_head(api, models.contains("runtime::"));
    let mut text = format_tokens(head);
    text.push_str(&models);
    text
}

/// Every model's items, in order, shared out over the available cores.
fn all_models_text(api: &Api) -> String {
    let mut text = String::new();
    // Asking for the cores reads the cgroup files: only worth it when there are models to share.
    let most = api.types.len() / MODELS_PER_THREAD;
    let threads = if most < 2 {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(most)
    };
    if threads == 1 {
        text.push_str(&models_text(api, &api.types));
        return text;
    }
    // Token streams cannot cross threads: each thread builds and formats its own share. A
    // share no thread can be started for is written on this one.
    let share = api.types.len().div_ceil(threads);
    let parts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = api
            .types
            .chunks(share)
            .map(|defs| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || models_text(api, defs))
                    .map_err(|_| defs)
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(defs) => models_text(api, defs),
            })
            .collect()
    });
    for part in parts {
        text.push_str(&part);
    }
    text
}

/// The items of `defs`, one model after the other.
fn models_text(api: &Api, defs: &[crate::ir::TypeDef]) -> String {
    let mut text = String::new();
    for def in defs {
        text.push_str(&model_text(api, def));
    }
    text
}

/// One model's items (`text::model`, the one emitter of models).
fn model_text(api: &Api, def: &crate::ir::TypeDef) -> String {
    text::model(api, def)
}

/// Below this many models per thread, starting threads costs more than it saves.
const MODELS_PER_THREAD: usize = 64;

/// The crate root for `modules`, each behind its feature. `readme`, a path relative to
/// `src/lib.rs`, is compiled as doctests so its examples cannot rot.
pub fn emit_crate_root(modules: &[&str], crate_doc: &str, readme: Option<&str>) -> GeneratedFile {
    let doc = docs::inner_doc_attrs(&docs::prose(crate_doc));
    // Sorted as rustfmt sorts them; generated modules are skipped by rustfmt, since
    // prettyplease and rustfmt disagree on details and the generator's output is the contract.
    let mut names: Vec<&str> = modules.to_vec();
    names.sort_unstable();
    let mods = names.iter().map(|module| {
        let ident = format_ident!("{}", module);
        quote! {
            #[cfg(feature = #module)]
            #[rustfmt::skip]
            pub mod #ident;
        }
    });
    let readme = readme.map(|path| {
        quote! {
            /// The README's examples, compiled and run as doctests.
            #[cfg(doctest)]
            #[doc = include_str!(#path)]
            pub struct ReadmeDoctests;
        }
    });
    let tokens = quote! {
        #doc
        #( #mods )*
        /// The hand-written runtime every module calls into (the `ordergen-runtime` crate).
        pub use ordergen_runtime as runtime;
        #readme
    };
    let sources = format!("the specs of {}", modules.join(", "));
    file("lib.rs", &sources, tokens)
}

fn module_doc_lines(api: &Api) -> Vec<String> {
    let mut lines = docs::prose(&format!("{} (version {})", api.title, api.version));
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(docs::prose(description));
    }
    if !api.servers.is_empty() {
        lines.push(String::new());
        lines.push("Servers:".to_owned());
        for server in &api.servers {
            let mut line = format!("- `{}`", server.url);
            if let Some(description) = &server.description {
                line.push_str(&format!(": {}", docs::prose(description).join(" ")));
            }
            lines.push(line);
        }
    }
    lines.push(String::new());
    lines.push(format!("Generated from `{}`.", api.source));
    lines
}

fn file(path: &str, source: &str, tokens: TokenStream) -> GeneratedFile {
    GeneratedFile {
        path: path.to_owned(),
        contents: header(source) + &separate_items(&format_tokens(tokens)),
    }
}

fn header(source: &str) -> String {
    format!(
        "// @generated by ordergen from {source}. Do not edit by hand:\n\
         // change the spec and run `cargo xtask gen`.\n\n"
    )
}

/// `tokens` (items, or a file's inner attributes) as prettyplease prints them.
fn format_tokens(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(parsed) => prettyplease::unparse(&parsed),
        // Emitting tokens that do not parse is a bug in this crate; show them rather than hide it.
        Err(err) => format!("compile_error!({:?});\n{tokens}\n", err.to_string()),
    }
}

/// prettyplease prints items back to back; a blank line between them reads like hand-written
/// code. Inserted after a closing brace or a module's inner docs, before the next item.
fn separate_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "impl",
        "fn ",
        "struct ",
        "enum ",
        "type ",
        "mod ",
        "const ",
        "use ",
        "runtime::",
        "crate::runtime::",
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // The previous line, and its text after the indentation.
    let mut previous: Option<(&str, &str)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some((prev, prev_trimmed)) = previous {
            let indent = line.len() - trimmed.len();
            let prev_indent = prev.len() - prev_trimmed.len();
            let item = ITEM_STARTS.iter().any(|s| trimmed.starts_with(s));
            let after_block =
                indent == prev_indent && matches!(prev_trimmed.trim_end(), "}" | "};");
            let after_inner_docs = prev.starts_with("//!") && !line.starts_with("//!");
            let after_imports = prev.starts_with("use ") && !line.starts_with("use ");
            let after_constant = prev.starts_with("const ") && prev.ends_with(';');
            // A macro call that declares items (`runtime::open_string_enum!(..);`).
            let after_macro = indent == 0
                && prev_indent == 0
                && (prev.ends_with(");") || prev.ends_with("});"))
                && !prev.starts_with("use ")
                // A doc line that ends like a call (`/// ... assert_eq!(a, b);`) is not one.
                && !prev.starts_with("//");
            if item
                && (after_block
                    || after_inner_docs
                    || after_imports
                    || after_constant
                    || after_macro)
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some((line, trimmed));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Models written on several threads read as they do written one after the other.
    #[test]
    fn types_written_on_several_threads_are_those_written_on_one() {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..(2 * MODELS_PER_THREAD + 7) {
            spec.push_str(&format!(
                "    Model{i}:\n      type: object\n      required: [id]\n      properties:\n        \
                 id:\n          type: string\n          maxLength: {}\n        kind:\n          \
                 type: string\n          enum: [a, b]\n",
                i + 1
            ));
        }
        let input = crate::SpecInput {
            path: "spec.yaml",
            module: "many",
            text: &spec,
        };
        let (api, _) = crate::analyze(input).expect("the spec is valid");
        assert!(api.types.len() >= 2 * MODELS_PER_THREAD);
        let models = models_text(&api, &api.types);
        let head = types::emit_types_head(&api, models.contains("runtime::"));
        let whole = format_tokens(head) + &models;
        assert_eq!(types_text(&api), whole);
    }

    /// A doc line that ends like a statement (`/// assert_eq!(a, b);`) is not the end of an
    /// item: no blank line is put after it (clippy refuses an empty line after a doc comment).
    #[test]
    fn a_doc_line_ending_in_a_call_is_not_an_item_end() {
        let text = "/// let a = f(1);\n///\n/// more\npub struct A;\nruntime::m!(A);\n/// B\npub struct B;\n";
        assert_eq!(
            separate_items(text),
            "/// let a = f(1);\n///\n/// more\npub struct A;\nruntime::m!(A);\n\n/// B\npub struct B;\n"
        );
    }

    /// Every model of the golden specs and of the vendor specs is Rust that parses, and its lists
    /// keep to the layout's width (golden-check compiles them; this says where a model broke).
    #[test]
    fn every_model_written_as_text_parses() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut specs = Vec::new();
        for dir in [root.join("tests/golden"), root.join("../specs")] {
            for entry in std::fs::read_dir(dir).expect("the spec directory is readable") {
                let path = entry.expect("a directory entry").path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    specs.push(path);
                }
            }
        }
        assert!(specs.len() > 20, "{specs:?}");
        for path in specs {
            let text = std::fs::read_to_string(&path).expect("the spec is readable");
            let input = crate::SpecInput {
                path: "spec.yaml",
                module: "spec",
                text: &text,
            };
            let (api, _) = crate::analyze(input).expect("the spec is valid");
            for def in &api.types {
                let model = model_text(&api, def);
                if let Err(err) = syn::parse_file(&model) {
                    panic!("{}: {}: {err}\n{model}", path.display(), def.name);
                }
            }
        }
    }
}
