//! The worst-case growth of a response over its log, derived from each format's plan
//! (`firelog::expansion`), holds for generated worst-case batches of every nickname, and
//! is close to what they reach: the bound is neither broken nor vacuous.

mod support;

use firelog::access_log::Format;
use firelog::access_log::log_format::NICKNAMES;
use firelog::envelope::EventBuilder;
use support::settings;

/// Each nickname's shortest line (its request line the first `""`).
fn shortest(name: &str) -> &'static str {
    match name {
        "combined" | "common" => r#"a - - [01/Jan/2000:00:00:00 +0000] "" - -"#,
        "vhost_combined" => r#"a:1 a - - [01/Jan/2000:00:00:00 +0000] "" - - "" """#,
        "nginx_combined" => r#"a - - [01/Jan/2000:00:00:00 +0000] "" - - "" """#,
        "nginx_main" => r#"a - - [01/Jan/2000:00:00:00 +0000] "" - - "" "" """#,
        // `$req_id` last, after a space, may be empty.
        "ingress_nginx" => r#"a - - [01/Jan/2000:00:00:00 +0000] "" - - "" "" - - [] [] - - - - "#,
        other => panic!("no shortest line for {other}"),
    }
}

/// Response bytes per log byte for `lines`, one record each, with every partition key
/// the format has (so records carry their metadata, as in the bound).
fn ratio(name: &str, lines: &[Vec<u8>]) -> (f64, usize, usize) {
    ratio_in("firelog", name, lines)
}

/// [`ratio`] under the profile `schema` (`SCHEMA`).
fn ratio_in(schema: &str, name: &str, lines: &[Vec<u8>]) -> (f64, usize, usize) {
    let keys = if name == "vhost_combined" {
        "vhost,year,month,day,hour,status_class"
    } else {
        "year,month,day,hour,status_class"
    };
    let settings =
        settings::from_pairs(&[("LOG_FORMAT", name), ("PARTITION_KEYS", keys), ("SCHEMA", schema)]).unwrap();
    let mut builder = EventBuilder::new(1_700_000_000_000);
    let mut log = 0;
    for line in lines {
        assert!(builder.try_push_line(line, usize::MAX));
        log += line.len();
    }
    let event = builder.finish();
    let (response, summary) = settings.transformer().with_response_budget(usize::MAX).event(&event).unwrap();
    assert_eq!(summary.ok, lines.len(), "{name}: every generated line reads");
    (response.len() as f64 / log as f64, response.len(), log)
}

#[test]
fn the_shortest_lines_of_each_nickname_stay_within_the_bound() {
    for (name, _) in NICKNAMES {
        let growth = Format::new(name).unwrap().growth();
        let line = shortest(name).as_bytes().to_vec();
        assert_eq!(line.len(), growth.min_line, "{name}: the shortest line is the plan's");
        let (got, _, _) = ratio(name, &vec![line; 2000]);
        let bound = growth.response_per_log_byte();
        assert!(got <= bound, "{name}: {got:.2} over the bound {bound:.2}");
        // The shortest-line term of the bound is close to what those lines reach.
        assert!(
            got > 0.8
                * ((firelog::expansion::ENVELOPE as f64 + 4.0 / 3.0 * growth.fixed as f64)
                    / growth.min_line as f64),
            "{name}: {got:.2}"
        );
    }
}

#[test]
fn lines_of_control_bytes_in_the_request_reach_the_bound_and_a_safe_batch_fits() {
    for (name, _) in NICKNAMES {
        let growth = Format::new(name).unwrap().growth();
        let bound = growth.response_per_log_byte();
        // The request line filled with 0x01: each byte is `\u0001` in request and in path.
        let request = format!("\"GET /{} HTTP/1.1\"", "\u{1}".repeat(4000));
        let line = shortest(name).replacen("\"\"", &request, 1).into_bytes();
        let (got, _, _) = ratio(name, &vec![line.clone(); 4]);
        assert!(got <= bound, "{name}: {got:.2} over the bound {bound:.2}");
        assert!(got > 0.98 * bound, "{name}: {got:.2} far under the bound {bound:.2}");
        // A batch of the safe size, of these lines, answers within the 6,000,000-byte budget.
        let n = growth.safe_batch_bytes() / line.len();
        let (_, response, log) = ratio(name, &vec![line; n]);
        assert!(log <= growth.safe_batch_bytes());
        assert!(response <= firelog::transform::RESPONSE_BUDGET, "{name}: {response} bytes for {log} of log");
    }
}

/// What the figures are, for the docs (printed with --nocapture).
#[test]
fn every_nickname_has_the_same_safe_batch() {
    let mut safe = Vec::new();
    for (name, _) in NICKNAMES {
        let g = Format::new(name).unwrap().growth();
        eprintln!(
            "{name}: shortest line {} bytes, {} bytes of JSON; {} bytes a byte more; worst {:.2}x; safe batch {} bytes",
            g.min_line,
            g.fixed,
            g.per_byte,
            g.response_per_log_byte(),
            g.safe_batch_bytes()
        );
        safe.push(g.safe_batch_bytes());
    }
    // The request line (in every nickname) sets the bound: 16x, 374,999 bytes.
    assert!(safe.iter().all(|&s| s == 374_999), "{safe:?}");
}

/// Under each profile (`SCHEMA=ecs|otel`) the bound counts the profile's keys, braces and
/// conversions, and ECS's third copy of the request target (`url.original`): the
/// shortest lines and lines of control bytes in the request stay within it, and a batch
/// of the safe size of the latter answers within the budget. Prints the figures
/// (`--nocapture`).
#[test]
fn the_bound_under_each_profile_holds_for_the_worst_lines() {
    use firelog::profile::{Profile, Schema};
    for (schema, setting) in [(Schema::Ecs, "ecs"), (Schema::Otel, "otel")] {
        for (name, _) in NICKNAMES {
            let format = Format::new(name).unwrap();
            let profile = Profile::compile(schema, &format, &Default::default()).unwrap();
            let growth = profile.growth(format.growth());
            let bound = growth.response_per_log_byte();
            let short = shortest(name).as_bytes().to_vec();
            let (got_short, _, _) = ratio_in(setting, name, &vec![short; 2000]);
            assert!(got_short <= bound, "{setting} {name}: {got_short:.2} over the bound {bound:.2}");
            let request = format!("\"GET /{} HTTP/1.1\"", "\u{1}".repeat(4000));
            let long = shortest(name).replacen("\"\"", &request, 1).into_bytes();
            let (got_long, _, _) = ratio_in(setting, name, &vec![long.clone(); 4]);
            assert!(got_long <= bound, "{setting} {name}: {got_long:.2} over the bound {bound:.2}");
            let n = growth.safe_batch_bytes() / long.len();
            let (_, response, log) = ratio_in(setting, name, &vec![long; n]);
            assert!(
                response <= firelog::transform::RESPONSE_BUDGET,
                "{setting} {name}: {response} for {log}"
            );
            eprintln!(
                "SCHEMA={setting} {name}: {} bytes of JSON for the shortest line ({got_short:.2}x), {} a byte more \
                 ({got_long:.2}x); bound {bound:.2}x; safe batch {} bytes ({:.3} MiB)",
                growth.fixed,
                growth.per_byte,
                growth.safe_batch_bytes(),
                growth.safe_batch_bytes() as f64 / 1_048_576.0
            );
        }
    }
}
