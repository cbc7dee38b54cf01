//! Diagnostics: every problem found in a spec, located and explained, collected in one place.

use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on, with a fallback the message names.
    Warning,
    /// No code is generated.
    Error,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The spec file, as the user named it.
    pub file: String,
    /// A JSON pointer into the spec, e.g. `#/components/schemas/Order/properties/id`.
    pub pointer: String,
    /// `(line, column)`, 1-based, when the source shows where the pointer lands.
    pub location: Option<(usize, usize)>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.file)?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)?;
        write!(f, "\n  at {}", self.pointer)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics while a spec is read, so the user sees every problem at once. A result
/// built alongside it is only handed out by [`Diagnostics::finish`], which refuses it when any
/// error was recorded.
#[derive(Debug)]
#[must_use = "diagnostics must be checked with `finish`"]
pub struct Diagnostics {
    /// The files of the spec, by index: the one named first (0), then each file its `$ref`s
    /// read, with their text.
    files: Vec<(String, Option<String>)>,
    /// Where parts of the document that is read came from, when it is not the text as
    /// written (a Swagger 2.0 document converted, files bundled into one); see
    /// [`Diagnostics::relocate`].
    layers: Vec<Relocations>,
    items: Vec<Diagnostic>,
    /// The lines of each file's text, read the first time a pointer is located in it.
    indexes: Vec<Option<crate::locate::Index>>,
}

/// A map from a JSON pointer in the document as read to where its value was written: a file
/// (an index of [`Diagnostics::add_file`]) and a JSON pointer in that file. A pointer below a
/// key is moved with the key: the longest key that is a prefix of it (by whole segments)
/// decides.
///
/// `words` are renamings of message text: a converted document's own words for the places the
/// model's messages name (`#/components/schemas/` is `#/definitions/` to a Swagger 2.0 author).
#[derive(Debug, Clone, Default)]
pub struct Relocations {
    /// Pointer in the document as read -> (file, pointer where it was written).
    pub pointers: HashMap<String, (usize, String)>,
    /// Text of messages and hints -> the text the author's document uses.
    pub words: Vec<(String, String)>,
}

impl Relocations {
    /// Records that the value at `to` in the document as read was written at `from` of `file`.
    pub fn moved(&mut self, to: String, file: usize, from: String) {
        self.pointers.insert(to, (file, from));
    }
}

impl Diagnostics {
    /// `source` is the spec text, used to find the line of each pointer.
    pub fn new(file: &str, source: Option<&str>) -> Self {
        Diagnostics {
            files: vec![(file.to_owned(), source.map(str::to_owned))],
            layers: Vec::new(),
            items: Vec::new(),
            indexes: Vec::new(),
        }
    }

    /// Registers another file of the spec (read through a `$ref`): its name as messages show
    /// it, and its text. Returns its index for [`Relocations`] and [`Diagnostics::error_in`].
    pub fn add_file(&mut self, file: String, source: Option<String>) -> usize {
        self.files.push((file, source));
        self.files.len() - 1
    }

    /// The name of file `index`, as messages show it.
    pub fn file_name(&self, index: usize) -> &str {
        self.files.get(index).map_or("", |(name, _)| name.as_str())
    }

    /// Adds a layer of relocations: from now on, a diagnostic whose pointer lies under one of
    /// `relocations`' keys is reported where that part was written. Layers added later are
    /// applied first (a layer maps pointers of the document as the next step read it into
    /// those of the document the step before produced); a pointer moved into another file than
    /// the first is final.
    pub fn relocate(&mut self, relocations: Relocations) {
        if !relocations.pointers.is_empty() || !relocations.words.is_empty() {
            self.layers.push(relocations);
        }
    }

    /// Where a pointer of the document as read was written: its file and pointer there.
    fn origin(&self, pointer: &str) -> (usize, String) {
        let mut file = 0;
        let mut pointer = pointer.to_owned();
        for layer in self.layers.iter().rev() {
            if file != 0 {
                break;
            }
            // The longest prefix that ends at a segment boundary.
            let mut end = pointer.len();
            loop {
                if let Some((to_file, to)) = layer.pointers.get(&pointer[..end]) {
                    let rest = pointer[end..].to_owned();
                    file = *to_file;
                    pointer = format!("{to}{rest}");
                    break;
                }
                match pointer[..end].rfind('/') {
                    Some(slash) => end = slash,
                    None => break,
                }
            }
        }
        (file, pointer)
    }

