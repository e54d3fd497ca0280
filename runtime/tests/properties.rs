//! Property tests of the runtime's parsers and the SigV4 canonicaliser: bad input never panics.
//!
//! Arbitrary text (unicode, `%` sequences, near-valid forms) goes into every parser; they must
//! return `Ok`/`Err` (or a value), never panic. A few round trips pin the behaviour down:
//! `percent_decode(uri_encode(s))`, `parse_amz_date(amz_date(t))`, base64, timestamps, header
//! lists, and `verify` accepting exactly what `sign` produced.
//!
//! Bounded for CI: 256 cases per property, no failure files written.

use aws_op_runtime::__private::{FromHeader, ToHeader};
use aws_op_runtime::sigv4::{
    amz_date, canonical_query, canonical_uri, parse_amz_date, parse_authorization, parse_query,
    percent_decode, sha256_hex, sign, sign_cached, uri_encode, verify, SignableRequest,
    SigningKeyCache, SigningKeys, SigningScope, VerifyError,
};
use aws_op_runtime::Blob;
use aws_op_runtime::Endpoint;
use aws_op_runtime::Env;
use aws_op_runtime::ProfileSet;
use aws_op_runtime::{DateTime, TimestampFormat};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const FORMATS: [TimestampFormat; 3] = [
    TimestampFormat::EpochSeconds,
    TimestampFormat::DateTime,
    TimestampFormat::HttpDate,
];

/// Seconds of `0000-01-01T00:00:00Z` and `9999-12-31T23:59:59Z`: what `amz_date` can format.
const AMZ_MIN: i64 = -62_167_219_200;
const AMZ_MAX: i64 = 253_402_300_799;
/// Seconds of `0001-01-01T00:00:00Z`: the text timestamp formats start at year 1.
const YEAR_1: i64 = -62_135_596_800;

// ---------------------------------------------------------------- strategies

/// Text: arbitrary unicode, `%` sequences mixed with path characters, or plain ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(%[0-9A-Fa-fgG]{0,2}|%|[-/._~ a-zA-Z0-9?=&+#:;,]|/\\.\\.?/|\\PC){0,24}",
        "[a-zA-Z0-9]{0,12}",
        prop::collection::vec(any::<char>(), 0..16).prop_map(|c| c.into_iter().collect()),
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((text(), text()), 0..6)
}

/// An HTTP header name (RFC 9110 `token`): what a real request can carry.
fn token() -> impl Strategy<Value = String> {
    "[-!#$%&'*+.^_`|~0-9A-Za-z]{1,20}"
}

/// A one-character edit of a string: replace, delete or insert at a character boundary.
#[derive(Clone, Debug)]
enum CharEdit {
    Replace(prop::sample::Index, char),
    Delete(prop::sample::Index),
    Insert(prop::sample::Index, char),
}

fn char_edit() -> impl Strategy<Value = CharEdit> {
    let c = prop_oneof![
        3 => prop::sample::select(" ,:-+.TZ0159aG/=;\"".chars().collect::<Vec<_>>()),
        1 => any::<char>(),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), c.clone()).prop_map(|(i, c)| CharEdit::Replace(i, c)),
        any::<prop::sample::Index>().prop_map(CharEdit::Delete),
        (any::<prop::sample::Index>(), c).prop_map(|(i, c)| CharEdit::Insert(i, c)),
    ]
}

