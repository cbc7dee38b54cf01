//! The spec's `xml` objects: element names, namespaces, prefixes, attributes, wrapped arrays,
//! element order (`x-xml-order`), and the check that everything an XML body reaches can be
//! written as XML.

use openapiv3::{ReferenceOr, Schema, SchemaData, SchemaKind, Type as OaType};
use serde_json::Value;

use super::schema::SchemaRef;
use super::{collect_named, inner_shapes, Lowerer};
use crate::diag::{pointer_join, Diagnostics};
use crate::ir::{self, FieldXml, Shape, Type, TypeId, TypeKind, XmlName};
use crate::xml_objects::XML_OBJECT;

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
    pub(super) fn xml_object(&mut self, data: &SchemaData, pointer: &str) -> XmlObject {
        let mut xml = XmlObject::default();
        let Some(value) = data.extensions.get(XML_OBJECT) else {
            return xml;
        };
        let pointer = pointer_join(pointer, "xml");
        let Value::Object(object) = value else {
            self.diag.error(
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
                ("name", _) => self.diag.error(
                    &key_pointer,
                    format!("`xml.name` must be an XML element name without a prefix, not {value}"),
                    "use letters, digits, `_`, `-` and `.`, starting with a letter or `_`",
                ),
                ("namespace", Value::String(namespace)) if namespace.contains(':') => {
                    xml.namespace = Some(namespace.clone())
                }
                ("namespace", _) => self.diag.error(
                    &key_pointer,
                    format!("`xml.namespace` must be an absolute URI, not {value}"),
                    "write the namespace URI, e.g. http://schemas.datacontract.org/2004/07/...",
                ),
                ("prefix", Value::String(prefix))
                    if is_xml_name(prefix) && !prefix.contains('.') =>
                {
                    xml.prefix = Some(prefix.clone())
                }
                ("prefix", _) => self.diag.error(
                    &key_pointer,
                    format!("`xml.prefix` must be a namespace prefix, not {value}"),
                    "use letters, digits, `_` and `-`, starting with a letter",
                ),
                ("attribute", Value::Bool(b)) => xml.attribute = *b,
                ("wrapped", Value::Bool(b)) => xml.wrapped = *b,
                ("attribute" | "wrapped", _) => self.diag.error(
                    &key_pointer,
                    format!("`xml.{key}` must be true or false"),
                    "write true or false",
                ),
                (other, _) if other.starts_with("x-") => {}
                (other, _) => self.diag.error(
                    &key_pointer,
                    format!("`xml` has no field `{other}`"),
                    "the fields are name, namespace, prefix, attribute and wrapped",
                ),
            }
        }
        if xml.prefix.is_some() && xml.namespace.is_none() {
            self.diag.error(
                &pointer_join(&pointer, "prefix"),
                "`xml.prefix` needs `xml.namespace`: a prefix stands for a namespace",
                "add the namespace, or remove the prefix",
            );
            xml.prefix = None;
        }
        if matches!(xml.prefix.as_deref(), Some(p) if p.eq_ignore_ascii_case("xml") || p.eq_ignore_ascii_case("xmlns") || p == "i")
        {
            self.diag.error(
                &pointer_join(&pointer, "prefix"),
                "`xml`, `xmlns` and `i` are reserved prefixes (`i` is bound to the XML Schema instance namespace)",
                "choose another prefix",
            );
            xml.prefix = None;
        }
        xml
    }

    /// The element name of a type: its `xml` object, else `default` (the schema's name).
    pub(super) fn type_xml(
        &mut self,
        data: &SchemaData,
        pointer: &str,
        default: &str,
    ) -> ir::TypeXml {
        let xml = self.xml_object(data, pointer);
        if xml.attribute || xml.wrapped {
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
        property: &ReferenceOr<Box<Schema>>,
        shape: &Shape,
        pointer: &str,
    ) -> FieldXml {
        let ReferenceOr::Item(schema) = property else {
            return FieldXml {
                name: XmlName {
                    name: wire_name.to_owned(),
                    ..XmlName::default()
                },
                ..FieldXml::default()
            };
        };
        let xml = self.xml_object(&schema.schema_data, pointer);
        let is_array = matches!(shape.ty, Type::Array(_));
        if xml.attribute && (is_array || matches!(shape.ty, Type::Map(_) | Type::Json)) {
            self.diag.error(
                &pointer_join(&pointer_join(pointer, "xml"), "attribute"),
                "only a property written as text can be an XML attribute",
                "remove `attribute: true`, or give the property a scalar type",
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
                attribute: false,
                item: Some(item_name.unwrap_or_else(|| wire_name.to_owned())),
            }
        } else {
            // Without a wrapper, each item is an element of its own, named by `items.xml.name`
            // or else after the property.
            FieldXml {
                name: name(item_name.unwrap_or(property_name)),
                attribute: false,
                item: None,
            }
        }
    }

    /// The element name of an array's items: `items.xml.name`, or the `xml.name` of the
    /// schema the items refer to.
    fn array_item_name(&mut self, schema: &Schema, pointer: &str) -> Option<String> {
        let SchemaKind::Type(OaType::Array(array)) = &schema.schema_kind else {
            return None;
        };
        let items = array.items.as_ref()?;
        let items_pointer = pointer_join(pointer, "items");
        match SchemaRef::from(items) {
            SchemaRef::Item(items) => {
                let xml = self.xml_object(&items.schema_data, &items_pointer);
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
                    .schema_data
                    .extensions
                    .get(XML_OBJECT)
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
        data: &SchemaData,
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
                let status = variant
                    .status
                    .map_or("default".to_owned(), |s| s.to_string());
                let pointer = pointer_join(&pointer_join(&operation.pointer, "responses"), &status);
                (&variant.shape, pointer)
            });
        for (shape, pointer) in bodies.chain(responses).chain(errors) {
            check_xml_shape(types, shape, &pointer, diag);
            collect_named(shape, &mut queue);
        }
    }
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
                for field in &s.fields {
                    let field_pointer =
                        pointer_join(&pointer_join(&pointer, "properties"), &field.wire_name);
                    check_xml_shape(types, &field.shape, &field_pointer, diag);
                }
            }
            _ => {}
        }
        for shape in inner_shapes(&types[id.0].kind) {
            collect_named(shape, &mut queue);
        }
    }
}

/// Reports shapes XML cannot carry: maps, free-form JSON, arrays of arrays, null items.
fn check_xml_shape(types: &[ir::TypeDef], shape: &Shape, pointer: &str, diag: &mut Diagnostics) {
    let problem = match &shape.ty {
        Type::Map(_) => Some("a map"),
        Type::Json => Some("a value of any JSON type"),
        Type::Option(_) => Some("a null array item"),
        Type::Array(item) => match &item.ty {
            Type::Array(_) | Type::Option(_) | Type::Map(_) | Type::Json => {
                Some("an array whose items are arrays, maps, nulls or any JSON value")
            }
            _ => None,
        },
        Type::Named(id) => match &types[id.0].kind {
            TypeKind::Alias(inner) => {
                check_xml_shape(types, inner, &types[id.0].pointer, diag);
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
