//! What `GET /api/v1/users?filter=…` and `?search=…` accept, as [`Grammar`]s of the shared parser.
//!
//! The two differ as the spec says:
//! - `filter`: only `status`, `lastUpdated`, `id`, `profile.login|email|firstName|lastName`; only
//!   `eq`, plus `gt/ge/lt/le` on `lastUpdated`. Values compare case-sensitively.
//! - `search`: any `profile.*` attribute, `id`, `status`, `created`, `activated`, `statusChanged`,
//!   `lastUpdated`, `type.id`; every operator but `ne` and `ew`, `co` only on
//!   `profile.firstName|lastName|email|login`. Strings compare case-insensitively.
//!
//! Okta does not support `not` or `ne` on users (the spec says so); both are refused. Every refusal
//! is 400 E0000031 "Invalid search criteria." with the reason as its cause.

use crate::scim::{Case, Grammar, Kind, Op};

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

/// `?filter=`.
pub(crate) const FILTER: Grammar = Grammar {
    kind: filter_kind,
    allows: filter_allows,
    case: Case::Sensitive,
};

/// `?search=`.
pub(crate) const SEARCH: Grammar = Grammar {
    kind: search_kind,
    allows: search_allows,
    case: Case::Insensitive,
};

fn kind_of(attribute: &str) -> Kind {
    if DATE_ATTRIBUTES.contains(&attribute) {
        Kind::Time
    } else {
        Kind::Value
    }
}

fn filter_kind(attribute: &str) -> Option<Kind> {
    FILTER_ATTRIBUTES
        .contains(&attribute)
        .then(|| kind_of(attribute))
}

fn filter_allows(attribute: &str, op: Option<Op>) -> bool {
    match op {
        Some(Op::Eq) => true,
        Some(Op::Gt | Op::Ge | Op::Lt | Op::Le) => attribute == "lastUpdated",
        _ => false,
    }
}

fn search_kind(attribute: &str) -> Option<Kind> {
    let known = SEARCH_TOP_LEVEL.contains(&attribute)
        || attribute
            .strip_prefix("profile.")
            .is_some_and(is_attribute_name);
    known.then(|| kind_of(attribute))
}

fn search_allows(attribute: &str, op: Option<Op>) -> bool {
    match op {
        Some(Op::Ne | Op::Ew) => false,
        Some(Op::Co) => CONTAINS_ATTRIBUTES.contains(&attribute),
        _ => true,
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
    use crate::scim::{Field, Filter, MAX_DEPTH, Subject};
    use crate::time::Timestamp;
    use serde_json::{Value, json};

    /// A subject with fixed attributes.
    struct Fixture {
        status: &'static str,
        last_updated: Timestamp,
        profile: Value,
    }

    impl Subject for Fixture {
        fn field(&self, name: &str) -> Field<'_> {
            match name {
                "id" => Field::Text("00uvo7s8abwP37lV81d7"),
                "status" => Field::Text(self.status),
                "lastUpdated" | "created" => Field::Time(self.last_updated),
                "activated" => Field::Missing,
                _ => match name
                    .strip_prefix("profile.")
                    .and_then(|k| self.profile.get(k))
                {
                    Some(value) => Field::Json(value),
                    None => Field::Missing,
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
        Filter::parse(expr, &SEARCH)
            .unwrap_or_else(|e| panic!("{expr}: {e:?}"))
            .matches(&user())
    }

    fn filter(expr: &str) -> bool {
        Filter::parse(expr, &FILTER)
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
        assert!(search(r#"profile.level eq "7""#));
        assert!(search("profile.remote eq true"));
        assert!(search("profile.remote eq TRUE"));
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
            assert!(Filter::parse(bad, &FILTER).is_err(), "{bad}");
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
            r#"profile.login ew "@example.com""#,
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
            let error = Filter::parse(bad, &SEARCH).unwrap_err();
            assert!(!error.to_string().is_empty(), "{bad}");
        }
    }

    #[test]
    fn hostile_nesting_is_refused_not_overflowed() {
        let deep = format!("{}id pr{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(Filter::parse(&deep, &SEARCH).is_err());
        let fine = format!("{}id pr{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(Filter::parse(&fine, &SEARCH).is_ok());
    }

    #[test]
    fn escapes_inside_strings() {
        let parsed = Filter::parse(r#"profile.nickName eq "say \"hi\" \\o/""#, &SEARCH).unwrap();
        let nick = json!("Say \"HI\" \\o/");
        struct Nick<'a>(&'a Value);
        impl Subject for Nick<'_> {
            fn field(&self, _: &str) -> Field<'_> {
                Field::Json(self.0)
            }
        }
        assert!(parsed.matches(&Nick(&nick)));
        assert!(!parsed.matches(&Nick(&json!("say hi \\o/"))));
    }
}
