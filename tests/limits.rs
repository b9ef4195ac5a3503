//! Inputs at the limits, each through the CLI under a hard memory limit (`ulimit -v`,
//! address space, the smallest Lambda's 128 MiB): each completes with the right results.

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::{b64, testdata};

/// KiB of address space the CLI may use: the smallest Lambda's memory.
const LIMIT_KIB: usize = 128 * 1024;

/// A file holding the event of `datas` (`testdata::event`), for the CLI to read.
fn event_file(name: &str, datas: &[Vec<u8>]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("firelog-limits-{name}-{}.json", std::process::id()));
    std::fs::write(&path, testdata::event(datas)).unwrap();
    path
}

/// Runs `firelog invoke` on the event under the memory limit; returns each record's
/// result and data.
fn invoke_limited(event: &PathBuf) -> Vec<(String, String)> {
    invoke_limited_with(event, &[])
}

/// [`invoke_limited`] with settings `vars` (the others unset).
fn invoke_limited_with(event: &PathBuf, vars: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut cmd = Command::new("sh");
    for variable in firelog::settings::VARIABLES {
        cmd.env_remove(variable.name);
    }
    let out = cmd
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" invoke \"$1\""))
        .arg(env!("CARGO_BIN_EXE_firelog"))
        .arg(event)
        .envs(vars.iter().copied())
        .env("THREADS", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "under {LIMIT_KIB} KiB: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    std::fs::remove_file(event).ok();
    v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["result"].as_str().unwrap().to_string(), r["data"].as_str().unwrap().to_string()))
        .collect()
}

fn line_with_request(request: &str) -> Vec<u8> {
    format!("10.0.0.1 - - [17/May/2015:10:05:03 +0000] \"{request}\" 200 1 \"-\" \"-\"\n").into_bytes()
}

#[test]
fn a_single_6_mb_line() {
    // 4.5 MB of request: about 6 MB of base64, the largest event Firehose sends. Its
    // JSON does not fit in a response: it goes back as it came.
    let data = line_with_request(&format!("GET /{} HTTP/1.1", "a".repeat(4_500_000)));
    let got = invoke_limited(&event_file("6mb-line", std::slice::from_ref(&data)));
    assert_eq!(got, [("ProcessingFailed".to_string(), b64::encode(&data))]);
}

#[test]
fn a_single_2_mb_line_that_fits() {
    let data = line_with_request(&format!("GET /{} HTTP/1.1", "b".repeat(2_000_000)));
    let got = invoke_limited(&event_file("2mb-line", std::slice::from_ref(&data)));
    assert_eq!(got[0].0, "Ok");
    let json: serde_json::Value = serde_json::from_slice(&b64::decode(&got[0].1)).unwrap();
    assert_eq!(json["path"].as_str().unwrap().len(), 2_000_001);
}

/// A line inside a shipper's envelope, under a list of formats whose first reads any
/// JSON object (`caddy,combined`): at 6 MB it goes back as it came; at 2 MB it is
/// written, its envelope's fields under `envelope`.
#[test]
fn an_enveloped_line_under_a_list_at_the_limits() {
    let enveloped = |request: &str| {
        let line = String::from_utf8(line_with_request(request)).unwrap();
        let log = serde_json::to_string(&line).unwrap();
        format!("{{\"log\":{log},\"ecs_cluster\":\"web\",\"container_id\":\"5f6a\"}}\n").into_bytes()
    };
    let list = [("LOG_FORMAT", "caddy,combined")];
    let big = enveloped(&format!("GET /{} HTTP/1.1", "a".repeat(4_500_000)));
    let got = invoke_limited_with(&event_file("6mb-envelope", std::slice::from_ref(&big)), &list);
    assert_eq!(got, [("ProcessingFailed".to_string(), b64::encode(&big))]);
    let fits = enveloped(&format!("GET /{} HTTP/1.1", "b".repeat(2_000_000)));
    let got = invoke_limited_with(&event_file("2mb-envelope", std::slice::from_ref(&fits)), &list);
    assert_eq!(got[0].0, "Ok");
    let json: serde_json::Value = serde_json::from_slice(&b64::decode(&got[0].1)).unwrap();
    assert_eq!(json["path"].as_str().unwrap().len(), 2_000_001);
    assert_eq!(json["envelope"], serde_json::json!({"ecs_cluster": "web", "container_id": "5f6a"}));
}

