//! The models of `types.rs` (structs, their constructors, enums, aliases, `Validate` impls) and
//! the checks a client method writes out, as source text: the one emitter of these items.
//! A spec of thousands of schemas becomes a million and more lines of models, and building them
//! as tokens, parsing those into a syntax tree and printing it costs ten times what writing the
//! text does (ARCHITECTURE.md, "One emitter per item").
//!
//! Layout rules: four spaces an indentation level; a list (`new`'s parameters, a struct
//! literal, a macro's fields or values) is written on one line when that line stays within
//! [`WIDTH`] columns, else as many items to a line as fit, each with a trailing comma; doc
//! comments are never broken. Unions and the conversions of read-modify-write are written by
//! `types.rs` as tokens, formatted by prettyplease.

use super::docs;
use super::types::{constructor_doc, default_doc, CLIPPY_MAX_ARGS};
use crate::ir::{
    Access, Additional, Api, Enum, EnumRepr, EnumValue, Field, Literal, Presence, Shape, Struct,
    Type, TypeDef, TypeKind, VendorDate,
};
use crate::names::default_fn_name;

/// The widest a line with a list on it may be before the list is broken over lines.
pub const WIDTH: usize = 100;

/// Source text at an indentation depth.
pub(super) struct Writer {
    pub(super) out: String,
    depth: usize,
}

impl Writer {
    pub(super) fn new(depth: usize) -> Self {
        Writer {
            out: String::with_capacity(4096),
            depth,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
    }

    fn line(&mut self, text: &str) {
        self.indent();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// `text` ends with `{`: the lines after it are one level deeper.
    fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(text);
    }

    /// Whether `line` fits [`WIDTH`] at the current depth.
    fn fits(&self, line: &str) -> bool {
        self.depth * 4 + line.len() <= WIDTH
    }

    /// `open`, the items joined by `, ` and `close` on one line when that fits; else `open`,
    /// as many items to a line as fit (each followed by a comma) and `close`.
    fn packed_list(&mut self, open: &str, items: &[String], close: &str) {
        let whole = format!("{open}{}{close}", items.join(", "));
        if self.fits(&whole) {
            self.line(&whole);
            return;
        }
        self.open(open.trim_end());
        let mut line = String::new();
        for item in items {
            let next = if line.is_empty() {
                format!("{item},")
            } else {
                format!("{line} {item},")
            };
            if !line.is_empty() && !self.fits(&next) {
                self.line(&line);
                line = format!("{item},");
            } else {
                line = next;
            }
        }
        if !line.is_empty() {
            self.line(&line);
        }
        self.close(close.trim_start());
    }

    /// Doc comments, `/// text` without trailing spaces, never broken.
    fn docs(&mut self, lines: &[String]) {
        for line in lines {
            for line in line.split('\n') {
                self.indent();
                self.out.push_str("///");
                let line = line.trim_end_matches(' ');
                if !line.is_empty() {
                    self.out.push(' ');
                    self.out.push_str(line);
                }
                self.out.push('\n');
            }
        }
    }

    fn doc(&mut self, line: &str) {
        self.docs(std::slice::from_ref(&line.to_owned()));
    }
}

/// A string literal as `proc_macro2::Literal::string` spells it.
fn string_lit(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        if ch == '\0' {
            out.push_str(
                if chars
                    .as_str()
                    .starts_with(|next| ('0'..='7').contains(&next))
                {
                    r"\x00"
                } else {
                    r"\0"
                },
            );
        } else if ch == '\'' {
            out.push(ch);
        } else {
            out.extend(ch.escape_debug());
        }
    }
    out.push('"');
    out
}

