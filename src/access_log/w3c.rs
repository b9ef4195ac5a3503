//! W3C extended log files (<https://www.w3.org/TR/WD-logfile.html>): a `#Fields:` line,
//! as CloudFront's standard logs, its real-time log configurations and IIS write it, read
//! into the same [`Plan`] every other format language reads into.
//!
//! A `#Fields:` line names the fields of each line in order. Each name is a row of
//! [`FIELDS`] (CloudFront's standard and real-time fields, IIS's), with the key it writes,
//! its kind and the service's own sentence for it. A name without a row is read by the
//! W3C spec's forms: `prefix(Header)` is a header (`cs(Accept)` is `accept`, as Apache's
//! `%{Accept}i`; `sc(Header)` is `response_` + the header, as `%{Header}o`; `sr(..)` and
//! `rs(..)` take their prefix), and `prefix-identifier` with a W3C prefix (`c`, `s`, `r`,
//! `cs`, `sc`, `sr`, `rs`, `x`) is text under its name in snake case (`x-trace-id` is
//! `x_trace_id`). A word of letters, digits, `-` and `_` is an IIS custom field, written
//! under the name its administrator gave it (`X-Forwarded-For` is `x_forwarded_for`), or
//! `custom_` and that name where it would be a core key of another meaning (`CORE_KEYS`:
//! `Status` is `custom_status`) or where a standard field has it. Any other name
//! (`$status`) stops the start, named.
//!
//! The plan's fields are separated by tabs, with [`Escape::Url`] (CloudFront's
//! URL-encoding, undone once); the matcher compiles a second reading with spaces and
//! [`Escape::Plus`] (IIS's `+` for a space), taken by lines that have no tab.

use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart, header_key};

/// The nicknames of W3C logs: CloudFront's standard log, its real-time log with every
/// documented field in the documented order, and IIS's default fields.
pub const NICKNAMES: [(&str, &str); 3] = [
    (
        "cloudfront",
        "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status \
         cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id \
         x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher \
         x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port \
         time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len \
         sc-range-start sc-range-end",
    ),
    (
        "cloudfront_realtime",
        "#Fields: timestamp c-ip s-ip time-to-first-byte sc-status sc-bytes cs-method cs-protocol \
         cs-host cs-uri-stem cs-bytes x-edge-location x-edge-request-id x-host-header time-taken \
         cs-protocol-version c-ip-version cs-user-agent cs-referer cs-cookie cs-uri-query \
         x-edge-response-result-type x-forwarded-for ssl-protocol ssl-cipher x-edge-result-type \
         fle-encrypted-fields fle-status sc-content-type sc-content-len sc-range-start sc-range-end \
         c-port x-edge-detailed-result-type c-country cs-accept-encoding cs-accept \
         cache-behavior-path-pattern cs-headers cs-header-names cs-headers-count \
         primary-distribution-id primary-distribution-dns-name origin-fbl origin-lbl asn \
         cmcd-encoded-bitrate cmcd-buffer-length cmcd-buffer-starvation cmcd-content-id \
         cmcd-object-duration cmcd-deadline cmcd-measured-throughput cmcd-next-object-request \
         cmcd-next-range-request cmcd-object-type cmcd-playback-rate \
         cmcd-requested-maximum-throughput cmcd-streaming-format cmcd-session-id cmcd-stream-type \
         cmcd-startup cmcd-top-bitrate cmcd-version r-host sr-reason x-edge-mqcs \
         distribution-tenant-id connection-id",
    ),
    (
        "iis",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
         cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
    ),
];

/// The fields CloudFront added at the end of its standard log's lines, each from which the
/// rest of a line of the `cloudfront` nickname may be absent (older lines read, the newer
/// keys null): `cs-protocol-version` after the 23 fields of the first pages, the
/// field-level encryption pair in 2017, and the seven from `c-port` on in December 2019
/// ("appended to the end of each log entry to maintain backward compatibility",
/// <https://aws.amazon.com/about-aws/whats-new/2019/12/cloudfront-detailed-logs/>). A
/// `#Fields:` line of the data names its own fields, and is read as it says.
pub const CLOUDFRONT_LATER: [&str; 3] = ["cs-protocol-version", "fle-status", "c-port"];

/// For the `cloudfront` nickname, the indexes of its plan's items from which the rest of a
/// line may be absent (the tab before each of [`CLOUDFRONT_LATER`]); `None` for any other
/// format.
pub fn later(text: &str, plan: &Plan) -> Option<Vec<usize>> {
    if text.trim() != "cloudfront" {
        return None;
    }
    let at =
        |name: &str| plan.items.iter().position(|item| matches!(item, Item::Directive(d) if d.text == name));
    CLOUDFRONT_LATER.iter().map(|name| at(name).and_then(|i| i.checked_sub(1))).collect()
}

