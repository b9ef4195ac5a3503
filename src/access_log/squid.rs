//! Squid's `logformat` strings (squid.conf), read into a [`Plan`]: the codes of a format,
//! in order, each with the JSON key and type it becomes ([`CODES`]).
//!
//! A code is read as Squid reads it: `%`, an optional encoding (`"`, `[`, `#`, `/`,
//! `'`), an optional `-` (left aligned), an optional width (`[0]min[.max]`), an optional
//! `{argument}` (before or after the code), an optional `http::` and the code, the
//! longest in [`CODES`] that fits. A width right-aligns a number in spaces (`%6tr`), which
//! the plan reads as padding ([`Kind::Padded`]); a `0` width pads with zeros, which a
//! number reads as is. A width on text, or a left-aligned one, pads with spaces a line
//! cannot tell from the separators: such a format fails at start-up, naming the code.
//!
//! Two forms read as one field, as Squid's own formats write them: `%ts.%03tu` (seconds
//! since the epoch, a dot and zero-padded milliseconds) is the `timestamp`, and
//! `HTTP/%rv` is the `protocol` (`HTTP/1.1`, as `%r`'s is; a bare `%rv` is
//! `protocol_version`, `1.1`). A `%03tu` after a strftime time and a dot
//! (`%{%Y-%m-%d %H:%M:%S}tl.%03tu`) is that time's milliseconds, in `timestamp` too.
//!
//! A whole `logformat <name> <codes>` line reads too; the nicknames are Squid's built-in
//! formats ([`NICKNAMES`]). Sentences are Squid's, from the `logformat` directive's
//! documentation (<https://www.squid-cache.org/Doc/config/logformat/>).

use super::dialect::{self, Row, RowKind};
use super::plan::{Directive, FormatError, Header, Item, Kind, Plan, TimePart};

