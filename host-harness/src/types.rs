//! The harness's own view of the WIT contract: the manifest, connections, call outputs and errors.
//!
//! These are plain Rust types (serde-serialisable where a tool prints them), converted from the generated bindings
//! in `bindings.rs`, so callers never depend on `bindgen!` output.

use crate::trace::Exchange;
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// What a call produced: its result, and what happened on the way.
#[derive(Debug)]
pub struct Outcome<T> {
    pub result: Result<T, CallError>,
    /// The HTTP exchanges, redacted, in request order; empty unless the call was traced.
    pub trace: Vec<Exchange>,
    /// How many HTTP requests the guest sent (counted whether or not the call was traced).
    pub http_calls: usize,
    /// What the guest wrote to stderr and stdout (capped by [`Limits::log`]).
    pub stderr: String,
    /// Time the guest spent executing wasm (what the CPU-time cap counts).
    pub cpu_time: Duration,
    /// The guest's linear memory at the end of the call, in bytes: its peak, since linear memory never shrinks
    /// (what the memory cap counts).
    pub memory: usize,
}

impl<T> Outcome<T> {
    /// The output, if the call succeeded.
    pub fn ok(&self) -> Option<&T> {
        self.result.as_ref().ok()
    }

    /// The error, if the call failed.
    pub fn err(&self) -> Option<&CallError> {
        self.result.as_ref().err()
    }

    /// The trace as text, one block per exchange (what `okta-harness run --trace` prints).
    pub fn trace_text(&self) -> String {
        self.trace
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------------------------------------------

/// What the component offers (`get-manifest`). Serialises to the JSON that `okta-harness describe --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// `okta-management-api`.
    pub key: String,
    pub name: String,
    pub description: String,
    /// The component's version (semver).
    pub version: String,
    pub connections: Vec<ConnectionDef>,
    pub actions: Vec<ActionDef>,
    pub data_sources: Vec<DataSourceDef>,
    pub triggers: Vec<TriggerDef>,
}

impl Manifest {
    /// The action with this key.
    pub fn action(&self, key: &str) -> Option<&ActionDef> {
        self.actions.iter().find(|a| a.key == key)
    }

    /// The connection with this key.
    pub fn connection(&self, key: &str) -> Option<&ConnectionDef> {
        self.connections.iter().find(|c| c.key == key)
    }

    /// The data source with this key.
    pub fn data_source(&self, key: &str) -> Option<&DataSourceDef> {
        self.data_sources.iter().find(|d| d.key == key)
    }

    /// The trigger with this key.
    pub fn trigger(&self, key: &str) -> Option<&TriggerDef> {
        self.triggers.iter().find(|t| t.key == key)
    }
}

/// A way to connect to Okta (API token, OAuth …) and the fields it needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDef {
    pub key: String,
    pub label: String,
    pub description: String,
    pub kind: ConnectionKind,
    pub inputs: Vec<InputDef>,
}

/// How a connection authenticates; serialised with the WIT case names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectionKind {
    ApiToken,
    OauthClientCredentials,
    /// A person authorizes it once, through `start-authorization` and `finish-authorization`.
    OauthAuthorizationCode,
}

impl ConnectionKind {
    /// The WIT case name, such as `oauth-client-credentials`.
    pub fn name(self) -> &'static str {
        match self {
            ConnectionKind::ApiToken => "api-token",
            ConnectionKind::OauthClientCredentials => "oauth-client-credentials",
            ConnectionKind::OauthAuthorizationCode => "oauth-authorization-code",
        }
    }
}

/// An action and its inputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionDef {
    pub key: String,
    pub label: String,
    pub description: String,
    pub inputs: Vec<InputDef>,
}

/// A data source (picklist) and its inputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSourceDef {
    pub key: String,
    pub label: String,
    pub description: String,
    pub inputs: Vec<InputDef>,
}

/// A trigger and its inputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerDef {
    pub key: String,
    pub label: String,
    pub description: String,
    pub kind: TriggerKind,
    pub inputs: Vec<InputDef>,
    /// How the trigger works and what it guarantees.
    pub help: String,
}

