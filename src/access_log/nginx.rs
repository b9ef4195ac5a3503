//! nginx `log_format` strings: the variables of a format, in order, each with the JSON
//! key and type it becomes — the same [`Item`]s an Apache `LogFormat` reads into, so
//! nothing after this module knows which server wrote the line.
//!
//! Read as nginx reads them (ngx_http_log_module): `$name` or `${name}`, where a name is
//! letters, digits and `_`. A `log_format` directive copied whole from `nginx.conf`
//! works too: its name, an optional `escape=default|json|none`, one or more quoted
//! strings (joined, as nginx joins them) and the closing `;`.
//!
//! A variable with an Apache twin writes the twin's key and type (`$remote_addr` is
//! `host` as `%h` is), so one table serves both servers; any other writes its own name.
//! A variable firelog has no row for (one made by `map` or `set`, say) is read as text.

use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart, header_key, times};

/// One row of the variable table: the variable, its key, how its value is read. The
/// formats page (`docs/formats.md`) shows this table; a test holds the two equal.
pub struct Variable {
    /// The variable's name, without `$`.
    pub name: &'static str,
    /// The JSON key its value is written under.
    pub key: &'static str,
    /// What its value is.
    pub kind: VarKind,
    /// What nginx's documentation says it holds, for docs/formats.md's table.
    pub doc: &'static str,
}

/// The types of the table, without payloads (so the table can be `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// A client or server address (`$remote_addr`).
    Host,
    /// A name; `-` is null (`$remote_user`).
    Name,
    /// Any text.
    Text,
    /// A comma-separated list (`$http_x_forwarded_for`).
    List,
    /// A URL path (`$uri`).
    UrlPath,
    /// The request line (`$request`).
    Request,
    /// A three-digit status.
    Status,
    /// A count of bytes; `-` is 0 (as Apache's `%b`).
    BytesClf,
    /// A whole number; `-` is null.
    Integer,
    /// A number with an optional fraction (`$request_time`).
    Decimal,
    /// `$time_local`: the Common Log Format time without its brackets.
    TimeLocal,
    /// `$time_iso8601`.
    TimeIso8601,
    /// `$msec`: seconds since the epoch with milliseconds.
    Msec,
    /// `$is_args`: `?` or nothing.
    IsArgs,
}

impl VarKind {
    fn kind(self) -> Kind {
        match self {
            VarKind::Host => Kind::Host,
            VarKind::Name => Kind::Name,
            VarKind::Text => Kind::Text,
            VarKind::List => Kind::List,
            VarKind::UrlPath => Kind::UrlPath,
            VarKind::Request => Kind::Request,
            VarKind::Status => Kind::Status,
            VarKind::BytesClf => Kind::Integer { dash_is_zero: true },
            VarKind::Integer => Kind::Integer { dash_is_zero: false },
            VarKind::Decimal => Kind::Decimal,
            VarKind::TimeLocal => Kind::Time(TimePart::ClfInner),
            VarKind::TimeIso8601 => Kind::Time(TimePart::Iso8601),
            VarKind::Msec => Kind::Time(TimePart::EpochFraction(3)),
            VarKind::IsArgs => Kind::IsArgs,
        }
    }

    /// The JSON type and how a value is read, for the formats page's table.
    pub fn describe(self) -> &'static str {
        match self {
            VarKind::Host => "string, as logged (a comma-separated list reads too); `-` is null",
            VarKind::Name => "string; `-` is null",
            VarKind::Text => "string; `-` is null, empty stays `\"\"`",
            VarKind::List => "string, as logged (`a, b : c`); `-` is null",
            VarKind::UrlPath => "string; `-` is null",
            VarKind::Request => "strings, split as `%r` is",
            VarKind::Status => "integer; `-` is null",
            VarKind::BytesClf => "integer; `-` is 0",
            VarKind::Integer => "integer; `-` is null",
            VarKind::Decimal => "number as logged (`0.034`); `-` is null",
            VarKind::TimeLocal | VarKind::TimeIso8601 => "RFC 3339 UTC string",
            VarKind::Msec => "RFC 3339 UTC string, with milliseconds",
            VarKind::IsArgs => "string, `?` or `\"\"`",
        }
    }
}

