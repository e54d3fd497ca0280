//! Fault injection: what a fault is ([`Fault`]), which requests a rule applies to
//! ([`FaultScope`]), and the rules of one emulator — scripted faults served once each, and
//! faults drawn at a rate with a seeded generator.
//!
//! Rules are set with [`Emulator::script_faults`](crate::Emulator::script_faults),
//! [`Emulator::fault_rate`](crate::Emulator::fault_rate) and
//! [`Emulator::fail_next`](crate::Emulator::fail_next).

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// One injected fault.
///
/// Faults are injected after the signature check and the routing (a request that fails either
/// never consumes one). [`Fault::Error`], [`Fault::Delay`] and [`Fault::DropBeforeCommit`] act
/// before the request is parsed; [`Fault::DropAfterCommit`], [`Fault::TruncatedBody`] and
/// [`Fault::MalformedJson`] act on the response, once the request has been handled (its effect
/// on the state is kept).
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// An AWS-shaped error response (`x-amzn-ErrorType: code` and `{"Message": message}`)
    /// without handling the request. A `status` outside `100..=999` is answered as `500`.
    Error {
        /// The status code.
        status: u16,
        /// The error code, sent as `x-amzn-ErrorType`.
        code: String,
        /// The `Message` member of the body.
        message: String,
    },
    /// Wait this long, then handle normally.
    Delay(Duration),
    /// Close the connection before handling: nothing is committed.
    DropBeforeCommit,
    /// Handle the request (state is committed) and close the connection without a response.
    DropAfterCommit,
    /// Handle, then send the status and headers with a `Content-Length` larger than the body,
    /// send part of the body, and close the connection. A response that may not carry a body
    /// (`204`) is sent as `200`.
    TruncatedBody,
    /// Handle, then answer the operation's success status with a body that is not valid JSON
    /// (`200` for an operation whose success status is `204`, which carries no body).
    MalformedJson,
}

/// The kind names of [`Fault::kind`], in the order of the variants.
pub const FAULT_KINDS: [&str; 6] = [
    "error",
    "delay",
    "drop-before",
    "drop-after",
    "truncate",
    "malformed",
];

impl Fault {
    /// `429 ThrottlingException`.
    pub fn throttling() -> Self {
        Self::error(
            429,
            "ThrottlingException",
            "Rate exceeded (injected fault).",
        )
    }

    /// `500 InternalServerException`.
    pub fn internal() -> Self {
        Self::error(
            500,
            "InternalServerException",
            "Internal server error (injected fault).",
        )
    }

    /// `503 ServiceUnavailableException`.
    pub fn unavailable() -> Self {
        Self::error(
            503,
            "ServiceUnavailableException",
            "Service unavailable (injected fault).",
        )
    }

