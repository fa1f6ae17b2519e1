//! The one parser of Okta's SCIM-style expressions (`filter=…`, `search=…`), for every resource:
//! users, groups, apps, realms and the System Log. Each resource (and, for users, each of `filter`
//! and `search`) describes what it accepts in a [`Grammar`]: which attributes exist, how they
//! compare, which operator each allows and whether text compares with or without case.
//!
//! ```text
//! expr   := term ("or" term)*                 `and` binds tighter than `or`; keywords in any case
//! term   := factor ("and" factor)*
//! factor := "(" expr ")" | attribute "pr" | attribute op value
//! op     := eq | ne | co | sw | ew | gt | ge | lt | le
//! value  := "double-quoted" (\" and \\ escapes) | true | false | number
//! ```
//!
//! A multi-valued attribute (a log event's `target.id`, a user's array profile attribute) matches
//! when any of its values does. A missing attribute matches nothing, not even `ne`. Errors say what
//! is wrong; each resource turns them into its own Okta error (E0000031 for users, groups and apps,
//! E0000053 for the System Log).

use std::fmt;

use serde_json::Value;

use super::lexer::{Token, tokenize};
use super::time::Timestamp;

/// Deeper nesting is refused rather than risking the stack on hostile input.
pub(crate) const MAX_DEPTH: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    fn parse(word: &str) -> Option<Op> {
        Some(match word {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "co" => Op::Co,
            "sw" => Op::Sw,
            "ew" => Op::Ew,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            _ => return None,
        })
    }
}

/// How an attribute's values compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Strings, numbers or booleans as JSON has them.
    Value,
    /// Instants: the operand must be an ISO-8601 date.
    Time,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    Sensitive,
    Insensitive,
}

/// What one resource accepts in an expression.
pub(crate) struct Grammar {
    /// The attribute's kind, or `None` for an attribute the resource does not know.
    pub(crate) kind: fn(&str) -> Option<Kind>,
    /// Whether the operator (`None` for `pr`) may be used on the attribute.
    pub(crate) allows: fn(&str, Option<Op>) -> bool,
    pub(crate) case: Case,
}

