//! Schemas as their authors meant them: a pass over the document model, before lowering, that
//! settles what a valid but loosely written schema says, so lowering meets one form of it.
//!
//! Each rule keeps every value the schema allows, and says what it did in a warning:
//!
//! - A schema of one `type` that also carries keywords of another type (`type: string` with
//!   `additionalProperties`) is of its type: JSON Schema applies a keyword only to values of its
//!   own type, so the others constrain nothing and are dropped. `enum` values that are not of
//!   the type can never match and are dropped too.
//! - A schema without `type` whose keywords all belong to one type (`items` alone, `enum` of
//!   strings) is read as that type, as its author meant.
//! - `type: object` beside a `oneOf`/`anyOf`/`allOf` and nothing else of an object adds
//!   nothing the branches do not say, and is dropped (no warning: this form is common and
//!   exact).
//! - A `oneOf`/`anyOf` whose branches all allow any value (`oneOf: [{}]`) says nothing.
//! - `not` beside other keywords is not checked (it has no Rust form); the other keywords
//!   still describe the value.
//!
//! A schema that is a `$ref` is left alone: lowering reads only the `$ref`.

use crate::diag::Diagnostics;
use crate::doc::{
    AdditionalProperties, Document, MediaType, Parameter, PathItem, RefOr, RequestBody, Response,
    Schema, SchemaOrContent, SchemaType,
};
use serde_json::Value;

/// Settles every schema of `doc` (see the module docs), warning in `diag` where one changed.
pub fn normalize(doc: &mut Document, diag: &mut Diagnostics) {
    responses_written_as_bodies(doc, diag);
    let mut walk = Walk {
        diag,
        pointer: String::from("#"),
    };
    walk.enter("components");
    walk.enter("schemas");
    for (name, schema) in doc.components.schemas.iter_mut() {
        walk.at(name, |w| w.schema(schema));
    }
    walk.leave();
    walk.at("parameters", |w| {
        for (name, parameter) in doc.components.parameters.iter_mut() {
            if let RefOr::Item(parameter) = parameter {
                w.at(name, |w| w.parameter(parameter));
            }
        }
    });
    walk.at("requestBodies", |w| {
        for (name, body) in doc.components.request_bodies.iter_mut() {
            if let RefOr::Item(body) = body {
                w.at(name, |w| w.request_body(body));
            }
        }
    });
    walk.at("responses", |w| {
        for (name, response) in doc.components.responses.iter_mut() {
            if let RefOr::Item(response) = response {
                w.at(name, |w| w.response(response));
            }
        }
    });
    walk.at("headers", |w| {
        for (name, header) in doc.components.headers.iter_mut() {
            if let RefOr::Item(header) = header {
                w.at(name, |w| w.schema_or_content(&mut header.format));
            }
        }
    });
    walk.at("pathItems", |w| {
        for (name, item) in doc.components.path_items.iter_mut() {
            if let RefOr::Item(item) = item {
                w.at(name, |w| w.path_item(item));
            }
        }
    });
    walk.leave();
    walk.at("paths", |w| {
        for (path, item) in doc.paths.iter_mut() {
            if let RefOr::Item(item) = item {
                w.at(path, |w| w.path_item(item));
            }
        }
    });
    walk.at("webhooks", |w| {
        for (name, item) in doc.webhooks.iter_mut() {
            if let RefOr::Item(item) = item {
                w.at(name, |w| w.path_item(item));
            }
        }
    });
}

