//! Envoy's access log format strings: the command operators of a format, in order, each
//! with the JSON key and type it becomes — the same [`Item`]s an Apache `LogFormat` or an
//! nginx `log_format` reads into, so nothing after this module knows Envoy wrote the line.
//!
//! Read as Envoy reads them (its substitution formatter): `%NAME%`, `%NAME(argument)%`,
//! and `%NAME(argument):Z%`, where `Z` truncates the value to `Z` characters (the
//! truncated value reads as any other). Everything else is literal text. The trailing
//! newline a format string carries (`\n`, written as the two characters or as one) is
//! not part of a line and is dropped.
//!
//! Envoy escapes nothing in a text line and writes `-` for every value that is not set or
//! empty: `-` is null for every operator. An HTTP operator in a TCP line writes `-` (the
//! request headers, `%PROTOCOL%`, ...), and `%RESPONSE_CODE%` writes `0` when no response
//! was sent: both read.
//!
//! What each operator writes is two tables: [`OPERATORS`], a row per operator without an
//! argument, and [`FAMILIES`], a row per operator with one (`%REQ(X?Y):Z%`); each row has
//! Envoy's own sentence for it, from the "Command Operators" list of Envoy's access log
//! documentation
//! (<https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage>).
//! An operator in neither table (one a newer Envoy added) is read as text under its name
//! in snake case.

use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart, header_key};

/// Envoy's nicknames: its default format and Istio's.
pub const NICKNAMES: [(&str, &str); 2] = [("envoy", ENVOY_DEFAULT), ("istio", ISTIO_DEFAULT)];

/// Envoy's default format string, as its documentation gives it ("Default Format
/// String"), without the trailing newline.
pub const ENVOY_DEFAULT: &str = concat!(
    r#"[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" "#,
    r#"%RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% "#,
    r#"%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "#,
    r#""%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%""#,
);

/// Istio's default text format (its `EnvoyTextLogFormat`, "Default access log format" of
/// Istio's access log task), without the trailing newline.
pub const ISTIO_DEFAULT: &str = concat!(
    r#"[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" "#,
    r#"%RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "#,
    r#""%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% "#,
    r#"%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "#,
    r#""%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% "#,
    r#"%UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% "#,
    r#"%REQUESTED_SERVER_NAME% %ROUTE_NAME%"#,
);

/// Envoy Gateway's default access log format, a `json_format` dictionary ("Default Access
/// Log" of its Proxy Access Logs task), as its documentation gives it: read by its keys
/// ([`json_directives`]), a `firelog detect` candidate.
pub const ENVOY_GATEWAY_JSON: &str = concat!(
    r#"{"start_time":"%START_TIME%","method":"%REQ(:METHOD)%","x-envoy-origin-path":"%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%","#,
    r#""protocol":"%PROTOCOL%","response_code":"%RESPONSE_CODE%","response_flags":"%RESPONSE_FLAGS%","#,
    r#""response_code_details":"%RESPONSE_CODE_DETAILS%","connection_termination_details":"%CONNECTION_TERMINATION_DETAILS%","#,
    r#""upstream_transport_failure_reason":"%UPSTREAM_TRANSPORT_FAILURE_REASON%","bytes_received":"%BYTES_RECEIVED%","#,
    r#""bytes_sent":"%BYTES_SENT%","duration":"%DURATION%","x-envoy-upstream-service-time":"%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%","#,
    r#""x-forwarded-for":"%REQ(X-FORWARDED-FOR)%","user-agent":"%REQ(USER-AGENT)%","x-request-id":"%REQ(X-REQUEST-ID)%","#,
    r#"":authority":"%REQ(:AUTHORITY)%","upstream_host":"%UPSTREAM_HOST%","upstream_cluster":"%UPSTREAM_CLUSTER%","#,
    r#""upstream_local_address":"%UPSTREAM_LOCAL_ADDRESS%","downstream_local_address":"%DOWNSTREAM_LOCAL_ADDRESS%","#,
    r#""downstream_remote_address":"%DOWNSTREAM_REMOTE_ADDRESS%","requested_server_name":"%REQUESTED_SERVER_NAME%","#,
    r#""route_name":"%ROUTE_NAME%"}"#,
);

/// One row of the operator table: the operator, its key, how its value is read. The
/// formats page (`docs/formats.md`) shows this table; a test holds the two equal.
#[derive(Debug)]
pub struct Operator {
    /// The operator's name, without its `%`s.
    pub name: &'static str,
    /// The JSON key its value is written under.
    pub key: &'static str,
    /// What its value is.
    pub kind: OpKind,
    /// What Envoy's documentation says it logs, for docs/formats.md's table.
    pub doc: &'static str,
}

/// The types of the tables, without payloads (so the tables can be `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// `%START_TIME%`: `2016-04-15T20:17:00.310Z`.
    StartTime,
    /// `%START_TIME(format)%`: a strftime format with Envoy's `%s` and `%f`, `%3f`, ...
    StartTimeFormat,
    /// Any text.
    Text,
    /// An address and its port, `ip:port` or `[v6]:port`: the address under the row's
    /// key, the port, a whole number, under the key named here.
    Address(&'static str),
    /// A whole number.
    Integer,
    /// The response code: three digits, or `0` when no response was sent.
    Status,
}

