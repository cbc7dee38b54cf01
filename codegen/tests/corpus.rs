//! The real-world corpus: every document in `tests/corpus/` (public API descriptions, see its
//! README) is generated under its own file name, and what that gives (per document: generated
//! or refused with how many errors, the number of types and operations, the warnings grouped by
//! message) must equal the reviewed snapshot `tests/corpus/SUMMARY.md`. A change in what any
//! document generates or warns is a diff to review. Re-bless after an intended change with
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test -p ordergen-codegen --test corpus
//! ```
//!
//! `cargo xtask corpus` also runs `cargo check` on each generated crate and prints the times.

// Shared with `cargo xtask corpus`, which uses parts this test does not (the times).
#[allow(dead_code)]
mod corpus_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use corpus_support::{Document, Generated, Outcome};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn documents() -> Vec<Document> {
    corpus_support::discover(&corpus_dir()).expect("the corpus is readable")
}

/// Generates every document on as many threads as the machine has cores, largest first so one
/// big document does not finish last; the results come back in the documents' order.
fn generate_all(documents: &[Document]) -> Vec<Outcome> {
    let mut order: Vec<usize> = (0..documents.len()).collect();
    let size = |i: &usize| std::fs::metadata(&documents[*i].path).map_or(0, |m| m.len());
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(documents.iter().map(|_| None).collect());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut outcome = corpus_support::generate(&documents[i]);
                    // The summary needs the counts only; the files of a large document are
                    // tens of megabytes.
                    if let Generated::Files { files, .. } = &mut outcome.result {
                        assert!(
                            files.iter().any(|f| f.path.ends_with("mod.rs")),
                            "{} generated no module",
                            documents[i].id
                        );
                        *files = Vec::new();
                    }
                    results.lock().unwrap()[i] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|o| o.expect("every document was generated"))
        .collect()
}

#[test]
fn every_document_generates_as_the_summary_says() {
    let documents = documents();
    let outcomes = generate_all(&documents);
    let results: Vec<(Document, Outcome)> = documents.into_iter().zip(outcomes).collect();
    // A refused document is listed in the snapshot; a panic is never acceptable.
    let panics: Vec<String> = results
        .iter()
        .filter_map(|(document, outcome)| match &outcome.result {
            Generated::Panicked(message) => Some(format!("{}: {message}", document.id)),
            _ => None,
        })
        .collect();
    assert!(panics.is_empty(), "the generator panicked on {panics:#?}");
    let actual = corpus_support::summary(&results);
    let path = corpus_dir().join("SUMMARY.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).expect("SUMMARY.md is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        panic!(
            "what the corpus generates changed (lines only in SUMMARY.md: -, only now: +):\n{}\n\
             If the change is intended, rewrite the snapshot with\n  \
             UPDATE_GOLDEN=1 cargo test -p ordergen-codegen --test corpus\nand review its diff.",
            line_diff(&expected, &actual)
        );
    }
}

/// The lines of `expected` and `actual` that the other lacks, each kept in its order.
fn line_diff(expected: &str, actual: &str) -> String {
    fn counts(text: &str) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for line in text.lines() {
            *counts.entry(line).or_default() += 1;
        }
        counts
    }
    let mut out = String::new();
    for (sign, text, other) in [("-", expected, actual), ("+", actual, expected)] {
        let mut spare = counts(other);
        for line in text.lines() {
            match spare.get_mut(line) {
                Some(n) if *n > 0 => *n -= 1,
                _ => {
                    out.push_str(sign);
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// The corpus keeps what the real-world and versions issues ask for: the 16 shared documents,
/// and more real 3.0, 3.1, Swagger 2.0 and multi-file documents besides.
#[test]
fn the_corpus_holds_every_kind_of_document() {
    let documents = documents();
    let count = |f: &dyn Fn(&Document) -> bool| documents.iter().filter(|d| f(d)).count();
    let shared = |d: &Document| d.id.starts_with("progenitor/") || d.id.starts_with("oai/");
    assert_eq!(count(&shared), 16);
    let single = |d: &Document| !shared(d) && !d.id.starts_with("multi/");
    assert!(count(&|d| single(d) && d.version.starts_with("OpenAPI 3.0")) >= 10);
    assert!(count(&|d| single(d) && d.version.starts_with("OpenAPI 3.1")) >= 5);
    assert!(count(&|d| single(d) && d.version.starts_with("Swagger 2.")) >= 3);
    let roots: Vec<&str> = documents
        .iter()
        .filter(|d| d.id.starts_with("multi/"))
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(
        roots,
        [
            "multi/digitalocean/specification/DigitalOcean-public.v2.yaml",
            "multi/redocly-openapi-starter/openapi/openapi.yaml",
            "multi/sendgrid/oas_v3.json",
        ],
        "the parts of a multi-file spec are not documents of their own"
    );
    assert!(documents
        .iter()
        .all(|d| d.version.starts_with("OpenAPI 3.") || d.version.starts_with("Swagger 2.")));
    // Names are derived as `cargo xtask gen --spec` derives them.
    let github = documents
        .iter()
        .find(|d| d.file_name() == "api.github.com.json")
        .expect("GitHub's document is in the corpus");
    assert_eq!(github.module, "api_github_com");
    assert!(github.is_named("api.github.com.json") && github.is_named("api_github_com"));
}

/// No document without its source and licence: the README names every file.
#[test]
fn every_document_has_its_provenance_in_the_readme() {
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).expect("README.md");
    let missing: Vec<String> = documents()
        .into_iter()
        .filter(|d| !readme.contains(d.file_name()))
        .map(|d| d.id)
        .collect();
    assert!(
        missing.is_empty(),
        "tests/corpus/README.md does not name {missing:?}"
    );
}
