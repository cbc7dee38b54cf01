//! Parameters that are not one scalar: arrays and objects in the query (every OpenAPI `style`),
//! in headers (`simple`), and cookie parameters.
//!
//! A value is written from its serde form (as `serde_json` sees it). Scalars are written as
//! text: strings as they are, numbers as JSON writes them, booleans as `true`/`false`; `null`
//! and absent values are left out, as a query has no way to say `null`.
//!
//! | style | array `[1, 2]` of `a` | object `{x: 1, y: 2}` of `a` |
//! | --- | --- | --- |
//! | `form`, explode (the default) | `a=1&a=2` | `x=1&y=2` |
//! | `form`, no explode | `a=1,2` | `a=x,1,y,2` |
//! | `spaceDelimited` | `a=1 2` | `a=x 1 y 2` |
//! | `pipeDelimited` | `a=1\|2` | `a=x\|1\|y\|2` |
//! | `deepObject` | `a[0]=1&a[1]=2` | `a[x]=1&a[y]=2` (nested: `a[x][z]=1`) |
//!
//! A generated method adds one in one call:
//!
//! ```no_run
//! # use ordergen_runtime::{Error, HttpClient, Method, QueryStyle};
//! # use std::collections::BTreeMap;
//! # async fn list(http: &HttpClient, filter: &BTreeMap<String, String>) -> Result<(), Error> {
//! let request = http
//!     .request(Method::GET, "/orders")
//!     .query_value("filter", filter, QueryStyle::DeepObject);
//! http.send(request).await?.empty(ordergen_runtime::no_error_body)?;
//! # Ok(())
//! # }
//! ```

use std::borrow::Cow;

use serde_json::Value;

use super::*;

/// How a query parameter that is an array or an object is written: OpenAPI's `style` and
/// `explode` (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`.
    Form {
        /// `explode`: one pair per item or property.
        explode: bool,
    },
    /// `style: spaceDelimited`.
    SpaceDelimited,
    /// `style: pipeDelimited`.
    PipeDelimited,
    /// `style: deepObject`.
    DeepObject,
}

impl QueryStyle {
    /// OpenAPI's default for a query parameter: `form`, exploded.
    pub const FORM: QueryStyle = QueryStyle::Form { explode: true };
}

/// The text of a scalar, `None` for `null`.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        // Nested values in a delimited list are written as JSON: the style has no form for
        // them, and the JSON text keeps all of it.
        other => Some(other.to_string()),
    }
}

/// The `name=value` pairs `value` is written as in the query, by `style`.
pub(crate) fn query_pairs(name: &str, value: &Value, style: QueryStyle) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let delimiter = match style {
        QueryStyle::Form { explode: false } => Some(","),
        QueryStyle::SpaceDelimited => Some(" "),
        QueryStyle::PipeDelimited => Some("|"),
        QueryStyle::Form { explode: true } | QueryStyle::DeepObject => None,
    };
    match (value, style, delimiter) {
        (Value::Array(items), QueryStyle::DeepObject, _) => {
            for (i, item) in items.iter().enumerate() {
                deep_pairs(&format!("{name}[{i}]"), item, &mut pairs);
            }
        }
        (Value::Object(_), QueryStyle::DeepObject, _) => deep_pairs(name, value, &mut pairs),
        (Value::Array(items), _, None) => {
            pairs.extend(
                items
                    .iter()
                    .filter_map(scalar_text)
                    .map(|text| (name.to_owned(), text)),
            );
        }
        (Value::Object(fields), _, None) => {
            pairs.extend(
                fields
                    .iter()
                    .filter_map(|(key, field)| Some((key.clone(), scalar_text(field)?))),
            );
        }
        (Value::Array(items), _, Some(delimiter)) => {
            let texts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            if !texts.is_empty() {
                pairs.push((name.to_owned(), texts.join(delimiter)));
            }
        }
        (Value::Object(fields), _, Some(delimiter)) => {
            let texts: Vec<String> = fields
                .iter()
                .filter_map(|(key, field)| Some([key.clone(), scalar_text(field)?]))
                .flatten()
                .collect();
            if !texts.is_empty() {
                pairs.push((name.to_owned(), texts.join(delimiter)));
            }
        }
        (scalar, _, _) => pairs.extend(scalar_text(scalar).map(|text| (name.to_owned(), text))),
    }
    pairs
}