macro_rules! var {
    ($name:literal, $key:literal, $kind:ident, $doc:literal) => {
        Variable { name: $name, key: $key, kind: VarKind::$kind, doc: $doc }
    };
}

/// The variables firelog reads by name, with nginx's own words for each.
pub const VARIABLES: &[Variable] = &[
    // ngx_http_core_module
    var!("remote_addr", "host", Host, "client address (Apache %h)"),
    var!("remote_port", "remote_port", Integer, "client port (Apache %{remote}p)"),
    var!("remote_user", "user", Name, "user name supplied with the Basic authentication (Apache %u)"),
    var!("server_addr", "server_ip", Host, "address of the server which accepted a request (Apache %A)"),
    var!("server_port", "port", Integer, "port of the server which accepted a request (Apache %p)"),
    var!("server_name", "vhost", Host, "name of the server which accepted a request (Apache %v)"),
    var!(
        "host",
        "server_name",
        Host,
        "host name from the request line, the Host header, or the server name (Apache %V)"
    ),
    var!("hostname", "hostname", Host, "host name of the machine nginx runs on"),
    var!("scheme", "scheme", Text, "request scheme, http or https"),
    var!("https", "https", Text, "on if the connection operates in SSL mode, or an empty string"),
    var!(
        "request",
        "request",
        Request,
        "full original request line (Apache %r: also method, path, protocol)"
    ),
    var!("request_method", "method", Text, "request method (Apache %m)"),
    var!("request_uri", "request_uri", Text, "full original request URI, with arguments"),
    var!("uri", "path", UrlPath, "current URI in the request, normalized (Apache %U)"),
    var!("document_uri", "document_uri", UrlPath, "same as $uri"),
    var!("args", "query", Text, "arguments in the request line (Apache %q, without its ?)"),
    var!("query_string", "query_string", Text, "same as $args"),
    var!("is_args", "is_args", IsArgs, "? if a request line has arguments, or an empty string"),
    var!("server_protocol", "protocol", Text, "request protocol, HTTP/1.0, HTTP/1.1 or HTTP/2.0 (Apache %H)"),
    var!("status", "status", Status, "response status (Apache %>s)"),
    var!(
        "body_bytes_sent",
        "bytes",
        BytesClf,
        "bytes sent to a client, not counting the response header (Apache %b)"
    ),
    var!("bytes_sent", "bytes_sent", Integer, "bytes sent to a client (Apache %O)"),
    var!(
        "request_length",
        "bytes_received",
        Integer,
        "request length: request line, header and body (Apache %I)"
    ),
    var!(
        "request_time",
        "request_time",
        Decimal,
        "request processing time in seconds with a milliseconds resolution"
    ),
    var!("connection", "connection", Integer, "connection serial number"),
    var!(
        "connection_requests",
        "connection_requests",
        Integer,
        "current number of requests made through a connection"
    ),
    var!("pipe", "pipe", Text, "p if the request was pipelined, . otherwise"),
    var!("request_id", "request_id", Text, "unique request identifier: 16 random bytes, in hexadecimal"),
    var!(
        "request_completion",
        "request_completion",
        Text,
        "OK if a request has completed, or an empty string"
    ),
    var!("request_body", "request_body", Text, "request body"),
    var!("content_length", "content_length", Text, "Content-Length request header field"),
    var!("content_type", "content_type", Text, "Content-Type request header field"),
    var!(
        "msec",
        "timestamp",
        Msec,
        "time in seconds with a milliseconds resolution at the time of the log write"
    ),
    var!(
        "time_local",
        "timestamp",
        TimeLocal,
        "local time in the Common Log Format (Apache %t, without its brackets)"
    ),
    var!("time_iso8601", "timestamp", TimeIso8601, "local time in the ISO 8601 standard format"),
    var!("pid", "pid", Integer, "PID of the worker process (Apache %P)"),
    var!("nginx_version", "nginx_version", Text, "nginx version"),
    var!("tcpinfo_rtt", "tcpinfo_rtt", Integer, "TCP connection round-trip time, in microseconds"),
    var!("tcpinfo_rttvar", "tcpinfo_rttvar", Integer, "TCP round-trip time variation, in microseconds"),
    var!("gzip_ratio", "gzip_ratio", Decimal, "achieved compression ratio (ngx_http_gzip_module)"),
    // ngx_http_realip_module
    var!(
        "realip_remote_addr",
        "realip_remote_addr",
        Host,
        "original client address (ngx_http_realip_module)"
    ),
    var!(
        "realip_remote_port",
        "realip_remote_port",
        Integer,
        "original client port (ngx_http_realip_module)"
    ),
    // ngx_http_proxy_module and the PROXY protocol
    var!(
        "proxy_add_x_forwarded_for",
        "proxy_add_x_forwarded_for",
        List,
        "X-Forwarded-For with $remote_addr appended"
    ),
    var!("proxy_host", "proxy_host", Text, "name and port of a proxied server"),
    var!("proxy_port", "proxy_port", Integer, "port of a proxied server"),
    var!("proxy_protocol_addr", "proxy_protocol_addr", Host, "client address from the PROXY protocol header"),
    var!("proxy_protocol_port", "proxy_protocol_port", Integer, "client port from the PROXY protocol header"),
    // ngx_http_ssl_module
    var!(
        "ssl_protocol",
        "ssl_protocol",
        Text,
        "protocol of an established SSL connection (Apache %{SSL_PROTOCOL}x)"
    ),
    var!("ssl_cipher", "ssl_cipher", Text, "name of the cipher used (Apache %{SSL_CIPHER}x)"),
    var!("ssl_session_id", "ssl_session_id", Text, "session identifier of an established SSL connection"),
    var!("ssl_session_reused", "ssl_session_reused", Text, "r if an SSL session was reused, . otherwise"),
    var!("ssl_server_name", "ssl_server_name", Text, "server name requested through SNI"),
    var!("ssl_client_verify", "ssl_client_verify", Text, "result of client certificate verification"),
    var!("ssl_client_s_dn", "ssl_client_s_dn", Text, "subject DN of the client certificate"),
    var!(
        "ssl_early_data",
        "ssl_early_data",
        Text,
        "1 if TLS 1.3 early data is used and the handshake is not complete"
    ),
    var!("ssl_curve", "ssl_curve", Text, "negotiated curve used for key exchange"),
    // ngx_http_upstream_module: with several servers, values are separated by `, `, and
    // groups of an internal redirect by ` : `; they are kept as logged, as strings.
    var!(
        "upstream_addr",
        "upstream_addr",
        List,
        "address and port, or UNIX socket path, of each upstream server"
    ),
    var!("upstream_status", "upstream_status", List, "status code of each upstream server's response"),
    var!(
        "upstream_response_time",
        "upstream_response_time",
        List,
        "time spent receiving each response, seconds with ms resolution"
    ),
    var!("upstream_connect_time", "upstream_connect_time", List, "time spent establishing each connection"),
    var!("upstream_header_time", "upstream_header_time", List, "time spent receiving each response header"),
    var!("upstream_queue_time", "upstream_queue_time", List, "time each request spent in the upstream queue"),
    var!(
        "upstream_response_length",
        "upstream_response_length",
        List,
        "length of each response from an upstream server"
    ),
    var!(
        "upstream_bytes_received",
        "upstream_bytes_received",
        List,
        "bytes received from each upstream server"
    ),
    var!("upstream_bytes_sent", "upstream_bytes_sent", List, "bytes sent to each upstream server"),
    var!(
        "upstream_cache_status",
        "upstream_cache_status",
        List,
        "status of accessing a response cache: MISS, HIT, EXPIRED, ..."
    ),
    // ngx_stream_core_module: a stream (TCP or UDP) server's own; the rest of its
    // variables (`$remote_addr`, `$status`, `$bytes_sent`, `$upstream_*`, ...) are http's.
    var!("bytes_received", "bytes_received", Integer, "number of bytes received from a client"),
    var!(
        "session_time",
        "session_time",
        Decimal,
        "session duration in seconds with a milliseconds resolution"
    ),
    // ingress-nginx's own variables
    var!("req_id", "req_id", Text, "ingress-nginx: the request's id"),
    var!(
        "proxy_upstream_name",
        "proxy_upstream_name",
        Text,
        "ingress-nginx: namespace-service-port of the upstream"
    ),
    var!(
        "proxy_alternative_upstream_name",
        "proxy_alternative_upstream_name",
        Text,
        "ingress-nginx: the canary upstream, or empty"
    ),
];

