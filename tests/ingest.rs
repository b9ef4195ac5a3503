//! The shipper configurations of `docs/ingest.md`, in `testdata/ingest/`.
//!
//! Each file is shown in the page exactly as it is here, so the page and the file cannot
//! drift. The Fluent Bit files are checked by Fluent Bit itself (`fluent-bit --dry-run`)
//! where it is on PATH; the JSON files are read with serde_json and the fields the page
//! relies on are checked: the stream name, no `log_key` (the whole record, an envelope
//! firelog reads), no `LOGTOJSON`. No network.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The stream name every file uses: the `DeliveryStreamName` of a stack named `firelog`.
const STREAM: &str = "firelog-access-logs";
/// The stream's ARN in the files (region us-east-1, account 123456789012).
const STREAM_ARN: &str = "arn:aws:firehose:us-east-1:123456789012:deliverystream/firelog-access-logs";
/// The log group of the CloudWatch agent's file, the value the page gives `SubscribeLogGroup`.
const LOG_GROUP: &str = "/var/log/nginx/access.log";

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/ingest").join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(path(name)).unwrap_or_else(|e| panic!("testdata/ingest/{name}: {e}"))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("testdata/ingest/{name}: {e}"))
}

const FILES: [&str; 8] = [
    "fluent-bit.conf",
    "fluent-bit.yaml",
    "shipper-policy.json",
    "firelens-task-definition.json",
    "kinesis-agent.json",
    "cloudwatch-agent.json",
    "subscription-trust-policy.json",
    "subscription-permissions-policy.json",
];

#[test]
fn the_page_shows_each_file_exactly() {
    let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ingest.md")).unwrap();
    for name in FILES {
        let text = read(name);
        assert!(
            page.contains(&format!("\n{text}```\n")),
            "docs/ingest.md does not show testdata/ingest/{name} as it is"
        );
        assert!(
            page.contains(&format!("testdata/ingest/{name}")),
            "docs/ingest.md does not name testdata/ingest/{name}"
        );
    }
}

/// `fluent-bit --dry-run -c FILE` reads the file, checks every plugin's properties and exits.
#[test]
fn fluent_bit_accepts_both_configurations() {
    if Command::new("fluent-bit").arg("--version").output().is_err() {
        println!("SKIPPED: fluent-bit not installed");
        return;
    }
    for name in ["fluent-bit.conf", "fluent-bit.yaml"] {
        let out = Command::new("fluent-bit").arg("--dry-run").arg("-c").arg(path(name)).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.contains("configuration test is successful"),
            "fluent-bit --dry-run -c testdata/ingest/{name}: {}\n{}{stderr}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
        );
    }
}

/// What Fluent Bit is not asked to check: the output's settings the page relies on.
#[test]
fn fluent_bit_sends_the_whole_record_with_no_time_key() {
    let classic = read("fluent-bit.conf");
    let output = classic.split("[OUTPUT]").nth(1).expect("an [OUTPUT] section");
    let setting = |key: &str| {
        output
            .lines()
            .map(str::split_whitespace)
            .find_map(|mut words| (words.next() == Some(key)).then(|| words.collect::<Vec<_>>().join(" ")))
    };
    assert_eq!(setting("Name").as_deref(), Some("kinesis_firehose"));
    assert_eq!(setting("delivery_stream").as_deref(), Some(STREAM));
    // Without `log_key` the record goes as JSON, `{"log":"..."}`: the line unescaped
    // inside, which firelog reads; with it, the line arrives escaped (docs/ingest.md).
    assert_eq!(setting("log_key"), None);
    assert!(setting("region").is_some());
    assert_eq!(setting("time_key"), None);

    let yaml: serde_yaml::Value = serde_yaml::from_str(&read("fluent-bit.yaml")).unwrap();
    let outputs = yaml["pipeline"]["outputs"].as_sequence().expect("pipeline.outputs");
    assert_eq!(outputs.len(), 1);
    let out = &outputs[0];
    assert_eq!(out["name"].as_str(), Some("kinesis_firehose"));
    assert_eq!(out["delivery_stream"].as_str(), Some(STREAM));
    assert!(out.get("log_key").is_none());
    assert!(out["region"].as_str().is_some());
    assert!(out.get("time_key").is_none());
    assert_eq!(yaml["pipeline"]["inputs"][0]["path"].as_str(), Some("/var/log/nginx/access.log"));
}

#[test]
fn the_shipper_policy_allows_put_record_batch_on_the_stream() {
    let policy = json("shipper-policy.json");
    let statement = &policy["Statement"][0];
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(statement["Action"], "firehose:PutRecordBatch");
    assert_eq!(statement["Resource"], STREAM_ARN);
}

#[test]
fn firelens_routes_the_whole_record_to_the_stream() {
    let task = json("firelens-task-definition.json");
    let containers = task["containerDefinitions"].as_array().expect("containerDefinitions");
    let router = containers.iter().find(|c| c.get("firelensConfiguration").is_some()).expect("a log router");
    assert_eq!(router["name"], "log_router");
    assert_eq!(router["firelensConfiguration"]["type"], "fluentbit");
    assert!(router["image"].as_str().unwrap().contains("aws-for-fluent-bit"));

    let app = containers.iter().find(|c| c["name"] == "nginx").expect("the nginx container");
    let log = &app["logConfiguration"];
    assert_eq!(log["logDriver"], "awsfirelens");
    let options = log["options"].as_object().expect("options");
    assert_eq!(options["Name"], "kinesis_firehose");
    assert_eq!(options["delivery_stream"], STREAM);
    assert!(!options.contains_key("log_key"), "the whole record, with the ECS metadata");
    assert!(options["region"].is_string());
    assert!(!options.contains_key("time_key"));
    assert!(task["taskRoleArn"].is_string(), "the task role carries firehose:PutRecordBatch");
}

#[test]
fn the_kinesis_agent_sends_lines_as_they_are() {
    let text = read("kinesis-agent.json");
    assert!(!text.contains("LOGTOJSON") && !text.contains("dataProcessingOptions"));
    let agent = json("kinesis-agent.json");
    assert!(agent["firehose.endpoint"].as_str().unwrap().starts_with("https://firehose."));
    let flows = agent["flows"].as_array().expect("flows");
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0]["deliveryStream"], STREAM);
    assert!(flows[0]["filePattern"].as_str().unwrap().starts_with("/var/log/nginx/access.log"));
}

#[test]
fn the_cloudwatch_agent_ships_the_file_to_the_subscribed_group() {
    let agent = json("cloudwatch-agent.json");
    let files = agent["logs"]["logs_collected"]["files"]["collect_list"].as_array().expect("collect_list");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["file_path"], "/var/log/nginx/access.log");
    assert_eq!(files[0]["log_group_name"], LOG_GROUP);
}

#[test]
fn the_subscription_role_trusts_cloudwatch_logs_of_this_account_only() {
    let trust = json("subscription-trust-policy.json");
    let statement = &trust["Statement"][0];
    assert_eq!(statement["Principal"]["Service"], "logs.amazonaws.com");
    assert_eq!(statement["Action"], "sts:AssumeRole");
    let source = statement["Condition"]["StringLike"]["aws:SourceArn"].as_str().expect("aws:SourceArn");
    assert!(source.starts_with("arn:aws:logs:") && source.contains(":123456789012:"), "{source}");

    let permissions = json("subscription-permissions-policy.json");
    let statement = &permissions["Statement"][0];
    assert_eq!(statement["Action"], serde_json::json!(["firehose:PutRecord", "firehose:PutRecordBatch"]));
    assert_eq!(statement["Resource"], STREAM_ARN);
}
