//! The same component in Node (`hosts/node`, through jco): against `okta-harness serve`'s fake org, the Node
//! host's command line answers exactly what the harness answers for the same calls.

use okta_harness::fake_apps::fake_org_with_oauth_apps;
use okta_harness::fake_org::{FakeOrg, FakeOrgConfig};
use okta_harness::serve::FakeServer;
use okta_harness::{CallOptions, Connection, ErrorKind, NO_INPUTS, Route};
use okta_release::workspace_root;
use serde_json::Value;
use std::process::Command;

use crate::common::harness;

/// What `node hosts/node/cli.mjs …` printed, and its exit code.
struct NodeRun {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

impl NodeRun {
    fn json(&self) -> Value {
        assert_eq!(self.code, Some(0), "node host failed: {}", self.stderr);
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("node host printed no JSON ({e}): {}", self.stdout))
    }
}

/// Whether `node` runs here; the test is skipped (with a message) where it does not.
fn node_available() -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: `node` is not installed; the Node host test needs Node.js 20 or later");
    }
    found
}

/// The Node host's CLI, run as a blocking process off the runtime (the fake org is served on it).
async fn node(base_url: &str, token: &str, args: &[&str]) -> NodeRun {
    let cli = workspace_root().join("hosts/node/cli.mjs");
    let component = harness().component_path().to_owned();
    let mut command = Command::new("node");
    command
        .arg(cli)
        .arg("--component")
        .arg(component)
        .args(args)
        .args(["--base-url", base_url])
        .env("OKTA_DOMAIN", FakeOrg::DOMAIN)
        .env("OKTA_API_TOKEN", token);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("node runs");
    NodeRun {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_host_answers_as_the_harness_does() {
    if !node_available() {
        return;
    }
    assert!(
        workspace_root().join("hosts/node/node_modules").exists(),
        "hosts/node has no node_modules: run `npm ci` there (./dev test does)"
    );
    let org = fake_org_with_oauth_apps(FakeOrgConfig {
        clock: okta_harness::tokio_clock(),
        ..FakeOrgConfig::default()
    });
    let server = FakeServer::bind(org.clone(), 0).await.unwrap();
    let base_url = server.base_url();
    tokio::spawn(server.serve_until(std::future::pending()));
    let token = org.api_token();
    let connection = Connection::new(
        "apiToken",
        vec![
            ("oktaDomain", FakeOrg::DOMAIN),
            ("apiToken", token.as_str()),
        ],
    );
    let route = || CallOptions::new(Route::base_url(&base_url).unwrap());
    let harness_run = async |key: &str, inputs: &[(&str, &str)]| -> Value {
        let outcome = harness().perform(key, &connection, inputs, route()).await;
        let output = outcome
            .ok()
            .unwrap_or_else(|| panic!("{key}: {:?}", outcome.err()));
        serde_json::from_str(output.text()).unwrap()
    };

    // Fetch All, two users a page: every user, across pages, the same as the harness.
    let listed = node(
        &base_url,
        &token,
        &[
            "run",
            "listUsers",
            "--input",
            "limit=2",
            "--input",
            "fetchAll=true",
        ],
    )
    .await;
    let listed = listed.json();
    assert_eq!(
        listed,
        harness_run("listUsers", &[("limit", "2"), ("fetchAll", "true")]).await
    );
    let count = listed["data"].as_array().map_or(0, Vec::len);
    assert!(count > 100, "Fetch All followed the pages: {count} users");

    // Create through Node; the harness reads the same user.
    let created = node(
        &base_url,
        &token,
        &[
            "run",
            "createUser",
            "--input",
            "firstName=Node",
            "--input",
            "lastName=Host",
            "--input",
            "email=node.host@example.com",
            "--input",
            "login=node.host@example.com",
        ],
    )
    .await
    .json();
    let id = created["data"]["id"]
        .as_str()
        .expect("the created user's id")
        .to_owned();
    let got = node(
        &base_url,
        &token,
        &["run", "getUser", "--input", &format!("id={id}")],
    )
    .await;
    assert_eq!(got.json(), harness_run("getUser", &[("id", &id)]).await);
    assert_eq!(
        got.json()["data"]["profile"]["login"],
        "node.host@example.com"
    );

    // The user picklist, with the new user in it.
    let picklist = node(&base_url, &token, &["fetch", "selectUser"])
        .await
        .json();
    let outcome = harness()
        .fetch("selectUser", &connection, NO_INPUTS, route())
        .await;
    let items = serde_json::to_value(&outcome.ok().expect("selectUser").items).unwrap();
    assert_eq!(picklist, items);
    assert!(
        picklist
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["key"] == id.as_str()),
        "{picklist}"
    );

    // Delete through Node; both hosts then see a 404 with the same exit code as okta-harness.
    node(
        &base_url,
        &token,
        &["run", "deleteUser", "--input", &format!("id={id}")],
    )
    .await
    .json();
    let gone = node(
        &base_url,
        &token,
        &["run", "getUser", "--input", &format!("id={id}")],
    )
    .await;
    assert_eq!(gone.code, Some(6), "{}", gone.stderr);
    assert!(
        gone.stderr.starts_with("error: not-found: "),
        "{}",
        gone.stderr
    );
    let outcome = harness()
        .perform("getUser", &connection, &[("id", id.as_str())], route())
        .await;
    let error = outcome
        .err()
        .and_then(|e| e.guest())
        .expect("a guest error");
    assert!(matches!(error.kind, ErrorKind::NotFound { .. }), "{error}");
}
