//! `cargo xtask`: the project's commands. Argument parsing and file I/O only; everything about
//! specs and code lives in the `codegen` library.
//!
//! - `cargo xtask gen`: regenerate `generated/` from every spec in `specs/`.
//! - `cargo xtask gen --check`: fail, naming each stale file, when `generated/` is out of date.
//! - `cargo xtask gen --spec FILE --out DIR [--runtime PATH]`: write a standalone crate for one
//!   spec into DIR, with a copy of the runtime crate in `DIR/runtime` (or depending on the
//!   runtime crate at PATH). The crate and module are named after the file (`api.github.com.json`
//!   makes `api_github_com`) unless `--name NAME` says otherwise. `--ref-dir PREFIX=DIR` (any
//!   number of times) reads a remote document the spec's `$ref`s name from a local copy: a URL
//!   that starts with PREFIX is the same path under DIR.
//! - `cargo xtask corpus [--only NAMES] [--dir DIR] [--no-check] [--dev]`: generate each document of the
//!   real-world corpus (`codegen/tests/corpus/`) as a crate in `target/corpus/` and
//!   `cargo check` it with warnings as errors, printing the times (see `corpus.rs`).
//! - `cargo xtask bench [ARGS]`: run the measurements of BENCHMARKS.md (the `ordergen-bench`
//!   binary, release profile); `cargo xtask bench --help` lists ARGS.
//! - `cargo xtask bench --peers [OPTIONS]`: ordergen side by side with progenitor,
//!   openapi-to-rust and openapi-generator on a corpus of real documents, installing the peers
//!   that are missing into `target/peers/tools` (BENCHMARKS.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

mod corpus;
mod files;

const USAGE: &str = "usage:
  cargo xtask gen                          regenerate generated/ from specs/
  cargo xtask gen --check                  fail if generated/ is not up to date
  cargo xtask gen --spec FILE --out DIR    write a standalone crate for one spec, with a copy
                                           of the runtime crate in DIR/runtime
      [--runtime PATH]                     ... or depending on the runtime crate at PATH
      [--name NAME]                        the crate and module name (default: from the file
                                           name, e.g. api.github.com.json -> api_github_com)
      [--ref-dir PREFIX=DIR]               read $refs to URLs starting with PREFIX from the
                                           same paths under DIR (repeatable)
  cargo xtask corpus [--only a,b]          generate and `cargo check` the real-world corpus,
      [--dir DIR] [--no-check]             one crate each (--help for more)
  cargo xtask bench [ARGS]                 measure (BENCHMARKS.md); --help lists ARGS
  cargo xtask bench --peers [OPTIONS]      side by side with the other generators, on real
                                           documents (installs the peers; slow)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("gen") => {}
        Some("bench") => return bench(args.collect()),
        Some("corpus") => return corpus::run(&workspace_root(), &args.collect::<Vec<_>>()),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => bail!("unknown command `{other}`\n{USAGE}"),
    }
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut runtime = None;
    let mut name = None;
    let mut ref_dirs = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(args.next().context("--spec needs a file")?)),
            "--out" => {
                out = Some(PathBuf::from(
                    args.next().context("--out needs a directory")?,
                ))
            }
            "--runtime" => {
                runtime = Some(PathBuf::from(
                    args.next().context("--runtime needs a directory")?,
                ))
            }
            "--name" => name = Some(args.next().context("--name needs a name")?),
            "--ref-dir" => {
                let mapping = args.next().context("--ref-dir needs PREFIX=DIR")?;
                let Some((prefix, dir)) = mapping.split_once('=') else {
                    bail!("--ref-dir needs PREFIX=DIR, e.g. https://example.com/schemas/=vendor/schemas");
                };
                ref_dirs.push((prefix.to_owned(), PathBuf::from(dir)));
            }
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    match (spec, out) {
        (None, None) if runtime.is_none() && name.is_none() && ref_dirs.is_empty() => {
            files::gen_workspace(&workspace_root(), check)
        }
        (None, None) => {
            bail!("--runtime, --name and --ref-dir go with --spec and --out\n{USAGE}")
        }
        (Some(spec), Some(out)) if !check => {
            files::gen_standalone(&spec, &out, runtime.as_deref(), name.as_deref(), ref_dirs)
        }
        (Some(_), Some(_)) => bail!("--check works on the workspace only\n{USAGE}"),
        _ => bail!("--spec and --out go together\n{USAGE}"),
    }
}

/// Runs the measurement binary in the release profile with `args`.
fn bench(args: Vec<String>) -> Result<ExitCode> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .args(["run", "--release", "--quiet", "-p", "ordergen-bench", "--"])
        .args(&args)
        .current_dir(workspace_root())
        .status()
        .context("running cargo")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_asked_for_not_an_error() {
        for args in [vec!["--help"], vec!["gen", "--help"], vec!["gen", "-h"]] {
            let args = args.into_iter().map(str::to_owned).collect();
            assert_eq!(run(args).unwrap(), ExitCode::SUCCESS);
        }
        let err = run(vec!["gen".into(), "--nonsense".into()]).unwrap_err();
        assert!(err.to_string().contains("unknown argument `--nonsense`"));
    }
}
