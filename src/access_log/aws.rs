//! AWS's own access logs, whose layouts are fixed (no format string): Application Load
//! Balancer (`alb`, and its connection log, `alb_connection`), Classic Load Balancer
//! (`clb`), Network Load Balancer's TLS log (`nlb`) and Amazon S3 server access
//! (`s3_access`). Each is a table with a row per field in AWS's order: AWS's name for
//! it, the key firelog writes, how its value reads, whether AWS quotes it, and AWS's
//! documentation sentence (rendered into docs/formats.md). A table reads into the same
//! [`Plan`] a format string does: its fields separated by one space, the quoted ones
//! between `"`.
//!
//! AWS adds fields at the end of its lines (ALB's `conn_trace_id` in 2024, its
//! transforms in 2025): each layout names the fields from which the rest of a line may
//! be absent (older lines read, the keys null), and text after the last known field is
//! kept, as `extra`, never fatal ([`Layout::later`]).

use super::plan::{Directive, Escape, Header, Item, Kind, Plan, TimePart};

/// How a field's value reads, as a table can say it in a `const`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A string; `-` is null.
    Text,
    /// An address as logged (S3's remote IP); `-` (S3's own lifecycle actions, deliveries
    /// by AWS services) is null.
    Host,
    /// `address:port`: the address under the key, the port under this key.
    Endpoint(&'static str),
    /// A whole number; `-` is null.
    Integer,
    /// A whole number; `-` is 0 (S3's bytes sent: "or - if zero").
    ZeroDash,
    /// A status code; `-` is null.
    Status,
    /// Seconds with a fraction; `-1` and `-` are null.
    Timing,
    /// The line's time (`timestamp`).
    Time(Time),
    /// A second time, written as logged.
    TimeText(Time),
    /// ALB's and Classic ELB's request line, its target a whole URL.
    UrlRequest,
    /// S3's request line, its target a path (`%r`'s).
    Request,
}

/// The forms of AWS's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Time {
    /// ISO 8601 in UTC with microseconds: `2018-07-02T22:23:00.186641Z`.
    Utc,
    /// ISO 8601 without a fraction or a zone (NLB's, in UTC): `2018-12-20T02:59:40`.
    Seconds,
    /// S3's, as Apache's `%t`: `[06/Feb/2019:00:00:38 +0000]`.
    Clf,
}

/// One field of a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// AWS's name for it.
    pub name: &'static str,
    /// The key it writes (a request line writes `method`, `path`, `protocol`, `request`).
    pub key: &'static str,
    /// How its value reads.
    pub value: Value,
    /// Whether AWS writes it between `"`.
    pub quoted: bool,
    /// AWS's documentation sentence.
    pub doc: &'static str,
}

const fn field(name: &'static str, key: &'static str, value: Value, doc: &'static str) -> Field {
    Field { name, key, value, quoted: false, doc }
}

const fn quoted(name: &'static str, key: &'static str, value: Value, doc: &'static str) -> Field {
    Field { name, key, value, quoted: true, doc }
}

/// A fixed layout: its nickname, the service, its fields, and where AWS documents them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// What to set `LOG_FORMAT` to.
    pub nickname: &'static str,
    /// The service's name, as a namespace for the profiles' names: `aws.elb`, `aws.s3access`.
    pub service: &'static str,
    /// The fields in AWS's order.
    pub fields: &'static [Field],
    /// The fields AWS added later, each from which the rest of a line may be absent.
    pub later: &'static [&'static str],
    /// Quoted fields a line may write as a bare `-`, without their quotes, when they have
    /// no value (S3's `BATCH.DELETE.OBJECT` records).
    pub bare: &'static [&'static str],
    /// Quoted fields a line may write as a bare word, without their quotes: ALB's target
    /// lists, unquoted in the example lines of AWS's page from 2020-08 to 2021-12 (against
    /// its field table) and in the lines copied from it; one word reads as if quoted.
    pub words: &'static [&'static str],
    /// AWS's page.
    pub source: &'static str,
}

use Value::*;

