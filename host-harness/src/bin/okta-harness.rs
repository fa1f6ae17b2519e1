//! `okta-harness`: run the Okta component from the command line. A thin layer over the `okta_harness` library:
//! argument parsing, connection fields from the environment, and printing.

use clap::{Args, Parser, Subcommand};
use okta_harness::describe;
use okta_harness::fake_apps::{self, DEFAULT_REDIRECT_URI};
use okta_harness::fake_org::FakeOrgConfig;
use okta_harness::inputs::{merge_inputs, read_inputs_file};
use okta_harness::listen::{ListenError, ListenEvent, WebhookListener, WebhookTrigger};
use okta_harness::login::{RedirectListener, WaitError, first_redirect, loopback_redirect};
use okta_harness::poller::{PollError, Poller};
use okta_harness::serve::FakeServer;
use okta_harness::session;
use okta_harness::shutdown::stop_signal;
use okta_harness::{
    CallError, CallOptions, Connection, DEFAULT_CONNECTION, ErrorKind, Harness, LoginError,
    LoginStep, Note, Outcome, Route, Session, SessionError, StateFiles, StreamError,
    fake_org_with_oauth_apps, terminal_safe, write_pretty_json,
};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit codes:
  0   success
  1   the harness could not run (no component, unreadable --inputs, unknown connection …)
  2   usage error
  3   invalid-input    the component rejected an input
  4   unauthorized     Okta answered 401
  5   forbidden        Okta answered 403
  6   not-found        Okta answered 404
  7   okta-api         any other Okta error answer
  8   rate-limited     429 after the component's retries
  9   timeout          Okta did not answer in time
  10  transport        the request could not be sent, or the connection broke
  11  the component failed (trap, CPU-time, memory or wall-clock cap, broken contract, host fault)
  12  invalid-response Okta answered, but the answer could not be read
  13  limit-exceeded   one of Okta's fixed limits (25 active event hooks, 300 event types per hook)

Connection fields come from environment variables named after the connection's input keys:
OKTA_ + the key in SCREAMING_SNAKE_CASE (oktaDomain → OKTA_DOMAIN, apiToken → OKTA_API_TOKEN,
clientId → OKTA_CLIENT_ID, privateKey → OKTA_PRIVATE_KEY). Against the fake org (in-process or
--base-url) with none set, the fake org's own credentials are used: its API token, or the OAuth
apps every fake org has (apiToken, oauth2ClientCredentials, oauth2AuthorizationCode).

Connection state (OAuth tokens) is kept between runs in $OKTA_HARNESS_STATE_DIR, else
$XDG_CACHE_HOME/okta-harness, else ~/.cache/okta-harness: one file (mode 0600) per connection
and route, named from a hash of the connection key and its non-secret fields. It is never printed.
The in-process fake org is new for every command: a token stored by an earlier run is refused
once and replaced, and an authorization code connection is authorized on it without a browser
before each run. Against `okta-harness serve` (--base-url) one org keeps its tokens across runs.";

