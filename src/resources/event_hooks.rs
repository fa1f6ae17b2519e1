//! Event hooks (`/api/v1/eventHooks`): management actions and the event hook picklist.
//!
//! Okta creates every hook ACTIVE and UNVERIFIED and has no "don't activate" flag, so `createEventHook` does the
//! product page's promise itself: it verifies the new hook (Okta then calls the URL once), or, with "Do Not
//! Activate on Create", deactivates it without verifying. Only INACTIVE hooks can be deleted, so deletes
//! deactivate first. Headers go to Okta as its `[{key, value}]` list.

use serde_json::{Map, Value, json};

use super::action::Seg::{Fixed, Id};
use super::action::{Action, Op, Reply};
use super::common::{self, EVENT_HOOKS};
use super::data_source::{DataSource, Label, Picklist};
use crate::client::{Client, Method, Path, Query};
use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs};
use crate::output::Output;

const HOOK_ID: Input = Input::string("eventHookId", "Event Hook ID")
    .required()
    .example("who8zne7Y5lQr9Yi80g4")
    .data_source("selectEventHook")
    .comments("The ID of the event hook.");

const URL: Input = Input::string("url", "Event Hook URL")
    .example("https://example.com/webhook")
    .comments("The URL of the event hook (https).");

pub const FILTERS: Input = Input::new("filters", "Event Hook Filters", InputType::Json)
    .example(r#"[{"event":"group.user_membership.add","condition":{"expression":"event.target.?[type eq 'UserGroup'].size()>0 && event.target.?[displayName eq 'Sales'].size()>0"}}]"#)
    .comments("The optional filter defined on a specific event type: Okta's `eventFilterMap` list of {event, condition: {expression}} (Okta Expression Language), or the whole filter object. Event hook filters are an Early Access feature of Okta.");

pub const ITEMS: Input = Input::new("items", "Event Hook Items", InputType::StringList)
    .example(r#"["user.lifecycle.create","user.lifecycle.deactivate"]"#)
    .comments("The list of event types to subscribe to.");

pub const DYNAMIC_ITEMS: Input = Input::new("dynamicItems", "Dynamic Event Hook Items", InputType::Json)
    .example(r#"["group.user_membership.add"]"#)
    .comments("The list of event types to subscribe to in code format (a JSON list of strings), added to Event Hook Items.");

pub const HEADERS: Input = Input::new("headers", "Event Hook URL Headers", InputType::KeyValueList)
    .example(r#"{ "X-Custom-Header": "value" }"#)
    .comments(
        "Optional headers to include in the webhook request, as a JSON object or a key-value list.",
    );

pub(crate) const ACTIONS: &[Action] = &[
    Action {
        key: "createEventHook",
        label: "Create Event Hook",
        description: "Create a new event hook.",
        inputs: &[
            Input::boolean("doNotActivateOnCreate", "Do Not Activate on Create").default("false").example("false").comments(
                "When true, the event hook will not be activated and a verification request will not be sent. When false, \
                 Okta verifies the URL right away (it must answer Okta's one-time verification challenge).",
            ),
            Input::string("description", "Event Hook Description")
                .example("This is my event hook.")
                .comments("The description of the event hook."),
            FILTERS,
            ITEMS,
            DYNAMIC_ITEMS,
            Input::string("name", "Event Hook Name").required().example("My Event Hook").comments("The name of the event hook."),
            URL.required(),
            HEADERS,
        ],
        op: Op::Custom(create_event_hook),
    },
    Action {
        key: "getEventHook",
        label: "Get Event Hook",
        description: "Get an event hook by ID.",
        inputs: &[HOOK_ID],
        op: Op::get(&[Fixed(EVENT_HOOKS), Id(HOOK_ID.key)]),
    },
    Action {
        key: "listEventHooks",
        label: "List Event Hooks",
        description: "List all event hooks.",
        inputs: &[],
        op: Op::list_all(&[Fixed(EVENT_HOOKS)]),
    },
    Action {
        key: "activateEventHook",
        label: "Activate Event Hook",
        description: "Activate a specific event hook.",
        inputs: &[HOOK_ID],
        op: Op::call(
            Method::Post,
            &[Fixed(EVENT_HOOKS), Id(HOOK_ID.key), Fixed("lifecycle"), Fixed("activate")],
            Reply::Answer,
        ),
    },
    Action {
        key: "deactivateEventHook",
        label: "Deactivate Event Hook",
        description: "Deactivate a specific event hook.",
        inputs: &[HOOK_ID],
        op: Op::call(
            Method::Post,
            &[Fixed(EVENT_HOOKS), Id(HOOK_ID.key), Fixed("lifecycle"), Fixed("deactivate")],
            Reply::Answer,
        ),
    },
    Action {
        key: "verifyEventHook",
        label: "Verify Event Hook",
        description: "Verify a specific event hook: Okta sends its one-time verification request to the hook's URL.",
        inputs: &[HOOK_ID],
        op: Op::call(
            Method::Post,
            &[Fixed(EVENT_HOOKS), Id(HOOK_ID.key), Fixed("lifecycle"), Fixed("verify")],
            Reply::Answer,
        ),
    },
    Action {
        key: "deleteEventHook",
        label: "Delete Event Hook",
        description: "Delete an event hook by ID (deactivating it first when it is active).",
        inputs: &[HOOK_ID],
        op: Op::Custom(delete_event_hook),
    },
    Action {
        key: "deleteAllEventHooks",
        label: "Delete All Event Hooks",
        description: "Delete every event hook with a given URL (or, without a URL, every event hook of the org), deactivating each first.",
        inputs: &[URL.comments(
            "If provided, only event hooks with this URL will be deleted. If not provided, all event hooks will be deleted, including those other systems own.",
        )],
        op: Op::Custom(delete_all_event_hooks),
    },
];

pub(crate) const DATA_SOURCES: &[DataSource] = &[DataSource {
    key: "selectEventHook",
    label: "Select Event Hook",
    description: "A picklist of Event Hooks in your Okta Org.",
    inputs: &[],
    list: Picklist {
        path: &[Fixed(EVENT_HOOKS)],
        paged: false,
        label: Label::First(&["/name"]),
        key: "/id",
    },
}];

pub(crate) fn hooks() -> Path {
    Path::new(EVENT_HOOKS)
}

pub(crate) fn hook_path(id: &str) -> Result<Path> {
    hooks().seg(HOOK_ID.key, id)
}

pub fn lifecycle(client: &Client, id: &str, operation: &'static str) -> Result<Value> {
    client.post(
        &hook_path(id)?.lit("lifecycle").lit(operation),
        &Query::new(),
        None,
    )
}

fn create_event_hook(client: &Client, inputs: &Inputs) -> Result<Output> {
    let body = hook_body(inputs)?;
    let created = client.post(&hooks(), &Query::new(), Some(&body))?;
    let id = created["id"]
        .as_str()
        .ok_or_else(|| Error::InvalidResponse("Okta's new event hook has no `id`".to_string()))?;
    if inputs.bool("doNotActivateOnCreate")? {
        return Ok(Output::data(lifecycle(client, id, "deactivate")?));
    }
    match lifecycle(client, id, "verify") {
        Ok(verified) => Ok(Output::data(verified)),
        // The hook exists but its URL did not answer Okta's challenge: say so, with the hook, rather than hide it.
        Err(error @ Error::Okta(_)) => {
            let mut hook = created;
            hook["verificationError"] = error.to_string().into();
            Ok(Output::data(hook))
        }
        Err(error) => Err(error),
    }
}

/// Okta's `EventHook` create body from the inputs.
fn hook_body(inputs: &Inputs) -> Result<Value> {
    let url = inputs.str(URL.key)?;
    if !url.starts_with("https://") || url.contains(char::is_whitespace) {
        return Err(Error::invalid(
            URL.key,
            "an https URL, such as https://example.com/webhook",
        ));
    }
    let events = events_spec(inputs)?;
    let headers = header_list(inputs);
    let mut body = json!({
        "name": inputs.str("name")?,
        "events": events,
        "channel": { "type": "HTTP", "version": "1.0.0", "config": { "uri": url, "headers": headers } },
    });
    if let Some(description) = inputs.opt_str("description") {
        body["description"] = description.into();
    }
    Ok(body)
}

/// Okta's most event types per hook.
pub const MAX_EVENT_TYPES: usize = 300;

/// `events` of a hook: Event Hook Items ∪ Dynamic Event Hook Items (deduplicated, each checked against Okta's
/// event-type syntax, at most [`MAX_EVENT_TYPES`]) and the optional filter.
pub fn events_spec(inputs: &Inputs) -> Result<Value> {
    let mut items: Vec<String> = Vec::new();
    let mut add = |input: &str, value: &Value| -> Result<()> {
        let text = value.as_str().ok_or_else(|| {
            Error::invalid(
                input,
                "a JSON list of event types, such as [\"user.lifecycle.create\"]",
            )
        })?;
        let text = text.trim();
        if !is_event_type(text) {
            return Err(Error::invalid(
                input,
                format!(
                    "event types such as user.lifecycle.create (lower-case words joined by dots), not `{text}`"
                ),
            ));
        }
        if !items.iter().any(|known| known == text) {
            items.push(text.to_string());
        }
        Ok(())
    };
    for item in inputs
        .json(ITEMS.key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        add(ITEMS.key, item)?;
    }
    match inputs.json(DYNAMIC_ITEMS.key) {
        Some(Value::Array(more)) => more
            .iter()
            .try_for_each(|item| add(DYNAMIC_ITEMS.key, item))?,
        Some(one @ Value::String(_)) => add(DYNAMIC_ITEMS.key, one)?,
        Some(_) => {
            return Err(Error::invalid(
                DYNAMIC_ITEMS.key,
                "a JSON list of event types, such as [\"user.lifecycle.create\"]",
            ));
        }
        None => {}
    }
    if items.is_empty() {
        return Err(Error::invalid(
            ITEMS.key,
            "at least one event type (here or in Dynamic Event Hook Items)",
        ));
    }
    if items.len() > MAX_EVENT_TYPES {
        return Err(Error::LimitExceeded {
            limit: "event types per event hook".to_string(),
            maximum: MAX_EVENT_TYPES as u64,
        });
    }
    let mut events = json!({ "type": "EVENT_TYPE", "items": items });
    if let Some(filter) = inputs.json(FILTERS.key) {
        events["filter"] = event_filter(filter)?;
    }
    Ok(events)
}

/// Okta's event-type syntax: two or more dot-separated words of lower-case letters, digits and `_`.
fn is_event_type(text: &str) -> bool {
    text.contains('.')
        && text.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        })
}

/// Event Hook URL Headers as Okta's `[{key, value}]` list.
pub fn header_list(inputs: &Inputs) -> Vec<Value> {
    inputs
        .key_values(HEADERS.key)
        .into_iter()
        .map(|(key, value)| json!({ "key": key, "value": crate::input::value_text(&value) }))
        .collect()
}

/// Accepts Okta's whole filter object, or just its `eventFilterMap` list (with `condition.expression` or a bare
/// `expression` per entry).
fn event_filter(filter: &Value) -> Result<Value> {
    let entries = match filter {
        Value::Object(map) if map.contains_key("eventFilterMap") => return Ok(filter.clone()),
        Value::Array(entries) => entries,
        _ => {
            return Err(Error::invalid(
                FILTERS.key,
                "a list of {\"event\":…, \"condition\":{\"expression\":…}} entries",
            ));
        }
    };
    let mut map = Vec::new();
    for entry in entries {
        let event = entry.get("event").and_then(Value::as_str);
        let expression = entry
            .pointer("/condition/expression")
            .or_else(|| entry.get("expression"))
            .and_then(Value::as_str);
        let (Some(event), Some(expression)) = (event, expression) else {
            return Err(Error::invalid(
                FILTERS.key,
                "an event and an expression in every entry",
            ));
        };
        map.push(json!({ "event": event, "condition": { "expression": expression } }));
    }
    Ok(json!({ "type": "EXPRESSION_LANGUAGE", "eventFilterMap": map }))
}

/// Deactivates (when needed) and deletes one hook; Okta deletes only INACTIVE hooks.
pub(crate) fn delete_hook(client: &Client, hook: &Value) -> Result<Value> {
    let id = hook["id"]
        .as_str()
        .ok_or_else(|| Error::InvalidResponse("an event hook without `id`".to_string()))?;
    if hook["status"] != "INACTIVE" {
        lifecycle(client, id, "deactivate")?;
    }
    client.delete(&hook_path(id)?, &Query::new())?;
    let mut out = Map::new();
    out.insert("id".into(), id.into());
    if let Some(name) = hook.get("name") {
        out.insert("name".into(), name.clone());
    }
    out.insert("deleted".into(), true.into());
    Ok(Value::Object(out))
}

fn delete_event_hook(client: &Client, inputs: &Inputs) -> Result<Output> {
    let hook = client.get(&hook_path(inputs.str(HOOK_ID.key)?)?, &Query::new())?;
    let mut deleted = delete_hook(client, &hook)?;
    if let Some(map) = deleted.as_object_mut() {
        map.remove("name");
    }
    Ok(Output::data(deleted))
}

/// Deletes the matching hooks one by one; the output lists each with `deleted: true`, or `deleted: false` and
/// the error that stopped it.
/// More hooks than an org can hold means the listing is not Okta's: acting on each would send a request per
/// entry (found by the fuzzer: 35,000 entries ran into the CPU cap).
const MAX_LISTED_HOOKS: usize = 100;

fn delete_all_event_hooks(client: &Client, inputs: &Inputs) -> Result<Output> {
    let url = inputs.opt_str(URL.key);
    let mut deleted = Vec::new();
    let listed = common::list_values(client, &hooks(), &Query::new())?;
    if listed.len() > MAX_LISTED_HOOKS {
        return Err(Error::InvalidResponse(format!(
            "Okta listed {} event hooks, but an org holds at most 25; nothing was deleted",
            listed.len()
        )));
    }
    for hook in listed {
        if url.is_none_or(|url| {
            hook.pointer("/channel/config/uri").and_then(Value::as_str) == Some(url)
        }) {
            // One hook that cannot be deleted must not hide the others: each gets its own line in the output.
            deleted.push(delete_hook(client, &hook).unwrap_or_else(|error| {
                json!({ "id": hook["id"], "name": hook["name"], "deleted": false, "error": error.to_string() })
            }));
        }
    }
    Ok(Output::data(Value::Array(deleted)))
}
