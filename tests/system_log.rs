//! The System Log: bounded and polling queries, Fetch All's stopping rules, and events the org records.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::common::{TestOrg, invalid_input};

/// An ISO 8601 time `days` ago (Okta refuses a `since` more than 180 days back).
fn days_ago(days: u64) -> String {
    let at = SystemTime::now() - Duration::from_secs(days * 86_400);
    let secs = at.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days_since_epoch, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days_since_epoch as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[tokio::test]
async fn actions_show_up_in_the_log() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    t.ok("suspendUser", &[("id", &id)]).await;
    let logs = t
        .ok(
            "getSystemLogs",
            &[
                ("filter", "eventType eq \"user.lifecycle.suspend\""),
                ("since", &days_ago(170)),
            ],
        )
        .await;
    let events = logs["data"].as_array().unwrap();
    assert!(
        events.iter().any(|e| e["target"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["id"] == id.as_str()))),
        "{logs}"
    );
}

#[tokio::test]
async fn a_polling_query_stops_on_the_first_empty_page() {
    let t = TestOrg::new();
    let total = t.org.log_events().len();
    let out = t
        .ok(
            "getSystemLogs",
            &[
                ("fetchAll", "true"),
                ("limit", "100"),
                ("sortOrder", "ASCENDING"),
            ],
        )
        .await;
    let events = out["data"].as_array().unwrap();
    assert!(!events.is_empty() && events.len() <= total);
    let pages = t.requests("GET", "/api/v1/logs").len();
    // Every page of events, then the empty page that ends the listing (a polling query always has a next link).
    assert_eq!(pages, events.len().div_ceil(100) + 1);
    assert!(
        out["after"].is_string(),
        "a polling query can always be resumed"
    );
}

#[tokio::test]
async fn a_bounded_query_ends_without_a_next_link() {
    let t = TestOrg::new();
    let out = t
        .ok(
            "getSystemLogs",
            &[
                ("since", &days_ago(170)),
                ("until", "2100-01-01T00:00:00.000Z"),
                ("fetchAll", "true"),
                ("limit", "50"),
            ],
        )
        .await;
    assert_eq!(
        out["data"].as_array().unwrap().len(),
        t.org.log_events().len()
    );
    assert!(out.get("after").is_none());
}

#[tokio::test]
async fn fetch_all_stops_at_ten_thousand_records() {
    let t = TestOrg::new();
    t.org.add_log_events(12_000);
    let out = t
        .ok(
            "getSystemLogs",
            &[
                ("since", &days_ago(170)),
                ("until", "2100-01-01T00:00:00.000Z"),
                ("fetchAll", "true"),
                ("limit", "1000"),
            ],
        )
        .await;
    assert_eq!(out["data"].as_array().unwrap().len(), 10_000);
    assert!(
        out["after"].is_string(),
        "the rest can be read from the cursor"
    );
    assert_eq!(t.requests("GET", "/api/v1/logs").len(), 10);
}

#[tokio::test]
async fn bad_times_and_limits_are_named() {
    let t = TestOrg::new();
    assert_eq!(
        invalid_input(&t.err("getSystemLogs", &[("since", "01/02/2024")]).await),
        "since"
    );
    assert_eq!(
        invalid_input(&t.err("getSystemLogs", &[("limit", "5000")]).await),
        "limit"
    );
    assert_eq!(
        invalid_input(
            &t.err(
                "getSystemLogs",
                &[("since", "2024-01-01T00:00:00Z"), ("after", "x")]
            )
            .await
        ),
        "after"
    );
}
