//! Running in production: CloudWatch Logs payloads, the response guard, EMF metrics.

mod support;

use firelog::metrics::{Invocation, emf_line};
use firelog::transform::RESPONSE_BUDGET;
use firelog::{Builtin, Scanner, Transformer};
use support::{b64, cloudwatch, root, testdata};

fn transformer() -> Transformer {
    Transformer::new(Scanner::new(Builtin::Combined))
}

fn event(records: &[(String, String)]) -> Vec<u8> {
    let records: Vec<_> = records
        .iter()
        .map(|(id, data)| serde_json::json!({"recordId": id, "data": data, "approximateArrivalTimestamp": 1_763_706_324_000i64}))
        .collect();
    serde_json::to_vec(&serde_json::json!({"deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/web", "records": records})).unwrap()
}

fn results(response: &[u8]) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_slice(response).unwrap();
    v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["recordId"].as_str().unwrap().into(),
                r["result"].as_str().unwrap().into(),
                r["data"].as_str().unwrap().into(),
            )
        })
        .collect()
}

// --- CloudWatch Logs ---------------------------------------------------------------------

const LINE: &[u8] =
    br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;

#[test]
fn a_data_message_becomes_json_lines_with_its_group_and_stream() {
    let data = cloudwatch::record_data("DATA_MESSAGE", "/web/access", "i-0abc", &[LINE, b"", LINE]);
    let (response, summary) = transformer().event(&event(&[("a".into(), data)])).unwrap();
    assert_eq!((summary.ok, summary.failed), (1, 0));
    let out = b64::decode(&results(&response)[0].2);
    let one = r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":null,"user_agent":null,"log_group":"/web/access","log_stream":"i-0abc"}"#;
    assert_eq!(String::from_utf8(out).unwrap(), format!("{one}\n{one}\n"));
}

#[test]
fn a_control_message_is_dropped() {
    let data = cloudwatch::record_data(
        "CONTROL_MESSAGE",
        "",
        "",
        &[b"CWL CONTROL MESSAGE: Checking health of destination Firehose."],
    );
    let (response, _) = transformer().event(&event(&[("a".into(), data.clone())])).unwrap();
    assert_eq!(results(&response), [("a".into(), "Dropped".into(), data)]);
}

#[test]
fn anything_else_in_gzip_fails_with_its_data_unchanged() {
    let other = cloudwatch::record_data("SOMETHING_ELSE", "g", "s", &[LINE]);
    let bad_line = cloudwatch::record_data("DATA_MESSAGE", "g", "s", &[LINE, b"not a log line"]);
    let not_json = b64::encode(cloudwatch::gzip(b"plain text, gzipped"));
    let truncated =
        b64::encode(&cloudwatch::gzip(&cloudwatch::message("DATA_MESSAGE", "g", "s", &[LINE]))[..30]);
    let bomb = b64::encode(cloudwatch::gzip(&vec![b' '; 64 << 20]));
    let records: Vec<(String, String)> = [other, bad_line, not_json, truncated, bomb]
        .into_iter()
        .enumerate()
        .map(|(i, d)| (i.to_string(), d))
        .collect();
    let (response, summary) = transformer().event(&event(&records)).unwrap();
    let got = results(&response);
    for ((id, data), (gid, result, gdata)) in records.iter().zip(&got) {
        assert_eq!((id, "ProcessingFailed", data), (gid, result.as_str(), gdata));
    }
    assert_eq!(
        summary.failed_samples_text(),
        "0: not a CloudWatch Logs DATA_MESSAGE or CONTROL_MESSAGE; 1: log event 2: invalid timestamp (%t) at column 10: found \" line\"; 2: not a CloudWatch Logs DATA_MESSAGE or CONTROL_MESSAGE"
    );
    // The bomb (64 MiB of spaces in 64 KB of gzip) is refused at the cap.
    let mut t = transformer();
    let bomb_event = event(&records[4..]);
    let parsed = firelog::envelope::Event::parse(&bomb_event).unwrap();
    assert_eq!(
        t.record(&parsed.records[0].data),
        firelog::transform::RecordResult::Failed(firelog::transform::FailReason::CloudWatch(
            firelog::cloudwatch::CwlError::TooLarge
        ))
    );
}

