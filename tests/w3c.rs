//! W3C extended logs (`access_log::w3c`): CloudFront's standard and real-time logs and
//! IIS's, read from a `#Fields:` line or a nickname, to their exact objects.
//!
//! Every expected value is what the services' documentation says the line holds:
//! - CloudFront's standard logs are tab-separated and URL-encode the space, control
//!   bytes, bytes past ASCII and `<>"#%{}|\^~[]`'` (RFC 1738): decoded once, a client's
//!   own `%20` (logged `%2520`) is `%20` again. The lines of `testdata/w3c/cloudfront.log`
//!   up to the first own line are AWS's example log file, as written (its third line
//!   ends in a tab: an empty later field, kept as `extra`).
//! - Real-time records are tab-separated too, in the documented order of the fields,
//!   with `timestamp` in seconds since the epoch with milliseconds.
//! - IIS separates fields by spaces and writes a space in a value as `+`.
//! - `-` is null in every field; `sc-status` `000` (the viewer left first) is 0.
//! - `path` is the request target: the URI stem, then `?` and the query when there is one.

mod support;

use firelog::Transformer;
use firelog::access_log::w3c::{FIELDS, FieldKind, NICKNAMES};
use proptest::prelude::*;
use support::b64;
use support::rows::json;
use support::settings::format;
use support::testdata::event_of as event;