impl OpKind {
    /// The plan's kind of a value of this row.
    fn kind(self) -> Kind {
        match self {
            OpKind::StartTime => Kind::Time(TimePart::Rfc3339),
            // Made of several parts by `start_time_parts`; alone it is text.
            OpKind::StartTimeFormat | OpKind::Text => Kind::Text,
            OpKind::Address(port) => Kind::Endpoint { port: port.into() },
            OpKind::Integer => Kind::Integer { dash_is_zero: false },
            OpKind::Status => Kind::Status,
        }
    }

    /// The JSON type and how a value is read, for the formats page's table.
    pub fn describe(self) -> &'static str {
        match self {
            OpKind::StartTime => "RFC 3339 UTC string, with milliseconds",
            OpKind::StartTimeFormat => "RFC 3339 UTC string; without `%z` the time is UTC",
            OpKind::Text => "string; `-` is null",
            OpKind::Address(_) => {
                "`ip:port` as two keys: the address (a string, without `[ ]`) and the port (an integer); `-` is null"
            }
            OpKind::Integer => "integer; `-` is null",
            OpKind::Status => "integer (`0`: no response was sent); `-` is null",
        }
    }
}

macro_rules! op {
    ($name:literal, $key:literal, $kind:ident $(($port:literal))?, $doc:literal) => {
        Operator { name: $name, key: $key, kind: OpKind::$kind $(($port))?, doc: $doc }
    };
}

