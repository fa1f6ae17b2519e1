//! Shared set-up: one harness for the whole run, a fresh fake org per test.

use std::sync::OnceLock;

use okta_harness::fake_org::{FakeOrg, FakeOrgConfig, HookAnswer, HookCall, HookSender};
use okta_harness::{
    ActionOutput, CallOptions, Connection, ErrorKind, GuestError, Harness, Outcome, Route,
    tokio_clock,
};
use serde_json::Value;

/// The component, compiled once (or loaded from the precompiled cache) and shared by every test.
pub fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| Harness::load_default().unwrap_or_else(|e| panic!("{e}")))
}

/// The endpoints behind event hook URLs, as the fake org's network: each answers Okta's verification challenge
/// (as a platform does while the hook is being set up), except on hosts under `.invalid` (RFC 2606), which do not
/// answer at all. Deliveries are not looked at here (the harness's own tests send them over HTTP).
pub struct AnswersChallenges;

impl HookSender for AnswersChallenges {
    fn call(&self, call: &HookCall) -> HookAnswer {
        let host = call
            .url
            .parse::<http::Uri>()
            .ok()
            .and_then(|u| u.host().map(str::to_owned));
        if host.is_none_or(|host| host.ends_with(".invalid")) {
            return HookAnswer::Failed("the host does not resolve".into());
        }
        let challenge = call.header("x-okta-verification-challenge").unwrap_or("");
        HookAnswer::Answered {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::json!({ "verification": challenge })
                .to_string()
                .into(),
        }
    }

    fn deliver(&self, _: HookCall) {}
}

/// A fresh fake org whose clock follows tokio's, so paused-time tests see rate-limit resets pass instantly.
pub struct TestOrg {
    pub org: FakeOrg,
    pub connection: Connection,
}

impl TestOrg {
    pub fn new() -> TestOrg {
        TestOrg::with_users(60)
    }

    pub fn with_users(users: usize) -> TestOrg {
        let org = FakeOrg::new(FakeOrgConfig {
            users,
            clock: tokio_clock(),
            ..FakeOrgConfig::default()
        });
        org.set_hook_sender(std::sync::Arc::new(AnswersChallenges));
        let connection = Connection::fake(&org);
        TestOrg { org, connection }
    }

    /// Runs an action, traced, on this org's API token connection.
    pub async fn run(&self, action: &str, inputs: &[(&str, &str)]) -> Outcome<ActionOutput> {
        self.run_on(&self.connection, action, inputs).await
    }

    pub async fn run_on(
        &self,
        connection: &Connection,
        action: &str,
        inputs: &[(&str, &str)],
    ) -> Outcome<ActionOutput> {
        let options = CallOptions::new(Route::Fake(self.org.clone())).trace(true);
        harness().perform(action, connection, inputs, options).await
    }

    /// The output JSON of a call that must succeed; on failure, the panic shows the error and the trace.
    pub async fn ok(&self, action: &str, inputs: &[(&str, &str)]) -> Value {
        let outcome = self.run(action, inputs).await;
        match &outcome.result {
            Ok(output) => output.json(),
            Err(e) => panic!(
                "{action} {inputs:?} failed: {e}\n{}\n{}",
                outcome.trace_text(),
                outcome.stderr
            ),
        }
    }

    /// The guest's typed error of a call that must fail.
    pub async fn err(&self, action: &str, inputs: &[(&str, &str)]) -> GuestError {
        guest_error(action, self.run(action, inputs).await)
    }

    /// The items of a picklist (data source), as (label, key) pairs.
    pub async fn picklist(&self, key: &str, inputs: &[(&str, &str)]) -> Vec<(String, String)> {
        let options = CallOptions::new(Route::Fake(self.org.clone())).trace(true);
        let outcome = harness()
            .fetch(key, &self.connection, inputs, options)
            .await;
        let trace = outcome.trace_text();
        match outcome.result {
            Ok(output) => output.items.into_iter().map(|i| (i.label, i.key)).collect(),
            Err(e) => panic!("{key} failed: {e}\n{trace}"),
        }
    }

    /// Requests the org received with this method whose path starts with `prefix`.
    pub fn requests(
        &self,
        method: &str,
        prefix: &str,
    ) -> Vec<okta_harness::fake_org::RecordedRequest> {
        self.org
            .requests()
            .into_iter()
            .filter(|r| r.method.as_str() == method && path_of(&r.uri).starts_with(prefix))
            .collect()
    }

    /// A new user in the given status, made through the component.
    pub async fn user_in(&self, status: &str) -> String {
        let login = format!(
            "test.{}.{}@example.com",
            status.to_lowercase(),
            self.org.user_count()
        );
        let (activate, password) = match status {
            "STAGED" => ("false", Some("Init1al-Passw0rd")),
            "PROVISIONED" => ("true", None),
            _ => ("true", Some("Init1al-Passw0rd")),
        };
        let mut inputs = vec![
            ("firstName", "Test"),
            ("lastName", "User"),
            ("email", login.as_str()),
            ("login", login.as_str()),
            ("activate", activate),
        ];
        if let Some(password) = password {
            inputs.push(("password", password));
        }
        let user = self.ok("createUser", &inputs).await;
        let id = user["data"]["id"]
            .as_str()
            .expect("created user has an id")
            .to_string();
        if !matches!(status, "STAGED" | "PROVISIONED" | "ACTIVE") {
            self.org.set_user_status(&id, status);
        }
        id
    }

    /// The user's status in the org.
    pub fn status(&self, id: &str) -> Option<String> {
        self.org
            .user(id)
            .and_then(|u| u["status"].as_str().map(str::to_string))
    }
}

pub fn guest_error(action: &str, outcome: Outcome<ActionOutput>) -> GuestError {
    match outcome.result {
        Ok(output) => panic!("{action} should have failed but returned {}", output.text()),
        Err(e) => e
            .guest()
            .cloned()
            .unwrap_or_else(|| panic!("{action}: not a guest error: {e}\n{}", outcome.stderr)),
    }
}

/// The Okta error code of a guest error, if it carries one.
pub fn okta_code(error: &GuestError) -> Option<&str> {
    match &error.kind {
        ErrorKind::OktaApi { okta } => Some(okta.error_code.as_str()),
        ErrorKind::NotFound { okta } | ErrorKind::Unauthorized { okta } => {
            okta.as_ref().map(|o| o.error_code.as_str())
        }
        ErrorKind::Forbidden { okta, .. } | ErrorKind::RateLimited { okta, .. } => {
            okta.as_ref().map(|o| o.error_code.as_str())
        }
        _ => None,
    }
}

/// The input an invalid-input error names.
pub fn invalid_input(error: &GuestError) -> &str {
    match &error.kind {
        ErrorKind::InvalidInput { input, .. } => input,
        other => panic!("expected invalid-input, got {other:?}: {}", error.message),
    }
}

pub fn path_of(uri: &str) -> &str {
    let without_origin = uri
        .find("://")
        .map(|i| &uri[i + 3..])
        .and_then(|rest| rest.find('/').map(|j| &rest[j..]));
    let path = without_origin.unwrap_or(uri);
    path.split('?').next().unwrap_or(path)
}
