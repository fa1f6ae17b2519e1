//! Knobs for testing polling clients against what makes polling hard in a real org:
//!
//! - **Late events** ([`FakeOrg::delay_log_events`]): the next events the org records reach the System Log
//!   only some time after they were `published`, so a polling query (ordered by persistence) returns them
//!   after events published later: late and out of `published` order, as Okta's System Log does.
//! - **Search lag** ([`FakeOrg::set_search_lag`]): a user `search` does not find users created less than the
//!   lag ago, as Okta's eventually consistent search index lags behind writes. Plain listings, `filter` and
//!   `GET /users/{id}` see them at once.
//!
//! Both are off in a new org.

use std::time::Duration;

use crate::FakeOrg;
use crate::logs::event::LogEvent;
use crate::time::Timestamp;

/// Events held back before they reach the log, and how many of the next events to hold.
#[derive(Debug, Default)]
pub(crate) struct LateEvents {
    /// How many of the next recorded events are held back.
    remaining: usize,
    delay_ms: i64,
    /// (when it reaches the log, the event), in recording order.
    held: Vec<(Timestamp, LogEvent)>,
}

impl LateEvents {
    /// Takes `event` into the queue when it is to be late; otherwise hands it back to be recorded now.
    pub(crate) fn hold(&mut self, event: LogEvent) -> Option<LogEvent> {
        if self.remaining == 0 {
            return Some(event);
        }
        self.remaining -= 1;
        let due = event.published.plus_millis(self.delay_ms);
        self.held.push((due, event));
        None
    }

    /// The held events whose time has come, in the order they were recorded.
    pub(crate) fn due(&mut self, now: Timestamp) -> Vec<LogEvent> {
        let (due, later): (Vec<_>, Vec<_>) = self.held.drain(..).partition(|(at, _)| *at <= now);
        self.held = later;
        due.into_iter().map(|(_, event)| event).collect()
    }
}

impl FakeOrg {
    /// The next `n` events the org records reach the System Log `delay` after they were published (each
    /// keeps its `published` time); a System Log query lets them in once their time has come.
    pub fn delay_log_events(&self, n: usize, delay: Duration) {
        let mut state = self.lock();
        let late = &mut state.org.log.late;
        late.remaining = n;
        late.delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    }

    /// User searches stop finding users created less than `lag` ago (zero: no lag).
    pub fn set_search_lag(&self, lag: Duration) {
        self.lock().org.search_lag_ms = i64::try_from(lag.as_millis()).unwrap_or(i64::MAX);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use http::StatusCode;
    use serde_json::json;

    use crate::test_support::{NOW_SECONDS, get, org_with_clock, post};

    fn ids(body: &serde_json::Value) -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn late_events_reach_polling_queries_after_later_ones() {
        let (org, clock) = org_with_clock(3);
        let since = "2025-09-29T03:49:51.000Z";
        clock.store(NOW_SECONDS + 1, Ordering::SeqCst);
        org.delay_log_events(1, Duration::from_secs(10));
        org.add_log_events(1);
        clock.store(NOW_SECONDS + 2, Ordering::SeqCst);
        org.add_log_events(1);
        let path = format!("/api/v1/logs?since={since}&sortOrder=ASCENDING");
        let (status, body) = get(&org, &path);
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body.as_array().unwrap().len(),
            1,
            "the late event is not there yet"
        );
        clock.store(NOW_SECONDS + 11, Ordering::SeqCst);
        let (_, body) = get(&org, &path);
        let events = body.as_array().unwrap();
        assert_eq!(events.len(), 2);
        assert!(events[1]["published"].as_str() < events[0]["published"].as_str());
    }

    #[test]
    fn a_lagging_search_finds_new_users_only_after_the_lag() {
        let (org, clock) = org_with_clock(3);
        org.set_search_lag(Duration::from_secs(5));
        let body = json!({"profile": {"firstName": "L", "lastName": "T", "email": "l@example.com", "login": "l@example.com"}});
        let (status, user) = post(&org, "/api/v1/users?activate=false", &body);
        assert_eq!(status, StatusCode::OK);
        let id = user["id"].as_str().unwrap().to_owned();
        let search =
            "/api/v1/users?search=created%20gt%20%222000-01-01T00:00:00.000Z%22&sortBy=created";
        assert!(!ids(&get(&org, search).1).contains(&id));
        assert_eq!(
            get(&org, &format!("/api/v1/users/{id}")).0,
            StatusCode::OK,
            "a read finds it at once"
        );
        clock.store(NOW_SECONDS + 6, Ordering::SeqCst);
        assert!(ids(&get(&org, search).1).contains(&id));
    }
}
