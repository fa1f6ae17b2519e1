//! getApplication (`expand=user/{userId}`) and the app lifecycle (activate, deactivate → `{}`, as
//! recorded).

use super::assignments::app_user_json;
use super::model::AppStatus;
use super::render::write_app;
use crate::errors::ApiError;
use crate::org::Org;
use crate::reply::Reply;
use crate::request::{ApiRequest, Query};

pub(super) fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let app = org.apps.found(&params[0])?;
    let embedded = expanded_user(&req.query)
        .and_then(|user| org.apps.assignment(&app.id, user))
        .map(|assignment| app_user_json(org, assignment, &req.origin, false));
    let mut out = Vec::with_capacity(2048);
    write_app(&mut out, app, &req.origin, embedded.as_deref());
    Ok(Reply::ok_bytes(out))
}

pub(super) fn activate(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    set_status(org, req, &params[0], AppStatus::Active)
}

pub(super) fn deactivate(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    set_status(org, req, &params[0], AppStatus::Inactive)
}

/// Both lifecycle operations are idempotent: activating an active app answers `{}` too.
fn set_status(
    org: &mut Org,
    req: &ApiRequest,
    id: &str,
    status: AppStatus,
) -> Result<Reply, ApiError> {
    let id = org.apps.found(id)?.id.clone();
    if let Some(app) = org.apps.get_mut(&id)
        && app.status != status
    {
        app.status = status;
        app.last_updated = req.now;
    }
    Ok(Reply::empty_object())
}

/// The user of `expand=user/{userId}`, if that is what was asked.
pub(super) fn expanded_user(query: &Query) -> Option<&str> {
    query
        .get("expand")
        .and_then(|expand| expand.trim().strip_prefix("user/"))
        .filter(|user| !user.is_empty())
}