/// testdata/events/cloudwatch.json is rebuilt here from testdata lines (gzip, then
/// base64), so the fixture is reproducible; FIRELOG_BLESS=1 rewrites it.
#[test]
fn the_cloudwatch_fixture_is_built_from_testdata_lines() {
    let lines = std::fs::read(root().join("testdata/lines/combined.log")).unwrap();
    let lines: Vec<&[u8]> = lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let records = vec![
        (
            "49546986683135544286507457936321625675700192471156785201".to_string(),
            cloudwatch::record_data("DATA_MESSAGE", "/web/access", "i-0abc", &lines[..5]),
        ),
        (
            "49546986683135544286507457936321625675700192471156785202".to_string(),
            cloudwatch::record_data("DATA_MESSAGE", "/web/access", "i-0def", &lines[5..]),
        ),
        (
            "49546986683135544286507457936321625675700192471156785203".to_string(),
            cloudwatch::record_data(
                "CONTROL_MESSAGE",
                "",
                "",
                &[b"CWL CONTROL MESSAGE: Checking health of destination Firehose."],
            ),
        ),
    ];
    let mut built =
        serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&event(&records)).unwrap())
            .unwrap();
    built.push(b'\n');
    let path = root().join("testdata/events/cloudwatch.json");
    if std::env::var_os("FIRELOG_BLESS").is_some() {
        std::fs::write(&path, &built).unwrap();
    }
    assert_eq!(String::from_utf8(std::fs::read(&path).unwrap()).unwrap(), String::from_utf8(built).unwrap());
}

// --- The response guard ------------------------------------------------------------------

/// Short lines grow the most: `1.2.3.4 - - [...] "GET / HTTP/1.0" 200 1` (61 bytes)
/// becomes about 230 bytes of JSON, base64 on top: the output is 2-3 times the input.
fn growing_event(records: usize) -> Vec<u8> {
    let recs: Vec<_> = (0..records)
        .map(|i| {
            let line = format!(
                "10.0.{}.{} - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.0\" 200 1\n",
                i / 250 % 250,
                i % 250
            );
            (format!("r{i:06}"), b64::encode(line))
        })
        .collect();
    testdata::event_of(&recs)
}

#[test]
fn an_output_two_to_three_times_the_input_stays_under_the_budget() {
    let ev = growing_event(26_000);
    let (unguarded, _) = transformer().with_response_budget(usize::MAX).event(&ev).unwrap();
    let ratio = unguarded.len() as f64 / ev.len() as f64;
    assert!((2.0..3.0).contains(&ratio), "output/input {ratio:.2}");
    assert!(unguarded.len() > RESPONSE_BUDGET);

    for threads in [1, 2] {
        let mut t = Transformer::with_threads(Scanner::new(Builtin::Combined), threads);
        let (response, summary) = t.event(&ev).unwrap();
        assert!(response.len() <= RESPONSE_BUDGET, "{}", response.len());
        // Close to the budget: no room left for another Ok record (about 330 bytes).
        assert!(response.len() > RESPONSE_BUDGET - 400, "{}", response.len());
        let got = results(&response);
        let want = results(&unguarded);
        assert_eq!(got.len(), 26_000);
        let input: serde_json::Value = serde_json::from_slice(&ev).unwrap();
        let mut failed = 0;
        for (i, ((id, result, data), (wid, _, wdata))) in got.iter().zip(&want).enumerate() {
            assert_eq!(id, wid);
            match result.as_str() {
                "Ok" => assert_eq!(data, wdata, "record {i}"),
                "ProcessingFailed" => {
                    failed += 1;
                    assert_eq!(
                        data,
                        input["records"][i]["data"].as_str().unwrap(),
                        "record {i}: original data"
                    );
                }
                other => panic!("{other}"),
            }
        }
        assert!(failed > 0);
        assert_eq!((summary.failed, summary.over_budget, summary.ok), (failed, failed, 26_000 - failed));
        assert!(summary.failed_samples_text().contains(": output did not fit in the response budget"));
    }
}

