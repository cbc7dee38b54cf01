//! Clean build time of the `generated` crate per API feature (`--compile`; slow).
//!
//! Uses its own target directory, builds the dependencies once, then for each feature set
//! removes only the `generated` crate's artifacts (`cargo clean -p generated`) and times
//! `cargo build -p generated --no-default-features --features <api>`. A build with nothing to do
//! is timed too: it is cargo's own overhead, subtracted to give the crate's compile time.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::generation::workspace_root;
use crate::stats::{self, show};

/// The feature sets measured: the runtime alone, each API alone, and all of them.
pub const VARIANTS: &[(&str, &str)] = &[
    ("runtime only (no API)", ""),
    ("planso", "planso"),
    ("quotevine", "quotevine"),
    ("compilator", "compilator"),
    ("all three (default)", "planso,quotevine,compilator"),
];

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn run(root: &Path, target: &Path, args: &[&str]) -> Result<f64, String> {
    let start = Instant::now();
    let output = Command::new(cargo())
        .args(args)
        .arg("--target-dir")
        .arg(target)
        .current_dir(root)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|err| format!("running cargo: {err}"))?;
    let seconds = start.elapsed().as_secs_f64();
    if output.status.success() {
        Ok(seconds)
    } else {
        Err(format!(
            "`cargo {}` failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn build_args<'a>(command: &'a str, features: &'a str) -> Vec<&'a str> {
    let mut args = vec![
        command,
        "--quiet",
        "-p",
        "generated",
        "--no-default-features",
    ];
    if !features.is_empty() {
        args.extend(["--features", features]);
    }
    args
}

/// One feature set's times, in seconds (medians).
#[derive(Debug, Clone)]
pub struct CompileRow {
    pub label: String,
    pub build: f64,
    pub check: f64,
    /// Packages in its normal dependency graph, `generated` included (`cargo tree`).
    pub crates: Option<usize>,
}

/// The number of distinct packages `cargo tree` lists for `generated` with `features`.
pub fn dependency_count(root: &Path, features: &str) -> Option<usize> {
    let mut args = vec![
        "tree",
        "--quiet",
        "-p",
        "generated",
        "--no-default-features",
        "-e",
        "normal",
        "--prefix",
        "none",
    ];
    if !features.is_empty() {
        args.extend(["--features", features]);
    }
    let output = Command::new(cargo())
        .args(&args)
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let mut packages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.replace(" (*)", "").replace(" (proc-macro)", ""))
        .filter(|l| !l.trim().is_empty())
        .collect();
    packages.sort();
    packages.dedup();
    Some(packages.len())
}

/// Measures each of [`VARIANTS`] `samples` times with `cargo build` and `cargo check`, in
/// `target` (default `target/bench-compile`). Returns the rows and cargo's no-op overhead.
pub fn measure(samples: usize, target: Option<PathBuf>) -> Result<(Vec<CompileRow>, f64), String> {
    let root = workspace_root();
    let target = target.unwrap_or_else(|| root.join("target").join("bench-compile"));
    // Dependencies once, in both modes, for every feature set (they share them).
    for (_, features) in VARIANTS {
        run(&root, &target, &build_args("build", features))?;
        run(&root, &target, &build_args("check", features))?;
    }
    let mut noop = Vec::new();
    for _ in 0..samples.max(1) {
        noop.push(run(&root, &target, &build_args("build", "planso"))?);
    }
    let noop = stats::median(&mut noop);
    let mut rows = Vec::new();
    for (label, features) in VARIANTS {
        let mut times = [Vec::new(), Vec::new()];
        for _ in 0..samples.max(1) {
            for (slot, command) in ["build", "check"].iter().enumerate() {
                run(&root, &target, &["clean", "--quiet", "-p", "generated"])?;
                times[slot].push(run(&root, &target, &build_args(command, features))?);
            }
        }
        rows.push(CompileRow {
            label: (*label).to_owned(),
            build: stats::median(&mut times[0]),
            check: stats::median(&mut times[1]),
            crates: dependency_count(&root, features),
        });
    }
    Ok((rows, noop))
}

/// The compile-time table.
pub fn report(samples: usize, target: Option<PathBuf>) -> String {
    let (rows, noop) = match measure(samples, target) {
        Ok(result) => result,
        Err(err) => return format!("Not measured: {err}\n"),
    };
    let secs = |s: f64| show(std::time::Duration::from_secs_f64(s.max(0.0)));
    let base = rows.first().map(|r| (r.build, r.check)).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| features | `cargo build` | more than the runtime alone | `cargo check` | more than the runtime alone | crates in the dependency graph |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    for (index, row) in rows.iter().enumerate() {
        let extra = |value: f64, base: f64| {
            if index == 0 {
                "-".to_owned()
            } else {
                format!("+{}", secs(value - base))
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.label,
            secs(row.build - noop),
            extra(row.build, base.0),
            secs(row.check - noop),
            extra(row.check, base.1),
            row.crates
                .map(|n| n.to_string())
                .unwrap_or_else(|| "-".into()),
        );
    }
    let _ = writeln!(
        out,
        "\nTimes are the `generated` crate alone (dependencies already built), median of {}, \
         less {} of cargo overhead (a build with nothing to do).",
        samples.max(1),
        secs(noop)
    );
    out
}
