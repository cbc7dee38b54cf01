//! A local stand-in for each vendor's API, answering as the vendors document it, so that the
//! examples (and the tests) can run every operation without the real services:
//!
//! - planso: `POST /api/orders` answers the create sample; `PUT /api/orders/{order_id}`
//!   answers the update sample, which has no `project_number`. A body that is not a valid
//!   request, or an update whose body names another order, gets FastAPI's 422.
//! - quotevine (below `/qvine/quotevine/api/v2`, every path ending with a slash, `api-key`
//!   required): `POST .../orders/` answers the vendor's published example Order
//!   (`"external_reference": 104`, `"new_used": "NEW"`, nulls), `GET .../orders/` the list of it
//!   with a `first` link, `GET .../orders/{order_id}/` the Order under that id, and a
//!   successful `PUT` answers `{}`. An invalid request gets 400; anything else 404.
//! - compilator: `POST /api/Orders` takes JSON or XML and answers the new id, `1`, in the
//!   format asked for; `GET /api/orders/{id}/{branchId}` answers the head response with .NET's
//!   `null`s and the status names. An invalid request gets ASP.NET's 400.
//!
//! The answers are the payloads in `specs/fixtures/`. Run one and point an example at it:
//!
//! ```sh
//! cargo run -p generated --example vendor_simulator -- quotevine
//! # prints its base URL, e.g. http://127.0.0.1:41234/qvine/quotevine/api/v2, and serves
//! # until its standard input is closed
//! ```

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use generated::runtime::{Validate, XmlDocument};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The APIs the simulator stands in for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Planso,
    Quotevine,
    Compilator,
}

impl Api {
    /// Every API, by its module name.
    pub const ALL: [(&'static str, Api); 3] = [
        ("planso", Api::Planso),
        ("quotevine", Api::Quotevine),
        ("compilator", Api::Compilator),
    ];
}

/// The path of quotevine's API below the customer's host, as in the spec's server URL.
pub const QUOTEVINE_BASE_PATH: &str = "/qvine/quotevine/api/v2";

/// A running simulator: the server and the base URL to give a client.
pub struct Simulator {
    pub server: MockServer,
    pub base_url: String,
}

/// Starts the simulator of `api` on 127.0.0.1, on a free port.
pub async fn start(api: Api) -> Simulator {
    let server = MockServer::start().await;
    let base_url = match api {
        Api::Quotevine => format!("{}{QUOTEVINE_BASE_PATH}", server.uri()),
        Api::Planso | Api::Compilator => server.uri(),
    };
    Mock::given(any())
        .respond_with(Vendor {
            api,
            base_url: base_url.clone(),
        })
        .mount(&server)
        .await;
    Simulator { server, base_url }
}

/// The text of `specs/fixtures/<api>/<file>`.
pub fn fixture(api: &str, file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../specs/fixtures")
        .join(api)
        .join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", path.display()))
}

fn fixture_json(api: &str, file: &str) -> Value {
    serde_json::from_str(&fixture(api, file))
        .unwrap_or_else(|err| panic!("fixture {api}/{file} is not JSON: {err}"))
}

struct Vendor {
    api: Api,
    base_url: String,
}

impl Respond for Vendor {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let method = request.method.as_str();
        let path = request.url.path();
        match self.api {
            Api::Planso => planso(method, path, request),
            Api::Quotevine => quotevine(method, path, request, &self.base_url),
            Api::Compilator => compilator(method, path, request),
        }
    }
}

fn json_answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads a JSON request body as `T` and checks it against the spec's constraints.
fn read_json<T: serde::de::DeserializeOwned + Validate>(body: &[u8]) -> Result<T, String> {
    let value: T = serde_json::from_slice(body).map_err(|err| err.to_string())?;
    value.validate().map_err(|err| err.to_string())?;
    Ok(value)
}

// ---------------------------------------------------------------------------------------------
// planso: FastAPI

fn unprocessable(message: &str) -> ResponseTemplate {
    json_answer(
        422,
        &json!({"detail": [{"loc": ["body"], "msg": message, "type": "value_error"}]}),
    )
}

fn planso(method: &str, path: &str, request: &Request) -> ResponseTemplate {
    use generated::planso::types::{CreateOrderRequest, UpdateOrderRequest};
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("POST", ["api", "orders"]) => match read_json::<CreateOrderRequest>(&request.body) {
            Ok(_) => json_answer(200, &fixture_json("planso", "create_order_response.json")),
            Err(err) => unprocessable(&err),
        },
        ("PUT", ["api", "orders", order_id]) => {
            match read_json::<UpdateOrderRequest>(&request.body) {
                Ok(update) if update.order_id.to_string() == *order_id => {
                    json_answer(200, &fixture_json("planso", "update_order_response.json"))
                }
                Ok(_) => unprocessable("order_id in the body differs from the path"),
                Err(err) => unprocessable(&err),
            }
        }
        _ => json_answer(404, &json!({"detail": "Not Found"})),
    }
}

