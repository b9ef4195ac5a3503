//! The stack's tables, for real: the custom resource's code (template.yaml's
//! TablesFunction) gets CloudFormation's Create, Update and Delete requests, asks the
//! firelog function (the built bootstrap under cargo-lambda's Runtime API emulator) for
//! its table and writes it into moto's Glue emulator; the tables must have exactly the
//! columns `firelog schema` prints. Then real engines (pyarrow, DuckDB) read what
//! firelog writes with those columns, so a key or a type that does not fit fails.
//!
//! Needs `.venv/engines` (moto, boto3, pyarrow, duckdb: `scripts/test` installs them) and
//! cargo-lambda; without them these tests say SKIPPED, and with `FIRELOG_REQUIRE_E2E=1`
//! (scripts/test) their absence fails.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};
use support::emulator::{Emulated, cargo_lambda, spawn_function, start};
use support::{found, root};

fn python() -> Option<PathBuf> {
    let path = std::env::var_os("FIRELOG_ENGINES_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/engines/bin/python"));
    found::found(path, "FIRELOG_REQUIRE_E2E", "run scripts/test, which installs moto, pyarrow and duckdb")
}

/// The custom resource's code, as the template holds it.
fn index_py() -> PathBuf {
    let text = std::fs::read_to_string(root().join("template.yaml")).unwrap();
    let marker = "      InlineCode: |\n";
    let start = text.find(marker).expect("TablesFunction has InlineCode") + marker.len();
    let code: String = text[start..]
        .lines()
        .take_while(|l| l.is_empty() || l.starts_with("        "))
        .map(|l| format!("{}\n", l.get(8..).unwrap_or("")))
        .collect();
    let path = std::env::temp_dir().join(format!("firelog-tables-{}.py", std::process::id()));
    std::fs::write(&path, code).unwrap();
    path
}

/// The driver: moto's Glue, CloudFormation's response URL and the resource's code, in
/// one Python process that lives across the requests (so Glue keeps its tables).
struct Resource {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Resource {
    fn start(python: &PathBuf, emulated: &Emulated) -> Resource {
        let mut child = Command::new(python)
            .arg(root().join("tests/support/tables.py"))
            .arg("resource")
            .arg(index_py())
            .arg(format!("http://127.0.0.1:{}", emulated.port))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the driver starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Resource { child, stdin, stdout }
    }

