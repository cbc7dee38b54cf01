//! What the golden outputs do at run time: the serde behaviour the generator promises, checked
//! on the compiled golden modules.

use golden_check::round_trip;
use golden_check::runtime::{Nullable, OpenEnum, Validate};
use serde_json::json;

#[test]
fn required_and_nullable_combine_into_four_exact_representations() {
    use golden_check::presence::types::ThingUpdate;
    let absent: ThingUpdate = round_trip(json!({"id": 1, "note": null}));
    assert_eq!(absent.note, None);
    assert_eq!(absent.colour, None);
    assert_eq!(absent.remarks, Nullable::Absent);
    let null: ThingUpdate = round_trip(json!({"id": 1, "note": "n", "remarks": null}));
    assert_eq!(null.remarks, Nullable::Null);
    assert_eq!(null.note.as_deref(), Some("n"));
    let value: ThingUpdate =
        round_trip(json!({"id": 1, "note": null, "colour": "red", "remarks": "r"}));
    assert_eq!(value.remarks, Nullable::Value("r".to_owned()));
    // A required field that is missing is an error, not a default.
    assert!(serde_json::from_value::<ThingUpdate>(json!({"note": null})).is_err());
    // The constructor takes the required fields; the rest start absent and are not sent.
    let update = ThingUpdate::new(7, None);
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"id": 7, "note": null})
    );
}

#[test]
fn response_defaults_apply_when_the_server_omits_a_field() {
    use golden_check::response_defaults::types::{Mode, OrderRequest, OrderResult};
    let result: OrderResult = serde_json::from_value(json!({"success": true})).unwrap();
    assert_eq!(result.message, "");
    assert_eq!(result.retries, 2);
    assert_eq!(result.ratio, 0.5);
    assert_eq!(result.amount, rust_decimal::Decimal::new(1250, 2));
    assert!(!result.archived);
    assert_eq!(result.mode, Mode::Slow);
    assert_eq!(OrderResult::new(false).retries, 2);
    // Request side: the default is documented, never sent on the caller's behalf.
    assert_eq!(
        serde_json::to_value(OrderRequest::default()).unwrap(),
        json!({})
    );
}

#[test]
fn string_enums_round_trip_wire_values_and_keep_unknown_ones() {
    use golden_check::string_enums::types::{DeliveryMethod, Slot};
    for (wire, variant) in [
        ("Delivery Driver", DeliveryMethod::DeliveryDriver),
        ("Pre-reg", DeliveryMethod::PreReg),
        ("4x4", DeliveryMethod::Value4x4),
        ("e-Car", DeliveryMethod::ECar),
    ] {
        assert_eq!(variant.to_string(), wire);
        assert_eq!(wire.parse::<DeliveryMethod>().unwrap(), variant);
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
    }
    assert_eq!("am".parse::<Slot>().unwrap(), Slot::Am2);
    assert_eq!("Unknown".parse::<Slot>().unwrap(), Slot::Unknown);
    let other: Slot = serde_json::from_value(json!("NOON")).unwrap();
    assert_eq!(other, Slot::Unknown2("NOON".to_owned()));
    assert!(!other.is_known());
    assert_eq!(serde_json::to_value(&other).unwrap(), json!("NOON"));
    let err = other.validate().unwrap_err();
    assert_eq!(
        err.violations()[0].message,
        "\"NOON\" is not one of the documented values"
    );
}

#[test]
fn integer_enums_have_readable_names_and_keep_unknown_values() {
    use golden_check::integer_enums::types::{Level, UpdateFrequencyDays};
    let weekly: UpdateFrequencyDays = serde_json::from_value(json!(7)).unwrap();
    assert_eq!(weekly, UpdateFrequencyDays::Weekly);
    assert_eq!(weekly.to_string(), "7");
    assert_eq!(
        "3".parse::<UpdateFrequencyDays>().unwrap(),
        UpdateFrequencyDays::EveryThreeDays
    );
    assert_eq!(i64::from(UpdateFrequencyDays::NoUpdates), 0);
    let odd: UpdateFrequencyDays = serde_json::from_value(json!(5)).unwrap();
    assert_eq!(odd, UpdateFrequencyDays::Unknown(5));
    assert_eq!(serde_json::to_value(odd).unwrap(), json!(5));
    assert!(odd.validate().is_err());
    assert_eq!(Level::from(-1), Level::ValueMinus1);
    assert!("x".parse::<Level>().is_err());
}

