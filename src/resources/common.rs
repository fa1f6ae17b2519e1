//! What several resources share: API paths, the inputs every listing or user action declares, the query from
//! the inputs, and listing (one page, every page, or a picklist).

use crate::client::{Client, MAX_PARSED_JSON, Paging, Path, Query};
use crate::error::Result;
use crate::input::{Input, InputType, Inputs, value_text};
use crate::output::{ListOutput, Output};

/// The API's collection paths; an action's path starts with one of them.
pub(crate) const USERS: &str = "/api/v1/users";
pub(crate) const GROUPS: &str = "/api/v1/groups";
pub(crate) const APPS: &str = "/api/v1/apps";
pub(crate) const EVENT_HOOKS: &str = "/api/v1/eventHooks";
pub(crate) const USER_TYPES: &str = "/api/v1/meta/types/user";
pub(crate) const REALMS: &str = "/api/v1/realms";
pub(crate) const POLICIES: &str = "/api/v1/policies";
pub(crate) const LOGS: &str = "/api/v1/logs";

pub(crate) const AFTER: Input = Input::string("after", "After")
    .example("abc123")
    .comments("The cursor for the next page of results. This value is obtained from the Link header of the response (the `after` field of this action's output when more pages remain).");

pub(crate) const FETCH_ALL: Input = Input::boolean("fetchAll", "Fetch All")
    .default("false")
    .example("false")
    .comments("When true, fetches all pages of results using pagination.");

pub(crate) const EXTRA_PARAMETERS: Input = Input::new("extraParameters", "Extra Parameters", InputType::KeyValueList)
    .example(r#"{"after": "abc123"}"#)
    .comments("List of additional parameters to include in the request. This can be used to include parameters that are not explicitly supported by this component. See Okta's API documentation for a list of supported parameters. Inputs given explicitly take precedence.");

/// A user referenced by ID, login or login shortname, where Okta takes all three (`/users/{id}` and its lifecycle,
/// groups and appLinks paths).
pub(crate) const USER_REF: Input = Input::string("id", "ID")
    .required()
    .example("00u1abcd2EFGHijkL3m4")
    .data_source("selectUser")
    .comments("An ID, login, or login shortname (as long as the shortname is unambiguous) of an existing Okta user.");

/// A user that Okta takes by ID only (sessions, factors, memberships, assignments); a login is resolved first.
pub(crate) const USER_ID: Input = Input::string("userId", "User ID")
    .required()
    .example("00u1abcd2EFGHijkL3m4")
    .data_source("selectUser")
    .comments("ID of an existing Okta user. A login is accepted too and resolved to the ID.");

/// A `limit` input (a page size, at least 1) with the endpoint's own default in its help text.
pub(crate) const fn limit(comments: &'static str) -> Input {
    Input::new("limit", "Limit", InputType::Integer)
        .at_least(1)
        .example("100")
        .comments(comments)
}

/// The query parameters of the inputs declared with `.query()`, with "Extra Parameters" (when the action
/// declares it) merged under them: an explicit input wins over an extra with its name.
pub(crate) fn query(inputs: &Inputs) -> Query {
    let mut query = Query::new();
    for (name, value) in inputs.query_pairs() {
        query.set(name, value);
    }
    for (name, value) in inputs.key_values(EXTRA_PARAMETERS.key) {
        if query.get(&name).is_none() {
            query.set(&name, value_text(&value));
        }
    }
    query
}

/// How much of a listing an action reads.
#[derive(Clone, Copy)]
pub(crate) enum Pages {
    /// As the inputs ask: one page (Limit items from After), or with Fetch All every page.
    Asked,
    /// As asked, but Fetch All stops between pages once this many items were read; the output's `after`
    /// resumes where it stopped.
    AskedUpTo(usize),
    /// Every page: for lists Okta does not page, or whose paging the action does not offer.
    All,
}

/// Runs a listing: `query` plus Limit and After (as `pages` says), then one page or every page into
/// `{"data": [...]}` (with `after` when pages remain).
pub(crate) fn list(
    client: &Client,
    path: &Path,
    mut query: Query,
    inputs: &Inputs,
    pages: Pages,
) -> Result<Output> {
    let max_items = match pages {
        Pages::All => return list_paged(client, path, &query, &Paging::all()),
        Pages::Asked => Paging::default().max_items,
        Pages::AskedUpTo(max_items) => max_items,
    };
    query.set_opt("limit", inputs.opt_int("limit").map(|l| l.to_string()));
    query.set_opt("after", inputs.opt_str(AFTER.key));
    let paging = Paging {
        fetch_all: inputs.opt_bool(FETCH_ALL.key).unwrap_or(false),
        max_items,
        ..Paging::default()
    };
    list_paged(client, path, &query, &paging)
}

fn list_paged(client: &Client, path: &Path, query: &Query, paging: &Paging) -> Result<Output> {
    let mut output = match paging.fetch_all {
        true => ListOutput::with_budget(paging.max_bytes),
        false => ListOutput::new(),
    };
    let end = client.list(path, query, paging, &mut |item| {
        output.push(item);
        Ok(())
    })?;
    Ok(output.finish(end.after, end.cut))
}

/// Reads an unpaged JSON list (event hooks) or every page of a paged one, as `Value`s, for actions that look
/// at each entry.
pub(crate) fn list_values(
    client: &Client,
    path: &Path,
    query: &Query,
) -> Result<Vec<serde_json::Value>> {
    let mut values = Vec::new();
    let mut parsed = 0usize;
    let end = client.list(path, query, &Paging::all(), &mut |raw| {
        // Parsed values take far more room than their text; refuse a listing before it outgrows the memory.
        parsed = parsed.saturating_add(crate::client::parsed_cost(raw.get()));
        if parsed > MAX_PARSED_JSON {
            return Err(crate::error::Error::InvalidResponse(format!(
                "{} lists more than the component can read at once: too large to read, more than {} MiB once \
                 parsed ({} entries so far)",
                path.as_str(),
                MAX_PARSED_JSON >> 20,
                values.len()
            )));
        }
        values.push(
            serde_json::from_str(raw.get())
                .map_err(|e| crate::error::Error::InvalidResponse(e.to_string()))?,
        );
        Ok(())
    })?;
    if end.cut {
        // The caller acts on every entry; acting on part of them silently would be worse than refusing.
        return Err(crate::error::Error::InvalidResponse(format!(
            "{} lists more than one call reads ({} entries, {} bytes so far)",
            path.as_str(),
            end.items,
            end.bytes
        )));
    }
    Ok(values)
}
