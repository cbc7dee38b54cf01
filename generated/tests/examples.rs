//! The examples in `examples/` run against local servers that implement their API's operations
//! with the sample responses: each succeeds, calls every operation exactly once on the path the
//! previous answers lead to, and fails when the server fails.

mod common;

#[allow(dead_code)] // `main` is the example's, not the test's
#[path = "../examples/planso.rs"]
mod planso_example;

#[allow(dead_code)]
#[path = "../examples/quotevine.rs"]
mod quotevine_example;

#[allow(dead_code)]
#[path = "../examples/compilator.rs"]
mod compilator_example;

#[allow(dead_code)]
#[path = "../examples/vendor_simulator.rs"]
mod vendor_simulator;

use generated::compilator::types::OrderHeadRequest;
use generated::runtime::{Format, XmlDocument};
use serde_json::Value;
use wiremock::matchers::{any, body_partial_json, header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use common::{compilator_order_response, fixture, fixture_as};

fn json_answer(body: impl Into<String>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into().into_bytes(), "application/json")
}

/// A server that answers every request with a 500 and a body that says so.
async fn failing_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500).set_body_string("Internal Server Error: database down"),
        )
        .mount(&server)
        .await;
    server
}

/// Checks that a run against a failing server fails, and says what the server answered.
fn assert_reports_the_500(outcome: Result<(), Box<dyn std::error::Error>>) {
    let error = outcome.expect_err("a run against a failing server must fail");
    let text = error.to_string();
    assert!(
        text.contains("500") && text.contains("database down"),
        "{text}"
    );
}

