//! The `okta-harness` command line, as a user runs it: the built binary and the built component.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

const TOKEN: &str = "fake-okta-api-token-0123456789";

fn harness() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okta-harness"));
    // Connection fields come from the environment: start from none.
    for (name, _) in std::env::vars() {
        if name.starts_with("OKTA_") {
            command.env_remove(name);
        }
    }
    command
}

fn run(args: &[&str]) -> Output {
    harness().args(args).output().expect("okta-harness runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn describe_json_lists_the_actions_and_the_connection() {
    let output = run(&["describe", "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(manifest["key"], "okta-management-api");
    assert_eq!(manifest["actions"].as_array().unwrap().len(), 45);
    assert_eq!(manifest["dataSources"].as_array().unwrap().len(), 7);
    assert_eq!(manifest["connections"][0]["label"], "API Token");
}

#[test]
fn run_works_out_of_the_box_against_the_fake_org() {
    let output = run(&["run", "listUsers", "--input", "limit=3"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["data"].as_array().unwrap().len(), 3);
    assert!(json["after"].is_string());
}

#[test]
fn errors_go_to_stderr_with_the_kinds_exit_code() {
    let missing = run(&["run", "getUser", "--input", "id=nobody@example.com"]);
    assert_eq!(missing.status.code(), Some(6), "{}", text(&missing.stderr));
    assert!(missing.stdout.is_empty());
    assert!(text(&missing.stderr).contains("E0000007"));

    let invalid = run(&["run", "listUsers", "--input", "fetchAll=maybe"]);
    assert_eq!(invalid.status.code(), Some(3), "{}", text(&invalid.stderr));
    assert!(text(&invalid.stderr).contains("fetchAll"));

    let unauthorized = harness()
        .args(["run", "getUser", "--input", "id=me"])
        .env("OKTA_DOMAIN", "fake-org.okta.com")
        .env("OKTA_API_TOKEN", "wrong")
        .output()
        .unwrap();
    assert_eq!(
        unauthorized.status.code(),
        Some(4),
        "{}",
        text(&unauthorized.stderr)
    );
}

#[test]
fn trace_shows_the_exchange_without_the_token() {
    let output = run(&["run", "getUser", "--input", "id=me", "--trace"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let trace = text(&output.stderr);
    assert!(
        trace.contains("GET https://fake-org.okta.com/api/v1/users/me"),
        "{trace}"
    );
    assert!(
        !trace.contains(TOKEN) && !text(&output.stdout).contains(TOKEN),
        "{trace}"
    );
}

/// The fake org over HTTP on loopback, stopped when dropped.
struct Server(Child, String, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(users: &str) -> Server {
    let mut child = harness()
        .args(["serve", "--users", users])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let token = lines.next().unwrap().unwrap();
    Server(child, url, token)
}

#[test]
fn run_reaches_a_loopback_server_through_base_url_and_pages_through_it() {
    let server = serve("450");
    assert!(server.1.starts_with("http://127.0.0.1:"), "{}", server.1);
    let output = harness()
        .args([
            "run",
            "listUsers",
            "--input",
            "fetchAll=true",
            "--input",
            "limit=200",
            "--input",
            "search=id pr",
        ])
        .args(["--base-url", &server.1])
        .env("OKTA_DOMAIN", "fake-org.okta.com")
        .env("OKTA_API_TOKEN", &server.2)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["data"].as_array().unwrap().len(), 450);
}

#[test]
fn demo_passes() {
    let output = run(&["demo"]);
    assert!(
        output.status.success(),
        "{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(text(&output.stdout).contains("Demo passed"));
}
