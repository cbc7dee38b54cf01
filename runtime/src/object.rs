//! Reading and writing generated structs as objects: the pieces [`serde_object!`] expands to.
//!
//! serde's derive writes, for every struct, an enum of its field names with a visitor of its
//! own, a `visit_seq` (a struct read from an array, which a JSON API never sends), for a struct
//! that keeps unknown properties (`#[serde(flatten)]`) a second path that buffers the whole
//! object, and per field an early return through `?` that the compiler checks one by one. Most
//! of a generated crate's code after macro expansion was that, and it is what `cargo check` of
//! the crate spent its time on. A generated struct instead reads one object: keys are matched
//! as strings (borrowed from the input where the format allows), each value is read into its
//! field, and unknown keys are kept or skipped; it is written field by field, optional fields
//! left out when absent. The behaviour is the derive's: `missing field`, `duplicate field` and
//! the values' own errors, absent optional fields read as absent, defaults applied, and the
//! same output (a struct, or a map when unknown properties are kept).
//!
//! [`serde_object!`]: crate::serde_object

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::Nullable;

/// A field that may be left out of an object: absent, it reads as [`absent`](Self::absent) and
/// is not written.
pub trait Absent {
    /// The value of the field when the object does not have it.
    fn absent() -> Self;

    /// Whether the field is absent, and so left out when the object is written.
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn absent() -> Self {
        None
    }

    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Nullable<T> {
    fn absent() -> Self {
        Nullable::Absent
    }

    fn is_absent(&self) -> bool {
        Nullable::is_absent(self)
    }
}

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

/// Skips the value of a key the struct does not have and does not keep.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// Keeps the value of a key the struct does not have in `rest`, its map of unknown properties.
pub fn keep<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    rest: &mut BTreeMap<String, T>,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    rest.insert(key.into_string(), value);
    Ok(())
}

/// Where a struct's fields are written: a serde struct, or a serde map when the struct keeps
/// unknown properties (which the derive writes as a map too).
pub trait Fields: Sized {
    /// What the serializer returns.
    type Ok;
    /// The serializer's error.
    type Error;

    /// Writes the field `name`.
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error>;

