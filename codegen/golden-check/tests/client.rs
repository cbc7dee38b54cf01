//! The client the generator writes for the `operations` fixture, against a local server:
//! parameters of every kind, error enums chosen by status, bodies without JSON.

use golden_check::operations::{Client, GetItemsItemIdError, GetItemsItemIdParams};
use golden_check::runtime::Error;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn params() -> GetItemsItemIdParams {
    GetItemsItemIdParams {
        body_2: Some("b".into()),
        tags: Some(vec!["x".into(), "y z".into()]),
        x_request_id: "a90dc33d-35fb-428a-b4c8-ce9b1ccd846d".parse().unwrap(),
        since: None,
    }
}

#[tokio::test]
async fn parameters_go_where_the_spec_puts_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/a%2Fb"))
        .and(query_param("body", "b"))
        .and(header(
            "X-Request-Id",
            "a90dc33d-35fb-428a-b4c8-ce9b1ccd846d",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"name":"n"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).unwrap();
    let item = client.get_items_item_id("a/b", &params()).await.unwrap();
    assert_eq!(item.body.name.as_deref(), Some("n"));
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), Some("body=b&tags=x&tags=y+z"));
}

#[tokio::test]
async fn error_bodies_are_typed_by_status() {
    for (status, body, expected) in [
        (404, r#"{"missing":"a"}"#, "NotFound"),
        (409, r#"{"reason":"b"}"#, "Conflict"),
        (500, r#"{"title":"c"}"#, "Other"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let client = Client::new(server.uri()).unwrap();
        let err = client.get_items_item_id("a", &params()).await.unwrap_err();
        let Error::Api(api) = err else {
            panic!("api error")
        };
        let found = match api.typed {
            Some(GetItemsItemIdError::NotFound(_)) => "NotFound",
            Some(GetItemsItemIdError::Conflict(_)) => "Conflict",
            Some(GetItemsItemIdError::Other(_)) => "Other",
            None => "none",
        };
        assert_eq!(found, expected);
        assert_eq!(api.body_text(), body);
    }
}

#[tokio::test]
async fn no_content_and_text_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/items/7"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/items/7/note"))
        .and(header("content-type", "text/plain; charset=utf-8"))
        .and(header("accept", "text/plain"))
        .and(body_string("Ölwechsel fällig"))
        .respond_with(ResponseTemplate::new(200).set_body_string("stored"))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).unwrap();
    assert_eq!(client.delete_item("7").await.unwrap().status, 204);
    let note = client.put_note(7, "Ölwechsel fällig").await.unwrap();
    assert_eq!(note.body, "stored");
}

