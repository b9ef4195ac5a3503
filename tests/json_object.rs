//! Properties of the JSON object reader and the shippers' envelopes: any object built
//! from keys and values, in any order and with any whitespace, reads back to those values
//! by its paths (nested ones too); the reader and serde_json agree on which lines are JSON
//! objects, mutated ones included; an envelope around any line gives the line back exactly.

use firelog::json_object::{self, Kind, Paths, Value};
use firelog::shipper;
use proptest::prelude::*;
use serde_json::Value as Json;

/// JSON's whitespace, some of the time.
fn ws() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(vec![" ", "\t", "\n", "\r"]), 0..2)
        .prop_map(|w| w.concat())
}

/// Text with the characters that need escapes and some that do not.
fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[ -~]{0,12}", "[a-z\"\\\\/\u{0}-\u{1f}\u{7f}\u{e9}\u{1f600}\u{2028}]{0,8}", any::<String>(),]
}

fn leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        text().prop_map(Json::String),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        // Floats serde_json reads back exactly (its default parser may be a bit off on others).
        any::<i16>().prop_map(|i| Json::from(f64::from(i) / 8.0)),
        Just(Json::from(1.5e300)),
        any::<bool>().prop_map(Json::Bool),
        Just(Json::Null),
    ]
}

fn value() -> impl Strategy<Value = Json> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            proptest::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// Writes `value` with `spaces` between its tokens (serde_json's own text for the leaves).
fn write(value: &Json, spaces: &mut impl Iterator<Item = String>, out: &mut String) {
    fn space(spaces: &mut impl Iterator<Item = String>, out: &mut String) {
        out.push_str(&spaces.next().unwrap_or_default());
    }
    match value {
        Json::Object(map) => {
            out.push('{');
            for (n, (k, v)) in map.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                space(spaces, out);
                out.push_str(&serde_json::to_string(k).unwrap());
                space(spaces, out);
                out.push(':');
                space(spaces, out);
                write(v, spaces, out);
                space(spaces, out);
            }
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (n, v) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                space(spaces, out);
                write(v, spaces, out);
                space(spaces, out);
            }
            out.push(']');
        }
        leaf => out.push_str(&serde_json::to_string(leaf).unwrap()),
    }
}

/// A path's key, `.` and `\` escaped.
fn path_key(key: &str) -> String {
    key.replace('\\', "\\\\").replace('.', "\\.")
}

/// Whether `value`, read from `line`, is `want`.
fn same(line: &[u8], value: &Value, want: &Json) -> Result<(), TestCaseError> {
    let bytes = value.bytes(line);
    match (value.kind, want) {
        (Kind::String { .. }, Json::String(s)) => {
            let mut text = Vec::new();
            value.unescape_into(line, &mut text);
            prop_assert_eq!(text, s.as_bytes());
            let mut written = b"\"".to_vec();
            value.write_str_body(line, &mut written);
            written.push(b'"');
            let back = serde_json::from_slice::<String>(&written).ok();
            prop_assert_eq!(back.as_ref(), Some(s));
        }
        (Kind::Number, Json::Number(_))
        | (Kind::True, Json::Bool(true))
        | (Kind::False, Json::Bool(false))
        | (Kind::Null, Json::Null)
        | (Kind::Object, Json::Object(_))
        | (Kind::Array, Json::Array(_)) => {
            let back = serde_json::from_slice::<Json>(bytes).ok();
            prop_assert_eq!(back.as_ref(), Some(want));
        }
        (kind, want) => prop_assert!(false, "{kind:?} for {want}"),
    }
    Ok(())
}

/// Top-level members, nested objects' members (by their key), and the line.
type Generated = (Vec<(String, Json)>, Vec<(String, Vec<(String, Json)>)>, String);

