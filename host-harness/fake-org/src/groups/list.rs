//! `GET /api/v1/groups`: plain listing, `q`, `search` (optionally sorted) and `filter`.
//!
//! | mode | matches | default `limit` | order | paging |
//! |---|---|---|---|---|
//! | none | every group | 10000 | ID | `after` + `next` link |
//! | `q` | `profile.name` starts with (any case) | 300 | ID | none: "you can't page a query" |
//! | `search` | any profile attribute, `id`, `type`, `created`, `lastUpdated`, `lastMembershipUpdated`, `source.id`; `eq`, `sw`, `co` (name and description only), `gt`/`ge`/`lt`/`le`, `pr`; any case | 10000 | ID, or `sortBy` + `sortOrder` | same |
//! | `filter` | `id`, `type` (`eq`), `lastUpdated`, `lastMembershipUpdated` (`eq`, `gt`, `ge`, `lt`, `le`); exact case | 10000 | ID | same |
//!
//! `limit` is at most 10000 (the spec's maximum). `search` with `filter` is 400 E0000033, a bad
//! expression 400 E0000031. `expand=stats` adds `_embedded.stats.usersCount`, `expand=app` the
//! source app of an `APP_GROUP`.

use super::render::Embedded;
use super::store::Group;
use super::write_group_with;
use crate::apps;
use crate::errors::ApiError;
use crate::ids::GROUP_PREFIX;
use crate::listing::{
    self, Criteria, SortKey, SortOrder, id_page, json_array, page_reply, sorted_page,
};
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;
use crate::scim::{Case, Grammar, Kind, Op, Subject, is_attribute_path};

const MAX_LIMIT: usize = 10_000;
const Q_DEFAULT_LIMIT: usize = 300;
const DATES: &[&str] = &["created", "lastUpdated", "lastMembershipUpdated"];

const SEARCH: Grammar = Grammar {
    kind: search_kind,
    allows: search_allows,
    case: Case::Insensitive,
};

const FILTER: Grammar = Grammar {
    kind: filter_kind,
    allows: filter_allows,
    case: Case::Sensitive,
};

pub(super) fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let criteria = Criteria::read(&req.query, &SEARCH, &FILTER)?;
    let default = match criteria {
        Criteria::Q(_) => Q_DEFAULT_LIMIT,
        _ => MAX_LIMIT,
    };
    let limit = listing::limit(&req.query, default, MAX_LIMIT)?;
    let expand = Expand::read(req);
    let (groups, next) = match &criteria {
        Criteria::Q(prefix) => {
            let hits = org
                .groups
                .iter()
                .filter(|group| group.name().to_lowercase().starts_with(prefix.as_str()));
            (hits.take(limit).collect(), None)
        }
        Criteria::Search {
            filter,
            sort_by: Some(sort_by),
            ..
        } => {
            let hits = org
                .groups
                .iter()
                .filter(|group| filter.matches(*group))
                .map(|group| (sort_key(group, sort_by), group.id.clone(), group))
                .collect();
            let cursor = listing::after(&req.query, GROUP_PREFIX)?;
            let order = SortOrder::read(&req.query)?;
            sorted_page(hits, order, cursor.as_ref(), limit)?
        }
        Criteria::Search {
            filter,
            sort_by: None,
            ..
        }
        | Criteria::Filter(filter) => {
            let cursor = listing::after(&req.query, GROUP_PREFIX)?;
            let hits = org
                .groups
                .after(cursor.as_ref().map(|c| c.id.as_str()))
                .filter(|group| filter.matches(*group));
            id_page(hits, limit, |group| &group.id)
        }
        Criteria::All => {
            let cursor = listing::after(&req.query, GROUP_PREFIX)?;
            id_page(
                org.groups.after(cursor.as_ref().map(|c| c.id.as_str())),
                limit,
                |group| &group.id,
            )
        }
    };
    let body = json_array(&groups, |out, group| {
        write_group_with(out, group, &req.origin, &expand.of(org, group));
    });
    Ok(page_reply(body, req, limit, next.as_ref()))
}

/// `expand=stats`, `expand=app` or both (`stats,app`).
struct Expand {
    stats: bool,
    app: bool,
}

impl Expand {
    fn read(req: &ApiRequest) -> Expand {
        let asked = |what: &str| {
            req.query
                .get("expand")
                .is_some_and(|expand| expand.split(',').any(|part| part.trim() == what))
        };
        Expand {
            stats: asked("stats"),
            app: asked("app"),
        }
    }

    fn of(&self, org: &Org, group: &Group) -> Embedded {
        let app = match (&group.source, self.app) {
            (Some(source), true) => apps::summary(org, source),
            _ => None,
        };
        Embedded {
            stats: self.stats,
            app,
        }
    }
}

fn sort_key(group: &Group, attribute: &str) -> SortKey {
    listing::field_key(&group.field(attribute))
}

fn search_kind(attribute: &str) -> Option<Kind> {
    if DATES.contains(&attribute) {
        Some(Kind::Time)
    } else if matches!(attribute, "id" | "type" | "source.id")
        || attribute
            .strip_prefix("profile.")
            .is_some_and(is_attribute_path)
    {
        Some(Kind::Value)
    } else {
        None
    }
}

fn search_allows(attribute: &str, op: Option<Op>) -> bool {
    match op {
        None | Some(Op::Eq | Op::Sw | Op::Gt | Op::Ge | Op::Lt | Op::Le) => true,
        Some(Op::Co) => matches!(attribute, "profile.name" | "profile.description"),
        Some(Op::Ne | Op::Ew) => false,
    }
}

fn filter_kind(attribute: &str) -> Option<Kind> {
    match attribute {
        "lastUpdated" | "lastMembershipUpdated" => Some(Kind::Time),
        "id" | "type" => Some(Kind::Value),
        _ => None,
    }
}

fn filter_allows(attribute: &str, op: Option<Op>) -> bool {
    match op {
        Some(Op::Eq) => true,
        Some(Op::Gt | Op::Ge | Op::Lt | Op::Le) => filter_kind(attribute) == Some(Kind::Time),
        _ => false,
    }
}
