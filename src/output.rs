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

    /// An output whose top level is more than `data` (a raw request's status code and headers).
    pub fn json(value: Value) -> Output {
        Output(value.to_string())
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
}

impl Default for ListOutput {
    fn default() -> ListOutput {
        ListOutput::new()
    }
}

impl ListOutput {
    pub fn new() -> ListOutput {
        ListOutput {
            json: String::from("{\"data\":["),
            first: true,
        }
    }

    pub fn push(&mut self, item: &RawValue) {
        if !self.first {
            self.json.push(',');
        }
        self.first = false;
        self.json.push_str(item.get());
    }

    /// Closes the list. `after` is the cursor of the next page when more remain: pass it as the action's
    /// "After" input to continue.
    pub fn finish(mut self, after: Option<String>) -> Output {
        self.json.push(']');
        if let Some(after) = after {
            self.json.push_str(",\"after\":");
            self.json.push_str(&Value::String(after).to_string());
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
            serde_json::from_str(&list.finish(Some("c\"d".into())).into_json()).unwrap();
        assert_eq!(json["data"][1]["id"], "b");
        assert_eq!(json["after"], "c\"d");
        let empty: Value =
            serde_json::from_str(&ListOutput::new().finish(None).into_json()).unwrap();
        assert_eq!(empty, serde_json::json!({"data": []}));
    }
}
