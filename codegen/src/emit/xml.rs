//! The `xml` module of an API whose spec offers XML bodies: each body's root element, and the
//! XML form (`XmlValue`) of every type an XML body reaches, in the element order the server
//! expects.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::literal_tokens;
use crate::ir::{
    Access, Additional, Api, Enum, EnumValue, Field, Literal, Operation, Presence, Struct, TypeDef,
    TypeKind, XmlBody, XmlName,
};
use crate::names::{self, Scope};

/// Whether the API needs an `xml` module: some body, success or error, may travel as XML.
pub fn has_xml(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.body.as_ref().is_some_and(|b| b.xml.is_some())
            || op.success.xml.is_some()
            || op
                .errors
                .as_ref()
                .is_some_and(|e| e.variants.iter().any(|v| v.xml.is_some()))
    })
}

/// The name of the constant holding an operation's request (or response) body as XML.
pub fn body_const(op: &Operation, response: bool) -> syn::Ident {
    format_ident!("{}", names::xml_body_const(&op.name, response))
}

/// The namespaces of an `xml` module, each a constant named after its last segment.
#[derive(Default)]
pub struct Namespaces(Vec<(String, syn::Ident)>);

impl Namespaces {
    fn of(api: &Api) -> Self {
        let mut all: Vec<&str> = Vec::new();
        for op in &api.operations {
            let bodies = op.body.iter().filter_map(|b| b.xml.as_ref());
            for xml in bodies.chain(op.success.xml.as_ref()) {
                all.extend(xml.root.namespace.as_deref());
            }
        }
        for def in api.types.iter().filter(|def| def.xml.used) {
            all.extend(def.xml.root.namespace.as_deref());
            if let TypeKind::Struct(s) = &def.kind {
                all.extend(
                    s.fields
                        .iter()
                        .filter_map(|f| f.xml.name.namespace.as_deref()),
                );
            }
        }
        let mut scope = Scope::default();
        let mut namespaces = Namespaces::default();
        for namespace in all {
            if namespaces.0.iter().all(|(known, _)| known != namespace) {
                let word = scope.claim(names::namespace_word(namespace));
                let ident = format_ident!("{}", names::namespace_const(&word));
                namespaces.0.push((namespace.to_owned(), ident));
            }
        }
        namespaces
    }

