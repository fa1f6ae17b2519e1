//! An in-memory fake Okta org: it answers Okta Management API requests from state it keeps, so the
//! component can be exercised end to end (create a user, then find it in a search) without a network.
//!
//! It is pure request → reply logic: no sockets, no async, no wasmtime, so it builds and tests on
//! its own. A host (the `okta-harness` crate re-exports it as `okta_harness::fake_org`) hands it an
//! `http::Request<Bytes>`, sleeps [`FakeReply::delay`], and sends back [`FakeReply::response`] (or
//! drops the connection when there is none).
//!
//! Behaviour follows Okta's OpenAPI spec and traffic recorded against real orgs; where both are
//! silent the choice is documented beside the code that makes it; the sample objects it serves
//! conform to the spec's schemas (`tests/spec_conformance.rs` checks each one).
//!
//! Each resource has its own module (`users`, `groups`, `apps`, `event_hooks`, `factors`,
//! `user_types`, `realms`, `policies`, `logs`) and lists its routes as data, which `router`
//! dispatches on. What they share lives once:
//! - `store`: objects by ID in ID order, `after` cursors as ranges, and the 404 of each kind;
//! - `listing` and `paging`: `limit`, `after`, sorting, and the `Link` headers of a page;
//! - `scim` (with `lexer`): the one parser of `filter`/`search` expressions; each resource gives
//!   its grammar (the users give two: `filter` and `search`);
//! - `pattern`: which route a path belongs to, for the router and the OAuth scope check alike;
//! - `errors` and `resource_errors`: Okta's error bodies; `secret`: comparing a presented secret.
//!
//! ```text
//! handle ─► record ─► fault? ─► rate count ─► auth (/api/v1) ─► router ─► users::… ─► headers::finish
//!                                                   observe ─┘            └─► System Log, cascade
//!                                                                         └─► event hook calls (outbound)
//! ```
//!
//! Calls to event hook URLs (verification and deliveries) leave through a [`HookSender`] the host
//! installs; see [`outbound`] for how a verification waits for its answer without the org's lock.

mod apps;
mod auth;
mod cascade;
mod errors;
mod event_hooks;
mod factors;
mod faults;
mod groups;
mod headers;
mod ids;
mod json;
mod lexer;
mod listing;
mod logs;
mod oauth;
mod org;
pub mod outbound;
mod paging;
mod pattern;
mod policies;
mod polling;
mod realms;
mod reply;
mod request;
mod resource_errors;
mod router;
mod sample;
mod scim;
mod secret;
mod store;
#[cfg(test)]
mod test_support;
mod time;
mod user_types;
mod users;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::request::Parts;
use http::{Method, Request, Response};
use serde_json::Value;

pub use faults::{Fault, FaultKind};
pub use oauth::{ServiceApp, WebApp};
pub use outbound::{DeliveryFault, HookAnswer, HookCall, HookSender};

use errors::ApiError;
use event_hooks::HookStatus;
use faults::FaultQueue;
use groups::GroupType;
use headers::{RateLimits, RateStatus, Stamp};
use org::Org;
use outbound::Outbox;
use reply::Reply;
use request::ApiRequest;
use time::Timestamp;
use users::model::Status;
use users::render::{Links, user_json};

/// Where the org's "now" comes from: `SystemTime::now` by default, a fixed or stepping instant in
/// tests (timestamps, `Date` and rate-limit windows all follow it).
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

#[derive(Clone)]
pub struct FakeOrgConfig {
    /// How many sample users to seed, the admin (`me`) included; 0 gives an org without users.
    pub users: usize,
    /// The token accepted in `Authorization: SSWS {token}`.
    pub api_token: String,
    pub clock: Clock,
}

impl Default for FakeOrgConfig {
    fn default() -> Self {
        FakeOrgConfig {
            users: 300,
            api_token: "fake-okta-api-token-0123456789".to_owned(),
            clock: Arc::new(SystemTime::now),
        }
    }
}

impl fmt::Debug for FakeOrgConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeOrgConfig")
            .field("users", &self.users)
            .field("api_token", &"***")
            .finish_non_exhaustive()
    }
}

/// A fake Okta org. Cheap to clone; clones share the same org.
#[derive(Clone)]
pub struct FakeOrg {
    inner: Arc<Inner>,
}

