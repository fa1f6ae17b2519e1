//! Policies (`/api/v1/policies`). Okta requires the policy type, so `type` is a required input here.

use super::action::Seg::Fixed;
use super::action::{Action, Op};
use super::common::{AFTER, FETCH_ALL, POLICIES, limit};
use crate::input::Input;

const POLICY_TYPES: &[&str] = &[
    "OKTA_SIGN_ON",
    "PASSWORD",
    "MFA_ENROLL",
    "IDP_DISCOVERY",
    "ACCESS_POLICY",
    "PROFILE_ENROLLMENT",
    "POST_AUTH_SESSION",
    "ENTITY_RISK",
    "DEVICE_SIGNAL_COLLECTION",
    "SESSION_VIOLATION_DETECTION",
    "CLIENT_UPDATE",
    "IDENTITY_CLAIM_SOURCING",
];

pub(crate) const ACTIONS: &[Action] = &[Action {
    key: "listPolicies",
    label: "List Policies",
    description: "List policies of one type with optional search and filtering.",
    inputs: &[
        AFTER,
        Input::string("expand", "Expand")
            .query().example("rules").comments("`rules` embeds each policy's rules in `_embedded`."),
        FETCH_ALL,
        limit("Specifies the number of results returned per page."),
        Input::string("q", "q")
            .query().example("Default").comments("Finds policies whose name starts with this value."),
        Input::string("resourceId", "Resource ID")
            .query()
            .example("aus1abcd2EFGH3IJK4l5")
            .comments("Reference to the associated authorization server."),
        Input::string("sortBy", "Sort By")
            .query().allowed(&["name", "created"]).example("name").comments("Specifies field to sort by."),
        Input::string("status", "Status")
            .query()
            .allowed(&["ACTIVE", "INACTIVE"])
            .example("ACTIVE")
            .comments("Specifies the status of the policies to return."),
        Input::string("type", "Type")
            .query().required().allowed(POLICY_TYPES).example("OKTA_SIGN_ON").comments(
            "Specifies the type of policy to return (Okta requires it). ACCESS_POLICY, PROFILE_ENROLLMENT, POST_AUTH_SESSION, \
             ENTITY_RISK, DEVICE_SIGNAL_COLLECTION, SESSION_VIOLATION_DETECTION, CLIENT_UPDATE and IDENTITY_CLAIM_SOURCING \
             are available only with the Okta Identity Engine.",
        ),
    ],
    op: Op::list(&[Fixed(POLICIES)]),
}];
