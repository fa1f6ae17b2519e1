//! App user assignments (`/api/v1/apps/{appId}/users…`).
//!
//! | operation | answer | notes |
//! |---|---|---|
//! | list | `AppUser[]` in user-ID order | `limit` 50 (1..500), `after`, `q` (username, first or last name, email starts with), `expand=user` |
//! | assign (POST, body `{id, scope?, credentials?, profile?}`) | `AppUser` | a user already assigned is updated, not duplicated |
//! | get | `AppUser` | `expand=user` embeds the `User` |
//! | update (POST, `{credentials}` or `{profile}`) | `AppUser` | profile keys merge, `null` clears one |
//! | unassign (DELETE, `sendEmail`) | 204 | |
//!
//! The user must exist (404 User) and not be DEPROVISIONED (403 E0000038). A password is accepted
//! only by password-based apps (400 E0000041 otherwise) and is never returned. Provisioning apps
//! give the assignment an `externalId` and status PROVISIONED; SSO-only apps give ACTIVE.

use serde_json::{Map, Value};

use super::find_assignment;
use super::model::{ASSIGNMENT_PREFIX, App, AppUser, Scope};
use super::render::write_app_user;
use crate::errors::ApiError;
use crate::ids::USER_PREFIX;
use crate::listing::{self, id_page, json_array, non_empty, page_reply};
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;
use crate::time::Timestamp;
use crate::users::model::{Status, User};
use crate::users::render::{Links, user_bytes};

const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;
const MAX_USER_NAME: usize = 100;

/// The `AppUser` JSON, with the Okta user embedded when `with_user`.
pub(super) fn app_user_json(
    org: &Org,
    assignment: &AppUser,
    origin: &str,
    with_user: bool,
) -> Vec<u8> {
    let user = with_user
        .then(|| org.users.get(&assignment.user_id))
        .flatten()
        .map(|user| user_bytes(user, &org.user_type, origin, Links::Full, false));
    let mut out = Vec::with_capacity(1024);
    write_app_user(&mut out, assignment, origin, user.as_deref());
    out
}

pub(super) fn list(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let app = org.apps.found(&params[0])?;
    let limit = listing::limit(&req.query, DEFAULT_LIMIT, MAX_LIMIT)?;
    let cursor = listing::after(&req.query, USER_PREFIX)?;
    let prefix = non_empty(req.query.get("q")).map(str::to_lowercase);
    let with_user = expands_user(req);
    let hits = org
        .apps
        .users_of(&app.id, cursor.as_ref().map(|c| c.id.as_str()))
        .filter(|assignment| {
            prefix
                .as_deref()
                .is_none_or(|p| q_matches(assignment, org.users.get(&assignment.user_id), p))
        });
    let (page, next) = id_page(hits, limit, |assignment| &assignment.user_id);
    let body = json_array(&page, |out, assignment| {
        out.extend_from_slice(&app_user_json(org, assignment, &req.origin, with_user));
    });
    Ok(page_reply(body, req, limit, next.as_ref()))
}

/// `q` matches the start of the app username or of the user's first name, last name or email.
fn q_matches(assignment: &AppUser, user: Option<&User>, prefix: &str) -> bool {
    let profile = |key: &str| {
        assignment
            .profile
            .get(key)
            .and_then(Value::as_str)
            .or_else(|| user.map(|user| user.profile_text(key)))
            .unwrap_or("")
    };
    [
        assignment.user_name.as_str(),
        profile("firstName"),
        profile("lastName"),
        profile("email"),
    ]
    .iter()
    .any(|value| value.to_lowercase().starts_with(prefix))
}

pub(super) fn assign(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let app = org.apps.found(&params[0])?.clone();
    let body = req.json_object()?;
    let user_id = match body.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
        None | Some(Value::Null | Value::String(_)) => return Err(ApiError::blank("id")),
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let user = org
        .users
        .get(&user_id)
        .ok_or_else(|| ApiError::not_found(&user_id, "User"))?;
    if user.status == Status::Deprovisioned {
        return Err(ApiError::wrong_status());
    }
    let scope = scope(&body)?;
    let change = Change::read(&body, &app)?;
    if org.apps.assignment(&app.id, &user_id).is_none() {
        let assignment = new_assignment(org, &app, &user_id, scope, req.now)
            .ok_or_else(|| ApiError::not_found(&user_id, "User"))?;
        org.apps.assign(assignment);
    } else if let Some(existing) = org.apps.assignment_mut(&app.id, &user_id) {
        existing.scope = scope;
    }
    if let Some(assignment) = org.apps.assignment_mut(&app.id, &user_id) {
        change.apply(assignment, req.now);
    }
    respond(org, req, &app.id, &user_id, false)
}

/// A new assignment of an existing user: the username from the app's template, the profile from
/// the app's mappings.
fn new_assignment(
    org: &mut Org,
    app: &App,
    user_id: &str,
    scope: Scope,
    now: Timestamp,
) -> Option<AppUser> {
    let user = org.users.get(user_id)?;
    let user_name = app.default_user_name(user.login(), user.profile_text("email"));
    let profile = initial_profile(app, user);
    let provisioned = app.provisioning;
    Some(AppUser {
        app_id: app.id.clone(),
        user_id: user_id.to_owned(),
        assignment_id: org.ids.object_id(ASSIGNMENT_PREFIX),
        external_id: provisioned.then(|| org.ids.token(18).replace(['-', '_'], "x")),
        created: now,
        last_updated: now,
        scope,
        status_changed: now,
        password_changed: None,
        last_sync: provisioned.then_some(now),
        user_name,
        password: None,
        profile,
    })
}

