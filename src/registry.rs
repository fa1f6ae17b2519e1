//! Every action and data source the component offers, looked up by key, and the calls the component makes:
//! validate the inputs and the connection, then run the row with a client. Adding a resource means adding its
//! slices here.

use crate::client::{Client, Transport, authorization_code};
use crate::connection::{CONNECTIONS, Connection, ConnectionDef};
use crate::error::{Error, Result};
use crate::input::Inputs;
use crate::resources::action::Action;
use crate::resources::data_source::{DataSource, PicklistItem};
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
        |client, inputs| source.list.fetch(client, inputs),
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
    fn failed(error: crate::error::Error) -> Outcome<T> {
        Outcome {
            result: Err(error),
            connection_state: None,
        }
    }
}

/// Validates inputs and connection, runs `body` with a client, and collects the connection state it left.
fn run_with<T>(
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

/// The connection types.
pub fn connections() -> &'static [ConnectionDef] {
    CONNECTIONS
}

/// Starts an authorization code connection: the URL to send the person to, and what to keep until the
/// redirect comes back (a secret: it holds the PKCE verifier).
pub fn start_authorization(
    transport: &dyn Transport,
    connection: &ConnectionInput,
    redirect_uri: &str,
) -> Result<(String, String)> {
    let connection = Connection::parse(connection.key, connection.fields)?;
    authorization_code::start(transport, &connection, redirect_uri)
}

/// Finishes an authorization code connection from the redirect: the connection state with its tokens.
pub fn finish_authorization(
    transport: &dyn Transport,
    connection: &ConnectionInput,
    redirect_uri: &str,
    pending: &str,
    callback: &str,
) -> Result<String> {
    let connection = Connection::parse(connection.key, connection.fields)?;
    authorization_code::finish_with(transport, connection, redirect_uri, pending, callback)
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
        |client, inputs| {
            action
                .op
                .run(client, inputs)
                .map(crate::output::Output::into_json)
        },
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

    /// Every input a row's path or reply names is one of its declared inputs, so a typo cannot reach Okta as
    /// a missing value.
    #[test]
    fn paths_and_replies_name_declared_inputs() {
        use crate::resources::action::{Reply, Seg};
        let declared =
            |inputs: &[crate::input::Input], key: &str| inputs.iter().any(|i| i.key == key);
        let check = |what: &str, inputs: &[crate::input::Input], path: &[Seg]| {
            for segment in path {
                if let Seg::Id(key) | Seg::UserId(key) = segment {
                    assert!(declared(inputs, key), "{what}: path input {key}");
                }
            }
        };
        for action in actions() {
            let (path, reply) = action.op.parts();
            check(action.key, action.inputs, path);
            match reply {
                Some(Reply::Status { id, .. }) => {
                    assert!(
                        path.iter()
                            .any(|s| matches!(s, Seg::Id(k) | Seg::UserId(k) if k == id)),
                        "{}",
                        action.key
                    )
                }
                Some(Reply::Message(message)) => {
                    for piece in message.split('{').skip(1) {
                        let key = piece.split('}').next().unwrap_or_default();
                        assert!(
                            path.iter()
                                .any(|s| matches!(s, Seg::Id(k) | Seg::UserId(k) if *k == key)),
                            "{}: {key}",
                            action.key
                        );
                    }
                }
                Some(Reply::ReadBack) => {
                    assert!(
                        path.iter().any(|s| matches!(s, Seg::Id(_))),
                        "{}",
                        action.key
                    )
                }
                _ => {}
            }
        }
        for source in data_sources() {
            check(source.key, source.inputs, source.list.path);
        }
    }

    #[test]
    fn unknown_keys_are_typed_errors() {
        assert!(matches!(action("nope"), Err(Error::InvalidInput { .. })));
        assert!(action("getUser").is_ok());
    }
}
