//! Users: the 14 user actions (`/api/v1/users`).
//!
//! Where the product page and Okta disagree, Okta wins (see `shared/okta-api-notes.md` §2.1 and §4):
//! partial updates are a POST; a delete deactivates first; lifecycle calls answer `{}` or tokens, so the
//! outputs add the user's real `id` and `status` read back from Okta; `sendEmail` means what Okta says.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::common::{self, AFTER, EXTRA_PARAMETERS, FETCH_ALL, USER_ID, USER_REF as ID};
use crate::action::Action;
use crate::client::{Client, Path, Query};
use crate::data_source::{DataSource, PicklistItem};
use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs};
use crate::output::Output;

// ---------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------

const REVOKE_SESSIONS: Input = Input::boolean("revokeSessions", "Revoke Sessions")
    .default("false")
    .example("false")
    .comments("When true, revokes all of the user's active sessions.");

const FIRST_NAME: Input = Input::string("firstName", "First Name")
    .example("John")
    .comments("The user's first name.");
const LAST_NAME: Input = Input::string("lastName", "Last Name")
    .example("Doe")
    .comments("The user's last name.");
const EMAIL: Input = Input::string("email", "Email")
    .example("john.doe@example.com")
    .comments("The user's email address.");
const LOGIN: Input = Input::string("login", "Login")
    .example("john.doe@example.com")
    .comments("The unique identifier for the user (username). Okta expects an email-like login unless the org allows otherwise.");
const MOBILE_PHONE: Input = Input::string("mobilePhone", "Mobile Phone")
    .example("15551234567")
    .comments("The user's mobile phone number.");
const DEPARTMENT: Input = Input::string("department", "Department")
    .example("Engineering")
    .comments("The user's department.");
const EMPLOYEE_NUMBER: Input = Input::string("employeeNumber", "Employee Number")
    .example("12345")
    .comments("The user's employee number.");
const LOCALE: Input = Input::string("locale", "Locale").example("en_US").comments(
    "The user's default location for purposes of localizing items such as currency, date time format, numerical \
     representations, and so on. A locale value is a concatenation of the ISO 639-1 two-letter language code, an \
     underscore, and the ISO 3166-1 two-letter country code.",
);
const PASSWORD: Input = Input::new("password", "Password", InputType::Password)
    .example("P@ssw0rd!")
    .comments("The user's password. When creating an activated user without a password, Okta emails the user an activation link.");