/// Application Load Balancer access log entries.
#[rustfmt::skip]
pub const ALB: &[Field] = &[
    field("type", "type", Text, "The type of request or connection. The possible values are as follows (ignore any other values): http — HTTP, https — HTTP over TLS, h2 — HTTP/2 over TLS, grpcs — gRPC over TLS, ws — WebSockets, wss — WebSockets over TLS."),
    field("time", "timestamp", Time(Time::Utc), "The time when the load balancer generated a response to the client, in ISO 8601 format. For WebSockets, this is the time when the connection is closed."),
    field("elb", "elb", Text, "The resource ID of the load balancer. If you are parsing access log entries, note that resources IDs can contain forward slashes (/)."),
    field("client:port", "host", Endpoint("client_port"), "The IP address and port of the requesting client. If there is a proxy in front of the load balancer, this field contains the IP address of the proxy."),
    field("target:port", "target", Endpoint("target_port"), "The IP address and port of the target that processed this request. If the client didn't send a full request, the load balancer can't dispatch the request to a target, and this value is set to -. If the target is a Lambda function, this value is set to -. If the request is blocked by AWS WAF, this value is set to - and the value of elb_status_code is set to 403."),
    field("request_processing_time", "request_processing_time", Timing, "The total time elapsed (in seconds, with millisecond precision) from the time the load balancer received the request until the time it sent the request to a target. This value is set to -1 if the load balancer can't dispatch the request to a target."),
    field("target_processing_time", "target_processing_time", Timing, "The total time elapsed (in seconds, with millisecond precision) from the time the load balancer sent the request to a target until the target started to send the response headers. This value is set to -1 if the load balancer can't dispatch the request to a target. This can happen if the target closes the connection before the idle timeout or if the client sends a malformed request."),
    field("response_processing_time", "response_processing_time", Timing, "The total time elapsed (in seconds, with millisecond precision) from the time the load balancer received the response header from the target until it started to send the response to the client. This value is set to -1 if the load balancer can't send the request to a target."),
    field("elb_status_code", "status", Status, "The status code of the response from the load balancer."),
    field("target_status_code", "target_status_code", Status, "The status code of the response from the target. This value is recorded only if a connection was established to the target and the target sent a response. Otherwise, it is set to -."),
    field("received_bytes", "received_bytes", Integer, "The size of the request, in bytes, received from the client (requester). For HTTP requests, this includes the headers. For WebSockets, this is the total number of bytes received from the client on the connection."),
    field("sent_bytes", "bytes", Integer, "The size of the response, in bytes, sent to the client (requester). For HTTP requests, this includes the headers. For WebSockets, this is the total number of bytes sent to the client on the connection."),
    quoted("request", "request", UrlRequest, "The request line from the client, enclosed in double quotes and logged using the following format: HTTP method + protocol://host:port/uri + HTTP version. The load balancer preserves the URL sent by the client, as is, when recording the request URI."),
    quoted("user_agent", "user_agent", Text, "A User-Agent string that identifies the client that originated the request, enclosed in double quotes. The string consists of one or more product identifiers, product[/version]. If the string is longer than 8 KB, it is truncated."),
    field("ssl_cipher", "ssl_cipher", Text, "[HTTPS listener] The SSL cipher. This value is set to - if the listener is not an HTTPS listener."),
    field("ssl_protocol", "ssl_protocol", Text, "[HTTPS listener] The SSL protocol. This value is set to - if the listener is not an HTTPS listener."),
    field("target_group_arn", "target_group_arn", Text, "The Amazon Resource Name (ARN) of the target group."),
    quoted("trace_id", "trace_id", Text, "The contents of the X-Amzn-Trace-Id header, enclosed in double quotes."),
    quoted("domain_name", "domain_name", Text, "[HTTPS listener] The SNI domain provided by the client during the TLS handshake, enclosed in double quotes. This value is set to - if the client doesn't support SNI or the domain doesn't match a certificate and the default certificate is presented to the client."),
    quoted("chosen_cert_arn", "chosen_cert_arn", Text, "[HTTPS listener] The ARN of the certificate presented to the client, enclosed in double quotes. This value is set to session-reused if the session is reused. This value is set to - if the listener is not an HTTPS listener."),
    field("matched_rule_priority", "matched_rule_priority", Text, "The priority value of the rule that matched the request. If a rule matched, this is a value from 1 to 50,000. If no rule matched and the default action was taken, this value is set to 0. If an error occurs during rules evaluation, it is set to -1. For any other error, it is set to -."),
    field("request_creation_time", "request_creation_time", TimeText(Time::Utc), "The time when the load balancer received the request from the client, in ISO 8601 format."),
    quoted("actions_executed", "actions_executed", Text, "The actions taken when processing the request, enclosed in double quotes. This value is a comma-separated list that can include the values described in Actions taken. If no action was taken, such as for a malformed request, this value is set to -."),
    quoted("redirect_url", "redirect_url", Text, "The URL of the redirect target for the location header of the HTTP response, enclosed in double quotes. If no redirect actions were taken, this value is set to -."),
    quoted("error_reason", "error_reason", Text, "The error reason code, enclosed in double quotes. If the request failed, this is one of the error codes described in Error reason codes. If the actions taken do not include an authenticate action or the target is not a Lambda function, this value is set to -."),
    quoted("target:port_list", "target_port_list", Text, "A space-delimited list of IP addresses and ports for the targets that processed this request, enclosed in double quotes. Currently, this list can contain one item and it matches the target:port field."),
    quoted("target_status_code_list", "target_status_code_list", Text, "A space-delimited list of status codes from the responses of the targets, enclosed in double quotes. Currently, this list can contain one item and it matches the target_status_code field."),
    quoted("classification", "classification", Text, "The classification for desync mitigation, enclosed in double quotes. If the request does not comply with RFC 7230, the possible values are Acceptable, Ambiguous, and Severe. If the request complies with RFC 7230, this value is set to -."),
    quoted("classification_reason", "classification_reason", Text, "The classification reason code, enclosed in double quotes. If the request does not comply with RFC 7230, this is one of the classification codes described in Classification reasons. If the request complies with RFC 7230, this value is set to -."),
    field("conn_trace_id", "conn_trace_id", Text, "The connection traceability ID is a unique opaque ID used to identify each connection. After a connection is established with a client, subsequent requests from this client contain this ID in their respective access log entries."),
    quoted("transformed_host", "transformed_host", Text, "The host header after it was modified by a host header rewrite transform, enclosed in double quotes. This value is set to - if no transform was applied."),
    quoted("transformed_uri", "transformed_uri", Text, "The URI after it was modified by a URL rewrite transform, enclosed in double quotes. This value is set to - if no transform was applied."),
    quoted("request_transform_status", "request_transform_status", Text, "The status of the rewrite transform, enclosed in double quotes. This value is set to - if no transform was applied."),
];

