//! A syslog prefix before a line: HAProxy logs through syslog, and a syslog daemon
//! writes `Feb  6 12:14:14 localhost haproxy[14389]: ` (RFC 3164) or
//! `<134>1 2026-12-06T12:14:14.655Z localhost haproxy 14389 - - ` (RFC 5424) before each
//! line it files. A format that starts with [`directives`] reads the prefix when a line
//! has one (its host, process, pid and structured data, null when it has none), and reads
//! a line without it too.
//!
//! The RFC 3164 forms, each part optional in turn: `<PRI>` (what HAProxy's `format
//! rfc3164` sends), the time (`Mmm dd hh:mm:ss`, or rsyslog's precise
//! `2022-09-04T21:34:04+00:00`), the host, then `process[pid]: ` (HAProxy's own examples
//! in its configuration manual's section 8.9 start there).
//!
//! The RFC 5424 form (section 6, what HAProxy's `format rfc5424` and rsyslog's
//! `RSYSLOG_SyslogProtocol23Format` write): `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID
//! MSGID STRUCTURED-DATA ` and an optional BOM, each header field `-` when nil. The host is
//! `syslog_host`, the app-name `syslog_process`, the procid `syslog_pid` when it is
//! digits (a procid that is not a number, such as a thread name, is null: it is no pid),
//! the structured data (`[id k="v" ...]`, one element or several, `\"`, `\\` and `\]`
//! escaped in a value) `syslog_structured_data` as logged (HAProxy's `log-format-sd` puts
//! the user's values there). The MSGID is not kept (HAProxy writes `-`), nor is the
//! `<PRI>`.
//!
//! The syslog time of either form is not kept: it is when the line was sent, and the line
//! has its own. As everything in a plan, the prefix is a regex (the definition,
//! [`pattern`]) and a scan that follows the regex's greedy path ([`read`]).

use super::plan::{Directive, Item, Kind};

/// One part of the prefix: the directive's text and its key.
pub struct Part {
    /// The directive's text, never a format's own (`<syslog host>`).
    pub text: &'static str,
    /// The JSON key.
    pub key: &'static str,
}

/// The four parts, in order: the host, the process, the pid, the structured data.
pub const PARTS: [Part; 4] = [
    Part { text: "<syslog host>", key: "syslog_host" },
    Part { text: "<syslog process>", key: "syslog_process" },
    Part { text: "<syslog pid>", key: "syslog_pid" },
    Part { text: "<syslog structured data>", key: "syslog_structured_data" },
];

/// How many groups [`pattern`] has: RFC 5424's four parts, then RFC 3164's host, process
/// and pid, then the host and process of RFC 3164 without a pid (moved onto the first
/// parts by [`merge`]).
pub const GROUPS: usize = 9;

/// `<134>`, optional in both forms.
const PRI: &str = "(?:<[0-9]{1,3}>)?";

/// RFC 5424's header and structured data, a group for the host, the app-name, the procid
/// (when digits) and the structured data; `-` (nil) leaves a group out.
const RFC5424: &str = concat!(
    // VERSION, then TIMESTAMP (nil, or FULL-DATE "T" FULL-TIME).
    "1 (?:-|[0-9]{4}-[0-9]{2}-[0-9]{2}T[!-~]+) ",
    // HOSTNAME, APP-NAME: printable US-ASCII.
    "(?:-|([!-~]+)) (?:-|([!-~]+)) ",
    // PROCID: a pid when digits; MSGID, not kept.
    "(?:([0-9]+)|[!-~]+) [!-~]+ ",
    // STRUCTURED-DATA: nil, or SD-ELEMENTs: `[` SD-ID *(SP PARAM-NAME `="` value `"`) `]`;
    // a name is printable US-ASCII but `=`, `]` and `"`; `"`, `\` and `]` are escaped in
    // a value (a backslash before another byte is itself).
    r#"(?:-|((?:\[[!#-<>-\\^-~]+(?: [!#-<>-\\^-~]+="(?:[^"\\\]]|\\.)*")*\])+)) "#,
    // A BOM before MSG.
    r"(?:\xEF\xBB\xBF)?",
);

