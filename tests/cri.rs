//! Container runtimes' lines (the CRI log format: `TIME STREAM F|P <line>`), as a node's
//! `/var/log/containers` files hold them and a shipper without its `cri` parser sends them:
//! alone or inside a `log`, through the per-line path the Lambda and `firelog parse` share.
//! The prefix is an envelope whose fields are `time`, `stream` and `logtag`; a partial line
//! (`P`) fails, kept whole with `ON_BAD_LINE=keep`.

mod support;

use firelog::Transformer;
use support::{b64, settings, testdata};

const COMBINED: &str =
    r#"192.0.2.7 - - [06/Oct/2016:00:17:09 +0000] "GET /index.html HTTP/1.1" 200 612 "-" "curl/7.54.0""#;
const COMBINED_OBJECT: &str = r#"{"host":"192.0.2.7","ident":null,"user":null,"timestamp":"2016-10-06T00:17:09Z","method":"GET","path":"/index.html","protocol":"HTTP/1.1","request":"GET /index.html HTTP/1.1","status":200,"bytes":612,"referer":null,"user_agent":"curl/7.54.0""#;

/// The transformer `vars` set up.
fn transformer(vars: &[(&str, &str)]) -> Transformer {
    settings::from_pairs(vars).unwrap().transformer().with_response_budget(usize::MAX)
}

/// What one line writes through the per-line path, or its error.
fn write(format: &str, line: &str) -> Result<String, String> {
    let mut out = Vec::new();
    let result = transformer(&[("LOG_FORMAT", format)]).line(line.as_bytes(), 1, &mut out);
    result.map(|_| String::from_utf8(out).unwrap().trim_end().to_string()).map_err(|e| e.to_string())
}

