//! Every golden output of the generator, compiled as modules of one crate beside the same
//! hand-written runtime the real generated crate carries. Warnings are errors here, as they are
//! for users of the generated crate.

#![deny(warnings)]

#[path = "../../../generated/src/runtime/mod.rs"]
pub mod runtime;

include!(concat!(env!("OUT_DIR"), "/golden_modules.rs"));