/// RFC 3164's time (`Feb  6 12:14:14`, or rsyslog's `2022-09-04T21:34:04.123456+00:00`)
/// and host, optional, then `process[pid]: `.
const RFC3164: &str = concat!(
    "(?:(?:[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+) ",
    r"(?:([^ \[]+) )?)?([^ \[\]:]+)\[([0-9]+)\]: ",
);

/// RFC 3164 with a tag and no pid, as nginx's `access_log syslog:` sends it (its
/// `ngx_syslog_add_header`: `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG: `, the host left out with
/// `nohostname`). Without a pid the time is needed: a line's own first field followed by
/// `: ` is no tag. A host does not end in `:` (a tag does, before its space).
const RFC3164_TAG: &str = concat!(
    "(?:[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+) ",
    r"(?:([^ \[]*[^ \[:]) )?([^ \[\]:]+): ",
);

/// The prefix's regex, optional, with its [`GROUPS`] groups:
/// `(?:<PRI>?(?:RFC5424|RFC3164|RFC3164_TAG))?`.
pub fn pattern() -> String {
    format!("(?:{PRI}(?:{RFC5424}|{RFC3164}|{RFC3164_TAG}))?")
}

/// After the regex matched a line (`spans` from `base`, the prefix's first group): RFC
/// 3164's groups moved onto the parts they are, as the scan fills them.
pub fn merge(base: usize, spans: &mut [(usize, usize)], absent: (usize, usize)) {
    // (group after the parts, part): RFC 3164's host, process, pid; then without a pid.
    const MOVED: [(usize, usize); 5] = [(0, 0), (1, 1), (2, 2), (3, 0), (4, 1)];
    for (group, part) in MOVED {
        let from = base + PARTS.len() + group;
        if spans[from] != absent {
            spans[base + part] = spans[from];
            spans[from] = absent;
        }
    }
}

/// The directives a plan starts with to read a syslog prefix.
pub fn directives() -> [Directive; 4] {
    // The host is text, not an address as logged: a `-` there is no host (null), as
    // RFC 5424's nil is (rsyslog and Docker's syslog driver write `Feb 01 18:34:10 - `).
    let kinds = [Kind::Text, Kind::Text, Kind::Integer { dash_is_zero: false }, Kind::Text];
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

/// `LOG_FORMAT`'s form for a format whose lines a syslog daemon may have wrapped (nginx's
/// `access_log syslog:server=...`, Apache's piped to `logger`): `syslog:` and the format.
pub const FORM: &str = "syslog:";

/// The format after [`FORM`], when `text` is in that form.
pub fn wrapped(text: &str) -> Option<&str> {
    text.trim_start().strip_prefix(FORM).map(str::trim_start)
}

/// A plan's items with the prefix's [`directives`] first, unless they are there already
/// (HAProxy's plans start with them).
pub fn wrap(items: &mut Vec<Item>) {
    if !matches!(items.first(), Some(Item::Directive(d)) if part_of(d).is_some()) {
        items.splice(0..0, directives().map(Item::Directive));
    }
}

/// The part a directive reads, if it is one of the prefix's.
pub fn part_of(d: &Directive) -> Option<usize> {
    PARTS.iter().position(|p| p.text == d.text)
}

/// A prefix read: the span of each of [`PARTS`] it has, and where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix {
    /// The spans of the host, process, pid and structured data, in [`PARTS`]' order.
    pub parts: [Option<(usize, usize)>; 4],
    /// Where the line after the prefix starts.
    pub end: usize,
}

impl Prefix {
    /// Its parts' spans put in `spans` from `base` (the prefix's first group), as the
    /// regex's groups are after [`merge`]; where the line after it starts.
    pub fn place(&self, base: usize, spans: &mut [(usize, usize)], absent: (usize, usize)) -> usize {
        for (part, span) in self.parts.iter().enumerate() {
            spans[base + part] = span.unwrap_or(absent);
        }
        self.end
    }
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
    if let Some(found) = rfc5424(line, start) {
        return Some(found);
    }
    let timed = time_len(&line[start..]).map(|len| start + len);
    if let Some(found) = timed.and_then(|i| host_then(line, i, tag, false)) {
        return Some(found);
    }
    // Without the time (the regex's other branch): the tag alone, after the `<PRI>`.
    if let Some(found) = tag(line, start) {
        return Some(found);
    }
    // A tag without a pid, after the time (nginx's): with the host, then without.
    if let Some(found) = timed.and_then(|i| host_then(line, i, bare_tag, true)) {
        return Some(found);
    }
    if start > 0 { tag(line, 0) } else { None }
}

