//! Answers the requests Okta sends to an event hook's URL (no call to Okta is made here).
//!
//! - `GET` with `x-okta-verification-challenge` (Okta's one-time verification): 200 and
//!   `{"verification": "<challenge>"}`, no payload.
//! - `POST` (a delivery): 200 with an empty body, and the payload `{eventId, eventTime, events}` with the
//!   events sorted by `published`, each with its `uuid`: Okta delivers at least once, so the platform
//!   deduplicates on those.
//!
//! Both need the `Authorization` header to equal the hook's secret (compared in constant time): 401 and no
//! payload otherwise. A body that is not Okta's envelope, or larger than [`MAX_BODY`], is 400; any other method
//! is 405. Nothing here can trap.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::event_hook::read_instance;
use super::time;
use crate::error::Result;
use crate::input::Inputs;

/// The largest delivery accepted.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// A request sent to the webhook URL.
#[derive(Clone, Debug)]
pub struct WebhookRequest {
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl WebhookRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug)]
pub struct WebhookOutput {
    pub response: WebhookResponse,
    /// The flow's payload (JSON), when the request carried events.
    pub payload: Option<String>,
}

pub(super) fn handle(
    _inputs: &Inputs,
    instance_state: &str,
    request: &WebhookRequest,
) -> Result<WebhookOutput> {
    let method = request.method.to_ascii_uppercase();
    if method != "GET" && method != "POST" {
        return Ok(answer(405, "method not allowed").header("allow", "GET, POST"));
    }
    if instance_state.trim().is_empty() {
        return Ok(while_deploying(&method, request));
    }
    let instance = read_instance(instance_state)?;
    if !same_secret(request.header("authorization"), &instance.secret) {
        return Ok(answer(401, "unauthorized"));
    }
    if method == "GET" {
        return Ok(match request.header("x-okta-verification-challenge") {
            Some(challenge) => {
                let body = json!({ "verification": challenge }).to_string();
                json_answer(200, body)
            }
            None => answer(400, "a GET must carry x-okta-verification-challenge"),
        });
    }
    if request.body.len() > MAX_BODY {
        return Ok(answer(400, "the body is larger than 4 MiB"));
    }
    Ok(match delivery(&request.body) {
        Ok(payload) => WebhookOutput {
            response: WebhookResponse {
                status: 200,
                headers: Vec::new(),
                body: Vec::new(),
            },
            payload: Some(payload),
        },
        Err(why) => answer(400, &why),
    })
}

/// The answer while `deploy` is still running: Okta verifies the URL before `deploy` returns, so the host has
/// no instance state (and the component no secret) yet. The challenge is echoed, which proves only that the
/// URL reaches this trigger and reveals nothing; a delivery cannot be authenticated, so it is refused (401)
/// and starts no flow (Okta delivers only to a verified hook, so none is lost).
fn while_deploying(method: &str, request: &WebhookRequest) -> WebhookOutput {
    match (method, request.header("x-okta-verification-challenge")) {
        ("GET", Some(challenge)) => {
            json_answer(200, json!({ "verification": challenge }).to_string())
        }
        _ => answer(401, "unauthorized"),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a> {
    event_id: String,
    event_time: Option<String>,
    #[serde(borrow)]
    data: Data<'a>,
}

#[derive(Deserialize)]
struct Data<'a> {
    #[serde(borrow)]
    events: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct EventStamp {
    uuid: String,
    published: String,
}

/// The payload of a delivery body, or why it is not Okta's envelope.
fn delivery(body: &[u8]) -> std::result::Result<String, String> {
    let envelope: Envelope = serde_json::from_slice(body)
        .map_err(|e| format!("not an Okta event hook delivery: {e}"))?;
    let mut events = Vec::with_capacity(envelope.data.events.len());
    for raw in envelope.data.events {
        let stamp: EventStamp = serde_json::from_str(raw.get())
            .map_err(|e| format!("an event without uuid or published: {e}"))?;
        let at = time::parse_millis(&stamp.published).unwrap_or(i64::MAX);
        events.push((at, stamp.published, stamp.uuid, raw));
    }
    events.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    let events: Vec<Value> = events
        .into_iter()
        .map(|(.., raw)| serde_json::from_str(raw.get()).unwrap_or(Value::Null))
        .collect();
    Ok(json!({
        "eventId": envelope.event_id,
        "eventTime": envelope.event_time,
        "events": events,
    })
    .to_string())
}

/// Compares the header with the secret in time that does not depend on where they differ (or on their
/// lengths): both are hashed, and the digests compared byte by byte without an early exit.
fn same_secret(given: Option<&str>, secret: &str) -> bool {
    let given = Sha256::digest(given.unwrap_or_default().as_bytes());
    let secret_digest = Sha256::digest(secret.as_bytes());
    let difference = given
        .iter()
        .zip(secret_digest.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    difference == 0 && !secret.is_empty()
}

fn answer(status: u16, message: &str) -> WebhookOutput {
    json_answer(status, json!({ "error": message }).to_string())
}

fn json_answer(status: u16, body: String) -> WebhookOutput {
    WebhookOutput {
        response: WebhookResponse {
            status,
            headers: vec![("content-type".to_string(), "application/json".to_string())],
            body: body.into_bytes(),
        },
        payload: None,
    }
}

impl WebhookOutput {
    fn header(mut self, name: &str, value: &str) -> WebhookOutput {
        self.response
            .headers
            .push((name.to_string(), value.to_string()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(Some("abc"), "abc"));
        assert!(!same_secret(Some("abd"), "abc"));
        assert!(!same_secret(Some("abc "), "abc"));
        assert!(!same_secret(None, "abc"));
        assert!(!same_secret(Some(""), ""));
    }

    #[test]
    fn deliveries_sort_events_and_refuse_other_bodies() {
        let body = r#"{"eventType":"com.okta.event_hook","eventId":"e1","eventTime":"2025-01-01T00:00:02.000Z",
            "data":{"events":[{"uuid":"b","published":"2025-01-01T00:00:02.000Z"},{"uuid":"a","published":"2025-01-01T00:00:01.000Z"}]}}"#;
        let payload: Value = serde_json::from_str(&delivery(body.as_bytes()).unwrap()).unwrap();
        assert_eq!(payload["eventId"], "e1");
        assert_eq!(payload["events"][0]["uuid"], "a");
        assert_eq!(payload["events"][1]["uuid"], "b");
        for bad in [
            "",
            "null",
            "{}",
            r#"{"eventId":"e","data":{"events":[{"uuid":"a"}]}}"#,
            "\u{0}\u{1}",
        ] {
            assert!(delivery(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
