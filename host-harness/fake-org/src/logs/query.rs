//! `GET /api/v1/logs`, with the semantics of Okta's System Log query guide.
//!
//! - **Polling** (no `until`, `sortOrder=ASCENDING`, the default): events in recording order from
//!   `since` (default: 7 days ago; compared with when an event reached the log, which for a late
//!   event is after its `published`) or from the `after` cursor. There is always a `next` link, even
//!   after an empty page; its cursor continues after the last event examined, so events recorded
//!   later show up on the next poll.
//! - **Bounded** (`until` given, or `DESCENDING`, whose `until` defaults to now): events with
//!   `since ≤ published ≤ until` (`since` defaults to 7 days before `until`), ordered by
//!   `published` (ties in recording order) either way; the last page has no `next` link.
//!
//! `since` and `after` are mutually exclusive, and a `since` more than 180 days back is refused,
//! both 400 E0000053; events older than 90 days are never returned (retention). `filter` is a
//! SCIM expression over the event's attributes (`eventType`, `outcome.result`, `actor.id`,
//! `target.id`, `client.ipAddress`…; any case), which may not use `published`. `q` keywords (at
//! most 10, each at most 40 characters) must each match a word of the event, ignoring case.
//! `limit` is 0 to 1000 (default 100; larger values are clamped).
//!
//! The `after` cursor is `{published ms}_{seq}` (`_{lower bound ms}` added for bounded queries,
//! whose links carry no `since`), like the opaque values Okta's links carry.

use super::store::{LogStore, Stored};
use crate::errors::ApiError;
use crate::listing::non_empty;
use crate::org::Org;
use crate::paging::{PageLinks, take_page};
use crate::reply::Reply;
use crate::request::{ApiRequest, Query, invalid_parameter};
use crate::scim::{Case, Filter, Grammar, Kind, Op, ScimError, is_attribute_path};
use crate::time::Timestamp;

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;
const DAY_MS: i64 = 86_400_000;
const DEFAULT_WINDOW_DAYS: i64 = 7;
const MAX_SINCE_DAYS: i64 = 180;
const RETENTION_DAYS: i64 = 90;
const MAX_KEYWORDS: usize = 10;
const MAX_KEYWORD_CHARS: usize = 40;

/// The attributes of a `LogEvent` a filter may start with.
const TOP_LEVEL: &[&str] = &[
    "actor",
    "client",
    "device",
    "authenticationContext",
    "displayMessage",
    "eventType",
    "outcome",
    "published",
    "securityContext",
    "severity",
    "debugContext",
    "legacyEventType",
    "transaction",
    "uuid",
    "version",
    "request",
    "target",
];

const FILTER: Grammar = Grammar {
    kind: |attribute| {
        let top = attribute.split('.').next().unwrap_or("");
        (is_attribute_path(attribute) && TOP_LEVEL.contains(&top)).then_some(Kind::Value)
    },
    allows: |attribute, op| {
        op != Some(Op::Co)
            || !matches!(
                attribute,
                "debugContext.debugData.url" | "debugContext.debugData.requestUri"
            )
    },
    case: Case::Insensitive,
};

pub(super) fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let params = Params::read(&req.query, req.now)?;
    org.log.release_late(req.now);
    let retained = req.now.plus_millis(-RETENTION_DAYS * DAY_MS);
    let wanted = |stored: &Stored| {
        stored.event.published >= retained
            && params.filter.as_ref().is_none_or(|f| f.matches(stored))
            && stored.has_keywords(&params.keywords)
    };
    let (page, next) = match &params.window {
        Window::Polling(from) => poll(&org.log, from, params.limit, &wanted),
        Window::Bounded(bounds) => bounded(&org.log, bounds, params.limit, &wanted),
    };
    let mut out = Vec::with_capacity(page.iter().map(|s| s.json().len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (index, stored) in page.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(stored.json());
    }
    out.push(b']');
    Ok(with_links(Reply::ok_bytes(out), req, params.limit, next))
}

