//! One module per Okta resource, each listing its actions once.

pub mod common;
pub mod users;
