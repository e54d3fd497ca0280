//! The SigV4 time stamp `YYYYMMDDTHHMMSSZ` of `x-amz-date` and the credential scope.

use crate::calendar;

/// Seconds of `0000-01-01T00:00:00Z`, the earliest time [`amz_date`] can format.
pub(super) const MIN_FORMATTABLE: i64 = -62_167_219_200;
/// Seconds of `9999-12-31T23:59:59Z`, the latest time [`amz_date`] can format.
pub(super) const MAX_FORMATTABLE: i64 = 253_402_300_799;

/// Formats seconds since the Unix epoch as the SigV4 time stamp `YYYYMMDDTHHMMSSZ`
/// (e.g. `20150830T123600Z`), the value of the `x-amz-date` header. Inverse of
/// [`parse_amz_date`]. Times outside years 0000–9999 are clamped into that range.
pub fn amz_date(time_epoch_secs: i64) -> String {
    let t = time_epoch_secs.clamp(MIN_FORMATTABLE, MAX_FORMATTABLE);
    let (days, secs) = calendar::split_days(t);
    let (year, month, day) = calendar::civil_from_days(days);
    let mut buf = [0u8; 16];
    let mut put = |at: usize, value: i64, width: usize| {
        let mut v = value;
        for k in (0..width).rev() {
            buf[at + k] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, year, 4);
    put(4, i64::from(month), 2);
    put(6, i64::from(day), 2);
    put(9, secs / 3600, 2);
    put(11, secs / 60 % 60, 2);
    put(13, secs % 60, 2);
    buf[8] = b'T';
    buf[15] = b'Z';
    // Every byte is an ASCII digit, `T` or `Z`.
    String::from_utf8_lossy(&buf).into_owned()
}

/// Parses a SigV4 time stamp `YYYYMMDDTHHMMSSZ` (e.g. `20150830T123600Z`) into seconds
/// since the Unix epoch. `None` when the text is not exactly in that form or names an
/// impossible date or time (month 13, 30 February, hour 24, second 60, ...).
pub fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i64::from(num(0..4)?);
    let month = num(4..6)?;
    let day = num(6..8)?;
    let hour = num(9..11)?;
    let minute = num(11..13)?;
    let second = num(13..15)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > calendar::days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = calendar::days_from_civil(year, month, day);
    Some(days * calendar::SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second))
}