fn testdata(name: &str) -> String {
    let path = format!("{}/testdata/w3c/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each nickname's lines to their exact objects. The real-time log's last line is its first
/// with the query in `cs-uri-stem` too, as AWS's real-time page says that field is
/// written (`/images/cat.jpg?mobile=true`): the same object, the query in `path` once.
#[test]
fn each_nicknames_documented_lines_write_their_exact_objects() {
    let names: Vec<&str> = NICKNAMES.iter().map(|(name, _)| *name).collect();
    support::rows::check_files("w3c", &names);
}

#[test]
fn a_fields_line_copied_from_the_file_reads_as_the_nickname() {
    for (name, _) in NICKNAMES {
        let lines = testdata(&format!("{name}.log"));
        let Some(fields) = lines.lines().find(|l| l.starts_with("#Fields:")) else { continue };
        let (by_line, by_name) = (format(fields), format(name));
        for line in lines.lines().filter(|l| !l.starts_with('#')) {
            assert_eq!(json(&by_line, line.as_bytes()), json(&by_name, line.as_bytes()), "{name}");
        }
    }
}

#[test]
fn other_field_lists_read_their_lines() {
    // (LOG_FORMAT, line, the exact object or error)
    let table: &[(&str, &str, Result<&str, &str>)] = &[
        (
            // A tab-separated line's field is what is between its tabs: a value ending in a
            // comma is the value's, not a list cut short.
            "#Fields: c-ip cs(User-Agent) x-forwarded-for sc-bytes",
            "192.0.2.1\tagent/1.0 (a, b),\t10.0.0.1,\t100",
            Ok(
                r#"{"host":"192.0.2.1","user_agent":"agent/1.0 (a, b),","x_forwarded_for":"10.0.0.1,","bytes":100}"#,
            ),
        ),
        (
            // An empty field where a number stands is none W3C writes (it writes `-`): a
            // stray tab shifts the fields after it, and the line fails rather than be read
            // shifted.
            "#Fields: date time c-ip sc-status sc-bytes",
            "2024-01-01\t00:00:00\t192.0.2.1\t\t5",
            Err("invalid status (LOG_FORMAT position 25) at column 31: found \"\\t5\""),
        ),
        (
            // Microsoft's IIS 6.0 sample ("W3C Extended Log File Format (IIS 6.0)"), which
            // spells the header cs(Referrer).
            "#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-bytes cs-bytes time-taken cs(User-Agent) cs(Referrer)",
            "2002-05-24 20:18:01 172.224.24.114 - 206.73.118.24 80 GET /Default.htm - 200 7930 248 31 Mozilla/4.0+(compatible;+MSIE+5.01;+Windows+2000+Server) http://64.224.24.114/",
            Ok(
                r#"{"timestamp":"2002-05-24T20:18:01Z","host":"172.224.24.114","user":null,"s_ip":"206.73.118.24","s_port":80,"method":"GET","path":"/Default.htm","query":null,"status":200,"bytes":7930,"cs_bytes":248,"time_taken":31,"user_agent":"Mozilla/4.0 (compatible; MSIE 5.01; Windows 2000 Server)","referer":"http://64.224.24.114/"}"#,
            ),
        ),
        (
            // IIS 8.5's custom fields come after the standard ones under the names the
            // administrator gave them (IIS's "Enhanced Logging"): X-Forwarded-For, as the
            // load balancer's header, a `+` for its space.
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken X-Forwarded-For",
            "2024-10-01 00:00:06 10.0.0.4 GET /api/items - 443 - 10.0.0.9 curl/8.5.0 - 200 0 0 85 203.0.113.7:33453,+2001:db8::5",
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:06Z","s_ip":"10.0.0.4","method":"GET","path":"/api/items","query":null,"s_port":443,"user":null,"host":"10.0.0.9","user_agent":"curl/8.5.0","referer":null,"status":200,"sc_substatus":0,"sc_win32_status":0,"time_taken":85,"x_forwarded_for":"203.0.113.7:33453, 2001:db8::5"}"#,
            ),
        ),
        (
            // A custom field IIS has no value for is `-`; its name is the administrator's.
            "#Fields: date time c-ip sc-status X-FORWARDED-FOR Original-Host",
            "2024-10-01 00:00:07 2001:db8::9 304 - app.example.com",
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:07Z","host":"2001:db8::9","status":304,"x_forwarded_for":null,"original_host":"app.example.com"}"#,
            ),
        ),
        (
            // A real-time configuration of a few fields; headers of the W3C forms.
            "#Fields: timestamp c-ip sc-status cs-uri-stem cs-uri-query cs(X-Request-Id) sc(Cache-Control) x-custom-field",
            "1700000000.5\t192.0.2.1\t301\t/old\t-\tabc\tmax-age=60\tz",
            Err("invalid time (LOG_FORMAT position 10) at column 1: found \"1700000000.5\\t192...\""),
        ),
        (
            "#Fields: timestamp c-ip sc-status cs-uri-stem cs-uri-query cs(X-Request-Id) sc(Cache-Control) x-custom-field",
            "1700000000.500\t192.0.2.1\t301\t/old\t-\tabc\tmax-age=60\tz",
            Ok(
                r#"{"timestamp":"2023-11-14T22:13:20.500Z","host":"192.0.2.1","status":301,"path":"/old","query":null,"x_request_id":"abc","response_cache_control":"max-age=60","x_custom_field":"z"}"#,
            ),
        ),
        (
            // Fields AWS adds at the end later are kept, as text.
            "#Fields: date time c-ip sc-status",
            "2024-01-01\t00:00:00\t192.0.2.1\t200\tnew-field\tanother",
            Ok(
                r#"{"timestamp":"2024-01-01T00:00:00Z","host":"192.0.2.1","status":200,"extra":"new-field\u0009another"}"#,
            ),
        ),
        (
            // After a text field too (the last field of CloudFront's real-time logs,
            // `connection-id`, is text): the tab ends it.
            "#Fields: date time c-ip cs(User-Agent)",
            "2024-01-01\t00:00:00\t192.0.2.1\tcurl/8.5.0\tnew-field",
            Ok(
                r#"{"timestamp":"2024-01-01T00:00:00Z","host":"192.0.2.1","user_agent":"curl/8.5.0","extra":"new-field"}"#,
            ),
        ),
        (
            // CloudFront URL-encodes a `%` of the request as `%25` (so a client's own `%20`
            // is logged `%2520`): each value is decoded once, in the query, the referer and
            // the user agent as in the URI stem, the client's encoding kept as it sent it.
            "#Fields: date time c-ip cs-uri-stem cs(Referer) cs(User-Agent) cs-uri-query",
            "2024-05-01\t12:00:00\t2001:db8::7\t/search%2520page\thttps://www.example.com/?q=50%2525\tMy%2520Agent/1.0%20(test)\tq=a%2520b&p=100%25&r=%252F",
            Ok(
                r#"{"timestamp":"2024-05-01T12:00:00Z","host":"2001:db8::7","path":"/search%20page?q=a%20b&p=100%&r=%2F","referer":"https://www.example.com/?q=50%25","user_agent":"My%20Agent/1.0 (test)","query":"q=a%20b&p=100%&r=%2F"}"#,
            ),
        ),
        (
            // A `%` without two hex digits after it is a `%`; `-` is null.
            "#Fields: date time c-ip cs-uri-stem cs(Referer) cs(User-Agent) cs-uri-query",
            "2024-05-01\t12:00:01\t192.0.2.9\t/100%\t-\t-\tq=%2",
            Ok(
                r#"{"timestamp":"2024-05-01T12:00:01Z","host":"192.0.2.9","path":"/100%?q=%2","referer":null,"user_agent":null,"query":"q=%2"}"#,
            ),
        ),
        (
            // IIS encodes only the space (`+`): a `%` in its line is the request's own.
            "#Fields: date time c-ip cs-uri-stem cs-uri-query cs(User-Agent)",
            "2024-05-01 12:00:02 10.0.0.1 /a%20b q=a%2520b My+Agent%2F1.0",
            Ok(
                r#"{"timestamp":"2024-05-01T12:00:02Z","host":"10.0.0.1","path":"/a%20b?q=a%2520b","query":"q=a%2520b","user_agent":"My Agent%2F1.0"}"#,
            ),
        ),
        (
            "#Fields: date time c-ip sc-status",
            "2024-01-01\t00:00:00\t192.0.2.1\tOK",
            Err("invalid status (LOG_FORMAT position 25) at column 31: found \"OK\""),
        ),
        (
            // A line with tabs is split at its tabs alone: a space (which CloudFront encodes,
            // but a shipper or another W3C writer may not) is the value's.
            "#Fields: date time c-ip cs(User-Agent) sc-status",
            "2024-01-01\t00:00:00\t192.0.2.1\tcurl 8 (x)\t200",
            Ok(
                r#"{"timestamp":"2024-01-01T00:00:00Z","host":"192.0.2.1","user_agent":"curl 8 (x)","status":200}"#,
            ),
        ),
        (
            // CloudFront's lines from before it added `cs-protocol-version`: 23 fields, the later
            // keys null (w3c.rs, `CLOUDFRONT_LATER`); an IPv6 viewer, `-` where one may stand.
            "cloudfront",
            "2015-03-02\t10:20:30\tIAD12\t5120\t2001:db8::42\tGET\td111111abcdef8.cloudfront.net\t/img/a%20b.png\t304\t-\t-\tv=2\t-\tHit\tAbCdEf0123456789ghIJklMNopQRstUVwxYZ-_aBcDeFgHiJkLmN==\twww.example.com\thttp\t412\t0.002\t-\t-\t-\tHit",
            Ok(
                r#"{"timestamp":"2015-03-02T10:20:30Z","x_edge_location":"IAD12","bytes":5120,"host":"2001:db8::42","method":"GET","cs_host":"d111111abcdef8.cloudfront.net","path":"/img/a b.png?v=2","status":304,"referer":null,"user_agent":null,"query":"v=2","cookie":null,"x_edge_result_type":"Hit","x_edge_request_id":"AbCdEf0123456789ghIJklMNopQRstUVwxYZ-_aBcDeFgHiJkLmN==","x_host_header":"www.example.com","cs_protocol":"http","cs_bytes":412,"time_taken":0.002,"x_forwarded_for":null,"ssl_protocol":null,"ssl_cipher":null,"x_edge_response_result_type":"Hit","protocol":null,"fle_status":null,"fle_encrypted_fields":null,"c_port":null,"time_to_first_byte":null,"x_edge_detailed_result_type":null,"sc_content_type":null,"sc_content_len":null,"sc_range_start":null,"sc_range_end":null}"#,
            ),
        ),
        (
            // With the field-level encryption pair (2017), before `c-port` and the six after it (2019).
            "cloudfront",
            "2018-01-15\t08:00:01\tLHR5\t2345\t198.51.100.20\tPOST\td111111abcdef8.cloudfront.net\t/form\t200\thttps://www.example.com/\tcurl/7.58.0\t-\t-\tMiss\tQwErTy0123456789asDFghJKlzXCvbNM-_qWeRtYuIoPaSdFgH==\twww.example.com\thttps\t911\t0.120\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tMiss\tHTTP/1.1\tProcessed\t1",
            Ok(
                r#"{"timestamp":"2018-01-15T08:00:01Z","x_edge_location":"LHR5","bytes":2345,"host":"198.51.100.20","method":"POST","cs_host":"d111111abcdef8.cloudfront.net","path":"/form","status":200,"referer":"https://www.example.com/","user_agent":"curl/7.58.0","query":null,"cookie":null,"x_edge_result_type":"Miss","x_edge_request_id":"QwErTy0123456789asDFghJKlzXCvbNM-_qWeRtYuIoPaSdFgH==","x_host_header":"www.example.com","cs_protocol":"https","cs_bytes":911,"time_taken":0.120,"x_forwarded_for":null,"ssl_protocol":"TLSv1.2","ssl_cipher":"ECDHE-RSA-AES128-GCM-SHA256","x_edge_response_result_type":"Miss","protocol":"HTTP/1.1","fle_status":"Processed","fle_encrypted_fields":1,"c_port":null,"time_to_first_byte":null,"x_edge_detailed_result_type":null,"sc_content_type":null,"sc_content_len":null,"sc_range_start":null,"sc_range_end":null}"#,
            ),
        ),
        (
            // With `cs-protocol-version` only.
            "cloudfront",
            "2016-07-04\t12:00:00\tSFO5\t100\t192.0.2.7\tGET\td111111abcdef8.cloudfront.net\t/\t200\t-\t-\t-\t-\tHit\tXyZ==\twww.example.com\thttp\t50\t0.001\t-\t-\t-\tHit\tHTTP/2.0",
            Ok(
                r#"{"timestamp":"2016-07-04T12:00:00Z","x_edge_location":"SFO5","bytes":100,"host":"192.0.2.7","method":"GET","cs_host":"d111111abcdef8.cloudfront.net","path":"/","status":200,"referer":null,"user_agent":null,"query":null,"cookie":null,"x_edge_result_type":"Hit","x_edge_request_id":"XyZ==","x_host_header":"www.example.com","cs_protocol":"http","cs_bytes":50,"time_taken":0.001,"x_forwarded_for":null,"ssl_protocol":null,"ssl_cipher":null,"x_edge_response_result_type":"Hit","protocol":"HTTP/2.0","fle_status":null,"fle_encrypted_fields":null,"c_port":null,"time_to_first_byte":null,"x_edge_detailed_result_type":null,"sc_content_type":null,"sc_content_len":null,"sc_range_start":null,"sc_range_end":null}"#,
            ),
        ),
    ];
    for (log_format, line, want) in table {
        let got = json(&format(log_format), line.as_bytes());
        let want = want.map(str::to_string).map_err(str::to_string);
        assert_eq!(got, want, "{log_format}\n{line}");
    }
}

