//! Instants as Okta writes them: ISO-8601 with milliseconds in bodies (`2025-09-29T03:49:50.000Z`)
//! and the RFC 7231 IMF-fixdate in the `Date` header (`Mon, 29 Sep 2025 03:49:50 GMT`).
//!
//! Hand-rolled (Howard Hinnant's civil-date algorithms) because the fake org needs only UTC and
//! a date crate would be its biggest dependency for that.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, clamped to years 0001..=9999 so that formatting never overflows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Timestamp(i64);

const MIN_MILLIS: i64 = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const MAX_MILLIS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const MILLIS_PER_DAY: i64 = 86_400_000;
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Timestamp {
    pub(crate) fn from_millis(millis: i64) -> Timestamp {
        Timestamp(millis.clamp(MIN_MILLIS, MAX_MILLIS))
    }

    pub(crate) fn from_system(time: SystemTime) -> Timestamp {
        let millis = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |m| -m),
        };
        Timestamp::from_millis(millis)
    }

    pub(crate) fn millis(self) -> i64 {
        self.0
    }

    /// Okta stores second precision (every recorded timestamp ends in `.000Z`).
    pub(crate) fn whole_seconds(self) -> Timestamp {
        Timestamp(self.0.div_euclid(1000) * 1000)
    }

    pub(crate) fn epoch_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    pub(crate) fn plus_millis(self, millis: i64) -> Timestamp {
        Timestamp::from_millis(self.0.saturating_add(millis))
    }

    pub(crate) fn plus_seconds(self, seconds: i64) -> Timestamp {
        self.plus_millis(seconds.saturating_mul(1000))
    }

    /// `2025-09-29T03:49:50.000Z`
    pub(crate) fn iso8601(self) -> String {
        let (date, time) = self.split();
        let (year, month, day) = civil_from_days(date);
        let (h, m, s, ms) = clock_parts(time);
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
    }

    /// [`iso8601`](Self::iso8601), appended to `out` without the formatting machinery (users'
    /// JSON is rendered in bulk).
    pub(crate) fn write_iso8601(self, out: &mut Vec<u8>) {
        let (date, time) = self.split();
        let (year, month, day) = civil_from_days(date);
        let (h, m, s, ms) = clock_parts(time);
        let mut digits = |value: i64, width: u32, separator: u8| {
            for place in (0..width).rev() {
                // In range: the year is clamped to 1..=9999 and the rest are clock fields.
                out.push(b'0' + (value / 10i64.pow(place) % 10) as u8);
            }
            out.push(separator);
        };
        digits(year, 4, b'-');
        digits(month, 2, b'-');
        digits(day, 2, b'T');
        digits(h, 2, b':');
        digits(m, 2, b':');
        digits(s, 2, b'.');
        digits(ms, 3, b'Z');
    }

    /// `Mon, 29 Sep 2025 03:49:50 GMT` (RFC 7231 IMF-fixdate).
    pub(crate) fn http_date(self) -> String {
        let (date, time) = self.split();
        let (year, month, day) = civil_from_days(date);
        let (h, m, s, _) = clock_parts(time);
        let weekday = WEEKDAYS[(date + 4).rem_euclid(7) as usize];
        let month = MONTHS[(month - 1) as usize];
        format!("{weekday}, {day:02} {month} {year:04} {h:02}:{m:02}:{s:02} GMT")
    }

    /// Reads the ISO-8601 forms a client may put in a search expression: `2021-01-01`,
    /// `2021-01-01T00:00:00Z`, `2021-01-01T00:00:00.000Z`, `2021-01-01T00:00:00.000-07:00`.
    pub(crate) fn parse_iso8601(text: &str) -> Option<Timestamp> {
        let (date, rest) = text.split_at_checked(10)?;
        let days = parse_date(date)?;
        let millis = match rest.strip_prefix('T') {
            None if rest.is_empty() => 0,
            None => return None,
            Some(time) => parse_time_and_zone(time)?,
        };
        Some(Timestamp::from_millis(
            days.checked_mul(MILLIS_PER_DAY)?.checked_add(millis)?,
        ))
    }

    fn split(self) -> (i64, i64) {
        (
            self.0.div_euclid(MILLIS_PER_DAY),
            self.0.rem_euclid(MILLIS_PER_DAY),
        )
    }
}