/// The operators without an argument, with Envoy's own words for each (HTTP's, and TCP's
/// where they differ).
#[rustfmt::skip]
pub const OPERATORS: &[Operator] = &[
    op!("START_TIME", "timestamp", StartTime, "Request start time including milliseconds. TCP: downstream connection start time including milliseconds."),
    op!("REQUEST_HEADERS_BYTES", "request_headers_bytes", Integer, "Uncompressed bytes of request headers. TCP: not implemented (0)."),
    op!("BYTES_RECEIVED", "body_bytes_received", Integer, "Body bytes received. TCP: downstream bytes received on connection."),
    op!("PROTOCOL", "protocol", Text, "Protocol. Currently either HTTP/1.1 HTTP/2 or HTTP/3. TCP: not implemented (\"-\")."),
    op!("UPSTREAM_PROTOCOL", "upstream_protocol", Text, "Upstream protocol. Currently either HTTP/1.1 HTTP/2 or HTTP/3. TCP: not implemented (\"-\")."),
    op!("RESPONSE_CODE", "status", Status, "HTTP response code. Note that a response code of '0' means that the server never sent the beginning of a response. TCP: not implemented (\"-\")."),
    op!("RESPONSE_CODE_DETAILS", "response_code_details", Text, "HTTP response code details provides additional information about the response code, such as who set it (the upstream or envoy) and why."),
    op!("CONNECTION_TERMINATION_DETAILS", "connection_termination_details", Text, "Connection termination details may provide additional information about why the connection was terminated by Envoy for L4 reasons."),
    op!("RESPONSE_HEADERS_BYTES", "response_headers_bytes", Integer, "Uncompressed bytes of response headers. TCP: not implemented (0)."),
    op!("RESPONSE_TRAILERS_BYTES", "response_trailers_bytes", Integer, "Uncompressed bytes of response trailers. TCP: not implemented (0)."),
    op!("BYTES_SENT", "bytes", Integer, "Body bytes sent. For WebSocket connection it will also include response header bytes. TCP: downstream bytes sent on connection."),
    op!("UPSTREAM_REQUEST_ATTEMPT_COUNT", "upstream_request_attempt_count", Integer, "Number of times the request is attempted upstream. Note that an attempt count of '0' means that the request was never attempted upstream."),
    op!("UPSTREAM_WIRE_BYTES_SENT", "upstream_wire_bytes_sent", Integer, "Total number of bytes sent to the upstream by the http stream (TCP: by the tcp proxy)."),
    op!("UPSTREAM_WIRE_BYTES_RECEIVED", "upstream_wire_bytes_received", Integer, "Total number of bytes received from the upstream by the http stream (TCP: by the tcp proxy)."),
    op!("UPSTREAM_HEADER_BYTES_SENT", "upstream_header_bytes_sent", Integer, "Number of header bytes sent to the upstream by the http stream."),
    op!("UPSTREAM_HEADER_BYTES_RECEIVED", "upstream_header_bytes_received", Integer, "Number of header bytes received from the upstream by the http stream."),
    op!("DOWNSTREAM_WIRE_BYTES_SENT", "downstream_wire_bytes_sent", Integer, "Total number of bytes sent to the downstream by the http stream (TCP: by the tcp proxy)."),
    op!("DOWNSTREAM_WIRE_BYTES_RECEIVED", "downstream_wire_bytes_received", Integer, "Total number of bytes received from the downstream by the http stream (TCP: by the tcp proxy)."),
    op!("DOWNSTREAM_HEADER_BYTES_SENT", "downstream_header_bytes_sent", Integer, "Number of header bytes sent to the downstream by the http stream."),
    op!("DOWNSTREAM_HEADER_BYTES_RECEIVED", "downstream_header_bytes_received", Integer, "Number of header bytes received from the downstream by the http stream."),
    op!("DURATION", "duration_ms", Integer, "Total duration in milliseconds of the request from the start time to the last byte out. TCP: total duration in milliseconds of the downstream connection."),
    op!("REQUEST_DURATION", "request_duration_ms", Integer, "Total duration in milliseconds of the request from the start time to the last byte of the request received from the downstream."),
    op!("REQUEST_TX_DURATION", "request_tx_duration_ms", Integer, "Total duration in milliseconds of the request from the start time to the last byte sent upstream."),
    op!("RESPONSE_DURATION", "response_duration_ms", Integer, "Total duration in milliseconds of the request from the start time to the first byte read from the upstream host."),
    op!("RESPONSE_TX_DURATION", "response_tx_duration_ms", Integer, "Total duration in milliseconds of the request from the first byte read from the upstream host to the last byte sent downstream."),
    op!("RESPONSE_FLAGS", "response_flags", Text, "Additional details about the response or connection, if any (UH, UF, UO, NR, URX, NC, DT, DC, LH, UT, LR, UR, UC, DI, FI, RL, UAEX, ...)."),
    op!("ROUTE_NAME", "route_name", Text, "Name of the route."),
    op!("VIRTUAL_CLUSTER_NAME", "virtual_cluster_name", Text, "Name of the matched Virtual Cluster (if any)."),
    op!("UPSTREAM_HOST", "upstream_host", Text, "Upstream host URL (e.g., tcp://ip:port for TCP connections)."),
    op!("UPSTREAM_CLUSTER", "upstream_cluster", Text, "Upstream cluster to which the upstream host belongs to."),
    op!("UPSTREAM_CLUSTER_RAW", "upstream_cluster", Text, "Upstream cluster to which the upstream host belongs to, always its name (not alt_stat_name)."),
    op!("UPSTREAM_LOCAL_ADDRESS", "upstream_local_address", Address("upstream_local_port"), "Local address of the upstream connection. If the address is an IP address it includes both address and port."),
    op!("UPSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", "upstream_local_address_without_port", Text, "Local address of the upstream connection, without any port component."),
    op!("UPSTREAM_LOCAL_PORT", "upstream_local_port", Integer, "Local port of the upstream connection."),
    op!("UPSTREAM_REMOTE_ADDRESS", "upstream_remote_address", Address("upstream_remote_port"), "Remote address of the upstream connection. If the address is an IP address it includes both address and port."),
    op!("UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "upstream_remote_address_without_port", Text, "Remote address of the upstream connection, without any port component."),
    op!("UPSTREAM_REMOTE_PORT", "upstream_remote_port", Integer, "Remote port of the upstream connection."),
    op!("UPSTREAM_TRANSPORT_FAILURE_REASON", "upstream_transport_failure_reason", Text, "If upstream connection failed due to transport socket (e.g. TLS handshake), provides the failure reason from the transport socket."),
    op!("DOWNSTREAM_REMOTE_ADDRESS", "host", Address("remote_port"), "Remote address of the downstream connection. If the address is an IP address it includes both address and port."),
    op!("DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "host", Text, "Remote address of the downstream connection, without any port component."),
    op!("DOWNSTREAM_REMOTE_PORT", "remote_port", Integer, "Remote port of the downstream connection."),
    op!("DOWNSTREAM_DIRECT_REMOTE_ADDRESS", "downstream_direct_remote_address", Address("downstream_direct_remote_port"), "Direct remote address of the downstream connection. If the address is an IP address it includes both address and port."),
    op!("DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT", "downstream_direct_remote_address_without_port", Text, "Direct remote address of the downstream connection, without any port component."),
    op!("DOWNSTREAM_DIRECT_REMOTE_PORT", "downstream_direct_remote_port", Integer, "Direct remote port of the downstream connection."),
    op!("DOWNSTREAM_LOCAL_ADDRESS", "downstream_local_address", Address("downstream_local_port"), "Local address of the downstream connection. If the address is an IP address it includes both address and port."),
    op!("DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", "downstream_local_address_without_port", Text, "Local address of the downstream connection, without any port component."),
    op!("DOWNSTREAM_LOCAL_PORT", "downstream_local_port", Integer, "Local port of the downstream connection."),
    op!("CONNECTION_ID", "connection_id", Integer, "An identifier for the downstream connection."),
    op!("GRPC_STATUS_NUMBER", "grpc_status_number", Integer, "gRPC status code."),
    op!("REQUESTED_SERVER_NAME", "requested_server_name", Text, "String value set on ssl connection socket for Server Name Indication (SNI)."),
    op!("DOWNSTREAM_LOCAL_URI_SAN", "downstream_local_uri_san", Text, "The URIs present in the SAN of the local certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_URI_SAN", "downstream_peer_uri_san", Text, "The URIs present in the SAN of the peer certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_LOCAL_SUBJECT", "downstream_local_subject", Text, "The subject present in the local certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_SUBJECT", "downstream_peer_subject", Text, "The subject present in the peer certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_ISSUER", "downstream_peer_issuer", Text, "The issuer present in the peer certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_TLS_SESSION_ID", "downstream_tls_session_id", Text, "The session ID for the established downstream TLS connection."),
    op!("DOWNSTREAM_TLS_CIPHER", "downstream_tls_cipher", Text, "The OpenSSL name for the set of ciphers used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_TLS_VERSION", "downstream_tls_version", Text, "The TLS version (e.g., TLSv1.2, TLSv1.3) used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_FINGERPRINT_256", "downstream_peer_fingerprint_256", Text, "The hex-encoded SHA256 fingerprint of the client certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_FINGERPRINT_1", "downstream_peer_fingerprint_1", Text, "The hex-encoded SHA1 fingerprint of the client certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_SERIAL", "downstream_peer_serial", Text, "The serial number of the client certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_CERT", "downstream_peer_cert", Text, "The client certificate in the URL-encoded PEM format used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_CERT_V_START", "downstream_peer_cert_v_start", Text, "The validity start date of the client certificate used to establish the downstream TLS connection."),
    op!("DOWNSTREAM_PEER_CERT_V_END", "downstream_peer_cert_v_end", Text, "The validity end date of the client certificate used to establish the downstream TLS connection."),
    op!("UPSTREAM_PEER_SUBJECT", "upstream_peer_subject", Text, "The subject present in the peer certificate used to establish the upstream TLS connection."),
    op!("UPSTREAM_PEER_ISSUER", "upstream_peer_issuer", Text, "The issuer present in the peer certificate used to establish the upstream TLS connection."),
    op!("UPSTREAM_TLS_SESSION_ID", "upstream_tls_session_id", Text, "The session ID for the established upstream TLS connection."),
    op!("UPSTREAM_TLS_CIPHER", "upstream_tls_cipher", Text, "The OpenSSL name for the set of ciphers used to establish the upstream TLS connection."),
    op!("UPSTREAM_TLS_VERSION", "upstream_tls_version", Text, "The TLS version (e.g., TLSv1.2, TLSv1.3) used to establish the upstream TLS connection."),
    op!("UPSTREAM_PEER_CERT", "upstream_peer_cert", Text, "The server certificate in the URL-encoded PEM format used to establish the upstream TLS connection."),
    op!("UPSTREAM_PEER_CERT_V_START", "upstream_peer_cert_v_start", Text, "The validity start date of the upstream server certificate used to establish the upstream TLS connection."),
    op!("UPSTREAM_PEER_CERT_V_END", "upstream_peer_cert_v_end", Text, "The validity end date of the upstream server certificate used to establish the upstream TLS connection."),
    op!("HOSTNAME", "hostname", Text, "The system hostname."),
    op!("LOCAL_REPLY_BODY", "local_reply_body", Text, "The body text for the requests rejected by the Envoy."),
    op!("FILTER_CHAIN_NAME", "filter_chain_name", Text, "The network filter chain name of the downstream connection."),
];

/// One row of the family table: an operator with an argument, the key prefix its
/// argument's snake case follows, how its value is read, and Envoy's words.
#[derive(Debug)]
pub struct Family {
    /// The operator's name, without its `%`s and argument.
    pub name: &'static str,
    /// As Envoy's documentation writes it, with its argument: `REQ(X?Y):Z`.
    pub form: &'static str,
    /// The key: this prefix and the argument in snake case (see the module's doc).
    pub prefix: &'static str,
    /// What its value is.
    pub kind: OpKind,
    /// What Envoy's documentation says it logs.
    pub doc: &'static str,
}

macro_rules! family {
    ($name:literal, $form:literal, $prefix:literal, $kind:ident, $doc:literal) => {
        Family { name: $name, form: $form, prefix: $prefix, kind: OpKind::$kind, doc: $doc }
    };
}

/// The operators with an argument. A header's key is its name in snake case
/// (`%REQ(USER-AGENT)%` is `user_agent`, `%REQ(:AUTHORITY)%` is `authority`); with an
/// alternative (`X?Y`) the key is the main header's, unless the alternative is a
/// pseudo-header (`%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%` is `path`).
/// `%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%` is `upstream_service_time_ms`, an integer.
#[rustfmt::skip]
pub const FAMILIES: &[Family] = &[
    family!("START_TIME", "START_TIME(format)", "timestamp", StartTimeFormat, "Request start time, written with a strftime format; %s is the number of seconds since the Epoch, %f and %[1-9]f fractional seconds digits (%3f millisecond, %6f microsecond, %9f nanosecond)."),
    family!("REQ", "REQ(X?Y):Z", "", Text, "An HTTP request header where X is the main HTTP header, Y is the alternative one, and Z is an optional parameter denoting string truncation up to Z characters long. TCP: not implemented (\"-\")."),
    family!("RESP", "RESP(X?Y):Z", "response_", Text, "Same as REQ(X?Y):Z but taken from HTTP response headers."),
    family!("TRAILER", "TRAILER(X?Y):Z", "trailer_", Text, "Same as REQ(X?Y):Z but taken from HTTP response trailers."),
    family!("GRPC_STATUS", "GRPC_STATUS(X)", "grpc_status", Text, "gRPC status code, as CAMEL_STRING, SNAKE_STRING or NUMBER."),
    family!("DYNAMIC_METADATA", "DYNAMIC_METADATA(NAMESPACE:KEY*):Z", "dynamic_metadata_", Text, "Dynamic Metadata info, where NAMESPACE is the filter namespace used when setting the metadata and KEY an optional lookup key in the namespace."),
    family!("CLUSTER_METADATA", "CLUSTER_METADATA(NAMESPACE:KEY*):Z", "cluster_metadata_", Text, "Upstream cluster Metadata info."),
    family!("UPSTREAM_METADATA", "UPSTREAM_METADATA(NAMESPACE:KEY*):Z", "upstream_metadata_", Text, "Upstream host Metadata info."),
    family!("FILTER_STATE", "FILTER_STATE(KEY:F):Z", "filter_state_", Text, "Filter State info, where the KEY is required to look up the filter state object."),
    family!("UPSTREAM_FILTER_STATE", "UPSTREAM_FILTER_STATE(KEY:F):Z", "upstream_filter_state_", Text, "Extracts filter state from upstream components like cluster or transport socket extensions."),
    family!("ENVIRONMENT", "ENVIRONMENT(X):Z", "environment_", Text, "Environment value of environment variable X."),
    family!("DOWNSTREAM_PEER_CERT_V_START", "DOWNSTREAM_PEER_CERT_V_START(format)", "downstream_peer_cert_v_start", Text, "The validity start date of the client certificate, written with a format as START_TIME is."),
    family!("DOWNSTREAM_PEER_CERT_V_END", "DOWNSTREAM_PEER_CERT_V_END(format)", "downstream_peer_cert_v_end", Text, "The validity end date of the client certificate, written with a format as START_TIME is."),
    family!("UPSTREAM_PEER_CERT_V_START", "UPSTREAM_PEER_CERT_V_START(format)", "upstream_peer_cert_v_start", Text, "The validity start date of the upstream server certificate, written with a format as START_TIME is."),
    family!("UPSTREAM_PEER_CERT_V_END", "UPSTREAM_PEER_CERT_V_END(format)", "upstream_peer_cert_v_end", Text, "The validity end date of the upstream server certificate, written with a format as START_TIME is."),
];

/// The families whose argument is a format (the key is the prefix alone).
const FORMATTED: [&str; 5] = [
    "START_TIME",
    "DOWNSTREAM_PEER_CERT_V_START",
    "DOWNSTREAM_PEER_CERT_V_END",
    "UPSTREAM_PEER_CERT_V_START",
    "UPSTREAM_PEER_CERT_V_END",
];

/// Whether `b` may be in an operator's name.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'
}

/// Whether `text` is an Envoy format string: it has an operator of [`OPERATORS`] or
/// [`FAMILIES`] (`%START_TIME%`, `%REQ(`), which neither Apache's one-letter directives
/// nor nginx's `$` variables can be.
pub fn looks_like_envoy(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter(|(_, b)| **b == b'%').any(|(i, _)| {
        let len = bytes[i + 1..].iter().take_while(|&&b| is_name_byte(b)).count();
        let name = &text[i + 1..i + 1 + len];
        match bytes.get(i + 1 + len) {
            Some(b'%') => OPERATORS.iter().any(|o| o.name == name),
            Some(b'(') => FAMILIES.iter().any(|f| f.name == name),
            _ => false,
        }
    })
}

/// One operator as written: its name, argument and truncation.
struct Written<'a> {
    name: &'a str,
    argument: Option<&'a str>,
    /// Where its `%` is (characters from 1).
    position: usize,
    /// As written, `%` to `%`.
    text: &'a str,
}