#[test]
fn formats_map_to_typed_values() {
    use golden_check::formats::types::Formats;
    let value = json!({
        "day": "2026-01-21",
        "moment": "2026-01-21T22:50:35+01:00",
        "id": "a90dc33d-35fb-428a-b4c8-ce9b1ccd846d",
        "small": 1, "big": 9007199254740993i64, "single": 1.5, "double": 2.25,
        "money": 1234567.891, "flag": true, "text": "a@b.c", "anything": {"any": [1, "x"]}
    });
    let formats: Formats = round_trip(value);
    assert_eq!(formats.day.to_string(), "2026-01-21");
    assert_eq!(formats.moment.offset().local_minus_utc(), 3600);
    assert_eq!(formats.big, 9007199254740993);
    assert_eq!(formats.money.to_string(), "1234567.891");
    assert!(serde_json::from_value::<Formats>(json!({"day": "21.01.2026"})).is_err());
}

#[test]
fn vendor_dates_are_typed_and_written_in_their_layout() {
    use golden_check::vendor_dates::types::Appointment;
    let appointment: Appointment = round_trip(json!({
        "repair_date": "27.01.2026",
        "appointment_date": "21.01.2026 14:30:00",
        "last_update": "2026-01-21 22:50:35",
        "history": ["01.01.2026"]
    }));
    assert_eq!(appointment.repair_date.0.to_string(), "2026-01-27");
    let err =
        serde_json::from_value::<Appointment>(json!({"repair_date": "2026-01-27"})).unwrap_err();
    assert!(err.to_string().contains("DD.MM.YYYY"), "{err}");
}

#[test]
fn validate_reports_every_violation_with_its_wire_path() {
    use golden_check::constraints::types::{Article, Order, OrderLine};
    let mut line = OrderLine::new(0);
    line.article = Some(Article {
        description: Some("too long".into()),
        quantity: Some(100.0),
        ..Article::default()
    });
    let mut order = Order::new(String::new(), vec![OrderLine::new(1), line]);
    order.license_plate = Some("ab-1".into());
    order.odometer = Some(-1);
    order.rate = Some(rust_decimal::Decimal::ZERO);
    order.tags = Some(vec![
        "a".into(),
        "b".into(),
        "c".into(),
        "much too long".into(),
    ]);
    let found: Vec<String> = order
        .validate()
        .unwrap_err()
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        [
            "SalesPerson: is 0 characters long; at least 1 are required",
            "LicensePlate: does not match the pattern \"^[A-Z0-9 -]+$\"",
            "Odometer: is -1; it must be at least 0",
            "Rate: is 0; it must be greater than 0",
            "Tags: has 4 item(s); at most 3 are allowed",
            "Tags[3]: is 13 characters long; at most 10 are allowed",
            "OrderLines[1].LineNumber: is 0; it must be at least 1",
            "OrderLines[1].Article.Description: is 8 characters long; at most 5 are allowed",
            "OrderLines[1].Article.Quantity: is 100; it must be less than 100",
        ]
    );
    let empty = Order::new("Max".into(), Vec::new());
    assert_eq!(
        empty.validate().unwrap_err().violations()[0].to_string(),
        "OrderLines: has 0 item(s); at least 1 are required"
    );
    assert!(Order::new("Max".into(), vec![OrderLine::new(1)])
        .validate()
        .is_ok());
}

#[test]
fn aliases_are_read_and_the_canonical_name_is_written() {
    use golden_check::aliases::types::Order;
    let order: Order = serde_json::from_value(json!({
        "delivery_address": "Depot 4",
        "discount_bonus_1": "X1"
    }))
    .unwrap();
    assert_eq!(order.delivery_property.as_deref(), Some("Depot 4"));
    assert_eq!(
        serde_json::to_value(&order).unwrap(),
        json!({"delivery_property": "Depot 4", "discount_bonus_code_1": "X1"})
    );
}

#[test]
fn received_objects_keep_unknown_fields_and_values() {
    use golden_check::unknown_fields::types::{Order, Status};
    let value = json!({"status": "archived", "unknown_fields": "a", "added_later": {"x": [1]}});
    let order: Order = round_trip(value);
    assert_eq!(order.status, Some(Status::Unknown("archived".into())));
    assert_eq!(order.unknown_fields.as_deref(), Some("a"));
    assert_eq!(order.unknown_fields_2["added_later"], json!({"x": [1]}));
}

