//! Models: structs, enums, unions and aliases, with serde and constructors.

use proc_macro2::{Literal as LitToken, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::ir::{
    Api, Literal, Presence, ReadBack, ReadBackField, Shape, Type, TypeDef, Untagged, VendorDate,
};

/// Constructors with more parameters than this are allowed past clippy's `too_many_arguments`:
/// the parameters are the spec's required fields, and a builder would hide which those are.
pub(super) const CLIPPY_MAX_ARGS: usize = 7;

/// `TryFrom<&Current> for Request` for each read-modify-write whose request type is `def`.
pub(super) fn emit_read_backs(api: &Api, def: &TypeDef) -> TokenStream {
    let impls = api
        .read_backs_into(def)
        .map(|read_back| read_back_impl(api, def, read_back));
    quote! { #( #impls )* }
}

/// The body of a read-modify-write conversion, field by field: bindings of the values the
/// request requires (with their wire names, to report those missing), and the struct literal's
/// fields.
#[derive(Default)]
struct Conversion {
    lets: Vec<TokenStream>,
    required: Vec<(syn::Ident, String)>,
    inits: Vec<TokenStream>,
}

/// `TryFrom<&Current> for Request` for one read-modify-write into `def`.
fn read_back_impl(api: &Api, def: &TypeDef, read_back: &ReadBack) -> TokenStream {
    let request = format_ident!("{}", def.name);
    let current_name = &api.type_def(read_back.current).name;
    let current_type = format_ident!("{}", current_name);
    // The values the request requires are bound under their field names: the value read is
    // named so that none of them hides it (a field name ends in `_` only when it escapes a
    // keyword).
    let current = if read_back
        .fields
        .iter()
        .any(|f| f.request_field == "current")
    {
        format_ident!("current_")
    } else {
        format_ident!("current")
    };
    let mut conversion = Conversion::default();
    for field in &read_back.fields {
        convert_field(api, &current, field, &mut conversion);
    }
    let Conversion {
        lets,
        required,
        mut inits,
    } = conversion;
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
                ( #( #names, )* ) => Err(runtime::ValidationError::missing(
                    #current_name,
                    &[ #( #missing ),* ],
                )),
            }
        }
    };
    let doc = read_back_doc(current_name, read_back);
    quote! {
        #doc
        impl ::core::convert::TryFrom<&#current_type> for #request {
            type Error = runtime::ValidationError;

            fn try_from(#current: &#current_type) -> Result<Self, Self::Error> {
                #body
            }
        }
    }
}