/// A response that is a `$ref` to a request body (`#/components/requestBodies/X`): a request
/// body has the `description` and `content` a response has, so it is read as that response.
fn responses_written_as_bodies(doc: &mut Document, diag: &mut Diagnostics) {
    const BODIES: &str = "#/components/requestBodies/";
    let bodies = &doc.components.request_bodies;
    for (path, item) in doc.paths.iter_mut() {
        let RefOr::Item(item) = item else { continue };
        for (method, operation) in item.operations.iter_mut() {
            let statuses = operation
                .responses
                .by_status
                .iter_mut()
                .map(|(s, r)| (s.to_string(), r));
            let default = operation
                .responses
                .default
                .as_mut()
                .map(|r| ("default".to_owned(), r));
            for (status, response) in statuses.chain(default) {
                let RefOr::Ref(reference) = response else {
                    continue;
                };
                let Some(name) = reference.target.strip_prefix(BODIES) else {
                    continue;
                };
                let Some(RefOr::Item(body)) =
                    bodies.get(&name.replace("~1", "/").replace("~0", "~"))
                else {
                    continue;
                };
                diag.warning(
                    &format!(
                        "#/paths/{}/{method}/responses/{status}/$ref",
                        path.replace('~', "~0").replace('/', "~1")
                    ),
                    format!("this response refers to the request body `{name}`; it is read as a response with the same description and content"),
                    "move the object to components/responses and refer to it there",
                );
                *response = RefOr::Item(Response {
                    description: body.description.clone().unwrap_or_default(),
                    content: body.content.clone(),
                    ..Response::default()
                });
            }
        }
    }
}

struct Walk<'d> {
    diag: &'d mut Diagnostics,
    /// The JSON pointer of what is being walked.
    pointer: String,
}

