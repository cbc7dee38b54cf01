//! The one document model lowering reads: an owned, typed OpenAPI document that holds both
//! 3.0 and 3.1.
//!
//! Schemas are read as 3.1 reads them (JSON Schema 2020-12 as OpenAPI uses it): a type set that
//! may allow `null` (3.0's `nullable: true` is that null), numeric exclusive bounds (3.0's
//! boolean form is converted), `const`, `examples`, `$ref` with its sibling keywords kept,
//! `prefixItems`, `contentEncoding`/`contentMediaType`, `$defs`, `discriminator` and `xml`.
//! Every `x-` extension is kept, and so is every keyword the model has no field for: nothing
//! written in the document is lost.
//!
//! [`read::read`] builds the model in one pass over the JSON the loader has read, knowing the
//! JSON pointer of everything as it goes; [`Document::resolve`] follows a `$ref` to any JSON
//! pointer inside the document.

mod read;
pub(crate) mod resolve;

pub use read::{read, MAX_SCHEMA_DEPTH};
pub use resolve::{RefError, Target, MAX_REF_CHAIN};

use indexmap::IndexMap;
use serde_json::{Number, Value};

/// Keys in document order.
pub type Map<T> = IndexMap<String, T>;

/// `x-` extensions, and keywords the model has no field for, as written.
pub type Extra = IndexMap<String, Value>;

/// An OpenAPI document (3.0.x or 3.1.x).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The `openapi` version string.
    pub openapi: String,
    /// `info`.
    pub info: Info,
    /// `jsonSchemaDialect` (3.1).
    pub json_schema_dialect: Option<String>,
    /// `servers`.
    pub servers: Vec<Server>,
    /// `paths`, in document order.
    pub paths: Map<RefOr<PathItem>>,
    /// `webhooks` (3.1).
    pub webhooks: Map<RefOr<PathItem>>,
    /// `components`.
    pub components: Components,
    /// `security`, when written.
    pub security: Option<Vec<SecurityRequirement>>,
    /// `tags`, as written.
    pub tags: Vec<Value>,
    /// `externalDocs`, as written.
    pub external_docs: Option<Value>,
    /// Extensions and unknown keywords of the document object.
    pub extra: Extra,
    /// Extensions of the `paths` object.
    pub paths_extra: Extra,
}

/// `info`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Info {
    /// `title`.
    pub title: String,
    /// `summary` (3.1).
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `version`.
    pub version: String,
    /// `termsOfService`, `contact`, `license`, extensions.
    pub extra: Extra,
}

/// A server.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Server {
    /// `url`.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// `variables`, when written.
    pub variables: Option<Map<ServerVariable>>,
    /// Extensions and unknown keywords.
    pub extra: Extra,
}

/// A server variable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerVariable {
    /// `enum`.
    pub enumeration: Vec<String>,
    /// `default`.
    pub default: String,
    /// `description`.
    pub description: Option<String>,
    /// Extensions and unknown keywords.
    pub extra: Extra,
}

/// `components`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Components {
    /// `schemas`.
    pub schemas: Map<Schema>,
    /// `responses`.
    pub responses: Map<RefOr<Response>>,
    /// `parameters`.
    pub parameters: Map<RefOr<Parameter>>,
    /// `requestBodies`.
    pub request_bodies: Map<RefOr<RequestBody>>,
    /// `headers`.
    pub headers: Map<RefOr<Header>>,
    /// `securitySchemes`.
    pub security_schemes: Map<RefOr<SecurityScheme>>,
    /// `pathItems` (3.1).
    pub path_items: Map<RefOr<PathItem>>,
    /// `examples`, `links`, `callbacks`, extensions and unknown keywords, as written.
    pub extra: Extra,
}

/// A security requirement: scheme name -> scopes.
pub type SecurityRequirement = Map<Vec<String>>;

/// A `$ref` in place of an object, with the `summary` and `description` 3.1 allows beside it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    /// The reference as written.
    pub target: String,
    /// `summary` (3.1).
    pub summary: Option<String>,
    /// `description` (3.1).
    pub description: Option<String>,
}

/// An object, or a `$ref` to one. Schemas are not wrapped: a schema's `$ref` is one of its
/// keywords ([`Schema::reference`]).
#[derive(Debug, Clone, PartialEq)]
pub enum RefOr<T> {
    /// A `$ref`.
    Ref(Reference),
    /// The object written in place.
    Item(T),
}

impl<T> RefOr<T> {
    /// The object written in place, if it is one.
    pub fn as_item(&self) -> Option<&T> {
        match self {
            RefOr::Item(item) => Some(item),
            RefOr::Ref(_) => None,
        }
    }
}

