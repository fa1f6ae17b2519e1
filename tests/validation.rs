//! Input validation, table-driven over the manifest: every action rejects bad inputs with an error that names
//! the input, before sending anything to Okta.

use okta_harness::{ErrorKind, InputType};

use crate::common::{TestOrg, harness, invalid_input};

#[tokio::test]
async fn missing_required_inputs_are_named() {
    let t = TestOrg::new();
    let manifest = harness().manifest().await.unwrap();
    for action in &manifest.actions {
        let required: Vec<&str> = action
            .inputs
            .iter()
            .filter(|i| i.required && i.input_type != InputType::Connection)
            .map(|i| i.key.as_str())
            .collect();
        if required.is_empty() {
            continue;
        }
        let error = t.err(&action.key, &[]).await;
        assert!(
            required.contains(&invalid_input(&error)),
            "{}: {error}",
            action.key
        );
    }
    assert!(t.org.requests().is_empty(), "validation sent requests");
}

#[tokio::test]
async fn wrong_types_are_named() {
    let t = TestOrg::new();
    let manifest = harness().manifest().await.unwrap();
    let mut checked = 0;
    for action in &manifest.actions {
        // Fill the required inputs with plausible text, then break one typed input at a time.
        let base: Vec<(String, String)> = action
            .inputs
            .iter()
            .filter(|i| i.required && i.input_type != InputType::Connection)
            .map(|i| {
                (
                    i.key.clone(),
                    i.allowed_values
                        .first()
                        .cloned()
                        .unwrap_or_else(|| "someone@example.com".to_string()),
                )
            })
            .collect();
        for input in &action.inputs {
            let bad = match input.input_type {
                InputType::Boolean => "maybe",
                InputType::Integer => "ten",
                InputType::StringList => "{not a list",
                InputType::KeyValueList => "[1, 2]",
                InputType::Json => "{\"unterminated\": ",
                InputType::Picklist => "not-one-of-them",
                _ => continue,
            };
            let mut inputs: Vec<(&str, &str)> = base
                .iter()
                .filter(|(k, _)| k != &input.key)
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            inputs.push((input.key.as_str(), bad));
            let error = t.err(&action.key, &inputs).await;
            assert_eq!(
                invalid_input(&error),
                input.key,
                "{}.{} = {bad:?}: {error}",
                action.key,
                input.key
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} typed inputs checked");
    assert!(t.org.requests().is_empty(), "validation sent requests");
}

#[tokio::test]
async fn unknown_inputs_and_actions_are_rejected() {
    let t = TestOrg::new();
    let error = t.err("getUser", &[("id", "me"), ("idd", "typo")]).await;
    assert_eq!(invalid_input(&error), "idd");
    let error = t.err("getUsers", &[]).await;
    assert_eq!(invalid_input(&error), "action");
    let error = t.err("listUsers", &[("limit", "0")]).await;
    assert_eq!(invalid_input(&error), "limit");
    assert!(matches!(error.kind, ErrorKind::InvalidInput { .. }) && !error.retryable);
}
