//! Signs a fixed input stream with the official SDK (aws-sigv4) and prints the envelopes, so
//! that aws-op's `sigv4::EventSigner` can be checked against them
//! (`runtime/src/sigv4/event.rs`, test `matches_the_official_sdk`).
//!
//! `cargo run --manifest-path benches/eventstream-peer/Cargo.toml --bin vectors`

use aws_credential_types::Credentials;
use aws_sigv4::event_stream::{sign_empty_message, sign_message};
use aws_sigv4::sign::v4;
use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use std::time::{Duration, UNIX_EPOCH};

fn main() {
    let identity = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "vectors",
    )
    .into();
    let mut last = "e1d8e8c8815e60969f2a34765c9a15945ffc0badbaa4c7e4b0c2bcde1a2e0b72".to_owned();
    for (i, text) in ["one", "two", ""].iter().enumerate() {
        // Sub-seconds are dropped by the signer.
        let time = UNIX_EPOCH + Duration::new(1_700_000_000 + i as u64 * 61, 250_000_000);
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("bedrock")
            .time(time)
            .settings(())
            .build()
            .unwrap();
        let output = if text.is_empty() {
            sign_empty_message(&last, &params).unwrap()
        } else {
            let message = Message::new(text.as_bytes().to_vec())
                .add_header(Header::new(":event-type", HeaderValue::String("chunk".into())));
            sign_message(&message, &last, &params).unwrap()
        };
        let (envelope, signature) = output.into_parts();
        let mut wire = Vec::new();
        write_message_to(&envelope, &mut wire).unwrap();
        println!("{text:?} {signature} {}", hex(&wire));
        last = signature;
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
