//! Chained signatures of input event streams (`AWS4-HMAC-SHA256-PAYLOAD`).
//!
//! A request that sends an event stream is signed with the payload hash
//! `STREAMING-AWS4-HMAC-SHA256-EVENTS`; its signature seeds the chain. Every message is then
//! wrapped in an envelope whose payload is the whole encoded message and whose headers are
//! `:date` (a timestamp) and `:chunk-signature` (the 32 signature bytes), the signature being
//! the HMAC, with the day's signing key, of
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD
//! <:date as YYYYMMDDTHHMMSSZ>
//! <YYYYMMDD>/<region>/<service>/aws4_request
//! <the previous signature, hex>
//! <hex SHA-256 of the encoded :date header>
//! <hex SHA-256 of the envelope's payload>
//! ```
//!
//! The stream ends with an envelope around an empty payload. [`EventSigner`] makes the
//! envelopes, [`EventVerifier`] (for test servers) checks them in order.

use super::date::amz_date;
use super::sign::{push_hex_lower, sha256, SigningKeyCache};
use super::TERMINATOR;
use crate::event_stream::{
    encode_headers, FrameError, FrameErrorKind, Header, HeaderValue, Message, MessageDecoder,
};
use crate::time::DateTime;
use std::fmt;

/// The payload hash a request carrying a signed event stream is signed with (and sends as
/// `x-amz-content-sha256`).
pub const STREAMING_EVENTS_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// The algorithm line of an event's string to sign.
const EVENT_ALGORITHM: &str = "AWS4-HMAC-SHA256-PAYLOAD";

/// The scope and key of a chain, and the last signature in it. Shared by signer and verifier.
struct Chain {
    secret_access_key: String,
    region: String,
    service: String,
    /// Hex of the last signature: the request's, then each envelope's.
    prior_signature: String,
    keys: SigningKeyCache,
}

impl Chain {
    /// The signature of an envelope around `payload` dated `date`, chained to the prior one.
    fn signature(&self, date: &DateTime, payload: &[u8]) -> ring::hmac::Tag {
        let secs = date.secs();
        let stamp = amz_date(secs);
        let day = &stamp[..8];
        let date_header = encode_headers(&[Header::new(":date", HeaderValue::Timestamp(*date))]);
        let mut string_to_sign = String::with_capacity(300);
        for line in [
            EVENT_ALGORITHM,
            &stamp,
            &format!("{day}/{}/{}/{TERMINATOR}", self.region, self.service),
            &self.prior_signature,
        ] {
            string_to_sign.push_str(line);
            string_to_sign.push('\n');
        }
        push_hex_lower(&mut string_to_sign, sha256(&date_header).as_ref());
        string_to_sign.push('\n');
        push_hex_lower(&mut string_to_sign, sha256(payload).as_ref());
        let key =
            self.keys
                .get_or_derive(&self.secret_access_key, day, &self.region, &self.service);
        ring::hmac::sign(&key, string_to_sign.as_bytes())
    }
}

impl fmt::Debug for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chain")
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// Signs the messages of an input event stream, each envelope chained to the one before.
///
/// `Debug` shows region and service only.
#[derive(Debug)]
pub struct EventSigner {
    chain: Chain,
}

impl EventSigner {
    /// A signer for `region` and `service` whose chain starts at the request's signature
    /// (`seed_signature_hex`, the `Signature=` of its `Authorization` header).
    pub fn new(
        secret_access_key: &str,
        region: &str,
        service: &str,
        seed_signature_hex: &str,
    ) -> Self {
        EventSigner {
            chain: Chain {
                secret_access_key: secret_access_key.to_owned(),
                region: region.to_owned(),
                service: service.to_owned(),
                prior_signature: seed_signature_hex.to_owned(),
                keys: SigningKeyCache::default(),
            },
        }
    }

    /// The envelope of an encoded message (`message`, the bytes [`Message::encode`] wrote),
    /// signed at `date` (in whole seconds, like the time stamp of the string to sign). An
    /// empty `message` makes the envelope that ends the stream.
    pub fn sign(&mut self, message: &[u8], date: DateTime) -> Message {
        let date = DateTime::from_secs(date.secs());
        let tag = self.chain.signature(&date, message);
        self.chain.prior_signature.clear();
        push_hex_lower(&mut self.chain.prior_signature, tag.as_ref());
        Message::new(message.to_vec())
            .with_header(
                ":chunk-signature",
                HeaderValue::Bytes(bytes::Bytes::copy_from_slice(tag.as_ref())),
            )
            .with_header(":date", HeaderValue::Timestamp(date))
    }

