//! `okta-harness demo --triggers`: the component's triggers run as a platform runs them, against the in-process
//! fake org. A polling trigger picks up a new user exactly once; the event hook trigger is deployed to a loopback
//! listener, verified by the org over HTTP, receives the org's delivery for a user created through an action, and
//! is undeployed, leaving no hook behind.

use crate::demo::DemoError;
use crate::fake_org::FakeOrg;
use crate::listen::{ListenEvent, WebhookListener, WebhookTrigger};
use crate::poller::Poller;
use crate::{CallOptions, Connection, Harness, Route, hook_sender};
use serde_json::Value;
use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot};

/// The polling trigger the demo runs.
const POLLING: &str = "newUsersPollingTrigger";
/// The webhook trigger the demo runs, and what it subscribes to.
const WEBHOOK: &str = "eventHook";
const EVENT_TYPE: &str = "user.lifecycle.create";
/// How long the demo waits for a delivery before it gives up (a delivery on loopback takes milliseconds).
const DELIVERY_WAIT: Duration = Duration::from_secs(20);

/// What a finished triggers demo saw.
#[derive(Clone, Debug, PartialEq)]
pub struct TriggerDemoSummary {
    /// The records the polls returned, in order.
    pub polled: Vec<Value>,
    /// The payload of the delivery the webhook trigger received.
    pub delivered: Value,
}

/// Runs the triggers demo on `org` (in-process) with its API token, printing each step to `out`. Installs the
/// harness's HTTP hook sender on `org`, so the org's verification and delivery reach the listener.
pub async fn run_triggers(
    harness: &Harness,
    org: &FakeOrg,
    out: &mut dyn Write,
) -> Result<TriggerDemoSummary, DemoError> {
    hook_sender::install(org);
    let connection = Connection::fake(org);
    let options = CallOptions::new(Route::Fake(org.clone())).trace(true);
    let mut say = |line: &str| {
        let _ = writeln!(out, "{line}");
    };
    say(&format!(
        "Triggers against the in-process fake org https://{} ({} users)\n",
        FakeOrg::DOMAIN,
        org.user_count()
    ));

    let no_inputs = std::iter::empty::<(String, String)>();
    let mut poller = Poller::new(POLLING, connection.clone(), no_inputs, &options);
    let first = poll(harness, &mut poller, "1. First poll (starts from now)").await?;
    say(&format!(
        "1. {POLLING}: first poll, starts from now · {} record(s)",
        first.len()
    ));
    expect(
        first.is_empty(),
        "1. First poll",
        "the first poll returns no records",
    )?;

    // Okta's `created` times have whole seconds and the first poll starts after the second it ran in, so the
    // demo lets that second pass before it creates the user.
    next_second().await;
    let login = unique_login("polled");
    let id = create_user(harness, &connection, &options, &login, "2. Create a user").await?;
    say(&format!("2. createUser {login} · {id}"));

    let second = poll(harness, &mut poller, "3. Poll again").await?;
    say(&format!(
        "3. {POLLING}: poll again · {} record(s)",
        second.len()
    ));
    for record in &second {
        say(&format!(
            "     {:<10} {} {}",
            "record", record["id"], record["profile"]["login"]
        ));
    }
    let found = second.iter().any(|r| r["id"] == id.as_str());
    expect(found, "3. Poll again", "the new user is returned")?;

    let third = poll(harness, &mut poller, "4. Poll once more").await?;
    say(&format!(
        "4. {POLLING}: poll once more · {} record(s) (nothing twice)",
        third.len()
    ));
    expect(
        !third.iter().any(|r| r["id"] == id.as_str()),
        "4. Poll once more",
        "the user is not returned twice",
    )?;

    let listener = WebhookListener::bind(0)
        .await
        .map_err(|e| fail("5. Listen", format!("cannot listen on loopback: {e}")))?;
    let url = listener.url();
    say(&format!(
        "5. {WEBHOOK}: listen on {url}, deploy there (the org verifies it over HTTP)"
    ));
    let delivered = deliver(
        harness,
        org,
        &connection,
        &options,
        listener,
        &url,
        &mut say,
    )
    .await?;
    let left = org.event_hooks().len();
    say(&format!(
        "8. undeployed · {left} event hook(s) left in the org"
    ));
    expect(left == 0, "8. Undeploy", "no event hook is left")?;
    say("\nTriggers demo passed.");
    let mut polled = first;
    polled.extend(second);
    polled.extend(third);
    Ok(TriggerDemoSummary { polled, delivered })
}

