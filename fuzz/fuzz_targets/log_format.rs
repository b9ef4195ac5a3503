//! Every reader's format strings: any text as a format (the first line) and any bytes as
//! its lines (the rest): no panic; a format is read or refused; when the scan reads a line
//! the regex matches it with the same groups; every parsed line is written as one JSON
//! object.
//!
//! The first line is `LOG_FORMAT` as written, unless its first byte is below 0x08: that
//! byte then picks a reader or a form for the rest of the line, so the fuzzer reaches
//! each reader whatever the text looks like:
//! - 0, 1: Envoy's, HAProxy's reader, called directly;
//! - 2: API Gateway's reader on the text as written, then the text as a template in which
//!   each byte below 0x20 stands for one of the reader's known `$context` variables (so
//!   the fuzzer combines variables and separators);
//! - 3, 4, 5: the text wrapped as a Squid `logformat`, a Tomcat `pattern="..."`, a
//!   varnishncsa `-F`;
//! - 6: a nickname, any reader's, picked by the text's length; 7: the same after `syslog:`
//!   (a syslog header read before its lines, or refused for a JSON log or a layout).
#![no_main]

use firelog::access_log::apigateway::{self, VARIABLES};
use firelog::access_log::matcher::Matcher;
use firelog::access_log::{Captures, Format, envoy, haproxy, nicknames};
use libfuzzer_sys::fuzz_target;

/// The format the first line stands for, or `None` where the reader refuses it.
fn format(head: &[u8]) -> Option<Format> {
    let (pick, body) = match head.split_first() {
        Some((&pick, body)) if pick < 8 => (pick, String::from_utf8_lossy(body)),
        _ => return Format::new(&String::from_utf8_lossy(head)).ok(),
    };
    let text = match pick {
        0 | 1 => {
            let plan = if pick == 0 { envoy::parse(&body) } else { haproxy::parse(&body) };
            return Some(Format::Matcher(Box::new(Matcher::compile(plan.ok()?).ok()?)));
        }
        2 => {
            let _ = apigateway::parse(&body);
            let mut template = String::new();
            for c in body.chars() {
                match u32::from(c) {
                    n @ 0..0x20 => {
                        template.push_str(apigateway::PREFIX);
                        template.push_str(VARIABLES[n as usize % VARIABLES.len()].name);
                    }
                    _ => template.push(c),
                }
            }
            template
        }
        3 => format!("logformat fuzz {body}"),
        4 => format!("pattern=\"{body}\""),
        5 => format!("varnishncsa -F '{body}'"),
        _ => {
            let names = nicknames();
            let name = names[body.len() % names.len()];
            if pick == 7 { format!("syslog:{name}") } else { name.to_string() }
        }
    };
    Format::new(&text).ok()
}

fuzz_target!(|data: &[u8]| {
    let (head, lines) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let Some(format) = format(head) else { return };
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
