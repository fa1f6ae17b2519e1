//! `okta-harness demo`: a user's whole life, through the component, against the in-process fake org.
//!
//! Each step is one action call made with the same library calls the tests use. After each step the demo prints the
//! key facts of the output, the user's status as the org now holds it, and the number of HTTP calls the step took,
//! and checks the status it expects. The first failing step stops the demo with its error and HTTP trace.
//!
//! It runs on any connection ([`run_on`]): the API token, or one of the fake org's OAuth apps (see
//! [`crate::fake_apps`]). On an OAuth connection the demo keeps the connection state between steps, as a platform
//! would, so one token serves every step; an authorization code connection is authorized first, without a browser.

use crate::fake_apps::{DEFAULT_REDIRECT_URI, SERVICE_CLIENT_ID, WEB_CLIENT_ID};
use crate::fake_org::FakeOrg;
use crate::{ActionOutput, CallError, CallOptions, Connection, Harness, Outcome, Route};
use serde_json::Value;
use std::fmt;
use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Why the demo stopped.
#[derive(Debug)]
pub struct DemoError {
    /// The step's title, or `setup`.
    pub step: String,
    pub message: String,
}

impl fmt::Display for DemoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "demo step \"{}\" failed: {}", self.step, self.message)
    }
}

impl std::error::Error for DemoError {}

/// What a finished demo did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSummary {
    pub steps: usize,
    pub http_calls: usize,
    /// The ID of the user it created (and deleted).
    pub user_id: String,
}

/// One step: the action and its inputs, and what the org should hold afterwards.
struct Step<'a> {
    title: &'a str,
    action: &'a str,
    inputs: Vec<(&'a str, String)>,
    expect: Expect,
}

enum Expect {
    /// The user's status in the org after the step.
    Status(&'static str),
    /// The user no longer exists.
    Gone,
    /// The search finds the user.
    Found,
    /// The call fails with this error kind (`CallError::kind_name`).
    Error(&'static str),
}

/// The actions the demo uses; checked against the manifest before it starts.
const ACTIONS: &[&str] = &[
    "createUser",
    "activateUser",
    "listUsers",
    "suspendUser",
    "unsuspendUser",
    "resetUserPassword",
    "deactivateUser",
    "deleteUser",
    "getUser",
];

/// Runs the demo on `org` (in-process) with its API token, printing each step to `out`.
pub async fn run(
    harness: &Harness,
    org: &FakeOrg,
    out: &mut dyn Write,
) -> Result<DemoSummary, DemoError> {
    run_on(harness, org, crate::DEFAULT_CONNECTION, out).await
}

/// Runs the demo on `org` (in-process) with the connection `connection_key`: `apiToken`,
/// `oauth2ClientCredentials` or `oauth2AuthorizationCode` (the OAuth ones need the default apps on `org`, see
/// [`crate::fake_apps::register_default_apps`]).
pub async fn run_on(
    harness: &Harness,
    org: &FakeOrg,
    connection_key: &str,
    out: &mut dyn Write,
) -> Result<DemoSummary, DemoError> {
    let connection = Connection::fake_for(connection_key, org).ok_or_else(|| DemoError {
        step: "setup".to_owned(),
        message: format!(
            "no connection `{connection_key}`; the demo runs on apiToken, oauth2ClientCredentials or \
             oauth2AuthorizationCode"
        ),
    })?;
    let mut demo = Demo::new(harness, org, connection, out);
    demo.intro().await?;
    demo.authorize().await?;
    let login = unique_login();
    demo.step(create(&login)).await?;
    let id = demo
        .user_id
        .clone()
        .ok_or_else(|| demo.fail("Create a staged user", "the output has no data.id"))?;
    demo.step(activate(&id)).await?;
    demo.step(search(&login)).await?;
    demo.step(lifecycle("Suspend", "suspendUser", &id, "SUSPENDED"))
        .await?;
    demo.step(lifecycle("Unsuspend", "unsuspendUser", &id, "ACTIVE"))
        .await?;
    demo.step(reset_password(&id)).await?;
    demo.step(lifecycle(
        "Deactivate",
        "deactivateUser",
        &id,
        "DEPROVISIONED",
    ))
    .await?;
    demo.step(delete(&id)).await?;
    demo.step(confirm_gone(&id)).await?;
    Ok(demo.outro(id))
}

fn create(login: &str) -> Step<'static> {
    let inputs = vec![
        ("firstName", "Ada".to_owned()),
        ("lastName", "Lovelace".to_owned()),
        ("email", login.to_owned()),
        ("login", login.to_owned()),
        // With a password, activation makes the user ACTIVE (without one it would stop at PROVISIONED until the
        // user follows the activation link, and a PROVISIONED user cannot be suspended).
        ("password", demo_password()),
        ("activate", "false".to_owned()),
    ];
    Step {
        title: "Create a staged user",
        action: "createUser",
        inputs,
        expect: Expect::Status("STAGED"),
    }
}

fn activate(id: &str) -> Step<'static> {
    let inputs = vec![("id", id.to_owned()), ("sendEmail", "false".to_owned())];
    Step {
        title: "Activate, without email",
        action: "activateUser",
        inputs,
        expect: Expect::Status("ACTIVE"),
    }
}

