//! A user's enrolled factors (`/api/v1/users/{userId}/factors`) and the factor picklist.

use serde::Deserialize;
use serde_json::{Value, json};

use super::common::{self, USER_ID};
use super::users;
use crate::action::Action;
use crate::client::{Client, Path, Query};
use crate::data_source::{DataSource, PicklistItem};
use crate::error::Result;
use crate::input::{Input, Inputs};
use crate::output::Output;

pub const ACTIONS: &[Action] = &[
    Action {
        key: "listUserFactors",
        label: "List User Factors",
        description: "Lists all enrolled factors for the specified user that are included in the highest priority \
                      authenticator enrollment policy that applies to the user.",
        inputs: &[USER_ID],
        run: list_user_factors,
    },
    Action {
        key: "unenrollUserFactor",
        label: "Unenroll User Factor",
        description: "Unenrolls a specific factor for the specified user.",
        inputs: &[
            Input::string("factorId", "Factor ID")
                .required()
                .example("opf1abcd2EFGHijkL3m4")
                .data_source("selectUserFactor")
                .comments("ID of an existing user factor."),
            Input::boolean("removeRecoveryEnrollment", "Remove Recovery Enrollment").default("false").example("false").comments(
                "When true, removes the phone number as both a recovery method and a factor. This parameter is only used for the sms and call factors.",
            ),
            USER_ID,
        ],
        run: unenroll_user_factor,
    },
];

pub const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectUserFactor",
    label: "Select User Factor",
    description: "A picklist of a user's factors in your Okta Org.",
    inputs: &[USER_ID.comments("ID of an existing Okta user. A login is accepted too.")],
    run: select_user_factor,
}];

fn factors(client: &Client, inputs: &Inputs) -> Result<Path> {
    let user = users::resolve_user_id(client, inputs, USER_ID.key)?;
    Ok(Path::new("/api/v1/users")
        .seg(USER_ID.key, &user)?
        .lit("factors"))
}

fn list_user_factors(client: &Client, inputs: &Inputs) -> Result<Output> {
    Ok(Output::data(Value::Array(common::list_values(
        client,
        &factors(client, inputs)?,
        &Query::new(),
    )?)))
}

fn unenroll_user_factor(client: &Client, inputs: &Inputs) -> Result<Output> {
    let factor = inputs.str("factorId")?;
    let path = factors(client, inputs)?.seg("factorId", factor)?;
    client.delete(
        &path,
        &common::query_from(
            inputs,
            &[("removeRecoveryEnrollment", "removeRecoveryEnrollment")],
        ),
    )?;
    Ok(Output::data(
        json!({ "id": factor, "status": "UNENROLLED" }),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FactorEntry {
    id: String,
    factor_type: String,
    provider: Option<String>,
    #[serde(default)]
    profile: Value,
}

/// "sms (OKTA) +1 555…", "question (OKTA) What is…": the type and provider, and what tells two apart.
fn select_user_factor(client: &Client, inputs: &Inputs) -> Result<Vec<PicklistItem>> {
    common::picklist(
        client,
        &factors(client, inputs)?,
        &Query::new(),
        |f: FactorEntry| {
            let mut label = f.factor_type;
            if let Some(provider) = f.provider {
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
            .find_map(|k| f.profile.get(*k).and_then(Value::as_str));
            if let Some(detail) = detail {
                label = format!("{label} {detail}");
            }
            Some(PicklistItem { label, key: f.id })
        },
    )
}
