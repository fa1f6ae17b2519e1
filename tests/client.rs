//! The shared client through the component: rate limits, retries, timeouts and broken answers, with faults
//! injected by the fake org. Time is tokio's paused clock: waits cost no real time.

use std::time::Duration;

use http::Method;
use okta_harness::ErrorKind;
use okta_harness::fake_org::{Fault, FaultKind};

use crate::common::{TestOrg, okta_code};

fn new_user_inputs(login: &str) -> Vec<(&'static str, String)> {
    vec![
        ("firstName", "Retry".to_string()),
        ("lastName", "Test".to_string()),
        ("email", login.to_string()),
        ("login", login.to_string()),
    ]
}

fn pairs<'a>(inputs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    inputs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test(start_paused = true)]
async fn a_429_is_waited_out_by_the_reset_header_then_retried() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::RateLimited { reset_in: 7 }).on(Method::GET, "/api/v1/users"),
    );
    let out = t.ok("getUser", &[("id", "me")]).await;
    assert!(out["data"]["id"].is_string());
    let sent = t.requests("GET", "/api/v1/users/me");
    assert_eq!(sent.len(), 2);
    let waited = sent[1].at.duration_since(sent[0].at).unwrap();
    assert!(
        waited >= Duration::from_secs(7) && waited < Duration::from_secs(9),
        "waited {waited:?}"
    );
    assert_eq!(sent[1].header("x-okta-retry-count"), Some("1"));
    assert!(sent[1].header("x-okta-retry-for").is_some());
}

#[tokio::test(start_paused = true)]
async fn a_429_is_retried_even_for_a_creating_post() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::RateLimited { reset_in: 2 }).on(Method::POST, "/api/v1/users"),
    );
    let inputs = new_user_inputs("limited@example.com");
    t.ok("createUser", &pairs(&inputs)).await;
    assert_eq!(t.requests("POST", "/api/v1/users").len(), 2);
    assert!(t.org.user("limited@example.com").is_some());
}

#[tokio::test(start_paused = true)]
async fn a_reset_too_far_away_is_reported_not_waited_for() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::RateLimited { reset_in: 3600 }).on(Method::GET, "/api/v1/users"),
    );
    let error = t.err("getUser", &[("id", "me")]).await;
    match &error.kind {
        ErrorKind::RateLimited {
            reset_in_seconds, ..
        } => assert!((3590..=3600).contains(reset_in_seconds)),
        other => panic!("{other:?}"),
    }
    assert_eq!(okta_code(&error), Some("E0000047"));
    assert!(error.retryable);
    assert_eq!(t.requests("GET", "/api/v1/users").len(), 1);
}

#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_for_get() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::ServerError(503))
            .on(Method::GET, "/api/v1/users")
            .times(2),
    );
    t.ok("listUsers", &[("limit", "3")]).await;
    assert_eq!(t.requests("GET", "/api/v1/users").len(), 3);
}

#[tokio::test(start_paused = true)]
async fn persistent_server_errors_end_as_a_retryable_error() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::ServerError(500))
            .on(Method::GET, "/api/v1/users")
            .times(100),
    );
    let error = t.err("getUser", &[("id", "me")]).await;
    assert!(
        matches!(&error.kind, ErrorKind::OktaApi { okta } if okta.status == 500),
        "{error}"
    );
    assert!(error.retryable);
    assert_eq!(
        t.requests("GET", "/api/v1/users").len(),
        5,
        "first attempt + 4 retries"
    );
}

#[tokio::test(start_paused = true)]
async fn a_creating_post_is_never_sent_twice() {
    for fault in [
        FaultKind::ServerError(502),
        FaultKind::Disconnect,
        FaultKind::Slow(Duration::from_secs(300)),
    ] {
        let t = TestOrg::new();
        t.org
            .inject(Fault::new(fault.clone()).on(Method::POST, "/api/v1/users"));
        let inputs = new_user_inputs("once@example.com");
        let error = t.err("createUser", &pairs(&inputs)).await;
        // The POST may have created the user: a platform honouring `retryable` would create a duplicate.
        assert!(!error.retryable, "{fault:?}: {error}");
        assert!(
            error.message.contains("may have been applied"),
            "{fault:?}: {}",
            error.message
        );
        assert_eq!(t.requests("POST", "/api/v1/users").len(), 1, "{fault:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_slow_answer_times_out_and_get_is_retried() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::Slow(Duration::from_secs(600))).on(Method::GET, "/api/v1/users"),
    );
    t.ok("getUser", &[("id", "me")]).await;
    assert_eq!(t.requests("GET", "/api/v1/users").len(), 2);

    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::Slow(Duration::from_secs(600))).on(Method::POST, "/api/v1/users"),
    );
    let inputs = new_user_inputs("slow@example.com");
    let error = t.err("createUser", &pairs(&inputs)).await;
    assert!(matches!(error.kind, ErrorKind::Timeout), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_dropped_connection_on_get_is_retried() {
    let t = TestOrg::new();
    t.org
        .inject(Fault::new(FaultKind::Disconnect).on(Method::GET, "/api/v1/users"));
    t.ok("getUser", &[("id", "me")]).await;
    assert_eq!(t.requests("GET", "/api/v1/users").len(), 2);
}

#[tokio::test]
async fn a_malformed_body_is_an_error_not_a_trap() {
    let t = TestOrg::new();
    t.org
        .inject(Fault::new(FaultKind::MalformedBody).on(Method::GET, "/api/v1/users"));
    let error = t.err("getUser", &[("id", "me")]).await;
    assert!(matches!(error.kind, ErrorKind::InvalidResponse), "{error}");
    assert!(
        error.message.contains("GET /api/v1/users/me"),
        "{}",
        error.message
    );

    t.org
        .inject(Fault::new(FaultKind::MalformedBody).on(Method::GET, "/api/v1/users"));
    let error = t.err("listUsers", &[]).await;
    assert!(matches!(error.kind, ErrorKind::InvalidResponse), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_lifecycle_change_that_happened_is_reported_even_if_the_status_read_fails() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    t.org.inject(
        Fault::new(FaultKind::ServerError(500))
            .on(Method::GET, "/api/v1/users")
            .times(100),
    );
    let out = t.ok("suspendUser", &[("id", &id)]).await;
    assert_eq!(out["data"]["id"], id.as_str());
    assert!(out["data"].get("status").is_none());
    assert_eq!(t.status(&id).as_deref(), Some("SUSPENDED"));
}
