//! User types (`/api/v1/meta/types/user`) and their picklist.

use serde::Deserialize;
use serde_json::Value;

use super::common;
use crate::action::Action;
use crate::client::{Client, Path, Query};
use crate::data_source::{DataSource, PicklistItem};
use crate::error::Result;
use crate::input::Inputs;
use crate::output::Output;

pub const ACTIONS: &[Action] = &[Action {
    key: "listUserTypes",
    label: "List User Types",
    description: "Lists all user types in your org.",
    inputs: &[],
    run: list_user_types,
}];

pub const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectUserType",
    label: "Select User Type",
    description: "A picklist of User Types in your Okta Org, by display name; the key is the type ID that createUser's Type takes.",
    inputs: &[],
    run: select_user_type,
}];

fn user_types() -> Path {
    Path::new("/api/v1/meta/types/user")
}

fn list_user_types(client: &Client, _inputs: &Inputs) -> Result<Output> {
    Ok(Output::data(Value::Array(common::list_values(
        client,
        &user_types(),
        &Query::new(),
    )?)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypeEntry {
    id: String,
    display_name: Option<String>,
    name: Option<String>,
}

fn select_user_type(client: &Client, _inputs: &Inputs) -> Result<Vec<PicklistItem>> {
    common::picklist(client, &user_types(), &Query::new(), |t: TypeEntry| {
        let label = t.display_name.or(t.name).unwrap_or_else(|| t.id.clone());
        Some(PicklistItem { label, key: t.id })
    })
}
