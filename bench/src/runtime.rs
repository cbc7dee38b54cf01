//! The generated types and client against hand-written code doing the same work, measured
//! interleaved in the same run: serde of the largest request types, and calls on a loopback
//! server against raw `reqwest`.

use std::fmt::Write;
use std::hint::black_box;

use generated::compilator::types as compilator;
use generated::planso::types as planso;
use generated::runtime::Nullable;
use reqwest::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::generation::workspace_root;
use crate::handwritten;
use crate::loopback::Server;
use crate::stats::{self, show, Ratio};

/// The lines of the compilator order measured.
pub const COMPILATOR_LINES: usize = 100;

fn fixture(api: &str, file: &str) -> serde_json::Value {
    let path = workspace_root().join("specs/fixtures").join(api).join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// planso's create request, every field set (the vendor's sample), as JSON.
pub fn planso_order() -> serde_json::Value {
    fixture("planso", "create_order_request.json")
}

/// compilator's order head (the vendor's sample) with `lines` order lines, numbered from 1.
pub fn compilator_order(lines: usize) -> serde_json::Value {
    let mut order = fixture("compilator", "order_head_request.json");
    let sample = order["OrderLines"].as_array().cloned().unwrap_or_default();
    let lines: Vec<serde_json::Value> = (0..lines)
        .map(|i| {
            let mut line = sample[i % sample.len()].clone();
            line["LineNumber"] = serde_json::Value::from(i + 1);
            line
        })
        .collect();
    order["OrderLines"] = serde_json::Value::Array(lines);
    order
}

/// compilator's order as `GET /api/orders/{id}/{branchId}` returns it, with `lines` lines.
pub fn compilator_order_response(lines: usize) -> serde_json::Value {
    let mut order = serde_json::json!({
        "Id": 1,
        "OrderStatusId": 1,
        "OrderStatusName": "Open",
        "CurrencyName": "SEK",
        "IsWMSExpress": false,
        "WMSStatusId": 1,
        "CloseOrderTypeId": null,
    });
    if let (Some(head), serde_json::Value::Object(sent)) =
        (order.as_object_mut(), compilator_order(lines))
    {
        head.extend(sent);
    }
    order
}

/// `value` read as `T`, or a panic naming what.
fn typed<T: DeserializeOwned>(value: &serde_json::Value, what: &str) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|err| panic!("{what}: {err}"))
}

/// Checks that `generated` and `handwritten` hold the same value in the same wire form: both
/// write the same bytes, and each reads the other's bytes back to itself.
pub fn same_wire_form<G, H>(generated: &G, handwritten: &H) -> Result<Vec<u8>, String>
where
    G: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    H: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let g = serde_json::to_vec(generated).map_err(|e| e.to_string())?;
    let h = serde_json::to_vec(handwritten).map_err(|e| e.to_string())?;
    if g != h {
        return Err(format!(
            "different bytes:\n generated:   {}\n hand-written: {}",
            String::from_utf8_lossy(&g),
            String::from_utf8_lossy(&h)
        ));
    }
    let back: G = serde_json::from_slice(&h).map_err(|e| e.to_string())?;
    let back_h: H = serde_json::from_slice(&g).map_err(|e| e.to_string())?;
    if &back != generated || &back_h != handwritten {
        return Err("a value does not read back to itself".into());
    }
    Ok(g)
}

/// One serde comparison: serialize and deserialize of the same value, generated against
/// hand-written.
pub struct SerdeRow {
    pub name: String,
    pub bytes: usize,
    pub serialize: Ratio,
    pub deserialize: Ratio,
}

fn serde_row<G, H>(name: &str, value: &serde_json::Value, rounds: usize, batch: usize) -> SerdeRow
where
    G: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    H: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let g: G = typed(value, name);
    let h: H = typed(value, name);
    let bytes = same_wire_form(&g, &h).unwrap_or_else(|err| panic!("{name}: {err}"));
    let mut buffer_g = Vec::with_capacity(bytes.len() * 2);
    let mut buffer_h = Vec::with_capacity(bytes.len() * 2);
    let serialize = stats::ratio(
        rounds,
        batch,
        || {
            buffer_g.clear();
            serde_json::to_writer(&mut buffer_g, black_box(&g)).expect("serializes");
            black_box(&buffer_g);
        },
        || {
            buffer_h.clear();
            serde_json::to_writer(&mut buffer_h, black_box(&h)).expect("serializes");
            black_box(&buffer_h);
        },
    );
    let deserialize = stats::ratio(
        rounds,
        batch,
        || {
            black_box(serde_json::from_slice::<G>(black_box(&bytes)).expect("deserializes"));
        },
        || {
            black_box(serde_json::from_slice::<H>(black_box(&bytes)).expect("deserializes"));
        },
    );
    SerdeRow {
        name: name.to_owned(),
        bytes: bytes.len(),
        serialize,
        deserialize,
    }
}

