//! addGroup (POST), getGroup, replaceGroup (PUT, the whole profile) and deleteGroup.

use serde_json::{Map, Value};

use super::render::Embedded;
use super::store::{GroupType, profile};
use super::{not_editable, write_group_with};
use crate::errors::{ApiError, Violations};
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;

const MAX_NAME: usize = 255;
const MAX_DESCRIPTION: usize = 1024;
const DUPLICATE: &str = "An object with this field already exists in the current organization";

/// `POST /api/v1/groups` `{profile: {name, description?, …}}` → the new `OKTA_GROUP`.
pub(super) fn create(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let profile = read_profile(org, &req.json_object()?, None)?;
    let id = org
        .groups
        .insert(&mut org.ids, GroupType::OktaGroup, profile, None, req.now);
    respond(org, req, &id)
}

pub(super) fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let id = org.groups.found(&params[0])?.id.clone();
    respond(org, req, &id)
}

/// `PUT /api/v1/groups/{groupId}`: the body's profile replaces the stored one entirely, so an
/// omitted description becomes `null` and custom attributes not sent are dropped.
pub(super) fn replace(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let group = org.groups.found(&params[0])?;
    if !group.is_editable() {
        return Err(not_editable(group));
    }
    let id = group.id.clone();
    let profile = read_profile(org, &req.json_object()?, Some(&id))?;
    org.groups.replace_profile(&id, profile, req.now);
    respond(org, req, &id)
}

/// `DELETE /api/v1/groups/{groupId}` → 204. `Everyone` cannot be deleted; imported groups can.
pub(super) fn delete(org: &mut Org, _: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let group = org.groups.found(&params[0])?;
    if group.kind == GroupType::BuiltIn {
        return Err(not_editable(group));
    }
    let id = group.id.clone();
    org.groups.remove(&id);
    Ok(Reply::no_content())
}

fn respond(org: &Org, req: &ApiRequest, id: &str) -> Result<Reply, ApiError> {
    let group = org.groups.found(id)?;
    let mut out = Vec::with_capacity(1024);
    write_group_with(&mut out, group, &req.origin, &Embedded::default());
    Ok(Reply::ok_bytes(out))
}

/// The body's `profile`, checked as Okta checks it: a non-blank `name` unique among `OKTA_GROUP`s
/// (`owner` is the group being replaced), an optional string `description`, lengths within limits.
/// Other attributes are kept as sent.
fn read_profile(
    org: &Org,
    body: &Map<String, Value>,
    owner: Option<&str>,
) -> Result<Map<String, Value>, ApiError> {
    let mut given = match body.get("profile") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(profile)) => profile.clone(),
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let mut violations = Violations::default();
    let name = match given.remove("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => name,
        Some(Value::String(_) | Value::Null) | None => {
            violations.add("name", "The field cannot be left blank");
            String::new()
        }
        Some(_) => {
            violations.add("name", "The value must be a string");
            String::new()
        }
    };
    if name.chars().count() > MAX_NAME {
        violations.add(
            "name",
            format!("The field cannot exceed {MAX_NAME} characters"),
        );
    }
    if !name.is_empty() && org.groups.name_taken(&name, owner) {
        violations.add("name", DUPLICATE);
    }
    let description = match given.remove("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text),
        Some(_) => {
            violations.add("description", "The value must be a string");
            None
        }
    };
    if description
        .as_deref()
        .is_some_and(|text| text.chars().count() > MAX_DESCRIPTION)
    {
        violations.add(
            "description",
            format!("The field cannot exceed {MAX_DESCRIPTION} characters"),
        );
    }
    violations.into_result()?;
    Ok(profile(&name, description.as_deref(), given))
}
