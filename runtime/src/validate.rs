//! Checking request values against the constraints of their spec before they are sent.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

/// One broken constraint, with the wire path of the value that broke it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Wire names from the validated value down, e.g. `OrderLines[0].OrderLineArticle.Description`;
    /// empty when the validated value itself is at fault.
    pub path: String,
    /// What is wrong, e.g. `is 57 characters long; at most 56 are allowed`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every constraint a value breaks, in field order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// From violations found outside a [`Validator`] walk (for example in request parameters).
    pub(crate) fn from_violations(violations: Vec<Violation>) -> Self {
        ValidationError { violations }
    }

    /// The violations, to add others to them.
    pub(crate) fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// The error of a request built from a value read earlier (`TryFrom<&Current>`, generated
    /// for a read-modify-write): each property the request requires, listed with `true` when
    /// `from` (the name of the type read) has no value for it.
    pub fn missing(from: &str, properties: &[(&'static str, bool)]) -> Self {
        let violations = properties
            .iter()
            .filter(|(_, missing)| *missing)
            .map(|(name, _)| Violation {
                path: (*name).to_owned(),
                message: format!("has no value in the {from} read; the request requires one"),
            })
            .collect();
        ValidationError { violations }
    }

    /// The violations, in field order; never empty.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} invalid value(s): ", self.violations.len())?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Checks written out by a generated method (for its parameters, or for a body that is not a
/// generated type), run as a `Validate` impl.
pub(crate) struct Checks<F>(pub(crate) F);

impl<F: Fn(&mut Validator)> Validate for Checks<F> {
    fn check(&self, validator: &mut Validator) {
        (self.0)(validator)
    }
}

/// A type whose values can be checked against the constraints of its spec.
pub trait Validate {
    /// Adds every violation of `self` to `validator`, at the validator's current path.
    fn check(&self, validator: &mut Validator);

    /// Checks the whole value and returns every violation found, or `Ok(())`.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut validator = Validator::default();
        self.check(&mut validator);
        validator.finish()
    }
}

/// A boxed value checks as the value does.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn check(&self, validator: &mut Validator) {
        (**self).check(validator)
    }
}

/// An absent value has nothing to check.
impl<T: Validate> Validate for Option<T> {
    fn check(&self, validator: &mut Validator) {
        if let Some(value) = self {
            value.check(validator);
        }
    }
}

/// Only a value is checked; `null` and an absent field have nothing to check.
impl<T: Validate> Validate for crate::Nullable<T> {
    fn check(&self, validator: &mut Validator) {
        if let crate::Nullable::Value(value) = self {
            value.check(validator);
        }
    }
}

/// Each item is checked at its index.
impl<T: Validate> Validate for Vec<T> {
    fn check(&self, validator: &mut Validator) {
        for (index, item) in self.iter().enumerate() {
            validator.enter_index(index);
            item.check(validator);
            validator.leave();
        }
    }
}

/// Each value is checked at its key.
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn check(&self, validator: &mut Validator) {
        for (key, item) in self {
            validator.enter_key(key);
            item.check(validator);
            validator.leave();
        }
    }
}

/// An enum that keeps values its spec does not list, so that reading never fails on them.
pub trait OpenEnum {
    /// `true` when the value is one of the values listed in the spec.
    fn is_known(&self) -> bool;
}

#[derive(Debug, Clone, Copy)]
enum Segment {
    Field(&'static str),
    Index(usize),
    Key(usize),
}

/// Collects violations while walking a value; generated `Validate` impls drive it.
#[derive(Debug, Default)]
pub struct Validator {
    path: Vec<Segment>,
    keys: Vec<String>,
    violations: Vec<Violation>,
}

impl Validator {
    /// Descends into the field `name` (a wire name); undone by [`Validator::leave`].
    pub fn enter_field(&mut self, name: &'static str) {
        self.path.push(Segment::Field(name));
    }

    /// Descends into the array item `index`; undone by [`Validator::leave`].
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(Segment::Index(index));
    }

    /// Descends into the map entry `key`; undone by [`Validator::leave`].
    pub fn enter_key(&mut self, key: &str) {
        self.keys.push(key.to_owned());
        self.path.push(Segment::Key(self.keys.len() - 1));
    }

