//! `eventHook`: an Okta event hook that delivers to the platform's webhook URL.
//!
//! Deploy creates the hook (the subscribed event types, the optional filter and headers, and an
//! `Authorization` secret of 32 random bytes) and has Okta verify the URL. A hook that fails verification is
//! deleted before the error is returned, so none is left behind. A hook this component made earlier for the
//! same URL (a deploy that crashed before the platform stored its instance state) is replaced, so Okta never
//! delivers twice. Undeploy deactivates and deletes exactly the hook in the instance state; one already gone
//! counts as done.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Run, Trigger, Webhook, state, webhook};
use crate::client::{Client, Query};
use crate::error::{Error, Result};
use crate::input::Inputs;
use crate::resources::common;
use crate::resources::event_hooks::{
    self, DYNAMIC_ITEMS, FILTERS, HEADERS, ITEMS, delete_hook, hook_path, hooks, lifecycle,
};

const KEY: &str = "eventHook";

/// The name of every hook this component creates for a trigger: with the URL, how a crashed deploy's hook is
/// recognised.
const HOOK_NAME: &str = "Workflow trigger (okta-management-api)";
/// Okta's most active event hooks per org.
pub const MAX_ACTIVE_HOOKS: usize = 25;
/// The name errors give the URL the platform deploys to.
const URL_INPUT: &str = "webhookUrl";

pub const TRIGGER: Trigger = Trigger {
    key: KEY,
    label: "Event Hook",
    description: "Receive event hooks from Okta when a specified event occurs.",
    inputs: &[FILTERS, ITEMS, DYNAMIC_ITEMS, HEADERS],
    help: "You can configure an Okta Event Hook to send real time notifications to a flow's webhook URL when \
           specific events occur in your Okta organization (user created, user deactivated, application \
           assigned, etc.). Deploying the trigger creates the event hook for the subscribed event types and has \
           Okta verify the URL; removing the trigger deletes it. This trigger responds to Okta event hook \
           requests with the verification response that Okta expects during the initial setup and processes \
           incoming event notifications: only requests carrying the hook's secret are accepted, and each \
           delivery starts a flow with its events (sorted by published, each with its uuid) and Okta's eventId, \
           so duplicate deliveries can be recognised.",
    run: Run::Webhook(Webhook {
        deploy,
        undeploy,
        handle: webhook::handle,
    }),
};

/// What the host keeps for a deployed trigger (a secret).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Instance {
    pub hook_id: String,
    /// The value Okta sends in the `Authorization` header.
    pub secret: String,
}

pub(super) fn read_instance(text: &str) -> Result<Instance> {
    state::read(state::INSTANCE_STATE, KEY, text)
}

fn deploy(client: &Client, inputs: &Inputs, url: &str) -> Result<String> {
    check_url(url)?;
    let events = event_hooks::events_spec(inputs)?;
    let existing = common::list_values(client, &hooks(), &Query::new())?;
    let (ours, others): (Vec<&Value>, Vec<&Value>) = existing.iter().partition(|hook| {
        hook["name"] == HOOK_NAME
            && hook.pointer("/channel/config/uri").and_then(Value::as_str) == Some(url)
    });
    for hook in ours {
        delete_hook(client, hook)?;
    }
    if others
        .iter()
        .filter(|hook| hook["status"] == "ACTIVE")
        .count()
        >= MAX_ACTIVE_HOOKS
    {
        return Err(Error::LimitExceeded {
            limit: "active event hooks per org".to_string(),
            maximum: MAX_ACTIVE_HOOKS as u64,
        });
    }
    let secret = new_secret(client);
    let body = json!({
        "name": HOOK_NAME,
        "description": "Delivers Okta events to a workflow trigger; deleted when the trigger is removed.",
        "events": events,
        "channel": {
            "type": "HTTP",
            "version": "1.0.0",
            "config": {
                "uri": url,
                "headers": event_hooks::header_list(inputs),
                "authScheme": { "type": "HEADER", "key": "Authorization", "value": secret },
            },
        },
    });
    let created = client.post(&hooks(), &Query::new(), Some(&body))?;
    let hook_id = created["id"]
        .as_str()
        .ok_or_else(|| Error::InvalidResponse("Okta's new event hook has no `id`".to_string()))?
        .to_string();
    if let Err(error) = lifecycle(client, &hook_id, "verify") {
        // No orphan: a hook that cannot deliver is deleted before the error goes back.
        let cleanup = delete_hook(client, &created);
        return Err(verification_error(error, cleanup.err()));
    }
    Ok(state::write(KEY, &Instance { hook_id, secret }))
}

