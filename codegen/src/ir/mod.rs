//! The checked intermediate model: everything `emit` needs, with every question about the spec
//! already answered by `lower`. Plain data; no document model, no tokens. The questions emit
//! asks about it are methods ([`query`]).

pub mod query;

pub use query::{resolve_alias, shape_needs_checks};

/// One API: the types and operations of one spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The Rust module name, from the spec's file stem.
    pub module: String,
    /// The spec file as the user named it, for headers and docs.
    pub source: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    /// Every named type, in a fixed order: components in spec order, then inline types in the
    /// order they were met.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Ways to authenticate, from `components/securitySchemes`, each a builder method.
    pub auth: Vec<AuthScheme>,
    /// Request types that can be built from a response type, for a read-modify-write.
    pub read_backs: Vec<ReadBack>,
}

/// A path whose `GET` returns one object type and whose `PUT` sends another, every property of
/// which the returned type has too (same wire name, same type): the request can be built from
/// what was read (`TryFrom<&Current> for Request`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBack {
    /// The `PUT` body's type.
    pub request: TypeId,
    /// The `GET` response's type.
    pub current: TypeId,
    /// The method names of the `GET` and the `PUT`.
    pub get: String,
    pub put: String,
    /// One per property of the request type, in its order.
    pub fields: Vec<ReadBackField>,
    /// The field of unknown properties: the request's, and the current type's to fill it from
    /// (`None`: the request's starts empty).
    pub unknown: Option<(String, Option<String>)>,
    /// The method names of the `GET` and `PUT` of other paths with the same two types.
    pub also: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReadBackField {
    pub wire_name: String,
    /// The field in the request type, and how it is present there.
    pub request_field: String,
    pub request: Presence,
    /// The field in the current type, and how it is present there.
    pub current_field: String,
    pub current: Presence,
    /// The type both fields hold (apart from their presence).
    pub shape: Shape,
}

/// An authentication scheme the client builder offers.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// The builder method's name, e.g. `api_key`.
    pub method: String,
    /// The scheme's name in the spec.
    pub scheme: String,
    pub description: Option<String>,
    pub kind: AuthKind,
    /// Whether every operation needs it (no operation allows going without).
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// An API key in a request header.
    ApiKeyHeader { header: String },
    /// An API key in a query parameter.
    ApiKeyQuery { name: String },
    /// An API key in a cookie.
    ApiKeyCookie { name: String },
    /// HTTP basic: a user name and a password.
    Basic,
    /// `Authorization: Bearer <token>`, a token the caller has (HTTP bearer, and OpenID
    /// Connect, whose `openIdConnectUrl` is `discovery`).
    Bearer { discovery: Option<String> },
    /// OAuth2: the builder method takes a token the caller has (any flow); each flow the
    /// runtime runs itself gets a method of its own.
    OAuth2 { flows: Vec<OAuthFlow> },
}

/// An OAuth2 flow the client runs itself, fetching tokens from `token_url`.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthFlow {
    pub kind: OAuthFlowKind,
    /// The builder method that sets it up.
    pub method: String,
    pub token_url: String,
    /// The scopes the spec lists for the flow, in spec order.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFlowKind {
    ClientCredentials,
    Password,
}

impl Api {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The read-modify-write conversions into the request type `def`.
    pub fn read_backs_into<'a>(&'a self, def: &'a TypeDef) -> impl Iterator<Item = &'a ReadBack> {
        self.read_backs
            .iter()
            .filter(move |read_back| self.type_def(read_back.request).name == def.name)
    }
}

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
    /// The name of the `Client` constructor for this server, when it has variables.
    pub builder: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    /// The constructor's parameter for it.
    pub parameter: String,
    pub default: String,
    pub description: Option<String>,
    pub allowed: Vec<String>,
}

/// Where a type is used: in bodies sent, bodies received, or both. Types no operation reaches
/// count as both, so they are safe in either direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name, unique in the API.
    pub name: String,
    /// The JSON pointer of the schema it was made from.
    pub pointer: String,
    pub docs: Docs,
    pub usage: Usage,
    /// `true` when a value of this type, or of anything inside it, has constraints to check.
    pub validated: bool,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// How the type is written in XML bodies.
    pub xml: TypeXml,
}

/// A type's XML form: its element name (for a document's root) and whether an XML body
/// reaches it, which is when its XML reading and writing are generated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TypeXml {
    /// `xml.name`, else the schema's name; `xml.namespace` is also the namespace of the type's
    /// members.
    pub root: XmlName,
    pub used: bool,
}

/// An element or attribute name from an `xml` object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XmlName {
    pub name: String,
    /// `None`: the namespace of the enclosing type's members (for an attribute: none).
    pub namespace: Option<String>,
    pub prefix: Option<String>,
}

