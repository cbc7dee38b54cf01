//! Three-state fields: absent, explicitly `null`, or a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field whose value may also be `null`.
///
/// Update requests need both "leave this field unchanged" (the field is left out of the body)
/// and "clear this field" (the field is sent as `null`); an `Option` cannot say both. Generated
/// structs list such fields as `opt` in their [`serde_object!`](crate::serde_object) (with
/// serde's derive: `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`), so
/// [`Nullable::Absent`] is omitted, [`Nullable::Null`] is written as `null` and
/// [`Nullable::Value`] as the value. Reading a body keeps the same distinction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Nullable<T> {
    /// The field is not in the body.
    #[default]
    Absent,
    /// The field is in the body as `null`.
    Null,
    /// The field is in the body with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `true` when the field is not in the body.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// `true` when the field is in the body as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one; absent and `null` both become `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Whether the field says null or a value: `None` when it is absent, `Some(None)` for
    /// `null`, `Some(Some(v))` for a value.
    pub fn into_known(self) -> Option<Option<T>> {
        match self {
            Nullable::Absent => None,
            Nullable::Null => Some(None),
            Nullable::Value(value) => Some(Some(value)),
        }
    }

    /// `Some(v)` becomes a value and `None` becomes an explicit `null`.
    pub fn from_option(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }

    /// Applies `f` to the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached when a container forgot `skip_serializing_if`: `null` is the closest
            // faithful spelling, and it never invents a value.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from_option)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Body {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        remarks: Nullable<String>,
    }

    #[test]
    fn absent_null_and_value_round_trip_exactly() {
        for (json, value) in [
            ("{}", Nullable::Absent),
            (r#"{"remarks":null}"#, Nullable::Null),
            (r#"{"remarks":"x"}"#, Nullable::Value("x".to_owned())),
        ] {
            let body: Body = serde_json::from_str(json).unwrap();
            assert_eq!(body.remarks, value);
            assert_eq!(serde_json::to_string(&body).unwrap(), json);
        }
    }

    #[test]
    fn conversions_keep_the_three_states_apart() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from_option(None), Nullable::Null);
        assert_eq!(Nullable::Value(2).map(|v| v * 2).into_option(), Some(4));
        assert_eq!(Nullable::<i32>::Absent.as_ref(), None);
        assert!(Nullable::<i32>::Null.is_null());
    }
}
