//! Enums and unions: `enum` values into variants, `oneOf`/`anyOf` branches into the variants
//! of an untagged union, and a discriminator into the value that chooses each.

use super::schema::{branches, wrap_nullable};
use super::Lowerer;
use crate::diag::pointer_join;
use crate::doc::Schema;
use crate::ir::{
    self, Enum, EnumRepr, EnumValue, Type, TypeKind, Untagged, UntaggedVariant, Variant,
};
use crate::names::{self, Scope};

const ENUM_VARNAMES: &str = "x-enum-varnames";

impl Lowerer<'_> {
    pub(super) fn lower_enum(
        &mut self,
        repr: EnumRepr,
        values: Vec<EnumValue>,
        data: &Schema,
        pointer: &str,
    ) -> TypeKind {
        let given_names = self.enum_varnames(data, values.len(), pointer);
        // `x-enum-descriptions`: one description (or null) per value.
        let descriptions: Vec<Option<String>> = match data.extensions.get("x-enum-descriptions") {
            Some(serde_json::Value::Array(items)) if items.len() == values.len() => items
                .iter()
                .map(|d| d.as_str().map(str::to_owned))
                .collect(),
            _ => vec![None; values.len()],
        };
        let mut scope = Scope::default();
        let mut variants: Vec<Variant> = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            if variants.iter().any(|v| v.value == value) {
                self.diag.warning(
                    &format!("{pointer}/enum/{i}"),
                    format!(
                        "enum value {} is listed twice; the second is ignored",
                        show(&value)
                    ),
                    "remove the duplicate",
                );
                continue;
            }
            let wanted = match (&given_names, &value) {
                (Some(names), _) => names::variant_name(&names[i]),
                (None, EnumValue::String(s)) => names::variant_name(s),
                (None, EnumValue::Integer(n)) => names::integer_variant_name(*n),
            };
            let xml_name = match (&given_names, &value) {
                (_, EnumValue::String(s)) => Some(s.clone()),
                (Some(names), EnumValue::Integer(_)) => Some(names[i].clone()),
                (None, EnumValue::Integer(_)) => None,
            };
            variants.push(Variant {
                name: scope.claim(wanted),
                docs: descriptions[i].clone(),
                value,
                xml_name,
            });
        }
        TypeKind::Enum(Enum {
            repr,
            variants,
            unknown: scope.claim("Unknown".to_owned()),
        })
    }

    pub(super) fn enum_varnames(
        &mut self,
        data: &Schema,
        count: usize,
        pointer: &str,
    ) -> Option<Vec<String>> {
        let value = data.extensions.get(ENUM_VARNAMES)?;
        let names: Option<Vec<String>> = value.as_array().map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
        match names {
            Some(names)
                if names.len() == count && value.as_array().map(Vec::len) == Some(count) =>
            {
                Some(names)
            }
            _ => {
                self.diag.error(
                    &pointer_join(pointer, ENUM_VARNAMES),
                    format!(
                        "x-enum-varnames must be a list of {count} strings, one per enum value"
                    ),
                    "give one variant name per value, in the order of `enum`",
                );
                None
            }
        }
    }

    pub(super) fn lower_untagged(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
    ) -> TypeKind {
        let branches = branches(schema);
        let keyword = if schema.one_of.is_some() {
            "oneOf"
        } else {
            "anyOf"
        };
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/{keyword}/{i}");
            let lowered = self.lower_shape(
                branch.into(),
                &branch_pointer,
                &format!("{name} Variant{i}"),
            );
            let wanted = match &lowered.shape.ty {
                Type::Named(other) => self
                    .slots
                    .get(other.0)
                    .and_then(|slot| slot.as_ref().map(|d| d.name.clone()))
                    .or_else(|| self.pending_names.get(other).cloned())
                    .unwrap_or_else(|| format!("Variant{i}")),
                ty => scalar_variant_name(ty).to_owned(),
            };
            variants.push(UntaggedVariant {
                name: scope.claim(names::variant_name(&wanted)),
                shape: wrap_nullable(lowered),
                boxed: false,
            });
        }
        let discriminator = schema
            .discriminator
            .as_ref()
            .and_then(|d| self.discriminator(d, branches, &pointer_join(pointer, "discriminator")));
        TypeKind::Untagged(Untagged {
            variants,
            discriminator,
        })
    }

    /// The value of the discriminator property for each branch: the `mapping` key that names the
    /// branch's schema, else the schema's name. Every branch must be a `$ref`.
    pub(super) fn discriminator(
        &mut self,
        discriminator: &crate::doc::Discriminator,
        branches: &[Schema],
        pointer: &str,
    ) -> Option<ir::Discriminator> {
        let mut values = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let Some(reference) = &branch.reference else {
                // A branch written in place names its value in the property itself.
                if let Some(value) = written_value(branch, &discriminator.property_name) {
                    if values.contains(&value) {
                        self.diag.error(
                            pointer,
                            format!("discriminator value `{value}` names two branches"),
                            "give every branch its own value",
                        );
                        return None;
                    }
                    values.push(value);
                    continue;
                }
                self.diag.warning(
                    pointer,
                    format!("branch {i} is written in place and does not fix the value of `{}`; the branches are told apart by their shape, in order", discriminator.property_name),
                    "move the branch to components/schemas and refer to it, or give the property a single `enum` value",
                );
                return None;
            };
            let schema_name = reference.rsplit('/').next().unwrap_or(reference);
            let mapped = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference || target.as_str() == schema_name)
                .map(|(value, _)| value.clone());
            let value = mapped.unwrap_or_else(|| schema_name.to_owned());
            if values.contains(&value) {
                self.diag.error(
                    pointer,
                    format!("discriminator value `{value}` names two branches"),
                    "give every branch its own value in `mapping`",
                );
                return None;
            }
            values.push(value);
        }
        for (value, target) in &discriminator.mapping {
            let known = branches.iter().any(|b| {
                b.reference.as_ref().is_some_and(|reference| {
                    reference == target || reference.rsplit('/').next() == Some(target.as_str())
                })
            });
            if !known {
                self.diag.warning(
                    &pointer_join(&pointer_join(pointer, "mapping"), value),
                    format!("mapping `{value}` names `{target}`, which is not a branch; the entry is ignored"),
                    "map only to the schemas listed in oneOf/anyOf",
                );
            }
        }
        Some(ir::Discriminator {
            property: discriminator.property_name.clone(),
            values,
        })
    }
}

