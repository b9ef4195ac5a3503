//! A syslog prefix before a line: HAProxy logs through syslog, and a syslog daemon
//! writes `Feb  6 12:14:14 localhost haproxy[14389]: ` (RFC 3164) before each line it
//! files. A format that starts with [`directives`] reads the prefix when a line has one
//! (its host, process and pid, null when it has none), and reads a line without it too.
//!
//! The forms read, each optional in turn: `<PRI>` (what HAProxy's `format rfc3164`
//! sends), the time (`Mmm dd hh:mm:ss`, or rsyslog's precise `2022-09-04T21:34:04+00:00`),
//! the host, then `process[pid]: ` (HAProxy's own
//! examples in its configuration manual's section 8.9 start there). The syslog time is
//! not kept: the line has its own. As everything in a plan, the prefix is a regex (the
//! definition, [`PARTS`]' fragments) and a scan that follows the regex's greedy path
//! ([`read`]).

use super::plan::{Directive, Kind};

/// One part of the prefix: the directive's text, its key, and the regex around and in
/// its group: `before`, the group's pattern, `after`.
pub struct Part {
    /// The directive's text, never a format's own (`<syslog host>`).
    pub text: &'static str,
    /// The JSON key.
    pub key: &'static str,
    /// The pattern before the group.
    pub before: &'static str,
    /// The group's pattern.
    pub inner: &'static str,
    /// The pattern after the group.
    pub after: &'static str,
}

/// `<134>`, then `Feb  6 12:14:14 ` (or rsyslog's `2022-09-04T21:34:04.123456+00:00 `)
/// and the host, all optional.
const HEAD: &str = "(?:(?:<[0-9]{1,3}>)?(?:(?:[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+) (?:(";

/// The three parts, in order: the host, the process, the pid. Their patterns joined are
/// `(?:(?:<PRI>)?(?:TIME (?:(HOST) )?)?(PROCESS)\[(PID)\]: )?`.
pub const PARTS: [Part; 3] = [
    Part { text: "<syslog host>", key: "syslog_host", before: HEAD, inner: "[^ \\[]+", after: ") )?)?" },
    Part { text: "<syslog process>", key: "syslog_process", before: "(", inner: "[^ \\[\\]:]+", after: ")" },
    Part { text: "<syslog pid>", key: "syslog_pid", before: "\\[(", inner: "[0-9]+", after: ")\\]: )?" },
];

/// The directives a plan starts with to read a syslog prefix.
pub fn directives() -> [Directive; 3] {
    let kinds = [Kind::Host, Kind::Text, Kind::Integer { dash_is_zero: false }];
    let mut n = 0;
    kinds.map(|kind| {
        let part = &PARTS[n];
        n += 1;
        Directive {
            text: part.text.into(),
            position: 0,
            key: part.key.into(),
            alt_key: None,
            kind,
            header: None,
        }
    })
}

/// The part a directive reads, if it is one of the prefix's.
pub fn part_of(d: &Directive) -> Option<usize> {
    PARTS.iter().position(|p| p.text == d.text)
}

/// A prefix read: the spans of its host (if any), process and pid, and where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix {
    /// The host's span.
    pub host: Option<(usize, usize)>,
    /// The process's span.
    pub process: (usize, usize),
    /// The pid's span.
    pub pid: (usize, usize),
    /// Where the line after the prefix starts.
    pub end: usize,
}

/// Reads the prefix at the start of `line`, along the regex's greedy path.
pub fn read(line: &[u8]) -> Option<Prefix> {
    let mut i = 0;
    if line.first() == Some(&b'<')
        && let Some(close) = line.iter().take(5).position(|&b| b == b'>')
        && (2..=4).contains(&close)
        && line[1..close].iter().all(u8::is_ascii_digit)
    {
        i = close + 1;
    }
    let start = i;
    if let Some(len) = time_len(&line[i..]) {
        i += len;
        // The host, when a tag follows it; else the tag right after the time.
        let host_end = i + line[i..].iter().take_while(|&&b| b != b' ' && b != b'[').count();
        if host_end > i
            && line.get(host_end) == Some(&b' ')
            && let Some(found) = tag(line, host_end + 1)
        {
            return Some(Prefix { host: Some((i, host_end)), ..found });
        }
        if let Some(found) = tag(line, i) {
            return Some(found);
        }
    }
    // Without the time (the regex's other branch): the tag alone, after the `<PRI>`.
    tag(line, start).or_else(|| if start > 0 { tag(line, 0) } else { None })
}

