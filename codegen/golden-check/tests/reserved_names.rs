//! The `reserved_names` fixture: a security scheme called `format`, operations called `config`,
//! `with_format` and `builder`, parameters named after the method's own locals, and schemas
//! named after runtime and prelude types. It compiles (under `deny(warnings)`, with the crate),
//! and its client sends and reads what the spec says.

use golden_check::reserved_names::types::{Client as ClientBody, Option2};
use golden_check::reserved_names::{
    Client, ClientBuilder, ConfigError, ConfigParams, WithFormat2Params,
};
use golden_check::runtime::{Error, Format};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    // The builder is a type of the API's module that users can name.
    let builder: ClientBuilder = Client::builder(server.uri());
    builder
        .format_2("secret-key")
        .max_response_bytes(1024)
        .build()
        .unwrap()
}

#[tokio::test]
async fn parameters_named_like_locals_go_where_the_spec_puts_them() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/config/ab"))
        .and(query_param("validator", "2"))
        .and(query_param("runtime", "r"))
        .and(header("types", "t"))
        .and(header("X-Format-Key", "secret-key"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"stored":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let params = ConfigParams {
        validator_2: Some(2),
        runtime_2: Some("r".into()),
        types_2: Some("t".into()),
    };
    let response = client(&server)
        .await
        .config("ab", &params, &ClientBody::new("n".into()))
        .await
        .unwrap();
    assert_eq!(response.body.stored, Some(true));
}

#[tokio::test]
async fn the_operation_config_has_its_own_error_enum() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_string(r#"{"message":"taken"}"#))
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .config("ab", &ConfigParams::default(), &ClientBody::new("n".into()))
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("an API error, got {err:?}")
    };
    let Some(ConfigError::Conflict(body)) = api.typed else {
        panic!("the 409 body, typed")
    };
    assert_eq!(body.message.as_deref(), Some("taken"));
}

#[tokio::test]
async fn a_path_parameter_named_validator_or_request_is_checked() {
    let server = MockServer::start().await;
    let err = client(&server)
        .await
        .config(
            "longer than eight",
            &ConfigParams {
                validator_2: Some(0),
                ..Default::default()
            },
            &ClientBody::new("n".into()),
        )
        .await
        .unwrap_err();
    let Error::InvalidRequest(invalid) = err else {
        panic!("refused before sending, got {err:?}")
    };
    let text = invalid.to_string();
    assert!(text.contains("request"), "{text}");
    assert!(text.contains("validator"), "{text}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn operations_named_with_format_and_builder_beside_the_client_s_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/with-format"))
        .and(query_param("body", "b"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"["x","y"]"#))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/builder"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"{"option":"some","vec":[1,2],"string":{"value":"v"}}"#),
        )
        .mount(&server)
        .await;
    let client = client(&server).await.with_format(Format::Json);
    let params = WithFormat2Params {
        body_2: Some("b".into()),
        params_2: None,
    };
    let results = client.with_format_2(&params).await.unwrap().body;
    assert_eq!(results, ["x", "y"]);
    let values = client.builder_2().await.unwrap().body;
    assert_eq!(values.option, Some(Option2::Some));
    assert_eq!(values.vec, Some(vec![1, 2]));
    assert_eq!(values.string.unwrap().value.as_deref(), Some("v"));
}

#[test]
fn the_server_builder_takes_variables_whose_names_differ_only_in_case() {
    let client = Client::builder_for_region_and_region_2("eu", "v1")
        .unwrap()
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("eu.example.com/v1"), "{shown}");
}
