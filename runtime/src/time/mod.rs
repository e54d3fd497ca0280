//! Timestamps: [`DateTime`], a UTC instant with nanosecond precision, and the
//! three Smithy wire formats it is written in ([`TimestampFormat`]).
//!
//! The parsers and formatters of `epoch-seconds`, `date-time` (RFC 3339) and
//! `http-date` (RFC 9110 IMF-fixdate, plus the obsolete RFC 850 and asctime
//! forms on input) are written here on the crate's one calendar
//! (the `calendar` module).
//!
//! ```
//! use aws_op_runtime::{DateTime, TimestampFormat};
//!
//! let t = DateTime::from_secs(1_398_796_238);
//! assert_eq!(t.fmt(TimestampFormat::DateTime), "2014-04-29T18:30:38Z");
//! assert_eq!(t.fmt(TimestampFormat::HttpDate), "Tue, 29 Apr 2014 18:30:38 GMT");
//! assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "1398796238");
//! ```

mod format;
mod parse;

use self::parse::{current_year, parse_date_time, parse_epoch_seconds, parse_http_date};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;

const SHORT_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A point in time with nanosecond precision, in UTC.
///
/// Internally this is a count of whole seconds since the Unix epoch
/// (1970-01-01T00:00:00Z) plus a sub-second part in nanoseconds. For instants
/// before the epoch the seconds are rounded towards negative infinity and the
/// nanoseconds are still counted forwards, so -1.5 s is `secs() == -2`,
/// `subsec_nanos() == 500_000_000`. Ordering and equality follow the instant.
///
/// `Display` and [`FromStr`] use the `date-time` (RFC 3339) format; `Debug`
/// prints `DateTime(2014-04-29T18:30:38Z)`.
///
/// ```
/// use aws_op_runtime::{DateTime, TimestampFormat};
///
/// let t = DateTime::parse("2014-04-29T18:30:38.123Z", TimestampFormat::DateTime)?;
/// assert_eq!(t.secs(), 1_398_796_238);
/// assert_eq!(t.subsec_nanos(), 123_000_000);
/// assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "1398796238.123");
/// assert_eq!(t.fmt(TimestampFormat::HttpDate), "Tue, 29 Apr 2014 18:30:38.123 GMT");
///
/// let same: DateTime = "2014-04-29T20:30:38.123+02:00".parse()?;
/// assert_eq!(same, t);
/// assert_eq!(same.to_string(), "2014-04-29T18:30:38.123Z");
/// # Ok::<(), aws_op_runtime::TimestampError>(())
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    secs: i64,
    // Invariant: nanos < NANOS_PER_SEC.
    nanos: u32,
}

