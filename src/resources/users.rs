//! Users (`/api/v1/users`): the user actions and the user picklist.
//!
//! Where the product page and Okta disagree, Okta wins: a partial update is a POST (Okta's PUT replaces the
//! whole profile); a delete deactivates first (Okta's first DELETE only deactivates); lifecycle calls answer
//! `{}` or an activation link, so their outputs add the user's `id` and `status` read back from Okta; and
//! `sendEmail` means what Okta says it means for each operation.

use serde_json::{Map, Value, json};

use super::action::Seg::{Fixed, Id, UserId};
use super::action::{Action, Op, Reply, resolve_user_id, user_id_of};
use super::common::{self, AFTER, EXTRA_PARAMETERS, FETCH_ALL, USER_ID, USER_REF, USERS};
use super::data_source::{DataSource, Label, Picklist};
use crate::client::{Client, Method, Path, Query};
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
    .comments("The user's first name.")
    .body_at("profile.firstName");
const LAST_NAME: Input = Input::string("lastName", "Last Name")
    .example("Doe")
    .comments("The user's last name.")
    .body_at("profile.lastName");
const EMAIL: Input = Input::string("email", "Email")
    .example("john.doe@example.com")
    .comments("The user's email address.")
    .body_at("profile.email");
const LOGIN: Input = Input::string("login", "Login")
    .example("john.doe@example.com")
    .comments("The unique identifier for the user (username). Okta expects an email-like login unless the org allows otherwise.")
    .body_at("profile.login");
const MOBILE_PHONE: Input = Input::string("mobilePhone", "Mobile Phone")
    .example("15551234567")
    .comments("The user's mobile phone number.")
    .body_at("profile.mobilePhone");
const DEPARTMENT: Input = Input::string("department", "Department")
    .example("Engineering")
    .comments("The user's department.")
    .body_at("profile.department");
const EMPLOYEE_NUMBER: Input = Input::string("employeeNumber", "Employee Number")
    .example("12345")
    .comments("The user's employee number.")
    .body_at("profile.employeeNumber");
const LOCALE: Input = Input::string("locale", "Locale").example("en_US").comments(
    "The user's default location for purposes of localizing items such as currency, date time format, numerical \
     representations, and so on. A locale value is a concatenation of the ISO 639-1 two-letter language code, an \
     underscore, and the ISO 3166-1 two-letter country code.",
)
    .body_at("profile.locale");
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
    .comments("The ID of the realm to which the user belongs (realm IDs start with `guo`).")
    .body_at("realmId");