/// Application Load Balancer connection log entries (one per TLS connection attempt).
#[rustfmt::skip]
pub const ALB_CONNECTION: &[Field] = &[
    field("timestamp", "timestamp", Time(Time::Utc), "The time, in ISO 8601 format, when the load balancer successfully established or failed to establish a connection."),
    field("client_ip", "host", Host, "The IP address of the requesting client."),
    field("client_port", "client_port", Integer, "The port of the requesting client."),
    field("listener_port", "listener_port", Integer, "The port of the load balancer listener receiving the client request."),
    field("tls_protocol", "tls_protocol", Text, "[HTTPS listener] The SSL/TLS protocol used during handshakes. This field is set to - for non SSL/TLS requests."),
    // AWS's page gives tls_cipher the sentence of tls_protocol, word for word.
    field("tls_cipher", "tls_cipher", Text, "[HTTPS listener] The SSL/TLS protocol used during handshakes. This field is set to - for non SSL/TLS requests."),
    field("tls_handshake_latency", "tls_handshake_latency", Timing, "[HTTPS listener] The total time in seconds, with a millisecond precision, elapsed while establishing a successful handshake. This field is set to - when: the incoming request is not a SSL/TLS request; the handshake is not established successfully."),
    quoted("leaf_client_cert_subject", "leaf_client_cert_subject", Text, "[HTTPS listener] The subject name of the leaf client certificate. This field is set to - when: the incoming request is not a SSL/TLS request; the load balancer listener is not configured with mTLS enabled; the server is not able to load/parse the leaf client certificate."),
    field("leaf_client_cert_validity", "leaf_client_cert_validity", Text, "[HTTPS listener] The validity, with not-before and not-after in ISO 8601 format, of the leaf client certificate. This field is set to - when: the incoming request is not a SSL/TLS request; the load balancer listener is not configured with mTLS enabled; the server is not able to load/parse the leaf client certificate."),
    field("leaf_client_cert_serial_number", "leaf_client_cert_serial_number", Text, "[HTTPS listener] The serial number of the leaf client certificate. This field is set to - when: the incoming request is not a SSL/TLS request; the load balancer listener is not configured with mTLS enabled; the server is not able to load/parse the leaf client certificate."),
    field("tls_verify_status", "tls_verify_status", Text, "[HTTPS listener] The status of the connection request. This value is Success if the connection is established successfully. On an unsuccessful connection the value is Failed:$error_code."),
    field("conn_trace_id", "conn_trace_id", Text, "The connection traceability ID is a unique opaque ID used to identify each connection. After a connection is established with a client, subsequent requests from this client contain this ID in their respective access log entries. This ID acts as a foreign key to create a link between the connection and access logs."),
    field("tls_keyexchange", "tls_keyexchange", Text, "[HTTPS listener] The key exchange used during handshakes for TLS or PQ-TLS . This field is set to - for non SSL/TLS requests."),
    field("elb", "elb", Text, "The resource ID of the load balancer. If you are parsing access log entries, note that resources IDs can contain forward slashes (/)."),
    field("ip_address", "ip_address", Text, "The IP address of the load balancer node that handled the request. For an internal load balancer, this is a private IP address."),
];

