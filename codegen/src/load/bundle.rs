//! Specs split over several files: every `$ref` that names another file (`pet.yaml`,
//! `../common/errors.json#/components/schemas/Error`) is followed and what it names is brought
//! into the one document, before it is read, so that the reader and lowering see a single
//! document with `#/...` references only.
//!
//! What is referred to is placed by its kind, which the place of the `$ref` tells (a `$ref`
//! under `properties` stands for a schema, one in `parameters` for a parameter):
//! - schemas, parameters, responses, request bodies, headers, security schemes, examples,
//!   links and callbacks are added to their section of `components` (`definitions`,
//!   `parameters`, `responses` in a Swagger 2.0 document) once each, under the name of the
//!   component they are in the other file (the last segment of the `$ref`'s pointer), or the
//!   file's name when the `$ref` names a whole file; a name already taken gets a number
//!   (`Pet2`). Names are given in the order the `$ref`s are met (document order, then the
//!   added parts in the order they were added), so they are the same on every run;
//! - a path item or an operation (split specs write `$ref`s in their place too) is written in
//!   place of the `$ref`.
//!
//! `$ref`s inside the other files are followed the same way (relative to the file they are
//! written in), so chains and cycles across files are handled: a part is added once, and the
//! `$ref`s to it, from anywhere, name it. Remote (`http(s)://`) references are refused: the
//! generator reads no network. Every added part is recorded in [`Relocations`], so a problem
//! found in it later names its own file, line and pointer.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::diag::{pointer_join, Diagnostics, Relocations};
use crate::doc::resolve::{percent_decode, unescape};
use crate::doc::METHODS;

/// How many path items or operations given by `$ref` may be written inside one another.
pub const MAX_INLINE_DEPTH: usize = 128;

/// Where the other files of a spec are read from.
pub trait SpecFiles {
    /// The text of the file at `path` (the referring file's folder joined with the `$ref`'s
    /// file part, `.` and `..` resolved), or why it cannot be read.
    fn read(&self, path: &Path) -> Result<String, String>;

    /// Where a local copy of the remote document `url` is, if there is one (generation reads
    /// no network).
    fn local_copy(&self, url: &str) -> Option<PathBuf> {
        let _ = url;
        None
    }
}

/// The files `files` reads, with remote documents read from local copies: a URL that starts
/// with one of `dirs`' prefixes is the same path under its folder (the longest prefix wins).
pub struct RemoteCopies<'a> {
    /// Where every file, local copies among them, is read.
    pub files: &'a dyn SpecFiles,
    /// URL prefix -> folder.
    pub dirs: Vec<(String, PathBuf)>,
}

impl SpecFiles for RemoteCopies<'_> {
    fn read(&self, path: &Path) -> Result<String, String> {
        self.files.read(path)
    }

    fn local_copy(&self, url: &str) -> Option<PathBuf> {
        let (prefix, dir) = self
            .dirs
            .iter()
            .filter(|(prefix, _)| url.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())?;
        Some(dir.join(url[prefix.len()..].trim_start_matches('/')))
    }
}

/// The files of the file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileSystem;

impl SpecFiles for FileSystem {
    fn read(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|err| err.to_string())
    }
}

/// Files held in memory, by path (tests; callers that read files their own way).
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles(pub Vec<(PathBuf, String)>);

impl SpecFiles for MemoryFiles {
    fn read(&self, path: &Path) -> Result<String, String> {
        self.0
            .iter()
            .find(|(p, _)| normalize(p) == path)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| "no such file".to_owned())
    }
}

/// No other files: every `$ref` to one is reported as unreadable.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl SpecFiles for NoFiles {
    fn read(&self, _: &Path) -> Result<String, String> {
        Err("the spec was given as text, without a folder to read other files from".to_owned())
    }
}

