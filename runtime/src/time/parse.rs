//! Reading the three wire formats. All parsers work on bytes, so multi-byte characters
//! simply fail to match; an error says what was expected.

use super::{DateTime, LONG_DAYS, MONTHS, NANOS_PER_SEC, SHORT_DAYS};
use crate::calendar::{civil_from_days, days_from_civil, days_in_month, split_days, SECS_PER_DAY};

pub(super) type Parsed<T> = Result<T, &'static str>;

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

pub(super) fn parse_date_time(bytes: &[u8]) -> Parsed<DateTime> {
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

pub(super) fn parse_http_date(bytes: &[u8], current_year: i64) -> Parsed<DateTime> {
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
pub(super) fn parse_epoch_seconds(bytes: &[u8]) -> Parsed<DateTime> {
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

pub(super) fn current_year() -> i64 {
    let (days, _) = split_days(DateTime::now().secs);
    civil_from_days(days).0
}
