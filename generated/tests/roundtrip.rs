//! Every sample payload in `specs/fixtures/` is read into the type of its schema and written
//! back; the JSON written must be the JSON read. Typed checks on each payload show the values
//! were understood (dates, enums, GUIDs, decimals), not merely passed through.

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;

use chrono::{NaiveDate, NaiveDateTime};
use generated::compilator::types as compilator;
use generated::planso::types as planso;
use generated::quotevine::types as quotevine;
use generated::runtime::{DmyDate, DmyDateTime, Nullable, OpenEnum, Validate, YmdDateTime};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use uuid::Uuid;

use common::{fixture, fixture_as, fixtures_dir};

/// Every JSON fixture, as `<api>/<file>`, with the test that round-trips it below.
const ROUND_TRIPPED: &[&str] = &[
    "compilator/create_order_response.json",
    "compilator/order_head_request.json",
    "compilator/order_head_response.json",
    "planso/create_order_request.json",
    "planso/create_order_response.json",
    "planso/update_order_request.json",
    "planso/update_order_response.json",
    "quotevine/order_list_response.json",
    "quotevine/order_request.json",
    "quotevine/order_response.json",
    "quotevine/published_order.json",
    "quotevine/update_order_response.json",
];

// ---------------------------------------------------------------------------------------------
// Helpers

/// Compares two JSON values. Objects must have the same keys, arrays the same length, and
/// strings, booleans and `null` must be equal. JSON has one number type, so a number is allowed
/// to come back in another spelling of the same value (`123` as `123.0`); the paths where that
/// happened are returned, so that each caller states exactly where it expects it. Any other
/// difference panics with the path of the first one.
fn respelled_numbers(expected: &Value, actual: &Value) -> Vec<String> {
    let mut respelled = Vec::new();
    compare(expected, actual, "", &mut respelled);
    respelled
}

fn compare(expected: &Value, actual: &Value, path: &str, respelled: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            let expected_keys: BTreeSet<&String> = expected.keys().collect();
            let actual_keys: BTreeSet<&String> = actual.keys().collect();
            assert_eq!(
                actual_keys, expected_keys,
                "the keys differ at `{path}` (left: written, right: read)"
            );
            for (key, expected) in expected {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                compare(expected, &actual[key], &inner, respelled);
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            assert_eq!(
                actual.len(),
                expected.len(),
                "the array lengths differ at `{path}`"
            );
            for (index, (expected, actual)) in expected.iter().zip(actual).enumerate() {
                compare(expected, actual, &format!("{path}[{index}]"), respelled);
            }
        }
        (Value::Number(expected_number), Value::Number(actual_number))
            if expected_number != actual_number =>
        {
            assert_eq!(
                actual_number.as_f64(),
                expected_number.as_f64(),
                "the number at `{path}` changed: read {expected_number}, written {actual_number}"
            );
            respelled.push(path.to_owned());
        }
        _ => assert_eq!(actual, expected, "the value at `{path}` changed"),
    }
}

/// Reads `specs/fixtures/<api>/<file>` as `T`, writes it back, and compares the JSON. Returns
/// the typed value and the paths of numbers written in another spelling of the same value.
/// Reading the written JSON again must give the same typed value.
fn round_trip<T>(api: &str, file: &str) -> (T, Vec<String>)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let read: Value = serde_json::from_str(&fixture(api, file)).expect("the fixture is JSON");
    let typed: T = fixture_as(api, file);
    let written = serde_json::to_value(&typed).expect("a typed value serializes");
    let respelled = respelled_numbers(&read, &written);
    let again: T = serde_json::from_value(written).expect("the written JSON reads back");
    assert_eq!(
        again, typed,
        "{api}/{file}: reading the written JSON changed the value"
    );
    (typed, respelled)
}

/// [`round_trip`] for a fixture whose JSON must come back exactly (`serde_json::Value` equality).
fn lossless<T>(api: &str, file: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let (typed, respelled) = round_trip::<T>(api, file);
    assert!(
        respelled.is_empty(),
        "{api}/{file}: numbers written in another spelling at {respelled:?}"
    );
    let read: Value = serde_json::from_str(&fixture(api, file)).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), read);
    typed
}

/// The error message from reading `json` (as text, so it carries a line and column) as `T`.
fn rejection<T: DeserializeOwned + Debug>(json: &Value) -> String {
    match serde_json::from_str::<T>(&json.to_string()) {
        Ok(value) => panic!("{json} was accepted as {value:?}"),
        Err(err) => err.to_string(),
    }
}

