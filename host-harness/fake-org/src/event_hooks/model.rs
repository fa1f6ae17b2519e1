//! Event hooks as the org keeps them, and the request bodies that create or replace one.

use http::Uri;
use serde_json::{Map, Value};

use crate::errors::{ApiError, Violations};
use crate::store::{Record, Store};
use crate::time::Timestamp;

/// Event hook IDs: `who…`.
pub(crate) const HOOK_PREFIX: &str = "who";
/// Okta's limit of event types per hook.
const MAX_EVENT_TYPES: usize = 300;
const MAX_NAME: usize = 255;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HookStatus {
    Active,
    Inactive,
}

impl HookStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            HookStatus::Active => "ACTIVE",
            HookStatus::Inactive => "INACTIVE",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<HookStatus> {
        match text {
            "ACTIVE" => Some(HookStatus::Active),
            "INACTIVE" => Some(HookStatus::Inactive),
            _ => None,
        }
    }
}

/// `channel.config.authScheme`: a header Okta adds to every call. The value is write-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AuthScheme {
    pub(crate) key: String,
    pub(crate) value: String,
}

/// Where and how Okta calls the hook (`channel`, always HTTP 1.0.0 with POST).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Channel {
    pub(crate) uri: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) auth: Option<AuthScheme>,
}

#[derive(Clone, Debug)]
pub(crate) struct EventHook {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) status: HookStatus,
    pub(crate) verified: bool,
    pub(crate) created: Timestamp,
    /// The ID of the user whose token created it.
    pub(crate) created_by: String,
    pub(crate) last_updated: Timestamp,
    /// The subscribed event types, a set (answered in `java.util.HashSet` order).
    pub(crate) events: Vec<String>,
    /// `events.filter` as given (an Early Access feature, kept but not evaluated).
    pub(crate) filter: Option<Value>,
    pub(crate) channel: Channel,
}

/// Event hooks by ID, in creation order.
pub(crate) type HookStore = Store<EventHook>;

impl Record for EventHook {
    const KIND: &'static str = "EventHook";
    fn id(&self) -> &str {
        &self.id
    }
}

/// A create or replace body, checked. `auth.value` is `None` when the body leaves the secret out.
#[derive(Debug)]
pub(crate) struct HookSpec {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) events: Vec<String>,
    pub(crate) filter: Option<Value>,
    pub(crate) uri: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) auth: Option<(String, Option<String>)>,
    pub(crate) status: Option<HookStatus>,
}

impl HookSpec {
    /// Reads `{name, description?, events: {type: EVENT_TYPE, items, filter?}, channel: {type:
    /// HTTP, version: 1.0.0, config: {uri (https), headers?: [{key, value}], authScheme?: {type:
    /// HEADER, key, value}}}, status?}`. Every problem is reported at once (400 E0000001); a body
    /// of the wrong JSON shape is 400 E0000003.
    pub(crate) fn read(body: &Map<String, Value>) -> Result<HookSpec, ApiError> {
        let mut violations = Violations::default();
        let name = required_text(body, "name", &mut violations);
        if name.chars().count() > MAX_NAME {
            violations.add(
                "name",
                format!("The field cannot exceed {MAX_NAME} characters"),
            );
        }
        let description = optional_text(body.get("description"))?;
        let (events, filter) = events(body.get("events"), &mut violations)?;
        let channel = object(body.get("channel"))?;
        let config = channel
            .map(|channel| object(channel.get("config")))
            .transpose()?
            .flatten();
        check_channel(channel, &mut violations);
        let uri = uri(config, &mut violations);
        let headers = headers(config, &mut violations)?;
        let auth = auth_scheme(config, &mut violations)?;
        let status = match body.get("status") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => {
                let status = HookStatus::parse(text);
                if status.is_none() {
                    violations.add("status", "The value must be ACTIVE or INACTIVE");
                }
                status
            }
            Some(_) => return Err(ApiError::malformed_body()),
        };
        violations.into_result()?;
        Ok(HookSpec {
            name,
            description,
            events,
            filter,
            uri,
            headers,
            auth,
            status,
        })
    }
}

