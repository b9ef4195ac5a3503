//! JSON access logs read by their keys: for each JSON logger firelog has a nickname for
//! (`caddy`, `traefik_json`, `envoy_json`) the key paths it writes, each with the key and
//! type it becomes, and a user's own mapping of key paths to keys
//! (`LOG_FORMAT=json:timestamp=ts,status=status,...`).
//!
//! Pure data and the mapping's parser: the reader of a line's keys and the matcher use
//! them; this module reads no line. A key path is the keys from the object's top to the
//! value, joined by `.` (`request.headers.User-Agent`). The core keys (`timestamp`,
//! `host`, `method`, `path`, `protocol`, `status`, `bytes`, `referer`, `user_agent`) are
//! given only where the product's value means what `%h`, `%r`, `%>s`, `%b`, `%{Referer}i`
//! and `%{User-agent}i` mean; anything else keeps the product's name in snake case, or
//! nginx's name for the same thing (`remote_port`, `ssl_server_name`), with its unit
//! (`duration_ms`).
//!
//! How values are read, for the reader: a JSON number, or a string holding one (Envoy's
//! `json_format` renders every value as a string, Caddy logs `remote_port` as one), reads
//! as the number; `"-"` (Envoy's and Traefik's unset value) and `null` are null; an array
//! of strings, as Go logs a header (`"User-Agent": ["curl/7.82.0"]`), reads as its first
//! string; `true` and `false` in a text field are the strings `"true"` and `"false"`.

use super::plan::{Directive, Item, Kind, Plan, TimePart};
use crate::timestamp::{self, UtcTime};

/// One key path a JSON logger writes, and what firelog makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonField {
    /// The keys from the top of the object to the value, joined by `.`.
    pub path: &'static str,
    /// The JSON key firelog writes the value under.
    pub key: &'static str,
    /// What the value is.
    pub kind: JsonKind,
    /// Whether the logger writes it unless told otherwise (a header Traefik keeps only
    /// when its configuration names it is not).
    pub by_default: bool,
    /// What the product's documentation says the key holds, for docs/formats.md's table.
    pub doc: &'static str,
}

/// The forms of a time in a JSON log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonTime {
    /// RFC 3339 or ISO 8601 with 0 to 9 fraction digits and `Z` or an offset:
    /// `2020-06-05T17:39:20.123456789Z` ([`timestamp::parse_rfc3339`]).
    Rfc3339,
    /// A number of 10^-n seconds since the epoch with an optional fraction:
    /// `1591376760.1234567` is `Epoch(0)` ([`timestamp::parse_epoch`]).
    Epoch(u8),
    /// The Common Log Format's, without brackets: `05/Jun/2020:17:39:20 +0000`.
    Clf,
    /// Any of these, told by its form, an epoch number's unit by its digits
    /// ([`timestamp::parse_any`]): a mapping's `timestamp`, whose writer is not known.
    Any,
}

impl JsonTime {
    /// The time in UTC and its nanoseconds, or `None` when the text is not in this form.
    pub fn read(self, text: &[u8]) -> Option<(UtcTime, u32)> {
        match self {
            JsonTime::Rfc3339 => timestamp::parse_rfc3339(text),
            JsonTime::Epoch(unit) => timestamp::parse_epoch(text, unit),
            JsonTime::Clf => timestamp::parse_clf(text).map(|t| (t, 0)),
            JsonTime::Any => timestamp::parse_any(text),
        }
    }

    /// The plan's part for this form (every form has one; `Option` for a form to come).
    pub fn part(self) -> Option<TimePart> {
        Some(match self {
            JsonTime::Rfc3339 => TimePart::Rfc3339,
            JsonTime::Clf => TimePart::ClfInner,
            JsonTime::Epoch(unit) => TimePart::EpochNumber(unit),
            JsonTime::Any => TimePart::AnyForm,
        })
    }

    fn describe(self) -> &'static str {
        match self {
            JsonTime::Rfc3339 => "RFC 3339",
            JsonTime::Epoch(0) => "seconds since the epoch (a fraction reads too)",
            JsonTime::Epoch(3) => "milliseconds since the epoch (a fraction reads too)",
            JsonTime::Epoch(9) => "nanoseconds since the epoch",
            JsonTime::Epoch(_) => "a number since the epoch",
            JsonTime::Clf => "the Common Log Format's",
            JsonTime::Any => "RFC 3339, the Common Log Format's, or a number since the epoch",
        }
    }
}

/// The types of the tables, without payloads (so the tables can be `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// An address or host name, written as logged (`ip:port` and lists too).
    Host,
    /// An `ip:port` address: the address (the row's key) and the port (this key), apart.
    Endpoint(&'static str),
    /// A user name; `-` is null, `""` stays the empty string.
    Name,
    /// Any text; `-` is null.
    Text,
    /// A comma-separated list (`X-Forwarded-For`), written as logged.
    List,
    /// A three-digit status.
    Status,
    /// A whole number; `-` is null.
    Integer,
    /// A number with an optional fraction, written as logged.
    Decimal,
    /// The request's time: `timestamp`, in UTC.
    Time(JsonTime),
    /// Another time, written as logged (a string).
    TimeText(JsonTime),
}