/// The serde rows: planso's create request, the compilator order with 100 lines, and that order
/// against hand-written types without the unknown-field catch-all (what keeping unknown fields
/// costs).
pub fn serde_rows(rounds: usize) -> Vec<SerdeRow> {
    let order = compilator_order(COMPILATOR_LINES);
    vec![
        serde_row::<planso::CreateOrderRequest, handwritten::PlansoCreateOrder>(
            "planso `CreateOrderRequest` (every field set)",
            &planso_order(),
            rounds,
            2000,
        ),
        serde_row::<compilator::OrderHeadRequest, handwritten::CompilatorOrder>(
            "compilator `OrderHeadRequest`, 100 lines",
            &order,
            rounds,
            40,
        ),
        serde_row::<compilator::OrderHeadRequest, handwritten::closed::CompilatorOrder>(
            "the same, against structs without `unknown_fields` (not the same shape)",
            &order,
            rounds,
            40,
        ),
    ]
}

fn ratio_cell(r: &Ratio) -> String {
    format!(
        "**{:.3}** ({:.3}–{:.3}) | {} | {}",
        r.ratio,
        r.spread.0,
        r.spread.1,
        show(r.subject),
        show(r.baseline)
    )
}

/// Decoding a response body with path tracking (`serde_path_to_error` over `serde_json`, which
/// names the JSON path that does not fit) against plain `serde_json::from_slice`, for
/// compilator's order read back with 100 lines.
pub fn decode_path_ratio(rounds: usize) -> (usize, Ratio) {
    let bytes = serde_json::to_vec(&compilator_order_response(COMPILATOR_LINES)).expect("order");
    let ratio = stats::ratio(
        rounds,
        20,
        || {
            let mut de = serde_json::Deserializer::from_slice(black_box(&bytes));
            let order: compilator::OrderHeadResponse =
                serde_path_to_error::deserialize(&mut de).expect("decodes");
            de.end().expect("nothing after the body");
            black_box(order);
        },
        || {
            let order: compilator::OrderHeadResponse =
                serde_json::from_slice(black_box(&bytes)).expect("decodes");
            black_box(order);
        },
    );
    (bytes.len(), ratio)
}

/// The serde table.
pub fn serde_report(rounds: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| value | JSON | direction | ratio (IQR) | generated | hand-written |\n| --- | ---: | --- | ---: | ---: | ---: |"
    );
    for row in serde_rows(rounds) {
        let _ = writeln!(
            out,
            "| {} | {} B | serialize | {} |",
            row.name,
            row.bytes,
            ratio_cell(&row.serialize)
        );
        let _ = writeln!(
            out,
            "| | | deserialize | {} |",
            ratio_cell(&row.deserialize)
        );
    }
    let (bytes, decode) = decode_path_ratio(rounds);
    let _ = writeln!(
        out,
        "\nDecoding with path tracking (`serde_path_to_error`, which names the JSON path that \
         does not fit; the client tracks it only to explain a failed decode) against plain \
         `serde_json::from_slice`, both into the generated `OrderHeadResponse` (100 lines, \
         {bytes} B):\n\n\
         | decode | ratio (IQR) | `serde_path_to_error` | `serde_json` |\n| --- | ---: | ---: | ---: |\n\
         | compilator `OrderHeadResponse`, 100 lines | {} |",
        ratio_cell(&decode)
    );
    out
}

/// One client comparison.
pub struct ClientRow {
    pub name: String,
    pub ratio: Ratio,
}

