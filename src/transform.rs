//! The record contract: each record's base64 data to `Ok`, `Dropped` or `ProcessingFailed`.
//!
//! - Every line parses and at least one is kept: `Ok`, with the JSON Lines base64-encoded.
//! - Any line fails, the data is not base64, or it is gzip that is not a readable
//!   CloudWatch Logs message: `ProcessingFailed`, data as it came. With `ON_BAD_LINE=keep`
//!   a line that fails is written as an object holding the line and why
//!   ([`crate::output::write_unparsed`]) and its record stays `Ok`, unless no line of it
//!   parsed and was kept: then it fails as before.
//! - No line is left to write (blank lines only, every line left out by a drop rule, or
//!   a CloudWatch Logs control message): `Dropped`, data as it came.
//!
//! Buffers live in the [`Transformer`] and are reused from record to record and from
//! invocation to invocation.

use std::fmt;

use crate::access_log::{Captures, Entry, Format, ParseError};
use crate::cloudwatch::{self, CwlError};
use crate::envelope::{Event, EventError, Outcome, Record, ResponseWriter};
use crate::output::write_line;
use crate::routing::{RuleFields, Rules};

/// Why a record came back `ProcessingFailed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailReason {
    /// The data is not standard, padded base64.
    Base64,
    /// A line (1-based, counting blank lines) did not parse.
    Line { number: usize, error: ParseError },
    /// Gzip data that is not a readable CloudWatch Logs subscription message.
    CloudWatch(CwlError),
    /// A CloudWatch Logs event's message (1-based) did not parse.
    LogEvent { number: usize, error: ParseError },
    /// The record transformed, but its output no longer fit in the response budget.
    ResponseFull,
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailReason::Base64 => f.write_str("data is not valid base64"),
            FailReason::Line { number, error } => write!(f, "line {number}: {error}"),
            FailReason::CloudWatch(e) => write!(f, "{e}"),
            FailReason::LogEvent { number, error } => write!(f, "log event {number}: {error}"),
            FailReason::ResponseFull => f.write_str("output did not fit in the response budget"),
        }
    }
}

/// What one record became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordResult {
    /// JSON Lines are in [`Transformer::output`].
    Ok,
    Dropped,
    Failed(FailReason),
}

/// How many failed records an invocation summary names.
pub const FAILED_SAMPLES: usize = 3;

/// What an invocation did, for its one summary log line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub records: usize,
    pub ok: usize,
    pub dropped: usize,
    pub failed: usize,
    /// Size of the event, in bytes.
    pub bytes_in: usize,
    /// Size of the response, in bytes.
    pub bytes_out: usize,
    /// Of the failed records, those that transformed but did not fit in the response.
    pub over_budget: usize,
    /// Lines that drop rules left out (their records may still be `Ok`).
    pub dropped_lines: usize,
    /// Lines that did not parse, kept as unparsed objects in `Ok` records (`ON_BAD_LINE=keep`).
    pub unparsed_lines: usize,
    /// The oldest `approximateArrivalTimestamp` of the batch, in ms since the epoch.
    pub oldest_arrival_ms: Option<i64>,
    /// The first few failed records: record id and reason.
    pub failed_samples: Vec<(String, FailReason)>,
}

/// Lambda refuses a response over 6 MB (6,291,456 bytes) and Firehose then fails the
/// whole batch. firelog keeps its response to 6,000,000 bytes, the budget AWS's own
/// CloudWatch Logs processor blueprint keeps, which leaves room for the runtime's framing.
pub const RESPONSE_BUDGET: usize = 6_000_000;

/// Below this many records per thread, a second thread costs more than it saves.
const MIN_RECORDS_PER_THREAD: usize = 256;

