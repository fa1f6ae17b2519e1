//! The WIT boundary (wasm32 only): it generates the WIT bindings (privately), implements the exported
//! interfaces by converting WIT values to the crate's own types and back, and calls the registry. Okta knowledge
//! lives in `resources/`, HTTP in `client/`.

mod bindings {
    wit_bindgen::generate!({
        world: "okta",
        path: "wit",
        with: {
            "wasi:http/types@0.2.12": wasip2::http::types,
            "wasi:http/outgoing-handler@0.2.12": wasip2::http::outgoing_handler,
            "wasi:io/streams@0.2.12": wasip2::io::streams,
            "wasi:io/error@0.2.12": wasip2::io::error,
            "wasi:io/poll@0.2.12": wasip2::io::poll,
            "wasi:clocks/monotonic-clock@0.2.12": wasip2::clocks::monotonic_clock,
            "wasi:clocks/wall-clock@0.2.12": wasip2::clocks::wall_clock,
            "wasi:random/random@0.2.12": wasip2::random::random,
        },
    });
}

use bindings::exports::okta::management::{
    actions, data_sources, manifest, oauth, triggers as wit_triggers,
};
use bindings::okta::management::types as wit;

use crate::auth::GrantKind;
use crate::client::wasi::WasiTransport;
use crate::connection::ConnectionKind;
use crate::error::Error;
use crate::input::{Input, InputType};
use crate::registry::{self, ConnectionInput};
use crate::triggers;

struct Component;

bindings::export!(Component with_types_in bindings);

impl manifest::Guest for Component {
    fn get_manifest() -> manifest::Manifest {
        manifest::Manifest {
            key: "okta-management-api".into(),
            name: "Okta".into(),
            description: "Manage users, groups, applications, and authentication policies in Okta."
                .into(),
            version: env!("CARGO_PKG_VERSION").into(),
            connections: registry::connections()
                .iter()
                .map(|c| manifest::ConnectionDef {
                    key: c.key.into(),
                    label: c.label.into(),
                    description: c.description.into(),
                    kind: connection_kind(c.kind),
                    inputs: c.inputs.iter().map(input_def).collect(),
                })
                .collect(),
            actions: registry::actions()
                .map(|a| manifest::ActionDef {
                    key: a.key.into(),
                    label: a.label.into(),
                    description: a.description.into(),
                    inputs: with_connection(a.inputs),
                })
                .collect(),
            data_sources: registry::data_sources()
                .map(|d| manifest::DataSourceDef {
                    key: d.key.into(),
                    label: d.label.into(),
                    description: d.description.into(),
                    inputs: with_connection(d.inputs),
                })
                .collect(),
            triggers: triggers::TRIGGERS
                .iter()
                .map(|t| manifest::TriggerDef {
                    key: t.key.into(),
                    label: t.label.into(),
                    description: t.description.into(),
                    kind: match t.kind() {
                        triggers::Kind::Polling => manifest::TriggerKind::Polling,
                        triggers::Kind::Webhook => manifest::TriggerKind::Webhook,
                    },
                    inputs: with_connection(t.inputs),
                    help: t.help.into(),
                })
                .collect(),
        }
    }
}

impl actions::Guest for Component {
    fn perform(
        key: String,
        connection: wit::Connection,
        inputs: Vec<wit::InputValue>,
    ) -> Result<actions::ActionOutput, wit::Error> {
        let fields = pairs(connection.fields);
        let input = ConnectionInput {
            key: &connection.key,
            fields: &fields,
            state: connection.state.as_deref(),
        };
        let outcome = registry::perform(&WasiTransport, &key, &input, &pairs(inputs));
        let connection_state = outcome.connection_state;
        match outcome.result {
            Ok(output) => Ok(actions::ActionOutput {
                output,
                connection_state,
            }),
            Err(error) => Err(to_wit(error, connection_state)),
        }
    }
}

impl data_sources::Guest for Component {
    fn fetch(
        key: String,
        connection: wit::Connection,
        inputs: Vec<wit::InputValue>,
    ) -> Result<data_sources::DataSourceOutput, wit::Error> {
        let fields = pairs(connection.fields);
        let input = ConnectionInput {
            key: &connection.key,
            fields: &fields,
            state: connection.state.as_deref(),
        };
        let outcome = registry::fetch(&WasiTransport, &key, &input, &pairs(inputs));
        let connection_state = outcome.connection_state;
        match outcome.result {
            Ok(items) => {
                let items = items
                    .into_iter()
                    .map(|i| data_sources::PicklistItem {
                        label: i.label,
                        key: i.key,
                    })
                    .collect();
                Ok(data_sources::DataSourceOutput {
                    items,
                    connection_state,
                })
            }
            Err(error) => Err(to_wit(error, connection_state)),
        }
    }
}

