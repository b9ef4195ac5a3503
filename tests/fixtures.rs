//! The events in `testdata/events/` and their expected responses: each response answers
//! its event's ids with only the fields Firehose reads, and the Kinesis-source event is one
//! the strict types reject. That each event gets its expected response, byte for byte, is
//! `firelog_lambda::tests::each_fixture_event_gets_its_expected_response` (the Lambda's
//! handler) and `lambda_e2e` (the built Lambda through the Runtime API).

mod support;

use std::path::PathBuf;

use aws_lambda_events::firehose::KinesisFirehoseEvent;
use support::root;

fn events_dir() -> PathBuf {
    root().join("testdata/events")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(events_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The expected files are what `firelog invoke` prints: the response and a newline.
fn expected(name: &str) -> Vec<u8> {
    let mut bytes = read(&format!("{name}.expected.json"));
    assert_eq!(bytes.pop(), Some(b'\n'));
    bytes
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
        "bad_lines_kept",
        "cloudwatch",
        "direct_put",
        "envelopes",
        "ingress_nginx",
        "kinesis_source",
        "nginx_main",
        "sample",
        "vhost_combined",
        "w3c_switch",
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