/// An object of distinct keys (some with dots, some nested one level) and a line of it.
fn object_and_line() -> impl Strategy<Value = Generated> {
    let key = prop_oneof!["[a-zA-Z_-]{1,8}", "[a-z.\\\\\u{e9}\"]{1,4}"];
    (
        proptest::collection::btree_map(key.clone(), value(), 0..8),
        proptest::collection::btree_map(
            "[A-Z]{1,3}",
            proptest::collection::btree_map(key, value(), 0..4),
            0..3,
        ),
        proptest::collection::vec(ws(), 200),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(top, nested, spaces, shuffle)| {
            let mut top: Vec<(String, Json)> = top.into_iter().collect();
            let nested: Vec<(String, Vec<(String, Json)>)> =
                nested.into_iter().map(|(k, m)| (k, m.into_iter().collect())).collect();
            // Any order: rotate the members.
            if !top.is_empty() {
                let at = shuffle.index(top.len());
                top.rotate_left(at);
            }
            let mut line = String::new();
            let mut spaces = spaces.into_iter();
            line.push_str(&spaces.next().unwrap_or_default());
            line.push('{');
            let members = top
                .iter()
                .cloned()
                .chain(nested.iter().map(|(k, m)| (k.clone(), Json::Object(m.iter().cloned().collect()))));
            for (n, (k, v)) in members.enumerate() {
                if n > 0 {
                    line.push(',');
                }
                line.push_str(&spaces.next().unwrap_or_default());
                line.push_str(&serde_json::to_string(&k).unwrap());
                line.push_str(&spaces.next().unwrap_or_default());
                line.push(':');
                write(&v, &mut spaces, &mut line);
            }
            line.push('}');
            line.push_str(&spaces.next().unwrap_or_default());
            (top, nested, line)
        })
        // Top-level keys and nested object keys are drawn apart, so never the same.
        .prop_filter("distinct", |(top, nested, _)| {
            nested.iter().all(|(k, _)| top.iter().all(|(t, _)| t != k))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn any_object_reads_back_to_its_values((top, nested, line) in object_and_line()) {
        let mut paths: Vec<String> = top.iter().map(|(k, _)| path_key(k)).collect();
        let mut want: Vec<&Json> = top.iter().map(|(_, v)| v).collect();
        for (outer, members) in &nested {
            for (k, v) in members {
                paths.push(format!("{}.{}", path_key(outer), path_key(k)));
                want.push(v);
            }
        }
        paths.push("absent.path".to_string());
        let compiled = Paths::new(&paths).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut out = vec![Value::default(); paths.len()];
        json_object::read(line.as_bytes(), &compiled, &mut out).map_err(|e| TestCaseError::fail(format!("{e}: {line}")))?;
        for (value, want) in out.iter().zip(&want) {
            same(line.as_bytes(), value, want)?;
        }
        prop_assert_eq!(out.last().map(|v| v.kind), Some(Kind::Absent));
        // The members, in order, are the line's.
        let mut keys = Vec::new();
        json_object::members(line.as_bytes(), |k, _| keys.push(k)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(keys.len(), top.len() + nested.len());
    }

    #[test]
    fn reader_and_serde_json_agree_on_mutated_lines(
        (_, _, line) in object_and_line(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, proptest::sample::select(b" {}[]:,\"\\/u0123456789.eE+-tfnlrx\xff\x01".to_vec())), 1..4),
    ) {
        let mut line = line.into_bytes();
        for (at, op, byte) in edits {
            let i = at.index(line.len() + 1);
            match op {
                0 if i < line.len() => line[i] = byte,
                1 => line.insert(i, byte),
                _ if i < line.len() => { line.remove(i); }
                _ => line.push(byte),
            }
        }
        let ours = json_object::members(&line, |_, _| ());
        let theirs = serde_json::from_slice::<serde_json::Map<String, Json>>(&line);
        let out_of_range = theirs.as_ref().err().is_some_and(|e| e.to_string().contains("out of range"));
        if std::str::from_utf8(&line).is_ok() && !out_of_range {
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?} {:?} {}", ours, theirs.err(), String::from_utf8_lossy(&line));
        } else if theirs.is_ok() {
            prop_assert!(ours.is_ok());
        }
    }

    #[test]
    fn an_envelope_gives_back_its_line(
        line in any::<String>().prop_filter("no newline at the end", |l| !l.ends_with('\n')),
        newline in proptest::sample::select(vec!["", "\n", "\r\n"]),
        key in proptest::sample::select(vec!["log", "message"]),
        fields in proptest::collection::btree_map("[a-z_]{1,12}", leaf(), 0..6),
        spaces in proptest::collection::vec(ws(), 40),
    ) {
        let fields: Vec<(String, Json)> = fields.into_iter().filter(|(k, _)| k != "log" && k != "message").collect();
        let mut spaces = spaces.into_iter();
        let mut record = String::from("{");
        let inner = format!("{line}{newline}");
        let at = fields.len() / 2;
        for (n, (k, v)) in fields.iter().map(|(k, v)| (k.as_str(), v.clone())).take(at)
            .chain([(key, Json::String(inner))])
            .chain(fields.iter().skip(at).map(|(k, v)| (k.as_str(), v.clone())))
            .enumerate()
        {
            if n > 0 {
                record.push(',');
            }
            record.push_str(&spaces.next().unwrap_or_default());
            record.push_str(&serde_json::to_string(k).unwrap());
            record.push(':');
            write(&v, &mut spaces, &mut record);
        }
        record.push('}');
        let mut buffers = shipper::Buffers::default();
        let envelope = shipper::read(record.as_bytes(), &mut buffers).ok_or_else(|| TestCaseError::fail(record.clone()))?;
        prop_assert_eq!(envelope.line, line.as_bytes());
        let mut out = Vec::new();
        envelope.write_fields(&mut out);
        let written: Json = serde_json::from_slice(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let want: Json = if fields.is_empty() {
            Json::Null
        } else {
            Json::Object(fields.iter().map(|(k, v)| {
                let text = match v {
                    Json::String(s) => Json::String(s.clone()),
                    Json::Null => Json::Null,
                    other => Json::String(other.to_string()),
                };
                (k.clone(), text)
            }).collect())
        };
        prop_assert_eq!(written, want);
    }
}
