//! Unit tests of signing and verification (the official suite is `tests/sigv4_suite.rs`).

use super::date::{MAX_FORMATTABLE, MIN_FORMATTABLE};
use super::*;

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const T: i64 = 1_440_938_160; // 2015-08-30T12:36:00Z

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn keys() -> SigningKeys<'static> {
    SigningKeys {
        access_key_id: AKID,
        secret_access_key: SECRET,
        session_token: None,
    }
}

fn scope(time: i64) -> SigningScope<'static> {
    SigningScope {
        region: "us-east-1",
        service: "iotmanagedintegrations",
        time_epoch_secs: time,
    }
}

fn secret_for(akid: &str) -> Option<String> {
    (akid == AKID).then(|| SECRET.to_owned())
}

/// A signed request: returns (headers with Authorization, query, body hash).
fn signed_request(
    path: &str,
    query: &[(String, String)],
    body: &[u8],
) -> (Vec<(String, String)>, String) {
    let hash = sha256_hex(body);
    let mut headers = pairs(&[
        ("Host", "api.iotmanagedintegrations.us-east-1.amazonaws.com"),
        ("Content-Type", "application/json"),
        ("X-Amz-Date", &amz_date(T)),
    ]);
    let sig = sign(
        &SignableRequest {
            method: "POST",
            path,
            query,
            headers: &headers,
            payload_sha256_hex: &hash,
        },
        &keys(),
        &scope(T),
    );
    headers.push(("Authorization".to_owned(), sig.authorization));
    headers.push(("User-Agent".to_owned(), "unsigned/1.0".to_owned()));
    (headers, hash)
}

#[test]
fn empty_payload_constant() {
    assert_eq!(sha256_hex(b""), EMPTY_PAYLOAD_SHA256);
}

#[test]
fn arn_label_path_is_double_encoded() {
    let path = "/tags/arn%3Aaws%3Aiot%3Aus-east-1%3A123%3Athing%2Fx";
    assert_eq!(
        canonical_uri(path),
        "/tags/arn%253Aaws%253Aiot%253Aus-east-1%253A123%253Athing%252Fx"
    );
    let headers = pairs(&[
        ("host", "example.amazonaws.com"),
        ("x-amz-date", &amz_date(T)),
    ]);
    let sig = sign(
        &SignableRequest {
            method: "GET",
            path,
            query: &[],
            headers: &headers,
            payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
        },
        &keys(),
        &scope(T),
    );
    assert!(sig
        .canonical_request
        .starts_with("GET\n/tags/arn%253Aaws%253Aiot%253Aus-east-1%253A123%253Athing%252Fx\n\n"));
}

#[test]
fn path_normalisation() {
    for (input, expected) in [
        ("", "/"),
        ("/", "/"),
        ("//", "/"),
        ("/./", "/"),
        ("/a/..", "/"),
        ("/a/b/..", "/a/"),
        ("/a/b/../c", "/a/c"),
        ("/../a", "/a"),
        ("//a//b//", "/a/b/"),
        ("/a/./b/.", "/a/b/"),
        ("/a b/", "/a%20b/"),
        ("a/b", "/a/b"),
        ("/..a/.b./...", "/..a/.b./..."),
        ("/%2E%2E/x", "/%252E%252E/x"),
        ("/\u{1234}", "/%E1%88%B4"),
    ] {
        assert_eq!(canonical_uri(input), expected, "path {input:?}");
    }
}

#[test]
fn non_default_port_host_is_signed_as_given() {
    let headers = pairs(&[("Host", "localhost:4566"), ("X-Amz-Date", &amz_date(T))]);
    let sig = sign(
        &SignableRequest {
            method: "GET",
            path: "/",
            query: &[],
            headers: &headers,
            payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
        },
        &keys(),
        &scope(T),
    );
    assert!(sig
        .canonical_request
        .contains("\nhost:localhost:4566\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"));
    assert_eq!(sig.signed_headers, "host;x-amz-date");
    // A different port must give a different signature.
    let other = pairs(&[("Host", "localhost:4567"), ("X-Amz-Date", &amz_date(T))]);
    let sig2 = sign(
        &SignableRequest {
            method: "GET",
            path: "/",
            query: &[],
            headers: &other,
            payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
        },
        &keys(),
        &scope(T),
    );
    assert_ne!(sig.signature_hex, sig2.signature_hex);
}