/// How one property of `current` becomes the request's: directly, or bound first when the
/// request requires it and `current` may lack it.
fn convert_field(api: &Api, current: &syn::Ident, field: &ReadBackField, out: &mut Conversion) {
    let to = format_ident!("{}", field.request_field);
    let from = format_ident!("{}", field.current_field);
    let value = if api.is_copy(&field.shape) {
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
            out.inits.push(quote! { #to: #value })
        }
        Presence::RequiredNullable if always => out.inits.push(quote! { #to: Some(#value) }),
        Presence::RequiredNullable if field.current == Presence::RequiredNullable => {
            out.inits.push(quote! { #to: #value })
        }
        Presence::Required | Presence::Defaulted => {
            out.lets.push(quote! { let #to = #option; });
            out.required.push((to.clone(), field.wire_name.clone()));
            out.inits.push(quote! { #to });
        }
        // Null or a value, required: `None` when `current` does not say which.
        Presence::RequiredNullable => {
            let known = match field.current {
                Presence::Required | Presence::Defaulted => quote! { Some(Some(#value)) },
                Presence::RequiredNullable => quote! { Some(#value) },
                Presence::Optional => quote! { #value.map(Some) },
                Presence::OptionalNullable => quote! { #value.into_known() },
            };
            out.lets.push(quote! { let #to = #known; });
            out.required.push((to.clone(), field.wire_name.clone()));
            out.inits.push(quote! { #to });
        }
        Presence::Optional => out.inits.push(quote! { #to: #option }),
        Presence::OptionalNullable => {
            let nullable = match field.current {
                Presence::Required | Presence::Defaulted => {
                    quote! { runtime::Nullable::Value(#value) }
                }
                Presence::RequiredNullable => {
                    quote! { #value.map_or(runtime::Nullable::Null, runtime::Nullable::Value) }
                }
                Presence::Optional => {
                    quote! { #value.map_or(runtime::Nullable::Absent, runtime::Nullable::Value) }
                }
                Presence::OptionalNullable => value,
            };
            out.inits.push(quote! { #to: #nullable });
        }
    }
}

/// The docs of a read-modify-write conversion.
fn read_back_doc(current_name: &str, read_back: &ReadBack) -> TokenStream {
    let unknown = match &read_back.unknown {
        Some((field, Some(from))) => format!(
            " Properties the spec does not name, kept in `{current_name}::{from}`, are carried into `{field}`."
        ),
        _ => String::new(),
    };
    docs::doc_attrs(&[
        format!(
            "The request that puts `current` back as it was read, for a read-modify-write: [`Client::{get}`](super::Client::{get}), a change to the request, then [`Client::{put}`](super::Client::{put}).",
            get = read_back.get,
            put = read_back.put,
        ),
        String::new(),
        format!(
            "Each property comes from the `{current_name}` property of the same name: one that is absent there is left out, one that is `null` is sent as `null` where the request allows it and left out where it does not, and `{current_name}`'s other properties are not sent.{unknown} A property the spec gives a default was given it when read if the server left it out, and is sent with that value. Fails, naming them, when a property the request requires has no value in `current`."
        ),
    ])
}

/// The start of `types.rs`: its inner docs and attributes and its imports. The models follow,
/// from `text::model`; `uses_runtime` says whether their text names the runtime.
pub fn emit_types_head(api: &Api, uses_runtime: bool) -> TokenStream {
    // Runtime items are named through the module (`runtime::Nullable`), never imported one by
    // one, so no schema name can collide with them. (The checks call `Validate::check` only
    // inside `Validate` impls, where the trait's methods resolve without an import.)
    let runtime = uses_runtime.then(|| quote! { use crate::runtime; });
    // Deprecated items are still used by the generated code around them (constructors, serde,
    // validation); only users' code should be warned.
    let allow_deprecated = api
        .any_deprecated()
        .then(|| quote! { #![allow(deprecated)] });
    quote! {
        //! The models of the API: every schema of the spec, and every object, enum or union
        //! written in place, named after where it stands.
        #allow_deprecated
        #runtime
    }
}

/// A model's rustdoc, and `#[deprecated]` when the spec marks it so.
fn model_docs(def: &TypeDef) -> TokenStream {
    let docs = docs::doc_attrs(&docs::lines(&def.docs, &default_doc(def)));
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    quote! { #docs #deprecated }
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
        Type::VendorDate(VendorDate::Dmy) => quote! { runtime::DmyDate },
        Type::VendorDate(VendorDate::DmyTime) => quote! { runtime::DmyDateTime },
        Type::VendorDate(VendorDate::YmdTime) => quote! { runtime::YmdDateTime },
        Type::Scalar(scalar) => scalar_tokens(*scalar),
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

fn boxed(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

fn scalar_tokens(scalar: crate::ir::Scalar) -> TokenStream {
    use crate::ir::Scalar;
    match scalar {
        Scalar::I8 => quote! { i8 },
        Scalar::I16 => quote! { i16 },
        Scalar::U8 => quote! { u8 },
        Scalar::U16 => quote! { u16 },
        Scalar::U32 => quote! { u32 },
        Scalar::U64 => quote! { u64 },
        Scalar::IpAddr => quote! { ::std::net::IpAddr },
        Scalar::Ipv4Addr => quote! { ::std::net::Ipv4Addr },
        Scalar::Ipv6Addr => quote! { ::std::net::Ipv6Addr },
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
        // The one writer of these literals is the text emitter; its text always lexes, and
        // should it not, the generated crate says so rather than taking another value.
        Literal::List(_) | Literal::Json(_) => {
            let text = super::text::literal_text(api, literal, ty);
            text.parse().unwrap_or_else(|err| {
                let message = format!("the literal `{text}` does not lex: {err}");
                quote! { compile_error!(#message) }
            })
        }
    }
}

pub(super) fn emit_untagged(api: &Api, def: &TypeDef, u: &Untagged) -> TokenStream {
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
                    #( Self::#idents(value) => runtime::serialize_tagged(serializer, #property, #values, value), )*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let (tag, value) = runtime::deserialize_tagged(deserializer, #property)?;
                match tag.as_str() {
                    #( #values => ::serde_json::from_value(value).map(Self::#idents).map_err(D::Error::custom), )*
                    other => Err(D::Error::custom(format_args!(#unknown))),
                }
            }
        }
    }
}