impl JsonKind {
    /// The plan's kind; `None` for a time form the plan has no part for (see
    /// [`JsonTime::part`]).
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            JsonKind::Host => Kind::Host,
            JsonKind::Endpoint(port) => Kind::Endpoint { port: port.into() },
            JsonKind::Name => Kind::Name,
            JsonKind::Text => Kind::Text,
            JsonKind::List => Kind::List,
            JsonKind::Status => Kind::Status,
            JsonKind::Integer => Kind::Integer { dash_is_zero: false },
            JsonKind::Decimal => Kind::Decimal,
            JsonKind::Time(t) => Kind::Time(t.part()?),
            JsonKind::TimeText(t) => Kind::TimeText(t.part()?),
        })
    }

    /// The JSON type and how a value is read, for the formats page's tables.
    pub fn describe(self) -> String {
        match self {
            JsonKind::Host => "string, as logged; `-` is null".into(),
            JsonKind::Endpoint(port) => format!(
                "string: the address without its port (`[ ]` too); `{port}`: the port, an integer; `-` is null for both"
            ),
            JsonKind::Name => "string; `-` is null".into(),
            JsonKind::Text => "string; `-` is null".into(),
            JsonKind::List => "string, as logged (`a, b`); `-` is null".into(),
            JsonKind::Status => "integer; `-` is null".into(),
            JsonKind::Integer => "integer; `-` is null".into(),
            JsonKind::Decimal => "number as logged; `-` is null".into(),
            JsonKind::Time(t) => format!("RFC 3339 UTC string, from {}", t.describe()),
            JsonKind::TimeText(t) => format!("string as logged ({})", t.describe()),
        }
    }
}

macro_rules! field {
    ($path:literal, $key:literal, $kind:expr, $doc:literal) => {
        JsonField { path: $path, key: $key, kind: $kind, by_default: true, doc: $doc }
    };
    ($path:literal, $key:literal, $kind:expr, kept, $doc:literal) => {
        JsonField { path: $path, key: $key, kind: $kind, by_default: false, doc: $doc }
    };
}

use JsonKind::{Decimal, Endpoint, Host, Integer, List, Name, Status, Text, Time, TimeText};

/// Caddy's access log (logger `http.log.access`) with `format json` and Caddy's default
/// `duration_format seconds` (`time_format` may be any of its forms with a zone), as its docs show it
/// (caddyserver.com/docs/logging). Sentences are Caddy's docs' own: the `log` directive's
/// (time and key options, `ip_mask`'s fields) and the placeholders' table of the same
/// values; where Caddy documents none, the sentence is in parentheses, from its source.
#[rustfmt::skip]
pub const CADDY: &[JsonField] = &[
    field!("level", "level", Text, "The key for the level field of the log entry."),
    // Any of `time_format`'s forms with a zone: seconds (the default), milliseconds or
    // nanoseconds since the epoch (told by their digits), iso8601, rfc3339, common_log.
    field!("ts", "timestamp", Time(JsonTime::Any), "The format for timestamps."),
    field!("logger", "logger", Text, "Each message is emitted by a logger, which has a name (usually derived from the module ID)."),
    field!("msg", "msg", Text, "The key for the message field of the log entry."),
    field!("request.remote_ip", "host", Host, "request>remote_ip for the directly connecting client"),
    field!("request.remote_port", "remote_port", Integer, "The port part of the remote client's address"),
    field!("request.client_ip", "client_ip", Host, "request>client_ip for the parsed \"real client\" when trusted_proxies is configured"),
    field!("request.proto", "protocol", Text, "The protocol of the request"),
    field!("request.method", "method", Text, "The request method"),
    field!("request.host", "server_name", Host, "(the request's Host, as the client sent it)"),
    field!("request.uri", "path", Text, "The full request URI"),
    field!("request.headers.User-Agent", "user_agent", Text, "Specific request header field"),
    field!("request.headers.Referer", "referer", Text, "Specific request header field"),
    field!("request.tls.resumed", "tls_resumed", Text, "(whether the TLS session was resumed)"),
    field!("request.tls.version", "tls_version", Integer, "(the TLS version, as Go numbers it: 772 is TLS 1.3)"),
    field!("request.tls.cipher_suite", "tls_cipher_suite", Integer, "(the TLS cipher suite, as Go numbers it)"),
    field!("request.tls.proto", "tls_proto", Text, "(the protocol negotiated by ALPN: h2, http/1.1)"),
    field!("request.tls.server_name", "ssl_server_name", Text, "(the server name the client asked for by SNI)"),
    field!("bytes_read", "body_bytes_received", Integer, "(bytes of the request body read)"),
    field!("user_id", "user", Name, "(the authenticated user's ID, {http.auth.user.id}; empty when none)"),
    field!("duration", "duration_s", Decimal, "Floating-point number of seconds elapsed."),
    field!("size", "bytes", Integer, "(bytes of the response body written)"),
    field!("status", "status", Status, "(the response's status code)"),
    field!("resp_headers.Content-Type", "response_content_type", Text, "Specific response header field"),
];

