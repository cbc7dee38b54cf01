//! The generators compared: where each is found or how it is installed, how a user runs it on one
//! document, and how its output becomes a crate `cargo` can build.
//!
//! Peers live in a tools folder under the target directory (`target/peers/tools`): the
//! `cargo install`ed binaries in `bin/`, openapi-generator's PyPI package (which bundles the jar)
//! in a virtual environment in `venv/`. Nothing of this is needed to build or test the project.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tool {
    /// This project: `cargo xtask gen --spec DOC --out DIR` (the `xtask` binary it runs).
    Ordergen,
    /// `cargo progenitor` (crate `cargo-progenitor`).
    Progenitor,
    /// `openapi-to-rust generate` (crate `openapi-to-rust`).
    OpenapiToRust,
    /// openapi-generator's `rust` generator (PyPI `openapi-generator-cli`, Java).
    OpenapiGenerator,
}

/// Every tool, ordergen first.
pub const ALL: [Tool; 4] = [
    Tool::Ordergen,
    Tool::Progenitor,
    Tool::OpenapiToRust,
    Tool::OpenapiGenerator,
];

impl Tool {
    /// The name used on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Ordergen => "ordergen",
            Tool::Progenitor => "progenitor",
            Tool::OpenapiToRust => "openapi-to-rust",
            Tool::OpenapiGenerator => "openapi-generator",
        }
    }

    /// The tool called `name`.
    pub fn parse(name: &str) -> Option<Tool> {
        ALL.into_iter().find(|t| t.name() == name)
    }

    /// The executable's file name.
    fn executable(self) -> &'static str {
        match self {
            Tool::Ordergen => "xtask",
            Tool::Progenitor => "cargo-progenitor",
            Tool::OpenapiToRust => "openapi-to-rust",
            Tool::OpenapiGenerator => "openapi-generator-cli",
        }
    }

    /// Where the tools folder keeps this tool's executable.
    fn installed_path(self, tools: &Path) -> PathBuf {
        match self {
            Tool::OpenapiGenerator => tools.join("venv").join("bin").join(self.executable()),
            _ => tools.join("bin").join(self.executable()),
        }
    }

    /// How the tool is installed, for messages.
    pub fn install_hint(self) -> &'static str {
        match self {
            Tool::Ordergen => "cargo build -p xtask",
            Tool::Progenitor => "cargo install --locked cargo-progenitor",
            Tool::OpenapiToRust => "cargo install --locked openapi-to-rust",
            Tool::OpenapiGenerator => "pip install openapi-generator-cli (needs Java)",
        }
    }

    /// Folders of the output, relative to the crate, holding a runtime the tool writes into
    /// every crate whatever the document: ordergen's copy of its runtime crate, when it is not
    /// given one to depend on (the harness gives it one).
    pub fn runtime_dirs(self) -> &'static [&'static str] {
        match self {
            Tool::Ordergen => &["runtime"],
            _ => &[],
        }
    }
}

/// A tool ready to run, or why not.
#[derive(Debug, Clone)]
pub struct Located {
    pub tool: Tool,
    pub result: Result<Found, String>,
}

/// An executable found, with its version.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub version: String,
    /// How it came to be there: `tools folder`, `PATH`, `installed now (N s)`, `workspace`.
    pub origin: String,
}

fn on_path(executable: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(executable))
        .find(|candidate| candidate.is_file())
}

fn version_of(tool: Tool, path: &Path) -> String {
    let args: &[&str] = match tool {
        Tool::Ordergen => return git_version(),
        // `cargo progenitor --version` is the version of the crate to write; ask cargo.
        Tool::Progenitor => return installed_version(path, "cargo-progenitor"),
        Tool::OpenapiToRust => &["--version"],
        Tool::OpenapiGenerator => &["version"],
    };
    Command::new(path)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()
        .map(|o| {
            let text = String::from_utf8_lossy(&o.stdout);
            text.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown version".into())
}

/// The version `cargo install --list` gives for `krate` in the root that holds `binary`
/// (`<root>/bin/<binary>`).
fn installed_version(binary: &Path, krate: &str) -> String {
    let root = binary.parent().and_then(Path::parent);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(["install", "--list"]);
    if let Some(root) = root {
        command.arg("--root").arg(root);
    }
    command
        .stdin(Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{krate} ")))
                .map(|v| v.trim_end_matches(':').to_owned())
        })
        .unwrap_or_else(|| "unknown version".into())
}

fn git_version() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(crate::generation::workspace_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| format!("commit {}", String::from_utf8_lossy(&o.stdout).trim()))
        .unwrap_or_else(|| "workspace".into())
}

/// Finds `tool`: ordergen is built from the workspace (`cargo build -p xtask`, as `cargo xtask`
/// does); a peer is looked for in `tools`, then on `PATH`, and installed into `tools` when
/// `install` (slowly, at the lowest priority).
pub fn locate(tool: Tool, tools: &Path, install: bool) -> Located {
    let result = match tool {
        Tool::Ordergen => build_ordergen(),
        _ => locate_peer(tool, tools, install),
    };
    Located { tool, result }
}

