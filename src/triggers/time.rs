//! Instants as Okta writes them (`2025-09-29T03:49:50.000Z`), in milliseconds since the Unix epoch: the
//! watermarks of the polling triggers are compared and shifted as numbers, and sent back as text.

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for `millis` since the epoch (UTC).
pub fn format_millis(millis: i64) -> String {
    let (days, rest) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let secs = rest / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        rest % 1000
    )
}

/// Milliseconds since the epoch of an ISO 8601 UTC time with an optional fraction
/// (`2025-09-29T03:49:50Z`, `…50.123Z`, `…50.123+00:00`); `None` for anything else.
pub fn parse_millis(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &fraction[..digits.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &fraction[digits..];
    }
    if !matches!(rest, "Z" | "z" | "+00:00") {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_okta_times() {
        for text in [
            "1970-01-01T00:00:00.000Z",
            "2025-09-29T03:49:50.123Z",
            "2000-02-29T23:59:59.999Z",
        ] {
            let millis = parse_millis(text).unwrap();
            assert_eq!(format_millis(millis), text);
        }
        assert_eq!(
            parse_millis("2025-09-29T03:49:50Z"),
            parse_millis("2025-09-29T03:49:50.000Z")
        );
        assert_eq!(
            parse_millis("2025-09-29T03:49:50.1Z"),
            Some(parse_millis("2025-09-29T03:49:50.000Z").unwrap() + 100)
        );
        assert_eq!(format_millis(1_759_117_790_000), "2025-09-29T03:49:50.000Z");
    }

    #[test]
    fn refuses_what_is_not_an_okta_time() {
        for text in [
            "",
            "2025-09-29",
            "2025-09-29T03:49:50",
            "2025-13-29T03:49:50Z",
            "2025-09-29T03:49:50.Z",
            "2025-09-29T03:49:50+02:00",
            "yesterday at noon!!!",
        ] {
            assert_eq!(parse_millis(text), None, "{text}");
        }
    }
}
