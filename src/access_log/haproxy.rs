//! HAProxy `log-format` strings: the aliases of a format (`%ci`, `%tr`, `%Ta`, `%[fetch]`),
//! in order, each with the JSON key and type it becomes — the same [`Item`]s an Apache
//! `LogFormat` reads into, so nothing after this module knows which server wrote the line.
//!
//! Read as HAProxy reads them (its configuration manual, section 8.2.6 "Custom log
//! format", and `parse_logformat_string` in `src/log.c`): `%alias`, `%{flags}alias`,
//! `%(name)alias`, `%[sample expression]`, `%%` for a `%`; runs of spaces are one
//! separator. A `log-format` line copied whole from haproxy.cfg works too: its argument
//! quoted (`"..."` with `\"` and `\\`, or `'...'`) or not (`\ ` for a space), and the
//! `${HAPROXY_HTTP_LOG_FMT}` family standing for the stock formats.
//!
//! Flags: `+Q` (on an item, or on every later one with `%o`) puts quotes around a text
//! item, as HAProxy does (numbers, addresses, times and `%ts` are never quoted); `-Q`
//! takes them off; `+E` (backslash escapes) reads, its escapes kept as logged. `+X`
//! (hexadecimal numbers), `+json`, `+cbor` and `+bin` are refused: such lines are not
//! text fields (a JSON line is read by a `json:` mapping).
//!
//! HAProxy's values: a timer or status it has not is `-1` (null); a count logged early
//! (`option logasap`) carries a `+`, written as the number counted then; `%hr`/`%hs`
//! write `{a|b}`, or nothing at all (and no separator) when no header is captured;
//! `"`, `#` and bytes outside 32..126 are `#XX`, kept as logged. Times have no offset
//! but `%T`, `%trg` and `%trl`: the first time of a format is the `timestamp` (UTC), a
//! later one is written as logged under its own key.

use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart, header_key, times};

/// One row of the alias table: the alias, its key, how its value is read, and HAProxy's
/// words for it. The formats page (`docs/formats.md`) shows this table; a test holds the
/// two equal.
#[derive(Debug)]
pub struct Alias {
    /// The alias, without `%`.
    pub name: &'static str,
    /// The JSON key its value is written under.
    pub key: &'static str,
    /// What its value is.
    pub kind: AliasKind,
    /// What HAProxy's documentation says it logs, for docs/formats.md's table.
    pub doc: &'static str,
}

/// The types of the table, without payloads (so the table can be `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasKind {
    /// An address or host name (never quoted).
    Host,
    /// Text, quoted under `+Q`.
    Text,
    /// Text HAProxy never quotes (`%ts`, `%tsc`).
    Flags,
    /// A whole number (never quoted): `-1` and `-` are null, `+` is dropped.
    Integer,
    /// The status code: `-1` is null.
    Status,
    /// `%r`: the request line.
    Request,
    /// `%HQ`: `?` and the query string, or nothing.
    Query,
    /// `%t`, `%tr`: `06/Feb/2009:12:14:14.655`, no offset.
    TimeMillis,
    /// `%T`, `%trg`, `%Tl`, `%trl`: `06/Feb/2009:12:14:14 +0000`.
    TimeZoned,
    /// `%Ts`: seconds since the epoch.
    TimeEpoch,
    /// `%hr`, `%hs`: `{a|b}`, or nothing.
    Captured,
    /// `%hrl`, `%hsl`: the CLF style, closing a format.
    CapturedList,
}

impl AliasKind {
    fn kind(self) -> Kind {
        match self {
            AliasKind::Host => Kind::Host,
            AliasKind::Text | AliasKind::Flags => Kind::Text,
            AliasKind::Integer => Kind::Integer { dash_is_zero: false },
            AliasKind::Status => Kind::Status,
            AliasKind::Request => Kind::Request,
            AliasKind::Query => Kind::Query,
            AliasKind::TimeMillis => Kind::Time(TimePart::ClfMillis),
            AliasKind::TimeZoned => Kind::Time(TimePart::ClfInner),
            AliasKind::TimeEpoch => Kind::Time(TimePart::Epoch(0)),
            AliasKind::Captured => Kind::Captured { list: false },
            AliasKind::CapturedList => Kind::Captured { list: true },
        }
    }

    /// Whether `+Q` puts quotes around it (HAProxy quotes its text items only).
    fn quotable(self) -> bool {
        matches!(self, AliasKind::Text | AliasKind::Request | AliasKind::Query)
    }

