//! The sample org's System Log history: a few hundred events over the past days from its users'
//! everyday activity (sign-ins, some failed, sign-on policy evaluations, SSO into their apps, MFA,
//! sign-outs), from a handful of browsers and cities. Deterministic, like the rest of the org.

use super::audit::{app_party, user_party};
use super::event::{
    Client, EventKind, LogEvent, MFA, Party, Place, SESSION_END, SESSION_START, SIGN_ON_POLICY,
    SSO, Severity,
};
use crate::org::Org;
use crate::policies;
use crate::time::Timestamp;
use crate::users::model::Status;

/// How many events the history holds, and over how many days before "now" (within the
/// polling default of 7 days, so a first poll without `since` sees them all).
const EVENTS: u64 = 320;
const DAYS: i64 = 6;
/// The users whose activity fills the history, whatever the org's size.
const ACTIVE_USERS: usize = 200;
const DAY_MS: i64 = 86_400_000;

/// A failed sign-in: the same event type, Okta's legacy type for a failure.
const SESSION_START_FAILED: EventKind = EventKind {
    legacy: Some("core.user_auth.login_failed"),
    ..SESSION_START
};

const BROWSERS: &[(&str, &str, &str, &str)] = &[
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
        "CHROME",
        "Mac OS X",
        "Computer",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "FIREFOX",
        "Windows",
        "Computer",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36 Edg/127.0.0.0",
        "EDGE",
        "Windows",
        "Computer",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "SAFARI",
        "iOS",
        "Mobile",
    ),
];

const PLACES: &[Place] = &[
    Place {
        city: "New York",
        state: "New York",
        country: "United States",
        postal_code: "10013",
        lat: 40.7209,
        lon: -74.0071,
    },
    Place {
        city: "Chicago",
        state: "Illinois",
        country: "United States",
        postal_code: "60601",
        lat: 41.8858,
        lon: -87.6181,
    },
    Place {
        city: "Seattle",
        state: "Washington",
        country: "United States",
        postal_code: "98101",
        lat: 47.6101,
        lon: -122.3344,
    },
    Place {
        city: "Toronto",
        state: "Ontario",
        country: "Canada",
        postal_code: "M5H",
        lat: 43.6511,
        lon: -79.3839,
    },
    Place {
        city: "London",
        state: "England",
        country: "United Kingdom",
        postal_code: "EC2V",
        lat: 51.5155,
        lon: -0.0922,
    },
    Place {
        city: "Berlin",
        state: "Land Berlin",
        country: "Germany",
        postal_code: "10117",
        lat: 52.5200,
        lon: 13.4050,
    },
];

/// The API token's ID and the history, ending at `now`.
pub(crate) fn seed(org: &mut Org, now: Timestamp) {
    org.log.token_id = Some(org.ids.object_id("00T"));
    let people = active_users(org);
    if people.is_empty() {
        return;
    }
    let start = now.plus_millis(-DAYS * DAY_MS);
    let step = DAYS * DAY_MS / i64::try_from(EVENTS).unwrap_or(1);
    for index in 0..EVENTS {
        let jitter = i64::try_from(org.ids.below(step.unsigned_abs())).unwrap_or(0);
        let offset = i64::try_from(index).unwrap_or(0) * step + jitter;
        let user = &people[org.ids.below(people.len() as u64) as usize];
        let roll = org.ids.below(100);
        if let Some(event) = activity(org, user, start.plus_millis(offset).min(now), roll) {
            org.log.record(event);
        }
    }
}

/// Test setup: `n` more sign-ins, published now, by the org's active users in turn.
pub(crate) fn add_recent(org: &mut Org, n: usize, now: Timestamp) {
    let people = active_users(org);
    let Some(fallback) = org.admin_id.clone() else {
        return;
    };
    for index in 0..n {
        let user = people
            .get(index % people.len().max(1))
            .unwrap_or(&fallback)
            .clone();
        if let Some(event) = activity(org, &user, now, 0) {
            org.log.record(event);
        }
    }
}

fn active_users(org: &Org) -> Vec<String> {
    org.users
        .iter()
        .filter(|user| user.status == Status::Active)
        .take(ACTIVE_USERS)
        .map(|user| user.id.clone())
        .collect()
}

/// One event of a user's day, chosen by `roll` (0..100): sign-ins (a tenth of them failed),
/// sign-on policy evaluations, SSO into an assigned app, MFA, sign-outs.
fn activity(org: &mut Org, user_id: &str, published: Timestamp, roll: u64) -> Option<LogEvent> {
    let actor = user_party(org, user_id)?;
    let mut kind = &SESSION_START;
    let mut targets = Vec::new();
    let mut failed = false;
    match roll {
        0..40 => {}
        40..45 => {
            kind = &SESSION_START_FAILED;
            failed = true;
        }
        45..60 => {
            kind = &SIGN_ON_POLICY;
            targets.extend(policies::sign_on_policy(org).map(|(id, name)| Party {
                id,
                kind: "PolicyEntity",
                alternate_id: "unknown".to_owned(),
                display_name: name,
            }));
        }
        60..85 => {
            if let Some(app) = assigned_app(org, user_id) {
                kind = &SSO;
                targets.push(app);
            }
        }
        85..95 => kind = &MFA,
        _ => kind = &SESSION_END,
    }
    let (user_agent, browser, os, device) = BROWSERS[org.ids.below(BROWSERS.len() as u64) as usize];
    let place = &PLACES[org.ids.below(PLACES.len() as u64) as usize];
    let ip = format!("198.51.100.{}", 1 + org.ids.below(254));
    Some(LogEvent {
        uuid: String::new(),
        published,
        kind,
        severity: if failed {
            Severity::Warn
        } else {
            Severity::Info
        },
        result: if failed { "FAILURE" } else { "SUCCESS" },
        reason: failed.then_some("INVALID_CREDENTIALS"),
        actor,
        targets,
        client: Client {
            user_agent: user_agent.to_owned(),
            os,
            browser,
            device,
            ip,
            place,
        },
        transaction_id: org.ids.token(27),
        token_id: None,
        request_uri: Some("/idp/idx/identify".to_owned()),
        url: Some("/idp/idx/identify?".to_owned()),
        session_id: format!("102{}", org.ids.token(22)),
    })
}

/// One of the user's ACTIVE apps, as an SSO target.
fn assigned_app(org: &mut Org, user_id: &str) -> Option<Party> {
    let apps: Vec<String> = org
        .apps
        .of_user(user_id)
        .filter(|assignment| {
            org.apps
                .get(&assignment.app_id)
                .is_some_and(|app| app.is_active())
        })
        .map(|assignment| assignment.app_id.clone())
        .collect();
    if apps.is_empty() {
        return None;
    }
    let pick = &apps[org.ids.below(apps.len() as u64) as usize];
    app_party(org, pick)
}
