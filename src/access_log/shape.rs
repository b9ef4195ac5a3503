//! The shapes the matcher's scan reads: each directive's group as a byte-level step on
//! the regex's greedy path (a run up to a stop byte, an escaped or quoted text, digits, a
//! list, a time), what it expects where a line stops, and how short it can be. The
//! matcher ([`super::matcher`]) compiles a plan into these steps and runs them.

use regex::bytes::Regex;

use super::plan::{Directive, Escape, Kind, TimePart};
use super::strftime;

mod times;
use times::{clf_inner, clf_millis, rfc3339};

/// The fewest bytes a pattern matches (1 if it cannot be read, which only makes a bound
/// that uses it larger).
fn min_match_len(pattern: &str) -> usize {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()
        .and_then(|hir| hir.properties().minimum_len())
        .unwrap_or(1)
}

/// `(?:[^stop]|\\.)*` from `i`: Apache's escaped text.
#[inline]
fn escaped(line: &[u8], i: usize, stop: &[bool; 256]) -> usize {
    let mut j = i;
    loop {
        j = until(line, j, stop);
        if line.get(j) == Some(&b'\\') && j + 1 < line.len() {
            j += 2;
        } else {
            return j;
        }
    }
}

/// `(?:[^"\\]|\\.)*` from `i`: a whole quoted field, found with memchr.
#[inline]
fn quoted(line: &[u8], i: usize) -> usize {
    let mut j = i;
    loop {
        j += memchr::memchr2(b'"', b'\\', &line[j..]).unwrap_or(line.len() - j);
        if line.get(j) == Some(&b'\\') && j + 1 < line.len() {
            j += 2;
        } else {
            return j;
        }
    }
}

/// The end of the digits from `from`.
#[inline]
fn digits(line: &[u8], from: usize) -> usize {
    from + line[from..].iter().take_while(|b| b.is_ascii_digit()).count()
}

/// `[0-9]+(?:\.[0-9]+)?` from `i`, or empty when `empty`.
#[inline]
fn decimal(line: &[u8], i: usize, empty: bool) -> Option<usize> {
    let end = digits(line, i);
    if end == i {
        return (empty && nothing_at(line, i)).then_some(i);
    }
    match (line.get(end), line.get(end + 1)) {
        (Some(b'.'), Some(d)) if d.is_ascii_digit() => Some(digits(line, end + 1)),
        _ => Some(end),
    }
}

