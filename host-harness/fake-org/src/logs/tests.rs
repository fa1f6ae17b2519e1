//! The System Log through `FakeOrg::handle`: polling and bounded queries, filters, and the events
//! other calls record.

use std::sync::atomic::Ordering;

use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::test_support::{
    NOW_SECONDS, call, get, json_of, links, next_path, org, org_with_clock, post, send,
};
use crate::{FakeOrg, Fault, FaultKind};

fn event_types(body: &Value) -> Vec<String> {
    body.as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap().to_owned())
        .collect()
}

fn new_user(org: &FakeOrg, login: &str) -> String {
    let body = json!({
        "profile": {"firstName": "Log", "lastName": "Test", "email": login, "login": login},
        "credentials": {"password": {"value": "Abcd1234xyz"}},
    });
    let (status, user) = post(org, "/api/v1/users", &body);
    assert_eq!(status, StatusCode::OK);
    user["id"].as_str().unwrap().to_owned()
}

/// Follows `next` links from `path` until a page comes back empty; the events and the last link.
fn drain(org: &FakeOrg, path: &str) -> (Vec<Value>, String) {
    let mut events = Vec::new();
    let mut path = path.to_owned();
    loop {
        let response = send(org, Method::GET, &path, None);
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let page = json_of(&response).as_array().unwrap().clone();
        let next = next_path(&response).expect("a polling query always has a next link");
        if page.is_empty() {
            return (events, next);
        }
        events.extend(page);
        path = next;
    }
}

