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

/// A value that can be the content of an element: text, or attributes and child elements.
pub trait XmlValue: Sized {
    /// Fills `element` (already named) with this value.
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError>;

    /// Reads a value from `node`.
    fn read_xml(node: &XmlNode) -> Result<Self, XmlError>;
}

/// What a struct field can hold: a value, an array, or an optional or nullable one of those.
pub trait XmlFieldValue {
    /// Writes the field into `parent`.
    fn write_field(&self, parent: &mut XmlElement, field: &XmlField) -> Result<(), XmlError>;

    /// Reads the field from `parent`'s members.
    fn read_field(parent: &XmlMembers<'_>, field: &XmlField) -> Result<Self, XmlError>
    where
        Self: Sized;

    /// Whether the field is present in `parent`, and whether it is nil.
    fn presence(parent: &XmlMembers<'_>, field: &XmlField) -> XmlPresence {
        if field.attribute {
            return match parent.attribute(field) {
                Some(_) => XmlPresence::Value,
                None => XmlPresence::Absent,
            };
        }
        match parent.first(field.name, field) {
            None => XmlPresence::Absent,
            Some(node) if node.nil => XmlPresence::Nil,
            Some(_) => XmlPresence::Value,
        }
    }
}

/// Whether a field is in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlPresence {
    Absent,
    Nil,
    Value,
}

impl<T: XmlValue> XmlFieldValue for T {
    fn write_field(&self, parent: &mut XmlElement, field: &XmlField) -> Result<(), XmlError> {
        if field.attribute {
            parent.push_attribute(field, self)
        } else {
            parent.push(field.name, field, self)
        }
    }

    fn read_field(parent: &XmlMembers<'_>, field: &XmlField) -> Result<Self, XmlError> {
        if field.attribute {
            let Some(value) = parent.attribute(field) else {
                return Err(XmlError::new(format!(
                    "the required attribute `{}` is missing",
                    field.name
                )));
            };
            let holder = XmlNode::text_only(field.name, value);
            return T::read_xml(&holder).map_err(|err| err.within(format!("@{}", field.name)));
        }
        match parent.first(field.name, field) {
            None => Err(XmlError::new(format!(
                "the required element `{}` is missing",
                field.name
            ))),
            Some(node) if node.nil => {
                Err(XmlError::new("the value is required but nil").within(field.name))
            }
            Some(node) => T::read_xml(node).map_err(|err| err.within(field.name)),
        }
    }
}

impl<T: XmlValue> XmlFieldValue for Vec<T> {
    fn write_field(&self, parent: &mut XmlElement, field: &XmlField) -> Result<(), XmlError> {
        match field.item {
            Some(item) => {
                let mut wrapper = parent.child(field.name, field.namespace, field.prefix);
                for (i, value) in self.iter().enumerate() {
                    wrapper
                        .push(item, &XmlField::element(item), value)
                        .map_err(|err| index(err, i).within(field.name))?;
                }
                parent.children.push(wrapper);
            }
            None => {
                for (i, value) in self.iter().enumerate() {
                    parent
                        .push(field.name, field, value)
                        .map_err(|err| index(err, i))?;
                }
            }
        }
        Ok(())
    }

    fn read_field(parent: &XmlMembers<'_>, field: &XmlField) -> Result<Self, XmlError> {
        let read_items = |name: &str, items: Vec<&XmlNode>| -> Result<Vec<T>, XmlError> {
            items
                .into_iter()
                .enumerate()
                .map(|(i, node)| {
                    if node.nil {
                        return Err(index(
                            XmlError::new("an item cannot be nil").within(name),
                            i,
                        ));
                    }
                    T::read_xml(node).map_err(|err| index(err.within(name), i))
                })
                .collect()
        };
        match field.item {
            Some(item) => {
                let Some(wrapper) = parent.first(field.name, field) else {
                    return Err(XmlError::new(format!(
                        "the required element `{}` is missing",
                        field.name
                    )));
                };
                if wrapper.nil {
                    return Err(XmlError::new("the list is required but nil").within(field.name));
                }
                let members = XmlMembers {
                    node: wrapper,
                    namespace: wrapper.namespace.as_deref(),
                };
                let items = members.all(item, &XmlField::element(item));
                read_items(item, items).map_err(|err| err.within(field.name))
            }
            None => read_items(field.name, parent.all(field.name, field)),
        }
    }

    fn presence(parent: &XmlMembers<'_>, field: &XmlField) -> XmlPresence {
        match field.item {
            Some(_) => match parent.first(field.name, field) {
                None => XmlPresence::Absent,
                Some(node) if node.nil => XmlPresence::Nil,
                Some(_) => XmlPresence::Value,
            },
            // Repeated elements: none at all is an absent list, a single nil one a null list.
            None => match parent.all(field.name, field).as_slice() {
                [] => XmlPresence::Absent,
                [only] if only.nil => XmlPresence::Nil,
                _ => XmlPresence::Value,
            },
        }
    }
}

/// Marks the last path segment with the item's position (1-based, as in XPath).
fn index(mut err: XmlError, i: usize) -> XmlError {
    match err.segments.first_mut() {
        Some(first) => first.push_str(&format!("[{}]", i + 1)),
        None => err.segments.push(format!("[{}]", i + 1)),
    }
    err
}

