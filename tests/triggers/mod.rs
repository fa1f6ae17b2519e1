//! Triggers through the built component: the manifest, the three polling triggers (first poll, state,
//! filters, bounded work, a randomized interleaving of polls and changes) and the event hook webhook trigger
//! (deploy, undeploy, and the requests Okta sends).

mod event_hook;
mod interleaving;
mod manifest;
mod polling;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use okta_harness::fake_org::{FakeOrg, FakeOrgConfig};
use okta_harness::{CallOptions, Connection, GuestError, Outcome, PollOutput, Route};
use serde_json::Value;

use crate::common::{TestOrg, harness};

pub const LOGS: &str = "newSystemLogsPollingTrigger";
pub const NEW_USERS: &str = "newUsersPollingTrigger";
pub const UPDATED_USERS: &str = "updatedUsersPollingTrigger";

/// A clock the test moves by hand: the fake org's `Date`, `created`, `lastUpdated` and `published` follow it.
#[derive(Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// Starts at `start`, rounded down to a whole second.
    pub fn at(start: SystemTime) -> ManualClock {
        let millis = start.duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
        ManualClock(Arc::new(AtomicI64::new(millis / 1000 * 1000)))
    }

    pub fn advance(&self, millis: i64) {
        self.0.fetch_add(millis, Ordering::SeqCst);
    }

    pub fn millis(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }

    /// A test org on this clock.
    pub fn org(&self, users: usize) -> TestOrg {
        let clock = self.0.clone();
        let org = FakeOrg::new(FakeOrgConfig {
            users,
            clock: Arc::new(move || {
                UNIX_EPOCH + Duration::from_millis(clock.load(Ordering::SeqCst) as u64)
            }),
            ..FakeOrgConfig::default()
        });
        let connection = Connection::fake(&org);
        TestOrg { org, connection }
    }
}

/// One poll of `key` on the test org.
pub async fn poll(
    t: &TestOrg,
    key: &str,
    inputs: &[(&str, &str)],
    state: Option<&str>,
) -> Outcome<PollOutput> {
    let options = CallOptions::new(Route::Fake(t.org.clone())).trace(true);
    harness()
        .poll(key, &t.connection, inputs, state, options)
        .await
}

/// A poll that must succeed: its records and the next state.
pub async fn poll_ok(
    t: &TestOrg,
    key: &str,
    inputs: &[(&str, &str)],
    state: Option<&str>,
) -> (Vec<Value>, String) {
    let outcome = poll(t, key, inputs, state).await;
    let trace = outcome.trace_text();
    match outcome.result {
        Ok(output) => (
            output.records.as_array().cloned().unwrap_or_default(),
            output.state,
        ),
        Err(e) => panic!("{key} poll failed: {e}\n{trace}"),
    }
}

/// The guest error of a call that must fail.
pub fn guest_err<T: std::fmt::Debug>(what: &str, outcome: Outcome<T>) -> GuestError {
    match outcome.result {
        Ok(output) => panic!("{what} should have failed but returned {output:?}"),
        Err(e) => e
            .guest()
            .cloned()
            .unwrap_or_else(|| panic!("{what}: not a guest error: {e}\n{}", outcome.stderr)),
    }
}

/// Milliseconds of an Okta time.
pub fn millis(text: &str) -> i64 {
    let b = text.as_bytes();
    let n = |r: std::ops::Range<usize>| text[r].parse::<i64>().unwrap();
    assert_eq!(b[10], b'T', "{text}");
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let ms = if b.get(19) == Some(&b'.') {
        n(20..23)
    } else {
        0
    };
    ((days * 24 + n(11..13)) * 60 + n(14..16)) * 60_000 + n(17..19) * 1000 + ms
}

/// The Okta time of `millis`.
pub fn iso(millis: i64) -> String {
    let (days, rest) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let secs = rest / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        rest % 1000
    )
}
