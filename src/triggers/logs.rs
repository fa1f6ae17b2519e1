//! `newSystemLogsPollingTrigger`: new System Log events, through Okta's *polling* query.
//!
//! A polling query (no `until`, `sortOrder=ASCENDING`) returns events in the order Okta persisted them — so an
//! event that reaches the log late still comes after everything already returned, even though its `published`
//! is earlier — and always has a `next` link, also after an empty page. Each poll follows `next` from the saved
//! link until a page comes back empty, reading at most [`MAX_RECORDS`] events and [`MAX_PAGES`] pages (the next
//! poll carries on from the saved link), and keeps the last `next` link in the state. Events are also
//! deduplicated on `uuid` over the last [`SEEN`] events, in case Okta repeats one across pages.
//!
//! The first poll asks Okta for its time (the `Date` of a one-event query) and returns nothing; the second one
//! starts a polling query `since` that time. If the Filter input changes, the next poll starts a new polling
//! query with the new filter from the time of the previous poll.

use std::collections::{HashSet, VecDeque};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Poll, Records, Run, Trigger, okta_now, state, time};
use crate::client::{Client, Flow, ListEnd, Paging, Path, Query};
use crate::error::{Error, Result};
use crate::input::{Input, Inputs};

const KEY: &str = "newSystemLogsPollingTrigger";

/// The most events one poll returns.
pub const MAX_RECORDS: usize = 10_000;
/// The most pages one poll reads (Okta may answer a filtered polling query with short pages).
pub const MAX_PAGES: usize = 20;
/// How many recent event UUIDs the state remembers.
pub const SEEN: usize = 1_000;
/// Okta's largest page.
const PAGE: &str = "1000";

const FILTER: Input = Input::string("filter", "Filter")
    .example(r#"eventType eq "user.session.start""#)
    .comments("A filter string to narrow down results: a System Log filter expression on event fields such as eventType, outcome.result, actor.id or target.id (not published, which the trigger sets itself). Empty: every event.");

pub const TRIGGER: Trigger = Trigger {
    key: KEY,
    label: "New System Logs",
    description: "Fetches system logs created on a recurring schedule.",
    inputs: &[FILTER],
    help: "Each poll returns the System Log events Okta recorded since the previous poll, in the order Okta \
           recorded them, each exactly once (deduplicated on uuid). It uses Okta's polling query and keeps its \
           position (the next link) in the state, so an event that reaches the log late is still returned. The \
           first poll only records Okta's current time and returns nothing. One poll returns at most 10,000 \
           events; the rest come with the next poll.",
    run: Run::Polling(poll),
};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogState {
    /// The Filter the position belongs to.
    filter: Option<String>,
    /// Okta's time at the previous poll (ms): where a new polling query starts.
    since: i64,
    /// The last `next` link of the polling query, followed as given.
    next: Option<String>,
    /// The most recent event UUIDs, oldest first.
    seen: VecDeque<String>,
}

#[derive(Deserialize)]
struct EventId {
    uuid: String,
}

fn logs() -> Path {
    Path::new("/api/v1/logs")
}

fn poll(client: &Client, inputs: &Inputs, state: Option<&str>) -> Result<Poll> {
    let filter = inputs.opt_str(FILTER.key).map(str::to_string);
    let Some(text) = state else {
        return first_poll(client, filter);
    };
    let mut saved: LogState = state::read(state::POLL_STATE, KEY, text)?;
    let resume = saved.next.clone().filter(|_| saved.filter == filter);
    let mut seen: HashSet<String> = saved.seen.iter().cloned().collect();
    let mut records = Records::default();
    let mut fresh = Vec::new();
    let mut sink = |raw: &RawValue| -> Result<Flow> {
        let event: EventId = serde_json::from_str(raw.get()).map_err(|e| {
            Error::InvalidResponse(format!("a System Log event without a uuid: {e}"))
        })?;
        if seen.insert(event.uuid.clone()) {
            records.push(raw);
            fresh.push(event.uuid);
        }
        Ok(Flow::Continue)
    };
    let paging = Paging {
        fetch_all: true,
        max_items: MAX_RECORDS,
        stop_on_empty: true,
        max_pages: MAX_PAGES,
        ..Paging::all()
    };
    let end: ListEnd = match resume {
        Some(next) => client.list_from(&next, &paging, &mut sink),
        None => {
            let mut query = polling_query(filter.as_deref());
            query.set("since", time::format_millis(saved.since));
            client.list_until(&logs(), &query, &paging, &mut sink)
        }
    }
    .map_err(|e| filter_error(e, filter.as_deref()))?;
    saved.seen.extend(fresh);
    while saved.seen.len() > SEEN {
        saved.seen.pop_front();
    }
    if let Ok(now) = okta_now(&end) {
        saved.since = saved.since.max(now);
    }
    // A polling query always ends with a next link; without one, the next poll starts again from `since`.
    saved.next = end.next;
    saved.filter = filter;
    Ok(Poll {
        records: records.finish(),
        state: state::write(KEY, &saved),
    })
}

/// Reads Okta's time with a one-event query (which also checks the filter) and starts from there.
fn first_poll(client: &Client, filter: Option<String>) -> Result<Poll> {
    let mut query = Query::new();
    query.set("limit", "1");
    query.set("sortOrder", "DESCENDING");
    query.set_opt("filter", filter.as_deref());
    let end = client
        .list(&logs(), &query, &Paging::default(), &mut |_| Ok(()))
        .map_err(|e| filter_error(e, filter.as_deref()))?;
    let since = okta_now(&end)?;
    let state = LogState {
        filter,
        since,
        next: None,
        seen: VecDeque::new(),
    };
    Ok(Poll {
        records: "[]".to_string(),
        state: state::write(KEY, &state),
    })
}

fn polling_query(filter: Option<&str>) -> Query {
    let mut query = Query::new();
    query.set("sortOrder", "ASCENDING");
    query.set("limit", PAGE);
    query.set_opt("filter", filter);
    query
}

/// Okta's 400 to a query carrying the Filter is about the Filter (the trigger's own parameters are
/// system-made), so it becomes an invalid-input error naming it.
fn filter_error(error: Error, filter: Option<&str>) -> Error {
    match (&error, filter) {
        (Error::Okta(okta), Some(_)) if okta.status == 400 => Error::invalid(
            FILTER.key,
            format!(
                "a System Log filter Okta accepts, such as eventType eq \"user.session.start\" (Okta said: {})",
                okta.error_summary
            ),
        ),
        _ => error,
    }
}