/// How a struct field is written in XML.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldXml {
    /// The element (or attribute); for an array that is not wrapped, each item's element.
    pub name: XmlName,
    pub attribute: bool,
    /// For a wrapped array: the element name of each item inside the wrapper.
    pub item: Option<String>,
}

/// A body that may travel as XML.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlBody {
    /// The XML media type to send or ask for, e.g. `application/xml`.
    pub media_type: String,
    /// The document's root element.
    pub root: XmlName,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// A `oneOf`/`anyOf` whose branches are told apart by their JSON shape.
    Untagged(Untagged),
    /// A named schema that is just another type, e.g. `OrderId: {type: integer}`.
    Alias(Shape),
}

/// Documentation gathered from a schema: description, constraints and example, ready to print.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Lines such as "Max length: 56." derived from constraints, formats and defaults.
    pub notes: Vec<String>,
    /// The spec's example, as compact JSON.
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// What happens to properties the spec does not name.
    pub additional: Additional,
    /// Indices into `fields`, in the order of their XML elements: `x-xml-order`, else
    /// DataContract's order (by element name, ordinal).
    pub xml_order: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Not kept (request-only types, or `additionalProperties: false`).
    Dropped,
    /// Kept in a flattened map of JSON values, so a read-modify-write loses nothing.
    KeepUnknown { field: String },
    /// `additionalProperties: <schema>`: kept in a flattened typed map.
    Typed { field: String, value: Box<Shape> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    /// Other wire names accepted when reading (`x-aliases`).
    pub aliases: Vec<String>,
    pub docs: Docs,
    pub shape: Shape,
    pub required: bool,
    pub nullable: bool,
    /// Applied when a response omits the field.
    pub default: Option<Literal>,
    /// The value is held in a `Box`: the field's type contains the struct itself.
    pub boxed: bool,
    pub access: Access,
    pub deprecated: bool,
    pub xml: FieldXml,
}

/// `readOnly` / `writeOnly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    #[default]
    ReadWrite,
    /// Set by the server; never sent.
    ReadOnly,
    /// Sent; never returned.
    WriteOnly,
}

impl Field {
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) if self.default.is_some() => Presence::Defaulted,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// How a field is represented, from `required` × `nullable` (and `default`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`, always sent.
    Required,
    /// `Option<T>`, sent as `null` when `None`.
    RequiredNullable,
    /// `T`, filled from the spec's default when a body omits it.
    Defaulted,
    /// `Option<T>`, omitted when `None`.
    Optional,
    /// `Nullable<T>`: absent, `null`, or a value.
    OptionalNullable,
}

/// A value's type together with the constraints on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: Type,
    pub constraints: Constraints,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Named(TypeId),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Decimal,
    Date,
    DateTime,
    Uuid,
    VendorDate(VendorDate),
    /// Integers of other widths and IP addresses: plain `Copy` values serde reads natively.
    Scalar(Scalar),
    /// Any JSON value: only where the spec itself says so (an empty schema).
    Json,
    Array(Box<Shape>),
    Map(Box<Shape>),
    /// A `null`-able value inside an array or map (`items: {nullable: true}`).
    Option(Box<Shape>),
}

/// The scalars of [`Type::Scalar`], by the `format` that names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    I8,
    I16,
    U8,
    U16,
    U32,
    U64,
    IpAddr,
    Ipv4Addr,
    Ipv6Addr,
}

impl Scalar {
    /// The Rust type.
    pub fn rust(self) -> &'static str {
        match self {
            Scalar::I8 => "i8",
            Scalar::I16 => "i16",
            Scalar::U8 => "u8",
            Scalar::U16 => "u16",
            Scalar::U32 => "u32",
            Scalar::U64 => "u64",
            Scalar::IpAddr => "::std::net::IpAddr",
            Scalar::Ipv4Addr => "::std::net::Ipv4Addr",
            Scalar::Ipv6Addr => "::std::net::Ipv6Addr",
        }
    }

    /// The values of an integer scalar, `None` for the others.
    pub fn range(self) -> Option<(i128, i128)> {
        Some(match self {
            Scalar::I8 => (i8::MIN.into(), i8::MAX.into()),
            Scalar::I16 => (i16::MIN.into(), i16::MAX.into()),
            Scalar::U8 => (0, u8::MAX.into()),
            Scalar::U16 => (0, u16::MAX.into()),
            Scalar::U32 => (0, u32::MAX.into()),
            Scalar::U64 => (0, u64::MAX.into()),
            Scalar::IpAddr | Scalar::Ipv4Addr | Scalar::Ipv6Addr => return None,
        })
    }

    /// Its size in bytes.
    pub fn size(self) -> usize {
        match self {
            Scalar::I8 | Scalar::U8 => 1,
            Scalar::I16 | Scalar::U16 => 2,
            Scalar::U32 | Scalar::Ipv4Addr => 4,
            Scalar::U64 => 8,
            Scalar::Ipv6Addr => 16,
            Scalar::IpAddr => 17,
        }
    }
}