    /// The JSON type and how a value is read, for the formats page's table.
    pub fn describe(self) -> &'static str {
        match self {
            AliasKind::Host => "string, as logged; `-` is null",
            AliasKind::Text => "string; `-` is null",
            AliasKind::Flags => "string, as logged",
            AliasKind::Integer => "integer; `-1` and `-` are null, a `+` is dropped",
            AliasKind::Status => "integer; `-1` is null",
            AliasKind::Request => "strings, split as `%r` is",
            AliasKind::Query => "string without its `?`; null when there is none",
            AliasKind::TimeMillis => "RFC 3339 UTC string, with milliseconds (no offset: `LOG_TIME_ZONE`)",
            AliasKind::TimeZoned => "RFC 3339 UTC string",
            AliasKind::TimeEpoch => "RFC 3339 UTC string",
            AliasKind::Captured => "string: the text inside the braces, as logged; null when absent",
            AliasKind::CapturedList => "string: the quoted values as logged; null when absent",
        }
    }
}

macro_rules! alias {
    ($name:literal, $key:literal, $kind:ident, $doc:literal) => {
        Alias { name: $name, key: $key, kind: AliasKind::$kind, doc: $doc }
    };
}

/// The aliases firelog reads, with HAProxy's own words for each (the table of section
/// 8.2.6, and the field descriptions of 8.2.2 to 8.2.4 where the table is terse).
pub const ALIASES: &[Alias] = &[
    alias!("ci", "host", Host, "client_ip (accepted address)"),
    alias!("cp", "client_port", Integer, "client_port (accepted address)"),
    alias!("fi", "frontend_ip", Host, "frontend_ip (accepting address)"),
    alias!("fp", "frontend_port", Integer, "frontend_port (accepting address)"),
    alias!("bi", "backend_source_ip", Host, "backend_source_ip (connecting address)"),
    alias!("bp", "backend_source_port", Integer, "backend_source_port (connecting address)"),
    alias!("si", "server_ip", Host, "server_IP (target address)"),
    alias!("sp", "server_port", Integer, "server_port (target address)"),
    alias!("t", "accept_date", TimeMillis, "Accept date local (with millisecond resolution)"),
    alias!("tr", "request_date", TimeMillis, "Request date local (with millisecond resolution)"),
    alias!("T", "accept_date_utc", TimeZoned, "Accept date UTC + timezone"),
    alias!("Tl", "accept_date_local", TimeZoned, "Accept date local + timezone"),
    alias!("trg", "request_date_utc", TimeZoned, "Request date UTC + timezone"),
    alias!("trl", "request_date_local", TimeZoned, "Request date local + timezone"),
    alias!("Ts", "accept_date_epoch", TimeEpoch, "Accept date as a UNIX timestamp"),
    alias!("ms", "accept_date_ms", Integer, "Accept date milliseconds"),
    alias!("Th", "handshake_time_ms", Integer, "connection handshake time (SSL, PROXY proto)"),
    alias!("Ti", "idle_time_ms", Integer, "idle time before the HTTP request"),
    alias!("TR", "request_time_ms", Integer, "time to receive the full request from 1st byte"),
    alias!("Tq", "tq_ms", Integer, "Th + Ti + TR"),
    alias!(
        "Tw",
        "queue_time_ms",
        Integer,
        "Tw: total time in milliseconds spent waiting in the various queues"
    ),
    alias!(
        "Tc",
        "connect_time_ms",
        Integer,
        "Tc: total time in milliseconds spent waiting for the connection to establish to the final server"
    ),
    alias!(
        "Tr",
        "response_time_ms",
        Integer,
        "Tr (response time): total time in milliseconds spent waiting for the server to send a full HTTP response"
    ),
    alias!("Td", "data_time_ms", Integer, "Td = Tt - (Tq + Tw + Tc + Tr)"),
    alias!("Ta", "active_time_ms", Integer, "Active time of the request (from TR to end)"),
    alias!(
        "Tt",
        "total_time_ms",
        Integer,
        "Tt: total time in milliseconds elapsed between the accept and the last close"
    ),
    alias!("Tu", "user_time_ms", Integer, "Tu: total time seen by user = Tt - Ti"),
    alias!("ST", "status", Status, "status_code"),
    alias!("B", "bytes", Integer, "bytes_read (from server to client)"),
    alias!("U", "bytes_uploaded", Integer, "bytes_uploaded (from client to server)"),
    alias!("CC", "captured_request_cookie", Text, "captured_request_cookie"),
    alias!("CS", "captured_response_cookie", Text, "captured_response_cookie"),
    alias!("ts", "termination_state", Flags, "termination_state"),
    alias!("tsc", "termination_state", Flags, "termination_state with cookie status"),
    alias!("ac", "actconn", Integer, "actconn"),
    alias!("fc", "feconn", Integer, "feconn (frontend concurrent connections)"),
    alias!("bc", "beconn", Integer, "beconn (backend concurrent connections)"),
    alias!("sc", "srv_conn", Integer, "srv_conn (server concurrent connections)"),
    alias!("rc", "retries", Integer, "retries (a + before it: the stream was redispatched)"),
    alias!("sq", "srv_queue", Integer, "srv_queue"),
    alias!("bq", "backend_queue", Integer, "backend_queue"),
    alias!("ft", "frontend_name_transport", Text, "frontend_name_transport ('~' suffix for SSL)"),
    alias!("f", "frontend_name", Text, "frontend_name"),
    alias!("b", "backend_name", Text, "backend_name"),
    alias!("s", "server_name", Text, "server_name (<NOSRV> when none was reached)"),
    alias!("r", "request", Request, "http_request"),
    alias!("HM", "method", Text, "HTTP method (ex: POST)"),
    alias!("HU", "path", Text, "HTTP request URI (ex: /foo?bar=baz)"),
    alias!("HP", "uri_without_query", Text, "HTTP request URI without query string"),
    alias!("HPO", "path_only", Text, "HTTP path only (without host nor query string)"),
    alias!("HQ", "query", Query, "HTTP request URI query string (ex: ?bar=baz)"),
    alias!("HV", "protocol", Text, "HTTP version (ex: HTTP/1.0)"),
    alias!("hr", "captured_request_headers", Captured, "captured_request_headers default style"),
    alias!("hrl", "captured_request_headers", CapturedList, "captured_request_headers CLF style"),
    alias!("hs", "captured_response_headers", Captured, "captured_response_headers default style"),
    alias!("hsl", "captured_response_headers", CapturedList, "captured_response_headers CLF style"),
    alias!("ID", "unique_id", Text, "unique-id"),
    alias!("H", "hostname", Host, "hostname"),
    alias!("pid", "pid", Integer, "PID"),
    alias!("rt", "request_counter", Integer, "request_counter (HTTP req or TCP session)"),
    alias!("lc", "frontend_log_counter", Integer, "frontend_log_counter"),
    alias!("sslc", "ssl_ciphers", Text, "ssl_ciphers (ex: AES-SHA)"),
    alias!("sslv", "ssl_version", Text, "ssl_version (ex: TLSv1)"),
    alias!("OG", "log_origin", Text, "human readable log origin"),
];

