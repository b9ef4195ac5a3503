//! Properties of the dialects' readers: any format string of a dialect's directives (some
//! of them, in any order, between any of a few separators) reads the lines made from it,
//! each field to the value it was given, typed; and Traefik's CLF reads any line Traefik
//! writes.

mod support;

use proptest::prelude::*;
use serde_json::Value;

/// How a field's value is made, and what it becomes.
#[derive(Debug, Clone, Copy)]
enum Gen {
    /// An IPv4 or IPv6 address: the string.
    Address,
    /// A whole number, or `-`: the number, or null.
    Integer,
    /// A whole number right-aligned in six columns: the number.
    Padded,
    /// A word, or `-`: the string, or null.
    Word,
    /// A word, or `-`, written as logged (Tomcat's `%X`).
    AsLogged,
    /// A status: the number.
    Status,
    /// A count of bytes in CLF, `-` being 0.
    BytesClf,
    /// Seconds with six fraction digits, or `-`: the number, or null.
    Seconds,
}

/// A field: its directive in the dialect's language, its key, how its value is made.
type Field = (&'static str, &'static str, Gen);

const SQUID: &[Field] = &[
    ("%>a", "host", Gen::Address),
    ("%>p", "remote_port", Gen::Integer),
    ("%6tr", "duration_ms", Gen::Padded),
    ("%Ss", "result_code", Gen::Word),
    ("%03>Hs", "status", Gen::Status),
    ("%<Hs", "upstream_status", Gen::Status),
    ("%<st", "bytes", Gen::Integer),
    ("%rm", "method", Gen::Word),
    ("%ru", "path", Gen::Word),
    ("%[un", "user", Gen::Word),
    ("%Sh", "hierarchy_code", Gen::Word),
    ("%<a", "upstream_ip", Gen::Word),
    ("%mt", "content_type", Gen::Word),
    ("%{X-Forwarded-For}>h", "x_forwarded_for", Gen::Word),
    ("%dt", "dns_ms", Gen::Integer),
    ("%sn", "sequence_number", Gen::Integer),
];

const TOMCAT: &[Field] = &[
    ("%a", "client_ip", Gen::Address),
    ("%A", "server_ip", Gen::Address),
    ("%B", "bytes", Gen::Integer),
    ("%D", "duration_us", Gen::Integer),
    ("%F", "commit_ms", Gen::Integer),
    ("%H", "protocol", Gen::Word),
    ("%I", "thread_name", Gen::Word),
    ("%m", "method", Gen::Word),
    ("%p", "port", Gen::Integer),
    ("%s", "status", Gen::Status),
    ("%S", "session_id", Gen::Word),
    ("%u", "user", Gen::Word),
    ("%X", "connection_status", Gen::AsLogged),
    ("%{ms}T", "duration_ms", Gen::Integer),
    ("%{Referer}i", "referer", Gen::Word),
    ("%{trace_id}r", "attribute_trace_id", Gen::Word),
];

const VARNISH: &[Field] = &[
    ("%h", "host", Gen::Address),
    ("%s", "status", Gen::Status),
    ("%b", "bytes", Gen::BytesClf),
    ("%D", "duration_us", Gen::Integer),
    ("%m", "method", Gen::Word),
    ("%H", "protocol", Gen::Word),
    ("%{Varnish:time_firstbyte}x", "varnish_time_firstbyte", Gen::Seconds),
    ("%{Varnish:hitmiss}x", "varnish_hitmiss", Gen::Word),
    ("%{Varnish:handling}x", "varnish_handling", Gen::Word),
    ("%{Varnish:side}x", "varnish_side", Gen::Word),
    ("%{Varnish:vxid}x", "varnish_vxid", Gen::Integer),
    ("%{VCL_Log:backend}x", "vcl_log_backend", Gen::Word),
    ("%{X-Cache}o", "response_x_cache", Gen::Word),
];

