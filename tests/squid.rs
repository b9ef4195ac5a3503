//! Squid's lines where its built-in formats differ from their `logformat` text, row by
//! row: LOG_FORMAT, a line in, the exact JSON object (or the line's exact error) out.
//!
//! Every expected value is what Squid's code prints (squid-cache/squid,
//! `src/log/FormatSquidNative.cc`, `FormatHttpdCommon.cc`, `FormatHttpdCombined.cc`,
//! `src/format/Format.cc`, `src/format/Quoting.cc`):
//! - The status sent to the client is `0` when Squid sent none: the native format prints
//!   it with `%03d` (`NONE_NONE/000`), the httpd ones and a `logformat`'s `%>Hs` with
//!   `%d` (`0`). Both are written 0, as Envoy's `0` is; `%<Hs` prints `-` when no
//!   reply came from the next hop (null).
//! - `log_mime_hdrs on` appends ` [request headers] [reply headers]` to the native and
//!   httpd formats' lines, each in Squid's `[` encoding: `%`, `[`, `]`, control bytes and
//!   bytes past ASCII as `%XX`, CR and LF as the two characters `\r` and `\n`, spaces as
//!   they are; a transaction without headers prints `[]`. The reply's are its status line,
//!   its headers and the blank line. Both are written as logged; a line without them reads
//!   too, the two keys null.

mod support;

use support::rows::Row;
use support::rows::Want::{Error, Json};

