//! Timestamps: [`DateTime`], a UTC instant with nanosecond precision, and the
//! three Smithy wire formats it is written in ([`TimestampFormat`]).
//!
//! The parsers and formatters of `epoch-seconds`, `date-time` (RFC 3339) and
//! `http-date` (RFC 9110 IMF-fixdate, plus the obsolete RFC 850 and asctime
//! forms on input) are written here on the crate's one calendar
//! (the `calendar` module).
//!
//! ```
//! use aws_op_runtime::time::{DateTime, TimestampFormat};
//!
//! let t = DateTime::from_secs(1_398_796_238);
//! assert_eq!(t.fmt(TimestampFormat::DateTime), "2014-04-29T18:30:38Z");
//! assert_eq!(t.fmt(TimestampFormat::HttpDate), "Tue, 29 Apr 2014 18:30:38 GMT");
//! assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "1398796238");
//! ```

use crate::calendar::{civil_from_days, days_from_civil, days_in_month, split_days, SECS_PER_DAY};
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
/// use aws_op_runtime::time::{DateTime, TimestampFormat};
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
/// # Ok::<(), aws_op_runtime::time::TimestampError>(())
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
        let _ = self.write(format, &mut out);
        out
    }

    fn write<W: fmt::Write>(&self, format: TimestampFormat, w: &mut W) -> fmt::Result {
        match format {
            TimestampFormat::EpochSeconds => self.write_epoch_seconds(w),
            TimestampFormat::DateTime => self.write_date_time(w),
            TimestampFormat::HttpDate => self.write_http_date(w),
        }
    }

    fn write_epoch_seconds<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        if self.nanos == 0 {
            write!(w, "{}", self.secs)
        } else if self.secs >= 0 {
            write!(w, "{}", self.secs)?;
            write_fraction(w, self.nanos)
        } else {
            // secs + nanos/1e9 == -((-secs - 1) + (1e9 - nanos)/1e9); the
            // sign must be written even when the integer part is zero.
            write!(w, "-{}", (self.secs + 1).unsigned_abs())?;
            write_fraction(w, NANOS_PER_SEC - self.nanos)
        }
    }

    fn write_date_time<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        let (days, secs_of_day) = split_days(self.secs);
        let (year, month, day) = civil_from_days(days);
        write_year(w, year)?;
        write!(
            w,
            "-{:02}-{:02}T{:02}:{:02}:{:02}",
            month,
            day,
            secs_of_day / 3600,
            secs_of_day / 60 % 60,
            secs_of_day % 60
        )?;
        if self.nanos != 0 {
            write_fraction(w, self.nanos)?;
        }
        w.write_char('Z')
    }

    fn write_http_date<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        let (days, secs_of_day) = split_days(self.secs);
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday (index 3 with Monday as 0).
        let weekday = (days + 3).rem_euclid(7) as usize;
        write!(
            w,
            "{}, {:02} {} ",
            SHORT_DAYS[weekday],
            day,
            MONTHS[month as usize - 1]
        )?;
        write_year(w, year)?;
        write!(
            w,
            " {:02}:{:02}:{:02}",
            secs_of_day / 3600,
            secs_of_day / 60 % 60,
            secs_of_day % 60
        )?;
        let millis = self.nanos / 1_000_000;
        if millis != 0 {
            write!(w, ".{millis:03}")?;
        }
        w.write_str(" GMT")
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
        self.write_date_time(f)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DateTime(")?;
        self.write_date_time(f)?;
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
    /// use aws_op_runtime::time::TimestampFormat;
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

fn current_year() -> i64 {
    let (days, _) = split_days(DateTime::now().secs);
    civil_from_days(days).0
}

// ---------------------------------------------------------------------------
// Formatting helpers.

/// Writes `.` and the nanoseconds with trailing zeros removed; `nanos` must be
/// in `1..1_000_000_000`.
fn write_fraction<W: fmt::Write>(w: &mut W, nanos: u32) -> fmt::Result {
    let mut digits = nanos;
    let mut width = 9;
    while digits % 10 == 0 && width > 1 {
        digits /= 10;
        width -= 1;
    }
    write!(w, ".{digits:0width$}")
}

fn write_year<W: fmt::Write>(w: &mut W, year: i64) -> fmt::Result {
    if (1..=9999).contains(&year) {
        write!(w, "{year:04}")
    } else {
        write!(w, "{year:+05}")
    }
}

// ---------------------------------------------------------------------------
// Parsing. All parsers work on bytes, so multi-byte characters simply fail to
// match; the error type carries a description of what was expected.

type Parsed<T> = Result<T, &'static str>;

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8, what: &'static str) -> Parsed<()> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(what)
        }
    }

    /// Exactly `n` ASCII digits (n <= 9).
    fn digits(&mut self, n: usize, what: &'static str) -> Parsed<u32> {
        let field = self.bytes.get(self.pos..self.pos + n).ok_or(what)?;
        let mut value = 0;
        for &b in field {
            if !b.is_ascii_digit() {
                return Err(what);
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos += n;
        Ok(value)
    }

    /// `n` bytes matching `expected` ignoring ASCII case.
    fn word(&mut self, expected: &str, what: &'static str) -> Parsed<()> {
        let n = expected.len();
        match self.bytes.get(self.pos..self.pos + n) {
            Some(w) if w.eq_ignore_ascii_case(expected.as_bytes()) => {
                self.pos += n;
                Ok(())
            }
            _ => Err(what),
        }
    }

    /// Three-letter month name, returned as 1-12.
    fn month_name(&mut self) -> Parsed<u32> {
        const WHAT: &str = "a month name such as Apr";
        let name = self.bytes.get(self.pos..self.pos + 3).ok_or(WHAT)?;
        let index = MONTHS
            .iter()
            .position(|m| m.as_bytes().eq_ignore_ascii_case(name))
            .ok_or(WHAT)?;
        self.pos += 3;
        Ok(index as u32 + 1)
    }

    /// `HH:MM:SS`, validated.
    fn time_of_day(&mut self) -> Parsed<(u32, u32, u32)> {
        let hour = self.digits(2, "a 2-digit hour")?;
        self.expect(b':', "':' after the hour")?;
        let minute = self.digits(2, "a 2-digit minute")?;
        self.expect(b':', "':' after the minute")?;
        let second = self.digits(2, "a 2-digit second")?;
        if hour > 23 {
            return Err("an hour from 00 to 23");
        }
        if minute > 59 {
            return Err("a minute from 00 to 59");
        }
        if second > 59 {
            return Err("a second from 00 to 59");
        }
        Ok((hour, minute, second))
    }

    /// Optional `.` followed by one or more digits, as nanoseconds (digits
    /// past the ninth are truncated).
    fn opt_fraction(&mut self) -> Parsed<u32> {
        if !self.eat(b'.') {
            return Ok(0);
        }
        let start = self.pos;
        let mut nanos = 0;
        let mut scale = NANOS_PER_SEC;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if scale > 1 {
                scale /= 10;
                nanos += u32::from(b - b'0') * scale;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err("at least one digit after '.'");
        }
        Ok(nanos)
    }

    fn end(&self, what: &'static str) -> Parsed<()> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(what)
        }
    }
}

