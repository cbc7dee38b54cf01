//! `cargo xtask corpus`: generates each document of the real-world corpus
//! (`codegen/tests/corpus/`, or `--dir DIR`) into `target/corpus/` as a standalone crate that
//! depends on the workspace's runtime crate, runs `cargo clippy` (which checks too) on each
//! with warnings as errors (all of them sharing one target dir, so the runtime and its
//! dependencies build once),
//! and prints per document: generated or not, the generation time, the warnings, the check's
//! result and its time. Generation is timed in a release build of xtask: from a debug build the
//! command runs itself again with `cargo run --release`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

// Shared with the corpus test (`codegen/tests/corpus.rs`), which uses the parts this command
// does not (the snapshot).
#[allow(dead_code)]
#[path = "../../codegen/tests/corpus_support/mod.rs"]
mod corpus_support;

use corpus_support::{Document, Generated};

pub const USAGE: &str =
    "usage: cargo xtask corpus [--only NAMES] [--except NAMES] [--dir DIR] [--no-check] [--dev]
  --only a,b    only these documents, each named by its file name (api.github.com.json), its
                path in the corpus (progenitor/nexus.json) or its module name (nexus)
  --except a,b  all documents (or those of --only) but these, named the same way
  --dir DIR     another folder laid out like codegen/tests/corpus (default: that folder)
  --no-check    generate only, without `cargo clippy`
  --dev         time generation in the dev build instead of building xtask in release (the dev
                profile optimises the generator too; CI uses it to save the release build)
Each document becomes a crate in target/corpus/<folder>/<module>/, checked with warnings as
errors in the shared target dir target/corpus/target. Exits non-zero when a selected document
does not generate or its crate does not check cleanly.";

struct Options {
    only: Vec<String>,
    except: Vec<String>,
    dir: Option<PathBuf>,
    check: bool,
    /// Run in the build at hand, even a debug one.
    dev: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut options = Options {
        only: Vec::new(),
        except: Vec::new(),
        dir: None,
        check: true,
        dev: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" | "--except" => {
                let names = args
                    .next()
                    .with_context(|| format!("{arg} needs names, e.g. {arg} a.json,b"))?;
                let list = if arg == "--only" {
                    &mut options.only
                } else {
                    &mut options.except
                };
                list.extend(
                    names
                        .split(',')
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned),
                );
            }
            "--dir" => {
                options.dir = Some(PathBuf::from(args.next().context("--dir needs a folder")?))
            }
            "--no-check" => options.check = false,
            "--dev" => options.dev = true,
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(options)
}

