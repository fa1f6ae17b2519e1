//! What every list endpoint shares: reading `limit`, `after`, `sortBy` and `sortOrder`,
//! paging a result in ID order or by a sort key, and answering a page with Okta's `Link` headers
//! (built by [`paging`](super::paging)).

use std::cmp::Ordering;

use serde_json::Value;

use super::errors::ApiError;
use super::paging::{Cursor, PageLinks, take_page};
use super::reply::Reply;
use super::request::{ApiRequest, Query, invalid_parameter};
use super::scim::{Field, Filter, Grammar};
use super::time::Timestamp;

/// A parameter that is absent or blank counts as not given.
pub(crate) fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|text| !text.trim().is_empty())
}

/// `limit`: absent, zero or negative means `default`, above `max` is clamped to `max` (as the users
/// list does), anything that is not a whole number is 400 E0000001.
pub(crate) fn limit(query: &Query, default: usize, max: usize) -> Result<usize, ApiError> {
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
        requested.min(max)
    })
}

/// The request's `after` cursor, for objects whose IDs start with `prefix` (`""`: any Okta ID).
pub(crate) fn after(query: &Query, prefix: &str) -> Result<Option<Cursor>, ApiError> {
    non_empty(query.get("after"))
        .map(|text| Cursor::decode(text, prefix))
        .transpose()
}

/// What a list request asks for, for the resources that take `search` and `filter` (users,
/// groups): everything, a `q` prefix, a `search` (sorted by `sortBy` if given) or a `filter`.
pub(crate) enum Criteria {
    All,
    /// Lower-cased prefix.
    Q(String),
    Search {
        filter: Filter,
        /// The expression as sent: with `sortBy` and the order it names one sorted result.
        text: String,
        sort_by: Option<String>,
    },
    Filter(Filter),
}

