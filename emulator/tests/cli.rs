//! The binary's command-line parser.

use aws_op_emulator::cli::{
    parse_args, parse_fault_list, Command, FaultInjection, Options, DEFAULT_FAULT_SEED,
    DEFAULT_PORT, USAGE,
};
use aws_op_emulator::{Fault, FaultScope};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

fn parse(args: &[&str]) -> Result<Command, String> {
    parse_args(args.iter().copied()).map_err(|e| e.to_string())
}

#[test]
fn flags_and_defaults() {
    assert_eq!(parse(&[]), Ok(Command::Run(Options::default())));
    assert_eq!(Options::default().port, DEFAULT_PORT);
    assert_eq!(parse(&["--help"]), Ok(Command::Help));
    assert_eq!(parse(&["--port", "1", "-h"]), Ok(Command::Help));
    let expected = Options {
        host: IpAddr::V6(Ipv6Addr::LOCALHOST),
        port: 8080,
        extra_key_pair: Some(("AKIDX".into(), "s3cret".into())),
        fault_injection: None,
    };
    assert_eq!(
        parse(&[
            "--port=8080",
            "--host",
            "::1",
            "--access-key-id",
            "AKIDX",
            "--secret-access-key",
            "s3cret"
        ]),
        Ok(Command::Run(expected.clone()))
    );
    assert!(!format!("{expected:?}").contains("s3cret"));
    let config = expected.config();
    assert!(format!("{config:?}").contains("AKIDX"));
    assert_eq!(
        parse(&["--host", "0.0.0.0"]),
        Ok(Command::Run(Options {
            host: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            ..Options::default()
        }))
    );
}

#[test]
fn bad_flags_are_errors() {
    let cases: [(&[&str], &str); 7] = [
        (&["--bogus"], "unknown argument `--bogus`"),
        (&["4566"], "unknown argument `4566`"),
        (&["--port"], "--port needs a value"),
        (&["--port", "65536"], "--port needs a number"),
        (&["--host", "localhost"], "--host needs an IP address"),
        (&["--port", "1", "--port", "2"], "more than once"),
        (&["--access-key-id", "AKIDX"], "needs --secret-access-key"),
    ];
    for (args, needle) in cases {
        let error = parse(args).expect_err("an error");
        assert!(error.contains(needle), "{args:?}: {error}");
    }
}

#[test]
fn fault_flags() {
    let rate_only = parse(&["--fault-rate", "0.25"]);
    assert_eq!(
        rate_only,
        Ok(Command::Run(Options {
            fault_injection: Some(FaultInjection {
                rate: 0.25,
                faults: vec![Fault::internal(), Fault::unavailable(), Fault::throttling()],
                seed: DEFAULT_FAULT_SEED,
                scope: FaultScope::All,
            }),
            ..Options::default()
        }))
    );
    let all = parse(&[
        "--fault-rate=1",
        "--faults",
        "drop-before, drop-after,truncate,malformed,delay=200ms,delay=1s,429",
        "--fault-seed=18446744073709551615",
        "--fault-operation",
        "GetAccountAssociation",
    ]);
    let expected = FaultInjection {
        rate: 1.0,
        faults: vec![
            Fault::DropBeforeCommit,
            Fault::DropAfterCommit,
            Fault::TruncatedBody,
            Fault::MalformedJson,
            Fault::Delay(Duration::from_millis(200)),
            Fault::Delay(Duration::from_secs(1)),
            Fault::throttling(),
        ],
        seed: u64::MAX,
        scope: FaultScope::operation("GetAccountAssociation"),
    };
    assert_eq!(
        all,
        Ok(Command::Run(Options {
            fault_injection: Some(expected),
            ..Options::default()
        }))
    );
    assert_eq!(
        parse(&["--fault-rate", "0"]).map(|c| match c {
            Command::Run(options) => options.fault_injection.map(|f| f.rate),
            Command::Help => None,
        }),
        Ok(Some(0.0))
    );
    assert_eq!(parse_fault_list("500"), Ok(vec![Fault::internal()]));
    for flag in [
        "--fault-rate",
        "--faults",
        "--fault-seed",
        "--fault-operation",
    ] {
        assert!(USAGE.contains(flag), "{flag}");
    }
}

#[test]
fn bad_fault_flags_are_errors() {
    let cases: [(&[&str], &str); 14] = [
        (
            &["--fault-rate", "1.01"],
            "--fault-rate needs a number from 0 to 1, not `1.01`",
        ),
        (
            &["--fault-rate", "-0.1"],
            "--fault-rate needs a number from 0 to 1",
        ),
        (
            &["--fault-rate", "NaN"],
            "--fault-rate needs a number from 0 to 1",
        ),
        (
            &["--fault-rate", "often"],
            "--fault-rate needs a number from 0 to 1",
        ),
        (&["--fault-rate"], "--fault-rate needs a value"),
        (
            &["--fault-rate", "1", "--fault-rate", "1"],
            "more than once",
        ),
        (
            &["--fault-rate", "1", "--faults", ""],
            "--faults: the list of faults is empty",
        ),
        (
            &["--fault-rate", "1", "--faults", "500,"],
            "unknown fault ``",
        ),
        (
            &["--fault-rate", "1", "--faults", "delay=1m"],
            "bad delay `delay=1m`",
        ),
        (
            &["--fault-rate", "1", "--fault-seed", "-1"],
            "--fault-seed needs a whole number",
        ),
        (
            &["--fault-rate", "1", "--fault-operation", "CreateThing"],
            "needs an operation name (CreateAccountAssociation, ",
        ),
        (&["--faults", "500"], "--faults needs --fault-rate too"),
        (
            &["--fault-seed", "1"],
            "--fault-seed needs --fault-rate too",
        ),
        (
            &["--fault-operation", "GetAccountAssociation"],
            "--fault-operation needs --fault-rate too",
        ),
    ];
    for (args, needle) in cases {
        let error = parse(args).expect_err("an error");
        assert!(error.contains(needle), "{args:?}: {error}");
    }
}
