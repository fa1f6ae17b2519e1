//! Groups (`/api/v1/groups`): the group actions and the group picklist.
//!
//! Okta differs from the product page here: membership is added with a PUT (idempotent, 204), and a group update
//! is a full PUT that would clear every profile attribute not sent, so `updateGroup` merges the given fields into
//! the current profile first. Only `OKTA_GROUP` groups can be edited; app and built-in groups are refused.

use serde_json::{Value, json};

use super::action::Seg::{Fixed, Id, UserId};
use super::action::{Action, Op, Reply};
use super::common::{AFTER, EXTRA_PARAMETERS, FETCH_ALL, GROUPS, USER_ID, USER_REF, USERS, limit};
use super::data_source::{DataSource, Label, Picklist};
use crate::client::{Client, Method, Path, Query};
use crate::error::{Error, Result};
use crate::input::{Input, Inputs};
use crate::output::Output;

const GROUP_ID: Input = Input::string("groupId", "Group ID")
    .required()
    .example("00g1abcd2EFGHijkL3m4")
    .data_source("selectGroup")
    .comments("The unique identifier for the group.");

const NAME: Input = Input::string("name", "Group Name")
    .body_at("profile.name")
    .example("Engineering Team")
    .comments("The name of the group.");

const DESCRIPTION: Input = Input::string("description", "Group Description")
    .body_at("profile.description")
    .example("This group contains all members of the engineering team.")
    .comments("A brief description of the group.");

pub(crate) const ACTIONS: &[Action] = &[
    Action {
        key: "createGroup",
        label: "Create Group",
        description: "Create a group in Okta.",
        inputs: &[DESCRIPTION, NAME.required()],
        op: Op::create(&[Fixed(GROUPS)]),
    },
    Action {
        key: "getGroup",
        label: "Get Group",
        description: "Retrieve a group by ID.",
        inputs: &[GROUP_ID],
        op: Op::get(&[Fixed(GROUPS), Id(GROUP_ID.key)]),
    },
    Action {
        key: "updateGroup",
        label: "Update Group",
        description: "Updates profile information for an existing group. Only the fields given change.",
        inputs: &[DESCRIPTION, GROUP_ID, NAME],
        op: Op::Custom(update_group),
    },
    Action {
        key: "deleteGroup",
        label: "Delete Group",
        description: "Delete a group by ID.",
        inputs: &[GROUP_ID],
        op: Op::call(
            Method::Delete,
            &[Fixed(GROUPS), Id(GROUP_ID.key)],
            Reply::Status { id: GROUP_ID.key, status: "DELETED" },
        ),
    },
    Action {
        key: "listGroups",
        label: "List Groups",
        description: "List groups with optional search and filtering.",
        inputs: &[
            AFTER,
            EXTRA_PARAMETERS,
            FETCH_ALL,
            Input::string("filter", "Filter").query().example(r#"type eq "OKTA_GROUP""#).comments(
                "A filter expression on id, type, lastUpdated or lastMembershipUpdated (eq; dates also gt, ge, lt, le), joined with and/or.",
            ),
            limit("Specifies the number of results returned per page (Okta recommends at most 200)."),
            Input::string("q", "q").query().example("Eng").comments(
                "Finds groups whose name starts with this value. Okta returns one page of matches (paging and q are mutually exclusive).",
            ),
            Input::string("search", "Search").query().example(r#"profile.name sw "Eng""#).comments(
                "A search expression on id, type, created, lastUpdated, lastMembershipUpdated, profile.name or profile.description (eq, sw, co, gt, ge, lt, le, pr; and/or).",
            ),
            Input::string("sortBy", "Sort By").query()
                .example("profile.name")
                .comments("Specifies field to sort by (for search queries only), for example profile.name."),
            Input::string("sortOrder", "Sort Order").query()
                .allowed(&["asc", "desc"])
                .example("asc")
                .comments("Specifies the sort order: asc or desc (for search queries only)."),
        ],
        op: Op::list(&[Fixed(GROUPS)]),
    },
    Action {
        key: "listGroupMembers",
        label: "List Group Members",
        description: "Retrieves all users who are members of the specified group.",
        inputs: &[AFTER, FETCH_ALL, GROUP_ID, limit("Specifies the number of results returned per page. Okta's default is 1000.")],
        op: Op::list(&[Fixed(GROUPS), Id(GROUP_ID.key), Fixed("users")]),
    },
    Action {
        key: "addUserToGroup",
        label: "Add User to Group",
        description: "Add a user to a group (an OKTA_GROUP group). Adding a member twice is harmless.",
        inputs: &[GROUP_ID, USER_ID],
        op: Op::call(
            Method::Put,
            &[Fixed(GROUPS), Id(GROUP_ID.key), Fixed("users"), UserId(USER_ID.key)],
            Reply::Message("User {userId} added to group {groupId}"),
        ),
    },
    Action {
        key: "removeUserFromGroup",
        label: "Remove User from Group",
        description: "Remove a user from a group (an OKTA_GROUP group).",
        inputs: &[GROUP_ID, USER_ID.comments("The unique identifier for the user to be removed from the group. A login is accepted too.")],
        op: Op::call(
            Method::Delete,
            &[Fixed(GROUPS), Id(GROUP_ID.key), Fixed("users"), UserId(USER_ID.key)],
            Reply::Message("User {userId} removed from group {groupId}"),
        ),
    },
    Action {
        key: "listUserGroups",
        label: "List User Groups",
        description: "List groups for a specific user.",
        inputs: &[USER_REF],
        op: Op::list_all(&[Fixed(USERS), Id(USER_REF.key), Fixed("groups")]),
    },
];

pub(crate) const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectGroup",
    label: "Select Group",
    description: "A picklist of groups in your Okta Org.",
    inputs: &[],
    list: Picklist {
        path: &[Fixed(GROUPS)],
        paged: true,
        label: Label::First(&["/profile/name"]),
        key: "/id",
    },
}];

/// Reads the group, merges the given fields into its profile, and PUTs the whole profile back.
fn update_group(client: &Client, inputs: &Inputs) -> Result<Output> {
    let Some(Value::Object(given)) = inputs.body().remove("profile") else {
        return Err(Error::invalid(
            NAME.key,
            "a Group Name or a Group Description to change",
        ));
    };
    let path = Path::new(GROUPS).seg(GROUP_ID.key, inputs.str(GROUP_ID.key)?)?;
    let current = client.get(&path, &Query::new())?;
    require_okta_group(&current)?;
    let mut profile = current.get("profile").cloned().unwrap_or_else(|| json!({}));
    for (field, value) in given {
        profile[field] = value;
    }
    Ok(Output::data(client.put(
        &path,
        &Query::new(),
        Some(&json!({ "profile": profile })),
    )?))
}

/// App groups are managed by their app's imports, and `Everyone` by Okta: Okta refuses to edit either.
fn require_okta_group(group: &Value) -> Result<()> {
    match group["type"].as_str() {
        Some("OKTA_GROUP") | None => Ok(()),
        Some(other) => Err(Error::invalid(
            GROUP_ID.key,
            format!("an OKTA_GROUP group (this one is {other}, which Okta does not let you edit)"),
        )),
    }
}
