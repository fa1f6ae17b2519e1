//! Groups (`/api/v1/groups`): the nine group actions and the group picklist.
//!
//! Okta differs from the product page here: membership is added with a PUT (idempotent, 204), and a group update
//! is a full PUT that would clear every profile attribute not sent, so `updateGroup` merges the given fields into
//! the current profile first. Only `OKTA_GROUP` groups can be edited; app and built-in groups are refused.

use serde::Deserialize;
use serde_json::{Value, json};

use super::common::{
    self, AFTER, EXTRA_PARAMETERS, FETCH_ALL, USER_ID, USER_REF as USER_ID_OR_LOGIN,
};
use super::users;
use crate::action::Action;
use crate::client::{Client, Paging, Path, Query};
use crate::data_source::{DataSource, PicklistItem};
use crate::error::{Error, Result};
use crate::input::{Input, Inputs};
use crate::output::Output;

const GROUP_ID: Input = Input::string("groupId", "Group ID")
    .required()
    .example("00g1abcd2EFGHijkL3m4")
    .data_source("selectGroup")
    .comments("The unique identifier for the group.");

const NAME: Input = Input::string("name", "Group Name")
    .example("Engineering Team")
    .comments("The name of the group.");

const DESCRIPTION: Input = Input::string("description", "Group Description")
    .example("This group contains all members of the engineering team.")
    .comments("A brief description of the group.");

pub const ACTIONS: &[Action] = &[
    Action {
        key: "createGroup",
        label: "Create Group",
        description: "Create a group in Okta.",
        inputs: &[DESCRIPTION, NAME.required()],
        run: create_group,
    },
    Action { key: "getGroup", label: "Get Group", description: "Retrieve a group by ID.", inputs: &[GROUP_ID], run: get_group },
    Action {
        key: "updateGroup",
        label: "Update Group",
        description: "Updates profile information for an existing group. Only the fields given change.",
        inputs: &[DESCRIPTION, GROUP_ID, NAME],
        run: update_group,
    },
    Action { key: "deleteGroup", label: "Delete Group", description: "Delete a group by ID.", inputs: &[GROUP_ID], run: delete_group },
    Action {
        key: "listGroups",
        label: "List Groups",
        description: "List groups with optional search and filtering.",
        inputs: &[
            AFTER,
            EXTRA_PARAMETERS,
            FETCH_ALL,
            Input::string("filter", "Filter").example(r#"type eq "OKTA_GROUP""#).comments(
                "A filter expression on id, type, lastUpdated or lastMembershipUpdated (eq; dates also gt, ge, lt, le), joined with and/or.",
            ),
            common::limit("Specifies the number of results returned per page (Okta recommends at most 200)."),
            Input::string("q", "q").example("Eng").comments(
                "Finds groups whose name starts with this value. Okta returns one page of matches (paging and q are mutually exclusive).",
            ),
            Input::string("search", "Search").example(r#"profile.name sw "Eng""#).comments(
                "A search expression on id, type, created, lastUpdated, lastMembershipUpdated, profile.name or profile.description (eq, sw, co, gt, ge, lt, le, pr; and/or).",
            ),
            Input::string("sortBy", "Sort By")
                .example("profile.name")
                .comments("Specifies field to sort by (for search queries only), for example profile.name."),
            Input::string("sortOrder", "Sort Order")
                .allowed(&["asc", "desc"])
                .example("asc")
                .comments("Specifies the sort order: asc or desc (for search queries only)."),
        ],
        run: list_groups,
    },
    Action {
        key: "listGroupMembers",
        label: "List Group Members",
        description: "Retrieves all users who are members of the specified group.",
        inputs: &[AFTER, FETCH_ALL, GROUP_ID, common::limit("Specifies the number of results returned per page. Okta's default is 1000.")],
        run: list_group_members,
    },
    Action {
        key: "addUserToGroup",
        label: "Add User to Group",
        description: "Add a user to a group (an OKTA_GROUP group). Adding a member twice is harmless.",
        inputs: &[GROUP_ID, USER_ID],
        run: add_user_to_group,
    },
    Action {
        key: "removeUserFromGroup",
        label: "Remove User from Group",
        description: "Remove a user from a group (an OKTA_GROUP group).",
        inputs: &[GROUP_ID, USER_ID.comments("The unique identifier for the user to be removed from the group. A login is accepted too.")],
        run: remove_user_from_group,
    },
    Action {
        key: "listUserGroups",
        label: "List User Groups",
        description: "List groups for a specific user.",
        inputs: &[USER_ID_OR_LOGIN],
        run: list_user_groups,
    },
];