#[test]
fn a_bad_field_list_stops_the_start_naming_the_field() {
    let refused = support::settings::from_pairs(&[("LOG_FORMAT", "#Fields: date time c-ip $status")]);
    let message = refused.expect_err("refused");
    assert!(
        message.contains("\"$status\" is not a W3C field name") && message.contains("position 25"),
        "{message}"
    );
    let refused = support::settings::from_pairs(&[("LOG_FORMAT", "#Fields: timestamp date time")]);
    assert!(refused.is_err());
}

/// One record's result and its lines, through the transformer.
fn record(log_format: &str, data: &str) -> (String, String) {
    let mut t = Transformer::new(format(log_format));
    let (response, _) = t.event(&event(&[("a", b64::encode(data))])).expect("an event");
    let response: serde_json::Value = serde_json::from_slice(&response).unwrap();
    let r = &response["records"][0];
    let lines = String::from_utf8(b64::decode(r["data"].as_str().unwrap())).unwrap();
    (r["result"].as_str().unwrap().to_string(), lines)
}

#[test]
fn header_lines_are_not_rows_and_a_fields_header_sets_the_layout_after_it() {
    let log = testdata("cloudfront.log");
    let want = testdata("cloudfront.expected.jsonl");
    // The file as CloudFront writes it: its header lines first.
    assert_eq!(record("cloudfront", &log), ("Ok".into(), want.clone()));
    // Header lines in the middle (a second file's, joined) are skipped too.
    let (head, rows) = log.split_at(log.find("\n2019").unwrap() + 1);
    let twice = format!("{log}{head}{rows}");
    assert_eq!(record("cloudfront", &twice), ("Ok".into(), format!("{want}{want}")));
    // A record of header lines only writes nothing, as a record of blank lines.
    assert_eq!(record("cloudfront", head), ("Dropped".into(), head.to_string()));
    // A `#Fields:` naming other fields sets the layout of the lines after it (more in
    // `tests/w3c_switch.rs`); one naming a field firelog does not read fails the record.
    let other = "#Fields: date time c-ip\n2024-01-01\t00:00:00\t192.0.2.1\n";
    let want = "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"host\":\"192.0.2.1\"}\n";
    assert_eq!(record("cloudfront", other), ("Ok".into(), want.into()));
    let bad = format!("#Fields: date time $bogus\n{rows}");
    assert_eq!(record("cloudfront", &bad), ("ProcessingFailed".into(), bad.clone()));
    // Under a format that is not W3C, a `#` line is a line like any other.
    assert_eq!(record("combined", head).0, "ProcessingFailed");
}

