//! The Event Hooks API (`/api/v1/eventHooks…`).
//!
//! | operation | from | result | otherwise |
//! |---|---|---|---|
//! | create | – | ACTIVE, UNVERIFIED (recorded) | 400 E0000001 listing every invalid field |
//! | replace (PUT) | any | as sent (`status` included); a changed channel needs verifying again | same |
//! | activate / deactivate | any | ACTIVE / INACTIVE | – |
//! | verify | any | VERIFIED once the URL answers Okta's challenge | 400 E0000001 "Api validation failed: eventHook" (see [`verification`]) |
//! | delete | INACTIVE | 204 | ACTIVE: 403 E0000006 ("you can only delete event hooks with a status of INACTIVE") |
//!
//! The list has no paging. `authScheme.value` is write-only: answers show `{type, key}`. An
//! ACTIVE and VERIFIED hook receives the events it subscribed to ([`delivery`]).

pub(crate) mod delivery;
mod model;
#[cfg(test)]
pub(crate) mod outbound_tests;
mod render;
#[cfg(test)]
mod tests;
pub(crate) mod verification;

use http::Method;
use serde_json::Value;

pub(crate) use model::{EventHook, HookStatus, HookStore};

use super::errors::ApiError;
use super::org::Org;
use super::reply::Reply;
use super::request::ApiRequest;
use super::router::Route;
use super::time::Timestamp;
use model::{AuthScheme, Channel, HOOK_PREFIX, HookSpec};
use render::write_hook;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/eventHooks",
        methods: &[(Method::GET, list), (Method::POST, create)],
    },
    Route {
        pattern: "/api/v1/eventHooks/{eventHookId}",
        methods: &[
            (Method::GET, get),
            (Method::PUT, replace),
            (Method::DELETE, delete),
        ],
    },
    Route {
        pattern: "/api/v1/eventHooks/{eventHookId}/lifecycle/activate",
        methods: &[(Method::POST, activate)],
    },
    Route {
        pattern: "/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate",
        methods: &[(Method::POST, deactivate)],
    },
    Route {
        pattern: "/api/v1/eventHooks/{eventHookId}/lifecycle/verify",
        methods: &[(Method::POST, verification::verify)],
    },
];

/// Test setup and seeding: a hook on `uri` for `user.lifecycle.create`, in `status`, unverified.
pub(crate) fn add(
    org: &mut Org,
    name: &str,
    uri: &str,
    status: HookStatus,
    now: Timestamp,
) -> String {
    let hook = EventHook {
        id: org.ids.object_id(HOOK_PREFIX),
        name: name.to_owned(),
        description: None,
        status,
        verified: false,
        created: now,
        created_by: org.admin_id.clone().unwrap_or_default(),
        last_updated: now,
        events: vec!["user.lifecycle.create".to_owned()],
        filter: None,
        channel: Channel {
            uri: uri.to_owned(),
            headers: Vec::new(),
            auth: None,
        },
    };
    let id = hook.id.clone();
    org.hooks.insert(hook);
    id
}

/// The hook as JSON on the org's default domain (for `FakeOrg::event_hooks`).
pub(crate) fn hook_json(hook: &EventHook, origin: &str) -> Value {
    let mut out = Vec::new();
    write_hook(&mut out, hook, origin);
    serde_json::from_slice(&out).unwrap_or_default()
}

fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let mut out = vec![b'['];
    for (index, hook) in org.hooks.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_hook(&mut out, hook, &req.origin);
    }
    out.push(b']');
    Ok(Reply::ok_bytes(out))
}

fn create(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let spec = HookSpec::read(&req.json_object()?)?;
    let channel = channel(&spec, None)?;
    let hook = EventHook {
        id: org.ids.object_id(HOOK_PREFIX),
        name: spec.name,
        description: spec.description,
        status: HookStatus::Active,
        verified: false,
        created: req.now,
        created_by: org.admin_id.clone().unwrap_or_default(),
        last_updated: req.now,
        events: spec.events,
        filter: spec.filter,
        channel,
    };
    let id = hook.id.clone();
    org.hooks.insert(hook);
    respond(org, req, &id)
}

fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    respond(org, req, &params[0])
}

/// `PUT`: everything the body says replaces what was there. A new channel (URL, headers or
/// secret) makes the hook UNVERIFIED again, as recorded.
fn replace(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let current = org.hooks.found(&params[0])?;
    let spec = HookSpec::read(&req.json_object()?)?;
    let channel = channel(&spec, current.channel.auth.as_ref())?;
    let id = current.id.clone();
    if let Some(hook) = org.hooks.get_mut(&id) {
        if hook.channel != channel {
            hook.verified = false;
        }
        hook.name = spec.name;
        hook.description = spec.description;
        hook.events = spec.events;
        hook.filter = spec.filter;
        hook.channel = channel;
        if let Some(status) = spec.status {
            hook.status = status;
        }
        hook.last_updated = req.now;
    }
    respond(org, req, &id)
}

/// The channel a spec describes. A secret left out keeps `current`'s (a replace that repeats the
/// key without resending the value); a new scheme without a value is a validation error.
fn channel(spec: &HookSpec, current: Option<&AuthScheme>) -> Result<Channel, ApiError> {
    let auth = match &spec.auth {
        None => None,
        Some((key, Some(value))) => Some(AuthScheme {
            key: key.clone(),
            value: value.clone(),
        }),
        Some((key, None)) => match current {
            Some(current) => Some(AuthScheme {
                key: key.clone(),
                value: current.value.clone(),
            }),
            None => return Err(ApiError::blank("channel.config.authScheme.value")),
        },
    };
    Ok(Channel {
        uri: spec.uri.clone(),
        headers: spec.headers.clone(),
        auth,
    })
}

fn delete(org: &mut Org, _: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let hook = org.hooks.found(&params[0])?;
    if hook.status == HookStatus::Active {
        return Err(ApiError::no_permission(&format!(
            "The event hook {} is ACTIVE: only INACTIVE event hooks can be deleted.",
            hook.name
        )));
    }
    let id = hook.id.clone();
    org.hooks.remove(&id);
    Ok(Reply::no_content())
}

fn activate(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    set_status(org, req, &params[0], HookStatus::Active)
}

fn deactivate(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    set_status(org, req, &params[0], HookStatus::Inactive)
}

fn set_status(
    org: &mut Org,
    req: &ApiRequest,
    id: &str,
    status: HookStatus,
) -> Result<Reply, ApiError> {
    let id = org.hooks.found(id)?.id.clone();
    if let Some(hook) = org.hooks.get_mut(&id)
        && hook.status != status
    {
        hook.status = status;
        hook.last_updated = req.now;
    }
    respond(org, req, &id)
}

fn respond(org: &Org, req: &ApiRequest, id: &str) -> Result<Reply, ApiError> {
    let hook = org.hooks.found(id)?;
    let mut out = Vec::with_capacity(1024);
    write_hook(&mut out, hook, &req.origin);
    Ok(Reply::ok_bytes(out))
}
