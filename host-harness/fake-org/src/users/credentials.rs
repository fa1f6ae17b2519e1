//! Endpoints declared with `{userId}`: they take the `00u…` ID only. A login there is an unknown
//! ID, so 404, as Okta answers.

use serde_json::Value;

use super::input::{meets_policy, password};
use super::model::{Password, Status};
use super::not_found;
use super::render::credentials_bytes;
use crate::errors::ApiError;
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;

const CHANGE_ALLOWED: &[Status] = &[
    Status::Staged,
    Status::Active,
    Status::PasswordExpired,
    Status::Recovery,
];

/// `POST /api/v1/users/{userId}/credentials/change_password?strict=`
/// body `{oldPassword: {value}, newPassword: {value} | {hash}, revokeSessions}` → `UserCredentials`.
///
/// A wrong old password or a new one the policy refuses is 403 E0000014; a status that does not
/// allow it (or a user without a password) is 403 E0000035. RECOVERY and PASSWORD_EXPIRED become
/// ACTIVE. An imported hash cannot be checked, so any old password is accepted against one.
pub(super) fn change_password(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    req.query.bool("strict", false)?;
    let id = &params[0];
    let user = org.users.get(id).ok_or_else(|| not_found(id))?;
    let body = req.json_object()?;
    let old = required_password(body.get("oldPassword"), "oldPassword")?;
    let new = required_password(body.get("newPassword"), "newPassword")?;
    if !matches!(
        body.get("revokeSessions"),
        None | Some(Value::Bool(_) | Value::Null)
    ) {
        return Err(ApiError::malformed_body());
    }
    if !CHANGE_ALLOWED.contains(&user.status) || user.password.is_none() {
        return Err(ApiError::change_password_not_allowed());
    }
    let old_matches = match (&user.password, &old) {
        (Some(Password::Hash), _) => true,
        (Some(Password::Value(current)), Password::Value(given)) => current == given,
        _ => false,
    };
    if !old_matches {
        return Err(ApiError::credentials_update_failed(
            "Old Password is not correct",
        ));
    }
    if let Password::Value(value) = &new
        && !meets_policy(value, &user.profile)
    {
        return Err(ApiError::credentials_update_failed(
            "password: Password requirements were not met. Password requirements: at least 8 \
             characters, a lowercase letter, an uppercase letter, a number, no parts of your username.",
        ));
    }
    let now = req.now;
    org.users.update(id, |user| {
        user.set_password(new, now);
        if matches!(user.status, Status::Recovery | Status::PasswordExpired) {
            user.transition(Status::Active, now);
        }
    });
    let user = org.users.get(id).ok_or_else(|| not_found(id))?;
    Ok(Reply::ok_bytes(credentials_bytes(user, false)))
}

fn required_password(value: Option<&Value>, field: &str) -> Result<Password, ApiError> {
    password(value)?.ok_or_else(|| {
        ApiError::validation(field).with_cause(format!("{field}: The field cannot be left blank"))
    })
}

/// `DELETE /api/v1/users/{userId}/sessions?oauthTokens=&forgetDevices=` → 204.
pub(super) fn clear_sessions(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    req.query.bool("oauthTokens", false)?;
    req.query.bool("forgetDevices", true)?;
    let id = &params[0];
    if org.users.get(id).is_none() {
        return Err(not_found(id));
    }
    Ok(Reply::no_content())
}