    /// The line and column of `pointer` in file `file`'s text.
    fn locate(&mut self, file: usize, pointer: &str) -> Option<(usize, usize)> {
        let source = self.files.get(file)?.1.as_deref()?;
        if self.indexes.len() <= file {
            self.indexes.resize(file + 1, None);
        }
        let index = self.indexes[file].get_or_insert_with(|| crate::locate::Index::new(source));
        index.locate(source, pointer)
    }

    /// Records diagnostics found by a [`Diagnostics`] of their own (reading another file).
    pub fn extend(&mut self, items: Vec<Diagnostic>) {
        self.items.extend(items);
    }

    /// An error at `pointer` of file `file` (an index of [`Diagnostics::add_file`]), located
    /// in that file's text; relocations do not apply.
    pub fn error_in(&mut self, file: usize, pointer: &str, message: String, hint: String) {
        let file = file.min(self.files.len() - 1);
        let location = self.locate(file, pointer);
        self.items.push(Diagnostic {
            severity: Severity::Error,
            file: self.files[file].0.clone(),
            pointer: pointer.to_owned(),
            location,
            message,
            hint: (!hint.is_empty()).then_some(hint),
        });
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Severity::Error, pointer, message.into(), hint.into());
    }

    pub fn warning(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Severity::Warning, pointer, message.into(), hint.into());
    }

    /// An error whose place is known only as a line and column (parse errors).
    pub fn error_at(&mut self, location: Option<(usize, usize)>, message: String, hint: &str) {
        self.items.push(Diagnostic {
            severity: Severity::Error,
            file: self.files[0].0.clone(),
            pointer: "#".to_owned(),
            location,
            message,
            hint: (!hint.is_empty()).then(|| hint.to_owned()),
        });
    }

    fn push(&mut self, severity: Severity, pointer: &str, message: String, hint: String) {
        let (file, pointer) = if self.layers.is_empty() {
            (0, pointer.to_owned())
        } else {
            self.origin(pointer)
        };
        let (mut message, mut hint) = (message, hint);
        for layer in &self.layers {
            for (model, own) in &layer.words {
                if message.contains(model.as_str()) {
                    message = message.replace(model.as_str(), own);
                }
                if hint.contains(model.as_str()) {
                    hint = hint.replace(model.as_str(), own);
                }
            }
        }
        let location = self.locate(file, &pointer);
        self.items.push(Diagnostic {
            severity,
            file: self.files[file].0.clone(),
            pointer,
            location,
            message,
            hint: (!hint.is_empty()).then_some(hint),
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// `Ok((value, warnings))` when no error was recorded, else every diagnostic.
    pub fn finish<T>(self, value: T) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
        if self.has_errors() {
            Err(self.items)
        } else {
            Ok((value, self.items))
        }
    }

    /// Every diagnostic, for a caller that has no value to hand out.
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Appends an escaped JSON-pointer segment (`~` -> `~0`, `/` -> `~1`).
pub fn pointer_join(base: &str, segment: &str) -> String {
    // Lowering builds one of these for every schema and property it visits: one allocation,
    // and no formatting machinery.
    let mut pointer = String::with_capacity(base.len() + 1 + segment.len());
    pointer.push_str(base);
    pointer.push('/');
    for (i, part) in segment.split('~').enumerate() {
        if i > 0 {
            pointer.push_str("~0");
        }
        for (j, piece) in part.split('/').enumerate() {
            if j > 0 {
                pointer.push_str("~1");
            }
            pointer.push_str(piece);
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::pointer_join;

    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(
            pointer_join("#/paths", "/orders/{id}"),
            "#/paths/~1orders~1{id}"
        );
        assert_eq!(pointer_join("#", "a~b/c~/d"), "#/a~0b~1c~0~1d");
        assert_eq!(pointer_join("#/x", ""), "#/x/");
        assert_eq!(pointer_join("#", "~~//"), "#/~0~0~1~1");
        assert_eq!(pointer_join("#", "Straße"), "#/Straße");
    }
}
