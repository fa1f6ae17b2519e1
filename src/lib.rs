//! The Okta Management API as a WebAssembly component.
//!
//! This file is glue only: it generates the WIT bindings (privately), implements the exported interfaces by
//! converting WIT values to the crate's own types and back, and calls the registry. Okta knowledge lives in
//! `resources/`, HTTP in `client/`.

pub mod action;
pub mod auth;
pub mod client;
pub mod connection;
pub mod data_source;
pub mod error;
pub mod input;
pub mod output;
pub mod registry;
pub mod resources;
pub mod triggers;

#[cfg(target_arch = "wasm32")]
mod component;
