//! `validate()` on request types: every broken constraint of the spec is reported at once, each
//! with the wire path of the value that broke it; valid requests pass.

mod common;

use generated::compilator::types as compilator;
use generated::planso::types as planso;
use generated::quotevine::types as quotevine;
use generated::runtime::{Nullable, OpenEnum, Validate, ValidationError};

use common::fixture_as;

/// The violations of `value` as `path: message` lines, in the order they were reported.
fn violations(value: &impl Validate) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(err) => err.violations().iter().map(ToString::to_string).collect(),
    }
}

fn error(value: &impl Validate) -> ValidationError {
    value
        .validate()
        .expect_err("the value breaks a constraint of the spec")
}

fn compilator_order() -> compilator::OrderHeadRequest {
    fixture_as("compilator", "order_head_request.json")
}

fn quotevine_order() -> quotevine::OrderRequest {
    fixture_as("quotevine", "order_request.json")
}

fn planso_order() -> planso::CreateOrderRequest {
    fixture_as("planso", "create_order_request.json")
}

/// A text of `length` characters, each two bytes long in UTF-8, so that a check counting bytes
/// instead of characters would be caught.
fn text(length: usize) -> String {
    "ä".repeat(length)
}

// ---------------------------------------------------------------------------------------------
// Valid requests

#[test]
fn the_request_fixtures_are_valid() {
    assert_eq!(violations(&compilator_order()), Vec::<String>::new());
    assert_eq!(violations(&quotevine_order()), Vec::<String>::new());
    assert_eq!(violations(&planso_order()), Vec::<String>::new());
}

#[test]
fn values_at_the_limits_are_valid() {
    let mut order = compilator_order();
    order.note = Some(text(4000));
    order.payment_transaction_provider_id = Some(text(56));
    order.license_plate = Some(text(15));
    order.work_order_number = Some(text(40));
    order.sales_person = text(50);
    order.requisition_order_number = Some(text(40));
    order.customer_reference = Some(text(40));
    order.order_lines.truncate(1);
    assert_eq!(violations(&order), Vec::<String>::new());

    let mut order = planso_order();
    order.person = " ".into();
    order.phone = "0".into();
    order.email = "@".into();
    assert_eq!(violations(&order), Vec::<String>::new());
}

#[test]
fn optional_values_left_out_are_not_checked() {
    let mut order = compilator_order();
    order.note = None;
    order.order_type = None;
    order.license_plate = None;
    let line = &mut order.order_lines[0];
    line.order_line_article = Nullable::Null;
    let line = &mut order.order_lines[1];
    line.order_line_article.as_mut_value().order_type = Nullable::Null;
    assert_eq!(violations(&order), Vec::<String>::new());

    let mut order = quotevine_order();
    order.delivery_method = None;
    order.update_frequency_days = None;
    assert_eq!(violations(&order), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// compilator

#[test]
fn compilator_reports_every_violation_with_its_wire_path() {
    let mut order = compilator_order();
    order.note = Some(text(4001));
    order.sales_person = text(51);
    order.order_lines.clear();

    let err = error(&order);
    let found: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "Note: is 4001 characters long; at most 4000 are allowed",
            "OrderLines: has 0 item(s); at least 1 are required",
            "SalesPerson: is 51 characters long; at most 50 are allowed",
        ]
    );
    assert_eq!(err.violations()[1].path, "OrderLines");
    assert_eq!(
        err.violations()[1].message,
        "has 0 item(s); at least 1 are required"
    );
    assert!(
        err.to_string().starts_with("3 invalid value(s): Note: "),
        "{err}"
    );
}

#[test]
fn compilator_checks_every_length_limit() {
    let mut order = compilator_order();
    order.note = Some(text(4001));
    order.payment_transaction_provider_id = Some(text(57));
    order.license_plate = Some(text(16));
    order.work_order_number = Some(text(41));
    order.sales_person = text(51);
    order.requisition_order_number = Some(text(41));
    order.customer_reference = Some(text(41));
    assert_eq!(
        violations(&order),
        [
            "Note: is 4001 characters long; at most 4000 are allowed",
            "PaymentTransactionProviderId: is 57 characters long; at most 56 are allowed",
            "LicensePlate: is 16 characters long; at most 15 are allowed",
            "WorkOrderNumber: is 41 characters long; at most 40 are allowed",
            "SalesPerson: is 51 characters long; at most 50 are allowed",
            "RequisitionOrderNumber: is 41 characters long; at most 40 are allowed",
            "CustomerReference: is 41 characters long; at most 40 are allowed",
        ]
    );
}

