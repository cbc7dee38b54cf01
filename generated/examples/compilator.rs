//! Books a tyre change in the Compilator DDAPI (DäckData) and reads the order back: both order
//! operations, once each.
//!
//! ```sh
//! COMPILATOR_AUTHORIZATION='Basic ...' cargo run -p generated --example compilator -- \
//!     https://<instance>.compilator.net [--xml]
//! ```
//!
//! With `--xml` the order is sent as XML (the DataContract document the DDAPI's help page
//! shows) and the new order id is read from the XML answer; the order is read back as JSON
//! either way. The DDAPI's authentication is not public: when `COMPILATOR_AUTHORIZATION` is set,
//! its value is sent in the `Authorization` header, otherwise no credentials are sent. Exits
//! non-zero, with the error and its causes, when any call fails.

use std::error::Error;
use std::process::ExitCode;

use generated::compilator::types::{
    DeliveryAddress, OrderHeadRequest, OrderLineArticle, OrderLineArticleOrderType,
    OrderLineRequest, OrderLineText, OrderType,
};
use generated::compilator::Client;
use generated::runtime::{Format, Nullable};
use rust_decimal::Decimal;

/// The branch that sells the order; the order is read back from it.
pub const SELLER_BRANCH_ID: i64 = 75;

/// Adds an order, in `format`, then gets it from the branch it was added on.
pub async fn run(base_url: &str, format: Format) -> Result<(), Box<dyn Error>> {
    let mut builder = Client::builder(base_url);
    if let Ok(authorization) = std::env::var("COMPILATOR_AUTHORIZATION") {
        builder = builder.api_key_auth(authorization);
    }
    let client = builder.build()?;

    let order = new_order()?;
    // The format is chosen for this call only; the client itself stays with JSON.
    let created = client.with_format(format).create_order(&order).await?;
    let order_id = created.body;
    println!("create_order: {}, order id {order_id}", created.status);

    let read = client.get_order(order_id, SELLER_BRANCH_ID).await?;
    println!("get_order {order_id}/{SELLER_BRANCH_ID}: {}", read.status);
    println!("{:#?}", read.body);
    Ok(())
}

/// Four summer tyres fitted, with the recycling fee of the old ones and a note for the fitter.
fn new_order() -> Result<OrderHeadRequest, Box<dyn Error>> {
    let tyres = OrderLineArticle {
        sales_account: Nullable::Value(3010),
        stock_number: Nullable::Value(1),
        cost_price: Nullable::Value(Decimal::new(98_000, 2)),
        is_export_within_eu: Nullable::Value(false),
        order_type: Nullable::Value(OrderLineArticleOrderType::UnAffected),
        article_number: Nullable::Value(2254517),
        quantity: Nullable::Value(Decimal::from(4)),
        description: Nullable::Value("Michelin Pilot Sport 5 225/45 R17 94Y XL".into()),
        price: Nullable::Value(Decimal::new(149_500, 2)),
        discount_factor: Nullable::Value(Decimal::ZERO),
        amount: Nullable::Value(Decimal::new(598_000, 2)),
        vat_percent: Nullable::Value(Decimal::from(25)),
        vat_amount: Nullable::Value(Decimal::new(149_500, 2)),
        has_vat: Nullable::Value(true),
        is_export: Nullable::Value(false),
        ..Default::default()
    };
    let mut tyre_line = OrderLineRequest::new(1);
    tyre_line.order_line_article = Nullable::Value(tyres);
    tyre_line.is_article_package_line = Nullable::Value(true);
    tyre_line.has_fixed_quantity = Nullable::Value(false);

    // A recycling-fee line: it names its parent line and is not part of a package.
    let fee = OrderLineArticle {
        order_type: Nullable::Value(OrderLineArticleOrderType::UnAffected),
        article_number: Nullable::Value(9001),
        quantity: Nullable::Value(Decimal::from(4)),
        description: Nullable::Value("Däckåtervinningsavgift".into()),
        price: Nullable::Value(Decimal::new(2_500, 2)),
        amount: Nullable::Value(Decimal::new(10_000, 2)),
        vat_percent: Nullable::Value(Decimal::from(25)),
        vat_amount: Nullable::Value(Decimal::new(2_500, 2)),
        has_vat: Nullable::Value(true),
        ..Default::default()
    };
    let mut fee_line = OrderLineRequest::new(2);
    fee_line.order_line_article = Nullable::Value(fee);
    fee_line.parent_line_number = Nullable::Value(1);
    fee_line.is_article_package_line = Nullable::Value(false);
    fee_line.has_fixed_quantity = Nullable::Value(true);

    let mut note_line = OrderLineRequest::new(3);
    note_line.order_line_text = Nullable::Value(OrderLineText {
        text: Nullable::Value("Vinterhjulen förvaras i däckhotellet".into()),
        ..Default::default()
    });

    let mut order = OrderHeadRequest::new(
        vec![tyre_line, fee_line, note_line],
        SELLER_BRANCH_ID,
        "2026-01-21 09:30:00".parse()?,
        "Anna Svensson".into(),
        1,
        Decimal::ONE,
    );
    order.note = Some("Kunden väntar på plats".into());
    order.customer_number = Some(10_482);
    order.delivery_address = Some(DeliveryAddress {
        name: Nullable::Value("Erik Johansson".into()),
        address1: Nullable::Value("Storgatan 12".into()),
        postal_code: Nullable::Value("411 38".into()),
        town: Nullable::Value("Göteborg".into()),
        country: Nullable::Value("Sverige".into()),
        country_code: Nullable::Value("SE".into()),
        ..Default::default()
    });
    order.order_type = Some(OrderType::NormalOrder);
    order.license_plate = Some("ABC 123".into());
    order.odometer = Some(48_210);
    order.work_order_number = Some("AO-2026-0117".into());
    order.delivery_date = Some("2026-01-21 15:00:00".parse()?);
    order.requisition_order_number = Some("RK-5521".into());
    order.total_amount_including_vat = Some(Decimal::new(760_000, 2));
    order.total_amount_excluding_vat = Some(Decimal::new(608_000, 2));
    order.rounding_amount = Some(Decimal::ZERO);
    order.customer_reference = Some("Erik Johansson".into());
    Ok(order)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base_url, format) = match args.as_slice() {
        [url] => (url, Format::Json),
        [url, flag] if flag == "--xml" => (url, Format::Xml),
        _ => {
            eprintln!("usage: compilator <base-url> [--xml]   (e.g. https://acme.compilator.net)");
            return ExitCode::from(2);
        }
    };
    match run(base_url, format).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(error.as_ref());
            ExitCode::FAILURE
        }
    }
}

/// Prints `error` and every error that caused it.
fn report(error: &dyn Error) {
    eprintln!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
