//! The reader's schemas: every keyword of JSON Schema 2020-12 as OpenAPI 3.1 uses it, and
//! 3.0's forms of them (`nullable`, boolean exclusive bounds) read into the same model.

use serde_json::{Map as JsonMap, Number, Value};

use super::{kind, Reader, MAX_SCHEMA_DEPTH};
use crate::doc::{AdditionalProperties, Discriminator, Extra, Schema, SchemaType};

impl Reader<'_> {
    /// A schema. A boolean schema (3.1) is the empty schema (`true`) or one that allows
    /// nothing (`false`, kept as `not: {}`).
    pub(super) fn schema(&mut self, value: Value) -> Schema {
        let map = match value {
            Value::Object(map) => map,
            Value::Bool(true) => return Schema::default(),
            Value::Bool(false) => {
                return Schema {
                    not: Some(Box::default()),
                    ..Schema::default()
                }
            }
            other => {
                self.error(
                    format!(
                        "a schema must be a mapping (or true or false), not {}",
                        kind(&other)
                    ),
                    "write the schema as a mapping, e.g. `{type: string}`",
                );
                return Schema::default();
            }
        };
        if self.depth >= MAX_SCHEMA_DEPTH {
            self.error(
                format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here"),
                "name the inner schemas under components/schemas and refer to them with $ref",
            );
            return Schema::default();
        }
        self.depth += 1;
        let schema = self.schema_keywords(map);
        self.depth -= 1;
        schema
    }

    fn schema_keywords(&mut self, map: JsonMap<String, Value>) -> Schema {
        let mut s = Schema::default();
        // 3.0's boolean exclusive bounds, settled once `minimum`/`maximum` are known.
        let (mut exclusive_min, mut exclusive_max) = (None, None);
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "$ref" => s.reference = r.string(value),
                "type" => r.types(value, &mut s),
                "nullable" => s.null |= r.boolean(value).unwrap_or_default(),
                "format" => s.format = r.string(value),
                "title" => s.title = r.string(value),
                "description" => s.description = r.string(value),
                "default" => s.default = Some(value),
                "example" => s.example = Some(value),
                "examples" => match value {
                    Value::Array(items) => s.examples = Some(items),
                    // 3.0 has no `examples` in a schema: kept as written.
                    other => {
                        s.unknown.insert(key.clone(), other);
                    }
                },
                "const" => s.constant = Some(value),
                "enum" => s.enumeration = r.list(value),
                "readOnly" => s.read_only = r.boolean(value).unwrap_or_default(),
                "writeOnly" => s.write_only = r.boolean(value).unwrap_or_default(),
                "deprecated" => s.deprecated = r.boolean(value).unwrap_or_default(),
                "multipleOf" => s.multiple_of = r.number(value),
                "minimum" => s.minimum = r.number(value),
                "maximum" => s.maximum = r.number(value),
                "exclusiveMinimum" => match value {
                    Value::Bool(b) => exclusive_min = Some(b),
                    other => s.exclusive_minimum = r.number(other),
                },
                "exclusiveMaximum" => match value {
                    Value::Bool(b) => exclusive_max = Some(b),
                    other => s.exclusive_maximum = r.number(other),
                },
                "minLength" => s.min_length = r.count(value),
                "maxLength" => s.max_length = r.count(value),
                "pattern" => s.pattern = r.string(value),
                "contentEncoding" => s.content_encoding = r.string(value),
                "contentMediaType" => s.content_media_type = r.string(value),
                "items" => s.items = Some(Box::new(r.schema(value))),
                "prefixItems" => s.prefix_items = Some(r.each(value, |r, v| Some(r.schema(v)))),
                "minItems" => s.min_items = r.count(value),
                "maxItems" => s.max_items = r.count(value),
                "uniqueItems" => s.unique_items = r.boolean(value),
                "properties" => s.properties = Some(r.entries(value, |r, v| Some(r.schema(v)))),
                "required" => s.required = r.strings(value),
                "additionalProperties" => {
                    s.additional_properties = Some(match value {
                        Value::Bool(b) => AdditionalProperties::Allowed(b),
                        other => AdditionalProperties::Schema(Box::new(r.schema(other))),
                    })
                }
                "minProperties" => s.min_properties = r.count(value),
                "maxProperties" => s.max_properties = r.count(value),
                "allOf" => s.all_of = Some(r.each(value, |r, v| Some(r.schema(v)))),
                "oneOf" => s.one_of = Some(r.each(value, |r, v| Some(r.schema(v)))),
                "anyOf" => s.any_of = Some(r.each(value, |r, v| Some(r.schema(v)))),
                "not" => s.not = Some(Box::new(r.schema(value))),
                "$defs" => s.defs = r.entries(value, |r, v| Some(r.schema(v))),
                "discriminator" => s.discriminator = r.discriminator(value),
                "xml" => s.xml = Some(value),
                "externalDocs" => s.external_docs = Some(value),
                _ if key.starts_with("x-") => {
                    s.extensions.insert(key.clone(), value);
                }
                _ => {
                    s.unknown.insert(key.clone(), value);
                }
            });
        }
        self.exclusive_bound(
            exclusive_min,
            &mut s.minimum,
            &mut s.exclusive_minimum,
            "exclusiveMinimum",
            "minimum",
            &mut s.unknown,
        );
        self.exclusive_bound(
            exclusive_max,
            &mut s.maximum,
            &mut s.exclusive_maximum,
            "exclusiveMaximum",
            "maximum",
            &mut s.unknown,
        );
        s
    }

    /// 3.0's `exclusiveMinimum: true` makes `minimum` exclusive: the bound moves to the
    /// numeric `exclusiveMinimum` 3.1 writes. Without a `minimum` the flag says nothing; it is
    /// kept as written, with a warning.
    fn exclusive_bound(
        &mut self,
        flag: Option<bool>,
        inclusive: &mut Option<Number>,
        exclusive: &mut Option<Number>,
        keyword: &str,
        bound: &str,
        unknown: &mut Extra,
    ) {
        match flag {
            Some(true) if inclusive.is_some() => *exclusive = inclusive.take(),
            Some(true) => {
                self.at(keyword, |r| {
                    let pointer = r.pointer.clone();
                    r.diag.warning(
                        &pointer,
                        format!(
                            "`{keyword}: true` has no `{bound}` to make exclusive; it is ignored"
                        ),
                        format!("add `{bound}`, or remove `{keyword}`"),
                    )
                });
                unknown.insert(keyword.to_owned(), Value::Bool(true));
            }
            _ => {}
        }
    }

    fn types(&mut self, value: Value, schema: &mut Schema) {
        let names = match value {
            Value::String(name) => vec![Value::String(name)],
            Value::Array(names) if names.iter().all(Value::is_string) => names,
            other => {
                self.wrong("a type name or a list of type names", &other);
                return;
            }
        };
        let mut types = Vec::with_capacity(names.len());
        for name in names {
            let Value::String(name) = name else { continue };
            if name == "null" {
                schema.null = true;
            } else {
                let ty = SchemaType::from_name(&name);
                if !types.contains(&ty) {
                    types.push(ty);
                }
            }
        }
        schema.types = Some(types);
    }

    fn discriminator(&mut self, value: Value) -> Option<Discriminator> {
        let map = self.object(value)?;
        let mut discriminator = Discriminator::default();
        let mut property_name = None;
        for (key, value) in map {
            self.at(&key, |r| match key.as_str() {
                "propertyName" => property_name = r.string(value),
                "mapping" => discriminator.mapping = r.entries(value, Reader::string),
                _ => {
                    discriminator.extra.insert(key.clone(), value);
                }
            });
        }
        discriminator.property_name =
            self.require(property_name, "the discriminator", "propertyName")?;
        Some(discriminator)
    }
}
