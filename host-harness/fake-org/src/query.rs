//! The SCIM-like expressions of `GET /api/v1/users?filter=…` and `?search=…`.
//!
//! Grammar (operators and `and`/`or` in any case, `and` binding tighter than `or`):
//! ```text
//! expr       := term ("or" term)*
//! term       := factor ("and" factor)*
//! factor     := "(" expr ")" | attribute "pr" | attribute op value
//! op         := eq | sw | co | gt | ge | lt | le
//! value      := "double-quoted string" (\" and \\ escapes) | true | false | number
//! ```
//! The two dialects differ as the spec says:
//! - `filter`: only `status`, `lastUpdated`, `id`, `profile.login|email|firstName|lastName`; only `eq`,
//!   plus `gt/ge/lt/le` on `lastUpdated`. Values compare case-sensitively.
//! - `search`: any `profile.*` attribute, `id`, `status`, `created`, `activated`, `statusChanged`,
//!   `lastUpdated`, `type.id`; every operator, `co` only on `profile.firstName|lastName|email|login`.
//!   Strings compare case-insensitively. An array attribute matches when any element does.
//!
//! `not` and `ne` are not supported by Okta (the spec says so) and are rejected here too. Every
//! rejection is reported by the caller as 400 E0000031 "Invalid search criteria." with the reason
//! as its cause.

use serde_json::Value;

use super::lexer::{Token, tokenize};
use super::time::Timestamp;

