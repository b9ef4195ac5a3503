//! Envoy's and Istio's text access logs, row by row: LOG_FORMAT, a line in, the exact JSON
//! object (or the line's exact error) out.
//!
//! Every expected value is what Envoy's access log documentation ("Command Operators",
//! "Default Format String") and Istio's access log task ("Default access log format", its
//! curl and httpbin lines) say the line holds, not what the code happened to write:
//! - `-` is a value that is not set or empty: null, for every operator; a TCP proxy's line
//!   writes `-` for the HTTP operators (its request line is `"- - -"`) and `0` for
//!   `%RESPONSE_CODE%` ("the server never sent the beginning of a response").
//! - `%START_TIME%` is UTC with milliseconds; a time whose fraction is zero is written
//!   without one, as every format's timestamp is.
//! - An address with its port (`10.44.1.23:46520`, `[2001:db8:4::17]:40712`) is the address
//!   and the port, a number: Istio's `%DOWNSTREAM_REMOTE_ADDRESS%` is `host` and `remote_port`.
//! - `%UPSTREAM_HOST%` is a URL in Envoy's words (`tcp://10.0.2.1:80` in its example): it is
//!   kept as logged.
//! - Envoy escapes nothing: a `"` inside a quoted value cannot be told from its end, and the
//!   line fails rather than being guessed.

mod support;

use firelog::access_log::Format;
use firelog::access_log::envoy::ENVOY_GATEWAY_JSON;

use support::rows::Want::{Error, Json};
use support::rows::{Row, object as json};

/// Istio's default format as its docs print it, with the `\n` at its end.
const ISTIO_AS_DOCUMENTED: &str = r#"[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n"#;

/// Envoy's default format as its docs print it, with the `\n` at its end.
const ENVOY_AS_DOCUMENTED: &str = r#"[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n"#;