fn object(value: Option<&Value>) -> Result<Option<&Map<String, Value>>, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(object)) => Ok(Some(object)),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

fn optional_text(value: Option<&Value>) -> Result<Option<String>, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

fn required_text(object: &Map<String, Value>, field: &str, violations: &mut Violations) -> String {
    match object.get(field) {
        Some(Value::String(text)) if !text.trim().is_empty() => text.clone(),
        Some(Value::String(_) | Value::Null) | None => {
            violations.add(field, "The field cannot be left blank");
            String::new()
        }
        Some(_) => {
            violations.add(field, "The value must be a string");
            String::new()
        }
    }
}

/// `events`: type `EVENT_TYPE` and 1 to 300 distinct event types (`user.lifecycle.create`).
fn events(
    value: Option<&Value>,
    violations: &mut Violations,
) -> Result<(Vec<String>, Option<Value>), ApiError> {
    let Some(events) = object(value)? else {
        violations.add("events", "The field cannot be left blank");
        return Ok((Vec::new(), None));
    };
    if events.get("type").and_then(Value::as_str) != Some("EVENT_TYPE") {
        violations.add("events.type", "The value must be EVENT_TYPE");
    }
    let items = match events.get("items") {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => {
            violations.add("events.items", "The field cannot be left blank");
            return Ok((Vec::new(), None));
        }
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let mut types: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Some(text) = item.as_str() else {
            return Err(ApiError::malformed_body());
        };
        if !is_event_type(text) {
            violations.add(
                "events.items",
                format!("'{text}' is not a valid event type"),
            );
        } else if !types.iter().any(|known| known == text) {
            types.push(text.to_owned());
        }
    }
    if items.is_empty() {
        violations.add("events.items", "At least one event type is required");
    }
    if types.len() > MAX_EVENT_TYPES {
        violations.add(
            "events.items",
            format!("An event hook can subscribe to at most {MAX_EVENT_TYPES} event types"),
        );
    }
    let filter = events.get("filter").filter(|f| !f.is_null()).cloned();
    Ok((types, filter))
}

