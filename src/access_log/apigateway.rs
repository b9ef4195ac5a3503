//! API Gateway access log formats: a template of `$context.*` variables and literal text
//! (REST, HTTP and WebSocket APIs), read into the same [`Plan`] an Apache `LogFormat` or
//! an nginx `log_format` reads into, so nothing after this module knows which service
//! wrote the line.
//!
//! Read as API Gateway reads a stage's `accessLogSettings.format`: `$context.` and a
//! name of letters, digits, `_` and `.` (a name never ends with a `.`, so a sentence's
//! full stop after a variable is text). Access logs know only `$context` variables: any
//! other `$name` (`$input.body`, `$stageVariables.x`) is an error, and a `$` before
//! anything but a letter is text.
//!
//! What each variable writes is one table, [`VARIABLES`]: a row per variable, with its
//! key, its kind, and AWS's own sentence for it, from the developer guide's "Variables for
//! access logging for API Gateway" (REST), "Customize HTTP API access logs" and the
//! WebSocket API's `$context` table. A variable with no row is read as text, under its
//! path in snake case (`$context.authorizer.claims.email` is `authorizer_claims_email`).
//!
//! API Gateway writes `-` for a value it does not have, and escapes nothing
//! ([`Escape::None`]): AWS documents no escaping. `$context.error.messageString` is the
//! message in double quotes, so it is read as a quoted field.

use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart, times};

/// What every variable starts with.
pub const PREFIX: &str = "$context.";

/// The console's example formats (REST API stage, "Access log format": CLF, JSON, XML,
/// CSV), the HTTP API's and the WebSocket API's, as AWS's developer guide prints them
/// (each on one line: the format cannot have line breaks).
pub const NICKNAMES: &[(&str, &str)] = &[
    (
        "apigateway_clf",
        r#"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId"#,
    ),
    (
        "apigateway_json",
        r#"{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#,
    ),
    (
        "apigateway_xml",
        r#"<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>"#,
    ),
    (
        "apigateway_csv",
        r#"$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId"#,
    ),
    (
        "apigateway_http",
        r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId"#,
    ),
    // The HTTP API's other console examples, as its page prints them today (each with
    // `$context.extendedRequestId` last, which its page of 2020-23 did not have).
    (
        "apigateway_http_json",
        r#"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength", "extendedRequestId": "$context.extendedRequestId" }"#,
    ),
    (
        "apigateway_http_xml",
        r#"<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <routeKey>$context.routeKey</routeKey> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> <extendedRequestId>$context.extendedRequestId</extendedRequestId> </request>"#,
    ),
    (
        "apigateway_http_csv",
        r#"$context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.routeKey,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId"#,
    ),
    // The WebSocket API's console examples. Its page prints them over several lines,
    // joined by ` \` ("a visual aid; the log format must be a single line"): here one
    // line, a space where the CLF and XML need one, none after a CSV comma.
    (
        "apigateway_ws_clf",
        r#"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.eventType $context.routeKey $context.connectionId" $context.status $context.requestId"#,
    ),
    (
        "apigateway_ws_json",
        r#"{"requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "eventType":"$context.eventType", "routeKey":"$context.routeKey", "status":"$context.status", "connectionId":"$context.connectionId"}"#,
    ),
    (
        "apigateway_ws_xml",
        r#"<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <eventType>$context.eventType</eventType> <routeKey>$context.routeKey</routeKey> <status>$context.status</status> <connectionId>$context.connectionId</connectionId> </request>"#,
    ),
    (
        "apigateway_ws_csv",
        r#"$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.eventType,$context.routeKey,$context.connectionId,$context.status,$context.requestId"#,
    ),
];

/// The format string of a nickname of [`NICKNAMES`].
pub fn nickname(name: &str) -> Option<&'static str> {
    NICKNAMES.iter().find(|(n, _)| *n == name).map(|(_, format)| *format)
}