/// Reads an Envoy format string.
pub fn parse(text: &str) -> Result<Plan, FormatError> {
    let format = drop_newline(text);
    let mut items = Vec::new();
    let mut literal = Vec::new();
    let mut i = 0;
    let bytes = format.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'%' {
            literal.push(bytes[i]);
            i += 1;
            continue;
        }
        let (written, end) = read_operator(format, i)?;
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        push_operator(&mut items, &written)?;
        i = end;
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    distinct_ports(&mut items);
    Plan::checked(items, Escape::Envoy)
}

/// Envoy's `json_format` dictionary copied as `LOG_FORMAT` (Envoy Gateway's default access
/// log is one): a JSON object whose values are command operators, each value one operator
/// (`"method": "%REQ(:METHOD)%"`). Envoy writes such a line as a JSON object, its keys in
/// any order (and a number as a number), so it is read by its keys, as a JSON log is: each
/// field's key path with the directive its operator reads as in a format string. `None`
/// when `text` is no JSON object with an operator; an error for a value that is not one
/// operator alone (text around it, or no operator), which no key can be read as.
pub fn json_directives(text: &str) -> Option<Result<Vec<(String, Directive)>, FormatError>> {
    let text = text.trim();
    if !text.starts_with('{') || !looks_like_envoy(text) {
        return None;
    }
    let serde_json::Value::Object(object) = serde_json::from_str(text).ok()? else { return None };
    let mut values = Vec::new();
    flatten(&object, "", &mut values);
    Some(dictionary(values))
}