/// The variable families read by prefix: `$http_user_agent` is the `User-Agent` request
/// header. (prefix, key prefix, kind, doc)
pub const PREFIXES: &[(&str, &str, VarKind, &str)] = &[
    (
        "http_",
        "",
        VarKind::Text,
        "request header NAME (Apache %{NAME}i): $http_x_forwarded_for is x_forwarded_for",
    ),
    ("sent_http_", "response_", VarKind::Text, "response header NAME (Apache %{NAME}o)"),
    ("cookie_", "cookie_", VarKind::Text, "cookie NAME (Apache %{NAME}C)"),
    ("arg_", "arg_", VarKind::Text, "argument NAME in the request line"),
    ("upstream_http_", "upstream_http_", VarKind::List, "upstream response header NAME, per upstream server"),
    (
        "upstream_trailer_",
        "upstream_trailer_",
        VarKind::List,
        "upstream response trailer NAME, per upstream server",
    ),
    (
        "upstream_cookie_",
        "upstream_cookie_",
        VarKind::List,
        "upstream Set-Cookie cookie NAME, per upstream server",
    ),
    ("sent_trailer_", "sent_trailer_", VarKind::Text, "response trailer NAME"),
];

/// The key and kind of `$name`.
fn meaning(name: &str) -> (String, Kind) {
    if let Some(v) = VARIABLES.iter().find(|v| v.name == name) {
        return (v.key.to_string(), v.kind.kind());
    }
    // The longest prefix wins: `upstream_http_` before `http_`.
    let mut best: Option<&(&str, &str, VarKind, &str)> = None;
    for p in PREFIXES {
        if name.len() > p.0.len() && name.starts_with(p.0) && best.is_none_or(|b| p.0.len() > b.0.len()) {
            best = Some(p);
        }
    }
    match best {
        Some((prefix, key_prefix, kind, _)) => {
            let key = header_key(key_prefix, &name[prefix.len()..]).unwrap_or_else(|| name.to_string());
            (key, kind.kind())
        }
        None => (name.to_string(), Kind::Text),
    }
}

