//! `LOG_FORMAT` naming several formats (issue 25, "several formats"): each line is read by
//! the first member that reads it, into the object that member alone writes; the schema
//! is the union of the members' keys, and a key with two types is refused at start-up;
//! `firelog detect` proposes a list for a mixed sample. The property: a list of one
//! writes what the format alone writes.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use firelog::access_log::{Captures, Format, Formats};
use proptest::prelude::*;
use support::root;
use support::settings::from_pairs;

/// The JSON Lines the settings' transformer writes for `lines`, or the first line's error.
fn written(log_format: &str, lines: &str) -> Result<String, String> {
    written_with(&[("LOG_FORMAT", log_format)], lines)
}

/// [`written`] under any settings.
fn written_with(vars: &[(&str, &str)], lines: &str) -> Result<String, String> {
    let settings = from_pairs(vars)?;
    let mut transformer = settings.transformer();
    let mut out = Vec::new();
    for (i, line) in lines.lines().enumerate() {
        transformer.line(line.as_bytes(), i + 1, &mut out).map_err(|e| e.to_string())?;
    }
    Ok(String::from_utf8(out).expect("UTF-8"))
}

fn testdata(path: &str) -> String {
    std::fs::read_to_string(root().join("testdata").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn firelog(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firelog"));
    cmd.args(args).current_dir(root());
    for variable in firelog::settings::VARIABLES {
        cmd.env_remove(variable.name);
    }
    cmd.envs(env.iter().copied());
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("firelog runs");
    child.stdin.take().unwrap().write_all(b"").unwrap();
    child.wait_with_output().unwrap()
}

const TEXT_LIST: &str = "%h %l %u %t \"%r\" %>s %b\n$remote_addr [$time_local] $status $request_time";

#[test]
fn each_members_lines_write_the_object_that_member_alone_writes() {
    let combined = testdata("lines/combined.log");
    let caddy = testdata("json/caddy.log");
    let nginx_main = testdata("lines/nginx_main.log");
    let cases: &[(&str, &str, &str)] = &[
        // (list, lines, the member that reads them)
        ("caddy,combined", &combined, "combined"),
        ("caddy,combined", &caddy, "caddy"),
        ("combined,caddy", &caddy, "caddy"),
        ("nginx_main,caddy,combined", &nginx_main, "nginx_main"),
        ("nginx_main,caddy,combined", &caddy, "caddy"),
    ];
    for (list, lines, member) in cases {
        assert_eq!(written(list, lines), written(member, lines), "{list} on {member}'s lines");
    }
    // The exact objects of a list of format strings, one a line.
    let lines = "10.0.0.1 [10/Oct/2000:13:55:36 -0700] 200 0.034\n\
                 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5";
    assert_eq!(
        written(TEXT_LIST, lines).unwrap(),
        concat!(
            r#"{"host":"10.0.0.1","timestamp":"2000-10-10T20:55:36Z","status":200,"request_time":0.034}"#,
            "\n",
            r#"{"host":"1.2.3.4","ident":null,"user":null,"timestamp":"2000-10-10T20:55:36Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":5,"referer":null,"user_agent":null}"#,
            "\n",
        )
    );
    // The caddy line's object is the one its documented expectation holds.
    let expected = testdata("json/caddy.expected.jsonl");
    let got: serde_json::Value = serde_json::from_str(&written("combined,caddy", &caddy).unwrap()).unwrap();
    let want: serde_json::Value = serde_json::from_str(&expected).unwrap();
    assert_eq!(got, want);
}

/// Enrichment is compiled for each member (it reads its fields by their slots): each
/// member's lines are enriched as under that member alone. A setting needs its field in
/// one member: TRUSTED_PROXIES needs a forwarded-for list, which nginx_main logs and
/// combined does not.
#[test]
fn each_members_lines_are_enriched_as_under_that_member_alone() {
    let list = "nginx_main,combined";
    for (member, file) in [("nginx_main", "lines/nginx_main.log"), ("combined", "lines/combined.log")] {
        let lines = testdata(file);
        let with = |format| written_with(&[("LOG_FORMAT", format), ("PARSE_USER_AGENT", "on")], &lines);
        assert_eq!(with(list), with(member), "{member}'s lines");
    }
    let proxies = |format| from_pairs(&[("LOG_FORMAT", format), ("TRUSTED_PROXIES", "10.0.0.0/8")]);
    assert!(proxies(list).is_ok());
    assert!(proxies("combined").is_err());
}

#[test]
fn a_line_no_member_reads_fails_with_the_error_of_the_member_that_got_furthest() {
    let line = testdata("lines/combined.log").lines().next().unwrap().to_string();
    // common reads up to the referer (column 86); vhost_combined stops at the first field.
    assert_eq!(
        written("common,vhost_combined", &line).unwrap_err(),
        r#"line 1: unexpected text after the last field at column 86: found " \"http://www.exa..." (the line reads as LOG_FORMAT=combined)"#
    );
}

#[test]
fn the_schema_is_the_union_of_the_members_keys() {
    let out = firelog(&["schema", "--glue"], &[("LOG_FORMAT", TEXT_LIST)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let columns: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = columns.iter().map(|c| c["Name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "host",
            "ident",
            "user",
            "timestamp",
            "method",
            "path",
            "protocol",
            "request",
            "status",
            "bytes",
            "referer",
            "user_agent",
            "request_time",
            "log_group",
            "log_stream",
            "envelope"
        ]
    );
    assert_eq!(columns[12]["Type"], "double");
}

#[test]
fn a_key_with_two_types_across_the_list_is_refused_naming_both() {
    assert_eq!(
        from_pairs(&[("LOG_FORMAT", "caddy\n%h %T")]).unwrap_err(),
        r#"LOG_FORMAT="caddy\n%h %T" is not allowed: the key "duration_s" is double in the 1st format and bigint in the 2nd; a list's formats must write each key with one type"#
    );
}

/// The exact objects of one combined line and one Caddy line under `combined,caddy`
/// with each profile: each is the one its member alone writes under that profile.
const OTEL_COMBINED: &str = r#"{"client.address":"127.0.0.1","apache.ident":null,"user.name":"frank","timestamp":"2000-10-10T20:55:36Z","http.request.method":"GET","url.path":"/apache_pb.gif","url.query":null,"network.protocol.version":"1.0","apache.request":"GET /apache_pb.gif HTTP/1.0","http.response.status_code":200,"http.response.body.size":2326,"http.request.header.referer":["http://www.example.com/start.html"],"user_agent.original":"Mozilla/4.08 [en] (Win98; I ;Nav)"}"#;
const OTEL_CADDY: &str = r#"{"caddy.level":"info","timestamp":"2022-03-09T21:30:01.524102400Z","caddy.logger":"http.log.access","caddy.msg":"handled request","client.address":"127.0.0.1","client.port":41342,"caddy.client_ip":"127.0.0.1","network.protocol.version":"2.0","http.request.method":"GET","url.domain":"localhost","url.path":"/","user_agent.original":"curl/7.82.0","http.request.header.referer":null,"caddy.tls_resumed":"false","caddy.tls_version":772,"caddy.tls_cipher_suite":4865,"caddy.tls_proto":"h2","tls.client.server_name":"example.com","http.request.body.size":0,"user.name":"","caddy.duration_s":0.000929675,"http.response.body.size":10900,"http.response.status_code":200,"caddy.response_content_type":"text/html; charset=utf-8"}"#;
const ECS_COMBINED: &str = r#"{"source":{"address":"127.0.0.1"},"apache":{"access":{"identity":null,"request":"GET /apache_pb.gif HTTP/1.0"}},"user":{"name":"frank"},"@timestamp":"2000-10-10T20:55:36Z","http":{"request":{"method":"GET","referrer":"http://www.example.com/start.html"},"version":"1.0","response":{"status_code":200,"body":{"bytes":2326}}},"url":{"original":"/apache_pb.gif","path":"/apache_pb.gif","query":null},"user_agent":{"original":"Mozilla/4.08 [en] (Win98; I ;Nav)"}}"#;
const ECS_CADDY: &str = r#"{"caddy":{"access":{"level":"info","logger":"http.log.access","msg":"handled request","tls_resumed":"false","tls_version":772,"tls_cipher_suite":4865,"tls_proto":"h2","response_content_type":"text/html; charset=utf-8"}},"@timestamp":"2022-03-09T21:30:01.524102400Z","source":{"address":"127.0.0.1","port":41342},"client":{"address":"127.0.0.1"},"http":{"version":"2.0","request":{"method":"GET","referrer":null,"body":{"bytes":0}},"response":{"body":{"bytes":10900},"status_code":200}},"url":{"domain":"localhost","path":"/"},"user_agent":{"original":"curl/7.82.0"},"tls":{"client":{"server_name":"example.com"}},"user":{"name":""},"event":{"duration":929675}}"#;

/// Under a profile (`SCHEMA=ecs|otel`) each member has its own, compiled for its columns:
/// a line is written under the profile of the member that read it, exactly as under
/// that member alone; a line no member reads is kept (`ON_BAD_LINE=keep`) under the
/// profile's names for it.
#[test]
fn under_a_profile_each_members_lines_write_what_that_member_alone_writes() {
    let combined = testdata("lines/combined.log");
    let caddy = testdata("json/caddy.log");
    let nginx_main = testdata("lines/nginx_main.log");
    let envelopes = testdata("json/envelopes.jsonl");
    for schema in ["ecs", "otel"] {
        let under =
            |format: &str, lines: &str| written_with(&[("LOG_FORMAT", format), ("SCHEMA", schema)], lines);
        for (list, lines, member) in [
            ("caddy,combined", &combined, "combined"),
            ("combined,caddy", &caddy, "caddy"),
            ("nginx_main,caddy,combined", &nginx_main, "nginx_main"),
            ("nginx_main,caddy,combined", &caddy, "caddy"),
            // Lines inside shippers' envelopes: the envelope's fields under the member's name.
            ("caddy,combined", &envelopes, "combined"),
        ] {
            let alone = under(member, lines);
            assert!(alone.is_ok(), "{schema} {member}: {alone:?}");
            assert_eq!(under(list, lines), alone, "{schema} {list} on {member}'s lines");
        }
        // With enrichment, each member's profile names enrichment's keys too.
        let enriched = |format: &str| {
            written_with(
                &[("LOG_FORMAT", format), ("SCHEMA", schema), ("PARSE_USER_AGENT", "on")],
                &nginx_main,
            )
        };
        assert_eq!(enriched("caddy,nginx_main"), enriched("nginx_main"), "{schema} enriched");
    }
    let two = format!("{}\n{}\n", combined.lines().next().unwrap(), caddy.lines().next().unwrap());
    let under = |schema| written_with(&[("LOG_FORMAT", "combined,caddy"), ("SCHEMA", schema)], &two).unwrap();
    assert_eq!(under("otel"), format!("{OTEL_COMBINED}\n{OTEL_CADDY}\n"));
    assert_eq!(under("ecs"), format!("{ECS_COMBINED}\n{ECS_CADDY}\n"));
    // A line no member reads, kept: the profile's names for a kept line.
    let keep = [("LOG_FORMAT", "combined,caddy"), ("SCHEMA", "otel"), ("ON_BAD_LINE", "keep")];
    let mut kept = Vec::new();
    assert!(from_pairs(&keep).unwrap().transformer().line(b"x", 1, &mut kept).is_err());
    assert_eq!(
        String::from_utf8(kept).unwrap(),
        "{\"log.record.original\":\"x\",\"error.message\":\"line 1: invalid ident (%l) at column 2: the line ends\"}\n"
    );
}

/// The keys of each object of `lines` (JSON Lines) are columns of `columns`, each value
/// of its column's JSON type (nested ECS objects read as dotted keys).
fn keys_are_columns(columns: &[firelog::output::Column], lines: &str) {
    // A nested object is a column's (a map) or holds columns (ECS's nesting).
    fn flatten(
        columns: &[firelog::output::Column],
        prefix: &str,
        value: &serde_json::Value,
        out: &mut Vec<(String, serde_json::Value)>,
    ) {
        match value.as_object() {
            Some(map) if !columns.iter().any(|c| c.name == prefix) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    flatten(columns, &key, v, out);
                }
            }
            _ => out.push((prefix.to_string(), value.clone())),
        }
    }
    for line in lines.lines() {
        let mut members = Vec::new();
        flatten(columns, "", &serde_json::from_str(line).unwrap(), &mut members);
        for (key, value) in members {
            let column = columns.iter().find(|c| c.name == key);
            let column = column.unwrap_or_else(|| panic!("{key} is no column: {line}"));
            use firelog::output::ColumnType::*;
            let fits = match (&value, column.ty) {
                (serde_json::Value::Null, _) => true,
                (serde_json::Value::String(_), String | Timestamp) => true,
                (serde_json::Value::Number(n), Int | BigInt) => n.is_u64() || n.is_i64(),
                (serde_json::Value::Number(_), Double) => true,
                (serde_json::Value::Array(_), Strings) => true,
                (serde_json::Value::Bool(_), Boolean) => true,
                (serde_json::Value::Object(_), Map) => true,
                _ => false,
            };
            assert!(fits, "{key}: {value} is not {:?}", column.ty);
        }
    }
}

/// Under a profile the table is the union of the members' profiles' columns: the fields
/// first (the first member's, then each a later one adds), then `extra`'s, the CloudWatch
/// Logs keys, each member's envelope key; every object written has only those keys.
#[test]
fn under_a_profile_the_schema_is_the_union_of_the_members_profiles_columns() {
    let out = firelog(&["schema", "--glue"], &[("LOG_FORMAT", "combined,caddy"), ("SCHEMA", "otel")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let columns: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = columns.iter().map(|c| c["Name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "client_address",
            "apache_ident",
            "user_name",
            "timestamp",
            "http_request_method",
            "url_path",
            "url_query",
            "network_protocol_version",
            "apache_request",
            "http_response_status_code",
            "http_response_body_size",
            "http_request_header_referer",
            "user_agent_original",
            "caddy_level",
            "caddy_logger",
            "caddy_msg",
            "client_port",
            "caddy_client_ip",
            "url_domain",
            "caddy_tls_resumed",
            "caddy_tls_version",
            "caddy_tls_cipher_suite",
            "caddy_tls_proto",
            "tls_client_server_name",
            "http_request_body_size",
            "caddy_duration_s",
            "caddy_response_content_type",
            "apache_extra",
            "aws_log_group_names",
            "aws_log_stream_names",
            "apache_envelope",
            "caddy_envelope"
        ]
    );
    let lines = format!(
        "{}{}{}",
        testdata("lines/combined.log"),
        testdata("json/caddy.log"),
        testdata("json/envelopes.jsonl")
    );
    for schema in ["ecs", "otel"] {
        let settings = from_pairs(&[("LOG_FORMAT", "combined,caddy"), ("SCHEMA", schema)]).unwrap();
        let union = settings.transformer().columns().to_vec();
        let written = written_with(&[("LOG_FORMAT", "combined,caddy"), ("SCHEMA", schema)], &lines).unwrap();
        keys_are_columns(&union, &written);
        // Each member's own columns are in the union.
        for member in ["combined", "caddy"] {
            let alone = from_pairs(&[("LOG_FORMAT", member), ("SCHEMA", schema)]).unwrap();
            for column in alone.transformer().columns() {
                assert!(union.contains(column), "{schema} {member}: {column:?}");
            }
        }
    }
}

/// Two names a profile gives two types across the list cannot share a table: refused at
/// start-up, naming the key and both formats (OTel's `client.address` is a JSON
/// mapping's `remote_ip`, made a number, and Apache's `%a`, `client_ip`, a string).
#[test]
fn under_a_profile_a_name_with_two_types_across_the_list_is_refused() {
    let list = "json:status=s,remote_ip:integer=a\n%a %>s";
    assert!(from_pairs(&[("LOG_FORMAT", list)]).is_ok());
    assert_eq!(
        from_pairs(&[("LOG_FORMAT", list), ("SCHEMA", "otel")]).unwrap_err(),
        r#"SCHEMA="otel" is not allowed: the key "client.address" is bigint in the 1st format and string in the 2nd; a list's formats must write each key with one type"#
    );
}

/// With an Iceberg table, a list's every row has every column of the union (each
/// member's fields, every enrichment key, `extra`, the CloudWatch Logs keys, `envelope`),
/// null where the line's member has no such key; `firelog schema`, the stack's table
/// (`schema::columns`) and the transformer's columns are that union.
#[test]
fn an_iceberg_row_of_a_list_has_every_column_of_the_union() {
    let vars = [("LOG_FORMAT", "combined,caddy"), ("ICEBERG_DATABASE", "d"), ("ICEBERG_TABLE", "t")];
    let settings = from_pairs(&vars).unwrap();
    let columns = settings.transformer().columns().to_vec();
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let table = firelog::schema::columns(&settings, firelog::schema::Storage::Iceberg).unwrap();
    assert_eq!(table, columns);
    let combined = testdata("lines/combined.log");
    let lines = format!("{combined}{}{}", testdata("json/caddy.log"), testdata("json/envelopes.jsonl"));
    let written = written_with(&vars, &lines).unwrap();
    for row in written.lines() {
        let mut keys = support::schema::keys(row.as_bytes()).unwrap();
        keys.sort();
        let mut want = names.clone();
        want.sort();
        assert_eq!(keys, want, "{row}");
    }
    keys_are_columns(&columns, &written);
    // A row is its member's own row with the union's keys it lacks added, null, before
    // `envelope`.
    let first = written.lines().next().unwrap();
    assert_eq!(
        first,
        written_with(&[("LOG_FORMAT", "combined"), vars[1], vars[2]], combined.lines().next().unwrap())
            .unwrap()
            .trim_end()
            .replace(",\"envelope\":null}", &format!(",{},\"envelope\":null}}", caddy_only_nulls(&names)))
    );
    let caddy_row = written.lines().nth(combined.lines().count()).unwrap();
    assert!(
        caddy_row
            .ends_with(r#""log_group":null,"log_stream":null,"ident":null,"request":null,"envelope":null}"#),
        "{caddy_row}"
    );
    // The CLI prints the same union.
    let out = firelog(&["schema", "--glue"], &vars);
    let glue: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let glue: Vec<&str> = glue.iter().map(|c| c["Name"].as_str().unwrap()).collect();
    assert_eq!(glue, names);
}

/// `"key":null` for each of caddy's keys that combined lacks, in the union's order.
fn caddy_only_nulls(names: &[&str]) -> String {
    let combined =
        from_pairs(&[("LOG_FORMAT", "combined"), ("ICEBERG_DATABASE", "d"), ("ICEBERG_TABLE", "t")]).unwrap();
    let own: Vec<String> = combined.transformer().columns().iter().map(|c| c.name.clone()).collect();
    names
        .iter()
        .filter(|n| !own.iter().any(|o| o == *n))
        .map(|n| format!("\"{n}\":null"))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn commas_make_a_list_only_between_nicknames() {
    use firelog::access_log::list::split;
    assert_eq!(split("caddy, combined"), Some(vec!["caddy", "combined"]));
    assert_eq!(split("combined"), None);
    assert_eq!(split("json:host=a,status=b"), None);
    assert_eq!(split("%h,%t"), None);
    assert_eq!(split("combined\n\n%h %t\n"), Some(vec!["combined", "%h %t"]));
    assert_eq!(split("\ncombined\n"), None);
    // nginx's directive goes on over lines to its `;`: one format, or one member.
    let main = "log_format main '$remote_addr [$time_local] '\n    '$status';";
    assert_eq!(split(main), None);
    assert_eq!(split(&format!("combined\n{main}")), Some(vec!["combined", main]));
}

#[test]
fn detect_proposes_a_list_for_a_mixed_sample() {
    let out = firelog(&["detect", "testdata/lines/combined.log", "testdata/json/caddy.log"], &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.ends_with(
            "no one format reads every line; a list of caddy, combined reads 11 of 11:\nLOG_FORMAT='caddy,combined'\n"
        ),
        "{stdout}"
    );
    assert!(out.status.success());
}

/// The lines the property mutates: every documented line of the text formats.
fn sample_lines() -> Vec<String> {
    ["combined", "vhost_combined", "nginx_main", "ingress_nginx", "apache_ssl"]
        .iter()
        .flat_map(|name| {
            testdata(&format!("lines/{name}.log")).lines().map(str::to_string).collect::<Vec<_>>()
        })
        .chain(testdata("json/caddy.log").lines().map(str::to_string))
        .collect()
}

const NICKNAMES: [&str; 9] = [
    "combined",
    "common",
    "vhost_combined",
    "nginx_combined",
    "nginx_main",
    "ingress_nginx",
    "caddy",
    "traefik_json",
    "envoy_json",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A list of one writes what the format alone writes: the same object, or the same
    /// error (hint included), on documented lines and on mutated ones; and `LOG_FORMAT`
    /// with the format alone on a line of its own is that format.
    #[test]
    fn a_list_of_one_writes_what_the_format_alone_writes(
        nickname in 0..NICKNAMES.len(),
        line in 0..1000usize,
        cut in 0..400usize,
        byte in any::<u8>(),
        at in 0..400usize,
    ) {
        let lines = sample_lines();
        let mut line = lines[line % lines.len()].clone().into_bytes();
        if cut % 3 == 0 {
            line.truncate(cut.min(line.len()));
        } else if !line.is_empty() && byte != b'\n' {
            let i = at % line.len();
            line[i] = byte;
        }
        let format = Format::new(NICKNAMES[nickname]).unwrap();
        let list = Formats::from(format.clone());
        let (mut a, mut b) = (Captures::default(), Captures::default());
        let alone = format.parse(&line, &mut a).map(|e| object(&e, &line));
        let listed = list.parse(&line, &mut b).map(|e| object(&e, &line));
        prop_assert_eq!(alone, listed);
        let text = String::from_utf8_lossy(&line).into_owned();
        let one_a_line = format!("\n{}\n", NICKNAMES[nickname]);
        prop_assert_eq!(written(NICKNAMES[nickname], &text), written(&one_a_line, &text));
    }
}

fn object(entry: &firelog::access_log::Entry<'_>, line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    firelog::output::write_line(&mut out, entry, line, None);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A list of two writes, for any line (documented, inside a shipper's envelope, or
    /// mutated), what one of its members alone writes: the one that alone reads it when
    /// only one does; when neither does, the list fails too. Under every profile.
    #[test]
    fn a_list_of_two_writes_what_the_member_that_reads_the_line_writes(
        first in 0..NICKNAMES.len(),
        second in 0..NICKNAMES.len(),
        schema in 0..3usize,
        line in 0..1000usize,
        cut in 0..400usize,
        byte in any::<u8>(),
        at in 0..400usize,
    ) {
        prop_assume!(first != second);
        let mut lines = sample_lines();
        lines.extend(testdata("json/envelopes.jsonl").lines().map(str::to_string));
        let mut line = lines[line % lines.len()].clone().into_bytes();
        if cut % 3 == 0 {
            line.truncate(cut.min(line.len()));
        } else if !line.is_empty() && byte != b'\n' && byte != b'\r' {
            let i = at % line.len();
            line[i] = byte;
        }
        let text = String::from_utf8_lossy(&line).into_owned();
        prop_assume!(text.lines().count() == 1);
        let schema = ["firelog", "ecs", "otel"][schema];
        let (a, b) = (NICKNAMES[first], NICKNAMES[second]);
        let under = |format: &str| written_with(&[("LOG_FORMAT", format), ("SCHEMA", schema)], &text).ok();
        let list = format!("{a},{b}");
        // caddy's and traefik_json's `tls_version` have two types: that list is refused.
        prop_assume!(from_pairs(&[("LOG_FORMAT", list.as_str())]).is_ok());
        let (listed, by_a, by_b) = (under(&list), under(a), under(b));
        match (&by_a, &by_b) {
            (None, None) => prop_assert_eq!(listed, None),
            (Some(_), None) => prop_assert_eq!(listed, by_a),
            (None, Some(_)) => prop_assert_eq!(listed, by_b),
            (Some(_), Some(_)) => {
                prop_assert!(listed.is_some() && (listed == by_a || listed == by_b), "{list}: {listed:?}")
            }
        }
    }
}