/// How a trigger runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriggerKind {
    Polling,
    Webhook,
}

/// One input of a connection, action, data source or trigger.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputDef {
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub input_type: InputType,
    pub required: bool,
    pub default: Option<String>,
    pub example: Option<String>,
    pub comments: Option<String>,
    pub allowed_values: Vec<String>,
    pub data_source: Option<String>,
}

/// How an input's text value is presented and parsed; serialised with the WIT case names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputType {
    String,
    Text,
    Password,
    Boolean,
    Integer,
    StringList,
    KeyValueList,
    Json,
    Picklist,
    Connection,
}

impl InputType {
    /// The WIT case name, such as `key-value-list`.
    pub fn name(self) -> &'static str {
        match self {
            InputType::String => "string",
            InputType::Text => "text",
            InputType::Password => "password",
            InputType::Boolean => "boolean",
            InputType::Integer => "integer",
            InputType::StringList => "string-list",
            InputType::KeyValueList => "key-value-list",
            InputType::Json => "json",
            InputType::Picklist => "picklist",
            InputType::Connection => "connection",
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------------------------

/// The connection a call runs on: a connection key from the manifest and its field values.
///
/// Field values include secrets, so `Debug` prints field names only.
#[derive(Clone, PartialEq, Eq)]
pub struct Connection {
    /// A connection key from the manifest, such as `apiToken`.
    pub key: String,
    /// `(input key, value)` pairs, such as `("oktaDomain", "dev-1.okta.com")`.
    pub fields: Vec<(String, String)>,
    /// Opaque state an earlier call returned (`connection_state` of an output), passed back unchanged.
    pub state: Option<String>,
}

/// The connection key `okta-harness run` uses unless `--connection` says otherwise.
pub const DEFAULT_CONNECTION: &str = "apiToken";

impl Connection {
    /// A connection with `key` and these fields, no state.
    pub fn new<K: Into<String>, V: Into<String>>(
        key: &str,
        fields: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let fields = fields
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Connection {
            key: key.to_owned(),
            fields,
            state: None,
        }
    }

    /// The API token connection (`apiToken`: `oktaDomain` and `apiToken`).
    pub fn api_token(domain: &str, token: &str) -> Self {
        Connection::new(
            DEFAULT_CONNECTION,
            [("oktaDomain", domain), ("apiToken", token)],
        )
    }

    /// The API token connection to a fake org: its domain and the token it accepts.
    pub fn fake(org: &crate::fake_org::FakeOrg) -> Self {
        Connection::api_token(crate::fake_org::FakeOrg::DOMAIN, &org.api_token())
    }

    /// The connection `def` with each field read through `var` from the environment variable named by
    /// [`env_var_for_input`]. Fields whose variable is unset are left out (the component reports the missing
    /// input). Returns `None` when no variable at all is set, so a caller can fall back to a default.
    pub fn from_vars(def: &ConnectionDef, var: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let fields: Vec<(String, String)> = def
            .inputs
            .iter()
            .filter_map(|i| var(&env_var_for_input(&i.key)).map(|v| (i.key.clone(), v)))
            .collect();
        (!fields.is_empty()).then(|| Connection {
            key: def.key.clone(),
            fields,
            state: None,
        })
    }

    /// [`Connection::from_vars`] over the process environment.
    pub fn from_env(def: &ConnectionDef) -> Option<Self> {
        Connection::from_vars(def, |name| std::env::var(name).ok())
    }

    /// The value of a field.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The same connection with this state (as stored from an earlier call), replacing any it had.
    pub fn with_state(mut self, state: Option<String>) -> Self {
        self.state = state;
        self
    }

    /// Keeps the connection state a call returned, so the next call on this connection passes it back: an OAuth
    /// connection then reuses its token instead of minting one per call. The state comes from the output, or from
    /// the component's error when the call failed after changing it (a token minted before a 404). Returns whether
    /// the state changed; a call that returned none leaves the current one.
    ///
    /// ```no_run
    /// # async fn example(harness: &okta_harness::Harness, org: &okta_harness::fake_org::FakeOrg) {
    /// use okta_harness::{Connection, Route, NO_INPUTS};
    /// let mut connection = Connection::fake_client_credentials(org);
    /// for _ in 0..3 {
    ///     let outcome = harness.perform("listUsers", &connection, NO_INPUTS, Route::Fake(org.clone())).await;
    ///     connection.remember(&outcome); // one token for all three calls
    /// }
    /// # }
    /// ```
    pub fn remember<T: CarriesConnectionState>(&mut self, outcome: &Outcome<T>) -> bool {
        match outcome.connection_state() {
            Some(state) if self.state.as_deref() != Some(state) => {
                self.state = Some(state.to_owned());
                true
            }
            _ => false,
        }
    }
}

/// A call's output that may carry new connection state for the host to keep (see [`Connection::remember`]).
pub trait CarriesConnectionState {
    /// The new state, or `None` to keep the current one.
    fn connection_state(&self) -> Option<&str>;
}

impl CarriesConnectionState for ActionOutput {
    fn connection_state(&self) -> Option<&str> {
        self.connection_state.as_deref()
    }
}

impl CarriesConnectionState for DataSourceOutput {
    fn connection_state(&self) -> Option<&str> {
        self.connection_state.as_deref()
    }
}

impl CarriesConnectionState for PollOutput {
    fn connection_state(&self) -> Option<&str> {
        self.connection_state.as_deref()
    }
}

impl CarriesConnectionState for DeployOutput {
    fn connection_state(&self) -> Option<&str> {
        self.connection_state.as_deref()
    }
}

/// `undeploy`'s result: the new connection state itself.
impl CarriesConnectionState for Option<String> {
    fn connection_state(&self) -> Option<&str> {
        self.as_deref()
    }
}

impl CarriesConnectionState for ConnectionState {
    fn connection_state(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

/// A connection state on its own, as `finish_authorization` returns it (the tokens the code was exchanged for).
/// A secret: `Debug` shows `***`; [`ConnectionState::as_str`] or [`ConnectionState::into_string`] give the text to
/// store, and [`Connection::remember`] takes it from an outcome.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionState(String);

impl ConnectionState {
    pub fn new(state: String) -> Self {
        ConnectionState(state)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for ConnectionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConnectionState(***)")
    }
}

impl From<ConnectionState> for String {
    fn from(state: ConnectionState) -> String {
        state.0
    }
}

impl<T: CarriesConnectionState> Outcome<T> {
    /// The connection state this call returned, from its output or from the component's error; `None` when it
    /// left the state unchanged.
    pub fn connection_state(&self) -> Option<&str> {
        match &self.result {
            Ok(output) => output.connection_state(),
            Err(error) => error.connection_state(),
        }
    }
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.fields.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Connection")
            .field("key", &self.key)
            .field("fields", &names)
            .field("state", &self.state.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The environment variable that holds a connection input: the key in SCREAMING_SNAKE_CASE with an `OKTA_`
/// prefix unless it already has one (`oktaDomain` → `OKTA_DOMAIN`, `apiToken` → `OKTA_API_TOKEN`,
/// `clientId` → `OKTA_CLIENT_ID`, `privateKeyPEM` → `OKTA_PRIVATE_KEY_PEM`).
pub fn env_var_for_input(key: &str) -> String {
    let snake = screaming_snake(key);
    if snake == "OKTA" || snake.starts_with("OKTA_") {
        snake
    } else {
        format!("OKTA_{snake}")
    }
}

/// `camelCase`, `kebab-case` or `snake_case` → `SCREAMING_SNAKE_CASE`; an acronym stays one word (`keyID` → `KEY_ID`).
fn screaming_snake(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == '_' || c == ' ' {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_uppercase() && i > 0 && !out.ends_with('_') {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('_');
            }
        }
        out.extend(c.to_uppercase());
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------------------------

/// An action's result: the output JSON (`{"data": …}`) and any new connection state.
///
/// The output is kept as the component's text (checked to be JSON): a 10,000-user listing stays one string, and
/// [`ActionOutput::json`] parses it when a caller wants values.
#[derive(Clone, PartialEq, Eq)]
pub struct ActionOutput {
    output: String,
    /// New connection state to store for later calls, or `None` to keep the current one. A secret.
    pub connection_state: Option<String>,
}

impl ActionOutput {
    /// Checks that `output` is JSON.
    pub(crate) fn new(output: String, connection_state: Option<String>) -> Result<Self, String> {
        serde_json::from_str::<serde::de::IgnoredAny>(&output)
            .map_err(|e| format!("the action output is not JSON: {e}"))?;
        Ok(ActionOutput {
            output,
            connection_state,
        })
    }

    /// The output JSON as the component wrote it.
    pub fn text(&self) -> &str {
        &self.output
    }

    /// The output parsed.
    pub fn json(&self) -> serde_json::Value {
        // Checked in `new`, so this cannot fail; `Null` keeps the signature infallible regardless.
        serde_json::from_str(&self.output).unwrap_or(serde_json::Value::Null)
    }

    /// `output.data`, the part every action's output wraps.
    pub fn data(&self) -> serde_json::Value {
        match self.json() {
            serde_json::Value::Object(mut o) => o.remove("data").unwrap_or(serde_json::Value::Null),
            _ => serde_json::Value::Null,
        }
    }
}

impl fmt::Debug for ActionOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionOutput")
            .field("output", &self.output)
            .field("connection_state", &masked(&self.connection_state))
            .finish()
    }
}

/// A data source's result.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSourceOutput {
    pub items: Vec<PicklistItem>,
    /// New connection state to store for later calls, or `None` to keep the current one. A secret.
    #[serde(skip)]
    pub connection_state: Option<String>,
}

impl fmt::Debug for DataSourceOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataSourceOutput")
            .field("items", &self.items)
            .field("connection_state", &masked(&self.connection_state))
            .finish()
    }
}

/// One picklist entry: what people see and the value the input receives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PicklistItem {
    pub label: String,
    pub key: String,
}

/// A poll's result.
#[derive(Clone, PartialEq)]
pub struct PollOutput {
    /// The new records, oldest first (a JSON array).
    pub records: serde_json::Value,
    /// State to pass to the next poll.
    pub state: String,
    /// New connection state (a secret), or `None` to keep the current one.
    pub connection_state: Option<String>,
}

impl fmt::Debug for PollOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollOutput")
            .field("records", &self.records)
            .field("state", &self.state)
            .field("connection_state", &masked(&self.connection_state))
            .finish()
    }
}

