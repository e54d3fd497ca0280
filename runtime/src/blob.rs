//! Binary data: [`Blob`], the Smithy `blob` type, and the standard base64
//! encoding (RFC 4648, section 4) it travels in inside JSON documents and
//! headers.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use std::fmt;

/// Binary data (the Smithy `blob` type).
///
/// `Debug` prints only the length, `Blob(3 bytes)`, so payloads do not end up
/// in logs.
///
/// ```
/// use aws_op_runtime::Blob;
///
/// let blob = Blob::from("foo");
/// assert_eq!(blob.as_bytes(), b"foo");
/// assert_eq!(blob.to_base64(), "Zm9v");
/// assert_eq!(Blob::from_base64("Zm9v")?, blob);
/// assert_eq!(format!("{blob:?}"), "Blob(3 bytes)");
/// assert_eq!(blob.into_inner(), b"foo".to_vec());
/// # Ok::<(), aws_op_runtime::Base64Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps the given bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, unwrapped.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes in standard base64 (RFC 4648, section 4: `A-Z a-z 0-9 + /`) with `=` padding.
    pub fn to_base64(&self) -> String {
        base64_encode(&self.0)
    }

    /// Decodes standard base64 (RFC 4648, section 4).
    ///
    /// Padding is optional, but if present it must be complete (the text is then a multiple of
    /// 4 long) and only at the end. Nothing is skipped: whitespace, line breaks, URL-safe `-`
    /// and `_` and any other character are errors that report their byte offset, as are a
    /// dangling single character in the last group and non-zero unused bits in the last
    /// character (so every byte string has exactly one accepted spelling, with or without
    /// padding).
    ///
    /// # Errors
    ///
    /// A [`Base64Error`] with the byte offset of the first problem.
    ///
    /// ```
    /// use aws_op_runtime::Blob;
    ///
    /// assert_eq!(Blob::from_base64("Zm8=").unwrap().as_bytes(), b"fo");
    /// let err = Blob::from_base64("Zm8*").unwrap_err();
    /// assert_eq!(err.position(), 3);
    /// assert_eq!(err.to_string(), "invalid base64: invalid character '*' at byte offset 3");
    /// ```
    pub fn from_base64(s: &str) -> Result<Self, Base64Error> {
        base64_decode(s).map(Blob)
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob(bytes.to_vec())
    }
}

impl From<&str> for Blob {
    /// The UTF-8 bytes of the text.
    fn from(s: &str) -> Self {
        Blob(s.as_bytes().to_vec())
    }
}

impl From<String> for Blob {
    /// The UTF-8 bytes of the text (no copy).
    fn from(s: String) -> Self {
        Blob(s.into_bytes())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Encodes bytes as standard base64 (RFC 4648, section 4: `A-Z a-z 0-9 + /`)
/// with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard base64 as [`Blob::from_base64`] describes.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, Base64Error> {
    // Padded text must be padded canonically; unpadded text must need no padding.
    let engine = if s.ends_with('=') {
        &STANDARD
    } else {
        &STANDARD_NO_PAD
    };
    engine.decode(s).map_err(|e| Base64Error::from_decode(s, e))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ErrorKind {
    /// A character outside the alphabet.
    Character(char),
    /// A misplaced `=`, or padding that does not complete the last group.
    Padding,
    /// A single character in the last group.
    Truncated,
    /// Non-zero unused bits in the last character.
    TrailingBits,
}

/// Text that is not valid standard base64.
///
/// [`position`](Self::position) is the byte offset of the problem in the
/// input; `Display` says what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64Error {
    position: usize,
    kind: ErrorKind,
    input_len: usize,
}

impl Base64Error {
    fn new(input: &str, position: usize, kind: ErrorKind) -> Self {
        Base64Error {
            position,
            kind,
            input_len: input.len(),
        }
    }