/// Classic Load Balancer access log entries (HTTP, HTTPS, TCP and SSL listeners).
#[rustfmt::skip]
pub const CLB: &[Field] = &[
    field("timestamp", "timestamp", Time(Time::Utc), "The time when the load balancer received the request from the client, in ISO 8601 format."),
    field("elb", "elb", Text, "The name of the load balancer."),
    field("client:port", "host", Endpoint("client_port"), "The IP address and port of the requesting client."),
    field("backend:port", "backend", Endpoint("backend_port"), "The IP address and port of the registered instance that processed this request. If the load balancer can't send the request to a registered instance, or if the instance closes the connection before a response can be sent, this value is set to -."),
    field("request_processing_time", "request_processing_time", Timing, "[HTTP listener] The total time elapsed, in seconds, from the time the load balancer received the request until the time it sent it to a registered instance. [TCP listener] The total time elapsed, in seconds, from the time the load balancer accepted a TCP/SSL connection from a client to the time the load balancer sends the first byte of data to a registered instance. This value is set to -1 if the load balancer can't dispatch the request to a registered instance."),
    field("backend_processing_time", "backend_processing_time", Timing, "[HTTP listener] The total time elapsed, in seconds, from the time the load balancer sent the request to a registered instance until the instance started to send the response headers. [TCP listener] The total time elapsed, in seconds, for the load balancer to successfully establish a connection to a registered instance. This value is set to -1 if the load balancer can't dispatch the request to a registered instance."),
    field("response_processing_time", "response_processing_time", Timing, "[HTTP listener] The total time elapsed (in seconds) from the time the load balancer received the response header from the registered instance until it started to send the response to the client. [TCP listener] The total time elapsed, in seconds, from the time the load balancer received the first byte from the registered instance until it started to send the response to the client. This value is set to -1 if the load balancer can't dispatch the request to a registered instance."),
    field("elb_status_code", "status", Status, "[HTTP listener] The status code of the response from the load balancer."),
    field("backend_status_code", "backend_status_code", Status, "[HTTP listener] The status code of the response from the registered instance."),
    field("received_bytes", "received_bytes", Integer, "The size of the request, in bytes, received from the client (requester). [HTTP listener] The value includes the request body but not the headers. [TCP listener] The value includes the request body and the headers."),
    field("sent_bytes", "bytes", Integer, "The size of the response, in bytes, sent to the client (requester). [HTTP listener] The value includes the response body but not the headers. [TCP listener] The value includes the request body and the headers."),
    quoted("request", "request", UrlRequest, "The request line from the client enclosed in double quotes and logged in the following format: HTTP Method + Protocol://Host header:port + Path + HTTP version. [TCP listener] The URL is three dashes, each separated by a space, and ending with a space (\"- - - \")."),
    quoted("user_agent", "user_agent", Text, "[HTTP/HTTPS listener] A User-Agent string that identifies the client that originated the request. The string consists of one or more product identifiers, product[/version]. If the string is longer than 8 KB, it is truncated."),
    field("ssl_cipher", "ssl_cipher", Text, "[HTTPS/SSL listener] The SSL cipher. This value is recorded only if the incoming SSL/TLS connection was established after a successful negotiation. Otherwise, the value is set to -."),
    field("ssl_protocol", "ssl_protocol", Text, "[HTTPS/SSL listener] The SSL protocol. This value is recorded only if the incoming SSL/TLS connection was established after a successful negotiation. Otherwise, the value is set to -."),
];

