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

#[test]
fn traefik_jsons_service_url_object_is_read_by_its_parts() {
    // After Elastic's Traefik pipeline test lines (Traefik 2+ behind Kubernetes): ServiceURL
    // is Go's url.URL; an IPv6 client.
    let line = r#"{"ClientAddr":"[2001:db8::5]:41000","ClientHost":"2001:db8::5","ClientPort":"41000","ClientUsername":"-","DownstreamContentSize":88,"DownstreamStatus":200,"Duration":59518533,"OriginContentSize":88,"OriginDuration":59428568,"OriginStatus":200,"Overhead":89965,"RequestAddr":"api.example.com","RequestContentSize":0,"RequestCount":75,"RequestHost":"api.example.com","RequestMethod":"GET","RequestPath":"/v1/items?page=2","RequestPort":"-","RequestProtocol":"HTTP/2.0","RequestScheme":"https","RetryAttempts":0,"RouterName":"api@kubernetes","ServiceAddr":"10.1.25.243:80","ServiceName":"api-80@kubernetes","ServiceURL":{"Scheme":"http","Opaque":"","User":null,"Host":"10.1.25.243:80","Path":"/items","RawPath":"","OmitHost":false,"ForceQuery":false,"RawQuery":"page=2","Fragment":"","RawFragment":""},"StartLocal":"2024-02-09T12:53:32.609696286+01:00","StartUTC":"2024-02-09T11:53:32.609696286Z","entryPointName":"websecure","level":"info","msg":"","time":"2024-02-09T12:53:32+01:00"}"#;
    let want = r#"{"client_addr":"[2001:db8::5]:41000","host":"2001:db8::5","remote_port":41000,"user":null,"bytes":88,"status":200,"duration_ns":59518533,"origin_content_size":88,"origin_duration_ns":59428568,"origin_status":200,"overhead_ns":89965,"request_addr":"api.example.com","body_bytes_received":0,"request_count":75,"server_name":"api.example.com","method":"GET","path":"/v1/items?page=2","request_port":null,"protocol":"HTTP/2.0","scheme":"https","retry_attempts":0,"router_name":"api@kubernetes","service_addr":"10.1.25.243:80","service_name":"api-80@kubernetes","service_url":null,"service_url_scheme":"http","service_url_path":"/items","start_local":"2024-02-09T12:53:32.609696286+01:00","timestamp":"2024-02-09T11:53:32.609696286Z","gzip_ratio":null,"tls_version":null,"tls_cipher":null,"tls_client_subject":null,"user_agent":null,"referer":null,"level":"info","msg":"","time":"2024-02-09T12:53:32+01:00"}"#;
    assert_eq!(json(&format("traefik_json"), line.as_bytes()), Ok(want.to_string()));
}
