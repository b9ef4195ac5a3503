//! Addresses as servers log them: one token of a client address field or a forwarded-for
//! list read into an [`IpAddr`], and an address cut to its network.
//!
//! The rule, the same for `TRUSTED_PROXIES`, the lookups and `ANONYMIZE_IP`:
//!
//! - A list is split at commas and spaces; empty items are skipped (`a,,b`, `a , b`).
//! - An item is an address when it is an IPv4 address (`203.0.113.7`), one with a port
//!   (`203.0.113.7:4711`), an IPv6 address (`2001:db8::7`), or one in brackets with or
//!   without a port (`[2001:db8::7]`, `[2001:db8::7]:443`). The port is not part of it.
//! - An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) is that IPv4 address: it is
//!   matched against IPv4 blocks, looked up and written as IPv4.
//! - Anything else is not an address: `unknown`, `-`, a host name, RFC 7239's obfuscated
//!   `_hidden`, an IPv6 address with a zone (`fe80::1%eth0`). Nothing is guessed from it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The items of a list as logged, right to left (the nearest hop first), empty ones
/// skipped. Separators are `,` and ` `, and as a W3C line encodes them (the same as
/// [`write_networks`] cuts): IIS's `+` for a space, CloudFront's `%2C` and `%20`.
pub(crate) fn items_from_right(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut end = value.len();
    std::iter::from_fn(move || {
        while end > 0 {
            // The item runs back from `end` to the separator before it (or the start).
            let (mut start, mut width) = (end, 0);
            while start > 0 {
                width = separator_before(&value[..start]);
                if width > 0 {
                    break;
                }
                start -= 1;
            }
            let item = &value[start..end];
            end = start - width;
            if !item.is_empty() {
                return Some(item);
            }
        }
        None
    })
}

/// The width of the list separator `text` ends with (`,`, ` `, `+`, `%2C`, `%2c`, `%20`),
/// 0 when it ends with none.
#[inline]
fn separator_before(text: &[u8]) -> usize {
    match text {
        [.., b'%', b'2', b'C' | b'c' | b'0'] => 3,
        [.., b',' | b' ' | b'+'] => 1,
        _ => 0,
    }
}

/// The address an item holds, by the rule in the module's doc.
pub fn parse(item: &[u8]) -> Option<IpAddr> {
    if let Some(address) = dotted_quad(item) {
        return Some(IpAddr::V4(address));
    }
    // The longest address with a port: `[` 45 characters `]:65535`.
    if item.len() > 53 {
        return None;
    }
    let text = std::str::from_utf8(item).ok()?;
    let address = if let Some(rest) = text.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        IpAddr::V6(inside.parse::<Ipv6Addr>().ok()?)
    } else if let Ok(address) = text.parse::<IpAddr>() {
        address
    } else {
        let (host, port) = text.split_once(':')?;
        if !is_port(port) {
            return None;
        }
        IpAddr::V4(host.parse::<Ipv4Addr>().ok()?)
    };
    Some(address.to_canonical())
}

/// The common case, read without the general parser: exactly four decimal numbers of 0 to
/// 255 with dots between, no leading zeros (as the standard library reads them). Anything
/// else is `None` and goes to the general parser.
#[inline]
fn dotted_quad(item: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut n = 0;
    let mut i = 0;
    while n < 4 {
        let start = i;
        let mut value: u16 = 0;
        while let Some(&b) = item.get(i).filter(|b| b.is_ascii_digit() && i - start < 3) {
            value = value * 10 + u16::from(b - b'0');
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || value > 255 || (digits > 1 && item[start] == b'0') {
            return None;
        }
        octets[n] = value as u8;
        n += 1;
        if n < 4 {
            if item.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
    }
    (i == item.len()).then_some(Ipv4Addr::from(octets))
}

/// A port: 1 to 5 digits.
fn is_port(text: &str) -> bool {
    (1..=5).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// `ANONYMIZE_IP`'s prefix lengths: how much of an address is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefixes {
    /// Bits of an IPv4 address kept, 0 to 32 (default 24).
    pub v4: u8,
    /// Bits of an IPv6 address kept, 0 to 128 (default 48).
    pub v6: u8,
}

impl Default for Prefixes {
    fn default() -> Prefixes {
        Prefixes { v4: 24, v6: 48 }
    }
}

impl Prefixes {
    /// `address` with every bit past its prefix length zero: its network.
    pub fn network(self, address: IpAddr) -> IpAddr {
        match address {
            IpAddr::V4(a) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.v4)).unwrap_or(0);
                IpAddr::V4(Ipv4Addr::from_bits(a.to_bits() & mask))
            }
            IpAddr::V6(a) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.v6)).unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from_bits(a.to_bits() & mask))
            }
        }
    }
}