/// Runs the command; from a debug build, runs the release build of itself instead, so the
/// generation times are those a user's release build would see.
pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let options = parse(args)?;
    if cfg!(debug_assertions) && !options.dev {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "xtask",
                "--",
                "corpus",
            ])
            .args(args)
            .current_dir(root)
            .status()
            .context("running the release build of xtask")?;
        return Ok(if status.success() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let dir = options
        .dir
        .clone()
        .unwrap_or_else(|| root.join("codegen/tests/corpus"));
    let documents = select(
        corpus_support::discover(&dir).map_err(anyhow::Error::msg)?,
        &options.only,
        &options.except,
    )?;
    let out = root.join("target/corpus");
    let runtime = fs::canonicalize(root.join("runtime")).context("the runtime crate")?;
    let lockfile = root.join("Cargo.lock");
    let mut rows = Vec::new();
    for document in &documents {
        let row = one(document, &out, &runtime, &lockfile, options.check)?;
        println!("{}", row.line());
        rows.push(row);
    }
    println!("\n{}", table(&rows));
    let failed = rows.iter().filter(|r| !r.is_success()).count();
    println!(
        "{} of {} documents generated{}; total {:.1} s",
        rows.iter().filter(|r| r.generated).count(),
        rows.len(),
        if options.check {
            format!(
                ", {} checked without warnings",
                rows.iter()
                    .filter(|r| matches!(r.check, Some(Check { ok: true, .. })))
                    .count()
            )
        } else {
            String::new()
        },
        rows.iter()
            .map(|r| r.generation + r.check.as_ref().map_or(Duration::ZERO, |c| c.elapsed))
            .sum::<Duration>()
            .as_secs_f64()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The documents `only` names (all when it is empty) but those `except` names; a name that
/// matches nothing is an error.
fn select(documents: Vec<Document>, only: &[String], except: &[String]) -> Result<Vec<Document>> {
    for name in only.iter().chain(except) {
        if !documents.iter().any(|d| d.is_named(name)) {
            bail!("no document of the corpus is named `{name}`");
        }
    }
    Ok(documents
        .into_iter()
        .filter(|d| only.is_empty() || only.iter().any(|name| d.is_named(name)))
        .filter(|d| !except.iter().any(|name| d.is_named(name)))
        .collect())
}

/// What happened to one document.
struct Row {
    id: String,
    generated: bool,
    /// The headline of the generation (`generated: ...` or `refused: N errors, ...`).
    headline: String,
    warnings: usize,
    generation: Duration,
    check: Option<Check>,
}

struct Check {
    ok: bool,
    /// Errors and warnings `cargo clippy` reported for the generated crate.
    errors: usize,
    warnings: usize,
    elapsed: Duration,
    /// The first error, to show where to look.
    first_error: Option<String>,
}

impl Row {
    fn is_success(&self) -> bool {
        self.generated && self.check.as_ref().is_none_or(|c| c.ok)
    }

    fn line(&self) -> String {
        let mut line = format!(
            "{}: {} in {} ms",
            self.id,
            self.headline,
            self.generation.as_millis()
        );
        if let Some(check) = &self.check {
            line.push_str(&format!("; cargo clippy {}", check.word()));
            if let Some(error) = &check.first_error {
                line.push_str(&format!("\n  first error: {error}"));
            }
        }
        line
    }
}

impl Check {
    fn word(&self) -> String {
        let time = format!("{:.1} s", self.elapsed.as_secs_f64());
        if self.ok {
            format!("ok in {time}")
        } else {
            format!(
                "failed ({} errors, {} warnings) in {time}",
                self.errors, self.warnings
            )
        }
    }
}

fn one(
    document: &Document,
    out: &Path,
    runtime: &Path,
    lockfile: &Path,
    check: bool,
) -> Result<Row> {
    let outcome = corpus_support::generate(document);
    let warnings = outcome.result.warnings().len();
    let headline = outcome.result.headline();
    let Generated::Files { files, .. } = outcome.result else {
        return Ok(Row {
            id: document.id.clone(),
            generated: false,
            headline,
            warnings,
            generation: outcome.elapsed,
            check: None,
        });
    };
    // target/corpus/<the document's folder>/<module>: unique, since a folder holds one file of
    // a name.
    let folder = Path::new(&document.id)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let krate = out.join(folder).join(&document.module);
    write_crate(&krate, &document.module, files, runtime, lockfile)?;
    let check = check
        .then(|| cargo_check(&krate, &out.join("target")))
        .transpose()?;
    Ok(Row {
        id: document.id.clone(),
        generated: true,
        headline,
        warnings,
        generation: outcome.elapsed,
        check,
    })
}

/// Writes the standalone crate: the module's files, the crate root, a manifest depending on
/// the runtime crate at `runtime`, and the workspace's lockfile, so every crate resolves the
/// same versions and the shared target dir builds each dependency once.
fn write_crate(
    krate: &Path,
    module: &str,
    mut files: Vec<codegen::GeneratedFile>,
    runtime: &Path,
    lockfile: &Path,
) -> Result<()> {
    let src = krate.join("src");
    if src.exists() {
        fs::remove_dir_all(&src).with_context(|| format!("removing {}", src.display()))?;
    }
    files.push(codegen::crate_root(
        &[module],
        "A client generated by ordergen from a document of its real-world corpus.",
        None,
    ));
    for file in &files {
        write(&src.join(&file.path), &file.contents)?;
    }
    let runtime = runtime.display().to_string();
    write(
        &krate.join("Cargo.toml"),
        &codegen::standalone_manifest(module, &runtime),
    )?;
    if lockfile.is_file() && !krate.join("Cargo.lock").is_file() {
        fs::copy(lockfile, krate.join("Cargo.lock"))
            .with_context(|| format!("copying {}", lockfile.display()))?;
    }
    Ok(())
}

fn write(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

/// `cargo clippy` (which checks the crate too) of the crate at `krate` with every warning,
/// the compiler's and clippy's, as an error, in the target dir `target`: generated code must
/// pass both.
fn cargo_check(krate: &Path, target: &Path) -> Result<Check> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let start = Instant::now();
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(krate.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .context("running cargo clippy")?;
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // `--message-format short`: one line per diagnostic, `path:line:col: error[...]: ...`.
    let is_error = |l: &&str| l.contains(": error") && !l.starts_with("error: could not compile");
    let errors = stderr.lines().filter(is_error).count();
    let warnings = stderr.lines().filter(|l| l.contains(": warning")).count();
    let first_error = stderr
        .lines()
        .find(is_error)
        .or_else(|| stderr.lines().find(|l| l.starts_with("error")))
        .map(str::to_owned);
    Ok(Check {
        ok: output.status.success(),
        errors,
        warnings,
        elapsed,
        first_error,
    })
}

/// The closing table: one row per document.
fn table(rows: &[Row]) -> String {
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(8).max(8);
    let mut out = format!(
        "{:width$}  {:9}  {:>8}  {:>8}  {:7}  {:>7}\n",
        "document", "generated", "gen ms", "warnings", "check", "check s"
    );
    for row in rows {
        let generated = if row.generated { "yes" } else { "no" };
        let (check, time) = match &row.check {
            Some(c) if c.ok => ("ok".to_owned(), format!("{:.1}", c.elapsed.as_secs_f64())),
            Some(c) => (
                format!("{} err", c.errors.max(1)),
                format!("{:.1}", c.elapsed.as_secs_f64()),
            ),
            None => ("-".to_owned(), "-".to_owned()),
        };
        out.push_str(&format!(
            "{:width$}  {:9}  {:>8}  {:>8}  {:7}  {:>7}\n",
            row.id,
            generated,
            row.generation.as_millis(),
            row.warnings,
            check,
            time
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Document> {
        let dir = crate::workspace_root().join("codegen/tests/corpus");
        corpus_support::discover(&dir).unwrap()
    }

    #[test]
    fn documents_are_picked_by_file_name_path_or_module() {
        let picked = select(
            corpus(),
            &[
                "api.github.com.json".into(),
                "progenitor/nexus.json".into(),
                "keeper".into(),
            ],
            &[],
        )
        .unwrap();
        let ids: Vec<&str> = picked.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "progenitor/api.github.com.json",
                "progenitor/keeper.json",
                "progenitor/nexus.json"
            ]
        );
        let err = select(corpus(), &["nowhere.json".into()], &[]).unwrap_err();
        assert!(err.to_string().contains("nowhere.json"), "{err}");
        let all = corpus().len();
        let rest = select(corpus(), &[], &["nexus".into(), "keeper.json".into()]).unwrap();
        assert_eq!(rest.len(), all - 2);
        assert!(rest
            .iter()
            .all(|d| d.module != "nexus" && d.module != "keeper"));
        let err = select(corpus(), &[], &["nowhere".into()]).unwrap_err();
        assert!(err.to_string().contains("nowhere"), "{err}");
    }

    #[test]
    fn options_are_parsed() {
        let args: Vec<String> = [
            "--only",
            "a.json, b",
            "--no-check",
            "--dir",
            "/x",
            "--dev",
            "--except",
            "c",
        ]
        .map(String::from)
        .to_vec();
        let options = parse(&args).unwrap();
        assert_eq!(options.only, ["a.json", "b"]);
        assert_eq!(options.except, ["c"]);
        assert!(!options.check && options.dev);
        assert!(!parse(&[]).unwrap().dev);
        assert_eq!(options.dir.as_deref(), Some(Path::new("/x")));
        assert!(parse(&["--bogus".to_owned()]).is_err());
        assert!(parse(&["--only".to_owned()]).is_err());
    }

    /// A document that generates becomes a crate beside its folder's name; one that is refused
    /// is reported as not generated, and fails the run.
    #[test]
    fn a_generated_crate_is_written_and_a_refused_one_fails_the_run() {
        let dir = std::env::temp_dir().join(format!("ordergen-corpus-{}", std::process::id()));
        let corpus = dir.join("corpus");
        fs::create_dir_all(corpus.join("good")).unwrap();
        fs::write(
            corpus.join("good/tiny-api.yaml"),
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n",
        )
        .unwrap();
        fs::write(
            corpus.join("refused.yaml"),
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/Missing'}\n",
        )
        .unwrap();
        let documents = corpus_support::discover(&corpus).unwrap();
        assert_eq!(documents.len(), 2);
        let root = crate::workspace_root();
        let runtime = fs::canonicalize(root.join("runtime")).unwrap();
        let out = dir.join("out");
        let refused = one(
            &documents[1],
            &out,
            &runtime,
            &root.join("Cargo.lock"),
            true,
        )
        .unwrap();
        assert_eq!(documents[1].id, "refused.yaml");
        assert!(!refused.generated && !refused.is_success());
        assert!(
            refused.headline.starts_with("refused: 1 error"),
            "{}",
            refused.headline
        );
        // Generation only: checking a crate builds the runtime's dependencies, which the
        // corpus command's own runs cover.
        let good = one(
            &documents[0],
            &out,
            &runtime,
            &root.join("Cargo.lock"),
            false,
        )
        .unwrap();
        assert!(good.generated && good.is_success(), "{}", good.line());
        let krate = out.join("good/tiny_api");
        assert!(krate.join("src/tiny_api/mod.rs").is_file());
        assert!(krate.join("src/lib.rs").is_file());
        assert!(krate.join("Cargo.lock").is_file());
        let manifest = fs::read_to_string(krate.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&runtime.display().to_string()),
            "{manifest}"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    /// `cargo clippy` runs with warnings as errors and counts what it reports.
    #[test]
    fn cargo_check_fails_on_a_warning_or_a_lint_and_counts_it() {
        let dir =
            std::env::temp_dir().join(format!("ordergen-corpus-check-{}", std::process::id()));
        let krate = dir.join("krate");
        fs::create_dir_all(krate.join("src")).unwrap();
        fs::write(
            krate.join("Cargo.toml"),
            "[package]\nname = \"krate\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n",
        )
        .unwrap();
        fs::write(
            krate.join("src/lib.rs"),
            "//! A crate.\n\n/// One.\npub fn one() -> u8 {\n    1\n}\n",
        )
        .unwrap();
        let target = dir.join("target");
        let clean = cargo_check(&krate, &target).unwrap();
        assert!(clean.ok && clean.errors == 0, "{}", clean.word());
        fs::write(
            krate.join("src/lib.rs"),
            "//! A crate.\n\n/// One.\npub fn one() -> u8 {\n    let unused = 2;\n    1\n}\n",
        )
        .unwrap();
        let warned = cargo_check(&krate, &target).unwrap();
        assert!(!warned.ok, "a warning is an error");
        assert_eq!(warned.errors, 1, "{}", warned.word());
        assert!(
            warned
                .first_error
                .as_deref()
                .is_some_and(|e| e.contains("unused")),
            "{:?}",
            warned.first_error
        );
        // What only clippy refuses fails too (a doc comment followed by an empty line).
        fs::write(
            krate.join("src/lib.rs"),
            "//! A crate.\n\n/// One.\n\npub fn one() -> u8 {\n    1\n}\n",
        )
        .unwrap();
        let linted = cargo_check(&krate, &target).unwrap();
        assert!(!linted.ok, "a clippy lint is an error");
        assert!(
            linted
                .first_error
                .as_deref()
                .is_some_and(|e| e.contains("empty line after doc comment")),
            "{:?}",
            linted.first_error
        );
        fs::remove_dir_all(dir).unwrap();
    }
}
