//! Every Rust name the generator writes is made here: sanitising, re-casing, keywords, and the
//! registries that keep names unique. Rules (documented in the README):
//!
//! - Letters outside ASCII are spelled out (`ß` -> `ss`, `Ö` -> `Oe`, `é` -> `e`); any other
//!   character that cannot be in an identifier separates words.
//! - Types and variants are `UpperCamelCase`, fields and methods `snake_case` (heck's rules).
//! - A name that would start with a digit gets a prefix (`Value4x4`, `field_1st`); an empty one
//!   becomes `Empty` / `empty`.
//! - Rust keywords get a trailing underscore (`type_`, `self_`, `Self_`).
//! - A name already taken in the same scope gets the smallest free suffix `2`, `3`, ... in spec
//!   order, so `order-status` beside `order_status` is `order_status_2`.

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves in any edition; a generated name must not be one of them.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Every name the generated code and the runtime use, by the scope a spec's names are made
/// in: each scope starts with these taken, so a name from the spec gets a suffix instead of
/// colliding. Runtime items are never imported by name into generated modules (they are named
/// `runtime::Error`, ...), so only what generated code names unqualified is listed.
pub mod reserved {
    /// Type names of `types.rs` (and of the types `client.rs` declares): the prelude names
    /// generated code uses unqualified.
    pub const TYPES: &[&str] = &[
        "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "From",
    ];

    /// Types every `client.rs` declares itself, besides the operations' own.
    pub const CLIENT_TYPES: &[&str] = &["Client", "ClientBuilder"];

    /// Methods and constants of `Client` besides the operations: its constructors, the
    /// format switch and the first server's URL. A server with variables also reserves its
    /// builder's name ([`super::server_builder_name`]).
    pub const CLIENT_METHODS: &[&str] = &[
        "new",
        "builder",
        "with_format",
        "clone",
        "fmt",
        "from_http",
        "DEFAULT_SERVER",
    ];

    /// Methods of every API's `ClientBuilder` (the runtime's `client_builder!`); a security
    /// scheme's credential method must leave them free.
    pub const BUILDER_METHODS: &[&str] = &[
        "new",
        "timeout",
        "retry_policy",
        "user_agent",
        "max_response_bytes",
        "format",
        "reqwest_client",
        "header",
        "secret_header",
        "credential",
        "build",
        "fmt",
    ];

    /// Names a generated method uses itself, which its parameters must leave free.
    pub const METHOD_LOCALS: &[&str] = &[
        "self",
        "body",
        "params",
        "request",
        "response",
        "validator",
        "value",
        "runtime",
        "types",
    ];
}

/// The name of the function that gives a struct field its spec default (`default_<field>`):
/// one per field of one `impl`, so unique with the field names.
pub fn default_fn_name(field: &str) -> String {
    format!("default_{}", field.trim_end_matches('_'))
}

/// The constant of an `xml` module that names an operation's request or response document
/// (`CREATE_ORDER_REQUEST`): unique with the operation names, and unlike every namespace
/// constant ([`namespace_const`]).
pub fn xml_body_const(operation: &str, response: bool) -> String {
    let which = if response { "RESPONSE" } else { "REQUEST" };
    format!("{}_{which}", operation.to_uppercase())
}

/// The constant of an `xml` module that holds a namespace, from its word
/// ([`namespace_word`], made unique in the module's scope).
pub fn namespace_const(word: &str) -> String {
    format!("{word}_NAMESPACE")
}

/// The Rust module (and cargo feature, and standalone crate) name for a spec file's stem:
/// `api.github.com` -> `api_github_com`, `petstore-expanded` -> `petstore_expanded`,
/// `3.1-webhooks` -> `api_3_1_webhooks`. `runtime` (the runtime's name in every generated
/// crate) becomes `runtime_api`.
pub fn module_name(stem: &str) -> String {
    let name = ascii_words(stem).to_snake_case();
    let name = if name.is_empty() {
        "api".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api_{name}")
    } else {
        name
    };
    match name.as_str() {
        "runtime" | "self" | "super" | "crate" | "Self" => format!("{name}_api"),
        _ => escape_keyword(name),
    }
}

/// The name of the `Client` constructor for a server with variables, from the variables'
/// parameter names, e.g. `builder_for_subdomain`.
pub fn server_builder_name(parameters: &[String]) -> String {
    format!("builder_for_{}", parameters.join("_and_"))
}

/// Replaces letters outside ASCII by their usual ASCII spelling and everything else that cannot
/// be in an identifier by a space, so heck sees word boundaries.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            'ä' | 'æ' => out.push_str("ae"),
            'ö' | 'ø' | 'œ' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' | 'Æ' => out.push_str("Ae"),
            'Ö' | 'Ø' | 'Œ' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            'å' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
            'Å' | 'Á' | 'À' | 'Â' | 'Ã' => out.push('A'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'Í' | 'Ì' | 'Î' | 'Ï' => out.push('I'),
            'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'Ó' | 'Ò' | 'Ô' | 'Õ' => out.push('O'),
            'ú' | 'ù' | 'û' => out.push('u'),
            'Ú' | 'Ù' | 'Û' => out.push('U'),
            'ç' => out.push('c'),
            'Ç' => out.push('C'),
            'ñ' => out.push('n'),
            'Ñ' => out.push('N'),
            _ => out.push(' '),
        }
    }
    out
}

fn escape_keyword(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        name + "_"
    } else {
        name
    }
}

