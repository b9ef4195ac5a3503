//! LOG_FORMAT: nicknames and Apache LogFormat strings, each directive with a line and
//! the exact JSON it becomes; every format error and line error with its message.

mod support;

use firelog::access_log::log_format::Plan;
use firelog::access_log::matcher::Matcher;
use firelog::access_log::{Captures, Format};
use firelog::transform::{FailReason, RecordResult, lines};
use firelog::{Builtin, Scanner, Transformer};
use support::settings::{format as compiled, from_pairs as settings};
use support::testdata::event;
use support::{b64, cloudwatch, corpus, root};

/// The JSON line `line` becomes under `LOG_FORMAT=format`, or the line's error.
fn json(format: &Format, line: &str) -> Result<String, String> {
    let mut captures = Captures::default();
    let parsed = format.parse(line.as_bytes(), &mut captures).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    firelog::output::write_line(&mut out, &parsed, line.as_bytes(), None);
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn each_directive_with_its_key_and_type() {
    // (LOG_FORMAT, line, JSON)
    let table = [
        (
            "%a %A %p",
            "198.51.100.4 10.0.0.5 443",
            r#"{"client_ip":"198.51.100.4","server_ip":"10.0.0.5","port":443}"#,
        ),
        (
            "%{c}a %{local}p %{remote}p",
            "10.1.1.1 8080 51234",
            r#"{"peer_ip":"10.1.1.1","local_port":8080,"remote_port":51234}"#,
        ),
        (
            r#"%h %l %u %t "%r" %s %B"#,
            r#"192.0.2.1 - "" [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 -"#,
            r#"{"host":"192.0.2.1","ident":null,"user":"","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":null}"#,
        ),
        (
            r#"%h %l %u %t "%r" %>s %b"#,
            r#"192.0.2.1 ident bob [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.0" 304 -"#,
            r#"{"host":"192.0.2.1","ident":"ident","user":"bob","timestamp":"2000-10-10T13:55:36Z","method":"GET","path":"/","protocol":"HTTP/1.0","request":"GET / HTTP/1.0","status":304,"bytes":0,"referer":null,"user_agent":null}"#,
        ),
        ("%T %{ms}T %D", "2 2345 2345678", r#"{"duration_s":2,"duration_ms":2345,"duration_us":2345678}"#),
        ("%{s}T %{us}T", "3 3000001", r#"{"duration_s":3,"duration_us":3000001}"#),
        (
            "%H %m %U%q",
            "HTTP/1.1 GET /search?q=a+b&lang=en",
            r#"{"protocol":"HTTP/1.1","method":"GET","path":"/search","query":"q=a+b&lang=en"}"#,
        ),
        ("%H %m %U%q", "HTTP/1.1 GET /", r#"{"protocol":"HTTP/1.1","method":"GET","path":"/","query":null}"#),
        // A whole time and another beside it (varnishncsa's own u00003.vtc logs `%t` and
        // `%{%Y}t`): the first whole time is the timestamp, the others are written as logged.
        (
            "%{%Y}t %t %{sec}t %>s",
            "2026 [07/Dec/2026:06:00:00 +0100] 1796619600 200",
            r#"{"time_y":"2026","timestamp":"2026-12-07T05:00:00Z","time_sec":"1796619600","status":200}"#,
        ),
        // A format without `%h` (a load balancer's `%{X-Forwarded-For}i` in its place):
        // the Host header is `http_host`, never `host`, the client's address.
        (
            "%{X-Forwarded-For}i %{Host}i %>s",
            "203.0.113.7 www.example.com 200",
            r#"{"x_forwarded_for":"203.0.113.7","http_host":"www.example.com","status":200}"#,
        ),
        (
            "%v %V",
            "www.example.com example.com",
            r#"{"vhost":"www.example.com","server_name":"example.com"}"#,
        ),
        ("%I %O %S", "512 2048 2560", r#"{"bytes_received":512,"bytes_sent":2048,"bytes_transferred":2560}"#),
        (
            r#""%{X-Forwarded-For}i" "%{Content-Type}o""#,
            r#""203.0.113.9, 10.0.0.1" "text/html; charset=UTF-8""#,
            r#"{"x_forwarded_for":"203.0.113.9, 10.0.0.1","response_content_type":"text/html; charset=UTF-8"}"#,
        ),
        ("%{sec}t", "1763769600", r#"{"timestamp":"2025-11-22T00:00:00Z"}"#),
        ("%{msec}t", "1763769600123", r#"{"timestamp":"2025-11-22T00:00:00.123Z"}"#),
        ("%{usec}t", "1763769600123456", r#"{"timestamp":"2025-11-22T00:00:00.123456Z"}"#),
        ("%{%Y-%m-%dT%H:%M:%S%z}t", "2026-11-21T23:30:00-0100", r#"{"timestamp":"2026-11-22T00:30:00Z"}"#),
        // Apache's own example of a timestamp with microseconds.
        (
            "[%{%d/%b/%Y:%H:%M:%S}t.%{usec_frac}t %{%z}t]",
            "[21/Nov/2026:23:30:00.000042 +0530]",
            r#"{"timestamp":"2026-11-21T18:00:00.000042Z"}"#,
        ),
        // No %z: taken as UTC. begin: and end: are read like the plain forms.
        (
            "%{begin:%d/%b/%Y %T}t %{end:msec_frac}t",
            "05/Jan/2026 08:00:00 250",
            r#"{"timestamp":"2026-01-05T08:00:00.250Z"}"#,
        ),
        ("%h 100%% %>s", "10.0.0.1 100% 204", r#"{"host":"10.0.0.1","status":204}"#),
        ("%<s %>s", "302 200", r#"{"original_status":302,"status":200}"#),
        (
            "%k %P %{tid}P %L %X %f %R",
            "3 4242 140213 aGk2b3JlCQE + /var/www/html/index.html php-fpm",
            r#"{"keepalive_requests":3,"pid":4242,"tid":"140213","log_id":"aGk2b3JlCQE","connection_status":"+","filename":"/var/www/html/index.html","handler":"php-fpm"}"#,
        ),
        (
            "%{HOME}e %{note}n %{session}C",
            "/root - abc123",
            r#"{"env_home":"/root","note_note":null,"cookie_session":"abc123"}"#,
        ),
        // Conditions are read and ignored: Apache's `-` when they fail is null.
        (
            "%h %400,501{User-Agent}i %!200{Referer}i",
            "10.0.0.1 - https://example.com/",
            r#"{"host":"10.0.0.1","user_agent":null,"referer":"https://example.com/"}"#,
        ),
        // \" as written in apache2.conf; Apache's escapes undone inside quotes.
        (
            r#"%h \"%r\" %>s"#,
            r#"10.0.0.1 "GET /a\"b\\c HTTP/1.1" 200"#,
            r#"{"host":"10.0.0.1","method":"GET","path":"/a\"b\\c","protocol":"HTTP/1.1","request":"GET /a\"b\\c HTTP/1.1","status":200}"#,
        ),
        (
            r#"%h %u "%{User-Agent}i""#,
            r#"10.0.0.1 us"er "Mozilla/5.0 \"quoted\"""#,
            r#"{"host":"10.0.0.1","user":"us\"er","user_agent":"Mozilla/5.0 \"quoted\""}"#,
        ),
    ];
    for (format, line, want) in table {
        let got = json(&compiled(format), line);
        assert_eq!(got, Ok(format!("{want}\n")), "LOG_FORMAT={format} line={line}");
        let value: serde_json::Value = serde_json::from_str(want).unwrap();
        assert!(value.is_object(), "{want}");
    }
}

#[test]
fn debian_vhost_combined_lines() {
    let format = compiled("vhost_combined");
    assert!(matches!(format, Format::Matcher(_)));
    let log = std::fs::read_to_string(root().join("testdata/lines/vhost_combined.log")).unwrap();
    let want = [
        r#"{"vhost":"localhost","port":80,"host":"::1","ident":null,"user":null,"timestamp":"2026-11-22T01:02:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes_sent":11173,"referer":null,"user_agent":"curl/7.88.1"}"#,
        r#"{"vhost":"127.0.1.1","port":80,"host":"192.168.122.1","ident":null,"user":null,"timestamp":"2026-11-22T01:14:55Z","method":"GET","path":"/icons/openlogo-75.png","protocol":"HTTP/1.1","request":"GET /icons/openlogo-75.png HTTP/1.1","status":200,"bytes_sent":6338,"referer":"http://192.168.122.10/","user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}"#,
        r#"{"vhost":"www.example.com","port":443,"host":"2001:db8::7","ident":null,"user":"alice","timestamp":"2027-01-01T00:30:00Z","method":"POST","path":"/wp-login.php","protocol":"HTTP/2.0","request":"POST /wp-login.php HTTP/2.0","status":302,"bytes_sent":1287,"referer":"https://www.example.com/wp-login.php","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}"#,
        r#"{"vhost":"www.example.com","port":443,"host":"203.0.113.50","ident":null,"user":null,"timestamp":"2026-11-22T01:02:04Z","method":"GET","path":"/health","protocol":"HTTP/1.1","request":"GET /health HTTP/1.1","status":200,"bytes_sent":312,"referer":null,"user_agent":"ELB-HealthChecker/2.0"}"#,
        r#"{"vhost":"example.org","port":80,"host":"198.51.100.23","ident":null,"user":null,"timestamp":"2026-11-22T01:02:05Z","method":null,"path":null,"protocol":null,"request":"\\x16\\x03\\x01\\x02","status":400,"bytes_sent":0,"referer":null,"user_agent":null}"#,
    ];
    let got: Vec<String> = log.lines().map(|l| json(&format, l).unwrap()).collect();
    assert_eq!(got, want.map(|w| format!("{w}\n")));
}

#[test]
fn nicknames_and_their_strings() {
    let combined = r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i""#;
    let common = r#"%h %l %u %t "%r" %>s %b"#;
    // The nicknames, and their strings (as written in apache2.conf too), take the
    // built-in scanner.
    for text in ["combined", combined, r#"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""#] {
        assert_eq!(compiled(text), Format::from(Builtin::Combined), "{text}");
    }
    // A whole apache2.conf line, or its quoted string with the name, works as it is.
    for text in [
        r#"LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined"#,
        r#""%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined"#,
        r#"LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"""#,
        // The quoted string alone, as mod_log_config's documentation writes its formats:
        // its escaped quotes say the outer ones are the config file's.
        r#""%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"""#,
    ] {
        assert_eq!(
            shape(&Plan::parse(text).unwrap()),
            shape(&Plan::parse(r#"%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i""#).unwrap()),
            "{text}"
        );
    }
    // A format that starts with a quoted field is not a config line.
    let spec = Plan::parse(r#""%r" %>s"#).unwrap();
    assert_eq!(spec.directives().map(|d| d.text.as_str()).collect::<Vec<_>>(), ["%r", "%>s"]);
    assert_eq!(spec.items[0], firelog::access_log::log_format::Item::Literal(b"\"".to_vec()));
    // Nor is one quoted field alone: nothing inside is escaped.
    let spec = Plan::parse(r#""%{User-agent}i""#).unwrap();
    assert_eq!(spec.items[0], firelog::access_log::log_format::Item::Literal(b"\"".to_vec()));
    for text in ["common", common] {
        assert_eq!(compiled(text), Format::from(Builtin::Common), "{text}");
    }
    assert_eq!(
        Plan::parse("vhost_combined").unwrap(),
        Plan::parse(r#"%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i""#).unwrap()
    );
}

/// A format's literals and directives, wherever they were written.
fn shape(spec: &Plan) -> Vec<String> {
    use firelog::access_log::log_format::Item;
    spec.items
        .iter()
        .map(|i| match i {
            Item::Literal(l) => String::from_utf8_lossy(l).into_owned(),
            Item::Directive(d) => d.text.clone(),
        })
        .collect()
}

/// combined's string compiled as a custom format (the general path, not the scanner).
fn general_combined() -> Format {
    let spec = Plan::parse(r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i""#).unwrap();
    Format::Matcher(Box::new(Matcher::compile(spec).unwrap()))
}

#[test]
fn the_general_path_writes_what_the_scanner_writes_on_the_corpus() {
    let Some(corpus) = corpus::read() else { return };
    let (general, scanner) = (general_combined(), Format::from(Builtin::Combined));
    let (mut same, mut both_failed) = (0, 0);
    for line in lines(&corpus).flatten() {
        let line = std::str::from_utf8(line).unwrap();
        match (json(&general, line), json(&scanner, line)) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{line}");
                same += 1;
            }
            (Err(_), Err(_)) => both_failed += 1,
            (a, b) => panic!("{line}\n general: {a:?}\n scanner: {b:?}"),
        }
    }
    assert_eq!((same, both_failed), (9_999, 1));
}

#[test]
fn format_errors_name_the_directive_and_its_position() {
    let tail = format!("; use {}", firelog::access_log::LOG_FORMAT.allowed);
    let table = [
        ("apache", "it is not a nickname firelog knows and has no % directive or $ variable"),
        (
            "%h %Z",
            "%Z at position 4 is not a directive firelog reads (it reads %a %{c}a %A %b %B %D %f %h %H %I %k %l %L %m %O %p %{local|remote}p %P %q %r %R %s %>s %<s %S %t %{strftime|sec|msec|usec|msec_frac|usec_frac}t %T %{s|ms|us}T %u %U %v %V %X %{Name}i %{Name}o %{Name}e %{Name}n %{Name}C %{VAR}x %%)",
        ),
        (
            "%h %{}i",
            "%{}i at position 4 is not a directive firelog reads (it reads %a %{c}a %A %b %B %D %f %h %H %I %k %l %L %m %O %p %{local|remote}p %P %q %r %R %s %>s %<s %S %t %{strftime|sec|msec|usec|msec_frac|usec_frac}t %T %{s|ms|us}T %u %U %v %V %X %{Name}i %{Name}o %{Name}e %{Name}n %{Name}C %{VAR}x %%)",
        ),
        ("%h %", "the % at position 4 ends the format"),
        ("%h %{Referer i", "the { of the directive at position 4 is not closed"),
        (
            "%s%b%D",
            "%b at position 3 and %D after it have nothing between them: two numbers cannot be told apart",
        ),
        (
            "%h %{msec_frac}t",
            "%{msec_frac}t at position 4 is only the fraction of a second: add a %{strftime}t for the rest",
        ),
        // A fraction beside a whole time is never made text (its digits would be dropped
        // from the timestamp without a word).
        (
            "%h %{sec}t.%{msec_frac}t",
            "%{sec}t at position 4 cannot share the timestamp with other time directives (only %{strftime}t, %{msec_frac}t and %{usec_frac}t combine)",
        ),
        (
            "%h %{%H:%M:%S}t",
            "the time directive at position 4: does not give a whole date and time (year, month, day, hour, minute and second)",
        ),
        (
            "%h %{%Y-%m-%d %Q}t",
            "%{%Y-%m-%d %Q}t at position 4: %Q is not a strftime conversion firelog reads",
        ),
    ];
    for (text, why) in table {
        assert_eq!(
            settings(&[("LOG_FORMAT", text)]),
            Err(format!("LOG_FORMAT={text:?} is not allowed: {why}{tail}")),
            "{text}"
        );
    }
}

#[test]
fn rules_that_need_a_field_the_format_lacks_stop_the_start() {
    let table = [
        (
            &[("PARTITION_KEYS", "vhost")][..],
            r#"PARTITION_KEYS="vhost" is not allowed: vhost needs %v (as vhost_combined has) in LOG_FORMAT; the format has none"#,
        ),
        (
            &[("LOG_FORMAT", "%h %>s"), ("PARTITION_KEYS", "status_class,day")],
            r#"PARTITION_KEYS="status_class,day" is not allowed: day needs %t or %{format}t in LOG_FORMAT; the format has none"#,
        ),
        (
            &[("LOG_FORMAT", "%h %t"), ("PARTITION_KEYS", "status_class")],
            r#"PARTITION_KEYS="status_class" is not allowed: status_class needs the status (Apache's %>s or %s, nginx's $status, or another format's status field) in LOG_FORMAT; the format has none"#,
        ),
        (
            &[("LOG_FORMAT", "%h %>s"), ("DROP_PATHS", "/health")],
            r#"DROP_PATHS="/health" is not allowed: needs the request's path (Apache's %r or %U, nginx's $request or $uri, or another format's request line, URL or path field) in LOG_FORMAT; the format has none"#,
        ),
        (
            &[("LOG_FORMAT", "%h %>s"), ("DROP_USER_AGENTS", "kube-probe")],
            r#"DROP_USER_AGENTS="kube-probe" is not allowed: needs %{User-Agent}i in LOG_FORMAT; the format has none"#,
        ),
        (
            &[("LOG_FORMAT", "%h %U"), ("DROP_STATUS", "5xx")],
            r#"DROP_STATUS="5xx" is not allowed: needs the status (Apache's %>s or %s, nginx's $status, or another format's status field) in LOG_FORMAT; the format has none"#,
        ),
    ];
    for (vars, want) in table {
        assert_eq!(settings(vars), Err(want.to_string()), "{vars:?}");
    }
    // The same rules with formats that have the fields.
    for vars in [
        &[("LOG_FORMAT", "vhost_combined"), ("PARTITION_KEYS", "vhost,year,status_class")][..],
        &[
            ("LOG_FORMAT", "%h %U %{User-Agent}i %s"),
            ("DROP_PATHS", "/health"),
            ("DROP_USER_AGENTS", "x"),
            ("DROP_STATUS", "404"),
        ],
        &[("LOG_FORMAT", "%{sec}t"), ("PARTITION_KEYS", "year,month,day,hour")],
    ] {
        assert!(settings(vars).is_ok(), "{vars:?}");
    }
}

fn transformer(vars: &[(&str, &str)]) -> Transformer {
    let s = settings(vars).unwrap();
    Transformer::new(s.format).with_rules(s.rules)
}

#[test]
fn a_line_that_does_not_fit_fails_its_record_with_the_data_kept() {
    let mut t = transformer(&[("LOG_FORMAT", r#"%v:%p %h [%{%Y-%m-%d %H:%M:%S}t] %>s %D"#)]);
    let good = "www.example.com:443 10.0.0.1 [2026-11-22 01:02:03] 200 1500";
    let table = [
        (
            "www.example.com 10.0.0.1 [2026-11-22 01:02:03] 200 1500",
            "line 1: expected the format's text after the field at LOG_FORMAT position 1 at column 16: found \" 10.0.0.1 [2026-...\"",
        ),
        (
            "www.example.com:443 10.0.0.1 [2026-11-22 01:02:03] 200 99999999999999999999",
            r#"line 1: invalid number (LOG_FORMAT position 38) at column 56: found "9999999999999999...""#,
        ),
        (
            "www.example.com:443 10.0.0.1 [2026-02-30 01:02:03] 200 1500",
            r#"line 1: invalid time (LOG_FORMAT position 11) at column 31: found "2026-02-30 01:02...""#,
        ),
        (
            "www.example.com:99999999999999999999 10.0.0.1 [2026-11-22 01:02:03] 200 1",
            r#"line 1: invalid number (LOG_FORMAT position 4) at column 17: found "9999999999999999...""#,
        ),
    ];
    for (line, why) in table {
        let data = b64::encode(format!("{good}\n{line}\n"));
        match t.record(data.as_bytes()) {
            RecordResult::Failed(reason @ FailReason::Line { number: 2, .. }) => {
                assert_eq!(reason.to_string(), why.replace("line 1", "line 2"))
            }
            other => panic!("{line}: {other:?}"),
        }
        let (response, summary) = t.event(&event(&[&format!("{line}\n")])).unwrap();
        assert_eq!(summary.failed, 1);
        let response: serde_json::Value = serde_json::from_slice(&response).unwrap();
        assert_eq!(response["records"][0]["result"], "ProcessingFailed");
        assert_eq!(response["records"][0]["data"], b64::encode(format!("{line}\n")));
    }
}

#[test]
fn partition_keys_and_drop_rules_read_custom_fields() {
    let mut t = transformer(&[
        ("LOG_FORMAT", "vhost_combined"),
        ("PARTITION_KEYS", "vhost,year,month,day,hour,status_class"),
        ("DROP_PATHS", "/health"),
        ("DROP_USER_AGENTS", "kube-probe"),
        ("DROP_STATUS", "400"),
    ]);
    let log = std::fs::read_to_string(root().join("testdata/lines/vhost_combined.log")).unwrap();
    let datas: Vec<&str> = log.lines().collect();
    let kube = r#"a.example:80 10.0.0.2 - - [22/Nov/2026:01:02:06 +0000] "GET /ready HTTP/1.1" 200 2 "-" "kube-probe/1.29""#;
    let mut all = datas.clone();
    all.push(kube);
    let (response, summary) = t.event(&event(&all)).unwrap();
    let records: Vec<serde_json::Value> =
        serde_json::from_slice::<serde_json::Value>(&response).unwrap()["records"]
            .as_array()
            .unwrap()
            .clone();
    let results: Vec<&str> = records.iter().map(|r| r["result"].as_str().unwrap()).collect();
    // /health, the 400 and kube-probe are dropped.
    assert_eq!(results, ["Ok", "Ok", "Ok", "Dropped", "Dropped", "Dropped"]);
    assert_eq!(summary.dropped_lines, 3);
    let keys = |vhost: &str, y: &str, m: &str, d: &str, h: &str, s: &str| serde_json::json!({"partitionKeys": {"vhost": vhost, "year": y, "month": m, "day": d, "hour": h, "status_class": s}});
    assert_eq!(records[0]["metadata"], keys("localhost", "2026", "11", "22", "01", "2xx"));
    // -0600 carries into the next day; -0100 at 23:30 on 31 December into the next year.
    assert_eq!(records[1]["metadata"], keys("127.0.1.1", "2026", "11", "22", "01", "2xx"));
    assert_eq!(records[2]["metadata"], keys("www.example.com", "2027", "01", "01", "00", "3xx"));
    assert!(records[3].get("metadata").is_none());
}

#[test]
fn strftime_times_cross_day_month_and_year_for_partition_keys() {
    let mut t = transformer(&[
        ("LOG_FORMAT", "%{%Y-%m-%dT%H:%M:%S%z}t %>s"),
        ("PARTITION_KEYS", "year,month,day,hour"),
    ]);
    let cases = [
        ("2023-12-31T23:30:00-0130 200", ["2024", "01", "01", "01"]),
        ("2024-01-01T00:15:00+0530 200", ["2023", "12", "31", "18"]),
        ("2024-03-01T01:00:00+0200 200", ["2024", "02", "29", "23"]),
        ("2024-04-30T22:00:00-0300 200", ["2024", "05", "01", "01"]),
    ];
    let datas: Vec<&str> = cases.iter().map(|(l, _)| *l).collect();
    let (response, _) = t.event(&event(&datas)).unwrap();
    let response: serde_json::Value = serde_json::from_slice(&response).unwrap();
    for (r, (_, [y, m, d, h])) in response["records"].as_array().unwrap().iter().zip(cases) {
        assert_eq!(
            r["metadata"],
            serde_json::json!({"partitionKeys": {"year": y, "month": m, "day": d, "hour": h}})
        );
    }
}

/// The general path writes what the scanner writes, on one line: the corpus test's check,
/// for a clone without the corpus.
#[test]
fn the_general_path_writes_what_the_scanner_writes_on_a_line() {
    let line = r#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-""#;
    assert_eq!(json(&Format::from(Scanner::new(Builtin::Combined)), line), json(&general_combined(), line));
}

#[test]
fn cloudwatch_logs_events_of_a_custom_format_carry_their_source_last() {
    let mut t = transformer(&[("LOG_FORMAT", "%v %h %{sec}t \"%r\" %>s %D")]);
    let lines: [&[u8]; 2] = [b"www.example.com 10.0.0.1 1763769600 \"GET / HTTP/1.1\" 200 1500", b""];
    let gz = cloudwatch::gzip(&cloudwatch::message("DATA_MESSAGE", "/web/access", "i-0abc", &lines));
    match t.record(b64::encode(gz).as_bytes()) {
        RecordResult::Ok => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        String::from_utf8(t.output().to_vec()).unwrap(),
        concat!(
            r#"{"vhost":"www.example.com","host":"10.0.0.1","timestamp":"2025-11-22T00:00:00Z","#,
            r#""method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"#,
            r#""duration_us":1500,"log_group":"/web/access","log_stream":"i-0abc"}"#,
            "\n"
        )
    );
}

/// Each directive alone (and with its common arguments and conditions) reads into the key,
/// alternative key and kind it read into before the directives became a table (issue 24):
/// this list was generated from the reader's `match` before the change, and is kept.
/// `Err` names a directive firelog does not read.
#[test]
fn every_directive_reads_as_it_did_before_the_table() {
    use firelog::access_log::log_format::Kind::{self, *};
    use firelog::access_log::log_format::SUPPORTED;
    use firelog::access_log::log_format::TimePart::*;
    type Fields = Vec<(&'static str, &'static str, Option<&'static str>, Kind)>;
    let table: Vec<(&str, Result<Fields, &str>)> = vec![
        ("%%x%a", Ok(vec![("%a", "client_ip", Some("remote_ip"), Host)])),
        ("%a", Ok(vec![("%a", "client_ip", Some("remote_ip"), Host)])),
        ("%{c}a", Ok(vec![("%{c}a", "peer_ip", None, Host)])),
        ("%{}a", Err("%{}a")),
        ("%{x}a", Err("%{x}a")),
        ("%<a", Ok(vec![("%<a", "client_ip", Some("remote_ip"), Host)])),
        ("%>a", Ok(vec![("%>a", "client_ip", Some("remote_ip"), Host)])),
        ("%A", Ok(vec![("%A", "server_ip", None, Host)])),
        ("%b", Ok(vec![("%b", "bytes", Some("bytes_clf"), Integer { dash_is_zero: true })])),
        ("%>b", Ok(vec![("%>b", "bytes", Some("bytes_clf"), Integer { dash_is_zero: true })])),
        ("%<b", Ok(vec![("%<b", "bytes", Some("bytes_clf"), Integer { dash_is_zero: true })])),
        ("%{x}b", Err("%{x}b")),
        ("%B", Ok(vec![("%B", "bytes", Some("response_bytes"), Integer { dash_is_zero: false })])),
        ("%D", Ok(vec![("%D", "duration_us", None, Integer { dash_is_zero: false })])),
        ("%{x}D", Err("%{x}D")),
        ("%f", Ok(vec![("%f", "filename", None, Text)])),
        ("%h", Ok(vec![("%h", "host", None, Host)])),
        ("%>h", Ok(vec![("%>h", "host", None, Host)])),
        ("%{c}h", Err("%{c}h")),
        ("%{x}h", Err("%{x}h")),
        ("%H", Ok(vec![("%H", "protocol", Some("server_protocol"), Text)])),
        ("%I", Ok(vec![("%I", "bytes_received", None, Integer { dash_is_zero: false })])),
        ("%k", Ok(vec![("%k", "keepalive_requests", None, Integer { dash_is_zero: false })])),
        ("%l", Ok(vec![("%l", "ident", None, Name)])),
        ("%L", Ok(vec![("%L", "log_id", None, Text)])),
        ("%{c}L", Err("%{c}L")),
        ("%m", Ok(vec![("%m", "method", Some("request_method"), Text)])),
        ("%O", Ok(vec![("%O", "bytes_sent", None, Integer { dash_is_zero: false })])),
        ("%p", Ok(vec![("%p", "port", None, Integer { dash_is_zero: false })])),
        ("%{canonical}p", Ok(vec![("%{canonical}p", "port", None, Integer { dash_is_zero: false })])),
        ("%{local}p", Ok(vec![("%{local}p", "local_port", None, Integer { dash_is_zero: false })])),
        ("%{remote}p", Ok(vec![("%{remote}p", "remote_port", None, Integer { dash_is_zero: false })])),
        ("%{x}p", Err("%{x}p")),
        ("%{}p", Err("%{}p")),
        ("%P", Ok(vec![("%P", "pid", None, Integer { dash_is_zero: false })])),
        ("%{pid}P", Ok(vec![("%{pid}P", "pid", None, Integer { dash_is_zero: false })])),
        ("%{tid}P", Ok(vec![("%{tid}P", "tid", None, Text)])),
        ("%{hextid}P", Ok(vec![("%{hextid}P", "tid", None, Text)])),
        ("%{x}P", Err("%{x}P")),
        ("%q", Ok(vec![("%q", "query", Some("query_string"), Query)])),
        ("%r", Ok(vec![("%r", "request", None, Request)])),
        ("%>r", Ok(vec![("%>r", "request", None, Request)])),
        ("%R", Ok(vec![("%R", "handler", None, Text)])),
        ("%s", Ok(vec![("%s", "status", Some("original_status"), Status)])),
        ("%>s", Ok(vec![("%>s", "status", None, Status)])),
        ("%<s", Ok(vec![("%<s", "original_status", None, Status)])),
        ("%!200s", Ok(vec![("%s", "status", Some("original_status"), Status)])),
        ("%400,501>s", Ok(vec![("%>s", "status", None, Status)])),
        ("%400,501<s", Ok(vec![("%<s", "original_status", None, Status)])),
        ("%{x}s", Err("%{x}s")),
        ("%S", Ok(vec![("%S", "bytes_transferred", None, Integer { dash_is_zero: false })])),
        ("%t", Ok(vec![("%t", "timestamp", None, Time(Clf))])),
        ("%<t", Ok(vec![("%<t", "timestamp", None, Time(Clf))])),
        ("%{}t", Ok(vec![("%{}t", "timestamp", None, Time(Clf))])),
        ("%{begin:}t", Ok(vec![("%{begin:}t", "timestamp", None, Time(Clf))])),
        ("%{end:}t", Ok(vec![("%{end:}t", "timestamp", None, Time(Clf))])),
        ("%{sec}t", Ok(vec![("%{sec}t", "timestamp", None, Time(Epoch(0)))])),
        ("%{msec}t", Ok(vec![("%{msec}t", "timestamp", None, Time(Epoch(3)))])),
        ("%{usec}t", Ok(vec![("%{usec}t", "timestamp", None, Time(Epoch(6)))])),
        ("%{begin:sec}t", Ok(vec![("%{begin:sec}t", "timestamp", None, Time(Epoch(0)))])),
        ("%{end:msec}t", Ok(vec![("%{end:msec}t", "timestamp", None, Time(Epoch(3)))])),
        ("%{end:usec}t", Ok(vec![("%{end:usec}t", "timestamp", None, Time(Epoch(6)))])),
        (
            "%{%Y-%m-%dT%H:%M:%S%z}t",
            Ok(vec![(
                "%{%Y-%m-%dT%H:%M:%S%z}t",
                "timestamp",
                None,
                Time(Strftime("%Y-%m-%dT%H:%M:%S%z".into())),
            )]),
        ),
        (
            "%{begin:%d/%b/%Y:%H:%M:%S %z}t",
            Ok(vec![(
                "%{begin:%d/%b/%Y:%H:%M:%S %z}t",
                "timestamp",
                None,
                Time(Strftime("%d/%b/%Y:%H:%M:%S %z".into())),
            )]),
        ),
        (
            "%{end:%Y-%m-%d %H:%M:%S}t",
            Ok(vec![(
                "%{end:%Y-%m-%d %H:%M:%S}t",
                "timestamp",
                None,
                Time(Strftime("%Y-%m-%d %H:%M:%S".into())),
            )]),
        ),
        (
            "%{%d/%b/%Y %T}t.%{msec_frac}t",
            Ok(vec![
                ("%{%d/%b/%Y %T}t", "timestamp", None, Time(Strftime("%d/%b/%Y %T".into()))),
                ("%{msec_frac}t", "timestamp", None, Time(Fraction(3))),
            ]),
        ),
        (
            "%{%d/%b/%Y %T}t.%{usec_frac}t",
            Ok(vec![
                ("%{%d/%b/%Y %T}t", "timestamp", None, Time(Strftime("%d/%b/%Y %T".into()))),
                ("%{usec_frac}t", "timestamp", None, Time(Fraction(6))),
            ]),
        ),
        (
            "%{%d/%b/%Y %T}t.%{begin:msec_frac}t",
            Ok(vec![
                ("%{%d/%b/%Y %T}t", "timestamp", None, Time(Strftime("%d/%b/%Y %T".into()))),
                ("%{begin:msec_frac}t", "timestamp", None, Time(Fraction(3))),
            ]),
        ),
        ("%T", Ok(vec![("%T", "duration_s", None, Integer { dash_is_zero: false })])),
        ("%{s}T", Ok(vec![("%{s}T", "duration_s", None, Integer { dash_is_zero: false })])),
        ("%{ms}T", Ok(vec![("%{ms}T", "duration_ms", None, Integer { dash_is_zero: false })])),
        ("%{us}T", Ok(vec![("%{us}T", "duration_us", None, Integer { dash_is_zero: false })])),
        ("%{}T", Err("%{}T")),
        ("%{x}T", Err("%{x}T")),
        ("%u", Ok(vec![("%u", "user", None, Name)])),
        ("%<u", Ok(vec![("%<u", "user", None, Name)])),
        ("%U", Ok(vec![("%U", "path", Some("url_path"), UrlPath)])),
        ("%v", Ok(vec![("%v", "vhost", None, Host)])),
        ("%V", Ok(vec![("%V", "server_name", Some("canonical_server_name"), Host)])),
        ("%X", Ok(vec![("%X", "connection_status", None, Connection)])),
        ("%{Referer}i", Ok(vec![("%{Referer}i", "referer", Some("http_referer"), Text)])),
        ("%{User-Agent}i", Ok(vec![("%{User-Agent}i", "user_agent", Some("http_user_agent"), Text)])),
        (
            "%{X-Forwarded-For}i",
            Ok(vec![("%{X-Forwarded-For}i", "x_forwarded_for", Some("http_x_forwarded_for"), Text)]),
        ),
        // The Host header never takes `host`, the client's address: its alternative at once.
        ("%>{Host}i", Ok(vec![("%>{Host}i", "http_host", Some("http_host"), Text)])),
        ("%400,501{User-Agent}i", Ok(vec![("%{User-Agent}i", "user_agent", Some("http_user_agent"), Text)])),
        ("%{}i", Err("%{}i")),
        (
            "%{Content-Type}o",
            Ok(vec![("%{Content-Type}o", "response_content_type", Some("sent_http_content_type"), Text)]),
        ),
        ("%{}o", Err("%{}o")),
        ("%{HOME}e", Ok(vec![("%{HOME}e", "env_home", None, Text)])),
        ("%{}e", Err("%{}e")),
        ("%{note}n", Ok(vec![("%{note}n", "note_note", None, Text)])),
        ("%{}n", Err("%{}n")),
        ("%{session}C", Ok(vec![("%{session}C", "cookie_session", None, Text)])),
        ("%{}C", Err("%{}C")),
        ("%{SSL_PROTOCOL}x", Ok(vec![("%{SSL_PROTOCOL}x", "ssl_protocol", None, Text)])),
        ("%{SSL_CIPHER}x", Ok(vec![("%{SSL_CIPHER}x", "ssl_cipher", None, Text)])),
        ("%{}x", Err("%{}x")),
        ("%x", Err("%x")),
        ("%i", Err("%i")),
        ("%o", Err("%o")),
        ("%e", Err("%e")),
        ("%n", Err("%n")),
        ("%C", Err("%C")),
        ("%Z", Err("%Z")),
        ("%{x}Z", Err("%{x}Z")),
        ("%{x}%", Err("%{x}%")),
        ("%>%x%h", Ok(vec![("%h", "host", None, Host)])),
        ("%z", Err("%z")),
        ("%c", Err("%c")),
        ("%{c}c", Err("%{c}c")),
        ("%{VARNAME}^ti", Err("%{VARNAME}^")),
        ("%^ti", Err("%^")),
    ];
    for (format, want) in table {
        let got = Plan::parse(format).map(|plan| {
            plan.directives()
                .map(|d| (d.text.clone(), d.key.clone(), d.alt_key.clone(), d.kind.clone()))
                .collect()
        });
        let want: Result<Vec<_>, _> = match want {
            Ok(fields) => Ok(fields
                .into_iter()
                .map(|(text, key, alt, kind)| {
                    (text.to_string(), key.to_string(), alt.map(String::from), kind)
                })
                .collect()),
            Err(text) => {
                Err(format!("{text} at position 1 is not a directive firelog reads (it reads {SUPPORTED})"))
            }
        };
        assert_eq!(got.map_err(|e| e.to_string()), want, "{format}");
    }
}

/// Directives that would write one key take the keys they took before the table: the
/// alternatives the table gives are the ones the `match` gave.
#[test]
fn directives_that_share_a_key_take_the_keys_they_took_before_the_table() {
    let table: [(&str, &[&str]); 27] = [
        ("%h %{Host}i", &["host", "http_host"]),
        ("%s %>s", &["original_status", "status"]),
        ("%>s %s", &["status", "original_status"]),
        ("%<s %>s", &["original_status", "status"]),
        ("%s %<s", &["status", "original_status"]),
        ("%b %B", &["bytes", "response_bytes"]),
        ("%B %b", &["bytes", "bytes_clf"]),
        ("%r %m %U %H %q", &["request", "request_method", "url_path", "server_protocol", "query"]),
        ("%m %U %H %q %r", &["request_method", "url_path", "server_protocol", "query", "request"]),
        ("%a %h", &["client_ip", "host"]),
        // `host` is the client's address in every format: the Host header never takes it
        // (it did before, without `%h`: the Host header's name under the client's key).
        ("%V %{Host}i", &["server_name", "http_host"]),
        ("%{Host}i %b", &["http_host", "bytes"]),
        ("%a %{c}a %h", &["client_ip", "peer_ip", "host"]),
        ("%{Log-Group}i %{Extra}o", &["http_log_group", "response_extra"]),
        ("%D %{us}T", &["duration_us", "duration_us_2"]),
        ("%T %{s}T %{ms}T", &["duration_s", "duration_s_2", "duration_ms"]),
        ("%p %{canonical}p", &["port", "port_2"]),
        ("%P %{pid}P %{tid}P %{hextid}P", &["pid", "pid_2", "tid", "tid_2"]),
        ("%{Client-IP}i %a", &["client_ip", "remote_ip"]),
        ("%{Remote-IP}i %a %{Client-IP}i", &["remote_ip", "client_ip", "http_client_ip"]),
        (
            "%{X}e %{X}n %{X}C %{X}x %{X}i %{X}o",
            &["env_x", "note_x", "cookie_x", "x", "http_x", "response_x"],
        ),
        ("%v %V %{Vhost}i", &["vhost", "server_name", "http_vhost"]),
        ("%u %{User}i %l %{Ident}i", &["user", "http_user", "ident", "http_ident"]),
        (
            "vhost_combined",
            &[
                "vhost",
                "port",
                "host",
                "ident",
                "user",
                "timestamp",
                "request",
                "status",
                "bytes_sent",
                "referer",
                "user_agent",
            ],
        ),
        (
            "combined",
            &["host", "ident", "user", "timestamp", "request", "status", "bytes", "referer", "user_agent"],
        ),
        ("common", &["host", "ident", "user", "timestamp", "request", "status", "bytes"]),
        ("%q %{Query}i %{Query-String}i", &["query", "http_query", "query_string"]),
    ];
    for (format, want) in table {
        let plan = Plan::parse(format).unwrap();
        assert_eq!(plan.directives().map(|d| d.key.as_str()).collect::<Vec<_>>(), want, "{format}");
    }
}

/// The error's list of directives (`SUPPORTED`) is the table's forms, a letter's arguments
/// joined (`%{local|remote}p`), with `strftime` for the table's `format`; it leaves out the
/// arguments that only name another form (`%{canonical}p` is `%p`) or the thread (`%{tid}P`).
#[test]
fn the_error_lists_the_table_s_directives() {
    use firelog::access_log::log_format::{DIRECTIVES, SUPPORTED};
    use std::collections::BTreeSet;
    let mut listed = BTreeSet::new();
    for form in SUPPORTED.split(' ') {
        match form
            .split_once('{')
            .and_then(|(head, rest)| rest.split_once('}').map(|(args, tail)| (head, args, tail)))
        {
            Some((head, args, tail)) => {
                for arg in args.split('|') {
                    let arg = if arg == "strftime" { "format" } else { arg };
                    listed.insert(format!("{head}{{{arg}}}{tail}"));
                }
            }
            None => {
                listed.insert(form.to_string());
            }
        }
    }
    let table: BTreeSet<String> = DIRECTIVES.iter().map(|d| d.form.to_string()).collect();
    assert_eq!(table.len(), DIRECTIVES.len(), "a form has two rows");
    assert_eq!(
        listed.difference(&table).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "listed, not in the table"
    );
    assert_eq!(
        table.difference(&listed).map(String::as_str).collect::<Vec<_>>(),
        ["%{canonical}p", "%{hextid}P", "%{pid}P", "%{tid}P"],
        "in the table, not listed"
    );
}
