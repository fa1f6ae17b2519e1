//! Request bodies of real sizes go out whole: the body is streamed as the host makes room for it, under the
//! request's deadline, and one over the component's cap is refused before anything is sent.

use crate::common::{TestOrg, invalid_input};

/// A JSON object whose `profile.title` makes the body about `bytes` long.
fn profile_body(bytes: usize) -> String {
    format!(r#"{{"profile":{{"title":"{}"}}}}"#, "T".repeat(bytes))
}

#[tokio::test]
async fn a_10_kb_group_name_goes_out_whole() {
    let t = TestOrg::new();
    let name = "A".repeat(10 * 1024);
    let outcome = t
        .run("createGroup", &[("name", &name), ("description", "big")])
        .await;
    let sent = t.requests("POST", "/api/v1/groups");
    assert_eq!(sent.len(), 1, "{}", outcome.trace_text());
    assert!(sent[0].body.len() > 10 * 1024);
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body["profile"]["name"].as_str().map(str::len),
        Some(10 * 1024)
    );
}

#[tokio::test]
async fn a_raw_request_body_of_10_kb_and_of_10_mb_arrives_byte_for_byte() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let url = format!("/users/{id}");
    for size in [10 * 1024, 10 * 1024 * 1024] {
        let data = profile_body(size);
        let outcome = t
            .run(
                "rawRequest",
                &[("method", "POST"), ("url", &url), ("data", &data)],
            )
            .await;
        // Whatever the fake org answers, the body it received is the one sent.
        let sent = t.requests("POST", &format!("/api/v1{url}"));
        let Some(last) = sent.last() else {
            panic!("{size}: nothing sent: {:?}", outcome.result.err());
        };
        assert_eq!(
            last.body.len(),
            data.len(),
            "{size}: {:?}",
            outcome.result.err()
        );
        assert_eq!(&last.body[..], data.as_bytes());
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_before_sending() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let url = format!("/users/{id}");
    let data = profile_body(17 * 1024 * 1024);
    let before = t.org.requests().len();
    let error = t
        .err(
            "rawRequest",
            &[("method", "POST"), ("url", &url), ("data", &data)],
        )
        .await;
    assert_eq!(invalid_input(&error), "request body");
    assert!(error.message.contains("16 MiB"), "{}", error.message);
    assert!(!error.retryable);
    assert_eq!(t.org.requests().len(), before, "nothing was sent");
}