/// After the time, at `i`: the host, when a tag `read` reads after it (a host that ends in
/// `:` is no host before a `bare` tag: it is the tag), else the tag right after the time.
fn host_then(line: &[u8], i: usize, read: fn(&[u8], usize) -> Option<Prefix>, bare: bool) -> Option<Prefix> {
    let host_end = i + line[i..].iter().take_while(|&&b| b != b' ' && b != b'[').count();
    if host_end > i
        && !(bare && line[host_end - 1] == b':')
        && line.get(host_end) == Some(&b' ')
        && let Some(mut found) = read(line, host_end + 1)
    {
        found.parts[0] = Some((i, host_end));
        return Some(found);
    }
    read(line, i)
}

/// RFC 5424's header and structured data from `i` (after the `<PRI>`), and the BOM.
fn rfc5424(line: &[u8], i: usize) -> Option<Prefix> {
    if line.get(i..i + 2) != Some(b"1 ") {
        return None;
    }
    let time = (i + 2, field(line, i + 2)?);
    let t = &line[time.0..time.1];
    let date = |at: &[usize]| at.iter().all(|&k| t[k].is_ascii_digit());
    let is_time =
        t.len() > 11 && t[4] == b'-' && t[7] == b'-' && t[10] == b'T' && date(&[0, 1, 2, 3, 5, 6, 8, 9]);
    if t != b"-" && !is_time {
        return None;
    }
    let host = (time.1 + 1, field(line, time.1 + 1)?);
    let process = (host.1 + 1, field(line, host.1 + 1)?);
    let pid = (process.1 + 1, field(line, process.1 + 1)?);
    let msgid_end = field(line, pid.1 + 1)?;
    let data = (msgid_end + 1, structured_data(line, msgid_end + 1)?);
    let mut end = data.1 + 1;
    if line.get(end..end + 3) == Some(b"\xEF\xBB\xBF") {
        end += 3;
    }
    let given = |(s, e): (usize, usize)| (&line[s..e] != b"-").then_some((s, e));
    let digits = line[pid.0..pid.1].iter().all(u8::is_ascii_digit);
    Some(Prefix { parts: [given(host), given(process), digits.then_some(pid), given(data)], end })
}

/// The end of a header field from `i`: printable US-ASCII, at least one byte, then a
/// space.
fn field(line: &[u8], i: usize) -> Option<usize> {
    let len = line.get(i..)?.iter().take_while(|&&b| (b'!'..=b'~').contains(&b)).count();
    (len > 0 && line.get(i + len) == Some(&b' ')).then_some(i + len)
}

/// The end of the structured data from `i` (`-`, or its elements), followed by a space.
fn structured_data(line: &[u8], mut i: usize) -> Option<usize> {
    if line.get(i..i + 2) == Some(b"- ") {
        return Some(i + 1);
    }
    let name = |i: usize| {
        let len =
            line[i..].iter().take_while(|&&b| (b'!'..=b'~').contains(&b) && !b"=]\"".contains(&b)).count();
        (len > 0).then_some(i + len)
    };
    let start = i;
    while line.get(i) == Some(&b'[') {
        i = name(i + 1)?;
        while line.get(i) == Some(&b' ') {
            i = name(i + 1)?;
            if line.get(i..i + 2) != Some(b"=\"") {
                return None;
            }
            i += 2;
            loop {
                match line.get(i)? {
                    b'\\' if i + 1 < line.len() => i += 2,
                    b'"' => break,
                    b'\\' | b']' => return None,
                    _ => i += 1,
                }
            }
            i += 1;
        }
        if line.get(i) != Some(&b']') {
            return None;
        }
        i += 1;
    }
    (i > start && line.get(i) == Some(&b' ')).then_some(i)
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
    (digits > 0 && line.get(close..close + 3) == Some(b"]: "))
        .then_some(Prefix { parts: [None, Some((i, open)), Some((open + 1, close)), None], end: close + 3 })
}

