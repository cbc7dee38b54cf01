//! Whether a generated crate passes `cargo check`, and what `cargo check` and `cargo build` of
//! it cost with its dependencies already built: one target directory per tool, so each tool's
//! dependencies (its runtime crate among them) build once; then `cargo clean -p` of the crate
//! and a timed build, the median of several.

use std::path::Path;
use std::time::Duration;

use crate::peers::process::{self, Job, Outcome};
use crate::stats;

/// What `cargo check` said of a crate, and its times.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// `cargo check` passed.
    pub passes: bool,
    /// `error` and `warning` diagnostics of the crate itself.
    pub errors: usize,
    pub warnings: usize,
    /// The first error, when it failed.
    pub first_error: Option<String>,
    /// Median seconds of `cargo check` of the crate alone, dependencies built.
    pub check: Option<f64>,
    /// Median seconds of `cargo build` of the crate alone, dependencies built.
    pub build: Option<f64>,
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn cargo_job(krate: &Path, target: &Path, args: &[&str]) -> Job {
    let mut job = Job::new(cargo(), args, krate);
    job.args.push("--target-dir".into());
    job.args.push(target.to_string_lossy().into_owned());
    job.env.push(("CARGO_TERM_COLOR".into(), "never".into()));
    job
}

/// Counts the crate's own `error` and `warning` diagnostics in cargo's output, and the first
/// error's headline with its location.
pub fn diagnostics(stderr: &str) -> (usize, usize, Option<String>) {
    let mut errors = 0;
    let mut warnings = 0;
    let mut first = None;
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("error: could not compile") || line.starts_with("error: aborting") {
            continue;
        }
        if line.starts_with("warning:") && line.contains("generated") && line.contains("warning") {
            // `warning: `x` (lib) generated 3 warnings`: a summary, not a warning.
            continue;
        }
        if line.starts_with("error") {
            errors += 1;
            if first.is_none() {
                let place = lines
                    .peek()
                    .map(|l| l.trim())
                    .filter(|l| l.starts_with("-->"))
                    .map(|l| format!(" ({})", l.trim_start_matches("-->").trim()))
                    .unwrap_or_default();
                first = Some(process::shorten(&format!("{line}{place}")));
            }
        } else if line.starts_with("warning:") {
            warnings += 1;
        }
    }
    (errors, warnings, first)
}

/// Checks the crate in `krate` (package `package`) in `target`, and when it passes, times
/// `cargo check` and `cargo build` of it alone `samples` times each. Dependencies build in the
/// first, untimed, passes. With no `samples`, only whether it passes is measured: no build, no
/// times. `logs` keeps cargo's output.
pub fn measure(
    krate: &Path,
    package: &str,
    target: &Path,
    samples: usize,
    limit: Duration,
    logs: &Path,
) -> Verdict {
    let mut verdict = Verdict::default();
    let first = process::run(
        &cargo_job(krate, target, &["check"]),
        limit,
        false,
        logs,
        "check",
    );
    let (errors, warnings, first_error) = diagnostics(&first.stderr);
    verdict.errors = errors;
    verdict.warnings = warnings;
    verdict.passes = first.outcome.is_success();
    if !verdict.passes {
        verdict.first_error = first_error.or_else(|| first.outcome.message());
        if let Outcome::Timeout(limit) = first.outcome {
            verdict.first_error = Some(format!("`cargo check` timed out at {} s", limit.as_secs()));
        }
        return verdict;
    }
    if samples == 0 {
        return verdict;
    }
    let build = process::run(
        &cargo_job(krate, target, &["build"]),
        limit,
        false,
        logs,
        "build",
    );
    if !build.outcome.is_success() {
        verdict.first_error = Some(format!(
            "`cargo check` passes, `cargo build` does not: {}",
            build.outcome.message().unwrap_or_default()
        ));
        return verdict;
    }
    let clean = cargo_job(krate, target, &["clean", "--quiet", "-p", package]);
    let timed = |command: &str| -> Option<f64> {
        let mut times = Vec::new();
        for sample in 0..samples {
            let cleaned = process::run(&clean, limit, false, logs, "clean");
            if !cleaned.outcome.is_success() {
                return None;
            }
            let run = process::run(
                &cargo_job(krate, target, &[command, "--quiet"]),
                limit,
                false,
                logs,
                &format!("{command}-{sample}"),
            );
            if !run.outcome.is_success() {
                return None;
            }
            times.push(run.seconds);
        }
        Some(stats::median(&mut times))
    };
    verdict.check = timed("check");
    verdict.build = timed("build");
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crates_own_diagnostics_are_counted() {
        let stderr = "\
    Checking pets v0.1.0 (/x)
warning: unused import: `std::fmt`
 --> src/lib.rs:1:5
error[E0412]: cannot find type `Foo` in this scope
  --> src/types.rs:10:12
   |
error: expected one of `,` or `}`
warning: `pets` (lib) generated 1 warning
error: could not compile `pets` (lib) due to 2 previous errors; 1 warning emitted
";
        let (errors, warnings, first) = diagnostics(stderr);
        assert_eq!((errors, warnings), (2, 1));
        assert_eq!(
            first.as_deref(),
            Some("error[E0412]: cannot find type `Foo` in this scope (src/types.rs:10:12)")
        );
    }

    #[test]
    fn a_tiny_crate_is_checked_and_timed() {
        let dir = std::env::temp_dir().join(format!("ordergen-peers-cargo-{}", std::process::id()));
        let krate = dir.join("tiny");
        std::fs::create_dir_all(krate.join("src")).unwrap();
        std::fs::write(
            krate.join("Cargo.toml"),
            "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n",
        )
        .unwrap();
        std::fs::write(krate.join("src/lib.rs"), "pub fn f() -> u8 { 1 }\n").unwrap();
        let limit = Duration::from_secs(300);
        let run = |samples| {
            measure(
                &krate,
                "tiny",
                &dir.join("target"),
                samples,
                limit,
                &dir.join("logs"),
            )
        };
        let verdict = run(1);
        assert!(verdict.passes, "{verdict:?}");
        assert_eq!((verdict.errors, verdict.warnings), (0, 0));
        assert!(verdict.check.unwrap() > 0.0 && verdict.build.unwrap() > 0.0);
        // No samples: whether it passes, and nothing timed.
        let verdict = run(0);
        assert!(verdict.passes, "{verdict:?}");
        assert_eq!((verdict.check, verdict.build), (None, None));

        std::fs::write(krate.join("src/lib.rs"), "pub fn f() -> u8 { missing() }\n").unwrap();
        let verdict = run(1);
        assert!(!verdict.passes);
        assert_eq!(verdict.errors, 1);
        assert!(verdict.first_error.unwrap().contains("src/lib.rs:1"));
        assert_eq!(verdict.check, None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
