//! The `Forwarded` request header (RFC 7239) as logged (`%{Forwarded}i`,
//! `$http_forwarded`): the `for=` nodes of its elements, right to left, for the
//! `TRUSTED_PROXIES` walk.
//!
//! The header is a list of elements separated by commas (several headers logged as one
//! are joined the same way), each a list of `name=value` pairs separated by semicolons;
//! names are case-insensitive, values a token or a quoted string (RFC 7239, section 4).
//! A `for=` value (section 6) is an IPv4 address, an IPv6 address in brackets and quotes
//! (`"[2001:db8:cafe::17]"`), either with a port (`"192.0.2.43:47011"`,
//! `"[2001:db8:cafe::17]:4711"`) or an obfuscated port (`:_abc`), `unknown`, or an
//! obfuscated identifier (`_hidden`, section 6.3).
//!
//! Each element is one hop. Its node is what [`super::address`] reads once the quotes and
//! an obfuscated port are taken off; `unknown`, an obfuscated identifier and an element
//! without `for=` are not addresses, and end the walk as any non-address does
//! ([`super::proxies`]). Reading allocates nothing: nodes are slices of the value (of
//! the value decoded into a thread's buffer when a W3C line encoded it: `decoded`).

use crate::json::Unescape;

/// `value` as the header was sent, when a W3C line encoded it (IIS's `+` for a space,
/// CloudFront's `%hh`: `for=192.0.2.43,+for="[2001:db8::17]"`,
/// `for%3D192.0.2.43%2C%20for%3D%22%5B2001:db8::17%5D%22`): decoded as the writer decodes
/// the field ([`crate::json::decode_into`]), into `buffer`, a thread's, so a line allocates
/// nothing. Any other value (nothing to undo) is `value` itself.
pub(crate) fn decoded<'a>(value: &'a [u8], unescape: Unescape, buffer: &'a mut Vec<u8>) -> &'a [u8] {
    let encoded = match unescape {
        Unescape::Percent => value.contains(&b'%'),
        Unescape::Plus => value.contains(&b'+'),
        _ => false,
    };
    if !encoded {
        return value;
    }
    buffer.clear();
    crate::json::decode_into(buffer, value, unescape);
    buffer
}

/// Whether `value` holds at least one `for=` pair: then it, and not `X-Forwarded-For`,
/// is the chain walked.
pub(crate) fn has_for(value: &[u8]) -> bool {
    elements_from_right(value).any(|element| node(element).is_some())
}

/// The `for=` node of each element, right to left (the nearest hop first); an element
/// without one gives an empty node (not an address). Blank elements are skipped.
pub(crate) fn nodes_from_right(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    elements_from_right(value).map(|element| node(element).map_or(&b""[..], address_of_node))
}

/// The elements of a value, right to left: split at commas outside quoted strings,
/// blank ones skipped.
fn elements_from_right(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut end = value.len();
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            let rest = &value[..end];
            let mut quoted = false;
            let mut cut = None;
            for (i, &b) in rest.iter().enumerate().rev() {
                match b {
                    // A quote as logged: `"`, Apache's `\"`, nginx's `\x22`.
                    b'"' => quoted = !quoted,
                    b'\\' if rest[i..].starts_with(b"\\x22") => quoted = !quoted,
                    b',' if !quoted => {
                        cut = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let element = match cut {
                Some(i) => {
                    end = i;
                    &rest[i + 1..]
                }
                None => {
                    done = true;
                    rest
                }
            };
            let element = element.trim_ascii();
            if !element.is_empty() {
                return Some(element);
            }
        }
        None
    })
}

