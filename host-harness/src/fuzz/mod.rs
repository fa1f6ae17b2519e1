//! A fuzzer for the component: every action, data source and polling trigger the manifest lists, called through
//! the built `.wasm` with generated inputs (`inputs.rs`) against a fresh fake org that answers some requests with
//! generated faults (`answers.rs`), each call checked against one property (`check.rs`).
//!
//! * **Manifest-driven.** The targets and their inputs come from `get-manifest`, so a new action, data source or
//!   polling trigger is fuzzed as soon as it is declared. IDs for inputs with a data source come from calling that
//!   data source once on an untouched org, so many calls reach Okta with IDs that exist.
//! * **Deterministic.** Case `index` of seed `seed` is generated from `Rng::for_case(seed, index)` alone and runs
//!   on its own org, so `okta-fuzz --seed S --case I` reruns exactly the case a failure printed.
//! * **Virtual time.** Cases run on paused tokio runtimes (the harness and the fake org follow tokio's clock), so
//!   slow replies, retries and rate-limit waits cost no real time, and a call that never ends meets the harness's
//!   wall-clock cap as a hang instead of blocking the run.

mod answers;
mod check;
mod inputs;
mod rng;

pub use check::{Verdict, Violation, ViolationKind};
pub use rng::Rng;

use crate::fake_apps::{SERVICE_PRIVATE_KEY, fake_org_with_oauth_apps};
use crate::fake_org::{FakeOrg, FakeOrgConfig, Fault};
use crate::{
    CallError, CallOptions, Connection, Harness, InputDef, Limits, Manifest, Outcome, Route,
    TriggerKind, tokio_clock,
};
use check::Observed;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Users seeded in each case's org: enough for listings to page, few enough to build in microseconds.
const ORG_USERS: usize = 12;

/// The wall-clock cap of a call when the harness sets none: above the component's own budget per call.
const DEFAULT_WALL_TIME: Duration = Duration::from_secs(300);

/// The API token of every case's org (a secret the check looks for).
const API_TOKEN: &str = "fuzz-api-token-7c1e5a9b3d";

/// What a case calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Action(String),
    DataSource(String),
    /// A polling trigger.
    Poll(String),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Action(key) => write!(f, "action {key}"),
            Target::DataSource(key) => write!(f, "data source {key}"),
            Target::Poll(key) => write!(f, "poll {key}"),
        }
    }
}

/// One generated call: what it calls, on which connection, with which inputs, and the org's faults.
#[derive(Clone, Debug)]
pub struct Case {
    pub seed: u64,
    pub index: u64,
    pub target: Target,
    pub connection: Connection,
    pub inputs: Vec<(String, String)>,
    /// The state passed to a poll.
    pub poll_state: Option<String>,
    pub faults: Vec<Fault>,
}

impl Case {
    fn oauth(&self) -> bool {
        self.connection.key != "apiToken"
    }
}

impl fmt::Display for Case {
    /// The case for a person: long values shortened (the seed and index reproduce it exactly).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "case {} of seed {}: {}",
            self.index, self.seed, self.target
        )?;
        write!(f, "  connection {}:", self.connection.key)?;
        for (key, value) in &self.connection.fields {
            // Secret fields show their length only (the seed and index give the value).
            if crate::is_secret_key(key) {
                write!(f, " {key}=*** ({} chars)", value.chars().count())?;
            } else {
                write!(f, " {key}={}", shorten(value))?;
            }
        }
        writeln!(f)?;
        for (key, value) in &self.inputs {
            writeln!(f, "  input {} = {}", shorten(key), shorten(value))?;
        }
        if let Some(state) = &self.poll_state {
            writeln!(f, "  poll state {}", shorten(state))?;
        }
        for fault in &self.faults {
            writeln!(f, "  fault {}", answers::describe(fault))?;
        }
        write!(
            f,
            "  rerun: ./dev fuzz --seed {} --case {}",
            self.seed, self.index
        )
    }
}

/// A value in quotes, cut after 80 characters when long (with its length).
fn shorten(value: &str) -> String {
    let chars = value.chars().count();
    if chars <= 160 {
        return format!("{value:?}");
    }
    let head: String = value.chars().take(80).collect();
    format!("{head:?}… ({chars} chars)")
}