/// A deploy's result.
#[derive(Clone, PartialEq, Eq)]
pub struct DeployOutput {
    /// State of the trigger instance (a secret), passed to `handle_webhook` and `undeploy`.
    pub instance_state: String,
    /// New connection state (a secret), or `None` to keep the current one.
    pub connection_state: Option<String>,
}

impl fmt::Debug for DeployOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeployOutput")
            .field("instance_state", &"***")
            .field("connection_state", &masked(&self.connection_state))
            .finish()
    }
}

/// What `start-authorization` returned: where to send the person's browser, and what to keep until the redirect
/// comes back.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizationRequest {
    /// The authorize URL (with `state` and the PKCE challenge; no secret).
    pub url: String,
    /// Kept by the host until the redirect comes back and passed to `finish_authorization`; holds the PKCE
    /// verifier, so it is a secret (`Debug` shows `***`).
    pub pending: String,
}

impl fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("url", &self.url)
            .field("pending", &"***")
            .finish()
    }
}

/// `Some("***")` or `None`: how a secret optional value shows in `Debug`.
fn masked(value: &Option<String>) -> Option<&'static str> {
    value.as_ref().map(|_| "***")
}

/// A request Okta sent to a webhook trigger's URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookRequest {
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What the webhook trigger answers and the flow payload it produced.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookOutput {
    pub response: WebhookResponse,
    /// The payload to start a flow with, or `None` for a request that only needs an answer.
    pub payload: Option<serde_json::Value>,
}

