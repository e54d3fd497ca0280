//! The binary's command-line parser.

use aws_op_emulator::cli::{parse_args, Command, Options, DEFAULT_PORT};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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
