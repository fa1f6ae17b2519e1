//! The System Log as the org keeps it: events in the order they were recorded ("persistence
//! order"). Each event's JSON is rendered, parsed (for filters) and split into keywords (for `q`)
//! the first time a query needs it, then kept: seeding an org writes hundreds of events that most
//! tests never read.

use std::cell::OnceCell;
use std::collections::HashSet;

use serde_json::Value;

use super::event::{LogEvent, uuid};
use crate::polling::LateEvents;
use crate::scim::{Field, Subject};
use crate::time::Timestamp;

/// One recorded event. `seq` counts from 1 in recording order and never repeats.
#[derive(Debug)]
pub(crate) struct Stored {
    pub(crate) seq: u64,
    pub(crate) event: LogEvent,
    /// When it reached the log: its `published` time, unless it was late (`polling.rs`).
    pub(crate) persisted: Timestamp,
    json: OnceCell<Box<[u8]>>,
    value: OnceCell<Value>,
    keywords: OnceCell<HashSet<String>>,
}

impl Stored {
    /// The JSON as answered, in Okta's key order.
    pub(crate) fn json(&self) -> &[u8] {
        self.json.get_or_init(|| {
            let mut out = Vec::with_capacity(2048);
            self.event.write(&mut out);
            out.into_boxed_slice()
        })
    }

    /// The same JSON, parsed, for `filter` expressions and test inspection.
    pub(crate) fn value(&self) -> &Value {
        self.value
            .get_or_init(|| serde_json::from_slice(self.json()).unwrap_or_default())
    }

    /// Whether every keyword (already lower-cased) occurs in the event.
    pub(crate) fn has_keywords(&self, keywords: &[String]) -> bool {
        if keywords.is_empty() {
            return true;
        }
        let known = self.keywords.get_or_init(|| {
            let mut known = HashSet::new();
            collect_keywords(self.value(), &mut known);
            known
        });
        keywords.iter().all(|keyword| known.contains(keyword))
    }
}

/// What `filter` expressions see of an event: its JSON, by dotted path; an array on the way (the
/// `target` list) makes the attribute multi-valued.
impl Subject for Stored {
    fn field(&self, attribute: &str) -> Field<'_> {
        let mut found = Vec::new();
        lookup(self.value(), attribute.split('.'), &mut found);
        match found.len() {
            0 => Field::Missing,
            1 => Field::Json(found[0]),
            _ => Field::Many(found.into_iter().map(Field::Json).collect()),
        }
    }
}

fn lookup<'a, 'p>(
    value: &'a Value,
    mut path: impl Iterator<Item = &'p str> + Clone,
    found: &mut Vec<&'a Value>,
) {
    match value {
        Value::Array(items) => {
            for item in items {
                lookup(item, path.clone(), found);
            }
        }
        Value::Object(object) => match path.next() {
            None => found.push(value),
            Some(key) => {
                if let Some(child) = object.get(key) {
                    lookup(child, path, found);
                }
            }
        },
        _ => {
            if path.next().is_none() && !value.is_null() {
                found.push(value);
            }
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct LogStore {
    events: Vec<Stored>,
    /// The ID (`00T…`) of the API token the org's callers use (`transaction.detail`).
    pub(crate) token_id: Option<String>,
    /// Events that reach the log late (`polling.rs`).
    pub(crate) late: LateEvents,
}

impl LogStore {
    /// Records an event (or holds it back when it is to be late); its `uuid` is derived from when it was
    /// published and its place in the log.
    pub(crate) fn record(&mut self, event: LogEvent) {
        if let Some(event) = self.late.hold(event) {
            let persisted = event.published;
            self.persist(event, persisted);
        }
    }

    /// Lets in the late events whose time has come, as persisted `now`.
    pub(crate) fn release_late(&mut self, now: Timestamp) {
        for event in self.late.due(now) {
            self.persist(event, now);
        }
    }

    fn persist(&mut self, mut event: LogEvent, persisted: Timestamp) {
        let seq = self.last_seq() + 1;
        event.uuid = uuid(event.published, seq);
        self.events.push(Stored {
            seq,
            event,
            persisted,
            json: OnceCell::new(),
            value: OnceCell::new(),
            keywords: OnceCell::new(),
        });
    }

    /// The sequence number of the latest event (0 when there is none).
    pub(crate) fn last_seq(&self) -> u64 {
        self.events.last().map_or(0, |stored| stored.seq)
    }

    /// Events in recording order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &Stored> {
        self.events.iter()
    }

    /// Events recorded after `seq`, in recording order.
    pub(crate) fn after_seq(&self, seq: u64) -> impl Iterator<Item = &Stored> {
        let start = self.events.partition_point(|stored| stored.seq <= seq);
        self.events[start..].iter()
    }
}

/// Keywords are the words of every string value: split at white space and at the punctuation
/// around words in URLs and lists, with hyphenated words also split into their parts (as the
/// System Log query guide describes for `XOxBw-2JIRnCFd0gG0GjHAAABjY`).
fn collect_keywords(value: &Value, keywords: &mut HashSet<String>) {
    match value {
        Value::String(text) => {
            for word in text
                .split(|c: char| c.is_whitespace() || "/?&=,;:()[]\"'<>".contains(c))
                .filter(|word| !word.is_empty())
            {
                let word = word.to_lowercase();
                if word.contains('-') {
                    keywords.extend(word.split('-').filter(|p| !p.is_empty()).map(str::to_owned));
                }
                keywords.insert(word);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_keywords(item, keywords)),
        Value::Object(object) => object
            .values()
            .for_each(|item| collect_keywords(item, keywords)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keywords_split_words_urls_and_hyphens() {
        let mut keywords = HashSet::new();
        collect_keywords(
            &json!({"a": "San Francisco", "b": ["https://interestingURI.com/x?y=1"],
                    "c": {"d": "XOxBw-2JIRnCFd0gG0GjHAAABjY", "e": 5, "f": "jane.doe@example.com"}}),
            &mut keywords,
        );
        for expected in [
            "san",
            "francisco",
            "interestinguri.com",
            "xoxbw",
            "2jirncfd0gg0gjhaaabjy",
            "xoxbw-2jirncfd0gg0gjhaaabjy",
            "jane.doe@example.com",
        ] {
            assert!(keywords.contains(expected), "{expected}: {keywords:?}");
        }
        assert!(!keywords.contains("5"));
    }

    #[test]
    fn paths_reach_into_arrays() {
        let mut found = Vec::new();
        let value = json!({"target": [{"id": "a"}, {"id": "b"}, {"x": 1}], "actor": {"id": "me"}});
        lookup(&value, "target.id".split('.'), &mut found);
        assert_eq!(found, [&json!("a"), &json!("b")]);
        found.clear();
        lookup(&value, "actor.id".split('.'), &mut found);
        assert_eq!(found, [&json!("me")]);
        found.clear();
        lookup(&value, "actor.id.deeper".split('.'), &mut found);
        assert!(found.is_empty());
    }
}
