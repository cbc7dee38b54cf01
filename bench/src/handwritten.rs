//! Hand-written serde types of the same shape as the generated request types: the same wire
//! names, the same optional and nullable fields with the same skip rules, the same date layouts
//! and open enums, written the way one would without a generator. They are the baseline the
//! generated types are measured against; `runtime::same_wire_form` checks that both write the
//! same bytes.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// `Option<Option<T>>` for "absent / null / value": the outer `None` is skipped, `Some(None)` is
/// written as `null`.
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// Implements serde for a date newtype through its text form.
macro_rules! text_serde {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).ok_or_else(|| serde::de::Error::custom("bad date"))
            }
        }
    };
}

/// `DD.MM.YYYY`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DmyDate(pub NaiveDate);

impl DmyDate {
    fn parse(text: &str) -> Option<Self> {
        NaiveDate::parse_from_str(text, "%d.%m.%Y")
            .ok()
            .map(DmyDate)
    }
}

impl fmt::Display for DmyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%d.%m.%Y"))
    }
}

text_serde!(DmyDate);

/// `DD.MM.YYYY HH:MM:SS`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DmyDateTime(pub NaiveDateTime);

impl DmyDateTime {
    fn parse(text: &str) -> Option<Self> {
        NaiveDateTime::parse_from_str(text, "%d.%m.%Y %H:%M:%S")
            .ok()
            .map(DmyDateTime)
    }
}

impl fmt::Display for DmyDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%d.%m.%Y %H:%M:%S"))
    }
}

text_serde!(DmyDateTime);

/// `YYYY-MM-DD HH:MM:SS`, also read with a `T` and fractional seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YmdDateTime(pub NaiveDateTime);

impl YmdDateTime {
    fn parse(text: &str) -> Option<Self> {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f"))
            .ok()
            .map(YmdDateTime)
    }
}

impl fmt::Display for YmdDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.nanosecond() == 0 {
            write!(f, "{}", self.0.format("%Y-%m-%d %H:%M:%S"))
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%d %H:%M:%S%.f"))
        }
    }
}

text_serde!(YmdDateTime);

/// An integer enum that keeps values it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "i64", into = "i64")]
pub enum OrderType {
    NormalOrder,
    Unknown(i64),
}

impl From<i64> for OrderType {
    fn from(value: i64) -> Self {
        match value {
            1 => OrderType::NormalOrder,
            other => OrderType::Unknown(other),
        }
    }
}

impl From<OrderType> for i64 {
    fn from(value: OrderType) -> Self {
        match value {
            OrderType::NormalOrder => 1,
            OrderType::Unknown(other) => other,
        }
    }
}

/// An integer enum that keeps values it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "i64", into = "i64")]
pub enum ArticleOrderType {
    UnAffected,
    Unknown(i64),
}

impl From<i64> for ArticleOrderType {
    fn from(value: i64) -> Self {
        match value {
            0 => ArticleOrderType::UnAffected,
            other => ArticleOrderType::Unknown(other),
        }
    }
}

impl From<ArticleOrderType> for i64 {
    fn from(value: ArticleOrderType) -> Self {
        match value {
            ArticleOrderType::UnAffected => 0,
            ArticleOrderType::Unknown(other) => other,
        }
    }
}

/// planso's `CreateOrderRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlansoCreateOrder {
    pub vehicle_details: PlansoVehicle,
    pub person: String,
    pub phone: String,
    pub email: String,
    pub customer_category: i64,
    pub damage: String,
    pub repair_date: DmyDate,
    pub shop_date: DmyDate,
    pub est_hours_karo: f64,
    pub est_hours_lack: f64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub appointment_date: Option<Option<DmyDateTime>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub service_advisor: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub pickup_service: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub remarks: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub parts_delivery_date: Option<Option<DmyDate>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub paint_date: Option<Option<DmyDate>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub shop_back_date: Option<Option<DmyDate>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub repair_date_time_from: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub repair_date_time_to: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub estimate_date: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub return_date_time: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub type_of_date: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub damage_description: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub workshop_distribution: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub parts_needed: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_deductible: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_type: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_motor: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_transmission: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_navi: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_bluetooth: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_hitch: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub rental_car_isofix: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub external_calculation: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub external_calculation_done: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub express_link: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub insurance_adjuster: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub activate_invoice: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub deductible: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub pickup_location: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub distance: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub pickup_company: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub address_notes: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub vehicle_class: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub complaint: Option<Option<String>>,
}

/// planso's `VehicleDetailsModel`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PlansoVehicle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_plate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    #[serde(rename = "makeID", default, skip_serializing_if = "Option::is_none")]
    pub make_id: Option<i64>,
    #[serde(rename = "modelID", default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_registration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kba: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hu_au: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_size: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curb_weight: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_weight: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_power: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_registration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km_stand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_details: Option<bool>,
}

