//! Apache's `%t` (`10/Oct/2000:13:55:36 -0700`) to UTC, and UTC to RFC 3339 (`2000-10-10T20:55:36Z`).
//!
//! Written by hand for the hot path: an offset moves a time by less than a day, so the
//! conversion is a carry of at most one day, and the fields are read and written at
//! fixed positions. chrono's parser and calendar, general and several times slower per
//! line, are the oracle a property test holds this module to.

/// `LOG_TIME_ZONE`: the zone of the times a format logs without an offset.
pub const LOG_TIME_ZONE: crate::variable::Variable = crate::variable::Variable {
    name: "LOG_TIME_ZONE",
    default: "UTC",
    allowed: "an IANA time zone name (Europe/Paris, America/New_York, UTC): the zone of times \
              logged without a UTC offset (HAProxy's %t and %tr, an Apache %{...}t without %z, a \
              Tomcat %{...}t without a zone; W3C's and IIS's times are UTC); empty is UTC",
};

/// A time zone, for the times a format logs without an offset.
pub type Zone = chrono_tz::Tz;

/// Reads `LOG_TIME_ZONE`: an IANA name; empty is UTC (`None`: nothing to move).
pub fn zone_from_setting(value: &str) -> Result<Option<Zone>, crate::variable::SettingError> {
    let name = value.trim();
    if name.is_empty() || name == "UTC" {
        return Ok(None);
    }
    name.parse::<Zone>().map(Some).map_err(|_| LOG_TIME_ZONE.reject(value))
}

/// A local time in `zone` (read as if it were UTC) moved to UTC. In the hour a zone
/// repeats when its clocks go back, the earlier of the two moments; `None` for a time the
/// zone skips when its clocks go forward (no clock shows it).
pub fn local_to_utc(t: UtcTime, zone: Zone) -> Option<UtcTime> {
    use chrono::TimeZone;
    let naive = chrono::NaiveDate::from_ymd_opt(i32::from(t.year), u32::from(t.month), u32::from(t.day))?
        .and_hms_opt(u32::from(t.hour), u32::from(t.minute), u32::from(t.second))?;
    UtcTime::from_chrono(&zone.from_local_datetime(&naive).earliest()?.with_timezone(&chrono::Utc))
}

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
    let t = UtcTime { year: year as u16, month, day, hour, minute, second };
    shift_to_utc(t, east, u32::from(off_h) * 60 + u32::from(off_m))
}

/// HAProxy's `%t`: `06/Feb/2009:12:14:14.655`, the CLF time without its offset and with
/// milliseconds; a time without an offset is UTC. The time and its nanoseconds.
pub fn parse_clf_millis(s: &[u8]) -> Option<(UtcTime, u32)> {
    clf_millis(s, parse_clf)
}

