//! The closest Rust forms of loosely written and multi-type schemas (the fallbacks of
//! `loose_schemas.yaml` and `several_types.yaml`): what a server sends reads, and nothing of it
//! is lost.

use golden_check::round_trip;
use golden_check::runtime::Nullable;
use serde_json::json;

#[test]
fn a_loosely_written_object_reads_everything_it_is_sent() {
    use golden_check::loose_schemas::types::{Hook, HookPriority, HookState, Mode};
    let hook: Hook = round_trip(json!({
        "name": "ci",
        "events": ["push", "pull_request"],
        "config": [1, "two", {"three": 3}, null],
        "payload": null,
        "state": "closed",
        "priority": 2,
        "ratio": 0.5,
        "anything": true,
        "mode": "pull",
        "small": 255,
        "port": 8080,
        "count": 18446744073709551615u64,
        "offset": -300,
        "address": "::1",
        "v4": "10.0.0.1",
        "at": "12:30:00Z",
        "secret": {"kept": ["as", "sent"]}
    }));
    assert_eq!(hook.config.as_ref().map(Vec::len), Some(4));
    assert_eq!(hook.payload, Nullable::Null);
    assert_eq!(hook.state, Nullable::Value(HookState::Closed));
    assert_eq!(hook.priority, Some(HookPriority::Value2));
    assert_eq!(hook.mode, Some(Mode::Pull));
    assert_eq!(hook.count, Some(u64::MAX));
    assert_eq!(hook.address, Some("::1".parse().unwrap()));
    assert_eq!(hook.secret, Some(json!({"kept": ["as", "sent"]})));
    // An enum written without a type still takes null, as its values say.
    let null_state: Hook = round_trip(json!({"name": "n", "state": null}));
    assert_eq!(null_state.state, Nullable::Null);
    // The integer formats are checked by their Rust types.
    assert!(serde_json::from_value::<Hook>(json!({"name": "n", "small": 256})).is_err());
    assert!(serde_json::from_value::<Hook>(json!({"name": "n", "port": -1})).is_err());
    assert!(serde_json::from_value::<Hook>(json!({"name": "n", "v4": "::1"})).is_err());
}

#[test]
fn array_map_and_json_defaults_apply_when_the_server_leaves_them_out() {
    use golden_check::loose_schemas::types::{HookStatus, Mode};
    let status: HookStatus = serde_json::from_value(json!({})).unwrap();
    assert_eq!(status.events, vec![Mode::Push]);
    assert_eq!(status.names, vec!["push".to_owned(), "pull".to_owned()]);
    assert!(status.tags.is_empty());
    assert!(status.labels.is_empty());
    assert_eq!(status.meta, json!({"a": [1, "b", null]}));
    // A value the server sends wins over the default.
    let sent: HookStatus = serde_json::from_value(json!({"events": []})).unwrap();
    assert!(sent.events.is_empty());
    assert_eq!(HookStatus::new().events, vec![Mode::Push]);
}

#[test]
fn constants_as_alternatives_are_an_enum_and_an_all_of_may_say_null() {
    use golden_check::loose_schemas::types::{HookStatus, HookStatusComponent};
    let status: HookStatus =
        serde_json::from_value(json!({"component": 2, "owner": null, "limit": 5})).unwrap();
    assert_eq!(status.component, Some(HookStatusComponent::Button));
    assert_eq!(status.owner, Nullable::Null);
    assert_eq!(status.limit, Some(5));
    let owned: HookStatus = serde_json::from_value(json!({"owner": {"id": 3}})).unwrap();
    assert!(matches!(owned.owner, Nullable::Value(ref base) if base.id == 3));
    let other: HookStatus = serde_json::from_value(json!({"component": 9})).unwrap();
    assert_eq!(other.component, Some(HookStatusComponent::Unknown(9)));
}

#[test]
fn properties_beside_all_of_and_one_of_are_one_struct() {
    use golden_check::loose_schemas::types::{Either, Extended};
    let extended: Extended = round_trip(json!({"id": 1, "label": "l", "extra": true}));
    assert_eq!(extended.id, 1);
    // The base's `id` stays required.
    assert!(serde_json::from_value::<Extended>(json!({"label": "l"})).is_err());
    let left: Either = round_trip(json!({"kind": "k", "left": "l"}));
    assert_eq!(left.left.as_deref(), Some("l"));
    let right: Either = round_trip(json!({"right": 2}));
    assert_eq!(right.right, Some(2));
}

#[test]
fn a_schema_of_several_types_is_a_union_tried_in_the_order_written() {
    use golden_check::several_types::types::{Code, CodeMaybe, CodeValue};
    let text: Code = round_trip(json!({"value": "A1"}));
    assert_eq!(text.value, CodeValue::String("A1".to_owned()));
    let number: Code = round_trip(json!({"value": 7, "maybe": 3}));
    assert_eq!(number.value, CodeValue::Integer(7));
    assert_eq!(number.maybe, Nullable::Value(CodeMaybe::Integer(3)));
    let flag: Code = round_trip(json!({"value": 1, "maybe": true}));
    assert_eq!(flag.maybe, Nullable::Value(CodeMaybe::Boolean(true)));
    let null: Code = round_trip(json!({"value": 1, "maybe": null}));
    assert_eq!(null.maybe, Nullable::Null);
    // A value of a type the schema does not name is refused.
    assert!(serde_json::from_value::<Code>(json!({"value": 1.5})).is_err());
    // `prefixItems` and `not` keep whatever is sent.
    let kept: Code = round_trip(json!({"value": 1, "pair": ["a", 1], "never": 5}));
    assert_eq!(kept.pair, Some(vec![json!("a"), json!(1)]));
    assert_eq!(kept.never, Some(json!(5)));
}
