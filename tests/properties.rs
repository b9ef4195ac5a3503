//! Properties over generated and mutated lines: the byte scanner accepts exactly what
//! the format's regex accepts, with the same fields, and no bytes make either panic; the
//! general path (combined compiled as a LogFormat string) writes what the scanner
//! writes; any LogFormat built from the directives reads its own lines into JSON with
//! the keys in the format's order.

mod support;

use firelog::access_log::log_format::{Item, Kind, Plan};
use firelog::access_log::matcher::Matcher;
use firelog::access_log::{Builtin, Captures, Format, Scanner};
use firelog::profile::{Buffers, Profile, Schema};
use proptest::prelude::*;
use support::lines::{EDGY, line, mutated};
use support::{b64, definition, testdata};

/// The scanner and its definition read the same lines into the same JSON; the
/// scanner's two writers (plain-line and general) agree, and write JSON.
fn agree(format: Builtin, l: &[u8]) -> Result<(), TestCaseError> {
    let parser = Scanner::new(format);
    if definition::agree(&parser, l).map_err(TestCaseError::fail)?.is_some() {
        let mut captures = Captures::default();
        let entry = parser.parse(l, &mut captures).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (mut general, mut plain) = (Vec::new(), Vec::new());
        // Told the line may need escaping (a backslash), the writer escapes every value.
        firelog::output::write_line(&mut general, &entry, b"\\", None);
        firelog::output::write_line(&mut plain, &entry, l, None);
        prop_assert_eq!(&general, &plain);
        prop_assert!(serde_json::from_slice::<serde_json::Value>(&general).is_ok());
    }
    Ok(())
}

fn write(format: &Format, l: &[u8]) -> Option<Vec<u8>> {
    let mut captures = Captures::default();
    let parsed = format.parse(l, &mut captures).ok()?;
    let mut out = Vec::new();
    firelog::output::write_line(&mut out, &parsed, l, None);
    Some(out)
}

/// When a custom format's scan reads a line, the regex matches it with the same groups.
fn scan_follows_regex(format: &Format, l: &[u8]) -> Result<(), TestCaseError> {
    let Format::Matcher(custom) = format else { return Ok(()) };
    let (mut scanned, mut matched) = (Vec::new(), Vec::new());
    let mut locs = custom.regex().capture_locations();
    let by_regex = custom.match_regex(l, &mut locs, &mut matched);
    if custom.scan(l, &mut scanned).is_ok() {
        prop_assert!(
            by_regex.is_some(),
            "{:?}: the scan reads it, the regex does not",
            String::from_utf8_lossy(l)
        );
        prop_assert_eq!(scanned, matched, "{:?}", String::from_utf8_lossy(l));
    }
    Ok(())
}