fn search(login: &str) -> Step<'static> {
    let inputs = vec![("search", format!("profile.login eq \"{login}\""))];
    Step {
        title: "Find the user by login",
        action: "listUsers",
        inputs,
        expect: Expect::Found,
    }
}

fn lifecycle(
    verb: &'static str,
    action: &'static str,
    id: &str,
    status: &'static str,
) -> Step<'static> {
    let mut inputs = vec![("id", id.to_owned())];
    if action == "deactivateUser" {
        inputs.push(("sendEmail", "false".to_owned()));
    }
    Step {
        title: verb,
        action,
        inputs,
        expect: Expect::Status(status),
    }
}

fn reset_password(id: &str) -> Step<'static> {
    let inputs = vec![
        ("id", id.to_owned()),
        ("sendEmail", "false".to_owned()),
        ("revokeSessions", "false".to_owned()),
    ];
    Step {
        title: "Reset the password, without email",
        action: "resetUserPassword",
        inputs,
        expect: Expect::Status("RECOVERY"),
    }
}

fn delete(id: &str) -> Step<'static> {
    let inputs = vec![("id", id.to_owned()), ("sendEmail", "false".to_owned())];
    Step {
        title: "Delete",
        action: "deleteUser",
        inputs,
        expect: Expect::Gone,
    }
}

fn confirm_gone(id: &str) -> Step<'static> {
    let inputs = vec![("id", id.to_owned())];
    Step {
        title: "Confirm it is gone",
        action: "getUser",
        inputs,
        expect: Expect::Error("not-found"),
    }
}

/// A login no sample user has, different on every run.
fn unique_login() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("ada.lovelace.{nanos:08x}@example.com")
}

/// A password that satisfies Okta's default policy; never printed (and redacted from traces). Its variable part is
/// decimal digits, so it can never contain a part of the login (`ada`, `lovelace`, or the login's 8 hex digits),
/// which the policy forbids.
fn demo_password() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("Analytical-{:06}-Engine9!", nanos % 1_000_000)
}

struct Demo<'a> {
    harness: &'a Harness,
    org: &'a FakeOrg,
    options: CallOptions,
    connection: Connection,
    out: &'a mut dyn Write,
    done: usize,
    http_calls: usize,
    user_id: Option<String>,
}

impl<'a> Demo<'a> {
    fn new(
        harness: &'a Harness,
        org: &'a FakeOrg,
        connection: Connection,
        out: &'a mut dyn Write,
    ) -> Self {
        // Traced, so that a failing step can show its exchanges; tracing a demo costs nothing noticeable.
        let options = CallOptions::new(Route::Fake(org.clone())).trace(true);
        Demo {
            harness,
            org,
            options,
            connection,
            out,
            done: 0,
            http_calls: 0,
            user_id: None,
        }
    }

    fn fail(&self, step: &str, message: impl Into<String>) -> DemoError {
        DemoError {
            step: step.to_owned(),
            message: message.into(),
        }
    }

