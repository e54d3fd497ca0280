use super::*;
use crate::blob::base64_decode;
use crate::time::DateTime;

/// botocore's "RPC JSON Event Stream" response body: an `initial-response` event, a blob
/// event and a JSON event, written by another implementation.
const BOTOCORE_JSON_STREAM: &str = "AAAAfgAAAE/Fo93GDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAEGluaXRpYWwtcmVzcG9uc2UNOmNvbnRlbnQtdHlwZQcACXRleHQvanNvbnsiSW5pdGlhbFJlc3BvbnNlIjogInNvbWV0ZXh0In32mCSDAAAAbAAAAFPLgkVrDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcABVR5cGVBDTpjb250ZW50LXR5cGUHABhhcHBsaWNhdGlvbi9vY3RldC1zdHJlYW1zb21lYnl0ZXMesj2HAAAAhgAAAEQqNR/SDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcABVR5cGVCDTpjb250ZW50LXR5cGUHAAl0ZXh0L2pzb257IlN0cmluZ0ZpZWxkIjogInNvbWVzdHJpbmciLCAiSW50ZWdlckZpZWxkIjogMTIzfffGN30=";

/// botocore's "REST XML Event Stream" case 2: one event with boolean, int32, byte-array,
/// string and timestamp headers.
const BOTOCORE_TYPED_HEADERS: &str = "AAABAQAAAJBjEbY4DTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcABVR5cGVDDTpjb250ZW50LXR5cGUHAAh0ZXh0L3htbAdCb29sZWFuAAdJbnRlZ2VyBAAAAHsEQmxvYgYACHNvbWVibG9iBlN0cmluZwcACnNvbWVzdHJpbmcJVGltZXN0YW1wCAAAAUsgGsQAPERldGFpbHMgeG1sbnM9IiI+PFN0cmluZ0ZpZWxkPnNvbWVzdHJpbmc8L1N0cmluZ0ZpZWxkPjxJbnRlZ2VyRmllbGQ+MTIzPC9JbnRlZ2VyRmllbGQ+PC9EZXRhaWxzPhGUvKo=";

fn decode_all(wire: &[u8]) -> Result<Vec<Message>, FrameError> {
    let mut decoder = MessageDecoder::new();
    decoder.push(wire);
    let mut out = Vec::new();
    while let Some(m) = decoder.next_message()? {
        out.push(m);
    }
    decoder.finish()?;
    Ok(out)
}

fn encode_all(messages: &[Message]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        m.encode(&mut out).unwrap();
    }
    out
}

fn string(s: &'static str) -> HeaderValue {
    HeaderValue::String(s.into())
}