/// Bundles the spec whose first file is `path` (already parsed into `json`): the one document,
/// or `None` when a `$ref` could not be followed (each such problem is recorded, in the file
/// where the `$ref` is written).
pub fn bundle(
    path: &Path,
    json: Map<String, Value>,
    files: &dyn SpecFiles,
    diag: &mut Diagnostics,
) -> Option<Map<String, Value>> {
    let root_path = normalize(path);
    let display_dir = Path::new(diag.file_name(0))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let swagger2 = json.contains_key("swagger");
    let mut bundler = Bundler {
        files,
        diag,
        loaded: vec![File {
            dir: root_path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            json: Value::Null,
            diag_index: 0,
        }],
        root_dir: root_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        display_dir,
        by_path: HashMap::from([(root_path, 0)]),
        swagger2,
        hoisted: HashMap::new(),
        taken: HashMap::new(),
        added: Vec::new(),
        inline_stack: Vec::new(),
        moved: Relocations::default(),
        errors: false,
    };
    let mut json = json;
    bundler.local_path_items(&mut json);
    let mut root = Value::Object(json);
    bundler.claim_root_names(&root);
    bundler.walk(&mut root, Kind::Document, 0, "#", "#");
    // The parts added, and what they bring in turn, in the order they were added.
    let mut next = 0;
    while next < bundler.added.len() {
        let mut value = std::mem::take(&mut bundler.added[next].value);
        let (kind, file) = (bundler.added[next].kind, bundler.added[next].file);
        let (src, dst) = (
            bundler.added[next].src.clone(),
            bundler.added[next].dst.clone(),
        );
        bundler.walk(&mut value, kind, file, &src, &dst);
        bundler.added[next].value = value;
        next += 1;
    }
    let Bundler {
        added,
        moved,
        errors,
        diag,
        ..
    } = bundler;
    if errors {
        return None;
    }
    let Value::Object(mut root) = root else {
        return None;
    };
    for part in added {
        // A section that is not a mapping is reported by the reader; the part has nowhere to go.
        if let Some(section) = section_mut(&mut root, part.section) {
            section.insert(part.name, part.value);
        }
    }
    diag.relocate(moved);
    Some(root)
}

/// The mapping at `section` of `root`, made when absent.
fn section_mut<'m>(
    root: &'m mut Map<String, Value>,
    section: &[&str],
) -> Option<&'m mut Map<String, Value>> {
    let Some((first, rest)) = section.split_first() else {
        return Some(root);
    };
    match root
        .entry((*first).to_owned())
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(inner) => section_mut(inner, rest),
        _ => None,
    }
}

/// What a `$ref` stands for, by where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Callback,
    Parameter,
    Header,
    MediaType,
    Encoding,
    RequestBody,
    Response,
    Schema,
    SecurityScheme,
    Example,
    Link,
}

/// How the children under a key are laid out.
#[derive(Clone, Copy)]
enum Layout {
    One(Kind),
    /// A mapping of them (keys starting with `x-` are extensions, except among schemas).
    Map(Kind),
    List(Kind),
    /// One, or a list (`items`).
    OneOrList(Kind),
}

struct File {
    /// The folder the file's relative `$ref`s start from.
    dir: PathBuf,
    /// The whole file (`Null` for the first file, which is walked in place).
    json: Value,
    /// Its index in the diagnostics.
    diag_index: usize,
}

/// A part of another file added to the document.
struct Added {
    /// Where it goes: the section's keys from the document's root.
    section: &'static [&'static str],
    name: String,
    value: Value,
    kind: Kind,
    /// The file (index into `loaded`) and pointer it was written at.
    file: usize,
    src: String,
    /// Its pointer in the bundled document.
    dst: String,
}

struct Bundler<'a> {
    files: &'a dyn SpecFiles,
    diag: &'a mut Diagnostics,
    loaded: Vec<File>,
    root_dir: PathBuf,
    /// The folder of the first file as messages name it.
    display_dir: PathBuf,
    by_path: HashMap<PathBuf, usize>,
    swagger2: bool,
    /// (file, pointer) -> the `$ref` that now names it.
    hoisted: HashMap<(usize, String), String>,
    /// Names taken in each section.
    taken: HashMap<&'static str, HashSet<String>>,
    added: Vec<Added>,
    /// The path items and operations being written in place, for cycles.
    inline_stack: Vec<(usize, String)>,
    moved: Relocations,
    errors: bool,
}

