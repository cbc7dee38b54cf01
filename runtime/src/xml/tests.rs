//! Unit tests of XML writing and reading.

use super::*;

#[derive(Debug, PartialEq)]
struct Line {
    number: i32,
    text: Option<String>,
    note: Nullable<String>,
    code: Option<String>,
}

impl XmlValue for Line {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.field(&XmlField::attribute("code"), &self.code)?;
        element.field(&XmlField::element("Number"), &self.number)?;
        element.field(&XmlField::element("Text"), &self.text)?;
        element.field(&XmlField::element("Note"), &self.note)
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        let members = node.members(None);
        Ok(Line {
            code: members.field(&XmlField::attribute("code"))?,
            number: members.field(&XmlField::element("Number"))?,
            text: members.field(&XmlField::element("Text"))?,
            note: members.field(&XmlField::element("Note"))?,
        })
    }
}

#[derive(Debug, PartialEq)]
struct Doc {
    lines: Vec<Line>,
    tags: Vec<String>,
}

const NS: &str = "urn:example";

impl XmlValue for Doc {
    fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
        element.set_members_namespace(NS);
        element.field(&XmlField::element("Lines").wrapped("Line"), &self.lines)?;
        element.field(&XmlField::element("Tag"), &self.tags)
    }

    fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
        let members = node.members(Some(NS));
        Ok(Doc {
            lines: members.field(&XmlField::element("Lines").wrapped("Line"))?,
            tags: members.field(&XmlField::element("Tag"))?,
        })
    }
}

fn doc() -> Doc {
    Doc {
        lines: vec![
            Line {
                number: 1,
                text: Some("a < b & \"c\"".to_owned()),
                note: Nullable::Null,
                code: Some("x'y".to_owned()),
            },
            Line {
                number: 2,
                text: None,
                note: Nullable::Absent,
                code: None,
            },
        ],
        tags: vec!["t1".to_owned(), "t2".to_owned()],
    }
}

#[test]
fn documents_are_written_with_namespaces_nil_attributes_and_wrapping() {
    let root = XmlName::new("Doc").namespace(NS);
    let text = to_xml(&doc(), &root).unwrap();
    assert_eq!(
        text,
        concat!(
            r#"<Doc xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:example">"#,
            r#"<Lines><Line code="x&apos;y"><Number>1</Number><Text>a &lt; b &amp; &quot;c&quot;</Text>"#,
            r#"<Note i:nil="true"/></Line><Line><Number>2</Number></Line></Lines>"#,
            r#"<Tag>t1</Tag><Tag>t2</Tag></Doc>"#
        )
    );
    let back: Doc = from_xml(text.as_bytes(), &root).unwrap();
    assert_eq!(back, doc());
}

#[test]
fn reading_names_the_element_that_does_not_fit() {
    let root = XmlName::new("Doc").namespace(NS);
    let text = r#"<Doc xmlns="urn:example"><Lines><Line><Number>1</Number></Line><Line><Number>x</Number></Line></Lines></Doc>"#;
    let err = from_xml::<Doc>(text.as_bytes(), &root).unwrap_err();
    assert_eq!(err.path(), "/Doc/Lines/Line[2]/Number");
    assert!(err.message().contains("\"x\" is not a valid i32"), "{err}");

    let missing = r#"<Doc xmlns="urn:example"><Lines><Line/></Lines></Doc>"#;
    let err = from_xml::<Doc>(missing.as_bytes(), &root).unwrap_err();
    assert_eq!(err.path(), "/Doc/Lines/Line[1]");
    assert!(err.message().contains("`Number` is missing"), "{err}");

    // The right local name in another namespace is another element.
    let other = r#"<Doc xmlns="urn:other"/>"#;
    let err = from_xml::<Doc>(other.as_bytes(), &root).unwrap_err();
    assert!(
        err.message()
            .contains("expected the root element `Doc` in namespace `urn:example`"),
        "{err}"
    );
}

