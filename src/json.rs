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

/// Which of the server's escapes a value's writer undoes; every other escape stays as
/// text, so nothing is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unescape {
    /// Nothing is undone: a backslash is a backslash.
    None,
    /// Apache inside quotes: `\"` is `"` and `\\` is `\`.
    Apache,
    /// nginx's `escape=default`: `\x22` is `"` and `\x5C` is `\`.
    NginxHex,
    /// nginx's `escape=json`: the value's JSON escapes are kept as they are (they are
    /// JSON already); anything else is escaped as usual.
    Json,
    /// The body of a JSON string as it stands in a JSON line ([`crate::json_object`]):
    /// every valid escape is kept as it is, a surrogate pair (`\ud83d\ude00`) included;
    /// a lone surrogate or any other backslash is kept as text, so the output is JSON
    /// whatever the bytes.
    JsonBody,
    /// URL-encoding (CloudFront's W3C values): `%hh` is the byte `hh`, decoded once; a `%`
    /// without two hex digits stays as it is.
    Percent,
    /// IIS's W3C values: `+` is a space.
    Plus,
}

impl Unescape {
    /// Whether a value's bytes change when it is written even with no backslash in it
    /// (`%hh` and `+` are decoded).
    #[inline]
    pub fn decodes(self) -> bool {
        matches!(self, Unescape::Percent | Unescape::Plus)
    }
}

/// Writes `s` as a quoted JSON string.
///
/// With `apache_unescape`, Apache's `\"` and `\\` (how it escapes `"` and `\` inside a
/// quoted field) become `"` and `\`; its other escapes (`\xhh`, `\n`, ...) stay as text.
#[inline]
pub fn write_str(out: &mut Vec<u8>, s: &[u8], apache_unescape: bool) {
    write_str_as(out, s, if apache_unescape { Unescape::Apache } else { Unescape::None });
}

/// Writes `s` as a quoted JSON string, undoing the escapes `unescape` names.
#[inline]
pub fn write_str_as(out: &mut Vec<u8>, s: &[u8], unescape: Unescape) {
    out.push(b'"');
    write_str_body_as(out, s, unescape);
    out.push(b'"');
}

/// Writes the inside of a JSON string; see [`write_str`].
pub fn write_str_body(out: &mut Vec<u8>, s: &[u8], apache_unescape: bool) {
    write_str_body_as(out, s, if apache_unescape { Unescape::Apache } else { Unescape::None });
}

/// The length of the server escape at the start of `s` (a backslash first) that
/// `unescape` undoes or keeps, and what it becomes in JSON.
#[inline]
fn known_escape(s: &[u8], unescape: Unescape) -> Option<(usize, &[u8])> {
    match unescape {
        Unescape::None | Unescape::Percent | Unescape::Plus => None,
        Unescape::Apache => match s.get(1) {
            Some(b'"') => Some((2, b"\\\"")),
            Some(b'\\') => Some((2, b"\\\\")),
            _ => None,
        },
        Unescape::NginxHex => match s.get(1..4) {
            Some(b"x22") => Some((4, b"\\\"")),
            Some(b"x5C" | b"x5c") => Some((4, b"\\\\")),
            _ => None,
        },
        Unescape::Json => match s.get(1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Some((2, &s[..2])),
            Some(b'u') => {
                let hex = s.get(2..6)?;
                let code = std::str::from_utf8(hex).ok().and_then(|h| u16::from_str_radix(h, 16).ok())?;
                // A lone surrogate is not a character: leave it as text.
                (!(0xd800..0xe000).contains(&code)).then_some((6, &s[..6]))
            }
            _ => None,
        },
        Unescape::JsonBody => match s.get(1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Some((2, &s[..2])),
            Some(b'u') => match hex4(s.get(2..6)?)? {
                0xd800..=0xdbff => {
                    let low = s.get(6..8).filter(|u| *u == b"\\u").and_then(|_| hex4(s.get(8..12)?))?;
                    (0xdc00..=0xdfff).contains(&low).then_some((12, &s[..12]))
                }
                0xdc00..=0xdfff => None,
                _ => Some((6, &s[..6])),
            },
            _ => None,
        },
    }
}