impl<T: XmlFieldValue> XmlFieldValue for Option<T> {
    fn write_field(&self, parent: &mut XmlElement, field: &XmlField) -> Result<(), XmlError> {
        match self {
            Some(value) => value.write_field(parent, field),
            None if field.nil_when_none && !field.attribute => {
                parent.push_nil(field);
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn read_field(parent: &XmlMembers<'_>, field: &XmlField) -> Result<Self, XmlError> {
        match T::presence(parent, field) {
            XmlPresence::Absent | XmlPresence::Nil => Ok(None),
            XmlPresence::Value => T::read_field(parent, field).map(Some),
        }
    }
}

impl<T: XmlFieldValue> XmlFieldValue for Nullable<T> {
    fn write_field(&self, parent: &mut XmlElement, field: &XmlField) -> Result<(), XmlError> {
        match self {
            Nullable::Absent => Ok(()),
            Nullable::Null if field.attribute => Ok(()),
            Nullable::Null => {
                parent.push_nil(field);
                Ok(())
            }
            Nullable::Value(value) => value.write_field(parent, field),
        }
    }

    fn read_field(parent: &XmlMembers<'_>, field: &XmlField) -> Result<Self, XmlError> {
        match T::presence(parent, field) {
            XmlPresence::Absent => Ok(Nullable::Absent),
            XmlPresence::Nil => Ok(Nullable::Null),
            XmlPresence::Value => T::read_field(parent, field).map(Nullable::Value),
        }
    }
}

impl<T: XmlValue> XmlValue for Box<T> {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        (**self).write_xml(element)
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        T::read_xml(node).map(Box::new)
    }
}

/// An element that was read: its resolved name, attributes, children and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNode {
    /// The local name.
    pub name: String,
    pub namespace: Option<String>,
    /// `(namespace, local name, value)`, without namespace declarations.
    pub attributes: Vec<(Option<String>, String, String)>,
    pub children: Vec<XmlNode>,
    /// The text directly inside the element, entities resolved.
    pub text: String,
    /// `i:nil="true"`.
    pub nil: bool,
}

impl XmlNode {
    fn text_only(name: &str, text: &str) -> Self {
        XmlNode {
            name: name.to_owned(),
            namespace: None,
            attributes: Vec::new(),
            children: Vec::new(),
            text: text.to_owned(),
            nil: false,
        }
    }

    /// The text of an element that holds a single value.
    pub fn value_text(&self) -> Result<&str, XmlError> {
        if let Some(child) = self.children.first() {
            return Err(XmlError::new(format!(
                "expected text, found the element `{}`",
                child.name
            )));
        }
        Ok(&self.text)
    }

    /// The element's members: the children of a struct value whose members are in `namespace`
    /// (the type's `xml.namespace`), or in the element's own namespace when `None`.
    pub fn members(&self, namespace: Option<&'static str>) -> XmlMembers<'_> {
        XmlMembers {
            node: self,
            namespace: namespace.or(self.namespace.as_deref()),
        }
    }

    /// This element as a JSON value, for keeping an element the spec does not describe: its
    /// text when it has neither attributes nor children, `null` when nil, and otherwise an
    /// object of `@attribute`s, `#text` and its children by name (repeated names become
    /// arrays, a child in another namespace is keyed `{namespace}name`).
    fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        if self.nil {
            return Value::Null;
        }
        if self.children.is_empty() && self.attributes.is_empty() {
            return Value::String(self.text.clone());
        }
        let mut object = serde_json::Map::new();
        for (namespace, name, value) in &self.attributes {
            let key = match namespace {
                Some(namespace) => format!("@{{{namespace}}}{name}"),
                None => format!("@{name}"),
            };
            object.insert(key, Value::String(value.clone()));
        }
        // Between child elements, whitespace is layout.
        if !self.text.is_empty() && (self.children.is_empty() || !self.text.trim().is_empty()) {
            object.insert("#text".to_owned(), Value::String(self.text.clone()));
        }
        for child in &self.children {
            insert_json(
                &mut object,
                json_key(child, self.namespace.as_deref()),
                child.to_json(),
            );
        }
        Value::Object(object)
    }
}

/// Adds `value` under `key`, turning a repeated key into an array.
fn insert_json(
    object: &mut serde_json::Map<String, serde_json::Value>,
    key: String,
    value: serde_json::Value,
) {
    match object.get_mut(&key) {
        Some(serde_json::Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = serde_json::Value::Array(vec![first, value]);
        }
        None => {
            object.insert(key, value);
        }
    }
}

/// The children of a struct value being read, with the namespace they are expected in.
#[derive(Debug, Clone, Copy)]
pub struct XmlMembers<'a> {
    node: &'a XmlNode,
    namespace: Option<&'a str>,
}

impl<'a> XmlMembers<'a> {
    /// Reads one field.
    pub fn field<T: XmlFieldValue>(&self, field: &XmlField) -> Result<T, XmlError> {
        T::read_field(self, field)
    }

    /// Reads a field that has a default when the element is absent or nil.
    pub fn field_or<T: XmlFieldValue>(
        &self,
        field: &XmlField,
        default: impl FnOnce() -> T,
    ) -> Result<T, XmlError> {
        match T::presence(self, field) {
            XmlPresence::Absent | XmlPresence::Nil => Ok(default()),
            XmlPresence::Value => T::read_field(self, field),
        }
    }