impl Criteria {
    /// `search` with `filter` is 400 E0000033; an expression the resource's grammar refuses is
    /// 400 E0000031 with the reason as its cause.
    pub(crate) fn read(
        query: &Query,
        search: &Grammar,
        filter: &Grammar,
    ) -> Result<Criteria, ApiError> {
        let parse = |text: &str, grammar| {
            Filter::parse(text, grammar).map_err(|e| ApiError::invalid_search(&e.to_string()))
        };
        match (
            non_empty(query.get("search")),
            non_empty(query.get("filter")),
        ) {
            (Some(_), Some(_)) => Err(ApiError::search_and_filter()),
            (Some(text), None) => Ok(Criteria::Search {
                filter: parse(text, search)?,
                text: text.to_owned(),
                sort_by: non_empty(query.get("sortBy")).map(str::to_owned),
            }),
            (None, Some(text)) => Ok(Criteria::Filter(parse(text, filter)?)),
            (None, None) => Ok(match non_empty(query.get("q")) {
                Some(q) => Criteria::Q(q.to_lowercase()),
                None => Criteria::All,
            }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SortOrder {
    Ascending,
    Descending,
}

impl SortOrder {
    /// `sortOrder`: `asc` (the default) or `desc`, in any case; anything else is 400 E0000001.
    pub(crate) fn read(query: &Query) -> Result<SortOrder, ApiError> {
        match non_empty(query.get("sortOrder")) {
            None => Ok(SortOrder::Ascending),
            Some(order) if order.eq_ignore_ascii_case("asc") => Ok(SortOrder::Ascending),
            Some(order) if order.eq_ignore_ascii_case("desc") => Ok(SortOrder::Descending),
            Some(_) => Err(invalid_parameter("sortOrder")),
        }
    }

    /// How two (key, ID) pairs compare: by key, then ID, in this direction.
    pub(crate) fn compare(self, a: (&SortKey, &str), b: (&SortKey, &str)) -> Ordering {
        let order = a.0.cmp(b.0).then_with(|| a.1.cmp(b.1));
        match self {
            SortOrder::Ascending => order,
            SortOrder::Descending => order.reverse(),
        }
    }

    /// Where a page of `hits` (already in this order) starts: just after the cursor's (key, ID),
    /// so a page resumes at the same place even if the item it ended on changed or went. A cursor
    /// without a readable key is 400 E0000001.
    pub(crate) fn resume_at<T>(
        self,
        hits: &[T],
        pair: impl Fn(&T) -> (&SortKey, &str),
        cursor: Option<&Cursor>,
    ) -> Result<usize, ApiError> {
        let Some(cursor) = cursor else {
            return Ok(0);
        };
        let key = cursor
            .key
            .as_deref()
            .and_then(SortKey::decode)
            .ok_or_else(|| invalid_parameter("after"))?;
        let resume = (&key, cursor.id.as_str());
        Ok(hits.partition_point(|hit| self.compare(pair(hit), resume) != Ordering::Greater))
    }
}

/// A sort value: missing first, then numbers and instants, then text (ignoring case).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SortKey {
    Null,
    Number(f64),
    Text(String),
}

impl SortKey {
    pub(crate) fn text(text: &str) -> SortKey {
        SortKey::Text(text.to_lowercase())
    }

    pub(crate) fn time(time: Timestamp) -> SortKey {
        SortKey::Number(time.millis() as f64)
    }

    pub(crate) fn json(value: Option<&Value>) -> SortKey {
        match value {
            Some(Value::String(text)) => SortKey::text(text),
            Some(Value::Number(n)) => n.as_f64().map_or(SortKey::Null, SortKey::Number),
            Some(Value::Bool(b)) => SortKey::Text(b.to_string()),
            Some(Value::Array(items)) => SortKey::json(items.first()),
            Some(Value::Null | Value::Object(_)) | None => SortKey::Null,
        }
    }

    pub(crate) fn encode(&self) -> String {
        match self {
            SortKey::Null => "n".into(),
            SortKey::Number(n) => format!("d{n}"),
            SortKey::Text(text) => format!("s{text}"),
        }
    }

    pub(crate) fn decode(text: &str) -> Option<SortKey> {
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

/// The sort key of an attribute as a [`Subject`](super::scim::Subject) exposes it (the first value
/// of a multi-valued one).
pub(crate) fn field_key(field: &Field<'_>) -> SortKey {
    match field {
        Field::Missing => SortKey::Null,
        Field::Text(text) => SortKey::text(text),
        Field::Time(time) => SortKey::time(*time),
        Field::Json(value) => SortKey::json(Some(value)),
        Field::Many(values) => values.first().map_or(SortKey::Null, field_key),
    }
}

/// One page of `hits` ordered by (key, ID) in `order`, resuming strictly after `cursor`, and the
/// cursor of the next page when more follow. The cursor carries the key, so the next page starts
/// at the same place even if the object it ended on has changed since.
pub(crate) fn sorted_page<T>(
    mut hits: Vec<(SortKey, String, T)>,
    order: SortOrder,
    cursor: Option<&Cursor>,
    limit: usize,
) -> Result<(Vec<T>, Option<Cursor>), ApiError> {
    hits.sort_by(|a, b| order.compare((&a.0, &a.1), (&b.0, &b.1)));
    let start = order.resume_at(&hits, |(key, id, _)| (key, id), cursor)?;
    let (page, more) = take_page(hits.into_iter().skip(start), limit);
    let next = more
        .then(|| page.last())
        .flatten()
        .map(|(key, id, _)| sorted_cursor(key, id));
    Ok((page.into_iter().map(|(_, _, item)| item).collect(), next))
}

/// The cursor after the last item of a sorted page.
pub(crate) fn sorted_cursor(key: &SortKey, id: &str) -> Cursor {
    Cursor {
        id: id.to_owned(),
        key: Some(key.encode()),
    }
}

/// One page of `items` (already in ID order, already after the cursor): the page and, when more
/// follow, the cursor of its last item.
pub(crate) fn id_page<T>(
    items: impl Iterator<Item = T>,
    limit: usize,
    id: impl Fn(&T) -> &str,
) -> (Vec<T>, Option<Cursor>) {
    let (page, more) = take_page(items, limit);
    let next = more.then(|| page.last()).flatten().map(|last| Cursor {
        id: id(last).to_owned(),
        key: None,
    });
    (page, next)
}

/// A page answered as Okta does: the JSON array, a `self` link repeating the request (its `after`
/// included) and a `next` link while more remain.
pub(crate) fn page_reply(
    body: Vec<u8>,
    req: &ApiRequest,
    limit: usize,
    next: Option<&Cursor>,
) -> Reply {
    let after = non_empty(req.query.get("after"));
    page_reply_after(body, req, limit, after, next)
}

/// [`page_reply`] for a listing that reads `after` its own way (the users' `q` ignores it).
pub(crate) fn page_reply_after(
    body: Vec<u8>,
    req: &ApiRequest,
    limit: usize,
    after: Option<&str>,
    next: Option<&Cursor>,
) -> Reply {
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
    reply
}

/// `[…]` with each item written by `write`.
pub(crate) fn json_array<T>(items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) -> Vec<u8> {
    let mut out = vec![b'['];
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write(&mut out, item);
    }
    out.push(b']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_clamp_and_refuse() {
        let limit_of = |raw: &str| limit(&Query::parse(raw), 50, 500);
        assert_eq!(limit_of(""), Ok(50));
        assert_eq!(limit_of("limit=7"), Ok(7));
        assert_eq!(limit_of("limit=0"), Ok(50));
        assert_eq!(limit_of("limit=-1"), Ok(50));
        assert_eq!(limit_of("limit=99999999999999999999999"), Ok(500));
        assert!(limit_of("limit=ten").is_err());
    }

    #[test]
    fn sorted_pages_resume_after_the_cursor() {
        let hits = || {
            vec![
                (SortKey::text("b"), "00g2".to_owned(), 2),
                (SortKey::Null, "00g9".to_owned(), 9),
                (SortKey::text("A"), "00g3".to_owned(), 3),
                (SortKey::text("b"), "00g1".to_owned(), 1),
            ]
        };
        let (first, next) = sorted_page(hits(), SortOrder::Ascending, None, 2).unwrap();
        assert_eq!(first, [9, 3]);
        let next = next.unwrap();
        let (second, last) = sorted_page(hits(), SortOrder::Ascending, Some(&next), 2).unwrap();
        assert_eq!((second, last), (vec![1, 2], None));
        let (down, _) = sorted_page(hits(), SortOrder::Descending, None, 10).unwrap();
        assert_eq!(down, [2, 1, 3, 9]);
        let forged = Cursor {
            id: "00g1".into(),
            key: Some("x".into()),
        };
        assert!(sorted_page(hits(), SortOrder::Ascending, Some(&forged), 2).is_err());
    }

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

    /// The users' limits: default and maximum 200.
    #[test]
    fn limits_are_clamped() {
        let limit_of = |raw: &str| limit(&Query::parse(raw), 200, 200);
        assert_eq!(limit_of(""), Ok(200));
        assert_eq!(limit_of("limit=7"), Ok(7));
        assert_eq!(limit_of("limit=100000000000000000000000"), Ok(200));
        assert_eq!(limit_of("limit=9999"), Ok(200));
        assert_eq!(limit_of("limit=0"), Ok(200));
        assert_eq!(limit_of("limit=-3"), Ok(200));
        assert!(limit_of("limit=ten").is_err());
        assert!(limit_of("limit=-").is_err());
    }

    #[test]
    fn sort_keys_round_trip() {
        for key in [SortKey::Null, SortKey::Number(-2.5), SortKey::text("Zoë")] {
            assert_eq!(SortKey::decode(&key.encode()), Some(key));
        }
        assert_eq!(SortKey::decode(""), None);
        assert_eq!(
            SortKey::json(Some(&serde_json::json!(["x"]))),
            SortKey::text("x")
        );
    }

    #[test]
    fn sort_order_is_asc_or_desc() {
        assert_eq!(
            SortOrder::read(&Query::parse("sortOrder=DESC")),
            Ok(SortOrder::Descending)
        );
        assert_eq!(SortOrder::read(&Query::parse("")), Ok(SortOrder::Ascending));
        assert!(SortOrder::read(&Query::parse("sortOrder=up")).is_err());
    }
}
