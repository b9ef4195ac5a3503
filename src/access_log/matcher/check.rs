//! A line's numbers and statuses, checked and read once before anything is written: the
//! writer writes them as read ([`Number`]), and a line whose number is not one fails.
//!
//! Most numbers are a few plain digits: each is read in one pass over them, and only a
//! value that is not (`-`, HAProxy's `+243`, a padded number's spaces, a fraction) takes
//! the general reading, which decides what it is.

use super::{ABSENT, Matcher, Number, Slot, strip_plus};
use crate::access_log::plan::{Escape, Kind};
use crate::access_log::shape::is_missing;
use crate::access_log::{Field, ParseError};

/// A checked slot, with what its reading needs of it in one small row.
#[derive(Debug, Clone, Copy)]
pub(super) struct Check {
    slot: usize,
    group: usize,
    kind: Checked,
    position: u16,
    /// The format's status (`status`), which the entry carries.
    status: bool,
    /// Whether `-1` is no value here ([`Kind::minus_one_is_null`]).
    minus_one_is_null: bool,
}

/// What a checked slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checked {
    /// A whole number.
    Whole,
    /// A whole number right-aligned in spaces (not HAProxy's, whose numbers have none).
    Padded,
    /// A number with an optional fraction.
    Decimal,
    /// A timing: a decimal, or `-1` for none.
    Timing,
    /// Three digits.
    Status,
}

impl Check {
    /// The row of slot `k`, if its text is checked; `status`: the format's status group;
    /// `escape`: the format's (HAProxy's numbers are read as HAProxy logs them).
    fn of(k: usize, slot: &Slot, status: Option<usize>, escape: Escape) -> Option<Check> {
        let haproxy = escape == Escape::Haproxy;
        let kind = match slot.kind {
            Kind::Padded if !haproxy => Checked::Padded,
            Kind::Integer { .. } | Kind::Padded => Checked::Whole,
            Kind::Decimal => Checked::Decimal,
            Kind::Timing => Checked::Timing,
            Kind::Status => Checked::Status,
            _ => return None,
        };
        let status = kind == Checked::Status && status == Some(slot.group);
        let minus_one_is_null = slot.kind.minus_one_is_null(escape);
        Some(Check { slot: k, group: slot.group, kind, position: slot.position, status, minus_one_is_null })
    }
}

/// The rows of `slots`' checked slots, in order; `status`: the format's status group;
/// `escape`: the format's.
pub(super) fn checks(slots: &[Slot], status: Option<usize>, escape: Escape) -> Vec<Check> {
    (slots.iter().enumerate()).filter_map(|(k, s)| Check::of(k, s, status, escape)).collect()
}

/// Up to 19 decimal digits (so no overflow) and nothing else, as a number.
#[inline(always)]
fn plain_digits(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 19 {
        return None;
    }
    let mut n = 0u64;
    for &b in text {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u64::from(d);
    }
    Some(n)
}

impl Matcher {
    /// Checks and reads the numbers of a line whose groups are at `spans` into `numbers`
    /// (by slot); the format's status, when it has one.
    #[inline]
    pub(super) fn check(
        &self,
        line: &[u8],
        spans: &[(usize, usize)],
        numbers: &mut Vec<Number>,
    ) -> Result<Option<u16>, ParseError> {
        // Only the checked slots' numbers are written, each on every line: no clearing.
        numbers.resize(self.slots.len(), Number::None);
        let mut status = None;
        for c in &self.checked {
            let (s, e) = spans.get(c.group).copied().unwrap_or(ABSENT);
            // An absent group's span is past any line: its text is empty.
            let text = line.get(s..e).unwrap_or_default();
            let digits = if c.kind == Checked::Padded { text.trim_ascii_start() } else { text };
            let number = match (c.kind, plain_digits(digits)) {
                (Checked::Whole | Checked::Padded, Some(n)) => Number::Whole(n),
                // No dot: the fraction is empty, at the text's end.
                (Checked::Decimal | Checked::Timing, Some(whole)) => {
                    Number::Decimal { whole, fraction: (e, e) }
                }
                (Checked::Status, Some(n)) if text.len() == 3 => {
                    if c.status {
                        status = Some(n as u16);
                    }
                    Number::Whole(n)
                }
                _ => self.check_other(c, line, text, if s == usize::MAX { 0 } else { s }, &mut status)?,
            };
            if let Some(n) = numbers.get_mut(c.slot) {
                *n = number;
            }
        }
        Ok(status)
    }

    /// A checked value that is not plain digits (or a status not three of them), at `at`.
    #[inline(never)]
    fn check_other(
        &self,
        c: &Check,
        line: &[u8],
        text: &[u8],
        at: usize,
        status: &mut Option<u16>,
    ) -> Result<Number, ParseError> {
        // HAProxy logs `+` before a value logged early (`option logasap`): the value as
        // counted then. `-1` is null where the kind says so (`Kind::minus_one_is_null`).
        let haproxy = self.plan.escape == Escape::Haproxy;
        let missing = |text: &[u8]| is_missing(text) || (c.minus_one_is_null && text == b"-1");
        let invalid = |what| ParseError::at(Field::Directive { what, position: c.position }, line, at);
        Ok(match c.kind {
            // The spaces before a padded number are its padding (no other has any).
            Checked::Whole | Checked::Padded => {
                let text = if haproxy { strip_plus(text) } else { text.trim_ascii_start() };
                match crate::access_log::integer(text) {
                    Some(n) => Number::Whole(n),
                    None if missing(text) => Number::None,
                    None => return Err(invalid("number")),
                }
            }
            Checked::Decimal | Checked::Timing => match crate::access_log::decimal(text) {
                // The fraction's digits end the text.
                Some((whole, fraction)) => {
                    Number::Decimal { whole, fraction: (at + text.len() - fraction.len(), at + text.len()) }
                }
                None if missing(text) => Number::None,
                None => return Err(invalid("number")),
            },
            Checked::Status => {
                let code = if missing(text) {
                    None
                } else {
                    Some(crate::access_log::status(text).ok_or_else(|| invalid("status"))?)
                };
                if c.status {
                    *status = code;
                }
                code.map_or(Number::None, |c| Number::Whole(u64::from(c)))
            }
        })
    }
}
