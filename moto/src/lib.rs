//! A [moto](https://github.com/getmoto/moto) server for tests: a third-party AWS emulator that
//! reads every request the way someone else's code does.
//!
//! [`Moto::start`] makes sure a virtual environment with the pinned `moto[server]`
//! ([`MOTO_VERSION`]) exists under the workspace's `target/moto-venv` (creating it with
//! `python3 -m venv` and `pip` on first use, one process at a time), starts `moto_server` on a
//! free `127.0.0.1` port, waits until it accepts connections, and stops it when dropped.
//!
//! Nothing here passes quietly: without Python 3 (with `venv` and `pip`) or without access to
//! the Python package index, `start` panics and says what is missing, so the test fails.
//!
//! ```no_run
//! # async fn demo() {
//! let moto = aws_op_moto::Moto::start();
//! let config = moto.config(); // region us-east-1, moto's test credentials, its endpoint
//! # }
//! ```

use aws_op::{Config, Credentials, Pages, Paginated};
use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The moto release the walks are written against.
pub const MOTO_VERSION: &str = "5.2.6";

/// How long a new server may take to accept connections.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

/// A running moto server; dropping it stops the process.
#[derive(Debug)]
pub struct Moto {
    child: Child,
    addr: SocketAddr,
}

impl Moto {
    /// Starts a moto server (installing moto first if needed).
    ///
    /// # Panics
    ///
    /// When Python 3, its `venv` module or `pip` is missing, when moto cannot be installed, or
    /// when the server does not accept connections within 90 s; the message says which and
    /// shows the tool's output.
    pub fn start() -> Moto {
        let server = ensure_installed();
        let addr = free_loopback_port();
        let mut child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &addr.port().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Moto { child, addr };
            }
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    let _ = pipe.read_to_string(&mut stderr);
                }
                panic!("moto_server exited with {status} before accepting connections:\n{stderr}");
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!(
                    "moto_server did not accept connections on {addr} within {STARTUP_TIMEOUT:?}"
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client configuration for this server: region `us-east-1`, moto's conventional test
    /// credentials, this server's endpoint.
    pub fn config(&self) -> Config {
        Config::new("us-east-1", Credentials::new("testing", "testing", None))
            .with_endpoint_url(self.endpoint_url())
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every page of a paginated call, in order.
///
/// # Panics
///
/// At the first page that fails, with the error (a walk asserts on whole listings).
pub async fn all_pages<O: Paginated>(mut pages: Pages<O>) -> Vec<O::Output>
where
    O::Error: std::fmt::Debug,
{
    let mut all = Vec::new();
    while let Some(page) = pages.next().await {
        all.push(page.unwrap_or_else(|e| panic!("page {} failed: {e:?}", all.len() + 1)));
    }
    all
}

/// Asserts that `secs` (seconds since the Unix epoch, read from a response) is within ten
/// minutes of this machine's clock: the server and the client read the same timestamp.
///
/// # Panics
///
/// When it is not, naming `what`.
pub fn assert_recent(what: &str, secs: i64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs() as i64;
    assert!(
        (secs - now).abs() < 600,
        "{what}: {secs} s since the epoch, but now is {now}"
    );
}

/// A port of 127.0.0.1 that was free a moment ago.
fn free_loopback_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("the bound address")
}

/// The workspace's `target/` directory (or `CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
    }
}

/// The `moto_server` of the virtual environment, installed first if it is not there yet.
fn ensure_installed() -> PathBuf {
    let venv = target_dir().join(format!("moto-venv-{MOTO_VERSION}"));
    let server = venv.join("bin").join("moto_server");
    if server.exists() {
        return server;
    }
    // Test binaries run in parallel: one installs while the others wait for its lock.
    let lock = target_dir().join(format!("moto-venv-{MOTO_VERSION}.lock"));
    let _ = std::fs::create_dir_all(target_dir());
    let deadline = Instant::now() + Duration::from_secs(600);
    while std::fs::create_dir(&lock).is_err() {
        if server.exists() {
            return server;
        }
        assert!(
            Instant::now() < deadline,
            "waited 10 minutes for another process to install moto (remove {} if none is)",
            lock.display()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let result = install(&venv);
    let _ = std::fs::remove_dir(&lock);
    if let Err(problem) = result {
        let _ = std::fs::remove_dir_all(&venv);
        panic!("{problem}");
    }
    server
}

/// `python3 -m venv <venv>`, then `pip install moto[server]==<MOTO_VERSION>` into it.
fn install(venv: &Path) -> Result<(), String> {
    run(
        Command::new("python3").arg("-m").arg("venv").arg(venv),
        "the moto walks need Python 3 with its venv module (Debian: apt install python3-venv)",
    )?;
    run(
        Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("moto[server]=={MOTO_VERSION}")),
        "pip could not install moto from the Python package index",
    )
}

fn run(command: &mut Command, what_is_missing: &str) -> Result<(), String> {
    match command.output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!(
            "{what_is_missing}: {command:?} exited with {}\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )),
        Err(e) => Err(format!("{what_is_missing}: cannot run {command:?}: {e}")),
    }
}