/// HTTP methods a path item may hold, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A path item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathItem {
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The operations, keyed by lower-case method, in [`METHODS`] order.
    pub operations: Vec<(String, Operation)>,
    /// `parameters` shared by the operations.
    pub parameters: Vec<RefOr<Parameter>>,
    /// `servers`.
    pub servers: Vec<Server>,
    /// Extensions and unknown keywords.
    pub extra: Extra,
}

impl PathItem {
    /// The operation of `method` (lower case).
    pub fn operation(&self, method: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, op)| op)
    }
}

/// An operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Operation {
    /// `tags`.
    pub tags: Vec<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// `parameters`.
    pub parameters: Vec<RefOr<Parameter>>,
    /// `requestBody`.
    pub request_body: Option<RefOr<RequestBody>>,
    /// `responses`.
    pub responses: Responses,
    /// `deprecated`.
    pub deprecated: bool,
    /// `security`, when written.
    pub security: Option<Vec<SecurityRequirement>>,
    /// `servers`.
    pub servers: Vec<Server>,
    /// `externalDocs`, `callbacks`, extensions and unknown keywords, as written.
    pub extra: Extra,
}

/// `responses`: each status key as written (`200`, `2XX`), and `default`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Responses {
    /// Responses by status key, in document order.
    pub by_status: Vec<(StatusKey, RefOr<Response>)>,
    /// `default`.
    pub default: Option<RefOr<Response>>,
    /// Extensions.
    pub extra: Extra,
}

/// The key of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKey {
    /// An exact status code.
    Code(u16),
    /// A range such as `2XX`: its first digit.
    Range(u16),
}

impl std::fmt::Display for StatusKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusKey::Code(code) => write!(f, "{code}"),
            StatusKey::Range(digit) => write!(f, "{digit}XX"),
        }
    }
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterIn {
    /// `path`.
    Path,
    /// `query`.
    Query,
    /// `header`.
    Header,
    /// `cookie`.
    Cookie,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// `name`.
    pub name: String,
    /// `in`.
    pub location: ParameterIn,
    /// `description`.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `style`.
    pub style: Option<String>,
    /// `explode`.
    pub explode: Option<bool>,
    /// `allowReserved`.
    pub allow_reserved: bool,
    /// `allowEmptyValue`.
    pub allow_empty_value: bool,
    /// `schema` or `content`.
    pub format: SchemaOrContent,
    /// `example`, `examples`, extensions (`x-body-field` among them) and unknown keywords.
    pub extra: Extra,
}

/// How a parameter or header describes its value.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaOrContent {
    /// `schema`.
    Schema(Box<Schema>),
    /// `content`.
    Content(Map<MediaType>),
}

/// A header of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// `description`.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `schema` or `content`.
    pub format: SchemaOrContent,
    /// `style`, `explode`, `example`, `examples`, extensions and unknown keywords.
    pub extra: Extra,
}

/// A request body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestBody {
    /// `description`.
    pub description: Option<String>,
    /// `content`, by media type.
    pub content: Map<MediaType>,
    /// `required`.
    pub required: bool,
    /// Extensions and unknown keywords.
    pub extra: Extra,
}

/// A response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    /// `description`.
    pub description: String,
    /// `headers`.
    pub headers: Map<RefOr<Header>>,
    /// `content`, by media type.
    pub content: Map<MediaType>,
    /// `links`, extensions (`x-success-flag` among them) and unknown keywords.
    pub extra: Extra,
}

/// A media type of a body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MediaType {
    /// `schema`.
    pub schema: Option<Schema>,
    /// `encoding`.
    pub encoding: Map<Encoding>,
    /// `example`, `examples`, extensions and unknown keywords.
    pub extra: Extra,
}

/// The encoding of one property of a form or multipart body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Encoding {
    /// `contentType`.
    pub content_type: Option<String>,
    /// `headers`.
    pub headers: Map<RefOr<Header>>,
    /// `style`.
    pub style: Option<String>,
    /// `explode`.
    pub explode: Option<bool>,
    /// `allowReserved`.
    pub allow_reserved: bool,
    /// Extensions and unknown keywords.
    pub extra: Extra,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyIn {
    /// `header`.
    Header,
    /// `query`.
    Query,
    /// `cookie`.
    Cookie,
}

/// A security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// What kind of credential.
    pub kind: SecuritySchemeKind,
    /// `description`.
    pub description: Option<String>,
    /// Extensions and unknown keywords (`flows` of OAuth2 among them, as written).
    pub extra: Extra,
}

/// The kind of a security scheme, by its `type`.
#[derive(Debug, Clone, PartialEq)]
pub enum SecuritySchemeKind {
    /// `apiKey`.
    ApiKey {
        /// `name`: the header, query parameter or cookie.
        name: String,
        /// `in`.
        location: ApiKeyIn,
    },
    /// `http`.
    Http {
        /// `scheme` (`bearer`, `basic`, ...).
        scheme: String,
        /// `bearerFormat`.
        bearer_format: Option<String>,
    },
    /// `oauth2`.
    OAuth2,
    /// `openIdConnect`.
    OpenIdConnect {
        /// `openIdConnectUrl`.
        url: String,
    },
    /// `mutualTLS` (3.1).
    MutualTls,
}