/// The length of the time at the start, and the space after it: `Mmm dd hh:mm:ss ` (RFC
/// 3164), or an RFC 3339 date, `T` and what follows to the space (rsyslog's precise form).
fn time_len(t: &[u8]) -> Option<usize> {
    if let Some(date) = t.get(..11)
        && date[10] == b'T'
        && date[4] == b'-'
        && date[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&at| date[at].is_ascii_digit())
    {
        let rest = t[11..].iter().take_while(|&&b| b != b' ').count();
        return (rest > 0 && t.get(11 + rest) == Some(&b' ')).then_some(11 + rest + 1);
    }
    is_rfc3164_time(t).then_some(16)
}

/// `Mmm dd hh:mm:ss ` at the start.
fn is_rfc3164_time(t: &[u8]) -> bool {
    let Some(t) = t.get(..16) else { return false };
    let d = |at: usize| t[at].is_ascii_digit();
    t[0].is_ascii_uppercase()
        && t[1].is_ascii_lowercase()
        && t[2].is_ascii_lowercase()
        && t[3] == b' '
        && (t[4] == b' ' || d(4))
        && d(5)
        && t[6] == b' '
        && d(7)
        && d(8)
        && t[9] == b':'
        && d(10)
        && d(11)
        && t[12] == b':'
        && d(13)
        && d(14)
        && t[15] == b' '
}

/// `process[pid]: ` from `i`.
fn tag(line: &[u8], i: usize) -> Option<Prefix> {
    let name = line[i..].iter().take_while(|&&b| !matches!(b, b' ' | b'[' | b']' | b':')).count();
    let open = i + name;
    if name == 0 || line.get(open) != Some(&b'[') {
        return None;
    }
    let digits = line[open + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    let close = open + 1 + digits;
    (digits > 0 && line.get(close..close + 3) == Some(b"]: ")).then_some(Prefix {
        host: None,
        process: (i, open),
        pid: (open + 1, close),
        end: close + 3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex the parts make, for the scan to agree with.
    fn regex() -> regex::bytes::Regex {
        let pattern: String = PARTS.iter().map(|p| format!("{}{}{}", p.before, p.inner, p.after)).collect();
        regex::bytes::Regex::new(&format!("(?s-u)^{pattern}")).unwrap()
    }

    #[test]
    fn the_scan_reads_what_the_regex_reads() {
        let re = regex();
        for line in [
            &b"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009"[..],
            b"<134>Feb  6 12:14:14 haproxy[14389]: x",
            b"haproxy[674]: 127.0.0.1:33318 [15/Oct/2003:08:31:57.130]",
            b"Dec 13 09:02:01 lb-1.example.net haproxy[7]: x",
            b"127.0.0.1:33318 [15/Oct/2003:08:31:57.130]",
            b"Feb  6 12:14:14 localhost x",
            b"<13>haproxy[1]: ",
            b"2022-09-04T21:34:04+00:00 haproxy_reverse_proxy_1.haproxy_main haproxy[8]: 172.24.0.1:62106",
            b"2026-12-06T19:43:17.123456+01:00 lb haproxy[8]: x",
            b"2026-12-06T haproxy[8]: x",
        ] {
            let scan = read(line);
            let caps = re.captures(line).unwrap();
            let span = |g: usize| caps.get(g).map(|m| (m.start(), m.end()));
            match scan {
                Some(p) => {
                    assert_eq!(
                        (p.host, Some(p.process), Some(p.pid)),
                        (span(1), span(2), span(3)),
                        "{line:?}"
                    );
                    assert_eq!(p.end, caps.get(0).unwrap().end());
                }
                None => assert_eq!(caps.get(0).unwrap().end(), 0, "{line:?}"),
            }
        }
    }
}
