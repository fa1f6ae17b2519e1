//! Inputs and steps that several resources share: paging inputs, extra query parameters, listing.

use serde::de::DeserializeOwned;

use crate::client::{Client, Paging, Path, Query};
use crate::data_source::PicklistItem;
use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs, value_text};
use crate::output::{ListOutput, Output};

pub const AFTER: Input = Input::string("after", "After")
    .example("abc123")
    .comments("The cursor for the next page of results. This value is obtained from the Link header of the response (the `after` field of this action's output when more pages remain).");

pub const FETCH_ALL: Input = Input::boolean("fetchAll", "Fetch All")
    .default("false")
    .example("false")
    .comments("When true, fetches all pages of results using pagination.");

pub const EXTRA_PARAMETERS: Input = Input::new("extraParameters", "Extra Parameters", InputType::KeyValueList)
    .example(r#"{"after": "abc123"}"#)
    .comments("List of additional parameters to include in the request. This can be used to include parameters that are not explicitly supported by this component. See Okta's API documentation for a list of supported parameters. Inputs given explicitly take precedence.");

/// A user referenced by ID, login or login shortname, where Okta takes all three (`/users/{id}` and its lifecycle,
/// groups and appLinks paths).
pub const USER_REF: Input = Input::string("id", "ID")
    .required()
    .example("00u1abcd2EFGHijkL3m4")
    .data_source("selectUser")
    .comments("An ID, login, or login shortname (as long as the shortname is unambiguous) of an existing Okta user.");

/// A user that Okta takes by ID only (sessions, factors, memberships, assignments); a login is resolved first.
pub const USER_ID: Input = Input::string("userId", "User ID")
    .required()
    .example("00u1abcd2EFGHijkL3m4")
    .data_source("selectUser")
    .comments("ID of an existing Okta user. A login is accepted too and resolved to the ID.");

/// A `limit` input with the endpoint's own default in its help text.
pub const fn limit(comments: &'static str) -> Input {
    Input::new("limit", "Limit", InputType::Integer)
        .example("100")
        .comments(comments)
}

/// Adds each input in `names` (input key, query parameter) that has a value.
pub fn query_from(inputs: &Inputs, names: &[(&str, &str)]) -> Query {
    let mut query = Query::new();
    for (input, param) in names {
        query.set_opt(param, inputs.query_value(input));
    }
    query
}

/// Merges "Extra Parameters" under the explicit ones: an explicit input wins over an extra with its name.
pub fn with_extra_parameters(inputs: &Inputs, mut query: Query) -> Query {
    for (name, value) in inputs.key_values(EXTRA_PARAMETERS.key) {
        if query.get(&name).is_none() {
            query.set(&name, value_text(&value));
        }
    }
    query
}

/// A listing with Okta's search inputs (`search`, `filter`, `q`, `sortBy`, `sortOrder`) and "Extra Parameters".
pub fn list_searchable(client: &Client, path: &Path, inputs: &Inputs) -> Result<Output> {
    let names = ["search", "filter", "q", "sortBy", "sortOrder"].map(|n| (n, n));
    let query = with_extra_parameters(inputs, query_from(inputs, &names));
    list(client, path, query, inputs)
}

/// Runs a listing action: reads `limit`, `after` and `fetchAll`, then one page or every page.
pub fn list(client: &Client, path: &Path, mut query: Query, inputs: &Inputs) -> Result<Output> {
    if let Some(limit) = inputs.opt_int("limit") {
        if limit < 1 {
            return Err(Error::invalid("limit", "a whole number of at least 1"));
        }
        query.set("limit", limit.to_string());
    }
    query.set_opt("after", inputs.opt_str(AFTER.key));
    let paging = Paging {
        fetch_all: inputs.opt_bool(FETCH_ALL.key).unwrap_or(false),
        ..Paging::default()
    };
    list_pages(client, path, &query, &paging)
}

/// Reads a listing as `paging` says into `{"data": [...]}` (plus `after` when pages remain).
pub fn list_pages(client: &Client, path: &Path, query: &Query, paging: &Paging) -> Result<Output> {
    let mut output = ListOutput::new();
    let end = client.list(path, query, paging, &mut |item| {
        output.push(item);
        Ok(())
    })?;
    Ok(output.finish(end.after))
}

/// The most entries a picklist reads: enough for any list a person scrolls, bounded so a huge org cannot make
/// the platform's form hang.
pub const PICKLIST_CAP: usize = 10_000;

/// Reads every page of a listing into picklist items, sorted by label. `item` picks the label and key out of the
/// few fields it deserializes (`T`), and may skip an entry by returning `None`.
pub fn picklist<T: DeserializeOwned>(
    client: &Client,
    path: &Path,
    query: &Query,
    item: fn(T) -> Option<PicklistItem>,
) -> Result<Vec<PicklistItem>> {
    let paging = Paging {
        max_items: PICKLIST_CAP,
        ..Paging::all()
    };
    let mut items = Vec::new();
    client.list(path, query, &paging, &mut |raw| {
        let value: T = serde_json::from_str(raw.get()).map_err(|e| {
            Error::Transport(format!(
                "an entry of {} is not what Okta documents: {e}",
                path.as_str()
            ))
        })?;
        items.extend(item(value));
        Ok(())
    })?;
    items.sort_by_cached_key(|item| item.label.to_lowercase());
    Ok(items)
}

/// Reads an unpaged JSON list (event hooks, user types, factors) or every page of a paged one, as `Value`s.
pub fn list_values(client: &Client, path: &Path, query: &Query) -> Result<Vec<serde_json::Value>> {
    let mut values = Vec::new();
    client.list(path, query, &Paging::all(), &mut |raw| {
        values.push(serde_json::from_str(raw.get()).map_err(|e| Error::Transport(e.to_string()))?);
        Ok(())
    })?;
    Ok(values)
}
