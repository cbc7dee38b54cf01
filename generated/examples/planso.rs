//! Books a body-shop repair in PlanSo through the AICO connector, then moves it: both order
//! operations, once each.
//!
//! ```sh
//! cargo run -p generated --example planso -- http://localhost:8102
//! ```
//!
//! The connector needs no credentials. Exits non-zero, with the error and its causes, when any
//! call fails, including a `200` whose body says `success: false`.

use std::error::Error;
use std::process::ExitCode;

use generated::planso::types::{CreateOrderRequest, UpdateOrderRequest, VehicleDetailsModel};
use generated::planso::Client;
use generated::runtime::Nullable;

/// Creates an order, then updates the order the server created.
pub async fn run(base_url: &str) -> Result<(), Box<dyn Error>> {
    let client = Client::new(base_url)?;

    let order = new_order()?;
    let created = client.create_order(&order).await?;
    println!("create_order: {}", created.status);
    println!("{:#?}", created.body);
    let order_id = created
        .body
        .order_id
        .into_option()
        .ok_or("the server created the order but sent no order_id")?;
    println!(
        "created order {order_id}, project {}",
        created
            .body
            .project_number
            .as_ref()
            .map_or("-", String::as_str)
    );

    // Parts arrive late: the workshop and return dates move, the appointment is cleared and a
    // remark added. Fields left `Absent` are not sent and stay as they are.
    let mut update = UpdateOrderRequest::new(order_id);
    update.shop_date = Nullable::Value("02.02.2026".parse()?);
    update.repair_date = Nullable::Value("03.02.2026".parse()?);
    update.appointment_date = Nullable::Null;
    update.remarks = Nullable::Value("Teile verspätet, Termin um eine Woche verschoben".into());
    let updated = client.update_order(order_id, &update).await?;
    println!("update_order: {}", updated.status);
    println!("{:#?}", updated.body);
    Ok(())
}

/// A rear-end collision repair, with the fields the connector documents.
fn new_order() -> Result<CreateOrderRequest, Box<dyn Error>> {
    let vehicle = VehicleDetailsModel {
        number_plate: Some("KL-MM 482".into()),
        vin: Some("WVWZZZAUZKW123456".into()),
        make_id: Some(47),
        model_id: Some(1203),
        first_registration: Some("15.03.2019".into()),
        kba: Some("0603/BFS".into()),
        hu_au: Some("03/2027".into()),
        engine: Some("1.6 TDI".into()),
        engine_size: Some("1598".into()),
        curb_weight: Some("1320".into()),
        gross_weight: Some("1860".into()),
        engine_power: Some("85 kW".into()),
        last_registration: Some("15.03.2019".into()),
        km_stand: Some("84500".into()),
        engine_code: Some("DGTE".into()),
        all_details: Some(true),
    };
    let mut order = CreateOrderRequest::new(
        vehicle,
        "Max Mustermann".into(),
        "+49 170 1234567".into(),
        "max.mustermann@example.com".into(),
        1,
        "KL 2-3".into(),
        "27.01.2026".parse()?,
        "26.01.2026".parse()?,
        12.5,
        4.0,
    );
    order.appointment_date = Nullable::Value("21.01.2026 14:30:00".parse()?);
    order.service_advisor = Nullable::Value("MK".into());
    order.pickup_service = Nullable::Value("bringt".into());
    order.remarks = Nullable::Value("Kunde wartet auf Rückruf".into());
    order.parts_delivery_date = Nullable::Value("23.01.2026".parse()?);
    order.paint_date = Nullable::Value("28.01.2026".parse()?);
    order.shop_back_date = Nullable::Value("30.01.2026".parse()?);
    order.type_of_date = Nullable::Value("0".into());
    order.damage_description =
        Nullable::Value("Heckschaden nach Auffahrunfall: Stoßfänger und Heckklappe".into());
    order.parts_needed = Nullable::Value("Stoßfänger hinten, Heckklappe".into());
    order.rental_car_type = Nullable::Value("Kompaktklasse".into());
    order.insurance_adjuster = Nullable::Value("Dekra".into());
    order.deductible = Nullable::Value("300".into());
    Ok(order)
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(base_url) = std::env::args().nth(1) else {
        eprintln!("usage: planso <base-url>   (e.g. http://localhost:8102)");
        return ExitCode::from(2);
    };
    match run(&base_url).await {
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
