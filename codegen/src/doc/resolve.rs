//! The one `$ref` resolver: a reference to any JSON pointer inside the document (a component,
//! a property of another schema, a schema written in a path), followed through the model.

use super::{AdditionalProperties, Map};
use super::{
    Components, Document, Header, MediaType, Operation, Parameter, PathItem, RefOr, RequestBody,
    Response, Responses, Schema, SecurityScheme,
};

/// How many `$ref`s in a row [`Document::resolve`] follows before it gives up.
pub const MAX_REF_CHAIN: usize = 128;

/// Why a `$ref` does not lead where it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The reference names another file or a URL.
    External,
    /// Nothing in the document is at the pointer.
    NotFound,
    /// Something is there, but of another kind (`found`).
    WrongKind {
        /// What is there, e.g. "schema".
        found: &'static str,
    },
    /// The `$ref`s lead back to one already followed.
    Cycle,
    /// More than [`MAX_REF_CHAIN`] `$ref`s in a row.
    TooLong,
}

impl RefError {
    /// A message and a hint for a `$ref` to a `what` (e.g. "parameter") that failed this way;
    /// `home` is where such objects are kept (e.g. `#/components/parameters`).
    pub fn explain(&self, reference: &str, what: &str, home: &str) -> (String, String) {
        let section = home.trim_start_matches("#/");
        match self {
            RefError::External => (
                format!("external $ref `{reference}` is not supported"),
                format!("generate from the spec's file (`cargo xtask gen --spec FILE`, `codegen::generate_from_file`), which reads the files it names, or copy the referenced {what} into {home}"),
            ),
            RefError::NotFound => (
                format!("$ref `{reference}` points to a {what} that does not exist"),
                format!("check the spelling, or add the {what} under {section}"),
            ),
            RefError::WrongKind { found } => (
                format!("$ref `{reference}` points to a {found}, not a {what}"),
                format!("refer to a {what}, e.g. one under {section}"),
            ),
            RefError::Cycle => (
                format!("$ref `{reference}` leads back to itself through other $refs"),
                format!("write the {what} in place somewhere in the chain"),
            ),
            RefError::TooLong => (
                format!("$ref `{reference}` starts a chain of more than {MAX_REF_CHAIN} $refs"),
                format!("refer to the {what} directly"),
            ),
        }
    }
}