fn build_ordergen() -> Result<Found, String> {
    let root = crate::generation::workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "xtask",
            "--message-format",
            "json",
        ])
        .current_dir(&root)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("running cargo: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo build -p xtask` failed: {}",
            crate::peers::process::shorten(&String::from_utf8_lossy(&output.stderr))
        ));
    }
    // The binary cargo reports, wherever the target directory is.
    let path = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["target"]["name"] == "xtask")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or("`cargo build -p xtask` named no executable")?;
    Ok(Found {
        version: version_of(Tool::Ordergen, &path),
        path,
        origin: "workspace (`cargo build -p xtask`, the binary `cargo xtask` runs)".into(),
    })
}

fn locate_peer(tool: Tool, tools: &Path, install: bool) -> Result<Found, String> {
    let installed = tool.installed_path(tools);
    let found = |path: PathBuf, origin: String| Found {
        version: version_of(tool, &path),
        path,
        origin,
    };
    if installed.is_file() {
        return Ok(found(installed, "tools folder".into()));
    }
    if let Some(path) = on_path(tool.executable()) {
        return Ok(found(path, "PATH".into()));
    }
    if !install {
        return Err(format!(
            "not installed (not in {} nor on PATH; `{}`, or run without --no-install)",
            tools.display(),
            tool.install_hint()
        ));
    }
    let start = std::time::Instant::now();
    install_peer(tool, tools)?;
    if installed.is_file() {
        Ok(found(
            installed,
            format!("installed now ({:.0} s)", start.elapsed().as_secs_f64()),
        ))
    } else {
        Err(format!("installing left no {} behind", installed.display()))
    }
}

/// Installs a peer into `tools` at the lowest CPU priority (`nice -n 19`).
fn install_peer(tool: Tool, tools: &Path) -> Result<(), String> {
    std::fs::create_dir_all(tools).map_err(|err| format!("creating {}: {err}", tools.display()))?;
    let tools_str = tools.to_string_lossy().into_owned();
    let build_dir = tools.join("build");
    let steps: Vec<Vec<String>> = match tool {
        Tool::Ordergen => return Ok(()),
        Tool::Progenitor | Tool::OpenapiToRust => {
            let krate = if tool == Tool::Progenitor {
                "cargo-progenitor"
            } else {
                "openapi-to-rust"
            };
            vec![[
                "cargo",
                "install",
                "--locked",
                "--root",
                tools_str.as_str(),
                krate,
            ]
            .map(str::to_owned)
            .to_vec()]
        }
        Tool::OpenapiGenerator => {
            let venv = tools.join("venv");
            let pip = venv.join("bin").join("pip");
            vec![
                vec![
                    "python3".into(),
                    "-m".into(),
                    "venv".into(),
                    venv.to_string_lossy().into_owned(),
                ],
                vec![
                    pip.to_string_lossy().into_owned(),
                    "install".into(),
                    "--quiet".into(),
                    "--disable-pip-version-check".into(),
                    "openapi-generator-cli".into(),
                ],
            ]
        }
    };
    for step in steps {
        eprintln!(
            "  installing {}: nice -n 19 {}",
            tool.name(),
            step.join(" ")
        );
        let output = Command::new("nice")
            .args(["-n", "19"])
            .args(&step)
            .env("CARGO_TARGET_DIR", &build_dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|err| format!("running `{}`: {err}", step.join(" ")))?;
        if !output.status.success() {
            return Err(format!(
                "`{}` failed: {}",
                step.join(" "),
                crate::peers::process::shorten(
                    String::from_utf8_lossy(&output.stderr)
                        .lines()
                        .rev()
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" ")
                        .as_str()
                )
            ));
        }
    }
    Ok(())
}

/// The arguments that make `tool` write a crate named `name` for `doc` into `out`.
pub fn generate_args(tool: Tool, doc: &Path, out: &Path, name: &str) -> Vec<String> {
    let doc = doc.to_string_lossy().into_owned();
    // openapi-to-rust writes modules, not a crate: into `src/generated/` of the crate-to-be.
    let modules = out.join("src").join("generated");
    let modules = modules.to_string_lossy().into_owned();
    let out = out.to_string_lossy().into_owned();
    let runtime = crate::generation::workspace_root().join("runtime");
    let runtime = runtime.to_string_lossy().into_owned();
    let args: Vec<&str> = match tool {
        // Every crate depends on the workspace's runtime crate, as a progenitor crate depends
        // on progenitor-client: it builds once per target directory.
        Tool::Ordergen => vec![
            "gen",
            "--spec",
            &doc,
            "--out",
            &out,
            "--name",
            name,
            "--runtime",
            &runtime,
        ],
        Tool::Progenitor => vec![
            "progenitor",
            "-i",
            &doc,
            "-o",
            &out,
            "-n",
            name,
            "-v",
            "0.1.0",
        ],
        Tool::OpenapiToRust => vec!["generate", &doc, "--output-dir", &modules],
        Tool::OpenapiGenerator => vec![
            "generate",
            "-i",
            &doc,
            "-g",
            "rust",
            "-o",
            &out,
            "--package-name",
            name,
        ],
    };
    args.into_iter().map(str::to_owned).collect()
}

