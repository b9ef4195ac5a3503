//! Apache's `%t` (`10/Oct/2000:13:55:36 -0700`) to UTC, and UTC to RFC 3339 (`2000-10-10T20:55:36Z`).
//!
//! Written by hand for the hot path: an offset moves a time by less than a day, so the
//! conversion is a carry of at most one day, and the fields are read and written at
//! fixed positions. chrono's parser and calendar, general and several times slower per
//! line, are the oracle a property test holds this module to.

/// Length of `dd/Mon/yyyy:HH:MM:SS +zzzz`: Apache always writes it at this width.
pub const CLF_TIME_LEN: usize = 26;

/// A moment in UTC, to the second, in the fields the output and partition keys use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime {
    /// Year.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
    /// Hour, 0-23.
    pub hour: u8,
    /// Minute, 0-59.
    pub minute: u8,
    /// Second, 0-59.
    pub second: u8,
}

/// Parses the inside of Apache's `[...]` time field and converts it to UTC.
///
/// Returns `None` for anything that is not exactly `dd/Mon/yyyy:HH:MM:SS ±hhmm` with a
/// real calendar date, hours below 24, minutes and seconds below 60, an offset below
/// 24 hours, and a UTC year that RFC 3339 can write (0000–9999).
pub fn parse_clf(s: &[u8]) -> Option<UtcTime> {
    let s: &[u8; CLF_TIME_LEN] = s.try_into().ok()?;
    if s[2] != b'/' || s[6] != b'/' || s[11] != b':' || s[14] != b':' || s[17] != b':' || s[20] != b' ' {
        return None;
    }
    let day = two_digits(s[0], s[1])?;
    let month = month_number([s[3], s[4], s[5]])?;
    let year = u32::from(two_digits(s[7], s[8])?) * 100 + u32::from(two_digits(s[9], s[10])?);
    let hour = two_digits(s[12], s[13])?;
    let minute = two_digits(s[15], s[16])?;
    let second = two_digits(s[18], s[19])?;
    let east = match s[21] {
        b'+' => true,
        b'-' => false,
        _ => return None,
    };
    let off_h = two_digits(s[22], s[23])?;
    let off_m = two_digits(s[24], s[25])?;
    if day == 0 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if off_h > 23 || off_m > 59 {
        return None;
    }
    let mut t = UtcTime { year: year as u16, month, day, hour, minute, second };
    let offset = u32::from(off_h) * 60 + u32::from(off_m);
    if offset == 0 {
        return Some(t);
    }
    // Local minus offset, in minutes of the day; at most one day either side.
    let local = u32::from(hour) * 60 + u32::from(minute);
    let minutes = if east {
        if local >= offset {
            local - offset
        } else {
            t = previous_day(t)?;
            local + 1440 - offset
        }
    } else if local + offset < 1440 {
        local + offset
    } else {
        t = next_day(t)?;
        local + offset - 1440
    };
    t.hour = (minutes / 60) as u8;
    t.minute = (minutes % 60) as u8;
    Some(t)
}

/// The last CLF time read, known by its minute and offset: a log's lines come in order,
/// and most share the minute of the line before, so only their seconds are read again.
/// One per thread (it lives in the thread's [`crate::access_log::Captures`]).
#[derive(Debug, Clone, Default)]
pub struct ClfMinute {
    /// `dd/Mon/yyyy:HH:MM` and ` ±hhmm`: everything but the seconds.
    key: [u8; CLF_TIME_LEN - 3],
    time: Option<UtcTime>,
}

impl ClfMinute {
    /// [`parse_clf`], the same answer for every input, from the last minute read when
    /// `s` is of it.
    #[inline]
    pub fn parse(&mut self, s: &[u8]) -> Option<UtcTime> {
        let s: &[u8; CLF_TIME_LEN] = s.try_into().ok()?;
        let mut key = [0; CLF_TIME_LEN - 3];
        key[..17].copy_from_slice(&s[..17]);
        key[17..].copy_from_slice(&s[20..]);
        if let Some(t) = self.time
            && key == self.key
            && s[17] == b':'
        {
            // The offset moves hours and minutes, never seconds.
            let second = two_digits(s[18], s[19]).filter(|&sec| sec <= 59)?;
            return Some(UtcTime { second, ..t });
        }
        let t = parse_clf(s)?;
        (self.key, self.time) = (key, Some(t));
        Some(t)
    }
}

fn previous_day(mut t: UtcTime) -> Option<UtcTime> {
    if t.day > 1 {
        t.day -= 1;
    } else if t.month > 1 {
        t.month -= 1;
        t.day = days_in_month(u32::from(t.year), t.month);
    } else {
        t.year = t.year.checked_sub(1)?;
        t.month = 12;
        t.day = 31;
    }
    Some(t)
}

