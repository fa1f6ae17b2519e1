//! Hostile inputs and answers: each is refused with a typed error before anything is sent, or read without
//! a hang, a trap, a duplicate or a misleading `retryable`.

use bytes::Bytes;
use http::Method;
use okta_harness::fake_org::{FakeOrg, Fault, FaultKind};
use okta_harness::{CallOptions, Connection, ErrorKind, Route};

use crate::common::{TestOrg, guest_error, harness, invalid_input};

#[tokio::test]
async fn oversized_header_values_and_ids_are_invalid_input_and_nothing_is_sent() {
    let t = TestOrg::new();
    let before = t.org.requests().len();
    let big = format!(
        r#"[{{"key":"X-Big","value":"{}"}}]"#,
        "v".repeat(140 * 1024)
    );
    let error = t
        .err(
            "rawRequest",
            &[("method", "GET"), ("url", "/users"), ("headers", &big)],
        )
        .await;
    assert_eq!(invalid_input(&error), "header `x-big`");
    let id = "a".repeat(100_000);
    let error = t.err("getUser", &[("id", &id)]).await;
    assert_eq!(invalid_input(&error), "request path");
    assert!(
        !error.message.contains(&id[..200]),
        "the ID is not echoed whole"
    );
    assert_eq!(t.org.requests().len(), before, "nothing was sent");
}

#[tokio::test]
async fn control_characters_in_a_header_are_invalid_input_not_network_errors() {
    let t = TestOrg::new();
    for value in ["a\\u0000b", "a\\u000bb", "a\\u007fb"] {
        let headers = format!(r#"[{{"key":"X-Custom","value":"{value}"}}]"#);
        let before = t.org.requests().len();
        let error = t
            .err(
                "rawRequest",
                &[("method", "GET"), ("url", "/users"), ("headers", &headers)],
            )
            .await;
        assert_eq!(invalid_input(&error), "headers", "{value}");
        assert!(!error.retryable);
        assert_eq!(t.org.requests().len(), before, "{value}: nothing sent");
    }
}

#[tokio::test]
async fn a_failed_creating_post_is_not_retryable_and_not_repeated() {
    for status in [500, 502, 504] {
        let t = TestOrg::new();
        t.org
            .inject(Fault::new(FaultKind::ServerError(status)).on(Method::POST, "/api/v1/groups"));
        let error = t.err("createGroup", &[("name", "Once")]).await;
        assert!(!error.retryable, "{status}: {error}");
        assert!(
            error.message.contains("may have been applied"),
            "{}",
            error.message
        );
        assert!(matches!(&error.kind, ErrorKind::OktaApi { okta } if okta.status == status));
        assert_eq!(t.requests("POST", "/api/v1/groups").len(), 1);
    }
    // Retry On All Errors does not send a POST answered 500 again…
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::ServerError(500))
            .on(Method::POST, "/api/v1/groups")
            .times(10),
    );
    let inputs = [
        ("method", "POST"),
        ("url", "/groups"),
        ("data", r#"{"profile":{"name":"Raw"}}"#),
        ("retryOnAllErrors", "true"),
        ("maxRetryCount", "3"),
        ("retryDelayMs", "1"),
    ];
    let error = t.err("rawRequest", &inputs).await;
    assert!(!error.retryable);
    assert_eq!(t.requests("POST", "/api/v1/groups").len(), 1);
    // …but a GET answered 500 is retried and reported retryable.
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::ServerError(500))
            .on(Method::GET, "/api/v1/groups")
            .times(10),
    );
    let error = t
        .err(
            "rawRequest",
            &[
                ("method", "GET"),
                ("url", "/groups"),
                ("retryOnAllErrors", "true"),
                ("maxRetryCount", "2"),
                ("retryDelayMs", "1"),
            ],
        )
        .await;
    assert!(error.retryable);
    assert_eq!(t.requests("GET", "/api/v1/groups").len(), 3);
}

#[tokio::test]
async fn deeply_nested_answers_are_an_invalid_response() {
    let t = TestOrg::new();
    t.org.inject(
        Fault::new(FaultKind::Answer {
            headers: Vec::new(),
            status: 200,
            body: Bytes::from("[".repeat(100_000)),
        })
        .on(Method::GET, "/api/v1/users"),
    );
    let error = t.err("getUser", &[("id", "me")]).await;
    assert!(matches!(error.kind, ErrorKind::InvalidResponse), "{error}");
    assert!(error.message.contains("nests deeper"), "{}", error.message);
    assert!(!error.retryable);
}

/// Found by the fuzzer (seed 1, case 66976): 9.6 MB of tiny objects took more than the 256 MiB memory cap once
/// parsed. An answer the component reads into values (here updateGroup's read of the group) is refused before
/// parsing when it would take that much; answers passed through as text are not parsed at all.
#[tokio::test]
async fn answers_too_large_to_parse_are_an_invalid_response_not_a_memory_cap() {
    let t = TestOrg::new();
    let tiny_objects = format!("[{}{{}}]", "{\"id\":\"00u1\",\"p\":{}},".repeat(400_000));
    t.org.inject(
        Fault::new(FaultKind::Answer {
            headers: Vec::new(),
            status: 200,
            body: Bytes::from(tiny_objects),
        })
        .on(Method::GET, "/api/v1/groups"),
    );
    let group = t.org.add_group("Parsed");
    let error = t
        .err("updateGroup", &[("groupId", &group), ("name", "New")])
        .await;
    assert!(matches!(error.kind, ErrorKind::InvalidResponse), "{error}");
    assert!(
        error.message.contains("too large to read"),
        "{}",
        error.message
    );
}