/// The client calls against raw `reqwest` on the loopback server: planso's `create_order`,
/// compilator's `create_order` with a 100-line order, and compilator's `get_order` returning one.
pub fn client_rows(rounds: usize, batch: usize) -> Vec<ClientRow> {
    let planso_body: planso::CreateOrderRequest = typed(&planso_order(), "planso order");
    let compilator_body: compilator::OrderHeadRequest =
        typed(&compilator_order(COMPILATOR_LINES), "compilator order");
    let planso_response = serde_json::to_vec(&fixture("planso", "create_order_response.json"))
        .expect("planso response");
    let compilator_created =
        serde_json::to_vec(&fixture("compilator", "create_order_response.json"))
            .expect("compilator response");
    let compilator_read = serde_json::to_vec(&compilator_order_response(COMPILATOR_LINES))
        .expect("compilator order response");
    // Four rows, two clients each, warm-up batches included.
    let bound = 4 * 2 * (rounds + 1) * batch + 16;
    let server = Server::start(
        vec![
            ("POST /api/orders".into(), planso_response),
            ("POST /api/Orders".into(), compilator_created),
            ("GET /api/orders/1/75".into(), compilator_read),
        ],
        bound,
    );
    let base = server.base_url.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let planso_client = generated::planso::Client::new(&base).expect("planso client");
    let compilator_client = generated::compilator::Client::new(&base).expect("compilator client");
    let raw = reqwest::Client::new();
    let configured = configured_reqwest();

    let mut rows = Vec::new();
    rows.push(ClientRow {
        name: format!(
            "planso `create_order` (`POST`, {} B body)",
            serde_json::to_vec(&planso_body)
                .map(|b| b.len())
                .unwrap_or(0)
        ),
        ratio: stats::ratio(
            rounds,
            batch,
            || {
                black_box(planso_generated_call(
                    &runtime,
                    &planso_client,
                    &planso_body,
                ));
            },
            || {
                black_box(planso_raw_call(&runtime, &raw, &base, &planso_body));
            },
        ),
    });
    rows.push(ClientRow {
        name: "the same, against raw `reqwest` with the client's timeout, redirect policy and default headers".to_owned(),
        ratio: stats::ratio(
            rounds,
            batch,
            || {
                black_box(planso_generated_call(&runtime, &planso_client, &planso_body));
            },
            || {
                black_box(planso_raw_call(&runtime, &configured, &base, &planso_body));
            },
        ),
    });
    rows.push(ClientRow {
        name: format!("compilator `create_order` (`POST`, {COMPILATOR_LINES} lines)"),
        ratio: stats::ratio(
            rounds,
            batch,
            || {
                let response = runtime
                    .block_on(compilator_client.create_order(&compilator_body))
                    .expect("generated call");
                black_box(response.body);
            },
            || {
                let id: i64 = runtime
                    .block_on(raw_json(
                        &raw,
                        reqwest::Method::POST,
                        &base,
                        "/api/Orders",
                        Some(&compilator_body),
                    ))
                    .expect("raw call");
                black_box(id);
            },
        ),
    });
    rows.push(ClientRow {
        name: format!("compilator `get_order` (`GET`, {COMPILATOR_LINES}-line order back)"),
        ratio: stats::ratio(
            rounds,
            batch,
            || {
                let response = runtime
                    .block_on(compilator_client.get_order(1, 75))
                    .expect("generated call");
                black_box(response.body);
            },
            || {
                let order: compilator::OrderHeadResponse = runtime
                    .block_on(raw_json::<_, ()>(
                        &raw,
                        reqwest::Method::GET,
                        &base,
                        "/api/orders/1/75",
                        None,
                    ))
                    .expect("raw call");
                black_box(order);
            },
        ),
    });
    assert!(
        server.served() <= bound,
        "the server answered more than its bound"
    );
    server.stop();
    rows
}

/// The hand-written call: send, check the status, read the body, decode it.
async fn raw_json<T: DeserializeOwned, B: Serialize>(
    client: &reqwest::Client,
    method: reqwest::Method,
    base: &str,
    path: &str,
    body: Option<&B>,
) -> Result<T, Box<dyn std::error::Error>> {
    let mut request = client.request(method, format!("{base}{path}"));
    if let Some(body) = body {
        request = request
            .header(CONTENT_TYPE, "application/json")
            .body(serde_json::to_vec(body)?);
    }
    let response = request.send().await?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()).into());
    }
    let bytes = response.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// One of planso's `create_order` calls through the generated client; the order id.
fn planso_generated_call(
    runtime: &tokio::runtime::Runtime,
    client: &generated::planso::Client,
    body: &planso::CreateOrderRequest,
) -> Nullable<i64> {
    runtime
        .block_on(client.create_order(body))
        .expect("generated call")
        .body
        .order_id
}

/// The same call through raw `reqwest`: send, check the status, decode, check the flag.
fn planso_raw_call(
    runtime: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    base: &str,
    body: &planso::CreateOrderRequest,
) -> Nullable<i64> {
    let response: planso::CreateOrderResponse = runtime
        .block_on(raw_json(
            client,
            reqwest::Method::POST,
            base,
            "/api/orders",
            Some(body),
        ))
        .expect("raw call");
    assert!(response.success, "the server said no");
    response.order_id
}

