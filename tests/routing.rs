//! Drop rules and partition keys, through the whole transform, with exact responses.

mod support;

use firelog::{Builtin, Scanner, Transformer};
use support::testdata::event;
use support::{b64, settings};

fn transformer(vars: &[(&str, &str)]) -> Transformer {
    Transformer::new(Scanner::new(Builtin::Combined)).with_rules(settings::from_pairs(vars).unwrap().rules)
}

fn line(time: &str, request: &str, status: u16, agent: &str) -> String {
    format!("10.0.0.1 - - [{time}] \"{request}\" {status} 1 \"-\" \"{agent}\"")
}

fn records(response: &[u8]) -> Vec<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(response).unwrap()["records"].as_array().unwrap().clone()
}

#[test]
fn partition_keys_follow_the_request_time_in_utc() {
    let t = transformer(&[("PARTITION_KEYS", "year,month,day,hour,status_class")]);
    // (local time, status) -> keys. The keys are the UTC time's: one line whose offset
    // crosses a year (the conversion's own crossings are `timestamp::tests::table`'s).
    let cases = [
        ("17/May/2015:10:05:03 +0000", 200, ["2015", "05", "17", "10", "2xx"]),
        ("31/Dec/2023:23:30:00 -0130", 404, ["2024", "01", "01", "01", "4xx"]),
        ("30/Apr/2024:22:00:00 -0300", 101, ["2024", "05", "01", "01", "1xx"]),
        ("17/May/2015:10:05:03 +0000", 301, ["2015", "05", "17", "10", "3xx"]),
        ("17/May/2015:10:05:03 +0000", 503, ["2015", "05", "17", "10", "5xx"]),
    ];
    let datas: Vec<String> =
        cases.iter().map(|(time, status, _)| line(time, "GET / HTTP/1.1", *status, "-")).collect();
    let (response, _) = { t }.event(&event(&datas)).unwrap();
    for (r, (_, _, [y, m, d, h, s])) in records(&response).iter().zip(cases) {
        assert_eq!(r["result"], "Ok");
        assert_eq!(
            r["metadata"],
            serde_json::json!({"partitionKeys": {"year": y, "month": m, "day": d, "hour": h, "status_class": s}})
        );
    }
}

