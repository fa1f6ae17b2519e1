//! `Policy` and `PolicyRule` JSON, keys in the order of the spec's examples.

use super::model::{Policy, PolicyRule};
use crate::json::{Object, map};

/// The policy; with `rules`, its rules under `_embedded.rules` (`expand=rules`).
pub(crate) fn write_policy(out: &mut Vec<u8>, policy: &Policy, origin: &str, rules: bool) {
    let own = format!("{origin}/api/v1/policies/{}", policy.id);
    let mut object = Object::new(out);
    object
        .str("type", policy.kind.as_str())
        .str("id", &policy.id)
        .str("status", policy.status.as_str())
        .str("name", &policy.name)
        .str("description", &policy.description)
        .value("priority", &policy.priority)
        .value("system", &policy.system)
        .value("conditions", &policy.conditions)
        .time("created", Some(policy.created))
        .time("lastUpdated", Some(policy.last_updated));
    if let Some(settings) = &policy.settings {
        object.value("settings", settings);
    }
    if rules {
        let embedded = object.key("_embedded");
        embedded.extend_from_slice(br#"{"rules":["#);
        for (index, rule) in policy.rules.iter().enumerate() {
            if index > 0 {
                embedded.push(b',');
            }
            write_rule(embedded, policy, rule, origin);
        }
        embedded.extend_from_slice(b"]}");
    }
    let links = [
        ("self", (own.clone(), &["GET", "PUT"][..])),
        ("rules", (format!("{own}/rules"), &["GET", "POST"][..])),
    ];
    map(object.key("_links"), &links, |out, _, (href, allow)| {
        let mut link = Object::new(out);
        link.str("href", href).object("hints", |hints| {
            hints.value("allow", allow);
        });
        link.end();
    });
    object.end();
}

pub(crate) fn write_rule(out: &mut Vec<u8>, policy: &Policy, rule: &PolicyRule, origin: &str) {
    let own = format!("{origin}/api/v1/policies/{}/rules/{}", policy.id, rule.id);
    let mut object = Object::new(out);
    object
        .str("id", &rule.id)
        .str("status", rule.status.as_str())
        .str("name", &rule.name)
        .value("priority", &rule.priority)
        .time("created", Some(rule.created))
        .time("lastUpdated", Some(rule.created))
        .value("system", &rule.system)
        .value("conditions", &rule.conditions)
        .value("actions", &rule.actions)
        .str("type", policy.kind.rule_type());
    let links = object.key("_links");
    links.extend_from_slice(br#"{"self":"#);
    let mut link = Object::new(links);
    link.str("href", &own).object("hints", |hints| {
        hints.value("allow", &["GET", "PUT", "DELETE"]);
    });
    link.end();
    links.push(b'}');
    object.end();
}