struct Inner {
    api_token: String,
    clock: Clock,
    state: Mutex<State>,
}

/// Everything that changes, behind one lock: a request is handled atomically.
struct State {
    org: Org,
    faults: FaultQueue,
    log: Vec<RecordedRequest>,
    rate: RateLimits,
    /// Registered OAuth apps and the tokens issued to them.
    oauth: oauth::OAuthServer,
    /// Calls to event hook URLs: the sender, delivery faults, what was handed over.
    outbox: Outbox,
    /// A request waiting for a call to a hook URL before it can be answered (a verification).
    paused: Option<Paused>,
}

/// A request parked between the two runs of its handler (see [`outbound`]).
struct Paused {
    request: ApiRequest,
    step: Step,
    call: HookCall,
}

/// A request's route, once found and authorized, and what was noted before its handler ran.
struct Step {
    route: &'static router::Route,
    params: Vec<String>,
    observed: Option<logs::audit::Observation>,
    watched: Option<cascade::Watch>,
}

/// The answer to one request.
#[derive(Debug)]
pub struct FakeReply {
    /// `None` means: drop the connection without answering (a [`FaultKind::Disconnect`]).
    pub response: Option<Response<Bytes>>,
    /// How long the caller waits before answering (a [`FaultKind::Slow`]; zero otherwise).
    pub delay: Duration,
}

/// A request as the org received it, for assertions on what the component sent.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: Method,
    pub uri: String,
    /// Header names in lower case, values as text (bytes that are not UTF-8 become U+FFFD).
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub at: SystemTime,
}

impl RecordedRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn new(parts: &Parts, body: &Bytes, at: SystemTime) -> RecordedRequest {
        RecordedRequest {
            method: parts.method.clone(),
            uri: parts.uri.to_string(),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect(),
            body: body.clone(),
            at,
        }
    }
}

impl FakeOrg {
    /// The org's domain: links use it when a request has no `Host`, and so do the accessors below.
    pub const DOMAIN: &'static str = "fake-org.okta.com";
    /// The password of every seeded user that has one.
    pub const SAMPLE_PASSWORD: &'static str = sample::SAMPLE_PASSWORD;
    /// The login of the seeded admin, the API token's owner (`/api/v1/users/me`).
    pub const ADMIN_LOGIN: &'static str = sample::ADMIN_LOGIN;

    /// Seeds the sample org; the same configuration always gives the same IDs and users.
    pub fn new(config: FakeOrgConfig) -> FakeOrg {
        let now = Timestamp::from_system((config.clock)()).whole_seconds();
        let org = sample::build(config.users, now);
        org.users.render_all();
        let outbox = Outbox::after(org.log.last_seq());
        let state = State {
            org,
            faults: FaultQueue::default(),
            log: Vec::new(),
            rate: RateLimits::default(),
            oauth: oauth::OAuthServer::default(),
            outbox,
            paused: None,
        };
        FakeOrg {
            inner: Arc::new(Inner {
                api_token: config.api_token,
                clock: config.clock,
                state: Mutex::new(state),
            }),
        }
    }

    /// `FakeOrg::new(FakeOrgConfig::default())`: 300 users, the default token, the system clock.
    pub fn sample() -> FakeOrg {
        FakeOrg::new(FakeOrgConfig::default())
    }

    pub fn api_token(&self) -> String {
        self.inner.api_token.clone()
    }