    /// Leaves the field `name` out.
    fn skip(&mut self, name: &'static str) -> Result<(), Self::Error>;

    /// Ends the object.
    fn end(self) -> Result<Self::Ok, Self::Error>;
}

/// A struct's fields written as a serde struct.
pub struct StructFields<S>(S);

impl<S: SerializeStruct> StructFields<S> {
    /// Starts the struct `name` with `len` fields on `serializer`.
    pub fn begin<Z: Serializer<SerializeStruct = S>>(
        serializer: Z,
        name: &'static str,
        len: usize,
    ) -> Result<Self, Z::Error> {
        serializer.serialize_struct(name, len).map(StructFields)
    }
}

impl<S: SerializeStruct> Fields for StructFields<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(name, value)
    }

    fn skip(&mut self, name: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(name)
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// A struct's fields written as a serde map, followed by its unknown properties.
pub struct MapFields<S>(S);

impl<S: SerializeMap> MapFields<S> {
    /// Starts the map on `serializer`.
    pub fn begin<Z: Serializer<SerializeMap = S>>(serializer: Z) -> Result<Self, Z::Error> {
        serializer.serialize_map(None).map(MapFields)
    }

    /// Writes the unknown properties kept in `rest`.
    pub fn rest<T: Serialize>(&mut self, rest: &BTreeMap<String, T>) -> Result<(), S::Error> {
        rest.iter()
            .try_for_each(|(key, value)| self.0.serialize_entry(key, value))
    }
}

impl<S: SerializeMap> Fields for MapFields<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_entry(name, value)
    }

    fn skip(&mut self, _name: &'static str) -> Result<(), S::Error> {
        Ok(())
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_test::{assert_ser_tokens, Token};

    use crate::Nullable;

    #[derive(Debug, PartialEq)]
    struct Order {
        id: String,
        note: Option<String>,
        memo: Option<String>,
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

    crate::serde_object!(Order {
        id | "orderId",
        note => None,
        memo opt,
        count: "count",
        lines => Default::default(),
        tag: "tag" opt,
        kind => Order::default_kind(),
    } ..unknown);

    #[derive(Debug, PartialEq)]
    struct Closed {
        r#type: String,
        id: Option<i64>,
        label: Nullable<String>,
    }

    crate::serde_object!(Closed { r#type: "type", id read_only, label: "Label" opt });

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

    #[derive(Debug, PartialEq)]
    struct S {}

    // Field names that are the macro's own local names.
    #[derive(Debug, PartialEq)]
    struct Locals {
        fields: i64,
        serializer: i64,
        error: Option<i64>,
        value: i64,
        key: i64,
    }

    crate::serde_object!(Locals { fields, serializer, error opt, value, key });

    crate::serde_object!(A { map opt });
    crate::serde_object!(D { key });
    crate::serde_object!(S {});

    #[test]
    fn objects_read_as_the_derive_reads_them() {
        let order: Order = serde_json::from_str(
            r#"{"id": "A1", "note": null, "count": 2, "tag": null, "extra": {"x": 1}}"#,
        )
        .unwrap();
        assert_eq!(order.id, "A1");
        assert_eq!((order.note, order.memo, order.count), (None, None, 2));
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
        assert!(error(r#"{"count": 1}"#).starts_with("missing field `id`"));
        assert!(error(r#"{"id": "A", "id": "B", "count": 1}"#).starts_with("duplicate field `id`"));
        assert!(error(r#"{"id": 5, "count": 1}"#).starts_with("invalid type: integer `5`"));
        assert!(error(r#"["A", null, 1]"#).contains("expected an object (Order)"));

        // Unknown keys are skipped where the struct does not keep them; escaped keys match.
        let closed: Closed =
            serde_json::from_str(r#"{"typ\u0065": "t", "x": [1], "id": 4}"#).unwrap();
        assert_eq!(
            closed,
            Closed {
                r#type: "t".into(),
                id: Some(4),
                label: Nullable::Absent
            }
        );
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
        assert_eq!(serde_json::from_str::<A>("{}").unwrap(), A { map: None });
        assert_eq!(serde_json::from_str::<S>(r#"{"x": 1}"#).unwrap(), S {});
    }

    #[test]
    fn objects_write_as_the_derive_writes_them() {
        // No unknown properties kept: a serde struct whose length counts the fields written;
        // an absent optional field is skipped, a read-only one is never written.
        let closed = Closed {
            r#type: "t".into(),
            id: Some(1),
            label: Nullable::Null,
        };
        assert_ser_tokens(
            &closed,
            &[
                Token::Struct {
                    name: "Closed",
                    len: 2,
                },
                Token::Str("type"),
                Token::Str("t"),
                Token::Str("Label"),
                Token::None,
                Token::StructEnd,
            ],
        );
        let closed = Closed {
            label: Nullable::Absent,
            ..closed
        };
        assert_eq!(serde_json::to_string(&closed).unwrap(), r#"{"type":"t"}"#);
        assert_eq!(serde_json::to_string(&S {}).unwrap(), "{}");

        // Unknown properties kept: a map (as the derive writes a struct with a flattened
        // map), the fields first and the kept properties after them.
        let order = Order {
            id: "A".into(),
            note: None,
            memo: None,
            count: 2,
            lines: vec![1],
            tag: Nullable::Value("x".into()),
            kind: "k".into(),
            unknown: BTreeMap::from([("extra".to_owned(), serde_json::json!(true))]),
        };
        assert_eq!(
            serde_json::to_string(&order).unwrap(),
            r#"{"id":"A","note":null,"count":2,"lines":[1],"tag":"x","kind":"k","extra":true}"#
        );
        assert_ser_tokens(
            &A { map: None },
            &[Token::Struct { name: "A", len: 0 }, Token::StructEnd],
        );
        let back: Order = serde_json::from_str(&serde_json::to_string(&order).unwrap()).unwrap();
        assert_eq!(back, order);

        let json = r#"{"fields":1,"serializer":2,"error":3,"value":4,"key":5}"#;
        let locals: Locals = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&locals).unwrap(), json);
    }
}