/// compilator's `OrderHeadRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompilatorOrder {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_number: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<CompilatorAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timebook_reservation_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_event_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_transaction_provider_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_no: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retail_price_list_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_id: Option<Uuid>,
    pub order_lines: Vec<CompilatorLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_type: Option<OrderType>,
    pub seller_branch_id: i64,
    pub order_date: YmdDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_plate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odometer: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_order_number: Option<String>,
    pub sales_person: String,
    pub currency_id: i64,
    pub currency_rate: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_date: Option<YmdDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requisition_order_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount_including_vat: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount_excluding_vat: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding_amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<Uuid>,
}

/// compilator's `DeliveryAddress`: every field nullable, unknown fields kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompilatorAddress {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub name: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub address1: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub address2: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub address3: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub postal_code: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub town: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub country: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub country_code: Option<Option<String>>,
    #[serde(flatten)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// compilator's `OrderLineRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompilatorLine {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub order_line_article: Option<Option<CompilatorArticle>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub order_line_text: Option<Option<CompilatorText>>,
    pub line_number: i32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub parent_line_number: Option<Option<i32>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub is_article_package_line: Option<Option<bool>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub has_fixed_quantity: Option<Option<bool>>,
    #[serde(flatten)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// compilator's `OrderLineArticle`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompilatorArticle {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub sales_account: Option<Option<i64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub stock_number: Option<Option<i64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub cost_price: Option<Option<Decimal>>,
    #[serde(
        rename = "IsExportWithinEU",
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub is_export_within_eu: Option<Option<bool>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub order_type: Option<Option<ArticleOrderType>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub article_number: Option<Option<i64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub quantity: Option<Option<Decimal>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub description: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub price: Option<Option<Decimal>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub discount_factor: Option<Option<Decimal>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub amount: Option<Option<Decimal>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub vat_percent: Option<Option<Decimal>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub vat_amount: Option<Option<Decimal>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub has_vat: Option<Option<bool>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub is_export: Option<Option<bool>>,
    #[serde(flatten)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// compilator's `OrderLineText`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompilatorText {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub text: Option<Option<String>>,
    #[serde(flatten)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// The same order lines without the catch-all for unknown properties: what keeping unknown
/// fields costs (a separate measurement, not the baseline of the same shape).
pub mod closed {
    use super::*;

    /// compilator's `OrderHeadRequest`, lines without `unknown_fields`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CompilatorOrder {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub note: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub customer_number: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub delivery_address: Option<CompilatorAddress>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timebook_reservation_id: Option<Uuid>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub calendar_event_id: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub payment_transaction_provider_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub agreement_no: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub retail_price_list_id: Option<Uuid>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub split_id: Option<Uuid>,
        pub order_lines: Vec<CompilatorLine>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub order_type: Option<OrderType>,
        pub seller_branch_id: i64,
        pub order_date: YmdDateTime,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub license_plate: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub odometer: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub work_order_number: Option<String>,
        pub sales_person: String,
        pub currency_id: i64,
        pub currency_rate: Decimal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub delivery_date: Option<YmdDateTime>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub requisition_order_number: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub total_amount_including_vat: Option<Decimal>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub total_amount_excluding_vat: Option<Decimal>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rounding_amount: Option<Decimal>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub customer_reference: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub contact_id: Option<Uuid>,
    }

    /// `DeliveryAddress` without `unknown_fields`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CompilatorAddress {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub name: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub address1: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub address2: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub address3: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub postal_code: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub town: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub country: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub country_code: Option<Option<String>>,
    }

    /// `OrderLineRequest` without `unknown_fields`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CompilatorLine {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub order_line_article: Option<Option<CompilatorArticle>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub order_line_text: Option<Option<CompilatorText>>,
        pub line_number: i32,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub parent_line_number: Option<Option<i32>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub is_article_package_line: Option<Option<bool>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub has_fixed_quantity: Option<Option<bool>>,
    }

    /// `OrderLineArticle` without `unknown_fields`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CompilatorArticle {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub sales_account: Option<Option<i64>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub stock_number: Option<Option<i64>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub cost_price: Option<Option<Decimal>>,
        #[serde(
            rename = "IsExportWithinEU",
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub is_export_within_eu: Option<Option<bool>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub order_type: Option<Option<ArticleOrderType>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub article_number: Option<Option<i64>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub quantity: Option<Option<Decimal>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub description: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub price: Option<Option<Decimal>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub discount_factor: Option<Option<Decimal>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub amount: Option<Option<Decimal>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub vat_percent: Option<Option<Decimal>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub vat_amount: Option<Option<Decimal>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub has_vat: Option<Option<bool>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub is_export: Option<Option<bool>>,
    }

    /// `OrderLineText` without `unknown_fields`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CompilatorText {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub text: Option<Option<String>>,
    }
}
