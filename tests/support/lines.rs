//! Log lines generated for the property tests: combined lines, mostly valid, with values
//! on the grammar's and JSON's edges, and the same lines mutated.

use proptest::prelude::*;

/// Bytes that sit on the grammar's edges, and on JSON's (`"`, `\`, control bytes, bytes
/// that are not UTF-8).
pub const EDGY: &[u8] = b" \"\\[]-0123456789:/+\r\t\x01\x1f\xff\xc3GETHTTP";

/// A field outside quotes: `-`, `""`, an address, a name, or edge bytes.
pub fn token() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"-".to_vec()),
        Just(b"\"\"".to_vec()),
        "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}".prop_map(String::into_bytes),
        "[0-9a-f:]{2,39}".prop_map(String::into_bytes),
        "[a-z][a-z0-9.-]{0,20}".prop_map(String::into_bytes),
        proptest::collection::vec(proptest::sample::select(EDGY), 0..6),
    ]
}

/// A CLF time, mostly valid (day 32, hour 24, month `Foo` and offsets past 24 hours too).
pub fn time() -> impl Strategy<Value = Vec<u8>> {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"];
    (
        1u32..33,
        proptest::sample::select(months.to_vec()),
        0u32..10000,
        0u32..25,
        0u32..61,
        0u32..61,
        any::<bool>(),
        0u32..25,
        0u32..61,
    )
        .prop_map(|(d, m, y, h, mi, s, neg, oh, om)| {
            format!("{d:02}/{m}/{y:04}:{h:02}:{mi:02}:{s:02} {}{oh:02}{om:02}", if neg { '-' } else { '+' })
                .into_bytes()
        })
}

/// The text of a quoted field: `-`, a request line, or Apache's escapes, bytes that are
/// not UTF-8 and UTF-8.
pub fn quoted_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"-".to_vec()),
        "(GET|POST|HEAD) /[a-z0-9/?=&.]{0,30} HTTP/1\\.[01]".prop_map(String::into_bytes),
        proptest::collection::vec(
            prop_oneof![
                "[ -~]{1,8}".prop_map(|s| s.replace(['"', '\\'], "").into_bytes()),
                Just(b"\\\"".to_vec()),
                Just(b"\\\\".to_vec()),
                Just(b"\\x16".to_vec()),
                Just(vec![0xe4, 0xe5]),
                Just("é".as_bytes().to_vec()),
            ],
            0..6
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// A combined line (common's when it has no referer and agent), mostly valid.
pub fn line() -> impl Strategy<Value = Vec<u8>> {
    (
        token(),
        token(),
        token(),
        time(),
        quoted_body(),
        prop_oneof![Just("200".to_string()), "[0-9]{1,4}", Just("-".to_string())],
        prop_oneof![Just("-".to_string()), "[0-9]{1,21}"],
        proptest::option::of((quoted_body(), quoted_body())),
    )
        .prop_map(|(host, ident, user, time, request, status, bytes, tail)| {
            let mut l = Vec::new();
            for (sep, part) in [(&b""[..], &host), (b" ", &ident), (b" ", &user)] {
                l.extend_from_slice(sep);
                l.extend_from_slice(part);
            }
            l.extend_from_slice(b" [");
            l.extend_from_slice(&time);
            l.extend_from_slice(b"] \"");
            l.extend_from_slice(&request);
            l.extend_from_slice(format!("\" {status} {bytes}").as_bytes());
            if let Some((referer, agent)) = tail {
                l.extend_from_slice(b" \"");
                l.extend_from_slice(&referer);
                l.extend_from_slice(b"\" \"");
                l.extend_from_slice(&agent);
                l.push(b'"');
            }
            l
        })
}

/// A generated line with a few bytes replaced, inserted or removed.
pub fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        line(),
        proptest::collection::vec(
            (any::<prop::sample::Index>(), 0u8..3, proptest::sample::select(EDGY)),
            1..4,
        ),
    )
        .prop_map(|(mut l, edits)| {
            for (at, op, b) in edits {
                let i = at.index(l.len() + 1);
                match op {
                    0 if i < l.len() => l[i] = b,
                    1 => l.insert(i, b),
                    _ if i < l.len() => {
                        l.remove(i);
                    }
                    _ => {}
                }
            }
            l
        })
}
