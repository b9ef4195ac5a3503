//! The schema is the writer's own: every object the writer writes has exactly the
//! columns `firelog::output::columns` gives (and `firelog schema` prints), in order, each
//! value of its column's type; with an Iceberg table, every row has every column and its
//! record names the table.

mod support;

use firelog::Transformer;
use firelog::access_log::Captures;
use firelog::access_log::log_format::NICKNAMES;
use firelog::output::{Column, columns, write_line};
use support::{b64, cloudwatch, root, settings, testdata};

/// Every line of `testdata/lines/`.
fn testdata_lines() -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(root().join("testdata/lines")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        lines.extend(firelog::transform::lines(&bytes).flatten().map(<[u8]>::to_vec));
    }
    lines
}

#[test]
fn every_nickname_writes_its_schema() {
    let lines = testdata_lines();
    for (name, _) in NICKNAMES {
        let format = settings::format(name);
        let columns = columns(&format, &[], false);
        let mut captures = Captures::default();
        let mut written = 0;
        for line in &lines {
            let Ok(entry) = format.parse(line, &mut captures) else { continue };
            let mut out = Vec::new();
            write_line(&mut out, &entry, line, None);
            support::schema::check(&columns, &out, false).unwrap_or_else(|e| panic!("{name}: {e}"));
            written += 1;
        }
        assert!(written > 0, "{name}: no line of testdata/lines/ reads as it");
    }
}

#[test]
fn a_cloudwatch_line_ends_with_its_log_group_and_stream_columns() {
    let line = br#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5"#;
    let data = cloudwatch::record_data("DATA_MESSAGE", "/web", "i-1", &[line]);
    let mut t = Transformer::new(firelog::Builtin::Combined);
    assert_eq!(t.record(data.as_bytes()), firelog::transform::RecordResult::Ok);
    let columns = columns(&settings::format("combined"), &[], false);
    support::schema::check(&columns, t.output(), false).unwrap();
    assert!(t.output().ends_with(b"\"log_group\":\"/web\",\"log_stream\":\"i-1\"}\n"));
}

/// The schema's columns as `(name, Glue type)`, for the tables over JSON.
fn glue(columns: &[Column]) -> Vec<(String, &'static str)> {
    let json = firelog::schema::Storage::Json;
    json.columns(columns).into_iter().map(|c| (c.name.clone(), json.type_name(c.ty))).collect()
}

#[test]
fn kept_bad_lines_add_their_two_columns_last() {
    let with = |keep| glue(&columns(&settings::format("common"), &[], keep));
    let mut want = with(false);
    want.extend([("unparsed_line".to_string(), "string"), ("parse_error".to_string(), "string")]);
    assert_eq!(with(true), want);
}

// --- An Iceberg table -------------------------------------------------------------------

const LINE: &str =
    r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "-" "curl/8""#;

/// The response to `datas`, one record each, with `vars` set.
fn respond(vars: &[(&str, &str)], datas: &[&str]) -> serde_json::Value {
    let s = settings::from_pairs(vars).unwrap();
    let mut t = s.transformer();
    let (response, _) = t.event(&testdata::event(datas)).unwrap();
    serde_json::from_slice(&response).unwrap()
}

