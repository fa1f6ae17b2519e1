//! User types (`/api/v1/meta/types/user`) and their picklist.

use super::action::Seg::Fixed;
use super::action::{Action, Op};
use super::common::USER_TYPES;
use super::data_source::{DataSource, Label, Picklist};

pub(crate) const ACTIONS: &[Action] = &[Action {
    key: "listUserTypes",
    label: "List User Types",
    description: "Lists all user types in your org.",
    inputs: &[],
    op: Op::list_all(&[Fixed(USER_TYPES)]),
}];

pub(crate) const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectUserType",
    label: "Select User Type",
    description: "A picklist of User Types in your Okta Org, by display name; the key is the type ID that createUser's Type takes.",
    inputs: &[],
    list: Picklist {
        path: &[Fixed(USER_TYPES)],
        paged: false,
        label: Label::First(&["/displayName", "/name"]),
        key: "/id",
    },
}];
