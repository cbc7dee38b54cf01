//! compilator's XML bodies (DataContract): the seed's XML sample read into the generated request
//! type and written back equivalent to it, the bare `<long>` the create call answers, and the
//! client's choice of format per client and per call, against a local server.

mod common;

use chrono::{FixedOffset, NaiveDate};
use generated::compilator::types::{
    CloseOrderType, OrderHeadRequest, OrderHeadResponse, OrderLineArticleOrderType, OrderStatus,
    OrderType, WmsStatus,
};
use generated::compilator::Client;
use generated::runtime::{parse_xml, Error, Format, Nullable, XmlDocument, XmlNode, YmdDateTime};
use rust_decimal::Decimal;
use uuid::Uuid;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ORDER_NAMESPACE: &str = "http://schemas.datacontract.org/2004/07/Compilator.DDAPI.DTO.Order";
const SERIALIZATION_NAMESPACE: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

fn sample_xml() -> String {
    common::fixture("compilator", "order_head_request.xml")
}

/// A parsed document with the indentation between elements dropped, to compare documents by
/// their elements, order, namespaces, attributes and text.
fn tree(text: &[u8]) -> XmlNode {
    fn strip(node: &mut XmlNode) {
        if !node.children.is_empty() && node.text.trim().is_empty() {
            node.text.clear();
        }
        node.children.iter_mut().for_each(strip);
    }
    let mut node = parse_xml(text).expect("well-formed XML");
    strip(&mut node);
    node
}

#[test]
fn the_seed_xml_sample_reads_into_the_request_type() {
    let order = OrderHeadRequest::from_xml(sample_xml().as_bytes()).unwrap();

    assert_eq!(order.order_type, Some(OrderType::NormalOrder));
    assert_eq!(order.seller_branch_id, 3);
    assert_eq!(order.currency_rate, Decimal::from(9));
    assert_eq!(order.sales_person, "sample string 7");
    assert_eq!(
        order.contact_id,
        Some(Uuid::parse_str("fc7f433b-e85f-47b7-bcb1-da1ab9bc009a").unwrap())
    );
    let offset = FixedOffset::east_opt(3600).unwrap();
    let expected_stamp = NaiveDate::from_ymd_opt(2026, 1, 21)
        .unwrap()
        .and_hms_nano_opt(22, 50, 35, 227_511_400)
        .unwrap();
    assert_eq!(
        order.order_date,
        YmdDateTime {
            local: expected_stamp,
            offset: Some(offset)
        }
    );
    let address = order.delivery_address.as_ref().unwrap();
    assert_eq!(address.name, Nullable::Value("sample string 1".to_owned()));
    assert_eq!(
        address.country_code,
        Nullable::Value("sample string 8".to_owned())
    );
    assert_eq!(order.order_lines.len(), 2);
    let line = &order.order_lines[0];
    assert_eq!(line.line_number, 1);
    assert_eq!(line.has_fixed_quantity, Nullable::Value(true));
    let Nullable::Value(article) = &line.order_line_article else {
        panic!("the line has an article: {line:?}");
    };
    assert_eq!(
        article.order_type,
        Nullable::Value(OrderLineArticleOrderType::UnAffected)
    );
    assert_eq!(article.article_number, Nullable::Value(4));
    assert_eq!(article.cost_price, Nullable::Value(Decimal::from(2)));
    assert_eq!(article.is_export_within_eu, Nullable::Value(true));
    let Nullable::Value(text) = &line.order_line_text else {
        panic!("the line has a text: {line:?}");
    };
    assert_eq!(text.text, Nullable::Value("sample string 1".to_owned()));
}

#[test]
fn the_request_writes_back_equivalent_to_the_seed_sample() {
    let order = OrderHeadRequest::from_xml(sample_xml().as_bytes()).unwrap();
    let written = order.to_xml().unwrap();

    // Same elements, in the same order, in the same namespaces, with the same text.
    assert_eq!(tree(written.as_bytes()), tree(sample_xml().as_bytes()));
    // DataContract's declarations on the root: `i` and the default namespace.
    assert!(
        written.starts_with(&format!(
            "<OrderHeadRequest xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"{ORDER_NAMESPACE}\">"
        )),
        "{written}"
    );
    // The order is DataContract's, not the spec's property order.
    let first_children: Vec<String> = tree(written.as_bytes())
        .children
        .iter()
        .take(3)
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(first_children, ["ContactId", "CurrencyId", "CurrencyRate"]);
}

