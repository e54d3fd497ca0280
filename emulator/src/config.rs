//! The emulator's settings: address, accepted key pairs, clock skew, connector destinations.

use crate::{DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use std::collections::BTreeSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

/// How to run an [`Emulator`](crate::Emulator).
///
/// Defaults ([`EmulatorConfig::new`]): host `127.0.0.1`, port `0` (a free port), the key pair
/// [`DEFAULT_ACCESS_KEY_ID`] / [`DEFAULT_SECRET_ACCESS_KEY`], a maximum clock skew of 300 s and
/// any connector destination accepted, and request bodies of at most
/// [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES).
///
/// `Debug` never shows a secret access key.
#[derive(Clone)]
pub struct EmulatorConfig {
    pub(crate) host: IpAddr,
    pub(crate) port: u16,
    /// `(access key id, secret)`; the first pair of an id wins on lookup.
    pub(crate) key_pairs: Vec<(String, String)>,
    pub(crate) max_clock_skew: Duration,
    pub(crate) connector_destinations: Option<BTreeSet<String>>,
    pub(crate) max_body_bytes: u64,
}

impl EmulatorConfig {
    /// The default configuration (see the type's documentation).
    pub fn new() -> Self {
        EmulatorConfig {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            key_pairs: vec![(
                DEFAULT_ACCESS_KEY_ID.to_owned(),
                DEFAULT_SECRET_ACCESS_KEY.to_owned(),
            )],
            max_clock_skew: Duration::from_secs(300),
            connector_destinations: None,
            max_body_bytes: crate::MAX_BODY_BYTES as u64,
        }
    }

    /// The TCP port to listen on; `0` picks a free one (see
    /// [`Emulator::local_addr`](crate::Emulator::local_addr)).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The address to listen on.
    pub fn host(mut self, host: IpAddr) -> Self {
        self.host = host;
        self
    }

    /// Accepts one more key pair; the default pair stays accepted. Adding an access key id that
    /// is already known replaces its secret.
    pub fn key_pair(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        let id = access_key_id.into();
        let secret = secret_access_key.into();
        self.key_pairs.retain(|(known, _)| *known != id);
        self.key_pairs.push((id, secret));
        self
    }

    /// How far the request time (`x-amz-date`) may be from the server's clock.
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// Restricts the connector destinations that exist: a `CreateAccountAssociation` naming any
    /// other `ConnectorDestinationId` gets `404 ResourceNotFoundException` (`ResourceType`
    /// `ConnectorDestination`). Without this call every id is accepted.
    pub fn connector_destinations<I>(mut self, ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.connector_destinations = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// The largest request body accepted; a larger one gets `413` before it is read. A body
    /// is held in memory while its signature is verified, so this bounds the memory one
    /// request takes (the S3 emulator raises it to S3's 5 GiB for a single `PutObject`).
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The secret of a known access key id.
    pub(crate) fn secret_for(&self, access_key_id: &str) -> Option<String> {
        self.key_pairs
            .iter()
            .find(|(id, _)| id == access_key_id)
            .map(|(_, secret)| secret.clone())
    }

    /// The allowed clock skew in whole seconds.
    pub(crate) fn max_skew_secs(&self) -> i64 {
        i64::try_from(self.max_clock_skew.as_secs()).unwrap_or(i64::MAX)
    }
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let access_key_ids: Vec<&str> = self.key_pairs.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("EmulatorConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("access_key_ids", &access_key_ids)
            .field("max_clock_skew", &self.max_clock_skew)
            .field("connector_destinations", &self.connector_destinations)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_pairs_add_to_the_default_and_debug_hides_secrets() {
        let config = EmulatorConfig::new().key_pair("AKIDOTHER", "other-secret");
        assert_eq!(
            config.secret_for(DEFAULT_ACCESS_KEY_ID).as_deref(),
            Some(DEFAULT_SECRET_ACCESS_KEY)
        );
        assert_eq!(
            config.secret_for("AKIDOTHER").as_deref(),
            Some("other-secret")
        );
        assert_eq!(config.secret_for("AKIDNONE"), None);
        let debug = format!("{config:?}");
        assert!(debug.contains("AKIDOTHER"));
        assert!(!debug.contains("other-secret"));
        assert!(!debug.contains(DEFAULT_SECRET_ACCESS_KEY));
    }
}
