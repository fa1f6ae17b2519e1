//! createUser, getUser, updateUser (POST, partial), replaceUser (PUT, full) and deleteUser.

use http::StatusCode;
use serde_json::{Map, Value};

use super::input::{
    CredentialsInput, check_profile, group_ids, merge_profile, profile_patch, realm_id, user_type,
};
use super::model::{Status, User};
use super::render::{Links, etag, user_bytes};
use super::{find, not_found};
use crate::errors::{ApiError, Violations};
use crate::ids::USER_PREFIX;
use crate::org::Org;
use crate::reply::Reply;
use crate::request::{ApiRequest, invalid_parameter};

/// `POST /api/v1/users?activate=&provider=&nextLogin=`
///
/// The status follows the spec's creation table: `activate=false` → STAGED; activated with a
/// password (or a non-Okta provider) → ACTIVE, or PASSWORD_EXPIRED with `nextLogin=changePassword`;
/// activated without one → PROVISIONED. Every user joins `Everyone` and the `groupIds` groups.
pub(super) fn create(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let activate = req.query.bool("activate", true)?;
    req.query.bool("provider", false)?;
    let expire_password = next_login(req)?;
    let body = req.json_object()?;
    let mut profile = Map::new();
    if let Some(patch) = profile_patch(&body)? {
        merge_profile(&mut profile, patch);
    }
    let credentials = CredentialsInput::parse(&body)?;
    let type_id = user_type(org, &body)?.unwrap_or_else(|| org.user_type.id.clone());
    let realm_id = realm_id(&body)?.flatten();
    let groups = group_ids(org, &body)?;

    let mut violations = Violations::default();
    check_profile(&profile, &org.users, None, &mut violations);
    credentials.check_password(&profile, &mut violations);
    violations.into_result()?;
    if expire_password {
        check_expire_on_create(activate, &credentials)?;
    }

    let now = req.now;
    let mut user = User {
        id: org.ids.object_id(USER_PREFIX),
        status: Status::Staged,
        created: now,
        activated: None,
        status_changed: Some(now),
        last_login: None,
        last_updated: now,
        password_changed: None,
        type_id,
        realm_id,
        profile,
        password: None,
        recovery: credentials.recovery,
        provider: credentials.provider.unwrap_or_default(),
    };
    if let Some(password) = credentials.password {
        user.set_password(password, now);
    }
    if activate {
        user.activate(now);
        if expire_password {
            user.transition(Status::PasswordExpired, now);
        }
    }
    let everyone = org.groups.everyone().map(str::to_owned);
    for group in everyone.iter().chain(&groups) {
        org.groups.add_member(group, &user.id, now);
    }
    let json = user_bytes(&user, &org.user_type, &req.origin, Links::Full, false);
    org.users.insert(user);
    Ok(Reply::ok_bytes(json))
}

/// `nextLogin`: only `changePassword` exists.
fn next_login(req: &ApiRequest) -> Result<bool, ApiError> {
    match req.query.get("nextLogin") {
        None => Ok(false),
        Some("changePassword") => Ok(true),
        Some(_) => Err(invalid_parameter("nextLogin")),
    }
}

/// The spec's two examples for an impossible `nextLogin=changePassword`: E0000125 without
/// activation, E0000124 without a password.
fn check_expire_on_create(activate: bool, credentials: &CredentialsInput) -> Result<(), ApiError> {
    const NOT_ACTIVATED: &str = "Could not create user. To create a user and expire their password immediately, `activate` must be true.";
    const NO_PASSWORD: &str = "Could not create user. To create a user and expire their password immediately, a password must be specified.";
    if !activate {
        return Err(
            ApiError::new(StatusCode::BAD_REQUEST, "E0000125", NOT_ACTIVATED)
                .with_cause(NOT_ACTIVATED),
        );
    }
    if credentials.password.is_none() {
        return Err(
            ApiError::new(StatusCode::BAD_REQUEST, "E0000124", NO_PASSWORD).with_cause(NO_PASSWORD),
        );
    }
    Ok(())
}