/// Whether `text` is nginx's rather than Apache's: a `log_format` directive, or `$`
/// variables and no `%` directive.
pub fn looks_like_nginx(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with("log_format ") || t.starts_with("log_format\t") {
        return true;
    }
    let has_var = t.as_bytes().windows(2).any(|w| w[0] == b'$' && (w[1] == b'{' || is_name_byte(w[1])));
    let has_directive = t.as_bytes().windows(2).any(|w| w[0] == b'%' && w[1] != b'%');
    has_var && !has_directive
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// nginx's variables that own their Apache twin's key: a field that clashes with one
/// takes its own name instead (`$http_host` beside `$remote_addr` is `http_host`).
const KEY_OWNERS: [&str; 5] = ["remote_addr", "remote_user", "status", "body_bytes_sent", "request"];

/// Reads an nginx format string, or a whole `log_format` directive.
pub fn parse(text: &str) -> Result<Plan, FormatError> {
    let source = unwrap_directive(text)?;
    let format: &str = &source.format;
    let position = |at: usize| source.position(at);
    let mut items = Vec::new();
    let mut literal = Vec::new();
    let bytes = format.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            literal.push(bytes[i]);
            i += 1;
            continue;
        }
        let start = i;
        let (name, end) = if bytes.get(i + 1) == Some(&b'{') {
            let close = format[i + 2..].find('}').ok_or_else(|| {
                FormatError(format!("the {{ of the variable at position {} is not closed", position(start)))
            })?;
            (&format[i + 2..i + 2 + close], i + 2 + close + 1)
        } else {
            let len = bytes[i + 1..].iter().take_while(|&&b| is_name_byte(b)).count();
            (&format[i + 1..i + 1 + len], i + 1 + len)
        };
        if name.is_empty() || !name.bytes().all(is_name_byte) {
            return Err(FormatError(format!(
                "the $ at position {} is not followed by a variable name",
                position(start)
            )));
        }
        // nginx's variable names are not case-sensitive.
        let name = name.to_ascii_lowercase();
        let (key, kind) = meaning(&name);
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        items.push(Item::Directive(Directive {
            text: format!("${name}"),
            position: position(start),
            key,
            alt_key: (!KEY_OWNERS.contains(&name.as_str())).then(|| name.clone()),
            kind,
            header: header(&name),
        }));
        i = end;
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    read_ident_dash(&mut items);
    later_times_as_text(&mut items);
    Plan::checked(items, source.escape)
}

