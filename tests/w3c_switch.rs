//! A `#Fields:` line in a W3C log's data sets the layout of the lines after it, in its
//! record (`transform/layout.rs`): IIS writes a new `#Fields:` header whenever its
//! logging fields change ("Use the order shown in the Fields log file entry to parse all
//! entries until the next log file entry begins", Microsoft's "W3C Extended Log File
//! Examples"), and CloudFront's and IIS's files begin with header lines.
//!
//! Every expected object is the one the header before the line writes as `LOG_FORMAT`
//! alone (`tests/w3c.rs` holds those to the services' documentation), and each test
//! checks that too where it can.
//! - `testdata/w3c/iis_switch.log`: Microsoft's IIS 6.0 intranet example (its default
//!   fields) and its "W3C Extended Log File Format (IIS 6.0)" sample (more fields, and
//!   `cs(Referrer)` as it spells it), each with its header lines as IIS writes them; an own
//!   line with an IPv6 client and `-` where IIS writes it; IIS 10's default fields
//!   (`LOG_FORMAT=iis`'s: the layout switches back), then the IIS 6.0 fields again, with
//!   `-` in every field.

mod support;

use firelog::access_log::w3c::{FIELDS, FieldKind};
use firelog::access_log::{Captures, Format};
use firelog::{Settings, Threads, Transformer};
use proptest::prelude::*;
use support::settings::{format, from_pairs};
use support::{b64, root};

