//! Integration tests: the built `.wasm`, loaded through the host harness, against the fake Okta org.
//!
//! One binary (so wasmtime is linked and the component compiled once); one module per concern.

mod common;

mod client;
mod manifest;
mod raw_request;
mod security;
mod users;
mod validation;
