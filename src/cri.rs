//! Container runtimes' log lines: the CRI log format, which kubelet's runtimes (containerd,
//! CRI-O) write to `/var/log/containers/*.log` on Kubernetes nodes (EKS among them):
//! `2023-10-06T00:17:09.669794202Z stdout F <line>`.
//!
//! A prefix of three words before the container's own line, each followed by one space
//! (kubernetes/design-proposals `kubelet-cri-logging.md`, and the parsers of Fluent Bit's
//! `cri` and Vector's `kubernetes_logs`):
//!
//! - the time the runtime read the line, RFC 3339 with up to 9 fraction digits and `Z`
//!   (containerd) or an offset `+00:00` (CRI-O);
//! - the stream, `stdout` or `stderr`;
//! - the tag, `F` for a full line or `P` for a partial one: the runtime splits a line
//!   longer than its buffer (16 KiB) into `P` pieces ended by an `F` piece.
//!
//! [`split`] reads the prefix; a shipper that tails the files without its `cri` parser
//! sends such lines as they are, or inside its envelope's `log`. The three words are
//! written as an envelope's fields under [`KEYS`]; a partial line is a piece, never a line
//! of its own ([`Prefix::partial`]). Imports nothing of firelog's.
//!
//! [`split`]: crate::cri::split
//! [`KEYS`]: crate::cri::KEYS
//! [`Prefix::partial`]: crate::cri::Prefix::partial

/// The fields a prefix is written as, in its order: `time`, `stream`, `logtag` (Fluent
/// Bit's `cri` parser's names).
pub const KEYS: [&str; 3] = ["time", "stream", "logtag"];

/// A line's CRI prefix and the line after it, borrowed from the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix<'a> {
    /// The runtime's time, as written (`2023-10-06T00:17:09.669794202Z`).
    pub time: &'a [u8],
    /// `stdout` or `stderr`.
    pub stream: &'a [u8],
    /// `F` or `P`.
    pub tag: &'a [u8],
    /// The container's line after the prefix (empty for an empty line).
    pub line: &'a [u8],
    /// The prefix and the line: what [`split`] was given.
    pub whole: &'a [u8],
}

impl Prefix<'_> {
    /// Whether the line is a piece of a longer one (`P`): the rest is in the next lines.
    pub fn partial(&self) -> bool {
        self.tag == b"P"
    }

    /// The prefix's words in the order of [`KEYS`]. Each is ASCII without `"` or `\`, so
    /// it is written as a JSON string's body as it is.
    pub fn values(&self) -> [&[u8]; 3] {
        [self.time, self.stream, self.tag]
    }

    /// Where the tag stands in [`Prefix::whole`].
    pub fn tag_at(&self) -> usize {
        self.time.len() + b" stdout ".len()
    }
}

/// The prefix of `line` and the line after it, or `None` when `line` does not start with
/// one (its first byte is not a digit: one look for any other line).
///
/// ```
/// let p = firelog::cri::split(b"2023-10-06T00:17:09.669794202Z stdout F GET / 200").unwrap();
/// assert_eq!((p.time, p.stream, p.tag, p.line), (&b"2023-10-06T00:17:09.669794202Z"[..], &b"stdout"[..], &b"F"[..], &b"GET / 200"[..]));
/// assert!(firelog::cri::split(b"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5").is_none());
/// ```
pub fn split(whole: &[u8]) -> Option<Prefix<'_>> {
    if !whole.first()?.is_ascii_digit() {
        return None;
    }
    let time_len = time_len(whole)?;
    let (time, rest) = whole.split_at(time_len);
    let rest = rest.strip_prefix(b" ")?;
    let (stream, rest) = rest.split_at_checked(6)?;
    if stream != b"stdout" && stream != b"stderr" {
        return None;
    }
    let rest = rest.strip_prefix(b" ")?;
    let (tag, rest) = rest.split_at_checked(1)?;
    if tag != b"F" && tag != b"P" {
        return None;
    }
    // The space before the line; an empty line may be written without it.
    let line = match rest {
        [] => rest,
        [b' ', line @ ..] => line,
        _ => return None,
    };
    Some(Prefix { time, stream, tag, line, whole })
}

