//! Typed fields to one JSON Lines object, in the schema's key order.
//!
//! Written by hand into a reused buffer: the schema is fixed, every value is a string,
//! an integer or null, and a general serializer would allocate and escape-scan twice.

use crate::access_log::matcher::{Number, Slot};
use crate::access_log::plan::Kind;
use crate::access_log::{Entry, Format, Formats};
pub use crate::column::{
    Column, ColumnType, ENVELOPE_KEY, EXTRA_KEY, METHOD_KEY, Origin, REQUEST_KEYS, SOURCE_KEYS,
    UNPARSED_KEYS, WRITER_KEYS, When, envelope_column, key_bytes,
};
use crate::column::{REQUEST_KEY_BYTES, TARGET_KEY, write_key};
#[cfg(doc)]
use crate::enrich::Enrichment;
use crate::enrich::{Cache, Enricher, Prefixes};
use crate::json::{Unescape, is_plain_line, write_str, write_str_as};
use crate::timestamp::write_rfc3339_nanos;

/// A string or null.
fn write_str_or_null(out: &mut Vec<u8>, value: Option<&[u8]>) {
    match value {
        Some(v) => write_str(out, v, false),
        None => out.extend_from_slice(b"null"),
    }
}

/// Which keys an object has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// The keys the line has: `extra` and the CloudWatch Logs keys only when there.
    Present,
    /// Every column of [`columns`], null where the line has none (an Iceberg table's row:
    /// Firehose's Iceberg destination matches keys to columns). `extra` is a column when
    /// the format keeps it.
    Every {
        /// Whether the format keeps text after its last field (`extra`).
        extra: bool,
    },
}

/// Appends a parsed line (of any format), read from `raw`, as one JSON object and a
/// `\n`. The default format's `extra` text, when a line has it, comes after the
/// format's keys; a line that came from CloudWatch Logs also carries its `(log_group,
/// log_stream)` as the last two keys.
pub fn write_line(out: &mut Vec<u8>, line: &Entry<'_>, raw: &[u8], source: Option<(&str, &str)>) {
    write_row(out, line, raw, source, Fill::Present, None)
}

/// [`write_line`], with the keys `fill` asks for and what `enricher` adds (its lookups
/// kept in the thread's cache).
pub fn write_row(
    out: &mut Vec<u8>,
    line: &Entry<'_>,
    raw: &[u8],
    source: Option<(&str, &str)>,
    fill: Fill,
    enricher: Option<(&Enricher, &mut Cache)>,
) {
    let anonymize = enricher.as_ref().map(|(e, _)| *e);
    let cut = anonymize.and_then(Enricher::anonymizes_text);
    write_fields(out, line, raw, anonymize);
    let extra = line.extra();
    if let Some((enricher, cache)) = enricher {
        enricher.write(out, line, cache);
    }
    // `extra` is free text, and may hold a forwarded-for list (nginx main's under the
    // default format): with ANONYMIZE_IP its addresses are cut too.
    let write_extra = |out: &mut Vec<u8>| match cut {
        Some(prefixes) => write_networks_in(out, extra, prefixes, Unescape::None, true),
        None => write_str_or_null(out, extra),
    };
    match fill {
        Fill::Present => {
            if extra.is_some() {
                write_key(out, EXTRA_KEY);
                write_extra(out);
            }
            close_with_source(out, source);
        }
        Fill::Every { extra: keeps } => {
            if keeps {
                write_key(out, EXTRA_KEY);
                write_extra(out);
            }
            let [log_group, log_stream] = SOURCE_KEYS;
            write_key(out, log_group);
            write_str_or_null(out, source.map(|s| s.0.as_bytes()));
            write_key(out, log_stream);
            write_str_or_null(out, source.map(|s| s.1.as_bytes()));
            out.extend_from_slice(b"}\n");
        }
    }
}

/// A CloudWatch Logs line's `(log_group, log_stream)` as the last two keys, and the
/// object's closing brace and newline.
fn close_with_source(out: &mut Vec<u8>, source: Option<(&str, &str)>) {
    if let Some((log_group, log_stream)) = source {
        let [group_key, stream_key] = SOURCE_KEYS;
        write_key(out, group_key);
        write_str(out, log_group.as_bytes(), false);
        write_key(out, stream_key);
        write_str(out, log_stream.as_bytes(), false);
    }
    out.extend_from_slice(b"}\n");
}

