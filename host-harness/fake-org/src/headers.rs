//! Headers every Okta response carries, and the per-minute rate-limit counters behind three of them.
//!
//! Okta counts requests per endpoint bucket per minute and reports `X-Rate-Limit-Limit`,
//! `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset` (UTC epoch seconds) on every response. The fake
//! counts the same way but never throttles on its own: a 429 comes only from an injected fault, so a
//! test decides exactly when the component meets one.

use std::collections::HashMap;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, Response};

use super::reply::{Body, Reply};
use super::time::Timestamp;

/// A rate-limit bucket: which endpoints share a counter, and its per-minute limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bucket {
    name: &'static str,
    pub(crate) limit: u32,
}

/// Okta's default org-wide limits (Workforce Identity, the management rate-limit table): a single
/// user, group or app by ID has its own (larger) bucket, the rest of `/api/v1/users`, `/groups` and
/// `/apps` one each, the System Log its own, and everything else a generic bucket.
const USER_BY_ID: Bucket = Bucket {
    name: "GET /api/v1/users/{id}",
    limit: 2000,
};
const USERS: Bucket = Bucket {
    name: "/api/v1/users",
    limit: 600,
};
const GROUPS: Bucket = Bucket {
    name: "/api/v1/groups",
    limit: 500,
};
const GROUP_BY_ID: Bucket = Bucket {
    name: "/api/v1/groups/{id}",
    limit: 1000,
};
const APPS: Bucket = Bucket {
    name: "/api/v1/apps",
    limit: 100,
};
const APP_BY_ID: Bucket = Bucket {
    name: "/api/v1/apps/{id}",
    limit: 500,
};
const LOGS: Bucket = Bucket {
    name: "/api/v1/logs",
    limit: 120,
};
/// Recorded: `x-rate-limit-limit: 150` on `/oauth2/v1/token`. `/oauth2/v1/authorize` was not
/// recorded and gets the same limit in its own bucket.
const OAUTH_TOKEN: Bucket = Bucket {
    name: "/oauth2/v1/token",
    limit: 150,
};
const OAUTH_AUTHORIZE: Bucket = Bucket {
    name: "/oauth2/v1/authorize",
    limit: 150,
};
const OTHER: Bucket = Bucket {
    name: "/api/v1",
    limit: 1200,
};

pub(crate) fn bucket(method: &Method, path: &str) -> Bucket {
    if let Some(rest) = path.strip_prefix("/api/v1/users") {
        let single = rest
            .strip_prefix('/')
            .is_some_and(|id| !id.is_empty() && !id.contains('/'));
        return if *method == Method::GET && single {
            USER_BY_ID
        } else {
            USERS
        };
    }
    for (collection, by_id, rest) in [
        ("/api/v1/groups", GROUP_BY_ID, GROUPS),
        ("/api/v1/apps", APP_BY_ID, APPS),
    ] {
        if let Some(tail) = path.strip_prefix(collection)
            && (tail.is_empty() || tail.starts_with('/'))
        {
            return if is_single(tail) { by_id } else { rest };
        }
    }
    if path == "/api/v1/logs" {
        return LOGS;
    }
    if path.starts_with("/oauth2/v1/token") {
        return OAUTH_TOKEN;
    }
    if path.starts_with("/oauth2/v1/authorize") {
        return OAUTH_AUTHORIZE;
    }
    OTHER
}

/// `/{id}` and nothing after it.
fn is_single(tail: &str) -> bool {
    tail.strip_prefix('/')
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// The three rate-limit header values of one response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RateStatus {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// Epoch seconds at which the window resets.
    pub(crate) reset: i64,
}

#[derive(Debug, Default)]
pub(crate) struct RateLimits {
    windows: HashMap<&'static str, (i64, u32)>,
}

impl RateLimits {
    /// Counts one request in `bucket`'s current minute (windows start on the minute).
    pub(crate) fn count(&mut self, bucket: Bucket, now: Timestamp) -> RateStatus {
        let minute = now.epoch_seconds().div_euclid(60);
        let window = self.windows.entry(bucket.name).or_insert((minute, 0));
        if window.0 != minute {
            *window = (minute, 0);
        }
        window.1 = window.1.saturating_add(1);
        RateStatus {
            limit: bucket.limit,
            remaining: bucket.limit.saturating_sub(window.1),
            reset: (minute + 1) * 60,
        }
    }
}

/// What the org adds to every reply.
#[derive(Debug)]
pub(crate) struct Stamp {
    pub(crate) date: Timestamp,
    pub(crate) request_id: String,
    pub(crate) rate: RateStatus,
}