/// The length of the RFC 3339 time `line` starts with: `YYYY-MM-DDTHH:MM:SS`, an
/// optional `.` and 1 to 9 digits, then `Z` or `+hh:mm`/`-hh:mm`.
fn time_len(line: &[u8]) -> Option<usize> {
    // The date and time of day: a digit where the form has `d`, the byte itself elsewhere.
    const FORM: &[u8; 19] = b"dddd-dd-ddTdd:dd:dd";
    let head = line.get(..FORM.len())?;
    let fits = FORM.iter().zip(head).all(|(&f, &b)| if f == b'd' { b.is_ascii_digit() } else { b == f });
    if !fits {
        return None;
    }
    let mut at = FORM.len();
    if line.get(at) == Some(&b'.') {
        let digits = line[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        at += 1 + digits;
    }
    match line.get(at..)? {
        [b'Z', ..] => Some(at + 1),
        [b'+' | b'-', h1, h2, b':', m1, m2, ..] if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()) => {
            Some(at + 6)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (time, stream, tag, line) as text.
    type Parts = (String, String, String, String);

    /// A line's [`Parts`], or `None`.
    fn parts(line: &[u8]) -> Option<Parts> {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        split(line).map(|p| (text(p.time), text(p.stream), text(p.tag), text(p.line)))
    }

    #[test]
    fn prefixes() {
        let some = |t: &str, s: &str, g: &str, l: &str| Some((t.into(), s.into(), g.into(), l.into()));
        let cases: &[(&[u8], Option<Parts>)] = &[
            // Vector's kubernetes_logs CRI cases and containerd's form.
            (
                b"2016-10-06T00:17:09.669794202Z stdout F The content of the log entry 1",
                some("2016-10-06T00:17:09.669794202Z", "stdout", "F", "The content of the log entry 1"),
            ),
            (
                b"2016-10-06T00:17:09.669794202Z stdout P First line of log entry 2",
                some("2016-10-06T00:17:09.669794202Z", "stdout", "P", "First line of log entry 2"),
            ),
            (
                b"2016-10-06T00:17:10.113242941Z stderr F x",
                some("2016-10-06T00:17:10.113242941Z", "stderr", "F", "x"),
            ),
            // CRI-O writes an offset.
            (
                b"2019-05-07T18:57:50.904275087+00:00 stdout F 3a. non multiline 1",
                some("2019-05-07T18:57:50.904275087+00:00", "stdout", "F", "3a. non multiline 1"),
            ),
            (b"2019-05-07T18:57:50-07:00 stdout F a", some("2019-05-07T18:57:50-07:00", "stdout", "F", "a")),
            // No fraction; an empty line with and without its space; spaces in the line kept.
            (b"2023-10-06T00:17:09Z stdout F ", some("2023-10-06T00:17:09Z", "stdout", "F", "")),
            (b"2023-10-06T00:17:09Z stdout F", some("2023-10-06T00:17:09Z", "stdout", "F", "")),
            (
                b"2023-10-06T00:17:09Z stdout F  two  spaces ",
                some("2023-10-06T00:17:09Z", "stdout", "F", " two  spaces "),
            ),
            // Not prefixes.
            (b"", None),
            (b"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 5", None),
            (b"2023-10-06T00:17:09.669794202Z stdin F x", None),
            (b"2023-10-06T00:17:09.669794202Z stdout X x", None),
            (b"2023-10-06T00:17:09.669794202Z stdout Fx", None),
            (b"2023-10-06T00:17:09.669794202Z  stdout F x", None),
            (b"2023-10-06T00:17:09.6697942021Z stdout F x", None),
            (b"2023-10-06T00:17:09.Z stdout F x", None),
            (b"2023-10-06T00:17:09 stdout F x", None),
            (b"2023-10-06 00:17:09Z stdout F x", None),
            (b"2023-10-06T00:17:09+0000 stdout F x", None),
            (b"2023-10-06T00:17:09.1Z stdout", None),
            (b"2023-10-06T00:17:09.1Z stdou", None),
            (b"2023-10-06T0", None),
        ];
        for (line, want) in cases {
            assert_eq!(parts(line), *want, "{}", String::from_utf8_lossy(line));
        }
    }

    #[test]
    fn a_partial_line_says_so() {
        let p = split(b"2016-10-06T00:17:09.669794202Z stdout P First line").unwrap();
        assert!(p.partial());
        assert_eq!(&p.whole[p.tag_at()..], b"P First line");
        assert!(!split(b"2016-10-06T00:17:09.669794202Z stdout F Last line").unwrap().partial());
    }
}