/// Every key the writer writes for `format`'s entries, with the keys enrichment adds
/// (`added`: [`Enrichment::columns`]), in the order it writes them, with its type: the
/// schema of a table over firelog's output. `unparsed` adds the keys of lines kept with
/// `ON_BAD_LINE=keep`.
pub fn columns(format: &Format, added: &[Column], unparsed: bool) -> Vec<Column> {
    columns_of(std::slice::from_ref(format), added, unparsed)
}

/// [`columns`] of a list of formats ([`Formats`]): the union of its members' keys, in the
/// order the first member that has each writes it. The list's start-up check
/// ([`Formats::new`]) refused a key with two types, so each key has one.
pub fn list_columns(formats: &Formats, added: &[Column], unparsed: bool) -> Vec<Column> {
    columns_of(formats.members(), added, unparsed)
}

fn columns_of(members: &[Format], added: &[Column], unparsed: bool) -> Vec<Column> {
    let column = |name: &str, ty, when| Column { name: name.to_string(), ty, when, origin: Origin::Field };
    let mut columns: Vec<Column> = Vec::new();
    let push = |columns: &mut Vec<Column>, c: Column| {
        if !columns.iter().any(|d| d.name == c.name) {
            columns.push(c);
        }
    };
    for format in members {
        for (name, kind, header) in format.matcher().fields() {
            let Some(ty) = ColumnType::of_kind(kind) else {
                for name in REQUEST_KEYS {
                    let origin = if name == TARGET_KEY { Origin::Target } else { Origin::Field };
                    push(&mut columns, Column { origin, ..column(name, ColumnType::String, When::Always) });
                }
                continue;
            };
            let origin = header.map_or(Origin::Field, |h| Origin::Header(h.clone()));
            // A W3C format's `path` is the request target, its query joined.
            let target = *kind == Kind::UrlPath && format.matcher().path_query.is_some();
            let origin = if target { Origin::Target } else { origin };
            push(&mut columns, Column { origin, ..column(name, ty, When::Always) });
        }
    }
    columns.extend(added.iter().cloned());
    if members.iter().any(keeps_extra) {
        columns.push(column(EXTRA_KEY, ColumnType::String, When::Extra));
    }
    columns.extend(SOURCE_KEYS.iter().map(|name| column(name, ColumnType::String, When::CloudWatch)));
    columns.push(envelope_column());
    if unparsed {
        columns.extend(UNPARSED_KEYS.iter().map(|name| column(name, ColumnType::String, When::Unparsed)));
    }
    columns
}

/// For a list of formats whose objects have every column ([`Fill::Every`], an Iceberg
/// table's rows): for each member, in order, the keys of the union's fields
/// ([`list_columns`]) it has none of, as `,"key":null` each ([`write_nulls`] adds them);
/// empty for a member that has them all (a format alone, a list's first member).
pub fn missing_nulls(formats: &Formats) -> Vec<Box<[u8]>> {
    let union = list_columns(formats, &[], false);
    let fields = |c: &&Column| c.when == When::Always;
    formats
        .members()
        .iter()
        .map(|member| {
            let own = columns(member, &[], false);
            let mut nulls = Vec::new();
            for column in union.iter().filter(fields).filter(|c| !own.iter().any(|o| o.name == c.name)) {
                write_key(&mut nulls, &column.name);
                nulls.extend_from_slice(b"null");
            }
            nulls.into_boxed_slice()
        })
        .collect()
}

/// Adds `nulls` ([`missing_nulls`]: `,"key":null`...) to the object just appended to
/// `out` (its `}\n` ends `out`), before its closing brace.
pub fn write_nulls(out: &mut Vec<u8>, nulls: &[u8]) {
    if nulls.is_empty() {
        return;
    }
    debug_assert!(out.ends_with(b"}\n"), "an object was written");
    out.truncate(out.len().saturating_sub(2));
    // A format with no field writes `{}`: then the first key has no comma.
    let nulls = if out.last() == Some(&b'{') { &nulls[1..] } else { nulls };
    out.extend_from_slice(nulls);
    out.extend_from_slice(b"}\n");
}