/// The requests a server received, as `METHOD path`.
async fn routes(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| format!("{} {}", request.method, request.url.path()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Against the vendor simulator: every operation, answered as the vendors document

#[tokio::test]
async fn the_planso_example_runs_against_the_vendor_simulator() {
    let simulator = vendor_simulator::start(vendor_simulator::Api::Planso).await;
    planso_example::run(&simulator.base_url).await.unwrap();
    // The update names the order the create answered with; its answer has no project number.
    assert_eq!(
        routes(&simulator.server).await,
        ["POST /api/orders", "PUT /api/orders/123"]
    );
}

#[tokio::test]
async fn the_quotevine_example_runs_against_the_vendor_simulator() {
    let simulator = vendor_simulator::start(vendor_simulator::Api::Quotevine).await;
    // The create answers the published Order (104 as a number, NEW, nulls); the update `{}`.
    quotevine_example::run(&simulator.base_url).await.unwrap();
    let orders = "/qvine/quotevine/api/v2/relationships/1234/orders/";
    assert_eq!(
        routes(&simulator.server).await,
        [
            format!("POST {orders}"),
            format!("GET {orders}154709/"),
            format!("PUT {orders}154709/"),
            format!("GET {orders}"),
        ]
    );
}

#[tokio::test]
async fn the_compilator_example_runs_against_the_vendor_simulator_in_both_formats() {
    for format in [Format::Json, Format::Xml] {
        let simulator = vendor_simulator::start(vendor_simulator::Api::Compilator).await;
        compilator_example::run(&simulator.base_url, format)
            .await
            .unwrap();
        assert_eq!(
            routes(&simulator.server).await,
            ["POST /api/Orders", "GET /api/orders/1/75"],
            "{format:?}"
        );
    }
}

#[tokio::test]
async fn the_vendor_simulator_refuses_what_the_vendors_refuse() {
    use vendor_simulator::Api;
    let client = reqwest::Client::new();
    let planso = vendor_simulator::start(Api::Planso).await;
    let mut update: Value =
        serde_json::from_str(&fixture("planso", "update_order_request.json")).unwrap();
    update["order_id"] = serde_json::json!(7);
    let answer = client
        .put(format!("{}/api/orders/8", planso.base_url))
        .header("content-type", "application/json")
        .body(update.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 422, "an update naming another order");
    let answer = client
        .put(format!("{}/api/orders/7", planso.base_url))
        .header("content-type", "application/json")
        .body(update.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);

    let quotevine = vendor_simulator::start(Api::Quotevine).await;
    let list = format!("{}/relationships/1234/orders/", quotevine.base_url);
    let answer = client.get(&list).send().await.unwrap();
    assert_eq!(answer.status(), 404, "no api-key");
    let answer = client
        .get(list.trim_end_matches('/'))
        .header("api-key", "k")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 404, "no trailing slash");
    let answer = client
        .get(&list)
        .header("api-key", "k")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let answer = client
        .post(&list)
        .header("api-key", "k")
        .header("content-type", "application/json")
        .body(r#"{"proposal_id": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        400,
        "a create without the mandatory attributes"
    );

    let compilator = vendor_simulator::start(Api::Compilator).await;
    let answer = client
        .post(format!("{}/api/Orders", compilator.base_url))
        .header("content-type", "application/json")
        .body(r#"{"OrderLines": []}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400, "an order without lines");
}

/// Drops every `null` of a JSON value: a form cannot say `null`, and ASP.NET binds a property
/// that is not sent as `null`.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[tokio::test]
async fn compilator_create_order_is_sent_as_a_form_that_asp_net_binds_to_the_same_order() {
    let simulator = vendor_simulator::start(vendor_simulator::Api::Compilator).await;
    let client = generated::compilator::Client::new(simulator.base_url.clone()).unwrap();
    let order: OrderHeadRequest = fixture_as("compilator", "order_head_request.json");
    let id = client.create_order_form(&order).await.unwrap().into_body();
    assert_eq!(id, 1);
    let received = simulator.server.received_requests().await.unwrap();
    let request = &received[0];
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    let body = String::from_utf8(request.body.clone()).unwrap();
    // Nested lines in the bracket form.
    assert!(
        body.contains("&OrderLines%5B0%5D%5BLineNumber%5D=1&"),
        "{body}"
    );
    // What the server binds is the order sent, but for the nulls a form cannot carry.
    let bound: OrderHeadRequest = vendor_simulator::bind_form(&request.body).unwrap();
    assert_eq!(
        without_nulls(serde_json::to_value(&bound).unwrap()),
        without_nulls(serde_json::to_value(&order).unwrap())
    );
    // ASP.NET reads the dotted form the same way.
    let dotted = generated::runtime::to_form(
        &order,
        &generated::runtime::FormEncoding::new().nesting(generated::runtime::Nesting::Dots),
    )
    .unwrap();
    assert!(
        dotted.contains("&OrderLines%5B0%5D.LineNumber=1&"),
        "{dotted}"
    );
    let bound: OrderHeadRequest = vendor_simulator::bind_form(dotted.as_bytes()).unwrap();
    assert_eq!(
        without_nulls(serde_json::to_value(&bound).unwrap()),
        without_nulls(serde_json::to_value(&order).unwrap())
    );
    // A form the model does not fit is refused as ASP.NET refuses it.
    let refused = reqwest::Client::new()
        .post(format!("{}/api/Orders", simulator.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("SellerBranchId=seventy-five&OrderLines%5B0%5D%5BLineNumber%5D=1")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
}

// ---------------------------------------------------------------------------------------------
// planso

#[tokio::test]
async fn the_planso_example_creates_and_updates_an_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/orders"))
        .and(header("content-type", "application/json"))
        .respond_with(json_answer(fixture("planso", "create_order_response.json")))
        .expect(1)
        .mount(&server)
        .await;
    // The update goes to the order the create answered with, and names it in the body too.
    let created: generated::planso::types::CreateOrderResponse =
        fixture_as("planso", "create_order_response.json");
    let order_id = created.order_id.into_option().unwrap();
    Mock::given(method("PUT"))
        .and(path(format!("/api/orders/{order_id}")))
        .and(body_partial_json(
            serde_json::json!({ "order_id": order_id }),
        ))
        .respond_with(json_answer(fixture("planso", "update_order_response.json")))
        .expect(1)
        .mount(&server)
        .await;

    planso_example::run(&server.uri()).await.unwrap();

    server.verify().await;
    let requests = server.received_requests().await.unwrap();
    let created: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(created["person"], "Max Mustermann");
    assert_eq!(created["repair_date"], "27.01.2026");
}

#[tokio::test]
async fn the_planso_example_fails_when_the_server_rejects_the_order() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_answer(
            r#"{"success": false, "message": "Kennzeichen unbekannt"}"#,
        ))
        .mount(&server)
        .await;

    let error = planso_example::run(&server.uri()).await.unwrap_err();

    assert!(
        error.to_string().contains("Kennzeichen unbekannt"),
        "{error}"
    );
}

#[tokio::test]
async fn the_planso_example_fails_against_a_failing_server() {
    let server = failing_server().await;
    assert_reports_the_500(planso_example::run(&server.uri()).await);
}

// ---------------------------------------------------------------------------------------------
// quotevine

#[tokio::test]
async fn the_quotevine_example_runs_every_order_operation() {
    let server = MockServer::start().await;
    let base = "/qvine/quotevine/api/v2";
    let orders = format!(
        "{base}/relationships/{}/orders/",
        quotevine_example::DEFAULT_RELATIONSHIP_ID
    );
    // The created order is read and updated on its own path.
    let created: generated::quotevine::types::Order =
        fixture_as("quotevine", "order_response.json");
    let order = format!("{orders}{}/", created.vehicle_order_id);
    let order_body = fixture("quotevine", "order_response.json");
    for (verb, route, body) in [
        ("POST", &orders, order_body.clone()),
        ("GET", &order, order_body),
        // A successful PUT answers `{}`, as the vendor documents for its v2 objects.
        (
            "PUT",
            &order,
            fixture("quotevine", "update_order_response.json"),
        ),
        (
            "GET",
            &orders,
            fixture("quotevine", "order_list_response.json"),
        ),
    ] {
        Mock::given(method(verb))
            .and(path(route.as_str()))
            .and(header_exists("api-key"))
            .respond_with(json_answer(body))
            .expect(1)
            .mount(&server)
            .await;
    }

    quotevine_example::run(&format!("{}{base}", server.uri()))
        .await
        .unwrap();

    server.verify().await;
}

#[tokio::test]
async fn the_quotevine_example_uses_the_relationship_it_is_given() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/relationships/98765/orders/"))
        .respond_with(json_answer(fixture("quotevine", "order_response.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/relationships/98765/orders/90311/"))
        .respond_with(json_answer(fixture("quotevine", "order_response.json")))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/relationships/98765/orders/"))
        .respond_with(json_answer(fixture(
            "quotevine",
            "order_list_response.json",
        )))
        .expect(1)
        .mount(&server)
        .await;

    quotevine_example::run_for_relationship(&server.uri(), 98765)
        .await
        .unwrap();

    server.verify().await;
}

#[tokio::test]
async fn the_quotevine_example_fails_against_a_failing_server() {
    let server = failing_server().await;
    assert_reports_the_500(quotevine_example::run(&server.uri()).await);
}

// ---------------------------------------------------------------------------------------------
// compilator

#[tokio::test]
async fn the_compilator_example_adds_an_order_and_reads_it_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/Orders"))
        .and(header("content-type", "application/json"))
        .respond_with(json_answer(fixture(
            "compilator",
            "create_order_response.json",
        )))
        .expect(1)
        .mount(&server)
        .await;
    // The new order is read back from the branch that sold it.
    let order_id: i64 = fixture_as("compilator", "create_order_response.json");
    Mock::given(method("GET"))
        .and(path(format!(
            "/api/orders/{order_id}/{}",
            compilator_example::SELLER_BRANCH_ID
        )))
        .respond_with(json_answer(compilator_order_response().to_string()))
        .expect(1)
        .mount(&server)
        .await;

    compilator_example::run(&server.uri(), Format::Json)
        .await
        .unwrap();

    server.verify().await;
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent["SellerBranchId"], compilator_example::SELLER_BRANCH_ID);
    assert_eq!(sent["OrderLines"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn the_compilator_example_can_send_its_order_as_xml() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/Orders"))
        .and(header("content-type", "application/xml"))
        .and(header("accept", "application/xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"<long xmlns="http://schemas.microsoft.com/2003/10/Serialization/">17</long>"#,
            "application/xml; charset=utf-8",
        ))
        .expect(1)
        .mount(&server)
        .await;
    // The id read from the XML answer is the one read back, as JSON.
    Mock::given(method("GET"))
        .and(path(format!(
            "/api/orders/17/{}",
            compilator_example::SELLER_BRANCH_ID
        )))
        .and(header("accept", "application/json"))
        .respond_with(json_answer(compilator_order_response().to_string()))
        .expect(1)
        .mount(&server)
        .await;

    compilator_example::run(&server.uri(), Format::Xml)
        .await
        .unwrap();

    server.verify().await;
    let requests = server.received_requests().await.unwrap();
    let sent = OrderHeadRequest::from_xml(&requests[0].body).unwrap();
    assert_eq!(sent.seller_branch_id, compilator_example::SELLER_BRANCH_ID);
    assert_eq!(sent.order_lines.len(), 3);
    let text = String::from_utf8(requests[0].body.clone()).unwrap();
    // The example sets no contact: the base class's members start with the currency.
    assert!(
        text.starts_with(concat!(
            r#"<OrderHeadRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xmlns="http://schemas.datacontract.org/2004/07/Compilator.DDAPI.DTO.Order">"#,
            "<CurrencyId>1</CurrencyId><CurrencyRate>1</CurrencyRate>"
        )),
        "{text}"
    );
    assert!(
        text.contains("<OrderType>NormalOrder</OrderType>"),
        "{text}"
    );
    assert!(
        text.contains("<OrderDate>2026-01-21T09:30:00</OrderDate>"),
        "{text}"
    );
}

#[tokio::test]
async fn the_compilator_example_fails_against_a_failing_server() {
    let server = failing_server().await;
    assert_reports_the_500(compilator_example::run(&server.uri(), Format::Json).await);
}