/// One row of the variable table: the variable, its key, how its value is read. The
/// formats page (`docs/formats.md`) shows this table; a test holds the two equal.
pub struct Variable {
    /// The variable's name, without `$context.`.
    pub name: &'static str,
    /// The JSON key its value is written under.
    pub key: &'static str,
    /// What its value is.
    pub kind: VarKind,
    /// What AWS's documentation says it holds, for docs/formats.md's table.
    pub doc: &'static str,
}

/// The types of the table, without payloads (so the table can be `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// The client's address (`identity.sourceIp`).
    Host,
    /// Any text; `-` is null.
    Text,
    /// A URL path (`path`).
    UrlPath,
    /// A route key: `GET /pets`, `$default`.
    Route,
    /// A three-digit status; `-` is null.
    Status,
    /// A whole number (a latency in ms, a length); `-` is null.
    Integer,
    /// `requestTime`: the Common Log Format's time, without brackets.
    TimeClf,
    /// `requestTimeEpoch`: milliseconds since the epoch.
    TimeEpochMs,
}

impl VarKind {
    fn kind(self) -> Kind {
        match self {
            VarKind::Host => Kind::Host,
            VarKind::Text => Kind::Text,
            VarKind::UrlPath => Kind::UrlPath,
            VarKind::Route => Kind::Route,
            VarKind::Status => Kind::Status,
            VarKind::Integer => Kind::Integer { dash_is_zero: false },
            VarKind::TimeClf => Kind::Time(TimePart::ClfInner),
            VarKind::TimeEpochMs => Kind::Time(TimePart::Epoch(3)),
        }
    }

    /// The JSON type and how a value is read, for the formats page's table.
    pub fn describe(self) -> &'static str {
        match self {
            VarKind::Host => "string, as logged; `-` is null",
            VarKind::Text | VarKind::UrlPath => "string; `-` is null",
            VarKind::Route => "string (`GET /pets`, `$default`); `-` is null",
            VarKind::Status | VarKind::Integer => "integer; `-` is null",
            VarKind::TimeClf => "RFC 3339 UTC string, from `06/Oct/2020:11:53:54 +0000`",
            VarKind::TimeEpochMs => "RFC 3339 UTC string with milliseconds, from `1601985234123`",
        }
    }
}

macro_rules! var {
    ($name:literal, $key:literal, $kind:ident, $doc:literal) => {
        Variable { name: $name, key: $key, kind: VarKind::$kind, doc: $doc }
    };
}

