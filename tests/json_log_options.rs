//! JSON logs as their servers' options write them, beside the defaults that
//! `tests/json_logs.rs` holds: each row a line written after a documented example with one
//! option changed, and the exact object (or error) it gives.

mod support;

use support::rows::json;
use support::settings::format;

/// A Caddy access line (after caddyserver.com/docs/logging's) with `TS` where `ts` goes.
const CADDY: &str = r#"{"level":"info","ts":TS,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"2001:db8::9","remote_port":"50312","client_ip":"2001:db8::9","proto":"HTTP/3.0","method":"POST","host":"shop.example.com","uri":"/cart?item=7","headers":{"User-Agent":["Mozilla/5.0"],"Referer":["https://shop.example.com/"]}},"bytes_read":42,"user_id":"","duration":0.0123,"size":0,"status":201,"resp_headers":{"Content-Type":["application/json"]}}"#;

/// Its object with `TIME` where `timestamp` goes.
const CADDY_OBJECT: &str = r#"{"level":"info","timestamp":"TIME","logger":"http.log.access.log0","msg":"handled request","host":"2001:db8::9","remote_port":50312,"client_ip":"2001:db8::9","protocol":"HTTP/3.0","method":"POST","server_name":"shop.example.com","path":"/cart?item=7","user_agent":"Mozilla/5.0","referer":"https://shop.example.com/","tls_resumed":null,"tls_version":null,"tls_cipher_suite":null,"tls_proto":null,"ssl_server_name":null,"body_bytes_received":42,"user":"","duration_s":0.0123,"bytes":0,"status":201,"response_content_type":"application/json"}"#;

#[test]
fn caddy_reads_each_time_format_with_a_zone() {
    // (Caddy's `time_format`, `ts` as it writes it, the timestamp or the error)
    let rows: &[(&str, &str, Result<&str, &str>)] = &[
        ("unix_seconds_float (the default)", "1709280000.25", Ok("2024-03-01T08:00:00.250Z")),
        ("unix_milli_float", "1709280000250.5", Ok("2024-03-01T08:00:00.250500Z")),
        ("unix_nano", "1709280000250000000", Ok("2024-03-01T08:00:00.250Z")),
        ("iso8601, time_local", r#""2024-03-01T09:00:00.250+0100""#, Ok("2024-03-01T08:00:00.250Z")),
        ("iso8601", r#""2024-03-01T08:00:00.250Z""#, Ok("2024-03-01T08:00:00.250Z")),
        ("rfc3339", r#""2024-03-01T08:00:00Z""#, Ok("2024-03-01T08:00:00Z")),
        ("rfc3339_nano", r#""2024-03-01T08:00:00.25Z""#, Ok("2024-03-01T08:00:00.250Z")),
        ("common_log", r#""01/Mar/2024:09:00:00 +0100""#, Ok("2024-03-01T08:00:00Z")),
        (
            "wall_milli: no zone, not read",
            r#""2024/03/01 08:00:00.250""#,
            Err(r#"invalid time (LOG_FORMAT position 2) at column 23: found "2024/03/01 08:00...""#),
        ),
    ];
    let caddy = format("caddy");
    for (option, ts, want) in rows {
        let line = CADDY.replace("TS", ts);
        let want = want.map(|time| CADDY_OBJECT.replace("TIME", time)).map_err(str::to_string);
        assert_eq!(json(&caddy, line.as_bytes()), want, "time_format {option}");
    }
}

/// What one line writes through the per-line path (where envelopes are opened), or its error.
fn through_the_line_path(format: &str, line: &str) -> Result<String, String> {
    let vars = [("LOG_FORMAT", format)];
    let transformer = support::settings::from_pairs(&vars).unwrap().transformer();
    let mut out = Vec::new();
    let result = transformer.with_response_budget(usize::MAX).line(line.as_bytes(), 1, &mut out);
    result.map(|_| String::from_utf8(out).unwrap().trim_end().to_string()).map_err(|e| e.to_string())
}

#[test]
fn a_docker_envelopes_time_beside_a_json_line_whose_time_is_also_time() {
    // After Fluent Bit's kubernetes test data: Docker's json-file around Istio's JSON line;
    // the mapping's time key is Docker's too, and the envelope has no status.
    let format = "json:timestamp=time,host=sourceIp,protocol=protocol,bytes=sentBytes,received_bytes:integer=receivedBytes";
    let rows: &[(&str, &str, Result<&str, &str>)] = &[
        (
            "the envelope is opened: the line inside reads",
            r#"{"log":"{\"level\":\"info\",\"time\":\"2018-09-21T02:56:05.979833Z\",\"protocol\":\"tcp\",\"receivedBytes\":432,\"sentBytes\":424,\"sourceIp\":\"10.244.1.131\"}\n","stream":"stdout","time":"2018-09-21T02:56:06.978292233Z"}"#,
            Ok(
                r#"{"timestamp":"2018-09-21T02:56:05.979833Z","host":"10.244.1.131","protocol":"tcp","bytes":424,"received_bytes":432,"envelope":{"stream":"stdout","time":"2018-09-21T02:56:06.978292233Z"}}"#,
            ),
        ),
        (
            "an IPv6 client inside, the envelope's time and stream kept",
            r#"{"time":"2018-09-21T02:56:05Z","log":"{\"time\":\"2018-09-21T02:56:04Z\",\"sourceIp\":\"2001:db8::3\",\"sentBytes\":\"-\"}","stream":"stderr"}"#,
            Ok(
                r#"{"timestamp":"2018-09-21T02:56:04Z","host":"2001:db8::3","protocol":null,"bytes":null,"received_bytes":null,"envelope":{"time":"2018-09-21T02:56:05Z","stream":"stderr"}}"#,
            ),
        ),
        (
            "a line of the log itself whose message is no line: written as read, with its time",
            r#"{"time":"2018-09-21T02:56:05Z","message":"connection closed","sourceIp":"10.244.1.131"}"#,
            Ok(
                r#"{"timestamp":"2018-09-21T02:56:05Z","host":"10.244.1.131","protocol":null,"bytes":null,"received_bytes":null}"#,
            ),
        ),
        (
            "without a time either: the message is the line, and it fails",
            r#"{"message":"connection closed","sourceIp":"10.244.1.131"}"#,
            Err(
                r#"line 1: not a JSON object, expected '{' (a line is one JSON object) at column 1: found "connection close...""#,
            ),
        ),
    ];
    for (what, line, want) in rows {
        let want = want.map(str::to_string).map_err(str::to_string);
        assert_eq!(through_the_line_path(format, line), want, "{what}");
    }
}
