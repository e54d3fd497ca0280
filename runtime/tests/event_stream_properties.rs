//! Properties of the event-stream codec through its public API: any message survives a round
//! trip however the bytes are split, arbitrary bytes never panic the decoder, and any change to
//! one byte of a valid stream, or a cut inside a message, is a typed error.

use aws_op_runtime::event_stream::{
    FrameErrorKind, HeaderValue, Message, MessageDecoder, MAX_MESSAGE_LEN,
};
use aws_op_runtime::DateTime;
use proptest::prelude::*;

fn header_value() -> impl Strategy<Value = HeaderValue> {
    prop_oneof![
        any::<bool>().prop_map(HeaderValue::Bool),
        any::<i8>().prop_map(HeaderValue::Byte),
        any::<i16>().prop_map(HeaderValue::Int16),
        any::<i32>().prop_map(HeaderValue::Int32),
        any::<i64>().prop_map(HeaderValue::Int64),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(|b| HeaderValue::Bytes(b.into())),
        "\\PC{0,24}".prop_map(|s| HeaderValue::String(s.into())),
        (-10_000_000_000_000i64..10_000_000_000_000)
            .prop_map(|ms| HeaderValue::Timestamp(DateTime::from_millis(ms))),
        any::<[u8; 16]>().prop_map(HeaderValue::Uuid),
    ]
}

fn message() -> impl Strategy<Value = Message> {
    (
        proptest::collection::vec(("[:a-z-]{1,20}", header_value()), 0..6),
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(headers, payload)| {
            headers
                .into_iter()
                .fold(Message::new(payload), |m, (name, value)| {
                    m.with_header(name, value)
                })
        })
}

fn encode(messages: &[Message]) -> Vec<u8> {
    let mut wire = Vec::new();
    for m in messages {
        m.encode(&mut wire)
            .expect("the strategies stay within the limits");
    }
    wire
}

/// Feeds `wire` in pieces of the given sizes (cycled), collecting messages until the end or
/// the first error.
fn decode_in_pieces(wire: &[u8], sizes: &[usize]) -> Result<Vec<Message>, FrameErrorKind> {
    let mut decoder = MessageDecoder::new();
    let mut out = Vec::new();
    let mut rest = wire;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].clamp(1, rest.len());
        i += 1;
        decoder.push(&rest[..n]);
        rest = &rest[n..];
        while let Some(m) = decoder.next_message().map_err(|e| e.kind)? {
            out.push(m);
        }
        assert!(
            decoder.buffered() <= MAX_MESSAGE_LEN + n,
            "the decoder holds at most one message and the last piece"
        );
    }
    decoder.finish().map_err(|e| e.kind)?;
    Ok(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn messages_round_trip_however_the_bytes_are_split(
        messages in proptest::collection::vec(message(), 0..5),
        sizes in proptest::collection::vec(1usize..64, 1..8),
    ) {
        let wire = encode(&messages);
        prop_assert_eq!(decode_in_pieces(&wire, &sizes), Ok(messages));
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        sizes in proptest::collection::vec(1usize..50, 1..4),
    ) {
        let _ = decode_in_pieces(&bytes, &sizes);
    }

    #[test]
    fn any_changed_byte_is_an_error(
        messages in proptest::collection::vec(message(), 1..4),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let mut wire = encode(&messages);
        let at = at.index(wire.len());
        wire[at] ^= flip;
        let got = decode_in_pieces(&wire, &[7]);
        prop_assert!(got.is_err(), "byte {} changed, yet decoded {:?}", at, got);
    }

    #[test]
    fn a_cut_inside_a_message_is_an_error(
        messages in proptest::collection::vec(message(), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let wire = encode(&messages);
        let boundaries: Vec<usize> = messages
            .iter()
            .scan(0, |end, m| { *end += m.encoded_len(); Some(*end) })
            .collect();
        let cut = cut.index(wire.len());
        prop_assume!(cut > 0 && !boundaries.contains(&cut));
        let got = decode_in_pieces(&wire[..cut], &[13]);
        prop_assert!(
            matches!(got, Err(FrameErrorKind::Truncated { .. })),
            "cut at {} gave {:?}", cut, got
        );
    }
}