/// Traefik's access log with `format: json`: the fields it writes by default (all of
/// them, `fields.defaultMode: keep`), the two request headers firelog names (written only
/// when `fields.headers` keeps them: headers are dropped by default), and the keys its
/// JSON writer (logrus) adds. Sentences are Traefik's docs' own ("Available Fields",
/// doc.traefik.io/traefik/observability/access-logs/). `host` is `ClientAddr`, the peer
/// as `%h` is, with its port: Traefik writes the request's `X-Forwarded-For` in
/// `ClientHost` when it has one (`pkg/middlewares/accesslog/logger.go`).
#[rustfmt::skip]
pub const TRAEFIK_JSON: &[JsonField] = &[
    field!("ClientAddr", "client_addr", Host, "The remote address in its original form (usually IP:port)."),
    field!("ClientHost", "host", Host, "The remote IP address from which the client request was received."),
    field!("ClientPort", "remote_port", Integer, "The remote TCP port from which the client request was received."),
    field!("ClientUsername", "user", Name, "The username provided in the URL, if present."),
    field!("DownstreamContentSize", "bytes", Integer, "The number of bytes in the response entity returned to the client."),
    field!("DownstreamStatus", "status", Status, "The HTTP status code returned to the client."),
    field!("Duration", "duration_ns", Integer, "The total time taken (in nanoseconds) by processing the response, including the origin server's time but not the log writing time."),
    field!("OriginContentSize", "origin_content_size", Integer, "The content length specified by the origin server, or 0 if unspecified."),
    field!("OriginDuration", "origin_duration_ns", Integer, "The time taken (in nanoseconds) by the origin server ('upstream') to return its response."),
    field!("OriginStatus", "origin_status", Integer, "The HTTP status code returned by the origin server. If the request was handled by this Traefik instance (e.g. with a redirect), then this value will be absent (0)."),
    field!("Overhead", "overhead_ns", Integer, "The processing time overhead (in nanoseconds) caused by Traefik."),
    field!("RequestAddr", "request_addr", Host, "The HTTP Host header (usually IP:port). This is treated as not a header by the Go API."),
    field!("RequestContentSize", "body_bytes_received", Integer, "The number of bytes in the request entity (a.k.a. body) sent by the client."),
    field!("RequestCount", "request_count", Integer, "The number of requests received since the Traefik instance started."),
    field!("RequestHost", "server_name", Host, "The HTTP Host server name (not including port)."),
    field!("RequestMethod", "method", Text, "The HTTP method."),
    field!("RequestPath", "path", Text, "The HTTP request URI, not including the scheme, host or port."),
    field!("RequestPort", "request_port", Integer, "The TCP port from the HTTP Host."),
    field!("RequestProtocol", "protocol", Text, "The version of HTTP requested."),
    field!("RequestScheme", "scheme", Text, "The HTTP scheme requested http or https."),
    field!("RetryAttempts", "retry_attempts", Integer, "The amount of attempts the request was retried."),
    field!("RouterName", "router_name", Text, "The name of the Traefik router."),
    field!("ServiceAddr", "service_addr", Host, "The IP:port of the Traefik backend (extracted from ServiceURL)"),
    field!("ServiceName", "service_name", Text, "The name of the Traefik backend."),
    field!("ServiceURL", "service_url", Text, "The URL of the Traefik backend."),
    // The JSON log writes ServiceURL as Go's url.URL, an object (`AddServiceFields`):
    // `service_url` is then null, and its parts are read (`Host` is `ServiceAddr`).
    field!("ServiceURL.Scheme", "service_url_scheme", Text, "(the scheme of ServiceURL, which the JSON log writes as Go's url.URL object)"),
    field!("ServiceURL.Path", "service_url_path", Text, "(the path of ServiceURL, the request's after Traefik's middlewares, in the url.URL object)"),
    field!("StartLocal", "start_local", TimeText(JsonTime::Rfc3339), "The local time at which request processing started."),
    field!("StartUTC", "timestamp", Time(JsonTime::Rfc3339), "The time at which request processing started."),
    field!("GzipRatio", "gzip_ratio", Decimal, "The response body compression ratio achieved."),
    field!("TLSVersion", "tls_version", Text, "The TLS version used by the connection (e.g. 1.2) (if connection is TLS)."),
    field!("TLSCipher", "tls_cipher", Text, "The TLS cipher used by the connection (e.g. TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA) (if connection is TLS)"),
    field!("TLSClientSubject", "tls_client_subject", Text, "The string representation of the TLS client certificate's Subject (e.g. CN=username,O=organization)"),
    field!("request_User-Agent", "user_agent", Text, kept, "(the User-Agent request header, joined by , when sent twice)"),
    field!("request_Referer", "referer", Text, kept, "(the Referer request header)"),
    field!("level", "level", Text, "(logrus's level: info)"),
    field!("msg", "msg", Text, "(logrus's message: empty)"),
    field!("time", "time", TimeText(JsonTime::Rfc3339), "(logrus's time of the write, RFC 3339 in local time)"),
];

