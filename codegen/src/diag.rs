//! Diagnostics: every problem found in a spec, located and explained, collected in one place.

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
    file: String,
    source: Option<String>,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// `source` is the spec text, used to find the line of each pointer.
    pub fn new(file: &str, source: Option<&str>) -> Self {
        Diagnostics {
            file: file.to_owned(),
            source: source.map(str::to_owned),
            items: Vec::new(),
        }
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
            file: self.file.clone(),
            pointer: "#".to_owned(),
            location,
            message,
            hint: (!hint.is_empty()).then(|| hint.to_owned()),
        });
    }

    fn push(&mut self, severity: Severity, pointer: &str, message: String, hint: String) {
        let location = self
            .source
            .as_deref()
            .and_then(|source| crate::locate::locate(source, pointer));
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            pointer: pointer.to_owned(),
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
