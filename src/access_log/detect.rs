//! Which format a log is in: every nickname and the common variants, tried on sample
//! lines, ranked by how many lines each reads (`firelog detect`), and what each saw: the
//! text a forgiving format left in `extra`, and, line by line, the candidate that got
//! furthest and where it stopped.
//!
//! A candidate is a name and a `LOG_FORMAT` value ([`Candidate`]); whatever reads lines
//! into entries can be one, so more (JSON formats' nicknames) join the list as rows.
//!
//! A line a candidate does not read as it came that is a shipper's envelope
//! ([`crate::shipper::read`]) is tried from the line inside, as the transformer reads it:
//! the candidate named is the format of the lines inside, and where such a line stopped
//! is a column of the line inside.

use super::{Captures, Entry, Format, Formats, ParseError, haproxy, log_format};
use crate::shipper::{self, LogKey};

/// A format `detect` tries: its name, and what to set `LOG_FORMAT` to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The nickname, or a name saying what it adds to one.
    pub name: &'static str,
    /// What to set `LOG_FORMAT` to: a nickname or a format string.
    pub log_format: &'static str,
}

impl Candidate {
    /// The format string it stands for: a nickname's, or its own.
    pub fn definition(&self) -> &'static str {
        (log_format::NICKNAMES
            .iter()
            .chain(super::apigateway::NICKNAMES)
            .chain(&super::envoy::NICKNAMES)
            .chain(&haproxy::NICKNAMES))
        .find(|(name, _)| *name == self.log_format)
        .map_or(self.log_format, |(_, definition)| definition)
    }
}

const fn candidate(name: &'static str, log_format: &'static str) -> Candidate {
    Candidate { name, log_format }
}

