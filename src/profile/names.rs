//! The profile's tables: the setting (`SCHEMA`), the names well-known keys take in ECS
//! and OTel, how a value converts, and the rule for the names of the rest.

use crate::access_log::Server;
use crate::access_log::plan::Header;
use crate::output::{Column, Origin};
use crate::variable::{SettingError, Variable};

/// `SCHEMA`.
pub const SCHEMA: Variable = Variable {
    name: "SCHEMA",
    default: "firelog",
    allowed: "firelog (the format's own keys), ecs (Elastic Common Schema, nested objects) or otel \
              (OpenTelemetry attributes, flat dotted keys)",
};

/// The field profile: which names the keys take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Schema {
    /// The format's own keys.
    #[default]
    Firelog,
    /// Elastic Common Schema, nested.
    Ecs,
    /// OpenTelemetry attributes, flat and dotted.
    Otel,
}

impl Schema {
    /// Reads `SCHEMA`'s value; empty is the default.
    pub fn from_setting(value: &str) -> Result<Schema, SettingError> {
        match value.trim() {
            "" | "firelog" => Ok(Schema::Firelog),
            "ecs" => Ok(Schema::Ecs),
            "otel" => Ok(Schema::Otel),
            _ => Err(SCHEMA.reject(value)),
        }
    }
}

/// How a column's value becomes the profile's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convert {
    /// As written.
    AsIs,
    /// `HTTP/1.1` is `1.1` (ECS's `http.version`, OTel's `network.protocol.version`);
    /// a value without `HTTP/` is written as logged.
    Version,
    /// The path of a request target: up to its `?`.
    TargetPath,
    /// The query of a request target: after its `?`; null when it has none or it is empty.
    TargetQuery,
    /// A duration to nanoseconds: the value times 10 to this power (`%D`'s microseconds:
    /// 3; `$request_time`'s seconds: 9). A value with more fraction digits than that, or
    /// past 2^63 - 1 nanoseconds, is null.
    Nanos(u8),
    /// A string as an array of that one string (OTel's header attributes and CloudWatch
    /// Logs names); null stays null. OTel's only: in ECS such a value stays a string.
    Array,
    /// `ua_bot`'s `true` is `"bot"` (OTel's `user_agent.synthetic.type`); `false` is null.
    Bot,
}

