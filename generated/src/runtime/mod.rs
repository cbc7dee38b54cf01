//! Hand-written runtime shared by every generated API module.
//!
//! This module is **not** generated: it is maintained by hand and copied verbatim into standalone
//! crates by `cargo xtask gen --spec FILE --out DIR`. The generated modules call into it for the
//! pieces that are the same for every API: three-state fields, vendor date formats, open enums and
//! request validation.

mod dates;
mod nullable;
mod validate;

pub use dates::{DateFormatError, DmyDate, DmyDateTime, YmdDateTime};
pub use nullable::Nullable;
pub use validate::{OpenEnum, Validate, ValidationError, Validator, Violation};