    /// Prints what is being demonstrated and checks that the component has every action the demo needs.
    async fn intro(&mut self) -> Result<(), DemoError> {
        let manifest = self
            .harness
            .manifest()
            .await
            .map_err(|e| self.fail("setup", e.to_string()))?;
        let missing: Vec<&str> = ACTIONS
            .iter()
            .copied()
            .filter(|a| manifest.action(a).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(self.fail(
                "setup",
                format!("the component has no action {}", missing.join(", ")),
            ));
        }
        let lines = [
            format!(
                "{} {} {}: {}",
                manifest.name,
                manifest.key,
                manifest.version,
                self.harness.component_path().display()
            ),
            format!(
                "against the in-process fake org https://{} ({} users)",
                FakeOrg::DOMAIN,
                self.org.user_count()
            ),
            format!("on the connection {}", self.connection_label(&manifest)),
            String::new(),
        ];
        lines.iter().for_each(|l| self.print(l));
        Ok(())
    }

    /// `key (label, client …)` for the intro.
    fn connection_label(&self, manifest: &crate::Manifest) -> String {
        let key = &self.connection.key;
        let label = manifest
            .connection(key)
            .map_or_else(String::new, |c| c.label.clone());
        match self.connection.field("clientId") {
            Some(client) => format!("{key} ({label}, client {client})"),
            None => format!("{key} ({label})"),
        }
    }

    /// Authorizes an authorization code connection as a person would, without the browser: start, the fake's
    /// authorize page (which consents at once), finish. Other connections need nothing.
    async fn authorize(&mut self) -> Result<(), DemoError> {
        if self.connection.key != "oauth2AuthorizationCode" {
            return Ok(());
        }
        let started = tokio::time::Instant::now();
        let state = self
            .harness
            .authorize_without_browser(&self.connection, DEFAULT_REDIRECT_URI, &self.options)
            .await
            .map_err(|e| self.fail("Authorize the connection", e.to_string()))?;
        self.connection.state = Some(state.into_string());
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        self.print(&format!(
            "0. Authorize the connection · start-authorization, GET /oauth2/v1/authorize, finish-authorization · \
             {ms:.1} ms"
        ));
        self.print(&format!(
            "     {:<18} {DEFAULT_REDIRECT_URI} (code exchanged with PKCE; tokens kept as connection state)",
            "redirect"
        ));
        self.print("");
        Ok(())
    }

    /// Runs one step, prints it and checks its expectation.
    async fn step(&mut self, step: Step<'_>) -> Result<(), DemoError> {
        let started = tokio::time::Instant::now();
        let outcome = self
            .harness
            .perform(step.action, &self.connection, &step.inputs, &self.options)
            .await;
        let took = started.elapsed();
        // As a platform would: keep the token the call minted for the next step.
        self.connection.remember(&outcome);
        self.done += 1;
        self.http_calls += outcome.http_calls;
        if self.user_id.is_none() {
            self.user_id = outcome.ok().and_then(|o| field(o, "id"));
        }
        self.print_header(&step, &outcome, took);
        if let Err(message) = self.check(&step, &outcome) {
            self.print_failure(&message, &outcome);
            return Err(self.fail(step.title, message));
        }
        self.print("");
        Ok(())
    }

    fn print_header(&mut self, step: &Step<'_>, outcome: &Outcome<ActionOutput>, took: Duration) {
        let calls = match outcome.http_calls {
            1 => "1 HTTP call".to_owned(),
            n => format!("{n} HTTP calls"),
        };
        let ms = took.as_secs_f64() * 1000.0;
        let header = format!(
            "{}. {} · {} · {calls} · {ms:.1} ms",
            self.done, step.title, step.action
        );
        self.print(&header);
        let facts = match &outcome.result {
            Ok(output) => output_facts(&output.data()),
            Err(error) => vec![("error", error.to_string())],
        };
        for (name, value) in facts {
            self.print(&format!("     {name:<18} {value}"));
        }
        if let Some(id) = &self.user_id {
            let status = self
                .org
                .user(id)
                .and_then(|u| u["status"].as_str().map(str::to_owned));
            let status = status.unwrap_or_else(|| "(no such user)".to_owned());
            self.print(&format!("     {:<18} {status}", "status in the org"));
        }
    }