/// The HTTP answer to a webhook request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

/// The component's typed error (the WIT `error`). `Display` prints the kind's WIT name and the message
/// (`not-found: …`); the message already reads well on its own, so the kind is not spelled out twice.
///
/// `connection_state` is a secret: `Debug` shows `***` and serialisation leaves it out.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct GuestError {
    pub kind: ErrorKind,
    /// For people; never contains a secret.
    pub message: String,
    /// Whether the same call may succeed if it is retried later, unchanged.
    pub retryable: bool,
    /// New connection state the call left despite failing (a token minted before the failure). A secret.
    #[serde(skip)]
    pub connection_state: Option<String>,
}

impl fmt::Debug for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuestError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("retryable", &self.retryable)
            .field("connection_state", &masked(&self.connection_state))
            .finish()
    }
}

impl fmt::Display for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)?;
        if self.retryable {
            f.write_str(" (retryable)")?;
        }
        Ok(())
    }
}

impl std::error::Error for GuestError {}

/// Why the component failed (the WIT `error-kind`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// An input is missing, malformed or unsafe.
    InvalidInput { input: String, expected: String },
    /// 401.
    Unauthorized { okta: Option<OktaError> },
    /// 403, with the scope Okta names when it does.
    Forbidden {
        missing_scope: Option<String>,
        okta: Option<OktaError>,
    },
    /// 404.
    NotFound { okta: Option<OktaError> },
    /// Any other Okta error answer.
    OktaApi { okta: OktaError },
    /// 429 after the component's retries.
    RateLimited {
        reset_in_seconds: u64,
        okta: Option<OktaError>,
    },
    /// One of Okta's fixed limits (such as 25 event hooks per org) would be exceeded.
    LimitExceeded { limit: String, maximum: u64 },
    /// Okta did not answer in time.
    Timeout,
    /// The request could not be sent, or the connection broke before a whole answer arrived.
    Transport,
    /// Okta answered, but the answer could not be read (not JSON, nested too deep, over a size cap).
    InvalidResponse,
}