// ---------------------------------------------------------------------------------------------
// quotevine

fn quotevine(method: &str, path: &str, request: &Request, base_url: &str) -> ResponseTemplate {
    use generated::quotevine::types::OrderRequest;
    let not_found = || ResponseTemplate::new(404).set_body_string("Not found.");
    if header(request, "api-key").is_none_or(str::is_empty) {
        // Not permitted reads as not found.
        return not_found();
    }
    let Some(rest) = path.strip_prefix(QUOTEVINE_BASE_PATH) else {
        return not_found();
    };
    let Some(rest) = rest.strip_suffix('/') else {
        return not_found();
    };
    let segments: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let is_id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let published = || fixture_json("quotevine", "published_order.json");
    match (method, segments.as_slice()) {
        ("POST", ["relationships", id, "orders"]) if is_id(id) => {
            match read_json::<OrderRequest>(&request.body) {
                Ok(_) => json_answer(200, &published()),
                Err(err) => ResponseTemplate::new(400).set_body_string(err),
            }
        }
        ("GET", ["relationships", id, "orders"]) if is_id(id) => json_answer(
            200,
            &json!({
                "items": [published()],
                "first": {"$ref": format!("{base_url}/relationships/{id}/orders/")},
            }),
        ),
        ("GET", ["relationships", id, "orders", order_id]) if is_id(id) && is_id(order_id) => {
            let mut order = published();
            order["vehicle_order_id"] = json!(order_id.parse::<i64>().unwrap_or_default());
            json_answer(200, &order)
        }
        ("PUT", ["relationships", id, "orders", order_id]) if is_id(id) && is_id(order_id) => {
            match read_json::<OrderRequest>(&request.body) {
                Ok(_) => json_answer(
                    200,
                    &fixture_json("quotevine", "update_order_response.json"),
                ),
                Err(err) => ResponseTemplate::new(400).set_body_string(err),
            }
        }
        _ => not_found(),
    }
}

// ---------------------------------------------------------------------------------------------
// compilator: ASP.NET Web API

fn is_xml_media(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        let essence = v.split(';').next().unwrap_or("").trim();
        essence == "application/xml" || essence == "text/xml"
    })
}

fn bad_request(field: &str, message: &str) -> ResponseTemplate {
    json_answer(
        400,
        &json!({
            "Message": "The request is invalid.",
            "ModelState": {field: [message]},
        }),
    )
}

fn compilator(method: &str, path: &str, request: &Request) -> ResponseTemplate {
    use generated::compilator::types::OrderHeadRequest;
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("POST", [api, orders])
            if api.eq_ignore_ascii_case("api") && orders.eq_ignore_ascii_case("orders") =>
        {
            let read = if is_xml_media(header(request, "content-type")) {
                OrderHeadRequest::from_xml(&request.body)
                    .map_err(|err| err.to_string())
                    .and_then(|order| {
                        order.validate().map_err(|err| err.to_string())?;
                        Ok(order)
                    })
            } else {
                read_json::<OrderHeadRequest>(&request.body)
            };
            match read {
                Ok(_) if is_xml_media(header(request, "accept")) => ResponseTemplate::new(200)
                    .set_body_raw(
                        r#"<long xmlns="http://schemas.microsoft.com/2003/10/Serialization/">1</long>"#,
                        "application/xml; charset=utf-8",
                    ),
                Ok(_) => json_answer(200, &fixture_json("compilator", "create_order_response.json")),
                Err(err) => bad_request("order", &err),
            }
        }
        ("GET", [api, orders, id, branch])
            if api.eq_ignore_ascii_case("api") && orders.eq_ignore_ascii_case("orders") =>
        {
            let (Ok(id), Ok(branch)) = (id.parse::<i64>(), branch.parse::<i64>()) else {
                return bad_request("id", "The value is not valid.");
            };
            let mut order = fixture_json("compilator", "order_head_response.json");
            order["Id"] = json!(id);
            order["SellerBranchId"] = json!(branch);
            json_answer(200, &order)
        }
        _ => json_answer(
            404,
            &json!({"Message": format!("No HTTP resource was found that matches the request URI '{path}'.")}),
        ),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some((_, api)) = Api::ALL.iter().find(|(n, _)| *n == name) else {
        eprintln!("usage: vendor_simulator planso|quotevine|compilator");
        return ExitCode::from(2);
    };
    let simulator = start(*api).await;
    println!("{}", simulator.base_url);
    if std::io::stdout().flush().is_err() {
        return ExitCode::FAILURE;
    }
    // Serve until whoever started the simulator closes its standard input.
    let closed = tokio::task::spawn_blocking(|| {
        let mut rest = Vec::new();
        std::io::stdin().read_to_end(&mut rest)
    })
    .await;
    drop(simulator);
    match closed {
        Ok(Ok(_)) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