const HASH_PASSWORD: Input = Input::new("hashPassword", "Hash Password", InputType::Json)
    .example(r#"{"algorithm":"BCRYPT","workFactor":10,"salt":"rwh3vH166HCH/NT9XV5FYu","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}"#)
    .comments("The user's password hash, as Okta's `credentials.password.hash` object (algorithm BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2, with value, salt, saltOrder, workFactor… as the algorithm needs). Use either Password or Hash Password.");
const QUESTION: Input = Input::string("question", "Question")
    .example("What is your favorite color?")
    .comments("The user's recovery question. Give it together with Answer.");
const ANSWER: Input = Input::new("answer", "Answer", InputType::Password)
    .example("Blue")
    .comments("The user's recovery answer. Give it together with Question.");
const REALM_ID: Input = Input::string("realmId", "Realm ID")
    .example("guo1afiNtSnZYILxO0g4")
    .comments("The ID of the realm to which the user belongs (realm IDs start with `guo`).");
const PROFILE_EXTRA_ATTRIBUTES: Input = Input::new("profileExtraAttributes", "Profile Extra Attributes", InputType::KeyValueList)
    .example(r#"[{"key":"title","value":"Engineer"},{"key":"costCenter","value":"R&D"}]"#)
    .comments("List of additional profile attributes to include in the request. This can be used to include attributes that are not explicitly supported by this component (custom attributes included). See Okta's API documentation for a list of supported attributes. The explicit inputs above take precedence.");

/// Every profile attribute that has its own input, by input key (which is also the Okta attribute name).
const PROFILE_FIELDS: &[Input] = &[
    FIRST_NAME,
    LAST_NAME,
    EMAIL,
    LOGIN,
    MOBILE_PHONE,
    DEPARTMENT,
    EMPLOYEE_NUMBER,
    LOCALE,
];

// ---------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------

pub const ACTIONS: &[Action] = &[
    Action {
        key: "getUser",
        label: "Get User",
        description: "Retrieve a user by ID or login.",
        inputs: &[
            ID,
            Input::string("expand", "Expand").allowed(&["blocks", "classification"]).example("blocks").comments(
                "Embeds more data in `_embedded`: `blocks` (the user's access blocks) or `classification` (Early Access). \
                 The user's credentials object is always returned.",
            ),
        ],
        run: get_user,
    },
    Action {
        key: "listUsers",
        label: "List Users",
        description: "List users with optional search and filtering.",
        inputs: &[
            AFTER,
            EXTRA_PARAMETERS,
            FETCH_ALL,
            Input::string("filter", "Filter").example(r#"lastUpdated gt "2013-06-01T00:00:00.000Z""#).comments(
                "A filter expression on status, lastUpdated, id, profile.login, profile.email, profile.firstName or \
                 profile.lastName (eq; lastUpdated also gt, ge, lt, le), joined with and/or.",
            ),
            common::limit("Specifies the number of results returned per page. Okta's default is 200 (10 with q)."),
            Input::string("q", "q").example("Okta").comments(
                "Finds users whose first name, last name or email starts with this value. Okta returns at most \
                 `limit` (default 10) matches with no further pages, and omits deactivated users.",
            ),
            Input::string("search", "Search").example(r#"profile.firstName eq "John""#).comments(
                "A search expression on any profile attribute and on id, status, created, activated, statusChanged, \
                 lastUpdated or type.id (eq, sw, co, gt, ge, lt, le, pr; and/or). Includes deactivated users.",
            ),
            Input::string("sortBy", "Sort By").example("profile.lastName").comments(
                "Specifies field to sort by (for search queries only). This can be any single property, for example \
                 profile.lastName. Users with the same value for the sortBy property will be ordered by id.",
            ),
            Input::string("sortOrder", "Sort Order").allowed(&["asc", "desc"]).example("asc").comments(
                "Specifies the sort order: asc or desc (for search queries only). Sorting is done in ASCII sort order \
                 (that is, by ASCII character value), but isn't case sensitive. sortOrder is ignored if sortBy isn't present.",
            ),
        ],
        run: list_users,
    },
    Action {
        key: "createUser",
        label: "Create User",
        description: "Create a new user.",
        inputs: &[
            Input::boolean("activate", "Activate").default("true").example("true").comments(
                "When true, executes an activation lifecycle operation when creating the user: with a password the \
                 user becomes ACTIVE, without one Okta emails an activation link (PROVISIONED). When false the user is STAGED.",
            ),
            ANSWER,
            DEPARTMENT,
            EMAIL.required(),
            EMPLOYEE_NUMBER,
            FIRST_NAME.required(),
            Input::new("groupIds", "Group IDs", InputType::StringList)
                .example(r#"["00g1abcd2EFGHijkL3m4"]"#)
                .comments("List of group IDs to assign the user to."),
            HASH_PASSWORD,
            LAST_NAME.required(),
            LOCALE,
            LOGIN.required(),
            MOBILE_PHONE,
            Input::string("nextLogin", "Next Login").allowed(&["changePassword"]).example("changePassword").comments(
                "With activate=true, if nextLogin=changePassword, a user is created, activated, and the password is set \
                 to EXPIRED. The user must change it the next time they sign in. Needs Activate and a password.",
            ),
            PASSWORD,
            PROFILE_EXTRA_ATTRIBUTES,
            Input::boolean("provider", "Provider").default("false").example("false").comments(
                "Indicates whether to create a user with a specified authentication provider (Provider Type and Provider Name).",
            ),
            Input::string("providerName", "Provider Name").example("OKTA").comments(
                "The name of the provider for the user, such as OKTA or the name of an Active Directory or LDAP instance.",
            ),
            Input::string("providerType", "Provider Type")
                .allowed(&["OKTA", "ACTIVE_DIRECTORY", "LDAP", "FEDERATION", "SOCIAL", "IMPORT"])
                .example("OKTA")
                .comments("The type of the provider for the user."),
            QUESTION,
            REALM_ID,
            Input::string("type", "Type").example("oty1162QAr8hJjTaq0g4").comments(
                "The ID of the user's type (user type IDs start with `oty`); Okta's default type when empty.",
            ),
        ],
        run: create_user,
    },
    Action {
        key: "updateUser",
        label: "Update User",
        description: "Update a user by ID or login. Only the attributes given change (a partial update).",
        inputs: &[
            ANSWER,
            DEPARTMENT,
            EMAIL,
            EMPLOYEE_NUMBER,
            FIRST_NAME,
            HASH_PASSWORD,
            ID,
            LAST_NAME,
            LOCALE,
            LOGIN,
            MOBILE_PHONE,
            PASSWORD.comments("A new password for the user, set by the admin (no email is sent)."),
            PROFILE_EXTRA_ATTRIBUTES,
            QUESTION,
            REALM_ID,
        ],
        run: update_user,
    },
    Action {
        key: "deleteUser",
        label: "Delete User",
        description: "Delete a user by ID or login. A user that is not deactivated yet is deactivated first.",
        inputs: &[ID, send_email("When true, sends a deactivation email to the admin.", "false")],
        run: delete_user,
    },
    Action {
        key: "activateUser",
        label: "Activate User",
        description: "Activate a user by ID or login.",
        inputs: &[
            ID,
            send_email(
                "When true, Okta emails the user an activation link. When false, the output holds the activation URL and token instead.",
                "true",
            ),
        ],
        run: activate_user,
    },
    Action {
        key: "deactivateUser",
        label: "Deactivate User",
        description: "Deactivate a user by ID or login.",
        inputs: &[ID, send_email("When true, sends a deactivation email to the admin.", "false")],
        run: deactivate_user,
    },
    Action {
        key: "reactivateUser",
        label: "Reactivate User",
        description: "Reactivate a user by ID or login (a user in PROVISIONED status whose activation is pending).",
        inputs: &[
            ID,
            send_email(
                "When true, Okta emails the user a new activation link. When false, the output holds the activation URL and token instead.",
                "false",
            ),
        ],
        run: reactivate_user,
    },
    Action {
        key: "suspendUser",
        label: "Suspend User",
        description: "Suspend a user by ID or login.",
        inputs: &[ID],
        run: suspend_user,
    },
    Action {
        key: "unsuspendUser",
        label: "Unsuspend User",
        description: "Unsuspend a user by ID or login.",
        inputs: &[ID],
        run: unsuspend_user,
    },
    Action {
        key: "unlockUser",
        label: "Unlock User",
        description: "Unlock a user by ID or login.",
        inputs: &[
            ID,
            send_email("Okta's unlock operation sends no email; this input is accepted for compatibility and has no effect.", "false"),
        ],
        run: unlock_user,
    },
    Action {
        key: "resetUserPassword",
        label: "Reset User Password",
        description: "Reset a user's password by ID or login.",
        inputs: &[
            ID,
            REVOKE_SESSIONS,
            send_email(
                "When true, Okta emails the user a password reset link. When false, the output holds the reset URL instead.",
                "true",
            ),
        ],
        run: reset_user_password,
    },
    Action {
        key: "setUserPassword",
        label: "Set User Password",
        description: "Set a user's password by ID or login: a change (old password checked) when an old password is given, \
                      otherwise an admin set.",
        inputs: &[
            Input::new("newHashPassword", "New Hash Password", InputType::Json)
                .example(r#"{"algorithm":"SHA-256","salt":"TXlTYWx0","saltOrder":"PREFIX","value":"..."}"#)
                .comments("The new password hash for the user, as Okta's `hash` object. Use either New Password or New Hash Password."),
            Input::new("newPassword", "New Password", InputType::Password).example("P@ssw0rd!").comments("The new password for the user."),
            Input::new("oldHashPassword", "Old Hash Password", InputType::Json)
                .comments("The old password hash for the user, as Okta's `hash` object."),
            Input::new("oldPassword", "Old Password", InputType::Password)
                .example("P@ssw0rd!")
                .comments("The old password for the user. When given, Okta checks it; when empty, the admin sets the password."),
            REVOKE_SESSIONS,
            USER_ID,
        ],
        run: set_user_password,
    },
    Action {
        key: "clearUserSessions",
        label: "Clear User Sessions",
        description: "Clears all active sessions for a user, forcing re-authentication on next access.",
        inputs: &[
            Input::boolean("forgetDevices", "Forget Devices").example("false").comments(
                "Clears the user's remembered factors for all devices. When empty, Okta's default applies (true on Identity Engine orgs).",
            ),
            Input::boolean("oauthTokens", "OAuth Tokens")
                .default("false")
                .example("false")
                .comments("Revokes issued OpenID Connect and OAuth refresh and access tokens."),
            USER_ID.example("00ub0oNGTSWTBKOLGLNR"),
        ],
        run: clear_user_sessions,
    },
];

pub const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectUser",
    label: "Select User",
    description: "A picklist of users in your Okta Org (deactivated users excluded), labelled by name and login.",
    inputs: &[],
    run: select_user,
}];

const fn send_email(comments: &'static str, default: &'static str) -> Input {
    Input::boolean("sendEmail", "Send Email")
        .default(default)
        .example(default)
        .comments(comments)
}

// ---------------------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------------------

fn users() -> Path {
    Path::new("/api/v1/users")
}

fn user_path(inputs: &Inputs, input: &str) -> Result<Path> {
    users().seg(input, inputs.str(input)?)
}

fn get_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let query = common::query_from(inputs, &[("expand", "expand")]);
    Ok(Output::raw(
        &client.get_raw(&user_path(inputs, "id")?, &query)?,
    ))
}

fn list_users(client: &Client, inputs: &Inputs) -> Result<Output> {
    common::list_searchable(client, &users(), inputs)
}

fn create_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let activate = inputs.bool("activate")?;
    let has_password = inputs.has(PASSWORD.key) || inputs.has(HASH_PASSWORD.key);
    if inputs.has("nextLogin") && !(activate && has_password) {
        return Err(Error::invalid(
            "nextLogin",
            "to be empty unless Activate is true and a Password or Hash Password is given",
        ));
    }
    let mut body = Map::new();
    body.insert("profile".into(), Value::Object(profile(inputs)?));
    if let Some(credentials) = credentials(inputs, true)? {
        body.insert("credentials".into(), credentials);
    }
    if let Some(groups) = inputs.json("groupIds") {
        body.insert("groupIds".into(), groups.clone());
    }
    if let Some(type_id) = inputs.opt_str("type") {
        body.insert("type".into(), json!({ "id": type_id }));
    }
    if let Some(realm) = inputs.opt_str(REALM_ID.key) {
        body.insert("realmId".into(), realm.into());
    }
    let mut query = Query::new();
    query.set("activate", activate.to_string());
    if inputs.bool("provider")? {
        query.set("provider", "true");
    }
    query.set_opt("nextLogin", inputs.opt_str("nextLogin"));
    Ok(Output::raw(&client.post_raw(
        &users(),
        &query,
        &Value::Object(body),
    )?))
}

