//! Triggers: what starts a flow. Each is defined once, as data — key, label, description, kind, inputs, help
//! and the functions that run it — and the manifest and the dispatch both read [`TRIGGERS`], as they do for
//! actions.
//!
//! - Polling triggers ([`Run::Polling`]) take the state the previous poll returned and give back new records,
//!   oldest first, and the next state (`state.rs`: versioned JSON, bounded). The first poll starts from Okta's
//!   own clock (the `Date` of its answer) and returns nothing.
//! - The webhook trigger ([`Run::Webhook`]) creates an Okta event hook on deploy, deletes it on undeploy, and
//!   answers the requests Okta sends to the platform's URL (`webhook.rs`).

mod event_hook;
mod logs;
mod state;
pub mod time;
mod users;
mod webhook;

use serde_json::value::RawValue;

use crate::client::{Client, Transport};
use crate::error::{Error, Result};
use crate::input::{Input, Inputs};
use crate::registry::{ConnectionInput, Outcome, run_with};

pub use webhook::{WebhookOutput, WebhookRequest};

/// How the platform runs a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Polling,
    Webhook,
}

/// A trigger's manifest entry and the functions that run it.
pub struct Trigger {
    pub key: &'static str,
    /// The product page's label, exactly.
    pub label: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
    /// How it works and what it guarantees.
    pub help: &'static str,
    pub run: Run,
}

impl Trigger {
    pub fn kind(&self) -> Kind {
        match self.run {
            Run::Polling(_) => Kind::Polling,
            Run::Webhook(_) => Kind::Webhook,
        }
    }
}

pub enum Run {
    /// One poll: the inputs and the previous state (`None` the first time).
    Polling(fn(&Client, &Inputs, Option<&str>) -> Result<Poll>),
    Webhook(Webhook),
}

/// The three calls of a webhook trigger.
pub struct Webhook {
    /// Sets up delivery to the URL; returns the instance state.
    pub deploy: fn(&Client, &Inputs, &str) -> Result<String>,
    /// Tears down what `deploy` set up, given its instance state.
    pub undeploy: fn(&Client, &Inputs, &str) -> Result<()>,
    /// Answers one request sent to the URL.
    pub handle: fn(&Inputs, &str, &WebhookRequest) -> Result<WebhookOutput>,
}

/// A poll's result.
#[derive(Debug)]
pub struct Poll {
    /// A JSON array, oldest first.
    pub records: String,
    pub state: String,
}

pub const TRIGGERS: &[Trigger] = &[
    event_hook::TRIGGER,
    logs::TRIGGER,
    users::NEW_USERS,
    users::UPDATED_USERS,
];

/// The trigger `key`, or an error naming it.
pub fn trigger(key: &str) -> Result<&'static Trigger> {
    TRIGGERS.iter().find(|t| t.key == key).ok_or_else(|| {
        Error::invalid(
            "trigger",
            format!("the key of a trigger in the manifest, not `{key}`"),
        )
    })
}

fn webhook(key: &str) -> Result<(&'static Trigger, &'static Webhook)> {
    let trigger = trigger(key)?;
    match &trigger.run {
        Run::Webhook(hook) => Ok((trigger, hook)),
        Run::Polling(_) => Err(Error::invalid(
            "trigger",
            format!("a webhook trigger (`{key}` is a polling trigger: poll it)"),
        )),
    }
}

/// Polls the trigger `key`.
pub fn poll(
    transport: &dyn Transport,
    key: &str,
    connection: &ConnectionInput,
    inputs: &[(String, String)],
    state: Option<&str>,
) -> Outcome<Poll> {
    let trigger = match trigger(key) {
        Ok(trigger) => trigger,
        Err(error) => return Outcome::failed(error),
    };
    let Run::Polling(poll) = trigger.run else {
        return Outcome::failed(Error::invalid(
            "trigger",
            format!("a polling trigger (`{key}` is a webhook trigger: deploy it)"),
        ));
    };
    run_with(
        transport,
        connection,
        trigger.inputs,
        inputs,
        |client, inputs| poll(client, inputs, state),
    )
}

/// Deploys the webhook trigger `key` to `url`; returns the instance state.
pub fn deploy(
    transport: &dyn Transport,
    key: &str,
    connection: &ConnectionInput,
    inputs: &[(String, String)],
    url: &str,
) -> Outcome<String> {
    match webhook(key) {
        Ok((trigger, hook)) => run_with(transport, connection, trigger.inputs, inputs, |c, i| {
            (hook.deploy)(c, i, url)
        }),
        Err(error) => Outcome::failed(error),
    }
}

/// Undeploys the webhook trigger `key` deployed with `instance_state`.
pub fn undeploy(
    transport: &dyn Transport,
    key: &str,
    connection: &ConnectionInput,
    inputs: &[(String, String)],
    instance_state: &str,
) -> Outcome<()> {
    match webhook(key) {
        Ok((trigger, hook)) => run_with(transport, connection, trigger.inputs, inputs, |c, i| {
            (hook.undeploy)(c, i, instance_state)
        }),
        Err(error) => Outcome::failed(error),
    }
}

/// Answers one request sent to the webhook trigger `key` (no connection: nothing is sent to Okta).
pub fn handle_webhook(
    key: &str,
    inputs: &[(String, String)],
    instance_state: &str,
    request: &WebhookRequest,
) -> Result<WebhookOutput> {
    let (trigger, hook) = webhook(key)?;
    let inputs = Inputs::parse(trigger.inputs, inputs)?;
    (hook.handle)(&inputs, instance_state, request)
}

/// A JSON array built from Okta's items as received (records are never re-encoded).
#[derive(Default)]
struct Records {
    json: String,
    count: usize,
}

impl Records {
    fn push(&mut self, item: &RawValue) {
        self.json.push(if self.count == 0 { '[' } else { ',' });
        self.json.push_str(item.get());
        self.count += 1;
    }

    fn finish(self) -> String {
        if self.count == 0 {
            "[]".to_string()
        } else {
            self.json + "]"
        }
    }
}

/// Okta's clock at the start of a listing, in milliseconds; the first poll of every trigger starts there.
fn okta_now(end: &crate::client::ListEnd) -> Result<i64> {
    end.date
        .and_then(|secs| i64::try_from(secs).ok())
        .map(|secs| secs * 1000)
        .ok_or_else(|| {
            Error::InvalidResponse(
                "Okta's answer has no readable Date header, so the trigger cannot tell Okta's time"
                    .to_string(),
            )
        })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn keys_are_unique_and_inputs_documented() {
        let mut keys = HashSet::new();
        for trigger in TRIGGERS {
            assert!(keys.insert(trigger.key), "{}", trigger.key);
            assert!(!trigger.help.is_empty() && !trigger.description.is_empty());
            for input in trigger.inputs {
                assert!(
                    !input.comments.is_empty() && input.example.is_some(),
                    "{}.{}",
                    trigger.key,
                    input.key
                );
            }
        }
    }

    #[test]
    fn records_are_a_json_array() {
        let mut records = Records::default();
        assert_eq!(Records::default().finish(), "[]");
        for item in [r#"{"a":1}"#, "2"] {
            records.push(&RawValue::from_string(item.to_string()).unwrap());
        }
        assert_eq!(records.finish(), r#"[{"a":1},2]"#);
    }
}