fn next_day(mut t: UtcTime) -> Option<UtcTime> {
    if t.day < days_in_month(u32::from(t.year), t.month) {
        t.day += 1;
    } else if t.month < 12 {
        t.month += 1;
        t.day = 1;
    } else if t.year < 9999 {
        t.year += 1;
        t.month = 1;
        t.day = 1;
    } else {
        return None;
    }
    Some(t)
}

/// Gregorian calendar, proleptic (as chrono and RFC 3339 count).
fn days_in_month(year: u32, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Writes `t` and a fraction of a second: `.123Z`, `.123456Z` or `.123456789Z`, as
/// few digits as hold it, and none when it is 0.
pub fn write_rfc3339_nanos(out: &mut Vec<u8>, t: &UtcTime, nanos: u32) {
    write_rfc3339(out, t);
    if nanos == 0 || nanos >= 1_000_000_000 {
        return;
    }
    out.pop();
    let digits = format_nanos(nanos);
    let len = if nanos.is_multiple_of(1_000_000) {
        3
    } else if nanos.is_multiple_of(1_000) {
        6
    } else {
        9
    };
    out.push(b'.');
    out.extend_from_slice(&digits[..len]);
    out.push(b'Z');
}

fn format_nanos(mut nanos: u32) -> [u8; 9] {
    let mut digits = [b'0'; 9];
    for d in digits.iter_mut().rev() {
        *d = b'0' + (nanos % 10) as u8;
        nanos /= 10;
    }
    digits
}

/// Writes `t` as `yyyy-mm-ddTHH:MM:SSZ`.
pub fn write_rfc3339(out: &mut Vec<u8>, t: &UtcTime) {
    let mut b = *b"0000-00-00T00:00:00Z";
    put2(&mut b[0..2], u32::from(t.year) / 100);
    put2(&mut b[2..4], u32::from(t.year) % 100);
    put2(&mut b[5..7], u32::from(t.month));
    put2(&mut b[8..10], u32::from(t.day));
    put2(&mut b[11..13], u32::from(t.hour));
    put2(&mut b[14..16], u32::from(t.minute));
    put2(&mut b[17..19], u32::from(t.second));
    out.extend_from_slice(&b);
}

fn put2(dst: &mut [u8], v: u32) {
    dst[0] = b'0' + (v / 10) as u8;
    dst[1] = b'0' + (v % 10) as u8;
}

fn two_digits(a: u8, b: u8) -> Option<u8> {
    if a.is_ascii_digit() && b.is_ascii_digit() { Some((a - b'0') * 10 + (b - b'0')) } else { None }
}

/// Apache writes English month abbreviations whatever the locale (`apr_month_snames`).
fn month_number(m: [u8; 3]) -> Option<u8> {
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

    /// chrono's reading of the same text: the definition this module is held to.
    fn oracle(s: &str) -> Option<String> {
        let t = chrono::DateTime::parse_from_str(s, "%d/%b/%Y:%H:%M:%S %z").ok()?;
        let utc = t.naive_utc();
        use chrono::Datelike;
        // What chrono is lenient about: fixed widths, a signed 4-digit offset below a day,
        // and a leap second (60), which Apache never writes and firelog refuses.
        let b = s.as_bytes();
        let fixed = b.len() == CLF_TIME_LEN
            && (b[21] == b'+' || b[21] == b'-')
            && b[..2].iter().all(u8::is_ascii_digit);
        (fixed
            && (0..=9999).contains(&utc.year())
            && t.offset().local_minus_utc().abs() < 86_400
            && b[22..24] < b"24"[..]
            && b[24..26] < b"60"[..]
            && &b[18..20] != b"60")
            .then(|| utc.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, ..Default::default() })]
        #[test]
        fn agrees_with_chrono(day in 0u32..33, month in 0usize..13, year in proptest::prop_oneof![0u32..3, 1999u32..2031, 9997u32..10000],
                              hour in 0u32..25, minute in 0u32..61, second in 0u32..61,
                              east in proptest::bool::ANY, off_h in 0u32..26, off_m in 0u32..61) {
            const MONTHS: [&str; 13] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"];
            let s = format!("{day:02}/{}/{year:04}:{hour:02}:{minute:02}:{second:02} {}{off_h:02}{off_m:02}",
                            MONTHS[month], if east { '+' } else { '-' });
            proptest::prop_assert_eq!(conv(&s), oracle(&s), "{}", s);
        }
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
            ("30/Apr/2024:22:00:00 -0300", Some("2024-05-01T01:00:00Z")),
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