/// Run the Okta Management API component (a WebAssembly component) against a fake Okta org, a loopback server or
/// a real tenant.
#[derive(Parser)]
#[command(name = "okta-harness", version, after_help = EXIT_CODES)]
struct Cli {
    /// The component to load [default: $OKTA_HARNESS_COMPONENT, else the workspace's release build,
    /// target/wasm32-wasip2/release/okta_management.wasm]
    #[arg(long, global = true, value_name = "PATH")]
    component: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the component's manifest: connections, actions, data sources, triggers and their inputs.
    Describe {
        /// The full manifest as JSON, every field included.
        #[arg(long)]
        json: bool,
    },
    /// Run one action and print its output JSON on stdout.
    Run(RunArgs),
    /// Serve the fake Okta org over HTTP/1.1 on 127.0.0.1; prints its base URL, then the API token it accepts.
    Serve {
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// How many users the org starts with [default: the fake org's sample size].
        #[arg(long)]
        users: Option<usize>,
        /// Sign-in events to add to the System Log besides the sample's (for large getSystemLogs runs).
        #[arg(long, default_value_t = 0)]
        log_events: usize,
    },
    /// Authorize an OAuth 2.0 authorization code connection and keep its tokens for later `run`s. Against the
    /// fake org (the default, or --base-url) the flow completes without a browser; with --live it prints the
    /// authorize URL and waits for the redirect (on a loopback redirect URI, or pasted on stdin).
    Login(LoginArgs),
    /// Walk a user through its whole lifecycle, through the component, against the in-process fake org.
    Demo {
        /// The connection to run the demo on (an authorization code connection logs in first).
        #[arg(long, value_name = "CONNECTION_KEY", default_value = DEFAULT_CONNECTION)]
        connection: String,
        /// Show the triggers instead: polls picking up a new user once, and an event hook delivery received by a
        /// local listener.
        #[arg(long, conflicts_with = "connection")]
        triggers: bool,
    },
    /// Fill a data source (picklist) and print its items (label and key) as JSON.
    Picklist {
        /// The data source's key, such as selectGroup (see `okta-harness describe`).
        key: String,
        #[command(flatten)]
        call: CallArgs,
    },
    /// Poll a polling trigger and print its new records as JSON lines, oldest first.
    Poll(PollArgs),
    /// Deploy a webhook trigger to a URL that reaches a local listener, print each delivery's payload as a JSON
    /// line, and undeploy on Ctrl-C or SIGTERM.
    Listen(ListenArgs),
}

/// The inputs, connection and routing options every call takes.
#[derive(Args)]
struct CallArgs {
    /// An input value; repeatable. Lists and objects are given as JSON: --input groupIds='["00g1","00g2"]'.
    #[arg(long = "input", value_name = "KEY=VALUE", value_parser = parse_input)]
    input: Vec<(String, String)>,

    /// The connection to use.
    #[arg(long, value_name = "CONNECTION_KEY", default_value = DEFAULT_CONNECTION)]
    connection: String,

    /// Send requests to this base URL (such as `okta-harness serve`'s) instead of the in-process fake org.
    #[arg(long, value_name = "URL", conflicts_with = "live")]
    base_url: Option<String>,

    /// Send requests to the real Okta domain (https).
    #[arg(long)]
    live: bool,

    /// Print each HTTP exchange (secrets redacted), the guest's log and timings to stderr.
    #[arg(long)]
    trace: bool,
}

#[derive(Args)]
struct PollArgs {
    /// The trigger's key, such as newUsersPollingTrigger.
    key: String,

    /// Keep the trigger's state in this file: read before the first poll, replaced atomically after each poll's
    /// records were printed. Without it every run starts afresh.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,

    /// Poll again every SECONDS until Ctrl-C or SIGTERM (a poll in progress finishes first); once without it.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    every: Option<std::time::Duration>,

    /// With --every: stop after N polls.
    #[arg(long, value_name = "N", requires = "every")]
    count: Option<u64>,

    #[command(flatten)]
    call: CallArgs,
}

#[derive(Args)]
struct ListenArgs {
    /// The webhook trigger's key (eventHook).
    key: String,

    /// The URL Okta is to call, which a tunnel or the platform forwards to the listener. Default: the listener's
    /// own URL, which only an org on this machine reaches (`okta-harness serve`, with --base-url).
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,

    /// The loopback port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,

    #[command(flatten)]
    call: CallArgs,
}

fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 && seconds < 1e9 => {
            Ok(std::time::Duration::from_secs_f64(seconds))
        }
        _ => Err(format!(
            "expected a positive number of seconds, got `{text}`"
        )),
    }
}

#[derive(Args)]
struct LoginArgs {
    /// The connection to authorize.
    #[arg(
        long,
        value_name = "CONNECTION_KEY",
        default_value = "oauth2AuthorizationCode"
    )]
    connection: String,

    /// The redirect URI registered on the app. A loopback http URI is listened on with --live.
    #[arg(long, value_name = "URL", default_value = DEFAULT_REDIRECT_URI)]
    redirect_uri: String,

    /// Log in on the fake org served at this base URL (`okta-harness serve`), without a browser.
    #[arg(long, value_name = "URL", conflicts_with = "live")]
    base_url: Option<String>,

    /// Log in on the real Okta domain: open the printed URL in a browser and sign in.
    #[arg(long)]
    live: bool,

    /// How long --live waits for the redirect, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    timeout: u64,

    /// Print each HTTP exchange (secrets redacted) and the guest's log to stderr.
    #[arg(long)]
    trace: bool,
}

