//! The Okta Management API as a WebAssembly component.
//!
//! Floors, each using only the ones below it: `component` (the WIT boundary, wasm32 only) → `registry` (the
//! rows, looked up by key, and a call's set-up) → `resources` (one module per Okta resource, its actions and
//! picklists as rows) → `client` (the one HTTP client: auth, retries, paging, Okta's errors) → the transport
//! (`wasi:http`). Beside them, below `client`: `connection` and `auth` (what a connection holds), `domain`
//! (which hosts credentials may go to), `input`, `output` and `error`.
//!
//! The component is the only user of everything here, so nothing is public: the dead-code lint sees what the
//! component does not reach. On other targets (where only the unit tests build) there is no component, so the
//! lint is off there; `./dev build` and `cargo clippy --target wasm32-wasip2` check it.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod auth;
mod client;
mod connection;
mod domain;
mod error;
mod input;
mod output;
mod registry;
mod resources;

#[cfg(target_arch = "wasm32")]
mod component;