/// Attributes compared as instants rather than strings.
const DATE_ATTRIBUTES: &[&str] = &["created", "activated", "statusChanged", "lastUpdated"];
const SEARCH_TOP_LEVEL: &[&str] = &[
    "id",
    "status",
    "created",
    "activated",
    "statusChanged",
    "lastUpdated",
    "type.id",
];
const FILTER_ATTRIBUTES: &[&str] = &[
    "status",
    "lastUpdated",
    "id",
    "profile.login",
    "profile.email",
    "profile.firstName",
    "profile.lastName",
];
const CONTAINS_ATTRIBUTES: &[&str] = &[
    "profile.firstName",
    "profile.lastName",
    "profile.email",
    "profile.login",
];
/// Deeper nesting is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Filter,
    Search,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Sw,
    Co,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Operand {
    /// Already lower-cased in the search dialect.
    Text(String),
    Number(f64),
    Bool(bool),
    Time(Timestamp),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
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
pub(crate) struct Query {
    expr: Expr,
    dialect: Dialect,
}

/// Why an expression was refused; becomes the E0000031 cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryError(pub(crate) String);

/// An attribute value as a subject exposes it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Attr<'a> {
    Absent,
    Text(&'a str),
    Time(Option<Timestamp>),
    Json(&'a Value),
}

/// Something an expression can test, e.g. a user.
pub(crate) trait Subject {
    fn attribute(&self, name: &str) -> Attr<'_>;
}

impl Query {
    pub(crate) fn parse(input: &str, dialect: Dialect) -> Result<Query, QueryError> {
        let tokens = tokenize(input).map_err(QueryError)?;
        let mut parser = Parser {
            tokens,
            position: 0,
            dialect,
        };
        let expr = parser.expression(0)?;
        if let Some(token) = parser.peek() {
            return Err(QueryError(format!("Unexpected {}", token.describe())));
        }
        Ok(Query { expr, dialect })
    }

    pub(crate) fn matches(&self, subject: &impl Subject) -> bool {
        self.evaluate(&self.expr, subject)
    }

    fn evaluate(&self, expr: &Expr, subject: &impl Subject) -> bool {
        match expr {
            Expr::And(a, b) => self.evaluate(a, subject) && self.evaluate(b, subject),
            Expr::Or(a, b) => self.evaluate(a, subject) || self.evaluate(b, subject),
            Expr::Present(attribute) => is_present(subject.attribute(attribute)),
            Expr::Compare {
                attribute,
                op,
                value,
            } => self.compare(subject.attribute(attribute), *op, value),
        }
    }

    fn compare(&self, actual: Attr<'_>, op: Op, expected: &Operand) -> bool {
        match (actual, expected) {
            (Attr::Time(Some(time)), Operand::Time(bound)) => ordered(time.cmp(bound), op),
            (Attr::Text(text), Operand::Text(bound)) => self.compare_text(text, op, bound),
            (Attr::Json(value), _) => self.compare_json(value, op, expected),
            _ => false,
        }
    }

    fn compare_json(&self, value: &Value, op: Op, expected: &Operand) -> bool {
        match (value, expected) {
            (Value::Array(items), _) => items.iter().any(|v| self.compare_json(v, op, expected)),
            (Value::String(text), Operand::Text(bound)) => self.compare_text(text, op, bound),
            (Value::Number(n), Operand::Number(bound)) => n
                .as_f64()
                .and_then(|n| n.partial_cmp(bound))
                .is_some_and(|order| ordered(order, op)),
            (Value::Number(n), Operand::Text(bound)) => {
                let bound = bound.parse::<f64>().ok();
                let n = n.as_f64();
                n.zip(bound)
                    .and_then(|(n, bound)| n.partial_cmp(&bound))
                    .is_some_and(|order| ordered(order, op))
            }
            (Value::Bool(b), Operand::Bool(bound)) => op == Op::Eq && b == bound,
            (Value::Bool(b), Operand::Text(bound)) => op == Op::Eq && b.to_string() == *bound,
            _ => false,
        }
    }

    fn compare_text(&self, actual: &str, op: Op, expected: &str) -> bool {
        match self.dialect {
            Dialect::Search => folded_matches(actual, op, expected),
            Dialect::Filter => text_matches(actual, op, expected),
        }
    }
}

fn text_matches(actual: &str, op: Op, expected: &str) -> bool {
    match op {
        Op::Eq => actual == expected,
        Op::Sw => actual.starts_with(expected),
        Op::Co => actual.contains(expected),
        _ => ordered(actual.cmp(expected), op),
    }
}

/// `actual.to_lowercase()` tested against `expected` (already lower case) with `op`, without
/// lower-casing into a new string when `actual` is ASCII (the usual case, checked per user).
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
        Op::Sw => actual.get(..n).is_some_and(folded),
        Op::Co => n == 0 || actual.windows(n).any(folded),
        _ => ordered(
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
        Op::Gt => order == Greater,
        Op::Ge => order != Less,
        Op::Lt => order == Less,
        Op::Le => order != Greater,
        Op::Sw | Op::Co => false,
    }
}

fn is_present(value: Attr<'_>) -> bool {
    match value {
        Attr::Absent | Attr::Time(None) => false,
        Attr::Text(_) | Attr::Time(Some(_)) => true,
        Attr::Json(Value::Null) => false,
        Attr::Json(Value::Array(items)) => !items.is_empty(),
        Attr::Json(Value::String(text)) => !text.is_empty(),
        Attr::Json(_) => true,
    }
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    dialect: Dialect,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += 1;
        token
    }

    fn expression(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut left = self.term(depth)?;
        while self.peek().is_some_and(|t| t.is_keyword("or")) {
            self.position += 1;
            left = Expr::Or(Box::new(left), Box::new(self.term(depth)?));
        }
        Ok(left)
    }

    fn term(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut left = self.factor(depth)?;
        while self.peek().is_some_and(|t| t.is_keyword("and")) {
            self.position += 1;
            left = Expr::And(Box::new(left), Box::new(self.factor(depth)?));
        }
        Ok(left)
    }

    fn factor(&mut self, depth: usize) -> Result<Expr, QueryError> {
        match self.next() {
            Some(Token::Open) => {
                if depth >= MAX_DEPTH {
                    return Err(QueryError("Too many nested parentheses".into()));
                }
                let inner = self.expression(depth + 1)?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(QueryError("Missing ')'".into())),
                }
            }
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("not") => {
                Err(QueryError("The 'not' operator is not supported".into()))
            }
            Some(Token::Word(attribute)) => self.comparison(attribute),
            Some(other) => Err(QueryError(format!(
                "Expected an attribute, found {}",
                other.describe()
            ))),
            None => Err(QueryError("Unexpected end of expression".into())),
        }
    }

    fn comparison(&mut self, attribute: String) -> Result<Expr, QueryError> {
        self.check_attribute(&attribute)?;
        let op = match self.next() {
            Some(Token::Word(op)) => op.to_ascii_lowercase(),
            Some(other) => {
                return Err(QueryError(format!(
                    "Expected an operator after '{attribute}', found {}",
                    other.describe()
                )));
            }
            None => return Err(QueryError(format!("Missing operator after '{attribute}'"))),
        };
        if op == "pr" {
            self.check_operator(&attribute, &op)?;
            return Ok(Expr::Present(attribute));
        }
        let op = parse_op(&op)?;
        self.check_operator(&attribute, op_name(op))?;
        let value = self.operand(&attribute)?;
        Ok(Expr::Compare {
            attribute,
            op,
            value,
        })
    }

    fn operand(&mut self, attribute: &str) -> Result<Operand, QueryError> {
        let operand = match self.next() {
            Some(Token::Quoted(text)) => Operand::Text(text),
            Some(Token::Word(word)) => bare_value(&word)?,
            Some(other) => {
                return Err(QueryError(format!(
                    "Expected a value, found {}",
                    other.describe()
                )));
            }
            None => return Err(QueryError(format!("Missing value for '{attribute}'"))),
        };
        if DATE_ATTRIBUTES.contains(&attribute) {
            return match &operand {
                Operand::Text(text) => Timestamp::parse_iso8601(text)
                    .map(Operand::Time)
                    .ok_or_else(|| QueryError(format!("Invalid date for '{attribute}': {text}"))),
                _ => Err(QueryError(format!("'{attribute}' takes a quoted date"))),
            };
        }
        Ok(match operand {
            Operand::Text(text) if self.dialect == Dialect::Search => {
                Operand::Text(text.to_lowercase())
            }
            other => other,
        })
    }

    fn check_attribute(&self, attribute: &str) -> Result<(), QueryError> {
        let known = match self.dialect {
            Dialect::Filter => FILTER_ATTRIBUTES.contains(&attribute),
            Dialect::Search => {
                SEARCH_TOP_LEVEL.contains(&attribute)
                    || attribute
                        .strip_prefix("profile.")
                        .is_some_and(is_attribute_name)
            }
        };
        if known {
            Ok(())
        } else {
            Err(QueryError(format!("Unsupported attribute '{attribute}'")))
        }
    }

    fn check_operator(&self, attribute: &str, op: &str) -> Result<(), QueryError> {
        let allowed = match (self.dialect, op) {
            (Dialect::Filter, "eq") => true,
            (Dialect::Filter, "gt" | "ge" | "lt" | "le") => attribute == "lastUpdated",
            (Dialect::Filter, _) => false,
            (Dialect::Search, "co") => CONTAINS_ATTRIBUTES.contains(&attribute),
            (Dialect::Search, _) => true,
        };
        if allowed {
            Ok(())
        } else {
            Err(QueryError(format!(
                "Operator '{op}' is not supported on '{attribute}'"
            )))
        }
    }
}