    /// Answers one request. The URI is absolute (`https://fake-org.okta.com/api/v1/users?limit=2`)
    /// or origin-form (`/api/v1/users?limit=2`) with a `Host` header (and optionally
    /// `X-Forwarded-Proto`); links in the answer use that origin. Never panics, whatever the input.
    pub fn handle(&self, request: Request<Bytes>) -> FakeReply {
        let arrived = (self.inner.clock)();
        let now = Timestamp::from_system(arrived);
        let (parts, body) = request.into_parts();
        let mut state = self.lock();
        state.log.push(RecordedRequest::new(&parts, &body, arrived));
        let request_id = state.org.ids.request_id();
        let fault = state.faults.take(&parts.method, parts.uri.path());
        let mut rate = state
            .rate
            .count(headers::bucket(&parts.method, parts.uri.path()), now);
        let mut delay = Duration::ZERO;
        let mut reply = match fault {
            Some(FaultKind::Disconnect) => {
                return FakeReply {
                    response: None,
                    delay,
                };
            }
            Some(FaultKind::RateLimited { reset_in }) => {
                rate = exhausted(rate, now, reset_in);
                Err(ApiError::rate_limited())
            }
            Some(FaultKind::ServerError(code)) => faults::server_error(code),
            Some(FaultKind::MalformedBody) => Ok(faults::malformed_body()),
            Some(FaultKind::Answer {
                status,
                headers,
                body,
            }) => Ok(faults::answer(status, &headers, &body)),
            Some(FaultKind::Slow(wait)) => {
                delay = wait;
                state.serve(parts, body, &self.inner.api_token, now, &request_id)
            }
            None => state.serve(parts, body, &self.inner.api_token, now, &request_id),
        };
        if let Some(paused) = state.paused.take() {
            let sender = state.outbox.sender();
            drop(state);
            let verdict = event_hooks::verification::attempt(sender.as_deref(), &paused.call);
            state = self.lock();
            state
                .org
                .challenges
                .set_verdict(&paused.call.hook_id, verdict);
            reply = state.run(paused.request, paused.step, &request_id);
        }
        let response = state.finish(reply, now, rate, request_id);
        self.deliver(state);
        FakeReply {
            response: Some(response),
            delay,
        }
    }

    /// Installs what sends the org's calls to event hook URLs (see [`outbound`]). Without one no
    /// URL answers a verification and deliveries are only recorded.
    pub fn set_hook_sender(&self, sender: std::sync::Arc<dyn HookSender>) {
        self.lock().outbox.set_sender(sender);
    }

    /// Queues a fault for the next `times` deliveries (see [`DeliveryFault`]).
    pub fn inject_delivery_fault(&self, fault: DeliveryFault, times: u32) {
        self.lock().outbox.inject(fault, times);
    }

    /// Every delivery handed to the sender so far (or that would have been, without one), in
    /// order, duplicates included.
    pub fn deliveries(&self) -> Vec<HookCall> {
        self.lock().outbox.handed()
    }

    /// Whether answering a request with this method and path may block on a call to a hook URL
    /// (a verification, with a sender installed): an async host runs it on a blocking thread.
    pub fn calls_out(&self, method: &Method, path: &str) -> bool {
        method == Method::POST
            && path.starts_with("/api/v1/eventHooks/")
            && path.trim_end_matches('/').ends_with("/lifecycle/verify")
            && self.lock().outbox.sender().is_some()
    }

    /// Hands the deliveries that the events recorded since the last look call for to the sender,
    /// after releasing the lock.
    fn deliver(&self, mut state: MutexGuard<'_, State>) {
        let now = Timestamp::from_system((self.inner.clock)());
        let State { org, outbox, .. } = &mut *state;
        let calls = outbox.collect(org, now);
        let sender = outbox.sender();
        drop(state);
        outbound::hand_over(sender, calls);
    }

