//! Shippers' envelopes (`{"log":...}`, `{"message":...}`) around each nickname's lines:
//! the exact object each writes, through the per-line path the Lambda and `firelog parse`
//! share; an envelope whose line fails, under both `ON_BAD_LINE`s; JSON that is no
//! envelope; and the names and columns `SCHEMA` and `ICEBERG_TABLE` give the fields.

mod support;

use firelog::Transformer;
use support::{b64, cloudwatch, settings, testdata};

/// (LOG_FORMAT, a line, the object it writes alone)
const LINES: &[(&str, &str, &str)] = &[
    (
        "combined",
        r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#,
        r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":"http://www.example.com/start.html","user_agent":"Mozilla/4.08 [en] (Win98; I ;Nav)"}"#,
    ),
    (
        "common",
        r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#,
        r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":null,"user_agent":null}"#,
    ),
    (
        "nginx_main",
        r#"203.0.113.45 - - [14/Apr/2024:06:12:01 +0200] "GET / HTTP/1.1" 200 3567 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36" "-""#,
        r#"{"host":"203.0.113.45","ident":null,"user":null,"timestamp":"2024-04-14T04:12:01Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":3567,"referer":null,"user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36","x_forwarded_for":null}"#,
    ),
    (
        "vhost_combined",
        r#"localhost:80 ::1 - - [22/Nov/2026:01:02:03 +0000] "GET / HTTP/1.1" 200 11173 "-" "curl/7.88.1""#,
        r#"{"vhost":"localhost","port":80,"host":"::1","ident":null,"user":null,"timestamp":"2026-11-22T01:02:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes_sent":11173,"referer":null,"user_agent":"curl/7.88.1"}"#,
    ),
    (
        "ingress_nginx",
        r#"10.244.1.1 - - [12/Mar/2024:08:30:15 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29" 112 0.002 [shop-frontend-80] [] 10.244.2.17:8080 2 0.002 200 7f3c9a1e0b2d4c6e8f90a1b2c3d4e5f6"#,
        r#"{"host":"10.244.1.1","ident":null,"user":null,"timestamp":"2024-03-12T08:30:15Z","method":"GET","path":"/healthz","protocol":"HTTP/1.1","request":"GET /healthz HTTP/1.1","status":200,"bytes":2,"referer":null,"user_agent":"kube-probe/1.29","bytes_received":112,"request_time":0.002,"proxy_upstream_name":"shop-frontend-80","proxy_alternative_upstream_name":"","upstream_addr":"10.244.2.17:8080","upstream_response_length":"2","upstream_response_time":"0.002","upstream_status":"200","req_id":"7f3c9a1e0b2d4c6e8f90a1b2c3d4e5f6"}"#,
    ),
];

