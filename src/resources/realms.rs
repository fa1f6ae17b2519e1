//! Realms (`/api/v1/realms`; needs Okta Identity Governance or a related SKU) and their picklist.

use serde::Deserialize;

use super::common::{self, AFTER, FETCH_ALL};
use crate::action::Action;
use crate::client::{Client, Path, Query};
use crate::data_source::{DataSource, PicklistItem};
use crate::error::Result;
use crate::input::{Input, Inputs};
use crate::output::Output;

pub const ACTIONS: &[Action] = &[Action {
    key: "listRealms",
    label: "List Realms",
    description: "Lists all realms in your org.",
    inputs: &[
        AFTER,
        FETCH_ALL,
        common::limit(
            "Specifies the number of results returned per page. Okta's default is 200 (10 with search).",
        ),
        Input::string("search", "Search")
            .example(r#"profile.name co "West""#)
            .comments("A search expression; realms support `profile.name co \"…\"`."),
        Input::string("sortBy", "Sort By")
            .example("profile.name")
            .comments("Specifies field to sort by, for example profile.name."),
        Input::string("sortOrder", "Sort Order")
            .allowed(&["asc", "desc"])
            .example("asc")
            .comments("Specifies the sort order: asc or desc."),
    ],
    run: list_realms,
}];

pub const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectRealm",
    label: "Select Realm",
    description: "A picklist of Realms in your Okta Org.",
    inputs: &[],
    run: select_realm,
}];

fn realms() -> Path {
    Path::new("/api/v1/realms")
}

fn list_realms(client: &Client, inputs: &Inputs) -> Result<Output> {
    let query = common::query_from(
        inputs,
        &[
            ("search", "search"),
            ("sortBy", "sortBy"),
            ("sortOrder", "sortOrder"),
        ],
    );
    common::list(client, &realms(), query, inputs)
}

#[derive(Deserialize)]
struct RealmEntry {
    id: String,
    profile: RealmProfile,
}

#[derive(Deserialize)]
struct RealmProfile {
    name: String,
}

fn select_realm(client: &Client, _inputs: &Inputs) -> Result<Vec<PicklistItem>> {
    let mut query = Query::new();
    query.set("limit", "200");
    common::picklist(client, &realms(), &query, |r: RealmEntry| {
        Some(PicklistItem {
            label: r.profile.name,
            key: r.id,
        })
    })
}
