//! `application/x-www-form-urlencoded` bodies from any `Serialize` value.
//!
//! The body is written from the value's serde form (as `serde_json` sees it), one
//! `name=value` pair per scalar, in the order the value serializes its fields:
//!
//! - **Scalars**: strings as they are, numbers as JSON writes them, booleans as `true` and
//!   `false`, unit enum variants as their (renamed) name.
//! - **Null and absent**: a field that is `None`, `Nullable::Null`, `Nullable::Absent` or
//!   otherwise serializes to nothing or to `null` is left out: the form has no way to say
//!   `null`, and an empty value (`name=`) would fail to bind for a number or a date. An empty
//!   array is left out the same way. An empty string is sent as `name=`.
//! - **Arrays of scalars** follow the [`ArrayStyle`] (of the call, or of the top-level
//!   property): exploded (`a=1&a=2`, OpenAPI's default for forms) or one pair with the values
//!   joined by a comma (`a=1,2`), a space (`a=1%202`) or a pipe (`a=1|2`). A delimiter inside
//!   a value is percent-encoded, so a server that splits before decoding reads it right.
//! - **Objects and arrays of objects** are flattened into one name per scalar, in the
//!   [`Nesting`] form of the call: brackets (`OrderLines[0][LineNumber]=1`, what PHP, Rails and
//!   ASP.NET read) or dots (`OrderLines[0].LineNumber=1`, ASP.NET's own form). ASP.NET Web API
//!   binds both; compilator (ASP.NET) is sent the dotted form, the one its help pages show.
//!   Array elements that are objects or arrays are always indexed (`[0]`).
//!
//! Names and values are percent-encoded as WHATWG's `application/x-www-form-urlencoded`
//! serializer does: ASCII letters, digits and `*-._` are kept, a space becomes `+`, every other
//! byte of the UTF-8 text is `%XX` (upper case). The delimiters of joined arrays are the one
//! exception: `,` and `|` are written as they are and a space delimiter as `%20`, as OpenAPI's
//! style table shows them.
//!
//! A generated method sends a form body in one call:
//!
//! ```no_run
//! # use ordergen_runtime::{ArrayStyle, Error, FormEncoding, HttpClient, Method, Nesting};
//! # #[derive(serde::Serialize)] struct OrderHeadRequest { id: i64 }
//! # impl ordergen_runtime::Validate for OrderHeadRequest {
//! #     fn check(&self, _: &mut ordergen_runtime::Validator) {}
//! # }
//! const CREATE_ORDER_FORM: FormEncoding = FormEncoding::new().nesting(Nesting::Dots);
//!
//! # async fn create_order(http: &HttpClient, body: &OrderHeadRequest) -> Result<(), Error> {
//! let request = http
//!     .request(Method::POST, "/api/Orders")
//!     .valid_with(body)?
//!     .form(body, &CREATE_ORDER_FORM)?;
//! http.send(request).await?.empty(ordergen_runtime::no_error_body)?;
//! # Ok(()) }
//! ```

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

/// How arrays of scalars are written in a form body (OpenAPI's `style` and `explode` of the
/// property's `encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArrayStyle {
    /// One pair per value: `a=1&a=2` (`style: form`, `explode: true`, the default).
    #[default]
    Exploded,
    /// One pair, values joined by commas: `a=1,2` (`style: form`, `explode: false`).
    Comma,
    /// One pair, values joined by spaces: `a=1%202` (`style: spaceDelimited`).
    Space,
    /// One pair, values joined by pipes: `a=1|2` (`style: pipeDelimited`).
    Pipe,
}

impl ArrayStyle {
    /// The delimiter as written, for the joined styles.
    fn delimiter(self) -> Option<&'static str> {
        match self {
            ArrayStyle::Exploded => None,
            ArrayStyle::Comma => Some(","),
            ArrayStyle::Space => Some("%20"),
            ArrayStyle::Pipe => Some("|"),
        }
    }

    /// The delimiter's byte, which is percent-encoded inside the values it joins.
    fn delimiter_byte(self) -> Option<u8> {
        match self {
            ArrayStyle::Exploded => None,
            ArrayStyle::Comma => Some(b','),
            ArrayStyle::Space => Some(b' '),
            ArrayStyle::Pipe => Some(b'|'),
        }
    }
}

/// How the names of nested properties are written in a form body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nesting {
    /// `OrderLines[0][LineNumber]` (`style: deepObject`; PHP, Rails, ASP.NET).
    #[default]
    Brackets,
    /// `OrderLines[0].LineNumber` (ASP.NET's own form; the `x-form-nesting: dots` extension).
    Dots,
}

/// How one operation's form body is written: the array style and nesting of the call, and an
/// array style for single top-level properties (their `encoding` objects). Built in `const`
/// context, so a generated module declares it once per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormEncoding {
    arrays: ArrayStyle,
    nesting: Nesting,
    properties: &'static [(&'static str, ArrayStyle)],
}