#[test]
fn a_hundred_thousand_one_byte_records() {
    let datas: Vec<Vec<u8>> =
        (0..100_000).map(|i| if i % 2 == 0 { b"a".to_vec() } else { b"\n".to_vec() }).collect();
    let got = invoke_limited(&event_file("100k", &datas));
    assert_eq!(got.len(), 100_000);
    for (i, (result, data)) in got.iter().enumerate() {
        let want = if i % 2 == 0 { ("ProcessingFailed", "YQ==") } else { ("Dropped", "Cg==") };
        assert_eq!((result.as_str(), data.as_str()), want, "record {i}");
    }
}

#[test]
fn lines_of_nothing_but_quotes_and_backslashes() {
    let junk: Vec<u8> = b"\"\\".iter().cycle().take(1_000_000).copied().collect();
    let mut backslashes = vec![b'\\'; 500_001];
    backslashes.push(b'\n');
    // Escaped quotes and backslashes filling every quoted field of a valid line.
    let escapes = "\\\"\\\\".repeat(50_000);
    let valid = format!(
        "10.0.0.1 - - [17/May/2015:10:05:03 +0000] \"{escapes}\" 200 1 \"{escapes}\" \"{escapes}\"\n"
    )
    .into_bytes();
    let got = invoke_limited(&event_file("quotes", &[junk.clone(), backslashes.clone(), valid]));
    assert_eq!(got[0], ("ProcessingFailed".to_string(), b64::encode(&junk)));
    assert_eq!(got[1], ("ProcessingFailed".to_string(), b64::encode(&backslashes)));
    assert_eq!(got[2].0, "Ok");
    let json: serde_json::Value = serde_json::from_slice(&b64::decode(&got[2].1)).unwrap();
    assert_eq!(json["user_agent"].as_str().unwrap(), "\"\\".repeat(50_000));
}

#[test]
fn a_long_request_full_of_escapes() {
    let request = format!("GET /{} HTTP/1.1", "\\x41\\\"%20\\\\".repeat(100_000));
    let got = invoke_limited(&event_file("escapes", &[line_with_request(&request)]));
    assert_eq!(got[0].0, "Ok");
    let json: serde_json::Value = serde_json::from_slice(&b64::decode(&got[0].1)).unwrap();
    assert_eq!(json["path"].as_str().unwrap(), format!("/{}", "\\x41\"%20\\".repeat(100_000)));
}