/// `UpperCamelCase` for types and variants; `prefix` goes before a leading digit.
fn upper_camel(raw: &str, prefix: &str) -> String {
    let name = ascii_words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        "Empty".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// `snake_case` for fields, methods and parameters.
fn snake(raw: &str) -> String {
    let name = ascii_words(raw).to_snake_case();
    let name = if name.is_empty() {
        "empty".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field_{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// The Rust name of a type made from `raw` (a schema name, or parts joined for inline types).
pub fn type_name(raw: &str) -> String {
    upper_camel(raw, "Type")
}

/// The Rust name of an enum variant for the wire value `raw`.
pub fn variant_name(raw: &str) -> String {
    upper_camel(raw, "Value")
}

/// The Rust name of an integer enum's variant when the spec gives no `x-enum-varnames`.
pub fn integer_variant_name(value: i64) -> String {
    if value < 0 {
        format!("ValueMinus{}", value.unsigned_abs())
    } else {
        format!("Value{value}")
    }
}

/// The Rust name of a struct field, parameter or method made from `raw`.
pub fn field_name(raw: &str) -> String {
    snake(raw)
}

/// The word naming a constant that holds an XML namespace: the namespace's last segment, e.g.
/// `ORDER` for `http://schemas.datacontract.org/2004/07/Compilator.DDAPI.DTO.Order` and
/// `SHIPPING` for `urn:example:shipping`; `XML` when that gives no identifier.
pub fn namespace_word(namespace: &str) -> String {
    let segment = namespace
        .trim_end_matches(['/', '#'])
        .rsplit(['/', ':', '.', '#'])
        .next()
        .unwrap_or_default();
    let word: String = ascii_words(segment)
        .to_shouty_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    match word.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => word,
        _ => "XML".to_owned(),
    }
}

/// A scope in which every name is unique: the types of an API, the fields of a struct, the
/// variants of an enum, the methods of a client.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Takes `wanted`, or the first of `wanted2`, `wanted3`, ... (`wanted_2`, ... for snake case
    /// names) that is still free.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let snake_case = wanted.chars().any(|c| c.is_ascii_lowercase())
            && !wanted.starts_with(|c: char| c.is_ascii_uppercase());
        let base = wanted.trim_end_matches('_');
        let mut n = 2;
        loop {
            let candidate = if snake_case {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_named_by_their_last_segment() {
        let order = "http://schemas.datacontract.org/2004/07/Compilator.DDAPI.DTO.Order";
        assert_eq!(namespace_word(order), "ORDER");
        let serialization = "http://schemas.microsoft.com/2003/10/Serialization/";
        assert_eq!(namespace_word(serialization), "SERIALIZATION");
        assert_eq!(namespace_word("urn:example:shipping"), "SHIPPING");
        assert_eq!(namespace_word("urn:example:2024"), "XML");
        assert_eq!(
            namespace_word("http://example.com/Straße-Öl"),
            "STRASSE_OEL"
        );
    }

    #[test]
    fn wire_names_become_idiomatic_identifiers() {
        assert_eq!(field_name("makeID"), "make_id");
        assert_eq!(field_name("OrderLines"), "order_lines");
        assert_eq!(field_name("order-status"), "order_status");
        assert_eq!(field_name("X-Request-Id"), "x_request_id");
        assert_eq!(field_name("IsExportWithinEU"), "is_export_within_eu");
        assert_eq!(type_name("HTTPValidationError"), "HttpValidationError");
        assert_eq!(variant_name("Delivery Driver"), "DeliveryDriver");
        assert_eq!(variant_name("Pre-reg"), "PreReg");
    }

    #[test]
    fn keywords_digits_non_ascii_and_empty_names_are_spelled_deterministically() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("async"), "async_");
        assert_eq!(field_name("1st"), "field_1st");
        assert_eq!(variant_name("4x4"), "Value4x4");
        assert_eq!(field_name("Straße"), "strasse");
        assert_eq!(type_name("Ölwechsel"), "Oelwechsel");
        assert_eq!(field_name(""), "empty");
        assert_eq!(variant_name("---"), "Empty");
        assert_eq!(integer_variant_name(-3), "ValueMinus3");
        assert_eq!(integer_variant_name(7), "Value7");
    }

    #[test]
    fn a_scope_suffixes_later_claims_in_order() {
        let mut fields = Scope::default();
        assert_eq!(fields.claim(field_name("order_status")), "order_status");
        assert_eq!(fields.claim(field_name("order-status")), "order_status_2");
        assert_eq!(fields.claim(field_name("OrderStatus")), "order_status_3");
        let mut types = Scope::with_reserved(reserved::TYPES);
        assert_eq!(types.claim(type_name("Foo")), "Foo");
        assert_eq!(types.claim(type_name("foo")), "Foo2");
        assert_eq!(types.claim(type_name("string")), "String2");
        let mut variants = Scope::default();
        assert_eq!(variants.claim(variant_name("AM")), "Am");
        assert_eq!(variants.claim(variant_name("am")), "Am2");
        let mut keywords = Scope::default();
        assert_eq!(keywords.claim(field_name("type")), "type_");
        assert_eq!(keywords.claim(field_name("type")), "type_2");
    }

    #[test]
    fn module_names_come_from_any_file_name() {
        assert_eq!(module_name("planso"), "planso");
        assert_eq!(module_name("api.github.com"), "api_github_com");
        assert_eq!(module_name("petstore-expanded"), "petstore_expanded");
        assert_eq!(module_name("v3.0-link-example"), "v3_0_link_example");
        assert_eq!(module_name("3.1-webhooks"), "api_3_1_webhooks");
        assert_eq!(module_name("OpenAPI"), "open_api");
        assert_eq!(module_name("runtime"), "runtime_api");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("..."), "api");
    }
}