/// Writes `value` (a field as logged, without its quotes) as the inside of a JSON string
/// with each address item replaced by its network: separators and items that are not
/// addresses (`unknown`) are written as logged, through `rest`. Items are separated by
/// `,`, ` `, `;`, `=` and `"` (a `Forwarded` header's pairs and quoted nodes, free text
/// such as `extra` that may hold a quoted list), and by those a W3C line encodes (IIS's
/// `+`, CloudFront's `%20`, `%2C`, `%3B`, `%3D`, `%22`); `quotes` is kept for its callers, as a
/// `"` now always separates.
pub(crate) fn write_networks(
    out: &mut Vec<u8>,
    value: &[u8],
    prefixes: Prefixes,
    quotes: bool,
    mut rest: impl FnMut(&mut Vec<u8>, &[u8]),
) {
    // `;`, `=` and `"` also separate: `Forwarded`'s nodes (`for="192.0.2.1:80";by=...`)
    // are cut like any list's items; in an X-Forwarded-For list they change nothing. A
    // quote as logged is `"`, Apache's `\"` or nginx's `\x22`.
    let _ = quotes;
    let separator = |at: &[u8]| -> usize {
        match at {
            [b'\\', b'x', b'2', b'2', ..] => 4,
            [b'\\', b'"', ..] => 2,
            // A W3C line's encoded separators: IIS's `+` for a space, CloudFront's `%hh`.
            [b'%', b'2', b'0' | b'2' | b'C' | b'c', ..] | [b'%', b'3', b'B' | b'b' | b'D' | b'd', ..] => 3,
            [b',' | b' ' | b';' | b'=' | b'"' | b'+', ..] => 1,
            _ => 0,
        }
    };
    let mut start = 0;
    let mut i = 0;
    while i <= value.len() {
        let width = if i == value.len() { 0 } else { separator(&value[i..]) };
        if width == 0 && i < value.len() {
            i += 1;
            continue;
        }
        let item = &value[start..i];
        if !item.is_empty() {
            match parse(item) {
                Some(address) => write_address(out, prefixes.network(address)),
                None => rest(out, item),
            }
        }
        if width == 0 {
            break;
        }
        rest(out, &value[i..i + width]);
        i += width;
        start = i;
    }
}

