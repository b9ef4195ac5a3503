//! A value as a profile writes it: the writer's JSON text of a column's value, converted
//! (`Convert`), and the reading of written members back into
//! their values' spans (what enrichment wrote, and [`crate::profile::Profile::rewrite`]).

use crate::profile::names::Convert;

/// The JSON text of one member's value, in written bytes: `(start, end)`.
pub(crate) type Span = (usize, usize);
/// A member that is not there.
pub(crate) const ABSENT: Span = (usize::MAX, usize::MAX);

/// The span of each of `keys`' values (`"key":`) in `members`, [`ABSENT`] where there is
/// no such key. `members` is the writer's: an object (`{...}`), or members each after a
/// comma (`,"a":1,"b":null`), whose keys are `keys`, in their order (but for a kept
/// line's: its log group and stream come after its own two keys), each value a string, a
/// number or null.
pub(crate) fn read_members(members: &[u8], keys: &[Box<[u8]>], spans: &mut Vec<Span>) {
    spans.clear();
    spans.resize(keys.len(), ABSENT);
    let object = members;
    let mut next = 0;
    let mut i = 1; // past `{` or `,`
    while i < object.len() && object[i] != b'}' {
        let mut order = (next..keys.len()).chain(0..next);
        let Some(k) = order.find(|&k| object[i..].starts_with(&keys[k])) else {
            return;
        };
        i += keys[k].len();
        let value_start = i;
        if object.get(i) == Some(&b'"') {
            // To the closing quote: the next `"` not escaped by a `\`.
            i += 1;
            while let Some(at) = memchr::memchr2(b'"', b'\\', &object[i.min(object.len())..]) {
                i += at;
                if object[i] == b'"' {
                    break;
                }
                i += 2;
            }
            i += 1;
        } else {
            while i < object.len() && object[i] != b',' && object[i] != b'}' {
                i += 1;
            }
        }
        spans[k] = (value_start, i.min(object.len()));
        next = k + 1;
        if object.get(i) == Some(&b',') {
            i += 1;
        }
    }
}