/// What a column's value is written from: for a writer that writes a line's columns one
/// at a time, in its own order (a profile, [`crate::profile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A matcher's slot; `part` is which of `%r`'s keys (0 `method`, 1 `path`, 2
    /// `protocol`, 3 `request`), 0 for any other slot.
    Slot {
        /// The slot's index.
        slot: usize,
        /// `%r`'s part.
        part: usize,
    },
    /// The n-th key enrichment writes ([`Enrichment::columns`]): the enricher writes it.
    Enriched(usize),
    /// The text after the format's last field.
    Extra,
    /// A CloudWatch Logs line's log group (0) or stream (1).
    CloudWatch(usize),
    /// A shipper's envelope fields: written after the object ([`write_envelope`]), never
    /// by [`Values`].
    Envelope,
    /// A line that did not parse (0), and why (1).
    Unparsed(usize),
}

/// What each of [`columns`]' columns is written from, in their order (`added`: how many
/// keys enrichment adds).
pub fn sources(format: &Format, added: usize, unparsed: bool) -> Vec<Source> {
    let mut sources: Vec<Source> = (format.matcher().slots.iter().enumerate())
        .flat_map(|(slot, s)| {
            let parts = if s.kind == Kind::Request { 4 } else { 1 };
            (0..parts).map(move |part| Source::Slot { slot, part })
        })
        .collect();
    sources.extend((0..added).map(Source::Enriched));
    if keeps_extra(format) {
        sources.push(Source::Extra);
    }
    sources.extend([Source::CloudWatch(0), Source::CloudWatch(1), Source::Envelope]);
    if unparsed {
        sources.extend([Source::Unparsed(0), Source::Unparsed(1)]);
    }
    sources
}

/// A line's values, each written on its own, by its [`Source`]: byte for byte what
/// [`write_row`] (or [`write_unparsed`]) writes after the column's key. Enrichment's are
/// the enricher's to write.
pub struct Values<'e, 'a> {
    line: Line<'e, 'a>,
    raw: &'e [u8],
    source: Option<(&'e str, &'e str)>,
    fill: Fill,
    enricher: Option<&'e Enricher>,
    /// The request line's method, target and protocol, split once for its columns.
    request: [Option<&'a [u8]>; 3],
}

/// What a line became.
enum Line<'e, 'a> {
    /// The entry, and whether its line needs no escaping.
    Parsed(&'e Entry<'a>, bool),
    Unparsed(&'e dyn std::fmt::Display),
}

impl<'e, 'a> Values<'e, 'a> {
    /// A parsed line, read from `raw`, with the keys `fill` asks for; `enricher`'s
    /// `ANONYMIZE_IP` cuts addresses.
    pub fn parsed(
        line: &'e Entry<'a>,
        raw: &'e [u8],
        source: Option<(&'e str, &'e str)>,
        fill: Fill,
        enricher: Option<&'e Enricher>,
    ) -> Self {
        let request = line.request().map_or([None; 3], |r| line.split_request(r));
        Values { line: Line::Parsed(line, is_plain_line(raw)), raw, source, fill, enricher, request }
    }

    /// A line that did not parse, and why.
    pub fn unparsed(
        raw: &'e [u8],
        reason: &'e dyn std::fmt::Display,
        source: Option<(&'e str, &'e str)>,
    ) -> Self {
        let line = Line::Unparsed(reason);
        Values { line, raw, source, fill: Fill::Present, enricher: None, request: [None; 3] }
    }

    /// The parsed line, if it parsed.
    pub fn entry(&self) -> Option<&'e Entry<'a>> {
        match self.line {
            Line::Parsed(entry, _) => Some(entry),
            Line::Unparsed(_) => None,
        }
    }

    /// The bytes of the line.
    pub fn line_len(&self) -> usize {
        self.raw.len()
    }

    fn extra(&self) -> Option<&'a [u8]> {
        match &self.line {
            Line::Parsed(entry, _) => entry.extra(),
            Line::Unparsed(_) => None,
        }
    }

    /// Whether the line parsed and its object has every column of its format: all but
    /// the lines of a format with an optional `%r` that is absent (`method` alone).
    pub fn complete(&self) -> bool {
        match &self.line {
            Line::Parsed(fields, _) => (fields.format.slots.iter())
                .all(|slot| !matches!(slot.kind, Kind::Request) || fields.group(slot.group).is_some()),
            Line::Unparsed(_) => false,
        }
    }