    /// Queues a fault; see [`Fault`] for how faults match and wear out.
    pub fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// Every request handled so far, in order, faulted ones included.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().log.clone()
    }

    /// The user's current JSON (as `GET /api/v1/users/{id}` returns it on this org's domain), found
    /// by ID, login, unambiguous shortname or `me`.
    pub fn user(&self, id_or_login: &str) -> Option<Value> {
        let state = self.lock();
        let org = &state.org;
        let id = org.resolve_user(id_or_login)?;
        let user = org.users.get(&id)?;
        let origin = format!("https://{}", FakeOrg::DOMAIN);
        Some(user_json(user, &org.user_type, &origin, Links::Full))
    }

    /// Users in the org, DEPROVISIONED ones included.
    pub fn user_count(&self) -> usize {
        self.lock().org.users.len()
    }

    /// Test setup: puts a user (by ID or login) straight into `status`, e.g. `"LOCKED_OUT"`.
    ///
    /// # Panics
    /// On an unknown status or user: a typo in a test should fail loudly, not pass silently.
    pub fn set_user_status(&self, id: &str, status: &str) {
        let Some(status) = Status::parse(status) else {
            panic!("unknown user status {status:?} (expected STAGED, ACTIVE, LOCKED_OUT, …)");
        };
        let now = self.now();
        let found = {
            let mut state = self.lock();
            let org = &mut state.org;
            org.resolve_user(id).and_then(|id| {
                org.users.update(&id, |user| {
                    user.transition(status, now);
                    if status != Status::Staged && user.activated.is_none() {
                        user.activated = Some(now);
                    }
                })
            })
        };
        assert!(found.is_some(), "no user {id:?} in the fake org");
    }

    /// Creates a group (`OKTA_GROUP`) and returns its ID (`00g…`).
    pub fn add_group(&self, name: &str) -> String {
        let now = self.now();
        let mut state = self.lock();
        let org = &mut state.org;
        org.groups
            .create(&mut org.ids, name, "", GroupType::OktaGroup, now)
    }

    /// Creates an `APP_GROUP` imported from the sample org's Active Directory and returns its ID:
    /// the API refuses to edit it or its members.
    pub fn add_app_group(&self, name: &str) -> String {
        let now = self.now();
        let mut state = self.lock();
        let org = &mut state.org;
        let source = apps::catalog::directory_id(org);
        let profile = groups::profile(name, None, serde_json::Map::new());
        org.groups
            .insert(&mut org.ids, GroupType::AppGroup, profile, source, now)
    }

    /// The IDs of a group's members, in ID order (empty for an unknown group).
    pub fn group_members(&self, group_id: &str) -> Vec<String> {
        self.lock().org.groups.members(group_id)
    }

    /// The group's JSON (as `GET /api/v1/groups/{id}` returns it on this org's domain).
    pub fn group(&self, id: &str) -> Option<Value> {
        let state = self.lock();
        let group = state.org.groups.get(id)?;
        let mut out = Vec::new();
        groups::write_group(&mut out, group, &Self::origin());
        serde_json::from_slice(&out).ok()
    }

    /// The app's JSON (as `GET /api/v1/apps/{id}` returns it), INACTIVE ones included.
    pub fn app(&self, id: &str) -> Option<Value> {
        let state = self.lock();
        let app = state.org.apps.get(id)?;
        let mut out = Vec::new();
        apps::render::write_app(&mut out, app, &Self::origin(), None);
        serde_json::from_slice(&out).ok()
    }

    /// Every app's ID (`0oa…`), in ID order, INACTIVE ones included.
    pub fn app_ids(&self) -> Vec<String> {
        self.lock()
            .org
            .apps
            .iter()
            .map(|app| app.id.clone())
            .collect()
    }

    /// The user's assignment to the app (`AppUser`, as `GET /api/v1/apps/{a}/users/{u}` returns
    /// it), by user ID; `None` if the user is not assigned.
    pub fn app_user(&self, app_id: &str, user_id: &str) -> Option<Value> {
        let state = self.lock();
        let assignment = state.org.apps.assignment(app_id, user_id)?;
        let mut out = Vec::new();
        apps::render::write_app_user(&mut out, assignment, &Self::origin(), None);
        serde_json::from_slice(&out).ok()
    }

    /// Every event hook's JSON, in ID (creation) order.
    pub fn event_hooks(&self) -> Vec<Value> {
        let state = self.lock();
        let origin = Self::origin();
        state
            .org
            .hooks
            .iter()
            .map(|hook| event_hooks::hook_json(hook, &origin))
            .collect()
    }

    /// Test setup: an UNVERIFIED event hook on `uri` subscribed to `user.lifecycle.create`, in
    /// `status`; returns its ID (`who…`).
    ///
    /// # Panics
    /// On a status other than `"ACTIVE"` or `"INACTIVE"`: a typo in a test should fail loudly.
    pub fn add_event_hook(&self, name: &str, uri: &str, status: &str) -> String {
        let Some(status) = HookStatus::parse(status) else {
            panic!("unknown event hook status {status:?} (expected ACTIVE or INACTIVE)");
        };
        let now = self.now();
        event_hooks::add(&mut self.lock().org, name, uri, status, now)
    }

    /// The user's enrolled factors (`UserFactor` JSON), by user ID; empty for an unknown user.
    pub fn factors(&self, user_id: &str) -> Vec<Value> {
        factors::factors_json(&self.lock().org, user_id, &Self::origin())
    }

    /// Every System Log event (`LogEvent` JSON), in the order they were recorded: the seeded
    /// history first, then one or more per successful state-changing call.
    pub fn log_events(&self) -> Vec<Value> {
        logs::events_json(&self.lock().org)
    }

    /// Test setup: records `n` sign-in events (`user.session.start`) published now, as if users
    /// had signed in, e.g. for a poll to pick up.
    pub fn add_log_events(&self, n: usize) {
        let now = self.now();
        let mut state = self.lock();
        logs::history::add_recent(&mut state.org, n, now);
        self.deliver(state);
    }

    fn origin() -> String {
        format!("https://{}", FakeOrg::DOMAIN)
    }

    fn now(&self) -> Timestamp {
        Timestamp::from_system((self.inner.clock)()).whole_seconds()
    }

    /// A panic elsewhere must not take the org down with it: a poisoned lock is still used.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for FakeOrg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeOrg")
            .field("users", &self.user_count())
            .finish_non_exhaustive()
    }
}