pub(super) fn scalar_variant_name(ty: &Type) -> &'static str {
    match ty {
        Type::String => "String",
        Type::Bool => "Boolean",
        Type::I32 | Type::I64 => "Integer",
        Type::F32 | Type::F64 | Type::Decimal => "Number",
        Type::Date => "Date",
        Type::DateTime => "DateTime",
        Type::Uuid => "Uuid",
        Type::VendorDate(_) => "Date",
        Type::Scalar(scalar) if scalar.range().is_some() => "Integer",
        Type::Scalar(_) => "IpAddr",
        Type::Json => "Value",
        Type::Array(_) => "Array",
        Type::Map(_) => "Map",
        Type::Option(_) => "Nullable",
        Type::Named(_) => "Named",
    }
}

pub(super) fn show(value: &EnumValue) -> String {
    match value {
        EnumValue::String(s) => format!("{s:?}"),
        EnumValue::Integer(n) => n.to_string(),
    }
}

/// The one value a branch written in place gives its discriminator property (`enum: [v]` or
/// `const: v`).
fn written_value(branch: &Schema, property: &str) -> Option<String> {
    let schema = branch.properties.as_ref()?.get(property)?;
    match (&schema.constant, schema.enumeration.as_deref()) {
        (Some(serde_json::Value::String(value)), _) => Some(value.clone()),
        (None, Some([serde_json::Value::String(value)])) => Some(value.clone()),
        _ => None,
    }
}