fn testdata(name: &str) -> String {
    let path = root().join("testdata/w3c").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The object `format` alone writes for `line`, or its error.
fn json(format: &Format, line: &str) -> Result<String, String> {
    let mut captures = Captures::default();
    let entry = format.parse(line.as_bytes(), &mut captures).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    firelog::output::write_line(&mut out, &entry, line.as_bytes(), None);
    Ok(String::from_utf8(out).unwrap())
}

/// Each record's result and data (its JSON Lines when `Ok`, else its data as it came) of
/// an event of `datas`, through the transformer the settings `vars` build, on `threads`.
fn transform(vars: &[(&str, &str)], threads: usize, datas: &[&str]) -> Vec<(String, String)> {
    let settings = from_pairs(vars).unwrap_or_else(|e| panic!("{vars:?}: {e}"));
    let mut t = Settings { threads: Threads::Fixed(threads), ..settings }.transformer();
    let (response, _) = t.event(&support::testdata::event(datas)).expect("an event");
    respond(&response)
}

fn respond(response: &[u8]) -> Vec<(String, String)> {
    let response: serde_json::Value = serde_json::from_slice(response).unwrap();
    let records = response["records"].as_array().unwrap();
    let data = |r: &serde_json::Value| String::from_utf8(b64::decode(r["data"].as_str().unwrap())).unwrap();
    records.iter().map(|r| (r["result"].as_str().unwrap().to_string(), data(r))).collect()
}

/// A record's result and its data (its JSON Lines when `Ok`).
type Outcome = (String, String);

fn ok(lines: &str) -> (String, String) {
    ("Ok".into(), lines.into())
}

fn failed(data: &str) -> (String, String) {
    ("ProcessingFailed".into(), data.into())
}

#[test]
fn an_iis_file_whose_fields_change_reads_each_line_by_the_header_before_it() {
    let log = testdata("iis_switch.log");
    let want = testdata("iis_switch.expected.jsonl");
    assert_eq!(transform(&[("LOG_FORMAT", "iis")], 1, &[&log]), [ok(&want)]);
    // Each object is the one its header writes as LOG_FORMAT alone.
    let mut header = "iis";
    let mut objects = want.split_inclusive('\n');
    for line in log.lines() {
        if line.starts_with("#Fields:") {
            header = line;
        } else if !line.starts_with('#') {
            assert_eq!(json(&format(header), line).as_deref(), Ok(objects.next().unwrap()), "{line}");
        }
    }
    assert_eq!(objects.next(), None);
    // The same file under the IIS 6.0 header as LOG_FORMAT writes the same objects.
    let iis6 = log.lines().find(|l| l.starts_with("#Fields:")).unwrap();
    assert_eq!(transform(&[("LOG_FORMAT", iis6)], 1, &[&log]), [ok(&want)]);
}

#[test]
fn cloudfront_chunks_that_start_with_their_header_read_alike_on_any_threads() {
    let log = testdata("cloudfront.log");
    let want = testdata("cloudfront.expected.jsonl");
    let rows: String = log.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    // A distribution whose standard logging (v2) writes W3C with the fields it chose.
    let chosen = "#Version: 1.0\n\
                  #Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes x-edge-result-type\n\
                  2024-03-01\t00:00:01\t2001:db8::9\tGET\t/index.html\t200\t5120\tHit\n\
                  2024-03-01\t00:00:02\t-\t-\t/a%20b\t-\t-\t-\n";
    let chosen_want = concat!(
        r##"{"timestamp":"2024-03-01T00:00:01Z","host":"2001:db8::9","method":"GET","path":"/index.html","status":200,"bytes":5120,"x_edge_result_type":"Hit"}"##,
        "\n",
        r##"{"timestamp":"2024-03-01T00:00:02Z","host":null,"method":null,"path":"/a b","status":null,"bytes":null,"x_edge_result_type":null}"##,
        "\n"
    );
    // A chunk with its header, a chunk of other fields, a chunk without a header: each
    // record starts with LOG_FORMAT's layout whichever thread reads it.
    let datas: Vec<&str> = (0..200).flat_map(|_| [log.as_str(), chosen, rows.as_str()]).collect();
    let vars = [("LOG_FORMAT", "cloudfront")];
    let one = transform(&vars, 1, &datas);
    let want: Vec<(String, String)> =
        (0..200).flat_map(|_| [ok(&want), ok(chosen_want), ok(&want)]).collect();
    assert_eq!(one, want);
    assert_eq!(transform(&vars, 4, &datas), want);
}

#[test]
fn a_switch_and_a_switch_back() {
    let log_format = "#Fields: date time c-ip sc-status";
    let own = "2024-01-01\t00:00:00\t192.0.2.1\t200";
    let own_json = r##"{"timestamp":"2024-01-01T00:00:00Z","host":"192.0.2.1","status":200}"##;
    let other_header = "#Fields: date time c-ip cs-method";
    let other = "2024-01-01\t00:00:01\t2001:db8::1\tPOST";
    let other_json = r##"{"timestamp":"2024-01-01T00:00:01Z","host":"2001:db8::1","method":"POST"}"##;
    let own_error = "line 3: invalid status (LOG_FORMAT position 25) at column 33: found \"POST\"";
    // (records, each record's result)
    let table: &[(&[String], &[Outcome])] = &[
        (
            // Switched, then back by LOG_FORMAT's own header.
            &[format!("{own}\n{other_header}\n{other}\n{log_format}\n{own}\n")],
            &[ok(&format!("{own_json}\n{other_json}\n{own_json}\n"))],
        ),
        (
            // Other header lines (`#Version:`, `#Remark:`) change nothing.
            &[format!("#Version: 1.0\n{other_header}\n#Remark: x\n{other}\n#Date: 2024-01-01\n{other}\n")],
            &[ok(&format!("{other_json}\n{other_json}\n"))],
        ),
        (
            // Nothing carries to the next record: its lines are LOG_FORMAT's.
            &[format!("{other_header}\n{other}\n"), format!("{other}\n")],
            &[ok(&format!("{other_json}\n")), failed(&format!("{other}\n"))],
        ),
        (
            // Back to LOG_FORMAT's, a line of the other layout does not read.
            &[format!("{other_header}\n{log_format}\n{other}\n")],
            &[failed(&format!("{other_header}\n{log_format}\n{other}\n"))],
        ),
    ];
    for (records, want) in table {
        let datas: Vec<&str> = records.iter().map(String::as_str).collect();
        assert_eq!(transform(&[("LOG_FORMAT", log_format)], 1, &datas), *want, "{records:?}");
    }
    // The reason of the last, with ON_BAD_LINE=keep.
    let data = format!("{other_header}\n{log_format}\n{other}\n");
    let kept = transform(&[("LOG_FORMAT", log_format), ("ON_BAD_LINE", "keep")], 1, &[&data]);
    let line: serde_json::Value = serde_json::from_str(&kept[0].1).unwrap();
    assert_eq!(line["parse_error"], own_error);
}

#[test]
fn a_header_that_does_not_compile_fails_as_a_line_and_the_layout_stays() {
    // Microsoft Log Parser's IISW3C example: a date without a time, which LOG_FORMAT
    // would not take either ("does not give a whole date and time").
    let log_parser = "#Software: Microsoft Internet Information Services 5.0\n\
                      #Version: 1.0\n\
                      #Date: 2003-11-18 00:28:33\n\
                      #Fields: date c-ip cs-uri-stem cs-bytes\n\
                      2003-11-18 192.168.1.101 /Default.htm 100\n";
    assert_eq!(transform(&[("LOG_FORMAT", "iis")], 1, &[log_parser]), [failed(log_parser)]);
    let kept = transform(&[("LOG_FORMAT", "iis"), ("ON_BAD_LINE", "keep")], 1, &[log_parser]);
    assert_eq!(
        kept,
        [ok(concat!(
            r##"{"unparsed_line":"#Fields: date c-ip cs-uri-stem cs-bytes","parse_error":"line 4: a #Fields: header that does not compile as LOG_FORMAT would at column 1: found \"#Fields: date c-...\""}"##,
            "\n",
            r##"{"unparsed_line":"2003-11-18 192.168.1.101 /Default.htm 100","parse_error":"line 5: invalid time (LOG_FORMAT position 15) at column 12: found \"192.168.1.101 /D...\""}"##,
            "\n"
        ))]
    );
    // A name firelog does not read is pointed at; the switched layout before it stays.
    let data = "#Fields: date time c-ip sc-status\n\
                2024-01-01 00:00:00 192.0.2.1 200\n\
                #Fields: date time c-ip $status\n\
                2024-01-01 00:00:01 ::1 204\n\
                #Fields:\n";
    let kept = transform(&[("LOG_FORMAT", "iis"), ("ON_BAD_LINE", "keep")], 1, &[data]);
    assert_eq!(
        kept,
        [ok(concat!(
            r##"{"timestamp":"2024-01-01T00:00:00Z","host":"192.0.2.1","status":200}"##,
            "\n",
            r##"{"unparsed_line":"#Fields: date time c-ip $status","parse_error":"line 3: a #Fields: header that does not compile as LOG_FORMAT would at column 25: found \"$status\""}"##,
            "\n",
            r##"{"timestamp":"2024-01-01T00:00:01Z","host":"::1","status":204}"##,
            "\n",
            r##"{"unparsed_line":"#Fields:","parse_error":"line 5: a #Fields: header that does not compile as LOG_FORMAT would at column 1: found \"#Fields:\""}"##,
            "\n"
        ))]
    );
}

/// The first two layouts of `iis_switch.log`: its first eleven lines.
fn two_layouts() -> String {
    testdata("iis_switch.log").split_inclusive('\n').take(11).collect()
}

#[test]
fn a_profile_and_enrichment_apply_to_a_switched_layout() {
    let data = two_layouts();
    let vars = [("LOG_FORMAT", "iis"), ("SCHEMA", "ecs"), ("PARSE_USER_AGENT", "on")];
    assert_eq!(
        transform(&vars, 1, &[&data]),
        [ok(concat!(
            r##"{"@timestamp":"2002-05-02T17:42:15Z","source":{"address":"172.22.255.255"},"user":{"name":null},"destination":{"address":"172.30.255.255","port":80},"http":{"request":{"method":"GET"},"response":{"status_code":200}},"url":{"original":"/images/picture.jpg","path":"/images/picture.jpg","query":null},"iis":{"access":{"query":null,"ua_device":null,"ua_bot":false}},"user_agent":{"original":"Mozilla/4.0 (compatible;MSIE 5.5; Windows 2000 Server)","name":null,"version":null,"os":{"name":null,"version":null}}}"##,
            "\n",
            r##"{"@timestamp":"2002-05-24T20:18:01Z","source":{"address":"172.224.24.114"},"user":{"name":null},"destination":{"address":"206.73.118.24","port":80},"http":{"request":{"method":"GET","bytes":248},"response":{"status_code":200,"body":{"bytes":7930}}},"url":{"original":"/Default.htm","path":"/Default.htm","query":null},"iis":{"access":{"query":null,"time_taken":31,"referer":"http://64.224.24.114/","ua_device":null,"ua_bot":false}},"user_agent":{"original":"Mozilla/4.0 (compatible; MSIE 5.01; Windows 2000 Server)","name":"Internet Explorer","version":"5.01","os":{"name":null,"version":null}}}"##,
            "\n",
            r##"{"@timestamp":"2002-05-24T20:18:02Z","source":{"address":"2001:db8::7"},"user":{"name":"CONTOSO\\jdoe"},"destination":{"address":"206.73.118.24","port":443},"http":{"request":{"method":"POST","bytes":512},"response":{"status_code":201,"body":{"bytes":null}}},"url":{"original":"/api/orders?id=7&x=a b","path":"/api/orders","query":"id=7&x=a b"},"iis":{"access":{"query":"id=7&x=a b","time_taken":null,"referer":null,"ua_device":"automation","ua_bot":false}},"user_agent":{"original":"curl/8.5.0","name":"curl","version":"8.5.0","os":{"name":null,"version":null}}}"##,
            "\n"
        ))]
    );
    // ANONYMIZE_IP cuts the client address of the switched layout's `c-ip`, not `s-ip`.
    let vars = [("LOG_FORMAT", "iis"), ("ANONYMIZE_IP", "on")];
    let got = transform(&vars, 1, &[&data]);
    let hosts: Vec<(serde_json::Value, serde_json::Value)> = got[0]
        .1
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|o| (o["host"].clone(), o["s_ip"].clone()))
        .collect();
    assert_eq!(
        hosts,
        [
            ("172.22.255.0".into(), "172.30.255.255".into()),
            ("172.224.24.0".into(), "206.73.118.24".into()),
            ("2001:db8::".into(), "206.73.118.24".into())
        ]
    );
    // LOG_TIME_ZONE applies to a switched layout as it applies to LOG_FORMAT: the file
    // read under its first header as LOG_FORMAT writes what it writes under `iis`.
    let zone = ("LOG_TIME_ZONE", "Europe/Paris");
    let iis6 = data.lines().find(|l| l.starts_with("#Fields:")).unwrap();
    let switched = transform(&[("LOG_FORMAT", "iis"), zone], 1, &[&data]);
    assert_eq!(switched, transform(&[("LOG_FORMAT", iis6), zone], 1, &[&data]));
}

