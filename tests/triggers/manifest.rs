//! The triggers in the manifest: the seed's keys, labels and input labels, exactly.

use okta_harness::{InputType, TriggerKind};

use crate::common::harness;

/// Key, label, kind and input labels (sorted), as the product page lists them.
const SEED_TRIGGERS: &[(&str, &str, TriggerKind, &[&str])] = &[
    (
        "eventHook",
        "Event Hook",
        TriggerKind::Webhook,
        &[
            "Connection",
            "Dynamic Event Hook Items",
            "Event Hook Filters",
            "Event Hook Items",
            "Event Hook URL Headers",
        ],
    ),
    (
        "newSystemLogsPollingTrigger",
        "New System Logs",
        TriggerKind::Polling,
        &["Connection", "Filter"],
    ),
    (
        "newUsersPollingTrigger",
        "New Users",
        TriggerKind::Polling,
        &["Connection"],
    ),
    (
        "updatedUsersPollingTrigger",
        "Updated Users",
        TriggerKind::Polling,
        &["Connection"],
    ),
];

#[tokio::test]
async fn the_four_triggers_have_the_seeds_keys_labels_and_inputs() {
    let manifest = harness().manifest().await.unwrap();
    assert_eq!(manifest.triggers.len(), SEED_TRIGGERS.len());
    for (key, label, kind, inputs) in SEED_TRIGGERS {
        let trigger = manifest
            .trigger(key)
            .unwrap_or_else(|| panic!("no trigger {key}"));
        assert_eq!(trigger.label, *label);
        assert_eq!(trigger.kind, *kind, "{key}");
        assert!(
            !trigger.description.is_empty() && !trigger.help.is_empty(),
            "{key}"
        );
        let mut labels: Vec<&str> = trigger.inputs.iter().map(|i| i.label.as_str()).collect();
        labels.sort_unstable();
        assert_eq!(labels, *inputs, "{key}");
        assert_eq!(trigger.inputs[0].input_type, InputType::Connection);
        for input in trigger.inputs.iter().skip(1) {
            assert!(
                input.example.is_some() && input.comments.is_some(),
                "{key}.{}",
                input.key
            );
        }
    }
}

#[tokio::test]
async fn the_examples_are_valid_inputs() {
    let manifest = harness().manifest().await.unwrap();
    let logs = manifest.trigger("newSystemLogsPollingTrigger").unwrap();
    // The product page's `lastUpdated gt …` is not a valid System Log filter (LogEvent has no lastUpdated).
    assert_eq!(
        logs.inputs[1].example.as_deref(),
        Some(r#"eventType eq "user.session.start""#)
    );
    let hook = manifest.trigger("eventHook").unwrap();
    let example = |label: &str| {
        let input = hook.inputs.iter().find(|i| i.label == label).unwrap();
        serde_json::from_str::<serde_json::Value>(input.example.as_deref().unwrap()).unwrap()
    };
    assert!(example("Event Hook Items").is_array());
    assert!(example("Dynamic Event Hook Items").is_array());
    assert_eq!(
        example("Event Hook URL Headers")["X-Custom-Header"],
        "value"
    );
    assert!(example("Event Hook Filters").is_array());
}
