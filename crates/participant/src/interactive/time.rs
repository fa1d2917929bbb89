//! The TimePicker's answer: the chosen slot, shifted as the official interface shifts it.

use crate::time::{format_iso8601, parse_iso8601};

/// The text a TimePicker sends for the slot `date` (amazon-connect-chat-interface
/// `TimePicker.js:284-304`): with an offset, the slot's time plus `offset` minutes (added,
/// not subtracted), written as `YYYY-MM-DDTHH:MM:SS.ss+00:00` (JavaScript's `toISOString()`
/// less its last two characters, then `+00:00`: two fractional digits); without one (absent
/// or 0, see [`super::TimePicker::time_zone_offset`]) the slot exactly as it came. A date
/// that cannot be read is sent as it came too (the official code would throw).
///
/// ```
/// use connect_participant::interactive::shifted_slot;
/// assert_eq!(shifted_slot("2025-03-10T09:00+00:00", Some(120.0)), "2025-03-10T11:00:00.00+00:00");
/// assert_eq!(shifted_slot("2025-03-10T09:00+00:00", None), "2025-03-10T09:00+00:00");
/// ```
pub fn shifted_slot(date: &str, offset: Option<f64>) -> String {
    let (Some(minutes), Some(at)) = (offset, parse_iso8601(date)) else {
        return date.to_owned();
    };
    // JavaScript's Date keeps whole milliseconds; a shift out of four-digit years (where
    // JavaScript writes six) is left alone.
    const YEARS_1_TO_9999: std::ops::Range<i64> = -62_135_596_800_000..253_402_300_800_000;
    let shifted = at.saturating_add((60_000.0 * minutes).trunc() as i64);
    if !YEARS_1_TO_9999.contains(&shifted) {
        return date.to_owned();
    }
    let iso = format_iso8601(shifted);
    // `...:SS.sssZ` less `sZ`.
    let cut = iso.len().saturating_sub(2);
    format!("{}+00:00", &iso[..cut])
}

#[cfg(test)]
mod tests {
    use super::shifted_slot;

    #[test]
    fn the_official_examples() {
        for (date, offset, sent) in [
            (
                "2025-03-10T09:00+00:00",
                Some(120.0),
                "2025-03-10T11:00:00.00+00:00",
            ),
            (
                "2025-03-10T09:00+00:00",
                Some(-30.0),
                "2025-03-10T08:30:00.00+00:00",
            ),
            ("2025-03-10T09:00+00:00", None, "2025-03-10T09:00+00:00"),
            (
                "2025-03-10T09:00:00.123Z",
                Some(60.0),
                "2025-03-10T10:00:00.12+00:00",
            ),
            // A shift by nothing still rewrites the slot ("0" is truthy in JavaScript).
            (
                "2020-10-31T17:00+00:00",
                Some(0.0),
                "2020-10-31T17:00:00.00+00:00",
            ),
            // Across midnight, with the slot's own offset.
            (
                "2025-03-10T23:30+01:00",
                Some(90.0),
                "2025-03-11T00:00:00.00+00:00",
            ),
            ("not a date", Some(60.0), "not a date"),
            (
                "2025-03-10T09:00+00:00",
                Some(1e300),
                "2025-03-10T09:00+00:00",
            ),
        ] {
            assert_eq!(shifted_slot(date, offset), sent, "{date} {offset:?}");
        }
    }
}
