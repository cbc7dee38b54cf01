//! Client calls on a loopback server, each tool's generated client against raw `reqwest` in
//! the same process: `GET /pets/{petId}` (`showPetById`) of the OpenAPI petstore, answered with
//! one pet, and `GET /ping` of progenitor's keeper (a header parameter, a `201` answer), which
//! every tool generates. For each tool whose crate of the document passes `cargo check`, a small
//! program is written next to it that depends on it, reuses this crate's loopback server and
//! ratio measurement (`loopback.rs` and `stats.rs`, included by path), and prints the ratio; it
//! is built in the tool's own target directory.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::process::{self, Job};
use super::tools::Tool;
use super::{PeersOptions, Results};
use crate::generation::workspace_root;

/// An operation called on the loopback server.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Call {
    /// The document (staged name).
    pub document: &'static str,
    /// The operation, as the table names it.
    pub operation: &'static str,
    /// The path requested with `GET`.
    pub path: &'static str,
    /// The status and JSON body the server answers with.
    pub status: u16,
    pub answer: &'static str,
    /// A header parameter of the operation, sent by the client and by raw `reqwest`.
    pub header: Option<(&'static str, &'static str)>,
    /// A value of the answer that the decoded value's `Debug` shows.
    pub shows: &'static str,
}

/// `showPetById` of the OpenAPI petstore.
pub const PETSTORE: Call = Call {
    document: "v3_0_petstore",
    operation: "showPetById",
    path: "/pets/1",
    status: 200,
    answer: r#"{"id":1,"name":"Rex","tag":"dog"}"#,
    header: None,
    shows: "Rex",
};

/// `ping` of progenitor's keeper: a required `Authorization` header parameter, answered `201`.
pub const KEEPER: Call = Call {
    document: "keeper",
    operation: "ping",
    path: "/ping",
    status: 201,
    answer: r#"{"host":"cron-1","ok":true}"#,
    header: Some(("Authorization", "Bearer token")),
    shows: "cron-1",
};

/// The calls measured.
pub const CALLS: [Call; 2] = [PETSTORE, KEEPER];

/// One tool's call.
#[derive(Debug, Clone)]
pub struct CallRow {
    pub call: Call,
    pub tool: Tool,
    pub result: Result<Measured, String>,
}

/// A ratio, as the program printed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub ratio: f64,
    pub spread: (f64, f64),
    /// Median nanoseconds per call: the tool's client, raw `reqwest`.
    pub client_ns: f64,
    pub raw_ns: f64,
}

/// How one tool's client makes the call: statements that set it up (with `base`, the server's
/// URL, in scope), an expression that makes the call in an `async` block and gives the decoded
/// answer, and the answer's type (raw `reqwest` decodes into the same type).
struct Calling {
    setup: String,
    call: String,
    answer: String,
}

fn calling(tool: Tool, krate: &str, call: &Call) -> Calling {
    let header = call.header.map_or("", |(_, value)| value);
    let keeper = call.document == KEEPER.document;
    let (setup, call, answer) = match (tool, keeper) {
        (Tool::Ordergen, false) => (
            format!("let client = {krate}::{krate}::Client::new(&base).expect(\"client\");"),
            "client.show_pet_by_id(\"1\").await.expect(\"call\").body".to_owned(),
            format!("{krate}::{krate}::types::Pet"),
        ),
        (Tool::Ordergen, true) => (
            format!(
                "let client = {krate}::{krate}::Client::new(&base).expect(\"client\");\n    \
                 let params = {krate}::{krate}::PingParams {{ authorization: {header:?}.to_owned() }};"
            ),
            "client.ping(&params).await.expect(\"call\").body".to_owned(),
            format!("{krate}::{krate}::types::PingResult"),
        ),
        (Tool::Progenitor, false) => (
            format!("let client = {krate}::Client::new(&base);"),
            "client.show_pet_by_id(\"1\").await.expect(\"call\").into_inner()".to_owned(),
            format!("{krate}::types::Pet"),
        ),
        (Tool::Progenitor, true) => (
            format!("let client = {krate}::Client::new(&base);"),
            format!("client.ping({header:?}).await.expect(\"call\").into_inner()"),
            format!("{krate}::types::PingResult"),
        ),
        (Tool::OpenapiToRust, keeper) => (
            format!(
                "let client = {krate}::generated::client::HttpClient::new().with_base_url(base.clone());"
            ),
            if keeper {
                format!("client.ping({header:?}).await.expect(\"call\")")
            } else {
                "client.show_pet_by_id(\"1\").await.expect(\"call\")".to_owned()
            },
            if keeper {
                format!("{krate}::generated::types::PingResponse201")
            } else {
                format!("{krate}::generated::types::Pet")
            },
        ),
        (Tool::OpenapiGenerator, keeper) => (
            format!(
                "let config = {krate}::apis::configuration::Configuration {{ base_path: base.clone(), ..Default::default() }};"
            ),
            if keeper {
                format!("{krate}::apis::default_api::ping(&config, {header:?}).await.expect(\"call\")")
            } else {
                format!("{krate}::apis::pets_api::show_pet_by_id(&config, \"1\").await.expect(\"call\")")
            },
            if keeper {
                format!("{krate}::models::PingResult")
            } else {
                format!("{krate}::models::Pet")
            },
        ),
    };
    Calling {
        setup,
        call,
        answer,
    }
}