fn update_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let mut body = Map::new();
    let profile = profile(inputs)?;
    if !profile.is_empty() {
        body.insert("profile".into(), Value::Object(profile));
    }
    if let Some(credentials) = credentials(inputs, false)? {
        body.insert("credentials".into(), credentials);
    }
    if let Some(realm) = inputs.opt_str(REALM_ID.key) {
        body.insert("realmId".into(), realm.into());
    }
    if body.is_empty() {
        return Err(Error::invalid(
            "id",
            "at least one attribute to change besides the ID",
        ));
    }
    // POST, not PUT: Okta's PUT replaces the whole profile and clears every attribute not sent.
    Ok(Output::raw(&client.post_raw(
        &user_path(inputs, "id")?,
        &Query::new(),
        &Value::Object(body),
    )?))
}

/// The profile from the explicit inputs, over "Profile Extra Attributes" (an explicit input wins).
fn profile(inputs: &Inputs) -> Result<Map<String, Value>> {
    let mut profile: Map<String, Value> = inputs
        .key_values(PROFILE_EXTRA_ATTRIBUTES.key)
        .into_iter()
        .collect();
    for field in PROFILE_FIELDS {
        if let Some(value) = inputs.opt_str(field.key) {
            profile.insert(field.key.to_string(), value.into());
        }
    }
    Ok(profile)
}