/// A polling page: wanted events in recording order, from `since` or after the cursor.
fn poll<'a>(
    log: &'a LogStore,
    from: &PollFrom,
    limit: usize,
    wanted: &dyn Fn(&Stored) -> bool,
) -> (Vec<&'a Stored>, Next) {
    let candidates: Box<dyn Iterator<Item = &Stored>> = match from {
        // A polling query's `since` is a persistence time.
        PollFrom::Since(since) => Box::new(log.iter().filter(move |s| s.persisted >= *since)),
        PollFrom::After(cursor) => Box::new(log.after_seq(cursor.seq)),
    };
    let page: Vec<&Stored> = candidates.filter(|s| wanted(s)).take(limit).collect();
    let next = poll_cursor(&page, limit, from, log.iter().last());
    (page, next)
}

/// A bounded page: wanted events published within the bounds, by `published` (ties in recording
/// order), after the cursor; a `next` link only while more follow.
fn bounded<'a>(
    log: &'a LogStore,
    bounds: &Bounds,
    limit: usize,
    wanted: &dyn Fn(&Stored) -> bool,
) -> (Vec<&'a Stored>, Next) {
    let mut hits: Vec<&Stored> = log
        .iter()
        .filter(|s| s.event.published >= bounds.since && s.event.published <= bounds.until)
        .filter(|s| {
            bounds
                .after
                .as_ref()
                .is_none_or(|cursor| cursor.comes_before(s, bounds.descending))
        })
        .filter(|s| wanted(s))
        .collect();
    hits.sort_by_key(|s| (s.event.published, s.seq));
    if bounds.descending {
        hits.reverse();
    }
    let (page, more) = take_page(hits.into_iter(), limit);
    let next = match page.last() {
        Some(last) if more => Next::After(LogCursor {
            published: last.event.published,
            seq: last.seq,
            floor: Some(bounds.since),
        }),
        _ => Next::End,
    };
    (page, next)
}

/// What the `next` link says.
#[derive(Debug)]
enum Next {
    /// No `next` link: the last page of a bounded query.
    End,
    /// The same request again: a `limit=0` poll from `since` has examined nothing yet.
    Repeat,
    After(LogCursor),
}

/// The polling cursor: after the last event returned when the page is full, otherwise after the
/// last event there is (every event up to it was examined, so only later ones can follow).
fn poll_cursor(page: &[&Stored], limit: usize, from: &PollFrom, last: Option<&Stored>) -> Next {
    let at = |stored: &Stored| LogCursor {
        published: stored.event.published,
        seq: stored.seq,
        floor: None,
    };
    match (page.last(), from) {
        (_, PollFrom::Since(_)) if limit == 0 => Next::Repeat,
        (_, PollFrom::After(cursor)) if limit == 0 => Next::After(cursor.clone()),
        (Some(stored), _) if page.len() == limit => Next::After(at(stored)),
        (_, PollFrom::After(cursor)) if last.is_none_or(|last| last.seq <= cursor.seq) => {
            Next::After(cursor.clone())
        }
        _ => Next::After(last.map_or(
            LogCursor {
                published: Timestamp::from_millis(0),
                seq: 0,
                floor: None,
            },
            at,
        )),
    }
}

/// `self` repeats the request; `next` drops `since` and `after` and carries the new cursor.
fn with_links(reply: Reply, req: &ApiRequest, limit: usize, next: Next) -> Reply {
    let others = |skip_since: bool| -> Vec<(&str, &str)> {
        req.query
            .pairs()
            .filter(|(name, _)| *name != "after" && *name != "limit")
            .filter(|(name, _)| !(skip_since && *name == "since"))
            .collect()
    };
    let links = |params| PageLinks {
        origin: &req.origin,
        path: &req.path,
        limit,
        params,
    };
    let after = non_empty(req.query.get("after"));
    let reply = reply.with_header("link", links(others(false)).link(after, "self"));
    match next {
        Next::End => reply,
        Next::Repeat => {
            let again = links(others(false)).link(after, "next");
            reply.with_header("link", again)
        }
        Next::After(cursor) => {
            let next = links(others(true)).link(Some(&cursor.encode()), "next");
            reply.with_header("link", next)
        }
    }
}

/// Where a page starts, as the `after` value carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LogCursor {
    published: Timestamp,
    seq: u64,
    /// The lower `published` bound of a bounded query (its links carry no `since`).
    floor: Option<Timestamp>,
}

impl LogCursor {
    fn encode(&self) -> String {
        match self.floor {
            None => format!("{}_{}", self.published.millis(), self.seq),
            Some(floor) => format!(
                "{}_{}_{}",
                self.published.millis(),
                self.seq,
                floor.millis()
            ),
        }
    }