#[test]
fn under_an_iceberg_table_a_header_of_other_columns_fails_its_record() {
    let vars = [("LOG_FORMAT", "iis"), ("ICEBERG_DATABASE", "d"), ("ICEBERG_TABLE", "t")];
    let other = "#Fields: date time c-ip\n2024-01-01 00:00:00 192.0.2.1\n";
    // The same fields in another order are the table's columns: a row of it.
    let reordered = "#Fields: cs-uri-query cs-username cs-uri-stem cs(User-Agent) cs(Referer) sc-status \
                     sc-substatus sc-win32-status time-taken date time s-ip cs-method s-port c-ip\n\
                     - - / - - 500 19 183 0 2019-12-04 21:02:33 fe80::1%4 GET 80 ::1\n";
    let got = transform(&vars, 1, &[other, reordered]);
    assert_eq!(got[0], failed(other));
    assert_eq!(
        got[1],
        ok(concat!(
            r##"{"query":null,"user":null,"path":"/","user_agent":null,"referer":null,"status":500,"sc_substatus":19,"sc_win32_status":183,"time_taken":0,"timestamp":"2019-12-04T21:02:33Z","s_ip":"fe80::1%4","method":"GET","s_port":80,"host":"::1","client_ip":null,"geo_country_code":null,"geo_country_name":null,"geo_city":null,"geo_latitude":null,"geo_longitude":null,"as_number":null,"as_organization":null,"ua_browser":null,"ua_browser_version":null,"ua_os":null,"ua_os_version":null,"ua_device":null,"ua_bot":null,"extra":null,"log_group":null,"log_stream":null,"envelope":null}"##,
            "\n"
        ))
    );
    // Why the first failed, as the summary says it.
    let settings = from_pairs(&vars).unwrap();
    let mut t = settings.transformer();
    let (_, summary) = t.event(&support::testdata::event(&[other])).unwrap();
    assert_eq!(
        summary.failed_samples[0].1.to_string(),
        "line 1: a #Fields: header whose columns are not LOG_FORMAT's (the Iceberg table's) at column 1: found \"#Fields: date ti...\""
    );
}

