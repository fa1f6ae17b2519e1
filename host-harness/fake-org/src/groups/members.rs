//! A group's members: `GET /api/v1/groups/{groupId}/users` (paged, default `limit` 1000),
//! `PUT …/users/{userId}` (204, idempotent) and `DELETE …/users/{userId}` (204).
//!
//! `{userId}` is a user ID only: a login there is an unknown ID, so 404 (User), as Okta answers.

use std::ops::Bound;

use super::not_editable;
use crate::errors::ApiError;
use crate::ids::USER_PREFIX;
use crate::listing::{self, id_page, page_reply};
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;
use crate::users::render::{Href, Links, write_tail};

/// The spec's default ("set to a very high number due to historical reasons").
const DEFAULT_LIMIT: usize = 1000;
const MAX_LIMIT: usize = 10_000;

/// `User[]` in ID order, each with only its `self` link, as the users list answers them.
pub(super) fn list(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let group = org.groups.found(&params[0])?;
    let limit = listing::limit(&req.query, DEFAULT_LIMIT, MAX_LIMIT)?;
    let cursor = listing::after(&req.query, USER_PREFIX)?;
    let start = cursor
        .as_ref()
        .map_or(Bound::Unbounded, |c| Bound::Excluded(c.id.as_str()));
    let members = group
        .members
        .range::<str, _>((start, Bound::Unbounded))
        .filter_map(|id| org.users.stored(id));
    let (page, next) = id_page(members, limit, |stored| &stored.user.id);
    let href = Href::new(&req.origin);
    let mut out = vec![b'['];
    for (index, stored) in page.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(stored.head());
        write_tail(
            &mut out,
            &stored.user,
            &org.user_type,
            &href,
            Links::SelfOnly,
        );
    }
    out.push(b']');
    Ok(page_reply(out, req, limit, next.as_ref()))
}

pub(super) fn add(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let (group_id, user_id) = editable_membership(org, params)?;
    org.groups.add_member(&group_id, &user_id, req.now);
    Ok(Reply::no_content())
}

pub(super) fn remove(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let (group_id, user_id) = editable_membership(org, params)?;
    org.groups.remove_member(&group_id, &user_id, req.now);
    Ok(Reply::no_content())
}

/// The group (404 if unknown), the user by ID (404 if unknown), then the group's type (403 unless
/// it is an `OKTA_GROUP`).
fn editable_membership(org: &Org, params: &[String]) -> Result<(String, String), ApiError> {
    let group = org.groups.found(&params[0])?;
    let user_id = &params[1];
    if org.users.get(user_id).is_none() {
        return Err(ApiError::not_found(user_id, "User"));
    }
    if !group.is_editable() {
        return Err(not_editable(group));
    }
    Ok((group.id.clone(), user_id.clone()))
}