/// The variables firelog reads by name, with AWS's own words for each (REST APIs, then
/// what HTTP and WebSocket APIs add). The core keys: `identity.sourceIp` is `host`,
/// `requestTime` (or `requestTimeEpoch`) `timestamp`, `httpMethod` `method`, `path` (the
/// path the client asked for) `path`, `protocol`, `status`, `responseLength` `bytes`,
/// `identity.userAgent` `user_agent`; every other key is the variable's path in snake
/// case.
#[rustfmt::skip]
pub const VARIABLES: &[Variable] = &[
    // The core keys.
    var!("identity.sourceIp", "host", Host, "The source IP address of the immediate TCP connection making the request to API Gateway endpoint."),
    var!("requestTime", "timestamp", TimeClf, "The CLF-formatted request time (dd/MMM/yyyy:HH:mm:ss +-hhmm)."),
    var!("requestTimeEpoch", "timestamp", TimeEpochMs, "The Epoch-formatted request time, in milliseconds."),
    var!("httpMethod", "method", Text, "The HTTP method used. Valid values include: DELETE, GET, HEAD, OPTIONS, PATCH, POST, and PUT."),
    var!("path", "path", UrlPath, "The request path. For example, for a non-proxy request URL of https://{rest-api-id}.execute-api.{region}.amazonaws.com/{stage}/root/child, the $context.path value is /{stage}/root/child."),
    var!("protocol", "protocol", Text, "The request protocol, for example, HTTP/1.1."),
    var!("status", "status", Status, "The method response status."),
    var!("responseLength", "bytes", Integer, "The response payload length in bytes."),
    var!("identity.userAgent", "user_agent", Text, "The User-Agent header of the API caller."),
    // REST APIs.
    var!("accountId", "account_id", Text, "The API owner's AWS account ID."),
    var!("apiId", "api_id", Text, "The identifier API Gateway assigns to your API."),
    var!("authorize.error", "authorize_error", Text, "The authorization error message."),
    var!("authorize.latency", "authorize_latency", Integer, "The authorization latency in ms."),
    var!("authorize.status", "authorize_status", Status, "The status code returned from an authorization attempt."),
    var!("authorizer.error", "authorizer_error", Text, "The error message returned from an authorizer."),
    var!("authorizer.integrationLatency", "authorizer_integration_latency", Integer, "The authorizer integration latency in ms."),
    var!("authorizer.integrationStatus", "authorizer_integration_status", Status, "The status code returned from a Lambda authorizer."),
    var!("authorizer.latency", "authorizer_latency", Integer, "The authorizer latency in ms."),
    var!("authorizer.principalId", "authorizer_principal_id", Text, "The principal user identification associated with the token sent by the client and returned from an API Gateway Lambda authorizer (formerly known as a custom authorizer)."),
    var!("authorizer.requestId", "authorizer_request_id", Text, "The AWS endpoint's request ID."),
    var!("authorizer.status", "authorizer_status", Status, "The status code returned from an authorizer."),
    var!("authenticate.error", "authenticate_error", Text, "The error message returned from an authentication attempt."),
    var!("authenticate.latency", "authenticate_latency", Integer, "The authentication latency in ms."),
    var!("authenticate.status", "authenticate_status", Status, "The status code returned from an authentication attempt."),
    var!("awsEndpointRequestId", "aws_endpoint_request_id", Text, "The AWS endpoint's request ID from the x-amz-request-id or x-amzn-requestId header."),
    var!("awsEndpointRequestId2", "aws_endpoint_request_id2", Text, "The AWS endpoint's request ID from the x-amz-id-2 header."),
    var!("customDomain.basePathMatched", "custom_domain_base_path_matched", Text, "The path for an API mapping that an incoming request matched."),
    var!("deploymentId", "deployment_id", Text, "The ID of the API deployment."),
    var!("domainName", "domain_name", Text, "The full domain name used to invoke the API. This should be the same as the incoming Host header."),
    var!("domainPrefix", "domain_prefix", Text, "The first label of the $context.domainName."),
    var!("error.message", "error_message", Text, "A string containing an API Gateway error message."),
    var!("error.messageString", "error_message_string", Text, "The quoted value of $context.error.message, namely \"$context.error.message\"."),
    var!("error.responseType", "error_response_type", Text, "A type of GatewayResponse."),
    var!("error.validationErrorString", "error_validation_error_string", Text, "A string containing a detailed validation error message."),
    var!("extendedRequestId", "extended_request_id", Text, "The extended ID that API Gateway generates and assigns to the API request."),
    var!("identity.accountId", "identity_account_id", Text, "The AWS account ID associated with the request."),
    var!("identity.apiKey", "identity_api_key", Text, "For API methods that require an API key, this variable is the API key associated with the method request."),
    var!("identity.apiKeyId", "identity_api_key_id", Text, "The API key ID associated with an API request that requires an API key."),
    var!("identity.caller", "identity_caller", Text, "The principal identifier of the caller that signed the request."),
    var!("identity.clientCert.clientCertPem", "identity_client_cert_client_cert_pem", Text, "The PEM-encoded client certificate that the client presented during mutual TLS authentication."),
    var!("identity.clientCert.issuerDN", "identity_client_cert_issuer_dn", Text, "The distinguished name of the issuer of the certificate that a client presents."),
    var!("identity.clientCert.serialNumber", "identity_client_cert_serial_number", Text, "The serial number of the certificate."),
    var!("identity.clientCert.subjectDN", "identity_client_cert_subject_dn", Text, "The distinguished name of the subject of the certificate that a client presents."),
    var!("identity.clientCert.validity.notAfter", "identity_client_cert_validity_not_after", Text, "The date after which the certificate is invalid."),
    var!("identity.clientCert.validity.notBefore", "identity_client_cert_validity_not_before", Text, "The date before which the certificate is invalid."),
    var!("identity.cognitoAuthenticationProvider", "identity_cognito_authentication_provider", Text, "A comma-separated list of the Amazon Cognito authentication providers used by the caller making the request."),
    var!("identity.cognitoAuthenticationType", "identity_cognito_authentication_type", Text, "The Amazon Cognito authentication type of the caller making the request."),
    var!("identity.cognitoIdentityId", "identity_cognito_identity_id", Text, "The Amazon Cognito identity ID of the caller making the request."),
    var!("identity.cognitoIdentityPoolId", "identity_cognito_identity_pool_id", Text, "The Amazon Cognito identity pool ID of the caller making the request."),
    var!("identity.principalOrgId", "identity_principal_org_id", Text, "The AWS organization ID."),
    var!("identity.user", "identity_user", Text, "The principal identifier of the user that will be authorized against resource access."),
    var!("identity.userArn", "identity_user_arn", Text, "The Amazon Resource Name (ARN) of the effective user identified after authentication."),
    var!("identity.vpcId", "identity_vpc_id", Text, "The VPC ID of the VPC making the request to the API Gateway endpoint."),
    var!("identity.vpceId", "identity_vpce_id", Text, "The VPC endpoint ID of the VPC endpoint making the request to the API Gateway endpoint."),
    var!("integration.error", "integration_error", Text, "The error message returned from an integration."),
    var!("integration.integrationStatus", "integration_integration_status", Status, "For Lambda proxy integration, the status code returned from AWS Lambda, not from the backend Lambda function code."),
    var!("integration.latency", "integration_latency", Integer, "The integration latency in ms."),
    var!("integration.requestId", "integration_request_id", Text, "The AWS endpoint's request ID."),
    var!("integration.status", "integration_status", Status, "The status code returned from an integration. For Lambda proxy integrations, this is the status code that your Lambda function code returns."),
    var!("integrationErrorMessage", "integration_error_message", Text, "A string that contains an integration error message."),
    var!("integrationLatency", "integration_latency", Integer, "The integration latency in ms."),
    var!("integrationStatus", "integration_status", Status, "For Lambda proxy integration, this parameter represents the status code returned from AWS Lambda, not from the backend Lambda function."),
    var!("isCanaryRequest", "is_canary_request", Text, "Returns true if the request was directed to the canary and false if the request was not directed to the canary."),
    var!("requestId", "request_id", Text, "An ID for the request. Clients can override this request ID."),
    var!("resourceId", "resource_id", Text, "The identifier that API Gateway assigns to your resource."),
    var!("resourcePath", "resource_path", Text, "The path to your resource. For example, for the non-proxy request URI of https://{rest-api-id}.execute-api.{region}.amazonaws.com/{stage}/root/child, the $context.resourcePath value is /root/child."),
    var!("responseLatency", "response_latency", Integer, "The response latency in ms."),
    var!("responseOverride.status", "response_override_status", Status, "The response status code override."),
    var!("stage", "stage", Text, "The deployment stage of the API request (for example, Beta or Prod)."),
    var!("waf.error", "waf_error", Text, "The error message returned from AWS WAF."),
    var!("waf.latency", "waf_latency", Integer, "The AWS WAF latency in ms."),
    var!("waf.status", "waf_status", Status, "The status code returned from AWS WAF."),
    var!("wafResponseCode", "waf_response_code", Text, "The response received from AWS WAF: WAF_ALLOW or WAF_BLOCK."),
    var!("webaclArn", "webacl_arn", Text, "The complete ARN of the web ACL that is used to decide whether to allow or block the request."),
    var!("xrayTraceId", "xray_trace_id", Text, "The trace ID for the X-Ray trace."),
    // HTTP APIs.
    var!("dataProcessed", "data_processed", Integer, "The amount of data processed in bytes."),
    var!("routeKey", "route_key", Route, "The route key of the API request, for example /pets."),
    // WebSocket APIs.
    var!("connectedAt", "connected_at", Integer, "The Epoch-formatted connection time."),
    var!("connectionId", "connection_id", Text, "A unique ID for the connection that can be used to make a callback to the client."),
    var!("eventType", "event_type", Text, "The event type: CONNECT, MESSAGE, or DISCONNECT."),
    var!("messageDirection", "message_direction", Text, "The direction of the message: IN or OUT."),
    var!("messageId", "message_id", Text, "A unique server-side ID for a message. Available only when the $context.eventType is MESSAGE."),
];

