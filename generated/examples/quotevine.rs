//! Places a vehicle-leasing order under a Quotevine relationship, reads it back, confirms its
//! delivery, and lists the relationship's orders: every order operation, once each.
//!
//! ```sh
//! QUOTEVINE_API_KEY=... cargo run -p generated --example quotevine -- \
//!     https://<subdomain>.quotevineapp.com/qvine/quotevine/api/v2 [relationship-id]
//! ```
//!
//! The API key comes from `QUOTEVINE_API_KEY`; without it a placeholder is sent, which is enough
//! for a local mock server. The relationship defaults to [`DEFAULT_RELATIONSHIP_ID`]. Exits
//! non-zero, with the error and its causes, when any call fails.

use std::error::Error;
use std::process::ExitCode;

use chrono::NaiveDate;
use generated::quotevine::types::{
    DeliveryMethod, DeliverySlot, NewUsed, OrderRequest, OrderSaved, UpdateFrequencyDays,
    VehicleRegistree,
};
use generated::quotevine::Client;
use generated::runtime::{Nullable, YmdDateTime};

/// The relationship the orders are placed under when none is given.
pub const DEFAULT_RELATIONSHIP_ID: i64 = 1234;

/// Sent when `QUOTEVINE_API_KEY` is not set; a real instance refuses it.
pub const PLACEHOLDER_API_KEY: &str = "local-placeholder-key";

/// Runs every operation under [`DEFAULT_RELATIONSHIP_ID`].
pub async fn run(base_url: &str) -> Result<(), Box<dyn Error>> {
    run_for_relationship(base_url, DEFAULT_RELATIONSHIP_ID).await
}

/// Creates an order under `relationship_id`, reads it back, updates it and lists the
/// relationship's orders.
pub async fn run_for_relationship(
    base_url: &str,
    relationship_id: i64,
) -> Result<(), Box<dyn Error>> {
    let api_key =
        std::env::var("QUOTEVINE_API_KEY").unwrap_or_else(|_| PLACEHOLDER_API_KEY.to_owned());
    let client = Client::builder(base_url).api_key(api_key).build()?;

    let mut order = new_order()?;
    let created = client.create_order(relationship_id, &order).await?;
    println!("create_order: {}", created.status);
    let order_id = match created.body {
        OrderSaved::Order(saved) => {
            println!("{saved:#?}");
            saved.vehicle_order_id
        }
        // The answer carries no Order (`{}` or no body): the new order is the relationship's
        // latest for the proposal.
        OrderSaved::Acknowledgement(_) => {
            latest_for_proposal(&client, relationship_id, order.proposal_id).await?
        }
    };

    let read = client.get_order(relationship_id, order_id).await?;
    println!("get_order {order_id}: {}", read.status);
    println!("{:#?}", read.body);

    // The dealer confirmed the delivery date. The API takes the whole order on update.
    order.confirmed_delivery_date = Some(date(2026, 3, 24)?);
    order.registration_number = Some("YK26 ABC".into());
    order.last_customer_update = Some("2026-01-28 10:30:00".parse::<YmdDateTime>()?);
    let updated = client
        .update_order(relationship_id, order_id, &order)
        .await?;
    // A successful update answers `{}`, the Order, or nothing; each is a success.
    match &updated.body {
        OrderSaved::Order(saved) => {
            println!("update_order {order_id}: {}", updated.status);
            println!("{saved:#?}");
        }
        OrderSaved::Acknowledgement(_) => {
            println!(
                "update_order {order_id}: {}, no Order in the answer",
                updated.status
            );
        }
    }

    let list = client.list_orders(relationship_id).await?;
    println!(
        "list_orders: {}, {} order(s)",
        list.status,
        list.body.items.len()
    );
    for item in &list.body.items {
        println!(
            "  {} {} status {} target {}",
            item.vehicle_order_id,
            item.order_number.as_ref().map_or("-", String::as_str),
            item.order_status.as_ref().map_or("-", String::as_str),
            item.target_delivery_date
                .as_ref()
                .map_or("-", String::as_str),
        );
    }
    Ok(())
}

/// The id of the relationship's latest order for `proposal_id`: where a create's answer
/// carries no Order, the list shows the one it made.
async fn latest_for_proposal(
    client: &Client,
    relationship_id: i64,
    proposal_id: i64,
) -> Result<i64, Box<dyn Error>> {
    let list = client.list_orders(relationship_id).await?;
    list.body
        .items
        .iter()
        .filter(|item| item.proposal_id == Nullable::Value(proposal_id))
        .map(|item| item.vehicle_order_id)
        .max()
        .ok_or_else(|| {
            format!("the create answered no Order, and none lists proposal {proposal_id}").into()
        })
}

/// A new lease car delivered to the customer's business address, registered to the funder.
fn new_order() -> Result<OrderRequest, Box<dyn Error>> {
    let mut order = OrderRequest::new(48213, "Order Placed".into(), 1052, "End of March".into());
    order.proposal_status = Some("Accepted".into());
    order.order_date = Some(date(2026, 1, 21)?);
    order.dealer_contact_id = Some(2231);
    order.int_target_delivery_date = Some(date(2026, 3, 27)?);
    order.delivery_property = Some("Unit 4, Riverside Business Park".into());
    order.delivery_postcode = Some("LS11 5QN".into());
    order.delivery_method = Some(DeliveryMethod::DeliveryDriver);
    order.new_used = Some(NewUsed::New);
    order.paint_option_code = Some(84512);
    order.trim_option_code = Some(84530);
    order.build_tracking_number = Some("BTN-7781342".into());
    order.vin = Some("WVWZZZCDZTW012345".into());
    order.funder_fleet_number = Some("FL-009812".into());
    order.discount_bonus_code_1 = Some("FLEET25".into());
    order.cooling_off_date = Some(date(2026, 2, 4)?);
    order.contact_notes = Some("Call before 10am on the delivery day".into());
    order.contact_name = Some("Sarah Jones".into());
    order.contact_telephone = Some("0113 496 0000".into());
    order.contact_mobile = Some("07700 900123".into());
    order.funder_order_number = Some("FO-2026-00451".into());
    order.delivery_slot = Some(DeliverySlot::Am);
    order.vehicle_registree = Some(VehicleRegistree::Funder);
    order.registree_name = Some("Example Vehicle Finance Ltd".into());
    order.registree_house_number_name = Some("Finance House".into());
    order.registree_street = Some("1 Station Road".into());
    order.registree_locality = Some("Holbeck".into());
    order.registree_town_city = Some("Leeds".into());
    order.registree_postcode = Some("LS11 9AA".into());
    order.update_frequency_days = Some(UpdateFrequencyDays::Every7Days);
    order.last_customer_update = Some("2026-01-21 09:15:00".parse()?);
    order.working_user_email = Some("j.smith@example.co.uk".into());
    Ok(order)
}

fn date(year: i32, month: u32, day: u32) -> Result<NaiveDate, Box<dyn Error>> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{year}-{month}-{day} is not a date").into())
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(base_url) = args.next() else {
        eprintln!(
            "usage: quotevine <base-url> [relationship-id]\n  \
             (e.g. https://acme.quotevineapp.com/qvine/quotevine/api/v2)"
        );
        return ExitCode::from(2);
    };
    let outcome = match args.next() {
        None => run(&base_url).await,
        Some(text) => match text.parse::<i64>() {
            Ok(relationship_id) => run_for_relationship(&base_url, relationship_id).await,
            Err(_) => {
                eprintln!("the relationship id must be an integer, not {text:?}");
                return ExitCode::from(2);
            }
        },
    };
    match outcome {
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
