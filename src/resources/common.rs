//! Inputs and steps that several resources share: paging inputs, extra query parameters, listing.

use crate::client::{Client, Paging, Path, Query};
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
    let mut output = ListOutput::new();
    let end = client.list(path, &query, &paging, &mut |item| {
        output.push(item);
        Ok(())
    })?;
    Ok(output.finish(end.after))
}
