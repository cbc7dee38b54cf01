//! The client: one async method per operation, each a thin call into the runtime pipeline.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::rust_type_from;
use crate::ir::{
    Api, AuthKind, Body, BodyFormat, ErrorEnum, FormArrayStyle, MultipartBody, OAuthFlow,
    OAuthFlowKind, Operation, Parameter, ParameterLocation, ParameterStyle, PartKind, ResponseEnum,
    Shape, Status, Type,
};

pub fn emit_client(api: &Api) -> TokenStream {
    let title = api.title.trim();
    // "Keeper API" is a client for the Keeper API, not for the "Keeper API API".
    let named_api = title
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .is_some_and(|last| last.eq_ignore_ascii_case("api"));
    let summary = if named_api {
        format!(" A client for the {title}.")
    } else {
        format!(" A client for the {title} API.")
    };
    let mut server_docs = vec![String::new(), "Servers:".to_owned()];
    for server in &api.servers {
        let mut line = format!("- `{}`", server.url);
        if let Some(description) = &server.description {
            line.push_str(&format!(": {}", docs::prose(description).join(" ")));
        }
        server_docs.push(line);
    }
    let server_docs = (!api.servers.is_empty()).then(|| docs::doc_attrs(&server_docs));
    let constructors = constructors(api);
    let methods = api.operations.iter().map(|op| method(api, op));
    let auth = auth_methods(api);
    let error_enums = api
        .operations
        .iter()
        .filter_map(|op| op.errors.as_ref().map(|e| error_enum(api, op, e)));
    let params = api
        .operations
        .iter()
        .filter_map(|op| params_struct(api, op));
    let multipart_structs = api.operations.iter().filter_map(|op| {
        let parts = op.body.as_ref()?.multipart.as_ref()?;
        Some(multipart_struct(api, op, parts))
    });
    let response_enums = api.operations.iter().filter_map(|op| {
        op.success
            .by_status
            .as_ref()
            .map(|r| response_enum(api, op, r))
    });
    // Runtime items are named through the module (`runtime::Error`), never imported one by one,
    // so no name of the spec can collide with them; only the trait whose method the checks call
    // is brought into scope, without a name.
    let validate_import = api
        .methods_call_check()
        .then(|| quote! { use crate::runtime::Validate as _; });
    let with_format = api.offers_format_choice().then(|| {
        quote! {
            /// The same client, sending bodies and asking for responses in `format` where an
            /// operation offers it (JSON or XML); the connection pool and settings are shared.
            /// Set a format for every call with [`ClientBuilder::format`].
            pub fn with_format(&self, format: runtime::Format) -> Self {
                Client { http: self.http.with_format(format) }
            }
        }
    });
    let models = api
        .operations_mention_models()
        .then(|| quote! { use super::types; });
    let allow_deprecated = api
        .any_deprecated()
        .then(|| quote! { #![allow(deprecated)] });
    quote! {
        //! The API's client: one async method per operation.
        #allow_deprecated

        use crate::runtime;
        #validate_import
        #models

        #[doc = #summary]
        ///
        /// Build one with [`Client::new`] or [`Client::builder`]; each method validates its
        /// request, sends it with the client's retry policy and decodes the response. Failures
        /// are [`runtime::Error`]s that keep everything the server sent.
        #server_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            http: runtime::HttpClient,
        }

        impl runtime::ApiClient for Client {
            fn from_http(http: runtime::HttpClient) -> Self {
                Client { http }
            }
        }

        impl Client {
            #constructors
            #with_format
            #( #methods )*
        }

        crate::runtime::client_builder!(Client);
        #auth
        #( #params )*
        #( #multipart_structs )*
        #( #response_enums )*
        #( #error_enums )*
    }
}

fn constructors(api: &Api) -> TokenStream {
    let mut out = quote! {
        /// A client for `base_url` with default settings (30 s timeout, retries of safe
        /// requests); fails when the URL is not a usable http(s) base URL.
        pub fn new(base_url: impl Into<String>) -> Result<Self, runtime::ConfigError> {
            Self::builder(base_url).build()
        }

        /// A builder for a client of `base_url`, to set timeout, retries, user agent, credentials
        /// or a `reqwest::Client` of your own.
        pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
            ClientBuilder::new(base_url)
        }
    };
    let Some(server) = api.servers.first() else {
        return out;
    };
    if server.variables.is_empty() {
        let url = &server.url;
        let doc = format!(" The spec's first server, `{url}`.");
        out.extend(quote! {
            #[doc = #doc]
            pub const DEFAULT_SERVER: &'static str = #url;
        });
        return out;
    }
    let Some(function) = &server.builder else {
        return out;
    };
    let function = format_ident!("{}", function);
    let params = server.variables.iter().map(|v| {
        let ident = format_ident!("{}", v.parameter);
        quote! { #ident: &str }
    });
    let entries = server.variables.iter().map(|variable| {
        let ident = format_ident!("{}", variable.parameter);
        let wire = &variable.name;
        let allowed = &variable.allowed;
        quote! { (#wire, #ident, &[#( #allowed ),*]) }
    });
    let url = &server.url;
    let mut doc = vec![format!("A builder for the server `{url}`, with")];
    for variable in &server.variables {
        let described = variable
            .description
            .as_deref()
            .map(|d| format!(": {}", docs::prose(d).join(" ")))
            .unwrap_or_default();
        doc.push(format!(
            "- `{}` (e.g. `{}`){described}",
            variable.name, variable.default
        ));
    }
    doc.push(String::new());
    doc.push(
        "Each value is checked to be a host name label, so it cannot change the URL's shape."
            .to_owned(),
    );
    let doc = docs::doc_attrs(&doc);
    out.extend(quote! {
        #doc
        pub fn #function(#( #params ),*) -> Result<ClientBuilder, runtime::ConfigError> {
            runtime::server_url(#url, &[#( #entries ),*]).map(ClientBuilder::new)
        }
    });
    out
}

fn auth_methods(api: &Api) -> TokenStream {
    if api.auth.is_empty() {
        return quote! {};
    }
    let methods = api.auth.iter().map(|scheme| {
        let ident = format_ident!("{}", scheme.method);
        let name = &scheme.scheme;
        let (first, params, credential) = match &scheme.kind {
            AuthKind::ApiKeyHeader { header } => (
                format!("Sends `value` in the `{header}` header (security scheme `{name}`)."),
                quote! { value: impl Into<String> },
                quote! { runtime::Credential::api_key_header(#header, value) },
            ),
            AuthKind::ApiKeyQuery { name: parameter } => (
                format!("Sends `value` as the query parameter `{parameter}` (security scheme `{name}`)."),
                quote! { value: impl Into<String> },
                quote! { runtime::Credential::api_key_query(#parameter, value) },
            ),
            AuthKind::ApiKeyCookie { name: cookie } => (
                format!("Sends `value` as the cookie `{cookie}` (security scheme `{name}`)."),
                quote! { value: impl Into<String> },
                quote! { runtime::Credential::api_key_cookie(#cookie, value) },
            ),
            AuthKind::Basic => (
                format!("Signs in with HTTP basic authentication as `user` (security scheme `{name}`)."),
                quote! { user: impl Into<String>, password: impl Into<String> },
                quote! { runtime::Credential::basic(user, password) },
            ),
            AuthKind::Bearer { discovery } => (
                match discovery {
                    None => format!("Sends `Authorization: Bearer <token>` (security scheme `{name}`)."),
                    Some(url) => format!("Sends `Authorization: Bearer <token>`, an OpenID Connect token of the provider at `{url}` (security scheme `{name}`). For tokens that expire, pass a `runtime::TokenProvider` with `credential(\"{name}\", runtime::Credential::token_provider(..))`."),
                },
                quote! { token: impl Into<String> },
                quote! { runtime::Credential::bearer(token) },
            ),
            AuthKind::OAuth2 { flows } => (
                {
                    let mut line = format!("Sends `Authorization: Bearer <token>`, an OAuth2 access token the caller has (security scheme `{name}`).");
                    if !flows.is_empty() {
                        let others: Vec<String> = flows
                            .iter()
                            .map(|flow| format!("[`ClientBuilder::{}`]", flow.method))
                            .collect();
                        line.push_str(&format!(" To have the client fetch and refresh tokens itself, use {}.", others.join(" or ")));
                    }
                    line
                },
                quote! { token: impl Into<String> },
                quote! { runtime::Credential::bearer(token) },
            ),
        };
        let mut doc = vec![first];
        if let Some(description) = &scheme.description {
            doc.push(String::new());
            doc.extend(docs::prose(description));
        }
        doc.push(String::new());
        doc.push(if scheme.required {
            "Every operation of the API needs it.".to_owned()
        } else {
            "The spec does not require it for every operation.".to_owned()
        });
        doc.push(
            "The value is a secret: it never appears in `Debug` output, errors or logs.".to_owned(),
        );
        let doc = docs::doc_attrs(&doc);
        let mut out = quote! {
            #doc
            pub fn #ident(self, #params) -> Self {
                self.credential(#name, #credential)
            }
        };
        if let AuthKind::OAuth2 { flows } = &scheme.kind {
            for flow in flows {
                out.extend(oauth_flow_method(name, flow));
            }
        }
        out
    });
    quote! {
        impl ClientBuilder {
            #( #methods )*
        }
    }
}

/// The builder method of an OAuth2 flow the client runs: it fetches a token from the spec's
/// token URL, caches it and refreshes it.
fn oauth_flow_method(scheme: &str, flow: &OAuthFlow) -> TokenStream {
    let ident = format_ident!("{}", flow.method);
    let url = &flow.token_url;
    let (what, params, build) = match flow.kind {
        OAuthFlowKind::ClientCredentials => (
            "OAuth2's client-credentials flow: the client signs in as itself",
            quote! { client_id: impl Into<String>, client_secret: impl Into<String> },
            quote! { runtime::OAuth2::client_credentials(#url, client_id, client_secret) },
        ),
        OAuthFlowKind::Password => (
            "OAuth2's password flow: the client signs in as `username`",
            quote! { client_id: impl Into<String>, username: impl Into<String>, password: impl Into<String> },
            quote! { runtime::OAuth2::password(#url, client_id, username, password) },
        ),
    };
    let mut doc = vec![
        format!("Signs in with {what} (security scheme `{scheme}`), at the token URL `{url}`."),
        String::new(),
        "The client fetches a token when a call first needs one, keeps it, fetches a new one before it expires and once after a 401; concurrent calls share one fetch. Scopes, a client secret (password flow) or a relative token URL against another host: build a `runtime::OAuth2` and pass it to `credential`.".to_owned(),
    ];
    if !flow.scopes.is_empty() {
        let scopes: Vec<String> = flow.scopes.iter().map(|s| format!("`{s}`")).collect();
        doc.push(String::new());
        doc.push(format!(
            "The spec's scopes: {} (none is asked for here).",
            scopes.join(", ")
        ));
    }
    let doc = docs::doc_attrs(&doc);
    quote! {
        #doc
        pub fn #ident(self, #params) -> Self {
            self.credential(#scheme, runtime::Credential::oauth2(#build))
        }
    }
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let docs = docs::doc_attrs(&method_docs(api, op));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let (mut params, mut build) = path_arguments(api, op);
    if let Some(checks) = parameter_checks(api, op) {
        build.push(quote! { .checked(|validator| { #checks }) });
    }
    if let Some(alternatives) = &op.security {
        let alternatives = alternatives
            .iter()
            .map(|schemes| quote! { &[#( #schemes ),*] });
        build.push(quote! { .security(&[#( #alternatives ),*]) });
    }
    if let Some(params_type) = &op.params_type {
        let ty = format_ident!("{}", params_type);
        params.push(quote! { params: &#ty });
    }
    let body_call = op.body.as_ref().map(|body| {
        let (param, call) = body_argument(api, op, body);
        params.push(param);
        call
    });
    build.extend(accept_headers(op));
    let optional: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
        .map(|p| optional_parameter(api, p))
        .collect();
    let method = format_ident!("{}", op.method.as_str());
    let path = &op.path;
    let (error, decode_error) = match &op.errors {
        Some(errors) => {
            let ident = format_ident!("{}", errors.name);
            (quote! { runtime::Error<#ident> }, quote! { #ident::decode })
        }
        None => (quote! { runtime::Error }, quote! { runtime::no_error_body }),
    };
    let (success_type, finish) = success(api, op, &decode_error);
    let has_optional = op
        .parameters
        .iter()
        .any(|p| p.location != ParameterLocation::Path);
    let binding = if has_optional {
        quote! { let mut request }
    } else {
        quote! { let request }
    };
    let send = if streamed(op) {
        quote! { send_streaming }
    } else {
        quote! { send }
    };
    let mut out = quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #( #params ),*) -> Result<runtime::Response<#success_type>, #error> {
            #binding = self.http.request(runtime::Method::#method, #path) #( #build )* #body_call;
            #( #optional )*
            self.http.#send(request).await? #finish
        }
    };
    if let Some((form_method, body)) = op
        .body
        .as_ref()
        .and_then(|body| Some((body.form_method.as_ref()?, body)))
    {
        let form_name = format_ident!("{}", form_method);
        let doc = format!(
            " Like [`Client::{}`], but the body is sent as `application/x-www-form-urlencoded`, which the spec offers too.",
            op.name
        );
        let valid = body_validation(api, &body.shape);
        let encoding = form_encoding(body);
        let form_call = quote! { #valid .form(body, &#encoding)? };
        out.extend(quote! {
            #[doc = #doc]
            #deprecated
            pub async fn #form_name(&self, #( #params ),*) -> Result<runtime::Response<#success_type>, #error> {
                #binding = self.http.request(runtime::Method::#method, #path) #( #build )* #form_call;
                #( #optional )*
                self.http.#send(request).await? #finish
            }
        });
    }
    if let Some(stream_method) = &op.stream_method {
        let stream_name = format_ident!("{}", stream_method);
        let doc = format!(
            " Like [`Client::{}`], but the body is read chunk by chunk as the caller asks for it (a download of any size never sits in memory; the client's `max_response_bytes` still bounds it).",
            op.name
        );
        out.extend(quote! {
            #[doc = #doc]
            #deprecated
            pub async fn #stream_name(&self, #( #params ),*) -> Result<runtime::Response<runtime::ByteStream>, #error> {
                #binding = self.http.request(runtime::Method::#method, #path) #( #build )* #body_call;
                #( #optional )*
                self.http.send_streaming(request).await?.bytes_stream(#decode_error)
            }
        });
    }
    out
}

/// Whether the success body is read as it arrives (an event stream, JSON lines).
fn streamed(op: &Operation) -> bool {
    op.success.by_status.is_none()
        && op.success.shape.is_some()
        && matches!(
            op.success.format,
            BodyFormat::EventStream | BodyFormat::JsonLines
        )
}

/// The path parameters: the method's arguments, in path order, and the steps of the request
/// chain that put each in the path (and compare it with its body field, `x-body-field`).
fn path_arguments(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut params = Vec::new();
    let mut build = Vec::new();
    for parameter in op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Path)
    {
        let ident = format_ident!("{}", parameter.name);
        let ty = argument_type(api, &parameter.shape);
        let wire = &parameter.wire_name;
        params.push(quote! { #ident: #ty });
        if api.is_plain(&parameter.shape) {
            let value = match parameter.shape.ty {
                Type::DateTime => quote! { #ident.to_rfc3339() },
                _ => quote! { #ident },
            };
            build.push(quote! { .path_param(#wire, #value) });
        } else {
            let explode = matches!(parameter.style, ParameterStyle::Simple { explode: true });
            build.push(quote! { .path_value(#wire, #ident, #explode) });
        }
        if let Some(field) = &parameter.body_field {
            let rust_field = format_ident!("{}", field.rust_field);
            let field_wire = &field.wire_name;
            let in_body = if field.borrow {
                quote! { &body.#rust_field }
            } else {
                quote! { body.#rust_field }
            };
            build.push(quote! { .same_in_body(#wire, #field_wire, #ident, #in_body) });
        }
    }
    (params, build)
}

/// The body argument, and the steps of the request chain that validate and encode it.
fn body_argument(api: &Api, op: &Operation, body: &Body) -> (TokenStream, TokenStream) {
    let ty = rust_type(api, &body.shape);
    let media = &body.media_type;
    match body.format {
        BodyFormat::Json => {
            let valid = body_validation(api, &body.shape);
            let call = match &body.xml {
                Some(_) => {
                    let xml = super::xml::body_const(op, false);
                    quote! { #valid .json_or_xml(body, &super::xml::#xml)? }
                }
                None => quote! { #valid .json(body)? },
            };
            (quote! { body: &#ty }, call)
        }
        BodyFormat::Text if is_plain_text(media) => (quote! { body: &str }, quote! { .text(body) }),
        BodyFormat::Text => (quote! { body: &str }, quote! { .text_as(body, #media)? }),
        BodyFormat::Xml => {
            let valid = body_validation(api, &body.shape);
            let xml = super::xml::body_const(op, false);
            (
                quote! { body: &#ty },
                quote! { #valid .xml(body, &super::xml::#xml)? },
            )
        }
        BodyFormat::Form => {
            let valid = body_validation(api, &body.shape);
            let encoding = form_encoding(body);
            (
                quote! { body: &#ty },
                quote! { #valid .form(body, &#encoding)? },
            )
        }
        BodyFormat::Multipart => match &body.multipart {
            Some(parts) => {
                let name = format_ident!("{}", parts.name);
                let build = multipart_parts(api, parts);
                (quote! { body: #name }, quote! { .multipart({ #build })? })
            }
            None => (
                quote! { body: runtime::Multipart },
                quote! { .multipart(body)? },
            ),
        },
        BodyFormat::Binary | BodyFormat::EventStream | BodyFormat::JsonLines => (
            quote! { body: impl Into<runtime::BinaryBody> },
            quote! { .binary(body.into(), #media)? },
        ),
    }
}

/// The block that turns a multipart body struct into a `runtime::Multipart`, part by part.
fn multipart_parts(api: &Api, parts: &MultipartBody) -> TokenStream {
    let text = |value: TokenStream, shape: &Shape| match &shape.ty {
        Type::String => value,
        Type::DateTime => quote! { #value.to_rfc3339() },
        _ => quote! { #value.to_string() },
    };
    let steps = parts.parts.iter().map(|part| {
        let field = format_ident!("{}", part.name);
        let wire = &part.wire_name;
        match (&part.kind, part.required) {
            (PartKind::File, true) => quote! { form = form.file(#wire, body.#field); },
            (PartKind::File, false) => quote! { form = form.file_opt(#wire, body.#field); },
            (PartKind::Files, _) => quote! { form = form.files(#wire, body.#field); },
            (PartKind::Value(shape), required) => {
                let item = match &shape.ty {
                    Type::Array(item) if api.is_text_part(item) => Some(item),
                    _ => None,
                };
                if let Some(item) = item {
                    let one = text(quote! { value }, item);
                    let list = if required {
                        quote! { body.#field }
                    } else {
                        quote! { body.#field.into_iter().flatten() }
                    };
                    quote! { for value in #list { form = form.text(#wire, #one); } }
                } else if api.is_text_part(shape) {
                    if required {
                        let one = text(quote! { body.#field }, shape);
                        quote! { form = form.text(#wire, #one); }
                    } else {
                        let one = text(quote! { value }, shape);
                        quote! { if let Some(value) = body.#field { form = form.text(#wire, #one); } }
                    }
                } else if required {
                    quote! { form = form.json(#wire, &body.#field)?; }
                } else {
                    quote! { if let Some(value) = &body.#field { form = form.json(#wire, value)?; } }
                }
            }
        }
    });
    quote! {
        let mut form = runtime::Multipart::new();
        #( #steps )*
        form
    }
}

/// The struct of a multipart body's parts.
fn multipart_struct(api: &Api, op: &Operation, parts: &MultipartBody) -> TokenStream {
    let name = format_ident!("{}", parts.name);
    let doc = format!(
        " The parts of the `multipart/form-data` body of [`Client::{}`]: files are streamed as they are sent.",
        op.name
    );
    let fields = parts.parts.iter().map(|part| {
        let ident = format_ident!("{}", part.name);
        let (ty, what) = match &part.kind {
            PartKind::File => (quote! { runtime::FilePart }, "file part"),
            PartKind::Files => (
                quote! { Vec<runtime::FilePart> },
                "file parts, one per file",
            ),
            PartKind::Value(shape) if api.is_text_part(shape) => {
                (rust_type(api, shape), "text part")
            }
            PartKind::Value(shape) => match &shape.ty {
                Type::Array(item) if api.is_text_part(item) => {
                    (rust_type(api, shape), "text parts, one per value")
                }
                _ => (rust_type(api, shape), "JSON part"),
            },
        };
        let ty = if part.required || part.kind == PartKind::Files {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let mut lines = vec![format!("The `{}` {what}.", part.wire_name)];
        if let Some(description) = &part.description {
            lines.push(String::new());
            lines.extend(docs::prose(description));
        }
        let doc = docs::doc_attrs(&lines);
        quote! { #doc pub #ident: #ty, }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub struct #name {
            #( #fields )*
        }
    }
}

/// Whether a text media type is `text/plain` with no parameter but the UTF-8 charset, which
/// the runtime's `text` sends.
fn is_plain_text(media: &str) -> bool {
    let media = media.to_ascii_lowercase().replace(' ', "");
    media == "text/plain" || media == "text/plain;charset=utf-8"
}

/// The `runtime::FormEncoding` of a form body, as a constant expression.
fn form_encoding(body: &Body) -> TokenStream {
    let mut out = quote! { runtime::FormEncoding::new() };
    let Some(form) = &body.form else {
        return out;
    };
    if form.dots {
        out.extend(quote! { .nesting(runtime::Nesting::Dots) });
    }
    if !form.properties.is_empty() {
        let entries = form.properties.iter().map(|(name, style)| {
            let style = match style {
                FormArrayStyle::Exploded => quote! { Exploded },
                FormArrayStyle::Comma => quote! { Comma },
                FormArrayStyle::Space => quote! { Space },
                FormArrayStyle::Pipe => quote! { Pipe },
            };
            quote! { (#name, runtime::ArrayStyle::#style) }
        });
        out.extend(quote! { .properties(&[#( #entries ),*]) });
    }
    out
}

/// The `Accept` steps of the request chain: plain text, the spec's XML media type, or the media
/// type of a body that is not JSON.
fn accept_headers(op: &Operation) -> Vec<TokenStream> {
    let mut build = Vec::new();
    if op.success.by_status.is_none() && op.success.shape.is_some() {
        match (op.success.format, &op.success.media_type) {
            (BodyFormat::Text, Some(media)) if !is_plain_text(media) => {
                build.push(quote! { .accept(#media) })
            }
            (BodyFormat::Text, _) => build.push(quote! { .accept("text/plain") }),
            (BodyFormat::Binary | BodyFormat::EventStream | BodyFormat::JsonLines, Some(media)) => {
                build.push(quote! { .accept(#media) })
            }
            _ => {}
        }
    }
    if let Some(xml) = &op.success.xml {
        let media = &xml.media_type;
        if op.success.format == BodyFormat::Xml {
            build.push(quote! { .accept(#media) });
        } else {
            build.push(quote! { .accept_xml(#media) });
        }
    }
    build
}

/// How a path parameter is passed: strings borrowed, scalars by value, other types by reference.
/// Whether [`argument_type`] passes `shape` by reference.
fn argument_is_reference(shape: &Shape) -> bool {
    matches!(
        shape.ty,
        Type::String
            | Type::Named(_)
            | Type::Array(_)
            | Type::Map(_)
            | Type::Json
            | Type::Option(_)
    )
}

fn argument_type(api: &Api, shape: &Shape) -> TokenStream {
    match &shape.ty {
        Type::String => quote! { &str },
        Type::Array(item) => {
            let item = rust_type(api, item);
            quote! { &[#item] }
        }
        _ if argument_is_reference(shape) => {
            let ty = rust_type(api, shape);
            quote! { &#ty }
        }
        _ => rust_type(api, shape),
    }
}

/// Statements checking the parameters that have constraints, each at its wire name: path
/// parameters are the method's arguments, the others fields of `params`.
fn parameter_checks(api: &Api, op: &Operation) -> Option<TokenStream> {
    let checks: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter(|p| api.needs_checks(&p.shape))
        .map(|parameter| {
            let ident = format_ident!("{}", parameter.name);
            let wire = &parameter.wire_name;
            // Only its type's own checks: one call, which also looks into an `Option`.
            if api.checks_only_types(&parameter.shape) {
                return match parameter.location {
                    ParameterLocation::Path if argument_is_reference(&parameter.shape) => {
                        quote! { validator.field(#wire, #ident); }
                    }
                    ParameterLocation::Path => quote! { validator.field(#wire, &#ident); },
                    _ => quote! { validator.field(#wire, &params.#ident); },
                };
            }
            let checks = |value: &str| checks_tokens(api, &parameter.shape, value);
            let access = match (parameter.location, parameter.required) {
                // An argument: a reference already unless `argument_type` passes it by value.
                (ParameterLocation::Path, _) if argument_is_reference(&parameter.shape) => {
                    checks(&parameter.name)
                }
                (ParameterLocation::Path, _) => checks(&format!("&{}", parameter.name)),
                // Bound to a name first: the checks write `value.check(..)` and
                // `value.iter()`, which a `&params.x` expression would not parse as.
                (_, true) => {
                    let checks = checks("value");
                    quote! { let value = &params.#ident; #checks }
                }
                (_, false) => {
                    let checks = checks("value");
                    quote! { if let Some(value) = &params.#ident { #checks } }
                }
            };
            quote! {
                validator.enter_field(#wire);
                #access
                validator.leave();
            }
        })
        .collect();
    (!checks.is_empty()).then(|| quote! { #( #checks )* })
}

/// The step of the request chain that validates the body: a generated type validates itself;
/// an array, map or scalar body with constraints is checked by statements written here.
fn body_validation(api: &Api, shape: &Shape) -> Option<TokenStream> {
    if api.is_struct_like(shape) {
        return Some(quote! { .valid_with(body)? });
    }
    if !api.needs_checks(shape) {
        return None;
    }
    let checks = checks_tokens(api, shape, "body");
    Some(quote! { .valid_with_checks(|validator| { #checks })? })
}

/// The statements checking `value` (an expression: a reference to a value of `shape`), as the
/// text emitter writes them for models too, taken into this method's tokens.
fn checks_tokens(api: &Api, shape: &Shape, value: &str) -> TokenStream {
    let text = super::text::value_checks(api, shape, value, 0);
    match text.parse() {
        Ok(tokens) => tokens,
        // Checks that do not lex are a bug in this crate; show them rather than hide it.
        Err(err) => {
            let message = format!("checks of `{value}` do not lex: {err}");
            quote! { compile_error!(#message); }
        }
    }
}

/// Adds one query, header or cookie parameter from `params`.
fn optional_parameter(api: &Api, parameter: &Parameter) -> TokenStream {
    let ident = format_ident!("{}", parameter.name);
    let wire = &parameter.wire_name;
    let add = |value: TokenStream| match parameter.location {
        ParameterLocation::Header => quote! { request = request.header(#wire, #value)?; },
        ParameterLocation::Cookie => quote! { request = request.cookie(#wire, #value); },
        _ => quote! { request = request.query(#wire, #value); },
    };
    let text = |value: TokenStream, ty: &Type| match ty {
        Type::DateTime => quote! { #value.to_rfc3339() },
        _ => value,
    };
    // Scalars, and exploded lists of them in the query, are written as text one by one; the
    // other values and styles from their serde form by the runtime.
    let plain = api.is_plain(&parameter.shape);
    let plain_list = matches!(&parameter.shape.ty, Type::Array(item) if api.is_plain(item));
    let by_style = |value: TokenStream| -> TokenStream {
        match (parameter.location, parameter.style) {
            (_, ParameterStyle::Json) => match parameter.location {
                ParameterLocation::Header => {
                    quote! { request = request.header_json(#wire, #value)?; }
                }
                ParameterLocation::Cookie => {
                    quote! { request = request.cookie_json(#wire, #value); }
                }
                _ => quote! { request = request.query_json(#wire, #value); },
            },
            (ParameterLocation::Header, ParameterStyle::Simple { explode }) => {
                quote! { request = request.header_value(#wire, #value, #explode)?; }
            }
            (ParameterLocation::Cookie, _) => quote! { request = request.cookie(#wire, #value); },
            (_, style) => {
                let style = query_style(style);
                quote! { request = request.query_value(#wire, #value, #style); }
            }
        }
    };
    let exploded = matches!(parameter.style, ParameterStyle::Form { explode: true })
        && parameter.location == ParameterLocation::Query;
    match (&parameter.shape.ty, parameter.required) {
        _ if parameter.style != ParameterStyle::Json && !plain && !(plain_list && exploded) => {
            if parameter.required {
                by_style(quote! { &params.#ident })
            } else {
                let one = by_style(quote! { value });
                quote! { if let Some(value) = &params.#ident { #one } }
            }
        }
        _ if parameter.style == ParameterStyle::Json => {
            if parameter.required {
                by_style(quote! { &params.#ident })
            } else {
                let one = by_style(quote! { value });
                quote! { if let Some(value) = &params.#ident { #one } }
            }
        }
        (Type::Array(item), required) => {
            let one = add(text(quote! { value }, &item.ty));
            let list = if required {
                quote! { &params.#ident }
            } else {
                quote! { params.#ident.iter().flatten() }
            };
            quote! { for value in #list { #one } }
        }
        (ty, true) if api.is_copy(&parameter.shape) => add(text(quote! { params.#ident }, ty)),
        (ty, true) => add(text(quote! { &params.#ident }, ty)),
        (ty, false) => {
            let one = add(text(quote! { value }, ty));
            quote! { if let Some(value) = &params.#ident { #one } }
        }
    }
}

fn query_style(style: ParameterStyle) -> TokenStream {
    match style {
        ParameterStyle::Form { explode } | ParameterStyle::Simple { explode } => {
            quote! { runtime::QueryStyle::Form { explode: #explode } }
        }
        ParameterStyle::SpaceDelimited => quote! { runtime::QueryStyle::SpaceDelimited },
        ParameterStyle::PipeDelimited => quote! { runtime::QueryStyle::PipeDelimited },
        ParameterStyle::DeepObject | ParameterStyle::Json => {
            quote! { runtime::QueryStyle::DeepObject }
        }
    }
}

/// The success type and the decoding call that ends the method.
fn success(api: &Api, op: &Operation, decode_error: &TokenStream) -> (TokenStream, TokenStream) {
    if let Some(by_status) = &op.success.by_status {
        let name = format_ident!("{}", by_status.name);
        return (
            quote! { #name },
            quote! { .decode_with(#decode_error, #name::decode) },
        );
    }
    let Some(shape) = &op.success.shape else {
        return (quote! { () }, quote! { .empty(#decode_error) });
    };
    match op.success.format {
        BodyFormat::Text => return (quote! { String }, quote! { .text(#decode_error) }),
        BodyFormat::Binary | BodyFormat::Form | BodyFormat::Multipart => {
            return (quote! { runtime::Bytes }, quote! { .bytes(#decode_error) })
        }
        BodyFormat::EventStream if shape.ty == Type::String => {
            return (
                quote! { runtime::EventStream<String> },
                quote! { .events_with(#decode_error, |_, data| Ok(data.to_owned())) },
            )
        }
        BodyFormat::EventStream => {
            let ty = rust_type(api, shape);
            return (
                quote! { runtime::EventStream<#ty> },
                quote! { .events(#decode_error) },
            );
        }
        BodyFormat::JsonLines => {
            let ty = rust_type(api, shape);
            return (
                quote! { runtime::JsonLines<#ty> },
                quote! { .json_lines(#decode_error) },
            );
        }
        BodyFormat::Json | BodyFormat::Xml => {}
    }
    let ty = rust_type(api, shape);
    if op.success.xml.is_some() {
        let xml = super::xml::body_const(op, true);
        let finish = if op.success.format == BodyFormat::Xml {
            quote! { .xml(#decode_error, &super::xml::#xml) }
        } else {
            quote! { .json_or_xml(#decode_error, &super::xml::#xml) }
        };
        return (ty, finish);
    }
    let Some(flag) = &op.success.flag else {
        return (ty, quote! { .json(#decode_error) });
    };
    let field = &flag.field;
    let message = match &flag.message {
        Some(message) => quote! { Some(#message) },
        None => quote! { None },
    };
    let rust_field = format_ident!("{}", flag.rust_field);
    let finish = quote! { .json_flagged(#decode_error, #field, #message, |body| body.#rust_field) };
    (ty, finish)
}

/// The Rust type a body of `format` is held in, for the variants of response and error enums
/// (which read bodies whole): text as `String`, other bodies that are not JSON or XML as bytes.
fn held_type(api: &Api, shape: &Shape, format: BodyFormat) -> TokenStream {
    match format {
        BodyFormat::Json | BodyFormat::Xml => rust_type(api, shape),
        BodyFormat::Text => quote! { String },
        _ => quote! { runtime::Bytes },
    }
}

/// `ty`, in a `Box` when `boxed`.
fn boxed_if(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// `value`, put in a `Box` when `boxed`.
fn boxed_value(value: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote! { Box::new(#value) }
    } else {
        value
    }
}

/// The match pattern of a status: a code, a range of codes, or any other.
fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        Status::Range(digit) => {
            let low = proc_macro2::Literal::u16_unsuffixed(digit * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(digit * 100 + 99);
            quote! { #low..=#high }
        }
        Status::Default => quote! { _ },
    }
}

/// How the docs name a status.
fn status_doc(status: Status) -> String {
    match status {
        Status::Default => "Any other status".to_owned(),
        status => format!("`{}`", status.key()),
    }
}

/// A type as named from the client module: models through `types::`.
fn rust_type(api: &Api, shape: &Shape) -> TokenStream {
    rust_type_from(api, shape, &quote! { types:: })
}

fn method_docs(api: &Api, op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = &op.summary {
        lines.extend(docs::prose(summary));
        lines.push(String::new());
    }
    lines.push(format!("`{} {}`", op.method.as_str(), op.path));
    if let Some(description) = &op.description {
        lines.push(String::new());
        lines.extend(docs::prose(description));
    }
    // Path parameters are the method's arguments: their descriptions are said here (query and
    // header parameters have theirs on the fields of the params struct).
    let described: Vec<String> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Path)
        .filter_map(|p| {
            let description = p.description.as_deref()?;
            Some(format!(
                "- `{}`: {}",
                p.name,
                docs::prose(description).join(" ")
            ))
        })
        .collect();
    if !described.is_empty() {
        lines.push(String::new());
        lines.push("Arguments:".to_owned());
        lines.extend(described);
    }
    lines.push(String::new());
    lines.push("Responses:".to_owned());
    for response in &op.responses {
        let status = match response.status {
            Status::Default => "other".to_owned(),
            status => status.key(),
        };
        lines.push(format!(
            "- `{status}`: {}",
            docs::prose(&response.description).join(" ")
        ));
    }
    for parameter in &op.parameters {
        if let Some(field) = &parameter.body_field {
            lines.push(String::new());
            let property = if field.rust_field == field.wire_name {
                String::new()
            } else {
                format!(" (the body's `{}`)", field.wire_name)
            };
            lines.push(format!(
                "`{}` must equal `body.{}`{property}: both name the same thing, and a call where they differ is refused before it is sent, with [`runtime::Error::InvalidRequest`].",
                parameter.name, field.rust_field
            ));
        }
    }
    // The conversion's first path, or another with the same two types.
    let read_back = api.read_backs.iter().find_map(|r| {
        std::iter::once((&r.get, &r.put))
            .chain(r.also.iter().map(|(get, put)| (get, put)))
            .find(|(_, put)| **put == op.name)
            .map(|(get, _)| (r, get))
    });
    if let Some((read_back, get)) = read_back {
        let request = &api.type_def(read_back.request).name;
        let current = &api.type_def(read_back.current).name;
        lines.push(String::new());
        lines.push(format!(
            "To send back what [`Client::{get}`] returned, build the body from it with `types::{request}::try_from(&{})` (see its `TryFrom<&{current}>` impl).",
            crate::names::field_name(current)
        ));
    }
    if let Some(flag) = &op.success.flag {
        lines.push(String::new());
        lines.push(format!(
            "A success status whose body has `{}: false` is returned as [`runtime::Error::Rejected`], with the server's reason and the raw body.",
            flag.field
        ));
    }
    lines
}

fn params_struct(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = format_ident!("{}", op.params_type.as_ref()?);
    let places = if op
        .parameters
        .iter()
        .any(|p| p.location == ParameterLocation::Cookie)
    {
        "query, header and cookie"
    } else {
        "query and header"
    };
    let doc = format!(" The {places} parameters of [`Client::{}`].", op.name);
    let all_optional = op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
        .all(|p| !p.required);
    let default = all_optional.then(|| quote! { Default, });
    let fields = op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Path)
        .map(|p| {
            let ident = format_ident!("{}", p.name);
            let ty = rust_type(api, &p.shape);
            let ty = if p.required {
                ty
            } else {
                quote! { Option<#ty> }
            };
            let place = match p.location {
                ParameterLocation::Header => "header",
                ParameterLocation::Cookie => "cookie",
                _ => "query parameter",
            };
            let mut lines = vec![format!("The `{}` {place}.", p.wire_name)];
            if let Some(description) = &p.description {
                lines.push(String::new());
                lines.extend(docs::prose(description));
            }
            let doc = docs::doc_attrs(&lines);
            quote! { #doc pub #ident: #ty, }
        });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #( #fields )*
        }
    })
}

fn response_enum(api: &Api, op: &Operation, responses: &ResponseEnum) -> TokenStream {
    let name = format_ident!("{}", responses.name);
    let doc = format!(
        " The success responses of [`Client::{}`], chosen by the response status.",
        op.name
    );
    let variants = responses.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let doc = format!(
            " {}: {}",
            status_doc(variant.status),
            docs::prose(&variant.description).join(" ")
        );
        let ranged = !matches!(variant.status, Status::Code(_));
        match (&variant.shape, ranged) {
            (None, false) => quote! { #[doc = #doc] #ident, },
            (None, true) => quote! {
                #[doc = #doc]
                #ident {
                    /// The status received.
                    status: runtime::StatusCode,
                },
            },
            (Some(shape), false) => {
                let ty = boxed_if(held_type(api, shape, variant.format), variant.boxed);
                quote! { #[doc = #doc] #ident(#ty), }
            }
            (Some(shape), true) => {
                let ty = boxed_if(held_type(api, shape, variant.format), variant.boxed);
                quote! {
                    #[doc = #doc]
                    #ident {
                        /// The status received.
                        status: runtime::StatusCode,
                        /// The body.
                        body: #ty,
                    },
                }
            }
        }
    });
    let arms = responses.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let pattern = status_pattern(variant.status);
        let ranged = !matches!(variant.status, Status::Code(_));
        let decode = match variant.format {
            BodyFormat::Json | BodyFormat::Xml => quote! { runtime::decode_json(body) },
            BodyFormat::Text => quote! { runtime::decode_text(body) },
            // Bytes are taken as they are: nothing to fail.
            _ => {
                let bytes = boxed_value(
                    quote! { runtime::Bytes::copy_from_slice(body) },
                    variant.boxed,
                );
                return match ranged {
                    false => quote! { #pattern => Ok(Self::#ident(#bytes)), },
                    true => quote! { #pattern => Ok(Self::#ident { status, body: #bytes }), },
                };
            }
        };
        match (&variant.shape, ranged) {
            (None, false) => quote! { #pattern => Ok(Self::#ident), },
            (None, true) => quote! { #pattern => Ok(Self::#ident { status }), },
            (Some(_), false) if variant.boxed => {
                quote! { #pattern => #decode.map(|body| Self::#ident(Box::new(body))), }
            }
            (Some(_), false) => quote! { #pattern => #decode.map(Self::#ident), },
            (Some(_), true) if variant.boxed => quote! {
                #pattern => #decode.map(|body| Self::#ident { status, body: Box::new(body) }),
            },
            (Some(_), true) => {
                quote! { #pattern => #decode.map(|body| Self::#ident { status, body }), }
            }
        }
    });
    let fallback = (!responses
        .variants
        .iter()
        .any(|v| v.status == Status::Default))
    .then(|| quote! { other => Err(runtime::BodyError::undeclared_status(other)), });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variants )*
        }

        impl #name {
            /// Decodes the body of a success response by its status.
            fn decode(
                status: runtime::StatusCode,
                body: &[u8],
            ) -> Result<Self, runtime::BodyError> {
                match status.as_u16() {
                    #( #arms )*
                    #fallback
                }
            }
        }
    }
}

fn error_enum(api: &Api, op: &Operation, errors: &ErrorEnum) -> TokenStream {
    let name = format_ident!("{}", errors.name);
    if let Some(same_as) = &errors.same_as {
        let doc = format!(
            " The error bodies [`Client::{}`] declares: the same as those of [`{same_as}`].",
            op.name
        );
        let same_as = format_ident!("{}", same_as);
        return quote! {
            #[doc = #doc]
            pub type #name = #same_as;
        };
    }
    let doc = format!(
        " The error bodies [`Client::{}`] declares, chosen by the response status.",
        op.name
    );
    let variants = errors.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let ty = boxed_if(
            held_type(api, &variant.shape, variant.format),
            variant.boxed,
        );
        let doc = format!(
            " {}: {}",
            status_doc(variant.status),
            docs::prose(&variant.description).join(" ")
        );
        match variant.status {
            Status::Range(_) => quote! {
                #[doc = #doc]
                #ident {
                    /// The status received.
                    status: runtime::StatusCode,
                    /// The body.
                    body: #ty,
                },
            },
            _ => quote! { #[doc = #doc] #ident(#ty), },
        }
    });
    // Each variant's pattern and the expression that decodes it.
    let arms: Vec<(TokenStream, TokenStream)> = errors
        .variants
        .iter()
        .map(|variant| {
            let ident = format_ident!("{}", variant.name);
            let pattern = status_pattern(variant.status);
            let decode = match (&variant.xml, variant.format) {
                (None, BodyFormat::Text) => quote! { String::from_utf8(body.to_vec()).ok() },
                (None, BodyFormat::Json) => quote! { ::serde_json::from_slice(body).ok() },
                (None, BodyFormat::Xml) => quote! { ::serde_json::from_slice(body).ok() },
                // Bytes are taken as they are: nothing to fail.
                (None, _) => {
                    let bytes = boxed_value(
                        quote! { runtime::Bytes::copy_from_slice(body) },
                        variant.boxed,
                    );
                    return match variant.status {
                        Status::Range(_) => (
                            pattern,
                            quote! { Some(Self::#ident { status, body: #bytes }) },
                        ),
                        _ => (pattern, quote! { Some(Self::#ident(#bytes)) }),
                    };
                }
                (Some(xml), format) => {
                    let root = super::xml::xml_name(&xml.root, &super::xml::Namespaces::default());
                    let xml = quote! { runtime::from_xml(body, &runtime::#root).ok() };
                    match format {
                        BodyFormat::Xml => xml,
                        // Offered as JSON and XML: whichever the body is.
                        _ => quote! { ::serde_json::from_slice(body).ok().or_else(|| #xml) },
                    }
                }
            };
            let expr = match variant.status {
                Status::Range(_) if variant.boxed => quote! {
                    #decode.map(|body| Self::#ident { status, body: Box::new(body) })
                },
                Status::Range(_) => {
                    quote! { #decode.map(|body| Self::#ident { status, body }) }
                }
                _ if variant.boxed => {
                    quote! { #decode.map(|body| Self::#ident(Box::new(body))) }
                }
                _ => quote! { #decode.map(Self::#ident) },
            };
            (pattern, expr)
        })
        .collect();
    let fallback = (!errors.variants.iter().any(|v| v.status == Status::Default))
        .then(|| quote! { _ => None, });
    let decode_fn = match (arms.as_slice(), errors.variants.as_slice()) {
        // Only `default`: every status is decoded the same way, with no match to make.
        ([(_, expr)], [variant]) if variant.status == Status::Default => quote! {
            fn decode(_status: runtime::StatusCode, body: &[u8]) -> Option<Self> {
                #expr
            }
        },
        _ => {
            let arms = arms
                .iter()
                .map(|(pattern, expr)| quote! { #pattern => #expr, });
            quote! {
                fn decode(status: runtime::StatusCode, body: &[u8]) -> Option<Self> {
                    match status.as_u16() {
                        #( #arms )*
                        #fallback
                    }
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variants )*
        }

        impl #name {
            /// Decodes the body of a `status` response, when it fits the declared schema.
            #decode_fn
        }
    }
}
