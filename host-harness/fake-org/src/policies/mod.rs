//! Policies (`/api/v1/policies`), read-only: list by type, get one, list its rules.
//!
//! `GET /api/v1/policies` needs `type` (the spec marks it required): without it the answer is the
//! spec's missing-parameter error (400 E0000028), with a type Okta does not list the recorded
//! 400 E0000002 "Invalid policy type specified". Then:
//! - `status` (`ACTIVE` | `INACTIVE`) and `q` (name prefix, any case) narrow the list;
//! - policies come in priority order, or by name with `sortBy=name` (the only sort the spec has);
//! - `limit` (default and maximum 200) and `after` page them;
//! - `expand=rules` embeds each policy's rules (`_embedded.rules`, as the legacy docs show);
//! - `resourceId` is accepted and ignored.

mod defaults;
mod model;
mod render;

use http::Method;

pub(crate) use defaults::seed_policies;
pub(crate) use model::PolicyStore;

use super::errors::ApiError;
use super::listing::{self, SortKey, SortOrder, json_array, non_empty, page_reply, sorted_page};
use super::org::Org;
use super::reply::Reply;
use super::request::{ApiRequest, invalid_parameter};
use super::router::Route;
use model::{Policy, PolicyStatus, PolicyType};
use render::{write_policy, write_rule};

const MAX_LIMIT: usize = 200;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/policies",
        methods: &[(Method::GET, list)],
    },
    Route {
        pattern: "/api/v1/policies/{policyId}",
        methods: &[(Method::GET, get)],
    },
    Route {
        pattern: "/api/v1/policies/{policyId}/rules",
        methods: &[(Method::GET, rules)],
    },
];

/// The global session policy every sign-in is evaluated against: (ID, name) of the system one.
pub(crate) fn sign_on_policy(org: &Org) -> Option<(String, String)> {
    org.policies
        .of_type(PolicyType::OktaSignOn)
        .find(|policy| policy.system)
        .map(|policy| (policy.id.clone(), policy.name.clone()))
}

fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let query = &req.query;
    let kind = match non_empty(query.get("type")) {
        None => return Err(ApiError::missing_parameter()),
        Some(text) => PolicyType::parse(text.trim()).ok_or_else(ApiError::invalid_policy_type)?,
    };
    let status = non_empty(query.get("status"))
        .map(|text| PolicyStatus::parse(text).ok_or_else(|| invalid_parameter("status")))
        .transpose()?;
    let by_name = match non_empty(query.get("sortBy")) {
        None => false,
        Some("name") => true,
        Some(_) => return Err(invalid_parameter("sortBy")),
    };
    let prefix = non_empty(query.get("q")).map(str::to_lowercase);
    let limit = listing::limit(query, MAX_LIMIT, MAX_LIMIT)?;
    let cursor = listing::after(query, "")?;
    let with_rules = query.get("expand").is_some_and(|e| e.trim() == "rules");
    let hits = org
        .policies
        .of_type(kind)
        .filter(|policy| status.is_none_or(|s| policy.status == s))
        .filter(|policy| {
            prefix
                .as_deref()
                .is_none_or(|p| policy.name.to_lowercase().starts_with(p))
        })
        .map(|policy| (sort_key(policy, by_name), policy.id.clone(), policy))
        .collect();
    let (page, next) = sorted_page(hits, SortOrder::Ascending, cursor.as_ref(), limit)?;
    let body = json_array(&page, |out, policy| {
        write_policy(out, policy, &req.origin, with_rules);
    });
    Ok(page_reply(body, req, limit, next.as_ref()))
}

fn sort_key(policy: &Policy, by_name: bool) -> SortKey {
    if by_name {
        SortKey::text(&policy.name)
    } else {
        SortKey::Number(f64::from(policy.priority))
    }
}

fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let policy = org.policies.found(&params[0])?;
    let with_rules = req.query.get("expand").is_some_and(|e| e.trim() == "rules");
    let mut out = Vec::with_capacity(2048);
    write_policy(&mut out, policy, &req.origin, with_rules);
    Ok(Reply::ok_bytes(out))
}

