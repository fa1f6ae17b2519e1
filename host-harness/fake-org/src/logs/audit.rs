//! What the org writes to its System Log for the API calls it handles: one table, [`RULES`], says
//! which successful call records which event about which targets, for every resource (the users
//! API included, which predates the log and knows nothing of it).
//!
//! A rule is looked at before the call runs ([`observe`]): its condition is checked and its targets
//! named then, while a deleted user or group can still be named. After a 2xx answer, [`record`]
//! writes the events, adding objects the call created (their ID read from the answer). The actor is
//! the API token's owner, the transaction ID the call's `X-Okta-Request-Id`.

use http::Method;
use serde_json::Value;

use super::event::{
    APP_ACTIVATE, APP_DEACTIVATE, APP_MEMBER_ADD, APP_MEMBER_REMOVE, APP_MEMBER_UPDATE,
    FACTOR_DEACTIVATE, GROUP_CREATE, GROUP_DELETE, GROUP_MEMBER_ADD, GROUP_MEMBER_REMOVE,
    GROUP_UPDATE, HOOK_ACTIVATE, HOOK_CREATE, HOOK_DEACTIVATE, HOOK_DELETE, HOOK_UPDATE,
    HOOK_VERIFY, USER_ACTIVATE, USER_CREATE, USER_DEACTIVATE, USER_DELETE, USER_EXPIRE_PASSWORD,
    USER_REACTIVATE, USER_RESET_FACTORS, USER_RESET_PASSWORD, USER_SESSION_CLEAR, USER_SUSPEND,
    USER_UNLOCK, USER_UNSUSPEND, USER_UPDATE_PASSWORD, USER_UPDATE_PROFILE,
};
use super::event::{Client, EventKind, LogEvent, Party, Place, Severity};
use crate::factors;
use crate::org::Org;
use crate::paging::form_encode;
use crate::reply::{Body, Reply};
use crate::request::ApiRequest;
use crate::users::model::Status;

/// Where the fake's API calls come from when no `X-Forwarded-For` says otherwise.
const API_PLACE: Place = Place {
    city: "San Francisco",
    state: "California",
    country: "United States",
    postal_code: "94105",
    lat: 37.7897,
    lon: -122.3972,
};

/// Whether a rule applies, decided before the call runs (the org, the request, the path parameters).
type When = fn(&Org, &ApiRequest, &[String]) -> bool;

/// Who or what an event is about.
#[derive(Clone, Copy, Debug)]
enum Target {
    /// The user a path parameter names (ID, login, shortname or `me`).
    User(usize),
    Group(usize),
    App(usize),
    Hook(usize),
    /// The factor of `…/users/{userId}/factors/{factorId}`.
    Factor,
    /// The user the body's `id` names (app assignment).
    BodyUser,
    /// What the call created, by the `id` of its answer.
    CreatedUser,
    CreatedGroup,
    CreatedHook,
}

struct Rule {
    method: Method,
    /// The route's pattern, exactly as its module declares it.
    pattern: &'static str,
    when: Option<When>,
    kind: &'static EventKind,
    targets: &'static [Target],
}

const fn rule(
    method: Method,
    pattern: &'static str,
    kind: &'static EventKind,
    targets: &'static [Target],
) -> Rule {
    Rule {
        method,
        pattern,
        when: None,
        kind,
        targets,
    }
}

/// A rule that applies only when `when` holds before the call runs.
const fn guarded(
    method: Method,
    pattern: &'static str,
    kind: &'static EventKind,
    targets: &'static [Target],
    when: When,
) -> Rule {
    Rule {
        method,
        pattern,
        when: Some(when),
        kind,
        targets,
    }
}

use Target::{App, BodyUser, CreatedGroup, CreatedHook, CreatedUser, Factor, Group, Hook, User};

const USER: &[Target] = &[User(0)];

