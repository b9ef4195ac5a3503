//! Deployment, checked offline: the buildspec's shape, the SAM template through the real
//! `sam validate --lint` with each `OutputFormat`, and the template's promises that code can
//! check, read from the template as CloudFormation would deploy it with given parameters
//! (its conditions decided, see [`deployed`]).

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value;
use support::{b64, found, root, template};

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
            "FIRELOG_REQUIRE_CORPUS=1 FIRELOG_FUZZ_SECONDS=20 scripts/test",
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
    // SAM reads the binary's name only here (without it, sam build builds both and fails).
    assert_eq!(f["Metadata"]["BuildProperties"]["Binary"], "firelog-lambda");
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
    let raw = yaml("template.yaml");
    // By arrival time, or (DynamicPartitioning=true) by the time in the line, which
    // firelog returns as partition keys, and (VhostPartitions=true) by virtual host first.
    let deploy = |dynamic: &str, vhost: &str| {
        let t = deployed(&raw, &[("DynamicPartitioning", dynamic), ("VhostPartitions", vhost)]);
        let s = t["Resources"]["DeliveryStream"]["Properties"].clone();
        let env = t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"].clone();
        (s, env)
    };
    let time_keys = "year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/";
    let (s, env) = deploy("true", "true");
    let d = &s["ExtendedS3DestinationConfiguration"];
    assert_eq!(d["Prefix"], format!("logs/vhost=!{{partitionKeyFromLambda:vhost}}/{time_keys}").as_str());
    assert_eq!(d["DynamicPartitioningConfiguration"]["Enabled"], true);
    // The keys the prefix names are the ones the function is told to return.
    assert_eq!(env["PARTITION_KEYS"], "vhost,year,month,day,hour");
    let (s, env) = deploy("true", "false");
    assert_eq!(s["ExtendedS3DestinationConfiguration"]["Prefix"], format!("logs/{time_keys}").as_str());
    assert_eq!(env["PARTITION_KEYS"], "year,month,day,hour");
    let (s, env) = deploy("false", "false");
    let d = &s["ExtendedS3DestinationConfiguration"];
    assert_eq!(
        d["Prefix"],
        "logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
    );
    assert!(d.get("DynamicPartitioningConfiguration").is_none());
    assert_eq!(env["PARTITION_KEYS"], "");
    assert_eq!(s["DeliveryStreamType"], "DirectPut");
    assert_eq!(d["CompressionFormat"], "GZIP");
    assert!(d["ErrorOutputPrefix"].as_str().unwrap().contains("!{firehose:error-output-type}"));
    assert_eq!(d["CloudWatchLoggingOptions"]["Enabled"], true);
    assert_eq!(processor_parameters(&d["ProcessingConfiguration"]), PROCESSOR_PARAMETERS);
}

/// The names of the one processor's parameters, in order.
fn processor_parameters(processing: &Value) -> Vec<String> {
    assert_eq!(processing["Enabled"], true);
    assert_eq!(processing["Processors"].as_sequence().unwrap().len(), 1);
    assert_eq!(processing["Processors"][0]["Type"], "Lambda");
    processing["Processors"][0]["Parameters"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p["ParameterName"].as_str().unwrap().to_string())
        .collect()
}

const PROCESSOR_PARAMETERS: [&str; 4] =
    ["LambdaArn", "BufferSizeInMBs", "BufferIntervalInSeconds", "NumberOfRetries"];

/// Each nickname's largest processor buffer whose worst lines keep the response under the
/// budget (MiB, rounded down to hundredths), under firelog's keys, ECS and OTel: the bound
/// derived from its plan (held to generated worst-case batches in tests/expansion.rs).
fn safe_buffers() -> Vec<(&'static str, [f64; 3])> {
    use firelog::profile::{Profile, Schema};
    let mib = |bytes: usize| (bytes as f64 / 1_048_576.0 * 100.0).floor() / 100.0;
    let nicknames = firelog::access_log::nicknames().into_iter();
    nicknames
        .map(|name| {
            let format = firelog::access_log::Format::new(name).unwrap();
            let under = |schema| {
                let profile = Profile::compile(schema, &format, &Default::default()).unwrap();
                mib(profile.growth(format.growth()).safe_batch_bytes())
            };
            (name, [mib(format.growth().safe_batch_bytes()), under(Schema::Ecs), under(Schema::Otel)])
        })
        .collect()
}

/// The stack's caps on the processor's buffer: its default (firelog's keys), and its
/// Rules' under `Schema=ecs` and `Schema=otel`.
const CAPS: [f64; 3] = [0.35, 0.23, 0.3];

/// The operations page's table of the nicknames whose worst lines the stack's caps do not
/// prove: the buffer that does (below Firehose's floor of 0.2, none does: the response
/// guard is the net).
fn tight_table() -> String {
    let cell = |mb: f64| if mb < 0.2 { "below 0.2: the guard".to_string() } else { format!("{mb:.2}") };
    let mut t =
        String::from("| `LOG_FORMAT` | firelog's keys | `Schema=ecs` | `Schema=otel` |\n|---|---|---|---|\n");
    for (name, safe) in safe_buffers() {
        if safe.iter().zip(CAPS).any(|(s, cap)| *s < cap) {
            t.push_str(&format!(
                "| `{name}` | {} | {} | {} |\n",
                cell(safe[0]),
                cell(safe[1]),
                cell(safe[2])
            ));
        }
    }
    t
}

