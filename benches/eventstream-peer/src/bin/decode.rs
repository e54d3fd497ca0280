//! Decoding throughput of the same event stream by aws-op's `MessageDecoder` and by the
//! official SDK's `MessageFrameDecoder` (aws-smithy-eventstream): 10,000 Bedrock-like
//! `contentBlockDelta` frames fed in 4 KiB reads, 50 rounds each, alternating.
//!
//! `cargo run --release --manifest-path benches/eventstream-peer/Cargo.toml --bin decode`
//!
//! One thread and no I/O: the time per event is the CPU per event.

use aws_op_runtime::event_stream::{HeaderValue, Message, MessageDecoder};
use aws_smithy_eventstream::frame::{DecodedFrame, MessageFrameDecoder};
use bytes::{Buf, BytesMut};
use std::time::{Duration, Instant};

const EVENTS: usize = 10_000;
const READ: usize = 4096;
const ROUNDS: usize = 50;

fn stream() -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..EVENTS {
        let payload = format!(r#"{{"delta":{{"text":"word{} "}},"contentBlockIndex":0}}"#, i % 97);
        let text = |s: &str| HeaderValue::String(s.to_owned().into());
        Message::new(payload.into_bytes())
            .with_header(":event-type", text("contentBlockDelta"))
            .with_header(":content-type", text("application/json"))
            .with_header(":message-type", text("event"))
            .encode(&mut out)
            .expect("within the limits");
    }
    out
}

fn aws_op(bytes: &[u8]) -> usize {
    let mut decoder = MessageDecoder::new();
    let mut count = 0;
    for read in bytes.chunks(READ) {
        decoder.push(read);
        while let Some(message) = decoder.next_message().expect("valid frames") {
            std::hint::black_box(message);
            count += 1;
        }
    }
    count
}

fn official_sdk(bytes: &[u8]) -> usize {
    let mut decoder = MessageFrameDecoder::new();
    let mut buffer = BytesMut::new();
    let mut count = 0;
    for read in bytes.chunks(READ) {
        buffer.extend_from_slice(read);
        while let DecodedFrame::Complete(message) =
            decoder.decode_frame(&mut buffer).expect("valid frames")
        {
            std::hint::black_box(message);
            count += 1;
        }
    }
    assert_eq!(buffer.remaining(), 0);
    count
}

fn main() {
    let bytes = stream();
    println!(
        "{EVENTS} events, {} bytes ({} per frame), {READ}-byte reads, {ROUNDS} rounds",
        bytes.len(),
        bytes.len() / EVENTS
    );
    let mut times: [(&str, fn(&[u8]) -> usize, Vec<Duration>); 2] = [
        ("aws-op MessageDecoder", aws_op, Vec::new()),
        ("aws-smithy-eventstream 0.61", official_sdk, Vec::new()),
    ];
    for _ in 0..ROUNDS {
        for (_, decode, samples) in &mut times {
            let start = Instant::now();
            assert_eq!(decode(&bytes), EVENTS);
            samples.push(start.elapsed());
        }
    }
    for (name, _, samples) in &mut times {
        samples.sort();
        let median = samples[samples.len() / 2];
        let per_event = median.as_nanos() as f64 / EVENTS as f64;
        println!(
            "{name:30} median {median:>10.2?} per round: {:>6.0} ns/event, {:>5.2} M events/s",
            per_event,
            1e3 / per_event
        );
    }
}
