//! The System Log (`/api/v1/logs`).
//!
//! Okta has two kinds of query. A *bounded* one (`since` and `until`) is ordered by `published` and its last page
//! has no `next` link. A *polling* one (no `until`) returns events by persistence time and always has a `next`
//! link, even on an empty page, so "Fetch All" stops on the first empty page. Either way it stops at
//! [`MAX_RECORDS`] (checked between pages), the product page's cap; the output's `after` resumes from there.

use super::action::{Action, Op};
use super::common::{self, AFTER, FETCH_ALL, LOGS, Pages, limit};
use crate::client::{Client, Path};
use crate::error::{Error, Result};
use crate::input::{Input, Inputs};
use crate::output::Output;

/// The most records one call returns.
const MAX_RECORDS: usize = 10_000;

const SINCE: Input = Input::string("since", "Since")
    .query()
    .example("2024-01-01T00:00:00.000Z")
    .comments("Filters the lower time bound of the log events published property for bounded queries or persistence time for polling queries (ISO 8601). Okta's default is 7 days before Until; at most 180 days back.");

const UNTIL: Input = Input::string("until", "Until").query().example("2024-01-02T00:00:00.000Z").comments(
    "Filters the upper time bound of the log events published property for bounded queries or persistence time for polling queries (ISO 8601). Leave empty for a polling query.",
);

pub(crate) const ACTIONS: &[Action] = &[Action {
    key: "getSystemLogs",
    label: "Get System Logs",
    description: "Retrieves system log events for security monitoring and compliance auditing. Max 10000 records can be fetched at once.",
    inputs: &[
        AFTER,
        FETCH_ALL,
        Input::string("filter", "Filter").query().example(r#"eventType eq "user.session.start""#).comments(
            "A SCIM filter expression on LogEvent fields, such as eventType, outcome.result, actor.id or target.id (not published: use Since and Until).",
        ),
        limit("Specifies the number of results returned per page: 1 to 1000, Okta's default is 100.").at_most(1000),
        Input::string("q", "q").query()
            .example("Okta")
            .comments("Keywords that every returned event must contain (exact, case-insensitive match; space-separated)."),
        SINCE,
        Input::string("sortOrder", "Sort Order").query()
            .allowed(&["ASCENDING", "DESCENDING"])
            .example("ASCENDING")
            .comments("The order of the returned events by published time: ASCENDING (the default) or DESCENDING. Polling queries are always ascending."),
        UNTIL,
    ],
    op: Op::Custom(get_system_logs),
}];

/// A listing with two checks Okta would otherwise answer with a 400: times in ISO 8601, and Since or After.
fn get_system_logs(client: &Client, inputs: &Inputs) -> Result<Output> {
    for input in [SINCE.key, UNTIL.key] {
        if let Some(value) = inputs.opt_str(input)
            && !is_timestamp(value)
        {
            return Err(Error::invalid(
                input,
                "an ISO 8601 time such as 2024-01-01T00:00:00.000Z",
            ));
        }
    }
    if inputs.has(SINCE.key) && inputs.has(AFTER.key) {
        return Err(Error::invalid(
            AFTER.key,
            "to be empty when Since is given (Okta takes one or the other)",
        ));
    }
    common::list(
        client,
        &Path::new(LOGS),
        common::query(inputs),
        inputs,
        Pages::AskedUpTo(MAX_RECORDS),
    )
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction and zone: enough to catch a date typed the wrong way round
/// before Okta answers 400.
fn is_timestamp(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        range
            .into_iter()
            .all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
    };
    b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && value[19..]
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'Z' | b'z' | b'+' | b'-' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert!(is_timestamp("2024-01-01T00:00:00.000Z"));
        assert!(is_timestamp("2024-01-01T00:00:00+02:00"));
        assert!(!is_timestamp("01/02/2024"));
        assert!(!is_timestamp("2024-01-01"));
        assert!(!is_timestamp("2024-01-01T00:00:00 OR 1=1"));
    }
}