fn apply_edits(s: &str, edits: &[CharEdit]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for e in edits {
        match e {
            CharEdit::Replace(i, c) if !chars.is_empty() => {
                let i = i.index(chars.len());
                chars[i] = *c;
            }
            CharEdit::Delete(i) if !chars.is_empty() => {
                chars.remove(i.index(chars.len()));
            }
            CharEdit::Insert(i, c) => chars.insert(i.index(chars.len() + 1), *c),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// `s` as it is (half the time), or with one to three one-character edits.
fn maybe_edited(s: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let edits = prop_oneof![Just(Vec::new()), prop::collection::vec(char_edit(), 1..=3)];
    (s, edits).prop_map(|(s, e)| apply_edits(&s, &e))
}

// ---------------------------------------------------------------- SigV4

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sign_never_panics(
        method in text(),
        path in text(),
        query in pairs(),
        headers in pairs(),
        payload in text(),
        (akid, secret, region, service) in
            (text(), prop_oneof![text(), "[a-z]{100,300}"], text(), text()),
        time in any::<i64>(),
    ) {
        let req = SignableRequest {
            method: &method,
            path: &path,
            query: &query,
            headers: &headers,
            payload_sha256_hex: &payload,
        };
        let keys = SigningKeys {
            access_key_id: &akid,
            secret_access_key: &secret,
            session_token: None,
        };
        let scope = SigningScope { region: &region, service: &service, time_epoch_secs: time };
        let signature = sign(&req, &keys, &scope);
        prop_assert_eq!(signature.amz_date.len(), 16);
        prop_assert_eq!(signature.signature_hex.len(), 64);
        let _ = format!("{req:?} {keys:?} {signature:?}");
        // The cached key gives the same signature, also when the cache holds another key.
        let cache = SigningKeyCache::default();
        prop_assert_eq!(&sign_cached(&req, &keys, &scope, &cache), &signature);
        prop_assert_eq!(&sign_cached(&req, &keys, &scope, &cache), &signature);
    }

    #[test]
    fn canonicalisers_never_panic(s in text(), query in pairs()) {
        let uri = canonical_uri(&s);
        prop_assert!(uri.starts_with('/'), "{:?}", uri);
        prop_assert!(
            uri.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
            "{:?}", uri
        );
        let q = canonical_query(&query);
        prop_assert!(
            q.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)),
            "{:?}", q
        );
        let _ = parse_query(&s);
        let _ = parse_amz_date(&s);
        if let Err(e) = parse_authorization(&s) {
            let _ = (e.code(), e.to_string());
        }
    }

    #[test]
    fn uri_encode_round_trips(s in text()) {
        let strict = uri_encode(&s, true);
        prop_assert!(
            strict.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "{:?}", strict
        );
        prop_assert_eq!(percent_decode(&strict), s.clone());
        prop_assert_eq!(percent_decode(&uri_encode(&s, false)), s);
    }

    #[test]
    fn percent_decode_never_panics(s in text(), raw in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = percent_decode(&s);
        // `%XX` of arbitrary bytes, invalid UTF-8 included: decoded lossily.
        let encoded: String = raw.iter().map(|b| format!("%{b:02x}")).collect();
        let decoded = percent_decode(&encoded);
        prop_assert_eq!(decoded, String::from_utf8_lossy(&raw).into_owned());
    }

    #[test]
    fn parse_query_reads_back_the_canonical_query(query in pairs()) {
        let mut back = parse_query(&canonical_query(&query));
        let mut want = query;
        back.sort();
        want.sort();
        prop_assert_eq!(back, want);
    }

    #[test]
    fn amz_dates_round_trip(t in AMZ_MIN..=AMZ_MAX, any_time in any::<i64>()) {
        prop_assert_eq!(parse_amz_date(&amz_date(t)), Some(t));
        let clamped = amz_date(any_time);
        prop_assert_eq!(parse_amz_date(&clamped), Some(any_time.clamp(AMZ_MIN, AMZ_MAX)));
    }

    #[test]
    fn near_valid_amz_dates_never_panic(
        s in prop_oneof![
            maybe_edited((AMZ_MIN..=AMZ_MAX).prop_map(amz_date)),
            (0..=9999i64, 0..=13i64, 0..=32i64, 0..=25i64, 0..=61i64, 0..=61i64).prop_map(
                |(y, mo, d, h, mi, s)| format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
            ),
            "[0-9T]{0,17}Z?|.{16}",
        ],
    ) {
        if let Some(t) = parse_amz_date(&s) {
            prop_assert_eq!(amz_date(t), s);
        }
    }

    #[test]
    fn structured_authorizations_never_panic(header in authorization()) {
        match parse_authorization(&header) {
            Ok(p) => {
                prop_assert!(p.signed_headers.iter().all(|h| !h.is_empty()));
                prop_assert_eq!(p.date.len(), 8);
            }
            Err(e) => { let _ = (e.code(), e.to_string()); }
        }
    }

    #[test]
    fn near_valid_authorizations_never_panic(
        algorithm in prop_oneof![Just("AWS4-HMAC-SHA256".to_owned()), text()],
        parts in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "Credential", "SignedHeaders", "Signature", "", " Credential ",
                ]),
                prop_oneof![
                    text(),
                    "[A-Z0-9]{0,8}(/[0-9]{0,9}(/[a-z0-9-]{0,6}(/[a-z]{0,6}(/aws4_request)?)?)?)?",
                    "([a-z-]{0,6};?){0,4}",
                ],
                prop::sample::select(vec!["=", "", "==", " = "]),
            ),
            0..5,
        ),
        separator in prop::sample::select(vec![", ", ",", " ", "\t", ",,"]),
    ) {
        let params: Vec<String> = parts.iter().map(|(k, v, eq)| format!("{k}{eq}{v}")).collect();
        let header = format!("{algorithm} {}", params.join(separator));
        match parse_authorization(&header) {
            Ok(p) => prop_assert!(p.signed_headers.iter().all(|h| !h.is_empty())),
            Err(e) => { let _ = (e.code(), e.to_string()); }
        }
    }
}