/// Whether a number that may be empty is empty at `i`: no word starts there (a word there
/// is a value that is no number, reported at its field).
#[inline]
fn nothing_at(line: &[u8], i: usize) -> bool {
    line.get(i).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// [`Shape::Commas`] from `i`.
#[inline]
fn commas(line: &[u8], i: usize, stop: &[bool; 256], empty: bool) -> Option<usize> {
    let run = |from: usize| until(line, from, stop);
    let mut end = run(i);
    if end == i {
        return empty.then_some(i);
    }
    while line[end - 1] == b',' {
        // A comma goes on after a space, with another run.
        if line.get(end) != Some(&b' ') {
            return None;
        }
        let next = run(end + 1);
        if next == end + 1 {
            return None;
        }
        end = next;
    }
    Some(end)
}

/// [`Shape::List`] from `i`.
#[inline]
fn list(line: &[u8], i: usize, stop: &[bool; 256], empty: bool) -> Option<usize> {
    let piece = |from: usize| until(line, from, stop);
    let mut end = piece(i);
    if end == i {
        return empty.then_some(i);
    }
    loop {
        // The separator, then a piece that is not empty; else the list ends.
        let after = match &line[end..] {
            [b' ', b':', b' ', ..] => end + 3,
            [b',', b' ', ..] => end + 2,
            _ => return Some(end),
        };
        let next = piece(after);
        if next == after {
            return Some(end);
        }
        end = next;
    }
}

/// A number right-aligned in spaces (Squid's `%6tr`), or `-`, from `i`.
#[inline]
fn padded(line: &[u8], i: usize) -> Option<usize> {
    let start = i + line[i..].iter().take_while(|&&b| b == b' ').count();
    match line.get(start) {
        Some(b'-') => Some(start + 1),
        _ => Some(digits(line, start)).filter(|&end| end > start),
    }
}

/// Seconds since the epoch, a dot and `n` fraction digits, from `i`.
#[inline]
fn epoch_fraction(line: &[u8], i: usize, n: usize) -> Option<usize> {
    let dot = digits(line, i);
    let end = dot + 1 + n;
    let fits = dot > i
        && line.get(dot) == Some(&b'.')
        && line.get(dot + 1..end).is_some_and(|f| f.iter().all(u8::is_ascii_digit));
    fits.then_some(end)
}

/// An address before `:port`, from `i`: a run up to a space, to its last `:`.
#[inline]
fn host_port(line: &[u8], i: usize) -> Option<usize> {
    // An address and port are a few bytes: one pass, not two calls to memchr.
    let (mut colon, mut end) = (None, line.len());
    for (at, &b) in line.iter().enumerate().skip(i) {
        match b {
            b' ' => {
                end = at;
                break;
            }
            b':' => colon = Some(at),
            _ => {}
        }
    }
    // Without a `:`, the run: the `:` the format has next is what the line lacks.
    colon.or(Some(end)).filter(|&at| at > i)
}

/// HAProxy's number from `i`: digits, `+` and digits (logged early), `-1` or `-`; a
/// status three digits.
#[inline]
fn haproxy_number(line: &[u8], i: usize, status: bool) -> Option<usize> {
    let start = match &line[i..] {
        [b'-', b'1', ..] => return Some(i + 2),
        [b'-', ..] => return Some(i + 1),
        [b'+', ..] if !status => i + 1,
        _ => i,
    };
    let end = digits(line, start);
    let fits = if status { end == start + 3 } else { end > start };
    fits.then_some(end)
}

/// HAProxy's captured headers from `i`: `{...}` and the space after it, or nothing.
#[inline]
fn braced(line: &[u8], i: usize) -> Option<usize> {
    if line.get(i) != Some(&b'{') {
        return Some(i);
    }
    // Captured headers are a few bytes: a loop, not a call to memchr.
    match line[i + 1..].iter().position(|&b| b == b'}').map(|at| i + 1 + at + 1) {
        Some(end) if line.get(end) == Some(&b' ') => Some(end + 1),
        Some(end) => Some(end),
        None => Some(i),
    }
}

/// Whether a status's three digits stand at `i`; without `lead_zero` (before a number) a
/// `0` starts only `000`.
#[inline]
fn status_digits(line: &[u8], i: usize, lead_zero: bool) -> bool {
    line.get(i..i + 3)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit) && (lead_zero || d[0] != b'0' || d == b"000"))
}

/// Where the run of bytes from `from` that are not in `stop` ends.
#[inline]
pub(crate) fn until(line: &[u8], from: usize, stop: &[bool; 256]) -> usize {
    from + line[from..].iter().take_while(|&&b| !stop[usize::from(b)]).count()
}

/// Where the scan stopped: at which step, at which byte of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    pub(crate) step: usize,
    pub(crate) at: usize,
}

/// A value nginx logs for a variable that has none (`-`), or that the JSON and no-escape
/// modes leave empty: null.
pub(crate) fn is_missing(text: &[u8]) -> bool {
    text == b"-" || text.is_empty()
}

/// One step of the scan: the regex's greedy path through a literal or a directive.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    Literal(Vec<u8>),
    Field { group: usize, shape: Shape, position: u16 },
}

