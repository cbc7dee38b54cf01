//! The spec's `xml` objects: element names, namespaces, prefixes, attributes, wrapped arrays,
//! element order (`x-xml-order`), and the check that everything an XML body reaches can be
//! written as XML.

use serde_json::Value;

use super::schema::SchemaRef;
use super::Lowerer;
use crate::diag::{pointer_join, Diagnostics};
use crate::doc::Schema;
use crate::ir::resolve_alias;
use crate::ir::{self, FieldXml, Shape, Type, TypeId, TypeKind, XmlName};

/// The element order of a struct, by wire name (`x-xml-order`).
const XML_ORDER: &str = "x-xml-order";

/// An `xml` object as written.
#[derive(Debug, Default)]
pub(super) struct XmlObject {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub prefix: Option<String>,
    pub attribute: bool,
    pub wrapped: bool,
}

impl Lowerer<'_> {
    /// Reads the `xml` object of the schema at `pointer`, if it has one.
    pub(super) fn xml_object(&mut self, data: &Schema, pointer: &str) -> XmlObject {
        let mut problems = Problems::default();
        let xml = read_xml_object(data, pointer, &mut problems);
        for (pointer, message, hint) in problems.0 {
            self.diag.error(&pointer, message, hint);
        }
        xml
    }

    /// The element name of a type: its `xml` object, else `default` (the schema's name).
    ///
    /// An inline type's schema is also its property's, whose `xml` object `field_xml` reports
    /// on: only a component's own `xml` object is checked here.
    pub(super) fn type_xml(
        &mut self,
        data: &Schema,
        pointer: &str,
        default: &str,
        component: bool,
    ) -> ir::TypeXml {
        let xml = if component {
            self.xml_object(data, pointer)
        } else {
            read_xml_object(data, pointer, &mut Problems::default())
        };
        if component && (xml.attribute || xml.wrapped) {
            self.diag.warning(
                &pointer_join(pointer, "xml"),
                "`xml.attribute` and `xml.wrapped` apply to properties, not to a schema's own element",
                "move them to the property that uses this schema",
            );
        }
        ir::TypeXml {
            root: XmlName {
                name: xml.name.unwrap_or_else(|| default.to_owned()),
                namespace: xml.namespace,
                prefix: xml.prefix,
            },
            used: false,
        }
    }

    /// How the property `wire_name` is written in XML.
    pub(super) fn field_xml(
        &mut self,
        wire_name: &str,
        property: &Schema,
        shape: &Shape,
        pointer: &str,
    ) -> FieldXml {
        let schema = property;
        if schema.reference.is_some() {
            return FieldXml {
                name: XmlName {
                    name: wire_name.to_owned(),
                    ..XmlName::default()
                },
                ..FieldXml::default()
            };
        }
        let xml = self.xml_object(schema, pointer);
        let is_array = matches!(shape.ty, Type::Array(_));
        if xml.attribute && xml.namespace.is_some() && xml.prefix.is_none() {
            self.diag.error(
                &pointer_join(&pointer_join(pointer, "xml"), "namespace"),
                "an attribute without a prefix is in no namespace, so its namespace needs a prefix",
                "add `prefix`, or remove the namespace",
            );
        }
        if xml.wrapped && !is_array {
            self.diag.warning(
                &pointer_join(&pointer_join(pointer, "xml"), "wrapped"),
                "`xml.wrapped` applies to arrays only and is ignored here",
                "remove it",
            );
        }
        let property_name = xml.name.clone().unwrap_or_else(|| wire_name.to_owned());
        let name = |name: String| XmlName {
            name,
            namespace: xml.namespace.clone(),
            prefix: xml.prefix.clone(),
        };
        if !is_array {
            return FieldXml {
                name: name(property_name),
                attribute: xml.attribute,
                item: None,
            };
        }
        let item_name = self.array_item_name(schema, pointer);
        if xml.wrapped {
            FieldXml {
                name: name(property_name),
                attribute: xml.attribute,
                item: Some(item_name.unwrap_or_else(|| wire_name.to_owned())),
            }
        } else {
            // Without a wrapper, each item is an element of its own, named by `items.xml.name`
            // or else after the property.
            FieldXml {
                name: name(item_name.unwrap_or(property_name)),
                attribute: xml.attribute,
                item: None,
            }
        }
    }

    /// The element name of an array's items: `items.xml.name`, or the `xml.name` of the
    /// schema the items refer to.
    fn array_item_name(&mut self, schema: &Schema, pointer: &str) -> Option<String> {
        if super::kind::kind(schema) != super::kind::Kind::Array {
            return None;
        }
        let items = schema.items.as_deref()?;
        let items_pointer = pointer_join(pointer, "items");
        match SchemaRef::from(items) {
            SchemaRef::Item(items) => {
                let xml = self.xml_object(items, &items_pointer);
                if xml.namespace.is_some() || xml.attribute {
                    self.diag.error(
                        &pointer_join(&items_pointer, "xml"),
                        "array items take only `xml.name`: they are in the array's namespace",
                        "remove the other fields of the items' `xml` object",
                    );
                }
                xml.name
            }
            SchemaRef::Ref(reference) => {
                let target = super::schema::component_schema(self.spec, reference)?;
                // Problems of the target's `xml` object are reported where it is defined.
                target
                    .xml
                    .as_ref()
                    .and_then(|xml| xml.get("name"))
                    .and_then(Value::as_str)
                    .filter(|name| is_xml_name(name))
                    .map(str::to_owned)
            }
        }
    }

    /// The element order of a struct: `x-xml-order` (every property's wire name once), else
    /// DataContract's, by element name in ordinal order.
    pub(super) fn xml_order(
        &mut self,
        data: &Schema,
        fields: &[ir::Field],
        pointer: &str,
    ) -> Vec<usize> {
        let mut alphabetical: Vec<usize> = (0..fields.len()).collect();
        alphabetical.sort_by(|&a, &b| fields[a].xml.name.name.cmp(&fields[b].xml.name.name));
        let Some(value) = data.extensions.get(XML_ORDER) else {
            return alphabetical;
        };
        let pointer = pointer_join(pointer, XML_ORDER);
        let Some(names) = value.as_array() else {
            self.diag.error(
                &pointer,
                "x-xml-order must be a list of the object's property names",
                "list every property once, in the order of its XML element",
            );
            return alphabetical;
        };
        let mut order = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let item_pointer = pointer_join(&pointer, &i.to_string());
            let found = name
                .as_str()
                .and_then(|name| fields.iter().position(|f| f.wire_name == name));
            match found {
                Some(index) if order.contains(&index) => self.diag.error(
                    &item_pointer,
                    format!("x-xml-order lists {name} twice"),
                    "list every property once",
                ),
                Some(index) => order.push(index),
                None => self.diag.error(
                    &item_pointer,
                    format!("x-xml-order lists {name}, which is not a property of this object"),
                    "list the object's property names (wire names)",
                ),
            }
        }
        let missing: Vec<&str> = fields
            .iter()
            .enumerate()
            .filter(|(i, _)| !order.contains(i))
            .map(|(_, f)| f.wire_name.as_str())
            .collect();
        if !missing.is_empty() {
            self.diag.error(
                &pointer,
                format!("x-xml-order leaves out {}", missing.join(", ")),
                "list every property once, in the order of its XML element",
            );
            return alphabetical;
        }
        order
    }
}

