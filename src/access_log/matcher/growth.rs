//! The most a line of a format can grow into JSON, from its plan (see
//! [`crate::expansion`]): what the response bound is made of.

use super::Matcher;
use crate::access_log::plan::Kind;
use crate::access_log::shape::Step;

impl Matcher {
    /// The most a line of this format can grow into JSON, from the plan: the shortest
    /// line it reads, the most output that line can have, and the most output a byte
    /// more can add (see [`crate::expansion`]).
    pub fn growth(&self) -> crate::expansion::Growth {
        // Each group's shortest text; an optional tail's fields and literals may be absent.
        let mut min_of_group = vec![0usize; self.groups + 1];
        let mut min_line = 0;
        for (n, step) in self.steps.iter().enumerate() {
            let optional = self.optional_steps.first().is_some_and(|&o| n >= o);
            let len = match step {
                Step::Literal(bytes) => bytes.len(),
                Step::Field { group, shape, .. } => {
                    let len = shape.min_len();
                    min_of_group[*group] = if optional { 0 } else { len };
                    len
                }
            };
            if !optional {
                min_line += len;
            }
        }
        // `{`, `}` and the newline; the default's `,"extra":""` when it is there.
        let mut fixed = 3 + if self.extra.is_some() { 11 } else { 0 };
        let mut per_byte = 0;
        let mut vhost_per_byte = 0;
        for slot in &self.slots {
            let key = slot.key.len();
            // Every value may be `null` (4 bytes); a string adds its quotes and at most 6
            // bytes a byte (a control byte is `\u00XX`); `%r` writes each byte twice.
            let (constant, each) = match slot.kind {
                // A W3C query is written twice: in `path` and on its own.
                Kind::Query if self.path_query.is_some() => (4, 12),
                Kind::Host
                | Kind::Connection
                | Kind::Name
                | Kind::Text
                | Kind::Record
                | Kind::List
                | Kind::UrlPath
                | Kind::Query
                | Kind::Route
                | Kind::IsArgs
                | Kind::Endpoint { .. }
                | Kind::Captured { .. } => (2, 6),
                Kind::TimeText(_) => (2, 6),
                // `,"path":`, `,"protocol":`, `,"request":`, three nulls and `""`.
                Kind::Request | Kind::UrlRequest => (31 + 12 + 2, 12),
                Kind::Status | Kind::Dash => (0, 0),
                Kind::Integer { .. } | Kind::Decimal | Kind::Timing | Kind::Padded => (0, 1),
                // RFC 3339 with nine fraction digits, quoted, whatever the input.
                Kind::Time(_) => (32, 0),
            };
            fixed += key + 4 + constant + each * min_of_group.get(slot.group).copied().unwrap_or(0);
            per_byte = per_byte.max(each);
            if Some(slot.group) == self.vhost {
                vhost_per_byte = each;
            }
        }
        crate::expansion::Growth { min_line, fixed, per_byte, vhost_per_byte }
    }
}