/// The response bound with every enrichment on, for each nickname: the shortest lines of
/// each case of `Growth::with_enrichment` (no input; an address; an agent read as
/// something; both), with a database whose strings are at their caps, stay within it, and
/// a batch of the safe size of the worst of them answers within the budget. Prints the
/// figures (`--nocapture`). So under each profile (`SCHEMA`), with its growth, and for a
/// list of both formats (its bound each part at its worst over the members', each
/// member's under its own profile and enrichment), on the lines of each.
#[test]
fn the_bound_with_every_enrichment_on_holds_for_the_worst_lines() {
    let dir = std::env::temp_dir().join(format!("firelog-limits-mmdb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (city, asn) = (dir.join("city.mmdb"), dir.join("asn.mmdb"));
    support::mmdb::write_longest(&city, &asn);
    let (city, asn) = (city.display().to_string(), asn.display().to_string());
    // The database holds 1.0.0.0/8 only: the bound's shortest address, `::`, is 5 bytes
    // shorter. `bot` is the shortest agent read as something; `curl/1` writes more.
    let cases = [("a", ""), ("1.0.0.1", ""), ("a", "bot"), ("1.0.0.1", "bot"), ("1.0.0.1", "curl/1")];
    for (name, schema) in ["firelog", "ecs", "otel"]
        .iter()
        .flat_map(|s| [("combined", *s), ("nginx_main", *s), ("nginx_main,combined", *s)])
    {
        let mut vars = vec![
            ("SCHEMA", schema),
            ("LOG_FORMAT", name),
            ("GEOIP_DB", city.as_str()),
            ("ASN_DB", asn.as_str()),
            ("PARSE_USER_AGENT", "on"),
            ("PARTITION_KEYS", "year,month,day,hour,status_class"),
        ];
        if name.starts_with("nginx_main") {
            vars.push(("TRUSTED_PROXIES", "10.0.0.0/8"));
        }
        let settings = support::settings::from_pairs(&vars).unwrap();
        let before = settings.format.growth();
        // Under a profile, its keys in place of firelog's (`Profile::growth`), then
        // enrichment's; a list's, each part at its worst over its members'.
        let member = |format: &firelog::access_log::Format| match firelog::profile::Profile::compile(
            settings.schema,
            format,
            &settings.enrichment,
        ) {
            Some(profile) => profile.growth(format.growth()).with_enrichment(),
            None => format.growth().with_enrichment(),
        };
        let growths = settings.format.members().iter().map(member);
        let growth = growths.reduce(firelog::expansion::Growth::worst).unwrap();
        let bound = growth.response_per_log_byte();
        let mut worst = (0.0, String::new());
        for ((address, agent), shape) in cases.iter().flat_map(|c| name.split(',').map(move |s| (*c, s))) {
            let line = match shape {
                "combined" => format!(r#"{address} - - [01/Jan/2000:00:00:00 +0000] "" - - "" "{agent}""#),
                _ => format!(r#"{address} - - [01/Jan/2000:00:00:00 +0000] "" - - "" "{agent}" """#),
            };
            let lines = vec![line.clone().into_bytes(); 2000];
            let (response, summary) = settings
                .transformer()
                .with_response_budget(usize::MAX)
                .event(&testdata::event(&lines))
                .unwrap();
            assert_eq!(summary.ok, lines.len());
            let lookups = summary.lookups.geo.clone().unwrap();
            let hits = if address == "a" { 0 } else { 2000 };
            assert_eq!(
                (lookups.hits, lookups.unreadable),
                (hits, 0),
                "the values are at their caps, not over"
            );
            let got = response.len() as f64 / (line.len() * lines.len()) as f64;
            assert!(got <= bound, "{name} {line}: {got:.2} over the bound {bound:.2}");
            if got > worst.0 {
                worst = (got, line);
            }
        }
        let (got, line) = worst;
        eprintln!(
            "{name} (SCHEMA={schema}) with every enrichment: {got:.2}x on its worst enriched lines ({line}); bound {bound:.2}x \
             (case: lines of {} bytes or more, {} bytes of JSON); safe batch {} bytes ({:.3} MiB); \
             {} bytes added a line at most",
            growth.min_line,
            growth.fixed,
            growth.safe_batch_bytes(),
            growth.safe_batch_bytes() as f64 / 1_048_576.0,
            firelog::enrich::most_added()
        );
        // The shortest lines write enrichment's nulls only: the case with no input is
        // the format's shortest line.
        assert!(growth.min_line > before.min_line, "{name}: a value needs its input");
        // A batch of the safe size of the worst lines answers within the budget.
        let n = growth.safe_batch_bytes() / line.len();
        let event = testdata::event(&vec![line.into_bytes(); n]);
        let (response, _) = settings.transformer().event(&event).unwrap();
        assert!(response.len() <= firelog::transform::RESPONSE_BUDGET, "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