#[test]
fn the_json_sample_and_the_xml_sample_are_the_same_order() {
    let from_json: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");
    let from_xml = OrderHeadRequest::from_xml(sample_xml().as_bytes()).unwrap();
    // The samples differ only in the dates: the JSON one has no fraction and no offset.
    let mut from_xml = from_xml;
    from_xml.order_date = from_json.order_date;
    from_xml.delivery_date = from_json.delivery_date;
    assert_eq!(from_xml, from_json);
}

#[test]
fn nulls_are_nil_and_absent_fields_are_left_out() {
    let mut order: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");
    order.note = None;
    order.order_lines[0].parent_line_number = Nullable::Null;
    order.order_lines[0].has_fixed_quantity = Nullable::Absent;
    let written = order.to_xml().unwrap();
    let document = tree(written.as_bytes());
    assert!(
        document.children.iter().all(|c| c.name != "Note"),
        "{written}"
    );
    assert!(
        written.contains("<ParentLineNumber i:nil=\"true\"/>"),
        "{written}"
    );
    let back = OrderHeadRequest::from_xml(written.as_bytes()).unwrap();
    assert_eq!(back.order_lines[0].parent_line_number, Nullable::Null);
    assert_eq!(back.order_lines[0].has_fixed_quantity, Nullable::Absent);
    assert_eq!(back.note, None);
}

#[test]
fn a_document_that_does_not_fit_names_the_element() {
    let broken = sample_xml().replacen(
        "<LineNumber>1</LineNumber>",
        "<LineNumber>one</LineNumber>",
        2,
    );
    let broken = broken.replacen(
        "<LineNumber>one</LineNumber>",
        "<LineNumber>1</LineNumber>",
        1,
    );
    let err = OrderHeadRequest::from_xml(broken.as_bytes()).unwrap_err();
    assert_eq!(
        err.path(),
        "/OrderHeadRequest/OrderLines/OrderLineRequest[2]/LineNumber"
    );
    let unknown = sample_xml().replace(">NormalOrder<", ">RushOrder<");
    let err = OrderHeadRequest::from_xml(unknown.as_bytes()).unwrap_err();
    assert!(
        err.to_string()
            .contains("\"RushOrder\" is not a OrderType this client knows (NormalOrder)"),
        "{err}"
    );
    let other_namespace = sample_xml().replace(ORDER_NAMESPACE, "urn:other");
    assert!(OrderHeadRequest::from_xml(other_namespace.as_bytes()).is_err());
}

fn xml_answer(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(body.as_bytes().to_vec(), "application/xml; charset=utf-8")
}

