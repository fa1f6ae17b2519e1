//! Inputs: how they are declared (once, as `const`s), and how the values a call receives are validated
//! against those declarations before anything talks to Okta.
//!
//! Validation happens in one place, [`Inputs::parse`], so every action gets the same checks and every error
//! names the input. Actions then read values through typed getters that cannot fail on type grounds.
//!
//! A declaration also says where the value goes when it is sent as is: into the query string (`.query()`,
//! `.query_as(…)`) or into the JSON body (`.body_at(…)`). [`Inputs::query`] and [`Inputs::body`] collect them, so
//! an action names each parameter once, on its input.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// How an input's text value is interpreted (mirrors the WIT `input-type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputType {
    String,
    Text,
    Password,
    Boolean,
    Integer,
    StringList,
    KeyValueList,
    Json,
    Picklist,
}

/// One input's declaration: what the manifest shows and what validation enforces.
#[derive(Clone, Copy, Debug)]
pub struct Input {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: InputType,
    pub required: bool,
    pub default: Option<&'static str>,
    pub example: Option<&'static str>,
    pub comments: &'static str,
    pub allowed: &'static [&'static str],
    pub data_source: Option<&'static str>,
    /// The query parameter this input's value is sent as, if it is sent as one.
    pub query: Option<&'static str>,
    /// Where this input's value goes in the JSON body: a dotted path such as `profile.name`.
    pub body: Option<&'static str>,
    /// The smallest and largest whole number an `Integer` input takes.
    pub range: (Option<i64>, Option<i64>),
}

impl Input {
    /// A new optional input; refine it with the `const` builders below.
    pub const fn new(key: &'static str, label: &'static str, kind: InputType) -> Input {
        Input {
            key,
            label,
            kind,
            required: false,
            default: None,
            example: None,
            comments: "",
            allowed: &[],
            data_source: None,
            query: None,
            body: None,
            range: (None, None),
        }
    }
    pub const fn string(key: &'static str, label: &'static str) -> Input {
        Input::new(key, label, InputType::String)
    }
    pub const fn boolean(key: &'static str, label: &'static str) -> Input {
        Input::new(key, label, InputType::Boolean)
    }
    pub const fn required(mut self) -> Input {
        self.required = true;
        self
    }
    pub const fn default(mut self, value: &'static str) -> Input {
        self.default = Some(value);
        self
    }
    pub const fn example(mut self, value: &'static str) -> Input {
        self.example = Some(value);
        self
    }
    pub const fn comments(mut self, text: &'static str) -> Input {
        self.comments = text;
        self
    }
    pub const fn allowed(mut self, values: &'static [&'static str]) -> Input {
        self.kind = InputType::Picklist;
        self.allowed = values;
        self
    }
    pub const fn data_source(mut self, key: &'static str) -> Input {
        self.data_source = Some(key);
        self
    }
    /// Sends the value as the query parameter named like the input.
    pub const fn query(self) -> Input {
        self.query_as(self.key)
    }
    /// Sends the value as the query parameter `name`.
    pub const fn query_as(mut self, name: &'static str) -> Input {
        self.query = Some(name);
        self
    }
    /// Puts the value into the JSON body at `path` (dotted: `profile.name`).
    pub const fn body_at(mut self, path: &'static str) -> Input {
        self.body = Some(path);
        self
    }
    /// Whole numbers from `min` on.
    pub const fn at_least(mut self, min: i64) -> Input {
        self.range.0 = Some(min);
        self
    }
    /// Whole numbers up to `max`.
    pub const fn at_most(mut self, max: i64) -> Input {
        self.range.1 = Some(max);
        self
    }
}

/// A call's input values, validated against the action's declarations.
#[derive(Debug)]
pub struct Inputs {
    values: BTreeMap<&'static str, Value>,
    /// (query parameter, input key) of the declared inputs sent in the query, in declaration order.
    query: Vec<(&'static str, &'static str)>,
    /// (body path, input key) of the declared inputs sent in the body.
    body: Vec<(&'static str, &'static str)>,
}