impl Default for FormEncoding {
    fn default() -> Self {
        Self::new()
    }
}

impl FormEncoding {
    /// Exploded arrays, bracket nesting, no per-property style.
    pub const fn new() -> Self {
        FormEncoding {
            arrays: ArrayStyle::Exploded,
            nesting: Nesting::Brackets,
            properties: &[],
        }
    }

    /// The style of every array of scalars that `properties` does not name.
    pub const fn arrays(self, arrays: ArrayStyle) -> Self {
        FormEncoding { arrays, ..self }
    }

    /// The form of nested names.
    pub const fn nesting(self, nesting: Nesting) -> Self {
        FormEncoding { nesting, ..self }
    }

    /// The array style of top-level properties, by their name in the body (as serialized); it
    /// applies to the property's arrays of scalars at any depth below it.
    pub const fn properties(self, properties: &'static [(&'static str, ArrayStyle)]) -> Self {
        FormEncoding { properties, ..self }
    }

    fn style_of(&self, property: &str) -> ArrayStyle {
        self.properties
            .iter()
            .find(|(name, _)| *name == property)
            .map_or(self.arrays, |(_, style)| *style)
    }
}

/// Writes `body` as an `application/x-www-form-urlencoded` body. The body must serialize as an
/// object (a struct or a map); anything else, and any value that cannot be a form value (bytes,
/// a map with keys that are not strings), is an error saying where.
pub fn to_form(
    body: &impl Serialize,
    encoding: &FormEncoding,
) -> Result<String, serde_json::Error> {
    let value = serde_json::to_value(body)?;
    let Value::Object(fields) = value else {
        return Err(serde::ser::Error::custom(format!(
            "a form body must be an object, not {}",
            kind(&value)
        )));
    };
    let mut out = String::new();
    for (name, value) in &fields {
        let style = encoding.style_of(name);
        let mut key = String::new();
        encode_into(&mut key, name, None);
        write_value(&mut out, &key, value, style, encoding.nesting);
    }
    Ok(out)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Writes the pairs of `value` under the (already encoded) name `key`.
fn write_value(out: &mut String, key: &str, value: &Value, style: ArrayStyle, nesting: Nesting) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (name, value) in fields {
                let mut nested = String::with_capacity(key.len() + name.len() + 6);
                nested.push_str(key);
                match nesting {
                    Nesting::Brackets => {
                        nested.push_str("%5B");
                        encode_into(&mut nested, name, None);
                        nested.push_str("%5D");
                    }
                    Nesting::Dots => {
                        nested.push('.');
                        encode_into(&mut nested, name, None);
                    }
                }
                write_value(out, &nested, value, style, nesting);
            }
        }
        Value::Array(items) => {
            let all_scalars = items
                .iter()
                .all(|item| !matches!(item, Value::Array(_) | Value::Object(_)));
            match style.delimiter() {
                Some(delimiter) if all_scalars => {
                    let scalars: Vec<&Value> = items.iter().filter(|v| !v.is_null()).collect();
                    if scalars.is_empty() {
                        return;
                    }
                    start_pair(out, key);
                    for (at, item) in scalars.into_iter().enumerate() {
                        if at > 0 {
                            out.push_str(delimiter);
                        }
                        write_scalar(out, item, style.delimiter_byte());
                    }
                }
                None if all_scalars => {
                    for item in items.iter().filter(|v| !v.is_null()) {
                        start_pair(out, key);
                        write_scalar(out, item, None);
                    }
                }
                _ => {
                    for (index, item) in items.iter().enumerate() {
                        let indexed = format!("{key}%5B{index}%5D");
                        write_value(out, &indexed, item, style, nesting);
                    }
                }
            }
        }
        scalar => {
            start_pair(out, key);
            write_scalar(out, scalar, None);
        }
    }
}

fn start_pair(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    out.push_str(key);
    out.push('=');
}

fn write_scalar(out: &mut String, value: &Value, delimiter: Option<u8>) {
    match value {
        Value::String(text) => encode_into(out, text, delimiter),
        Value::Number(number) => encode_into(out, &number.to_string(), delimiter),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        // Only scalars reach here; null was filtered out before.
        Value::Null | Value::Array(_) | Value::Object(_) => {}
    }
}