/// Network Load Balancer access log entries (TLS listeners).
#[rustfmt::skip]
pub const NLB: &[Field] = &[
    field("type", "type", Text, "The type of listener. The supported value is tls."),
    field("version", "version", Text, "The version of the log entry. The current version is 2.0."),
    field("time", "timestamp", Time(Time::Seconds), "The time recorded at the end of the TLS connection, in ISO 8601 format."),
    field("elb", "elb", Text, "The resource ID of the load balancer."),
    field("listener", "listener", Text, "The resource ID of the TLS listener for the connection."),
    field("client_port", "host", Endpoint("client_port"), "The IP address and port of the client."),
    field("destination_port", "destination", Endpoint("destination_port"), "The IP address and port of the destination. If the client connects directly to the load balancer, the destination is the listener. If the client connects using a VPC endpoint service, the destination is the VPC endpoint."),
    field("connection_time", "connection_time", Integer, "The total time for the connection to complete, from start to closure, in milliseconds."),
    field("tls_handshake_time", "tls_handshake_time", Integer, "The total time for the TLS handshake to complete after the TCP connection is established, including client-side delays, in milliseconds. This time is included in the connection_time field. If there is no TLS handshake or a TLS handshake failure, this value is set to -."),
    field("received_bytes", "received_bytes", Integer, "The count of bytes received by the load balancer from the client, after decryption."),
    field("sent_bytes", "bytes", Integer, "The count of bytes sent by the load balancer to the client, before encryption."),
    field("incoming_tls_alert", "incoming_tls_alert", Text, "The integer value of TLS alerts received by the load balancer from the client, if present. Otherwise, this value is set to -."),
    field("chosen_cert_arn", "chosen_cert_arn", Text, "The ARN of the certificate served to the client. If no valid client hello message is sent, this value is set to -."),
    field("chosen_cert_serial", "chosen_cert_serial", Text, "Reserved for future use. This value is always set to -."),
    field("tls_cipher", "tls_cipher", Text, "The cipher suite negotiated with the client, in OpenSSL format. If TLS negotiation does not complete, this value is set to -."),
    field("tls_protocol_version", "tls_protocol_version", Text, "The TLS protocol negotiated with the client, in string format. The possible values are tlsv10, tlsv11, tlsv12, and tlsv13. If TLS negotiation does not complete, this value is set to -."),
    field("tls_keyexchange", "tls_keyexchange", Text, "The key exchange used during handshakes for TLS or PQ-TLS . If TLS or PQ-TLS negotiation does not complete, this value is set to -."),
    field("domain_name", "domain_name", Text, "The value of the server_name extension in the client hello message. This value is URL-encoded. If no valid client hello message is sent or the extension is not present, this value is set to -."),
    field("alpn_fe_protocol", "alpn_fe_protocol", Text, "The application protocol negotiated with the client, in string format. The possible values are h2, http/1.1, and http/1.0. If no ALPN policy is configured in the TLS listener, no matching protocol is found, or no valid protocol list is sent, this value is set to -."),
    field("alpn_be_protocol", "alpn_be_protocol", Text, "The application protocol negotiated with the target, in string format. The possible values are h2, http/1.1, and http/1.0. If no ALPN policy is configured in the TLS listener, no matching protocol is found, or no valid protocol list is sent, this value is set to -."),
    field("alpn_client_preference_list", "alpn_client_preference_list", Text, "The value of the application_layer_protocol_negotiation extension in the client hello message. This value is URL-encoded. Each protocol is enclosed in double quotes and protocols are separated by a comma. If no ALPN policy is configured in the TLS listener, no valid client hello message is sent, or the extension is not present, this value is set to -. The string is truncated if it is longer than 256 bytes."),
    field("tls_connection_creation_time", "tls_connection_creation_time", TimeText(Time::Seconds), "The time recorded at the beginning of the TLS connection, in ISO 8601 format."),
];