impl State {
    /// The org's own answer: authentication for `/api/v1`, then the route's handler. A call that
    /// changes something is written to the System Log, and its consequences for other resources
    /// applied ([`cascade`]), once it has succeeded.
    fn serve(
        &mut self,
        parts: Parts,
        body: Bytes,
        api_token: &str,
        now: Timestamp,
        request_id: &str,
    ) -> Result<Reply, ApiError> {
        let request = ApiRequest::new(parts.method, &parts.uri, parts.headers, body, now);
        if request.path == "/api/v1" || request.path.starts_with("/api/v1/") {
            let raw_path = parts.uri.path();
            let (oauth, ids) = (&mut self.oauth, &mut self.org.ids);
            if let Err(refusal) = auth::authenticate(&request, raw_path, api_token, oauth, ids) {
                return refusal.into_result();
            }
        }
        if let Some(reply) = router::dispatch_oauth(&mut self.oauth, &mut self.org, &request) {
            return reply;
        }
        let Some((route, params)) = router::find(&request.path) else {
            return Err(ApiError::unknown_path(&request.path));
        };
        let observed = logs::audit::observe(&self.org, &request, route.pattern, &params);
        let watched = cascade::watch(&self.org, &request, route.pattern, &params);
        let step = Step {
            route,
            params,
            observed,
            watched,
        };
        self.run(request, step, request_id)
    }

    /// Runs the route's handler and, once it succeeded, writes the log and applies the cascade. A
    /// handler that must call a hook URL first leaves the call with the org: the request is then
    /// parked in `paused` (its reply is a placeholder) until `handle` has the answer.
    fn run(
        &mut self,
        request: ApiRequest,
        step: Step,
        request_id: &str,
    ) -> Result<Reply, ApiError> {
        let reply = step.route.handle(&mut self.org, &request, &step.params)?;
        if let Some(call) = self.org.challenges.take_asked() {
            self.paused = Some(Paused {
                request,
                step,
                call,
            });
            return Ok(reply);
        }
        if let Some(observation) = step.observed {
            logs::audit::record(&mut self.org, &request, observation, &reply, request_id);
        }
        if let Some(watch) = step.watched {
            cascade::apply(&mut self.org, watch, &reply);
        }
        Ok(reply)
    }

    /// Errors become Okta error bodies; every reply gets `Date`, the request's ID and rate limits.
    fn finish(
        &mut self,
        reply: Result<Reply, ApiError>,
        now: Timestamp,
        rate: RateStatus,
        request_id: String,
    ) -> Response<Bytes> {
        let reply = reply.unwrap_or_else(|error| {
            let error_id = self.org.ids.error_id();
            Reply::json_bytes(error.status, error.body(&error_id))
        });
        let stamp = Stamp {
            date: now,
            request_id,
            rate,
        };
        headers::finish(reply, &stamp)
    }
}

/// The rate-limit headers of an injected 429: nothing left until `Date` + `reset_in`.
fn exhausted(rate: RateStatus, now: Timestamp, reset_in: u64) -> RateStatus {
    let reset_in = i64::try_from(reset_in).unwrap_or(i64::MAX);
    RateStatus {
        remaining: 0,
        reset: now.epoch_seconds().saturating_add(reset_in),
        ..rate
    }
}

#[cfg(test)]
mod resource_tests;
#[cfg(test)]
mod tests;