#[derive(Args)]
struct RunArgs {
    /// The action's key, such as listUsers (see `okta-harness describe`).
    action: String,

    /// A JSON object of inputs (`-` reads stdin). Strings are passed as they are, other values as their JSON text,
    /// nulls are left out. --input values override these.
    #[arg(long = "inputs", value_name = "FILE.json")]
    inputs_file: Option<PathBuf>,

    #[command(flatten)]
    call: CallArgs,

    /// For a listing action: print its records one JSON object per line as the pages arrive, reading page by
    /// page with `after` (one bounded call each) in constant memory, whatever the listing's size.
    #[arg(long)]
    ndjson: bool,
}

fn parse_input(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got `{text}`")),
    }
}

/// A failure before or around the call: printed as `error: …`, exit code 1 unless it is the call's own error.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn harness(message: impl ToString) -> Self {
        Failure {
            message: message.to_string(),
            code: 1,
        }
    }

    /// Adds how to resume a streamed listing that failed reading from `after`.
    fn resume_from(mut self, after: Option<String>) -> Self {
        if let Some(after) = after {
            self.message
                .push_str(&format!("\n  resume with: --input after={after}"));
        }
        self
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the tokio runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(dispatch(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("error: {}", terminal_safe(&failure.message));
            }
            ExitCode::from(failure.code)
        }
    }
}

async fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Describe { json } => describe(&load(cli.component)?, json).await,
        Command::Run(args) => run(&load(cli.component)?, args).await,
        Command::Serve {
            port,
            users,
            log_events,
        } => serve(port, users, log_events).await,
        Command::Login(args) => login(&load(cli.component)?, args).await,
        Command::Demo {
            connection,
            triggers,
        } => demo(&load(cli.component)?, &connection, triggers).await,
        Command::Picklist { key, call } => picklist(&load(cli.component)?, &key, call).await,
        Command::Poll(args) => poll(&load(cli.component)?, args).await,
        Command::Listen(args) => listen(&load(cli.component)?, args).await,
    }
}

fn load(component: Option<PathBuf>) -> Result<Harness, Failure> {
    let builder = Harness::builder();
    let builder = match component {
        Some(path) => builder.component(path),
        None => builder,
    };
    builder.build().map_err(Failure::harness)
}

// -------------------------------------------------------------------------------------------------------------
// describe
// -------------------------------------------------------------------------------------------------------------

async fn describe(harness: &Harness, json: bool) -> Result<(), Failure> {
    let manifest = harness.manifest().await.map_err(|e| call_failure(&e))?;
    let mut out = BufWriter::new(io::stdout().lock());
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &manifest)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        describe::write_manifest(&mut out, &manifest)
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Failure::harness(format!("cannot write the manifest: {e}")))
}

// -------------------------------------------------------------------------------------------------------------
// run
// -------------------------------------------------------------------------------------------------------------

async fn run(harness: &Harness, args: RunArgs) -> Result<(), Failure> {
    let file = match &args.inputs_file {
        Some(path) => read_inputs_file(path).map_err(Failure::harness)?,
        None => Vec::new(),
    };
    let inputs = merge_inputs(file, &args.call.input);
    let trace = args.call.trace;
    let Session {
        route,
        connection,
        states,
        authorization_code,
    } = open_call_session(harness, &args.call).await?;
    let login_hint = format!(
        "\n  hint: authorize the connection (again): okta-harness login --connection {}{}",
        connection.key,
        route_flags(&route)
    );
    let options = CallOptions::new(route).trace(trace);
    if args.ndjson {
        return stream_records(harness, &args.action, connection, &inputs, options, &states).await;
    }
    let outcome = harness
        .perform(&args.action, &connection, &inputs, options)
        .await;
    if trace {
        print_trace(&outcome);
    }
    if let Some(state) = outcome.connection_state() {
        save_state(&states, &connection, state, trace);
    }
    match &outcome.result {
        Ok(output) => write_output(output.text()),
        Err(error) => {
            if !trace && matches!(error, CallError::Trap { .. }) {
                print_guest_log(&outcome.stderr);
            }
            let mut failure = call_failure(error);
            let unauthorized = error
                .guest()
                .is_some_and(|g| matches!(g.kind, ErrorKind::Unauthorized { .. }));
            if authorization_code && unauthorized {
                failure.message.push_str(&login_hint);
            }
            Err(failure)
        }
    }
}

