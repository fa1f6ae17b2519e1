//! The Event Hooks API through `FakeOrg::handle`, replaying the recorded flows.

use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::FakeOrg;
use crate::test_support::{call, get, org, post, send};

/// The body terraform-provider-okta sent (`TestAccResourceOktaEventHook_crud`).
fn recorded_body(uri: &str) -> Value {
    json!({
        "channel": {"config": {"authScheme": {"key": "Authorization", "type": "HEADER", "value": "123"},
                               "uri": uri},
                    "type": "HTTP", "version": "1.0.0"},
        "events": {"items": ["user.lifecycle.create", "user.lifecycle.delete.initiated"], "type": "EVENT_TYPE"},
        "name": "testAcc_3380735199",
        "status": "ACTIVE"
    })
}

fn create(org: &FakeOrg, uri: &str) -> Value {
    let (status, hook) = post(org, "/api/v1/eventHooks", &recorded_body(uri));
    assert_eq!(status, StatusCode::OK, "{hook}");
    hook
}

fn link_names(hook: &Value) -> Vec<&str> {
    hook["_links"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn the_recorded_crud_flow() {
    let org = org(2);
    let hook = create(&org, "https://example.com/test");
    let id = hook["id"].as_str().unwrap();
    assert!(id.starts_with("who") && id.len() == 20);
    assert_eq!(
        (&hook["status"], &hook["verificationStatus"]),
        (&json!("ACTIVE"), &json!("UNVERIFIED"))
    );
    assert_eq!(hook["description"], Value::Null);
    assert_eq!(hook["createdBy"], org.user("me").unwrap()["id"]);
    assert_eq!(
        hook["events"],
        json!({"type": "EVENT_TYPE", "items": ["user.lifecycle.create", "user.lifecycle.delete.initiated"], "filter": null})
    );
    assert_eq!(
        hook["channel"],
        json!({"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://example.com/test",
               "headers": [], "method": "POST", "authScheme": {"type": "HEADER", "key": "Authorization"}}})
    );
    assert_eq!(hook["_links"]["verify"]["hints"]["allow"], json!(["POST"]));
    assert_eq!(get(&org, &format!("/api/v1/eventHooks/{id}")).1, hook);

    let path = format!("/api/v1/eventHooks/{id}");
    let (status, error) = call(&org, Method::DELETE, &path, None);
    assert_eq!(
        (status, &error["errorCode"]),
        (StatusCode::FORBIDDEN, &json!("E0000006"))
    );

    let (_, inactive) = post(&org, &format!("{path}/lifecycle/deactivate"), &json!({}));
    assert_eq!(inactive["status"], "INACTIVE");
    let mut names = link_names(&inactive);
    names.sort_unstable();
    assert_eq!(names, ["activate", "delete", "self"]);
    let (_, active) = post(&org, &format!("{path}/lifecycle/activate"), &json!({}));
    assert_eq!(active["status"], "ACTIVE");
    post(&org, &format!("{path}/lifecycle/deactivate"), &json!({}));
    let response = send(&org, Method::DELETE, &path, None);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, missing) = get(&org, &path);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing["errorSummary"],
        format!("Not found: Resource not found: {id} (EventHook)")
    );
    assert!(org.event_hooks().is_empty());
}

