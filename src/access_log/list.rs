//! A list of formats (`LOG_FORMAT` naming several): each line is read by the first member
//! that reads it. One entry still: the winner fills the same [`Entry`] a format alone
//! fills, with its own plan (`Entry::format`), so the writer, the rules and enrichment
//! read it as any entry. A list of one is that format, and parses through it directly.
//!
//! What a list is, in `LOG_FORMAT`: a value with newlines has a format per non-empty
//! line; a value without is a list when every comma-separated part is a nickname
//! (format strings and `json:` mappings have commas of their own). The schema is the
//! union of the members' keys; a key with two types across the members is refused at
//! start-up, naming both.

use super::{Captures, Entry, Format, ParseError};
use crate::column::ColumnType;
use crate::variable::SettingError;

/// `LOG_FORMAT` compiled: its formats, tried in order on each line (at least one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats {
    members: Vec<Format>,
    /// `LOG_TIME_ZONE`'s zone, for a W3C member read again from a `#Fields:` line of the
    /// data ([`Formats::switched`]).
    zone: Option<crate::timestamp::Zone>,
}

impl From<Format> for Formats {
    fn from(format: Format) -> Formats {
        Formats { members: vec![format], zone: None }
    }
}

impl From<super::Builtin> for Formats {
    fn from(format: super::Builtin) -> Formats {
        Formats::from(Format::from(format))
    }
}

impl From<super::Scanner> for Formats {
    fn from(scanner: super::Scanner) -> Formats {
        Formats::from(Format::from(scanner))
    }
}

/// The parts of `LOG_FORMAT`'s value when it lists formats, `None` when it is one.
pub fn split(value: &str) -> Option<Vec<&str>> {
    let text = value.trim();
    if text.contains('\n') {
        let parts = directive_lines(text);
        return (parts.len() > 1).then_some(parts);
    }
    let names = super::nicknames();
    // A nickname, or one in `syslog:`'s form.
    let known = |name: &str| names.contains(&super::syslog::wrapped(name).unwrap_or(name));
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    (parts.len() > 1 && parts.iter().all(|p| known(p))).then_some(parts)
}

/// The non-empty lines of `text`, each a format, but for nginx's `log_format` directive,
/// whose strings may go on over several lines: it runs to the line that ends with its `;`.
fn directive_lines(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut open: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let (start, end) = (offset, offset + line.len());
        offset = end;
        let trimmed = line.trim();
        if open.is_none() && trimmed.is_empty() {
            continue;
        }
        let from = *open.get_or_insert(start);
        let format = super::syslog::wrapped(trimmed).unwrap_or(trimmed);
        let in_directive = from != start || format.starts_with("log_format");
        // A directive's line without its `;` keeps it open (to the end of the text at most).
        if in_directive && !trimmed.ends_with(';') && end < text.len() {
            continue;
        }
        parts.push(text[from..end].trim());
        open = None;
    }
    parts
}