/// Amazon S3 server access log records.
#[rustfmt::skip]
pub const S3_ACCESS: &[Field] = &[
    field("Bucket Owner", "bucket_owner", Text, "The canonical user ID of the owner of the source bucket."),
    field("Bucket", "bucket", Text, "The name of the bucket that the request was processed against."),
    field("Time", "timestamp", Time(Time::Clf), "The time at which the request was received; these dates and times are in Coordinated Universal Time (UTC). The format, using strftime() terminology, is as follows: [%d/%b/%Y:%H:%M:%S %z]"),
    field("Remote IP", "host", Host, "The apparent IP address of the requester. Intermediate proxies and firewalls might obscure the actual IP address of the machine that's making the request."),
    field("Requester", "requester", Text, "The canonical user ID of the requester, or a - for unauthenticated requests. If the requester was an IAM user, this field returns the requester's IAM user name along with the AWS account that the IAM user belongs to. This identifier is the same one used for access control purposes."),
    field("Request ID", "request_id", Text, "A string generated by Amazon S3 to uniquely identify each request."),
    field("Operation", "operation", Text, "The operation listed here is declared as SOAP.operation, REST.HTTP_method.resource_type, WEBSITE.HTTP_method.resource_type, or BATCH.DELETE.OBJECT, or S3.action.resource_type for S3 Lifecycle and logging."),
    field("Key", "key", Text, "The key (object name) part of the request, URL encoded, or - if the operation doesn't take a key parameter."),
    quoted("Request-URI", "request", Request, "The Request-URI part of the HTTP request message."),
    field("HTTP status", "status", Status, "The numeric HTTP status code of the response."),
    field("Error Code", "error_code", Text, "The Amazon S3 Error code, or - if no error occurred."),
    field("Bytes Sent", "bytes", ZeroDash, "The number of response bytes sent, excluding HTTP protocol overhead, or - if zero."),
    field("Object Size", "object_size", Integer, "The total size of the object in question."),
    field("Total Time", "total_time", Integer, "The number of milliseconds that the request was in flight from the server's perspective. This value is measured from the time that your request is received to the time that the last byte of the response is sent."),
    field("Turn-Around Time", "turn_around_time", Integer, "The number of milliseconds that Amazon S3 spent processing your request. This value is measured from the time that the last byte of your request was received until the time that the first byte of the response was sent."),
    quoted("Referer", "referer", Text, "The value of the HTTP Referer header, if present. HTTP user-agents (for example, browsers) typically set this header to the URL of the linking or embedding page when making a request."),
    quoted("User-Agent", "user_agent", Text, "The value of the HTTP User-Agent header."),
    field("Version Id", "version_id", Text, "The version ID in the request, or - if the operation doesn't take a versionId parameter."),
    field("Host Id", "host_id", Text, "The x-amz-id-2 or Amazon S3 extended request ID."),
    field("Signature Version", "signature_version", Text, "The signature version, SigV2 or SigV4, that was used to authenticate the request, or a - for unauthenticated requests."),
    field("Cipher Suite", "cipher_suite", Text, "The Transport Layer Security (TLS) cipher that was negotiated for an HTTPS request or a - for HTTP."),
    field("Authentication Type", "authentication_type", Text, "The type of request authentication used: AuthHeader for authentication headers, QueryString for query string (presigned URL), or a - for unauthenticated requests."),
    field("Host Header", "host_header", Text, "The endpoint that was used to connect to Amazon S3."),
    field("TLS version", "tls_version", Text, "The Transport Layer Security (TLS) version negotiated by the client. The value is one of following: TLSv1.1, TLSv1.2, TLSv1.3, or - if TLS wasn't used."),
    field("Access Point ARN", "access_point_arn", Text, "The Amazon Resource Name (ARN) of the access point of the request. If the access point ARN is malformed or not used, the field will contain a -."),
    field("aclRequired", "acl_required", Text, "A string that indicates whether the request required an access control list (ACL) for authorization. If the request required an ACL for authorization, the string is Yes. If no ACLs were required, the string is -."),
];

