//! Reading a document with `quick-xml`, namespaces resolved.

use super::*;

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

pub(super) fn finish(node: XmlNode, stack: &mut [XmlNode], root: &mut Option<XmlNode>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => *root = Some(node),
    }
}