/// `PolicyRule[]` in priority order.
fn rules(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let policy = org.policies.found(&params[0])?;
    let body = json_array(&policy.rules, |out, rule| {
        write_rule(out, policy, rule, &req.origin);
    });
    Ok(Reply::ok_bytes(body))
}

#[cfg(test)]
mod tests {
    use crate::test_support::{get, next_path, org, send};
    use http::{Method, StatusCode};
    use serde_json::Value;

    fn names(body: &Value) -> Vec<&str> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn the_type_is_required_and_must_be_known() {
        let org = org(3);
        let (status, missing) = get(&org, "/api/v1/policies");
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(missing["errorCode"], "E0000028");
        let (status, unknown) = get(&org, "/api/v1/policies?type=OAUTH_AUTHORIZATION_POLICY");
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(unknown["errorCode"], "E0000002");
        assert_eq!(
            unknown["errorSummary"],
            "The request was not valid: Invalid policy type specified"
        );
        let (status, none) = get(&org, "/api/v1/policies?type=CLIENT_UPDATE");
        assert_eq!((status, none), (StatusCode::OK, Value::Array(vec![])));
    }

    #[test]
    fn policies_come_in_priority_order_and_narrow() {
        let org = org(3);
        let (_, sign_on) = get(&org, "/api/v1/policies?type=OKTA_SIGN_ON");
        assert_eq!(
            names(&sign_on),
            [
                "Admins Require MFA",
                "Contractor Sessions",
                "Default Policy"
            ]
        );
        let default = &sign_on[2];
        assert_eq!(
            (&default["system"], &default["priority"]),
            (&true.into(), &3.into())
        );
        assert!(default["id"].as_str().unwrap().starts_with("00p"));
        let (_, active) = get(&org, "/api/v1/policies?type=OKTA_SIGN_ON&status=ACTIVE");
        assert_eq!(names(&active), ["Admins Require MFA", "Default Policy"]);
        let (_, q) = get(&org, "/api/v1/policies?type=PASSWORD&q=eng");
        assert_eq!(names(&q), ["Engineering Password Policy"]);
        let (_, by_name) = get(&org, "/api/v1/policies?type=ACCESS_POLICY&sortBy=name");
        assert_eq!(
            names(&by_name),
            [
                "Any two factors",
                "Default Policy",
                "Okta Admin Console",
                "Okta Dashboard"
            ]
        );
        assert!(by_name[0]["id"].as_str().unwrap().starts_with("rst"));
        let (status, _) = get(&org, "/api/v1/policies?type=PASSWORD&status=ON");
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn pages_and_rules() {
        let org = org(3);
        let mut seen = Vec::new();
        let mut path = Some("/api/v1/policies?type=PASSWORD&limit=2&expand=rules".to_owned());
        while let Some(next) = path {
            let response = send(&org, Method::GET, &next, None);
            let body: Value = serde_json::from_slice(response.body()).unwrap();
            for policy in body.as_array().unwrap() {
                assert_eq!(policy["_embedded"]["rules"][0]["type"], "PASSWORD");
                seen.push(policy["name"].as_str().unwrap().to_owned());
            }
            path = next_path(&response);
        }
        assert_eq!(seen.len(), 3);
        let (_, list) = get(&org, "/api/v1/policies?type=MFA_ENROLL");
        let id = list[0]["id"].as_str().unwrap();
        let (status, one) = get(&org, &format!("/api/v1/policies/{id}"));
        assert_eq!((status, &one), (StatusCode::OK, &list[0]));
        let (_, rules) = get(&org, &format!("/api/v1/policies/{id}/rules"));
        assert!(rules[0]["id"].as_str().unwrap().starts_with("0pr"));
        assert_eq!(
            get(&org, "/api/v1/policies/00pNOPE").0,
            StatusCode::NOT_FOUND
        );
    }
}
