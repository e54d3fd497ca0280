//! Which HTTP version a call goes over, and the connections for each.
//!
//! Calls go over HTTP/1.1 with keep-alive, except the event streams AWS takes over HTTP/2 only
//! ([`http2_reason`]). Those need the `http2` feature; without it they are refused before
//! anything is sent, since AWS calls HTTP/1.1 unsupported for them and may refuse it at any
//! time.

use crate::error::ConfigError;
use crate::event_stream::http2_reason;
use crate::operation::{Operation, Service};
use std::time::Duration;

/// The HTTP clients of one aws-op client: HTTP/1.1 for every call, and HTTP/2 (with prior
/// knowledge, as AWS's streaming endpoints expect), made on first use.
pub(crate) struct Transports {
    http1: reqwest::Client,
    #[cfg(feature = "http2")]
    http2: std::sync::OnceLock<Result<reqwest::Client, String>>,
    #[cfg(feature = "http2")]
    connect_timeout: Duration,
}

impl Transports {
    pub(crate) fn new(connect_timeout: Duration) -> Result<Self, ConfigError> {
        let http1 = build(
            reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .http1_only(),
        )?;
        Ok(Transports {
            http1,
            #[cfg(feature = "http2")]
            http2: std::sync::OnceLock::new(),
            #[cfg(feature = "http2")]
            connect_timeout,
        })
    }

    /// The client operation `O` goes over.
    ///
    /// # Errors
    ///
    /// `O` needs HTTP/2 and the `http2` feature is off, or the HTTP/2 client cannot be made.
    pub(crate) fn for_operation<O: Operation>(&self) -> Result<&reqwest::Client, ConfigError> {
        let Some(reason) = http2_reason::<O>() else {
            return Ok(&self.http1);
        };
        self.http2().map_err(|problem| ConfigError {
            message: format!(
                "`{}` of {} goes over HTTP/2 only ({reason}): {problem}",
                O::NAME,
                <O::Service as Service>::SERVICE_ID
            ),
        })
    }

    #[cfg(feature = "http2")]
    fn http2(&self) -> Result<&reqwest::Client, &str> {
        let made = self.http2.get_or_init(|| {
            let builder = reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .http2_prior_knowledge();
            build(builder).map_err(|e| e.message)
        });
        made.as_ref().map_err(String::as_str)
    }

    #[cfg(not(feature = "http2"))]
    fn http2(&self) -> Result<&reqwest::Client, &str> {
        Err("enable the `http2` feature of aws-op to call it")
    }
}

/// A reqwest client from `builder`.
fn build(builder: reqwest::ClientBuilder) -> Result<reqwest::Client, ConfigError> {
    crate::transport::build_client(builder).map_err(|e| ConfigError {
        message: format!("cannot create the HTTP client: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_feature_http2_is_refused_naming_it_and_with_it_is_made() {
        let transports = Transports::new(Duration::from_secs(1)).unwrap();
        let made = transports.http2();
        if cfg!(feature = "http2") {
            assert!(made.is_ok(), "{made:?}");
        } else {
            assert_eq!(
                made.unwrap_err(),
                "enable the `http2` feature of aws-op to call it"
            );
        }
    }
}
