//! The models of `types.rs` written as source text, for speed: a spec of thousands of schemas
//! becomes a million and more lines of models, and building them as tokens, parsing those into
//! a syntax tree and printing it costs several times what writing the text does.
//!
//! The text is exactly what prettyplease prints for the tokens `types.rs` builds for the same
//! model (those remain the reference, and the fallback): every line that prettyplease could
//! break is written only when it is short enough that it certainly does not. When a model has a
//! construct written here in no other way, or a line that prettyplease might break, `model`
//! returns `None` and the caller formats the model's tokens instead.

use std::fmt::Write as _;

use super::docs;
use super::types::{constructor_doc, default_doc, default_fn_name, CLIPPY_MAX_ARGS};
use crate::ir::{
    Access, Additional, Api, Enum, EnumRepr, EnumValue, Field, Literal, Presence, Shape, Struct,
    Type, TypeDef, TypeKind, VendorDate,
};
use crate::lower::shape_needs;

/// prettyplease's margin: a group (arguments, generics, an attribute's list) is broken when the
/// text from its start to the next possible break after it goes past this column. Every line
/// written here ends where prettyplease breaks the line anyway, so a line that fits the margin
/// is printed whole, and a longer one is written only where its broken form is written too.
const MARGIN: usize = 89;

/// Source text at an indentation depth, and whether every line so far is one prettyplease
/// would print the same.
struct Writer {
    out: String,
    depth: usize,
    ok: bool,
}