#[test]
fn repeated_query_keys_and_empty_values() {
    let q = pairs(&[("b", "2"), ("a", ""), ("b", "1"), ("a", "z"), ("c", "")]);
    assert_eq!(canonical_query(&q), "a=&a=z&b=1&b=2&c=");
    assert_eq!(
        parse_query("a=1&b&c=&&d=x=y"),
        pairs(&[("a", "1"), ("b", ""), ("c", ""), ("d", "x=y")])
    );
    assert_eq!(canonical_query(&[]), "");
    assert_eq!(canonical_query(&pairs(&[("k", "")])), "k=");
}

#[test]
fn non_ascii_and_reserved_query() {
    let q = pairs(&[
        ("name", "caf\u{e9} au lait"),
        ("\u{1234}", "a/b+c"),
        ("maxResults", "10"),
    ]);
    assert_eq!(
        canonical_query(&q),
        "%E1%88%B4=a%2Fb%2Bc&maxResults=10&name=caf%C3%A9%20au%20lait"
    );
    // Decoding a wire query and re-encoding gives the canonical form.
    let wire = "name=caf%C3%A9%20au%20lait&%E1%88%B4=a%2Fb%2Bc&maxResults=10";
    assert_eq!(parse_query(wire), q);
}

#[test]
fn header_values_are_normalised() {
    let headers = pairs(&[
        ("HOST", "example.amazonaws.com"),
        ("My-Header", "  a   b\t\tc  "),
        ("my-header", "line1\n   line2"),
        ("X-Amz-Date", &amz_date(T)),
        ("A-Empty", ""),
    ]);
    let sig = sign(
        &SignableRequest {
            method: "GET",
            path: "/",
            query: &[],
            headers: &headers,
            payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
        },
        &keys(),
        &scope(T),
    );
    assert_eq!(
        sig.canonical_request,
        "GET\n/\n\na-empty:\nhost:example.amazonaws.com\nmy-header:a b c,line1 line2\n\
         x-amz-date:20150830T123600Z\n\na-empty;host;my-header;x-amz-date\n"
            .to_owned()
            + EMPTY_PAYLOAD_SHA256
    );
}

#[test]
fn dates_round_trip() {
    assert_eq!(amz_date(T), "20150830T123600Z");
    assert_eq!(parse_amz_date("20150830T123600Z"), Some(T));
    assert_eq!(amz_date(0), "19700101T000000Z");
    assert_eq!(amz_date(-1), "19691231T235959Z");
    assert_eq!(amz_date(951_782_400), "20000229T000000Z");
    assert_eq!(parse_amz_date("20000229T000000Z"), Some(951_782_400));
    assert_eq!(amz_date(i64::MAX), "99991231T235959Z");
    assert_eq!(amz_date(i64::MIN), "00000101T000000Z");
    for t in (MIN_FORMATTABLE..=MAX_FORMATTABLE).step_by(777_777_777) {
        assert_eq!(parse_amz_date(&amz_date(t)), Some(t), "{t}");
    }
    for bad in [
        "",
        "20150830T123600",
        "20150830 123600Z",
        "2015083OT123600Z",
        "20151330T123600Z",
        "20150230T123600Z",
        "19000229T000000Z",
        "20150830T243600Z",
        "20150830T126000Z",
        "20150830T123660Z",
        "+0150830T123600Z",
        "20150830T123600Z ",
        "２015083T123600Z",
    ] {
        assert_eq!(parse_amz_date(bad), None, "{bad:?}");
    }
}

#[test]
fn debug_redacts_secrets() {
    let k = SigningKeys {
        access_key_id: AKID,
        secret_access_key: SECRET,
        session_token: Some("TOKEN123"),
    };
    let shown = format!("{k:?}");
    assert!(shown.contains(AKID));
    assert!(!shown.contains(SECRET) && !shown.contains("TOKEN123"));
    let headers = pairs(&[("X-Amz-Security-Token", "TOKEN123"), ("host", "h")]);
    let req = SignableRequest {
        method: "GET",
        path: "/",
        query: &[],
        headers: &headers,
        payload_sha256_hex: EMPTY_PAYLOAD_SHA256,
    };
    let shown = format!("{req:?}");
    assert!(!shown.contains("TOKEN123") && shown.contains("\"h\""));
}

fn run_verify(
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    hash: &str,
    now: i64,
) -> Result<ParsedAuthorization, VerifyError> {
    verify("POST", path, query, headers, hash, &secret_for, now, 300)
}