/// `run --ndjson`: the listing's records as JSON lines, page by page. A failed page names the cursor to resume
/// from.
async fn stream_records(
    harness: &Harness,
    action: &str,
    connection: Connection,
    inputs: &[(String, String)],
    options: CallOptions,
    states: &StateFiles,
) -> Result<(), Failure> {
    let initial_state = connection.state.clone();
    let trace = options.trace;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut listing = None;
    let result = match harness
        .stream_listing(action, connection, inputs, options)
        .await
    {
        Ok(l) => listing.insert(l).write_lines(&mut out).await,
        Err(e) => Err(e),
    };
    if let Some(l) = &listing {
        save_if_changed(states, l.connection(), &initial_state, trace);
    }
    if let Some(after) = listing
        .as_ref()
        .and_then(|l| l.after())
        .filter(|_| result.is_ok())
    {
        eprintln!("note: the listing continues with --input after={after}");
    }
    match result {
        Ok(()) => Ok(()),
        Err(StreamError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(StreamError::Call { error, after }) => Err(call_failure(&error).resume_from(after)),
        Err(other) => Err(Failure::harness(other)),
    }
}

/// The session for a call on the route the flags name (see [`Session::open`]), with the trace's header and the
/// session's notes (also when it fails) on stderr.
async fn open_call_session(harness: &Harness, args: &CallArgs) -> Result<Session, Failure> {
    let route =
        session::route(args.base_url.as_deref(), args.live, &[]).map_err(Failure::harness)?;
    if args.trace {
        eprintln!(
            "component: {} ({})",
            harness.component_path().display(),
            harness.component_source()
        );
        eprintln!("route: {route}");
    }
    let mut notes = Vec::new();
    let opened = Session::open(harness, route, &args.connection, &mut notes).await;
    print_notes(&notes, args.trace);
    opened.map_err(session_failure)
}

/// Notes on stderr; details (such as where a state was loaded from) only with `--trace`.
fn print_notes(notes: &[Note], trace: bool) {
    for note in notes.iter().filter(|n| trace || !n.is_detail()) {
        eprintln!("{note}");
    }
}

/// Keeps a connection's new state for later runs; returns the file. A file that cannot be written is noted and
/// otherwise ignored (the next run mints a new token).
fn save_state(
    states: &StateFiles,
    connection: &Connection,
    state: &str,
    trace: bool,
) -> Option<PathBuf> {
    match states.save(connection, state) {
        Ok(Some(path)) => {
            if trace {
                eprintln!("connection state: saved to {}", path.display());
            }
            Some(path)
        }
        Ok(None) => None,
        Err(error) => {
            eprintln!("note: {error}");
            None
        }
    }
}

/// [`save_state`] after a run of several calls (a listing, polls, a listener), if they changed the state.
fn save_if_changed(
    states: &StateFiles,
    connection: &Connection,
    before: &Option<String>,
    trace: bool,
) {
    if let Some(state) = connection
        .state
        .as_deref()
        .filter(|_| connection.state != *before)
    {
        save_state(states, connection, state, trace);
    }
}

fn print_trace<T>(outcome: &Outcome<T>) {
    for exchange in &outcome.trace {
        eprintln!("{}", terminal_safe(&exchange.to_string()));
    }
    print_guest_log(&outcome.stderr);
    let cpu = outcome.cpu_time.as_secs_f64() * 1000.0;
    let memory = outcome.memory as f64 / f64::from(1 << 20);
    eprintln!(
        "{} HTTP call(s); guest CPU time {cpu:.2} ms, guest memory {memory:.1} MiB",
        outcome.http_calls
    );
}

fn print_guest_log(log: &str) {
    if !log.trim().is_empty() {
        eprintln!("guest log:");
        for line in log.lines() {
            eprintln!("  {}", terminal_safe(line));
        }
    }
}

fn write_output(json: &str) -> Result<(), Failure> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match write_pretty_json(json, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // `okta-harness run … | head` is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::harness(format!("cannot write the output: {e}"))),
    }
}