    /// What the `base64` crate found, in the terms of this error.
    fn from_decode(input: &str, e: base64::DecodeError) -> Self {
        use base64::DecodeError as E;
        match e {
            E::InvalidByte(at, b'=') => Self::new(input, at, ErrorKind::Padding),
            E::InvalidByte(at, _) => {
                // The offending byte starts a character: everything before it is ASCII.
                let c = input.get(at..).and_then(|r| r.chars().next());
                Self::new(input, at, ErrorKind::Character(c.unwrap_or('\u{FFFD}')))
            }
            E::InvalidLength(len) => Self::new(input, len.saturating_sub(1), ErrorKind::Truncated),
            E::InvalidLastSymbol { offset, .. } => {
                Self::new(input, offset, ErrorKind::TrailingBits)
            }
            E::InvalidPadding => {
                let at = input.trim_end_matches('=').len();
                Self::new(input, at, ErrorKind::Padding)
            }
        }
    }

    /// Byte offset in the input of the offending character.
    pub fn position(&self) -> usize {
        self.position
    }

    /// The offending character, if the problem is a character outside the
    /// base64 alphabet.
    pub fn invalid_char(&self) -> Option<char> {
        match self.kind {
            ErrorKind::Character(c) => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid base64: ")?;
        let at = self.position;
        match self.kind {
            ErrorKind::Character(c) => {
                write!(f, "invalid character {c:?} at byte offset {at}")
            }
            ErrorKind::Padding => write!(
                f,
                "misplaced or incomplete '=' padding at byte offset {at} \
                 (input is {} bytes long)",
                self.input_len
            ),
            ErrorKind::Truncated => write!(
                f,
                "lone character at byte offset {at} in the last group \
                 (a group needs at least 2 characters)"
            ),
            ErrorKind::TrailingBits => write!(
                f,
                "non-zero unused bits in the last character at byte offset {at}"
            ),
        }
    }
}

impl std::error::Error for Base64Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small deterministic generator (Knuth's MMIX LCG constants).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 11
        }
    }