impl Walk<'_> {
    fn enter(&mut self, token: &str) {
        self.pointer.push('/');
        for c in token.chars() {
            match c {
                '~' => self.pointer.push_str("~0"),
                '/' => self.pointer.push_str("~1"),
                c => self.pointer.push(c),
            }
        }
    }

    fn leave(&mut self) {
        if let Some(slash) = self.pointer.rfind('/') {
            self.pointer.truncate(slash);
        }
    }

    fn at(&mut self, token: &str, f: impl FnOnce(&mut Self)) {
        let len = self.pointer.len();
        self.enter(token);
        f(self);
        self.pointer.truncate(len);
    }

    fn path_item(&mut self, item: &mut PathItem) {
        self.parameters(&mut item.parameters);
        for (method, operation) in item.operations.iter_mut() {
            self.at(method, |w| {
                w.parameters(&mut operation.parameters);
                if let Some(RefOr::Item(body)) = &mut operation.request_body {
                    w.at("requestBody", |w| w.request_body(body));
                }
                w.at("responses", |w| {
                    for (status, response) in operation.responses.by_status.iter_mut() {
                        if let RefOr::Item(response) = response {
                            w.at(&status.to_string(), |w| w.response(response));
                        }
                    }
                    if let Some(RefOr::Item(response)) = &mut operation.responses.default {
                        w.at("default", |w| w.response(response));
                    }
                });
            });
        }
    }

    fn parameters(&mut self, parameters: &mut [RefOr<Parameter>]) {
        self.at("parameters", |w| {
            for (i, parameter) in parameters.iter_mut().enumerate() {
                if let RefOr::Item(parameter) = parameter {
                    w.at(&i.to_string(), |w| w.parameter(parameter));
                }
            }
        });
    }

    fn parameter(&mut self, parameter: &mut Parameter) {
        self.schema_or_content(&mut parameter.format);
    }

    fn schema_or_content(&mut self, format: &mut SchemaOrContent) {
        match format {
            SchemaOrContent::Schema(schema) => self.at("schema", |w| w.schema(schema)),
            SchemaOrContent::Content(content) => self.content(content),
        }
    }

    fn request_body(&mut self, body: &mut RequestBody) {
        self.content(&mut body.content);
    }

    fn response(&mut self, response: &mut Response) {
        self.at("headers", |w| {
            for (name, header) in response.headers.iter_mut() {
                if let RefOr::Item(header) = header {
                    w.at(name, |w| w.schema_or_content(&mut header.format));
                }
            }
        });
        self.content(&mut response.content);
    }

    fn content(&mut self, content: &mut crate::doc::Map<MediaType>) {
        self.at("content", |w| {
            for (media, media_type) in content.iter_mut() {
                if let Some(schema) = &mut media_type.schema {
                    w.at(media, |w| w.at("schema", |w| w.schema(schema)));
                }
            }
        });
    }

    fn schema(&mut self, schema: &mut Schema) {
        if schema.reference.is_none() {
            self.settle(schema);
        }
        if let Some(items) = &mut schema.items {
            self.at("items", |w| w.schema(items));
        }
        if let Some(prefix) = &mut schema.prefix_items {
            self.list("prefixItems", prefix);
        }
        if let Some(properties) = &mut schema.properties {
            self.at("properties", |w| {
                for (name, property) in properties.iter_mut() {
                    w.at(name, |w| w.schema(property));
                }
            });
        }
        if let Some(AdditionalProperties::Schema(additional)) = &mut schema.additional_properties {
            self.at("additionalProperties", |w| w.schema(additional));
        }
        if let Some(parts) = &mut schema.all_of {
            self.list("allOf", parts);
        }
        if let Some(branches) = &mut schema.one_of {
            self.list("oneOf", branches);
        }
        if let Some(branches) = &mut schema.any_of {
            self.list("anyOf", branches);
        }
        if let Some(not) = &mut schema.not {
            self.at("not", |w| w.schema(not));
        }
        if !schema.defs.is_empty() {
            self.at("$defs", |w| {
                for (name, def) in schema.defs.iter_mut() {
                    w.at(name, |w| w.schema(def));
                }
            });
        }
    }

    fn list(&mut self, keyword: &str, schemas: &mut [Schema]) {
        self.at(keyword, |w| {
            for (i, schema) in schemas.iter_mut().enumerate() {
                w.at(&i.to_string(), |w| w.schema(schema));
            }
        });
    }

    /// The rules of the module docs, for one schema written in place.
    fn settle(&mut self, schema: &mut Schema) {
        constants_as_enum(schema);
        drop_empty_alternatives(schema, "oneOf", |s| &mut s.one_of, self);
        drop_empty_alternatives(schema, "anyOf", |s| &mut s.any_of, self);
        let composed =
            schema.one_of.is_some() || schema.any_of.is_some() || schema.all_of.is_some();
        if composed
            && schema.types.as_deref() == Some(&[SchemaType::Object])
            && !has_family(schema, Family::Object)
        {
            schema.types = None;
        }
        if schema.not.is_some() && has_other_assertions(schema) {
            self.diag.warning(
                &format!("{}/not", self.pointer),
                "`not` beside other keywords is not checked; the other keywords describe the value",
                "check the excluded values in your own code if they matter",
            );
            schema.not = None;
        }
        if schema.all_of.is_some() && schema.one_of.is_none() && schema.any_of.is_none() {
            self.scalar_beside_all_of(schema);
        }
        // `required` beside alternatives only constrains them (`oneOf: [A, B], required:
        // [kind]`): the alternatives describe the value.
        if (schema.one_of.is_some() || schema.any_of.is_some())
            && schema.all_of.is_none()
            && schema.properties.is_none()
            && schema.additional_properties.is_none()
        {
            schema.required = None;
            schema.min_properties = None;
            schema.max_properties = None;
        }
        let composed =
            schema.one_of.is_some() || schema.any_of.is_some() || schema.all_of.is_some();
        match schema.types.clone().as_deref() {
            Some([one]) => {
                if let Some(family) = Family::of_type(one) {
                    self.drop_foreign(schema, family);
                }
                if *one == SchemaType::Integer {
                    integral_bounds_as_integers(schema);
                }
            }
            None if !composed && schema.not.is_none() => self.infer_type(schema),
            _ => {}
        }
    }

    /// A scalar `type` beside an `allOf` (`{type: integer, allOf: [{$ref: Kind}]}`, how some
    /// generators document a use of a named enum): with an `enum` of its own, the schema's own
    /// keywords are the narrower description and the `allOf` is dropped;
    /// without one, the `allOf` describes the value and the schema's own scalar keywords,
    /// which only repeat it, are dropped.
    fn scalar_beside_all_of(&mut self, schema: &mut Schema) {
        let Some([one]) = schema.types.as_deref() else {
            return;
        };
        let Some(family) = Family::of_type(one).filter(|f| {
            matches!(
                f,
                Family::String | Family::Number | Family::Integer | Family::Boolean
            )
        }) else {
            return;
        };
        if has_family(schema, Family::Object) || has_family(schema, Family::Array) {
            return;
        }
        if schema.enumeration.is_some() || schema.constant.is_some() {
            // Every value must be one of the enum's and also what the parts allow: the enum,
            // the narrower description, is the type (Discord writes each fixed component type
            // this way).
            schema.all_of = None;
        } else {
            schema.types = None;
            take_family(schema, family);
            if family == Family::Integer {
                take_family(schema, Family::Number);
            }
        }
    }

    /// Drops the keywords of `schema` that do not apply to values of its one type.
    fn drop_foreign(&mut self, schema: &mut Schema, family: Family) {
        let mut dropped = Vec::new();
        // A number's format it does not know (`money`) is still its own: lowering warns of it.
        let numeric_format = matches!(family, Family::Number | Family::Integer)
            .then(|| schema.format.take())
            .flatten();
        for other in Family::ALL {
            if other != family && !other.shares_with(family) {
                dropped.extend(take_family(schema, other));
            }
        }
        if numeric_format.is_some() {
            schema.format = numeric_format;
        }
        let typ = schema
            .types
            .as_deref()
            .and_then(|t| t.first())
            .map_or("", SchemaType::name)
            .to_owned();
        if !dropped.is_empty() {
            let listed: Vec<String> = dropped.iter().map(|k| format!("`{k}`")).collect();
            self.diag.warning(
                &self.pointer,
                format!(
                    "{} cannot apply to a `type: {typ}` value and {} ignored",
                    listed.join(", "),
                    if dropped.len() == 1 { "is" } else { "are" }
                ),
                "remove the keywords of other types, or widen `type`",
            );
        }
        if let Some(values) = &mut schema.enumeration {
            let (kept, foreign): (Vec<Value>, Vec<Value>) = std::mem::take(values)
                .into_iter()
                .partition(|v| v.is_null() || family.holds(v));
            *values = kept;
            if !foreign.is_empty() {
                let listed: Vec<String> = foreign.iter().map(Value::to_string).collect();
                self.diag.warning(
                    &format!("{}/enum", self.pointer),
                    if foreign.len() == 1 {
                        format!(
                            "enum value {} is not of `type: {typ}`, so no value can match it; it is ignored",
                            listed.join(", ")
                        )
                    } else {
                        format!(
                            "enum values {} are not of `type: {typ}`, so no value can match them; they are ignored",
                            listed.join(", ")
                        )
                    },
                    "make every enum value of the schema's type",
                );
            }
        }
    }

    /// A schema without `type`: the one type its keywords or enum values belong to, if there
    /// is one.
    fn infer_type(&mut self, schema: &mut Schema) {
        let mut families: Vec<Family> = Family::ALL
            .into_iter()
            .filter(|f| has_family(schema, *f))
            .collect();
        if let Some(values) = schema.enumeration.as_deref() {
            let of_values = Family::of_values(values);
            match (of_values, families.as_slice()) {
                (Some(family), []) => families.push(family),
                (Some(family), [one]) if *one == family || one.shares_with(family) => {
                    families = vec![family]
                }
                _ => return,
            }
        }
        // Formats and number bounds are shared by numbers and integers.
        if families == [Family::Number] && integral_bounds(schema) && is_integer_format(schema) {
            families = vec![Family::Integer];
        }
        let [family] = families.as_slice() else {
            return;
        };
        let typ = family.schema_type();
        if schema
            .enumeration
            .as_deref()
            .is_some_and(|values| values.iter().any(Value::is_null))
        {
            schema.null = true;
        }
        self.diag.warning(
            &self.pointer,
            format!(
                "this schema has no `type`; it is read as `type: {}`, the one type its keywords describe",
                typ.name()
            ),
            "add the `type`",
        );
        schema.types = Some(vec![typ]);
    }
}

