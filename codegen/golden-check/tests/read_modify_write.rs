//! A request built from what a `GET` returned (fixture `read_modify_write`): every presence of a
//! property on either side, the properties the request requires and the response lacks, the
//! unknown properties carried over, and the whole read-modify-write against a server.

use golden_check::read_modify_write::types::{Gadget, GadgetView, Thing, ThingUpdate};
use golden_check::read_modify_write::Client;
use golden_check::runtime::Nullable;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn thing(value: Value) -> Thing {
    serde_json::from_value(value).unwrap()
}

/// Every property of `Thing` with a value.
fn full() -> Value {
    json!({
        "id": 1, "name": "n", "title": "t", "count": 2, "note": "no", "code": "c", "level": 3,
        "size": 4, "label": "l", "rank": 5, "remark": "r", "hint": "h", "color": "co",
        "shade": "s", "tags": ["x"], "extra": true
    })
}

#[test]
fn values_are_carried_whatever_their_presence() {
    let update = ThingUpdate::try_from(&thing(full())).unwrap();
    let mut expected = full();
    // `id` is read-only and `extra` unknown: neither is sent.
    expected.as_object_mut().unwrap().remove("id");
    expected.as_object_mut().unwrap().remove("extra");
    assert_eq!(serde_json::to_value(&update).unwrap(), expected);
}

#[test]
fn null_and_absent_are_kept_apart_where_the_request_can_say_so() {
    let read = thing(json!({
        "id": 1, "name": "n", "title": "t", "count": 2, "note": null, "code": null, "level": 3,
        "label": null, "rank": 5, "remark": null, "hint": null, "shade": "s"
    }));
    let update = ThingUpdate::try_from(&read).unwrap();
    // Required and nullable: null stays null.
    assert_eq!(update.note, None);
    assert_eq!(update.code, None);
    // Optional, not nullable: null and absent are both left out.
    assert_eq!(update.label, None);
    assert_eq!(update.size, None);
    // Optional and nullable: null is sent as null, absent is left out.
    assert_eq!(update.remark, Nullable::Null);
    assert_eq!(update.hint, Nullable::Null);
    assert_eq!(update.color, Nullable::Absent);
    assert_eq!(update.shade, Nullable::Value("s".into()));
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({
            "name": "n", "title": "t", "count": 2, "note": null, "code": null, "level": 3,
            "rank": 5, "remark": null, "hint": null, "shade": "s"
        })
    );
}

#[test]
fn required_properties_without_a_value_are_all_named() {
    // `title` null, `count` and `level` absent, `note` absent (null would be a value here).
    let read = thing(json!({
        "id": 1, "name": "n", "title": null, "code": "c", "rank": 5, "shade": "s", "hint": "h"
    }));
    let error = ThingUpdate::try_from(&read).unwrap_err();
    let paths: Vec<&str> = error.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["title", "count", "note", "level"]);
    assert_eq!(
        error.violations()[0].to_string(),
        "title: has no value in the Thing read; the request requires one"
    );
}

#[test]
fn unknown_properties_are_carried_when_the_request_keeps_them() {
    let view: GadgetView = serde_json::from_value(json!({
        "serial": "g-1", "made": "2026-01-02", "firmware": {"v": 7}
    }))
    .unwrap();
    let gadget = Gadget::try_from(&view).unwrap();
    // `made` is a property of the view only; `firmware` is unknown to the spec.
    assert_eq!(
        serde_json::to_value(&gadget).unwrap(),
        json!({"serial": "g-1", "firmware": {"v": 7}})
    );
}

#[tokio::test]
async fn a_read_modify_write_sends_back_what_was_read_with_the_change() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(full()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/things/1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).unwrap();
    let read = client.get_thing(1).await.unwrap().into_body();
    let mut update = ThingUpdate::try_from(&read).unwrap();
    update.title = "changed".into();
    client.put_thing(1, &update).await.unwrap();

    let put = &server.received_requests().await.unwrap()[1];
    let sent: Value = serde_json::from_slice(&put.body).unwrap();
    let mut expected = full();
    let object = expected.as_object_mut().unwrap();
    object.remove("id");
    object.remove("extra");
    object.insert("title".into(), json!("changed"));
    assert_eq!(sent, expected);
}