/// The W3C table of `docs/formats.md`, as `w3c::FIELDS` makes it.
fn w3c_table() -> String {
    let mut t = String::from("| field | key | type | from | what the docs say |\n|---|---|---|---|---|\n");
    for f in FIELDS {
        assert!(!f.doc.contains('|'), "{}'s doc has a |, which would split its cell", f.name);
        t.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} |\n",
            f.name,
            f.key,
            f.kind.describe(),
            f.source,
            f.doc
        ));
    }
    t
}

#[test]
fn the_formats_page_shows_every_w3c_field() {
    let page = std::fs::read_to_string(format!("{}/docs/formats.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let table = w3c_table();
    assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
}

/// A value of a field of this kind as a line has it, and the JSON it is written as.
fn value(kind: FieldKind) -> BoxedStrategy<(String, serde_json::Value)> {
    use serde_json::{Value, json};
    let dash = || Just(("-".to_string(), Value::Null));
    match kind {
        FieldKind::Host => prop_oneof![
            (0u8..=255, 0u8..=255)
                .prop_map(|(a, b)| (format!("192.0.{a}.{b}"), json!(format!("192.0.{a}.{b}")))),
            (1u16..0xffff).prop_map(|a| (format!("2001:db8::{a:x}"), json!(format!("2001:db8::{a:x}")))),
            dash(),
        ]
        .boxed(),
        // Text with the bytes CloudFront encodes, encoded.
        FieldKind::Text | FieldKind::Query => prop_oneof![
            "[a-zA-Z0-9][a-zA-Z0-9/.:;=&_()-]{0,11}( [a-zA-Z0-9\"%<>]{1,6})?".prop_map(|s| {
                let encoded = s
                    .replace('%', "%25")
                    .replace(' ', "%20")
                    .replace('"', "%22")
                    .replace('<', "%3C")
                    .replace('>', "%3E");
                (encoded, json!(s))
            }),
            dash(),
        ]
        .boxed(),
        FieldKind::UriStem => "/[a-z0-9._-]{0,10}".prop_map(|s| (s.clone(), json!(s))).boxed(),
        FieldKind::Status => {
            prop_oneof![(100u16..600).prop_map(|s| (s.to_string(), json!(s))), dash()].boxed()
        }
        FieldKind::Integer => {
            prop_oneof![any::<u32>().prop_map(|n| (n.to_string(), json!(n))), dash()].boxed()
        }
        FieldKind::Decimal => prop_oneof![
            (0u32..100_000, 0u32..1000).prop_map(|(w, f)| {
                let text = format!("{w}.{f:03}");
                (text.clone(), serde_json::from_str(&text).unwrap())
            }),
            dash(),
        ]
        .boxed(),
        FieldKind::Date | FieldKind::Time | FieldKind::Epoch => unreachable!("times are added apart"),
    }
}

/// A list of distinct keys of `FIELDS` (times aside), in any order, and a time: two fields
/// at least, so that a line has a tab (a line without one is IIS's, space-separated).
fn field_list() -> impl Strategy<Value = (Vec<usize>, u8)> {
    let untimed: Vec<usize> = (0..FIELDS.len())
        .filter(|&i| !matches!(FIELDS[i].kind, FieldKind::Date | FieldKind::Time | FieldKind::Epoch))
        .filter(|&i| FIELDS[..i].iter().all(|f| f.key != FIELDS[i].key))
        .collect();
    (proptest::sample::subsequence(untimed, 2..12).prop_shuffle(), 0u8..3)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any `#Fields:` list of known names reads generated lines (tab-separated, URL-encoded)
    /// back to their values, each under its key.
    #[test]
    fn any_field_list_reads_generated_lines_back_to_their_values(
        (fields, time) in field_list(),
        seed in any::<u64>(),
    ) {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[seed as u8; 32]));
        let mut names: Vec<&str> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut want = serde_json::Map::new();
        match time {
            0 => {
                names.extend(["date", "time"]);
                texts.extend(["2024-02-29".to_string(), "23:59:58".to_string()]);
                want.insert("timestamp".into(), "2024-02-29T23:59:58Z".into());
            }
            1 => {
                names.push("timestamp");
                texts.push("1709251198.250".into());
                want.insert("timestamp".into(), "2024-02-29T23:59:58.250Z".into());
            }
            _ => {}
        }
        for &i in &fields {
            let (text, value) = value(FIELDS[i].kind).new_tree(&mut runner).unwrap().current();
            names.push(FIELDS[i].name);
            texts.push(text);
            want.insert(FIELDS[i].key.into(), value);
        }
        // `path` is the target: the stem and the query.
        if let (Some(serde_json::Value::String(stem)), Some(serde_json::Value::String(q))) = (want.get("path"), want.get("query")) {
            let target = format!("{stem}?{q}");
            want.insert("path".into(), target.into());
        }
        let log_format = format!("#Fields: {}", names.join(" "));
        let line = texts.join("\t");
        let got = json(&format(&log_format), line.as_bytes());
        prop_assert!(got.is_ok(), "{log_format}\n{line}\n{got:?}");
        let got: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&got.unwrap()).unwrap();
        prop_assert_eq!(got, want, "{}\n{}", log_format, line);
    }

    /// A space-separated line of quoted values (the W3C draft's quoted strings, `""` for a
    /// `"`) reads each value back whole: spaces, `+`, `%`, commas and quotes its own, `-`
    /// null. (The first value holds a space after a word, so the line does not read as it
    /// came: the status's place has a quote.)
    #[test]
    fn quoted_values_read_back_whole(
        first in "[a-z]{1,6} [!-~]{0,6}",
        second in "[ -~]{0,12}",
        status in 100u16..600,
    ) {
        let quote = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
        let line = format!("{} {} {status}", quote(&first), quote(&second));
        let settings = support::settings::from_pairs(&[("LOG_FORMAT", "#Fields: x-a x-b sc-status")]).unwrap();
        let mut t = settings.transformer();
        let mut out = Vec::new();
        let read = t.line(line.as_bytes(), 1, &mut out);
        prop_assert!(read.is_ok(), "{line}: {read:?}");
        let got: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let value = |v: &str| if v == "-" || v.is_empty() { serde_json::Value::Null } else { v.into() };
        let want = serde_json::json!({"x_a": value(&first), "x_b": value(&second), "status": status});
        prop_assert_eq!(got, want, "{}", line);
    }

    /// Any bytes read as a quoted line without a panic, and a line the format reads as it
    /// came reads the same with the second reading there (a `#` line is a header line,
    /// which the per-line path reads apart).
    #[test]
    fn any_line_with_quotes_reads_or_fails_without_a_panic(line in proptest::collection::vec(prop_oneof![Just(b'"'), Just(b' '), Just(b'+'), Just(b'%'), Just(b'-'), any::<u8>()], 0..40)) {
        let settings = support::settings::from_pairs(&[("LOG_FORMAT", "#Fields: x-a x-b sc-status")]).unwrap();
        let mut t = settings.transformer();
        let mut out = Vec::new();
        if t.line(&line, 1, &mut out).is_ok() && !line.contains(&b'"') && line.first() != Some(&b'#') {
            let direct = json(&format("#Fields: x-a x-b sc-status"), &line).map(|o| o + "\n");
            prop_assert_eq!(direct, Ok(String::from_utf8(out).unwrap()));
        }
    }
}