/// Percent-encodes `text` as the form serializer does (space as `+`); `delimiter` is encoded
/// even where it would otherwise be kept.
pub(crate) fn encode_into(out: &mut String, text: &str, delimiter: Option<u8>) {
    for byte in text.bytes() {
        let kept = byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_');
        if Some(byte) == delimiter && byte != b' ' {
            let _ = write!(out, "%{byte:02X}");
        } else if kept {
            out.push(byte as char);
        } else if byte == b' ' {
            // A space inside a space-delimited value must not read as the delimiter (`%20`).
            if delimiter == Some(b' ') {
                out.push_str("%20");
            } else {
                out.push('+');
            }
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Nullable;

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Line {
        line_number: i32,
        article: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Order {
        customer: String,
        order_lines: Vec<Line>,
        tags: Vec<String>,
        comment: Option<String>,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        discount: Nullable<f64>,
        paid: bool,
    }

    fn order() -> Order {
        Order {
            customer: "Müller & Söhne".into(),
            order_lines: vec![
                Line {
                    line_number: 1,
                    article: "A-1".into(),
                    note: None,
                },
                Line {
                    line_number: 2,
                    article: "B 2".into(),
                    note: Some("50%+".into()),
                },
            ],
            tags: vec!["x,y".into(), "z".into()],
            comment: None,
            discount: Nullable::Null,
            paid: true,
        }
    }

    #[test]
    fn nested_objects_in_the_bracket_form() {
        let text = to_form(&order(), &FormEncoding::new()).unwrap();
        assert_eq!(
            text,
            "Customer=M%C3%BCller+%26+S%C3%B6hne\
             &OrderLines%5B0%5D%5BLineNumber%5D=1&OrderLines%5B0%5D%5BArticle%5D=A-1\
             &OrderLines%5B1%5D%5BLineNumber%5D=2&OrderLines%5B1%5D%5BArticle%5D=B+2\
             &OrderLines%5B1%5D%5BNote%5D=50%25%2B\
             &Tags=x%2Cy&Tags=z&Paid=true"
        );
    }

    #[test]
    fn nested_objects_in_the_dotted_form() {
        let encoding = FormEncoding::new().nesting(Nesting::Dots);
        let text = to_form(&order(), &encoding).unwrap();
        assert_eq!(
            text,
            "Customer=M%C3%BCller+%26+S%C3%B6hne\
             &OrderLines%5B0%5D.LineNumber=1&OrderLines%5B0%5D.Article=A-1\
             &OrderLines%5B1%5D.LineNumber=2&OrderLines%5B1%5D.Article=B+2\
             &OrderLines%5B1%5D.Note=50%25%2B\
             &Tags=x%2Cy&Tags=z&Paid=true"
        );
    }

    #[test]
    fn arrays_of_scalars_in_every_style() {
        #[derive(Serialize)]
        struct Query {
            a: Vec<&'static str>,
            b: Vec<i32>,
            empty: Vec<i32>,
        }
        let body = Query {
            a: vec!["1 2", "x|y,z"],
            b: vec![3, 4],
            empty: vec![],
        };
        let cases = [
            (ArrayStyle::Exploded, "a=1+2&a=x%7Cy%2Cz&b=3&b=4"),
            (ArrayStyle::Comma, "a=1+2,x%7Cy%2Cz&b=3,4"),
            (ArrayStyle::Space, "a=1%202%20x%7Cy%2Cz&b=3%204"),
            (ArrayStyle::Pipe, "a=1+2|x%7Cy%2Cz&b=3|4"),
        ];
        for (style, expected) in cases {
            let text = to_form(&body, &FormEncoding::new().arrays(style)).unwrap();
            assert_eq!(text, expected, "{style:?}");
        }
        // A property's own style wins over the call's.
        let encoding = FormEncoding::new()
            .arrays(ArrayStyle::Comma)
            .properties(&[("b", ArrayStyle::Pipe)]);
        assert_eq!(to_form(&body, &encoding).unwrap(), "a=1+2,x%7Cy%2Cz&b=3|4");
    }

    #[test]
    fn scalars_maps_enums_and_nulls() {
        #[derive(Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            RushOrder,
        }
        let mut map = std::collections::BTreeMap::new();
        map.insert("k~1", Some(1.5));
        map.insert("k2", None);
        let body = serde_json::json!({
            "kind": Kind::RushOrder,
            "empty": "",
            "null": null,
            "n": -3,
            "map": map,
            "nested": [[1, 2], [3]],
        });
        let text = to_form(&body, &FormEncoding::new()).unwrap();
        assert_eq!(
            text,
            "kind=rush_order&empty=&n=-3&map%5Bk%7E1%5D=1.5\
             &nested%5B0%5D=1&nested%5B0%5D=2&nested%5B1%5D=3"
        );
    }

    #[test]
    fn bodies_that_are_not_objects_are_refused() {
        for body in [
            serde_json::json!([1]),
            serde_json::json!("x"),
            serde_json::json!(null),
        ] {
            let err = to_form(&body, &FormEncoding::new()).unwrap_err();
            assert!(
                err.to_string().contains("a form body must be an object"),
                "{err}"
            );
        }
        #[derive(Serialize)]
        struct Keys(std::collections::HashMap<(i32, i32), i32>);
        let mut keys = std::collections::HashMap::new();
        keys.insert((1, 2), 3);
        assert!(to_form(&Keys(keys), &FormEncoding::new()).is_err());
    }
}
