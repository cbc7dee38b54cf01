//! Reading generated structs from JSON objects: the pieces [`deserialize_object!`] expands to.
//!
//! serde's derive writes, for every struct, an enum of its field names with a visitor of its
//! own, a `visit_seq` (a struct read from an array, which a JSON API never sends) and, for a
//! struct that keeps unknown properties (`#[serde(flatten)]`), a second path that buffers the
//! whole object. Half of a generated crate's code after macro expansion was that, and it is
//! what `cargo check` of the crate spent its time on. A generated struct instead reads one
//! object: keys are matched as strings (borrowed from the input where the format allows),
//! each value is read into its field, and unknown keys are kept or skipped. The behaviour is
//! the derive's: `missing field`, `duplicate field` and the values' own errors, absent
//! `Option` fields read as `None`, defaults applied.
//!
//! [`deserialize_object!`]: crate::deserialize_object

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// A key of an object: borrowed from the input when the format allows, owned otherwise.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string, for a map of unknown properties.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the next value into `slot`; a second value for the same field is the derive's
/// `duplicate field` error.
pub fn set<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a field the object did not have: `None` for an `Option` (as the derive reads
/// a required but nullable field), otherwise the `missing field` error.
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(name: &'static str) -> Result<T, E> {
    T::deserialize(Missing(name, PhantomData))
}

/// A deserializer of a value that is not there.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::Nullable;

    #[derive(Debug, PartialEq)]
    struct Order {
        id: String,
        note: Option<String>,
        count: i64,
        lines: Vec<i64>,
        tag: Nullable<String>,
        kind: String,
        unknown: BTreeMap<String, serde_json::Value>,
    }

    impl Order {
        fn default_kind() -> String {
            "standard".into()
        }
    }

    crate::deserialize_object!(Order {
        id | "orderId",
        note,
        count: "count",
        lines => Default::default(),
        tag: "tag" => crate::Nullable::Absent,
        kind => Order::default_kind(),
    } ..unknown);

    #[derive(Debug, PartialEq)]
    struct Closed {
        r#type: String,
    }

    crate::deserialize_object!(Closed { r#type: "type" });

    // Type names a generated module may have, the same as the macro's type parameters would be
    // if they were not named apart.
    #[derive(Debug, PartialEq)]
    struct A {
        map: Option<D>,
    }

    #[derive(Debug, PartialEq)]
    struct D {
        key: i64,
    }

    crate::deserialize_object!(A { map });
    crate::deserialize_object!(D { key });

    #[test]
    fn objects_read_as_the_derive_reads_them() {
        let order: Order = serde_json::from_str(
            r#"{"id": "A1", "note": null, "count": 2, "tag": null, "extra": {"x": 1}}"#,
        )
        .unwrap();
        assert_eq!(order.id, "A1");
        assert_eq!((order.note, order.count), (None, 2));
        assert_eq!(order.lines, Vec::<i64>::new());
        assert_eq!(order.tag, Nullable::Null);
        assert_eq!(order.kind, "standard");
        assert_eq!(order.unknown["extra"], serde_json::json!({"x": 1}));

        // An alias; a required but nullable field that is absent is `None`, as with the derive.
        let order: Order = serde_json::from_str(r#"{"orderId": "B", "count": 1}"#).unwrap();
        assert_eq!(
            (order.id.as_str(), order.note, order.tag),
            ("B", None, Nullable::Absent)
        );

        let error = |json: &str| serde_json::from_str::<Order>(json).unwrap_err().to_string();
        assert!(error(r#"{"id": "A"}"#).starts_with("missing field `count`"));
        assert!(error(r#"{"id": "A", "id": "B", "count": 1}"#).starts_with("duplicate field `id`"));
        assert!(error(r#"{"id": 5, "count": 1}"#).starts_with("invalid type: integer `5`"));
        assert!(error(r#"["A", null, 1]"#).contains("expected an object (Order)"));

        // Unknown keys are skipped where the struct does not keep them; escaped keys match.
        let closed: Closed = serde_json::from_str(r#"{"typ\u0065": "t", "x": [1]}"#).unwrap();
        assert_eq!(closed.r#type, "t");
        // From other deserializers too: a `serde_json::Value`.
        let value = serde_json::json!({"id": "C", "count": 3});
        assert_eq!(serde_json::from_value::<Order>(value).unwrap().count, 3);
        let a: A = serde_json::from_str(r#"{"map": {"key": 1}}"#).unwrap();
        assert_eq!(
            a,
            A {
                map: Some(D { key: 1 })
            }
        );
    }
}
