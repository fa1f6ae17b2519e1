//! The groups a user belongs to: `GET /api/v1/users/{id}/groups` (`/appLinks` is served by `apps/`).

use super::find;
use crate::errors::ApiError;
use crate::groups::write_group;
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;

/// `Group[]`, with the `self` link Okta sends although the endpoint takes no paging parameters.
pub(super) fn groups(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = find(org, &params[0])?;
    let mut groups = vec![b'['];
    for (index, group) in org.groups.of_member(&id).enumerate() {
        if index > 0 {
            groups.push(b',');
        }
        write_group(&mut groups, group, &req.origin);
    }
    groups.push(b']');
    let link = format!(
        "<{}/api/v1/users/{id}/groups?limit=200>; rel=\"self\"",
        req.origin
    );
    Ok(Reply::ok_bytes(groups).with_header("link", link))
}
