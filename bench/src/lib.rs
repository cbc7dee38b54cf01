//! What ordergen costs its users, measured: generation time and peak memory (the real specs by
//! stage, and a synthetic spec from 10 to 10,000 schemas), the size of the generated code and its
//! build time per API feature, and the generated types and client against hand-written serde
//! structs and raw `reqwest` in the same run.
//!
//! Run with `cargo xtask bench` (or `cargo run --release -p ordergen-bench -- ARGS`); the output
//! is the Markdown tables of BENCHMARKS.md. See [`USAGE`].

pub mod alloc;
pub mod compile;
pub mod generation;
pub mod handwritten;
pub mod lines;
pub mod loopback;
pub mod peers;
pub mod runtime;
pub mod stats;
pub mod synth;

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The command line.
pub const USAGE: &str = "\
usage: ordergen-bench [SECTIONS] [OPTIONS]

sections (default: --gen --lines --runtime):
  --gen        generation time: the three specs by stage, the synthetic spec at each size with
               peak memory, and `cargo xtask gen --check` as built
  --lines      lines of generated code per spec and per operation
  --runtime    serde and client calls against hand-written baselines (ratios)
  --compile    clean build time of the generated crate per API feature (slow, minutes)
  --all        all of the above
  --peers      ordergen side by side with progenitor, openapi-to-rust and openapi-generator
               on every document of a corpus (slow: installs missing peers, builds every
               generated crate; about 25 minutes on the shared corpus); only this section
               unless others are named

options:
  --sizes N,N,...     synthetic spec sizes (default 10,100,1000,10000)
  --quick             fewer samples: a smoke run, not for publishing
  --target-dir DIR    target directory for --compile (default target/bench-compile)
  --loop-gen N SECS   generate the synthetic spec of N schemas repeatedly for SECS seconds
                      (a steady workload to profile)
  --loop-client WHO N make N calls of planso's create_order on the loopback server, WHO being
                      generated, raw or raw-configured (raw reqwest with the client's timeout,
                      redirect policy and default headers); prints the time per call

options of --peers:
  --corpus DIR          documents to measure, searched recursively (default /work/shared/corpus)
  --docs A,B,...        only these documents (file names or staged snake_case names)
  --tools A,B,...       only these tools: ordergen, progenitor, openapi-to-rust,
                        openapi-generator (default all)
  --no-install          measure only the peers already installed
  --samples N           runs of each generator per document (default 5; median); runs
                        adding up to less than 0.5 s are repeated, up to 10 times as many
  --compile-samples N   timed `cargo check` and `cargo build` per crate (default 3; 0 skips
                        `cargo check` and the client call)
  --check-only          only whether each crate passes `cargo check`: no timed builds (a
                        breadth run over many large documents)
  --no-call             skip the client call on the loopback server
  --timeout SECS        limit for any one process (default 900)
  --work DIR            where tools, staged documents, output and logs go (default
                        target/peers)";

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub gen: bool,
    pub lines: bool,
    pub runtime: bool,
    pub compile: bool,
    pub sizes: Vec<usize>,
    pub quick: bool,
    pub target_dir: Option<PathBuf>,
    pub loop_gen: Option<(usize, u64)>,
    pub loop_client: Option<(runtime::Caller, usize)>,
    /// `--peers` and its options.
    pub peers: Option<peers::PeersOptions>,
}