impl DateTime {
    /// The instant `secs` whole seconds after (or, if negative, before) the
    /// Unix epoch.
    pub fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// The instant `secs` seconds plus `nanos` nanoseconds after the Unix
    /// epoch. Nanoseconds of one second or more are carried into the seconds.
    ///
    /// If the carry overflows `i64` seconds, the result saturates at the
    /// latest representable instant.
    pub fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        let carry = i64::from(nanos / NANOS_PER_SEC);
        match secs.checked_add(carry) {
            Some(secs) => DateTime {
                secs,
                nanos: nanos % NANOS_PER_SEC,
            },
            None => DateTime {
                secs: i64::MAX,
                nanos: NANOS_PER_SEC - 1,
            },
        }
    }

    /// The instant `ms` milliseconds after (or, if negative, before) the Unix
    /// epoch.
    pub fn from_millis(ms: i64) -> Self {
        DateTime {
            secs: ms.div_euclid(1000),
            // rem_euclid is in 0..1000, so the cast and product cannot overflow.
            nanos: ms.rem_euclid(1000) as u32 * 1_000_000,
        }
    }

    /// The instant `f` seconds after the Unix epoch, as found in JSON
    /// documents.
    ///
    /// The fraction is rounded to the nearest microsecond, which removes the
    /// noise of binary floating point: `1398796238.123` (really
    /// `1398796238.1229999065...`) gives exactly 123 000 000 nanoseconds.
    /// Returns `None` for NaN, infinities and values whose whole seconds do
    /// not fit in an `i64`.
    pub fn from_fractional_secs(f: f64) -> Option<Self> {
        if !f.is_finite() {
            return None;
        }
        let whole = f.floor();
        // -2^63 is exactly representable; 2^63 is the first value past i64::MAX.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if !(-LIMIT..LIMIT).contains(&whole) {
            return None;
        }
        // `f - floor(f)` is exact in binary floating point and lies in [0, 1).
        let micros = ((f - whole) * 1e6).round() as u32;
        let secs = whole as i64;
        if micros >= 1_000_000 {
            // Rounded up to the next whole second. `whole` < 2^63 - 1024 here
            // (the largest f64 below 2^63), so this cannot overflow.
            Some(DateTime {
                secs: secs + 1,
                nanos: 0,
            })
        } else {
            Some(DateTime {
                secs,
                nanos: micros * 1000,
            })
        }
    }

    /// The current time according to the system clock.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    /// Whole seconds since the Unix epoch, rounded towards negative infinity.
    pub fn secs(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`secs`](Self::secs), always in `0..1_000_000_000`.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the Unix epoch as a floating-point number (precision is
    /// lost for instants far from the epoch).
    pub fn as_fractional_secs(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / f64::from(NANOS_PER_SEC)
    }

    /// Converts from [`SystemTime`]. Instants beyond the `i64` range of
    /// seconds saturate.
    pub fn from_system_time(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(after) => match i64::try_from(after.as_secs()) {
                Ok(secs) => DateTime {
                    secs,
                    nanos: after.subsec_nanos(),
                },
                Err(_) => DateTime {
                    secs: i64::MAX,
                    nanos: NANOS_PER_SEC - 1,
                },
            },
            Err(e) => {
                let before = e.duration();
                let nanos = before.subsec_nanos();
                // -(secs) and, with a fraction, one second more.
                let whole = i128::from(before.as_secs()) + i128::from(nanos > 0);
                match i64::try_from(-whole) {
                    Ok(secs) if nanos > 0 => DateTime {
                        secs,
                        nanos: NANOS_PER_SEC - nanos,
                    },
                    Ok(secs) => DateTime { secs, nanos: 0 },
                    Err(_) => DateTime {
                        secs: i64::MIN,
                        nanos: 0,
                    },
                }
            }
        }
    }

    /// Converts to [`SystemTime`].
    ///
    /// # Panics
    ///
    /// If the instant is outside the range of `SystemTime` on this platform
    /// (on Unix-like systems every `DateTime` fits; Windows is limited to
    /// years 1601 to about 30828).
    pub fn to_system_time(&self) -> SystemTime {
        self.checked_to_system_time()
            .expect("DateTime is outside the range of SystemTime on this platform")
    }

    /// The instant as a [`SystemTime`], or `None` when this platform cannot represent it
    /// (for values read from the network, which may be anything).
    pub fn checked_to_system_time(&self) -> Option<SystemTime> {
        let whole = Duration::from_secs(self.secs.unsigned_abs());
        let base = if self.secs >= 0 {
            UNIX_EPOCH.checked_add(whole)
        } else {
            UNIX_EPOCH.checked_sub(whole)
        };
        base?.checked_add(Duration::from_nanos(u64::from(self.nanos)))
    }

    /// Formats the instant in the given wire format.
    ///
    /// * [`EpochSeconds`](TimestampFormat::EpochSeconds): `1398796238`, or with
    ///   the shortest exact fraction, `1398796238.123`, `-1.5`.
    /// * [`DateTime`](TimestampFormat::DateTime): RFC 3339 in UTC,
    ///   `2014-04-29T18:30:38Z`; fractional seconds only when non-zero, with
    ///   trailing zeros trimmed (`2014-04-29T18:30:38.123Z`).
    /// * [`HttpDate`](TimestampFormat::HttpDate): IMF-fixdate,
    ///   `Tue, 29 Apr 2014 18:30:38 GMT`; when the instant has non-zero
    ///   milliseconds they are written as three digits before ` GMT`
    ///   (`18:30:38.123 GMT`), finer digits are dropped.
    ///
    /// The text formats are defined for years 0001 to 9999 only. This method
    /// never fails: outside that range the year is written in the ISO 8601
    /// expanded form with a sign (`+10000`, `+0000`, `-0001`), which
    /// [`parse`](Self::parse) rejects.
    pub fn fmt(&self, format: TimestampFormat) -> String {
        let mut out = String::with_capacity(36);
        // Writing into a String cannot fail.
        let _ = format::write(self, format, &mut out);
        out
    }

    /// Parses text in the given wire format.
    ///
    /// * [`EpochSeconds`](TimestampFormat::EpochSeconds): an optionally
    ///   negative decimal number with an optional fraction and exponent
    ///   (`1398796238`, `1398796238.123`, `-1.5`, `1.398796238E9`). The value
    ///   is converted exactly; digits below one nanosecond are truncated.
    /// * [`DateTime`](TimestampFormat::DateTime): RFC 3339
    ///   (`2014-04-29T18:30:38Z`, `2014-04-29T20:30:38.5+02:00`); `t` and `z`
    ///   may be lower case; any number of fractional digits (digits below one
    ///   nanosecond are truncated).
    /// * [`HttpDate`](TimestampFormat::HttpDate): IMF-fixdate
    ///   (`Tue, 29 Apr 2014 18:30:38 GMT`, optionally with a fraction before
    ///   ` GMT`), and the obsolete RFC 850 (`Tuesday, 29-Apr-14 18:30:38 GMT`)
    ///   and asctime (`Tue Apr 29 18:30:38 2014`) forms. Day and month names
    ///   and `GMT` are matched ignoring ASCII case; the day name must be a
    ///   real one but is not checked against the date. An RFC 850 two-digit
    ///   year is the year with those last digits from 49 years before to 50
    ///   years after the current year of the system clock (so a year more
    ///   than 50 years in the future is read as a past one, RFC 9110, section
    ///   5.6.7).
    ///
    /// Text dates must name a real calendar day in years 0001 to 9999, hours
    /// 00-23, minutes and seconds 00-59 (no leap second `60`). Surrounding
    /// whitespace is not accepted.
    ///
    /// # Errors
    ///
    /// A [`TimestampError`] quoting the text and saying what was expected if
    /// the text is not in the format or names an impossible date or time, or
    /// (epoch seconds only) a value whose whole seconds do not fit in `i64`.
    pub fn parse(s: &str, format: TimestampFormat) -> Result<Self, TimestampError> {
        let bytes = s.as_bytes();
        let parsed = match format {
            TimestampFormat::EpochSeconds => parse_epoch_seconds(bytes),
            TimestampFormat::DateTime => parse_date_time(bytes),
            TimestampFormat::HttpDate => parse_http_date(bytes, current_year()),
        };
        parsed.map_err(|expected| TimestampError::new(s, format, expected))
    }
}