/// One row of the field table: a W3C field name, its key, how its value is read, and the
/// service's words for it. The formats page (`docs/formats.md`) shows this table; a test
/// holds the two equal.
pub struct Field {
    /// The name as a `#Fields:` line writes it.
    pub name: &'static str,
    /// The JSON key.
    pub key: &'static str,
    /// What its value is.
    pub kind: FieldKind,
    /// Who documents it: `CloudFront`, `real-time`, `IIS`, or several.
    pub source: &'static str,
    /// What the service's documentation says it holds.
    pub doc: &'static str,
}

/// The types of the table, without payloads (so the table can be `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// An address or host name.
    Host,
    /// Text; `-` is null.
    Text,
    /// The path of the request target; the query joins it in `path`.
    UriStem,
    /// The query string, without its `?`.
    Query,
    /// A three-digit status.
    Status,
    /// A whole number; `-` is null.
    Integer,
    /// A number with an optional fraction.
    Decimal,
    /// `YYYY-MM-DD`, UTC.
    Date,
    /// `HH:MM:SS`, UTC.
    Time,
    /// Seconds since the epoch with milliseconds: `1575493351.123`.
    Epoch,
}

impl FieldKind {
    fn kind(self) -> Kind {
        match self {
            // A W3C `-` is null in every field, an address's too.
            FieldKind::Host | FieldKind::Text => Kind::Text,
            FieldKind::UriStem => Kind::UrlPath,
            FieldKind::Query => Kind::Query,
            FieldKind::Status => Kind::Status,
            FieldKind::Integer => Kind::Integer { dash_is_zero: false },
            FieldKind::Decimal => Kind::Decimal,
            FieldKind::Date => Kind::Time(TimePart::Strftime("%Y-%m-%d".into())),
            FieldKind::Time => Kind::Time(TimePart::Strftime("%H:%M:%S".into())),
            FieldKind::Epoch => Kind::Time(TimePart::EpochFraction(3)),
        }
    }

    /// The JSON type and how a value is read, for the formats page's table.
    pub fn describe(self) -> &'static str {
        match self {
            FieldKind::Host => "string, as logged; `-` is null",
            FieldKind::Text => "string, decoded; `-` is null",
            FieldKind::UriStem => "string, decoded, with `?` and the query when the line has one",
            FieldKind::Query => "string, decoded; `-` is null",
            FieldKind::Status => "integer; `-` is null",
            FieldKind::Integer => "integer; `-` is null",
            FieldKind::Decimal => "number as logged (`0.082`); `-` is null",
            FieldKind::Date | FieldKind::Time => "RFC 3339 UTC string, with the other part",
            FieldKind::Epoch => "RFC 3339 UTC string, with milliseconds",
        }
    }
}

macro_rules! field {
    ($name:literal, $key:literal, $kind:ident, $source:literal, $doc:literal) => {
        Field { name: $name, key: $key, kind: FieldKind::$kind, source: $source, doc: $doc }
    };
}

