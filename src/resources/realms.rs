//! Realms (`/api/v1/realms`; needs Okta Identity Governance or a related SKU) and their picklist.

use super::action::Seg::Fixed;
use super::action::{Action, Op};
use super::common::{AFTER, FETCH_ALL, REALMS, limit};
use super::data_source::{DataSource, Label, Picklist};
use crate::input::Input;

pub(crate) const ACTIONS: &[Action] = &[Action {
    key: "listRealms",
    label: "List Realms",
    description: "Lists all realms in your org.",
    inputs: &[
        AFTER,
        FETCH_ALL,
        limit(
            "Specifies the number of results returned per page. Okta's default is 200 (10 with search).",
        ),
        Input::string("search", "Search")
            .query()
            .example(r#"profile.name co "West""#)
            .comments("A search expression; realms support `profile.name co \"…\"`."),
        Input::string("sortBy", "Sort By")
            .query()
            .example("profile.name")
            .comments("Specifies field to sort by, for example profile.name."),
        Input::string("sortOrder", "Sort Order")
            .query()
            .allowed(&["asc", "desc"])
            .example("asc")
            .comments("Specifies the sort order: asc or desc."),
    ],
    op: Op::list(&[Fixed(REALMS)]),
}];

pub(crate) const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectRealm",
    label: "Select Realm",
    description: "A picklist of Realms in your Okta Org.",
    inputs: &[],
    list: Picklist {
        path: &[Fixed(REALMS)],
        paged: true,
        label: Label::First(&["/profile/name"]),
        key: "/id",
    },
}];
