//! Apache's `%t` (`10/Oct/2000:13:55:36 -0700`) to UTC, and UTC to RFC 3339 (`2000-10-10T20:55:36Z`).
//!
//! chrono checks that the date is real (no `31/Apr`, no `29/Feb/2015`) and does the
//! calendar arithmetic; the fixed-width fields are read and written by hand because
//! chrono's format-string parser costs several times more per line.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, Timelike};

/// Length of `dd/Mon/yyyy:HH:MM:SS +zzzz`: Apache always writes it at this width.
pub const CLF_TIME_LEN: usize = 26;

/// Length of `yyyy-mm-ddTHH:MM:SSZ`.
pub const RFC3339_LEN: usize = 20;

/// Parses the inside of Apache's `[...]` time field and converts it to UTC.
///
/// Returns `None` for anything that is not exactly `dd/Mon/yyyy:HH:MM:SS ±hhmm` with a
/// real calendar date, hours below 24, minutes and seconds below 60, an offset below
/// 24 hours, and a UTC year that RFC 3339 can write (0000–9999).
pub fn parse_clf(s: &[u8]) -> Option<NaiveDateTime> {
    let s: &[u8; CLF_TIME_LEN] = s.try_into().ok()?;
    if s[2] != b'/' || s[6] != b'/' || s[11] != b':' || s[14] != b':' || s[17] != b':' || s[20] != b' ' {
        return None;
    }
    let day = two_digits(s[0], s[1])?;
    let month = month_number([s[3], s[4], s[5]])?;
    let year = two_digits(s[7], s[8])? * 100 + two_digits(s[9], s[10])?;
    let hour = two_digits(s[12], s[13])?;
    let min = two_digits(s[15], s[16])?;
    let sec = two_digits(s[18], s[19])?;
    let sign = match s[21] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let off_h = two_digits(s[22], s[23])?;
    let off_m = two_digits(s[24], s[25])?;
    if off_h > 23 || off_m > 59 {
        return None;
    }
    let local = NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_opt(hour, min, sec)?;
    let offset = TimeDelta::seconds(sign * i64::from(off_h * 3600 + off_m * 60));
    let utc = local.checked_sub_signed(offset)?;
    (0..=9999).contains(&utc.year()).then_some(utc)
}

/// Writes `t` as `yyyy-mm-ddTHH:MM:SSZ` (the year must be 0000–9999, as `parse_clf` ensures).
pub fn write_rfc3339(out: &mut Vec<u8>, t: &NaiveDateTime) {
    let year = t.year() as u32;
    let mut b = *b"0000-00-00T00:00:00Z";
    put2(&mut b[0..2], year / 100);
    put2(&mut b[2..4], year % 100);
    put2(&mut b[5..7], t.month());
    put2(&mut b[8..10], t.day());
    put2(&mut b[11..13], t.hour());
    put2(&mut b[14..16], t.minute());
    put2(&mut b[17..19], t.second());
    out.extend_from_slice(&b);
}

fn put2(dst: &mut [u8], v: u32) {
    dst[0] = b'0' + (v / 10) as u8;
    dst[1] = b'0' + (v % 10) as u8;
}

fn two_digits(a: u8, b: u8) -> Option<u32> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    } else {
        None
    }
}

/// Apache writes English month abbreviations whatever the locale (`apr_month_snames`).
fn month_number(m: [u8; 3]) -> Option<u32> {
    Some(match &m {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(s: &str) -> Option<String> {
        parse_clf(s.as_bytes()).map(|t| {
            let mut out = Vec::new();
            write_rfc3339(&mut out, &t);
            String::from_utf8(out).unwrap()
        })
    }

    #[test]
    fn table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("10/Oct/2000:13:55:36 -0700", Some("2000-10-10T20:55:36Z")),
            ("17/May/2015:10:05:03 +0000", Some("2015-05-17T10:05:03Z")),
            // Offsets that cross a day, a month and a year.
            ("31/Dec/2023:23:30:00 -0130", Some("2024-01-01T01:00:00Z")),
            ("01/Jan/2024:00:15:00 +0530", Some("2023-12-31T18:45:00Z")),
            ("01/Mar/2024:01:00:00 +0200", Some("2024-02-29T23:00:00Z")),
            ("29/Feb/2024:12:00:00 +0000", Some("2024-02-29T12:00:00Z")),
            ("01/Jan/0000:00:00:00 +0000", Some("0000-01-01T00:00:00Z")),
            ("31/Dec/9999:23:59:59 +0000", Some("9999-12-31T23:59:59Z")),
            // Not real dates or times.
            ("32/May/2015:10:05:03 +0000", None),
            ("29/Feb/2015:10:05:03 +0000", None),
            ("31/Apr/2015:10:05:03 +0000", None),
            ("00/May/2015:10:05:03 +0000", None),
            ("17/Foo/2015:10:05:03 +0000", None),
            ("17/may/2015:10:05:03 +0000", None),
            ("17/May/2015:24:00:00 +0000", None),
            ("17/May/2015:10:60:00 +0000", None),
            ("17/May/2015:10:05:60 +0000", None),
            ("17/May/2015:10:05:03 +2400", None),
            ("17/May/2015:10:05:03 +0060", None),
            ("17/May/2015:10:05:03 0000", None),
            ("17/May/2015:10:05:03 *0000", None),
            ("17/May/2015 10:05:03 +0000", None),
            ("7/May/2015:10:05:03 +0000", None),
            ("17/May/2015:10:05:03 +0000 ", None),
            ("", None),
            // The UTC year would leave what RFC 3339 can write.
            ("31/Dec/9999:23:30:00 -0100", None),
            ("01/Jan/0000:00:30:00 +0100", None),
        ];
        for (input, want) in cases {
            assert_eq!(conv(input).as_deref(), *want, "input {input:?}");
        }
    }
}
