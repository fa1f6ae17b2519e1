//! What a user is assigned to: `GET /api/v1/users/{id}/groups` and `/appLinks`.

use serde_json::{Value, json};

use super::find;
use crate::fake_org::errors::ApiError;
use crate::fake_org::groups::group_json;
use crate::fake_org::org::Org;
use crate::fake_org::reply::Reply;
use crate::fake_org::request::ApiRequest;

/// `Group[]`, with the `self` link Okta sends although the endpoint takes no paging parameters.
pub(super) fn groups(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    let groups: Vec<Value> = org
        .groups
        .of_member(&id)
        .map(|group| group_json(group, &req.origin))
        .collect();
    let link = format!(
        "<{}/api/v1/users/{id}/groups?limit=200>; rel=\"self\"",
        req.origin
    );
    Ok(Reply::ok(Value::Array(groups)).with_header("link", link))
}

/// `AssignedAppLink[]`: the fake has no applications yet, so always `[]`.
pub(super) fn app_links(
    org: &mut Org,
    _: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    find(org, &params[0])?;
    Ok(Reply::ok(json!([])))
}
