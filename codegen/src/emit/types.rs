//! Models: structs, enums, unions and aliases, with serde and constructors.

use proc_macro2::{Literal as LitToken, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use super::validate;
use crate::ir::{
    Access, Additional, Api, Enum, EnumRepr, EnumValue, Field, Literal, Presence, Shape, Struct,
    Type, TypeDef, TypeKind, Untagged, VendorDate,
};

/// Constructors with more parameters than this are allowed past clippy's `too_many_arguments`:
/// the parameters are the spec's required fields, and a builder would hide which those are.
pub(super) const CLIPPY_MAX_ARGS: usize = 7;

/// The items of one model: its definition, constructor, trait impls and `Validate` impl.
pub fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let item = match &def.kind {
        TypeKind::Struct(s) => emit_struct(api, def, s),
        TypeKind::Enum(e) => emit_enum(def, e),
        TypeKind::Untagged(u) => emit_untagged(api, def, u),
        TypeKind::Alias(shape) => {
            let docs = model_docs(def);
            let name = format_ident!("{}", def.name);
            let ty = rust_type(api, shape);
            quote! { #docs pub type #name = #ty; }
        }
    };
    let checks = validate::emit_validate(api, def);
    let read_backs = emit_read_backs(api, def);
    quote! { #item #checks #read_backs }
}

/// `TryFrom<&Current> for Request` for each read-modify-write whose request type is `def`.
fn emit_read_backs(api: &Api, def: &TypeDef) -> TokenStream {
    let impls = api
        .read_backs_into(def)
        .map(|read_back| {
            let request = format_ident!("{}", def.name);
            let current_name = &api.type_def(read_back.current).name;
            let current_type = format_ident!("{}", current_name);
            let mut lets = Vec::new();
            let mut required = Vec::new();
            let mut inits = Vec::new();
            // The values the request requires are bound under their field names: the value
            // read is named so that none of them hides it (a field name ends in `_` only when
            // it escapes a keyword).
            let current = if read_back.fields.iter().any(|f| f.request_field == "current") {
                format_ident!("current_")
            } else {
                format_ident!("current")
            };
            for field in &read_back.fields {
                let to = format_ident!("{}", field.request_field);
                let from = format_ident!("{}", field.current_field);
                let value = if super::is_copy(api, &field.shape) {
                    quote! { #current.#from }
                } else {
                    quote! { #current.#from.clone() }
                };
                // The value as an `Option`: `None` when `current` has none.
                let option = match field.current {
                    Presence::Required | Presence::Defaulted => quote! { Some(#value) },
                    Presence::RequiredNullable | Presence::Optional => value.clone(),
                    Presence::OptionalNullable => quote! { #value.into_option() },
                };
                let always = matches!(field.current, Presence::Required | Presence::Defaulted);
                match field.request {
                    // `current` always has it.
                    Presence::Required | Presence::Defaulted if always => {
                        inits.push(quote! { #to: #value })
                    }
                    Presence::RequiredNullable if always => {
                        inits.push(quote! { #to: Some(#value) })
                    }
                    Presence::RequiredNullable if field.current == Presence::RequiredNullable => {
                        inits.push(quote! { #to: #value })
                    }
                    Presence::Required | Presence::Defaulted => {
                        lets.push(quote! { let #to = #option; });
                        required.push((to.clone(), field.wire_name.clone()));
                        inits.push(quote! { #to });
                    }
                    // Null or a value, required: `None` when `current` does not say which.
                    Presence::RequiredNullable => {
                        let known = match field.current {
                            Presence::Required | Presence::Defaulted => {
                                quote! { Some(Some(#value)) }
                            }
                            Presence::RequiredNullable => quote! { Some(#value) },
                            Presence::Optional => quote! { #value.map(Some) },
                            Presence::OptionalNullable => quote! { #value.into_known() },
                        };
                        lets.push(quote! { let #to = #known; });
                        required.push((to.clone(), field.wire_name.clone()));
                        inits.push(quote! { #to });
                    }
                    Presence::Optional => inits.push(quote! { #to: #option }),
                    Presence::OptionalNullable => {
                        let nullable = match field.current {
                            Presence::Required | Presence::Defaulted => {
                                quote! { Nullable::Value(#value) }
                            }
                            Presence::RequiredNullable => {
                                quote! { #value.map_or(Nullable::Null, Nullable::Value) }
                            }
                            Presence::Optional => {
                                quote! { #value.map_or(Nullable::Absent, Nullable::Value) }
                            }
                            Presence::OptionalNullable => value,
                        };
                        inits.push(quote! { #to: #nullable });
                    }
                }
            }
            if let Some((field, from)) = &read_back.unknown {
                let field = format_ident!("{}", field);
                inits.push(match from {
                    Some(from) => {
                        let from = format_ident!("{}", from);
                        quote! { #field: #current.#from.clone() }
                    }
                    None => quote! { #field: Default::default() },
                });
            }
            let body = if required.is_empty() {
                quote! { Ok(Self { #( #inits ),* }) }
            } else {
                let names: Vec<_> = required.iter().map(|(ident, _)| ident).collect();
                let missing = required.iter().map(|(ident, wire)| {
                    quote! { (#wire, #ident.is_none()) }
                });
                quote! {
                    #( #lets )*
                    match ( #( #names, )* ) {
                        ( #( Some(#names), )* ) => Ok(Self { #( #inits ),* }),
                        ( #( #names, )* ) => Err(crate::runtime::ValidationError::missing(
                            #current_name,
                            &[ #( #missing ),* ],
                        )),
                    }
                }
            };
            let unknown = match &read_back.unknown {
                Some((field, Some(from))) => format!(
                    " Properties the spec does not name, kept in `{current_name}::{from}`, are carried into `{field}`."
                ),
                _ => String::new(),
            };
            let doc = docs::doc_attrs(&[
                format!(
                    "The request that puts `current` back as it was read, for a read-modify-write: [`Client::{get}`](super::Client::{get}), a change to the request, then [`Client::{put}`](super::Client::{put}).",
                    get = read_back.get,
                    put = read_back.put,
                ),
                String::new(),
                format!(
                    "Each property comes from the `{current_name}` property of the same name: one that is absent there is left out, one that is `null` is sent as `null` where the request allows it and left out where it does not, and `{current_name}`'s other properties are not sent.{unknown} A property the spec gives a default was given it when read if the server left it out, and is sent with that value. Fails, naming them, when a property the request requires has no value in `current`."
                ),
            ]);
            quote! {
                #doc
                impl ::core::convert::TryFrom<&#current_type> for #request {
                    type Error = crate::runtime::ValidationError;

                    fn try_from(#current: &#current_type) -> Result<Self, Self::Error> {
                        #body
                    }
                }
            }
        });
    quote! { #( #impls )* }
}

/// The start of `types.rs`: its inner docs and attributes and its imports. The models follow,
/// from [`emit_type`].
pub fn emit_types_head(api: &Api) -> TokenStream {
    let uses_nullable = api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .any(|f| f.presence() == Presence::OptionalNullable),
        _ => false,
    });
    let uses_validate = api
        .types
        .iter()
        .any(|def| def.usage.request && !matches!(def.kind, TypeKind::Alias(_)));
    let mut imports = Vec::new();
    if uses_nullable {
        imports.push(quote! { Nullable });
    }
    if uses_validate {
        imports.push(quote! { Validate, Validator });
    }
    let imports =
        (!imports.is_empty()).then(|| quote! { use crate::runtime::{ #( #imports ),* }; });
    // Deprecated items are still used by the generated code around them (constructors, serde,
    // validation); only users' code should be warned.
    let allow_deprecated = any_deprecated(api).then(|| quote! { #![allow(deprecated)] });
    quote! {
        //! The models of the API: every schema of the spec, and every object, enum or union
        //! written in place, named after where it stands.
        #allow_deprecated
        #imports
    }
}

/// A model's rustdoc, and `#[deprecated]` when the spec marks it so.
fn model_docs(def: &TypeDef) -> TokenStream {
    let docs = docs::doc_attrs(&docs::lines(&def.docs, &default_doc(def)));
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    quote! { #docs #deprecated }
}

/// Whether any model or field of the API is deprecated.
pub fn any_deprecated(api: &Api) -> bool {
    api.types.iter().any(|def| {
        def.deprecated
            || matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
    })
}

pub(super) fn default_doc(def: &TypeDef) -> String {
    format!("The `{}` schema ({}).", def.name, def.pointer)
}

/// The Rust type of a shape, as named inside the `types` module.
pub fn rust_type(api: &Api, shape: &Shape) -> TokenStream {
    rust_type_from(api, shape, &quote! {})
}

/// The Rust type of a shape, with `models` (e.g. `types::`) before each model's name.
pub fn rust_type_from(api: &Api, shape: &Shape, models: &TokenStream) -> TokenStream {
    let rust_type = |api: &Api, shape: &Shape| rust_type_from(api, shape, models);
    match &shape.ty {
        Type::Named(id) => {
            let name = format_ident!("{}", api.type_def(*id).name);
            quote! { #models #name }
        }
        Type::String => quote! { String },
        Type::Bool => quote! { bool },
        Type::I32 => quote! { i32 },
        Type::I64 => quote! { i64 },
        Type::F32 => quote! { f32 },
        Type::F64 => quote! { f64 },
        Type::Decimal => quote! { ::rust_decimal::Decimal },
        Type::Date => quote! { ::chrono::NaiveDate },
        Type::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        Type::Uuid => quote! { ::uuid::Uuid },
        Type::VendorDate(VendorDate::Dmy) => quote! { crate::runtime::DmyDate },
        Type::VendorDate(VendorDate::DmyTime) => quote! { crate::runtime::DmyDateTime },
        Type::VendorDate(VendorDate::YmdTime) => quote! { crate::runtime::YmdDateTime },
        Type::Json => quote! { ::serde_json::Value },
        Type::Array(item) => {
            let item = rust_type(api, item);
            quote! { Vec<#item> }
        }
        Type::Map(value) => {
            let value = rust_type(api, value);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        Type::Option(inner) => {
            let inner = rust_type(api, inner);
            quote! { Option<#inner> }
        }
    }
}

fn field_type(api: &Api, field: &Field) -> TokenStream {
    let ty = boxed(rust_type(api, &field.shape), field.boxed);
    match field.presence() {
        Presence::Required | Presence::Defaulted => ty,
        Presence::RequiredNullable | Presence::Optional => quote! { Option<#ty> },
        Presence::OptionalNullable => quote! { Nullable<#ty> },
    }
}

fn boxed(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

pub(super) fn default_fn_name(field: &Field) -> syn::Ident {
    format_ident!("default_{}", field.name.trim_end_matches('_'))
}

fn emit_struct(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = model_docs(def);
    let fields = s.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let ty = field_type(api, field);
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
        let field_docs = docs::doc_attrs(&lines);
        let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
        let mut serde = Vec::new();
        if field.name != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote! { rename = #wire });
        }
        for alias in &field.aliases {
            serde.push(quote! { alias = #alias });
        }
        match field.presence() {
            Presence::Required | Presence::RequiredNullable => {}
            Presence::Defaulted => {
                let path = format!("{}::{}", def.name, default_fn_name(field));
                serde.push(quote! { default = #path });
            }
            Presence::Optional if skip => serde.push(quote! { default, skip_serializing }),
            Presence::Optional => {
                serde.push(quote! { default, skip_serializing_if = "Option::is_none" });
            }
            Presence::OptionalNullable if skip => serde.push(quote! { default, skip_serializing }),
            Presence::OptionalNullable => {
                serde.push(quote! {
                    default, skip_serializing_if = "Nullable::is_absent"
                });
            }
        }
        let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
        quote! {
            #field_docs
            #deprecated
            #serde
            pub #ident: #ty,
        }
    });
    let additional = match &s.additional {
        Additional::Dropped => quote! {},
        Additional::KeepUnknown { field } => {
            let ident = format_ident!("{}", field);
            quote! {
                /// Properties the server sent that the spec does not describe, kept as they
                /// came so that nothing is lost when this value is sent back.
                #[serde(flatten)]
                pub #ident: ::std::collections::BTreeMap<String, ::serde_json::Value>,
            }
        }
        Additional::Typed { field, value } => {
            let ident = format_ident!("{}", field);
            let value = rust_type(api, value);
            quote! {
                /// Further properties, by name (`additionalProperties`).
                #[serde(flatten)]
                pub #ident: ::std::collections::BTreeMap<String, #value>,
            }
        }
    };
    let needs_new = s.fields.iter().any(|f| {
        matches!(
            f.presence(),
            Presence::Required | Presence::RequiredNullable | Presence::Defaulted
        )
    });
    let derive_default = (!needs_new).then(|| quote! { Default, });
    let constructor = needs_new.then(|| emit_constructor(api, def, s));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #( #fields )*
            #additional
        }
        #constructor
    }
}

/// `new(required...)`, so a required field cannot be forgotten, plus the functions serde calls
/// for spec defaults.
fn emit_constructor(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = &def.name;
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut default_fns = Vec::new();
    for field in &s.fields {
        let ident = format_ident!("{}", field.name);
        match field.presence() {
            Presence::Required | Presence::RequiredNullable => {
                let ty = field_type(api, field);
                params.push(quote! { #ident: #ty });
                inits.push(quote! { #ident });
            }
            Presence::Defaulted => {
                let function = default_fn_name(field);
                let ty = rust_type(api, &field.shape);
                let value = field
                    .default
                    .as_ref()
                    .map(|literal| literal_tokens(api, literal, &field.shape.ty))
                    .unwrap_or_else(|| quote! { Default::default() });
                let doc = format!(" The spec's default for `{}`.", field.wire_name);
                default_fns.push(quote! {
                    #[doc = #doc]
                    fn #function() -> #ty { #value }
                });
                inits.push(quote! { #ident: Self::#function() });
            }
            Presence::Optional => inits.push(quote! { #ident: None }),
            Presence::OptionalNullable => inits.push(quote! { #ident: Nullable::Absent }),
        }
    }
    match &s.additional {
        Additional::Dropped => {}
        Additional::KeepUnknown { field } | Additional::Typed { field, .. } => {
            let ident = format_ident!("{}", field);
            inits.push(quote! { #ident: ::std::collections::BTreeMap::new() });
        }
    }
    let allow =
        (params.len() > CLIPPY_MAX_ARGS).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let doc = format!(" {}", constructor_doc(name));
    let ident = format_ident!("{}", name);
    quote! {
        impl #ident {
            #[doc = #doc]
            #allow
            pub fn new(#( #params ),*) -> Self {
                Self { #( #inits ),* }
            }
            #( #default_fns )*
        }
    }
}

/// The first line of a constructor's docs.
pub(super) fn constructor_doc(name: &str) -> String {
    format!(
        "Creates a `{name}` from its required fields, in spec order; optional fields start absent."
    )
}

pub(super) fn literal_tokens(api: &Api, literal: &Literal, ty: &Type) -> TokenStream {
    match literal {
        Literal::String(s) => quote! { String::from(#s) },
        Literal::Bool(b) => quote! { #b },
        Literal::Int(n) => match ty {
            Type::I32 => {
                let n = LitToken::i32_unsuffixed(*n as i32);
                quote! { #n }
            }
            _ => {
                let n = LitToken::i64_unsuffixed(*n);
                quote! { #n }
            }
        },
        Literal::Float(f) => match ty {
            Type::F32 => {
                let f = LitToken::f32_suffixed(*f as f32);
                quote! { #f }
            }
            _ => {
                let f = LitToken::f64_suffixed(*f);
                quote! { #f }
            }
        },
        Literal::Decimal { mantissa, scale } => {
            let mantissa = LitToken::i64_unsuffixed(*mantissa);
            let scale = LitToken::u32_unsuffixed(*scale);
            quote! { ::rust_decimal::Decimal::new(#mantissa, #scale) }
        }
        Literal::Variant { ty, variant } => {
            let ty = format_ident!("{}", api.type_def(*ty).name);
            let variant = format_ident!("{}", variant);
            quote! { #ty::#variant }
        }
    }
}

fn emit_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = model_docs(def);
    let unknown = format_ident!("{}", e.unknown);
    let variants = e.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let doc = match &variant.value {
            EnumValue::String(s) => format!(" {}", docs::code_span(&format!("{s:?}"))),
            EnumValue::Integer(n) => format!(" `{n}`"),
        };
        quote! { #[doc = #doc] #ident, }
    });
    let idents: Vec<_> = e
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let open_enum = quote! {
        impl crate::runtime::OpenEnum for #name {
            fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }
    };
    match e.repr {
        EnumRepr::String => {
            let values: Vec<&str> = e
                .variants
                .iter()
                .map(|v| match &v.value {
                    EnumValue::String(s) => s.as_str(),
                    EnumValue::Integer(_) => "",
                })
                .collect();
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #variants )*
                    /// A value the spec does not list, kept as it was sent.
                    #unknown(String),
                }

                impl #name {
                    /// The value as it is written on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#idents => #values, )*
                            Self::#unknown(value) => value,
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::std::str::FromStr for #name {
                    type Err = ::std::convert::Infallible;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        Ok(match value {
                            #( #values => Self::#idents, )*
                            other => Self::#unknown(other.to_owned()),
                        })
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                        let Ok(parsed) = value.parse();
                        Ok(parsed)
                    }
                }

                #open_enum
            }
        }
        EnumRepr::Integer => {
            let values: Vec<LitToken> = e
                .variants
                .iter()
                .map(|v| match &v.value {
                    EnumValue::Integer(n) => LitToken::i64_unsuffixed(*n),
                    EnumValue::String(_) => LitToken::i64_unsuffixed(0),
                })
                .collect();
            quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #variants )*
                    /// A value the spec does not list, kept as it was sent.
                    #unknown(i64),
                }

                impl #name {
                    /// The value as it is written on the wire.
                    pub fn value(self) -> i64 {
                        match self {
                            #( Self::#idents => #values, )*
                            Self::#unknown(value) => value,
                        }
                    }
                }

                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #values => Self::#idents, )*
                            other => Self::#unknown(other),
                        }
                    }
                }

                impl From<#name> for i64 {
                    fn from(value: #name) -> Self {
                        value.value()
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "{}", self.value())
                    }
                }

                impl ::std::str::FromStr for #name {
                    type Err = ::std::num::ParseIntError;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        value.parse::<i64>().map(Self::from)
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                    }
                }

                #open_enum
            }
        }
    }
}

fn emit_untagged(api: &Api, def: &TypeDef, u: &Untagged) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = model_docs(def);
    let variants = u.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let ty = boxed(rust_type(api, &variant.shape), variant.boxed);
        let doc = format!(" The `{}` branch.", variant.name);
        quote! { #[doc = #doc] #ident(#ty), }
    });
    let Some(discriminator) = &u.discriminator else {
        return quote! {
            #docs
            ///
            /// The variants are tried in spec order; the first whose shape matches is taken.
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #( #variants )*
            }
        };
    };
    let property = &discriminator.property;
    let idents: Vec<_> = u
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let values = &discriminator.values;
    let expected = values
        .iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let unknown = format!("unknown {property} {{other:?}}; expected one of {expected}");
    let doc = format!(" The `{property}` property says which variant a value is.");
    quote! {
        #docs
        ///
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variants )*
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#idents(value) => crate::runtime::serialize_tagged(serializer, #property, #values, value), )*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let (tag, value) = crate::runtime::deserialize_tagged(deserializer, #property)?;
                match tag.as_str() {
                    #( #values => ::serde_json::from_value(value).map(Self::#idents).map_err(D::Error::custom), )*
                    other => Err(D::Error::custom(format_args!(#unknown))),
                }
            }
        }
    }
}
