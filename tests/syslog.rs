//! `LOG_FORMAT=syslog:<format>`: a text format whose lines come with the header a syslog
//! sender puts before them, row by row (the exact object, or the line's exact error), and
//! through the CLI.
//!
//! Every expected value is what the header holds in the sender's meaning:
//! - nginx's `access_log syslog:server=...` (its `ngx_syslog_add_header`) sends
//!   `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG: ` before each line: PRI is the facility times 8
//!   plus the severity (`local7` and `info`, nginx's defaults, make 190), the tag `nginx`
//!   unless `tag=` names another, no pid, and no host with `nohostname`. A syslog daemon
//!   that files the line writes it without the PRI (rsyslog's default file format), or
//!   forwards it in RFC 5424 (`<190>1 TIME HOST APP PROCID MSGID SD `).
//! - `syslog_host` is the host, `syslog_process` the tag (RFC 5424's APP-NAME), `syslog_pid`
//!   the pid when there is one; the PRI and the sender's time are not kept (the line has
//!   its own time). A line without a header reads too, the four keys null.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use firelog::access_log::Format;
use support::rows::Row;
use support::rows::Want::{Error, Json};

/// nginx's `main` line (its log_format's example), as the rows' line after the header.
const MAIN: &str = r#"2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET /api/v1/items?page=2 HTTP/2.0" 200 512 "https://example.com/" "curl/8.5.0" "-""#;

/// nginx_main's object for [`MAIN`], after the header's four keys.
const MAIN_OBJECT: &str = r#""host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/api/v1/items?page=2","protocol":"HTTP/2.0","request":"GET /api/v1/items?page=2 HTTP/2.0","status":200,"bytes":512,"referer":"https://example.com/","user_agent":"curl/8.5.0","x_forwarded_for":null}"#;

