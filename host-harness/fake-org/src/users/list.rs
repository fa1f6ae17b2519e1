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
use std::sync::Arc;

use super::model::{Status, User};
use super::render::{Href, Links, write_tail};
use super::store::{Stored, UserStore};
use crate::errors::ApiError;
use crate::ids::USER_PREFIX;
use crate::listing::SortKey;
use crate::org::Org;
use crate::paging::{Cursor, PageLinks, take_page};
use crate::query::{Attr, Dialect, Op, Query, Subject, folded_matches};
use crate::reply::Reply;
use crate::request::{self, ApiRequest, invalid_parameter};
use crate::user_types::UserType;

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
    let (mut users, next) = mode.page(&org.users, &mut org.sorted, cursor.as_ref(), limit)?;
    if matches!(mode, Mode::Search(..)) && org.search_lag_ms > 0 {
        // The search index lags (`polling.rs`): the page keeps its cursor, and is short by the users not yet
        // indexed; a later search finds them.
        let indexed = req.now.plus_millis(-org.search_lag_ms);
        users.retain(|stored| stored.user.created <= indexed);
    }
    let body = page_json(&users, &org.user_type, &req.origin);
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
    let mut reply = Reply::ok_bytes(body).with_header("link", links.link(after, "self"));
    if let Some(next) = next {
        reply = reply.with_header("link", links.link(Some(&next.encode()), "next"));
    }
    Ok(reply)
}

/// The page's JSON array: each user's cached head, then its `self` link.
fn page_json(users: &[&Stored], user_type: &UserType, origin: &str) -> Vec<u8> {
    let href = Href::new(origin);
    // `,"_links":{"self":{"href":"…/api/v1/users/{id}"}}}` and the comma between users.
    let tail = origin.len() + 64;
    let size: usize = users.iter().map(|stored| stored.head().len() + tail).sum();
    let mut out = Vec::with_capacity(size + 2);
    out.push(b'[');
    for (index, stored) in users.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(stored.head());
        write_tail(&mut out, &stored.user, user_type, &href, Links::SelfOnly);
    }
    out.push(b']');
    out
}

enum Mode {
    All,
    Filter(Query),
    Search(Query, Option<Sort>),
    /// Lower-cased prefix.
    Q(String),
}

struct Sort {
    /// The `search` text, which with the attribute and direction identifies a sorted result.
    search: String,
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
                Sort::read(query, search)?,
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
        users: &'a UserStore,
        sorted: &mut SortedCache,
        cursor: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<&'a Stored>, Option<Cursor>), ApiError> {
        let after = cursor.map(|c| c.id.as_str());
        let in_id_order = |keep: &dyn Fn(&User) -> bool| {
            let (page, more) = take_page(users.after(after).filter(|s| keep(&s.user)), limit);
            let next = more
                .then(|| page.last().map(|s| id_cursor(&s.user)))
                .flatten();
            (page, next)
        };
        Ok(match self {
            Mode::All => in_id_order(&|user| user.status != Status::Deprovisioned),
            Mode::Filter(query) | Mode::Search(query, None) => {
                in_id_order(&|user| query.matches(user))
            }
            Mode::Search(query, Some(sort)) => {
                let hits = sorted.hits(users, query, sort);
                sort.page(users, &hits, cursor, limit)?
            }
            Mode::Q(prefix) => {
                let hits = users.iter_stored().filter(|stored| {
                    stored.user.status != Status::Deprovisioned && q_matches(&stored.user, prefix)
                });
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
        .any(|key| folded_matches(user.profile_text(key), Op::Sw, prefix))
}

/// Every hit of a sorted search, in order, as (sort key, user ID).
type SortedHits = Arc<[(SortKey, String)]>;

/// The last sorted search, kept while the store is unchanged: paging through a sorted result then
/// costs a binary search and the page instead of a scan and a sort of the whole org per page.
#[derive(Debug, Default)]
pub(crate) struct SortedCache {
    last: Option<(SortedKey, SortedHits)>,
}

#[derive(Debug, PartialEq)]
struct SortedKey {
    generation: u64,
    search: String,
    attribute: String,
    descending: bool,
}

impl SortedCache {
    fn hits(&mut self, users: &UserStore, query: &Query, sort: &Sort) -> SortedHits {
        let key = SortedKey {
            generation: users.generation(),
            search: sort.search.clone(),
            attribute: sort.attribute.clone(),
            descending: sort.descending,
        };
        if let Some((cached, hits)) = &self.last
            && *cached == key
        {
            return Arc::clone(hits);
        }
        let hits = sort.hits(users, query);
        self.last = Some((key, Arc::clone(&hits)));
        hits
    }
}

impl Sort {
    /// `sortBy` (any attribute a search can name) and `sortOrder` (`asc`, the default, or `desc`).
    fn read(query: &request::Query, search: &str) -> Result<Option<Sort>, ApiError> {
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
            search: search.to_owned(),
            attribute: attribute.to_owned(),
            descending,
        }))
    }

    /// Every user the query matches, ordered by (key, ID).
    fn hits(&self, users: &UserStore, query: &Query) -> SortedHits {
        let mut hits: Vec<(SortKey, String)> = users
            .iter()
            .filter(|user| query.matches(*user))
            .map(|user| {
                (
                    attribute_key(user.attribute(&self.attribute)),
                    user.id.clone(),
                )
            })
            .collect();
        hits.sort_by(|a, b| self.order((&a.0, &a.1), (&b.0, &b.1)));
        hits.into()
    }

    /// Sorted results are ordered by (key, ID), so a page resumes strictly after the cursor's pair.
    fn page<'a>(
        &self,
        users: &'a UserStore,
        hits: &[(SortKey, String)],
        cursor: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<&'a Stored>, Option<Cursor>), ApiError> {
        let start = match cursor {
            None => 0,
            Some(cursor) => {
                let key = cursor
                    .key
                    .as_deref()
                    .and_then(SortKey::decode)
                    .ok_or_else(|| invalid_parameter("after"))?;
                hits.partition_point(|(k, id)| {
                    self.order((k, id), (&key, &cursor.id)) != Ordering::Greater
                })
            }
        };
        let (page, more) = take_page(hits[start..].iter(), limit);
        let next = more.then(|| page.last()).flatten().map(|(key, id)| Cursor {
            id: id.clone(),
            key: Some(key.encode()),
        });
        // The hits were computed from this very store (same generation), so every ID is there.
        let page = page
            .into_iter()
            .filter_map(|(_, id)| users.stored(id))
            .collect();
        Ok((page, next))
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

/// The sort key of a user attribute (text ignoring case, instants as numbers, missing first).
fn attribute_key(attribute: Attr<'_>) -> SortKey {
    match attribute {
        Attr::Absent | Attr::Time(None) => SortKey::Null,
        Attr::Text(text) => SortKey::text(text),
        Attr::Time(Some(time)) => SortKey::time(time),
        Attr::Json(value) => SortKey::json(Some(value)),
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