fn parse_op(op: &str) -> Result<Op, QueryError> {
    Ok(match op {
        "eq" => Op::Eq,
        "sw" => Op::Sw,
        "co" => Op::Co,
        "gt" => Op::Gt,
        "ge" => Op::Ge,
        "lt" => Op::Lt,
        "le" => Op::Le,
        "ne" => return Err(QueryError("The 'ne' operator is not supported".into())),
        other => return Err(QueryError(format!("Unknown operator '{other}'"))),
    })
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Eq => "eq",
        Op::Sw => "sw",
        Op::Co => "co",
        Op::Gt => "gt",
        Op::Ge => "ge",
        Op::Lt => "lt",
        Op::Le => "le",
    }
}

/// Unquoted values: `true`, `false` and numbers. Anything else must be quoted.
fn bare_value(word: &str) -> Result<Operand, QueryError> {
    if word.eq_ignore_ascii_case("true") || word.eq_ignore_ascii_case("false") {
        return Ok(Operand::Bool(word.eq_ignore_ascii_case("true")));
    }
    match word.parse::<f64>() {
        Ok(number) if number.is_finite() => Ok(Operand::Number(number)),
        _ => Err(QueryError(format!("Values must be quoted: {word}"))),
    }
}

fn is_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A subject with fixed attributes.
    struct Fixture {
        status: &'static str,
        last_updated: Timestamp,
        profile: Value,
    }

    impl Subject for Fixture {
        fn attribute(&self, name: &str) -> Attr<'_> {
            match name {
                "id" => Attr::Text("00uvo7s8abwP37lV81d7"),
                "status" => Attr::Text(self.status),
                "lastUpdated" | "created" => Attr::Time(Some(self.last_updated)),
                "activated" => Attr::Time(None),
                _ => match name
                    .strip_prefix("profile.")
                    .and_then(|k| self.profile.get(k))
                {
                    Some(value) => Attr::Json(value),
                    None => Attr::Absent,
                },
            }
        }
    }

    fn user() -> Fixture {
        Fixture {
            status: "ACTIVE",
            last_updated: Timestamp::parse_iso8601("2024-05-01T10:00:00.000Z").unwrap(),
            profile: json!({
                "firstName": "Grace", "lastName": "Hopper", "login": "grace.hopper@example.com",
                "email": "grace.hopper@example.com", "department": "Engineering",
                "array123": ["cool", "feature"], "level": 7, "manager": null, "remote": true,
            }),
        }
    }

    fn search(expr: &str) -> bool {
        Query::parse(expr, Dialect::Search)
            .unwrap_or_else(|e| panic!("{expr}: {e:?}"))
            .matches(&user())
    }

    fn filter(expr: &str) -> bool {
        Query::parse(expr, Dialect::Filter)
            .unwrap_or_else(|e| panic!("{expr}: {e:?}"))
            .matches(&user())
    }

    #[test]
    fn search_matches_like_okta() {
        assert!(search(r#"profile.lastName eq "Hopper""#));
        assert!(search(r#"profile.lastName eq "hopper""#));
        assert!(search(r#"profile.firstName sw "gr""#));
        assert!(search(r#"profile.email co "HOPPER@""#));
        assert!(search(r#"profile.array123 eq "feature""#));
        assert!(search(r#"status lt "STAGED" or status gt "STAGED""#));
        assert!(search(r#"lastUpdated gt "2024-01-01T00:00:00.000Z""#));
        assert!(search(r#"created le "2024-05-01T10:00:00.000Z""#));
        assert!(search("profile.level ge 7 and profile.level lt 8"));
        assert!(search("profile.remote eq true"));
        assert!(search("id pr"));
        assert!(!search("activated pr"));
        assert!(!search("profile.manager pr"));
        assert!(!search(r#"profile.nickName eq "x""#));
    }

    #[test]
    fn precedence_and_parentheses() {
        // and binds tighter: false or (true and true)
        assert!(search(
            r#"status eq "STAGED" or profile.firstName eq "Grace" and profile.lastName eq "Hopper""#
        ));
        assert!(!search(
            r#"(status eq "STAGED" or profile.firstName eq "Grace") and profile.lastName eq "X""#
        ));
        assert!(search(
            r#"profile.array123 eq "feature" and (created gt "2021-01-01T00:00:00.000Z")"#
        ));
        assert!(search(r#"status EQ "ACTIVE" AND id PR"#));
    }

    #[test]
    fn filter_is_case_sensitive_and_restricted() {
        assert!(filter(r#"status eq "ACTIVE""#));
        assert!(!filter(r#"status eq "active""#));
        assert!(filter(
            r#"lastUpdated gt "2013-06-01T00:00:00.000Z" and (status eq "LOCKED_OUT" or status eq "ACTIVE")"#
        ));
        for bad in [
            r#"profile.department eq "Engineering""#,
            r#"status sw "ACT""#,
            r#"profile.login gt "a""#,
            "id pr",
            r#"created gt "2013-06-01T00:00:00.000Z""#,
        ] {
            assert!(Query::parse(bad, Dialect::Filter).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_expressions_are_refused_with_a_reason() {
        for bad in [
            "",
            "status",
            "status eq",
            r#"status eq "ACTIVE"#,
            "status eq ACTIVE",
            r#"status ne "ACTIVE""#,
            r#"not status eq "ACTIVE""#,
            r#"status xx "ACTIVE""#,
            r#"(status eq "ACTIVE""#,
            r#"status eq "ACTIVE")"#,
            r#"status eq "ACTIVE" and"#,
            r#"profile.department co "Eng""#,
            r#"lastUpdated gt "yesterday""#,
            "lastUpdated gt 5",
            r#"foo eq "x""#,
            r#"profile. eq "x""#,
            r#"status eq "ACTIVE" "STAGED""#,
        ] {
            assert!(Query::parse(bad, Dialect::Search).is_err(), "{bad}");
        }
    }

    #[test]
    fn hostile_nesting_is_refused_not_overflowed() {
        let deep = format!("{}id pr{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(Query::parse(&deep, Dialect::Search).is_err());
        let fine = format!("{}id pr{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(Query::parse(&fine, Dialect::Search).is_ok());
    }

    #[test]
    fn escapes_inside_strings() {
        let q = Query::parse(r#"profile.nickName eq "say \"hi\" \\o/""#, Dialect::Search).unwrap();
        assert_eq!(
            q.expr,
            Expr::Compare {
                attribute: "profile.nickName".into(),
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
            "", "smith", "smi", "mit", "ünï", "école", "i̇st", "\u{0}", "é", "zzz",
        ];
        for actual in texts {
            for bound in expected {
                for op in [Op::Eq, Op::Sw, Op::Co, Op::Gt, Op::Ge, Op::Lt, Op::Le] {
                    assert_eq!(
                        folded_matches(actual, op, bound),
                        text_matches(&actual.to_lowercase(), op, bound),
                        "{actual:?} {op:?} {bound:?}"
                    );
                }
            }
        }
    }
}
