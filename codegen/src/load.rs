//! Reading a spec: YAML or JSON text -> JSON -> the document model ([`crate::doc`]), with
//! located errors. A Swagger 2.0 document is converted to OpenAPI 3.0 on the way
//! ([`swagger2`]), and a spec split over several files is bundled into one ([`bundle`]).

pub mod bundle;
pub mod swagger2;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diag::Diagnostics;
use crate::doc::Document;

/// How deep the YAML and JSON reader lets values nest (its own fixed limit).
pub const MAX_NESTING: usize = 128;

/// Parses `text` (YAML or JSON, OpenAPI 3.0.x or 3.1.x, or Swagger 2.0) into the document
/// model, recording every problem in `diag`. A `$ref` to another file is left for lowering to
/// refuse: the text has no folder to read it from ([`load_files`] has).
pub fn load(text: &str, diag: &mut Diagnostics) -> Option<Document> {
    let json = parse(text, diag)?;
    let json = check_version(json, diag)?;
    crate::doc::read(json, diag)
}

/// Like [`load`], for a spec that may be split over several files: `path` is the file `text`
/// was read from, and `files` reads the others its `$ref`s name (relative to the file the
/// `$ref` is written in). They are bundled into one document before it is read; diagnostics
/// name the file, line and pointer where each problem was written.
pub fn load_files(
    path: &std::path::Path,
    text: &str,
    files: &dyn bundle::SpecFiles,
    diag: &mut Diagnostics,
) -> Option<Document> {
    let json = parse(text, diag)?;
    let json = bundle::bundle(path, json, files, diag)?;
    let json = check_version(json, diag)?;
    crate::doc::read(json, diag)
}

/// The spec text as a JSON object, or `None` with the problem recorded.
pub fn parse(text: &str, diag: &mut Diagnostics) -> Option<Map<String, Value>> {
    // JSON text is read by the JSON reader (several times faster than the YAML one on GitHub's
    // 3.7 MB document) by the same rules; anything it refuses is read as YAML below, which
    // reports the problem.
    let json_text = text.trim_start().starts_with('{');
    if json_text {
        if let Ok(Direct(Value::Object(map))) = serde_json::from_str::<Direct>(text) {
            return Some(map);
        }
    }
    if let Some(json) = parse_direct(text) {
        return Some(json);
    }
    // A JSON document whose objects repeat a key: every JSON reader keeps the last value, and
    // so does this one, with a warning (YAML refuses such a document).
    if json_text {
        if let Ok(json) = serde_json::from_str::<Map<String, Value>>(text) {
            diag.warning(
                "#",
                "an object in this JSON document repeats a key; the last value is used, as JSON readers do",
                "keep each key once per object",
            );
            return Some(json);
        }
    }
    parse_via_yaml_value(text, diag)
}

/// The spec read from the YAML events straight into JSON, without first building a
/// `serde_yaml_ng::Value` of it: the same JSON for every document that needs none of
/// `yaml_to_json`'s refusals. Anything out of the ordinary (a syntax error, a tag, a number
/// without a JSON form, a key that is not a string, number or boolean, a repeated key) gives
/// `None`, and the document is read the long way, which reports it as before.
fn parse_direct(text: &str) -> Option<Map<String, Value>> {
    match serde_yaml_ng::from_str::<Direct>(text) {
        Ok(Direct(Value::Object(map))) => Some(map),
        _ => None,
    }
}

/// A JSON value read by the rules of `yaml_to_json`.
struct Direct(Value);

impl<'de> Deserialize<'de> for Direct {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DirectVisitor).map(Direct)
    }
}

struct DirectVisitor;