/// Seconds since the epoch of a validated calendar date and time of day.
fn civil_to_secs(year: u32, month: u32, day: u32, time: (u32, u32, u32)) -> Parsed<i64> {
    if year == 0 || year > 9999 {
        return Err("a year from 0001 to 9999");
    }
    if !(1..=12).contains(&month) {
        return Err("a month from 01 to 12");
    }
    if day == 0 || day > days_in_month(i64::from(year), month) {
        return Err("a day that exists in the given month");
    }
    let days = days_from_civil(i64::from(year), month, day);
    let (hour, minute, second) = time;
    Ok(days * SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second))
}

fn parse_date_time(bytes: &[u8]) -> Parsed<DateTime> {
    let mut c = Cursor::new(bytes);
    let year = c.digits(4, "a 4-digit year")?;
    c.expect(b'-', "'-' after the year")?;
    let month = c.digits(2, "a 2-digit month")?;
    c.expect(b'-', "'-' after the month")?;
    let day = c.digits(2, "a 2-digit day")?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err("'T' between the date and the time");
    }
    let time = c.time_of_day()?;
    let nanos = c.opt_fraction()?;
    const OFFSET: &str = "'Z' or a numeric offset such as +01:00";
    let offset = if c.eat(b'Z') || c.eat(b'z') {
        0
    } else {
        let sign = if c.eat(b'+') {
            1
        } else if c.eat(b'-') {
            -1
        } else {
            return Err(OFFSET);
        };
        let hours = c.digits(2, OFFSET)?;
        c.expect(b':', OFFSET)?;
        let minutes = c.digits(2, OFFSET)?;
        if hours > 23 || minutes > 59 {
            return Err("an offset from -23:59 to +23:59");
        }
        sign * i64::from(hours * 3600 + minutes * 60)
    };
    c.end("the end of the text after the offset")?;
    let local = civil_to_secs(year, month, day, time)?;
    Ok(DateTime {
        secs: local - offset,
        nanos,
    })
}

fn parse_http_date(bytes: &[u8], current_year: i64) -> Parsed<DateTime> {
    const DAY_NAME: &str = "a day name such as Tue or Tuesday";
    let name_len = bytes
        .iter()
        .position(|&b| b == b',' || b == b' ')
        .ok_or(DAY_NAME)?;
    let name = &bytes[..name_len];
    let is_one_of = |names: &[&str]| {
        names
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    };
    let mut c = Cursor::new(bytes);
    c.pos = name_len;
    if c.eat(b',') {
        c.expect(b' ', "' ' after the day name")?;
        if is_one_of(&SHORT_DAYS) {
            imf_fixdate(c)
        } else if is_one_of(&LONG_DAYS) {
            rfc850_date(c, current_year)
        } else {
            Err(DAY_NAME)
        }
    } else if is_one_of(&SHORT_DAYS) {
        c.pos += 1; // the space
        asctime_date(c)
    } else {
        Err(DAY_NAME)
    }
}

