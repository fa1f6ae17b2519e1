//! Trigger state: versioned JSON the host stores and hands back, opaque to it.
//!
//! Every state carries `v` (its format) and `trigger` (whose state it is). A state that cannot be read — not
//! JSON, another version, another trigger's, larger than [`MAX_STATE`] — is an invalid-input error naming the
//! state, never a silent restart: starting over would drop or replay records.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};

/// The state format this component writes and reads.
pub const VERSION: u64 = 1;

/// The largest state accepted. What the triggers write stays well under it (each bounds its sets).
pub const MAX_STATE: usize = 256 * 1024;

/// The name errors give a poll's state.
pub const POLL_STATE: &str = "state";
/// The name errors give a webhook trigger's instance state.
pub const INSTANCE_STATE: &str = "instanceState";

/// Reads the state of `trigger` from `text`; `input` names it in errors.
pub fn read<T: DeserializeOwned>(input: &str, trigger: &str, text: &str) -> Result<T> {
    let unreadable = |why: &str| {
        Error::invalid(
            input,
            format!("the state an earlier call of `{trigger}` returned, unchanged ({why})"),
        )
    };
    if text.len() > MAX_STATE {
        return Err(unreadable("it is larger than 256 KiB"));
    }
    let value: Value = serde_json::from_str(text).map_err(|_| unreadable("it is not JSON"))?;
    if value.get("v").and_then(Value::as_u64) != Some(VERSION) {
        return Err(unreadable("it has no version this component reads"));
    }
    if value.get("trigger").and_then(Value::as_str) != Some(trigger) {
        return Err(unreadable("it belongs to another trigger"));
    }
    serde_json::from_value(value).map_err(|e| unreadable(&format!("a field is wrong: {e}")))
}

/// Writes `body` (a struct whose JSON is an object) with `v` and `trigger` added.
pub fn write<T: Serialize>(trigger: &str, body: &T) -> String {
    let mut value = serde_json::to_value(body).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("v".into(), VERSION.into());
        map.insert("trigger".into(), trigger.into());
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Body {
        since: i64,
    }

    #[test]
    fn round_trips_and_refuses_what_it_did_not_write() {
        let text = write("t", &Body { since: 5 });
        assert_eq!(read::<Body>("state", "t", &text), Ok(Body { since: 5 }));
        for bad in [
            "".to_string(),
            "{".to_string(),
            r#"{"trigger":"t","since":5}"#.to_string(),
            r#"{"v":2,"trigger":"t","since":5}"#.to_string(),
            r#"{"v":1,"trigger":"other","since":5}"#.to_string(),
            r#"{"v":1,"trigger":"t","since":"x"}"#.to_string(),
            format!(
                r#"{{"v":1,"trigger":"t","since":5,"pad":"{}"}}"#,
                "x".repeat(MAX_STATE)
            ),
        ] {
            match read::<Body>("state", "t", &bad) {
                Err(Error::InvalidInput { input, .. }) => assert_eq!(input, "state"),
                other => panic!("{bad:.40}: {other:?}"),
            }
        }
    }
}
