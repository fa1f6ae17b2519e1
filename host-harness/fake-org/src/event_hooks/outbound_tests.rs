//! Calls to hook URLs through a scripted [`HookSender`]: verification as Okta makes it, deliveries
//! of the events a hook subscribed to, and delivery faults.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::test_support::{call, get, org, post};
use crate::{DeliveryFault, FakeOrg, HookAnswer, HookCall, HookSender};

/// A hook endpoint played by a script: `answer` decides each verification attempt; deliveries
/// are kept.
pub(crate) struct Scripted {
    answer: Box<dyn Fn(&HookCall) -> HookAnswer + Send + Sync>,
    pub(crate) calls: Mutex<Vec<HookCall>>,
    pub(crate) delivered: Mutex<Vec<HookCall>>,
}

impl Scripted {
    pub(crate) fn new(
        answer: impl Fn(&HookCall) -> HookAnswer + Send + Sync + 'static,
    ) -> Arc<Scripted> {
        Arc::new(Scripted {
            answer: Box::new(answer),
            calls: Mutex::new(Vec::new()),
            delivered: Mutex::new(Vec::new()),
        })
    }

    /// An endpoint that echoes every challenge, except on hosts under `.invalid`, which do not
    /// answer at all.
    pub(crate) fn echo() -> Arc<Scripted> {
        Scripted::new(|call| {
            if call.url.contains(".invalid") {
                return HookAnswer::Failed("connection refused".into());
            }
            let challenge = call.header("x-okta-verification-challenge").unwrap_or("");
            ok(json!({ "verification": challenge }))
        })
    }

    fn calls(&self) -> Vec<HookCall> {
        self.calls.lock().unwrap().clone()
    }

    fn delivered(&self) -> Vec<HookCall> {
        self.delivered.lock().unwrap().clone()
    }
}

impl HookSender for Scripted {
    fn call(&self, call: &HookCall) -> HookAnswer {
        self.calls.lock().unwrap().push(call.clone());
        (self.answer)(call)
    }

    fn deliver(&self, call: HookCall) {
        self.delivered.lock().unwrap().push(call);
    }
}

fn ok(body: Value) -> HookAnswer {
    HookAnswer::Answered {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: Bytes::from(body.to_string()),
    }
}

fn hook_body(uri: &str, events: &[&str]) -> Value {
    json!({
        "name": "Flows",
        "events": {"type": "EVENT_TYPE", "items": events},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {
            "uri": uri,
            "headers": [{"key": "X-Custom", "value": "custom value"}],
            "authScheme": {"type": "HEADER", "key": "Authorization", "value": "s3cret-value"}}}
    })
}

/// Creates and verifies a hook on `uri` for `events`; returns its ID.
fn verified_hook(org: &FakeOrg, uri: &str, events: &[&str]) -> String {
    let (status, hook) = post(org, "/api/v1/eventHooks", &hook_body(uri, events));
    assert_eq!(status, StatusCode::OK, "{hook}");
    let id = hook["id"].as_str().unwrap().to_owned();
    let (status, verified) = post(
        org,
        &format!("/api/v1/eventHooks/{id}/lifecycle/verify"),
        &json!({}),
    );
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["verificationStatus"], "VERIFIED");
    id
}

fn create_user(org: &FakeOrg, login: &str) -> String {
    let (status, user) = post(
        org,
        "/api/v1/users?activate=false",
        &json!({"profile": {"firstName": "Ada", "lastName": "Hook", "email": login, "login": login}}),
    );
    assert_eq!(status, StatusCode::OK, "{user}");
    user["id"].as_str().unwrap().to_owned()
}

#[test]
fn verification_sends_the_challenge_with_the_hooks_headers() {
    let org = org(2);
    let endpoint = Scripted::echo();
    org.set_hook_sender(endpoint.clone());
    let id = verified_hook(
        &org,
        "https://hooks.example.com/okta",
        &["user.lifecycle.create"],
    );
    let calls = endpoint.calls();
    assert_eq!(calls.len(), 1, "verified on the first attempt");
    let challenge = &calls[0];
    assert_eq!(challenge.method, Method::GET);
    assert_eq!(challenge.url, "https://hooks.example.com/okta");
    assert_eq!(challenge.timeout, Duration::from_secs(3));
    assert_eq!(challenge.hook_id, id);
    assert_eq!(challenge.header("authorization"), Some("s3cret-value"));
    assert_eq!(challenge.header("x-custom"), Some("custom value"));
    let value = challenge.header("x-okta-verification-challenge").unwrap();
    assert!(value.len() >= 32, "{value}");
    assert!(
        !format!("{challenge:?}").contains("s3cret-value"),
        "Debug hides the secret"
    );
    let log = org.log_events();
    assert_eq!(log.last().unwrap()["eventType"], "event_hook.verified");
}