/// A JSON type name of a schema's `type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaType {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `integer`.
    Integer,
    /// `boolean`.
    Boolean,
    /// `array`.
    Array,
    /// `object`.
    Object,
    /// A name JSON Schema does not know, kept for lowering to report.
    Unknown(String),
}

impl SchemaType {
    /// The type's name as written.
    pub fn name(&self) -> &str {
        match self {
            SchemaType::String => "string",
            SchemaType::Number => "number",
            SchemaType::Integer => "integer",
            SchemaType::Boolean => "boolean",
            SchemaType::Array => "array",
            SchemaType::Object => "object",
            SchemaType::Unknown(name) => name,
        }
    }

    fn from_name(name: &str) -> Self {
        match name {
            "string" => SchemaType::String,
            "number" => SchemaType::Number,
            "integer" => SchemaType::Integer,
            "boolean" => SchemaType::Boolean,
            "array" => SchemaType::Array,
            "object" => SchemaType::Object,
            other => SchemaType::Unknown(other.to_owned()),
        }
    }
}

/// `additionalProperties`: `true`/`false`, or a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum AdditionalProperties {
    /// `true` or `false`.
    Allowed(bool),
    /// A schema the other properties' values have.
    Schema(Box<Schema>),
}

/// A discriminator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discriminator {
    /// `propertyName`.
    pub property_name: String,
    /// `mapping`: value -> schema reference or name.
    pub mapping: Map<String>,
    /// Extensions and unknown keywords.
    pub extra: Extra,
}

/// A schema, read as JSON Schema 2020-12 as OpenAPI 3.1 uses it.
///
/// Keywords that are absent are `None` (or empty where presence and emptiness mean the same):
/// lowering tells `properties: {}` from no `properties`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    /// `$ref`: the other keywords are kept beside it.
    pub reference: Option<String>,
    /// The types `type` names, without `null`; `None` when `type` is not written.
    pub types: Option<Vec<SchemaType>>,
    /// Whether `null` is allowed explicitly: `null` in `type`, or 3.0's `nullable: true`.
    pub null: bool,
    /// `format`.
    pub format: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `default`.
    pub default: Option<Value>,
    /// `example` (3.0).
    pub example: Option<Value>,
    /// `examples` (3.1).
    pub examples: Option<Vec<Value>>,
    /// `const`.
    pub constant: Option<Value>,
    /// `enum`.
    pub enumeration: Option<Vec<Value>>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `multipleOf`.
    pub multiple_of: Option<Number>,
    /// `minimum` (inclusive).
    pub minimum: Option<Number>,
    /// `maximum` (inclusive).
    pub maximum: Option<Number>,
    /// `exclusiveMinimum` as a number (3.0's `exclusiveMinimum: true` moves `minimum` here).
    pub exclusive_minimum: Option<Number>,
    /// `exclusiveMaximum` as a number (3.0's `exclusiveMaximum: true` moves `maximum` here).
    pub exclusive_maximum: Option<Number>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `contentEncoding` (3.1), e.g. `base64`.
    pub content_encoding: Option<String>,
    /// `contentMediaType` (3.1).
    pub content_media_type: Option<String>,
    /// `items`.
    pub items: Option<Box<Schema>>,
    /// `prefixItems` (3.1).
    pub prefix_items: Option<Vec<Schema>>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique_items: Option<bool>,
    /// `properties`.
    pub properties: Option<Map<Schema>>,
    /// `required`.
    pub required: Option<Vec<String>>,
    /// `additionalProperties`.
    pub additional_properties: Option<AdditionalProperties>,
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
    /// `allOf`.
    pub all_of: Option<Vec<Schema>>,
    /// `oneOf`.
    pub one_of: Option<Vec<Schema>>,
    /// `anyOf`.
    pub any_of: Option<Vec<Schema>>,
    /// `not`.
    pub not: Option<Box<Schema>>,
    /// `$defs` (3.1).
    pub defs: Map<Schema>,
    /// `discriminator`.
    pub discriminator: Option<Discriminator>,
    /// `xml`, as written: lowering reads and checks it.
    pub xml: Option<Value>,
    /// `externalDocs`, as written.
    pub external_docs: Option<Value>,
    /// `x-` extensions.
    pub extensions: Extra,
    /// Keywords the model has no field for (`if`, `patternProperties`, `$id`, ...), as written.
    pub unknown: Extra,
}

impl Schema {
    /// Whether the schema is only a `$ref` as far as 3.0 reads it (3.0 ignores a `$ref`'s
    /// siblings).
    pub fn is_ref(&self) -> bool {
        self.reference.is_some()
    }
}

#[cfg(test)]
mod tests;