/// Found by the fuzzer (seed 1, case 756241): deleteAllEventHooks reads the hook list into values, and 18 MB of
/// small objects outgrew the 256 MiB memory cap while they were parsed one by one. The listing is refused once
/// its parsed size passes the same limit, before anything is deleted.
#[tokio::test]
async fn listings_read_into_values_are_refused_before_they_outgrow_the_memory() {
    let t = TestOrg::new();
    let users = (0..350_000)
        .map(|i| format!(r#"{{"id":"00u{i}","profile":{{"login":"u{i}@example.com"}}}}"#))
        .collect::<Vec<_>>();
    t.org.inject(
        Fault::new(FaultKind::Answer {
            headers: Vec::new(),
            status: 200,
            body: Bytes::from(format!("[{}]", users.join(","))),
        })
        .on(Method::GET, "/api/v1/eventHooks"),
    );
    let error = t.err("deleteAllEventHooks", &[]).await;
    assert!(matches!(error.kind, ErrorKind::InvalidResponse), "{error}");
    assert!(
        error.message.contains("too large to read"),
        "{}",
        error.message
    );
    assert!(t.requests("DELETE", "/api/v1/eventHooks").is_empty());
}

#[tokio::test]
async fn rsa_keys_outside_2048_to_4096_bits_are_invalid_input_naming_the_key() {
    let org = okta_harness::fake_org_with_oauth_apps(Default::default());
    for bytes in [64, 1024, 2048] {
        // The size is refused before the key is used, so a well-formed JWK of that size is enough.
        let n = base64url(&vec![0xc5; bytes]);
        let jwk = format!(
            r#"{{"kty":"RSA","n":"{n}","e":"AQAB","d":"AQ","p":"AQ","q":"AQ","dp":"AQ","dq":"AQ","qi":"AQ"}}"#
        );
        let connection = Connection::new(
            "oauth2ClientCredentials",
            [
                ("oktaDomain", FakeOrg::DOMAIN),
                ("clientId", okta_harness::fake_apps::SERVICE_CLIENT_ID),
                ("privateKey", jwk.as_str()),
                ("scopes", "okta.users.read"),
            ],
        );
        let options = CallOptions::new(Route::Fake(org.clone()));
        let outcome = harness()
            .perform("listUsers", &connection, &[("limit", "1")], options)
            .await;
        let error = guest_error("listUsers", outcome);
        assert_eq!(invalid_input(&error), "privateKey", "{} bits", bytes * 8);
        assert!(
            error.message.contains(&format!("has {}", bytes * 8)),
            "{}",
            error.message
        );
    }
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[tokio::test]
async fn secret_fields_in_text_and_multipart_bodies_are_redacted_in_traces() {
    let t = TestOrg::new();
    let text = t
        .run(
            "rawRequest",
            &[
                ("method", "POST"),
                ("url", "/users"),
                ("data", "login=ann&password=hunter2-text"),
            ],
        )
        .await;
    let form = t
        .run(
            "rawRequest",
            &[
                ("method", "POST"),
                ("url", "/users"),
                (
                    "formData",
                    r#"[{"key":"login","value":"ann"},{"key":"password","value":"hunter2-form"}]"#,
                ),
            ],
        )
        .await;
    for (outcome, secret) in [(&text, "hunter2-text"), (&form, "hunter2-form")] {
        let trace = outcome.trace_text();
        assert!(trace.contains("password"), "{trace}");
        assert!(!trace.contains(secret), "{trace}");
    }
}

/// Found by the fuzzer (seed 1, case 272509): a listing of 35,000 "event hooks" made deleteAllEventHooks send a
/// request per entry until the CPU cap. An org holds at most 25 hooks, so such a listing is refused whole.
#[tokio::test]
async fn delete_all_event_hooks_refuses_a_listing_no_org_could_hold() {
    let t = TestOrg::new();
    let hooks: Vec<String> = (0..5_000)
        .map(|i| format!(r#"{{"id":"who{i}","name":"h","status":"ACTIVE"}}"#))
        .collect();
    t.org.inject(
        Fault::new(FaultKind::Answer {
            headers: Vec::new(),
            status: 200,
            body: Bytes::from(format!("[{}]", hooks.join(","))),
        })
        .on(Method::GET, "/api/v1/eventHooks"),
    );
    let error = t.err("deleteAllEventHooks", &[]).await;
    assert!(matches!(error.kind, ErrorKind::InvalidResponse), "{error}");
    assert!(error.message.contains("at most 25"), "{}", error.message);
    assert!(t.requests("POST", "/api/v1/eventHooks").is_empty());
    assert!(t.requests("DELETE", "/api/v1/eventHooks").is_empty());
}