impl Options {
    /// Parses the arguments (without the program name). `--bench`, which `cargo bench` passes,
    /// is ignored.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            gen: false,
            lines: false,
            runtime: false,
            compile: false,
            sizes: vec![10, 100, 1_000, 10_000],
            quick: false,
            target_dir: None,
            loop_gen: None,
            loop_client: None,
            peers: None,
        };
        let mut peer_options =
            peers::PeersOptions::new(generation::workspace_root().join("target").join("peers"));
        let mut peer_option_given = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--peers" => options.peers = Some(peer_options.clone()),
                "--gen" => options.gen = true,
                "--lines" => options.lines = true,
                "--runtime" => options.runtime = true,
                "--compile" => options.compile = true,
                "--all" => {
                    options.gen = true;
                    options.lines = true;
                    options.runtime = true;
                    options.compile = true;
                }
                "--quick" => options.quick = true,
                "--bench" => {}
                "--sizes" => {
                    let list = args.next().ok_or("--sizes needs a list, e.g. 10,100")?;
                    options.sizes = list
                        .split(',')
                        .map(|n| n.trim().replace('_', "").parse::<usize>())
                        .collect::<Result<_, _>>()
                        .map_err(|_| format!("--sizes: `{list}` is not a list of numbers"))?;
                }
                "--target-dir" => {
                    let dir = args.next().ok_or("--target-dir needs a directory")?;
                    options.target_dir = Some(PathBuf::from(dir));
                }
                "--loop-gen" => {
                    let n = args.next().and_then(|n| n.parse().ok());
                    let secs = args.next().and_then(|s| s.parse().ok());
                    match (n, secs) {
                        (Some(n), Some(secs)) => options.loop_gen = Some((n, secs)),
                        _ => return Err("--loop-gen needs a size and seconds".into()),
                    }
                }
                "--loop-client" => {
                    let caller = args.next().and_then(|c| runtime::Caller::parse(c));
                    let calls = args.next().and_then(|n| n.parse().ok());
                    match (caller, calls) {
                        (Some(caller), Some(calls)) => options.loop_client = Some((caller, calls)),
                        _ => {
                            return Err("--loop-client needs generated, raw or raw-configured, \
                                        and a number of calls"
                                .into())
                        }
                    }
                }
                "--help" | "-h" => return Err(String::new()),
                other => {
                    let mut next = || args.next().cloned();
                    if !peers::parse_option(&mut peer_options, other, &mut next)? {
                        return Err(format!("unknown argument `{other}`"));
                    }
                    peer_option_given = Some(other.to_owned());
                }
            }
        }
        match (&mut options.peers, peer_option_given) {
            (Some(peers), _) => *peers = peer_options,
            (None, Some(option)) => return Err(format!("{option} goes with --peers")),
            (None, None) => {}
        }
        let sections = options.gen || options.lines || options.runtime || options.compile;
        if !sections && options.peers.is_none() {
            options.gen = true;
            options.lines = true;
            options.runtime = true;
        }
        Ok(options)
    }
}

/// Runs what `options` asks for, printing Markdown to stdout (progress to stderr).
pub fn run(options: &Options) {
    if let Some((caller, calls)) = options.loop_client {
        let per_call = runtime::loop_client(caller, calls);
        eprintln!("{calls} calls, {per_call:?} per call");
        return;
    }
    if let Some((schemas, secs)) = options.loop_gen {
        let text = synth::spec(schemas);
        let input = codegen::SpecInput {
            path: "synthetic.yaml",
            module: "synthetic",
            text: &text,
        };
        let start = Instant::now();
        let mut runs = 0;
        while start.elapsed() < Duration::from_secs(secs) {
            std::hint::black_box(codegen::generate(input).is_ok());
            runs += 1;
        }
        eprintln!("{runs} runs in {:.1} s", start.elapsed().as_secs_f64());
        return;
    }
    let samples = |full: usize| if options.quick { 3 } else { full };
    println!("## Machine\n\n{}", machine());
    if options.gen {
        eprintln!("measuring generation...");
        println!(
            "## Generation: the three specs, by stage\n\n{}",
            generation::real_specs_report(samples(20))
        );
        println!("{}", generation::xtask_report(samples(10)));
        let sizes = if options.quick {
            options
                .sizes
                .iter()
                .copied()
                .filter(|&n| n <= 1_000)
                .collect()
        } else {
            options.sizes.clone()
        };
        println!(
            "## Generation: synthetic spec\n\n{}",
            generation::scaling_report(&sizes).0
        );
        println!(
            "### Where `emit_api`'s time goes\n\n{}",
            generation::emit_breakdown_report(1_000, samples(5))
        );
    }
    if options.lines {
        eprintln!("counting lines...");
        println!("## Generated code\n\n{}", lines::report());
    }
    if options.runtime {
        eprintln!("measuring serde...");
        println!(
            "## Runtime: serde, generated types / hand-written structs\n\n{}",
            runtime::serde_report(samples(41))
        );
        eprintln!("measuring client calls...");
        println!(
            "## Runtime: client call, generated client / raw reqwest (loopback)\n\n{}",
            runtime::client_report(samples(31), if options.quick { 20 } else { 100 })
        );
    }
    if let Some(peers) = &options.peers {
        eprintln!("measuring the peers (slow)...");
        println!("## Side by side with the peers\n\n{}", peers::run(peers));
    }
    if options.compile {
        eprintln!("measuring compile times (minutes)...");
        println!(
            "## Compile time of the generated crate\n\n{}",
            compile::report(samples(3), options.target_dir.clone())
        );
    }
}

