//! Values as element content: the `XmlValue` and `XmlFieldValue` traits and their impls for containers.

use super::*;

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
pub(super) fn index(mut err: XmlError, i: usize) -> XmlError {
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