fn deep_pairs(prefix: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                deep_pairs(&format!("{prefix}[{key}]"), field, pairs);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep_pairs(&format!("{prefix}[{i}]"), item, pairs);
            }
        }
        scalar => pairs.extend(scalar_text(scalar).map(|text| (prefix.to_owned(), text))),
    }
}

/// A header parameter's value in OpenAPI's `simple` style: an array's items joined by `,`; an
/// object's keys and values joined by `,` (`x,1,y,2`), or with `explode` as `x=1,y=2`; `None`
/// for `null`.
pub(crate) fn simple_text(value: &Value, explode: bool) -> Option<String> {
    (!value.is_null()).then(|| simple_encoded(value, explode, str::to_owned))
}

/// A value in the `simple` style (the path's, and without explode the cookies' `form`), each
/// item, key and value passed through `encode` and joined by `,` (and `=` for an exploded
/// object).
fn simple_encoded(value: &Value, explode: bool, encode: fn(&str) -> String) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(scalar_text)
            .map(|text| encode(&text))
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(fields) => fields
            .iter()
            .filter_map(|(key, field)| {
                let (key, text) = (encode(key), encode(&scalar_text(field)?));
                Some(if explode {
                    format!("{key}={text}")
                } else {
                    format!("{key},{text}")
                })
            })
            .collect::<Vec<_>>()
            .join(","),
        scalar => scalar_text(scalar)
            .map(|text| encode(&text))
            .unwrap_or_default(),
    }
}

/// A cookie value as it may be sent: the bytes a cookie value cannot hold (controls, space,
/// `"`, `,`, `;`, `\`, `%` and non-ASCII) percent-encoded.
fn cookie_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

impl RequestBuilder {
    /// Adds a query parameter that is an array, an object or a map, written in `style`. A
    /// value that does not serialize is reported when the request is sent.
    pub fn query_value(
        mut self,
        name: &'static str,
        value: &impl Serialize,
        style: QueryStyle,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                for (key, text) in query_pairs(name, &value, style) {
                    self.query.push((Cow::Owned(key), text));
                }
            }
            Err(err) => self.invalid.push(Violation {
                path: name.to_owned(),
                message: format!("cannot be written as a query parameter: {err}"),
            }),
        }
        self
    }

    /// Adds a header parameter that is an array, an object or a map, in the `simple` style.
    pub fn header_value<E: fmt::Debug>(
        self,
        name: &'static str,
        value: &impl Serialize,
        explode: bool,
    ) -> Result<Self, Error<E>> {
        let text = serde_json::to_value(value)
            .ok()
            .and_then(|value| simple_text(&value, explode));
        match text {
            Some(text) => self.header(name, text),
            None => Ok(self),
        }
    }

    /// Puts a path parameter that is an array, an object or a map in the path, in the `simple`
    /// style: items (or keys and values) percent-encoded one by one and joined by `,`
    /// (`1,2,3`; an object as `x,1,y,2`, or with `explode` as `x=1,y=2`).
    pub fn path_value<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Self {
        let encoded = serde_json::to_value(value)
            .map(|value| simple_encoded(&value, explode, encode_segment))
            .unwrap_or_default();
        if encoded.is_empty() {
            self.invalid.push(Violation {
                path: name.to_owned(),
                message: "an empty value cannot be a path segment".to_owned(),
            });
        }
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        self
    }

    /// Adds a cookie parameter (`in: cookie`), sent with any cookie credential in the one
    /// `Cookie` header; arrays and objects are written in the `form` style without explode.
    pub fn cookie(mut self, name: &'static str, value: impl Serialize) -> Self {
        if let Ok(value) = serde_json::to_value(value) {
            if !value.is_null() {
                let text = simple_encoded(&value, false, cookie_text);
                self.cookies.push(format!("{name}={text}"));
            }
        }
        self
    }
}

/// Parameters described by JSON `content`: the value as JSON text.
impl RequestBuilder {
    fn json_text(&mut self, name: &'static str, value: &impl Serialize) -> Option<String> {
        match serde_json::to_string(value) {
            Ok(text) => Some(text),
            Err(err) => {
                self.invalid.push(Violation {
                    path: name.to_owned(),
                    message: format!("cannot be written as JSON: {err}"),
                });
                None
            }
        }
    }

    /// Adds a query parameter whose value is sent as JSON text (`content: application/json`).
    pub fn query_json(mut self, name: &'static str, value: &impl Serialize) -> Self {
        if let Some(text) = self.json_text(name, value) {
            self.query.push((Cow::Borrowed(name), text));
        }
        self
    }

