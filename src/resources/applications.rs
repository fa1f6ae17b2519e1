//! Applications (`/api/v1/apps`) and their user assignments, plus the application picklist.
//!
//! Where the product page is wrong: `assignApplicationToUser` returns Okta's `AppUser` (not a group message),
//! `expand` is `user/{userId}` on apps and `user` on an assignment, and `includeNonDeleted` adds inactive apps.

use serde_json::{Map, Value};

use super::action::Seg::{Fixed, Id, UserId};
use super::action::{self, Action, Op, Reply, Seg};
use super::common::{self, AFTER, APPS, FETCH_ALL, USER_ID, USER_REF, USERS, limit};
use super::data_source::{DataSource, Label, Picklist};
use crate::client::{Client, Method, Path};
use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs};
use crate::output::Output;

const APP_ID: Input = Input::string("appId", "Application ID")
    .required()
    .example("0oab1234XYZ5678")
    .data_source("selectApplication")
    .comments("The unique identifier for the application.");

const USERNAME: Input = Input::string("username", "Username")
    .body_at("credentials.userName")
    .example("johndoe")
    .comments("The username of the user in the application (`credentials.userName`).");

const PASSWORD: Input = Input::new("password", "Password", InputType::Password)
    .body_at("credentials.password.value")
    .example("P@ssw0rd!")
    .comments("The user's password in the application (`credentials.password.value`), for apps that store one.");

const PROFILE: Input = Input::new("profile", "Profile", InputType::Json)
    .body_at("profile")
    .example(r#"{"role":"Developer"}"#)
    .comments(
        "The app-specific profile for the user, as a JSON object of the app's profile attributes.",
    );

pub(crate) const ACTIONS: &[Action] = &[
    Action {
        key: "listApplications",
        label: "List Applications",
        description: "List applications with optional search and filtering.",
        inputs: &[
            AFTER,
            Input::string("expand", "Expand")
                .query().example("user/00u1abcd2EFGHijkL3m4").comments(
                "`user/{userId}` embeds that user's assignment in each app (use with filter `user.id eq \"{userId}\"`).",
            ),
            FETCH_ALL,
            Input::string("filter", "Filter")
                .query().example(r#"status eq "ACTIVE""#).comments(
                "A filter expression on id, status, name, credentials.signing.kid, settings.slo.enabled or user.id (eq), joined with and/or.",
            ),
            Input::boolean("includeNonDeleted", "Include Non-Deleted")
                .query()
                .example("false")
                .comments("When true, inactive (but not deleted) applications are returned too."),
            limit("Specifies the number of results returned per page (at most 200)."),
            Input::string("q", "q")
                .query()
                .example("Okta")
                .comments("Searches for apps with name or label properties that starts with the q value using the startsWith operation."),
            Input::boolean("useOptimization", "Use Optimization")
                .query()
                .example("false")
                .comments("When true, the response will be optimized for faster retrieval. This may exclude some properties from the response."),
        ],
        op: Op::list(&[Fixed(APPS)]),
    },
    Action {
        key: "getApplication",
        label: "Get Application",
        description: "Retrieve an application by ID.",
        inputs: &[
            APP_ID,
            Input::string("expand", "Expand")
                .query()
                .example("user/00u1abcd2EFGHijkL3m4")
                .comments("`user/{userId}` embeds that user's assignment to the app in `_embedded`."),
        ],
        op: Op::get(&[Fixed(APPS), Id(APP_ID.key)]),
    },
    Action {
        key: "assignApplicationToUser",
        label: "Assign Application to User",
        description: "Assigns an application to a user with app-specific profile and credentials.",
        inputs: &[
            APP_ID,
            PASSWORD,
            PROFILE,
            Input::string("scope", "Scope")
                .body_at("scope")
                .allowed(&["USER", "GROUP"])
                .example("USER")
                .comments("Specifies the scope of the assignment: USER (direct) or GROUP."),
            USER_ID,
            USERNAME,
        ],
        op: Op::Custom(assign_application_to_user),
    },
    Action {
        key: "getApplicationUserAssignment",
        label: "Get Application User Assignment",
        description: "Retrieves a specific user assignment for a specific app.",
        inputs: &[
            APP_ID,
            Input::string("expand", "Expand")
                .query()
                .allowed(&["user"])
                .example("user")
                .comments("`user` embeds the Okta user in `_embedded.user`."),
            USER_ID,
        ],
        op: Op::get(ASSIGNMENT),
    },
    Action {
        key: "updateApplicationUserAssignment",
        label: "Update Application User Assignment",
        description: "Updates the app-specific profile and credentials for a user's application assignment.",
        inputs: &[
            APP_ID,
            PASSWORD,
            PROFILE.comments("The app-specific profile for the user. Either the profile or password/username must be provided."),
            USER_ID,
            USERNAME,
        ],
        op: Op::Custom(update_application_user_assignment),
    },
    Action {
        key: "removeApplicationUserAssignment",
        label: "Remove Application User Assignment",
        description: "Removes an application assignment from a user, revoking access to the application.",
        inputs: &[
            APP_ID,
            Input::boolean("sendEmail", "Send Email")
                .query()
                .default("false")
                .example("false")
                .comments("When true, sends a deactivation email to the admin."),
            USER_ID,
        ],
        op: Op::call(Method::Delete, ASSIGNMENT, Reply::Status { id: USER_ID.key, status: "DELETED" }),
    },
    Action {
        key: "listUserApplications",
        label: "List User Applications",
        description: "List applications for a specific user (the user's app links).",
        inputs: &[USER_REF],
        op: Op::list_all(&[Fixed(USERS), Id(USER_REF.key), Fixed("appLinks")]),
    },
];

pub(crate) const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectApplication",
    label: "Select Application",
    description: "A picklist of Applications in your Okta Org, labelled by their label.",
    inputs: &[],
    list: Picklist {
        path: &[Fixed(APPS)],
        paged: true,
        label: Label::First(&["/label", "/name"]),
        key: "/id",
    },
}];

/// A user's assignment to an app: Okta takes the user by ID only there.
const ASSIGNMENT: &[Seg] = &[
    Fixed(APPS),
    Id(APP_ID.key),
    Fixed("users"),
    UserId(USER_ID.key),
];

/// `{credentials: {userName, password: {value}}, profile}` from the inputs that were given.
fn assignment_body(inputs: &Inputs) -> Result<Map<String, Value>> {
    let body = inputs.body();
    if body.get("profile").is_some_and(|p| !p.is_object()) {
        return Err(Error::invalid(
            PROFILE.key,
            "a JSON object of profile attributes",
        ));
    }
    Ok(body)
}

fn assign_application_to_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let mut body = assignment_body(inputs)?;
    body.insert(
        "id".into(),
        action::resolve_user_id(client, inputs, USER_ID.key)?.into(),
    );
    let path = Path::new(APPS)
        .seg(APP_ID.key, inputs.str(APP_ID.key)?)?
        .lit("users");
    Ok(Output::raw(&client.post_raw(
        &path,
        &common::query(inputs),
        &Value::Object(body),
    )?))
}

fn update_application_user_assignment(client: &Client, inputs: &Inputs) -> Result<Output> {
    let body = assignment_body(inputs)?;
    if body.is_empty() {
        return Err(Error::invalid(
            PROFILE.key,
            "a Profile, or a Username or Password to change",
        ));
    }
    let path = action::path(client, inputs, ASSIGNMENT)?;
    Ok(Output::raw(&client.post_raw(
        &path,
        &common::query(inputs),
        &Value::Object(body),
    )?))
}
