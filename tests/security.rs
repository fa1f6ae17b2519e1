//! Inputs that try to leave their place, connections that point elsewhere, and secrets that must never show.

use okta_harness::{Connection, ErrorKind};

use crate::common::{TestOrg, invalid_input, path_of};

#[tokio::test]
async fn hostile_ids_stay_one_path_segment() {
    let t = TestOrg::new();
    for (id, encoded) in [
        ("../groups", "/api/v1/users/..%2Fgroups"),
        ("a/b", "/api/v1/users/a%2Fb"),
        ("x?y=1", "/api/v1/users/x%3Fy%3D1"),
        ("x#y", "/api/v1/users/x%23y"),
        (
            "../../api/v1/groups?q=a",
            "/api/v1/users/..%2F..%2Fapi%2Fv1%2Fgroups%3Fq%3Da",
        ),
    ] {
        let before = t.org.requests().len();
        let error = t.err("suspendUser", &[("id", id)]).await;
        assert!(
            matches!(error.kind, ErrorKind::NotFound { .. }),
            "{id}: {error}"
        );
        let sent = &t.org.requests()[before];
        assert_eq!(
            path_of(&sent.uri),
            format!("{encoded}/lifecycle/suspend"),
            "{id}"
        );
        assert!(
            !sent.uri.contains("q=a"),
            "{id} added a query: {}",
            sent.uri
        );
    }
}

#[tokio::test]
async fn dot_segments_are_refused_before_any_request() {
    let t = TestOrg::new();
    for id in ["..", "."] {
        for action in ["getUser", "deleteUser", "suspendUser"] {
            let error = t.err(action, &[("id", id)]).await;
            assert_eq!(invalid_input(&error), "id", "{action} {id}");
        }
        let error = t.err("clearUserSessions", &[("userId", id)]).await;
        assert_eq!(invalid_input(&error), "userId");
    }
    assert!(t.org.requests().is_empty());
}

#[tokio::test]
async fn bad_domains_are_rejected_naming_the_field() {
    let t = TestOrg::new();
    for domain in [
        "http://fake-org.okta.com",
        "fake-org.okta.com/api/v1",
        "fake-org.okta.com?x=1",
        "admin@fake-org.okta.com",
        "fake org.okta.com",
        "localhost",
        "",
    ] {
        let connection = Connection::api_token(domain, &t.org.api_token());
        let outcome = t.run_on(&connection, "getUser", &[("id", "me")]).await;
        let error = crate::common::guest_error("getUser", outcome);
        assert_eq!(invalid_input(&error), "oktaDomain", "{domain:?}");
    }
    assert!(t.org.requests().is_empty());
}

/// The Okta Domain is a public host name on port 443: IP literals in any notation, internal names and other
/// ports are refused before anything is sent (the credentials would go to them), and an explicit `:443` is the
/// same org as none.
#[tokio::test]
async fn the_domain_is_a_public_host_name_on_port_443() {
    let t = TestOrg::new();
    let refused = [
        "169.254.169.254",
        "127.0.0.1",
        "10.0.0.1:22",
        "10.0.0.1:443",
        "0x7f.1",
        "0X7F.0.0.1",
        "0177.0.0.1",
        "2130706433",
        "127.1",
        "1.2.3.4.",
        "[::1]",
        "[::ffff:127.0.0.1]:443",
        "https://[fe80::1]/",
        "::1",
        "localhost",
        "LocalHost:443",
        "app.localhost",
        "metadata.google.internal",
        "printer.local",
        "fake-org.okta.com:0",
        "fake-org.okta.com:22",
        "fake-org.okta.com:8443",
        "fake-org.okta.com:65536",
        "fake-org.okta.com:",
        "https://fake-org.okta.com:80/",
    ];
    for domain in refused {
        let connection = Connection::api_token(domain, &t.org.api_token());
        let outcome = t.run_on(&connection, "getUser", &[("id", "me")]).await;
        let error = crate::common::guest_error("getUser", outcome);
        assert_eq!(invalid_input(&error), "oktaDomain", "{domain:?}");
    }
    assert!(t.org.requests().is_empty());

    let all = t
        .ok("listUsers", &[("limit", "20"), ("fetchAll", "true")])
        .await["data"]
        .as_array()
        .map(Vec::len);
    assert!(all > Some(40), "{all:?}");
    for domain in [
        "fake-org.okta.com:443",
        "https://fake-org.okta.com:443/",
        "FAKE-ORG.okta.com",
    ] {
        let connection = Connection::api_token(domain, &t.org.api_token());
        let before = t.org.requests().len();
        let outcome = t
            .run_on(
                &connection,
                "listUsers",
                &[("limit", "20"), ("fetchAll", "true")],
            )
            .await;
        let output = outcome
            .result
            .unwrap_or_else(|e| panic!("{domain}: {e}\n{}", outcome.stderr));
        assert_eq!(
            output.json()["data"].as_array().map(Vec::len),
            all,
            "{domain}: Fetch All follows the org's next links"
        );
        let sent = &t.org.requests()[before..];
        assert!(sent.len() >= 3, "{domain}: {} pages", sent.len());
        for request in sent {
            assert!(
                request
                    .uri
                    .starts_with("https://fake-org.okta.com/api/v1/users"),
                "{domain}: {}",
                request.uri
            );
        }
    }
}