    /// The namespace as its constant, or as a string where it has none.
    fn get(&self, namespace: &str) -> TokenStream {
        match self.0.iter().find(|(known, _)| known == namespace) {
            Some((_, ident)) => quote! { #ident },
            None => quote! { #namespace },
        }
    }

    fn constants(&self) -> TokenStream {
        let consts = self.0.iter().map(|(namespace, ident)| {
            quote! {
                /// An XML namespace the documents use.
                const #ident: &str = #namespace;
            }
        });
        quote! { #( #consts )* }
    }
}

pub fn emit_xml(api: &Api) -> TokenStream {
    let namespaces = Namespaces::of(api);
    let mut consts = Vec::new();
    for op in &api.operations {
        let what = format!("{} {}", op.method.as_str(), op.path);
        if let Some(xml) = op.body.as_ref().and_then(|b| b.xml.as_ref()) {
            let doc = format!(" `{what}`: the request body as XML.");
            consts.push(body_constant(
                &doc,
                &body_const(op, false),
                xml,
                &namespaces,
            ));
        }
        if let Some(xml) = &op.success.xml {
            let doc = format!(" `{what}`: the success response body as XML.");
            consts.push(body_constant(&doc, &body_const(op, true), xml, &namespaces));
        }
    }
    let impls = api
        .types
        .iter()
        .filter(|def| def.xml.used)
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => Some(struct_impl(api, def, s, &namespaces)),
            TypeKind::Enum(e) => Some(enum_impl(def, e)),
            // An alias is its target type, which has its own XML form; a union is refused by
            // `lower`.
            TypeKind::Alias(_) | TypeKind::Untagged(_) => None,
        })
        .collect::<Vec<_>>();
    let mut imports = Vec::new();
    if !consts.is_empty() {
        imports.push(quote! { XmlBody });
    }
    let structs = api
        .types
        .iter()
        .any(|d| d.xml.used && matches!(d.kind, TypeKind::Struct(_)));
    if structs {
        imports.push(quote! { XmlDocument });
    }
    if !impls.is_empty() {
        imports.extend([quote! { XmlElement }, quote! { XmlError }]);
    }
    if structs {
        imports.push(quote! { XmlField });
    }
    imports.push(quote! { XmlName });
    if !impls.is_empty() {
        imports.extend([quote! { XmlNode }, quote! { XmlValue }]);
    }
    let models = (!impls.is_empty()).then(|| quote! { use super::types; });
    let allow_deprecated = api
        .any_deprecated()
        .then(|| quote! { #![allow(deprecated)] });
    let namespace_consts = namespaces.constants();
    quote! {
        //! XML bodies: each one's root element, and the XML form of every type they reach.
        //! Elements are written in the order the server expects and read in any order.
        #allow_deprecated

        use crate::runtime::{ #( #imports ),* };
        #models

        #namespace_consts
        #( #consts )*
        #( #impls )*
    }
}

fn body_constant(
    doc: &str,
    name: &syn::Ident,
    xml: &XmlBody,
    namespaces: &Namespaces,
) -> TokenStream {
    let media = &xml.media_type;
    let root = xml_name(&xml.root, namespaces);
    quote! {
        #[doc = #doc]
        pub(super) const #name: XmlBody = XmlBody { media_type: #media, root: #root };
    }
}

/// `XmlName::new(..)` with its namespace and prefix; `namespaces` names the constants to use
/// (none outside the `xml` module).
pub fn xml_name(name: &XmlName, namespaces: &Namespaces) -> TokenStream {
    let local = &name.name;
    let qualified = qualified(name, namespaces);
    quote! { XmlName::new(#local) #qualified }
}

/// `.namespace(..)` and `.prefix(..)` of a name, for `XmlName` and `XmlField` alike.
fn qualified(name: &XmlName, namespaces: &Namespaces) -> TokenStream {
    let namespace = name.namespace.as_ref().map(|namespace| {
        let namespace = namespaces.get(namespace);
        quote! { .namespace(#namespace) }
    });
    let prefix = name
        .prefix
        .as_ref()
        .map(|prefix| quote! { .prefix(#prefix) });
    quote! { #namespace #prefix }
}

fn field_spec(field: &Field, namespaces: &Namespaces) -> TokenStream {
    let xml = &field.xml;
    let name = &xml.name.name;
    let kind = if xml.attribute {
        quote! { XmlField::attribute(#name) }
    } else {
        quote! { XmlField::element(#name) }
    };
    let qualified = qualified(&xml.name, namespaces);
    let wrapped = xml.item.as_ref().map(|item| quote! { .wrapped(#item) });
    let nil = (field.presence() == Presence::RequiredNullable).then(|| quote! { .nil_when_none() });
    quote! { &#kind #qualified #wrapped #nil }
}

fn struct_impl(api: &Api, def: &TypeDef, s: &Struct, namespaces: &Namespaces) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let members = def.xml.root.namespace.as_ref();
    let set_members = members.map(|namespace| {
        let namespace = namespaces.get(namespace);
        quote! { element.set_members_namespace(#namespace); }
    });
    let read_members = match members {
        Some(namespace) => {
            let namespace = namespaces.get(namespace);
            quote! { Some(#namespace) }
        }
        None => quote! { None },
    };
    let writes = s
        .xml_order
        .iter()
        .map(|&i| &s.fields[i])
        .filter_map(|field| {
            // What a request never sends in JSON (a read-only field) it does not send in XML.
            if field.access == Access::ReadOnly && def.usage.request {
                return None;
            }
            let ident = format_ident!("{}", field.name);
            let spec = field_spec(field, namespaces);
            Some(quote! { element.field(#spec, &self.#ident)?; })
        });
    let reads = s.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let spec = field_spec(field, namespaces);
        match (field.presence(), &field.default) {
            (Presence::Defaulted, Some(default)) => {
                let value = default_value(api, default, field);
                quote! { #ident: members.field_or(#spec, || #value)?, }
            }
            _ => quote! { #ident: members.field(#spec)?, },
        }
    });
    let (write_unknown, read_unknown) = match &s.additional {
        Additional::KeepUnknown { field } => {
            let ident = format_ident!("{}", field);
            // The fields' elements (attributes are not children), each in its own namespace
            // or the members'.
            let known = s.fields.iter().filter(|f| !f.xml.attribute).map(|f| {
                let name = &f.xml.name.name;
                match &f.xml.name.namespace {
                    Some(namespace) => {
                        let namespace = namespaces.get(namespace);
                        quote! { (#name, Some(#namespace)) }
                    }
                    None => quote! { (#name, None) },
                }
            });
            (
                quote! { element.unknown_fields(&self.#ident) },
                quote! { #ident: members.unknown_fields(&[ #( #known ),* ]), },
            )
        }
        // `lower` refuses typed additional properties in XML bodies.
        Additional::Dropped | Additional::Typed { .. } => (quote! { Ok(()) }, quote! {}),
    };
    let doc = super::docs::doc_attrs(&match members {
        Some(namespace) => vec![
            format!("`{}` as XML, its members in", def.name),
            format!("`{namespace}`."),
        ],
        None => vec![format!(
            "`{}` as XML, its members in the namespace of the element holding it.",
            def.name
        )],
    });
    let root = xml_name(&def.xml.root, namespaces);
    quote! {
        /// The root element of a document holding one value.
        impl XmlDocument for types::#name {
            const ROOT: XmlName = #root;
        }

        #doc
        impl XmlValue for types::#name {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                #set_members
                #( #writes )*
                #write_unknown
            }

            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                let members = node.members(#read_members);
                Ok(Self {
                    #( #reads )*
                    #read_unknown
                })
            }
        }
    }
}

fn default_value(api: &Api, default: &Literal, field: &Field) -> TokenStream {
    match default {
        Literal::Variant { ty, variant } => {
            let ty = format_ident!("{}", api.type_def(*ty).name);
            let variant = format_ident!("{}", variant);
            quote! { types::#ty::#variant }
        }
        _ => literal_tokens(api, default, &field.shape.ty),
    }
}

fn enum_impl(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let unknown = format_ident!("{}", e.unknown);
    let type_name = &def.name;
    let names: Vec<&String> = e
        .variants
        .iter()
        .filter_map(|v| v.xml_name.as_ref())
        .collect();
    let writes = e.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let text = variant.xml_name.as_deref().unwrap_or_default();
        quote! { Self::#ident => element.set_text(#text), }
    });
    let reads = e.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let text = variant.xml_name.as_deref().unwrap_or_default();
        quote! { #text => Ok(Self::#ident), }
    });
    let is_string = e
        .variants
        .iter()
        .all(|v| matches!(v.value, EnumValue::String(_)));
    let (write_unknown, read_unknown, doc) = if is_string {
        (
            quote! { Self::#unknown(value) => element.set_text(value.as_str()), },
            quote! { other => Ok(Self::#unknown(other.to_owned())), },
            vec![format!(
                "`{type_name}` as XML: the value as text; a value this client does not know is kept."
            )],
        )
    } else {
        (
            quote! { Self::#unknown(value) => element.set_text(value.to_string()), },
            quote! {
                other => match other.parse::<i64>() {
                    Ok(value) => Ok(Self::from(value)),
                    Err(_) => crate::runtime::unknown_name(#type_name, other, &[ #( #names ),* ]),
                },
            },
            vec![
                format!("`{type_name}` as XML: by name, as DataContract writes enums (a number is"),
                "also read, as the value it stands for). A name this client does not know is an"
                    .to_owned(),
                "error, since it has no number to keep.".to_owned(),
            ],
        )
    };
    let doc = super::docs::doc_attrs(&doc);
    quote! {
        #doc
        impl XmlValue for types::#name {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                match self {
                    #( #writes )*
                    #write_unknown
                }
                Ok(())
            }

            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                match node.value_text()?.trim() {
                    #( #reads )*
                    #read_unknown
                }
            }
        }
    }
}
