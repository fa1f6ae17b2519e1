//! Integration tests: the built `.wasm`, loaded through the host harness, against the fake Okta org.
//!
//! One binary (so wasmtime is linked and the component compiled once); one module per concern.

mod common;

mod applications;
mod bodies;
mod client;
mod directory;
mod event_hooks;
mod fuzz;
mod groups;
mod hostile;
mod manifest;
mod node_host;
mod oauth;
mod raw_request;
mod release;
mod scale;
mod security;
mod system_log;
mod triggers;
mod users;
mod validation;