/// Envoy's access log as JSON with the keys Istio gives its default format
/// (`accessLogEncoding: JSON`: Istio's `EnvoyJSONLogFormatIstio`, each key the snake case
/// of an operator of Envoy's documented default format string). Envoy itself documents no
/// default JSON: its default format is text. Sentences are Envoy's docs' own, of each key's
/// command operator (envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage).
#[rustfmt::skip]
pub const ENVOY_JSON: &[JsonField] = &[
    field!("start_time", "timestamp", Time(JsonTime::Rfc3339), "Request start time including milliseconds."),
    field!("route_name", "route_name", Text, "Name of the route."),
    field!("method", "method", Text, "An HTTP request header (:METHOD)"),
    field!("path", "path", Text, "An HTTP request header (X-ENVOY-ORIGINAL-PATH, else :PATH)"),
    field!("protocol", "protocol", Text, "Protocol. Currently either HTTP/1.1 HTTP/2 or HTTP/3."),
    field!("response_code", "status", Status, "HTTP response code."),
    field!("response_flags", "response_flags", Text, "Additional details about the response or connection, if any."),
    field!("response_code_details", "response_code_details", Text, "HTTP response code details provides additional information about the response code, such as who set it (the upstream or envoy) and why."),
    field!("connection_termination_details", "connection_termination_details", Text, "Connection termination details may provide additional information about why the connection was terminated by Envoy for L4 reasons."),
    field!("bytes_received", "body_bytes_received", Integer, "Body bytes received."),
    field!("bytes_sent", "bytes", Integer, "Body bytes sent."),
    field!("duration", "duration_ms", Integer, "Total duration in milliseconds of the request from the start time to the last byte out."),
    field!("upstream_service_time", "upstream_service_time_ms", Integer, "An HTTP response header (X-ENVOY-UPSTREAM-SERVICE-TIME)"),
    field!("x_forwarded_for", "x_forwarded_for", List, "An HTTP request header (X-FORWARDED-FOR)"),
    field!("user_agent", "user_agent", Text, "An HTTP request header (USER-AGENT)"),
    field!("request_id", "request_id", Text, "An HTTP request header (X-REQUEST-ID)"),
    field!("authority", "authority", Host, "An HTTP request header (:AUTHORITY)"),
    field!("upstream_host", "upstream_host", Host, "Upstream host URL (e.g., tcp://ip:port for TCP connections)."),
    field!("upstream_cluster", "upstream_cluster", Text, "Upstream cluster to which the upstream host belongs to."),
    field!("upstream_local_address", "upstream_local_address", Host, "Local address of the upstream connection. If the address is an IP address it includes both address and port."),
    field!("downstream_local_address", "downstream_local_address", Host, "Local address of the downstream connection. If the address is an IP address it includes both address and port."),
    field!("downstream_remote_address", "host", Endpoint("remote_port"), "Remote address of the downstream connection. If the address is an IP address it includes both address and port."),
    field!("requested_server_name", "ssl_server_name", Text, "String value set on ssl connection socket for Server Name Indication (SNI)"),
    field!("upstream_transport_failure_reason", "upstream_transport_failure_reason", Text, "If upstream connection failed due to transport socket (e.g. TLS handshake), provides the failure reason from the transport socket."),
];

/// The nicknames of JSON logs, their tables and where the tables come from.
pub const NICKNAMES: &[(&str, &[JsonField], &str)] = &[
    ("caddy", CADDY, "https://caddyserver.com/docs/logging"),
    ("traefik_json", TRAEFIK_JSON, "https://doc.traefik.io/traefik/observability/access-logs/"),
    (
        "envoy_json",
        ENVOY_JSON,
        "https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage",
    ),
];

/// The table of a nickname, if it names a JSON log.
pub fn nickname(name: &str) -> Option<&'static [JsonField]> {
    NICKNAMES.iter().find(|(n, _, _)| *n == name).map(|(_, fields, _)| *fields)
}

/// The core keys: what every format means by them, and their types in a mapping.
pub const CORE_KEYS: &[(&str, JsonKind)] = &[
    ("timestamp", Time(JsonTime::Any)),
    ("host", Host),
    ("method", Text),
    ("path", Text),
    ("protocol", Text),
    ("status", Status),
    ("bytes", Integer),
    ("referer", Text),
    ("user_agent", Text),
];

/// The types a mapping's other keys may take (`duration_ms:integer=duration`).
pub const MAPPING_TYPES: &[(&str, JsonKind)] =
    &[("text", Text), ("integer", Integer), ("decimal", Decimal), ("time", TimeText(JsonTime::Any))];

/// One pair of a user's mapping: a key firelog writes, and the key path it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedField {
    /// The JSON key firelog writes.
    pub key: String,
    /// The keys from the top of the object to the value, joined by `.`.
    pub path: String,
    /// What the value is: a core key's type, the pair's `:type`, or text.
    pub kind: JsonKind,
}

/// Why a mapping cannot be read: the pair as written (its number, from 1) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    /// The pair's place in the mapping, counting from 1 (0: the mapping as a whole).
    pub number: usize,
    /// The pair as written.
    pub pair: String,
    /// What is wrong and what is allowed.
    pub reason: String,
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.number == 0 {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "pair {} `{}`: {}", self.number, self.pair, self.reason)
        }
    }
}

impl std::error::Error for MappingError {}

/// Reads a user's mapping: `firelog_key=json.key.path` pairs separated by commas
/// (`timestamp=ts,method=request.method,status=status`), the text after `json:` in
/// `LOG_FORMAT` (a leading `json:` is taken off too). A core key takes its core type;
/// any other key takes the type after a colon (`duration_s:decimal=duration`: `text`,
/// `integer`, `decimal`, `time`) and is text without one. Spaces around a pair, its `=`
/// and its `:` are ignored, so the mapping can be written over lines in a template.
///
/// A key is lower-case letters, digits and `_`, starting with a letter or `_`, and is
/// mapped once. A key path is keys separated by single dots; a key in it cannot hold `.`,
/// `,`, `=` or white space.
pub fn parse_mapping(text: &str) -> Result<Vec<MappedField>, MappingError> {
    let text = text.strip_prefix("json:").unwrap_or(text);
    let whole = |reason: &str| MappingError { number: 0, pair: String::new(), reason: reason.into() };
    if text.trim().is_empty() {
        return Err(whole("the mapping is empty: write key=json.path pairs separated by commas"));
    }
    let mut fields: Vec<MappedField> = Vec::new();
    for (i, pair) in text.split(',').enumerate() {
        let error = |reason: String| MappingError { number: i + 1, pair: pair.trim().into(), reason };
        let field = parse_pair(pair.trim()).map_err(error)?;
        if fields.iter().any(|f| f.key == field.key) {
            return Err(error(format!("`{}` is mapped twice: a key is read from one path", field.key)));
        }
        fields.push(field);
    }
    Ok(fields)
}