/// A session that could not be set up: a call's own error keeps its exit code; a login on a connection that
/// does not log in is a usage error.
fn session_failure(error: SessionError) -> Failure {
    match error {
        SessionError::Manifest(call) => call_failure(&call),
        SessionError::NotAuthorizationCode { .. } => Failure {
            message: error.to_string(),
            code: 2,
        },
        other => Failure::harness(other),
    }
}

/// The error for `error: …` (with Okta's details) and its exit code.
fn call_failure(error: &CallError) -> Failure {
    Failure {
        message: error.with_okta_details(),
        code: exit_code(error),
    }
}

fn exit_code(error: &CallError) -> u8 {
    match error {
        CallError::Guest(guest) => match guest.kind {
            ErrorKind::InvalidInput { .. } => 3,
            ErrorKind::Unauthorized { .. } => 4,
            ErrorKind::Forbidden { .. } => 5,
            ErrorKind::NotFound { .. } => 6,
            ErrorKind::OktaApi { .. } => 7,
            ErrorKind::RateLimited { .. } => 8,
            ErrorKind::Timeout => 9,
            ErrorKind::Transport => 10,
            ErrorKind::InvalidResponse => 12,
            ErrorKind::LimitExceeded { .. } => 13,
            _ => 11,
        },
        CallError::Host { .. } => 1,
        _ => 11,
    }
}

// -------------------------------------------------------------------------------------------------------------
// picklist, poll, listen
// -------------------------------------------------------------------------------------------------------------

async fn picklist(harness: &Harness, key: &str, args: CallArgs) -> Result<(), Failure> {
    let p = open_call_session(harness, &args).await?;
    let options = CallOptions::new(p.route).trace(args.trace);
    let outcome = harness
        .fetch(key, &p.connection, &args.input, options)
        .await;
    if args.trace {
        print_trace(&outcome);
    }
    if let Some(state) = outcome.connection_state() {
        save_state(&p.states, &p.connection, state, args.trace);
    }
    let output = outcome.result.map_err(|e| call_failure(&e))?;
    let json = serde_json::to_string(&output.items)
        .map_err(|e| Failure::harness(format!("cannot write the items: {e}")))?;
    write_output(&json)
}

