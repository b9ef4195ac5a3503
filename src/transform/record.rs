//! The record contract: one record's base64 data in, one result out — `Ok`, `Dropped` or
//! `ProcessingFailed` — and the per-line path every line takes, in the Lambda and the CLI.
//!
//! - Every line parses and at least one is kept: `Ok`, with the JSON Lines base64-encoded.
//! - Any line fails, the data is not base64, or it is gzip that is not a readable
//!   CloudWatch Logs message: `ProcessingFailed`, data as it came. With `ON_BAD_LINE=keep`
//!   a line that fails is written as an object holding the line and why
//!   ([`crate::output::write_unparsed`]) and its record stays `Ok`, a record's only line
//!   too; but with partition keys (or an Iceberg table) a record none of whose lines
//!   parsed fails as before, since only a parsed line gives its metadata.
//! - No line is left to write (blank lines only, every line left out by a drop rule, or
//!   a CloudWatch Logs control message): `Dropped`, data as it came.

use std::fmt;

use crate::access_log::{Captures, Entry, Field, Formats, ParseError, w3c};
use crate::cloudwatch::{self, CwlError};
use crate::enrich::{Cache, Enricher};
use crate::envelope::{Outcome, Record, ResponseWriter};
use crate::output::{ENVELOPE_KEY, Fill, Values, write_envelope, write_nulls, write_row, write_unparsed};
use crate::profile::{Buffers, Profile};
use crate::routing::{RuleFields, Rules, TableError};
use crate::shipper::{self, Envelope};
use crate::variable::{SettingError, Variable};

use super::Summary;
use super::layout::{Layouts, Recipe};
use super::summary::FAILED_SAMPLES;

/// Why a record came back `ProcessingFailed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailReason {
    /// The data is not standard, padded base64.
    Base64,
    /// A line did not parse.
    Line {
        /// The line's number in the record, from 1, blank lines counted.
        number: usize,
        /// Why it did not parse.
        error: ParseError,
    },
    /// Gzip data that is not a readable CloudWatch Logs subscription message.
    CloudWatch(CwlError),
    /// A CloudWatch Logs event's message did not parse.
    LogEvent {
        /// The log event's number in the message, from 1.
        number: usize,
        /// Why its message did not parse.
        error: ParseError,
    },
    /// The record transformed, but its output no longer fit in the response budget.
    ResponseFull,
    /// The line's Iceberg table cannot be named from its vhost.
    Table(TableError),
    /// An Iceberg table takes one row per record, and this record has more lines.
    Rows {
        /// The lines the record would write.
        lines: usize,
    },
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailReason::Base64 => f.write_str("data is not valid base64"),
            FailReason::Line { number, error } => write!(f, "line {number}: {error}"),
            FailReason::CloudWatch(e) => write!(f, "{e}"),
            FailReason::LogEvent { number, error } => write!(f, "log event {number}: {error}"),
            FailReason::ResponseFull => f.write_str("output did not fit in the response budget"),
            FailReason::Table(e) => write!(f, "{e}"),
            FailReason::Rows { lines } => write!(
                f,
                "{lines} lines: an Iceberg table takes one JSON object per record (send one line per record)"
            ),
        }
    }
}

impl std::error::Error for FailReason {}

/// What one record became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordResult {
    /// JSON Lines are in [`super::Transformer::output`].
    Ok,
    /// No line was left to write; the data goes back as it came.
    Dropped,
    /// The data goes back as it came, for Firehose's error prefix.
    Failed(FailReason),
}

/// `ON_BAD_LINE`.
pub const ON_BAD_LINE: Variable = Variable {
    name: "ON_BAD_LINE",
    default: "fail-record",
    allowed: "fail-record (the default: a bad line fails its record) or keep (it is written as \
              {\"unparsed_line\":...,\"parse_error\":...} and the record stays Ok, a record's only \
              line too; with PARTITION_KEYS a record of bad lines only still fails)",
};

