//! Routes as data: each resource module lists `(path pattern, method, handler)` rows, the way the
//! spec lists operations, and this module finds the row for a request.

use http::Method;

use super::errors::ApiError;
use super::org::Org;
use super::reply::Reply;
use super::request::{ApiRequest, path_decode};
use super::{user_types, users};

/// A handler gets the org, the request and the path parameters (percent-decoded, in pattern order).
pub(crate) type Handler = fn(&mut Org, &ApiRequest, &[String]) -> Result<Reply, ApiError>;

/// One path of the API and the methods it answers.
pub(crate) struct Route {
    /// `/api/v1/users/{id}/lifecycle/activate`; a `{…}` segment captures one path segment.
    pub(crate) pattern: &'static str,
    pub(crate) methods: &'static [(Method, Handler)],
}

/// Every resource's table. A new resource adds its `ROUTES` here.
const TABLES: &[&[Route]] = &[users::ROUTES, user_types::ROUTES];

/// Runs the handler for the request: an unknown path is 404, a known path with another method 405.
pub(crate) fn dispatch(org: &mut Org, request: &ApiRequest) -> Result<Reply, ApiError> {
    for route in TABLES.iter().flat_map(|table| table.iter()) {
        let Some(params) = route.capture(&request.path) else {
            continue;
        };
        return match route.methods.iter().find(|(m, _)| *m == request.method) {
            Some((_, handler)) => handler(org, request, &params),
            None => Err(ApiError::method_not_allowed()),
        };
    }
    Err(ApiError::unknown_path(&request.path))
}

impl Route {
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
