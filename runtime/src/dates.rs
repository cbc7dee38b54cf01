//! Vendor date formats that are not ISO 8601, selected in a spec with `x-date-format`.
//!
//! Each format is a newtype over a `chrono` value, so it composes with `Option`, [`Nullable`]
//! and `Vec` like any other field type, and converts to and from the `chrono` type with `From`.
//!
//! [`Nullable`]: super::Nullable

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value did not match its vendor date format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormatError {
    input: String,
    expected: &'static str,
}

impl fmt::Display for DateFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a date in the format {}",
            self.input, self.expected
        )
    }
}

impl std::error::Error for DateFormatError {}

/// `From` both ways between a vendor format newtype and the `chrono` value it wraps.
macro_rules! newtype_from {
    ($name:ident, $inner:ty) => {
        impl From<$inner> for $name {
            fn from(value: $inner) -> Self {
                $name(value)
            }
        }

        impl From<$name> for $inner {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

/// Implements the layout constant and serde (through the text form) for one vendor format.
macro_rules! vendor_format {
    ($name:ident, $layout:literal) => {
        impl $name {
            /// The layout as the vendor documents it (`x-date-format`).
            pub const LAYOUT: &'static str = $layout;
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A date written `DD.MM.YYYY` (`x-date-format: "DD.MM.YYYY"`), e.g. `21.01.2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DmyDate(pub NaiveDate);

vendor_format!(DmyDate, "DD.MM.YYYY");
newtype_from!(DmyDate, NaiveDate);

impl fmt::Display for DmyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%d.%m.%Y"))
    }
}

impl FromStr for DmyDate {
    type Err = DateFormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        NaiveDate::parse_from_str(text, "%d.%m.%Y")
            .map(DmyDate)
            .map_err(|_| error(text, Self::LAYOUT))
    }
}

/// A timestamp written `DD.MM.YYYY HH:MM:SS` (`x-date-format: "DD.MM.YYYY HH:MM:SS"`), in the
/// server's local time, e.g. `21.01.2026 14:30:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DmyDateTime(pub NaiveDateTime);

vendor_format!(DmyDateTime, "DD.MM.YYYY HH:MM:SS");
newtype_from!(DmyDateTime, NaiveDateTime);

impl fmt::Display for DmyDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%d.%m.%Y %H:%M:%S"))
    }
}

impl FromStr for DmyDateTime {
    type Err = DateFormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        NaiveDateTime::parse_from_str(text, "%d.%m.%Y %H:%M:%S")
            .map(DmyDateTime)
            .map_err(|_| error(text, Self::LAYOUT))
    }
}

/// A timestamp written `YYYY-MM-DD HH:MM:SS` (`x-date-format: "YYYY-MM-DD HH:MM:SS"`), e.g.
/// `2026-01-21 22:50:35`, usually without a zone.
///
/// Reading also accepts a `T` between date and time, fractional seconds and a zone offset
/// (`+01:00`, `Z`), which .NET servers send for the same field (always in XML, where a local
/// time carries its offset). All of it is kept and written back, so nothing read is lost: the
/// offset, when there is one, follows the time (`2026-01-21 22:50:35+01:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct YmdDateTime {
    /// The date and time as written, in the zone of `offset` when there is one.
    pub local: NaiveDateTime,
    /// The zone offset the value was written with, if any.
    pub offset: Option<FixedOffset>,
}

vendor_format!(YmdDateTime, "YYYY-MM-DD HH:MM:SS");

impl YmdDateTime {
    /// A timestamp without a zone offset.
    pub fn new(local: NaiveDateTime) -> Self {
        YmdDateTime {
            local,
            offset: None,
        }
    }
}

/// A timestamp without a zone offset.
impl From<NaiveDateTime> for YmdDateTime {
    fn from(local: NaiveDateTime) -> Self {
        YmdDateTime::new(local)
    }
}

/// A timestamp that keeps its zone offset.
impl From<DateTime<FixedOffset>> for YmdDateTime {
    fn from(stamp: DateTime<FixedOffset>) -> Self {
        YmdDateTime {
            local: stamp.naive_local(),
            offset: Some(*stamp.offset()),
        }
    }
}

/// The date and time as written; the offset, if any, is dropped.
impl From<YmdDateTime> for NaiveDateTime {
    fn from(value: YmdDateTime) -> Self {
        value.local
    }
}

impl fmt::Display for YmdDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.local.nanosecond() == 0 {
            write!(f, "{}", self.local.format("%Y-%m-%d %H:%M:%S"))?;
        } else {
            write!(f, "{}", self.local.format("%Y-%m-%d %H:%M:%S%.f"))?;
        }
        match self.offset {
            Some(offset) => write!(f, "{offset}"),
            None => Ok(()),
        }
    }
}

