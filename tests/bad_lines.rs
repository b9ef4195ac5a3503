//! `ON_BAD_LINE=keep`: a line that does not parse is written as an object holding the
//! line and why, beside its record's good lines or alone; only with partition keys does a
//! record with no good line still fail.

mod support;

use firelog::Transformer;
use firelog::transform::BadLines;
use support::{b64, cloudwatch, settings, testdata};

const GOOD: &str = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
const GOOD_JSON: &str = r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":null,"user_agent":null}"#;

fn transformer(vars: &[(&str, &str)]) -> Transformer {
    settings::from_pairs(vars).unwrap().transformer().with_response_budget(usize::MAX)
}

/// Each record's (result, decoded data) and the summary.
fn run(t: &mut Transformer, datas: &[&[u8]]) -> (Vec<(String, Vec<u8>)>, firelog::Summary) {
    let (response, summary) = t.event(&testdata::event(datas)).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&response).unwrap();
    let records = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["result"].as_str().unwrap().to_string(), b64::decode(r["data"].as_str().unwrap())))
        .collect();
    (records, summary)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_bad_line_is_kept_beside_the_good_ones() {
    let mut t = transformer(&[("ON_BAD_LINE", "keep")]);
    let data = format!("{GOOD}\nnot a log line\n{GOOD}\n");
    let (records, summary) = run(&mut t, &[data.as_bytes()]);
    assert_eq!(records[0].0, "Ok");
    assert_eq!(
        text(&records[0].1),
        format!(
            "{GOOD_JSON}\n{}\n{GOOD_JSON}\n",
            r#"{"unparsed_line":"not a log line","parse_error":"line 2: invalid timestamp (%t) at column 10: found \" line\""}"#
        )
    );
    assert_eq!((summary.ok, summary.failed, summary.unparsed_lines), (1, 0, 1));
}

#[test]
fn bytes_that_are_not_utf8_are_kept_as_everywhere() {
    let mut t = transformer(&[("ON_BAD_LINE", "keep")]);
    let data = [GOOD.as_bytes(), b"\n\xff\xfe \"q\" \\ end\n"].concat();
    let (records, _) = run(&mut t, &[&data]);
    let second = text(&records[0].1).lines().nth(1).unwrap().to_string();
    assert_eq!(
        second,
        r#"{"unparsed_line":"\\xff\\xfe \"q\" \\ end","parse_error":"line 2: invalid timestamp (%t) at column 9: found \" end\""}"#
    );
}

#[test]
fn a_record_with_no_good_line_is_kept_too() {
    let mut t = transformer(&[("ON_BAD_LINE", "keep"), ("DROP_PATHS", "/apache_pb.gif")]);
    let only = b"bad one\n";
    let all_bad = b"bad one\n\nbad two\n";
    // Its only good line is left out by a drop rule: the bad line is kept all the same.
    let dropped_and_bad = format!("{GOOD}\nbad\n");
    let (records, summary) = run(&mut t, &[&only[..], all_bad, dropped_and_bad.as_bytes()]);
    let one =
        r#"{"unparsed_line":"bad one","parse_error":"line 1: invalid user (%u) at column 8: the line ends"}"#;
    let two =
        r#"{"unparsed_line":"bad two","parse_error":"line 3: invalid user (%u) at column 8: the line ends"}"#;
    let bad =
        r#"{"unparsed_line":"bad","parse_error":"line 2: invalid ident (%l) at column 4: the line ends"}"#;
    assert_eq!(
        records,
        [
            ("Ok".into(), format!("{one}\n").into_bytes()),
            ("Ok".into(), format!("{one}\n{two}\n").into_bytes()),
            ("Ok".into(), format!("{bad}\n").into_bytes()),
        ]
    );
    assert_eq!((summary.ok, summary.failed, summary.dropped_lines, summary.unparsed_lines), (3, 0, 1, 4));
}

#[test]
fn with_partition_keys_a_record_with_no_good_line_still_fails_with_its_data() {
    // Only a parsed line names the record's partition; Firehose would put it under errors/.
    let mut t = transformer(&[("ON_BAD_LINE", "keep"), ("PARTITION_KEYS", "year")]);
    let all_bad = b"bad one\n\nbad two\n";
    let mixed = format!("bad\n{GOOD}\n");
    let (records, summary) = run(&mut t, &[&all_bad[..], mixed.as_bytes()]);
    assert_eq!(records[0], ("ProcessingFailed".into(), all_bad.to_vec()));
    assert_eq!(records[1].0, "Ok");
    assert_eq!((summary.failed, summary.unparsed_lines), (1, 1));
    assert_eq!(summary.failed_samples_text(), "0: line 1: invalid user (%u) at column 8: the line ends");
}

#[test]
fn by_default_a_bad_line_fails_its_record() {
    let mut t = transformer(&[]);
    let data = format!("{GOOD}\nnot a log line\n");
    let (records, summary) = run(&mut t, &[data.as_bytes()]);
    assert_eq!(records, [("ProcessingFailed".into(), data.into_bytes())]);
    assert_eq!(summary.unparsed_lines, 0);
}

#[test]
fn a_cloudwatch_event_keeps_its_group_and_stream_on_a_bad_line() {
    let mut t = transformer(&[("ON_BAD_LINE", "keep")]);
    let data = cloudwatch::record_data("DATA_MESSAGE", "/web/access", "i-0abc", &[GOOD.as_bytes(), b"oops"]);
    let (response, summary) =
        t.event(format!(r#"{{"records":[{{"recordId":"r","data":"{data}"}}]}}"#).as_bytes()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&response).unwrap();
    let out = text(&b64::decode(v["records"][0]["data"].as_str().unwrap()));
    assert_eq!(
        out.lines().nth(1).unwrap(),
        r#"{"unparsed_line":"oops","parse_error":"log event 2: invalid ident (%l) at column 5: the line ends","log_group":"/web/access","log_stream":"i-0abc"}"#
    );
    assert_eq!(summary.unparsed_lines, 1);
}

#[test]
fn threads_count_unparsed_lines_alike() {
    let datas: Vec<String> = (0..600)
        .map(|i| if i % 3 == 0 { format!("{GOOD}\nbad {i}\n") } else { format!("{GOOD}\n") })
        .collect();
    let datas: Vec<&[u8]> = datas.iter().map(|d| d.as_bytes()).collect();
    let settings = settings::from_pairs(&[("ON_BAD_LINE", "keep")]).unwrap();
    assert_eq!(settings.bad_lines, BadLines::Keep);
    let (one, s1) =
        settings.transformer().with_bad_lines(BadLines::Keep).event(&testdata::event(&datas)).unwrap();
    let mut two = Transformer::with_threads(settings.format.clone(), 2).with_bad_lines(BadLines::Keep);
    let (two_response, s2) = two.event(&testdata::event(&datas)).unwrap();
    assert_eq!(one, two_response);
    assert_eq!((s1.unparsed_lines, s2.unparsed_lines), (200, 200));
}

#[test]
fn on_bad_line_takes_two_values() {
    assert_eq!(
        settings::from_pairs(&[("ON_BAD_LINE", "skip")]).unwrap_err(),
        r#"ON_BAD_LINE="skip" is not allowed: fail-record (the default: a bad line fails its record) or keep (it is written as {"unparsed_line":...,"parse_error":...} and the record stays Ok, a record's only line too; with PARTITION_KEYS a record of bad lines only still fails)"#
    );
}