    /// The child elements that are none of `known` (the fields' elements: local name, and
    /// namespace when not the members'), as JSON values by name; see [`XmlNode`] for the form.
    pub fn unknown_fields(
        &self,
        known: &[(&str, Option<&str>)],
    ) -> BTreeMap<String, serde_json::Value> {
        let mut fields = serde_json::Map::new();
        for child in &self.node.children {
            let described = known.iter().any(|(name, namespace)| {
                child.name == *name && child.namespace.as_deref() == namespace.or(self.namespace)
            });
            if !described {
                insert_json(
                    &mut fields,
                    json_key(child, self.namespace),
                    child.to_json(),
                );
            }
        }
        fields.into_iter().collect()
    }

    fn expected_namespace(&self, field: &XmlField) -> Option<&'a str> {
        match field.namespace {
            Some(namespace) => Some(namespace),
            None => self.namespace,
        }
    }

    fn matches(&self, node: &XmlNode, name: &str, field: &XmlField) -> bool {
        node.name == name && node.namespace.as_deref() == self.expected_namespace(field)
    }

    fn first(&self, name: &str, field: &XmlField) -> Option<&'a XmlNode> {
        self.node
            .children
            .iter()
            .find(|node| self.matches(node, name, field))
    }

    fn all(&self, name: &str, field: &XmlField) -> Vec<&'a XmlNode> {
        self.node
            .children
            .iter()
            .filter(|node| self.matches(node, name, field))
            .collect()
    }

    fn attribute(&self, field: &XmlField) -> Option<&'a str> {
        self.node
            .attributes
            .iter()
            .find(|(namespace, name, _)| {
                name == field.name && namespace.as_deref() == field.namespace
            })
            .map(|(_, _, value)| value.as_str())
    }
}

/// A type that is the root element of an XML body (its `xml.name` and `xml.namespace`).
pub trait XmlDocument: XmlValue {
    /// The root element.
    const ROOT: XmlName;

    /// This value as an XML document.
    fn to_xml(&self) -> Result<String, XmlError> {
        to_xml(self, &Self::ROOT)
    }

    /// Reads a value from an XML document.
    fn from_xml(body: &[u8]) -> Result<Self, XmlError> {
        from_xml(body, &Self::ROOT)
    }
}

/// Writes `value` as an XML document whose root element is `root`.
pub fn to_xml<T: XmlValue>(value: &T, root: &XmlName) -> Result<String, XmlError> {
    let mut element = XmlElement::new(root.name, root.prefix, root.namespace.map(str::to_owned));
    value
        .write_xml(&mut element)
        .map_err(|err| err.within(root.name))?;
    let mut prefixes: Vec<(String, String)> = Vec::new();
    prepare(&mut element, &mut prefixes).map_err(|err| err.within(root.name))?;
    let mut out = String::new();
    print(&element, None, true, &prefixes, &mut out);
    Ok(out)
}

/// Reads an XML document whose root element must be `root`.
pub fn from_xml<T: XmlValue>(body: &[u8], root: &XmlName) -> Result<T, XmlError> {
    let node = parse(body)?;
    if node.name != root.name || node.namespace.as_deref() != root.namespace {
        return Err(XmlError::new(format!(
            "expected the root element {}, found {}",
            show_name(root.name, root.namespace),
            show_name(&node.name, node.namespace.as_deref()),
        )));
    }
    if node.nil {
        return Err(XmlError::new("the root element is nil").within(root.name));
    }
    T::read_xml(&node).map_err(|err| err.within(root.name))
}

fn show_name(name: &str, namespace: Option<&str>) -> String {
    match namespace {
        Some(namespace) => format!("`{name}` in namespace `{namespace}`"),
        None => format!("`{name}` in no namespace"),
    }
}

/// Checks what XML cannot carry (names that are not XML names, characters XML does not allow,
/// a prefix bound to two namespaces) and collects the prefixes the root declares, giving one
/// to each namespaced attribute that has none.
fn prepare(element: &mut XmlElement, prefixes: &mut Vec<(String, String)>) -> Result<(), XmlError> {
    if !is_xml_name(&element.name) {
        return Err(XmlError::new(format!(
            "`{}` is not an XML element name",
            element.name
        )));
    }
    if let Some(prefix) = element.prefix {
        let Some(namespace) = &element.namespace else {
            return Err(XmlError::new(format!(
                "the prefix `{prefix}` of `{}` needs a namespace",
                element.name
            )));
        };
        bind(prefixes, prefix, namespace)?;
    }
    for attribute in &mut element.attributes {
        let within = |err: XmlError| err.within(format!("@{}", attribute.name));
        check_text(&attribute.value).map_err(within)?;
        let Some(namespace) = &attribute.namespace else {
            continue;
        };
        let prefix = match &attribute.prefix {
            Some(prefix) => prefix.clone(),
            None => match prefixes.iter().find(|(_, bound)| bound == namespace) {
                Some((prefix, _)) => prefix.clone(),
                None => format!("ns{}", prefixes.len() + 1),
            },
        };
        bind(prefixes, &prefix, namespace).map_err(within)?;
        attribute.prefix = Some(prefix);
    }
    if let Some(text) = &element.text {
        check_text(text)?;
    }
    let mut seen: Vec<(String, usize)> = Vec::new();
    for child in &mut element.children {
        let count = match seen.iter_mut().find(|(name, _)| *name == child.name) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                seen.push((child.name.clone(), 1));
                1
            }
        };
        let segment = if count > 1 {
            format!("{}[{count}]", child.name)
        } else {
            child.name.clone()
        };
        prepare(child, prefixes).map_err(|err| err.within(segment))?;
    }
    Ok(())
}

