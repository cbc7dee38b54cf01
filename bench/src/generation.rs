//! Generation time, in-process: each stage for the real specs, and the synthetic spec at growing
//! sizes with its peak memory.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::diag::Diagnostics;
use codegen::{GeneratedFile, SpecInput};

use crate::stats::{self, show, show_bytes};
use crate::{alloc, synth};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A spec file of the workspace: module name, display path and text.
pub struct Spec {
    pub module: String,
    pub path: String,
    pub text: String,
}

/// The specs in `specs/`, sorted by name.
pub fn workspace_specs() -> Vec<Spec> {
    let dir = workspace_root().join("specs");
    let mut specs: Vec<Spec> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("reading {}: {err}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let ext = path.extension()?.to_str()?;
            if !matches!(ext, "yaml" | "yml" | "json") {
                return None;
            }
            let module = path.file_stem()?.to_str()?.to_owned();
            let name = path.file_name()?.to_str()?.to_owned();
            let text = std::fs::read_to_string(&path).ok()?;
            Some(Spec {
                module,
                path: format!("specs/{name}"),
                text,
            })
        })
        .collect();
    specs.sort_by(|a, b| a.module.cmp(&b.module));
    specs
}

/// Median time of each stage of generating one spec.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stages {
    /// Text -> the document model, its schemas settled (`codegen::load::load`, then
    /// `codegen::lower::normalize`).
    pub load: Duration,
    /// -> IR (`codegen::lower::lower`).
    pub lower: Duration,
    /// IR -> text: `codegen::emit::emit_api` (tokens formatted by prettyplease, the models of
    /// `types.rs` written as text, model by model on every core).
    pub emit: Duration,
    /// For comparison: all of the output's tokens through `syn::parse2` +
    /// `prettyplease::unparse` (+ dropping the tree) on one core, as `emit` did for every file
    /// before it wrote models as text.
    pub format: Duration,
    /// `codegen::generate`, end to end.
    pub total: Duration,
}

/// Measures each stage of generating `input`, `samples` times each; panics when the spec has
/// errors.
pub fn stages(input: SpecInput<'_>, samples: usize) -> Stages {
    let load = stats::median_time(samples, || {
        let mut diag = Diagnostics::new(input.path, Some(input.text));
        let mut spec = codegen::load::load(input.text, &mut diag);
        if let Some(spec) = &mut spec {
            codegen::lower::normalize(spec, &mut diag);
        }
        (spec, diag.into_items())
    });
    let mut diag = Diagnostics::new(input.path, Some(input.text));
    let mut spec = codegen::load::load(input.text, &mut diag).expect("the spec loads");
    codegen::lower::normalize(&mut spec, &mut diag);
    let lower = stats::median_time(samples, || {
        let mut diag = Diagnostics::new(input.path, Some(input.text));
        let api = codegen::lower::lower(&spec, input.module, input.path, &mut diag);
        (api, diag.into_items())
    });
    let (api, _warnings) = codegen::analyze(input).unwrap_or_else(|diagnostics| {
        let all: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("{} has errors:\n{}", input.path, all.join("\n"))
    });
    // `emit_api` and the replay of its formatting run in pairs, so that the difference (the
    // token building) is taken between runs that saw the same machine state.
    let tokens = tokenize(&codegen::emit::emit_api(&api));
    if samples > 3 {
        std::hint::black_box(codegen::emit::emit_api(&api));
        std::hint::black_box(format_tokens(&tokens));
    }
    let mut formats = Vec::new();
    let mut building = Vec::new();
    for _ in 0..samples.max(1) {
        let (_, emit_api) = stats::seconds(|| codegen::emit::emit_api(&api));
        let (_, format) = stats::seconds(|| format_tokens(&tokens));
        formats.push(format);
        building.push(emit_api);
    }
    let total = stats::median_time(samples, || codegen::generate(input));
    Stages {
        load,
        lower,
        emit: Duration::from_secs_f64(stats::median(&mut building)),
        format: Duration::from_secs_f64(stats::median(&mut formats)),
        total,
    }
}

/// The generated files read back as token streams (as `emit` holds them before formatting).
pub fn tokenize(files: &[GeneratedFile]) -> Vec<proc_macro2::TokenStream> {
    files
        .iter()
        .map(|file| {
            file.contents
                .parse()
                .unwrap_or_else(|err| panic!("{} does not tokenize: {err}", file.path))
        })
        .collect()
}

/// What `emit::file` does with each file's tokens: `syn::parse2` of a clone, then
/// `prettyplease::unparse`, then the syntax tree is dropped.
pub fn format_tokens(tokens: &[proc_macro2::TokenStream]) -> Vec<String> {
    tokens
        .iter()
        .map(|tokens| {
            let file: syn::File = syn::parse2(tokens.clone()).expect("generated code parses");
            prettyplease::unparse(&file)
        })
        .collect()
}