/// `ON_BAD_LINE`: what a line that does not parse does to its record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BadLines {
    /// The record comes back `ProcessingFailed` with its data as it came (the default).
    #[default]
    FailRecord,
    /// The line is written as an object holding it and the reason; the record's other
    /// lines go out as usual, and a record of bad lines only is `Ok` too (unless its
    /// metadata needs a parsed line).
    Keep,
}

impl BadLines {
    /// Reads `ON_BAD_LINE`'s value; empty is the default.
    pub fn from_setting(value: &str) -> Result<BadLines, SettingError> {
        match value.trim() {
            "" | "fail-record" => Ok(BadLines::FailRecord),
            "keep" => Ok(BadLines::Keep),
            _ => Err(ON_BAD_LINE.reject(value)),
        }
    }
}

/// The format and the rules every record of an invocation is transformed with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Job<'a> {
    pub(crate) format: &'a Formats,
    pub(crate) rules: &'a Rules,
    pub(crate) bad_lines: BadLines,
    /// Which keys each object has: every column for an Iceberg table's rows.
    pub(crate) fill: Fill,
    /// The names the keys take, unless they are the format's own (then none): one per
    /// format of the list.
    pub(crate) profiles: &'a [Profile],
    /// A list's rows with every column: per format, the union's keys it lacks, as nulls.
    pub(crate) nulls: &'a [Box<[u8]>],
    /// What is added beside each line's fields, if anything: one per format of the list.
    pub(crate) enrichers: &'a [Option<Enricher>],
    /// How a W3C `#Fields:` line of the data sets the layout of the lines after it, when
    /// the format has a W3C member.
    pub(crate) switch: Option<&'a Recipe>,
}

