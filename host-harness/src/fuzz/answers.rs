//! Generated Okta answers: the fake org's faults, queued before a case runs, so that some of the case's requests
//! meet status codes, malformed and truncated bodies, hostile headers and `Link` values, slow replies and large
//! bodies instead of the org's own answer.

use super::inputs::deep_json;
use super::rng::Rng;
use crate::fake_org::{Fault, FaultKind};
use bytes::Bytes;
use http::Method;
use std::fmt::Write;
use std::time::Duration;

/// The faults of one case (empty: the org answers everything itself).
pub(crate) fn faults(rng: &mut Rng) -> Vec<Fault> {
    if rng.chance(30) {
        return Vec::new();
    }
    (0..rng.between(1, 3)).map(|_| fault(rng)).collect()
}

fn fault(rng: &mut Rng) -> Fault {
    let mut fault = Fault::new(kind(rng));
    fault.times = *rng.pick(&[1, 1, 1, 2, 3, 5, 1_000]);
    if rng.chance(20) {
        let (method, prefix) = rng.pick(&[
            (Method::GET, "/api/v1/"),
            (Method::POST, "/api/v1/"),
            (Method::POST, "/oauth2/v1/token"),
            (Method::DELETE, "/api/v1/"),
            (Method::PUT, "/api/v1/"),
        ]);
        fault = fault.on(method.clone(), prefix);
    }
    fault
}

fn kind(rng: &mut Rng) -> FaultKind {
    match rng.below(12) {
        0 => FaultKind::ServerError(*rng.pick(&[500, 501, 502, 503, 504, 599])),
        1 => FaultKind::Slow(Duration::from_millis(
            *rng.pick(&[10, 1_000, 29_000, 31_000, 61_000, 200_000, 3_600_000]),
        )),
        2 => FaultKind::MalformedBody,
        3 => FaultKind::Disconnect,
        4 => FaultKind::RateLimited {
            reset_in: *rng.pick(&[0, 1, 5, 60, 100, 3_600, u64::MAX]),
        },
        5..=7 => FaultKind::Answer {
            status: status(rng),
            headers: Vec::new(),
            body: body(rng),
        },
        _ => FaultKind::Answer {
            status: status(rng),
            headers: headers(rng),
            body: body(rng),
        },
    }
}

fn status(rng: &mut Rng) -> u16 {
    *rng.pick(&[
        200, 200, 200, 201, 204, 206, 299, 301, 302, 304, 400, 401, 403, 404, 405, 409, 410, 413,
        415, 422, 429, 500, 502, 503, 599, 100, 999,
    ])
}

/// A body: Okta-shaped (a user, a list, an error) or broken (truncated, not JSON, deep, huge, odd numbers).
fn body(rng: &mut Rng) -> Bytes {
    let fixed: &[&str] = &[
        "",
        "{}",
        "[]",
        "null",
        "true",
        "\"text\"",
        "{\"id\":\"00u",
        "[{\"id\":\"00u1\"},",
        "<html><body>502 Bad Gateway</body></html>",
        "\u{feff}{\"id\":\"00u1\"}",
        "{\"id\":\"00u1\",\"status\":\"ACTIVE\",\"profile\":{\"login\":\"a@example.com\"}}",
        "[{\"id\":\"00u1\",\"profile\":{\"login\":\"a@example.com\",\"firstName\":\"A\"}}]",
        "[{\"id\":null},{\"profile\":[]},1,\"x\",null]",
        "{\"id\":1e400,\"created\":\"not a date\",\"profile\":{\"n\":-0}}",
        "{\"id\":\"\\ud800\",\"name\":\"\\u0000\"}",
        "{\"errorCode\":\"E0000007\",\"errorSummary\":\"Not found: Resource not found: x (User)\",\"errorLink\":\"E0000007\",\"errorId\":\"oae1\",\"errorCauses\":[]}",
        "{\"errorCode\":\"E0000001\",\"errorSummary\":\"\\u001b]0;pwned\\u0007\\u001b[2J\",\"errorCauses\":[{\"errorSummary\":\"\\r\\nX: y\"}]}",
        "{\"errorCode\":123,\"errorSummary\":null,\"errorCauses\":\"x\"}",
        "{\"error\":\"invalid_client\",\"error_description\":\"nope\"}",
        "{\"error\":\"use_dpop_nonce\",\"error_description\":\"Authorization server requires nonce in DPoP proof.\"}",
        "{\"access_token\":\"fuzz-at\",\"token_type\":\"DPoP\",\"expires_in\":-1,\"scope\":\"okta.users.read\"}",
        "{\"access_token\":\"\",\"token_type\":\"Bearer\",\"expires_in\":99999999999999999999}",
    ];
    match rng.below(10) {
        0 => Bytes::from(deep_json(rng)),
        1 => large(rng),
        2 => {
            let text = *rng.pick(fixed);
            Bytes::copy_from_slice(&text.as_bytes()[..rng.below(text.len() + 1)])
        }
        3 => Bytes::from(
            (0..rng.between(1, 64))
                .map(|_| rng.below(256) as u8)
                .collect::<Vec<u8>>(),
        ),
        _ => Bytes::from_static(rng.pick(fixed).as_bytes()),
    }
}