impl FromStr for YmdDateTime {
    type Err = DateFormatError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // `YYYY-MM-DD` and a separator, then the time with an optional offset.
        let iso = match text.as_bytes().get(10) {
            Some(b' ' | b'T') => format!("{}T{}", &text[..10], &text[11..]),
            _ => return Err(error(text, Self::LAYOUT)),
        };
        if let Ok(stamp) = DateTime::parse_from_rfc3339(&iso) {
            return Ok(stamp.into());
        }
        NaiveDateTime::parse_from_str(&iso, "%Y-%m-%dT%H:%M:%S%.f")
            .map(YmdDateTime::new)
            .map_err(|_| error(text, Self::LAYOUT))
    }
}

fn error(input: &str, expected: &'static str) -> DateFormatError {
    DateFormatError {
        input: input.to_owned(),
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T>(text: &str) -> T
    where
        T: FromStr<Err = DateFormatError> + fmt::Display + Serialize + for<'de> Deserialize<'de>,
    {
        let value: T = text.parse().unwrap();
        assert_eq!(value.to_string(), text);
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, format!("{text:?}"));
        let back: T = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_string(), text);
        value
    }

    #[test]
    fn each_format_round_trips_its_documented_layout() {
        let date: DmyDate = round_trip("21.01.2026");
        assert_eq!(date.0, NaiveDate::from_ymd_opt(2026, 1, 21).unwrap());
        let stamp: DmyDateTime = round_trip("21.01.2026 14:30:05");
        assert_eq!(stamp.0.to_string(), "2026-01-21 14:30:05");
        let stamp: YmdDateTime = round_trip("2026-01-21 22:50:35");
        assert_eq!(stamp.local.to_string(), "2026-01-21 22:50:35");
        assert_eq!(stamp.offset, None);
        round_trip::<YmdDateTime>("2026-01-21 22:50:35.227511400");
        let zoned: YmdDateTime = round_trip("2026-01-21 22:50:35.227511400+01:00");
        assert_eq!(zoned.offset, FixedOffset::east_opt(3600));
    }

    #[test]
    fn ymd_date_time_reads_the_iso_spelling_without_losing_precision() {
        let value: YmdDateTime = "2026-01-21T22:50:35.5".parse().unwrap();
        assert_eq!(value.to_string(), "2026-01-21 22:50:35.500");
        let utc: YmdDateTime = "2026-01-21T22:50:35Z".parse().unwrap();
        assert_eq!(utc.to_string(), "2026-01-21 22:50:35+00:00");
    }

    #[test]
    fn wrong_layouts_are_errors_that_name_the_expected_format() {
        let err = "2026-01-21".parse::<DmyDate>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"2026-01-21\" is not a date in the format DD.MM.YYYY"
        );
        assert!("31.02.2026".parse::<DmyDate>().is_err());
        assert!("2026-01-21".parse::<YmdDateTime>().is_err());
        assert!("2026-01-21 22:50:35 +01:00".parse::<YmdDateTime>().is_err());
        assert!("2026-01-21X22:50:35".parse::<YmdDateTime>().is_err());
        let err = serde_json::from_str::<DmyDateTime>("\"21.01.2026\"").unwrap_err();
        assert!(err.to_string().contains("DD.MM.YYYY HH:MM:SS"), "{err}");
    }
}