/// Raw reqwest set up as the generated client sets up its own: the same per-attempt timeout (a
/// timer for every request), no redirects, the same default headers. Against it, the client's
/// own costs show without those of the timeout it applies.
fn configured_reqwest() -> reqwest::Client {
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert(
        reqwest::header::USER_AGENT,
        reqwest::header::HeaderValue::from_static(generated::runtime::DEFAULT_USER_AGENT),
    );
    defaults.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("application/json"),
    );
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(defaults)
        .timeout(generated::runtime::DEFAULT_TIMEOUT)
        .build()
        .expect("configured reqwest client")
}

/// Who makes the calls of [`loop_client`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The generated planso `Client`.
    Generated,
    /// Raw `reqwest` as in the client table.
    Raw,
    /// Raw `reqwest` set up as the generated client sets up its own: the same timeout, redirect
    /// policy and default headers.
    RawConfigured,
}

impl Caller {
    /// `generated`, `raw` or `raw-configured`.
    pub fn parse(name: &str) -> Option<Caller> {
        match name {
            "generated" => Some(Caller::Generated),
            "raw" => Some(Caller::Raw),
            "raw-configured" => Some(Caller::RawConfigured),
            _ => None,
        }
    }
}

/// Makes `calls` of planso's `create_order` (the first row of the client table) on the loopback
/// server, one after the other, and returns the mean time per call: a steady workload to
/// profile one side of the comparison, or to count its instructions (run it twice with
/// different counts under `valgrind --tool=callgrind` and subtract).
pub fn loop_client(caller: Caller, calls: usize) -> std::time::Duration {
    let body: planso::CreateOrderRequest = typed(&planso_order(), "planso order");
    let answer = serde_json::to_vec(&fixture("planso", "create_order_response.json"))
        .expect("planso response");
    let server = Server::start(vec![("POST /api/orders".into(), answer)], calls + 16);
    let base = server.base_url.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let client = generated::planso::Client::new(&base).expect("planso client");
    let raw = match caller {
        Caller::RawConfigured => configured_reqwest(),
        _ => reqwest::Client::new(),
    };
    let start = std::time::Instant::now();
    for _ in 0..calls {
        let order_id = match caller {
            Caller::Generated => planso_generated_call(&runtime, &client, &body),
            Caller::Raw | Caller::RawConfigured => planso_raw_call(&runtime, &raw, &base, &body),
        };
        black_box(order_id);
    }
    let elapsed = start.elapsed();
    server.stop();
    elapsed / calls.max(1) as u32
}

/// The client table.
pub fn client_report(rounds: usize, batch: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| call | ratio (IQR) | generated client | raw `reqwest` |\n| --- | ---: | ---: | ---: |"
    );
    for row in client_rows(rounds, batch) {
        let _ = writeln!(out, "| {} | {} |", row.name, ratio_cell(&row.ratio));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_types_have_the_generated_wire_form() {
        let planso_g: planso::CreateOrderRequest = typed(&planso_order(), "planso");
        let planso_h: handwritten::PlansoCreateOrder = typed(&planso_order(), "planso");
        same_wire_form(&planso_g, &planso_h).unwrap();
        let order = compilator_order(3);
        let g: compilator::OrderHeadRequest = typed(&order, "compilator");
        let h: handwritten::CompilatorOrder = typed(&order, "compilator");
        same_wire_form(&g, &h).unwrap();
        let closed: handwritten::closed::CompilatorOrder = typed(&order, "compilator");
        same_wire_form(&g, &closed).unwrap();
    }

    #[test]
    fn the_sample_order_grows_to_the_measured_size() {
        let order = compilator_order(COMPILATOR_LINES);
        assert_eq!(order["OrderLines"].as_array().unwrap().len(), 100);
        assert_eq!(order["OrderLines"][99]["LineNumber"], 100);
        let response: compilator::OrderHeadResponse =
            typed(&compilator_order_response(2), "response");
        assert_eq!(response.id, 1);
    }

    #[test]
    fn every_caller_of_the_client_loop_gets_answers() {
        for caller in ["generated", "raw", "raw-configured"] {
            let caller = Caller::parse(caller).expect("a caller");
            assert!(loop_client(caller, 3) > std::time::Duration::ZERO);
        }
        assert_eq!(Caller::parse("other"), None);
    }

    #[test]
    fn both_clients_reach_the_loopback_server() {
        let rows = client_rows(1, 1);
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|r| r.ratio.ratio > 0.0));
    }
}