    /// Whether the line's object has the column (an enricher writes all of its keys).
    #[inline(always)]
    pub fn has(&self, source: Source) -> bool {
        let parsed = !matches!(self.line, Line::Unparsed(_));
        let every = matches!(self.fill, Fill::Every { .. }) && parsed;
        match (source, &self.line) {
            (Source::CloudWatch(_), _) => every || self.source.is_some(),
            (Source::Envelope, _) => false,
            (Source::Unparsed(_), _) => !parsed,
            (_, Line::Unparsed(_)) => false,
            (Source::Extra, _) => self.fill == (Fill::Every { extra: true }) || self.extra().is_some(),
            (Source::Enriched(_), _) => self.enricher.is_some(),
            // An absent `%r` writes `method` only.
            (Source::Slot { slot, part }, Line::Parsed(fields, _)) => {
                part == 0 || fields.group(fields.format.slots[slot].group).is_some()
            }
        }
    }

    /// The text of the column's value when it is written as a string of exactly that
    /// text (`"text"`): a part of a plain line's quoted request line. A profile converts
    /// it from there, without writing it first.
    pub fn plain_text(&self, source: Source) -> Option<&'a [u8]> {
        match (source, &self.line) {
            (Source::Slot { slot: k, part: part @ 0..3 }, Line::Parsed(fields, true)) => {
                let slot = fields.format.slots.get(k)?;
                let quoted = matches!(slot.kind, Kind::Request) && slot.quoted;
                (quoted && fields.group(slot.group).is_some()).then_some(self.request[part]).flatten()
            }
            _ => None,
        }
    }

    /// The column's value, as [`write_row`] writes it (enrichment's: `null`, the
    /// enricher writes those).
    pub fn write(&self, out: &mut Vec<u8>, source: Source) {
        // A field of a parsed line (the usual), its slot looked up once.
        if let (Source::Slot { slot: k, part }, Line::Parsed(fields, plain)) = (source, &self.line) {
            let Some(slot) = fields.format.slots.get(k) else {
                return out.extend_from_slice(b"null");
            };
            return match fields.group(slot.group) {
                // The request line's parts, from the one split (`-` and empty split to none).
                Some(_) if matches!(slot.kind, Kind::Request) && part < 3 => {
                    write_text(out, fields, self.request[part], *plain && slot.quoted, slot)
                }
                _ => write_slot(out, fields, k, slot, part..part + 1, *plain, self.enricher),
            };
        }
        match (source, &self.line) {
            (Source::Extra, _) => match self.enricher.and_then(Enricher::anonymizes_text) {
                Some(prefixes) => write_networks_in(out, self.extra(), prefixes, Unescape::None, true),
                None => write_str_or_null(out, self.extra()),
            },
            (Source::CloudWatch(i), _) => {
                write_str_or_null(out, self.source.map(|s| if i == 0 { s.0 } else { s.1 }.as_bytes()))
            }
            (Source::Unparsed(0), _) => write_str(out, self.raw, false),
            // A few dozen bytes, only for lines that fail.
            (Source::Unparsed(_), Line::Unparsed(reason)) => {
                write_str(out, reason.to_string().as_bytes(), false)
            }
            _ => out.extend_from_slice(b"null"),
        }
    }
}

/// Whether `format` keeps text after its last field, as `extra`.
pub fn keeps_extra(format: &Format) -> bool {
    format.matcher().keeps_extra()
}

/// An entry's fields, in the format's order, without the closing brace. `enricher`'s
/// `ANONYMIZE_IP` cuts the address fields' addresses to their networks.
fn write_fields(out: &mut Vec<u8>, fields: &Entry<'_>, line: &[u8], enricher: Option<&Enricher>) {
    let plain = fields.format.is_plain(line);
    out.reserve(2 * line.len() + 32 * fields.format.slots.len());
    out.push(b'{');
    // The loop made once per case with the line's flags as constants, so that no slot
    // asks again whether the line is plain or addresses are cut (the usual lines are
    // plain, and nothing is cut).
    match (enricher.filter(|e| e.anonymizes_fields()), plain) {
        (None, true) => write_slots(out, fields, true, None),
        (None, false) => write_slots(out, fields, false, None),
        (enricher, plain) => write_slots(out, fields, plain, enricher),
    }
}