/// An attribute value as a subject exposes it.
#[derive(Clone, Debug)]
pub(crate) enum Field<'a> {
    Missing,
    Text(&'a str),
    Time(Timestamp),
    Json(&'a Value),
    /// A multi-valued attribute: it matches when any value does.
    Many(Vec<Field<'a>>),
}

/// Something an expression can test: a group, an app, a log event…
pub(crate) trait Subject {
    fn field(&self, attribute: &str) -> Field<'_>;
}

/// Why an expression was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ScimError {
    /// Not an expression: unbalanced parentheses, a missing value, a bad token…
    Syntax(String),
    UnknownOperator(String),
    /// An attribute the resource does not have.
    UnknownAttribute(String),
    /// A known attribute with an operator it does not support.
    Unsupported {
        op: String,
        attribute: String,
    },
    /// A value of the wrong shape for its attribute (a date that is not one).
    BadValue {
        attribute: String,
        value: String,
    },
}

impl fmt::Display for ScimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScimError::Syntax(message) => f.write_str(message),
            ScimError::UnknownOperator(op) => write!(f, "Unrecognized attribute operator '{op}'"),
            ScimError::UnknownAttribute(attribute) => {
                write!(f, "Unsupported attribute '{attribute}'")
            }
            ScimError::Unsupported { op, attribute } => {
                write!(f, "Operator '{op}' is not supported on '{attribute}'")
            }
            ScimError::BadValue { attribute, value } => {
                write!(f, "Invalid value for '{attribute}': {value}")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Operand {
    /// Already lower-cased when the grammar ignores case.
    Text(String),
    Number(f64),
    Bool(bool),
    Time(Timestamp),
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Present(String),
    Compare {
        attribute: String,
        op: Op,
        value: Operand,
    },
}

/// A parsed expression, ready to test subjects.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Filter {
    expr: Expr,
    case: Case,
}

impl Filter {
    pub(crate) fn parse(input: &str, grammar: &Grammar) -> Result<Filter, ScimError> {
        let mut parser = Parser {
            tokens: tokenize(input).map_err(ScimError::Syntax)?,
            position: 0,
            grammar,
        };
        let expr = parser.expression(0)?;
        if let Some(extra) = parser.tokens.get(parser.position) {
            return Err(ScimError::Syntax(format!(
                "Unexpected {} at the end of the expression",
                extra.describe()
            )));
        }
        Ok(Filter {
            expr,
            case: grammar.case,
        })
    }

    pub(crate) fn matches(&self, subject: &impl Subject) -> bool {
        self.eval(&self.expr, subject)
    }

    /// Every attribute the expression names, in order.
    pub(crate) fn attributes(&self) -> Vec<&str> {
        let mut names = Vec::new();
        collect_attributes(&self.expr, &mut names);
        names
    }

    fn eval(&self, expr: &Expr, subject: &impl Subject) -> bool {
        match expr {
            Expr::And(left, right) => self.eval(left, subject) && self.eval(right, subject),
            Expr::Or(left, right) => self.eval(left, subject) || self.eval(right, subject),
            Expr::Present(attribute) => is_present(&subject.field(attribute)),
            Expr::Compare {
                attribute,
                op,
                value,
            } => self.compare(&subject.field(attribute), *op, value),
        }
    }

    fn compare(&self, field: &Field<'_>, op: Op, operand: &Operand) -> bool {
        match (field, operand) {
            (Field::Many(values), _) => values.iter().any(|v| self.compare(v, op, operand)),
            (Field::Missing, _) => false,
            (Field::Text(text), Operand::Text(expected)) => self.text(text, op, expected),
            (Field::Time(time), Operand::Time(bound)) => ordered(time.cmp(bound), op),
            (Field::Json(value), _) => self.json(value, op, operand),
            _ => false,
        }
    }

    fn json(&self, value: &Value, op: Op, operand: &Operand) -> bool {
        match (value, operand) {
            (Value::Array(items), _) => items.iter().any(|item| self.json(item, op, operand)),
            (Value::String(text), Operand::Text(expected)) => self.text(text, op, expected),
            (Value::String(text), Operand::Time(bound)) => {
                Timestamp::parse_iso8601(text).is_some_and(|time| ordered(time.cmp(bound), op))
            }
            (Value::Number(n), Operand::Number(bound)) => n
                .as_f64()
                .and_then(|n| n.partial_cmp(bound))
                .is_some_and(|order| ordered(order, op)),
            // A quoted number against a number attribute (`profile.level eq "7"`).
            (Value::Number(n), Operand::Text(text)) => n
                .as_f64()
                .zip(text.parse::<f64>().ok())
                .and_then(|(n, bound)| n.partial_cmp(&bound))
                .is_some_and(|order| ordered(order, op)),
            (Value::Bool(b), Operand::Bool(bound)) => match op {
                Op::Eq => b == bound,
                Op::Ne => b != bound,
                _ => false,
            },
            (Value::Bool(b), Operand::Text(text)) => self.text(&b.to_string(), op, text),
            _ => false,
        }
    }

    fn text(&self, actual: &str, op: Op, expected: &str) -> bool {
        match self.case {
            Case::Sensitive => text_matches(actual, op, expected),
            Case::Insensitive => folded_matches(actual, op, expected),
        }
    }
}

fn collect_attributes<'a>(expr: &'a Expr, names: &mut Vec<&'a str>) {
    match expr {
        Expr::And(left, right) | Expr::Or(left, right) => {
            collect_attributes(left, names);
            collect_attributes(right, names);
        }
        Expr::Present(attribute) | Expr::Compare { attribute, .. } => names.push(attribute),
    }
}

fn text_matches(actual: &str, op: Op, expected: &str) -> bool {
    match op {
        Op::Eq => actual == expected,
        Op::Ne => actual != expected,
        Op::Co => actual.contains(expected),
        Op::Sw => actual.starts_with(expected),
        Op::Ew => actual.ends_with(expected),
        _ => ordered(actual.cmp(expected), op),
    }
}

