//! The shared corpus of 10,000 real combined-format lines (skipped, saying so, when absent).

mod support;

use std::collections::BTreeMap;

use firelog::access_log::{Builtin, Captures, Field, Scanner};
use firelog::envelope::EventBuilder;
use firelog::transform::lines;
use support::{b64, corpus, definition};

#[test]
fn every_line_parses_but_the_truncated_one() {
    let Some(data) = corpus::read() else { return };
    let parser = Scanner::new(Builtin::Combined);
    let mut captures = Captures::default();
    let mut failures = Vec::new();
    let mut statuses = BTreeMap::new();
    let mut dash_bytes = 0;
    let mut count = 0;
    let dash = regex::bytes::Regex::new(r#"" [0-9]{3} - "#).unwrap();
    for (i, line) in lines(&data).enumerate() {
        let Some(line) = line else { continue };
        count += 1;
        match parser.parse(line, &mut captures) {
            Ok(entry) => {
                *statuses.entry(entry.status).or_insert(0) += 1;
                if dash.is_match(line) {
                    let mut out = Vec::new();
                    firelog::output::write_line(&mut out, &entry, line, None);
                    let object: serde_json::Value = serde_json::from_slice(&out).unwrap();
                    assert_eq!(object["bytes"], 0, "line {}", i + 1);
                    dash_bytes += 1;
                }
            }
            Err(e) => failures.push((i + 1, e.field)),
        }
    }
    assert_eq!(count, 10_000);
    assert_eq!(failures, vec![(8899, Field::UserAgent)]);
    // The corpus README's counts, less the truncated line (a 200).
    let want: BTreeMap<Option<u16>, i32> =
        [(200, 9125), (304, 445), (404, 213), (301, 164), (206, 45), (500, 3), (416, 2), (403, 2)]
            .map(|(status, n)| (Some(status), n))
            .into();
    assert_eq!(statuses, want);
    assert_eq!(dash_bytes, 669);
}

#[test]
fn the_definition_agrees_with_the_scanner_on_every_line() {
    let Some(data) = corpus::read() else { return };
    for format in [Builtin::Combined, Builtin::Common, Builtin::NginxCombined] {
        let parser = Scanner::new(format);
        for (i, line) in lines(&data).enumerate() {
            let Some(line) = line else { continue };
            if let Err(why) = definition::agree(&parser, line) {
                panic!("{format:?} line {}: {why}", i + 1);
            }
        }
    }
}

/// One event holding every corpus line, one record a line (skipped without the corpus).
fn whole_corpus_event() -> Option<Vec<u8>> {
    let data = corpus::read()?;
    let mut builder = EventBuilder::new(1_431_857_103_000);
    for line in lines(&data).flatten() {
        assert!(builder.try_push_line(line, usize::MAX));
    }
    Some(builder.finish())
}

#[test]
fn an_event_of_the_corpus_is_ok_but_for_one_record_kept_byte_for_byte() {
    let Some(event) = whole_corpus_event() else { return };
    // All 10,000 lines in one event make a 6.4 MB response: past the budget, which the
    // next test is about. Here, every record's own result.
    let mut transformer =
        firelog::Transformer::new(Scanner::new(Builtin::Combined)).with_response_budget(usize::MAX);
    let (response, summary) = transformer.event(&event).expect("valid event");
    assert_eq!((summary.records, summary.ok, summary.dropped, summary.failed), (10_000, 9_999, 0, 1));
    assert_eq!(
        summary.failed_samples_text(),
        "49546986683135544286507457936321625675700192000000008899: line 1: invalid user agent (\"%{User-Agent}i\") at column 110: found \" \\\"Mozilla/5.0 (c...\""
    );

    let request: serde_json::Value = serde_json::from_slice(&event).unwrap();
    let response: serde_json::Value = serde_json::from_slice(&response).expect("response is JSON");
    let (ins, outs) = (request["records"].as_array().unwrap(), response["records"].as_array().unwrap());
    assert_eq!(ins.len(), outs.len());
    for (n, (a, b)) in ins.iter().zip(outs).enumerate() {
        assert_eq!(a["recordId"], b["recordId"]);
        if n + 1 == 8899 {
            assert_eq!(b["result"], "ProcessingFailed");
            assert_eq!(a["data"], b["data"]);
        } else {
            assert_eq!(b["result"], "Ok");
            let decoded = b64::decode(b["data"].as_str().unwrap());
            assert_eq!(decoded.iter().filter(|&&c| c == b'\n').count(), 1);
            let object: serde_json::Value = serde_json::from_slice(&decoded).unwrap();
            assert_eq!(object.as_object().unwrap().len(), 12);
        }
    }
}

#[test]
fn the_whole_corpus_in_one_event_is_kept_under_the_response_budget() {
    let Some(event) = whole_corpus_event() else { return };
    let (response, summary) =
        firelog::Transformer::new(Scanner::new(Builtin::Combined)).event(&event).unwrap();
    assert!(response.len() <= firelog::transform::RESPONSE_BUDGET, "{}", response.len());
    assert!(summary.over_budget > 0);
    assert_eq!(summary.ok + summary.failed, 10_000);
    assert_eq!(summary.failed, summary.over_budget + 1);
}

/// nginx's stock `main` lines: every one reads under `nginx_main` and under the default,
/// and the corpus README's figures come out of what was written.
#[test]
fn every_nginx_main_line_reads_and_the_figures_come_out() {
    use firelog::access_log::{Captures, Format};
    use std::collections::BTreeSet;
    let Some(data) = corpus::read_nginx() else { return };
    let main = Format::new("nginx_main").unwrap();
    let default = Format::new("combined").unwrap();
    let mut captures = Captures::default();
    let (mut clients, mut targets, mut paths) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut classes = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let (mut body_bytes, mut forwarded, mut count) = (0u64, 0, 0);
    for (i, line) in lines(&data).enumerate() {
        let Some(line) = line else { continue };
        count += 1;
        let mut out = Vec::new();
        let parsed = main.parse(line, &mut captures).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        firelog::output::write_line(&mut out, &parsed, line, None);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        clients.insert(v["host"].as_str().unwrap().to_string());
        let path = v["path"].as_str().unwrap().to_string();
        paths.insert(path.split('?').next().unwrap().to_string());
        targets.insert(path);
        let status = v["status"].as_u64().unwrap();
        *statuses.entry(status).or_insert(0) += 1;
        *classes.entry(status / 100).or_insert(0) += 1;
        body_bytes += v["bytes"].as_u64().unwrap();
        forwarded += usize::from(!v["x_forwarded_for"].is_null());
        // The default reads it too, the forwarded-for kept as extra text.
        let mut out = Vec::new();
        let parsed =
            default.parse(line, &mut captures).unwrap_or_else(|e| panic!("line {} (default): {e}", i + 1));
        firelog::output::write_line(&mut out, &parsed, line, None);
        let d: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let xff = v["x_forwarded_for"].as_str().unwrap_or("-");
        assert_eq!(d["extra"], format!("\"{xff}\""), "line {}", i + 1);
    }
    assert_eq!(count, 1000);
    assert_eq!((clients.len(), targets.len(), paths.len()), (101, 860, 751));
    assert_eq!(classes, [(2, 938), (3, 38), (4, 24)].into());
    assert_eq!(statuses, [(200, 938), (301, 11), (302, 20), (304, 7), (404, 24)].into());
    assert_eq!(body_bytes, 18_963_364);
    assert_eq!(forwarded, 13);
}