/// The layouts, by nickname.
pub const LAYOUTS: &[Layout] = &[
    Layout {
        nickname: "alb",
        service: "aws.elb",
        fields: ALB,
        // As AWS's page gave its example lines over the years (awsdocs'
        // elb-application-load-balancers-user-guide history): to `trace_id` (2016), then
        // `domain_name` and `chosen_cert_arn`, `matched_rule_priority` to
        // `actions_executed` (July 2018), `redirect_url`, `error_reason` (November 2018),
        // the target lists (November 2019), the classification (August 2020),
        // `conn_trace_id` (2024) and the transforms (2025).
        later: &[
            "domain_name",
            "matched_rule_priority",
            "redirect_url",
            "error_reason",
            "target:port_list",
            "classification",
            "conn_trace_id",
            "transformed_host",
        ],
        bare: &[],
        words: &["target:port_list", "target_status_code_list"],
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html",
    },
    Layout {
        nickname: "alb_connection",
        service: "aws.elb",
        fields: ALB_CONNECTION,
        // AWS's example lines end at `conn_trace_id`; lines of 2023-24 (Elastic's tests)
        // end at `tls_verify_status`; `tls_keyexchange`, `elb` and `ip_address` came
        // later, and the page does not say whether together.
        later: &["conn_trace_id", "tls_keyexchange", "elb", "ip_address"],
        bare: &[],
        words: &[],
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-connection-logs.html",
    },
    Layout {
        nickname: "clb",
        service: "aws.elb",
        fields: CLB,
        // `user_agent`, `ssl_cipher` and `ssl_protocol` came in 2015: older lines end at
        // the request.
        later: &["user_agent"],
        bare: &[],
        words: &[],
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html",
    },
    Layout {
        nickname: "nlb",
        service: "aws.elb",
        fields: NLB,
        later: &["alpn_fe_protocol", "tls_connection_creation_time"],
        bare: &[],
        words: &[],
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-access-logs.html",
    },
    Layout {
        nickname: "s3_access",
        service: "aws.s3access",
        fields: S3_ACCESS,
        // Lines of 2014's page end at `Version Id`; `Host Id` and the rest came later.
        // Older lines end at `User-Agent` (lnav's S3 sample of 2012).
        later: &[
            "Version Id",
            "Host Id",
            "Signature Version",
            "Cipher Suite",
            "Authentication Type",
            "Host Header",
            "TLS version",
            "Access Point ARN",
            "aclRequired",
        ],
        // A multi-object delete's records (`BATCH.DELETE.OBJECT`) have no request line,
        // referer or user agent of their own: each is a bare `-`.
        bare: &["Request-URI", "Referer", "User-Agent"],
        words: &[],
        source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html",
    },
];

/// The layout a nickname names.
pub fn layout(text: &str) -> Option<&'static Layout> {
    LAYOUTS.iter().find(|l| l.nickname == text.trim())
}