/// The dictionary's `(key path, value)` pairs, in order, nested objects' keys joined by `.`.
fn flatten(
    object: &serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    out: &mut Vec<(String, serde_json::Value)>,
) {
    for (key, value) in object {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            serde_json::Value::Object(inner) => flatten(inner, &path, out),
            value => out.push((path, value.clone())),
        }
    }
}

/// Each value's operator read as a format string of them all reads it (so keys are made
/// distinct and a second start time is text, as in a format string), with its key path.
fn dictionary(values: Vec<(String, serde_json::Value)>) -> Result<Vec<(String, Directive)>, FormatError> {
    let mut operators = Vec::new();
    for (path, value) in &values {
        let one = value.as_str().filter(|v| {
            let v = v.trim();
            v.starts_with('%') && read_operator(v, 0).is_ok_and(|(_, end)| end == v.len())
        });
        let Some(operator) = one else {
            return Err(FormatError(format!(
                "the value of \"{path}\" in the JSON format is {value}: firelog reads a JSON format by its keys, \
                 each value one command operator alone (use a json: mapping for other values)"
            )));
        };
        operators.push(operator.trim());
    }
    let plan = parse(&operators.join(" "))?;
    let directives: Vec<Directive> = plan.directives().cloned().collect();
    if directives.len() != values.len() {
        return Err(FormatError("each value of the JSON format must read as one field (a START_TIME with a format of several parts does not)".into()));
    }
    Ok(values.into_iter().map(|(path, _)| path).zip(directives).collect())
}