/// `user.lifecycle.create`: two or more dot-separated words of lower-case letters, digits and `_`.
fn is_event_type(text: &str) -> bool {
    text.contains('.')
        && text.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

fn check_channel(channel: Option<&Map<String, Value>>, violations: &mut Violations) {
    let Some(channel) = channel else {
        violations.add("channel", "The field cannot be left blank");
        return;
    };
    if channel.get("type").and_then(Value::as_str) != Some("HTTP") {
        violations.add("channel.type", "The value must be HTTP");
    }
    if channel.get("version").and_then(Value::as_str) != Some("1.0.0") {
        violations.add("channel.version", "The value must be 1.0.0");
    }
}

/// `channel.config.uri`: an absolute `https` URL (the spec: "must use a valid HTTPS endpoint").
/// Plain `http` is accepted on loopback hosts only, so a hook can be served on this machine.
fn uri(config: Option<&Map<String, Value>>, violations: &mut Violations) -> String {
    let Some(Value::String(text)) = config.and_then(|c| c.get("uri")) else {
        violations.add("channel.config.uri", "The field cannot be left blank");
        return String::new();
    };
    let valid = text.parse::<Uri>().is_ok_and(|uri| {
        let host = uri.host().unwrap_or("");
        let scheme = uri.scheme_str().unwrap_or("").to_ascii_lowercase();
        !host.is_empty() && (scheme == "https" || (scheme == "http" && is_loopback(host)))
    });
    if !valid {
        violations.add(
            "channel.config.uri",
            "The URI must be an absolute URL that uses HTTPS",
        );
    }
    text.clone()
}

/// `localhost`, `127.x.x.x` or `[::1]`.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `channel.config.headers`: `[{key, value}]`, keys not blank.
fn headers(
    config: Option<&Map<String, Value>>,
    violations: &mut Violations,
) -> Result<Vec<(String, String)>, ApiError> {
    let items = match config.and_then(|c| c.get("headers")) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let mut headers = Vec::with_capacity(items.len());
    for item in items {
        let Some(header) = item.as_object() else {
            return Err(ApiError::malformed_body());
        };
        let key = header.get("key").and_then(Value::as_str).unwrap_or("");
        let value = header.get("value").and_then(Value::as_str).unwrap_or("");
        if key.trim().is_empty() {
            violations.add(
                "channel.config.headers",
                "A header key cannot be left blank",
            );
        }
        headers.push((key.to_owned(), value.to_owned()));
    }
    Ok(headers)
}

/// `channel.config.authScheme`: `{type: HEADER, key, value}`; the value may be left out on a
/// replace, which keeps the stored secret.
fn auth_scheme(
    config: Option<&Map<String, Value>>,
    violations: &mut Violations,
) -> Result<Option<(String, Option<String>)>, ApiError> {
    let Some(scheme) = object(config.and_then(|c| c.get("authScheme")))? else {
        return Ok(None);
    };
    if scheme.get("type").and_then(Value::as_str) != Some("HEADER") {
        violations.add("channel.config.authScheme.type", "The value must be HEADER");
    }
    let key = scheme.get("key").and_then(Value::as_str).unwrap_or("");
    if key.trim().is_empty() {
        violations.add(
            "channel.config.authScheme.key",
            "The field cannot be left blank",
        );
    }
    let value = optional_text(scheme.get("value"))?;
    Ok(Some((key.to_owned(), value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn a_recorded_body_is_accepted() {
        let spec = HookSpec::read(&body(json!({
            "channel": {"config": {"authScheme": {"key": "Authorization", "type": "HEADER", "value": "123"},
                                   "uri": "https://example.com/test"},
                        "type": "HTTP", "version": "1.0.0"},
            "events": {"items": ["user.lifecycle.create", "user.lifecycle.delete.initiated"], "type": "EVENT_TYPE"},
            "name": "testAcc_3380735199", "status": "ACTIVE"
        })))
        .unwrap();
        assert_eq!(spec.events.len(), 2);
        assert_eq!(
            spec.auth,
            Some(("Authorization".into(), Some("123".into())))
        );
        assert_eq!(spec.status, Some(HookStatus::Active));
    }

    #[test]
    fn every_problem_is_reported() {
        let error = HookSpec::read(&body(json!({
            "events": {"type": "X", "items": ["Not An Event", "user.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "2", "config": {"uri": "http://example.com/hook",
                        "headers": [{"key": " ", "value": "v"}]}}
        })))
        .unwrap_err();
        assert_eq!(error.summary, "Api validation failed: name");
        assert_eq!(error.causes.len(), 6, "{:?}", error.causes);
        for malformed in [
            json!({"name": "x", "events": "user.lifecycle.create"}),
            json!({"name": "x", "events": {"type": "EVENT_TYPE", "items": [1]}}),
            json!({"name": 5}),
        ] {
            let result = HookSpec::read(&body(malformed));
            assert!(result.is_err());
        }
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for (uri, ok) in [
            ("https://example.com/x", true),
            ("http://127.0.0.1:8080/hook", true),
            ("http://localhost/hook", true),
            ("http://[::1]:9/hook", true),
            ("http://example.com/x", false),
            ("http://127.0.0.1.example.com/x", false),
            ("ftp://127.0.0.1/x", false),
        ] {
            let config = body(json!({"uri": uri}));
            let mut violations = Violations::default();
            super::uri(Some(&config), &mut violations);
            assert_eq!(violations.into_result().is_ok(), ok, "{uri}");
        }
    }
}
