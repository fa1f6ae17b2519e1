//! `GET /api/v1/users`: plain listing, `filter`, `search` (optionally sorted) and `q`.
//!
//! | mode | DEPROVISIONED | default `limit` | order | paging |
//! |---|---|---|---|---|
//! | none | omitted | 200 | ID | `after` cursor + `next` link |
//! | `filter` | included | 200 | ID | same |
//! | `search` | included | 200 | ID, or `sortBy`/`sortOrder` | same |
//! | `q` | omitted | 10 | ID | none (`after` ignored, no `next`) |
//!
//! `limit` above 200 is clamped to 200 and below 1 means the default; a non-number is 400 E0000001.
//! `search` and `filter` together are 400 E0000033. `fields` and `expand` are accepted and ignored.

use std::cmp::Ordering;

use serde_json::Value;

use super::model::{Status, User};
use super::render::{Links, user_json};
use crate::fake_org::errors::ApiError;
use crate::fake_org::ids::USER_PREFIX;
use crate::fake_org::org::Org;
use crate::fake_org::paging::{Cursor, PageLinks, take_page};
use crate::fake_org::query::{Attr, Dialect, Query, Subject};
use crate::fake_org::reply::Reply;
use crate::fake_org::request::{self, ApiRequest, invalid_parameter};

const DEFAULT_LIMIT: usize = 200;
const MAX_LIMIT: usize = 200;
const Q_DEFAULT_LIMIT: usize = 10;

pub(super) fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let mode = Mode::read(&req.query)?;
    let limit = limit(&req.query, mode.default_limit())?;
    let after = match mode {
        Mode::Q(_) => None,
        _ => non_empty(req.query.get("after")),
    };
    let cursor = after
        .map(|text| Cursor::decode(text, USER_PREFIX))
        .transpose()?;
    let (users, next) = mode.page(org, cursor.as_ref(), limit)?;
    let body: Vec<Value> = users
        .iter()
        .map(|user| user_json(user, &org.user_type, &req.origin, Links::SelfOnly))
        .collect();
    let links = PageLinks {
        origin: &req.origin,
        path: &req.path,
        limit,
        params: req
            .query
            .pairs()
            .filter(|(name, _)| *name != "after" && *name != "limit")
            .collect(),
    };
    let mut reply = Reply::ok(Value::Array(body)).with_header("link", links.link(after, "self"));
    if let Some(next) = next {
        reply = reply.with_header("link", links.link(Some(&next.encode()), "next"));
    }
    Ok(reply)
}

enum Mode {
    All,
    Filter(Query),
    Search(Query, Option<Sort>),
    /// Lower-cased prefix.
    Q(String),
}

struct Sort {
    attribute: String,
    descending: bool,
}

impl Mode {
    fn read(query: &request::Query) -> Result<Mode, ApiError> {
        let parse = |text: &str, dialect| {
            Query::parse(text, dialect).map_err(|error| ApiError::invalid_search(&error.0))
        };
        match (
            non_empty(query.get("search")),
            non_empty(query.get("filter")),
        ) {
            (Some(_), Some(_)) => Err(ApiError::search_and_filter()),
            (Some(search), None) => Ok(Mode::Search(
                parse(search, Dialect::Search)?,
                Sort::read(query)?,
            )),
            (None, Some(filter)) => Ok(Mode::Filter(parse(filter, Dialect::Filter)?)),
            (None, None) => Ok(match non_empty(query.get("q")) {
                Some(q) => Mode::Q(q.to_lowercase()),
                None => Mode::All,
            }),
        }
    }

    fn default_limit(&self) -> usize {
        match self {
            Mode::Q(_) => Q_DEFAULT_LIMIT,
            _ => DEFAULT_LIMIT,
        }
    }

    /// One page of users after `cursor`, and the cursor of the next page if more remain.
    fn page<'a>(
        &self,
        org: &'a Org,
        cursor: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<&'a User>, Option<Cursor>), ApiError> {
        let after = cursor.map(|c| c.id.as_str());
        let in_id_order = |keep: &dyn Fn(&User) -> bool| {
            let (page, more) = take_page(org.users.after(after).filter(|u| keep(u)), limit);
            let next = more.then(|| page.last().map(|u| id_cursor(u))).flatten();
            (page, next)
        };
        Ok(match self {
            Mode::All => in_id_order(&|user| user.status != Status::Deprovisioned),
            Mode::Filter(query) | Mode::Search(query, None) => {
                in_id_order(&|user| query.matches(user))
            }
            Mode::Search(query, Some(sort)) => sort.page(org, query, cursor, limit)?,
            Mode::Q(prefix) => {
                let hits = org
                    .users
                    .iter()
                    .filter(|user| user.status != Status::Deprovisioned && q_matches(user, prefix));
                (hits.take(limit).collect(), None)
            }
        })
    }
}

fn id_cursor(user: &User) -> Cursor {
    Cursor {
        id: user.id.clone(),
        key: None,
    }
}

/// `q`: starts-with on first name, last name or email, ignoring case.
fn q_matches(user: &User, prefix: &str) -> bool {
    ["firstName", "lastName", "email"]
        .iter()
        .any(|key| user.profile_text(key).to_lowercase().starts_with(prefix))
}

