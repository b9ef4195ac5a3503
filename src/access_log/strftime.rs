//! `%{format}t`: a strftime format as a regex (to find the time in a line) and as a
//! chrono format (to read it), with the forms Apache adds (`sec`, `msec`, `usec`, and
//! the fractions `msec_frac`, `usec_frac`).
//!
//! All of a format's time directives make one timestamp. They are read together by
//! chrono, from their texts joined with a separator, with the format's own parsed items;
//! the plan is checked once at start-up by writing a known moment with the same format
//! and reading it back. A format without `%z` is taken as UTC: Lambda cannot know the
//! server's local zone.

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use super::plan::TimePart;
use crate::timestamp::UtcTime;

/// A moment in UTC with its fraction of a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The time, in UTC.
    pub utc: UtcTime,
    /// Nanoseconds past the second.
    pub nanos: u32,
    /// The digits of the fraction the line logged (0: none, or not known).
    pub digits: u8,
}

/// Joins the parts' texts for chrono; no part's regex matches it.
const SEPARATOR: char = '\u{1}';

/// The regex (without groups) that matches what one strftime conversion writes.
fn conversion(c: char) -> Option<&'static str> {
    Some(match c {
        'Y' => "[0-9]{4}",
        'C' | 'y' | 'm' | 'd' | 'H' | 'I' | 'M' | 'S' | 'U' | 'W' | 'V' | 'g' => "[0-9]{2}",
        'G' => "[0-9]{4}",
        'e' => "[\\x20123][0-9]",
        'j' => "[0-9]{3}",
        'u' => "[1-7]",
        'w' => "[0-6]",
        'b' | 'h' | 'a' => "[A-Za-z]{3}",
        'B' | 'A' => "[A-Za-z]+",
        'p' => "[AaPp][Mm]",
        'z' => "[+-][0-9]{4}",
        'T' => "[0-9]{2}:[0-9]{2}:[0-9]{2}",
        'R' => "[0-9]{2}:[0-9]{2}",
        'D' => "[0-9]{2}/[0-9]{2}/[0-9]{2}",
        'F' => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        's' => "-?[0-9]+",
        'n' => "\\n",
        't' => "\\t",
        '%' => "%",
        _ => return None,
    })
}

/// `%t`'s inside: `10/Oct/2000:13:55:36 -0700` (nginx's `$time_local`).
const CLF_INNER: &str = "[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}";

/// HAProxy's `%t`: `06/Feb/2009:12:14:14.655`, no offset.
const CLF_MILLIS: &str = "[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}";

/// The regex (without groups) for one time part, or the conversion it cannot read.
pub fn regex(part: &TimePart) -> Result<String, String> {
    Ok(match part {
        TimePart::Clf => "\\[[^\\]]*\\]".into(),
        // Traefik's, which may be `[-]`: any text between brackets, as `%t`'s, but never
        // none (`[-]`'s 3 bytes are the response bound's shortest); the time reader
        // refuses all but `-` and a CLF time.
        TimePart::ClfOrDash => "\\[[^\\]]+\\]".into(),
        TimePart::Epoch(_) => "[0-9]+".into(),
        TimePart::Fraction(digits) => format!("[0-9]{{{digits}}}"),
        TimePart::ClfInner => CLF_INNER.into(),
        TimePart::ClfMillis => CLF_MILLIS.into(),
        TimePart::Iso8601 => {
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})".into()
        }
        TimePart::EpochFraction(digits) => format!("[0-9]+\\.[0-9]{{{digits}}}"),
        TimePart::Rfc3339 => {
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})".into()
        }
        TimePart::EpochNumber(_) => "[0-9]+(?:\\.[0-9]+)?".into(),
        TimePart::AnyForm => "[^\"]+".into(),
        TimePart::Strftime(format) => {
            let mut out = String::new();
            let mut chars = format.chars();
            while let Some(c) = chars.next() {
                if c != '%' {
                    let mut utf8 = [0; 4];
                    super::push_escaped(&mut out, c.encode_utf8(&mut utf8).as_bytes());
                    continue;
                }
                let c = chars.next().unwrap_or(' ');
                match conversion(c) {
                    Some(re) => out.push_str(re),
                    None => return Err(format!("%{c}")),
                }
            }
            out
        }
    })
}