#[test]
fn a_url_that_does_not_answer_or_answers_wrongly_fails_after_one_retry() {
    for answer in [
        HookAnswer::Failed("timed out after 3 s".into()),
        ok(json!({"verification": "not the challenge"})),
        HookAnswer::Answered {
            status: 404,
            headers: vec![],
            body: Bytes::new(),
        },
    ] {
        let org = org(1);
        let script = answer.clone();
        let endpoint = Scripted::new(move |_| script.clone());
        org.set_hook_sender(endpoint.clone());
        let (_, hook) = post(
            &org,
            "/api/v1/eventHooks",
            &hook_body("https://h.example.com", &["user.lifecycle.create"]),
        );
        let path = format!("/api/v1/eventHooks/{}", hook["id"].as_str().unwrap());
        let (status, error) = post(&org, &format!("{path}/lifecycle/verify"), &json!({}));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer:?}");
        assert_eq!(error["errorCode"], "E0000001");
        assert_eq!(error["errorSummary"], "Api validation failed: eventHook");
        assert_eq!(endpoint.calls().len(), 2, "one retry: {answer:?}");
        assert_eq!(get(&org, &path).1["verificationStatus"], "UNVERIFIED");
        let last = org.log_events().last().unwrap()["eventType"].clone();
        assert_ne!(last, "event_hook.verified");
    }
}

#[test]
fn a_retry_that_answers_verifies() {
    let org = org(1);
    let attempts = Mutex::new(0);
    let endpoint = Scripted::new(move |call| {
        let mut n = attempts.lock().unwrap();
        *n += 1;
        if *n == 1 {
            return HookAnswer::Failed("timed out".into());
        }
        ok(json!({"verification": call.header("x-okta-verification-challenge")}))
    });
    org.set_hook_sender(endpoint.clone());
    verified_hook(&org, "https://h.example.com", &["user.lifecycle.create"]);
    assert_eq!(endpoint.calls().len(), 2);
}

#[test]
fn without_a_sender_nothing_answers() {
    let org = org(1);
    let (_, hook) = post(
        &org,
        "/api/v1/eventHooks",
        &hook_body("https://h.example.com", &["a.b"]),
    );
    let path = format!(
        "/api/v1/eventHooks/{}/lifecycle/verify",
        hook["id"].as_str().unwrap()
    );
    assert_eq!(post(&org, &path, &json!({})).0, StatusCode::BAD_REQUEST);
}

#[test]
fn the_org_is_not_locked_while_it_waits_for_the_hook() {
    let org = org(1);
    let inner = org.clone();
    // The endpoint reads the org while the verification waits for it (as a hook served by the
    // org itself would); with the lock held this would deadlock.
    let endpoint = Scripted::new(move |call| {
        let (status, hooks) = get(&inner, "/api/v1/eventHooks");
        assert_eq!(status, StatusCode::OK);
        assert_eq!(hooks[0]["verificationStatus"], "UNVERIFIED");
        ok(json!({"verification": call.header("x-okta-verification-challenge")}))
    });
    org.set_hook_sender(endpoint);
    verified_hook(&org, "https://h.example.com", &["user.lifecycle.create"]);
    assert!(org.calls_out(&Method::POST, "/api/v1/eventHooks/who1/lifecycle/verify"));
    assert!(!org.calls_out(&Method::GET, "/api/v1/eventHooks/who1"));
}