#[test]
fn a_record_takes_its_first_lines_keys_and_only_ok_records_carry_them() {
    let mut t = transformer(&[("PARTITION_KEYS", "day,hour")]);
    let two = format!(
        "{}\n{}\n",
        line("17/May/2015:23:59:59 +0000", "GET / HTTP/1.1", 200, "-"),
        line("18/May/2015:00:00:01 +0000", "GET / HTTP/1.1", 200, "-")
    );
    let (response, _) = t.event(&event(&[two, "bad line".into(), "\n".into()])).unwrap();
    let text = String::from_utf8(response).unwrap();
    let first = r#"{"recordId":"0","result":"Ok","data":""#;
    assert!(text.starts_with(&format!("{{\"records\":[{first}")), "{text}");
    assert!(text.contains(r#"","metadata":{"partitionKeys":{"day":"17","hour":"23"}}},{"recordId":"1","result":"ProcessingFailed","data":""#), "{text}");
    assert!(text.ends_with(r#"{"recordId":"2","result":"Dropped","data":"Cg=="}]}"#), "{text}");
}

#[test]
fn without_partition_keys_there_is_no_metadata() {
    let (response, _) = transformer(&[])
        .event(&event(&[line("17/May/2015:10:05:03 +0000", "GET / HTTP/1.1", 200, "-")]))
        .unwrap();
    assert!(!String::from_utf8(response).unwrap().contains("metadata"));
}

#[test]
fn each_drop_rule_leaves_lines_out() {
    let mut t = transformer(&[
        ("DROP_PATHS", "/health,/ping"),
        ("DROP_USER_AGENTS", "ELB-HealthChecker"),
        ("DROP_STATUS", "404,5xx"),
    ]);
    let time = "17/May/2015:10:05:03 +0000";
    let kept = line(time, "GET /index.html HTTP/1.1", 200, "Mozilla/5.0");
    let dropped = [
        line(time, "GET /health HTTP/1.1", 200, "curl"),
        line(time, "GET /ping?x=1 HTTP/1.1", 200, "curl"),
        line(time, "GET / HTTP/1.1", 200, "ELB-HealthChecker/2.0"),
        line(time, "GET /missing HTTP/1.1", 404, "Mozilla/5.0"),
        line(time, "GET / HTTP/1.1", 502, "Mozilla/5.0"),
    ];
    // A record of only dropped lines is Dropped, data unchanged; a record with some
    // lines kept is Ok with those.
    let all_dropped = dropped.join("\n");
    let mixed = format!("{}\n{kept}\n{}", dropped[0], dropped[4]);
    let (response, summary) = t
        .event(&event(&[all_dropped.clone(), mixed, line(time, "GET /healthy HTTP/1.1", 403, "x")]))
        .unwrap();
    let rs = records(&response);
    assert_eq!(rs[0]["result"], "Dropped");
    assert_eq!(rs[0]["data"], b64::encode(&all_dropped));
    assert_eq!(rs[1]["result"], "Ok");
    let out = String::from_utf8(b64::decode(rs[1]["data"].as_str().unwrap())).unwrap();
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains(r#""path":"/index.html""#));
    // `/healthy` starts with `/health`: path rules are prefixes.
    assert_eq!(rs[2]["result"], "Dropped");
    assert_eq!((summary.dropped_lines, summary.dropped, summary.ok), (8, 2, 1));
}

#[test]
fn a_line_that_fails_to_parse_still_fails_the_record_whatever_the_rules() {
    let mut t = transformer(&[("DROP_STATUS", "2xx")]);
    let data = format!("{}\nnot a log line", line("17/May/2015:10:05:03 +0000", "GET / HTTP/1.1", 200, "-"));
    let (response, _) = t.event(&event(std::slice::from_ref(&data))).unwrap();
    assert_eq!(records(&response)[0]["result"], "ProcessingFailed");
}

#[test]
fn the_response_guard_counts_the_partition_keys() {
    let vars = [("PARTITION_KEYS", "year,month,day,hour")];
    let datas: Vec<String> =
        (0..3).map(|i| line("17/May/2015:10:05:03 +0000", &format!("GET /{i} HTTP/1.1"), 200, "-")).collect();
    let ev = event(&datas);
    let (full, _) = transformer(&vars).event(&ev).unwrap();
    let budget = full.len() - 1;
    let (response, summary) = transformer(&vars).with_response_budget(budget).event(&ev).unwrap();
    assert!(response.len() <= budget);
    assert_eq!(summary.over_budget, 1);
    let rs = records(&response);
    assert_eq!((rs[0]["result"].as_str(), rs[2]["result"].as_str()), (Some("Ok"), Some("ProcessingFailed")));
    assert!(rs[2].get("metadata").is_none());
}

#[test]
fn threads_change_nothing_with_rules() {
    let vars = [("PARTITION_KEYS", "year,hour,status_class"), ("DROP_STATUS", "3xx")];
    let statuses = [200, 301, 404];
    let datas: Vec<String> = (0..3000)
        .map(|i| line("17/May/2015:10:05:03 -0700", "GET / HTTP/1.1", statuses[i % 3], "-"))
        .collect();
    let ev = event(&datas);
    let (one, s1) = transformer(&vars).event(&ev).unwrap();
    let (two, s2) = Transformer::with_threads(Scanner::new(Builtin::Combined), 2)
        .with_rules(settings::from_pairs(&vars).unwrap().rules)
        .event(&ev)
        .unwrap();
    assert!(one == two);
    assert_eq!(s1, s2);
    assert_eq!(s1.dropped_lines, 1000);
}