#[test]
fn verification_and_replacement() {
    let org = org(2);
    org.set_hook_sender(super::outbound_tests::Scripted::echo());
    let hook = create(&org, "https://hooks.example.com/okta");
    let path = format!("/api/v1/eventHooks/{}", hook["id"].as_str().unwrap());
    let (status, verified) = post(&org, &format!("{path}/lifecycle/verify"), &json!({}));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verified["verificationStatus"], "VERIFIED");

    // The recorded PUT: new URL and headers, a third event type, INACTIVE.
    let mut body = recorded_body("https://hooks.example.com/updated");
    body["status"] = json!("INACTIVE");
    body["events"]["items"] = json!([
        "user.lifecycle.create",
        "user.lifecycle.delete.initiated",
        "user.account.update_profile"
    ]);
    body["channel"]["config"]["headers"] = json!([{"key": "x-test-header", "value": "test stuff"}]);
    let (status, replaced) = call(&org, Method::PUT, &path, Some(&body));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replaced["status"], "INACTIVE");
    assert_eq!(
        replaced["verificationStatus"], "UNVERIFIED",
        "a new channel needs verifying"
    );
    assert_eq!(
        replaced["events"]["items"],
        json!([
            "user.lifecycle.create",
            "user.account.update_profile",
            "user.lifecycle.delete.initiated"
        ]),
        "in the recorded (HashSet) order"
    );
    assert_eq!(
        replaced["channel"]["config"]["headers"][0]["key"],
        "x-test-header"
    );

    let broken = create(&org, "https://hooks.example.invalid/okta");
    let broken_path = format!("/api/v1/eventHooks/{}", broken["id"].as_str().unwrap());
    let (status, error) = post(&org, &format!("{broken_path}/lifecycle/verify"), &json!({}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["errorCode"], "E0000001");
    assert_eq!(error["errorSummary"], "Api validation failed: eventHook");
    assert_eq!(
        error["errorCauses"][0]["errorSummary"],
        "Unable to verify event hook. Hook testAcc_3380735199 execution failed"
    );
    let unreachable = org.add_event_hook("Down", "https://down.example.invalid/", "ACTIVE");
    let (status, _) = post(
        &org,
        &format!("/api/v1/eventHooks/{unreachable}/lifecycle/verify"),
        &json!({}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        get(&org, &broken_path).1["verificationStatus"],
        "UNVERIFIED"
    );
}

#[test]
fn bodies_are_validated() {
    let org = org(1);
    let mut body = recorded_body("http://example.com/plain");
    body.as_object_mut().unwrap().remove("name");
    let (status, error) = post(&org, "/api/v1/eventHooks", &body);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["errorSummary"], "Api validation failed: name");
    let causes: Vec<&str> = error["errorCauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["errorSummary"].as_str().unwrap())
        .collect();
    assert_eq!(
        causes,
        [
            "name: The field cannot be left blank",
            "channel.config.uri: The URI must be an absolute URL that uses HTTPS"
        ]
    );
    let mut body = recorded_body("https://example.com/x");
    body["channel"]["config"]["authScheme"]
        .as_object_mut()
        .unwrap()
        .remove("value");
    let (status, error) = post(&org, "/api/v1/eventHooks", &body);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["errorSummary"],
        "Api validation failed: channel.config.authScheme.value"
    );
    let (status, error) = post(&org, "/api/v1/eventHooks", &json!({"events": []}));
    assert_eq!(
        (status, &error["errorCode"]),
        (StatusCode::BAD_REQUEST, &json!("E0000003"))
    );
    assert!(org.event_hooks().is_empty());
}

#[test]
fn lists_and_helpers() {
    let org = org(1);
    let a = org.add_event_hook("SIEM", "https://siem.example.com/okta", "ACTIVE");
    let b = org.add_event_hook("Old", "https://old.example.com/okta", "INACTIVE");
    let (status, all) = get(&org, "/api/v1/eventHooks");
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a.as_str(), b.as_str()]);
    assert_eq!(org.event_hooks(), *all.as_array().unwrap());
    assert_eq!(all[1]["status"], "INACTIVE");
    assert_eq!(all[0]["channel"]["config"]["authScheme"], Value::Null);
    assert_eq!(
        send(
            &org,
            Method::DELETE,
            &format!("/api/v1/eventHooks/{b}"),
            None
        )
        .status(),
        StatusCode::NO_CONTENT
    );
}

#[test]
#[should_panic(expected = "unknown event hook status")]
fn add_event_hook_refuses_typos() {
    org(1).add_event_hook("x", "https://example.com", "ENABLED");
}
