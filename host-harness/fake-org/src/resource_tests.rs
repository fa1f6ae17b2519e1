//! The pipeline (routing, rate limits, faults, robustness) for the resources beyond users.

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use serde_json::json;

use super::test_support::{call, get, org, send};
use super::{Fault, FaultKind};

#[test]
fn new_paths_route_and_refuse_other_methods() {
    let org = org(3);
    for path in [
        "/api/v1/groups",
        "/api/v1/apps",
        "/api/v1/eventHooks",
        "/api/v1/realms",
        "/api/v1/policies?type=PASSWORD",
        "/api/v1/logs",
        "/api/v1/meta/types/user",
        "/api/v1/users/me/appLinks",
    ] {
        assert_eq!(get(&org, path).0, StatusCode::OK, "{path}");
    }
    for (method, path) in [
        (Method::DELETE, "/api/v1/apps"),
        (Method::POST, "/api/v1/logs"),
        (Method::PATCH, "/api/v1/groups"),
        (Method::POST, "/api/v1/realms"),
        (Method::PUT, "/api/v1/users/me/appLinks"),
    ] {
        let (status, error) = call(&org, method.clone(), path, None);
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(error["errorCode"], "E0000022");
    }
    for path in [
        "/api/v1/apps/0oa1/nothing",
        "/api/v1/logs/1",
        "/api/v1/groupsx",
    ] {
        assert_eq!(get(&org, path).0, StatusCode::NOT_FOUND, "{path}");
    }
}

#[test]
fn new_paths_have_their_rate_limit_buckets() {
    let org = org(3);
    for (path, limit) in [
        ("/api/v1/apps", "100"),
        ("/api/v1/logs", "120"),
        ("/api/v1/groups", "500"),
        ("/api/v1/eventHooks", "1200"),
    ] {
        let response = send(&org, Method::GET, path, None);
        assert_eq!(response.headers()["x-rate-limit-limit"], limit, "{path}");
        assert!(response.headers().contains_key("x-okta-request-id"));
    }
}

#[test]
fn faults_apply_to_new_paths() {
    let org = org(3);
    org.inject(Fault::new(FaultKind::RateLimited { reset_in: 5 }).on(Method::GET, "/api/v1/logs"));
    let (status, error) = get(&org, "/api/v1/logs");
    assert_eq!(
        (status, &error["errorCode"]),
        (StatusCode::TOO_MANY_REQUESTS, &json!("E0000047"))
    );
    assert_eq!(get(&org, "/api/v1/logs").0, StatusCode::OK);
    assert!(
        org.requests()
            .iter()
            .any(|r| r.uri.ends_with("/api/v1/logs"))
    );
}

#[test]
fn hostile_input_never_panics() {
    let org = org(10);
    let paths = [
        "/api/v1/groups?search=((((&limit=-5",
        "/api/v1/groups?q=%FF&expand=stats,app,%00",
        "/api/v1/groups?search=id+pr&sortBy=%FF&after=00g%7E%7E",
        "/api/v1/groups/%FF/users/%00",
        "/api/v1/apps?filter=user.id+eq+%22%5C&expand=user/",
        "/api/v1/apps?limit=99999999999999999999999&after=0oa%7Ezz",
        "/api/v1/apps/%FF/users?q=%FF&expand=user",
        "/api/v1/apps/x/users/y",
        "/api/v1/eventHooks/%FF/lifecycle/verify",
        "/api/v1/users/%FF/factors/%00",
        "/api/v1/realms?search=profile.name+co&sortBy=x&sortOrder=sideways",
        "/api/v1/policies?type=%FF&limit=abc",
        "/api/v1/logs?since=%FF&until=9999-99-99&after=1_2_3&filter=(&q=%FF",
        "/api/v1/logs?after=99999999999999999999_1&sortOrder=DESCENDING",
        "/api/v1/logs?filter=target.id+eq+%22x%22+or+(actor.id+pr+and+version+gt+1)",
    ];
    let bodies: [&[u8]; 5] = [
        b"",
        b"{",
        b"[1,2]",
        b"{\"profile\":{\"name\":{\"a\":[]}},\"id\":5,\"credentials\":{\"password\":7}}",
        b"{\"name\":\"x\",\"events\":{\"type\":\"EVENT_TYPE\",\"items\":[\"a.b\"]},\"channel\":{\"type\":\"HTTP\",\"version\":\"1.0.0\",\"config\":{\"uri\":\"https://\\u0000/\",\"headers\":[{}]}}}",
    ];
    for path in paths {
        for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            for body in bodies {
                let request = Request::builder()
                    .method(method.clone())
                    .uri(path)
                    .header("authorization", format!("SSWS {}", org.api_token()))
                    .body(Bytes::from_static(body))
                    .unwrap();
                let response = org.handle(request).response.unwrap();
                assert!(response.status().as_u16() < 500, "{method} {path}");
            }
        }
    }
}