/// An address's port takes its row's key (`remote_port`) unless another field has it
/// (`%DOWNSTREAM_REMOTE_PORT%` beside `%DOWNSTREAM_REMOTE_ADDRESS%`): then Envoy's name
/// for that port (`downstream_remote_port`), or `_2`, `_3`, ... after it.
fn distinct_ports(items: &mut [Item]) {
    let mut taken: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Directive(d) => Some(d.key.clone()),
            Item::Literal(_) => None,
        })
        .collect();
    for item in items.iter_mut() {
        let Item::Directive(d) = item else { continue };
        let Kind::Endpoint { port } = &mut d.kind else { continue };
        if !taken.contains(port) {
            taken.push(port.clone());
            continue;
        }
        let name = d.text.trim_matches('%').to_ascii_lowercase().replace("_address", "_port");
        let mut candidate = name.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{name}_{n}");
            n += 1;
        }
        taken.push(candidate.clone());
        *port = candidate;
    }
}

/// The format without the newline that ends an Envoy format string.
fn drop_newline(text: &str) -> &str {
    let text = text.trim_end_matches(['\n', '\r']);
    text.strip_suffix("\\n").unwrap_or(text)
}

/// The operator whose `%` is at byte `at`, and the byte after its closing `%`.
fn read_operator(format: &str, at: usize) -> Result<(Written<'_>, usize), FormatError> {
    let position = format[..at].chars().count() + 1;
    let bytes = format.as_bytes();
    let bad = |why: &str| FormatError(format!("the % at position {position} {why}"));
    let name_len = bytes[at + 1..].iter().take_while(|&&b| is_name_byte(b)).count();
    if name_len == 0 {
        return Err(bad("does not start a command operator (%NAME% or %NAME(argument)%)"));
    }
    let name = &format[at + 1..at + 1 + name_len];
    let mut i = at + 1 + name_len;
    let mut argument = None;
    if bytes.get(i) == Some(&b'(') {
        // The argument runs to the `)` that the closing `%` (or `:Z%`) follows: a
        // START_TIME format has `%`s of its own.
        let close = (i + 1..bytes.len())
            .find(|&j| bytes[j] == b')' && closes(&bytes[j + 1..]))
            .ok_or_else(|| bad(&format!("opens {name}( and no )% closes it")))?;
        argument = Some(&format[i + 1..close]);
        i = close + 1;
    }
    if bytes.get(i) == Some(&b':') && argument.is_some() {
        // `:Z`, the truncation: the value is cut, and read as any other.
        i += 1 + bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    }
    if bytes.get(i) != Some(&b'%') {
        return Err(bad(&format!("starts {name} and no % closes it")));
    }
    let text = &format[at..=i];
    Ok((Written { name, argument, position, text }, i + 1))
}

