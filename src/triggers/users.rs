//! `newUsersPollingTrigger` and `updatedUsersPollingTrigger`: users by `created` or `lastUpdated`, through
//! Okta's user search.
//!
//! Okta's search is eventually consistent: a user created at 12:00:00 may only be found a few seconds later,
//! after a search at 12:00:01 has already moved on. So each poll searches `<field> gt "<watermark − OVERLAP>"`,
//! sorted by the field, and skips what it already returned: the state remembers every (`id`, field value) it
//! returned inside the overlap window. Deduplicating on the pair means the new-users trigger returns each user
//! once (`created` never changes) and the updated-users trigger returns each *version* once (a user updated
//! twice is returned twice). Search includes DEPROVISIONED users.
//!
//! The watermark is Okta's time (the `Date` of the search's first page) once a poll read everything; a poll
//! cut short at [`MAX_RECORDS`] sets it to the field value of the last user read instead, and the next poll
//! carries on from there. The remembered set is bounded ([`SEEN`] entries): if more users than that fall in one
//! overlap window, the oldest are forgotten and the search starts after them (`floor`), so none is returned
//! twice, but one that only becomes searchable after that point would be missed.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Poll, Records, Run, Trigger, okta_now, state, time};
use crate::client::{Client, Flow, Paging, Path, Query};
use crate::error::{Error, Result};
use crate::input::Inputs;

/// How far back each search reaches before the watermark, for users Okta's search finds late.
pub const OVERLAP_MS: i64 = 60_000;
/// The most users one poll returns.
pub const MAX_RECORDS: usize = 1_000;
/// The most (id, time) pairs the state remembers.
pub const SEEN: usize = 2_000;

pub const NEW_USERS: Trigger = Trigger {
    key: "newUsersPollingTrigger",
    label: "New Users",
    description: "Fetches users created on a recurring schedule.",
    inputs: &[],
    help: "Each poll returns the users created since the previous poll, oldest first, each exactly once. Okta's \
           user search can find a new user a few seconds late, so every poll looks 60 seconds further back and \
           skips the users it already returned. The first poll only records Okta's current time and returns \
           nothing. One poll returns at most 1,000 users; the rest come with the next poll.",
    run: Run::Polling(poll_new),
};

pub const UPDATED_USERS: Trigger = Trigger {
    key: "updatedUsersPollingTrigger",
    label: "Updated Users",
    description: "Fetches users updated on a recurring schedule.",
    inputs: &[],
    help: "Each poll returns the users whose profile, status or credentials changed since the previous poll \
           (deactivated and deprovisioned users included), oldest change first, each change exactly once (by \
           user ID and lastUpdated). Okta's user search can find a change a few seconds late, so every poll \
           looks 60 seconds further back and skips what it already returned. The first poll only records \
           Okta's current time and returns nothing. One poll returns at most 1,000 users.",
    run: Run::Polling(poll_updated),
};

fn poll_new(client: &Client, _inputs: &Inputs, state: Option<&str>) -> Result<Poll> {
    poll(client, NEW_USERS.key, "created", state)
}

fn poll_updated(client: &Client, _inputs: &Inputs, state: Option<&str>) -> Result<Poll> {
    poll(client, UPDATED_USERS.key, "lastUpdated", state)
}

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct UserState {
    /// Okta's time up to which every user is known to have been searched (ms).
    watermark: i64,
    /// Searches start after this (ms): the first poll's time, or the newest pair that had to be forgotten.
    floor: Option<i64>,
    /// (id, field value in ms) pairs returned inside the overlap window.
    seen: Vec<(String, i64)>,
}

fn users() -> Path {
    Path::new("/api/v1/users")
}

