//! The manifest: the seed's keys and labels, exactly, for what is implemented.

use okta_harness::InputType;

use crate::common::harness;

/// Action key, label, and the labels of its inputs, as the product page (`shared/seed`) lists them.
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
];

#[tokio::test]
async fn the_manifest_has_the_seeds_keys_and_labels() {
    let manifest = harness().manifest().await.unwrap();
    assert_eq!(manifest.key, "okta-management-api");
    assert_eq!(manifest.version, "0.1.0");
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
    assert!(
        manifest.data_sources.is_empty() && manifest.triggers.is_empty(),
        "lists only what is implemented"
    );
}
