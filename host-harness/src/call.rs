//! Calling the component: per-call options, a fresh store and instance per call, the export calls, and turning
//! what happened into an [`Outcome`].

use crate::Route;
use crate::bindings;
use crate::host::{self, HostState, Limits, LogPipe};
use crate::load::Harness;
use crate::trace::Recorder;
use crate::types::{
    ActionOutput, AuthorizationRequest, CallError, Connection, ConnectionState, DataSourceOutput,
    DeployOutput, GuestError, Manifest, Outcome, PollOutput, WebhookOutput, WebhookRequest,
};
use std::time::Duration;
use wasmtime::Store;

/// No inputs, for calls that take none: `harness.perform("x", &conn, NO_INPUTS, &route)`.
pub const NO_INPUTS: &[(&str, &str)] = &[];

/// Per-call options: the route, whether to trace, and optional caps. `&Route` and `Route` convert into these, so
/// `harness.perform(key, &conn, &inputs, &route)` works; [`CallOptions::traced`] asks for a trace.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    pub route: Route,
    /// Capture each HTTP exchange (redacted) in [`Outcome::trace`]. Off by default: counting is always on.
    pub trace: bool,
    /// Caps for this call instead of the harness's.
    pub limits: Option<Limits>,
}

impl CallOptions {
    /// Untraced, with the harness's caps.
    pub fn new(route: Route) -> Self {
        CallOptions {
            route,
            trace: false,
            limits: None,
        }
    }

    /// Traced, with the harness's caps.
    pub fn traced(route: Route) -> Self {
        CallOptions::new(route).trace(true)
    }

    /// Turns the trace on or off.
    pub fn trace(mut self, on: bool) -> Self {
        self.trace = on;
        self
    }

    /// Caps this call differently from the harness's default.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Some(limits);
        self
    }
}

impl From<Route> for CallOptions {
    fn from(route: Route) -> Self {
        CallOptions::new(route)
    }
}

impl From<&Route> for CallOptions {
    fn from(route: &Route) -> Self {
        CallOptions::new(route.clone())
    }
}

impl From<&CallOptions> for CallOptions {
    fn from(options: &CallOptions) -> Self {
        options.clone()
    }
}

/// One call in progress: its store, instance, log and recorder.
struct Session {
    store: Store<HostState>,
    okta: bindings::Okta,
    log: LogPipe,
    recorder: Recorder,
    limits: Limits,
}

impl Harness {
    /// The component's manifest. It makes no HTTP requests (any it tried would be denied).
    pub async fn manifest(&self) -> Result<Manifest, CallError> {
        self.manifest_outcome().await.result
    }

    /// [`Harness::manifest`] with the guest's log and timings.
    pub async fn manifest_outcome(&self) -> Outcome<Manifest> {
        let mut s = match self.start(None, false, None).await {
            Ok(s) => s,
            Err(outcome) => return outcome,
        };
        let result = run(
            s.limits,
            s.okta
                .okta_management_manifest()
                .call_get_manifest(&mut s.store),
        )
        .await;
        s.finish(result, |m| Answer::Output(Manifest::from(m)))
    }