pub const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectGroup",
    label: "Select Group",
    description: "A picklist of groups in your Okta Org.",
    inputs: &[],
    run: select_group,
}];

fn groups() -> Path {
    Path::new("/api/v1/groups")
}

fn group_path(inputs: &Inputs) -> Result<Path> {
    groups().seg(GROUP_ID.key, inputs.str(GROUP_ID.key)?)
}

fn create_group(client: &Client, inputs: &Inputs) -> Result<Output> {
    let mut profile = json!({ "name": inputs.str(NAME.key)? });
    if let Some(description) = inputs.opt_str(DESCRIPTION.key) {
        profile["description"] = description.into();
    }
    Ok(Output::raw(&client.post_raw(
        &groups(),
        &Query::new(),
        &json!({ "profile": profile }),
    )?))
}

fn get_group(client: &Client, inputs: &Inputs) -> Result<Output> {
    Ok(Output::data(
        client.get(&group_path(inputs)?, &Query::new())?,
    ))
}

fn update_group(client: &Client, inputs: &Inputs) -> Result<Output> {
    if !inputs.has(NAME.key) && !inputs.has(DESCRIPTION.key) {
        return Err(Error::invalid(
            NAME.key,
            "a Group Name or a Group Description to change",
        ));
    }
    let path = group_path(inputs)?;
    let current = client.get(&path, &Query::new())?;
    require_okta_group(&current)?;
    let mut profile = current.get("profile").cloned().unwrap_or_else(|| json!({}));
    for field in [NAME.key, DESCRIPTION.key] {
        if let Some(value) = inputs.opt_str(field) {
            profile[field] = value.into();
        }
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

fn delete_group(client: &Client, inputs: &Inputs) -> Result<Output> {
    let id = inputs.str(GROUP_ID.key)?;
    client.delete(&group_path(inputs)?, &Query::new())?;
    Ok(Output::data(json!({ "id": id, "status": "DELETED" })))
}

fn list_groups(client: &Client, inputs: &Inputs) -> Result<Output> {
    common::list_searchable(client, &groups(), inputs)
}

fn list_group_members(client: &Client, inputs: &Inputs) -> Result<Output> {
    common::list(
        client,
        &group_path(inputs)?.lit("users"),
        Query::new(),
        inputs,
    )
}

fn membership(client: &Client, inputs: &Inputs) -> Result<(Path, String, String)> {
    let group = inputs.str(GROUP_ID.key)?.to_string();
    let user = users::resolve_user_id(client, inputs, USER_ID.key)?;
    let path = group_path(inputs)?.lit("users").seg(USER_ID.key, &user)?;
    Ok((path, group, user))
}

fn add_user_to_group(client: &Client, inputs: &Inputs) -> Result<Output> {
    let (path, group, user) = membership(client, inputs)?;
    client.put(&path, &Query::new(), None)?;
    Ok(Output::data(
        json!({ "success": true, "message": format!("User {user} added to group {group}") }),
    ))
}

fn remove_user_from_group(client: &Client, inputs: &Inputs) -> Result<Output> {
    let (path, group, user) = membership(client, inputs)?;
    client.delete(&path, &Query::new())?;
    Ok(Output::data(
        json!({ "success": true, "message": format!("User {user} removed from group {group}") }),
    ))
}

fn list_user_groups(client: &Client, inputs: &Inputs) -> Result<Output> {
    let path = Path::new("/api/v1/users")
        .seg(USER_ID_OR_LOGIN.key, inputs.str(USER_ID_OR_LOGIN.key)?)?
        .lit("groups");
    common::list_pages(client, &path, &Query::new(), &Paging::all())
}

#[derive(Deserialize)]
struct GroupEntry {
    id: String,
    profile: GroupProfile,
}

#[derive(Deserialize)]
struct GroupProfile {
    name: String,
}

fn select_group(client: &Client, _inputs: &Inputs) -> Result<Vec<PicklistItem>> {
    let mut query = Query::new();
    query.set("limit", "200");
    common::picklist(client, &groups(), &query, |g: GroupEntry| {
        Some(PicklistItem {
            label: g.profile.name,
            key: g.id,
        })
    })
}