/// `actual.to_lowercase()` tested against `expected` (already lower case) with `op`, without
/// lower-casing into a new string when `actual` is ASCII (the usual case, checked per user of a
/// large org on every search).
pub(crate) fn folded_matches(actual: &str, op: Op, expected: &str) -> bool {
    if !actual.is_ascii() {
        return text_matches(&actual.to_lowercase(), op, expected);
    }
    let folded = |bytes: &[u8]| -> bool {
        bytes
            .iter()
            .map(u8::to_ascii_lowercase)
            .eq(expected.bytes())
    };
    let actual = actual.as_bytes();
    let n = expected.len();
    match op {
        Op::Eq => actual.len() == n && folded(actual),
        Op::Ne => !(actual.len() == n && folded(actual)),
        Op::Sw => actual.get(..n).is_some_and(folded),
        Op::Ew => actual
            .len()
            .checked_sub(n)
            .and_then(|start| actual.get(start..))
            .is_some_and(folded),
        Op::Co => n == 0 || actual.windows(n).any(folded),
        Op::Gt | Op::Ge | Op::Lt | Op::Le => ordered(
            actual
                .iter()
                .map(u8::to_ascii_lowercase)
                .cmp(expected.bytes()),
            op,
        ),
    }
}

fn ordered(order: std::cmp::Ordering, op: Op) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        Op::Eq => order == Equal,
        Op::Ne => order != Equal,
        Op::Gt => order == Greater,
        Op::Ge => order != Less,
        Op::Lt => order == Less,
        Op::Le => order != Greater,
        Op::Co | Op::Sw | Op::Ew => false,
    }
}

fn is_present(field: &Field<'_>) -> bool {
    match field {
        Field::Missing => false,
        Field::Text(text) => !text.is_empty(),
        Field::Time(_) => true,
        Field::Json(Value::Null) => false,
        Field::Json(Value::String(text)) => !text.is_empty(),
        Field::Json(Value::Array(items)) => !items.is_empty(),
        Field::Json(_) => true,
        Field::Many(values) => values.iter().any(is_present),
    }
}

struct Parser<'g> {
    tokens: Vec<Token>,
    position: usize,
    grammar: &'g Grammar,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += 1;
        token
    }

    fn expression(&mut self, depth: usize) -> Result<Expr, ScimError> {
        let mut left = self.term(depth)?;
        while self.peek().is_some_and(|t| t.is_keyword("or")) {
            self.position += 1;
            left = Expr::Or(Box::new(left), Box::new(self.term(depth)?));
        }
        Ok(left)
    }

    fn term(&mut self, depth: usize) -> Result<Expr, ScimError> {
        let mut left = self.factor(depth)?;
        while self.peek().is_some_and(|t| t.is_keyword("and")) {
            self.position += 1;
            left = Expr::And(Box::new(left), Box::new(self.factor(depth)?));
        }
        Ok(left)
    }

    fn factor(&mut self, depth: usize) -> Result<Expr, ScimError> {
        match self.next() {
            Some(Token::Open) => {
                if depth >= MAX_DEPTH {
                    return Err(ScimError::Syntax("Too many nested parentheses".into()));
                }
                let inner = self.expression(depth + 1)?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(ScimError::Syntax("Missing ')'".into())),
                }
            }
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("not") => Err(ScimError::Syntax(
                "The 'not' operator is not supported".into(),
            )),
            Some(Token::Word(attribute)) => self.comparison(attribute),
            Some(other) => Err(ScimError::Syntax(format!(
                "Expected an attribute, found {}",
                other.describe()
            ))),
            None => Err(ScimError::Syntax("Unexpected end of expression".into())),
        }
    }

    fn comparison(&mut self, attribute: String) -> Result<Expr, ScimError> {
        let kind = (self.grammar.kind)(&attribute)
            .ok_or_else(|| ScimError::UnknownAttribute(attribute.clone()))?;
        let word = match self.next() {
            Some(Token::Word(word)) => word.to_ascii_lowercase(),
            Some(other) => {
                return Err(ScimError::Syntax(format!(
                    "Expected an operator after '{attribute}', found {}",
                    other.describe()
                )));
            }
            None => {
                return Err(ScimError::Syntax(format!(
                    "Missing operator after '{attribute}'"
                )));
            }
        };
        let op = if word == "pr" {
            None
        } else {
            Some(Op::parse(&word).ok_or(ScimError::UnknownOperator(word.clone()))?)
        };
        if !(self.grammar.allows)(&attribute, op) {
            return Err(ScimError::Unsupported {
                op: word,
                attribute,
            });
        }
        let Some(op) = op else {
            return Ok(Expr::Present(attribute));
        };
        let value = self.operand(&attribute, kind)?;
        Ok(Expr::Compare {
            attribute,
            op,
            value,
        })
    }

    fn operand(&mut self, attribute: &str, kind: Kind) -> Result<Operand, ScimError> {
        let operand = match self.next() {
            Some(Token::Quoted(text)) => Operand::Text(text),
            Some(Token::Word(word)) => bare_value(&word)?,
            Some(other) => {
                return Err(ScimError::Syntax(format!(
                    "Expected a value, found {}",
                    other.describe()
                )));
            }
            None => {
                return Err(ScimError::Syntax(format!(
                    "Missing value for '{attribute}'"
                )));
            }
        };
        Ok(match (kind, operand) {
            (Kind::Time, Operand::Text(text)) => match Timestamp::parse_iso8601(&text) {
                Some(time) => Operand::Time(time),
                None => {
                    return Err(ScimError::BadValue {
                        attribute: attribute.to_owned(),
                        value: text,
                    });
                }
            },
            (Kind::Time, other) => {
                return Err(ScimError::BadValue {
                    attribute: attribute.to_owned(),
                    value: describe_operand(&other),
                });
            }
            (Kind::Value, Operand::Text(text)) if self.grammar.case == Case::Insensitive => {
                Operand::Text(text.to_lowercase())
            }
            (Kind::Value, other) => other,
        })
    }
}