/// The per-stage table of the real specs, and the three together.
pub fn real_specs_report(samples: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| spec | load | lower | emit (`emit_api`) | all of it through prettyplease, one core | total (`generate`) |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    let mut sum = Stages::default();
    for spec in workspace_specs() {
        let input = SpecInput {
            path: &spec.path,
            module: &spec.module,
            text: &spec.text,
        };
        let s = stages(input, samples);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            spec.module,
            show(s.load),
            show(s.lower),
            show(s.emit),
            show(s.format),
            show(s.total)
        );
        sum.load += s.load;
        sum.lower += s.lower;
        sum.emit += s.emit;
        sum.format += s.format;
        sum.total += s.total;
    }
    let share = |d: Duration| 100.0 * d.as_secs_f64() / sum.total.as_secs_f64();
    let _ = writeln!(
        out,
        "| **all three** | {} ({:.0} %) | {} ({:.0} %) | {} ({:.0} %) | {} ({:.0} %) | **{}** |",
        show(sum.load),
        share(sum.load),
        show(sum.lower),
        share(sum.lower),
        show(sum.emit),
        share(sum.emit),
        show(sum.format),
        share(sum.format),
        show(sum.total)
    );
    out
}

/// One size of the synthetic spec.
#[derive(Debug, Clone)]
pub struct Scale {
    pub schemas: usize,
    pub operations: usize,
    pub spec_bytes: usize,
    pub output_lines: usize,
    pub stages: Stages,
    /// Peak memory of `generate`, end to end.
    pub peak: Option<usize>,
    /// Peak memory of load, lower and `emit_api`, each on its own.
    pub stage_peaks: [Option<usize>; 3],
}

/// Generates the synthetic spec at `schemas`, timing it `samples` times and measuring its peak
/// memory once.
pub fn scale(schemas: usize, samples: usize) -> Scale {
    let text = synth::spec(schemas);
    let input = SpecInput {
        path: "synthetic.yaml",
        module: "synthetic",
        text: &text,
    };
    let (output, peak) = alloc::track(|| codegen::generate(input));
    let output = output.unwrap_or_else(|diagnostics| {
        let all: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("the synthetic spec has errors:\n{}", all.join("\n"))
    });
    let output_lines = output
        .files
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    drop(output);
    let (spec, load_peak) = alloc::track(|| {
        let mut diag = Diagnostics::new(input.path, Some(input.text));
        let mut spec = codegen::load::load(input.text, &mut diag);
        if let Some(spec) = &mut spec {
            codegen::lower::normalize(spec, &mut diag);
        }
        spec
    });
    let spec = spec.expect("the synthetic spec loads");
    let (api, lower_peak) = alloc::track(|| {
        let mut diag = Diagnostics::new(input.path, Some(input.text));
        codegen::lower::lower(&spec, input.module, input.path, &mut diag)
    });
    drop(spec);
    let (files, emit_peak) = alloc::track(|| codegen::emit::emit_api(&api));
    drop((api, files));
    Scale {
        schemas,
        operations: synth::operation_count(schemas),
        spec_bytes: text.len(),
        output_lines,
        stages: stages(input, samples),
        peak,
        stage_peaks: [load_peak, lower_peak, emit_peak],
    }
}

/// The scaling table: time, time per schema, peak memory, and each stage's time per schema.
pub fn scaling_report(sizes: &[usize]) -> (String, Vec<Scale>) {
    let mut rows = Vec::new();
    for &size in sizes {
        let samples = match size {
            0..=100 => 30,
            101..=1000 => 7,
            _ => 3,
        };
        rows.push(scale(size, samples));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| schemas | operations | spec | output lines | time (`generate`) | time per schema | peak memory | peak per schema |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in &rows {
        let per = row.stages.total / row.schemas as u32;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.schemas,
            row.operations,
            show_bytes(row.spec_bytes),
            row.output_lines,
            show(row.stages.total),
            show(per),
            row.peak.map(show_bytes).unwrap_or_else(|| "-".into()),
            row.peak
                .map(|p| show_bytes(p / row.schemas))
                .unwrap_or_else(|| "-".into()),
        );
    }
    let _ = writeln!(
        out,
        "\nPer schema, by stage (time; peak memory of the stage run on its own):\n\n\
         | schemas | load | lower | emit (`emit_api`) | all of it through prettyplease, one core | peak: load | peak: lower | peak: `emit_api` |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in &rows {
        let n = row.schemas as u32;
        let peak = |p: Option<usize>| {
            p.map(|p| show_bytes(p / row.schemas))
                .unwrap_or_else(|| "-".into())
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.schemas,
            show(row.stages.load / n),
            show(row.stages.lower / n),
            show(row.stages.emit / n),
            show(row.stages.format / n),
            peak(row.stage_peaks[0]),
            peak(row.stage_peaks[1]),
            peak(row.stage_peaks[2]),
        );
    }
    if let (Some(first), Some(last)) = (rows.iter().find(|r| r.schemas >= 100), rows.last()) {
        let per = |r: &Scale| r.stages.total.as_secs_f64() / r.schemas as f64;
        let _ = writeln!(
            out,
            "\nTime per schema at {} schemas is {:.2}x that at {}.",
            last.schemas,
            per(last) / per(first),
            first.schemas
        );
    }
    (out, rows)
}

