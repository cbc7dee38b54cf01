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

/// `specs/fixtures/<api>/<file>` as a JSON value, exactly as written there.
#[allow(dead_code)] // not every test crate that includes this module uses it
pub fn fixture_json(api: &str, file: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(api, file))
        .unwrap_or_else(|err| panic!("fixture {api}/{file} is not JSON: {err}"))
}

/// A compilator order as `GET api/orders/1/75` returns it (`compilator/order_head_response.json`):
/// the fields only a read order has (id, status ids and their names, carrier, waybill), with
/// .NET's `null` for unset values, then the order of `compilator/order_head_request.json`.
#[allow(dead_code)] // not every test crate that includes this module uses it
pub fn compilator_order_response() -> serde_json::Value {
    fixture_json("compilator", "order_head_response.json")
}