fn bind(
    prefixes: &mut Vec<(String, String)>,
    prefix: &str,
    namespace: &str,
) -> Result<(), XmlError> {
    match prefixes.iter().find(|(p, _)| p == prefix) {
        Some((_, bound)) if bound != namespace => Err(XmlError::new(format!(
            "the prefix `{prefix}` stands for two namespaces, `{bound}` and `{namespace}`"
        ))),
        Some(_) => Ok(()),
        None => {
            prefixes.push((prefix.to_owned(), namespace.to_owned()));
            Ok(())
        }
    }
}

fn check_text(text: &str) -> Result<(), XmlError> {
    match text.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(XmlError::new(format!(
            "the character U+{:04X} is not allowed in XML",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// Whether `name` can be an XML element or attribute name without a prefix.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A key of kept unknown content: `{namespace}name`, or a name in `members`' namespace.
fn split_key<'k>(key: &'k str, members: Option<&'k str>) -> (Option<&'k str>, &'k str) {
    match key.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
        Some(("", name)) => (None, name),
        Some((namespace, name)) => (Some(namespace), name),
        None => (members, key),
    }
}

/// The key kept unknown content is stored under: the local name, or `{namespace}name` when the
/// namespace is not `members`.
fn json_key(node: &XmlNode, members: Option<&str>) -> String {
    if node.namespace.as_deref() == members {
        node.name.clone()
    } else {
        format!(
            "{{{}}}{}",
            node.namespace.as_deref().unwrap_or(""),
            node.name
        )
    }
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Prints `element`; `default` is the default namespace in scope at its parent.
fn print(
    element: &XmlElement,
    default: Option<&str>,
    root: bool,
    prefixes: &[(String, String)],
    out: &mut String,
) {
    out.push('<');
    let qualified = match element.prefix {
        Some(prefix) => format!("{prefix}:{}", element.name),
        None => element.name.clone(),
    };
    out.push_str(&qualified);
    let mut inner_default = default;
    if root {
        let complex = !element.children.is_empty() || !element.attributes.is_empty();
        if complex || uses_nil(element) {
            out.push_str(" xmlns:i=\"");
            out.push_str(XSI_NAMESPACE);
            out.push('"');
        }
        for (prefix, namespace) in prefixes {
            out.push_str(&format!(" xmlns:{prefix}=\""));
            out.push_str(&escape(namespace));
            out.push('"');
        }
    }
    if element.prefix.is_none() && element.namespace.as_deref() != default {
        out.push_str(" xmlns=\"");
        if let Some(namespace) = &element.namespace {
            out.push_str(&escape(namespace));
        }
        out.push('"');
        inner_default = element.namespace.as_deref();
    }
    for attribute in &element.attributes {
        out.push(' ');
        if let Some(prefix) = &attribute.prefix {
            out.push_str(prefix);
            out.push(':');
        }
        out.push_str(&attribute.name);
        out.push_str("=\"");
        out.push_str(&escape(&attribute.value));
        out.push('"');
    }
    if element.nil {
        out.push_str(" i:nil=\"true\"/>");
        return;
    }
    let text = element.text.as_deref().unwrap_or("");
    if element.children.is_empty() && text.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    out.push_str(&escape(text));
    for child in &element.children {
        print(child, inner_default, false, prefixes, out);
    }
    out.push_str("</");
    out.push_str(&qualified);
    out.push('>');
}

fn uses_nil(element: &XmlElement) -> bool {
    element.nil || element.children.iter().any(uses_nil)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept through attribute-value normalisation and line-end handling.
            '\r' => out.push_str("&#xD;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            c => out.push(c),
        }
    }
    out
}

/// Parses a document into its root element.
pub fn parse(body: &[u8]) -> Result<XmlNode, XmlError> {
    let text = std::str::from_utf8(body)
        .map_err(|err| XmlError::new(format!("the body is not UTF-8: {err}")))?;
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<XmlNode> = Vec::new();
    let mut root: Option<XmlNode> = None;
    loop {
        let position = reader.buffer_position();
        let fail = |message: String| XmlError::new(format!("{message} (byte {position})"));
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|err| fail(format!("not well-formed XML: {err}")))?;
        let namespace = match resolved {
            ResolveResult::Bound(namespace) => Some(namespace.as_ref().to_owned()),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(prefix) => {
                return Err(fail(format!("the prefix `{prefix}` is not declared")))
            }
        };
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(fail("content after the root element".to_owned()));
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(fail(format!("elements nest deeper than {MAX_DEPTH}")));
                }
                let name = start.local_name().as_ref().to_owned();
                let mut node = XmlNode {
                    name,
                    namespace,
                    attributes: Vec::new(),
                    children: Vec::new(),
                    text: String::new(),
                    nil: false,
                };
                for attribute in start.attributes() {
                    let attribute =
                        attribute.map_err(|err| fail(format!("bad attribute: {err}")))?;
                    let key = attribute.key;
                    if key.as_namespace_binding().is_some() {
                        continue;
                    }
                    let (resolved, local) = reader.resolver().resolve_attribute(key);
                    let namespace = match resolved {
                        ResolveResult::Bound(namespace) => Some(namespace.as_ref().to_owned()),
                        ResolveResult::Unbound => None,
                        ResolveResult::Unknown(prefix) => {
                            return Err(fail(format!("the prefix `{prefix}` is not declared")))
                        }
                    };
                    let local = local.as_ref().to_owned();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|err| fail(format!("bad attribute value: {err}")))?
                        .into_owned();
                    check_text(&value).map_err(|err| fail(err.message))?;
                    if namespace.as_deref() == Some(XSI_NAMESPACE) && local == "nil" {
                        node.nil = matches!(value.trim(), "true" | "1");
                        continue;
                    }
                    node.attributes.push((namespace, local, value));
                }
                if matches!(event, Event::Empty(_)) {
                    finish(node, &mut stack, &mut root);
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(fail("an end tag without a start tag".to_owned()));
                };
                finish(node, &mut stack, &mut root);
            }
            Event::Text(text) => {
                let content = text.xml10_content();
                check_text(&content).map_err(|err| fail(err.message))?;
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&content),
                    None if content.trim().is_empty() => {}
                    None => return Err(fail("text outside the root element".to_owned())),
                }
            }
            Event::CData(data) => {
                let content = data.to_string();
                check_text(&content).map_err(|err| fail(err.message))?;
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&content),
                    None => return Err(fail("text outside the root element".to_owned())),
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name: &str = &reference;
                        quick_xml::escape::resolve_predefined_entity(name)
                            .ok_or_else(|| fail(format!("unknown entity `&{name};`")))?
                            .to_owned()
                    }
                    Err(err) => return Err(fail(format!("bad character reference: {err}"))),
                };
                check_text(&resolved).map_err(|err| fail(err.message))?;
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&resolved),
                    None => return Err(fail("text outside the root element".to_owned())),
                }
            }
            Event::DocType(_) => {
                return Err(fail(
                    "a document type definition (<!DOCTYPE) is not accepted".to_owned(),
                ))
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::new("the document ends inside an element"));
    }
    root.ok_or_else(|| XmlError::new("the body has no root element"))
}

