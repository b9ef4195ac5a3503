//! Properties of HAProxy's reader: any `log-format` of its aliases reads the lines it
//! describes (generated value by value, with `-1`, `+` and `-` where HAProxy writes them,
//! IPv6 clients, captured headers present or not, a syslog prefix or none) into exactly
//! the values written; and where the scan reads a line, the regex reads the same groups.

mod support;

use firelog::access_log::{Captures, Format};
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

/// Printable US-ASCII header text (RFC 5424's PRINTUSASCII), `-` alone being nil.
fn header_field() -> impl Strategy<Value = String> {
    "[!-~]{1,12}"
}

/// One SD-ELEMENT, `[id k="v" ...]`, and its text as logged: names without `=`, `]`,
/// `"` or a space; values of any text, `"`, `\` and `]` escaped.
fn sd_element() -> impl Strategy<Value = String> {
    let name = "[!#-<>-\\\\^-~]{1,8}";
    (name, prop::collection::vec((name, "[ -~é]{0,8}"), 0..3)).prop_map(|(id, params)| {
        let mut element = format!("[{id}");
        for (k, v) in params {
            let escaped: String = v
                .chars()
                .flat_map(|c| if matches!(c, '"' | '\\' | ']') { vec!['\\', c] } else { vec![c] })
                .collect();
            element.push_str(&format!(" {k}=\"{escaped}\""));
        }
        element.push(']');
        element
    })
}

/// A syslog prefix of any form firelog reads, and the values it gives (host, process,
/// pid, structured data).
fn prefix() -> impl Strategy<Value = (String, [Value; 4])> {
    let rfc5424 = (
        any::<bool>(),
        prop::option::of(header_field()),
        prop::option::of(header_field()),
        prop_oneof![Just("-".to_string()), "[0-9]{1,7}", header_field()],
        header_field(),
        prop::collection::vec(sd_element(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(pri, host, app, procid, msgid, sd, bom)| {
            let nil = |v: &Option<String>| v.clone().filter(|v| v != "-");
            let data = sd.concat();
            let text = format!(
                "{}1 2026-12-06T12:14:14.655Z {} {} {procid} {msgid} {} {}",
                if pri { "<134>" } else { "" },
                host.as_deref().unwrap_or("-"),
                app.as_deref().unwrap_or("-"),
                if data.is_empty() { "-" } else { &data },
                if bom { "\u{feff}" } else { "" },
            );
            let pid = procid.parse::<u64>().ok().filter(|_| procid.bytes().all(|b| b.is_ascii_digit()));
            let values = [
                nil(&host).map_or(Value::Null, Value::from),
                nil(&app).map_or(Value::Null, Value::from),
                pid.map_or(Value::Null, Value::from),
                if data.is_empty() { Value::Null } else { Value::from(data) },
            ];
            (text, values)
        });
    let rfc3164 =
        (any::<bool>(), prop::option::of("[a-z][a-z0-9.-]{0,10}"), "[a-z]{1,8}", 1u32..99_999, 0u8..3)
            .prop_map(|(pri, host, process, pid, time)| {
                let time = match time {
                    0 => "Feb  6 12:14:14 ",
                    1 => "2022-09-04T21:34:04.123+00:00 ",
                    _ => "",
                };
                // A host needs a time before it.
                let host = host.filter(|_| !time.is_empty());
                let text = format!(
                    "{}{time}{}{process}[{pid}]: ",
                    if pri { "<134>" } else { "" },
                    host.as_ref().map(|h| format!("{h} ")).unwrap_or_default()
                );
                (
                    text,
                    [
                        host.map_or(Value::Null, Value::from),
                        Value::from(process),
                        Value::from(pid),
                        Value::Null,
                    ],
                )
            });
    prop_oneof![rfc5424, rfc3164, Just((String::new(), [Value::Null, Value::Null, Value::Null, Value::Null]))]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Any syslog prefix (RFC 3164's forms, RFC 5424's with nil fields, structured data,
    /// escapes and a BOM, or none) before a line gives its host, process, pid and
    /// structured data, and the line's own fields as without it; the scan and the regex
    /// read the same groups.
    #[test]
    fn any_syslog_prefix_round_trips((prefix, values) in prefix()) {
        let bare = "10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0";
        let line = format!("{prefix}{bare}");
        let format = Format::new("haproxy_tcp").unwrap();
        let object = |line: &str| -> Result<Value, TestCaseError> {
            let mut captures = Captures::default();
            let entry = format
                .parse(line.as_bytes(), &mut captures)
                .map_err(|e| TestCaseError::fail(format!("{line}\n{e}")))?;
            let mut out = Vec::new();
            firelog::output::write_line(&mut out, &entry, line.as_bytes(), None);
            Ok(serde_json::from_slice(&out).unwrap())
        };
        let (mut with, mut without) = (object(&line)?, object(bare)?);
        let keys = ["syslog_host", "syslog_process", "syslog_pid", "syslog_structured_data"];
        for (key, value) in keys.iter().zip(&values) {
            prop_assert_eq!(&with[key], value, "{} in {}", key, line);
            with[key] = Value::Null;
            prop_assert_eq!(&without[key], &Value::Null);
            without[key] = Value::Null;
        }
        prop_assert_eq!(with, without);
        if let Format::Matcher(matcher) = &format {
            let (mut scanned, mut matched) = (Vec::new(), Vec::new());
            let mut locs = matcher.regex().capture_locations();
            prop_assert!(matcher.match_regex(line.as_bytes(), &mut locs, &mut matched).is_some());
            prop_assert!(matcher.scan(line.as_bytes(), &mut scanned).is_ok());
            prop_assert_eq!(scanned, matched);
        }
    }
}
