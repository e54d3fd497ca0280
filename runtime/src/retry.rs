//! The retry policies of the AWS SDKs (retry behaviour 2.1): when to retry, at what cost, after
//! how long.

pub(crate) mod adaptive;

use crate::operation::RetryKind;
use std::sync::Mutex;
use std::time::Duration;

/// How a client retries. Both modes follow the AWS SDKs (retry behaviour 2.1).
///
/// A failed attempt is retried when it is transient (HTTP 500/502/503/504, I/O and timeouts,
/// transient codes, errors the model marks retryable) or throttling (throttling codes, 429),
/// while attempts remain and the client's token bucket can pay for it. Backoff is full jitter:
/// `random * min(base * 2^(attempt-1), 20 s)` with base 50 ms (transient) or 1 s (throttling);
/// an `x-amz-retry-after` header (milliseconds) replaces the computed delay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// Retries with backoff and the retry token bucket.
    Standard,
    /// Standard, plus a client-side rate limiter that slows sending after throttling.
    Adaptive,
}

impl RetryMode {
    /// Reads `standard`, `adaptive` or `legacy` (treated as standard), as in `AWS_RETRY_MODE`.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "standard" | "legacy" => Some(RetryMode::Standard),
            "adaptive" => Some(RetryMode::Adaptive),
            _ => None,
        }
    }
}

/// Error codes the SDKs treat as throttling.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes the SDKs treat as transient.
pub const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalFailure",
    "ServiceUnavailable",
];

/// The retry reason as traced: `transient` or `throttling`.
pub fn reason(kind: RetryKind) -> &'static str {
    match kind {
        RetryKind::Throttling => "throttling",
        RetryKind::Transient => "transient",
        RetryKind::NotRetryable => "not retryable",
    }
}

/// The token bucket's capacity.
pub const BUCKET_CAPACITY: u32 = 500;
/// Tokens a retry of a transient error costs.
pub const RETRY_COST: u32 = 14;
/// Tokens a retry of a throttling error costs.
pub const THROTTLING_RETRY_COST: u32 = 5;
/// The longest backoff.
pub const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Classifies an error response by its code and status, on top of what the model says.
pub fn classify(code: &str, status: u16, modelled: RetryKind) -> RetryKind {
    if modelled != RetryKind::NotRetryable {
        return modelled;
    }
    if THROTTLING_CODES.contains(&code) || status == 429 {
        RetryKind::Throttling
    } else if TRANSIENT_CODES.contains(&code) || matches!(status, 500 | 502 | 503 | 504) {
        RetryKind::Transient
    } else {
        RetryKind::NotRetryable
    }
}

/// The client-wide retry token bucket: a run of failures drains it and retries stop, so an
/// outage does not turn into a retry storm.
#[derive(Debug)]
pub struct TokenBucket {
    tokens: Mutex<u32>,
}

impl Default for TokenBucket {
    fn default() -> Self {
        TokenBucket {
            tokens: Mutex::new(BUCKET_CAPACITY),
        }
    }
}

impl TokenBucket {
    /// Takes the cost of one retry; `None` when the bucket cannot pay (no retry then).
    pub fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = match kind {
            RetryKind::Throttling => THROTTLING_RETRY_COST,
            _ => RETRY_COST,
        };
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if *tokens < cost {
            return None;
        }
        *tokens -= cost;
        Some(cost)
    }

    /// Records a success: refunds what its retries cost, or adds one token after a first-try success.
    pub fn on_success(&self, spent: u32) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        let refund = if spent == 0 { 1 } else { spent };
        *tokens = (*tokens + refund).min(BUCKET_CAPACITY);
    }

    /// Tokens currently available.
    pub fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The delay before retry number `retry` (1 for the first retry).
pub fn backoff(kind: RetryKind, retry: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(after) = retry_after {
        return after.min(MAX_BACKOFF);
    }
    let base = match kind {
        RetryKind::Throttling => Duration::from_secs(1),
        _ => Duration::from_millis(50),
    };
    let exp = base
        .checked_mul(1u32 << retry.saturating_sub(1).min(16))
        .unwrap_or(MAX_BACKOFF)
        .min(MAX_BACKOFF);
    exp.mul_f64(random_unit())
}

/// A uniformly random number in [0, 1) from the OS random source.
fn random_unit() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u64 >> 11;
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert_eq!(
            classify("ThrottlingException", 400, RetryKind::NotRetryable),
            RetryKind::Throttling
        );
        assert_eq!(
            classify("X", 503, RetryKind::NotRetryable),
            RetryKind::Transient
        );
        assert_eq!(
            classify("X", 409, RetryKind::NotRetryable),
            RetryKind::NotRetryable
        );
        assert_eq!(
            classify("X", 400, RetryKind::Transient),
            RetryKind::Transient
        );
    }

    #[test]
    fn bucket_drains_and_refills() {
        let b = TokenBucket::default();
        let mut n = 0;
        while b.acquire(RetryKind::Transient).is_some() {
            n += 1;
        }
        assert_eq!(n, BUCKET_CAPACITY / RETRY_COST);
        b.on_success(RETRY_COST);
        assert!(b.acquire(RetryKind::Transient).is_some());
    }

    #[test]
    fn backoff_is_bounded() {
        for retry in 1..40 {
            assert!(backoff(RetryKind::Throttling, retry, None) <= MAX_BACKOFF);
        }
        assert!(backoff(RetryKind::Transient, 1, None) < Duration::from_millis(50));
        assert_eq!(
            backoff(RetryKind::Transient, 1, Some(Duration::from_millis(7))),
            Duration::from_millis(7)
        );
    }
}