/// The well-known keys: a firelog key (not a header's), its ECS name and its OTel name
/// (empty: the fallback; `{server}`: `apache` or `nginx`), and how the value converts in each.
pub const NAMES: &[(&str, &str, &str, Convert)] = {
    use Convert::*;
    &[
        ("host", "source.address", "client.address", AsIs),
        ("client_ip", "client.address", "client.address", AsIs),
        ("remote_ip", "client.address", "client.address", AsIs),
        ("peer_ip", "", "network.peer.address", AsIs),
        ("remote_port", "source.port", "client.port", AsIs),
        ("client_port", "source.port", "client.port", AsIs),
        ("server_ip", "destination.address", "network.local.address", AsIs),
        ("port", "destination.port", "server.port", AsIs),
        ("local_port", "", "network.local.port", AsIs),
        ("downstream_local_address", "destination.address", "network.local.address", AsIs),
        ("downstream_local_port", "destination.port", "network.local.port", AsIs),
        ("vhost", "destination.domain", "server.address", AsIs),
        ("server_name", "url.domain", "url.domain", AsIs),
        ("canonical_server_name", "url.domain", "url.domain", AsIs),
        ("ident", "{server}.access.identity", "", AsIs),
        ("user", "user.name", "user.name", AsIs),
        ("timestamp", "@timestamp", "timestamp", AsIs),
        ("method", "http.request.method", "http.request.method", AsIs),
        ("request_method", "http.request.method", "http.request.method", AsIs),
        ("path", "url.path", "url.path", AsIs),
        ("url_path", "url.path", "url.path", AsIs),
        ("query", "url.query", "url.query", AsIs),
        ("query_string", "url.query", "url.query", AsIs),
        ("request_uri", "url.original", "", AsIs),
        ("protocol", "http.version", "network.protocol.version", Version),
        ("server_protocol", "http.version", "network.protocol.version", Version),
        ("status", "http.response.status_code", "http.response.status_code", AsIs),
        ("bytes", "http.response.body.bytes", "http.response.body.size", AsIs),
        ("bytes_sent", "http.response.bytes", "http.response.size", AsIs),
        ("bytes_received", "http.request.bytes", "http.request.size", AsIs),
        ("body_bytes_received", "http.request.body.bytes", "http.request.body.size", AsIs),
        ("scheme", "url.scheme", "url.scheme", AsIs),
        ("hostname", "host.hostname", "host.name", AsIs),
        // A syslog prefix (HAProxy's, `syslog:`'s): the machine and the process that logged.
        ("syslog_host", "host.hostname", "host.name", AsIs),
        ("syslog_process", "process.name", "process.executable.name", AsIs),
        ("syslog_pid", "process.pid", "process.pid", AsIs),
        ("pid", "process.pid", "process.pid", AsIs),
        ("request_id", "http.request.id", "", AsIs),
        ("content_type", "http.response.mime_type", "", AsIs),
        ("thread_name", "process.thread.name", "thread.name", AsIs),
        ("session_id", "", "session.id", AsIs),
        ("ssl_cipher", "tls.cipher", "tls.cipher", AsIs),
        ("ssl_server_name", "tls.client.server_name", "tls.client.server_name", AsIs),
        // W3C fields (CloudFront, IIS) that ECS and OTel have a name for.
        ("c_port", "source.port", "client.port", AsIs),
        ("s_ip", "destination.address", "network.local.address", AsIs),
        ("s_port", "destination.port", "server.port", AsIs),
        ("cs_bytes", "http.request.bytes", "http.request.size", AsIs),
        ("cs_protocol", "url.scheme", "url.scheme", AsIs),
        ("x_host_header", "url.domain", "url.domain", AsIs),
        ("c_country", "source.geo.country_iso_code", "geo.country.iso_code", AsIs),
        ("asn", "source.as.number", "", AsIs),
        ("requested_server_name", "tls.client.server_name", "tls.client.server_name", AsIs),
        ("downstream_tls_cipher", "tls.cipher", "tls.cipher", AsIs),
        ("authority", "url.domain", "", AsIs),
        ("log_group", "awscloudwatch.log_group", "aws.log.group.names", Array),
        ("log_stream", "awscloudwatch.log_stream", "aws.log.stream.names", Array),
        // ECS's `labels` is a map of keywords, as the envelope's fields are; OTel has no
        // attribute for a shipper's fields (its `container.*` are resource attributes).
        ("envelope", "labels", "", AsIs),
        ("unparsed_line", "event.original", "log.record.original", AsIs),
        ("parse_error", "error.message", "error.message", AsIs),
    ]
};

