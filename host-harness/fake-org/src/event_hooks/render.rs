//! The `EventHook` JSON as recorded in 2025 (terraform-provider-okta `TestAccResourceOktaEventHook*`):
//! fixed keys in the recorded order, `events.items` and `_links` in `java.util.HashMap` order. The
//! auth scheme's secret is never written.

use super::model::{EventHook, HookStatus};
use crate::json::{Object, hashmap_order, map, write_value};

pub(crate) fn write_hook(out: &mut Vec<u8>, hook: &EventHook, origin: &str) {
    let mut object = Object::new(out);
    object
        .str("id", &hook.id)
        .str("status", hook.status.as_str())
        .str(
            "verificationStatus",
            if hook.verified {
                "VERIFIED"
            } else {
                "UNVERIFIED"
            },
        )
        .str("name", &hook.name)
        .opt_str("description", hook.description.as_deref())
        .time("created", Some(hook.created))
        .str("createdBy", &hook.created_by)
        .time("lastUpdated", Some(hook.last_updated));
    object.object("events", |events| {
        let names: Vec<&str> = hook.events.iter().map(String::as_str).collect();
        let items: Vec<&str> = hashmap_order(&names)
            .into_iter()
            .map(|i| names[i])
            .collect();
        events.str("type", "EVENT_TYPE").value("items", &items);
        match &hook.filter {
            Some(filter) => write_value(events.key("filter"), filter),
            None => {
                events.opt_str("filter", None);
            }
        }
    });
    object.object("channel", |channel| {
        channel
            .str("type", "HTTP")
            .str("version", "1.0.0")
            .object("config", |config| {
                config.str("uri", &hook.channel.uri);
                let headers = config.key("headers");
                headers.push(b'[');
                for (index, (key, value)) in hook.channel.headers.iter().enumerate() {
                    if index > 0 {
                        headers.push(b',');
                    }
                    let mut header = Object::new(headers);
                    header.str("key", key).str("value", value);
                    header.end();
                }
                headers.push(b']');
                config.str("method", "POST");
                match &hook.channel.auth {
                    Some(auth) => {
                        config.object("authScheme", |scheme| {
                            scheme.str("type", "HEADER").str("key", &auth.key);
                        });
                    }
                    None => {
                        config.opt_str("authScheme", None);
                    }
                }
            });
    });
    write_links(object.key("_links"), hook, origin);
    object.end();
}

enum Link {
    Href(String),
    Allow(String, &'static str),
}

/// ACTIVE hooks offer verify and deactivate; INACTIVE ones activate and delete (as recorded).
fn write_links(out: &mut Vec<u8>, hook: &EventHook, origin: &str) {
    let own = format!("{origin}/api/v1/eventHooks/{}", hook.id);
    let lifecycle = |operation: &str| format!("{own}/lifecycle/{operation}");
    let links = match hook.status {
        HookStatus::Active => vec![
            ("self", Link::Href(own.clone())),
            ("verify", Link::Allow(lifecycle("verify"), "POST")),
            ("deactivate", Link::Allow(lifecycle("deactivate"), "POST")),
        ],
        HookStatus::Inactive => vec![
            ("activate", Link::Allow(lifecycle("activate"), "POST")),
            ("self", Link::Href(own.clone())),
            ("delete", Link::Allow(own.clone(), "DELETE")),
        ],
    };
    map(out, &links, |out, _, link| {
        let mut object = Object::new(out);
        match link {
            Link::Href(href) => {
                object.str("href", href);
            }
            Link::Allow(href, method) => {
                object.str("href", href).object("hints", |hints| {
                    hints.value("allow", &[*method]);
                });
            }
        }
        object.end();
    });
}
