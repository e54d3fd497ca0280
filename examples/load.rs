//! Load bench: sustained calls/s and latency percentiles against an emulator in another process,
//! and the client's memory with many calls in flight.
//!
//! ```text
//! cargo build --release -p aws-op-emulator -p aws-op-examples --no-default-features --bins --examples
//! target/release/aws-op-emulator --port 4566 &                          # faults off
//! target/release/examples/load --endpoint-url http://127.0.0.1:4566 --seconds 10 --concurrency 64
//! target/release/aws-op-emulator --port 4567 --fault-rate 0.2 &        # 20 % 500/503/429
//! target/release/examples/load --endpoint-url http://127.0.0.1:4567 --seconds 10 --concurrency 64
//! target/release/aws-op-emulator --port 4568 --fault-rate 1 --faults delay=2s &
//! target/release/examples/load --endpoint-url http://127.0.0.1:4568 --in-flight 1000
//! ```
//!
//! Each call is a CreateAccountAssociation with a fresh idempotency token (a new association).

use aws_op::{Client, Config, Credentials, Error};
use aws_op_iot_managed_integrations::*;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const ACCESS_KEY_ID: &str = "AKIDEMULATOR0000001";
const SECRET: &str = "emulator/secret/key/not-a-real-one";

fn request(i: usize) -> CreateAccountAssociationRequest {
    CreateAccountAssociationRequest::builder()
        .connector_destination_id(format!("cd-load-{}", i % 100))
        .name("load test")
        .build()
}

/// The resident set size of this process in KiB, from `/proc/self/status` (Linux).
fn rss_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn kind<E>(e: &Error<E>) -> String {
    match e {
        Error::Service(s) => s.code.clone(),
        Error::Timeout(_) => "timeout".into(),
        Error::Dispatch(_) => "dispatch".into(),
        Error::Response(_) => "malformed response".into(),
        Error::Validation(_) => "validation".into(),
        Error::Credentials(_) => "credentials".into(),
        Error::Config(_) => "config".into(),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut endpoint = None;
    let (mut seconds, mut concurrency, mut in_flight) = (10u64, 64usize, 0usize);
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        let value = argv.next();
        let number = || value.as_deref().and_then(|v| v.parse::<u64>().ok());
        match flag.as_str() {
            "--endpoint-url" => endpoint = value.clone(),
            "--seconds" => seconds = number().unwrap_or(seconds),
            "--concurrency" => concurrency = number().map_or(concurrency, |n| n as usize),
            "--in-flight" => in_flight = number().map_or(1000, |n| n as usize),
            other => {
                eprintln!("unknown flag `{other}`");
                std::process::exit(2);
            }
        }
    }
    let Some(endpoint) = endpoint else {
        eprintln!("usage: load --endpoint-url URL [--seconds N --concurrency N | --in-flight N]");
        std::process::exit(2);
    };
    let config = Config::new("us-east-1", Credentials::new(ACCESS_KEY_ID, SECRET, None))
        .with_endpoint_url(endpoint);
    let client: IotManagedIntegrationsClient = Client::new(&config)?;

    if in_flight > 0 {
        let before = rss_kib("VmRSS:").unwrap_or(0);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..in_flight {
            let client = client.clone();
            tasks.spawn(async move { request(i).send(&client).await.map(|_| ()) });
        }
        // Let every call reach the server (which holds them), then read the memory.
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let during = rss_kib("VmRSS:").unwrap_or(0);
        let mut ok = 0;
        while let Some(r) = tasks.join_next().await {
            ok += usize::from(matches!(r, Ok(Ok(()))));
        }
        println!(
            "{in_flight} calls in flight: client RSS {before} KiB before, {during} KiB during \
             (+{} KiB, {:.1} KiB per call); peak {} KiB; {ok} succeeded",
            during.saturating_sub(before),
            during.saturating_sub(before) as f64 / in_flight as f64,
            rss_kib("VmHWM:").unwrap_or(0)
        );
        return Ok(());
    }

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..concurrency {
        let client = client.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            let mut errors: BTreeMap<String, usize> = BTreeMap::new();
            let mut i = worker;
            while Instant::now() < deadline {
                let t0 = Instant::now();
                match request(i).send(&client).await {
                    Ok(_) => latencies.push(t0.elapsed()),
                    Err(e) => *errors.entry(kind(&e)).or_default() += 1,
                }
                i += concurrency;
            }
            (latencies, errors)
        });
    }
    let (mut latencies, mut errors) = (Vec::new(), BTreeMap::<String, usize>::new());
    while let Some(r) = tasks.join_next().await {
        let (l, e) = r?;
        latencies.extend(l);
        for (k, n) in e {
            *errors.entry(k).or_default() += n;
        }
    }
    latencies.sort();
    let ok = latencies.len();
    let failed: usize = errors.values().sum();
    println!(
        "{seconds} s at concurrency {concurrency}: {:.0} successful calls/s, p50 {:.2} ms, p99 {:.2} ms, \
         max {:.2} ms; {ok} ok, {failed} failed {errors:?}",
        ok as f64 / seconds as f64,
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    Ok(())
}
