//! API Gateway's `$context` formats: the first line is a template, where each byte below
//! 0x20 stands for one of the reader's known variables (so the fuzzer combines variables
//! and separators) and every other byte is itself; the rest are lines. No panic on any
//! template or line; the first line as written is read or refused; a template is read or
//! refused; when the scan reads a line the regex matches it with the same groups; every
//! parsed line is written as one JSON object.
#![no_main]

use firelog::access_log::apigateway::{self, VARIABLES};
use firelog::access_log::{Captures, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, lines) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let raw = String::from_utf8_lossy(text);
    let _ = apigateway::parse(&raw);
    let mut template = String::new();
    for c in raw.chars() {
        match u32::from(c) {
            n @ 0..0x20 => {
                template.push_str(apigateway::PREFIX);
                template.push_str(VARIABLES[n as usize % VARIABLES.len()].name);
            }
            _ => template.push(c),
        }
    }
    let Ok(format) = Format::new(&template) else { return };
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