/// One place in the document, as the resolver walks to it.
#[derive(Clone, Copy)]
enum Node<'a> {
    Document(&'a Document),
    Components(&'a Components),
    Schema(&'a Schema),
    Schemas(&'a Map<Schema>),
    SchemaList(&'a [Schema]),
    PathItems(&'a Map<RefOr<PathItem>>),
    PathItem(&'a RefOr<PathItem>),
    Operation(&'a Operation),
    Parameters(&'a Map<RefOr<Parameter>>),
    ParameterList(&'a [RefOr<Parameter>]),
    Parameter(&'a RefOr<Parameter>),
    RequestBodies(&'a Map<RefOr<RequestBody>>),
    RequestBody(&'a RefOr<RequestBody>),
    Responses(&'a Responses),
    ResponseMap(&'a Map<RefOr<Response>>),
    Response(&'a RefOr<Response>),
    Headers(&'a Map<RefOr<Header>>),
    Header(&'a RefOr<Header>),
    Content(&'a Map<MediaType>),
    MediaType(&'a MediaType),
    SecuritySchemes(&'a Map<RefOr<SecurityScheme>>),
    SecurityScheme(&'a RefOr<SecurityScheme>),
}

impl<'a> Node<'a> {
    fn kind(self) -> &'static str {
        match self {
            Node::Document(_) => "document",
            Node::Components(_) => "components object",
            Node::Schema(_) => "schema",
            Node::Schemas(_) | Node::SchemaList(_) => "group of schemas",
            Node::PathItems(_) => "group of path items",
            Node::PathItem(_) => "path item",
            Node::Operation(_) => "operation",
            Node::Parameters(_) | Node::ParameterList(_) => "group of parameters",
            Node::Parameter(_) => "parameter",
            Node::RequestBodies(_) => "group of request bodies",
            Node::RequestBody(_) => "request body",
            Node::Responses(_) | Node::ResponseMap(_) => "group of responses",
            Node::Response(_) => "response",
            Node::Headers(_) => "group of headers",
            Node::Header(_) => "header",
            Node::Content(_) => "content object",
            Node::MediaType(_) => "media type",
            Node::SecuritySchemes(_) => "group of security schemes",
            Node::SecurityScheme(_) => "security scheme",
        }
    }

    fn child(self, segment: &str) -> Option<Node<'a>> {
        let index = |len: usize| segment.parse::<usize>().ok().filter(|i| *i < len);
        Some(match self {
            Node::Document(doc) => match segment {
                "paths" => Node::PathItems(&doc.paths),
                "webhooks" => Node::PathItems(&doc.webhooks),
                "components" => Node::Components(&doc.components),
                _ => return None,
            },
            Node::Components(c) => match segment {
                "schemas" => Node::Schemas(&c.schemas),
                "responses" => Node::ResponseMap(&c.responses),
                "parameters" => Node::Parameters(&c.parameters),
                "requestBodies" => Node::RequestBodies(&c.request_bodies),
                "headers" => Node::Headers(&c.headers),
                "securitySchemes" => Node::SecuritySchemes(&c.security_schemes),
                "pathItems" => Node::PathItems(&c.path_items),
                _ => return None,
            },
            Node::Schemas(map) => Node::Schema(map.get(segment)?),
            Node::SchemaList(list) => Node::Schema(&list[index(list.len())?]),
            Node::Schema(s) => match segment {
                "properties" => Node::Schemas(s.properties.as_ref()?),
                "items" => Node::Schema(s.items.as_deref()?),
                "prefixItems" => Node::SchemaList(s.prefix_items.as_deref()?),
                "additionalProperties" => match s.additional_properties.as_ref()? {
                    AdditionalProperties::Schema(schema) => Node::Schema(schema),
                    AdditionalProperties::Allowed(_) => return None,
                },
                "allOf" => Node::SchemaList(s.all_of.as_deref()?),
                "oneOf" => Node::SchemaList(s.one_of.as_deref()?),
                "anyOf" => Node::SchemaList(s.any_of.as_deref()?),
                "not" => Node::Schema(s.not.as_deref()?),
                "$defs" => Node::Schemas(&s.defs),
                _ => return None,
            },
            Node::PathItems(map) => Node::PathItem(map.get(segment)?),
            Node::PathItem(RefOr::Item(item)) => match segment {
                "parameters" => Node::ParameterList(&item.parameters),
                method => Node::Operation(item.operation(method)?),
            },
            Node::Operation(op) => match segment {
                "parameters" => Node::ParameterList(&op.parameters),
                "requestBody" => Node::RequestBody(op.request_body.as_ref()?),
                "responses" => Node::Responses(&op.responses),
                _ => return None,
            },
            Node::Parameters(map) => Node::Parameter(map.get(segment)?),
            Node::ParameterList(list) => Node::Parameter(&list[index(list.len())?]),
            Node::Parameter(RefOr::Item(p)) => match (segment, &p.format) {
                ("schema", super::SchemaOrContent::Schema(s)) => Node::Schema(s),
                ("content", super::SchemaOrContent::Content(c)) => Node::Content(c),
                _ => return None,
            },
            Node::RequestBodies(map) => Node::RequestBody(map.get(segment)?),
            Node::RequestBody(RefOr::Item(body)) => match segment {
                "content" => Node::Content(&body.content),
                _ => return None,
            },
            Node::Responses(responses) => match segment {
                "default" => Node::Response(responses.default.as_ref()?),
                status => Node::Response(
                    responses
                        .by_status
                        .iter()
                        .find(|(key, _)| key.to_string().eq_ignore_ascii_case(status))
                        .map(|(_, response)| response)?,
                ),
            },
            Node::ResponseMap(map) => Node::Response(map.get(segment)?),
            Node::Response(RefOr::Item(response)) => match segment {
                "content" => Node::Content(&response.content),
                "headers" => Node::Headers(&response.headers),
                _ => return None,
            },
            Node::Headers(map) => Node::Header(map.get(segment)?),
            Node::Header(RefOr::Item(h)) => match (segment, &h.format) {
                ("schema", super::SchemaOrContent::Schema(s)) => Node::Schema(s),
                ("content", super::SchemaOrContent::Content(c)) => Node::Content(c),
                _ => return None,
            },
            Node::Content(map) => Node::MediaType(map.get(segment)?),
            Node::MediaType(media) => match segment {
                "schema" => Node::Schema(media.schema.as_ref()?),
                _ => return None,
            },
            Node::SecuritySchemes(map) => Node::SecurityScheme(map.get(segment)?),
            // Through a `$ref` written in place of an object, or into a leaf: not followed.
            Node::PathItem(RefOr::Ref(_))
            | Node::Parameter(RefOr::Ref(_))
            | Node::RequestBody(RefOr::Ref(_))
            | Node::Response(RefOr::Ref(_))
            | Node::Header(RefOr::Ref(_))
            | Node::SecurityScheme(_) => return None,
        })
    }
}

/// Something a `$ref` can lead to: `Self` written in place, or another `$ref`.
pub trait Target: Sized {
    /// The object at `node`, or the reference written there.
    #[doc(hidden)]
    fn at(node: NodeRef<'_>) -> Option<Result<&Self, &str>>;
}

/// A place in the document, for [`Target::at`].
pub struct NodeRef<'a>(Node<'a>);

macro_rules! target {
    ($ty:ty, $variant:ident) => {
        impl Target for $ty {
            fn at(node: NodeRef<'_>) -> Option<Result<&Self, &str>> {
                match node.0 {
                    Node::$variant(RefOr::Item(item)) => Some(Ok(item)),
                    Node::$variant(RefOr::Ref(reference)) => Some(Err(&reference.target)),
                    _ => None,
                }
            }
        }
    };
}

target!(Parameter, Parameter);
target!(RequestBody, RequestBody);
target!(Response, Response);
target!(Header, Header);
target!(PathItem, PathItem);
target!(SecurityScheme, SecurityScheme);

impl Target for Schema {
    /// A schema with a `$ref` is a schema of its own (its siblings are kept): schemas are
    /// not followed further here.
    fn at(node: NodeRef<'_>) -> Option<Result<&Self, &str>> {
        match node.0 {
            Node::Schema(schema) => Some(Ok(schema)),
            _ => None,
        }
    }
}

impl Document {
    /// What `reference` (`#/json/pointer`) leads to, following `$ref`s written in place of a
    /// `T`; with the JSON pointer where it is written.
    pub fn resolve<T: Target>(&self, reference: &str) -> Result<(&T, String), RefError> {
        let mut reference = reference;
        let mut seen: Vec<&str> = Vec::new();
        loop {
            if seen.contains(&reference) {
                return Err(RefError::Cycle);
            }
            if seen.len() == MAX_REF_CHAIN {
                return Err(RefError::TooLong);
            }
            seen.push(reference);
            let node = self.node(reference)?;
            match T::at(NodeRef(node)) {
                Some(Ok(item)) => return Ok((item, canonical(reference))),
                Some(Err(next)) => reference = next,
                None => return Err(RefError::WrongKind { found: node.kind() }),
            }
        }
    }

    fn node(&self, reference: &str) -> Result<Node<'_>, RefError> {
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(RefError::External);
        };
        let mut node = Node::Document(self);
        if fragment.is_empty() {
            return Ok(node);
        }
        let Some(path) = fragment.strip_prefix('/') else {
            return Err(RefError::NotFound);
        };
        for segment in path.split('/') {
            let segment = unescape(segment);
            node = node.child(&segment).ok_or(RefError::NotFound)?;
        }
        Ok(node)
    }
}

/// The pointer of a reference as diagnostics write it: segments percent-decoded, then
/// escaped again as JSON pointers are.
fn canonical(reference: &str) -> String {
    let path = reference.trim_start_matches('#');
    let mut pointer = "#".to_owned();
    for segment in path.split('/').skip(1) {
        pointer = crate::diag::pointer_join(&pointer, &unescape(segment));
    }
    pointer
}

/// A JSON pointer segment of a URI fragment: percent-decoded, then `~1` -> `/`, `~0` -> `~`.
pub(crate) fn unescape(segment: &str) -> String {
    let decoded = percent_decode(segment);
    decoded.replace("~1", "/").replace("~0", "~")
}

pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(value as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