/// (shipper, its record with `LINE` where the line goes as a JSON string, the
/// `envelope` object it writes). `LINE_NL` is the line with its `\n`.
const ENVELOPES: &[(&str, &str, &str)] = &[
    (
        "FireLens (Fluent Bit, no log_key): the ECS metadata",
        r#"{"container_id":"5f6a8b2c9d1e","container_name":"/ecs-web-1-app-8ad5e6c7","ecs_cluster":"web","ecs_task_arn":"arn:aws:ecs:us-east-1:123456789012:task/web/0a1b2c3d4e5f67890a1b2c3d4e5f6789","ecs_task_definition":"web:7","log":LINE,"source":"stdout"}"#,
        r#"{"container_id":"5f6a8b2c9d1e","container_name":"/ecs-web-1-app-8ad5e6c7","ecs_cluster":"web","ecs_task_arn":"arn:aws:ecs:us-east-1:123456789012:task/web/0a1b2c3d4e5f67890a1b2c3d4e5f6789","ecs_task_definition":"web:7","source":"stdout"}"#,
    ),
    (
        "FireLens on EC2, the line's newline kept, ec2_instance_id",
        r#"{"source":"stdout","log":LINE_NL,"container_id":"5f6a8b2c9d1e","container_name":"app","ec2_instance_id":"i-0123456789abcdef0","ecs_cluster":"web"}"#,
        r#"{"source":"stdout","container_id":"5f6a8b2c9d1e","container_name":"app","ec2_instance_id":"i-0123456789abcdef0","ecs_cluster":"web"}"#,
    ),
    ("Fluent Bit's tail input: only the line, no other field", r#"{"log":LINE}"#, "null"),
    (
        "Docker json-file: the newline kept, stream and time",
        r#"{"log":LINE_NL,"stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}"#,
        r#"{"stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}"#,
    ),
    (
        "Vector: message, with numbers, booleans and null as strings; nested values left out",
        r#"{"message":LINE,"host":"web-1","source_type":"file","file":"/var/log/access.log","offset":1024,"tailed":true,"pod":null,"labels":{"app":"web"},"tags":["a"],"timestamp":"2024-01-15T10:30:00.123456Z"}"#,
        r#"{"host":"web-1","source_type":"file","file":"/var/log/access.log","offset":"1024","tailed":"true","pod":null,"timestamp":"2024-01-15T10:30:00.123456Z"}"#,
    ),
    (
        "the CloudWatch agent's JSON: message and its own names",
        r#"{"message":LINE_NL,"log_group_name":"web","log_stream_name":"i-0123456789abcdef0","timestamp":1705314600123}"#,
        r#"{"log_group_name":"web","log_stream_name":"i-0123456789abcdef0","timestamp":"1705314600123"}"#,
    ),
];

/// The transformer `vars` set up.
fn transformer(vars: &[(&str, &str)]) -> Transformer {
    settings::from_pairs(vars).unwrap().transformer().with_response_budget(usize::MAX)
}

/// What one line writes through the per-line path, and whether it parsed.
fn write(vars: &[(&str, &str)], line: &str) -> (String, bool) {
    let mut out = Vec::new();
    let parsed = transformer(vars).line(line.as_bytes(), 1, &mut out).is_ok();
    (String::from_utf8(out).unwrap(), parsed)
}

/// `record` with its `LINE` (and `LINE_NL`) replaced by `line` as a JSON string.
fn around(record: &str, line: &str) -> String {
    let string = |s: &str| serde_json::to_string(s).unwrap();
    record.replace("LINE_NL", &string(&format!("{line}\n"))).replace("LINE", &string(line))
}

/// `object` with `,"key":value` as its last member.
fn with(object: &str, key: &str, value: &str) -> String {
    format!("{},\"{key}\":{value}}}\n", object.strip_suffix('}').unwrap())
}

#[test]
fn an_envelope_around_each_nicknames_line_writes_its_object_and_the_fields() {
    for (format, line, object) in LINES {
        let vars = [("LOG_FORMAT", *format)];
        assert_eq!(write(&vars, line), (format!("{object}\n"), true), "{format}: the line alone");
        for (shipper, record, fields) in ENVELOPES {
            let record = around(record, line);
            assert_eq!(
                write(&vars, &record),
                (with(object, "envelope", fields), true),
                "{format}, {shipper}"
            );
        }
    }
}

#[test]
fn firelens_around_combined_exactly() {
    let record = around(ENVELOPES[0].1, LINES[0].1);
    assert_eq!(
        write(&[], &record).0,
        concat!(
            r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":"http://www.example.com/start.html","user_agent":"Mozilla/4.08 [en] (Win98; I ;Nav)","#,
            r#""envelope":{"container_id":"5f6a8b2c9d1e","container_name":"/ecs-web-1-app-8ad5e6c7","ecs_cluster":"web","ecs_task_arn":"arn:aws:ecs:us-east-1:123456789012:task/web/0a1b2c3d4e5f67890a1b2c3d4e5f6789","ecs_task_definition":"web:7","source":"stdout"}}"#,
            "\n"
        )
    );
}

/// The record of an event's one record: its result and its data, decoded.
fn run(vars: &[(&str, &str)], data: &[u8]) -> (String, Vec<u8>) {
    let (response, _) = transformer(vars).event(&testdata::event(&[data])).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&response).unwrap();
    let r = &v["records"][0];
    (r["result"].as_str().unwrap().to_string(), b64::decode(r["data"].as_str().unwrap()))
}

#[test]
fn an_envelope_whose_line_fails_fails_its_record_byte_for_byte_or_is_kept_whole() {
    let record = r#"{"log":"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" two 5\n","stream":"stdout"}"#;
    let data = format!("{record}\n");
    assert_eq!(run(&[], data.as_bytes()), ("ProcessingFailed".to_string(), data.clone().into_bytes()));
    // Kept as it came, the whole envelope; the reason is the inner line's (its column too).
    let (result, out) = run(&[("ON_BAD_LINE", "keep")], data.as_bytes());
    assert_eq!(result, "Ok");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{"unparsed_line":"{\"log\":\"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \\\"GET / HTTP/1.0\\\" two 5\\n\",\"stream\":\"stdout\"}","parse_error":"line 1: invalid status (%>s) at column 60: found \" two 5\""}"#
            .to_string()
            + "\n"
    );
}