/// The sample fetches of the stock formats that give a whole number (without a
/// converter): any other `%[...]` is text.
const INTEGER_FETCHES: [&str; 5] = ["fc_err", "ssl_fc_err", "ssl_c_err", "ssl_c_ca_err", "ssl_fc_is_resumed"];

/// The formats firelog knows by name: HAProxy's `option httplog`, `option httpslog`,
/// `option tcplog`, `option httplog clf` and `option tcplog clf`, as `src/log.c` declares
/// them.
pub const NICKNAMES: [(&str, &str); 5] = [
    (
        "haproxy_http",
        "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r",
    ),
    (
        "haproxy_https",
        "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r \
         %[fc_err]/%[ssl_fc_err,hex]/%[ssl_c_err]/%[ssl_c_ca_err]/%[ssl_fc_is_resumed] %[ssl_fc_sni]/%sslv/%sslc",
    ),
    ("haproxy_tcp", "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq"),
    (
        "haproxy_clf",
        "%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" %cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc \
         %sq %bq %CC %CS %hrl %hsl",
    ),
    (
        "haproxy_tcp_clf",
        "%{+Q}o %{-Q}ci - - [%T] \"TCP \" 000 %B \"\" \"\" %cp %ms %ft %b %s %Th %Tw %Tc %Tt %U %ts-- %ac %fc %bc %sc \
         %rc %sq %bq \"\" \"\" ",
    ),
];

/// The environment variables HAProxy sets to its stock formats (`src/haproxy.c`).
const VARIABLES: [(&str, &str); 5] = [
    ("HAPROXY_HTTP_LOG_FMT", "haproxy_http"),
    ("HAPROXY_HTTPS_LOG_FMT", "haproxy_https"),
    ("HAPROXY_TCP_LOG_FMT", "haproxy_tcp"),
    ("HAPROXY_HTTP_CLF_LOG_FMT", "haproxy_clf"),
    ("HAPROXY_TCP_CLF_LOG_FMT", "haproxy_tcp_clf"),
];