/// What a directive's group matches, as the scan reads it.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// `[^stop]+` (or `*`).
    Run { stop: Box<[bool; 256]>, non_empty: bool },
    /// `(?:[^stop]|\\.)*`: Apache's escaped text, `stop` holding `"` and `\`.
    Escaped { stop: Box<[bool; 256]> },
    /// `(?:[^"\\]|\\.)*`: a whole quoted field (the common case, found with memchr).
    Quoted,
    /// `"(?:[^"\\]|\\.)*"|-`: a quoted field, or a bare `-` for none (S3's); with
    /// `token`, `"(?:[^"\\]|\\.)*"|[^ "]+`: or any bare word (ALB's target lists, as
    /// AWS's page printed them in 2020-21).
    QuotedOrDash { token: bool },
    /// `(?:\?text)?`.
    Query(Box<Shape>),
    /// `[0-9]{n}`.
    Digits(usize),
    /// `[0-9]+`.
    Number,
    /// `[0-9]+|-`, and empty when `empty`.
    NumberOrDash { empty: bool },
    /// `[0-9]{3}|-`, and empty when `empty`; a lone `0` too when `zero` (the code Envoy
    /// and Squid log when no response was sent). Without `lead_zero`, three digits that
    /// start with `0` are only `000` (before a number, `0512` is no status `051`).
    StatusOrDash { empty: bool, zero: bool, lead_zero: bool },
    /// `[0-9]+(?:\.[0-9]+)?|-`, and empty when `empty`.
    Decimal { empty: bool },
    /// `-1|[0-9]+(?:\.[0-9]+)?|-`.
    Timing,
    /// ` *(?:[0-9]+|-)`: a number right-aligned in spaces.
    Padded,
    /// `[0-9]+\.[0-9]{n}`: seconds since the epoch and n fraction digits (nginx's `$msec`,
    /// Squid's `%ts.%03tu`).
    EpochFraction(usize),
    /// nginx's upstream lists: `P(?:(?:, | : )P)*` with `P` a run of bytes not in `stop`
    /// (which holds `,`); the whole may be empty when `empty`.
    List { stop: Box<[bool; 256]>, empty: bool },
    /// An address or text where a list may stand: `(?:R*,\x20)*R*[^stop,]` with `R` a
    /// byte not in `stop`: a run, and while it ends in a comma, a space and another run.
    /// It cannot end in a comma. May be empty when `empty`.
    Commas { stop: Box<[bool; 256]>, empty: bool },
    /// A time of fixed width, byte by byte: `0` a digit, any other byte itself (a W3C
    /// `date`'s `0000-00-00`, `time`'s `00:00:00`).
    Fixed(&'static [u8]),
    /// `\[[^\]]*\]` (Apache's `%t`, whose inside is 26 bytes; with `dash`, Traefik's,
    /// which may be `[-]`, and is never empty: `\[[^\]]+\]`).
    Bracketed { dash: bool },
    /// `.*`.
    Rest,
    /// `-`.
    Dash,
    /// `\??`: nginx's `$is_args`.
    IsArgs,
    /// `%t`'s inside, nginx's `$time_local`: `dd/Mon/yyyy:HH:MM:SS +zzzz`, byte by byte.
    ClfInner,
    /// RFC 3339 (AWS's times), byte by byte: [`rfc3339`].
    Rfc3339,
    /// HAProxy's `%t`: `dd/Mon/yyyy:HH:MM:SS.mmm`, byte by byte.
    ClfMillis,
    /// An address before `:port` (HAProxy's `%ci:%cp`, Squid's `%>a:%>p`): a run up to a space, to its last
    /// `:` (an IPv6 address has colons of its own).
    HostPort,
    /// HAProxy's numbers: `[0-9]+`, `+[0-9]+` (logged early), `-1` or `-`; a status has
    /// three digits.
    HaproxyNumber {
        /// Three digits.
        status: bool,
    },
    /// HAProxy's captured headers: `\{[^}]*\} ?` (the separator after the braces is
    /// theirs: HAProxy writes neither when no header is captured), or nothing.
    Braced,
    /// HAProxy's CLF captured headers closing a line: nothing, or a space and the rest.
    SpacedRest,
    /// Anything else (a strftime format): its regex, anchored, on the rest of the line.
    Regex(Regex),
}