/// The fields firelog reads by name, with the services' own words for each: CloudFront's
/// "Standard log file fields" and "Real-time log configuration fields", and IIS's W3C
/// logging fields (`logExtFileFlags`).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    // The core keys.
    field!("date", "timestamp", Date, "CloudFront, IIS", "The date on which the event occurred in the format YYYY-MM-DD. For example, 2019-06-30. The date and time are in Coordinated Universal Time (UTC)."),
    field!("time", "timestamp", Time, "CloudFront, IIS", "The time when the CloudFront server finished responding to the request (in UTC), for example, 01:42:39."),
    field!("timestamp", "timestamp", Epoch, "real-time", "The date and time at which the edge server finished responding to the request."),
    field!("c-ip", "host", Host, "CloudFront, real-time, IIS", "The IP address of the viewer that made the request, for example, 192.0.2.183 or 2001:0db8:85a3::8a2e:0370:7334. If the viewer used an HTTP proxy or a load balancer to send the request, the value of this field is the IP address of the proxy or load balancer."),
    field!("cs-method", "method", Text, "CloudFront, real-time, IIS", "The HTTP request method received from the viewer."),
    field!("cs-uri-stem", "path", UriStem, "CloudFront, real-time, IIS", "CloudFront: The portion of the request URL that identifies the path and object (for example, /images/cat.jpg). Question marks (?) in URLs and query strings are not included in the log. real-time: The entire request URL, including the query string (if one exists), but without the domain name."),
    field!("cs-uri-query", "query", Query, "CloudFront, real-time, IIS", "The query string portion of the request URL, if any. When a URL doesn't contain a query string, this field's value is a hyphen (-)."),
    field!("cs-protocol-version", "protocol", Text, "CloudFront, real-time", "The HTTP version that the viewer specified in the request."),
    field!("cs-version", "protocol", Text, "IIS", "The HTTP protocol version that the client used."),
    field!("sc-status", "status", Status, "CloudFront, real-time, IIS", "Contains one of the following values: the HTTP status code of the server's response (for example, 200); 000, which indicates that the viewer closed the connection before the server could respond to the request."),
    field!("sc-bytes", "bytes", Integer, "CloudFront, real-time, IIS", "The total number of bytes that the server sent to the viewer in response to the request, including headers."),
    field!("cs(Referer)", "referer", Text, "CloudFront, IIS", "The value of the Referer header in the request."),
    field!("cs(Referrer)", "referer", Text, "IIS", "The site that the user last visited, which linked to the current site (IIS 6.0's samples spell it so)."),
    field!("cs-referer", "referer", Text, "real-time", "The value of the Referer header in the request."),
    field!("cs(User-Agent)", "user_agent", Text, "CloudFront, IIS", "The value of the User-Agent header in the request."),
    field!("cs-user-agent", "user_agent", Text, "real-time", "The value of the User-Agent header in the request."),
    field!("x-forwarded-for", "x_forwarded_for", Text, "CloudFront, real-time", "If the viewer used an HTTP proxy or a load balancer to send the request, the value of the c-ip field is the IP address of the proxy or load balancer. In that case, this field is the IP address of the viewer that originated the request. If the viewer did not use an HTTP proxy or a load balancer, the value of this field is a hyphen (-)."),
    // CloudFront's standard log.
    field!("x-edge-location", "x_edge_location", Text, "CloudFront, real-time", "The edge location that served the request. Each edge location is identified by a three-letter code and an arbitrarily assigned number (for example, DFW3)."),
    field!("cs(Host)", "cs_host", Host, "CloudFront", "The domain name of the CloudFront distribution (for example, d111111abcdef8.cloudfront.net)."),
    field!("cs(Cookie)", "cookie", Text, "CloudFront, IIS", "The Cookie header in the request, including name—value pairs and the associated attributes."),
    field!("x-edge-result-type", "x_edge_result_type", Text, "CloudFront, real-time", "How the server classified the response after the last byte left the server."),
    field!("x-edge-request-id", "x_edge_request_id", Text, "CloudFront, real-time", "An opaque string that uniquely identifies a request. CloudFront also sends this string in the x-amz-cf-id response header."),
    field!("x-host-header", "x_host_header", Host, "CloudFront, real-time", "The value that the viewer included in the Host header of the request."),
    field!("cs-protocol", "cs_protocol", Text, "CloudFront, real-time", "The protocol of the viewer request: http, https, grpcs, ws or wss."),
    field!("cs-bytes", "cs_bytes", Integer, "CloudFront, real-time, IIS", "The total number of bytes of data that the viewer included in the request, including headers."),
    field!("time-taken", "time_taken", Decimal, "CloudFront, real-time, IIS", "CloudFront: The number of seconds (to the thousandth of a second, for example, 0.082) from when the server receives the viewer's request to when the server writes the last byte of the response to the output queue, as measured on the server. IIS: milliseconds."),
    field!("ssl-protocol", "ssl_protocol", Text, "CloudFront, real-time", "When the request used HTTPS, this field contains the SSL/TLS protocol that the viewer and server negotiated for transmitting the request and response. When cs-protocol in field 17 is http, the value for this field is a hyphen (-)."),
    field!("ssl-cipher", "ssl_cipher", Text, "CloudFront, real-time", "When the request used HTTPS, this field contains the SSL/TLS cipher that the viewer and server negotiated for encrypting the request and response. When cs-protocol in field 17 is http, the value for this field is a hyphen (-)."),
    field!("x-edge-response-result-type", "x_edge_response_result_type", Text, "CloudFront, real-time", "How the server classified the response just before returning the response to the viewer."),
    field!("fle-status", "fle_status", Text, "CloudFront, real-time", "When field-level encryption is configured for a distribution, this field contains a code that indicates whether the request body was successfully processed."),
    field!("fle-encrypted-fields", "fle_encrypted_fields", Integer, "CloudFront, real-time", "The number of field-level encryption fields that the server encrypted and forwarded to the origin."),
    field!("c-port", "c_port", Integer, "CloudFront, real-time", "The port number of the request from the viewer."),
    field!("time-to-first-byte", "time_to_first_byte", Decimal, "CloudFront, real-time", "The number of seconds between receiving the request and writing the first byte of the response, as measured on the server."),
    field!("x-edge-detailed-result-type", "x_edge_detailed_result_type", Text, "CloudFront, real-time", "When the value of the x-edge-result-type field is Error, this field contains the specific type of error. When the object was served to the viewer from the Origin Shield cache, this field contains OriginShieldHit. In all other cases, this field contains the same value as x-edge-result-type."),
    field!("sc-content-type", "sc_content_type", Text, "CloudFront, real-time", "The value of the HTTP Content-Type header of the response."),
    field!("sc-content-len", "sc_content_len", Integer, "CloudFront, real-time", "The value of the HTTP Content-Length header of the response."),
    field!("sc-range-start", "sc_range_start", Integer, "CloudFront, real-time", "When the response contains the HTTP Content-Range header, this field contains the range start value."),
    field!("sc-range-end", "sc_range_end", Integer, "CloudFront, real-time", "When the response contains the HTTP Content-Range header, this field contains the range end value."),
    // CloudFront's real-time log.
    // CloudFront's standard logging v2 (vended logs): a real-time field it adds.
    field!("timestamp(ms)", "timestamp_ms", Integer, "CloudFront v2", "Timestamp in milliseconds."),
    field!("s-ip", "s_ip", Host, "real-time, IIS", "The IP address of the server that served the request."),
    field!("cs-host", "cs_host", Host, "real-time, IIS", "real-time: The value that the viewer included in the Host header of the request. IIS: the Host header."),
    field!("c-ip-version", "c_ip_version", Text, "real-time", "The IP version of the request (IPv4 or IPv6)."),
    field!("cs-cookie", "cookie", Text, "real-time", "The Cookie header in the request, including name—value pairs and the associated attributes."),
    field!("c-country", "c_country", Text, "real-time", "A country code that represents the viewer's geographic location, as determined by the viewer's IP address."),
    field!("cs-accept-encoding", "cs_accept_encoding", Text, "real-time", "The value of the Accept-Encoding header in the viewer request."),
    field!("cs-accept", "cs_accept", Text, "real-time", "The value of the Accept header in the viewer request."),
    field!("cache-behavior-path-pattern", "cache_behavior_path_pattern", Text, "real-time", "The path pattern that identifies the cache behavior that matched the viewer request."),
    field!("cs-headers", "cs_headers", Text, "real-time", "The HTTP headers (names and values) in the viewer request."),
    field!("cs-header-names", "cs_header_names", Text, "real-time", "The names of the HTTP headers (not values) in the viewer request."),
    field!("cs-headers-count", "cs_headers_count", Integer, "real-time", "The number of HTTP headers in the viewer request."),
    field!("primary-distribution-id", "primary_distribution_id", Text, "real-time", "When continuous deployment is enabled, the ID of the primary distribution."),
    field!("primary-distribution-dns-name", "primary_distribution_dns_name", Host, "real-time", "When continuous deployment is enabled, the domain name of the primary distribution."),
    field!("origin-fbl", "origin_fbl", Decimal, "real-time", "The number of seconds of first-byte latency between CloudFront and your origin."),
    field!("origin-lbl", "origin_lbl", Decimal, "real-time", "The number of seconds of last-byte latency between CloudFront and your origin."),
    field!("asn", "asn", Integer, "real-time", "The autonomous system number (ASN) of the viewer."),
    field!("cmcd-encoded-bitrate", "cmcd_encoded_bitrate", Integer, "real-time", "CMCD: the encoded bitrate of the audio or video object requested, in kbps."),
    field!("cmcd-buffer-length", "cmcd_buffer_length", Integer, "real-time", "CMCD: the buffer length of the media object, in milliseconds."),
    field!("cmcd-buffer-starvation", "cmcd_buffer_starvation", Text, "real-time", "CMCD: whether the buffer was starved at some point since the prior request."),
    field!("cmcd-content-id", "cmcd_content_id", Text, "real-time", "CMCD: a unique string identifying the current content."),
    field!("cmcd-object-duration", "cmcd_object_duration", Integer, "real-time", "CMCD: the playback duration of the object being requested, in milliseconds."),
    field!("cmcd-deadline", "cmcd_deadline", Integer, "real-time", "CMCD: the deadline from the request time until the first sample must be available, in milliseconds."),
    field!("cmcd-measured-throughput", "cmcd_measured_throughput", Integer, "real-time", "CMCD: the throughput between client and server, as measured by the client, in kbps."),
    field!("cmcd-next-object-request", "cmcd_next_object_request", Text, "real-time", "CMCD: the relative path of the next requested object."),
    field!("cmcd-next-range-request", "cmcd_next_range_request", Text, "real-time", "CMCD: the byte range of the next object request, when it is a partial request."),
    field!("cmcd-object-type", "cmcd_object_type", Text, "real-time", "CMCD: the media type of the current object being requested."),
    field!("cmcd-playback-rate", "cmcd_playback_rate", Decimal, "real-time", "CMCD: 1 if real-time, 2 if double speed, 0 if not playing."),
    field!("cmcd-requested-maximum-throughput", "cmcd_requested_maximum_throughput", Integer, "real-time", "CMCD: the requested maximum throughput that the client considers sufficient for delivery of the asset, in kbps."),
    field!("cmcd-streaming-format", "cmcd_streaming_format", Text, "real-time", "CMCD: the streaming format that defines the current request."),
    field!("cmcd-session-id", "cmcd_session_id", Text, "real-time", "CMCD: a GUID identifying the current playback session."),
    field!("cmcd-stream-type", "cmcd_stream_type", Text, "real-time", "CMCD: the token that identifies the segment availability."),
    field!("cmcd-startup", "cmcd_startup", Text, "real-time", "CMCD: set when the object is needed urgently due to startup, seeking, or recovery after a buffer-empty event."),
    field!("cmcd-top-bitrate", "cmcd_top_bitrate", Integer, "real-time", "CMCD: the highest bitrate rendition that the client can play, in kbps."),
    field!("cmcd-version", "cmcd_version", Text, "real-time", "CMCD: the version of this specification used for interpreting the defined key names and values."),
    field!("r-host", "r_host", Host, "real-time", "The domain name of the origin server that the request was sent to."),
    field!("sr-reason", "sr_reason", Text, "real-time", "The reason the origin was selected (failover, origin group)."),
    field!("x-edge-mqcs", "x_edge_mqcs", Text, "real-time", "The media quality confidence score of the media segment."),
    field!("distribution-tenant-id", "distribution_tenant_id", Text, "real-time", "The ID of the distribution tenant."),
    field!("connection-id", "connection_id", Text, "real-time", "A unique identifier for the TLS connection."),
    // IIS's.
    field!("s-sitename", "s_sitename", Text, "IIS", "Service Name: the Internet service name and instance number that was running on the client."),
    field!("s-computername", "s_computername", Host, "IIS", "Server Name: the name of the server on which the log file entry was generated."),
    field!("s-port", "s_port", Integer, "IIS", "Server Port: the server port number that is configured for the service."),
    field!("cs-username", "user", Text, "IIS", "User Name: the name of the authenticated user who accessed the server; anonymous users are a hyphen."),
    field!("sc-substatus", "sc_substatus", Integer, "IIS", "Protocol Substatus: the substatus error code."),
    field!("sc-win32-status", "sc_win32_status", Integer, "IIS", "Win32 Status: the Windows status code."),
];

