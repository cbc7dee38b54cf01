//! Every golden output of the generator, compiled as modules of one crate that depends on the
//! same hand-written runtime crate (`ordergen-runtime`) the real generated crate uses. Warnings are errors here, as they are
//! for users of the generated crate.

#![deny(warnings)]

/// The runtime, under the name generated code calls it by (`crate::runtime`).
pub use ordergen_runtime as runtime;

include!(concat!(env!("OUT_DIR"), "/golden_modules.rs"));