fn fixture_value(api: &str, file: &str) -> Value {
    serde_json::from_str(&fixture(api, file)).expect("the fixture is JSON")
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn stamp(year: i32, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> NaiveDateTime {
    date(year, month, day).and_hms_opt(hour, min, sec).unwrap()
}

#[test]
fn the_comparison_allows_only_respelled_numbers() {
    let read = json!({"a": 123, "b": [1, {"c": "x"}]});
    assert!(respelled_numbers(&read, &read).is_empty());
    assert_eq!(
        respelled_numbers(&read, &json!({"a": 123.0, "b": [1.0, {"c": "x"}]})),
        ["a", "b[0]"]
    );
    for changed in [
        json!({"a": 124, "b": [1, {"c": "x"}]}),
        json!({"a": "123", "b": [1, {"c": "x"}]}),
        json!({"a": 123, "b": [1, {"c": "y"}]}),
        json!({"a": 123, "b": [1, {"c": "x"}, null]}),
        json!({"a": 123, "b": [1, {"c": "x", "d": null}]}),
        json!({"b": [1, {"c": "x"}]}),
    ] {
        let outcome = std::panic::catch_unwind(|| respelled_numbers(&read, &changed));
        assert!(outcome.is_err(), "{changed} was taken for {read}");
    }
}

// ---------------------------------------------------------------------------------------------
// Every fixture is covered

#[test]
fn every_json_fixture_is_round_tripped() {
    let mut found = Vec::new();
    for api in std::fs::read_dir(fixtures_dir()).unwrap() {
        let api = api.unwrap();
        if !api.file_type().unwrap().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(api.path()).unwrap() {
            let name = file.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".json") {
                found.push(format!("{}/{name}", api.file_name().to_string_lossy()));
            }
        }
    }
    found.sort();
    assert_eq!(
        found, ROUND_TRIPPED,
        "a fixture was added or removed: give it a round-trip test"
    );
}

// ---------------------------------------------------------------------------------------------
// planso

#[test]
fn planso_create_order_request() {
    let (order, respelled) =
        round_trip::<planso::CreateOrderRequest>("planso", "create_order_request.json");
    // The estimated hours are `double`s: the sample's `123` is the same number written `123.0`.
    assert_eq!(respelled, ["est_hours_karo", "est_hours_lack"]);
    assert_eq!(order.est_hours_karo, 123.0);
    assert_eq!(order.est_hours_lack, 123.0);

    assert_eq!(order.repair_date, DmyDate(date(2026, 1, 27)));
    assert_eq!(order.shop_date, DmyDate(date(2026, 1, 26)));
    assert_eq!(
        order.appointment_date,
        Nullable::Value(DmyDateTime(stamp(2026, 1, 21, 14, 30, 0)))
    );
    assert_eq!(
        order.parts_delivery_date,
        Nullable::Value(DmyDate(date(2026, 1, 23)))
    );
    assert_eq!(
        order.paint_date,
        Nullable::Value(DmyDate(date(2026, 1, 28)))
    );
    assert_eq!(
        order.shop_back_date,
        Nullable::Value(DmyDate(date(2026, 1, 30)))
    );
    // Date-like fields without a documented format stay strings.
    assert_eq!(
        order.repair_date_time_from,
        Nullable::Value("<string>".to_owned())
    );
    assert_eq!(order.type_of_date, Nullable::Value("0".to_owned()));
    assert_eq!(order.customer_category, 123);
    assert_eq!(order.person, "<string>");
    assert_eq!(order.vehicle_details.make_id, Some(123));
    assert_eq!(order.vehicle_details.model_id, Some(123));
    assert_eq!(order.vehicle_details.all_details, Some(true));
    assert_eq!(order.vehicle_details.vin.as_deref(), Some("<string>"));
}

#[test]
fn planso_create_order_response() {
    let response = lossless::<planso::CreateOrderResponse>("planso", "create_order_response.json");
    assert!(response.success);
    assert_eq!(response.message, "");
    assert_eq!(response.order_id, Nullable::Value(123));
    assert_eq!(
        response.project_number,
        Nullable::Value("<string>".to_owned())
    );
    assert!(response.unknown_fields.is_empty());
}

#[test]
fn planso_update_order_request() {
    let (order, respelled) =
        round_trip::<planso::UpdateOrderRequest>("planso", "update_order_request.json");
    assert_eq!(respelled, ["est_hours_karo", "est_hours_lack"]);
    assert_eq!(order.est_hours_karo, Nullable::Value(123.0));

    assert_eq!(order.order_id, 123);
    assert_eq!(
        order.repair_date,
        Nullable::Value(DmyDate(date(2026, 1, 27)))
    );
    assert_eq!(order.shop_date, Nullable::Value(DmyDate(date(2026, 1, 26))));
    assert_eq!(
        order.appointment_date,
        Nullable::Value(DmyDateTime(stamp(2026, 1, 21, 14, 30, 0)))
    );
    assert_eq!(order.customer_category, Nullable::Value(123));
    assert_eq!(order.express_link, Nullable::Value("<string>".to_owned()));
    let vehicle = order
        .vehicle_details
        .expect("the sample has vehicle details");
    assert_eq!(vehicle.make_id, Some(123));
    assert_eq!(vehicle.all_details, Some(true));
}

#[test]
fn planso_update_order_response() {
    let response = lossless::<planso::UpdateOrderResponse>("planso", "update_order_response.json");
    assert!(response.success);
    assert_eq!(response.message, "");
    assert_eq!(response.order_id, Nullable::Value(123));
    assert!(response.unknown_fields.is_empty());
}

// ---------------------------------------------------------------------------------------------
// compilator

#[test]
fn compilator_order_head_request() {
    let order = lossless::<compilator::OrderHeadRequest>("compilator", "order_head_request.json");

    assert_eq!(order.order_type, Some(compilator::OrderType::NormalOrder));
    assert_eq!(order.currency_rate, Decimal::new(9, 0));
    assert_eq!(order.currency_rate, "9.0".parse::<Decimal>().unwrap());
    assert_eq!(order.total_amount_including_vat, Some(Decimal::ONE));
    assert_eq!(
        order.timebook_reservation_id,
        Some(Uuid::parse_str("a90dc33d-35fb-428a-b4c8-ce9b1ccd846d").unwrap())
    );
    assert_eq!(
        order.retail_price_list_id,
        Some(Uuid::parse_str("37ce66c3-4e1d-4842-9e52-fefecc2352d2").unwrap())
    );
    assert_eq!(
        order.split_id,
        Some(Uuid::parse_str("9d822083-4581-4cca-9d5f-b1d14e26895e").unwrap())
    );
    assert_eq!(
        order.contact_id,
        Some(Uuid::parse_str("fc7f433b-e85f-47b7-bcb1-da1ab9bc009a").unwrap())
    );
    assert_eq!(
        order.order_date,
        YmdDateTime::new(stamp(2026, 1, 21, 22, 50, 35))
    );
    assert_eq!(
        order.delivery_date,
        Some(YmdDateTime::new(stamp(2026, 1, 21, 22, 50, 35)))
    );
    assert_eq!(order.seller_branch_id, 3);
    assert_eq!(order.sales_person, "sample string 7");
    let address = order.delivery_address.as_ref().expect("an address");
    assert_eq!(
        address.country_code,
        Nullable::Value("sample string 8".to_owned())
    );

    assert_eq!(order.order_lines.len(), 2);
    for line in &order.order_lines {
        assert_eq!(line.line_number, 1);
        assert_eq!(line.parent_line_number, Nullable::Value(1));
        assert!(line.unknown_fields.is_empty());
        let Nullable::Value(article) = &line.order_line_article else {
            panic!("the sample's lines carry an article: {line:?}");
        };
        assert_eq!(
            article.order_type,
            Nullable::Value(compilator::OrderLineArticleOrderType::UnAffected)
        );
        assert_eq!(article.quantity, Nullable::Value(Decimal::new(5, 0)));
        assert_eq!(article.cost_price, Nullable::Value(Decimal::new(2, 0)));
        assert_eq!(article.vat_percent, Nullable::Value(Decimal::new(10, 0)));
        assert_eq!(article.article_number, Nullable::Value(4));
        assert_eq!(
            article.description,
            Nullable::Value("sample string 6".to_owned())
        );
        assert_eq!(article.is_export_within_eu, Nullable::Value(true));
        assert!(article.unknown_fields.is_empty());
        let Nullable::Value(text) = &line.order_line_text else {
            panic!("the sample's lines carry a text: {line:?}");
        };
        assert_eq!(text.text, Nullable::Value("sample string 1".to_owned()));
    }
}

#[test]
fn compilator_order_head_response() {
    use compilator::{CloseOrderType, OrderStatus, WmsStatus};
    // As ASP.NET writes it: the status ids with their names, and `null` for what is unset.
    let order = lossless::<compilator::OrderHeadResponse>("compilator", "order_head_response.json");
    assert_eq!(order.order_status_id, Nullable::Value(OrderStatus::Open));
    assert_eq!(order.wms_status_id, Nullable::Value(WmsStatus::SendFailed));
    assert_eq!(order.close_order_type_id, Nullable::Null);
    assert_eq!(order.carrier_name, Nullable::Value("PostNord".into()));
    assert_eq!(order.delivery_date, Nullable::Null);
    let lines = order.order_lines.as_ref().expect("the lines");
    assert_eq!(lines[0].order_line_text, Nullable::Null);
    assert_eq!(lines[1].parent_line_number, Nullable::Value(1));
    assert!(order.unknown_fields.is_empty());
    // Every value name the help pages give, by its number.
    for (number, status) in [
        (1, WmsStatus::NotSent),
        (2, WmsStatus::Sent),
        (3, WmsStatus::Confirmed),
        (4, WmsStatus::Processed),
        (5, WmsStatus::SendFailed),
        (6, WmsStatus::Fail),
        (7, WmsStatus::Locked),
    ] {
        assert_eq!(
            serde_json::from_value::<WmsStatus>(json!(number)).unwrap(),
            status
        );
    }
    for (number, kind) in [
        (1, CloseOrderType::DeliveryNote),
        (2, CloseOrderType::Reservation),
        (3, CloseOrderType::CashOrder),
    ] {
        assert_eq!(
            serde_json::from_value::<CloseOrderType>(json!(number)).unwrap(),
            kind
        );
    }
}

#[test]
fn compilator_decimals_are_exact_values_written_as_json_numbers() {
    let mut sent = fixture_value("compilator", "order_head_request.json");
    sent["CurrencyRate"] = json!(11.2345);
    sent["OrderLines"][0]["OrderLineArticle"]["Price"] = json!(1234.56);
    let order: compilator::OrderHeadRequest = serde_json::from_str(&sent.to_string()).unwrap();
    assert_eq!(order.currency_rate, Decimal::new(112345, 4));
    let article = order.order_lines[0].order_line_article.as_ref().unwrap();
    assert_eq!(article.price, Nullable::Value(Decimal::new(123456, 2)));
    let written = serde_json::to_value(&order).unwrap();
    assert_eq!(written, sent);
    assert!(written["CurrencyRate"].is_number());
}

#[test]
fn compilator_create_order_response_is_the_new_order_id() {
    let id = lossless::<i64>("compilator", "create_order_response.json");
    assert_eq!(id, 1);
}

#[test]
fn compilator_enums_keep_the_integer_wire_values() {
    use compilator::{OrderLineArticleOrderType, OrderStatus, OrderType};
    assert_eq!(OrderType::from(1), OrderType::NormalOrder);
    assert_eq!(OrderType::from(4), OrderType::Unknown(4));
    assert_eq!(
        serde_json::to_value(OrderType::Unknown(4)).unwrap(),
        json!(4)
    );
    assert!(!OrderType::Unknown(4).is_known());
    assert_eq!(
        serde_json::from_value::<OrderLineArticleOrderType>(json!(0)).unwrap(),
        OrderLineArticleOrderType::UnAffected
    );
    assert_eq!(
        serde_json::from_value::<OrderStatus>(json!(3)).unwrap(),
        OrderStatus::Deleted
    );
    assert_eq!(
        serde_json::from_value::<OrderStatus>(json!(9)).unwrap(),
        OrderStatus::Unknown(9)
    );
}

// ---------------------------------------------------------------------------------------------
// quotevine

#[test]
fn quotevine_order_request() {
    let order = lossless::<quotevine::OrderRequest>("quotevine", "order_request.json");
    assert_eq!(order.proposal_id, 48213);
    assert_eq!(order.order_status, "Order Placed");
    assert_eq!(order.target_delivery_date, "End of March");
    assert_eq!(order.order_date, Some(date(2026, 1, 21)));
    assert_eq!(order.cancellation_date, Some(date(2026, 2, 2)));
    assert_eq!(
        order.delivery_method,
        Some(quotevine::DeliveryMethod::DeliveryDriver)
    );
    assert_eq!(order.new_used, Some(quotevine::NewUsed::New));
    assert_eq!(order.delivery_slot, Some(quotevine::DeliverySlot::Am));
    assert_eq!(
        order.vehicle_registree,
        Some(quotevine::VehicleRegistree::Funder)
    );
    assert_eq!(
        order.update_frequency_days,
        Some(quotevine::UpdateFrequencyDays::Every7Days)
    );
    assert_eq!(
        order.last_customer_update,
        Some(YmdDateTime::new(stamp(2026, 1, 21, 9, 15, 0)))
    );
}

/// The fields of the first Order in `order_response.json` and `order_list_response.json`.
fn assert_first_sample_order(order: &quotevine::Order) {
    use quotevine::{DeliveryMethod, DeliverySlot, NewUsed, UpdateFrequencyDays};
    assert_eq!(order.vehicle_order_id, 90311);
    assert_eq!(order.proposal_id, Nullable::Value(48213));
    assert_eq!(order.order_date, Nullable::Value(date(2026, 1, 21)));
    assert_eq!(
        order.creation_date,
        Nullable::Value(YmdDateTime::new(stamp(2026, 1, 21, 9, 12, 44)))
    );
    assert_eq!(
        order.last_update_date,
        Nullable::Value(YmdDateTime::new(stamp(2026, 1, 21, 9, 15, 2)))
    );
    assert_eq!(order.new_used, Nullable::Value(NewUsed::New));
    assert_eq!(
        order.delivery_method,
        Nullable::Value(DeliveryMethod::DeliveryDriver)
    );
    assert_eq!(order.delivery_slot, Nullable::Value(DeliverySlot::Am));
    assert_eq!(
        order.update_frequency_days,
        Nullable::Value(UpdateFrequencyDays::Every7Days)
    );
    // Sent as `null`, which is not the same as left out.
    assert_eq!(order.dealer_id, Nullable::Null);
    assert_eq!(order.k4k_flag, Nullable::Null);
    assert_eq!(order.cancellation_date, Nullable::Null);
    assert!(order.unknown_fields.is_empty());
}

#[test]
fn quotevine_order_response() {
    let order = lossless::<quotevine::Order>("quotevine", "order_response.json");
    assert_first_sample_order(&order);
}

#[test]
fn quotevine_published_order() {
    // The vendor's own example: a number for `external_reference`, `NEW`, and nulls.
    let order = lossless::<quotevine::Order>("quotevine", "published_order.json");
    assert_eq!(order.vehicle_order_id, 154709);
    assert_eq!(
        order.external_reference,
        Nullable::Value(quotevine::ExternalReference::Integer(104))
    );
    assert_eq!(
        order.new_used,
        Nullable::Value(quotevine::NewUsed::NewUpperCase)
    );
    assert_eq!(order.driver_id, Nullable::Null);
    assert_eq!(order.int_target_delivery_date, Nullable::Null);
    assert_eq!(order.contact_name, Nullable::Absent);
    assert!(order.unknown_fields.is_empty());
    // As a create's answer it is the Order.
    let saved = lossless::<quotevine::OrderSaved>("quotevine", "published_order.json");
    assert_eq!(saved, quotevine::OrderSaved::Order(Box::new(order)));
}

#[test]
fn quotevine_update_order_response() {
    let saved = lossless::<quotevine::OrderSaved>("quotevine", "update_order_response.json");
    assert_eq!(
        saved,
        quotevine::OrderSaved::Acknowledgement(Some(Default::default()))
    );
}

#[test]
fn quotevine_order_list_response() {
    use quotevine::{DeliveryMethod, DeliverySlot, NewUsed, UpdateFrequencyDays, VehicleRegistree};
    let list = lossless::<quotevine::OrderList>("quotevine", "order_list_response.json");
    assert_eq!(list.items.len(), 2);
    assert_first_sample_order(&list.items[0]);

    let second = &list.items[1];
    assert_eq!(second.vehicle_order_id, 90287);
    assert_eq!(second.new_used, Nullable::Value(NewUsed::Used));
    assert_eq!(
        second.delivery_method,
        Nullable::Value(DeliveryMethod::CustomerCollection)
    );
    assert_eq!(second.delivery_slot, Nullable::Value(DeliverySlot::Pm));
    assert_eq!(
        second.vehicle_registree,
        Nullable::Value(VehicleRegistree::Customer)
    );
    assert_eq!(
        second.update_frequency_days,
        Nullable::Value(UpdateFrequencyDays::NoUpdates)
    );
    assert_eq!(second.dealer_id, Nullable::Value(1052));
    assert_eq!(second.last_customer_update, Nullable::Null);
    assert_eq!(
        second.first_registration_date,
        Nullable::Value(date(2021, 6, 30))
    );

    let first = list.first.as_ref().expect("the sample has a `first` link");
    assert_eq!(
        first.ref_,
        "https://example.quotevineapp.com/qvine/quotevine/api/v2/relationships/1234/orders/"
    );
    assert!(list.unknown_fields.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Responses keep what the spec does not describe

#[test]
fn quotevine_order_keeps_unknown_fields_and_enum_values() {
    use quotevine::{DeliveryMethod, DeliverySlot, NewUsed, UpdateFrequencyDays, VehicleRegistree};
    let sent = json!({
        "vehicle_order_id": 90400,
        "order_status": "Order Placed",
        "new_used": "Demonstrator",
        "delivery_method": "Drone",
        "delivery_slot": "Evening",
        "vehicle_registree": "Leasing Partner",
        "update_frequency_days": 5,
        "dealer_id": null,
        "colour": {"name": "Moonstone Grey", "code": "P0Q0"},
        "tags": ["priority", 2, null],
        "legacy_flag": null
    });
    let order: quotevine::Order = serde_json::from_str(&sent.to_string()).unwrap();

    assert_eq!(
        order.new_used,
        Nullable::Value(NewUsed::Unknown("Demonstrator".into()))
    );
    assert_eq!(
        order.delivery_method,
        Nullable::Value(DeliveryMethod::Unknown("Drone".into()))
    );
    assert_eq!(
        order.delivery_slot,
        Nullable::Value(DeliverySlot::Unknown("Evening".into()))
    );
    assert_eq!(
        order.vehicle_registree,
        Nullable::Value(VehicleRegistree::Unknown("Leasing Partner".into()))
    );
    assert_eq!(
        order.update_frequency_days,
        Nullable::Value(UpdateFrequencyDays::Unknown(5))
    );
    assert!(!order.new_used.as_ref().unwrap().is_known());
    assert_eq!(order.new_used.as_ref().unwrap().as_str(), "Demonstrator");
    assert_eq!(order.dealer_id, Nullable::Null);
    assert_eq!(order.order_date, Nullable::Absent);

    let unknown: Vec<&str> = order.unknown_fields.keys().map(String::as_str).collect();
    assert_eq!(unknown, ["colour", "legacy_flag", "tags"]);
    assert_eq!(order.unknown_fields["colour"], sent["colour"]);
    assert_eq!(order.unknown_fields["tags"], sent["tags"]);
    assert_eq!(order.unknown_fields["legacy_flag"], Value::Null);

    assert_eq!(serde_json::to_value(&order).unwrap(), sent);

    // Read, modify, write: the change is sent and nothing else is lost.
    let mut changed = order.clone();
    changed.contact_name = Nullable::Value("Sarah Jones".into());
    let mut expected = sent.clone();
    expected["contact_name"] = json!("Sarah Jones");
    assert_eq!(serde_json::to_value(&changed).unwrap(), expected);
}

#[test]
fn quotevine_new_used_is_matched_exactly_and_written_back_as_sent() {
    use quotevine::NewUsed;
    // The spellings the vendor documents are known values, each its own variant: `NEW` (the
    // published example Order) is not folded into `New`. Any other spelling is kept.
    for (wire, read) in [
        ("New", NewUsed::New),
        ("NEW", NewUsed::NewUpperCase),
        ("Pre-reg", NewUsed::PreReg),
        ("new", NewUsed::Unknown("new".into())),
        ("USED", NewUsed::Unknown("USED".into())),
    ] {
        let text = format!(r#"{{"vehicle_order_id":1,"new_used":"{wire}"}}"#);
        let order: quotevine::Order = serde_json::from_str(&text).unwrap();
        assert_eq!(order.new_used, Nullable::Value(read.clone()), "{wire}");
        assert_eq!(serde_json::to_string(&order).unwrap(), text);
        // Sent back (read-modify-write), a documented spelling passes `validate()`.
        let mut request =
            quotevine::OrderRequest::new(48213, "Order Placed".into(), 1052, "End of March".into());
        request.new_used = Some(read.clone());
        assert_eq!(request.validate().is_ok(), read.is_known(), "{wire}");
    }
}

#[test]
fn quotevine_delivery_address_is_read_as_delivery_property() {
    let order: quotevine::Order =
        serde_json::from_str(r#"{"vehicle_order_id":1,"delivery_address":"12 Park Lane"}"#)
            .unwrap();
    assert_eq!(
        order.delivery_property,
        Nullable::Value("12 Park Lane".into())
    );
    assert!(order.unknown_fields.is_empty());
    // The alias is accepted when reading, never written.
    assert_eq!(
        serde_json::to_value(&order).unwrap(),
        json!({"vehicle_order_id": 1, "delivery_property": "12 Park Lane"})
    );
}

#[test]
fn planso_create_order_response_keeps_unknown_fields() {
    let sent = json!({
        "success": false,
        "message": "Vehicle already has an open order",
        "order_id": null,
        "existing_order_id": 4711,
        "warnings": [{"field": "vin", "msg": "checksum"}],
        "trace_id": null
    });
    let response: planso::CreateOrderResponse = serde_json::from_str(&sent.to_string()).unwrap();
    assert!(!response.success);
    assert_eq!(response.message, "Vehicle already has an open order");
    assert_eq!(response.order_id, Nullable::Null);
    assert_eq!(response.project_number, Nullable::Absent);
    let unknown: Vec<&str> = response.unknown_fields.keys().map(String::as_str).collect();
    assert_eq!(unknown, ["existing_order_id", "trace_id", "warnings"]);
    assert_eq!(response.unknown_fields["existing_order_id"], json!(4711));
    assert_eq!(response.unknown_fields["warnings"], sent["warnings"]);
    assert_eq!(response.unknown_fields["trace_id"], Value::Null);

    assert_eq!(serde_json::to_value(&response).unwrap(), sent);
}

#[test]
fn compilator_nested_line_objects_keep_unknown_fields() {
    let mut sent = fixture_value("compilator", "order_head_request.json");
    sent["OrderLines"][0]["WarehouseId"] = json!(12);
    sent["OrderLines"][0]["OrderLineArticle"]["Ean"] = json!("4006209812345");
    let order: compilator::OrderHeadRequest = serde_json::from_str(&sent.to_string()).unwrap();
    let line = &order.order_lines[0];
    assert_eq!(line.unknown_fields["WarehouseId"], json!(12));
    let article = line.order_line_article.as_ref().unwrap();
    assert_eq!(article.unknown_fields["Ean"], json!("4006209812345"));
    assert_eq!(serde_json::to_value(&order).unwrap(), sent);
}

// ---------------------------------------------------------------------------------------------
// Absent, null and value; defaults

#[test]
fn planso_update_request_writes_absent_null_and_value_exactly() {
    let mut update = planso::UpdateOrderRequest::new(77);
    assert_eq!(
        serde_json::to_string(&update).unwrap(),
        r#"{"order_id":77}"#,
        "a new update sends only the order id"
    );

    update.person = Nullable::Value("Max Mustermann".into());
    update.remarks = Nullable::Null;
    update.paint_date = Nullable::Null;
    update.repair_date = Nullable::Value(DmyDate(date(2026, 2, 3)));
    update.appointment_date = Nullable::Value(DmyDateTime(stamp(2026, 2, 1, 8, 0, 0)));
    update.est_hours_karo = Nullable::Value(2.5);
    update.customer_category = Nullable::Null;

    assert_eq!(
        serde_json::to_string(&update).unwrap(),
        concat!(
            r#"{"order_id":77,"person":"Max Mustermann","customer_category":null,"#,
            r#""repair_date":"03.02.2026","est_hours_karo":2.5,"#,
            r#""appointment_date":"01.02.2026 08:00:00","remarks":null,"paint_date":null}"#
        )
    );

    // Reading keeps the three states apart.
    let read: planso::UpdateOrderRequest =
        serde_json::from_str(&serde_json::to_string(&update).unwrap()).unwrap();
    assert_eq!(read, update);
    assert_eq!(read.remarks, Nullable::Null);
    assert_eq!(read.phone, Nullable::Absent);
    assert_eq!(read.vehicle_details, None);
}

#[test]
fn planso_create_order_response_without_message_gets_the_default() {
    let response: planso::CreateOrderResponse =
        serde_json::from_str(r#"{"success":true,"order_id":5}"#).unwrap();
    assert_eq!(response.message, "");
    assert_eq!(response.order_id, Nullable::Value(5));
    assert!(response.unknown_fields.is_empty());
    assert_eq!(planso::CreateOrderResponse::new(true).message, "");
    // The default is a value once read, so it is written.
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"success": true, "message": "", "order_id": 5})
    );

    let response: planso::UpdateOrderResponse =
        serde_json::from_str(r#"{"success":false}"#).unwrap();
    assert_eq!(response.message, "");
}

// ---------------------------------------------------------------------------------------------
// Wrong values are refused with a message that says what was expected

#[test]
fn planso_dates_in_another_layout_are_refused() {
    let mut order = fixture_value("planso", "create_order_request.json");
    order["repair_date"] = json!("2026-01-27");
    let message = rejection::<planso::CreateOrderRequest>(&order);
    assert!(
        message.starts_with(r#""2026-01-27" is not a date in the format DD.MM.YYYY at line 1"#),
        "{message}"
    );

    let mut order = fixture_value("planso", "create_order_request.json");
    order["appointment_date"] = json!("21.01.2026");
    let message = rejection::<planso::CreateOrderRequest>(&order);
    assert!(
        message.contains(r#""21.01.2026" is not a date in the format DD.MM.YYYY HH:MM:SS"#),
        "{message}"
    );

    let mut update = fixture_value("planso", "update_order_request.json");
    update["shop_date"] = json!("31.02.2026");
    let message = rejection::<planso::UpdateOrderRequest>(&update);
    assert!(message.contains("DD.MM.YYYY"), "{message}");
}

#[test]
fn planso_missing_or_mistyped_values_are_refused() {
    let message = rejection::<planso::CreateOrderResponse>(&json!({"message": "x"}));
    assert!(message.starts_with("missing field `success`"), "{message}");

    let message = rejection::<planso::CreateOrderResponse>(&json!({"success": "yes"}));
    assert!(message.contains("expected a boolean"), "{message}");

    // `message` has a default but is not nullable.
    let message =
        rejection::<planso::CreateOrderResponse>(&json!({"success": true, "message": null}));
    assert!(message.contains("invalid type: null"), "{message}");

    let mut order = fixture_value("planso", "create_order_request.json");
    order.as_object_mut().unwrap().remove("person");
    let message = rejection::<planso::CreateOrderRequest>(&order);
    assert!(message.starts_with("missing field `person`"), "{message}");
}

#[test]
fn compilator_wrong_values_are_refused() {
    let cases: [(&str, Value, &str); 7] = [
        (
            "/OrderDate",
            json!("21.01.2026"),
            r#""21.01.2026" is not a date in the format YYYY-MM-DD HH:MM:SS"#,
        ),
        (
            // A date without its time.
            "/DeliveryDate",
            json!("2026-01-21"),
            "is not a date in the format YYYY-MM-DD HH:MM:SS",
        ),
        (
            "/TimebookReservationId",
            json!("not-a-guid"),
            "UUID parsing failed",
        ),
        (
            "/CurrencyRate",
            json!("nine"),
            r#"invalid value: string "nine", expected a Decimal"#,
        ),
        (
            // XML carries the enum's name; JSON the integer.
            "/OrderType",
            json!("NormalOrder"),
            r#"invalid type: string "NormalOrder", expected i64"#,
        ),
        (
            "/OrderLines/1/OrderLineArticle/OrderType",
            json!("UnAffected"),
            r#"invalid type: string "UnAffected", expected i64"#,
        ),
        (
            "/OrderLines/0/LineNumber",
            json!("1"),
            r#"invalid type: string "1", expected i32"#,
        ),
    ];
    for (pointer, wrong, expected) in cases {
        let mut order = fixture_value("compilator", "order_head_request.json");
        *order.pointer_mut(pointer).expect(pointer) = wrong;
        let message = rejection::<compilator::OrderHeadRequest>(&order);
        assert!(message.contains(expected), "{pointer}: {message}");
        assert!(
            message.contains(" at line 1 column "),
            "{pointer}: {message}"
        );
    }

    let mut order = fixture_value("compilator", "order_head_request.json");
    order.as_object_mut().unwrap().remove("SalesPerson");
    let message = rejection::<compilator::OrderHeadRequest>(&order);
    assert!(
        message.starts_with("missing field `SalesPerson`"),
        "{message}"
    );
}

#[test]
fn quotevine_wrong_values_are_refused() {
    let mut order = fixture_value("quotevine", "order_request.json");
    order["update_frequency_days"] = json!("weekly");
    let message = rejection::<quotevine::OrderRequest>(&order);
    assert!(
        message.contains(r#"invalid type: string "weekly", expected i64"#),
        "{message}"
    );

    let mut order = fixture_value("quotevine", "order_request.json");
    order["order_date"] = json!("21/01/2026");
    // Refused, though the message (from `chrono`) names neither the value nor the layout.
    rejection::<quotevine::OrderRequest>(&order);

    let mut order = fixture_value("quotevine", "order_response.json");
    order["last_customer_update"] = json!("2026-01-21T09:15");
    let message = rejection::<quotevine::Order>(&order);
    assert!(
        message.contains("is not a date in the format YYYY-MM-DD HH:MM:SS"),
        "{message}"
    );

    let mut list = fixture_value("quotevine", "order_list_response.json");
    list["items"][1]["quantity"] = json!(1.5);
    let message = rejection::<quotevine::OrderList>(&list);
    assert!(
        message.contains("invalid type: floating point `1.5`, expected i64"),
        "{message}"
    );

    let message = rejection::<quotevine::Order>(&json!({"order_status": "Order Placed"}));
    assert!(
        message.starts_with("missing field `vehicle_order_id`"),
        "{message}"
    );
}