/// CloudFront's standard logging v2 as JSON (to CloudWatch Logs or Firehose): one object
/// a line, keyed by the W3C names, every value a string. Its keys: the standard log's
/// fields and the real-time fields v2 adds (its "Configure standard logging (v2)" page).
pub const CLOUDFRONT_JSON: &str = "cloudfront_json";

/// The keys [`CLOUDFRONT_JSON`] reads beyond the standard log's.
const V2_FIELDS: [&str; 6] =
    ["timestamp(ms)", "origin-fbl", "origin-lbl", "asn", "c-country", "cache-behavior-path-pattern"];

/// For [`CLOUDFRONT_JSON`]: each key path (a W3C name) and the directive it reads into,
/// from [`FIELDS`]; `None` for any other text.
pub fn json_directives(text: &str) -> Option<Vec<(String, Directive)>> {
    if text.trim() != CLOUDFRONT_JSON {
        return None;
    }
    let names = field_names(NICKNAMES[0].1)?.chain(V2_FIELDS);
    let read = names.enumerate().filter_map(|(i, name)| {
        let (key, alt_key, kind) = meaning(name).ok()?;
        Some((
            name.to_string(),
            Directive { text: name.to_string(), position: i + 1, key, alt_key, kind, header: header(name) },
        ))
    });
    Some(read.collect())
}