fn finish(node: XmlNode, stack: &mut [XmlNode], root: &mut Option<XmlNode>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => *root = Some(node),
    }
}

/// Implements [`XmlValue`] for a type written as its `Display` text and read with `FromStr`.
macro_rules! text_value {
    ($($ty:ty),* $(,)?) => {$(
        impl XmlValue for $ty {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                element.set_text(self.to_string());
                Ok(())
            }

            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                let text = node.value_text()?;
                text.trim().parse().map_err(|err| {
                    XmlError::new(format!(
                        "{text:?} is not a valid {}: {err}",
                        stringify!($ty)
                    ))
                })
            }
        }
    )*};
}

text_value!(i32, i64, rust_decimal::Decimal, uuid::Uuid);

impl XmlValue for String {
    /// A character XML cannot carry (a control character) is refused when the document is
    /// written, with the element's path.
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(self.clone());
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        node.value_text().map(str::to_owned)
    }
}

/// The characters XML 1.0 allows in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

impl XmlValue for bool {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(if *self { "true" } else { "false" });
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        match node.value_text()?.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(XmlError::new(format!("{other:?} is not a boolean"))),
        }
    }
}

/// `f32`/`f64` in XML Schema's spelling: `INF`, `-INF` and `NaN` for the special values.
macro_rules! float_value {
    ($($ty:ty),*) => {$(
        impl XmlValue for $ty {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                let text = if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "INF".to_owned() } else { "-INF".to_owned() }
                } else {
                    self.to_string()
                };
                element.set_text(text);
                Ok(())
            }

            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                let text = node.value_text()?.trim();
                match text {
                    "INF" => Ok(<$ty>::INFINITY),
                    "-INF" => Ok(<$ty>::NEG_INFINITY),
                    "NaN" => Ok(<$ty>::NAN),
                    _ if text.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) => text
                        .parse()
                        .map_err(|err| XmlError::new(format!("{text:?} is not a number: {err}"))),
                    _ => Err(XmlError::new(format!("{text:?} is not a number"))),
                }
            }
        }
    )*};
}

float_value!(f32, f64);

/// Fractional seconds as XML Schema and .NET write them: at most seven digits (.NET's 100 ns
/// ticks), without trailing zeros, and none at all for a whole second.
fn fraction(nanosecond: u32) -> String {
    let ticks = nanosecond % 1_000_000_000 / 100;
    if ticks == 0 {
        return String::new();
    }
    let digits = format!(".{ticks:07}");
    digits.trim_end_matches('0').to_owned()
}

fn iso_local(stamp: &NaiveDateTime) -> String {
    format!(
        "{}{}",
        stamp.format("%Y-%m-%dT%H:%M:%S"),
        fraction(stamp.nanosecond())
    )
}