impl Sort {
    /// `sortBy` (any attribute a search can name) and `sortOrder` (`asc`, the default, or `desc`).
    fn read(query: &request::Query) -> Result<Option<Sort>, ApiError> {
        let Some(attribute) = non_empty(query.get("sortBy")) else {
            return Ok(None);
        };
        let descending = match query.get("sortOrder") {
            None => false,
            Some(order) if order.eq_ignore_ascii_case("asc") => false,
            Some(order) if order.eq_ignore_ascii_case("desc") => true,
            Some(_) => return Err(invalid_parameter("sortOrder")),
        };
        Ok(Some(Sort {
            attribute: attribute.to_owned(),
            descending,
        }))
    }

    /// Sorted results are ordered by (key, ID), so a page resumes strictly after the cursor's pair.
    fn page<'a>(
        &self,
        org: &'a Org,
        query: &Query,
        cursor: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<&'a User>, Option<Cursor>), ApiError> {
        let mut hits: Vec<(SortKey, &User)> = org
            .users
            .iter()
            .filter(|user| query.matches(*user))
            .map(|user| (SortKey::of(user.attribute(&self.attribute)), user))
            .collect();
        hits.sort_by(|a, b| self.order((&a.0, &a.1.id), (&b.0, &b.1.id)));
        let start = match cursor {
            None => 0,
            Some(cursor) => {
                let key = cursor
                    .key
                    .as_deref()
                    .and_then(SortKey::decode)
                    .ok_or_else(|| invalid_parameter("after"))?;
                hits.partition_point(|(k, u)| {
                    self.order((k, &u.id), (&key, &cursor.id)) != Ordering::Greater
                })
            }
        };
        let (page, more) = take_page(hits[start..].iter(), limit);
        let next = more
            .then(|| page.last())
            .flatten()
            .map(|(key, user)| Cursor {
                id: user.id.clone(),
                key: Some(key.encode()),
            });
        Ok((page.into_iter().map(|(_, user)| *user).collect(), next))
    }

    fn order(&self, a: (&SortKey, &String), b: (&SortKey, &String)) -> Ordering {
        let order = a.0.cmp(b.0).then_with(|| a.1.cmp(b.1));
        if self.descending {
            order.reverse()
        } else {
            order
        }
    }
}

/// A sort value: missing/null first, then numbers (and instants), then text (ignoring case).
#[derive(Clone, Debug, PartialEq)]
enum SortKey {
    Null,
    Number(f64),
    Text(String),
}

impl SortKey {
    fn of(attribute: Attr<'_>) -> SortKey {
        match attribute {
            Attr::Absent | Attr::Time(None) => SortKey::Null,
            Attr::Text(text) => SortKey::Text(text.to_lowercase()),
            Attr::Time(Some(time)) => SortKey::Number(time.millis() as f64),
            Attr::Json(value) => SortKey::of_json(value),
        }
    }

    fn of_json(value: &Value) -> SortKey {
        match value {
            Value::String(text) => SortKey::Text(text.to_lowercase()),
            Value::Number(n) => n.as_f64().map_or(SortKey::Null, SortKey::Number),
            Value::Bool(b) => SortKey::Text(b.to_string()),
            Value::Array(items) => items.first().map_or(SortKey::Null, SortKey::of_json),
            Value::Null | Value::Object(_) => SortKey::Null,
        }
    }

    fn encode(&self) -> String {
        match self {
            SortKey::Null => "n".into(),
            SortKey::Number(n) => format!("d{n}"),
            SortKey::Text(text) => format!("s{text}"),
        }
    }

    fn decode(text: &str) -> Option<SortKey> {
        match text.split_at_checked(1)? {
            ("n", "") => Some(SortKey::Null),
            ("d", n) => n.parse().ok().map(SortKey::Number),
            ("s", text) => Some(SortKey::Text(text.to_owned())),
            _ => None,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortKey::Null => 0,
            SortKey::Number(_) => 1,
            SortKey::Text(_) => 2,
        }
    }
}

impl Eq for SortKey {}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Number(a), SortKey::Number(b)) => a.total_cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

fn limit(query: &request::Query, default: usize) -> Result<usize, ApiError> {
    let Some(text) = non_empty(query.get("limit")) else {
        return Ok(default);
    };
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid_parameter("limit"));
    }
    // Any run of digits is a number, however long: a huge limit is clamped, not refused.
    let requested = digits.parse::<usize>().unwrap_or(usize::MAX);
    Ok(if negative || requested == 0 {
        default
    } else {
        requested.min(MAX_LIMIT)
    })
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|text| !text.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_order_and_round_trip() {
        let keys = [
            SortKey::Null,
            SortKey::Number(-1.5),
            SortKey::Number(3.0),
            SortKey::Text("adams".into()),
            SortKey::Text("zane~".into()),
        ];
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for key in keys {
            assert_eq!(SortKey::decode(&key.encode()), Some(key));
        }
        assert_eq!(SortKey::decode("x1"), None);
        assert_eq!(SortKey::decode(""), None);
    }

    #[test]
    fn limits_are_clamped() {
        let limit_of = |raw: &str| limit(&request::Query::parse(raw), 200);
        assert_eq!(limit_of(""), Ok(200));
        assert_eq!(limit_of("limit=7"), Ok(7));
        assert_eq!(limit_of("limit=100000000000000000000000"), Ok(200));
        assert_eq!(limit_of("limit=9999"), Ok(200));
        assert_eq!(limit_of("limit=0"), Ok(200));
        assert_eq!(limit_of("limit=-3"), Ok(200));
        assert!(limit_of("limit=ten").is_err());
        assert!(limit_of("limit=-").is_err());
    }
}