#[test]
fn reads_and_rewrites_another_implementations_frames_byte_for_byte() {
    let wire = base64_decode(BOTOCORE_JSON_STREAM).unwrap();
    let messages = decode_all(&wire).unwrap();
    assert_eq!(messages.len(), 3);
    assert_eq!(
        messages[0].string_header(":event-type"),
        Some("initial-response")
    );
    assert_eq!(
        &messages[0].payload()[..],
        br#"{"InitialResponse": "sometext"}"#
    );
    assert_eq!(messages[1].string_header(":message-type"), Some("event"));
    assert_eq!(
        messages[1].string_header(":content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(&messages[1].payload()[..], b"somebytes");
    assert_eq!(messages[2].string_header(":event-type"), Some("TypeB"));
    assert_eq!(encode_all(&messages), wire);
}

#[test]
fn every_header_type_round_trips() {
    let wire = base64_decode(BOTOCORE_TYPED_HEADERS).unwrap();
    let messages = decode_all(&wire).unwrap();
    let m = &messages[0];
    assert_eq!(m.header("Boolean"), Some(&HeaderValue::Bool(true)));
    assert_eq!(m.header("Integer"), Some(&HeaderValue::Int32(123)));
    assert_eq!(
        m.header("Blob"),
        Some(&HeaderValue::Bytes(bytes::Bytes::from_static(b"someblob")))
    );
    assert_eq!(m.string_header("String"), Some("somestring"));
    assert_eq!(
        m.header("Timestamp"),
        Some(&HeaderValue::Timestamp(DateTime::from_secs(1_422_172_800)))
    );
    assert_eq!(encode_all(&messages), wire);

    let all = Message::new(&b"p"[..])
        .with_header("t", HeaderValue::Bool(true))
        .with_header("f", HeaderValue::Bool(false))
        .with_header("b", HeaderValue::Byte(-7))
        .with_header("s", HeaderValue::Int16(-300))
        .with_header("i", HeaderValue::Int32(i32::MIN))
        .with_header("l", HeaderValue::Int64(i64::MAX))
        .with_header("y", HeaderValue::Bytes(vec![0, 255, 1].into()))
        .with_header("u", string("héllo"))
        .with_header("d", HeaderValue::Timestamp(DateTime::from_millis(-1_500)))
        .with_header("g", HeaderValue::Uuid(*b"0123456789abcdef"));
    let wire = all.to_bytes().unwrap();
    assert_eq!(wire.len(), all.encoded_len());
    assert_eq!(decode_all(&wire).unwrap(), [all]);
}

#[test]
fn messages_split_at_every_byte_decode_the_same() {
    let wire = base64_decode(BOTOCORE_JSON_STREAM).unwrap();
    let whole = decode_all(&wire).unwrap();
    for cut in 0..=wire.len() {
        let mut decoder = MessageDecoder::new();
        let mut got = Vec::new();
        for piece in [&wire[..cut], &wire[cut..]] {
            decoder.push(piece);
            while let Some(m) = decoder.next_message().unwrap() {
                got.push(m);
            }
        }
        decoder.finish().unwrap();
        assert_eq!(got, whole, "cut at {cut}");
    }
}

/// A frame with the given prelude fields and a correct prelude CRC, then `rest`.
fn frame_with_prelude(total_len: u32, headers_len: u32, rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&total_len.to_be_bytes());
    out.extend_from_slice(&headers_len.to_be_bytes());
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    out.extend_from_slice(rest);
    out
}

/// A whole frame with both CRCs right around raw `headers` bytes.
fn frame_with_raw_headers(headers: &[u8]) -> Vec<u8> {
    let total = (12 + headers.len() + 4) as u32;
    let mut out = frame_with_prelude(total, headers.len() as u32, headers);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

fn error_of(wire: &[u8]) -> FrameErrorKind {
    decode_all(wire).unwrap_err().kind
}

#[test]
fn corrupt_frames_are_typed_errors() {
    let good = Message::new(&b"payload"[..])
        .with_header(":event-type", string("x"))
        .to_bytes()
        .unwrap();

    let mut bad = good.clone();
    bad[2] ^= 1;
    assert!(matches!(error_of(&bad), FrameErrorKind::PreludeCrc { .. }));

    let mut bad = good.clone();
    bad[good.len() - 6] ^= 0x80;
    assert!(matches!(error_of(&bad), FrameErrorKind::MessageCrc { .. }));

    assert_eq!(
        error_of(&frame_with_prelude(15, 0, &[0; 3])),
        FrameErrorKind::TooShort { total_len: 15 }
    );
    assert_eq!(
        error_of(&frame_with_prelude(u32::MAX, 0, &[])),
        FrameErrorKind::TooLong {
            total_len: u32::MAX,
            max: MAX_MESSAGE_LEN
        }
    );
    assert_eq!(
        error_of(&frame_with_prelude(20, 5, &[0; 8])),
        FrameErrorKind::HeadersLength {
            headers_len: 5,
            total_len: 20
        }
    );
    let header = |problem| FrameErrorKind::Header { index: 0, problem };
    assert_eq!(
        error_of(&frame_with_raw_headers(&[1, b'a', 10])),
        header("unknown value type (types are 0 to 9)")
    );
    assert_eq!(
        error_of(&frame_with_raw_headers(&[0, 0])),
        header("the name is empty")
    );
    assert_eq!(
        error_of(&frame_with_raw_headers(&[5, b'a', b'b'])),
        header("the name and type run past the headers section")
    );
    assert_eq!(
        error_of(&frame_with_raw_headers(&[1, 0xff, 0])),
        header("the name is not UTF-8")
    );
    assert_eq!(
        error_of(&frame_with_raw_headers(&[1, b'a', 4, 0, 0])),
        header("the value runs past the headers section")
    );
    assert_eq!(
        error_of(&frame_with_raw_headers(&[1, b'a', 7, 0, 3, b'x'])),
        header("the value runs past the headers section")
    );
    assert_eq!(
        error_of(&frame_with_raw_headers(&[1, b'a', 7, 0, 1, 0xc3])),
        header("the string value is not UTF-8")
    );

    // The second message of a stream: the error says which one and where.
    let mut two = good.clone();
    two.extend_from_slice(&good[..good.len() - 1]);
    let e = decode_all(&two).unwrap_err();
    assert_eq!(e.message_index, 1);
    assert_eq!(e.offset, good.len() as u64);
    assert_eq!(
        e.kind,
        FrameErrorKind::Truncated {
            received: good.len() - 1
        }
    );
    assert_eq!(
        e.to_string(),
        format!(
            "event-stream message 1 (at byte {}): the stream ended after {} bytes of an \
             unfinished message",
            good.len(),
            good.len() - 1
        )
    );
}

#[test]
fn a_decoder_stops_at_its_first_error() {
    let mut decoder = MessageDecoder::new();
    decoder.push(&frame_with_prelude(15, 0, &[0; 3]));
    let first = decoder.next_message().unwrap_err();
    decoder.push(&Message::new(&b"ok"[..]).to_bytes().unwrap());
    assert_eq!(decoder.next_message().unwrap_err(), first);
    assert_eq!(decoder.finish().unwrap_err(), first);
}

#[test]
fn a_length_beyond_the_limit_is_refused_from_the_prelude() {
    let mut decoder = MessageDecoder::with_max_message_len(64);
    let big = Message::new(vec![7u8; 100]).to_bytes().unwrap();
    decoder.push(&big[..12]);
    let e = decoder.next_message().unwrap_err();
    assert_eq!(
        e.kind,
        FrameErrorKind::TooLong {
            total_len: 116,
            max: 64
        }
    );
    assert_eq!(decoder.buffered(), 12);
}

#[test]
fn encoding_checks_the_limits() {
    let long_name: String = "n".repeat(256);
    let e = Message::new(&b""[..])
        .with_header(long_name, HeaderValue::Bool(true))
        .to_bytes()
        .unwrap_err();
    assert!(e.to_string().contains("names are 1 to 255 bytes"), "{e}");
    let e = Message::new(&b""[..])
        .with_header("", HeaderValue::Bool(true))
        .to_bytes()
        .unwrap_err();
    assert!(e.to_string().contains("0 bytes long"), "{e}");
    let e = Message::new(&b""[..])
        .with_header("v", HeaderValue::Bytes(vec![0; 65_536].into()))
        .to_bytes()
        .unwrap_err();
    assert!(e.to_string().contains("at most 65535 fit"), "{e}");
    let e = Message::new(vec![0u8; MAX_PAYLOAD_LEN + 1])
        .to_bytes()
        .unwrap_err();
    assert!(e.to_string().contains("the payload is"), "{e}");
    let mut many = Message::new(&b""[..]);
    for i in 0..3 {
        many = many.with_header(format!("h{i}"), HeaderValue::Bytes(vec![0; 60_000].into()));
    }
    let e = many.to_bytes().unwrap_err();
    assert!(e.to_string().contains("the headers take"), "{e}");
}

#[test]
fn debug_shows_payloads_and_byte_arrays_by_length() {
    let m = Message::new(&b"secret payload"[..])
        .with_header(":chunk-signature", HeaderValue::Bytes(vec![1; 32].into()));
    let shown = format!("{m:?}");
    assert!(shown.contains("Bytes(32 bytes)"), "{shown}");
    assert!(shown.contains("payload_len: 14"), "{shown}");
    assert!(!shown.contains("secret"), "{shown}");
}