/// Writes `value` (JSON text: a string, a number or null) converted.
pub(crate) fn convert(out: &mut Vec<u8>, value: &[u8], how: Convert) {
    let text = value.strip_prefix(b"\"").and_then(|v| v.strip_suffix(b"\""));
    match (how, text) {
        (Convert::Version, Some(v)) => match v.strip_prefix(b"HTTP/") {
            Some(version) => quoted(out, version),
            None => out.extend_from_slice(value),
        },
        (Convert::TargetPath, Some(v)) => match memchr::memchr(b'?', v) {
            Some(q) => quoted(out, &v[..q]),
            None => out.extend_from_slice(value),
        },
        (Convert::TargetQuery, Some(v)) => match memchr::memchr(b'?', v) {
            Some(q) if q + 1 < v.len() => quoted(out, &v[q + 1..]),
            _ => out.extend_from_slice(b"null"),
        },
        (Convert::TargetQuery, None) => out.extend_from_slice(b"null"),
        (Convert::Array, Some(_)) => {
            out.push(b'[');
            out.extend_from_slice(value);
            out.push(b']');
        }
        (Convert::Bot, _) => out.extend_from_slice(if value == b"true" { b"\"bot\"" } else { b"null" }),
        (Convert::Nanos(power), None) if value != b"null" => match nanos(value, power) {
            Some(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
            None => out.extend_from_slice(b"null"),
        },
        _ => out.extend_from_slice(value),
    }
}

/// Writes the JSON string `"text"` converted, as [`convert`] does, from its text: for a
/// value known to need no escaping.
pub(crate) fn convert_text(out: &mut Vec<u8>, text: &[u8], how: Convert) {
    match how {
        Convert::Version => quoted(out, text.strip_prefix(b"HTTP/").unwrap_or(text)),
        Convert::TargetPath | Convert::TargetQuery => {
            convert_target(out, text, memchr::memchr(b'?', text), how)
        }
        Convert::Array => {
            out.extend_from_slice(b"[\"");
            out.extend_from_slice(text);
            out.extend_from_slice(b"\"]");
        }
        Convert::Bot => out.extend_from_slice(b"null"),
        Convert::AsIs | Convert::Nanos(_) => quoted(out, text),
    }
}

/// [`convert_text`] of a request target (`TargetPath`, `TargetQuery`) whose first `?`
/// is at `question`: found once for both.
#[inline]
pub(crate) fn convert_target(out: &mut Vec<u8>, text: &[u8], question: Option<usize>, how: Convert) {
    match (how, question) {
        (Convert::TargetQuery, Some(q)) if q + 1 < text.len() => quoted(out, &text[q + 1..]),
        (Convert::TargetQuery, _) => out.extend_from_slice(b"null"),
        (_, Some(q)) => quoted(out, &text[..q]),
        (_, None) => quoted(out, text),
    }
}

/// `"text"`
#[inline]
fn quoted(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(text);
    out.push(b'"');
}

/// A JSON number's digits (`0.034`) times 10^`power`, when that is whole and fits.
fn nanos(number: &[u8], power: u8) -> Option<i64> {
    let (whole, fraction) = match number.iter().position(|&b| b == b'.') {
        Some(dot) => (&number[..dot], &number[dot + 1..]),
        None => (number, &b""[..]),
    };
    let power = usize::from(power);
    if fraction.len() > power || whole.is_empty() || !whole.iter().chain(fraction).all(u8::is_ascii_digit) {
        return None;
    }
    let mut digits = whole.iter().chain(fraction).map(|d| i64::from(d - b'0'));
    let value = digits.try_fold(0i64, |n, d| n.checked_mul(10)?.checked_add(d))?;
    value.checked_mul(10i64.checked_pow(u32::try_from(power - fraction.len()).ok()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_to_nanoseconds() {
        let table: &[(&[u8], u8, Option<i64>)] = &[
            (b"0.034", 9, Some(34_000_000)),
            (b"12", 9, Some(12_000_000_000)),
            (b"1.5", 9, Some(1_500_000_000)),
            (b"2500", 3, Some(2_500_000)),
            (b"0.0000000001", 9, None),
            (b"9223372036854775807", 3, None),
            (b"-1", 3, None),
            (b".5", 9, None),
        ];
        for (number, power, want) in table {
            assert_eq!(nanos(number, *power), *want, "{}", String::from_utf8_lossy(number));
        }
    }

    #[test]
    fn conversions_of_written_values() {
        let table: &[(&str, Convert, &str)] = &[
            (r#""HTTP/1.1""#, Convert::Version, r#""1.1""#),
            (r#""HTTP/2.0""#, Convert::Version, r#""2.0""#),
            (r#""SPDY/3""#, Convert::Version, r#""SPDY/3""#),
            ("null", Convert::Version, "null"),
            (r#""/a/b?x=1&y""#, Convert::TargetPath, r#""/a/b""#),
            (r#""/a/b?x=1&y""#, Convert::TargetQuery, r#""x=1&y""#),
            (r#""/a?""#, Convert::TargetQuery, "null"),
            (r#""/a""#, Convert::TargetPath, r#""/a""#),
            (r#""/a""#, Convert::TargetQuery, "null"),
            ("null", Convert::TargetQuery, "null"),
            (r#""a \"b\"""#, Convert::Array, r#"["a \"b\""]"#),
            ("null", Convert::Array, "null"),
            ("0.034", Convert::Nanos(9), "34000000"),
            ("null", Convert::Nanos(9), "null"),
        ];
        for (value, how, want) in table {
            let mut out = Vec::new();
            convert(&mut out, value.as_bytes(), *how);
            assert_eq!(String::from_utf8(out).unwrap(), *want, "{value} {how:?}");
        }
    }

    #[test]
    fn a_strings_text_converts_as_the_string_does() {
        let texts = ["HTTP/1.1", "SPDY/3", "/a/b?x=1&y", "/a?", "/a", "?", "", "a b", "true"];
        let hows = [
            Convert::AsIs,
            Convert::Version,
            Convert::TargetPath,
            Convert::TargetQuery,
            Convert::Array,
            Convert::Bot,
            Convert::Nanos(9),
        ];
        for text in texts {
            for how in hows {
                let (mut from_json, mut from_text) = (Vec::new(), Vec::new());
                convert(&mut from_json, format!("\"{text}\"").as_bytes(), how);
                convert_text(&mut from_text, text.as_bytes(), how);
                assert_eq!(from_text, from_json, "{text} {how:?}");
            }
        }
    }
}
