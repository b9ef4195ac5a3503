//! API Gateway's access logs: each console preset and other `$context` templates, a line
//! in, the exact JSON object (or the line's exact error) out; the JSON preset read by its
//! keys; the profiles' names; and the property that any template of known variables with
//! literal separators reads back the lines it would write.
//!
//! What each expected value rests on (AWS's developer guide, "Variables for access logging
//! for API Gateway", "Customize HTTP API access logs", the WebSocket API's `$context`
//! table, and "Access logging for REST APIs", "Configure logging for HTTP APIs" and
//! "Configure logging for WebSocket APIs" for the presets):
//! - API Gateway writes `-` for a value it does not have: null, whatever the type.
//! - `$context.requestTime` is `dd/MMM/yyyy:HH:mm:ss +-hhmm` and becomes UTC;
//!   `$context.requestTimeEpoch` and `$context.connectedAt` are milliseconds since the epoch.
//! - `$context.path` is the path the client asked for (`/{stage}/root/child`), so it is
//!   `path`; `$context.resourcePath` is the resource's template (`/pets/{petId}`), its own
//!   key; an HTTP API's `$context.routeKey` is `GET /pets` or `$default`.
//! - The CLF preset has no space between `]` and `"`, as AWS prints it.
//! - Latencies are whole milliseconds; `$context.responseLength` is the response payload's
//!   length in bytes (`bytes`).

mod support;

use firelog::access_log::Format;
use firelog::access_log::apigateway::{VARIABLES, VarKind};
use proptest::prelude::*;

use support::rows::Want::{Error, Json};
use support::rows::{Row, json};

/// An HTTP API's JSON example in the developer guide, one line.
const HTTP_JSON: &str = r#"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#;

/// A WebSocket API's format with its own variables.
const WEBSOCKET: &str = r#"$context.identity.sourceIp $context.connectionId [$context.requestTime] $context.eventType $context.routeKey $context.status $context.connectedAt $context.messageId $context.requestId"#;

/// A REST API's format with latencies, the error message in quotes, and the epoch time.
const REST_TIMINGS: &str = r#"$context.requestTimeEpoch $context.identity.sourceIp "$context.httpMethod $context.path $context.protocol" $context.status $context.responseLength $context.responseLatency $context.integrationLatency $context.integration.status $context.error.messageString "$context.identity.userAgent" $context.apiId $context.stage $context.domainName $context.authorizer.claims.sub"#;

/// A JSON template with a bare number, which API Gateway writes as a bare `-` when empty.
const BARE_JSON: &str = r#"{"time":$context.requestTimeEpoch,"route":"$context.routeKey","error":$context.error.messageString,"latency":$context.integrationLatency}"#;