impl Writer {
    fn new() -> Self {
        Writer {
            out: String::with_capacity(4096),
            depth: 0,
            ok: true,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
    }

    /// A line of code that prettyplease could break if it were long.
    fn line(&mut self, text: &str) {
        if self.depth * 4 + text.len() > MARGIN {
            self.ok = false;
        }
        self.indent();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// An attribute line.
    fn attr(&mut self, text: &str) {
        if self.depth * 4 + text.len() > MARGIN {
            self.ok = false;
        }
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

    /// Doc comments: prettyplease prints `#[doc = " text"]` as `/// text` without its trailing
    /// spaces, and never breaks it.
    fn docs(&mut self, lines: &[String]) {
        for line in lines {
            if line.contains('\n') {
                self.ok = false;
            }
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

/// The items of one model (definition, constructor, impls, `Validate`), or `None` when the
/// tokens must be formatted instead.
pub fn model(api: &Api, def: &TypeDef) -> Option<String> {
    // A request type built from a response type (read-modify-write) has an impl the tokens
    // path writes.
    if api.read_backs_into(def).next().is_some() {
        return None;
    }
    let mut w = Writer::new();
    match &def.kind {
        TypeKind::Struct(s) => write_struct(&mut w, api, def, s)?,
        TypeKind::Enum(e) => write_enum(&mut w, def, e),
        TypeKind::Alias(shape) => {
            model_docs(&mut w, def);
            let ty = rust_type(api, shape);
            w.line(&format!("pub type {} = {ty};", def.name));
        }
        TypeKind::Untagged(_) => return None,
    }
    write_validate(&mut w, api, def)?;
    w.ok.then_some(w.out)
}

fn model_docs(w: &mut Writer, def: &TypeDef) {
    w.docs(&docs::lines(&def.docs, &default_doc(def)));
    if def.deprecated {
        w.attr("#[deprecated]");
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
        Type::VendorDate(VendorDate::Dmy) => return out.push_str("crate::runtime::DmyDate"),
        Type::VendorDate(VendorDate::DmyTime) => {
            return out.push_str("crate::runtime::DmyDateTime")
        }
        Type::VendorDate(VendorDate::YmdTime) => {
            return out.push_str("crate::runtime::YmdDateTime")
        }
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
        Presence::OptionalNullable => format!("Nullable<{ty}>"),
    }
}

fn write_struct(w: &mut Writer, api: &Api, def: &TypeDef, s: &Struct) -> Option<()> {
    if s.fields.is_empty() && matches!(s.additional, Additional::Dropped) {
        return None; // `pub struct X {}`: rare, left to prettyplease
    }
    model_docs(w, def);
    let needs_new = s.fields.iter().any(|f| {
        matches!(
            f.presence(),
            Presence::Required | Presence::RequiredNullable | Presence::Defaulted
        )
    });
    w.attr(if needs_new {
        "#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]"
    } else {
        "#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]"
    });
    w.open(&format!("pub struct {} {{", def.name));
    for field in &s.fields {
        let fallback = format!("The `{}` property.", field.wire_name);
        let mut lines = docs::lines(&field.docs, &fallback);
        let skip = field.access == Access::ReadOnly && def.usage.request;
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
            w.attr("#[deprecated]");
        }
        let mut serde = Vec::new();
        if field.name != field.wire_name {
            serde.push(format!("rename = {}", string_lit(&field.wire_name)));
        }
        for alias in &field.aliases {
            serde.push(format!("alias = {}", string_lit(alias)));
        }
        match field.presence() {
            Presence::Required | Presence::RequiredNullable => {}
            Presence::Defaulted => {
                let path = format!("{}::{}", def.name, default_fn_name(field));
                serde.push(format!("default = {}", string_lit(&path)));
            }
            Presence::Optional | Presence::OptionalNullable if skip => {
                serde.extend(["default".to_owned(), "skip_serializing".to_owned()])
            }
            Presence::Optional => serde.extend([
                "default".to_owned(),
                "skip_serializing_if = \"Option::is_none\"".to_owned(),
            ]),
            Presence::OptionalNullable => serde.extend([
                "default".to_owned(),
                "skip_serializing_if = \"Nullable::is_absent\"".to_owned(),
            ]),
        }
        if !serde.is_empty() {
            // An attribute too long for the margin has one argument a line.
            let one_line = format!("#[serde({})]", serde.join(", "));
            match fits(w.depth, &one_line) {
                Some(true) => w.attr(&one_line),
                Some(false) => {
                    w.open("#[serde(");
                    let last = serde.len() - 1;
                    for (i, part) in serde.iter().enumerate() {
                        w.line(&if i == last {
                            part.clone()
                        } else {
                            format!("{part},")
                        });
                    }
                    w.close(")]");
                }
                None => return None,
            }
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
            w.attr("#[serde(flatten)]");
            w.line(&format!(
                "pub {field}: ::std::collections::BTreeMap<String, ::serde_json::Value>,"
            ));
        }
        Additional::Typed { field, value } => {
            w.doc("Further properties, by name (`additionalProperties`).");
            w.attr("#[serde(flatten)]");
            w.line(&format!(
                "pub {field}: ::std::collections::BTreeMap<String, {}>,",
                rust_type(api, value)
            ));
        }
    }
    w.close("}");
    if needs_new {
        write_constructor(w, api, def, s)?;
    }
    Some(())
}

fn write_constructor(w: &mut Writer, api: &Api, def: &TypeDef, s: &Struct) -> Option<()> {
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
                let function = default_fn_name(field);
                let ty = rust_type(api, &field.shape);
                let value = match &field.default {
                    Some(literal) => literal_text(api, literal, &field.shape.ty)?,
                    None => "Default::default()".to_owned(),
                };
                let doc = format!("The spec's default for `{}`.", field.wire_name);
                default_fns.push((doc, format!("fn {function}() -> {ty} {{"), value));
                inits.push(format!("{ident}: Self::{function}()"));
            }
            Presence::Optional => inits.push(format!("{ident}: None")),
            Presence::OptionalNullable => inits.push(format!("{ident}: Nullable::Absent")),
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
        w.attr("#[allow(clippy::too_many_arguments)]");
    }
    // A list that fits is written on one line, one that certainly does not fit one item a
    // line; in between, prettyplease decides.
    let one_line = format!("pub fn new({}) -> Self {{", params.join(", "));
    match fits(w.depth, &one_line) {
        Some(true) => w.open(&one_line),
        Some(false) => {
            w.open("pub fn new(");
            for param in &params {
                w.line(&format!("{param},"));
            }
            w.depth -= 1;
            w.open(") -> Self {");
        }
        None => return None,
    }
    let one_line = if inits.is_empty() {
        "Self {}".to_owned()
    } else {
        format!("Self {{ {} }}", inits.join(", "))
    };
    // prettyplease also breaks a struct literal wider than 34 columns when it would fit.
    let literal = match one_line.len() {
        ..=33 => fits(w.depth, &one_line),
        34..=37 => None,
        _ => Some(false),
    };
    match literal {
        Some(true) => w.line(&one_line),
        Some(false) => {
            w.open("Self {");
            for init in &inits {
                w.line(&format!("{init},"));
            }
            w.close("}");
        }
        None => return None,
    }
    w.close("}");
    for (doc, signature, value) in default_fns {
        w.doc(&doc);
        w.open(&signature);
        w.line(&value);
        w.close("}");
    }
    w.close("}");
    Some(())
}

/// Whether `line` at `depth` fits the margin.
fn fits(depth: usize, line: &str) -> Option<bool> {
    Some(depth * 4 + line.len() <= MARGIN)
}

fn literal_text(api: &Api, literal: &Literal, ty: &Type) -> Option<String> {
    Some(match literal {
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
        Literal::Float(f) => float_text(*f, ty)?,
    })
}

fn write_enum(w: &mut Writer, def: &TypeDef, e: &Enum) {
    let name = &def.name;
    let unknown = &e.unknown;
    model_docs(w, def);
    let string = e.repr == EnumRepr::String;
    w.attr(if string {
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
        w.doc(&doc);
        w.line(&format!("{},", variant.name));
        values.push(value);
    }
    w.doc("A value the spec does not list, kept as it was sent.");
    w.line(&format!(
        "{unknown}({}),",
        if string { "String" } else { "i64" }
    ));
    w.close("}");
    let arms = |w: &mut Writer, forward: bool| {
        for (variant, value) in e.variants.iter().zip(&values) {
            if forward {
                w.line(&format!("Self::{} => {value},", variant.name));
            } else {
                w.line(&format!("{value} => Self::{},", variant.name));
            }
        }
    };
    w.open(&format!("impl {name} {{"));
    w.doc("The value as it is written on the wire.");
    w.open(if string {
        "pub fn as_str(&self) -> &str {"
    } else {
        "pub fn value(self) -> i64 {"
    });
    w.open("match self {");
    arms(w, true);
    w.line(&format!("Self::{unknown}(value) => value,"));
    w.close("}");
    w.close("}");
    w.close("}");
    if string {
        w.open(&format!("impl ::std::fmt::Display for {name} {{"));
        w.open("fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {");
        w.line("f.write_str(self.as_str())");
        w.close("}");
        w.close("}");
        w.open(&format!("impl ::std::str::FromStr for {name} {{"));
        w.line("type Err = ::std::convert::Infallible;");
        w.open("fn from_str(value: &str) -> Result<Self, Self::Err> {");
        w.open("Ok(");
        w.open("match value {");
        arms(w, false);
        w.line(&format!("other => Self::{unknown}(other.to_owned()),"));
        w.close("},");
        w.close(")");
        w.close("}");
        w.close("}");
    } else {
        w.open(&format!("impl From<i64> for {name} {{"));
        w.open("fn from(value: i64) -> Self {");
        w.open("match value {");
        arms(w, false);
        w.line(&format!("other => Self::{unknown}(other),"));
        w.close("}");
        w.close("}");
        w.close("}");
        w.open(&format!("impl From<{name}> for i64 {{"));
        w.open(&format!("fn from(value: {name}) -> Self {{"));
        w.line("value.value()");
        w.close("}");
        w.close("}");
        w.open(&format!("impl ::std::fmt::Display for {name} {{"));
        w.open("fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {");
        w.line("write!(f, \"{}\", self.value())");
        w.close("}");
        w.close("}");
        w.open(&format!("impl ::std::str::FromStr for {name} {{"));
        w.line("type Err = ::std::num::ParseIntError;");
        w.open("fn from_str(value: &str) -> Result<Self, Self::Err> {");
        w.line("value.parse::<i64>().map(Self::from)");
        w.close("}");
        w.close("}");
    }
    w.open(&format!("impl ::serde::Serialize for {name} {{"));
    w.open("fn serialize<S: ::serde::Serializer>(");
    w.line("&self,");
    w.line("serializer: S,");
    w.depth -= 1;
    w.open(") -> Result<S::Ok, S::Error> {");
    w.line(if string {
        "serializer.serialize_str(self.as_str())"
    } else {
        "serializer.serialize_i64(self.value())"
    });
    w.close("}");
    w.close("}");
    w.open(&format!(
        "impl<'de> ::serde::Deserialize<'de> for {name} {{"
    ));
    w.open("fn deserialize<D: ::serde::Deserializer<'de>>(");
    w.line("deserializer: D,");
    w.depth -= 1;
    w.open(") -> Result<Self, D::Error> {");
    if string {
        w.line("let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;");
        w.line("let Ok(parsed) = value.parse();");
        w.line("Ok(parsed)");
    } else {
        w.line("<i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)");
    }
    w.close("}");
    w.close("}");
    w.open(&format!("impl crate::runtime::OpenEnum for {name} {{"));
    w.open("fn is_known(&self) -> bool {");
    w.line(&format!("!matches!(self, Self::{unknown}(_))"));
    w.close("}");
    w.close("}");
}

/// `validate::emit_validate` as text.
fn write_validate(w: &mut Writer, api: &Api, def: &TypeDef) -> Option<()> {
    if !def.usage.request {
        return Some(());
    }
    let mut body = Writer {
        out: String::new(),
        depth: w.depth + 2,
        ok: true,
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in s
                .fields
                .iter()
                .filter(|f| shape_needs(&api.types, &f.shape))
            {
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
                        "if let Nullable::Value(value) = &self.{} {{",
                        field.name
                    )),
                };
                if let Some(opening) = &opening {
                    body.open(opening);
                }
                if !shape_checks(&mut body, api, &field.shape, "value")? {
                    return None;
                }
                if opening.is_some() {
                    body.close("}");
                }
                body.line("validator.leave();");
            }
            match &s.additional {
                Additional::Typed { field, value } if shape_needs(&api.types, value) => {
                    body.open(&format!("for (key, value) in &self.{field} {{"));
                    body.line("validator.enter_key(key);");
                    if !shape_checks(&mut body, api, value, "value")? {
                        return None;
                    }
                    body.line("validator.leave();");
                    body.close("}");
                }
                _ => {}
            }
        }
        TypeKind::Enum(_) => body.line("validator.known(self);"),
        TypeKind::Alias(_) => return Some(()),
        TypeKind::Untagged(_) => return None,
    }
    if !body.ok {
        return None;
    }
    w.open(&format!("impl Validate for {} {{", def.name));
    if body.out.is_empty() {
        w.line("fn check(&self, _validator: &mut Validator) {}");
    } else {
        w.open("fn check(&self, validator: &mut Validator) {");
        w.out.push_str(&body.out);
        w.close("}");
    }
    w.close("}");
    Some(())
}

