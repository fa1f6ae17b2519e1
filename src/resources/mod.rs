//! One module per Okta resource, each listing its actions (and picklists) once.

pub mod applications;
pub mod common;
pub mod event_hooks;
pub mod factors;
pub mod groups;
pub mod policies;
pub mod raw_request;
pub mod realms;
pub mod system_log;
pub mod user_types;
pub mod users;
