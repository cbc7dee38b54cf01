//! The checks a method writes out for a body that is not a generated type (fixture
//! `array_body_probe`): arrays of arrays, enums, nullable items, aliases and maps.

use golden_check::array_body_probe::types::{Color, Member, SetLevelsRequestItem};
use golden_check::array_body_probe::Client;
use golden_check::runtime::Error;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

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

#[tokio::test]
async fn arrays_of_arrays_enums_nullable_items_aliases_and_maps_are_checked() {
    let server = server().await;
    let client = Client::new(server.uri()).unwrap();

    client
        .put_grid("r", &vec![vec!["ab".into()], vec!["c".into()]])
        .await
        .unwrap();
    let err = client
        .put_grid(
            "r",
            &vec![vec!["ab".into()], vec![], vec!["a".into(), "abc".into()]],
        )
        .await
        .unwrap_err();
    assert_eq!(paths(err), ["[1]", "[2][1]"]);

    client.set_colors(&vec![Color::Red]).await.unwrap();
    let err = client
        .set_colors(&vec![Color::Red, Color::Unknown("blue".into())])
        .await
        .unwrap_err();
    assert_eq!(paths(err), ["[1]"]);
    let err = client
        .set_levels(&vec![
            SetLevelsRequestItem::Value1,
            SetLevelsRequestItem::Unknown(7),
        ])
        .await
        .unwrap_err();
    assert_eq!(paths(err), ["[1]"]);

    client
        .set_holes(&vec![None, Some("abc".into())])
        .await
        .unwrap();
    let err = client
        .set_holes(&vec![None, Some("abcd".into())])
        .await
        .unwrap_err();
    assert_eq!(paths(err), ["[1]"]);

    let err = client
        .set_members(&vec![Member::new("m".into()), Member::new(String::new())])
        .await
        .unwrap_err();
    assert_eq!(paths(err), ["[1].name"]);

    let err = client.set_code(&"abc".to_owned()).await.unwrap_err();
    assert_eq!(paths(err), [""]);
    let err = client.set_limit(&11).await.unwrap_err();
    assert_eq!(paths(err), [""]);
    let err = client.set_maybe(&vec![]).await.unwrap_err();
    assert_eq!(paths(err), [""]);

    let groups = [
        ("a".to_owned(), vec![Color::Red]),
        ("b".to_owned(), vec![Color::Red, Color::Unknown("x".into())]),
    ]
    .into_iter()
    .collect();
    let err = client.set_groups(&groups).await.unwrap_err();
    assert_eq!(paths(err), [r#"["b"]"#, r#"["b"][1]"#]);

    // Only the valid calls went out.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
