//! XML bodies, in the form ASP.NET's DataContract serializer writes and reads.
//!
//! Generated code says, per type, which elements and attributes a value has (an [`XmlField`]
//! per field, in the order the server expects them) and this module does the rest:
//!
//! - **Writing** builds a small tree of [`XmlElement`]s and prints it. The root element declares
//!   its namespace as the default namespace and binds `i` to the XML Schema instance namespace,
//!   as DataContract does; an element in another namespace declares it where it starts. A null
//!   is written `<Name i:nil="true"/>`; an absent optional field is left out.
//! - **Reading** parses the document into [`XmlNode`]s (with `quick-xml`, namespaces resolved)
//!   and generated code takes its fields from them by local name and namespace, in any order.
//!   Elements the type does not describe are kept in its `unknown_fields` map when it has one.
//!   A document type definition (`<!DOCTYPE`) is refused: its entities could make a small body
//!   expand without bound.
//!
//! Namespaces follow the XML rules DataContract relies on: an element without a namespace of
//! its own is in the namespace of its parent's members, which is the namespace of the parent's
//! type when the spec gives it one (`xml.namespace`), and otherwise the parent's own.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::dates::{DmyDate, DmyDateTime, YmdDateTime};
use super::nullable::Nullable;

mod node;
mod read;
mod scalars;
#[cfg(test)]
mod tests;
mod value;
mod write;

pub use node::*;
pub use read::*;
pub use scalars::*;
pub use value::*;
use write::*;

/// The XML Schema instance namespace, bound to the prefix `i` as DataContract binds it.
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// How deep elements may nest in a document that is read.
const MAX_DEPTH: usize = 256;

/// Why an XML body could not be written or read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// The element path, outermost first, e.g. `OrderHeadRequest/OrderLines/OrderLineRequest[2]`.
    segments: Vec<String>,
    message: String,
}

impl XmlError {
    /// An error at the current element.
    pub fn new(message: impl Into<String>) -> Self {
        XmlError {
            segments: Vec::new(),
            message: message.into(),
        }
    }

    /// The same error, one element further out.
    fn within(mut self, segment: impl Into<String>) -> Self {
        self.segments.insert(0, segment.into());
        self
    }

    /// Where the error is: `/` and the element path, e.g. `/OrderHeadRequest/OrderLines`.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            path.push_str(segment);
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    /// What is wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path(), self.message)
    }
}

impl std::error::Error for XmlError {}

/// An element name from the spec's `xml` object: local name, namespace and prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlName {
    pub name: &'static str,
    pub namespace: Option<&'static str>,
    pub prefix: Option<&'static str>,
}

impl XmlName {
    /// An element called `name`, in no namespace of its own.
    pub const fn new(name: &'static str) -> Self {
        XmlName {
            name,
            namespace: None,
            prefix: None,
        }
    }

    /// The element's namespace (`xml.namespace`).
    pub const fn namespace(mut self, namespace: &'static str) -> Self {
        self.namespace = Some(namespace);
        self
    }

    /// The prefix the namespace is bound to (`xml.prefix`); without one it is the default
    /// namespace.
    pub const fn prefix(mut self, prefix: &'static str) -> Self {
        self.prefix = Some(prefix);
        self
    }
}

/// A request or response body that may travel as XML: its media type and root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlBody {
    pub media_type: &'static str,
    pub root: XmlName,
}

/// How one field of a struct is written in XML (the property's `xml` object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlField {
    name: &'static str,
    namespace: Option<&'static str>,
    prefix: Option<&'static str>,
    attribute: bool,
    /// For a wrapped array, the name of each item's element inside the wrapper `name`.
    item: Option<&'static str>,
    /// `None` is written as `i:nil="true"` rather than left out (a required, nullable field).
    nil_when_none: bool,
}

impl XmlField {
    /// A child element called `name`. For an array that is not wrapped, each item is an
    /// element called `name`.
    pub const fn element(name: &'static str) -> Self {
        XmlField {
            name,
            namespace: None,
            prefix: None,
            attribute: false,
            item: None,
            nil_when_none: false,
        }
    }

    /// An attribute called `name` (`xml.attribute: true`), for values written as text.
    pub const fn attribute(name: &'static str) -> Self {
        let mut field = Self::element(name);
        field.attribute = true;
        field
    }

    /// The element's (or attribute's) own namespace; without one an element is in its
    /// parent's members' namespace and an attribute in none.
    pub const fn namespace(mut self, namespace: &'static str) -> Self {
        self.namespace = Some(namespace);
        self
    }

    /// The prefix bound to the namespace.
    pub const fn prefix(mut self, prefix: &'static str) -> Self {
        self.prefix = Some(prefix);
        self
    }

    /// An array wrapped in the element `name` (`xml.wrapped: true`), each item an element
    /// called `item`.
    pub const fn wrapped(mut self, item: &'static str) -> Self {
        self.item = Some(item);
        self
    }

    /// `None` is written as a nil element instead of being left out.
    pub const fn nil_when_none(mut self) -> Self {
        self.nil_when_none = true;
        self
    }
}

/// An element being written.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlElement {
    name: String,
    prefix: Option<&'static str>,
    namespace: Option<String>,
    /// The namespace of child elements that do not name their own.
    members: Option<String>,
    attributes: Vec<Attribute>,
    children: Vec<XmlElement>,
    text: Option<String>,
    nil: bool,
}

