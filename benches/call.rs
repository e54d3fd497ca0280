//! Benchmarks of one CreateAccountAssociation.
//!
//! - `prepare/*`: validate + serialise + sign, per call, no I/O.
//! - `e2e/*`: calls per second against the in-process emulator over loopback at concurrency 1
//!   and 32, beside the floor: the same pre-signed request sent by bare reqwest.
//!
//! Run: `cargo bench --bench call`. The emulator answers a repeated ClientToken with the stored
//! association, so client calls (fixed token) and the floor (same signed bytes) cost the server
//! the same.

use aws_op::{Client, Config, Credentials, Operation};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use aws_op_iot_managed_integrations::*;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::collections::HashMap;

fn request() -> CreateAccountAssociationRequest {
    let tags: HashMap<String, String> = [("env".to_string(), "bench".to_string())].into();
    CreateAccountAssociationRequest::builder()
        .connector_destination_id("cd-bench-1")
        .name("bench association")
        .description("created by the benchmark")
        .tags(tags)
        .client_token("bench-token-1")
        .build()
}

fn client(endpoint: &str) -> IotManagedIntegrationsClient {
    Client::new(
        &Config::new(
            "us-east-1",
            Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, None),
        )
        .with_endpoint_url(endpoint),
    )
    .expect("client")
}

fn prepare(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = client("http://127.0.0.1:9");
    let mut group = c.benchmark_group("prepare");
    group.bench_function("validate", |b| b.iter(|| request().validate(true).unwrap()));
    group.bench_function("serialize", |b| {
        let r = request();
        b.iter(|| r.serialize())
    });
    group.bench_function("validate_serialize_sign", |b| {
        b.to_async(&rt)
            .iter(|| async { client.sign(request()).await.unwrap() })
    });
    group.finish();
}

fn e2e(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emulator = rt.block_on(Emulator::start(EmulatorConfig::new())).unwrap();
    let client = client(&emulator.endpoint_url());
    let signed = rt.block_on(client.sign(request())).unwrap();
    let bare = reqwest::Client::new();
    let send_bare = {
        let bare = bare.clone();
        let signed = signed.clone();
        move || {
            let mut req = bare.post(&signed.url);
            for (k, v) in signed.headers.iter().skip(1) {
                req = req.header(k.as_str(), v.as_str());
            }
            let req = req.body(
                signed
                    .body
                    .as_ref()
                    .and_then(|b| b.as_bytes())
                    .unwrap_or_default()
                    .to_vec(),
            );
            async move {
                let resp = req.send().await.unwrap();
                assert_eq!(resp.status().as_u16(), 201);
                resp.bytes().await.unwrap()
            }
        }
    };
    for concurrency in [1usize, 32] {
        let mut group = c.benchmark_group(format!("e2e/concurrency_{concurrency}"));
        group.throughput(Throughput::Elements(concurrency as u64));
        group.bench_function("aws_op", |b| {
            b.to_async(&rt).iter(|| {
                let client = client.clone();
                async move {
                    let mut set = tokio::task::JoinSet::new();
                    for _ in 0..concurrency {
                        let client = client.clone();
                        set.spawn(async move { request().send(&client).await.unwrap() });
                    }
                    while let Some(r) = set.join_next().await {
                        r.unwrap();
                    }
                }
            })
        });
        group.bench_function("bare_reqwest_presigned", |b| {
            b.to_async(&rt).iter(|| {
                let send_bare = send_bare.clone();
                async move {
                    let mut set = tokio::task::JoinSet::new();
                    for _ in 0..concurrency {
                        set.spawn(send_bare());
                    }
                    while let Some(r) = set.join_next().await {
                        r.unwrap();
                    }
                }
            })
        });
        group.finish();
    }
    drop(emulator);
}

criterion_group!(benches, prepare, e2e);
criterion_main!(benches);