/// One `key[:type]=path`.
fn parse_pair(pair: &str) -> Result<MappedField, String> {
    let Some((left, path)) = pair.split_once('=') else {
        return Err("a pair is key=json.path or key:type=json.path".into());
    };
    let (key, type_name) = match left.split_once(':') {
        Some((key, t)) => (key.trim(), Some(t.trim())),
        None => (left.trim(), None),
    };
    check_key(key)?;
    let path = path.trim();
    check_path(path)?;
    let core = CORE_KEYS.iter().find(|(k, _)| *k == key).map(|(_, kind)| *kind);
    let kind = match (core, type_name) {
        (Some(kind), None) => kind,
        (Some(_), Some(_)) => {
            return Err(format!("`{key}` is a core key: its type is firelog's, so it takes no :type"));
        }
        (None, None) => Text,
        (None, Some(t)) => match MAPPING_TYPES.iter().find(|(name, _)| *name == t) {
            Some((_, kind)) => *kind,
            None => return Err(format!("the type `{t}` is not one of text, integer, decimal, time")),
        },
    };
    Ok(MappedField { key: key.into(), path: path.into(), kind })
}

fn check_key(key: &str) -> Result<(), String> {
    let b = key.as_bytes();
    let ok = b.first().is_some_and(|c| c.is_ascii_lowercase() || *c == b'_')
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!("the key `{key}` is not lower-case letters, digits and _, starting with a letter or _"))
    }
}

fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("the JSON key path is empty".into());
    }
    if path.split('.').any(str::is_empty) {
        return Err(format!(
            "the JSON key path `{path}` has an empty key: keys are separated by single dots"
        ));
    }
    if path.contains('=') {
        return Err(format!("the JSON key path `{path}` holds a second =: a pair has one"));
    }
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("the JSON key path `{path}` holds white space"));
    }
    Ok(())
}

/// A field of a `LOG_FORMAT` shaped like a JSON object (nginx's `escape=json` formats,
/// Apache's JSON-shaped `LogFormat`s): the key path its value sits under, so the format can
/// be read by keys, in any order, as a JSON log is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateField {
    /// The keys from the top of the object to the value, joined by `.`.
    pub path: String,
    /// The directive's index in the plan's items.
    pub item: usize,
    /// Whether the directive is inside a JSON string (`"$status"`) or bare (`$status`).
    pub quoted: bool,
    /// Whether the directive is the whole value: a string with other text or other
    /// directives (`"[$status] $request"`) is a value the directives share.
    pub whole: bool,
}

/// Where the walk over a template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Start,
    BeforeKey,
    InKey,
    AfterKey,
    BeforeValue,
    InString { escaped: bool },
    BareLiteral,
    AfterValue,
    Done,
}

struct Walk {
    at: At,
    /// The keys of the objects the walk is in, and the key being read or last read.
    keys: Vec<String>,
    key: String,
    fields: Vec<TemplateField>,
    /// The fields of the string being read, and whether it has text of its own.
    string_fields: usize,
    string_text: bool,
}

impl Walk {
    fn path(&self) -> String {
        let mut path = self.keys.join(".");
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&self.key);
        path
    }

    /// One byte of the template's literal text; `None` when the text is not JSON's.
    fn byte(&mut self, b: u8) -> Option<()> {
        let space = b.is_ascii_whitespace();
        self.at = match (self.at, b) {
            (At::Start | At::Done, _) if space => self.at,
            (At::Start, b'{') => At::BeforeKey,
            (At::BeforeKey | At::AfterKey | At::BeforeValue | At::AfterValue, _) if space => self.at,
            (At::BeforeKey, b'"') => {
                self.key.clear();
                At::InKey
            }
            (At::BeforeKey | At::AfterValue, b'}') => self.close(),
            (At::InKey, b'"') => At::AfterKey,
            (At::InKey, b'\\') => return None,
            (At::InKey, _) => {
                self.key.push(char::from(b));
                At::InKey
            }
            (At::AfterKey, b':') => At::BeforeValue,
            (At::BeforeValue, b'"') => {
                (self.string_fields, self.string_text) = (0, false);
                At::InString { escaped: false }
            }
            (At::BeforeValue, b'{') => {
                self.keys.push(std::mem::take(&mut self.key));
                At::BeforeKey
            }
            (At::BeforeValue, b'[' | b',' | b'}' | b':') => return None,
            (At::BareLiteral | At::AfterValue, b',') => At::BeforeKey,
            (At::BareLiteral, b'}') => self.close(),
            (At::BeforeValue | At::BareLiteral, _) => At::BareLiteral,
            (At::InString { escaped: false }, b'"') => self.end_string(),
            (At::InString { escaped }, _) => {
                self.string_text = true;
                At::InString { escaped: !escaped && b == b'\\' }
            }
            _ => return None,
        };
        Some(())
    }

    fn close(&mut self) -> At {
        match self.keys.pop() {
            Some(key) => {
                self.key = key;
                At::AfterValue
            }
            None => At::Done,
        }
    }

    fn end_string(&mut self) -> At {
        let whole = self.string_fields == 1 && !self.string_text;
        let n = self.fields.len();
        for f in &mut self.fields[n - self.string_fields..] {
            f.whole = whole;
        }
        At::AfterValue
    }

    /// A directive of the template, at `item`; `None` where JSON has no value.
    fn directive(&mut self, item: usize) -> Option<()> {
        let quoted = match self.at {
            At::InString { escaped: false } => {
                self.string_fields += 1;
                true
            }
            At::BeforeValue => false,
            _ => return None,
        };
        self.fields.push(TemplateField { path: self.path(), item, quoted, whole: !quoted });
        if !quoted {
            self.at = At::AfterValue;
        }
        Some(())
    }
}