/// Each slot's key and value, in order.
#[inline(always)]
fn write_slots(out: &mut Vec<u8>, fields: &Entry<'_>, plain: bool, enricher: Option<&Enricher>) {
    for (k, slot) in fields.format.slots.iter().enumerate() {
        slot.key.write(out);
        write_slot(out, fields, k, slot, 0..4, plain, enricher);
    }
}

/// Slot `k`'s value; `%r`'s are its `parts` (0 `method`, 1 `path`, 2 `protocol`, 3
/// `request`), each after its key but the first. An absent `%r` writes one `null`.
#[inline(always)]
fn write_slot(
    out: &mut Vec<u8>,
    fields: &Entry<'_>,
    k: usize,
    slot: &Slot,
    parts: std::ops::Range<usize>,
    plain: bool,
    enricher: Option<&Enricher>,
) {
    // An optional part of the line that was absent: null, whatever the type.
    let Some(value) = fields.group(slot.group) else {
        return out.extend_from_slice(b"null");
    };
    let value = if slot.empty_is_null && value.is_empty() { b"-" } else { value };
    let text = |out: &mut Vec<u8>, v: Option<&[u8]>| write_text(out, fields, v, plain, slot);
    if let Some(prefixes) = enricher.and_then(|e| e.anonymizes_slot(k)) {
        return write_networks(out, crate::access_log::dash_is_none(value), prefixes, slot.unescape);
    }
    // The text most kinds write, written at one place below.
    let one = match &slot.kind {
        // (A URL request line's slot is a `Kind::Request`: the matcher makes it one.)
        Kind::Host => crate::access_log::dash_is_none(value),
        Kind::Connection | Kind::IsArgs | Kind::UrlRequest => Some(value),
        Kind::Name => crate::access_log::unquoted_value(value),
        Kind::Dash => None,
        Kind::UrlPath if fields.format.path_query.is_some() => return write_target(out, fields, slot, value),
        Kind::Captured { .. } => crate::access_log::captured(value),
        Kind::Text | Kind::UrlPath | Kind::List | Kind::Route | Kind::TimeText(_) | Kind::Endpoint { .. } => {
            crate::access_log::dash_is_none(value)
        }
        Kind::Record => crate::access_log::dash_is_none(value),
        Kind::Query => query(value),
        // The whole request line, as an object holds it: its four keys in order.
        Kind::Request if parts == (0..4) => {
            let [method, path, protocol] = fields.split_request(value);
            text(out, method);
            // Each key by a constant index: a copy of known length (see `Key`).
            out.extend_from_slice(REQUEST_KEY_BYTES[1]);
            text(out, path);
            out.extend_from_slice(REQUEST_KEY_BYTES[2]);
            text(out, protocol);
            out.extend_from_slice(REQUEST_KEY_BYTES[3]);
            Some(value)
        }
        // The request line alone (a profile's), as logged: no split.
        Kind::Request if parts == (3..4) => Some(value),
        Kind::Request => {
            let [method, path, protocol] = fields.split_request(value);
            let first = parts.start;
            for (part, value) in [method, path, protocol, Some(value)].into_iter().enumerate() {
                if parts.contains(&part) {
                    if part != first {
                        out.extend_from_slice(REQUEST_KEY_BYTES[part]);
                    }
                    text(out, value);
                }
            }
            return;
        }
        // The numbers as the matcher read them when it checked the line.
        Kind::Status | Kind::Integer { .. } | Kind::Decimal | Kind::Timing | Kind::Padded => {
            return write_number(out, fields, k, slot, value);
        }
        Kind::Time(_) => {
            return match fields.time {
                Some(t) => {
                    out.push(b'"');
                    write_rfc3339_nanos(out, &t.utc, t.nanos, t.digits);
                    out.push(b'"');
                }
                None => out.extend_from_slice(b"null"),
            };
        }
    };
    text(out, one);
}