/// combined's LogFormat string on the general path accepts the combined lines the
/// scanner accepts (not the common-format lines or extra text the default forgives), and
/// writes the same JSON.
fn general_agrees(l: &[u8]) -> Result<(), TestCaseError> {
    thread_local! {
        static GENERAL: Format = Format::Matcher(Box::new(
            Matcher::compile(Plan::parse("combined").unwrap()).unwrap(),
        ));
    }
    GENERAL.with(|g| scan_follows_regex(g, l))?;
    let general = GENERAL.with(|g| write(g, l));
    let scanner = write(&Format::from(Builtin::Combined), l);
    let mut captures = Captures::default();
    let common_line = Scanner::new(Builtin::Common).parse(l, &mut captures).is_ok();
    let forgiven = common_line
        || Scanner::new(Builtin::Combined).parse(l, &mut captures).is_ok_and(|e| e.extra().is_some());
    match (&general, &scanner) {
        (Some(a), Some(b)) => prop_assert_eq!(a, b),
        (None, Some(_)) => {
            prop_assert!(forgiven, "{:?}: only the scanner reads it", String::from_utf8_lossy(l))
        }
        (Some(_), None) => {
            prop_assert!(false, "{:?}: only the general path reads it", String::from_utf8_lossy(l))
        }
        (None, None) => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn scanner_and_regex_agree_on_generated_lines(l in line()) {
        agree(Builtin::Combined, &l)?;
        agree(Builtin::Common, &l)?;
        agree(Builtin::NginxCombined, &l)?;
        general_agrees(&l)?;
    }

    #[test]
    fn scanner_and_regex_agree_on_mutated_lines(l in mutated()) {
        agree(Builtin::Combined, &l)?;
        agree(Builtin::Common, &l)?;
        agree(Builtin::NginxCombined, &l)?;
        general_agrees(&l)?;
    }

    #[test]
    fn any_bytes_parse_or_fail_without_panic(l in proptest::collection::vec(any::<u8>(), 0..300)) {
        agree(Builtin::Combined, &l)?;
        general_agrees(&l)?;
    }
}

// --- Any LogFormat ---------------------------------------------------------------------------

/// Directives, each with values a line may have for it (good ones and bad ones).
const DIRECTIVES: &[(&str, &[&str])] = &[
    ("%h", &["10.0.0.1", "2001:db8::1", "host.example", "-", ""]),
    ("%a", &["192.0.2.7", "-"]),
    ("%l", &["-", "\"\"", "ident"]),
    ("%u", &["-", "alice", "b\"ob"]),
    ("%t", &["[10/Oct/2000:13:55:36 -0700]", "[31/Dec/9999:23:59:59 -2359]", "[30/Feb/2024:00:00:00 +0000]"]),
    ("\"%r\"", &["\"GET / HTTP/1.1\"", "\"-\"", "\"a \\\" b\"", "\"\\x16\\x03\""]),
    ("%>s", &["200", "404", "99", "-"]),
    ("%<s", &["302"]),
    ("%b", &["-", "0", "123", "18446744073709551615", "18446744073709551616"]),
    ("%D", &["1234", "-", "x"]),
    ("%{ms}T", &["17"]),
    ("%p", &["443", "65536"]),
    ("%v", &["www.example.com", "localhost"]),
    ("%U%q", &["/a?b=c", "/", "/x?"]),
    ("%m", &["GET", "-"]),
    ("%H", &["HTTP/2.0"]),
    ("%O", &["5124"]),
    ("\"%{Referer}i\"", &["\"-\"", "\"https://e.example/\"", "\"\u{e4}\""]),
    ("\"%{User-Agent}i\"", &["\"curl/8\"", "\"\\\"q\\\"\""]),
    ("%{X-Forwarded-For}i", &["1.2.3.4,5.6.7.8", "-"]),
    ("%{sec}t", &["1763769600", "99999999999999999999"]),
    ("%{%Y-%m-%d %H:%M:%S}t", &["2026-11-22 01:02:03", "2026-13-01 00:00:00"]),
    ("%{%d/%b/%Y:%H:%M:%S %z}t", &["22/Nov/2026:01:02:03 +0100"]),
    ("%{c}a", &["10.9.8.7"]),
    ("%{SSL_PROTOCOL}x", &["TLSv1.3", "-"]),
    ("%s", &["200", "-"]),
    ("%{Host}i", &["www.example.com"]),
    ("%k", &["0"]),
    ("%%", &["%"]),
];
const SEPARATORS: &[&str] = &[" ", " ", " ", ":", " - ", ",", "", "\t", " [", "] "];

/// A format from the directives above and a line written for it.
fn format_and_line() -> impl Strategy<Value = (String, Vec<u8>)> {
    proptest::collection::vec(
        (
            proptest::sample::select(DIRECTIVES),
            any::<proptest::sample::Index>(),
            proptest::sample::select(SEPARATORS),
        ),
        1..8,
    )
    .prop_map(|parts| {
        let (mut format, mut line) = (String::new(), String::new());
        for (i, ((directive, values), pick, sep)) in parts.into_iter().enumerate() {
            if i > 0 {
                format.push_str(sep);
                line.push_str(sep);
            }
            format.push_str(directive);
            line.push_str(values[pick.index(values.len())]);
        }
        (format, line.into_bytes())
    })
}

/// The keys a format's JSON objects have, in order.
fn keys(spec: &Plan) -> Vec<String> {
    let mut keys = Vec::new();
    for item in &spec.items {
        if let Item::Directive(d) = item {
            match d.kind {
                Kind::Request => keys.extend(["method", "path", "protocol", "request"].map(String::from)),
                Kind::Time(_) if keys.iter().any(|k| k == "timestamp") => {}
                _ => keys.push(d.key.clone()),
            }
        }
    }
    keys
}

/// Run by hand rather than by `proptest!`, to count the lines that were read: a property
/// over no parsed line would pass having checked nothing.
#[test]
fn any_log_format_reads_its_lines_into_json_in_its_order() {
    let config = ProptestConfig { cases: 3000, source_file: Some(file!()), ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let edits =
        proptest::collection::vec((any::<proptest::sample::Index>(), proptest::sample::select(EDGY)), 0..2);
    let read = std::cell::Cell::new(0usize);
    let result = runner.run(&(format_and_line(), edits), |((text, l), edits)| {
        // A format may be refused (two directives with one key): never a panic.
        let Ok(spec) = Plan::parse(&text) else { return Ok(()) };
        let Ok(format) = Format::new(&text) else { return Ok(()) };
        let mut l = l;
        for (at, b) in edits {
            let i = at.index(l.len() + 1);
            l.insert(i, b);
        }
        scan_follows_regex(&format, &l)?;
        if let Some(out) = write(&format, &l) {
            read.set(read.get() + 1);
            let got = support::schema::keys(&out)
                .map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&out))))?;
            prop_assert!(out.ends_with(&b"}\n"[..]), "no closing brace");
            if let Format::Matcher(_) = format {
                prop_assert_eq!(got, keys(&spec));
            }
            // The writer's keys and types are the schema's (`firelog schema`).
            let columns = firelog::output::columns(&format, &[], false);
            support::schema::check(&columns, &out, false).map_err(TestCaseError::fail)?;
            // And so are each profile's, nested objects read as dotted keys.
            for schema in [Schema::Ecs, Schema::Otel] {
                let profile = Profile::compile(schema, &format, &Default::default()).expect("a profile");
                let mut rewritten = out.clone();
                profile.rewrite(&mut rewritten, 0, &mut Buffers::default());
                let flat = support::schema::flatten(&rewritten).map_err(TestCaseError::fail)?;
                support::schema::check(&profile.columns(false), &flat, false).map_err(TestCaseError::fail)?;
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
    assert!(read.get() > 0, "no generated line was read by its format: the property checked nothing");
}

/// With enrichment on (the real client, the user agent, addresses cut; a setting the
/// format cannot serve is left off), any format's objects have exactly the schema's keys
/// and types, the enrichment's after the format's, under every profile too.
#[test]
fn any_log_format_with_enrichment_writes_its_schema() {
    let config = ProptestConfig { cases: 1000, source_file: Some(file!()), ..ProptestConfig::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let read = std::cell::Cell::new(0usize);
    let result = runner.run(&format_and_line(), |(text, l)| {
        let (proxies, agents, anonymize) =
            (("TRUSTED_PROXIES", "10.0.0.0/8"), ("PARSE_USER_AGENT", "on"), ("ANONYMIZE_IP", "on"));
        // The most the format can take: a setting that needs a field it lacks is refused.
        let candidates = [
            vec![proxies, agents, anonymize],
            vec![proxies, anonymize],
            vec![agents, anonymize],
            vec![anonymize],
        ];
        let format = ("LOG_FORMAT", text.as_str());
        let settings = candidates
            .iter()
            .find_map(|set| support::settings::from_pairs(&[&[format][..], set].concat()).ok());
        // A format that does not compile: never a panic, nothing to check.
        let Some(settings) = settings else { return Ok(()) };
        // As an Iceberg table's rows: every enrichment key, which no field of the format takes.
        let table = [format, ("ICEBERG_DATABASE", "d"), ("ICEBERG_TABLE", "t")];
        let iceberg = support::settings::from_pairs(&[&table[..], &[agents, anonymize]].concat())
            .or_else(|_| support::settings::from_pairs(&[&table[..], &[anonymize]].concat()))
            .expect("an Iceberg table takes any format that compiles, with ANONYMIZE_IP");
        let mut t = iceberg.transformer();
        let mut out = Vec::new();
        if t.line(&l, 1, &mut out).is_ok() {
            read.set(read.get() + 1);
            let columns =
                firelog::output::columns(iceberg.format.first(), &firelog::enrich::every_column(), false);
            support::schema::check(&columns, &out, true).map_err(TestCaseError::fail)?;
        }
        for schema in [Schema::Firelog, Schema::Ecs, Schema::Otel] {
            let mut t = settings.transformer().with_schema(schema);
            let mut out = Vec::new();
            if t.line(&l, 1, &mut out).is_err() {
                return Ok(());
            }
            read.set(read.get() + 1);
            let added = settings.enrichment.columns();
            let columns = match Profile::compile(schema, settings.format.first(), &settings.enrichment) {
                Some(profile) => profile.columns(false),
                None => firelog::output::columns(settings.format.first(), &added, false),
            };
            let flat = support::schema::flatten(&out).map_err(TestCaseError::fail)?;
            support::schema::check(&columns, &flat, false).map_err(TestCaseError::fail)?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
    assert!(read.get() > 0, "no generated line was read by its format: the property checked nothing");
}

// --- Any nginx log_format: lines written from values read back to those values ------------

/// nginx variables (as a format writes them), each with values a line may hold and the
/// JSON each must come back as: (format text, key, [(logged, JSON)]).
type Variable = (&'static str, &'static str, &'static [(&'static str, &'static str)]);
const NGINX_VARIABLES: &[Variable] = &[
    ("$remote_addr", "host", &[("10.0.0.1", r#""10.0.0.1""#), ("2001:db8::1", r#""2001:db8::1""#)]),
    ("$remote_user", "user", &[("-", "null"), ("alice", r#""alice""#)]),
    ("[$time_local]", "timestamp", &[("[10/Oct/2000:13:55:36 -0700]", r#""2000-10-10T20:55:36Z""#)]),
    ("$msec", "timestamp", &[("1551176445.123", r#""2019-02-26T10:20:45.123Z""#)]),
    ("$time_iso8601", "timestamp", &[("2019-09-28T19:29:01+02:00", r#""2019-09-28T17:29:01Z""#)]),
    ("$status", "status", &[("200", "200"), ("404", "404")]),
    ("$body_bytes_sent", "bytes", &[("0", "0"), ("1234", "1234")]),
    (
        "\"$http_referer\"",
        "referer",
        &[("\"-\"", "null"), ("\"https://e.example/\"", r#""https://e.example/""#)],
    ),
    (
        "\"$http_user_agent\"",
        "user_agent",
        &[
            ("\"curl/8 \\x22q\\x22 \\x5C\"", r#""curl/8 \"q\" \\""#),
            ("\"caf\\xC3\\xA9\"", r#""caf\\xC3\\xA9""#),
        ],
    ),
    ("$request_time", "request_time", &[("0.034", "0.034"), ("12.000", "12.000")]),
    (
        "$upstream_addr",
        "upstream_addr",
        &[
            ("10.0.0.1:80, 10.0.0.2:80", r#""10.0.0.1:80, 10.0.0.2:80""#),
            ("-", "null"),
            ("unix:/tmp/s", r#""unix:/tmp/s""#),
        ],
    ),
    (
        "$upstream_status",
        "upstream_status",
        &[("502, 200", r#""502, 200""#), ("200 : 404", r#""200 : 404""#)],
    ),
    (
        "$upstream_response_time",
        "upstream_response_time",
        &[("0.004, 0.036", r#""0.004, 0.036""#), ("-", "null")],
    ),
    (
        "[$proxy_alternative_upstream_name]",
        "proxy_alternative_upstream_name",
        &[("[]", r#""""#), ("[svc-5000]", r#""svc-5000""#)],
    ),
    (
        "$http_x_forwarded_for",
        "x_forwarded_for",
        &[("203.0.113.9, 10.1.2.3", r#""203.0.113.9, 10.1.2.3""#), ("-", "null")],
    ),
    (
        "$request_id",
        "request_id",
        &[("0123456789abcdef0123456789abcdef", r#""0123456789abcdef0123456789abcdef""#)],
    ),
    ("$ssl_protocol", "ssl_protocol", &[("TLSv1.3", r#""TLSv1.3""#), ("-", "null")]),
    ("$host", "server_name", &[("www.example.com", r#""www.example.com""#)]),
    ("$server_port", "port", &[("443", "443")]),
    ("$connection_requests", "connection_requests", &[("1", "1")]),
    ("$pipe", "pipe", &[("p", r#""p""#), (".", r#"".""#)]),
    ("$gzip_ratio", "gzip_ratio", &[("2.75", "2.75"), ("-", "null")]),
];
const NGINX_SEPARATORS: &[&str] = &[" ", " | ", " - ", "\t"];

/// An nginx format of distinct variables, a line written for it, and the object it must
/// read back as (key, JSON), in order.
fn nginx_format_and_line() -> impl Strategy<Value = (String, Vec<u8>, Vec<(String, String)>)> {
    (
        proptest::sample::subsequence(NGINX_VARIABLES, 1..10).prop_shuffle(),
        proptest::collection::vec(
            (any::<proptest::sample::Index>(), proptest::sample::select(NGINX_SEPARATORS)),
            10,
        ),
    )
        .prop_map(|(vars, picks)| {
            let (mut format, mut line, mut want) = (String::new(), String::new(), Vec::new());
            let mut time_seen = false;
            for (i, ((var, key, values), (pick, sep))) in vars.iter().zip(picks).enumerate() {
                if i > 0 {
                    format.push_str(sep);
                    line.push_str(sep);
                }
                let (logged, json) = values[pick.index(values.len())];
                format.push_str(var);
                line.push_str(logged);
                if *key == "timestamp" && time_seen {
                    // A second time is written as logged, under its variable's name.
                    let name = var.trim_matches(['[', ']', '$']);
                    let inner = logged.trim_matches(['[', ']']);
                    want.push((name.to_string(), serde_json::to_string(inner).unwrap()));
                    continue;
                }
                time_seen |= *key == "timestamp";
                want.push((key.to_string(), json.to_string()));
            }
            // nginx's `$remote_addr - $remote_user` reads the `-` as Apache's ident (null).
            if format.starts_with("$remote_addr - $remote_user") {
                want.insert(1, ("ident".into(), "null".into()));
            }
            (format, line.into_bytes(), want)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_nginx_format_reads_its_lines_back_to_their_values((text, l, want) in nginx_format_and_line()) {
        let format = Format::new(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        scan_follows_regex(&format, &l)?;
        let out = write(&format, &l)
            .ok_or_else(|| TestCaseError::fail(format!("{text:?} does not read {:?}", String::from_utf8_lossy(&l))))?;
        let keys = support::schema::keys(&out).unwrap();
        let got: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let want_keys: Vec<&String> = want.iter().map(|(k, _)| k).collect();
        prop_assert_eq!(keys.iter().collect::<Vec<_>>(), want_keys, "{}", text);
        for (key, json) in &want {
            let json: serde_json::Value = serde_json::from_str(json).unwrap();
            prop_assert_eq!(&got[key.as_str()], &json, "{} in {:?}", key, String::from_utf8_lossy(&l));
        }
    }

    /// nginx's stock combined, written as nginx writes it, writes what combined writes on
    /// every line both servers could log alike (no escapes; combined's forgiveness aside).
    #[test]
    fn nginx_combined_writes_what_combined_writes(l in prop_oneof![line(), mutated()]) {
        thread_local! {
            static NGINX: Format = Format::new(
                r#"log_format combined '$remote_addr - $remote_user [$time_local] '
                    '"$request" $status $body_bytes_sent '
                    '"$http_referer" "$http_user_agent"';"#,
            ).unwrap();
        }
        let apache = Format::new("combined").unwrap();
        // It is read by the built-in scanner, as combined is.
        prop_assert!(NGINX.with(|n| matches!(n, Format::Scanner(_))));
        let nginx = NGINX.with(|n| write(n, &l));
        // Lines only the default's forgiveness reads (common lines, extra text) aside.
        let strict = Format::strict("combined").unwrap();
        let forgiven = write(&strict, &l).is_none();
        // nginx writes `-` where Apache's `%l` is: only such lines can be alike.
        let nginx_could_write = Scanner::new(Builtin::Combined)
            .parse(&l, &mut Captures::default())
            .is_ok_and(|e| e.value("ident") == Some(b"-"));
        let forgiven = forgiven || !nginx_could_write;
        if !l.contains(&b'\\') && !forgiven {
            prop_assert_eq!(nginx, write(&apache, &l), "{:?}", String::from_utf8_lossy(&l));
        }
    }
}

// --- The record contract, for any event ----------------------------------------------------

/// A record's data as sent: base64 of lines good and bad, blank, arbitrary bytes, or
/// text that is not base64 at all.
fn record_data() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(prop_oneof![line(), mutated(), Just(Vec::new())], 1..4)
            .prop_map(|ls| b64::encode(ls.join(&b"\n"[..]))),
        1 => proptest::collection::vec(any::<u8>(), 0..200).prop_map(b64::encode),
        1 => "[ -~]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn any_event_keeps_ids_order_and_failed_data(
        datas in proptest::collection::vec(record_data(), 0..40),
        threads in 1usize..3,
    ) {
        let records: Vec<_> = datas.iter().enumerate().map(|(i, d)| (format!("id-{i}"), d)).collect();
        let event = testdata::event_of(&records);
        let mut t = firelog::Transformer::with_threads(Scanner::new(Builtin::Combined), threads);
        let (response, summary) = t.event(&event).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&response).unwrap();
        let out = v["records"].as_array().unwrap();
        prop_assert_eq!(out.len(), datas.len());
        prop_assert_eq!(summary.ok + summary.dropped + summary.failed, datas.len());
        for (i, (r, d)) in out.iter().zip(&datas).enumerate() {
            prop_assert_eq!(r["recordId"].as_str().unwrap(), format!("id-{i}"));
            match r["result"].as_str().unwrap() {
                "Ok" => {
                    let text = String::from_utf8(b64::decode(r["data"].as_str().unwrap()));
                    prop_assert!(text.is_ok(), "Ok data is UTF-8");
                    let text = text.unwrap();
                    prop_assert!(text.ends_with('\n'));
                    for l in text.lines() {
                        let object: serde_json::Value = serde_json::from_str(l).unwrap();
                        // combined's 12 keys, and `extra` when the line had text after them.
                        let object = object.as_object().unwrap();
                        prop_assert!(object.len() == 12 || (object.len() == 13 && object.contains_key("extra")));
                    }
                }
                "Dropped" | "ProcessingFailed" => prop_assert_eq!(r["data"].as_str().unwrap(), d.as_str()),
                other => prop_assert!(false, "result {}", other),
            }
        }
    }
}

// --- Round trip: entries rendered as Apache writes them parse back ---------------------------

/// What an entry holds, before Apache renders it.
#[derive(Debug, Clone)]
struct Generated {
    host: String,
    ident: Option<String>,
    user: Option<String>,
    /// UTC, and the server's offset in minutes east.
    utc: chrono::NaiveDateTime,
    offset_minutes: i32,
    method: String,
    path: String,
    protocol: String,
    status: u16,
    bytes: Option<u64>,
    referer: Option<String>,
    user_agent: Option<String>,
}

/// Apache's escaping inside a quoted field: `"` and `\` get a backslash.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

impl Generated {
    fn render(&self) -> String {
        let local = self.utc + chrono::TimeDelta::minutes(self.offset_minutes.into());
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let off = self.offset_minutes.abs();
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let mut line = format!(
            "{} {} {} [{}{sign}{:02}{:02}] \"{}\" {} {}",
            self.host,
            opt(&self.ident),
            opt(&self.user),
            local.format("%d/%b/%Y:%H:%M:%S "),
            off / 60,
            off % 60,
            escape(&format!("{} {} {}", self.method, self.path, self.protocol)),
            self.status,
            self.bytes.map_or("-".into(), |b| b.to_string()),
        );
        if self.referer.is_some() || self.user_agent.is_some() {
            let q = |v: &Option<String>| v.as_deref().map_or("-".into(), escape);
            line.push_str(&format!(" \"{}\" \"{}\"", q(&self.referer), q(&self.user_agent)));
        }
        line
    }

    fn expected(&self) -> serde_json::Value {
        let combined = self.referer.is_some() || self.user_agent.is_some();
        serde_json::json!({
            "host": self.host, "ident": self.ident, "user": self.user,
            "timestamp": self.utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "method": self.method, "path": self.path, "protocol": self.protocol,
            "request": format!("{} {} {}", self.method, self.path, self.protocol),
            "status": self.status, "bytes": self.bytes.unwrap_or(0),
            "referer": if combined { self.referer.clone() } else { None },
            "user_agent": if combined { self.user_agent.clone() } else { None },
        })
    }
}

/// Printable text with quotes and backslashes (what Apache escapes), and some UTF-8.
fn quoted_text() -> impl Strategy<Value = String> {
    "([ -~]|é|中|\\\\|\"){1,40}".prop_filter("not a lone dash", |s| s != "-")
}

fn generated() -> impl Strategy<Value = Generated> {
    let host = prop_oneof![
        "(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}",
        "[0-9a-f]{1,4}(:[0-9a-f]{1,4}){7}",
        "[0-9a-f]{1,4}::[0-9a-f]{1,4}",
        "[a-z][a-z0-9-]{0,15}(\\.[a-z]{2,6}){1,2}",
    ];
    let name = proptest::option::of("[a-zA-Z0-9._@-]{1,12}".prop_filter("not -", |s| s != "-"));
    // Every second from year 1000 to 9000, every offset from -23:59 to +23:59.
    let utc = (-30_610_224_000i64..221_845_392_000i64)
        .prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap().naive_utc());
    (
        (host, name.clone(), name, utc, -1439i32..1440),
        (
            "[A-Z]{3,7}",
            "/([ -~]|é){0,30}".prop_map(|p: String| p.replace(' ', "%20")),
            "HTTP/(1\\.0|1\\.1|2\\.0)",
        ),
        (
            100u16..600,
            proptest::option::of(any::<u64>()),
            proptest::option::of(quoted_text()),
            proptest::option::of(quoted_text()),
        ),
    )
        .prop_filter("the offset keeps the local year at 4 digits", |((_, _, _, utc, off), _, _)| {
            let local = *utc + chrono::TimeDelta::minutes((*off).into());
            (1000..=9999).contains(&chrono::Datelike::year(&local))
        })
        .prop_map(
            |(
                (host, ident, user, utc, offset_minutes),
                (method, path, protocol),
                (status, bytes, referer, user_agent),
            )| {
                Generated {
                    host,
                    ident,
                    user,
                    utc,
                    offset_minutes,
                    method,
                    path,
                    protocol,
                    status,
                    bytes,
                    referer,
                    user_agent,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn rendered_entries_parse_back_to_their_values(g in generated()) {
        let line = g.render();
        let parser = Scanner::new(Builtin::Combined);
        let mut captures = Captures::default();
        let entry = parser.parse(line.as_bytes(), &mut captures);
        prop_assert!(entry.is_ok(), "{} -> {:?}", line, entry);
        let mut out = Vec::new();
        firelog::output::write_line(&mut out, &entry.unwrap(), line.as_bytes(), None);
        let got: serde_json::Value = serde_json::from_slice(&out).unwrap();
        prop_assert_eq!(got, g.expected(), "{}", line);
        agree(Builtin::Combined, line.as_bytes())?;
    }
}

// --- Linear time on hostile lines: the matcher's work, counted ------------------------------

/// Runs of what provokes backtracking in regex-based parsers, after a prefix that fits.
const HOSTILE_UNITS: &[&[u8]] = &[
    b"\"",
    b"\\",
    b" ",
    b"[",
    b"]",
    b"0",
    b"\\\"",
    b"10.0.0.1, ",
    b"1:80 : ",
    b"[17/May/2015:10:05:03 +000 ",
    b"- ",
    b"\x01",
];
const HOSTILE_PREFIXES: &[&[u8]] = &[b"", b"10.0.0.1 - - [17/May/2015:10:05:03 +0000] \"GET /"];

fn hostile_line() -> impl Strategy<Value = Vec<u8>> {
    let unit = proptest::sample::select(HOSTILE_UNITS);
    let prefix = proptest::sample::select(HOSTILE_PREFIXES);
    (prefix, unit, 1usize..3000).prop_map(|(p, u, n)| [p, &u.repeat(n)].concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// For every nickname and generated format, on hostile and ordinary lines, the bytes
    /// the matcher looks at stay within a constant times the line's length.
    #[test]
    fn the_matcher_is_linear_on_any_line(
        (text, _) in format_and_line(),
        nick in proptest::sample::select(&firelog::access_log::log_format::NICKNAMES[..]),
        l in prop_oneof![hostile_line(), line(), mutated()],
    ) {
        let formats: Vec<Matcher> = [Plan::parse(nick.0), Plan::parse(&text)]
            .into_iter()
            .filter_map(|s| s.ok())
            .filter_map(|s| Matcher::compile(s).ok())
            .collect();
        for custom in &formats {
            let work = custom.work(&l);
            prop_assert!(work <= custom.work_bound(l.len()), "{} bytes of work for {} bytes", work, l.len());
            // And the bound is linear: per byte, a constant of the format.
            prop_assert!(custom.work_bound(l.len()) <= custom.work_bound(0) * (l.len() + 1));
        }
    }
}
