//! Helpers for the unit tests: an org on a fixed clock and one-line requests through `handle`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::Value;

use super::{FakeOrg, FakeOrgConfig};

/// Mon, 29 Sep 2025 03:49:50 GMT, the instant of a recorded request.
pub(crate) const NOW_SECONDS: u64 = 1_759_117_790;

pub(crate) fn fixed_clock() -> super::Clock {
    Arc::new(|| UNIX_EPOCH + Duration::from_secs(NOW_SECONDS))
}

/// An org of `users` sample users on the fixed clock.
pub(crate) fn org(users: usize) -> FakeOrg {
    FakeOrg::new(FakeOrgConfig {
        users,
        clock: fixed_clock(),
        ..FakeOrgConfig::default()
    })
}

pub(crate) fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// An authenticated request with an absolute URI on the default domain.
pub(crate) fn request(
    org: &FakeOrg,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Request<Bytes> {
    let body = body.map_or_else(Bytes::new, |b| Bytes::from(b.to_string()));
    Request::builder()
        .method(method)
        .uri(format!("https://{}{path}", FakeOrg::DOMAIN))
        .header("authorization", format!("SSWS {}", org.api_token()))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(body)
        .expect("a valid test request")
}

pub(crate) fn send(
    org: &FakeOrg,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Response<Bytes> {
    org.handle(request(org, method, path, body))
        .response
        .expect("a response")
}

/// Status and JSON body (`Null` when empty) of a request.
pub(crate) fn call(
    org: &FakeOrg,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let response = send(org, method, path, body);
    (response.status(), json_of(&response))
}

pub(crate) fn get(org: &FakeOrg, path: &str) -> (StatusCode, Value) {
    call(org, Method::GET, path, None)
}

pub(crate) fn post(org: &FakeOrg, path: &str, body: &Value) -> (StatusCode, Value) {
    call(org, Method::POST, path, Some(body))
}

pub(crate) fn json_of(response: &Response<Bytes>) -> Value {
    if response.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(response.body()).expect("a JSON body")
    }
}

/// The `Link` header lines of a response.
pub(crate) fn links(response: &Response<Bytes>) -> Vec<String> {
    response
        .headers()
        .get_all("link")
        .iter()
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .collect()
}

/// The URL in the `rel="next"` link, made relative to the domain.
pub(crate) fn next_path(response: &Response<Bytes>) -> Option<String> {
    links(response)
        .into_iter()
        .find(|link| link.ends_with("rel=\"next\""))
        .and_then(|link| {
            let url = link.split_once('<')?.1.split_once('>')?.0.to_owned();
            url.strip_prefix(&format!("https://{}", FakeOrg::DOMAIN))
                .map(str::to_owned)
        })
}

/// An org whose clock reads `seconds` (starting at [`NOW_SECONDS`]), so a test can move time on.
pub(crate) fn org_with_clock(users: usize) -> (FakeOrg, Arc<std::sync::atomic::AtomicU64>) {
    let seconds = Arc::new(std::sync::atomic::AtomicU64::new(NOW_SECONDS));
    let read = Arc::clone(&seconds);
    let org = FakeOrg::new(FakeOrgConfig {
        users,
        clock: Arc::new(move || at(read.load(std::sync::atomic::Ordering::SeqCst))),
        ..FakeOrgConfig::default()
    });
    (org, seconds)
}