/// The value of four hex digits (`\u`'s), or `None` (no sign, no fewer digits).
#[inline]
pub(crate) fn hex4(h: &[u8]) -> Option<u16> {
    let mut v = 0u16;
    for &b in h.get(..4)? {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        v = v << 4 | u16::from(d);
    }
    Some(v)
}

/// The character a JSON escape at the start of `s` (a backslash first) stands for, and
/// the escape's length: `\n` is 2 bytes, `\u00e9` 6, a surrogate pair 12. `None` for a
/// bad escape or a lone surrogate.
pub(crate) fn json_escape(s: &[u8]) -> Option<(char, usize)> {
    let simple = |c: char| Some((c, 2));
    match s.get(1)? {
        b'"' => simple('"'),
        b'\\' => simple('\\'),
        b'/' => simple('/'),
        b'b' => simple('\u{8}'),
        b'f' => simple('\u{c}'),
        b'n' => simple('\n'),
        b'r' => simple('\r'),
        b't' => simple('\t'),
        b'u' => match hex4(s.get(2..6)?)? {
            high @ 0xd800..=0xdbff => {
                let low = s.get(6..8).filter(|u| *u == b"\\u").and_then(|_| hex4(s.get(8..12)?))?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return None;
                }
                let code = 0x10000 + ((u32::from(high) - 0xd800) << 10) + (u32::from(low) - 0xdc00);
                Some((char::from_u32(code)?, 12))
            }
            code => Some((char::from_u32(u32::from(code))?, 6)),
        },
        _ => None,
    }
}

/// Hands `f` the bytes a JSON string's body stands for, piece by piece: runs as they are,
/// each escape decoded (UTF-8). A bad escape or a lone surrogate is handed on as the text
/// it is, so nothing is lost; [`crate::json_object`] has already refused them in a line it
/// read.
pub fn unescape_json_with(body: &[u8], mut f: impl FnMut(&[u8])) {
    let mut i = 0;
    while i < body.len() {
        let run = memchr::memchr(b'\\', &body[i..]).map_or(body.len(), |at| i + at);
        if run > i {
            f(&body[i..run]);
        }
        i = run;
        if i >= body.len() {
            break;
        }
        match json_escape(&body[i..]) {
            Some((c, len)) => {
                f(c.encode_utf8(&mut [0; 4]).as_bytes());
                i += len;
            }
            None => {
                f(b"\\");
                i += 1;
            }
        }
    }
}

/// Appends the bytes a JSON string's body stands for to `out` (see [`unescape_json_with`]):
/// for a value that is read again, such as a time written `2019\/01\/01`.
pub fn unescape_json(body: &[u8], out: &mut Vec<u8>) {
    unescape_json_with(body, |piece| out.extend_from_slice(piece));
}

