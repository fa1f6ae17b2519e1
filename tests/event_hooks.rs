//! Event hooks: creation as the product page promises it, lifecycle, deletes that deactivate first.

use crate::common::{TestOrg, invalid_input};

#[tokio::test]
async fn create_verifies_and_sends_headers_as_okta_wants() {
    let t = TestOrg::new();
    let hook = t
        .ok(
            "createEventHook",
            &[
                ("name", "Flows"),
                ("url", "https://hooks.example.com/okta"),
                ("items", r#"["user.lifecycle.create"]"#),
                ("dynamicItems", r#"["user.lifecycle.deactivate"]"#),
                ("headers", r#"{ "X-Custom-Header": "value" }"#),
            ],
        )
        .await;
    let hook = &hook["data"];
    assert_eq!(
        (hook["status"].as_str(), hook["verificationStatus"].as_str()),
        (Some("ACTIVE"), Some("VERIFIED"))
    );
    assert_eq!(
        hook["events"]["items"],
        serde_json::json!(["user.lifecycle.create", "user.lifecycle.deactivate"])
    );
    let sent = &t.requests("POST", "/api/v1/eventHooks")[0];
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        body["channel"]["config"]["headers"],
        serde_json::json!([{"key": "X-Custom-Header", "value": "value"}])
    );
    assert_eq!(
        t.requests("POST", "/api/v1/eventHooks/").len(),
        1,
        "one verify call"
    );
}

#[tokio::test]
async fn do_not_activate_leaves_it_inactive_and_unverified() {
    let t = TestOrg::new();
    let hook = t
        .ok(
            "createEventHook",
            &[
                ("name", "Later"),
                ("url", "https://hooks.example.com/later"),
                ("items", r#"["user.session.start"]"#),
                ("doNotActivateOnCreate", "true"),
            ],
        )
        .await;
    let id = hook["data"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        (
            hook["data"]["status"].as_str(),
            hook["data"]["verificationStatus"].as_str()
        ),
        (Some("INACTIVE"), Some("UNVERIFIED"))
    );
    assert!(
        t.requests("POST", &format!("/api/v1/eventHooks/{id}/lifecycle/verify"))
            .is_empty()
    );

    let verified = t.ok("verifyEventHook", &[("eventHookId", &id)]).await;
    assert_eq!(verified["data"]["verificationStatus"], "VERIFIED");
    let active = t.ok("activateEventHook", &[("eventHookId", &id)]).await;
    assert_eq!(active["data"]["status"], "ACTIVE");
    let inactive = t.ok("deactivateEventHook", &[("eventHookId", &id)]).await;
    assert_eq!(inactive["data"]["status"], "INACTIVE");
    let got = t.ok("getEventHook", &[("eventHookId", &id)]).await;
    assert_eq!(got["data"]["name"], "Later");
}

#[tokio::test]
async fn an_unreachable_url_is_reported_with_the_hook() {
    let t = TestOrg::new();
    let hook = t
        .ok(
            "createEventHook",
            &[
                ("name", "Broken"),
                ("url", "https://nowhere.invalid/hook"),
                ("items", r#"["user.session.start"]"#),
            ],
        )
        .await;
    assert_eq!(hook["data"]["verificationStatus"], "UNVERIFIED");
    assert!(
        hook["data"]["verificationError"]
            .as_str()
            .unwrap()
            .contains("400"),
        "{hook}"
    );
}

#[tokio::test]
async fn bad_inputs_are_named() {
    let t = TestOrg::new();
    let http = t
        .err(
            "createEventHook",
            &[
                ("name", "N"),
                ("url", "http://hooks.example.com"),
                ("items", r#"["a.b"]"#),
            ],
        )
        .await;
    assert_eq!(invalid_input(&http), "url");
    let none = t
        .err(
            "createEventHook",
            &[("name", "N"), ("url", "https://hooks.example.com")],
        )
        .await;
    assert_eq!(invalid_input(&none), "items");
    let filter = t
        .err(
            "createEventHook",
            &[
                ("name", "N"),
                ("url", "https://hooks.example.com"),
                ("items", r#"["a.b"]"#),
                ("filters", "[{\"event\":\"a.b\"}]"),
            ],
        )
        .await;
    assert_eq!(invalid_input(&filter), "filters");
}

#[tokio::test]
async fn deletes_deactivate_first_and_delete_all_filters_by_url() {
    let t = TestOrg::new();
    let mine = "https://flows.example.com/hook";
    let a = t.org.add_event_hook("A", mine, "ACTIVE");
    let b = t.org.add_event_hook("B", mine, "INACTIVE");
    let other = t
        .org
        .add_event_hook("Other system", "https://other.example.com/hook", "ACTIVE");

    let out = t.ok("deleteAllEventHooks", &[("url", mine)]).await;
    let mut deleted: Vec<&str> = out["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    deleted.sort();
    let mut want = vec![a.as_str(), b.as_str()];
    want.sort();
    assert_eq!(deleted, want);
    assert!(
        out["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["deleted"] == true)
    );
    assert_eq!(
        t.requests(
            "POST",
            &format!("/api/v1/eventHooks/{a}/lifecycle/deactivate")
        )
        .len(),
        1
    );
    assert!(
        t.requests(
            "POST",
            &format!("/api/v1/eventHooks/{b}/lifecycle/deactivate")
        )
        .is_empty()
    );
    let remaining: Vec<String> = t
        .org
        .event_hooks()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert!(remaining.contains(&other) && !remaining.contains(&a));

    let single = t.ok("deleteEventHook", &[("eventHookId", &other)]).await;
    assert_eq!(
        single["data"],
        serde_json::json!({"id": other, "deleted": true})
    );
    assert!(
        t.org.event_hooks().is_empty()
            || t.org
                .event_hooks()
                .iter()
                .all(|h| h["id"] != other.as_str())
    );
}

#[tokio::test]
async fn list_and_picklist() {
    let t = TestOrg::new();
    let id = t
        .org
        .add_event_hook("Audit feed", "https://audit.example.com/okta", "ACTIVE");
    let list = t.ok("listEventHooks", &[]).await;
    assert!(
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == id.as_str())
    );
    let items = t.picklist("selectEventHook", &[]).await;
    assert!(items.contains(&("Audit feed".to_string(), id)));
}