/// (what, LOG_FORMAT, the line, the object it writes or its error)
type Row = (&'static str, &'static str, String, Result<String, &'static str>);

fn rows() -> Vec<Row> {
    let line = |prefix: &str, inner: &str| format!("{prefix}{inner}");
    let object = |fields: &str| Ok(format!(r#"{COMBINED_OBJECT},"envelope":{fields}}}"#));
    let json = |s: &str| serde_json::to_string(s).unwrap();
    vec![
        (
            "containerd: Z and nine fraction digits (Vector's kubernetes_logs case)",
            "combined",
            line("2016-10-06T00:17:09.669794202Z stdout F ", COMBINED),
            object(r#"{"time":"2016-10-06T00:17:09.669794202Z","stream":"stdout","logtag":"F"}"#),
        ),
        (
            "CRI-O: an offset; stderr",
            "combined",
            line("2019-05-07T18:57:56.904275093+00:00 stderr F ", COMBINED),
            object(r#"{"time":"2019-05-07T18:57:56.904275093+00:00","stream":"stderr","logtag":"F"}"#),
        ),
        (
            "an IPv6 client, a user, a dash for the bytes",
            "combined",
            line(
                "2024-02-29T23:59:59Z stdout F ",
                r#"2001:db8::7 - frank [29/Feb/2024:23:59:59 +0000] "GET /a?b=1 HTTP/2.0" 304 - "https://example.com/" "Mozilla/5.0""#,
            ),
            Ok(r#"{"host":"2001:db8::7","ident":null,"user":"frank","timestamp":"2024-02-29T23:59:59Z","method":"GET","path":"/a?b=1","protocol":"HTTP/2.0","request":"GET /a?b=1 HTTP/2.0","status":304,"bytes":0,"referer":"https://example.com/","user_agent":"Mozilla/5.0","envelope":{"time":"2024-02-29T23:59:59Z","stream":"stdout","logtag":"F"}}"#.into()),
        ),
        (
            "inside Fluent Bit's log (tail without its cri parser), beside the kubernetes filter's object",
            "combined",
            format!(
                r#"{{"log":{},"kubernetes":{{"pod_name":"web-1"}},"source":"stdout"}}"#,
                json(&line("2023-10-06T00:17:09.669794202Z stdout F ", &format!("{COMBINED}\n")))
            ),
            object(r#"{"source":"stdout","time":"2023-10-06T00:17:09.669794202Z","stream":"stdout","logtag":"F"}"#),
        ),
        (
            "inside a log beside time and stream of its own: the prefix's take their place",
            "combined",
            format!(
                r#"{{"time":"2023-10-06T00:17:10Z","log":{},"stream":"stdout","host":"node-1"}}"#,
                json(&line("2023-10-06T00:17:09.669794202Z stdout F ", COMBINED))
            ),
            object(r#"{"host":"node-1","time":"2023-10-06T00:17:09.669794202Z","stream":"stdout","logtag":"F"}"#),
        ),
        (
            "a Caddy JSON line after the prefix",
            "caddy",
            line(
                "2024-03-01T08:00:00.000000001Z stdout F ",
                r#"{"level":"info","ts":1709280000.5,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"203.0.113.9","remote_port":"443","client_ip":"203.0.113.9","proto":"HTTP/2.0","method":"GET","host":"example.com","uri":"/","headers":{"User-Agent":["curl/8.5.0"]}},"bytes_read":0,"user_id":"","duration":0.01,"size":5,"status":200}"#,
            ),
            Ok(r#"{"level":"info","timestamp":"2024-03-01T08:00:00.500Z","logger":"http.log.access.log0","msg":"handled request","host":"203.0.113.9","remote_port":443,"client_ip":"203.0.113.9","protocol":"HTTP/2.0","method":"GET","server_name":"example.com","path":"/","user_agent":"curl/8.5.0","referer":null,"tls_resumed":null,"tls_version":null,"tls_cipher_suite":null,"tls_proto":null,"ssl_server_name":null,"body_bytes_received":0,"user":"","duration_s":0.01,"bytes":5,"status":200,"response_content_type":null,"envelope":{"time":"2024-03-01T08:00:00.000000001Z","stream":"stdout","logtag":"F"}}"#.into()),
        ),
        (
            "a partial line: a piece, never read as a line",
            "combined",
            line("2016-10-06T00:17:09.669794202Z stdout P ", &COMBINED[..40]),
            Err(r#"line 1: a partial line (CRI tag P: its rest is in the lines after it) at column 39: found "P 192.0.2.7 - - ...""#),
        ),
        (
            "a partial line that would read whole is still a piece",
            "combined",
            line("2016-10-06T00:17:09.669794202Z stdout P ", COMBINED),
            Err(r#"line 1: a partial line (CRI tag P: its rest is in the lines after it) at column 39: found "P 192.0.2.7 - - ...""#),
        ),
        (
            "a partial line inside a log: its column in the line inside",
            "combined",
            format!(r#"{{"log":{}}}"#, json(&line("2016-10-06T00:17:09Z stdout P ", COMBINED))),
            Err(r#"line 1: a partial line (CRI tag P: its rest is in the lines after it) at column 29: found "P 192.0.2.7 - - ...""#),
        ),
        (
            "the line after the prefix fails as any line",
            "combined",
            line("2016-10-06T00:17:09Z stdout F ", "192.0.2.7 - - [06/Oct/2016:00:17:09 +0000] \"GET / HTTP/1.1\" OK 5"),
            Err(r#"line 1: invalid status (%>s) at column 60: found " OK 5""#),
        ),
        (
            "no prefix: a stream other than stdout or stderr",
            "combined",
            line("2016-10-06T00:17:09Z stdin F ", COMBINED),
            Err(r#"line 1: invalid timestamp (%t) at column 29: found " 192.0.2.7 - - [...""#),
        ),
    ]
}

#[test]
fn a_cri_prefix_is_an_envelope_and_a_partial_line_fails() {
    let mut wrong = Vec::new();
    for (what, format, line, want) in rows() {
        let got = write(format, &line);
        let ok = match (&want, &got) {
            (Ok(want), Ok(got)) => want == got,
            (Err(want), Err(got)) => want == got,
            _ => false,
        };
        if !ok {
            wrong.push(format!("{what}\n  want: {want:?}\n  got:  {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_partial_line_fails_its_record_byte_for_byte_or_is_kept_whole() {
    let data = format!("2016-10-06T00:17:09Z stdout P {}\n", &COMBINED[..40]);
    let run = |vars: &[(&str, &str)]| {
        let (response, _) = transformer(vars).event(&testdata::event(&[data.as_bytes()])).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&response).unwrap();
        let r = &v["records"][0];
        (r["result"].as_str().unwrap().to_string(), b64::decode(r["data"].as_str().unwrap()))
    };
    assert_eq!(run(&[]), ("ProcessingFailed".to_string(), data.clone().into_bytes()));
    let (result, out) = run(&[("ON_BAD_LINE", "keep")]);
    assert_eq!(result, "Ok");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        concat!(
            r#"{"unparsed_line":"2016-10-06T00:17:09Z stdout P 192.0.2.7 - - [06/Oct/2016:00:17:09 +000","#,
            r#""parse_error":"line 1: a partial line (CRI tag P: its rest is in the lines after it) at column 29: found \"P 192.0.2.7 - - ...\""}"#,
            "\n"
        )
    );
}