/// A JSON template's fields when each is a whole value (`"$status"`, never `"[$status]"`):
/// then the format is read by its keys, in any order.
pub fn whole_template_fields(plan: &Plan) -> Option<Vec<TemplateField>> {
    template_fields(plan).filter(|fields| !fields.is_empty() && fields.iter().all(|f| f.whole))
}

/// The key path of each field of a plan whose literal text makes a JSON object, or `None`
/// when it does not (text before the `{` or after the `}`, a directive in a key or where no
/// value goes, an array, an escape in a key).
pub fn template_fields(plan: &Plan) -> Option<Vec<TemplateField>> {
    let mut walk = Walk {
        at: At::Start,
        keys: Vec::new(),
        key: String::new(),
        fields: Vec::new(),
        string_fields: 0,
        string_text: false,
    };
    for (i, item) in plan.items.iter().enumerate() {
        match item {
            Item::Literal(text) => text.iter().try_for_each(|&b| walk.byte(b))?,
            Item::Directive(_) => walk.directive(i)?,
        }
    }
    (walk.at == At::Done).then_some(walk.fields)
}

/// A JSON log's fields as a plan's directives, each with its key path: a nickname's table
/// (`caddy`, `traefik_json`, `envoy_json`) or a user's mapping (`json:key=path,...`);
/// `None` when `text` names neither. A directive's text is its key path; `path` reads as
/// a URL path (drop rules match it).
pub fn directives(text: &str) -> Option<Result<Vec<(String, Directive)>, String>> {
    let text = text.trim();
    let fields: Vec<(String, String, JsonKind)> = if let Some(table) = nickname(text) {
        table.iter().map(|f| (f.path.to_string(), f.key.to_string(), f.kind)).collect()
    } else if text.starts_with("json:") {
        match parse_mapping(text) {
            Ok(mapping) => mapping.into_iter().map(|f| (f.path, f.key, f.kind)).collect(),
            Err(e) => return Some(Err(format!("the JSON mapping's {e}"))),
        }
    } else {
        return None;
    };
    let mut directives = Vec::new();
    for (i, (path, key, kind)) in fields.into_iter().enumerate() {
        let Some(mut kind) = kind.kind() else {
            return Some(Err(format!("{path}: a time firelog cannot read")));
        };
        if key == "path" && kind == Kind::Text {
            kind = Kind::UrlPath;
        }
        directives.push((
            path.clone(),
            Directive { text: path, position: i + 1, key, alt_key: None, kind, header: None },
        ));
    }
    Some(Ok(directives))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_well_formed() {
        for (name, fields, _) in NICKNAMES {
            for (i, f) in fields.iter().enumerate() {
                assert_eq!(check_key(f.key), Ok(()), "{name}: {}", f.path);
                assert_eq!(check_path(f.path), Ok(()), "{name}: {}", f.path);
                assert!(!f.doc.contains('|') && !f.doc.is_empty(), "{name}: {}'s doc", f.path);
                let later = &fields[i + 1..];
                assert!(later.iter().all(|g| g.key != f.key), "{name}: {} is written twice", f.key);
                assert!(later.iter().all(|g| g.path != f.path), "{name}: {} is read twice", f.path);
                // A core key keeps its core type; the time its own form.
                if let Some((_, core)) = CORE_KEYS.iter().find(|(k, _)| *k == f.key) {
                    match (core, f.kind) {
                        (Time(_), Time(_)) => {}
                        // An address with its port: the address is the core key's.
                        (Host, Endpoint(_)) => {}
                        (core, kind) => assert_eq!(*core, kind, "{name}: {}", f.key),
                    }
                } else {
                    assert!(!matches!(f.kind, Time(_)), "{name}: only timestamp is the request's time");
                }
            }
            for core in ["timestamp", "host", "method", "path", "protocol", "status", "bytes", "user_agent"] {
                assert!(fields.iter().any(|f| f.key == core), "{name} has no {core}");
            }
            assert_eq!(nickname(name).map(<[_]>::len), Some(fields.len()));
        }
        assert_eq!(nickname("json"), None);
    }

    #[test]
    fn kinds_are_the_plans_where_the_plan_has_them() {
        assert_eq!(Status.kind(), Some(Kind::Status));
        assert_eq!(Integer.kind(), Some(Kind::Integer { dash_is_zero: false }));
        assert_eq!(Time(JsonTime::Rfc3339).kind(), Some(Kind::Time(TimePart::Rfc3339)));
        assert_eq!(TimeText(JsonTime::Clf).kind(), Some(Kind::TimeText(TimePart::ClfInner)));
        assert_eq!(JsonKind::Time(JsonTime::Epoch(0)).kind(), Some(Kind::Time(TimePart::EpochNumber(0))));
        // Caddy's `ts`: any of its time_formats.
        assert_eq!(CADDY[1].kind.kind(), Some(Kind::Time(TimePart::AnyForm)));
        assert_eq!(Time(JsonTime::Any).kind(), Some(Kind::Time(TimePart::AnyForm)));
    }

    #[test]
    fn times_are_read_in_each_products_form() {
        let read =
            |t: JsonTime, s: &str| t.read(s.as_bytes()).map(|(utc, nanos)| (utc.year, utc.hour, nanos));
        assert_eq!(read(JsonTime::Epoch(0), "1646861401.5241024"), Some((2022, 21, 524_102_400)));
        assert_eq!(
            read(JsonTime::Rfc3339, "2020-06-05T19:39:20.123456789+02:00"),
            Some((2020, 17, 123_456_789))
        );
        assert_eq!(read(JsonTime::Clf, "05/Jun/2020:19:39:20 +0200"), Some((2020, 17, 0)));
        assert_eq!(read(JsonTime::Any, "1591376760123"), Some((2020, 17, 123_000_000)));
        assert_eq!(read(JsonTime::Rfc3339, "1591376760"), None);
    }

    fn mapped(key: &str, path: &str, kind: JsonKind) -> MappedField {
        MappedField { key: key.into(), path: path.into(), kind }
    }

    #[test]
    fn mappings_that_read() {
        let cases: &[(&str, Vec<MappedField>)] = &[
            (
                "json:timestamp=ts,method=request.method,path=request.uri,status=status,bytes=size,\
                 user_agent=request.headers.User-Agent",
                vec![
                    mapped("timestamp", "ts", Time(JsonTime::Any)),
                    mapped("method", "request.method", Text),
                    mapped("path", "request.uri", Text),
                    mapped("status", "status", Status),
                    mapped("bytes", "size", Integer),
                    mapped("user_agent", "request.headers.User-Agent", Text),
                ],
            ),
            (
                "duration_s:decimal=duration, retries:integer=RetryAttempts,\n  seen:time = StartLocal,\
                 router=RouterName,note:text=a.b.c",
                vec![
                    mapped("duration_s", "duration", Decimal),
                    mapped("retries", "RetryAttempts", Integer),
                    mapped("seen", "StartLocal", TimeText(JsonTime::Any)),
                    mapped("router", "RouterName", Text),
                    mapped("note", "a.b.c", Text),
                ],
            ),
            ("host=:authority", vec![mapped("host", ":authority", Host)]),
            ("_x1=x-envoy-origin-path", vec![mapped("_x1", "x-envoy-origin-path", Text)]),
            ("referer=request_Referer", vec![mapped("referer", "request_Referer", Text)]),
        ];
        for (text, want) in cases {
            assert_eq!(parse_mapping(text).as_ref(), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn mappings_that_do_not_read_say_why() {
        let cases: &[(&str, &str)] = &[
            ("", "the mapping is empty: write key=json.path pairs separated by commas"),
            ("json:", "the mapping is empty: write key=json.path pairs separated by commas"),
            ("status=status,bytes", "pair 2 `bytes`: a pair is key=json.path or key:type=json.path"),
            ("status=status,", "pair 2 ``: a pair is key=json.path or key:type=json.path"),
            (
                "status:integer=status",
                "pair 1 `status:integer=status`: `status` is a core key: its type is firelog's, so it takes no :type",
            ),
            (
                "took:float=duration",
                "pair 1 `took:float=duration`: the type `float` is not one of text, integer, decimal, time",
            ),
            (
                "took:=duration",
                "pair 1 `took:=duration`: the type `` is not one of text, integer, decimal, time",
            ),
            (
                "Method=request.method",
                "pair 1 `Method=request.method`: the key `Method` is not lower-case letters, digits and _, starting with a letter or _",
            ),
            (
                "1st=a",
                "pair 1 `1st=a`: the key `1st` is not lower-case letters, digits and _, starting with a letter or _",
            ),
            (
                "user-agent=a",
                "pair 1 `user-agent=a`: the key `user-agent` is not lower-case letters, digits and _, starting with a letter or _",
            ),
            (
                "=a",
                "pair 1 `=a`: the key `` is not lower-case letters, digits and _, starting with a letter or _",
            ),
            ("status=", "pair 1 `status=`: the JSON key path is empty"),
            (
                "path=request..uri",
                "pair 1 `path=request..uri`: the JSON key path `request..uri` has an empty key: keys are separated by single dots",
            ),
            (
                "path=.uri",
                "pair 1 `path=.uri`: the JSON key path `.uri` has an empty key: keys are separated by single dots",
            ),
            (
                "path=request uri",
                "pair 1 `path=request uri`: the JSON key path `request uri` holds white space",
            ),
            ("path=a=b", "pair 1 `path=a=b`: the JSON key path `a=b` holds a second =: a pair has one"),
            (
                "status=status,status=DownstreamStatus",
                "pair 2 `status=DownstreamStatus`: `status` is mapped twice: a key is read from one path",
            ),
        ];
        for (text, want) in cases {
            let got = parse_mapping(text).map_err(|e| e.to_string());
            assert_eq!(got.as_ref().err().map(String::as_str), Some(*want), "{text:?}");
        }
    }

    /// The documented example lines of each nickname (`testdata/json/`, their sources in
    /// `SOURCES.md`).
    const EXAMPLES: &[(&str, &str)] = &[
        ("caddy", include_str!("../../testdata/json/caddy.log")),
        ("traefik_json", include_str!("../../testdata/json/traefik_json.log")),
        ("envoy_json", include_str!("../../testdata/json/envoy_json.log")),
    ];

    fn value_at<'v>(line: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
        path.split('.').try_fold(line, |v, key| v.get(key))
    }

    #[test]
    fn the_examples_have_the_tables_core_keys_in_their_types() {
        for (name, text) in EXAMPLES {
            let fields = nickname(name).unwrap();
            let lines: Vec<serde_json::Value> =
                text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
            for f in fields {
                let values = lines.iter().filter_map(|l| value_at(l, f.path));
                for v in values.filter(|v| !v.is_null() && v.as_str() != Some("-")) {
                    let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    match f.kind {
                        Time(t) | TimeText(t) => {
                            assert!(t.read(text.as_bytes()).is_some(), "{name} {}", f.path)
                        }
                        Integer | Status => assert!(text.parse::<u64>().is_ok(), "{name} {}: {text}", f.path),
                        Decimal => assert!(text.parse::<f64>().is_ok(), "{name} {}: {text}", f.path),
                        _ => {}
                    }
                }
            }
            for core in ["timestamp", "host", "method", "path", "protocol", "status", "bytes", "user_agent"] {
                let f = fields.iter().find(|f| f.key == core).unwrap();
                assert!(lines.iter().any(|l| value_at(l, f.path).is_some()), "{name}'s examples lack {core}");
            }
        }
    }

    /// A plan from a template whose `$name`s are its directives, as nginx's reader makes one.
    fn plan_of(template: &str) -> Plan {
        let mut items = Vec::new();
        let mut rest = template;
        while let Some(at) = rest.find('$') {
            items.push(Item::Literal(rest.as_bytes()[..at].to_vec()));
            let name_len = rest[at + 1..]
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .unwrap_or(rest.len() - at - 1);
            let name = &rest[at + 1..at + 1 + name_len];
            items.push(Item::Directive(crate::access_log::plan::Directive {
                text: format!("${name}"),
                position: at + 1,
                key: name.into(),
                alt_key: None,
                kind: Kind::Text,
                header: None,
            }));
            rest = &rest[at + 1 + name_len..];
        }
        items.push(Item::Literal(rest.as_bytes().to_vec()));
        items.retain(|i| !matches!(i, Item::Literal(l) if l.is_empty()));
        Plan { items, escape: crate::access_log::plan::Escape::Json }
    }

    /// Each field as `path directive quoted whole`, for the table.
    fn fields_of(template: &str) -> Option<Vec<String>> {
        let plan = plan_of(template);
        let fields = template_fields(&plan)?;
        Some(
            fields
                .iter()
                .map(|f| {
                    let Item::Directive(d) = &plan.items[f.item] else { return "not a directive".into() };
                    let quoted = if f.quoted { "quoted" } else { "bare" };
                    let whole = if f.whole { "whole" } else { "shared" };
                    format!("{} {} {quoted} {whole}", f.path, d.text)
                })
                .collect(),
        )
    }

    #[test]
    fn json_shaped_formats_give_each_field_its_key_path() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            (
                // nginx escape=json, with bare numbers and a bare list (invalid JSON when
                // $upstream_response_time logs `0.001, 0.002` or nothing).
                r#"{"time":"$time_iso8601","remote_addr":"$remote_addr","status": $status,"bytes":$body_bytes_sent, "urt": $upstream_response_time }"#,
                Some(&[
                    "time $time_iso8601 quoted whole",
                    "remote_addr $remote_addr quoted whole",
                    "status $status bare whole",
                    "bytes $body_bytes_sent bare whole",
                    "urt $upstream_response_time bare whole",
                ]),
            ),
            (
                "{\n  \"nginx\": {\"connection\": $connection, \"ua\": \"$http_user_agent\"},\n  \"level\": \"info\", \"n\": 1, \"up\": \"$upstream_addr\"\n}\n",
                Some(&[
                    "nginx.connection $connection bare whole",
                    "nginx.ua $http_user_agent quoted whole",
                    "up $upstream_addr quoted whole",
                ]),
            ),
            (
                r#"{"message":"[$status] $request_method \"$uri\"","a":{"b":{"c":"$args"}},"d":"x$args"}"#,
                Some(&[
                    "message $status quoted shared",
                    "message $request_method quoted shared",
                    "message $uri quoted shared",
                    "a.b.c $args quoted whole",
                    "d $args quoted shared",
                ]),
            ),
            (r#"{}"#, Some(&[])),
            (r#"before {"a":"$a"}"#, None),
            (r#"{"a":"$a"} after"#, None),
            (r#"{"a":"$a""#, None),
            (r#"{"$a":"x"}"#, None),
            (r#"{"a":["$a"]}"#, None),
            (r#"{"a" "$a"}"#, None),
            (r#"{"a":"$a" $b}"#, None),
            (r#"$a"#, None),
        ];
        for (template, want) in cases {
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(fields_of(template), want, "{template}");
        }
    }

    /// The formats page's section, as the tables make it (`cargo test -- --ignored
    /// --nocapture docs_section` prints it): what tests/docs.rs would hold the page to.
    fn docs_table(fields: &[JsonField]) -> String {
        let mut t = String::from("| key path | key | type | what the docs say |\n|---|---|---|---|\n");
        for f in fields {
            let path =
                if f.by_default { format!("`{}`", f.path) } else { format!("`{}` (when kept)", f.path) };
            t.push_str(&format!("| {path} | `{}` | {} | {} |\n", f.key, f.kind.describe(), f.doc));
        }
        t
    }

    #[test]
    #[ignore]
    fn docs_section() {
        for (name, fields, source) in NICKNAMES {
            println!("### `{name}`\n\nFrom <{source}>.\n\n{}", docs_table(fields));
        }
    }
}