/// The ordinal of a member, for messages (`1st`, `2nd`...).
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Formats {
    /// A list of `members` (at least one), or the sentence that says why not: a key two
    /// members write with two types (the union would have no one type for it).
    pub fn new(members: Vec<Format>) -> Result<Formats, String> {
        if members.is_empty() {
            return Err("a list of formats needs at least one".into());
        }
        let mut seen: Vec<(String, ColumnType, usize)> = Vec::new();
        for (i, format) in members.iter().enumerate() {
            for (name, kind, _) in format.matcher().fields() {
                let typed: Vec<(&str, ColumnType)> = match ColumnType::of_kind(kind) {
                    Some(ty) => vec![(name, ty)],
                    None => crate::column::REQUEST_KEYS.iter().map(|k| (*k, ColumnType::String)).collect(),
                };
                for (name, ty) in typed {
                    match seen.iter().find(|(n, ..)| n == name) {
                        Some((_, other, j)) if *other != ty => {
                            return Err(format!(
                                "the key {name:?} is {} in the {} format and {} in the {}; \
                                 a list's formats must write each key with one type",
                                other.name(),
                                ordinal(j + 1),
                                ty.name(),
                                ordinal(i + 1)
                            ));
                        }
                        Some(_) => {}
                        None => seen.push((name.to_string(), ty, i)),
                    }
                }
            }
        }
        Ok(Formats { members, zone: None })
    }

    /// Reads `LOG_FORMAT`: a list ([`split`]) compiles each part as
    /// [`Format::from_setting_reserving`] does; anything else is one format.
    pub fn from_setting_reserving(value: &str, reserved: &[&str]) -> Result<Formats, SettingError> {
        let Some(parts) = split(value) else {
            return Format::from_setting_reserving(value, reserved).map(Formats::from);
        };
        let members = parts
            .iter()
            .map(|part| Format::from_setting_reserving(part, reserved))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SettingError { value: value.to_string(), ..e })?;
        Formats::new(members).map_err(|why| super::LOG_FORMAT.reject_because(value, why))
    }

    /// The formats with their times, when logged without an offset, in `zone`
    /// (`LOG_TIME_ZONE`; see [`Format::with_time_zone`]).
    pub fn with_time_zone(self, zone: Option<crate::timestamp::Zone>) -> Formats {
        Formats { members: self.members.into_iter().map(|f| f.with_time_zone(zone)).collect(), zone }
    }

    /// The formats, in the order they are tried.
    pub fn members(&self) -> &[Format] {
        &self.members
    }

    /// The first format (the only one of a list of one).
    pub fn first(&self) -> &Format {
        &self.members[0]
    }

    /// Whether this is one format, not a list.
    pub fn is_single(&self) -> bool {
        self.members.len() == 1
    }

    /// Which member read `entry` (by its plan): its index in [`Formats::members`].
    #[inline]
    pub fn index_of(&self, entry: &Entry<'_>) -> usize {
        if self.members.len() == 1 {
            return 0;
        }
        let plan: *const super::Matcher = entry.format;
        let read = |m: &super::Matcher| {
            std::ptr::eq(m, plan) || m.spaced.as_deref().is_some_and(|s| std::ptr::eq(s, plan))
        };
        self.members.iter().position(|m| read(m.matcher())).unwrap_or(0)
    }

    /// For a W3C header line of the data (`#` first) when a member is a W3C format:
    /// `Some(true)` when it is not a `#Fields:` line or names a W3C member's fields, in
    /// order; `Some(false)` when it names others. `None` for any other line or format.
    pub fn w3c_header(&self, line: &[u8]) -> Option<bool> {
        if !super::w3c::is_header(line) {
            return None;
        }
        let mut w3c = self.members.iter().map(|m| m.matcher()).filter(|m| m.spaced.is_some()).peekable();
        w3c.peek()?;
        Some(w3c.any(|m| super::w3c::header_fits(m.plan(), line)))
    }

    /// Whether a member is a W3C format (its lines' `#Fields:` headers are read).
    pub fn has_w3c(&self) -> bool {
        self.members.iter().any(|m| m.matcher().spaced.is_some())
    }

    /// The formats with their first W3C member read from `header`, a `#Fields:` line of
    /// the data, as `LOG_FORMAT` would be were it that line: its keys distinct from
    /// `reserved` (enrichment's), its times in `LOG_TIME_ZONE`'s zone. A header that does
    /// not compile (a name firelog does not read, no name, a key with another type than
    /// another member's) is a [`Field::Header`](super::Field::Header) error at its first
    /// name firelog does not read (else at its start).
    pub fn switched(&self, header: &[u8], reserved: &[&str]) -> Result<Formats, ParseError> {
        let fail =
            || ParseError::at(super::Field::Header, header, super::w3c::unread_at(header).unwrap_or(0));
        let i = self.members.iter().position(|m| m.matcher().spaced.is_some()).ok_or_else(fail)?;
        let text = std::str::from_utf8(header).map_err(|_| fail())?;
        if !super::w3c::looks_like_w3c(text) {
            return Err(fail());
        }
        let format = Format::compile(text, true, reserved).map_err(|_| fail())?.with_time_zone(self.zone);
        let mut members = self.members.clone();
        members[i] = format;
        let formats = Formats::new(members).map_err(|_| fail())?;
        Ok(Formats { zone: self.zone, ..formats })
    }

    /// Parses one line: the first member that reads it wins. A list of one parses as its
    /// format does. A JSON log's format reads any JSON object, so in a list it reads a
    /// line only when it finds its time or its status; a line no member reads that way is
    /// the first JSON member's (its keys null, as that format alone would write it). When
    /// none reads it, the error is that of the member that got furthest (the largest
    /// column; the first of equals), with the nickname outside the list that reads the
    /// line, if one does.
    #[inline]
    pub fn parse<'a>(&'a self, line: &'a [u8], captures: &'a mut Captures) -> Result<Entry<'a>, ParseError> {
        self.read(line, captures).map_err(|error| self.hinted(error, line))
    }

    /// [`Formats::parse`] without the hint, which tries every other nickname on the line
    /// (microseconds): for the per-line path, which tries a line again inside its
    /// envelope and looks for a hint only for the line that fails in the end.
    #[inline]
    pub fn read<'a>(&'a self, line: &'a [u8], captures: &'a mut Captures) -> Result<Entry<'a>, ParseError> {
        match &self.members[..] {
            [only] => only.read(line, captures),
            members => Formats::parse_list(members, line, captures),
        }
    }

    /// Whether `line` reads, as [`Formats::read`] reads it: `Some` with whether text was
    /// left in `extra`. The per-line path asks before it reads a W3C line with quoted
    /// values again.
    pub(crate) fn reads(&self, line: &[u8], captures: &mut Captures) -> Option<bool> {
        self.read(line, captures).ok().map(|e| e.extra().is_some())
    }

    /// `error`, of `line`, with the nickname outside the list that reads the line, if one
    /// does ([`Formats::parse`]'s hint).
    pub fn hinted(&self, mut error: ParseError, line: &[u8]) -> ParseError {
        error.hint = super::nickname::nickname_that_reads(line, &self.members);
        error
    }

    fn parse_list<'a>(
        members: &'a [Format],
        line: &'a [u8],
        captures: &'a mut Captures,
    ) -> Result<Entry<'a>, ParseError> {
        let mut furthest: Option<ParseError> = None;
        let mut loose: Option<&Format> = None;
        for member in members {
            // The entry borrows the captures; it is made again from them below, so that a
            // member that fails does not hold them.
            match member.read(line, captures).map(|e| (e.time, e.status)) {
                Ok((None, None)) if member.matcher().json_server().is_some() => {
                    loose.get_or_insert(member);
                }
                Ok((time, status)) => {
                    let Captures { spans, numbers, .. } = captures;
                    return Ok(Entry::new(member.matcher(), line, spans, numbers, time, status));
                }
                Err(e) if furthest.is_none_or(|f| e.column > f.column) => furthest = Some(e),
                Err(_) => {}
            }
        }
        if let Some(member) = loose {
            return member.read(line, captures);
        }
        Err(furthest.unwrap_or_else(|| ParseError::at(super::Field::End, line, 0)))
    }

    /// The most a line of any member grows into JSON (see [`crate::expansion`]): each
    /// part of the bound at its worst over the members.
    pub fn growth(&self) -> crate::expansion::Growth {
        let growths = self.members.iter().map(Format::growth);
        growths.reduce(crate::expansion::Growth::worst).unwrap_or(self.first().growth())
    }

    /// Whether any member keeps text after its last field (`extra`).
    pub fn keeps_extra(&self) -> bool {
        self.members.iter().any(|m| m.matcher().keeps_extra())
    }

    /// Whether lines of some member carry what a drop rule or partition key reads; a
    /// line of a member without it reads as a line without the field (null).
    pub fn provides(&self, field: super::RuleField) -> bool {
        self.members.iter().any(|m| m.provides(field))
    }
}
