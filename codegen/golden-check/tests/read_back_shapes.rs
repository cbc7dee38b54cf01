//! The read-modify-write conversion (fixture `rmw_probe`): property types of every kind, aliases
//! of both types, and a default on the response side.

use golden_check::rmw_probe::types::{Kinds, KindsUpdate, Profile, ProfileUpdate};
use golden_check::rmw_probe::Client;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn kinds() -> Value {
    json!({
        "level": 2, "color": "purple", "day": "2026-01-02", "moment": "2026-01-02T03:04:05+01:00",
        "uuid": "a90dc33d-35fb-428a-b4c8-ce9b1ccd846d", "money": 9.99, "count": 7, "flag": true,
        "ratio": 0.5, "local": "21.01.2026", "address": {"street": "High St", "extra": 1},
        "maybe_level": 9, "null_count": null, "old": "o", "fooBar": "fb", "foo_bar": 3,
        "any": {"x": [1]}, "scores": {"a": 1}, "holes": ["a", null]
    })
}

/// Every kind of property (Copy or not, open enums with unknown values, vendor dates, nested
/// shared types, fields whose Rust names differ between the two types) is carried unchanged.
#[test]
fn every_kind_of_property_is_carried() {
    let read: Kinds = serde_json::from_value(kinds()).unwrap();
    let update = KindsUpdate::try_from(&read).unwrap();
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        serde_json::to_value(&read).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&update).unwrap()["fooBar"],
        json!("fb")
    );
    assert_eq!(serde_json::to_value(&update).unwrap()["foo_bar"], json!(3));
}

/// The GET returns an alias of `Kinds` and the PUT sends an alias of `KindsUpdate`. (Values
/// the enums do not list are carried by the conversion but refused when sent: known ones here.)
#[tokio::test]
async fn aliases_of_both_types_convert() {
    let mut kinds = kinds();
    kinds["color"] = json!("red");
    kinds["maybe_level"] = json!(3);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/kinds/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&kinds))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/kinds/1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).unwrap();
    let read = client.get_kinds(1).await.unwrap().into_body();
    let update = KindsUpdate::try_from(&read).unwrap();
    client.put_kinds(1, &update).await.unwrap();
    let sent: Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    assert_eq!(sent, kinds);
}

/// A property the response schema gives a default is filled with it when the server leaves it
/// out, and the request then sends that value (as the impl's docs say).
#[test]
fn a_default_filled_in_when_read_is_sent() {
    let read: Profile = serde_json::from_value(json!({"name": "n"})).unwrap();
    let update = ProfileUpdate::try_from(&read).unwrap();
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"name": "n", "status": "active"})
    );
}

/// A request property named `current` (fixture `rmw_current_field`) is converted like any
/// other: the value read is not hidden by it.
#[test]
fn a_property_named_current_is_converted() {
    use golden_check::rmw_current_field::types::{Doc, DocUpdate};
    let read: Doc = serde_json::from_value(json!({"name": "n", "current": "c"})).unwrap();
    let update = DocUpdate::try_from(&read).unwrap();
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"name": "n", "current": "c"})
    );
    let read: Doc = serde_json::from_value(json!({"name": "n"})).unwrap();
    let error = DocUpdate::try_from(&read).unwrap_err();
    assert_eq!(error.violations()[0].path, "current");
}
