//! The dialects' readers (Squid's `logformat`, Tomcat's `pattern="..."`, varnishncsa's
//! `-F`, the dialects' nicknames) on any text, and any bytes as their lines: no panic; a
//! format is read or refused; when the scan reads a line the regex matches it with the
//! same groups; every parsed line is written as one JSON object.
//!
//! The first line is the format: its first byte picks the form it is wrapped in (so the
//! fuzzer reaches each reader), the rest is the format's text. The other lines are lines.
#![no_main]

use firelog::access_log::{Captures, Format};
use libfuzzer_sys::fuzz_target;

/// The dialects' nicknames, for the form that names one.
const NICKNAMES: [&str; 7] =
    ["traefik", "traefik_generic", "tomcat", "squid", "squid_common", "squid_combined", "varnishncsa"];

fuzz_target!(|data: &[u8]| {
    let (head, lines) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let Some((&pick, body)) = head.split_first() else { return };
    let body = String::from_utf8_lossy(body);
    let text = match pick % 5 {
        0 => format!("logformat fuzz {body}"),
        1 => format!("pattern=\"{body}\""),
        2 => format!("varnishncsa -F '{body}'"),
        3 => NICKNAMES[usize::from(pick / 5) % NICKNAMES.len()].to_string(),
        _ => body.into_owned(),
    };
    let Ok(format) = Format::new(&text) else { return };
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