const ROWS: &[Row] = &[
    // ---------------------------------------------------------------- apigateway_clf
    (
        "clf: an anonymous GET",
        "apigateway_clf",
        br#"203.0.113.7 - - [06/Oct/2020:11:53:54 +0000]"GET /pets HTTP/1.1" 200 123 c6af9ac6-7b61-11e6-9a41-93e8deadbeef abCdEF1gIAMFiEQ="#,
        Json(
            r#"{"host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","method":"GET","resource_path":"/pets","protocol":"HTTP/1.1","status":200,"bytes":123,"request_id":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","extended_request_id":"abCdEF1gIAMFiEQ="}"#,
        ),
    ),
    (
        "clf: IPv6 client, IAM caller and user, +0200, no length, no extended id",
        "apigateway_clf",
        br#"2001:db8::8a2e:370:7334 arn:aws:iam::123456789012:user/alice AIDAJQABLZS4A3QDU576Q [06/Oct/2020:13:53:54 +0200]"POST /pets/{petId} HTTP/1.1" 502 - 5d3bb6bc-1f4f-4b5c-9c61-0f1f6f2e4b11 -"#,
        Json(
            r#"{"host":"2001:db8::8a2e:370:7334","identity_caller":"arn:aws:iam::123456789012:user/alice","identity_user":"AIDAJQABLZS4A3QDU576Q","timestamp":"2020-10-06T11:53:54Z","method":"POST","resource_path":"/pets/{petId}","protocol":"HTTP/1.1","status":502,"bytes":null,"request_id":"5d3bb6bc-1f4f-4b5c-9c61-0f1f6f2e4b11","extended_request_id":null}"#,
        ),
    ),
    (
        "clf: `-` everywhere a value may be missing",
        "apigateway_clf",
        br#"198.51.100.2 - - [31/Dec/2025:23:59:59 -0800]"- - -" - - - -"#,
        Json(
            r#"{"host":"198.51.100.2","identity_caller":null,"identity_user":null,"timestamp":"2026-01-01T07:59:59Z","method":null,"resource_path":null,"protocol":null,"status":null,"bytes":null,"request_id":null,"extended_request_id":null}"#,
        ),
    ),
    (
        "clf: a combined line is not API Gateway's",
        "apigateway_clf",
        br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "-""#,
        Error(
            r#"expected the format's text after the field at LOG_FORMAT position 77 at column 46: found "] \"GET /apache_p..." (the line reads as LOG_FORMAT=combined)"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_json
    (
        "json: the preset's keys in the preset's order",
        "apigateway_json",
        br#"{ "requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "extendedRequestId":"abCdEF1gIAMFiEQ=","ip": "203.0.113.7", "caller":"-", "user":"-", "requestTime":"06/Oct/2020:11:53:54 +0000", "httpMethod":"GET", "resourcePath":"/pets", "status":"200", "protocol":"HTTP/1.1", "responseLength":"123" }"#,
        Json(
            r#"{"request_id":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","extended_request_id":"abCdEF1gIAMFiEQ=","host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","method":"GET","resource_path":"/pets","status":200,"protocol":"HTTP/1.1","bytes":123}"#,
        ),
    ),
    (
        "json: keys in another order, some missing, one added: read by key",
        "apigateway_json",
        br#"{"status":"404","ip":"2001:db8::1","requestTime":"06/Oct/2020:04:53:54 -0700","responseLength":"-","caller":"arn:aws:iam::123456789012:user/bob","apiId":"a1b2c3d4e5"}"#,
        Json(
            r#"{"request_id":null,"extended_request_id":null,"host":"2001:db8::1","identity_caller":"arn:aws:iam::123456789012:user/bob","identity_user":null,"timestamp":"2020-10-06T11:53:54Z","method":null,"resource_path":null,"status":404,"protocol":null,"bytes":null}"#,
        ),
    ),
    (
        "json: a line that is not JSON",
        "apigateway_json",
        br#"203.0.113.7 - - [06/Oct/2020:11:53:54 +0000]"GET /pets HTTP/1.1" 200 123 c6af9ac6 -"#,
        Error(
            r#"not a JSON object, expected '{' (a line is one JSON object) at column 1: found "203.0.113.7 - - ..." (the line reads as LOG_FORMAT=apigateway_clf)"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_xml
    (
        "xml: the preset",
        "apigateway_xml",
        br#"<request id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef"> <extendedRequestId>abCdEF1gIAMFiEQ=</extendedRequestId> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/pets</resourcePath> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>123</responseLength> </request>"#,
        Json(
            r#"{"request_id":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","extended_request_id":"abCdEF1gIAMFiEQ=","host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","method":"GET","resource_path":"/pets","status":200,"protocol":"HTTP/1.1","bytes":123}"#,
        ),
    ),
    (
        "xml: IPv6, `-` everywhere",
        "apigateway_xml",
        br#"<request id="-"> <extendedRequestId>-</extendedRequestId> <ip>2001:db8::1</ip> <caller>-</caller> <user>-</user> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <httpMethod>-</httpMethod> <resourcePath>-</resourcePath> <status>-</status> <protocol>-</protocol> <responseLength>-</responseLength> </request>"#,
        Json(
            r#"{"request_id":null,"extended_request_id":null,"host":"2001:db8::1","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","method":null,"resource_path":null,"status":null,"protocol":null,"bytes":null}"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_csv
    (
        "csv: the preset",
        "apigateway_csv",
        b"203.0.113.7,-,-,06/Oct/2020:11:53:54 +0000,GET,/pets,HTTP/1.1,200,123,c6af9ac6-7b61-11e6-9a41-93e8deadbeef,abCdEF1gIAMFiEQ=",
        Json(
            r#"{"host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","method":"GET","resource_path":"/pets","protocol":"HTTP/1.1","status":200,"bytes":123,"request_id":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","extended_request_id":"abCdEF1gIAMFiEQ="}"#,
        ),
    ),
    (
        "csv: IPv6, a caller, `-` for the rest",
        "apigateway_csv",
        b"2001:db8::1,AROAEXAMPLE:session,-,06/Oct/2020:11:53:54 +0000,DELETE,/pets/{petId},HTTP/1.1,403,-,-,-",
        Json(
            r#"{"host":"2001:db8::1","identity_caller":"AROAEXAMPLE:session","identity_user":null,"timestamp":"2020-10-06T11:53:54Z","method":"DELETE","resource_path":"/pets/{petId}","protocol":"HTTP/1.1","status":403,"bytes":null,"request_id":null,"extended_request_id":null}"#,
        ),
    ),
    (
        "csv: a field short",
        "apigateway_csv",
        b"203.0.113.7,-,-,06/Oct/2020:11:53:54 +0000,GET,/pets,HTTP/1.1,200,123,c6af9ac6",
        // Nine fields, the last holding a comma: a WebSocket API's CSV example reads it.
        Error(
            r#"expected the format's text after the field at LOG_FORMAT position 197 at column 79: the line ends (the line reads as LOG_FORMAT=apigateway_ws_csv)"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_http
    (
        "http: a route with a method and a path",
        "apigateway_http",
        br#"203.0.113.7 - - [06/Oct/2020:11:53:54 +0000] "GET GET /pets HTTP/1.1" 200 123 Ab1CdEfGhIjKlMN="#,
        Json(
            r#"{"host":"203.0.113.7","timestamp":"2020-10-06T11:53:54Z","method":"GET","route_key":"GET /pets","protocol":"HTTP/1.1","status":200,"bytes":123,"request_id":"Ab1CdEfGhIjKlMN="}"#,
        ),
    ),
    (
        "http: the $default route, IPv6, HTTP/2, no length",
        "apigateway_http",
        br#"2001:db8::1 - - [06/Oct/2020:11:53:54 +0000] "POST $default HTTP/2.0" 500 - Ab1CdEfGhIjKlMN="#,
        Json(
            r#"{"host":"2001:db8::1","timestamp":"2020-10-06T11:53:54Z","method":"POST","route_key":"$default","protocol":"HTTP/2.0","status":500,"bytes":null,"request_id":"Ab1CdEfGhIjKlMN="}"#,
        ),
    ),
    (
        "http: a proxy route, `-` everywhere else",
        "apigateway_http",
        br#"198.51.100.2 - - [06/Oct/2020:11:53:54 +0000] "- ANY /{proxy+} -" - - -"#,
        Json(
            r#"{"host":"198.51.100.2","timestamp":"2020-10-06T11:53:54Z","method":null,"route_key":"ANY /{proxy+}","protocol":null,"status":null,"bytes":null,"request_id":null}"#,
        ),
    ),
    (
        "http: HTTP API's JSON example, read by key",
        HTTP_JSON,
        br#"{ "requestId":"Ab1CdEfGhIjKlMN=", "ip": "2001:db8::1", "requestTime":"06/Oct/2020:11:53:54 +0000", "httpMethod":"GET","routeKey":"GET /pets/{id}", "status":"200","protocol":"HTTP/1.1", "responseLength":"42" }"#,
        Json(
            r#"{"request_id":"Ab1CdEfGhIjKlMN=","host":"2001:db8::1","timestamp":"2020-10-06T11:53:54Z","method":"GET","route_key":"GET /pets/{id}","status":200,"protocol":"HTTP/1.1","bytes":42}"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_http_json
    (
        "http json: the example, today's (with extendedRequestId)",
        "apigateway_http_json",
        br#"{ "requestId":"Ab1CdEfGhIjKlMN=", "ip": "203.0.113.7", "requestTime":"06/Oct/2020:11:53:54 +0000", "httpMethod":"GET","routeKey":"GET /pets", "status":"200","protocol":"HTTP/1.1", "responseLength":"123", "extendedRequestId": "Ab1CdEfGhIjKlMN=" }"#,
        Json(
            r#"{"request_id":"Ab1CdEfGhIjKlMN=","host":"203.0.113.7","timestamp":"2020-10-06T11:53:54Z","method":"GET","route_key":"GET /pets","status":200,"protocol":"HTTP/1.1","bytes":123,"extended_request_id":"Ab1CdEfGhIjKlMN="}"#,
        ),
    ),
    (
        "http json: the $default route, IPv6, HTTP/2, no length",
        "apigateway_http_json",
        br#"{ "requestId":"Bc2DeFgHiJkLmNO=", "ip": "2001:db8::1", "requestTime":"06/Oct/2020:11:53:55 +0000", "httpMethod":"POST","routeKey":"$default", "status":"500","protocol":"HTTP/2.0", "responseLength":"-", "extendedRequestId": "Bc2DeFgHiJkLmNO=" }"#,
        Json(
            r#"{"request_id":"Bc2DeFgHiJkLmNO=","host":"2001:db8::1","timestamp":"2020-10-06T11:53:55Z","method":"POST","route_key":"$default","status":500,"protocol":"HTTP/2.0","bytes":null,"extended_request_id":"Bc2DeFgHiJkLmNO="}"#,
        ),
    ),
    (
        "http json: the example of 2020-23, without extendedRequestId: read by its keys",
        "apigateway_http_json",
        br#"{ "requestId":"Cd3EfGhIjKlMnOP=", "ip": "198.51.100.2", "requestTime":"06/Oct/2020:11:53:56 +0000", "httpMethod":"GET","routeKey":"ANY /{proxy+}", "status":"404","protocol":"HTTP/1.1", "responseLength":"0" }"#,
        Json(
            r#"{"request_id":"Cd3EfGhIjKlMnOP=","host":"198.51.100.2","timestamp":"2020-10-06T11:53:56Z","method":"GET","route_key":"ANY /{proxy+}","status":404,"protocol":"HTTP/1.1","bytes":0,"extended_request_id":null}"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_http_xml
    (
        "http xml: the example",
        "apigateway_http_xml",
        br#"<request id="Ab1CdEfGhIjKlMN="> <ip>203.0.113.7</ip> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <httpMethod>GET</httpMethod> <routeKey>GET /pets</routeKey> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>123</responseLength> <extendedRequestId>Ab1CdEfGhIjKlMN=</extendedRequestId> </request>"#,
        Json(
            r#"{"request_id":"Ab1CdEfGhIjKlMN=","host":"203.0.113.7","timestamp":"2020-10-06T11:53:54Z","method":"GET","route_key":"GET /pets","status":200,"protocol":"HTTP/1.1","bytes":123,"extended_request_id":"Ab1CdEfGhIjKlMN="}"#,
        ),
    ),
    (
        "http xml: IPv6, `-` for the length and the extended id",
        "apigateway_http_xml",
        br#"<request id="Bc2DeFgHiJkLmNO="> <ip>2001:db8::1</ip> <requestTime>06/Oct/2020:11:53:55 +0000</requestTime> <httpMethod>POST</httpMethod> <routeKey>$default</routeKey> <status>500</status> <protocol>HTTP/2.0</protocol> <responseLength>-</responseLength> <extendedRequestId>-</extendedRequestId> </request>"#,
        Json(
            r#"{"request_id":"Bc2DeFgHiJkLmNO=","host":"2001:db8::1","timestamp":"2020-10-06T11:53:55Z","method":"POST","route_key":"$default","status":500,"protocol":"HTTP/2.0","bytes":null,"extended_request_id":null}"#,
        ),
    ),
    (
        "http xml: the example of 2020-23, without extendedRequestId, is not today's",
        "apigateway_http_xml",
        br#"<request id="Ab1CdEfGhIjKlMN="> <ip>203.0.113.7</ip> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <httpMethod>GET</httpMethod> <routeKey>GET /pets</routeKey> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>123</responseLength> </request>"#,
        Error(r#"expected the format's text after the field at LOG_FORMAT position 291 at column 238: found "</responseLength...""#),
    ),
    // ---------------------------------------------------------------- apigateway_http_csv
    (
        "http csv: the example",
        "apigateway_http_csv",
        br#"203.0.113.7,06/Oct/2020:11:53:54 +0000,GET,GET /pets,HTTP/1.1,200,123,Ab1CdEfGhIjKlMN=,Ab1CdEfGhIjKlMN="#,
        Json(
            r#"{"host":"203.0.113.7","timestamp":"2020-10-06T11:53:54Z","method":"GET","route_key":"GET /pets","protocol":"HTTP/1.1","status":200,"bytes":123,"request_id":"Ab1CdEfGhIjKlMN=","extended_request_id":"Ab1CdEfGhIjKlMN="}"#,
        ),
    ),
    (
        "http csv: IPv6, `-` for the length and the extended id",
        "apigateway_http_csv",
        br#"2001:db8::1,06/Oct/2020:11:53:55 +0000,POST,$default,HTTP/2.0,500,-,Bc2DeFgHiJkLmNO=,-"#,
        Json(
            r#"{"host":"2001:db8::1","timestamp":"2020-10-06T11:53:55Z","method":"POST","route_key":"$default","protocol":"HTTP/2.0","status":500,"bytes":null,"request_id":"Bc2DeFgHiJkLmNO=","extended_request_id":null}"#,
        ),
    ),
    (
        "http csv: the example of 2020-23, without extendedRequestId, is not today's",
        "apigateway_http_csv",
        br#"203.0.113.7,06/Oct/2020:11:53:54 +0000,GET,GET /pets,HTTP/1.1,200,123,Ab1CdEfGhIjKlMN="#,
        Error(r#"expected the format's text after the field at LOG_FORMAT position 145 at column 87: the line ends"#),
    ),
    // ---------------------------------------------------------------- apigateway_ws_clf
    (
        "ws clf: $connect",
        "apigateway_ws_clf",
        br#"203.0.113.7 - - [06/Oct/2020:11:53:54 +0000] "CONNECT $connect L0SM9cOFvHcCIhw=" 200 L0SMACkGvHcFQ0g="#,
        Json(
            r#"{"host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","event_type":"CONNECT","route_key":"$connect","connection_id":"L0SM9cOFvHcCIhw=","status":200,"request_id":"L0SMACkGvHcFQ0g="}"#,
        ),
    ),
    (
        "ws clf: a message, IPv6",
        "apigateway_ws_clf",
        br#"2001:db8::1 - - [06/Oct/2020:11:53:55 +0000] "MESSAGE sendmessage L0SM9cOFvHcCIhw=" 200 L0SNxG1vPHcFg8w="#,
        Json(
            r#"{"host":"2001:db8::1","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:55Z","event_type":"MESSAGE","route_key":"sendmessage","connection_id":"L0SM9cOFvHcCIhw=","status":200,"request_id":"L0SNxG1vPHcFg8w="}"#,
        ),
    ),
    (
        "ws clf: a request refused before a route, `-` for the event, route and connection",
        "apigateway_ws_clf",
        br#"198.51.100.2 - - [06/Oct/2020:11:53:56 +0000] "- - -" 403 5f2c0e1a-7b61-11e6-9a41-93e8deadbeef"#,
        Json(
            r#"{"host":"198.51.100.2","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:56Z","event_type":null,"route_key":null,"connection_id":null,"status":403,"request_id":"5f2c0e1a-7b61-11e6-9a41-93e8deadbeef"}"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_ws_json
    (
        "ws json: $connect",
        "apigateway_ws_json",
        br#"{"requestId":"L0SMACkGvHcFQ0g=", "ip": "203.0.113.7", "caller":"-", "user":"-", "requestTime":"06/Oct/2020:11:53:54 +0000", "eventType":"CONNECT", "routeKey":"$connect", "status":"200", "connectionId":"L0SM9cOFvHcCIhw="}"#,
        Json(
            r#"{"request_id":"L0SMACkGvHcFQ0g=","host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","event_type":"CONNECT","route_key":"$connect","status":200,"connection_id":"L0SM9cOFvHcCIhw="}"#,
        ),
    ),
    (
        "ws json: $disconnect, IPv6, spaced as a user may",
        "apigateway_ws_json",
        br#"{"requestId": "L0SNxG1vPHcFg8w=","ip": "2001:db8::1","caller": "-","user": "-","requestTime": "06/Oct/2020:11:53:55 +0000","eventType": "DISCONNECT","routeKey": "$disconnect","status": "200","connectionId": "L0SM9cOFvHcCIhw="}"#,
        Json(
            r#"{"request_id":"L0SNxG1vPHcFg8w=","host":"2001:db8::1","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:55Z","event_type":"DISCONNECT","route_key":"$disconnect","status":200,"connection_id":"L0SM9cOFvHcCIhw="}"#,
        ),
    ),
    (
        "ws json: a request refused before a route",
        "apigateway_ws_json",
        br#"{"requestId":"5f2c0e1a-7b61-11e6-9a41-93e8deadbeef", "ip": "198.51.100.2", "caller":"-", "user":"-", "requestTime":"06/Oct/2020:11:53:56 +0000", "eventType":"-", "routeKey":"-", "status":"403", "connectionId":"-"}"#,
        Json(
            r#"{"request_id":"5f2c0e1a-7b61-11e6-9a41-93e8deadbeef","host":"198.51.100.2","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:56Z","event_type":null,"route_key":null,"status":403,"connection_id":null}"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_ws_xml
    (
        "ws xml: $connect",
        "apigateway_ws_xml",
        br#"<request id="L0SMACkGvHcFQ0g="> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <eventType>CONNECT</eventType> <routeKey>$connect</routeKey> <status>200</status> <connectionId>L0SM9cOFvHcCIhw=</connectionId> </request>"#,
        Json(
            r#"{"request_id":"L0SMACkGvHcFQ0g=","host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","event_type":"CONNECT","route_key":"$connect","status":200,"connection_id":"L0SM9cOFvHcCIhw="}"#,
        ),
    ),
    (
        "ws xml: a message, IPv6, no status",
        "apigateway_ws_xml",
        br#"<request id="L0SNxG1vPHcFg8w="> <ip>2001:db8::1</ip> <caller>-</caller> <user>-</user> <requestTime>06/Oct/2020:11:53:55 +0000</requestTime> <eventType>MESSAGE</eventType> <routeKey>sendmessage</routeKey> <status>-</status> <connectionId>L0SM9cOFvHcCIhw=</connectionId> </request>"#,
        Json(
            r#"{"request_id":"L0SNxG1vPHcFg8w=","host":"2001:db8::1","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:55Z","event_type":"MESSAGE","route_key":"sendmessage","status":null,"connection_id":"L0SM9cOFvHcCIhw="}"#,
        ),
    ),
    // ---------------------------------------------------------------- apigateway_ws_csv
    (
        "ws csv: $connect",
        "apigateway_ws_csv",
        br#"203.0.113.7,-,-,06/Oct/2020:11:53:54 +0000,CONNECT,$connect,L0SM9cOFvHcCIhw=,200,L0SMACkGvHcFQ0g="#,
        Json(
            r#"{"host":"203.0.113.7","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:54Z","event_type":"CONNECT","route_key":"$connect","connection_id":"L0SM9cOFvHcCIhw=","status":200,"request_id":"L0SMACkGvHcFQ0g="}"#,
        ),
    ),
    (
        "ws csv: a message, IPv6",
        "apigateway_ws_csv",
        br#"2001:db8::1,-,-,06/Oct/2020:11:53:55 +0000,MESSAGE,sendmessage,L0SM9cOFvHcCIhw=,200,L0SNxG1vPHcFg8w="#,
        Json(
            r#"{"host":"2001:db8::1","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:55Z","event_type":"MESSAGE","route_key":"sendmessage","connection_id":"L0SM9cOFvHcCIhw=","status":200,"request_id":"L0SNxG1vPHcFg8w="}"#,
        ),
    ),
    (
        "ws csv: a request refused before a route",
        "apigateway_ws_csv",
        br#"198.51.100.2,-,-,06/Oct/2020:11:53:56 +0000,-,-,-,403,5f2c0e1a-7b61-11e6-9a41-93e8deadbeef"#,
        Json(
            r#"{"host":"198.51.100.2","identity_caller":null,"identity_user":null,"timestamp":"2020-10-06T11:53:56Z","event_type":null,"route_key":null,"connection_id":null,"status":403,"request_id":"5f2c0e1a-7b61-11e6-9a41-93e8deadbeef"}"#,
        ),
    ),
    // ---------------------------------------------------------------- other templates
    (
        "websocket: a message, the connection time in ms",
        WEBSOCKET,
        b"203.0.113.7 L0SM9cOFvHcCIhw= [06/Oct/2020:11:53:54 +0000] MESSAGE sendmessage 200 1601985230000 L0SM9cOFvHcCIhw=abc Ab1CdEfGhIjKlMN=",
        Json(
            r#"{"host":"203.0.113.7","connection_id":"L0SM9cOFvHcCIhw=","timestamp":"2020-10-06T11:53:54Z","event_type":"MESSAGE","route_key":"sendmessage","status":200,"connected_at":1601985230000,"message_id":"L0SM9cOFvHcCIhw=abc","request_id":"Ab1CdEfGhIjKlMN="}"#,
        ),
    ),
    (
        "websocket: $connect, no message id",
        WEBSOCKET,
        b"2001:db8::1 L0SM9cOFvHcCIhw= [06/Oct/2020:11:53:54 +0000] CONNECT $connect 200 1601985234123 - Ab1CdEfGhIjKlMN=",
        Json(
            r#"{"host":"2001:db8::1","connection_id":"L0SM9cOFvHcCIhw=","timestamp":"2020-10-06T11:53:54Z","event_type":"CONNECT","route_key":"$connect","status":200,"connected_at":1601985234123,"message_id":null,"request_id":"Ab1CdEfGhIjKlMN="}"#,
        ),
    ),
    (
        "rest: latencies, the quoted error message, the epoch time with milliseconds",
        REST_TIMINGS,
        br#"1601985234123 203.0.113.7 "GET /prod/pets HTTP/1.1" 403 42 12 - - "Missing Authentication Token" "curl/8.5.0" a1b2c3d4e5 prod api.example.com -"#,
        Json(
            r#"{"timestamp":"2020-10-06T11:53:54.123Z","host":"203.0.113.7","method":"GET","path":"/prod/pets","protocol":"HTTP/1.1","status":403,"bytes":42,"response_latency":12,"integration_latency":null,"integration_status":null,"error_message_string":"Missing Authentication Token","user_agent":"curl/8.5.0","api_id":"a1b2c3d4e5","stage":"prod","domain_name":"api.example.com","authorizer_claims_sub":null}"#,
        ),
    ),
    (
        "rest: no error, an integration, a Cognito subject",
        REST_TIMINGS,
        br#"1601985234999 2001:db8::1 "POST /prod/pets HTTP/1.1" 201 17 80 64 201 "-" "Mozilla/5.0 (X11; Linux x86_64)" a1b2c3d4e5 prod - 8f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c"#,
        Json(
            r#"{"timestamp":"2020-10-06T11:53:54.999Z","host":"2001:db8::1","method":"POST","path":"/prod/pets","protocol":"HTTP/1.1","status":201,"bytes":17,"response_latency":80,"integration_latency":64,"integration_status":201,"error_message_string":null,"user_agent":"Mozilla/5.0 (X11; Linux x86_64)","api_id":"a1b2c3d4e5","stage":"prod","domain_name":null,"authorizer_claims_sub":"8f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c"}"#,
        ),
    ),
    (
        "rest: a latency that is not a number",
        REST_TIMINGS,
        br#"1601985234123 203.0.113.7 "GET /prod/pets HTTP/1.1" 200 42 fast - - "-" "-" a b c -"#,
        Error(r#"invalid number (LOG_FORMAT position 148) at column 60: found "fast - - \"-\" \"-\"...""#),
    ),
    (
        "json template with bare values: read as text, a bare `-` is null",
        BARE_JSON,
        br#"{"time":1601985234123,"route":"GET /pets","error":"Missing Authentication Token","latency":-}"#,
        Json(
            r#"{"timestamp":"2020-10-06T11:53:54.123Z","route_key":"GET /pets","error_message_string":"Missing Authentication Token","integration_latency":null}"#,
        ),
    ),
];

#[test]
fn every_row_gives_its_object_or_error() {
    support::rows::check(ROWS);
}

/// The variables of the property's templates: each is given values of its kind in the
/// reader's table (`apigateway::VARIABLES`).
const GENERATED: &[&str] = &[
    "identity.sourceIp",
    "identity.caller",
    "identity.user",
    "requestId",
    "extendedRequestId",
    "httpMethod",
    "resourcePath",
    "protocol",
    "apiId",
    "stage",
    "path",
    "routeKey",
    "status",
    "integration.status",
    "responseLength",
    "responseLatency",
    "integrationLatency",
    "requestTime",
    "requestTimeEpoch",
];

/// What `GENERATED[i]`'s values are, as the reader's table says.
fn kind(i: usize) -> VarKind {
    VARIABLES.iter().find(|v| v.name == GENERATED[i]).expect("a variable of the table").kind
}

/// The separators between fields: none of them is in a value.
const SEPARATORS: &[&str] = &[" ", ",", ";", "\t", " | "];

/// A value as API Gateway logs it, and the JSON value firelog must write for it.
fn value(g: VarKind) -> BoxedStrategy<(String, serde_json::Value)> {
    use serde_json::Value;
    let dash = || Just(("-".to_string(), Value::Null));
    let text = "[A-Za-z0-9_=][A-Za-z0-9_/=.:+-]{0,11}";
    match g {
        VarKind::Host => prop_oneof![
            any::<[u8; 4]>().prop_map(|a| std::net::Ipv4Addr::from(a).to_string()),
            any::<[u16; 8]>().prop_map(|a| std::net::Ipv6Addr::from(a).to_string()),
        ]
        .prop_map(|s| (s.clone(), Value::String(s)))
        .boxed(),
        VarKind::Text => prop_oneof![dash(), text.prop_map(|s| (s.clone(), Value::String(s)))].boxed(),
        VarKind::UrlPath => {
            prop_oneof![dash(), "/[A-Za-z0-9_/.{}+-]{0,12}".prop_map(|s| (s.clone(), Value::String(s)))]
                .boxed()
        }
        VarKind::Route => prop_oneof![
            dash(),
            "\\$(default|connect|disconnect)".prop_map(|s| (s.clone(), Value::String(s))),
            "(GET|POST|ANY) /[A-Za-z0-9_/{}+-]{0,10}".prop_map(|s| (s.clone(), Value::String(s))),
        ]
        .boxed(),
        VarKind::Status => {
            prop_oneof![dash(), (100u16..600).prop_map(|n| (n.to_string(), Value::from(n)))].boxed()
        }
        VarKind::Integer => {
            prop_oneof![dash(), (0u64..10_000_000_000).prop_map(|n| (n.to_string(), Value::from(n)))].boxed()
        }
        VarKind::TimeClf => (0i64..4_102_444_800, -720i32..=840)
            .prop_map(|(secs, minutes)| {
                let utc = chrono::DateTime::from_timestamp(secs, 0).expect("in range");
                let offset = chrono::FixedOffset::east_opt(minutes * 60).expect("in range");
                let logged = utc.with_timezone(&offset).format("%d/%b/%Y:%H:%M:%S %z").to_string();
                (logged, Value::String(utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
            })
            .boxed(),
        VarKind::TimeEpochMs => (0i64..4_102_444_800_000)
            .prop_map(|ms| {
                let utc = chrono::DateTime::from_timestamp_millis(ms).expect("in range");
                // Milliseconds, as logged: a whole second's `.000` too.
                (ms.to_string(), Value::String(utc.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()))
            })
            .boxed(),
    }
}

/// A template of distinct variables (one time at most) with separators, and lines it
/// writes with the object each must give.
fn template_and_lines() -> impl Strategy<Value = (String, Vec<(String, serde_json::Value)>)> {
    let picks = proptest::sample::subsequence((0..GENERATED.len()).collect::<Vec<_>>(), 1..8)
        .prop_shuffle()
        .prop_map(|mut picks| {
            let times = |i: &usize| matches!(kind(*i), VarKind::TimeClf | VarKind::TimeEpochMs);
            let first_time = picks.iter().position(times);
            let mut n = 0;
            picks.retain(|i| {
                n += 1;
                !times(i) || Some(n - 1) == first_time
            });
            picks
        });
    picks
        .prop_flat_map(|picks| {
            let seps = proptest::collection::vec(proptest::sample::select(SEPARATORS), picks.len());
            let lines =
                proptest::collection::vec(picks.iter().map(|&i| value(kind(i))).collect::<Vec<_>>(), 1..4);
            (Just(picks), seps, lines)
        })
        .prop_map(|(picks, seps, lines)| {
            // A route reads a ` /path` after it as its own: another separator there.
            let sep = |k: usize| {
                if k > 0 && kind(picks[k - 1]) == VarKind::Route && seps[k] == " " { " | " } else { seps[k] }
            };
            let mut template = String::new();
            for (k, &i) in picks.iter().enumerate() {
                if k > 0 {
                    template.push_str(sep(k));
                }
                template.push_str("$context.");
                template.push_str(GENERATED[i]);
            }
            let key = |i: usize| {
                let name = GENERATED[i];
                let row = firelog::access_log::apigateway::VARIABLES.iter().find(|v| v.name == name);
                row.expect("a row").key.to_string()
            };
            let written = lines
                .into_iter()
                .map(|values| {
                    let mut line = String::new();
                    let mut object = serde_json::Map::new();
                    for (k, (text, json)) in values.into_iter().enumerate() {
                        if k > 0 {
                            line.push_str(sep(k));
                        }
                        line.push_str(&text);
                        object.insert(key(picks[k]), json);
                    }
                    (line, serde_json::Value::Object(object))
                })
                .collect();
            (template, written)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any template of known variables with literal separators reads the lines it writes
    /// into the values they hold.
    #[test]
    fn any_context_template_reads_the_lines_it_writes((template, lines) in template_and_lines()) {
        let format = Format::new(&template).map_err(|e| TestCaseError::fail(format!("{template}: {e}")))?;
        for (line, want) in lines {
            let got = json(&format, line.as_bytes()).map_err(|e| TestCaseError::fail(format!("{template}\n{line}\n{e}")))?;
            let got: serde_json::Value = serde_json::from_str(&got).expect("JSON");
            prop_assert_eq!(&got, &want, "{}\n{}", template, line);
        }
    }
}

/// The object one line writes with `vars` set, through the transformer.
fn write(vars: &[(&str, &str)], line: &str) -> String {
    let settings = support::settings::from_pairs(vars).unwrap();
    let mut t = settings.transformer();
    let mut out = Vec::new();
    let _ = t.line(line.as_bytes(), 1, &mut out);
    String::from_utf8(out).unwrap().trim_end().to_string()
}

const CLF_LINE: &str = r#"2001:db8::7 arn:aws:iam::123456789012:user/alice - [06/Oct/2020:11:53:54 +0000]"GET /pets HTTP/1.1" 200 123 c6af9ac6-7b61-11e6-9a41-93e8deadbeef abCdEF1gIAMFiEQ="#;

/// ECS names what it has a field for (the client, method, version, status, bytes, the
/// request id); the rest goes under `aws.apigateway`, as Elastic's AWS integration keeps
/// API Gateway's fields. OTel's `aws.request_id` is the request id.
#[test]
fn profiles_name_api_gateways_fields() {
    let table: &[(&str, &str, &str)] = &[
        (
            "ecs",
            CLF_LINE,
            r#"{"source":{"address":"2001:db8::7"},"aws":{"apigateway":{"identity_caller":"arn:aws:iam::123456789012:user/alice","identity_user":null,"resource_path":"/pets","extended_request_id":"abCdEF1gIAMFiEQ="}},"@timestamp":"2020-10-06T11:53:54Z","http":{"request":{"method":"GET","id":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},"version":"1.1","response":{"status_code":200,"body":{"bytes":123}}}}"#,
        ),
        (
            "otel",
            CLF_LINE,
            r#"{"client.address":"2001:db8::7","aws.apigateway.identity_caller":"arn:aws:iam::123456789012:user/alice","aws.apigateway.identity_user":null,"timestamp":"2020-10-06T11:53:54Z","http.request.method":"GET","aws.apigateway.resource_path":"/pets","network.protocol.version":"1.1","http.response.status_code":200,"http.response.body.size":123,"aws.request_id":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","aws.apigateway.extended_request_id":"abCdEF1gIAMFiEQ="}"#,
        ),
    ];
    for (schema, line, want) in table {
        let got = write(&[("LOG_FORMAT", "apigateway_clf"), ("SCHEMA", schema)], line);
        assert_eq!(got, *want, "{schema}");
    }
}

/// Enrichment finds the client in `$context.identity.sourceIp`, in a text format and in
/// the JSON preset read by keys.
#[test]
fn enrichment_reads_the_source_ip() {
    let json_line =
        r#"{"ip":"203.0.113.77","requestTime":"06/Oct/2020:11:53:54 +0000","status":"200","requestId":"r1"}"#;
    for (format, line, client) in
        [("apigateway_clf", CLF_LINE, "2001:db8::"), ("apigateway_json", json_line, "203.0.113.0")]
    {
        let got = write(&[("LOG_FORMAT", format), ("ANONYMIZE_IP", "on")], line);
        let got: serde_json::Value =
            serde_json::from_str(&got).unwrap_or_else(|e| panic!("{format}: {e}: {got}"));
        assert_eq!(got["host"], client, "{format}: {got}");
    }
}

/// `detect` names each preset from its lines (the rows' lines that read), and proposes a
/// list for a log of two presets.
#[test]
fn detect_names_each_preset_from_its_lines() {
    use firelog::access_log::detect;
    // The three JSON presets read each other's lines whole, by key (a missing key is
    // null): the one whose keys cover the most of the lines' keys is named.
    for preset in [
        "apigateway_clf",
        "apigateway_json",
        "apigateway_xml",
        "apigateway_csv",
        "apigateway_http",
        "apigateway_http_json",
        "apigateway_http_xml",
        "apigateway_http_csv",
        "apigateway_ws_clf",
        "apigateway_ws_json",
        "apigateway_ws_xml",
        "apigateway_ws_csv",
    ] {
        let lines: Vec<Option<&[u8]>> = (ROWS.iter())
            .filter(|(_, format, _, want)| *format == preset && matches!(want, Json(_)))
            .map(|(_, _, line, _)| Some(*line))
            .collect();
        assert!(lines.len() >= 2, "{preset}");
        let best = &detect::detect(&lines).results[0];
        assert_eq!((best.candidate.name, best.read), (preset, lines.len()), "{preset}");
        assert!(best.reads_all_whole(lines.len()), "{preset}");
    }
    let mixed: Vec<Option<&[u8]>> = [ROWS[0].2, ROWS[4].2, ROWS[1].2, ROWS[5].2].map(Some).to_vec();
    let listed = detect::list(&mixed).expect("a list");
    assert_eq!(listed.log_format, "apigateway_json,apigateway_clf");
    assert_eq!(listed.read, 4);
}

/// Pieces of templates and lines that touch the reader's edges: variables, quotes, JSON's
/// punctuation, `-`, a lone `$`, a name ending in a dot.
const PIECES: &[&str] = &[
    "$context.",
    "$context.status",
    "$context.requestTime",
    "$context.routeKey",
    "$context.error.messageString",
    "$context.requestTimeEpoch",
    "$context.identity.sourceIp",
    "$context.a.",
    "$",
    "$x",
    ".",
    "\"",
    " ",
    "{",
    "}",
    ":",
    ",",
    "-",
    "[",
    "]",
    "GET /p",
    "200",
    "06/Oct/2020:11:53:54 +0000",
    "1601985234123",
    "é",
];

proptest! {
    /// No template or line panics: a template is read or refused, and a line that reads
    /// is written as one JSON object.
    #[test]
    fn no_template_or_line_panics(
        template in proptest::collection::vec(proptest::sample::select(PIECES), 0..12),
        lines in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(PIECES), 0..12), 0..4),
    ) {
        let template = template.concat();
        let Ok(format) = Format::new(&template) else { return Ok(()) };
        for line in lines {
            let line = line.concat();
            if let Ok(got) = json(&format, line.as_bytes()) {
                let value: serde_json::Value = serde_json::from_str(&got).expect("JSON");
                prop_assert!(value.is_object(), "{}: {}", template, got);
            }
        }
    }
}
