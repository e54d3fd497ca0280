//! One POST with pre-signed headers: what any Rust program calling an HTTP API builds at the
//! least. aws-op's one-call program (`examples/create_account_association.rs`) is measured
//! against this floor: clean release build time and binary size.
//!
//! ```text
//! floor URL HEADER=VALUE... [--body TEXT]
//! ```

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(url) = args.next() else {
        eprintln!("usage: floor URL [HEADER=VALUE]... [--body TEXT]");
        return ExitCode::from(2);
    };
    // The ring provider, as aws-op installs it (reqwest's `rustls-no-provider` needs one).
    #[allow(deprecated)] // ring has no post-quantum group; aws-op makes the same choice
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let mut request = client.post(&url);
    let mut body = String::new();
    while let Some(arg) = args.next() {
        if arg == "--body" {
            body = args.next().unwrap_or_default();
        } else if let Some((name, value)) = arg.split_once('=') {
            request = request.header(name, value);
        }
    }
    match request.body(body).send().await {
        Ok(response) => {
            println!("{}", response.status());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
