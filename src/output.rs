//! Action outputs: `{"data": …}` as the platform expects, built without re-parsing what Okta sent.

use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A finished output, as JSON text.
#[derive(Debug)]
pub struct Output(String);

impl Output {
    /// `{"data": value}`.
    pub fn data(value: Value) -> Output {
        let mut map = Map::new();
        map.insert("data".to_string(), value);
        Output(Value::Object(map).to_string())
    }

    /// `{"data": raw}`, with Okta's JSON copied as received.
    pub fn raw(data: &RawValue) -> Output {
        let mut json = String::with_capacity(data.get().len() + 9);
        json.push_str("{\"data\":");
        json.push_str(data.get());
        json.push('}');
        Output(json)
    }

    /// `{"data": data, …rest}`, for an output whose top level is more than `data` (a raw request's status
    /// code and headers): `data` is JSON text copied as is (a large answer is never a tree of values),
    /// `rest` an object of the other members.
    pub fn with_data(data: &str, rest: &Value) -> Output {
        let rest = rest.to_string();
        let members = rest
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .unwrap_or_default();
        let mut json = String::with_capacity(data.len() + rest.len() + 10);
        json.push_str("{\"data\":");
        json.push_str(data);
        if !members.is_empty() {
            json.push(',');
            json.push_str(members);
        }
        json.push('}');
        Output(json)
    }

    pub fn into_json(self) -> String {
        self.0
    }
}

/// Builds `{"data": [ … ]}` item by item, copying each item's JSON text as Okta sent it: a 10,000-user listing
/// never exists as a tree of `Value`s, which keeps the instance's memory near the size of the output itself.
pub struct ListOutput {
    json: String,
    first: bool,
    /// The most item JSON the listing collects (its byte budget), when it follows pages.
    budget: Option<usize>,
}

impl Default for ListOutput {
    fn default() -> ListOutput {
        ListOutput::new()
    }
}

/// Where an output with a budget would double past this size, it grows once to the whole budget instead.
const GROW_TO_BUDGET_FROM: usize = 1024 * 1024;

impl ListOutput {
    pub fn new() -> ListOutput {
        ListOutput {
            json: String::from("{\"data\":["),
            first: true,
            budget: None,
        }
    }

    /// An output for a listing that follows pages until it has `budget` bytes of items (it may end a page
    /// past it). Doubling a large output would copy it at every step and leave the old copies as holes in
    /// linear memory, which never shrinks: a 16 MB listing took 56 MiB. Growing once to the budget (plus room
    /// for the page that crosses it) copies at most the first few megabytes, and the part of the reservation
    /// never written costs the host no physical memory.
    pub fn with_budget(budget: usize) -> ListOutput {
        ListOutput {
            budget: Some(budget),
            ..ListOutput::new()
        }
    }

    pub fn push(&mut self, item: &RawValue) {
        let needed = item.get().len() + 1;
        if let Some(budget) = self.budget
            && self.json.capacity() - self.json.len() < needed
            && (self.json.len() + needed) * 2 > GROW_TO_BUDGET_FROM
        {
            let room = budget + budget / 4;
            self.json
                .reserve(room.saturating_sub(self.json.len()).max(needed));
        }
        if !self.first {
            self.json.push(',');
        }
        self.first = false;
        self.json.push_str(item.get());
    }

    /// Closes the list. `after` is the cursor of the next page when more remain: pass it as the action's
    /// "After" input to continue. `truncated` says a Fetch All stopped at a budget (records, bytes or time)
    /// with pages left, so `"truncated": true` marks the output.
    pub fn finish(mut self, after: Option<String>, truncated: bool) -> Output {
        self.json.push(']');
        if let Some(after) = after {
            self.json.push_str(",\"after\":");
            self.json.push_str(&Value::String(after).to_string());
        }
        if truncated {
            self.json.push_str(",\"truncated\":true");
        }
        self.json.push('}');
        Output(self.json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_output_is_valid_json_with_an_optional_cursor() {
        let mut list = ListOutput::new();
        for item in [r#"{"id":"a"}"#, r#"{"id":"b"}"#] {
            list.push(&RawValue::from_string(item.to_string()).unwrap());
        }
        let json: Value =
            serde_json::from_str(&list.finish(Some("c\"d".into()), true).into_json()).unwrap();
        assert_eq!(json["data"][1]["id"], "b");
        assert_eq!(json["after"], "c\"d");
        assert_eq!(json["truncated"], true);
        let empty: Value =
            serde_json::from_str(&ListOutput::new().finish(None, false).into_json()).unwrap();
        assert_eq!(empty, serde_json::json!({"data": []}));
    }

    #[test]
    fn a_budgeted_output_grows_once_past_the_threshold() {
        let item = RawValue::from_string(format!("\"{}\"", "x".repeat(1000))).unwrap();
        let budget = 8 * 1024 * 1024;
        let mut list = ListOutput::with_budget(budget);
        let mut capacities = vec![list.json.capacity()];
        while list.json.len() < 3 * 1024 * 1024 {
            list.push(&item);
            if list.json.capacity() != *capacities.last().unwrap() {
                capacities.push(list.json.capacity());
            }
        }
        let past: Vec<_> = capacities
            .iter()
            .filter(|&&c| c > GROW_TO_BUDGET_FROM)
            .collect();
        assert_eq!(past.len(), 1, "{capacities:?}");
        assert!(*past[0] >= budget, "{capacities:?}");
        // Without a budget, a listing grows as a String does.
        let mut plain = ListOutput::new();
        (0..3000).for_each(|_| plain.push(&item));
        assert!(plain.json.capacity() < budget);
    }

    #[test]
    fn data_with_other_members() {
        let out = Output::with_data("[1,2]", &serde_json::json!({"statusCode": 200}));
        assert_eq!(out.into_json(), r#"{"data":[1,2],"statusCode":200}"#);
        let out = Output::with_data("null", &serde_json::json!({}));
        assert_eq!(out.into_json(), r#"{"data":null}"#);
    }
}