impl Shape {
    /// Where the group ends if it starts at `i`, on the greedy path.
    #[inline(always)]
    pub(crate) fn read(&self, line: &[u8], i: usize) -> Option<usize> {
        let digits = |from: usize| digits(line, from);
        match self {
            Shape::Run { stop, non_empty } => {
                let end = until(line, i, stop);
                (end > i || !non_empty).then_some(end)
            }
            Shape::Escaped { stop } => Some(escaped(line, i, stop)),
            Shape::Quoted => Some(quoted(line, i)),
            Shape::QuotedOrDash { token } => match line.get(i) {
                Some(b'"') => {
                    let end = quoted(line, i + 1);
                    (line.get(end) == Some(&b'"')).then_some(end + 1)
                }
                Some(_) if *token => {
                    let end =
                        line[i..].iter().position(|&b| b == b' ' || b == b'"').map_or(line.len(), |n| i + n);
                    (end > i).then_some(end)
                }
                Some(b'-') => Some(i + 1),
                _ => None,
            },
            Shape::Query(text) => match line.get(i) {
                Some(b'?') => text.read_query(line, i + 1),
                // Tomcat's `%q` writes `-` for a request without a query string.
                Some(b'-') => Some(i + 1),
                _ => Some(i),
            },
            Shape::Digits(n) => {
                let end = i + n;
                (end <= line.len() && line[i..end].iter().all(u8::is_ascii_digit)).then_some(end)
            }
            Shape::Number => Some(digits(i)).filter(|&end| end > i),
            Shape::NumberOrDash { empty } => match line.get(i) {
                Some(b'-') => Some(i + 1),
                _ => Some(digits(i)).filter(|&end| end > i || *empty && nothing_at(line, i)),
            },
            Shape::StatusOrDash { empty, zero, lead_zero } => match line.get(i) {
                Some(b'-') => Some(i + 1),
                _ if status_digits(line, i, *lead_zero) => Some(i + 3),
                Some(b'0') if *zero => Some(i + 1),
                _ => (*empty && nothing_at(line, i)).then_some(i),
            },
            Shape::Decimal { empty } => match line.get(i) {
                Some(b'-') => Some(i + 1),
                _ => decimal(line, i, *empty),
            },
            Shape::Timing => match line.get(i..i + 2) {
                Some(b"-1") => Some(i + 2),
                _ if line.get(i) == Some(&b'-') => Some(i + 1),
                _ => decimal(line, i, false),
            },
            Shape::Padded => padded(line, i),
            Shape::EpochFraction(n) => epoch_fraction(line, i, *n),
            Shape::Commas { stop, empty } => commas(line, i, stop, *empty),
            Shape::List { stop, empty } => list(line, i, stop, *empty),
            Shape::Bracketed { dash } => {
                if line.get(i) != Some(&b'[') {
                    return None;
                }
                memchr::memchr(b']', &line[i + 1..]).filter(|&at| at > 0 || !dash).map(|at| i + 1 + at + 1)
            }
            Shape::Rest => Some(line.len()),
            Shape::Fixed(form) => {
                let text = line.get(i..i + form.len())?;
                let fits = |(&f, &b): (&u8, &u8)| if f == b'0' { b.is_ascii_digit() } else { f == b };
                form.iter().zip(text).all(fits).then_some(i + form.len())
            }
            Shape::Dash => (line.get(i) == Some(&b'-')).then_some(i + 1),
            Shape::ClfInner => clf_inner(line, i),
            Shape::Rfc3339 => rfc3339(line, i),
            Shape::ClfMillis => clf_millis(line, i),
            Shape::IsArgs => Some(i + usize::from(line.get(i) == Some(&b'?'))),
            Shape::HostPort => host_port(line, i),
            Shape::HaproxyNumber { status } => haproxy_number(line, i, *status),
            Shape::Braced => braced(line, i),
            Shape::SpacedRest => Some(if line.get(i) == Some(&b' ') { line.len() } else { i }),
            Shape::Regex(re) => re.find(&line[i..]).map(|m| i + m.end()),
        }
    }

    /// [`Shape::read`] of a query's text, a call of its own: a shape inside a shape would
    /// keep [`Shape::read`] from being inlined into the scan.
    #[inline(never)]
    fn read_query(&self, line: &[u8], i: usize) -> Option<usize> {
        self.read(line, i)
    }