/// The keys a server's own format names otherwise than [`NAMES`] does (first), or that
/// [`NAMES`] lacks: HAProxy's as Elastic's HAProxy integration names them (`haproxy.*`,
/// `haproxy.connections.*`); AWS's layouts' ([`crate::access_log::aws`]) as Elastic's AWS
/// integration names them in its ELB and S3 access logs data streams (`aws.elb.backend.ip`,
/// `..._time.sec`); and OTel's where it has an attribute (empty: the fallback).
pub const SERVER_NAMES: &[(Server, &str, &str, &str, Convert)] = {
    use Convert::*;
    use Server::Haproxy;
    const ELB: Server = Server::Aws("aws.elb");
    const S3: Server = Server::Aws("aws.s3access");
    &[
        (ELB, "elb", "aws.elb.name", "", AsIs),
        (ELB, "target", "aws.elb.backend.ip", "", AsIs),
        (ELB, "target_port", "aws.elb.backend.port", "", AsIs),
        (ELB, "backend", "aws.elb.backend.ip", "", AsIs),
        (ELB, "backend_port", "aws.elb.backend.port", "", AsIs),
        (ELB, "request_processing_time", "aws.elb.request_processing_time.sec", "", AsIs),
        (ELB, "target_processing_time", "aws.elb.backend_processing_time.sec", "", AsIs),
        (ELB, "backend_processing_time", "aws.elb.backend_processing_time.sec", "", AsIs),
        (ELB, "response_processing_time", "aws.elb.response_processing_time.sec", "", AsIs),
        (ELB, "target_status_code", "aws.elb.backend.http.response.status_code", "", AsIs),
        (ELB, "backend_status_code", "aws.elb.backend.http.response.status_code", "", AsIs),
        (ELB, "received_bytes", "http.request.body.bytes", "http.request.size", AsIs),
        (ELB, "target_group_arn", "aws.elb.target_group.arn", "", AsIs),
        (ELB, "chosen_cert_arn", "aws.elb.chosen_cert.arn", "", AsIs),
        (ELB, "chosen_cert_serial", "aws.elb.chosen_cert.serial", "", AsIs),
        (ELB, "actions_executed", "aws.elb.action_executed", "", AsIs),
        (ELB, "error_reason", "aws.elb.error.reason", "", AsIs),
        (ELB, "target_port_list", "aws.elb.target_port", "", AsIs),
        (ELB, "target_status_code_list", "aws.elb.target_status_code", "", AsIs),
        (ELB, "connection_time", "aws.elb.connection_time.ms", "", AsIs),
        (ELB, "tls_handshake_time", "aws.elb.tls_handshake_time.ms", "", AsIs),
        (ELB, "tls_cipher", "tls.cipher", "tls.cipher", AsIs),
        (ELB, "destination", "destination.address", "server.address", AsIs),
        (ELB, "destination_port", "destination.port", "server.port", AsIs),
        (S3, "request_id", "aws.s3access.request_id", "", AsIs),
        (Haproxy, "client_port", "source.port", "client.port", AsIs),
        (Haproxy, "frontend_ip", "destination.address", "network.local.address", AsIs),
        (Haproxy, "frontend_port", "destination.port", "network.local.port", AsIs),
        // `%si` is the server HAProxy sent the request to, not the one that took it.
        (Haproxy, "server_ip", "", "", AsIs),
        (Haproxy, "frontend_name_transport", "haproxy.frontend_name", "", AsIs),
        (Haproxy, "frontend_name", "haproxy.frontend_name", "", AsIs),
        (Haproxy, "backend_name", "haproxy.backend_name", "", AsIs),
        (Haproxy, "server_name", "haproxy.server_name", "", AsIs),
        (Haproxy, "queue_time_ms", "haproxy.total_waiting_time_ms", "", AsIs),
        (Haproxy, "connect_time_ms", "haproxy.connection_wait_time_ms", "", AsIs),
        (Haproxy, "request_time_ms", "haproxy.http.request.time_wait_ms", "", AsIs),
        (Haproxy, "response_time_ms", "haproxy.http.request.time_wait_without_data_ms", "", AsIs),
        (Haproxy, "total_time_ms", "haproxy.tcp.connection_waiting_time_ms", "", AsIs),
        // `%B` counts the headers too.
        (Haproxy, "bytes", "http.response.bytes", "http.response.size", AsIs),
        (Haproxy, "termination_state", "haproxy.termination_state", "", AsIs),
        (Haproxy, "actconn", "haproxy.connections.active", "", AsIs),
        (Haproxy, "feconn", "haproxy.connections.frontend", "", AsIs),
        (Haproxy, "beconn", "haproxy.connections.backend", "", AsIs),
        (Haproxy, "srv_conn", "haproxy.connections.server", "", AsIs),
        (Haproxy, "retries", "haproxy.connections.retries", "", AsIs),
        (Haproxy, "srv_queue", "haproxy.server_queue", "", AsIs),
        (Haproxy, "backend_queue", "haproxy.backend_queue", "", AsIs),
        (Haproxy, "captured_request_cookie", "haproxy.http.request.captured_cookie", "", AsIs),
        (Haproxy, "captured_response_cookie", "haproxy.http.response.captured_cookie", "", AsIs),
        (Haproxy, "captured_request_headers", "haproxy.http.request.captured_headers", "", AsIs),
        (Haproxy, "captured_response_headers", "haproxy.http.response.captured_headers", "", AsIs),
        (Haproxy, "unique_id", "http.request.id", "", AsIs),
        (Haproxy, "request", "haproxy.http.request.raw_request_line", "", AsIs),
        (Haproxy, "ssl_ciphers", "tls.cipher", "tls.cipher", AsIs),
        (Haproxy, "ssl_fc_sni", "tls.client.server_name", "tls.client.server_name", AsIs),
    ]
};