impl ErrorKind {
    /// The WIT case name, such as `not-found`.
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::InvalidInput { .. } => "invalid-input",
            ErrorKind::Unauthorized { .. } => "unauthorized",
            ErrorKind::Forbidden { .. } => "forbidden",
            ErrorKind::NotFound { .. } => "not-found",
            ErrorKind::OktaApi { .. } => "okta-api",
            ErrorKind::RateLimited { .. } => "rate-limited",
            ErrorKind::LimitExceeded { .. } => "limit-exceeded",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport",
            ErrorKind::InvalidResponse => "invalid-response",
        }
    }

    /// Okta's error body, when the kind carries one.
    pub fn okta(&self) -> Option<&OktaError> {
        match self {
            ErrorKind::Unauthorized { okta }
            | ErrorKind::Forbidden { okta, .. }
            | ErrorKind::NotFound { okta }
            | ErrorKind::RateLimited { okta, .. } => okta.as_ref(),
            ErrorKind::OktaApi { okta } => Some(okta),
            ErrorKind::InvalidInput { .. }
            | ErrorKind::LimitExceeded { .. }
            | ErrorKind::Timeout
            | ErrorKind::Transport
            | ErrorKind::InvalidResponse => None,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::InvalidInput { input, expected } => {
                write!(f, "invalid input `{input}` (expected {expected})")
            }
            ErrorKind::Forbidden {
                missing_scope: Some(scope),
                ..
            } => write!(f, "forbidden (missing scope {scope})"),
            ErrorKind::OktaApi { okta } => write!(
                f,
                "okta api error (HTTP {}, {})",
                okta.status, okta.error_code
            ),
            ErrorKind::RateLimited {
                reset_in_seconds, ..
            } => write!(f, "rate limited (resets in {reset_in_seconds} s)"),
            ErrorKind::LimitExceeded { limit, maximum } => {
                write!(f, "limit exceeded ({limit}: at most {maximum})")
            }
            other => f.write_str(&other.name().replace('-', " ")),
        }
    }
}