/// Writes the inside of a JSON string; see [`write_str_as`].
pub fn write_str_body_as(out: &mut Vec<u8>, s: &[u8], unescape: Unescape) {
    match unescape {
        Unescape::Percent if memchr::memchr(b'%', s).is_some() => return write_decoded(out, s, unescape),
        Unescape::Plus if memchr::memchr(b'+', s).is_some() => return write_decoded(out, s, unescape),
        _ => {}
    }
    let mut i = 0;
    while i < s.len() {
        let start = i;
        i = plain_run_end(s, i);
        out.extend_from_slice(&s[start..i]);
        let Some(&b) = s.get(i) else { break };
        match b {
            b'"' => {
                out.extend_from_slice(b"\\\"");
                i += 1;
            }
            b'\\' => match known_escape(&s[i..], unescape) {
                Some((len, json)) => {
                    out.extend_from_slice(json);
                    i += len;
                }
                // A lone backslash, or an escape kept as text: the next byte is written
                // on the next turn of the loop.
                None => {
                    out.extend_from_slice(b"\\\\");
                    i += 1;
                }
            },
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

thread_local! {
    /// A value decoded before it is written: reused, so a line allocates nothing.
    static DECODED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Writes `s` with its URL-encoding (or IIS's `+`) undone: the decoded bytes are written
/// as any value's are, so a decoded `"` or control byte is escaped and bytes that are not
/// UTF-8 become `\xhh` text.
#[cold]
fn write_decoded(out: &mut Vec<u8>, s: &[u8], unescape: Unescape) {
    DECODED.with_borrow_mut(|decoded| {
        decoded.clear();
        decode_into(decoded, s, unescape);
        write_str_body_as(out, decoded, Unescape::None);
    });
}

/// Appends `s` to `decoded` with a W3C value's encoding undone, as the writer undoes it:
/// with [`Unescape::Percent`] each `%hh` is the byte `hh` (once; a `%` without two hex
/// digits stays), with [`Unescape::Plus`] a `+` is a space; any other `unescape` appends
/// `s` as it is. Enrichment reads a W3C `Forwarded` value through it.
pub(crate) fn decode_into(decoded: &mut Vec<u8>, s: &[u8], unescape: Unescape) {
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        let hex = |at: usize| s.get(at).and_then(|&h| (h as char).to_digit(16));
        match b {
            b'%' if unescape == Unescape::Percent => match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    decoded.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                _ => decoded.push(b'%'),
            },
            b'+' if unescape == Unescape::Plus => decoded.push(b' '),
            _ => decoded.push(b),
        }
        i += 1;
    }
}

/// Whether every byte of `s` is printable ASCII other than `\\` (quotes allowed). In
/// such a line the quoted fields hold no escapes and no quotes, so they can be copied
/// into JSON as they are.
#[inline]
pub fn is_plain_line(s: &[u8]) -> bool {
    let mut chunks = s.chunks_exact(8);
    let mut bad = 0;
    for chunk in &mut chunks {
        bad |= plain_word(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
    }
    bad == 0 && chunks.remainder().iter().all(|&b| (0x20..0x80).contains(&b) && b != b'\\')
}

/// [`is_plain_line`], with tabs too: a W3C line's separator, which none of its values
/// holds (the matcher says when a format's values hold none).
#[inline]
pub fn is_plain_but_tabs(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = s.chunks_exact(8);
    let mut bad = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Each tab's high bit, exactly (no borrow between bytes), moved to its 0x20 bit:
        // the tab becomes `)`, a plain byte.
        let t = w ^ (u64::from(b'\t') * ONES);
        let tabs = !(((t & LOW) + LOW) | t | LOW);
        bad |= plain_word(w | (tabs >> 2));
    }
    bad == 0 && chunks.remainder().iter().all(|&b| b == b'\t' || (0x20..0x80).contains(&b) && b != b'\\')
}

/// The high bits of a word's bytes that are not plain (a control byte, a backslash, a
/// byte above ASCII); a bit above a control byte or backslash may be set too.
#[inline(always)]
fn plain_word(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let backslash = w ^ (u64::from(b'\\') * ONES);
    (w.wrapping_sub(0x20 * ONES) & !w & HIGH)
        | (backslash.wrapping_sub(ONES) & !backslash & HIGH)
        | (w & HIGH)
}

/// The index of the first byte at or after `i` that is not plain (see [`SPECIAL`]).
///
/// Eight bytes at a time: log fields are mostly long runs of printable ASCII, and a byte
/// at a time costs most of the time spent writing JSON.
#[inline]
pub(crate) fn plain_run_end(s: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Sets the high bit of each zero byte of `x`; bits above the lowest set one may be
    // false, so only the lowest is used.
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    while let Some(chunk) = s.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let control = w.wrapping_sub(0x20 * ONES) & !w & HIGH;
        let quote = zero_bytes(w ^ (u64::from(b'"') * ONES));
        let backslash = zero_bytes(w ^ (u64::from(b'\\') * ONES));
        let special = control | quote | backslash | (w & HIGH);
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < s.len() && !SPECIAL[s[i] as usize] {
        i += 1;
    }
    i
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
    fn plain_lines_are_printable_ascii_without_backslashes() {
        assert!(is_plain_line(b""));
        assert!(is_plain_line(
            br#"1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11)""#
        ));
        for bad in 0..=255u8 {
            let plain = (0x20..0x80).contains(&bad) && bad != b'\\';
            for at in 0..17 {
                let mut s = vec![b'a'; 17];
                s[at] = bad;
                assert_eq!(is_plain_line(&s), plain, "byte {bad:#x} at {at}");
            }
        }
    }

    #[test]
    fn plain_but_tabs_is_plain_with_tabs_anywhere() {
        for bad in 0..=255u8 {
            let plain = (0x20..0x80).contains(&bad) && bad != b'\\' || bad == b'\t';
            for at in 0..17 {
                // Tabs and spaces beside the byte, which a borrow between bytes would hit.
                for filler in [b'a', b'\t', b' '] {
                    let mut s = vec![filler; 17];
                    s[at] = bad;
                    assert_eq!(is_plain_but_tabs(&s), plain, "byte {bad:#x} at {at} among {filler:#x}");
                }
            }
        }
    }

    #[test]
    fn the_word_scan_stops_where_the_byte_scan_does() {
        for special in 0..=255u8 {
            for at in 0..20 {
                let mut s = vec![b'a'; 20];
                s[at] = special;
                let want = if SPECIAL[special as usize] { at } else { 20 };
                for start in 0..=at {
                    assert_eq!(plain_run_end(&s, start), want, "byte {special:#x} at {at}, from {start}");
                }
            }
        }
    }

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

    #[test]
    fn url_encoding_and_plus_are_undone_once() {
        let write = |s: &[u8], u| {
            let mut out = Vec::new();
            write_str_as(&mut out, s, u);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(write(b"Mozilla/5.0%20(X11)%2520", Unescape::Percent), r#""Mozilla/5.0 (X11)%20""#);
        assert_eq!(
            write(b"%22q%5C%0A%E2%80%99%ff%4", Unescape::Percent),
            "\"\\\"q\\\\\\u000a\u{2019}\\\\xff%4\""
        );
        assert_eq!(write(b"a+b", Unescape::Percent), r#""a+b""#);
        assert_eq!(write(b"Mozilla/5.0+(Windows+NT)", Unescape::Plus), r#""Mozilla/5.0 (Windows NT)""#);
        assert_eq!(write(b"a%20b", Unescape::Plus), r#""a%20b""#);
    }

    #[test]
    fn json_bodies_keep_their_escapes_and_pairs_and_unescape() {
        // (body, written with JsonBody, unescaped)
        let cases: &[(&[u8], &str, &[u8])] = &[
            (br#"a\"b\\c\/d"#, r#"a\"b\\c\/d"#, br#"a"b\c/d"#),
            (br"\b\f\n\r\t", r"\b\f\n\r\t", b"\x08\x0c\n\r\t"),
            (br"caf\u00e9", r"caf\u00e9", "café".as_bytes()),
            (br"\ud83d\ude00", r"\ud83d\ude00", "😀".as_bytes()),
            (br"\uD83D\uDE00", r"\uD83D\uDE00", "😀".as_bytes()),
            // Lone surrogates and bad escapes stay as text, both ways.
            (br"\ud83d", r"\\ud83d", br"\ud83d"),
            (br"\ude00x", r"\\ude00x", br"\ude00x"),
            (br"\ud83d\u0041", r"\\ud83d\u0041", br"\ud83dA"),
            (br"\u+fff", r"\\u+fff", br"\u+fff"),
            (br"\x", r"\\x", br"\x"),
            (b"end\\", r"end\\", b"end\\"),
            (b"raw\x01\xff", r"raw\u0001\\xff", b"raw\x01\xff"),
        ];
        for (body, written, unescaped) in cases {
            let mut out = Vec::new();
            write_str_as(&mut out, body, Unescape::JsonBody);
            assert_eq!(
                String::from_utf8_lossy(&out[1..out.len() - 1]),
                *written,
                "{}",
                String::from_utf8_lossy(body)
            );
            serde_json::from_slice::<String>(&out).expect("valid JSON");
            let mut u = Vec::new();
            unescape_json(body, &mut u);
            assert_eq!(u, *unescaped, "{}", String::from_utf8_lossy(body));
        }
    }
}
