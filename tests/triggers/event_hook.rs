//! The event hook trigger: deploy (create and verify the hook), undeploy, and the requests Okta sends to the
//! webhook URL, forged ones included.

use okta_harness::fake_org::{FakeOrg, FakeOrgConfig};
use okta_harness::{CallOptions, DeployOutput, ErrorKind, Route, WebhookOutput, WebhookRequest};
use serde_json::{Value, json};

use super::guest_err;
use crate::common::{TestOrg, harness, invalid_input};

const KEY: &str = "eventHook";
const URL: &str = "https://flows.example.com/hooks/42";
const ITEMS: (&str, &str) = (
    "items",
    r#"["user.lifecycle.create","user.lifecycle.deactivate"]"#,
);

async fn deploy_outcome(
    t: &TestOrg,
    inputs: &[(&str, &str)],
    url: &str,
) -> okta_harness::Outcome<DeployOutput> {
    let options = CallOptions::new(Route::Fake(t.org.clone())).trace(true);
    harness()
        .deploy(KEY, &t.connection, inputs, url, options)
        .await
}

/// Deploys (must succeed); returns the instance state and the secret Okta was given for the hook.
async fn deploy(t: &TestOrg, inputs: &[(&str, &str)], url: &str) -> (String, String) {
    let outcome = deploy_outcome(t, inputs, url).await;
    let trace = outcome.trace_text();
    let output = match outcome.result {
        Ok(output) => output,
        Err(e) => panic!("deploy failed: {e}\n{trace}"),
    };
    let created = t.requests("POST", "/api/v1/eventHooks");
    let create = created
        .iter()
        .rev()
        .find(|r| r.uri.ends_with("/api/v1/eventHooks"))
        .unwrap();
    let body: Value = serde_json::from_slice(&create.body).unwrap();
    let secret = body["channel"]["config"]["authScheme"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    (output.instance_state, secret)
}

async fn undeploy(t: &TestOrg, state: &str) -> okta_harness::Outcome<Option<String>> {
    let options = CallOptions::new(Route::Fake(t.org.clone()));
    harness()
        .undeploy(KEY, &t.connection, &[ITEMS], state, options)
        .await
}

async fn handle(state: &str, method: &str, headers: &[(&str, &str)], body: &[u8]) -> WebhookOutput {
    let request = WebhookRequest {
        method: method.to_string(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: body.to_vec(),
    };
    // Answering Okta needs no call to Okta: any request the component tried would show up in this org.
    let watcher = empty_org();
    let outcome = harness()
        .handle_webhook(KEY, &[ITEMS], state, &request, Route::Fake(watcher.clone()))
        .await;
    assert!(watcher.requests().is_empty());
    match outcome.result {
        Ok(output) => output,
        Err(e) => panic!("handle_webhook trapped or failed: {e}\n{}", outcome.stderr),
    }
}

fn empty_org() -> FakeOrg {
    FakeOrg::new(FakeOrgConfig {
        users: 0,
        ..FakeOrgConfig::default()
    })
}

fn delivery(event_id: &str) -> Vec<u8> {
    json!({
        "eventType": "com.okta.event_hook",
        "eventTypeVersion": "1.0",
        "cloudEventsVersion": "0.1",
        "source": "https://fake-org.okta.com/api/v1/eventHooks/who1",
        "eventId": event_id,
        "eventTime": "2025-03-28T17:03:37.093Z",
        "contentType": "application/json",
        "data": {"events": [
            {"uuid": "b2", "published": "2025-03-28T17:03:36.500Z", "eventType": "user.lifecycle.deactivate"},
            {"uuid": "a1", "published": "2025-03-28T17:03:35.000Z", "eventType": "user.lifecycle.create"},
        ]},
    })
    .to_string()
    .into_bytes()
}

#[tokio::test]
async fn deploy_creates_a_verified_hook_with_a_random_secret_and_undeploy_deletes_it_twice_over() {
    let t = TestOrg::with_users(2);
    let inputs = [
        ITEMS,
        (
            "dynamicItems",
            r#"["group.user_membership.add","user.lifecycle.create"]"#,
        ),
        ("headers", r#"[{"key":"X-Custom-Header","value":"value"}]"#),
        (
            "filters",
            r#"[{"event":"user.lifecycle.create","condition":{"expression":"event.target.?[type eq 'User'].size()>0"}}]"#,
        ),
    ];
    let (state, secret) = deploy(&t, &inputs, URL).await;
    assert!(secret.len() >= 43, "32 random bytes");
    assert!(!state.is_empty());
    let hooks = t.org.event_hooks();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["status"], "ACTIVE");
    assert_eq!(hook["verificationStatus"], "VERIFIED");
    assert_eq!(hook["channel"]["config"]["uri"], URL);
    assert_eq!(
        hook["channel"]["config"]["headers"][0]["key"],
        "X-Custom-Header"
    );
    let mut items: Vec<&str> = hook["events"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    items.sort_unstable();
    assert_eq!(
        items,
        [
            "group.user_membership.add",
            "user.lifecycle.create",
            "user.lifecycle.deactivate"
        ]
    );
    // A second deploy gets another secret.
    let (_, other) = deploy(&t, &inputs, "https://flows.example.com/hooks/43").await;
    assert_ne!(secret, other);

    for _ in 0..2 {
        let outcome = undeploy(&t, &state).await;
        assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    }
    let left: Vec<Value> = t.org.event_hooks();
    assert_eq!(left.len(), 1);
    assert_eq!(
        left[0]["channel"]["config"]["uri"],
        "https://flows.example.com/hooks/43"
    );
}

#[tokio::test]
async fn a_url_that_fails_verification_leaves_no_hook() {
    let t = TestOrg::with_users(2);
    let error = guest_err(
        "deploy",
        deploy_outcome(&t, &[ITEMS], "https://hooks.example.invalid/okta").await,
    );
    assert_eq!(invalid_input(&error), "webhookUrl");
    assert!(
        error.message.contains("could not reach or verify"),
        "{}",
        error.message
    );
    assert!(t.org.event_hooks().is_empty(), "{:?}", t.org.event_hooks());
    assert_eq!(t.requests("DELETE", "/api/v1/eventHooks/").len(), 1);
}

#[tokio::test]
async fn a_crashed_deploy_followed_by_a_new_one_leaves_one_hook() {
    let t = TestOrg::with_users(2);
    let (_lost, first_secret) = deploy(&t, &[ITEMS], URL).await;
    let (state, secret) = deploy(&t, &[ITEMS], URL).await;
    assert_ne!(first_secret, secret);
    let hooks = t.org.event_hooks();
    assert_eq!(hooks.len(), 1, "{hooks:?}");
    // A hook someone else made for another URL is left alone.
    t.org
        .add_event_hook("Theirs", "https://other.example.com/x", "ACTIVE");
    let (_, _) = deploy(&t, &[ITEMS], URL).await;
    assert_eq!(t.org.event_hooks().len(), 2);
    let verification = handle(
        &state,
        "GET",
        &[
            ("authorization", &secret),
            ("x-okta-verification-challenge", "c"),
        ],
        b"",
    )
    .await;
    assert_eq!(
        verification.response.status, 200,
        "the instance state still answers for its secret"
    );
}

#[tokio::test]
async fn oktas_limits_are_typed_errors_naming_the_limit() {
    let t = TestOrg::with_users(2);
    let many: Vec<String> = (0..301).map(|i| format!("\"custom.event.n{i}\"")).collect();
    let items = format!("[{}]", many.join(","));
    let error = guest_err(
        "deploy",
        deploy_outcome(&t, &[("items", &items)], URL).await,
    );
    match &error.kind {
        ErrorKind::LimitExceeded { limit, maximum } => {
            assert_eq!(
                (limit.as_str(), *maximum),
                ("event types per event hook", 300)
            );
        }
        other => panic!("{other:?}"),
    }
    for i in 0..25 {
        t.org.add_event_hook(
            &format!("Hook {i}"),
            &format!("https://h.example.com/{i}"),
            "ACTIVE",
        );
    }
    let error = guest_err("deploy", deploy_outcome(&t, &[ITEMS], URL).await);
    match &error.kind {
        ErrorKind::LimitExceeded { limit, maximum } => {
            assert_eq!(
                (limit.as_str(), *maximum),
                ("active event hooks per org", 25)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.retryable);
    assert_eq!(t.org.event_hooks().len(), 25);
}

#[tokio::test]
async fn bad_deploy_inputs_name_the_input() {
    let t = TestOrg::with_users(2);
    for (inputs, url, named) in [
        (vec![ITEMS], "http://flows.example.com/h", "webhookUrl"),
        (
            vec![ITEMS],
            "https://user:pw@flows.example.com/h",
            "webhookUrl",
        ),
        (vec![ITEMS], "/relative", "webhookUrl"),
        (vec![("items", r#"["User Created"]"#)], URL, "items"),
        (vec![("dynamicItems", r#"{"a":1}"#)], URL, "dynamicItems"),
        (vec![], URL, "items"),
    ] {
        let error = guest_err(url, deploy_outcome(&t, &inputs, url).await);
        assert_eq!(
            invalid_input(&error),
            named,
            "{inputs:?} {url}: {}",
            error.message
        );
    }
    assert!(t.org.event_hooks().is_empty());
}

#[tokio::test]
async fn verification_answers_the_challenge_only_with_the_secret() {
    let t = TestOrg::with_users(2);
    let (state, secret) = deploy(&t, &[ITEMS], URL).await;
    for name in [
        "x-okta-verification-challenge",
        "X-Okta-Verification-Challenge",
        "X-OKTA-VERIFICATION-CHALLENGE",
    ] {
        let out = handle(
            &state,
            "GET",
            &[("Authorization", &secret), (name, "chal\"lenge")],
            b"",
        )
        .await;
        assert_eq!(out.response.status, 200);
        assert!(out.payload.is_none());
        assert!(
            out.response
                .headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v == "application/json")
        );
        let body: Value = serde_json::from_slice(&out.response.body).unwrap();
        assert_eq!(body, json!({"verification": "chal\"lenge"}));
    }
    let near_misses = forged(&secret);
    for wrong in &near_misses {
        let out = handle(
            &state,
            "GET",
            &[
                ("authorization", wrong),
                ("x-okta-verification-challenge", "c"),
            ],
            b"",
        )
        .await;
        assert_eq!(out.response.status, 401, "{wrong:?}");
        assert!(!String::from_utf8_lossy(&out.response.body).contains("\"verification\""));
    }
    let out = handle(
        &state,
        "GET",
        &[("x-okta-verification-challenge", "c")],
        b"",
    )
    .await;
    assert_eq!(out.response.status, 401);
}

/// Secrets an attacker might try: empty, one character off at either end, truncated, padded, another scheme.
fn forged(secret: &str) -> Vec<String> {
    let flip = |s: &str, at: usize| {
        let mut bytes = s.as_bytes().to_vec();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    };
    vec![
        String::new(),
        flip(secret, 0),
        flip(secret, secret.len() - 1),
        secret[..secret.len() - 1].to_string(),
        format!("{secret}x"),
        format!("{secret} "),
        format!("Bearer {secret}"),
        secret.to_lowercase(),
        "fake-okta-api-token-0123456789".to_string(),
    ]
}

#[tokio::test]
async fn deliveries_need_the_secret_and_carry_sorted_events_with_their_keys() {
    let t = TestOrg::with_users(2);
    let (state, secret) = deploy(&t, &[ITEMS], URL).await;
    let body = delivery("evt-1");
    let out = handle(
        &state,
        "POST",
        &[
            ("Authorization", &secret),
            ("content-type", "application/json"),
        ],
        &body,
    )
    .await;
    assert_eq!(out.response.status, 200);
    assert!(out.response.body.is_empty());
    let payload = out.payload.expect("a delivery starts a flow");
    assert_eq!(payload["eventId"], "evt-1");
    let uuids: Vec<&str> = payload["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(uuids, ["a1", "b2"], "sorted by published");
    assert_eq!(payload["events"][0]["eventType"], "user.lifecycle.create");

    // Okta delivers at least once: the same delivery again carries the same keys.
    let again = handle(&state, "POST", &[("authorization", &secret)], &body).await;
    assert_eq!(again.payload.as_ref(), Some(&payload));

    for wrong in forged(&secret) {
        let out = handle(&state, "POST", &[("Authorization", &wrong)], &body).await;
        assert_eq!(out.response.status, 401, "{wrong:?}");
        assert!(out.payload.is_none());
    }
    let out = handle(&state, "POST", &[], &body).await;
    assert_eq!((out.response.status, out.payload.is_none()), (401, true));
}

#[tokio::test]
async fn malformed_oversized_and_foreign_bodies_are_400_and_other_methods_405() {
    let t = TestOrg::with_users(2);
    let (state, secret) = deploy(&t, &[ITEMS], URL).await;
    let auth = [("Authorization", secret.as_str())];
    let mut oversized = delivery("big");
    oversized.splice(
        1..1,
        format!("\"pad\":\"{}\",", "x".repeat(4 * 1024 * 1024)).into_bytes(),
    );
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", delivery("e")[..40].to_vec()),
        ("not JSON", b"<html>hello</html>".to_vec()),
        ("binary", vec![0xff, 0xfe, 0x00, 0x01]),
        ("empty", Vec::new()),
        ("no events", br#"{"eventId":"e","data":{}}"#.to_vec()),
        (
            "event without uuid",
            br#"{"eventId":"e","data":{"events":[{"published":"2025-01-01T00:00:00.000Z"}]}}"#
                .to_vec(),
        ),
        ("a list", b"[]".to_vec()),
        ("oversized", oversized),
    ];
    for (what, body) in bodies {
        let out = handle(&state, "POST", &auth, &body).await;
        assert_eq!(out.response.status, 400, "{what}");
        assert!(out.payload.is_none(), "{what}");
    }
    for method in ["PUT", "DELETE", "PATCH", "OPTIONS", "BREW"] {
        let out = handle(&state, method, &auth, &delivery("e")).await;
        assert_eq!(out.response.status, 405, "{method}");
        assert!(out.payload.is_none());
    }
}

#[tokio::test]
async fn an_unreadable_instance_state_is_an_invalid_input_naming_it() {
    let request = WebhookRequest {
        method: "POST".into(),
        headers: Vec::new(),
        body: delivery("e"),
    };
    for state in [
        "{}",
        "null",
        r#"{"v":1,"trigger":"newUsersPollingTrigger"}"#,
    ] {
        let outcome = harness()
            .handle_webhook(KEY, &[ITEMS], state, &request, Route::Fake(empty_org()))
            .await;
        let error = guest_err("handle", outcome);
        assert_eq!(invalid_input(&error), "instanceState", "{state}");
    }
    let t = TestOrg::with_users(1);
    let error = guest_err("undeploy", undeploy(&t, "garbage").await);
    assert_eq!(invalid_input(&error), "instanceState");
}

#[tokio::test]
async fn before_deploy_returns_only_the_verification_challenge_is_answered() {
    // Okta verifies while `deploy` runs, so the host has no instance state yet: it passes an empty one.
    let call = |method: &str, headers: Vec<(String, String)>, body: Vec<u8>| {
        let request = WebhookRequest {
            method: method.into(),
            headers,
            body,
        };
        async move {
            harness()
                .handle_webhook(KEY, &[ITEMS], "", &request, Route::Fake(empty_org()))
                .await
        }
    };
    let challenge = vec![(
        "X-Okta-Verification-Challenge".to_string(),
        "abc123".to_string(),
    )];
    let out = call("GET", challenge, Vec::new()).await;
    let out = out.result.expect("answered");
    assert_eq!(out.response.status, 200);
    assert_eq!(out.response.body, br#"{"verification":"abc123"}"#);
    assert!(out.payload.is_none());
    // A delivery cannot be authenticated yet: refused, no payload.
    let forged = vec![("authorization".to_string(), "anything".to_string())];
    let out = call("POST", forged, delivery("e"))
        .await
        .result
        .expect("answered");
    assert_eq!(out.response.status, 401);
    assert!(out.payload.is_none());
    let out = call("GET", Vec::new(), Vec::new())
        .await
        .result
        .expect("answered");
    assert_eq!(out.response.status, 401);
}

#[tokio::test]
async fn nothing_secret_leaks_into_errors_or_logs() {
    let t = TestOrg::with_users(2);
    let outcome = deploy_outcome(&t, &[ITEMS], URL).await;
    let state = outcome.result.as_ref().unwrap().instance_state.clone();
    let create = t.requests("POST", "/api/v1/eventHooks");
    let body: Value = serde_json::from_slice(&create[0].body).unwrap();
    let secret = body["channel"]["config"]["authScheme"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!outcome.stderr.contains(&secret));
    assert!(
        !format!("{:?}", outcome.result).contains(&secret),
        "Debug masks the instance state"
    );
    let out = handle(
        &state,
        "POST",
        &[("authorization", "wrong")],
        &delivery("e"),
    )
    .await;
    assert!(!String::from_utf8_lossy(&out.response.body).contains(&secret));
}
