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

use std::sync::Arc;

use super::filter;
use super::model::{Status, User};
use super::render::{Href, Links, write_tail};
use super::store::{Stored, UserStore};
use crate::errors::ApiError;
use crate::ids::USER_PREFIX;
use crate::listing::{
    Criteria, SortKey, SortOrder, field_key, id_page, limit, non_empty, page_reply_after,
    sorted_cursor,
};
use crate::org::Org;
use crate::paging::{Cursor, take_page};
use crate::reply::Reply;
use crate::request::{self, ApiRequest};
use crate::scim::{Filter, Op, Subject, folded_matches};
use crate::user_types::UserType;

const DEFAULT_LIMIT: usize = 200;
const MAX_LIMIT: usize = 200;
const Q_DEFAULT_LIMIT: usize = 10;

pub(super) fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let mode = Mode::read(&req.query)?;
    let limit = limit(&req.query, mode.default_limit(), MAX_LIMIT)?;
    let after = match mode.criteria {
        Criteria::Q(_) => None,
        _ => non_empty(req.query.get("after")),
    };
    let cursor = after
        .map(|text| Cursor::decode(text, USER_PREFIX))
        .transpose()?;
    let (mut users, next) = mode.page(&org.users, &mut org.sorted, cursor.as_ref(), limit)?;
    if matches!(mode.criteria, Criteria::Search { .. }) && org.search_lag_ms > 0 {
        // The search index lags (`polling.rs`): the page keeps its cursor, and is short by the users not yet
        // indexed; a later search finds them.
        let indexed = req.now.plus_millis(-org.search_lag_ms);
        users.retain(|stored| stored.user.created <= indexed);
    }
    let body = page_json(&users, &org.user_type, &req.origin);
    Ok(page_reply_after(body, req, limit, after, next.as_ref()))
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

/// What the users list asks for ([`Criteria`]) and, for a sorted search, how it is sorted.
struct Mode {
    criteria: Criteria,
    sort: Option<Sort>,
}

struct Sort {
    /// The `search` text, which with the attribute and direction identifies a sorted result.
    search: String,
    attribute: String,
    order: SortOrder,
}

impl Mode {
    /// `sortBy` (any attribute a search can name) and `sortOrder` (`asc`, the default, or `desc`)
    /// sort a search.
    fn read(query: &request::Query) -> Result<Mode, ApiError> {
        let criteria = Criteria::read(query, &filter::SEARCH, &filter::FILTER)?;
        let sort = match &criteria {
            Criteria::Search {
                text,
                sort_by: Some(attribute),
                ..
            } => Some(Sort {
                search: text.clone(),
                attribute: attribute.clone(),
                order: SortOrder::read(query)?,
            }),
            _ => None,
        };
        Ok(Mode { criteria, sort })
    }

    fn default_limit(&self) -> usize {
        match self.criteria {
            Criteria::Q(_) => Q_DEFAULT_LIMIT,
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
            let hits = users.after(after).filter(|s| keep(&s.user));
            id_page(hits, limit, |s| &s.user.id)
        };
        Ok(match (&self.criteria, &self.sort) {
            (Criteria::All, _) => in_id_order(&|user| user.status != Status::Deprovisioned),
            (Criteria::Search { filter, .. }, Some(sort)) => {
                let hits = sorted.hits(users, filter, sort);
                sort.page(users, &hits, cursor, limit)?
            }
            (Criteria::Filter(filter) | Criteria::Search { filter, .. }, _) => {
                in_id_order(&|user| filter.matches(user))
            }
            (Criteria::Q(prefix), _) => {
                let hits = users.iter_stored().filter(|stored| {
                    stored.user.status != Status::Deprovisioned && q_matches(&stored.user, prefix)
                });
                (hits.take(limit).collect(), None)
            }
        })
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
    order: SortOrder,
}

impl SortedCache {
    fn hits(&mut self, users: &UserStore, query: &Filter, sort: &Sort) -> SortedHits {
        let key = SortedKey {
            generation: users.generation(),
            search: sort.search.clone(),
            attribute: sort.attribute.clone(),
            order: sort.order,
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
    /// Every user the query matches, ordered by (key, ID).
    fn hits(&self, users: &UserStore, query: &Filter) -> SortedHits {
        let mut hits: Vec<(SortKey, String)> = users
            .iter()
            .filter(|user| query.matches(*user))
            .map(|user| (field_key(&user.field(&self.attribute)), user.id.clone()))
            .collect();
        hits.sort_by(|a, b| self.order.compare((&a.0, &a.1), (&b.0, &b.1)));
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
        let start = self.order.resume_at(hits, |(key, id)| (key, id), cursor)?;
        let (page, more) = take_page(hits[start..].iter(), limit);
        let next = more
            .then(|| page.last())
            .flatten()
            .map(|(key, id)| sorted_cursor(key, id));
        // The hits were computed from this very store (same generation), so every ID is there.
        let page = page
            .into_iter()
            .filter_map(|(_, id)| users.stored(id))
            .collect();
        Ok((page, next))
    }
}
