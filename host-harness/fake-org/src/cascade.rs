//! What a user operation does to the resources that came after the users module (which knows
//! nothing of apps and factors), applied once the operation has succeeded:
//!
//! - a user who ends up DEPROVISIONED "is deprovisioned from all assigned apps" (spec,
//!   deactivateUser): their app assignments go;
//! - a deleted user's assignments and factors go;
//! - `reset_factors` unenrolls every factor ("All MFA factor enrollments return to the unenrolled
//!   state").

use http::Method;

use super::org::Org;
use super::reply::Reply;
use super::request::ApiRequest;
use super::users::model::Status;

/// A user a state-changing `/api/v1/users/{…}` call is about, noted before the call runs (a
/// login in the path cannot be resolved once the user is deleted).
#[derive(Debug)]
pub(crate) struct Watch {
    user_id: String,
    reset_factors: bool,
}

pub(crate) fn watch(
    org: &Org,
    req: &ApiRequest,
    pattern: &str,
    params: &[String],
) -> Option<Watch> {
    if req.method == Method::GET || req.method == Method::HEAD {
        return None;
    }
    if !pattern.starts_with("/api/v1/users/{") {
        return None;
    }
    let user_id = org.resolve_user(params.first()?)?;
    Some(Watch {
        user_id,
        reset_factors: pattern.ends_with("/lifecycle/reset_factors"),
    })
}

pub(crate) fn apply(org: &mut Org, watch: Watch, reply: &Reply) {
    if !reply.status.is_success() {
        return;
    }
    let status = org.users.get(&watch.user_id).map(|user| user.status);
    match status {
        None => {
            org.apps.forget_user(&watch.user_id);
            org.factors.forget_user(&watch.user_id);
        }
        Some(Status::Deprovisioned) => org.apps.forget_user(&watch.user_id),
        Some(_) => {}
    }
    if watch.reset_factors {
        org.factors.forget_user(&watch.user_id);
    }
}
