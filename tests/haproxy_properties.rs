//! Properties of HAProxy's reader: any `log-format` of its aliases reads the lines it
//! describes (generated value by value, with `-1`, `+` and `-` where HAProxy writes them,
//! IPv6 clients, captured headers present or not, a syslog prefix or none) into exactly
//! the values written; and where the scan reads a line, the regex reads the same groups.

mod support;

use firelog::access_log::Format;
use proptest::prelude::*;
use serde_json::{Value, json};

/// What an alias's generated value is written as.
#[derive(Clone, Copy)]
enum Gen {
    /// An address: IPv4, IPv6 or `unix`.
    Host,
    /// A timer or count: digits, `-1` (null) or `+digits`.
    Number,
    /// A status: three digits or `-1`.
    Status,
    /// A name: letters, digits and `-_.~<>`, or `-` (null).
    Name,
    /// `%tsc`: four flag characters.
    Flags,
    /// `%hr`/`%hs`: `{a|b c}` or nothing.
    Captured,
}

/// (alias, key, generator). Each appears once in a format, so keys never clash.
const ALIASES: &[(&str, &str, Gen)] = &[
    ("%ci", "host", Gen::Host),
    ("%cp", "client_port", Gen::Number),
    ("%fi", "frontend_ip", Gen::Host),
    ("%ft", "frontend_name_transport", Gen::Name),
    ("%b", "backend_name", Gen::Name),
    ("%s", "server_name", Gen::Name),
    ("%TR", "request_time_ms", Gen::Number),
    ("%Tw", "queue_time_ms", Gen::Number),
    ("%Tc", "connect_time_ms", Gen::Number),
    ("%Tr", "response_time_ms", Gen::Number),
    ("%Ta", "active_time_ms", Gen::Number),
    ("%ST", "status", Gen::Status),
    ("%B", "bytes", Gen::Number),
    ("%CC", "captured_request_cookie", Gen::Name),
    ("%tsc", "termination_state", Gen::Flags),
    ("%ac", "actconn", Gen::Number),
    ("%rc", "retries", Gen::Number),
    ("%hr", "captured_request_headers", Gen::Captured),
    ("%hs", "captured_response_headers", Gen::Captured),
    ("%[ssl_fc_sni]", "ssl_fc_sni", Gen::Name),
];

/// A value for `generator` from `n`: the text in the line and the JSON it reads as.
fn value(generator: Gen, n: u32) -> (String, Value) {
    let pick = |options: &[&str]| options[n as usize % options.len()].to_string();
    match generator {
        Gen::Host => {
            let text = pick(&[
                "10.0.1.2",
                "2001:db8::1",
                "::1",
                "unix",
                "192.0.2.255",
                "2001:db8:85a3::8a2e:370:7334",
            ]);
            (text.clone(), json!(text))
        }
        Gen::Number => match n % 4 {
            0 => ("-1".into(), Value::Null),
            1 => (format!("+{}", n / 4), json!(n / 4)),
            _ => ((n / 4).to_string(), json!(n / 4)),
        },
        Gen::Status => match n % 5 {
            0 => ("-1".into(), Value::Null),
            _ => {
                let code = 100 + n % 500;
                (code.to_string(), json!(code))
            }
        },
        Gen::Name => match n % 5 {
            0 => ("-".into(), Value::Null),
            _ => {
                let text = pick(&["http-in", "www~", "<NOSRV>", "srv_1", "static", "a.b", "SERVERID=a1"]);
                (text.clone(), json!(text))
            }
        },
        Gen::Flags => {
            let text = pick(&["----", "CD--", "sH--", "--VN", "PR--"]);
            (text.clone(), json!(text))
        }
        Gen::Captured => match n % 4 {
            0 => (String::new(), Value::Null),
            1 => ("{} ".into(), json!("")),
            _ => {
                let inside = pick(&["1wt.eu", "a|b c", "Mozilla/5.0 (X11)|-", "x:1"]);
                (format!("{{{inside}}} "), json!(inside))
            }
        },
    }
}

/// A format of `picks` (indices into [`ALIASES`]) with the separators `seps` picks, and
/// a line of it from `seeds`: (LOG_FORMAT, line, the values by key).
fn case(picks: &[usize], seps: &[u8], seeds: &[u32], prefix: u8) -> (String, String, Vec<(String, Value)>) {
    let mut format = String::from("log-format \"");
    let mut line = String::from(match prefix % 3 {
        0 => "",
        1 => "Feb  6 12:14:14 localhost haproxy[14389]: ",
        _ => "haproxy[7]: ",
    });
    let mut want = Vec::new();
    let mut seen = Vec::new();
    let mut after_captured = None;
    for (n, &pick) in picks.iter().enumerate() {
        let pick = pick % ALIASES.len();
        if seen.contains(&pick) {
            continue;
        }
        let (alias, key, generator) = ALIASES[pick];
        // The separator before an item; after captured headers it is theirs, in the line
        // only when the braces are (their text ends with it).
        match after_captured {
            None if seen.is_empty() => {}
            Some(_) => format.push(' '),
            None => {
                let sep = if seps[n % seps.len()].is_multiple_of(3) { "/" } else { " " };
                format.push_str(sep);
                line.push_str(sep);
            }
        }
        seen.push(pick);
        let mixed = seeds[n % seeds.len()].wrapping_mul(2_654_435_761).rotate_left(n as u32);
        let (mut text, mut json) = value(generator, mixed);
        // Braces right after absent ones would be read as the first's: HAProxy writes
        // nothing to tell which (see docs/formats.md); a configuration captures the
        // request's headers, the response's, or both.
        if after_captured == Some(true) && matches!(generator, Gen::Captured) {
            (text, json) = (String::new(), Value::Null);
        }
        format.push_str(alias);
        line.push_str(&text);
        after_captured = matches!(generator, Gen::Captured).then_some(json.is_null());
        want.push((key.to_string(), json));
    }
    format.push('"');
    // Captured headers closing the format write no separator after their braces.
    if after_captured.is_some() && line.ends_with("} ") {
        line.pop();
    }
    (format, line, want)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_log_format_of_its_aliases_reads_its_lines(
        picks in prop::collection::vec(0..ALIASES.len(), 1..10),
        seps in prop::collection::vec(any::<u8>(), 1..10),
        seeds in prop::collection::vec(any::<u32>(), 1..10),
        prefix in any::<u8>(),
    ) {
        let (log_format, line, want) = case(&picks, &seps, &seeds, prefix);
        let format = support::rows::reads(&log_format, &line, &want)?;
        // The scan and the regex read the same groups.
        if let Format::Matcher(matcher) = &format {
            let (mut scanned, mut matched) = (Vec::new(), Vec::new());
            let mut locs = matcher.regex().capture_locations();
            let by_regex = matcher.match_regex(line.as_bytes(), &mut locs, &mut matched);
            if matcher.scan(line.as_bytes(), &mut scanned).is_ok() {
                prop_assert!(by_regex.is_some());
                prop_assert_eq!(scanned, matched);
            }
        }
    }
}