/// The value of an element's `for=` pair, unquoted; `None` without one.
fn node(element: &[u8]) -> Option<&[u8]> {
    let mut rest = element;
    while !rest.is_empty() {
        // The pair runs to the next `;` outside a quoted string.
        let mut quoted = false;
        let mut end = rest.len();
        for (i, &b) in rest.iter().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b'\\' if rest[i..].starts_with(b"\\x22") => quoted = !quoted,
                b';' if !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let pair = rest[..end].trim_ascii();
        rest = rest.get(end + 1..).unwrap_or_default();
        if let Some((name, value)) = pair.split_at_checked(3)
            && name.eq_ignore_ascii_case(b"for")
            && let Some(value) = value.trim_ascii_start().strip_prefix(b"=")
        {
            let value = value.trim_ascii();
            return Some(unquoted(value));
        }
    }
    None
}

/// A quoted string's inside, its quotes as logged (`"`, Apache's `\"`, nginx's `\x22`);
/// a node has no escapes inside (one that does is not an address, and is read as it is).
fn unquoted(value: &[u8]) -> &[u8] {
    for quote in [&b"\\x22"[..], b"\\\"", b"\""] {
        if let Some(inside) = value.strip_prefix(quote) {
            return inside.strip_suffix(quote).unwrap_or(inside);
        }
    }
    value
}

