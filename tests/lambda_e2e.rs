//! The Lambda binary under cargo-lambda's Runtime API emulator, invoked with the
//! testdata events: the real Runtime API protocol, end to end.
//!
//! cargo-lambda comes from the project's virtualenv (`scripts/test` installs it) or
//! `FIRELOG_CARGO_LAMBDA`. Without it these tests say so and skip; with
//! `FIRELOG_REQUIRE_E2E=1` (CI) its absence fails. The binary is
//! `FIRELOG_BOOTSTRAP` (the `bootstrap` that `cargo lambda build` wrote) when set, else
//! the `firelog-lambda` that cargo built for this test run.

mod support;

use std::process::Command;

use support::emulator::{bootstrap, cargo_lambda, compact, start};
use support::{root, testdata};

#[test]
fn each_testdata_event_through_the_runtime_api() {
    let Some(cargo_lambda) = cargo_lambda() else { return };
    let mut emulated = start(cargo_lambda, "events", Vec::new());
    for name in ["sample", "direct_put", "kinesis_source", "cloudwatch"] {
        let out = emulated.invoke(&root().join(format!("testdata/events/{name}.json")));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let want = std::fs::read(root().join(format!("testdata/events/{name}.expected.json"))).unwrap();
        // cargo lambda invoke re-prints the response; compare it as JSON.
        assert_eq!(compact(&out.stdout), compact(&want), "{name}");
    }

    // An event that is not a Firehose event fails the invocation, saying why.
    let bad = std::env::temp_dir().join(format!("firelog-e2e-bad-{}.json", std::process::id()));
    std::fs::write(&bad, br#"{"invocationId":"x"}"#).unwrap();
    let out = emulated.invoke(&bad);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("missing field `records`"), "{said}");

    // One JSON summary line per invocation, through lambda_runtime's tracing.
    drop(emulated.function);
    let log = std::fs::read_to_string(&emulated.log).unwrap();
    let summaries: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["fields"]["message"] == "invocation summary")
        .collect();
    assert_eq!(summaries.len(), 4, "{log}");
    // And one EMF metrics line per invocation, for CloudWatch to read.
    let emf: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("_aws").is_some())
        .collect();
    assert_eq!(emf.len(), 4, "{log}");
    assert_eq!(
        (&emf[0]["Records"], &emf[0]["ProcessingFailed"], &emf[0]["DeliveryStream"]),
        (&10.into(), &4.into(), &"firelog-local".into())
    );
    let first = &summaries[0]["fields"];
    assert_eq!(
        (&first["records"], &first["ok"], &first["dropped"], &first["failed"]),
        (&10.into(), &4.into(), &2.into(), &4.into()),
        "{log}"
    );
    assert_eq!(first["bytes_out"], 3602);
    assert!(first["failed_samples"].as_str().unwrap().starts_with(
        "49546986683135544286507457936321625675700192471156785104: line 2: invalid timestamp (%t) at column 13: found \" [32/May/2015:10...\"; "
    ));
}

/// A custom LOG_FORMAT, partition keys and a drop rule (testdata/vhost_combined.env), set
/// as on Lambda.
#[test]
fn a_custom_log_format_through_the_runtime_api() {
    let Some(cargo_lambda) = cargo_lambda() else { return };
    let mut emulated = start(cargo_lambda, "vhost", testdata::env_file("vhost_combined"));
    let out = emulated.invoke(&root().join("testdata/events/vhost_combined.json"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let want = std::fs::read(root().join("testdata/events/vhost_combined.expected.json")).unwrap();
    assert_eq!(compact(&out.stdout), compact(&want));
}

/// nginx's formats, set as on Lambda: nginx_main with partition keys, ingress-nginx's
/// default with ON_BAD_LINE=keep and a drop rule, and nginx_main with every enrichment on
/// (the test databases in testdata/geo/, as a layer would hold them), and records of bad
/// lines only kept with ON_BAD_LINE=keep, and shippers' envelopes (FireLens, Docker,
/// Vector) around nginx_main lines (testdata/<name>.env).
#[test]
fn nginx_formats_and_enrichment_through_the_runtime_api() {
    let Some(cargo_lambda) = cargo_lambda() else { return };
    for name in ["nginx_main", "ingress_nginx", "enriched", "bad_lines_kept", "envelopes"] {
        let mut emulated = start(cargo_lambda.clone(), name, testdata::env_file(name));
        let out = emulated.invoke(&root().join(format!("testdata/events/{name}.json")));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let want = std::fs::read(root().join(format!("testdata/events/{name}.expected.json"))).unwrap();
        assert_eq!(compact(&out.stdout), compact(&want), "{name}");
    }
}

#[test]
fn a_bad_setting_fails_the_start_naming_it() {
    let out = Command::new(bootstrap())
        .env("LOG_FORMAT", "apache")
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .output()
        .expect("the function starts");
    assert!(!out.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        said.contains(r#"LOG_FORMAT="apache" is not allowed: it is not a nickname firelog knows"#),
        "{said}"
    );
}
