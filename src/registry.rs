//! Every action the component offers, looked up by key. Adding a resource means adding its slice here.

use crate::action::Action;
use crate::client::{Client, Transport};
use crate::connection::Connection;
use crate::data_source::{DataSource, PicklistItem};
use crate::error::{Error, Result};
use crate::input::Inputs;
use crate::resources::{
    applications, event_hooks, factors, groups, policies, raw_request, realms, system_log,
    user_types, users,
};

/// One slice per resource module.
const RESOURCES: &[&[Action]] = &[
    users::ACTIONS,
    groups::ACTIONS,
    applications::ACTIONS,
    event_hooks::ACTIONS,
    factors::ACTIONS,
    user_types::ACTIONS,
    realms::ACTIONS,
    policies::ACTIONS,
    system_log::ACTIONS,
    raw_request::ACTIONS,
];

/// The data sources, one slice per resource module.
const DATA_SOURCES: &[&[DataSource]] = &[
    applications::DATA_SOURCES,
    event_hooks::DATA_SOURCES,
    groups::DATA_SOURCES,
    realms::DATA_SOURCES,
    users::DATA_SOURCES,
    factors::DATA_SOURCES,
    user_types::DATA_SOURCES,
];

/// All data sources.
pub fn data_sources() -> impl Iterator<Item = &'static DataSource> {
    DATA_SOURCES.iter().flat_map(|sources| sources.iter())
}

/// The data source `key`, or an error naming it.
pub fn data_source(key: &str) -> Result<&'static DataSource> {
    data_sources().find(|d| d.key == key).ok_or_else(|| {
        Error::invalid(
            "dataSource",
            format!("the key of a data source in the manifest, not `{key}`"),
        )
    })
}

/// Fills the data source `key`, as [`perform`] runs an action.
pub fn fetch(
    transport: &dyn Transport,
    key: &str,
    connection: &ConnectionInput,
    inputs: &[(String, String)],
) -> Outcome<Vec<PicklistItem>> {
    let source = match data_source(key) {
        Ok(source) => source,
        Err(error) => return Outcome::failed(error),
    };
    run_with(
        transport,
        connection,
        source.inputs,
        inputs,
        |client, inputs| (source.run)(client, inputs),
    )
}

/// The connection as a call receives it.
pub struct ConnectionInput<'a> {
    pub key: &'a str,
    pub fields: &'a [(String, String)],
    /// What an earlier call returned as connection state.
    pub state: Option<&'a str>,
}

/// A call's result and the connection state it leaves (whether it succeeded or not).
pub struct Outcome<T> {
    pub result: Result<T>,
    pub connection_state: Option<String>,
}

impl<T> Outcome<T> {
    pub fn failed(error: crate::error::Error) -> Outcome<T> {
        Outcome {
            result: Err(error),
            connection_state: None,
        }
    }
}

/// Validates inputs and connection, runs `body` with a client, and collects the connection state it left.
pub fn run_with<T>(
    transport: &dyn Transport,
    connection: &ConnectionInput,
    declared: &[crate::input::Input],
    inputs: &[(String, String)],
    body: impl FnOnce(&Client, &Inputs) -> Result<T>,
) -> Outcome<T> {
    let inputs = match Inputs::parse(declared, inputs) {
        Ok(inputs) => inputs,
        Err(error) => return Outcome::failed(error),
    };
    let parsed = match Connection::parse(connection.key, connection.fields) {
        Ok(parsed) => parsed.with_state(connection.state.map(str::to_string)),
        Err(error) => return Outcome::failed(error),
    };
    let client = Client::new(parsed, transport);
    let result = body(&client, &inputs);
    Outcome {
        result,
        connection_state: client.connection_state(),
    }
}

/// All actions, in the order of their resource modules.
pub fn actions() -> impl Iterator<Item = &'static Action> {
    RESOURCES.iter().flat_map(|actions| actions.iter())
}

/// The action `key`, or an error naming it.
pub fn action(key: &str) -> Result<&'static Action> {
    actions().find(|a| a.key == key).ok_or_else(|| {
        Error::invalid(
            "action",
            format!("the key of an action in the manifest, not `{key}`"),
        )
    })
}

/// Runs the action `key`: looks it up, validates the inputs and the connection, then runs it over `transport`.
/// Returns the output JSON.
pub fn perform(
    transport: &dyn Transport,
    key: &str,
    connection: &ConnectionInput,
    inputs: &[(String, String)],
) -> Outcome<String> {
    let action = match action(key) {
        Ok(action) => action,
        Err(error) => return Outcome::failed(error),
    };
    run_with(
        transport,
        connection,
        action.inputs,
        inputs,
        |client, inputs| (action.run)(client, inputs).map(crate::output::Output::into_json),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::input::InputType;

    #[test]
    fn keys_are_unique_and_inputs_are_well_formed() {
        let mut keys = HashSet::new();
        for action in actions() {
            assert!(keys.insert(action.key), "duplicate action {}", action.key);
            let mut inputs = HashSet::new();
            for input in action.inputs {
                assert!(
                    inputs.insert(input.key),
                    "{}: duplicate input {}",
                    action.key,
                    input.key
                );
                assert!(
                    !input.label.is_empty() && !input.comments.is_empty(),
                    "{}.{}",
                    action.key,
                    input.key
                );
                assert_eq!(
                    input.kind == InputType::Picklist,
                    !input.allowed.is_empty(),
                    "{}.{}",
                    action.key,
                    input.key
                );
                if let Some(default) = input.default {
                    assert!(
                        crate::input::Inputs::parse(
                            &[*input],
                            &[(input.key.into(), default.into())]
                        )
                        .is_ok()
                    );
                }
            }
        }
    }

    #[test]
    fn unknown_keys_are_typed_errors() {
        assert!(matches!(action("nope"), Err(Error::InvalidInput { .. })));
        assert!(action("getUser").is_ok());
    }
}