impl<'de> serde::de::Visitor<'de> for DirectVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value with a JSON form")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    /// An integer beyond 64 bits (`maximum: 18446744073709552000`) is the nearest `f64`, as
    /// a JSON reader reads it.
    fn visit_u128<E: serde::de::Error>(self, n: u128) -> Result<Value, E> {
        self.visit_f64(n as f64)
    }

    fn visit_i128<E: serde::de::Error>(self, n: i128) -> Result<Value, E> {
        self.visit_f64(n as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(n)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number without a JSON form"))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Direct(item)) = seq.next_element()? {
            out.push(item);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut out = Map::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(DirectKey(key)) = map.next_key()? {
            let Direct(item) = map.next_value()?;
            if out.insert(key, item).is_some() {
                return Err(A::Error::custom("a repeated key"));
            }
        }
        Ok(Value::Object(out))
    }
}

/// A mapping key as `yaml_to_json` spells it: strings, and numbers and booleans as their text.
struct DirectKey(String);

impl<'de> Deserialize<'de> for DirectKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DirectKeyVisitor)
            .map(DirectKey)
    }
}

struct DirectKeyVisitor;

impl serde::de::Visitor<'_> for DirectKeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, integer or boolean key")
    }

    fn visit_bool<E>(self, b: bool) -> Result<String, E> {
        Ok(b.to_string())
    }

    fn visit_i64<E>(self, n: i64) -> Result<String, E> {
        Ok(n.to_string())
    }

    fn visit_u64<E>(self, n: u64) -> Result<String, E> {
        Ok(n.to_string())
    }

    fn visit_str<E>(self, s: &str) -> Result<String, E> {
        Ok(s.to_owned())
    }

    fn visit_string<E>(self, s: String) -> Result<String, E> {
        Ok(s)
    }
}

/// The long way: YAML -> `serde_yaml_ng::Value` -> JSON, with every problem reported.
fn parse_via_yaml_value(text: &str, diag: &mut Diagnostics) -> Option<Map<String, Value>> {
    if text.trim().is_empty() {
        diag.error_at(
            None,
            "the spec is empty".to_owned(),
            "write an OpenAPI 3.0 document (`openapi: 3.0.3`, `info`, `paths`)",
        );
        return None;
    }
    let yaml: serde_yaml_ng::Value = match serde_yaml_ng::from_str(text) {
        Ok(yaml) => yaml,
        Err(err) => {
            let location = err.location().map(|l| (l.line(), l.column()));
            if err.to_string().starts_with("recursion limit exceeded") {
                diag.error_at(
                    location,
                    format!("the spec nests values more than {MAX_NESTING} levels deep, the limit of the YAML and JSON reader"),
                    "name the inner schemas under components/schemas and refer to them with $ref",
                );
                return None;
            }
            diag.error_at(
                location,
                format!("the spec is not valid YAML or JSON: {err}"),
                "fix the syntax at the line shown",
            );
            return None;
        }
    };
    let json = match yaml_to_json(yaml) {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            diag.error(
                "#",
                "the spec is not a mapping",
                "an OpenAPI document is a mapping with `openapi`, `info` and `paths`",
            );
            return None;
        }
        Err(err) => {
            diag.error(&err.pointer(), err.message, err.hint);
            return None;
        }
    };
    Some(json)
}

/// The document, if its version is one that is read: OpenAPI 3.0.x and 3.1.x as they are,
/// Swagger 2.0 converted to OpenAPI 3.0.
fn check_version(json: Map<String, Value>, diag: &mut Diagnostics) -> Option<Map<String, Value>> {
    match json.get("swagger") {
        Some(Value::String(version)) if version == "2.0" => {
            let (json, relocations) = swagger2::convert(json, diag);
            diag.relocate(relocations);
            return Some(json);
        }
        Some(Value::String(version)) => {
            diag.error(
                "#/swagger",
                format!("Swagger version {version} is not supported; only 2.0 is"),
                "write the spec as OpenAPI 3.1.1 or 3.0.3, or as Swagger 2.0",
            );
            return None;
        }
        Some(_) => {
            diag.error(
                "#/swagger",
                "`swagger` must be the version string \"2.0\"",
                "quote the version: swagger: \"2.0\"",
            );
            return None;
        }
        None => {}
    }
    match json.get("openapi") {
        Some(Value::String(version))
            if version.starts_with("3.0.") || version.starts_with("3.1.") =>
        {
            Some(json)
        }
        Some(Value::String(version)) => {
            diag.error(
                "#/openapi",
                format!("OpenAPI version {version} is not supported; only 3.0.x and 3.1.x (and Swagger 2.0) are"),
                "write the spec as OpenAPI 3.1.1 or 3.0.3",
            );
            None
        }
        Some(_) => {
            diag.error(
                "#/openapi",
                "`openapi` must be a version string such as \"3.0.3\"",
                "quote the version: openapi: \"3.0.3\"",
            );
            None
        }
        None => {
            diag.error(
                "#",
                "the document has no `openapi` version field",
                "start the spec with `openapi: 3.0.3` (or `swagger: \"2.0\"` for a Swagger 2.0 document)",
            );
            None
        }
    }
}