/// Whether the bytes after a `)` close an operator: `%`, or `:` digits `%`.
fn closes(after: &[u8]) -> bool {
    match after {
        [b'%', ..] => true,
        [b':', rest @ ..] => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 0 && rest.get(digits) == Some(&b'%')
        }
        _ => false,
    }
}

/// Adds the directive (or, for a `START_TIME` format, the directives) of one operator.
fn push_operator(items: &mut Vec<Item>, w: &Written) -> Result<(), FormatError> {
    let directive = |key: String, alt_key: Option<String>, kind: Kind| Directive {
        text: w.text.to_string(),
        position: w.position,
        key,
        alt_key,
        header: header(w.text, &kind),
        kind,
    };
    let own_name = || w.name.to_ascii_lowercase();
    // A format may log the start time twice (`%START_TIME%` and `%START_TIME(%s)%`): the
    // first makes the timestamp, a later one is written as logged under `start_time`.
    let timed = items.iter().any(|i| matches!(i, Item::Directive(d) if matches!(d.kind, Kind::Time(_))));
    if timed && w.name == "START_TIME" {
        items.push(Item::Directive(directive("start_time".into(), None, Kind::Text)));
        return Ok(());
    }
    let Some(argument) = w.argument else {
        let (key, kind) = match OPERATORS.iter().find(|o| o.name == w.name) {
            Some(o) => (o.key.to_string(), o.kind.kind()),
            None => (own_name(), Kind::Text),
        };
        let alt = (key != own_name()).then(own_name);
        items.push(Item::Directive(directive(key, alt, kind)));
        return Ok(());
    };
    let Some(family) = FAMILIES.iter().find(|f| f.name == w.name) else {
        let key = header_key(&format!("{}_", own_name()), argument).unwrap_or_else(own_name);
        items.push(Item::Directive(directive(key, None, Kind::Text)));
        return Ok(());
    };
    if family.kind == OpKind::StartTimeFormat {
        return start_time_parts(items, w, argument);
    }
    let (key, kind) = if FORMATTED.contains(&family.name) || family.name == "GRPC_STATUS" {
        (family.prefix.to_string(), family.kind.kind())
    } else if matches!(family.name, "REQ" | "RESP" | "TRAILER") {
        header_meaning(family, argument)
            .ok_or_else(|| FormatError(format!("{} at position {} names no header", w.text, w.position)))?
    } else {
        let key = header_key(family.prefix, argument).unwrap_or_else(|| family.prefix.to_string());
        (key, family.kind.kind())
    };
    let alt = Some(snake(&format!("{}_{argument}", w.name))).filter(|a| *a != key);
    items.push(Item::Directive(directive(key, alt, kind)));
    Ok(())
}

/// `REQ(X-ENVOY-ORIGINAL-PATH?:PATH)` to `req_x_envoy_original_path_path`: lower case,
/// each run of other bytes than letters and digits one `_`, none at either end.
fn snake(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The key and kind of `REQ(X?Y)`, `RESP(X?Y)`, `TRAILER(X?Y)`.
fn header_meaning(family: &Family, argument: &str) -> Option<(String, Kind)> {
    let (main, alternative) = match argument.split_once('?') {
        Some((x, y)) => (x, Some(y)),
        None => (argument, None),
    };
    let named = match alternative {
        Some(y) if y.starts_with(':') => y,
        _ => main,
    };
    if family.name == "RESP" && named.eq_ignore_ascii_case("x-envoy-upstream-service-time") {
        return Some(("upstream_service_time_ms".into(), Kind::Integer { dash_is_zero: false }));
    }
    let key = header_key(family.prefix, named.strip_prefix(':').unwrap_or(named))?;
    Some((key, Kind::Text))
}

/// `%START_TIME(format)%`: the strftime parts and fractions of one timestamp, with the
/// literals between them. Envoy's `%s` is chrono's; `%f` is nine digits, `%3f`, `%6f`
/// and `%9f` their number; absl's `%E3S` (and 6, 9) are seconds, a dot and that many.
fn start_time_parts(items: &mut Vec<Item>, w: &Written, format: &str) -> Result<(), FormatError> {
    let part = |kind: TimePart| {
        Item::Directive(Directive {
            text: w.text.to_string(),
            position: w.position,
            key: "timestamp".into(),
            alt_key: Some("start_time".into()),
            kind: Kind::Time(kind),
            header: None,
        })
    };
    let mut chunk = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            chunk.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            spec.push(d);
            chars.next();
            if d.is_ascii_alphabetic() && d != 'E' {
                break;
            }
        }
        let digits = match spec.as_str() {
            "f" | "9f" => Some(9),
            "3f" => Some(3),
            "6f" => Some(6),
            "E3S" | "E6S" | "E9S" => {
                chunk.push_str("%S.");
                Some(spec.as_bytes()[1] - b'0')
            }
            s if s.ends_with('f') || s.starts_with('E') => {
                return Err(FormatError(format!(
                    "{} at position {} has %{s}: firelog reads %f, %3f, %6f, %9f, %E3S, %E6S and %E9S",
                    w.text, w.position
                )));
            }
            _ => None,
        };
        match digits {
            Some(n) => {
                if !chunk.is_empty() {
                    items.push(part(TimePart::Strftime(std::mem::take(&mut chunk))));
                }
                items.push(part(TimePart::Fraction(n)));
            }
            None => {
                chunk.push('%');
                chunk.push_str(&spec);
            }
        }
    }
    if !chunk.is_empty() {
        items.push(part(TimePart::Strftime(chunk)));
    }
    Ok(())
}

