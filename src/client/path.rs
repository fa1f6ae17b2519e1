//! Request paths and query strings built from inputs.
//!
//! Every value that comes from an input is percent-encoded as one path segment, so an ID or login such as
//! `../groups`, `a/b`, `x?y=1` or `x#y` can never reach another endpoint or add a query.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Error, Result};

/// Everything but RFC 3986 unreserved characters is encoded (`@` too: Okta accepts `%40` in logins).
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An API path, built segment by segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    /// A fixed path from the code, such as `/api/v1/users`.
    pub fn new(fixed: &'static str) -> Path {
        Path(fixed.trim_end_matches('/').to_string())
    }

    /// Appends a fixed segment.
    pub fn lit(mut self, fixed: &'static str) -> Path {
        self.0.push('/');
        self.0.push_str(fixed);
        self
    }

    /// Appends the value of the input `input` as one encoded segment. `.` and `..` are refused outright:
    /// encoding leaves dots alone, and a server may resolve them as dot-segments.
    pub fn seg(mut self, input: &str, value: &str) -> Result<Path> {
        if value.is_empty() || value == "." || value == ".." {
            return Err(Error::invalid(
                input,
                "an ID or name, not empty, `.` or `..`",
            ));
        }
        self.0.push('/');
        self.0.extend(utf8_percent_encode(value, SEGMENT));
        Ok(self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Query parameters in order; values are encoded when the string is built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn new() -> Query {
        Query(Vec::new())
    }

    /// Adds or replaces `name`.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Query {
        let value = value.into();
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(pair) => pair.1 = value,
            None => self.0.push((name.to_string(), value)),
        }
        self
    }

    /// Adds `name` when `value` is present.
    pub fn set_opt(&mut self, name: &str, value: Option<impl Into<String>>) -> &mut Query {
        if let Some(value) = value {
            self.set(name, value);
        }
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `?a=1&b=2`, or an empty string when there are no parameters.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        for (i, (name, value)) in self.0.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.extend(utf8_percent_encode(name, SEGMENT));
            out.push('=');
            out.extend(utf8_percent_encode(value, SEGMENT));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_stay_in_one_segment() {
        for (value, want) in [
            ("../groups", "/api/v1/users/..%2Fgroups"),
            ("a/b", "/api/v1/users/a%2Fb"),
            ("x?y=1", "/api/v1/users/x%3Fy%3D1"),
            ("x#y", "/api/v1/users/x%23y"),
            (
                "john.doe@example.com",
                "/api/v1/users/john.doe%40example.com",
            ),
            ("%2e%2e", "/api/v1/users/%252e%252e"),
        ] {
            assert_eq!(
                Path::new("/api/v1/users")
                    .seg("id", value)
                    .unwrap()
                    .as_str(),
                want
            );
        }
    }

    #[test]
    fn dot_segments_are_refused_with_the_input_name() {
        for value in ["..", ".", ""] {
            let err = Path::new("/api/v1/users").seg("id", value).unwrap_err();
            assert!(
                matches!(err, Error::InvalidInput { ref input, .. } if input == "id"),
                "{value}"
            );
        }
    }

    #[test]
    fn query_strings_encode_search_expressions() {
        let mut q = Query::new();
        q.set("search", "profile.login eq \"a@b.com\"")
            .set("limit", "2")
            .set_opt("after", None::<String>);
        assert_eq!(
            q.to_query_string(),
            "?search=profile.login%20eq%20%22a%40b.com%22&limit=2"
        );
        q.set("limit", "3");
        assert_eq!(q.get("limit"), Some("3"));
    }
}