/// The variable families read by prefix: the key is the prefix's then the property's, in
/// snake case. (prefix, doc)
pub const PREFIXES: &[(&str, &str)] = &[
    (
        "authorizer.claims.",
        "A property of the claims returned from the Amazon Cognito user pool after the method caller is successfully authenticated.",
    ),
    (
        "authorizer.",
        "The stringified value of the specified key-value pair of the context map returned from an API Gateway Lambda authorizer function.",
    ),
    ("requestOverride.header.", "The request header override."),
    ("requestOverride.path.", "The request path override."),
    ("requestOverride.querystring.", "The request query string override."),
    ("responseOverride.header.", "The response header override."),
];

/// `identity.sourceIp` to `identity_source_ip`: a `.` is `_`, and a word starting with a
/// capital starts with `_` (`subjectDN` is `subject_dn`, `awsEndpointRequestId2`
/// `aws_endpoint_request_id2`). Anything but a letter or digit is `_`.
pub fn snake_case(path: &str) -> String {
    let chars: Vec<char> = path.chars().collect();
    let mut out = String::with_capacity(path.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let starts_word = prev.is_some_and(|p| {
                p.is_ascii_lowercase() || p.is_ascii_digit() || (p.is_ascii_uppercase() && next_lower)
            });
            if starts_word {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

/// The key and kind of `$context.name`: its row, or text under its snake-case path.
fn meaning(name: &str) -> (String, Kind) {
    match VARIABLES.iter().find(|v| v.name == name) {
        Some(v) => (v.key.to_string(), v.kind.kind()),
        None => (snake_case(name), Kind::Text),
    }
}

/// Whether `text` is an API Gateway format: it has a `$context.` variable.
pub fn looks_like_apigateway(text: &str) -> bool {
    text.contains(PREFIX)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

/// Reads an API Gateway format (a template of `$context.*` variables).
pub fn parse(text: &str) -> Result<Plan, FormatError> {
    let bytes = text.as_bytes();
    let position = |at: usize| text[..at].chars().count() + 1;
    let mut items = Vec::new();
    let mut literal = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest[0] != b'$' || !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            literal.push(rest[0]);
            i += 1;
            continue;
        }
        let Some(after) = text[i..].strip_prefix(PREFIX) else {
            let len = rest[1..].iter().take_while(|&&b| is_name_byte(b)).count();
            return Err(FormatError(format!(
                "{} at position {} is not a $context variable (API Gateway's access logs have only $context variables)",
                &text[i..i + 1 + len],
                position(i)
            )));
        };
        // A name never ends with a `.`: a full stop after it is text.
        let len = after.bytes().take_while(|&b| is_name_byte(b)).count();
        let name = after[..len].trim_end_matches('.');
        if name.is_empty() || name.starts_with('.') || name.contains("..") {
            return Err(FormatError(format!(
                "the $context. at position {} is not followed by a variable name",
                position(i)
            )));
        }
        let (key, kind) = meaning(name);
        // `error.messageString` writes the message between double quotes.
        let quoted = name == "error.messageString";
        if quoted {
            literal.push(b'"');
        }
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        let alt_key = snake_case(name);
        items.push(Item::Directive(Directive {
            text: format!("{PREFIX}{name}"),
            position: position(i),
            alt_key: (alt_key != key).then_some(alt_key),
            key,
            kind,
            // The one header variable.
            header: (name == "identity.userAgent").then(|| Header::request("user-agent")),
        }));
        if quoted {
            literal.push(b'"');
        }
        i += PREFIX.len() + name.len();
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    later_times_as_their_own(&mut items);
    Plan::checked(items, Escape::None)
}

/// A format with both `requestTime` and `requestTimeEpoch`: the first is the timestamp,
/// the later one is written under its own name (the CLF time as logged, the epoch as a
/// number of milliseconds).
fn later_times_as_their_own(items: &mut [Item]) {
    for (d, part) in times(items).skip(1) {
        d.kind = match part {
            TimePart::Epoch(_) => Kind::Integer { dash_is_zero: false },
            part => Kind::TimeText(part),
        };
        d.key = snake_case(&d.text[PREFIX.len()..]);
        d.alt_key = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_snake_case_of_the_path_but_the_core_keys() {
        let core = ["host", "timestamp", "method", "path", "protocol", "status", "bytes", "user_agent"];
        for (i, v) in VARIABLES.iter().enumerate() {
            assert!(!v.doc.contains('|') && !v.doc.is_empty(), "{}'s doc", v.name);
            assert!(VARIABLES[i + 1..].iter().all(|w| w.name != v.name), "{} twice", v.name);
            if !core.contains(&v.key) {
                // Two rows whose snake case is another's name: the later takes a unit.
                let expected = match v.name {
                    "integrationLatency" => "integration_latency".to_string(),
                    "integrationStatus" => "integration_status".to_string(),
                    name => snake_case(name),
                };
                assert_eq!(v.key, expected, "{}", v.name);
            }
        }
        for key in core {
            assert!(VARIABLES.iter().any(|v| v.key == key), "no {key}");
        }
    }

    #[test]
    fn snake_case_splits_words_at_capitals() {
        for (path, snake) in [
            ("identity.sourceIp", "identity_source_ip"),
            ("identity.clientCert.subjectDN", "identity_client_cert_subject_dn"),
            ("awsEndpointRequestId2", "aws_endpoint_request_id2"),
            ("authorizer.claims.cognito:username", "authorizer_claims_cognito_username"),
            ("webaclArn", "webacl_arn"),
            ("HTTPStatus", "http_status"),
        ] {
            assert_eq!(snake_case(path), snake, "{path}");
        }
    }

    #[test]
    fn every_nickname_reads_into_a_plan() {
        for (name, format) in NICKNAMES {
            let plan = parse(format).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(plan.directives().any(|d| d.key == "timestamp"), "{name}");
            assert!(plan.directives().any(|d| d.key == "status"), "{name}");
        }
    }

    #[test]
    fn bad_formats_say_what_is_wrong() {
        for (format, message) in [
            ("$context.requestId $input.body", "$input.body at position 20 is not a $context variable"),
            ("x $context. y", "the $context. at position 3 is not followed by a variable name"),
            ("$context..a", "the $context. at position 1 is not followed by a variable name"),
        ] {
            let error = parse(format).expect_err(format).0;
            assert!(error.starts_with(message), "{format}: {error}");
        }
    }

    #[test]
    fn variables_literals_and_quoted_messages() {
        let plan =
            parse("$context.requestId. $$ $context.error.messageString $context.authorizer.claims.sub")
                .expect("reads");
        let keys: Vec<&str> = plan.directives().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["request_id", "error_message_string", "authorizer_claims_sub"]);
        assert_eq!(plan.items[1], Item::Literal(b". $$ \"".to_vec()));
        assert_eq!(plan.items[3], Item::Literal(b"\" ".to_vec()));
    }

    #[test]
    fn a_second_time_is_written_as_its_own_field() {
        let plan =
            parse("$context.requestTimeEpoch [$context.requestTime] $context.requestId").expect("reads");
        let kinds: Vec<(&str, &Kind)> = plan.directives().map(|d| (d.key.as_str(), &d.kind)).collect();
        assert_eq!(kinds[0], ("timestamp", &Kind::Time(TimePart::Epoch(3))));
        assert_eq!(kinds[1], ("request_time", &Kind::TimeText(TimePart::ClfInner)));
    }
}