/// One thread's reusable buffers.
#[derive(Debug, Default)]
struct Worker {
    decoded: Vec<u8>,
    inflated: Vec<u8>,
    output: Vec<u8>,
    /// The last record's partition keys (a JSON object), empty when none are set.
    keys: Vec<u8>,
    /// Lines of the last record that drop rules left out, and that were kept unparsed.
    dropped_lines: usize,
    unparsed_lines: usize,
    /// The response records this worker wrote (threads after the first).
    fragment: Vec<u8>,
    captures: Captures,
}

impl Worker {
    fn record(&mut self, plan: Job<'_>, data_b64: &[u8]) -> RecordResult {
        self.decoded.clear();
        self.keys.clear();
        self.dropped_lines = 0;
        self.unparsed_lines = 0;
        if base64_simd::STANDARD.decode_append(data_b64, &mut self.decoded).is_err() {
            return RecordResult::Failed(FailReason::Base64);
        }
        self.output.clear();
        let mut sink = Sink {
            out: &mut self.output,
            keys: &mut self.keys,
            captures: &mut self.captures,
            lines: LineCounts::default(),
        };
        let done = if cloudwatch::is_gzip(&self.decoded) {
            transform_cloudwatch(plan, &self.decoded, &mut self.inflated, &mut sink)
        } else {
            transform_lines(plan, &self.decoded, &mut sink)
        };
        self.dropped_lines = sink.lines.dropped;
        self.unparsed_lines = sink.lines.unparsed;
        match (done, sink.lines) {
            (Err(reason), _) => RecordResult::Failed(reason),
            // Kept bad lines and no parsed line: the record fails, as without keep.
            (Ok(()), LineCounts { written: 0, first_unparsed: Some(reason), .. }) => {
                self.unparsed_lines = 0;
                RecordResult::Failed(reason)
            }
            (Ok(()), LineCounts { written: 0, .. }) => RecordResult::Dropped,
            (Ok(()), _) => RecordResult::Ok,
        }
    }

    /// Transforms `records` in order into `response`, counting into `summary`.
    fn records(
        &mut self,
        plan: Job<'_>,
        records: &[Record<'_>],
        response: &mut ResponseWriter,
        summary: &mut Summary,
    ) {
        for record in records {
            let result = self.record(plan, &record.data);
            summary.dropped_lines += self.dropped_lines;
            if result == RecordResult::Ok {
                summary.unparsed_lines += self.unparsed_lines;
            }
            respond(response, summary, record, result, &self.output, &self.keys);
        }
    }
}

/// Transforms events; holds the compiled format and the buffers reused between records
/// and invocations.
#[derive(Debug)]
pub struct Transformer {
    parser: Format,
    rules: Rules,
    bad_lines: BadLines,
    threads: usize,
    budget: usize,
    workers: Vec<Worker>,
    response: Vec<u8>,
}

impl Transformer {
    /// A transformer that works on one thread.
    pub fn new(format: impl Into<Format>) -> Transformer {
        Transformer::with_threads(format, 1)
    }

    /// A transformer that splits large events across `threads` threads (at least 1). The
    /// response is the same whatever the number.
    pub fn with_threads(format: impl Into<Format>, threads: usize) -> Transformer {
        let threads = threads.max(1);
        let workers = (0..threads).map(|_| Worker::default()).collect();
        Transformer {
            parser: format.into(),
            rules: Rules::default(),
            bad_lines: BadLines::FailRecord,
            threads,
            budget: RESPONSE_BUDGET,
            workers,
            response: Vec::new(),
        }
    }

    /// The transformer the settings describe: format, threads, rules, bad lines. The
    /// Lambda and the CLI both build theirs here.
    pub fn from_settings(settings: &crate::Settings) -> Transformer {
        Transformer::with_threads(settings.format.clone(), settings.threads.resolve())
            .with_rules(settings.rules.clone())
            .with_bad_lines(settings.bad_lines)
    }

    /// Sets the drop rules and partition keys.
    pub fn with_rules(mut self, rules: Rules) -> Transformer {
        self.rules = rules;
        self
    }