    /// Whether no value this shape reads can hold `byte`, a control byte (a W3C line's
    /// tab): numbers, times and dashes hold none; a run none of its stop bytes.
    pub(crate) fn excludes(&self, byte: u8) -> bool {
        match self {
            Shape::Run { stop, .. } | Shape::Escaped { stop } => stop[usize::from(byte)],
            Shape::List { stop, .. } | Shape::Commas { stop, .. } => stop[usize::from(byte)],
            Shape::Query(text) => text.excludes(byte),
            Shape::Fixed(form) => !form.contains(&byte),
            Shape::Digits(_) | Shape::Number | Shape::NumberOrDash { .. } | Shape::StatusOrDash { .. } => {
                true
            }
            Shape::Decimal { .. } | Shape::Timing | Shape::EpochFraction(_) | Shape::HaproxyNumber { .. } => {
                true
            }
            Shape::Padded | Shape::Dash | Shape::IsArgs => byte != b' ',
            Shape::ClfInner | Shape::Rfc3339 | Shape::ClfMillis => byte.is_ascii_control(),
            Shape::Quoted
            | Shape::QuotedOrDash { .. }
            | Shape::Bracketed { .. }
            | Shape::Rest
            | Shape::HostPort => false,
            Shape::Braced | Shape::SpacedRest | Shape::Regex(_) => false,
        }
    }

    /// The fewest bytes this shape reads (a time's strftime: at least one).
    pub(crate) fn min_len(&self) -> usize {
        match self {
            Shape::Run { non_empty, .. } => usize::from(*non_empty),
            Shape::List { empty, .. } | Shape::Commas { empty, .. } => usize::from(!*empty),
            Shape::Escaped { .. } | Shape::Quoted | Shape::Query(_) | Shape::Rest | Shape::IsArgs => 0,
            Shape::Braced | Shape::SpacedRest => 0,
            Shape::HostPort | Shape::HaproxyNumber { .. } | Shape::QuotedOrDash { .. } => 1,
            Shape::Digits(n) => *n,
            Shape::Fixed(form) => form.len(),
            Shape::Number | Shape::Dash | Shape::Timing | Shape::Padded => 1,
            Shape::EpochFraction(n) => 2 + n,
            Shape::Regex(re) => min_match_len(re.as_str()),
            Shape::NumberOrDash { empty } | Shape::StatusOrDash { empty, .. } | Shape::Decimal { empty } => {
                usize::from(!*empty)
            }
            // `[10/Oct/2000:13:55:36 -0700]`: the time is checked after the match.
            // Traefik's dropped time is `[-]`.
            Shape::Bracketed { dash: true } => 3,
            Shape::Bracketed { dash: false } => 2 + crate::timestamp::CLF_TIME_LEN,
            Shape::ClfInner => crate::timestamp::CLF_TIME_LEN,
            // `2018-07-02T22:23:00Z`.
            Shape::Rfc3339 => 20,
            Shape::ClfMillis => 24,
        }
    }

    /// What this shape reads, for a line's error.
    pub(crate) fn expects(&self) -> &'static str {
        match self {
            Shape::Run { .. } | Shape::List { .. } | Shape::Commas { .. } | Shape::HostPort => "value",
            Shape::Braced | Shape::SpacedRest => "captured headers",
            Shape::HaproxyNumber { status: true } => "status",
            Shape::HaproxyNumber { status: false } => "number",
            Shape::Escaped { .. } | Shape::Quoted | Shape::Query(_) | Shape::Rest | Shape::IsArgs => "text",
            Shape::Dash => "-",
            Shape::QuotedOrDash { token: false } => "quoted text or -",
            Shape::QuotedOrDash { token: true } => "quoted text or a word",
            Shape::Digits(_)
            | Shape::Regex(_)
            | Shape::Bracketed { .. }
            | Shape::ClfInner
            | Shape::Rfc3339
            | Shape::Fixed(_)
            | Shape::EpochFraction(_)
            | Shape::ClfMillis => "time",
            Shape::Number
            | Shape::NumberOrDash { .. }
            | Shape::Decimal { .. }
            | Shape::Timing
            | Shape::Padded => "number",
            Shape::StatusOrDash { .. } => "status",
        }
    }
}

