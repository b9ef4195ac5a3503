//! Deployment, checked offline: the buildspec's shape, the SAM template through the real
//! `sam validate --lint`, and the template's promises that code can check.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;
use support::{b64, found, root};

fn yaml(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join(name)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn commands(spec: &Value, phase: &str) -> Vec<String> {
    spec["phases"][phase]["commands"]
        .as_sequence()
        .unwrap_or_else(|| panic!("phase {phase} has commands"))
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn buildspec_installs_tests_builds_and_packages() {
    let spec = yaml("buildspec.yml");
    assert_eq!(spec["version"], Value::from(0.2));
    let install = commands(&spec, "install").join("\n");
    assert!(
        install.contains("sh.rustup.rs") && install.contains("rustup target add aarch64-unknown-linux-gnu"),
        "{install}"
    );
    // The same test command the README and .ci/run name: one source of truth.
    assert!(commands(&spec, "pre_build").iter().any(|c| c == "scripts/test"));
    assert!(commands(&spec, "build").iter().any(|c| c == "sam build"));
    let post = commands(&spec, "post_build");
    assert!(
        post.iter().any(
            |c| c == r#"sam package --s3-bucket "$ARTIFACT_BUCKET" --output-template-file packaged.yaml"#
        ),
        "{post:?}"
    );
    assert_eq!(spec["artifacts"]["files"], Value::from(vec!["packaged.yaml"]));
    let cache: Vec<_> =
        spec["cache"]["paths"].as_sequence().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for path in ["/root/.cargo/registry/**/*", "/root/.cargo/git/**/*", "target/**/*"] {
        assert!(cache.contains(&path), "cache {path}");
    }
    // CI runs that same command twice: with the corpus required, then as a fresh clone
    // sees it, with no corpus reachable and nothing required of outside.
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    let runs: Vec<&str> = ci.lines().filter(|l| l.ends_with("scripts/test")).collect();
    assert_eq!(
        runs,
        [
            "FIRELOG_REQUIRE_CORPUS=1 FIRELOG_FUZZ_SECONDS=30 scripts/test",
            "env -u FIRELOG_REQUIRE_CORPUS FIRELOG_CORPUS=/nonexistent/apache_logs FIRELOG_NGINX_CORPUS=/nonexistent/nginx_main.log FIRELOG_FUZZ_SECONDS=0 scripts/test"
        ],
        "{ci}"
    );
}

#[test]
fn template_function_builds_the_lambda_binary() {
    let t = yaml("template.yaml");
    let f = &t["Resources"]["FirelogFunction"];
    assert_eq!(f["Type"], "AWS::Serverless::Function");
    assert_eq!(f["Metadata"]["BuildMethod"], "rust-cargolambda");
    // The binary SAM builds is the one cargo builds as the Lambda.
    assert_eq!(f["Metadata"]["Binary"], "firelog-lambda");
    assert!(root().join("src/bin/firelog-lambda.rs").is_file());
    assert_eq!(t["Globals"]["Function"]["Runtime"], "provided.al2023");
    assert_eq!(t["Globals"]["Function"]["Handler"], "bootstrap");
    assert!(f["Properties"]["Timeout"].as_u64().unwrap() >= 60);
    assert_eq!(f["Properties"]["LoggingConfig"]["LogFormat"], "JSON");
    assert_eq!(t["Parameters"]["Architecture"]["Default"], "arm64");
    assert_eq!(t["Parameters"]["MemorySize"]["Default"], 128);
}

#[test]
fn template_stream_is_direct_put_gzip_hive_partitioned_with_the_processor() {
    let t = yaml("template.yaml");
    let s = &t["Resources"]["DeliveryStream"]["Properties"];
    assert_eq!(s["DeliveryStreamType"], "DirectPut");
    let d = &s["ExtendedS3DestinationConfiguration"];
    assert_eq!(d["CompressionFormat"], "GZIP");
    // By arrival time, or (DynamicPartitioning=true) by the time in the line, which
    // firelog returns as partition keys, and (VhostPartitions=true) by virtual host first.
    let when = |vhost: bool, time: bool| {
        move |c: &str| (c == "PartitionByVhost" && vhost) || (c == "PartitionByRequestTime" && time)
    };
    let time_keys = "year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/";
    assert_eq!(
        resolve(&d["Prefix"], &when(true, true)),
        format!("logs/vhost=!{{partitionKeyFromLambda:vhost}}/{time_keys}")
    );
    assert_eq!(resolve(&d["Prefix"], &when(false, true)), format!("logs/{time_keys}"));
    assert_eq!(
        resolve(&d["Prefix"], &when(false, false)),
        "logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
    );
    // The keys the prefix names are the ones the function is told to return.
    let env = &t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(resolve(&env["PARTITION_KEYS"], &when(true, true)), "vhost,year,month,day,hour");
    assert_eq!(resolve(&env["PARTITION_KEYS"], &when(false, true)), "year,month,day,hour");
    assert_eq!(resolve(&env["PARTITION_KEYS"], &when(false, false)), "");
    assert!(d["ErrorOutputPrefix"].as_str().unwrap().contains("!{firehose:error-output-type}"));
    assert_eq!(d["CloudWatchLoggingOptions"]["Enabled"], true);
    let params: Vec<_> = d["ProcessingConfiguration"]["Processors"][0]["Parameters"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p["ParameterName"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(params, ["LambdaArn", "BufferSizeInMBs", "BufferIntervalInSeconds", "NumberOfRetries"]);
}

/// The processor's buffer, default and cap, keeps the response under the 6 MB limit for
/// the worst lines of every nickname: the bound derived from each format's plan (held to
/// generated worst-case batches in tests/expansion.rs), not a sample's average.
#[test]
fn processor_buffer_default_and_cap_fit_the_worst_case_of_every_nickname() {
    let t = yaml("template.yaml");
    let default_mb = t["Parameters"]["ProcessorBufferSizeMBs"]["Default"].as_f64().unwrap();
    let max_mb = t["Parameters"]["ProcessorBufferSizeMBs"]["MaxValue"].as_f64().unwrap();
    assert!(default_mb <= max_mb);
    for (name, _) in firelog::access_log::log_format::NICKNAMES {
        let growth = firelog::access_log::Format::new(name).unwrap().growth();
        // Firehose's MB, taken as MiB: the larger reading.
        let cap_bytes = max_mb * 1_048_576.0;
        assert!(
            cap_bytes <= growth.safe_batch_bytes() as f64,
            "{name}: {max_mb} MB of its worst lines is {:.0} bytes of response",
            cap_bytes * growth.response_per_log_byte()
        );
    }
}

#[test]
fn template_bucket_is_private_encrypted_and_tls_only() {
    let t = yaml("template.yaml");
    let b = &t["Resources"]["LogBucket"]["Properties"];
    assert_eq!(
        b["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]["SSEAlgorithm"],
        "AES256"
    );
    for k in ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"] {
        assert_eq!(b["PublicAccessBlockConfiguration"][k], true, "{k}");
    }
    assert_eq!(b["LifecycleConfiguration"]["Rules"][0]["Prefix"], "errors/");
    let deny = &t["Resources"]["LogBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Condition"]["Bool"]["aws:SecureTransport"], "false");
}

#[test]
fn template_glue_table_matches_the_output_schema() {
    let t = yaml("template.yaml");
    let table = &t["Resources"]["AccessLogTable"]["Properties"]["TableInput"];
    let sd = &table["StorageDescriptor"];
    let names = |list: &Value, vhost: bool| -> Vec<String> {
        let when = |c: &str| c == "PartitionByVhost" && vhost;
        list.as_sequence()
            .unwrap()
            .iter()
            .map(|c| resolve_value(c, &when))
            .filter(|c| !c.is_tagged_no_value())
            .map(|c| c["Name"].as_str().unwrap().to_string())
            .collect()
    };
    // The combined schema, then other formats' keys; vhost is a partition or a column.
    let extra = ["vhost", "port", "bytes_sent", "duration_us", "extra"];
    let want: Vec<String> = firelog::output::KEYS
        .iter()
        .chain(&extra)
        .chain(&firelog::output::UNPARSED_KEYS)
        .map(|k| k.to_string())
        .collect();
    assert_eq!(names(&sd["Columns"], false), want);
    assert_eq!(
        names(&sd["Columns"], true),
        want.iter().filter(|k| *k != "vhost").cloned().collect::<Vec<_>>()
    );
    assert_eq!(names(&table["PartitionKeys"], true), ["vhost", "year", "month", "day", "hour"]);
    assert_eq!(names(&table["PartitionKeys"], false), ["year", "month", "day", "hour"]);
    let types: Vec<_> = sd["Columns"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|c| c["Type"].as_str().map(str::to_string))
        .collect();
    assert_eq!(types[8..10], ["int", "bigint"]);
    assert_eq!(sd["SerdeInfo"]["SerializationLibrary"], "org.openx.data.jsonserde.JsonSerDe");
}

/// A template value with its `!If`s decided by `holds` (condition name -> true/false).
fn resolve_value(v: &Value, holds: &dyn Fn(&str) -> bool) -> Value {
    match v {
        Value::Tagged(t) if t.tag == "!If" => {
            let branches = t.value.as_sequence().unwrap();
            let pick = if holds(branches[0].as_str().unwrap()) { &branches[1] } else { &branches[2] };
            resolve_value(pick, holds)
        }
        other => other.clone(),
    }
}

/// A string value with its `!If`s decided.
fn resolve(v: &Value, holds: &dyn Fn(&str) -> bool) -> String {
    resolve_value(v, holds).as_str().unwrap().to_string()
}

trait NoValue {
    fn is_tagged_no_value(&self) -> bool;
}

impl NoValue for Value {
    /// `!Ref AWS::NoValue`: the element is left out.
    fn is_tagged_no_value(&self) -> bool {
        matches!(self, Value::Tagged(t) if t.tag == "!Ref" && t.value == "AWS::NoValue")
    }
}

/// The template sets every setting the function reads, but `METRICS` (on: the alarm and
/// dashboard read the metrics).
#[test]
fn template_sets_every_setting() {
    let t = yaml("template.yaml");
    let env = &t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"];
    let mut set: Vec<&str> = env.as_mapping().unwrap().keys().map(|k| k.as_str().unwrap()).collect();
    set.sort();
    let mut want: Vec<&str> =
        firelog::settings::VARIABLES.iter().map(|v| v.name).filter(|name| *name != "METRICS").collect();
    want.sort();
    assert_eq!(set, want);
}

#[test]
fn put_record_batch_sample_holds_the_testdata_lines() {
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(root().join("testdata/put-record-batch.json")).unwrap())
            .unwrap();
    let lines = std::fs::read(root().join("testdata/lines/combined.log")).unwrap();
    let mut joined = Vec::new();
    for r in &records {
        joined.extend(b64::decode(r["Data"].as_str().unwrap()));
    }
    assert_eq!(joined, lines);
    assert!(records.len() <= 500, "PutRecordBatch takes at most 500 records");
}

fn sam() -> Option<PathBuf> {
    found::found(
        root().join(".venv/bin/sam"),
        "FIRELOG_REQUIRE_E2E",
        "run scripts/test, which installs aws-sam-cli",
    )
}

fn sam_validate(sam: &Path, template: &Path) -> (bool, String) {
    let out = Command::new(sam)
        .args(["validate", "--lint", "--template"])
        .arg(template)
        .env("SAM_CLI_TELEMETRY", "0")
        .output()
        .expect("sam runs");
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

#[test]
fn sam_validate_lint_passes_and_would_catch_a_wrong_processor_parameter() {
    let Some(sam) = sam() else { return };
    let (ok, said) = sam_validate(&sam, &root().join("template.yaml"));
    assert!(ok, "{said}");
    // The check is not vacuous: a misspelt processor parameter fails it.
    let broken = std::env::temp_dir().join(format!("firelog-broken-{}.yaml", std::process::id()));
    let text = std::fs::read_to_string(root().join("template.yaml")).unwrap();
    std::fs::write(&broken, text.replace("ParameterName: BufferSizeInMBs", "ParameterName: BufferSizeInMB"))
        .unwrap();
    let (ok, said) = sam_validate(&sam, &broken);
    assert!(!ok, "{said}");
    assert!(said.contains("BufferSizeInMB"), "{said}");
}