/// The layouts of `x-date-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorDate {
    /// `DD.MM.YYYY`
    Dmy,
    /// `DD.MM.YYYY HH:MM:SS`
    DmyTime,
    /// `YYYY-MM-DD HH:MM:SS`
    YmdTime,
}

impl VendorDate {
    pub const ALL: [(&'static str, VendorDate); 3] = [
        ("DD.MM.YYYY", VendorDate::Dmy),
        ("DD.MM.YYYY HH:MM:SS", VendorDate::DmyTime),
        ("YYYY-MM-DD HH:MM:SS", VendorDate::YmdTime),
    ];
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub value: Literal,
    pub exclusive: bool,
}

/// A constant from the spec (a default or a bound), already checked against its type.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    String(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A decimal as mantissa and scale: `12.50` is `(1250, 2)`.
    Decimal {
        mantissa: i64,
        scale: u32,
    },
    /// An enum variant, by Rust name.
    Variant {
        ty: TypeId,
        variant: String,
    },
    /// The items of an array (of its item type); empty, also an empty map.
    List(Vec<Literal>),
    /// A value of any JSON, as JSON text.
    Json(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<Variant>,
    /// The name of the catch-all variant that keeps values the spec does not list.
    pub unknown: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub value: EnumValue,
    pub docs: Option<String>,
    /// The value's name in XML: a string value itself, an integer value's `x-enum-varnames`
    /// entry (DataContract writes enum members by name); `None` for an unnamed integer.
    pub xml_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    String(String),
    Integer(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Untagged {
    pub variants: Vec<UntaggedVariant>,
    /// With a `discriminator`, the branches are chosen by a property's value, not by shape.
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The wire name of the property that names the branch.
    pub property: String,
    /// The property's value for each variant, in variant order.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    pub name: String,
    pub shape: Shape,
    /// The value is held in a `Box`: the branch's type contains the union itself.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The Rust method name, unique in the API.
    pub name: String,
    pub method: Method,
    /// The path template as written, e.g. `/relationships/{id}/orders/`.
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    /// The struct holding the query and header parameters, when there are any.
    pub params_type: Option<String>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// The response a successful call decodes.
    pub success: Success,
    /// The operation's error enum: its name and one variant per declared error body.
    pub errors: Option<ErrorEnum>,
    /// The second method of an operation whose success body is binary: the body as a stream.
    pub stream_method: Option<String>,
    /// The security alternatives (each a set of scheme names sent together) when the spec
    /// says which apply (`security` of the operation, else of the document); `None` sends
    /// every credential the client has.
    pub security: Option<Vec<Vec<String>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// `None` when the success response has no body.
    pub shape: Option<Shape>,
    pub format: BodyFormat,
    /// `x-success-flag`: a boolean field that must be `true` for the call to count as a success.
    pub flag: Option<SuccessFlag>,
    /// When the success body may also come as XML.
    pub xml: Option<XmlBody>,
    /// When the 2xx responses differ, the enum a call returns, one variant per status; `shape`
    /// is then unused.
    pub by_status: Option<ResponseEnum>,
    /// The media type to ask for (`Accept`) when the body is not JSON or XML.
    pub media_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseEnum {
    pub name: String,
    pub variants: Vec<ResponseVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseVariant {
    pub name: String,
    pub status: Status,
    pub description: String,
    /// `None` for a response without a body.
    pub shape: Option<Shape>,
    pub format: BodyFormat,
    /// The body is held in a `Box`: it is far larger than the other variants'.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuccessFlag {
    /// The wire name of the boolean property.
    pub field: String,
    /// The Rust name of that property's field in the response struct.
    pub rust_field: String,
    /// The wire name of the string property holding the server's reason, if any.
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEnum {
    pub name: String,
    pub variants: Vec<ErrorVariant>,
    /// The name of an earlier operation's error enum with the same variants: this operation's
    /// `name` is then an alias of that enum rather than an enum of its own.
    pub same_as: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    pub name: String,
    pub status: Status,
    pub description: String,
    pub shape: Shape,
    pub format: BodyFormat,
    /// When the error body may come as XML.
    pub xml: Option<XmlBody>,
    /// The body is held in a `Box`: it is far larger than the other variants'.
    pub boxed: bool,
}

/// How a body is written on the wire. For `Text`, `Binary` and `Multipart` the body's shape is
/// a placeholder (`String`): the format alone decides the Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    /// `text/*`: a `String`.
    Text,
    /// Offered as XML only.
    Xml,
    /// Bytes of any other media type (`application/octet-stream`, `image/*`, `*/*`, vendor
    /// types): `BinaryBody` sent, `Bytes` or a `ByteStream` received.
    Binary,
    /// `application/x-www-form-urlencoded` (requests).
    Form,
    /// `multipart/form-data` (requests): a `Multipart` the caller builds.
    Multipart,
    /// `text/event-stream` (responses): an `EventStream` of the shape.
    EventStream,
    /// `application/x-ndjson`, `application/jsonl` (responses): `JsonLines` of the shape.
    JsonLines,
}

/// Which statuses a response is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    /// `4XX`: the first digit.
    Range(u16),
    /// `default`: every status no other response names.
    Default,
}

impl Status {
    /// The key as the spec writes it.
    pub fn key(self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(digit) => format!("{digit}XX"),
            Status::Default => "default".to_owned(),
        }
    }

    /// Whether every status it names is a 2xx.
    pub fn is_2xx(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(digit) => digit == 2,
            Status::Default => false,
        }
    }

    /// Matched first when several responses name a status: exact codes, then ranges, then
    /// `default`.
    pub fn specificity(self) -> u8 {
        match self {
            Status::Code(_) => 0,
            Status::Range(_) => 1,
            Status::Default => 2,
        }
    }
}

/// How a form body is written: `style`/`explode` of its `encoding` objects, and the nesting of
/// object properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormEncoding {
    pub dots: bool,
    /// Top-level properties (wire names) whose arrays are not exploded.
    pub properties: Vec<(String, FormArrayStyle)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormArrayStyle {
    Exploded,
    Comma,
    Space,
    Pipe,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter's value is written (OpenAPI's `style` and `explode`, or `content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    /// `form` (the query's and cookies' default).
    Form { explode: bool },
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
    /// `simple` (the path's and headers' default); also `label` and `matrix`, which are read
    /// as it.
    Simple { explode: bool },
    /// `content` with a JSON media type: the value as JSON text.
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub wire_name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub description: Option<String>,
    pub shape: Shape,
    pub style: ParameterStyle,
    /// `x-body-field`: the request body's property that names the same thing as this path
    /// parameter; a call whose two values differ is refused before it is sent.
    pub body_field: Option<BodyField>,
}

/// A request body property that must equal a path parameter (`x-body-field`).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    /// The property's wire name.
    pub wire_name: String,
    /// The Rust name of its field in the body struct.
    pub rust_field: String,
    /// Whether the field is passed by reference (a string; integers and UUIDs are `Copy`).
    pub borrow: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub required: bool,
    pub description: Option<String>,
    /// Media types in spec order, e.g. `application/json`, `application/xml`.
    pub media_types: Vec<String>,
    /// The media type sent, for bodies that are not JSON or XML.
    pub media_type: String,
    pub format: BodyFormat,
    pub shape: Shape,
    /// When the body may also be sent as XML.
    pub xml: Option<XmlBody>,
    /// How a form body is written: of a `Form` body, or of a JSON body also offered as a form
    /// with the same schema.
    pub form: Option<FormEncoding>,
    /// For a JSON body also offered as a form: the method that sends the form.
    pub form_method: Option<String>,
    /// The typed parts of a `Multipart` body; `None`: the caller builds a `runtime::Multipart`.
    pub multipart: Option<MultipartBody>,
}

/// A `multipart/form-data` body whose object schema names its parts: a struct of them.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartBody {
    /// The struct's name (in the client module).
    pub name: String,
    pub parts: Vec<MultipartPart>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MultipartPart {
    /// The struct field.
    pub name: String,
    /// The part's name on the wire.
    pub wire_name: String,
    pub description: Option<String>,
    pub required: bool,
    pub kind: PartKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A file (`type: string, format: binary`), with its file name and media type.
    File,
    /// Several files in one field (an array of them).
    Files,
    /// A value: a text part when it is a scalar (or an array of scalars, one part each), a
    /// JSON part otherwise (see `Api::is_text_part`).
    Value(Shape),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub description: String,
    pub media_types: Vec<String>,
    /// The media type read, for bodies that are not JSON or XML.
    pub media_type: Option<String>,
    /// `None` when the response has no body schema.
    pub shape: Option<Shape>,
    pub format: BodyFormat,
    /// When the body may also come as XML.
    pub xml: Option<XmlBody>,
}