/// An `Authorization` value: the three parameters (each near-valid) in any order, sometimes
/// one dropped, repeated or joined by junk, and sometimes edited character by character.
fn authorization() -> impl Strategy<Value = String> {
    fn mostly<T: std::fmt::Debug + Clone + 'static>(
        good: impl Strategy<Value = T> + 'static,
        bad: impl Strategy<Value = T> + 'static,
    ) -> impl Strategy<Value = T> {
        prop_oneof![6 => good, 1 => bad]
    }
    let credential = (
        mostly("[A-Z0-9]{1,8}", "[A-Z0-9]{0,8}|A/B|A=B"),
        mostly("[0-9]{8}", "[0-9]{0,9}|2015083x"),
        mostly("[a-z0-9-]{1,8}", "[a-z0-9-]{0,8}"),
        mostly("[a-z0-9]{1,8}", "[a-z0-9]{0,8}"),
        mostly(Just("aws4_request"), prop::sample::select(vec!["aws4", ""])),
    )
        .prop_map(|(k, d, r, s, t)| format!("Credential={k}/{d}/{r}/{s}/{t}"));
    let signed = mostly(
        "(host|x-amz-date|[a-z-]{1,5})(;(host|X-Amz-Date|[a-z-]{1,5})){0,4}",
        "(host|x-amz-date|[a-z-]{0,5})(;(host|X-Amz-Date|[a-z-]{0,5}| )){0,4}",
    )
    .prop_map(|h| format!("SignedHeaders={h}"));
    let signature = "[0-9a-f]{64}|[0-9a-zA-Z]{0,70}".prop_map(|h| format!("Signature={h}"));
    let parts = (credential, signed, signature)
        .prop_map(|(c, h, s)| vec![c, h, s])
        .prop_shuffle();
    let header = (
        prop_oneof![
            8 => Just("AWS4-HMAC-SHA256"),
            1 => Just("AWS4-HMAC-SHA1"),
            1 => Just(""),
        ],
        parts,
        0..8usize,
        prop::sample::select(vec![", ", ",", " , ", ",,", " "]),
        prop::sample::select(vec!["Foo=bar", "Signature=00", "junk", "="]),
    )
        .prop_map(|(alg, mut parts, change, sep, junk)| {
            match change {
                0 => drop(parts.pop()),
                1 => parts.push(parts[0].clone()),
                2 => parts.push(junk.to_owned()),
                _ => {}
            }
            format!("{alg} {}", parts.join(sep))
        });
    maybe_edited(header)
}

/// A request signed with [`sign`]: method, path, query, headers (with `authorization`) and the
/// payload hash.
#[derive(Debug, Clone)]
struct Signed {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    payload_hash: String,
    time: i64,
}

const AKID: &str = "AKIDEXAMPLE";