    /// The hex of the last signature made (the seed before the first envelope).
    pub fn last_signature(&self) -> &str {
        &self.chain.prior_signature
    }
}

/// Why an envelope of a signed input stream was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventSignatureError {
    /// The envelope lacks `:date` or `:chunk-signature`, or one has the wrong type.
    MissingHeader {
        /// The header.
        name: &'static str,
    },
    /// The signature does not match the one computed from the chain.
    Mismatch {
        /// The envelope's position in the stream (0 for the first).
        index: u64,
    },
    /// An envelope came after the one that ended the stream.
    AfterEnd,
    /// The envelope's payload is not one whole message.
    Inner(FrameError),
}

impl EventSignatureError {
    /// The AWS error code to answer with.
    pub fn code(&self) -> &'static str {
        match self {
            EventSignatureError::Mismatch { .. } => "InvalidSignatureException",
            _ => "SerializationException",
        }
    }
}

impl fmt::Display for EventSignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventSignatureError::MissingHeader { name } => write!(
                f,
                "a signed event-stream message lacks its `{name}` header (or it has the wrong type)"
            ),
            EventSignatureError::Mismatch { index } => write!(
                f,
                "the signature of event-stream message {index} does not match the chain \
                 started by the request's signature"
            ),
            EventSignatureError::AfterEnd => {
                f.write_str("a signed event-stream message came after the end of the stream")
            }
            EventSignatureError::Inner(e) => write!(f, "a signed envelope's payload: {e}"),
        }
    }
}

impl std::error::Error for EventSignatureError {}

/// Checks the envelopes of a signed input stream in order (server side, for test servers).
#[derive(Debug)]
pub struct EventVerifier {
    chain: Chain,
    checked: u64,
    ended: bool,
}

impl EventVerifier {
    /// A verifier for the stream of a request whose own signature was verified and is
    /// `seed_signature_hex`, signed with `secret_access_key` for `region` and `service`.
    pub fn new(
        secret_access_key: &str,
        region: &str,
        service: &str,
        seed_signature_hex: &str,
    ) -> Self {
        EventVerifier {
            chain: EventSigner::new(secret_access_key, region, service, seed_signature_hex).chain,
            checked: 0,
            ended: false,
        }
    }

    /// Checks the next envelope: the message inside it, or `None` for the envelope that
    /// ends the stream.
    ///
    /// # Errors
    ///
    /// A missing header, a signature that does not match (compared in constant time), an
    /// envelope after the end, or a payload that is not one whole message.
    pub fn verify(&mut self, envelope: &Message) -> Result<Option<Message>, EventSignatureError> {
        if self.ended {
            return Err(EventSignatureError::AfterEnd);
        }
        let Some(HeaderValue::Timestamp(date)) = envelope.header(":date") else {
            return Err(EventSignatureError::MissingHeader { name: ":date" });
        };
        let Some(HeaderValue::Bytes(signature)) = envelope.header(":chunk-signature") else {
            return Err(EventSignatureError::MissingHeader {
                name: ":chunk-signature",
            });
        };
        let expected = self.chain.signature(date, envelope.payload());
        if !super::verify::constant_time_eq(expected.as_ref(), signature) {
            return Err(EventSignatureError::Mismatch {
                index: self.checked,
            });
        }
        self.checked += 1;
        self.chain.prior_signature.clear();
        push_hex_lower(&mut self.chain.prior_signature, expected.as_ref());
        if envelope.payload().is_empty() {
            self.ended = true;
            return Ok(None);
        }
        let mut inner = MessageDecoder::new();
        inner.push(envelope.payload());
        match inner.next_message().map_err(EventSignatureError::Inner)? {
            Some(message) => inner
                .finish()
                .map(|()| Some(message))
                .map_err(EventSignatureError::Inner),
            None => Err(EventSignatureError::Inner(FrameError {
                message_index: 0,
                offset: 0,
                kind: FrameErrorKind::Truncated {
                    received: envelope.payload().len(),
                },
            })),
        }
    }