    /// A [`Fault::Error`].
    pub fn error(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Fault::Error {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// Parses the textual form used on the command line (surrounding whitespace and case are
    /// ignored):
    ///
    /// | form | fault |
    /// |---|---|
    /// | `429` | [`Fault::throttling`] |
    /// | `500` | [`Fault::internal`] |
    /// | `503` | [`Fault::unavailable`] |
    /// | `drop-before` | [`Fault::DropBeforeCommit`] |
    /// | `drop-after` | [`Fault::DropAfterCommit`] |
    /// | `truncate` | [`Fault::TruncatedBody`] |
    /// | `malformed` | [`Fault::MalformedJson`] |
    /// | `delay=250ms`, `delay=2s` | [`Fault::Delay`] |
    ///
    /// # Errors
    ///
    /// A message naming the text and the accepted forms.
    pub fn parse(s: &str) -> Result<Fault, String> {
        let text = s.trim().to_ascii_lowercase();
        let fault = match text.as_str() {
            "429" => Fault::throttling(),
            "500" => Fault::internal(),
            "503" => Fault::unavailable(),
            "drop-before" => Fault::DropBeforeCommit,
            "drop-after" => Fault::DropAfterCommit,
            "truncate" => Fault::TruncatedBody,
            "malformed" => Fault::MalformedJson,
            _ => match text.strip_prefix("delay=") {
                Some(duration) => Fault::Delay(parse_duration(duration).ok_or_else(|| {
                    format!(
                        "bad delay `{}`: expected a whole number of milliseconds or seconds, \
                         like delay=250ms or delay=2s",
                        s.trim()
                    )
                })?),
                None => {
                    return Err(format!(
                        "unknown fault `{}` (expected 429, 500, 503, drop-before, drop-after, \
                         truncate, malformed, delay=<N>ms or delay=<N>s)",
                        s.trim()
                    ))
                }
            },
        };
        Ok(fault)
    }

    /// The kind of the fault, as counted by
    /// [`Emulator::faults_injected`](crate::Emulator::faults_injected): one of
    /// [`FAULT_KINDS`].
    pub fn kind(&self) -> &'static str {
        FAULT_KINDS[self.kind_index()]
    }

    fn kind_index(&self) -> usize {
        match self {
            Fault::Error { .. } => 0,
            Fault::Delay(_) => 1,
            Fault::DropBeforeCommit => 2,
            Fault::DropAfterCommit => 3,
            Fault::TruncatedBody => 4,
            Fault::MalformedJson => 5,
        }
    }
}

/// A short form: `500 InternalServerException`, `delay=250ms`, or the [kind](Fault::kind) of
/// the other faults (the form [`Fault::parse`] reads, for all but errors).
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Error { status, code, .. } => write!(f, "{status} {code}"),
            Fault::Delay(delay) => write!(f, "delay={}ms", delay.as_millis()),
            other => f.write_str(other.kind()),
        }
    }
}

/// `250ms` or `2s` (digits only, then the unit).
fn parse_duration(text: &str) -> Option<Duration> {
    let (digits, unit_ms) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, true)
    } else {
        (text.strip_suffix('s')?, false)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some(if unit_ms {
        Duration::from_millis(n)
    } else {
        Duration::from_secs(n)
    })
}

/// Which requests a rule applies to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FaultScope {
    /// Every request that is authenticated and routed to an operation.
    All,
    /// The requests to one operation, by name (`CreateAccountAssociation`).
    Operation(String),
}

impl FaultScope {
    /// [`FaultScope::Operation`] of `name`.
    pub fn operation(name: impl Into<String>) -> Self {
        FaultScope::Operation(name.into())
    }

    /// Whether a request to `operation` is in scope.
    pub fn matches(&self, operation: &str) -> bool {
        match self {
            FaultScope::All => true,
            FaultScope::Operation(name) => name == operation,
        }
    }
}