fn signed_request() -> impl Strategy<Value = (Signed, String)> {
    let extra = prop::collection::vec((token(), text()), 0..5).prop_map(|hs| {
        hs.into_iter()
            .filter(|(n, _)| {
                !["authorization", "x-amz-date", "host"]
                    .iter()
                    .any(|r| n.eq_ignore_ascii_case(r))
            })
            .collect::<Vec<_>>()
    });
    (
        prop_oneof![Just("GET".to_owned()), Just("POST".to_owned()), text()],
        text(),
        pairs(),
        extra,
        "[a-zA-Z0-9.-]{1,30}(:[0-9]{1,5})?",
        prop::collection::vec(any::<u8>(), 0..128),
        AMZ_MIN..=AMZ_MAX,
        text(),
        "[a-z0-9-]{1,16}",
        "[a-z0-9]{1,16}",
    )
        .prop_map(
            |(method, path, query, extra, host, body, time, secret, region, service)| {
                let mut headers = vec![
                    ("Host".to_owned(), host),
                    ("X-Amz-Date".to_owned(), amz_date(time)),
                ];
                headers.extend(extra);
                let payload_hash = sha256_hex(&body);
                let signature = sign(
                    &SignableRequest {
                        method: &method,
                        path: &path,
                        query: &query,
                        headers: &headers,
                        payload_sha256_hex: &payload_hash,
                    },
                    &SigningKeys {
                        access_key_id: AKID,
                        secret_access_key: &secret,
                        session_token: None,
                    },
                    &SigningScope {
                        region: &region,
                        service: &service,
                        time_epoch_secs: time,
                    },
                );
                headers.push(("Authorization".to_owned(), signature.authorization));
                let signed = Signed {
                    method,
                    path,
                    query,
                    headers,
                    payload_hash,
                    time,
                };
                (signed, secret)
            },
        )
}

fn verify_signed(
    r: &Signed,
    payload_hash: &str,
    secret: &str,
) -> Result<aws_op_runtime::sigv4::ParsedAuthorization, VerifyError> {
    let secret_for = |akid: &str| (akid == AKID).then(|| secret.to_owned());
    verify(
        &r.method,
        &r.path,
        &r.query,
        &r.headers,
        payload_hash,
        &secret_for,
        r.time,
        300,
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn verify_accepts_what_sign_produced((r, secret) in signed_request()) {
        let parsed = verify_signed(&r, &r.payload_hash, &secret);
        prop_assert!(parsed.is_ok(), "{:?}", parsed);
        prop_assert_eq!(parsed.unwrap().access_key_id, AKID);
    }

    #[test]
    fn verify_rejects_a_changed_body_hash(
        (r, secret) in signed_request(),
        at in 0..64usize,
        delta in 1..16usize,
    ) {
        // One hex digit of the hash replaced by another.
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hash = r.payload_hash.clone().into_bytes();
        let old = HEX.iter().position(|d| *d == hash[at]).unwrap();
        hash[at] = HEX[(old + delta) % 16];
        let hash = String::from_utf8(hash).unwrap();
        prop_assert_ne!(&hash, &r.payload_hash);
        let result = verify_signed(&r, &hash, &secret);
        prop_assert!(matches!(result, Err(VerifyError::SignatureMismatch { .. })), "{:?}", result);
    }

    #[test]
    fn verify_never_panics_on_tampered_requests(
        (r, secret) in signed_request(),
        auth in prop_oneof![text(), "AWS4-HMAC-SHA256 .{0,60}"],
        date in prop_oneof![text(), "[0-9]{8}T[0-9]{6}Z"],
        now in any::<i64>(),
        skew in any::<i64>(),
        which in 0..4usize,
    ) {
        let mut r = r;
        match which {
            0 => r.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("authorization")),
            1 => r.headers.push(("authorization".into(), auth)),
            2 => {
                for h in &mut r.headers {
                    if h.0.eq_ignore_ascii_case("x-amz-date") {
                        h.1 = date.clone();
                    }
                }
            }
            _ => r.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("host")),
        }
        let secret_for = |akid: &str| (akid == AKID).then(|| secret.clone());
        let result = verify(
            &r.method, &r.path, &r.query, &r.headers, &r.payload_hash, &secret_for, now, skew,
        );
        if let Err(e) = result {
            let _ = (e.code(), e.to_string());
        }
    }
}

// ---------------------------------------------------------------- profile files