/// `GET /api/v1/users/{id}` (ID, login, shortname or `me`), with an `ETag`;
/// `expand=blocks` adds `_embedded.blocks` (the fake blocks nobody).
pub(super) fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    let user = org.users.get(&id).ok_or_else(|| not_found(&params[0]))?;
    let expand = req.query.get("expand").unwrap_or("");
    let blocks = expand.split(',').any(|part| part.trim() == "blocks");
    let json = user_bytes(user, &org.user_type, &req.origin, Links::Full, blocks);
    let tag = etag(&json);
    Ok(Reply::ok_bytes(json).with_header("etag", tag))
}

/// `POST /api/v1/users/{id}`: partial update. Profile keys merge (`null` clears one).
pub(super) fn update(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    save(org, req, &params[0], Semantics::Partial)
}

/// `PUT /api/v1/users/{id}`: the given profile replaces the stored one entirely.
pub(super) fn replace(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    save(org, req, &params[0], Semantics::Replace)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Semantics {
    Partial,
    Replace,
}

/// Both update flavours. A DEPROVISIONED user answers 404, as Okta does unless the org enables
/// "Edit deactivated user profiles" (okta-sdk-java #721). The password is an admin set (no old
/// password needed), `strict` is accepted and `If-Match` is not enforced.
fn save(
    org: &mut Org,
    req: &ApiRequest,
    key: &str,
    semantics: Semantics,
) -> Result<Reply, ApiError> {
    req.query.bool("strict", false)?;
    let id = find(org, key)?;
    let current = org.users.get(&id).ok_or_else(|| not_found(key))?;
    if current.status == Status::Deprovisioned {
        return Err(not_found(key));
    }
    let body = req.json_object()?;
    let profile = updated_profile(&current.profile, &body, semantics)?;
    let credentials = CredentialsInput::parse(&body)?;
    let type_id = user_type(org, &body)?;
    let realm_id = realm_id(&body)?;

    let mut violations = Violations::default();
    check_profile(&profile, &org.users, Some(&id), &mut violations);
    credentials.check_password(&profile, &mut violations);
    violations.into_result()?;

    let now = req.now;
    org.users.update(&id, |user| {
        user.profile = profile;
        if let Some(password) = credentials.password {
            user.set_password(password, now);
        }
        if let Some(recovery) = credentials.recovery {
            user.recovery = Some(recovery);
        }
        if let Some(provider) = credentials.provider {
            user.provider = provider;
        }
        if let Some(type_id) = type_id {
            user.type_id = type_id;
        }
        if let Some(realm_id) = realm_id {
            user.realm_id = realm_id;
        }
        user.last_updated = now;
    });
    let user = org.users.get(&id).ok_or_else(|| not_found(key))?;
    Ok(Reply::ok_bytes(user_bytes(
        user,
        &org.user_type,
        &req.origin,
        Links::Full,
        false,
    )))
}

fn updated_profile(
    current: &Map<String, Value>,
    body: &Map<String, Value>,
    semantics: Semantics,
) -> Result<Map<String, Value>, ApiError> {
    let Some(patch) = profile_patch(body)? else {
        return Ok(current.clone());
    };
    let mut profile = match semantics {
        Semantics::Partial => current.clone(),
        Semantics::Replace => Map::new(),
    };
    merge_profile(&mut profile, patch);
    Ok(profile)
}

/// `DELETE /api/v1/users/{id}?sendEmail=`: the first call on a user that is not DEPROVISIONED
/// only deactivates it; the call on a DEPROVISIONED user deletes it (204 both times, as recorded).
pub(super) fn delete(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    req.query.bool("sendEmail", false)?;
    let id = find(org, &params[0])?;
    let deprovisioned = org
        .users
        .get(&id)
        .is_some_and(|user| user.status == Status::Deprovisioned);
    if deprovisioned {
        org.users.remove(&id);
        org.groups.remove_member_everywhere(&id, req.now);
    } else {
        org.users
            .update(&id, |user| user.transition(Status::Deprovisioned, req.now));
    }
    Ok(Reply::no_content())
}
