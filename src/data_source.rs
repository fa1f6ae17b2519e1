//! Data sources (picklists): what they are, defined like actions, once per resource.

use crate::client::Client;
use crate::error::Result;
use crate::input::{Input, Inputs};

/// One entry of a picklist: what people see, and the value the input receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PicklistItem {
    pub label: String,
    pub key: String,
}

pub struct DataSource {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
    pub run: fn(&Client, &Inputs) -> Result<Vec<PicklistItem>>,
}
