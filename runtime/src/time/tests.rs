//! Unit tests of timestamps: vectors, round trips, every form of each format, errors.

use super::*;
use crate::calendar::{civil_from_days, split_days, SECS_PER_DAY};

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