/// Squid's built-in formats, as squid.conf's `logformat` documentation gives them.
pub const NICKNAMES: [(&str, &str); 3] = [
    ("squid", "%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt"),
    ("squid_common", r#"%>a %[ui %[un [%tl] "%rm %ru HTTP/%rv" %>Hs %<st %Ss:%Sh"#),
    (
        "squid_combined",
        r#"%>a %[ui %[un [%tl] "%rm %ru HTTP/%rv" %>Hs %<st "%{Referer}>h" "%{User-Agent}>h" %Ss:%Sh"#,
    ),
];

/// What `log_mime_hdrs on` appends to the built-in formats' lines: "a safely encoded
/// copy of the mime headers appended to each line within a pair of brackets", the
/// request's and the reply's, each in Squid's `[` encoding (`%`, `[`, `]` and bytes
/// outside 32..126 as `%XX`, CR and LF as `\r` and `\n`), as `%[>h` and `%[<h` log them.
pub const MIME_HEADERS: &str = " [%[>h] [%[<h]";

macro_rules! code {
    ($form:literal, $key:literal, $kind:ident $(($n:literal))?, $doc:literal) => {
        Row { form: $form, key: $key, kind: RowKind::$kind $(($n))?, doc: $doc }
    };
}

/// The codes firelog reads, with Squid's words for each.
pub const CODES: &[Row] = &[
    code!("%%", "", Percent, "a literal % character"),
    code!("%>a", "host", Host, "Client source IP address"),
    code!("%>A", "client_fqdn", Host, "Client FQDN"),
    code!("%>p", "remote_port", Integer, "Client source port"),
    code!("%>la", "server_ip", Host, "Local IP address the client connected to"),
    code!("%>lp", "port", Integer, "Local port number the client connected to"),
    code!("%la", "listening_ip", Host, "Local listening IP address the client connection was connected to."),
    code!(
        "%lp",
        "listening_port",
        Integer,
        "Local listening port number the client connection was connected to."
    ),
    code!("%<a", "upstream_ip", Text, "Server IP address of the last server or peer connection"),
    code!("%<A", "upstream_host", Text, "Server FQDN or peer name"),
    code!("%<p", "upstream_port", Integer, "Server port number of the last server or peer connection"),
    code!("%<la", "upstream_local_ip", Text, "Local IP address of the last server or peer connection"),
    code!("%<lp", "upstream_local_port", Integer, "Local port number of the last server or peer connection"),
    code!("%ts.%03tu", "timestamp", EpochMillis, "Seconds since epoch, and subsecond time (milliseconds)"),
    code!("%ts", "timestamp", Epoch(0), "Seconds since epoch"),
    code!("%tu", "subsecond_ms", Integer, "subsecond time (milliseconds)"),
    code!(
        "%{format}tl.%03tu",
        "timestamp",
        Fraction(3),
        "subsecond time (milliseconds), after a strftime time (%tl or %tg) and a dot"
    ),
    code!(
        "%tl",
        "timestamp",
        ClfInner,
        "Local time. Optional strftime format argument default %d/%b/%Y:%H:%M:%S %z"
    ),
    code!(
        "%{format}tl",
        "timestamp",
        Strftime,
        "Local time. Optional strftime format argument default %d/%b/%Y:%H:%M:%S %z"
    ),
    code!(
        "%tg",
        "timestamp",
        ClfInner,
        "GMT time. Optional strftime format argument default %d/%b/%Y:%H:%M:%S %z"
    ),
    code!(
        "%{format}tg",
        "timestamp",
        Strftime,
        "GMT time. Optional strftime format argument default %d/%b/%Y:%H:%M:%S %z"
    ),
    code!("%tr", "duration_ms", Integer, "Response time (milliseconds)"),
    code!("%dt", "dns_ms", Integer, "Total time spent making DNS lookups (milliseconds)"),
    code!(
        "%tS",
        "start_time",
        Decimal,
        "Approximate master transaction start time in <full seconds since epoch>.<fractional seconds> format."
    ),
    code!("%ea", "ext_log", Text, "Log string returned by external acl"),
    code!("%et", "ext_tag", Text, "Tag returned by external acl"),
    code!("%un", "user", Name, "User name (any available)"),
    code!("%ul", "auth_user", Name, "User name from authentication"),
    code!("%ue", "ext_user", Name, "User name from external acl helper"),
    code!("%ui", "ident", Name, "User name from ident"),
    code!("%us", "ssl_user", Name, "User name from SSL"),
    code!("%rm", "method", Text, "Request method (GET/POST etc)"),
    code!("%>rm", "client_method", Text, "Request method from client"),
    code!("%<rm", "upstream_method", Text, "Request method sent to server or peer"),
    code!("%ru", "path", Text, "Request URL received (or computed) and sanitized"),
    code!("%>ru", "client_url", Text, "Request URL received from the client (or computed)"),
    code!("%<ru", "upstream_url", Text, "Request URL sent to server or peer"),
    code!("%>rs", "scheme", Text, "Request URL scheme from client"),
    code!("%<rs", "upstream_scheme", Text, "Request URL scheme sent to server or peer"),
    code!("%>rd", "url_domain", Text, "Request URL domain from client"),
    code!("%<rd", "upstream_domain", Text, "Request URL domain sent to server or peer"),
    code!("%>rP", "url_port", Integer, "Request URL port from client"),
    code!("%<rP", "upstream_url_port", Integer, "Request URL port sent to server or peer"),
    code!("%rp", "url_path", Text, "Request URL path excluding hostname"),
    code!("%>rp", "client_url_path", Text, "Request URL path excluding hostname from client"),
    code!("%<rp", "upstream_url_path", Text, "Request URL path excluding hostname sent to server or peer"),
    code!(
        "HTTP/%rv",
        "protocol",
        Text,
        "Request protocol version (after the literal HTTP/, read as one: HTTP/1.1)"
    ),
    code!("%rv", "protocol_version", Text, "Request protocol version"),
    code!("%>rv", "client_protocol_version", Text, "Request protocol version from client"),
    code!("%<rv", "upstream_protocol_version", Text, "Request protocol version sent to server or peer"),
    code!(
        "%>h",
        "request_headers",
        Text,
        "Original received request header. Usually differs from the request header sent by Squid, although most fields are often preserved."
    ),
    code!("%{Name}>h", "NAME", Text, "Original received request header."),
    code!(
        "%{Name}>ha",
        "adapted_NAME",
        Text,
        "Received request header after adaptation and redirection (pre-cache REQMOD vectoring point)."
    ),
    code!("%<Hs", "upstream_status", Status, "HTTP status code received from the next hop"),
    code!("%>Hs", "status", Status, "HTTP status code sent to the client"),
    code!("%Hs", "status", Status, "HTTP status code sent to the client (the code's name before Squid 3.2)"),
    code!("%<h", "reply_headers", Text, "Reply header."),
    code!("%{Name}<h", "response_NAME", Text, "Reply header."),
    code!("%mt", "content_type", Text, "MIME content type"),
    code!("%st", "total_bytes", Integer, "Total size of request + reply traffic with client"),
    code!("%>st", "bytes_received", Integer, "Total size of request received from client."),
    code!("%<st", "bytes", Integer, "Total size of reply sent to client (after adaptation)"),
    code!("%>sh", "request_header_bytes", Integer, "Size of request headers received from client"),
    code!(
        "%<sh",
        "response_header_bytes",
        Integer,
        "Size of reply headers sent to client (after adaptation)"
    ),
    code!("%<sH", "reply_high_offset", Integer, "Reply high offset sent"),
    code!("%<sS", "upstream_object_bytes", Integer, "Upstream object size"),
    code!(
        "%<bs",
        "upstream_body_bytes",
        Integer,
        "Number of HTTP-equivalent message body bytes received from the next hop"
    ),
    code!("%<pt", "peer_response_ms", Integer, "Peer response time in milliseconds."),
    code!("%<tt", "upstream_total_ms", Integer, "Total time in milliseconds."),
    code!("%Ss", "result_code", Text, "Squid request status (TCP_MISS etc)"),
    code!("%Sh", "hierarchy_code", Text, "Squid hierarchy status (DEFAULT_PARENT etc)"),
    code!("%sn", "sequence_number", Integer, "Unique sequence number per log line entry"),
    code!(
        "%err_code",
        "error_code",
        Text,
        "The ID of an error response served by Squid or a similar internal error identifier."
    ),
    code!("%err_detail", "error_detail", Text, "Additional err_code-dependent error information."),
    code!(
        "%master_xaction",
        "master_xaction",
        Integer,
        "The master transaction identifier is an unsigned integer."
    ),
    code!("%{Name}note", "note_NAME", Text, "The annotation specified by the argument."),
    // SSL-related format codes (squid.conf's logformat, "SSL-related format codes"); `>` is
    // the client's connection, `<` the last server's or peer's, as `%>rm` and `%<rm` are.
    code!(
        "%ssl::bump_mode",
        "ssl_bump_mode",
        Text,
        "SslBump decision for the transaction: the SslBump mode (splice, bump, peek, stare, terminate, server-first or client-first), none for a none rule, a single dash (-) in all other cases."
    ),
    code!("%ssl::>sni", "ssl_sni", Text, "SSL client SNI sent to Squid."),
    code!(
        "%ssl::>cert_subject",
        "ssl_client_cert_subject",
        Text,
        "The Subject field of the received client SSL certificate or a dash ('-') if Squid has received an invalid/malformed certificate or no certificate at all."
    ),
    code!(
        "%ssl::>cert_issuer",
        "ssl_client_cert_issuer",
        Text,
        "The Issuer field of the received client SSL certificate or a dash ('-') if Squid has received an invalid/malformed certificate or no certificate at all."
    ),
    code!(
        "%ssl::<cert_subject",
        "ssl_upstream_cert_subject",
        Text,
        "The Subject field of the received server TLS certificate or a dash ('-') if this is not available."
    ),
    code!(
        "%ssl::<cert_issuer",
        "ssl_upstream_cert_issuer",
        Text,
        "The Issuer field of the received server TLS certificate or a dash ('-') if this is not available."
    ),
    code!(
        "%ssl::<cert_errors",
        "ssl_upstream_cert_errors",
        Text,
        "The list of certificate validation errors detected by Squid (including OpenSSL and certificate validation helper components)."
    ),
    code!(
        "%ssl::>negotiated_version",
        "ssl_client_negotiated_version",
        Text,
        "The negotiated TLS version of the client connection."
    ),
    code!(
        "%ssl::<negotiated_version",
        "ssl_upstream_negotiated_version",
        Text,
        "The negotiated TLS version of the last server or peer connection."
    ),
    code!(
        "%ssl::>received_hello_version",
        "ssl_client_received_hello_version",
        Text,
        "The TLS version of the Hello message received from TLS client."
    ),
    code!(
        "%ssl::<received_hello_version",
        "ssl_upstream_received_hello_version",
        Text,
        "The TLS version of the Hello message received from TLS server."
    ),
    code!(
        "%ssl::>received_supported_version",
        "ssl_client_received_supported_version",
        Text,
        "The maximum TLS version supported by the TLS client."
    ),
    code!(
        "%ssl::<received_supported_version",
        "ssl_upstream_received_supported_version",
        Text,
        "The maximum TLS version supported by the TLS server."
    ),
    code!(
        "%ssl::>negotiated_cipher",
        "ssl_client_negotiated_cipher",
        Text,
        "The negotiated cipher of the client connection."
    ),
    code!(
        "%ssl::<negotiated_cipher",
        "ssl_upstream_negotiated_cipher",
        Text,
        "The negotiated cipher of the last server or peer connection."
    ),
];

/// A format in Squid's form: one of [`NICKNAMES`], or a whole `logformat <name> <codes>`
/// line; `None` for any other text (another reader's).
pub fn read(text: &str) -> Option<Result<Plan, FormatError>> {
    let text = text.trim();
    if let Some((_, codes)) = NICKNAMES.iter().find(|(name, _)| *name == text) {
        return Some(parse(&format!("{codes}{MIME_HEADERS}"), 0));
    }
    let rest = text.strip_prefix("logformat ")?.trim_start();
    let name_end = rest.find([' ', '\t']).unwrap_or(rest.len());
    let codes = rest[name_end..].trim_start();
    Some(parse(codes, text.len() - codes.len()))
}

/// The item of a nickname's plan from which the rest of a line may be absent: the MIME
/// headers `log_mime_hdrs on` adds ([`MIME_HEADERS`]); `None` for any other format.
pub fn mime_headers_from(text: &str, plan: &Plan) -> Option<usize> {
    NICKNAMES.iter().find(|(name, _)| *name == text.trim())?;
    let request_headers =
        plan.items.iter().rposition(|item| matches!(item, Item::Directive(d) if d.text == "%[>h"))?;
    // From the literal ` [` before them.
    request_headers.checked_sub(1)
}

/// A code's parts as written: its modifiers and argument, and the row it reads by.
struct Code {
    /// `-`: left aligned.
    left: bool,
    /// A width that pads with spaces (not `0`).
    spaces: bool,
    /// The width as written (`03` in `%03tu`), empty without one.
    width: String,
    argument: Option<String>,
    row: &'static Row,
}

/// Reads Squid's codes (`offset`: how many characters come before them, for positions).
pub fn parse(codes: &str, offset: usize) -> Result<Plan, FormatError> {
    let mut items = Vec::new();
    let mut literal = Vec::new();
    let mut i = 0;
    while i < codes.len() {
        let rest = &codes[i..];
        let position = offset + codes[..i].chars().count() + 1;
        if let Some(after) = rest.strip_prefix("%%") {
            literal.push(b'%');
            i = codes.len() - after.len();
            continue;
        }
        if !rest.starts_with('%') {
            let c = rest.chars().next().unwrap_or(' ');
            let mut utf8 = [0; 4];
            literal.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            i += c.len_utf8();
            continue;
        }
        let (code, used) = read_code(rest, position)?;
        let mut row = code.row;
        let mut text = rest[..used].to_string();
        // `HTTP/%rv`: the literal and the version are one `protocol`.
        if row.form == "%rv" && literal.ends_with(b"HTTP/") {
            literal.truncate(literal.len() - 5);
            row = find("HTTP/%rv").unwrap_or(row);
            text = format!("HTTP/{text}");
        }
        // `%{format}tl.%03tu`: the milliseconds after a strftime time are its fraction,
        // as `%ts.%03tu`'s are (a `%tu` elsewhere is `subsecond_ms`).
        if row.form == "%tu" && code.width == "03" && literal.ends_with(b".") && after_strftime(&items) {
            row = find("%{format}tl.%03tu").unwrap_or(row);
        }
        let kind = directive_kind(&code, row, &text, position)?;
        let Some(key) = dialect::named(row.key, code.argument.as_deref()) else {
            return Err(FormatError(format!("{text} at position {position} needs a {{name}}")));
        };
        dialect::flush(&mut items, &mut literal);
        let header = header(&text, &code);
        items.push(Item::Directive(Directive {
            text,
            position,
            key,
            alt_key: alt_key(row, &code),
            kind,
            header,
        }));
        i += used;
    }
    dialect::flush(&mut items, &mut literal);
    dialect::plan(items)
}

/// A request header's key is its name (`referer`), or `http_` and it beside another field
/// of that key, as Apache's `%{Name}i` is.
fn alt_key(row: &Row, code: &Code) -> Option<String> {
    match row.form {
        "%{Name}>h" => dialect::named("http_NAME", code.argument.as_deref()),
        "%rm" | "%ru" => Some(format!("request_{}", row.key)),
        _ => None,
    }
}

/// The plan's kind of a code: a width that pads with spaces reads a number as padded, and
/// fails on anything else.
fn directive_kind(code: &Code, row: &Row, text: &str, position: usize) -> Result<Kind, FormatError> {
    let kind = row.kind.kind(code.argument.as_deref());
    let kind = kind.ok_or_else(|| FormatError(format!("{text} at position {position} is no field")))?;
    if !code.spaces {
        return Ok(kind);
    }
    match (code.left, &kind) {
        (false, Kind::Integer { .. } | Kind::Status) => Ok(Kind::Padded),
        _ => Err(FormatError(format!(
            "{text} at position {position} pads its value with spaces, which a line cannot tell \
             from the separators: firelog reads a width only right-aligned on a number (%6tr) \
             or with zeros (%03tu)"
        ))),
    }
}

/// Whether the last field of `items` is a time in a strftime format (`%{format}tl`).
fn after_strftime(items: &[Item]) -> bool {
    let last = items.iter().rev().find_map(|item| match item {
        Item::Directive(d) => Some(d),
        Item::Literal(_) => None,
    });
    last.is_some_and(|d| matches!(d.kind, Kind::Time(TimePart::Strftime(_))))
}

/// A row read only after another code (`%{format}tl.%03tu`'s fraction), not by its own text.
fn is_fraction(row: &Row) -> bool {
    matches!(row.kind, RowKind::Fraction(_))
}

/// The row of `form`.
fn find(form: &str) -> Option<&'static Row> {
    CODES.iter().find(|r| r.form == form)
}