/// The processor's buffer, default and cap, keeps the response under the 6 MB limit for
/// the worst lines of every nickname whose worst case the caps prove; the others are
/// named, with the buffer that proves theirs, on the operations page.
#[test]
fn processor_buffer_default_and_cap_fit_the_worst_case_of_every_nickname() {
    let t = yaml("template.yaml");
    let default_mb = t["Parameters"]["ProcessorBufferSizeMBs"]["Default"].as_f64().unwrap();
    let max_mb = t["Parameters"]["ProcessorBufferSizeMBs"]["MaxValue"].as_f64().unwrap();
    assert!(default_mb <= max_mb);
    assert_eq!(max_mb, CAPS[0]);
    // The nicknames of Apache and nginx fit every cap.
    for (name, safe) in safe_buffers() {
        if firelog::access_log::log_format::NICKNAMES.iter().any(|(n, _)| *n == name) {
            assert!(safe.iter().zip(CAPS).all(|(s, cap)| *s >= cap), "{name}: {safe:?}");
        }
    }
    let table = tight_table();
    let page = std::fs::read_to_string(root().join("docs/operations.md")).unwrap();
    assert!(page.contains(&table), "docs/operations.md lacks this table:\n{table}");
}

/// Under a profile the worst lines grow more (`Profile::growth`): the Rules cap the
/// processor buffer per profile; the default's 0.35 is refused there, a value within the
/// cap taken.
#[test]
fn processor_buffer_under_each_profile_fits_its_worst_case() {
    let raw = yaml("template.yaml");
    let refused = |set: &[(&str, &str)]| Stack::new(&raw, set).refused();
    for (name, cap) in [("ecs", "0.23"), ("otel", "0.3")] {
        assert!(refused(&[("Schema", name), ("ProcessorBufferSizeMBs", cap)]).is_empty(), "{name}");
        let said = refused(&[("Schema", name)]);
        assert!(said.len() == 1 && said[0].contains("ProcessorBufferSizeMBs"), "{name}: {said:?}");
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

/// The tables are custom resources that ask the deployed function for its own table
/// (tests/tables.rs runs their code against moto's Glue and the real function): every
/// setting that changes the columns is among their properties, so a stack update that
/// changes one updates the table.
#[test]
fn template_tables_ask_the_function_for_its_own_columns() {
    let raw = yaml("template.yaml");
    let description = raw["Parameters"]["LogFormat"]["Description"].as_str().unwrap().replace('\n', " ");
    for named in ["nginx_main", "log_format", "LogFormat", "vhost_combined", "firelog schema"] {
        assert!(description.contains(named), "{named}: {description}");
    }
    let settings =
        ["LogFormat", "Schema", "OnBadLine", "TrustedProxies", "GeoIpDb", "AsnDb", "ParseUserAgent"];
    for (output, name, storage, location) in [
        ("json", "AccessLogTable", "json", r#"!Sub "s3://${LogBucket}/logs/""#),
        ("parquet", "AccessLogTable", "parquet", r#"!Sub "s3://${LogBucket}/logs/""#),
        ("iceberg", "AccessLogIcebergTable", "iceberg", r#"!Sub "s3://${LogBucket}/iceberg/access_logs/""#),
    ] {
        let t = deployed(&raw, &[("OutputFormat", output)]);
        let table = &t["Resources"][name];
        assert_eq!(table["Type"], "Custom::FirelogTable", "{output}");
        let p = &table["Properties"];
        assert_eq!(p["ServiceToken"], intrinsic("!GetAtt TablesFunction.Arn"));
        assert_eq!(p["FunctionName"], intrinsic("!Ref FirelogFunction"));
        assert_eq!(p["DatabaseName"], intrinsic("!Ref GlueDatabase"));
        assert_eq!(p["Storage"], storage);
        assert_eq!(p["Location"], intrinsic(location));
        for setting in settings {
            let raw_setting = &raw["Resources"][name]["Properties"]["Settings"][setting];
            assert_eq!(raw_setting, &intrinsic(&format!("!Ref {setting}")), "{output} {setting}");
        }
        let other = if name == "AccessLogTable" { "AccessLogIcebergTable" } else { "AccessLogTable" };
        assert!(t["Resources"].get(other).is_none(), "{output}");
    }
    // The code asks the function named in FunctionName, and may do nothing else but
    // read and write this stack's two tables (and an Iceberg table's metadata files).
    let f = &raw["Resources"]["TablesFunction"]["Properties"];
    assert_eq!(f["Runtime"], "python3.13");
    let code = f["InlineCode"].as_str().unwrap();
    assert!(code.contains(r#"{"firelogSchema": {"storage": props["Storage"]"#), "{code}");
    let statements = f["Policies"][0]["Statement"].as_sequence().unwrap();
    assert_eq!(statements[0]["Action"], "lambda:InvokeFunction");
    assert_eq!(statements[0]["Resource"], intrinsic("!GetAtt FirelogFunction.Arn"));
    assert_eq!(
        strings(&statements[1]["Resource"]),
        [
            glue_arn("catalog"),
            glue_arn("database/${GlueDatabase}"),
            glue_arn("table/${GlueDatabase}/access_logs"),
            glue_arn("table/${GlueDatabase}/access_logs_iceberg"),
        ]
    );
}

/// With a log group named, the stack subscribes the stream to it, through a role that
/// only CloudWatch Logs of this account and Region can take.
#[test]
fn template_subscribes_a_log_group_when_asked() {
    let raw = yaml("template.yaml");
    let t = deployed(&raw, &[]);
    assert!(t["Resources"].get("SubscriptionFilter").is_none());
    let t = deployed(&raw, &[("SubscribeLogGroup", "/var/log/nginx/access.log")]);
    let filter = &t["Resources"]["SubscriptionFilter"]["Properties"];
    assert_eq!(filter["LogGroupName"], "/var/log/nginx/access.log");
    assert_eq!(filter["FilterPattern"], "");
    assert_eq!(filter["DestinationArn"], intrinsic("!GetAtt DeliveryStream.Arn"));
    assert_eq!(filter["RoleArn"], intrinsic("!GetAtt SubscriptionRole.Arn"));
    let role = &t["Resources"]["SubscriptionRole"]["Properties"];
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Principal"]["Service"], "logs.amazonaws.com");
    assert_eq!(
        trust["Condition"]["StringLike"]["aws:SourceArn"],
        intrinsic(r#"!Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*""#)
    );
    let put = &role["Policies"][0]["PolicyDocument"]["Statement"][0];
    assert_eq!(strings(&put["Action"]), ["firehose:PutRecord", "firehose:PutRecordBatch"].map(Value::from));
    assert_eq!(put["Resource"], intrinsic("!GetAtt DeliveryStream.Arn"));
}

/// `!Ref`, `!GetAtt`, `!Sub`... as the template writes them.
/// A Glue ARN of this stack's account and region, as the template writes it with `!Sub`.
fn glue_arn(rest: &str) -> Value {
    intrinsic(&format!(r#"!Sub "arn:${{AWS::Partition}}:glue:${{AWS::Region}}:${{AWS::AccountId}}:{rest}""#))
}

fn intrinsic(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

/// The names of the role's inline policies, and the statements of one.
fn policies(t: &Value) -> BTreeMap<String, Value> {
    t["Resources"]["DeliveryStreamRole"]["Properties"]["Policies"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| (p["PolicyName"].as_str().unwrap().to_string(), p["PolicyDocument"]["Statement"].clone()))
        .collect()
}

/// A statement's actions or resources, one or a list, as a list.
fn strings(v: &Value) -> Vec<Value> {
    match v.as_sequence() {
        Some(list) => list.clone(),
        None => vec![v.clone()],
    }
}

#[test]
fn template_offers_three_output_formats_json_by_default() {
    let t = yaml("template.yaml");
    let p = &t["Parameters"]["OutputFormat"];
    assert_eq!(p["Default"], "json");
    assert_eq!(p["AllowedValues"], intrinsic("[json, parquet, iceberg]"));
}

/// json, the default, is what the template deployed before OutputFormat: GZIP JSON Lines
/// under logs/ and the JSON table over them.
#[test]
fn template_json_output_writes_gzip_json_lines_with_no_conversion() {
    let t = deployed(&yaml("template.yaml"), &[("OutputFormat", "json"), ("OnBadLine", "keep")]);
    let s = &t["Resources"]["DeliveryStream"]["Properties"];
    assert!(s.get("IcebergDestinationConfiguration").is_none());
    let d = &s["ExtendedS3DestinationConfiguration"];
    assert_eq!(d["BucketARN"], intrinsic("!GetAtt LogBucket.Arn"));
    assert_eq!(d["CompressionFormat"], "GZIP");
    assert!(d.get("DataFormatConversionConfiguration").is_none());
    assert!(d["Prefix"].as_str().unwrap().starts_with("logs/"));
    let table = &t["Resources"]["AccessLogTable"]["Properties"];
    assert_eq!(table["TableName"], "access_logs");
    assert_eq!(table["Storage"], "json");
    assert!(t["Resources"].get("AccessLogIcebergTable").is_none());
    let env = &t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(env["ICEBERG_DATABASE"], "");
    assert_eq!(env["ICEBERG_TABLE"], "");
    assert_eq!(env["ON_BAD_LINE"], "keep");
    assert_eq!(
        policies(&t).keys().collect::<Vec<_>>(),
        ["deliver-to-this-bucket", "invoke-firelog", "write-own-logs"]
    );
    assert_eq!(t["Outputs"]["GlueTable"]["Value"], intrinsic(r#"!Sub "${GlueDatabase}.access_logs""#));
}

#[test]
fn template_parquet_output_converts_to_snappy_parquet_with_the_glue_table_schema() {
    let raw = yaml("template.yaml");
    let t = deployed(&raw, &[("OutputFormat", "parquet")]);
    let s = &t["Resources"]["DeliveryStream"]["Properties"];
    assert!(s.get("IcebergDestinationConfiguration").is_none());
    let d = &s["ExtendedS3DestinationConfiguration"];
    // Parquet compresses its pages; Firehose wants the S3 compression off.
    assert_eq!(d["CompressionFormat"], "UNCOMPRESSED");
    let c = &d["DataFormatConversionConfiguration"];
    assert_eq!(c["Enabled"], true);
    // firelog's keys are the columns' names: no mapping.
    assert_eq!(
        c["InputFormatConfiguration"]["Deserializer"]["OpenXJsonSerDe"],
        intrinsic("{ConvertDotsInJsonKeysToUnderscores: false}")
    );
    assert_eq!(c["OutputFormatConfiguration"]["Serializer"]["ParquetSerDe"]["Compression"], "SNAPPY");
    let schema = &c["SchemaConfiguration"];
    assert_eq!(schema["DatabaseName"], intrinsic("!Ref GlueDatabase"));
    assert_eq!(schema["TableName"], intrinsic("!GetAtt AccessLogTable.TableName"));
    assert_eq!(schema["CatalogId"], intrinsic("!Ref AWS::AccountId"));
    assert_eq!(schema["Region"], intrinsic("!Ref AWS::Region"));
    assert_eq!(schema["RoleARN"], intrinsic("!GetAtt DeliveryStreamRole.Arn"));
    assert_eq!(schema["VersionId"], "LATEST");
    // Firehose refuses a buffer under 64 MB with conversion: the default is 64.
    assert!(d["BufferingHints"]["SizeInMBs"].as_str().unwrap().parse::<u32>().unwrap() >= 64);
    // The same prefix and table as json, the table's storage Parquet.
    let json = deployed(&raw, &[("OutputFormat", "json")]);
    assert_eq!(
        d["Prefix"],
        json["Resources"]["DeliveryStream"]["Properties"]["ExtendedS3DestinationConfiguration"]["Prefix"]
    );
    // The same table, its storage Parquet (tests/tables.rs: what the table then is).
    let table = &t["Resources"]["AccessLogTable"]["Properties"];
    let json_table = &json["Resources"]["AccessLogTable"]["Properties"];
    assert_eq!(table["Storage"], "parquet");
    assert_eq!(
        (&table["TableName"], &table["Location"]),
        (&json_table["TableName"], &json_table["Location"])
    );
    // OTel's dotted keys are their columns with dots as _; ECS's @timestamp is timestamp.
    for (profile, dots, mappings) in
        [("otel", true, None), ("ecs", false, Some(intrinsic(r#"{timestamp: "@timestamp"}"#)))]
    {
        let t = deployed(&raw, &[("OutputFormat", "parquet"), ("Schema", profile)]);
        let serde = &t["Resources"]["DeliveryStream"]["Properties"]["ExtendedS3DestinationConfiguration"]["DataFormatConversionConfiguration"]
            ["InputFormatConfiguration"]["Deserializer"]["OpenXJsonSerDe"];
        assert_eq!(serde["ConvertDotsInJsonKeysToUnderscores"], dots, "{profile}");
        assert_eq!(serde.get("ColumnToJsonKeyMappings").cloned(), mappings, "{profile}");
    }
    // The role reads the schema: the catalog, the database, the table.
    let glue = &policies(&t)["read-parquet-schema"][0];
    assert_eq!(glue["Effect"], "Allow");
    assert_eq!(
        strings(&glue["Action"]),
        ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"].map(Value::from)
    );
    assert_eq!(
        strings(&glue["Resource"]),
        [
            glue_arn("catalog"),
            glue_arn("database/${GlueDatabase}"),
            glue_arn("table/${GlueDatabase}/access_logs")
        ]
    );
    assert!(t["Resources"].get("AccessLogIcebergTable").is_none());
    let env = &t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!((&env["ICEBERG_DATABASE"], &env["ICEBERG_TABLE"]), (&Value::from(""), &Value::from("")));
}

#[test]
fn template_iceberg_output_writes_the_iceberg_table() {
    let raw = yaml("template.yaml");
    // Settings an S3 destination would take, which iceberg must not pass on to firelog.
    let t = deployed(
        &raw,
        &[
            ("OutputFormat", "iceberg"),
            ("OnBadLine", "keep"),
            ("DynamicPartitioning", "true"),
            ("VhostPartitions", "true"),
        ],
    );
    let s = &t["Resources"]["DeliveryStream"]["Properties"];
    assert!(s.get("ExtendedS3DestinationConfiguration").is_none());
    let d = &s["IcebergDestinationConfiguration"];
    assert_eq!(
        d["CatalogConfiguration"]["CatalogArn"],
        intrinsic(r#"!Sub "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog""#)
    );
    let tables = d["DestinationTableConfigurationList"].as_sequence().unwrap();
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0]["DestinationDatabaseName"], intrinsic("!Ref GlueDatabase"));
    assert_eq!(tables[0]["DestinationTableName"], intrinsic("!GetAtt AccessLogIcebergTable.TableName"));
    assert!(tables[0]["S3ErrorOutputPrefix"].as_str().unwrap().starts_with("errors/"));
    assert_eq!(d["RoleARN"], intrinsic("!GetAtt DeliveryStreamRole.Arn"));
    assert_eq!(d["s3BackupMode"], "FailedDataOnly");
    assert_eq!(d["S3Configuration"]["BucketARN"], intrinsic("!GetAtt LogBucket.Arn"));
    assert_eq!(d["S3Configuration"]["RoleARN"], intrinsic("!GetAtt DeliveryStreamRole.Arn"));
    assert!(d["S3Configuration"]["ErrorOutputPrefix"].as_str().unwrap().starts_with("errors/"));
    assert!(
        d["BufferingHints"]["SizeInMBs"].is_string() && d["BufferingHints"]["IntervalInSeconds"].is_string()
    );
    assert_eq!(d["CloudWatchLoggingOptions"]["Enabled"], true);
    // The same processor, parameter for parameter, as the S3 destination's.
    let json = deployed(&raw, &[("OutputFormat", "json")]);
    assert_eq!(
        d["ProcessingConfiguration"],
        json["Resources"]["DeliveryStream"]["Properties"]["ExtendedS3DestinationConfiguration"]["ProcessingConfiguration"]
    );
    assert_eq!(processor_parameters(&d["ProcessingConfiguration"]), PROCESSOR_PARAMETERS);
    // firelog names the table on each record, writes one row per record and no key the
    // table lacks: fail-record, no partition keys.
    let env = &t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(env["ICEBERG_DATABASE"], intrinsic("!Ref GlueDatabase"));
    // The table's name as a literal: the table asks the function for its columns.
    assert_eq!(env["ICEBERG_TABLE"], "access_logs_iceberg");
    assert_eq!(env["ON_BAD_LINE"], "fail-record");
    assert_eq!(env["PARTITION_KEYS"], "");
    // The Iceberg table, and no JSON table.
    assert!(t["Resources"].get("AccessLogTable").is_none());
    let table = &t["Resources"]["AccessLogIcebergTable"]["Properties"];
    assert_eq!(table["DatabaseName"], intrinsic("!Ref GlueDatabase"));
    assert_eq!(table["TableName"], "access_logs_iceberg");
    assert_eq!(table["Storage"], "iceberg");
    assert_eq!(
        t["Outputs"]["GlueTable"]["Value"],
        intrinsic(r#"!Sub "${GlueDatabase}.access_logs_iceberg""#)
    );
    // The role reads and commits the table through Glue, and writes its files.
    let policies = policies(&t);
    assert!(!policies.contains_key("read-parquet-schema"));
    let [glue, delete] = policies["write-iceberg-table"].as_sequence().unwrap().as_slice() else {
        panic!("write-iceberg-table has a Glue and an S3 statement")
    };
    assert_eq!(
        strings(&glue["Action"]),
        ["glue:GetTable", "glue:GetDatabase", "glue:UpdateTable"].map(Value::from)
    );
    assert_eq!(
        strings(&glue["Resource"]),
        [
            glue_arn("catalog"),
            glue_arn("database/${GlueDatabase}"),
            glue_arn("table/${GlueDatabase}/access_logs_iceberg")
        ]
    );
    assert_eq!(delete["Action"], "s3:DeleteObject");
    assert_eq!(delete["Resource"], intrinsic(r#"!Sub "${LogBucket.Arn}/iceberg/*""#));
    let s3 = &policies["deliver-to-this-bucket"][0];
    for action in [
        "s3:AbortMultipartUpload",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListBucketMultipartUploads",
        "s3:PutObject",
    ] {
        assert!(strings(&s3["Action"]).contains(&Value::from(action)), "{action}");
    }
    assert_eq!(
        strings(&s3["Resource"]),
        [intrinsic("!GetAtt LogBucket.Arn"), intrinsic(r#"!Sub "${LogBucket.Arn}/*""#)]
    );
}

/// What CloudFormation cannot say with a parameter's constraints, its Rules refuse before
/// anything is created: parquet with a buffer under 64 MB, iceberg with a profile. Any
/// format goes to any output: its table is made from the format.
#[test]
fn template_rules_refuse_what_an_output_format_cannot_take() {
    let raw = yaml("template.yaml");
    let refused = |set: &[(&str, &str)]| Stack::new(&raw, set).refused();
    assert_eq!(refused(&[]), Vec::<String>::new());
    // Every size the parameter allows: parquet takes 64 and up, json any.
    let size = &raw["Parameters"]["DestinationBufferSizeMBs"];
    assert_eq!((&size["MinValue"], &size["MaxValue"]), (&Value::from(1), &Value::from(128)));
    for size in 1..=128 {
        let size = size.to_string();
        assert_eq!(
            refused(&[("OutputFormat", "json"), ("DestinationBufferSizeMBs", &size)]),
            Vec::<String>::new()
        );
        let said = refused(&[("OutputFormat", "parquet"), ("DestinationBufferSizeMBs", &size)]);
        if size.parse::<u32>().unwrap() >= 64 {
            assert_eq!(said, Vec::<String>::new(), "{size}");
        } else {
            assert!(said.len() == 1 && said[0].contains("64"), "{size}: {said:?}");
        }
    }
    for format in ["combined", "vhost_combined", "common", "nginx_main", r#"%h %l %u %t "%r" %>s %b %D"#] {
        for output in ["json", "parquet", "iceberg"] {
            assert_eq!(refused(&[("OutputFormat", output), ("LogFormat", format)]), Vec::<String>::new());
        }
    }
}

/// The template refuses `TrustedProxies` with exactly the nicknames the function itself
/// refuses at start-up (their format logs no forwarded-for list).
#[test]
fn template_refuses_trusted_proxies_where_the_function_would() {
    let raw = yaml("template.yaml");
    for nickname in firelog::access_log::nicknames() {
        let function_refuses =
            support::settings::from_pairs(&[("LOG_FORMAT", nickname), ("TRUSTED_PROXIES", "10.0.0.0/8")])
                .is_err_and(|e| e.contains("TRUSTED_PROXIES"));
        let said = Stack::new(&raw, &[("LogFormat", nickname), ("TrustedProxies", "10.0.0.0/8")]).refused();
        let template_refuses = said.iter().any(|s| s.starts_with("TrustedProxies walks"));
        assert_eq!(template_refuses, function_refuses, "{nickname}: {said:?}");
    }
}

#[test]
fn template_schema_sets_the_profile_and_its_table() {
    let raw = yaml("template.yaml");
    let schema = &raw["Parameters"]["Schema"];
    assert_eq!(schema["Default"], "firelog");
    let values: Vec<&str> =
        schema["AllowedValues"].as_sequence().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(values, ["firelog", "ecs", "otel"]);
    for value in &values {
        assert!(firelog::profile::Schema::from_setting(value).is_ok(), "{value}");
    }
    let refused = |set: &[(&str, &str)]| Stack::new(&raw, set).refused();
    for profile in ["ecs", "otel"] {
        // A profile's buffer is at most 0.23 (see the test above); 0.2 fits both.
        let small = ("ProcessorBufferSizeMBs", "0.2");
        assert_eq!(refused(&[("Schema", profile), small]), Vec::<String>::new());
        assert_eq!(refused(&[("Schema", profile), small, ("OutputFormat", "parquet")]), Vec::<String>::new());
        let said = refused(&[("Schema", profile), small, ("OutputFormat", "iceberg")]);
        assert!(said.len() == 1 && said[0].contains("needs Schema firelog"), "{profile}: {said:?}");
        let t = deployed(&raw, &[("Schema", profile)]);
        let env = &t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"];
        assert_eq!(env["SCHEMA"], profile);
        // The table of the profile's columns (the function says which).
        assert!(t["Resources"].get("AccessLogTable").is_some(), "{profile}");
        assert_eq!(t["Outputs"]["GlueTable"]["Value"], intrinsic(r#"!Sub "${GlueDatabase}.access_logs""#));
    }
    let t = deployed(&raw, &[]);
    assert_eq!(
        t["Resources"]["FirelogFunction"]["Properties"]["Environment"]["Variables"]["SCHEMA"],
        "firelog"
    );
    assert!(t["Resources"].get("AccessLogTable").is_some());
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

/// `sam validate --lint` on `template`, offline: a region given, so that nothing looks
/// one up, no telemetry, no instance metadata. It reads no credentials: the linter
/// (cfn-lint) works from the resource schemas it ships with.
fn sam_validate(sam: &Path, template: &Path) -> (bool, String) {
    let out = Command::new(sam)
        .args(["validate", "--lint", "--region", "us-east-1", "--template"])
        .arg(template)
        .env("SAM_CLI_TELEMETRY", "0")
        .env("AWS_EC2_METADATA_DISABLED", "true")
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
    std::fs::remove_file(&broken).ok();
    assert!(!ok, "{said}");
    assert!(said.contains("BufferSizeInMB"), "{said}");
}

/// The template with each OutputFormat as its default passes `sam validate --lint`, and a
/// misspelt Iceberg property fails it (the linter knows IcebergDestinationConfiguration).
#[test]
fn sam_validate_lint_passes_with_each_output_format() {
    let Some(sam) = sam() else { return };
    let text = std::fs::read_to_string(root().join("template.yaml")).unwrap();
    let dir = std::env::temp_dir().join(format!("firelog-output-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["json", "parquet", "iceberg"] {
        let copy = dir.join(format!("{format}.yaml"));
        let changed = template::with_default(&text, "OutputFormat", format);
        let t: Value = serde_yaml::from_str(&changed).unwrap();
        assert_eq!(t["Parameters"]["OutputFormat"]["Default"], format);
        std::fs::write(&copy, changed).unwrap();
        let (ok, said) = sam_validate(&sam, &copy);
        assert!(ok, "OutputFormat={format}: {said}");
    }
    // Each profile, with the processor buffer its Rule takes.
    for schema in ["ecs", "otel"] {
        let copy = dir.join(format!("{schema}.yaml"));
        let changed = template::with_default(&text, "Schema", schema);
        std::fs::write(&copy, template::with_default(&changed, "ProcessorBufferSizeMBs", "0.2")).unwrap();
        let (ok, said) = sam_validate(&sam, &copy);
        assert!(ok, "Schema={schema}: {said}");
    }
    // Every enrichment on, with the layer that holds the databases.
    let mut enriched = text.clone();
    for (parameter, value) in ENRICHED {
        // Quoted: YAML would read a bare `on` as true.
        enriched = template::with_default(&enriched, parameter, &format!("\"{value}\""));
    }
    let copy = dir.join("enriched.yaml");
    std::fs::write(&copy, enriched).unwrap();
    let (ok, said) = sam_validate(&sam, &copy);
    assert!(ok, "enrichment on: {said}");
    let broken = dir.join("broken.yaml");
    let misspelt =
        template::with_default(&text, "OutputFormat", "iceberg").replace("s3BackupMode:", "S3BackupMode:");
    std::fs::write(&broken, misspelt).unwrap();
    let (ok, said) = sam_validate(&sam, &broken);
    std::fs::remove_dir_all(&dir).ok();
    assert!(!ok, "{said}");
    assert!(said.contains("S3BackupMode"), "{said}");
}

/// The template's enrichment parameters, each set.
const ENRICHED: [(&str, &str); 7] = [
    ("LogFormat", "nginx_main"),
    ("EnrichmentLayerArn", "arn:aws:lambda:us-east-1:123456789012:layer:geoip:3"),
    ("GeoIpDb", "/opt/GeoLite2-City.mmdb"),
    ("AsnDb", "/opt/GeoLite2-ASN.mmdb"),
    ("TrustedProxies", "10.0.0.0/8,2001:db8::/32"),
    ("ParseUserAgent", "on"),
    ("AnonymizeIp", "16,32"),
];

/// The layer goes on the function, each enrichment parameter into its setting; a
/// database without the layer is refused.
#[test]
fn template_takes_the_enrichment_layer_and_settings() {
    let raw = yaml("template.yaml");
    let function = |t: &Value| t["Resources"]["FirelogFunction"]["Properties"].clone();
    let off = function(&deployed(&raw, &[]));
    assert!(off.get("Layers").is_none(), "{off:?}");
    let env = &off["Environment"]["Variables"];
    for (name, value) in [
        ("TRUSTED_PROXIES", ""),
        ("GEOIP_DB", ""),
        ("ASN_DB", ""),
        ("PARSE_USER_AGENT", "off"),
        ("ANONYMIZE_IP", "off"),
    ] {
        assert_eq!(env[name], value, "{name}");
    }
    let on = function(&deployed(&raw, &ENRICHED));
    assert_eq!(
        on["Layers"],
        serde_yaml::from_str::<Value>("[arn:aws:lambda:us-east-1:123456789012:layer:geoip:3]").unwrap()
    );
    let env = &on["Environment"]["Variables"];
    for (name, value) in [
        ("TRUSTED_PROXIES", "10.0.0.0/8,2001:db8::/32"),
        ("GEOIP_DB", "/opt/GeoLite2-City.mmdb"),
        ("ASN_DB", "/opt/GeoLite2-ASN.mmdb"),
        ("PARSE_USER_AGENT", "on"),
        ("ANONYMIZE_IP", "16,32"),
    ] {
        assert_eq!(env[name], value, "{name}");
    }
    // The settings as deployed are ones firelog takes (the databases aside: they are the
    // layer's).
    let pairs: Vec<(&str, &str)> = [
        ("LOG_FORMAT", "nginx_main"),
        ("TRUSTED_PROXIES", "10.0.0.0/8,2001:db8::/32"),
        ("PARSE_USER_AGENT", "on"),
        ("ANONYMIZE_IP", "16,32"),
    ]
    .to_vec();
    assert!(support::settings::from_pairs(&pairs).is_ok());
    let refused = |set: &[(&str, &str)]| Stack::new(&raw, set).refused();
    for database in [("GeoIpDb", "/opt/GeoLite2-City.mmdb"), ("AsnDb", "/opt/GeoLite2-ASN.mmdb")] {
        let said = refused(&[database]);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("GeoIpDb and AsnDb name files of a Lambda layer"), "{said:?}");
        assert_eq!(refused(&[database, ENRICHED[1]]), Vec::<String>::new());
    }
    // TrustedProxies with a nickname that logs no X-Forwarded-For is refused.
    for format in ["combined", "common", "vhost_combined", "nginx_combined", "ingress_nginx"] {
        let said = refused(&[("TrustedProxies", "10.0.0.0/8"), ("LogFormat", format)]);
        assert_eq!(said.len(), 1, "{format}: {said:?}");
        assert!(said[0].starts_with("TrustedProxies walks the X-Forwarded-For list"), "{said:?}");
    }
    assert_eq!(
        refused(&[("TrustedProxies", "10.0.0.0/8"), ("LogFormat", "nginx_main")]),
        Vec::<String>::new()
    );
}

/// The template as CloudFormation would deploy it with its parameters' defaults but `set`:
/// each parameter's `!Ref` replaced by its value, each `!If` decided, each
/// `!Ref AWS::NoValue` left out, and the resources whose Condition is false removed.
/// Other intrinsics (`!Ref` of a resource, `!GetAtt`, `!Sub`) stay as written.
fn deployed(template: &Value, set: &[(&str, &str)]) -> Value {
    let stack = Stack::new(template, set);
    let mut out = stack.decide(template).expect("a template");
    out["Resources"]
        .as_mapping_mut()
        .unwrap()
        .retain(|_, r| r.get("Condition").and_then(Value::as_str).is_none_or(|c| stack.holds(c)));
    out
}

/// A template and its parameters' values.
struct Stack<'a> {
    template: &'a Value,
    parameters: BTreeMap<String, String>,
}

impl<'a> Stack<'a> {
    fn new(template: &'a Value, set: &[(&str, &str)]) -> Self {
        let mut parameters = BTreeMap::new();
        for (name, p) in template["Parameters"].as_mapping().unwrap() {
            let default = match &p["Default"] {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => panic!("{name:?} has a Default of {other:?}"),
            };
            parameters.insert(name.as_str().unwrap().to_string(), default);
        }
        for (name, value) in set {
            assert!(parameters.contains_key(*name), "no parameter {name}");
            parameters.insert(name.to_string(), value.to_string());
        }
        Stack { template, parameters }
    }

    /// The text of a literal, or of a parameter's `!Ref`.
    fn text(&self, v: &Value) -> String {
        match v {
            Value::Tagged(t) if t.tag == "Ref" => self.parameters[t.value.as_str().unwrap()].clone(),
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => panic!("not a string: {other:?}"),
        }
    }

    /// Whether the condition `name` holds.
    fn holds(&self, name: &str) -> bool {
        let condition = &self.template["Conditions"][name];
        assert!(!condition.is_null(), "no condition {name}");
        self.truth(condition)
    }

    /// A condition function's value, or a rule function's (`!Contains`).
    fn truth(&self, v: &Value) -> bool {
        let Value::Tagged(t) = v else { panic!("not a condition: {v:?}") };
        let args = || t.value.as_sequence().unwrap_or_else(|| panic!("{} takes a list", t.tag));
        match t.tag.to_string().trim_start_matches('!') {
            "Equals" => self.text(&args()[0]) == self.text(&args()[1]),
            "Not" => !self.truth(&args()[0]),
            "And" => args().iter().all(|c| self.truth(c)),
            "Or" => args().iter().any(|c| self.truth(c)),
            "Condition" => self.holds(t.value.as_str().unwrap()),
            "Contains" => {
                let value = self.text(&args()[1]);
                args()[0].as_sequence().unwrap().iter().any(|v| self.text(v) == value)
            }
            other => panic!("{other} is a function this test does not evaluate"),
        }
    }

    /// The AssertDescription of each assertion of the template's Rules that fails.
    fn refused(&self) -> Vec<String> {
        let mut said = Vec::new();
        for (_, rule) in self.template["Rules"].as_mapping().unwrap() {
            if rule.get("RuleCondition").is_some_and(|c| !self.truth(c)) {
                continue;
            }
            for a in rule["Assertions"].as_sequence().unwrap() {
                if !self.truth(&a["Assert"]) {
                    said.push(a["AssertDescription"].as_str().unwrap().to_string());
                }
            }
        }
        said
    }

    /// `v` as deployed; `None`: left out.
    fn decide(&self, v: &Value) -> Option<Value> {
        match v {
            v if v.is_tagged_no_value() => None,
            Value::Tagged(t) if t.tag == "If" => {
                let branches = t.value.as_sequence().unwrap();
                let pick =
                    if self.holds(branches[0].as_str().unwrap()) { &branches[1] } else { &branches[2] };
                self.decide(pick)
            }
            Value::Tagged(t) if t.tag == "Ref" && self.parameters.contains_key(t.value.as_str().unwrap()) => {
                Some(Value::from(self.text(v)))
            }
            Value::Sequence(list) => {
                Some(Value::Sequence(list.iter().filter_map(|x| self.decide(x)).collect()))
            }
            Value::Mapping(map) => Some(Value::Mapping(
                map.iter().filter_map(|(k, x)| Some((k.clone(), self.decide(x)?))).collect(),
            )),
            other => Some(other.clone()),
        }
    }
}

trait NoValue {
    fn is_tagged_no_value(&self) -> bool;
}

impl NoValue for Value {
    /// `!Ref AWS::NoValue`: the element is left out.
    fn is_tagged_no_value(&self) -> bool {
        matches!(self, Value::Tagged(t) if t.tag == "Ref" && t.value == "AWS::NoValue")
    }
}

/// What `sam build` made (scripts/test runs it first and names its folder in
/// `FIRELOG_SAM_BUILD`): the Lambda's `bootstrap`, not the CLI, for the template's
/// default architecture (arm64: ELF machine 0xB7).
#[test]
fn sam_build_made_the_lambda_bootstrap_for_the_template_architecture() {
    let Some(dir) = std::env::var_os("FIRELOG_SAM_BUILD").map(PathBuf::from) else {
        assert!(
            std::env::var_os("FIRELOG_REQUIRE_E2E").is_none(),
            "FIRELOG_SAM_BUILD is not set: run scripts/test"
        );
        eprintln!("SKIPPED: FIRELOG_SAM_BUILD is not set (scripts/test runs sam build and sets it)");
        return;
    };
    let bootstrap =
        std::fs::read(dir.join("FirelogFunction/bootstrap")).expect("sam build wrote the bootstrap");
    assert_eq!(&bootstrap[..4], b"\x7fELF");
    assert_eq!(u16::from_le_bytes([bootstrap[18], bootstrap[19]]), 0xB7, "aarch64");
    assert_eq!(yaml("template.yaml")["Parameters"]["Architecture"]["Default"], "arm64");
    // The Lambda runtime's variable is in the Lambda, never in the CLI.
    let has = |needle: &[u8]| bootstrap.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"AWS_LAMBDA_RUNTIME_API"));
    let built: Value =
        serde_yaml::from_str(&std::fs::read_to_string(dir.join("template.yaml")).unwrap()).unwrap();
    assert_eq!(built["Resources"]["FirelogFunction"]["Properties"]["CodeUri"], "FirelogFunction");
}