/// A nickname's format string.
fn nickname(name: &str) -> Option<&'static str> {
    NICKNAMES.iter().find(|(n, _)| *n == name).map(|(_, format)| *format)
}

/// Whether `text` is HAProxy's: a nickname, a `log-format` line, or a string with one of
/// HAProxy's own aliases (`%ci`, `%ST`, `%[...]`, `%{+Q}`) that no Apache format has.
pub fn looks_like_haproxy(text: &str) -> bool {
    let t = text.trim();
    nickname(t).is_some()
        || keyword_argument(t).is_some()
        || ["%ci", "%ST", "%[", "%{+Q}", "%{-Q}", "%tr"].iter().any(|a| t.contains(a))
}

/// Reads a nickname, a `log-format` line from haproxy.cfg or a bare format string.
pub fn parse(text: &str) -> Result<Plan, FormatError> {
    let text = text.trim();
    if let Some(format) = nickname(text) {
        return read(format, 1);
    }
    match keyword_argument(text) {
        Some(argument) => {
            let start = text.len() - argument.len();
            let format = unwrap_argument(argument)?;
            // Positions count from the argument's first character inside its quote.
            let quote = usize::from(argument.starts_with(['"', '\'']));
            read(&format, text[..start].chars().count() + 1 + quote)
        }
        _ => read(text, 1),
    }
}

/// The argument after a line's keyword: `log-format`, or `error-log-format` (the format of
/// the lines about errors, timeouts and 5xx statuses: the same aliases and flags).
fn keyword_argument(text: &str) -> Option<&str> {
    ["log-format", "error-log-format"].iter().find_map(|keyword| {
        let rest = text.strip_prefix(keyword)?;
        rest.starts_with([' ', '\t']).then(|| rest.trim_start())
    })
}

/// The argument of a `log-format` line, as haproxy.cfg's parser gives it: quotes and
/// backslashes undone, the stock formats' variables expanded.
fn unwrap_argument(arg: &str) -> Result<String, FormatError> {
    let bad = |why: &str| FormatError(format!("the log-format line {why}"));
    let mut out = String::new();
    let mut chars = arg.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => out.push(c),
            (_, '\\') => match chars.next() {
                Some(e @ ('"' | '\\' | ' ' | '\'' | '$' | '#')) => out.push(e),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => return Err(bad("ends with a \\")),
            },
            (_, '$') if chars.peek() == Some(&'{') => {
                chars.next();
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let format = VARIABLES.iter().find(|(v, _)| *v == name).and_then(|(_, n)| nickname(n));
                let Some(format) = format else {
                    let known: Vec<&str> = VARIABLES.iter().map(|(v, _)| *v).collect();
                    return Err(bad(&format!("has ${{{name}}}; firelog knows {}", known.join(", "))));
                };
                out.push_str(format);
            }
            (None, '#') => break,
            (None, c) if c.is_whitespace() => {
                if !chars.all(char::is_whitespace) {
                    return Err(bad("has more than one argument (quote the format)"));
                }
                break;
            }
            (_, c) => out.push(c),
        }
    }
    if quote.is_some() {
        return Err(bad("has a quote that is not closed"));
    }
    if out.trim().is_empty() {
        return Err(bad("has no format"));
    }
    Ok(out)
}

/// The flags in force for an item: HAProxy's `Q` (quote) and `E` (escape).
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    quote: bool,
}

impl Flags {
    /// `flags` (`+Q,-E`) applied on top of these; the ones firelog cannot read refused.
    fn with(mut self, flags: &str, position: usize) -> Result<Flags, FormatError> {
        for flag in flags.split(',').filter(|f| !f.is_empty()) {
            let (on, name) = match flag.split_at_checked(1) {
                Some(("+", name)) => (true, name),
                Some(("-", name)) => (false, name),
                _ => (true, flag),
            };
            match name {
                "Q" => self.quote = on,
                "E" | "M" => {}
                "X" | "json" | "cbor" | "bin" if on => {
                    return Err(FormatError(format!(
                        "the flag +{name} at position {position} writes values firelog does not read as text \
                         fields (it reads +Q, -Q, +E and +M)"
                    )));
                }
                "X" | "json" | "cbor" | "bin" => {}
                _ => {
                    return Err(FormatError(format!(
                        "{flag} at position {position} is not a HAProxy log-format flag (Q, X, E, M, json, cbor, bin)"
                    )));
                }
            }
        }
        Ok(self)
    }
}