/// The items of one model: definition, constructor, impls, `Validate`, and the conversions
/// into it of read-modify-write.
pub fn model(api: &Api, def: &TypeDef) -> String {
    let mut w = Writer::new(0);
    match &def.kind {
        TypeKind::Struct(s) => write_struct(&mut w, api, def, s),
        TypeKind::Enum(e) => write_enum(&mut w, def, e),
        TypeKind::Alias(shape) => {
            model_docs(&mut w, def);
            let ty = rust_type(api, shape);
            w.line(&format!("pub type {} = {ty};", def.name));
        }
        TypeKind::Untagged(u) => {
            w.out
                .push_str(&super::format_tokens(super::types::emit_untagged(
                    api, def, u,
                )));
        }
    }
    write_validate(&mut w, api, def);
    if api.read_backs_into(def).next().is_some() {
        w.out
            .push_str(&super::format_tokens(super::types::emit_read_backs(
                api, def,
            )));
    }
    w.out
}

fn model_docs(w: &mut Writer, def: &TypeDef) {
    w.docs(&docs::lines(&def.docs, &default_doc(def)));
    if def.deprecated {
        w.line("#[deprecated]");
    }
}

/// `types::rust_type` as text.
fn rust_type(api: &Api, shape: &Shape) -> String {
    let mut out = String::new();
    push_type(&mut out, api, shape);
    out
}

fn push_type(out: &mut String, api: &Api, shape: &Shape) {
    let (open, inner) = match &shape.ty {
        Type::Named(id) => return out.push_str(&api.type_def(*id).name),
        Type::String => return out.push_str("String"),
        Type::Bool => return out.push_str("bool"),
        Type::I32 => return out.push_str("i32"),
        Type::I64 => return out.push_str("i64"),
        Type::F32 => return out.push_str("f32"),
        Type::F64 => return out.push_str("f64"),
        Type::Decimal => return out.push_str("::rust_decimal::Decimal"),
        Type::Date => return out.push_str("::chrono::NaiveDate"),
        Type::DateTime => return out.push_str("::chrono::DateTime<::chrono::FixedOffset>"),
        Type::Uuid => return out.push_str("::uuid::Uuid"),
        Type::VendorDate(VendorDate::Dmy) => return out.push_str("runtime::DmyDate"),
        Type::VendorDate(VendorDate::DmyTime) => return out.push_str("runtime::DmyDateTime"),
        Type::VendorDate(VendorDate::YmdTime) => return out.push_str("runtime::YmdDateTime"),
        Type::Scalar(scalar) => return out.push_str(scalar.rust()),
        Type::Json => return out.push_str("::serde_json::Value"),
        Type::Array(item) => ("Vec<", item),
        Type::Map(value) => ("::std::collections::BTreeMap<String, ", value),
        Type::Option(inner) => ("Option<", inner),
    };
    out.push_str(open);
    push_type(out, api, inner);
    out.push('>');
}

fn field_type(api: &Api, field: &Field) -> String {
    let mut ty = rust_type(api, &field.shape);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    match field.presence() {
        Presence::Required | Presence::Defaulted => ty,
        Presence::RequiredNullable | Presence::Optional => format!("Option<{ty}>"),
        Presence::OptionalNullable => format!("runtime::Nullable<{ty}>"),
    }
}