/// A string value (or null) of slot `slot`; `plain`: the line is plain (printable ASCII,
/// no backslash), where a value needs escaping only for a `"` (quoted text holds none,
/// unquoted text may) and is written as it stands unless it is decoded (a `%hh`, a `+`).
#[inline(always)]
fn write_text(out: &mut Vec<u8>, fields: &Entry<'_>, value: Option<&[u8]>, plain: bool, slot: &Slot) {
    let Some(v) = value else {
        return out.extend_from_slice(b"null");
    };
    if plain {
        let decoded = |block, len| match slot.unescape {
            Unescape::Percent => has_byte(block, len, b'%'),
            Unescape::Plus => has_byte(block, len, b'+'),
            _ => false,
        };
        match fields.block(v) {
            // A short value: its quotes (and what is decoded) found in its block, and
            // copied as one.
            Some(block) if slot.quoted || !(has_byte(block, v.len(), b'"') || decoded(block, v.len())) => {
                let end = out.len() + v.len() + 2;
                out.push(b'"');
                out.extend_from_slice(block);
                out.truncate(end - 1);
                out.push(b'"');
                return debug_assert_eq!(out.len(), end);
            }
            Some(_) => {}
            // A longer value: quoted text holds no `"`; unquoted text is copied too when
            // it holds none (nor what is decoded), found at once.
            None if slot.quoted || !has_special(v, slot.unescape) => return write_plain(out, fields, v),
            None => {}
        }
    }
    write_str_as(out, v, slot.unescape)
}

/// Whether a value of a plain line holds a `"`, or a byte `unescape` decodes.
#[inline(always)]
fn has_special(value: &[u8], unescape: Unescape) -> bool {
    match unescape {
        Unescape::Percent => memchr::memchr2(b'"', b'%', value),
        Unescape::Plus => memchr::memchr2(b'"', b'+', value),
        _ => memchr::memchr(b'"', value),
    }
    .is_some()
}

/// Whether the first `len` bytes of `block` hold `byte`: the block's bytes at once.
#[inline(always)]
fn has_byte(block: &[u8; crate::access_log::matcher::BLOCK], len: usize, byte: u8) -> bool {
    const ONES: u128 = u128::MAX / 255;
    const HIGH: u128 = ONES << 7;
    let x = u128::from_le_bytes(*block) ^ (ONES * u128::from(byte));
    // The high bit of each zero byte (a `byte`); a byte above a zero one may be set too,
    // which only ever follows a `byte` below it.
    let zero = x.wrapping_sub(ONES) & !x & HIGH;
    let within = if len >= 16 { u128::MAX } else { (1u128 << (8 * len)) - 1 };
    zero & within != 0
}

/// A query's text: Apache's `%q` after its `?`, a W3C `cs-uri-query` as it stands (`-`
/// when there is none); `None` when it is empty.
#[inline]
fn query(value: &[u8]) -> Option<&[u8]> {
    match value.strip_prefix(b"?") {
        Some(q) => Some(q),
        None => crate::access_log::dash_is_none(value),
    }
    .filter(|q| !q.is_empty())
}

/// A W3C format's `path`: the URI stem, and `?` and the query when the line has one, as
/// the request target was (`/a?b=1`), each part decoded as the format's values are.
fn write_target(out: &mut Vec<u8>, fields: &Entry<'_>, slot: &Slot, stem: &[u8]) {
    let Some(stem) = crate::access_log::dash_is_none(stem) else {
        return out.extend_from_slice(b"null");
    };
    out.push(b'"');
    crate::json::write_str_body_as(out, stem, slot.unescape);
    // CloudFront's real-time stem is the whole target already (`/a?b=1`): its query once.
    let q = fields.format.path_query.and_then(|g| fields.group(g)).and_then(query);
    if let Some(q) = q.filter(|_| !stem.contains(&b'?')) {
        out.push(b'?');
        crate::json::write_str_body_as(out, q, slot.unescape);
    }
    out.push(b'"');
}

/// Slot `k`'s number, as the matcher read it when it checked the line (`value`: its text).
/// The kinds are told apart by `matches!`: `Kind`'s `==` is a call.
#[inline(always)]
fn write_number(out: &mut Vec<u8>, fields: &Entry<'_>, k: usize, slot: &Slot, value: &[u8]) {
    // Digits without a leading zero (or `0`), and a fraction after them, are the JSON
    // number as they stand (a padded number's spaces and HAProxy's `+` are not);
    // else it is written from its parts, so `007.50` is the JSON number `7.50`.
    let canonical = |text: &[u8]| matches!(text, [b'1'..=b'9', ..] | [b'0'] | [b'0', b'.', ..]);
    match (&slot.kind, fields.number(k)) {
        (Kind::Status | Kind::Integer { .. } | Kind::Padded, Number::Whole(n)) => {
            let digits = value.trim_ascii_start();
            if canonical(digits) {
                copy(out, fields, digits)
            } else {
                out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes())
            }
        }
        (Kind::Integer { dash_is_zero: true }, _) if value == b"-" => out.push(b'0'),
        (Kind::Decimal | Kind::Timing, Number::Decimal { .. }) if canonical(value) => {
            copy(out, fields, value)
        }
        (Kind::Decimal | Kind::Timing, Number::Decimal { whole, fraction }) => {
            out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
            let digits = fields.span(fraction);
            if !digits.is_empty() {
                out.push(b'.');
                out.extend_from_slice(digits);
            }
        }
        _ => out.extend_from_slice(b"null"),
    }
}