    /// Runs the action `key`. `inputs` are `(key, value)` text pairs, as the platform holds them.
    pub async fn perform<K: AsRef<str>, V: AsRef<str>>(
        &self,
        key: &str,
        connection: &Connection,
        inputs: &[(K, V)],
        options: impl Into<CallOptions>,
    ) -> Outcome<ActionOutput> {
        let (conn, inputs) = (
            bindings::connection(connection),
            bindings::input_values(inputs),
        );
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_actions()
                    .call_perform(store, key, &conn, &inputs)
                    .await
            },
            |r| answer(r, bindings::action_output),
        )
        .await
    }

    /// Fills the data source `key`.
    pub async fn fetch<K: AsRef<str>, V: AsRef<str>>(
        &self,
        key: &str,
        connection: &Connection,
        inputs: &[(K, V)],
        options: impl Into<CallOptions>,
    ) -> Outcome<DataSourceOutput> {
        let (conn, inputs) = (
            bindings::connection(connection),
            bindings::input_values(inputs),
        );
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_data_sources()
                    .call_fetch(store, key, &conn, &inputs)
                    .await
            },
            |r| answer(r, |o| Ok(bindings::data_source_output(o))),
        )
        .await
    }

    /// Polls the trigger `key`; `state` is what the previous poll returned (`None` the first time).
    pub async fn poll<K: AsRef<str>, V: AsRef<str>>(
        &self,
        key: &str,
        connection: &Connection,
        inputs: &[(K, V)],
        state: Option<&str>,
        options: impl Into<CallOptions>,
    ) -> Outcome<PollOutput> {
        let (conn, inputs) = (
            bindings::connection(connection),
            bindings::input_values(inputs),
        );
        let state = state.map(str::to_owned);
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_triggers()
                    .call_poll(store, key, &conn, &inputs, state.as_deref())
                    .await
            },
            |r| answer(r, bindings::poll_output),
        )
        .await
    }

    /// Sets up the webhook trigger `key` to deliver to `webhook_url`.
    pub async fn deploy<K: AsRef<str>, V: AsRef<str>>(
        &self,
        key: &str,
        connection: &Connection,
        inputs: &[(K, V)],
        webhook_url: &str,
        options: impl Into<CallOptions>,
    ) -> Outcome<DeployOutput> {
        let (conn, inputs) = (
            bindings::connection(connection),
            bindings::input_values(inputs),
        );
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_triggers()
                    .call_deploy(store, key, &conn, &inputs, webhook_url)
                    .await
            },
            |r| answer(r, |o| Ok(bindings::deploy_output(o))),
        )
        .await
    }

    /// Tears down what [`Harness::deploy`] set up; returns new connection state, if any.
    pub async fn undeploy<K: AsRef<str>, V: AsRef<str>>(
        &self,
        key: &str,
        connection: &Connection,
        inputs: &[(K, V)],
        instance_state: &str,
        options: impl Into<CallOptions>,
    ) -> Outcome<Option<String>> {
        let (conn, inputs) = (
            bindings::connection(connection),
            bindings::input_values(inputs),
        );
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_triggers()
                    .call_undeploy(store, key, &conn, &inputs, instance_state)
                    .await
            },
            |r| answer(r, Ok),
        )
        .await
    }

    /// Handles one request Okta sent to the webhook trigger `key`. The trigger has no connection; requests it makes
    /// (if any) follow `options.route`.
    pub async fn handle_webhook<K: AsRef<str>, V: AsRef<str>>(
        &self,
        key: &str,
        inputs: &[(K, V)],
        instance_state: &str,
        request: &WebhookRequest,
        options: impl Into<CallOptions>,
    ) -> Outcome<WebhookOutput> {
        let (inputs, request) = (
            bindings::input_values(inputs),
            bindings::webhook_request(request),
        );
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_triggers()
                    .call_handle_webhook(store, key, &inputs, instance_state, &request)
                    .await
            },
            |r| answer(r, bindings::webhook_output),
        )
        .await
    }

    /// Starts the OAuth 2.0 authorization code flow on `connection` (an authorization code connection): the
    /// authorize URL to send a browser to (with `state` and the PKCE challenge) and the `pending` secret to keep
    /// until the redirect to `redirect_uri` comes back. The component makes no request for this.
    pub async fn start_authorization(
        &self,
        connection: &Connection,
        redirect_uri: &str,
        options: impl Into<CallOptions>,
    ) -> Outcome<AuthorizationRequest> {
        let conn = bindings::connection(connection);
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_oauth()
                    .call_start_authorization(store, &conn, redirect_uri)
                    .await
            },
            |r| answer(r, |o| Ok(bindings::authorization_request(o))),
        )
        .await
    }

    /// Finishes the flow [`Harness::start_authorization`] started: checks the redirect's `state` against
    /// `pending`, exchanges the code at the token endpoint, and returns the connection state holding the tokens (a
    /// secret: keep it with [`Connection::remember`], or store [`ConnectionState::as_str`] and pass it back as
    /// [`Connection::state`]). `callback` is the redirect's whole URL or just its query string (`code=…&state=…`).
    pub async fn finish_authorization(
        &self,
        connection: &Connection,
        redirect_uri: &str,
        pending: &str,
        callback: &str,
        options: impl Into<CallOptions>,
    ) -> Outcome<ConnectionState> {
        let conn = bindings::connection(connection);
        self.call(
            options.into(),
            async |okta, store| {
                okta.okta_management_oauth()
                    .call_finish_authorization(store, &conn, redirect_uri, pending, callback)
                    .await
            },
            |r| answer(r, |state| Ok(ConnectionState::new(state))),
        )
        .await
    }

    /// One export call in a fresh session: start it, run `export` under the caps, and convert its answer.
    async fn call<W, T>(
        &self,
        options: CallOptions,
        export: impl AsyncFnOnce(&bindings::Okta, &mut Store<HostState>) -> wasmtime::Result<W>,
        convert: impl FnOnce(W) -> Answer<T>,
    ) -> Outcome<T> {
        let mut s = match self
            .start(Some(options.route), options.trace, options.limits)
            .await
        {
            Ok(s) => s,
            Err(outcome) => return outcome,
        };
        let result = run(s.limits, export(&s.okta, &mut s.store)).await;
        s.finish(result, convert)
    }

    /// A fresh store and instance for one call.
    async fn start<T>(
        &self,
        route: Option<Route>,
        trace: bool,
        limits: Option<Limits>,
    ) -> Result<Session, Outcome<T>> {
        let limits = limits.unwrap_or(self.inner.limits);
        let log = LogPipe::new(limits.log);
        let recorder = Recorder::new(trace);
        let mut store = host::new_store(
            &self.inner.engine,
            &limits,
            route,
            self.inner.network.clone(),
            recorder.clone(),
            &log,
        );
        match self.inner.pre.instantiate_async(&mut store).await {
            Ok(okta) => {
                // Metering also starts on `CallingWasm`; starting here makes sure a guest that never calls the
                // host is metered from its first instruction.
                store.data_mut().cpu.start();
                Ok(Session {
                    store,
                    okta,
                    log,
                    recorder,
                    limits,
                })
            }
            Err(error) => {
                let session_error = classify(&store, &limits, &log, error);
                Err(Outcome {
                    result: Err(session_error),
                    trace: Vec::new(),
                    http_calls: 0,
                    stderr: log.contents(),
                    cpu_time: Duration::ZERO,
                    memory: store.data().memory.used(),
                })
            }
        }
    }
}