#[test]
fn verify_round_trip() {
    let path = "/tags/arn%3Aaws%3Aiot%3Aus-east-1%3A123%3Athing%2Fx";
    let query = parse_query("b=2&a=%E2%9C%93&a=1&empty=");
    let (headers, hash) = signed_request(path, &query, b"{\"k\":1}");
    let parsed = run_verify(path, &query, &headers, &hash, T + 299).expect("valid request");
    assert_eq!(parsed.access_key_id, AKID);
    assert_eq!(parsed.date, "20150830");
    assert_eq!(parsed.region, "us-east-1");
    assert_eq!(parsed.service, "iotmanagedintegrations");
    assert_eq!(
        parsed.signed_headers,
        ["content-type", "host", "x-amz-date"]
    );
    // Header names are case-insensitive on the server side, order does not matter.
    let mut shuffled: Vec<(String, String)> = headers
        .iter()
        .rev()
        .map(|(n, v)| (n.to_ascii_uppercase(), v.clone()))
        .collect();
    shuffled.push(("X-Other".to_owned(), "not signed".to_owned()));
    assert!(run_verify(path, &query, &shuffled, &hash, T - 299).is_ok());
}

#[test]
fn verify_rejects_tampering() {
    let path = "/things";
    let query = pairs(&[("maxResults", "10")]);
    let (headers, hash) = signed_request(path, &query, b"{\"k\":1}");

    // Tampered body.
    let err = run_verify(path, &query, &headers, &sha256_hex(b"{\"k\":2}"), T).unwrap_err();
    assert!(
        matches!(err, VerifyError::SignatureMismatch { .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "InvalidSignatureException");
    assert!(err.to_string().starts_with(
        "The request signature we calculated does not match the signature you provided."
    ));

    // Tampered path, query, signed header.
    assert!(matches!(
        run_verify("/things2", &query, &headers, &hash, T),
        Err(VerifyError::SignatureMismatch { .. })
    ));
    assert!(matches!(
        run_verify(path, &pairs(&[("maxResults", "11")]), &headers, &hash, T),
        Err(VerifyError::SignatureMismatch { .. })
    ));
    let mut changed = headers.clone();
    changed[1].1 = "text/plain".to_owned();
    assert!(matches!(
        run_verify(path, &query, &changed, &hash, T),
        Err(VerifyError::SignatureMismatch { .. })
    ));

    // Wrong secret.
    let wrong = |akid: &str| (akid == AKID).then(|| "not-the-secret".to_owned());
    let err = verify("POST", path, &query, &headers, &hash, &wrong, T, 300).unwrap_err();
    assert!(matches!(err, VerifyError::SignatureMismatch { .. }));

    // Unknown key.
    let nobody = |_: &str| None;
    let err = verify("POST", path, &query, &headers, &hash, &nobody, T, 300).unwrap_err();
    assert_eq!(
        err,
        VerifyError::UnknownAccessKey {
            access_key_id: AKID.to_owned()
        }
    );
    assert_eq!(err.code(), "UnrecognizedClientException");

    // Skew beyond the maximum, both directions.
    for now in [T + 301, T - 301] {
        let err = run_verify(path, &query, &headers, &hash, now).unwrap_err();
        assert!(matches!(err, VerifyError::SignatureExpired { .. }));
        assert_eq!(err.code(), "InvalidSignatureException");
        assert!(err.to_string().contains("Signature expired"), "{err}");
    }
    assert_eq!(
        run_verify(path, &query, &headers, &hash, T + 301)
            .unwrap_err()
            .to_string(),
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)"
    );

    // Missing headers.
    let without = |name: &str| -> Vec<(String, String)> {
        headers
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
            .cloned()
            .collect()
    };
    let err = run_verify(path, &query, &without("authorization"), &hash, T).unwrap_err();
    assert_eq!(err, VerifyError::MissingAuthorization);
    assert_eq!(err.code(), "MissingAuthenticationTokenException");
    let err = run_verify(path, &query, &without("x-amz-date"), &hash, T).unwrap_err();
    assert_eq!(err, VerifyError::MissingDate);
    let err = run_verify(path, &query, &without("content-type"), &hash, T).unwrap_err();
    assert_eq!(
        err,
        VerifyError::MissingSignedHeader {
            name: "content-type".to_owned()
        }
    );
    let err = run_verify(path, &query, &without("host"), &hash, T).unwrap_err();
    assert!(matches!(err, VerifyError::MissingSignedHeader { .. }));
}

#[test]
fn verify_checks_date_scope_and_host() {
    let hash = EMPTY_PAYLOAD_SHA256;
    let base = |authz: &str, date: &str| {
        pairs(&[
            ("host", "h"),
            ("x-amz-date", date),
            ("authorization", authz),
        ])
    };
    let sig = "a".repeat(64);
    let good_scope = format!("{AKID}/20150830/us-east-1/svc/aws4_request");

    let headers = base(
        &format!("{ALGORITHM} Credential={good_scope}, SignedHeaders=x-amz-date, Signature={sig}"),
        "20150830T123600Z",
    );
    let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
    assert_eq!(err, VerifyError::HostNotSigned);
    assert_eq!(err.code(), "IncompleteSignatureException");

    let headers = base(
        &format!("{ALGORITHM} Credential={AKID}/20150831/us-east-1/svc/aws4_request, SignedHeaders=host;x-amz-date, Signature={sig}"),
        "20150830T123600Z",
    );
    let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
    assert!(matches!(err, VerifyError::CredentialDateMismatch { .. }));
    assert!(
        err.to_string().contains("'20150831' != '20150830'"),
        "{err}"
    );

    let headers = base(
        &format!(
            "{ALGORITHM} Credential={good_scope}, SignedHeaders=host;x-amz-date, Signature={sig}"
        ),
        "2015-08-30T12:36:00Z",
    );
    let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
    assert!(matches!(err, VerifyError::InvalidDate { .. }));
    assert_eq!(err.code(), "IncompleteSignatureException");

    let headers = base(
        &format!(
            "{ALGORITHM} Credential={good_scope}, SignedHeaders=host;x-amz-date, Signature={sig}"
        ),
        "20150830T123600Z",
    );
    let err = run_verify("/", &[], &headers, hash, T).unwrap_err();
    assert!(matches!(err, VerifyError::SignatureMismatch { .. }));
}

#[test]
fn parse_authorization_accepts_sdk_forms() {
    let p = parse_authorization(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    )
    .unwrap();
    assert_eq!(
        p,
        ParsedAuthorization {
            access_key_id: "AKIDEXAMPLE".to_owned(),
            date: "20150830".to_owned(),
            region: "us-east-1".to_owned(),
            service: "service".to_owned(),
            signed_headers: vec!["host".to_owned(), "x-amz-date".to_owned()],
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
                .to_owned(),
        }
    );
    // No spaces after commas, other order.
    let q = parse_authorization(
        "  AWS4-HMAC-SHA256 Signature=ab,SignedHeaders=Host,Credential=K/20150830/r/s/aws4_request ",
    )
    .unwrap();
    assert_eq!(q.access_key_id, "K");
    assert_eq!(q.signed_headers, ["host"]);
    assert_eq!(q.signature, "ab");
}

#[test]
fn parse_authorization_junk_gives_errors() {
    let long = "x".repeat(10_000);
    let junk = [
        "",
        "   ",
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA256 ",
        "AWS4-HMAC-SHA256 ,,,",
        "AWS4-HMAC-SHA256 Credential",
        "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
        "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host;;x, Signature=00",
        "AWS4-HMAC-SHA256 Credential=/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=a//c/d/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=a/2015083\u{e9}/c/d/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, Credential=a/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00, Extra=1",
        "AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host",
        "AWS4-HMAC-SHA1 Credential=a/20150830/c/d/aws4_request, SignedHeaders=host, Signature=00",
        "Bearer abc",
        "\u{1F600}\u{1F600} =",
        &long,
    ];
    for input in junk {
        let err = parse_authorization(input).unwrap_err();
        assert_eq!(err.code(), "IncompleteSignatureException", "{input:?}");
        assert!(!err.to_string().is_empty());
        assert!(err.to_string().len() < 600, "message echoes too much");
    }
    let err =
        parse_authorization("AWS4-HMAC-SHA256 Credential=a/20150830/c/d/aws4_request").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
    );
    // Junk Authorization through verify: an error, never a panic.
    for input in junk {
        let headers = pairs(&[
            ("host", "h"),
            ("x-amz-date", "20150830T123600Z"),
            ("authorization", input),
        ]);
        assert!(run_verify("/", &[], &headers, EMPTY_PAYLOAD_SHA256, T).is_err());
    }
}
