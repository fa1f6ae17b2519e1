//! The `okta-harness` command line, as a user runs it: the built binary and the built component.

use okta_harness::fake_apps;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
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
    // Connection states go to a directory of this test run, never to the user's cache.
    command.env(
        "OKTA_HARNESS_STATE_DIR",
        std::env::temp_dir().join(format!("okta-harness-cli-{}", std::process::id())),
    );
    command
}

/// An empty directory of its own for a test's connection states, removed when dropped.
struct StateDir(PathBuf);

impl StateDir {
    fn new(name: &str) -> StateDir {
        let dir =
            std::env::temp_dir().join(format!("okta-harness-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        StateDir(dir)
    }

    /// The state files in it.
    fn files(&self) -> Vec<PathBuf> {
        match std::fs::read_dir(&self.0) {
            Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// `okta-harness ARGS` with its states here.
    fn run(&self, args: &[&str]) -> Output {
        harness()
            .args(args)
            .env("OKTA_HARNESS_STATE_DIR", &self.0)
            .output()
            .expect("okta-harness runs")
    }
}

impl Drop for StateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The secrets of the fake org's OAuth apps, which no output may show.
fn assert_no_secret(output: &Output, states: &StateDir) {
    let shown = format!("{}{}", text(&output.stdout), text(&output.stderr));
    let key_lines = fake_apps::SERVICE_PRIVATE_KEY
        .lines()
        .filter(|l| !l.starts_with("-----"));
    for secret in key_lines.chain([fake_apps::WEB_CLIENT_SECRET]) {
        assert!(!shown.contains(secret), "{secret} is shown:\n{shown}");
    }
    for file in states.files() {
        let state = std::fs::read_to_string(file).unwrap();
        let state: serde_json::Value = serde_json::from_str(&state).unwrap();
        for key in ["access_token", "refresh_token", "dpop_key"] {
            if let Some(secret) = state[key].as_str() {
                assert!(!shown.contains(secret), "the {key} is shown:\n{shown}");
            }
        }
    }
}

/// Whether a traced run asked the token endpoint for a token.
fn minted(output: &Output) -> bool {
    text(&output.stderr).contains("POST https://fake-org.okta.com/oauth2/v1/token")
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
fn terminal_escapes_okta_echoes_are_shown_not_run() {
    // Okta's 404 summary echoes the ID; an ID holding escape sequences must not retitle or clear the terminal.
    let id = "x\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let output = run(&["run", "getUser", "--input", &format!("id={id}"), "--trace"]);
    assert_eq!(output.status.code(), Some(6), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}]0;pwned"), "{stderr}");
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
fn run_ndjson_streams_a_listing_one_record_a_line_page_by_page() {
    let server = serve("450");
    let listing = |action: &str, inputs: &[&str]| {
        let mut command = harness();
        command.args(["run", action, "--ndjson", "--base-url", &server.1]);
        for input in inputs {
            command.args(["--input", input]);
        }
        command
            .env("OKTA_DOMAIN", "fake-org.okta.com")
            .env("OKTA_API_TOKEN", &server.2)
            .output()
            .unwrap()
    };
    let output = listing("listUsers", &["fetchAll=true", "limit=100", "search=id pr"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let ids: std::collections::HashSet<String> = stdout
        .lines()
        .map(|line| {
            let user: serde_json::Value = serde_json::from_str(line).unwrap();
            user["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!((stdout.lines().count(), ids.len()), (450, 450));

    let not_a_listing = listing("getUser", &["id=admin@example.com"]);
    assert_eq!(not_a_listing.status.code(), Some(1));
    assert!(
        text(&not_a_listing.stderr).contains("getUser is not a listing action"),
        "{}",
        text(&not_a_listing.stderr)
    );
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

#[test]
fn demo_runs_on_both_oauth_connections() {
    for connection in ["oauth2ClientCredentials", "oauth2AuthorizationCode"] {
        let output = run(&["demo", "--connection", connection]);
        let stdout = text(&output.stdout);
        assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
        assert!(stdout.contains(connection), "{stdout}");
        assert!(
            stdout.contains("Demo passed") && stdout.contains("1 access token"),
            "{stdout}"
        );
    }
}

#[test]
fn an_oauth_run_works_out_of_the_box_and_keeps_its_state_privately() {
    let states = StateDir::new("in-process");
    let args = [
        "run",
        "getUser",
        "--input",
        "id=me",
        "--connection",
        "oauth2ClientCredentials",
    ];
    for _ in 0..2 {
        let output = states.run(&args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["data"]["profile"]["login"], "admin@example.com");
        assert_no_secret(&output, &states);
    }
    let files = states.files();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("oauth2ClientCredentials-"), "{name}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn the_token_one_run_minted_is_reused_by_the_next_on_a_served_org() {
    let server = serve("20");
    let states = StateDir::new("served");
    let args = [
        "run",
        "getUser",
        "--input",
        "id=me",
        "--connection",
        "oauth2ClientCredentials",
        "--trace",
        "--base-url",
        &server.1,
    ];
    let first = states.run(&args);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(minted(&first), "{}", text(&first.stderr));
    let second = states.run(&args);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(
        !minted(&second),
        "the second run reuses the token:\n{}",
        text(&second.stderr)
    );
    assert!(
        text(&second.stderr).contains("1 HTTP call(s)"),
        "{}",
        text(&second.stderr)
    );
    assert_no_secret(&first, &states);
    assert_no_secret(&second, &states);
}

#[test]
fn login_on_a_served_org_hands_its_tokens_to_later_runs() {
    let server = serve("20");
    let states = StateDir::new("login");
    let login = states.run(&[
        "login",
        "--connection",
        "oauth2AuthorizationCode",
        "--base-url",
        &server.1,
    ]);
    assert!(
        login.status.success(),
        "{}{}",
        text(&login.stdout),
        text(&login.stderr)
    );
    assert!(
        text(&login.stdout).contains("Logged in"),
        "{}",
        text(&login.stdout)
    );
    assert_eq!(states.files().len(), 1);
    assert_no_secret(&login, &states);
    let run = states.run(&[
        "run",
        "listUsers",
        "--input",
        "limit=2",
        "--connection",
        "oauth2AuthorizationCode",
        "--base-url",
        &server.1,
        "--trace",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        !minted(&run),
        "the run uses the login's token:\n{}",
        text(&run.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(json["data"].as_array().unwrap().len(), 2);
    assert_no_secret(&run, &states);
}

#[test]
fn login_completes_without_a_browser_against_the_fake_org() {
    let states = StateDir::new("login-fake");
    let login = states.run(&["login"]);
    assert!(
        login.status.success(),
        "{}{}",
        text(&login.stdout),
        text(&login.stderr)
    );
    assert!(text(&login.stdout).contains("Logged in: oauth2AuthorizationCode"));
    assert_no_secret(&login, &states);
    // A run on the in-process org (new for every command) authorizes again by itself.
    let run = states.run(&[
        "run",
        "getUser",
        "--input",
        "id=me",
        "--connection",
        "oauth2AuthorizationCode",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_no_secret(&run, &states);

    let not_authorization_code = states.run(&["login", "--connection", "apiToken"]);
    assert_eq!(not_authorization_code.status.code(), Some(2));
    assert!(text(&not_authorization_code.stderr).contains("authorization code"));
}

#[test]
fn a_run_on_a_served_org_without_login_says_to_log_in() {
    let server = serve("5");
    let states = StateDir::new("no-login");
    let run = states.run(&[
        "run",
        "getUser",
        "--input",
        "id=me",
        "--connection",
        "oauth2AuthorizationCode",
        "--base-url",
        &server.1,
    ]);
    assert_eq!(run.status.code(), Some(4), "{}", text(&run.stderr));
    assert!(
        text(&run.stderr).contains("okta-harness login"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn login_live_prints_the_url_and_takes_a_pasted_redirect() {
    use std::io::Write;
    let states = StateDir::new("live");
    // The redirect is checked before anything is sent, so this needs no network: a forged state and Okta's
    // refusal are both reported as the callback input's error.
    for (pasted, expected) in [
        (
            "http://127.0.0.1:8765/callback?code=abc&state=forged",
            "state",
        ),
        (
            "http://127.0.0.1:8765/callback?error=access_denied&state=x",
            "access_denied",
        ),
    ] {
        let mut child = harness()
            .args([
                "login",
                "--live",
                "--redirect-uri",
                "http://127.0.0.1:0/callback",
            ])
            .env("OKTA_HARNESS_STATE_DIR", &states.0)
            .env("OKTA_DOMAIN", "example.okta.com")
            .env("OKTA_CLIENT_ID", "0oalive")
            .env("OKTA_CLIENT_SECRET", "live-secret-never-shown")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{pasted}").unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{stderr}");
        assert!(
            stderr.contains("https://example.okta.com/oauth2/v1/authorize?client_id=0oalive"),
            "{stderr}"
        );
        assert!(
            stderr.contains("callback") && stderr.contains(expected),
            "{stderr}"
        );
        assert!(!stderr.contains("live-secret-never-shown"), "{stderr}");
    }
    assert!(states.files().is_empty());
}

#[test]
fn picklist_prints_the_items_as_json() {
    let output = run(&["picklist", "selectGroup"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let items: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert!(item["label"].is_string(), "{item}");
        assert!(item["key"].as_str().unwrap().starts_with("00g"), "{item}");
    }
    let unknown = run(&["picklist", "selectNothing"]);
    assert_eq!(unknown.status.code(), Some(3), "{}", text(&unknown.stderr));
}

#[test]
fn poll_and_listen_report_the_components_errors_with_their_exit_codes() {
    let poll = run(&["poll", "noSuchTrigger"]);
    assert_eq!(poll.status.code(), Some(3), "{}", text(&poll.stderr));
    assert!(poll.stdout.is_empty());
    let listen = run(&["listen", "noSuchTrigger"]);
    let stderr = text(&listen.stderr);
    assert_eq!(listen.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("listening on http://127.0.0.1:")
            && stderr.contains("deploy noSuchTrigger"),
        "{stderr}"
    );
    let usage = run(&["poll", "newUsersPollingTrigger", "--count", "2"]);
    assert_eq!(usage.status.code(), Some(2), "--count needs --every");
    let usage = run(&["poll", "newUsersPollingTrigger", "--every", "0"]);
    assert_eq!(usage.status.code(), Some(2));
}

/// Reads a child's stream line by line on a thread of its own; `until` waits (bounded) for a line with `text`.
struct Lines {
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Lines {
    fn new(stream: impl std::io::Read + Send + 'static) -> Lines {
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Lines {
            lines,
            seen: Vec::new(),
        }
    }

    /// The next line containing `text`; panics with everything seen when the stream ends first (or after a
    /// minute, a guard against a hung child, not a timing assertion).
    fn until(&mut self, text: &str) -> String {
        loop {
            match self.lines.recv_timeout(std::time::Duration::from_secs(60)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => panic!("no line with {text:?}; seen:\n{}", self.seen.join("\n")),
            }
        }
    }
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn listen_on_a_served_org_prints_the_delivery_of_a_user_created_by_run() {
    let server = serve("5");
    let mut listen = harness()
        .args(["listen", "eventHook", "--base-url", &server.1])
        .args(["--input", r#"items=["user.lifecycle.create"]"#])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = Lines::new(listen.stderr.take().unwrap());
    let mut stdout = Lines::new(listen.stdout.take().unwrap());
    stderr.until("deployed eventHook to http://127.0.0.1:");
    let hooks = harness()
        .args(["run", "listEventHooks", "--base-url", &server.1])
        .output()
        .unwrap();
    let hooks: serde_json::Value = serde_json::from_slice(&hooks.stdout).unwrap();
    assert_eq!(
        hooks["data"][0]["verificationStatus"], "VERIFIED",
        "{hooks}"
    );

    let created = harness()
        .args(["run", "createUser", "--base-url", &server.1])
        .args(["--input", "firstName=Ada", "--input", "lastName=Hook"])
        .args([
            "--input",
            "email=ada.hook@example.com",
            "--input",
            "login=ada.hook@example.com",
        ])
        .args(["--input", "activate=false"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", text(&created.stderr));
    let created: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    let id = created["data"]["id"].as_str().unwrap();
    let line = stdout.until(id);
    let payload: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert!(line.contains("user.lifecycle.create"), "{payload}");
    assert!(line.contains("eventId"), "{payload}");

    terminate(&listen);
    stderr.until("undeployed eventHook");
    let status = listen.wait().unwrap();
    assert!(status.success(), "{}", stderr.seen.join("\n"));
    let hooks = harness()
        .args(["run", "listEventHooks", "--base-url", &server.1])
        .output()
        .unwrap();
    let hooks: serde_json::Value = serde_json::from_slice(&hooks.stdout).unwrap();
    assert_eq!(
        hooks["data"],
        serde_json::json!([]),
        "undeployed: no hook left"
    );
}

#[test]
fn poll_keeps_its_state_in_a_file_and_returns_each_user_once() {
    let server = serve("5");
    let states = StateDir::new("poll");
    std::fs::create_dir_all(&states.0).unwrap();
    let file = states.0.join("users.state");
    let file = file.to_str().unwrap();
    let poll = || {
        let output = states.run(&[
            "poll",
            "newUsersPollingTrigger",
            "--state",
            file,
            "--base-url",
            &server.1,
        ]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    assert_eq!(poll(), "", "the first poll starts from now");
    assert!(std::fs::metadata(file).is_ok(), "the state is saved");
    // Okta's `created` times have whole seconds and the first poll starts after the second it ran in: the user
    // is created in a later second (the served org runs on the real clock).
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    let created = harness()
        .args(["run", "createUser", "--base-url", &server.1])
        .args(["--input", "firstName=Poll", "--input", "lastName=Ed"])
        .args([
            "--input",
            "email=polled@example.com",
            "--input",
            "login=polled@example.com",
        ])
        .args(["--input", "activate=false"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", text(&created.stderr));
    let records = poll();
    let lines: Vec<serde_json::Value> = records
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{records}");
    assert_eq!(lines[0]["profile"]["login"], "polled@example.com");
    assert_eq!(poll(), "", "nothing twice");

    let repeated = states.run(&[
        "poll",
        "newUsersPollingTrigger",
        "--state",
        file,
        "--base-url",
        &server.1,
        "--every",
        "0.05",
        "--count",
        "3",
    ]);
    assert!(repeated.status.success(), "{}", text(&repeated.stderr));
    assert_eq!(text(&repeated.stdout), "");
}

#[test]
fn demo_triggers_shows_a_poll_and_a_delivery() {
    let output = run(&["demo", "--triggers"]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("Triggers demo passed"), "{stdout}");
    assert!(stdout.contains("delivery received"), "{stdout}");
}

#[test]
fn a_polling_run_stopped_by_sigterm_neither_repeats_nor_loses_records() {
    let server = serve("5");
    let states = StateDir::new("poll-every");
    std::fs::create_dir_all(&states.0).unwrap();
    let file = states.0.join("users.state");
    let file = file.to_str().unwrap();
    let mut polling = harness()
        .args([
            "poll",
            "newUsersPollingTrigger",
            "--state",
            file,
            "--every",
            "0.1",
        ])
        .args(["--base-url", &server.1])
        .env("OKTA_HARNESS_STATE_DIR", &states.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = Lines::new(polling.stdout.take().unwrap());
    let _stderr = Lines::new(polling.stderr.take().unwrap());
    // The first poll has run once its state is saved. Okta's `created` times have whole seconds and the first
    // poll starts after the second it ran in, so the user is created in a later second.
    for waited in 0.. {
        if std::fs::metadata(file).is_ok() {
            break;
        }
        assert!(waited < 3_000, "no state after a minute");
        assert!(polling.try_wait().unwrap().is_none(), "poll ended early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    let created = harness()
        .args(["run", "createUser", "--base-url", &server.1])
        .args(["--input", "firstName=Run", "--input", "lastName=Ning"])
        .args([
            "--input",
            "email=running@example.com",
            "--input",
            "login=running@example.com",
        ])
        .args(["--input", "activate=false"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", text(&created.stderr));
    stdout.until("running@example.com");
    terminate(&polling);
    assert!(polling.wait().unwrap().success());
    let again = states.run(&[
        "poll",
        "newUsersPollingTrigger",
        "--state",
        file,
        "--base-url",
        &server.1,
    ]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(
        text(&again.stdout),
        "",
        "the stopped run saved the state of what it printed"
    );
}