/// The keys enrichment adds ([`crate::enrich`]), named as Elastic's GeoIP and user-agent
/// processors and OpenTelemetry's `geo.*` and `user_agent.*` attributes name them (empty:
/// the fallback). With `client_ip`, OTel's `client.address` is the real client's and the
/// connecting address is `network.peer.address`.
pub const ENRICHED: &[(&str, &str, &str, Convert)] = {
    use Convert::*;
    &[
        ("client_ip", "source.ip", "client.address", AsIs),
        ("geo_country_code", "source.geo.country_iso_code", "geo.country.iso_code", AsIs),
        ("geo_country_name", "source.geo.country_name", "", AsIs),
        ("geo_city", "source.geo.city_name", "geo.locality.name", AsIs),
        ("geo_latitude", "source.geo.location.lat", "geo.location.lat", AsIs),
        ("geo_longitude", "source.geo.location.lon", "geo.location.lon", AsIs),
        ("as_number", "source.as.number", "", AsIs),
        ("as_organization", "source.as.organization.name", "", AsIs),
        ("ua_browser", "user_agent.name", "user_agent.name", AsIs),
        ("ua_browser_version", "user_agent.version", "user_agent.version", AsIs),
        ("ua_os", "user_agent.os.name", "user_agent.os.name", AsIs),
        ("ua_os_version", "user_agent.os.version", "user_agent.os.version", AsIs),
        ("ua_device", "", "", AsIs),
        ("ua_bot", "", "user_agent.synthetic.type", Bot),
    ]
};

/// The name a connecting address takes in OTel when the real client (`client_ip`) is
/// `client.address`.
pub(crate) const PEER: &str = "network.peer.address";

/// The durations: in ECS each is `event.duration`, in nanoseconds; OTel has no
/// attribute for one (it falls back).
pub const DURATIONS: &[(&str, u8)] =
    &[("duration_ns", 0), ("duration_us", 3), ("duration_ms", 6), ("duration_s", 9), ("request_time", 9)];

/// The request headers with a name of their own (by the header's name, lower case).
pub const HEADERS: &[(&str, &str, &str)] =
    &[("referer", "http.request.referrer", ""), ("user-agent", "user_agent.original", "user_agent.original")];

/// The name a column takes where its own is not known or is taken: in ECS
/// `<server>.access.<key>` (`nginx.access.x_forwarded_for`, as Elastic's integrations name
/// what ECS has no field for); in OTel a request header is `http.request.header.<name>`
/// and a response header `http.response.header.<name>`, each an array of its one value,
/// and anything else `<server>.<key>` (`nginx.request_time`). A header whose name is not
/// lower-case letters, digits, `-` and `_`, or whose attribute an earlier field took (the
/// same header logged twice), is `<server>.<key>` too. That last name is taken only by a
/// well-known name (ECS's `<server>.access.identity`, for a header `Identity`): the column
/// then takes it with `_2` (`_3`, ...).
pub fn fallbacks(schema: Schema, server: Server, column: &Column) -> Vec<(String, Convert)> {
    let server = server.name();
    let plain = |name: &str| {
        name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    let mut names = Vec::new();
    match (schema, &column.origin) {
        (Schema::Otel, Origin::Header(Header::Request(name))) if plain(name) => {
            names.push((format!("http.request.header.{name}"), Convert::Array));
        }
        (Schema::Otel, Origin::Header(Header::Response(name))) if plain(name) => {
            names.push((format!("http.response.header.{name}"), Convert::Array));
        }
        _ => {}
    }
    names.push(match schema {
        // Elastic's AWS integration keeps API Gateway's fields under `aws.apigateway`;
        // OTel's `aws.request_id` is the `x-amzn-RequestId` that `$context.requestId` logs.
        Schema::Otel if server == "apigateway" && column.name == "request_id" => {
            ("aws.request_id".into(), Convert::AsIs)
        }
        _ if server == "apigateway" => (format!("aws.apigateway.{}", column.name), Convert::AsIs),
        // Elastic's AWS integration names AWS's fields `aws.elb.<field>`, with no `access`.
        Schema::Otel | Schema::Ecs if server.starts_with("aws.") => {
            (format!("{server}.{}", column.name), Convert::AsIs)
        }
        Schema::Otel => (format!("{server}.{}", column.name), Convert::AsIs),
        _ => (format!("{server}.access.{}", column.name), Convert::AsIs),
    });
    names
}