#[test]
fn an_iceberg_row_has_every_column_and_names_its_table() {
    // A stack's name may have capitals; Glue keeps the database's name lowercased.
    let vars = [("ICEBERG_DATABASE", "Web_Logs"), ("ICEBERG_TABLE", "access_logs")];
    let two = format!("{LINE}\n{LINE}\n");
    let r = respond(&vars, &[LINE, &two, ""]);
    let records = r["records"].as_array().unwrap();
    assert_eq!(records[0]["result"], "Ok");
    assert_eq!(
        records[0]["metadata"],
        serde_json::json!({"otfMetadata": {"destinationDatabaseName": "web_logs", "destinationTableName": "access_logs", "operation": "insert"}})
    );
    let row = b64::decode(records[0]["data"].as_str().unwrap());
    assert_eq!(
        String::from_utf8(row.clone()).unwrap(),
        r#"{"host":"127.0.0.1","ident":null,"user":"frank","timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/a.gif","protocol":"HTTP/1.0","request":"GET /a.gif HTTP/1.0","status":200,"bytes":2326,"referer":null,"user_agent":"curl/8","client_ip":null,"geo_country_code":null,"geo_country_name":null,"geo_city":null,"geo_latitude":null,"geo_longitude":null,"as_number":null,"as_organization":null,"ua_browser":null,"ua_browser_version":null,"ua_os":null,"ua_os_version":null,"ua_device":null,"ua_bot":null,"extra":null,"log_group":null,"log_stream":null,"envelope":null}"#.to_string() + "\n"
    );
    // Every enrichment column too, null while enrichment is off (the table has them all).
    let every = firelog::enrich::every_column();
    support::schema::check(&columns(&settings::format("combined"), &every, false), &row, true).unwrap();
    // With enrichment on, its columns have their values, in the same places.
    let on = [&vars[..], &[("PARSE_USER_AGENT", "on")]].concat();
    let row = b64::decode(respond(&on, &[LINE])["records"][0]["data"].as_str().unwrap());
    assert!(String::from_utf8_lossy(&row).contains(r#""as_organization":null,"ua_browser":"curl","ua_browser_version":"8","ua_os":null,"ua_os_version":null,"ua_device":"automation","ua_bot":false,"extra":null"#));
    support::schema::check(&columns(&settings::format("combined"), &every, false), &row, true).unwrap();
    // Two lines are two rows: Firehose's Iceberg destination refuses them in one record.
    assert_eq!(records[1]["result"], "ProcessingFailed");
    assert_eq!(records[1]["data"], b64::encode(&two));
    assert_eq!(records[2]["result"], "Dropped");
}

#[test]
fn an_iceberg_table_may_be_named_for_the_vhost() {
    let vars = [
        ("LOG_FORMAT", "vhost_combined"),
        ("ICEBERG_DATABASE", "web_logs"),
        ("ICEBERG_TABLE", "access_{vhost}_v1"),
    ];
    let line = format!("Www.Example-1.com:443 {LINE}");
    let r = respond(&vars, &[&line]);
    assert_eq!(
        r["records"][0]["metadata"]["otfMetadata"]["destinationTableName"],
        "access_www_example_1_com_v1"
    );
    let row = b64::decode(r["records"][0]["data"].as_str().unwrap());
    let every = firelog::enrich::every_column();
    support::schema::check(&columns(&settings::format("vhost_combined"), &every, false), &row, true).unwrap();
}

#[test]
fn a_line_whose_iceberg_table_cannot_be_named_fails_its_record() {
    let vars = [
        ("LOG_FORMAT", "vhost_combined"),
        ("ICEBERG_DATABASE", "web_logs"),
        ("ICEBERG_TABLE", "access_{vhost}"),
    ];
    let s = settings::from_pairs(&vars).unwrap();
    let mut t = s.transformer();
    let long = format!("{}:443 {LINE}", "a".repeat(249));
    let fits = format!("{}:443 {LINE}", "a".repeat(248));
    let mut reasons = Vec::new();
    for line in [format!("-:80 {LINE}"), long, fits] {
        reasons.push(match t.record(b64::encode(&line).as_bytes()) {
            firelog::transform::RecordResult::Failed(reason) => reason.to_string(),
            other => format!("{other:?}"),
        });
    }
    assert_eq!(
        reasons,
        [
            "no vhost (%v) to name ICEBERG_TABLE's {vhost} table",
            "ICEBERG_TABLE with this vhost is longer than Glue's 255 characters",
            "Ok",
        ]
    );
}

#[test]
fn with_iceberg_a_kept_line_is_a_row_too() {
    // Settings refuse keep with an Iceberg table; through the library, a record of a good
    // line and a kept bad one is still two rows.
    let s = settings::from_pairs(&[("ICEBERG_DATABASE", "d"), ("ICEBERG_TABLE", "t")]).unwrap();
    let mut t =
        Transformer::new(s.format).with_rules(s.rules).with_bad_lines(firelog::transform::BadLines::Keep);
    let data = b64::encode(format!("{LINE}\nnot a line\n"));
    assert_eq!(
        t.record(data.as_bytes()),
        firelog::transform::RecordResult::Failed(firelog::transform::FailReason::Rows { lines: 2 })
    );
}

#[test]
fn a_field_never_takes_a_key_the_writer_adds() {
    let format =
        settings::format("%h %{Log-Group}i %{Log-Stream}i %{Parse-Error}i %{extra}e %{Extra}i %{Envelope}i");
    let names: Vec<String> = columns(&format, &[], true).into_iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "host",
            "http_log_group",
            "http_log_stream",
            "http_parse_error",
            "env_extra",
            "http_extra",
            "http_envelope",
            "log_group",
            "log_stream",
            "envelope",
            "unparsed_line",
            "parse_error"
        ]
    );
}