/// `$remote_addr - $remote_user`: nginx's stock formats write a `-` where Apache's `%l`
/// is. Read it as that field, always `-` (null), so nginx's combined is Apache's combined
/// and one table serves both servers.
fn read_ident_dash(items: &mut Vec<Item>) {
    if let [Item::Directive(addr), Item::Literal(dash), Item::Directive(user), ..] = &items[..]
        && addr.text == "$remote_addr"
        && dash == b" - "
        && user.text == "$remote_user"
    {
        let ident = Directive {
            text: "-".into(),
            position: addr.position + addr.text.chars().count() + 1,
            key: "ident".into(),
            alt_key: None,
            kind: Kind::Dash,
            header: None,
        };
        items.splice(
            1..2,
            [Item::Literal(b" ".to_vec()), Item::Directive(ident), Item::Literal(b" ".to_vec())],
        );
    }
}

/// nginx formats often log two times (`$msec` and `[$time_local]`): the first is the
/// timestamp, a later one is written as logged under its own name.
fn later_times_as_text(items: &mut [Item]) {
    for (d, part) in times(items).skip(1) {
        d.kind = Kind::TimeText(part);
        d.key = d.text[1..].to_string();
    }
}

/// The format string a `LOG_FORMAT` holds, and where each of its characters was there.
struct Source {
    format: String,
    escape: Escape,
    /// For a directive's joined strings: each character's position (from 1) in
    /// `LOG_FORMAT`. Empty for a bare string, whose positions are its own.
    at: Vec<usize>,
}

impl Source {
    /// The position in `LOG_FORMAT` (characters from 1) of byte `byte` of the format.
    fn position(&self, byte: usize) -> usize {
        let n = self.format[..byte].chars().count();
        self.at.get(n).copied().unwrap_or(n + 1)
    }
}

