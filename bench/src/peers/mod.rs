//! ordergen side by side with the other generators of Rust clients, on real documents
//! (`--peers`): whether each tool generates and whether its output passes `cargo check`,
//! generation time as a whole process and peak memory, lines written per schema and per
//! operation, `cargo check` and `cargo build` time of the generated crate alone, and a client
//! call on a loopback server against raw `reqwest`.
//!
//! Peers are measured, never required: a peer that is not installed (and not installed now, with
//! `--no-install`) shows as such in every table. Everything is written under `target/peers/`:
//! `tools/` (the peers), `docs/` (each document staged under a snake_case name, the same file for
//! every tool), `out/<tool>/<doc>/` (the generated crates), `cargo/<tool>/` (one target
//! directory per tool, so its dependencies build once) and `logs/`.

pub mod call;
pub mod cargo;
pub mod docs;
pub mod process;
pub mod report;
pub mod tools;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::stats;
use docs::{Document, Lines};
use process::{Job, Outcome};
use tools::{Located, Tool};

/// What `--peers` runs.
#[derive(Debug, Clone, PartialEq)]
pub struct PeersOptions {
    /// Folder of documents (searched recursively).
    pub corpus: PathBuf,
    /// Only these documents (staged or file names); all when empty.
    pub docs: Vec<String>,
    /// The tools compared.
    pub tools: Vec<Tool>,
    /// Install a missing peer into the tools folder.
    pub install: bool,
    /// Runs of each generator per document (the median is reported).
    pub samples: usize,
    /// Timed builds of each generated crate (the median is reported); 0 skips `cargo check`.
    pub compile_samples: usize,
    /// Only whether each crate passes `cargo check`: no build, no timed builds (for a breadth
    /// run over many large documents, where the builds would take hours).
    pub check_only: bool,
    /// Measure the client call.
    pub call: bool,
    /// Build the calling program in the release profile (31 rounds of 100 calls); otherwise in
    /// the dev profile with a few calls, to check that it works.
    pub call_release: bool,
    /// Limit for any one process.
    pub timeout: Duration,
    /// Where everything is written (default `target/peers`).
    pub work: PathBuf,
}

impl PeersOptions {
    /// The defaults: the shared corpus, every tool, installing what is missing, 5 runs of each
    /// generator, 3 timed builds, the client call, 15 minutes per process.
    pub fn new(work: PathBuf) -> PeersOptions {
        PeersOptions {
            corpus: PathBuf::from(DEFAULT_CORPUS),
            docs: Vec::new(),
            tools: tools::ALL.to_vec(),
            install: true,
            samples: 5,
            compile_samples: 3,
            check_only: false,
            call: true,
            call_release: true,
            timeout: Duration::from_secs(900),
            work,
        }
    }

    /// The tools folder.
    pub fn tools_dir(&self) -> PathBuf {
        self.work.join("tools")
    }
}

/// Where the project's machines keep the corpus of real documents.
pub const DEFAULT_CORPUS: &str = "/work/shared/corpus";

/// The results of one tool on one document.
#[derive(Debug, Clone)]
pub struct Cell {
    /// How generating ended (the first run's end when it failed).
    pub outcome: Outcome,
    /// Median wall-clock seconds of the runs (the failed run's time when it failed).
    pub seconds: f64,
    /// Largest peak resident memory of the runs.
    pub peak_rss: Option<u64>,
    /// Lines of Rust written, when it generated.
    pub lines: Option<Lines>,
    /// `cargo check` and the build times, when it generated a crate and they were measured.
    pub cargo: Option<cargo::Verdict>,
    /// Why the output is not a crate, when generation succeeded but it is not.
    pub no_crate: Option<String>,
    /// The crate's folder and package name, when there is one.
    pub krate: Option<(PathBuf, String)>,
}

impl Cell {
    /// Generated, and the output is a crate that passes `cargo check`.
    pub fn checks(&self) -> bool {
        self.cargo.as_ref().is_some_and(|c| c.passes)
    }
}