/// How a format's time parts become one [`Stamp`].
#[derive(Debug, Clone)]
pub enum TimeReader {
    /// `%t`, read by the fast hand-written parser.
    Clf,
    /// Traefik's `%t`: [`TimeReader::Clf`]'s, and `[-]` is no time (null).
    ClfOrDash,
    /// nginx's `$time_local`, `%t` without brackets, read by the same parser.
    ClfInner,
    /// nginx's `$time_iso8601` (RFC 3339 with a numeric offset).
    Iso8601,
    /// HAProxy's `%t`: the CLF time with milliseconds and no offset, so UTC.
    ClfMillis,
    /// nginx's `$msec`: seconds, a dot, this many fraction digits.
    EpochFraction(u8),
    /// `%{sec}t` and kin: digits since the epoch, with this many fraction digits.
    Epoch(u8),
    /// RFC 3339 with any fraction and offset ([`crate::timestamp::parse_rfc3339`]).
    Rfc3339,
    /// 10^-n seconds since the epoch, any fraction ([`crate::timestamp::parse_epoch`]).
    EpochNumber(u8),
    /// Any of the forms ([`crate::timestamp::parse_any`]).
    AnyForm,
    /// A W3C log's `date` and `time`, `YYYY-MM-DD` and `HH:MM:SS` (UTC): read as RFC 3339
    /// is, without chrono (what chrono would read of them, checked at start-up).
    DateAndTime,
    /// strftime parts (and fractions), read together by chrono.
    Chrono {
        /// The parts, as chrono reads them.
        items: Vec<Item<'static>>,
        /// Whether the parts include a UTC offset (else the time is UTC).
        has_offset: bool,
        /// The digits of the fraction the parts write (`%{msec_frac}t`, `%3f`), 0 for none.
        fraction: u8,
    },
}

impl TimeReader {
    /// Whether the time it reads has no offset (a local time, taken as UTC unless
    /// `LOG_TIME_ZONE` names its zone).
    pub fn is_local(&self) -> bool {
        matches!(self, TimeReader::ClfMillis | TimeReader::Chrono { has_offset: false, .. })
    }

