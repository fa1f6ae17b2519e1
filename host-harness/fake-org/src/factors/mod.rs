//! A user's enrolled factors (`/api/v1/users/{userId}/factors…`): list, get and unenroll.
//!
//! `{userId}` is the user ID only: a login there is 404 (User), as the spec declares it. An unknown
//! factor is 404 `… ({factorId}) (UserFactor)` (recorded). Unenrolling is refused for a
//! DEPROVISIONED user ("You can't unenroll a factor from a deactivated user": 403 E0000038), and
//! unenrolling push also unenrolls Okta Verify's one-time codes. Enrolment is not modelled: the
//! sample org comes with factors ([`seed`]).

mod model;
mod render;
pub(crate) mod seed;
#[cfg(test)]
mod tests;

use http::Method;
use serde_json::Value;

pub(crate) use model::FactorStore;

use super::errors::ApiError;
use super::org::Org;
use super::reply::Reply;
use super::request::ApiRequest;
use super::router::Route;
use super::users::model::{Status, User};
use model::Factor;
use render::write_factor;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/users/{userId}/factors",
        methods: &[(Method::GET, list)],
    },
    Route {
        pattern: "/api/v1/users/{userId}/factors/{factorId}",
        methods: &[(Method::GET, get), (Method::DELETE, unenroll)],
    },
];

/// A user's factors as JSON on `origin` (for `FakeOrg::factors`).
pub(crate) fn factors_json(org: &Org, user_id: &str, origin: &str) -> Vec<Value> {
    org.factors
        .of_user(user_id)
        .map(|factor| {
            let mut out = Vec::new();
            write_factor(&mut out, factor, origin);
            serde_json::from_slice(&out).unwrap_or_default()
        })
        .collect()
}

/// The `factorType` of a user's factor (a log event's target).
pub(crate) fn factor_type(org: &Org, user_id: &str, factor_id: &str) -> Option<&'static str> {
    org.factors
        .get(user_id, factor_id)
        .map(|factor| factor.kind.factor_type())
}

/// `UserFactor[]`, no paging (the spec gives the endpoint no paging parameters).
fn list(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let user = find_user(org, &params[0])?;
    let mut out = vec![b'['];
    for (index, factor) in org.factors.of_user(&user.id).enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_factor(&mut out, factor, &req.origin);
    }
    out.push(b']');
    Ok(Reply::ok_bytes(out))
}

fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let factor = find_factor(org, &params[0], &params[1])?;
    let mut out = Vec::with_capacity(1024);
    write_factor(&mut out, factor, &req.origin);
    Ok(Reply::ok_bytes(out))
}

/// `DELETE …/factors/{factorId}?removeRecoveryEnrollment=` → 204.
fn unenroll(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    req.query.bool("removeRecoveryEnrollment", false)?;
    let user = find_user(org, &params[0])?;
    if user.status == Status::Deprovisioned {
        return Err(ApiError::wrong_status());
    }
    let factor = find_factor(org, &params[0], &params[1])?;
    let (user_id, factor_id) = (factor.user_id.clone(), factor.id.clone());
    org.factors.unenroll(&user_id, &factor_id);
    Ok(Reply::no_content())
}

fn find_user<'a>(org: &'a Org, id: &str) -> Result<&'a User, ApiError> {
    org.users
        .get(id)
        .ok_or_else(|| ApiError::not_found(id, "User"))
}

fn find_factor<'a>(org: &'a Org, user_id: &str, factor_id: &str) -> Result<&'a Factor, ApiError> {
    find_user(org, user_id)?;
    org.factors
        .get(user_id, factor_id)
        .ok_or_else(|| ApiError::not_found(factor_id, "UserFactor"))
}