#[test]
fn the_history_has_the_log_event_shape() {
    let org = org(20);
    let history = org.log_events();
    assert!(history.len() >= 250, "{}", history.len());
    let event = &history[0];
    for key in [
        "uuid",
        "published",
        "eventType",
        "version",
        "severity",
        "displayMessage",
        "legacyEventType",
        "actor",
        "client",
        "outcome",
        "target",
        "transaction",
        "debugContext",
        "authenticationContext",
        "securityContext",
        "request",
    ] {
        assert!(event.get(key).is_some(), "{key}");
    }
    assert_eq!(event["version"], "0");
    assert_eq!(event["actor"]["type"], "User");
    let uuids: std::collections::HashSet<&str> = history
        .iter()
        .map(|e| e["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(uuids.len(), history.len());
    let kinds: std::collections::HashSet<&str> = history
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    for kind in [
        "user.session.start",
        "user.authentication.sso",
        "policy.evaluate_sign_on",
    ] {
        assert!(kinds.contains(kind), "{kind}");
    }
    let failures = history
        .iter()
        .filter(|e| e["outcome"]["result"] == "FAILURE")
        .count();
    assert!(failures > 0);
    assert!(
        history
            .iter()
            .all(|e| e["published"].as_str().unwrap() <= "2025-09-29T03:49:50.000Z")
    );
}

#[test]
fn polling_always_has_a_next_link_and_sees_new_events() {
    let org = org(10);
    let (history, next) = drain(&org, "/api/v1/logs?limit=1000");
    assert_eq!(
        history.len(),
        org.log_events().len(),
        "the default since covers the history"
    );
    let published: Vec<&str> = history
        .iter()
        .map(|e| e["published"].as_str().unwrap())
        .collect();
    assert!(published.windows(2).all(|w| w[0] <= w[1]));

    let (empty, again) = drain(&org, &next);
    assert!(empty.is_empty());
    assert_eq!(again, next, "an empty poll keeps its place");

    let user = new_user(&org, "polled@example.com");
    let response = send(&org, Method::GET, &next, None);
    let page = json_of(&response);
    assert_eq!(
        event_types(&page),
        ["user.lifecycle.create", "user.lifecycle.activate"]
    );
    assert_eq!(page[0]["target"][0]["id"], user.as_str());
    let (after, _) = drain(&org, &next_path(&response).unwrap());
    assert!(after.is_empty());

    org.add_log_events(3);
    let (recent, _) = drain(&org, &next_path(&response).unwrap());
    assert_eq!(recent.len(), 3);
    assert!(
        recent
            .iter()
            .all(|e| e["eventType"] == "user.session.start")
    );
}

#[test]
fn polling_pages_resume_after_the_last_event() {
    let org = org(10);
    let (all, _) = drain(&org, "/api/v1/logs?limit=1000");
    let (paged, _) = drain(&org, "/api/v1/logs?limit=37");
    assert_eq!(paged, all);
    let response = send(
        &org,
        Method::GET,
        "/api/v1/logs?limit=37&filter=eventType+eq+%22user.session.start%22",
        None,
    );
    let next = next_path(&response).unwrap();
    assert!(next.contains("after=") && next.contains("filter=") && !next.contains("since="));
    let response = send(&org, Method::GET, "/api/v1/logs?limit=0", None);
    assert_eq!(json_of(&response), json!([]));
    assert!(next_path(&response).is_some());
}

#[test]
fn bounded_queries_end_and_sort_both_ways() {
    let org = org(10);
    let window = "since=2025-09-26T00:00:00Z&until=2025-09-28T00:00:00.000Z";
    let (_, all) = get(&org, &format!("/api/v1/logs?{window}&limit=1000"));
    let all = all.as_array().unwrap().clone();
    assert!(!all.is_empty());
    assert!(all.iter().all(|e| {
        let at = e["published"].as_str().unwrap();
        ("2025-09-26".."2025-09-28").contains(&at)
    }));
    let mut seen = Vec::new();
    let mut path = Some(format!("/api/v1/logs?{window}&limit=25"));
    let mut last = None;
    while let Some(next) = path {
        let response = send(&org, Method::GET, &next, None);
        seen.extend(json_of(&response).as_array().unwrap().clone());
        path = next_path(&response);
        last = Some(response);
    }
    assert_eq!(seen, all, "the last page has no next link");
    assert_eq!(links(&last.unwrap()).len(), 1);

    let mut down = Vec::new();
    let mut path = Some(format!(
        "/api/v1/logs?{window}&limit=25&sortOrder=DESCENDING"
    ));
    while let Some(next) = path {
        let response = send(&org, Method::GET, &next, None);
        down.extend(json_of(&response).as_array().unwrap().clone());
        path = next_path(&response);
    }
    down.reverse();
    assert_eq!(down, all);
    let (_, newest) = get(&org, "/api/v1/logs?sortOrder=DESCENDING&limit=1");
    assert_eq!(newest[0], *org.log_events().last().unwrap());
}

#[test]
fn filters_keywords_and_errors() {
    let org = org(10);
    let user = new_user(&org, "findme@example.com");
    let (_, mine) = get(
        &org,
        &format!("/api/v1/logs?filter=target.id+eq+%22{user}%22"),
    );
    assert_eq!(
        event_types(&mine),
        ["user.lifecycle.create", "user.lifecycle.activate"]
    );
    let (_, failed) = get(
        &org,
        "/api/v1/logs?limit=1000&filter=eventType+eq+%22user.session.start%22+and+outcome.result+eq+%22FAILURE%22",
    );
    let failed = failed.as_array().unwrap();
    assert!(!failed.is_empty());
    assert!(failed.iter().all(|e| e["severity"] == "WARN"));
    let (_, sessions) = get(
        &org,
        "/api/v1/logs?limit=1000&filter=eventType+sw+%22USER.SESSION%22",
    );
    assert!(
        event_types(&sessions)
            .iter()
            .all(|t| t.starts_with("user.session."))
    );
    let (_, keyword) = get(&org, "/api/v1/logs?q=FINDME%40example.com+activate");
    assert_eq!(event_types(&keyword), ["user.lifecycle.activate"]);
    let (_, none) = get(&org, "/api/v1/logs?q=findme%40example.com+nothing");
    assert_eq!(none, json!([]));
    for (query, code) in [
        ("since=2024-01-01T00:00:00Z", "E0000053"),
        ("since=2025-09-28T00:00:00Z&after=1_1", "E0000053"),
        ("filter=published+gt+%222025-09-28T00:00:00Z%22", "E0000053"),
        (
            "filter=lastUpdated+gt+%222025-09-28T00:00:00Z%22",
            "E0000053",
        ),
        ("filter=eventType+eq", "E0000053"),
        (
            "filter=debugContext.debugData.url+co+%22%2Fapi%22",
            "E0000031",
        ),
        ("until=tomorrow", "E0000001"),
        ("limit=many", "E0000001"),
        ("sortOrder=NEWEST", "E0000001"),
    ] {
        let (status, error) = get(&org, &format!("/api/v1/logs?{query}"));
        assert_eq!(
            (status, &error["errorCode"]),
            (StatusCode::BAD_REQUEST, &json!(code)),
            "{query}"
        );
    }
    let (_, error) = get(&org, "/api/v1/logs?since=2024-01-01T00:00:00Z");
    assert_eq!(
        error["errorSummary"],
        "Invalid parameter: The since parameter is over 180 days prior to the current day."
    );
}

#[test]
fn state_changes_are_recorded_with_their_context() {
    let (org, clock) = org_with_clock(5);
    let before = org.log_events().len();
    clock.store(NOW_SECONDS + 90, Ordering::SeqCst);
    let group = org.add_group("Pilots");
    let user = new_user(&org, "pilot@example.com");
    let response = send(
        &org,
        Method::PUT,
        &format!("/api/v1/groups/{group}/users/{user}"),
        None,
    );
    let request_id = response.headers()["x-okta-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    send(
        &org,
        Method::PUT,
        &format!("/api/v1/groups/{group}/users/{user}"),
        None,
    );
    send(
        &org,
        Method::DELETE,
        &format!("/api/v1/groups/{group}/users/{user}"),
        None,
    );
    let recorded: Vec<Value> = org.log_events().split_off(before);
    assert_eq!(
        event_types(&Value::Array(recorded.clone())),
        [
            "user.lifecycle.create",
            "user.lifecycle.activate",
            "group.user_membership.add",
            "group.user_membership.remove"
        ],
        "adding a member twice is one change"
    );
    let add = &recorded[2];
    assert_eq!(add["published"], "2025-09-29T03:51:20.000Z");
    assert_eq!(add["transaction"]["id"], request_id.as_str());
    assert_eq!(
        add["debugContext"]["debugData"]["requestId"],
        request_id.as_str()
    );
    assert_eq!(add["actor"]["alternateId"], "admin@example.com");
    assert!(
        add["transaction"]["detail"]["requestApiTokenId"]
            .as_str()
            .unwrap()
            .starts_with("00T")
    );
    assert_eq!(
        (&add["target"][0]["type"], &add["target"][1]["type"]),
        (&json!("User"), &json!("UserGroup"))
    );
    assert_eq!(add["target"][1]["displayName"], "Pilots");
}

#[test]
fn deletes_failures_and_faults() {
    let org = org(5);
    let user = new_user(&org, "gone@example.com");
    let before = org.log_events().len();
    for _ in 0..2 {
        send(&org, Method::DELETE, &format!("/api/v1/users/{user}"), None);
    }
    let recorded = org.log_events().split_off(before);
    assert_eq!(
        event_types(&Value::Array(recorded.clone())),
        [
            "user.lifecycle.deactivate",
            "user.lifecycle.delete.initiated"
        ]
    );
    assert_eq!(
        recorded[1]["target"][0]["alternateId"], "gone@example.com",
        "named before it went"
    );

    let before = org.log_events().len();
    assert_eq!(
        call(&org, Method::DELETE, "/api/v1/groups/00gNOPE", None).0,
        StatusCode::NOT_FOUND
    );
    org.inject(Fault::new(FaultKind::ServerError(500)).on(Method::POST, "/api/v1/groups"));
    post(
        &org,
        "/api/v1/groups",
        &json!({"profile": {"name": "Faulted"}}),
    );
    assert_eq!(
        org.log_events().len(),
        before,
        "failed and faulted calls record nothing"
    );
    let (status, _) = post(
        &org,
        "/api/v1/groups",
        &json!({"profile": {"name": "Works"}}),
    );
    assert_eq!(status, StatusCode::OK);
    let last = org.log_events().pop().unwrap();
    assert_eq!(last["eventType"], "group.lifecycle.create");
    assert_eq!(last["target"][0]["displayName"], "Works");
}