/// The regex for one directive (without its group), and how the scan reads it.
///
/// Outside quotes a value runs to the next space or literal byte. A host or text there
/// may be a comma-separated list (`10.0.0.2, 10.0.0.1`); text and lists may be empty
/// when a literal other than a space ends them (`[$proxy_alternative_upstream_name]`
/// logs `[]`), where an empty value cannot be mistaken for a missing field.
///
/// Text between `[` and `]` (Squid's MIME headers, `[%[>h]`) runs to the `]`, spaces and
/// all. A status touching the field before it (`$remote_addr$status`) or after it
/// (`%>s%b`, `before_field`) is three digits: a lone `0` there would take a digit from
/// that field's end, or be read with the next one's first two.
pub(crate) fn shape(
    d: &Directive,
    in_quotes: bool,
    (after, before_field): (After, bool),
    next_literal: Option<&[u8]>,
    escape: Escape,
) -> Result<(String, Shape), String> {
    if after == After::Bracket && d.kind == Kind::Text && next_literal.is_some_and(|l| l.starts_with(b"]")) {
        return Ok(bracketed());
    }
    let at = Place::new(in_quotes, next_literal, escape);
    // nginx's json and none modes write nothing for a missing value.
    let empty_number = matches!(escape, Escape::Json | Escape::None);
    let may_be_empty = at.next.is_none_or(|n| n != b' ');
    let dash = |re: &str| if empty_number { format!("(?:{re}|-)?") } else { format!("{re}|-") };
    if escape == Escape::Haproxy
        && let Some(haproxy) = haproxy_shape(d, next_literal)
    {
        return Ok(haproxy);
    }
    Ok(match &d.kind {
        Kind::Time(part) | Kind::TimeText(part) => time_shape(part)?,
        Kind::Status => status(empty_number, after != After::Field && !before_field, !before_field),
        Kind::Integer { .. } => (dash("[0-9]+"), Shape::NumberOrDash { empty: empty_number }),
        Kind::Decimal => (dash("[0-9]+(?:\\.[0-9]+)?"), Shape::Decimal { empty: empty_number }),
        Kind::Timing => ("-1|[0-9]+(?:\\.[0-9]+)?|-".into(), Shape::Timing),
        // A W3C query is a field of its own, without its `?`.
        Kind::Query if matches!(escape, Escape::Url | Escape::Plus) => at.list(false, may_be_empty, false),
        Kind::Padded => (" *(?:[0-9]+|-)".into(), Shape::Padded),
        Kind::Query => {
            let (re, shape) = at.text(&[], false);
            (format!("(?:\\?{re}|-)?"), Shape::Query(Box::new(shape)))
        }
        // A W3C stem is a field of its own; CloudFront's real-time one carries its query.
        Kind::UrlPath if matches!(escape, Escape::Url | Escape::Plus) => at.text(&[], true),
        Kind::UrlPath => at.text(b"?", true),
        Kind::Request | Kind::Record if !in_quotes => match at.next {
            // Outside quotes a request line (which has spaces) runs to the next literal.
            Some(n) => {
                let mut stop = Box::new([false; 256]);
                stop[usize::from(n)] = true;
                (format!("[^\\x{n:02x}]*"), Shape::Run { stop, non_empty: false })
            }
            None => (".*".into(), Shape::Rest),
        },
        // An address before `:port` (Squid's `%>a:%>p`, nginx's `$remote_addr:$remote_port`):
        // to its last `:`, so an IPv6 address's own colons are its.
        Kind::Host if !in_quotes && next_literal.is_some_and(|l| l.starts_with(b":")) => {
            ("[^ ]+".into(), Shape::HostPort)
        }
        Kind::Host => at.list(false, false, true),
        // One address and its port, split after the match (`Matcher::split_endpoints`).
        Kind::Endpoint { .. } => at.text(&[], true),
        Kind::Text | Kind::Record => at.list(false, may_be_empty, false),
        Kind::List => at.list(true, may_be_empty, false),
        Kind::Name | Kind::Connection | Kind::Request | Kind::UrlRequest => at.text(&[], true),
        Kind::Dash => ("-".into(), Shape::Dash),
        Kind::IsArgs => ("\\??".into(), Shape::IsArgs),
        Kind::Route => {
            // A word, then ` /` and the rest of a path: one regex step, no backtracking.
            let (class, _) = at.class(b" ");
            let re = format!("{class}+(?: /{class}*)?");
            let anchored = Regex::new(&format!("(?s-u)^(?:{re})")).map_err(|e| e.to_string())?;
            (re, Shape::Regex(anchored))
        }
        Kind::Captured { list: false } => ("(?:\\{[^}]*\\} ?)?".into(), Shape::Braced),
        Kind::Captured { list: true } => ("(?: .*)?".into(), Shape::SpacedRest),
    })
}