/// The header `%REQ(X?Y):Z%` and `%RESP(X?Y):Z%` log: the main header X, unless a
/// pseudo-header (`:PATH`) is one of the two (then it is the request's own). A typed
/// header (`upstream_service_time_ms`, an integer) is a field of its own.
fn header(text: &str, kind: &Kind) -> Option<Header> {
    for (prefix, request) in [("%REQ(", true), ("%RESP(", false)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            let (names, _) = rest.rsplit_once(')')?;
            let (main, alternative) = names.split_once('?').unwrap_or((names, ""));
            if main.starts_with(':') || alternative.starts_with(':') || *kind != Kind::Text {
                return None;
            }
            return Some(if request { Header::request(main) } else { Header::response(main) });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access_log::plan::Header;

    fn directives(text: &str) -> Vec<Directive> {
        parse(text).unwrap().directives().cloned().collect()
    }

    #[test]
    fn an_envoy_format_is_told_by_its_operators() {
        assert!(looks_like_envoy(ENVOY_DEFAULT) && looks_like_envoy(ISTIO_DEFAULT));
        assert!(looks_like_envoy("%REQ(:METHOD)% x") && looks_like_envoy("a %DURATION%"));
        // Apache's one-letter directives, nginx's variables, an unknown name alone.
        for other in [r#"%h %l %u %t "%r" %>s %b"#, "%D%%", "$remote_addr $status", "%FOO% %BAR(x)%", "100%"]
        {
            assert!(!looks_like_envoy(other), "{other}");
        }
    }

    #[test]
    fn headers_are_named_as_the_other_readers_name_them() {
        let keys: Vec<(String, Option<Header>)> = directives(
            "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %REQ(X-Forwarded-For)% %REQ(X-REAL-IP?X-FORWARDED-FOR):15% \
             %RESP(Content-Type)% %TRAILER(grpc-status)% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%",
        )
        .into_iter()
        .map(|d| (d.key.clone(), d.header()))
        .collect();
        let request = |h: &str| Some(Header::Request(h.into()));
        assert_eq!(
            keys,
            [
                ("method".into(), None),
                ("path".into(), None),
                ("x_forwarded_for".into(), request("x-forwarded-for")),
                ("x_real_ip".into(), request("x-real-ip")),
                ("response_content_type".into(), Some(Header::Response("content-type".into()))),
                ("trailer_grpc_status".into(), None),
                ("upstream_service_time_ms".into(), None),
            ]
        );
    }

    #[test]
    fn a_start_time_format_is_strftime_parts_and_fractions() {
        let parts = |text: &str| -> Vec<Kind> { directives(text).into_iter().map(|d| d.kind).collect() };
        let time = |p: TimePart| Kind::Time(p);
        assert_eq!(
            parts("%START_TIME(%s.%3f)%"),
            [time(TimePart::Strftime("%s.".into())), time(TimePart::Fraction(3))]
        );
        assert_eq!(
            parts("%START_TIME(%Y-%m-%dT%H:%M:%E6SZ)%"),
            [
                time(TimePart::Strftime("%Y-%m-%dT%H:%M:%S.".into())),
                time(TimePart::Fraction(6)),
                time(TimePart::Strftime("Z".into()))
            ]
        );
        assert_eq!(parts("%START_TIME(%s)%"), [time(TimePart::Strftime("%s".into()))]);
        assert_eq!(parts("%START_TIME%"), [time(TimePart::Rfc3339)]);
    }

    #[test]
    fn the_newline_that_ends_a_format_string_is_dropped() {
        for text in ["%DURATION%\\n", "%DURATION%\n", "%DURATION%\r\n", "%DURATION%"] {
            assert_eq!(parse(text).unwrap().items.len(), 1, "{text:?}");
        }
    }

    #[test]
    fn every_operator_and_family_is_named_once_and_compiles() {
        let mut names: Vec<&str> = OPERATORS.iter().map(|o| o.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OPERATORS.len());
        for o in OPERATORS {
            assert!(parse(&format!("%{}% %START_TIME%", o.name)).is_ok(), "{}", o.name);
        }
        for f in FAMILIES {
            let argument = if f.kind == OpKind::StartTimeFormat { "%s" } else { "X-A" };
            assert!(parse(&format!("%{}({argument})% %DURATION%", f.name)).is_ok(), "{}", f.name);
        }
    }
}