/// `29 Apr 2014 18:30:38[.fff] GMT` (after `Tue, `).
fn imf_fixdate(mut c: Cursor<'_>) -> Parsed<DateTime> {
    let day = c.digits(2, "a 2-digit day")?;
    c.expect(b' ', "' ' after the day")?;
    let month = c.month_name()?;
    c.expect(b' ', "' ' after the month")?;
    let year = c.digits(4, "a 4-digit year")?;
    c.expect(b' ', "' ' after the year")?;
    let time = c.time_of_day()?;
    let nanos = c.opt_fraction()?;
    c.word(" GMT", "' GMT' after the time")?;
    c.end("the end of the text after 'GMT'")?;
    let secs = civil_to_secs(year, month, day, time)?;
    Ok(DateTime { secs, nanos })
}

/// `29-Apr-14 18:30:38 GMT` (after `Tuesday, `).
fn rfc850_date(mut c: Cursor<'_>, current_year: i64) -> Parsed<DateTime> {
    let day = c.digits(2, "a 2-digit day")?;
    c.expect(b'-', "'-' after the day")?;
    let month = c.month_name()?;
    c.expect(b'-', "'-' after the month")?;
    let two_digit_year = c.digits(2, "a 2-digit year")?;
    c.expect(b' ', "' ' after the year")?;
    let time = c.time_of_day()?;
    let nanos = c.opt_fraction()?;
    c.word(" GMT", "' GMT' after the time")?;
    c.end("the end of the text after 'GMT'")?;
    let year = century_for(two_digit_year, current_year);
    let year = u32::try_from(year).map_err(|_| "a year from 0001 to 9999")?;
    let secs = civil_to_secs(year, month, day, time)?;
    Ok(DateTime { secs, nanos })
}

/// The year ending in `two_digit_year` that lies in the window from 49 years
/// before to 50 years after `current_year`: RFC 9110 reads a year more than 50
/// years in the future as the most recent past year with the same digits.
fn century_for(two_digit_year: u32, current_year: i64) -> i64 {
    let year = current_year - current_year.rem_euclid(100) + i64::from(two_digit_year);
    if year > current_year + 50 {
        year - 100
    } else if year <= current_year - 50 {
        year + 100
    } else {
        year
    }
}

/// `Apr 29 18:30:38 2014` or `Apr  9 18:30:38 2014` (after `Tue `).
fn asctime_date(mut c: Cursor<'_>) -> Parsed<DateTime> {
    let month = c.month_name()?;
    c.expect(b' ', "' ' after the month")?;
    let day = if c.eat(b' ') {
        c.digits(1, "a 1-digit day after two spaces")?
    } else {
        c.digits(2, "a 2-digit day")?
    };
    c.expect(b' ', "' ' after the day")?;
    let time = c.time_of_day()?;
    c.expect(b' ', "' ' after the time")?;
    let year = c.digits(4, "a 4-digit year")?;
    c.end("the end of the text after the year")?;
    let secs = civil_to_secs(year, month, day, time)?;
    Ok(DateTime { secs, nanos: 0 })
}