/// What a field follows in its format.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    /// A literal, or the line's start.
    #[default]
    Literal,
    /// A literal ending in `[`, outside quotes.
    Bracket,
    /// Another field, touching it.
    Field,
}

impl After {
    /// After the literal `bytes` (`in_quotes`: whether it leaves the line inside quotes).
    pub(crate) fn literal(bytes: &[u8], in_quotes: bool) -> After {
        if !in_quotes && bytes.ends_with(b"[") { After::Bracket } else { After::Literal }
    }
}

/// A status: three digits or `-` (and empty when `empty`), and with `zero` a lone `0`, the
/// code Envoy (`%RESPONSE_CODE%`) and Squid (`%>Hs`) log when no response was sent.
/// Without `lead_zero` (a status touching the number after it, `%>s%b`) three digits
/// starting with `0` are `000` only: `0512` is a lone `0` before `512`, which that place
/// cannot tell, not the status `051` before `2`.
fn status(empty: bool, zero: bool, lead_zero: bool) -> (String, Shape) {
    let digits = match (zero, lead_zero) {
        (true, true) => "[0-9]{3}|0",
        (false, true) => "[0-9]{3}",
        (true, false) => "[1-9][0-9]{2}|000|0",
        (false, false) => "[1-9][0-9]{2}|000",
    };
    let re = if empty { format!("(?:{digits}|-)?") } else { format!("{digits}|-") };
    (re, Shape::StatusOrDash { empty, zero, lead_zero })
}

/// A text field between brackets (`[%[>h]`: Squid's MIME headers, spaces and all, its
/// `]` written `%5D`): a run to the `]`.
fn bracketed() -> (String, Shape) {
    let mut stop = Box::new([false; 256]);
    stop[usize::from(b']')] = true;
    ("[^\\]]*".into(), Shape::Run { stop, non_empty: false })
}

/// The shapes of HAProxy's own values: its numbers (`-1`, `+243`), an address before
/// `:port`, captured headers that own the space after them; `None` for the shared ones.
fn haproxy_shape(d: &Directive, next_literal: Option<&[u8]>) -> Option<(String, Shape)> {
    Some(match &d.kind {
        Kind::Status => ("[0-9]{3}|-1|-".into(), Shape::HaproxyNumber { status: true }),
        Kind::Integer { .. } => ("\\+?[0-9]+|-1|-".into(), Shape::HaproxyNumber { status: false }),
        // `%ts` is always two characters (`--`, `cD`), and `option tcplog clf` glues `--`
        // to it (`%ts--`): read by its width, not up to the next literal.
        Kind::Text if d.text == "%ts" && next_literal.is_some_and(|l| !l.starts_with(b" ")) => {
            let anchored = Regex::new("(?s-u)^(?:[^ ]{2})").ok()?;
            ("[^ ]{2}".into(), Shape::Regex(anchored))
        }
        _ => return None,
    })
}

/// A time directive's pattern and shape.
fn time_shape(part: &TimePart) -> Result<(String, Shape), String> {
    Ok(match part {
        TimePart::Clf => (strftime::regex(&TimePart::Clf)?, Shape::Bracketed { dash: false }),
        TimePart::ClfOrDash => (strftime::regex(&TimePart::ClfOrDash)?, Shape::Bracketed { dash: true }),
        TimePart::Epoch(_) => ("[0-9]+".into(), Shape::Number),
        TimePart::Fraction(n) => (format!("[0-9]{{{n}}}"), Shape::Digits(usize::from(*n))),
        TimePart::ClfInner => (strftime::regex(&TimePart::ClfInner)?, Shape::ClfInner),
        TimePart::Rfc3339 => (strftime::regex(&TimePart::Rfc3339)?, Shape::Rfc3339),
        // A W3C log's `date` and `time`.
        TimePart::Strftime(f) if f == "%Y-%m-%d" => {
            ("[0-9]{4}-[0-9]{2}-[0-9]{2}".into(), Shape::Fixed(b"0000-00-00"))
        }
        TimePart::Strftime(f) if f == "%H:%M:%S" => {
            ("[0-9]{2}:[0-9]{2}:[0-9]{2}".into(), Shape::Fixed(b"00:00:00"))
        }
        TimePart::EpochFraction(n) => (strftime::regex(part)?, Shape::EpochFraction(usize::from(*n))),
        TimePart::ClfMillis => (strftime::regex(&TimePart::ClfMillis)?, Shape::ClfMillis),
        part => {
            let re = strftime::regex(part)?;
            let anchored = Regex::new(&format!("(?s-u)^(?:{re})")).map_err(|e| e.to_string())?;
            (re, Shape::Regex(anchored))
        }
    })
}