#[test]
fn a_verified_active_hook_receives_its_events_in_okta_envelope() {
    let org = org(3);
    let endpoint = Scripted::echo();
    org.set_hook_sender(endpoint.clone());
    let id = verified_hook(
        &org,
        "https://h.example.com/okta",
        &["user.lifecycle.create"],
    );
    let other = verified_hook(
        &org,
        "https://other.example.com/okta",
        &["group.lifecycle.create"],
    );
    assert!(
        endpoint.delivered().is_empty(),
        "hook events are not subscribed"
    );

    let user = create_user(&org, "ada.hook@example.com");
    let delivered = endpoint.delivered();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    let delivery = &delivered[0];
    assert_eq!(
        (delivery.method.clone(), delivery.url.as_str()),
        (Method::POST, "https://h.example.com/okta")
    );
    assert_eq!(delivery.header("authorization"), Some("s3cret-value"));
    assert_eq!(delivery.header("x-custom"), Some("custom value"));
    assert_eq!(delivery.header("content-type"), Some("application/json"));
    let body = delivery.json();
    assert_eq!(body["eventType"], "com.okta.event_hook");
    assert_eq!(body["eventTypeVersion"], "1.0");
    assert_eq!(body["cloudEventsVersion"], "0.1");
    assert_eq!(body["contentType"], "application/json");
    assert_eq!(
        body["source"],
        format!("https://fake-org.okta.com/api/v1/eventHooks/{id}")
    );
    assert_eq!(body["eventId"].as_str().unwrap().len(), 36);
    assert!(body["eventTime"].as_str().unwrap().ends_with('Z'));
    let events = body["data"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["eventType"], "user.lifecycle.create");
    assert_eq!(events[0]["target"][0]["id"], user.as_str());
    let log = org.log_events();
    let logged = log
        .iter()
        .find(|e| e["eventType"] == "user.lifecycle.create")
        .unwrap();
    assert_eq!(&events[0], logged, "the System Log event itself");
    assert_eq!(org.deliveries(), delivered);

    // Deactivated: nothing more; other hooks never get what they did not subscribe to.
    post(
        &org,
        &format!("/api/v1/eventHooks/{id}/lifecycle/deactivate"),
        &json!({}),
    );
    create_user(&org, "second@example.com");
    assert_eq!(endpoint.delivered().len(), 1);
    let (_, group) = post(
        &org,
        "/api/v1/groups",
        &json!({"profile": {"name": "Hooked"}}),
    );
    assert!(group["id"].is_string());
    let delivered = endpoint.delivered();
    assert_eq!(delivered.len(), 2);
    assert_eq!(delivered[1].hook_id, other);
}

#[test]
fn unverified_hooks_receive_nothing() {
    let org = org(1);
    let endpoint = Scripted::echo();
    org.set_hook_sender(endpoint.clone());
    post(
        &org,
        "/api/v1/eventHooks",
        &hook_body("https://h.example.com", &["user.lifecycle.create"]),
    );
    create_user(&org, "nobody.listens@example.com");
    assert!(endpoint.delivered().is_empty());
    assert!(org.deliveries().is_empty());
}

#[test]
fn faults_duplicate_delay_and_reorder_deliveries() {
    let org = org(1);
    let endpoint = Scripted::echo();
    org.set_hook_sender(endpoint.clone());
    verified_hook(&org, "https://h.example.com", &["user.session.start"]);

    org.inject_delivery_fault(DeliveryFault::Duplicate, 1);
    org.add_log_events(2);
    let delivered = endpoint.delivered();
    assert_eq!(delivered.len(), 2);
    assert_eq!(delivered[0], delivered[1], "same eventId and uuids");
    assert_eq!(
        delivered[0].event_uuids().len(),
        2,
        "one request's events travel together"
    );

    org.inject_delivery_fault(DeliveryFault::Delay(Duration::from_secs(5)), 1);
    org.add_log_events(1);
    assert_eq!(endpoint.delivered()[2].delay, Duration::from_secs(5));

    org.inject_delivery_fault(DeliveryFault::HoldBack, 1);
    org.add_log_events(1);
    assert_eq!(endpoint.delivered().len(), 3, "held back");
    org.add_log_events(1);
    let delivered = endpoint.delivered();
    assert_eq!(delivered.len(), 5);
    let published = |call: &HookCall| call.json()["data"]["events"][0]["uuid"].clone();
    let log = org.log_events();
    let uuids: Vec<&Value> = log.iter().rev().take(2).map(|e| &e["uuid"]).collect();
    assert_eq!(
        (published(&delivered[3]), published(&delivered[4])),
        (uuids[0].clone(), uuids[1].clone()),
        "the later event arrives first"
    );
}

#[test]
fn http_is_refused_except_on_loopback() {
    let org = org(1);
    let endpoint = Scripted::echo();
    org.set_hook_sender(endpoint);
    verified_hook(&org, "http://127.0.0.1:9/hook", &["a.b"]);
    let (status, error) = post(
        &org,
        "/api/v1/eventHooks",
        &hook_body("http://hooks.example.com/x", &["a.b"]),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["errorSummary"],
        "Api validation failed: channel.config.uri"
    );
    let (status, _) = call(&org, Method::GET, "/api/v1/eventHooks", None);
    assert_eq!(status, StatusCode::OK);
}
