//! The generated bindings for the `okta:management/okta` world, and the conversions between them and the curated
//! types in [`crate::types`]. Nothing outside this module names a generated type, so a change in the WIT shows up
//! here and nowhere else.

use crate::types::{
    ActionDef, ActionOutput, AuthorizationRequest, Connection, ConnectionDef, ConnectionKind,
    DataSourceDef, DataSourceOutput, DeployOutput, ErrorKind, GuestError, InputDef, InputType,
    Manifest, OktaError, PicklistItem, PollOutput, TriggerDef, TriggerKind, WebhookOutput,
    WebhookRequest, WebhookResponse,
};

mod generated {
    // One copy of the WIT: the guest's own `wit/` at the workspace root, as zed's host does.
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "okta:management/okta",
        exports: { default: async },
        require_store_data_send: true,
        with: {
            "wasi:http": wasmtime_wasi_http::p2::bindings::http,
            "wasi:io": wasmtime_wasi::p2::bindings::io,
            "wasi:clocks": wasmtime_wasi::p2::bindings::clocks,
            "wasi:random": wasmtime_wasi::p2::bindings::random,
        },
    });
}

use generated::exports::okta::management::{actions, data_sources, manifest as m, oauth, triggers};
pub(crate) use generated::okta::management::types as wit;
pub(crate) use generated::{Okta, OktaPre};

/// The WIT `connection` for a call.
pub(crate) fn connection(c: &Connection) -> wit::Connection {
    wit::Connection {
        key: c.key.clone(),
        fields: input_values(&c.fields),
        state: c.state.clone(),
    }
}

/// The WIT `list<input-value>` for a call.
pub(crate) fn input_values<K: AsRef<str>, V: AsRef<str>>(list: &[(K, V)]) -> Vec<wit::InputValue> {
    let value = |(k, v): &(K, V)| wit::InputValue {
        key: k.as_ref().to_owned(),
        value: v.as_ref().to_owned(),
    };
    list.iter().map(value).collect()
}