#[test]
fn json_that_is_no_envelope_fails_as_the_line_it_is() {
    let keep = [("ON_BAD_LINE", "keep")];
    for line in [
        // No `log` or `message`.
        r#"{"msg":"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5"}"#,
        // `log` is not a string.
        r#"{"log":200,"stream":"stdout"}"#,
        // Not one JSON object.
        r#"{"log":"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5""#,
        r#"{"log":"x"} trailing"#,
    ] {
        let (out, parsed) = write(&keep, line);
        assert!(!parsed, "{line}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["unparsed_line"], line, "{line}");
        assert!(v.get("envelope").is_none(), "{line}");
    }
}

#[test]
fn a_json_formats_own_lines_are_never_taken_for_envelopes() {
    let vars = [("LOG_FORMAT", r#"{"log":"%h","message":"%r","status":%>s}"#)];
    let line = r#"{"log":"127.0.0.1","message":"GET / HTTP/1.0","status":200}"#;
    assert_eq!(
        write(&vars, line),
        (
            r#"{"host":"127.0.0.1","method":"GET","path":"/","protocol":"HTTP/1.0","request":"GET / HTTP/1.0","status":200}"#
                .to_string()
                + "\n",
            true
        )
    );
}

#[test]
fn each_profile_names_the_fields() {
    let record = around(ENVELOPES[3].1, LINES[1].1);
    let vars = [("LOG_FORMAT", "common"), ("SCHEMA", "ecs")];
    assert_eq!(
        write(&vars, &record).0,
        r#"{"source":{"address":"127.0.0.1"},"apache":{"access":{"identity":null,"request":"GET /apache_pb.gif HTTP/1.0"}},"user":{"name":"frank"},"@timestamp":"2000-10-10T20:55:36Z","http":{"request":{"method":"GET","referrer":null},"version":"1.0","response":{"status_code":200,"body":{"bytes":2326}}},"url":{"original":"/apache_pb.gif","path":"/apache_pb.gif","query":null},"user_agent":{"original":null},"labels":{"stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}}"#
            .to_string()
            + "\n"
    );
    let vars = [("LOG_FORMAT", "common"), ("SCHEMA", "otel")];
    assert_eq!(
        write(&vars, &record).0,
        r#"{"client.address":"127.0.0.1","apache.ident":null,"user.name":"frank","timestamp":"2000-10-10T20:55:36Z","http.request.method":"GET","url.path":"/apache_pb.gif","url.query":null,"network.protocol.version":"1.0","apache.request":"GET /apache_pb.gif HTTP/1.0","http.response.status_code":200,"http.response.body.size":2326,"http.request.header.referer":null,"user_agent.original":null,"apache.envelope":{"stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}}"#
            .to_string()
            + "\n"
    );
}

#[test]
fn an_iceberg_row_has_the_envelope_column_null_without_one() {
    let vars = [("LOG_FORMAT", "common"), ("ICEBERG_DATABASE", "web"), ("ICEBERG_TABLE", "access")];
    let (line, object) = (LINES[1].1, LINES[1].2);
    // Every enrichment key is a column of an Iceberg table, null while its setting is off.
    let enrichment = r#""client_ip":null,"geo_country_code":null,"geo_country_name":null,"geo_city":null,"geo_latitude":null,"geo_longitude":null,"as_number":null,"as_organization":null,"ua_browser":null,"ua_browser_version":null,"ua_os":null,"ua_os_version":null,"ua_device":null,"ua_bot":null"#;
    let object = format!("{},{enrichment}}}", object.strip_suffix('}').unwrap());
    let every = with(&object, "log_group", "null");
    let every = with(every.trim_end(), "log_stream", "null");
    assert_eq!(write(&vars, line).0, with(every.trim_end(), "envelope", "null"));
    let record = around(ENVELOPES[3].1, line);
    assert_eq!(write(&vars, &record).0, with(every.trim_end(), "envelope", ENVELOPES[3].2));
}

#[test]
fn a_cloudwatch_logs_envelope_writes_its_fields_after_the_group_and_stream() {
    let record = around(ENVELOPES[3].1, LINES[1].1);
    let data = cloudwatch::gzip(&cloudwatch::message("DATA_MESSAGE", "web", "app/1", &[record.as_bytes()]));
    let (result, out) = run(&[("LOG_FORMAT", "common")], &data);
    assert_eq!(result, "Ok");
    let object = with(LINES[1].2, "log_group", "\"web\"");
    let object = with(object.trim_end(), "log_stream", "\"app/1\"");
    assert_eq!(String::from_utf8(out).unwrap(), with(object.trim_end(), "envelope", ENVELOPES[3].2));
}

#[test]
fn fluent_bits_log_key_line_escaped_is_no_envelope_and_still_fails() {
    // `log_key log` sends the value JSON-escaped without its outer quotes
    // (docs/ingest.md, Fluent Bit escapes the line).
    let line = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"#;
    let (out, parsed) = write(&[("ON_BAD_LINE", "keep")], line);
    assert!(!parsed);
    assert_eq!(
        out,
        r#"{"unparsed_line":"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \\\"GET /apache_pb.gif HTTP/1.0\\\" 200 2326","parse_error":"line 1: invalid request (\"%r\") at column 47: found \" \\\\\\\"GET /apache_p...\""}"#
            .to_string()
            + "\n"
    );
}