#[tokio::test]
async fn a_pasted_https_prefix_and_trailing_slash_are_fine() {
    let t = TestOrg::new();
    let connection = Connection::api_token("https://FAKE-ORG.okta.com/", &t.org.api_token());
    let outcome = t.run_on(&connection, "getUser", &[("id", "me")]).await;
    assert!(outcome.result.is_ok(), "{:?}", outcome.err());
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let t = TestOrg::new();
    let connection = Connection::api_token("fake-org.okta.com", "00wrong-token");
    let outcome = t.run_on(&connection, "getUser", &[("id", "me")]).await;
    let error = crate::common::guest_error("getUser", outcome);
    assert!(
        matches!(&error.kind, ErrorKind::Unauthorized { okta: Some(o) } if o.error_code == "E0000011"),
        "{error}"
    );
    assert!(!error.retryable);
}

/// The token, passwords and recovery answers given to the component appear in no output, error, trace or log.
#[tokio::test]
async fn secrets_never_appear_in_outputs_errors_traces_or_logs() {
    let t = TestOrg::new();
    let token = t.org.api_token();
    let password = "Sup3r-Secret-Passw0rd";
    let answer = "Secret-Answer-Canary";
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "createUser",
            vec![
                ("firstName", "S"),
                ("lastName", "S"),
                ("email", "s@example.com"),
                ("login", "s@example.com"),
                ("password", password),
                ("question", "q?"),
                ("answer", answer),
            ],
        ),
        (
            "setUserPassword",
            vec![
                ("userId", "s@example.com"),
                ("oldPassword", password),
                ("newPassword", password),
            ],
        ),
        (
            "setUserPassword",
            vec![
                ("userId", "s@example.com"),
                ("oldPassword", "wrong-one"),
                ("newPassword", password),
            ],
        ),
        (
            "updateUser",
            vec![("id", "s@example.com"), ("password", password)],
        ),
        ("getUser", vec![("id", "nobody")]),
        (
            "getUser",
            vec![("id", "s@example.com"), ("bogus", password)],
        ),
        ("listUsers", vec![("limit", "2")]),
    ];
    for (action, inputs) in calls {
        let outcome = t.run(action, &inputs).await;
        let mut seen = outcome.trace_text() + &outcome.stderr;
        match &outcome.result {
            Ok(output) => seen.push_str(output.text()),
            Err(error) => seen.push_str(&error.to_string()),
        }
        assert!(
            !outcome.trace.is_empty() || outcome.result.is_err(),
            "{action} was not traced"
        );
        for secret in [token.as_str(), password, answer] {
            assert!(!seen.contains(secret), "{action} leaked a secret:\n{seen}");
        }
    }
}

/// Every action with an ID input, given a hostile ID: whatever the action sends, the ID stays inside one
/// percent-encoded path segment (or one query value), so no request leaves the path the action means.
#[tokio::test]
async fn every_id_input_keeps_a_hostile_id_in_one_segment() {
    const HOSTILE: &str = "../../api/v1/groups?q=a#x";
    let manifest = crate::common::harness().manifest().await.unwrap();
    let mut tried = 0;
    for action in &manifest.actions {
        let ids: Vec<&str> = action
            .inputs
            .iter()
            .map(|i| i.key.as_str())
            .filter(|k| *k == "id" || k.ends_with("Id"))
            .collect();
        for id_input in ids {
            let t = TestOrg::new();
            let mut inputs: Vec<(String, String)> = action
                .inputs
                .iter()
                .filter(|i| i.required && i.key != id_input && i.key != "oktaDomain")
                .filter(|i| !matches!(i.key.as_str(), "apiToken"))
                .map(|i| {
                    let value = i
                        .example
                        .clone()
                        .or_else(|| i.allowed_values.first().cloned())
                        .unwrap_or_else(|| "x".to_string());
                    (i.key.clone(), value)
                })
                .collect();
            inputs.push((id_input.to_string(), HOSTILE.to_string()));
            let pairs: Vec<(&str, &str)> = inputs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let _ = t.run(&action.key, &pairs).await;
            tried += 1;
            for sent in t.org.requests() {
                let path = path_of(&sent.uri);
                let query = sent.uri.split_once('?').map_or("", |(_, q)| q);
                let label = format!("{} {id_input}: {}", action.key, sent.uri);
                assert!(!path.contains("/../") && !path.ends_with("/.."), "{label}");
                assert!(
                    !path.contains("/api/v1/groups?") && !path.contains('#'),
                    "{label}"
                );
                assert!(
                    !query.split('&').any(|pair| pair == "q=a"),
                    "the ID's query leaked into the request's: {label}"
                );
                assert!(
                    !path.starts_with("/api/v1/groups") || action.key.contains("Group"),
                    "{label}"
                );
            }
        }
    }
    assert!(tried > 20, "only {tried} ID inputs were tried");
}
