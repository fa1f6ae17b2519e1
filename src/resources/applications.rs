//! Applications (`/api/v1/apps`) and their user assignments, plus the application picklist.
//!
//! Where the product page is wrong: `assignApplicationToUser` returns Okta's `AppUser` (not a group message),
//! `expand` is `user/{userId}` on apps and `user` on an assignment, and `includeNonDeleted` adds inactive apps.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::common::{self, AFTER, FETCH_ALL, USER_ID, USER_REF};
use super::users;
use crate::action::Action;
use crate::client::{Client, Paging, Path, Query};
use crate::data_source::{DataSource, PicklistItem};
use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs};
use crate::output::Output;

const APP_ID: Input = Input::string("appId", "Application ID")
    .required()
    .example("0oab1234XYZ5678")
    .data_source("selectApplication")
    .comments("The unique identifier for the application.");

const USERNAME: Input = Input::string("username", "Username")
    .example("johndoe")
    .comments("The username of the user in the application (`credentials.userName`).");

const PASSWORD: Input = Input::new("password", "Password", InputType::Password)
    .example("P@ssw0rd!")
    .comments("The user's password in the application (`credentials.password.value`), for apps that store one.");

const PROFILE: Input = Input::new("profile", "Profile", InputType::Json)
    .example(r#"{"role":"Developer"}"#)
    .comments(
        "The app-specific profile for the user, as a JSON object of the app's profile attributes.",
    );

pub const ACTIONS: &[Action] = &[
    Action {
        key: "listApplications",
        label: "List Applications",
        description: "List applications with optional search and filtering.",
        inputs: &[
            AFTER,
            Input::string("expand", "Expand").example("user/00u1abcd2EFGHijkL3m4").comments(
                "`user/{userId}` embeds that user's assignment in each app (use with filter `user.id eq \"{userId}\"`).",
            ),
            FETCH_ALL,
            Input::string("filter", "Filter").example(r#"status eq "ACTIVE""#).comments(
                "A filter expression on id, status, name, credentials.signing.kid, settings.slo.enabled or user.id (eq), joined with and/or.",
            ),
            Input::boolean("includeNonDeleted", "Include Non-Deleted")
                .example("false")
                .comments("When true, inactive (but not deleted) applications are returned too."),
            common::limit("Specifies the number of results returned per page (at most 200)."),
            Input::string("q", "q")
                .example("Okta")
                .comments("Searches for apps with name or label properties that starts with the q value using the startsWith operation."),
            Input::boolean("useOptimization", "Use Optimization")
                .example("false")
                .comments("When true, the response will be optimized for faster retrieval. This may exclude some properties from the response."),
        ],
        run: list_applications,
    },
    Action {
        key: "getApplication",
        label: "Get Application",
        description: "Retrieve an application by ID.",
        inputs: &[
            APP_ID,
            Input::string("expand", "Expand")
                .example("user/00u1abcd2EFGHijkL3m4")
                .comments("`user/{userId}` embeds that user's assignment to the app in `_embedded`."),
        ],
        run: get_application,
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
                .allowed(&["USER", "GROUP"])
                .example("USER")
                .comments("Specifies the scope of the assignment: USER (direct) or GROUP."),
            USER_ID,
            USERNAME,
        ],
        run: assign_application_to_user,
    },
    Action {
        key: "getApplicationUserAssignment",
        label: "Get Application User Assignment",
        description: "Retrieves a specific user assignment for a specific app.",
        inputs: &[
            APP_ID,
            Input::string("expand", "Expand")
                .allowed(&["user"])
                .example("user")
                .comments("`user` embeds the Okta user in `_embedded.user`."),
            USER_ID,
        ],
        run: get_application_user_assignment,
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
        run: update_application_user_assignment,
    },
    Action {
        key: "removeApplicationUserAssignment",
        label: "Remove Application User Assignment",
        description: "Removes an application assignment from a user, revoking access to the application.",
        inputs: &[
            APP_ID,
            Input::boolean("sendEmail", "Send Email")
                .default("false")
                .example("false")
                .comments("When true, sends a deactivation email to the admin."),
            USER_ID,
        ],
        run: remove_application_user_assignment,
    },
    Action {
        key: "listUserApplications",
        label: "List User Applications",
        description: "List applications for a specific user (the user's app links).",
        inputs: &[USER_REF],
        run: list_user_applications,
    },
];

