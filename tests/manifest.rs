//! The manifest: the seed's keys and labels, exactly, for what is implemented.

use okta_harness::{ConnectionKind, InputType};

use crate::common::harness;

/// Action key, label, and the labels of its inputs, as the product page lists them.
const SEED_ACTIONS: &[(&str, &str, &[&str])] = &[
    (
        "activateUser",
        "Activate User",
        &["Connection", "ID", "Send Email"],
    ),
    (
        "clearUserSessions",
        "Clear User Sessions",
        &["Connection", "Forget Devices", "OAuth Tokens", "User ID"],
    ),
    (
        "createUser",
        "Create User",
        &[
            "Activate",
            "Answer",
            "Connection",
            "Department",
            "Email",
            "Employee Number",
            "First Name",
            "Group IDs",
            "Hash Password",
            "Last Name",
            "Locale",
            "Login",
            "Mobile Phone",
            "Next Login",
            "Password",
            "Profile Extra Attributes",
            "Provider",
            "Provider Name",
            "Provider Type",
            "Question",
            "Realm ID",
            "Type",
        ],
    ),
    (
        "deactivateUser",
        "Deactivate User",
        &["Connection", "ID", "Send Email"],
    ),
    (
        "deleteUser",
        "Delete User",
        &["Connection", "ID", "Send Email"],
    ),
    ("getUser", "Get User", &["Connection", "Expand", "ID"]),
    (
        "listUsers",
        "List Users",
        &[
            "After",
            "Connection",
            "Extra Parameters",
            "Fetch All",
            "Filter",
            "Limit",
            "q",
            "Search",
            "Sort By",
            "Sort Order",
        ],
    ),
    (
        "reactivateUser",
        "Reactivate User",
        &["Connection", "ID", "Send Email"],
    ),
    (
        "resetUserPassword",
        "Reset User Password",
        &["Connection", "ID", "Revoke Sessions", "Send Email"],
    ),
    (
        "setUserPassword",
        "Set User Password",
        &[
            "Connection",
            "New Hash Password",
            "New Password",
            "Old Hash Password",
            "Old Password",
            "Revoke Sessions",
            "User ID",
        ],
    ),
    ("suspendUser", "Suspend User", &["Connection", "ID"]),
    (
        "unlockUser",
        "Unlock User",
        &["Connection", "ID", "Send Email"],
    ),
    ("unsuspendUser", "Unsuspend User", &["Connection", "ID"]),
    (
        "updateUser",
        "Update User",
        &[
            "Answer",
            "Connection",
            "Department",
            "Email",
            "Employee Number",
            "First Name",
            "Hash Password",
            "ID",
            "Last Name",
            "Locale",
            "Login",
            "Mobile Phone",
            "Password",
            "Profile Extra Attributes",
            "Question",
            "Realm ID",
        ],
    ),
    (
        "activateEventHook",
        "Activate Event Hook",
        &["Connection", "Event Hook ID"],
    ),
    (
        "addUserToGroup",
        "Add User to Group",
        &["Connection", "Group ID", "User ID"],
    ),
    (
        "assignApplicationToUser",
        "Assign Application to User",
        &[
            "Application ID",
            "Connection",
            "Password",
            "Profile",
            "Scope",
            "User ID",
            "Username",
        ],
    ),
    (
        "createEventHook",
        "Create Event Hook",
        &[
            "Connection",
            "Do Not Activate on Create",
            "Event Hook Description",
            "Event Hook Filters",
            "Event Hook Items",
            "Dynamic Event Hook Items",
            "Event Hook Name",
            "Event Hook URL",
            "Event Hook URL Headers",
        ],
    ),
    (
        "createGroup",
        "Create Group",
        &["Connection", "Group Description", "Group Name"],
    ),
    (
        "deactivateEventHook",
        "Deactivate Event Hook",
        &["Connection", "Event Hook ID"],
    ),
    (
        "deleteAllEventHooks",
        "Delete All Event Hooks",
        &["Connection", "Event Hook URL"],
    ),
    (
        "deleteEventHook",
        "Delete Event Hook",
        &["Connection", "Event Hook ID"],
    ),
    ("deleteGroup", "Delete Group", &["Connection", "Group ID"]),
    (
        "getApplication",
        "Get Application",
        &["Application ID", "Connection", "Expand"],
    ),
    (
        "getApplicationUserAssignment",
        "Get Application User Assignment",
        &["Application ID", "Connection", "Expand", "User ID"],
    ),
    (
        "getEventHook",
        "Get Event Hook",
        &["Connection", "Event Hook ID"],
    ),
    ("getGroup", "Get Group", &["Connection", "Group ID"]),
    (
        "getSystemLogs",
        "Get System Logs",
        &[
            "After",
            "Connection",
            "Fetch All",
            "Filter",
            "Limit",
            "q",
            "Since",
            "Sort Order",
            "Until",
        ],
    ),
    (
        "listApplications",
        "List Applications",
        &[
            "After",
            "Connection",
            "Expand",
            "Fetch All",
            "Filter",
            "Include Non-Deleted",
            "Limit",
            "q",
            "Use Optimization",
        ],
    ),
    ("listEventHooks", "List Event Hooks", &["Connection"]),
    (
        "listGroupMembers",
        "List Group Members",
        &["After", "Connection", "Fetch All", "Group ID", "Limit"],
    ),
    (
        "listGroups",
        "List Groups",
        &[
            "After",
            "Connection",
            "Extra Parameters",
            "Fetch All",
            "Filter",
            "Limit",
            "q",
            "Search",
            "Sort By",
            "Sort Order",
        ],
    ),
    (
        "listPolicies",
        "List Policies",
        &[
            "After",
            "Connection",
            "Expand",
            "Fetch All",
            "Limit",
            "q",
            "Resource ID",
            "Sort By",
            "Status",
            "Type",
        ],
    ),
    (
        "listRealms",
        "List Realms",
        &[
            "After",
            "Connection",
            "Fetch All",
            "Limit",
            "Search",
            "Sort By",
            "Sort Order",
        ],
    ),
    (
        "listUserApplications",
        "List User Applications",
        &["Connection", "ID"],
    ),
    (
        "listUserFactors",
        "List User Factors",
        &["Connection", "User ID"],
    ),
    ("listUserGroups", "List User Groups", &["Connection", "ID"]),
    ("listUserTypes", "List User Types", &["Connection"]),
    (
        "rawRequest",
        "Raw Request",
        &[
            "Connection",
            "Data",
            "File Data",
            "File Data File Names",
            "Form Data",
            "Header",
            "Max Retry Count",
            "Method",
            "Query Parameter",
            "Response Type",
            "Retry On All Errors",
            "Retry Delay (ms)",
            "Timeout",
            "URL",
            "Use Exponential Backoff",
        ],
    ),
    (
        "removeApplicationUserAssignment",
        "Remove Application User Assignment",
        &["Application ID", "Connection", "Send Email", "User ID"],
    ),
    (
        "removeUserFromGroup",
        "Remove User from Group",
        &["Connection", "Group ID", "User ID"],
    ),
    (
        "unenrollUserFactor",
        "Unenroll User Factor",
        &[
            "Connection",
            "Factor ID",
            "Remove Recovery Enrollment",
            "User ID",
        ],
    ),
    (
        "updateApplicationUserAssignment",
        "Update Application User Assignment",
        &[
            "Application ID",
            "Connection",
            "Password",
            "Profile",
            "User ID",
            "Username",
        ],
    ),
    (
        "updateGroup",
        "Update Group",
        &["Connection", "Group Description", "Group ID", "Group Name"],
    ),
    (
        "verifyEventHook",
        "Verify Event Hook",
        &["Connection", "Event Hook ID"],
    ),
];