/// The program's `main.rs`.
pub fn program(tool: Tool, krate: &str, call: &Call) -> String {
    let bench = workspace_root().join("bench").join("src");
    let Calling {
        setup,
        call: expression,
        answer,
    } = calling(tool, krate, call);
    let header = match call.header {
        Some((name, value)) => format!("\n        .header({name:?}, {value:?})"),
        None => String::new(),
    };
    format!(
        r####"//! {tool}'s client against raw `reqwest`: `GET {path}` on a loopback server.
#![allow(dead_code)]

#[path = "{loopback}"]
mod loopback;
#[path = "{stats}"]
mod stats;

use std::hint::black_box;

fn main() {{
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let (rounds, batch) = (args[0], args[1]);
    let bound = 2 * (rounds + 2) * batch + 16;
    let server = loopback::Server::start_with_status(
        vec![("GET {path}".to_owned(), {status}, br#"{answer_json}"#.to_vec())],
        bound,
    );
    let base = server.base_url.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    {setup}
    let raw = reqwest::Client::new();
    let by_client: {answer} = runtime.block_on(async {{ {expression} }});
    let by_raw: {answer} = runtime.block_on(raw_call(&raw, &base));
    let shown = format!("{{by_client:?}}");
    assert!(shown.contains({marker:?}), "the client decoded {{shown}}");
    assert_eq!(shown, format!("{{by_raw:?}}"));
    let ratio = stats::ratio(
        rounds,
        batch,
        || {{
            black_box(runtime.block_on(async {{ {expression} }}));
        }},
        || {{
            black_box(runtime.block_on(raw_call(&raw, &base)));
        }},
    );
    println!(
        "{{}} {{}} {{}} {{}} {{}}",
        ratio.ratio,
        ratio.spread.0,
        ratio.spread.1,
        ratio.subject.as_nanos(),
        ratio.baseline.as_nanos()
    );
    server.stop();
}}

/// The hand-written call: send, check the status, read the body, decode it.
async fn raw_call(client: &reqwest::Client, base: &str) -> {answer} {{
    let response = client
        .get(format!("{{base}}{path}")){header}
        .send()
        .await
        .expect("raw call");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("decodes")
}}
"####,
        tool = tool.name(),
        path = call.path,
        status = call.status,
        loopback = bench.join("loopback.rs").display(),
        stats = bench.join("stats.rs").display(),
        answer_json = call.answer,
        marker = call.shows,
    )
}

/// The `reqwest` requirement the client is built with: in the crate's manifest, or in that of
/// a runtime crate it depends on by path (or of that crate's workspace, when it inherits it).
pub fn reqwest_requirement(krate_dir: &Path) -> Result<String, String> {
    let generated = std::fs::read_to_string(krate_dir.join("Cargo.toml"))
        .map_err(|err| format!("reading the crate's manifest: {err}"))?;
    let mut manifests = vec![generated.clone()];
    for path in generated.lines().filter_map(|l| {
        let rest = &l[l.find("path = \"")? + "path = \"".len()..];
        Some(PathBuf::from(&rest[..rest.find('"')?]))
    }) {
        let path = if path.is_absolute() {
            path
        } else {
            krate_dir.join(path)
        };
        for manifest in [path.join("Cargo.toml"), path.join("..").join("Cargo.toml")] {
            manifests.extend(std::fs::read_to_string(manifest).ok());
        }
    }
    manifests
        .iter()
        .flat_map(|m| m.lines())
        .find(|l| {
            let l = l.trim_start();
            l.starts_with("reqwest") && !l.starts_with("reqwest.") && l.contains('"')
        })
        .map(str::to_owned)
        .ok_or_else(|| "neither the generated crate nor its runtime depends on reqwest".to_owned())
}

/// The program's manifest: the generated crate, and the `reqwest` it is built with.
pub fn manifest(krate_dir: &Path, package: &str) -> Result<String, String> {
    let reqwest = reqwest_requirement(krate_dir)?;
    Ok(format!(
        "[package]\nname = \"peer-call\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{package} = {{ path = \"{}\" }}\n{reqwest}\n\
         serde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"rt\", \"net\", \"io-util\", \"macros\", \"sync\", \"time\"] }}\n\n\
         [workspace]\n",
        krate_dir.display()
    ))
}

/// Parses the program's output line.
pub fn parse_output(stdout: &str) -> Result<Measured, String> {
    let numbers: Vec<f64> = stdout
        .split_whitespace()
        .map(|n| n.parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("unexpected output `{}`", stdout.trim()))?;
    match numbers[..] {
        [ratio, low, high, client_ns, raw_ns] => Ok(Measured {
            ratio,
            spread: (low, high),
            client_ns,
            raw_ns,
        }),
        _ => Err(format!("unexpected output `{}`", stdout.trim())),
    }
}

/// Rounds and calls per round: 31 × 100, like the client table of `--runtime`.
const ROUNDS: usize = 31;
const BATCH: usize = 100;

fn one(
    options: &PeersOptions,
    call: &Call,
    tool: Tool,
    krate: &Path,
    package: &str,
) -> Result<Measured, String> {
    let dir = options
        .work
        .join("call")
        .join(tool.name())
        .join(call.document);
    std::fs::create_dir_all(dir.join("src"))
        .map_err(|err| format!("creating {}: {err}", dir.display()))?;
    std::fs::write(dir.join("Cargo.toml"), manifest(krate, package)?)
        .map_err(|err| format!("writing the manifest: {err}"))?;
    let krate_name = package.replace('-', "_");
    std::fs::write(
        dir.join("src").join("main.rs"),
        program(tool, &krate_name, call),
    )
    .map_err(|err| format!("writing main.rs: {err}"))?;
    let target = options.work.join("cargo").join(tool.name());
    let logs = options
        .work
        .join("logs")
        .join(tool.name())
        .join(format!("call-{}", call.document));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut args = vec!["build", "--quiet", "--target-dir"];
    let target_str = target.to_string_lossy().into_owned();
    args.push(&target_str);
    if options.call_release {
        args.push("--release");
    }
    let built = process::run(
        &Job::new(cargo, &args, &dir),
        options.timeout,
        false,
        &logs,
        "build",
    );
    if !built.outcome.is_success() {
        let (_, _, first) = super::cargo::diagnostics(&built.stderr);
        return Err(format!(
            "the calling program does not build: {}",
            first.or(built.outcome.message()).unwrap_or_default()
        ));
    }
    let profile = if options.call_release {
        "release"
    } else {
        "debug"
    };
    let binary: PathBuf = target.join(profile).join("peer-call");
    let (rounds, batch) = if options.call_release {
        (ROUNDS, BATCH)
    } else {
        (3, 2)
    };
    let run = process::run(
        &Job::new(binary, &[&rounds.to_string(), &batch.to_string()], &dir),
        options.timeout,
        false,
        &logs,
        "run",
    );
    if !run.outcome.is_success() {
        return Err(format!(
            "the call failed: {}",
            run.outcome.message().unwrap_or_default()
        ));
    }
    parse_output(&run.stdout)
}

/// Every call, for every tool whose crate of the call's document passes `cargo check`.
pub fn measure(options: &PeersOptions, results: &Results) -> Vec<CallRow> {
    let mut rows = Vec::new();
    for call in CALLS {
        let document = call.document;
        for tool in results.available() {
            let result = match results.cell(document, tool) {
                None => Err(format!("{document} is not among the documents")),
                Some(cell) if !cell.outcome.is_success() => Err(format!(
                    "it does not generate {document} ({})",
                    cell.outcome.word()
                )),
                Some(cell) if !cell.checks() => {
                    Err(format!("its {document} crate does not pass `cargo check`"))
                }
                Some(cell) => match &cell.krate {
                    Some((dir, package)) => {
                        eprintln!("client call {} with {}...", call.operation, tool.name());
                        one(options, &call, tool, dir, package)
                    }
                    None => Err("no crate".into()),
                },
            };
            rows.push(CallRow { call, tool, result });
        }
    }
    rows
}

/// The client-call table.
pub fn table(results: &Results) -> String {
    let mut out = String::from(
        "Each tool's client against raw `reqwest` (send, check the status, read, decode into the \
         same generated type) in the same process, interleaved: median of 31 rounds of 100 \
         calls. The loopback server answers `showPetById` (`GET /pets/{petId}`) of \
         `v3_0_petstore` with one pet (`200`), and `ping` (`GET /ping`, an `Authorization` \
         header parameter) of `keeper` with `{\"host\":\"cron-1\",\"ok\":true}` (`201`).\n\n\
         | operation | tool | ratio (IQR) | client | raw `reqwest` |\n| --- | --- | ---: | ---: | ---: |\n",
    );
    if results.calls.is_empty() {
        out.push_str("| - | - | not measured | | |\n");
    }
    for row in &results.calls {
        let operation = format!("{} ({})", row.call.operation, row.call.document);
        match &row.result {
            Ok(m) => {
                let _ = writeln!(
                    out,
                    "| {operation} | {} | **{:.3}** ({:.3}–{:.3}) | {:.1} µs | {:.1} µs |",
                    row.tool.name(),
                    m.ratio,
                    m.spread.0,
                    m.spread.1,
                    m.client_ns / 1e3,
                    m.raw_ns / 1e3
                );
            }
            Err(err) => {
                let _ = writeln!(
                    out,
                    "| {operation} | {} | not measured: {} | | |",
                    row.tool.name(),
                    process::shorten(err)
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_prints_what_is_parsed() {
        let m = parse_output("1.02 0.99 1.05 41000 40000\n").unwrap();
        assert_eq!(m.ratio, 1.02);
        assert_eq!(m.spread, (0.99, 1.05));
        assert!(parse_output("1 2 3").is_err());
        assert!(parse_output("thread panicked").is_err());
    }

    #[test]
    fn reqwest_is_found_in_the_crate_or_its_runtime() {
        let dir = std::env::temp_dir().join(format!("ordergen-peers-call-{}", std::process::id()));
        let krate = dir.join("pets");
        let runtime = dir.join("ws").join("runtime");
        std::fs::create_dir_all(&krate).unwrap();
        std::fs::create_dir_all(&runtime).unwrap();
        std::fs::write(
            krate.join("Cargo.toml"),
            format!(
                "[dependencies]\nrt = {{ path = \"{}\" }}\nserde = \"1\"\n",
                runtime.display()
            ),
        )
        .unwrap();
        std::fs::write(
            runtime.join("Cargo.toml"),
            "[dependencies]\nreqwest.workspace = true\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("ws").join("Cargo.toml"),
            "[workspace.dependencies]\nreqwest = { version = \"0.12\" }\n",
        )
        .unwrap();
        assert_eq!(
            reqwest_requirement(&krate).unwrap(),
            "reqwest = { version = \"0.12\" }"
        );
        std::fs::write(
            krate.join("Cargo.toml"),
            "[dependencies]\nreqwest = \"0.13\"\n",
        )
        .unwrap();
        assert_eq!(reqwest_requirement(&krate).unwrap(), "reqwest = \"0.13\"");
        std::fs::write(krate.join("Cargo.toml"), "[dependencies]\nserde = \"1\"\n").unwrap();
        assert!(reqwest_requirement(&krate).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_tool_gets_a_program() {
        for tool in super::super::tools::ALL {
            let main = program(tool, "pets", &PETSTORE);
            assert!(main.contains("mod loopback;") && main.contains("stats::ratio("));
            assert!(main.contains("show_pet_by_id"), "{}", tool.name());
            assert!(main.contains("\"GET /pets/1\".to_owned(), 200,"));
            assert!(workspace_root().join("bench/src/loopback.rs").is_file());
            let main = program(tool, "keeper", &KEEPER);
            assert!(main.contains("ping("), "{}", tool.name());
            assert!(main.contains("\"Bearer token\""), "{}", tool.name());
            assert!(main.contains(".header(\"Authorization\", \"Bearer token\")"));
            assert!(main.contains("\"GET /ping\".to_owned(), 201,"));
        }
    }
}
