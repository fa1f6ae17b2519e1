//! The fake org's calls to event hook URLs over real HTTP: `okta-harness serve`'s server, a hook endpoint on a
//! loopback port, and the harness's `HttpHookSender` between them.

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use okta_harness::fake_org::{DeliveryFault, FakeOrg, FakeOrgConfig};
use okta_harness::hook_sender;
use okta_harness::serve::FakeServer;
use serde_json::{Value, json};
use std::convert::Infallible;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// A request the endpoint received.
#[derive(Debug)]
struct Received {
    method: String,
    headers: http::HeaderMap,
    body: Bytes,
}

/// A hook endpoint on loopback: it echoes verification challenges (when `echo`) and answers deliveries 200;
/// every request is sent on the returned channel.
async fn endpoint(echo: bool) -> (String, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/okta/hook", listener.local_addr().unwrap());
    let (sender, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let sender = sender.clone();
            let service = service_fn(move |request: Request<Incoming>| {
                let sender = sender.clone();
                async move {
                    let (parts, body) = request.into_parts();
                    let body = body.collect().await.unwrap().to_bytes();
                    let challenge = parts
                        .headers
                        .get("x-okta-verification-challenge")
                        .map(|v| v.to_str().unwrap().to_owned());
                    let _ = sender.send(Received {
                        method: parts.method.to_string(),
                        headers: parts.headers,
                        body,
                    });
                    let answer = match challenge {
                        Some(value) if echo => json!({ "verification": value }).to_string(),
                        _ => String::new(),
                    };
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(answer))))
                }
            });
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, received)
}

/// The fake org served on loopback, calling hooks over HTTP.
async fn served_org() -> (FakeOrg, String) {
    let org = FakeOrg::new(FakeOrgConfig {
        users: 3,
        ..FakeOrgConfig::default()
    });
    hook_sender::install(&org);
    let server = FakeServer::bind(org.clone(), 0).await.unwrap();
    let base = server.base_url();
    tokio::spawn(server.serve_until(std::future::pending()));
    (org, base)
}

/// One request to the served org with its API token; returns the status and JSON answer.
async fn call(
    org: &FakeOrg,
    base: &str,
    method: &str,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let stream = TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("host", FakeOrg::DOMAIN)
        .header("authorization", format!("SSWS {}", org.api_token()))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn hook(url: &str) -> Value {
    hook_for(url, "user.lifecycle.create")
}

fn hook_for(url: &str, event_type: &str) -> Value {
    json!({
        "name": "Local",
        "events": {"type": "EVENT_TYPE", "items": [event_type]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {
            "uri": url,
            "headers": [{"key": "X-Flow", "value": "42"}],
            "authScheme": {"type": "HEADER", "key": "Authorization", "value": "local-secret"}}}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_endpoint_is_verified_and_receives_deliveries() {
    let (org, base) = served_org().await;
    let (url, mut received) = endpoint(true).await;
    let (status, created) = call(&org, &base, "POST", "/api/v1/eventHooks", hook(&url)).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap();
    let verify = format!("/api/v1/eventHooks/{id}/lifecycle/verify");
    let (status, verified) = call(&org, &base, "POST", &verify, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["verificationStatus"], "VERIFIED");
    let challenge = received.recv().await.unwrap();
    assert_eq!(challenge.method, "GET");
    assert_eq!(challenge.headers["authorization"], "local-secret");
    assert_eq!(challenge.headers["x-flow"], "42");

    let user = json!({"profile": {"firstName": "Lo", "lastName": "Cal", "email": "lo@example.com",
                                  "login": "lo@example.com"}});
    let (status, created) = call(&org, &base, "POST", "/api/v1/users?activate=false", user).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let delivery = received.recv().await.unwrap();
    assert_eq!(delivery.method, "POST");
    assert_eq!(delivery.headers["authorization"], "local-secret");
    assert_eq!(delivery.headers["content-type"], "application/json");
    let envelope: Value = serde_json::from_slice(&delivery.body).unwrap();
    assert_eq!(envelope["eventType"], "com.okta.event_hook");
    assert_eq!(
        envelope["data"]["events"][0]["eventType"],
        "user.lifecycle.create"
    );
    assert_eq!(
        envelope["data"]["events"][0]["target"][0]["id"],
        created["id"]
    );
}

#[tokio::test]
async fn a_url_that_does_not_answer_or_answers_wrongly_is_not_verified() {
    let (org, base) = served_org().await;
    // A port nobody listens on: connection refused, twice.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let refused = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let (silent, mut received) = endpoint(false).await;
    for url in [refused, silent] {
        let (_, created) = call(&org, &base, "POST", "/api/v1/eventHooks", hook(&url)).await;
        let id = created["id"].as_str().unwrap();
        let verify = format!("/api/v1/eventHooks/{id}/lifecycle/verify");
        let (status, error) = call(&org, &base, "POST", &verify, json!({})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{url}: {error}");
        assert_eq!(error["errorSummary"], "Api validation failed: eventHook");
    }
    // The endpoint that answered without echoing was asked twice (Okta's retry).
    assert_eq!(received.recv().await.unwrap().method, "GET");
    assert_eq!(received.recv().await.unwrap().method, "GET");
    assert!(received.try_recv().is_err());
}

/// The `uuid` of a delivery's first event.
fn first_uuid(received: &Received) -> Value {
    let envelope: Value = serde_json::from_slice(&received.body).unwrap();
    envelope["data"]["events"][0]["uuid"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_faults_duplicate_delay_and_reorder_over_http() {
    let (org, base) = served_org().await;
    let (url, mut received) = endpoint(true).await;
    let (_, created) = call(
        &org,
        &base,
        "POST",
        "/api/v1/eventHooks",
        hook_for(&url, "user.session.start"),
    )
    .await;
    let verify = format!(
        "/api/v1/eventHooks/{}/lifecycle/verify",
        created["id"].as_str().unwrap()
    );
    assert_eq!(
        call(&org, &base, "POST", &verify, json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(received.recv().await.unwrap().method, "GET");

    org.inject_delivery_fault(DeliveryFault::Duplicate, 1);
    org.add_log_events(1);
    let (first, second) = (
        received.recv().await.unwrap(),
        received.recv().await.unwrap(),
    );
    assert_eq!(first.body, second.body, "the same eventId and event uuids");

    org.inject_delivery_fault(DeliveryFault::HoldBack, 1);
    org.add_log_events(1);
    org.add_log_events(1);
    let log = org.log_events();
    let (earlier, later) = (
        log[log.len() - 2]["uuid"].clone(),
        log[log.len() - 1]["uuid"].clone(),
    );
    let arrived = (
        received.recv().await.unwrap(),
        received.recv().await.unwrap(),
    );
    assert_eq!(
        (first_uuid(&arrived.0), first_uuid(&arrived.1)),
        (later, earlier),
        "reordered"
    );

    org.inject_delivery_fault(
        DeliveryFault::Delay(std::time::Duration::from_millis(50)),
        1,
    );
    org.add_log_events(1);
    let delayed = received.recv().await.unwrap();
    assert_eq!(
        first_uuid(&delayed),
        org.log_events().last().unwrap()["uuid"]
    );
    assert!(
        received.try_recv().is_err(),
        "each delivery arrives once unless duplicated"
    );
}