/// Appends a line that did not parse as one JSON object and a `\n`: the line exactly as
/// it came (bytes that are not UTF-8 as `\xhh` text, as everywhere) and why it failed; a
/// CloudWatch Logs event's group and stream follow, as on a parsed line.
pub fn write_unparsed(
    out: &mut Vec<u8>,
    line: &[u8],
    reason: &dyn std::fmt::Display,
    source: Option<(&str, &str)>,
) {
    let [line_key, error_key] = UNPARSED_KEYS;
    out.extend_from_slice(b"{\"");
    out.extend_from_slice(line_key.as_bytes());
    out.extend_from_slice(b"\":");
    write_str(out, line, false);
    out.extend_from_slice(b",\"");
    out.extend_from_slice(error_key.as_bytes());
    out.extend_from_slice(b"\":");
    // A few dozen bytes, only for lines that fail.
    write_str(out, reason.to_string().as_bytes(), false);
    close_with_source(out, source);
}

/// An address field's value (or null) with each address cut to its network; what is not
/// an address is written as logged.
fn write_networks(out: &mut Vec<u8>, value: Option<&[u8]>, prefixes: Prefixes, unescape: Unescape) {
    write_networks_in(out, value, prefixes, unescape, false)
}

/// [`write_networks`]; with `quotes`, in free text where a `"` also separates items.
fn write_networks_in(
    out: &mut Vec<u8>,
    value: Option<&[u8]>,
    prefixes: Prefixes,
    unescape: Unescape,
    quotes: bool,
) {
    let Some(value) = value else {
        return out.extend_from_slice(b"null");
    };
    out.push(b'"');
    crate::enrich::address::write_networks(out, value, prefixes, quotes, |out, rest| {
        crate::json::write_str_body_as(out, rest, unescape)
    });
    out.push(b'"');
}

/// A value of the line known to need no escaping.
#[inline(always)]
fn write_plain(out: &mut Vec<u8>, fields: &Entry<'_>, value: &[u8]) {
    out.push(b'"');
    copy(out, fields, value);
    out.push(b'"');
}

/// Appends `value`. A short value of the line is copied as the block of the line's bytes
/// it starts (see [`Entry::block`]), then cut back to its end, as a key is
/// ([`crate::column::Key`]): a copy of known length is a few moves, one of a length
/// known only at run time calls memcpy, and most values are a few bytes. A call of its
/// own: inlined in each of the slots' loops, its block's copy was not.
#[inline(never)]
fn copy(out: &mut Vec<u8>, fields: &Entry<'_>, value: &[u8]) {
    match fields.block(value) {
        Some(block) => {
            let end = out.len() + value.len();
            out.extend_from_slice(block);
            out.truncate(end);
        }
        None => out.extend_from_slice(value),
    }
}

/// Adds a shipper's envelope fields under `key` (`envelope`, or a profile's name) to the
/// object just appended to `out` (its `}\n` ends `out`): `,"envelope":{...}}\n`, or
/// `null` for a line that came without one when every column is written
/// ([`Fill::Every`]). Written after the object so that the object's own writer is the
/// same for every line; [`columns`] lists the key last of a parsed line's.
pub fn write_envelope(out: &mut Vec<u8>, key: &str, envelope: Option<&crate::shipper::Envelope<'_>>) {
    debug_assert!(out.ends_with(b"}\n"), "an object was written");
    out.truncate(out.len().saturating_sub(2));
    // A format with no field writes `{}`: then the key is the first.
    if out.last() != Some(&b'{') {
        out.push(b',');
    }
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    match envelope {
        Some(envelope) => envelope.write_fields(out),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b"}\n");
}