impl Value {
    /// What the writer makes of it, for the tables of docs/formats.md.
    pub fn describe(self) -> String {
        match self {
            Text => "string; `-` is null".into(),
            Host => "string, as logged; `-` is null".into(),
            Endpoint(port) => {
                format!(
                    "string: the address without its port; `{port}`: the port, an integer; `-` is null for both"
                )
            }
            Integer | Status => "integer; `-` is null".into(),
            ZeroDash => "integer; `-` is 0".into(),
            Timing => "number as logged; `-1` and `-` are null".into(),
            Time(Time::Utc) => "RFC 3339 UTC string, with the microseconds logged".into(),
            Time(Time::Seconds) => "RFC 3339 UTC string (logged without a zone: UTC)".into(),
            Time(Time::Clf) => "RFC 3339 UTC string".into(),
            TimeText(_) => "string, as logged".into(),
            UrlRequest => {
                "`method`, `path` (the URL's path and query), `protocol`: strings, null when it is not a \
                           request; `request`: as logged"
                    .into()
            }
            Request => "`method`, `path`, `protocol`: strings, as `%r`'s; `request`: as logged".into(),
        }
    }

    /// The plan's kind of this value.
    fn kind(self) -> Kind {
        let part = |t: Time| match t {
            Time::Utc => TimePart::Rfc3339,
            Time::Seconds => TimePart::Strftime("%Y-%m-%dT%H:%M:%S".into()),
            Time::Clf => TimePart::Clf,
        };
        match self {
            Text => Kind::Text,
            // Text, so that `-` is null, as a W3C `c-ip`'s; enrichment knows the field as
            // the client by its name (`enrich::CLIENT_FIELDS`).
            Host => Kind::Text,
            Endpoint(port) => Kind::Endpoint { port: port.into() },
            Integer => Kind::Integer { dash_is_zero: false },
            ZeroDash => Kind::Integer { dash_is_zero: true },
            Status => Kind::Status,
            Timing => Kind::Timing,
            Time(t) => Kind::Time(part(t)),
            TimeText(t) => Kind::TimeText(part(t)),
            UrlRequest => Kind::UrlRequest,
            Request => Kind::Request,
        }
    }
}

impl Layout {
    /// The layout read into a plan, the indexes of its items from which the rest of a
    /// line may be absent (the literal before each of [`Layout::later`]'s fields), those
    /// of [`Layout::bare`]'s and [`Layout::words`]' fields, and those of the words' alone.
    pub fn plan(&self) -> (Plan, Vec<usize>, Vec<usize>, Vec<usize>) {
        let mut items = Vec::new();
        let mut literal: Vec<u8> = Vec::new();
        let mut later = Vec::new();
        let mut bare = Vec::new();
        let mut words = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                if self.later.contains(&f.name) {
                    // The optional part starts with its own separator.
                    if !literal.is_empty() {
                        items.push(Item::Literal(std::mem::take(&mut literal)));
                    }
                    later.push(items.len());
                }
                literal.push(b' ');
            }
            if f.quoted {
                literal.push(b'"');
            }
            items.push(Item::Literal(std::mem::take(&mut literal)));
            if self.bare.contains(&f.name) || self.words.contains(&f.name) {
                bare.push(items.len());
            }
            if self.words.contains(&f.name) {
                words.push(items.len());
            }
            items.push(Item::Directive(Directive {
                text: f.name.to_string(),
                position: i + 1,
                key: f.key.to_string(),
                alt_key: None,
                kind: f.value.kind(),
                // The layouts name the two headers they log after them.
                header: match f.name {
                    "user_agent" | "User-Agent" => Some(Header::request("user-agent")),
                    "Referer" => Some(Header::request("referer")),
                    _ => None,
                },
            }));
            if f.quoted {
                literal.push(b'"');
            }
        }
        if !literal.is_empty() {
            items.push(Item::Literal(literal));
        }
        // The first field has no literal before it.
        if items.first() == Some(&Item::Literal(Vec::new())) {
            items.remove(0);
            later.iter_mut().chain(&mut bare).chain(&mut words).for_each(|i| *i -= 1);
        }
        (Plan { items, escape: Escape::Apache }, later, bare, words)
    }
}