/// Reads the `xml` object of the schema at `pointer`, if it has one, recording problems.
fn read_xml_object(data: &Schema, pointer: &str, problems: &mut Problems) -> XmlObject {
    let mut xml = XmlObject::default();
    let Some(value) = &data.xml else {
        return xml;
    };
    let pointer = pointer_join(pointer, "xml");
    let Value::Object(object) = value else {
        problems.error(
            &pointer,
            "`xml` must be an object",
            "write e.g. xml: {name: Order, namespace: \"urn:...\"}",
        );
        return xml;
    };
    for (key, value) in object {
        let key_pointer = pointer_join(&pointer, key);
        match (key.as_str(), value) {
            ("name", Value::String(name)) if is_xml_name(name) => xml.name = Some(name.clone()),
            ("name", _) => problems.error(
                &key_pointer,
                format!("`xml.name` must be an XML element name without a prefix, not {value}"),
                "use letters, digits, `_`, `-` and `.`, starting with a letter or `_`",
            ),
            ("namespace", Value::String(namespace)) if namespace.contains(':') => {
                xml.namespace = Some(namespace.clone())
            }
            ("namespace", _) => problems.error(
                &key_pointer,
                format!("`xml.namespace` must be an absolute URI, not {value}"),
                "write the namespace URI, e.g. http://schemas.datacontract.org/2004/07/...",
            ),
            ("prefix", Value::String(prefix)) if is_xml_name(prefix) && !prefix.contains('.') => {
                xml.prefix = Some(prefix.clone())
            }
            ("prefix", _) => problems.error(
                &key_pointer,
                format!("`xml.prefix` must be a namespace prefix, not {value}"),
                "use letters, digits, `_` and `-`, starting with a letter",
            ),
            ("attribute", Value::Bool(b)) => xml.attribute = *b,
            ("wrapped", Value::Bool(b)) => xml.wrapped = *b,
            ("attribute" | "wrapped", _) => problems.error(
                &key_pointer,
                format!("`xml.{key}` must be true or false"),
                "write true or false",
            ),
            (other, _) if other.starts_with("x-") => {}
            (other, _) => problems.error(
                &key_pointer,
                format!("`xml` has no field `{other}`"),
                "the fields are name, namespace, prefix, attribute and wrapped",
            ),
        }
    }
    if xml.prefix.is_some() && xml.namespace.is_none() {
        problems.error(
            &pointer_join(&pointer, "prefix"),
            "`xml.prefix` needs `xml.namespace`: a prefix stands for a namespace",
            "add the namespace, or remove the prefix",
        );
        xml.prefix = None;
    }
    if matches!(xml.prefix.as_deref(), Some(p) if p.eq_ignore_ascii_case("xml") || p.eq_ignore_ascii_case("xmlns") || p == "i")
    {
        problems.error(
            &pointer_join(&pointer, "prefix"),
            "`xml`, `xmlns` and `i` are reserved prefixes (`i` is bound to the XML Schema instance namespace)",
            "choose another prefix",
        );
        xml.prefix = None;
    }
    xml
}