/// Deploys the event hook trigger to `url`, creates a user once it is deployed, waits for the delivery, and
/// stops (undeploys). Returns the delivery's payload.
async fn deliver(
    harness: &Harness,
    org: &FakeOrg,
    connection: &Connection,
    options: &CallOptions,
    listener: WebhookListener,
    url: &str,
    say: &mut impl FnMut(&str),
) -> Result<Value, DemoError> {
    let items = format!("[\"{EVENT_TYPE}\"]");
    let mut trigger = WebhookTrigger::new(WEBHOOK, connection.clone(), [("items", items)], options);
    let (events, mut received) = mpsc::unbounded_channel();
    let (stop, stopped) = oneshot::channel::<()>();
    let listening = trigger.listen(
        harness,
        listener,
        url,
        async {
            let _ = stopped.await;
        },
        move |event| {
            let _ = events.send(event);
        },
    );
    let driving = async {
        // `stop` goes when this ends, whatever happens: the listener then undeploys.
        let _stop = stop;
        let mut lines = Vec::new();
        loop {
            match received.recv().await {
                Some(ListenEvent::Deployed { .. }) => break,
                Some(event) => lines.push(describe(&event)),
                None => return Err(fail("5. Deploy", "the trigger was not deployed")),
            }
        }
        let hook = org.event_hooks().first().cloned().unwrap_or_default();
        lines.push(format!(
            "     {:<10} {} {} {}",
            "hook", hook["id"], hook["status"], hook["verificationStatus"]
        ));
        let login = unique_login("hooked");
        let id = create_user(harness, connection, options, &login, "6. Create a user").await?;
        lines.push(format!(
            "6. createUser {login} · {id} · the org delivers {EVENT_TYPE}"
        ));
        let payload = tokio::time::timeout(DELIVERY_WAIT, async {
            while let Some(event) = received.recv().await {
                if let ListenEvent::Answered {
                    payload: Some(payload),
                    ..
                } = event
                {
                    return Some(payload);
                }
                lines.push(describe(&event));
            }
            None
        })
        .await;
        match payload {
            Ok(Some(payload)) => Ok((payload, id, lines)),
            _ => Err(fail("7. Delivery", "no delivery reached the listener")),
        }
    };
    let (listened, driven) = tokio::join!(listening, driving);
    let (payload, id, lines) = driven?;
    listened.map_err(|e| fail("8. Undeploy", e.to_string()))?;
    for line in &lines {
        say(line);
    }
    say(&format!(
        "7. delivery received by handle-webhook · payload: {}",
        brief(&payload)
    ));
    let text = payload.to_string();
    expect(
        text.contains(EVENT_TYPE) && text.contains(&id),
        "7. Delivery",
        "the payload holds the user.lifecycle.create event of the new user",
    )?;
    Ok(payload)
}

async fn poll(harness: &Harness, poller: &mut Poller, step: &str) -> Result<Vec<Value>, DemoError> {
    let mut lines = Vec::new();
    poller
        .poll_once(harness, &mut lines)
        .await
        .map_err(|e| fail(step, e.to_string()))?;
    String::from_utf8_lossy(&lines)
        .lines()
        .map(|line| serde_json::from_str(line).map_err(|e| fail(step, e.to_string())))
        .collect()
}

async fn create_user(
    harness: &Harness,
    connection: &Connection,
    options: &CallOptions,
    login: &str,
    step: &str,
) -> Result<String, DemoError> {
    let inputs = [
        ("firstName", "Ada"),
        ("lastName", "Lovelace"),
        ("email", login),
        ("login", login),
        ("activate", "false"),
    ];
    let outcome = harness
        .perform("createUser", connection, &inputs, options)
        .await;
    let output = outcome.result.map_err(|e| fail(step, e.to_string()))?;
    output.data()["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| fail(step, "the output has no data.id"))
}

fn describe(event: &ListenEvent) -> String {
    match event {
        ListenEvent::Answered { method, status, .. } => {
            format!("     {:<10} {method} → {status}", "request")
        }
        ListenEvent::Failed { method, error } => {
            format!("     {:<10} {method} failed: {error}", "request")
        }
        ListenEvent::Deployed { public_url } => format!("     deployed to {public_url}"),
        ListenEvent::Undeployed => "     undeployed".to_owned(),
    }
}

/// The payload's keys and events on one line: `eventId …` then each event's type, target and `uuid`.
fn brief(payload: &Value) -> String {
    let events: Vec<String> = payload["events"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|event| {
            let target = event["target"][0]["alternateId"].as_str().unwrap_or("-");
            let kind = event["eventType"].as_str().unwrap_or("?");
            format!(
                "{kind} {target} (uuid {})",
                event["uuid"].as_str().unwrap_or("?")
            )
        })
        .collect();
    format!(
        "eventId {} · {}",
        payload["eventId"].as_str().unwrap_or("?"),
        events.join(", ")
    )
}

/// Sleeps (on tokio's clock, which the org follows) into the next whole second.
async fn next_second() {
    let into = crate::tokio_system_now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_millis());
    let wait = 1_000 - u64::from(into) + 5;
    tokio::time::sleep(Duration::from_millis(wait)).await;
}

fn expect(holds: bool, step: &str, what: &str) -> Result<(), DemoError> {
    if holds {
        Ok(())
    } else {
        Err(fail(step, format!("expected: {what}")))
    }
}

fn fail(step: &str, message: impl Into<String>) -> DemoError {
    DemoError {
        step: step.to_owned(),
        message: message.into(),
    }
}

/// A login no sample user has, different on every run.
fn unique_login(what: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("ada.{what}.{nanos:08x}@example.com")
}
