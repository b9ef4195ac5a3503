//! The parser, row by row: a line in, the exact JSON object (or the failing field) out.
//! Every row is also run through the format's definition (its nickname compiled as any
//! format is), which must agree.

mod support;

use firelog::access_log::{Builtin, Captures, Field, Scanner};
use firelog::output::write_line;

/// `Ok` rows: the line and the exact object written for it (without its `\n`).
const OK: &[(&str, &[u8], &str)] = &[
    (
        "Apache's documented combined line",
        br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#,
        r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":"http://www.example.com/start.html","user_agent":"Mozilla/4.08 [en] (Win98; I ;Nav)"}"#,
    ),
    (
        "common format: referer and agent are null",
        br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#,
        r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":null,"user_agent":null}"#,
    ),
    (
        "IPv6 client, offset crossing the year, - bytes is 0",
        br#"2001:db8::1 - - [01/Jan/2024:00:15:00 +0530] "GET / HTTP/2.0" 304 - "-" "curl/8.5.0""#,
        r#"{"host":"2001:db8::1","ident":null,"user":null,"timestamp":"2023-12-31T18:45:00Z","method":"GET","path":"/","protocol":"HTTP/2.0","request":"GET / HTTP/2.0","status":304,"bytes":0,"referer":null,"user_agent":"curl/8.5.0"}"#,
    ),
    (
        "host name, ident and user",
        br#"www.example.com ident-7 alice [29/Feb/2024:23:59:59 -0100] "POST /login HTTP/1.1" 302 0 "https://www.example.com/" "Mozilla/5.0""#,
        r#"{"host":"www.example.com","ident":"ident-7","user":"alice","timestamp":"2024-03-01T00:59:59Z","method":"POST","path":"/login","protocol":"HTTP/1.1","request":"POST /login HTTP/1.1","status":302,"bytes":0,"referer":"https://www.example.com/","user_agent":"Mozilla/5.0"}"#,
    ),
    (
        "Apache's \\\" and \\\\ escapes are undone; \\xhh stays as text",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /q?s=\"x\"&p=a\\b HTTP/1.1" 200 12 "-" "Agent \"quoted\" \x07 end""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/q?s=\"x\"&p=a\\b","protocol":"HTTP/1.1","request":"GET /q?s=\"x\"&p=a\\b HTTP/1.1","status":200,"bytes":12,"referer":null,"user_agent":"Agent \"quoted\" \\x07 end"}"#,
    ),
    (
        "64-bit size",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /big.iso HTTP/1.1" 200 10737418240 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/big.iso","protocol":"HTTP/1.1","request":"GET /big.iso HTTP/1.1","status":200,"bytes":10737418240,"referer":null,"user_agent":null}"#,
    ),
    (
        "largest size a u64 holds",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 18446744073709551615"#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":18446744073709551615,"referer":null,"user_agent":null}"#,
    ),
    (
        "HTTP/0.9: two parts, protocol is null",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /" 200 5 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":null,"request":"GET /","status":200,"bytes":5,"referer":null,"user_agent":null}"#,
    ),
    (
        "request - (a 408 before any request line)",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "-" 408 - "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"-","status":408,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "TLS handshake sent to a plain-HTTP port, as Apache escapes it",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" 400 226 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03","status":400,"bytes":226,"referer":null,"user_agent":null}"#,
    ),
    (
        "four parts (a raw space in the path): method, path, protocol are null",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /a b HTTP/1.1" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"GET /a b HTTP/1.1","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "an RDP probe's cookie is not a request: no method, path or protocol",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "Cookie: mstshash=admin" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"Cookie: mstshash=admin","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "an RDP probe as Apache escapes it: the method is not a token",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "\x03\x00\x00/*\xe0\x00\x00\x00\x00\x00Cookie: mstshash=Administr" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"\\x03\\x00\\x00/*\\xe0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "TLS bytes written raw, with spaces among them: the method is not a token",
        b"10.0.0.1 - - [17/May/2015:10:05:03 +0000] \"\x16\x03\x01 \x02 \x00\" 400 0 \"-\" \"-\"",
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"\u0016\u0003\u0001 \u0002 \u0000","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "UPnP's M-SEARCH is a token, * a path",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "M-SEARCH * HTTP/1.1" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"M-SEARCH","path":"*","protocol":"HTTP/1.1","request":"M-SEARCH * HTTP/1.1","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "a lower-case method is a token, kept as logged",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "get /x HTTP/1.1" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"get","path":"/x","protocol":"HTTP/1.1","request":"get /x HTTP/1.1","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "every tchar makes a method",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "!#$%&'*+-.^_`|~09Az / HTTP/1.1" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"!#$%&'*+-.^_`|~09Az","path":"/","protocol":"HTTP/1.1","request":"!#$%&'*+-.^_`|~09Az / HTTP/1.1","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "a method with : is not a token",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GE:T / HTTP/1.1" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"GE:T / HTTP/1.1","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "an empty method (the request starts with a space) is not a token",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] " / HTTP/1.1" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":" / HTTP/1.1","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "a protocol that is not HTTP/x.y is kept as logged",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "OPTIONS sip:nm SIP/2.0" 400 0 "-" "-""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"OPTIONS","path":"sip:nm","protocol":"SIP/2.0","request":"OPTIONS sip:nm SIP/2.0","status":400,"bytes":0,"referer":null,"user_agent":null}"#,
    ),
    (
        "empty request, empty referer and agent stay empty strings",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "" 400 0 "" """#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":null,"path":null,"protocol":null,"request":"","status":400,"bytes":0,"referer":"","user_agent":""}"#,
    ),
    (
        "an empty user name, which Apache logs as \"\"",
        br#"10.0.0.1 - "" [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 401 381"#,
        r#"{"host":"10.0.0.1","ident":null,"user":"","timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":401,"bytes":381,"referer":null,"user_agent":null}"#,
    ),
    (
        "raw bytes that are not UTF-8 become \\xhh text; UTF-8 is kept",
        b"10.0.0.1 - - [17/May/2015:10:05:03 +0000] \"GET /caf\xc3\xa9 HTTP/1.1\" 200 1 \"http://\xe4\xe5\xe3/\" \"-\"",
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/café","protocol":"HTTP/1.1","request":"GET /café HTTP/1.1","status":200,"bytes":1,"referer":"http://\\xe4\\xe5\\xe3/","user_agent":null}"#,
    ),
    (
        "control bytes from a writer that does not escape are JSON-escaped",
        b"10.0.0.1 - - [17/May/2015:10:05:03 +0000] \"GET /\ttab HTTP/1.1\" 200 1 \"-\" \"a\x01b\"",
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/\u0009tab","protocol":"HTTP/1.1","request":"GET /\u0009tab HTTP/1.1","status":200,"bytes":1,"referer":null,"user_agent":"a\u0001b"}"#,
    ),
    (
        "nginx's combined: $remote_addr - $remote_user [$time_local] ...",
        br#"192.0.2.7 - - [21/Nov/2026:06:25:24 +0100] "GET /favicon.ico HTTP/1.1" 404 153 "https://example.org/" "Mozilla/5.0 (X11; Linux x86_64)""#,
        r#"{"host":"192.0.2.7","ident":null,"user":null,"timestamp":"2026-11-21T05:25:24Z","method":"GET","path":"/favicon.ico","protocol":"HTTP/1.1","request":"GET /favicon.ico HTTP/1.1","status":404,"bytes":153,"referer":"https://example.org/","user_agent":"Mozilla/5.0 (X11; Linux x86_64)"}"#,
    ),
    (
        "a quote in an unquoted field of an otherwise plain line is escaped",
        br#"a"b - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#,
        r#"{"host":"a\"b","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":1,"referer":null,"user_agent":null}"#,
    ),
    (
        "brackets and quotes inside the request do not confuse the fields",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /a[1]] HTTP/1.1" 200 1 "-" "x [y] \"z\"""#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/a[1]]","protocol":"HTTP/1.1","request":"GET /a[1]] HTTP/1.1","status":200,"bytes":1,"referer":null,"user_agent":"x [y] \"z\""}"#,
    ),
    (
        "Apache's - status (no status) is null",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" - 1"#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":null,"bytes":1,"referer":null,"user_agent":null}"#,
    ),
    (
        "a proxy's address list where the client address goes is kept as logged",
        br#"10.0.0.2, 10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-""#,
        r#"{"host":"10.0.0.2, 10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":1,"referer":null,"user_agent":null}"#,
    ),
    (
        "an address list without spaces",
        br#"203.0.113.9,10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#,
        r#"{"host":"203.0.113.9,10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":1,"referer":null,"user_agent":null}"#,
    ),
    (
        "nginx's main: the forwarded-for after the agent is kept as extra",
        br#"203.0.113.9 - - [21/Nov/2026:06:25:24 +0100] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "203.0.113.9, 10.1.2.3""#,
        r#"{"host":"203.0.113.9","ident":null,"user":null,"timestamp":"2026-11-21T05:25:24Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":612,"referer":null,"user_agent":"curl/8.5.0","extra":"\"203.0.113.9, 10.1.2.3\""}"#,
    ),
    (
        "a trailing duration is kept as extra",
        br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-" 1234"#,
        r#"{"host":"10.0.0.1","ident":null,"user":null,"timestamp":"2015-05-17T10:05:03Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":1,"referer":null,"user_agent":null,"extra":"1234"}"#,
    ),
];

/// Failing rows: the line and the field the scanner names.
const BAD: &[(&str, &[u8], Field)] = &[
    ("empty line", b"", Field::Host),
    ("two spaces after the host", br#"10.0.0.1  - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#, Field::Ident),
    ("no user field", br#"10.0.0.1 - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#, Field::Time),
    ("32/May", br#"10.0.0.1 - - [32/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#, Field::Time),
    ("month Foo", br#"10.0.0.1 - - [17/Foo/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#, Field::Time),
    ("29 February in a common year", br#"10.0.0.1 - - [29/Feb/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#, Field::Time),
    ("ISO timestamp", br#"10.0.0.1 - - [2015-05-17T10:05:03Z] "GET / HTTP/1.1" 200 1"#, Field::Time),
    ("no closing bracket", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000 "GET / HTTP/1.1" 200 1"#, Field::Time),
    ("request not quoted", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] GET / HTTP/1.1 200 1"#, Field::Request),
    ("request never closed", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1 200 1"#, Field::Request),
    ("backslash ends the line inside the request", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /\"#, Field::Request),
    ("two-digit status", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 20 1"#, Field::Status),
    ("four-digit status", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 2000 1"#, Field::Status),
    ("status -x", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" -x 1"#, Field::Status),
    ("a comma where the address list goes on", br#"10.0.0.2, - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1"#, Field::Time),
    ("no bytes field", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200"#, Field::Bytes),
    ("bytes not a number", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12a"#, Field::Bytes),
    ("bytes beyond 64 bits", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 18446744073709551616"#, Field::Bytes),
    ("negative bytes", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 -5"#, Field::Bytes),
    ("referer not quoted", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 - -"#, Field::Referer),
    ("referer without agent", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-""#, Field::UserAgent),
    ("user agent cut off (the corpus's line 8899)", br#"46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html"#, Field::UserAgent),
    ("text glued to the agent", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"1234"#, Field::End),
    ("an unescaped quote inside the agent", br#"10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "a "b" c""#, Field::End),
    ("JSON is not an access log", br#"{"host":"10.0.0.1"}"#, Field::Ident),
];

/// The object written for `line`, by both writers: the general one and the one that
/// copies the fields of plain lines as they are. They must agree.
fn json(parser: &Scanner, line: &[u8]) -> Result<String, Field> {
    let mut captures = Captures::default();
    let entry = parser.parse(line, &mut captures).map_err(|e| e.field)?;
    let mut out = Vec::new();
    // Told the line may need escaping (a backslash), the writer escapes every value.
    write_line(&mut out, &entry, b"\\", None);
    let mut fast = Vec::new();
    write_line(&mut fast, &entry, line, None);
    assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&out), "the two writers differ");
    Ok(String::from_utf8(out).expect("output is UTF-8"))
}

#[test]
fn ok_rows_write_the_exact_object() {
    let parser = Scanner::new(Builtin::Combined);
    for (name, line, want) in OK {
        let got = json(&parser, line);
        assert_eq!(got, Ok(format!("{want}\n")), "row: {name}");
        serde_json::from_str::<serde_json::Value>(want).unwrap_or_else(|e| panic!("row {name}: {e}"));
    }
}

#[test]
fn bad_rows_name_the_failing_field() {
    let parser = Scanner::new(Builtin::Combined);
    for (name, line, field) in BAD {
        assert_eq!(json(&parser, line), Err(*field), "row: {name}");
    }
}

#[test]
fn the_definition_agrees_with_the_scanner_on_every_row() {
    for format in [Builtin::Combined, Builtin::Common, Builtin::NginxCombined] {
        let parser = Scanner::new(format);
        for (name, line) in OK.iter().map(|(n, l, _)| (n, l)).chain(BAD.iter().map(|(n, l, _)| (n, l))) {
            if let Err(why) = support::definition::agree(&parser, line) {
                panic!("{format:?} row {name}: {why}");
            }
        }
    }
}

#[test]
fn common_format_refuses_combined_lines() {
    let parser = Scanner::new(Builtin::Common);
    assert_eq!(json(&parser, OK[0].1), Err(Field::End));
    assert_eq!(json(&parser, OK[1].1), Ok(format!("{}\n", OK[1].2)));
}

#[test]
fn error_messages_read_as_sentences() {
    let parser = Scanner::new(Builtin::Combined);
    let err = parser.parse(BAD[3].1, &mut Captures::default()).unwrap_err();
    assert_eq!(err.to_string(), r#"invalid timestamp (%t) at column 13: found " [32/May/2015:10...""#);
}