/// `credentials` from Password / Hash Password, Question / Answer and (on create) the provider inputs.
fn credentials(inputs: &Inputs, creating: bool) -> Result<Option<Value>> {
    let mut credentials = Map::new();
    if let Some(password) = password_credential(inputs, PASSWORD.key, HASH_PASSWORD.key)? {
        credentials.insert("password".into(), password);
    }
    match (inputs.opt_str(QUESTION.key), inputs.opt_str(ANSWER.key)) {
        (Some(question), Some(answer)) => {
            credentials.insert(
                "recovery_question".into(),
                json!({ "question": question, "answer": answer }),
            );
        }
        (Some(_), None) => {
            return Err(Error::invalid(
                ANSWER.key,
                "an answer to go with the recovery question",
            ));
        }
        (None, Some(_)) => {
            return Err(Error::invalid(
                QUESTION.key,
                "a recovery question to go with the answer",
            ));
        }
        (None, None) => {}
    }
    if creating && (inputs.has("providerType") || inputs.has("providerName")) {
        let mut provider = Map::new();
        if let Some(kind) = inputs.opt_str("providerType") {
            provider.insert("type".into(), kind.into());
        }
        if let Some(name) = inputs.opt_str("providerName") {
            provider.insert("name".into(), name.into());
        }
        credentials.insert("provider".into(), Value::Object(provider));
    }
    Ok((!credentials.is_empty()).then_some(Value::Object(credentials)))
}