    /// The plan for a format's time parts, in order, checked by a round trip.
    pub fn new(parts: &[&TimePart]) -> Result<TimeReader, String> {
        let chrono_format = match parts {
            [TimePart::Clf] => return Ok(TimeReader::Clf),
            [TimePart::ClfOrDash] => return Ok(TimeReader::ClfOrDash),
            [TimePart::Epoch(digits)] => return Ok(TimeReader::Epoch(*digits)),
            [TimePart::ClfInner] => return Ok(TimeReader::ClfInner),
            [TimePart::ClfMillis] => return Ok(TimeReader::ClfMillis),
            [TimePart::Iso8601] => return Ok(TimeReader::Iso8601),
            [TimePart::EpochFraction(digits)] => return Ok(TimeReader::EpochFraction(*digits)),
            [TimePart::Rfc3339] => return Ok(TimeReader::Rfc3339),
            [TimePart::EpochNumber(unit)] => return Ok(TimeReader::EpochNumber(*unit)),
            [TimePart::AnyForm] => return Ok(TimeReader::AnyForm),
            _ => {
                let mut f = String::new();
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.push(SEPARATOR);
                    }
                    match part {
                        TimePart::Strftime(s) => f.push_str(s),
                        TimePart::Fraction(digits) => f.push_str(&format!("%{digits}f")),
                        // Plan::check allows only strftime parts and fractions together.
                        _ => return Err("cannot be combined".into()),
                    }
                }
                f
            }
        };
        let items =
            StrftimeItems::new(&chrono_format).parse_to_owned().map_err(|_| "chrono cannot read it")?;
        if let [TimePart::Strftime(date), TimePart::Strftime(time)] = parts
            && (date.as_str(), time.as_str()) == ("%Y-%m-%d", "%H:%M:%S")
        {
            return Ok(TimeReader::DateAndTime);
        }
        // A moment with every field distinct, written with the format and read back.
        let sample = NaiveDate::from_ymd_opt(2001, 12, 23)
            .and_then(|d| d.and_hms_nano_opt(13, 45, 56, 789_012_345))
            .map(|t| t.and_utc())
            .ok_or("no sample")?;
        let written = sample.format_with_items(items.iter()).to_string();
        let fraction = fraction_digits(&chrono_format);
        let reader = TimeReader::Chrono { items, has_offset: chrono_format.contains("%z"), fraction };
        let texts: Vec<&[u8]> = written.split(SEPARATOR).map(str::as_bytes).collect();
        // Each part's regex must match what the part writes.
        for (part, text) in parts.iter().zip(&texts) {
            let re = regex::bytes::Regex::new(&format!("(?s-u)^(?:{})$", regex(part)?))
                .map_err(|e| e.to_string())?;
            if !re.is_match(text) {
                return Err(format!("cannot find {:?} in a line", String::from_utf8_lossy(text)));
            }
        }
        match reader.read(&texts) {
            Some(stamp) if stamp.utc == UtcTime::from_chrono(&sample).ok_or("sample")? => Ok(reader),
            _ => {
                Err("does not give a whole date and time (year, month, day, hour, minute and second)".into())
            }
        }
    }

    /// The digits of the fraction a time of this reader logged, its first part's text
    /// `text`: HAProxy's milliseconds, an epoch's, RFC 3339's as many as the text has; 0
    /// where the time has none, or a strftime format may put them anywhere.
    pub fn fraction_digits(&self, text: &[u8]) -> u8 {
        let after_dot = |text: &[u8]| {
            // RFC 3339's dot, if any, follows its 19 bytes of date and time.
            let at = match text.get(19) {
                Some(b'.') => 20,
                _ => text.iter().position(|&b| b == b'.').map_or(text.len(), |i| i + 1),
            };
            text[at..].iter().take_while(|b| b.is_ascii_digit()).count()
        };
        match self {
            TimeReader::ClfMillis => 3,
            TimeReader::EpochFraction(digits) | TimeReader::Epoch(digits) => *digits,
            TimeReader::Rfc3339 | TimeReader::Iso8601 | TimeReader::AnyForm => {
                u8::try_from(after_dot(text)).unwrap_or(u8::MAX)
            }
            TimeReader::Clf
            | TimeReader::ClfOrDash
            | TimeReader::ClfInner
            | TimeReader::DateAndTime
            | TimeReader::EpochNumber(_) => 0,
            TimeReader::Chrono { fraction, .. } => *fraction,
        }
    }

    /// Reads the parts' texts, in the format's order.
    pub fn read(&self, texts: &[&[u8]]) -> Option<Stamp> {
        let (utc, nanos) = self.moment(texts)?;
        Some(self.stamp(utc, nanos, texts.first()?))
    }

    /// A moment this reader read, with the fraction's digits its first part's text `first`
    /// logged ([`TimeReader::fraction_digits`]).
    #[inline]
    pub fn stamp(&self, utc: UtcTime, nanos: u32, first: &[u8]) -> Stamp {
        Stamp { utc, nanos, digits: self.fraction_digits(first) }
    }

    /// The moment the parts' texts name, and its nanoseconds.
    fn moment(&self, texts: &[&[u8]]) -> Option<(UtcTime, u32)> {
        let chrono = |t: &DateTime<Utc>| Some((UtcTime::from_chrono(t)?, t.nanosecond()));
        match self {
            TimeReader::Rfc3339 => crate::timestamp::parse_rfc3339(texts.first()?),
            TimeReader::EpochNumber(unit) => crate::timestamp::parse_epoch(texts.first()?, *unit),
            TimeReader::AnyForm => crate::timestamp::parse_any(texts.first()?),
            TimeReader::DateAndTime => date_and_time(texts),
            TimeReader::Clf | TimeReader::ClfOrDash => {
                let inner = texts.first()?.strip_prefix(b"[")?.strip_suffix(b"]")?;
                crate::timestamp::parse_clf(inner).map(|utc| (utc, 0))
            }
            TimeReader::ClfInner => crate::timestamp::parse_clf(texts.first()?).map(|utc| (utc, 0)),
            TimeReader::ClfMillis => crate::timestamp::parse_clf_millis(texts.first()?),
            TimeReader::Iso8601 => {
                let text = std::str::from_utf8(texts.first()?).ok()?;
                let t = DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc);
                chrono(&t)
            }
            TimeReader::EpochFraction(digits) => {
                let (secs, frac) =
                    texts.first()?.split_at_checked(texts.first()?.iter().position(|&b| b == b'.')?)?;
                let frac = &frac[1..];
                if secs.is_empty() || secs.len() > 12 || frac.len() != usize::from(*digits) {
                    return None;
                }
                let secs = crate::access_log::integer(secs)?;
                let frac = u32::try_from(crate::access_log::integer(frac)?).ok()?;
                let nanos = frac * 10u32.pow(9 - u32::from(*digits));
                let t = DateTime::from_timestamp(i64::try_from(secs).ok()?, nanos)?;
                chrono(&t)
            }
            TimeReader::Epoch(digits) => {
                let text = texts.first()?;
                if text.is_empty() || text.len() > 19 || !text.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let n: i64 = std::str::from_utf8(text).ok()?.parse().ok()?;
                let scale = 10i64.pow(u32::from(*digits));
                let nanos = (n % scale) * (1_000_000_000 / scale);
                let t = DateTime::from_timestamp(n / scale, nanos as u32)?;
                chrono(&t)
            }
            TimeReader::Chrono { items, has_offset, .. } => {
                // The parts joined, on the stack: each is a few dozen bytes.
                let mut buf = [0u8; 256];
                let mut len = 0;
                for (i, text) in texts.iter().enumerate() {
                    let sep = usize::from(i > 0);
                    let end = len + sep + text.len();
                    if end > buf.len() {
                        return None;
                    }
                    if sep == 1 {
                        buf[len] = SEPARATOR as u8;
                    }
                    buf[len + sep..end].copy_from_slice(text);
                    len = end;
                }
                let s = std::str::from_utf8(&buf[..len]).ok()?;
                let mut parsed = Parsed::new();
                chrono::format::parse(&mut parsed, s, items.iter()).ok()?;
                let t = if *has_offset {
                    parsed.to_datetime().ok()?.with_timezone(&Utc)
                } else {
                    parsed.to_naive_datetime_with_offset(0).ok()?.and_utc()
                };
                chrono(&t)
            }
        }
    }
}

