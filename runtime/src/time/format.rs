//! Writing a [`DateTime`] in the three wire formats.

use super::{DateTime, TimestampFormat, MONTHS, NANOS_PER_SEC, SHORT_DAYS};
use crate::calendar::{civil_from_days, split_days};
use std::fmt;

/// Writes `t` in `format` (see [`DateTime::fmt`]).
pub(super) fn write<W: fmt::Write>(
    t: &DateTime,
    format: TimestampFormat,
    w: &mut W,
) -> fmt::Result {
    match format {
        TimestampFormat::EpochSeconds => write_epoch_seconds(t, w),
        TimestampFormat::DateTime => write_date_time(t, w),
        TimestampFormat::HttpDate => write_http_date(t, w),
    }
}

fn write_epoch_seconds<W: fmt::Write>(t: &DateTime, w: &mut W) -> fmt::Result {
    if t.nanos == 0 {
        write!(w, "{}", t.secs)
    } else if t.secs >= 0 {
        write!(w, "{}", t.secs)?;
        write_fraction(w, t.nanos)
    } else {
        // secs + nanos/1e9 == -((-secs - 1) + (1e9 - nanos)/1e9); the
        // sign must be written even when the integer part is zero.
        write!(w, "-{}", (t.secs + 1).unsigned_abs())?;
        write_fraction(w, NANOS_PER_SEC - t.nanos)
    }
}

fn write_date_time<W: fmt::Write>(t: &DateTime, w: &mut W) -> fmt::Result {
    let (days, secs_of_day) = split_days(t.secs);
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
    if t.nanos != 0 {
        write_fraction(w, t.nanos)?;
    }
    w.write_char('Z')
}

fn write_http_date<W: fmt::Write>(t: &DateTime, w: &mut W) -> fmt::Result {
    let (days, secs_of_day) = split_days(t.secs);
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
    let millis = t.nanos / 1_000_000;
    if millis != 0 {
        write!(w, ".{millis:03}")?;
    }
    w.write_str(" GMT")
}

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