/// An attribute being written. One in a namespace needs a prefix; an unknown one kept from a
/// document gets one when the document is written.
#[derive(Debug, Clone, PartialEq)]
struct Attribute {
    prefix: Option<String>,
    namespace: Option<String>,
    name: String,
    value: String,
}

impl XmlElement {
    fn new(
        name: impl Into<String>,
        prefix: Option<&'static str>,
        namespace: Option<String>,
    ) -> Self {
        XmlElement {
            name: name.into(),
            prefix,
            members: namespace.clone(),
            namespace,
            attributes: Vec::new(),
            children: Vec::new(),
            text: None,
            nil: false,
        }
    }

    /// Puts the value's child elements in `namespace`: the namespace of its type
    /// (`xml.namespace`), which DataContract uses for a type's members.
    pub fn set_members_namespace(&mut self, namespace: &'static str) {
        self.members = Some(namespace.to_owned());
    }

    /// Sets the element's text, for values written as text.
    pub fn set_text(&mut self, text: impl Into<String>) {
        self.text = Some(text.into());
    }

    /// Writes one field of a struct.
    pub fn field<T: XmlFieldValue + ?Sized>(
        &mut self,
        field: &XmlField,
        value: &T,
    ) -> Result<(), XmlError> {
        value.write_field(self, field)
    }

    /// Writes back what was read but is not described by the spec, as [`XmlMembers::unknown_fields`]
    /// keeps it: a string is a text element, `null` a nil element, an array repeated elements,
    /// an object an element with `@attributes`, `#text` and children; a `{namespace}name` key
    /// is an element in that namespace. A name that cannot be an XML name (a JSON property
    /// such as `$type`) is an error: the value cannot be sent as XML.
    pub fn unknown_fields(
        &mut self,
        fields: &BTreeMap<String, serde_json::Value>,
    ) -> Result<(), XmlError> {
        for (key, value) in fields {
            self.unknown_value(key, value)?;
        }
        Ok(())
    }

    fn unknown_value(&mut self, key: &str, value: &serde_json::Value) -> Result<(), XmlError> {
        use serde_json::Value;
        if let Value::Array(items) = value {
            for item in items {
                self.unknown_value(key, item)?;
            }
            return Ok(());
        }
        let (namespace, name) = split_key(key, self.members.as_deref());
        if !is_xml_name(name) {
            return Err(XmlError::new(format!(
                "the unknown field `{key}` cannot be written as XML: `{name}` is not an element name"
            )));
        }
        let mut child = XmlElement::new(name, None, namespace.map(str::to_owned));
        match value {
            Value::Null => child.nil = true,
            Value::String(text) => child.text = Some(text.clone()),
            Value::Object(fields) => {
                for (key, value) in fields {
                    if key == "#text" {
                        child.text = Some(json_text(value));
                    } else if let Some(attribute) = key.strip_prefix('@') {
                        let (namespace, name) = split_key(attribute, None);
                        if !is_xml_name(name) {
                            return Err(XmlError::new(format!(
                                "`{name}` is not an attribute name"
                            ))
                            .within(child.name.clone()));
                        }
                        child.attributes.push(Attribute {
                            prefix: None,
                            namespace: namespace.map(str::to_owned),
                            name: name.to_owned(),
                            value: json_text(value),
                        });
                    } else {
                        child
                            .unknown_value(key, value)
                            .map_err(|err| err.within(child.name.clone()))?;
                    }
                }
            }
            other => child.text = Some(json_text(other)),
        }
        self.children.push(child);
        Ok(())
    }

    fn child(
        &self,
        name: &str,
        namespace: Option<&'static str>,
        prefix: Option<&'static str>,
    ) -> XmlElement {
        let namespace = namespace
            .map(str::to_owned)
            .or_else(|| self.members.clone());
        XmlElement::new(name, prefix, namespace)
    }

    /// Writes `value` as a child element described by `field` (its item name aside).
    fn push<T: XmlValue>(
        &mut self,
        name: &str,
        field: &XmlField,
        value: &T,
    ) -> Result<(), XmlError> {
        let mut child = self.child(name, field.namespace, field.prefix);
        value
            .write_xml(&mut child)
            .map_err(|err| err.within(name))?;
        self.children.push(child);
        Ok(())
    }

    fn push_nil(&mut self, field: &XmlField) {
        let mut child = self.child(field.name, field.namespace, field.prefix);
        child.nil = true;
        self.children.push(child);
    }

    fn push_attribute<T: XmlValue>(&mut self, field: &XmlField, value: &T) -> Result<(), XmlError> {
        let mut holder = XmlElement::new(field.name, None, None);
        value
            .write_xml(&mut holder)
            .map_err(|err| err.within(format!("@{}", field.name)))?;
        if !holder.children.is_empty() || !holder.attributes.is_empty() {
            return Err(
                XmlError::new("only a value written as text can be an attribute")
                    .within(format!("@{}", field.name)),
            );
        }
        self.attributes.push(Attribute {
            prefix: field.prefix.map(str::to_owned),
            namespace: field.namespace.map(str::to_owned),
            name: field.name.to_owned(),
            value: holder.text.unwrap_or_default(),
        });
        Ok(())
    }
}
