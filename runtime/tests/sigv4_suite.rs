//! Runs the official AWS Signature Version 4 test suite (`tests/data/sigv4/aws4_testsuite`,
//! see `tests/data/sigv4/README.md`) against `aws_op_runtime::sigv4`.
//!
//! Every case folder `NAME/` (top level, `normalize-path/*`, `post-sts-token/*`) holds
//! `NAME.req` (the raw request), and the expected `NAME.creq` (canonical request),
//! `NAME.sts` (string to sign) and `NAME.authz` (Authorization header). The files are
//! read as exact bytes: most have no trailing newline and none may be trimmed.
//!
//! Besides signing, every case is also run through `verify` (the server side), once with
//! the request rebuilt from `.req` plus the expected `.authz`, and once with the signed
//! request `.sreq` as shipped.

use aws_op_runtime::sigv4::{
    parse_query, sha256_hex, sign, verify, SignableRequest, SigningKeys, SigningScope, VerifyError,
};
use std::fs;
use std::path::{Path, PathBuf};

/// Folder of the suite, relative to this crate's manifest directory.
const SUITE_DIR: &str = "tests/data/sigv4/aws4_testsuite";
/// The suite has 34 cases; finding fewer means the data is incomplete.
const MIN_CASES: usize = 34;
/// Cases not run, with the reason. Empty: the signer takes query pairs (not a map), so
/// the repeated-key cases run, and the request parser below accepts the raw space of
/// `normalize-path/get-space`.
const SKIPPED: &[(&str, &str)] = &[];

// Fixed inputs of the suite (see the README next to the data).
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const AMZ_DATE: &str = "20150830T123600Z";
const TIME_EPOCH_SECS: i64 = 1_440_938_160; // 2015-08-30T12:36:00Z
const REGION: &str = "us-east-1";
const SERVICE: &str = "service";
/// The signature in this case's `.sreq` does not follow from its `.sts` (the README says
/// so); its `.authz` is the value to compare against.
const SREQ_SIGNATURE_DIFFERS: &str = "get-vanilla-with-session-token";

/// A raw HTTP/1.1 request as written in a `.req`/`.sreq` file.
struct RawRequest {
    method: String,
    path: String,
    raw_query: String,
    /// Header values as written; continuation lines are kept, joined with `\n`, so the
    /// signer's own whitespace folding is what gets tested.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Parses `METHOD SP target SP HTTP/1.1`, `Name:value` header lines (a line starting with
/// a space or tab continues the previous value), then an optional blank line and the body.
/// The target may hold a raw space (`get-space`): the protocol is the last token.
fn parse_request(bytes: &[u8]) -> Result<RawRequest, String> {
    let (head, body) = match bytes.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&bytes[..at], bytes[at + 2..].to_vec()),
        None => (bytes, Vec::new()),
    };
    let head = std::str::from_utf8(head).map_err(|e| format!("head is not UTF-8: {e}"))?;
    let mut lines = head.split('\n');
    let request_line = lines.next().unwrap_or_default();
    let (method, rest) = request_line
        .split_once(' ')
        .ok_or_else(|| format!("bad request line {request_line:?}"))?;
    let (target, protocol) = rest
        .rsplit_once(' ')
        .ok_or_else(|| format!("bad request line {request_line:?}"))?;
    if protocol != "HTTP/1.1" {
        return Err(format!("unexpected protocol {protocol:?}"));
    }
    let (path, raw_query) = target.split_once('?').unwrap_or((target, ""));

    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.is_empty() {
            // Only possible as the final newline of a file without a body.
            continue;
        }
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers
                .last_mut()
                .ok_or_else(|| format!("continuation line before any header: {line:?}"))?;
            value.push('\n');
            value.push_str(line);
            continue;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("bad header line {line:?}"))?;
        headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(RawRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        raw_query: raw_query.to_owned(),
        headers,
        body,
    })
}

/// Case folders: a folder `NAME` holding `NAME.req`, found recursively, sorted.
fn find_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for sub in entries {
        let name = sub.file_name().unwrap().to_string_lossy().into_owned();
        if sub.join(format!("{name}.req")).is_file() {
            out.push(sub.clone());
        }
        find_cases(&sub, out);
    }
}