/// A value `yaml_to_json` could not convert. The JSON pointer of the node is only needed for
/// the diagnostic, so it is assembled from the segments collected while the error travels up,
/// not built for every node on the way down.
struct ConvertError {
    /// The path from the node to the root, innermost first.
    segments: Vec<Segment>,
    message: String,
    hint: &'static str,
}

enum Segment {
    Index(usize),
    Key(String),
}

impl ConvertError {
    fn new(message: String, hint: &'static str) -> Self {
        ConvertError {
            segments: Vec::new(),
            message,
            hint,
        }
    }

    fn within(mut self, segment: Segment) -> Self {
        self.segments.push(segment);
        self
    }

    fn pointer(&self) -> String {
        let mut pointer = "#".to_owned();
        for segment in self.segments.iter().rev() {
            match segment {
                Segment::Index(i) => pointer = format!("{pointer}/{i}"),
                Segment::Key(key) => pointer = crate::diag::pointer_join(&pointer, key),
            }
        }
        pointer
    }
}

/// YAML allows non-string keys (`200:` is an integer); OpenAPI means their text.
fn yaml_to_json(value: serde_yaml_ng::Value) -> Result<Value, ConvertError> {
    use serde_yaml_ng::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(number) => Value::Number(number),
                    None => {
                        return Err(ConvertError::new(
                            format!("the number {n} has no JSON form"),
                            "",
                        ))
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(yaml_to_json(item).map_err(|err| err.within(Segment::Index(i)))?);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(ConvertError::new(
                            format!("a mapping key must be a string, found {other:?}"),
                            "quote the key",
                        ))
                    }
                };
                match yaml_to_json(item) {
                    Ok(item) => {
                        out.insert(key, item);
                    }
                    Err(err) => return Err(err.within(Segment::Key(key))),
                }
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            return Err(ConvertError::new(
                format!("YAML tags are not supported (found !{})", tagged.tag),
                "remove the tag",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading the YAML events straight into JSON gives what the long way gives, for the
    /// vendor and golden specs and for the documents it leaves to the long way.
    #[test]
    fn the_direct_read_matches_the_long_way() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in [root.join("../specs"), root.join("tests/golden")] {
            for entry in std::fs::read_dir(dir).expect("the spec directory is readable") {
                let path = entry.expect("a directory entry").path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("the spec is readable");
                let mut diag = Diagnostics::new("spec.yaml", Some(&text));
                let long = parse_via_yaml_value(&text, &mut diag);
                assert_eq!(parse_direct(&text), long, "{}", path.display());
                read += 1;
            }
        }
        assert!(read > 20);
        let odd =
            "a:\n  200: x\n  true: y\n  -3: z\n  0x10: w\n  n: ~\n  f: 1.5\n  l: [1, 2.0, no]\n";
        let mut diag = Diagnostics::new("spec.yaml", Some(odd));
        assert_eq!(parse_direct(odd), parse_via_yaml_value(odd, &mut diag));
        assert!(parse_direct(odd).is_some());
        for left_to_the_long_way in [
            "a: !custom x\n",
            "a: .nan\n",
            "a: 1\na: 2\n",
            "? [1]\n: x\n",
            "1.5: x\n",
            "a: [\n",
        ] {
            assert_eq!(
                parse_direct(left_to_the_long_way),
                None,
                "{left_to_the_long_way}"
            );
        }
    }

    /// Integers beyond 64 bits and JSON strings with characters YAML refuses are read as a
    /// JSON reader reads them.
    #[test]
    fn numbers_beyond_64_bits_and_json_only_characters_are_read() {
        let mut diag = Diagnostics::new("spec.yaml", None);
        let json = parse(
            "a: 18446744073709552000\nb: -170141183460469231731687303715884105728\n",
            &mut diag,
        );
        let json = json.expect("the document is read");
        assert_eq!(json["a"].as_f64(), Some(18446744073709552000.0));
        assert!(json["b"].as_f64().is_some_and(|b| b < -1e38));
        let text = "{\"a\": \"x\u{9f}y\"}";
        let json = parse(text, &mut diag).expect("the JSON document is read");
        assert_eq!(json["a"], "x\u{9f}y");
        assert!(diag.into_items().is_empty());
    }

    /// JSON text is read by the JSON reader, with the result the YAML reader gives; a repeated
    /// key, which both refuse, keeps the last value with a warning.
    #[test]
    fn json_text_is_read_as_the_yaml_reader_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = ["keeper.json", "nexus.json", "param-collision.json"]
            .iter()
            .map(|name| {
                std::fs::read_to_string(root.join("tests/corpus/progenitor").join(name))
                    .expect("the corpus document is readable")
            })
            .collect();
        texts.push(
            r#"{"a": {"b": [1, 2.5, -3, 1e3, true, null, "x\u00e9\n\/"]}, "200": {}, "c": 18446744073709552000}"#
                .to_owned(),
        );
        for text in &texts {
            let mut diag = Diagnostics::new("spec.json", Some(text));
            let read = parse(text, &mut diag);
            assert!(read.is_some());
            assert_eq!(read, parse_direct(text));
        }
        let repeated = r#"{"openapi": "3.0.3", "a": 1, "a": 2}"#;
        let mut diag = Diagnostics::new("spec.json", Some(repeated));
        assert_eq!(parse(repeated, &mut diag).expect("read")["a"], 2);
        let items = diag.into_items();
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(items[0].message.contains("repeats a key"), "{items:?}");
    }

    #[test]
    fn conversion_errors_name_the_node_they_are_at() {
        let spec = "openapi: 3.0.3\npaths:\n  /a~b/c:\n    get:\n      tags: [x, !custom y]\n";
        let mut diag = Diagnostics::new("spec.yaml", Some(spec));
        assert!(load(spec, &mut diag).is_none());
        let items = diag.into_items();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].pointer, "#/paths/~1a~0b~1c/get/tags/1");
        assert!(items[0].message.starts_with("YAML tags are not supported"));

        let spec = "openapi: 3.0.3\npaths:\n  /a:\n    [1]: x\n";
        let mut diag = Diagnostics::new("spec.yaml", Some(spec));
        assert!(load(spec, &mut diag).is_none());
        let items = diag.into_items();
        assert_eq!(items[0].pointer, "#/paths/~1a");
        assert!(items[0]
            .message
            .starts_with("a mapping key must be a string"));
    }

    /// Nesting past the reader's limit is an error that names the limit and the line.
    #[test]
    fn nesting_past_the_limit_is_a_located_error() {
        let depth = MAX_NESTING + 10;
        let spec = format!(
            "openapi: 3.0.3\nx: {}1{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let mut diag = Diagnostics::new("spec.yaml", Some(&spec));
        assert!(load(&spec, &mut diag).is_none());
        let items = diag.into_items();
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(
            items[0].message.contains("128 levels"),
            "{}",
            items[0].message
        );
        assert_eq!(items[0].location.map(|(line, _)| line), Some(2));
    }
}