/// Makes the output in `out` a crate `cargo` builds on its own, without changing a line of
/// Rust: a `[workspace]` table so that it does not join an enclosing workspace, and for a tool
/// that writes modules rather than a crate, the manifest and `lib.rs` around them. Returns the
/// package name.
pub fn make_crate(tool: Tool, out: &Path, name: &str) -> Result<String, String> {
    let manifest = out.join("Cargo.toml");
    if tool == Tool::OpenapiToRust && !manifest.is_file() {
        wrap_modules(out, name)?;
    }
    let text = std::fs::read_to_string(&manifest)
        .map_err(|err| format!("no crate: reading {}: {err}", manifest.display()))?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
            .map_err(|err| format!("writing {}: {err}", manifest.display()))?;
    }
    package_name(&text).ok_or_else(|| format!("{}: no package name", manifest.display()))
}

/// The `name` of the `[package]` table of a manifest.
pub fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("name") {
                let value = value.trim_start().strip_prefix('=')?.trim();
                return Some(value.trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// openapi-to-rust writes `src/generated/{mod,types,client}.rs` and the dependencies they need
/// in `src/generated/REQUIRED_DEPS.toml`: a manifest with those, and a `lib.rs` declaring the
/// module. The edition is 2024, the tool's own: its output uses `let` chains.
fn wrap_modules(out: &Path, name: &str) -> Result<(), String> {
    let generated =
        find_dir_with(out, "mod.rs").ok_or_else(|| format!("no mod.rs under {}", out.display()))?;
    let src = out.join("src");
    let relative = generated
        .strip_prefix(&src)
        .map_err(|_| format!("{} is not under src/", generated.display()))?;
    let module_path = relative.to_string_lossy().into_owned();
    let deps = std::fs::read_to_string(generated.join("REQUIRED_DEPS.toml")).unwrap_or_default();
    let deps: String = deps
        .lines()
        .skip_while(|l| l.trim() != "[dependencies]")
        .skip(1)
        .take_while(|l| !l.trim().starts_with('['))
        .map(|l| format!("{l}\n"))
        .collect();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{deps}\n[workspace]\n"
    );
    std::fs::write(out.join("Cargo.toml"), manifest)
        .map_err(|err| format!("writing the manifest: {err}"))?;
    let lib = if module_path.contains('/') {
        format!("#[path = \"{module_path}/mod.rs\"]\npub mod generated;\n")
    } else {
        format!("pub mod {module_path};\n")
    };
    std::fs::write(src.join("lib.rs"), lib).map_err(|err| format!("writing lib.rs: {err}"))
}

fn find_dir_with(dir: &Path, file: &str) -> Option<PathBuf> {
    if dir.join(file).is_file() && dir.file_name().and_then(|n| n.to_str()) != Some("src") {
        return Some(dir.to_path_buf());
    }
    let entries = std::fs::read_dir(dir).ok()?;
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .find_map(|p| find_dir_with(&p, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for tool in ALL {
            assert_eq!(Tool::parse(tool.name()), Some(tool));
        }
        assert_eq!(Tool::parse("swagger"), None);
    }

    #[test]
    fn package_names_from_manifests() {
        let manifest = "[lib]\nname = \"x\"\n[package]\nversion = \"1\"\nname = \"petstore\"\n";
        assert_eq!(package_name(manifest).as_deref(), Some("petstore"));
        assert_eq!(package_name("[dependencies]\nname = \"1\"\n"), None);
    }

    #[test]
    fn a_missing_peer_is_reported_not_installed() {
        let tools = std::env::temp_dir().join("ordergen-peers-no-tools");
        let located = locate_peer(Tool::OpenapiGenerator, &tools, false);
        // Unless someone put it on PATH, it is not there and nothing is installed.
        if on_path("openapi-generator-cli").is_none() {
            let err = located.unwrap_err();
            assert!(err.starts_with("not installed"), "{err}");
            assert!(!tools.exists());
        }
    }

    #[test]
    fn modules_get_a_manifest_and_a_root() {
        let out = std::env::temp_dir().join(format!("ordergen-peers-wrap-{}", std::process::id()));
        let generated = out.join("src").join("generated");
        std::fs::create_dir_all(&generated).unwrap();
        std::fs::write(generated.join("mod.rs"), "pub mod types;\n").unwrap();
        std::fs::write(
            generated.join("REQUIRED_DEPS.toml"),
            "# needed\n[dependencies]\nserde = \"1\"\n",
        )
        .unwrap();
        assert_eq!(
            make_crate(Tool::OpenapiToRust, &out, "pets").unwrap(),
            "pets"
        );
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("serde = \"1\"") && manifest.contains("[workspace]"));
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "pub mod generated;\n"
        );
        // A second pass changes nothing.
        make_crate(Tool::OpenapiToRust, &out, "pets").unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
            manifest
        );
        let _ = std::fs::remove_dir_all(&out);
    }
}
