//! `okta-fuzz`: runs the fuzzer (`okta_harness::fuzz`) over the built component and prints the counts by outcome.
//!
//! ```text
//! okta-fuzz [--cases N] [--seed S] [--first I] [--threads T]   run cases I..I+N of seed S
//! okta-fuzz --seed S --case I                                  rerun one case and print its trace and log
//! ```
//! Exits 1 when any case broke the property.

use clap::Parser;
use okta_harness::Harness;
use okta_harness::fuzz::{Fuzzer, Verdict, paused_runtime};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Fuzz every action, data source and polling trigger of the component")]
struct Args {
    /// How many cases to run.
    #[arg(long, default_value_t = 10_000)]
    cases: u64,
    /// The run's seed: case I of seed S is always the same case.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The first case's index.
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Rerun only this case, printing it, its trace and its log.
    #[arg(long)]
    case: Option<u64>,
    /// Worker threads (default: the machine's cores).
    #[arg(long)]
    threads: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("okta-fuzz: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let harness = Harness::load_default()?;
    let runtime = paused_runtime()?;
    let fuzzer = runtime.block_on(Fuzzer::new(harness))?;
    if let Some(index) = args.case {
        let case = fuzzer.case(args.seed, index);
        println!("{case}");
        let (verdict, report) = runtime.block_on(fuzzer.run_observed(&case));
        println!("{report}");
        println!("verdict: {}", verdict.label());
        if let Verdict::Violation(violation) = &verdict {
            println!("{violation}");
            return Ok(ExitCode::from(1));
        }
        return Ok(ExitCode::SUCCESS);
    }
    drop(runtime);
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    println!(
        "fuzzing {} targets: cases {}..{} of seed {} on {threads} threads",
        fuzzer.targets().len(),
        args.first,
        args.first + args.cases,
        args.seed
    );
    let started = Instant::now();
    let last_report = AtomicU64::new(0);
    let progress = |done: u64| {
        let seconds = started.elapsed().as_secs();
        if seconds >= last_report.load(Ordering::Relaxed) + 30 {
            last_report.store(seconds, Ordering::Relaxed);
            let rate = done as f64 / started.elapsed().as_secs_f64();
            eprintln!("{done} cases in {seconds} s ({rate:.0}/s)");
        }
    };
    let tally = fuzzer.run_many(args.seed, args.first, args.cases, threads, &progress);
    let elapsed = started.elapsed();
    println!("{tally}");
    println!(
        "\n{} cases in {:.1} s ({:.0} cases/s); violations: {}",
        tally.total(),
        elapsed.as_secs_f64(),
        tally.total() as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
        tally.violation_count
    );
    if let Some((index, time)) = tally.slowest {
        println!("slowest case: {index} ({:.2} s real time)", seconds(time));
    }
    Ok(if tally.violation_count == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}
