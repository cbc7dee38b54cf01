//! What the golden outputs for `xml` objects write and read: one test per feature, each on the
//! exact text of the document.

use golden_check::runtime::{Error, Format, Nullable, XmlDocument};
use wiremock::matchers::{body_string, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const XSI: &str = r#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance""#;

/// Writes `value`, checks the text, and reads it back to the same value.
fn round_trip<T>(value: &T, expected: &str)
where
    T: XmlDocument + PartialEq + std::fmt::Debug,
{
    let written = value.to_xml().expect("writes");
    assert_eq!(written, expected);
    let back = T::from_xml(written.as_bytes()).expect("reads back");
    assert_eq!(&back, value);
}

#[test]
fn names_and_namespaces() {
    use golden_check::xml_names::types::{Address, Contact, Parcel};
    let mut parcel = Parcel::new(1200);
    parcel.recipient = Some(Address {
        street: Some("Storgatan 1".into()),
        city: Some("Malmö".into()),
    });
    parcel.sender = Some(Contact {
        name: Some("Ann".into()),
    });
    round_trip(
        &parcel,
        &format!(
            concat!(
                r#"<Shipment {} xmlns="urn:example:shipping">"#,
                r#"<Weight>1200</Weight>"#,
                // Address has no namespace: its members stay in the shipping namespace.
                r#"<recipient><city>Malmö</city><street>Storgatan 1</street></recipient>"#,
                // Contact's members are in its own namespace, declared where they start.
                r#"<sender><name xmlns="urn:example:contacts">Ann</name></sender>"#,
                r#"</Shipment>"#
            ),
            XSI
        ),
    );
    // The property's element name is `Weight`, not the wire name of its JSON form.
    let json = serde_json::to_value(&parcel).unwrap();
    assert_eq!(json["weight_grams"], 1200);
    // In another namespace, `Weight` is not the element the type describes.
    let foreign =
        r#"<Shipment xmlns="urn:example:shipping"><Weight xmlns="urn:other">1</Weight></Shipment>"#;
    let err = Parcel::from_xml(foreign.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("`Weight` is missing"), "{err}");
}

#[tokio::test]
async fn a_scalar_body_is_read_from_the_root_its_xml_object_names() {
    use golden_check::xml_names::types::Parcel;
    use golden_check::xml_names::Client;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/xml"))
        .and(header("accept", "text/xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"<long xmlns="http://schemas.microsoft.com/2003/10/Serialization/">77</long>"#,
            "text/xml",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .format(Format::Xml)
        .build()
        .unwrap();
    let number = client.send_parcel(&Parcel::new(5)).await.unwrap().body;
    assert_eq!(number, 77);
}

#[test]
fn prefixes() {
    use golden_check::xml_prefix::types::Invoice;
    let mut invoice = Invoice::new("A-1".into());
    invoice.tax_id = Some("SE123".into());
    round_trip(
        &invoice,
        &format!(
            concat!(
                r#"<inv:Invoice {} xmlns:inv="urn:example:invoices" xmlns:tax="urn:example:tax">"#,
                // The members are in the invoice namespace, declared as the default namespace
                // where they start, since the root binds it to a prefix only.
                // Ordinal order: `TaxId` before `number`.
                r#"<tax:TaxId>SE123</tax:TaxId>"#,
                r#"<number xmlns="urn:example:invoices">A-1</number></inv:Invoice>"#
            ),
            XSI
        ),
    );
}

#[test]
fn attributes() {
    use golden_check::xml_attribute::types::{Measurement, Unit};
    let mut measurement = Measurement::new(9, "12.5".parse().unwrap());
    measurement.unit = Some(Unit::Mm);
    measurement.label = Some("a \"b\" & c".into());
    let expected = format!(
        r#"<Measurement {XSI} Label="a &quot;b&quot; &amp; c" id="9"><unit>mm</unit><value>12.5</value></Measurement>"#
    );
    let written = measurement.to_xml().unwrap();
    assert_eq!(written, expected);
    let back = Measurement::from_xml(written.as_bytes()).unwrap();
    assert_eq!(back.id, 9);
    assert_eq!(back.label, measurement.label);
    assert_eq!(back.unit, Some(Unit::Mm));
    // An attribute in a namespace has its prefix, declared on the root.
    measurement.system = Some("SI".into());
    let written = measurement.to_xml().unwrap();
    assert!(
        written.starts_with(&format!(
            r#"<Measurement {XSI} xmlns:u="urn:example:units" Label="#
        )),
        "{written}"
    );
    assert!(written.contains(r#" u:system="SI">"#), "{written}");
    let back = Measurement::from_xml(written.as_bytes()).unwrap();
    assert_eq!(back.system.as_deref(), Some("SI"));
    // Without its namespace it is another attribute.
    let plain = written.replace("u:system", "system");
    assert_eq!(
        Measurement::from_xml(plain.as_bytes()).unwrap().system,
        None
    );
    // A required attribute that is missing is named.
    let err = Measurement::from_xml(b"<Measurement><value>1</value></Measurement>").unwrap_err();
    assert!(
        err.to_string().contains("attribute `id` is missing"),
        "{err}"
    );
}

#[test]
fn wrapped_and_unwrapped_arrays() {
    use golden_check::xml_wrapped::types::{Basket, Item};
    let basket = Basket {
        items: vec![Item::new("s1".into()), Item::new("s2".into())],
        codes: Some(vec!["c1".into()]),
        notes: Some(vec!["n1".into(), "n2".into()]),
        tags: Some(vec!["t1".into()]),
    };
    round_trip(
        &basket,
        &format!(
            concat!(
                r#"<Basket {}>"#,
                r#"<Items><BasketItem><sku>s1</sku></BasketItem><BasketItem><sku>s2</sku></BasketItem></Items>"#,
                r#"<codes><code>c1</code></codes>"#,
                r#"<notes>n1</notes><notes>n2</notes>"#,
                r#"<tag>t1</tag></Basket>"#
            ),
            XSI
        ),
    );
    // An empty wrapped list is an empty wrapper; an empty unwrapped list is no element at all.
    let empty = Basket {
        items: Vec::new(),
        codes: None,
        notes: None,
        tags: None,
    };
    round_trip(&empty, &format!("<Basket {XSI}><Items/></Basket>"));
}

#[test]
fn element_order_enums_nil_and_defaults() {
    use golden_check::xml_order::types::{Priority, StoredTicket, StoredTicketState, Ticket};
    let mut ticket = Ticket::new("Fix it".into(), None);
    ticket.priority = Some(Priority::High);
    ticket.assignee = Nullable::Null;
    // Alphabetical: assignee, due, priority, title. A required null is nil; so is an explicit
    // null; an absent field is not written.
    round_trip(
        &ticket,
        &format!(
            r#"<Ticket {XSI}><assignee i:nil="true"/><due i:nil="true"/><priority>High</priority><title>Fix it</title></Ticket>"#
        ),
    );
    ticket.assignee = Nullable::Absent;
    assert!(!ticket.to_xml().unwrap().contains("assignee"));

    // `x-xml-order`: id, title, state.
    let stored = StoredTicket::from_xml(
        b"<StoredTicket><title>T</title><id>4</id><extra><a>1</a></extra></StoredTicket>",
    )
    .unwrap();
    assert_eq!(stored.id, 4);
    assert_eq!(stored.state, StoredTicketState::Open, "the spec's default");
    assert_eq!(
        stored.unknown_fields["extra"],
        serde_json::json!({"a": "1"})
    );
    assert_eq!(
        stored.to_xml().unwrap(),
        format!(
            r#"<StoredTicket {XSI}><id>4</id><title>T</title><state>open</state><extra><a>1</a></extra></StoredTicket>"#
        )
    );
    // Enums by name; an unknown string value is kept, an unknown integer name is an error.
    let other = StoredTicket::from_xml(
        b"<StoredTicket><id>1</id><title>T</title><state>parked</state></StoredTicket>",
    )
    .unwrap();
    assert_eq!(other.state, StoredTicketState::Unknown("parked".into()));
    let err = Ticket::from_xml(
        b"<Ticket><due>2026-01-21</due><priority>Urgent</priority><title>T</title></Ticket>",
    )
    .unwrap_err();
    assert_eq!(err.path(), "/Ticket/priority");
    assert!(err.to_string().contains("(Low, High)"), "{err}");
}

#[tokio::test]
async fn a_body_offered_only_as_xml_is_always_xml_and_so_are_its_errors() {
    use golden_check::xml_only::types::Note;
    use golden_check::xml_only::{Client, PostNoteError};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/xml"))
        .and(header("accept", "application/xml"))
        .and(body_string(format!("<Note {XSI}><text>hi</text></Note>")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<Note><text>hi!</text></Note>", "application/xml"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            "<Error><Message>Too long</Message></Error>",
            "application/xml",
        ))
        .mount(&server)
        .await;
    // The client's format is JSON; this operation has no JSON form.
    let client = Client::new(server.uri()).unwrap();
    let note = client
        .post_note(&Note::new("hi".into()))
        .await
        .unwrap()
        .body;
    assert_eq!(note.text, "hi!");
    let err = client
        .post_note(&Note::new("hello".into()))
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}");
    };
    let Some(PostNoteError::BadRequest(fault)) = &api.typed else {
        panic!("expected a typed 400 body, got {:?}", api.typed);
    };
    assert_eq!(fault.message, "Too long");
    // Validation still comes first.
    let err = client
        .post_note(&Note::new("far too long a note".into()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

#[tokio::test]
async fn an_error_body_offered_only_as_xml_is_typed_from_xml() {
    use golden_check::xml_errors::types::Label;
    use golden_check::xml_errors::{Client, PrintLabelError};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_raw(
            r#"<Fault xmlns="urn:example:printers"><code>7</code><reason>paper</reason></Fault>"#,
            "application/xml",
        ))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).unwrap();
    let err = client
        .print_label(&Label::new("x".into()))
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}");
    };
    let Some(PrintLabelError::ServiceUnavailable(fault)) = &api.typed else {
        panic!("expected a typed 503 body, got {:?}", api.typed);
    };
    assert_eq!(fault.code, 7);
    assert_eq!(fault.reason.as_deref(), Some("paper"));
    // The request itself is JSON: the API offers no XML body.
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        sent.headers.get("content-type").unwrap().to_str().unwrap(),
        "application/json"
    );
}
