//! Values written in a schema: `default`s checked against their type and turned into
//! literals, and the docs of a schema (its prose, and notes on its constraints and default).

use serde_json::Value;

use super::Lowerer;
use crate::diag::pointer_join;
use crate::doc::Schema;
use crate::ir::{Constraints, Docs, EnumValue, Literal, Type, TypeDef, TypeId, TypeKind};

impl Lowerer<'_> {
    /// Checks a `default` against the field type and turns it into a literal. A default that
    /// does not fit, or that has no Rust literal (an object for a struct), is left to the
    /// server: the field stays optional, its docs show the default, and a warning says so.
    pub(super) fn literal(&mut self, value: &Value, ty: &Type, pointer: &str) -> Option<Literal> {
        // `default: null`: without the field, the value is null, as an optional field reads.
        if value.is_null() {
            return None;
        }
        let literal = self.literal_of(value, ty);
        if literal.is_none() {
            self.diag.warning(
                &pointer_join(pointer, "default"),
                format!("the default {value} does not fit the field's type or has no Rust literal; the field is optional and the server applies its default"),
                "give a default of the schema's own type, or remove it",
            );
        }
        literal
    }

    fn literal_of(&self, value: &Value, ty: &Type) -> Option<Literal> {
        let ty = &self.through_aliases(ty);
        match (ty, value) {
            (Type::String, Value::String(s)) => Some(Literal::String(s.clone())),
            (Type::Bool, Value::Bool(b)) => Some(Literal::Bool(*b)),
            (Type::I32, Value::Number(n)) => n
                .as_i64()
                .filter(|n| i32::try_from(*n).is_ok())
                .map(Literal::Int),
            (Type::I64, Value::Number(n)) => n.as_i64().map(Literal::Int),
            (Type::Scalar(scalar), Value::Number(n)) => {
                let (min, max) = scalar.range()?;
                n.as_i64()
                    .filter(|n| (min..=max).contains(&i128::from(*n)))
                    .map(Literal::Int)
            }
            (Type::F32 | Type::F64, Value::Number(n)) => n.as_f64().map(Literal::Float),
            (Type::Decimal, Value::Number(n)) => decimal_literal(&n.to_string()),
            (Type::Named(id), value) => self.enum_literal(*id, value),
            (Type::Array(item), Value::Array(values)) => values
                .iter()
                .map(|v| self.literal_of(v, &item.ty))
                .collect::<Option<Vec<_>>>()
                .map(Literal::List),
            (Type::Map(_), Value::Object(entries)) if entries.is_empty() => {
                Some(Literal::List(Vec::new()))
            }
            (Type::Json, value) => Some(Literal::Json(value.to_string())),
            _ => None,
        }
    }

    /// What `ty` stands for through any aliases lowered so far (a bounded number of them, so
    /// an alias cycle, reported elsewhere, ends).
    pub(super) fn through_aliases(&self, ty: &Type) -> Type {
        let mut ty = ty.clone();
        for _ in 0..self.slots.len() {
            let Type::Named(id) = &ty else { break };
            match self.slots.get(id.0).and_then(Option::as_ref) {
                Some(TypeDef {
                    kind: TypeKind::Alias(shape),
                    ..
                }) => ty = shape.ty.clone(),
                _ => break,
            }
        }
        ty
    }

    pub(super) fn enum_literal(&self, id: TypeId, value: &Value) -> Option<Literal> {
        let def = self.slots.get(id.0)?.as_ref()?;
        let TypeKind::Enum(e) = &def.kind else {
            return None;
        };
        let variant = e.variants.iter().find(|v| match (&v.value, value) {
            (EnumValue::String(s), Value::String(w)) => s == w,
            (EnumValue::Integer(n), Value::Number(w)) => Some(*n) == w.as_i64(),
            _ => false,
        })?;
        Some(Literal::Variant {
            ty: id,
            variant: variant.name.clone(),
        })
    }

    /// The docs of a schema: its description, then notes on its constraints and default.
    pub(super) fn docs(data: &Schema, constraints: &Constraints) -> Docs {
        let mut notes = Vec::new();
        if let Some(n) = constraints.min_length {
            notes.push(format!("Min length: {n}."));
        }
        if let Some(n) = constraints.max_length {
            notes.push(format!("Max length: {n}."));
        }
        if let Some(pattern) = &constraints.pattern {
            notes.push(format!("Pattern: `{pattern}`."));
        }
        for (label, bound) in [
            ("Minimum", &constraints.minimum),
            ("Maximum", &constraints.maximum),
        ] {
            if let Some(bound) = bound {
                let exclusive = if bound.exclusive { " (exclusive)" } else { "" };
                notes.push(format!(
                    "{label}: {}{exclusive}.",
                    show_literal(&bound.value)
                ));
            }
        }
        if let Some(n) = constraints.min_items {
            notes.push(format!("At least {n} item(s)."));
        }
        if let Some(n) = constraints.max_items {
            notes.push(format!("At most {n} item(s)."));
        }
        if let Some(default) = &data.default {
            notes.push(format!("Default: `{default}`."));
        }
        // 3.1 writes `examples`, a list: its first stands for the one example 3.0 writes.
        let example = data
            .example
            .as_ref()
            .or_else(|| data.examples.as_ref().and_then(|e| e.first()));
        Docs {
            title: data.title.clone(),
            description: data.description.clone(),
            notes,
            example: example.map(Value::to_string),
        }
    }
}

/// `"-12.50"` -> mantissa `-1250`, scale `2`; `None` for exponents or more than i64 holds.
pub(super) fn decimal_literal(text: &str) -> Option<Literal> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mantissa: i64 = format!("{whole}{fraction}").parse().ok()?;
    Some(Literal::Decimal {
        mantissa: if negative { -mantissa } else { mantissa },
        scale: u32::try_from(fraction.len())
            .ok()
            .filter(|scale| *scale <= 28)?,
    })
}

pub(super) fn show_literal(value: &Literal) -> String {
    match value {
        Literal::String(s) => format!("{s:?}"),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(n) => n.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Decimal { mantissa, scale } => rust_decimal_text(*mantissa, *scale),
        Literal::Variant { variant, .. } => variant.clone(),
        Literal::List(items) => {
            let items: Vec<String> = items.iter().map(show_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Literal::Json(text) => text.clone(),
    }
}

pub(super) fn rust_decimal_text(mantissa: i64, scale: u32) -> String {
    let digits = mantissa.unsigned_abs().to_string();
    let sign = if mantissa < 0 { "-" } else { "" };
    let scale = scale as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}