impl<'a> Job<'a> {
    /// The enricher compiled for the format that read `entry`.
    #[inline]
    fn enricher(&self, entry: &Entry<'_>) -> Option<&'a Enricher> {
        match self.enrichers {
            [] => None,
            [only] => only.as_ref(),
            many => many.get(self.format.index_of(entry)).and_then(Option::as_ref),
        }
    }

    /// The profile compiled for the format that read `entry` (the first for a line that
    /// did not parse: its keys for such lines are every profile's).
    #[inline]
    fn profile(&self, entry: Option<&Entry<'_>>) -> Option<&'a Profile> {
        match (self.profiles, entry) {
            ([], _) => None,
            ([only], _) | ([only, ..], None) => Some(only),
            (many, Some(entry)) => many.get(self.format.index_of(entry)),
        }
    }
}

/// One thread's reusable buffers.
#[derive(Debug, Default)]
pub(crate) struct Worker {
    decoded: Vec<u8>,
    inflated: Vec<u8>,
    pub(crate) output: Vec<u8>,
    /// The last record's metadata members (partition keys or its Iceberg table), empty
    /// when none are set.
    pub(crate) metadata: Vec<u8>,
    /// Lines of the last record that drop rules left out, and that were kept unparsed.
    pub(crate) dropped_lines: usize,
    pub(crate) unparsed_lines: usize,
    /// The response records this worker wrote (threads after the first).
    pub(crate) fragment: Vec<u8>,
    pub(crate) captures: Captures,
    pub(crate) profile: Buffers,
    /// Enrichment's lookups kept from line to line.
    pub(crate) lookups: Cache,
    /// What reading a shipper's envelope reuses.
    pub(crate) shipper: shipper::Buffers,
    /// The layouts `#Fields:` lines of the data set, and the current record's.
    pub(crate) layouts: Layouts,
}

impl Worker {
    /// One record's base64 data to its result; the JSON Lines land in `self.output`.
    pub(crate) fn record(&mut self, job: Job<'_>, data_b64: &[u8]) -> RecordResult {
        self.decoded.clear();
        self.metadata.clear();
        self.dropped_lines = 0;
        self.unparsed_lines = 0;
        self.layouts.restart();
        if base64_simd::STANDARD.decode_append(data_b64, &mut self.decoded).is_err() {
            return RecordResult::Failed(FailReason::Base64);
        }
        self.output.clear();
        let mut sink = Sink {
            out: &mut self.output,
            metadata: &mut self.metadata,
            captures: &mut self.captures,
            profile: &mut self.profile,
            lookups: &mut self.lookups,
            lines: LineCounts::default(),
            shipper: &mut self.shipper,
            layouts: &mut self.layouts,
        };
        let done = if cloudwatch::is_gzip(&self.decoded) {
            cloudwatch_lines(job, &self.decoded, &mut self.inflated, &mut sink)
        } else {
            data_lines(job, &self.decoded, &mut sink)
        };
        self.dropped_lines = sink.lines.dropped;
        self.unparsed_lines = sink.lines.unparsed;
        match (done, sink.lines) {
            (Err(reason), _) => RecordResult::Failed(reason),
            // Only kept bad lines, and the record's metadata comes from a parsed line:
            // nothing names its partition or table (Firehose would put it under errors/
            // itself), so it fails with its data as it came.
            (Ok(()), LineCounts { written: 0, first_unparsed: Some(reason), .. })
                if routed_by_a_parsed_line(job.rules) =>
            {
                self.unparsed_lines = 0;
                RecordResult::Failed(reason)
            }
            (Ok(()), LineCounts { written: 0, unparsed: 0, .. }) => RecordResult::Dropped,
            // Firehose's Iceberg destination fails a record of several JSON objects.
            (Ok(()), LineCounts { written, unparsed, .. })
                if written + unparsed > 1 && job.rules.iceberg.is_some() =>
            {
                RecordResult::Failed(FailReason::Rows { lines: written + unparsed })
            }
            (Ok(()), _) => RecordResult::Ok,
        }
    }

    /// Transforms `records` in order into `response`, counting into `summary`.
    pub(crate) fn records(
        &mut self,
        job: Job<'_>,
        records: &[Record<'_>],
        response: &mut ResponseWriter,
        summary: &mut Summary,
    ) {
        for record in records {
            let result = self.record(job, &record.data);
            self.respond(response, summary, record, result);
        }
    }

    /// Writes one record's result into the response and counts it: `Ok` with the
    /// worker's output (and its metadata), anything else with the record's data as
    /// it came.
    pub(crate) fn respond(
        &self,
        response: &mut ResponseWriter,
        summary: &mut Summary,
        record: &Record<'_>,
        result: RecordResult,
    ) {
        summary.dropped_lines += self.dropped_lines;
        match result {
            RecordResult::Ok => {
                summary.ok += 1;
                summary.unparsed_lines += self.unparsed_lines;
                response.push_encoded(&record.record_id, &self.output, &self.metadata);
            }
            RecordResult::Dropped => {
                summary.dropped += 1;
                response.push_original(&record.record_id, Outcome::Dropped, &record.data);
            }
            RecordResult::Failed(reason) => {
                summary.failed += 1;
                if summary.failed_samples.len() < FAILED_SAMPLES {
                    summary.failed_samples.push((record.record_id.to_string(), reason));
                }
                response.push_original(&record.record_id, Outcome::ProcessingFailed, &record.data);
            }
        }
    }
}

/// Whether an `Ok` record carries metadata only a parsed line gives: partition keys
/// (`PARTITION_KEYS`) or its Iceberg table.
fn routed_by_a_parsed_line(rules: &Rules) -> bool {
    rules.iceberg.is_some() || !rules.partition_keys.is_empty()
}

/// How many of a record's lines were written, dropped by the rules, and kept unparsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LineCounts {
    pub(crate) written: usize,
    pub(crate) dropped: usize,
    pub(crate) unparsed: usize,
    /// Why the first unparsed line failed (the record's reason if nothing else is kept).
    pub(crate) first_unparsed: Option<FailReason>,
}

/// Where a record's lines go: the JSON Lines, and the metadata (partition keys or the
/// Iceberg table) of the first
/// line written.
#[derive(Debug)]
pub(crate) struct Sink<'a> {
    pub(crate) out: &'a mut Vec<u8>,
    pub(crate) metadata: &'a mut Vec<u8>,
    /// The thread's capture slots, for a matcher.
    pub(crate) captures: &'a mut Captures,
    /// The thread's buffers for a profile's values.
    pub(crate) profile: &'a mut Buffers,
    /// The thread's enrichment lookups.
    pub(crate) lookups: &'a mut Cache,
    pub(crate) lines: LineCounts,
    /// The thread's buffers for a shipper's envelope.
    pub(crate) shipper: &'a mut shipper::Buffers,
    /// The thread's layouts: the one a `#Fields:` line set for the lines after it.
    pub(crate) layouts: &'a mut Layouts,
}

/// The per-line path: `line` is parsed, checked against the rules and written. A line
/// the format does not read that is a shipper's envelope ([`shipper::read`]) is read
/// from the envelope's line, and its fields are written under `envelope` after the
/// object's other keys; a line the format reads (a JSON format's own) is never taken
/// for an envelope, and costs nothing more. A JSON log's format reads any JSON object:
/// one without the format's status may be an envelope around one of its lines (whose
/// time may be the envelope's, Docker's `time`: then the line as read stands when the line
/// inside does not read). A line that does not parse (an envelope's:
/// its inner line) fails the record (`Err`, with the reason `fail` makes of the error),
/// or with [`BadLines::Keep`] is written, as it came, as an unparsed object. `source` is
/// a CloudWatch Logs line's log group and stream.
pub(crate) fn line(
    job: Job<'_>,
    sink: &mut Sink<'_>,
    line: &[u8],
    source: Option<(&str, &str)>,
    fail: impl FnOnce(ParseError) -> FailReason,
) -> Result<(), FailReason> {
    // A W3C log's header lines are not rows; a `#Fields:` line sets the layout of the
    // lines after it, and one that cannot fails as a line.
    let header = match header(job, sink.layouts, line) {
        Some(Ok(())) => return Ok(()),
        header => header.and_then(Result::err),
    };
    let Sink { out, metadata, captures, profile: buffers, lookups, lines, shipper, layouts } = sink;
    let job = current(job, layouts);
    // A parsed line, read from `raw`, and the envelope it came in.
    let mut write = |entry: &Entry<'_>, raw: &[u8], envelope: Option<&Envelope<'_>>| {
        if !keep(lines, metadata, job.rules, entry)? {
            return Ok(());
        }
        let compiled = job.enricher(entry);
        let enricher = compiled.map(|e| (e, &mut **lookups));
        let profile = job.profile(Some(entry));
        match profile {
            Some(profile) => {
                let values = Values::parsed(entry, raw, source, job.fill, compiled);
                profile.write(out, &values, enricher, buffers);
            }
            None => write_row(out, entry, raw, source, job.fill, enricher),
        }
        // Only a list's rows with every column have nulls to add.
        if !job.nulls.is_empty() {
            write_nulls(out, job.nulls.get(job.format.index_of(entry)).map_or(&[], |n| &n[..]));
        }
        if envelope.is_some() || job.fill != Fill::Present {
            write_envelope(out, profile.map_or(ENVELOPE_KEY, Profile::envelope_key), envelope);
        }
        Ok(())
    };
    let parsed = match header {
        Some(error) => Err(error),
        // A space-separated W3C line with quoted values.
        None if let Some(written) = quoted(job, line, None, captures, &mut write) => return written,
        None => job.format.read(line, captures),
    };
    let (error, timed) = match parsed {
        Ok(entry) if !(entry.format.json_server().is_some() && entry.status.is_none()) => {
            return write(&entry, line, None);
        }
        Ok(entry) => (None, entry.time.is_some()),
        Err(error) => (Some(error), false),
    };
    let error = match (shipper::read(line, shipper), error) {
        (Some(envelope), _) if envelope.partial() => Some(partial(&envelope)),
        (Some(envelope), _) => match quoted(job, envelope.line, Some(&envelope), captures, &mut write) {
            Some(written) => return written,
            None => match job.format.read(envelope.line, captures) {
                Ok(entry) => return write(&entry, envelope.line, Some(&envelope)),
                Err(inner) => (!timed).then(|| job.format.hinted(inner, envelope.line)),
            },
        },
        // The hint (every other nickname tried) only for a line that fails in the end.
        (None, Some(error)) if header.is_none() => Some(job.format.hinted(error, line)),
        (None, error) => error,
    };
    // No envelope (or a timed JSON line's, whose line does not read): the line as read.
    let error = match error {
        Some(error) => error,
        None => match job.format.parse(line, captures) {
            Ok(entry) => return write(&entry, line, None),
            Err(error) => error,
        },
    };
    unparsed(job, (out, lines, buffers), line, fail(error), source)
}

/// A line that did not parse: the record fails (`Err`), or with [`BadLines::Keep`] the
/// line is written, as it came, as an unparsed object and counted.
fn unparsed(
    job: Job<'_>,
    (out, lines, buffers): (&mut Vec<u8>, &mut LineCounts, &mut Buffers),
    line: &[u8],
    reason: FailReason,
    source: Option<(&str, &str)>,
) -> Result<(), FailReason> {
    if job.bad_lines == BadLines::FailRecord {
        return Err(reason);
    }
    lines.unparsed += 1;
    lines.first_unparsed.get_or_insert(reason);
    match job.profile(None) {
        Some(profile) => profile.write(out, &Values::unparsed(line, &reason, source), None, buffers),
        None => write_unparsed(out, line, &reason, source),
    }
    Ok(())
}

/// The error of an envelope's partial line (CRI `P`), at its tag: a piece of a line is
/// never read as a line.
fn partial(envelope: &Envelope<'_>) -> ParseError {
    match envelope.cri {
        Some(prefix) => ParseError::at(Field::Partial, prefix.whole, prefix.tag_at()),
        None => ParseError::at(Field::Partial, envelope.line, 0),
    }
}

thread_local! {
    /// A W3C line without its quotes ([`quoted`]): reused, so a line allocates nothing.
    static UNQUOTED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A space-separated W3C line with values in double quotes (the W3C draft's quoted
/// strings: IIS Advanced Logging's, Incapsula's) read as the tab-separated line of the same
/// values ([`w3c::unquoted`]) and written, with `envelope` when it came in one; `None` when
/// the line has no quoted value, or does not read whole that way (then it is read as it
/// came: its error, or its `extra`, is that reading's). A value's quotes are not its own:
/// read as it came, a quoted list (`"203.0.113.7, 10.0.0.2"`) would keep them, and a quoted
/// value with spaces would leave its words in the fields after it. Whether a line reads is
/// asked without the failing line's hint, which tries every nickname.
fn quoted(
    job: Job<'_>,
    line: &[u8],
    envelope: Option<&Envelope<'_>>,
    captures: &mut Captures,
    write: &mut impl FnMut(&Entry<'_>, &[u8], Option<&Envelope<'_>>) -> Result<(), FailReason>,
) -> Option<Result<(), FailReason>> {
    // A format without a W3C member pays one branch, not a scan of every line for a tab.
    if !job.format.has_w3c() || memchr::memchr(b'\t', line).is_some() || memchr::memchr(b'"', line).is_none()
    {
        return None;
    }
    UNQUOTED.with_borrow_mut(|unquoted| {
        unquoted.clear();
        if !w3c::unquoted(line, unquoted) || job.format.reads(unquoted, captures) != Some(false) {
            return None;
        }
        let entry = job.format.read(unquoted, captures).ok()?;
        Some(write(&entry, unquoted, envelope))
    })
}

/// A W3C log's header line (`#` first, under a format with a W3C member): `Some(Ok)`
/// when it writes nothing (a `#Fields:` line sets the layout of the lines after it),
/// `Some(Err)` when a `#Fields:` line cannot set one; `None` for any other line.
fn header(job: Job<'_>, layouts: &mut Layouts, line: &[u8]) -> Option<Result<(), ParseError>> {
    let recipe = job.switch?;
    w3c::is_header(line).then(|| layouts.header(job.format, recipe, line))
}

/// `job`, reading lines with the layout a `#Fields:` line of the record set, if one did.
#[inline]
fn current<'a>(job: Job<'a>, layouts: &'a Layouts) -> Job<'a> {
    match layouts.current() {
        None => job,
        Some(layout) => Job {
            format: &layout.format,
            profiles: &layout.parts.profiles,
            nulls: &layout.parts.nulls,
            enrichers: &layout.parts.enrichers,
            ..job
        },
    }
}

/// Every line of a record's plain data.
fn data_lines(job: Job<'_>, data: &[u8], sink: &mut Sink<'_>) -> Result<(), FailReason> {
    for (i, text) in lines(data).enumerate() {
        if let Some(text) = text {
            line(job, sink, text, None, |error| FailReason::Line { number: i + 1, error })?;
        }
    }
    Ok(())
}

/// Whether a parsed line is written (the rules do not drop it); the first written line
/// gives the record its metadata.
/// A line whose Iceberg table cannot be named fails its record.
fn keep(
    lines: &mut LineCounts,
    metadata: &mut Vec<u8>,
    rules: &Rules,
    entry: &Entry<'_>,
) -> Result<bool, FailReason> {
    // What the rules read is gathered only when there are rules.
    if rules.is_active() {
        let fields = RuleFields::of(entry);
        if rules.drops(&fields) {
            lines.dropped += 1;
            return Ok(false);
        }
        if lines.written == 0 {
            rules.write_metadata(&fields, metadata).map_err(FailReason::Table)?;
        }
    }
    lines.written += 1;
    Ok(true)
}

/// A gzip CloudWatch Logs subscription message: each log event's message is a line. A
/// control message writes nothing (the record is dropped).
fn cloudwatch_lines(
    job: Job<'_>,
    gz: &[u8],
    inflated: &mut Vec<u8>,
    sink: &mut Sink<'_>,
) -> Result<(), FailReason> {
    cloudwatch::inflate(gz, inflated, cloudwatch::MAX_INFLATED).map_err(FailReason::CloudWatch)?;
    let message = match cloudwatch::parse(inflated).map_err(FailReason::CloudWatch)? {
        cloudwatch::Parsed::Control => return Ok(()),
        cloudwatch::Parsed::Data(message) => message,
    };
    let source = (message.log_group.as_ref(), message.log_stream.as_ref());
    for (i, event) in message.log_events.iter().enumerate() {
        let text = event.message.as_bytes();
        let text = text.strip_suffix(b"\n").unwrap_or(text);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if is_blank(text) {
            continue;
        }
        line(job, sink, text, Some(source), |error| FailReason::LogEvent { number: i + 1, error })?;
    }
    Ok(())
}

/// The lines of `data`: split on `\n`, a trailing `\r` stripped; a blank line (empty, or
/// only spaces and tabs) is `None`.
pub fn lines(data: &[u8]) -> impl Iterator<Item = Option<&[u8]>> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', data).chain(std::iter::once(data.len()));
    ends.map(move |end| {
        let line = &data[start..end];
        start = end + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        (!is_blank(line)).then_some(line)
    })
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b' ' || b == b'\t')
}