/// The core keys an IIS custom field's name never takes (its key is `custom_` and the
/// name): each means the same in every format (`host` the client's address, `status` the
/// status the client got). The core keys named after a header (`referer`, `user_agent`,
/// `x_forwarded_for`) are not here: a custom field of that name logs that header.
const CORE_KEYS: [&str; 8] =
    ["timestamp", "host", "method", "path", "protocol", "request", "status", "bytes"];

/// The W3C prefixes a field identifier may have (the spec's "Prefix" list).
const PREFIXES: [&str; 8] = ["cs", "sc", "sr", "rs", "c", "s", "r", "x"];

/// Whether `text` is a W3C field list: a `#Fields:` line or a nickname of [`NICKNAMES`].
pub fn looks_like_w3c(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("#Fields:") || NICKNAMES.iter().any(|(name, _)| *name == t)
}

/// The field names of a `#Fields:` line (or of a nickname), `None` when it is not one.
pub fn field_names(text: &str) -> Option<impl Iterator<Item = &str>> {
    let t = text.trim();
    let t = NICKNAMES.iter().find(|(name, _)| *name == t).map_or(t, |(_, fields)| fields);
    Some(t.strip_prefix("#Fields:")?.split_ascii_whitespace())
}

/// The key, alternative key and kind of a field name, or why it is not one.
fn meaning(name: &str) -> Result<(String, Option<String>, Kind), String> {
    if let Some(row) = FIELDS.iter().find(|f| f.name == name) {
        return Ok((row.key.to_string(), None, row.kind.kind()));
    }
    let snake = |s: &str| header_key("", s).unwrap_or_default();
    // `cs(Header)`: a header, keyed as Apache keys `%{Header}i`.
    if let Some((prefix, rest)) = name.split_once('(')
        && let Some(header) = rest.strip_suffix(')')
        && PREFIXES.contains(&prefix)
        && !header.is_empty()
        && header.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        let key = match prefix {
            "cs" => snake(header),
            "sc" => format!("response_{}", snake(header)),
            other => format!("{other}_{}", snake(header)),
        };
        return Ok((key, Some(snake(name)), Kind::Text));
    }
    // `x-anything`, `s-anything`: text under its own name.
    if let Some((prefix, identifier)) = name.split_once('-')
        && PREFIXES.contains(&prefix)
        && !identifier.is_empty()
        && identifier.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Ok((snake(name), None, Kind::Text));
    }
    // An IIS custom field (IIS 8.5 and later): the `logFieldName` its administrator chose,
    // written as is after the standard fields (`... time-taken X-Forwarded-For`), text
    // under its name in snake case. Its name is a word of letters, digits, `-` and `_`.
    if name.bytes().any(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        let (key, custom) = (snake(name), format!("custom_{}", snake(name)));
        // A core key means one thing in every format; a custom field logs a header or a
        // server variable, so `Status` or `Host` is `custom_status`, `custom_host`.
        if CORE_KEYS.contains(&key.as_str()) {
            return Ok((custom, None, Kind::Text));
        }
        return Ok((key, Some(custom), Kind::Text));
    }
    Err(format!(
        "\"{name}\" is not a W3C field name firelog reads: a name of its table (date, time, c-ip, \
         cs-uri-stem, ...), prefix(Header), prefix-identifier with a prefix of c, s, r, cs, sc, \
         sr, rs or x, or an IIS custom field's name (letters, digits, - and _)"
    ))
}

