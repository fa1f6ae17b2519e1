//! The System Log (`GET /api/v1/logs`): what happened in the org, as `LogEvent`s.
//!
//! The org records an event for every state-changing call it answers successfully ([`audit`]),
//! published at the org clock's time, on top of a seeded history ([`history`]). Queries follow the
//! System Log query guide: polling versus bounded requests, `since`/`until`/`after`, `filter`, `q`,
//! `limit` and `sortOrder` ([`query`]).

pub(crate) mod audit;
pub(crate) mod event;
pub(crate) mod history;
mod query;
mod store;
#[cfg(test)]
mod tests;

use http::Method;
use serde_json::Value;

pub(crate) use store::LogStore;

use super::org::Org;
use super::router::Route;

pub(crate) const ROUTES: &[Route] = &[Route {
    pattern: "/api/v1/logs",
    methods: &[(Method::GET, query::list)],
}];

/// Every event, in recording order, as the API answers it (for `FakeOrg::log_events`).
pub(crate) fn events_json(org: &Org) -> Vec<Value> {
    org.log
        .iter()
        .map(|stored| stored.value().clone())
        .collect()
}

/// The events recorded after sequence number `seq`, as (event type, JSON), in recording order:
/// what event hooks are sent.
pub(crate) fn recorded_after(org: &Org, seq: u64) -> Vec<(&'static str, &[u8])> {
    org.log
        .after_seq(seq)
        .map(|stored| (stored.event.kind.name, stored.json()))
        .collect()
}
