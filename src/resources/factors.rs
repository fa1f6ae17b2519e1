//! A user's enrolled factors (`/api/v1/users/{userId}/factors`) and the factor picklist.

use serde_json::Value;

use super::action::Seg::{Fixed, Id, UserId};
use super::action::{Action, Op, Reply};
use super::common::{USER_ID, USERS};
use super::data_source::{DataSource, Label, Picklist};
use crate::client::Method;
use crate::input::Input;

const FACTOR_ID: Input = Input::string("factorId", "Factor ID")
    .required()
    .example("opf1abcd2EFGHijkL3m4")
    .data_source("selectUserFactor")
    .comments("ID of an existing user factor.");

pub(crate) const ACTIONS: &[Action] = &[
    Action {
        key: "listUserFactors",
        label: "List User Factors",
        description: "Lists all enrolled factors for the specified user that are included in the highest priority \
                      authenticator enrollment policy that applies to the user.",
        inputs: &[USER_ID],
        op: Op::list_all(&[Fixed(USERS), UserId(USER_ID.key), Fixed("factors")]),
    },
    Action {
        key: "unenrollUserFactor",
        label: "Unenroll User Factor",
        description: "Unenrolls a specific factor for the specified user.",
        inputs: &[
            FACTOR_ID,
            Input::boolean("removeRecoveryEnrollment", "Remove Recovery Enrollment").default("false").example("false").query().comments(
                "When true, removes the phone number as both a recovery method and a factor. This parameter is only used for the sms and call factors.",
            ),
            USER_ID,
        ],
        op: Op::call(
            Method::Delete,
            &[Fixed(USERS), UserId(USER_ID.key), Fixed("factors"), Id(FACTOR_ID.key)],
            Reply::Status { id: FACTOR_ID.key, status: "UNENROLLED" },
        ),
    },
];

pub(crate) const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectUserFactor",
    label: "Select User Factor",
    description: "A picklist of a user's factors in your Okta Org.",
    inputs: &[USER_ID.comments("ID of an existing Okta user. A login is accepted too.")],
    list: Picklist {
        path: &[Fixed(USERS), UserId(USER_ID.key), Fixed("factors")],
        paged: false,
        label: Label::Made(factor_label),
        key: "/id",
    },
}];

/// "sms (OKTA) +1 555…", "question (OKTA) What is…": the type and provider, and what tells two apart.
fn factor_label(factor: &Value) -> Option<String> {
    let mut label = factor.get("factorType")?.as_str()?.to_string();
    if let Some(provider) = factor.get("provider").and_then(Value::as_str) {
        label = format!("{label} ({provider})");
    }
    let detail = [
        "phoneNumber",
        "email",
        "questionText",
        "credentialId",
        "name",
    ]
    .iter()
    .find_map(|k| factor.get("profile")?.get(*k)?.as_str());
    if let Some(detail) = detail {
        label = format!("{label} {detail}");
    }
    Some(label)
}