#[test]
fn the_guard_keeps_records_in_order_and_fits_exactly() {
    let line = |n: u32| {
        b64::encode(format!("10.0.0.{n} - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.0\" 200 1\n"))
    };
    let records: Vec<(String, String)> = (1..=3).map(|n| (n.to_string(), line(n))).collect();
    let ev = event(&records);
    let (full, _) = transformer().event(&ev).unwrap();
    // A budget one byte short of everything: the last record goes back as it came.
    let (response, summary) = transformer().with_response_budget(full.len() - 1).event(&ev).unwrap();
    let got = results(&response);
    assert_eq!(got.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["Ok", "Ok", "ProcessingFailed"]);
    assert_eq!(got[2].2, records[2].1);
    assert_eq!(summary.over_budget, 1);
    assert!(response.len() < full.len());
}

// --- Metrics (EMF) -----------------------------------------------------------------------

/// Checks a line against the EMF specification's structure: `_aws.Timestamp` (ms),
/// one `CloudWatchMetrics` directive with a namespace, dimension sets of strings that
/// name string members, and metrics (at most 100) that name numeric members.
fn check_emf(line: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(line).expect("EMF is one JSON object");
    let aws = &v["_aws"];
    assert!(aws["Timestamp"].as_i64().is_some_and(|t| t > 1_000_000_000_000));
    let directives = aws["CloudWatchMetrics"].as_array().unwrap();
    assert_eq!(directives.len(), 1);
    let d = &directives[0];
    let ns = d["Namespace"].as_str().unwrap();
    assert!((1..=255).contains(&ns.len()));
    for set in d["Dimensions"].as_array().unwrap() {
        let set = set.as_array().unwrap();
        assert!((1..=30).contains(&set.len()));
        for name in set {
            assert!(v[name.as_str().unwrap()].is_string(), "dimension {name} is a string member");
        }
    }
    let metrics = d["Metrics"].as_array().unwrap();
    assert!((1..=100).contains(&metrics.len()));
    const UNITS: &[&str] = &["Count", "Bytes", "Milliseconds"];
    for m in metrics {
        let name = m["Name"].as_str().unwrap();
        assert!(UNITS.contains(&m["Unit"].as_str().unwrap()));
        assert!(v[name].is_number(), "metric {name} is a numeric member");
    }
    v
}

#[test]
fn one_emf_line_per_invocation_with_every_figure() {
    let ev = std::fs::read(root().join("testdata/events/sample.json")).unwrap();
    let parsed = firelog::envelope::Event::parse(&ev).unwrap();
    let (_, summary) = transformer().parsed_event(&parsed, ev.len());
    let inv =
        Invocation { now_ms: 1_763_706_330_000, transform_ms: 1.25, stream: parsed.delivery_stream_name() };
    let line = emf_line("firelog", &[("Env".into(), "prod".into())], &summary, &inv);
    assert!(!line.contains('\n'));
    let v = check_emf(&line);
    assert_eq!(
        v["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
        serde_json::json!([["DeliveryStream", "Env"]])
    );
    assert_eq!((v["DeliveryStream"].as_str(), v["Env"].as_str()), (Some("firelog-local"), Some("prod")));
    let n = |k: &str| v[k].as_f64().unwrap();
    assert_eq!((n("Records"), n("Ok"), n("Dropped"), n("ProcessingFailed")), (10.0, 4.0, 2.0, 4.0));
    assert_eq!((n("BytesIn"), n("BytesOut")), (ev.len() as f64, 3602.0));
    assert_eq!(n("MaxArrivalLagMs"), 6000.0);
    assert_eq!(n("TransformMs"), 1.25);
    let names: Vec<_> = v["_aws"]["CloudWatchMetrics"][0]["Metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["Name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Records",
            "Ok",
            "Dropped",
            "ProcessingFailed",
            "BytesIn",
            "BytesOut",
            "LinesUnparsed",
            "MaxArrivalLagMs",
            "TransformMs"
        ]
    );
}

#[test]
fn without_arrival_times_the_lag_is_not_claimed() {
    let ev = br#"{"records":[{"recordId":"a","data":""}]}"#;
    let parsed = firelog::envelope::Event::parse(ev).unwrap();
    let (_, summary) = transformer().parsed_event(&parsed, ev.len());
    let line = emf_line(
        "firelog",
        &[],
        &summary,
        &Invocation { now_ms: 1_763_706_330_000, transform_ms: 0.0, stream: None },
    );
    let v = check_emf(&line);
    assert!(v.get("MaxArrivalLagMs").is_none());
    assert_eq!(v["DeliveryStream"], "unknown");
}