/// `validate::shape_checks` as text: whether it wrote any statement, or `None` for a bound
/// left to prettyplease.
fn shape_checks(w: &mut Writer, api: &Api, shape: &Shape, value: &str) -> Option<bool> {
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
        let limit = bound_text(&bound.value, &shape.ty)?;
        call(w, "minimum", &format!("{limit}, {}", bound.exclusive));
    }
    if let Some(bound) = &c.maximum {
        let limit = bound_text(&bound.value, &shape.ty)?;
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
                TypeKind::Alias(inner) if shape_needs(&api.types, inner) => {
                    shape_checks(w, api, inner, value)?;
                }
                TypeKind::Alias(_) => {}
                _ if def.validated => w.line(&format!("{value}.check(validator);")),
                _ => {}
            }
        }
        Type::Array(item) if shape_needs(&api.types, item) => {
            w.open(&format!(
                "for (index, item) in {value}.iter().enumerate() {{"
            ));
            w.line("validator.enter_index(index);");
            if !shape_checks(w, api, item, "item")? {
                return None;
            }
            w.line("validator.leave();");
            w.close("}");
        }
        Type::Map(item) if shape_needs(&api.types, item) => {
            w.open(&format!("for (key, item) in {value} {{"));
            w.line("validator.enter_key(key);");
            if !shape_checks(w, api, item, "item")? {
                return None;
            }
            w.line("validator.leave();");
            w.close("}");
        }
        Type::Option(inner) if shape_needs(&api.types, inner) => {
            w.open(&format!("if let Some(inner) = {value} {{"));
            if !shape_checks(w, api, inner, "inner")? {
                return None;
            }
            w.close("}");
        }
        _ => {}
    }
    Some(w.out.len() > start)
}

fn bound_text(literal: &Literal, ty: &Type) -> Option<String> {
    let mut out = String::new();
    match (literal, ty) {
        (Literal::Int(n), Type::I32) => write!(out, "{}i32", *n as i32).ok()?,
        (Literal::Int(n), _) => write!(out, "{n}i64").ok()?,
        (Literal::Float(f), ty) => return float_text(*f, ty),
        (Literal::Decimal { mantissa, scale }, _) => {
            write!(out, "::rust_decimal::Decimal::new({mantissa}, {scale})").ok()?
        }
        // Anything else is a string literal of its debug form: left to prettyplease.
        _ => return None,
    }
    Some(out)
}

/// A float as `proc_macro2::Literal::f32_suffixed`/`f64_suffixed` spell it (`0f64`, `1.5f64`);
/// they refuse what is not finite, which is left to them.
fn float_text(f: f64, ty: &Type) -> Option<String> {
    match ty {
        Type::F32 => (f as f32).is_finite().then(|| format!("{}f32", f as f32)),
        _ => f.is_finite().then(|| format!("{f}f64")),
    }
}