/// Turns a [`Reply`] into the response on the wire.
pub(crate) fn finish(reply: Reply, stamp: &Stamp) -> Response<Bytes> {
    let (content_type, bytes) = match reply.body {
        Body::Empty => (None, Bytes::new()),
        Body::Json(value) => (
            Some("application/json"),
            Bytes::from(serde_json::to_vec(&value).unwrap_or_default()),
        ),
        Body::Raw {
            content_type,
            bytes,
        } => (Some(content_type), bytes),
    };
    let mut response = Response::new(bytes);
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    append(headers, "date", stamp.date.http_date());
    if let Some(content_type) = content_type {
        append(headers, "content-type", content_type.to_owned());
    }
    if !reply.from_edge {
        append(headers, "x-okta-request-id", stamp.request_id.clone());
        append(headers, "x-rate-limit-limit", stamp.rate.limit.to_string());
        append(
            headers,
            "x-rate-limit-remaining",
            stamp.rate.remaining.to_string(),
        );
        append(headers, "x-rate-limit-reset", stamp.rate.reset.to_string());
    }
    for (name, value) in reply.headers {
        append(headers, name, value);
    }
    response
}

/// Appends (never replaces, so repeated `Link` lines survive). A value that is not a legal header
/// value (only possible from a hostile `Host`) is dropped rather than panicking.
fn append(headers: &mut http::HeaderMap, name: &'static str, value: String) {
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.append(HeaderName::from_static(name), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use serde_json::json;

    #[test]
    fn buckets_follow_the_endpoint() {
        assert_eq!(bucket(&Method::GET, "/api/v1/users/00u1"), USER_BY_ID);
        assert_eq!(bucket(&Method::POST, "/api/v1/users/00u1"), USERS);
        assert_eq!(bucket(&Method::GET, "/api/v1/users"), USERS);
        assert_eq!(
            bucket(&Method::GET, "/api/v1/users/00u1/lifecycle/activate"),
            USERS
        );
        assert_eq!(bucket(&Method::GET, "/api/v1/groups"), GROUPS);
        assert_eq!(bucket(&Method::PUT, "/api/v1/groups/00g1"), GROUP_BY_ID);
        assert_eq!(bucket(&Method::GET, "/api/v1/groups/00g1/users"), GROUPS);
        assert_eq!(bucket(&Method::GET, "/api/v1/apps"), APPS);
        assert_eq!(bucket(&Method::GET, "/api/v1/apps/0oa1"), APP_BY_ID);
        assert_eq!(bucket(&Method::POST, "/api/v1/apps/0oa1/users"), APPS);
        assert_eq!(bucket(&Method::GET, "/api/v1/appsettings"), OTHER);
        assert_eq!(bucket(&Method::GET, "/api/v1/logs"), LOGS);
        assert_eq!(bucket(&Method::POST, "/oauth2/v1/token"), OAUTH_TOKEN);
        assert_eq!(
            bucket(&Method::GET, "/oauth2/v1/authorize"),
            OAUTH_AUTHORIZE
        );
        assert_eq!(bucket(&Method::GET, "/api/v1/eventHooks"), OTHER);
    }

    #[test]
    fn windows_reset_on_the_minute() {
        let mut limits = RateLimits::default();
        let t = Timestamp::from_millis(1_759_117_790_000); // 03:49:50
        assert_eq!(
            limits.count(USERS, t),
            RateStatus {
                limit: 600,
                remaining: 599,
                reset: 1_759_117_800
            }
        );
        assert_eq!(limits.count(USERS, t.plus_seconds(9)).remaining, 598);
        assert_eq!(limits.count(USER_BY_ID, t).remaining, 1999);
        assert_eq!(limits.count(USERS, t.plus_seconds(10)).remaining, 599);
    }

    #[test]
    fn finish_adds_the_okta_headers() {
        let stamp = Stamp {
            date: Timestamp::from_millis(0),
            request_id: "abc".into(),
            rate: RateStatus {
                limit: 600,
                remaining: 5,
                reset: 60,
            },
        };
        let reply = Reply::ok(json!([]))
            .with_header("link", "<a>; rel=\"self\"".into())
            .with_header("link", "<b>; rel=\"next\"".into());
        let response = finish(reply, &stamp);
        let h = response.headers();
        assert_eq!(h["date"], "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(h["x-okta-request-id"], "abc");
        assert_eq!(h["x-rate-limit-remaining"], "5");
        assert_eq!(h.get_all("link").iter().count(), 2);
        assert_eq!(response.body().as_ref(), b"[]");

        let empty = finish(Reply::no_content(), &stamp);
        assert_eq!(empty.status(), StatusCode::NO_CONTENT);
        assert!(empty.headers().get("content-type").is_none());
    }
}
