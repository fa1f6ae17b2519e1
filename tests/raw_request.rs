//! rawRequest: any path under the org's API through the shared client, with the caller's retry settings.

use std::time::Duration;

use http::Method;
use okta_harness::ErrorKind;
use okta_harness::fake_org::{Fault, FaultKind};

use crate::common::{TestOrg, invalid_input};

#[tokio::test]
async fn get_with_query_parameters_returns_data_status_and_headers() {
    let t = TestOrg::new();
    let out = t
        .ok(
            "rawRequest",
            &[
                ("method", "GET"),
                ("url", "/users"),
                ("queryParams", r#"[{"key":"limit","value":"2"}]"#),
            ],
        )
        .await;
    assert_eq!(out["data"].as_array().unwrap().len(), 2);
    assert_eq!(out["statusCode"], 200);
    assert!(out["headers"]["link"].as_str().unwrap().contains("rel="));
    let sent = &t.requests("GET", "/api/v1/users")[0];
    assert!(sent.uri.ends_with("/api/v1/users?limit=2"), "{}", sent.uri);
    assert_eq!(
        sent.header("authorization").map(|a| a.starts_with("SSWS ")),
        Some(true)
    );
}

#[tokio::test]
async fn post_json_data_and_text_and_binary_responses() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let url = format!("/users/{id}");
    let out = t
        .ok(
            "rawRequest",
            &[
                ("method", "POST"),
                ("url", &url),
                ("data", r#"{"profile":{"title":"Raw"}}"#),
            ],
        )
        .await;
    assert_eq!(out["data"]["profile"]["title"], "Raw");
    assert_eq!(t.org.user(&id).unwrap()["profile"]["title"], "Raw");

    let text = t
        .ok(
            "rawRequest",
            &[("method", "GET"), ("url", &url), ("responseType", "text")],
        )
        .await;
    assert!(text["data"].as_str().unwrap().starts_with('{'));
    let binary = t
        .ok(
            "rawRequest",
            &[("method", "GET"), ("url", &url), ("responseType", "binary")],
        )
        .await;
    assert!(
        binary["data"].as_str().unwrap().starts_with("ey"),
        "base64 of a JSON object"
    );
    assert_eq!(binary["contentType"], "application/json");
}

#[tokio::test]
async fn multipart_form_and_files_carry_names() {
    let t = TestOrg::new();
    // Okta answers 404 for this path; what matters is what was sent.
    let outcome = t
        .run(
            "rawRequest",
            &[
                ("method", "POST"),
                ("url", "/org/logo"),
                ("formData", r#"[{"key":"note","value":"hello"}]"#),
                ("fileData", r#"[{"key":"file","value":"PNGDATA"}]"#),
                (
                    "fileDataFileNames",
                    r#"[{"key":"file","value":"logo.png"}]"#,
                ),
            ],
        )
        .await;
    assert!(outcome.result.is_err());
    let sent = &t.requests("POST", "/api/v1/org/logo")[0];
    let content_type = sent.header("content-type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&sent.body);
    assert!(body.contains("name=\"note\"\r\n\r\nhello\r\n"), "{body}");
    assert!(
        body.contains("name=\"file\"; filename=\"logo.png\""),
        "{body}"
    );
    assert!(body.contains("PNGDATA"));
}

#[tokio::test]
async fn paths_and_headers_cannot_leave_the_api_or_replace_auth() {
    let t = TestOrg::new();
    for url in [
        "https://evil.example/api/v1/users",
        "//evil.example/x",
        "/users/../../oauth2/v1/token",
        "/users/%2E%2E/x",
        "users",
    ] {
        let error = t
            .err("rawRequest", &[("method", "GET"), ("url", url)])
            .await;
        assert_eq!(invalid_input(&error), "url", "{url}");
    }
    let error = t
        .err(
            "rawRequest",
            &[
                ("method", "GET"),
                ("url", "/users"),
                ("headers", r#"{"Authorization":"SSWS other"}"#),
            ],
        )
        .await;
    assert_eq!(invalid_input(&error), "headers");
    assert!(t.org.requests().is_empty());
}

/// `;` path parameters and dot segments, plain or percent-encoded, are refused before anything is sent: servers
/// that strip `;…` from a segment resolve `/..;/` as `/../`, which would climb out of `/api/v1`.
#[tokio::test]
async fn path_parameters_and_dot_segments_are_refused_in_any_encoding() {
    let t = TestOrg::new();
    for url in [
        "/..;/..;/oauth2/v1/clients",
        "/users/..;/..;/..;/oauth2/v1/clients",
        "/users;x=1",
        "/users/me;jsessionid=1",
        "/users/%3b/x",
        "/users/..%3B/..%3b/oauth2",
        "/users/%2e%2e/%2E%2E/oauth2/v1/clients",
        "/users/.%2e/oauth2",
        "/users/%2e/me",
        "/users/./me",
        "/api/v1/../../oauth2/v1/clients",
        "/api/v1/%2e%2e/x",
    ] {
        for method in ["GET", "POST", "DELETE"] {
            let error = t
                .err("rawRequest", &[("method", method), ("url", url)])
                .await;
            assert_eq!(invalid_input(&error), "url", "{method} {url}");
        }
    }
    assert!(t.org.requests().is_empty());
    // A dot inside a segment is an ordinary character, and `;` in the query is the query's business.
    let out = t
        .ok(
            "rawRequest",
            &[
                ("method", "GET"),
                ("url", "/users/me"),
                ("queryParams", r#"{"q":"a;b"}"#),
            ],
        )
        .await;
    assert_eq!(out["statusCode"], 200);
}

#[tokio::test(start_paused = true)]
async fn retries_follow_the_callers_settings() {
    // No retries by default, even for a GET.
    let t = TestOrg::new();
    t.org
        .inject(Fault::new(FaultKind::ServerError(503)).on(Method::GET, "/api/v1/users"));
    let error = t
        .err("rawRequest", &[("method", "GET"), ("url", "/users/me")])
        .await;
    assert!(matches!(&error.kind, ErrorKind::OktaApi { okta } if okta.status == 503));
    assert_eq!(t.requests("GET", "/api/v1/users").len(), 1);

    // Two retries with a fixed delay.
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::ServerError(502))
            .on(Method::GET, "/api/v1/users")
            .times(2),
    );
    t.ok(
        "rawRequest",
        &[
            ("method", "GET"),
            ("url", "/users/me"),
            ("maxRetryCount", "2"),
            ("retryDelayMs", "1500"),
        ],
    )
    .await;
    let sent = t.requests("GET", "/api/v1/users");
    assert_eq!(sent.len(), 3);
    let gaps: Vec<Duration> = sent
        .windows(2)
        .map(|w| w[1].at.duration_since(w[0].at).unwrap())
        .collect();
    // The fake's clock maps tokio's paused clock onto wall time, which adds a few hundred nanoseconds of noise.
    let fixed = Duration::from_millis(1495)..Duration::from_millis(1505);
    assert!(gaps.iter().all(|gap| fixed.contains(gap)), "{gaps:?}");

    // "Retry on all errors" retries a 404 too, and a POST.
    let t = TestOrg::new();
    let error = t
        .err(
            "rawRequest",
            &[
                ("method", "POST"),
                ("url", "/users/nobody/lifecycle/suspend"),
                ("maxRetryCount", "3"),
                ("retryOnAllErrors", "true"),
                ("useExponentialBackoff", "true"),
            ],
        )
        .await;
    assert!(matches!(error.kind, ErrorKind::NotFound { .. }));
    let sent = t.requests("POST", "/api/v1/users/nobody");
    assert_eq!(sent.len(), 4);
    assert!(
        sent[3].at.duration_since(sent[2].at).unwrap()
            > sent[1].at.duration_since(sent[0].at).unwrap(),
        "backoff grows"
    );
}

#[tokio::test(start_paused = true)]
async fn the_timeout_input_bounds_the_wait() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::Slow(Duration::from_secs(5))).on(Method::GET, "/api/v1/users"),
    );
    let error = t
        .err(
            "rawRequest",
            &[("method", "GET"), ("url", "/users/me"), ("timeout", "2000")],
        )
        .await;
    assert!(matches!(error.kind, ErrorKind::Timeout), "{error}");
}