fn clock_parts(millis_of_day: i64) -> (i64, i64, i64, i64) {
    let seconds = millis_of_day / 1000;
    (
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        millis_of_day % 1000,
    )
}

/// `YYYY-MM-DD` → days since 1970-01-01.
fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits(&text[0..4])?;
    let month = digits(&text[5..7])?;
    let day = digits(&text[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// `HH:MM:SS[.fff][Z|±HH:MM|±HHMM]` → milliseconds since midnight UTC (may leave the day).
fn parse_time_and_zone(text: &str) -> Option<i64> {
    let (clock, zone) = match text.find(['Z', 'z', '+', '-']) {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = hms.split(':');
    let hour = digits(parts.next()?)?;
    let minute = digits(parts.next()?)?;
    let second = parts.next().map_or(Some(0), digits)?;
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let millis = fraction_millis(fraction)?;
    let local = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    Some(local - zone_offset_millis(zone)?)
}

fn fraction_millis(fraction: &str) -> Option<i64> {
    if fraction.is_empty() {
        return Some(0);
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 9 {
        return None;
    }
    let padded = format!("{fraction:0<3}");
    digits(&padded[..3])
}

fn zone_offset_millis(zone: &str) -> Option<i64> {
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, rest) = zone.split_at(1);
    let sign = if sign == "-" { -1 } else { 1 };
    let (hours, minutes) = match rest.split_once(':') {
        Some(pair) => pair,
        None => rest.split_at_checked(2)?,
    };
    let (hours, minutes) = (digits(hours)?, digits(minutes)?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes) * 60_000)
}

fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const RECORDED: i64 = 1_759_117_790_000; // Mon, 29 Sep 2025 03:49:50 GMT

    #[test]
    fn formats_like_the_recordings() {
        let t = Timestamp::from_millis(RECORDED);
        assert_eq!(t.iso8601(), "2025-09-29T03:49:50.000Z");
        assert_eq!(t.http_date(), "Mon, 29 Sep 2025 03:49:50 GMT");
        assert_eq!(
            Timestamp::from_millis(0).http_date(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }

    #[test]
    fn parses_the_forms_clients_send() {
        let t = Timestamp::from_millis(RECORDED);
        for text in [
            "2025-09-29T03:49:50.000Z",
            "2025-09-29T03:49:50Z",
            "2025-09-29T05:49:50.000+02:00",
            "2025-09-28T20:49:50-0700",
        ] {
            assert_eq!(Timestamp::parse_iso8601(text), Some(t), "{text}");
        }
        assert_eq!(
            Timestamp::parse_iso8601("2021-01-01").map(Timestamp::iso8601),
            Some("2021-01-01T00:00:00.000Z".into())
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for text in [
            "",
            "yesterday",
            "2021-13-01",
            "2021-02-30",
            "2021-01-01T25:00:00Z",
            "2021-01-01X",
            "2021-01-01T00:00:00.1234567890Z",
            "20é1-01-01",
        ] {
            assert_eq!(Timestamp::parse_iso8601(text), None, "{text}");
        }
    }

    #[test]
    fn round_trips_across_eras_and_clamps_extremes() {
        for millis in [MIN_MILLIS, -1, 0, 951_782_400_000, RECORDED, MAX_MILLIS] {
            let t = Timestamp::from_millis(millis);
            assert_eq!(Timestamp::parse_iso8601(&t.iso8601()), Some(t));
            let mut written = b"x".to_vec();
            t.write_iso8601(&mut written);
            assert_eq!(written, format!("x{}", t.iso8601()).as_bytes());
        }
        assert_eq!(
            Timestamp::from_millis(i64::MAX).iso8601(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(
            Timestamp::from_millis(i64::MIN).plus_seconds(-5).millis(),
            MIN_MILLIS
        );
    }

    #[test]
    fn converts_system_time_both_ways() {
        let t = Timestamp::from_system(UNIX_EPOCH + Duration::from_millis(RECORDED as u64 + 123));
        assert_eq!(t.millis(), RECORDED + 123);
        assert_eq!(t.whole_seconds().iso8601(), "2025-09-29T03:49:50.000Z");
        let before = UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(Timestamp::from_system(before).epoch_seconds(), -2);
    }
}