/// The fuzzer: the harness, the targets from its manifest, and IDs that exist in a fresh org.
pub struct Fuzzer {
    harness: Harness,
    manifest: Manifest,
    targets: Vec<Target>,
    /// Data source key → the item keys it returned on an untouched org.
    known: HashMap<String, Vec<String>>,
    limits: Limits,
}

impl Fuzzer {
    /// Reads the manifest and fills every data source once. Call it inside a tokio runtime.
    pub async fn new(harness: Harness) -> Result<Fuzzer, CallError> {
        let manifest = harness.manifest().await?;
        let mut targets: Vec<Target> = Vec::new();
        targets.extend(
            manifest
                .actions
                .iter()
                .map(|a| Target::Action(a.key.clone())),
        );
        targets.extend(
            manifest
                .data_sources
                .iter()
                .map(|d| Target::DataSource(d.key.clone())),
        );
        targets.extend(
            manifest
                .triggers
                .iter()
                .filter(|t| t.kind == TriggerKind::Polling)
                .map(|t| Target::Poll(t.key.clone())),
        );
        let org = new_org(false);
        let connection = api_token_connection();
        let mut known = HashMap::new();
        for source in &manifest.data_sources {
            let options = CallOptions::new(Route::Fake(org.clone()));
            let outcome = harness
                .fetch(&source.key, &connection, crate::NO_INPUTS, options)
                .await;
            let keys = outcome
                .ok()
                .map(|o| o.items.iter().map(|i| i.key.clone()).collect())
                .unwrap_or_default();
            known.insert(source.key.clone(), keys);
        }
        // The harness's caps, with a wall-clock cap even if it has none: a call that outlasts it is a hang.
        let limits = Limits {
            wall_time: harness.limits().wall_time.or(Some(DEFAULT_WALL_TIME)),
            ..*harness.limits()
        };
        Ok(Fuzzer {
            harness,
            manifest,
            targets,
            known,
            limits,
        })
    }

    /// The targets, in manifest order: actions, data sources, polling triggers.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// Case `index` of the run seeded with `seed`.
    pub fn case(&self, seed: u64, index: u64) -> Case {
        let mut rng = Rng::for_case(seed, index);
        let target = rng.pick(&self.targets).clone();
        let connection = connection(&mut rng);
        let inputs = self.inputs(&mut rng, self.declared(&target));
        let poll_state = match target {
            Target::Poll(_) if rng.chance(50) => Some(if rng.chance(50) {
                inputs::hostile(&mut rng)
            } else {
                "{}".to_owned()
            }),
            _ => None,
        };
        let faults = answers::faults(&mut rng);
        Case {
            seed,
            index,
            target,
            connection,
            inputs,
            poll_state,
            faults,
        }
    }

    /// The inputs `target` declares (the platform's `connection` input aside: the connection goes separately).
    fn declared(&self, target: &Target) -> Vec<&InputDef> {
        let inputs = match target {
            Target::Action(key) => self.manifest.action(key).map(|a| &a.inputs),
            Target::DataSource(key) => self.manifest.data_source(key).map(|d| &d.inputs),
            Target::Poll(key) => self.manifest.trigger(key).map(|t| &t.inputs),
        };
        inputs
            .into_iter()
            .flatten()
            .filter(|i| i.input_type != crate::InputType::Connection)
            .collect()
    }

    /// Values for the declared inputs (required ones now and then missing, optional ones often absent), then
    /// sometimes inputs nobody declared.
    fn inputs(&self, rng: &mut Rng, declared: Vec<&InputDef>) -> Vec<(String, String)> {
        let mut inputs: Vec<(String, String)> = Vec::new();
        for def in declared {
            if rng.chance(if def.required { 92 } else { 35 }) {
                inputs.push((def.key.clone(), inputs::value(rng, def, &self.known)));
            }
        }
        if rng.chance(8) {
            for _ in 0..rng.between(1, 3) {
                let value = inputs::hostile(rng);
                inputs.push((inputs::extra_key(rng), value));
            }
        }
        if rng.chance(3) && !inputs.is_empty() {
            let (key, _) = inputs[rng.below(inputs.len())].clone();
            inputs.push((key, inputs::hostile(rng)));
        }
        inputs
    }

    /// Runs one case on its own org and checks the property.
    pub async fn run(&self, case: &Case) -> Verdict {
        self.run_observed(case).await.0
    }

