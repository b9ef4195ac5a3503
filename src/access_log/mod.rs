//! Access-log lines to typed fields, borrowed from the line.
//!
//! Each format is defined by a regex ([`pattern`]), compiled once per container. The
//! built-in formats also have a byte scanner ([`scan`]) that accepts exactly the same
//! lines — a property test holds the two together — and is the path taken on every
//! line, because it costs a fraction of the regex's captures and can say which field
//! failed.

pub mod pattern;
pub mod scan;

use std::fmt;

use crate::timestamp::UtcTime;

/// One parsed line. Quoted fields keep Apache's escapes (`\"`, `\\`, `\xhh`) as they were
/// logged: the JSON writer undoes `\"` and `\\` while it copies, so parsing never allocates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// `%h`: IPv4, IPv6 or a host name.
    pub host: &'a [u8],
    /// `%l`, `None` for `-`, empty for `""`.
    pub ident: Option<&'a [u8]>,
    /// `%u`, `None` for `-`, empty for `""`.
    pub user: Option<&'a [u8]>,
    /// `%t`, converted to UTC.
    pub time: UtcTime,
    /// `%r` as logged, between the quotes.
    pub request: &'a [u8],
    /// `%>s`.
    pub status: u16,
    /// `%b`; CLF's `-` (no body bytes) is 0.
    pub bytes: u64,
    /// `%{Referer}i` between the quotes; `None` for `-` or a common-format line.
    pub referer: Option<&'a [u8]>,
    /// `%{User-Agent}i` between the quotes; `None` for `-` or a common-format line.
    pub user_agent: Option<&'a [u8]>,
}

/// The field at which a line stopped matching its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Host,
    Ident,
    User,
    Time,
    Request,
    Status,
    Bytes,
    Referer,
    UserAgent,
    /// Bytes after the last field of the format.
    End,
    /// The regex did not match (it cannot say where).
    Line,
}

impl Field {
    fn describe(self) -> &'static str {
        match self {
            Field::Host => "invalid host (%h)",
            Field::Ident => "invalid ident (%l)",
            Field::User => "invalid user (%u)",
            Field::Time => "invalid timestamp (%t)",
            Field::Request => "invalid request (\"%r\")",
            Field::Status => "invalid status (%>s)",
            Field::Bytes => "invalid bytes (%b)",
            Field::Referer => "invalid referer (\"%{Referer}i\")",
            Field::UserAgent => "invalid user agent (\"%{User-Agent}i\")",
            Field::End => "unexpected text after the last field",
            Field::Line => "line does not match the format",
        }
    }
}

/// Why a line failed: which field. Small and `Copy`, no string built per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    pub field: Field,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field.describe())
    }
}

impl std::error::Error for ParseError {}

/// A log format known to firelog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// NCSA extended/combined; common-format lines (no referer, no agent) are accepted too.
    Combined,
    /// NCSA common (CLF) only.
    Common,
}

/// A format compiled once per container: its regex, and the scanner that matches it.
#[derive(Debug, Clone)]
pub struct Parser {
    format: Format,
    regex: regex::bytes::Regex,
}

impl Parser {
    pub fn new(format: Format) -> Parser {
        Parser { format, regex: pattern::compile(format) }
    }

    /// Parses one line (no `\n`, no trailing `\r`) on the fast path.
    #[inline]
    pub fn parse<'a>(&self, line: &'a [u8]) -> Result<Entry<'a>, ParseError> {
        scan::line(line, self.format)
    }

    /// Parses one line with the format's regex: the definition the scanner is held to.
    pub fn parse_with_regex<'a>(&self, line: &'a [u8]) -> Result<Entry<'a>, ParseError> {
        pattern::parse(&self.regex, line)
    }
}

/// `-` is how Apache logs a missing value.
fn dash_is_none(field: &[u8]) -> Option<&[u8]> {
    (field != b"-").then_some(field)
}

/// `%l` and `%u`: `-` when unknown, and `""` for an empty name (how Apache logs a
/// user that authenticated with an empty name).
fn unquoted_value(field: &[u8]) -> Option<&[u8]> {
    match field {
        b"-" => None,
        b"\"\"" => Some(b""),
        _ => Some(field),
    }
}

/// `%>s`: three ASCII digits (both paths have checked the shape).
fn status(digits: &[u8]) -> Result<u16, ParseError> {
    match digits {
        [a, b, c] if digits.iter().all(u8::is_ascii_digit) => {
            Ok(u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => Err(ParseError { field: Field::Status }),
    }
}

/// `%b`: decimal digits into a u64, or `-` for zero.
fn bytes(field: &[u8]) -> Result<u64, ParseError> {
    const ERR: ParseError = ParseError { field: Field::Bytes };
    if field == b"-" {
        return Ok(0);
    }
    if field.is_empty() {
        return Err(ERR);
    }
    field.iter().try_fold(0u64, |n, &d| {
        if !d.is_ascii_digit() {
            return Err(ERR);
        }
        n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))).ok_or(ERR)
    })
}

/// `%t` without its brackets.
fn time(field: &[u8]) -> Result<UtcTime, ParseError> {
    crate::timestamp::parse_clf(field).ok_or(ParseError { field: Field::Time })
}