/// `cargo xtask gen --check` as a user runs it (the dev-profile `xtask` binary, built first and
/// not timed), wall time per run: the generator's own time plus reading and comparing files.
pub fn xtask_report(samples: usize) -> String {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(&cargo)
        .args(["build", "--quiet", "-p", "xtask", "--message-format=json"])
        .current_dir(&root)
        .output();
    let executable = built.ok().and_then(|output| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|msg| msg["target"]["name"] == "xtask")
            .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
    });
    let Some(executable) = executable else {
        return "The dev-profile `xtask` binary could not be built; not measured.\n".into();
    };
    let mut times = Vec::new();
    let mut status = None;
    for _ in 0..samples.max(1) + 1 {
        let start = Instant::now();
        let result = Command::new(&executable)
            .args(["gen", "--check"])
            .current_dir(&root)
            .output();
        times.push(start.elapsed().as_secs_f64());
        status = result.ok().map(|o| o.status);
    }
    times.remove(0); // the first run warms the file cache
    let median = Duration::from_secs_f64(stats::median(&mut times));
    let status = match status {
        Some(s) if s.success() => "exit 0, generated/ is fresh".to_owned(),
        Some(s) => format!("{s}: generated/ differs from the specs"),
        None => "did not run".to_owned(),
    };
    format!(
        "`cargo xtask gen --check` (dev profile, already built; {status}): **{}** wall time per run, median of {}.\n",
        show(median),
        samples.max(1)
    )
}

/// Where `emit_api`'s time goes, part by part, for the synthetic spec at `schemas`: building the
/// token streams, then what `emit::file` does with each file's tokens (clone them, `syn::parse2`,
/// `prettyplease::unparse`, drop the syntax tree and the tokens). The parts after the first are
/// replayed on the same files' tokens; building is `emit_api` less them.
pub fn emit_breakdown_report(schemas: usize, samples: usize) -> String {
    let text = synth::spec(schemas);
    let input = SpecInput {
        path: "synthetic.yaml",
        module: "synthetic",
        text: &text,
    };
    let (api, _) =
        codegen::analyze(input).unwrap_or_else(|_| panic!("the synthetic spec has errors"));
    let files = codegen::emit::emit_api(&api);
    let tokens = tokenize(&files);
    let texts: Vec<&str> = files.iter().map(|f| f.contents.as_str()).collect();
    // Each sample runs `emit_api` and then replays its formatting part by part, so that the
    // difference (building the tokens) is taken between runs that saw the same machine state.
    let mut parts: [Vec<f64>; 6] = Default::default();
    for sample in 0..samples.max(1) + 1 {
        let (_, emit_api) = stats::seconds(|| codegen::emit::emit_api(&api));
        let mut sums = [0.0; 4];
        for (tokens, text) in tokens.iter().zip(&texts) {
            // A stream no one else holds: parse2 can take its tokens without copying them.
            let unique: proc_macro2::TokenStream = text.parse().expect("tokenizes");
            let (file, t_unique) =
                stats::seconds(|| syn::parse2::<syn::File>(unique).expect("parses"));
            drop(file);
            // As `emit::file` does it: a clone of a stream that is still held elsewhere.
            let shared = tokens.clone();
            let (file, t_shared) =
                stats::seconds(|| syn::parse2::<syn::File>(shared).expect("parses"));
            let (printed, t_print) = stats::seconds(|| prettyplease::unparse(&file));
            let ((), t_drop_tree) = stats::seconds(|| drop(file));
            drop(printed);
            for (sum, t) in sums
                .iter_mut()
                .zip([t_shared, t_unique, t_print, t_drop_tree])
            {
                *sum += t;
            }
        }
        if sample == 0 {
            continue; // warm-up
        }
        let [shared, unique, print, drop_tree] = sums;
        for (part, value) in parts.iter_mut().zip([
            emit_api,
            emit_api - shared - print - drop_tree,
            shared,
            shared - unique,
            print,
            drop_tree,
        ]) {
            part.push(value);
        }
    }
    let [total, _building, shared, extra, print, drop_tree] =
        parts.map(|mut p| stats::median(&mut p));
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "`emit_api` on the synthetic spec at {schemas} schemas ({lines} lines out): {} in all \
         (median of {}). For comparison, the parts of formatting all of its output's tokens \
         with syn and prettyplease on one core, as `emit_api` did before it wrote the models \
         as text (each part the median of its own).\n\n\
         | part | time | share |\n| --- | ---: | ---: |",
        show(Duration::from_secs_f64(total)),
        samples.max(1)
    );
    let rows = [
        (
            "`syn::parse2::<syn::File>(tokens.clone())` in `emit::file`",
            shared,
        ),
        (
            "&nbsp;&nbsp;of which the extra for parsing a clone instead of an unshared stream",
            extra,
        ),
        ("`prettyplease::unparse`", print),
        ("drop the `syn::File`", drop_tree),
    ];
    for (name, secs) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {:.0} % |",
            show(Duration::from_secs_f64(secs.max(0.0))),
            100.0 * secs.max(0.0) / total
        );
    }
    out
}
