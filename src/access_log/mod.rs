//! Access-log lines to typed fields, borrowed from the line.
//!
//! Each format is defined by a regex, compiled once per container. The built-in formats
//! ([`pattern`]) also have a byte scanner ([`scan`]) that accepts exactly the same
//! lines — a property test holds the two together — and is the path taken on every
//! line, because it costs a fraction of the regex's captures and can say which field
//! failed. Any other Apache `LogFormat` ([`log_format`]) is compiled to a regex of its
//! own ([`custom`]), whose captures are typed by a plan made at the same time.

pub mod custom;
pub mod log_format;
pub mod pattern;
pub mod scan;
pub mod strftime;

use std::fmt;

use regex::bytes::CaptureLocations;

use crate::timestamp::UtcTime;
use custom::{Custom, Fields};
use log_format::{FormatError, Spec};

/// One parsed line. Quoted fields keep Apache's escapes (`\"`, `\\`, `\xhh`) as they were
/// logged: the JSON writer undoes `\"` and `\\` while it copies, so parsing never allocates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// A custom format's directive, at this position of `LOG_FORMAT`, whose text is not
    /// a valid `what` (`number`, `status`, `time`).
    Directive {
        what: &'static str,
        position: u16,
    },
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
            Field::Directive { what, .. } => what,
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
        match self.field {
            Field::Directive { what, position } => {
                write!(f, "invalid {what} (LOG_FORMAT position {position})")
            }
            field => f.write_str(field.describe()),
        }
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

/// A built-in format compiled once per container: its regex, and the scanner that
/// matches it.
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

impl PartialEq for Parser {
    fn eq(&self, other: &Parser) -> bool {
        self.format == other.format
    }
}

impl Eq for Parser {}

/// `LOG_FORMAT`, compiled once per container: a built-in format, or any Apache
/// `LogFormat` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFormat {
    Builtin(Parser),
    Custom(Box<Custom>),
}

impl From<Parser> for LogFormat {
    fn from(parser: Parser) -> LogFormat {
        LogFormat::Builtin(parser)
    }
}

impl From<Format> for LogFormat {
    fn from(format: Format) -> LogFormat {
        LogFormat::Builtin(Parser::new(format))
    }
}

impl LogFormat {
    /// Compiles `LOG_FORMAT`'s value: `combined`, `common`, `vhost_combined`, or a
    /// `LogFormat` string. A string that is exactly combined's or common's gets the
    /// built-in scanner.
    pub fn new(text: &str) -> Result<LogFormat, FormatError> {
        let spec = Spec::parse(text)?;
        for (format, name) in [(Format::Combined, "combined"), (Format::Common, "common")] {
            if Spec::parse(name).is_ok_and(|builtin| same_shape(&builtin, &spec)) {
                return Ok(LogFormat::from(format));
            }
        }
        Custom::compile(spec).map(|c| LogFormat::Custom(Box::new(c)))
    }

    /// Parses one line (no `\n`, no trailing `\r`). `captures` is the calling thread's
    /// (a custom format's regex writes its groups there).
    #[inline]
    pub fn parse<'a>(&'a self, line: &'a [u8], captures: &'a mut Captures) -> Result<Line<'a>, ParseError> {
        match self {
            LogFormat::Builtin(parser) => parser.parse(line).map(Line::Entry),
            LogFormat::Custom(custom) => custom.parse(line, captures).map(Line::Fields),
        }
    }

    /// Whether lines of this format carry what a drop rule or partition key reads.
    pub fn provides(&self, fact: Fact) -> bool {
        match self {
            LogFormat::Builtin(_) => fact != Fact::Vhost,
            LogFormat::Custom(custom) => custom.provides(fact),
        }
    }
}

/// Whether two formats have the same directives and literals, wherever they were written.
fn same_shape(a: &Spec, b: &Spec) -> bool {
    use log_format::Item;
    let shape = |s: &Spec| -> Vec<(Vec<u8>, String)> {
        s.items
            .iter()
            .map(|i| match i {
                Item::Literal(l) => (l.clone(), String::new()),
                Item::Directive(d) => (Vec::new(), d.text.clone()),
            })
            .collect()
    };
    shape(a) == shape(b)
}

/// Appends `bytes` to a regex pattern as `\xhh` escapes: each matches exactly that byte
/// in a `(?-u)` pattern, whatever it is.
pub(crate) fn push_escaped(pattern: &mut String, bytes: &[u8]) {
    use std::fmt::Write as _;
    for b in bytes {
        let _ = write!(pattern, "\\x{b:02x}");
    }
}

/// What the settings may ask of a line: drop rules and partition keys read these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Status,
    Path,
    UserAgent,
    Time,
    Vhost,
}

/// One thread's spans of a custom format's groups, and the regex's capture slots
/// (unused by the built-in formats).
#[derive(Debug, Default)]
pub struct Captures {
    pub(crate) spans: Vec<(usize, usize)>,
    pub(crate) locs: Option<CaptureLocations>,
}

/// A parsed line: a built-in format's entry, or a custom format's fields.
#[derive(Debug, Clone, Copy)]
pub enum Line<'a> {
    Entry(Entry<'a>),
    Fields(Fields<'a>),
}

/// `-` is how Apache logs a missing value.
pub(crate) fn dash_is_none(field: &[u8]) -> Option<&[u8]> {
    (field != b"-").then_some(field)
}

/// `%l` and `%u`: `-` when unknown, and `""` for an empty name (how Apache logs a
/// user that authenticated with an empty name).
pub(crate) fn unquoted_value(field: &[u8]) -> Option<&[u8]> {
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
    if field == b"-" {
        return Ok(0);
    }
    integer(field).ok_or(ParseError { field: Field::Bytes })
}

/// Decimal digits (at least one) into a u64, `None` past u64's range.
pub(crate) fn integer(field: &[u8]) -> Option<u64> {
    if field.is_empty() {
        return None;
    }
    field.iter().try_fold(0u64, |n, &d| {
        if !d.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// `%t` without its brackets.
fn time(field: &[u8]) -> Result<UtcTime, ParseError> {
    crate::timestamp::parse_clf(field).ok_or(ParseError { field: Field::Time })
}