impl fmt::Display for DateTime {
    /// Writes the `date-time` (RFC 3339) format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format::write(self, TimestampFormat::DateTime, f)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DateTime(")?;
        format::write(self, TimestampFormat::DateTime, f)?;
        f.write_str(")")
    }
}

impl FromStr for DateTime {
    type Err = TimestampError;

    /// Parses the `date-time` (RFC 3339) format.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateTime::parse(s, TimestampFormat::DateTime)
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        DateTime::from_system_time(t)
    }
}

/// Wire formats of Smithy timestamps (the `@timestampFormat` trait values).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `epoch-seconds`: seconds since the Unix epoch, with an optional
    /// fraction (`1398796238.123`).
    EpochSeconds,
    /// `date-time`: RFC 3339 in UTC (`2014-04-29T18:30:38Z`).
    DateTime,
    /// `http-date`: RFC 9110 IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`).
    HttpDate,
}

impl TimestampFormat {
    /// Looks a format up by its Smithy name (`epoch-seconds`, `date-time`,
    /// `http-date`) or its botocore spelling (`unixTimestamp`, `iso8601`,
    /// `rfc822`). Names are case-sensitive.
    ///
    /// ```
    /// use aws_op_runtime::TimestampFormat;
    ///
    /// assert_eq!(TimestampFormat::from_smithy_name("iso8601"), Some(TimestampFormat::DateTime));
    /// assert_eq!(TimestampFormat::from_smithy_name("yesterday"), None);
    /// ```
    pub fn from_smithy_name(s: &str) -> Option<Self> {
        match s {
            "epoch-seconds" | "unixTimestamp" => Some(TimestampFormat::EpochSeconds),
            "date-time" | "iso8601" => Some(TimestampFormat::DateTime),
            "http-date" | "rfc822" => Some(TimestampFormat::HttpDate),
            _ => None,
        }
    }

    /// The Smithy name of the format: `epoch-seconds`, `date-time` or
    /// `http-date`.
    pub fn smithy_name(self) -> &'static str {
        match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        }
    }
}

/// Text that could not be parsed as a timestamp of the expected format.
///
/// The message quotes the input (cut to its first 64 characters) and says
/// what was expected, e.g. ``invalid date-time timestamp "2014-02-30T00:00:00Z":
/// expected a day that exists in the given month``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    input: String,
    truncated: bool,
    format: TimestampFormat,
    expected: &'static str,
}

impl TimestampError {
    const MAX_INPUT_CHARS: usize = 64;

    fn new(input: &str, format: TimestampFormat, expected: &'static str) -> Self {
        let mut chars = input.char_indices();
        let (input, truncated) = match chars.nth(Self::MAX_INPUT_CHARS) {
            Some((end, _)) => (&input[..end], true),
            None => (input, false),
        };
        TimestampError {
            input: input.to_owned(),
            truncated,
            format,
            expected,
        }
    }

    /// The offending text, cut to its first 64 characters.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The format the text was parsed as.
    pub fn format(&self) -> TimestampFormat {
        self.format
    }

    /// What the parser expected where it failed.
    pub fn expected(&self) -> &str {
        self.expected
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} timestamp {:?}{}: expected {}",
            self.format.smithy_name(),
            self.input,
            if self.truncated { "..." } else { "" },
            self.expected
        )
    }
}

impl std::error::Error for TimestampError {}

#[cfg(test)]
mod tests;