fn write_struct(w: &mut Writer, api: &Api, def: &TypeDef, s: &Struct) {
    model_docs(w, def);
    let needs_new = s.fields.iter().any(|f| {
        matches!(
            f.presence(),
            Presence::Required | Presence::RequiredNullable | Presence::Defaulted
        )
    });
    // `Serialize` and `Deserialize` are `runtime::serde_object!`, after the struct: far less
    // code to compile than the derive's (see the runtime's `object` module).
    w.line(if needs_new {
        "#[derive(Debug, Clone, PartialEq)]"
    } else {
        "#[derive(Debug, Clone, PartialEq, Default)]"
    });
    if s.fields.is_empty() && matches!(s.additional, Additional::Dropped) {
        w.line(&format!("pub struct {} {{}}", def.name));
        write_serde(w, api, def, s);
        return;
    }
    w.open(&format!("pub struct {} {{", def.name));
    for field in &s.fields {
        let fallback = format!("The `{}` property.", field.wire_name);
        let mut lines = docs::lines(&field.docs, &fallback);
        let access_note = match field.access {
            Access::ReadOnly => Some("Read-only: set by the server; never sent."),
            Access::WriteOnly => Some("Write-only: sent, never returned by the server."),
            Access::ReadWrite => None,
        };
        if let Some(note) = access_note {
            lines.extend([String::new(), note.to_owned()]);
        }
        w.docs(&lines);
        if field.deprecated {
            w.line("#[deprecated]");
        }
        w.line(&format!("pub {}: {},", field.name, field_type(api, field)));
    }
    match &s.additional {
        Additional::Dropped => {}
        Additional::KeepUnknown { field } => {
            w.docs(&[
                "Properties the server sent that the spec does not describe, kept as they".into(),
                "came so that nothing is lost when this value is sent back.".into(),
            ]);
            w.line(&format!(
                "pub {field}: ::std::collections::BTreeMap<String, ::serde_json::Value>,"
            ));
        }
        Additional::Typed { field, value } => {
            w.doc("Further properties, by name (`additionalProperties`).");
            w.line(&format!(
                "pub {field}: ::std::collections::BTreeMap<String, {}>,",
                rust_type(api, value)
            ));
        }
    }
    w.close("}");
    write_serde(w, api, def, s);
    if needs_new {
        write_constructor(w, api, def, s);
    }
}

/// `Serialize` and `Deserialize` of a struct (`runtime::serde_object!`): each field with its
/// wire name (when not its own), its aliases (`x-aliases`), how it may be absent (`opt`: read
/// as absent and not written when absent; `read_only`: never written, in a type the client
/// sends) and what an absent required field reads as (nothing said: `missing field`), and the
/// map that keeps unknown properties.
fn write_serde(w: &mut Writer, api: &Api, def: &TypeDef, s: &Struct) {
    let fields: Vec<String> = s
        .fields
        .iter()
        .map(|field| {
            let mut entry = field.name.clone();
            if field.name != field.wire_name {
                entry.push_str(&format!(": {}", string_lit(&field.wire_name)));
            }
            for alias in &field.aliases {
                entry.push_str(&format!(" | {}", string_lit(alias)));
            }
            let never_sent = field.access == Access::ReadOnly && def.usage.request;
            match field.presence() {
                Presence::Optional | Presence::OptionalNullable if never_sent => {
                    entry.push_str(" read_only")
                }
                Presence::Optional | Presence::OptionalNullable => entry.push_str(" opt"),
                Presence::Defaulted => entry.push_str(&format!(
                    " => {}::{}()",
                    def.name,
                    default_fn_name(&field.name)
                )),
                // An absent `Option` is `None`, as a required nullable field is with the
                // derive too.
                Presence::Required | Presence::RequiredNullable => {
                    if field_type(api, field).starts_with("Option<") {
                        entry.push_str(" => None");
                    }
                }
            }
            entry
        })
        .collect();
    let rest = match &s.additional {
        Additional::Dropped => String::new(),
        Additional::KeepUnknown { field } | Additional::Typed { field, .. } => {
            format!(" ..{field}")
        }
    };
    if fields.is_empty() {
        w.line(&format!("runtime::serde_object!({} {{}}{rest});", def.name));
        return;
    }
    w.packed_list(
        &format!("runtime::serde_object!({} {{ ", def.name),
        &fields,
        &format!(" }}{rest});"),
    );
}

