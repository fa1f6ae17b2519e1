//! What an action is: its manifest entry and the function that runs it. Each resource module lists its
//! actions once, as a `const` slice of these; the manifest and the dispatch both read those slices.

use crate::client::Client;
use crate::error::Result;
use crate::input::{Input, Inputs};
use crate::output::Output;

pub struct Action {
    pub key: &'static str,
    /// The product page's label, exactly.
    pub label: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
    pub run: fn(&Client, &Inputs) -> Result<Output>,
}