async fn poll(harness: &Harness, args: PollArgs) -> Result<(), Failure> {
    let p = open_call_session(harness, &args.call).await?;
    let options = CallOptions::new(p.route).trace(args.call.trace);
    let stored = p.connection.state.clone();
    let mut poller = Poller::new(&args.key, p.connection, args.call.input.clone(), options);
    if let Some(path) = &args.state {
        poller = poller
            .with_state_file(path)
            .map_err(|e| Failure::harness(e.to_string()))?;
    }
    let (every, count) = match args.every {
        Some(every) => (every, args.count),
        None => (std::time::Duration::ZERO, Some(1)),
    };
    let trace = args.call.trace;
    let mut stdout = io::stdout();
    let result = poller
        .run(
            harness,
            &mut stdout,
            every,
            count,
            stop_signal(),
            |outcome| {
                if trace {
                    print_trace(outcome);
                }
            },
        )
        .await;
    save_if_changed(&p.states, &poller.connection, &stored, trace);
    match result {
        Ok(_) => Ok(()),
        Err(PollError::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(match error.call_error() {
            Some(call) => call_failure(call),
            None => Failure::harness(error),
        }),
    }
}

async fn listen(harness: &Harness, args: ListenArgs) -> Result<(), Failure> {
    let p = open_call_session(harness, &args.call).await?;
    let listener = WebhookListener::bind(args.port)
        .await
        .map_err(|e| Failure::harness(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let public_url = args.public_url.clone().unwrap_or_else(|| listener.url());
    eprintln!(
        "listening on {}; deploying {} to {public_url} …",
        listener.url(),
        args.key
    );
    let options = CallOptions::new(p.route).trace(args.call.trace);
    let stored = p.connection.state.clone();
    let mut trigger =
        WebhookTrigger::new(&args.key, p.connection, args.call.input.clone(), options);
    let key = args.key.clone();
    let result = trigger
        .listen(harness, listener, &public_url, stop_signal(), |event| {
            report_listen_event(&key, event);
        })
        .await;
    save_if_changed(&p.states, &trigger.connection, &stored, args.call.trace);
    match result {
        Ok(summary) => {
            eprintln!(
                "{} request(s) answered, {} payload(s) printed",
                summary.requests, summary.payloads
            );
            Ok(())
        }
        Err(error) => {
            if args.call.trace {
                match &error {
                    ListenError::Deploy(outcome) => print_trace(outcome),
                    ListenError::Undeploy(outcome) => print_trace(outcome),
                }
            }
            let mut failure = error
                .call_error()
                .map_or_else(|| Failure::harness(&error), call_failure);
            let what = match error {
                ListenError::Deploy(_) => "deploy",
                ListenError::Undeploy(_) => "undeploy",
            };
            failure.message = format!("{what} {key}: {}", failure.message);
            Err(failure)
        }
    }
}

/// Payloads on stdout, one JSON line each (flushed at once, for a pipe); everything else on stderr.
fn report_listen_event(key: &str, event: ListenEvent) {
    match event {
        ListenEvent::Deployed { public_url } => {
            eprintln!("deployed {key} to {public_url}; Ctrl-C or SIGTERM undeploys and stops");
        }
        ListenEvent::Answered {
            method,
            status,
            payload,
        } => {
            if let Some(payload) = payload {
                let mut stdout = io::stdout().lock();
                let _ = writeln!(stdout, "{payload}").and_then(|()| stdout.flush());
            }
            eprintln!("{method} → {status}");
        }
        ListenEvent::Failed { method, error } => {
            eprintln!("{method} → 500: handle-webhook failed: {error}");
        }
        ListenEvent::Undeployed => eprintln!("undeployed {key}"),
    }
}

// -------------------------------------------------------------------------------------------------------------
// serve and demo
// -------------------------------------------------------------------------------------------------------------

async fn serve(port: u16, users: Option<usize>, log_events: usize) -> Result<(), Failure> {
    let org = okta_harness::serve::org_to_serve(users, log_events);
    let server = FakeServer::bind(org.clone(), port)
        .await
        .map_err(|e| Failure::harness(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    // Exactly two lines on stdout, flushed at once: tools read them to find the server.
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{}\n{}", server.base_url(), org.api_token())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::harness(format!("cannot write to stdout: {e}")))?;
    drop(stdout);
    eprintln!(
        "serving a fake Okta org with {} users; Ctrl-C stops",
        org.user_count()
    );
    eprintln!(
        "OAuth apps: service app {} (private_key_jwt, DPoP), web app {} (redirect URIs {}); \
         `run --base-url` and `login --base-url` use them when no OKTA_* variable is set",
        fake_apps::SERVICE_CLIENT_ID,
        fake_apps::WEB_CLIENT_ID,
        fake_apps::WEB_REDIRECT_URIS.join(", ")
    );
    server
        .serve_until(stop_signal())
        .await
        .map_err(|e| Failure::harness(format!("the server failed: {e}")))
}

async fn demo(harness: &Harness, connection: &str, triggers: bool) -> Result<(), Failure> {
    let org = fake_org_with_oauth_apps(FakeOrgConfig {
        clock: okta_harness::tokio_clock(),
        ..FakeOrgConfig::default()
    });
    let mut out = io::stdout();
    if triggers {
        return okta_harness::trigger_demo::run_triggers(harness, &org, &mut out)
            .await
            .map(|_| ())
            .map_err(Failure::harness);
    }
    okta_harness::demo::run_on(harness, &org, connection, &mut out)
        .await
        .map(|_| ())
        .map_err(Failure::harness)
}

// -------------------------------------------------------------------------------------------------------------
// login
// -------------------------------------------------------------------------------------------------------------

async fn login(harness: &Harness, args: LoginArgs) -> Result<(), Failure> {
    let redirect_uri = args.redirect_uri.as_str();
    let route = session::route(args.base_url.as_deref(), args.live, &[redirect_uri])
        .map_err(Failure::harness)?;
    let mut notes = Vec::new();
    let found = session::login_connection(harness, &route, &args.connection, &mut notes).await;
    print_notes(&notes, args.trace);
    let connection = found.map_err(session_failure)?;
    let options = CallOptions::new(route.clone()).trace(args.trace);
    let report = |step: LoginStep<'_>| match step {
        LoginStep::Started(outcome) if args.trace => print_trace(outcome),
        LoginStep::Finished(outcome) if args.trace => print_trace(outcome),
        LoginStep::Following { url } => eprintln!("authorize URL: {url}"),
        LoginStep::Followed => {
            eprintln!("authorize: {route} consented and redirected to {redirect_uri}")
        }
        _ => {}
    };
    let person = async |url: &str| {
        eprintln!("Open this URL in a browser and sign in to Okta:\n\n  {url}\n");
        wait_for_redirect(redirect_uri, args.timeout)
            .await
            .map_err(LoginError::NoRedirect)
    };
    let state = harness
        .log_in(&connection, redirect_uri, &options, report, person)
        .await
        .map_err(|error| match error {
            LoginError::Call(call) => call_failure(&call),
            other => Failure::harness(other),
        })?;
    let states = StateFiles::from_env(&route);
    if !states.is_kept() {
        eprintln!("{}", Note::StatesNotKept);
    }
    let saved = save_state(&states, &connection, state.as_str(), args.trace);
    let client = connection.field("clientId").unwrap_or("?");
    println!(
        "Logged in: {} (client {client}) on {route}; the code was exchanged for tokens.",
        connection.key
    );
    match (saved, &route) {
        (Some(path), Route::Fake(_)) => println!(
            "Connection state saved to {}. The in-process fake org lives only for this command, so a later run \
             against it authorizes again by itself; log in with --base-url on an `okta-harness serve` org to keep \
             one org's tokens across runs.",
            path.display()
        ),
        (Some(path), _) => println!(
            "Connection state saved to {}; `okta-harness run … --connection {}{}` uses it.",
            path.display(),
            connection.key,
            route_flags(&route)
        ),
        (None, _) => {
            println!("The connection state could not be saved; later runs will not have it.")
        }
    }
    Ok(())
}

/// The flags that select `route` again in a later command.
fn route_flags(route: &Route) -> String {
    match route {
        Route::Fake(_) => String::new(),
        Route::BaseUrl(uri) => format!(" --base-url {uri}"),
        Route::Live => " --live".to_owned(),
    }
}

/// The redirect after a person signed in: caught on a loopback redirect URI, or pasted on stdin, whichever
/// comes first.
async fn wait_for_redirect(redirect_uri: &str, timeout: u64) -> Result<String, String> {
    let listener = match loopback_redirect(redirect_uri) {
        Some(_) => match RedirectListener::bind(redirect_uri).await {
            Ok(listener) => {
                eprintln!("Waiting for the redirect to {redirect_uri} …");
                Some(listener)
            }
            Err(e) => {
                eprintln!("note: cannot listen on {redirect_uri} ({e})");
                None
            }
        },
        None => None,
    };
    eprintln!("… or paste the URL the browser was redirected to, then press Enter:");
    let (sender, pasted) = tokio::sync::oneshot::channel();
    // A plain thread: stdin blocks, and the process ends (dropping it) once the redirect came in another way.
    std::thread::spawn(move || {
        let mut line = String::new();
        if io::stdin().read_line(&mut line).is_ok() && !line.trim().is_empty() {
            let _ = sender.send(line.trim().to_owned());
        }
    });
    let limit = std::time::Duration::from_secs(timeout);
    first_redirect(listener, async { pasted.await.ok() }, limit)
        .await
        .map_err(|e| match e {
            WaitError::TimedOut(_) => format!("{e} (--timeout)"),
            _ => e.to_string(),
        })
}