fn undeploy(client: &Client, _inputs: &Inputs, instance_state: &str) -> Result<()> {
    let instance = read_instance(instance_state)?;
    let gone = |result: Result<Value>| match result {
        Ok(_) | Err(Error::NotFound(_)) => Ok(()),
        Err(error) => Err(error),
    };
    let hook = match client.get(&hook_path(&instance.hook_id)?, &Query::new()) {
        Ok(hook) => hook,
        Err(Error::NotFound(_)) => return Ok(()),
        Err(error) => return Err(error),
    };
    if hook["status"] != "INACTIVE" {
        gone(lifecycle(client, &instance.hook_id, "deactivate"))?;
    }
    gone(client.delete(&hook_path(&instance.hook_id)?, &Query::new()))
}

/// Okta's 400 to verify means its call to the URL failed: the URL is the problem. Anything else (5xx, timeout)
/// keeps its own kind, so the platform knows a retry may work.
fn verification_error(error: Error, cleanup: Option<Error>) -> Error {
    let left = match cleanup {
        Some(cleanup) => format!(
            "; deleting the unverified event hook failed too ({cleanup}), delete it by hand"
        ),
        None => String::new(),
    };
    match error {
        Error::Okta(okta) if okta.status == 400 => Error::invalid(
            URL_INPUT,
            format!(
                "a URL that Okta can reach and that answers its verification request: Okta could not reach or \
                 verify it ({}){left}",
                okta.error_summary
            ),
        ),
        other if left.is_empty() => other,
        other => Error::Transport(format!("verifying the event hook failed ({other}){left}")),
    }
}

/// An absolute https URL (http only on a loopback host, for local runs) without user info or fragment.
fn check_url(url: &str) -> Result<()> {
    let invalid = |why: &str| {
        Error::invalid(
            URL_INPUT,
            format!("an absolute https URL such as https://flows.example.com/hooks/1 ({why})"),
        )
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("it contains white space"));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid("it is not absolute"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(invalid("it carries user info"));
    }
    if url.contains('#') {
        return Err(invalid("it has a fragment"));
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(invalid("it has no host"));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => Err(invalid(
            "Okta only delivers to https, except to a loopback host",
        )),
        _ => Err(invalid("it is not an https URL")),
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || host.strip_prefix("127.").is_some_and(|rest| {
            rest.split('.').count() == 3 && rest.split('.').all(|p| p.parse::<u8>().is_ok())
        })
}

/// 32 random bytes from the host, base64url: the shared secret Okta sends as `Authorization`.
fn new_secret(client: &Client) -> String {
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&client.random_u64().to_le_bytes());
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for good in [
            "https://flows.example.com/hooks/1",
            "https://flows.example.com:8443/h?x=1",
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://[::1]:9/h",
        ] {
            assert_eq!(check_url(good), Ok(()), "{good}");
        }
        for bad in [
            "flows.example.com/hooks",
            "http://flows.example.com/hooks",
            "https://user:pw@flows.example.com/",
            "https://flows.example.com/a b",
            "https:///path",
            "ftp://flows.example.com/",
            "https://flows.example.com/#frag",
            "http://127.0.0.1.evil.com/",
        ] {
            assert!(
                matches!(check_url(bad), Err(Error::InvalidInput { .. })),
                "{bad}"
            );
        }
    }
}