#[test]
fn detect_names_each_w3c_log_and_a_fields_header_sets_the_proposal() {
    use firelog::access_log::detect::detect;
    for (name, _) in NICKNAMES {
        let log = testdata(&format!("{name}.log"));
        let lines: Vec<Option<&[u8]>> = log.lines().map(|l| Some(l.as_bytes())).collect();
        let best = &detect(&lines).results[0];
        let rows = log.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!((best.candidate.log_format, best.read), (name, rows), "{name}");
    }
    let log = "#Version: 1.0\n#Fields: date time c-ip sc-status\n2024-01-01\t00:00:00\t192.0.2.1\t200\n";
    let lines: Vec<Option<&[u8]>> = log.lines().map(|l| Some(l.as_bytes())).collect();
    let best = &detect(&lines).results[0];
    assert_eq!((best.candidate.log_format, best.read), ("#Fields: date time c-ip sc-status", 1));
    // IIS's mid-file changes: each `#Fields:` line sets the layout of the rows after it,
    // as the Lambda reads them, so every row reads whole; the first header is proposed.
    let log = testdata("iis_switch.log");
    let lines: Vec<Option<&[u8]>> = log.lines().map(|l| Some(l.as_bytes())).collect();
    let best = &detect(&lines).results[0];
    let first = log.lines().find(|l| l.starts_with("#Fields:")).unwrap();
    assert_eq!((best.candidate.log_format, best.read, best.with_extra, best.switched), (first, 5, 0, 3));
    // Values in double quotes (IIS Advanced Logging's, Incapsula's) read as the Lambda
    // reads them: the header's candidate reads every row whole.
    let log = "#Fields: date time c-ip cs(User-Agent) sc-status\n\"2024-10-01\" \"00:00:13\" \"2001:db8::17\" \"curl/8.5.0 (x)\" \"404\"\n2024-10-01 00:00:14 192.0.2.7 \"Mozilla/5.0 (X11)\" 200\n";
    let lines: Vec<Option<&[u8]>> = log.lines().map(|l| Some(l.as_bytes())).collect();
    let best = &detect(&lines).results[0];
    let first = log.lines().next().unwrap();
    assert_eq!((best.candidate.log_format, best.read, best.with_extra), (first, 2, 0));
    // CloudFront v2's JSON, AWS's own example lines without `sc-status` included.
    let log = testdata("cloudfront_json.log");
    let lines: Vec<Option<&[u8]>> = log.lines().map(|l| Some(l.as_bytes())).collect();
    let best = &detect(&lines).results[0];
    assert_eq!((best.candidate.log_format, best.read), ("cloudfront_json", 4));
}

