//! `Validate` impls: the constraints of a type, checked before a request is sent.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Additional, Api, Literal, Presence, Shape, Type, TypeDef, TypeKind};
use crate::lower::shape_needs;

/// The `Validate` impl of `def`: every type that is sent has one, so callers can validate any
/// request value; it checks nothing when the type has no constraints.
pub fn emit_validate(api: &Api, def: &TypeDef) -> TokenStream {
    if !def.usage.request {
        return quote! {};
    }
    let name = format_ident!("{}", def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let fields = s
                .fields
                .iter()
                .filter(|f| shape_needs(&api.types, &f.shape))
                .map(|field| {
                    let ident = format_ident!("{}", field.name);
                    let wire = &field.wire_name;
                    let checks = shape_checks(api, &field.shape, quote! { value });
                    let access = match field.presence() {
                        Presence::Required | Presence::Defaulted => quote! {
                            let value = &self.#ident;
                            #checks
                        },
                        Presence::RequiredNullable | Presence::Optional => quote! {
                            if let Some(value) = &self.#ident {
                                #checks
                            }
                        },
                        Presence::OptionalNullable => quote! {
                            if let Nullable::Value(value) = &self.#ident {
                                #checks
                            }
                        },
                    };
                    quote! {
                        validator.enter_field(#wire);
                        #access
                        validator.leave();
                    }
                });
            let additional = match &s.additional {
                Additional::Typed { field, value } if shape_needs(&api.types, value) => {
                    let ident = format_ident!("{}", field);
                    let checks = shape_checks(api, value, quote! { value });
                    quote! {
                        for (key, value) in &self.#ident {
                            validator.enter_key(key);
                            #checks
                            validator.leave();
                        }
                    }
                }
                _ => quote! {},
            };
            quote! { #( #fields )* #additional }
        }
        TypeKind::Enum(_) => quote! { validator.known(self); },
        TypeKind::Untagged(u) if !u.variants.iter().any(|v| shape_needs(&api.types, &v.shape)) => {
            quote! {}
        }
        TypeKind::Untagged(u) => {
            let arms = u.variants.iter().map(|variant| {
                let ident = format_ident!("{}", variant.name);
                if shape_needs(&api.types, &variant.shape) {
                    let checks = shape_checks(api, &variant.shape, quote! { value });
                    quote! { Self::#ident(value) => { #checks } }
                } else {
                    quote! { Self::#ident(_) => {} }
                }
            });
            quote! { match self { #( #arms )* } }
        }
        // An alias has no impl of its own: its checks are made where it is used.
        TypeKind::Alias(_) => return quote! {},
    };
    let param = if body.is_empty() {
        quote! { _validator }
    } else {
        quote! { validator }
    };
    quote! {
        impl Validate for #name {
            fn check(&self, #param: &mut Validator) {
                #body
            }
        }
    }
}

/// Statements checking a request body of `shape` (bound to `body`) that is not a generated type
/// with a `Validate` impl of its own (an array, a map or a constrained scalar); `None` when it has
/// nothing to check.
pub fn body_checks(api: &Api, shape: &Shape) -> Option<TokenStream> {
    shape_needs(&api.types, shape).then(|| shape_checks(api, shape, quote! { body }))
}

/// Whether the checks of `shape` call a generated type's `Validate::check` (which needs the
/// trait in scope).
pub fn calls_check(api: &Api, shape: &Shape) -> bool {
    if !shape_needs(&api.types, shape) {
        return false;
    }
    match &shape.ty {
        Type::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => calls_check(api, inner),
            _ => api.type_def(*id).validated,
        },
        Type::Array(item) | Type::Map(item) | Type::Option(item) => calls_check(api, item),
        _ => false,
    }
}

/// Statements checking `value` (a reference to a value of `shape`) at the current path.
pub(super) fn shape_checks(api: &Api, shape: &Shape, value: TokenStream) -> TokenStream {
    let c = &shape.constraints;
    let mut out = Vec::new();
    if let Some(n) = c.min_length {
        let n = proc_macro2::Literal::usize_unsuffixed(n);
        out.push(quote! { validator.min_length(#value, #n); });
    }
    if let Some(n) = c.max_length {
        let n = proc_macro2::Literal::usize_unsuffixed(n);
        out.push(quote! { validator.max_length(#value, #n); });
    }
    if let Some(pattern) = &c.pattern {
        out.push(quote! { validator.pattern(#value, #pattern); });
    }
    if let Some(bound) = &c.minimum {
        let limit = bound_tokens(&bound.value, &shape.ty);
        let exclusive = bound.exclusive;
        out.push(quote! { validator.minimum(#value, #limit, #exclusive); });
    }
    if let Some(bound) = &c.maximum {
        let limit = bound_tokens(&bound.value, &shape.ty);
        let exclusive = bound.exclusive;
        out.push(quote! { validator.maximum(#value, #limit, #exclusive); });
    }
    if let Some(n) = c.min_items {
        let n = proc_macro2::Literal::usize_unsuffixed(n);
        out.push(quote! { validator.min_items(#value, #n); });
    }
    if let Some(n) = c.max_items {
        let n = proc_macro2::Literal::usize_unsuffixed(n);
        out.push(quote! { validator.max_items(#value, #n); });
    }
    match &shape.ty {
        Type::Named(id) => {
            let def = api.type_def(*id);
            match &def.kind {
                TypeKind::Alias(inner) if shape_needs(&api.types, inner) => {
                    out.push(shape_checks(api, inner, value));
                }
                TypeKind::Alias(_) => {}
                _ if def.validated => {
                    out.push(quote! { #value.check(validator); });
                }
                _ => {}
            }
        }
        Type::Array(item) if shape_needs(&api.types, item) => {
            let checks = shape_checks(api, item, quote! { item });
            out.push(quote! {
                for (index, item) in #value.iter().enumerate() {
                    validator.enter_index(index);
                    #checks
                    validator.leave();
                }
            });
        }
        Type::Map(item) if shape_needs(&api.types, item) => {
            let checks = shape_checks(api, item, quote! { item });
            out.push(quote! {
                for (key, item) in #value {
                    validator.enter_key(key);
                    #checks
                    validator.leave();
                }
            });
        }
        Type::Option(inner) if shape_needs(&api.types, inner) => {
            let checks = shape_checks(api, inner, quote! { inner });
            out.push(quote! {
                if let Some(inner) = #value {
                    #checks
                }
            });
        }
        _ => {}
    }
    quote! { #( #out )* }
}

fn bound_tokens(literal: &Literal, ty: &Type) -> TokenStream {
    match (literal, ty) {
        (Literal::Int(n), Type::I32) => {
            let n = proc_macro2::Literal::i32_suffixed(*n as i32);
            quote! { #n }
        }
        (Literal::Int(n), _) => {
            let n = proc_macro2::Literal::i64_suffixed(*n);
            quote! { #n }
        }
        (Literal::Float(f), Type::F32) => {
            let f = proc_macro2::Literal::f32_suffixed(*f as f32);
            quote! { #f }
        }
        (Literal::Float(f), _) => {
            let f = proc_macro2::Literal::f64_suffixed(*f);
            quote! { #f }
        }
        (Literal::Decimal { mantissa, scale }, _) => {
            let m = proc_macro2::Literal::i64_unsuffixed(*mantissa);
            let s = proc_macro2::Literal::u32_unsuffixed(*scale);
            quote! { ::rust_decimal::Decimal::new(#m, #s) }
        }
        (other, _) => {
            let text = format!("{other:?}");
            quote! { #text }
        }
    }
}