static FILE_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A file under the temporary directory with a name no other case or process uses; removed on
/// drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(kind: &str, contents: &[u8]) -> Self {
        let n = FILE_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "aws-op-properties-{}-{n}-{kind}",
            std::process::id()
        ));
        std::fs::write(&path, contents).expect("the temporary directory is writable");
        TempFile(path)
    }

    fn path(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Lines that look like a shared config file, good and bad.
fn profile_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\[(profile |sso-session |services )?[a-z -]{0,8}\\]( [#;].{0,5})?",
        "\\[ ?(default|profile default|profile) ?\\]",
        "[a-z_]{1,10} ?= ?[a-zA-Z0-9 #;=]{0,10}",
        "[ \t]+[a-z_]{0,10} ?=? ?[a-z0-9]{0,6}",
        "[#;].{0,10}",
        "[ \t]*",
        "\\[[^\\]\n]{0,6}",
        "=.{0,5}",
        ".{0,12}",
    ]
}

/// Mostly well-formed files: a section first, then properties, sub-properties, sections,
/// comments and now and then a line that is wrong.
fn mostly_valid_profile() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => "[a-z_]{1,10} ?= ?[a-zA-Z0-9 #;=/:]{0,10}",
        2 => "[a-z_]{1,10} =",
        3 => "[ \t]{1,3}[a-z_]{1,10} ?= ?[a-z0-9]{0,6}",
        2 => "\\[(profile |sso-session |services )?[a-z]{1,6}\\]",
        1 => "[#;].{0,10}",
        1 => "[ \t]*",
        1 => profile_line(),
    ];
    (
        "\\[(default|profile [a-z]{1,6}|[a-z]{1,6}|services s|sso-session s)\\]",
        prop::collection::vec(line, 0..16),
    )
        .prop_map(|(first, lines)| {
            let mut text = first;
            for l in lines {
                text.push('\n');
                text.push_str(&l);
            }
            text
        })
}

fn profile_text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => mostly_valid_profile().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => any::<String>().prop_map(String::into_bytes),
        2 => (
            prop::collection::vec(profile_line(), 0..12),
            prop::sample::select(vec!["\n", "\r\n", "\r"]),
            any::<bool>(),
        )
            .prop_map(|(lines, eol, bom)| {
                let mut text = if bom { "\u{feff}".to_owned() } else { String::new() };
                text.push_str(&lines.join(eol));
                text.into_bytes()
            }),
    ]
}

fn line_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count() + 1
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn profile_load_never_panics_and_errors_name_file_and_line(
        config_text in profile_text(),
        credentials_text in profile_text(),
        profile in prop::option::of("[a-z]{1,6}|default"),
    ) {
        let config = TempFile::new("config", &config_text);
        let credentials = TempFile::new("credentials", &credentials_text);
        let mut vars = vec![
            ("AWS_CONFIG_FILE".to_owned(), config.path()),
            ("AWS_SHARED_CREDENTIALS_FILE".to_owned(), credentials.path()),
        ];
        if let Some(p) = profile {
            vars.push(("AWS_PROFILE".to_owned(), p));
        }
        match ProfileSet::load(&Env::from_pairs(vars)) {
            Ok(set) => {
                let _ = (format!("{set:?}"), set.selected_name(), set.selected().map(|p| p.keys()));
                for name in set.profile_names() {
                    let p = set.get(name).expect("a listed profile exists");
                    for key in p.keys() {
                        let _ = (p.get(key), p.sub_keys(key), p.location(key), format!("{p:?}"));
                        for sub in p.sub_keys(key) {
                            let _ = p.sub_property(key, sub);
                        }
                    }
                }
            }
            Err(e) => {
                let contents = if e.file == config.path() {
                    &config_text
                } else {
                    prop_assert_eq!(&e.file, &credentials.path());
                    &credentials_text
                };
                // Both files exist and are readable: every error is about a line of one.
                let line = e.line;
                prop_assert!(line.is_some(), "no line: {}", e);
                let line = line.unwrap();
                prop_assert!(
                    line >= 1 && line <= line_count(contents),
                    "line {} of {:?}: {}", line, String::from_utf8_lossy(contents), e
                );
                prop_assert!(e.to_string().starts_with(&format!("{}:{}: ", e.file, line)), "{}", e);
            }
        }
    }
}

// ---------------------------------------------------------- time, blob, json, codec, endpoint