/// Problems found while reading, reported or not by the caller.
#[derive(Default)]
struct Problems(Vec<(String, String, String)>);

impl Problems {
    fn error(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.0
            .push((pointer.to_owned(), message.into(), hint.into()));
    }
}

/// Whether `name` is an XML name without a prefix (ASCII letters, digits, `_`, `-`, `.`).
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !name.to_ascii_lowercase().starts_with("xml")
}

/// Marks the types XML bodies reach, and reports what in them XML cannot carry.
pub(super) fn mark_xml_usage(
    types: &mut [ir::TypeDef],
    operations: &[ir::Operation],
    diag: &mut Diagnostics,
) {
    let mut queue = Vec::new();
    for operation in operations {
        let bodies = operation
            .body
            .iter()
            .filter(|b| b.xml.is_some())
            .map(|b| (&b.shape, pointer_join(&operation.pointer, "requestBody")));
        let responses = operation
            .success
            .shape
            .iter()
            .filter(|_| operation.success.xml.is_some())
            .map(|shape| (shape, pointer_join(&operation.pointer, "responses")));
        let errors = operation
            .errors
            .iter()
            .flat_map(|errors| &errors.variants)
            .filter(|variant| variant.xml.is_some())
            .map(|variant| {
                let status = variant.status.key();
                let pointer = pointer_join(&pointer_join(&operation.pointer, "responses"), &status);
                (&variant.shape, pointer)
            });
        for (shape, pointer) in bodies.chain(responses).chain(errors) {
            if matches!(resolve_alias(types, shape).ty, Type::Array(_)) {
                diag.error(
                    &pointer,
                    "an array as a whole XML body is not supported: the client reads and writes XML bodies rooted in one object",
                    "wrap the array in an object, or offer this body as JSON only",
                );
                continue;
            }
            check_xml_shape(types, shape, &pointer, diag);
            shape.collect_named(&mut queue);
        }
    }
    mark_reached(types, queue, diag);
    check_prefixes(types, operations, diag);
}