fn read_text(case_dir: &Path, name: &str, ext: &str) -> Result<String, String> {
    let file = case_dir.join(format!("{name}.{ext}"));
    let bytes = fs::read(&file).map_err(|e| format!("cannot read {name}.{ext}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("{name}.{ext} is not UTF-8: {e}"))
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn mismatch(what: &str, expected: &str, actual: &str) -> String {
    format!("{what} differs\n    expected: {expected:?}\n    actual:   {actual:?}")
}

fn secret_for(access_key_id: &str) -> Option<String> {
    (access_key_id == ACCESS_KEY_ID).then(|| SECRET_ACCESS_KEY.to_owned())
}

/// Runs one case; returns the list of problems (empty when it passes).
fn run_case(case_dir: &Path, name: &str) -> Result<Vec<String>, String> {
    let req_bytes = fs::read(case_dir.join(format!("{name}.req")))
        .map_err(|e| format!("cannot read {name}.req: {e}"))?;
    let expected_creq = read_text(case_dir, name, "creq")?;
    let expected_sts = read_text(case_dir, name, "sts")?;
    let expected_authz = read_text(case_dir, name, "authz")?;
    let req = parse_request(&req_bytes)?;
    let mut problems = Vec::new();

    // The token of get-vanilla-with-session-token is only in the .creq: sign it as a
    // header when the .creq has it and the .req does not.
    let mut headers = req.headers.clone();
    let creq_token = expected_creq
        .lines()
        .find_map(|l| l.strip_prefix("x-amz-security-token:"));
    if let Some(token) = creq_token {
        if header(&headers, "x-amz-security-token").is_none() {
            headers.push(("X-Amz-Security-Token".to_owned(), token.to_owned()));
        }
    }
    let query = parse_query(&req.raw_query);
    let payload_hash = sha256_hex(&req.body);
    let keys = SigningKeys {
        access_key_id: ACCESS_KEY_ID,
        secret_access_key: SECRET_ACCESS_KEY,
        session_token: header(&headers, "x-amz-security-token"),
    };
    let scope = SigningScope {
        region: REGION,
        service: SERVICE,
        time_epoch_secs: TIME_EPOCH_SECS,
    };
    let signature = sign(
        &SignableRequest {
            uri_encoding: aws_op_runtime::sigv4::UriEncoding::Double,
            method: &req.method,
            path: &req.path,
            query: &query,
            headers: &headers,
            payload_sha256_hex: &payload_hash,
        },
        &keys,
        &scope,
    );

    if signature.amz_date != AMZ_DATE {
        problems.push(mismatch("amz_date", AMZ_DATE, &signature.amz_date));
    }
    if signature.canonical_request != expected_creq {
        problems.push(mismatch(
            "canonical request (.creq)",
            &expected_creq,
            &signature.canonical_request,
        ));
    }
    if signature.string_to_sign != expected_sts {
        problems.push(mismatch(
            "string to sign (.sts)",
            &expected_sts,
            &signature.string_to_sign,
        ));
    }
    if signature.authorization != expected_authz {
        problems.push(mismatch(
            "Authorization (.authz)",
            &expected_authz,
            &signature.authorization,
        ));
    }

    // Server side: the signed request as the suite ships it (.sreq). post-sts-header-after
    // carries an extra, unsigned token header there, which verification must tolerate.
    let sreq = parse_request(
        &fs::read(case_dir.join(format!("{name}.sreq")))
            .map_err(|e| format!("cannot read {name}.sreq: {e}"))?,
    )?;
    let sreq_result = verify(
        &sreq.method,
        &sreq.path,
        &parse_query(&sreq.raw_query),
        &sreq.headers,
        &sha256_hex(&sreq.body),
        &secret_for,
        TIME_EPOCH_SECS,
        900,
    );
    match (name == SREQ_SIGNATURE_DIFFERS, sreq_result) {
        (false, Ok(parsed)) => {
            if parsed.region != REGION || parsed.service != SERVICE {
                problems.push(format!("verify(.sreq) parsed a wrong scope: {parsed:?}"));
            }
        }
        (false, Err(e)) => problems.push(format!("verify(.sreq) failed: {e} ({e:?})")),
        (true, Err(VerifyError::SignatureMismatch { .. })) => {}
        (true, other) => problems.push(format!(
            "verify(.sreq) should report the README's known bad .sreq signature, got {other:?}"
        )),
    }

    // Server side: the request we signed plus the expected Authorization header.
    let mut received = headers;
    received.push(("Authorization".to_owned(), expected_authz));
    if let Some(token) = header(&sreq.headers, "x-amz-security-token") {
        if header(&received, "x-amz-security-token").is_none() {
            received.push(("X-Amz-Security-Token".to_owned(), token.to_owned()));
        }
    }
    if let Err(e) = verify(
        &req.method,
        &req.path,
        &query,
        &received,
        &payload_hash,
        &secret_for,
        TIME_EPOCH_SECS,
        900,
    ) {
        problems.push(format!("verify(.req + .authz) failed: {e} ({e:?})"));
    }

    Ok(problems)
}

#[test]
fn aws_sigv4_test_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(SUITE_DIR);
    let mut cases = Vec::new();
    find_cases(&root, &mut cases);
    assert!(
        cases.len() >= MIN_CASES,
        "found {} SigV4 suite cases under {SUITE_DIR}, expected at least {MIN_CASES}",
        cases.len()
    );

    let mut failures: Vec<(String, Vec<String>)> = Vec::new();
    let mut passed = 0usize;
    let mut skipped = 0usize;
    for case_dir in &cases {
        let name = case_dir.file_name().unwrap().to_string_lossy().into_owned();
        let id = case_dir
            .strip_prefix(&root)
            .unwrap_or(case_dir)
            .to_string_lossy()
            .replace('\\', "/");
        if let Some((_, reason)) = SKIPPED.iter().find(|(skip, _)| *skip == id) {
            println!("SKIP {id}: {reason}");
            skipped += 1;
            continue;
        }
        match run_case(case_dir, &name) {
            Ok(problems) if problems.is_empty() => passed += 1,
            Ok(problems) => failures.push((id, problems)),
            Err(e) => failures.push((id, vec![e])),
        }
    }

    println!(
        "SigV4 suite: {} cases, {passed} passed, {} failed, {skipped} skipped",
        cases.len(),
        failures.len()
    );
    if !failures.is_empty() {
        for (id, problems) in &failures {
            eprintln!("FAIL {id}");
            for problem in problems {
                eprintln!("  - {problem}");
            }
        }
        panic!(
            "{} of {} SigV4 suite cases failed (see above)",
            failures.len(),
            cases.len()
        );
    }
}
