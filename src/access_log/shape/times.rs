//! The times the scan reads position by position, as their regexes read them: Apache's
//! `%t`, HAProxy's `%t` with milliseconds, and RFC 3339.

/// Whether `t[from..from + n]` is all digits.
#[inline]
fn digits_in(t: &[u8], from: usize, n: usize) -> bool {
    t[from..from + n].iter().all(u8::is_ascii_digit)
}

/// The CLF time up to its seconds, `[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2}`,
/// at the start of `t` (at least 20 bytes), position by position: Apache's `%t` and
/// HAProxy's `%t` go on from there.
#[inline]
fn clf_seconds(t: &[u8]) -> bool {
    digits_in(t, 0, 2)
        && t[2] == b'/'
        && t[3..6].iter().all(u8::is_ascii_alphabetic)
        && t[6] == b'/'
        && digits_in(t, 7, 4)
        && t[11] == b':'
        && digits_in(t, 12, 2)
        && t[14] == b':'
        && digits_in(t, 15, 2)
        && t[17] == b':'
        && digits_in(t, 18, 2)
}

/// `%t`'s inside from `i`: the regex
/// `[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}`, position by
/// position.
#[inline]
pub(super) fn clf_inner(line: &[u8], i: usize) -> Option<usize> {
    let t: &[u8; 26] = line.get(i..i + 26)?.try_into().ok()?;
    let fits = clf_seconds(t) && t[20] == b' ' && (t[21] == b'+' || t[21] == b'-') && digits_in(t, 22, 4);
    fits.then_some(i + 26)
}

/// An RFC 3339 time from `i`, as its regex reads it, position by position:
/// `[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})`.
#[inline]
pub(super) fn rfc3339(line: &[u8], i: usize) -> Option<usize> {
    let t: &[u8; 19] = line.get(i..i + 19)?.try_into().ok()?;
    let fits = digits_in(t, 0, 4)
        && t[4] == b'-'
        && digits_in(t, 5, 2)
        && t[7] == b'-'
        && digits_in(t, 8, 2)
        && matches!(t[10], b'T' | b't' | b' ')
        && digits_in(t, 11, 2)
        && t[13] == b':'
        && digits_in(t, 14, 2)
        && t[16] == b':'
        && digits_in(t, 17, 2);
    if !fits {
        return None;
    }
    let mut j = i + 19;
    if line.get(j) == Some(&b'.') && line.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 1 + line[j + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    }
    let two = |at: usize| line.get(at..at + 2).is_some_and(|d| digits_in(d, 0, 2));
    match line.get(j) {
        Some(b'Z' | b'z') => Some(j + 1),
        Some(b'+' | b'-') if two(j + 1) => {
            let at = if line.get(j + 3) == Some(&b':') { j + 4 } else { j + 3 };
            two(at).then_some(at + 2)
        }
        _ => None,
    }
}

/// HAProxy's `%t` from `i`: the regex
/// `[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}`, position by
/// position.
#[inline]
pub(super) fn clf_millis(line: &[u8], i: usize) -> Option<usize> {
    let t: &[u8; 24] = line.get(i..i + 24)?.try_into().ok()?;
    let fits = clf_seconds(t) && t[20] == b'.' && digits_in(t, 21, 3);
    fits.then_some(i + 24)
}
