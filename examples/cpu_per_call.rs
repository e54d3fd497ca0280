//! Client CPU per call: aws-op against its floor, bare reqwest sending pre-signed bytes.
//!
//! Point it at an emulator running in another process, so only the client's CPU is counted
//! (read from `/proc/self/stat`, Linux only):
//!
//! ```text
//! cargo build --release -p aws-op-emulator -p aws-op-examples --no-default-features --bins --examples
//! target/release/aws-op-emulator --port 4566 &
//! target/release/examples/cpu_per_call --endpoint-url http://127.0.0.1:4566 --calls 20000
//! ```
//!
//! Both modes send the same CreateAccountAssociation with a fixed ClientToken, so the server
//! does the same work for each. aws-op validates, serialises, signs and parses on every call;
//! the floor signs once and only sends. `--only floor` or `--only aws-op` runs one side, for a
//! profiler or a syscall count (`perf record`, `strace -c`) of that side alone.

use aws_op::{Client, Config, Credentials};
use aws_op_iot_managed_integrations::*;
use std::time::Instant;

const ACCESS_KEY_ID: &str = "AKIDEMULATOR0000001";
const SECRET: &str = "emulator/secret/key/not-a-real-one";

fn request() -> CreateAccountAssociationRequest {
    CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-cpu-1")
        .name("cpu bench")
        .description("client cpu per call")
        .tags([("env".to_string(), "bench".to_string())])
        .client_token("cpu-bench-token-1")
        .build()
}

/// User plus system CPU time of this process, in microseconds.
fn process_cpu_micros() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // Linux reports clock ticks of 1/100 s (USER_HZ).
    Some((utime + stime) * 10_000)
}

fn report(label: &str, calls: usize, cpu: Option<u64>, wall: std::time::Duration) {
    let per_call = cpu.map(|c| c as f64 / calls as f64);
    println!(
        "{label:<28} {calls} calls, {:>7.1} us CPU/call, {:>8.0} calls/s",
        per_call.unwrap_or(f64::NAN),
        calls as f64 / wall.as_secs_f64()
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut endpoint = None;
    let mut calls = 20_000usize;
    let mut rounds = 5usize;
    // `--only floor` or `--only aws-op` runs one side, for profilers and syscall counters.
    let mut only = None;
    let mut argv = std::env::args().skip(1);
    while let Some(flag) = argv.next() {
        match flag.as_str() {
            "--endpoint-url" => endpoint = argv.next(),
            "--calls" => calls = argv.next().and_then(|v| v.parse().ok()).unwrap_or(calls),
            "--rounds" => rounds = argv.next().and_then(|v| v.parse().ok()).unwrap_or(rounds),
            "--only" => only = argv.next(),
            _ => {
                eprintln!("usage: cpu_per_call --endpoint-url URL [--calls N] [--rounds N] [--only floor|aws-op]");
                std::process::exit(2);
            }
        }
    }
    let Some(endpoint) = endpoint else {
        eprintln!(
            "usage: cpu_per_call --endpoint-url URL [--calls N] [--rounds N] [--only floor|aws-op]"
        );
        std::process::exit(2);
    };
    let config = Config::new("us-east-1", Credentials::new(ACCESS_KEY_ID, SECRET, None))
        .with_endpoint_url(endpoint);
    let client: IotManagedIntegrationsClient = Client::new(&config)?;
    let signed = client.sign(request()).await?;
    let bare = reqwest::Client::new();

    // Warm both paths (connections, allocator, first-use statics).
    for _ in 0..200 {
        request().send(&client).await?;
    }

    let (mut floor_cpu, mut aws_op_cpu) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if only.as_deref() != Some("aws-op") {
            floor_cpu.extend(floor_round(&bare, &signed, calls, round).await?);
        }
        if only.as_deref() != Some("floor") {
            aws_op_cpu.extend(aws_op_round(&client, calls, round).await?);
        }
    }
    if floor_cpu.is_empty() || aws_op_cpu.is_empty() {
        return Ok(());
    }
    let (floor, ours) = (median(&mut floor_cpu), median(&mut aws_op_cpu));
    println!(
        "median CPU/call: floor {floor:.1} us, aws-op {ours:.1} us, ratio {:.2}",
        ours / floor
    );
    Ok(())
}

/// One round of the floor: the pre-signed request sent with bare reqwest. Returns CPU per call.
async fn floor_round(
    bare: &reqwest::Client,
    signed: &aws_op::SignedRequest,
    calls: usize,
    round: usize,
) -> Result<Option<f64>, Box<dyn std::error::Error>> {
    let body = signed
        .body
        .as_ref()
        .and_then(|b| b.as_bytes())
        .unwrap_or_default();
    let (cpu0, t0) = (process_cpu_micros(), Instant::now());
    for _ in 0..calls {
        let mut req = bare.post(&signed.url);
        for (k, v) in signed.headers.iter().skip(1) {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req.body(body.to_vec()).send().await?;
        let status = resp.status();
        resp.bytes().await?;
        assert_eq!(status.as_u16(), 201);
    }
    let cpu = process_cpu_micros().zip(cpu0).map(|(a, b)| a - b);
    let label = format!("floor (bare reqwest) #{round}");
    report(&label, calls, cpu, t0.elapsed());
    Ok(cpu.map(|c| c as f64 / calls as f64))
}

/// One round of aws-op: validate, serialise, sign, send and parse. Returns CPU per call.
async fn aws_op_round(
    client: &IotManagedIntegrationsClient,
    calls: usize,
    round: usize,
) -> Result<Option<f64>, Box<dyn std::error::Error>> {
    let (cpu0, t0) = (process_cpu_micros(), Instant::now());
    for _ in 0..calls {
        request().send(client).await?;
    }
    let cpu = process_cpu_micros().zip(cpu0).map(|(a, b)| a - b);
    report(&format!("aws-op #{round}"), calls, cpu, t0.elapsed());
    Ok(cpu.map(|c| c as f64 / calls as f64))
}
