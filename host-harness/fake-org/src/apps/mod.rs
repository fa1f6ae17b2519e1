//! The Applications API (`/api/v1/apps…`): app instances, their lifecycle and their user
//! assignments, and a user's dashboard links (`/api/v1/users/{id}/appLinks`).
//!
//! Apps are seeded ([`catalog`]); the API does not create or delete them. An assignment's
//! `{userId}` is a user ID only (a login there is 404), as the spec declares it.

mod assignments;
pub(crate) mod catalog;
mod crud;
mod links;
mod list;
pub(crate) mod model;
pub(crate) mod render;

#[cfg(test)]
mod tests;

use http::Method;

pub(crate) use model::AppStore;

use super::errors::ApiError;
use super::groups::AppSummary;
use super::org::Org;
use super::router::Route;
use model::AppUser;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/apps",
        methods: &[(Method::GET, list::list)],
    },
    Route {
        pattern: "/api/v1/apps/{appId}",
        methods: &[(Method::GET, crud::get)],
    },
    Route {
        pattern: "/api/v1/apps/{appId}/lifecycle/activate",
        methods: &[(Method::POST, crud::activate)],
    },
    Route {
        pattern: "/api/v1/apps/{appId}/lifecycle/deactivate",
        methods: &[(Method::POST, crud::deactivate)],
    },
    Route {
        pattern: "/api/v1/apps/{appId}/users",
        methods: &[
            (Method::GET, assignments::list),
            (Method::POST, assignments::assign),
        ],
    },
    Route {
        pattern: "/api/v1/apps/{appId}/users/{userId}",
        methods: &[
            (Method::GET, assignments::get),
            (Method::POST, assignments::update),
            (Method::DELETE, assignments::unassign),
        ],
    },
];

/// Routes under `/api/v1/users` that answer from the apps: they are listed before the users'
/// table, so this one replaces the users module's placeholder (which predates apps).
pub(crate) const USER_ROUTES: &[Route] = &[Route {
    pattern: "/api/v1/users/{id}/appLinks",
    methods: &[(Method::GET, links::app_links)],
}];

/// `{id, name, label, signOnMode}` of an app, for a group's `_embedded.app`.
pub(crate) fn summary(org: &Org, id: &str) -> Option<AppSummary> {
    org.apps.get(id).map(|app| AppSummary {
        id: app.id.clone(),
        name: app.name.clone(),
        label: app.label.clone(),
        sign_on_mode: app.sign_on_mode.map(model::SignOnMode::as_str),
    })
}

/// The assignment of `{userId}` to `{appId}`, or 404 (AppUser).
fn find_assignment<'a>(org: &'a Org, app_id: &str, user_id: &str) -> Result<&'a AppUser, ApiError> {
    org.apps.found(app_id)?;
    org.apps
        .assignment(app_id, user_id)
        .ok_or_else(|| ApiError::not_found(user_id, "AppUser"))
}