#[test]
fn the_response_guard_keeps_a_switched_layouts_records_within_the_budget() {
    // A header of long names and lines of `-`: each line grows far more than
    // LOG_FORMAT's lines could; the guard measures what each record writes.
    let names: Vec<String> = (0..20).map(|i| format!("x-a-rather-long-field-name-{i}")).collect();
    let line = vec!["-"; 20].join("\t");
    let data = format!("#Fields: {}\n{}", names.join(" "), format!("{line}\n").repeat(50));
    let datas: Vec<&str> = vec![data.as_str(); 40];
    let budget = 200_000;
    let mut t = Transformer::new(format("iis")).with_response_budget(budget);
    let (response, summary) = t.event(&support::testdata::event(&datas)).unwrap();
    assert!(response.len() <= budget, "{}", response.len());
    let got = respond(&response);
    let kept = got.iter().take_while(|(result, _)| result == "Ok").count();
    assert!(kept > 0 && kept < datas.len() && summary.over_budget > 0, "{kept}");
    for (result, lines) in &got[..kept] {
        assert_eq!((result.as_str(), lines.lines().count()), ("Ok", 50));
    }
    // Those past the budget come back as they came, for Firehose's error prefix.
    for (i, (result, back)) in got.iter().enumerate().skip(kept) {
        assert_eq!((result.as_str(), back), ("ProcessingFailed", &data), "record {i}");
    }
}