/// Okta's error body (`/api/v1` error schema).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaError {
    pub status: u16,
    /// Okta's stable code, such as `E0000007`.
    pub error_code: String,
    pub error_summary: String,
    pub error_id: Option<String>,
    pub error_causes: Vec<String>,
}

/// Why a call produced no output: the component's own error, or a failure around it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallError {
    /// The component answered with its typed error.
    Guest(GuestError),
    /// The guest executed wasm for longer than the CPU-time cap (time asleep or waiting for HTTP not counted).
    CpuTimeExceeded { limit: Duration },
    /// The guest tried to grow its memory past the cap.
    MemoryExceeded { limit: usize },
    /// The call took longer than the optional wall-clock cap.
    WallTimeExceeded { limit: Duration },
    /// The guest trapped (a panic, `unreachable`, an out-of-bounds access); its stderr is in the outcome.
    Trap { message: String },
    /// The component answered something the contract does not allow (such as output that is not JSON).
    Contract { message: String },
    /// The host could not start the call (instantiation failed).
    Host { message: String },
    /// The host stopped a running call with an error that is neither a trap nor a cap (wasmtime refused
    /// something the guest asked of it): a failure of the component's call, not of the harness.
    HostFault { message: String },
}

impl CallError {
    /// The component's typed error, when that is what happened.
    pub fn guest(&self) -> Option<&GuestError> {
        match self {
            CallError::Guest(e) => Some(e),
            _ => None,
        }
    }

    /// New connection state the component returned with its error (a secret), if any.
    pub fn connection_state(&self) -> Option<&str> {
        self.guest().and_then(|e| e.connection_state.as_deref())
    }

    /// The message, then Okta's code, error ID and causes (when Okta answered with an error) as indented lines,
    /// leaving out what the component's message already says: what a command line shows after `error:`.
    pub fn with_okta_details(&self) -> String {
        let mut message = self.to_string();
        let Some(okta) = self.guest().and_then(|g| g.kind.okta()) else {
            return message;
        };
        let mut lines = Vec::new();
        if !message.contains(&okta.error_code) {
            lines.push(format!("okta: {} {}", okta.error_code, okta.error_summary));
        }
        if let Some(id) = okta
            .error_id
            .as_ref()
            .filter(|id| !message.contains(id.as_str()))
        {
            lines.push(format!("errorId: {id}"));
        }
        let causes = okta
            .error_causes
            .iter()
            .filter(|c| !message.contains(c.as_str()));
        lines.extend(causes.map(|cause| format!("cause: {cause}")));
        for line in lines {
            message.push_str("\n  ");
            message.push_str(&line);
        }
        message
    }

    /// The error kind's name: the WIT case (`not-found` …) for guest errors, else `cpu-time-exceeded`,
    /// `memory-exceeded`, `wall-time-exceeded`, `trap`, `contract` or `host`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            CallError::Guest(e) => e.kind.name(),
            CallError::CpuTimeExceeded { .. } => "cpu-time-exceeded",
            CallError::MemoryExceeded { .. } => "memory-exceeded",
            CallError::WallTimeExceeded { .. } => "wall-time-exceeded",
            CallError::Trap { .. } => "trap",
            CallError::Contract { .. } => "contract",
            CallError::Host { .. } => "host",
            CallError::HostFault { .. } => "host-fault",
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Guest(e) => e.fmt(f),
            CallError::CpuTimeExceeded { limit } => {
                write!(
                    f,
                    "the component ran longer than its CPU-time cap of {limit:?} and was stopped"
                )
            }
            CallError::MemoryExceeded { limit } => {
                write!(
                    f,
                    "the component needed more than its memory cap of {} MiB and was stopped",
                    limit >> 20
                )
            }
            CallError::WallTimeExceeded { limit } => {
                write!(f, "the call took longer than {limit:?} and was stopped")
            }
            CallError::Trap { message } => write!(f, "the component trapped: {message}"),
            CallError::Contract { message } => {
                write!(f, "the component broke the contract: {message}")
            }
            CallError::Host { message } => {
                write!(f, "the host could not run the component: {message}")
            }
            CallError::HostFault { message } => {
                write!(f, "the host stopped the component's call: {message}")
            }
        }
    }
}

