//! The record contract: each record's base64 data to `Ok`, `Dropped` or `ProcessingFailed`.
//!
//! - Every line parses: `Ok`, with the JSON Lines base64-encoded.
//! - Any line fails, or the data is not base64: `ProcessingFailed`, data as it came.
//! - Nothing but blank lines: `Dropped`, data as it came.
//!
//! Buffers live in the [`Transformer`] and are reused from record to record and from
//! invocation to invocation.

use std::fmt;

use base64::Engine as _;

use crate::access_log::{ParseError, Parser};
use crate::envelope::{Event, EventError, Outcome, ResponseWriter};
use crate::output::write_entry;

/// Why a record came back `ProcessingFailed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailReason {
    /// The data is not standard, padded base64.
    Base64,
    /// A line (1-based, counting blank lines) did not parse.
    Line { number: usize, error: ParseError },
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailReason::Base64 => f.write_str("data is not valid base64"),
            FailReason::Line { number, error } => write!(f, "line {number}: {error}"),
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
    /// The first few failed records: record id and reason.
    pub failed_samples: Vec<(String, FailReason)>,
}

/// Transforms records; holds the buffers that are reused between them.
#[derive(Debug)]
pub struct Transformer {
    parser: Parser,
    decoded: Vec<u8>,
    output: Vec<u8>,
    response: Vec<u8>,
}

impl Transformer {
    pub fn new(parser: Parser) -> Transformer {
        Transformer { parser, decoded: Vec::new(), output: Vec::new(), response: Vec::new() }
    }

    pub fn parser(&self) -> &Parser {
        &self.parser
    }

    /// The JSON Lines of the last record that came back `Ok`.
    pub fn output(&self) -> &[u8] {
        &self.output
    }

    /// Transforms one record's base64 data.
    pub fn record(&mut self, data_b64: &[u8]) -> RecordResult {
        self.decoded.clear();
        if base64::engine::general_purpose::STANDARD.decode_vec(data_b64, &mut self.decoded).is_err() {
            return RecordResult::Failed(FailReason::Base64);
        }
        self.output.clear();
        match transform_lines(&self.parser, &self.decoded, &mut self.output) {
            Ok(0) => RecordResult::Dropped,
            Ok(_) => RecordResult::Ok,
            Err(reason) => RecordResult::Failed(reason),
        }
    }

    /// Transforms a whole event, given as the bytes of its JSON, into the bytes of the
    /// response's JSON.
    pub fn event(&mut self, event: &[u8]) -> Result<(Vec<u8>, Summary), EventError> {
        let parsed = Event::parse(event)?;
        Ok(self.parsed_event(&parsed, event.len()))
    }

    /// Transforms an event already read; `bytes_in` is its size for the summary.
    pub fn parsed_event(&mut self, event: &Event<'_>, bytes_in: usize) -> (Vec<u8>, Summary) {
        let mut summary = Summary { records: event.records.len(), bytes_in, ..Summary::default() };
        let mut response = ResponseWriter::new(std::mem::take(&mut self.response));
        for record in &event.records {
            match self.record(record.data.as_bytes()) {
                RecordResult::Ok => {
                    summary.ok += 1;
                    response.push_encoded(&record.record_id, &self.output);
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
        let bytes = response.finish();
        summary.bytes_out = bytes.len();
        (bytes, summary)
    }

    /// Gives a response's buffer back for the next invocation to reuse.
    pub fn recycle(&mut self, response: Vec<u8>) {
        self.response = response;
    }
}

/// Parses every line of `data` into `out`. Returns how many lines were written, or the
/// first line that failed.
pub fn transform_lines(parser: &Parser, data: &[u8], out: &mut Vec<u8>) -> Result<usize, FailReason> {
    let mut written = 0;
    for (i, line) in lines(data).enumerate() {
        let Some(line) = line else { continue };
        match parser.parse(line) {
            Ok(entry) => {
                write_entry(out, &entry);
                written += 1;
            }
            Err(error) => {
                return Err(FailReason::Line { number: i + 1, error });
            }
        }
    }
    Ok(written)
}

/// The lines of `data`: split on `\n`, a trailing `\r` stripped; a blank line (empty, or
/// only spaces and tabs) is `None`.
pub fn lines(data: &[u8]) -> impl Iterator<Item = Option<&[u8]>> {
    data.split(|&b| b == b'\n').map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        (!line.iter().all(|&b| b == b' ' || b == b'\t')).then_some(line)
    })
}

impl Summary {
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