fn write_constructor(w: &mut Writer, api: &Api, def: &TypeDef, s: &Struct) {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut default_fns = Vec::new();
    for field in &s.fields {
        let ident = &field.name;
        match field.presence() {
            Presence::Required | Presence::RequiredNullable => {
                params.push(format!("{ident}: {}", field_type(api, field)));
                inits.push(ident.clone());
            }
            Presence::Defaulted => {
                let function = default_fn_name(&field.name);
                let ty = rust_type(api, &field.shape);
                let value = match &field.default {
                    Some(literal) => literal_text(api, literal, &field.shape.ty),
                    None => "Default::default()".to_owned(),
                };
                let doc = format!("The spec's default for `{}`.", field.wire_name);
                default_fns.push((doc, format!("fn {function}() -> {ty} {{"), value));
                inits.push(format!("{ident}: Self::{function}()"));
            }
            Presence::Optional => inits.push(format!("{ident}: None")),
            Presence::OptionalNullable => inits.push(format!("{ident}: runtime::Nullable::Absent")),
        }
    }
    match &s.additional {
        Additional::Dropped => {}
        Additional::KeepUnknown { field } | Additional::Typed { field, .. } => {
            inits.push(format!("{field}: ::std::collections::BTreeMap::new()"));
        }
    }
    w.open(&format!("impl {} {{", def.name));
    w.doc(&constructor_doc(&def.name));
    if params.len() > CLIPPY_MAX_ARGS {
        w.line("#[allow(clippy::too_many_arguments)]");
    }
    let signature = format!("pub fn new({}) -> Self {{", params.join(", "));
    if w.fits(&signature) {
        w.open(&signature);
    } else {
        w.packed_list("pub fn new(", &params, ") -> Self {");
        w.depth += 1;
    }
    if inits.is_empty() {
        w.line("Self {}");
    } else {
        w.packed_list("Self { ", &inits, " }");
    }
    w.close("}");
    for (doc, signature, value) in default_fns {
        w.doc(&doc);
        w.open(&signature);
        w.line(&value);
        w.close("}");
    }
    w.close("}");
    // Without required fields, the spec's defaults are the type's `Default`.
    if params.is_empty() {
        w.open(&format!("impl Default for {} {{", def.name));
        w.open("fn default() -> Self {");
        w.line("Self::new()");
        w.close("}");
        w.close("}");
    }
}

pub(super) fn literal_text(api: &Api, literal: &Literal, ty: &Type) -> String {
    match literal {
        Literal::String(s) => format!("String::from({})", string_lit(s)),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(n) => match ty {
            Type::I32 => (*n as i32).to_string(),
            _ => n.to_string(),
        },
        Literal::Decimal { mantissa, scale } => {
            format!("::rust_decimal::Decimal::new({mantissa}, {scale})")
        }
        Literal::Variant { ty, variant } => format!("{}::{variant}", api.type_def(*ty).name),
        Literal::Float(f) => float_text(*f, ty),
        Literal::List(items) if items.is_empty() => "Default::default()".to_owned(),
        Literal::List(items) => {
            let item_ty = match ty {
                Type::Array(item) => &item.ty,
                other => other,
            };
            let items: Vec<String> = items
                .iter()
                .map(|item| literal_text(api, item, item_ty))
                .collect();
            format!("vec![{}]", items.join(", "))
        }
        Literal::Json(text) => format!("::serde_json::json!({text})"),
    }
}

fn write_enum(w: &mut Writer, def: &TypeDef, e: &Enum) {
    let name = &def.name;
    let unknown = &e.unknown;
    model_docs(w, def);
    let string = e.repr == EnumRepr::String;
    w.line(if string {
        "#[derive(Debug, Clone, PartialEq, Eq, Hash)]"
    } else {
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]"
    });
    w.open(&format!("pub enum {name} {{"));
    let mut values = Vec::with_capacity(e.variants.len());
    for variant in &e.variants {
        let (doc, value) = match &variant.value {
            EnumValue::String(s) if string => (docs::code_span(&format!("{s:?}")), string_lit(s)),
            EnumValue::String(s) => (docs::code_span(&format!("{s:?}")), "0".to_owned()),
            EnumValue::Integer(n) if string => (format!("`{n}`"), string_lit("")),
            EnumValue::Integer(n) => (format!("`{n}`"), n.to_string()),
        };
        match &variant.docs {
            // `x-enum-descriptions`: the value, then what it means.
            Some(prose) => w.doc(&format!("{doc}: {}", docs::prose(prose).join(" "))),
            None => w.doc(&doc),
        }
        w.line(&format!("{},", variant.name));
        values.push(value);
    }
    w.doc("A value the spec does not list, kept as it was sent.");
    w.line(&format!(
        "{unknown}({}),",
        if string { "String" } else { "i64" }
    ));
    w.close("}");
    // Everything else an open enum has is the same for every one: the runtime's macro writes
    // it from the variants and their wire values.
    let macro_name = if string {
        "open_string_enum"
    } else {
        "open_integer_enum"
    };
    let pairs: Vec<String> = e
        .variants
        .iter()
        .zip(&values)
        .map(|(variant, value)| format!("{} = {value}", variant.name))
        .collect();
    w.packed_list(
        &format!("runtime::{macro_name}!({name}, {unknown} {{ "),
        &pairs,
        " });",
    );
}