fn poll(client: &Client, key: &str, field: &str, state: Option<&str>) -> Result<Poll> {
    let Some(text) = state else {
        let mut query = Query::new();
        query.set("limit", "1");
        let end = client.list(&users(), &query, &Paging::default(), &mut |_| Ok(()))?;
        let now = okta_now(&end)?;
        // Nothing from before the first poll: the floor keeps the overlap from reaching back past it. Okta's
        // `Date` has whole seconds, and so may `created`: a user created later in the same second as this
        // poll carries that second's time, so the floor sits just before it (`gt` then includes the second).
        let first = UserState {
            watermark: now,
            floor: Some(now - 1),
            seen: Vec::new(),
        };
        return Ok(Poll {
            records: "[]".to_string(),
            state: state::write(key, &first),
        });
    };
    let mut saved: UserState = state::read(state::POLL_STATE, key, text)?;
    let from = (saved.watermark - OVERLAP_MS).max(saved.floor.unwrap_or(i64::MIN));
    let mut query = Query::new();
    query.set(
        "search",
        format!("{field} gt \"{}\"", time::format_millis(from)),
    );
    query.set("sortBy", field);
    query.set("sortOrder", "asc");
    query.set("limit", "200");
    let mut records = Records::default();
    let mut fresh = Vec::new();
    let mut last_read = None;
    let end = {
        let mut seen: HashSet<(String, i64)> = saved.seen.iter().cloned().collect();
        let mut sink = |raw: &RawValue| -> Result<Flow> {
            let (id, at) = stamp(raw, field)?;
            last_read = Some(last_read.map_or(at, |last: i64| last.max(at)));
            if seen.insert((id.clone(), at)) {
                records.push(raw);
                fresh.push((id, at));
            }
            Ok(if fresh.len() >= MAX_RECORDS {
                Flow::StopAfterPage
            } else {
                Flow::Continue
            })
        };
        let paging = Paging {
            fetch_all: true,
            max_items: SEEN + MAX_RECORDS,
            stop_on_empty: true,
            max_pages: (SEEN + MAX_RECORDS) / 200 + 1,
            ..Paging::all()
        };
        client.list_until(&users(), &query, &paging, &mut sink)?
    };
    let now = okta_now(&end)?;
    saved.watermark = match (end.next.is_some(), last_read) {
        // Cut short: everything up to the last user read was read.
        (true, Some(last)) => saved.watermark.max(last.min(now)),
        _ => saved.watermark.max(now),
    };
    saved.seen.extend(fresh);
    forget_old(&mut saved);
    Ok(Poll {
        records: records.finish(),
        state: state::write(key, &saved),
    })
}

/// Drops the pairs no later search can return, then the oldest beyond [`SEEN`] (raising `floor` past them).
fn forget_old(saved: &mut UserState) {
    let window = saved.watermark - OVERLAP_MS;
    if saved.floor.is_some_and(|floor| floor <= window) {
        saved.floor = None;
    }
    let floor = saved.floor.unwrap_or(i64::MIN).max(window);
    saved.seen.retain(|(_, at)| *at > floor);
    if saved.seen.len() > SEEN {
        saved.seen.sort_by_key(|(_, at)| *at);
        let cut = saved.seen[saved.seen.len() - SEEN - 1].1;
        saved.seen.retain(|(_, at)| *at > cut);
        saved.floor = Some(cut);
    }
}

#[derive(Deserialize)]
struct Stamped {
    id: String,
    created: Option<String>,
    #[serde(rename = "lastUpdated")]
    last_updated: Option<String>,
}

/// A user's ID and the time in `field`, from the listing's raw JSON.
fn stamp(raw: &RawValue, field: &str) -> Result<(String, i64)> {
    let user: Stamped = serde_json::from_str(raw.get()).map_err(|e| {
        Error::InvalidResponse(format!("a user in Okta's search answer without an id: {e}"))
    })?;
    let text = if field == "created" {
        user.created
    } else {
        user.last_updated
    };
    let at = text
        .as_deref()
        .and_then(time::parse_millis)
        .ok_or_else(|| {
            Error::InvalidResponse(format!("user {} has no readable `{field}` time", user.id))
        })?;
    Ok((user.id, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgetting_keeps_the_window_and_raises_the_floor_past_what_it_drops() {
        let mut saved = UserState {
            watermark: 1_000_000,
            floor: None,
            seen: vec![
                ("old".into(), 1_000_000 - OVERLAP_MS),
                ("new".into(), 999_999),
            ],
        };
        forget_old(&mut saved);
        assert_eq!(saved.seen, vec![("new".to_string(), 999_999)]);
        assert_eq!(saved.floor, None);

        saved.seen = (0..SEEN as i64 + 10)
            .map(|i| (format!("u{i}"), 990_000 + i))
            .collect();
        forget_old(&mut saved);
        assert_eq!(saved.seen.len(), SEEN);
        assert_eq!(saved.floor, Some(990_009));
        assert!(saved.seen.iter().all(|(_, at)| *at > 990_009));
    }
}
