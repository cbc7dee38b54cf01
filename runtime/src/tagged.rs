//! Unions whose branch is named by a property (`discriminator`): the property is read first,
//! then the whole value is read as that branch, so the branch type still sees the property.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Writes `value` with `property` set to `tag`, whether or not its own type has the property.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    let Value::Object(map) = &mut json else {
        return Err(S::Error::custom(format_args!(
            "a `{property}` union branch must be an object"
        )));
    };
    map.insert(property.to_owned(), Value::String(tag.to_owned()));
    json.serialize(serializer)
}

/// Reads a value and the text of its `property`, which says which branch it is.
pub fn deserialize_tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    property: &str,
) -> Result<(String, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    let tag = match value.get(property) {
        Some(Value::String(tag)) => tag.clone(),
        Some(other) => {
            return Err(D::Error::custom(format_args!(
                "`{property}` must be a string, found {other}"
            )))
        }
        None => return Err(D::Error::custom(format_args!("missing `{property}`"))),
    };
    Ok((tag, value))
}