/// A large answer: many list items, one huge string, or a long run of whitespace.
fn large(rng: &mut Rng) -> Bytes {
    let size = if rng.chance(5) {
        rng.between(8 << 20, 20 << 20)
    } else {
        rng.between(64 << 10, 2 << 20)
    };
    let mut out = String::with_capacity(size + 64);
    match rng.below(3) {
        0 => {
            out.push('[');
            let mut i = 0;
            while out.len() < size {
                let _ = write!(
                    out,
                    "{{\"id\":\"00u{i}\",\"profile\":{{\"login\":\"u{i}@example.com\"}}}},"
                );
                i += 1;
            }
            out.pop();
            out.push(']');
        }
        1 => {
            out.push_str("{\"id\":\"");
            out.push_str(&"x".repeat(size));
            out.push_str("\"}");
        }
        _ => {
            out.push_str(&" ".repeat(size));
            out.push_str("{}");
        }
    }
    Bytes::from(out)
}

/// Headers after the org's own: hostile `Link` values (other hosts, other paths, dot segments, endless pages),
/// rate-limit values from the past or far future, a lying `Content-Length`, an odd `Content-Type`.
fn headers(rng: &mut Rng) -> Vec<(&'static str, String)> {
    let links = [
        "<https://fake-org.okta.com/api/v1/users?after=00u1&limit=1>; rel=\"next\"",
        "<https://evil.example/api/v1/users?after=x>; rel=\"next\"",
        "<https://fake-org.okta.com/oauth2/v1/clients>; rel=\"next\"",
        "</oauth2/v1/clients>; rel=\"next\"",
        "<https://fake-org.okta.com/api/v1/../../oauth2/v1/clients>; rel=\"next\"",
        "<https://fake-org.okta.com/api/v1/users/..;/..;/oauth2/v1/clients>; rel=\"next\"",
        "<https://fake-org.okta.com/api/v1/%2e%2e/%2e%2e/oauth2/v1/clients>; rel=\"next\"",
        "<http://fake-org.okta.com/api/v1/users?after=y>; rel=\"next\"",
        "<https://fake-org.okta.com:8443/api/v1/users?after=y>; rel=\"next\"",
        "<https://fake-org.okta.com@evil.example/api/v1/users>; rel=\"next\"",
        "<//evil.example/api/v1/users>; rel=\"next\"",
        "<https://fake-org.okta.com/api/v1/groups?after=z>; rel=\"next\"",
        "<https://fake-org.okta.com/api/v1/logs?after=1>; rel=\"next\"",
        "<https://fake-org.okta.com/api/v1/users?after=a>; rel=\"self\", <https://evil.example/x>; rel=\"next\"",
        "<>; rel=\"next\"",
        "<https://fake-org.okta.com/api/v1/users?after=00u1; rel=next",
        "rel=\"next\"",
        "<javascript:alert(1)>; rel=\"next\"",
    ];
    let names = [
        "link",
        "link",
        "link",
        "x-rate-limit-reset",
        "x-rate-limit-remaining",
        "x-rate-limit-limit",
        "retry-after",
        "content-type",
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "location",
        "dpop-nonce",
        "www-authenticate",
        "date",
        "set-cookie",
    ];
    (0..rng.between(1, 4))
        .map(|_| {
            let name = *rng.pick(&names);
            let value = match name {
                "link" => (*rng.pick(&links)).to_owned(),
                "x-rate-limit-reset"
                | "x-rate-limit-remaining"
                | "x-rate-limit-limit"
                | "retry-after" => (*rng.pick(&[
                    "0",
                    "-1",
                    "1",
                    "99999999999999999999",
                    "18446744073709551615",
                    "1e9",
                    "soon",
                    "",
                ]))
                .to_owned(),
                "content-length" => rng.pick(&["0", "1", "99999999", "-1", "x"]).to_string(),
                "content-type" => rng
                    .pick(&[
                        "text/html",
                        "application/octet-stream",
                        "application/json; charset=utf-16",
                        "",
                    ])
                    .to_string(),
                "date" => rng
                    .pick(&[
                        "Thu, 01 Jan 1970 00:00:00 GMT",
                        "garbage",
                        "Fri, 31 Dec 9999 23:59:59 GMT",
                    ])
                    .to_string(),
                "www-authenticate" => {
                    "DPoP error=\"use_dpop_nonce\", error_description=\"x\"".to_owned()
                }
                _ => (*rng.pick(&[
                    "x",
                    "gzip",
                    "chunked",
                    "https://evil.example/",
                    "a=b; Path=/",
                ]))
                .to_owned(),
            };
            (name, value)
        })
        .collect()
}

/// A fault in a line: its kind, what it matches, and how often; bodies shortened.
pub(crate) fn describe(fault: &Fault) -> String {
    let target = match (&fault.method, &fault.path_prefix) {
        (Some(m), Some(p)) => format!("{m} {p}…"),
        _ => "any request".to_owned(),
    };
    let kind = match &fault.kind {
        FaultKind::Answer {
            status,
            headers,
            body,
        } if headers.is_empty() => format!("Answer {status} body {}", short(body)),
        FaultKind::Answer {
            status,
            headers,
            body,
        } => format!("Answer {status} headers {headers:?} body {}", short(body)),
        other => format!("{other:?}"),
    };
    format!("{kind} on {target} ×{}", fault.times)
}

/// A body's first bytes and its length.
fn short(body: &Bytes) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(120)]);
    if body.len() > 120 {
        format!("{text:?}… ({} bytes)", body.len())
    } else {
        format!("{text:?}")
    }
}