/// (name, LOG_FORMAT, line, what it must give)
const ROWS: &[Row] = &[
    (
        // Envoy Gateway's default access log, a json_format dictionary: Envoy writes its keys
        // sorted, numbers as numbers and a missing value as null; read by its keys, each
        // operator's value under the key it has in a format string.
        "json_format: Envoy Gateway's default dictionary, its line read by keys",
        ENVOY_GATEWAY_JSON,
        br#"{":authority":"www.example.com","bytes_received":0,"bytes_sent":20,"connection_termination_details":null,"downstream_local_address":"10.244.0.12:10080","downstream_remote_address":"[2001:db8::7]:52842","duration":3,"method":"GET","protocol":"HTTP/1.1","requested_server_name":null,"response_code":200,"response_code_details":"via_upstream","response_flags":"-","route_name":"httproute/default/backend/rule/0/match/0","start_time":"2024-06-01T12:00:00.123Z","upstream_cluster":"httproute/default/backend/rule/0","upstream_host":"10.244.0.11:3000","upstream_local_address":"10.244.0.12:40320","upstream_transport_failure_reason":null,"user-agent":"curl/8.5.0","x-envoy-origin-path":"/get?x=1","x-envoy-upstream-service-time":"2","x-forwarded-for":"2001:db8::7","x-request-id":"0c6e6c9d-5a8b-4c1e-9a0e-2f3b4c5d6e7f"}"#,
        Json(
            r#"{"authority":"www.example.com","body_bytes_received":0,"bytes":20,"connection_termination_details":null,"downstream_local_address":"10.244.0.12","downstream_local_port":10080,"host":"2001:db8::7","remote_port":52842,"duration_ms":3,"method":"GET","protocol":"HTTP/1.1","requested_server_name":null,"status":200,"response_code_details":"via_upstream","response_flags":null,"route_name":"httproute/default/backend/rule/0/match/0","timestamp":"2024-06-01T12:00:00.123Z","upstream_cluster":"httproute/default/backend/rule/0","upstream_host":"10.244.0.11:3000","upstream_local_address":"10.244.0.12","upstream_local_port":40320,"upstream_transport_failure_reason":null,"user_agent":"curl/8.5.0","path":"/get?x=1","upstream_service_time_ms":2,"x_forwarded_for":"2001:db8::7","x_request_id":"0c6e6c9d-5a8b-4c1e-9a0e-2f3b4c5d6e7f"}"#,
        ),
    ),
    (
        "json_format: a key the line lacks is null, a nested object's keys by their path",
        r#"{"code":"%RESPONSE_CODE%","req":{"method":"%REQ(:METHOD)%","path":"%REQ(:PATH)%"}}"#,
        br#"{"req":{"path":"/a","method":"POST"}}"#,
        Json(r#"{"status":null,"method":"POST","path":"/a"}"#),
    ),
    (
        // An internal listener's downstream address is a URL, without a port.
        "envoy: an internal listener's address",
        "%DOWNSTREAM_REMOTE_ADDRESS% %RESPONSE_CODE%",
        br#"envoy://internal_client_address/ 200"#,
        Json(r#"{"host":"envoy://internal_client_address/","remote_port":null,"status":200}"#),
    ),
    (
        "envoy: the docs' example line",
        "envoy",
        br#"[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80""#,
        Json(r#"{"timestamp":"2016-04-15T20:17:00.310Z","method":"POST","path":"/api/v1/locations","protocol":"HTTP/2","status":204,"response_flags":null,"body_bytes_received":154,"bytes":0,"duration_ms":226,"upstream_service_time_ms":100,"x_forwarded_for":"10.0.35.28","user_agent":"nsq2http","x_request_id":"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2","authority":"locations","upstream_host":"tcp://10.0.2.1:80"}"#),
    ),
    (
        "envoy: HTTP/3, a query, an IPv6 forwarded-for list and upstream, 29 Feb",
        "envoy",
        br#"[2024-02-29T23:59:59.999Z] "GET /search?q=caf%C3%A9&page=2 HTTP/3" 200 - 0 5123 18 15 "2001:db8::1, 198.51.100.7" "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0" "0d6c9e4a-7b3b-4a8e-9a51-3f1b2c4d5e6f" "shop.example.net" "[2001:db8:0:1::20]:8080""#,
        Json(r#"{"timestamp":"2024-02-29T23:59:59.999Z","method":"GET","path":"/search?q=caf%C3%A9&page=2","protocol":"HTTP/3","status":200,"response_flags":null,"body_bytes_received":0,"bytes":5123,"duration_ms":18,"upstream_service_time_ms":15,"x_forwarded_for":"2001:db8::1, 198.51.100.7","user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0","x_request_id":"0d6c9e4a-7b3b-4a8e-9a51-3f1b2c4d5e6f","authority":"shop.example.net","upstream_host":"[2001:db8:0:1::20]:8080"}"#),
    ),
    (
        "envoy: a TCP proxy's line, - wherever one may stand, code 0",
        "envoy",
        br#"[2024-03-10T12:00:00.000Z] "- - -" 0 - 0 0 12 - "-" "-" "-" "-" "-""#,
        Json(r#"{"timestamp":"2024-03-10T12:00:00.000Z","method":null,"path":null,"protocol":null,"status":0,"response_flags":null,"body_bytes_received":0,"bytes":0,"duration_ms":12,"upstream_service_time_ms":null,"x_forwarded_for":null,"user_agent":null,"x_request_id":null,"authority":null,"upstream_host":null}"#),
    ),
    (
        "envoy: 503 with two flags, no upstream service time",
        "envoy",
        br#"[2024-03-10T12:00:01.500Z] "POST /api/v1/orders HTTP/1.1" 503 UF,URX 512 91 3004 - "-" "okhttp/4.12.0" "5e0c2b9a-1d2e-4f30-8a41-b6c7d8e9f001" "orders.internal:8443" "10.1.2.3:8443""#,
        Json(r#"{"timestamp":"2024-03-10T12:00:01.500Z","method":"POST","path":"/api/v1/orders","protocol":"HTTP/1.1","status":503,"response_flags":"UF,URX","body_bytes_received":512,"bytes":91,"duration_ms":3004,"upstream_service_time_ms":null,"x_forwarded_for":null,"user_agent":"okhttp/4.12.0","x_request_id":"5e0c2b9a-1d2e-4f30-8a41-b6c7d8e9f001","authority":"orders.internal:8443","upstream_host":"10.1.2.3:8443"}"#),
    ),
    (
        "istio: the docs' curl sidecar line",
        "istio",
        br#"[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default"#,
        Json(r#"{"timestamp":"2020-11-25T21:26:18.409Z","method":"GET","path":"/status/418","protocol":"HTTP/1.1","status":418,"response_flags":null,"response_code_details":"via_upstream","connection_termination_details":null,"upstream_transport_failure_reason":null,"body_bytes_received":0,"bytes":135,"duration_ms":4,"upstream_service_time_ms":4,"x_forwarded_for":null,"user_agent":"curl/7.73.0-DEV","x_request_id":"84961386-6d84-929d-98bd-c5aee93b5c88","authority":"httpbin:8000","upstream_host":"10.44.1.27:80","upstream_cluster":"outbound|8000||httpbin.foo.svc.cluster.local","upstream_local_address":"10.44.1.23","upstream_local_port":37652,"downstream_local_address":"10.0.45.184","downstream_local_port":8000,"host":"10.44.1.23","remote_port":46520,"requested_server_name":null,"route_name":"default"}"#),
    ),
    (
        "istio: the docs' httpbin sidecar line",
        "istio",
        br#"[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 3 1 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "127.0.0.1:80" inbound|8000|| 127.0.0.1:41854 10.44.1.27:80 10.44.1.23:37652 outbound_.8000_._.httpbin.foo.svc.cluster.local default"#,
        Json(r#"{"timestamp":"2020-11-25T21:26:18.409Z","method":"GET","path":"/status/418","protocol":"HTTP/1.1","status":418,"response_flags":null,"response_code_details":"via_upstream","connection_termination_details":null,"upstream_transport_failure_reason":null,"body_bytes_received":0,"bytes":135,"duration_ms":3,"upstream_service_time_ms":1,"x_forwarded_for":null,"user_agent":"curl/7.73.0-DEV","x_request_id":"84961386-6d84-929d-98bd-c5aee93b5c88","authority":"httpbin:8000","upstream_host":"127.0.0.1:80","upstream_cluster":"inbound|8000||","upstream_local_address":"127.0.0.1","upstream_local_port":41854,"downstream_local_address":"10.44.1.27","downstream_local_port":80,"host":"10.44.1.23","remote_port":37652,"requested_server_name":"outbound_.8000_._.httpbin.foo.svc.cluster.local","route_name":"default"}"#),
    ),
    (
        "istio: a TLS failure with spaces in its quoted reason, an IPv6 client",
        "istio",
        br#"[2024-03-10T12:00:02.250Z] "GET /healthz HTTP/2" 503 UF upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED} - "TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED" 0 91 7 - "203.0.113.50" "kube-probe/1.29" "9f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" "checkout.shop.svc.cluster.local:8080" "10.244.3.12:8080" outbound|8080||checkout.shop.svc.cluster.local - 10.96.45.67:8080 [2001:db8:4::17]:40712 outbound_.8080_._.checkout.shop.svc.cluster.local default"#,
        Json(r#"{"timestamp":"2024-03-10T12:00:02.250Z","method":"GET","path":"/healthz","protocol":"HTTP/2","status":503,"response_flags":"UF","response_code_details":"upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED}","connection_termination_details":null,"upstream_transport_failure_reason":"TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED","body_bytes_received":0,"bytes":91,"duration_ms":7,"upstream_service_time_ms":null,"x_forwarded_for":"203.0.113.50","user_agent":"kube-probe/1.29","x_request_id":"9f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b","authority":"checkout.shop.svc.cluster.local:8080","upstream_host":"10.244.3.12:8080","upstream_cluster":"outbound|8080||checkout.shop.svc.cluster.local","upstream_local_address":null,"upstream_local_port":null,"downstream_local_address":"10.96.45.67","downstream_local_port":8080,"host":"2001:db8:4::17","remote_port":40712,"requested_server_name":"outbound_.8080_._.checkout.shop.svc.cluster.local","route_name":"default"}"#),
    ),
    (
        "istio: a TCP connection to a database",
        "istio",
        br#"[2024-03-10T12:00:03.000Z] "- - -" 0 - - - "-" 1763 5120 60012 - "-" "-" "-" "-" "10.244.5.9:5432" outbound|5432||postgres.db.svc.cluster.local 10.244.1.5:51990 10.96.12.34:5432 10.244.1.5:51988 - -"#,
        Json(r#"{"timestamp":"2024-03-10T12:00:03.000Z","method":null,"path":null,"protocol":null,"status":0,"response_flags":null,"response_code_details":null,"connection_termination_details":null,"upstream_transport_failure_reason":null,"body_bytes_received":1763,"bytes":5120,"duration_ms":60012,"upstream_service_time_ms":null,"x_forwarded_for":null,"user_agent":null,"x_request_id":null,"authority":null,"upstream_host":"10.244.5.9:5432","upstream_cluster":"outbound|5432||postgres.db.svc.cluster.local","upstream_local_address":"10.244.1.5","upstream_local_port":51990,"downstream_local_address":"10.96.12.34","downstream_local_port":5432,"host":"10.244.1.5","remote_port":51988,"requested_server_name":null,"route_name":null}"#),
    ),
    (
        "istio: no filter chain matched: no upstream at all",
        "istio",
        br#"[2024-03-10T12:00:04.000Z] "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.244.1.5:15006 192.0.2.44:33100 - -"#,
        Json(r#"{"timestamp":"2024-03-10T12:00:04.000Z","method":null,"path":null,"protocol":null,"status":0,"response_flags":"NR","response_code_details":"filter_chain_not_found","connection_termination_details":null,"upstream_transport_failure_reason":null,"body_bytes_received":0,"bytes":0,"duration_ms":0,"upstream_service_time_ms":null,"x_forwarded_for":null,"user_agent":null,"x_request_id":null,"authority":null,"upstream_host":null,"upstream_cluster":null,"upstream_local_address":null,"upstream_local_port":null,"downstream_local_address":"10.244.1.5","downstream_local_port":15006,"host":"192.0.2.44","remote_port":33100,"requested_server_name":null,"route_name":null}"#),
    ),
    (
        "START_TIME(%Y/%m/%dT%H:%M:%S%z %s), the docs' first example, +0200",
        r#"%START_TIME(%Y/%m/%dT%H:%M:%S%z %s)% %RESPONSE_CODE%"#,
        br#"2018/05/29T12:43:10+0200 1527590590 200"#,
        Json(r#"{"timestamp":"2018-05-29T10:43:10Z","status":200}"#),
    ),
    (
        "START_TIME(%s.%3f), the docs' 1527590590.528",
        r#"%START_TIME(%s.%3f)% %RESPONSE_CODE%"#,
        br#"1527590590.528 200"#,
        Json(r#"{"timestamp":"2018-05-29T10:43:10.528Z","status":200}"#),
    ),
    (
        "START_TIME(%s.%6f)",
        r#"%START_TIME(%s.%6f)% %RESPONSE_CODE%"#,
        br#"1527590590.528123 204"#,
        Json(r#"{"timestamp":"2018-05-29T10:43:10.528123Z","status":204}"#),
    ),
    (
        "START_TIME(%s.%9f)",
        r#"%START_TIME(%s.%9f)% %RESPONSE_CODE%"#,
        br#"1527590590.528123456 204"#,
        Json(r#"{"timestamp":"2018-05-29T10:43:10.528123456Z","status":204}"#),
    ),
    (
        "START_TIME(%s) alone",
        r#"%START_TIME(%s)% %RESPONSE_CODE%"#,
        br#"1527590590 204"#,
        Json(r#"{"timestamp":"2018-05-29T10:43:10Z","status":204}"#),
    ),
    (
        "START_TIME with absl's %E3S, as Envoy's default writes it",
        r#"%START_TIME(%Y-%m-%dT%H:%M:%E3SZ)% %RESPONSE_CODE%"#,
        br#"2016-04-15T20:17:00.310Z 204"#,
        Json(r#"{"timestamp":"2016-04-15T20:17:00.310Z","status":204}"#),
    ),
    (
        "headers: truncated, X?Y, response, trailer; gRPC status; the format's \\n",
        r#"[%START_TIME%] %REQ(USER-AGENT):10% "%REQ(X-REAL-IP?X-FORWARDED-FOR)%" %RESP(CONTENT-TYPE)% %TRAILER(GRPC-STATUS)% %GRPC_STATUS%\n"#,
        br#"[2024-03-10T12:00:00.123Z] Mozilla/5. "192.0.2.1" application/grpc 0 OK"#,
        Json(r#"{"timestamp":"2024-03-10T12:00:00.123Z","user_agent":"Mozilla/5.","x_real_ip":"192.0.2.1","response_content_type":"application/grpc","trailer_grpc_status":"0","grpc_status":"OK"}"#),
    ),
    (
        "TLS, ids, hostname, an unknown operator, ENVIRONMENT and DYNAMIC_METADATA",
        r#"[%START_TIME%] %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% %DOWNSTREAM_TLS_VERSION% %DOWNSTREAM_TLS_CIPHER% %CONNECTION_ID% %UPSTREAM_REQUEST_ATTEMPT_COUNT% %HOSTNAME% %UPSTREAM_CONNECTION_ID% "%ENVIRONMENT(POD_NAME)%" %DYNAMIC_METADATA(envoy.filters.http.jwt_authn:sub)%"#,
        br#"[2024-03-10T12:00:00.123Z] 2001:db8::42 TLSv1.3 TLS_AES_128_GCM_SHA256 1234 1 envoy-7d9f8-abcde 77 "web-5f7c9-xyz12" alice"#,
        Json(r#"{"timestamp":"2024-03-10T12:00:00.123Z","host":"2001:db8::42","downstream_tls_version":"TLSv1.3","downstream_tls_cipher":"TLS_AES_128_GCM_SHA256","connection_id":1234,"upstream_request_attempt_count":1,"hostname":"envoy-7d9f8-abcde","upstream_connection_id":"77","environment_pod_name":"web-5f7c9-xyz12","dynamic_metadata_envoy_filters_http_jwt_authn_sub":"alice"}"#),
    ),
    (
        "- for the address without a port, durations and an upstream address",
        r#"[%START_TIME%] %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% %DOWNSTREAM_TLS_VERSION% %REQUEST_DURATION% %RESPONSE_DURATION% %UPSTREAM_REMOTE_ADDRESS%"#,
        br#"[2024-03-10T12:00:00.123Z] - - - - -"#,
        Json(r#"{"timestamp":"2024-03-10T12:00:00.123Z","host":null,"downstream_tls_version":null,"request_duration_ms":null,"response_duration_ms":null,"upstream_remote_address":null,"upstream_remote_port":null}"#),
    ),
    (
        "a port logged twice: the address's port takes Envoy's name",
        r#"%DOWNSTREAM_REMOTE_ADDRESS% %DOWNSTREAM_REMOTE_PORT% %START_TIME%"#,
        br#"[::1]:80 80 2020-11-25T21:26:18.409Z"#,
        Json(r#"{"host":"::1","downstream_remote_port":80,"remote_port":80,"timestamp":"2020-11-25T21:26:18.409Z"}"#),
    ),
    (
        "two start times: the second is text",
        r#"[%START_TIME%] %START_TIME(%s)% %RESPONSE_CODE%"#,
        br#"[2024-03-10T12:00:00.123Z] 1710072000 200"#,
        Json(r#"{"timestamp":"2024-03-10T12:00:00.123Z","start_time":"1710072000","status":200}"#),
    ),
    (
        "error: a four-digit status",
        r#"[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%"#,
        br#"[2024-03-10T12:00:00.123Z] "GET /a HTTP/1.1" 2000"#,
        Error(r#"unexpected text after the last field at column 49: found "0""#),
    ),
    (
        "error: a \" inside a quoted agent cannot be told from its end",
        "envoy",
        br#"[2024-03-10T12:00:00.123Z] "GET /a HTTP/1.1" 200 - 0 10 1 1 "-" "Mozilla "quoted" agent" "-" "a" "-""#,
        Error(r#"expected the format's text after the field at LOG_FORMAT position 217 at column 74: found "\"quoted\" agent\" ...""#),
    ),
    (
        "error: an Apache time where Envoy's stands",
        "envoy",
        br#"[10/Mar/2024:12:00:00 +0000] "GET /a HTTP/1.1" 200 - 0 10 1 1 "-" "-" "-" "a" "-""#,
        Error(r#"invalid time (LOG_FORMAT position 2) at column 2: found "10/Mar/2024:12:0...""#),
    ),
    (
        "error: a word where bytes received stand",
        "envoy",
        br#"[2024-03-10T12:00:00.123Z] "GET /a HTTP/1.1" 200 - x 10 1 1 "-" "-" "-" "a" "-""#,
        Error(r#"invalid number (LOG_FORMAT position 112) at column 52: found "x 10 1 1 \"-\" \"-\"...""#),
    ),
    (
        "error: an istio line read as envoy",
        "envoy",
        br#"[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default"#,
        Error(r#"invalid number (LOG_FORMAT position 112) at column 61: found "via_upstream - \"..." (the line reads as LOG_FORMAT=istio)"#),
    ),
    (
        "error: a port that is not a number",
        r#"%DOWNSTREAM_REMOTE_ADDRESS% %RESPONSE_CODE%"#,
        br#"10.0.0.1:http 200"#,
        Error(r#"invalid number (LOG_FORMAT position 1) at column 10: found "http 200""#),
    ),
    (
        "error: an envoy line cut short",
        "envoy",
        br#"[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226"#,
        Error(r#"expected the format's text after the field at LOG_FORMAT position 142 at column 75: the line ends"#),
    ),
];

#[test]
fn every_row_gives_its_documented_object_or_error() {
    support::rows::check(ROWS);
    let ok_rows = support::rows::objects(ROWS);
    assert!(ok_rows >= 20 && ROWS.len() - ok_rows >= 7, "{ok_rows} Ok rows of {}", ROWS.len());
}

/// The nicknames are the documented format strings, `\n` and all.
#[test]
fn the_nicknames_write_what_their_documented_strings_write() {
    support::rows::same_as_nickname(ROWS, "envoy", ENVOY_AS_DOCUMENTED);
    support::rows::same_as_nickname(ROWS, "istio", ISTIO_AS_DOCUMENTED);
}

/// A format string is told by its operators; what stops the start names the problem.
#[test]
fn a_bad_envoy_format_stops_the_start_naming_the_problem() {
    let cases = [
        ("%REQ(:METHOD", "the % at position 1 opens REQ( and no )% closes it"),
        (
            r#"{"request":"%REQ(:METHOD)% %REQ(:PATH)%"}"#,
            r#"the value of "request" in the JSON format is "%REQ(:METHOD)% %REQ(:PATH)%": firelog reads a JSON format by its keys, each value one command operator alone (use a json: mapping for other values)"#,
        ),
        (
            "[%START_TIME%] % %RESPONSE_CODE%",
            "the % at position 16 does not start a command operator (%NAME% or %NAME(argument)%)",
        ),
        ("%START_TIME% %RESPONSE_CODE", "the % at position 14 starts RESPONSE_CODE and no % closes it"),
        ("%START_TIME% %REQ()%", "%REQ()% at position 14 names no header"),
        (
            "%START_TIME(%s.%5f)% %RESPONSE_CODE%",
            "%START_TIME(%s.%5f)% at position 1 has %5f: firelog reads %f, %3f, %6f, %9f, %E3S, %E6S and %E9S",
        ),
    ];
    for (text, want) in cases {
        match Format::new(text) {
            Err(e) => assert_eq!(e.to_string(), want, "{text}"),
            Ok(_) => panic!("{text} compiled"),
        }
    }
}

/// Istio's and Envoy's lines are told apart by `firelog detect`, and Envoy Gateway's JSON
/// lines are given its dictionary.
#[test]
fn detect_names_istio_and_envoy_for_their_lines() {
    use firelog::access_log::detect::detect;
    let gateway: Vec<Option<&[u8]>> =
        ROWS.iter().filter(|r| r.1 == ENVOY_GATEWAY_JSON).map(|r| Some(r.2)).collect();
    let best = &detect(&gateway).results[0];
    assert_eq!((best.candidate.log_format, best.read), (ENVOY_GATEWAY_JSON, 1));
    for nickname in ["envoy", "istio"] {
        let lines: Vec<Option<&[u8]>> =
            ROWS.iter().filter(|r| r.1 == nickname && matches!(r.3, Json(_))).map(|r| Some(r.2)).collect();
        let detection = detect(&lines);
        let best = &detection.results[0];
        assert_eq!(best.candidate.name, nickname);
        assert!(best.reads_all_whole(lines.len()), "{best:?}");
    }
}

// --- Any Envoy format string: lines written from values read back to those values -------

/// Envoy operators (as a format writes them), each with values a line may hold and the keys
/// and JSON each must come back as: (format text, [(logged, [(key, JSON)])]).
type Operator = (&'static str, &'static [(&'static str, &'static [(&'static str, &'static str)])]);
const OPERATORS: &[Operator] = &[
    ("[%START_TIME%]", &[("[2016-04-15T20:17:00.310Z]", &[("timestamp", r#""2016-04-15T20:17:00.310Z""#)])]),
    ("%START_TIME(%s.%3f)%", &[("1527590590.528", &[("timestamp", r#""2018-05-29T10:43:10.528Z""#)])]),
    (
        r#""%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%""#,
        &[
            (
                r#""GET /a/b?c=1&d=%20 HTTP/1.1""#,
                &[("method", r#""GET""#), ("path", r#""/a/b?c=1&d=%20""#), ("protocol", r#""HTTP/1.1""#)],
            ),
            (r#""- - -""#, &[("method", "null"), ("path", "null"), ("protocol", "null")]),
        ],
    ),
    (
        "%RESPONSE_CODE%",
        &[("200", &[("status", "200")]), ("0", &[("status", "0")]), ("-", &[("status", "null")])],
    ),
    (
        "%RESPONSE_FLAGS%",
        &[("-", &[("response_flags", "null")]), ("UF,URX", &[("response_flags", r#""UF,URX""#)])],
    ),
    (
        "%BYTES_RECEIVED%",
        &[("154", &[("body_bytes_received", "154")]), ("0", &[("body_bytes_received", "0")])],
    ),
    (
        "%BYTES_SENT%",
        &[("135", &[("bytes", "135")]), ("18446744073709551615", &[("bytes", "18446744073709551615")])],
    ),
    ("%DURATION%", &[("226", &[("duration_ms", "226")])]),
    (
        "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%",
        &[("100", &[("upstream_service_time_ms", "100")]), ("-", &[("upstream_service_time_ms", "null")])],
    ),
    (
        r#""%REQ(X-FORWARDED-FOR)%""#,
        &[
            (r#""-""#, &[("x_forwarded_for", "null")]),
            (r#""2001:db8::1, 198.51.100.7""#, &[("x_forwarded_for", r#""2001:db8::1, 198.51.100.7""#)]),
        ],
    ),
    (
        r#""%REQ(USER-AGENT)%""#,
        &[
            (
                r#""Mozilla/5.0 (X11; Linux x86_64)""#,
                &[("user_agent", r#""Mozilla/5.0 (X11; Linux x86_64)""#)],
            ),
            (r#""-""#, &[("user_agent", "null")]),
        ],
    ),
    (r#""%REQ(:AUTHORITY)%""#, &[(r#""httpbin:8000""#, &[("authority", r#""httpbin:8000""#)])]),
    (
        r#""%UPSTREAM_HOST%""#,
        &[
            (r#""10.44.1.27:80""#, &[("upstream_host", r#""10.44.1.27:80""#)]),
            (r#""-""#, &[("upstream_host", "null")]),
        ],
    ),
    (
        "%UPSTREAM_CLUSTER_RAW%",
        &[
            (
                "outbound|8000||httpbin.foo.svc.cluster.local",
                &[("upstream_cluster", r#""outbound|8000||httpbin.foo.svc.cluster.local""#)],
            ),
            ("-", &[("upstream_cluster", "null")]),
        ],
    ),
    (
        "%DOWNSTREAM_REMOTE_ADDRESS%",
        &[
            ("10.44.1.23:46520", &[("host", r#""10.44.1.23""#), ("remote_port", "46520")]),
            ("[2001:db8::7]:51234", &[("host", r#""2001:db8::7""#), ("remote_port", "51234")]),
        ],
    ),
    (
        "%UPSTREAM_LOCAL_ADDRESS%",
        &[
            (
                "10.44.1.23:37652",
                &[("upstream_local_address", r#""10.44.1.23""#), ("upstream_local_port", "37652")],
            ),
            ("-", &[("upstream_local_address", "null"), ("upstream_local_port", "null")]),
        ],
    ),
    (
        r#""%UPSTREAM_TRANSPORT_FAILURE_REASON%""#,
        &[
            (
                r#""TLS error: 268435581:SSL routines""#,
                &[("upstream_transport_failure_reason", r#""TLS error: 268435581:SSL routines""#)],
            ),
            (r#""-""#, &[("upstream_transport_failure_reason", "null")]),
        ],
    ),
    (
        "%REQUESTED_SERVER_NAME%",
        &[
            ("-", &[("requested_server_name", "null")]),
            ("outbound_.8000_._.httpbin", &[("requested_server_name", r#""outbound_.8000_._.httpbin""#)]),
        ],
    ),
    ("%ROUTE_NAME%", &[("default", &[("route_name", r#""default""#)])]),
    ("%CONNECTION_ID%", &[("1234", &[("connection_id", "1234")])]),
    (
        "%DOWNSTREAM_TLS_VERSION%",
        &[
            ("TLSv1.3", &[("downstream_tls_version", r#""TLSv1.3""#)]),
            ("-", &[("downstream_tls_version", "null")]),
        ],
    ),
    ("%TRAILER(GRPC-STATUS)%", &[("0", &[("trailer_grpc_status", r#""0""#)])]),
    ("%ENVIRONMENT(POD_NAME)%", &[("web-5f7c9", &[("environment_pod_name", r#""web-5f7c9""#)])]),
];
const SEPARATORS: &[&str] = &[" ", " | ", "\t", " - "];

/// An Envoy format of distinct operators, a line written for it, and the object it must read
/// back as, in order.
fn envoy_format_and_line() -> impl proptest::strategy::Strategy<Value = (String, Vec<u8>, String)> {
    use proptest::prelude::*;
    (
        proptest::sample::subsequence(OPERATORS, 1..12).prop_shuffle(),
        proptest::collection::vec(
            (any::<proptest::sample::Index>(), proptest::sample::select(SEPARATORS)),
            12,
        ),
    )
        .prop_map(|(operators, picks)| {
            let (mut format, mut line, mut want) = (String::new(), String::new(), Vec::new());
            let mut time_seen = false;
            for (i, ((operator, values), (pick, sep))) in operators.iter().zip(picks).enumerate() {
                if i > 0 {
                    format.push_str(sep);
                    line.push_str(sep);
                }
                let (logged, keys) = values[pick.index(values.len())];
                format.push_str(operator);
                line.push_str(logged);
                if keys[0].0 == "timestamp" && time_seen {
                    // A second start time is written as logged, under `start_time`.
                    let inner = logged.trim_matches(['[', ']']);
                    want.push(format!(r#""start_time":{}"#, serde_json::to_string(inner).unwrap()));
                    continue;
                }
                time_seen |= keys[0].0 == "timestamp";
                want.extend(keys.iter().map(|(k, v)| format!(r#""{k}":{v}"#)));
            }
            // Istio and Envoy end their formats with a newline, which a line does not have.
            format.push_str("\\n");
            (format, line.into_bytes(), format!("{{{}}}", want.join(",")))
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

    #[test]
    fn any_envoy_format_reads_its_lines_back_to_their_values((text, line, want) in envoy_format_and_line()) {
        let format = Format::new(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{text}: {e}")))?;
        let got = json(&format, &line).map_err(|e| {
            proptest::test_runner::TestCaseError::fail(format!("{text}: {e}: {}", String::from_utf8_lossy(&line)))
        })?;
        proptest::prop_assert_eq!(got, want, "{}\n{}", text, String::from_utf8_lossy(&line));
    }
}