/// `-?digits[.digits][(e|E)[+-]digits]`, converted exactly.
fn parse_epoch_seconds(bytes: &[u8]) -> Parsed<DateTime> {
    const NUMBER: &str = "a number of seconds such as 1398796238 or 1398796238.123";
    const RANGE: &str = "a number of seconds that fits in 64 bits";

    let mut c = Cursor::new(bytes);
    let negative = c.eat(b'-');
    let int_start = c.pos;
    while c.peek().is_some_and(|b| b.is_ascii_digit()) {
        c.pos += 1;
    }
    let int_digits = &bytes[int_start..c.pos];
    if int_digits.is_empty() {
        return Err(NUMBER);
    }
    let mut frac_digits: &[u8] = &[];
    if c.eat(b'.') {
        let start = c.pos;
        while c.peek().is_some_and(|b| b.is_ascii_digit()) {
            c.pos += 1;
        }
        frac_digits = &bytes[start..c.pos];
        if frac_digits.is_empty() {
            return Err(NUMBER);
        }
    }
    let mut exponent: i64 = 0;
    if c.eat(b'e') || c.eat(b'E') {
        let exp_negative = if c.eat(b'-') {
            true
        } else {
            c.eat(b'+');
            false
        };
        let start = c.pos;
        while let Some(b @ b'0'..=b'9') = c.peek() {
            // Clamp: anything this large is out of range or zero anyway.
            exponent = (exponent * 10 + i64::from(b - b'0')).min(1 << 40);
            c.pos += 1;
        }
        if c.pos == start {
            return Err(NUMBER);
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    c.end(NUMBER)?;

    // The value is 0.D * 10^point, where D is the integer digits followed by
    // the fraction digits. Leading zeros of D only move the point.
    let digit = |i: usize| -> u8 {
        if i < int_digits.len() {
            int_digits[i] - b'0'
        } else {
            frac_digits
                .get(i - int_digits.len())
                .map_or(0, |b| b - b'0')
        }
    };
    let total = int_digits.len() + frac_digits.len();
    let leading_zeros = (0..total).take_while(|&i| digit(i) == 0).count();
    if leading_zeros == total {
        return Ok(DateTime::from_secs(0));
    }
    // Input lengths are far below 2^40, so none of this overflows.
    let point = int_digits.len() as i64 + exponent - leading_zeros as i64;
    if point > 19 {
        return Err(RANGE);
    }
    let significant = |i: i64| -> u8 {
        if i < 0 {
            0
        } else {
            digit(leading_zeros + i as usize)
        }
    };
    let mut whole: u64 = 0;
    for i in 0..point.max(0) {
        // At most 19 digits: below 10^19 < 2^64.
        whole = whole * 10 + u64::from(significant(i));
    }
    let mut nanos: u32 = 0;
    for i in point..point + 9 {
        nanos = nanos * 10 + u32::from(significant(i));
    }
    let secs = if negative {
        let magnitude = i128::from(whole) + i128::from(nanos > 0);
        if nanos > 0 {
            nanos = NANOS_PER_SEC - nanos;
        }
        i64::try_from(-magnitude).map_err(|_| RANGE)?
    } else {
        i64::try_from(whole).map_err(|_| RANGE)?
    };
    Ok(DateTime { secs, nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPOCH: TimestampFormat = TimestampFormat::EpochSeconds;
    const RFC3339: TimestampFormat = TimestampFormat::DateTime;
    const HTTP: TimestampFormat = TimestampFormat::HttpDate;
    const ALL: [TimestampFormat; 3] = [EPOCH, RFC3339, HTTP];

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    const MIN_TEXT_SECS: i64 = -62_135_596_800;
    const MAX_TEXT_SECS: i64 = 253_402_300_799;

    /// Small deterministic generator (Knuth's MMIX LCG constants).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 11
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn dt(secs: i64, nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(secs, nanos)
    }

    fn parse_ok(s: &str, format: TimestampFormat) -> DateTime {
        DateTime::parse(s, format).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn assert_rejects(s: &str, format: TimestampFormat) {
        if let Ok(t) = DateTime::parse(s, format) {
            panic!("{s:?} should not parse as {format:?}, got {t:?}");
        }
    }

    #[test]
    fn known_vectors() {
        let cases: &[(i64, u32, &str, &str, &str)] = &[
            (
                0,
                0,
                "0",
                "1970-01-01T00:00:00Z",
                "Thu, 01 Jan 1970 00:00:00 GMT",
            ),
            (
                1_398_796_238,
                0,
                "1398796238",
                "2014-04-29T18:30:38Z",
                "Tue, 29 Apr 2014 18:30:38 GMT",
            ),
            (
                1_398_796_238,
                123_000_000,
                "1398796238.123",
                "2014-04-29T18:30:38.123Z",
                "Tue, 29 Apr 2014 18:30:38.123 GMT",
            ),
            (
                1_398_796_238,
                123_456_789,
                "1398796238.123456789",
                "2014-04-29T18:30:38.123456789Z",
                "Tue, 29 Apr 2014 18:30:38.123 GMT",
            ),
            (
                1_398_796_238,
                500_000,
                "1398796238.0005",
                "2014-04-29T18:30:38.0005Z",
                "Tue, 29 Apr 2014 18:30:38 GMT",
            ),
            (
                -1,
                0,
                "-1",
                "1969-12-31T23:59:59Z",
                "Wed, 31 Dec 1969 23:59:59 GMT",
            ),
            (
                -2,
                500_000_000,
                "-1.5",
                "1969-12-31T23:59:58.5Z",
                "Wed, 31 Dec 1969 23:59:58.500 GMT",
            ),
            (
                -1,
                999_999_999,
                "-0.000000001",
                "1969-12-31T23:59:59.999999999Z",
                "Wed, 31 Dec 1969 23:59:59.999 GMT",
            ),
            // Leap years: 2000 is one, 1900 is not, 2024 is.
            (
                951_782_400,
                0,
                "951782400",
                "2000-02-29T00:00:00Z",
                "Tue, 29 Feb 2000 00:00:00 GMT",
            ),
            (
                -2_203_891_200,
                0,
                "-2203891200",
                "1900-03-01T00:00:00Z",
                "Thu, 01 Mar 1900 00:00:00 GMT",
            ),
            (
                1_709_164_800,
                0,
                "1709164800",
                "2024-02-29T00:00:00Z",
                "Thu, 29 Feb 2024 00:00:00 GMT",
            ),
            (
                MAX_TEXT_SECS,
                999_999_999,
                "253402300799.999999999",
                "9999-12-31T23:59:59.999999999Z",
                "Fri, 31 Dec 9999 23:59:59.999 GMT",
            ),
            (
                MIN_TEXT_SECS,
                0,
                "-62135596800",
                "0001-01-01T00:00:00Z",
                "Mon, 01 Jan 0001 00:00:00 GMT",
            ),
        ];
        for &(secs, nanos, epoch, rfc3339, http) in cases {
            let t = dt(secs, nanos);
            assert_eq!(t.fmt(EPOCH), epoch);
            assert_eq!(t.fmt(RFC3339), rfc3339);
            assert_eq!(t.fmt(HTTP), http);
            assert_eq!(t.to_string(), rfc3339);
            assert_eq!(parse_ok(epoch, EPOCH), t);
            assert_eq!(parse_ok(rfc3339, RFC3339), t);
            assert_eq!(rfc3339.parse::<DateTime>().unwrap(), t);
            assert_eq!(
                parse_ok(http, HTTP),
                dt(secs, nanos / 1_000_000 * 1_000_000)
            );
        }
        assert!(DateTime::parse("1900-02-29T00:00:00Z", RFC3339).is_err());
        assert!(DateTime::parse("Thu, 29 Feb 1900 00:00:00 GMT", HTTP).is_err());
        assert!(DateTime::parse("2023-02-29T00:00:00Z", RFC3339).is_err());
    }

    #[test]
    fn debug_and_display() {
        let t = dt(1_398_796_238, 0);
        assert_eq!(format!("{t:?}"), "DateTime(2014-04-29T18:30:38Z)");
        assert_eq!(format!("{t}"), "2014-04-29T18:30:38Z");
        assert_eq!(
            format!("{:?}", dt(0, 10)),
            "DateTime(1970-01-01T00:00:00.00000001Z)"
        );
    }

    #[test]
    fn constructors_and_accessors() {
        assert_eq!(
            DateTime::from_secs_and_nanos(1, 2_500_000_000),
            dt(3, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(-3, 2_500_000_000),
            dt(-1, 500_000_000)
        );
        assert_eq!(
            DateTime::from_secs_and_nanos(i64::MAX, NANOS_PER_SEC),
            dt(i64::MAX, 999_999_999)
        );
        assert_eq!(DateTime::from_millis(1500), dt(1, 500_000_000));
        assert_eq!(DateTime::from_millis(-1500), dt(-2, 500_000_000));
        assert_eq!(DateTime::from_millis(-1000), dt(-1, 0));
        assert_eq!(DateTime::from_millis(i64::MIN).secs(), i64::MIN / 1000 - 1);
        let t = dt(-2, 500_000_000);
        assert_eq!((t.secs(), t.subsec_nanos()), (-2, 500_000_000));
        assert_eq!(t.as_fractional_secs(), -1.5);
        assert_eq!(dt(1_398_796_238, 0).as_fractional_secs(), 1_398_796_238.0);
        assert!(dt(-1, 0) < dt(0, 0) && dt(0, 0) < dt(0, 1) && dt(0, 999_999_999) < dt(1, 0));
    }

    #[test]
    fn fractional_secs() {
        let f = DateTime::from_fractional_secs;
        assert_eq!(f(1_398_796_238.123), Some(dt(1_398_796_238, 123_000_000)));
        assert_eq!(f(0.0), Some(dt(0, 0)));
        assert_eq!(f(-0.0), Some(dt(0, 0)));
        assert_eq!(f(-1.5), Some(dt(-2, 500_000_000)));
        assert_eq!(f(-0.000_001), Some(dt(-1, 999_999_000)));
        assert_eq!(f(0.999_999_9), Some(dt(1, 0)));
        assert_eq!(f(-0.000_000_1), Some(dt(0, 0)));
        assert_eq!(f(1e15), Some(dt(1_000_000_000_000_000, 0)));
        assert_eq!(f(-9_223_372_036_854_775_808.0), Some(dt(i64::MIN, 0)));
        assert_eq!(f(9_223_372_036_854_775_808.0), None);
        assert_eq!(f(-9_223_372_036_854_777_856.0), None);
        assert_eq!(f(f64::NAN), None);
        assert_eq!(f(f64::INFINITY), None);
        assert_eq!(f(f64::NEG_INFINITY), None);
        assert_eq!(f(f64::MAX), None);
        // Round trip through f64 keeps microseconds for realistic instants.
        let mut rng = Lcg(7);
        for _ in 0..10_000 {
            let secs = rng.below(4_000_000_000) as i64 - 2_000_000_000;
            let micros = rng.below(1_000_000) as u32;
            let t = dt(secs, micros * 1000);
            assert_eq!(f(t.as_fractional_secs()), Some(t), "{t:?}");
        }
    }

    #[test]
    fn system_time() {
        let cases = [
            dt(0, 0),
            dt(1_398_796_238, 123_456_789),
            dt(-1, 0),
            dt(-2, 500_000_000),
            dt(-1, 1),
            dt(MIN_TEXT_SECS, 1),
            dt(MAX_TEXT_SECS, 999_999_999),
        ];
        for t in cases {
            let st = t.to_system_time();
            assert_eq!(DateTime::from_system_time(st), t);
            assert_eq!(DateTime::from(st), t);
        }
        assert_eq!(
            DateTime::from_system_time(UNIX_EPOCH - Duration::new(1, 500_000_000)),
            dt(-2, 500_000_000)
        );
        assert_eq!(dt(1, 5).to_system_time(), UNIX_EPOCH + Duration::new(1, 5));
        let before = SystemTime::now();
        let now = DateTime::now();
        assert!(now >= DateTime::from_system_time(before));
        assert!(now.secs() > 1_398_796_238);
    }

    #[test]
    fn random_round_trips() {
        let mut rng = Lcg(0x5eed);
        let span = (MAX_TEXT_SECS - MIN_TEXT_SECS + 1) as u64;
        for i in 0..50_000 {
            let secs = MIN_TEXT_SECS + rng.below(span) as i64;
            let nanos = match i % 4 {
                0 => 0,
                1 => rng.below(1000) as u32 * 1_000_000,
                2 => rng.below(1_000_000) as u32 * 1000,
                _ => rng.below(u64::from(NANOS_PER_SEC)) as u32,
            };
            let t = dt(secs, nanos);
            for format in [EPOCH, RFC3339] {
                let text = t.fmt(format);
                assert_eq!(parse_ok(&text, format), t, "{text}");
            }
            let text = t.fmt(HTTP);
            assert_eq!(
                parse_ok(&text, HTTP),
                dt(secs, nanos / 1_000_000 * 1_000_000)
            );
            // The same instant written with an offset.
            let offset_minutes = rng.below(24 * 60) as i64;
            let local = dt(secs + offset_minutes * 60, nanos);
            if (MIN_TEXT_SECS..=MAX_TEXT_SECS).contains(&local.secs) {
                let text = local.fmt(RFC3339).replace(
                    'Z',
                    &format!("+{:02}:{:02}", offset_minutes / 60, offset_minutes % 60),
                );
                assert_eq!(parse_ok(&text, RFC3339), t, "{text}");
            }
        }
        // Epoch seconds round trip over the whole i64 range.
        for _ in 0..50_000 {
            let t = dt(
                rng.next().wrapping_mul(0x9e37_79b9) as i64,
                rng.below(1_000_000_000) as u32,
            );
            assert_eq!(parse_ok(&t.fmt(EPOCH), EPOCH), t);
        }
        for t in [dt(i64::MIN, 0), dt(i64::MIN, 1), dt(i64::MAX, 999_999_999)] {
            assert_eq!(parse_ok(&t.fmt(EPOCH), EPOCH), t);
        }
    }

    #[test]
    fn epoch_seconds_forms() {
        let cases: &[(&str, i64, u32)] = &[
            ("0", 0, 0),
            ("-0", 0, 0),
            ("-0.0", 0, 0),
            ("007", 7, 0),
            ("1.5", 1, 500_000_000),
            ("-1.5", -2, 500_000_000),
            ("1.398796238E9", 1_398_796_238, 0),
            ("1.398796238e9", 1_398_796_238, 0),
            ("1.398796238123E+9", 1_398_796_238, 123_000_000),
            ("13987962381230E-4", 1_398_796_238, 123_000_000),
            ("1e0", 1, 0),
            ("0e999999999999999999999", 0, 0),
            ("5e-9", 0, 5),
            ("5e-10", 0, 0),
            ("-5e-10", 0, 0),
            ("1e-99999999999999999999", 0, 0),
            ("0.1234567899", 0, 123_456_789),
            ("-0.1234567899", -1, 876_543_211),
            ("9223372036854775807", i64::MAX, 0),
            ("9223372036854775807.999999999", i64::MAX, 999_999_999),
            ("-9223372036854775808", i64::MIN, 0),
            ("9.223372036854775807e18", i64::MAX, 0),
            ("0.0000000000000000000000001e25", 1, 0),
        ];
        for &(text, secs, nanos) in cases {
            assert_eq!(parse_ok(text, EPOCH), dt(secs, nanos), "{text}");
        }
        for bad in [
            "",
            "-",
            "+1",
            " 1",
            "1 ",
            "1.",
            ".5",
            "1e",
            "1e+",
            "1.5.5",
            "0x10",
            "NaN",
            "inf",
            "-Infinity",
            "1,5",
            "１",
            "9223372036854775808",
            "-9223372036854775809",
            "-9223372036854775808.5",
            "1e19",
            "1e999999999999999999999",
            "10000000000000000000000",
            "2014-04-29T18:30:38Z",
        ] {
            assert_rejects(bad, EPOCH);
        }
    }

    #[test]
    fn date_time_forms() {
        let t = dt(1_398_796_238, 0);
        for text in [
            "2014-04-29T18:30:38Z",
            "2014-04-29t18:30:38z",
            "2014-04-29T18:30:38+00:00",
            "2014-04-29T18:30:38-00:00",
            "2014-04-29T19:30:38+01:00",
            "2014-04-29T13:00:38-05:30",
            "2014-04-30T18:29:38+23:59",
            "2014-04-29T18:30:38.000Z",
        ] {
            assert_eq!(parse_ok(text, RFC3339), t, "{text}");
        }
        assert_eq!(
            parse_ok("2014-04-29T18:30:38.1Z", RFC3339),
            dt(1_398_796_238, 100_000_000)
        );
        assert_eq!(
            parse_ok("2014-04-29T18:30:38.1234567891234Z", RFC3339),
            dt(1_398_796_238, 123_456_789)
        );
        let long = format!("2014-04-29T18:30:38.{}Z", "9".repeat(10_000));
        assert_eq!(parse_ok(&long, RFC3339), dt(1_398_796_238, 999_999_999));
        // An offset may move the instant just outside the text year range.
        assert_eq!(
            parse_ok("0001-01-01T00:00:00+01:00", RFC3339),
            dt(MIN_TEXT_SECS - 3600, 0)
        );
        assert_eq!(
            parse_ok("9999-12-31T23:59:59-01:00", RFC3339),
            dt(MAX_TEXT_SECS + 3600, 0)
        );
        for bad in [
            "",
            "2014-04-29",
            "2014-04-29T18:30Z",
            "2014-04-29T18:30:38",
            "2014-04-29 18:30:38Z",
            "2014-04-29T18:30:38.Z",
            "2014-04-29T18:30:38,5Z",
            "2014-04-29T18:30:38+0100",
            "2014-04-29T18:30:38+01",
            "2014-04-29T18:30:38+24:00",
            "2014-04-29T18:30:38+01:60",
            "2014-04-29T18:30:38ZZ",
            "2014-04-29T18:30:38Z ",
            " 2014-04-29T18:30:38Z",
            "2014-4-29T18:30:38Z",
            "14-04-29T18:30:38Z",
            "+2014-04-29T18:30:38Z",
            "0000-01-01T00:00:00Z",
            "2014-00-29T18:30:38Z",
            "2014-13-29T18:30:38Z",
            "2014-04-00T18:30:38Z",
            "2014-04-31T18:30:38Z",
            "2014-02-30T18:30:38Z",
            "2014-04-29T24:00:00Z",
            "2014-04-29T18:60:38Z",
            "2014-04-29T18:30:60Z",
            "2014-04-29T18:30:61Z",
            "2014-04-29T18:30:38GMT",
            "2014-04-29T18:30:38.1x2Z",
            "١٢٣٤-04-29T18:30:38Z",
        ] {
            assert_rejects(bad, RFC3339);
        }
        assert!("garbage".parse::<DateTime>().is_err());
    }

    #[test]
    fn http_date_forms() {
        let t = dt(1_398_796_238, 0);
        for text in [
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "tue, 29 apr 2014 18:30:38 gmt",
            "TUE, 29 APR 2014 18:30:38 GMT",
            // The weekday is not cross-checked.
            "Sun, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38.000 GMT",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Monday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
        ] {
            assert_eq!(parse_ok(text, HTTP), t, "{text}");
        }
        assert_eq!(
            parse_ok("Tue, 29 Apr 2014 18:30:38.5 GMT", HTTP),
            dt(1_398_796_238, 500_000_000)
        );
        assert_eq!(
            parse_ok("Tue, 29 Apr 2014 18:30:38.1234567891 GMT", HTTP),
            dt(1_398_796_238, 123_456_789)
        );
        assert_eq!(
            parse_ok("Sun Nov  6 08:49:37 1994", HTTP),
            parse_ok("Sun, 06 Nov 1994 08:49:37 GMT", HTTP)
        );
        assert_eq!(
            parse_ok("Sun Nov 06 08:49:37 1994", HTTP),
            parse_ok("Sunday, 06-Nov-94 08:49:37 GMT", HTTP)
        );
        for bad in [
            "",
            "Tue",
            "Tue,",
            "Tue, 29 Apr 2014 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            "Tue, 29 Apr 2014 18:30:38 +0000",
            "Tue,29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 14 18:30:38 GMT",
            "Tue, 9 Apr 2014 18:30:38 GMT",
            "Tues, 29 Apr 2014 18:30:38 GMT",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Avr 2014 18:30:38 GMT",
            "Tue, 29 April 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 29 Feb 2014 18:30:38 GMT",
            "Tue, 29 Apr 0000 18:30:38 GMT",
            "Tue, 29 Apr 2014 24:30:38 GMT",
            "Tue, 29 Apr 2014 18:60:38 GMT",
            "Tue, 29 Apr 2014 18:30:60 GMT",
            "Tue, 29 Apr 2014 18:30:38. GMT",
            "Tue, 29-Apr-14 18:30:38 GMT",
            "Tuesday, 29 Apr 2014 18:30:38 GMT",
            "Tuesday, 29-Apr-2014 18:30:38 GMT",
            "Tuesday, 29-Apr-14 18:30:38",
            "Tue Apr 29 18:30:38 2014 GMT",
            "Tue Apr 29 18:30:38 14",
            "Tue Apr 2 18:30:38 2014",
            "Tue  Apr 29 18:30:38 2014",
            "Tuesday Apr 29 18:30:38 2014",
            "Tue, 29 Apr 2014 18:30:38 GMT\u{0}",
            "2014-04-29T18:30:38Z",
            "1398796238",
        ] {
            assert_rejects(bad, HTTP);
        }
    }

    #[test]
    fn rfc850_two_digit_years() {
        let year_of = |text: &str, current: i64| {
            let t = parse_http_date(text.as_bytes(), current).unwrap();
            civil_from_days(split_days(t.secs).0).0
        };
        let text = |yy: u32| format!("Sunday, 01-Jan-{yy:02} 00:00:00 GMT");
        assert_eq!(year_of(&text(14), 2026), 2014);
        assert_eq!(year_of(&text(26), 2026), 2026);
        assert_eq!(year_of(&text(76), 2026), 2076);
        assert_eq!(year_of(&text(77), 2026), 1977);
        assert_eq!(year_of(&text(99), 2026), 1999);
        assert_eq!(year_of(&text(0), 2026), 2000);
        assert_eq!(year_of(&text(49), 2099), 2149);
        assert_eq!(year_of(&text(50), 2099), 2050);
        assert_eq!(year_of(&text(1), 2099), 2101);
        // A year 0000 result is rejected rather than wrapped.
        assert!(parse_http_date(text(0).as_bytes(), 1).is_err());
    }

    #[test]
    fn out_of_text_range_formatting() {
        let t = dt(MAX_TEXT_SECS + 1, 0);
        assert_eq!(t.fmt(RFC3339), "+10000-01-01T00:00:00Z");
        assert_eq!(t.fmt(HTTP), "Sat, 01 Jan +10000 00:00:00 GMT");
        let t = dt(MIN_TEXT_SECS - 1, 0);
        assert_eq!(t.fmt(RFC3339), "+0000-12-31T23:59:59Z");
        // Year 0 is a leap year.
        let t = dt(MIN_TEXT_SECS - 366 * SECS_PER_DAY, 0);
        assert_eq!(t.fmt(RFC3339), "+0000-01-01T00:00:00Z");
        let t = dt(MIN_TEXT_SECS - 367 * SECS_PER_DAY, 0);
        assert_eq!(t.fmt(RFC3339), "-0001-12-31T00:00:00Z");
        for t in [dt(MAX_TEXT_SECS + 1, 0), dt(MIN_TEXT_SECS - 1, 0)] {
            assert!(DateTime::parse(&t.fmt(RFC3339), RFC3339).is_err());
            assert!(DateTime::parse(&t.fmt(HTTP), HTTP).is_err());
        }
        // Extremes never panic.
        for t in [dt(i64::MIN, 0), dt(i64::MAX, 999_999_999)] {
            for format in ALL {
                assert!(!t.fmt(format).is_empty());
            }
            assert!(!format!("{t:?}").is_empty());
        }
        assert_eq!(dt(i64::MIN, 0).fmt(EPOCH), "-9223372036854775808");
        assert_eq!(dt(i64::MIN, 1).fmt(EPOCH), "-9223372036854775807.999999999");
    }

    #[test]
    fn format_names() {
        for format in ALL {
            assert_eq!(
                TimestampFormat::from_smithy_name(format.smithy_name()),
                Some(format)
            );
        }
        assert_eq!(
            TimestampFormat::from_smithy_name("unixTimestamp"),
            Some(EPOCH)
        );
        assert_eq!(TimestampFormat::from_smithy_name("iso8601"), Some(RFC3339));
        assert_eq!(TimestampFormat::from_smithy_name("rfc822"), Some(HTTP));
        assert_eq!(TimestampFormat::from_smithy_name("Date-Time"), None);
        assert_eq!(TimestampFormat::from_smithy_name(""), None);
    }

    #[test]
    fn error_messages() {
        let e = DateTime::parse("2014-02-30T00:00:00Z", RFC3339).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid date-time timestamp \"2014-02-30T00:00:00Z\": expected a day that exists in the given month"
        );
        assert_eq!(e.input(), "2014-02-30T00:00:00Z");
        assert_eq!(e.format(), RFC3339);
        assert_eq!(e.expected(), "a day that exists in the given month");
        let e = DateTime::parse("Tue, 29 Apr 2014 18:30:38 UTC", HTTP).unwrap_err();
        assert!(e.to_string().contains("GMT"), "{e}");

        // Long input is cut to 64 characters, at a character boundary.
        let long = "é".repeat(100);
        let e = DateTime::parse(&long, EPOCH).unwrap_err();
        assert_eq!(e.input().chars().count(), 64);
        assert!(e.to_string().contains("\"..."), "{e}");
        let exact = "x".repeat(64);
        let e = DateTime::parse(&exact, EPOCH).unwrap_err();
        assert_eq!(e.input(), exact);
        assert!(!e.to_string().contains("..."));
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
        assert!(!boxed.to_string().is_empty());
    }

    /// Mutations of valid inputs and random text must never panic.
    #[test]
    fn garbage_never_panics() {
        let valid = [
            "1398796238.123",
            "-1.5e3",
            "2014-04-29T18:30:38.123+01:00",
            "Tue, 29 Apr 2014 18:30:38.123 GMT",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr  9 18:30:38 2014",
        ];
        let inserts = ["é", "€", "😀", "\u{0}", " ", "9", ".", "-", ",", "Z", "e"];
        let try_all = |s: &str| {
            for format in ALL {
                if let Ok(t) = DateTime::parse(s, format) {
                    // Whatever parses must format without panicking.
                    let _ = t.fmt(format);
                }
            }
        };
        for v in valid {
            let boundaries: Vec<usize> = (0..=v.len()).filter(|&i| v.is_char_boundary(i)).collect();
            for &i in &boundaries {
                try_all(&v[..i]);
                try_all(&v[i..]);
                for ins in inserts {
                    try_all(&format!("{}{}{}", &v[..i], ins, &v[i..]));
                    // Replace the character at i.
                    if let Some(c) = v[i..].chars().next() {
                        let rest = &v[i + c.len_utf8()..];
                        try_all(&format!("{}{}{}", &v[..i], ins, rest));
                    }
                }
            }
        }
        let mut rng = Lcg(42);
        let alphabet: Vec<char> = "0123456789-+:.,TtZzeE GMTMonTueApr é😀\u{0}"
            .chars()
            .collect();
        for _ in 0..20_000 {
            let len = rng.below(40) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            try_all(&s);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            try_all(&String::from_utf8_lossy(&bytes));
        }
        try_all(&"9".repeat(100_000));
        try_all(&format!("1e{}", "9".repeat(100_000)));
        try_all(&format!("0.{}1e{}", "0".repeat(100_000), "9".repeat(6)));
        try_all(&"é".repeat(10_000));
        try_all(&",".repeat(1000));
    }
}