fn drop_empty_alternatives(
    schema: &mut Schema,
    keyword: &str,
    field: fn(&mut Schema) -> &mut Option<Vec<Schema>>,
    walk: &mut Walk<'_>,
) {
    let branches = field(schema);
    let says_nothing = branches.as_deref().is_some_and(|b| {
        !b.is_empty()
            && b.iter()
                .all(|branch| branch.reference.is_none() && allows_anything(branch))
    });
    if says_nothing {
        *branches = None;
        walk.diag.warning(
            &format!("{}/{keyword}", walk.pointer),
            format!("every branch of this `{keyword}` allows any value, so it is ignored"),
            "remove it, or give the branches their schemas",
        );
    }
}

/// A schema with no assertion at all (`{}`, or only docs).
fn allows_anything(schema: &Schema) -> bool {
    super::kind::is_empty_any(schema)
        && !schema.null
        && schema.enumeration.is_none()
        && schema.constant.is_none()
        && schema.prefix_items.is_none()
}

/// Whether `schema` asserts anything beside `not`.
fn has_other_assertions(schema: &Schema) -> bool {
    Family::ALL.iter().any(|f| has_family(schema, *f))
        || schema.types.is_some()
        || schema.enumeration.is_some()
        || schema.all_of.is_some()
        || schema.one_of.is_some()
        || schema.any_of.is_some()
}