/// Every call that writes to the log: method, route, event, targets, and for some a condition.
#[rustfmt::skip]
const RULES: &[Rule] = &[
    rule(Method::POST, "/api/v1/users", &USER_CREATE, &[CreatedUser]),
    guarded(Method::POST, "/api/v1/users", &USER_ACTIVATE, &[CreatedUser], activates),
    rule(Method::POST, "/api/v1/users/{id}", &USER_UPDATE_PROFILE, USER),
    rule(Method::PUT, "/api/v1/users/{id}", &USER_UPDATE_PROFILE, USER),
    guarded(Method::DELETE, "/api/v1/users/{id}", &USER_DEACTIVATE, USER, not_deprovisioned),
    guarded(Method::DELETE, "/api/v1/users/{id}", &USER_DELETE, USER, deprovisioned),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/activate", &USER_ACTIVATE, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/reactivate", &USER_REACTIVATE, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/deactivate", &USER_DEACTIVATE, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/suspend", &USER_SUSPEND, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/unsuspend", &USER_UNSUSPEND, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/unlock", &USER_UNLOCK, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/reset_password", &USER_RESET_PASSWORD, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/expire_password", &USER_EXPIRE_PASSWORD, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password", &USER_EXPIRE_PASSWORD, USER),
    rule(Method::POST, "/api/v1/users/{id}/lifecycle/reset_factors", &USER_RESET_FACTORS, USER),
    rule(Method::POST, "/api/v1/users/{userId}/credentials/change_password", &USER_UPDATE_PASSWORD, USER),
    rule(Method::DELETE, "/api/v1/users/{userId}/sessions", &USER_SESSION_CLEAR, USER),
    rule(Method::DELETE, "/api/v1/users/{userId}/factors/{factorId}", &FACTOR_DEACTIVATE, &[User(0), Factor]),
    rule(Method::POST, "/api/v1/groups", &GROUP_CREATE, &[CreatedGroup]),
    rule(Method::PUT, "/api/v1/groups/{groupId}", &GROUP_UPDATE, &[Group(0)]),
    rule(Method::DELETE, "/api/v1/groups/{groupId}", &GROUP_DELETE, &[Group(0)]),
    guarded(Method::PUT, "/api/v1/groups/{groupId}/users/{userId}", &GROUP_MEMBER_ADD, &[User(1), Group(0)], not_member),
    guarded(Method::DELETE, "/api/v1/groups/{groupId}/users/{userId}", &GROUP_MEMBER_REMOVE, &[User(1), Group(0)], member),
    guarded(Method::POST, "/api/v1/apps/{appId}/lifecycle/activate", &APP_ACTIVATE, &[App(0)], app_inactive),
    guarded(Method::POST, "/api/v1/apps/{appId}/lifecycle/deactivate", &APP_DEACTIVATE, &[App(0)], app_active),
    guarded(Method::POST, "/api/v1/apps/{appId}/users", &APP_MEMBER_ADD, &[BodyUser, App(0)], not_assigned),
    guarded(Method::POST, "/api/v1/apps/{appId}/users", &APP_MEMBER_UPDATE, &[BodyUser, App(0)], assigned),
    rule(Method::POST, "/api/v1/apps/{appId}/users/{userId}", &APP_MEMBER_UPDATE, &[User(1), App(0)]),
    rule(Method::DELETE, "/api/v1/apps/{appId}/users/{userId}", &APP_MEMBER_REMOVE, &[User(1), App(0)]),
    rule(Method::POST, "/api/v1/eventHooks", &HOOK_CREATE, &[CreatedHook]),
    rule(Method::PUT, "/api/v1/eventHooks/{eventHookId}", &HOOK_UPDATE, &[Hook(0)]),
    rule(Method::DELETE, "/api/v1/eventHooks/{eventHookId}", &HOOK_DELETE, &[Hook(0)]),
    rule(Method::POST, "/api/v1/eventHooks/{eventHookId}/lifecycle/activate", &HOOK_ACTIVATE, &[Hook(0)]),
    rule(Method::POST, "/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate", &HOOK_DEACTIVATE, &[Hook(0)]),
    rule(Method::POST, "/api/v1/eventHooks/{eventHookId}/lifecycle/verify", &HOOK_VERIFY, &[Hook(0)]),
];

/// createUser activates unless `activate=false`.
fn activates(_: &Org, req: &ApiRequest, _: &[String]) -> bool {
    req.query.bool("activate", true).unwrap_or(false)
}

fn user_status(org: &Org, key: &str) -> Option<Status> {
    let id = org.resolve_user(key)?;
    org.users.get(&id).map(|user| user.status)
}

/// The first DELETE of a user deactivates it, the second deletes it.
fn not_deprovisioned(org: &Org, _: &ApiRequest, params: &[String]) -> bool {
    user_status(org, &params[0]).is_some_and(|status| status != Status::Deprovisioned)
}

fn deprovisioned(org: &Org, _: &ApiRequest, params: &[String]) -> bool {
    user_status(org, &params[0]) == Some(Status::Deprovisioned)
}

/// Adding a member twice is answered 204 both times but is one change.
fn member(org: &Org, _: &ApiRequest, params: &[String]) -> bool {
    org.groups
        .get(&params[0])
        .is_some_and(|group| group.members.contains(&params[1]))
}

fn not_member(org: &Org, req: &ApiRequest, params: &[String]) -> bool {
    !member(org, req, params)
}