impl std::error::Error for CallError {}

impl From<GuestError> for CallError {
    fn from(e: GuestError) -> Self {
        CallError::Guest(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names() {
        assert_eq!(env_var_for_input("oktaDomain"), "OKTA_DOMAIN");
        assert_eq!(env_var_for_input("apiToken"), "OKTA_API_TOKEN");
        assert_eq!(env_var_for_input("clientId"), "OKTA_CLIENT_ID");
        assert_eq!(env_var_for_input("privateKey"), "OKTA_PRIVATE_KEY");
        assert_eq!(env_var_for_input("privateKeyPEM"), "OKTA_PRIVATE_KEY_PEM");
        assert_eq!(env_var_for_input("keyID"), "OKTA_KEY_ID");
        assert_eq!(env_var_for_input("scopes-2"), "OKTA_SCOPES_2");
    }

    #[test]
    fn connection_from_vars_and_debug() {
        let input = |key: &str| InputDef {
            key: key.to_owned(),
            label: key.to_owned(),
            input_type: InputType::String,
            required: true,
            default: None,
            example: None,
            comments: None,
            allowed_values: Vec::new(),
            data_source: None,
        };
        let def = ConnectionDef {
            key: "apiToken".to_owned(),
            label: "API Token".to_owned(),
            description: String::new(),
            kind: ConnectionKind::ApiToken,
            inputs: vec![input("oktaDomain"), input("apiToken")],
        };
        assert!(Connection::from_vars(&def, |_| None).is_none());
        let vars = |name: &str| (name == "OKTA_API_TOKEN").then(|| "s3cret".to_owned());
        let connection = Connection::from_vars(&def, vars).unwrap();
        assert_eq!(connection.field("apiToken"), Some("s3cret"));
        assert_eq!(connection.field("oktaDomain"), None);
        assert!(!format!("{connection:?}").contains("s3cret"));
    }

    #[test]
    fn guest_errors_print_kind_and_message() {
        let error = GuestError {
            kind: ErrorKind::NotFound { okta: None },
            message: "no user 00u1".to_owned(),
            retryable: false,
            connection_state: Some("s3cret-state".to_owned()),
        };
        assert_eq!(error.to_string(), "not-found: no user 00u1");
        assert!(!format!("{error:?}").contains("s3cret"));
        assert!(!serde_json::to_string(&error).unwrap().contains("s3cret"));
        assert_eq!(CallError::Guest(error).kind_name(), "not-found");
    }

    #[test]
    fn okta_details_add_only_what_the_message_does_not_say() {
        let okta = OktaError {
            status: 400,
            error_code: "E0000001".to_owned(),
            error_summary: "Api validation failed: login".to_owned(),
            error_id: Some("oae1".to_owned()),
            error_causes: vec!["login: already exists".to_owned(), "said".to_owned()],
        };
        let error = CallError::Guest(GuestError {
            kind: ErrorKind::OktaApi { okta },
            message: "E0000001 said".to_owned(),
            retryable: false,
            connection_state: None,
        });
        assert_eq!(
            error.with_okta_details(),
            "okta-api: E0000001 said\n  errorId: oae1\n  cause: login: already exists"
        );
        let trap = CallError::Trap {
            message: "unreachable".to_owned(),
        };
        assert_eq!(trap.with_okta_details(), trap.to_string());
    }

    #[test]
    fn action_output_must_be_json() {
        assert!(ActionOutput::new("{\"data\":1".to_owned(), None).is_err());
        let output = ActionOutput::new("{\"data\":{\"id\":\"00u1\"}}".to_owned(), None).unwrap();
        assert_eq!(output.data()["id"], "00u1");
    }
}