impl Inputs {
    /// Checks `raw` against `declared`: unknown keys, missing required values and values of the wrong type
    /// are errors that name the input. An empty text counts as "not given" (platforms send `""` for a
    /// cleared field). Defaults are applied here, so getters see them.
    pub fn parse(declared: &[Input], raw: &[(String, String)]) -> Result<Inputs> {
        let mut given: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, value) in raw {
            if !declared.iter().any(|d| d.key == key) {
                let known: Vec<&str> = declared.iter().map(|d| d.key).collect();
                return Err(Error::invalid(
                    key,
                    format!("one of this action's inputs ({})", known.join(", ")),
                ));
            }
            if given.insert(key.as_str(), value.as_str()).is_some() {
                return Err(Error::invalid(key, "a single value (it was given twice)"));
            }
        }
        let mut values = BTreeMap::new();
        for input in declared {
            let text = given
                .get(input.key)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .or(input.default);
            match text {
                Some(text) => {
                    values.insert(input.key, parse_value(input, text)?);
                }
                None if input.required => {
                    return Err(Error::invalid(input.key, required_text(input)));
                }
                None => {}
            }
        }
        Ok(Inputs {
            values,
            query: declared
                .iter()
                .filter_map(|d| Some((d.query?, d.key)))
                .collect(),
            body: declared
                .iter()
                .filter_map(|d| Some((d.body?, d.key)))
                .collect(),
        })
    }

    /// (parameter, value) of the inputs declared with `.query()` that have a value, in declaration order: text
    /// as is, booleans and numbers in their JSON form.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&'static str, String)> + '_ {
        self.query
            .iter()
            .filter_map(|(name, key)| Some((*name, value_text(self.values.get(key)?))))
    }

    /// The JSON body made of the inputs declared with `.body_at(…)` that have a value: `profile.name` becomes
    /// `{"profile": {"name": …}}`. Empty when none has a value.
    pub fn body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        for (path, key) in &self.body {
            if let Some(value) = self.values.get(key) {
                insert_at(&mut body, path, value.clone());
            }
        }
        body
    }

    /// Whether a value was given (or defaulted).
    pub fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    /// A text value; `None` when absent.
    pub fn opt_str(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }

    /// A required text value. Declarations make it present; the error covers a declaration mistake.
    pub fn str(&self, key: &str) -> Result<&str> {
        self.opt_str(key)
            .ok_or_else(|| Error::invalid(key, "a value (required)"))
    }

    pub fn opt_bool(&self, key: &str) -> Option<bool> {
        self.values.get(key).and_then(Value::as_bool)
    }

    pub fn bool(&self, key: &str) -> Result<bool> {
        self.opt_bool(key)
            .ok_or_else(|| Error::invalid(key, "true or false (required)"))
    }

    pub fn opt_int(&self, key: &str) -> Option<i64> {
        self.values.get(key).and_then(Value::as_i64)
    }

    /// A string list, JSON object or JSON value, as parsed.
    pub fn json(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// A key-value list as ordered pairs (values are text; JSON scalars keep their JSON text).
    pub fn key_values(&self, key: &str) -> Vec<(String, Value)> {
        match self.values.get(key) {
            Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        }
    }
}

/// Sets `path` (dotted) in `object`, making the objects on the way.
fn insert_at(object: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            object.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let inner = object
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !inner.is_object() {
                *inner = Value::Object(Map::new());
            }
            if let Value::Object(inner) = inner {
                insert_at(inner, rest, value);
            }
        }
    }
}

/// The text form of a JSON value in a query string or a message.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn required_text(input: &Input) -> String {
    format!("a value for \"{}\" (required)", input.label)
}

fn parse_value(input: &Input, text: &str) -> Result<Value> {
    let invalid = |expected: &str| Error::invalid(input.key, expected.to_string());
    match input.kind {
        InputType::String | InputType::Text | InputType::Password => {
            // Secrets may span lines (a PEM private key); plain strings may not.
            if input.kind == InputType::String && text.contains(['\n', '\r']) {
                return Err(invalid("a single line of text"));
            }
            Ok(Value::String(text.to_string()))
        }
        InputType::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(invalid("true or false")),
        },
        InputType::Integer => {
            let number = text.parse::<i64>().ok();
            match (input.range, number) {
                ((Some(min), Some(max)), Some(n)) if n < min || n > max => {
                    Err(invalid(&format!("a whole number from {min} to {max}")))
                }
                ((Some(min), _), Some(n)) if n < min => {
                    Err(invalid(&format!("a whole number of at least {min}")))
                }
                ((_, Some(max)), Some(n)) if n > max => {
                    Err(invalid(&format!("a whole number of at most {max}")))
                }
                (_, Some(n)) => Ok(Value::from(n)),
                (_, None) => Err(invalid("a whole number")),
            }
        }
        InputType::Picklist => match input.allowed.iter().find(|a| a.eq_ignore_ascii_case(text)) {
            Some(value) => Ok(Value::String(value.to_string())),
            None => Err(invalid(&format!("one of: {}", input.allowed.join(", ")))),
        },
        InputType::StringList => parse_string_list(text)
            .ok_or_else(|| invalid("a JSON list of strings, such as [\"a\",\"b\"]")),
        InputType::KeyValueList => parse_key_values(text).ok_or_else(|| {
            invalid("a JSON list of {\"key\":…,\"value\":…} pairs, or a JSON object")
        }),
        InputType::Json => {
            serde_json::from_str(text).map_err(|e| invalid(&format!("valid JSON ({e})")))
        }
    }
}

/// A JSON list of strings; a JSON string alone counts as a one-item list.
fn parse_string_list(text: &str) -> Option<Value> {
    match serde_json::from_str::<Value>(text).ok()? {
        Value::Array(items) if items.iter().all(Value::is_string) => Some(Value::Array(items)),
        Value::String(one) => Some(Value::Array(vec![Value::String(one)])),
        _ => None,
    }
}

