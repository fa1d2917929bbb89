//! ISO 8601 timestamps as the service writes them (`2019-11-08T02:41:28.172Z`), to and from
//! milliseconds since the Unix epoch. The crate has no clock: callers pass the time in.

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

/// Reads `YYYY-MM-DDTHH:MM[:SS[.fff...]](Z|±HH:MM)`; `None` if it is not that.
///
/// Seconds are optional because interactive messages write time slots without them
/// (`2026-01-02T10:00+00:00`).
pub fn parse_iso8601(s: &str) -> Option<Millis> {
    let b = s.as_bytes();
    if b.len() < 17 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' {
        return None;
    }
    let has_seconds = b.get(16) == Some(&b':');
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = s.get(from..to)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute) = (num(11, 13)?, num(14, 16)?);
    let second = if has_seconds { num(17, 19)? } else { 0 };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = if has_seconds {
        s.get(19..)?
    } else {
        s.get(16..)?
    };
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix('.').filter(|_| has_seconds) {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let scaled: String = frac[..digits]
            .chars()
            .chain("000".chars())
            .take(3)
            .collect();
        millis = scaled.parse().ok()?;
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            // Bytes, not a str slice: byte 3 may sit inside a multi-byte character.
            && rest.as_bytes()[3] == b':' =>
        {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let b = rest.as_bytes();
            if ![b[1], b[2], b[4], b[5]].iter().all(u8::is_ascii_digit) {
                return None;
            }
            let digit = |i: usize| i64::from(b[i] - b'0');
            let (h, m) = (digit(1) * 10 + digit(2), digit(4) * 10 + digit(5));
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 60 + m)
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Writes `YYYY-MM-DDTHH:MM:SS.fffZ`, the service's own form.
pub fn format_iso8601(millis: Millis) -> String {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_services_form() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(
            parse_iso8601("2019-11-08T02:41:28.172Z"),
            Some(1_573_180_888_172)
        );
        assert_eq!(
            parse_iso8601("2019-11-08T02:41:28Z"),
            Some(1_573_180_888_000)
        );
        assert_eq!(
            parse_iso8601("2019-11-08T04:41:28.172+02:00"),
            Some(1_573_180_888_172)
        );
        assert_eq!(
            parse_iso8601("2019-11-08T02:41:28.1Z"),
            Some(1_573_180_888_100)
        );
        // Without seconds, as interactive time slots are written.
        assert_eq!(parse_iso8601("2019-11-08T02:41Z"), Some(1_573_180_860_000));
        assert_eq!(
            parse_iso8601("2019-11-08T04:41+02:00"),
            Some(1_573_180_860_000)
        );
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        for bad in [
            "",
            "2019-13-08T02:41:28Z",
            "2019-02-30T00:00:00Z",
            "2019-11-08 02:41",
            "2019-11-08T02:41.5Z",
            "2019-11-08T02:4Z",
            "2019-11-08T02:41:28.Z",
            "x019-11-08T02:41:28Z",
            "2019-11-08T02:41:28+0é00",
            "2019-11-08T02:41:2éZ",
            "2019-11-08T02:41:28+-1:00",
            "2019-11-08T02:41:28+24:00",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trips() {
        for ms in [
            0,
            1,
            999,
            1_573_180_888_172,
            951_782_400_000,
            4_102_444_799_999,
        ] {
            assert_eq!(parse_iso8601(&format_iso8601(ms)), Some(ms));
        }
        assert_eq!(
            format_iso8601(1_573_180_888_172),
            "2019-11-08T02:41:28.172Z"
        );
    }
}