#[test]
fn iceberg_settings_that_cannot_work_stop_the_start() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("ICEBERG_TABLE", "access_logs")],
            r#"ICEBERG_DATABASE="" is not allowed: the Glue database of the Iceberg table each record goes to (letters, digits and _; lowercased, as Glue keeps names), set with ICEBERG_TABLE"#,
        ),
        (
            &[("ICEBERG_DATABASE", "web-logs"), ("ICEBERG_TABLE", "access_logs")],
            r#"ICEBERG_DATABASE="web-logs" is not allowed: the Glue database of the Iceberg table each record goes to (letters, digits and _; lowercased, as Glue keeps names), set with ICEBERG_TABLE"#,
        ),
        (
            &[("ICEBERG_DATABASE", "web"), ("ICEBERG_TABLE", "access.logs")],
            r#"ICEBERG_TABLE="access.logs" is not allowed: the Iceberg table each record goes to (letters, digits and _; lowercased, as Glue keeps names; {vhost} stands for the line's %v, lowercased, other characters as _), set with ICEBERG_DATABASE"#,
        ),
        (
            &[("ICEBERG_DATABASE", "web"), ("ICEBERG_TABLE", "t_{vhost}")],
            r#"ICEBERG_TABLE="t_{vhost}" is not allowed: {vhost} needs %v (as vhost_combined has) in LOG_FORMAT; the format has none"#,
        ),
        (
            &[("ICEBERG_DATABASE", "web"), ("ICEBERG_TABLE", "t"), ("PARTITION_KEYS", "year")],
            r#"PARTITION_KEYS="year" is not allowed: partition keys are for an S3 destination; an Iceberg table (ICEBERG_TABLE) is partitioned by its own spec"#,
        ),
        (
            &[("ICEBERG_DATABASE", "web"), ("ICEBERG_TABLE", "t"), ("ON_BAD_LINE", "keep")],
            r#"ON_BAD_LINE="keep" is not allowed: fail-record with ICEBERG_TABLE: a kept line's object has none of the table's columns"#,
        ),
    ];
    for (vars, want) in cases {
        assert_eq!(settings::from_pairs(vars).err().as_deref(), Some(*want), "{vars:?}");
    }
    // Empty is unset: a template passes "" when it has no Iceberg table.
    let s = settings::from_pairs(&[("ICEBERG_DATABASE", ""), ("ICEBERG_TABLE", " ")]).unwrap();
    assert_eq!(s.rules.iceberg, None);
}

// --- firelog schema --------------------------------------------------------------------

fn schema(vars: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_firelog"));
    cmd.arg("schema").args(args);
    for name in firelog::settings::VARIABLES.iter().map(|v| v.name) {
        cmd.env_remove(name);
    }
    cmd.envs(vars.iter().copied());
    let out = cmd.output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

#[test]
fn schema_prints_the_glue_columns_of_the_format() {
    let (code, out, err) = schema(&[("LOG_FORMAT", r#"%h %t "%r" %>s %D %{X-Request-Id}i"#)], &["--glue"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        r#"[
  {"Name": "host", "Type": "string"},
  {"Name": "timestamp", "Type": "string"},
  {"Name": "method", "Type": "string"},
  {"Name": "path", "Type": "string"},
  {"Name": "protocol", "Type": "string"},
  {"Name": "request", "Type": "string"},
  {"Name": "status", "Type": "int"},
  {"Name": "duration_us", "Type": "bigint"},
  {"Name": "x_request_id", "Type": "string"},
  {"Name": "log_group", "Type": "string"},
  {"Name": "log_stream", "Type": "string"},
  {"Name": "envelope", "Type": "map<string,string>"}
]
"#
    );
    let (_, parquet, _) = schema(&[("LOG_FORMAT", "common")], &["--glue", "--output", "parquet"]);
    assert!(parquet.contains(r#"{"Name": "timestamp", "Type": "timestamp"},"#), "{parquet}");
}

#[test]
fn schema_prints_athena_tables() {
    let (code, out, _) = schema(
        &[("LOG_FORMAT", "common"), ("PARTITION_KEYS", "year,month,day,hour")],
        &["--athena", "--location", "s3://my-bucket/logs/", "--output", "parquet"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        r#"CREATE EXTERNAL TABLE IF NOT EXISTS `firelog_access_logs` (
  `host` string,
  `ident` string,
  `user` string,
  `timestamp` timestamp,
  `method` string,
  `path` string,
  `protocol` string,
  `request` string,
  `status` int,
  `bytes` bigint,
  `referer` string,
  `user_agent` string,
  `log_group` string,
  `log_stream` string,
  `envelope` map<string,string>
)
PARTITIONED BY (`year` string, `month` string, `day` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/logs/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.year.type'='integer', 'projection.year.range'='2000,2099',
  'projection.month.type'='integer', 'projection.month.range'='1,12', 'projection.month.digits'='2',
  'projection.day.type'='integer', 'projection.day.range'='1,31', 'projection.day.digits'='2',
  'projection.hour.type'='integer', 'projection.hour.range'='0,23', 'projection.hour.digits'='2',
  'storage.location.template'='s3://my-bucket/logs/year=${year}/month=${month}/day=${day}/hour=${hour}/'
);
"#
    );
    let (code, out, _) = schema(
        &[("LOG_FORMAT", "nginx_main")],
        &["--iceberg", "--location", "s3://my-bucket/iceberg/access_logs/", "--table", "nginx"],
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("CREATE TABLE IF NOT EXISTS `nginx` (\n  `host` string,\n"), "{out}");
    assert!(out.contains("  `timestamp` timestamp,\n"), "{out}");
    assert!(out.ends_with(
        ")\nPARTITIONED BY (day(`timestamp`))\nLOCATION 's3://my-bucket/iceberg/access_logs/'\nTBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet', 'write_compression'='snappy');\n"
    ), "{out}");
    assert_eq!(
        schema(&[], &["--athena"]),
        (
            2,
            String::new(),
            "firelog: --athena needs --location s3://BUCKET/PREFIX/, where the table's data is\n".into()
        )
    );
}