/// The candidates, in the order that breaks a tie: the more fields a format checks, the
/// earlier.
pub const CANDIDATES: &[Candidate] = &[
    // A JSON log's nickname reads any JSON object (a missing key is null): it counts a
    // line as read only when the line has its time and its status.
    candidate("caddy", "caddy"),
    candidate("traefik_json", "traefik_json"),
    candidate("envoy_json", "envoy_json"),
    candidate("Envoy Gateway's JSON", super::envoy::ENVOY_GATEWAY_JSON),
    candidate("ingress_nginx", "ingress_nginx"),
    candidate(
        "nginx_main + $request_time",
        r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time"#,
    ),
    candidate("nginx_main", "nginx_main"),
    candidate(
        "nginx_combined + $request_time",
        r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time"#,
    ),
    candidate("vhost_combined", "vhost_combined"),
    candidate("combined + %D", r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D"#),
    candidate(
        "combined + \"%{X-Forwarded-For}i\"",
        r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{X-Forwarded-For}i""#,
    ),
    // Traefik's CLF is combined and four fields more; Squid's own formats. (Traefik's
    // genericCLF, Tomcat's default and varnishncsa's default read as combined and common.)
    candidate("traefik", "traefik"),
    candidate("squid_combined", "squid_combined"),
    candidate("squid", "squid"),
    candidate("squid_common", "squid_common"),
    candidate("combined", "combined"),
    candidate("nginx_combined", "nginx_combined"),
    candidate("common", "common"),
    candidate("ssl_request_log", r#"%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b"#),
    // API Gateway's presets: no other format reads their lines whole.
    candidate("apigateway_json", "apigateway_json"),
    candidate("apigateway_clf", "apigateway_clf"),
    candidate("apigateway_xml", "apigateway_xml"),
    candidate("apigateway_csv", "apigateway_csv"),
    candidate("apigateway_http", "apigateway_http"),
    candidate("apigateway_http_json", "apigateway_http_json"),
    candidate("apigateway_http_xml", "apigateway_http_xml"),
    candidate("apigateway_http_csv", "apigateway_http_csv"),
    candidate("apigateway_ws_clf", "apigateway_ws_clf"),
    candidate("apigateway_ws_json", "apigateway_ws_json"),
    candidate("apigateway_ws_xml", "apigateway_ws_xml"),
    candidate("apigateway_ws_csv", "apigateway_ws_csv"),
    // AWS's fixed layouts: no other candidate reads their lines, nor they another's.
    candidate("alb", "alb"),
    candidate("alb_connection", "alb_connection"),
    candidate("clb", "clb"),
    candidate("nlb", "nlb"),
    candidate("s3_access", "s3_access"),
    // W3C logs: their lines have no quotes or brackets; the more fields, the earlier.
    candidate("cloudfront_realtime", "cloudfront_realtime"),
    candidate("cloudfront", "cloudfront"),
    candidate("iis", "iis"),
    candidate("cloudfront_json", "cloudfront_json"),
    // Envoy's formats read only Envoy's lines (`[2016-04-15T20:17:00.310Z] "POST ...`),
    // and no other candidate reads theirs: their place breaks no tie.
    candidate("istio", "istio"),
    candidate("envoy", "envoy"),
    // HAProxy's, with or without a syslog prefix.
    candidate("haproxy_https", "haproxy_https"),
    candidate("haproxy_http", "haproxy_http"),
    // `option tcplog clf` writes `"TCP " 000` where the HTTP CLF has the request and
    // status, so `haproxy_clf` reads its lines too: the TCP one goes first.
    candidate("haproxy_tcp_clf", "haproxy_tcp_clf"),
    candidate("haproxy_clf", "haproxy_clf"),
    candidate("haproxy_tcp", "haproxy_tcp"),
];

/// How many lines a candidate read, how many of them it read whole, and the first it
/// could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The candidate tried.
    pub candidate: Candidate,
    /// How many of the lines it read.
    pub read: usize,
    /// How many of those left text in its untyped `extra` (the default's forgiveness).
    pub with_extra: usize,
    /// How many of those it read from the line inside a shipper's envelope.
    pub enveloped: usize,
    /// Of a JSON log's lines it read, how many of their keys its fields hold, summed
    /// over the lines (0 for a text format): where several JSON formats read the same
    /// lines (any JSON object reads, a missing key null), the one whose keys cover the
    /// most of the lines' keys wins the tie (API Gateway's HTTP preset over the REST
    /// one, whose keys its lines share but for `routeKey`).
    pub covered: usize,
    /// How many of those it read with a layout a `#Fields:` line of the sample set
    /// (a W3C candidate's), not its own.
    pub switched: usize,
    /// The first line (an index into the lines given) that left text in `extra`, and
    /// that text.
    pub first_extra: Option<(usize, Vec<u8>)>,
    /// Indices (into the lines given) of the first lines it could not read (at most
    /// [`UNREAD_SHOWN`]).
    pub unread: Vec<usize>,
}

impl Detected {
    /// Whether it reads every one of `total` lines into typed fields, nothing in `extra`.
    pub fn reads_all_whole(&self, total: usize) -> bool {
        self.read == total && self.with_extra == 0
    }
}

/// How many unread line numbers a result keeps.
pub const UNREAD_SHOWN: usize = 10;

/// Where a line stopped for the candidate that got furthest on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closest {
    /// The candidate's index in [`CANDIDATES`].
    pub candidate: usize,
    /// Where and why it stopped (no hint: the hint is what `detect` itself answers).
    pub error: ParseError,
}

impl Closest {
    /// The candidate's directive or variable where the line stopped (`%t`, `$status`),
    /// when the error names a position in its format.
    pub fn directive(&self) -> Option<&'static str> {
        let position = match self.error.field {
            super::Field::Directive { position, .. } | super::Field::After { position } => position,
            _ => return None,
        };
        let definition = CANDIDATES.get(self.candidate)?.definition();
        let from = definition.get(usize::from(position).checked_sub(1)?..)?;
        let bytes = from.as_bytes();
        if bytes.first() == Some(&b'%') && super::envoy::looks_like_envoy(definition) {
            // `%RESPONSE_CODE%`, `%REQ(:METHOD)%`: to the `%` that closes it.
            let close = if bytes.get(1..)?.iter().take_while(|b| **b != b'%').any(|&b| b == b'(') {
                from.find(")%")? + 1
            } else {
                1 + from[1..].find('%')?
            };
            return from.get(..=close);
        }
        let len = match bytes {
            [b'$', rest @ ..] => {
                1 + rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count()
            }
            [b'%', b'{', rest @ ..] => 3 + rest.iter().position(|&b| b == b'}')? + 1,
            [b'%', rest @ ..] => 2 + rest.iter().take_while(|b| matches!(b, b'<' | b'>')).count(),
            _ => return None,
        };
        from.get(..len)
    }
}