async fn answering(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(answer).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("requests are recorded")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn long(id: i64) -> String {
    format!("<long xmlns=\"{SERIALIZATION_NAMESPACE}\">{id}</long>")
}

#[tokio::test]
async fn a_client_built_for_xml_sends_the_order_as_xml_and_reads_the_long_id() {
    let server = answering(xml_answer(&long(1))).await;
    let client = Client::builder(server.uri().as_str())
        .format(Format::Xml)
        .build()
        .unwrap();
    let order = OrderHeadRequest::from_xml(sample_xml().as_bytes()).unwrap();

    let response = client.create_order(&order).await.unwrap();

    assert_eq!(response.body, 1);
    let sent = &requests(&server).await[0];
    assert_eq!(header(sent, "content-type"), Some("application/xml"));
    assert_eq!(header(sent, "accept"), Some("application/xml"));
    assert_eq!(tree(&sent.body), tree(sample_xml().as_bytes()));
}

#[tokio::test]
async fn the_format_can_be_chosen_per_call() {
    let server = answering(xml_answer(&long(42))).await;
    let client = Client::new(server.uri()).unwrap();
    let order: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");

    let id = client
        .with_format(Format::Xml)
        .create_order(&order)
        .await
        .unwrap()
        .body;
    assert_eq!(id, 42);
    // The client it came from still speaks JSON; the XML answer is read by its content type.
    let id = client.create_order(&order).await.unwrap().body;
    assert_eq!(id, 42);

    let sent = requests(&server).await;
    assert_eq!(header(&sent[0], "content-type"), Some("application/xml"));
    assert!(sent[0].body.starts_with(b"<OrderHeadRequest "));
    assert_eq!(header(&sent[1], "content-type"), Some("application/json"));
    assert_eq!(header(&sent[1], "accept"), Some("application/json"));
    let json: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(json["OrderType"], 1);
}

#[tokio::test]
async fn any_xml_media_type_is_read_as_xml() {
    for content_type in [
        "text/xml; charset=utf-8",
        "Application/XML",
        "application/vnd.order+XML",
    ] {
        let server =
            answering(ResponseTemplate::new(200).set_body_raw(long(5).into_bytes(), content_type))
                .await;
        let client = Client::new(server.uri()).unwrap();
        let order: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");
        let id = client.create_order(&order).await.unwrap().body;
        assert_eq!(id, 5, "{content_type}");
    }
}

#[tokio::test]
async fn a_json_answer_to_an_xml_request_is_read_as_json() {
    let server =
        answering(ResponseTemplate::new(200).set_body_raw(b"7".to_vec(), "application/json")).await;
    let client = Client::new(server.uri()).unwrap().with_format(Format::Xml);
    let order: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");
    assert_eq!(client.create_order(&order).await.unwrap().body, 7);
}

#[tokio::test]
async fn an_order_read_back_as_xml_keeps_nils_and_unknown_elements() {
    let body = format!(
        concat!(
            "<OrderHeadResponse xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"{ns}\">",
            "<CloseOrderTypeName i:nil=\"true\"/><Id>1</Id><NewField>kept</NewField>",
            "<OrderLines><OrderLineRequest><LineNumber>1</LineNumber>",
            "<OrderLineText><Text>Hello &amp; welcome</Text></OrderLineText></OrderLineRequest></OrderLines>",
            "<OrderStatusId>2</OrderStatusId><WMSStatusId>7</WMSStatusId>",
            "<CloseOrderTypeId>3</CloseOrderTypeId><OrderType>NormalOrder</OrderType>",
            "<OrderDate>2026-01-21T22:50:35</OrderDate></OrderHeadResponse>"
        ),
        ns = ORDER_NAMESPACE
    );
    let server = answering(xml_answer(&body)).await;
    let client = Client::new(server.uri()).unwrap().with_format(Format::Xml);

    let order: OrderHeadResponse = client.get_order(1, 75).await.unwrap().body;

    assert_eq!(
        header(&requests(&server).await[0], "accept"),
        Some("application/xml")
    );
    assert_eq!(order.id, 1);
    // The status ids are .NET ints: XML carries the integer, as JSON does.
    assert_eq!(order.close_order_type_name, Nullable::Null);
    assert_eq!(
        order.close_order_type_id,
        Nullable::Value(CloseOrderType::CashOrder)
    );
    assert_eq!(order.wms_status_id, Nullable::Value(WmsStatus::Locked));
    assert_eq!(order.wms_status_name, Nullable::Absent);
    assert_eq!(order.order_status_id, Nullable::Value(OrderStatus::Closed));
    assert_eq!(order.order_type, Nullable::Value(OrderType::NormalOrder));
    assert_eq!(order.order_date.as_ref().map(|d| d.offset), Some(None));
    let lines = order.order_lines.as_ref().unwrap();
    assert_eq!(
        lines[0].order_line_text.as_ref().unwrap().text,
        Nullable::Value("Hello & welcome".to_owned())
    );
    assert_eq!(order.unknown_fields["NewField"], "kept");
}

#[tokio::test]
async fn a_malformed_xml_answer_is_a_decode_error_that_keeps_the_body() {
    let server = answering(xml_answer("<long xmlns=\"urn:wrong\">1</long>")).await;
    let client = Client::new(server.uri()).unwrap().with_format(Format::Xml);
    let order: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");
    let err = client.create_order(&order).await.unwrap_err();
    let Error::Decode(decode) = err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.json_path, "/");
    assert!(
        decode.message.contains("expected the root element `long`"),
        "{}",
        decode.message
    );
    assert_eq!(&decode.body[..], b"<long xmlns=\"urn:wrong\">1</long>");
}

#[tokio::test]
async fn an_invalid_order_is_refused_before_anything_is_sent_in_either_format() {
    let server = answering(xml_answer(&long(1))).await;
    let client = Client::new(server.uri()).unwrap().with_format(Format::Xml);
    let mut order: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");
    order.order_lines.clear();
    let err = client.create_order(&order).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    // A text XML cannot carry is refused too, with the element named.
    let mut order: OrderHeadRequest = common::fixture_as("compilator", "order_head_request.json");
    order.sales_person = "bell \u{7}".to_owned();
    let err = client.create_order(&order).await.unwrap_err();
    let Error::EncodeXml(xml) = &err else {
        panic!("expected an XML encoding error, got {err:?}");
    };
    assert_eq!(xml.path(), "/OrderHeadRequest/SalesPerson");
    assert!(requests(&server).await.is_empty());
}
