//! A line's time: its time groups read into one moment in UTC, moved from the zone
//! `LOG_TIME_ZONE` names when the format logs it without an offset.

use super::{ABSENT, MAX_TIME_PARTS, Matcher, TimeRead};
use crate::access_log::strftime::Stamp;
use crate::access_log::{Field, ParseError};

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
    /// when it has no offset).
    #[inline]
    pub(super) fn read_time(
        &self,
        line: &[u8],
        spans: &[(usize, usize)],
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
                let mut stamp = reader.read(&texts[..groups.len()]);
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