/// The `Validate` impl of a type that is sent: every one has one, so callers can validate any
/// request value; aliases have none (their checks are made where they are used).
fn write_validate(w: &mut Writer, api: &Api, def: &TypeDef) {
    if !def.usage.request {
        return;
    }
    let mut body = Writer::new(w.depth + 2);
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in s.fields.iter().filter(|f| api.needs_checks(&f.shape)) {
                // Only its type's own checks (in any `Option`, `Vec`, map or `Box`): the
                // runtime walks the containers.
                if api.checks_only_types(&field.shape) {
                    body.line(&format!(
                        "validator.field({}, &self.{});",
                        string_lit(&field.wire_name),
                        field.name
                    ));
                    continue;
                }
                body.line(&format!(
                    "validator.enter_field({});",
                    string_lit(&field.wire_name)
                ));
                let opening = match field.presence() {
                    Presence::Required | Presence::Defaulted => {
                        body.line(&format!("let value = &self.{};", field.name));
                        None
                    }
                    Presence::RequiredNullable | Presence::Optional => {
                        Some(format!("if let Some(value) = &self.{} {{", field.name))
                    }
                    Presence::OptionalNullable => Some(format!(
                        "if let runtime::Nullable::Value(value) = &self.{} {{",
                        field.name
                    )),
                };
                if let Some(opening) = &opening {
                    body.open(opening);
                }
                shape_checks(&mut body, api, &field.shape, "value");
                if opening.is_some() {
                    body.close("}");
                }
                body.line("validator.leave();");
            }
            match &s.additional {
                Additional::Typed { field, value } if api.needs_checks(value) => {
                    body.open(&format!("for (key, value) in &self.{field} {{"));
                    body.line("validator.enter_key(key);");
                    shape_checks(&mut body, api, value, "value");
                    body.line("validator.leave();");
                    body.close("}");
                }
                _ => {}
            }
        }
        TypeKind::Enum(_) => {
            w.line(&format!("runtime::known_values!({});", def.name));
            return;
        }
        TypeKind::Alias(_) => return,
        TypeKind::Untagged(u) => {
            if u.variants.iter().any(|v| api.needs_checks(&v.shape)) {
                body.open("match self {");
                for variant in &u.variants {
                    if api.needs_checks(&variant.shape) {
                        body.open(&format!("Self::{}(value) => {{", variant.name));
                        shape_checks(&mut body, api, &variant.shape, "value");
                        body.close("}");
                    } else {
                        body.line(&format!("Self::{}(_) => {{}}", variant.name));
                    }
                }
                body.close("}");
            }
        }
    }
    if body.out.is_empty() {
        w.line(&format!("runtime::no_constraints!({});", def.name));
        return;
    }
    w.open(&format!("impl runtime::Validate for {} {{", def.name));
    w.open("fn check(&self, validator: &mut runtime::Validator) {");
    w.out.push_str(&body.out);
    w.close("}");
    w.close("}");
}

/// Statements checking `value` (an expression: a reference to a value of `shape`) at the
/// validator's current path, at `depth`.
pub fn value_checks(api: &Api, shape: &Shape, value: &str, depth: usize) -> String {
    let mut w = Writer::new(depth);
    shape_checks(&mut w, api, shape, value);
    w.out
}