/// What every candidate made of the lines.
#[derive(Debug, Clone)]
pub struct Detection {
    /// One per candidate, best first: the most lines read, then the most read whole; a
    /// tie keeps [`CANDIDATES`]' order.
    pub results: Vec<Detected>,
    /// Per line given: the candidate that got furthest among those that could not read
    /// it (`None` for a blank line, or one every candidate reads).
    pub closest: Vec<Option<Closest>>,
    /// Per line given: the member of its shipper's envelope that holds the line inside
    /// (`None` for a line that is no envelope).
    pub envelopes: Vec<Option<LogKey>>,
}

/// What a candidate made of one line.
enum Outcome {
    /// Read, with the text it left in `extra` if any, and how many of a JSON line's keys
    /// its fields hold (0 for a text format).
    Read(Option<Vec<u8>>, usize),
    /// A JSON log's format read it without its time or its status (CloudFront v2's:
    /// without its time): not counted.
    Loose,
    /// Not read: where and why.
    Failed(ParseError),
}

impl Outcome {
    fn of(format: &Format, line: &[u8], captures: &mut Captures) -> Outcome {
        // A JSON line counts with its time and its status: any JSON object reads. But
        // CloudFront v2's delivery writes the fields its `recordFields` name (AWS's own
        // example has no `sc-status`): there its edge location, a W3C name no other log's
        // keys have, stands for the status (`date` and `time` alone are any log's).
        let server = format.matcher().json_server();
        let cloudfront = server == Some(super::Server::Cloudfront);
        match format.parse(line, captures) {
            Ok(entry) if server.is_some() && entry.time.is_none() => Outcome::Loose,
            Ok(entry) if cloudfront && entry.status.is_none() && entry.value("x_edge_location").is_none() => {
                Outcome::Loose
            }
            Ok(entry) if server.is_some() && !cloudfront && entry.status.is_none() => Outcome::Loose,
            Ok(entry) => {
                // A JSON line's key without a value (absent or null) is no field's span.
                let keys = entry.format.slots.iter().filter(|s| entry.group(s.group).is_some()).count();
                Outcome::Read(extra(&entry).map(<[u8]>::to_vec), if server.is_some() { keys } else { 0 })
            }
            Err(error) => Outcome::Failed(error),
        }
    }
}

/// The line inside each line that is a shipper's envelope, and the member it is under.
fn inner_lines(lines: &[Option<&[u8]>]) -> Vec<Option<(Vec<u8>, LogKey)>> {
    let mut buffers = shipper::Buffers::default();
    let inner = |line: &[u8], buffers: &mut shipper::Buffers| {
        shipper::read(line, buffers).map(|envelope| (envelope.line.to_vec(), envelope.key))
    };
    lines.iter().map(|line| line.and_then(|line| inner(line, &mut buffers))).collect()
}

/// What `format` made of `line`, or, when it does not read it and the line is an
/// envelope, of the line inside (`true` with it). A W3C line with quoted values is read as
/// the per-line path reads it, when that reads it whole.
fn outcome(format: &Format, line: &[u8], inner: Option<&[u8]>, captures: &mut Captures) -> (Outcome, bool) {
    match (Outcome::of(format, line, captures), inner) {
        (read @ Outcome::Read(..), _) => (unquoted(format, line, captures).unwrap_or(read), false),
        (failed, None) => (unquoted(format, line, captures).unwrap_or(failed), false),
        (_, Some(inner)) => {
            (unquoted(format, inner, captures).unwrap_or_else(|| Outcome::of(format, inner, captures)), true)
        }
    }
}

/// A W3C format's reading of a space-separated line with quoted values, as the per-line
/// path reads it ([`super::w3c::unquoted`]); `None` when there is none, or it does not read
/// whole.
fn unquoted(format: &Format, line: &[u8], captures: &mut Captures) -> Option<Outcome> {
    let spaced = format.matcher().spaced.is_some() && !line.contains(&b'\t');
    if !spaced || !line.contains(&b'"') {
        return None;
    }
    let mut unquoted = Vec::with_capacity(line.len() + 16);
    if !super::w3c::unquoted(line, &mut unquoted) {
        return None;
    }
    match Outcome::of(format, &unquoted, captures) {
        read @ Outcome::Read(None, _) => Some(read),
        Outcome::Read(..) | Outcome::Loose | Outcome::Failed(_) => None,
    }
}