/// Everything measured.
#[derive(Debug, Clone)]
pub struct Results {
    pub tools: Vec<Located>,
    pub docs: Vec<Document>,
    pub cells: BTreeMap<(String, Tool), Cell>,
    pub calls: Vec<call::CallRow>,
    /// Whether peak memory was measured (`/usr/bin/time` is there).
    pub memory: bool,
    pub samples: usize,
    pub compile_samples: usize,
    /// Only whether crates pass `cargo check` was measured, not their build times.
    pub check_only: bool,
}

impl Results {
    /// The cell of `tool` on the document staged as `doc`.
    pub fn cell(&self, doc: &str, tool: Tool) -> Option<&Cell> {
        self.cells.get(&(doc.to_owned(), tool))
    }

    /// The tools that could run.
    pub fn available(&self) -> impl Iterator<Item = Tool> + '_ {
        self.tools
            .iter()
            .filter(|l| l.result.is_ok())
            .map(|l| l.tool)
    }
}

/// Runs every measurement `options` asks for.
pub fn measure(options: &PeersOptions) -> Result<Results, String> {
    // Tools run in the work folder: every path they are given must be absolute.
    let mut options = options.clone();
    for path in [&mut options.work, &mut options.corpus] {
        *path = std::path::absolute(&*path).map_err(|err| format!("{}: {err}", path.display()))?;
    }
    let options = &options;
    let docs = docs::corpus(&options.corpus, &options.docs)?;
    if docs.is_empty() {
        return Err(format!("no documents in {}", options.corpus.display()));
    }
    let memory = process::time_available();
    if !memory {
        eprintln!(
            "peak memory not measured: {} is missing (`apt-get install time`)",
            process::TIME
        );
    }
    let tools_dir = options.tools_dir();
    let located: Vec<Located> = options
        .tools
        .iter()
        .map(|&tool| {
            eprintln!("finding {}...", tool.name());
            let located = tools::locate(tool, &tools_dir, options.install);
            if let Err(err) = &located.result {
                eprintln!("  {}: {err}", tool.name());
            }
            located
        })
        .collect();
    let staged_dir = options.work.join("docs");
    std::fs::create_dir_all(&staged_dir)
        .map_err(|err| format!("creating {}: {err}", staged_dir.display()))?;
    let mut cells = BTreeMap::new();
    for doc in &docs {
        let staged = doc.stage(&staged_dir)?;
        for located in &located {
            let Ok(found) = &located.result else { continue };
            eprintln!("{} on {}...", located.tool.name(), doc.name);
            let cell = measure_cell(options, located.tool, &found.path, doc, &staged, memory);
            cells.insert((doc.name.clone(), located.tool), cell);
        }
    }
    let mut results = Results {
        tools: located,
        docs,
        cells,
        calls: Vec::new(),
        memory,
        samples: options.samples.max(1),
        compile_samples: options.compile_samples,
        check_only: options.check_only,
    };
    if options.call {
        results.calls = call::measure(options, &results);
    }
    Ok(results)
}

/// Runs of a generator that finish in a few milliseconds are repeated (up to
/// [`SHORT_RUNS_AT_MOST`] times the samples asked for) until they add up to this many seconds:
/// the median of five such runs moves with whatever else the machine did in those milliseconds.
const SHORT_RUNS_ADD_UP_TO: f64 = 0.5;

/// How many times the samples asked for short runs may take, at most.
const SHORT_RUNS_AT_MOST: usize = 10;