/// [`parse_clf_millis`], the CLF time read by `parse`.
#[inline(always)]
fn clf_millis(s: &[u8], parse: impl FnOnce(&[u8]) -> Option<UtcTime>) -> Option<(UtcTime, u32)> {
    let s: &[u8; 24] = s.try_into().ok()?;
    if s[20] != b'.' || !s[21..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut clf = [0u8; CLF_TIME_LEN];
    clf[..20].copy_from_slice(&s[..20]);
    clf[20..].copy_from_slice(b" +0000");
    let millis = u32::from(s[21] - b'0') * 100 + u32::from(s[22] - b'0') * 10 + u32::from(s[23] - b'0');
    Some((parse(&clf)?, millis * 1_000_000))
}

/// The last CLF time read, known by its minute and offset: a log's lines come in order,
/// and most share the minute of the line before, so only their seconds are read again.
/// One per thread (it lives in the thread's [`crate::access_log::Captures`]).
/// It keeps the last RFC 3339 time's minute too ([`ClfMinute::parse_rfc3339`]).
#[derive(Debug, Clone, Default)]
pub struct ClfMinute {
    /// `dd/Mon/yyyy:HH:MM` and ` ±hhmm`: everything but the seconds.
    key: [u8; CLF_TIME_LEN - 3],
    time: Option<UtcTime>,
    /// The last RFC 3339 time's `yyyy-mm-ddTHH:MM`, its zone (`Z`, `+hh:mm`, `+hhmm`) and
    /// its minute in UTC.
    rfc3339: Option<([u8; 16], [u8; 6], usize, UtcTime)>,
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

    /// [`parse_rfc3339`], the same answer for every input, from the last minute read when
    /// `s` is of it (its zone too): only the seconds and the fraction are read again.
    #[inline]
    pub fn parse_rfc3339(&mut self, s: &[u8]) -> Option<(UtcTime, u32)> {
        if let Some((key, zone, zone_len, t)) = &self.rfc3339
            && s.get(..16) == Some(&key[..])
            && s.get(16) == Some(&b':')
            && let Some(second) = s.get(17..19).and_then(|d| two_digits(d[0], d[1]))
            && let Some((nanos, rest)) = s.get(19..).and_then(fraction)
            && rest == &zone[..*zone_len]
        {
            // The offset moves hours and minutes, never seconds.
            return (second <= 60).then_some((UtcTime { second: second.min(59), ..*t }, nanos));
        }
        let (t, nanos) = parse_rfc3339(s)?;
        // A time that read has 16 bytes of date, hour and minute, and a zone of 1 to 6.
        let zone = s.get(19..).and_then(fraction).map(|(_, rest)| rest).filter(|z| z.len() <= 6);
        if let (Some(key), Some(rest)) = (s.get(..16).and_then(|k| k.try_into().ok()), zone) {
            let mut zone = [0; 6];
            zone[..rest.len()].copy_from_slice(rest);
            self.rfc3339 = Some((key, zone, rest.len(), t));
        }
        Some((t, nanos))
    }

    /// [`parse_clf_millis`], the same answer for every input, from the last minute read
    /// when `s` is of it.
    #[inline]
    pub fn parse_millis(&mut self, s: &[u8]) -> Option<(UtcTime, u32)> {
        clf_millis(s, |clf| self.parse(clf))
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
/// few digits as hold it, but never fewer than the `logged` digits the line had (its
/// `.000` stays): none when it is 0 and the line had none.
pub fn write_rfc3339_nanos(out: &mut Vec<u8>, t: &UtcTime, nanos: u32, logged: u8) {
    write_rfc3339(out, t);
    if nanos >= 1_000_000_000 || (nanos == 0 && logged == 0) {
        return;
    }
    out.pop();
    let digits = format_nanos(nanos);
    let len = if nanos == 0 {
        0
    } else if nanos.is_multiple_of(1_000_000) {
        3
    } else if nanos.is_multiple_of(1_000) {
        6
    } else {
        9
    };
    // As many digits as the line had, where it had more (`.000`, `.100000`).
    let len = len.max(usize::from(logged).min(9));
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

#[inline(always)]
fn put2(dst: &mut [u8], v: u32) {
    // Every line writes a time: its seven pairs of digits by table, not by division.
    match DIGIT_PAIRS.get(v as usize) {
        Some(pair) => dst[..2].copy_from_slice(pair),
        None => {
            dst[0] = b'0' + (v / 10) as u8;
            dst[1] = b'0' + (v % 10) as u8;
        }
    }
}

/// `00` to `99`.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

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

/// Parses RFC 3339 and the ISO 8601 forms JSON loggers write, and converts it to UTC:
/// `yyyy-mm-ddTHH:MM:SS`, an optional fraction of a second, and `Z` or an offset.
///
/// Returns the time and its nanoseconds. What is read: `T`, `t` or a space between date and
/// time; a fraction of 1 to 9 digits (more are read and cut to nanoseconds, as .NET's 7 and
/// Go's 9 are kept whole); `Z`, `z`, `±hh:mm` (RFC 3339) or `±hhmm` (Go's `iso8601` layout,
/// Caddy's `time_format iso8601`). A leap second (`:60`) is read as 59, as chrono reads it
/// for nginx's `$time_iso8601`. `None` for anything else, a date that is not in the
/// calendar, an offset of a day or more, or a UTC year RFC 3339 cannot write.
pub fn parse_rfc3339(s: &[u8]) -> Option<(UtcTime, u32)> {
    if s.len() < 20 || s[4] != b'-' || s[7] != b'-' || s[13] != b':' || s[16] != b':' {
        return None;
    }
    if !matches!(s[10], b'T' | b't' | b' ') {
        return None;
    }
    let year = u32::from(two_digits(s[0], s[1])?) * 100 + u32::from(two_digits(s[2], s[3])?);
    let month = two_digits(s[5], s[6])?;
    let day = two_digits(s[8], s[9])?;
    let hour = two_digits(s[11], s[12])?;
    let minute = two_digits(s[14], s[15])?;
    let second = two_digits(s[17], s[18])?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let (nanos, zone) = fraction(&s[19..])?;
    let (east, offset) = match zone {
        [b'Z' | b'z'] => (true, 0),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let (h, m) = (two_digits(*h1, *h2)?, two_digits(*m1, *m2)?);
            if h > 23 || m > 59 {
                return None;
            }
            (*sign == b'+', u32::from(h) * 60 + u32::from(m))
        }
        _ => return None,
    };
    let local = UtcTime { year: year as u16, month, day, hour, minute, second: second.min(59) };
    Some((shift_to_utc(local, east, offset)?, nanos))
}

/// `.123456789` and what follows it: the nanoseconds and the rest. No dot: 0 and all of it.
fn fraction(s: &[u8]) -> Option<(u32, &[u8])> {
    let Some(digits) = s.strip_prefix(b".") else {
        return Some((0, s));
    };
    let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 {
        return None;
    }
    Some((nanos_of(&digits[..len]), &digits[len..]))
}

/// The first nine digits of a fraction as nanoseconds (`5` is 500 000 000); the rest cut.
fn nanos_of(digits: &[u8]) -> u32 {
    let mut nanos = 0u32;
    for i in 0..9 {
        nanos = nanos * 10 + digits.get(i).map_or(0, |d| u32::from(d - b'0'));
    }
    nanos
}

/// A local time at `offset` minutes east (or west) of UTC, moved to UTC: at most a day away.
#[inline]
fn shift_to_utc(mut t: UtcTime, east: bool, offset: u32) -> Option<UtcTime> {
    if offset == 0 {
        return Some(t);
    }
    let local = u32::from(t.hour) * 60 + u32::from(t.minute);
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

/// Parses a time since the Unix epoch in units of 10^-`unit` seconds (0: seconds, 3:
/// milliseconds, 6: microseconds, 9: nanoseconds), with an optional fraction of a unit:
/// Caddy's `ts` (`1591376760.1234567`, `unix_seconds_float`), `unix_milli_float`
/// (`1591376760123.4567`), `unix_nano` (`1591376760123456700`).
///
/// Digits, then optionally a dot and digits; no sign, no exponent. A fraction finer than a
/// nanosecond is cut. `None` for anything else, or a moment after 9999-12-31T23:59:59.
pub fn parse_epoch(s: &[u8], unit: u8) -> Option<(UtcTime, u32)> {
    if unit > 9 {
        return None;
    }
    let int_len = s.iter().take_while(|b| b.is_ascii_digit()).count();
    let (int, rest) = s.split_at(int_len);
    // 20 digits overflow u64; 9999-12-31 in nanoseconds has 18.
    if int.is_empty() || int.len() > 19 {
        return None;
    }
    let frac = match rest {
        [] => &[][..],
        [b'.', frac @ ..] if !frac.is_empty() && frac.iter().all(u8::is_ascii_digit) => frac,
        _ => return None,
    };
    let n = int.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    let per_second = 10u64.pow(u32::from(unit));
    let seconds = n / per_second;
    // The whole units past the second, then the fraction of a unit, in nanoseconds.
    let unit_nanos = 10u32.pow(9 - u32::from(unit));
    let whole = (n % per_second) as u32 * unit_nanos;
    let part = if unit_nanos == 1 { 0 } else { nanos_of(frac) / (1_000_000_000 / unit_nanos) };
    Some((from_unix_seconds(seconds)?, whole + part))
}

/// Parses a number since the Unix epoch whose unit is told by its whole digits, as log
/// tools guess it: up to 11 digits are seconds (until the year 5138), 12 to 14
/// milliseconds, 15 to 17 microseconds, 18 or 19 nanoseconds. For a mapping's
/// `timestamp`, where the writer's unit is not known.
pub fn parse_epoch_any(s: &[u8]) -> Option<(UtcTime, u32)> {
    let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    let unit = match digits {
        0..=11 => 0,
        12..=14 => 3,
        15..=17 => 6,
        _ => 9,
    };
    parse_epoch(s, unit)
}

/// Any time a JSON log writes, read by its form: RFC 3339 or ISO 8601 (`2020-06-05T17:39:20Z`,
/// [`parse_rfc3339`]), the Common Log Format's (`05/Jun/2020:17:39:20 +0000`, with or
/// without its brackets, [`parse_clf`]), or a number since the epoch ([`parse_epoch_any`]).
pub fn parse_any(s: &[u8]) -> Option<(UtcTime, u32)> {
    let inner = s.strip_prefix(b"[").and_then(|s| s.strip_suffix(b"]")).unwrap_or(s);
    match inner {
        [_, _, _, _, b'-', ..] => parse_rfc3339(inner),
        [_, _, b'/', ..] => parse_clf(inner).map(|t| (t, 0)),
        _ => parse_epoch_any(inner),
    }
}

/// Seconds since 1970-01-01T00:00:00Z as a calendar time, while the year has four digits.
fn from_unix_seconds(seconds: u64) -> Option<UtcTime> {
    // 10000-01-01T00:00:00Z.
    const END: u64 = 253_402_300_800;
    if seconds >= END {
        return None;
    }
    let (days, secs) = (seconds / 86_400, (seconds % 86_400) as u32);
    let (year, month, day) = date_of_day(days as u32);
    Some(UtcTime {
        year,
        month,
        day,
        hour: (secs / 3600) as u8,
        minute: (secs / 60 % 60) as u8,
        second: (secs % 60) as u8,
    })
}

/// The date `days` after 1970-01-01, proleptic Gregorian. Counted from 2000-03-01, the start
/// of a 400-year cycle with the leap day last: cycles of 146 097 days, centuries of 36 524
/// (the last of a cycle 36 525), four-year spans of 1461, years of 365 (the last 366), and
/// in a year beginning in March, months whose lengths repeat 31 30 31 30 31 every five.
fn date_of_day(days: u32) -> (u16, u8, u8) {
    // 1970-01-01 is 11 017 days before 2000-03-01; 2000 years of cycles move the origin to
    // 0000-03-01, so every day counted is positive.
    const FROM_0000_03_01: u32 = 146_097 * 5 - 11_017;
    let d = days + FROM_0000_03_01;
    let cycle = d / 146_097;
    let mut rest = d % 146_097;
    let century = (rest / 36_524).min(3);
    rest -= century * 36_524;
    let span = rest / 1461;
    rest %= 1461;
    let year_in_span = (rest / 365).min(3);
    let day_of_year = rest - year_in_span * 365;
    // Months from March: 153 days every five months.
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let year = cycle * 400 + century * 100 + span * 4 + year_in_span;
    let (year, month) =
        if month_from_march < 10 { (year, month_from_march + 3) } else { (year + 1, month_from_march - 9) };
    (year as u16, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_minute_gives_what_a_whole_reading_gives() {
        let rfc3339 = [
            "2018-07-02T22:23:00.186641Z",
            "2018-07-02T22:23:59Z",
            "2018-07-02T22:23:60Z",
            "2018-07-02T22:23:61Z",
            "2018-07-02T22:23:5xZ",
            "2018-07-02T22:23:07.5Z",
            "2018-07-02T22:23:07.Z",
            "2018-07-02T22:23:07+01:00",
            "2018-07-02T22:23:08+01:00",
            "2018-07-02T22:23:08+0100",
            "2018-07-02T22:23:08-23:59",
            "2018-07-02T22:23:08+24:00",
            "2018-07-02T22:23:08",
            "2018-07-02T22:23:08Zx",
            "2018-07-02 22:23:08z",
            "2018-07-02T22:23-08Z",
            "2018-12-31T23:59:59.999999999999Z",
            "2018-12-31T23:59:30-00:30",
        ];
        let mut minute = ClfMinute::default();
        for s in rfc3339 {
            assert_eq!(minute.parse_rfc3339(s.as_bytes()), parse_rfc3339(s.as_bytes()), "{s}");
        }
        let clf = ["06/Feb/2009:12:14:14.655", "06/Feb/2009:12:14:59.001", "06/Feb/2009:12:14:60.001"];
        for s in clf {
            assert_eq!(minute.parse_millis(s.as_bytes()), parse_clf_millis(s.as_bytes()), "{s}");
        }
    }

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

    fn stamp(parsed: Option<(UtcTime, u32)>) -> Option<String> {
        parsed.map(|(t, nanos)| {
            let mut out = Vec::new();
            write_rfc3339_nanos(&mut out, &t, nanos, 0);
            String::from_utf8(out).unwrap()
        })
    }

    #[test]
    fn rfc3339_table() {
        let cases: &[(&str, Option<&str>)] = &[
            // Traefik's StartUTC (Go's RFC3339Nano: trailing zeros dropped) and StartLocal.
            ("2020-06-05T17:39:20.123456789Z", Some("2020-06-05T17:39:20.123456789Z")),
            ("2020-06-05T17:39:20.12345Z", Some("2020-06-05T17:39:20.123450Z")),
            ("2020-06-05T19:39:20.5+02:00", Some("2020-06-05T17:39:20.500Z")),
            // Envoy's START_TIME, logrus's `time`, nginx's $time_iso8601.
            ("2016-04-15T20:17:00.310Z", Some("2016-04-15T20:17:00.310Z")),
            ("2020-06-05T19:39:20+02:00", Some("2020-06-05T17:39:20Z")),
            ("2019-09-28T19:29:01+00:00", Some("2019-09-28T19:29:01Z")),
            ("2019-09-28T19:29:01-00:00", Some("2019-09-28T19:29:01Z")),
            // Caddy's `iso8601` (Go's `2006-01-02T15:04:05.000Z0700`), .NET's 7 digits.
            ("2006-01-02T15:04:05.000-0700", Some("2006-01-02T22:04:05Z")),
            ("2006-01-02T15:04:05.000Z", Some("2006-01-02T15:04:05Z")),
            ("2020-06-05T17:39:20.1234567Z", Some("2020-06-05T17:39:20.123456700Z")),
            // More than nine digits: cut to nanoseconds.
            ("2020-06-05T17:39:20.1234567891Z", Some("2020-06-05T17:39:20.123456789Z")),
            // Lower case and a space, as RFC 3339 allows.
            ("2020-06-05t17:39:20z", Some("2020-06-05T17:39:20Z")),
            ("2020-06-05 17:39:20Z", Some("2020-06-05T17:39:20Z")),
            // Offsets that cross a day, a month, a year, a leap day.
            ("2023-12-31T23:30:00-01:30", Some("2024-01-01T01:00:00Z")),
            ("2024-01-01T00:15:00.25+05:30", Some("2023-12-31T18:45:00.250Z")),
            ("2024-03-01T01:00:00+02:00", Some("2024-02-29T23:00:00Z")),
            ("2023-03-01T01:00:00+02:00", Some("2023-02-28T23:00:00Z")),
            ("2100-03-01T01:00:00+0200", Some("2100-02-28T23:00:00Z")),
            ("2000-02-29T12:00:00Z", Some("2000-02-29T12:00:00Z")),
            // A leap second is read as 59.
            ("2016-12-31T23:59:60Z", Some("2016-12-31T23:59:59Z")),
            ("0000-01-01T00:00:00Z", Some("0000-01-01T00:00:00Z")),
            ("9999-12-31T23:59:59.999999999Z", Some("9999-12-31T23:59:59.999999999Z")),
            // Rejected: not in the calendar, out of range, malformed, no zone.
            ("2100-02-29T12:00:00Z", None),
            ("2023-02-29T12:00:00Z", None),
            ("2023-04-31T12:00:00Z", None),
            ("2023-13-01T12:00:00Z", None),
            ("2023-00-01T12:00:00Z", None),
            ("2023-01-00T12:00:00Z", None),
            ("2023-01-01T24:00:00Z", None),
            ("2023-01-01T12:60:00Z", None),
            ("2023-01-01T12:00:61Z", None),
            ("2023-01-01T12:00:00+24:00", None),
            ("2023-01-01T12:00:00+01:60", None),
            ("2023-01-01T12:00:00+1:00", None),
            ("2023-01-01T12:00:00+01", None),
            ("2023-01-01T12:00:00", None),
            ("2023-01-01T12:00:00.Z", None),
            ("2023-01-01T12:00:00.5", None),
            ("2023-01-01T12:00:00Z ", None),
            ("2023-01-01X12:00:00Z", None),
            ("2023/01/01T12:00:00Z", None),
            ("23-01-01T12:00:00Z", None),
            ("2023-01-01T12:00Z", None),
            ("", None),
            ("9999-12-31T23:30:00-01:00", None),
            ("0000-01-01T00:30:00+01:00", None),
        ];
        for (input, want) in cases {
            assert_eq!(stamp(parse_rfc3339(input.as_bytes())).as_deref(), *want, "input {input:?}");
        }
    }

    #[test]
    fn epoch_table() {
        let cases: &[(&str, u8, Option<&str>)] = &[
            // Caddy's default `ts` (unix_seconds_float), as its docs show it.
            ("1646861401.5241024", 0, Some("2022-03-09T21:30:01.524102400Z")),
            ("1591376760.1234567", 0, Some("2020-06-05T17:06:00.123456700Z")),
            ("1591376760", 0, Some("2020-06-05T17:06:00Z")),
            ("1591376760.5", 0, Some("2020-06-05T17:06:00.500Z")),
            ("1591376760.1234567891", 0, Some("2020-06-05T17:06:00.123456789Z")),
            ("0", 0, Some("1970-01-01T00:00:00Z")),
            ("0.000000001", 0, Some("1970-01-01T00:00:00.000000001Z")),
            // Leap days, the ends of centuries, and the last second RFC 3339 writes.
            ("951782400", 0, Some("2000-02-29T00:00:00Z")),
            ("4107542400", 0, Some("2100-03-01T00:00:00Z")),
            ("4107456000", 0, Some("2100-02-28T00:00:00Z")),
            ("1709251199", 0, Some("2024-02-29T23:59:59Z")),
            ("1735689599", 0, Some("2024-12-31T23:59:59Z")),
            ("253402300799", 0, Some("9999-12-31T23:59:59Z")),
            ("253402300800", 0, None),
            // Caddy's unix_milli_float, Apache's %{msec}t, Caddy's unix_nano.
            ("1591376760123.4567", 3, Some("2020-06-05T17:06:00.123456700Z")),
            ("1591376760123", 3, Some("2020-06-05T17:06:00.123Z")),
            ("1591376760123456", 6, Some("2020-06-05T17:06:00.123456Z")),
            ("1591376760123456789", 9, Some("2020-06-05T17:06:00.123456789Z")),
            ("1591376760123456789.9", 9, Some("2020-06-05T17:06:00.123456789Z")),
            // Rejected.
            ("", 0, None),
            (".5", 0, None),
            ("1591376760.", 0, None),
            ("1591376760.5.", 0, None),
            ("-1591376760", 0, None),
            ("+1591376760", 0, None),
            ("1.59137676e9", 0, None),
            ("1591376760 ", 0, None),
            ("15913767601234567890", 9, None),
            ("99999999999999999999", 0, None),
            ("1591376760", 10, None),
        ];
        for (input, unit, want) in cases {
            assert_eq!(
                stamp(parse_epoch(input.as_bytes(), *unit)).as_deref(),
                *want,
                "input {input:?} unit {unit}"
            );
        }
    }

    #[test]
    fn any_time_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("1591376760.1234567", Some("2020-06-05T17:06:00.123456700Z")),
            ("1591376760123", Some("2020-06-05T17:06:00.123Z")),
            ("1591376760123456", Some("2020-06-05T17:06:00.123456Z")),
            ("1591376760123456789", Some("2020-06-05T17:06:00.123456789Z")),
            ("2020-06-05T19:39:20.5+02:00", Some("2020-06-05T17:39:20.500Z")),
            ("05/Jun/2020:19:39:20 +0200", Some("2020-06-05T17:39:20Z")),
            ("[05/Jun/2020:19:39:20 +0200]", Some("2020-06-05T17:39:20Z")),
            ("-", None),
            ("", None),
            ("2020/06/05 17:39:20", None),
            ("[05/Jun/2020:19:39:20 +0200", None),
        ];
        for (input, want) in cases {
            assert_eq!(stamp(parse_any(input.as_bytes())).as_deref(), *want, "input {input:?}");
        }
    }

    /// chrono's reading of the same RFC 3339 text, in firelog's words.
    fn rfc3339_oracle(s: &str) -> Option<String> {
        let t = chrono::DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&chrono::Utc);
        use chrono::{Datelike, Timelike};
        if !(0..=9999).contains(&t.year()) || t.nanosecond() >= 1_000_000_000 {
            return None;
        }
        let utc = UtcTime {
            year: t.year() as u16,
            month: t.month() as u8,
            day: t.day() as u8,
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
        };
        stamp(Some((utc, t.nanosecond())))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, ..Default::default() })]
        #[test]
        fn rfc3339_agrees_with_chrono(year in proptest::prop_oneof![0u32..3, 1999u32..2031, 9997u32..10000],
                                      month in 0u32..14, day in 0u32..33, hour in 0u32..25, minute in 0u32..61,
                                      second in 0u32..60, frac in proptest::option::of(0u32..1_000_000_000),
                                      digits in 1usize..10, east in proptest::bool::ANY,
                                      zone in proptest::option::of((0u32..25, 0u32..61))) {
            let frac = frac.map(|f| format!(".{:09}", f)[..=digits].to_string()).unwrap_or_default();
            let zone = zone.map_or("Z".to_string(), |(h, m)| format!("{}{h:02}:{m:02}", if east { '+' } else { '-' }));
            let s = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{frac}{zone}");
            proptest::prop_assert_eq!(stamp(parse_rfc3339(s.as_bytes())), rfc3339_oracle(&s), "{}", s);
        }

        #[test]
        fn no_panic_on_any_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40), unit in 0u8..12) {
            let _ = (parse_rfc3339(&bytes), parse_epoch(&bytes, unit), parse_any(&bytes));
        }

        #[test]
        fn epoch_agrees_with_chrono(seconds in 0u64..253_402_300_800, nanos in 0u32..1_000_000_000) {
            let t = chrono::DateTime::from_timestamp(seconds as i64, nanos).unwrap();
            let want = t.format("%Y-%m-%dT%H:%M:%S%.fZ").to_string();
            let s = format!("{seconds}.{nanos:09}");
            let got = stamp(parse_epoch(s.as_bytes(), 0)).unwrap();
            // firelog writes 3, 6 or 9 digits, chrono as few as hold it: compare as times.
            let reread = chrono::DateTime::parse_from_rfc3339(&got).unwrap();
            proptest::prop_assert_eq!(reread, chrono::DateTime::parse_from_rfc3339(&want).unwrap(), "{}", s);
            let ns = format!("{seconds}{nanos:09}");
            if ns.len() <= 19 {
                proptest::prop_assert_eq!(stamp(parse_epoch(ns.as_bytes(), 9)), Some(got), "{}", ns);
            }
        }
    }
}