    /// One CloudFormation request; CloudFormation's answer and the table Glue then has.
    fn request(&mut self, request: Value) -> (Value, Value) {
        writeln!(self.stdin, "{request}").unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        let out: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        let answers = out["answer"].as_array().unwrap();
        assert_eq!(answers.len(), 1, "one answer to CloudFormation: {out}");
        (answers[0].clone(), out["table"].clone())
    }
}

impl Drop for Resource {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The function started again with other settings, as a stack update does.
fn restart(emulated: &mut Emulated, pairs: &[(&str, &str)]) {
    emulated.vars = vars(pairs);
    emulated.function = spawn_function(emulated.port, &emulated.log, &emulated.errors, &emulated.vars);
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// `firelog schema` with these settings and arguments: its Glue column list.
fn schema_columns(pairs: &[(&str, &str)], args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_firelog"))
        .arg("schema")
        .args(args)
        .env_clear()
        .envs(pairs.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn columns_of(table: &Value) -> Value {
    table["StorageDescriptor"]["Columns"].clone()
}

fn properties(storage: &str, table: &str, location: &str) -> Value {
    json!({"TableName": table, "Storage": storage, "Location": location})
}

#[test]
fn nginx_main_with_parquet_then_a_format_change_then_delete() {
    let (Some(cargo_lambda), Some(python)) = (cargo_lambda(), python()) else { return };
    let nginx = [("LOG_FORMAT", "nginx_main")];
    let mut emulated = start(cargo_lambda, "tables-parquet", vars(&nginx));
    let mut resource = Resource::start(&python, &emulated);
    let props = properties("parquet", "access_logs", "s3://bucket/logs/");
    let (answer, table) = resource.request(json!({"RequestType": "Create", "Properties": props}));
    assert_eq!(answer["Status"], "SUCCESS", "{answer}");
    assert_eq!(answer["PhysicalResourceId"], "firelog_logs.access_logs");
    assert_eq!(answer["Data"], json!({"TableName": "access_logs"}));
    let nginx_columns = schema_columns(&nginx, &["--glue", "--output", "parquet"]);
    assert_eq!(columns_of(&table), nginx_columns);
    let sd = &table["StorageDescriptor"];
    assert_eq!(sd["Location"], "s3://bucket/logs/");
    assert_eq!(
        sd["SerdeInfo"]["SerializationLibrary"],
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    );
    assert_eq!(table["Parameters"]["projection.year.range"], "2000,2099");
    assert_eq!(table["Parameters"]["classification"], "parquet");
    assert_eq!(
        table["Parameters"]["storage.location.template"],
        "s3://bucket/logs/year=${year}/month=${month}/day=${day}/hour=${hour}/"
    );
    let parts: Vec<&str> =
        table["PartitionKeys"].as_array().unwrap().iter().map(|p| p["Name"].as_str().unwrap()).collect();
    assert_eq!(parts, ["year", "month", "day", "hour"]);

    // A stack update to combined: combined's columns, then nginx main's own ones kept.
    let combined = [("LOG_FORMAT", "combined")];
    restart(&mut emulated, &combined);
    let (answer, table) = resource.request(json!({
        "RequestType": "Update", "PhysicalResourceId": "firelog_logs.access_logs", "Properties": props,
    }));
    assert_eq!(answer["Status"], "SUCCESS", "{answer}");
    let mut expected =
        schema_columns(&combined, &["--glue", "--output", "parquet"]).as_array().unwrap().clone();
    let names: Vec<Value> = expected.iter().map(|c| c["Name"].clone()).collect();
    expected
        .extend(nginx_columns.as_array().unwrap().iter().filter(|c| !names.contains(&c["Name"])).cloned());
    assert!(expected.iter().any(|c| c["Name"] == "x_forwarded_for"));
    assert_eq!(columns_of(&table), Value::Array(expected));

    let (answer, table) = resource.request(json!({
        "RequestType": "Delete", "PhysicalResourceId": "firelog_logs.access_logs", "Properties": props,
    }));
    assert_eq!(answer["Status"], "SUCCESS", "{answer}");
    assert_eq!(table, Value::Null);
}

#[test]
fn a_custom_apache_format_with_iceberg() {
    let (Some(cargo_lambda), Some(python)) = (cargo_lambda(), python()) else { return };
    let format = r#"%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D"#;
    let settings = [
        ("LOG_FORMAT", format),
        ("ICEBERG_DATABASE", "firelog_logs"),
        ("ICEBERG_TABLE", "access_logs_iceberg"),
    ];
    let emulated = start(cargo_lambda, "tables-iceberg", vars(&settings));
    let mut resource = Resource::start(&python, &emulated);
    let props = properties("iceberg", "access_logs_iceberg", "s3://bucket/iceberg/access_logs/");
    let (answer, table) = resource.request(json!({"RequestType": "Create", "Properties": props}));
    assert_eq!(answer["Status"], "SUCCESS", "{answer}");
    // `firelog schema --iceberg` without ICEBERG_TABLE reads the settings as the stack sets them.
    let ddl = Command::new(env!("CARGO_BIN_EXE_firelog"))
        .args(["schema", "--iceberg", "--location", "s3://bucket/iceberg/access_logs/"])
        .env_clear()
        .env("LOG_FORMAT", format)
        .output()
        .unwrap();
    let ddl = String::from_utf8(ddl.stdout).unwrap();
    let from_ddl: Vec<Value> = ddl
        .lines()
        .filter_map(|l| l.strip_prefix("  `"))
        .map(|l| {
            let (name, ty) = l.split_once("` ").unwrap();
            json!({"Name": name, "Type": ty.trim_end_matches(',')})
        })
        .collect();
    assert_eq!(columns_of(&table), Value::Array(from_ddl));
    assert!(columns_of(&table).as_array().unwrap().iter().any(|c| c["Name"] == "duration_us"));
    assert_eq!(table["Parameters"]["table_type"], "ICEBERG");

    // An update reaches Glue as UpdateOpenTableFormatInput (botocore checks its shape
    // against Glue's API model; moto keeps the table).
    let columns = columns_of(&table);
    let (answer, table) = resource.request(json!({
        "RequestType": "Update", "PhysicalResourceId": "firelog_logs.access_logs_iceberg", "Properties": props,
    }));
    assert_eq!(answer["Status"], "SUCCESS", "{answer}");
    assert_eq!(columns_of(&table), columns);
}

#[test]
fn ecs_with_parquet_has_struct_columns_and_otel_names_a_key_it_cannot_map() {
    let (Some(cargo_lambda), Some(python)) = (cargo_lambda(), python()) else { return };
    let ecs = [("LOG_FORMAT", "combined"), ("SCHEMA", "ecs")];
    let mut emulated = start(cargo_lambda, "tables-ecs", vars(&ecs));
    let mut resource = Resource::start(&python, &emulated);
    let props = properties("parquet", "access_logs", "s3://bucket/logs/");
    let (answer, table) = resource.request(json!({"RequestType": "Create", "Properties": props}));
    assert_eq!(answer["Status"], "SUCCESS", "{answer}");
    assert_eq!(columns_of(&table), schema_columns(&ecs, &["--glue", "--output", "parquet"]));
    assert_eq!(columns_of(&table)[0], json!({"Name": "source", "Type": "struct<address:string>"}));

    // OTel's header attribute http.request.header.x-forwarded-for has a `-`: Firehose's
    // deserializer cannot reach it, and the stack says so rather than lose the column.
    restart(&mut emulated, &[("LOG_FORMAT", "nginx_main"), ("SCHEMA", "otel")]);
    let props = properties("parquet", "otel_logs", "s3://bucket/logs/");
    let (answer, table) = resource.request(json!({"RequestType": "Create", "Properties": props}));
    assert_eq!(answer["Status"], "FAILED");
    assert_eq!(answer["PhysicalResourceId"], "not-created");
    assert_eq!(
        answer["Reason"],
        "RuntimeError: firelog cannot make this table: column http_request_header_x_forwarded_for reads the JSON key \"http.request.header.x-forwarded-for\", which Firehose's Parquet conversion cannot map (only dots become _, and @timestamp is timestamp): use OutputFormat json for this format with SCHEMA=otel"
    );
    assert_eq!(table, Value::Null);
}

/// `firelog parse` of a testdata log with these settings.
fn parse(pairs: &[(&str, &str)], log: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_firelog"))
        .arg("parse")
        .arg(root().join("testdata/lines").join(log))
        .env_clear()
        .envs(pairs.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn engines_read_what_firelog_writes_with_the_columns_firelog_schema_prints() {
    let Some(python) = python() else { return };
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("LOG_FORMAT", "combined")], "combined.log"),
        (&[("LOG_FORMAT", "nginx_main")], "nginx_main.log"),
        (&[("LOG_FORMAT", "vhost_combined")], "vhost_combined.log"),
        (&[("LOG_FORMAT", "combined"), ("SCHEMA", "ecs")], "combined.log"),
        (&[("LOG_FORMAT", "combined"), ("SCHEMA", "otel")], "combined.log"),
        // Shippers' envelopes: their fields in the `envelope` map (ECS's `labels`).
        (&[("LOG_FORMAT", "combined")], "../json/envelopes.jsonl"),
        (&[("LOG_FORMAT", "combined"), ("SCHEMA", "ecs")], "../json/envelopes.jsonl"),
        (&[("LOG_FORMAT", "combined"), ("SCHEMA", "otel")], "../json/envelopes.jsonl"),
    ];
    for (pairs, log) in cases {
        let lines = parse(pairs, log);
        let dir = std::env::temp_dir();
        let tag = format!("{}-{}", std::process::id(), log.replace(['/', '.'], "_"));
        let lines_path = dir.join(format!("firelog-engines-{tag}.jsonl"));
        std::fs::write(&lines_path, &lines).unwrap();
        // The Parquet table's columns, each with the JSON key it reads: the JSON table's
        // SerDe mapping names it where it is not the column's name.
        let settings = firelog::Settings::from_lookup(|n| {
            pairs.iter().find(|(k, _)| *k == n).map(|(_, v)| v.to_string())
        })
        .unwrap();
        let table_of = |storage: &str| {
            let request = json!({"firelogSchema": {"storage": storage, "table": "t", "location": "s3://b/"}});
            let spec = firelog::schema::TableRequest::parse(request.to_string().as_bytes()).unwrap();
            firelog::schema::glue_table(&settings, &spec.table).unwrap()
        };
        let mappings = table_of("json")["TableInput"]["StorageDescriptor"]["SerdeInfo"]["Parameters"].clone();
        let mut columns = columns_of(&table_of("parquet")["TableInput"]);
        assert_eq!(columns, schema_columns(pairs, &["--glue", "--output", "parquet"]), "{pairs:?}");
        for c in columns.as_array_mut().unwrap() {
            let name = c["Name"].as_str().unwrap().to_string();
            c["Key"] = mappings.get(format!("mapping.{name}")).cloned().unwrap_or(name.into());
        }
        let columns_path = dir.join(format!("firelog-engines-{tag}.columns.json"));
        std::fs::write(&columns_path, columns.to_string()).unwrap();
        let out = Command::new(&python)
            .arg(root().join("tests/support/tables.py"))
            .arg("engines")
            .arg(&columns_path)
            .arg(&lines_path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{pairs:?}: {}", String::from_utf8_lossy(&out.stderr));
        let read: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(read["rows"], lines.lines().count(), "{pairs:?}");
        let names: Vec<&str> =
            read["columns"].as_array().unwrap().iter().map(|c| c[0].as_str().unwrap()).collect();
        let want: Vec<&str> =
            columns.as_array().unwrap().iter().map(|c| c["Name"].as_str().unwrap()).collect();
        assert_eq!(names, want, "{pairs:?}");
        let types: Vec<(&str, &str)> = read["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c[0].as_str().unwrap(), c[1].as_str().unwrap()))
            .collect();
        assert!(types.contains(&("timestamp", "TIMESTAMP WITH TIME ZONE")), "{pairs:?}: {types:?}");
    }
}
