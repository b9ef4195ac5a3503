//! What a field's text means, whatever the format: `-` for a missing value, HAProxy's
//! captured headers, a user name, a status, a whole or decimal number. Below the readers
//! and the matcher, which use these words; it imports nothing.

/// `-` is how Apache logs a missing value.
pub(crate) fn dash_is_none(field: &[u8]) -> Option<&[u8]> {
    (field != b"-").then_some(field)
}

/// HAProxy's captured headers as the line holds them (`{a|b} `, or ` "a" "b"` in the CLF
/// style): the text inside, or `None` when nothing was captured.
pub(crate) fn captured(field: &[u8]) -> Option<&[u8]> {
    match field {
        [] | [b' '] => None,
        [b'{', inside @ .., b'}'] | [b'{', inside @ .., b'}', b' '] => Some(inside),
        [b' ', rest @ ..] => Some(rest),
        _ => Some(field),
    }
}

/// `%l` and `%u`: `-` when unknown, and `""` for an empty name (how Apache logs a
/// user that authenticated with an empty name).
pub(crate) fn unquoted_value(field: &[u8]) -> Option<&[u8]> {
    match field {
        b"-" => None,
        b"\"\"" => Some(b""),
        _ => Some(field),
    }
}

/// `%>s`: three ASCII digits, or a lone `0`.
pub(crate) fn status(digits: &[u8]) -> Option<u16> {
    match digits {
        // Envoy's and Squid's code when no response was sent.
        [b'0'] => Some(0),
        [a, b, c] if digits.iter().all(u8::is_ascii_digit) => {
            Some(u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => None,
    }
}

/// `0.034`: digits, optionally a dot and digits, as (whole part, fraction digits); the
/// whole part fits a u64.
pub(crate) fn decimal(field: &[u8]) -> Option<(u64, &[u8])> {
    let (whole, fraction) = match field.iter().position(|&b| b == b'.') {
        Some(dot) => (&field[..dot], &field[dot + 1..]),
        None => (field, &b""[..]),
    };
    if field.contains(&b'.') && (fraction.is_empty() || !fraction.iter().all(u8::is_ascii_digit)) {
        return None;
    }
    Some((integer(whole)?, fraction))
}

/// Decimal digits (at least one) into a u64, `None` past u64's range.
pub(crate) fn integer(field: &[u8]) -> Option<u64> {
    if field.is_empty() {
        return None;
    }
    field.iter().try_fold(0u64, |n, &d| {
        if !d.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}