#[tokio::test]
async fn differing_success_responses_are_chosen_by_status() {
    use golden_check::operations::types::Item;
    use golden_check::operations::CreateItemResponse;
    let item = Item {
        name: Some("n".into()),
        ..Item::default()
    };
    for (status, body, expected) in [
        (200, r#"{"name":"old"}"#, "Ok"),
        (201, r#"{"id":42}"#, "Created"),
        (202, "", "Accepted"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/items"))
            .and(header("content-type", "application/json"))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let client = Client::new(server.uri()).unwrap();
        let response = client.create_item(&item).await.unwrap();
        let found = match response.body {
            CreateItemResponse::Ok(item) if item.name.as_deref() == Some("old") => "Ok",
            CreateItemResponse::Created(created) if created.id == 42 => "Created",
            CreateItemResponse::Accepted => "Accepted",
            _ => "wrong",
        };
        assert_eq!(found, expected);
    }
    // A 2xx the spec does not declare is reported, with the body kept.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(206).set_body_string("partial"))
        .mount(&server)
        .await;
    let err = Client::new(server.uri())
        .unwrap()
        .create_item(&item)
        .await
        .unwrap_err();
    let Error::Decode(decode) = err else {
        panic!("decode error")
    };
    assert!(decode.message.contains("206"), "{}", decode.message);
    assert_eq!(decode.body_text(), "partial");
}

#[tokio::test]
async fn path_values_that_would_change_the_path_are_refused_unsent() {
    let server = MockServer::start().await;
    let client = Client::new(server.uri()).unwrap();
    for value in ["", ".", ".."] {
        let err = client.delete_item(value).await.unwrap_err();
        let Error::InvalidRequest(invalid) = err else {
            panic!("invalid request")
        };
        assert_eq!(invalid.violations()[0].path, "item_id");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A success flag under a name that is not a Rust name (`IsSuccess`, read from the decoded
/// body as `is_success`): `true` is the body, `false` a rejection with `ErrorText`.
#[tokio::test]
async fn a_success_flag_is_read_under_its_rust_name() {
    use golden_check::success_flag::{types::Booking, Client};
    for (answer, expected) in [
        (r#"{"IsSuccess": true, "BookingId": 7}"#, Ok(Some(7))),
        (
            r#"{"IsSuccess": false, "ErrorText": "slot taken", "BookingId": null}"#,
            Err(Some("slot taken")),
        ),
        (r#"{"IsSuccess": false, "ErrorText": null}"#, Err(None)),
        (
            r#"{"BookingId": 7, "IsSuccess": true, "Extra": [1]}"#,
            Ok(Some(7)),
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/bookings"))
            .and(body_string(r#"{"Slot":"9:00"}"#))
            .respond_with(ResponseTemplate::new(200).set_body_string(answer))
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::new(server.uri()).unwrap();
        let result = client.book(&Booking::new("9:00".into())).await;
        match (result, expected) {
            (Ok(response), Ok(id)) => {
                assert!(response.body.is_success, "{answer}");
                assert_eq!(response.body.booking_id, id, "{answer}");
            }
            (Err(Error::Rejected(rejected)), Err(message)) => {
                assert_eq!(rejected.message.as_deref(), message, "{answer}");
                assert_eq!(rejected.body_text(), answer);
            }
            (other, _) => panic!("{answer}: {other:?}"),
        }
    }
}

/// `x-body-field`: a path parameter that names the same thing as a body property is sent only
/// when the two agree, for each type compared (integer, string, UUID); otherwise the call is
/// refused before anything is sent, with every disagreement named.
#[tokio::test]
async fn path_parameters_must_agree_with_their_body_fields() {
    use golden_check::body_field::{
        types::{Device, OrderUpdate},
        Client,
    };
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).unwrap();
    let device_id: uuid::Uuid = "a90dc33d-35fb-428a-b4c8-ce9b1ccd846d".parse().unwrap();
    let other_id: uuid::Uuid = "0d9a47a4-5bd1-4f07-9a6c-1d3f2b9f4c11".parse().unwrap();

    client.update_order(7, &OrderUpdate::new(7)).await.unwrap();
    client
        .move_device("north", device_id, &Device::new("north".into(), device_id))
        .await
        .unwrap();
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        sent,
        ["/orders/7", &format!("/sites/north/devices/{device_id}")]
    );

    let refused = client.update_order(7, &OrderUpdate::new(8)).await;
    let Err(Error::InvalidRequest(invalid)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(
        invalid.to_string(),
        "1 invalid value(s): order_id: is \"7\" in the path but \"8\" in the body's `OrderId`; both must name the same"
    );
    let refused = client
        .move_device("north", device_id, &Device::new("south".into(), other_id))
        .await;
    let Err(Error::InvalidRequest(invalid)) = refused else {
        panic!("{refused:?}")
    };
    let paths: Vec<&str> = invalid
        .violations()
        .iter()
        .map(|v| v.path.as_str())
        .collect();
    assert_eq!(paths, ["code", "device"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// A server that answers every request with 204 No Content.
async fn answering_no_content() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// The paths of the violations of an [`Error::InvalidRequest`].
fn paths(err: Error) -> Vec<String> {
    match err {
        Error::InvalidRequest(invalid) => invalid
            .violations()
            .iter()
            .map(|v| v.path.clone())
            .collect(),
        other => panic!("{other:?}"),
    }
}

/// Bodies that are not objects of their own (an array of objects, an alias of an array of
/// strings, a map) are checked before they are sent, with the path of every violation.
#[tokio::test]
async fn array_and_map_bodies_are_checked_before_they_are_sent() {
    use golden_check::array_body::{types::Line, Client};
    let server = answering_no_content().await;
    let client = Client::new(server.uri()).unwrap();
    let line = |name: &str| Line::new(name.into());

    client.add_lines(&vec![line("ab")]).await.unwrap();
    client.set_tags(&vec!["abc".into()]).await.unwrap();
    client
        .set_prices(&[("a".to_owned(), 0)].into_iter().collect())
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    let err = client
        .add_lines(&vec![line("ab"), line("toolong"), line("c"), line("d")])
        .await
        .unwrap_err();
    assert_eq!(paths(err), ["", "[1].Name"]);
    let err = client.add_lines(&vec![]).await.unwrap_err();
    assert_eq!(paths(err), [""]);
    let err = client
        .set_tags(&vec!["abc".into(), "abcd".into()])
        .await
        .unwrap_err();
    assert_eq!(paths(err), ["[1]"]);
    let err = client
        .set_prices(
            &[("a".to_owned(), 1), ("b".to_owned(), -1)]
                .into_iter()
                .collect(),
        )
        .await
        .unwrap_err();
    assert_eq!(paths(err), [r#"["b"]"#]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Parameters with constraints (fixture `parameter_constraints`) are checked before anything is
/// sent, in every place, and reported together with the body's violations.
#[tokio::test]
async fn parameter_values_are_checked_before_they_are_sent() {
    use golden_check::parameter_constraints::{
        types::{Mode, Row},
        Client, GetCellParams, PutRowParams,
    };
    let server = answering_no_content().await;
    let client = Client::new(server.uri()).unwrap();
    let good = PutRowParams {
        limit: Some(100),
        tags: Some(vec!["a".into(), "bcd".into()]),
        x_tenant: "t1".into(),
        mode: Some(Mode::Safe),
    };
    client
        .put_row("AB", 1, &good, &Row::new("hello".into()))
        .await
        .unwrap();
    let fast = GetCellParams { mode: Mode::Fast };
    client.get_cell("ab", &fast).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let bad = PutRowParams {
        limit: Some(0),
        tags: Some(vec!["a".into(), "b".into(), "long".into()]),
        x_tenant: "t".into(),
        mode: Some(Mode::Unknown("slow".into())),
    };
    let err = client
        .put_row("abcde", 0, &bad, &Row::new("too long".into()))
        .await
        .unwrap_err();
    assert_eq!(
        paths(err),
        ["text", "code", "code", "number", "limit", "tags", "tags[2]", "X-Tenant", "mode"]
    );
    let slow = GetCellParams {
        mode: Mode::Unknown("slow".into()),
    };
    let err = client.get_cell("a", &slow).await.unwrap_err();
    assert_eq!(paths(err), ["code", "mode"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
