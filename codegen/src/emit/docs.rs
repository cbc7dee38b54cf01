//! Rustdoc from spec text. Spec prose is Markdown-ish but not written for rustdoc: brackets look
//! like intra-doc links, `<string>` like HTML, indented lines like doctests. Escape all of that.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc = "..."]` attributes, one per line, for an item.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| format!(" {line}"));
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc = "..."]` attributes, for a module.
pub fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| format!(" {line}"));
    quote! { #( #![doc = #lines] )* }
}

/// The lines of an item's rustdoc: title, description, then notes and example.
pub fn lines(docs: &Docs, fallback: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(title) = &docs.title {
        if docs.description.as_deref() != Some(title.as_str()) {
            out.extend(prose(title));
            out.push(String::new());
        }
    }
    match &docs.description {
        Some(description) if !description.trim().is_empty() => out.extend(prose(description)),
        _ if out.is_empty() => out.push(fallback.to_owned()),
        _ => {}
    }
    let mut extra: Vec<String> = docs.notes.iter().map(|n| escape(n)).collect();
    if let Some(example) = &docs.example {
        extra.push(format!("Example: {}", code_span(example)));
    }
    if !extra.is_empty() {
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out.push(String::new());
        out.extend(extra);
    }
    out
}

/// Spec prose as rustdoc lines. Indentation is kept for list continuations, but capped below
/// four spaces so that no line turns into a code block (which rustdoc would run as a doctest);
/// fenced blocks are marked `text` for the same reason and are left as written.
pub fn prose(text: &str) -> Vec<String> {
    let text = text.trim_matches('\n').trim_end();
    let common = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut in_fence = false;
    // The content column of the list item the last line belongs to.
    let mut item: Option<usize> = None;
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            lines.push(
                if in_fence || !info.trim().is_empty() && info.trim() != "rust" {
                    trimmed.to_owned()
                } else {
                    "```text".to_owned()
                },
            );
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            let code = line.get(common..).unwrap_or(trimmed);
            lines.push(code.replace('\t', "    "));
            continue;
        }
        let indent = (line.len() - line.trim_start().len()).saturating_sub(common);
        let mut indent = indent.min(3);
        if trimmed.is_empty() {
            item = None;
        } else if let Some(width) = list_marker(trimmed) {
            item = Some(indent + width);
        } else if let Some(column) = item {
            // A line that goes on with a list item is indented to the item's text, as rustdoc
            // and clippy want it, however the spec indents it (less: a "lazy" continuation;
            // more: overindented).
            indent = column;
        }
        // A tab in prose is a space to rustdoc; clippy refuses tabs in doc comments.
        let trimmed = trimmed.replace('\t', " ");
        lines.push(format!("{}{}", " ".repeat(indent), escape(&trimmed)));
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The width of a list item's marker and the spaces after it (`*   `, `- `, `12. `), when
/// `line` starts a list item.
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().first()? {
        b'*' | b'-' | b'+' => 1,
        _ if (1..=9).contains(&digits)
            && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces >= 1 && marker + spaces < line.len()).then_some(marker + spaces.min(4))
}

/// `text` as an inline code span, whatever backticks it holds.
pub fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// Escapes what rustdoc would misread, outside `code spans` only.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut in_code = false;
    while !rest.is_empty() {
        if !in_code {
            if let Some(url_len) = url_at(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
        }
        let mut chars = rest.chars();
        let c = chars.next().unwrap_or_default();
        match c {
            // A backtick opens a code span only when another one closes it on this line.
            '`' if in_code || chars.as_str().contains('`') => {
                in_code = !in_code;
                out.push(c);
            }
            '`' => out.push_str("\\`"),
            '[' | ']' | '<' | '>' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = chars.as_str();
    }
    out
}

/// The length of a bare `http(s)://` URL at the start of `text`.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | '`'))
        .unwrap_or(text.len());
    let trimmed = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_escaped_for_rustdoc() {
        assert_eq!(
            prose("  Damage class [KL 2-3] <string>\n  - item\n    continued\n          deep"),
            [
                "Damage class \\[KL 2-3\\] \\<string\\>",
                "- item",
                "  continued",
                "  deep"
            ]
        );
        assert_eq!(
            prose("see http://localhost/api/orders/1/75."),
            ["see <http://localhost/api/orders/1/75>."]
        );
        assert_eq!(prose("snake_case `code`"), ["snake_case `code`"]);
        assert_eq!(
            prose("namespace `http://x.org/a` and `<Tag>` [x]"),
            ["namespace `http://x.org/a` and `<Tag>` \\[x\\]"]
        );
        assert_eq!(
            prose("an unmatched ` then [link] <tag>"),
            ["an unmatched \\` then \\[link\\] \\<tag\\>"]
        );
        assert_eq!(
            prose("Example:\n```\n{\"a\": [1]}\n```\n```json\nx\n```"),
            [
                "Example:",
                "```text",
                "{\"a\": [1]}",
                "```",
                "```json",
                "x",
                "```"
            ]
        );
        assert_eq!(
            code_span("x`[y]"),
            "``x`[y]``".replace("``x", "`` x").replace("]``", "] ``")
        );
        assert_eq!(code_span("plain"), "`plain`");
    }

    #[test]
    fn a_lazy_list_continuation_is_indented_to_the_item() {
        assert_eq!(
            prose("**Note**:\n*   one [two\nthree](x).\n*   four\n\nafter\n1. a\nb\n- c\n  d"),
            [
                "**Note**:",
                "*   one \\[two",
                "    three\\](x).",
                "*   four",
                "",
                "after",
                "1. a",
                "   b",
                "- c",
                "  d"
            ]
        );
    }

    #[test]
    fn a_continuation_indented_less_than_its_item_is_indented_to_it() {
        // Box writes continuations one or three spaces in, Datadog numbered items two spaces
        // in with their continuations at the number's column.
        assert_eq!(
            prose("* `a`: one\n two\n* b\n   c\n\n  1. Follow\n  on\n\nend"),
            [
                "* `a`: one",
                "  two",
                "* b",
                "  c",
                "",
                "  1. Follow",
                "     on",
                "",
                "end"
            ]
        );
    }

    #[test]
    fn tabs_are_spaces_in_prose_and_in_code() {
        assert_eq!(
            prose("| a |\tb |\n```\n\tcode\n```"),
            ["| a | b |", "```text", "    code", "```"]
        );
    }

    #[test]
    fn notes_and_example_follow_the_description() {
        let docs = Docs {
            title: None,
            description: Some("Customer name".into()),
            notes: vec!["Min length: 1.".into()],
            example: Some("\"Max\"".into()),
        };
        assert_eq!(
            lines(&docs, "unused"),
            ["Customer name", "", "Min length: 1.", "Example: `\"Max\"`"]
        );
        assert_eq!(
            lines(&Docs::default(), "The `x` field."),
            ["The `x` field."]
        );
    }
}