    /// Whether the envelope that ends the stream was checked.
    pub fn ended(&self) -> bool {
        self.ended
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const SEED: &str = "e1d8e8c8815e60969f2a34765c9a15945ffc0badbaa4c7e4b0c2bcde1a2e0b72";

    fn encoded(text: &'static str) -> Vec<u8> {
        Message::new(text.as_bytes())
            .with_header(":event-type", HeaderValue::String("chunk".into()))
            .to_bytes()
            .unwrap()
    }

    fn envelopes(signer: &mut EventSigner, texts: &[&'static str]) -> Vec<Message> {
        let mut out: Vec<Message> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| signer.sign(&encoded(t), DateTime::from_secs(1_700_000_000 + i as i64)))
            .collect();
        out.push(signer.sign(&[], DateTime::from_secs(1_700_000_100)));
        out
    }

    #[test]
    fn a_signed_chain_verifies_message_by_message() {
        let mut signer = EventSigner::new(SECRET, "us-east-1", "bedrock", SEED);
        assert_eq!(signer.last_signature(), SEED);
        let sent = envelopes(&mut signer, &["one", "two", "three"]);
        assert_ne!(signer.last_signature(), SEED);
        let mut verifier = EventVerifier::new(SECRET, "us-east-1", "bedrock", SEED);
        for (envelope, text) in sent.iter().zip(["one", "two", "three"]) {
            let inner = verifier.verify(envelope).unwrap().unwrap();
            assert_eq!(&inner.payload()[..], text.as_bytes());
            assert_eq!(inner.string_header(":event-type"), Some("chunk"));
        }
        assert!(!verifier.ended());
        assert_eq!(verifier.verify(&sent[3]), Ok(None));
        assert!(verifier.ended());
        assert_eq!(
            verifier.verify(&sent[0]),
            Err(EventSignatureError::AfterEnd)
        );
        // The envelope's headers: the signature's 32 bytes and the date.
        assert!(matches!(
            sent[0].header(":chunk-signature"),
            Some(HeaderValue::Bytes(b)) if b.len() == 32
        ));
        assert_eq!(
            sent[1].header(":date"),
            Some(&HeaderValue::Timestamp(DateTime::from_secs(1_700_000_001)))
        );
    }

    #[test]
    fn a_broken_chain_is_refused_where_it_breaks() {
        let mut signer = EventSigner::new(SECRET, "us-east-1", "bedrock", SEED);
        let sent = envelopes(&mut signer, &["one", "two", "three"]);
        let check = |envelopes: &[Message], seed: &str, secret: &str| {
            let mut verifier = EventVerifier::new(secret, "us-east-1", "bedrock", seed);
            envelopes
                .iter()
                .map(|e| verifier.verify(e).map(|_| ()))
                .collect::<Result<Vec<()>, _>>()
        };
        assert!(check(&sent, SEED, SECRET).is_ok());
        let other_seed = SEED.replace('e', "f");
        assert_eq!(
            check(&sent, &other_seed, SECRET),
            Err(EventSignatureError::Mismatch { index: 0 })
        );
        assert_eq!(
            check(&sent, SEED, "another secret"),
            Err(EventSignatureError::Mismatch { index: 0 })
        );
        // Reordered, dropped or altered envelopes break the chain at that place.
        let reordered = [sent[0].clone(), sent[2].clone(), sent[1].clone()];
        assert_eq!(
            check(&reordered, SEED, SECRET),
            Err(EventSignatureError::Mismatch { index: 1 })
        );
        let dropped = [sent[0].clone(), sent[2].clone()];
        assert_eq!(
            check(&dropped, SEED, SECRET),
            Err(EventSignatureError::Mismatch { index: 1 })
        );
        let mut payload = sent[2].payload().to_vec();
        let last = payload.len() - 5;
        payload[last] ^= 1;
        let mut altered = sent.clone();
        altered[2] = Message::new(payload)
            .with_header(
                ":chunk-signature",
                sent[2].header(":chunk-signature").unwrap().clone(),
            )
            .with_header(":date", sent[2].header(":date").unwrap().clone());
        assert_eq!(
            check(&altered, SEED, SECRET),
            Err(EventSignatureError::Mismatch { index: 2 })
        );
        // A later date than the one signed is a different string to sign.
        let mut redated = sent.clone();
        redated[1] = Message::new(sent[1].payload().clone())
            .with_header(
                ":chunk-signature",
                sent[1].header(":chunk-signature").unwrap().clone(),
            )
            .with_header(
                ":date",
                HeaderValue::Timestamp(DateTime::from_secs(1_700_000_050)),
            );
        assert_eq!(
            check(&redated, SEED, SECRET),
            Err(EventSignatureError::Mismatch { index: 1 })
        );
    }

    #[test]
    fn envelopes_without_their_headers_or_message_are_refused() {
        let mut verifier = EventVerifier::new(SECRET, "us-east-1", "bedrock", SEED);
        let bare = Message::new(encoded("x"));
        assert_eq!(
            verifier.verify(&bare),
            Err(EventSignatureError::MissingHeader { name: ":date" })
        );
        let dated = bare.with_header(":date", HeaderValue::Timestamp(DateTime::from_secs(1)));
        assert_eq!(
            verifier.verify(&dated),
            Err(EventSignatureError::MissingHeader {
                name: ":chunk-signature"
            })
        );
        // Correctly signed, but the payload is half a message.
        let mut signer = EventSigner::new(SECRET, "us-east-1", "bedrock", SEED);
        let half = encoded("half");
        let envelope = signer.sign(&half[..half.len() / 2], DateTime::from_secs(1));
        let e = verifier.verify(&envelope).unwrap_err();
        assert!(matches!(e, EventSignatureError::Inner(_)), "{e:?}");
        assert_eq!(e.code(), "SerializationException");
        assert_eq!(
            EventSignatureError::Mismatch { index: 3 }.to_string(),
            "the signature of event-stream message 3 does not match the chain started by the \
             request's signature"
        );
    }

    /// The envelopes the official SDK (aws-sigv4 1.6.6) makes for the same stream:
    /// `cargo run --manifest-path benches/eventstream-peer/Cargo.toml --bin vectors`.
    const OFFICIAL_SDK_ENVELOPES: [&str; 3] = [
        "0000007a000000433995372d103a6368756e6b2d7369676e6174757265060020523733ca41f5d6a2b5b54487028a423e2b83d4759a02738eaa290be92c96e8fa053a64617465080000018bcfe5680000000027000000140c19f8000b3a6576656e742d747970650700056368756e6b6f6e656b48e2c765a597e6",
        "0000007a000000433995372d103a6368756e6b2d7369676e6174757265060020a0e2695a10944d097cd2cba08188d5b9e7f1578734a2546332429742ae3cf360053a64617465080000018bcfe6564800000027000000140c19f8000b3a6576656e742d747970650700056368756e6b74776f00eeee5080769a59",
        "0000005300000043f5447a58103a6368756e6b2d7369676e6174757265060020589732d4ba94254f9cac3cbd7286340554ee134dc237fef133d4aebb767088ef053a64617465080000018bcfe74490c01dc010",
    ];

    #[test]
    fn matches_the_official_sdk() {
        let mut signer = EventSigner::new(SECRET, "us-east-1", "bedrock", SEED);
        for (i, (text, want)) in ["one", "two", ""]
            .iter()
            .zip(OFFICIAL_SDK_ENVELOPES)
            .enumerate()
        {
            let message = if text.is_empty() {
                Vec::new()
            } else {
                encoded(text)
            };
            let date = DateTime::from_secs_and_nanos(1_700_000_000 + i as i64 * 61, 250_000_000);
            let envelope = signer.sign(&message, date).to_bytes().unwrap();
            let hex: String = envelope.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, want, "envelope {i}");
        }
        let mut verifier = EventVerifier::new(SECRET, "us-east-1", "bedrock", SEED);
        for want in OFFICIAL_SDK_ENVELOPES {
            let bytes: Vec<u8> = (0..want.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&want[i..i + 2], 16).unwrap())
                .collect();
            let mut decoder = MessageDecoder::new();
            decoder.push(&bytes);
            verifier
                .verify(&decoder.next_message().unwrap().unwrap())
                .unwrap();
        }
        assert!(verifier.ended());
    }

    #[test]
    fn debug_shows_no_secret_or_signature() {
        let signer = EventSigner::new(SECRET, "us-east-1", "bedrock", SEED);
        let shown = format!("{signer:?}");
        assert!(!shown.contains(SECRET) && !shown.contains(SEED), "{shown}");
        assert!(shown.contains("bedrock"), "{shown}");
    }
}
