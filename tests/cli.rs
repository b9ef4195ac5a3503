//! The `firelog` CLI: exit statuses, messages and output, exactly.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use support::{root, testdata};

fn firelog(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firelog"));
    cmd.args(args).current_dir(root());
    for variable in firelog::settings::VARIABLES {
        cmd.env_remove(variable.name);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("firelog runs");
    let mut input = child.stdin.take().unwrap();
    // A firelog that stops at start-up (a bad setting) may exit before it reads: its
    // closed input is what such a test expects, not a failure to feed it.
    if let Err(e) = input.write_all(stdin.unwrap_or_default()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "firelog's input: {e}");
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn invoke_prints_exactly_the_lambda_response() {
    let want = std::fs::read(root().join("testdata/events/sample.expected.json")).unwrap();
    let out = firelog(&["invoke", "testdata/events/sample.json"], None, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), text(&want));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn parse_reads_a_custom_format_and_leaves_out_dropped_lines() {
    let vars = [("LOG_FORMAT", "vhost_combined"), ("DROP_PATHS", "/health"), ("DROP_STATUS", "4xx")];
    let out = firelog(&["parse", "testdata/lines/vhost_combined.log"], None, &vars);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let vhosts: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["vhost"].as_str().unwrap().to_string())
        .collect();
    // Of five lines, /health and the 400 are left out.
    assert_eq!(vhosts, ["localhost", "127.0.1.1", "www.example.com"]);
}

/// Enrichment through the CLI: the same response as the Lambda's for the enriched
/// fixture, one line through `parse`, and a database that is not there stops the start.
#[test]
fn enrichment_works_through_the_cli() {
    let want = std::fs::read(root().join("testdata/events/enriched.expected.json")).unwrap();
    let vars = testdata::env_file("enriched");
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let out = firelog(
        &["invoke", "testdata/events/enriched.json"],
        None,
        &[&vars[..], &[("METRICS", "off")]].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), text(&want));
    let line = b"10.0.0.1 - - [02/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl/8.5.0\" \"203.0.113.7\"\n";
    let out = firelog(
        &["parse"],
        Some(line),
        &[
            ("LOG_FORMAT", "nginx_main"),
            ("TRUSTED_PROXIES", "10.0.0.0/8"),
            ("GEOIP_DB", "testdata/geo/city.mmdb"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).ends_with(r#""x_forwarded_for":"203.0.113.7","client_ip":"203.0.113.7","geo_country_code":"AU","geo_country_name":"Australia","geo_city":"Sydney","geo_latitude":-33.8688,"geo_longitude":151.2093}
"#), "{}", text(&out.stdout));
    // What the database found is said, as the Lambda's summary line says it.
    assert_eq!(text(&out.stderr), "firelog: GEOIP_DB 1 lookups, 1 hits, 0 unreadable\n");
    let out = firelog(&["parse"], Some(line), &[("GEOIP_DB", "testdata/geo/none.mmdb")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "firelog: GEOIP_DB=\"testdata/geo/none.mmdb\" is not allowed: cannot open testdata/geo/none.mmdb as a MaxMind-format database: i/o error: No such file or directory (os error 2)\n"
    );
    let out = firelog(&["schema", "--glue"], None, &[("PARSE_USER_AGENT", "on")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("ua_bot"), "{}", text(&out.stdout));
}

/// The CLI honours the settings the Lambda reads: a custom format, partition keys and
/// drop rules give the same response as on Lambda.
#[test]
fn invoke_honours_the_format_and_rule_settings() {
    let want = std::fs::read(root().join("testdata/events/vhost_combined.expected.json")).unwrap();
    let vars = testdata::env_file("vhost_combined");
    assert_eq!(vars.len(), 3);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let out = firelog(&["invoke", "testdata/events/vhost_combined.json"], None, &vars);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), text(&want));
}

#[test]
fn invoke_reads_stdin_and_repeats() {
    let event = std::fs::read(root().join("testdata/events/direct_put.json")).unwrap();
    let want = std::fs::read(root().join("testdata/events/direct_put.expected.json")).unwrap();
    let out = firelog(&["invoke", "--repeat", "5", "-"], Some(&event), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), text(&want));
}

#[test]
fn invoke_explain_shows_each_record_on_stderr() {
    let out = firelog(&["invoke", "--explain", "testdata/events/sample.json"], None, &[]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.starts_with("record 1 49546986683135544286507457936321625675700192471156785100: Ok\n    {\"host\":\"127.0.0.1\""), "{err}");
    assert!(err.contains("record 6 49546986683135544286507457936321625675700192471156785105: ProcessingFailed: data is not valid base64\n    data kept as sent:\n        this is not base64!\n"), "{err}");
    assert!(err.ends_with("10 records: 4 Ok, 2 Dropped, 4 ProcessingFailed; response 3602 bytes\n"), "{err}");
}

/// Over the response budget, records that transform `Ok` come back `ProcessingFailed`;
/// `--explain` describes the response as printed, not the records transformed again.
#[test]
fn invoke_explain_describes_the_printed_response_over_the_budget() {
    let out = firelog(
        &["invoke", "--explain", "--response-budget", "3000", "testdata/events/sample.json"],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let response: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results: Vec<&str> =
        response["records"].as_array().unwrap().iter().map(|r| r["result"].as_str().unwrap()).collect();
    assert_eq!(
        results,
        [
            "Ok",
            "ProcessingFailed",
            "Dropped",
            "Dropped",
            "ProcessingFailed",
            "ProcessingFailed",
            "ProcessingFailed",
            "Ok",
            "ProcessingFailed",
            "ProcessingFailed"
        ]
    );
    let err = text(&out.stderr);
    let labels: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("record "))
        .map(|l| l.split(": ").nth(1).unwrap().split(' ').next().unwrap())
        .collect();
    assert_eq!(labels, results, "{err}");
    // Records 2 and 9 transform Ok without a budget (see the test above); here they did
    // not fit, and say so.
    for id in [
        "49546986683135544286507457936321625675700192471156785101",
        "49546986683135544286507457936321625675700192471156785108",
    ] {
        assert!(
            err.contains(&format!("{id}: ProcessingFailed: output did not fit in the response budget\n")),
            "{err}"
        );
    }
    assert!(
        err.ends_with(&format!(
            "10 records: 2 Ok, 2 Dropped, 6 ProcessingFailed; response {} bytes\n",
            out.stdout.len() - 1
        )),
        "{err}"
    );
    assert_eq!(out.stdout.len() - 1, 2830);
}

#[test]
fn invoke_on_an_invalid_event_exits_2_with_one_line() {
    let out = firelog(&["invoke", "-"], Some(b"{\"records\": 3}"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "firelog: event is not a Firehose transformation event: invalid type: integer `3`, expected a sequence at line 1 column 13\n"
    );
    let out = firelog(&["invoke", "no/such/event.json"], None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "firelog: cannot read no/such/event.json: No such file or directory (os error 2)\n"
    );
}

#[test]
fn parse_writes_json_lines_and_reports_bad_lines() {
    let out = firelog(&["parse", "testdata/lines/combined.log"], None, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).lines().count(), 10);
    assert_eq!(text(&out.stderr), "");

    let input = b"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1\n\nbad line\n";
    let out = firelog(&["parse"], Some(input), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "{\"host\":\"127.0.0.1\",\"ident\":null,\"user\":null,\"timestamp\":\"2000-10-10T20:55:36Z\",\"method\":\"GET\",\"path\":\"/\",\"protocol\":\"HTTP/1.0\",\"request\":\"GET / HTTP/1.0\",\"status\":200,\"bytes\":1,\"referer\":null,\"user_agent\":null}\n"
    );
    assert_eq!(text(&out.stderr), "-:3: invalid user (%u) at column 9: the line ends\n");
}

#[test]
fn parse_reports_each_bad_line_of_a_file() {
    // Line 6 is an envelope (`{"message":...}`): its error is its inner line's.
    let out = firelog(&["parse", "testdata/lines/bad.log"], None, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        r#"testdata/lines/bad.log:1: invalid timestamp (%t) at column 13: found " [32/May/2015:10..."
testdata/lines/bad.log:2: invalid timestamp (%t) at column 13: found " [17/Foo/2015:10..."
testdata/lines/bad.log:3: invalid status (%>s) at column 59: found " 20 1 \"-\" \"-\""
testdata/lines/bad.log:4: invalid bytes (%b) at column 63: found " 184467440737095..."
testdata/lines/bad.log:5: invalid user agent ("%{User-Agent}i") at column 110: found " \"Mozilla/5.0 (c..."
testdata/lines/bad.log:6: invalid timestamp (%t) at column 14: found " log"
"#
    );
}

#[test]
fn event_rebuilds_the_direct_put_fixture() {
    let want = std::fs::read(root().join("testdata/events/direct_put.json")).unwrap();
    let out = firelog(&["event", "--arrival-ms", "1763706324000", "testdata/lines/combined.log"], None, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), text(&want));
    assert_eq!(
        text(&out.stderr),
        "firelog event: 10 records, 2871 bytes; 0 lines left out (--max-bytes 1048576)\n"
    );
}

#[test]
fn event_stops_at_max_bytes() {
    let out = firelog(
        &["event", "--arrival-ms", "1", "--max-bytes", "1000", "testdata/lines/combined.log"],
        None,
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.len() <= 1001, "{}", out.stdout.len());
    let event: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(event["records"].as_array().unwrap().len(), 3);
    assert_eq!(
        text(&out.stderr),
        "firelog event: 3 records, 969 bytes; 7 lines left out (--max-bytes 1000)\n"
    );
}

#[test]
fn a_bad_setting_stops_the_start_naming_it() {
    let out = firelog(&["parse"], Some(b""), &[("LOG_FORMAT", "apache")]);
    assert_eq!(out.status.code(), Some(2));
    let allowed = firelog::access_log::LOG_FORMAT.allowed;
    assert_eq!(
        text(&out.stderr),
        format!(
            "firelog: LOG_FORMAT=\"apache\" is not allowed: it is not a nickname firelog knows and has no % directive or $ variable; use {allowed}\n"
        )
    );
}

#[test]
fn help_is_there_for_each_command() {
    for cmd in ["invoke", "parse", "event"] {
        let out = firelog(&[cmd, "--help"], None, &[]);
        assert_eq!(out.status.code(), Some(0));
        assert!(text(&out.stdout).contains("Usage: firelog"), "{cmd}");
    }
}

#[test]
fn detect_prints_the_format_that_reads_every_line() {
    let out = firelog(&["detect", "testdata/lines/vhost_combined.log"], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "       5 of 5 lines  vhost_combined");
    // A line per candidate, then the setting.
    let n = firelog::access_log::detect::CANDIDATES.len();
    assert_eq!(lines.len(), n + 1);
    assert!(lines[1..n].iter().all(|l| l.starts_with("       0 of 5 lines  ")), "{stdout}");
    assert_eq!(lines[n], "LOG_FORMAT='vhost_combined'");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn detect_names_a_json_logs_nickname_or_a_mapping_to_start_from() {
    let out = firelog(&["detect", "testdata/json/traefik_json.log"], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("       2 of 2 lines  traefik_json\n"), "{stdout}");
    assert!(stdout.ends_with("\nLOG_FORMAT='traefik_json'\n"), "{stdout}");
    // `date` and `time` keys alone are any JSON log's, not CloudFront v2's.
    let plain = br#"{"date":"2023-10-04","time":"17:40:08","level":"info","msg":"started"}"#;
    let out = firelog(&["detect", "-"], Some(&plain[..]), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("       0 of 1 lines  "), "{stdout}");
    assert!(!stdout.contains("LOG_FORMAT='cloudfront_json'"), "{stdout}");
    let line = br#"{"time":"2024-05-01T10:00:00Z","req":{"method":"GET","uri":"/a"},"status":200,"tags":["a"],"bad.key":1}"#;
    let out = firelog(&["detect", "-"], Some(&line[..]), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.ends_with(
            "no JSON log firelog knows reads these lines; a mapping of the first line's keys to start from \
             (name the core keys: timestamp, host, method, path, protocol, status, bytes, referer, user_agent):\n\
             LOG_FORMAT='json:time=time,status=status,req_method=req.method,req_uri=req.uri'\n"
        ),
        "{stdout}"
    );
}

#[test]
fn detect_names_the_lines_the_best_format_cannot_read() {
    let out = firelog(&["detect", "testdata/lines/combined.log", "testdata/lines/bad.log"], None, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("      10 of 16 lines  combined\n"), "{stdout}");
    assert!(stdout.ends_with("\nLOG_FORMAT='combined'\n"), "{stdout}");
    assert_eq!(
        text(&out.stderr),
        "firelog detect: 6 of 16 lines do not read as combined: testdata/lines/bad.log:1, \
         testdata/lines/bad.log:2, testdata/lines/bad.log:3, testdata/lines/bad.log:4, \
         testdata/lines/bad.log:5, testdata/lines/bad.log:6\n"
    );
    // A format string is quoted for the shell.
    let line =
        b"[21/Nov/2026:06:25:24 +0000] 10.0.0.1 TLSv1.3 TLS_AES_128_GCM_SHA256 \"GET / HTTP/1.1\" 512\n";
    let out = firelog(&["detect"], Some(line), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with("\nLOG_FORMAT='%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x \"%r\" %b'\n"),
        "{}",
        text(&out.stdout)
    );
}

/// `detect`'s rows for the candidates that read none of `total` lines, all but `but`, in
/// the candidates' order.
fn rows_of_none(total: usize, but: &str) -> String {
    firelog::access_log::detect::CANDIDATES
        .iter()
        .filter(|c| c.name != but)
        .map(|c| format!("       0 of {total} lines  {}\n", c.name))
        .collect()
}

#[test]
fn detect_does_not_call_a_format_that_leaves_text_in_extra_a_match() {
    // nginx's main plus ` $request_time $upstream_response_time $host`.
    let lines = br#"203.0.113.9 - - [21/Nov/2026:06:25:24 +0100] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "-" 0.005 0.004 example.com
203.0.113.9 - - [21/Nov/2026:06:25:25 +0100] "GET /a HTTP/1.1" 404 12 "-" "curl/8.5.0" "10.0.0.1" 0.010 - example.org
"#;
    let out = firelog(&["detect"], Some(lines), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "       2 of 2 lines  combined  (2 leave text in extra)\n{}LOG_FORMAT='combined'\n",
            rows_of_none(2, "combined")
        )
    );
    assert_eq!(
        text(&out.stderr),
        r#"firelog detect: combined reads these lines but leaves text in `extra` on 2 of them: `"-" 0.005 0.004 example.com` (-:1)
firelog detect: nginx_main reads them up to column 91, where 3 more fields are left: ` 0.005 0.004 example.com`
firelog detect: to type them, set LOG_FORMAT to your server's log_format or LogFormat line: nginx_main's, then what wrote the 3 fields after it:
  LOG_FORMAT='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" ...'
"#
    );
    // nginx's main as it is reads whole: combined's extra does not win the tie.
    let out = firelog(&["detect", "testdata/lines/nginx_main.log"], None, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let head: Vec<&str> = stdout.lines().take(3).collect();
    assert_eq!(
        head,
        [
            "      12 of 12 lines  nginx_main",
            "      12 of 12 lines  combined + \"%{X-Forwarded-For}i\"",
            "      12 of 12 lines  combined  (12 leave text in extra)"
        ]
    );
    assert!(stdout.ends_with("\nLOG_FORMAT='nginx_main'\n"), "{stdout}");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn detect_names_for_each_shape_of_line_the_candidate_that_got_furthest() {
    let lines = br#"not a log line
neither is this one
{"message":"json"}
10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 2000 1
"#;
    // Line 3 is a shipper's envelope: where the line inside (`json`) stopped.
    let out = firelog(&["detect"], Some(lines), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        rows_of_none(4, "")
            + "no format firelog knows reads these lines; write a LogFormat or log_format string\n"
    );
    assert_eq!(
        text(&out.stderr),
        r#"firelog detect: 2 lines (-:1, -:2) get furthest with combined + %D: invalid time (LOG_FORMAT position 10) at column 11: found "line" (%t in its format)
firelog detect: 1 line (-:3; the line inside its envelope) get furthest with ingress_nginx: expected the format's text after the field at LOG_FORMAT position 1 at column 5: the line ends ($remote_addr in its format)
firelog detect: 1 line (-:4) get furthest with ingress_nginx: expected the format's text after the field at LOG_FORMAT position 54 at column 63: found "0 1" ($status in its format)
"#
    );
}

/// `detect`'s rows for the candidates that read none of `total` lines, but `read` (which
/// read `total` lines, each inside an envelope), in the order detect ranks them.
fn rows_inside_envelopes(total: usize, read: &[&str]) -> String {
    let first =
        read.iter().map(|n| format!("{total:>8} of {total} lines  {n}  ({total} inside an envelope)\n"));
    let none = firelog::access_log::detect::CANDIDATES.iter().filter(|c| !read.contains(&c.name));
    first.chain(none.map(|c| format!("       0 of {total} lines  {}\n", c.name))).collect()
}

#[test]
fn detect_names_the_format_of_the_lines_inside_shippers_envelopes() {
    // Docker's json-file line (its trailing \n kept), FireLens's record, Vector's `message`.
    let lines = br#"{"log":"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}
{"container_id":"d5b2e9f0","container_name":"/ecs-web-1","ecs_cluster":"prod","log":"2001:db8::1 - - [10/Oct/2000:13:55:37 -0700] \"GET / HTTP/1.1\" 304 - \"-\" \"curl/8.5.0\"","source":"stdout"}
{"message":"192.0.2.7 - - [10/Oct/2000:13:55:38 -0700] \"POST /login HTTP/1.1\" 302 0 \"-\" \"okhttp/4.12.0\"","host":"web-1"}
"#;
    let out = firelog(&["detect"], Some(lines), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        rows_inside_envelopes(3, &["combined", "nginx_combined"])
            + "3 of 3 lines are a shipper's envelope (a JSON object with the log line under \"log\" or \"message\"): \
               the format is that of the lines inside, and the envelope's other fields are written under \"envelope\"\n\
               LOG_FORMAT='combined'\n"
    );
    assert_eq!(text(&out.stderr), "");
    // Envelopes whose lines no format reads: where the lines inside stopped, no mapping of
    // the envelope's keys.
    let lines = br#"{"log":"GET / 200\n","stream":"stdout","time":"2019-01-01T11:11:11Z"}
"#;
    let out = firelog(&["detect"], Some(lines), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        rows_of_none(1, "")
            + "no format firelog knows reads the lines inside these envelopes; write a LogFormat or log_format string\n"
    );
    assert_eq!(
        text(&out.stderr),
        "firelog detect: 1 line (-:1; the line inside its envelope) get furthest with combined + %D: expected the format's text after the field at LOG_FORMAT position 7 at column 10: the line ends (%u in its format)\n"
    );
}

/// nginx's formats through the CLI, with the fixtures' settings, as on Lambda.
#[test]
fn invoke_reads_nginx_formats() {
    for name in ["nginx_main", "ingress_nginx"] {
        let want = std::fs::read(root().join(format!("testdata/events/{name}.expected.json"))).unwrap();
        let vars = testdata::env_file(name);
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let out = firelog(&["invoke", &format!("testdata/events/{name}.json")], None, &vars);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), text(&want), "{name}");
    }
}

#[test]
fn schema_follows_the_profile_and_refuses_iceberg_with_one() {
    let out = firelog(&["schema", "--glue"], None, &[("SCHEMA", "otel"), ("LOG_FORMAT", "%h %>s")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        r#"[
  {"Name": "client_address", "Type": "string"},
  {"Name": "http_response_status_code", "Type": "int"},
  {"Name": "aws_log_group_names", "Type": "array<string>"},
  {"Name": "aws_log_stream_names", "Type": "array<string>"},
  {"Name": "apache_envelope", "Type": "map<string,string>"}
]
"#
    );
    let out = firelog(&["schema", "--iceberg", "--location", "s3://b/i/"], None, &[("SCHEMA", "ecs")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "firelog: --iceberg needs SCHEMA=firelog: an Iceberg table's columns are firelog's keys\n"
    );
}
