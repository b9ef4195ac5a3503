//! Tomcat's AccessLogValve patterns (`pattern="..."` in server.xml), read into a [`Plan`]:
//! the letters of a pattern, in order, each with the JSON key and type it becomes
//! ([`LETTERS`]).
//!
//! A pattern is told by its form: `pattern="` (the attribute as copied from server.xml,
//! alone or inside its `<Valve ... />` element), whose XML entities (`&quot;`, `&amp;`,
//! `&lt;`, `&gt;`, `&apos;`) are undone; its shorthands `common` and `combined` read as
//! Tomcat defines them. The nickname `tomcat` is the default pattern, `common`.
//!
//! A letter is `%`, an optional `{argument}`, and the letter. Where Tomcat's letter means
//! Apache's, it writes Apache's key (`%h` is `host`, `%b` is `bytes`). `%D` is
//! microseconds, as Tomcat 10.1 and later log it (Tomcat 9 and earlier logged
//! milliseconds there: use `%{ms}T` in their patterns). `%{xxx}t` is a SimpleDateFormat,
//! with `begin:` or `end:` before it (which time Tomcat took, not how it wrote it), or
//! `sec`, `msec`, `msec_frac`; its letters become a strftime format, and `SSS` the
//! millisecond fraction beside it.
//!
//! Sentences are Tomcat's, from the AccessLogValve's documentation
//! (<https://tomcat.apache.org/tomcat-11.0-doc/config/valve.html#Access_Log_Valve>).

use super::dialect::{self, Row, RowKind};
use super::plan::{Directive, FormatError, Header, Item, Kind, Plan, TimePart};

/// The nickname of Tomcat's default pattern, `common`.
pub const NICKNAME: &str = "tomcat";

/// Tomcat's shorthand patterns.
const COMMON: &str = r#"%h %l %u %t "%r" %s %b"#;
const COMBINED: &str = r#"%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-Agent}i""#;

macro_rules! letter {
    ($form:literal, $key:literal, $kind:ident $(($n:literal))?, $doc:literal) => {
        Row { form: $form, key: $key, kind: RowKind::$kind $(($n))?, doc: $doc }
    };
}

/// The letters firelog reads, with Tomcat's words for each.
pub const LETTERS: &[Row] = &[
    letter!("%%", "", Percent, "a literal %"),
    letter!("%a", "client_ip", Host, "Remote IP address."),
    letter!("%{remote}a", "client_ip", Host, "Remote IP address (the client)."),
    letter!("%{peer}a", "peer_ip", Host, "Connection peer address."),
    letter!("%A", "server_ip", Host, "Local IP address"),
    letter!("%b", "bytes", BytesClf, "Bytes sent, excluding HTTP headers, or '-' if zero"),
    letter!("%B", "bytes", Integer, "Bytes sent, excluding HTTP headers"),
    letter!("%{Name}c", "cookie_NAME", Text, "write value of cookie with name xxx"),
    letter!("%D", "duration_us", Integer, "Time taken to process the request in microseconds"),
    letter!("%F", "commit_ms", Integer, "Time taken to commit the response, in milliseconds"),
    letter!(
        "%h",
        "host",
        Host,
        "Remote host name (or IP address if enableLookups for the connector is false)"
    ),
    letter!("%H", "protocol", Text, "Request protocol"),
    letter!("%{Name}i", "NAME", Text, "write value of incoming header with name xxx"),
    letter!("%I", "thread_name", Text, "Current request thread name (can compare later with stacktraces)"),
    letter!("%l", "ident", Name, "Remote logical username from identd (always returns '-')"),
    letter!("%m", "method", Text, "Request method (GET, POST, etc.)"),
    letter!("%{Name}o", "response_NAME", Text, "write value of outgoing header with name xxx"),
    letter!("%p", "port", Integer, "Local port on which this request was received."),
    letter!("%{local}p", "port", Integer, "write local (server) port"),
    letter!("%{remote}p", "remote_port", Integer, "write remote (client) port"),
    letter!("%q", "query", Query, "Query string (prepended with a '?' if it exists)"),
    letter!("%r", "request", Request, "First line of the request (method and request URI)"),
    letter!("%{Name}r", "attribute_NAME", Text, "write value of the ServletRequest attribute with name xxx"),
    letter!("%s", "status", Status, "HTTP status code of the response"),
    letter!("%S", "session_id", Text, "User session ID"),
    letter!("%{Name}s", "session_NAME", Text, "write value of the HttpSession attribute with name xxx"),
    letter!("%t", "timestamp", Clf, "Date and time, in Common Log Format"),
    letter!(
        "%{format}t",
        "timestamp",
        Strftime,
        "write timestamp at the end of the request formatted using the enhanced SimpleDateFormat pattern xxx"
    ),
    letter!("%{sec}t", "timestamp", Epoch(0), "number of seconds since the epoch"),
    letter!("%{msec}t", "timestamp", Epoch(3), "number of milliseconds since the epoch"),
    letter!("%{msec_frac}t", "timestamp", Fraction(3), "millisecond fraction"),
    letter!("%T", "duration_s", Integer, "Time taken to process the request, in seconds"),
    letter!("%{ns}T", "duration_ns", Integer, "write time taken to process the request, in nanoseconds"),
    letter!("%{us}T", "duration_us", Integer, "write time taken to process the request, in microseconds"),
    letter!("%{ms}T", "duration_ms", Integer, "write time taken to process the request, in milliseconds"),
    letter!(
        "%{fractional}T",
        "duration_s",
        Decimal,
        "write time taken to process the request, in seconds with a fraction"
    ),
    letter!("%u", "user", Name, "Remote user that was authenticated (if any), else '-'"),
    letter!("%U", "path", UrlPath, "Requested URL path"),
    letter!("%v", "vhost", Host, "Local server name"),
    letter!(
        "%X",
        "connection_status",
        Connection,
        "Connection status when response is completed: X = Connection aborted before the response completed. + = Connection may be kept alive after the response is sent. - = Connection will be closed after the response is sent."
    ),
];

