//! Shared helpers for the integration tests: access to the sample payloads in `specs/fixtures/`.

use std::path::PathBuf;

/// The folder of sample payloads, one subfolder per API.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("specs")
        .join("fixtures")
}

/// The text of `specs/fixtures/<api>/<file>`.
pub fn fixture(api: &str, file: &str) -> String {
    let path = fixtures_dir().join(api).join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", path.display()))
}

/// `specs/fixtures/<api>/<file>` read into the type `T`, from the text as a client
/// would receive it.
pub fn fixture_as<T: serde::de::DeserializeOwned>(api: &str, file: &str) -> T {
    serde_json::from_str(&fixture(api, file))
        .unwrap_or_else(|err| panic!("fixture {api}/{file} does not deserialize: {err}"))
}
