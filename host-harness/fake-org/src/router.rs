//! Routes as data: each resource module lists `(path pattern, method, handler)` rows, the way the
//! spec lists operations, and this module finds the row for a request.

use http::Method;

use super::errors::ApiError;
use super::oauth::{self, OAuthServer};
use super::org::Org;
use super::reply::Reply;
use super::request::{ApiRequest, path_decode};
use super::{apps, event_hooks, factors, groups, logs, policies, realms, user_types, users};

/// A handler gets the org, the request and the path parameters (percent-decoded, in pattern order).
pub(crate) type Handler = fn(&mut Org, &ApiRequest, &[String]) -> Result<Reply, ApiError>;

/// One path of the API and the methods it answers.
pub(crate) struct Route {
    /// `/api/v1/users/{id}/lifecycle/activate`; a `{…}` segment captures one path segment.
    pub(crate) pattern: &'static str,
    pub(crate) methods: &'static [(Method, Handler)],
}

/// Every resource's table. A new resource adds its `ROUTES` here. The first pattern that matches
/// wins.
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
    TABLES
        .iter()
        .flat_map(|table| table.iter())
        .find_map(|route| route.capture(path).map(|params| (route, params)))
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

    fn capture(&self, path: &str) -> Option<Vec<String>> {
        let mut pattern = self.pattern.split('/');
        let mut segments = path.split('/');
        let mut params = Vec::new();
        loop {
            match (pattern.next(), segments.next()) {
                (None, None) => return Some(params),
                (Some(p), Some(s)) if p.starts_with('{') => params.push(path_decode(s)),
                (Some(p), Some(s)) if p == s => {}
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(pattern: &'static str) -> Route {
        Route {
            pattern,
            methods: &[],
        }
    }

    #[test]
    fn captures_decoded_parameters() {
        let r = route("/api/v1/users/{id}/lifecycle/activate");
        assert_eq!(
            r.capture("/api/v1/users/john%40example.com/lifecycle/activate"),
            Some(vec!["john@example.com".to_owned()])
        );
        assert_eq!(r.capture("/api/v1/users/x/lifecycle/suspend"), None);
        assert_eq!(r.capture("/api/v1/users/x/lifecycle/activate/more"), None);
        assert_eq!(r.capture("/api/v1/users"), None);
        assert_eq!(
            route("/api/v1/users").capture("/api/v1/users"),
            Some(vec![])
        );
    }
}