/// Reads a `#Fields:` line (or a nickname of [`NICKNAMES`]) into a plan: the fields in
/// order, separated by tabs, with CloudFront's URL-encoding ([`Escape::Url`]).
pub fn parse(text: &str) -> Result<Plan, FormatError> {
    // Positions count in `LOG_FORMAT`, or in a nickname's own field list.
    let nickname = NICKNAMES.iter().find(|(name, _)| *name == text.trim()).map(|(_, fields)| *fields);
    let source = nickname.unwrap_or(text);
    let names =
        field_names(source).ok_or_else(|| FormatError("a W3C field list starts with #Fields:".into()))?;
    let mut items = Vec::new();
    for name in names {
        // Each name is a slice of `source`: its offset there gives its position.
        let offset = (name.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
        let position = source.get(..offset).map_or(1, |before| before.chars().count() + 1);
        let (key, alt_key, kind) =
            meaning(name).map_err(|why| FormatError(format!("{why} (position {position})")))?;
        if !items.is_empty() {
            items.push(Item::Literal(b"\t".to_vec()));
        }
        items.push(Item::Directive(Directive {
            text: name.to_string(),
            position,
            key,
            alt_key,
            kind,
            header: header(name),
        }));
    }
    if items.is_empty() {
        return Err(FormatError("the #Fields: line names no field".into()));
    }
    Plan::checked(items, Escape::Url)
}

/// Who writes a plan's lines, by its fields: `cloudfront` when one is CloudFront's own
/// (`x-edge-*`, the real-time `timestamp`), `iis` when one is IIS's own (`s-sitename`,
/// `sc-substatus`, ...), else `w3c`.
pub fn server(plan: &Plan) -> &'static str {
    let by = |source: &str| {
        plan.directives().any(|d| FIELDS.iter().any(|f| f.name == d.text && f.source == source))
    };
    if plan.directives().any(|d| d.text.starts_with("x-edge-")) || by("real-time") {
        "cloudfront"
    } else if by("IIS") {
        "iis"
    } else {
        "w3c"
    }
}