    /// [`Fuzzer::run`], with the call's trace and log for a report.
    pub async fn run_observed(&self, case: &Case) -> (Verdict, String) {
        let org = new_org(case.oauth());
        for fault in &case.faults {
            org.inject(fault.clone());
        }
        let options = CallOptions::new(Route::Fake(org.clone()))
            .trace(true)
            .limits(self.limits);
        let (h, c, inputs) = (&self.harness, &case.connection, &case.inputs);
        let observed = match &case.target {
            Target::Action(key) => observed(h.perform(key, c, inputs, options).await, |o| {
                o.text().to_owned()
            }),
            Target::DataSource(key) => observed(h.fetch(key, c, inputs, options).await, |o| {
                serde_json::to_string(&o.items).unwrap_or_default()
            }),
            Target::Poll(key) => {
                let state = case.poll_state.as_deref();
                observed(h.poll(key, c, inputs, state, options).await, |o| {
                    format!("{} {}", o.records, o.state)
                })
            }
        };
        let secrets = secrets(case, &org);
        let domain = case.connection.field("oktaDomain").unwrap_or_default();
        let verdict = check::verdict(&observed, &secrets, &check::Org::new(domain, case.oauth()));
        let report = format!(
            "{}\n{}\n--- guest log\n{}",
            match &observed.result {
                Ok(output) => format!("output: {}", shorten(output)),
                Err(error) => format!("error: {}", shorten(&error.to_string())),
            },
            observed
                .trace
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            observed.stderr
        );
        (verdict, report)
    }

    /// Runs cases `first..first + count` of `seed` on `threads` threads, each with its own paused tokio runtime,
    /// and counts the verdicts. `progress` is called after each case with the number done so far. Call it outside
    /// any tokio runtime.
    pub fn run_many(
        &self,
        seed: u64,
        first: u64,
        count: u64,
        threads: usize,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Tally {
        let tally = Mutex::new(Tally::default());
        let done = AtomicU64::new(0);
        let threads = threads.max(1) as u64;
        std::thread::scope(|scope| {
            for worker in 0..threads {
                let (tally, done) = (&tally, &done);
                scope.spawn(move || {
                    let mut index = first + worker;
                    while index < first + count {
                        let case = self.case(seed, index);
                        let started = Instant::now();
                        let verdict = self.run_isolated(&case);
                        let elapsed = started.elapsed();
                        lock(tally).count(&case, verdict, elapsed);
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                        index += threads;
                    }
                });
            }
        });
        tally.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Fuzzer {
    /// Runs one case on a runtime of its own; a panic in the host (the harness, the fake org) while it runs is
    /// that case's violation, so one harness bug neither ends a long run nor hides the cases after it.
    fn run_isolated(&self, case: &Case) -> Verdict {
        let run = std::panic::AssertUnwindSafe(|| {
            paused_runtime()
                .map(|runtime| runtime.block_on(self.run(case)))
                .map_err(|e| format!("cannot start a runtime: {e}"))
        });
        let failed = |detail: String| {
            Verdict::Violation(Violation {
                kind: ViolationKind::HostPanic,
                detail,
            })
        };
        match std::panic::catch_unwind(run) {
            Ok(Ok(verdict)) => verdict,
            Ok(Err(why)) => failed(why),
            Err(panic) => failed(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "a panic without a message".to_owned()),
            ),
        }
    }
}

/// A current-thread tokio runtime whose clock is paused: it jumps ahead whenever every task waits on a timer.
pub fn paused_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
}

/// What a run found: verdicts counted by label, the first violations in full, and the slowest case.
#[derive(Debug, Default)]
pub struct Tally {
    pub counts: BTreeMap<String, u64>,
    /// The first [`Tally::KEPT`] violations: the case as printed, and what broke.
    pub violations: Vec<(String, Violation)>,
    /// How many cases broke the property.
    pub violation_count: u64,
    /// The case that took longest in real time, and how long.
    pub slowest: Option<(u64, Duration)>,
}

impl Tally {
    /// How many violations are kept in full.
    pub const KEPT: usize = 20;

    fn count(&mut self, case: &Case, verdict: Verdict, elapsed: Duration) {
        *self.counts.entry(verdict.label()).or_default() += 1;
        if self.slowest.is_none_or(|(_, d)| elapsed > d) {
            self.slowest = Some((case.index, elapsed));
        }
        if let Verdict::Violation(violation) = verdict {
            self.violation_count += 1;
            if self.violations.len() < Self::KEPT {
                self.violations.push((case.to_string(), violation));
            }
        }
    }

