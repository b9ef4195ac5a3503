//! JSON string writing for log bytes: lossless, allocation-free, and Apache-aware.
//!
//! Log fields are bytes, not `str`: Apache escapes what it considers unsafe, but other
//! writers (nginx, proxies, hand-rolled apps) pass raw bytes through. Valid UTF-8 is
//! copied as is; a byte that is not part of valid UTF-8 is written as the text `\xhh`
//! (Apache's own escaping), so the JSON is always valid and nothing is lost.

/// Bytes that end a plain run: `"`, `\`, control bytes and every non-ASCII byte.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i < 0x20 || i >= 0x80 || i == b'"' as usize || i == b'\\' as usize;
        i += 1;
    }
    t
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes `s` as a quoted JSON string.
///
/// With `apache_unescape`, Apache's `\"` and `\\` (how it escapes `"` and `\` inside a
/// quoted field) become `"` and `\`; its other escapes (`\xhh`, `\n`, ...) stay as text.
#[inline]
pub fn write_str(out: &mut Vec<u8>, s: &[u8], apache_unescape: bool) {
    out.push(b'"');
    write_str_body(out, s, apache_unescape);
    out.push(b'"');
}

/// Writes the inside of a JSON string; see [`write_str`].
pub fn write_str_body(out: &mut Vec<u8>, s: &[u8], apache_unescape: bool) {
    let mut i = 0;
    while i < s.len() {
        let start = i;
        while i < s.len() && !SPECIAL[s[i] as usize] {
            i += 1;
        }
        out.extend_from_slice(&s[start..i]);
        let Some(&b) = s.get(i) else { break };
        match b {
            b'"' => {
                out.extend_from_slice(b"\\\"");
                i += 1;
            }
            b'\\' => {
                match s.get(i + 1) {
                    Some(b'"') if apache_unescape => {
                        out.extend_from_slice(b"\\\"");
                        i += 2;
                    }
                    Some(b'\\') if apache_unescape => {
                        out.extend_from_slice(b"\\\\");
                        i += 2;
                    }
                    // A lone backslash, or an escape kept as text: the next byte is
                    // written on the next turn of the loop.
                    _ => {
                        out.extend_from_slice(b"\\\\");
                        i += 1;
                    }
                }
            }
            0x00..=0x1f => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
                i += 1;
            }
            _ => {
                let width = utf8_width(b);
                match s.get(i..i + width) {
                    Some(seq) if width > 1 && std::str::from_utf8(seq).is_ok() => {
                        out.extend_from_slice(seq);
                        i += width;
                    }
                    _ => {
                        out.extend_from_slice(b"\\\\x");
                        out.push(HEX[usize::from(b >> 4)]);
                        out.push(HEX[usize::from(b & 0xf)]);
                        i += 1;
                    }
                }
            }
        }
    }
}

/// The length a UTF-8 sequence starting with `b` claims (0 for a byte that starts none).
fn utf8_width(b: u8) -> usize {
    match b {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&[u8], bool, &str)] = &[
            (b"plain /path?q=1", false, r#""plain /path?q=1""#),
            (b"", false, r#""""#),
            (br#"say \"hi\""#, true, r#""say \"hi\"""#),
            (br#"say \"hi\""#, false, r#""say \\\"hi\\\"""#),
            (br"back\\slash", true, r#""back\\slash""#),
            (br"\x41\n", true, r#""\\x41\\n""#),
            (br"trailing\", true, r#""trailing\\""#),
            (b"tab\tnul\0", false, r#""tab\u0009nul\u0000""#),
            ("caf\u{e9} \u{1f600}".as_bytes(), false, "\"caf\u{e9} \u{1f600}\""),
            (b"\xe4\xe5-\xff", false, r#""\\xe4\\xe5-\\xff""#),
            // A truncated sequence and an overlong encoding are not UTF-8.
            (b"\xe2\x82", false, r#""\\xe2\\x82""#),
            (b"\xc0\xaf", false, r#""\\xc0\\xaf""#),
            // A surrogate encoded in UTF-8 is not valid either.
            (b"\xed\xa0\x80", false, r#""\\xed\\xa0\\x80""#),
            (b"\x7f", false, "\"\x7f\""),
        ];
        for (input, unescape, want) in cases {
            let mut out = Vec::new();
            write_str(&mut out, input, *unescape);
            assert_eq!(String::from_utf8_lossy(&out), *want, "input {:?}", String::from_utf8_lossy(input));
            serde_json::from_slice::<String>(&out).expect("valid JSON");
        }
    }
}
