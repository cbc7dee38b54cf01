//! Writing: namespaces, prefixes, nil and text, printed as a document.

use super::*;

pub(super) fn show_name(name: &str, namespace: Option<&str>) -> String {
    match namespace {
        Some(namespace) => format!("`{name}` in namespace `{namespace}`"),
        None => format!("`{name}` in no namespace"),
    }
}

/// Checks what XML cannot carry (names that are not XML names, characters XML does not allow,
/// a prefix bound to two namespaces) and collects the prefixes the root declares, giving one
/// to each namespaced attribute that has none.
pub(super) fn prepare(
    element: &mut XmlElement,
    prefixes: &mut Vec<(String, String)>,
) -> Result<(), XmlError> {
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

pub(super) fn bind(
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

pub(super) fn check_text(text: &str) -> Result<(), XmlError> {
    match text.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(XmlError::new(format!(
            "the character U+{:04X} is not allowed in XML",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// Whether `name` can be an XML element or attribute name without a prefix.
pub(super) fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A key of kept unknown content: `{namespace}name`, or a name in `members`' namespace.
pub(super) fn split_key<'k>(key: &'k str, members: Option<&'k str>) -> (Option<&'k str>, &'k str) {
    match key.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
        Some(("", name)) => (None, name),
        Some((namespace, name)) => (Some(namespace), name),
        None => (members, key),
    }
}

/// The key kept unknown content is stored under: the local name, or `{namespace}name` when the
/// namespace is not `members`.
pub(super) fn json_key(node: &XmlNode, members: Option<&str>) -> String {
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

pub(super) fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Prints `element`; `default` is the default namespace in scope at its parent.
pub(super) fn print(
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

pub(super) fn uses_nil(element: &XmlElement) -> bool {
    element.nil || element.children.iter().any(uses_nil)
}

pub(super) fn escape(text: &str) -> String {
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
