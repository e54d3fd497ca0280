//! The calendar: proleptic Gregorian dates to and from days since 1970-01-01 (no leap
//! seconds), for every timestamp this crate writes or reads ([`crate::time`]'s wire formats,
//! SigV4's `x-amz-date`).
//!
//! Both directions work with years that start on 1 March, so that the leap day is the last
//! day of its year and month lengths follow a fixed 5-month pattern
//! (31 30 31 30 31 | 31 30 31 30 31 | 31 28/29), and with 400-year eras of exactly 146 097
//! days.

/// Seconds in a day.
pub(crate) const SECS_PER_DAY: i64 = 86_400;
/// Days from 0000-03-01 to 1970-01-01.
const EPOCH_SHIFT_DAYS: i64 = 719_468;
/// Days in 400 years.
const DAYS_PER_ERA: i64 = 146_097;

/// Seconds since the epoch as (days since 1970-01-01, seconds into that day).
pub(crate) fn split_days(secs: i64) -> (i64, i64) {
    (secs.div_euclid(SECS_PER_DAY), secs.rem_euclid(SECS_PER_DAY))
}

/// Days since 1970-01-01 of the given date (month 1-12, day 1-31).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let march_year = if month <= 2 { year - 1 } else { year };
    let era = march_year.div_euclid(400);
    let year_of_era = march_year.rem_euclid(400);
    // Month counted from March = 0.
    let march_month = i64::from((month + 9) % 12);
    let day_of_year = (153 * march_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * DAYS_PER_ERA + day_of_era - EPOCH_SHIFT_DAYS
}

/// (year, month 1-12, day 1-31) of the given day since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + EPOCH_SHIFT_DAYS;
    let era = shifted.div_euclid(DAYS_PER_ERA);
    let day_of_era = shifted.rem_euclid(DAYS_PER_ERA);
    // Undo the leap-day corrections to find the year within the era.
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * march_month + 2) / 5 + 1) as u32;
    // Back to January = 1: March..December are 3..12, January and February
    // 1 and 2 of the next calendar year.
    let month = (if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    }) as u32;
    let year = era * 400 + year_of_era + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of a month (1-12) in a year.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_day_of_years_1_to_9999() {
        let first = days_from_civil(1, 1, 1);
        let last = days_from_civil(9999, 12, 31);
        // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
        assert_eq!(first * SECS_PER_DAY, -62_135_596_800);
        assert_eq!(last * SECS_PER_DAY + SECS_PER_DAY - 1, 253_402_300_799);
        let (mut year, mut month, mut day) = (1, 1, 1);
        for days in first..=last {
            assert_eq!(civil_from_days(days), (year, month, day));
            assert_eq!(days_from_civil(year, month, day), days);
            day += 1;
            if day > days_in_month(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(split_days(-1), (-1, SECS_PER_DAY - 1));
        // Far outside the text range the arithmetic still agrees with itself.
        for days in [
            i64::MIN / SECS_PER_DAY - 1,
            -1_000_000_000,
            1_000_000_000,
            i64::MAX / SECS_PER_DAY,
        ] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