/// A `log_format` directive gives its quoted strings, joined with nothing between them
/// as nginx joins them, and its escaping; a bare format string is taken as it is, with
/// nginx's default escaping. The closing `;` may be left out.
fn unwrap_directive(text: &str) -> Result<Source, FormatError> {
    let Some(rest) = text.trim().strip_prefix("log_format") else {
        return Ok(Source { format: text.to_string(), escape: Escape::Nginx, at: Vec::new() });
    };
    let bad = |why: &str| FormatError(format!("the log_format directive {why}"));
    // Character positions are counted on the original text.
    // (`rest` is always a slice of `text`: its offset is how far in it starts.)
    let position_of =
        |rest: &str| text[..rest.as_ptr() as usize - text.as_ptr() as usize].chars().count() + 1;
    let mut rest = rest.trim_start();
    // The format's name.
    let name_len = rest.find(char::is_whitespace).ok_or_else(|| bad("has no format string"))?;
    rest = rest[name_len..].trim_start();
    let mut escape = Escape::Nginx;
    if let Some(after) = rest.strip_prefix("escape=") {
        let len = after.find(char::is_whitespace).unwrap_or(after.len());
        escape = match &after[..len] {
            "default" => Escape::Nginx,
            "json" => Escape::Json,
            "none" => Escape::None,
            other => return Err(bad(&format!("has escape={other}; nginx allows default, json or none"))),
        };
        rest = after[len..].trim_start();
    }
    let (mut format, mut at) = (String::new(), Vec::new());
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(';') {
            if !after.trim().is_empty() {
                return Err(bad("has text after its ;"));
            }
            break;
        }
        let base = position_of(rest);
        let quote = rest.as_bytes()[0];
        if quote != b'\'' && quote != b'"' {
            // An unquoted string ends at whitespace or `;`, as in nginx.conf.
            let len = rest.find(|c: char| c.is_whitespace() || c == ';').unwrap_or(rest.len());
            for (n, c) in rest[..len].chars().enumerate() {
                format.push(c);
                at.push(base + n);
            }
            rest = rest[len..].trim_start();
            continue;
        }
        let closed = read_quoted(rest, base, &mut format, &mut at);
        let n = closed.ok_or_else(|| bad("has a string that is not closed"))?;
        // Past the quote, `n` characters and the closing quote.
        let skip: usize = rest.chars().take(n + 2).map(char::len_utf8).sum();
        rest = rest[skip..].trim_start();
    }
    if format.is_empty() {
        return Err(bad("has no format string"));
    }
    Ok(Source { format, escape, at })
}

/// A quoted string of nginx.conf at the start of `rest` (its quote first), its escapes
/// undone, appended to `format` with each character's position from `base`: the number
/// of characters between the quotes, or `None` when it is not closed.
fn read_quoted(rest: &str, base: usize, format: &mut String, at: &mut Vec<usize>) -> Option<usize> {
    let quote = rest.as_bytes()[0];
    let mut chars = rest[1..].chars().enumerate();
    while let Some((n, c)) = chars.next() {
        // `n` counts characters after the quote: this one is at base + 1 + n.
        let here = base + 1 + n;
        match c {
            // nginx.conf's escapes inside a quoted string.
            '\\' => {
                let (_, e) = chars.next()?;
                let (first, second) = match e {
                    'n' => ('\n', None),
                    'r' => ('\r', None),
                    't' => ('\t', None),
                    '"' | '\'' | '\\' => (e, None),
                    other => ('\\', Some(other)),
                };
                format.push(first);
                at.push(here);
                if let Some(c) = second {
                    format.push(c);
                    at.push(here + 1);
                }
            }
            c if c as u32 == u32::from(quote) => return Some(n),
            c => {
                format.push(c);
                at.push(here);
            }
        }
    }
    None
}

/// The header a variable logs: `$http_name` a request's, `$sent_http_name` a response's.
/// nginx names a header with `_` for `-` (`$http_x_forwarded_for`): it is given back with
/// `-`, as the header is spelled (nginx ignores headers with `_` in their names unless
/// told otherwise).
fn header(name: &str) -> Option<Header> {
    let dashes = |name: &str| name.replace('_', "-");
    if let Some(name) = name.strip_prefix("sent_http_") {
        Some(Header::response(&dashes(name)))
    } else {
        name.strip_prefix("http_").map(|name| Header::request(&dashes(name)))
    }
}
