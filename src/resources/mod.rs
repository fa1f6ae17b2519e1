//! One module per Okta resource, each listing its actions (and picklists) once, as rows of data; `action` and
//! `data_source` say what a row is and run the plain ones, `common` holds what resources share.

pub(crate) mod action;
pub(crate) mod common;
pub(crate) mod data_source;

pub(crate) mod applications;
pub(crate) mod event_hooks;
pub(crate) mod factors;
pub(crate) mod groups;
pub(crate) mod policies;
pub(crate) mod raw_request;
pub(crate) mod realms;
pub(crate) mod system_log;
pub(crate) mod user_types;
pub(crate) mod users;