/// Marks the types `queue` reaches, reporting what in them XML cannot carry.
fn mark_reached(types: &mut [ir::TypeDef], mut queue: Vec<TypeId>, diag: &mut Diagnostics) {
    while let Some(id) = queue.pop() {
        if types[id.0].xml.used {
            continue;
        }
        types[id.0].xml.used = true;
        let def = &types[id.0];
        let pointer = def.pointer.clone();
        match &def.kind {
            TypeKind::Untagged(_) => diag.error(
                &pointer,
                "a oneOf/anyOf cannot be written as XML: nothing in an XML element says which branch it is",
                "send this body as JSON only, or give the element one schema",
            ),
            TypeKind::Enum(e) if e.variants.iter().any(|v| v.xml_name.is_none()) => diag.error(
                &pointer,
                "an integer enum in an XML body needs names for its values: DataContract writes enum members by name",
                "add x-enum-varnames with the names the server uses",
            ),
            TypeKind::Struct(s) => {
                if let ir::Additional::Typed { .. } = s.additional {
                    diag.error(
                        &pointer_join(&pointer, "additionalProperties"),
                        "additionalProperties with a schema cannot be written as XML",
                        "send this body as JSON only",
                    );
                }
                if !is_xml_name(&def.xml.root.name) {
                    diag.error(
                        &pointer,
                        format!("`{}` is not an XML element name", def.xml.root.name),
                        "give the schema `xml: {name: ...}`",
                    );
                }
                let mut elements: Vec<(&str, Option<&str>, bool)> = Vec::new();
                for field in &s.fields {
                    let field_pointer =
                        pointer_join(&pointer_join(&pointer, "properties"), &field.wire_name);
                    check_xml_shape(types, &field.shape, &field_pointer, diag);
                    check_field(types, field, &field_pointer, diag);
                    let key = (
                        field.xml.name.name.as_str(),
                        field.xml.name.namespace.as_deref(),
                        field.xml.attribute,
                    );
                    if elements.contains(&key) {
                        let what = if field.xml.attribute { "attribute" } else { "element" };
                        diag.error(
                            &field_pointer,
                            format!("another property is already the XML {what} `{}`", key.0),
                            "give one of them another `xml.name`",
                        );
                    }
                    elements.push(key);
                }
            }
            _ => {}
        }
        for shape in types[id.0].kind.inner_shapes() {
            shape.collect_named(&mut queue);
        }
    }
}

/// Reports a field XML cannot name or write: an element or item name that is not an XML name,
/// an attribute whose value is not text.
fn check_field(types: &[ir::TypeDef], field: &ir::Field, pointer: &str, diag: &mut Diagnostics) {
    for name in std::iter::once(&field.xml.name.name).chain(field.xml.item.as_ref()) {
        if !is_xml_name(name) {
            diag.error(
                pointer,
                format!("`{name}` is not an XML element name"),
                "give the property (or its items) `xml: {name: ...}`",
            );
        }
    }
    if field.xml.attribute && !is_text(types, &field.shape) {
        diag.error(
            &pointer_join(&pointer_join(pointer, "xml"), "attribute"),
            "only a property written as text can be an XML attribute",
            "remove `attribute: true`, or give the property a scalar type",
        );
    }
}

