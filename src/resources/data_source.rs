//! Data sources (picklists): rows like actions, each a [`Picklist`] spec: what to list, and which fields make
//! an entry's label and key.

use serde_json::Value;

use super::action::{self, Seg};
use crate::client::{Client, Paging, Query};
use crate::error::{Error, Result};
use crate::input::{Input, Inputs};

/// One entry of a picklist: what people see, and the value the input receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PicklistItem {
    pub label: String,
    pub key: String,
}

pub(crate) struct DataSource {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
    pub list: Picklist,
}

/// What a picklist lists and how it labels each entry.
pub(crate) struct Picklist {
    /// The listing's path (a [`Seg::UserId`] input resolved as for actions).
    pub path: &'static [Seg],
    /// Whether Okta pages this listing: then pages of [`PICKLIST_PAGE`] entries are asked for, the most Okta
    /// serves, so a large org takes few requests.
    pub paged: bool,
    pub label: Label,
    /// The JSON pointer of the entry's key (what the input receives).
    pub key: &'static str,
}

/// How an entry's label is made.
pub(crate) enum Label {
    /// The first of these JSON pointers that holds text (the key when none does).
    First(&'static [&'static str]),
    /// Made from the entry by this function (`None`: the key).
    Made(fn(&Value) -> Option<String>),
}

/// The page size picklists ask for.
pub(crate) const PICKLIST_PAGE: &str = "200";

/// The most entries a picklist reads: enough for any list a person scrolls, bounded so a huge org cannot make
/// the platform's form hang.
pub(crate) const PICKLIST_CAP: usize = 10_000;

impl Picklist {
    /// Reads every page of the listing into items, sorted by label.
    pub(crate) fn fetch(&self, client: &Client, inputs: &Inputs) -> Result<Vec<PicklistItem>> {
        let path = action::path(client, inputs, self.path)?;
        let mut query = Query::new();
        if self.paged {
            query.set("limit", PICKLIST_PAGE);
        }
        let paging = Paging {
            max_items: PICKLIST_CAP,
            ..Paging::all()
        };
        let mut items = Vec::new();
        client.list(&path, &query, &paging, &mut |raw| {
            let entry: Value = serde_json::from_str(raw.get()).map_err(|e| {
                Error::Transport(format!("an entry of {} is not JSON: {e}", path.as_str()))
            })?;
            let key = entry
                .pointer(self.key)
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    Error::Transport(format!(
                        "an entry of {} has no `{}`, which Okta documents",
                        path.as_str(),
                        self.key.trim_start_matches('/')
                    ))
                })?
                .to_string();
            let label = match &self.label {
                Label::First(pointers) => pointers
                    .iter()
                    .find_map(|p| entry.pointer(p).and_then(Value::as_str))
                    .map(str::to_string),
                Label::Made(make) => make(&entry),
            };
            items.push(PicklistItem {
                label: label.unwrap_or_else(|| key.clone()),
                key,
            });
            Ok(())
        })?;
        items.sort_by_cached_key(|item| item.label.to_lowercase());
        Ok(items)
    }
}
