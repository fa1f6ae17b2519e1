//! A randomized run (fixed seed): a thousand polls of the three polling triggers, mixed with user creations,
//! updates, deactivations and sign-in events, some events reaching the log late and out of `published` order,
//! a user search that lags behind, and polls whose result is thrown away (the platform crashed before saving
//! the state, so the next poll restarts from the state saved before). Every record must come back exactly
//! once, in order.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::{LOGS, ManualClock, NEW_USERS, UPDATED_USERS, millis, poll};
use crate::common::TestOrg;

/// xorshift64*: a fixed seed gives the same run every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One polling trigger as the platform runs it: the saved state and every record it committed.
struct Poller {
    key: &'static str,
    state: String,
    committed: Vec<Value>,
}

impl Poller {
    /// Polls; commits the records and the state unless `crash` (then both are lost, as in a crash).
    async fn poll(&mut self, t: &TestOrg, crash: bool) -> usize {
        let outcome = poll(t, self.key, &[], Some(&self.state)).await;
        let trace = outcome.trace_text();
        let output = match outcome.result {
            Ok(output) => output,
            Err(e) => panic!("{} failed: {e}\n{trace}", self.key),
        };
        let records = output.records.as_array().cloned().unwrap_or_default();
        if self.key != LOGS {
            let field = if self.key == NEW_USERS {
                "created"
            } else {
                "lastUpdated"
            };
            let times: Vec<i64> = records
                .iter()
                .map(|u| millis(u[field].as_str().unwrap()))
                .collect();
            assert!(
                times.windows(2).all(|w| w[0] <= w[1]),
                "{}: not oldest first",
                self.key
            );
        }
        if !crash {
            self.state = output.state;
            self.committed.extend(records.iter().cloned());
        }
        records.len()
    }
}

#[tokio::test]
async fn a_thousand_polls_mixed_with_changes_return_every_record_once_in_order() {
    let clock = ManualClock::at(SystemTime::now() - Duration::from_secs(7200));
    let t = clock.org(20);
    clock.advance(1500);
    t.org.set_search_lag(Duration::from_secs(5));
    let baseline = t.org.log_events().len();
    let mut pollers = Vec::new();
    for key in [LOGS, NEW_USERS, UPDATED_USERS] {
        let (records, state) = super::poll_ok(&t, key, &[], None).await;
        assert!(records.is_empty());
        pollers.push(Poller {
            key,
            state,
            committed: Vec::new(),
        });
    }
    let mut rng = Rng(0x0c7a_2025_5eed_0001);
    let mut users: Vec<String> = Vec::new();
    let mut deprovisioned = HashSet::new();
    let mut versions: HashSet<(String, String)> = HashSet::new();
    let (mut polls, mut crashes, mut late) = (0, 0, 0);
    let version = |t: &TestOrg, id: &str| {
        let user = t.org.user(id).unwrap();
        (
            id.to_string(),
            user["lastUpdated"].as_str().unwrap().to_string(),
        )
    };
    while polls < 1000 {
        clock.advance(1 + rng.below(2500) as i64);
        match rng.below(10) {
            0 | 1 => {
                let login = format!("mix.{}@example.com", users.len());
                let user = t
                    .ok(
                        "createUser",
                        &[
                            ("firstName", "Mix"),
                            ("lastName", "User"),
                            ("email", &login),
                            ("login", &login),
                            ("activate", "false"),
                        ],
                    )
                    .await;
                let id = user["data"]["id"].as_str().unwrap().to_string();
                versions.insert(version(&t, &id));
                users.push(id);
            }
            2 if !users.is_empty() => {
                let id = users[rng.below(users.len() as u64) as usize].clone();
                if deprovisioned.contains(&id) {
                    continue; // Okta no longer updates a deprovisioned user's profile
                }
                let department = format!("D{}", rng.below(1000));
                t.ok("updateUser", &[("id", &id), ("department", &department)])
                    .await;
                versions.insert(version(&t, &id));
            }
            3 if !users.is_empty() => {
                let id = users[rng.below(users.len() as u64) as usize].clone();
                if deprovisioned.insert(id.clone()) {
                    t.ok("deactivateUser", &[("id", &id)]).await;
                    versions.insert(version(&t, &id));
                }
            }
            4 => {
                if rng.below(3) == 0 {
                    let n = 1 + rng.below(3) as usize;
                    t.org
                        .delay_log_events(n, Duration::from_millis(1000 + rng.below(20_000)));
                    late += n;
                }
                t.org.add_log_events(1 + rng.below(5) as usize);
            }
            _ => {
                let which = rng.below(3) as usize;
                let crash = rng.below(10) == 0;
                crashes += usize::from(crash);
                pollers[which].poll(&t, crash).await;
                polls += 1;
            }
        }
    }
    // Past every delay, the search lag and the overlap window: whatever is left comes now.
    clock.advance(120_000);
    for poller in &mut pollers {
        while poller.poll(&t, false).await > 0 {}
    }

    // The System Log: exactly the events recorded after the first poll, in the order Okta recorded them.
    let expected: Vec<String> = t.org.log_events()[baseline..]
        .iter()
        .map(|e| e["uuid"].as_str().unwrap().to_string())
        .collect();
    let got: Vec<String> = pollers[0]
        .committed
        .iter()
        .map(|e| e["uuid"].as_str().unwrap().to_string())
        .collect();
    assert!(
        expected.len() > 500 && late > 20,
        "{} events, {late} late",
        expected.len()
    );
    assert_eq!(got.len(), expected.len(), "every event once");
    assert_eq!(got, expected);

    // New users: each created user once.
    let mut new_ids: Vec<&str> = pollers[1]
        .committed
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    new_ids.sort_unstable();
    let mut created: Vec<&str> = users.iter().map(String::as_str).collect();
    created.sort_unstable();
    assert!(created.len() > 100, "{} users", created.len());
    assert_eq!(new_ids, created);

    // Updated users: each change at most once, only real changes, and every user's latest change.
    let mut seen = HashMap::new();
    for user in &pollers[2].committed {
        let pair = (
            user["id"].as_str().unwrap().to_string(),
            user["lastUpdated"].as_str().unwrap().to_string(),
        );
        assert!(
            versions.contains(&pair),
            "{pair:?} is not a change the test made"
        );
        *seen.entry(pair).or_insert(0) += 1;
    }
    assert!(seen.values().all(|n| *n == 1), "a change returned twice");
    for id in &users {
        let latest = version(&t, id);
        assert!(seen.contains_key(&latest), "latest change of {id} missing");
        let user = t.org.user(id).unwrap();
        if deprovisioned.contains(id) {
            assert_eq!(user["status"], "DEPROVISIONED");
        }
    }
    assert!(crashes > 50, "{crashes} crashes");
}