fn timestamp_text() -> impl Strategy<Value = String> {
    let real = (
        YEAR_1..=AMZ_MAX,
        prop_oneof![Just(0u32), 0..1_000_000_000u32],
        prop::sample::select(FORMATS.to_vec()),
    )
        .prop_map(|(secs, nanos, f)| DateTime::from_secs_and_nanos(secs, nanos).fmt(f));
    let parts = (
        0..=10000i64,
        0..=13i64,
        0..=32i64,
        0..=25i64,
        0..=61i64,
        0..=61i64,
        "(\\.[0-9]{1,12})?",
    );
    let date_time = (
        parts.clone(),
        prop::sample::select(vec!["Z", "z", "+00:00", "-07:30", "", "+0000", "+24:00"]),
    )
        .prop_map(|((y, mo, d, h, mi, s, frac), zone)| {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{zone}")
        });
    let http_date = (
        parts,
        prop::sample::select(vec!["Mon", "Tue", "Sun", "Xyz", "Monday"]),
        prop::sample::select(vec!["Jan", "Feb", "Dec", "Foo", "jan"]),
        prop::sample::select(vec![" GMT", " UTC", "", " GMT "]),
    )
        .prop_map(|((y, _, d, h, mi, s, frac), wd, mon, zone)| {
            let frac = frac.get(..4).unwrap_or(&frac).to_owned();
            format!("{wd}, {d:02} {mon} {y:04} {h:02}:{mi:02}:{s:02}{frac}{zone}")
        });
    prop_oneof![
        3 => maybe_edited(real),
        2 => date_time,
        2 => http_date,
        1 => text(),
        // epoch-seconds
        1 => "[ +-]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][+-]?[0-9]{0,5})?|NaN|-?Infinity|1e400",
        // date-time
        1 => "[+-]?[0-9]{0,6}-[0-9]{1,3}-[0-9]{1,3}[Tt ][0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}(\\.[0-9]{0,15})?([Zz]|[+-][0-9]{2}:?[0-9]{2})?",
        // http-date (and the obsolete forms)
        1 => "(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Xyz)(day)?,? [0-9]{1,3}[ -](Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Foo)[ -][0-9]{1,5} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]{0,6})? ?(GMT|UTC)?",
    ]
}