    /// Checks `value`, the field `name` (a wire name) of the value being checked: one line of
    /// a generated `Validate` impl for a field whose only checks are its type's own.
    pub fn field<T: Validate + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.enter_field(name);
        value.check(self);
        self.leave();
    }

    /// Goes back up one level of the path.
    pub fn leave(&mut self) {
        if let Some(Segment::Key(_)) = self.path.pop() {
            self.keys.pop();
        }
    }

    /// Records a violation at the current path.
    pub fn report(&mut self, message: impl Into<String>) {
        let path = self.render_path();
        self.violations.push(Violation {
            path,
            message: message.into(),
        });
    }

    /// `minLength`, counted in characters as JSON Schema does.
    pub fn min_length(&mut self, value: &str, min: usize) {
        let length = value.chars().count();
        if length < min {
            self.report(format!(
                "is {length} characters long; at least {min} are required"
            ));
        }
    }

    /// `maxLength`, counted in characters as JSON Schema does.
    pub fn max_length(&mut self, value: &str, max: usize) {
        let length = value.chars().count();
        if length > max {
            self.report(format!(
                "is {length} characters long; at most {max} are allowed"
            ));
        }
    }

    /// `pattern`, an ECMA-style regular expression matched anywhere in the value.
    pub fn pattern(&mut self, value: &str, pattern: &'static str) {
        match compiled(pattern) {
            Ok(regex) if regex.is_match(value) => {}
            Ok(_) => self.report(format!("does not match the pattern {pattern:?}")),
            Err(err) => self.report(format!("cannot be checked: pattern {pattern:?}: {err}")),
        }
    }

    /// `minItems`.
    pub fn min_items<T>(&mut self, items: &[T], min: usize) {
        if items.len() < min {
            self.report(format!(
                "has {} item(s); at least {min} are required",
                items.len()
            ));
        }
    }

    /// `maxItems`.
    pub fn max_items<T>(&mut self, items: &[T], max: usize) {
        if items.len() > max {
            self.report(format!(
                "has {} item(s); at most {max} are allowed",
                items.len()
            ));
        }
    }

    /// `minimum`, or `exclusiveMinimum` when `exclusive`.
    pub fn minimum<T: PartialOrd + fmt::Display>(&mut self, value: &T, min: T, exclusive: bool) {
        if exclusive && *value <= min {
            self.report(format!("is {value}; it must be greater than {min}"));
        } else if *value < min {
            self.report(format!("is {value}; it must be at least {min}"));
        }
    }

    /// `maximum`, or `exclusiveMaximum` when `exclusive`.
    pub fn maximum<T: PartialOrd + fmt::Display>(&mut self, value: &T, max: T, exclusive: bool) {
        if exclusive && *value >= max {
            self.report(format!("is {value}; it must be less than {max}"));
        } else if *value > max {
            self.report(format!("is {value}; it must be at most {max}"));
        }
    }

    /// `enum`: the value must be one the spec lists.
    pub fn known<E: OpenEnum + fmt::Display>(&mut self, value: &E) {
        if !value.is_known() {
            self.report(format!(
                "{:?} is not one of the documented values",
                value.to_string()
            ));
        }
    }

    /// Ends the walk: `Ok(())` when nothing was reported.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }

    fn render_path(&self) -> String {
        let mut path = String::new();
        for segment in &self.path {
            match segment {
                Segment::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
                Segment::Key(key) => path.push_str(&format!("[{:?}]", self.keys[*key])),
            }
        }
        path
    }
}

