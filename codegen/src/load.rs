//! Reading a spec: YAML or JSON text -> `openapiv3::OpenAPI`, with located errors. Also finds
//! the line of a JSON pointer in the source, for diagnostics.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diag::Diagnostics;

/// Parses `text` (YAML or JSON) into an OpenAPI 3.0 document, recording every problem in `diag`.
pub fn load(text: &str, diag: &mut Diagnostics) -> Option<OpenAPI> {
    // Most documents are read on two threads. Whatever they cannot take is read again on
    // this one, as it always was, so that it is reported the same way and in the same order
    // (a name that repeats, for one, by the YAML reader before the version is checked).
    let (json, entries) = match read_and_decode_entries(text) {
        ReadAhead::Done(mut json, entries) => {
            crate::xml_objects::keep_xml_objects(&mut json);
            (json, Some(entries))
        }
        ReadAhead::Refused => (parse_the_long_way(text, diag)?, None),
        ReadAhead::Again => (parse(text, diag)?, None),
    };
    decode(text, json, entries, diag)
}

/// The document read from `text` as `json` (and `entries`, decoded on the second thread),
/// checked and decoded.
fn decode(
    text: &str,
    json: Map<String, Value>,
    entries: Option<Entries>,
    diag: &mut Diagnostics,
) -> Option<OpenAPI> {
    check_version(&json, diag)?;
    // Decoding takes the tree apart, and tracking the path costs more than the decoding
    // itself: only to explain a failure is the text read again and decoded with the path.
    if let Ok(mut api) = OpenAPI::deserialize(Value::Object(json)) {
        match entries {
            None => return Some(api),
            Some(entries) => {
                if entries.put_into(&mut api) {
                    return Some(api);
                }
            }
        }
    }
    let json = parse(text, diag)?;
    match serde_path_to_error::deserialize::<_, OpenAPI>(Value::Object(json)) {
        Ok(api) => Some(api),
        Err(err) => {
            let pointer = path_to_pointer(err.path());
            diag.error(
                &pointer,
                format!(
                    "the spec does not have the shape of an OpenAPI 3.0 document: {}",
                    err.inner()
                ),
                "compare this part with the OpenAPI 3.0.3 specification",
            );
            None
        }
    }
}

/// The spec text as a JSON object, or `None` with the problem recorded.
fn parse(text: &str, diag: &mut Diagnostics) -> Option<Map<String, Value>> {
    match parse_direct(text) {
        Some(mut json) => {
            crate::xml_objects::keep_xml_objects(&mut json);
            Some(json)
        }
        None => parse_the_long_way(text, diag),
    }
}

/// [`parse`] for a text [`parse_direct`] has refused already.
fn parse_the_long_way(text: &str, diag: &mut Diagnostics) -> Option<Map<String, Value>> {
    let mut json = parse_via_yaml_value(text, diag)?;
    crate::xml_objects::keep_xml_objects(&mut json);
    Some(json)
}

/// The schemas of `components.schemas` and the path items of `paths`, decoded on their own
/// thread while the rest of the text is still being read.
#[derive(Default)]
struct Entries {
    schemas: IndexMap<String, ReferenceOr<Schema>>,
    paths: IndexMap<String, ReferenceOr<PathItem>>,
}

impl Entries {
    /// Puts the entries where decoding the rest of the document left room for them; `false`
    /// when there is none (the document is then decoded again in one piece).
    fn put_into(self, api: &mut OpenAPI) -> bool {
        if !api.paths.paths.is_empty() {
            return false;
        }
        api.paths.paths = self.paths;
        if self.schemas.is_empty() {
            return true;
        }
        match api.components.as_mut() {
            Some(components) if components.schemas.is_empty() => {
                components.schemas = self.schemas;
                true
            }
            _ => false,
        }
    }
}

/// One entry of `components.schemas` or of `paths`, as the reading thread hands it over.
enum Entry {
    Schema(String, Value),
    Path(String, Value),
}

/// How many entries go to the decoding thread at a time: handing them over one by one wakes
/// it for each, which costs more than the waiting saves.
const BATCH: usize = 32;