#[test]
fn hostile_documents_are_refused() {
    let root = XmlName::new("Doc");
    for (text, expected) in [
        (
            r#"<!DOCTYPE d [<!ENTITY a "aaaa">]><Doc>&a;</Doc>"#,
            "document type definition",
        ),
        ("<Doc><Lines>", "ends inside an element"),
        ("<Doc/><Doc/>", "content after the root element"),
        ("<p:Doc/>", "prefix `p` is not declared"),
        ("", "no root element"),
    ] {
        let err = parse(text.as_bytes()).unwrap_err();
        assert!(err.to_string().contains(expected), "{text}: {err}");
    }
    let deep = "<a>".repeat(MAX_DEPTH + 1);
    assert!(parse(deep.as_bytes())
        .unwrap_err()
        .to_string()
        .contains("deeper"));
    assert!(from_xml::<String>(b"<Other/>", &root).is_err());
}

#[test]
fn text_values_use_xml_schema_spellings() {
    let write = |value: &dyn Fn(&mut XmlElement) -> Result<(), XmlError>| {
        let mut element = XmlElement::new("v", None, None);
        value(&mut element).unwrap();
        element.text.unwrap()
    };
    assert_eq!(write(&|e| true.write_xml(e)), "true");
    assert_eq!(write(&|e| f64::NEG_INFINITY.write_xml(e)), "-INF");
    let stamp = DateTime::parse_from_rfc3339("2026-01-21T22:50:35.2275114+01:00").unwrap();
    assert_eq!(
        write(&|e| stamp.write_xml(e)),
        "2026-01-21T22:50:35.2275114+01:00"
    );
    let utc = DateTime::parse_from_rfc3339("2026-01-21T22:50:35+00:00").unwrap();
    assert_eq!(write(&|e| utc.write_xml(e)), "2026-01-21T22:50:35Z");
    let node = XmlNode::text_only("v", " 1 ");
    assert!(bool::read_xml(&node).unwrap());
    assert_eq!(i64::read_xml(&node).unwrap(), 1);
    assert!(f64::read_xml(&XmlNode::text_only("v", "inf")).is_err());
    let err = to_xml(&"a\u{0}b".to_owned(), &XmlName::new("v")).unwrap_err();
    assert!(err.message().contains("U+0000"), "{err}");
}

#[test]
fn vendor_timestamps_keep_their_offset_and_ticks() {
    let node = XmlNode::text_only("v", "2026-01-21T22:50:35.2275114+01:00");
    let stamp = YmdDateTime::read_xml(&node).unwrap();
    assert_eq!(stamp.to_string(), "2026-01-21 22:50:35.227511400+01:00");
    let mut element = XmlElement::new("v", None, None);
    stamp.write_xml(&mut element).unwrap();
    assert_eq!(
        element.text.as_deref(),
        Some("2026-01-21T22:50:35.2275114+01:00")
    );
    let naive = YmdDateTime::read_xml(&XmlNode::text_only("v", "2026-01-21T22:50:35")).unwrap();
    assert_eq!(naive.offset, None);
    assert!(DmyDateTime::read_xml(&XmlNode::text_only("v", "2026-01-21T22:50:35Z")).is_err());
}