#[test]
fn compilator_reports_unknown_enum_values_inside_order_lines() {
    // The spec puts no length limit on a line article's `Description`; the constraint inside a
    // line is the article's `OrderType`, which must be a documented value.
    let mut order = compilator_order();
    order.note = Some(text(4001));
    order.order_lines[1]
        .order_line_article
        .as_mut_value()
        .order_type = Nullable::Value(compilator::OrderLineArticleOrderType::Unknown(9));
    order.order_type = Some(compilator::OrderType::Unknown(2));

    let err = error(&order);
    let found: Vec<(&str, &str)> = err
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), v.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("Note", "is 4001 characters long; at most 4000 are allowed"),
            (
                "OrderLines[1].OrderLineArticle.OrderType",
                r#""9" is not one of the documented values"#
            ),
            ("OrderType", r#""2" is not one of the documented values"#),
        ]
    );
}

#[test]
fn compilator_unknown_values_are_read_but_not_sent() {
    let mut json: serde_json::Value =
        serde_json::from_str(&common::fixture("compilator", "order_head_request.json")).unwrap();
    json["OrderLines"][0]["OrderLineArticle"]["OrderType"] = 3.into();
    let order: compilator::OrderHeadRequest = serde_json::from_value(json).unwrap();
    let article_type = order.order_lines[0]
        .order_line_article
        .as_ref()
        .and_then(|article| article.order_type.as_ref())
        .copied()
        .unwrap();
    assert_eq!(
        article_type,
        compilator::OrderLineArticleOrderType::Unknown(3)
    );
    assert!(!article_type.is_known());
    assert_eq!(
        violations(&order),
        [r#"OrderLines[0].OrderLineArticle.OrderType: "3" is not one of the documented values"#]
    );
}

// ---------------------------------------------------------------------------------------------
// quotevine

#[test]
fn quotevine_reports_every_undocumented_enum_value() {
    use quotevine::{DeliveryMethod, DeliverySlot, NewUsed, UpdateFrequencyDays, VehicleRegistree};
    let mut order = quotevine_order();
    order.delivery_method = Some(DeliveryMethod::Unknown("Drone".into()));
    order.new_used = Some(NewUsed::Unknown("USED".into()));
    order.delivery_slot = Some(DeliverySlot::Unknown("Noon".into()));
    order.vehicle_registree = Some(VehicleRegistree::Unknown("Dealer".into()));
    order.update_frequency_days = Some(UpdateFrequencyDays::Unknown(5));
    assert_eq!(
        violations(&order),
        [
            r#"delivery_method: "Drone" is not one of the documented values"#,
            r#"new_used: "USED" is not one of the documented values"#,
            r#"delivery_slot: "Noon" is not one of the documented values"#,
            r#"vehicle_registree: "Dealer" is not one of the documented values"#,
            r#"update_frequency_days: "5" is not one of the documented values"#,
        ]
    );
}

#[test]
fn quotevine_unknown_delivery_method_is_read_but_not_sent() {
    let mut json: serde_json::Value =
        serde_json::from_str(&common::fixture("quotevine", "order_request.json")).unwrap();
    json["delivery_method"] = "Drone".into();
    let order: quotevine::OrderRequest = serde_json::from_value(json).unwrap();
    assert_eq!(
        order.delivery_method,
        Some(quotevine::DeliveryMethod::Unknown("Drone".into()))
    );
    let err = error(&order);
    assert_eq!(err.violations().len(), 1);
    assert_eq!(err.violations()[0].path, "delivery_method");
    assert_eq!(
        err.violations()[0].message,
        r#""Drone" is not one of the documented values"#
    );

    // The documented spelling, parsed from text, is known and valid.
    let mut order = order;
    order.delivery_method = Some("Customer Collection".parse().unwrap());
    assert_eq!(
        order.delivery_method,
        Some(quotevine::DeliveryMethod::CustomerCollection)
    );
    assert_eq!(violations(&order), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// planso

#[test]
fn planso_empty_person_breaks_min_length() {
    let mut order = planso_order();
    order.person = String::new();
    let err = error(&order);
    assert_eq!(err.violations().len(), 1);
    assert_eq!(err.violations()[0].path, "person");
    assert_eq!(
        err.violations()[0].message,
        "is 0 characters long; at least 1 are required"
    );
}

#[test]
fn planso_reports_every_empty_contact_field() {
    let mut order = planso_order();
    order.person = String::new();
    order.phone = String::new();
    order.email = String::new();
    assert_eq!(
        violations(&order),
        [
            "person: is 0 characters long; at least 1 are required",
            "phone: is 0 characters long; at least 1 are required",
            "email: is 0 characters long; at least 1 are required",
        ]
    );
}

// ---------------------------------------------------------------------------------------------

/// Access to the value of a `Nullable` that the test knows is there.
trait ValueMut<T> {
    fn as_mut_value(&mut self) -> &mut T;
}

impl<T: std::fmt::Debug> ValueMut<T> for Nullable<T> {
    fn as_mut_value(&mut self) -> &mut T {
        match self {
            Nullable::Value(value) => value,
            other => panic!("expected a value, found {other:?}"),
        }
    }
}
