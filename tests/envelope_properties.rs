//! The property of shippers' envelopes: an envelope around any line reads as the line
//! does. A generated combined line (or a mutated one) that writes an object alone writes
//! the same object with the envelope's fields as its last key, `envelope`; a line that
//! fails alone fails in its envelope too, and is kept whole with `ON_BAD_LINE=keep`.

mod support;

use proptest::prelude::*;
use support::lines::{line, mutated};
use support::settings;

/// A scalar member's value as the record holds it, and as the envelope writes it.
fn scalar() -> impl Strategy<Value = (String, String)> {
    let text = |s: &str| serde_json::to_string(s).unwrap();
    prop_oneof![
        "[ -~é]{0,12}".prop_map(move |s| (text(&s), text(&s))),
        any::<i64>().prop_map(move |n| (n.to_string(), text(&n.to_string()))),
        any::<bool>().prop_map(move |b| (b.to_string(), text(&b.to_string()))),
        Just(("null".to_string(), "null".to_string())),
    ]
}

/// The envelope's other members: distinct keys (neither `log` nor `message`).
fn fields() -> impl Strategy<Value = Vec<(String, (String, String))>> {
    proptest::collection::btree_map("[a-z_]{1,12}", scalar(), 0..5)
        .prop_map(|members| members.into_iter().filter(|(k, _)| k != "log" && k != "message").collect())
}

/// `bytes` as the body of a JSON string, as a shipper writes it: `"`, `\` and control
/// bytes escaped, the rest (UTF-8, or not) as it is.
fn json_string(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b'"'];
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0..0x20 => out.extend_from_slice(format!("\\u{b:04x}").as_bytes()),
            _ => out.push(b),
        }
    }
    out.push(b'"');
    out
}

/// What one line writes through the per-line path, and whether it parsed.
fn write(vars: &[(&str, &str)], line: &[u8]) -> (Vec<u8>, bool) {
    let mut t = settings::from_pairs(vars).unwrap().transformer();
    let mut out = Vec::new();
    let parsed = t.line(line, 1, &mut out).is_ok();
    (out, parsed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_envelope_around_any_line_reads_as_the_line_does(
        l in prop_oneof![line(), mutated()],
        members in fields(),
        at in 0usize..6,
        key in prop_oneof![Just("log"), Just("message")],
        newline in prop_oneof![Just(&b""[..]), Just(&b"\n"[..]), Just(&b"\r\n"[..])],
    ) {
        let mut inner = l.clone();
        inner.extend_from_slice(newline);
        let mut record = b"{".to_vec();
        let at = at.min(members.len());
        let mut written = Vec::new();
        for (i, (k, (raw, _))) in members.iter().enumerate() {
            if i == at {
                record.extend_from_slice(format!("\"{key}\":").as_bytes());
                record.extend_from_slice(&json_string(&inner));
                record.push(b',');
            }
            written.push(format!("\"{k}\":{}", members[i].1.1));
            record.extend_from_slice(format!("\"{k}\":{raw},").as_bytes());
        }
        if at == members.len() {
            record.extend_from_slice(format!("\"{key}\":").as_bytes());
            record.extend_from_slice(&json_string(&inner));
        } else {
            record.pop();
        }
        record.push(b'}');
        let fields = if written.is_empty() { "null".to_string() } else { format!("{{{}}}", written.join(",")) };

        let (alone, parsed) = write(&[], &l);
        let (wrapped, wrapped_parsed) = write(&[], &record);
        prop_assert_eq!(parsed, wrapped_parsed, "{}", String::from_utf8_lossy(&record));
        if parsed {
            let mut want = alone[..alone.len() - 2].to_vec();
            want.extend_from_slice(format!(",\"envelope\":{fields}}}\n").as_bytes());
            prop_assert_eq!(String::from_utf8_lossy(&wrapped), String::from_utf8_lossy(&want));
        } else {
            // Kept as it came: the whole envelope.
            let (kept, _) = write(&[("ON_BAD_LINE", "keep")], &record);
            let mut want = b"{\"unparsed_line\":".to_vec();
            firelog::json::write_str(&mut want, &record, false);
            want.extend_from_slice(b",\"parse_error\":");
            prop_assert!(kept.starts_with(&want), "{}", String::from_utf8_lossy(&kept));
        }
    }
}
