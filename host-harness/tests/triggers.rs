//! The triggers through the built component, run as a platform runs them (the library's `Poller` and
//! `WebhookTrigger`), against the in-process fake org: it calls the listener over real HTTP.

use okta_harness::fake_org::{FakeOrg, FakeOrgConfig};
use okta_harness::listen::{ListenEvent, WebhookListener, WebhookTrigger};
use okta_harness::poller::Poller;
use okta_harness::{CallOptions, Connection, Harness, Route, hook_sender, tokio_clock};
use serde_json::Value;
use std::sync::OnceLock;
use tokio::sync::{mpsc, oneshot};

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| Harness::load_default().unwrap_or_else(|e| panic!("{e}")))
}

fn org() -> FakeOrg {
    FakeOrg::new(FakeOrgConfig {
        users: 5,
        ..FakeOrgConfig::default()
    })
}

async fn create_user(org: &FakeOrg, login: &str) -> String {
    let inputs = [
        ("firstName", "Ada"),
        ("lastName", "Hook"),
        ("email", login),
        ("login", login),
        ("activate", "false"),
    ];
    let outcome = harness()
        .perform(
            "createUser",
            &Connection::fake(org),
            &inputs,
            Route::Fake(org.clone()),
        )
        .await;
    let output = outcome.result.unwrap_or_else(|e| panic!("createUser: {e}"));
    output.data()["id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deployed_event_hook_receives_the_delivery_of_a_user_created_by_an_action() {
    let org = org();
    hook_sender::install(&org);
    let options = CallOptions::new(Route::Fake(org.clone())).trace(true);
    let listener = WebhookListener::bind(0).await.unwrap();
    let url = listener.url();
    let items = [("items", r#"["user.lifecycle.create"]"#)];
    let mut trigger = WebhookTrigger::new("eventHook", Connection::fake(&org), items, &options);
    let (events, mut received) = mpsc::unbounded_channel();
    let (stop, stopped) = oneshot::channel::<()>();
    let listening = trigger.listen(
        harness(),
        listener,
        &url,
        async {
            let _ = stopped.await;
        },
        move |event| {
            let _ = events.send(event);
        },
    );
    let driving = async {
        let _stop = stop;
        let mut seen = Vec::new();
        loop {
            match received.recv().await {
                Some(ListenEvent::Deployed { .. }) => break,
                Some(event) => seen.push(format!("{event:?}")),
                None => return Err(format!("not deployed: {seen:?}")),
            }
        }
        let hooks = org.event_hooks();
        assert_eq!(hooks.len(), 1, "{hooks:?}");
        assert_eq!(hooks[0]["verificationStatus"], "VERIFIED");
        assert_eq!(hooks[0]["channel"]["config"]["uri"], url.as_str());
        let id = create_user(&org, "ada.listened@example.com").await;
        while let Some(event) = received.recv().await {
            if let ListenEvent::Answered {
                payload: Some(payload),
                status,
                ..
            } = event
            {
                assert_eq!(status, 200);
                return Ok((payload, id));
            }
            seen.push(format!("{event:?}"));
        }
        Err(format!("no delivery: {seen:?}"))
    };
    let (listened, driven) = tokio::join!(listening, driving);
    let (payload, id): (Value, String) = driven.unwrap();
    let summary = listened.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.payloads, 1);
    let text = payload.to_string();
    assert!(
        text.contains("user.lifecycle.create") && text.contains(&id),
        "{payload}"
    );
    let delivery = &org.deliveries()[0];
    for uuid in delivery.event_uuids() {
        assert!(
            text.contains(&uuid),
            "the payload keeps each event's uuid: {payload}"
        );
    }
    assert!(
        text.contains(delivery.json()["eventId"].as_str().unwrap()),
        "and the eventId: {payload}"
    );
    assert!(org.event_hooks().is_empty(), "undeployed");
}

/// Okta's `created` times have whole seconds and the first poll starts after the second it ran in, so the
/// org's clock (tokio's, paused) moves on before the user is created.
#[tokio::test(start_paused = true)]
async fn a_poller_returns_each_new_user_once_and_keeps_its_state_in_a_file() {
    let org = FakeOrg::new(FakeOrgConfig {
        users: 5,
        clock: tokio_clock(),
        ..FakeOrgConfig::default()
    });
    let dir = std::env::temp_dir().join(format!("okta-harness-poller-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("users.state");
    let new_poller = || {
        Poller::new(
            "newUsersPollingTrigger",
            Connection::fake(&org),
            std::iter::empty::<(String, String)>(),
            Route::Fake(org.clone()),
        )
        .with_state_file(&file)
        .unwrap()
    };
    let mut poller = new_poller();
    let mut out = Vec::new();
    poller.poll_once(harness(), &mut out).await.unwrap();
    assert!(out.is_empty(), "the first poll starts from now");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        poller.state.clone().unwrap()
    );

    tokio::time::advance(std::time::Duration::from_secs(2)).await;
    let id = create_user(&org, "ada.polled@example.com").await;
    // A restart: a new poller from the saved state.
    let mut poller = new_poller();
    poller.poll_once(harness(), &mut out).await.unwrap();
    let lines: Vec<Value> = String::from_utf8(out.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["id"], id.as_str());
    out.clear();
    poller.poll_once(harness(), &mut out).await.unwrap();
    assert!(out.is_empty(), "nothing twice");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sends one request to `url` (a loopback listener); returns the status.
async fn send(url: &str, method: &str, headers: &[(&str, &str)], body: Vec<u8>) -> u16 {
    use http_body_util::{BodyExt, Full};
    let uri: http::Uri = url.parse().unwrap();
    let stream = tokio::net::TcpStream::connect(uri.authority().unwrap().as_str())
        .await
        .unwrap();
    let io = hyper_util::rt::TokioIo::new(stream);
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await.unwrap();
    tokio::spawn(connection);
    let mut request = http::Request::builder().method(method).uri(uri.path());
    request = request.header("host", uri.authority().unwrap().as_str());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Full::new(bytes::Bytes::from(body))).unwrap();
    let response = sender.send_request(request).await.unwrap();
    let status = response.status().as_u16();
    let _ = response.into_body().collect().await;
    status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listener_answers_forgeries_with_the_components_refusal_and_passes_duplicates_on() {
    let org = org();
    hook_sender::install(&org);
    let options = CallOptions::new(Route::Fake(org.clone()));
    let listener = WebhookListener::bind(0).await.unwrap();
    let url = listener.url();
    let items = [("items", r#"["user.lifecycle.create"]"#)];
    let mut trigger = WebhookTrigger::new("eventHook", Connection::fake(&org), items, &options);
    let (events, mut received) = mpsc::unbounded_channel();
    let (stop, stopped) = oneshot::channel::<()>();
    let listening = trigger.listen(
        harness(),
        listener,
        &url,
        async {
            let _ = stopped.await;
        },
        move |event| {
            let _ = events.send(event);
        },
    );
    let driving = async {
        let _stop = stop;
        while !matches!(
            received.recv().await,
            Some(ListenEvent::Deployed { .. }) | None
        ) {}
        assert!(org.deliveries().is_empty(), "nothing delivered yet");
        let forged = br#"{"eventId":"x","data":{"events":[]}}"#.to_vec();
        for headers in [vec![], vec![("authorization", "forged")]] {
            let status = send(&url, "POST", &headers, forged.clone()).await;
            assert_eq!(status, 401, "{headers:?}");
        }
        assert_eq!(send(&url, "PUT", &[], Vec::new()).await, 405);
        assert_eq!(
            send(&url, "POST", &[], vec![b'x'; 17 << 20]).await,
            413,
            "over the host's cap"
        );

        org.inject_delivery_fault(okta_harness::fake_org::DeliveryFault::Duplicate, 1);
        create_user(&org, "ada.twice@example.com").await;
        let mut payloads = Vec::new();
        while payloads.len() < 2 {
            match received.recv().await {
                Some(ListenEvent::Answered {
                    payload: Some(payload),
                    ..
                }) => payloads.push(payload),
                Some(ListenEvent::Answered { status, .. }) => assert_ne!(status, 200),
                Some(_) => {}
                None => break,
            }
        }
        payloads
    };
    let (listened, payloads) = tokio::join!(listening, driving);
    let summary = listened.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(payloads.len(), 2);
    assert_eq!(
        payloads[0], payloads[1],
        "a duplicate carries the same eventId and uuids"
    );
    assert!(payloads[0]["eventId"].is_string(), "{}", payloads[0]);
    assert_eq!(summary.payloads, 2);
    assert!(org.event_hooks().is_empty());
}
