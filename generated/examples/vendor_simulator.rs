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
//! - compilator: `POST /api/Orders` takes JSON, XML or a form (bound as ASP.NET Web API binds
//!   one, see [`bind_form`]) and answers the new id, `1`, in the format asked for; `GET /api/orders/{id}/{branchId}` answers the head response with .NET's
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

fn is_form_media(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        let essence = v.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

/// Reads an `application/x-www-form-urlencoded` body as ASP.NET Web API's model binding does:
/// names nest with brackets (`OrderLines[0][LineNumber]`, jQuery's form) or dots
/// (`OrderLines[0].LineNumber`, MVC's), both read the same; numeric segments index lists; a
/// name repeated is a list (`Tags=a&Tags=b`); every value is text, converted to the type of the
/// property it binds to (a number, a boolean, a date, a GUID, an enum); an empty value of a
/// nullable property is `null`; a property not sent keeps its default.
pub fn bind_form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(body).map_err(|err| err.to_string())?;
    let mut root = FormNode::Map(Vec::new());
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (percent_decode(name)?, percent_decode(value)?);
        let segments: Vec<&str> = name
            .split(['[', ']', '.'])
            .filter(|segment| !segment.is_empty())
            .collect();
        root.insert(&segments, value);
    }
    T::deserialize(root.into_lists()).map_err(|err| err.to_string())
}

/// `+` as a space and `%XX` as its byte, as form bodies are encoded.
fn percent_decode(text: &str) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(byte) = rest.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = [rest.next(), rest.next()];
                let [Some(high), Some(low)] = hex else {
                    return Err(format!("a cut-off escape in {text:?}"));
                };
                let digits = std::str::from_utf8(&[high, low])
                    .map_err(|err| err.to_string())?
                    .to_owned();
                bytes.push(u8::from_str_radix(&digits, 16).map_err(|err| err.to_string())?);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|err| err.to_string())
}

/// A form body as a tree: the values of a name, and the names below it.
#[derive(Debug)]
enum FormNode {
    Text(String),
    List(Vec<FormNode>),
    Map(Vec<(String, FormNode)>),
}

impl FormNode {
    fn insert(&mut self, segments: &[&str], value: String) {
        let FormNode::Map(entries) = self else {
            return;
        };
        let Some((first, rest)) = segments.split_first() else {
            return;
        };
        let at = match entries.iter().position(|(name, _)| name == first) {
            Some(at) => at,
            None => {
                let node = if rest.is_empty() {
                    FormNode::List(Vec::new())
                } else {
                    FormNode::Map(Vec::new())
                };
                entries.push(((*first).to_owned(), node));
                entries.len() - 1
            }
        };
        match &mut entries[at].1 {
            FormNode::List(values) if rest.is_empty() => values.push(FormNode::Text(value)),
            node => node.insert(rest, value),
        }
    }

    /// One value is that value; a map whose names are all indexes is a list in their order.
    fn into_lists(self) -> FormNode {
        match self {
            FormNode::List(mut values) if values.len() == 1 => values.remove(0),
            FormNode::Map(entries)
                if !entries.is_empty()
                    && entries
                        .iter()
                        .all(|(name, _)| name.parse::<usize>().is_ok()) =>
            {
                let mut indexed: Vec<(usize, FormNode)> = entries
                    .into_iter()
                    .map(|(name, node)| (name.parse().unwrap_or(0), node.into_lists()))
                    .collect();
                indexed.sort_by_key(|(index, _)| *index);
                FormNode::List(indexed.into_iter().map(|(_, node)| node).collect())
            }
            FormNode::Map(entries) => FormNode::Map(
                entries
                    .into_iter()
                    .map(|(name, node)| (name, node.into_lists()))
                    .collect(),
            ),
            other => other,
        }
    }
}

type FormError = serde::de::value::Error;

macro_rules! parse_as {
    ($($method:ident => $visit:ident,)*) => {
        $(fn $method<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
            match self {
                FormNode::Text(text) => visitor.$visit(
                    text.trim().parse().map_err(|_| {
                        <FormError as serde::de::Error>::custom(format!("{text:?} is not valid"))
                    })?,
                ),
                other => other.deserialize_any(visitor),
            }
        })*
    };
}

impl<'de> serde::Deserializer<'de> for FormNode {
    type Error = FormError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        match self {
            FormNode::Text(text) => visitor.visit_string(text),
            FormNode::List(values) => {
                visitor.visit_seq(serde::de::value::SeqDeserializer::new(values.into_iter()))
            }
            FormNode::Map(entries) => {
                visitor.visit_map(serde::de::value::MapDeserializer::new(entries.into_iter()))
            }
        }
    }

    parse_as! {
        deserialize_bool => visit_bool,
        deserialize_i8 => visit_i8,
        deserialize_i16 => visit_i16,
        deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64,
        deserialize_u8 => visit_u8,
        deserialize_u16 => visit_u16,
        deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64,
        deserialize_f32 => visit_f32,
        deserialize_f64 => visit_f64,
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        match &self {
            FormNode::Text(text) if text.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        match self {
            // One value sent for a list is a list of one.
            FormNode::Text(_) | FormNode::Map(_) => {
                FormNode::List(vec![self]).deserialize_any(visitor)
            }
            list => list.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

impl<'de> serde::de::IntoDeserializer<'de, FormError> for FormNode {
    type Deserializer = FormNode;

    fn into_deserializer(self) -> FormNode {
        self
    }
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
            let content_type = header(request, "content-type");
            let read = if is_form_media(content_type) {
                bind_form::<OrderHeadRequest>(&request.body).and_then(|order| {
                    order.validate().map_err(|err| err.to_string())?;
                    Ok(order)
                })
            } else if is_xml_media(content_type) {
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