/// Patterns are compiled once per process: a spec has few, and requests are many.
fn compiled(pattern: &'static str) -> Result<Regex, regex::Error> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(regex) = cache.get(pattern) {
        return Ok(regex.clone());
    }
    let regex = Regex::new(pattern)?;
    cache.insert(pattern, regex.clone());
    Ok(regex)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Line {
        description: String,
        quantity: i64,
    }

    struct Order {
        lines: Vec<Line>,
    }

    impl Validate for Line {
        fn check(&self, v: &mut Validator) {
            v.enter_field("Description");
            v.max_length(&self.description, 5);
            v.leave();
            v.enter_field("Quantity");
            v.minimum(&self.quantity, 1, false);
            v.leave();
        }
    }

    impl Validate for Order {
        fn check(&self, v: &mut Validator) {
            v.enter_field("OrderLines");
            v.min_items(&self.lines, 1);
            for (i, line) in self.lines.iter().enumerate() {
                v.enter_index(i);
                line.check(v);
                v.leave();
            }
            v.leave();
        }
    }

    #[test]
    fn every_violation_is_reported_with_its_wire_path() {
        let order = Order {
            lines: vec![
                Line {
                    description: "ok".into(),
                    quantity: 1,
                },
                Line {
                    description: "Däckdata".into(),
                    quantity: 0,
                },
            ],
        };
        let err = order.validate().unwrap_err();
        let found: Vec<String> = err.violations().iter().map(|v| v.to_string()).collect();
        assert_eq!(
            found,
            [
                "OrderLines[1].Description: is 8 characters long; at most 5 are allowed",
                "OrderLines[1].Quantity: is 0; it must be at least 1",
            ]
        );
        assert!(err.to_string().starts_with("2 invalid value(s): "));
        assert_eq!(
            Order { lines: vec![] }.validate().unwrap_err().violations()[0].to_string(),
            "OrderLines: has 0 item(s); at least 1 are required"
        );
    }

    #[test]
    fn fields_walk_options_arrays_maps_and_boxes() {
        let bad = || Line {
            description: "too long".into(),
            quantity: 1,
        };
        let mut v = Validator::default();
        v.field("None", &None::<Line>);
        v.field("Some", &Some(bad()));
        v.field("Null", &crate::Nullable::<Line>::Null);
        v.field("Value", &crate::Nullable::Value(Box::new(bad())));
        v.field(
            "Items",
            &Some(vec![
                Line {
                    description: "ok".into(),
                    quantity: 1,
                },
                bad(),
            ]),
        );
        v.field(
            "Map",
            &std::collections::BTreeMap::from([("a b".to_owned(), vec![bad()])]),
        );
        let found: Vec<String> = v
            .finish()
            .unwrap_err()
            .violations()
            .iter()
            .map(|v| v.path.clone())
            .collect();
        assert_eq!(
            found,
            [
                "Some.Description",
                "Value.Description",
                "Items[1].Description",
                "Map[\"a b\"][0].Description",
            ]
        );
    }

    #[derive(Debug)]
    enum Color {
        Red,
        Unknown(String),
    }

    impl OpenEnum for Color {
        fn is_known(&self) -> bool {
            matches!(self, Color::Red)
        }
    }

    impl fmt::Display for Color {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Color::Red => f.write_str("red"),
                Color::Unknown(value) => f.write_str(value),
            }
        }
    }

    crate::known_values!(Color);

    #[test]
    fn open_enums_refuse_values_their_spec_does_not_list() {
        assert!(Color::Red.validate().is_ok());
        let error = Color::Unknown("teal".into()).validate().unwrap_err();
        assert_eq!(error.violations().len(), 1);
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut v = Validator::default();
        v.max_length("Ölwechsel", 9);
        v.min_length("", 1);
        let err = v.finish().unwrap_err();
        assert_eq!(err.violations().len(), 1);
        assert_eq!(err.violations()[0].path, "");
    }

    #[test]
    fn patterns_bounds_and_keys() {
        let mut v = Validator::default();
        v.enter_field("Plate");
        v.pattern("AB 123", "^[A-Z]+$");
        v.leave();
        v.enter_field("Broken");
        v.pattern("x", "(");
        v.leave();
        v.enter_field("Rate");
        v.maximum(&1.5, 1.5, true);
        v.leave();
        v.enter_field("Tags");
        v.enter_key("a b");
        v.max_items(&[1, 2], 1);
        v.leave();
        v.leave();
        v.enter_field("After");
        v.report("keys are popped with their segment");
        v.leave();
        let found: Vec<String> = v
            .finish()
            .unwrap_err()
            .violations()
            .iter()
            .map(|v| v.to_string())
            .collect();
        assert_eq!(found[0], "Plate: does not match the pattern \"^[A-Z]+$\"");
        assert!(
            found[1].starts_with("Broken: cannot be checked"),
            "{}",
            found[1]
        );
        assert_eq!(found[2], "Rate: is 1.5; it must be less than 1.5");
        assert_eq!(
            found[3],
            "Tags[\"a b\"]: has 2 item(s); at most 1 are allowed"
        );
    }
}