/// Data source key, label and input labels, as the product page lists them.
const SEED_DATA_SOURCES: &[(&str, &str, &[&str])] = &[
    ("selectApplication", "Select Application", &["Connection"]),
    ("selectEventHook", "Select Event Hook", &["Connection"]),
    ("selectGroup", "Select Group", &["Connection"]),
    ("selectRealm", "Select Realm", &["Connection"]),
    ("selectUser", "Select User", &["Connection"]),
    (
        "selectUserFactor",
        "Select User Factor",
        &["Connection", "User ID"],
    ),
    ("selectUserType", "Select User Type", &["Connection"]),
];

fn sorted<'a>(labels: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut labels: Vec<&str> = labels.collect();
    labels.sort_by_key(|l| l.to_lowercase());
    labels
}

#[tokio::test]
async fn the_data_sources_have_the_seeds_keys_and_labels() {
    let manifest = harness().manifest().await.unwrap();
    assert_eq!(manifest.data_sources.len(), SEED_DATA_SOURCES.len());
    for (key, label, inputs) in SEED_DATA_SOURCES {
        let source = manifest
            .data_source(key)
            .unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(source.label, *label);
        assert_eq!(
            sorted(source.inputs.iter().map(|i| i.label.as_str())),
            sorted(inputs.iter().copied()),
            "{key}"
        );
    }
}