/// `{value}` or `{hash}` from a plain and a hash input; both at once is ambiguous.
fn password_credential(inputs: &Inputs, plain: &str, hash: &str) -> Result<Option<Value>> {
    match (inputs.opt_str(plain), inputs.json(hash)) {
        (Some(_), Some(_)) => Err(Error::invalid(
            hash,
            format!("to be empty when `{plain}` is given (use one of them)"),
        )),
        (Some(value), None) => Ok(Some(json!({ "value": value }))),
        (None, Some(Value::Object(hash_object))) => Ok(Some(json!({ "hash": hash_object }))),
        (None, Some(_)) => Err(Error::invalid(
            hash,
            "a JSON object such as {\"algorithm\":\"BCRYPT\",\"value\":\"…\",…}",
        )),
        (None, None) => Ok(None),
    }
}

fn delete_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let user = client.get(&user_path(inputs, "id")?, &Query::new())?;
    let id = user_id_of(&user)?;
    let path = users().seg("id", &id)?;
    let query = common::query_from(inputs, &[("sendEmail", "sendEmail")]);
    // A DELETE on a user that is not DEPROVISIONED only deactivates it; the second one deletes.
    if user["status"] != "DEPROVISIONED" {
        client.delete(&path, &query)?;
    }
    match client.delete(&path, &query) {
        Ok(_) | Err(Error::NotFound(_)) => {
            Ok(Output::data(json!({ "id": id, "status": "DELETED" })))
        }
        Err(error) => Err(error),
    }
}