/// SplitMix64: a tiny, well-mixed generator; plenty for drawing faults reproducibly.
#[derive(Clone, Debug)]
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, with 53 bits of precision.
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..len` (`len > 0`).
    fn next_index(&mut self, len: usize) -> usize {
        ((u128::from(self.next_u64()) * len as u128) >> 64) as usize
    }
}

/// Faults drawn at a rate for the requests in scope.
#[derive(Debug)]
struct RateRule {
    scope: FaultScope,
    rate: f64,
    faults: Vec<Fault>,
    rng: SplitMix64,
}

#[derive(Debug, Default)]
struct Rules {
    /// Scripted faults in the order they were queued; each is served to the first request in
    /// its scope.
    scripted: VecDeque<(FaultScope, Fault)>,
    /// Rate rules in the order they were set (at most one per scope).
    rates: Vec<RateRule>,
    /// Faults injected so far, indexed like [`FAULT_KINDS`].
    injected: [usize; FAULT_KINDS.len()],
}

/// The fault rules of one emulator.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Mutex<Rules>,
}

impl Faults {
    fn rules(&self) -> MutexGuard<'_, Rules> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `faults` for the next requests in `scope`, in order, once each.
    pub fn script(&self, scope: FaultScope, faults: impl IntoIterator<Item = Fault>) {
        let mut rules = self.rules();
        for fault in faults {
            rules.scripted.push_back((scope.clone(), fault));
        }
    }

    /// Sets the rate rule of `scope` (replacing an earlier one of the same scope). A `rate`
    /// outside `0.0..=1.0` is clamped to it, NaN counts as `0.0`.
    pub fn set_rate(&self, scope: FaultScope, rate: f64, faults: Vec<Fault>, seed: u64) {
        let rate = if rate.is_nan() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
        let rule = RateRule {
            scope,
            rate,
            faults,
            rng: SplitMix64::new(seed),
        };
        let mut rules = self.rules();
        match rules.rates.iter_mut().find(|r| r.scope == rule.scope) {
            Some(existing) => *existing = rule,
            None => rules.rates.push(rule),
        }
    }

    /// Removes every rule (the counters are kept).
    pub fn clear(&self) {
        let mut rules = self.rules();
        rules.scripted.clear();
        rules.rates.clear();
    }

    /// The fault for a request to `operation`, if any, counted as injected: the oldest scripted
    /// fault in scope; otherwise each rate rule in scope, in the order they were set, draws
    /// until one hits.
    pub fn draw(&self, operation: &str) -> Option<Fault> {
        let mut rules = self.rules();
        let rules = &mut *rules;
        let fault = match rules
            .scripted
            .iter()
            .position(|(s, _)| s.matches(operation))
        {
            Some(i) => rules.scripted.remove(i).map(|(_, fault)| fault),
            None => rules
                .rates
                .iter_mut()
                .filter(|rule| rule.scope.matches(operation))
                .find_map(|rule| {
                    // Always one draw for the decision, so the sequence depends on the seed and
                    // the number of requests in scope only.
                    let hit = rule.rng.next_unit() < rule.rate;
                    if !hit || rule.faults.is_empty() {
                        return None;
                    }
                    let index = rule.rng.next_index(rule.faults.len());
                    rule.faults.get(index).cloned()
                }),
        }?;
        rules.injected[fault.kind_index()] += 1;
        Some(fault)
    }

    /// The faults injected so far, by kind; every kind of [`FAULT_KINDS`] is present.
    pub fn injected(&self) -> BTreeMap<&'static str, usize> {
        let rules = self.rules();
        FAULT_KINDS
            .iter()
            .copied()
            .zip(rules.injected.iter().copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(fault: Option<Fault>) -> Option<String> {
        match fault {
            Some(Fault::Error { message, .. }) => Some(message),
            _ => None,
        }
    }

    #[test]
    fn scripted_faults_are_served_once_in_order_per_scope() {
        let faults = Faults::default();
        faults.script(
            FaultScope::operation("A"),
            [
                Fault::error(500, "InternalServerException", "one"),
                Fault::error(429, "ThrottlingException", "two"),
            ],
        );
        faults.script(
            FaultScope::operation("B"),
            [Fault::error(503, "ServiceUnavailableException", "b")],
        );
        assert_eq!(message(faults.draw("A")), Some("one".to_owned()));
        assert_eq!(message(faults.draw("A")), Some("two".to_owned()));
        assert_eq!(faults.draw("A"), None);
        assert_eq!(message(faults.draw("B")), Some("b".to_owned()));
        faults.script(
            FaultScope::All,
            [Fault::DropAfterCommit, Fault::TruncatedBody],
        );
        assert_eq!(faults.draw("C"), Some(Fault::DropAfterCommit));
        assert_eq!(faults.draw("A"), Some(Fault::TruncatedBody));
        assert_eq!(faults.draw("A"), None);
        let counts = faults.injected();
        assert_eq!(counts.len(), 6);
        assert_eq!(
            (counts["error"], counts["drop-after"], counts["truncate"]),
            (3, 1, 1)
        );
        assert_eq!(counts["delay"], 0);
    }

    #[test]
    fn scripted_faults_take_precedence_and_clear_removes_rules() {
        let faults = Faults::default();
        faults.set_rate(FaultScope::All, 1.0, vec![Fault::MalformedJson], 7);
        faults.script(FaultScope::operation("A"), [Fault::DropBeforeCommit]);
        assert_eq!(faults.draw("A"), Some(Fault::DropBeforeCommit));
        assert_eq!(faults.draw("A"), Some(Fault::MalformedJson));
        faults.clear();
        assert_eq!(faults.draw("A"), None);
        assert_eq!(faults.injected()["malformed"], 1);
    }

    #[test]
    fn rates_are_deterministic_and_bounded() {
        let sequence = |seed: u64, rate: f64| {
            let faults = Faults::default();
            faults.set_rate(
                FaultScope::All,
                rate,
                vec![Fault::internal(), Fault::TruncatedBody],
                seed,
            );
            (0..200)
                .map(|_| faults.draw("A").map(|f| f.kind()))
                .collect::<Vec<_>>()
        };
        assert_eq!(sequence(42, 0.3), sequence(42, 0.3));
        assert_ne!(sequence(42, 0.3), sequence(43, 0.3));
        let hits = sequence(42, 0.3).iter().filter(|f| f.is_some()).count();
        assert!((30..90).contains(&hits), "{hits}");
        assert!(sequence(1, 0.0).iter().all(Option::is_none));
        assert!(sequence(1, f64::NAN).iter().all(Option::is_none));
        assert!(sequence(1, 1.0).iter().all(Option::is_some));
        assert!(sequence(1, 7.0).iter().all(Option::is_some));
        let kinds = sequence(5, 1.0);
        assert!(kinds.contains(&Some("error")) && kinds.contains(&Some("truncate")));
    }

    #[test]
    fn rate_rules_follow_their_scope_and_replace_by_scope() {
        let faults = Faults::default();
        faults.set_rate(FaultScope::operation("A"), 1.0, vec![Fault::internal()], 1);
        assert_eq!(faults.draw("B"), None);
        assert_eq!(faults.draw("A"), Some(Fault::internal()));
        faults.set_rate(FaultScope::operation("A"), 0.0, vec![Fault::internal()], 1);
        assert_eq!(faults.draw("A"), None);
        faults.set_rate(FaultScope::All, 1.0, Vec::new(), 1);
        assert_eq!(faults.draw("A"), None);
    }

    #[test]
    fn parse_accepts_the_documented_forms() {
        let ok = [
            ("429", Fault::throttling()),
            ("500", Fault::internal()),
            (" 503 ", Fault::unavailable()),
            ("drop-before", Fault::DropBeforeCommit),
            ("DROP-AFTER", Fault::DropAfterCommit),
            ("truncate", Fault::TruncatedBody),
            ("malformed", Fault::MalformedJson),
            ("delay=250ms", Fault::Delay(Duration::from_millis(250))),
            ("delay=2s", Fault::Delay(Duration::from_secs(2))),
            ("delay=0ms", Fault::Delay(Duration::ZERO)),
        ];
        for (text, fault) in ok {
            assert_eq!(Fault::parse(text), Ok(fault), "{text}");
        }
        for text in [
            "",
            "404",
            "drop",
            "delay=",
            "delay=ms",
            "delay=5",
            "delay=-1s",
            "delay=1.5s",
            "delay=99999999999999999999s",
        ] {
            let error = Fault::parse(text).expect_err(text);
            assert!(error.contains(text.trim()), "{text}: {error}");
        }
        assert_eq!(Fault::throttling().kind(), "error");
        assert_eq!(Fault::throttling().to_string(), "429 ThrottlingException");
        for text in [
            "drop-before",
            "drop-after",
            "truncate",
            "malformed",
            "delay=250ms",
        ] {
            assert_eq!(
                Fault::parse(text).map(|f| f.to_string()),
                Ok(text.to_owned())
            );
        }
        assert_eq!(Fault::Delay(Duration::ZERO).kind(), "delay");
    }
}