/// One `%` item as written: its name (if `%(name)`), flags, and alias or sample.
struct Written<'a> {
    name: Option<&'a str>,
    flags: Option<&'a str>,
    alias: &'a str,
    sample: bool,
    len: usize,
}

/// Reads the item after a `%` at the start of `rest` (the `%` already taken).
fn read_item(rest: &str, position: usize) -> Result<Written<'_>, FormatError> {
    let unclosed =
        |what: &str| FormatError(format!("the {what} of the item at position {position} is not closed"));
    let mut at = 0;
    let mut name = None;
    if rest.starts_with('(') {
        let close = rest.find(')').ok_or_else(|| unclosed("("))?;
        name = Some(rest[1..close].split(':').next().unwrap_or(""));
        at = close + 1;
    }
    let mut flags = None;
    if rest[at..].starts_with('{') {
        let close = at + rest[at..].find('}').ok_or_else(|| unclosed("{"))?;
        flags = Some(&rest[at + 1..close]);
        at = close + 1;
    }
    if rest[at..].starts_with('[') {
        let close = at + rest[at..].find(']').ok_or_else(|| unclosed("["))?;
        return Ok(Written { name, flags, alias: &rest[at + 1..close], sample: true, len: close + 1 });
    }
    let len = rest[at..].bytes().take_while(u8::is_ascii_alphanumeric).count();
    if len == 0 {
        return Err(FormatError(format!(
            "the % at position {position} is not followed by an alias or [sample]"
        )));
    }
    Ok(Written { name, flags, alias: &rest[at..at + len], sample: false, len: at + len })
}

/// The key of a sample expression: its fetch without converters, in snake case
/// (`capture.req.hdr(0)` is `capture_req_hdr_0`).
fn sample_key(expr: &str) -> String {
    let fetch = expr.split(',').next().unwrap_or(expr).trim();
    let key = header_key("", fetch).unwrap_or_else(|| "sample".into());
    key.trim_matches('_').to_string()
}

/// What an item is read as: its key, alternative key and kind, and whether `+Q` quotes it.
fn meaning(item: &Written<'_>, position: usize) -> Result<(String, Option<String>, Kind, bool), FormatError> {
    let named = item.name.filter(|n| !n.is_empty()).and_then(|n| header_key("", n));
    if item.sample {
        let fetch = item.alias.trim();
        let kind =
            if INTEGER_FETCHES.contains(&fetch) { Kind::Integer { dash_is_zero: false } } else { Kind::Text };
        let quotable = kind == Kind::Text;
        // A header by name is keyed as Apache's `%{Name}i` and `%{Name}o` are.
        let (key, alt) = match header(&format!("%[{fetch}]")) {
            Some(Header::Request(name)) => (header_key("", &name), header_key("http_", &name)),
            Some(Header::Response(name)) => (header_key("response_", &name), None),
            None => (None, None),
        };
        let key = named.or(key).unwrap_or_else(|| sample_key(fetch));
        return Ok((key, alt, kind, quotable));
    }
    let Some(row) = ALIASES.iter().find(|a| a.name == item.alias) else {
        return Err(FormatError(format!(
            "%{} at position {position} is not a log-format alias firelog reads (it reads {}, and %[sample])",
            item.alias,
            ALIASES.iter().map(|a| format!("%{}", a.name)).collect::<Vec<_>>().join(" ")
        )));
    };
    // The fields with a core key keep HAProxy's own name for when another takes it.
    let alt = match row.name {
        "ci" => Some("client_ip"),
        "ST" => Some("status_code"),
        "B" => Some("bytes_read"),
        "HM" => Some("http_method"),
        "HU" => Some("http_uri"),
        "HV" => Some("http_version"),
        "tsc" => Some("termination_state_cookie"),
        _ => None,
    };
    let key = named.unwrap_or_else(|| row.key.to_string());
    Ok((key, alt.map(String::from), row.kind.kind(), row.kind.quotable()))
}