/// A node without an obfuscated port (`[2001:db8::1]:_a1`, `192.0.2.1:_x`): the address
/// rule reads a numeric port, not an obfuscated one.
fn address_of_node(node: &[u8]) -> &[u8] {
    match node.iter().rposition(|&b| b == b':') {
        Some(colon) if node.get(colon + 1) == Some(&b'_') && node[..colon].last() != Some(&b':') => {
            let obfuscated = &node[colon + 2..];
            if obfuscated.iter().all(|&b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) {
                &node[..colon]
            } else {
                node
            }
        }
        _ => node,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::address::parse;

    fn nodes(value: &str) -> Vec<String> {
        nodes_from_right(value.as_bytes()).map(|n| String::from_utf8_lossy(n).into_owned()).collect()
    }

    /// RFC 7239's own examples (sections 4, 6 and 7.4), and the nodes each gives.
    #[test]
    fn the_rfcs_examples() {
        let table: &[(&str, &[&str])] = &[
            // Section 4.
            (r#"for="_gazonk""#, &["_gazonk"]),
            (r#"For="[2001:db8:cafe::17]:4711""#, &["[2001:db8:cafe::17]:4711"]),
            ("for=192.0.2.60;proto=http;by=203.0.113.43", &["192.0.2.60"]),
            ("for=192.0.2.43, for=198.51.100.17", &["198.51.100.17", "192.0.2.43"]),
            // Section 6.
            (r#"for="_gazonk""#, &["_gazonk"]),
            ("for=unknown, for=192.0.2.43", &["192.0.2.43", "unknown"]),
            (r#"for="192.0.2.43:47011""#, &["192.0.2.43:47011"]),
            (r#"for="[2001:db8:cafe::17]:_xyz""#, &["[2001:db8:cafe::17]"]),
            // Section 7.4: two headers, as a server logs them, and one with several pairs.
            (
                "for=192.0.2.43,for=\"[2001:db8:cafe::17]\",for=unknown",
                &["unknown", "[2001:db8:cafe::17]", "192.0.2.43"],
            ),
            (
                "for=192.0.2.43, for=\"[2001:db8:cafe::17]\", for=unknown",
                &["unknown", "[2001:db8:cafe::17]", "192.0.2.43"],
            ),
            // An element without for= is a hop that is not named.
            ("for=192.0.2.43, by=203.0.113.60;proto=https", &["", "192.0.2.43"]),
            ("proto=https;host=example.com", &[""]),
            // Quotes hide commas and semicolons; blank elements are skipped.
            (r#"for="a,b;c", , for=192.0.2.1"#, &["192.0.2.1", "a,b;c"]),
            (r#"for=\x22a,b\x22, for=192.0.2.1"#, &["192.0.2.1", "a,b"]),
            ("", &[]),
            ("-", &[""]),
        ];
        for (value, want) in table {
            assert_eq!(nodes(value), *want, "{value}");
        }
    }

    #[test]
    fn nodes_read_by_the_address_rule() {
        let address =
            |value: &str| nodes_from_right(value.as_bytes()).next().and_then(parse).map(|a| a.to_string());
        let some = |s: &str| Some(s.to_string());
        let table = [
            ("for=192.0.2.60;proto=http", some("192.0.2.60")),
            (r#"for="192.0.2.43:47011""#, some("192.0.2.43")),
            (r#"for="[2001:db8:cafe::17]:4711""#, some("2001:db8:cafe::17")),
            (r#"for="[2001:db8:cafe::17]""#, some("2001:db8:cafe::17")),
            (r#"for="[2001:db8:cafe::17]:_obf""#, some("2001:db8:cafe::17")),
            (r#"for="192.0.2.43:_p-1""#, some("192.0.2.43")),
            (r#"for="[::ffff:192.0.2.43]""#, some("192.0.2.43")),
            ("for=unknown", None),
            (r#"for="_gazonk""#, None),
            ("for=_hidden", None),
            ("by=203.0.113.43", None),
            // Unquoted, a colon is not a token character: not RFC 7239, but not guessed
            // either: a plain IPv6 address reads as the address rule reads it.
            ("for=2001:db8::1", some("2001:db8::1")),
            (r#"for="[2001:db8::1"#, None),
            (r#"for="\"192.0.2.1\"""#, None),
            ("for=", None),
            // Quotes as Apache and nginx log them.
            (r#"for=\"[2001:db8:cafe::17]:4711\""#, some("2001:db8:cafe::17")),
            (r#"for=\x22[2001:db8:cafe::17]:4711\x22, for=10.0.0.1"#, some("10.0.0.1")),
            (r#"for=\x22[2001:db8:cafe::17]:4711\x22"#, some("2001:db8:cafe::17")),
        ];
        for (value, want) in table {
            assert_eq!(address(value), want, "{value}");
        }
    }

    #[test]
    fn has_for_means_at_least_one_for_pair() {
        assert!(has_for(b"for=192.0.2.43"));
        assert!(has_for(b"by=203.0.113.43, FOR=unknown"));
        assert!(!has_for(b"by=203.0.113.43;proto=https"));
        assert!(!has_for(b""));
        assert!(!has_for(b"forwarded=1"));
    }

    #[test]
    fn a_w3c_value_is_read_as_the_header_was_sent() {
        let decoded = |value: &str, unescape| {
            let mut buffer = Vec::new();
            String::from_utf8_lossy(decoded(value.as_bytes(), unescape, &mut buffer)).into_owned()
        };
        let table = [
            // IIS: `+` is a space; a `%` is itself.
            ("for=192.0.2.43,+for=10.0.0.1", Unescape::Plus, "for=192.0.2.43, for=10.0.0.1"),
            ("for=a%2C", Unescape::Plus, "for=a%2C"),
            // CloudFront: `%hh` once (`%2522` is `%22`); a `+` is itself.
            (
                "for%3D%22%5B2001:db8::17%5D%22%2C%20for%3D10.0.0.1",
                Unescape::Percent,
                r#"for="[2001:db8::17]", for=10.0.0.1"#,
            ),
            ("for=%2522+x%", Unescape::Percent, "for=%22+x%"),
            // Another server's value is read as logged.
            ("for=a+b%20", Unescape::None, "for=a+b%20"),
        ];
        for (value, unescape, want) in table {
            assert_eq!(decoded(value, unescape), want, "{value}");
        }
        assert_eq!(
            nodes(&decoded("for=192.0.2.43,+for=10.0.0.1", Unescape::Plus)),
            ["10.0.0.1", "192.0.2.43"]
        );
    }

    #[test]
    fn any_bytes_read_without_panic() {
        for value in [&b"\"\"\"\\\"for=\"\\"[..], b",,;;==\"", b"for", b"\xff\xfe;for=\xff", b"\\\"", b"\""] {
            let _ = nodes_from_right(value).count();
            let _ = has_for(value);
        }
    }
}