/// (name, LOG_FORMAT, line, what it gives).
const ROWS: &[Row] = &[
    (
        "nginx: syslog:server=... with its defaults: <190>, the host, the tag nginx",
        "syslog:nginx_main",
        br#"<190>Dec  7 05:00:00 web-1 nginx: 2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET /api/v1/items?page=2 HTTP/2.0" 200 512 "https://example.com/" "curl/8.5.0" "-""#,
        Json(
            r#"{"syslog_host":"web-1","syslog_process":"nginx","syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/api/v1/items?page=2","protocol":"HTTP/2.0","request":"GET /api/v1/items?page=2 HTTP/2.0","status":200,"bytes":512,"referer":"https://example.com/","user_agent":"curl/8.5.0","x_forwarded_for":null}"#,
        ),
    ),
    (
        "nginx: nohostname and tag=web_frontend, severity=notice (PRI 189)",
        "syslog:nginx_main",
        br#"<189>Dec 17 23:59:59 web_frontend: 2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET /api/v1/items?page=2 HTTP/2.0" 200 512 "https://example.com/" "curl/8.5.0" "-""#,
        Json(
            r#"{"syslog_host":null,"syslog_process":"web_frontend","syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/api/v1/items?page=2","protocol":"HTTP/2.0","request":"GET /api/v1/items?page=2 HTTP/2.0","status":200,"bytes":512,"referer":"https://example.com/","user_agent":"curl/8.5.0","x_forwarded_for":null}"#,
        ),
    ),
    (
        "nginx: as rsyslog files it (no PRI), an IPv6 host",
        "syslog:nginx_main",
        br#"Dec  7 05:00:00 2001:db8::5 nginx: 2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET /api/v1/items?page=2 HTTP/2.0" 200 512 "https://example.com/" "curl/8.5.0" "-""#,
        Json(
            r#"{"syslog_host":"2001:db8::5","syslog_process":"nginx","syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/api/v1/items?page=2","protocol":"HTTP/2.0","request":"GET /api/v1/items?page=2 HTTP/2.0","status":200,"bytes":512,"referer":"https://example.com/","user_agent":"curl/8.5.0","x_forwarded_for":null}"#,
        ),
    ),
    (
        "nginx: forwarded by rsyslog in RFC 5424, nil PROCID, MSGID and SD",
        "syslog:nginx_main",
        br#"<190>1 2026-12-07T05:00:00.123456+00:00 web-1 nginx - - - 2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET /api/v1/items?page=2 HTTP/2.0" 200 512 "https://example.com/" "curl/8.5.0" "-""#,
        Json(
            r#"{"syslog_host":"web-1","syslog_process":"nginx","syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/api/v1/items?page=2","protocol":"HTTP/2.0","request":"GET /api/v1/items?page=2 HTTP/2.0","status":200,"bytes":512,"referer":"https://example.com/","user_agent":"curl/8.5.0","x_forwarded_for":null}"#,
        ),
    ),
    (
        "nginx: a line without the header reads, the header's keys null",
        "syslog:nginx_main",
        br#"2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET /api/v1/items?page=2 HTTP/2.0" 200 512 "https://example.com/" "curl/8.5.0" "-""#,
        Json(
            r#"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/api/v1/items?page=2","protocol":"HTTP/2.0","request":"GET /api/v1/items?page=2 HTTP/2.0","status":200,"bytes":512,"referer":"https://example.com/","user_agent":"curl/8.5.0","x_forwarded_for":null}"#,
        ),
    ),
    (
        // nginx-tests' syslog.t: `log_format logf "$uri:$status";` to syslog, facility user.
        "nginx: a log_format of one's own, PRI 14",
        r#"syslog:log_format logf "$uri:$status";"#,
        b"<14>Dec  7 05:00:00 web-1 nginx: /a_logf:404",
        Json(
            r#"{"syslog_host":"web-1","syslog_process":"nginx","syslog_pid":null,"syslog_structured_data":null,"path":"/a_logf","status":404}"#,
        ),
    ),
    (
        // `CustomLog "|/usr/bin/logger -i -t apache2 -p local6.info" combined`, filed by rsyslog.
        "apache: combined through logger, a pid",
        "syslog:combined",
        br#"Dec  7 05:00:00 web-2 apache2[812]: 192.0.2.10 - - [07/Dec/2026:05:00:00 +0000] "GET / HTTP/1.1" 304 - "-" "curl/8.5.0""#,
        Json(
            r#"{"syslog_host":"web-2","syslog_process":"apache2","syslog_pid":812,"syslog_structured_data":null,"host":"192.0.2.10","ident":null,"user":null,"timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":304,"bytes":0,"referer":null,"user_agent":"curl/8.5.0"}"#,
        ),
    ),
    (
        "traefik: its own [-] and bare fields still read after a header",
        "syslog:traefik",
        br#"<14>Dec  7 05:00:00 edge-1 traefik: - - - [-] "- - -" - - "-" "curl/8.5.0" - "-" "-" 0ms"#,
        Json(
            r#"{"syslog_host":"edge-1","syslog_process":"traefik","syslog_pid":null,"syslog_structured_data":null,"host":null,"ident":null,"user":null,"timestamp":null,"method":null,"path":null,"protocol":null,"request":"- - -","status":null,"bytes":null,"referer":null,"user_agent":"curl/8.5.0","request_count":null,"router_name":null,"service_url":null,"duration_ms":0}"#,
        ),
    ),
    (
        // Without the time, `word: ` at a line's start is the line's own, not a tag.
        "nginx: a tag without the time is no header",
        "syslog:nginx_main",
        br#"nginx: 2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET / HTTP/2.0" 200 512 "-" "curl/8.5.0" "-""#,
        Error(r#"invalid - (LOG_FORMAT position 14) at column 8: found "2001:db8::17 - a...""#),
    ),
    (
        // Only `syslog:` reads the header: the nickname's objects keep their keys. The
        // error names the form that reads the line.
        "nginx: without syslog:, a header fails the line, naming syslog:nginx_main",
        "nginx_main",
        br#"<190>Dec  7 05:00:00 web-1 nginx: 2001:db8::17 - alice [07/Dec/2026:05:00:00 +0000] "GET / HTTP/2.0" 200 512 "-" "curl/8.5.0" "-""#,
        Error(
            r#"invalid - (LOG_FORMAT position 14) at column 10: found " 7 05:00:00 web-..." (the line reads as LOG_FORMAT=syslog:nginx_main)"#,
        ),
    ),
    (
        // `syslog:alb` stops the start: the error names no form that would not start.
        "a header before a line only a form syslog: refuses reads (ALB's) names none",
        "combined",
        br#"<190>Dec  7 05:00:00 web-1 elb: http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#,
        Error(r#"invalid ident (%l) at column 9: found "  7 05:00:00 web...""#),
    ),
];

#[test]
fn every_row_gives_its_documented_object_or_error() {
    support::rows::check(ROWS);
}

#[test]
fn syslog_refuses_a_format_that_is_not_a_text_line_naming_it() {
    let cases = [
        ("syslog:caddy", "syslog:caddy is a JSON log's format: syslog: reads a text format's lines"),
        ("syslog:alb", "syslog:alb is an AWS layout: syslog: reads a text format's lines"),
        ("syslog:iis", "syslog:iis is read by its fields' names: syslog: reads a text format's lines"),
        // A JSON template is read by its keys, in any order: no text line.
        (
            r#"syslog:log_format j escape=json '{"t":"$time_iso8601","s":$status}';"#,
            r#"syslog:log_format j escape=json '{"t":"$time_iso8601","s":$status}'; is read by its fields' names: syslog: reads a text format's lines"#,
        ),
        (
            r#"syslog:{"code":"%RESPONSE_CODE%"}"#,
            r#"syslog:{"code":"%RESPONSE_CODE%"} is a JSON log's format: syslog: reads a text format's lines"#,
        ),
    ];
    for (format, want) in cases {
        match Format::new(format) {
            Ok(_) => panic!("{format} compiled"),
            Err(e) => assert_eq!(e.to_string(), want, "{format}"),
        }
    }
    // HAProxy's formats read the header already: the same object, its keys once.
    let line = br#"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""#;
    let object = |f: &str| {
        let format = Format::new(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        support::rows::json(&format, line).unwrap_or_else(|e| panic!("{f}: {e}"))
    };
    assert_eq!(object("syslog:haproxy_http"), object("haproxy_http"));
}

/// A list, one format a line: a multi-line `log_format` after `syslog:` runs to its `;`.
#[test]
fn a_list_of_formats_a_line_takes_syslog_s_form() {
    let list = "caddy\nsyslog:log_format upstream '$remote_addr [$time_local] '\n  '\"$request\" $status';\n";
    let format =
        support::settings::from_pairs(&[("LOG_FORMAT", list)]).unwrap_or_else(|e| panic!("{e}")).format;
    let mut captures = firelog::access_log::Captures::default();
    let line = br#"<190>Dec  7 05:00:00 web-1 nginx: 2001:db8::17 [07/Dec/2026:05:00:00 +0000] "GET / HTTP/1.1" 200"#;
    let entry = format.parse(line, &mut captures).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(entry.value("syslog_host"), Some(&b"web-1"[..]));
    assert_eq!(entry.value("host"), Some(&b"2001:db8::17"[..]));
    assert_eq!(entry.status, Some(200));
}

/// Under ECS the header's keys are the host's and the process's, whatever the server.
#[test]
fn the_header_takes_ecs_s_host_and_process_names() {
    let settings = support::settings::from_pairs(&[("LOG_FORMAT", "syslog:nginx_main"), ("SCHEMA", "ecs")])
        .unwrap_or_else(|e| panic!("{e}"));
    let line = format!("<190>Dec  7 05:00:00 web-1 nginx: {MAIN}");
    let mut out = Vec::new();
    settings.transformer().line(line.as_bytes(), 1, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
    let flat = support::schema::flatten(&out).unwrap_or_else(|e| panic!("{e}"));
    let object: serde_json::Value = serde_json::from_slice(&flat).expect("JSON");
    assert_eq!(object["host.hostname"], "web-1", "{object}");
    assert_eq!(object["process.name"], "nginx", "{object}");
    assert_eq!(object["source.address"], "2001:db8::17", "{object}");
}

/// `firelog parse` under `syslog:` and a list with it: the header's keys first, a line
/// without a header read too, a line that fails reported.
#[test]
fn parse_reads_nginx_s_syslog_lines_through_the_cli() {
    let lines = format!(
        "<190>Dec  7 05:00:00 web-1 nginx: {MAIN}\n{MAIN}\n<190>Dec  7 05:00:00 web-1 nginx: not a line\n"
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firelog"));
    cmd.arg("parse").current_dir(support::root());
    for variable in firelog::settings::VARIABLES {
        cmd.env_remove(variable.name);
    }
    cmd.env("LOG_FORMAT", "syslog:nginx_main");
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("firelog runs");
    child.stdin.take().unwrap().write_all(lines.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let header =
        r#"{"syslog_host":"web-1","syslog_process":"nginx","syslog_pid":null,"syslog_structured_data":null,"#;
    let none =
        r#"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"#;
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{header}{MAIN_OBJECT}\n{none}{MAIN_OBJECT}\n"));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "-:3: invalid - (LOG_FORMAT position 14) at column 39: found \"a line\"\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// `firelog detect` on lines with a syslog header proposes the `syslog:` form of the
/// format that reads them after it (HAProxy's nicknames, which read the header already,
/// as they are); without a header no `syslog:` form is tried.
#[test]
fn detect_proposes_the_syslog_form_for_lines_with_a_header() {
    use firelog::access_log::detect;
    let wrapped = [
        format!("<190>Dec  7 05:00:00 web-1 nginx: {MAIN}"),
        format!("Dec  7 05:00:01 web-1 nginx: {MAIN}"),
        format!("<190>1 2026-12-07T05:00:00.123456+00:00 web-1 nginx - - - {MAIN}"),
    ];
    let lines: Vec<Option<&[u8]>> = wrapped.iter().map(|l| Some(l.as_bytes())).collect();
    let best = &detect::detect(&lines).results[0];
    assert_eq!((best.candidate.log_format, best.read), ("syslog:nginx_main", 3));
    assert!(best.reads_all_whole(3));
    let haproxy = br#"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""#;
    let best = &detect::detect(&[Some(&haproxy[..])]).results[0];
    assert_eq!((best.candidate.log_format, best.read), ("haproxy_http", 1));
    let plain = detect::detect(&[Some(MAIN.as_bytes())]);
    assert_eq!(plain.results[0].candidate.log_format, "nginx_main");
    assert!(plain.results.iter().all(|d| !d.candidate.log_format.starts_with("syslog:")));
}