pub const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectApplication",
    label: "Select Application",
    description: "A picklist of Applications in your Okta Org, labelled by their label.",
    inputs: &[],
    run: select_application,
}];

fn apps() -> Path {
    Path::new("/api/v1/apps")
}

fn app_path(inputs: &Inputs) -> Result<Path> {
    apps().seg(APP_ID.key, inputs.str(APP_ID.key)?)
}

fn list_applications(client: &Client, inputs: &Inputs) -> Result<Output> {
    let query = common::query_from(
        inputs,
        &[
            ("q", "q"),
            ("filter", "filter"),
            ("expand", "expand"),
            ("includeNonDeleted", "includeNonDeleted"),
            ("useOptimization", "useOptimization"),
        ],
    );
    common::list(client, &apps(), query, inputs)
}

fn get_application(client: &Client, inputs: &Inputs) -> Result<Output> {
    Ok(Output::raw(&client.get_raw(
        &app_path(inputs)?,
        &common::query_from(inputs, &[("expand", "expand")]),
    )?))
}

/// `{credentials: {userName, password: {value}}, profile}` from the inputs that were given.
fn assignment_body(inputs: &Inputs) -> Result<Map<String, Value>> {
    let mut body = Map::new();
    let mut credentials = Map::new();
    if let Some(username) = inputs.opt_str(USERNAME.key) {
        credentials.insert("userName".into(), username.into());
    }
    if let Some(password) = inputs.opt_str(PASSWORD.key) {
        credentials.insert("password".into(), json!({ "value": password }));
    }
    if !credentials.is_empty() {
        body.insert("credentials".into(), Value::Object(credentials));
    }
    match inputs.json(PROFILE.key) {
        Some(Value::Object(profile)) => {
            body.insert("profile".into(), Value::Object(profile.clone()));
        }
        Some(_) => {
            return Err(Error::invalid(
                PROFILE.key,
                "a JSON object of profile attributes",
            ));
        }
        None => {}
    }
    Ok(body)
}

fn assign_application_to_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let mut body = assignment_body(inputs)?;
    body.insert(
        "id".into(),
        users::resolve_user_id(client, inputs, USER_ID.key)?.into(),
    );
    if let Some(scope) = inputs.opt_str("scope") {
        body.insert("scope".into(), scope.into());
    }
    let path = app_path(inputs)?.lit("users");
    Ok(Output::raw(&client.post_raw(
        &path,
        &Query::new(),
        &Value::Object(body),
    )?))
}

fn assignment_path(client: &Client, inputs: &Inputs) -> Result<(Path, String)> {
    let user = users::resolve_user_id(client, inputs, USER_ID.key)?;
    Ok((
        app_path(inputs)?.lit("users").seg(USER_ID.key, &user)?,
        user,
    ))
}

fn get_application_user_assignment(client: &Client, inputs: &Inputs) -> Result<Output> {
    let (path, _) = assignment_path(client, inputs)?;
    Ok(Output::raw(&client.get_raw(
        &path,
        &common::query_from(inputs, &[("expand", "expand")]),
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
    let (path, _) = assignment_path(client, inputs)?;
    Ok(Output::raw(&client.post_raw(
        &path,
        &Query::new(),
        &Value::Object(body),
    )?))
}

fn remove_application_user_assignment(client: &Client, inputs: &Inputs) -> Result<Output> {
    let (path, user) = assignment_path(client, inputs)?;
    client.delete(
        &path,
        &common::query_from(inputs, &[("sendEmail", "sendEmail")]),
    )?;
    Ok(Output::data(json!({ "id": user, "status": "DELETED" })))
}

fn list_user_applications(client: &Client, inputs: &Inputs) -> Result<Output> {
    let path = Path::new("/api/v1/users")
        .seg("id", inputs.str("id")?)?
        .lit("appLinks");
    common::list_pages(client, &path, &Query::new(), &Paging::all())
}

#[derive(Deserialize)]
struct AppEntry {
    id: String,
    label: Option<String>,
    name: Option<String>,
}

fn select_application(client: &Client, _inputs: &Inputs) -> Result<Vec<PicklistItem>> {
    let mut query = Query::new();
    query.set("limit", "200");
    common::picklist(client, &apps(), &query, |a: AppEntry| {
        let label = a.label.or(a.name).unwrap_or_else(|| a.id.clone());
        Some(PicklistItem { label, key: a.id })
    })
}