/// One tool on one document: generate `samples` times (more when they are short), count, check
/// and time the build.
fn measure_cell(
    options: &PeersOptions,
    tool: Tool,
    program: &Path,
    doc: &Document,
    staged: &Path,
    memory: bool,
) -> Cell {
    let out = options.work.join("out").join(tool.name()).join(&doc.name);
    let logs = options.work.join("logs").join(tool.name()).join(&doc.name);
    let args = tools::generate_args(tool, staged, &out, &doc.name);
    let mut job = Job::new(program, &[], &options.work);
    job.args = args;
    let mut times = Vec::new();
    let mut peak = None;
    let mut outcome = Outcome::Success;
    let least = options.samples.max(1);
    let mut sample = 0;
    while sample < least
        || (times.iter().sum::<f64>() < SHORT_RUNS_ADD_UP_TO && sample < least * SHORT_RUNS_AT_MOST)
    {
        let _ = std::fs::remove_dir_all(&out);
        let run = process::run(
            &job,
            options.timeout,
            memory,
            &logs,
            &format!("gen-{sample}"),
        );
        peak = peak.max(run.peak_rss);
        times.push(run.seconds);
        sample += 1;
        if !run.outcome.is_success() {
            outcome = run.outcome;
            times = vec![run.seconds];
            break;
        }
    }
    let mut cell = Cell {
        outcome,
        seconds: stats::median(&mut times),
        peak_rss: peak,
        lines: None,
        cargo: None,
        no_crate: None,
        krate: None,
    };
    if !cell.outcome.is_success() {
        return cell;
    }
    let lines = docs::count_lines(&out, tool.runtime_dirs());
    if lines.files == 0 {
        cell.outcome = Outcome::Error("exited with success but wrote no Rust".into());
        return cell;
    }
    cell.lines = Some(lines);
    match tools::make_crate(tool, &out, &doc.name) {
        Ok(package) => {
            if options.compile_samples > 0 {
                let target = options.work.join("cargo").join(tool.name());
                let samples = if options.check_only {
                    0
                } else {
                    options.compile_samples
                };
                cell.cargo = Some(cargo::measure(
                    &out,
                    &package,
                    &target,
                    samples,
                    options.timeout,
                    &logs,
                ));
            }
            cell.krate = Some((out, package));
        }
        Err(err) => cell.no_crate = Some(err),
    }
    cell
}

/// Parses the `--peers` options out of `args` (after `--peers`): `--corpus DIR`, `--docs a,b`,
/// `--tools a,b`, `--no-install`, `--samples N`, `--compile-samples N`, `--check-only`, `--no-call`,
/// `--timeout SECS`, `--work DIR`. Unknown arguments are left for the caller.
pub fn parse_option(
    options: &mut PeersOptions,
    arg: &str,
    next: &mut dyn FnMut() -> Option<String>,
) -> Result<bool, String> {
    let mut value = |what: &str| next().ok_or_else(|| format!("{arg} needs {what}"));
    let list = |text: String| -> Vec<String> {
        text.split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let number = |text: String| -> Result<u64, String> {
        text.parse()
            .map_err(|_| format!("{arg}: `{text}` is not a number"))
    };
    match arg {
        "--corpus" => options.corpus = PathBuf::from(value("a folder")?),
        "--docs" => options.docs = list(value("a list of documents")?),
        "--tools" => {
            options.tools = list(value("a list of tools")?)
                .iter()
                .map(|name| {
                    Tool::parse(name).ok_or_else(|| {
                        format!(
                            "--tools: no tool `{name}` (known: {})",
                            tools::ALL.map(Tool::name).join(", ")
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        "--no-install" => options.install = false,
        "--samples" => options.samples = number(value("a number")?)? as usize,
        "--compile-samples" => options.compile_samples = number(value("a number")?)? as usize,
        "--check-only" => options.check_only = true,
        "--no-call" => options.call = false,
        "--timeout" => options.timeout = Duration::from_secs(number(value("seconds")?)?),
        "--work" => options.work = PathBuf::from(value("a folder")?),
        _ => return Ok(false),
    }
    Ok(true)
}

/// Measures and writes the report: the Markdown tables.
pub fn run(options: &PeersOptions) -> String {
    match measure(options) {
        Ok(results) => report::markdown(&results),
        Err(err) => format!("Not measured: {err}\n"),
    }
}