/// Lines that fail alike: the same candidate got furthest on each, and stopped at the
/// same field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Where the first of them stopped.
    pub closest: Closest,
    /// How many lines have this shape.
    pub count: usize,
    /// The first of them (indices into the lines given; at most [`UNREAD_SHOWN`]).
    pub lines: Vec<usize>,
}

/// Tries every candidate on `lines` (blank ones `None`). `combined` is the default, which
/// also reads common lines and lines with extra text: on a tie, the candidates that read
/// more lines whole, then those that name more fields, come first.
pub fn detect(lines: &[Option<&[u8]>]) -> Detection {
    let mut captures = Captures::default();
    let mut closest: Vec<Option<Closest>> = vec![None; lines.len()];
    let mut results: Vec<Detected> = Vec::new();
    // A W3C `#Fields:` header in the sample names a format, tried after the others.
    let header = fields_header(lines);
    // W3C header lines are not rows: no candidate reads them, none fails on them; a
    // `#Fields:` line sets a W3C candidate's layout for the rows after it.
    let given = lines;
    let rows: Vec<Option<&[u8]>> = lines.iter().map(|l| l.filter(|l| !super::w3c::is_header(l))).collect();
    let lines = &rows[..];
    let inner = inner_lines(lines);
    let wrapped = syslog_candidates(lines);
    for (index, &candidate) in CANDIDATES.iter().chain(&wrapped).chain(header.iter()).enumerate() {
        let Ok(format) = Format::new(candidate.log_format) else { continue };
        let w3c =
            format.matcher().spaced.is_some().then(|| Formats::new(vec![format.clone()]).ok()).flatten();
        let mut layout: Option<Formats> = None;
        let mut found = Detected {
            candidate,
            read: 0,
            with_extra: 0,
            enveloped: 0,
            covered: 0,
            switched: 0,
            first_extra: None,
            unread: Vec::new(),
        };
        for (i, line) in lines.iter().enumerate() {
            if let (Some(base), Some(header)) = (&w3c, given[i].filter(|l| super::w3c::is_header(l))) {
                switch(base, &mut layout, header);
                continue;
            }
            let Some(line) = line else { continue };
            let inside = inner[i].as_ref().map(|(l, _)| &l[..]);
            let format = layout.as_ref().map_or(&format, Formats::first);
            match outcome(format, line, inside, &mut captures) {
                (Outcome::Loose, _) => {
                    if found.unread.len() < UNREAD_SHOWN {
                        found.unread.push(i);
                    }
                }
                (Outcome::Read(left, keys), enveloped) => {
                    found.read += 1;
                    found.covered += keys;
                    found.enveloped += usize::from(enveloped);
                    found.switched += usize::from(layout.is_some());
                    if let Some(extra) = left {
                        found.with_extra += 1;
                        found.first_extra.get_or_insert((i, extra));
                    }
                }
                (Outcome::Failed(error), _) => {
                    if found.unread.len() < UNREAD_SHOWN {
                        found.unread.push(i);
                    }
                    // The first candidate to get this far keeps the line: more fields. (The
                    // header's candidate is not one of `CANDIDATES`, which `Closest` names.)
                    let named = index < CANDIDATES.len();
                    if named && closest[i].is_none_or(|c| error.column > c.error.column) {
                        closest[i] =
                            Some(Closest { candidate: index, error: ParseError { hint: None, ..error } });
                    }
                }
            }
        }
        results.push(found);
    }
    // Stable: a tie keeps the candidates' order. JSON formats that read the same lines:
    // the one whose keys cover the most of theirs wins. Under a sample's `#Fields:`
    // lines every W3C candidate reads the rows: the one whose own layout read the most
    // wins.
    results
        .sort_by_key(|d| std::cmp::Reverse((d.read, d.read - d.with_extra, d.covered, d.read - d.switched)));
    let envelopes = inner.iter().map(|i| i.as_ref().map(|(_, key)| *key)).collect();
    Detection { results, closest, envelopes }
}