    /// Checks the step's expectation against the outcome and the org.
    fn check(&self, step: &Step<'_>, outcome: &Outcome<ActionOutput>) -> Result<(), String> {
        if let Expect::Error(kind) = step.expect {
            return match &outcome.result {
                Err(e) if e.kind_name() == kind => Ok(()),
                Err(e) => Err(format!("expected a {kind} error, got: {e}")),
                Ok(_) => Err(format!("expected a {kind} error, but the call succeeded")),
            };
        }
        let output = outcome.result.as_ref().map_err(describe_error)?;
        let id = self.user_id.clone().unwrap_or_default();
        match step.expect {
            Expect::Status(expected) => {
                let status = self
                    .org
                    .user(&id)
                    .and_then(|u| u["status"].as_str().map(str::to_owned));
                match status.as_deref() {
                    Some(s) if s == expected => Ok(()),
                    Some(s) => Err(format!(
                        "expected the user to be {expected}, the org says {s}"
                    )),
                    None => Err(format!(
                        "expected the user to be {expected}, but the org has no user {id}"
                    )),
                }
            }
            Expect::Gone => match self.org.user(&id) {
                None => Ok(()),
                Some(u) => Err(format!("the user still exists (status {})", u["status"])),
            },
            Expect::Found => {
                let found = output_array(output);
                let ids: Vec<&str> = found.iter().filter_map(|u| u["id"].as_str()).collect();
                if ids == [id.as_str()] {
                    Ok(())
                } else {
                    Err(format!("the search found {ids:?}, expected [{id:?}]"))
                }
            }
            Expect::Error(_) => Ok(()),
        }
    }

    fn print_failure(&mut self, message: &str, outcome: &Outcome<ActionOutput>) {
        self.print(&format!("     FAILED: {message}"));
        if !outcome.stderr.trim().is_empty() {
            self.print("     guest log:");
            for line in outcome.stderr.lines() {
                self.print(&format!("       {line}"));
            }
        }
        if !outcome.trace.is_empty() {
            self.print("     HTTP trace:");
            for line in outcome.trace_text().lines() {
                self.print(&format!("       {line}"));
            }
        }
    }

    fn outro(&mut self, user_id: String) -> DemoSummary {
        let client = match self.connection.key.as_str() {
            "oauth2ClientCredentials" => Some(SERVICE_CLIENT_ID),
            "oauth2AuthorizationCode" => Some(WEB_CLIENT_ID),
            _ => None,
        };
        let tokens = match client.map(|c| self.org.issued_tokens(c)) {
            Some(1) => ", 1 access token".to_owned(),
            Some(n) => format!(", {n} access tokens"),
            None => String::new(),
        };
        let line = format!(
            "Demo passed: {} steps, {} HTTP calls{tokens}.",
            self.done, self.http_calls
        );
        self.print(&line);
        DemoSummary {
            steps: self.done,
            http_calls: self.http_calls,
            user_id,
        }
    }

    fn print(&mut self, line: &str) {
        // Output is best effort: a closed stdout must not turn a passing demo into a failing one.
        let _ = writeln!(self.out, "{line}");
    }
}

/// The error text, with Okta's code and causes when there are any.
fn describe_error(error: &CallError) -> String {
    let mut text = error.to_string();
    if let Some(okta) = error.guest().and_then(|g| g.kind.okta()) {
        text.push_str(&format!(" [{}: {}]", okta.error_code, okta.error_summary));
        for cause in &okta.error_causes {
            text.push_str(&format!(" [cause: {cause}]"));
        }
    }
    text
}

/// The facts worth showing from an output's `data`: identity, status, links, or a list's size and IDs.
fn output_facts(data: &Value) -> Vec<(&'static str, String)> {
    if let Value::Array(items) = data {
        let ids: Vec<&str> = items.iter().filter_map(|u| u["id"].as_str()).collect();
        return vec![
            ("found", format!("{} user(s)", items.len())),
            ("ids", ids.join(", ")),
        ];
    }
    let wanted: [(&'static str, &Value); 5] = [
        ("id", &data["id"]),
        ("status", &data["status"]),
        ("login", &data["profile"]["login"]),
        ("activationUrl", &data["activationUrl"]),
        ("resetPasswordUrl", &data["resetPasswordUrl"]),
    ];
    let mut facts: Vec<(&'static str, String)> = wanted
        .iter()
        .filter_map(|(name, v)| v.as_str().map(|s| (*name, s.to_owned())))
        .collect();
    if facts.is_empty() {
        facts.push(("output", data.to_string()));
    }
    facts
}

/// `data.<key>` as text.
fn field(output: &ActionOutput, key: &str) -> Option<String> {
    output.data()[key].as_str().map(str::to_owned)
}

/// `data` as a list (empty when it is not one).
fn output_array(output: &ActionOutput) -> Vec<Value> {
    match output.data() {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}
