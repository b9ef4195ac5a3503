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