/// A provisioning app's profile starts from the mapped Okta attributes; an SSO app's is empty.
fn initial_profile(app: &App, user: &User) -> Map<String, Value> {
    let mut profile = Map::new();
    if app.provisioning {
        for key in ["email", "firstName", "lastName", "displayName"] {
            if let Some(value) = user.profile.get(key) {
                profile.insert(key.to_owned(), value.clone());
            }
        }
    }
    profile
}

pub(super) fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    find_assignment(org, &params[0], &params[1])?;
    respond(org, req, &params[0], &params[1], expands_user(req))
}

/// `POST /api/v1/apps/{appId}/users/{userId}`: `{credentials}` and/or `{profile}`.
pub(super) fn update(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    find_assignment(org, &params[0], &params[1])?;
    let app = org.apps.found(&params[0])?.clone();
    let change = Change::read(&req.json_object()?, &app)?;
    if let Some(assignment) = org.apps.assignment_mut(&params[0], &params[1]) {
        change.apply(assignment, req.now);
    }
    respond(org, req, &params[0], &params[1], false)
}

pub(super) fn unassign(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    req.query.bool("sendEmail", false)?;
    find_assignment(org, &params[0], &params[1])?;
    org.apps.unassign(&params[0], &params[1]);
    Ok(Reply::no_content())
}

fn respond(
    org: &Org,
    req: &ApiRequest,
    app_id: &str,
    user_id: &str,
    with_user: bool,
) -> Result<Reply, ApiError> {
    let assignment = find_assignment(org, app_id, user_id)?;
    Ok(Reply::ok_bytes(app_user_json(
        org,
        assignment,
        &req.origin,
        with_user,
    )))
}

fn expands_user(req: &ApiRequest) -> bool {
    req.query
        .get("expand")
        .is_some_and(|expand| expand.trim() == "user")
}

fn scope(body: &Map<String, Value>) -> Result<Scope, ApiError> {
    match body.get("scope") {
        None | Some(Value::Null) => Ok(Scope::User),
        Some(Value::String(text)) => Scope::parse(text).ok_or_else(|| {
            ApiError::validation("scope").with_cause("scope: The value must be USER or GROUP")
        }),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

/// What a body asks to change: the username, the password, profile attributes.
struct Change {
    user_name: Option<String>,
    password: Option<String>,
    profile: Option<Map<String, Value>>,
}

impl Change {
    fn read(body: &Map<String, Value>, app: &App) -> Result<Change, ApiError> {
        let (user_name, password) = match body.get("credentials") {
            None | Some(Value::Null) => (None, None),
            Some(Value::Object(credentials)) => credentials_of(credentials)?,
            Some(_) => return Err(ApiError::malformed_body()),
        };
        if password.is_some() && !app.takes_passwords() {
            return Err(ApiError::credentials_not_allowed());
        }
        let profile = match body.get("profile") {
            None | Some(Value::Null) => None,
            Some(Value::Object(profile)) => Some(profile.clone()),
            Some(_) => return Err(ApiError::malformed_body()),
        };
        Ok(Change {
            user_name,
            password,
            profile,
        })
    }

    fn apply(self, assignment: &mut AppUser, now: Timestamp) {
        let mut changed = false;
        if let Some(user_name) = self.user_name {
            changed |= assignment.user_name != user_name;
            assignment.user_name = user_name;
        }
        if let Some(password) = self.password {
            assignment.password = Some(password);
            assignment.password_changed = Some(now);
            changed = true;
        }
        if let Some(patch) = self.profile {
            for (key, value) in patch {
                if value.is_null() {
                    changed |= assignment.profile.remove(&key).is_some();
                } else if assignment.profile.get(&key) != Some(&value) {
                    assignment.profile.insert(key, value);
                    changed = true;
                }
            }
        }
        if changed {
            assignment.last_updated = now;
            if assignment.last_sync.is_some() {
                assignment.last_sync = Some(now);
            }
        }
    }
}

/// `credentials: {userName?, password?: {value}}`; a username is 1 to 100 characters.
fn credentials_of(
    credentials: &Map<String, Value>,
) -> Result<(Option<String>, Option<String>), ApiError> {
    let user_name = match credentials.get("userName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => {
            let length = name.chars().count();
            if name.trim().is_empty() || length > MAX_USER_NAME {
                return Err(ApiError::validation("userName").with_cause(format!(
                    "userName: The value must be between 1 and {MAX_USER_NAME} characters"
                )));
            }
            Some(name.clone())
        }
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let password = match credentials.get("password") {
        None | Some(Value::Null) => None,
        Some(Value::Object(password)) => match password.get("value") {
            None | Some(Value::Null) => None,
            Some(Value::String(value)) => Some(value.clone()),
            Some(_) => return Err(ApiError::malformed_body()),
        },
        Some(_) => return Err(ApiError::malformed_body()),
    };
    Ok((user_name, password))
}
