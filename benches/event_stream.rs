//! Benchmarks of reading an event stream: a Bedrock-like answer of 10,000 `contentBlockDelta`
//! events, fed in 4 KiB reads as a socket delivers them.
//!
//! - `decode/frames`: the frames only (prelude, CRCs, headers, payload);
//! - `decode/typed`: the frames and their typed events (`ConverseStreamOutput`, JSON payloads).
//!
//! Run: `cargo bench --bench event_stream`. Criterion reports events/s; CPU per event is its
//! inverse (one thread, no I/O). The official SDK's decoder runs on the same frames in
//! `benches/eventstream-peer` (`--bin decode`).

use aws_op::runtime::event_stream::{Message, MessageDecoder};
use aws_op::runtime::protocol::{EventCodec, JsonEvents};
use aws_op_emulator::bedrock::{ContentBlockDelta, ContentBlockDeltaEvent, ConverseStreamOutput};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const EVENTS: usize = 10_000;
const READ: usize = 4096;

/// The wire bytes of the answer.
fn stream() -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..EVENTS {
        let event = ConverseStreamOutput::ContentBlockDelta(ContentBlockDeltaEvent {
            delta: ContentBlockDelta::Text(format!("word{} ", i % 97)),
            content_block_index: 0,
        });
        let message = JsonEvents::write_event(&event).expect("a known event");
        message.encode(&mut out).expect("within the limits");
    }
    out
}

/// Feeds `bytes` in reads of [`READ`] bytes, handing each message to `each`.
fn decode(bytes: &[u8], mut each: impl FnMut(Message)) -> usize {
    let mut decoder = MessageDecoder::new();
    let mut count = 0;
    for read in bytes.chunks(READ) {
        decoder.push(read);
        while let Some(message) = decoder.next_message().expect("valid frames") {
            each(message);
            count += 1;
        }
    }
    count
}

fn benches(c: &mut Criterion) {
    let bytes = stream();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.bench_function("frames", |b| {
        b.iter(|| {
            let n = decode(&bytes, |m| {
                std::hint::black_box(m);
            });
            assert_eq!(n, EVENTS);
        })
    });
    group.bench_function("typed", |b| {
        b.iter(|| {
            let n = decode(&bytes, |m| {
                let event: ConverseStreamOutput = JsonEvents::read_event(&m).expect("typed");
                std::hint::black_box(event);
            });
            assert_eq!(n, EVENTS);
        })
    });
    group.finish();
}

criterion_group!(event_stream, benches);
criterion_main!(event_stream);