/// The reading thread's end of the two channels: entries go out in batches, and come back,
/// decoded from a reference, to be dropped by the thread that allocated them (freeing them
/// on the other thread costs more than decoding them there).
struct Handover {
    batch: std::cell::RefCell<Vec<Entry>>,
    sender: std::sync::mpsc::Sender<Vec<Entry>>,
    returned: std::sync::mpsc::Receiver<Vec<Entry>>,
}

impl Handover {
    fn push(&self, entry: Entry) {
        let mut batch = self.batch.borrow_mut();
        batch.push(entry);
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut *batch, Vec::with_capacity(BATCH));
            // The decoding thread only goes away by panicking, and that panic is raised
            // again when it is joined.
            let _ = self.sender.send(full);
            while let Ok(done) = self.returned.try_recv() {
                drop(done);
            }
        }
    }

    fn finish(self) {
        let last = self.batch.into_inner();
        if !last.is_empty() {
            let _ = self.sender.send(last);
        }
    }
}

/// What reading on two threads gave.
// One of these exists per document loaded: the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum ReadAhead {
    /// The document without the entries of `components.schemas` and `paths`, which are here
    /// decoded.
    Done(Map<String, Value>, Entries),
    /// [`parse_direct`] would refuse the document.
    Refused,
    /// An entry did not decode or a name repeats, or there was no second thread: read the
    /// document again on one.
    Again,
}

/// The spec read as [`parse_direct`] reads it, except that every schema of
/// `components.schemas` and every path item of `paths` is handed, as soon as it has been read,
/// to a second thread that renames its `xml` objects and decodes it: most of a large spec is
/// schemas, and reading the YAML and decoding its schemas then take about as long as each
/// other.
fn read_and_decode_entries(text: &str) -> ReadAhead {
    use serde::de::DeserializeSeed;
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel();
        let (back, returned) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("ordergen-decode".to_owned())
            .spawn_scoped(scope, move || decode_entries(receiver, back));
        // Where no thread can be started, the document is read on this one.
        let Ok(decoder) = spawned else {
            return ReadAhead::Again;
        };
        let handover = Handover {
            batch: std::cell::RefCell::new(Vec::with_capacity(BATCH)),
            sender,
            returned,
        };
        let read = Streamed {
            handover: &handover,
            level: Level::Root,
        }
        .deserialize(serde_yaml_ng::Deserializer::from_str(text));
        handover.finish();
        let decoded = decoder
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (read, decoded) {
            (Ok(Value::Object(json)), Ok(entries)) => ReadAhead::Done(json, entries),
            (Ok(Value::Object(_)), Err(())) => ReadAhead::Again,
            _ => ReadAhead::Refused,
        }
    })
}

fn decode_entries(
    receiver: std::sync::mpsc::Receiver<Vec<Entry>>,
    back: std::sync::mpsc::Sender<Vec<Entry>>,
) -> Result<Entries, ()> {
    let mut entries = Entries::default();
    let mut failed = false;
    for mut batch in receiver {
        for entry in &mut batch {
            failed = failed || !entries.decode(entry);
        }
        let _ = back.send(batch);
    }
    if failed {
        Err(())
    } else {
        Ok(entries)
    }
}

impl Entries {
    /// Decodes `entry` into its map; `false` when it does not decode or its name repeats.
    fn decode(&mut self, entry: &mut Entry) -> bool {
        match entry {
            Entry::Schema(name, value) => {
                crate::xml_objects::schema(value);
                match ReferenceOr::<Schema>::deserialize(&*value) {
                    Ok(schema) => self.schemas.insert(name.clone(), schema).is_none(),
                    Err(_) => false,
                }
            }
            Entry::Path(path, value) => {
                crate::xml_objects::path_item(value);
                match ReferenceOr::<PathItem>::deserialize(&*value) {
                    Ok(item) => self.paths.insert(path.clone(), item).is_none(),
                    Err(_) => false,
                }
            }
        }
    }
}

/// Where in the document a [`Streamed`] value is.
#[derive(Clone, Copy)]
enum Level {
    Root,
    Components,
    Schemas,
    Paths,
    /// Anywhere else: read as [`Direct`] reads it.
    Other,
}