fn activate_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    lifecycle(client, inputs, "activate", &[("sendEmail", "sendEmail")])
}

fn deactivate_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    lifecycle(client, inputs, "deactivate", &[("sendEmail", "sendEmail")])
}

fn reactivate_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    lifecycle(client, inputs, "reactivate", &[("sendEmail", "sendEmail")])
}

fn suspend_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    lifecycle(client, inputs, "suspend", &[])
}

fn unsuspend_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    lifecycle(client, inputs, "unsuspend", &[])
}

fn unlock_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    lifecycle(client, inputs, "unlock", &[])
}

fn reset_user_password(client: &Client, inputs: &Inputs) -> Result<Output> {
    lifecycle(
        client,
        inputs,
        "reset_password",
        &[
            ("sendEmail", "sendEmail"),
            ("revokeSessions", "revokeSessions"),
        ],
    )
}

/// `POST /users/{id}/lifecycle/{operation}`, then the user's status read back. Okta answers `{}` or the
/// activation/reset URL; the output keeps whatever Okta returned and adds the real `id` and `status`.
fn lifecycle(
    client: &Client,
    inputs: &Inputs,
    operation: &'static str,
    params: &[(&str, &str)],
) -> Result<Output> {
    let path = user_path(inputs, "id")?.lit("lifecycle").lit(operation);
    let answer = client.post(&path, &common::query_from(inputs, params), None)?;
    let mut output = match answer {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    // The operation has happened: failing to read the new status must not make it look as if it had not.
    let user = match client.get(&user_path(inputs, "id")?, &Query::new()) {
        Ok(user) => user,
        Err(error) => {
            eprintln!(
                "okta: {operation} succeeded, but reading the user's new status failed: {error}"
            );
            output.insert("id".into(), inputs.str("id")?.into());
            return Ok(Output::data(Value::Object(output)));
        }
    };
    output.insert("id".into(), user["id"].clone());
    output.insert("status".into(), user["status"].clone());
    if let Some(next) = user.get("transitioningToStatus").filter(|v| !v.is_null()) {
        output.insert("transitioningToStatus".into(), next.clone());
    }
    Ok(Output::data(Value::Object(output)))
}

fn set_user_password(client: &Client, inputs: &Inputs) -> Result<Output> {
    let new = password_credential(inputs, "newPassword", "newHashPassword")?
        .ok_or_else(|| Error::invalid("newPassword", "a New Password or a New Hash Password"))?;
    let old = password_credential(inputs, "oldPassword", "oldHashPassword")?;
    let revoke = inputs.bool(REVOKE_SESSIONS.key)?;
    let id = resolve_user_id(client, inputs, USER_ID.key)?;
    let path = users().seg(USER_ID.key, &id)?;
    let credentials = match old {
        Some(old) => {
            let body = json!({ "oldPassword": old, "newPassword": new, "revokeSessions": revoke });
            client.post(
                &path.lit("credentials").lit("change_password"),
                &Query::new(),
                Some(&body),
            )?
        }
        None => {
            let user = client.post(
                &path,
                &Query::new(),
                Some(&json!({ "credentials": { "password": new } })),
            )?;
            if revoke {
                client.delete(
                    &users().seg(USER_ID.key, &id)?.lit("sessions"),
                    &Query::new(),
                )?;
            }
            user.get("credentials").cloned().unwrap_or(Value::Null)
        }
    };
    Ok(Output::data(credentials))
}

fn clear_user_sessions(client: &Client, inputs: &Inputs) -> Result<Output> {
    let id = resolve_user_id(client, inputs, USER_ID.key)?;
    let query = common::query_from(
        inputs,
        &[
            ("oauthTokens", "oauthTokens"),
            ("forgetDevices", "forgetDevices"),
        ],
    );
    client.delete(&users().seg(USER_ID.key, &id)?.lit("sessions"), &query)?;
    Ok(Output::data(
        json!({ "id": id, "status": "SESSIONS_CLEARED" }),
    ))
}

/// The `00u…` ID for an input that may hold a login: sessions, factors and change_password take IDs only.
pub(crate) fn resolve_user_id(client: &Client, inputs: &Inputs, input: &str) -> Result<String> {
    let value = inputs.str(input)?;
    if is_user_id(value) {
        return Ok(value.to_string());
    }
    user_id_of(&client.get(&users().seg(input, value)?, &Query::new())?)
}

/// Okta user IDs are 20 characters, `00u` then letters and digits.
fn is_user_id(value: &str) -> bool {
    value.len() == 20
        && value.starts_with("00u")
        && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn user_id_of(user: &Value) -> Result<String> {
    user["id"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::Transport("Okta's user object has no `id`".to_string()))
}

#[derive(Deserialize)]
struct UserEntry {
    id: String,
    profile: UserProfile,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserProfile {
    first_name: Option<String>,
    last_name: Option<String>,
    login: Option<String>,
}

/// "Ada Lovelace (ada@example.com)": the name an admin recognises and the login that tells namesakes apart.
fn select_user(client: &Client, _inputs: &Inputs) -> Result<Vec<PicklistItem>> {
    let mut query = Query::new();
    query.set("limit", "200");
    common::picklist(client, &users(), &query, |u: UserEntry| {
        let name = [u.profile.first_name, u.profile.last_name]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let label = match (name.is_empty(), u.profile.login) {
            (false, Some(login)) => format!("{name} ({login})"),
            (true, Some(login)) => login,
            (_, None) => name,
        };
        Some(PicklistItem { label, key: u.id })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_recognised_and_logins_are_not() {
        assert!(is_user_id("00u1abcd2EFGHijkL3m4"));
        assert!(!is_user_id("john.doe@example.com"));
        assert!(!is_user_id("00u1abcd2EFGHijkL3m/"));
    }

    fn parse(action: &str, pairs: &[(&str, &str)]) -> Inputs {
        let action = ACTIONS.iter().find(|a| a.key == action).unwrap();
        let raw: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Inputs::parse(action.inputs, &raw).unwrap()
    }

    #[test]
    fn explicit_profile_inputs_win_over_extra_attributes() {
        let inputs = parse(
            "updateUser",
            &[
                ("id", "x"),
                ("firstName", "Ann"),
                (
                    "profileExtraAttributes",
                    r#"{"firstName":"Bob","costCenter":42}"#,
                ),
            ],
        );
        let profile = profile(&inputs).unwrap();
        assert_eq!(profile["firstName"], "Ann");
        assert_eq!(profile["costCenter"], 42);
    }

    #[test]
    fn credentials_need_one_password_form_and_both_question_parts() {
        let both = parse(
            "updateUser",
            &[
                ("id", "x"),
                ("password", "p"),
                ("hashPassword", r#"{"algorithm":"MD5"}"#),
            ],
        );
        assert!(
            matches!(credentials(&both, false), Err(Error::InvalidInput { input, .. }) if input == "hashPassword")
        );
        let half = parse("updateUser", &[("id", "x"), ("question", "Why?")]);
        assert!(
            matches!(credentials(&half, false), Err(Error::InvalidInput { input, .. }) if input == "answer")
        );
        let hash = parse(
            "updateUser",
            &[
                ("id", "x"),
                ("hashPassword", r#"{"algorithm":"MD5","value":"v"}"#),
            ],
        );
        assert_eq!(
            credentials(&hash, false).unwrap().unwrap()["password"]["hash"]["algorithm"],
            "MD5"
        );
    }
}
