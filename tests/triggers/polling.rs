//! The polling triggers one behaviour at a time: the first poll, unreadable state, a bad filter, bounded work,
//! late events and late search results.

use std::time::{Duration, SystemTime};

use okta_harness::ErrorKind;

use super::{LOGS, ManualClock, NEW_USERS, UPDATED_USERS, guest_err, poll, poll_ok};
use crate::common::{TestOrg, invalid_input};

/// A clock a day behind the host's: a trigger that used the host clock would miss what the org does next.
fn skewed() -> ManualClock {
    ManualClock::at(SystemTime::now() - Duration::from_secs(86_400))
}

async fn new_user(t: &TestOrg, n: usize) -> String {
    let login = format!("poll.{n}@example.com");
    let user = t
        .ok(
            "createUser",
            &[
                ("firstName", "Poll"),
                ("lastName", "User"),
                ("email", &login),
                ("login", &login),
                ("activate", "false"),
            ],
        )
        .await;
    user["data"]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_first_poll_returns_nothing_and_starts_from_oktas_clock() {
    let clock = skewed();
    let t = clock.org(5);
    clock.advance(1500);
    let mut states = Vec::new();
    for key in [LOGS, NEW_USERS, UPDATED_USERS] {
        let (records, state) = poll_ok(&t, key, &[], None).await;
        assert!(records.is_empty(), "{key}: {records:?}");
        assert!(state.len() < 1024, "{key}: {state}");
        let parsed: serde_json::Value = serde_json::from_str(&state).unwrap();
        assert_eq!(parsed["v"], 1);
        states.push(state);
    }
    clock.advance(2000);
    let id = new_user(&t, 1).await;
    clock.advance(2000);
    let (logs, _) = poll_ok(&t, LOGS, &[], Some(&states[0])).await;
    assert!(
        logs.iter()
            .any(|e| e["eventType"] == "user.lifecycle.create"),
        "{logs:?}"
    );
    let since = t
        .requests("GET", "/api/v1/logs")
        .into_iter()
        .map(|r| r.uri)
        .find(|uri| uri.contains("since="))
        .expect("the second poll starts a polling query since the first poll's time");
    let okta_day = &super::iso(clock.millis())[..10];
    assert!(since.contains(&format!("since={okta_day}")), "{since}");
    for (key, state) in [(NEW_USERS, &states[1]), (UPDATED_USERS, &states[2])] {
        let (users, _) = poll_ok(&t, key, &[], Some(state)).await;
        let ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [id.as_str()], "{key}");
    }
}

#[tokio::test]
async fn a_state_that_cannot_be_read_is_an_invalid_input_naming_it() {
    let clock = skewed();
    let t = clock.org(3);
    let (_, log_state) = poll_ok(&t, LOGS, &[], None).await;
    let (_, users_state) = poll_ok(&t, NEW_USERS, &[], None).await;
    for (key, state) in [
        (LOGS, "not json".to_string()),
        (LOGS, users_state.clone()),
        (NEW_USERS, log_state.clone()),
        (UPDATED_USERS, users_state.clone()),
        (NEW_USERS, users_state.replace("\"v\":1", "\"v\":99")),
        (NEW_USERS, "{}".to_string()),
        (LOGS, format!("\"{}\"", "x".repeat(300_000))),
    ] {
        let error = guest_err(key, poll(&t, key, &[], Some(&state)).await);
        assert_eq!(invalid_input(&error), "state", "{key}: {}", error.message);
        assert!(!error.retryable);
    }
}

