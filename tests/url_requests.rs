//! A request line whose target is a whole URL (ALB's and Classic ELB's `"request"`):
//! AWS writes the method, the URL and the version as the client sent them, with a space
//! between, and keeps a raw space inside the URL and one after the version. The method is
//! the text before the first space, the protocol the text after the last; a line that
//! ends in a space has no protocol, and no path when the URL part has a space of its own
//! (a URL may hold one, so where it ends is not known: nothing is guessed). Found
//! comparing other parsers' ALB test lines (s34): `GET http://host:80/ HTTP/1.0 ` wrote
//! the path `/ HTTP/1.0`.

mod support;

use firelog::access_log::split_url_request;
use support::rows::Want::Json;
use support::rows::{Row, check};

type Split = [Option<&'static str>; 3];

/// (request line, method, path, protocol)
const SPLITS: &[(&str, Split)] = &[
    ("GET http://example.net:80/a HTTP/1.1", [Some("GET"), Some("/a"), Some("HTTP/1.1")]),
    ("GET https://example.net:443/a b?c=d HTTP/1.1", [Some("GET"), Some("/a b?c=d"), Some("HTTP/1.1")]),
    ("GET http://example.net:80/a HTTP/1.0 ", [Some("GET"), None, None]),
    ("GET http://example.net:80/a b ", [Some("GET"), None, None]),
    ("GET http://example.net:80/a ", [Some("GET"), Some("/a"), None]),
    ("GET http://[2001:db8::5]:80/a?b=1 HTTP/2.0", [Some("GET"), Some("/a?b=1"), Some("HTTP/2.0")]),
    ("- http://example.net:80- -", [None, None, None]),
    ("GET http://example.net:80- -", [Some("GET"), None, None]),
];

#[test]
fn a_url_request_splits_at_its_first_and_last_space_and_guesses_no_end_for_the_url() {
    let mut wrong = Vec::new();
    for (line, want) in SPLITS {
        let got =
            split_url_request(line.as_bytes()).map(|p| p.map(|b| String::from_utf8_lossy(b).into_owned()));
        let want = want.map(|p| p.map(str::to_string));
        if got != want {
            wrong.push(format!("{line:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Whole ALB lines of our own: the version with a space after it (ALB's classification
/// `NonCompliantVersion`), a URL then a space and no version (an IPv6 client, the
/// request not dispatched: `-1` timings), and a raw space inside the URL.
const ROWS: &[Row] = &[
    (
        "alb: a space after the version: no path, no protocol",
        "alb",
        br#"http 2024-03-01T10:00:00.123456Z app/my-lb/1a2b3c4d5e6f7a8b 192.0.2.10:51000 10.0.0.5:80 0.001 0.002 0.000 400 400 57 312 "GET http://example.net:80/a HTTP/1.0 " "-" - - arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg/0a1b2c3d4e5f6a7b "Root=1-65e1a6c0-0123456789abcdef01234567" "-" "-" 0 2024-03-01T10:00:00.120000Z "forward" "-" "-" "10.0.0.5:80" "400" "Acceptable" "NonCompliantVersion""#,
        Json(r#"{"type":"http","timestamp":"2024-03-01T10:00:00.123456Z","elb":"app/my-lb/1a2b3c4d5e6f7a8b","host":"192.0.2.10","client_port":51000,"target":"10.0.0.5","target_port":80,"request_processing_time":0.001,"target_processing_time":0.002,"response_processing_time":0.000,"status":400,"target_status_code":400,"received_bytes":57,"bytes":312,"method":"GET","path":null,"protocol":null,"request":"GET http://example.net:80/a HTTP/1.0 ","user_agent":null,"ssl_cipher":null,"ssl_protocol":null,"target_group_arn":"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg/0a1b2c3d4e5f6a7b","trace_id":"Root=1-65e1a6c0-0123456789abcdef01234567","domain_name":null,"chosen_cert_arn":null,"matched_rule_priority":"0","request_creation_time":"2024-03-01T10:00:00.120000Z","actions_executed":"forward","redirect_url":null,"error_reason":null,"target_port_list":"10.0.0.5:80","target_status_code_list":"400","classification":"Acceptable","classification_reason":"NonCompliantVersion","conn_trace_id":null,"transformed_host":null,"transformed_uri":null,"request_transform_status":null}"#),
    ),
    (
        "alb: a URL, a space, no version: the path, no protocol",
        "alb",
        br#"http 2024-03-01T10:00:01.000001Z app/my-lb/1a2b3c4d5e6f7a8b [2001:db8::10]:51001 - -1 -1 -1 400 - 40 250 "GET http://example.net:80/a " "-" - - - "-" "-" "-" - 2024-03-01T10:00:00.990000Z "-" "-" "-" "-" "-" "-" "-""#,
        Json(r#"{"type":"http","timestamp":"2024-03-01T10:00:01.000001Z","elb":"app/my-lb/1a2b3c4d5e6f7a8b","host":"2001:db8::10","client_port":51001,"target":null,"target_port":null,"request_processing_time":null,"target_processing_time":null,"response_processing_time":null,"status":400,"target_status_code":null,"received_bytes":40,"bytes":250,"method":"GET","path":"/a","protocol":null,"request":"GET http://example.net:80/a ","user_agent":null,"ssl_cipher":null,"ssl_protocol":null,"target_group_arn":null,"trace_id":null,"domain_name":null,"chosen_cert_arn":null,"matched_rule_priority":null,"request_creation_time":"2024-03-01T10:00:00.990000Z","actions_executed":null,"redirect_url":null,"error_reason":null,"target_port_list":null,"target_status_code_list":null,"classification":null,"classification_reason":null,"conn_trace_id":null,"transformed_host":null,"transformed_uri":null,"request_transform_status":null}"#),
    ),
    (
        "alb: a raw space inside the URL: the path holds it",
        "alb",
        br#"https 2024-03-01T10:00:02.500000Z app/my-lb/1a2b3c4d5e6f7a8b 192.0.2.11:51002 10.0.0.5:80 0.000 0.004 0.000 200 200 90 1200 "GET https://example.net:443/a b?c=d HTTP/1.1" "curl/8.5.0" TLS_AES_128_GCM_SHA256 TLSv1.3 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg/0a1b2c3d4e5f6a7b "Root=1-65e1a6c2-0123456789abcdef01234567" "example.net" "arn:aws:acm:eu-west-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef" 1 2024-03-01T10:00:02.495000Z "forward" "-" "-" "10.0.0.5:80" "200" "-" "-""#,
        Json(r#"{"type":"https","timestamp":"2024-03-01T10:00:02.500000Z","elb":"app/my-lb/1a2b3c4d5e6f7a8b","host":"192.0.2.11","client_port":51002,"target":"10.0.0.5","target_port":80,"request_processing_time":0.000,"target_processing_time":0.004,"response_processing_time":0.000,"status":200,"target_status_code":200,"received_bytes":90,"bytes":1200,"method":"GET","path":"/a b?c=d","protocol":"HTTP/1.1","request":"GET https://example.net:443/a b?c=d HTTP/1.1","user_agent":"curl/8.5.0","ssl_cipher":"TLS_AES_128_GCM_SHA256","ssl_protocol":"TLSv1.3","target_group_arn":"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg/0a1b2c3d4e5f6a7b","trace_id":"Root=1-65e1a6c2-0123456789abcdef01234567","domain_name":"example.net","chosen_cert_arn":"arn:aws:acm:eu-west-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef","matched_rule_priority":"1","request_creation_time":"2024-03-01T10:00:02.495000Z","actions_executed":"forward","redirect_url":null,"error_reason":null,"target_port_list":"10.0.0.5:80","target_status_code_list":"200","classification":null,"classification_reason":null,"conn_trace_id":null,"transformed_host":null,"transformed_uri":null,"request_transform_status":null}"#),
    ),
];

#[test]
fn alb_lines_write_their_request_as_logged_and_split_it_without_guessing() {
    check(ROWS);
}
