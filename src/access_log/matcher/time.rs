//! A line's time: its time groups read into one moment in UTC, moved from the zone
//! `LOG_TIME_ZONE` names when the format logs it without an offset.

use super::{ABSENT, MAX_TIME_PARTS, Matcher, TimeRead};
use crate::access_log::strftime::{Stamp, TimeReader};
use crate::access_log::{Field, ParseError};
use crate::timestamp::ClfMinute;

impl Matcher {
    /// The matcher with its time, when logged without an offset, in `zone` rather than
    /// UTC (`LOG_TIME_ZONE`).
    pub fn with_time_zone(mut self, zone: Option<crate::timestamp::Zone>) -> Matcher {
        if let Some(time) = &mut self.time
            && time.reader.is_local()
        {
            time.zone = zone;
        }
        self
    }

    /// The line's time, from its time groups, in UTC (moved from `LOG_TIME_ZONE`'s zone
    /// when it has no offset); `clf`: the thread's last CLF minute.
    #[inline]
    pub(super) fn read_time(
        &self,
        line: &[u8],
        spans: &[(usize, usize)],
        clf: &mut ClfMinute,
    ) -> Result<Option<Stamp>, ParseError> {
        let group = |i: usize| match spans.get(i) {
            Some(&(s, e)) if (s, e) != ABSENT => &line[s..e],
            _ => &b""[..],
        };
        Ok(match &self.time {
            None => None,
            // A JSON log's missing time is null, as any missing key is.
            Some(TimeRead { groups, .. }) if self.json.is_some() && spans.get(groups[0]) == Some(&ABSENT) => {
                None
            }
            Some(TimeRead { groups, reader, position, zone }) => {
                let mut texts: [&[u8]; MAX_TIME_PARTS] = [b""; MAX_TIME_PARTS];
                for (text, g) in texts.iter_mut().zip(groups) {
                    *text = group(*g);
                }
                let first = texts[0];
                let mut stamp = match reader {
                    // Traefik's dropped time is none, as a JSON log's missing one.
                    TimeReader::ClfOrDash if first == b"[-]" => return Ok(None),
                    // A CLF or RFC 3339 time, from the thread's last minute when the
                    // line is of it (a log's lines come in order): the same answer,
                    // without reading the whole time again.
                    TimeReader::Clf => (first.strip_prefix(b"[").and_then(|t| t.strip_suffix(b"]")))
                        .and_then(|t| clf.parse(t))
                        .map(|utc| reader.stamp(utc, 0, first)),
                    TimeReader::ClfInner => clf.parse(first).map(|utc| reader.stamp(utc, 0, first)),
                    TimeReader::ClfMillis => {
                        clf.parse_millis(first).map(|(utc, nanos)| reader.stamp(utc, nanos, first))
                    }
                    TimeReader::Rfc3339 => {
                        clf.parse_rfc3339(first).map(|(utc, nanos)| reader.stamp(utc, nanos, first))
                    }
                    _ => reader.read(&texts[..groups.len()]),
                };
                if let (Some(zone), Some(s)) = (zone, &mut stamp) {
                    stamp = crate::timestamp::local_to_utc(s.utc, *zone).map(|utc| Stamp { utc, ..*s });
                }
                let at = spans.get(groups[0]).map_or(0, |&(s, _)| if s == usize::MAX { 0 } else { s });
                Some(stamp.ok_or_else(|| {
                    ParseError::at(Field::Directive { what: "time", position: *position }, line, at)
                })?)
            }
        })
    }
}