    fn decode(text: &str) -> Option<LogCursor> {
        let mut parts = text.split('_');
        let published = parts.next()?.parse::<i64>().ok()?;
        let seq = parts.next()?.parse::<u64>().ok()?;
        let floor = match parts.next() {
            None => None,
            Some(floor) => Some(Timestamp::from_millis(floor.parse::<i64>().ok()?)),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(LogCursor {
            published: Timestamp::from_millis(published),
            seq,
            floor,
        })
    }

    /// Whether the cursor comes before `stored` in a bounded query's order.
    fn comes_before(&self, stored: &Stored, descending: bool) -> bool {
        let position = (stored.event.published, stored.seq);
        let cursor = (self.published, self.seq);
        if descending {
            position < cursor
        } else {
            position > cursor
        }
    }
}

#[derive(Debug)]
enum PollFrom {
    Since(Timestamp),
    After(LogCursor),
}

#[derive(Debug)]
enum Window {
    Polling(PollFrom),
    Bounded(Bounds),
}

#[derive(Debug)]
struct Bounds {
    since: Timestamp,
    until: Timestamp,
    descending: bool,
    after: Option<LogCursor>,
}

/// The query parameters, checked.
struct Params {
    window: Window,
    limit: usize,
    filter: Option<Filter>,
    keywords: Vec<String>,
}

impl Params {
    fn read(query: &Query, now: Timestamp) -> Result<Params, ApiError> {
        let since = date(query, "since")?;
        let until = date(query, "until")?;
        let after = non_empty(query.get("after"))
            .map(|text| {
                LogCursor::decode(text.trim()).ok_or_else(|| {
                    ApiError::invalid_log_query("Invalid parameter: The after cursor is not valid.")
                })
            })
            .transpose()?;
        if since.is_some() && after.is_some() {
            return Err(ApiError::invalid_log_query(
                "Invalid parameter: The since and after parameters can't be used together.",
            ));
        }
        if since.is_some_and(|since| since < now.plus_millis(-MAX_SINCE_DAYS * DAY_MS)) {
            return Err(ApiError::invalid_log_query(
                "Invalid parameter: The since parameter is over 180 days prior to the current day.",
            ));
        }
        let descending = match non_empty(query.get("sortOrder")) {
            None => false,
            Some(order) if order.eq_ignore_ascii_case("ASCENDING") => false,
            Some(order) if order.eq_ignore_ascii_case("DESCENDING") => true,
            Some(_) => return Err(invalid_parameter("sortOrder")),
        };
        let window = if until.is_none() && !descending {
            Window::Polling(match after {
                Some(cursor) => PollFrom::After(cursor),
                None => {
                    PollFrom::Since(since.unwrap_or(now.plus_millis(-DEFAULT_WINDOW_DAYS * DAY_MS)))
                }
            })
        } else {
            let until = until.unwrap_or(now);
            let floor = after.as_ref().and_then(|cursor| cursor.floor);
            Window::Bounded(Bounds {
                since: since
                    .or(floor)
                    .unwrap_or(until.plus_millis(-DEFAULT_WINDOW_DAYS * DAY_MS)),
                until,
                descending,
                after,
            })
        };
        Ok(Params {
            window,
            limit: limit(query)?,
            filter: filter(query)?,
            keywords: keywords(query)?,
        })
    }
}

/// `since` / `until`: ISO 8601, else the guide's 400 E0000001 for a date it does not recognise.
fn date(query: &Query, name: &str) -> Result<Option<Timestamp>, ApiError> {
    let Some(text) = non_empty(query.get(name)) else {
        return Ok(None);
    };
    Timestamp::parse_iso8601(text.trim())
        .map(Some)
        .ok_or_else(|| {
            ApiError::validation(&format!(
            "'{name}': The date format in your query is not recognized. Please enter dates using \
             ISO8601 string format. '{name}': must be a valid date-time or empty."
        ))
        .with_cause(format!(
            "{name}: The date format in your query is not recognized. Please enter dates using \
             ISO8601 string format."
        ))
        .with_cause(format!("{name}: must be a valid date-time or empty."))
        })
}

/// `limit`: 0 to 1000 (0 answers an empty page), 100 when absent; a negative value or text is 400.
fn limit(query: &Query) -> Result<usize, ApiError> {
    let Some(text) = non_empty(query.get("limit")) else {
        return Ok(DEFAULT_LIMIT);
    };
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid_parameter("limit"));
    }
    Ok(text.parse::<usize>().unwrap_or(usize::MAX).min(MAX_LIMIT))
}