    /// Sets what a line that does not parse does to its record (default: fails it).
    pub fn with_bad_lines(mut self, bad_lines: BadLines) -> Transformer {
        self.bad_lines = bad_lines;
        self
    }

    /// Sets the most bytes a response may have (default [`RESPONSE_BUDGET`]).
    pub fn with_response_budget(mut self, budget: usize) -> Transformer {
        self.budget = budget;
        self
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The JSON Lines of the last record that [`Transformer::record`] transformed `Ok`.
    pub fn output(&self) -> &[u8] {
        &self.workers[0].output
    }

    /// Transforms one record's base64 data (on the calling thread).
    pub fn record(&mut self, data_b64: &[u8]) -> RecordResult {
        let plan = Job { parser: &self.parser, rules: &self.rules, bad_lines: self.bad_lines };
        self.workers[0].record(plan, data_b64)
    }

    /// Transforms a whole event, given as the bytes of its JSON, into the bytes of the
    /// response's JSON.
    pub fn event(&mut self, event: &[u8]) -> Result<(Vec<u8>, Summary), EventError> {
        let parsed = Event::parse(event)?;
        Ok(self.parsed_event(&parsed, event.len()))
    }

    /// Transforms an event already read; `bytes_in` is its size for the summary.
    ///
    /// A response over the budget is built again, keeping it within: records are kept
    /// `Ok` in order while the rest still fit as they came, and the first that would not
    /// fit, and each after it that would not, comes back `ProcessingFailed` with its
    /// original data (so Firehose keeps it in the error prefix). The common case, a
    /// response within budget, pays nothing for this.
    pub fn parsed_event(&mut self, event: &Event<'_>, bytes_in: usize) -> (Vec<u8>, Summary) {
        let (mut response, mut summary) = self.unguarded(event, bytes_in);
        if response.len() > self.budget {
            self.recycle(response);
            (response, summary) = self.guarded(event, bytes_in);
        }
        summary.oldest_arrival_ms =
            event.records.iter().filter_map(|r| r.approximate_arrival_timestamp).min();
        (response, summary)
    }

    /// Every record as it transforms, whatever the response's size.
    fn unguarded(&mut self, event: &Event<'_>, bytes_in: usize) -> (Vec<u8>, Summary) {
        let records = &event.records;
        let mut summary = Summary { records: records.len(), bytes_in, ..Summary::default() };
        let mut response = ResponseWriter::new(std::mem::take(&mut self.response));
        let threads = self.threads.min(records.len() / MIN_RECORDS_PER_THREAD).max(1);
        let plan = Job { parser: &self.parser, rules: &self.rules, bad_lines: self.bad_lines };
        if threads == 1 {
            self.workers[0].records(plan, records, &mut response, &mut summary);
        } else {
            // Contiguous chunks keep the order: the first thread writes straight into the
            // response, the others into fragments appended after it.
            let chunk = records.len().div_ceil(threads);
            let (first, rest) = self.workers.split_at_mut(1);
            let mut parts: Vec<Summary> = Vec::with_capacity(threads - 1);
            std::thread::scope(|scope| {
                let handles: Vec<_> = rest
                    .iter_mut()
                    .zip(records.chunks(chunk).skip(1))
                    .map(|(worker, part)| {
                        scope.spawn(move || {
                            let mut fragment = ResponseWriter::fragment(std::mem::take(&mut worker.fragment));
                            let mut counts = Summary::default();
                            worker.records(plan, part, &mut fragment, &mut counts);
                            worker.fragment = fragment.into_fragment();
                            counts
                        })
                    })
                    .collect();
                first[0].records(plan, &records[..chunk.min(records.len())], &mut response, &mut summary);
                for handle in handles {
                    // A worker panics only on a bug; re-raise it here rather than lose records.
                    parts.push(handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                }
            });
            for (worker, part) in rest.iter().zip(parts) {
                response.append_fragment(&worker.fragment);
                summary.absorb(part);
            }
        }
        let bytes = response.finish();
        summary.bytes_out = bytes.len();
        (bytes, summary)
    }

    /// One thread, deciding record by record what still fits.
    fn guarded(&mut self, event: &Event<'_>, bytes_in: usize) -> (Vec<u8>, Summary) {
        let records = &event.records;
        let mut summary = Summary { records: records.len(), bytes_in, ..Summary::default() };
        // reserve[i]: bytes that records i.. need if they all go back as they came.
        let mut reserve = vec![0usize; records.len() + 1];
        for (i, r) in records.iter().enumerate().rev() {
            reserve[i] =
                reserve[i + 1] + ResponseWriter::entry_len(&r.record_id, Outcome::ProcessingFailed, &r.data);
        }
        let mut response = ResponseWriter::new(std::mem::take(&mut self.response));
        let plan = Job { parser: &self.parser, rules: &self.rules, bad_lines: self.bad_lines };
        let worker = &mut self.workers[0];
        for (i, record) in records.iter().enumerate() {
            let result = match worker.record(plan, &record.data) {
                RecordResult::Ok => {
                    let need = ResponseWriter::encoded_entry_len(
                        &record.record_id,
                        worker.output.len(),
                        worker.keys.len(),
                    );
                    // 2: the closing `]}`.
                    if response.len() + need + reserve[i + 1] + 2 <= self.budget {
                        RecordResult::Ok
                    } else {
                        summary.over_budget += 1;
                        RecordResult::Failed(FailReason::ResponseFull)
                    }
                }
                other => other,
            };
            summary.dropped_lines += worker.dropped_lines;
            if result == RecordResult::Ok {
                summary.unparsed_lines += worker.unparsed_lines;
            }
            respond(&mut response, &mut summary, record, result, &worker.output, &worker.keys);
        }
        let bytes = response.finish();
        summary.bytes_out = bytes.len();
        (bytes, summary)
    }

    /// Gives a response's buffer back for the next invocation to reuse.
    pub fn recycle(&mut self, response: Vec<u8>) {
        self.response = response;
    }
}

/// Writes one record's result into the response and counts it: `Ok` with `output` (and
/// its partition `keys`), anything else with the record's data as it came.
fn respond(
    response: &mut ResponseWriter,
    summary: &mut Summary,
    record: &Record<'_>,
    result: RecordResult,
    output: &[u8],
    keys: &[u8],
) {
    match result {
        RecordResult::Ok => {
            summary.ok += 1;
            response.push_encoded(&record.record_id, output, keys);
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

/// Parses every line of `data` into the sink's JSON LineCounts, counting written, dropped and
/// unparsed lines in `sink.lines`. A line that fails stops the record and says why, or,
/// with [`BadLines::Keep`], is written as an unparsed object.
pub fn transform_lines(plan: Job<'_>, data: &[u8], sink: &mut Sink<'_>) -> Result<(), FailReason> {
    for (i, line) in lines(data).enumerate() {
        let Some(line) = line else { continue };
        match plan.parser.parse(line, sink.captures) {
            Ok(parsed) => {
                if keep(&mut sink.lines, sink.keys, plan.rules, &parsed) {
                    write_line(sink.out, &parsed, line, None);
                }
            }
            Err(error) => bad_line(plan, sink, line, FailReason::Line { number: i + 1, error }, None)?,
        }
    }
    Ok(())
}

/// A line that did not parse: the record's failure, or (keep) an unparsed object.
fn bad_line(
    plan: Job<'_>,
    sink: &mut Sink<'_>,
    line: &[u8],
    reason: FailReason,
    source: Option<(&str, &str)>,
) -> Result<(), FailReason> {
    if plan.bad_lines == BadLines::FailRecord {
        return Err(reason);
    }
    sink.lines.unparsed += 1;
    sink.lines.first_unparsed.get_or_insert(reason);
    crate::output::write_unparsed(sink.out, line, &reason, source);
    Ok(())
}

/// The format and the rules a record is transformed with.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub parser: &'a Format,
    pub rules: &'a Rules,
    pub bad_lines: BadLines,
}

/// `ON_BAD_LINE`: what a line that does not parse does to its record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BadLines {
    /// The record comes back `ProcessingFailed` with its data as it came (the default).
    #[default]
    FailRecord,
    /// The line is written as an object holding it and the reason; the record's other
    /// lines go out as usual.
    Keep,
}

/// How many of a record's lines were written, dropped by the rules, and kept unparsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineCounts {
    pub written: usize,
    pub dropped: usize,
    pub unparsed: usize,
    /// Why the first unparsed line failed (the record's reason if nothing else is kept).
    pub first_unparsed: Option<FailReason>,
}

/// Where a record's lines go: the JSON LineCounts, and the partition keys of the first
/// line written.
#[derive(Debug)]
pub struct Sink<'a> {
    pub out: &'a mut Vec<u8>,
    pub keys: &'a mut Vec<u8>,
    /// The thread's capture slots, for a matcher.
    pub captures: &'a mut Captures,
    pub lines: LineCounts,
}

/// Whether a parsed line is written (the rules do not drop it); the first written line
/// gives the record its partition keys.
fn keep(lines: &mut LineCounts, keys: &mut Vec<u8>, rules: &Rules, parsed: &Entry<'_>) -> bool {
    // What the rules read is gathered only when there are rules.
    if rules.is_active() {
        let line = RuleFields::of(parsed);
        if rules.drops(&line) {
            lines.dropped += 1;
            return false;
        }
        if lines.written == 0 {
            rules.write_keys(&line, keys);
        }
    }
    lines.written += 1;
    true
}

/// Parses a gzip CloudWatch Logs subscription message into `out`: each log event's
/// message is a line. A control message writes nothing (the record is dropped).
pub fn transform_cloudwatch(
    plan: Job<'_>,
    gz: &[u8],
    inflated: &mut Vec<u8>,
    sink: &mut Sink<'_>,
) -> Result<(), FailReason> {
    cloudwatch::inflate(gz, inflated, cloudwatch::MAX_INFLATED).map_err(FailReason::CloudWatch)?;
    let message = match cloudwatch::parse(inflated).map_err(FailReason::CloudWatch)? {
        cloudwatch::Parsed::Control => return Ok(()),
        cloudwatch::Parsed::Data(message) => message,
    };
    for (i, event) in message.log_events.iter().enumerate() {
        let line = event.message.as_bytes();
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|&b| b == b' ' || b == b'\t') {
            continue;
        }
        let source = (message.log_group.as_ref(), message.log_stream.as_ref());
        match plan.parser.parse(line, sink.captures) {
            Ok(parsed) => {
                if keep(&mut sink.lines, sink.keys, plan.rules, &parsed) {
                    write_line(sink.out, &parsed, line, Some(source));
                }
            }
            Err(error) => {
                bad_line(plan, sink, line, FailReason::LogEvent { number: i + 1, error }, Some(source))?
            }
        }
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
        (!line.iter().all(|&b| b == b' ' || b == b'\t')).then_some(line)
    })
}

impl Summary {
    /// Adds the counts of a later part of the same event.
    fn absorb(&mut self, later: Summary) {
        self.ok += later.ok;
        self.over_budget += later.over_budget;
        self.dropped_lines += later.dropped_lines;
        self.unparsed_lines += later.unparsed_lines;
        self.dropped += later.dropped;
        self.failed += later.failed;
        let room = FAILED_SAMPLES.saturating_sub(self.failed_samples.len());
        self.failed_samples.extend(later.failed_samples.into_iter().take(room));
    }

    /// The failed samples as one readable string: `id: reason; id: reason`.
    pub fn failed_samples_text(&self) -> String {
        let mut text = String::new();
        for (id, reason) in &self.failed_samples {
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str(&format!("{id}: {reason}"));
        }
        text
    }
}
