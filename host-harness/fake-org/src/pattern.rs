//! Path patterns as the spec writes them (`/api/v1/groups/{groupId}/users`), and the one rule that
//! picks between two patterns matching the same path. The router and the scope check both use it,
//! so an operation's scopes are always those of the route that answers it.

use super::request::path_decode;

/// The parameters `path` gives `pattern` (percent-decoded, in pattern order), if it matches: a
/// `{…}` segment takes any one segment, any other segment only itself.
pub(crate) fn capture(pattern: &str, path: &str) -> Option<Vec<String>> {
    let mut expected = pattern.split('/');
    let mut segments = path.split('/');
    let mut params = Vec::new();
    loop {
        match (expected.next(), segments.next()) {
            (None, None) => return Some(params),
            (Some(p), Some(s)) if is_parameter(p) => params.push(path_decode(s)),
            (Some(p), Some(s)) if p == s => {}
            _ => return None,
        }
    }
}

/// True if `pattern` matches `path`; only literal segments are compared, so `path` may be as sent.
pub(crate) fn matches(pattern: &str, path: &str) -> bool {
    let mut expected = pattern.split('/');
    let mut segments = path.split('/');
    loop {
        match (expected.next(), segments.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if is_parameter(p) || p == s => {}
            _ => return false,
        }
    }
}

/// Precedence: `a` wins over `b` if it has a literal segment where `b` first has a parameter, so
/// `/api/v1/groups/rules` is never read as the group `rules`, whatever order routes are listed in.
pub(crate) fn precedes(a: &str, b: &str) -> bool {
    for (x, y) in a.split('/').zip(b.split('/')) {
        match (is_parameter(x), is_parameter(y)) {
            (false, true) => return true,
            (true, false) => return false,
            _ => {}
        }
    }
    false
}

/// The candidate whose pattern (given by `pattern`) matches `path` and precedes every other match.
pub(crate) fn best<T>(
    candidates: impl IntoIterator<Item = T>,
    pattern: impl Fn(&T) -> &str,
    path: &str,
) -> Option<T> {
    candidates
        .into_iter()
        .filter(|candidate| matches(pattern(candidate), path))
        .reduce(|best, candidate| {
            if precedes(pattern(&candidate), pattern(&best)) {
                candidate
            } else {
                best
            }
        })
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_decoded_parameters() {
        let pattern = "/api/v1/users/{id}/lifecycle/activate";
        assert_eq!(
            capture(
                pattern,
                "/api/v1/users/john%40example.com/lifecycle/activate"
            ),
            Some(vec!["john@example.com".to_owned()])
        );
        assert_eq!(capture(pattern, "/api/v1/users/x/lifecycle/suspend"), None);
        assert_eq!(
            capture(pattern, "/api/v1/users/x/lifecycle/activate/more"),
            None
        );
        assert_eq!(capture(pattern, "/api/v1/users"), None);
        assert_eq!(capture("/api/v1/users", "/api/v1/users"), Some(vec![]));
        assert!(matches(pattern, "/api/v1/users/a%2Fb/lifecycle/activate"));
        assert!(!matches(pattern, "/api/v1/users/x/lifecycle"));
    }

    #[test]
    fn a_literal_segment_wins_over_a_parameter_in_any_order() {
        let patterns = [
            "/api/v1/groups/{groupId}",
            "/api/v1/groups/rules",
            "/api/v1/groups/{groupId}/users",
            "/api/v1/groups/rules/{ruleId}",
        ];
        let reversed: Vec<_> = patterns.iter().rev().collect();
        for path in ["/api/v1/groups/rules", "/api/v1/groups/rules/0pr1"] {
            let forward = best(patterns.iter(), |p| p, path);
            let backward = best(reversed.iter().copied(), |p| p, path);
            assert_eq!(forward, backward, "{path}");
            assert!(forward.is_some_and(|p| p.contains("/rules")), "{path}");
        }
        assert_eq!(
            best(patterns.iter(), |p| p, "/api/v1/groups/00g1"),
            Some(&"/api/v1/groups/{groupId}")
        );
        assert_eq!(
            best(patterns.iter(), |p| p, "/api/v1/groups/00g1/users"),
            Some(&"/api/v1/groups/{groupId}/users")
        );
        assert_eq!(best(patterns.iter(), |p| p, "/api/v1/groups/00g1/x"), None);
    }
}
