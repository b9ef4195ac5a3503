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

/// The bound of `LOG_FORMAT`'s value under `schema`: a list's is each part at its worst
/// over its members (`Formats::growth`, `Growth::worst`), each member's under its own
/// profile.
fn bound_of(log_format: &str, schema: &str) -> firelog::expansion::Growth {
    use firelog::profile::{Profile, Schema};
    let schema = Schema::from_setting(schema).unwrap();
    let formats = settings::from_pairs(&[("LOG_FORMAT", log_format)]).unwrap().format;
    let growth = |f: &Format| match Profile::compile(schema, f, &Default::default()) {
        Some(profile) => profile.growth(f.growth()),
        None => f.growth(),
    };
    let each = formats.members().iter().map(growth);
    let worst = each.reduce(firelog::expansion::Growth::worst).unwrap();
    if schema == Schema::Firelog {
        assert_eq!(worst, formats.growth(), "the list's own bound");
    }
    worst
}

/// The worst lines of `member`: its shortest, and its shortest with the request filled
/// with control bytes (each `\u0001` in `request` and in `path`).
fn worst_lines(member: &str) -> [Vec<u8>; 2] {
    let request = format!("\"GET /{} HTTP/1.1\"", "\u{1}".repeat(4000));
    [shortest(member).as_bytes().to_vec(), shortest(member).replacen("\"\"", &request, 1).into_bytes()]
}

/// Lists of members with different growth (a longer shortest line, a request line or
/// not, `extra`): each member's worst lines, read under the list (by that member, or an
/// earlier one), stay within the list's bound under every profile, and a batch of the
/// safe size of the long ones answers within the budget. Prints the figures
/// (`--nocapture`).
#[test]
fn a_lists_bound_holds_for_each_members_worst_lines() {
    let lists = ["combined,vhost_combined,nginx_main", "ingress_nginx,common", "nginx_main,combined"];
    for schema in ["firelog", "ecs", "otel"] {
        for list in lists {
            let growth = bound_of(list, schema);
            let bound = growth.response_per_log_byte();
            for member in list.split(',') {
                let [short, long] = worst_lines(member);
                let (got_short, _, _) = ratio_in(schema, list, &vec![short; 2000]);
                assert!(got_short <= bound, "{schema} {list} {member}: {got_short:.2} over {bound:.2}");
                let (got_long, _, _) = ratio_in(schema, list, &vec![long.clone(); 4]);
                assert!(got_long <= bound, "{schema} {list} {member}: {got_long:.2} over {bound:.2}");
                let n = growth.safe_batch_bytes() / long.len();
                let (_, response, log) = ratio_in(schema, list, &vec![long; n]);
                assert!(
                    response <= firelog::transform::RESPONSE_BUDGET,
                    "{schema} {list} {member}: {response} for {log}"
                );
                eprintln!(
                    "SCHEMA={schema} LOG_FORMAT={list}, {member}'s lines: {got_short:.2}x shortest, {got_long:.2}x long; \
                     bound {bound:.2}x; safe batch {} bytes",
                    growth.safe_batch_bytes()
                );
            }
        }
    }
}

/// `line` inside a shipper's envelope (`log`, or Vector's `message`), with `fields`
/// after it, as a JSON object line.
fn enveloped(key: &str, line: &[u8], fields: &str) -> Vec<u8> {
    let text = String::from_utf8(line.to_vec()).unwrap();
    format!("{{\"{key}\":{}{fields}}}", serde_json::to_string(&text).unwrap()).into_bytes()
}

/// Lines inside shippers' envelopes: the envelope's fields are written under `envelope`
/// (each value a string, a number's text quoted), the line as the format reads it. The
/// envelope's own bytes (at least `{"log":""}`, 10 bytes) pay for its column
/// (`,"envelope":null`, 16, or its fields, quoted): around each nickname's worst lines,
/// in the smallest envelope, with Docker's newline, with many one-digit fields, the
/// response stays within the format's bound (a list's too), under every profile.
#[test]
fn lines_inside_shippers_envelopes_stay_within_the_bound() {
    let many = ",\"a\":1".repeat(500);
    let cases = |line: &[u8]| {
        let docker = [line, b"\n"].concat();
        [
            enveloped("log", line, ""),
            enveloped("message", line, ""),
            enveloped("log", &docker, ",\"stream\":\"stdout\",\"time\":\"2019-01-01T11:11:11.111111111Z\""),
            enveloped("log", line, &many),
            enveloped("log", line, ",\"\":0"),
        ]
    };
    let formats = NICKNAMES.iter().map(|(name, _)| *name).chain(["combined,vhost_combined,nginx_main"]);
    for schema in ["firelog", "ecs", "otel"] {
        for format in formats.clone() {
            let growth = bound_of(format, schema);
            let bound = growth.response_per_log_byte();
            let members: Vec<&str> = format.split(',').collect();
            let mut worst: f64 = 0.0;
            for member in members {
                for line in worst_lines(member) {
                    for wrapped in cases(&line) {
                        let n = if wrapped.len() < 1000 { 2000 } else { 4 };
                        let (got, _, _) = ratio_in(schema, format, &vec![wrapped.clone(); n]);
                        assert!(
                            got <= bound,
                            "{schema} {format}: {got:.2} over {bound:.2}: {}",
                            String::from_utf8_lossy(&wrapped[..wrapped.len().min(200)])
                        );
                        worst = worst.max(got);
                    }
                }
            }
            eprintln!(
                "SCHEMA={schema} LOG_FORMAT={format}: enveloped lines reach {worst:.2}x; bound {bound:.2}x"
            );
        }
    }
}