/// The code a row reads, without `%` and its argument: `>h` for `%{Name}>h`.
fn code_of(form: &'static str) -> &'static str {
    let form = form.strip_prefix('%').unwrap_or(form);
    form.strip_prefix("{Name}").or_else(|| form.strip_prefix("{format}")).unwrap_or(form)
}

/// One code from its `%` (`text` starts with it): the code and how many bytes it takes.
fn read_code(text: &str, position: usize) -> Result<(Code, usize), FormatError> {
    let b = text.as_bytes();
    let mut i = 1;
    if matches!(b.get(i), Some(b'"' | b'[' | b'#' | b'/' | b'\'')) {
        i += 1;
    }
    let left = b.get(i) == Some(&b'-');
    if left {
        i += 1;
    }
    let width_start = i;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
        i += 1;
    }
    let width = &text[width_start..i];
    let spaces = !width.is_empty() && !width.starts_with('0');
    let mut argument = None;
    let brace = |i: usize| -> Result<Option<(String, usize)>, FormatError> {
        if b.get(i) != Some(&b'{') {
            return Ok(None);
        }
        let close = text[i..]
            .find('}')
            .ok_or_else(|| FormatError(format!("the {{ of the code at position {position} is not closed")))?;
        Ok(Some((text[i + 1..i + close].to_string(), i + close + 1)))
    };
    if let Some((arg, next)) = brace(i)? {
        argument = Some(arg);
        i = next;
    }
    if text[i..].starts_with("http::") {
        i += "http::".len();
    }
    let rest = &text[i..];
    let with_argument = |r: &&Row| dialect::takes_argument(r.form) == argument.is_some();
    let row = CODES
        .iter()
        .filter(|r| r.form.starts_with('%') && r.kind != RowKind::Percent && !is_fraction(r))
        .filter(|r| rest.starts_with(code_of(r.form)))
        .max_by_key(|r| (code_of(r.form).len(), with_argument(r)))
        .ok_or_else(|| {
            let shown: String = text.chars().take(12).collect();
            FormatError(format!(
                "{shown} at position {position} is not a Squid code firelog reads (it reads {})",
                supported()
            ))
        })?;
    i += code_of(row.form).len();
    if argument.is_none()
        && let Some((arg, next)) = brace(i)?
    {
        argument = Some(arg);
        i = next;
    }
    // A code that takes an argument has its row with `{Name}`, or its default without.
    let row = CODES
        .iter()
        .filter(|r| code_of(r.form) == code_of(row.form) && r.form.starts_with('%'))
        .find(|r| dialect::takes_argument(r.form) == argument.is_some())
        .ok_or_else(|| {
            FormatError(format!(
                "{} at position {position} {}",
                &text[..i],
                if argument.is_some() { "takes no {argument}" } else { "needs a {name}" }
            ))
        })?;
    Ok((Code { left, spaces, width: width.to_string(), argument, row }, i))
}

/// The codes, for an error.
fn supported() -> String {
    let forms: Vec<&str> = CODES.iter().map(|r| r.form).collect();
    forms.join(" ")
}

/// `%{Name}>h` logs a request header, `%{Name}<h` a reply header (as written, without a
/// modifier or `http::`).
fn header(text: &str, code: &Code) -> Option<Header> {
    let name = code.argument.as_deref()?;
    let letter = text.strip_prefix("%{")?.strip_prefix(name)?.strip_prefix('}')?;
    match letter {
        ">h" => Some(Header::request(name)),
        "<h" => Some(Header::response(name)),
        _ => None,
    }
}