/// A W3C candidate's layout after the sample's `header` line (`base`: the candidate's
/// own), as the transformer sets a record's ([`Formats::switched`]): a `#Fields:` line
/// naming other fields than `layout`'s sets it, one naming the candidate's own fields
/// sets it back (`None`); one that does not compile leaves it as it was.
fn switch(base: &Formats, layout: &mut Option<Formats>, header: &[u8]) {
    if layout.as_ref().unwrap_or(base).w3c_header(header) != Some(false) {
        return;
    }
    if base.w3c_header(header) == Some(true) {
        *layout = None;
    } else if let Ok(switched) = base.switched(header, &[]) {
        *layout = Some(switched);
    }
}

/// When a line of the sample starts with a syslog header (nginx's `syslog:` output, a
/// line sent through `logger`), every candidate in `LOG_FORMAT`'s `syslog:` form, tried
/// after the others (HAProxy's nicknames read the header already, and come first); those
/// a `syslog:` form refuses (JSON logs', AWS's, W3C's) compile to nothing and are passed
/// over. Kept for the process, as [`fields_header`]'s.
fn syslog_candidates(lines: &[Option<&[u8]>]) -> Vec<Candidate> {
    let wrapped = |l: &&[u8]| super::syslog::read(l).is_some_and(|p| p.end > 0);
    if !lines.iter().flatten().any(wrapped) {
        return Vec::new();
    }
    let form = |text: &str| &*Box::leak(format!("{}{text}", super::syslog::FORM).into_boxed_str());
    CANDIDATES.iter().map(|c| candidate(form(c.name), form(c.log_format))).collect()
}

/// The candidate a sample's first `#Fields:` header names, unless a W3C nickname (a
/// candidate already) has those fields: the header itself, kept for the process
/// (`detect` runs once per command).
fn fields_header(lines: &[Option<&[u8]>]) -> Option<Candidate> {
    let line = lines.iter().flatten().find(|l| l.starts_with(b"#Fields:"))?;
    let text = std::str::from_utf8(line).ok()?.trim();
    let names: Vec<&str> = super::w3c::field_names(text)?.collect();
    let nickname = super::w3c::NICKNAMES
        .iter()
        .any(|(name, _)| super::w3c::field_names(name).is_some_and(|n| n.collect::<Vec<_>>() == names));
    (!nickname).then(|| candidate("#Fields: header", Box::leak(text.to_string().into_boxed_str())))
}

impl Detection {
    /// The shapes of the lines `which` (indices into the lines given), most lines first;
    /// a line with no [`Closest`] has none.
    pub fn shapes(&self, which: impl IntoIterator<Item = usize>) -> Vec<Shape> {
        let mut shapes: Vec<Shape> = Vec::new();
        for i in which {
            let Some(closest) = self.closest.get(i).copied().flatten() else { continue };
            let alike = |s: &&mut Shape| {
                s.closest.candidate == closest.candidate && s.closest.error.field == closest.error.field
            };
            match shapes.iter_mut().find(alike) {
                Some(shape) => {
                    shape.count += 1;
                    if shape.lines.len() < UNREAD_SHOWN {
                        shape.lines.push(i);
                    }
                }
                None => shapes.push(Shape { closest, count: 1, lines: vec![i] }),
            }
        }
        shapes.sort_by_key(|s| std::cmp::Reverse(s.count));
        shapes
    }
}

/// Whether `format` reads `line` (or the line inside its envelope) as `detect` counts it:
/// a JSON log's format only with its time and its status; and whether it reads it whole
/// (nothing left in `extra`).
fn reads(format: &Format, line: &[u8], inner: Option<&[u8]>, captures: &mut Captures) -> Option<bool> {
    match outcome(format, line, inner, captures).0 {
        Outcome::Read(extra, _) => Some(extra.is_none()),
        Outcome::Loose | Outcome::Failed(_) => None,
    }
}

