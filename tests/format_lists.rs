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

#[test]
fn a_list_with_iceberg_table_or_a_profile_is_refused_naming_both_variables() {
    let iceberg =
        from_pairs(&[("LOG_FORMAT", "combined,caddy"), ("ICEBERG_TABLE", "t"), ("ICEBERG_DATABASE", "d")]);
    assert!(iceberg.unwrap_err().contains("ICEBERG_TABLE"));
    let ecs = from_pairs(&[("LOG_FORMAT", "combined,caddy"), ("SCHEMA", "ecs")]).unwrap_err();
    assert!(ecs.starts_with(r#"LOG_FORMAT="combined,caddy" is not allowed: one format when SCHEMA is set"#));
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