#[tokio::test]
async fn an_invalid_log_filter_is_an_invalid_input_naming_filter() {
    let clock = skewed();
    let t = clock.org(3);
    // The product page's example: LogEvent has no lastUpdated.
    let bad = [("filter", r#"lastUpdated gt "2013-06-01T00:00:00.000Z""#)];
    let error = guest_err("first poll", poll(&t, LOGS, &bad, None).await);
    assert_eq!(invalid_input(&error), "filter", "{}", error.message);
    let (_, state) = poll_ok(&t, LOGS, &[], None).await;
    let error = guest_err("later poll", poll(&t, LOGS, &bad, Some(&state)).await);
    assert_eq!(invalid_input(&error), "filter", "{}", error.message);
}

#[tokio::test]
async fn a_filter_narrows_the_events_and_a_new_filter_starts_from_the_last_poll() {
    let clock = skewed();
    let t = clock.org(5);
    clock.advance(1500);
    let created = [("filter", r#"eventType eq "user.lifecycle.create""#)];
    let (_, state) = poll_ok(&t, LOGS, &created, None).await;
    clock.advance(1000);
    t.org.add_log_events(5);
    new_user(&t, 1).await;
    clock.advance(1000);
    let (events, state) = poll_ok(&t, LOGS, &created, Some(&state)).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["eventType"], "user.lifecycle.create");
    clock.advance(1000);
    t.org.add_log_events(3);
    clock.advance(1000);
    let sessions = [("filter", r#"eventType eq "user.session.start""#)];
    let (events, _) = poll_ok(&t, LOGS, &sessions, Some(&state)).await;
    assert_eq!(events.len(), 3, "{events:?}");
}

#[tokio::test]
async fn one_poll_returns_at_most_ten_thousand_events_and_the_next_carries_on() {
    let clock = skewed();
    let t = clock.org(5);
    clock.advance(1500);
    let (_, mut state) = poll_ok(&t, LOGS, &[], None).await;
    clock.advance(1000);
    t.org.add_log_events(12_345);
    clock.advance(1000);
    let mut sizes = Vec::new();
    let mut uuids = std::collections::HashSet::new();
    for _ in 0..3 {
        let (events, next) = poll_ok(&t, LOGS, &[], Some(&state)).await;
        sizes.push(events.len());
        for event in &events {
            assert!(uuids.insert(event["uuid"].as_str().unwrap().to_string()));
        }
        assert!(next.len() < 64 * 1024, "state of {} bytes", next.len());
        state = next;
    }
    assert_eq!(sizes, [10_000, 2_345, 0]);
}

#[tokio::test]
async fn late_events_are_returned_once_after_the_events_published_before_them() {
    let clock = skewed();
    let t = clock.org(5);
    clock.advance(1500);
    let (_, state) = poll_ok(&t, LOGS, &[], None).await;
    clock.advance(1000);
    t.org.delay_log_events(2, Duration::from_secs(30));
    t.org.add_log_events(2);
    clock.advance(1000);
    t.org.add_log_events(1);
    clock.advance(1000);
    let (first, state) = poll_ok(&t, LOGS, &[], Some(&state)).await;
    assert_eq!(first.len(), 1);
    clock.advance(30_000);
    let (late, state) = poll_ok(&t, LOGS, &[], Some(&state)).await;
    assert_eq!(late.len(), 2);
    assert!(
        super::millis(late[0]["published"].as_str().unwrap())
            < super::millis(first[0]["published"].as_str().unwrap()),
        "late events are older than what came before them"
    );
    let (again, _) = poll_ok(&t, LOGS, &[], Some(&state)).await;
    assert!(again.is_empty());
}

#[tokio::test]
async fn a_user_the_search_finds_late_is_still_returned_once() {
    let clock = skewed();
    let t = clock.org(5);
    clock.advance(1500);
    let (_, new_state) = poll_ok(&t, NEW_USERS, &[], None).await;
    let (_, updated_state) = poll_ok(&t, UPDATED_USERS, &[], None).await;
    t.org.set_search_lag(Duration::from_secs(20));
    clock.advance(1000);
    let early = new_user(&t, 1).await;
    clock.advance(25_000);
    let late = new_user(&t, 2).await;
    clock.advance(1000);
    let keys = [NEW_USERS, UPDATED_USERS];
    let mut states = [new_state, updated_state];
    for (key, state) in keys.iter().zip(states.iter_mut()) {
        let (users, next) = poll_ok(&t, key, &[], Some(state)).await;
        let ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [early.as_str()],
            "{key}: the search does not find the newest user yet"
        );
        *state = next;
    }
    clock.advance(20_000);
    for (key, state) in keys.iter().zip(states.iter_mut()) {
        let (users, next) = poll_ok(&t, key, &[], Some(state)).await;
        let ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [late.as_str()], "{key}");
        let (users, _) = poll_ok(&t, key, &[], Some(&next)).await;
        assert!(users.is_empty(), "{key}: {users:?}");
    }
}

#[tokio::test]
async fn the_updated_users_trigger_returns_each_change_and_deprovisioned_users() {
    let clock = skewed();
    let t = clock.org(5);
    clock.advance(1500);
    let (_, state) = poll_ok(&t, UPDATED_USERS, &[], None).await;
    clock.advance(1000);
    let id = new_user(&t, 1).await;
    clock.advance(1000);
    let (users, state) = poll_ok(&t, UPDATED_USERS, &[], Some(&state)).await;
    assert_eq!(users.len(), 1);
    clock.advance(1000);
    t.ok("deactivateUser", &[("id", &id)]).await;
    clock.advance(1000);
    let (users, _) = poll_ok(&t, UPDATED_USERS, &[], Some(&state)).await;
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0]["status"], "DEPROVISIONED");
}

#[tokio::test]
async fn a_webhook_trigger_cannot_be_polled_nor_a_polling_trigger_deployed() {
    let t = TestOrg::with_users(1);
    let error = guest_err("poll eventHook", poll(&t, "eventHook", &[], None).await);
    assert!(matches!(error.kind, ErrorKind::InvalidInput { .. }));
    let error = guest_err("poll nope", poll(&t, "nope", &[], None).await);
    assert_eq!(invalid_input(&error), "trigger");
}

#[tokio::test]
async fn events_read_again_after_a_filter_change_are_not_returned_twice() {
    let clock = skewed();
    let t = clock.org(5);
    clock.advance(1500);
    let (_, state) = poll_ok(&t, LOGS, &[], None).await;
    clock.advance(1000);
    t.org.add_log_events(4);
    clock.advance(300);
    // This poll's Date is the whole second the four events were recorded in.
    let (events, state) = poll_ok(&t, LOGS, &[], Some(&state)).await;
    assert_eq!(events.len(), 4);
    // A new filter starts a polling query from that second: it reads the four again, and skips them.
    let sessions = [("filter", r#"eventType eq "user.session.start""#)];
    let (again, state) = poll_ok(&t, LOGS, &sessions, Some(&state)).await;
    assert!(again.is_empty(), "{again:?}");
    let reread = t
        .requests("GET", "/api/v1/logs")
        .into_iter()
        .filter(|r| r.uri.contains("filter=") && r.uri.contains("since="))
        .count();
    assert_eq!(reread, 1, "the new filter started its own polling query");
    clock.advance(1000);
    t.org.add_log_events(2);
    clock.advance(1000);
    let (fresh, _) = poll_ok(&t, LOGS, &sessions, Some(&state)).await;
    assert_eq!(fresh.len(), 2);
}

#[tokio::test]
async fn a_burst_of_changes_larger_than_a_poll_comes_over_several_polls_each_once() {
    let clock = skewed();
    let t = clock.org(2_600);
    clock.advance(1500);
    let (_, mut state) = poll_ok(&t, UPDATED_USERS, &[], None).await;
    clock.advance(1000);
    let listing = t.ok("listUsers", &[("fetchAll", "true")]).await;
    let ids: Vec<&str> = listing["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .take(2_500)
        .collect();
    assert_eq!(ids.len(), 2_500);
    // 2,500 changes in the same millisecond: more than one poll returns and more than the state remembers.
    for id in &ids {
        t.org.set_user_status(id, "SUSPENDED");
    }
    clock.advance(1000);
    let mut sizes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..4 {
        let (users, next) = poll_ok(&t, UPDATED_USERS, &[], Some(&state)).await;
        sizes.push(users.len());
        for user in &users {
            assert!(
                seen.insert(user["id"].as_str().unwrap().to_string()),
                "returned twice"
            );
        }
        assert!(next.len() < 100 * 1024, "state of {} bytes", next.len());
        state = next;
    }
    assert_eq!(sizes, [1_000, 1_000, 500, 0]);
    assert!(ids.iter().all(|id| seen.contains(*id)));
}

#[tokio::test]
async fn a_user_created_in_the_same_second_as_the_first_poll_is_returned() {
    // Okta's `Date` has whole seconds (and `created` may too): the first poll at hh:mm:ss.100 must not lose a
    // user created at hh:mm:ss.400.
    let day_ago = SystemTime::now() - Duration::from_secs(86_400);
    let secs = day_ago
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let clock = ManualClock::at(SystemTime::UNIX_EPOCH + Duration::from_millis(secs * 1000 + 100));
    let t = clock.org(5);
    let mut states = Vec::new();
    for key in [NEW_USERS, UPDATED_USERS] {
        states.push(poll_ok(&t, key, &[], None).await.1);
    }
    clock.advance(300);
    let id = new_user(&t, 7).await;
    clock.advance(2000);
    for (key, state) in [(NEW_USERS, &states[0]), (UPDATED_USERS, &states[1])] {
        let (users, _) = poll_ok(&t, key, &[], Some(state)).await;
        let ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [id.as_str()], "{key}");
    }
}
