//! Any bytes as a JSON line: no panic; the reader agrees with serde_json on which lines
//! are JSON objects (where serde_json can say: UTF-8 lines, numbers it can hold); every
//! path's value lies in the line, and a string's body writes as a JSON string that reads
//! back to the text it unescapes to. A template's dialects read every line strict JSON
//! reads, to the same values, and never panic on the others.
#![no_main]

use firelog::json_object::{self, Dialect, Kind, Paths, Value};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static PATHS: LazyLock<Paths> = LazyLock::new(|| {
    Paths::new(&["a", "b", "a.b", "request.method", "request.headers.User-Agent", r"a\.b", "log", "message"])
        .expect("paths")
});

fuzz_target!(|line: &[u8]| {
    let mut out = [Value::default(); 8];
    let read = json_object::read(line, &PATHS, &mut out);
    let members = json_object::members(line, |_, _| ());
    assert_eq!(read.is_ok(), members.is_ok());
    if line.len() <= 4096 {
        let theirs = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line);
        let out_of_range = theirs.as_ref().err().is_some_and(|e| e.to_string().contains("out of range"));
        if std::str::from_utf8(line).is_ok() && !out_of_range {
            assert_eq!(read.is_ok(), theirs.is_ok(), "{read:?} {:?}", theirs.err());
        } else if theirs.is_ok() {
            assert!(read.is_ok());
        }
    }
    for dialect in [Dialect::Template, Dialect::TemplateEscapes] {
        let paths = PATHS.clone().in_dialect(dialect);
        let mut theirs = [Value::default(); 8];
        let forgiving = json_object::read(line, &paths, &mut theirs);
        if read.is_ok() {
            assert!(forgiving.is_ok() && theirs == out, "{dialect:?}: {forgiving:?}");
        }
        if forgiving.is_ok() {
            assert!(theirs.iter().all(|v| v.start <= v.end && v.end <= line.len()));
        }
    }
    if read.is_err() {
        return;
    }
    for value in out {
        assert!(value.start <= value.end && value.end <= line.len());
        let first = value.first_element(line);
        assert!(first.kind == Kind::Absent || (value.start < first.start && first.end < value.end));
        if let Kind::String { utf8, .. } = value.kind {
            let mut written = b"\"".to_vec();
            value.write_str_body(line, &mut written);
            written.push(b'"');
            let text: String = serde_json::from_slice(&written).expect("written as JSON");
            let mut unescaped = Vec::new();
            value.unescape_into(line, &mut unescaped);
            if utf8 {
                assert_eq!(text.as_bytes(), unescaped);
            }
        }
    }
});
