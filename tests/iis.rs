//! IIS's custom fields (IIS 8.5 and later, "Enhanced Logging"): after the standard fields,
//! under the names their administrator gave them, each a request header, a response
//! header or a server variable. Row by row: LOG_FORMAT, a line in, the exact JSON object.
//!
//! A custom field is text under its name in snake case, `-` null, IIS's `+` a space. It
//! never takes a core key of another meaning (`timestamp`, `host`, `method`, `path`,
//! `protocol`, `request`, `status`, `bytes`): `Host` (the Host header) is `custom_host`,
//! `host` stays the client's address. Named after the header a core key names (`Referer`,
//! `User-Agent`, `X-Forwarded-For`) it takes that key, unless a standard field has it:
//! then, as any custom field whose key a standard field has, it is `custom_` and its name.

mod support;

use support::rows::Row;
use support::rows::Want::Json;

/// IIS's default fields, then custom ones.
const DEFAULT: &str = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

/// (name, LOG_FORMAT, line, what it gives).
const ROWS: &[Row] = &[
    (
        "custom fields named Host and Status keep host and status the client's",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken Host Status",
        b"2024-10-01 00:00:06 10.0.0.4 GET /api/items - 443 - 2001:db8::9 curl/8.5.0 - 200 0 0 85 api.example.com 502",
        Json(r#"{"timestamp":"2024-10-01T00:00:06Z","s_ip":"10.0.0.4","method":"GET","path":"/api/items","query":null,"s_port":443,"user":null,"host":"2001:db8::9","user_agent":"curl/8.5.0","referer":null,"status":200,"sc_substatus":0,"sc_win32_status":0,"time_taken":85,"custom_host":"api.example.com","custom_status":"502"}"#),
    ),
    (
        "without sc-status a custom Status is still custom_status, text",
        "#Fields: date time c-ip cs-method cs-uri-stem Status Bytes Timestamp",
        b"2024-10-01 00:00:07 192.0.2.7 POST /upload OK 12+KB -",
        Json(r#"{"timestamp":"2024-10-01T00:00:07Z","host":"192.0.2.7","method":"POST","path":"/upload","custom_status":"OK","custom_bytes":"12 KB","custom_timestamp":null}"#),
    ),
    (
        "custom Method, Path, Protocol and Request beside the standard fields",
        "#Fields: date time c-ip cs-method cs-uri-stem cs-version Method Path Protocol Request",
        b"2024-10-01 00:00:08 192.0.2.7 GET /a HTTP/1.1 X-HTTP-Method-Override /original/a h2 -",
        Json(r#"{"timestamp":"2024-10-01T00:00:08Z","host":"192.0.2.7","method":"GET","path":"/a","protocol":"HTTP/1.1","custom_method":"X-HTTP-Method-Override","custom_path":"/original/a","custom_protocol":"h2","custom_request":null}"#),
    ),
    (
        "a custom User-Agent beside cs(User-Agent) is custom_user_agent; Referer alone is referer",
        "#Fields: date time c-ip cs(User-Agent) User-Agent Referer",
        b"2024-10-01 00:00:09 192.0.2.7 curl/8.5.0 Mozilla/5.0+(X11) https://example.com/",
        Json(r#"{"timestamp":"2024-10-01T00:00:09Z","host":"192.0.2.7","user_agent":"curl/8.5.0","custom_user_agent":"Mozilla/5.0 (X11)","referer":"https://example.com/"}"#),
    ),
    (
        "a custom field whose key a standard field has is custom_ and its name, before it too",
        "#Fields: date time c-ip cs-uri-stem cs-uri-query Query Time-Taken time-taken",
        b"2024-10-01 00:00:10 192.0.2.7 /s q=1 q=2 7 8",
        Json(r#"{"timestamp":"2024-10-01T00:00:10Z","host":"192.0.2.7","path":"/s?q=1","query":"q=1","custom_query":"q=2","custom_time_taken":"7","time_taken":8}"#),
    ),
    (
        "X-Forwarded-For keeps its key, the header TRUSTED_PROXIES walks",
        "#Fields: date time c-ip Host X-Forwarded-For",
        b"2024-10-01 00:00:11 10.0.0.9 www.example.com 203.0.113.7,+2001:db8::5",
        Json(r#"{"timestamp":"2024-10-01T00:00:11Z","host":"10.0.0.9","custom_host":"www.example.com","x_forwarded_for":"203.0.113.7, 2001:db8::5"}"#),
    ),
];

#[test]
fn every_row_gives_its_documented_object() {
    support::rows::check(ROWS);
}

#[test]
fn the_default_fields_take_no_custom_key() {
    let line = b"2024-10-01 00:00:06 10.0.0.4 GET /api/items - 443 - 10.0.0.9 curl/8.5.0 - 200 0 0 85";
    let object = support::rows::json(&support::settings::format(DEFAULT), line).unwrap();
    assert!(!object.contains("custom_"), "{object}");
}

/// Values in double quotes (the W3C draft's quoted strings), as Microsoft's IIS Advanced
/// Logging module and Incapsula write them: through the per-line path (a record's lines,
/// the CLI's `parse`), a line the format does not read as it came is read with each value
/// that starts with `"` one field to the `"` that ends it, its quotes off and `""` a `"`;
/// inside them a `+` is a plus and a `%` a percent. A line that reads as it came (a quoted
/// word, a tab-separated line) reads as before; a quote that does not close fails the line.
#[test]
fn quoted_values_are_one_field_their_quotes_off() {
    const ADVANCED: &str = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status";
    const COOKIE: &str = "#Fields: date time c-ip cs(User-Agent) cs(Cookie) sc-status time-taken";
    const AGENT: &str = "#Fields: date time c-ip cs(User-Agent)";
    const STATUS: &str = "#Fields: date time c-ip cs(User-Agent) sc-status";
    let table: &[(&str, &str, Result<&str, ()>)] = &[
        // Advanced Logging's form: the client's address and the headers quoted.
        (
            ADVANCED,
            r#"2024-10-01 00:00:12 10.0.0.4 GET /products/view - 80 - "198.51.100.23" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36" "https://www.example.com/search?q=a b" 200"#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:12Z","s_ip":"10.0.0.4","method":"GET","path":"/products/view","query":null,"s_port":80,"user":null,"host":"198.51.100.23","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36","referer":"https://www.example.com/search?q=a b","status":200}"#,
            ),
        ),
        // Incapsula's form: every value quoted, an IPv6 client, an empty value (no value:
        // null, as `-`), a `-`.
        (
            COOKIE,
            r#""2024-10-01" "00:00:13" "2001:db8::17" "curl/8.5.0" "" "404" "-""#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:13Z","host":"2001:db8::17","user_agent":"curl/8.5.0","cookie":null,"status":404,"time_taken":null}"#,
            ),
        ),
        // `""` is a `"`; inside quotes `+` is a plus and `%` a percent, outside `+` a space.
        (
            COOKIE,
            r#"2024-10-01 00:00:14 192.0.2.7 Mozilla/5.0+(X11) "theme=""dark""; n=1+2; off=100%" 200 15"#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:14Z","host":"192.0.2.7","user_agent":"Mozilla/5.0 (X11)","cookie":"theme=\"dark\"; n=1+2; off=100%","status":200,"time_taken":15}"#,
            ),
        ),
        // An empty value where a number stands (Incapsula's `""` for the status of a
        // request it blocked) is none: null.
        (
            COOKIE,
            r#""2024-10-01" "00:00:13" "2001:db8::17" "curl/8.5.0" "" "" "-""#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:13Z","host":"2001:db8::17","user_agent":"curl/8.5.0","cookie":null,"status":null,"time_taken":null}"#,
            ),
        ),
        // A quoted `-` is `-`, null as in every W3C field.
        (
            COOKIE,
            r#"2024-10-01 00:00:15 192.0.2.7 "-" "a b" 304 "2""#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:15Z","host":"192.0.2.7","user_agent":null,"cookie":"a b","status":304,"time_taken":2}"#,
            ),
        ),
        // A quoted value with spaces before text fields read as it came only with its
        // words in the fields after it and the rest in `extra`: read as quoted.
        (
            "#Fields: date time c-ip cs(User-Agent) cs(Referer)",
            r#"2024-10-01 00:00:15 192.0.2.7 "Mozilla/5.0 (X11)" "http://a.example/""#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:15Z","host":"192.0.2.7","user_agent":"Mozilla/5.0 (X11)","referer":"http://a.example/"}"#,
            ),
        ),
        // A quoted word is read without its quotes too, and a quoted list is one list (read
        // as it came, it kept its quotes, and TRUSTED_PROXIES found no address in it).
        (
            AGENT,
            r#"2024-10-01 00:00:16 192.0.2.7 "curl/8.5.0""#,
            Ok(r#"{"timestamp":"2024-10-01T00:00:16Z","host":"192.0.2.7","user_agent":"curl/8.5.0"}"#),
        ),
        (
            "#Fields: date time c-ip X-Forwarded-For sc-status",
            r#"2024-10-01 00:00:16 10.0.0.9 "203.0.113.7, 10.0.0.2" 200"#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:16Z","host":"10.0.0.9","x_forwarded_for":"203.0.113.7, 10.0.0.2","status":200}"#,
            ),
        ),
        // Inside a shipper's envelope (here a container runtime's CRI prefix) as alone.
        (
            AGENT,
            r#"2023-10-06T00:17:09.669794202Z stdout F 2024-10-01 00:00:16 192.0.2.7 "Mozilla/5.0 (X11)""#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:16Z","host":"192.0.2.7","user_agent":"Mozilla/5.0 (X11)","envelope":{"time":"2023-10-06T00:17:09.669794202Z","stream":"stdout","logtag":"F"}}"#,
            ),
        ),
        // A tab-separated line is split at its tabs alone, as before.
        (
            AGENT,
            "2024-10-01\t00:00:17\t192.0.2.7\t\"curl 8\"",
            Ok(r#"{"timestamp":"2024-10-01T00:00:17Z","host":"192.0.2.7","user_agent":"\"curl 8\""}"#),
        ),
        // A line whose quote does not close that reads as it came reads as before (here the
        // last field, the rest of the line kept as `extra`)...
        (
            AGENT,
            r#"2024-10-01 00:00:18 192.0.2.7 "Mozilla/5.0 (X11)"#,
            Ok(
                r#"{"timestamp":"2024-10-01T00:00:18Z","host":"192.0.2.7","user_agent":"\"Mozilla/5.0","extra":"(X11)"}"#,
            ),
        ),
        // ...one that does not fails, as a quote closed inside a value and a number in
        // quotes that is no number do.
        (STATUS, r#"2024-10-01 00:00:18 192.0.2.7 "Mozilla/5.0 (X11) 200"#, Err(())),
        (STATUS, r#"2024-10-01 00:00:18 192.0.2.7 "Mozilla/5.0 (X11)"x 200"#, Err(())),
        (COOKIE, r#"2024-10-01 00:00:19 192.0.2.7 "a b" - "2xx" 1"#, Err(())),
    ];
    for (log_format, line, want) in table {
        let settings = support::settings::from_pairs(&[("LOG_FORMAT", log_format)]).unwrap();
        let mut t = settings.transformer();
        let mut out = Vec::new();
        let got = t.line(line.as_bytes(), 1, &mut out).map(|()| String::from_utf8(out).unwrap());
        let want = want.map(|object| format!("{object}\n"));
        assert_eq!(got.map_err(|_| ()), want, "{line}");
    }
}
