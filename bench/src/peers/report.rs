//! The Markdown tables of a `--peers` run.

use std::fmt::Write;

use super::tools::Tool;
use super::{Cell, Results};
use crate::stats::show_bytes;

fn secs(seconds: f64) -> String {
    if seconds >= 10.0 {
        format!("{seconds:.1} s")
    } else if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 0.1 {
        format!("{:.0} ms", seconds * 1e3)
    } else {
        format!("{:.1} ms", seconds * 1e3)
    }
}

fn ratio(value: f64) -> String {
    if value < 0.1 {
        format!("{value:.3}×")
    } else {
        format!("{value:.2}×")
    }
}

/// The first `n` characters of a message, as a cell.
fn cut(message: &str, n: usize) -> String {
    let message = super::process::shorten(message);
    if message.chars().count() > n {
        format!("{}...", message.chars().take(n).collect::<String>())
    } else {
        message
    }
}

fn header(first: &str, tools: &[Tool], last: Option<&str>) -> String {
    let mut line = format!("| {first} |");
    let mut rule = String::from("| --- |");
    for tool in tools {
        let _ = write!(line, " {} |", tool.name());
        rule.push_str(" ---: |");
    }
    if let Some(last) = last {
        let _ = write!(line, " {last} |");
        rule.push_str(" ---: |");
    }
    format!("{line}\n{rule}\n")
}

/// The fastest of the peers' values (`None` when no peer has one).
fn fastest_peer(values: impl Iterator<Item = (Tool, Option<f64>)>) -> Option<f64> {
    values
        .filter(|(tool, _)| *tool != Tool::Ordergen)
        .filter_map(|(_, v)| v)
        .min_by(f64::total_cmp)
}

/// ordergen's value over the fastest peer's, as a cell.
fn against_fastest(values: &[(Tool, Option<f64>)]) -> String {
    let ours = values
        .iter()
        .find(|(t, _)| *t == Tool::Ordergen)
        .and_then(|(_, v)| *v);
    match (ours, fastest_peer(values.iter().copied())) {
        (Some(ours), Some(best)) if best > 0.0 => ratio(ours / best),
        _ => "-".into(),
    }
}

fn generation_cell(cell: Option<&Cell>) -> String {
    let Some(cell) = cell else {
        return "-".into();
    };
    if cell.outcome.is_success() {
        match cell.peak_rss {
            Some(bytes) => format!("{}, {}", secs(cell.seconds), show_bytes(bytes as usize)),
            None => secs(cell.seconds),
        }
    } else {
        // How long it took to fail matters too: a refusal in milliseconds or after minutes.
        format!("**{}** ({})", cell.outcome.word(), secs(cell.seconds))
    }
}

fn check_cell(cell: Option<&Cell>) -> String {
    let Some(cell) = cell else {
        return "-".into();
    };
    if !cell.outcome.is_success() {
        return "not generated".into();
    }
    if cell.no_crate.is_some() {
        return "**no crate**".into();
    }
    match &cell.cargo {
        None => "not checked".into(),
        Some(v) if v.passes && v.warnings == 0 => "passes".into(),
        Some(v) if v.passes => format!("passes, {} warnings", v.warnings),
        Some(v) if v.errors > 0 => format!("**fails**, {} errors", v.errors),
        Some(_) => "**fails**".into(),
    }
}

