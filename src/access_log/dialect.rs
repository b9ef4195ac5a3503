//! The words the tables of the Apache-like dialects share (Traefik's CLF, Tomcat's
//! `pattern`, Squid's `logformat`, varnishncsa's `-F`): a [`Row`] per directive, with the
//! key it writes, what its value is and the server's own sentence for it, rendered into
//! `docs/formats.md` and held to it by `tests/docs.rs`. Each dialect's reader
//! ([`super::traefik`], [`super::tomcat`], [`super::squid`], [`super::varnish`]) reads
//! its format strings into a [`Plan`] of these rows' kinds; nothing after the plan knows
//! which server wrote a line.

use super::plan::{FormatError, Item, Kind, Plan, TimePart, header_key};

/// One row of a dialect's table.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// As written in a format: `%>a`, `%{Name}>h`. `Name` stands for any argument, and
    /// for a key `NAME` in [`Row::key`] is that argument in snake case.
    pub form: &'static str,
    /// The JSON key (`%r`'s four are `method`, `path`, `protocol` and `request`).
    pub key: &'static str,
    /// What its value is.
    pub kind: RowKind,
    /// What the server's documentation says it logs.
    pub doc: &'static str,
}

/// The types of the tables (Apache's `LogFormat` directives' and the dialects'), without
/// payloads (so the tables can be `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A literal `%`, no field.
    Percent,
    /// A client address or host name, written as logged; `-` is null.
    Host,
    /// A connection's status (`%X`): `X`, `+` or `-`, written as logged.
    Connection,
    /// A user name: `-` is null, `""` stays `""`.
    Name,
    /// Any text; `-` is null.
    Text,
    /// A whole record of text, spaces and all ([`Kind::Record`]); `-` is null.
    Record,
    /// The URL path, up to a `?`.
    UrlPath,
    /// The query string after a `?`; null when there is none.
    Query,
    /// The request line.
    Request,
    /// A three-digit status; `-` is null.
    Status,
    /// A count of bytes; `-` is 0 (CLF's `%b`).
    BytesClf,
    /// A whole number; `-` is null.
    Integer,
    /// A number with an optional fraction; `-` is null.
    Decimal,
    /// The Common Log Format time, in brackets.
    Clf,
    /// The Common Log Format time without its brackets.
    ClfInner,
    /// A time in the strftime format of the directive's argument.
    Strftime,
    /// Seconds since the epoch, a dot and milliseconds (`1286536308.779`).
    EpochMillis,
    /// Since the epoch, in units of 10^-n seconds.
    Epoch(u8),
    /// The fraction of the second, n digits.
    Fraction(u8),
}

impl RowKind {
    /// The plan's kind of a directive of this row; `None` for a literal `%`.
    pub fn kind(self, argument: Option<&str>) -> Option<Kind> {
        Some(match self {
            RowKind::Percent => return None,
            RowKind::Host => Kind::Host,
            RowKind::Connection => Kind::Connection,
            RowKind::Name => Kind::Name,
            RowKind::Text => Kind::Text,
            RowKind::Record => Kind::Record,
            RowKind::UrlPath => Kind::UrlPath,
            RowKind::Query => Kind::Query,
            RowKind::Request => Kind::Request,
            RowKind::Status => Kind::Status,
            RowKind::BytesClf => Kind::Integer { dash_is_zero: true },
            RowKind::Integer => Kind::Integer { dash_is_zero: false },
            RowKind::Decimal => Kind::Decimal,
            RowKind::Clf => Kind::Time(TimePart::Clf),
            RowKind::ClfInner => Kind::Time(TimePart::ClfInner),
            RowKind::Strftime => Kind::Time(TimePart::Strftime(argument?.to_string())),
            RowKind::EpochMillis => Kind::Time(TimePart::EpochFraction(3)),
            RowKind::Epoch(n) => Kind::Time(TimePart::Epoch(n)),
            RowKind::Fraction(n) => Kind::Time(TimePart::Fraction(n)),
        })
    }

    /// The JSON type and how a value is read, for the formats page's tables.
    pub fn describe(self) -> &'static str {
        match self {
            RowKind::Percent => "(a literal `%`)",
            RowKind::Host => "string, as logged (a comma-separated list reads too); `-` is null",
            RowKind::Connection => "string, as logged: `X`, `+` or `-`",
            RowKind::Name => "string; `-` is null, `\"\"` stays `\"\"`",
            RowKind::Text => "string; `-` is null, empty stays `\"\"`",
            RowKind::Record => "string, the whole record (spaces and all); `-` is null",
            RowKind::UrlPath => "string; `-` is null",
            RowKind::Query => "string without its `?`; null when there is none",
            RowKind::Request => "strings, split as in [the output](#the-output)",
            RowKind::Status => "integer; `-` is null",
            RowKind::BytesClf => "integer; `-` is 0",
            RowKind::Integer => "integer; `-` is null",
            RowKind::Decimal => "number as logged; `-` is null",
            RowKind::Clf | RowKind::ClfInner | RowKind::Epoch(0) => "RFC 3339 UTC string",
            RowKind::Strftime => "RFC 3339 UTC string; without a zone the time is UTC",
            RowKind::EpochMillis | RowKind::Epoch(3) => "RFC 3339 UTC string, with milliseconds",
            RowKind::Epoch(_) => "RFC 3339 UTC string, with microseconds",
            RowKind::Fraction(_) => "the fraction of `timestamp`'s second",
        }
    }
}

/// `key` with its `NAME` (if any) filled with `argument` in snake case.
pub fn named(key: &str, argument: Option<&str>) -> Option<String> {
    match key.strip_suffix("NAME") {
        Some(prefix) => header_key(prefix, argument?),
        None => Some(key.to_string()),
    }
}

/// A form's argument placeholder: `%{Name}>h` has one.
pub fn takes_argument(form: &str) -> bool {
    form.contains("{Name}") || form.contains("{format}")
}

/// A plan of `items` in Apache's escapes (each dialect quotes values as Apache does),
/// keys made distinct and the times checked as every reader's are.
pub fn plan(items: Vec<Item>) -> Result<Plan, FormatError> {
    Plan::checked(items, super::plan::Escape::Apache)
}

/// The text and the literal bytes collected so far, pushed as a literal when not empty.
pub fn flush(items: &mut Vec<Item>, literal: &mut Vec<u8>) {
    if !literal.is_empty() {
        items.push(Item::Literal(std::mem::take(literal)));
    }
}
