//! The SAM template through a security scanner, offline: checkov passes every check it runs
//! on `template.yaml` but those the template skips, each with its reason written beside it;
//! and the scan is not vacuous: undoing one fix fails exactly that fix's check.
//!
//! checkov lives in its own venv, `.venv/checkov`: it pins boto3==1.35.49 and aws-sam-cli
//! (in `.venv`) pins boto3==1.43.108, so pip cannot put both in one.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::{found, root};

/// The skip list and the counts below are this version's; a new one may add checks.
const CHECKOV_VERSION: &str = "3.3.30";

fn checkov() -> Option<PathBuf> {
    found::found(
        root().join(".venv/checkov/bin/checkov"),
        "FIRELOG_REQUIRE_E2E",
        "scripts/test installs checkov",
    )
}

/// checkov's JSON report on one CloudFormation template.
fn scan(checkov: &Path, template: &Path) -> Value {
    let out = Command::new(checkov)
        .args(["--framework", "cloudformation", "--output", "json", "--skip-download", "--file"])
        .arg(template)
        // Offline: --skip-download and BC_SKIP_MAPPING leave out the platform's policy
        // metadata, CKV_SKIP_PACKAGE_UPDATE_CHECK the look for a newer checkov on PyPI; with
        // no API key, and a HOME without ~/.bridgecrew/credentials or ~/.checkov.yaml,
        // nothing reaches the platform.
        .env("BC_SKIP_MAPPING", "TRUE")
        .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
        .env("HOME", std::env::temp_dir().join("firelog-checkov-no-home"))
        .env_remove("BC_API_KEY")
        .env_remove("PRISMA_API_URL")
        .current_dir(root())
        .output()
        .expect("checkov runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov's output is not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["summary"]["checkov_version"], CHECKOV_VERSION, "scripts/test pins checkov");
    // A template checkov cannot read would pass vacuously.
    assert_eq!(report["summary"]["parsing_errors"], 0, "{}", report["summary"]);
    report
}

/// Each check of one kind (passed_checks, failed_checks, skipped_checks) as "ID resource".
fn checks(report: &Value, kind: &str) -> Vec<String> {
    let mut list: Vec<String> = report["results"][kind]
        .as_array()
        .unwrap_or_else(|| panic!("report has results.{kind}"))
        .iter()
        .map(|c| format!("{} {}", c["check_id"].as_str().unwrap(), c["resource"].as_str().unwrap()))
        .collect();
    list.sort();
    list
}

/// Each suppression, so that a new one shows in the diff of this list.
const SKIPPED: [&str; 10] = [
    "CKV_AWS_115 AWS::Serverless::Function.TablesFunction",
    "CKV_AWS_116 AWS::Serverless::Function.FirelogFunction",
    "CKV_AWS_116 AWS::Serverless::Function.TablesFunction",
    "CKV_AWS_117 AWS::Serverless::Function.FirelogFunction",
    "CKV_AWS_117 AWS::Serverless::Function.TablesFunction",
    "CKV_AWS_158 AWS::Logs::LogGroup.DeliveryStreamLogGroup",
    "CKV_AWS_158 AWS::Logs::LogGroup.FunctionLogGroup",
    "CKV_AWS_158 AWS::Logs::LogGroup.TablesLogGroup",
    "CKV_AWS_173 AWS::Serverless::Function.FirelogFunction",
    "CKV_AWS_18 AWS::S3::Bucket.LogBucket",
];

/// checkov fails nothing on the report's template, skips only [`SKIPPED`], each with its
/// reason, and passes its usual checks, among them the two the template fixed rather than
/// skipped: reserved concurrency, versioning.
fn assert_passes(report: &Value, what: &str) {
    let results = &report["results"];
    let failed: Vec<String> = results["failed_checks"]
        .as_array()
        .expect("report has results.failed_checks")
        .iter()
        .map(|c| {
            let field = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            format!("{} {}: {}", field("check_id"), field("resource"), field("check_name"))
        })
        .collect();
    assert!(failed.is_empty(), "checkov failed {what}:\n{}", failed.join("\n"));
    // checkov says "No comment provided" for a skip without one.
    for skip in results["skipped_checks"].as_array().unwrap() {
        let reason = skip["check_result"]["suppress_comment"].as_str().unwrap_or("").trim();
        assert!(
            !reason.is_empty() && reason != "No comment provided",
            "{} on {} is skipped without a reason",
            skip["check_id"],
            skip["resource"]
        );
    }
    assert_eq!(checks(report, "skipped_checks"), SKIPPED, "{what}");
    let passed = checks(report, "passed_checks");
    assert!(passed.len() >= 22, "{what}: only {} checks passed: {passed:#?}", passed.len());
    for fixed in
        ["CKV_AWS_115 AWS::Serverless::Function.FirelogFunction", "CKV_AWS_21 AWS::S3::Bucket.LogBucket"]
    {
        assert!(passed.iter().any(|p| p == fixed), "{what}: {fixed} did not pass: {passed:#?}");
    }
}

#[test]
fn checkov_passes_the_template_but_the_skips_it_gives_reasons_for() {
    let Some(checkov) = checkov() else { return };
    let report = scan(&checkov, &root().join("template.yaml"));
    assert_passes(&report, "template.yaml");
}

/// The same with each other OutputFormat as the default, in case checkov decides a
/// condition or a `!Ref` by a parameter's default.
#[test]
fn checkov_passes_the_template_with_each_output_format() {
    let Some(checkov) = checkov() else { return };
    let text = std::fs::read_to_string(root().join("template.yaml")).expect("template.yaml reads");
    for format in ["parquet", "iceberg"] {
        let copy = std::env::temp_dir().join(format!("firelog-{format}-{}.yaml", std::process::id()));
        let changed = support::template::with_default(&text, "OutputFormat", format);
        std::fs::write(&copy, changed).expect("temp template writes");
        let report = scan(&checkov, &copy);
        std::fs::remove_file(&copy).ok();
        assert_passes(&report, &format!("OutputFormat={format}"));
    }
}

#[test]
fn checkov_fails_the_template_with_bucket_versioning_undone() {
    let Some(checkov) = checkov() else { return };
    let text = std::fs::read_to_string(root().join("template.yaml")).expect("template.yaml reads");
    let fix = "      VersioningConfiguration:\n        Status: Enabled\n";
    assert_eq!(text.matches(fix).count(), 1, "the bucket's versioning is in template.yaml once");
    let undone = std::env::temp_dir().join(format!("firelog-unversioned-{}.yaml", std::process::id()));
    std::fs::write(&undone, text.replace(fix, "")).expect("temp template writes");
    let report = scan(&checkov, &undone);
    std::fs::remove_file(&undone).ok();
    assert_eq!(checks(&report, "failed_checks"), ["CKV_AWS_21 AWS::S3::Bucket.LogBucket"]);
}
