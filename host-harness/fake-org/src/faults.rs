//! Injected failures: what the network and Okta do on a bad day, on demand.
//!
//! Faults are queued with [`FakeOrg::inject`](super::FakeOrg::inject). Before a request is handled,
//! the first queued fault that matches it is consumed (its `times` decremented) and decides the
//! answer. Only [`FaultKind::Slow`] lets the request through: every other fault answers *instead of*
//! the org, so the request is not processed and no state changes. In particular a 5xx on a `POST`
//! means "not done", never "done but the answer was lost"; a test of the lost-answer case combines a
//! `Slow` fault with the caller's timeout.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, Method, StatusCode};

use super::errors::ApiError;
use super::reply::Reply;

/// One queued failure. [`Fault::new`] matches any request once; narrow it with [`Fault::on`] and
/// repeat it with [`Fault::times`].
///
/// The first queued fault matching a request is used up (`times` decremented) before the org looks
/// at the request. Every kind but [`FaultKind::Slow`] answers *instead of* the org: the request is
/// not processed, so nothing changes (a 5xx on a `POST` means "not created", never "created but the
/// answer was lost"). Faulted requests are still recorded and counted against the rate limit.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Only requests with this method (any method if `None`).
    pub method: Option<Method>,
    /// Only requests whose path starts with this (any path if `None`), e.g. `/api/v1/users`.
    pub path_prefix: Option<String>,
    /// How many matching requests it affects before it is used up.
    pub times: u32,
    pub kind: FaultKind,
}

#[derive(Clone, Debug)]
pub enum FaultKind {
    /// 429 E0000047 with `X-Rate-Limit-Remaining: 0` and `X-Rate-Limit-Reset` = `Date` + `reset_in`
    /// seconds, like the recorded 429.
    RateLimited { reset_in: u64 },
    /// That status with Okta's E0000009 body; a 503 instead gets a load balancer's HTML page
    /// without any Okta headers, as real outages look.
    ServerError(u16),
    /// The real answer (state changes happen), but [`FakeReply::delay`](super::FakeReply::delay) is set.
    Slow(Duration),
    /// 200 with `Content-Type: application/json` and a truncated body (`{"id":"00u`).
    MalformedBody,
    /// No response at all: the connection is dropped.
    Disconnect,
    /// This status, extra headers and body (as `application/json`) instead of the org's answer:
    /// hostile or broken answers such as `[[[[…`, an error summary full of terminal escapes, a
    /// hostile `Link`, an `X-Rate-Limit-Reset` from the past, a lying `Content-Length`. Header
    /// names are lower case (a fixed set, as a test chooses them); one that is not is dropped.
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Bytes,
    },
}

impl Fault {
    pub fn new(kind: FaultKind) -> Fault {
        Fault {
            method: None,
            path_prefix: None,
            times: 1,
            kind,
        }
    }

    pub fn on(self, method: Method, path_prefix: &str) -> Fault {
        Fault {
            method: Some(method),
            path_prefix: Some(path_prefix.to_owned()),
            ..self
        }
    }

    pub fn times(self, n: u32) -> Fault {
        Fault { times: n, ..self }
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method)
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|prefix| path.starts_with(prefix))
    }
}

/// Faults waiting for a matching request, oldest first.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue(Vec<Fault>);

impl FaultQueue {
    pub(crate) fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.0.push(fault);
        }
    }

    /// Consumes one use of the first fault matching the request.
    pub(crate) fn take(&mut self, method: &Method, path: &str) -> Option<FaultKind> {
        let index = self.0.iter().position(|f| f.matches(method, path))?;
        let fault = &mut self.0[index];
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            self.0.remove(index);
        }
        Some(kind)
    }
}

/// The reply for a 5xx fault (an unknown code becomes 500).
pub(crate) fn server_error(code: u16) -> Result<Reply, ApiError> {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        let mut reply = Reply::raw(status, "text/html", Bytes::from_static(EDGE_503));
        reply.from_edge = true;
        return Ok(reply);
    }
    Err(ApiError::server_error(status))
}

/// The answer of a [`FaultKind::Answer`]; an invalid status becomes a 500.
pub(crate) fn answer(status: u16, headers: &[(&'static str, String)], body: &Bytes) -> Reply {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reply = Reply::raw(status, "application/json", body.clone());
    headers
        .iter()
        // `HeaderName::from_static` panics on a name that is not lower case: such a name is dropped
        // (`HeaderName`'s own `==` with a `str` ignores case, so compare the text).
        .filter(|(name, _)| {
            HeaderName::from_bytes(name.as_bytes()).is_ok_and(|n| n.as_str() == *name)
        })
        .fold(reply, |reply, (name, value)| {
            reply.with_header(name, value.clone())
        })
}

/// A 200 whose JSON stops mid-object, like a connection cut while streaming.
pub(crate) fn malformed_body() -> Reply {
    Reply::raw(
        StatusCode::OK,
        "application/json",
        Bytes::from_static(br#"{"id":"00u"#),
    )
}

const EDGE_503: &[u8] =
    b"<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n\
<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n\
<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_match_method_and_prefix_and_wear_out() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::new(FaultKind::Disconnect).times(0));
        queue.push(
            Fault::new(FaultKind::MalformedBody)
                .on(Method::POST, "/api/v1/users")
                .times(2),
        );
        queue.push(Fault::new(FaultKind::ServerError(500)));

        assert!(matches!(
            queue.take(&Method::POST, "/api/v1/users/00u1/lifecycle/suspend"),
            Some(FaultKind::MalformedBody)
        ));
        // GET does not match the POST fault, so the catch-all fault is used.
        assert!(matches!(
            queue.take(&Method::GET, "/api/v1/users"),
            Some(FaultKind::ServerError(500))
        ));
        assert!(queue.take(&Method::GET, "/api/v1/users").is_none());
        assert!(matches!(
            queue.take(&Method::POST, "/api/v1/users"),
            Some(FaultKind::MalformedBody)
        ));
        assert!(queue.take(&Method::POST, "/api/v1/users").is_none());
    }

    #[test]
    fn answers_carry_extra_headers_and_drop_illegal_names() {
        let headers = vec![
            ("link", "</api/v1/users?after=x>; rel=\"next\"".to_owned()),
            ("X-Upper", "dropped".to_owned()),
            ("bad name", "dropped".to_owned()),
        ];
        let reply = answer(200, &headers, &Bytes::from_static(b"[]"));
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers.len(), 1);
        assert_eq!(reply.headers[0].0, "link");
    }

    #[test]
    fn server_errors_look_real() {
        let edge = server_error(503).unwrap();
        assert!(edge.from_edge);
        let okta = server_error(502).unwrap_err();
        assert_eq!((okta.status.as_u16(), okta.code), (502, "E0000009"));
        assert_eq!(
            server_error(42).unwrap_err().status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