#[test]
fn the_cli_reads_each_input_as_one_stream() {
    let dir = std::env::temp_dir().join(format!("firelog-w3c-switch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let line = "2024-01-01 00:00:01 2001:db8::1 POST";
    let (first, second) = (dir.join("first.log"), dir.join("second.log"));
    std::fs::write(&first, format!("#Fields: date time c-ip cs-method\n{line}\n{line}\n")).unwrap();
    std::fs::write(&second, format!("{line}\n")).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_firelog"));
    for variable in firelog::settings::VARIABLES {
        cmd.env_remove(variable.name);
    }
    let out = cmd.arg("parse").arg(&first).arg(&second).env("LOG_FORMAT", "iis").output().unwrap();
    let object = r##"{"timestamp":"2024-01-01T00:00:01Z","host":"2001:db8::1","method":"POST"}"##;
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{object}\n{object}\n"));
    // The second input starts with LOG_FORMAT's layout again.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("{}:1: ", second.display())), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A value of a field of this kind as a line has it (tab-separated, nothing to encode).
fn value(kind: FieldKind) -> BoxedStrategy<String> {
    let dash = || Just("-".to_string());
    match kind {
        FieldKind::Host => prop_oneof![
            (0u8..=255).prop_map(|a| format!("192.0.2.{a}")),
            (1u16..0xffff).prop_map(|a| format!("2001:db8::{a:x}")),
            dash(),
        ]
        .boxed(),
        FieldKind::Text | FieldKind::Query => {
            prop_oneof!["[a-zA-Z0-9][a-zA-Z0-9/.:;=&_()-]{0,11}", dash()].boxed()
        }
        FieldKind::UriStem => "/[a-z0-9._-]{0,10}".boxed(),
        FieldKind::Status => prop_oneof![(100u16..600).prop_map(|s| s.to_string()), dash()].boxed(),
        FieldKind::Integer => prop_oneof![any::<u32>().prop_map(|n| n.to_string()), dash()].boxed(),
        FieldKind::Decimal => {
            prop_oneof![(0u32..100_000, 0u32..1000).prop_map(|(w, f)| format!("{w}.{f:03}")), dash()].boxed()
        }
        FieldKind::Date | FieldKind::Time | FieldKind::Epoch => unreachable!("times are added apart"),
    }
}

/// A `#Fields:` line of distinct keys of `FIELDS` after `date time`, and a line of it.
fn layout() -> impl Strategy<Value = (String, String)> {
    let untimed: Vec<usize> = (0..FIELDS.len())
        .filter(|&i| !matches!(FIELDS[i].kind, FieldKind::Date | FieldKind::Time | FieldKind::Epoch))
        .filter(|&i| FIELDS[..i].iter().all(|f| f.key != FIELDS[i].key))
        .collect();
    proptest::sample::subsequence(untimed, 1..10).prop_shuffle().prop_flat_map(|fields| {
        let values: Vec<BoxedStrategy<String>> = fields.iter().map(|&i| value(FIELDS[i].kind)).collect();
        let names: Vec<&str> = fields.iter().map(|&i| FIELDS[i].name).collect();
        let header = format!("#Fields: date time {}", names.join(" "));
        (Just(header), values)
            .prop_map(|(header, values)| (header, format!("2024-02-29\t23:59:58\t{}", values.join("\t"))))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any two field lists: a line of the first (LOG_FORMAT), then the second's header and
    /// a line of it, in one record, read to the objects each layout alone writes.
    #[test]
    fn any_two_field_lists_read_each_line_by_the_header_before_it(
        (first, first_line) in layout(),
        (second, second_line) in layout(),
    ) {
        let (a, b) = (format(&first), format(&second));
        let want = format!("{}{}", json(&a, &first_line).unwrap(), json(&b, &second_line).unwrap());
        let mut t = Transformer::new(a);
        let data = format!("{first_line}\n{second}\n{second_line}\n");
        let result = t.record(b64::encode(&data).as_bytes());
        prop_assert_eq!(result, firelog::transform::RecordResult::Ok, "{}", data);
        prop_assert_eq!(String::from_utf8(t.output().to_vec()).unwrap(), want, "{}", data);
    }
}

#[test]
fn a_cloudwatch_logs_batch_is_a_record_whose_headers_set_the_layout() {
    // IIS's file shipped line by line (the CloudWatch agent): each line a log event.
    let lines: Vec<&[u8]> = [
        "#Fields: date time c-ip cs-method cs-uri-stem sc-status",
        "2024-01-01 00:00:00 2001:db8::5 GET /a 200",
        "#Fields: date time c-ip sc-status",
        "2024-01-01 00:00:01 - 404",
    ]
    .iter()
    .map(|l| l.as_bytes())
    .collect();
    let data = support::cloudwatch::record_data("DATA_MESSAGE", "iis", "web-1", &lines);
    let mut t = Transformer::new(format("iis"));
    let (response, _) = t.event(&support::testdata::event_of(&[("a", data)])).unwrap();
    assert_eq!(
        respond(&response),
        [ok(concat!(
            r##"{"timestamp":"2024-01-01T00:00:00Z","host":"2001:db8::5","method":"GET","path":"/a","status":200,"log_group":"iis","log_stream":"web-1"}"##,
            "\n",
            r##"{"timestamp":"2024-01-01T00:00:01Z","host":null,"status":404,"log_group":"iis","log_stream":"web-1"}"##,
            "\n"
        ))]
    );
}
