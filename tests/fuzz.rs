//! A fixed-seed sample of the fuzzer (`./dev fuzz` runs more): every case must end with output or a typed error,
//! leak no secret, stay under the org's `/api/v1` and send no creating request twice.

use okta_harness::fuzz::{Fuzzer, paused_runtime};

use crate::common::harness;

/// The sample's seed and size: a few thousand cases, so every target meets many inputs and answers.
const SEED: u64 = 20_260_101;
const CASES: u64 = 2_000;

#[test]
fn a_fixed_seed_sample_holds_the_property() {
    let runtime = paused_runtime().expect("a tokio runtime");
    let fuzzer = runtime
        .block_on(Fuzzer::new(harness().clone()))
        .expect("the manifest");
    drop(runtime);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let tally = fuzzer.run_many(SEED, 0, CASES, threads, &|_| {});
    assert_eq!(tally.violation_count, 0, "\n{tally}");
    assert_eq!(tally.total(), CASES);
    // The sample reaches the API, not only validation: calls succeed, and Okta's answers come back as typed errors.
    for label in [
        "ok",
        "error:invalid-input",
        "error:not-found",
        "error:okta-api",
        "error:invalid-response",
        "error:rate-limited",
        "error:transport",
        "error:timeout",
    ] {
        assert!(tally.get(label) > 0, "no case ended {label}:\n{tally}");
    }
}