    /// Adds a header parameter whose value is sent as JSON text.
    pub fn header_json<E: fmt::Debug>(
        mut self,
        name: &'static str,
        value: &impl Serialize,
    ) -> Result<Self, Error<E>> {
        match self.json_text(name, value) {
            Some(text) => self.header(name, text),
            None => Ok(self),
        }
    }

    /// Adds a cookie parameter whose value is sent as JSON text (percent-encoded).
    pub fn cookie_json(mut self, name: &'static str, value: &impl Serialize) -> Self {
        if let Some(text) = self.json_text(name, value) {
            self.cookies.push(format!("{name}={}", cookie_text(&text)));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::Probe;
    use super::*;
    use serde_json::json;

    fn pairs(value: Value, style: QueryStyle) -> Vec<String> {
        query_pairs("a", &value, style)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    #[test]
    fn every_style_writes_arrays_and_objects_as_openapi_shows_them() {
        let array = json!([1, "two", null, true]);
        let object = json!({"x": 1, "y": "b", "z": null});
        assert_eq!(
            pairs(array.clone(), QueryStyle::FORM),
            ["a=1", "a=two", "a=true"]
        );
        assert_eq!(
            pairs(array.clone(), QueryStyle::Form { explode: false }),
            ["a=1,two,true"]
        );
        assert_eq!(
            pairs(array.clone(), QueryStyle::SpaceDelimited),
            ["a=1 two true"]
        );
        assert_eq!(
            pairs(array.clone(), QueryStyle::PipeDelimited),
            ["a=1|two|true"]
        );
        assert_eq!(
            pairs(array, QueryStyle::DeepObject),
            ["a[0]=1", "a[1]=two", "a[3]=true"]
        );
        assert_eq!(pairs(object.clone(), QueryStyle::FORM), ["x=1", "y=b"]);
        assert_eq!(
            pairs(object.clone(), QueryStyle::Form { explode: false }),
            ["a=x,1,y,b"]
        );
        assert_eq!(
            pairs(object.clone(), QueryStyle::PipeDelimited),
            ["a=x|1|y|b"]
        );
        assert_eq!(pairs(object, QueryStyle::DeepObject), ["a[x]=1", "a[y]=b"]);
        assert_eq!(
            pairs(json!({"x": {"y": [1]}}), QueryStyle::DeepObject),
            ["a[x][y][0]=1"]
        );
        assert_eq!(pairs(json!(null), QueryStyle::FORM), Vec::<String>::new());
        assert_eq!(
            pairs(json!([]), QueryStyle::PipeDelimited),
            Vec::<String>::new()
        );
    }

    #[test]
    fn headers_and_cookies_use_the_simple_and_form_styles() {
        assert_eq!(simple_text(&json!([1, 2]), false).as_deref(), Some("1,2"));
        assert_eq!(
            simple_text(&json!({"x": 1, "y": 2}), false).as_deref(),
            Some("x,1,y,2")
        );
        assert_eq!(
            simple_text(&json!({"x": 1, "y": 2}), true).as_deref(),
            Some("x=1,y=2")
        );
        assert_eq!(simple_text(&json!(null), false), None);
        assert_eq!(cookie_text("a b;c,d\"é%"), "a%20b%3Bc%2Cd%22%C3%A9%25");
        assert_eq!(cookie_text("plain-value_1.2"), "plain-value_1.2");
    }

    #[test]
    fn json_content_parameters_are_sent_as_json_text() {
        let client = ClientBuilder::<Probe>::new("https://example.com")
            .build()
            .unwrap()
            .0;
        let value = json!({"a": [1, "b c"], "d": null});
        let request = client
            .request(Method::GET, "/items/{ids}")
            .path_value("ids", &json!(["x/y", 2]), false)
            .query_json("where", &value)
            .header_json::<std::convert::Infallible>("X-Filter", &value)
            .unwrap()
            .cookie_json("prefs", &value);
        assert_eq!(request.path, "/items/x%2Fy,2");
        let text = r#"{"a":[1,"b c"],"d":null}"#;
        assert_eq!(request.query, [(Cow::Borrowed("where"), text.to_owned())]);
        assert_eq!(request.headers["X-Filter"], text);
        assert_eq!(
            request.cookies,
            [r#"prefs={%22a%22:[1%2C%22b%20c%22]%2C%22d%22:null}"#]
        );
        assert!(request.invalid.is_empty());
    }
}