#[test]
fn maps_arrays_and_unions_round_trip() {
    use golden_check::arrays_and_maps::types::{Matrix, Settings};
    use golden_check::unions::types::{Owner, Pet, ValidationError, ValidationErrorLocItem};
    let matrix: Matrix = round_trip(json!({
        "rows": [[1, 2], []],
        "labels": {"a": "b"},
        "errors": {"Note": ["too long"]},
        "sparse": ["x", null],
        "free_form": {"k": 1}
    }));
    assert_eq!(matrix.sparse, Some(vec![Some("x".into()), None]));
    let settings: Settings = round_trip(json!({"name": "n", "depth": 3}));
    assert_eq!(settings.additional_properties["depth"], 3);
    let error: ValidationError = round_trip(
        json!({"loc": ["body", "person", 0], "msg": "field required", "type": "missing"}),
    );
    assert_eq!(error.loc[2], ValidationErrorLocItem::Integer(0));
    let pet: Pet = round_trip(json!({"bark": true}));
    assert!(matches!(pet, Pet::Dog(_)));
    let owner: Owner = round_trip(json!({"pet": null}));
    assert_eq!(owner.pet, Nullable::Null);
}

#[test]
fn recursive_schemas_are_boxed_and_round_trip() {
    use golden_check::recursion::types::{Expr, Node, Sum};
    let node: Node = round_trip(json!({
        "name": "leaf",
        "parent": {"name": "root", "children": []},
        "children": [{"name": "much too long"}]
    }));
    assert_eq!(node.parent.as_ref().map(|p| p.name.as_str()), Some("root"));
    let found: Vec<String> = node
        .validate()
        .unwrap_err()
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        ["children[0].name: is 13 characters long; at most 8 are allowed"]
    );
    let expr: Expr = round_trip(json!({"lhs": 1, "rhs": {"lhs": 2, "rhs": 3}}));
    let Expr::Sum(sum) = expr else {
        panic!("a sum")
    };
    let Sum { rhs, .. } = *sum;
    assert!(matches!(rhs, Expr::Sum(_)));
}

#[test]
fn nullable_components_and_later_enum_defaults() {
    use golden_check::nullable_refs::types::{Holder, Status};
    let holder: Holder = serde_json::from_value(json!({"obj": null, "text": null})).unwrap();
    assert_eq!(holder.obj, None);
    assert_eq!(holder.text, None);
    assert_eq!(holder.status, Status::Closed);
}

#[test]
fn all_of_merges_parts_in_order() {
    use golden_check::all_of::types::Order;
    let order: Order = round_trip(json!({"id": 1, "changed_by": "mk", "plate": "AB 1"}));
    assert_eq!((order.id, order.plate.as_str()), (1, "AB 1"));
    assert!(
        serde_json::from_value::<Order>(json!({"id": 1})).is_err(),
        "plate is required"
    );
}

#[test]
fn a_discriminator_chooses_the_branch_by_its_property() {
    use golden_check::discriminator::types::{Dog, Pet};
    let cat: Pet = round_trip(json!({"petType": "cat", "name": "Mia"}));
    assert!(matches!(&cat, Pet::Cat(c) if c.name == "Mia"));
    // Dog has every property optional: shape alone would take it for anything; the tag decides.
    let dog: Pet = serde_json::from_value(json!({"petType": "Dog", "bark": true})).unwrap();
    assert!(matches!(&dog, Pet::Dog(d) if d.bark == Some(true)));
    let written = serde_json::to_value(Pet::Dog(Dog {
        bark: Some(false),
        ..Dog::default()
    }))
    .unwrap();
    assert_eq!(written, json!({"petType": "Dog", "bark": false}));
    let err = serde_json::from_value::<Pet>(json!({"petType": "fish"})).unwrap_err();
    assert!(
        err.to_string().contains("unknown petType \"fish\""),
        "{err}"
    );
    assert!(serde_json::from_value::<Pet>(json!({"bark": true})).is_err());
    let long = Pet::Cat(
        serde_json::from_value(json!({"petType": "cat", "name": "a very long name"})).unwrap(),
    );
    assert_eq!(
        long.validate().unwrap_err().violations()[0].to_string(),
        "name: is 16 characters long; at most 10 are allowed"
    );
}

#[test]
#[allow(deprecated)]
fn read_only_fields_are_never_sent_and_write_only_fields_never_required_back() {
    use golden_check::access::types::Account;
    // A response has the id but not the password.
    let account: Account = serde_json::from_value(json!({"id": 9, "name": "Max"})).unwrap();
    assert_eq!(account.id, Some(9));
    assert_eq!(account.password, None);
    // A request carries the password but not the id, even when it is set.
    let mut request = Account::new("Max".into());
    request.id = Some(9);
    request.password = Some("pw".into());
    request.code = Some("old".into());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"password": "pw", "name": "Max", "code": "old"})
    );
}