/// A format in Tomcat's form: `tomcat`, or text with a `pattern="..."` attribute; `None`
/// for any other text.
pub fn read(text: &str) -> Option<Result<Plan, FormatError>> {
    let text = text.trim();
    if text == NICKNAME {
        return Some(parse(COMMON, 0));
    }
    let at = text.find("pattern=")?;
    let value = &text[at + "pattern=".len()..];
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let inner = &value[1..];
    let Some(end) = inner.find(quote) else {
        return Some(Err(FormatError(format!("the pattern's {quote} is not closed"))));
    };
    let pattern = unescape_xml(&inner[..end]);
    let offset = text[..at].chars().count() + "pattern=\"".len();
    Some(match pattern.as_str() {
        "common" => parse(COMMON, 0),
        "combined" => parse(COMBINED, 0),
        _ => parse(&pattern, offset),
    })
}

/// XML's five entities undone, as Tomcat reads server.xml.
fn unescape_xml(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Reads Tomcat's letters (`offset`: how many characters come before them).
pub fn parse(pattern: &str, offset: usize) -> Result<Plan, FormatError> {
    let mut items = Vec::new();
    let mut literal = Vec::new();
    let mut chars = pattern.chars().enumerate().peekable();
    while let Some((n, c)) = chars.next() {
        if c != '%' {
            let mut utf8 = [0; 4];
            literal.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            continue;
        }
        let position = offset + n + 1;
        let mut argument = None;
        if chars.peek().is_some_and(|(_, c)| *c == '{') {
            chars.next();
            let mut arg = String::new();
            loop {
                match chars.next() {
                    Some((_, '}')) => break,
                    Some((_, c)) => arg.push(c),
                    None => {
                        return Err(FormatError(format!(
                            "the {{ of the letter at position {position} is not closed"
                        )));
                    }
                }
            }
            argument = Some(arg);
        }
        let Some((_, letter)) = chars.next() else {
            return Err(FormatError(format!("the % at position {position} ends the pattern")));
        };
        let text = match &argument {
            Some(arg) => format!("%{{{arg}}}{letter}"),
            None => format!("%{letter}"),
        };
        if letter == '%' && argument.is_none() {
            literal.push(b'%');
            continue;
        }
        dialect::flush(&mut items, &mut literal);
        if letter == 't'
            && let Some(arg) = &argument
        {
            items.extend(time(&text, arg, position)?);
            continue;
        }
        let (row, argument) = row(letter, argument.as_deref()).ok_or_else(|| {
            FormatError(format!(
                "{text} at position {position} is not a letter firelog reads (it reads {})",
                supported()
            ))
        })?;
        let key = dialect::named(row.key, argument)
            .ok_or_else(|| FormatError(format!("{text} at position {position} needs a name")))?;
        let alt_key = match row.form {
            "%{Name}i" => dialect::named("http_NAME", argument),
            "%{Name}o" => dialect::named("sent_http_NAME", argument),
            _ => None,
        };
        let kind = row.kind.kind(argument).ok_or_else(|| FormatError(format!("{text} is no field")))?;
        let header = match (letter, argument) {
            ('i', Some(name)) => Some(Header::request(name)),
            ('o', Some(name)) => Some(Header::response(name)),
            _ => None,
        };
        items.push(Item::Directive(Directive { text, position, key, alt_key, kind, header }));
    }
    dialect::flush(&mut items, &mut literal);
    dialect::plan(items)
}

/// The row of a letter with its argument: one that names the argument, else one with a
/// placeholder.
fn row(letter: char, argument: Option<&str>) -> Option<(&'static Row, Option<&str>)> {
    let fits = |r: &&Row| {
        let form = r.form.strip_prefix('%').unwrap_or(r.form);
        match (form.strip_prefix('{').and_then(|f| f.split_once('}')), argument) {
            (None, None) => form.chars().eq(std::iter::once(letter)),
            (Some((want, l)), Some(got)) => {
                l.chars().eq(std::iter::once(letter)) && (want == got || want == "Name")
            }
            _ => false,
        }
    };
    let mut rows: Vec<&Row> = LETTERS.iter().filter(fits).collect();
    rows.sort_by_key(|r| r.form.contains("{Name}"));
    rows.first().map(|r| (*r, argument))
}

/// `%{xxx}t`'s items: `begin:`/`end:` aside, `sec`, `msec`, `msec_frac`, or a
/// SimpleDateFormat's strftime runs and millisecond fraction.
fn time(text: &str, argument: &str, position: usize) -> Result<Vec<Item>, FormatError> {
    let format =
        argument.strip_prefix("begin:").or_else(|| argument.strip_prefix("end:")).unwrap_or(argument);
    let directive = |kind: Kind| {
        Item::Directive(Directive {
            text: text.to_string(),
            position,
            key: "timestamp".into(),
            alt_key: None,
            kind,
            header: None,
        })
    };
    if let Some(part) = named_time(format) {
        return Ok(vec![directive(Kind::Time(part))]);
    }
    let mut items = Vec::new();
    let mut strftime = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // Quoted text; `''` is a quote.
            if chars.peek() == Some(&'\'') {
                chars.next();
                strftime.push('\'');
                continue;
            }
            for q in chars.by_ref() {
                if q == '\'' {
                    break;
                }
                push_literal(&mut strftime, q);
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            push_literal(&mut strftime, c);
            continue;
        }
        let mut count = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            count += 1;
        }
        if c == 'S' && count == 3 {
            // The fraction is its own part beside the rest, as `%{msec_frac}t` is.
            let (before, after) = split_literal_tail(&strftime);
            if !before.is_empty() {
                items.push(directive(Kind::Time(TimePart::Strftime(before))));
            }
            if !after.is_empty() {
                items.push(Item::Literal(after.replace("%%", "%").into_bytes()));
            }
            items.push(directive(Kind::Time(TimePart::Fraction(3))));
            strftime.clear();
            continue;
        }
        let conversion = simple_date(c, count).ok_or_else(|| {
            FormatError(format!(
                "{text} at position {position}: {} is not a SimpleDateFormat field firelog reads \
                 (it reads yyyy yy MM MMM MMMM dd HH hh mm ss SSS a EEE EEEE DDD Z)",
                c.to_string().repeat(count)
            ))
        })?;
        strftime.push_str(conversion);
    }
    if !strftime.is_empty() {
        let (before, after) = split_literal_tail(&strftime);
        if before.is_empty() {
            items.push(Item::Literal(after.replace("%%", "%").into_bytes()));
        } else {
            items.push(directive(Kind::Time(TimePart::Strftime(strftime))));
        }
    }
    Ok(items)
}

