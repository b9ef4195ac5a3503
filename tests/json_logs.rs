//! JSON access logs read by their keys: each nickname's documented lines to their exact
//! objects, a user's mapping, lines with keys in any order or missing, and lines that are
//! not JSON. The property: any object built from a mapping's keys, in any order, reads
//! back to its values.

mod support;

use firelog::Format;
use proptest::prelude::*;
use support::rows::json;

fn testdata(name: &str) -> String {
    let path = format!("{}/testdata/json/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn each_nicknames_documented_lines_write_their_exact_objects() {
    support::rows::check_files("json", &["caddy", "traefik_json", "envoy_json"]);
}

#[test]
fn a_mapping_reads_keys_in_any_order_and_missing_keys_are_null() {
    let format = Format::new(
        "json:timestamp=time,host=client.ip,method=req.method,path=req.uri,status=status,bytes=size,\
         user_agent=req.ua,duration_ms:integer=took,upstream:text=upstream.addr",
    )
    .unwrap();
    let table: &[(&str, &[u8], Result<&str, &str>)] = &[
        (
            "in the mapping's order",
            br#"{"time":"2024-05-01T10:00:00.5+02:00","client":{"ip":"203.0.113.7"},"req":{"method":"GET","uri":"/a?b=1","ua":"curl/8.5.0"},"status":200,"size":512,"took":12,"upstream":{"addr":"10.0.0.2:80"}}"#,
            Ok(r#"{"timestamp":"2024-05-01T08:00:00.500Z","host":"203.0.113.7","method":"GET","path":"/a?b=1","status":200,"bytes":512,"user_agent":"curl/8.5.0","duration_ms":12,"upstream":"10.0.0.2:80"}"#),
        ),
        (
            "in another order, with unknown keys, numbers as strings, and `-`",
            br#"{"extra":[1,2,{"x":null}],"size":"0","status":"404","took":"-","req":{"ua":"-","uri":"/missing","method":"HEAD"},"time":1714557600,"client":{"ip":"2001:db8::1"}}"#,
            Ok(r#"{"timestamp":"2024-05-01T10:00:00Z","host":"2001:db8::1","method":"HEAD","path":"/missing","status":404,"bytes":0,"user_agent":null,"duration_ms":null,"upstream":null}"#),
        ),
        (
            "escapes in strings are kept as JSON",
            br#"{"req":{"uri":"/a\/b\u00e9\"q","ua":"a\\b"}}"#,
            Ok(r#"{"timestamp":null,"host":null,"method":null,"path":"/a\/b\u00e9\"q","status":null,"bytes":null,"user_agent":"a\\b","duration_ms":null,"upstream":null}"#),
        ),
        ("an empty object", b"{}", Ok(r#"{"timestamp":null,"host":null,"method":null,"path":null,"status":null,"bytes":null,"user_agent":null,"duration_ms":null,"upstream":null}"#)),
        (
            "a status that is not one",
            br#"{"status":"OK"}"#,
            Err(r#"invalid status (LOG_FORMAT position 5) at column 12: found "OK\"}""#),
        ),
        (
            "a time that is not one",
            br#"{"time":"yesterday"}"#,
            Err(r#"invalid time (LOG_FORMAT position 1) at column 10: found "yesterday\"}""#),
        ),
        (
            "not JSON: an access-log line",
            br#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1"#,
            Err(r#"not a JSON object, expected '{' (a line is one JSON object) at column 1: found "127.0.0.1 - - [1..." (the line reads as LOG_FORMAT=common)"#),
        ),
        (
            "JSON cut short",
            br#"{"status":200,"req":{"uri":"/a""#,
            Err(r#"not a JSON object, expected ',' or '}' at column 32: the line ends"#),
        ),
    ];
    for (name, line, want) in table {
        assert_eq!(json(&format, line), want.map(str::to_string).map_err(str::to_string), "row: {name}");
    }
}

#[test]
fn a_bad_mapping_stops_the_start_naming_the_pair() {
    let table = [
        ("json:", "the mapping is empty"),
        ("json:status:integer=status", "`status` is a core key"),
        ("json:took:float=duration", "the type `float` is not one of text, integer, decimal, time"),
        ("json:a=x,a=y", "`a` is mapped twice"),
        ("json:a=x..y", "has an empty key"),
    ];
    for (text, want) in table {
        let err = support::settings::from_pairs(&[("LOG_FORMAT", text)]).unwrap_err();
        assert!(err.starts_with(&format!("LOG_FORMAT={text:?} is not allowed")), "{text}: {err}");
        assert!(err.contains(want), "{text}: {err}");
    }
}

/// A value of one of the mapping's types, as JSON, and the JSON firelog writes for it.
fn value() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        "[a-zA-Z0-9 /._-]{0,12}".prop_map(|s| {
            let json = serde_json::to_string(&s).unwrap();
            let out = if s == "-" { "null".to_string() } else { json.clone() };
            (json, out)
        }),
        any::<u32>().prop_map(|n| (n.to_string(), format!("\"{n}\""))),
        Just(("null".to_string(), "null".to_string())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Any object built from a mapping's keys, in any order, with any other keys, reads
    /// back to its values in the mapping's order.
    #[test]
    fn any_object_of_a_mappings_keys_reads_back_to_its_values(
        values in proptest::collection::vec(value(), 4),
        order in Just((0..4).collect::<Vec<usize>>()).prop_shuffle(),
        status in 100u16..600,
        noise in any::<bool>(),
    ) {
        let format = Format::new("json:a=x.a,b=b,c=x.y.c,d=d,status=s").unwrap();
        let paths = [("x", "a"), ("", "b"), ("x.y", "c"), ("", "d")];
        let mut members: Vec<String> = Vec::new();
        let mut nested: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for &i in &order {
            let (parent, key) = paths[i];
            let member = format!("\"{key}\":{}", values[i].0);
            if parent.is_empty() { members.push(member) } else { nested.entry(parent).or_default().push(member) }
        }
        let y = nested.remove("x.y").map(|m| format!("\"y\":{{{}}}", m.join(","))).unwrap_or_default();
        let mut x = nested.remove("x").unwrap_or_default();
        if !y.is_empty() { x.push(y) }
        members.push(format!("\"x\":{{{}}}", x.join(",")));
        members.push(format!("\"s\":{status}"));
        if noise { members.insert(0, r#""z":[{"a":1},"b",null]"#.to_string()) }
        let line = format!("{{{}}}", members.join(","));
        let want = format!(
            r#"{{"a":{},"b":{},"c":{},"d":{},"status":{status}}}"#,
            values[0].1, values[1].1, values[2].1, values[3].1
        );
        prop_assert_eq!(json(&format, line.as_bytes()), Ok(want), "{}", line);
    }
}

#[test]
fn a_shippers_envelope_around_a_json_logs_line_is_opened() {
    let caddy = testdata("caddy.log").lines().next().unwrap().to_string();
    let want = testdata("caddy.expected.jsonl").lines().next().unwrap().to_string();
    let wrapped = serde_json::json!({"container_id": "abc", "log": format!("{caddy}\n"), "source": "stdout"});
    let mut t = support::settings::from_pairs(&[("LOG_FORMAT", "caddy")]).unwrap().transformer();
    let mut out = Vec::new();
    t.line(wrapped.to_string().as_bytes(), 1, &mut out).unwrap();
    let envelope = r#","envelope":{"container_id":"abc","source":"stdout"}}"#;
    assert_eq!(String::from_utf8(out).unwrap(), format!("{}{envelope}\n", want.strip_suffix('}').unwrap()));
    // A JSON line with none of caddy's keys that is no envelope is read as it is.
    let mut out = Vec::new();
    t.line(br#"{"foo":1}"#, 1, &mut out).unwrap();
    let nulls = want.split(',').filter(|kv| kv.contains("\":")).count();
    assert_eq!(
        String::from_utf8_lossy(&out).matches(":null").count(),
        nulls,
        "{}",
        String::from_utf8_lossy(&out)
    );
}
