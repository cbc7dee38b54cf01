//! Every operation of the three APIs against a local mock server: what goes on the wire (method,
//! exact path, headers, body) and what each kind of answer becomes (a typed body, a typed error
//! body, a raw error, a rejection, a decode error). Retries are off: they are not the point here.

mod common;

use std::collections::BTreeMap;
use std::fmt::Debug;

use chrono::NaiveDate;
use generated::compilator::types as compilator;
use generated::planso::types as planso;
use generated::quotevine::types as quotevine;
use generated::runtime::{
    ApiError, DecodeError, DmyDate, DmyDateTime, Error, Nullable, Rejected, RetryPolicy,
    StatusCode, ValidationError, YmdDateTime,
};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use common::{compilator_order_response, fixture_as, fixture_json};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A mock server that gives `answer` to any request; what was asked is checked afterwards, so
/// that a wrong method, path or header fails with a message naming it rather than a 404.
async fn answering(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(answer).mount(&server).await;
    server
}

/// A JSON answer with exactly these bytes.
fn json_answer(status: u16, body: impl AsRef<[u8]>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_ref().to_vec(), "application/json")
}

/// The one request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:?}"
    );
    requests.remove(0)
}

/// Checks that the server received nothing at all.
async fn assert_nothing_sent(server: &MockServer) {
    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert!(requests.is_empty(), "nothing may be sent: {requests:?}");
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("a text header"))
}

/// Checks the method and the exact path (no query) of `request`.
fn assert_route(request: &Request, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method, "method");
    assert_eq!(request.url.path(), path, "path");
    assert_eq!(request.url.query(), None, "query");
}

/// Checks that `request` carries `sent` as its JSON body, byte for byte as the client
/// serializes it, and returns the body as JSON.
fn assert_json_body(request: &Request, sent: &impl Serialize) -> Value {
    assert_eq!(header(request, "content-type"), Some("application/json"));
    let expected = serde_json::to_vec(sent).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected),
        "the body sent is not the serialized request"
    );
    serde_json::from_slice(&request.body).expect("the body sent is JSON")
}

/// Checks that `request` has no body and no content type.
fn assert_no_body(request: &Request) {
    assert!(
        request.body.is_empty(),
        "a body was sent: {:?}",
        request.body
    );
    assert_eq!(header(request, "content-type"), None);
}