/// Groups of keywords by the type of value they apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    String,
    Number,
    Integer,
    Object,
    Array,
    Boolean,
}

impl Family {
    const ALL: [Family; 6] = [
        Family::String,
        Family::Number,
        Family::Integer,
        Family::Object,
        Family::Array,
        Family::Boolean,
    ];

    fn of_type(typ: &SchemaType) -> Option<Family> {
        Some(match typ {
            SchemaType::String => Family::String,
            SchemaType::Number => Family::Number,
            SchemaType::Integer => Family::Integer,
            SchemaType::Object => Family::Object,
            SchemaType::Array => Family::Array,
            SchemaType::Boolean => Family::Boolean,
            SchemaType::Unknown(_) => return None,
        })
    }

    fn schema_type(self) -> SchemaType {
        match self {
            Family::String => SchemaType::String,
            Family::Number => SchemaType::Number,
            Family::Integer => SchemaType::Integer,
            Family::Object => SchemaType::Object,
            Family::Array => SchemaType::Array,
            Family::Boolean => SchemaType::Boolean,
        }
    }

    /// Numbers and integers share their keywords.
    fn shares_with(self, other: Family) -> bool {
        matches!(
            (self, other),
            (Family::Number, Family::Integer) | (Family::Integer, Family::Number)
        )
    }

    /// Whether an enum value is of this type.
    fn holds(self, value: &Value) -> bool {
        match self {
            Family::String => value.is_string(),
            Family::Number => value.is_number(),
            Family::Integer => value.is_i64() || value.is_u64(),
            Family::Object => value.is_object(),
            Family::Array => value.is_array(),
            Family::Boolean => value.is_boolean(),
        }
    }

    /// The one type every non-null value of an enum is of.
    fn of_values(values: &[Value]) -> Option<Family> {
        let mut found: Option<Family> = None;
        for value in values.iter().filter(|v| !v.is_null()) {
            let family = [
                Family::Integer,
                Family::Number,
                Family::String,
                Family::Boolean,
                Family::Object,
                Family::Array,
            ]
            .into_iter()
            .find(|f| f.holds(value))?;
            found = match (found, family) {
                (None, f) => Some(f),
                (Some(a), b) if a == b => Some(a),
                (Some(a), b) if a.shares_with(b) => Some(Family::Number),
                _ => return None,
            };
        }
        found
    }