/// `tag: ` from `i`, without a pid (nginx's `nginx: `).
fn bare_tag(line: &[u8], i: usize) -> Option<Prefix> {
    let name = line[i..].iter().take_while(|&&b| !matches!(b, b' ' | b'[' | b']' | b':')).count();
    let end = i + name;
    (name > 0 && line.get(end..end + 2) == Some(b": "))
        .then_some(Prefix { parts: [None, Some((i, end)), None, None], end: end + 2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABSENT: (usize, usize) = (usize::MAX, usize::MAX);

    /// The parts' spans and the end by the regex, as the matcher reads them.
    fn by_regex(line: &[u8]) -> Option<Prefix> {
        let re = regex::bytes::Regex::new(&format!("(?s-u)^{}", pattern())).unwrap();
        let caps = re.captures(line).unwrap();
        let mut spans: Vec<_> =
            (0..=GROUPS).map(|g| caps.get(g).map_or(ABSENT, |m| (m.start(), m.end()))).collect();
        merge(1, &mut spans, ABSENT);
        let parts = [1, 2, 3, 4].map(|g| (spans[g] != ABSENT).then_some(spans[g]));
        let end = caps.get(0).unwrap().end();
        (end > 0).then_some(Prefix { parts, end })
    }

    #[test]
    fn the_scan_reads_what_the_regex_reads() {
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
            // RFC 5424, section 6.5's examples and HAProxy's own form.
            b"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \xEF\xBB\xBF'su root' failed",
            b"<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time",
            b"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] \xEF\xBB\xBFAn application event",
            b"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] x",
            b"<134>1 2026-12-06T12:14:14.655123+01:00 lb-1 haproxy 14389 - - 10.0.1.2:33317",
            b"1 - - - - - - x",
            b"<134>1 2026-12-06T12:14:14Z lb haproxy 12ab - [a b=\"c\\\"d\\]e\\\\\" f=\"\"] x",
            b"<134>1 2026-12-06T12:14:14Z lb haproxy 1 - [a b=\"c]\"] x",
            b"<134>1 2026-12-06T12:14:14Z lb haproxy 1 - [a b=\"c\\",
            b"<134>1 2026-12-06T12:14:14Z lb haproxy 1 - [] x",
            b"<134>1 2026-12-06 lb haproxy 1 - - x",
            b"<134>1 2026-12-06T12:14:14Z lb haproxy[1]: x",
            // nginx's `access_log syslog:`: a tag without a pid, with or without the host.
            b"<190>Dec  7 05:00:00 web-1 nginx: 192.0.2.1 - - [07/Dec/2026:05:00:00 +0000]",
            b"<190>Dec  7 05:00:00 nginx: 192.0.2.1 - -",
            b"Dec  7 05:00:00 web-1 nginx: x",
            b"<190>Dec 17 05:00:00 2001:db8::5 nginx_web: x",
            b"<190>Dec  7 05:00:00 nginx: host: x",
            b"<190>Dec  7 05:00:00 web-1 nginx:x",
            b"nginx: 192.0.2.1 - -",
            b"<190>nginx: x",
            b"2026-12-07T05:00:00+00:00 web-1 nginx: x",
        ] {
            assert_eq!(read(line), by_regex(line), "{}", String::from_utf8_lossy(line));
        }
    }

    #[test]
    fn nginx_s_header_has_a_tag_without_a_pid() {
        let line = b"<190>Dec  7 05:00:00 web-1 nginx: 192.0.2.1 - -";
        let p = read(line).unwrap();
        assert_eq!(p.parts, [Some((21, 26)), Some((27, 32)), None, None]);
        assert_eq!(&line[p.end..], b"192.0.2.1 - -");
        // `nohostname`: the tag right after the time; a host never ends in `:`.
        let line = b"<190>Dec  7 05:00:00 nginx: host: x";
        assert_eq!(read(line).map(|p| (p.parts, p.end)), Some(([None, Some((21, 26)), None, None], 28)));
        // Without the time, `word: ` is the line's own.
        assert_eq!(read(b"example.com: GET /"), None);
    }

    #[test]
    fn rfc5424_parts_nil_values_and_a_procid_that_is_no_pid() {
        let line = b"<134>1 2026-12-06T12:14:14Z - - worker-1 - [a b=\"1\"] \xEF\xBB\xBFx";
        let p = read(line).unwrap();
        assert_eq!(p.parts, [None, None, None, Some((43, 52))]);
        assert_eq!(&line[p.end..], b"x");
    }
}