/// Whether values of `shape` are written as text: scalars, enums, and aliases of them.
fn is_text(types: &[ir::TypeDef], shape: &Shape) -> bool {
    match &shape.ty {
        Type::Named(id) => match &types[id.0].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => is_text(types, inner),
            TypeKind::Struct(_) | TypeKind::Untagged(_) => false,
        },
        Type::Array(_) | Type::Map(_) | Type::Json | Type::Option(_) => false,
        _ => true,
    }
}

/// Reports a prefix that two `xml` objects bind to different namespaces.
fn check_prefixes(types: &[ir::TypeDef], operations: &[ir::Operation], diag: &mut Diagnostics) {
    let mut names: Vec<(&XmlName, String)> = Vec::new();
    for operation in operations {
        let bodies = operation.body.iter().filter_map(|b| b.xml.as_ref());
        for xml in bodies.chain(operation.success.xml.as_ref()) {
            names.push((&xml.root, operation.pointer.clone()));
        }
    }
    for def in types.iter().filter(|def| def.xml.used) {
        names.push((&def.xml.root, def.pointer.clone()));
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                let pointer =
                    pointer_join(&pointer_join(&def.pointer, "properties"), &field.wire_name);
                names.push((&field.xml.name, pointer));
            }
        }
    }
    let mut bound: Vec<(&str, &str)> = Vec::new();
    for (name, pointer) in names {
        let (Some(prefix), Some(namespace)) = (name.prefix.as_deref(), name.namespace.as_deref())
        else {
            continue;
        };
        match bound.iter().find(|(p, _)| *p == prefix) {
            Some((_, other)) if *other != namespace => diag.error(
                &pointer_join(&pointer, "xml"),
                format!("the prefix `{prefix}` stands for `{other}` elsewhere, and for `{namespace}` here"),
                "give each namespace its own prefix",
            ),
            Some(_) => {}
            None => bound.push((prefix, namespace)),
        }
    }
}

/// Reports shapes XML cannot carry: maps, free-form JSON, arrays of arrays, null items.
fn check_xml_shape(types: &[ir::TypeDef], shape: &Shape, pointer: &str, diag: &mut Diagnostics) {
    check_xml_shape_within(types, shape, pointer, diag, types.len());
}

/// [`check_xml_shape`], following at most `aliases` aliases: an alias of itself (reported as a
/// cycle elsewhere) must not be followed forever.
fn check_xml_shape_within(
    types: &[ir::TypeDef],
    shape: &Shape,
    pointer: &str,
    diag: &mut Diagnostics,
    aliases: usize,
) {
    let problem = match &shape.ty {
        Type::Map(_) => Some("a map"),
        Type::Json => Some("a value of any JSON type"),
        Type::Option(_) => Some("a null array item"),
        Type::Array(item) => match &resolve_alias(types, item).ty {
            Type::Array(_) | Type::Option(_) | Type::Map(_) | Type::Json => {
                Some("an array whose items are arrays, maps, nulls or any JSON value")
            }
            _ => None,
        },
        Type::Named(id) => match &types[id.0].kind {
            TypeKind::Alias(inner) if aliases > 0 => {
                check_xml_shape_within(types, inner, &types[id.0].pointer, diag, aliases - 1);
                None
            }
            _ => None,
        },
        _ => None,
    };
    if let Some(problem) = problem {
        diag.error(
            pointer,
            format!("{problem} cannot be written as XML"),
            "send this body as JSON only, or give it a shape XML can carry",
        );
    }
}

/// The type a body's schema names, for its root element.
pub(super) fn named(shape: &Shape) -> Option<TypeId> {
    match shape.ty {
        Type::Named(id) => Some(id),
        _ => None,
    }
}