fn parse_iso(text: &str) -> Result<(NaiveDateTime, Option<FixedOffset>), XmlError> {
    let text = text.trim();
    if let Ok(stamp) = DateTime::parse_from_rfc3339(text) {
        return Ok((stamp.naive_local(), Some(*stamp.offset())));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|stamp| (stamp, None))
        .map_err(|_| XmlError::new(format!("{text:?} is not an ISO 8601 date and time")))
}

impl XmlValue for DateTime<FixedOffset> {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        let offset = if self.offset().local_minus_utc() == 0 {
            "Z".to_owned()
        } else {
            self.format("%:z").to_string()
        };
        element.set_text(format!("{}{offset}", iso_local(&self.naive_local())));
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        let text = node.value_text()?.trim();
        DateTime::parse_from_rfc3339(text).map_err(|_| {
            XmlError::new(format!(
                "{text:?} is not an ISO 8601 date and time with a zone offset"
            ))
        })
    }
}

impl XmlValue for NaiveDate {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(self.format("%Y-%m-%d").to_string());
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        // `YYYY-MM-DD`, with an optional zone (`Z`, `+01:00`), which a date does not need.
        let text = node.value_text()?.trim();
        let date = text
            .get(..10)
            .filter(|_| text.is_char_boundary(10))
            .unwrap_or(text);
        let zone = &text[date.len()..];
        let zone_ok = zone.is_empty()
            || zone == "Z"
            || (zone.len() == 6
                && zone.starts_with(['+', '-'])
                && zone.as_bytes()[3] == b':'
                && zone[1..3]
                    .bytes()
                    .chain(zone[4..].bytes())
                    .all(|b| b.is_ascii_digit()));
        let shaped = date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-';
        match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(value) if shaped && zone_ok => Ok(value),
            _ => Err(XmlError::new(format!("{text:?} is not an ISO 8601 date"))),
        }
    }
}

/// In XML a vendor timestamp is an ISO 8601 date-time, with the zone offset when it has one.
impl XmlValue for YmdDateTime {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        // As .NET writes them: `Z` for UTC, the offset for a local time, nothing when unknown.
        let offset = match self.offset {
            Some(offset) if offset.local_minus_utc() == 0 => "Z".to_owned(),
            Some(offset) => DateTime::<FixedOffset>::from_naive_utc_and_offset(self.local, offset)
                .format("%:z")
                .to_string(),
            None => String::new(),
        };
        element.set_text(format!("{}{offset}", iso_local(&self.local)));
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        let (local, offset) = parse_iso(node.value_text()?)?;
        Ok(YmdDateTime { local, offset })
    }
}

/// In XML a vendor date is an ISO 8601 date.
impl XmlValue for DmyDate {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        self.0.write_xml(element)
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        NaiveDate::read_xml(node).map(DmyDate)
    }
}

/// In XML a vendor timestamp is an ISO 8601 date-time.
impl XmlValue for DmyDateTime {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_text(iso_local(&self.0));
        Ok(())
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        match parse_iso(node.value_text()?)? {
            (local, None) => Ok(DmyDateTime(local)),
            (_, Some(_)) => Err(XmlError::new(
                "this timestamp is in the server's local time and cannot carry a zone offset",
            )),
        }
    }
}

