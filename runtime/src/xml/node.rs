//! Elements as read, the members of a type, and the document entry points.

use super::*;

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
    pub(super) fn text_only(name: &str, text: &str) -> Self {
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
pub(super) fn insert_json(
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
    pub(super) node: &'a XmlNode,
    pub(super) namespace: Option<&'a str>,
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

    pub(super) fn first(&self, name: &str, field: &XmlField) -> Option<&'a XmlNode> {
        self.node
            .children
            .iter()
            .find(|node| self.matches(node, name, field))
    }

    pub(super) fn all(&self, name: &str, field: &XmlField) -> Vec<&'a XmlNode> {
        self.node
            .children
            .iter()
            .filter(|node| self.matches(node, name, field))
            .collect()
    }

    pub(super) fn attribute(&self, field: &XmlField) -> Option<&'a str> {
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