/// Whether a line of the data is a W3C header line (`#Version:`, `#Fields:`, `#Software:`,
/// `#Date:`, `#Start-Date:`, `#Remark:`, ...): a `#` first.
#[inline]
pub fn is_header(line: &[u8]) -> bool {
    line.first() == Some(&b'#')
}

/// Whether a `#Fields:` header of the data names the fields of `plan`, in order (any
/// other header line is not checked: `true`).
pub fn header_fits(plan: &Plan, line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"#Fields:") else { return true };
    let names = rest.split(|b| b.is_ascii_whitespace()).filter(|n| !n.is_empty());
    names
        .map(Some)
        .chain(std::iter::once(None))
        .zip(plan.directives().map(Some).chain(std::iter::once(None)))
        .all(|(name, directive)| match (name, directive) {
            (Some(n), Some(d)) => n == d.text.as_bytes(),
            (None, None) => true,
            _ => false,
        })
}

/// Where a `#Fields:` header of the data names a field firelog does not read: the offset
/// of its first such name (a byte that is not UTF-8 makes a name unread), `None` when
/// every name reads (or the line is no `#Fields:` line).
pub fn unread_at(line: &[u8]) -> Option<usize> {
    let rest = line.strip_prefix(b"#Fields:")?;
    let mut at = b"#Fields:".len();
    for name in rest.split(|b| b.is_ascii_whitespace()) {
        let unread = std::str::from_utf8(name).map_or(true, |n| meaning(n).is_err());
        if !name.is_empty() && unread {
            return Some(at);
        }
        at += name.len() + 1;
    }
    None
}

/// A space-separated W3C line with values in double quotes, written into `out` as the
/// tab-separated line of the same values, in CloudFront's URL-encoding, which the format's
/// tab reading undoes: `true` when it has at least one quoted value and every quote
/// closes.
///
/// The W3C draft lets a field be a quoted string, and some writers quote values that hold
/// spaces (Microsoft's IIS Advanced Logging module: `"Mozilla/5.0 (Windows NT 10.0)"`) or
/// every value (Incapsula: `"2017-06-28" "07:26:35"`). A value that starts with `"` runs
/// to the `"` followed by a space or the end of the line; inside it `""` is one `"` and
/// every other byte is the value's (a space, a `+`); its quotes are not. A value that
/// does not start with `"` is as IIS writes it: to the next space, `+` a space, `"`
/// kept. The per-line path reads a line this way only when the format did not read it as
/// it came, so no line that reads as it came reads otherwise.
pub fn unquoted(line: &[u8], out: &mut Vec<u8>) -> bool {
    let mut quoted = false;
    let mut i = 0;
    loop {
        if line.get(i..i + 2) == Some(b"\"\"") && matches!(line.get(i + 2), None | Some(b' ')) {
            // An empty quoted value is no value: `-`, as W3C writes one.
            quoted = true;
            out.push(b'-');
            i += 2;
        } else if line.get(i) == Some(&b'"') {
            quoted = true;
            i += 1;
            loop {
                match (line.get(i), line.get(i + 1)) {
                    (Some(b'"'), Some(b'"')) => {
                        out.extend_from_slice(b"%22");
                        i += 2;
                    }
                    (Some(b'"'), None | Some(b' ')) => {
                        i += 1;
                        break;
                    }
                    // A quote that neither closes nor is doubled, or one that never closes.
                    (Some(b'"'), Some(_)) | (None, _) => return false,
                    // A comma too: the tab reading takes a text value for a list, which a
                    // comma may not end (`a,`), and a quoted value is one string.
                    (Some(b','), _) => {
                        out.extend_from_slice(b"%2C");
                        i += 1;
                    }
                    (Some(&b), _) => {
                        encode(out, b);
                        i += 1;
                    }
                }
            }
        } else {
            while let Some(&b) = line.get(i).filter(|&&b| b != b' ') {
                if b == b'+' {
                    out.push(b' ')
                } else {
                    encode(out, b)
                }
                i += 1;
            }
        }
        match line.get(i) {
            Some(b' ') => {
                out.push(b'\t');
                i += 1;
            }
            _ => return quoted,
        }
    }
}

/// A value's byte in a tab-separated line: a `%` (and a tab, which none of the line's
/// holds) URL-encoded, as CloudFront writes them, so the decoding gives the byte back.
fn encode(out: &mut Vec<u8>, b: u8) {
    match b {
        b'%' => out.extend_from_slice(b"%25"),
        b'\t' => out.extend_from_slice(b"%09"),
        _ => out.push(b),
    }
}