/// Unquoted values: `true` and `false` (in any case) and numbers. Anything else must be quoted.
fn bare_value(word: &str) -> Result<Operand, ScimError> {
    match word {
        _ if word.eq_ignore_ascii_case("true") => Ok(Operand::Bool(true)),
        _ if word.eq_ignore_ascii_case("false") => Ok(Operand::Bool(false)),
        _ => word
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Operand::Number)
            .ok_or_else(|| ScimError::Syntax(format!("Expected a quoted value, found '{word}'"))),
    }
}

fn describe_operand(operand: &Operand) -> String {
    match operand {
        Operand::Text(text) => text.clone(),
        Operand::Number(n) => n.to_string(),
        Operand::Bool(b) => b.to_string(),
        Operand::Time(time) => time.iso8601(),
    }
}

/// `profile.name`, `actor.id`: dot-separated names of letters, digits and `_`.
pub(crate) fn is_attribute_path(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Thing {
        name: &'static str,
        created: Timestamp,
        json: Value,
    }

    impl Subject for Thing {
        fn field(&self, attribute: &str) -> Field<'_> {
            match attribute {
                "name" => Field::Text(self.name),
                "created" => Field::Time(self.created),
                "tags" => Field::Many(vec![Field::Text("red"), Field::Text("blue")]),
                _ => attribute
                    .strip_prefix("json.")
                    .and_then(|key| self.json.get(key))
                    .map_or(Field::Missing, Field::Json),
            }
        }
    }

    fn kind(attribute: &str) -> Option<Kind> {
        match attribute {
            "created" => Some(Kind::Time),
            "name" | "tags" => Some(Kind::Value),
            _ if attribute.starts_with("json.") => Some(Kind::Value),
            _ => None,
        }
    }

    fn allows(attribute: &str, op: Option<Op>) -> bool {
        !(attribute == "name" && op == Some(Op::Co))
    }

    const INSENSITIVE: Grammar = Grammar {
        kind,
        allows,
        case: Case::Insensitive,
    };
    const SENSITIVE: Grammar = Grammar {
        kind,
        allows,
        case: Case::Sensitive,
    };

    fn thing() -> Thing {
        Thing {
            name: "Engineering",
            created: Timestamp::from_millis(1_600_000_000_000),
            json: json!({"n": 5, "flag": true, "list": ["a", "B"], "empty": ""}),
        }
    }

    fn matches(expression: &str, grammar: &Grammar) -> bool {
        Filter::parse(expression, grammar)
            .unwrap_or_else(|e| panic!("{expression}: {e}"))
            .matches(&thing())
    }

    #[test]
    fn operators_compare_text_numbers_booleans_and_dates() {
        for yes in [
            r#"name eq "engineering""#,
            r#"name sw "ENG""#,
            r#"name ew "ring""#,
            r#"name ne "sales""#,
            r#"name gt "a""#,
            "json.n ge 5 and json.n lt 6",
            "json.flag eq true",
            r#"created gt "2020-01-01" and created le "2020-09-13T12:26:40.000Z""#,
            r#"tags eq "BLUE""#,
            r#"json.list eq "b""#,
            "json.n pr and name pr",
        ] {
            assert!(matches(yes, &INSENSITIVE), "{yes}");
        }
        for no in [
            r#"name eq "Sales""#,
            "json.empty pr",
            "json.missing pr",
            r#"json.missing ne "x""#,
            r#"created lt "2019-01-01""#,
            "json.flag eq false",
        ] {
            assert!(!matches(no, &INSENSITIVE), "{no}");
        }
        assert!(!matches(r#"name eq "engineering""#, &SENSITIVE));
        assert!(matches(r#"name eq "Engineering""#, &SENSITIVE));
    }

    #[test]
    fn precedence_and_parentheses() {
        assert!(matches(
            r#"name eq "x" or name sw "E" and json.n eq 5"#,
            &INSENSITIVE
        ));
        assert!(!matches(
            r#"(name eq "x" or name sw "E") and json.n eq 6"#,
            &INSENSITIVE
        ));
        assert!(matches(
            r#"name EQ "engineering" AND json.n pr"#,
            &INSENSITIVE
        ));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let error = |text: &str| Filter::parse(text, &INSENSITIVE).unwrap_err();
        assert_eq!(
            error(r#"name co "x""#),
            ScimError::Unsupported {
                op: "co".into(),
                attribute: "name".into()
            }
        );
        assert_eq!(
            error(r#"owner eq "x""#),
            ScimError::UnknownAttribute("owner".into())
        );
        assert_eq!(
            error(r#"name eqq "x""#),
            ScimError::UnknownOperator("eqq".into())
        );
        assert!(matches!(
            error(r#"created gt "yesterday""#),
            ScimError::BadValue { .. }
        ));
        for bad in [
            "",
            "name",
            "name eq",
            r#"name eq "x"#,
            "name eq x",
            r#"not name eq "x""#,
            r#"(name eq "x""#,
            r#"name eq "x")"#,
            r#"name eq "x" and"#,
        ] {
            assert!(
                matches!(
                    error(bad),
                    ScimError::Syntax(_) | ScimError::UnknownAttribute(_)
                ),
                "{bad}"
            );
        }
        let deep = format!("{}name pr{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(Filter::parse(&deep, &INSENSITIVE).is_err());
    }

    #[test]
    fn escapes_inside_strings() {
        let filter = Filter::parse(r#"json.nickName eq "say \"hi\" \\o/""#, &INSENSITIVE).unwrap();
        assert_eq!(
            filter.expr,
            Expr::Compare {
                attribute: "json.nickName".into(),
                op: Op::Eq,
                value: Operand::Text("say \"hi\" \\o/".into())
            }
        );
    }

    #[test]
    fn folded_matching_is_lower_casing_then_comparing() {
        let texts = [
            "",
            "Smith",
            "SMITHSON",
            "smi",
            "Ünïcode",
            "ÉCOLE",
            "İstanbul",
            "a\u{0}b",
            "zz",
        ];
        let expected = [
            "", "smith", "smi", "mit", "ünï", "école", "i̇st", "\u{0}", "é", "zzz", "son",
        ];
        for actual in texts {
            for bound in expected {
                for op in [
                    Op::Eq,
                    Op::Ne,
                    Op::Sw,
                    Op::Ew,
                    Op::Co,
                    Op::Gt,
                    Op::Ge,
                    Op::Lt,
                    Op::Le,
                ] {
                    assert_eq!(
                        folded_matches(actual, op, bound),
                        text_matches(&actual.to_lowercase(), op, bound),
                        "{actual:?} {op:?} {bound:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn attribute_paths_and_names() {
        assert!(is_attribute_path("profile.name"));
        assert!(is_attribute_path("debugContext.debugData.requestUri"));
        for bad in ["", ".x", "x.", "a..b", "a-b", "é"] {
            assert!(!is_attribute_path(bad), "{bad}");
        }
        let filter =
            Filter::parse(r#"name pr and (json.n eq 1 or tags eq "x")"#, &INSENSITIVE).unwrap();
        assert_eq!(filter.attributes(), ["name", "json.n", "tags"]);
    }
}
