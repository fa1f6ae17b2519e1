//! What a handler answers, before the org-wide headers (`Date`, request ID, rate limits) are added.

use bytes::Bytes;
use http::StatusCode;
use serde_json::{Value, json};

#[derive(Debug)]
pub(crate) enum Body {
    Empty,
    Json(Value),
    /// Bytes sent as they are: JSON the org rendered itself (in Okta's key order), a fault's
    /// truncated JSON or a load balancer's HTML page.
    Raw {
        content_type: &'static str,
        bytes: Bytes,
    },
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Body,
    /// Extra headers; a name may repeat (Okta sends one `Link` line per relation).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Set for replies that do not come from Okta itself (a load balancer's 503): they carry only
    /// `Date` and `Content-Type`, no `X-Okta-Request-Id` or rate-limit headers.
    pub(crate) from_edge: bool,
}

impl Reply {
    pub(crate) fn json(status: StatusCode, body: Value) -> Reply {
        Reply {
            status,
            body: Body::Json(body),
            headers: Vec::new(),
            from_edge: false,
        }
    }

    /// 200 with a JSON body.
    pub(crate) fn ok(body: Value) -> Reply {
        Reply::json(StatusCode::OK, body)
    }

    /// 200 with JSON already rendered to bytes.
    pub(crate) fn ok_bytes(json: Vec<u8>) -> Reply {
        Reply::json_bytes(StatusCode::OK, json)
    }

    /// JSON already rendered to bytes (keys in Okta's order, which a `Value` cannot keep).
    pub(crate) fn json_bytes(status: StatusCode, json: Vec<u8>) -> Reply {
        Reply::raw(status, "application/json", Bytes::from(json))
    }

    /// 200 `{}`: what lifecycle operations answer.
    pub(crate) fn empty_object() -> Reply {
        Reply::ok(json!({}))
    }

    /// 204 without a body.
    pub(crate) fn no_content() -> Reply {
        Reply {
            status: StatusCode::NO_CONTENT,
            body: Body::Empty,
            headers: Vec::new(),
            from_edge: false,
        }
    }

    pub(crate) fn raw(status: StatusCode, content_type: &'static str, bytes: Bytes) -> Reply {
        Reply {
            status,
            body: Body::Raw {
                content_type,
                bytes,
            },
            headers: Vec::new(),
            from_edge: false,
        }
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }
}
