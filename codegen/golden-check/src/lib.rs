//! Every golden output of the generator, compiled as modules of one crate that depends on the
//! same hand-written runtime crate (`ordergen-runtime`) the real generated crate uses. Warnings are errors here, as they are
//! for users of the generated crate.

#![deny(warnings)]

/// The runtime, under the name generated code calls it by (`crate::runtime`).
pub use ordergen_runtime as runtime;

include!(concat!(env!("OUT_DIR"), "/golden_modules.rs"));

/// Reads `value` as a `T` and writes it back, which must give the same JSON: the round trip
/// the tests check each shape with.
pub fn round_trip<T>(value: serde_json::Value) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let typed: T = serde_json::from_value(value.clone()).expect("deserializes");
    let back = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(back, value, "serializing gives back the same JSON");
    typed
}