/// The machine, the toolchain and the build profile, for the record.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let kb: f64 = info
                .lines()
                .find(|l| l.starts_with("MemTotal"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.0} GiB", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".into());
    let rustc = std::process::Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc ?".into());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into());
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(generation::workspace_root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let commit = match (
        git(&["rev-parse", "--short", "HEAD"]),
        git(&["status", "--porcelain"]),
    ) {
        (Some(head), Some(status)) if status.is_empty() => format!("commit {head}"),
        (Some(head), Some(_)) => format!("commit {head} with uncommitted changes"),
        _ => "not a git checkout".to_owned(),
    };
    format!(
        "{cpu}, {cores} cores, {memory}; {rustc}; measurements built in the {profile} profile; \
         load average {load} when started; {commit}.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn no_section_means_the_quick_ones() {
        let options = parse(&[]).unwrap();
        assert!(options.gen && options.lines && options.runtime && !options.compile);
        let options = parse(&["--compile", "--bench"]).unwrap();
        assert!(options.compile && !options.gen);
    }

    #[test]
    fn sizes_and_errors() {
        let options = parse(&["--gen", "--sizes", "10,1_000"]).unwrap();
        assert_eq!(options.sizes, [10, 1000]);
        assert!(parse(&["--sizes", "x"]).is_err());
        assert!(parse(&["--nope"]).is_err());
    }

    #[test]
    fn peers_and_their_options() {
        let options = parse(&["--peers"]).unwrap();
        let peers = options.peers.expect("peers");
        assert!(!options.gen && !options.lines && !options.runtime);
        assert_eq!(peers.tools.len(), 4);
        assert!(peers.install && peers.call && peers.work.ends_with("target/peers"));
        let options = parse(&[
            "--no-install",
            "--peers",
            "--gen",
            "--tools",
            "ordergen,progenitor",
            "--docs",
            "a.json",
            "--samples",
            "2",
            "--timeout",
            "60",
            "--check-only",
        ])
        .unwrap();
        assert!(options.gen);
        let peers = options.peers.expect("peers");
        assert_eq!(
            peers.tools,
            [peers::tools::Tool::Ordergen, peers::tools::Tool::Progenitor]
        );
        assert!(!peers.install);
        assert_eq!(peers.docs, ["a.json"]);
        assert_eq!(peers.samples, 2);
        assert_eq!(peers.timeout.as_secs(), 60);
        assert!(peers.check_only && !peers::PeersOptions::new(PathBuf::new()).check_only);
        assert!(parse(&["--no-install"]).unwrap_err().contains("--peers"));
        assert!(parse(&["--peers", "--tools", "swagger"]).is_err());
        assert!(parse(&["--peers", "--samples"]).is_err());
    }

    #[test]
    fn loops() {
        let options = parse(&["--loop-client", "raw-configured", "500"]).unwrap();
        assert_eq!(
            options.loop_client,
            Some((runtime::Caller::RawConfigured, 500))
        );
        assert!(parse(&["--loop-client", "nobody", "5"]).is_err());
        assert!(parse(&["--loop-client", "raw"]).is_err());
        assert_eq!(
            parse(&["--loop-gen", "10", "2"]).unwrap().loop_gen,
            Some((10, 2))
        );
    }
}
