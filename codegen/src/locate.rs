//! Where a JSON pointer lands in the spec text: the line and column that diagnostics show.
//! Used by the collector of diagnostics, which locates each one as it is recorded.

/// Finds the 1-based `(line, column)` where `pointer` lands in a block-style YAML or
/// pretty-printed JSON source, or else of the deepest part of it that can be found.
pub fn locate(source: &str, pointer: &str) -> Option<(usize, usize)> {
    Index::new(source).locate(source, pointer)
}

/// The lines of a source, read once, so that many pointers are located in it without reading
/// it again (a document with hundreds of warnings would otherwise be read once per warning).
#[derive(Debug, Clone, Default)]
pub struct Index {
    lines: Vec<Line>,
}

impl Index {
    /// Reads the lines of `source`.
    pub fn new(source: &str) -> Self {
        let mut offset = 0;
        let lines = source
            .split_inclusive('\n')
            .map(|raw| {
                let start = offset;
                offset += raw.len();
                let raw = raw.strip_suffix('\n').unwrap_or(raw);
                let raw = raw.strip_suffix('\r').unwrap_or(raw);
                Line::parse(raw, start)
            })
            .collect();
        Index { lines }
    }

    /// [`locate`] in `source`, the text this index was made from.
    pub fn locate(&self, source: &str, pointer: &str) -> Option<(usize, usize)> {
        locate_lines(source, &self.lines, pointer)
    }
}

fn locate_lines(source: &str, lines: &[Line], pointer: &str) -> Option<(usize, usize)> {
    let rest = pointer.strip_prefix('#')?;
    let segments: Vec<String> = rest
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
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
            let Some(content) = line.content(source) else {
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

#[derive(Debug, Clone)]
struct Line {
    /// Where the text after the indentation and any `- ` item marker is in the source, as a
    /// byte range; `None` for a blank or comment line.
    content: Option<(usize, usize)>,
    indent: usize,
    /// Where the content starts (after `- `).
    key_indent: usize,
    item: bool,
}

impl Line {
    /// The line `raw`, which starts at byte `start` of the source.
    fn parse(raw: &str, start: usize) -> Self {
        let trimmed = raw.trim_start();
        let indent = raw.len() - trimmed.len();
        // A line of only brackets (`{`, `},`, `]`) opens or closes a JSON value: no key is on it.
        let brackets_only = trimmed
            .chars()
            .all(|c| matches!(c, '{' | '}' | '[' | ']' | ',') || c.is_whitespace());
        if trimmed.is_empty() || trimmed.starts_with('#') || brackets_only {
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
                content: Some((start + key_indent, start + raw.len())),
                indent,
                key_indent,
                item: true,
            };
        }
        Line {
            content: Some((start + indent, start + raw.len())),
            indent,
            key_indent: indent,
            item: false,
        }
    }

    /// The line's content in `source`.
    fn content<'s>(&self, source: &'s str) -> Option<&'s str> {
        self.content.and_then(|(from, to)| source.get(from..to))
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
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {\n        \"responses\": {\n          \"200\": {\n            \"description\": \"ok\"\n          }\n        }\n      }\n    }\n  }\n}\n";
        assert_eq!(
            locate(json, "#/paths/~1a/get/responses/200/description"),
            Some((7, 13))
        );
        assert_eq!(locate(json, "#/paths/~1a/post"), Some((3, 5)));
        let flow = "components:\n  schemas:\n    A: {type: object, required: [x]}\n";
        assert_eq!(
            locate(flow, "#/components/schemas/A/required/0"),
            Some((3, 5))
        );
    }
}