impl From<m::Manifest> for Manifest {
    fn from(x: m::Manifest) -> Self {
        Manifest {
            key: x.key,
            name: x.name,
            description: x.description,
            version: x.version,
            connections: x.connections.into_iter().map(Into::into).collect(),
            actions: x.actions.into_iter().map(Into::into).collect(),
            data_sources: x.data_sources.into_iter().map(Into::into).collect(),
            triggers: x.triggers.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<m::ConnectionDef> for ConnectionDef {
    fn from(x: m::ConnectionDef) -> Self {
        let kind = match x.kind {
            m::ConnectionKind::ApiToken => ConnectionKind::ApiToken,
            m::ConnectionKind::OauthClientCredentials => ConnectionKind::OauthClientCredentials,
            m::ConnectionKind::OauthAuthorizationCode => ConnectionKind::OauthAuthorizationCode,
        };
        ConnectionDef {
            key: x.key,
            label: x.label,
            description: x.description,
            kind,
            inputs: inputs(x.inputs),
        }
    }
}

impl From<m::ActionDef> for ActionDef {
    fn from(x: m::ActionDef) -> Self {
        ActionDef {
            key: x.key,
            label: x.label,
            description: x.description,
            inputs: inputs(x.inputs),
        }
    }
}

impl From<m::DataSourceDef> for DataSourceDef {
    fn from(x: m::DataSourceDef) -> Self {
        DataSourceDef {
            key: x.key,
            label: x.label,
            description: x.description,
            inputs: inputs(x.inputs),
        }
    }
}

impl From<m::TriggerDef> for TriggerDef {
    fn from(x: m::TriggerDef) -> Self {
        let kind = match x.kind {
            m::TriggerKind::Polling => TriggerKind::Polling,
            m::TriggerKind::Webhook => TriggerKind::Webhook,
        };
        TriggerDef {
            key: x.key,
            label: x.label,
            description: x.description,
            kind,
            inputs: inputs(x.inputs),
            help: x.help,
        }
    }
}

fn inputs(list: Vec<m::Input>) -> Vec<InputDef> {
    list.into_iter().map(Into::into).collect()
}

impl From<m::Input> for InputDef {
    fn from(x: m::Input) -> Self {
        InputDef {
            key: x.key,
            label: x.label,
            input_type: x.type_.into(),
            required: x.required,
            default: x.default,
            example: x.example,
            comments: x.comments,
            allowed_values: x.allowed_values,
            data_source: x.data_source,
        }
    }
}

impl From<m::InputType> for InputType {
    fn from(x: m::InputType) -> Self {
        match x {
            m::InputType::String => InputType::String,
            m::InputType::Text => InputType::Text,
            m::InputType::Password => InputType::Password,
            m::InputType::Boolean => InputType::Boolean,
            m::InputType::Integer => InputType::Integer,
            m::InputType::StringList => InputType::StringList,
            m::InputType::KeyValueList => InputType::KeyValueList,
            m::InputType::Json => InputType::Json,
            m::InputType::Picklist => InputType::Picklist,
            m::InputType::Connection => InputType::Connection,
        }
    }
}

impl From<wit::Error> for GuestError {
    fn from(x: wit::Error) -> Self {
        GuestError {
            kind: x.kind.into(),
            message: x.message,
            retryable: x.retryable,
            connection_state: x.connection_state,
        }
    }
}

impl From<wit::ErrorKind> for ErrorKind {
    fn from(x: wit::ErrorKind) -> Self {
        use wit::ErrorKind as K;
        let okta = |o: Option<wit::OktaError>| o.map(OktaError::from);
        match x {
            K::InvalidInput(e) => ErrorKind::InvalidInput {
                input: e.input,
                expected: e.expected,
            },
            K::Unauthorized(o) => ErrorKind::Unauthorized { okta: okta(o) },
            K::Forbidden(e) => ErrorKind::Forbidden {
                missing_scope: e.missing_scope,
                okta: okta(e.okta),
            },
            K::NotFound(o) => ErrorKind::NotFound { okta: okta(o) },
            K::OktaApi(o) => ErrorKind::OktaApi { okta: o.into() },
            K::RateLimited(e) => ErrorKind::RateLimited {
                reset_in_seconds: e.reset_in_seconds,
                okta: okta(e.okta),
            },
            K::LimitExceeded(e) => ErrorKind::LimitExceeded {
                limit: e.limit,
                maximum: e.maximum,
            },
            K::Timeout => ErrorKind::Timeout,
            K::Transport => ErrorKind::Transport,
            K::InvalidResponse => ErrorKind::InvalidResponse,
        }
    }
}

impl From<wit::OktaError> for OktaError {
    fn from(x: wit::OktaError) -> Self {
        OktaError {
            status: x.status,
            error_code: x.error_code,
            error_summary: x.error_summary,
            error_id: x.error_id,
            error_causes: x.error_causes,
        }
    }
}

/// Converts the raw action result; the output must be JSON (the contract says `{"data": …}`).
pub(crate) fn action_output(x: actions::ActionOutput) -> Result<ActionOutput, String> {
    ActionOutput::new(x.output, x.connection_state)
}

pub(crate) fn data_source_output(x: data_sources::DataSourceOutput) -> DataSourceOutput {
    let items = x
        .items
        .into_iter()
        .map(|i| PicklistItem {
            label: i.label,
            key: i.key,
        })
        .collect();
    DataSourceOutput {
        items,
        connection_state: x.connection_state,
    }
}

/// Converts a poll result; `records` must be a JSON array.
pub(crate) fn poll_output(x: triggers::PollOutput) -> Result<PollOutput, String> {
    let records = serde_json::from_str::<serde_json::Value>(&x.records)
        .map_err(|e| format!("poll records are not JSON: {e}"))?;
    if !records.is_array() {
        return Err("poll records are not a JSON array".to_owned());
    }
    Ok(PollOutput {
        records,
        state: x.state,
        connection_state: x.connection_state,
    })
}

pub(crate) fn authorization_request(x: oauth::AuthorizationRequest) -> AuthorizationRequest {
    AuthorizationRequest {
        url: x.url,
        pending: x.pending,
    }
}

pub(crate) fn deploy_output(x: triggers::DeployOutput) -> DeployOutput {
    DeployOutput {
        instance_state: x.instance_state,
        connection_state: x.connection_state,
    }
}

pub(crate) fn webhook_request(x: &WebhookRequest) -> triggers::WebhookRequest {
    triggers::WebhookRequest {
        method: x.method.clone(),
        headers: x.headers.clone(),
        body: x.body.clone(),
    }
}

/// Converts a webhook result; a payload, when present, must be JSON.
pub(crate) fn webhook_output(x: triggers::WebhookOutput) -> Result<WebhookOutput, String> {
    let payload = match x.payload {
        None => None,
        Some(text) => Some(
            serde_json::from_str::<serde_json::Value>(&text)
                .map_err(|e| format!("webhook payload is not JSON: {e}"))?,
        ),
    };
    let r = x.response;
    let response = WebhookResponse {
        status: r.status,
        headers: r.headers,
        body: r.body,
    };
    Ok(WebhookOutput { response, payload })
}