    /// The names of the keywords of this family that `schema` has.
    fn present(self, s: &Schema) -> Vec<&'static str> {
        let mut names = Vec::new();
        let mut check = |present: bool, name: &'static str| {
            if present {
                names.push(name);
            }
        };
        match self {
            Family::String => {
                check(s.min_length.is_some(), "minLength");
                check(s.max_length.is_some(), "maxLength");
                check(s.pattern.is_some(), "pattern");
                check(
                    s.format.as_deref().is_some_and(|f| !is_numeric_format(f)),
                    "format",
                );
            }
            Family::Number | Family::Integer => {
                check(s.multiple_of.is_some(), "multipleOf");
                check(s.minimum.is_some(), "minimum");
                check(s.maximum.is_some(), "maximum");
                check(s.exclusive_minimum.is_some(), "exclusiveMinimum");
                check(s.exclusive_maximum.is_some(), "exclusiveMaximum");
                check(s.format.as_deref().is_some_and(is_numeric_format), "format");
            }
            Family::Object => {
                check(s.properties.is_some(), "properties");
                check(s.required.is_some(), "required");
                check(s.additional_properties.is_some(), "additionalProperties");
                check(s.min_properties.is_some(), "minProperties");
                check(s.max_properties.is_some(), "maxProperties");
            }
            Family::Array => {
                check(s.items.is_some(), "items");
                check(s.prefix_items.is_some(), "prefixItems");
                check(s.min_items.is_some(), "minItems");
                check(s.max_items.is_some(), "maxItems");
                check(s.unique_items.is_some(), "uniqueItems");
            }
            Family::Boolean => {}
        }
        names
    }
}

fn has_family(schema: &Schema, family: Family) -> bool {
    // Integers have no keywords of their own: numbers' are read as theirs.
    family != Family::Integer && !family.present(schema).is_empty()
}

/// Removes the keywords of `family` from `schema`, returning their names.
fn take_family(s: &mut Schema, family: Family) -> Vec<&'static str> {
    let names = if family == Family::Integer {
        Vec::new()
    } else {
        family.present(s)
    };
    if names.is_empty() {
        return names;
    }
    match family {
        Family::String => {
            s.min_length = None;
            s.max_length = None;
            s.pattern = None;
            if s.format.as_deref().is_some_and(|f| !is_numeric_format(f)) {
                s.format = None;
            }
        }
        Family::Number | Family::Integer => {
            s.multiple_of = None;
            s.minimum = None;
            s.maximum = None;
            s.exclusive_minimum = None;
            s.exclusive_maximum = None;
            if s.format.as_deref().is_some_and(is_numeric_format) {
                s.format = None;
            }
        }
        Family::Object => {
            s.properties = None;
            s.required = None;
            s.additional_properties = None;
            s.min_properties = None;
            s.max_properties = None;
        }
        Family::Array => {
            s.items = None;
            s.prefix_items = None;
            s.min_items = None;
            s.max_items = None;
            s.unique_items = None;
        }
        Family::Boolean => {}
    }
    names
}

/// The formats of numbers and integers the lowering of numbers knows.
fn is_numeric_format(format: &str) -> bool {
    super::schema::integer_format(format).is_some()
        || super::schema::number_format(format).is_some()
}

fn is_integer_format(schema: &Schema) -> bool {
    schema
        .format
        .as_deref()
        .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"))
}

fn integral_bounds(s: &Schema) -> bool {
    [
        &s.minimum,
        &s.maximum,
        &s.exclusive_minimum,
        &s.exclusive_maximum,
        &s.multiple_of,
    ]
    .iter()
    .all(|n| n.as_ref().is_none_or(|n| n.is_i64() || n.is_u64()))
}

