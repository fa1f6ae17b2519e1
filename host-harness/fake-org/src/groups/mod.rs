//! The Groups API (`/api/v1/groups…`): groups, their profiles and their members.
//!
//! | group type | profile edit (PUT) | members (PUT/DELETE) | delete |
//! |---|---|---|---|
//! | `OKTA_GROUP` | yes | yes | yes |
//! | `APP_GROUP` (imported) | 403 E0000006 | 403 E0000006 | yes |
//! | `BUILT_IN` (`Everyone`) | 403 E0000006 | 403 E0000006 | 403 E0000006 |
//!
//! The spec declares only 403 for these refusals; the fake answers Okta's E0000006 body with a
//! cause that says why. Names are unique among `OKTA_GROUP`s, ignoring case (400 E0000001 on `name`).

mod crud;
mod list;
mod members;
mod render;
mod store;
#[cfg(test)]
mod tests;

use http::Method;

pub(crate) use render::{AppSummary, write_group, write_group_with};
pub(crate) use store::{Group, GroupStore, GroupType, profile};

use super::errors::ApiError;
use super::router::Route;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/groups",
        methods: &[(Method::GET, list::list), (Method::POST, crud::create)],
    },
    Route {
        pattern: "/api/v1/groups/{groupId}",
        methods: &[
            (Method::GET, crud::get),
            (Method::PUT, crud::replace),
            (Method::DELETE, crud::delete),
        ],
    },
    Route {
        pattern: "/api/v1/groups/{groupId}/users",
        methods: &[(Method::GET, members::list)],
    },
    Route {
        pattern: "/api/v1/groups/{groupId}/users/{userId}",
        methods: &[
            (Method::PUT, members::add),
            (Method::DELETE, members::remove),
        ],
    },
];

/// 403 E0000006 for a change the group's type does not allow.
fn not_editable(group: &Group) -> ApiError {
    let why = match group.kind {
        GroupType::BuiltIn => "is a BUILT_IN group: Okta manages its profile and members",
        GroupType::AppGroup => {
            "is an APP_GROUP: the app it was imported from manages its profile and members"
        }
        GroupType::OktaGroup => "can't be changed",
    };
    ApiError::no_permission(&format!("The group {} {why}.", group.name()))
}