/// An address as text (IPv6 in RFC 5952's short form), without allocating.
pub(crate) fn write_address(out: &mut Vec<u8>, address: IpAddr) {
    match address {
        // Most addresses: four numbers, written without the formatting machinery.
        IpAddr::V4(a) => {
            let mut digits = itoa::Buffer::new();
            for (i, octet) in a.octets().into_iter().enumerate() {
                if i > 0 {
                    out.push(b'.');
                }
                out.extend_from_slice(digits.format(octet).as_bytes());
            }
        }
        IpAddr::V6(a) => {
            use std::io::Write;
            // Writing into a Vec cannot fail.
            let _ = write!(out, "{a}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_by_the_documented_rule() {
        let v4 = |s: &str| Some(IpAddr::V4(s.parse().unwrap()));
        let v6 = |s: &str| Some(IpAddr::V6(s.parse().unwrap()));
        let table: &[(&str, Option<IpAddr>)] = &[
            ("203.0.113.7", v4("203.0.113.7")),
            ("203.0.113.7:4711", v4("203.0.113.7")),
            ("2001:db8::7", v6("2001:db8::7")),
            ("[2001:db8::7]", v6("2001:db8::7")),
            ("[2001:db8::7]:443", v6("2001:db8::7")),
            ("::ffff:203.0.113.7", v4("203.0.113.7")),
            ("[::ffff:203.0.113.7]:80", v4("203.0.113.7")),
            ("2001:DB8::7", v6("2001:db8::7")),
            ("unknown", None),
            ("-", None),
            ("_hidden", None),
            ("example.com", None),
            ("example.com:80", None),
            ("fe80::1%eth0", None),
            ("203.0.113.7:", None),
            ("203.0.113.7:123456", None),
            ("203.0.113", None),
            ("[2001:db8::7", None),
            ("[2001:db8::7]443", None),
            ("[203.0.113.7]", None),
            ("2001:db8::7:443x", None),
            ("\"203.0.113.7\"", None),
        ];
        for (item, want) in table {
            assert_eq!(parse(item.as_bytes()), *want, "{item}");
        }
    }

    #[test]
    fn the_dotted_quad_fast_path_reads_as_the_standard_library_does() {
        let items = [
            "0.0.0.0",
            "1.2.3.4",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4 ",
            "1..3.4",
            "1.2.3.",
            ".1.2.3",
            "1234.1.1.1",
            "1.2.3.04",
            "10.0.0.1:80",
            "a.b.c.d",
            "",
        ];
        for item in items {
            let fast = dotted_quad(item.as_bytes());
            assert!(fast.is_none() || fast == item.parse::<Ipv4Addr>().ok(), "{item}");
            if fast.is_none() && !item.contains(':') {
                assert_eq!(parse(item.as_bytes()), item.parse::<Ipv4Addr>().ok().map(IpAddr::V4), "{item}");
            }
            if let Ok(address) = item.parse::<Ipv4Addr>() {
                assert_eq!(fast, Some(address), "{item}");
            }
        }
    }

    #[test]
    fn lists_split_at_commas_and_spaces_right_to_left() {
        let items: Vec<&[u8]> = items_from_right(b"203.0.113.7, 10.0.0.2,,10.0.0.1 unknown").collect();
        assert_eq!(items, [&b"unknown"[..], b"10.0.0.1", b"10.0.0.2", b"203.0.113.7"]);
        assert_eq!(items_from_right(b"").count(), 0);
        assert_eq!(items_from_right(b" , ").count(), 0);
        // As a W3C line encodes them: IIS's `,+`, CloudFront's `%2C%20`.
        let iis: Vec<&[u8]> = items_from_right(b"198.51.100.1,+203.0.113.7,+10.0.0.2").collect();
        assert_eq!(iis, [&b"10.0.0.2"[..], b"203.0.113.7", b"198.51.100.1"]);
        let cloudfront: Vec<&[u8]> = items_from_right(b"2001:db8::7%2C%20203.0.113.7%2c10.0.0.2").collect();
        assert_eq!(cloudfront, [&b"10.0.0.2"[..], b"203.0.113.7", b"2001:db8::7"]);
        assert_eq!(items_from_right(b"%2C%20+").count(), 0);
    }

    #[test]
    fn addresses_are_written_as_std_writes_them() {
        for text in
            ["0.0.0.0", "203.0.113.7", "255.255.255.255", "10.0.100.1", "2001:db8::1", "::", "::ffff:0:1"]
        {
            let mut out = Vec::new();
            write_address(&mut out, text.parse().unwrap());
            assert_eq!(String::from_utf8(out).unwrap(), text.parse::<IpAddr>().unwrap().to_string());
        }
    }

    #[test]
    fn networks_keep_the_prefix() {
        let network = |prefixes: Prefixes, s: &str| prefixes.network(s.parse().unwrap()).to_string();
        let default = Prefixes::default();
        assert_eq!(network(default, "203.0.113.77"), "203.0.113.0");
        assert_eq!(network(default, "2001:db8:aaaa:bbbb::1"), "2001:db8:aaaa::");
        let wide = Prefixes { v4: 16, v6: 32 };
        assert_eq!(network(wide, "203.0.113.77"), "203.0.0.0");
        assert_eq!(network(wide, "2001:db8:aaaa:bbbb::1"), "2001:db8::");
        let ends = Prefixes { v4: 0, v6: 128 };
        assert_eq!(network(ends, "203.0.113.77"), "0.0.0.0");
        assert_eq!(network(ends, "2001:db8::1"), "2001:db8::1");
        let all = Prefixes { v4: 32, v6: 0 };
        assert_eq!(network(all, "203.0.113.77"), "203.0.113.77");
        assert_eq!(network(all, "2001:db8::1"), "::");
    }

    #[test]
    fn a_list_is_written_with_networks_and_the_rest_as_logged() {
        let mut out = Vec::new();
        let value = b"203.0.113.77:4711, unknown,[2001:db8:1:2::9]:443 ::ffff:198.51.100.9";
        write_networks(&mut out, value, Prefixes::default(), false, |out, item| out.extend_from_slice(item));
        assert_eq!(String::from_utf8(out).unwrap(), "203.0.113.0, unknown,2001:db8:1:: 198.51.100.0");
        // Free text: quotes separate too.
        let mut out = Vec::new();
        let value = br#""203.0.113.7, 10.0.0.2" 0.012"#;
        write_networks(&mut out, value, Prefixes::default(), true, |out, item| out.extend_from_slice(item));
        assert_eq!(String::from_utf8(out).unwrap(), r#""203.0.113.0, 10.0.0.0" 0.012"#);
    }
}