/// Every table, with the notes that say how to read them.
pub fn markdown(results: &Results) -> String {
    let tools: Vec<Tool> = results.tools.iter().map(|l| l.tool).collect();
    let mut out = String::new();

    let _ = writeln!(
        out,
        "### Tools\n\n| tool | version | found |\n| --- | --- | --- |"
    );
    for located in &results.tools {
        match &located.result {
            Ok(found) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    located.tool.name(),
                    cut(&found.version, 60),
                    found.origin
                );
            }
            Err(err) => {
                let _ = writeln!(out, "| {} | - | {} |", located.tool.name(), cut(err, 160));
            }
        }
    }

    let _ = writeln!(
        out,
        "\n### Documents\n\n| document | staged as | version | size | schemas | operations |\n| --- | --- | --- | ---: | ---: | ---: |"
    );
    for doc in &results.docs {
        let file = doc
            .source
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staged = match &doc.folder {
            // A split spec: its folder is staged under the name.
            Some(_) => format!("`{}/` (split, {file})", doc.name),
            None => format!("`{}.{}`", doc.name, doc.ext),
        };
        let _ = writeln!(
            out,
            "| {file} | {staged} | {} | {} | {} | {} |",
            doc.version,
            show_bytes(doc.bytes as usize),
            doc.schemas,
            doc.operations
        );
    }

    let memory = if results.memory {
        "and peak resident memory (`/usr/bin/time -v`)"
    } else {
        "(peak memory not measured: `/usr/bin/time` is missing; `apt-get install time`)"
    };
    let _ = writeln!(
        out,
        "\n### Generation\n\nWall-clock time of the whole process as a user runs it, median of \
         at least {} runs (of up to {} while they add up to less than {} s), {memory}. \
         **error**: the tool refused the document; **panic**: it crashed \
         (Rust panic, uncaught Java exception, signal); in brackets, the time it took to fail; \
         messages below.\n",
        results.samples,
        results.samples * super::SHORT_RUNS_AT_MOST,
        super::SHORT_RUNS_ADD_UP_TO
    );
    out.push_str(&header("document", &tools, Some("ordergen / fastest peer")));
    for doc in &results.docs {
        let mut line = format!("| {} |", doc.name);
        let mut values = Vec::new();
        for &tool in &tools {
            let cell = results.cell(&doc.name, tool);
            let _ = write!(line, " {} |", generation_cell(cell));
            values.push((
                tool,
                cell.filter(|c| c.outcome.is_success()).map(|c| c.seconds),
            ));
        }
        let _ = writeln!(out, "{line} {} |", against_fastest(&values));
    }
    let generated = |tool: Tool| {
        results
            .docs
            .iter()
            .filter(|d| {
                results
                    .cell(&d.name, tool)
                    .is_some_and(|c| c.outcome.is_success())
            })
            .count()
    };
    let checked = |tool: Tool| {
        results
            .docs
            .iter()
            .filter(|d| results.cell(&d.name, tool).is_some_and(Cell::checks))
            .count()
    };
    let mut line = String::from("| **generates / passes `cargo check`** |");
    for &tool in &tools {
        if results.available().any(|t| t == tool) {
            let _ = write!(
                line,
                " {} / {} of {} |",
                generated(tool),
                checked(tool),
                results.docs.len()
            );
        } else {
            line.push_str(" not installed |");
        }
    }
    let _ = writeln!(out, "{line} |");

    let _ = writeln!(
        out,
        "\n### Generated code and `cargo check`\n\nLines of Rust the tool wrote (code: neither \
         blank nor comment; comments include doc comments), per schema and per operation of the \
         document. A runtime crate the generated crate depends on (`ordergen-runtime`, \
         `progenitor-client`) is not counted; a runtime written into the crate is, except for \
         ordergen's copy of its runtime crate (shown apart) when it writes one.\n\n\
         | document | tool | `cargo check` | code lines | comment lines | code / schema | code / operation |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: |"
    );
    for doc in &results.docs {
        for &tool in &tools {
            let Some(cell) = results.cell(&doc.name, tool) else {
                continue;
            };
            let Some(lines) = cell.lines else { continue };
            let own = (lines.code - lines.runtime_code) as f64;
            let per = |n: usize| {
                if n == 0 {
                    "-".to_owned()
                } else {
                    format!("{:.0}", own / n as f64)
                }
            };
            let runtime = if lines.runtime_code > 0 {
                format!(" (runtime {})", lines.runtime_code)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{runtime} | {} | {} | {} |",
                doc.name,
                tool.name(),
                check_cell(Some(cell)),
                lines.code,
                lines.comments,
                per(doc.schemas),
                per(doc.operations),
            );
        }
    }

    if results.check_only {
        let _ = writeln!(
            out,
            "\n### Compile time of the generated crate\n\nNot measured in this run \
             (`--check-only`): only whether each crate passes `cargo check`."
        );
    } else {
        let _ = writeln!(
            out,
            "\n### Compile time of the generated crate\n\n`cargo check` / `cargo build` of the \
             generated crate alone, its dependencies already built (one target directory per tool; \
             a tool's runtime crate is one of them): `cargo clean -p` of the crate, then a timed \
             build, median of {}. Only crates that pass `cargo check`.\n",
            results.compile_samples
        );
        out.push_str(&header(
            "document",
            &tools,
            Some("ordergen / fastest peer (`check`)"),
        ));
        for doc in &results.docs {
            let mut line = format!("| {} |", doc.name);
            let mut values = Vec::new();
            let mut any = false;
            for &tool in &tools {
                let verdict = results
                    .cell(&doc.name, tool)
                    .and_then(|c| c.cargo.as_ref())
                    .filter(|v| v.passes);
                match verdict.map(|v| (v.check, v.build)) {
                    Some((Some(check), Some(build))) => {
                        any = true;
                        let _ = write!(line, " {} / {} |", secs(check), secs(build));
                        values.push((tool, Some(check)));
                    }
                    _ => {
                        line.push_str(" - |");
                        values.push((tool, None));
                    }
                }
            }
            if any {
                let _ = writeln!(out, "{line} {} |", against_fastest(&values));
            }
        }
    }

    let _ = writeln!(
        out,
        "\n### Failures\n\n| document | tool | stage | what it said |\n| --- | --- | --- | --- |"
    );
    for doc in &results.docs {
        for &tool in &tools {
            let Some(cell) = results.cell(&doc.name, tool) else {
                continue;
            };
            let failure = if let Some(message) = cell.outcome.message() {
                Some((format!("generate ({})", cell.outcome.word()), message))
            } else if let Some(err) = &cell.no_crate {
                Some(("crate".to_owned(), err.clone()))
            } else {
                cell.cargo.as_ref().filter(|v| !v.passes).map(|v| {
                    (
                        "`cargo check`".to_owned(),
                        v.first_error.clone().unwrap_or_default(),
                    )
                })
            };
            if let Some((stage, message)) = failure {
                let _ = writeln!(
                    out,
                    "| {} | {} | {stage} | {} |",
                    doc.name,
                    tool.name(),
                    cut(&message, 200)
                );
            }
        }
    }

    let _ = writeln!(out, "\n### Client call\n\n{}", super::call::table(results));
    out
}