/// A JSON value read by the rules of [`Direct`], handing the entries of `components.schemas`
/// and `paths` (those that name a path, as `openapiv3` decodes only those) to `sender`
/// instead of keeping them.
struct Streamed<'a> {
    handover: &'a Handover,
    level: Level,
}

impl<'de> serde::de::DeserializeSeed<'de> for Streamed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        match self.level {
            Level::Other => deserializer.deserialize_any(DirectVisitor),
            _ => deserializer.deserialize_any(self),
        }
    }
}

impl<'de> serde::de::Visitor<'de> for Streamed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value with a JSON form")
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Value, E> {
        DirectVisitor.visit_bool(b)
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Value, E> {
        DirectVisitor.visit_i64(n)
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Value, E> {
        DirectVisitor.visit_u64(n)
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Value, E> {
        DirectVisitor.visit_f64(n)
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
        DirectVisitor.visit_str(s)
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Value, E> {
        DirectVisitor.visit_string(s)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        DirectVisitor.visit_unit()
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        DirectVisitor.visit_seq(seq)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut out = Map::new();
        while let Some(DirectKey(key)) = map.next_key()? {
            let handed_over = match (self.level, key.as_str()) {
                (Level::Schemas, _) => Some(Entry::Schema as fn(String, Value) -> Entry),
                (Level::Paths, path) if path.starts_with('/') => Some(Entry::Path as _),
                _ => None,
            };
            if let Some(entry) = handed_over {
                let Direct(value) = map.next_value()?;
                self.handover.push(entry(key, value));
                continue;
            }
            let level = match (self.level, key.as_str()) {
                (Level::Root, "components") => Level::Components,
                (Level::Root, "paths") => Level::Paths,
                (Level::Components, "schemas") => Level::Schemas,
                _ => Level::Other,
            };
            let value = map.next_value_seed(Streamed {
                handover: self.handover,
                level,
            })?;
            if out.insert(key, value).is_some() {
                return Err(A::Error::custom("a repeated key"));
            }
        }
        Ok(Value::Object(out))
    }
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

fn check_version(json: &Map<String, Value>, diag: &mut Diagnostics) -> Option<()> {
    if json.contains_key("swagger") {
        diag.error(
            "#/swagger",
            "this is a Swagger 2.0 document; only OpenAPI 3.0 is supported",
            "convert it to OpenAPI 3.0 (for example with swagger2openapi) and try again",
        );
        return None;
    }
    match json.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => Some(()),
        Some(Value::String(version)) => {
            diag.error(
                "#/openapi",
                format!("OpenAPI version {version} is not supported; only 3.0.x is"),
                "write the spec as OpenAPI 3.0.3",
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
                "start the spec with `openapi: 3.0.3`",
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

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = "#".to_owned();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = format!("{pointer}/{index}"),
            Segment::Map { key } => pointer = crate::diag::pointer_join(&pointer, key),
            Segment::Enum { variant } => pointer = crate::diag::pointer_join(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Finds the 1-based `(line, column)` where `pointer` lands in a block-style YAML or
/// pretty-printed JSON source, or else of the deepest part of it that can be found.
pub fn locate(source: &str, pointer: &str) -> Option<(usize, usize)> {
    let rest = pointer.strip_prefix('#')?;
    let segments: Vec<String> = rest
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let lines: Vec<Line> = source.lines().map(Line::parse).collect();
    let mut found = None;
    // Where the current node's children are: from `start`, until a line indented no more than
    // `boundary`; the start line itself belongs to the node when it is a `- ` item's line.
    let (mut start, mut boundary, mut include_start) = (0, None::<usize>, true);
    for segment in &segments {
        // A number is an index only where the node is a sequence; `200:` is a mapping key.
        let first_child = lines
            .iter()
            .enumerate()
            .skip(start)
            .find(|(_, line)| line.content.is_some())
            .filter(|(i, line)| {
                (*i == start && include_start) || boundary.is_none_or(|b| line.indent > b)
            });
        // The item line a search starts on holds the item's own keys, not a sequence.
        let in_sequence =
            first_child.is_some_and(|(i, line)| line.item && !(i == start && include_start));
        let index: Option<usize> = if in_sequence {
            segment.parse().ok()
        } else {
            None
        };
        let mut level = None;
        let mut seen_items = 0;
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let Some(content) = line.content else {
                continue;
            };
            let inside = (i == start && include_start) || boundary.is_none_or(|b| line.indent > b);
            if !inside {
                break;
            }
            match index {
                Some(index) if line.item => {
                    if *level.get_or_insert(line.indent) == line.indent {
                        if seen_items == index {
                            hit = Some(i);
                            break;
                        }
                        seen_items += 1;
                    }
                }
                Some(_) => {}
                None => {
                    if *level.get_or_insert(line.key_indent) == line.key_indent
                        && is_key(content, segment)
                    {
                        hit = Some(i);
                        break;
                    }
                }
            }
        }
        // Flow-style YAML and JSON on one line hide deeper nodes: the nearest ancestor found is
        // the best place to point at.
        let Some(i) = hit else {
            return found;
        };
        let line = &lines[i];
        found = Some((i + 1, line.key_indent + 1));
        if index.is_some() {
            (start, boundary, include_start) = (i, Some(line.indent), true);
        } else {
            (start, boundary, include_start) = (i + 1, Some(line.key_indent), false);
        }
    }
    found
}

struct Line<'a> {
    /// The text after the indentation and any `- ` item marker; `None` for blank or comment.
    content: Option<&'a str>,
    indent: usize,
    /// Where the content starts (after `- `).
    key_indent: usize,
    item: bool,
}

impl<'a> Line<'a> {
    fn parse(raw: &'a str) -> Self {
        let trimmed = raw.trim_start();
        let indent = raw.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Line {
                content: None,
                indent,
                key_indent: indent,
                item: false,
            };
        }
        if let Some(after) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix('-'))
        {
            let inner = after.trim_start();
            let key_indent = raw.len() - inner.len();
            return Line {
                content: Some(inner),
                indent,
                key_indent,
                item: true,
            };
        }
        Line {
            content: Some(trimmed),
            indent,
            key_indent: indent,
            item: false,
        }
    }
}

fn is_key(content: &str, key: &str) -> bool {
    [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
        format!("\"{key}\" :"),
    ]
    .iter()
    .any(|form| content.starts_with(form.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
openapi: 3.0.3
paths:
  /a:
    get:
      parameters:
        - name: x
          in: query
        - name: y
          in: header
components:
  schemas:
    Order:
      type: object
      properties:
        id:
          type: integer
";

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

    /// The document as one thread decodes it: read, `xml` objects kept, decoded in one piece.
    fn decoded_in_one_piece(text: &str) -> Option<OpenAPI> {
        let mut diag = Diagnostics::new("spec.yaml", Some(text));
        OpenAPI::deserialize(Value::Object(parse(text, &mut diag)?)).ok()
    }

    /// Decoding the schemas and path items on their own thread while the text is read gives
    /// the document that decoding it in one piece gives: for the vendor and golden specs, and
    /// for the places where the two threads' parts meet.
    #[test]
    fn decoding_beside_the_reading_gives_the_same_document() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in [root.join("../specs"), root.join("tests/golden")] {
            for entry in std::fs::read_dir(dir).expect("the spec directory is readable") {
                let path = entry.expect("a directory entry").path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("the spec is readable");
                let ReadAhead::Done(_, entries) = read_and_decode_entries(&text) else {
                    panic!("{} is read on two threads", path.display());
                };
                let mut diag = Diagnostics::new("spec.yaml", Some(&text));
                let api = load(&text, &mut diag).expect("the spec loads");
                assert_eq!(
                    Some(&api),
                    decoded_in_one_piece(&text).as_ref(),
                    "{}",
                    path.display()
                );
                assert_eq!(api.paths.paths.len(), entries.paths.len());
                read += 1;
            }
        }
        assert!(read > 20);

        let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
        for rest in [
            // Extensions of `paths` stay with the rest of the document.
            "paths:\n  x-a: {b: 1}\n  /a: {get: {responses: {'200': {description: ok}}}}\n  x-c: 2\n",
            // No components; components without schemas; an empty schemas map.
            "paths: {}\n",
            "paths: {}\ncomponents: {responses: {R: {description: r}}}\n",
            "paths: {}\ncomponents: {schemas: {}}\n",
            // xml objects in schemas written in path items and in components.
            "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/xml:\n            schema: {type: object, xml: {name: A}}\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    B: {type: object, xml: {name: Bee, namespace: 'urn:b'}, properties: {xml: {type: string, xml: {attribute: true}}}}\n",
            // A key before `paths` and `components` that shares their names deeper down.
            "x-paths: {paths: {/x: 1}}\npaths: {}\ncomponents:\n  x-schemas: {schemas: 1}\n  schemas: {A: {$ref: '#/components/schemas/B'}, B: {type: string}}\n",
        ] {
            let text = format!("{head}{rest}");
            let mut diag = Diagnostics::new("spec.yaml", Some(&text));
            let api = load(&text, &mut diag);
            assert!(api.is_some(), "{rest}: {:?}", diag.into_items());
            assert_eq!(api, decoded_in_one_piece(&text), "{rest}");
        }

        // What the two threads cannot take is read again on one, which explains it with the
        // same diagnostics, in the same order, as reading on one thread alone.
        for (text, read_ahead) in [
            (format!("{head}paths: {{}}\ncomponents: {{schemas: {{A: {{type: string}}, A: {{type: integer}}}}}}\n"), "again"),
            (format!("{head}paths: {{}}\ncomponents: {{schemas: {{A: {{required: x}}}}}}\n"), "again"),
            (format!("{head}paths: {{/a: {{parameters: {{name: x}}}}}}\n"), "again"),
            (format!("{head}paths: {{}}\ncomponents: {{schemas: [1]}}\n"), "done"),
            (format!("{head}paths: {{}}\ncomponents: null\n"), "done"),
            (format!("{head}paths: {{}}\nx: !tag 1\n"), "refused"),
            // A repeated name is the YAML reader's to report, before the version is checked.
            ("openapi: 2.0\ninfo: {title: t, version: '1'}\npaths: {/b: null, /b: null}\n".to_owned(), "again"),
            ("swagger: '2.0'\npaths: {}\ncomponents: {schemas: {A: {}, A: {}}}\n".to_owned(), "again"),
            ("info: {title: t}\npaths: {/b: {}, /b: {}}\n".to_owned(), "again"),
            ("openapi: 3.1.0\npaths: {/b: {get: 1}}\n".to_owned(), "again"),
        ] {
            let kind = match read_and_decode_entries(&text) {
                ReadAhead::Done(..) => "done",
                ReadAhead::Refused => "refused",
                ReadAhead::Again => "again",
            };
            assert_eq!(kind, read_ahead, "{text}");
            let mut diag = Diagnostics::new("spec.yaml", Some(&text));
            let api = load(&text, &mut diag);
            let mut alone = Diagnostics::new("spec.yaml", Some(&text));
            let api_alone = load_on_one_thread(&text, &mut alone);
            assert_eq!(api, api_alone, "{text}");
            let items = diag.into_items();
            assert_eq!(items, alone.into_items(), "{text}");
            assert_eq!(api.is_none(), !items.is_empty(), "{text}");
        }
    }

    /// How a document was loaded before the second thread: read, checked and decoded here.
    fn load_on_one_thread(text: &str, diag: &mut Diagnostics) -> Option<OpenAPI> {
        let json = parse(text, diag)?;
        decode(text, json, None, diag)
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

    #[test]
    fn pointers_are_found_by_indentation() {
        assert_eq!(
            locate(SPEC, "#/components/schemas/Order/properties/id"),
            Some((15, 9))
        );
        assert_eq!(locate(SPEC, "#/paths/~1a/get/parameters/1"), Some((8, 11)));
        assert_eq!(
            locate(SPEC, "#/paths/~1a/get/parameters/1/in"),
            Some((9, 11))
        );
        assert_eq!(locate(SPEC, "#/components/schemas/Missing"), Some((11, 3)));
        assert_eq!(locate(SPEC, "#/nowhere"), None);
        let numeric =
            "paths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n";
        assert_eq!(
            locate(numeric, "#/paths/~1a/get/responses/200/description"),
            Some((6, 11))
        );
        let flow = "components:\n  schemas:\n    A: {type: object, required: [x]}\n";
        assert_eq!(
            locate(flow, "#/components/schemas/A/required/0"),
            Some((3, 5))
        );
    }
}
