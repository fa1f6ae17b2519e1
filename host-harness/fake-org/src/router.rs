//! Routes as data: each resource module lists `(path pattern, method, handler)` rows, the way the
//! spec lists operations, and this module finds the row for a request.

use http::Method;

use super::errors::ApiError;
use super::oauth::{self, OAuthServer};
use super::org::Org;
use super::pattern;
use super::reply::Reply;
use super::request::ApiRequest;
use super::{apps, event_hooks, factors, groups, logs, policies, realms, user_types, users};

/// A handler gets the org, the request and the path parameters (percent-decoded, in pattern order).
pub(crate) type Handler = fn(&mut Org, &ApiRequest, &[String]) -> Result<Reply, ApiError>;

/// One path of the API and the methods it answers.
pub(crate) struct Route {
    /// `/api/v1/users/{id}/lifecycle/activate`; a `{…}` segment captures one path segment.
    pub(crate) pattern: &'static str,
    pub(crate) methods: &'static [(Method, Handler)],
}

/// Every resource's table. A new resource adds its `ROUTES` here. Where two patterns match a path,
/// the one with a literal segment first wins ([`pattern::precedes`]), as in the scope check.
const TABLES: &[&[Route]] = &[
    apps::USER_ROUTES,
    users::ROUTES,
    user_types::ROUTES,
    groups::ROUTES,
    apps::ROUTES,
    event_hooks::ROUTES,
    factors::ROUTES,
    realms::ROUTES,
    policies::ROUTES,
    logs::ROUTES,
];

/// The route a path belongs to and its parameters, if any route knows the path (no route: 404).
pub(crate) fn find(path: &str) -> Option<(&'static Route, Vec<String>)> {
    find_in(TABLES, path)
}

fn find_in(tables: &[&'static [Route]], path: &str) -> Option<(&'static Route, Vec<String>)> {
    let routes = tables.iter().flat_map(|table| table.iter());
    let route = pattern::best(routes, |route| route.pattern, path)?;
    Some((route, pattern::capture(route.pattern, path)?))
}

/// Runs the org authorization server's handler for an `/oauth2/v1` endpoint it has
/// ([`oauth::ROUTES`]): `None` for any other path.
pub(crate) fn dispatch_oauth(
    server: &mut OAuthServer,
    org: &mut Org,
    request: &ApiRequest,
) -> Option<Result<Reply, ApiError>> {
    let (_, methods) = oauth::ROUTES
        .iter()
        .find(|(path, _)| *path == request.path)?;
    Some(match methods.iter().find(|(m, _)| *m == request.method) {
        Some((_, handler)) => Ok(handler(server, org, request)),
        None => Err(ApiError::method_not_allowed()),
    })
}

impl Route {
    /// Runs the handler for the request's method; a method the path does not have is 405.
    pub(crate) fn handle(
        &self,
        org: &mut Org,
        request: &ApiRequest,
        params: &[String],
    ) -> Result<Reply, ApiError> {
        match self.methods.iter().find(|(m, _)| *m == request.method) {
            Some((_, handler)) => handler(org, request, params),
            None => Err(ApiError::method_not_allowed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::scopes;

    fn no_handler(_: &mut Org, _: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
        Err(ApiError::method_not_allowed())
    }

    /// A group-rules route added after the groups' table is still found for its own path.
    #[test]
    fn a_literal_route_wins_over_an_id_whatever_the_table_order() {
        const RULES: &[Route] = &[Route {
            pattern: "/api/v1/groups/rules",
            methods: &[(Method::GET, no_handler)],
        }];
        for tables in [&[groups::ROUTES, RULES][..], &[RULES, groups::ROUTES]] {
            let (route, params) = find_in(tables, "/api/v1/groups/rules").unwrap();
            assert_eq!(route.pattern, "/api/v1/groups/rules");
            assert!(params.is_empty());
            let (route, params) = find_in(tables, "/api/v1/groups/00g1").unwrap();
            assert_eq!(route.pattern, "/api/v1/groups/{groupId}");
            assert_eq!(params, ["00g1"]);
        }
    }

    /// No two routes share a pattern (precedence could not choose between them).
    #[test]
    fn every_pattern_is_routed_once() {
        let mut patterns: Vec<_> = TABLES
            .iter()
            .flat_map(|t| t.iter())
            .map(|r| shape(r.pattern))
            .collect();
        let count = patterns.len();
        patterns.sort();
        patterns.dedup();
        assert_eq!(patterns.len(), count);
    }

    /// For every served operation, the scope check picks the spec operation of the same shape as
    /// the route that answers it: both read one precedence.
    #[test]
    fn the_scope_check_reads_the_routes_the_router_picks() {
        for route in TABLES.iter().flat_map(|t| t.iter()) {
            let path = route.pattern.replace('{', "x").replace('}', "");
            let (found, _) = find(&path).unwrap();
            assert_eq!(found.pattern, route.pattern);
            for (method, _) in route.methods {
                if let Some(spec) = scopes::operation(method.as_str(), &path) {
                    assert_eq!(shape(spec), shape(route.pattern), "{method} {path}");
                }
            }
        }
    }

    fn shape(pattern: &str) -> String {
        let segments = pattern
            .split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s });
        segments.collect::<Vec<_>>().join("/")
    }
}