/// Reads a format string; `offset` is where it starts in `LOG_FORMAT` (characters from 1).
fn read(format: &str, offset: usize) -> Result<Plan, FormatError> {
    let mut items = Vec::new();
    let mut literal: Vec<u8> = Vec::new();
    let mut global = Flags::default();
    let mut chars = format.char_indices().enumerate().peekable();
    while let Some((n, (at, c))) = chars.next() {
        let position = n + offset;
        match c {
            // Runs of spaces are one separator, and HAProxy writes none first.
            ' ' => {
                if literal.last() != Some(&b' ') && !(items.is_empty() && literal.is_empty()) {
                    literal.push(b' ');
                }
            }
            '%' if format[at + 1..].starts_with('%') => {
                chars.next();
                literal.push(b'%');
            }
            '%' => {
                let item = read_item(&format[at + 1..], position)?;
                let flags = global.with(item.flags.unwrap_or(""), position)?;
                let skip = format[at + 1..at + 1 + item.len].chars().count();
                for _ in 0..skip {
                    chars.next();
                }
                if item.alias == "o" && !item.sample {
                    global = flags;
                    continue;
                }
                let (key, alt_key, kind, quotable) = meaning(&item, position)?;
                let quoted = quotable && flags.quote;
                if quoted {
                    literal.push(b'"');
                }
                if !literal.is_empty() {
                    items.push(Item::Literal(std::mem::take(&mut literal)));
                }
                let text =
                    if item.sample { format!("%[{}]", item.alias) } else { format!("%{}", item.alias) };
                let header = header(&text);
                items.push(Item::Directive(Directive { text, position, key, alt_key, kind, header }));
                if quoted {
                    literal.push(b'"');
                }
            }
            c => {
                let mut utf8 = [0; 4];
                literal.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    captured_headers(&mut items)?;
    later_times_as_text(&mut items);
    // A syslog prefix (`Feb  6 12:14:14 localhost haproxy[14389]: `) may come first.
    items.splice(0..0, super::syslog::directives().map(Item::Directive));
    Plan::checked(items, Escape::Haproxy)
}

/// `%hr` and `%hs` write nothing, and no separator, when no header is captured: the
/// space after their braces is theirs. The CLF style (`%hrl %hsl`) writes one quoted
/// value a header, with nothing telling where the request's end: it must close the
/// format, and is read as one field after the space before it.
fn captured_headers(items: &mut Vec<Item>) -> Result<(), FormatError> {
    let mut i = 0;
    while i < items.len() {
        let Item::Directive(d) = &items[i] else {
            i += 1;
            continue;
        };
        match d.kind {
            Kind::Captured { list: false } => {
                if let Some(Item::Literal(next)) = items.get_mut(i + 1)
                    && next.first() == Some(&b' ')
                {
                    next.remove(0);
                    if next.is_empty() {
                        items.remove(i + 1);
                    }
                }
            }
            Kind::Captured { list: true } => {
                let rest = &items[i + 1..];
                let pair = match rest {
                    [] => false,
                    [Item::Literal(sp), Item::Directive(other)]
                    | [Item::Literal(sp), Item::Directive(other), Item::Literal(_)]
                        if sp == b" " && other.kind == (Kind::Captured { list: true }) =>
                    {
                        true
                    }
                    [Item::Literal(end)] if end.iter().all(|&b| b == b' ') => false,
                    _ => {
                        return Err(FormatError(format!(
                            "{} at position {} must close the format (HAProxy writes a quoted value a captured \
                             header, with nothing telling where the list ends)",
                            d.text, d.position
                        )));
                    }
                };
                if pair && let Item::Directive(d) = &mut items[i] {
                    d.key = "captured_headers".into();
                }
                items.truncate(i + 1);
                if let Some(Item::Literal(before)) = i.checked_sub(1).and_then(|b| items.get_mut(b))
                    && before.last() == Some(&b' ')
                {
                    before.pop();
                    if before.is_empty() {
                        items.remove(i - 1);
                    }
                }
                return Ok(());
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The first time of a format is the timestamp; a later one (`%tr` beside `%t`) is
/// written as logged under its own key.
fn later_times_as_text(items: &mut [Item]) {
    for (n, (d, part)) in times(items).enumerate() {
        if n == 0 {
            d.key = "timestamp".into();
        } else {
            d.kind = Kind::TimeText(part);
        }
    }
}

/// The header a sample logs: `%[req.hdr(Name)]`, `%[res.fhdr(Name,-1)]`.
fn header(text: &str) -> Option<Header> {
    let (fetch, rest) = text.strip_prefix("%[")?.split_once('(')?;
    let name = rest.split([',', ')']).next()?.trim();
    match fetch {
        "req.hdr" | "req.fhdr" => Some(Header::request(name)),
        "res.hdr" | "res.fhdr" => Some(Header::response(name)),
        _ => None,
    }
}