impl Bundler<'_> {
    fn section(&self, kind: Kind) -> Option<&'static [&'static str]> {
        if self.swagger2 {
            return match kind {
                Kind::Schema => Some(&["definitions"]),
                Kind::Parameter => Some(&["parameters"]),
                Kind::Response => Some(&["responses"]),
                _ => None,
            };
        }
        Some(match kind {
            Kind::Schema => &["components", "schemas"],
            Kind::Parameter => &["components", "parameters"],
            Kind::Response => &["components", "responses"],
            Kind::RequestBody => &["components", "requestBodies"],
            Kind::Header => &["components", "headers"],
            Kind::SecurityScheme => &["components", "securitySchemes"],
            Kind::Example => &["components", "examples"],
            Kind::Link => &["components", "links"],
            Kind::Callback => &["components", "callbacks"],
            _ => return None,
        })
    }

    /// Path items of the first file given by a `$ref` to another part of it (3.1's
    /// `#/components/pathItems/...`, another path) are written in place, as those of other
    /// files are; a chain that leaves the file is left to the walk.
    fn local_path_items(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(paths)) = root.get("paths") else {
            return;
        };
        let mut replacements = Vec::new();
        for (path, item) in paths {
            let Some(Value::String(first)) = item.get("$ref") else {
                continue;
            };
            let ref_pointer = pointer_join(&pointer_join("#/paths", path), "$ref");
            let mut target = first.clone();
            let mut seen = Vec::new();
            let found = loop {
                let Some(fragment) = target.strip_prefix('#') else {
                    // Another file: the walk follows it.
                    break None;
                };
                if seen.contains(&target) || seen.len() >= MAX_INLINE_DEPTH {
                    self.error(
                        0,
                        &ref_pointer,
                        format!("$ref `{first}` leads back to itself through other $refs"),
                        "write the path item in place".to_owned(),
                    );
                    break None;
                }
                seen.push(target.clone());
                let Some(value) = json_at(root, fragment) else {
                    // Not there: the reader and lowering report it, as before.
                    break None;
                };
                match value.get("$ref") {
                    Some(Value::String(next)) => target = next.clone(),
                    _ => break Some((value.clone(), format!("#{}", canonical(fragment)))),
                }
            };
            if let Some((value, from)) = found {
                replacements.push((path.clone(), value, from));
            }
        }
        let Some(Value::Object(paths)) = root.get_mut("paths") else {
            return;
        };
        for (path, value, from) in replacements {
            self.moved.moved(pointer_join("#/paths", &path), 0, from);
            paths.insert(path, value);
        }
    }

    /// The first file's own components keep their names.
    fn claim_root_names(&mut self, root: &Value) {
        for kind in [
            Kind::Schema,
            Kind::Parameter,
            Kind::Response,
            Kind::RequestBody,
            Kind::Header,
            Kind::SecurityScheme,
            Kind::Example,
            Kind::Link,
            Kind::Callback,
        ] {
            let Some(section) = self.section(kind) else {
                continue;
            };
            let mut node = Some(root);
            for segment in section {
                node = node.and_then(|n| n.get(segment));
            }
            if let Some(Value::Object(map)) = node {
                let taken = self.taken.entry(section[section.len() - 1]).or_default();
                taken.extend(map.keys().cloned());
            }
        }
    }

    /// A components section written in place of a `$ref` (copied from `from`, now at `dst`):
    /// its names are taken, and a `$ref` from elsewhere to one of its parts names the part
    /// where it now is, instead of adding it again.
    fn claim_inlined_section(
        &mut self,
        section: &Value,
        kind: Kind,
        from: &(usize, String),
        dst: &str,
    ) {
        let Some(keys) = self.section(kind) else {
            return;
        };
        let mut pointer = "#".to_owned();
        for segment in keys {
            pointer = pointer_join(&pointer, segment);
        }
        let Value::Object(entries) = section else {
            return;
        };
        if pointer != dst {
            return;
        }
        let base = from.1.trim_start_matches('#');
        for name in entries.keys() {
            self.taken
                .entry(keys[keys.len() - 1])
                .or_default()
                .insert(name.clone());
            self.hoisted
                .insert((from.0, pointer_join(base, name)), pointer_join(dst, name));
        }
    }

    fn error(&mut self, file: usize, pointer: &str, message: String, hint: String) {
        self.errors = true;
        let diag_index = self.loaded[file].diag_index;
        self.diag.error_in(diag_index, pointer, message, hint);
    }

    fn children(&self, kind: Kind, key: &str) -> Option<Layout> {
        use Kind as K;
        use Layout::{List, Map as M, One, OneOrList};
        Some(match (kind, key) {
            (K::Document, "paths" | "webhooks") => M(K::PathItem),
            (K::Document, "components") if !self.swagger2 => One(K::Components),
            (K::Document, "definitions") if self.swagger2 => M(K::Schema),
            (K::Document, "parameters") if self.swagger2 => M(K::Parameter),
            (K::Document, "responses") if self.swagger2 => M(K::Response),
            (K::Components, "schemas") => M(K::Schema),
            (K::Components, "responses") => M(K::Response),
            (K::Components, "parameters") => M(K::Parameter),
            (K::Components, "requestBodies") => M(K::RequestBody),
            (K::Components, "headers") => M(K::Header),
            (K::Components, "securitySchemes") => M(K::SecurityScheme),
            (K::Components, "examples") => M(K::Example),
            (K::Components, "links") => M(K::Link),
            (K::Components, "callbacks") => M(K::Callback),
            (K::Components, "pathItems") => M(K::PathItem),
            (K::PathItem | K::Operation, "parameters") => List(K::Parameter),
            (K::PathItem, method) if METHODS.contains(&method) => One(K::Operation),
            (K::Operation, "requestBody") => One(K::RequestBody),
            (K::Operation, "responses") => M(K::Response),
            (K::Operation, "callbacks") => M(K::Callback),
            (K::Callback, _) => One(K::PathItem),
            (K::Parameter | K::Header | K::MediaType | K::Response, "schema") => One(K::Schema),
            (K::Parameter | K::Header | K::RequestBody | K::Response, "content") => M(K::MediaType),
            (K::Parameter | K::Header | K::MediaType, "examples") => M(K::Example),
            (K::MediaType, "encoding") => M(K::Encoding),
            (K::Encoding | K::Response, "headers") => M(K::Header),
            (K::Response, "links") => M(K::Link),
            (
                K::Schema,
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
            ) => M(K::Schema),
            (K::Schema, "items") => OneOrList(K::Schema),
            (
                K::Schema,
                "additionalProperties"
                | "not"
                | "additionalItems"
                | "contains"
                | "propertyNames"
                | "if"
                | "then"
                | "else"
                | "unevaluatedItems"
                | "unevaluatedProperties",
            ) => One(K::Schema),
            (K::Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => List(K::Schema),
            _ => return None,
        })
    }

    /// Walks `value`, a `kind` written at `src` of file `file` and now at `dst` of the
    /// document, following the `$ref`s to other files in it.
    fn walk(&mut self, value: &mut Value, kind: Kind, file: usize, src: &str, dst: &str) {
        let Value::Object(map) = value else {
            return;
        };
        if let Some(Value::String(_)) = map.get("$ref") {
            if kind != Kind::Document && kind != Kind::Components {
                let followed = self.reference(value, kind, file, src, dst);
                // A schema's siblings of `$ref` are read (3.1); a path item or operation
                // written in place has been walked.
                if kind != Kind::Schema || followed {
                    return;
                }
            }
        }
        let Value::Object(map) = value else {
            return;
        };
        for (key, child) in map.iter_mut() {
            if kind == Kind::Schema && key == "discriminator" {
                self.mapping(child, file, &pointer_join(src, key));
                continue;
            }
            let Some(layout) = self.children(kind, key) else {
                continue;
            };
            let (src, dst) = (pointer_join(src, key), pointer_join(dst, key));
            match (layout, child) {
                (Layout::One(kind) | Layout::OneOrList(kind), child @ Value::Object(_)) => {
                    self.walk(child, kind, file, &src, &dst);
                }
                (Layout::List(kind) | Layout::OneOrList(kind), Value::Array(items)) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        let i = i.to_string();
                        self.walk(
                            item,
                            kind,
                            file,
                            &pointer_join(&src, &i),
                            &pointer_join(&dst, &i),
                        );
                    }
                }
                (Layout::Map(kind), child @ Value::Object(_)) => {
                    // Split specs write a `$ref` in place of a whole section (`schemas`,
                    // `paths`): written in place.
                    let mut from = (file, src.clone());
                    let mut inlined = false;
                    if child.get("$ref").is_some_and(Value::is_string) {
                        if let Some(target) = self.inline(child, file, &src, &dst) {
                            from = target;
                            inlined = true;
                        }
                    }
                    if inlined {
                        self.claim_inlined_section(child, kind, &from, &dst);
                    }
                    if let Value::Object(entries) = child {
                        for (name, item) in entries.iter_mut() {
                            if name.starts_with("x-") && kind != Kind::Schema {
                                continue;
                            }
                            self.walk(
                                item,
                                kind,
                                from.0,
                                &pointer_join(&from.1, name),
                                &pointer_join(&dst, name),
                            );
                        }
                    }
                    if inlined {
                        self.inline_stack.pop();
                    }
                }
                _ => {}
            }
        }
    }

    /// A discriminator's `mapping` values that name schemas in other files.
    fn mapping(&mut self, discriminator: &mut Value, file: usize, src: &str) {
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else {
            return;
        };
        let src = pointer_join(src, "mapping");
        for (key, target) in mapping.iter_mut() {
            let Value::String(text) = target else {
                continue;
            };
            // A bare name is a schema of the file's own components; a `#/...` of the first
            // file stays as it is.
            let is_reference = text.starts_with('#') || text.contains(['/', '.']);
            if !is_reference || (file == 0 && text.starts_with('#')) {
                continue;
            }
            let pointer = pointer_join(&src, key);
            let text = text.clone();
            if let Some(local) = self.follow(&text, Kind::Schema, file, &pointer) {
                *target = Value::String(local);
            }
        }
    }

    /// The `$ref` of the object `value` (a `kind`): rewritten to name the part it now stands
    /// for, or replaced by that part (a path item or operation). Whether it was replaced.
    fn reference(
        &mut self,
        value: &mut Value,
        kind: Kind,
        file: usize,
        src: &str,
        dst: &str,
    ) -> bool {
        let Some(Value::String(target)) = value.get("$ref") else {
            return false;
        };
        let target = target.clone();
        let ref_pointer = pointer_join(src, "$ref");
        if self.section(kind).is_some() {
            if let Some(local) = self.follow(&target, kind, file, &ref_pointer) {
                if let Some(slot) = value.get_mut("$ref") {
                    *slot = Value::String(local);
                }
            }
            return false;
        }
        // A path item or an operation: written in place.
        let Some((target_file, target_src)) = self.inline(value, file, src, dst) else {
            return false;
        };
        self.walk(value, kind, target_file, &target_src, dst);
        self.inline_stack.pop();
        true
    }

    /// Replaces `value`, a `$ref` (written at `src` of `file`, now at `dst`), by a copy of what
    /// it names in another file, and pushes it on the stack of parts written in place (the
    /// caller walks it, then pops it): the file and pointer it was copied from. `None` when it
    /// is not replaced (it names a part of the first file, or it cannot be followed).
    fn inline(
        &mut self,
        value: &mut Value,
        file: usize,
        src: &str,
        dst: &str,
    ) -> Option<(usize, String)> {
        let Some(Value::String(target)) = value.get("$ref") else {
            return None;
        };
        let target = target.clone();
        let ref_pointer = pointer_join(src, "$ref");
        let (target_file, fragment) = self.target(&target, file, &ref_pointer)?;
        if target_file == 0 {
            // In the first file: left as written.
            if file != 0 {
                if let Some(slot) = value.get_mut("$ref") {
                    *slot = Value::String(format!("#{fragment}"));
                }
            }
            return None;
        }
        let identity = (target_file, fragment.clone());
        if self.inline_stack.contains(&identity) {
            self.error(
                file,
                &ref_pointer,
                format!("$ref `{target}` leads back to itself through other $refs"),
                "write the part in place, without $ref, somewhere in the chain".to_owned(),
            );
            return None;
        }
        if self.inline_stack.len() >= MAX_INLINE_DEPTH {
            self.error(
                file,
                &ref_pointer,
                format!(
                    "$ref `{target}` is inside more than {MAX_INLINE_DEPTH} parts given by $ref"
                ),
                "refer to the part directly".to_owned(),
            );
            return None;
        }
        let found = self.lookup(target_file, &fragment, &target, file, &ref_pointer)?;
        *value = found;
        let target_src = format!("#{}", canonical(&fragment));
        let diag_index = self.loaded[target_file].diag_index;
        self.moved
            .moved(dst.to_owned(), diag_index, target_src.clone());
        self.inline_stack.push(identity);
        Some((target_file, target_src))
    }

    /// Follows `target` (written at `ref_pointer` of `file`) to a `kind` to be added to the
    /// components: the local `$ref` that names it now.
    fn follow(
        &mut self,
        target: &str,
        kind: Kind,
        file: usize,
        ref_pointer: &str,
    ) -> Option<String> {
        let (target_file, fragment) = self.target(target, file, ref_pointer)?;
        if target_file == 0 {
            return (file != 0).then(|| format!("#{fragment}"));
        }
        let identity = (target_file, canonical(&fragment));
        if let Some(local) = self.hoisted.get(&identity) {
            return Some(local.clone());
        }
        let found = self.lookup(target_file, &fragment, target, file, ref_pointer)?;
        let section = self.section(kind)?;
        let name = self.name(section, target_file, &identity.1);
        let mut dst = "#".to_owned();
        for segment in section {
            dst = pointer_join(&dst, segment);
        }
        let dst = pointer_join(&dst, &name);
        let src = format!("#{}", identity.1);
        let diag_index = self.loaded[target_file].diag_index;
        self.moved.moved(dst.clone(), diag_index, src.clone());
        self.hoisted.insert(identity, dst.clone());
        self.added.push(Added {
            section,
            name,
            value: found,
            kind,
            file: target_file,
            src,
            dst: dst.clone(),
        });
        Some(dst)
    }

    /// A name for a part at `pointer` of `file` in `section`: the last segment of the
    /// pointer, or the file's name for a whole file; numbered when taken.
    fn name(&mut self, section: &'static [&'static str], file: usize, pointer: &str) -> String {
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let base = match segments.as_slice() {
            [] => self.stem(file),
            [.., parent, last] if last.chars().all(|c| c.is_ascii_digit()) => {
                format!("{parent}{last}")
            }
            [.., last] => last.clone(),
        };
        let base = if base.is_empty() {
            "Part".to_owned()
        } else {
            base
        };
        let taken = self.taken.entry(section[section.len() - 1]).or_default();
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        name
    }

    fn stem(&self, file: usize) -> String {
        let name = self.diag.file_name(self.loaded[file].diag_index);
        let name = name.rsplit('/').next().unwrap_or(name);
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
            .or_else(|| name.strip_suffix(".json"))
            .unwrap_or(name);
        stem.to_owned()
    }

    /// The file (loaded) and the pointer (as written, without `#`) a `$ref` names.
    fn target(&mut self, target: &str, file: usize, ref_pointer: &str) -> Option<(usize, String)> {
        let (file_part, fragment) = target.split_once('#').unwrap_or((target, ""));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.error(
                file,
                ref_pointer,
                format!("$ref `{target}` has a fragment that is not a JSON pointer"),
                "write the fragment as a JSON pointer, e.g. #/components/schemas/Pet".to_owned(),
            );
            return None;
        }
        if file_part.is_empty() {
            return Some((file, fragment.to_owned()));
        }
        let path = if file_part.contains("://") || file_part.starts_with("//") {
            let Some(copy) = self.files.local_copy(file_part) else {
                self.error(
                    file,
                    ref_pointer,
                    format!("$ref `{target}` names a remote document; generation reads no network"),
                    "download the document and refer to it by a relative path (`./common.yaml#/...`), or map its URL to a local copy (`cargo xtask gen --spec FILE --out DIR --ref-dir https://host/path/=DIR`)".to_owned(),
                );
                return None;
            };
            normalize(&copy)
        } else {
            normalize(&self.loaded[file].dir.join(percent_decode(file_part)))
        };
        let index = self.load(path, target, file, ref_pointer)?;
        Some((index, fragment.to_owned()))
    }

    /// The file at `path`, read and parsed once.
    fn load(
        &mut self,
        path: PathBuf,
        target: &str,
        file: usize,
        ref_pointer: &str,
    ) -> Option<usize> {
        if let Some(&index) = self.by_path.get(&path) {
            return Some(index);
        }
        let display = self.display(&path);
        let text = match self.files.read(&path) {
            Ok(text) => text,
            Err(why) => {
                self.error(
                    file,
                    ref_pointer,
                    format!(
                        "$ref `{target}` names the file {display}, which cannot be read: {why}"
                    ),
                    "check the path; it is relative to the file the $ref is written in".to_owned(),
                );
                return None;
            }
        };
        let mut own = Diagnostics::new(&display, Some(&text));
        let json = super::parse(&text, &mut own);
        let problems = own.into_items();
        if !problems.is_empty() {
            self.errors = true;
            self.diag.extend(problems);
        }
        let json = json?;
        let diag_index = self.diag.add_file(display, Some(text));
        let index = self.loaded.len();
        self.loaded.push(File {
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            json: Value::Object(json),
            diag_index,
        });
        self.by_path.insert(path, index);
        Some(index)
    }

    /// A file as messages name it: beside the first file as the user named that one.
    fn display(&self, path: &Path) -> String {
        let relative = relative(&self.root_dir, path);
        normalize(&self.display_dir.join(relative))
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// What is at `fragment` of `target_file`, copied; `None` with the problem recorded at the
    /// `$ref` (in `file`).
    fn lookup(
        &mut self,
        target_file: usize,
        fragment: &str,
        target: &str,
        file: usize,
        ref_pointer: &str,
    ) -> Option<Value> {
        let mut node = &self.loaded[target_file].json;
        if !fragment.is_empty() {
            for segment in fragment.split('/').skip(1) {
                let segment = unescape(segment);
                let next = match node {
                    Value::Object(map) => map.get(&segment),
                    Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                match next {
                    Some(next) => node = next,
                    None => {
                        let name = self
                            .diag
                            .file_name(self.loaded[target_file].diag_index)
                            .to_owned();
                        self.error(
                            file,
                            ref_pointer,
                            format!("$ref `{target}` points to nothing in {name}"),
                            format!("check the pointer `#{fragment}` against {name}"),
                        );
                        return None;
                    }
                }
            }
        }
        Some(node.clone())
    }
}

/// What is at `fragment` (a JSON pointer as a `$ref`'s fragment writes it) of `root`.
fn json_at<'v>(root: &'v Map<String, Value>, fragment: &str) -> Option<&'v Value> {
    let mut segments = fragment.split('/').skip(1);
    let first = unescape(segments.next()?);
    let mut node = root.get(&first)?;
    for segment in segments {
        let segment = unescape(segment);
        node = match node {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A pointer as written in a `$ref`'s fragment, in the form diagnostics write pointers.
fn canonical(fragment: &str) -> String {
    let mut pointer = String::new();
    for segment in fragment.split('/').skip(1) {
        pointer = pointer_join(&pointer, &unescape(segment));
    }
    pointer
}

/// `.` and `..` resolved without the file system (a `..` that leaves a relative path's start
/// is kept).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// `to` relative to the folder `from` (both normalized).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_components: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_components)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for component in &to_components[common..] {
        out.push(component);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_resolved_without_the_file_system() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.yaml")),
            Path::new("a/c.yaml")
        );
        assert_eq!(normalize(Path::new("../a/../../b")), Path::new("../../b"));
        assert_eq!(normalize(Path::new("/a/../../b")), Path::new("/b"));
        assert_eq!(
            relative(Path::new("a/b"), Path::new("a/c/d.yaml")),
            Path::new("../c/d.yaml")
        );
        assert_eq!(
            relative(Path::new(""), Path::new("x.yaml")),
            Path::new("x.yaml")
        );
    }
}