/// The error for an enum written by name whose `text` is none of the `known` names, for
/// generated enums: it names the type and the names it knows.
pub fn unknown_name<T>(type_name: &str, text: &str, known: &[&str]) -> Result<T, XmlError> {
    Err(XmlError::new(format!(
        "{text:?} is not a {type_name} this client knows ({})",
        known.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Line {
        number: i32,
        text: Option<String>,
        note: Nullable<String>,
        code: Option<String>,
    }

    impl XmlValue for Line {
        fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
            element.field(&XmlField::attribute("code"), &self.code)?;
            element.field(&XmlField::element("Number"), &self.number)?;
            element.field(&XmlField::element("Text"), &self.text)?;
            element.field(&XmlField::element("Note"), &self.note)
        }

        fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
            let members = node.members(None);
            Ok(Line {
                code: members.field(&XmlField::attribute("code"))?,
                number: members.field(&XmlField::element("Number"))?,
                text: members.field(&XmlField::element("Text"))?,
                note: members.field(&XmlField::element("Note"))?,
            })
        }
    }

    #[derive(Debug, PartialEq)]
    struct Doc {
        lines: Vec<Line>,
        tags: Vec<String>,
    }

    const NS: &str = "urn:example";

    impl XmlValue for Doc {
        fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
            element.set_members_namespace(NS);
            element.field(&XmlField::element("Lines").wrapped("Line"), &self.lines)?;
            element.field(&XmlField::element("Tag"), &self.tags)
        }

        fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
            let members = node.members(Some(NS));
            Ok(Doc {
                lines: members.field(&XmlField::element("Lines").wrapped("Line"))?,
                tags: members.field(&XmlField::element("Tag"))?,
            })
        }
    }

    fn doc() -> Doc {
        Doc {
            lines: vec![
                Line {
                    number: 1,
                    text: Some("a < b & \"c\"".to_owned()),
                    note: Nullable::Null,
                    code: Some("x'y".to_owned()),
                },
                Line {
                    number: 2,
                    text: None,
                    note: Nullable::Absent,
                    code: None,
                },
            ],
            tags: vec!["t1".to_owned(), "t2".to_owned()],
        }
    }

    #[test]
    fn documents_are_written_with_namespaces_nil_attributes_and_wrapping() {
        let root = XmlName::new("Doc").namespace(NS);
        let text = to_xml(&doc(), &root).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"<Doc xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:example">"#,
                r#"<Lines><Line code="x&apos;y"><Number>1</Number><Text>a &lt; b &amp; &quot;c&quot;</Text>"#,
                r#"<Note i:nil="true"/></Line><Line><Number>2</Number></Line></Lines>"#,
                r#"<Tag>t1</Tag><Tag>t2</Tag></Doc>"#
            )
        );
        let back: Doc = from_xml(text.as_bytes(), &root).unwrap();
        assert_eq!(back, doc());
    }

    #[test]
    fn reading_names_the_element_that_does_not_fit() {
        let root = XmlName::new("Doc").namespace(NS);
        let text = r#"<Doc xmlns="urn:example"><Lines><Line><Number>1</Number></Line><Line><Number>x</Number></Line></Lines></Doc>"#;
        let err = from_xml::<Doc>(text.as_bytes(), &root).unwrap_err();
        assert_eq!(err.path(), "/Doc/Lines/Line[2]/Number");
        assert!(err.message().contains("\"x\" is not a valid i32"), "{err}");

        let missing = r#"<Doc xmlns="urn:example"><Lines><Line/></Lines></Doc>"#;
        let err = from_xml::<Doc>(missing.as_bytes(), &root).unwrap_err();
        assert_eq!(err.path(), "/Doc/Lines/Line[1]");
        assert!(err.message().contains("`Number` is missing"), "{err}");

        // The right local name in another namespace is another element.
        let other = r#"<Doc xmlns="urn:other"/>"#;
        let err = from_xml::<Doc>(other.as_bytes(), &root).unwrap_err();
        assert!(
            err.message()
                .contains("expected the root element `Doc` in namespace `urn:example`"),
            "{err}"
        );
    }

    #[test]
    fn hostile_documents_are_refused() {
        let root = XmlName::new("Doc");
        for (text, expected) in [
            (
                r#"<!DOCTYPE d [<!ENTITY a "aaaa">]><Doc>&a;</Doc>"#,
                "document type definition",
            ),
            ("<Doc><Lines>", "ends inside an element"),
            ("<Doc/><Doc/>", "content after the root element"),
            ("<p:Doc/>", "prefix `p` is not declared"),
            ("", "no root element"),
        ] {
            let err = parse(text.as_bytes()).unwrap_err();
            assert!(err.to_string().contains(expected), "{text}: {err}");
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("deeper"));
        assert!(from_xml::<String>(b"<Other/>", &root).is_err());
    }

    #[test]
    fn text_values_use_xml_schema_spellings() {
        let write = |value: &dyn Fn(&mut XmlElement) -> Result<(), XmlError>| {
            let mut element = XmlElement::new("v", None, None);
            value(&mut element).unwrap();
            element.text.unwrap()
        };
        assert_eq!(write(&|e| true.write_xml(e)), "true");
        assert_eq!(write(&|e| f64::NEG_INFINITY.write_xml(e)), "-INF");
        let stamp = DateTime::parse_from_rfc3339("2026-01-21T22:50:35.2275114+01:00").unwrap();
        assert_eq!(
            write(&|e| stamp.write_xml(e)),
            "2026-01-21T22:50:35.2275114+01:00"
        );
        let utc = DateTime::parse_from_rfc3339("2026-01-21T22:50:35+00:00").unwrap();
        assert_eq!(write(&|e| utc.write_xml(e)), "2026-01-21T22:50:35Z");
        let node = XmlNode::text_only("v", " 1 ");
        assert!(bool::read_xml(&node).unwrap());
        assert_eq!(i64::read_xml(&node).unwrap(), 1);
        assert!(f64::read_xml(&XmlNode::text_only("v", "inf")).is_err());
        let err = to_xml(&"a\u{0}b".to_owned(), &XmlName::new("v")).unwrap_err();
        assert!(err.message().contains("U+0000"), "{err}");
    }

    #[test]
    fn vendor_timestamps_keep_their_offset_and_ticks() {
        let node = XmlNode::text_only("v", "2026-01-21T22:50:35.2275114+01:00");
        let stamp = YmdDateTime::read_xml(&node).unwrap();
        assert_eq!(stamp.to_string(), "2026-01-21 22:50:35.227511400+01:00");
        let mut element = XmlElement::new("v", None, None);
        stamp.write_xml(&mut element).unwrap();
        assert_eq!(
            element.text.as_deref(),
            Some("2026-01-21T22:50:35.2275114+01:00")
        );
        let naive = YmdDateTime::read_xml(&XmlNode::text_only("v", "2026-01-21T22:50:35")).unwrap();
        assert_eq!(naive.offset, None);
        assert!(DmyDateTime::read_xml(&XmlNode::text_only("v", "2026-01-21T22:50:35Z")).is_err());
    }

    #[test]
    fn unknown_elements_are_kept_and_written_back() {
        let text = concat!(
            r#"<R xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:x="urn:x">"#,
            r#"<Known>1</Known><Extra>x</Extra><Nested><A>1</A><A>2</A></Nested><Gone i:nil="true"/>"#,
            r#"<x:Ext x:kind="a" b="c">v</x:Ext><Mixed>t<B>1</B></Mixed></R>"#
        );
        let node = parse(text.as_bytes()).unwrap();
        let unknown = node.members(None).unknown_fields(&[("Known", None)]);
        assert_eq!(
            serde_json::to_string(&unknown).unwrap(),
            concat!(
                r##"{"Extra":"x","Gone":null,"Mixed":{"#text":"t","B":"1"},"Nested":{"A":["1","2"]},"##,
                r##""{urn:x}Ext":{"@{urn:x}kind":"a","@b":"c","#text":"v"}}"##
            )
        );
        let mut element = XmlElement::new("R", None, None);
        element.unknown_fields(&unknown).unwrap();
        let mut prefixes = Vec::new();
        prepare(&mut element, &mut prefixes).unwrap();
        let mut out = String::new();
        print(&element, None, true, &prefixes, &mut out);
        assert_eq!(
            out,
            concat!(
                r#"<R xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:x">"#,
                r#"<Extra>x</Extra><Gone i:nil="true"/><Mixed>t<B>1</B></Mixed><Nested><A>1</A><A>2</A></Nested>"#,
                r#"<Ext xmlns="urn:x" ns1:kind="a" b="c">v</Ext></R>"#
            )
        );
        // Read back, the same content is kept again.
        let again = parse(out.as_bytes()).unwrap();
        assert_eq!(again.members(None).unknown_fields(&[]), unknown);
        // A field in another namespace than the members' is known by its namespace.
        let own =
            parse(br#"<R xmlns="urn:r" xmlns:e="urn:e"><e:Ext>1</e:Ext><Ext>2</Ext></R>"#).unwrap();
        let unknown = own.members(None).unknown_fields(&[("Ext", Some("urn:e"))]);
        assert_eq!(serde_json::to_string(&unknown).unwrap(), r#"{"Ext":"2"}"#);
    }

    #[test]
    fn what_xml_cannot_carry_is_refused_with_its_path() {
        let mut fields = BTreeMap::new();
        fields.insert("$type".to_owned(), serde_json::json!("X"));
        let mut element = XmlElement::new("R", None, None);
        let err = element.unknown_fields(&fields).unwrap_err();
        assert!(
            err.to_string().contains("`$type` cannot be written as XML"),
            "{err}"
        );

        let line = Line {
            number: 1,
            text: Some("bell \u{7}".to_owned()),
            note: Nullable::Absent,
            code: None,
        };
        let doc = Doc {
            lines: vec![line],
            tags: Vec::new(),
        };
        let err = to_xml(&doc, &XmlName::new("Doc")).unwrap_err();
        assert_eq!(err.path(), "/Doc/Lines/Line/Text");
        assert!(err.message().contains("U+0007"), "{err}");

        for text in ["<a>&#1;</a>", "<a>\u{1}</a>", "<a b=\"&#2;\"/>"] {
            let err = parse(text.as_bytes()).unwrap_err();
            assert!(
                err.to_string().contains("is not allowed in XML"),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn a_single_nil_element_is_a_null_list() {
        struct Tags(Nullable<Vec<String>>);
        impl XmlValue for Tags {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                element.field(&XmlField::element("tag"), &self.0)
            }
            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                node.members(None)
                    .field(&XmlField::element("tag"))
                    .map(Tags)
            }
        }
        let root = XmlName::new("T");
        for value in [
            Nullable::Null,
            Nullable::Absent,
            Nullable::Value(vec!["a".to_owned()]),
        ] {
            let text = to_xml(&Tags(value.clone()), &root).unwrap();
            assert_eq!(
                from_xml::<Tags>(text.as_bytes(), &root).unwrap().0,
                value,
                "{text}"
            );
        }
    }

    #[test]
    fn dates_are_read_strictly() {
        for good in ["2026-01-21", "2026-01-21Z", "2026-01-21+01:00"] {
            assert!(
                NaiveDate::read_xml(&XmlNode::text_only("v", good)).is_ok(),
                "{good}"
            );
        }
        for bad in [
            "2026-01-21garbage",
            "2026-1-2",
            "2026-01-21T10:00:00",
            "21.01.2026",
        ] {
            assert!(
                NaiveDate::read_xml(&XmlNode::text_only("v", bad)).is_err(),
                "{bad}"
            );
        }
        let utc = YmdDateTime::read_xml(&XmlNode::text_only("v", "2026-01-21T21:50:35Z")).unwrap();
        let mut element = XmlElement::new("v", None, None);
        utc.write_xml(&mut element).unwrap();
        assert_eq!(element.text.as_deref(), Some("2026-01-21T21:50:35Z"));
    }

    #[test]
    fn prefixes_are_declared_once_on_the_root() {
        struct P(String);
        impl XmlValue for P {
            fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
                element.field(
                    &XmlField::element("Id").namespace("urn:ids").prefix("id"),
                    &self.0,
                )
            }
            fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
                node.members(None)
                    .field(&XmlField::element("Id").namespace("urn:ids").prefix("id"))
                    .map(P)
            }
        }
        let root = XmlName::new("P");
        let text = to_xml(&P("7".to_owned()), &root).unwrap();
        assert_eq!(
            text,
            r#"<P xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:id="urn:ids"><id:Id>7</id:Id></P>"#
        );
        assert_eq!(from_xml::<P>(text.as_bytes(), &root).unwrap().0, "7");
    }
}