/// A list of candidates (`LOG_FORMAT` naming several) that reads more of `lines` than any
/// one candidate: chosen greedily, each the candidate that reads the most lines no
/// member chosen before reads (then the most of them whole; a tie keeps [`CANDIDATES`]'
/// order), until none adds a line; then put in [`CANDIDATES`]' order (the more fields a
/// format checks, the earlier it is tried). `None` when one candidate reads as many, or
/// when the members write a key with two types (the list would not start).
pub fn list(lines: &[Option<&[u8]>]) -> Option<Listed> {
    let mut captures = Captures::default();
    let formats: Vec<Option<Format>> = CANDIDATES.iter().map(|c| Format::new(c.log_format).ok()).collect();
    let inner = inner_lines(lines);
    let inside = |i: usize| inner[i].as_ref().map(|(l, _)| &l[..]);
    // Per candidate, per line: read whole (Some(true)), read with extra, or not read.
    let table: Vec<Vec<Option<bool>>> = (formats.iter())
        .map(|f| match f {
            Some(f) => (lines.iter().enumerate())
                .map(|(i, l)| l.and_then(|l| reads(f, l, inside(i), &mut captures)))
                .collect(),
            None => vec![None; lines.len()],
        })
        .collect();
    let mut covered = vec![false; lines.len()];
    let mut chosen: Vec<usize> = Vec::new();
    loop {
        let gain = |c: &Vec<Option<bool>>| {
            let new = c.iter().zip(&covered).filter(|(r, done)| r.is_some() && !**done);
            new.fold((0, 0), |(n, whole), (r, _)| (n + 1, whole + usize::from(*r == Some(true))))
        };
        let best = (0..table.len()).filter(|i| !chosen.contains(i)).max_by_key(|&i| {
            let (n, whole) = gain(&table[i]);
            (n, whole, std::cmp::Reverse(i))
        });
        match best {
            Some(i) if gain(&table[i]).0 > 0 => {
                chosen.push(i);
                for (done, r) in covered.iter_mut().zip(&table[i]) {
                    *done |= r.is_some();
                }
            }
            _ => break,
        }
    }
    if chosen.len() < 2 {
        return None;
    }
    chosen.sort_unstable();
    let members: Vec<Candidate> = chosen.iter().map(|&i| CANDIDATES[i]).collect();
    let nicknames = members.iter().all(|c| c.definition() != c.log_format || is_json_nickname(c.log_format));
    let separator = if nicknames { "," } else { "\n" };
    let value = members.iter().map(|c| c.log_format).collect::<Vec<_>>().join(separator);
    super::Formats::from_setting_reserving(&value, &[]).ok()?;
    let read = covered.iter().filter(|c| **c).count();
    Some(Listed { members, log_format: value, read })
}

/// A list of candidates `detect` proposes ([`list`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The members, in the order they are tried.
    pub members: Vec<Candidate>,
    /// What to set `LOG_FORMAT` to: nicknames joined by commas, or one format a line.
    pub log_format: String,
    /// How many of the lines the list reads.
    pub read: usize,
}

fn is_json_nickname(name: &str) -> bool {
    super::json_formats::NICKNAMES.iter().any(|(n, ..)| *n == name)
}

/// The stock format (a nickname, read strictly) that reads furthest into `line` and stops
/// only at text after its last field: that candidate, and the 1-based column where the
/// text left begins. Only nicknames: a variant's added field is a guess at what the server
/// wrote (a decimal may be `$request_time` or `$upstream_response_time`).
pub fn stock_prefix(line: &[u8]) -> Option<(Candidate, usize)> {
    let mut captures = Captures::default();
    let mut best: Option<(Candidate, usize)> = None;
    for &candidate in CANDIDATES.iter().filter(|c| c.definition() != c.log_format) {
        let Ok(format) = Format::strict(candidate.log_format) else { continue };
        let Err(error) = format.parse(line, &mut captures) else { continue };
        let column = error.column as usize;
        if error.field == super::Field::End && column > best.map_or(0, |b| b.1) {
            best = Some((candidate, column));
        }
    }
    best
}

/// The text a forgiving format kept in `extra`, when there is some.
fn extra<'a>(entry: &Entry<'a>) -> Option<&'a [u8]> {
    entry.extra().filter(|e| !e.is_empty())
}

/// How many fields `text` holds: runs split on spaces, a `"..."` (with `\"` inside) or a
/// `[...]` counting as one, as servers write them.
pub fn fields(text: &[u8]) -> usize {
    let (mut count, mut i) = (0, 0);
    while i < text.len() {
        if text[i] == b' ' {
            i += 1;
            continue;
        }
        count += 1;
        let close = match text[i] {
            b'"' => Some(b'"'),
            b'[' => Some(b']'),
            _ => None,
        };
        i += 1;
        while i < text.len() {
            match (close, text[i]) {
                (Some(b'"'), b'\\') => i += 1,
                (Some(c), b) if b == c => {
                    i += 1;
                    break;
                }
                (None, b' ') => break,
                _ => {}
            }
            i += 1;
        }
    }
    count
}

