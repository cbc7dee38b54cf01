//! `XmlValue` for the scalars: text, booleans, numbers, dates and times.

use super::*;

/// Implements [`XmlValue`] for a type written as its `Display` text and read with `FromStr`.
macro_rules! text_value {
    ($($ty:ty),* $(,)?) => {$(
        impl XmlValue for $ty {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                element.set_text(self.to_string());
                Ok(())
            }

            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                let text = node.value_text()?;
                text.trim().parse().map_err(|err| {
                    XmlError::new(format!(
                        "{text:?} is not a valid {}: {err}",
                        stringify!($ty)
                    ))
                })
            }
        }
    )*};
}

text_value!(i32, i64, rust_decimal::Decimal, uuid::Uuid);

impl XmlValue for String {
    /// A character XML cannot carry (a control character) is refused when the document is
    /// written, with the element's path.
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(self.clone());
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        node.value_text().map(str::to_owned)
    }
}

/// The characters XML 1.0 allows in a document.
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

impl XmlValue for bool {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(if *self { "true" } else { "false" });
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        match node.value_text()?.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(XmlError::new(format!("{other:?} is not a boolean"))),
        }
    }
}

/// `f32`/`f64` in XML Schema's spelling: `INF`, `-INF` and `NaN` for the special values.
macro_rules! float_value {
    ($($ty:ty),*) => {$(
        impl XmlValue for $ty {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                let text = if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "INF".to_owned() } else { "-INF".to_owned() }
                } else {
                    self.to_string()
                };
                element.set_text(text);
                Ok(())
            }

            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                let text = node.value_text()?.trim();
                match text {
                    "INF" => Ok(<$ty>::INFINITY),
                    "-INF" => Ok(<$ty>::NEG_INFINITY),
                    "NaN" => Ok(<$ty>::NAN),
                    _ if text.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) => text
                        .parse()
                        .map_err(|err| XmlError::new(format!("{text:?} is not a number: {err}"))),
                    _ => Err(XmlError::new(format!("{text:?} is not a number"))),
                }
            }
        }
    )*};
}

float_value!(f32, f64);

/// Fractional seconds as XML Schema and .NET write them: at most seven digits (.NET's 100 ns
/// ticks), without trailing zeros, and none at all for a whole second.
pub(super) fn fraction(nanosecond: u32) -> String {
    let ticks = nanosecond % 1_000_000_000 / 100;
    if ticks == 0 {
        return String::new();
    }
    let digits = format!(".{ticks:07}");
    digits.trim_end_matches('0').to_owned()
}

pub(super) fn iso_local(stamp: &NaiveDateTime) -> String {
    format!(
        "{}{}",
        stamp.format("%Y-%m-%dT%H:%M:%S"),
        fraction(stamp.nanosecond())
    )
}

pub(super) fn parse_iso(text: &str) -> Result<(NaiveDateTime, Option<FixedOffset>), XmlError> {
    let text = text.trim();
    if let Ok(stamp) = DateTime::parse_from_rfc3339(text) {
        return Ok((stamp.naive_local(), Some(*stamp.offset())));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|stamp| (stamp, None))
        .map_err(|_| XmlError::new(format!("{text:?} is not an ISO 8601 date and time")))
}

impl XmlValue for DateTime<FixedOffset> {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        let offset = if self.offset().local_minus_utc() == 0 {
            "Z".to_owned()
        } else {
            self.format("%:z").to_string()
        };
        element.set_text(format!("{}{offset}", iso_local(&self.naive_local())));
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        let text = node.value_text()?.trim();
        DateTime::parse_from_rfc3339(text).map_err(|_| {
            XmlError::new(format!(
                "{text:?} is not an ISO 8601 date and time with a zone offset"
            ))
        })
    }
}

impl XmlValue for NaiveDate {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(self.format("%Y-%m-%d").to_string());
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        // `YYYY-MM-DD`, with an optional zone (`Z`, `+01:00`), which a date does not need.
        let text = node.value_text()?.trim();
        let date = text
            .get(..10)
            .filter(|_| text.is_char_boundary(10))
            .unwrap_or(text);
        let zone = &text[date.len()..];
        let zone_ok = zone.is_empty()
            || zone == "Z"
            || (zone.len() == 6
                && zone.starts_with(['+', '-'])
                && zone.as_bytes()[3] == b':'
                && zone[1..3]
                    .bytes()
                    .chain(zone[4..].bytes())
                    .all(|b| b.is_ascii_digit()));
        let shaped = date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-';
        match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(value) if shaped && zone_ok => Ok(value),
            _ => Err(XmlError::new(format!("{text:?} is not an ISO 8601 date"))),
        }
    }
}

/// In XML a vendor timestamp is an ISO 8601 date-time, with the zone offset when it has one.
impl XmlValue for YmdDateTime {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        // As .NET writes them: `Z` for UTC, the offset for a local time, nothing when unknown.
        let offset = match self.offset {
            Some(offset) if offset.local_minus_utc() == 0 => "Z".to_owned(),
            Some(offset) => DateTime::<FixedOffset>::from_naive_utc_and_offset(self.local, offset)
                .format("%:z")
                .to_string(),
            None => String::new(),
        };
        element.set_text(format!("{}{offset}", iso_local(&self.local)));
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        let (local, offset) = parse_iso(node.value_text()?)?;
        Ok(YmdDateTime { local, offset })
    }
}

/// In XML a vendor date is an ISO 8601 date.
impl XmlValue for DmyDate {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        self.0.write_xml(element)
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        NaiveDate::read_xml(node).map(DmyDate)
    }
}

/// In XML a vendor timestamp is an ISO 8601 date-time.
impl XmlValue for DmyDateTime {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(iso_local(&self.0));
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        match parse_iso(node.value_text()?)? {
            (local, None) => Ok(DmyDateTime(local)),
            (_, Some(_)) => Err(XmlError::new(
                "this timestamp is in the server's local time and cannot carry a zone offset",
            )),
        }
    }
}

/// The error for an enum written by name whose `text` is none of the `known` names, for
/// generated enums: it names the type and the names it knows.
pub fn unknown_name<T>(type_name: &str, text: &str, known: &[&str]) -> Result<T, XmlError> {
    Err(XmlError::new(format!(
        "{text:?} is not a {type_name} this client knows ({})",
        known.join(", ")
    )))
}