/// The digits of the fraction of a second a chrono format writes: `%3f`'s 3, `%.6f`'s 6,
/// `%f`'s 9; 0 for none, or for `%.f` (as many as it holds).
fn fraction_digits(format: &str) -> u8 {
    let mut rest = format;
    while let Some(at) = rest.find('%') {
        match &rest.as_bytes()[at + 1..] {
            [b'f', ..] => return 9,
            [b'.', b'f', ..] => return 0,
            [b'.', d @ b'1'..=b'9', b'f', ..] | [d @ b'1'..=b'9', b'f', ..] => return d - b'0',
            _ => {}
        }
        rest = &rest[at + 1 + usize::from(rest.as_bytes().get(at + 1) == Some(&b'%'))..];
    }
    0
}

/// A W3C `date` and `time` (`2019-12-04`, `21:02:31`), read as `2019-12-04T21:02:31Z` is,
/// joined on the stack.
fn date_and_time(texts: &[&[u8]]) -> Option<(UtcTime, u32)> {
    let ([date, time], mut joined): ([&[u8]; 2], _) = (texts.get(..2)?.try_into().ok()?, [b'Z'; 20]);
    if (date.len(), time.len()) != (10, 8) {
        return None;
    }
    joined[..10].copy_from_slice(date);
    joined[10] = b'T';
    joined[11..19].copy_from_slice(time);
    crate::timestamp::parse_rfc3339(&joined)
}

impl UtcTime {
    /// A chrono time, when RFC 3339 can write its year.
    pub(crate) fn from_chrono(t: &DateTime<Utc>) -> Option<UtcTime> {
        Some(UtcTime {
            year: u16::try_from(t.year()).ok().filter(|y| *y <= 9999)?,
            month: t.month() as u8,
            day: t.day() as u8,
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            // A leap second (60) is read as 59, as RFC 3339 readers expect at most 59.
            second: t.second().min(59) as u8,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fraction_digits;

    #[test]
    fn a_chrono_formats_fraction_is_as_many_digits_as_it_writes() {
        let table = [
            ("%Y-%m-%dT%H:%M:%S.%3fZ", 3),
            ("%H:%M:%S%.6f", 6),
            ("%s.%f", 9),
            ("%H:%M:%S%.f", 0),
            ("%d/%b/%Y:%H:%M:%S", 0),
            ("100%%f %H", 0),
        ];
        for (format, digits) in table {
            assert_eq!(fraction_digits(format), digits, "{format}");
        }
    }
}