fn filter(query: &Query) -> Result<Option<Filter>, ApiError> {
    let Some(text) = non_empty(query.get("filter")) else {
        return Ok(None);
    };
    let filter = Filter::parse(text, &FILTER).map_err(|error| match error {
        ScimError::UnknownAttribute(field) => {
            ApiError::invalid_log_query(format!("field is not valid: {field}"))
        }
        ScimError::Unsupported { op, attribute } => {
            ApiError::unsupported_log_operator(&op, &attribute)
        }
        ScimError::UnknownOperator(op) => ApiError::invalid_log_query(format!(
            "Invalid filter '{text}': Unrecognized attribute operator '{op}'. \
             Expected: eq,ne,co,sw,ew,pr,gt,ge,lt,le"
        )),
        other => ApiError::invalid_log_query(format!("Invalid filter '{text}': {other}")),
    })?;
    if filter.attributes().contains(&"published") {
        return Err(ApiError::invalid_log_query(format!(
            "Invalid filter '{text}': published can't be used in a filter; use since and until"
        )));
    }
    Ok(Some(filter))
}

/// `q`: keywords separated by spaces, lower-cased.
fn keywords(query: &Query) -> Result<Vec<String>, ApiError> {
    let words: Vec<String> = query
        .get("q")
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    if words
        .iter()
        .any(|word| word.chars().count() > MAX_KEYWORD_CHARS)
    {
        return Err(ApiError::validation(
            "'q': Freeform search cannot contain items longer than 40 characters. Please shorten \
             the items in your search or use an advanced filter to query by specific fields.",
        ));
    }
    if words.len() > MAX_KEYWORDS {
        return Err(ApiError::validation(
            "'q': Freeform search cannot contain more than 10 items. Please remove items from \
             your search or use an advanced filter to query by specific fields.",
        ));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_strangers() {
        for cursor in [
            LogCursor {
                published: Timestamp::from_millis(1_759_117_790_000),
                seq: 42,
                floor: None,
            },
            LogCursor {
                published: Timestamp::from_millis(5),
                seq: 0,
                floor: Some(Timestamp::from_millis(-3)),
            },
        ] {
            assert_eq!(LogCursor::decode(&cursor.encode()), Some(cursor));
        }
        for bad in ["", "x", "1", "1_x", "1_2_3_4", "00uabc", "1_-2"] {
            assert_eq!(LogCursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn parameters_are_checked() {
        let now = Timestamp::from_millis(1_759_117_790_000);
        let read = |raw: &str| {
            Params::read(&Query::parse(raw), now)
                .map(|_| ())
                .map_err(|e| e.code)
        };
        assert_eq!(read(""), Ok(()));
        assert_eq!(read("since=2025-09-01T00:00:00Z&until=2025-09-02"), Ok(()));
        assert_eq!(read("since=2025-01-01T00:00:00Z"), Err("E0000053"));
        assert_eq!(
            read("since=2025-09-20T00:00:00Z&after=1_2"),
            Err("E0000053")
        );
        assert_eq!(read("since=yesterday"), Err("E0000001"));
        assert_eq!(read("after=nope"), Err("E0000053"));
        assert_eq!(read("limit=-1"), Err("E0000001"));
        assert_eq!(read("sortOrder=asc"), Err("E0000001"));
        assert_eq!(
            read("filter=published+gt+%222025-01-01%22"),
            Err("E0000053")
        );
        assert_eq!(
            read("filter=lastUpdated+gt+%222025-01-01%22"),
            Err("E0000053")
        );
        assert_eq!(read("filter=eventType+eqq+%22x%22"), Err("E0000053"));
        assert_eq!(
            read("filter=debugContext.debugData.url+co+%22%2Foauth%2F%22"),
            Err("E0000031")
        );
        assert_eq!(read(&format!("q={}", "x".repeat(41))), Err("E0000001"));
        assert_eq!(read("q=a+b+c+d+e+f+g+h+i+j+k"), Err("E0000001"));
        assert_eq!(
            read("filter=eventType+eq+%22user.session.start%22+and+target.id+pr"),
            Ok(())
        );
    }
}