impl oauth::Guest for Component {
    fn start_authorization(
        connection: wit::Connection,
        redirect_uri: String,
    ) -> Result<oauth::AuthorizationRequest, wit::Error> {
        let fields = pairs(connection.fields);
        let input = ConnectionInput {
            key: &connection.key,
            fields: &fields,
            state: None,
        };
        let (url, pending) = registry::start_authorization(&WasiTransport, &input, &redirect_uri)
            .map_err(to_wit_plain)?;
        Ok(oauth::AuthorizationRequest { url, pending })
    }

    fn finish_authorization(
        connection: wit::Connection,
        redirect_uri: String,
        pending: String,
        callback: String,
    ) -> Result<String, wit::Error> {
        let fields = pairs(connection.fields);
        let input = ConnectionInput {
            key: &connection.key,
            fields: &fields,
            state: None,
        };
        registry::finish_authorization(&WasiTransport, &input, &redirect_uri, &pending, &callback)
            .map_err(to_wit_plain)
    }
}

impl wit_triggers::Guest for Component {
    fn poll(
        key: String,
        connection: wit::Connection,
        inputs: Vec<wit::InputValue>,
        state: Option<String>,
    ) -> Result<wit_triggers::PollOutput, wit::Error> {
        let fields = pairs(connection.fields);
        let input = ConnectionInput {
            key: &connection.key,
            fields: &fields,
            state: connection.state.as_deref(),
        };
        let outcome = triggers::poll(
            &WasiTransport,
            &key,
            &input,
            &pairs(inputs),
            state.as_deref(),
        );
        let connection_state = outcome.connection_state;
        match outcome.result {
            Ok(poll) => Ok(wit_triggers::PollOutput {
                records: poll.records,
                state: poll.state,
                connection_state,
            }),
            Err(error) => Err(to_wit(error, connection_state)),
        }
    }

    fn deploy(
        key: String,
        connection: wit::Connection,
        inputs: Vec<wit::InputValue>,
        webhook_url: String,
    ) -> Result<wit_triggers::DeployOutput, wit::Error> {
        let fields = pairs(connection.fields);
        let input = ConnectionInput {
            key: &connection.key,
            fields: &fields,
            state: connection.state.as_deref(),
        };
        let outcome = triggers::deploy(&WasiTransport, &key, &input, &pairs(inputs), &webhook_url);
        let connection_state = outcome.connection_state;
        match outcome.result {
            Ok(instance_state) => Ok(wit_triggers::DeployOutput {
                instance_state,
                connection_state,
            }),
            Err(error) => Err(to_wit(error, connection_state)),
        }
    }

    fn undeploy(
        key: String,
        connection: wit::Connection,
        inputs: Vec<wit::InputValue>,
        instance_state: String,
    ) -> Result<Option<String>, wit::Error> {
        let fields = pairs(connection.fields);
        let input = ConnectionInput {
            key: &connection.key,
            fields: &fields,
            state: connection.state.as_deref(),
        };
        let outcome = triggers::undeploy(
            &WasiTransport,
            &key,
            &input,
            &pairs(inputs),
            &instance_state,
        );
        let connection_state = outcome.connection_state;
        match outcome.result {
            Ok(()) => Ok(connection_state),
            Err(error) => Err(to_wit(error, connection_state)),
        }
    }

    fn handle_webhook(
        key: String,
        inputs: Vec<wit::InputValue>,
        instance_state: String,
        request: wit_triggers::WebhookRequest,
    ) -> Result<wit_triggers::WebhookOutput, wit::Error> {
        let request = triggers::WebhookRequest {
            method: request.method,
            headers: request.headers,
            body: request.body,
        };
        let output = triggers::handle_webhook(&key, &pairs(inputs), &instance_state, &request)
            .map_err(to_wit_plain)?;
        Ok(wit_triggers::WebhookOutput {
            response: wit_triggers::WebhookResponse {
                status: output.response.status,
                headers: output.response.headers,
                body: output.response.body,
            },
            payload: output.payload,
        })
    }
}