const PROFILE_EXTRA_ATTRIBUTES: Input = Input::new("profileExtraAttributes", "Profile Extra Attributes", InputType::KeyValueList)
    .example(r#"[{"key":"title","value":"Engineer"},{"key":"costCenter","value":"R&D"}]"#)
    .comments("List of additional profile attributes to include in the request. This can be used to include attributes that are not explicitly supported by this component (custom attributes included). See Okta's API documentation for a list of supported attributes. The explicit inputs above take precedence.");

// ---------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------

pub(crate) const ACTIONS: &[Action] = &[
    Action {
        key: "getUser",
        label: "Get User",
        description: "Retrieve a user by ID or login.",
        inputs: &[
            USER_REF,
            Input::string("expand", "Expand").allowed(&["blocks", "classification"]).example("blocks").query().comments(
                "Embeds more data in `_embedded`: `blocks` (the user's access blocks) or `classification` (Early Access). \
                 The user's credentials object is always returned.",
            ),
        ],
        op: Op::get(&[Fixed(USERS), Id(USER_REF.key)]),
    },
    Action {
        key: "listUsers",
        label: "List Users",
        description: "List users with optional search and filtering.",
        inputs: &[
            AFTER,
            EXTRA_PARAMETERS,
            FETCH_ALL,
            Input::string("filter", "Filter").query().example(r#"lastUpdated gt "2013-06-01T00:00:00.000Z""#).comments(
                "A filter expression on status, lastUpdated, id, profile.login, profile.email, profile.firstName or \
                 profile.lastName (eq; lastUpdated also gt, ge, lt, le), joined with and/or.",
            ),
            common::limit("Specifies the number of results returned per page. Okta's default is 200 (10 with q)."),
            Input::string("q", "q").query().example("Okta").comments(
                "Finds users whose first name, last name or email starts with this value. Okta returns at most \
                 `limit` (default 10) matches with no further pages, and omits deactivated users.",
            ),
            Input::string("search", "Search").query().example(r#"profile.firstName eq "John""#).comments(
                "A search expression on any profile attribute and on id, status, created, activated, statusChanged, \
                 lastUpdated or type.id (eq, sw, co, gt, ge, lt, le, pr; and/or). Includes deactivated users.",
            ),
            Input::string("sortBy", "Sort By").query().example("profile.lastName").comments(
                "Specifies field to sort by (for search queries only). This can be any single property, for example \
                 profile.lastName. Users with the same value for the sortBy property will be ordered by id.",
            ),
            Input::string("sortOrder", "Sort Order").query().allowed(&["asc", "desc"]).example("asc").comments(
                "Specifies the sort order: asc or desc (for search queries only). Sorting is done in ASCII sort order \
                 (that is, by ASCII character value), but isn't case sensitive. sortOrder is ignored if sortBy isn't present.",
            ),
        ],
        op: Op::list(&[Fixed(USERS)]),
    },
    Action {
        key: "createUser",
        label: "Create User",
        description: "Create a new user.",
        inputs: &[
            Input::boolean("activate", "Activate").default("true").query().example("true").comments(
                "When true, executes an activation lifecycle operation when creating the user: with a password the \
                 user becomes ACTIVE, without one Okta emails an activation link (PROVISIONED). When false the user is STAGED.",
            ),
            ANSWER,
            DEPARTMENT,
            EMAIL.required(),
            EMPLOYEE_NUMBER,
            FIRST_NAME.required(),
            Input::new("groupIds", "Group IDs", InputType::StringList)
                .body_at("groupIds")
                .example(r#"["00g1abcd2EFGHijkL3m4"]"#)
                .comments("List of group IDs to assign the user to."),
            HASH_PASSWORD,
            LAST_NAME.required(),
            LOCALE,
            LOGIN.required(),
            MOBILE_PHONE,
            Input::string("nextLogin", "Next Login").allowed(&["changePassword"]).query().example("changePassword").comments(
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
            Input::string("type", "Type").example("oty1162QAr8hJjTaq0g4").body_at("type.id").comments(
                "The ID of the user's type (user type IDs start with `oty`); Okta's default type when empty.",
            ),
        ],
        op: Op::Custom(create_user),
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
            USER_REF,
            LAST_NAME,
            LOCALE,
            LOGIN,
            MOBILE_PHONE,
            PASSWORD.comments("A new password for the user, set by the admin (no email is sent)."),
            PROFILE_EXTRA_ATTRIBUTES,
            QUESTION,
            REALM_ID,
        ],
        op: Op::Custom(update_user),
    },
    Action {
        key: "deleteUser",
        label: "Delete User",
        description: "Delete a user by ID or login. A user that is not deactivated yet is deactivated first.",
        inputs: &[USER_REF, send_email("When true, sends a deactivation email to the admin.", "false").query()],
        op: Op::Custom(delete_user),
    },
    Action {
        key: "activateUser",
        label: "Activate User",
        description: "Activate a user by ID or login.",
        inputs: &[
            USER_REF,
            send_email(
                "When true, Okta emails the user an activation link. When false, the output holds the activation URL and token instead.",
                "true",
            ).query(),
        ],
        op: Op::call(
            Method::Post,
            &[Fixed(USERS), Id(USER_REF.key), Fixed("lifecycle"), Fixed("activate")],
            Reply::ReadBack,
        ),
    },
    Action {
        key: "deactivateUser",
        label: "Deactivate User",
        description: "Deactivate a user by ID or login.",
        inputs: &[USER_REF, send_email("When true, sends a deactivation email to the admin.", "false").query()],
        op: Op::call(
            Method::Post,
            &[Fixed(USERS), Id(USER_REF.key), Fixed("lifecycle"), Fixed("deactivate")],
            Reply::ReadBack,
        ),
    },
    Action {
        key: "reactivateUser",
        label: "Reactivate User",
        description: "Reactivate a user by ID or login (a user in PROVISIONED status whose activation is pending).",
        inputs: &[
            USER_REF,
            send_email(
                "When true, Okta emails the user a new activation link. When false, the output holds the activation URL and token instead.",
                "false",
            ).query(),
        ],
        op: Op::call(
            Method::Post,
            &[Fixed(USERS), Id(USER_REF.key), Fixed("lifecycle"), Fixed("reactivate")],
            Reply::ReadBack,
        ),
    },
    Action {
        key: "suspendUser",
        label: "Suspend User",
        description: "Suspend a user by ID or login.",
        inputs: &[USER_REF],
        op: Op::call(
            Method::Post,
            &[Fixed(USERS), Id(USER_REF.key), Fixed("lifecycle"), Fixed("suspend")],
            Reply::ReadBack,
        ),
    },
    Action {
        key: "unsuspendUser",
        label: "Unsuspend User",
        description: "Unsuspend a user by ID or login.",
        inputs: &[USER_REF],
        op: Op::call(
            Method::Post,
            &[Fixed(USERS), Id(USER_REF.key), Fixed("lifecycle"), Fixed("unsuspend")],
            Reply::ReadBack,
        ),
    },
    Action {
        key: "unlockUser",
        label: "Unlock User",
        description: "Unlock a user by ID or login.",
        inputs: &[
            USER_REF,
            send_email("Okta's unlock operation sends no email; this input is accepted for compatibility and has no effect.", "false"),
        ],
        op: Op::call(
            Method::Post,
            &[Fixed(USERS), Id(USER_REF.key), Fixed("lifecycle"), Fixed("unlock")],
            Reply::ReadBack,
        ),
    },
    Action {
        key: "resetUserPassword",
        label: "Reset User Password",
        description: "Reset a user's password by ID or login.",
        inputs: &[
            USER_REF,
            REVOKE_SESSIONS.query(),
            send_email(
                "When true, Okta emails the user a password reset link. When false, the output holds the reset URL instead.",
                "true",
            ).query(),
        ],
        op: Op::call(
            Method::Post,
            &[Fixed(USERS), Id(USER_REF.key), Fixed("lifecycle"), Fixed("reset_password")],
            Reply::ReadBack,
        ),
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
        op: Op::Custom(set_user_password),
    },
    Action {
        key: "clearUserSessions",
        label: "Clear User Sessions",
        description: "Clears all active sessions for a user, forcing re-authentication on next access.",
        inputs: &[
            Input::boolean("forgetDevices", "Forget Devices").example("false").query().comments(
                "Clears the user's remembered factors for all devices. When empty, Okta's default applies (true on Identity Engine orgs).",
            ),
            Input::boolean("oauthTokens", "OAuth Tokens")
                .default("false")
                .query()
                .example("false")
                .comments("Revokes issued OpenID Connect and OAuth refresh and access tokens."),
            USER_ID.example("00ub0oNGTSWTBKOLGLNR"),
        ],
        op: Op::call(
            Method::Delete,
            &[Fixed(USERS), UserId(USER_ID.key), Fixed("sessions")],
            Reply::Status { id: USER_ID.key, status: "SESSIONS_CLEARED" },
        ),
    },
];

pub(crate) const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectUser",
    label: "Select User",
    description: "A picklist of users in your Okta Org (deactivated users excluded), labelled by name and login.",
    inputs: &[],
    list: Picklist {
        path: &[Fixed(USERS)],
        paged: true,
        label: Label::Made(user_label),
        key: "/id",
    },
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

fn create_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let activate = inputs.bool("activate")?;
    let has_password = inputs.has(PASSWORD.key) || inputs.has(HASH_PASSWORD.key);
    if inputs.has("nextLogin") && !(activate && has_password) {
        return Err(Error::invalid(
            "nextLogin",
            "to be empty unless Activate is true and a Password or Hash Password is given",
        ));
    }
    let body = user_body(inputs, true)?;
    let mut query = common::query(inputs);
    // Sent only when true, as Okta's own clients do.
    if inputs.bool("provider")? {
        query.set("provider", "true");
    }
    Ok(Output::raw(&client.post_raw(
        &Path::new(USERS),
        &query,
        &Value::Object(body),
    )?))
}

fn update_user(client: &Client, inputs: &Inputs) -> Result<Output> {
    let body = user_body(inputs, false)?;
    if body.is_empty() {
        return Err(Error::invalid(
            USER_REF.key,
            "at least one attribute to change besides the ID",
        ));
    }
    // POST, not PUT: Okta's PUT replaces the whole profile and clears every attribute not sent.
    Ok(Output::raw(&client.post_raw(
        &user_path(inputs)?,
        &Query::new(),
        &Value::Object(body),
    )?))
}

fn user_path(inputs: &Inputs) -> Result<Path> {
    Path::new(USERS).seg(USER_REF.key, inputs.str(USER_REF.key)?)
}

/// A create or update body: the inputs that go in as they are (`profile.*`, `realmId`, `groupIds`, `type.id`),
/// the profile merged over "Profile Extra Attributes", and the credentials. A create always has a profile.
fn user_body(inputs: &Inputs, creating: bool) -> Result<Map<String, Value>> {
    let mut body = inputs.body();
    let profile = profile(inputs, body.remove("profile"));
    if creating || !profile.is_empty() {
        body.insert("profile".into(), Value::Object(profile));
    }
    if let Some(credentials) = credentials(inputs, creating)? {
        body.insert("credentials".into(), credentials);
    }
    Ok(body)
}

/// The profile from the explicit inputs (`given`), over "Profile Extra Attributes" (an explicit input wins).
fn profile(inputs: &Inputs, given: Option<Value>) -> Map<String, Value> {
    let mut profile: Map<String, Value> = inputs
        .key_values(PROFILE_EXTRA_ATTRIBUTES.key)
        .into_iter()
        .collect();
    if let Some(Value::Object(given)) = given {
        profile.extend(given);
    }
    profile
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
    let user = client.get(&user_path(inputs)?, &Query::new())?;
    let id = user_id_of(&user)?;
    let path = Path::new(USERS).seg(USER_REF.key, &id)?;
    let query = common::query(inputs);
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

fn set_user_password(client: &Client, inputs: &Inputs) -> Result<Output> {
    let new = password_credential(inputs, "newPassword", "newHashPassword")?
        .ok_or_else(|| Error::invalid("newPassword", "a New Password or a New Hash Password"))?;
    let old = password_credential(inputs, "oldPassword", "oldHashPassword")?;
    let revoke = inputs.bool(REVOKE_SESSIONS.key)?;
    let id = resolve_user_id(client, inputs, USER_ID.key)?;
    let path = Path::new(USERS).seg(USER_ID.key, &id)?;
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
                client.delete(&path.lit("sessions"), &Query::new())?;
            }
            user.get("credentials").cloned().unwrap_or(Value::Null)
        }
    };
    Ok(Output::data(credentials))
}

/// "Ada Lovelace (ada@example.com)": the name an admin recognises and the login that tells namesakes apart.
fn user_label(user: &Value) -> Option<String> {
    let text = |pointer: &str| user.pointer(pointer).and_then(Value::as_str);
    let name = [text("/profile/firstName"), text("/profile/lastName")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    match (name.is_empty(), text("/profile/login")) {
        (false, Some(login)) => Some(format!("{name} ({login})")),
        (true, Some(login)) => Some(login.to_string()),
        (false, None) => Some(name),
        (true, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let profile = user_body(&inputs, false).unwrap()["profile"].clone();
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
