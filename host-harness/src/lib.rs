//! The wasmtime host for the Okta component: load it once, call any export in a fresh, capped instance, and route
//! its HTTP requests to a fake org, a loopback server or the network.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use okta_harness::{Connection, Harness, Route, fake_org::FakeOrg};
//! let harness = Harness::load_default()?;
//! let org = FakeOrg::sample();
//! let route = Route::Fake(org.clone());
//! let outcome = harness.perform("listUsers", &Connection::fake(&org), &[("limit", "2")], &route).await;
//! println!("{} HTTP calls", outcome.http_calls);
//! let users = outcome.result?.data();
//! # Ok(()) }
//! ```
//!
//! * **Loading.** One `Engine` (epoch interruption for the CPU cap), the component compiled once and kept as a
//!   precompiled `.cwasm` beside the `.wasm` (see `cache.rs`), one `Linker` and `InstancePre` for the harness's
//!   life.
//! * **Calls.** Each call gets a fresh `Store` and instance (tens of µs), a memory cap, a CPU-time cap that counts
//!   only time spent executing wasm (see `host.rs`), its own route and, if asked, a redacted trace of its HTTP
//!   exchanges. A call always returns an [`Outcome`]: the result, the trace, the request count and the guest's log.
//! * **Time** follows tokio's clock throughout, so paused-time tests cost no real time (see `clock.rs`).
//! * **Connection state.** OAuth connections return a new state (their tokens) from calls that change it; a host
//!   keeps it with [`Connection::remember`] (in memory) or a [`StateStore`] (on disk; [`StateFiles`] keeps one
//!   route's files, as `okta-harness` does) and passes it back, so one token serves many calls.
//!   [`Harness::start_authorization`] and [`Harness::finish_authorization`] run the authorization code flow;
//!   [`Harness::log_in`] drives it (without a browser against a fake org, through a caller's step with a person on
//!   the live network; see [`login`]); [`fake_apps`] holds the OAuth apps and test credentials of the harness's
//!   fake orgs.
//! * **Commands.** What `okta-harness` does lives here, so the binary only parses arguments, calls the library
//!   and prints: [`session`] sets up a call (route, connection, stored state) and returns what a user should be
//!   told as [`Note`]s, [`inputs`] reads an inputs file, [`describe`] writes the manifest as text and
//!   [`write_pretty_json`] an output pretty-printed without building a value tree. These return typed values and
//!   errors, or write to the writer they are given; none prints.
//! * **Triggers.** [`poller::Poller`] runs a polling trigger (records out as JSON lines, its state kept in a file
//!   replaced atomically), [`listen::WebhookTrigger`] a webhook trigger (a loopback listener serving
//!   `handle-webhook`, deploy and undeploy around it). [`hook_sender`] makes a fake org's calls to event hook URLs (verification and deliveries)
//!   over HTTP.
//! * **Streaming.** [`Harness::stream_listing`] reads a listing action page by page with its `after` cursor
//!   (each page one bounded call), in constant memory whatever the org's size (`okta-harness run --ndjson`).

/// The fake Okta org the harness routes to by default (its own crate, with no wasmtime).
pub use okta_fake_org as fake_org;

mod bindings;
mod cache;
mod call;
mod clock;
pub mod demo;
pub mod describe;
pub mod fake_apps;
pub mod fuzz;
pub mod hook_sender;
mod host;
pub mod inputs;
pub mod listen;
mod load;
pub mod login;
mod network;
pub mod poller;
mod pretty_json;
mod route;
pub mod serve;
pub mod session;
pub mod shutdown;
pub mod state;
pub mod stream;
mod trace;
pub mod trigger_demo;
mod types;

pub use cache::ComponentSource;
pub use call::{CallOptions, NO_INPUTS};
pub use clock::{tokio_clock, tokio_system_now};
pub use fake_apps::{fake_org_with_oauth_apps, register_default_apps};
pub use host::Limits;
pub use load::{BUILD_COMMAND, DEFAULT_MAX_CONCURRENT_CALLS, Harness, HarnessBuilder, LoadError};
pub use login::{LoginError, LoginStep};
pub use pretty_json::write_pretty_json;
pub use route::{InvalidBaseUrl, Route};
pub use session::{Note, Session, SessionError};
pub use state::{StateFiles, StateStore};
pub use stream::{Listing, Page, StreamError};
pub use trace::{
    Exchange, is_secret_header, is_secret_key, redact_body, redact_headers, redact_url,
    terminal_safe,
};
pub use types::{
    ActionDef, ActionOutput, AuthorizationRequest, CallError, CarriesConnectionState, Connection,
    ConnectionDef, ConnectionKind, ConnectionState, DEFAULT_CONNECTION, DataSourceDef,
    DataSourceOutput, DeployOutput, ErrorKind, GuestError, InputDef, InputType, Manifest,
    OktaError, Outcome, PicklistItem, PollOutput, TriggerDef, TriggerKind, WebhookOutput,
    WebhookRequest, WebhookResponse, env_var_for_input,
};
