//! The client's logic against a scripted transport: no network, no real time.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::*;
use crate::connection::{Auth, Secret};

#[derive(Default)]
struct Script {
    replies: RefCell<VecDeque<std::result::Result<HttpResponse, TransportError>>>,
    sent: RefCell<Vec<HttpRequest>>,
    slept: RefCell<Vec<Duration>>,
}

impl Script {
    fn reply(self, status: u16, headers: &[(&str, &str)], body: &str) -> Script {
        let response = HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        };
        self.replies.borrow_mut().push_back(Ok(response));
        self
    }
    fn fail(self, error: TransportError) -> Script {
        self.replies.borrow_mut().push_back(Err(error));
        self
    }
}

impl Transport for Script {
    fn send(
        &self,
        request: &HttpRequest,
        _timeout: Duration,
    ) -> std::result::Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request.clone());
        self.replies
            .borrow_mut()
            .pop_front()
            .unwrap_or(Err(TransportError::Broken("script ran out".into())))
    }
    fn sleep(&self, duration: Duration) {
        self.slept.borrow_mut().push(duration);
    }
    fn random_u64(&self) -> u64 {
        0
    }
}

fn client(script: &Script) -> Client<'_> {
    let connection = Connection {
        origin: "https://o.okta.com".into(),
        auth: Auth::ApiToken(Secret::new("tok")),
    };
    Client::new(connection, script)
}

const DATE: &str = "Thu, 11 Sep 2025 16:22:35 GMT";

#[test]
fn a_429_waits_for_the_reset_then_succeeds_even_for_a_creating_post() {
    let script = Script::default()
        .reply(
            429,
            &[
                ("Date", DATE),
                ("X-Rate-Limit-Reset", "1757607758"),
                ("X-Okta-Request-Id", "req1"),
            ],
            "{}",
        )
        .reply(200, &[], r#"{"id":"00u1"}"#);
    let value = client(&script)
        .post(
            &Path::new("/api/v1/users"),
            &Query::new(),
            Some(&serde_json::json!({})),
        )
        .unwrap();
    assert_eq!(value["id"], "00u1");
    assert_eq!(*script.slept.borrow(), vec![Duration::from_secs(3)]);
    let sent = script.sent.borrow();
    assert_eq!(sent.len(), 2);
    assert!(
        sent[1]
            .headers
            .contains(&("x-okta-retry-for".into(), "req1".into()))
    );
    assert_eq!(
        sent[0].headers[0],
        ("authorization".into(), "SSWS tok".into())
    );
}

#[test]
fn a_503_is_retried_for_get_but_never_for_post() {
    let script = Script::default().reply(503, &[], "").reply(200, &[], "[]");
    client(&script)
        .get(&Path::new("/api/v1/users"), &Query::new())
        .unwrap();
    assert_eq!(script.sent.borrow().len(), 2);

    let script = Script::default().reply(503, &[], "").reply(200, &[], "{}");
    let error = client(&script)
        .post(&Path::new("/api/v1/users"), &Query::new(), None)
        .unwrap_err();
    assert_eq!(script.sent.borrow().len(), 1);
    assert_eq!(error.okta().map(|e| e.status), Some(503));
}

#[test]
fn a_timeout_on_post_is_reported_not_repeated() {
    let script = Script::default().fail(TransportError::Timeout);
    let error = client(&script)
        .post(&Path::new("/api/v1/users"), &Query::new(), None)
        .unwrap_err();
    assert_eq!(
        error,
        Error::Timeout {
            request: "POST /api/v1/users".into()
        }
    );
    assert_eq!(script.sent.borrow().len(), 1);
}

#[test]
fn retries_stop_at_the_policy_limit() {
    let mut script = Script::default();
    for _ in 0..10 {
        script = script.reply(500, &[], "");
    }
    let error = client(&script)
        .get(&Path::new("/x"), &Query::new())
        .unwrap_err();
    assert_eq!(script.sent.borrow().len(), 5);
    assert!(error.retryable());
}

#[test]
fn malformed_json_is_an_error_not_a_trap() {
    let script = Script::default().reply(200, &[], r#"{"id":"00u"#);
    let error = client(&script)
        .get(&Path::new("/api/v1/users/x"), &Query::new())
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport(ref m) if m.contains("GET /api/v1/users/x")),
        "{error:?}"
    );
}

fn collect(script: &Script, paging: &Paging) -> (Vec<String>, ListEnd) {
    let mut ids = Vec::new();
    let end = client(script)
        .list(
            &Path::new("/api/v1/users"),
            &Query::new(),
            paging,
            &mut |raw| {
                ids.push(raw.get().to_string());
                Ok(())
            },
        )
        .unwrap();
    (ids, end)
}

#[test]
fn fetch_all_follows_next_links_until_none() {
    let next =
        |c: &str| format!("<https://o.okta.com/api/v1/users?after={c}&limit=1>; rel=\"next\"");
    let script = Script::default()
        .reply(200, &[("link", &next("a"))], "[1]")
        .reply(200, &[("link", &next("b"))], "[2]")
        .reply(200, &[], "[3]");
    let (ids, end) = collect(
        &script,
        &Paging {
            fetch_all: true,
            ..Paging::default()
        },
    );
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!((end.pages, end.after), (3, None));
    assert_eq!(
        script.sent.borrow()[2].url,
        "https://o.okta.com/api/v1/users?after=b&limit=1"
    );
}

#[test]
fn one_page_returns_the_cursor_of_the_next() {
    let script = Script::default().reply(
        200,
        &[(
            "link",
            "<https://o.okta.com/api/v1/users?after=xyz>; rel=\"next\"",
        )],
        "[1]",
    );
    let (_, end) = collect(&script, &Paging::default());
    assert_eq!(end.after.as_deref(), Some("xyz"));
}

#[test]
fn a_repeated_cursor_or_an_empty_page_ends_the_listing() {
    let link = "<https://o.okta.com/api/v1/users?after=same>; rel=\"next\"";
    let script = Script::default()
        .reply(200, &[("link", link)], "[1]")
        .reply(200, &[("link", link)], "[2]");
    let (ids, end) = collect(
        &script,
        &Paging {
            fetch_all: true,
            ..Paging::default()
        },
    );
    assert_eq!((ids.len(), end.pages), (2, 2));

    let script = Script::default().reply(200, &[("link", link)], "[]");
    let (_, end) = collect(
        &script,
        &Paging {
            fetch_all: true,
            ..Paging::default()
        },
    );
    assert_eq!(end.pages, 1);
}

#[test]
fn a_next_link_to_another_host_is_not_followed() {
    let script = Script::default().reply(
        200,
        &[(
            "link",
            "<https://evil.example/api/v1/users?after=1>; rel=\"next\"",
        )],
        "[1]",
    );
    let result = client(&script).list(
        &Path::new("/api/v1/users"),
        &Query::new(),
        &Paging {
            fetch_all: true,
            ..Paging::default()
        },
        &mut |_| Ok(()),
    );
    assert!(matches!(result, Err(Error::Transport(_))));
    assert_eq!(script.sent.borrow().len(), 1);
}