/// (name, LOG_FORMAT, line, what it gives).
const ROWS: &[Row] = &[
    (
        "squid_common: an aborted miss, no status sent (%d: 0)",
        "squid_common",
        br#"192.168.0.224 - - [14/Nov/2023:22:13:20 +0000] "GET http://www.example.com/big.iso HTTP/1.1" 0 0 TCP_MISS_ABORTED:HIER_DIRECT"#,
        Json(r#"{"host":"192.168.0.224","ident":null,"user":null,"timestamp":"2023-11-14T22:13:20Z","method":"GET","path":"http://www.example.com/big.iso","protocol":"HTTP/1.1","status":0,"bytes":0,"result_code":"TCP_MISS_ABORTED","hierarchy_code":"HIER_DIRECT","request_headers":null,"reply_headers":null}"#),
    ),
    (
        "squid_combined: an IPv6 client's tunnel aborted before the reply",
        "squid_combined",
        br#"2001:db8::17 - - [14/Nov/2023:22:13:20 +0100] "CONNECT www.example.com:443 HTTP/1.1" 0 0 "-" "curl/8.5.0" TCP_TUNNEL_ABORTED:HIER_DIRECT"#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":null,"timestamp":"2023-11-14T21:13:20Z","method":"CONNECT","path":"www.example.com:443","protocol":"HTTP/1.1","status":0,"bytes":0,"referer":null,"user_agent":"curl/8.5.0","result_code":"TCP_TUNNEL_ABORTED","hierarchy_code":"HIER_DIRECT","request_headers":null,"reply_headers":null}"#),
    ),
    (
        "logformat: %>Hs unpadded is 0, %<Hs - without a reply from the next hop",
        "logformat mine %ts.%03tu %>a %Ss/%>Hs %<Hs %rm %ru",
        b"1700000000.123 10.0.0.1 TCP_MISS_ABORTED/0 - GET http://www.example.com/",
        Json(r#"{"timestamp":"2023-11-14T22:13:20.123Z","host":"10.0.0.1","result_code":"TCP_MISS_ABORTED","status":0,"upstream_status":null,"method":"GET","path":"http://www.example.com/"}"#),
    ),
    (
        "combined reads a lone 0 as every status field does (the scanner and its definition agree)",
        "combined",
        br#"2001:db8::17 - - [14/Nov/2023:22:13:20 +0000] "GET / HTTP/1.1" 0 0 "-" "curl/8.5.0""#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":null,"timestamp":"2023-11-14T22:13:20Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":0,"bytes":0,"referer":null,"user_agent":"curl/8.5.0"}"#),
    ),
    (
        "logformat: %03>Hs pads to 000, the same 0",
        "logformat mine %>a %Ss/%03>Hs",
        b"2001:db8::17 NONE_NONE/000",
        Json(r#"{"host":"2001:db8::17","result_code":"NONE_NONE","status":0}"#),
    ),
    (
        "logformat: a status is three digits or a lone 0",
        "logformat mine %>a %Ss/%>Hs",
        b"10.0.0.1 TCP_MISS/00",
        Error("unexpected text after the last field at column 20: found \"0\""),
    ),
    (
        "squid: log_mime_hdrs on, a miss",
        "squid",
        br"1700000100.250   1203 192.168.10.23 TCP_MISS/200 5120 GET http://www.example.com/index.html - HIER_DIRECT/203.0.113.10 text/html [Host: www.example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n] [HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4890\r\n\r\n]",
        Json(r#"{"timestamp":"2023-11-14T22:15:00.250Z","duration_ms":1203,"host":"192.168.10.23","result_code":"TCP_MISS","status":200,"bytes":5120,"method":"GET","path":"http://www.example.com/index.html","user":null,"hierarchy_code":"HIER_DIRECT","upstream_ip":"203.0.113.10","content_type":"text/html","request_headers":"Host: www.example.com\\r\\nUser-Agent: curl/8.5.0\\r\\nAccept: */*\\r\\n","reply_headers":"HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Length: 4890\\r\\n\\r\\n"}"#),
    ),
    (
        "squid: log_mime_hdrs on, denied, an IPv6 client, brackets and % encoded, no reply headers",
        "squid",
        br"1700000200.004      0 2001:db8::17 TCP_DENIED/403 3944 GET http://blocked.example/ alice HIER_NONE/- text/html [Host: blocked.example\r\nX-Note: 100%25 %5Bsic%5D caf%C3%A9\r\n] []",
        Json(r#"{"timestamp":"2023-11-14T22:16:40.004Z","duration_ms":0,"host":"2001:db8::17","result_code":"TCP_DENIED","status":403,"bytes":3944,"method":"GET","path":"http://blocked.example/","user":"alice","hierarchy_code":"HIER_NONE","upstream_ip":null,"content_type":"text/html","request_headers":"Host: blocked.example\\r\\nX-Note: 100%25 %5Bsic%5D caf%C3%A9\\r\\n","reply_headers":""}"#),
    ),
    (
        "squid: log_mime_hdrs on, no status sent, no headers at all",
        "squid",
        b"1700000000.123      5 10.0.0.1 NONE_NONE/000 0 - error:transaction-end-before-headers - HIER_NONE/- - [] []",
        Json(r#"{"timestamp":"2023-11-14T22:13:20.123Z","duration_ms":5,"host":"10.0.0.1","result_code":"NONE_NONE","status":0,"bytes":0,"method":null,"path":"error:transaction-end-before-headers","user":null,"hierarchy_code":"HIER_NONE","upstream_ip":null,"content_type":null,"request_headers":"","reply_headers":""}"#),
    ),
    (
        "squid_common: log_mime_hdrs on",
        "squid_common",
        br#"192.168.0.224 - alice [14/Nov/2023:22:13:20 +0000] "GET http://www.example.com/ HTTP/1.1" 200 411 TCP_MISS:HIER_DIRECT [Host: www.example.com\r\nAccept: */*\r\n] [HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n]"#,
        Json(r#"{"host":"192.168.0.224","ident":null,"user":"alice","timestamp":"2023-11-14T22:13:20Z","method":"GET","path":"http://www.example.com/","protocol":"HTTP/1.1","status":200,"bytes":411,"result_code":"TCP_MISS","hierarchy_code":"HIER_DIRECT","request_headers":"Host: www.example.com\\r\\nAccept: */*\\r\\n","reply_headers":"HTTP/1.1 200 OK\\r\\nServer: nginx\\r\\n\\r\\n"}"#),
    ),
    (
        "squid_combined: log_mime_hdrs on, an IPv6 client's tunnel",
        "squid_combined",
        br#"2001:db8::17 - - [14/Nov/2023:22:13:20 +0000] "CONNECT www.example.com:443 HTTP/1.1" 200 4821 "-" "curl/8.5.0" TCP_TUNNEL:HIER_DIRECT [Host: www.example.com:443\r\nUser-Agent: curl/8.5.0\r\nProxy-Connection: Keep-Alive\r\n] []"#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":null,"timestamp":"2023-11-14T22:13:20Z","method":"CONNECT","path":"www.example.com:443","protocol":"HTTP/1.1","status":200,"bytes":4821,"referer":null,"user_agent":"curl/8.5.0","result_code":"TCP_TUNNEL","hierarchy_code":"HIER_DIRECT","request_headers":"Host: www.example.com:443\\r\\nUser-Agent: curl/8.5.0\\r\\nProxy-Connection: Keep-Alive\\r\\n","reply_headers":""}"#),
    ),
    (
        "squid: one bracketed block is not what log_mime_hdrs writes",
        "squid",
        br"1700000100.250   1203 192.168.10.23 TCP_MISS/200 5120 GET http://www.example.com/ - HIER_DIRECT/203.0.113.10 text/html [Host: www.example.com\r\n]",
        Error("expected the format's text after the field at LOG_FORMAT position 62 at column 146: found \"]\""),
    ),
    (
        "logformat: the headers in a format of one's own, %[>h between brackets",
        "logformat mine %>a %Ss/%03>Hs [%[>h] [%[<h]",
        br"10.0.0.1 TCP_HIT/200 [Host: a.example\r\n] [HTTP/1.1 200 OK\r\nAge: 5\r\n\r\n]",
        Json(r#"{"host":"10.0.0.1","result_code":"TCP_HIT","status":200,"request_headers":"Host: a.example\\r\\n","reply_headers":"HTTP/1.1 200 OK\\r\\nAge: 5\\r\\n\\r\\n"}"#),
    ),
    (
        "logformat: the headers a format of one's own names are never optional",
        "logformat mine %>a %Ss/%03>Hs [%[>h] [%[<h]",
        b"10.0.0.1 TCP_HIT/200",
        Error("expected the format's text after the field at LOG_FORMAT position 24 at column 21: the line ends"),
    ),
];

#[test]
fn every_row_gives_its_documented_object_or_error() {
    support::rows::check(ROWS);
}

#[test]
fn the_nicknames_read_their_lines_with_or_without_the_mime_headers() {
    use firelog::access_log::detect::detect;
    for (want, line) in [
        (
            "squid",
            &br"1700000100.250   1203 192.168.10.23 TCP_MISS/200 5120 GET http://www.example.com/ - HIER_DIRECT/203.0.113.10 text/html [Host: www.example.com\r\n] []"[..],
        ),
        (
            "squid_common",
            br#"192.168.0.224 - - [14/Nov/2023:22:13:20 +0000] "GET http://www.example.com/ HTTP/1.1" 0 0 TCP_MISS_ABORTED:HIER_DIRECT [Host: www.example.com\r\n] []"#,
        ),
    ] {
        let detection = detect(&[Some(line)]);
        let best = &detection.results[0];
        assert_eq!(best.candidate.name, want);
        assert_eq!((best.read, best.with_extra), (1, 0), "{want}");
    }
}