/// Writes the statements checking `value` (a reference to a value of `shape`) at the current
/// path; whether it wrote any.
fn shape_checks(w: &mut Writer, api: &Api, shape: &Shape, value: &str) -> bool {
    let start = w.out.len();
    let c = &shape.constraints;
    let call = |w: &mut Writer, method: &str, args: &str| {
        w.line(&format!("validator.{method}({value}, {args});"));
    };
    if let Some(n) = c.min_length {
        call(w, "min_length", &n.to_string());
    }
    if let Some(n) = c.max_length {
        call(w, "max_length", &n.to_string());
    }
    if let Some(pattern) = &c.pattern {
        call(w, "pattern", &string_lit(pattern));
    }
    if let Some(bound) = &c.minimum {
        let limit = bound_text(&bound.value, &shape.ty);
        call(w, "minimum", &format!("{limit}, {}", bound.exclusive));
    }
    if let Some(bound) = &c.maximum {
        let limit = bound_text(&bound.value, &shape.ty);
        call(w, "maximum", &format!("{limit}, {}", bound.exclusive));
    }
    if let Some(n) = c.min_items {
        call(w, "min_items", &n.to_string());
    }
    if let Some(n) = c.max_items {
        call(w, "max_items", &n.to_string());
    }
    match &shape.ty {
        Type::Named(id) => {
            let def = api.type_def(*id);
            match &def.kind {
                TypeKind::Alias(inner) if api.needs_checks(inner) => {
                    shape_checks(w, api, inner, value);
                }
                TypeKind::Alias(_) => {}
                // A method call borrows by itself: `&params.mode.check(..)` would borrow its
                // result.
                _ if def.validated => w.line(&format!(
                    "{}.check(validator);",
                    value.strip_prefix('&').unwrap_or(value)
                )),
                _ => {}
            }
        }
        Type::Array(item) if api.needs_checks(item) => {
            w.open(&format!(
                "for (index, item) in {value}.iter().enumerate() {{"
            ));
            w.line("validator.enter_index(index);");
            shape_checks(w, api, item, "item");
            w.line("validator.leave();");
            w.close("}");
        }
        Type::Map(item) if api.needs_checks(item) => {
            w.open(&format!("for (key, item) in {value} {{"));
            w.line("validator.enter_key(key);");
            shape_checks(w, api, item, "item");
            w.line("validator.leave();");
            w.close("}");
        }
        Type::Option(inner) if api.needs_checks(inner) => {
            w.open(&format!("if let Some(inner) = {value} {{"));
            shape_checks(w, api, inner, "inner");
            w.close("}");
        }
        _ => {}
    }
    w.out.len() > start
}

/// A bound's literal, typed like the value it bounds.
fn bound_text(literal: &Literal, ty: &Type) -> String {
    match (literal, ty) {
        (Literal::Int(n), Type::I32) => format!("{}i32", *n as i32),
        (Literal::Int(n), Type::Scalar(scalar)) => format!("{n}{}", scalar.rust()),
        (Literal::Int(n), _) => format!("{n}i64"),
        (Literal::Float(f), ty) => float_text(*f, ty),
        (Literal::Decimal { mantissa, scale }, _) => {
            format!("::rust_decimal::Decimal::new({mantissa}, {scale})")
        }
        // Lowering gives bounds only to numbers; anything else is shown as a string.
        (other, _) => string_lit(&format!("{other:?}")),
    }
}

/// A float literal with its type's suffix (`0f64`, `1.5f64`), or the constant for a value that
/// is not finite.
fn float_text(f: f64, ty: &Type) -> String {
    let (value, suffix) = match ty {
        Type::F32 => (f64::from(f as f32), "f32"),
        _ => (f, "f64"),
    };
    if value.is_nan() {
        format!("{suffix}::NAN")
    } else if value.is_infinite() {
        let sign = if value < 0.0 { "NEG_" } else { "" };
        format!("{suffix}::{sign}INFINITY")
    } else if suffix == "f32" {
        format!("{}f32", f as f32)
    } else {
        format!("{f}f64")
    }
}