    /// Cases run.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// How many cases ended with this label (`ok`, `error:not-found`, `VIOLATION:trap` …).
    pub fn get(&self, label: &str) -> u64 {
        self.counts.get(label).copied().unwrap_or(0)
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total().max(1);
        for (label, n) in &self.counts {
            let share = *n as f64 * 100.0 / total as f64;
            writeln!(f, "{label:>32} {n:>10} {share:>6.2} %")?;
        }
        write!(f, "{:>32} {:>10}", "total", self.total())?;
        for (case, violation) in &self.violations {
            write!(f, "\n\n{violation}\n{case}")?;
        }
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fresh, small org on tokio's clock; with the harness's OAuth apps for OAuth cases.
fn new_org(oauth: bool) -> FakeOrg {
    let config = FakeOrgConfig {
        users: ORG_USERS,
        api_token: API_TOKEN.to_owned(),
        clock: tokio_clock(),
    };
    if oauth {
        fake_org_with_oauth_apps(config)
    } else {
        FakeOrg::new(config)
    }
}

fn api_token_connection() -> Connection {
    Connection::api_token(FakeOrg::DOMAIN, API_TOKEN)
}

/// Mostly the API token connection, sometimes client credentials (DPoP, a token request first), and now and then
/// a connection with a hostile domain or token.
fn connection(rng: &mut Rng) -> Connection {
    match rng.below(100) {
        0..=84 => api_token_connection(),
        85..=92 => Connection::fake_client_credentials(placeholder_org()),
        _ => {
            let domains = [
                "FAKE-ORG.okta.com",
                "https://fake-org.okta.com/",
                "fake-org.okta.com:443",
                "fake-org.okta.com:8443",
                "169.254.169.254",
                "127.0.0.1",
                "0x7f.1",
                "[::1]",
                "metadata.google.internal",
                "printer.local",
                "evil.example",
                "fake-org.okta.com.evil.example",
                "fake-org.okta.com@evil.example",
                "fake-org.okta.com/../x",
                "",
            ];
            let domain = (*rng.pick(&domains)).to_owned();
            let token = if rng.chance(50) {
                API_TOKEN.to_owned()
            } else {
                inputs::hostile(rng)
            };
            Connection::api_token(&domain, &token)
        }
    }
}

/// `Connection::fake_client_credentials` ignores its org: one empty org, built once, satisfies its signature.
fn placeholder_org() -> &'static FakeOrg {
    static ORG: std::sync::OnceLock<FakeOrg> = std::sync::OnceLock::new();
    ORG.get_or_init(|| {
        FakeOrg::new(FakeOrgConfig {
            users: 0,
            ..FakeOrgConfig::default()
        })
    })
}

/// Texts that must appear nowhere: the API token, the private key, the access tokens the org saw, and the
/// passwords the case gave.
fn secrets(case: &Case, org: &FakeOrg) -> Vec<String> {
    let mut secrets = vec![API_TOKEN.to_owned()];
    if case.oauth() {
        // Lines from the middle of the PEM: any of them in a text means the key leaked.
        secrets.extend(
            SERVICE_PRIVATE_KEY
                .lines()
                .skip(5)
                .step_by(7)
                .map(str::to_owned),
        );
        for request in org.requests() {
            let credential = request
                .header("authorization")
                .and_then(|value| value.split_once(' '))
                .map(|(_, credential)| credential.trim());
            if let Some(credential) = credential.filter(|c| c.len() >= 16) {
                secrets.push(credential.to_owned());
            }
        }
    }
    for (_, value) in &case.inputs {
        if let Some(at) = value.find(inputs::CANARY) {
            let end = (at + inputs::CANARY.len() + 16).min(value.len());
            if let Some(canary) = value.get(at..end) {
                secrets.push(canary.to_owned());
            }
        }
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

/// An [`Outcome`] as the check sees it.
fn observed<T>(outcome: Outcome<T>, text: impl FnOnce(&T) -> String) -> Observed {
    Observed {
        result: outcome.result.as_ref().map(text).map_err(Clone::clone),
        trace: outcome.trace,
        stderr: outcome.stderr,
    }
}
