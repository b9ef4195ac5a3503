//! The events in `testdata/events/` and their expected responses, byte for byte.

#[path = "support/testdata.rs"]
mod testdata;

use std::path::{Path, PathBuf};

use aws_lambda_events::firehose::KinesisFirehoseEvent;
use firelog::Transformer;

fn events_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/events")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(events_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Fixture `name` transformed with its settings (`testdata/<name>.env`, or the defaults).
fn transform(name: &str) -> Vec<u8> {
    let vars = testdata::env_file(name);
    let settings =
        firelog::Settings::from_lookup(|k| vars.iter().find(|(v, _)| v == k).map(|(_, x)| x.clone()))
            .expect("valid settings");
    let mut t = Transformer::new(settings.format).with_rules(settings.rules);
    t.event(&read(&format!("{name}.json"))).expect("valid event").0
}

/// The expected files are what `firelog invoke` prints: the response and a newline.
fn expected(name: &str) -> Vec<u8> {
    let mut bytes = read(&format!("{name}.expected.json"));
    assert_eq!(bytes.pop(), Some(b'\n'));
    bytes
}

#[test]
fn direct_put_event() {
    assert_eq!(
        String::from_utf8(transform("direct_put")).unwrap(),
        String::from_utf8(expected("direct_put")).unwrap()
    );
}

#[test]
fn kinesis_stream_source_event_as_aws_documents_it() {
    assert_eq!(
        String::from_utf8(transform("kinesis_source")).unwrap(),
        String::from_utf8(expected("kinesis_source")).unwrap()
    );
}

#[test]
fn mixed_sample_event() {
    assert_eq!(
        String::from_utf8(transform("sample")).unwrap(),
        String::from_utf8(expected("sample")).unwrap()
    );
}

#[test]
fn cloudwatch_logs_subscription_event() {
    assert_eq!(
        String::from_utf8(transform("cloudwatch")).unwrap(),
        String::from_utf8(expected("cloudwatch")).unwrap()
    );
}

/// Debian's vhost_combined lines, with vhost and time partition keys and a drop rule.
#[test]
fn vhost_combined_event_with_partition_keys_and_a_drop_rule() {
    assert_eq!(
        String::from_utf8(transform("vhost_combined")).unwrap(),
        String::from_utf8(expected("vhost_combined")).unwrap()
    );
}

#[test]
fn every_fixture_has_its_expected_response() {
    let mut names: Vec<_> = std::fs::read_dir(events_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".expected.json"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "cloudwatch.json",
            "direct_put.json",
            "ingress_nginx.json",
            "kinesis_source.json",
            "nginx_main.json",
            "sample.json",
            "vhost_combined.json"
        ]
    );
    for name in names {
        let stem = name.trim_end_matches(".json");
        assert_eq!(transform(stem), expected(stem), "{name}");
    }
}

/// Every response has exactly the fields Firehose reads, with the event's ids in the
/// event's order. (`aws_lambda_events`' response type cannot be the judge: it demands a
/// `metadata` field that Firehose does not.)
#[test]
fn responses_have_the_event_ids_and_only_firehose_fields() {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Out {
        record_id: String,
        result: String,
        data: String,
        /// Only with partition keys, and only on `Ok` records.
        #[serde(default)]
        metadata: Option<Metadata>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Metadata {
        partition_keys: std::collections::BTreeMap<String, String>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Response {
        records: Vec<Out>,
    }
    for name in [
        "cloudwatch",
        "direct_put",
        "ingress_nginx",
        "kinesis_source",
        "nginx_main",
        "sample",
        "vhost_combined",
    ] {
        let event: KinesisFirehoseEventIds = serde_json::from_slice(&read(&format!("{name}.json"))).unwrap();
        let response: Response = serde_json::from_slice(&expected(name)).unwrap();
        let got: Vec<_> = response.records.iter().map(|r| r.record_id.as_str()).collect();
        let want: Vec<_> = event.records.iter().map(|r| r.record_id.as_str()).collect();
        assert_eq!(got, want, "{name}");
        for r in &response.records {
            assert!(matches!(r.result.as_str(), "Ok" | "Dropped" | "ProcessingFailed"));
            assert!(r.metadata.is_none() || r.result == "Ok", "{name}");
        }
    }
}

#[derive(serde::Deserialize)]
struct KinesisFirehoseEventIds {
    records: Vec<IdOnly>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdOnly {
    record_id: String,
}

/// Why firelog has its own envelope types: the strict ones reject the Kinesis-source
/// event as AWS documents it (`subsequenceNumber: ""`), which would fail whole batches.
#[test]
fn strict_types_reject_what_aws_sends_for_kinesis_sources() {
    let event = read("kinesis_source.json");
    assert!(serde_json::from_slice::<KinesisFirehoseEvent>(&event).is_err());
    assert!(firelog::envelope::Event::parse(&event).is_ok());
    // The direct-put event is read by both.
    assert!(serde_json::from_slice::<KinesisFirehoseEvent>(&read("direct_put.json")).is_ok());
}