/// `[{"key":k,"value":v}, …]` or `{k: v, …}`, normalised to a JSON object (later keys win). Values may be any
/// JSON, so custom profile attributes keep their types (numbers, booleans, arrays).
fn parse_key_values(text: &str) -> Option<Value> {
    let mut out = Map::new();
    match serde_json::from_str::<Value>(text).ok()? {
        Value::Object(map) => out = map,
        Value::Array(items) => {
            for item in items {
                let key = item.get("key")?.as_str()?.trim();
                if key.is_empty() {
                    return None;
                }
                out.insert(
                    key.to_string(),
                    item.get("value").cloned().unwrap_or(Value::Null),
                );
            }
        }
        _ => return None,
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECLARED: &[Input] = &[
        Input::string("id", "ID").required(),
        Input::boolean("sendEmail", "Send Email").default("true"),
        Input::new("limit", "Limit", InputType::Integer),
        Input::new("groupIds", "Group IDs", InputType::StringList),
        Input::new("extra", "Extra", InputType::KeyValueList),
        Input::string("sortOrder", "Sort Order")
            .allowed(&["asc", "desc"])
            .query(),
        Input::new("pageSize", "Page Size", InputType::Integer)
            .at_least(1)
            .at_most(200)
            .query_as("limit"),
        Input::string("name", "Name").body_at("profile.name"),
        Input::string("note", "Note").body_at("profile.note"),
    ];

    fn raw(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn applies_defaults_and_types() {
        let inputs = Inputs::parse(
            DECLARED,
            &raw(&[("id", "00u1"), ("limit", "5"), ("groupIds", r#"["a","b"]"#)]),
        )
        .unwrap();
        assert_eq!(inputs.str("id").unwrap(), "00u1");
        assert_eq!(inputs.opt_bool("sendEmail"), Some(true));
        assert_eq!(inputs.opt_int("limit"), Some(5));
        assert_eq!(
            inputs.json("groupIds").unwrap().as_array().unwrap().len(),
            2
        );
    }

    #[test]
    fn every_error_names_the_input() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[], "id"),
            (&[("id", "x"), ("sendEmail", "yes")], "sendEmail"),
            (&[("id", "x"), ("limit", "ten")], "limit"),
            (&[("id", "x"), ("groupIds", "{")], "groupIds"),
            (&[("id", "x"), ("extra", "[1]")], "extra"),
            (&[("id", "x"), ("sortOrder", "up")], "sortOrder"),
            (&[("id", "x"), ("pageSize", "0")], "pageSize"),
            (&[("id", "x"), ("pageSize", "201")], "pageSize"),
            (&[("id", "x"), ("bogus", "1")], "bogus"),
            (&[("id", "a\nb")], "id"),
        ];
        for (pairs, input) in cases {
            match Inputs::parse(DECLARED, &raw(pairs)) {
                Err(Error::InvalidInput { input: named, .. }) => assert_eq!(named, *input),
                other => panic!("{pairs:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn key_values_accept_pairs_and_objects() {
        let a = Inputs::parse(
            DECLARED,
            &raw(&[("id", "x"), ("extra", r#"[{"key":"k","value":"v"}]"#)]),
        )
        .unwrap();
        let b = Inputs::parse(DECLARED, &raw(&[("id", "x"), ("extra", r#"{"k":"v"}"#)])).unwrap();
        assert_eq!(a.key_values("extra"), b.key_values("extra"));
        assert_eq!(
            a.key_values("extra"),
            vec![("k".to_string(), Value::from("v"))]
        );
    }

    #[test]
    fn empty_text_is_absent_and_picklists_normalise_case() {
        let inputs = Inputs::parse(
            DECLARED,
            &raw(&[("id", "x"), ("limit", ""), ("sortOrder", "DESC")]),
        )
        .unwrap();
        assert!(!inputs.has("limit"));
        assert_eq!(inputs.opt_str("sortOrder"), Some("desc"));
    }

    #[test]
    fn declared_inputs_make_the_query_and_the_body() {
        let inputs = Inputs::parse(
            DECLARED,
            &raw(&[
                ("id", "x"),
                ("sortOrder", "desc"),
                ("pageSize", "200"),
                ("name", "Ann"),
                ("note", "n"),
            ]),
        )
        .unwrap();
        assert_eq!(
            inputs.query_pairs().collect::<Vec<_>>(),
            [
                ("sortOrder", "desc".to_string()),
                ("limit", "200".to_string())
            ]
        );
        assert_eq!(
            Value::Object(inputs.body()),
            serde_json::json!({"profile": {"name": "Ann", "note": "n"}})
        );
        let bare = Inputs::parse(DECLARED, &raw(&[("id", "x")])).unwrap();
        assert_eq!(bare.query_pairs().count(), 0);
        assert!(bare.body().is_empty());
    }
}