fn app_active(org: &Org, _: &ApiRequest, params: &[String]) -> bool {
    org.apps.get(&params[0]).is_some_and(|app| app.is_active())
}

fn app_inactive(org: &Org, req: &ApiRequest, params: &[String]) -> bool {
    !app_active(org, req, params)
}

/// Assigning a user who is already assigned updates the assignment.
fn assigned(org: &Org, req: &ApiRequest, params: &[String]) -> bool {
    body_id(req).is_some_and(|user| org.apps.assignment(&params[0], &user).is_some())
}

fn not_assigned(org: &Org, req: &ApiRequest, params: &[String]) -> bool {
    !assigned(org, req, params)
}

fn body_id(req: &ApiRequest) -> Option<String> {
    let body = req.json_object().ok()?;
    body.get("id").and_then(Value::as_str).map(str::to_owned)
}

/// The events a call will record if it succeeds, with the targets named before it runs.
pub(crate) struct Observation {
    events: Vec<(&'static Rule, Vec<Named>)>,
}

enum Named {
    Known(Party),
    /// Named from the answer, once the object exists.
    Created(Target),
}

/// Looks at a request before it runs. `None` when it will record nothing (reads, unknown routes).
pub(crate) fn observe(
    org: &Org,
    req: &ApiRequest,
    pattern: &str,
    params: &[String],
) -> Option<Observation> {
    if req.method == Method::GET || req.method == Method::HEAD {
        return None;
    }
    let events: Vec<_> = RULES
        .iter()
        .filter(|rule| rule.method == req.method && rule.pattern == pattern)
        .filter(|rule| rule.when.is_none_or(|when| when(org, req, params)))
        .map(|rule| {
            let named = rule
                .targets
                .iter()
                .filter_map(|target| name(org, req, params, *target))
                .collect();
            (rule, named)
        })
        .collect();
    (!events.is_empty()).then_some(Observation { events })
}

/// Writes the observed events if the call succeeded.
pub(crate) fn record(
    org: &mut Org,
    req: &ApiRequest,
    observation: Observation,
    reply: &Reply,
    request_id: &str,
) {
    if !reply.status.is_success() {
        return;
    }
    let created = created_id(reply);
    let actor = actor(org);
    let client = client(req);
    let url = url(req);
    for (rule, named) in observation.events {
        let targets = named
            .into_iter()
            .filter_map(|named| match named {
                Named::Known(party) => Some(party),
                Named::Created(target) => created
                    .as_deref()
                    .and_then(|id| created_party(org, target, id)),
            })
            .collect();
        let event = LogEvent {
            uuid: String::new(),
            published: req.now,
            kind: rule.kind,
            severity: Severity::Info,
            result: "SUCCESS",
            reason: None,
            actor: actor.clone(),
            targets,
            client: client.clone(),
            transaction_id: request_id.to_owned(),
            token_id: org.log.token_id.clone(),
            request_uri: Some(req.path.clone()),
            url: Some(url.clone()),
            session_id: "unknown".to_owned(),
        };
        org.log.record(event);
    }
}

fn name(org: &Org, req: &ApiRequest, params: &[String], target: Target) -> Option<Named> {
    let param = |index: usize| params.get(index).map(String::as_str);
    let party = match target {
        User(index) => user_party(org, param(index)?),
        Group(index) => group_party(org, param(index)?),
        App(index) => app_party(org, param(index)?),
        Hook(index) => hook_party(org, param(index)?),
        Factor => factor_party(org, param(0)?, param(1)?),
        BodyUser => user_party(org, &body_id(req)?),
        CreatedUser | CreatedGroup | CreatedHook => return Some(Named::Created(target)),
    };
    party.map(Named::Known)
}

fn created_party(org: &Org, target: Target, id: &str) -> Option<Party> {
    match target {
        CreatedUser => user_party(org, id),
        CreatedGroup => group_party(org, id),
        CreatedHook => hook_party(org, id),
        _ => None,
    }
}

/// The `id` of the object an answer carries.
fn created_id(reply: &Reply) -> Option<String> {
    let value = match &reply.body {
        Body::Json(value) => value.clone(),
        Body::Raw { bytes, .. } => serde_json::from_slice(bytes).ok()?,
        Body::Empty => return None,
    };
    value.get("id").and_then(Value::as_str).map(str::to_owned)
}

/// A user as an actor or target: login as `alternateId`, "First Last" as `displayName`.
pub(crate) fn user_party(org: &Org, key: &str) -> Option<Party> {
    let id = org.resolve_user(key)?;
    let user = org.users.get(&id)?;
    let display = format!(
        "{} {}",
        user.profile_text("firstName"),
        user.profile_text("lastName")
    );
    Some(Party {
        id: user.id.clone(),
        kind: "User",
        alternate_id: user.login().to_owned(),
        display_name: display.trim().to_owned(),
    })
}

fn group_party(org: &Org, id: &str) -> Option<Party> {
    let group = org.groups.get(id)?;
    Some(Party {
        id: group.id.clone(),
        kind: "UserGroup",
        alternate_id: "unknown".to_owned(),
        display_name: group.name().to_owned(),
    })
}

pub(crate) fn app_party(org: &Org, id: &str) -> Option<Party> {
    let app = org.apps.get(id)?;
    Some(Party {
        id: app.id.clone(),
        kind: "AppInstance",
        alternate_id: app.label.clone(),
        display_name: app.label.clone(),
    })
}

fn hook_party(org: &Org, id: &str) -> Option<Party> {
    let hook = org.hooks.get(id)?;
    Some(Party {
        id: hook.id.clone(),
        kind: "EventHook",
        alternate_id: hook.channel.uri.clone(),
        display_name: hook.name.clone(),
    })
}

fn factor_party(org: &Org, user: &str, factor: &str) -> Option<Party> {
    let factor_type = factors::factor_type(org, user, factor)?;
    Some(Party {
        id: factor.to_owned(),
        kind: "AuthenticatorEnrollment",
        alternate_id: "unknown".to_owned(),
        display_name: factor_type.to_owned(),
    })
}

/// The API token's owner; a token whose owner was deleted still acts, as `unknown`.
fn actor(org: &Org) -> Party {
    org.admin_id
        .as_deref()
        .and_then(|id| user_party(org, id))
        .unwrap_or_else(|| Party {
            id: "unknown".to_owned(),
            kind: "User",
            alternate_id: "unknown".to_owned(),
            display_name: "unknown".to_owned(),
        })
}

/// The caller as Okta sees it: its `User-Agent`, and its address from `X-Forwarded-For`.
fn client(req: &ApiRequest) -> Client {
    let header = |name: &str| {
        req.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    };
    let user_agent = header("user-agent");
    let ip = header("x-forwarded-for")
        .split(',')
        .next()
        .map(str::trim)
        .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
        .unwrap_or("127.0.0.1");
    let (browser, os) = browser_and_os(user_agent);
    Client {
        user_agent: if user_agent.is_empty() {
            "UNKNOWN-DOWNLOAD".to_owned()
        } else {
            user_agent.to_owned()
        },
        os,
        browser,
        device: if browser == "UNKNOWN" {
            "Unknown"
        } else {
            "Computer"
        },
        ip: ip.to_owned(),
        place: &API_PLACE,
    }
}

fn browser_and_os(user_agent: &str) -> (&'static str, &'static str) {
    let browser = if user_agent.contains("Edg/") {
        "EDGE"
    } else if user_agent.contains("Chrome/") {
        "CHROME"
    } else if user_agent.contains("Firefox/") {
        "FIREFOX"
    } else if user_agent.contains("Safari/") {
        "SAFARI"
    } else {
        "UNKNOWN"
    };
    let os = if user_agent.contains("Mac OS X") {
        "Mac OS X"
    } else if user_agent.contains("Windows") {
        "Windows"
    } else if user_agent.contains("Linux") {
        "Linux"
    } else {
        "Unknown"
    };
    (browser, os)
}

/// The request's path and query, as `debugContext.debugData.url` shows it.
fn url(req: &ApiRequest) -> String {
    let query: Vec<String> = req
        .query
        .pairs()
        .map(|(name, value)| format!("{}={}", form_encode(name), form_encode(value)))
        .collect();
    if query.is_empty() {
        req.path.clone()
    } else {
        format!("{}?{}", req.path, query.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apps, event_hooks, factors, groups, users};

    /// Every rule names a route that exists, with that method: a renamed route would otherwise
    /// silently stop recording.
    #[test]
    fn every_rule_names_a_real_route() {
        let tables = [
            users::ROUTES,
            groups::ROUTES,
            apps::ROUTES,
            event_hooks::ROUTES,
            factors::ROUTES,
        ];
        for rule in RULES {
            let found = tables.iter().flat_map(|t| t.iter()).any(|route| {
                route.pattern == rule.pattern
                    && route.methods.iter().any(|(m, _)| *m == rule.method)
            });
            assert!(found, "{} {}", rule.method, rule.pattern);
        }
    }

    #[test]
    fn browsers_are_recognised() {
        let chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36";
        assert_eq!(browser_and_os(chrome), ("CHROME", "Mac OS X"));
        assert_eq!(
            browser_and_os("okta-sdk-python/2.9"),
            ("UNKNOWN", "Unknown")
        );
    }
}