/// Where a directive stands: inside quotes or not, the server's escapes, the literal
/// after it, and so the bytes a text value there stops at.
struct Place<'a> {
    stop: Vec<u8>,
    in_quotes: bool,
    escape: Escape,
    next_literal: Option<&'a [u8]>,
    next: Option<u8>,
}

impl<'a> Place<'a> {
    fn new(in_quotes: bool, next_literal: Option<&'a [u8]>, escape: Escape) -> Place<'a> {
        let next = next_literal.and_then(|l| l.first().copied());
        let mut stop: Vec<u8> = if in_quotes {
            match escape {
                Escape::None | Escape::Envoy => vec![b'"'],
                _ => vec![b'"', b'\\'],
            }
        } else if escape == Escape::Url {
            // A W3C line with tabs is split at its tabs alone: a space is a value's.
            Vec::new()
        } else {
            vec![b' ']
        };
        // A W3C line's tab separates its fields, the last one's from fields added later
        // (kept as `extra`) too.
        let tab = (escape == Escape::Url).then_some(b'\t');
        for n in next.into_iter().chain(tab) {
            if !stop.contains(&n) {
                stop.push(n);
            }
        }
        Place { stop, in_quotes, escape, next_literal, next }
    }

    /// `[^stop extra]` and its table.
    fn class(&self, extra: &[u8]) -> (String, Box<[bool; 256]>) {
        let mut s = String::from("[^");
        let mut table = Box::new([false; 256]);
        for &b in self.stop.iter().chain(extra) {
            super::push_escaped(&mut s, &[b]);
            table[usize::from(b)] = true;
        }
        s.push(']');
        (s, table)
    }

    /// A text value: escaped or quoted inside quotes, else a run.
    fn text(&self, extra: &[u8], non_empty: bool) -> (String, Shape) {
        let (class, stop) = self.class(extra);
        let escapes = !matches!(self.escape, Escape::None | Escape::Envoy);
        if self.in_quotes && escapes && stop.iter().filter(|&&b| b).count() == 2 {
            (format!("(?:{class}|\\\\.)*"), Shape::Quoted)
        } else if self.in_quotes && escapes {
            (format!("(?:{class}|\\\\.)*"), Shape::Escaped { stop })
        } else {
            (format!("{class}{}", if non_empty { "+" } else { "*" }), Shape::Run { stop, non_empty })
        }
    }

    /// A list outside quotes: pieces without a comma, joined by `, ?` (or nginx's `, `
    /// and ` : `). Where the next literal could be read as a separator, one run. Fields
    /// that touch (no literal between) split where a host ends: at a `/`
    /// (`$host$request_uri`).
    fn list(&self, colon: bool, empty: bool, host: bool) -> (String, Shape) {
        let touching: &[u8] = if self.next_literal.is_none() { b"/" } else { b"" };
        let extra: &[u8] = if host { touching } else { b"" };
        let ambiguous = match self.next_literal {
            Some(l) if colon => l.starts_with(b", ") || l.starts_with(b" : "),
            Some(l) => l.starts_with(b","),
            None => false,
        };
        // A W3C line with tabs: a field is what is between its tabs (`x,` too), never a
        // list read by its separators.
        if self.in_quotes || ambiguous || self.escape == Escape::Url {
            return self.text(extra, !empty);
        }
        let optional = |re: String| if empty { format!("(?:{re})?") } else { re };
        if colon {
            let (class, stop) = self.class(&[b",", extra].concat());
            let re = optional(format!("{class}+(?:(?:, | : ){class}+)*"));
            return (re, Shape::List { stop, empty });
        }
        let (last, _) = self.class(&[b",", extra].concat());
        let (run, stop) = self.class(extra);
        let re = optional(format!("(?:{run}*,\\x20)*{run}*{last}"));
        (re, Shape::Commas { stop, empty })
    }
}