/// A call's result before conversion: `Err(WallTimeExceeded)` from the wall cap, else wasmtime's result.
type Raw<T> = Result<wasmtime::Result<T>, CallError>;

/// Runs an export call under the optional wall-clock cap.
async fn run<T>(limits: Limits, call: impl Future<Output = wasmtime::Result<T>>) -> Raw<T> {
    match limits.wall_time {
        None => Ok(call.await),
        Some(limit) => tokio::time::timeout(limit, call)
            .await
            .map_err(|_| CallError::WallTimeExceeded { limit }),
    }
}

/// What an export answered, once converted.
enum Answer<T> {
    Output(T),
    Guest(GuestError),
    /// The answer broke the contract (output that is not JSON …).
    Contract(String),
}

/// Converts an export's `result<_, error>` with `convert`, which checks the contract.
fn answer<W, T>(
    result: Result<W, bindings::wit::Error>,
    convert: impl FnOnce(W) -> Result<T, String>,
) -> Answer<T> {
    match result.map(convert) {
        Ok(Ok(output)) => Answer::Output(output),
        Ok(Err(contract)) => Answer::Contract(contract),
        Err(error) => Answer::Guest(error.into()),
    }
}

impl Session {
    /// Turns the export's raw result into an [`Outcome`], with the trace, request count, log and CPU time.
    fn finish<W, T>(self, raw: Raw<W>, convert: impl FnOnce(W) -> Answer<T>) -> Outcome<T> {
        let result = match raw {
            Err(error) => Err(error),
            Ok(Err(trap)) => Err(match classify(&self.store, &self.limits, &self.log, trap) {
                // Instantiation succeeded, so the host is fine: the call itself failed.
                CallError::Host { message } => CallError::HostFault { message },
                other => other,
            }),
            Ok(Ok(value)) => match convert(value) {
                Answer::Output(output) => Ok(output),
                Answer::Guest(error) => Err(CallError::Guest(error)),
                Answer::Contract(message) => Err(CallError::Contract { message }),
            },
        };
        let (http_calls, trace) = self.recorder.finish();
        let cpu_time = self.store.data().cpu.used();
        Outcome {
            result,
            trace,
            http_calls,
            stderr: self.log.contents(),
            cpu_time,
            memory: self.store.data().memory.used(),
        }
    }
}

/// Names a wasmtime failure: one of our caps, or a trap (with the guest's panic message when it left one).
fn classify(
    store: &Store<HostState>,
    limits: &Limits,
    log: &LogPipe,
    error: wasmtime::Error,
) -> CallError {
    let state = store.data();
    if state.cpu.exceeded {
        CallError::CpuTimeExceeded {
            limit: limits.cpu_time,
        }
    } else if state.memory.exceeded {
        CallError::MemoryExceeded {
            limit: limits.memory,
        }
    } else if let Some(trap) = error.downcast_ref::<wasmtime::Trap>() {
        let message = match panic_message(&log.contents()) {
            Some(panic) => format!("{trap} ({panic})"),
            None => trap.to_string(),
        };
        CallError::Trap { message }
    } else {
        CallError::Host {
            message: format!("{error:#}"),
        }
    }
}

/// `panicked at src/x.rs:1:2: message` from a Rust guest's log: the `panicked at` line and the message after it.
fn panic_message(log: &str) -> Option<String> {
    let mut lines = log.lines().skip_while(|l| !l.contains("panicked at"));
    let at = lines.next()?.trim();
    let at = at.find("panicked at").map_or(at, |i| &at[i..]);
    match lines
        .next()
        .map(str::trim)
        .filter(|m| !m.is_empty() && !m.starts_with("note:"))
    {
        Some(message) => Some(format!("{at} {message}")),
        None => Some(at.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_messages() {
        let log = "perform x\n\nthread '<unnamed>' (1) panicked at src/lib.rs:98:24:\nboom\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            panic_message(log).as_deref(),
            Some("panicked at src/lib.rs:98:24: boom")
        );
        assert_eq!(panic_message("all fine"), None);
    }
}
