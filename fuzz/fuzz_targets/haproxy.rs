//! Any text as a HAProxy log-format string (the first line; a nickname such as
//! `haproxy_http` too) and any bytes as its lines (the rest), a syslog prefix (RFC 3164's
//! or RFC 5424's, structured data and all; seeds in testdata/formats/haproxy-*.txt) or not: no
//! panic; a format is read or refused; when the scan reads a line the regex matches it
//! with the same groups; every parsed line is written as one JSON object.
#![no_main]

use firelog::access_log::matcher::Matcher;
use firelog::access_log::{Captures, Format, haproxy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, lines) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let Ok(plan) = haproxy::parse(&String::from_utf8_lossy(text)) else { return };
    let Ok(matcher) = Matcher::compile(plan) else { return };
    let format = Format::Matcher(Box::new(matcher));
    let mut captures = Captures::default();
    for line in firelog::transform::lines(lines).flatten() {
        if let Format::Matcher(matcher) = &format {
            let (mut scanned, mut matched) = (Vec::new(), Vec::new());
            let mut locs = matcher.regex().capture_locations();
            let by_regex = matcher.match_regex(line, &mut locs, &mut matched);
            if matcher.scan(line, &mut scanned).is_ok() {
                assert!(by_regex.is_some(), "the scan reads a line the regex does not");
                assert_eq!(scanned, matched);
            }
        }
        if let Ok(parsed) = format.parse(line, &mut captures) {
            let mut out = Vec::new();
            firelog::output::write_line(&mut out, &parsed, line, None);
            let value: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
            assert!(value.is_object());
        }
    }
});