fn pairs(values: Vec<wit::InputValue>) -> Vec<(String, String)> {
    values.into_iter().map(|v| (v.key, v.value)).collect()
}

/// Every action shows the connection as its first input, as the product page does.
fn with_connection(inputs: &[Input]) -> Vec<manifest::Input> {
    let connection = manifest::Input {
        key: "connection".into(),
        label: "Connection".into(),
        type_: manifest::InputType::Connection,
        required: true,
        default: None,
        example: None,
        comments: None,
        allowed_values: Vec::new(),
        data_source: None,
    };
    std::iter::once(connection)
        .chain(inputs.iter().map(input_def))
        .collect()
}

fn connection_kind(kind: ConnectionKind) -> manifest::ConnectionKind {
    match kind {
        ConnectionKind::ApiToken => manifest::ConnectionKind::ApiToken,
        ConnectionKind::OAuth(GrantKind::ClientCredentials) => {
            manifest::ConnectionKind::OauthClientCredentials
        }
        ConnectionKind::OAuth(GrantKind::AuthorizationCode) => {
            manifest::ConnectionKind::OauthAuthorizationCode
        }
    }
}

fn input_def(input: &Input) -> manifest::Input {
    manifest::Input {
        key: input.key.into(),
        label: input.label.into(),
        type_: match input.kind {
            InputType::String => manifest::InputType::String,
            InputType::Text => manifest::InputType::Text,
            InputType::Password => manifest::InputType::Password,
            InputType::Boolean => manifest::InputType::Boolean,
            InputType::Integer => manifest::InputType::Integer,
            InputType::StringList => manifest::InputType::StringList,
            InputType::KeyValueList => manifest::InputType::KeyValueList,
            InputType::Json => manifest::InputType::Json,
            InputType::Picklist => manifest::InputType::Picklist,
        },
        required: input.required,
        default: input.default.map(Into::into),
        example: input.example.map(Into::into),
        comments: (!input.comments.is_empty()).then(|| input.comments.into()),
        allowed_values: input.allowed.iter().map(|v| v.to_string()).collect(),
        data_source: input.data_source.map(Into::into),
    }
}

fn to_wit_plain(error: Error) -> wit::Error {
    to_wit(error, None)
}

fn to_wit(error: Error, connection_state: Option<String>) -> wit::Error {
    let message = error.to_string();
    let retryable = error.retryable();
    let okta = |e: Option<&crate::error::OktaError>| {
        e.map(|e| wit::OktaError {
            status: e.status,
            error_code: e.error_code.clone(),
            error_summary: e.error_summary.clone(),
            error_id: e.error_id.clone(),
            error_causes: e.causes.clone(),
        })
    };
    let kind = match error.cause() {
        Error::InvalidInput { input, expected } => wit::ErrorKind::InvalidInput(wit::InputError {
            input: input.clone(),
            expected: expected.clone(),
        }),
        Error::Unauthorized(e) => wit::ErrorKind::Unauthorized(okta(e.as_deref())),
        Error::Forbidden {
            missing_scope,
            okta: e,
        } => wit::ErrorKind::Forbidden(wit::ForbiddenError {
            missing_scope: missing_scope.clone(),
            okta: okta(e.as_deref()),
        }),
        Error::NotFound(e) => wit::ErrorKind::NotFound(okta(e.as_deref())),
        Error::Okta(e) => match okta(Some(e)) {
            Some(e) => wit::ErrorKind::OktaApi(e),
            None => wit::ErrorKind::Transport,
        },
        Error::RateLimited { reset_in, okta: e } => {
            wit::ErrorKind::RateLimited(wit::RateLimitError {
                reset_in_seconds: *reset_in,
                okta: okta(e.as_deref()),
            })
        }
        Error::LimitExceeded { limit, maximum } => wit::ErrorKind::LimitExceeded(wit::LimitError {
            limit: limit.clone(),
            maximum: *maximum,
        }),
        Error::Timeout { .. } => wit::ErrorKind::Timeout,
        Error::Transport(_) => wit::ErrorKind::Transport,
        Error::InvalidResponse(_) => wit::ErrorKind::InvalidResponse,
        // `cause` never returns the wrapper.
        Error::Unconfirmed(_) => wit::ErrorKind::Transport,
    };
    wit::Error {
        kind,
        message,
        retryable,
        connection_state,
    }
}