    const RFC4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(base64_decode(unpadded).unwrap(), plain.as_bytes());
            assert_eq!(Blob::from(plain).to_base64(), encoded);
            assert_eq!(Blob::from_base64(encoded).unwrap(), Blob::from(plain));
        }
    }

    #[test]
    fn full_alphabet_and_all_bytes() {
        let all: Vec<u8> = (0..=255).collect();
        let encoded = base64_encode(&all);
        assert!(encoded.starts_with("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"));
        assert!(encoded.ends_with("+/w=="));
        assert_eq!(base64_decode(&encoded).unwrap(), all);
        assert_eq!(base64_encode(&[0xFB, 0xFF, 0xBF]), "+/+/");
        assert_eq!(
            base64_decode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                .unwrap()
                .len(),
            48
        );
    }

    #[test]
    fn random_round_trips() {
        let mut rng = Lcg(0xb10b);
        for len in 0..300usize {
            for _ in 0..20 {
                let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                let encoded = base64_encode(&data);
                assert_eq!(encoded.len(), len.div_ceil(3) * 4);
                assert_eq!(base64_decode(&encoded).unwrap(), data);
                assert_eq!(base64_decode(encoded.trim_end_matches('=')).unwrap(), data);
            }
        }
        let big: Vec<u8> = (0..1_000_003).map(|_| rng.next() as u8).collect();
        assert_eq!(base64_decode(&base64_encode(&big)).unwrap(), big);
    }

    #[test]
    fn invalid_input() {
        // (input, byte offset, offending character if any)
        let cases: &[(&str, usize, Option<char>)] = &[
            ("Zm9v*mFy", 4, Some('*')),
            ("*", 0, Some('*')),
            ("Zm9vYmF*", 7, Some('*')),
            ("Zm9 v", 3, Some(' ')),
            ("Zm9v\n", 4, Some('\n')),
            (" Zm9v", 0, Some(' ')),
            ("Zm9v-_", 4, Some('-')),
            ("Zm9vé", 4, Some('é')),
            ("Zm9v😀A", 4, Some('😀')),
            ("Zm9vYmFy\u{0}", 8, Some('\u{0}')),
            ("Zm8.", 3, Some('.')),
            // Padding in the wrong place or of the wrong amount.
            ("=", 0, None),
            ("==", 0, None),
            ("===", 0, None),
            ("====", 0, None),
            ("Zg=", 2, None),
            ("Zg===", 2, None),
            ("Zg====", 2, None),
            ("Zm9v=", 4, None),
            ("Zm9v==", 4, None),
            ("Z===", 1, None),
            ("Zm=9v", 2, None),
            ("Zm9v=Zm9v", 4, None),
            ("Zm9vYmFy====", 8, None),
            // A lone character in the last group.
            ("Z", 0, None),
            ("Zm9vY", 4, None),
            ("Zm9vY=", 5, None),
            // Non-zero unused bits.
            ("Zh==", 1, None),
            ("Zh", 1, None),
            ("Zm9=", 2, None),
            ("Zm9vYmF", 6, None),
        ];
        for &(input, position, ch) in cases {
            let err = base64_decode(input).expect_err(input);
            assert_eq!(err.position(), position, "{input:?}: {err}");
            assert_eq!(err.invalid_char(), ch, "{input:?}: {err}");
            assert!(err.to_string().starts_with("invalid base64: "));
            assert!(Blob::from_base64(input).is_err());
        }
        let err = base64_decode("Zm9vé").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid base64: invalid character 'é' at byte offset 4"
        );
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
        assert!(!boxed.to_string().is_empty());
    }

    /// Arbitrary text never panics, and whatever decodes re-encodes to the
    /// same text up to padding.
    #[test]
    fn garbage_never_panics() {
        let mut rng = Lcg(99);
        let alphabet: Vec<char> = "AZaz09+/=-_ \né😀\u{0}".chars().collect();
        let check = |s: &str| {
            if let Ok(bytes) = base64_decode(s) {
                let encoded = base64_encode(&bytes);
                assert_eq!(
                    encoded.trim_end_matches('='),
                    s.trim_end_matches('='),
                    "{s:?}"
                );
            }
        };
        for _ in 0..50_000 {
            let len = (rng.next() % 16) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect();
            check(&s);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            check(&String::from_utf8_lossy(&bytes));
        }
        let valid = "Zm9vYmE=";
        for i in (0..=valid.len()).filter(|&i| valid.is_char_boundary(i)) {
            for ins in ["é", "😀", "=", "A", " "] {
                check(&format!("{}{}{}", &valid[..i], ins, &valid[i..]));
            }
            check(&valid[..i]);
            check(&valid[i..]);
        }
        check(&"A".repeat(100_001));
        check(&"=".repeat(1000));
        check(&"é".repeat(1000));
    }

    #[test]
    fn blob_api() {
        let b = Blob::new(vec![1, 2, 3]);
        assert_eq!(b.len(), 3);
        assert!(!b.is_empty());
        assert_eq!(b.as_bytes(), &[1, 2, 3]);
        assert_eq!(b.as_ref(), &[1, 2, 3]);
        assert_eq!(format!("{b:?}"), "Blob(3 bytes)");
        assert_eq!(b.clone().into_inner(), vec![1, 2, 3]);
        assert_eq!(Blob::new(&b"abc"[..]), Blob::from("abc"));
        assert_eq!(Blob::from(String::from("abc")), Blob::from(&b"abc"[..]));
        assert_eq!(Blob::from(vec![b'a', b'b', b'c']), Blob::new("abc"));
        let empty = Blob::default();
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        assert_eq!(empty.to_base64(), "");
        assert_eq!(format!("{empty:?}"), "Blob(0 bytes)");
        let mut set = std::collections::HashSet::new();
        set.insert(Blob::from("x"));
        assert!(set.contains(&Blob::new("x")));
    }
}
