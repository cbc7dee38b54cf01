//! The side-by-side harness (`--peers`) on four small documents, with no peer installed: the
//! peers show as not installed, ordergen's crates are generated (one from Swagger 2.0),
//! counted, checked, timed and called (the petstore's and keeper's operations), and its
//! refusal of OpenAPI 3.2 is reported with its message.

use std::path::Path;
use std::time::Duration;

use ordergen_bench::peers::process::Outcome;
use ordergen_bench::peers::tools::{Tool, ALL};
use ordergen_bench::peers::{self, PeersOptions};

#[test]
fn the_harness_measures_ordergen_and_reports_missing_peers() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("peers-harness");
    // Output and logs of an earlier run must not count; the cargo target directory may stay.
    let _ = std::fs::remove_dir_all(work.join("out"));
    let _ = std::fs::remove_dir_all(work.join("logs"));
    let _ = std::fs::remove_dir_all(work.join("tools"));
    let mut options = PeersOptions::new(work.clone());
    options.corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers-corpus");
    options.install = false;
    options.samples = 2;
    options.compile_samples = 1;
    options.call_release = false;
    options.timeout = Duration::from_secs(900);

    let results = peers::measure(&options).expect("measured");
    let names: Vec<&str> = results.docs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "keeper",
            "v2_0_petstore_expanded",
            "v3_0_petstore",
            "v3_2_unsupported"
        ]
    );
    assert_eq!(
        (results.docs[2].schemas, results.docs[2].operations),
        (3, 3)
    );
    assert_eq!(
        (results.docs[1].schemas, results.docs[1].operations),
        (3, 4)
    );
    assert_eq!(results.tools.len(), ALL.len());
    for located in &results.tools {
        match (&located.result, located.tool) {
            (Ok(_), Tool::Ordergen) => {}
            (Err(err), Tool::Ordergen) => panic!("ordergen: {err}"),
            // A peer someone put on PATH is measured; otherwise it is reported missing.
            (Err(err), _) => assert!(err.starts_with("not installed"), "{err}"),
            (Ok(_), _) => {}
        }
    }

    let made = results
        .cell("v3_0_petstore", Tool::Ordergen)
        .expect("ordergen ran on the petstore");
    assert_eq!(made.outcome, Outcome::Success);
    assert!(made.seconds > 0.0);
    // Runs are repeated beyond the 2 samples asked for, up to 20, until they add up to half a
    // second: only a median of two runs (their mean) of a quarter second or more stops at 2.
    let runs = generation_runs(&work, "v3_0_petstore");
    assert!(
        (2..=20).contains(&runs) && (runs > 2 || made.seconds >= 0.25),
        "{runs} runs of {} s",
        made.seconds
    );
    assert_eq!(made.peak_rss.is_some(), results.memory);
    let lines = made.lines.expect("lines counted");
    // The runtime is a crate of its own, a dependency: none of it is in the generated crate.
    assert!(lines.runtime_code == 0 && lines.code > 0 && lines.comments > 0);
    let (dir, package) = made.krate.as_ref().expect("a crate");
    assert_eq!(package, "v3_0_petstore");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("ordergen-runtime"), "{manifest}");
    let verdict = made.cargo.as_ref().expect("checked");
    assert!(verdict.passes, "{verdict:?}");
    assert_eq!(verdict.warnings, 0);
    assert!(verdict.check.unwrap() > 0.0 && verdict.build.unwrap() > 0.0);

    let converted = results
        .cell("v2_0_petstore_expanded", Tool::Ordergen)
        .expect("ordergen ran on Swagger 2.0");
    assert_eq!(converted.outcome, Outcome::Success);
    let verdict = converted.cargo.as_ref().expect("checked");
    assert!(verdict.passes, "{verdict:?}");
    assert_eq!(verdict.warnings, 0);

    let refused = results
        .cell("v3_2_unsupported", Tool::Ordergen)
        .expect("ordergen ran on OpenAPI 3.2");
    match &refused.outcome {
        Outcome::Error(message) => assert!(message.contains("3.2.0"), "{message}"),
        other => panic!("expected an error, got {other:?}"),
    }
    assert!(refused.lines.is_none() && refused.cargo.is_none());
    // A failure is not repeated.
    assert_eq!(generation_runs(&work, "v3_2_unsupported"), 1);

    // Both calls: the petstore's, and keeper's with a header parameter and a `201` answer.
    for document in ["v3_0_petstore", "keeper"] {
        let call = results
            .calls
            .iter()
            .find(|c| c.tool == Tool::Ordergen && c.call.document == document)
            .expect("ordergen's call");
        let measured = call.result.as_ref().expect("the call works");
        assert!(measured.ratio > 0.0 && measured.client_ns > 0.0 && measured.raw_ns > 0.0);
    }

    let report = peers::report::markdown(&results);
    for expected in [
        "| v3_0_petstore |",
        "| v3_2_unsupported | ordergen | generate (error) |",
        "3.2.0 is not supported",
        "| v2_0_petstore_expanded | ordergen | passes |",
        "| v3_0_petstore | ordergen | passes |",
        "| showPetById (v3_0_petstore) | ordergen | **",
        "| ping (keeper) | ordergen | **",
    ] {
        assert!(report.contains(expected), "no `{expected}` in\n{report}");
    }
    for located in results.tools.iter().filter(|l| l.result.is_err()) {
        let row = format!("| {} | - | not installed", located.tool.name());
        assert!(report.contains(&row), "no `{row}` in\n{report}");
    }
}

/// How many times ordergen was run on `document`: each run leaves its output in the logs.
fn generation_runs(work: &Path, document: &str) -> usize {
    let logs = work.join("logs/ordergen").join(document);
    std::fs::read_dir(&logs)
        .unwrap_or_else(|err| panic!("{}: {err}", logs.display()))
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with("gen-") && name.ends_with(".stdout")
        })
        .count()
}
