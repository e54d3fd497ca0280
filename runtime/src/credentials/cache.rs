//! Caching credentials, refreshed before they expire, one refresh at a time.

use super::{Credentials, ProvideCredentials, ProvideFuture};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

/// How long before expiry cached credentials are refreshed.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// Wraps a provider: hands out cached credentials until they near expiry, then refreshes.
///
/// Under any number of concurrent calls with stale credentials exactly one refresh runs; the
/// others wait for it and share its result. Credentials without an expiry are kept for good.
///
/// ```
/// use aws_op_runtime::credentials::{CachingProvider, Credentials, StaticProvider};
/// use std::sync::Arc;
/// let provider = CachingProvider::new(Arc::new(StaticProvider(Credentials::new("AKID", "S", None))));
/// # let _ = provider;
/// ```
#[derive(Debug)]
pub struct CachingProvider {
    inner: Arc<dyn ProvideCredentials>,
    cached: RwLock<Option<Credentials>>,
    refresh: tokio::sync::Mutex<()>,
    now: fn() -> SystemTime,
}

impl CachingProvider {
    /// Caches what `inner` provides.
    pub fn new(inner: Arc<dyn ProvideCredentials>) -> Self {
        Self::with_clock(inner, SystemTime::now)
    }

    /// Like [`CachingProvider::new`] with another clock (tests).
    pub fn with_clock(inner: Arc<dyn ProvideCredentials>, now: fn() -> SystemTime) -> Self {
        CachingProvider {
            inner,
            cached: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            now,
        }
    }

    fn fresh(&self) -> Option<Credentials> {
        let cached = self.cached.read().unwrap_or_else(|p| p.into_inner());
        let creds = cached.as_ref()?;
        match creds.expires_at() {
            None => Some(creds.clone()),
            Some(at) => ((self.now)() + REFRESH_BEFORE_EXPIRY < at).then(|| creds.clone()),
        }
    }

    /// Whether `creds` may still be used at all (a refresh failed but they have not expired).
    fn still_valid(&self, creds: &Credentials) -> bool {
        creds.expires_at().is_none_or(|at| (self.now)() < at)
    }
}

impl ProvideCredentials for CachingProvider {
    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            if let Some(creds) = self.fresh() {
                return Ok(creds);
            }
            let _only_one_refresh = self.refresh.lock().await;
            // Another caller may have refreshed while this one waited.
            if let Some(creds) = self.fresh() {
                return Ok(creds);
            }
            match self.inner.provide().await {
                Ok(creds) => {
                    *self.cached.write().unwrap_or_else(|p| p.into_inner()) = Some(creds.clone());
                    Ok(creds)
                }
                Err(e) => {
                    // A failed early refresh keeps serving credentials that have not expired.
                    let cached = self
                        .cached
                        .read()
                        .unwrap_or_else(|p| p.into_inner())
                        .clone();
                    match cached {
                        Some(c) if self.still_valid(&c) => Ok(c),
                        _ => Err(e),
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CredentialsError;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug)]
    struct Counting {
        calls: AtomicUsize,
        lifetime: Duration,
    }

    impl ProvideCredentials for Counting {
        fn provide(&self) -> ProvideFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                // Slow enough that concurrent callers pile up behind the refresh.
                tokio::time::sleep(Duration::from_millis(20)).await;
                if self.lifetime.is_zero() {
                    return Err(CredentialsError::failed("test", "down"));
                }
                Ok(Credentials::new(format!("AKID{n}"), "secret", None)
                    .with_expiry(SystemTime::now() + self.lifetime))
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_thousand_concurrent_calls_share_one_refresh() {
        let inner = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime: Duration::from_secs(3600),
        });
        let cache = Arc::new(CachingProvider::new(inner.clone()));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..1000 {
            let cache = cache.clone();
            tasks.spawn(async move { cache.provide().await.unwrap().access_key_id().to_owned() });
        }
        while let Some(id) = tasks.join_next().await {
            assert_eq!(id.unwrap(), "AKID0");
        }
        assert_eq!(inner.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn credentials_near_expiry_are_refreshed() {
        let inner = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            // Inside the refresh window from the start: every call refreshes.
            lifetime: Duration::from_secs(60),
        });
        let cache = CachingProvider::new(inner.clone());
        assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID0");
        assert_eq!(cache.provide().await.unwrap().access_key_id(), "AKID1");
        assert_eq!(inner.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn errors_are_passed_on_when_nothing_valid_is_cached() {
        let inner = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime: Duration::ZERO,
        });
        let cache = CachingProvider::new(inner);
        assert_eq!(cache.provide().await.unwrap_err().message, "down");
    }
}
