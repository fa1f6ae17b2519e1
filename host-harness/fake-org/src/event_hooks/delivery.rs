//! Deliveries: the POSTs Okta makes to an ACTIVE and VERIFIED hook for the System Log events it
//! subscribed to, in Okta's envelope (event hooks concept guide):
//!
//! ```text
//! {"eventType":"com.okta.event_hook","eventTypeVersion":"1.0","cloudEventsVersion":"0.1",
//!  "source":"https://{org}/api/v1/eventHooks/{id}","eventId":"…","eventTime":"…",
//!  "contentType":"application/json","data":{"events":[LogEvent, …]}}
//! ```
//!
//! One request's events for one hook travel together, in the order they were recorded. The
//! `events.filter` expression is not evaluated (an Early Access feature the fake only stores).

use std::time::Duration;

use bytes::Bytes;
use http::Method;
use sha2::{Digest, Sha256};

use super::model::{EventHook, HookStatus};
use crate::FakeOrg;
use crate::json::Object;
use crate::org::Org;
use crate::outbound::{HOOK_TIMEOUT, HookCall};
use crate::time::Timestamp;

/// The deliveries `fresh` (event type and JSON of each new log event) calls for: one per hook
/// that can receive events and subscribed to at least one of them. `made` counts deliveries.
pub(crate) fn calls(
    org: &Org,
    fresh: &[(&str, &[u8])],
    now: Timestamp,
    made: &mut u64,
) -> Vec<HookCall> {
    if fresh.is_empty() {
        return Vec::new();
    }
    let mut calls = Vec::new();
    for hook in org.hooks.iter().filter(|hook| receives(hook)) {
        let events: Vec<&[u8]> = fresh
            .iter()
            .filter(|(kind, _)| hook.events.iter().any(|wanted| wanted == kind))
            .map(|(_, json)| *json)
            .collect();
        if events.is_empty() {
            continue;
        }
        *made += 1;
        let body = envelope(hook, &events, &event_id(&hook.id, *made), now);
        let mut headers = vec![
            ("accept".to_owned(), "application/json".to_owned()),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        headers.extend(channel_headers(hook));
        calls.push(HookCall {
            hook_id: hook.id.clone(),
            method: Method::POST,
            url: hook.channel.uri.clone(),
            headers,
            body: Bytes::from(body),
            timeout: HOOK_TIMEOUT,
            delay: Duration::ZERO,
            auth_header: hook
                .channel
                .auth
                .as_ref()
                .map(|auth| auth.key.to_lowercase()),
        });
    }
    calls
}

/// "Only ACTIVE and VERIFIED event hooks can receive events."
fn receives(hook: &EventHook) -> bool {
    hook.status == HookStatus::Active && hook.verified
}

/// The hook's custom headers, then its auth header, as every call to it carries them.
pub(crate) fn channel_headers(hook: &EventHook) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = hook
        .channel
        .headers
        .iter()
        .map(|(key, value)| (key.to_lowercase(), value.clone()))
        .collect();
    if let Some(auth) = &hook.channel.auth {
        headers.push((auth.key.to_lowercase(), auth.value.clone()));
    }
    headers
}

fn envelope(hook: &EventHook, events: &[&[u8]], event_id: &str, now: Timestamp) -> Vec<u8> {
    let mut out = Vec::with_capacity(512 + events.iter().map(|e| e.len() + 1).sum::<usize>());
    let source = format!("https://{}/api/v1/eventHooks/{}", FakeOrg::DOMAIN, hook.id);
    let mut object = Object::new(&mut out);
    object
        .str("eventType", "com.okta.event_hook")
        .str("eventTypeVersion", "1.0")
        .str("cloudEventsVersion", "0.1")
        .str("source", &source)
        .str("eventId", event_id)
        .time("eventTime", Some(now))
        .str("contentType", "application/json");
    let data = object.key("data");
    data.extend_from_slice(b"{\"events\":[");
    for (index, event) in events.iter().enumerate() {
        if index > 0 {
            data.push(b',');
        }
        data.extend_from_slice(event);
    }
    data.extend_from_slice(b"]}");
    object.end();
    out
}

/// A UUID-shaped `eventId` (`f2b0…-…`), unique per delivery of the org: a hash of the hook and
/// the delivery's number.
fn event_id(hook_id: &str, n: u64) -> String {
    let digest = Sha256::digest(format!("{hook_id}/{n}").as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_uuid_shaped_and_distinct() {
        let a = event_id("who1", 1);
        assert_eq!(a.len(), 36, "{a}");
        assert_eq!(a.matches('-').count(), 4);
        assert_ne!(a, event_id("who1", 2));
        assert_ne!(a, event_id("who2", 1));
    }
}