/// The time of `%{xxx}t`'s `begin` and `end` alone (`%t`'s), `sec`, `msec`, `msec_frac`.
fn named_time(format: &str) -> Option<TimePart> {
    match format {
        "" | "begin" | "end" => Some(TimePart::Clf),
        "sec" => Some(TimePart::Epoch(0)),
        "msec" => Some(TimePart::Epoch(3)),
        "msec_frac" => Some(TimePart::Fraction(3)),
        _ => None,
    }
}

/// A strftime format's conversions, and the literal text after the last one (which
/// belongs before a fraction as a literal of the plan).
fn split_literal_tail(strftime: &str) -> (String, String) {
    let bytes = strftime.as_bytes();
    let mut end = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 1 < bytes.len() {
            if bytes[i + 1] != b'%' {
                end = i + 2;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    (strftime[..end].to_string(), strftime[end..].to_string())
}

/// A literal character in a strftime format.
fn push_literal(strftime: &mut String, c: char) {
    if c == '%' {
        strftime.push('%');
    }
    strftime.push(c);
}

/// The strftime conversion of a SimpleDateFormat field: `count` times the letter `c`.
fn simple_date(c: char, count: usize) -> Option<&'static str> {
    Some(match (c, count) {
        ('y', 2) => "%y",
        ('y', _) => "%Y",
        ('M', 2) => "%m",
        ('M', 3) => "%b",
        ('M', n) if n > 3 => "%B",
        ('d', 2) => "%d",
        ('H', 2) => "%H",
        ('h', 2) => "%I",
        ('m', 2) => "%M",
        ('s', 2) => "%S",
        ('a', _) => "%p",
        ('E', 1..=3) => "%a",
        ('E', _) => "%A",
        ('D', 3) => "%j",
        ('Z', _) => "%z",
        _ => return None,
    })
}

/// The letters, for an error.
fn supported() -> String {
    let forms: Vec<&str> = LETTERS.iter().map(|r| r.form).collect();
    forms.join(" ")
}