/// A JSON line's mapping to start from: `json:` and a text field per scalar key of the
/// object and of the objects in it (`request_method=request.method`), keys in snake case;
/// `None` for a line that is not a JSON object. Keys a mapping cannot name (holding `.`,
/// `,`, `=`, spaces or bytes that are not ASCII) are left out.
pub fn mapping_start(line: &[u8]) -> Option<String> {
    use crate::json_object::{Kind, Value, members};
    let mut pairs: Vec<String> = Vec::new();
    let mut add = |path: String| {
        let key: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .collect();
        let key = if key.starts_with(|c: char| c.is_ascii_digit()) { format!("_{key}") } else { key };
        if !pairs.iter().any(|p| p.starts_with(&format!("{key}="))) {
            pairs.push(format!("{key}={path}"));
        }
    };
    let nameable =
        |k: &[u8]| !k.is_empty() && k.iter().all(|b| b.is_ascii_graphic() && !b".,=\\\"".contains(b));
    let scalar = |v: &Value| !matches!(v.kind, Kind::Object | Kind::Array | Kind::Absent);
    let mut nested: Vec<(String, Value)> = Vec::new();
    members(line, |key, value| {
        let k = key.bytes(line);
        if nameable(k) {
            let k = String::from_utf8_lossy(k).into_owned();
            if value.kind == Kind::Object {
                nested.push((k, value));
            } else if scalar(&value) {
                add(k);
            }
        }
    })
    .ok()?;
    for (parent, value) in nested {
        let inner = value.bytes(line);
        let _ = members(inner, |key, value| {
            let k = key.bytes(inner);
            if nameable(k) && scalar(&value) {
                add(format!("{parent}.{}", String::from_utf8_lossy(k)));
            }
        });
    }
    (!pairs.is_empty()).then(|| format!("json:{}", pairs.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_count_quoted_and_bracketed_runs_as_one() {
        assert_eq!(fields(b" 0.005 0.004 example.com"), 3);
        assert_eq!(fields(br#""-" "a \" b" [x y] 1"#), 4);
        assert_eq!(fields(b""), 0);
        assert_eq!(fields(b"  "), 0);
        assert_eq!(fields(br#""unclosed \"#), 1);
    }

    #[test]
    fn every_candidate_compiles_and_nicknames_resolve_to_their_strings() {
        for c in CANDIDATES {
            assert!(Format::new(c.log_format).is_ok(), "{}", c.name);
        }
        assert_eq!(CANDIDATES[6].definition(), log_format::NICKNAMES[4].1);
        assert_eq!(CANDIDATES[9].definition(), CANDIDATES[9].log_format);
    }

    #[test]
    fn the_stock_prefix_is_the_nickname_that_reads_furthest_then_stops_at_the_end() {
        let line = br#"203.0.113.9 - - [21/Nov/2026:06:25:24 +0100] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "-" 0.005 0.004 example.com"#;
        let (candidate, column) = stock_prefix(line).unwrap();
        assert_eq!((candidate.name, &line[column - 1..]), ("nginx_main", &b" 0.005 0.004 example.com"[..]));
        assert_eq!(stock_prefix(b"not a log line"), None);
    }

    #[test]
    fn a_closest_candidate_names_its_directive_where_the_line_stopped() {
        let line: &[u8] = b"not a log line";
        let detection = detect(&[Some(line)]);
        let closest = detection.closest[0].unwrap();
        assert_eq!((CANDIDATES[closest.candidate].name, closest.directive()), ("combined + %D", Some("%t")));
        let at = |candidate, position| {
            let error = ParseError::at(super::super::Field::After { position }, line, 0);
            Closest { candidate, error }.directive()
        };
        assert_eq!(at(4, 54), Some("$status"));
        assert_eq!(at(10, 26), Some("%{Referer}i"));
        assert_eq!(at(10, 18), Some("%>s"));
        assert_eq!(at(10, 0), None);
        let istio = CANDIDATES.iter().position(|c| c.name == "istio").unwrap();
        assert_eq!(at(istio, 1), None);
        assert_eq!(at(istio, 2), Some("%START_TIME%"));
        assert_eq!(at(istio, 17), Some("%REQ(:METHOD)%"));
        assert_eq!(at(istio, 79), Some("%RESPONSE_CODE%"));
    }
}
