//! The Users API (`/api/v1/users…`): the user store, the lifecycle state machine, and listing with
//! `filter`, `search` and `q`.

mod assignments;
mod credentials;
mod crud;
mod filter;
mod input;
mod lifecycle;
mod list;
pub(crate) mod model;
pub(crate) mod render;
mod store;
#[cfg(test)]
mod tests;

use http::Method;

pub(crate) use list::SortedCache;
pub(crate) use store::UserStore;

use super::errors::ApiError;
use super::org::Org;
use super::router::Route;

/// Every users operation the fake answers, as the spec names its paths.
pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/users",
        methods: &[(Method::GET, list::list), (Method::POST, crud::create)],
    },
    Route {
        pattern: "/api/v1/users/{id}",
        methods: &[
            (Method::GET, crud::get),
            (Method::POST, crud::update),
            (Method::PUT, crud::replace),
            (Method::DELETE, crud::delete),
        ],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/activate",
        methods: &[(Method::POST, lifecycle::activate)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/reactivate",
        methods: &[(Method::POST, lifecycle::reactivate)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/deactivate",
        methods: &[(Method::POST, lifecycle::deactivate)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/suspend",
        methods: &[(Method::POST, lifecycle::suspend)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/unsuspend",
        methods: &[(Method::POST, lifecycle::unsuspend)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/unlock",
        methods: &[(Method::POST, lifecycle::unlock)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/reset_password",
        methods: &[(Method::POST, lifecycle::reset_password)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/expire_password",
        methods: &[(Method::POST, lifecycle::expire_password)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password",
        methods: &[(Method::POST, lifecycle::expire_password_with_temp_password)],
    },
    Route {
        pattern: "/api/v1/users/{id}/lifecycle/reset_factors",
        methods: &[(Method::POST, lifecycle::reset_factors)],
    },
    Route {
        pattern: "/api/v1/users/{id}/groups",
        methods: &[(Method::GET, assignments::groups)],
    },
    Route {
        pattern: "/api/v1/users/{userId}/credentials/change_password",
        methods: &[(Method::POST, credentials::change_password)],
    },
    Route {
        pattern: "/api/v1/users/{userId}/sessions",
        methods: &[(Method::DELETE, credentials::clear_sessions)],
    },
];

/// The ID of the user a `{id}` segment names (ID, login, `me` or shortname), or 404.
fn find(org: &Org, key: &str) -> Result<String, ApiError> {
    org.resolve_user(key).ok_or_else(|| not_found(key))
}

/// 404 E0000007 as recorded: `Not found: Resource not found: {key} (User)`.
fn not_found(key: &str) -> ApiError {
    ApiError::not_found(key, "User")
}