#[test]
fn the_profiles_name_w3c_fields_as_ecs_and_otel_do() {
    let write = |vars: &[(&str, &str)], line: &str| {
        let settings = support::settings::from_pairs(vars).unwrap();
        let mut t = settings.transformer();
        let mut out = Vec::new();
        t.line(line.as_bytes(), 1, &mut out).unwrap();
        String::from_utf8(out).unwrap().trim_end().to_string()
    };
    let cloudfront = testdata("cloudfront.log");
    let own = cloudfront.lines().find(|l| l.starts_with("2024-02-29")).unwrap();
    assert_eq!(
        write(&[("LOG_FORMAT", "cloudfront"), ("SCHEMA", "ecs")], own),
        r#"{"@timestamp":"2024-02-29T23:59:59Z","cloudfront":{"access":{"x_edge_location":"FRA56-P3","cs_host":"d111111abcdef8.cloudfront.net","query":"q=\"x\"&n=1+1","cookie":"session-id=abc==; theme=dark","x_edge_result_type":"Miss","x_edge_request_id":"Ab1-_==","time_taken":1.250,"x_forwarded_for":"198.51.100.7","ssl_protocol":"TLSv1.3","x_edge_response_result_type":"Miss","fle_status":"Processed","fle_encrypted_fields":2,"time_to_first_byte":0.801,"x_edge_detailed_result_type":"Miss","sc_content_type":"application/octet-stream","sc_content_len":1024,"sc_range_start":0,"sc_range_end":1023}},"http":{"response":{"body":{"bytes":1234},"status_code":206},"request":{"method":"POST","referrer":"https://www.example.com/search?q=a%20b","bytes":512},"version":"3.0"},"source":{"address":"2001:db8:85a3::8a2e:370:7334","port":443},"url":{"original":"/a%20b/€.txt?q=\"x\"&n=1+1","path":"/a%20b/€.txt","query":"q=\"x\"&n=1+1","domain":"www.example.com","scheme":"https"},"user_agent":{"original":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)"},"tls":{"cipher":"TLS_AES_128_GCM_SHA256"}}"#
    );
    let iis = testdata("iis.log");
    let own = iis.lines().find(|l| l.contains("POST")).unwrap();
    assert_eq!(
        write(&[("LOG_FORMAT", "iis"), ("SCHEMA", "otel")], own),
        r#"{"timestamp":"2019-12-04T21:02:32Z","network.local.address":"10.0.0.4","http.request.method":"POST","url.path":"/api/orders","url.query":"id=7&x=a b","iis.query":"id=7&x=a b","server.port":443,"user.name":"CONTOSO\\jdoe","client.address":"2001:db8::2","user_agent.original":"curl/8.5.0","http.request.header.referer":["https://www.example.com/"],"http.response.status_code":404,"iis.sc_substatus":2,"iis.sc_win32_status":2,"iis.time_taken":1203}"#
    );
}

#[test]
fn cloudfront_v2_json_reads_awss_example_lines_by_their_keys() {
    // AWS's Firehose and CloudWatch Logs examples ("Configure standard logging (v2)"),
    // then an own line with every standard field: every value a string, keys in any order.
    let format = format("cloudfront_json");
    let (lines, want) = (testdata("cloudfront_json.log"), testdata("cloudfront_json.expected.jsonl"));
    assert_eq!(lines.lines().count(), want.lines().count());
    for (i, (line, want)) in lines.lines().zip(want.lines()).enumerate() {
        assert_eq!(json(&format, line.as_bytes()), Ok(want.to_string()), "line {}", i + 1);
    }
    let reordered =
        r#"{"sc-status":"304","time":"00:00:01","c-ip":"192.0.2.9","date":"2025-01-01","cs-uri-query":"-"}"#;
    let object: serde_json::Value =
        serde_json::from_str(&json(&format, reordered.as_bytes()).unwrap()).unwrap();
    assert_eq!(
        (&object["timestamp"], &object["status"], &object["host"], &object["query"]),
        (&"2025-01-01T00:00:01Z".into(), &304.into(), &"192.0.2.9".into(), &serde_json::Value::Null)
    );
}
