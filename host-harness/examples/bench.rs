//! Per-call cost of the component: a fresh instance plus one action, against the in-process fake org.
//!
//! Run through `./dev bench` (optimised `host` profile). Prints the median and percentiles of many calls; the
//! first calls warm the caches and are not counted.

use std::time::{Duration, Instant};

use okta_harness::fake_org::FakeOrg;
use okta_harness::{CallOptions, Connection, Harness, NO_INPUTS, Route};

const WARM_UP: usize = 200;
const CALLS: usize = 5_000;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let harness = Harness::load_default()?;
    println!(
        "load (precompiled cache): {:.2} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let org = FakeOrg::sample();
    let connection = Connection::fake(&org);
    let options = CallOptions::new(Route::Fake(org.clone()));
    let id = org
        .user(FakeOrg::ADMIN_LOGIN)
        .and_then(|u| u["id"].as_str().map(str::to_string))
        .ok_or("no admin user")?;
    let inputs = [("id", id.as_str())];

    let manifest = measure(CALLS, || async {
        harness
            .manifest()
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    })
    .await?;
    report("instantiate + get-manifest", &manifest);

    let get_user = measure(CALLS, || async {
        let outcome = harness
            .perform("getUser", &connection, &inputs, &options)
            .await;
        outcome.result.map(drop).map_err(|e| e.to_string())
    })
    .await?;
    report(
        "instantiate + getUser (1 HTTP call to the in-process fake)",
        &get_user,
    );

    let missing = [("id", "00u0000000000nothere")];
    let not_found = measure(CALLS, || async {
        let outcome = harness
            .perform("getUser", &connection, &missing, &options)
            .await;
        match outcome.result {
            Err(_) => Ok(()),
            Ok(_) => Err("found a user that does not exist".to_string()),
        }
    })
    .await?;
    report(
        "instantiate + getUser of a missing user (1 HTTP call, 404)",
        &not_found,
    );

    let started = Instant::now();
    for _ in 0..CALLS {
        let request = http::Request::get(format!("https://{}/api/v1/users/{id}", FakeOrg::DOMAIN))
            .header("authorization", format!("SSWS {}", org.api_token()))
            .body(bytes::Bytes::new())?;
        std::hint::black_box(org.handle(request));
    }
    println!(
        "the fake org alone answering getUser: {:.1} µs",
        started.elapsed().as_secs_f64() * 1e6 / CALLS as f64
    );

    let invalid = measure(CALLS, || async {
        let outcome = harness
            .perform("getUser", &connection, NO_INPUTS, &options)
            .await;
        match outcome.result {
            Err(_) => Ok(()),
            Ok(_) => Err("getUser without an ID succeeded".to_string()),
        }
    })
    .await?;
    report("instantiate + rejected input (no HTTP)", &invalid);
    Ok(())
}

/// Runs `call` `WARM_UP + calls` times and returns the durations of the last `calls`.
async fn measure<F, Fut>(calls: usize, call: F) -> Result<Vec<Duration>, String>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut times = Vec::with_capacity(calls);
    for i in 0..WARM_UP + calls {
        let start = Instant::now();
        call().await?;
        if i >= WARM_UP {
            times.push(start.elapsed());
        }
    }
    times.sort();
    Ok(times)
}

fn report(what: &str, sorted: &[Duration]) {
    let at = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e6;
    let mean = sorted.iter().sum::<Duration>().as_secs_f64() * 1e6 / sorted.len() as f64;
    println!(
        "{what}: median {:.1} µs, p90 {:.1} µs, p99 {:.1} µs, mean {mean:.1} µs over {} calls",
        at(0.5),
        at(0.9),
        at(0.99),
        sorted.len()
    );
}