/// A value of `gen`: its text in the line, and its JSON.
fn value(made: Gen) -> BoxedStrategy<(String, Value)> {
    let dash = || Just(("-".to_string(), Value::Null));
    match made {
        Gen::Address => prop_oneof![
            (any::<[u8; 4]>()).prop_map(|a| format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])),
            (any::<u16>(), any::<u16>()).prop_map(|(a, b)| format!("2001:db8::{a:x}:{b:x}")),
        ]
        .prop_map(|a| (a.clone(), Value::String(a)))
        .boxed(),
        Gen::Integer => {
            prop_oneof![any::<u32>().prop_map(|n| (n.to_string(), Value::from(n))), dash()].boxed()
        }
        Gen::Padded => any::<u32>().prop_map(|n| (format!("{n:>6}"), Value::from(n))).boxed(),
        Gen::Word => {
            prop_oneof!["[A-Za-z0-9_./:=]{1,12}".prop_map(|w| (w.clone(), Value::String(w))), dash()].boxed()
        }
        Gen::AsLogged => prop::sample::select(vec!["X", "+", "-"])
            .prop_map(|w| (w.to_string(), Value::String(w.to_string())))
            .boxed(),
        Gen::Status => (100u16..600).prop_map(|n| (n.to_string(), Value::from(n))).boxed(),
        Gen::BytesClf => prop_oneof![
            any::<u32>().prop_map(|n| (n.to_string(), Value::from(n))),
            Just(("-".to_string(), Value::from(0)))
        ]
        .boxed(),
        Gen::Seconds => prop_oneof![
            (0u32..100, 0u32..1_000_000).prop_map(|(s, f)| {
                let text = format!("{s}.{f:06}");
                let json = serde_json::from_str(&text).expect("a number");
                (text, json)
            }),
            dash()
        ]
        .boxed(),
    }
}

/// A format of some of `fields` in any order (after `time`, with its text and JSON), a
/// line made from it, and what each key must be.
fn format_and_line(
    fields: &'static [Field],
    time: (&'static str, &'static str, &'static str),
) -> impl Strategy<Value = (String, String, Vec<(&'static str, Value)>)> {
    let separators = prop::sample::select(vec![" ", " | ", "\t"]);
    prop::sample::subsequence(fields.to_vec(), 1..=fields.len())
        .prop_shuffle()
        .prop_flat_map(move |chosen| {
            let values: Vec<_> = chosen.iter().map(|f| value(f.2)).collect();
            (Just(chosen), values, prop::collection::vec(separators.clone(), fields.len()))
        })
        .prop_map(move |(chosen, values, seps)| {
            let (time_directive, time_text, time_json) = time;
            let mut format = time_directive.to_string();
            let mut line = time_text.to_string();
            let mut want = vec![("timestamp", Value::String(time_json.to_string()))];
            for ((field, (text, json)), sep) in chosen.iter().zip(values).zip(seps) {
                format.push_str(sep);
                format.push_str(field.0);
                line.push_str(sep);
                line.push_str(&text);
                want.push((field.1, json));
            }
            (format, line, want)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn any_squid_logformat_reads_its_lines(
        (format, line, want) in format_and_line(
            SQUID,
            ("%ts.%03tu", "1286536308.779", "2010-10-08T11:11:48.779Z"),
        )
    ) {
        support::rows::reads(&format!("logformat generated {format}"), &line, &want)?;
    }

    #[test]
    fn any_tomcat_pattern_reads_its_lines(
        (format, line, want) in format_and_line(
            TOMCAT,
            ("%t", "[06/Dec/2026:10:15:29 +0100]", "2026-12-06T09:15:29Z"),
        )
    ) {
        let pattern = format.replace('"', "&quot;");
        support::rows::reads(&format!("pattern=\"{pattern}\""), &line, &want)?;
    }

    #[test]
    fn any_varnishncsa_format_reads_its_lines(
        (format, line, want) in format_and_line(
            VARNISH,
            ("%t", "[06/Dec/2026:10:15:29 +0000]", "2026-12-06T10:15:29Z"),
        )
    ) {
        support::rows::reads(&format!("varnishncsa -F '{format}'"), &line, &want)?;
    }

    #[test]
    fn traefik_reads_any_line_traefik_writes(
        host in value(Gen::Address),
        status in prop_oneof![value(Gen::Status), Just(("-".to_string(), Value::Null))],
        bytes in value(Gen::Integer),
        count in any::<u32>(),
        router in prop_oneof![
            "[a-z0-9-]{1,12}@(docker|file|kubernetes)".prop_map(|r| (r.clone(), Value::String(r))),
            Just(("-".to_string(), Value::Null)),
        ],
        duration in any::<u32>(),
    ) {
        let line = format!(
            r#"{} - - [13/Apr/2016:07:14:19 -0700] "GET /a?b=1 HTTP/1.1" {} {} "-" "curl/8.5.0" {count} "{}" "http://10.0.0.5:8080" {duration}ms"#,
            host.0, status.0, bytes.0, router.0
        );
        let want = [
            ("host", host.1),
            ("timestamp", Value::String("2016-04-13T14:14:19Z".into())),
            ("status", status.1),
            ("bytes", bytes.1),
            ("request_count", Value::from(count)),
            ("router_name", router.1),
            ("service_url", Value::String("http://10.0.0.5:8080".into())),
            ("duration_ms", Value::from(duration)),
        ];
        support::rows::reads("traefik", &line, &want)?;
    }
}
