//! `x-body-field` through every way a spec can spell the parameter and the body (fixtures
//! `body_field_shapes`, `body_field_alias`, `body_field_path_level`), compared on values rather
//! than on the encoded path, and reported together with the body's own violations (fixture
//! `body_field`).

use golden_check::runtime::Error;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

async fn sent(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect()
}

fn violations<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Vec<String> {
    match result {
        Err(Error::InvalidRequest(invalid)) => invalid
            .violations()
            .iter()
            .map(|v| format!("{}: {}", v.path, v.message))
            .collect(),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

/// Strings the path percent-encodes (`/`, space, `?`, `#`, `%`, non-ASCII) are compared as
/// values: equal values are sent (encoded in the path), unequal ones refused.
#[tokio::test]
async fn strings_are_compared_as_values_not_as_encoded_path_segments() {
    use golden_check::body_field_shapes::{types::PutBRequest, Client};
    let server = server().await;
    let client = Client::new(server.uri()).unwrap();
    let key = "a/b c?#%/Straße";
    // The wire name `order_id` is the Rust field `order_id_2`; `orderId` took `order_id`.
    client
        .put_b(key, &PutBRequest::new("other".into(), key.into()))
        .await
        .unwrap();
    assert_eq!(sent(&server).await, ["/b/a%2Fb%20c%3F%23%25%2FStra%C3%9Fe"]);
    // The encoded form of the value is not the value.
    let encoded = "a%2Fb%20c%3F%23%25%2FStra%C3%9Fe";
    let refused = client
        .put_b(key, &PutBRequest::new(key.into(), encoded.into()))
        .await;
    assert_eq!(
        violations(refused),
        [format!(
            "key: is {key:?} in the path but {encoded:?} in the body's `order_id`; both must name the same"
        )]
    );
    assert_eq!(sent(&server).await.len(), 1);
}

/// `$ref` parameters at the path item, `$ref` request bodies, `allOf`, JSON+XML and XML-only
/// bodies, a keyword field, two parameters naming one field, a parameter called `body`.
#[tokio::test]
async fn every_spelling_of_parameter_and_body_is_compared() {
    use golden_check::body_field_shapes::{
        types::{Both, Gadget, Merged, PutCRequest, PutGRequest, A},
        Client,
    };
    let server = server().await;
    let client = Client::new(server.uri()).unwrap();
    let id: uuid::Uuid = "a90dc33d-35fb-428a-b4c8-ce9b1ccd846d".parse().unwrap();
    let other: uuid::Uuid = "0d9a47a4-5bd1-4f07-9a6c-1d3f2b9f4c11".parse().unwrap();

    client.put_a(1, &A::new(1)).await.unwrap();
    client
        .put_c("t", "t", &PutCRequest::new("t".into()))
        .await
        .unwrap();
    client
        .put_d(i64::MAX, &Merged::new(i64::MAX))
        .await
        .unwrap();
    client.put_e(-5, &Both::new(-5)).await.unwrap();
    client.put_f(id, &Gadget::new(id)).await.unwrap();
    client
        .put_g("b", &PutGRequest::new("b".into()))
        .await
        .unwrap();
    assert_eq!(sent(&server).await.len(), 6);

    assert_eq!(
        violations(client.put_a(1, &A::new(2)).await),
        ["id: is \"1\" in the path but \"2\" in the body's `ID`; both must name the same"]
    );
    assert_eq!(
        violations(client.put_c("t", "u", &PutCRequest::new("t".into())).await),
        ["other: is \"u\" in the path but \"t\" in the body's `type`; both must name the same"]
    );
    assert_eq!(violations(client.put_d(1, &Merged::new(-1)).await).len(), 1);
    assert_eq!(violations(client.put_e(1, &Both::new(2)).await).len(), 1);
    assert_eq!(
        violations(client.put_f(id, &Gadget::new(other)).await).len(),
        1
    );
    assert_eq!(
        violations(client.put_g("b", &PutGRequest::new("c".into())).await),
        ["body: is \"b\" in the path but \"c\" in the body's `body`; both must name the same"]
    );
    assert_eq!(sent(&server).await.len(), 6);
}

/// `InvalidRequest` keeps every violation: a call whose body breaks a constraint and whose path
/// id disagrees with the body id names both, the body's first.
#[tokio::test]
async fn a_disagreeing_id_is_reported_with_the_bodys_other_violations() {
    use golden_check::body_field::{types::OrderUpdate, Client};
    let server = server().await;
    let client = Client::new(server.uri()).unwrap();
    let mut update = OrderUpdate::new(8);
    update.note = Some("far longer than ten".into());
    let paths: Vec<String> = violations(client.update_order(7, &update).await)
        .into_iter()
        .map(|v| v.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["Note", "order_id"]);
    assert!(sent(&server).await.is_empty());
}

/// A form body is compared with its path parameter as a JSON one is.
#[tokio::test]
async fn a_form_body_is_compared_too() {
    use golden_check::body_field::{types::OrderUpdate, Client};
    let server = server().await;
    let client = Client::new(server.uri()).unwrap();
    let paths: Vec<String> = violations(client.update_order_form(7, &OrderUpdate::new(8)).await)
        .into_iter()
        .map(|v| v.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["order_id"]);
    client
        .update_order_form(8, &OrderUpdate::new(8))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/orders/8/form");
    assert_eq!(requests[0].body, b"OrderId=8");
}

/// A body that is an alias of an object, and an id with a schema of its own, are compared as a
/// plain object and integer are; the aliased body is validated too.
#[tokio::test]
async fn aliases_of_the_body_and_of_the_id_are_compared() {
    use golden_check::body_field_alias::{
        types::{Line, Order},
        Client,
    };
    let server = server().await;
    let client = Client::new(server.uri()).unwrap();
    client.put_order(3, &Order::new(3)).await.unwrap();
    client.put_line(&4, &Line::new(4)).await.unwrap();
    assert_eq!(sent(&server).await, ["/orders/3", "/lines/4"]);
    assert_eq!(
        violations(client.put_order(3, &Order::new(5)).await),
        ["id: is \"3\" in the path but \"5\" in the body's `id`; both must name the same"]
    );
    assert_eq!(
        violations(client.put_line(&4, &Line::new(6)).await),
        ["line: is \"4\" in the path but \"6\" in the body's `line_id`; both must name the same"]
    );
    assert_eq!(sent(&server).await.len(), 2);
}

/// A parameter declared for the whole path, or as a shared component, is compared in the
/// operations that have a body and simply sent by the others.
#[tokio::test]
async fn a_shared_parameter_is_compared_where_there_is_a_body() {
    use golden_check::body_field_path_level::{
        types::{Line, Order},
        Client,
    };
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).unwrap();
    client.get_line("x").await.unwrap();
    client.put_line("x", &Line::new("x".into())).await.unwrap();
    client.put_order(9, &Order::new(9)).await.unwrap();
    assert_eq!(sent(&server).await, ["/lines/x", "/lines/x", "/orders/9"]);
    assert_eq!(
        violations(client.put_line("x", &Line::new("y".into())).await),
        ["line_id: is \"x\" in the path but \"y\" in the body's `line_id`; both must name the same"]
    );
    assert_eq!(
        violations(client.put_order(9, &Order::new(1)).await).len(),
        1
    );
    assert_eq!(sent(&server).await.len(), 3);
}