/// The header a field logs: `cs(Name)` a request's, `sc(Name)` a response's, and
/// CloudFront's names of four request headers.
fn header(name: &str) -> Option<Header> {
    if let Some(name) = name.strip_prefix("cs(").and_then(|r| r.strip_suffix(')')) {
        return Some(Header::request(name));
    }
    if let Some(name) = name.strip_prefix("sc(").and_then(|r| r.strip_suffix(')')) {
        return Some(Header::response(name));
    }
    match name {
        "cs-user-agent" => Some(Header::request("user-agent")),
        "cs-referer" => Some(Header::request("referer")),
        "cs-cookie" => Some(Header::request("cookie")),
        // CloudFront's field, and IIS's custom fields of these headers (any case).
        n if n.eq_ignore_ascii_case("x-forwarded-for") => Some(Header::request("x-forwarded-for")),
        n if n.eq_ignore_ascii_case("forwarded") => Some(Header::request("forwarded")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nickname_reads_and_every_row_is_named_once() {
        for (name, _) in NICKNAMES {
            let plan = parse(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(plan.directives().count() > 10);
        }
        for (i, f) in FIELDS.iter().enumerate() {
            assert!(FIELDS[..i].iter().all(|g| g.name != f.name), "{} twice", f.name);
        }
    }

    #[test]
    fn unknown_names_follow_the_w3c_forms_or_stop_the_start() {
        let plan = parse("#Fields: c-ip cs(X-Request-Id) sc(Content-Type) x-trace-id").unwrap();
        let keys: Vec<&str> = plan.directives().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["host", "x_request_id", "response_content_type", "x_trace_id"]);
        let e = parse("#Fields: c-ip $status").unwrap_err().to_string();
        assert!(e.contains("\"$status\"") && e.contains("position 15"), "{e}");
        // IIS's custom fields, under the names their administrators gave them.
        let plan = parse("#Fields: c-ip time-taken X-Forwarded-For OriginalIP").unwrap();
        let keys: Vec<&str> = plan.directives().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["host", "time_taken", "x_forwarded_for", "originalip"]);
        assert!(plan.directives().nth(2).is_some_and(|d| d.header.is_some()));
        assert!(parse("#Fields:").is_err());
    }

    #[test]
    fn a_fields_header_fits_the_plan_that_names_its_fields() {
        let plan = parse("#Fields: date time c-ip").unwrap();
        assert!(header_fits(&plan, b"#Fields: date time c-ip"));
        assert!(header_fits(&plan, b"#Version: 1.0"));
        assert!(!header_fits(&plan, b"#Fields: date time"));
        assert!(!header_fits(&plan, b"#Fields: date time c-ip sc-status"));
    }

    #[test]
    fn quoted_values_are_one_field_each_their_quotes_off() {
        let unquoted = |line: &str| {
            let mut out = Vec::new();
            unquoted(line.as_bytes(), &mut out).then(|| String::from_utf8(out).unwrap())
        };
        let some = |s: &str| Some(s.to_string());
        let table = [
            (r#"a "b c" d"#, some("a\tb c\td")),
            (r#"a "x, y," b,c"#, some("a\tx%2C y%2C\tb,c")),
            // An empty quoted value is no value: `-`.
            (r#""2017-06-28" "07:26:35" "" "-""#, some("2017-06-28\t07:26:35\t-\t-")),
            (r#"x "say ""hi""" y"#, some("x\tsay %22hi%22\ty")),
            ("\"\"\"\" \"\"", some("%22\t-")),
            // Bare values as IIS writes them: `+` a space, `%` and a `"` inside kept.
            (r#"Mozilla/5.0+(X11) "a+b 100%" c="d""#, some("Mozilla/5.0 (X11)\ta+b 100%25\tc=\"d\"")),
            // No quoted value: nothing to read again.
            ("a b c", None),
            (r#"a b="c d""#, None),
            // A quote that does not close, or closes inside a value.
            (r#"a "b c"#, None),
            (r#"a "b"c d"#, None),
            (r#"""#, None),
        ];
        for (line, want) in table {
            assert_eq!(unquoted(line), want, "{line}");
        }
    }

    #[test]
    fn an_unread_name_of_a_header_is_found_where_it_stands() {
        assert_eq!(unread_at(b"#Fields: date $bogus c-ip"), Some(14));
        assert_eq!(unread_at(b"#Fields:\tdate\t\xff"), Some(14));
        assert_eq!(unread_at(b"#Fields: date time c-ip"), None);
        assert_eq!(unread_at(b"#Fields:"), None);
        assert_eq!(unread_at(b"#Version: 1.0"), None);
    }
}