/// `schema` as the branch of one of its several types: that type, with only its keywords.
pub(super) fn only_type(schema: &Schema, typ: &SchemaType) -> Schema {
    let mut branch = Schema {
        types: Some(vec![typ.clone()]),
        null: false,
        ..schema.clone()
    };
    if let Some(family) = Family::of_type(typ) {
        for other in Family::ALL {
            if other != family && !other.shares_with(family) {
                take_family(&mut branch, other);
            }
        }
        if let Some(values) = &mut branch.enumeration {
            values.retain(|v| family.holds(v));
            if values.is_empty() {
                branch.enumeration = None;
            }
        }
    }
    branch
}

/// `oneOf`/`anyOf` whose branches are each one constant (`{const: 1, title: ACTION_ROW,
/// description: ...}`), the way JSON Schema documents each value of an enum: that enum, its
/// branches' titles as variant names (`x-enum-varnames`) when every branch has one, and their
/// descriptions as the variants' docs (`x-enum-descriptions`).
fn constants_as_enum(schema: &mut Schema) {
    for branches in [&mut schema.one_of, &mut schema.any_of] {
        let Some(list) = branches.as_deref() else {
            continue;
        };
        if list.is_empty() || schema.enumeration.is_some() {
            continue;
        }
        let values: Option<Vec<Value>> = list.iter().map(constant_of).collect();
        let Some(values) = values else { continue };
        let titles: Option<Vec<Value>> = list
            .iter()
            .map(|b| b.title.clone().map(Value::String))
            .collect();
        let descriptions: Vec<Value> = list
            .iter()
            .map(|b| b.description.clone().map_or(Value::Null, Value::String))
            .collect();
        if let Some(titles) = titles {
            let unique: std::collections::BTreeSet<&str> =
                titles.iter().filter_map(Value::as_str).collect();
            if unique.len() == titles.len() {
                schema
                    .extensions
                    .entry("x-enum-varnames".to_owned())
                    .or_insert(Value::Array(titles));
            }
        }
        if descriptions.iter().any(|d| !d.is_null()) {
            schema
                .extensions
                .entry("x-enum-descriptions".to_owned())
                .or_insert(Value::Array(descriptions));
        }
        schema.enumeration = Some(values);
        *branches = None;
        return;
    }
}

/// The one value a branch allows when it is only a constant and docs.
fn constant_of(branch: &Schema) -> Option<Value> {
    if branch.reference.is_some() {
        return None;
    }
    let value = match (&branch.constant, branch.enumeration.as_deref()) {
        (Some(value), None) => value.clone(),
        (None, Some([value])) => value.clone(),
        _ => return None,
    };
    let bare = Schema {
        constant: None,
        enumeration: None,
        types: None,
        title: None,
        description: None,
        ..branch.clone()
    };
    (allows_anything(&bare) && !value.is_null() && (value.is_string() || value.is_i64()))
        .then_some(value)
}

/// Bounds of an integer written as fractional numbers (`minimum: 1.0`, as pydantic writes
/// them) as the integers they mean: `1.0` is `1`; `minimum: 0.5` allows 1 and up.
fn integral_bounds_as_integers(s: &mut Schema) {
    let as_integer =
        |n: &serde_json::Number, round: fn(f64) -> f64| -> Option<serde_json::Number> {
            if n.is_i64() || n.is_u64() {
                return None;
            }
            let f = round(n.as_f64()?);
            (f.is_finite() && f.abs() < 9.0e15).then(|| serde_json::Number::from(f as i64))
        };
    for (bound, round) in [
        (&mut s.minimum, f64::ceil as fn(f64) -> f64),
        (&mut s.maximum, f64::floor),
        (&mut s.exclusive_minimum, f64::floor),
        (&mut s.exclusive_maximum, f64::ceil),
    ] {
        if let Some(n) = bound.as_ref().and_then(|n| as_integer(n, round)) {
            *bound = Some(n);
        }
    }
}