/// `value` with every number as a float: JSON has one number type, so `123` and `123.0` are the
/// same value, and a `double` field read as `123` is written back as `123.0`.
fn numbers_as_floats(value: &Value) -> Value {
    match value {
        Value::Number(number) => json!(number.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_floats).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), numbers_as_floats(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn api_error<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> ApiError<E> {
    match result {
        Err(Error::Api(error)) => *error,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn decode_error<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> DecodeError {
    match result {
        Err(Error::Decode(error)) => *error,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

fn rejected<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> Rejected {
    match result {
        Err(Error::Rejected(rejected)) => *rejected,
        other => panic!("expected Error::Rejected, got {other:?}"),
    }
}

/// The violations of an [`Error::InvalidRequest`], as text.
fn invalid_request<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> Vec<String> {
    match result {
        Err(Error::InvalidRequest(error)) => violations(&error),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

fn violations(error: &ValidationError) -> Vec<String> {
    error.violations().iter().map(|v| v.to_string()).collect()
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn stamp(year: i32, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> YmdDateTime {
    YmdDateTime::new(date(year, month, day).and_hms_opt(hour, min, sec).unwrap())
}

// ---------------------------------------------------------------------------------------------
// planso

fn planso_client(server: &MockServer) -> generated::planso::Client {
    generated::planso::Client::builder(server.uri().as_str())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// A create request with only the required fields set.
fn planso_minimal_order() -> planso::CreateOrderRequest {
    let vehicle = planso::VehicleDetailsModel {
        number_plate: Some("KL-AB 1234".into()),
        ..Default::default()
    };
    planso::CreateOrderRequest::new(
        vehicle,
        "Max Mustermann".into(),
        "+49 170 1234567".into(),
        "max.mustermann@example.com".into(),
        1,
        "KL 2-3".into(),
        "27.01.2026".parse().unwrap(),
        "26.01.2026".parse().unwrap(),
        12.5,
        4.0,
    )
}

#[tokio::test]
async fn planso_create_order_posts_the_sample_order_and_reads_the_created_ids() {
    let server = answering(
        json_answer(200, common::fixture("planso", "create_order_response.json"))
            .insert_header("x-request-id", "reit-0001"),
    )
    .await;
    let order: planso::CreateOrderRequest = fixture_as("planso", "create_order_request.json");

    let response = planso_client(&server).create_order(&order).await.unwrap();

    let request = the_request(&server).await;
    assert_route(&request, "POST", "/api/orders");
    let sent = assert_json_body(&request, &order);
    // Every field of the sample is sent, with its value; the hours are `double`s, so the
    // sample's `123` goes out as `123.0`.
    assert_eq!(
        numbers_as_floats(&sent),
        numbers_as_floats(&fixture_json("planso", "create_order_request.json"))
    );
    assert_eq!(sent["est_hours_karo"], json!(123.0));
    assert_eq!(sent["repair_date"], "27.01.2026");
    assert_eq!(sent["appointment_date"], "21.01.2026 14:30:00");
    assert_eq!(sent["vehicle_details"]["makeID"], 123);

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.headers["x-request-id"], "reit-0001");
    let created = response.body;
    assert!(created.success);
    assert_eq!(created.message, "");
    assert_eq!(created.order_id, Nullable::Value(123));
    assert_eq!(
        created.project_number,
        Nullable::Value("<string>".to_owned())
    );
    assert!(created.unknown_fields.is_empty());
}

#[tokio::test]
async fn planso_create_order_sends_only_the_fields_that_are_set() {
    let server = answering(json_answer(200, r#"{"success": true, "order_id": 7}"#)).await;
    let mut order = planso_minimal_order();
    order.remarks = Nullable::Value("Kunde wartet".into());
    order.paint_date = Nullable::Null;
    order.appointment_date = Nullable::Value("21.01.2026 14:30:00".parse().unwrap());

    planso_client(&server).create_order(&order).await.unwrap();

    let sent = assert_json_body(&the_request(&server).await, &order);
    assert_eq!(
        sent,
        json!({
            "vehicle_details": {"number_plate": "KL-AB 1234"},
            "person": "Max Mustermann",
            "phone": "+49 170 1234567",
            "email": "max.mustermann@example.com",
            "customer_category": 1,
            "damage": "KL 2-3",
            "repair_date": "27.01.2026",
            "shop_date": "26.01.2026",
            "est_hours_karo": 12.5,
            "est_hours_lack": 4.0,
            "appointment_date": "21.01.2026 14:30:00",
            "remarks": "Kunde wartet",
            "paint_date": null,
        })
    );
    // The spec's default for `type_of_date` ("0") is documented, never sent unasked.
    assert!(sent.get("type_of_date").is_none());
}

#[tokio::test]
async fn planso_vendor_dates_go_out_in_the_vendor_layout() {
    let server = answering(json_answer(200, r#"{"success": true}"#)).await;
    let mut order = planso_minimal_order();
    order.repair_date = DmyDate(date(2026, 2, 3));
    order.appointment_date =
        Nullable::Value(DmyDateTime(date(2026, 2, 1).and_hms_opt(8, 5, 0).unwrap()));

    planso_client(&server).create_order(&order).await.unwrap();

    let sent: Value = serde_json::from_slice(&the_request(&server).await.body).unwrap();
    assert_eq!(sent["repair_date"], "03.02.2026");
    assert_eq!(sent["appointment_date"], "01.02.2026 08:05:00");
}

#[tokio::test]
async fn planso_update_order_puts_the_sample_update_to_the_order_path() {
    let server = answering(json_answer(
        200,
        common::fixture("planso", "update_order_response.json"),
    ))
    .await;
    let update: planso::UpdateOrderRequest = fixture_as("planso", "update_order_request.json");

    let response = planso_client(&server)
        .update_order(123, &update)
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_route(&request, "PUT", "/api/orders/123");
    let sent = assert_json_body(&request, &update);
    assert_eq!(
        numbers_as_floats(&sent),
        numbers_as_floats(&fixture_json("planso", "update_order_request.json"))
    );
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.success);
    assert_eq!(response.body.message, "");
    assert_eq!(response.body.order_id, Nullable::Value(123));
}

#[tokio::test]
async fn planso_update_order_refuses_a_body_for_another_order() {
    let server = answering(json_answer(200, r#"{"success": true, "order_id": 4711}"#)).await;
    let update = planso::UpdateOrderRequest::new(4712);

    let result = planso_client(&server).update_order(4711, &update).await;

    assert_eq!(
        invalid_request(result),
        vec![
            "order_id: is \"4711\" in the path but \"4712\" in the body's `order_id`; both must name the same"
        ]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn planso_update_order_sends_null_to_clear_and_leaves_absent_fields_out() {
    let server = answering(json_answer(200, r#"{"success": true, "order_id": 4711}"#)).await;
    let mut update = planso::UpdateOrderRequest::new(4711);
    update.person = Nullable::Value("Erika Mustermann".into());
    update.repair_date = Nullable::Value(DmyDate(date(2026, 1, 29)));
    update.appointment_date = Nullable::Null;
    update.remarks = Nullable::Null;

    let response = planso_client(&server)
        .update_order(4711, &update)
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_route(&request, "PUT", "/api/orders/4711");
    let sent = assert_json_body(&request, &update);
    assert_eq!(
        sent,
        json!({
            "order_id": 4711,
            "person": "Erika Mustermann",
            "repair_date": "29.01.2026",
            "appointment_date": null,
            "remarks": null,
        })
    );
    assert_eq!(response.body.order_id, Nullable::Value(4711));
}

#[tokio::test]
async fn planso_a_fastapi_validation_error_is_typed_and_the_raw_body_kept() {
    let body = json!({
        "detail": [
            {
                "loc": ["body", "vehicle_details", "makeID"],
                "msg": "Input should be a valid integer",
                "type": "int_parsing",
                "input": "VW",
            },
            {
                "loc": ["body", "email"],
                "msg": "String should have at least 1 character",
                "type": "string_too_short",
                "ctx": {"min_length": 1},
            },
        ]
    })
    .to_string();
    let server = answering(json_answer(422, &body)).await;

    let error = api_error(
        planso_client(&server)
            .create_order(&planso_minimal_order())
            .await,
    );

    use planso::ValidationErrorLocItem::String as Loc;
    let mut make_id = planso::ValidationError::new(
        vec![
            Loc("body".into()),
            Loc("vehicle_details".into()),
            Loc("makeID".into()),
        ],
        "Input should be a valid integer".into(),
        "int_parsing".into(),
    );
    make_id.unknown_fields.insert("input".into(), json!("VW"));
    let mut email = planso::ValidationError::new(
        vec![Loc("body".into()), Loc("email".into())],
        "String should have at least 1 character".into(),
        "string_too_short".into(),
    );
    email
        .unknown_fields
        .insert("ctx".into(), json!({"min_length": 1}));
    let expected = planso::HttpValidationError {
        detail: Some(vec![make_id, email]),
        unknown_fields: BTreeMap::new(),
    };
    assert_eq!(
        error.typed,
        Some(generated::planso::CreateOrderError::UnprocessableEntity(
            expected
        ))
    );
    assert_eq!(error.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error.body, body.as_bytes());
    assert_eq!(error.method.as_str(), "POST");
    assert_eq!(error.path, "/api/orders");
}

#[tokio::test]
async fn planso_a_validation_error_location_may_hold_an_index() {
    let body =
        r#"{"detail":[{"loc":["body","order_id",0],"msg":"Field required","type":"missing"}]}"#;
    let server = answering(json_answer(422, body)).await;

    let error = api_error(
        planso_client(&server)
            .update_order(5, &planso::UpdateOrderRequest::new(5))
            .await,
    );

    let Some(generated::planso::UpdateOrderError::UnprocessableEntity(typed)) = error.typed else {
        panic!("not typed as a validation error: {:?}", error.typed);
    };
    let detail = typed.detail.expect("the detail list");
    assert_eq!(
        detail[0].loc,
        [
            planso::ValidationErrorLocItem::String("body".into()),
            planso::ValidationErrorLocItem::String("order_id".into()),
            planso::ValidationErrorLocItem::Integer(0),
        ]
    );
    assert_eq!(error.body, body.as_bytes());
}

#[tokio::test]
async fn planso_any_other_error_status_is_typed_as_the_fastapi_detail() {
    let server = answering(json_answer(500, r#"{"detail":"boom"}"#)).await;
    let error = api_error(
        planso_client(&server)
            .create_order(&planso_minimal_order())
            .await,
    );
    assert_eq!(
        error.typed,
        Some(generated::planso::CreateOrderError::Other(
            planso::ErrorDetail::new("boom".into())
        ))
    );
    assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error.body, r#"{"detail":"boom"}"#.as_bytes());

    let server = answering(json_answer(404, r#"{"detail":"Order not found"}"#)).await;
    let error = api_error(
        planso_client(&server)
            .update_order(999, &planso::UpdateOrderRequest::new(999))
            .await,
    );
    assert_eq!(
        error.typed,
        Some(generated::planso::UpdateOrderError::Other(
            planso::ErrorDetail::new("Order not found".into())
        ))
    );
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(
        error.to_string(),
        "PUT /api/orders/{order_id}: the server answered 404 Not Found: {\"detail\":\"Order not found\"}"
    );
}

#[tokio::test]
async fn planso_an_error_body_of_another_shape_is_kept_raw() {
    // A 422 whose body is not FastAPI's list, and a proxy's HTML page.
    for (status, body) in [
        (422, r#"{"detail":"plate unknown"}"#),
        (502, "<html><body>Bad Gateway</body></html>"),
    ] {
        let server = answering(ResponseTemplate::new(status).set_body_string(body)).await;
        let error = api_error(
            planso_client(&server)
                .create_order(&planso_minimal_order())
                .await,
        );
        assert_eq!(error.typed, None, "{status}");
        assert_eq!(error.status.as_u16(), status);
        assert_eq!(error.body_text(), body);
    }
}

#[tokio::test]
async fn planso_success_false_is_rejected_with_the_reason_and_the_raw_body() {
    let body = r#"{"success": false, "message": "Kennzeichen unbekannt", "order_id": null}"#;
    let server = answering(json_answer(200, body)).await;
    let rejection = rejected(
        planso_client(&server)
            .create_order(&planso_minimal_order())
            .await,
    );
    assert_eq!(rejection.message.as_deref(), Some("Kennzeichen unbekannt"));
    assert_eq!(rejection.body, body.as_bytes());
    assert_eq!(rejection.status, StatusCode::OK);
    assert_eq!(rejection.method.as_str(), "POST");
    assert_eq!(rejection.path, "/api/orders");
    assert_eq!(
        rejection.to_string(),
        "POST /api/orders: the server answered 200 OK but reported a failure: Kennzeichen unbekannt"
    );

    let body = r#"{"success":false,"message":"Auftrag ist bereits abgeschlossen"}"#;
    let server = answering(json_answer(200, body)).await;
    let rejection = rejected(
        planso_client(&server)
            .update_order(123, &planso::UpdateOrderRequest::new(123))
            .await,
    );
    assert_eq!(
        rejection.message.as_deref(),
        Some("Auftrag ist bereits abgeschlossen")
    );
    assert_eq!(rejection.body_text(), body);
    assert_eq!(rejection.method.as_str(), "PUT");
    assert_eq!(rejection.path, "/api/orders/{order_id}");
}

#[tokio::test]
async fn planso_success_false_is_rejected_even_when_other_fields_do_not_fit() {
    let body = r#"{"success": false, "message": "plate unknown", "order_id": ""}"#;
    let server = answering(json_answer(200, body)).await;
    let rejection = rejected(
        planso_client(&server)
            .create_order(&planso_minimal_order())
            .await,
    );
    assert_eq!(rejection.message.as_deref(), Some("plate unknown"));
}

/// A flag that comes twice counts by its last value, as in a `serde_json::Value`: a body that
/// says `true` and then `false` is a rejection, and one that says `false` and then `true` is
/// not (decoding the body first, to read its flag from it, must not change that).
#[tokio::test]
async fn planso_a_repeated_flag_counts_by_its_last_value() {
    let body = r#"{"success": true, "order_id": 3, "success": false, "message": "zu spät"}"#;
    let server = answering(json_answer(200, body)).await;
    let rejection = rejected(
        planso_client(&server)
            .create_order(&planso_minimal_order())
            .await,
    );
    assert_eq!(rejection.message.as_deref(), Some("zu spät"));

    let body = r#"{"success": false, "message": "", "success": true, "order_id": 3}"#;
    let server = answering(json_answer(200, body)).await;
    let result = planso_client(&server)
        .create_order(&planso_minimal_order())
        .await;
    // Not a rejection; the repeated key makes the body one the declared type does not read.
    match result {
        Err(Error::Decode(error)) => assert!(error.message.contains("duplicate field")),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn planso_success_false_without_a_reason_is_rejected_without_a_message() {
    let body = r#"{"success": false}"#;
    let server = answering(json_answer(200, body)).await;
    let rejection = rejected(
        planso_client(&server)
            .create_order(&planso_minimal_order())
            .await,
    );
    assert_eq!(rejection.message, None);
    assert!(rejection
        .to_string()
        .ends_with("reported a failure without a reason"));
}

#[tokio::test]
async fn planso_success_without_a_message_reads_the_default() {
    let server = answering(json_answer(200, r#"{"success": true}"#)).await;
    let created = planso_client(&server)
        .create_order(&planso_minimal_order())
        .await
        .unwrap()
        .into_body();
    assert!(created.success);
    assert_eq!(created.message, "");
    assert_eq!(created.order_id, Nullable::Absent);
    assert_eq!(created.project_number, Nullable::Absent);

    let server = answering(json_answer(200, r#"{"success": true}"#)).await;
    let updated = planso_client(&server)
        .update_order(8, &planso::UpdateOrderRequest::new(8))
        .await
        .unwrap()
        .into_body();
    assert!(updated.success);
    assert_eq!(updated.message, "");
    assert_eq!(updated.order_id, Nullable::Absent);
}

#[tokio::test]
async fn planso_a_success_body_that_does_not_fit_is_a_decode_error_naming_the_field() {
    for (body, json_path) in [
        (r#"{"success": "yes"}"#, "success"),
        (r#"{"success": true, "order_id": "123"}"#, "order_id"),
        (r#"{"message": "created"}"#, "."),
    ] {
        let server = answering(json_answer(200, body)).await;
        let error = decode_error(
            planso_client(&server)
                .create_order(&planso_minimal_order())
                .await,
        );
        assert_eq!(error.json_path, json_path, "{body}");
        assert_eq!(error.body, body.as_bytes());
        assert_eq!(error.status, StatusCode::OK);
        assert_eq!(error.path, "/api/orders");
        assert!(
            error.to_string().contains(&format!("at `{json_path}`")),
            "{error}"
        );
    }
}

#[tokio::test]
async fn planso_an_invalid_order_is_refused_before_anything_is_sent() {
    let server = answering(json_answer(200, r#"{"success": true}"#)).await;
    let mut order = planso_minimal_order();
    order.person = String::new();
    order.email = String::new();

    let refused = invalid_request(planso_client(&server).create_order(&order).await);

    assert_eq!(
        refused,
        [
            "person: is 0 characters long; at least 1 are required",
            "email: is 0 characters long; at least 1 are required",
        ]
    );
    assert_nothing_sent(&server).await;
}

// ---------------------------------------------------------------------------------------------
// quotevine

const QUOTEVINE_KEY: &str = "qv-test-key-0001";
/// The path of the API below the customer's host, as in the spec's server URL.
const QUOTEVINE_BASE_PATH: &str = "/qvine/quotevine/api/v2";

fn quotevine_client(server: &MockServer) -> generated::quotevine::Client {
    generated::quotevine::Client::builder(format!("{}{QUOTEVINE_BASE_PATH}", server.uri()).as_str())
        .api_key(QUOTEVINE_KEY)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn quotevine_order() -> quotevine::OrderRequest {
    fixture_as("quotevine", "order_request.json")
}

/// Checks what every quotevine request carries: the API key.
fn assert_api_key(request: &Request) {
    assert_eq!(header(request, "api-key"), Some(QUOTEVINE_KEY));
}

/// Checks the values of `quotevine/order_response.json` as read.
fn assert_is_the_sample_order(order: &quotevine::Order) {
    assert_eq!(order.vehicle_order_id, 90311);
    assert_eq!(order.proposal_id, Nullable::Value(48213));
    assert_eq!(order.order_date, Nullable::Value(date(2026, 1, 21)));
    assert_eq!(
        order.creation_date,
        Nullable::Value(stamp(2026, 1, 21, 9, 12, 44))
    );
    assert_eq!(order.new_used, Nullable::Value(quotevine::NewUsed::New));
    assert_eq!(
        order.delivery_method,
        Nullable::Value(quotevine::DeliveryMethod::DeliveryDriver)
    );
    assert_eq!(order.dealer_id, Nullable::Null);
    assert_eq!(order.k4k_flag, Nullable::Null);
    assert_eq!(
        order.update_frequency_days,
        Nullable::Value(quotevine::UpdateFrequencyDays::Every7Days)
    );
    assert_eq!(
        order.vehicle_registree,
        Nullable::Value(quotevine::VehicleRegistree::Funder)
    );
    assert!(
        order.unknown_fields.is_empty(),
        "{:?}",
        order.unknown_fields
    );
}

/// The Order a create or an update answered with; any other answer fails the test.
fn the_saved_order(saved: &quotevine::OrderSaved) -> &quotevine::Order {
    match saved {
        quotevine::OrderSaved::Order(order) => order,
        other => panic!("an Order was answered, got {other:?}"),
    }
}

#[tokio::test]
async fn quotevine_create_order_posts_to_the_relationship_orders_with_the_api_key() {
    let server = answering(
        json_answer(200, common::fixture("quotevine", "order_response.json"))
            .insert_header("x-request-id", "qv-1"),
    )
    .await;
    let order = quotevine_order();

    let response = quotevine_client(&server)
        .create_order(1234, &order)
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_route(
        &request,
        "POST",
        "/qvine/quotevine/api/v2/relationships/1234/orders/",
    );
    assert_api_key(&request);
    let sent = assert_json_body(&request, &order);
    assert_eq!(sent, fixture_json("quotevine", "order_request.json"));
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.headers["x-request-id"], "qv-1");
    assert_is_the_sample_order(the_saved_order(&response.body));
}

#[tokio::test]
async fn quotevine_create_order_leaves_out_what_is_not_set() {
    let server = answering(json_answer(200, r#"{"vehicle_order_id": 1}"#)).await;
    let mut order =
        quotevine::OrderRequest::new(48213, "Order Placed".into(), 1052, "End of March".into());
    order.delivery_slot = Some(quotevine::DeliverySlot::Pm);
    order.last_customer_update = Some(stamp(2026, 1, 21, 9, 15, 0));

    quotevine_client(&server)
        .create_order(77, &order)
        .await
        .unwrap();

    let sent = assert_json_body(&the_request(&server).await, &order);
    assert_eq!(
        sent,
        json!({
            "proposal_id": 48213,
            "order_status": "Order Placed",
            "dealer_id": 1052,
            "target_delivery_date": "End of March",
            "delivery_slot": "PM",
            "last_customer_update": "2026-01-21 09:15:00",
        })
    );
}

#[tokio::test]
async fn quotevine_list_orders_gets_the_relationship_orders() {
    let server = answering(json_answer(
        200,
        common::fixture("quotevine", "order_list_response.json"),
    ))
    .await;

    let response = quotevine_client(&server).list_orders(1234).await.unwrap();

    let request = the_request(&server).await;
    assert_route(
        &request,
        "GET",
        "/qvine/quotevine/api/v2/relationships/1234/orders/",
    );
    assert_api_key(&request);
    assert_no_body(&request);
    assert_eq!(response.status, StatusCode::OK);
    let list = response.body;
    assert_is_the_sample_order(&list.items[0]);
    assert_eq!(list.items.len(), 2);
    let second = &list.items[1];
    assert_eq!(second.vehicle_order_id, 90287);
    assert_eq!(second.new_used, Nullable::Value(quotevine::NewUsed::Used));
    assert_eq!(second.dealer_id, Nullable::Value(1052));
    assert_eq!(
        second.update_frequency_days,
        Nullable::Value(quotevine::UpdateFrequencyDays::NoUpdates)
    );
    assert_eq!(
        list.first.expect("the first link").ref_,
        "https://example.quotevineapp.com/qvine/quotevine/api/v2/relationships/1234/orders/"
    );
}

#[tokio::test]
async fn quotevine_get_order_gets_the_order_path() {
    let server = answering(json_answer(
        200,
        common::fixture("quotevine", "order_response.json"),
    ))
    .await;

    let response = quotevine_client(&server)
        .get_order(1234, 90311)
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_route(
        &request,
        "GET",
        "/qvine/quotevine/api/v2/relationships/1234/orders/90311/",
    );
    assert_api_key(&request);
    assert_no_body(&request);
    assert_eq!(response.status, StatusCode::OK);
    assert_is_the_sample_order(&response.body);
}

#[tokio::test]
async fn quotevine_update_order_puts_the_order_to_the_order_path() {
    let server = answering(json_answer(
        200,
        common::fixture("quotevine", "order_response.json"),
    ))
    .await;
    let order = quotevine_order();

    let response = quotevine_client(&server)
        .update_order(1234, 90311, &order)
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_route(
        &request,
        "PUT",
        "/qvine/quotevine/api/v2/relationships/1234/orders/90311/",
    );
    assert_api_key(&request);
    let sent = assert_json_body(&request, &order);
    assert_eq!(sent, fixture_json("quotevine", "order_request.json"));
    assert_is_the_sample_order(the_saved_order(&response.body));
}

#[tokio::test]
async fn quotevine_the_published_example_order_is_read_with_nothing_lost() {
    let published = common::fixture("quotevine", "published_order.json");
    let server = answering(json_answer(200, &published)).await;

    let response = quotevine_client(&server)
        .create_order(1234, &quotevine_order())
        .await
        .unwrap();

    let order = the_saved_order(&response.body);
    assert_eq!(order.vehicle_order_id, 154709);
    assert_eq!(
        order.external_reference,
        Nullable::Value(quotevine::ExternalReference::Integer(104))
    );
    assert_eq!(
        order.new_used,
        Nullable::Value(quotevine::NewUsed::NewUpperCase)
    );
    assert_eq!(order.quantity, Nullable::Value(1));
    assert_eq!(order.driver_id, Nullable::Null);
    assert_eq!(order.order_number, Nullable::Null);
    assert_eq!(order.k4k_flag, Nullable::Value("N".into()));
    assert_eq!(order.delivery_method, Nullable::Null);
    assert_eq!(order.vehicle_registree, Nullable::Null);
    assert_eq!(order.dealer_id, Nullable::Null);
    assert_eq!(
        order.order_status,
        Nullable::Value("Sent to Customer".into())
    );
    assert!(
        order.unknown_fields.is_empty(),
        "{:?}",
        order.unknown_fields
    );
    // Written back, it is the same document: every field, every null, `104` still a number.
    assert_eq!(
        serde_json::to_value(order).unwrap(),
        fixture_json("quotevine", "published_order.json")
    );

    // A text reference is read too.
    let text = published.replace(
        "\"external_reference\": 104",
        "\"external_reference\": \"EXT-104\"",
    );
    let order: quotevine::Order = serde_json::from_str(&text).unwrap();
    assert_eq!(
        order.external_reference,
        Nullable::Value(quotevine::ExternalReference::String("EXT-104".into()))
    );
}

#[tokio::test]
async fn quotevine_an_update_that_answers_no_order_is_a_success() {
    // `{}` as other v2 objects document, a `null`, and no body at all (with and without a
    // JSON content type): each is the success it is, never a decode error.
    let answers = [
        (json_answer(200, "{}"), Some(serde_json::Map::new())),
        (json_answer(200, "null"), None),
        (json_answer(200, ""), None),
        (ResponseTemplate::new(200), None),
        (json_answer(200, " \r\n"), None),
    ];
    for (answer, expected) in answers {
        let server = answering(answer).await;
        let response = quotevine_client(&server)
            .update_order(1234, 154709, &quotevine_order())
            .await
            .unwrap_or_else(|err| panic!("a successful update was reported as {err:?}"));
        assert_eq!(response.status, StatusCode::OK);
        let expected: Option<quotevine::Acknowledgement> =
            expected.map(|map| map.into_iter().collect());
        assert_eq!(
            response.body,
            quotevine::OrderSaved::Acknowledgement(expected)
        );
        // Sent once: a success is not repeated.
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }

    // An object that is not an Order is kept whole: still a success, nothing lost.
    let server = answering(json_answer(200, r#"{"result": "saved"}"#)).await;
    let response = quotevine_client(&server)
        .update_order(1234, 154709, &quotevine_order())
        .await
        .unwrap();
    let kept: quotevine::Acknowledgement = [("result".to_owned(), json!("saved"))].into();
    assert_eq!(
        response.body,
        quotevine::OrderSaved::Acknowledgement(Some(kept))
    );

    // A create may answer the same way.
    let server = answering(json_answer(
        200,
        common::fixture("quotevine", "update_order_response.json"),
    ))
    .await;
    let response = quotevine_client(&server)
        .create_order(1234, &quotevine_order())
        .await
        .unwrap();
    assert!(matches!(
        response.body,
        quotevine::OrderSaved::Acknowledgement(Some(ref ack)) if ack.is_empty()
    ));
}

#[tokio::test]
async fn quotevine_an_update_answer_that_is_neither_an_order_nor_empty_is_a_decode_error() {
    for body in ["[]", "42", "\"saved\""] {
        let server = answering(json_answer(200, body)).await;
        let err = quotevine_client(&server)
            .update_order(1234, 154709, &quotevine_order())
            .await
            .unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("{body}: a decode error, got {err:?}")
        };
        assert_eq!(decode.status, StatusCode::OK);
        assert_eq!(decode.body, body.as_bytes());
    }
}

#[tokio::test]
async fn quotevine_an_order_read_is_put_back_with_a_change() {
    let server = answering(json_answer(
        200,
        common::fixture("quotevine", "order_response.json"),
    ))
    .await;
    let client = quotevine_client(&server);
    let mut order = client.get_order(1234, 90311).await.unwrap().into_body();

    // The sample order has no dealer, which a request requires.
    let missing = quotevine::OrderRequest::try_from(&order).unwrap_err();
    assert_eq!(
        violations(&missing),
        vec!["dealer_id: has no value in the Order read; the request requires one"]
    );

    order.dealer_id = Nullable::Value(1052);
    let mut request = quotevine::OrderRequest::try_from(&order).unwrap();
    request.contact_name = Some("Sam Jones".into());
    client.update_order(1234, 90311, &request).await.unwrap();

    // What was read, less what the request does not have and what was null, with the change.
    let read = fixture_json("quotevine", "order_response.json");
    let mut expected = serde_json::Map::new();
    for (name, _) in fixture_json("quotevine", "order_request.json")
        .as_object()
        .unwrap()
    {
        match &read[name] {
            Value::Null => {}
            value => {
                expected.insert(name.clone(), value.clone());
            }
        }
    }
    expected.insert("dealer_id".into(), json!(1052));
    expected.insert("contact_name".into(), json!("Sam Jones"));
    let requests = server.received_requests().await.unwrap();
    assert_route(
        &requests[1],
        "PUT",
        "/qvine/quotevine/api/v2/relationships/1234/orders/90311/",
    );
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(
        numbers_as_floats(&sent),
        numbers_as_floats(&Value::Object(expected))
    );
}

#[tokio::test]
async fn quotevine_a_base_url_with_a_trailing_slash_gives_the_same_paths() {
    let server = answering(json_answer(200, r#"{"items": []}"#)).await;
    let client = generated::quotevine::Client::builder(
        format!("{}{QUOTEVINE_BASE_PATH}/", server.uri()).as_str(),
    )
    .api_key(QUOTEVINE_KEY)
    .retry_policy(RetryPolicy::none())
    .build()
    .unwrap();

    let list = client.list_orders(42).await.unwrap().into_body();

    assert!(list.items.is_empty());
    assert_route(
        &the_request(&server).await,
        "GET",
        "/qvine/quotevine/api/v2/relationships/42/orders/",
    );
}

#[tokio::test]
async fn quotevine_errors_have_no_declared_body_and_keep_what_the_server_sent() {
    let server = answering(
        ResponseTemplate::new(404)
            .set_body_string("Not found.")
            .insert_header("x-request-id", "qv-404"),
    )
    .await;

    let error = api_error(quotevine_client(&server).get_order(1234, 1).await);

    assert!(error.typed.is_none());
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error.body, "Not found.".as_bytes());
    assert_eq!(error.body_text(), "Not found.");
    assert_eq!(error.headers["x-request-id"], "qv-404");
    assert_eq!(error.method.as_str(), "GET");
    assert_eq!(error.path, "/relationships/{id}/orders/{order_id}/");
    assert_eq!(
        error.to_string(),
        "GET /relationships/{id}/orders/{order_id}/: the server answered 404 Not Found: Not found."
    );

    let body = r#"{"errors": {"order_status": ["Not a configured order status"]}}"#;
    let server = answering(json_answer(400, body)).await;
    let error = api_error(
        quotevine_client(&server)
            .create_order(1234, &quotevine_order())
            .await,
    );
    assert!(error.typed.is_none());
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error.body, body.as_bytes());
    assert_eq!(error.headers["content-type"], "application/json");
}

#[tokio::test]
async fn quotevine_an_order_date_in_another_layout_is_a_decode_error_naming_the_field() {
    let mut order = fixture_json("quotevine", "order_response.json");
    order["order_date"] = json!("21/01/2026");
    let body = order.to_string();
    let server = answering(json_answer(200, &body)).await;

    let error = decode_error(quotevine_client(&server).get_order(1234, 90311).await);

    assert_eq!(error.json_path, "order_date");
    assert_eq!(error.body, body.as_bytes());
    assert_eq!(error.status, StatusCode::OK);
    assert_eq!(error.path, "/relationships/{id}/orders/{order_id}/");

    let mut list = fixture_json("quotevine", "order_list_response.json");
    list["items"][1]["last_update_date"] = json!("19.01.2026 16:40:27");
    let body = list.to_string();
    let server = answering(json_answer(200, &body)).await;

    let error = decode_error(quotevine_client(&server).list_orders(1234).await);

    assert_eq!(error.json_path, "items[1].last_update_date");
    assert_eq!(error.body_text(), body);
}

#[tokio::test]
async fn quotevine_unknown_values_and_fields_of_an_order_are_kept() {
    let mut order = fixture_json("quotevine", "order_response.json");
    // `NEW` is a documented spelling (a variant of its own); `USED` is not, and is kept.
    order["new_used"] = json!("USED");
    order["delivery_method"] = json!("Drone");
    order["update_frequency_days"] = json!(5);
    let fields = order.as_object_mut().unwrap();
    fields.remove("delivery_property");
    fields.insert("delivery_address".into(), json!("12 Park Lane"));
    fields.insert("funder_name".into(), json!("Example Vehicle Finance Ltd"));
    fields.insert("tags".into(), json!(["fleet", {"priority": 2}]));
    let server = answering(json_answer(200, order.to_string())).await;

    let read = quotevine_client(&server)
        .get_order(1234, 90311)
        .await
        .unwrap()
        .into_body();

    assert_eq!(
        read.new_used,
        Nullable::Value(quotevine::NewUsed::Unknown("USED".into()))
    );
    assert_eq!(
        read.delivery_method,
        Nullable::Value(quotevine::DeliveryMethod::Unknown("Drone".into()))
    );
    assert_eq!(
        read.update_frequency_days,
        Nullable::Value(quotevine::UpdateFrequencyDays::Unknown(5))
    );
    // The documented other name of a field is read into the field.
    assert_eq!(
        read.delivery_property,
        Nullable::Value("12 Park Lane".into())
    );
    assert_eq!(
        read.unknown_fields,
        BTreeMap::from([
            (
                "funder_name".to_owned(),
                json!("Example Vehicle Finance Ltd")
            ),
            ("tags".to_owned(), json!(["fleet", {"priority": 2}])),
        ])
    );
    // Written back, the unknown values come out as they came in.
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(written["new_used"], "USED");
    assert_eq!(written["update_frequency_days"], 5);
    assert_eq!(written["tags"], json!(["fleet", {"priority": 2}]));
}

#[tokio::test]
async fn quotevine_an_undocumented_value_is_refused_before_anything_is_sent() {
    let server = answering(json_answer(200, r#"{"vehicle_order_id": 1}"#)).await;
    let mut order = quotevine_order();
    order.new_used = Some(quotevine::NewUsed::Unknown("Demonstrator".into()));

    let refused = invalid_request(
        quotevine_client(&server)
            .update_order(1234, 90311, &order)
            .await,
    );

    assert_eq!(
        refused,
        ["new_used: \"Demonstrator\" is not one of the documented values"]
    );
    assert_nothing_sent(&server).await;
}

#[test]
fn quotevine_builder_for_subdomain_checks_the_subdomain() {
    for bad in [
        "bad/host",
        "",
        "evil.com",
        "x@evil",
        "acme:8080",
        "-acme",
        "acme leasing",
    ] {
        assert!(
            generated::quotevine::Client::builder_for_subdomain(bad).is_err(),
            "{bad:?} was accepted"
        );
    }
    let client = generated::quotevine::Client::builder_for_subdomain("acme-leasing")
        .unwrap()
        .api_key(QUOTEVINE_KEY)
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(
        debug.contains(r#"base: "https://acme-leasing.quotevineapp.com/qvine/quotevine/api/v2""#),
        "{debug}"
    );
    assert!(!debug.contains(QUOTEVINE_KEY), "{debug}");
}

// ---------------------------------------------------------------------------------------------
// compilator

fn compilator_client(server: &MockServer) -> generated::compilator::Client {
    generated::compilator::Client::builder(server.uri().as_str())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn compilator_order() -> compilator::OrderHeadRequest {
    fixture_as("compilator", "order_head_request.json")
}

#[tokio::test]
async fn compilator_create_order_posts_the_sample_order_and_reads_the_new_id() {
    let server = answering(json_answer(
        200,
        common::fixture("compilator", "create_order_response.json"),
    ))
    .await;
    let order = compilator_order();

    let response = compilator_client(&server)
        .create_order(&order)
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_route(&request, "POST", "/api/Orders");
    // Authentication is optional and was not configured: nothing is sent in its place.
    assert_eq!(header(&request, "authorization"), None);
    let sent = assert_json_body(&request, &order);
    assert_eq!(sent, fixture_json("compilator", "order_head_request.json"));
    assert_eq!(sent["OrderDate"], "2026-01-21 22:50:35");
    assert_eq!(sent["CurrencyRate"], json!(9.0));
    assert_eq!(sent["OrderLines"][0]["OrderLineArticle"]["OrderType"], 0);
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, 1);
}

#[tokio::test]
async fn compilator_the_optional_authorization_header_is_sent_when_configured() {
    let server = answering(json_answer(200, "17")).await;
    let client = generated::compilator::Client::builder(server.uri().as_str())
        .api_key_auth("Basic ZGRhcGk6c2VjcmV0")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let id = client.create_order(&compilator_order()).await.unwrap().body;

    assert_eq!(id, 17);
    let request = the_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic ZGRhcGk6c2VjcmV0")
    );
    assert!(!format!("{client:?}").contains("ZGRhcGk6c2VjcmV0"));
}

#[tokio::test]
async fn compilator_get_order_gets_the_order_on_its_branch() {
    let server = answering(json_answer(200, compilator_order_response().to_string())).await;

    let response = compilator_client(&server).get_order(1, 75).await.unwrap();

    let request = the_request(&server).await;
    assert_route(&request, "GET", "/api/orders/1/75");
    assert_no_body(&request);
    assert_eq!(response.status, StatusCode::OK);
    let order = response.body;
    assert_eq!(order.id, 1);
    assert_eq!(
        order.order_status_id,
        Nullable::Value(compilator::OrderStatus::Open)
    );
    assert_eq!(order.order_status_name, Nullable::Value("Open".into()));
    assert_eq!(
        order.wms_status_id,
        Nullable::Value(compilator::WmsStatus::SendFailed)
    );
    assert_eq!(order.wms_status_name, Nullable::Value("SendFailed".into()));
    assert_eq!(order.close_order_type_id, Nullable::Null);
    assert_eq!(order.close_order_type_name, Nullable::Null);
    assert_eq!(order.is_web_order, Nullable::Value(false));
    assert_eq!(order.agreement_name, Nullable::Null);
    assert_eq!(
        order.retail_price_list_name,
        Nullable::Value("Standard 2026".into())
    );
    assert_eq!(order.wms_id, Nullable::Null);
    assert_eq!(order.carrier_id, Nullable::Value(12));
    assert_eq!(order.carrier_name, Nullable::Value("PostNord".into()));
    assert_eq!(
        order.waybill,
        Nullable::Value(vec!["00373500000000001234".to_owned()])
    );
    // .NET's nulls for unset optional values are nulls, not absences.
    assert_eq!(order.timebook_reservation_id, Nullable::Null);
    assert_eq!(order.odometer, Nullable::Null);
    assert_eq!(
        order.order_type,
        Nullable::Value(compilator::OrderType::NormalOrder)
    );
    assert_eq!(order.seller_branch_id, Nullable::Value(3));
    assert_eq!(
        order.order_date,
        Nullable::Value(stamp(2026, 1, 21, 22, 50, 35))
    );
    assert_eq!(order.currency_rate, Nullable::Value(Decimal::from(9)));
    assert_eq!(
        order.contact_id,
        Nullable::Value(Uuid::parse_str("fc7f433b-e85f-47b7-bcb1-da1ab9bc009a").unwrap())
    );
    let lines = order.order_lines.into_option().expect("the order lines");
    assert_eq!(lines.len(), 2);
    let Nullable::Value(article) = &lines[0].order_line_article else {
        panic!("the first line has no article: {:?}", lines[0]);
    };
    assert_eq!(
        article.order_type,
        Nullable::Value(compilator::OrderLineArticleOrderType::UnAffected)
    );
    assert_eq!(article.quantity, Nullable::Value(Decimal::from(5)));
    assert_eq!(
        article.description,
        Nullable::Value("sample string 6".into())
    );
    assert!(
        order.unknown_fields.is_empty(),
        "{:?}",
        order.unknown_fields
    );
}

#[tokio::test]
async fn compilator_unknown_values_and_fields_of_an_order_are_kept() {
    let mut order = compilator_order_response();
    order["OrderStatusId"] = json!(4);
    order["WMSStatusId"] = json!(8);
    order["CloseOrderTypeId"] = json!(0);
    order["OrderType"] = json!(2);
    order["OrderLines"][1]["OrderLineArticle"]["OrderType"] = json!(3);
    order["OrderLines"][1]["OrderLineArticle"]["TyreLabel"] = json!("A/B/71dB");
    order["InvoiceNumber"] = json!(55012);
    let server = answering(json_answer(200, order.to_string())).await;

    let read = compilator_client(&server)
        .get_order(1, 75)
        .await
        .unwrap()
        .into_body();

    assert_eq!(
        read.order_status_id,
        Nullable::Value(compilator::OrderStatus::Unknown(4))
    );
    assert_eq!(
        read.wms_status_id,
        Nullable::Value(compilator::WmsStatus::Unknown(8))
    );
    assert_eq!(
        read.close_order_type_id,
        Nullable::Value(compilator::CloseOrderType::Unknown(0))
    );
    assert_eq!(
        read.order_type,
        Nullable::Value(compilator::OrderType::Unknown(2))
    );
    assert_eq!(
        read.unknown_fields,
        BTreeMap::from([("InvoiceNumber".to_owned(), json!(55012))])
    );
    let lines = read.order_lines.as_ref().unwrap();
    let Nullable::Value(article) = &lines[1].order_line_article else {
        panic!("the second line has no article");
    };
    assert_eq!(
        article.order_type,
        Nullable::Value(compilator::OrderLineArticleOrderType::Unknown(3))
    );
    assert_eq!(article.unknown_fields["TyreLabel"], "A/B/71dB");
}

#[tokio::test]
async fn compilator_asp_net_error_bodies_are_typed() {
    let body = json!({
        "Message": "The request is invalid.",
        "ModelState": {
            "order.SalesPerson": ["The field SalesPerson must be a string with a maximum length of 50."],
            "order.OrderLines": ["The OrderLines field is required."],
        }
    })
    .to_string();
    let server = answering(json_answer(400, &body)).await;

    let error = api_error(
        compilator_client(&server)
            .create_order(&compilator_order())
            .await,
    );

    let mut expected = compilator::ApiError::new("The request is invalid.".into());
    expected.model_state = Some(BTreeMap::from([
        (
            "order.SalesPerson".to_owned(),
            vec!["The field SalesPerson must be a string with a maximum length of 50.".to_owned()],
        ),
        (
            "order.OrderLines".to_owned(),
            vec!["The OrderLines field is required.".to_owned()],
        ),
    ]));
    assert_eq!(
        error.typed,
        Some(generated::compilator::CreateOrderError::BadRequest(
            expected
        ))
    );
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    assert_eq!(error.body, body.as_bytes());
    assert_eq!(error.path, "/api/Orders");
}

#[tokio::test]
async fn compilator_each_declared_error_status_has_its_variant() {
    use generated::compilator::{CreateOrderError, GetOrderError};
    let message = |text: &str| compilator::ApiError::new(text.into());
    for (status, text) in [
        (400, "The request is invalid."),
        (404, "No order with id 9 on branch 75."),
        (500, "An error has occurred."),
    ] {
        let body = json!({ "Message": text }).to_string();

        let server = answering(json_answer(status, &body)).await;
        let error = api_error(
            compilator_client(&server)
                .create_order(&compilator_order())
                .await,
        );
        let expected = match status {
            400 => CreateOrderError::BadRequest(message(text)),
            404 => CreateOrderError::NotFound(message(text)),
            _ => CreateOrderError::InternalServerError(message(text)),
        };
        assert_eq!(error.typed, Some(expected), "create_order {status}");
        assert_eq!(error.body, body.as_bytes());

        let server = answering(json_answer(status, &body)).await;
        let error = api_error(compilator_client(&server).get_order(9, 75).await);
        let expected = match status {
            400 => GetOrderError::BadRequest(message(text)),
            404 => GetOrderError::NotFound(message(text)),
            _ => GetOrderError::InternalServerError(message(text)),
        };
        assert_eq!(error.typed, Some(expected), "get_order {status}");
        assert_eq!(error.path, "/api/orders/{id}/{branchId}");
        assert_eq!(error.status.as_u16(), status);
    }
}

#[tokio::test]
async fn compilator_an_error_body_that_does_not_fit_is_kept_raw() {
    // IIS's own error page, and a status the spec does not declare.
    for (status, body) in [
        (
            500,
            "<!DOCTYPE html><html><body>Server Error in '/' Application.</body></html>",
        ),
        (
            401,
            r#"{"Message":"Authorization has been denied for this request."}"#,
        ),
    ] {
        let server = answering(ResponseTemplate::new(status).set_body_string(body)).await;
        let error = api_error(
            compilator_client(&server)
                .create_order(&compilator_order())
                .await,
        );
        assert_eq!(error.typed, None, "{status}");
        assert_eq!(error.status.as_u16(), status);
        assert_eq!(error.body_text(), body);
    }
}

#[tokio::test]
async fn compilator_a_success_body_that_does_not_fit_is_a_decode_error() {
    let server = answering(json_answer(200, r#""1""#)).await;
    let error = decode_error(
        compilator_client(&server)
            .create_order(&compilator_order())
            .await,
    );
    assert_eq!(error.json_path, ".");
    assert_eq!(error.body, r#""1""#.as_bytes());

    let mut order = compilator_order_response();
    order["OrderLines"][0]["LineNumber"] = json!("1");
    let body = order.to_string();
    let server = answering(json_answer(200, &body)).await;
    let error = decode_error(compilator_client(&server).get_order(1, 75).await);
    assert_eq!(error.json_path, "OrderLines[0].LineNumber");
    assert_eq!(error.body_text(), body);
}

#[tokio::test]
async fn compilator_an_invalid_order_is_refused_before_anything_is_sent() {
    let server = answering(json_answer(200, "1")).await;
    let mut order = compilator_order();
    order.sales_person = "x".repeat(51);

    let refused = invalid_request(compilator_client(&server).create_order(&order).await);

    assert_eq!(
        refused,
        ["SalesPerson: is 51 characters long; at most 50 are allowed"]
    );
    assert_nothing_sent(&server).await;

    order.sales_person = "Anna Svensson".into();
    order.order_lines.clear();
    let refused = invalid_request(compilator_client(&server).create_order(&order).await);
    assert_eq!(
        refused,
        ["OrderLines: has 0 item(s); at least 1 are required"]
    );
    assert_nothing_sent(&server).await;
}

#[test]
fn compilator_builder_for_instance_checks_the_instance() {
    for bad in ["bad/host", "", "evil.com", "a@b", "x:443", "-x", "x-"] {
        assert!(
            generated::compilator::Client::builder_for_instance(bad).is_err(),
            "{bad:?} was accepted"
        );
    }
    let client = generated::compilator::Client::builder_for_instance("dackdata-demo")
        .unwrap()
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(
        debug.contains(r#"base: "https://dackdata-demo.compilator.net""#),
        "{debug}"
    );
}

// ---------------------------------------------------------------------------------------------
// Redirects

#[tokio::test]
async fn quotevine_the_api_key_is_never_sent_to_another_host_on_a_redirect() {
    let elsewhere = answering(json_answer(200, r#"{"items": []}"#)).await;
    let server = answering(
        ResponseTemplate::new(302)
            .insert_header("location", format!("{}/collect", elsewhere.uri()).as_str()),
    )
    .await;

    // Whether the call then fails or follows without the key is the runtime's choice; the
    // secret reaching a host it was not configured for is not.
    let _ = quotevine_client(&server).list_orders(1234).await;

    assert_api_key(&the_request(&server).await);
    let forwarded = elsewhere.received_requests().await.unwrap();
    for request in &forwarded {
        assert_eq!(
            header(request, "api-key"),
            None,
            "the API key was sent to {}",
            request.url
        );
    }
}

#[tokio::test]
async fn quotevine_a_redirected_create_is_not_turned_into_another_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(301).insert_header(
            "location",
            "/qvine/quotevine/api/v2/relationships/1234/orders/?moved=1",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_answer(
            200,
            common::fixture("quotevine", "order_list_response.json"),
        ))
        .mount(&server)
        .await;

    let outcome = quotevine_client(&server)
        .create_order(1234, &quotevine_order())
        .await;

    // The create's answer is the 301: it is returned as such, with where it points, and no
    // request the caller did not make (here a GET of the list) is sent in its place.
    let requests = server.received_requests().await.unwrap();
    let sent: Vec<String> = requests
        .iter()
        .map(|request| format!("{} {}", request.method, request.url.path()))
        .collect();
    assert_eq!(
        sent,
        ["POST /qvine/quotevine/api/v2/relationships/1234/orders/"],
        "requests sent for one create"
    );
    let error = api_error(outcome);
    assert_eq!(error.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        error.headers["location"],
        "/qvine/quotevine/api/v2/relationships/1234/orders/?moved=1"
    );
}