fn base64_text() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        "[A-Za-z0-9+/]{0,40}={0,3}",
        "[A-Za-z0-9+/=_-]{0,40}"
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn timestamps_never_panic(s in timestamp_text()) {
        for format in FORMATS {
            match DateTime::parse(&s, format) {
                Ok(t) => { let _ = (t.fmt(format), t.to_string(), t.as_fractional_secs()); }
                Err(e) => { let _ = (e.to_string(), e.input().len(), e.expected()); }
            }
        }
        let _ = s.parse::<DateTime>();
    }

    #[test]
    fn timestamps_round_trip(
        secs in YEAR_1..=AMZ_MAX,
        millis in 0..1000u32,
        nanos in 0..1_000_000_000u32,
    ) {
        let whole_ms = DateTime::from_secs_and_nanos(secs, millis * 1_000_000);
        for format in FORMATS {
            prop_assert_eq!(DateTime::parse(&whole_ms.fmt(format), format), Ok(whole_ms));
        }
        let fine = DateTime::from_secs_and_nanos(secs, nanos);
        // Nanoseconds survive the formats that write them (http-date keeps milliseconds).
        for format in [TimestampFormat::DateTime, TimestampFormat::EpochSeconds] {
            prop_assert_eq!(DateTime::parse(&fine.fmt(format), format), Ok(fine));
        }
    }

    #[test]
    fn any_time_formats_without_panic(secs in any::<i64>(), nanos in 0..1_000_000_000u32) {
        let t = DateTime::from_secs_and_nanos(secs, nanos);
        for format in FORMATS {
            let _ = DateTime::parse(&t.fmt(format), format);
        }
        let _ = (t.to_system_time(), format!("{t:?}"));
    }

    #[test]
    fn base64_never_panics(s in base64_text()) {
        match Blob::from_base64(&s) {
            Ok(blob) => {
                // Canonical input (no stray characters) encodes back to itself.
                if s.len() % 4 == 0 {
                    prop_assert_eq!(blob.to_base64(), s.clone());
                }
            }
            Err(e) => {
                prop_assert!(e.position() <= s.len(), "{} in {:?}", e.position(), s);
                let _ = (e.to_string(), e.invalid_char());
            }
        }
    }

    #[test]
    fn base64_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(Blob::from_base64(&Blob::new(bytes.clone()).to_base64()), Ok(Blob::new(bytes)));
    }

    #[test]
    fn header_lists_never_panic(
        s in prop_oneof![
            text(),
            "([ \t]*(\"([^\"\\\\]|\\\\.?)*\"?|[a-z0-9 ]*)[ \t]*,?){0,5}",
            timestamp_text(),
        ],
    ) {
        for ts in FORMATS {
            let _ = <Vec<String> as FromHeader>::from_header(&s, ts);
            let _ = <Vec<DateTime> as FromHeader>::from_header(&s, ts);
            let _ = <Vec<i32> as FromHeader>::from_header(&s, ts);
            let _ = <Vec<bool> as FromHeader>::from_header(&s, ts);
            let _ = <Vec<f64> as FromHeader>::from_header(&s, ts);
            let _ = <Vec<Blob> as FromHeader>::from_header(&s, ts);
            let _ = <String as FromHeader>::from_header(&s, ts);
            let _ = <DateTime as FromHeader>::from_header(&s, ts);
            let _ = <i64 as FromHeader>::from_header(&s, ts);
        }
    }

    #[test]
    fn string_header_lists_round_trip(
        items in prop::collection::vec(
            text().prop_filter("no surrounding whitespace", |s| s.trim() == s),
            1..5,
        ),
    ) {
        let header = items.to_header(TimestampFormat::HttpDate).unwrap();
        let back = <Vec<String> as FromHeader>::from_header(&header, TimestampFormat::HttpDate);
        prop_assert_eq!(back, Ok(items));
    }

    #[test]
    fn timestamp_header_lists_round_trip(
        times in prop::collection::vec((YEAR_1..=AMZ_MAX, 0..1000u32), 1..4),
        format in prop::sample::select(FORMATS.to_vec()),
        edits in prop::collection::vec(char_edit(), 0..=2),
    ) {
        let times: Vec<DateTime> = times
            .into_iter()
            .map(|(s, ms)| DateTime::from_secs_and_nanos(s, ms * 1_000_000))
            .collect();
        let header = times.to_header(format).unwrap();
        prop_assert_eq!(<Vec<DateTime> as FromHeader>::from_header(&header, format), Ok(times));
        // Near-valid lists: never panic.
        let _ = <Vec<DateTime> as FromHeader>::from_header(&apply_edits(&header, &edits), format);
    }

    #[test]
    fn endpoint_parse_never_panics(
        url in prop_oneof![
            1 => text(),
            1 => "(https?|HTTP|ftp|)(://|:/|//)?(\\[[0-9a-f:]{0,8}\\]?|[a-z0-9.@-]{0,12})(:[0-9a-z]{0,6})?(/[a-z/]{0,6})?[?#]?.{0,4}",
            3 => maybe_edited(
                (
                    prop::sample::select(vec!["http", "https", "https", "HTTPS", "ftp", ""]),
                    prop::sample::select(vec![
                        "localhost", "127.0.0.1", "[::1]", "a.b-c", "\u{e9}t\u{e9}", "[::1",
                        "[::1]x", "", "user@host", "h:1:2",
                    ]),
                    prop::sample::select(vec![
                        "", "", "", ":0", ":443", ":80", ":65535", ":8080", ":65536", ":x", ":",
                    ]),
                    prop::sample::select(vec!["", "", "/", "/base/", "/a/b", "?q", "#f", "/a?q"]),
                )
                    .prop_map(|(s, h, p, path)| format!("{s}://{h}{p}{path}"))
            ),
        ],
    ) {
        match Endpoint::parse(&url) {
            Ok(ep) => {
                prop_assert!(!ep.host.is_empty());
                let _ = (ep.host_header(), ep.url("/a?b=c"));
            }
            Err(e) => { let _ = e.to_string(); }
        }
    }

    /// `parse(url(""))` gives the endpoint back for host names, IPv4 addresses and bracketed
    /// IPv6 addresses.
    #[test]
    fn endpoint_urls_round_trip(
        scheme in prop::sample::select(vec!["http", "https", "HTTPS"]),
        host in prop_oneof![
            "[a-z][a-z0-9-]{0,8}(\\.[a-z][a-z0-9-]{0,8}){0,2}",
            any::<[u8; 4]>().prop_map(|a| std::net::Ipv4Addr::from(a).to_string()),
            any::<[u16; 8]>().prop_map(|a| format!("[{}]", std::net::Ipv6Addr::from(a))),
        ],
        port in prop::option::of(any::<u16>()),
        path in "(/[a-z0-9._~-]{0,6}){0,3}/?",
    ) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let ep = Endpoint::parse(&format!("{scheme}://{host}{port}{path}")).unwrap();
        prop_assert_eq!(Endpoint::parse(&ep.url("")), Ok(ep.clone()));
        let url = format!("{}://{}{}/x", ep.scheme, ep.host_header(), ep.base_path);
        prop_assert_eq!(ep.url("/x"), url);
    }
}
