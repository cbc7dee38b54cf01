//! Keeps the schemas' `xml` objects through loading.
//!
//! `openapiv3` has no field for a schema's `xml` object and drops it, keeping only `x-`
//! extensions. Before the document is deserialized, every `xml` key of a schema is therefore
//! renamed to [`XML_OBJECT`], which `lower` reads back. Only keys in schema position are
//! renamed (a property that happens to be called `xml` is a property, and examples are left
//! alone), so the walk follows the places OpenAPI 3.0 puts schemas.

use serde_json::{Map, Value};

/// The extension a schema's `xml` object is kept under between loading and lowering.
pub const XML_OBJECT: &str = "x-ordergen-xml";

/// Renames the `xml` object of every schema in `spec` to [`XML_OBJECT`].
pub fn keep_xml_objects(spec: &mut Map<String, Value>) {
    if let Some(Value::Object(components)) = spec.get_mut("components") {
        each_value(components.get_mut("schemas"), schema);
        each_value(components.get_mut("parameters"), parameter);
        each_value(components.get_mut("headers"), parameter);
        each_value(components.get_mut("responses"), response);
        each_value(components.get_mut("requestBodies"), content_holder);
    }
    each_value(spec.get_mut("paths"), path_item);
}

/// Renames the `xml` objects of a path item's schemas (an entry of `paths`).
pub(crate) fn path_item(value: &mut Value) {
    let Value::Object(item) = value else { return };
    for (key, value) in item.iter_mut() {
        match key.as_str() {
            "parameters" => each_item(Some(value), parameter),
            "summary" | "description" | "servers" | "$ref" => {}
            _ => operation(value),
        }
    }
}

fn operation(value: &mut Value) {
    let Value::Object(operation) = value else {
        return;
    };
    each_item(operation.get_mut("parameters"), parameter);
    if let Some(body) = operation.get_mut("requestBody") {
        content_holder(body);
    }
    each_value(operation.get_mut("responses"), response);
}

fn response(value: &mut Value) {
    content_holder(value);
    if let Value::Object(response) = value {
        each_value(response.get_mut("headers"), parameter);
    }
}

/// A request body, response, parameter or header: its `content` media types' schemas.
fn content_holder(value: &mut Value) {
    let Value::Object(holder) = value else {
        return;
    };
    if let Some(Value::Object(content)) = holder.get_mut("content") {
        for media in content.values_mut() {
            if let Value::Object(media) = media {
                if let Some(value) = media.get_mut("schema") {
                    schema(value);
                }
            }
        }
    }
}

fn parameter(value: &mut Value) {
    content_holder(value);
    if let Value::Object(parameter) = value {
        if let Some(value) = parameter.get_mut("schema") {
            schema(value);
        }
    }
}

/// Renames the `xml` objects of a schema and of the schemas written in it.
pub(crate) fn schema(value: &mut Value) {
    let Value::Object(schema) = value else {
        return;
    };
    if let Some(xml) = schema.remove("xml") {
        schema.insert(XML_OBJECT.to_owned(), xml);
    }
    each_value(schema.get_mut("properties"), self::schema);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(value) = schema.get_mut(key) {
            self::schema(value);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        each_item(schema.get_mut(key), self::schema);
    }
}

fn each_value(value: Option<&mut Value>, f: fn(&mut Value)) {
    if let Some(Value::Object(map)) = value {
        map.values_mut().for_each(f);
    }
}

fn each_item(value: Option<&mut Value>, f: fn(&mut Value)) {
    if let Some(Value::Array(items)) = value {
        items.iter_mut().for_each(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_objects_of_schemas_are_kept_and_nothing_else_is_touched() {
        let mut spec = serde_json::json!({
            "paths": {"/a": {"post": {
                "requestBody": {"content": {"application/xml": {
                    "schema": {"type": "integer", "xml": {"name": "long"}},
                    "example": {"xml": "an example stays as it is"}
                }}},
                "responses": {"200": {"content": {"text/xml": {"schema": {
                    "type": "array", "items": {"xml": {"name": "Item"}}
                }}}}}
            }}},
            "components": {"schemas": {"A": {
                "xml": {"namespace": "urn:a"},
                "properties": {
                    "xml": {"type": "string"},
                    "b": {"allOf": [{"xml": {"name": "B"}}], "xml": {"attribute": true}}
                }
            }}}
        });
        keep_xml_objects(spec.as_object_mut().unwrap());
        let a = &spec["components"]["schemas"]["A"];
        assert_eq!(a[XML_OBJECT]["namespace"], "urn:a");
        assert!(a.get("xml").is_none());
        assert_eq!(a["properties"]["xml"]["type"], "string");
        assert_eq!(a["properties"]["b"][XML_OBJECT]["attribute"], true);
        assert_eq!(a["properties"]["b"]["allOf"][0][XML_OBJECT]["name"], "B");
        let media = &spec["paths"]["/a"]["post"]["requestBody"]["content"]["application/xml"];
        assert_eq!(media["schema"][XML_OBJECT]["name"], "long");
        assert_eq!(media["example"]["xml"], "an example stays as it is");
        let items = &spec["paths"]["/a"]["post"]["responses"]["200"]["content"]["text/xml"]
            ["schema"]["items"];
        assert_eq!(items[XML_OBJECT]["name"], "Item");
    }
}