#[test]
fn unknown_elements_are_kept_and_written_back() {
    let text = concat!(
        r#"<R xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:x="urn:x">"#,
        r#"<Known>1</Known><Extra>x</Extra><Nested><A>1</A><A>2</A></Nested><Gone i:nil="true"/>"#,
        r#"<x:Ext x:kind="a" b="c">v</x:Ext><Mixed>t<B>1</B></Mixed></R>"#
    );
    let node = parse(text.as_bytes()).unwrap();
    let unknown = node.members(None).unknown_fields(&[("Known", None)]);
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        concat!(
            r##"{"Extra":"x","Gone":null,"Mixed":{"#text":"t","B":"1"},"Nested":{"A":["1","2"]},"##,
            r##""{urn:x}Ext":{"@{urn:x}kind":"a","@b":"c","#text":"v"}}"##
        )
    );
    let mut element = XmlElement::new("R", None, None);
    element.unknown_fields(&unknown).unwrap();
    let mut prefixes = Vec::new();
    prepare(&mut element, &mut prefixes).unwrap();
    let mut out = String::new();
    print(&element, None, true, &prefixes, &mut out);
    assert_eq!(
        out,
        concat!(
            r#"<R xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:x">"#,
            r#"<Extra>x</Extra><Gone i:nil="true"/><Mixed>t<B>1</B></Mixed><Nested><A>1</A><A>2</A></Nested>"#,
            r#"<Ext xmlns="urn:x" ns1:kind="a" b="c">v</Ext></R>"#
        )
    );
    // Read back, the same content is kept again.
    let again = parse(out.as_bytes()).unwrap();
    assert_eq!(again.members(None).unknown_fields(&[]), unknown);
    // A field in another namespace than the members' is known by its namespace.
    let own =
        parse(br#"<R xmlns="urn:r" xmlns:e="urn:e"><e:Ext>1</e:Ext><Ext>2</Ext></R>"#).unwrap();
    let unknown = own.members(None).unknown_fields(&[("Ext", Some("urn:e"))]);
    assert_eq!(serde_json::to_string(&unknown).unwrap(), r#"{"Ext":"2"}"#);
}

#[test]
fn what_xml_cannot_carry_is_refused_with_its_path() {
    let mut fields = BTreeMap::new();
    fields.insert("$type".to_owned(), serde_json::json!("X"));
    let mut element = XmlElement::new("R", None, None);
    let err = element.unknown_fields(&fields).unwrap_err();
    assert!(
        err.to_string().contains("`$type` cannot be written as XML"),
        "{err}"
    );

    let line = Line {
        number: 1,
        text: Some("bell \u{7}".to_owned()),
        note: Nullable::Absent,
        code: None,
    };
    let doc = Doc {
        lines: vec![line],
        tags: Vec::new(),
    };
    let err = to_xml(&doc, &XmlName::new("Doc")).unwrap_err();
    assert_eq!(err.path(), "/Doc/Lines/Line/Text");
    assert!(err.message().contains("U+0007"), "{err}");

    for text in ["<a>&#1;</a>", "<a>\u{1}</a>", "<a b=\"&#2;\"/>"] {
        let err = parse(text.as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("is not allowed in XML"),
            "{text}: {err}"
        );
    }
}

#[test]
fn a_single_nil_element_is_a_null_list() {
    struct Tags(Nullable<Vec<String>>);
    impl XmlValue for Tags {
        fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
            element.field(&XmlField::element("tag"), &self.0)
        }
        fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
            node.members(None)
                .field(&XmlField::element("tag"))
                .map(Tags)
        }
    }
    let root = XmlName::new("T");
    for value in [
        Nullable::Null,
        Nullable::Absent,
        Nullable::Value(vec!["a".to_owned()]),
    ] {
        let text = to_xml(&Tags(value.clone()), &root).unwrap();
        assert_eq!(
            from_xml::<Tags>(text.as_bytes(), &root).unwrap().0,
            value,
            "{text}"
        );
    }
}

#[test]
fn dates_are_read_strictly() {
    for good in ["2026-01-21", "2026-01-21Z", "2026-01-21+01:00"] {
        assert!(
            NaiveDate::read_xml(&XmlNode::text_only("v", good)).is_ok(),
            "{good}"
        );
    }
    for bad in [
        "2026-01-21garbage",
        "2026-1-2",
        "2026-01-21T10:00:00",
        "21.01.2026",
    ] {
        assert!(
            NaiveDate::read_xml(&XmlNode::text_only("v", bad)).is_err(),
            "{bad}"
        );
    }
    let utc = YmdDateTime::read_xml(&XmlNode::text_only("v", "2026-01-21T21:50:35Z")).unwrap();
    let mut element = XmlElement::new("v", None, None);
    utc.write_xml(&mut element).unwrap();
    assert_eq!(element.text.as_deref(), Some("2026-01-21T21:50:35Z"));
}

#[test]
fn prefixes_are_declared_once_on_the_root() {
    struct P(String);
    impl XmlValue for P {
        fn write_xml(&self, element: &mut XmlElement) -> Result<(), XmlError> {
            element.field(
                &XmlField::element("Id").namespace("urn:ids").prefix("id"),
                &self.0,
            )
        }
        fn read_xml(node: &XmlNode) -> Result<Self, XmlError> {
            node.members(None)
                .field(&XmlField::element("Id").namespace("urn:ids").prefix("id"))
                .map(P)
        }
    }
    let root = XmlName::new("P");
    let text = to_xml(&P("7".to_owned()), &root).unwrap();
    assert_eq!(
        text,
        r#"<P xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:id="urn:ids"><id:Id>7</id:Id></P>"#
    );
    assert_eq!(from_xml::<P>(text.as_bytes(), &root).unwrap().0, "7");
}
