//! `POST /api/v1/users/{id}/lifecycle/{operation}`: the user state machine.
//!
//! | operation | allowed from | result | otherwise |
//! |---|---|---|---|
//! | activate | STAGED, DEPROVISIONED | ACTIVE with a password, else PROVISIONED | ACTIVE: 403 E0000016; others: 403 E0000038 |
//! | reactivate | PROVISIONED, RECOVERY | unchanged (a new activation token) | 403 E0000038 |
//! | deactivate | all but DEPROVISIONED | DEPROVISIONED | 404 E0000007 (okta-sdk-java #721) |
//! | suspend | ACTIVE | SUSPENDED | 400 E0000001 |
//! | unsuspend | SUSPENDED | ACTIVE | 400 E0000001 |
//! | unlock | LOCKED_OUT | ACTIVE | 403 E0000032 (recorded) |
//! | reset_password | ACTIVE, PASSWORD_EXPIRED, LOCKED_OUT, RECOVERY, PROVISIONED | RECOVERY | 403 E0000038 |
//! | expire_password(_with_temp_password) | ACTIVE, PASSWORD_EXPIRED, LOCKED_OUT, RECOVERY | PASSWORD_EXPIRED | 403 E0000038 |
//! | reset_factors | all but DEPROVISIONED | unchanged | 403 E0000038 |
//!
//! PROVISIONED may reset its password because that is how a user without a password finishes
//! activation (spec, reactivateUser), and the recorded PROVISIONED user offers `resetPassword`.

use serde_json::json;

use super::model::{Password, Status};
use super::render::{Links, user_bytes};
use super::{find, not_found};
use crate::errors::ApiError;
use crate::json::Object;
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;

/// `activate?sendEmail=` (default `true`).
pub(super) fn activate(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let send_email = req.query.bool("sendEmail", true)?;
    let id = find(org, &params[0])?;
    match status(org, &id) {
        Status::Staged | Status::Deprovisioned => {}
        Status::Active => return Err(ApiError::already_active()),
        _ => return Err(ApiError::wrong_status()),
    }
    org.users.update(&id, |user| user.activate(req.now));
    Ok(activation(org, req, send_email))
}

/// `reactivate?sendEmail=` (default `false`).
pub(super) fn reactivate(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let send_email = req.query.bool("sendEmail", false)?;
    let id = find(org, &params[0])?;
    require(org, &id, &[Status::Provisioned, Status::Recovery])?;
    org.users.update(&id, |user| user.last_updated = req.now);
    Ok(activation(org, req, send_email))
}

/// With `sendEmail=false` the token comes back (Identity Engine URL form, as recorded in 2025);
/// otherwise Okta "sends the email" and answers `{}`.
fn activation(org: &mut Org, req: &ApiRequest, send_email: bool) -> Reply {
    if send_email {
        return Reply::empty_object();
    }
    let token = org.ids.token(20);
    let mut out = Vec::new();
    let mut body = Object::new(&mut out);
    body.str(
        "activationUrl",
        &format!("{}/tokens/{token}/verify", req.origin),
    )
    .str("activationToken", &token);
    body.end();
    Reply::ok_bytes(out)
}

/// `deactivate?sendEmail=` → 200 `{}` (the 2025–26 recordings).
pub(super) fn deactivate(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    req.query.bool("sendEmail", false)?;
    let id = find(org, &params[0])?;
    if status(org, &id) == Status::Deprovisioned {
        return Err(not_found(&params[0]));
    }
    move_to(org, &id, Status::Deprovisioned, req);
    Ok(Reply::empty_object())
}

pub(super) fn suspend(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    if status(org, &id) != Status::Active {
        return Err(precondition("Cannot suspend a user that is not active"));
    }
    move_to(org, &id, Status::Suspended, req);
    Ok(Reply::empty_object())
}

pub(super) fn unsuspend(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    if status(org, &id) != Status::Suspended {
        return Err(precondition(
            "Cannot unsuspend a user that is not suspended",
        ));
    }
    move_to(org, &id, Status::Active, req);
    Ok(Reply::empty_object())
}

/// Suspend and unsuspend report a wrong status as E0000001 (the error-code docs name this case).
fn precondition(message: &str) -> ApiError {
    ApiError::validation(message).with_cause(message)
}

pub(super) fn unlock(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    if status(org, &id) != Status::LockedOut {
        return Err(ApiError::unlock_not_allowed());
    }
    move_to(org, &id, Status::Active, req);
    Ok(Reply::empty_object())
}

/// `reset_password?sendEmail=` (required) `&revokeSessions=`.
pub(super) fn reset_password(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let send_email = req.query.required_bool("sendEmail")?;
    req.query.bool("revokeSessions", false)?;
    let id = find(org, &params[0])?;
    require(
        org,
        &id,
        &[
            Status::Active,
            Status::PasswordExpired,
            Status::LockedOut,
            Status::Recovery,
            Status::Provisioned,
        ],
    )?;
    move_to(org, &id, Status::Recovery, req);
    if send_email {
        return Ok(Reply::empty_object());
    }
    let token = org.ids.token(20);
    Ok(Reply::ok(json!({
        "resetPasswordUrl": format!("{}/reset_password/{token}", req.origin),
    })))
}

const EXPIRABLE: &[Status] = &[
    Status::Active,
    Status::PasswordExpired,
    Status::LockedOut,
    Status::Recovery,
];

/// `expire_password` → the User, now PASSWORD_EXPIRED.
pub(super) fn expire_password(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    require(org, &id, EXPIRABLE)?;
    if org
        .users
        .get(&id)
        .is_some_and(|user| user.password.is_none())
    {
        return Err(ApiError::wrong_status());
    }
    move_to(org, &id, Status::PasswordExpired, req);
    let user = org.users.get(&id).ok_or_else(|| not_found(&params[0]))?;
    Ok(Reply::ok_bytes(user_bytes(
        user,
        &org.user_type,
        &req.origin,
        Links::Full,
        false,
    )))
}

/// `expire_password_with_temp_password?revokeSessions=` → `{"tempPassword"}` (recorded).
pub(super) fn expire_password_with_temp_password(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    req.query.bool("revokeSessions", false)?;
    let id = find(org, &params[0])?;
    require(org, &id, EXPIRABLE)?;
    // Upper, lower and digit guaranteed, as the default password policy wants.
    let temp = format!("Tq{}7x", org.ids.token(8).replace(['-', '_'], "k"));
    org.users.update(&id, |user| {
        user.set_password(Password::Value(temp.clone()), req.now);
        user.transition(Status::PasswordExpired, req.now);
    });
    Ok(Reply::ok(json!({ "tempPassword": temp })))
}

/// `reset_factors` → `{}`; the fake enrolls no factors, so there is nothing to reset.
pub(super) fn reset_factors(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    if status(org, &id) == Status::Deprovisioned {
        return Err(ApiError::wrong_status());
    }
    org.users.update(&id, |user| user.last_updated = req.now);
    Ok(Reply::empty_object())
}

fn status(org: &Org, id: &str) -> Status {
    org.users
        .get(id)
        .map_or(Status::Deprovisioned, |user| user.status)
}

fn require(org: &Org, id: &str, allowed: &[Status]) -> Result<(), ApiError> {
    if allowed.contains(&status(org, id)) {
        Ok(())
    } else {
        Err(ApiError::wrong_status())
    }
}

fn move_to(org: &mut Org, id: &str, to: Status, req: &ApiRequest) {
    org.users.update(id, |user| user.transition(to, req.now));
}