#[tokio::test]
async fn the_manifest_has_the_seeds_keys_and_labels() {
    let manifest = harness().manifest().await.unwrap();
    assert_eq!(manifest.key, "okta-management-api");
    assert_eq!(manifest.actions.len(), SEED_ACTIONS.len());
    for (key, label, inputs) in SEED_ACTIONS {
        let action = manifest
            .action(key)
            .unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(action.label, *label);
        let mut labels: Vec<&str> = action.inputs.iter().map(|i| i.label.as_str()).collect();
        labels.sort_by_key(|l| l.to_lowercase());
        let mut want = inputs.to_vec();
        want.sort_by_key(|l| l.to_lowercase());
        assert_eq!(labels, want, "{key}");
    }
}

#[tokio::test]
async fn the_api_token_connection_has_the_seeds_labels() {
    let manifest = harness().manifest().await.unwrap();
    let connection = manifest
        .connection("apiToken")
        .expect("apiToken connection");
    assert_eq!(connection.label, "API Token");
    let labels: Vec<(&str, &str, bool)> = connection
        .inputs
        .iter()
        .map(|i| (i.key.as_str(), i.label.as_str(), i.required))
        .collect();
    assert_eq!(
        labels,
        [
            ("apiToken", "API Token", true),
            ("oktaDomain", "Okta Domain", true)
        ]
    );
    assert_eq!(connection.inputs[0].input_type, InputType::Password);
}

/// A platform picks the authorization flow from the typed kind, never from keys or input names.
#[tokio::test]
async fn every_connection_says_how_it_authenticates() {
    let manifest = harness().manifest().await.unwrap();
    let kinds: Vec<(&str, ConnectionKind)> = manifest
        .connections
        .iter()
        .map(|c| (c.key.as_str(), c.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("apiToken", ConnectionKind::ApiToken),
            (
                "oauth2ClientCredentials",
                ConnectionKind::OauthClientCredentials
            ),
            (
                "oauth2AuthorizationCode",
                ConnectionKind::OauthAuthorizationCode
            ),
        ]
    );
}

#[tokio::test]
async fn every_input_is_documented_and_typed() {
    let manifest = harness().manifest().await.unwrap();
    for action in &manifest.actions {
        assert!(!action.description.is_empty(), "{}", action.key);
        for input in action
            .inputs
            .iter()
            .filter(|i| i.input_type != InputType::Connection)
        {
            assert!(
                input.comments.as_deref().is_some_and(|c| !c.is_empty()),
                "{}.{}",
                action.key,
                input.key
            );
            assert_eq!(
                input.input_type == InputType::Picklist,
                !input.allowed_values.is_empty(),
                "{}.{}",
                action.key,
                input.key
            );
        }
    }
    for input in manifest.actions.iter().flat_map(|a| &a.inputs) {
        if let Some(source) = &input.data_source {
            assert!(
                manifest.data_source(source).is_some(),
                "{} names a missing data source {source}",
                input.key
            );
        }
    }
}

#[tokio::test]
async fn the_oauth_connections_have_the_seeds_labels_plus_key_id_and_dpop() {
    let manifest = harness().manifest().await.unwrap();
    let labels = |key: &str| {
        let connection = manifest
            .connection(key)
            .unwrap_or_else(|| panic!("{key} missing"));
        (
            connection.label.clone(),
            sorted(connection.inputs.iter().map(|i| i.label.as_str())),
        )
    };
    assert_eq!(
        labels("oauth2ClientCredentials"),
        (
            "OAuth 2.0 Client Credentials".to_string(),
            sorted(
                [
                    "Client ID",
                    "DPoP",
                    "Key ID",
                    "Okta Domain",
                    "Private Key (PEM format)",
                    "Scopes"
                ]
                .into_iter()
            )
        )
    );
    assert_eq!(
        labels("oauth2AuthorizationCode"),
        (
            "OAuth 2.0 Authorization Code".to_string(),
            sorted(
                [
                    "Authorize URL",
                    "Client ID",
                    "Client secret value",
                    "DPoP",
                    "Okta Domain",
                    "Scopes",
                    "Token URL"
                ]
                .into_iter()
            )
        )
    );
    let dpop = manifest
        .connection("oauth2ClientCredentials")
        .unwrap()
        .inputs
        .iter()
        .find(|i| i.key == "dpop")
        .unwrap();
    assert_eq!(dpop.allowed_values, ["automatic", "on", "off"]);
    assert_eq!(dpop.default.as_deref(), Some("automatic"));
}
