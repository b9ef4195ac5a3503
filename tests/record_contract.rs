//! The record contract, one rule a test, on small events with exact responses.

mod support;

use firelog::{Builtin, Scanner, Transformer};
use support::b64;
use support::testdata::event_of as event;

const LINE: &str = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
const JSON: &str = r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"referer":null,"user_agent":null}"#;

fn run(event: impl AsRef<[u8]>) -> Result<String, String> {
    let mut t = Transformer::new(Scanner::new(Builtin::Combined));
    t.event(event.as_ref()).map(|(r, _)| String::from_utf8(r).unwrap()).map_err(|e| e.to_string())
}

fn one(id: &str, result: &str, data: &str) -> String {
    format!(r#"{{"recordId":"{id}","result":"{result}","data":"{data}"}}"#)
}

#[test]
fn every_line_parses_gives_ok_with_json_lines() {
    let data = b64::encode(format!("{LINE}\n{LINE}\r\n"));
    let want = b64::encode(format!("{JSON}\n{JSON}\n"));
    assert_eq!(run(event(&[("a", &data)])), Ok(format!(r#"{{"records":[{}]}}"#, one("a", "Ok", &want))));
}

#[test]
fn a_last_line_without_newline_counts() {
    let data = b64::encode(LINE);
    let want = b64::encode(format!("{JSON}\n"));
    assert_eq!(run(event(&[("a", &data)])), Ok(format!(r#"{{"records":[{}]}}"#, one("a", "Ok", &want))));
}

#[test]
fn any_failing_line_fails_the_record_with_its_data_unchanged() {
    let data = b64::encode(format!("{LINE}\nnot a log line\n"));
    assert_eq!(
        run(event(&[("a", &data)])),
        Ok(format!(r#"{{"records":[{}]}}"#, one("a", "ProcessingFailed", &data)))
    );
}

#[test]
fn only_blank_lines_is_dropped() {
    for blank in ["", "\n", "\r\n", " \t\n\n", "\n\n\n"] {
        let data = b64::encode(blank);
        assert_eq!(
            run(event(&[("a", &data)])),
            Ok(format!(r#"{{"records":[{}]}}"#, one("a", "Dropped", &data))),
            "{blank:?}"
        );
    }
}

#[test]
fn data_that_is_not_base64_fails_unchanged() {
    for data in ["%%%", "QUJD=", "QUJ", "QU JD", "QUJD\\n"] {
        let ev = event(&[("a", data)]);
        let want_data = serde_json::to_string(data).unwrap();
        let want =
            format!(r#"{{"records":[{{"recordId":"a","result":"ProcessingFailed","data":{want_data}}}]}}"#);
        assert_eq!(run(&ev), Ok(want), "{data:?}");
    }
}

#[test]
fn ids_order_and_count_are_kept() {
    let good: &str = &b64::encode(LINE);
    let ev = event(&[("3", good), ("1", "!"), ("2", ""), ("3", good)]);
    let response: serde_json::Value = serde_json::from_str(&run(&ev).unwrap()).unwrap();
    let got: Vec<_> = response["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["recordId"].as_str().unwrap(), r["result"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("3", "Ok"), ("1", "ProcessingFailed"), ("2", "Dropped"), ("3", "Ok")]);
}

#[test]
fn record_ids_are_escaped_in_the_response() {
    let ev = event(&[("a\"b\\c\u{1}", "")]);
    assert_eq!(
        run(&ev),
        Ok(r#"{"records":[{"recordId":"a\"b\\c\u0001","result":"Dropped","data":""}]}"#.to_string())
    );
}

#[test]
fn an_empty_batch_gives_an_empty_response() {
    assert_eq!(run(r#"{"records":[]}"#), Ok(r#"{"records":[]}"#.to_string()));
}

#[test]
fn unknown_fields_and_arrival_timestamps_of_any_shape_are_accepted() {
    let ev = r#"{"records":[
        {"recordId":"a","data":"","approximateArrivalTimestamp":1507217624302,"extra":{"x":[1,2]}},
        {"recordId":"b","data":"","approximateArrivalTimestamp":"2012-04-23T18:25:43.511Z"},
        {"recordId":"c","data":"","approximateArrivalTimestamp":"1507217624302"},
        {"recordId":"d","data":"","approximateArrivalTimestamp":null},
        {"recordId":"e","data":"","approximateArrivalTimestamp":"soon","kinesisRecordMetadata":{"subsequenceNumber":""}}
    ],"somethingNew":true}"#;
    let parsed = firelog::envelope::Event::parse(ev.as_bytes()).unwrap();
    let arrivals: Vec<_> = parsed.records.iter().map(|r| r.approximate_arrival_timestamp).collect();
    assert_eq!(arrivals, [Some(1507217624302), Some(1335205543511), Some(1507217624302), None, None]);
}

#[test]
fn an_event_that_is_not_json_is_an_error_saying_so() {
    assert_eq!(run("not json"), Err("event is not valid JSON: expected ident at line 1 column 2".into()));
    assert_eq!(run(""), Err("event is not valid JSON: EOF while parsing a value at line 1 column 0".into()));
    assert_eq!(
        run(r#"{"records":[{"recordId":"a","#),
        Err("event is not valid JSON: EOF while parsing a value at line 1 column 28".into())
    );
}

#[test]
fn an_event_without_a_records_array_is_an_error_saying_so() {
    let err = |s: &str| run(s).unwrap_err();
    assert_eq!(
        err(r#"{"invocationId":"x"}"#),
        "event is not a Firehose transformation event: missing field `records` at line 1 column 20"
    );
    assert_eq!(
        err(r#"{"records":{}}"#),
        "event is not a Firehose transformation event: invalid type: map, expected a sequence at line 1 column 11"
    );
    assert_eq!(
        err(r#""records""#),
        "event is not a Firehose transformation event: invalid type: string \"records\", expected struct Event at line 1 column 9"
    );
    assert_eq!(
        err(r#"{"records":[{"data":""}]}"#),
        "event is not a Firehose transformation event: missing field `recordId` at line 1 column 23"
    );
    assert_eq!(
        err(r#"{"records":[{"recordId":"a"}]}"#),
        "event is not a Firehose transformation event: missing field `data` at line 1 column 28"
    );
}

#[test]
fn the_summary_counts_and_samples_failures() {
    let (good, bad): (&str, &str) = (&b64::encode(LINE), &b64::encode(b"nope"));
    let ev = event(&[("1", good), ("2", bad), ("3", ""), ("4", "!"), ("5", bad), ("6", bad)]);
    let mut t = Transformer::new(Scanner::new(Builtin::Combined));
    let (response, s) = t.event(&ev).unwrap();
    assert_eq!((s.records, s.ok, s.dropped, s.failed), (6, 1, 1, 4));
    assert_eq!((s.bytes_in, s.bytes_out), (ev.len(), response.len()));
    assert_eq!(
        s.failed_samples_text(),
        "2: line 1: invalid ident (%l) at column 5: the line ends; 4: data is not valid base64; 5: line 1: invalid ident (%l) at column 5: the line ends"
    );
}
