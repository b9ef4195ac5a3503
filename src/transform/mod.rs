//! The transformer: a whole Firehose event in, the response out, with the buffers reused
//! from record to record and from invocation to invocation, large events split across
//! threads, and the response kept within Lambda's limit.
//!
//! What each record becomes is the `record` module's job (the record contract); what the
//! invocation did is its [`Summary`].

mod layout;
mod record;
mod summary;

pub use record::{BadLines, FailReason, ON_BAD_LINE, RecordResult, lines};
pub use summary::{FAILED_SAMPLES, Summary};

use crate::access_log::Formats;
use crate::column::Column;
use crate::enrich::{Enricher, Enrichment};
use crate::envelope::{Event, EventError, Outcome, ResponseWriter};
use crate::output::Fill;
use crate::profile::{Profile, Schema};
use crate::routing::Rules;
use crate::variable::{SettingError, Variable};
use layout::{Layouts, Recipe};
use record::{Job, LineCounts, Sink, Worker};

pub use crate::expansion::RESPONSE_BUDGET;

/// Below this many records per thread, a second thread costs more than it saves.
const MIN_RECORDS_PER_THREAD: usize = 256;

/// The [`Job`] of a transformer: its fields borrowed one by one, so that its workers can
/// be borrowed mutably beside it.
macro_rules! job {
    ($t:expr) => {
        Job {
            format: &$t.format,
            rules: &$t.rules,
            bad_lines: $t.bad_lines,
            fill: $t.fill,
            profiles: &$t.profiles,
            nulls: &$t.nulls,
            enrichers: &$t.enrichers,
            switch: $t.switch.as_ref(),
        }
    };
}

/// Transforms events; holds the compiled format and the buffers reused between records
/// and invocations.
#[derive(Debug)]
pub struct Transformer {
    format: Formats,
    rules: Rules,
    bad_lines: BadLines,
    /// Every column on every object when rows go to an Iceberg table.
    fill: Fill,
    /// The names the keys take (`SCHEMA`), unless they are the format's own (then
    /// none): one per format of the list, in its order (a profile names its format's
    /// columns).
    profiles: Vec<Profile>,
    /// For a list's rows with every column (an Iceberg table's): each member's
    /// `,"key":null` for the union's keys it lacks (`output::missing_nulls`); else none.
    nulls: Vec<Box<[u8]>>,
    /// What is added beside each line's fields, if anything: one per format of the list,
    /// in its order (an enricher reads its format's slots).
    enrichers: Vec<Option<Enricher>>,
    /// What a `#Fields:` line of the data compiles its layout with, when the format has
    /// a W3C member (`layout`).
    switch: Option<Recipe>,
    /// What the enricher and the profile are compiled from.
    enrichment: Enrichment,
    schema: Schema,
    /// The columns of every object it writes, in order (the output contract).
    columns: Vec<Column>,
    threads: usize,
    budget: usize,
    workers: Vec<Worker>,
    response: Vec<u8>,
}

impl Transformer {
    /// A transformer that works on one thread.
    pub fn new(format: impl Into<Formats>) -> Transformer {
        Transformer::with_threads(format, 1)
    }

    /// A transformer that splits large events across `threads` threads (at least 1). The
    /// response is the same whatever the number.
    pub fn with_threads(format: impl Into<Formats>, threads: usize) -> Transformer {
        let threads = threads.max(1);
        let workers = (0..threads).map(|_| Worker::default()).collect();
        Transformer {
            format: format.into(),
            rules: Rules::default(),
            bad_lines: BadLines::FailRecord,
            fill: Fill::Present,
            profiles: Vec::new(),
            nulls: Vec::new(),
            enrichers: Vec::new(),
            switch: None,
            enrichment: Enrichment::default(),
            schema: Schema::Firelog,
            threads,
            budget: RESPONSE_BUDGET,
            workers,
            response: Vec::new(),
            columns: Vec::new(),
        }
        .compile()
    }

    /// Sets what is added beside each line's fields (default: nothing).
    pub fn with_enrichment(mut self, enrichment: &Enrichment) -> Transformer {
        self.enrichment = enrichment.clone();
        self.compile()
    }

    /// Sets the names the keys take (default: the format's own). A profile is compiled for
    /// each format of a list: a line is written under its format's.
    pub fn with_schema(mut self, schema: Schema) -> Transformer {
        self.schema = schema;
        self.compile()
    }

    /// The enricher and the profile, made again from the settings they depend on: an
    /// Iceberg table's rows have every key enrichment can add (null where it is off, as
    /// the template's table has every column), and a profile names the keys enrichment
    /// adds.
    fn compile(mut self) -> Transformer {
        let every = matches!(self.fill, Fill::Every { .. });
        let layout::Parts { enrichers, profiles, nulls } =
            layout::parts(&self.format, &self.enrichment, self.schema, every);
        (self.enrichers, self.profiles, self.nulls) = (enrichers, profiles, nulls);
        // A `#Fields:` line's layout is compiled as this one: none kept from other settings.
        self.switch = Recipe::new(&self.format, &self.enrichment, self.schema, every);
        self.workers.iter_mut().for_each(|w| w.layouts = Layouts::default());
        let unparsed = self.bad_lines == BadLines::Keep;
        self.columns = match &self.profiles[..] {
            [] if every => {
                crate::output::list_columns(&self.format, &crate::enrich::every_column(), unparsed)
            }
            [] => crate::output::list_columns(&self.format, &self.enrichment.columns(), unparsed),
            [profile] => profile.columns(unparsed),
            profiles => Profile::union(profiles, unparsed),
        };
        self
    }

    /// The columns of every object it writes, in the order it writes them, with their
    /// types: the output contract, compiled once with the writer's own state.
    /// `firelog schema` and the stack's tables (`schema::columns`) render these.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Sets the drop rules and partition keys.
    pub fn with_rules(mut self, rules: Rules) -> Transformer {
        self.fill = match rules.iceberg {
            Some(_) => Fill::Every { extra: self.format.keeps_extra() },
            None => Fill::Present,
        };
        self.rules = rules;
        self.compile()
    }

    /// Sets what a line that does not parse does to its record (default: fails it).
    pub fn with_bad_lines(mut self, bad_lines: BadLines) -> Transformer {
        self.bad_lines = bad_lines;
        self.compile()
    }

    /// Sets the most bytes a response may have (default [`RESPONSE_BUDGET`]).
    pub fn with_response_budget(mut self, budget: usize) -> Transformer {
        self.budget = budget;
        self
    }

    /// One line through the per-line path a record's lines take, for the CLI: its JSON
    /// is appended to `out` unless a drop rule leaves it out. The lines given one after
    /// the other are one stream, as a record's are: a W3C `#Fields:` line sets the layout
    /// of the lines after it, until [`Transformer::restart`]. A line that does not parse
    /// is `Err` (`FailReason::Line`, with `number`); with `ON_BAD_LINE=keep` its unparsed
    /// object is written too. A line whose Iceberg table cannot be named is `Err` too.
    pub fn line(&mut self, text: &[u8], number: usize, out: &mut Vec<u8>) -> Result<(), FailReason> {
        let job = job!(self);
        let worker = &mut self.workers[0];
        worker.metadata.clear();
        let mut sink = Sink {
            out,
            metadata: &mut worker.metadata,
            captures: &mut worker.captures,
            profile: &mut worker.profile,
            lookups: &mut worker.lookups,
            lines: LineCounts::default(),
            shipper: &mut worker.shipper,
            layouts: &mut worker.layouts,
        };
        // With fail-record a line's error comes back as `Err`; with keep it was written.
        record::line(job, &mut sink, text, None, |error| FailReason::Line { number, error })?;
        sink.lines.first_unparsed.map_or(Ok(()), Err)
    }

    /// The next line [`Transformer::line`] reads starts a stream again: it is read with
    /// `LOG_FORMAT`'s layout, not one a W3C `#Fields:` line of the lines before set (the
    /// CLI calls this at the start of each input).
    pub fn restart(&mut self) {
        self.workers[0].layouts.restart();
    }

    /// How many threads a large event is split across.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The JSON Lines of the last record that [`Transformer::record`] transformed `Ok`.
    pub fn output(&self) -> &[u8] {
        &self.workers[0].output
    }

    /// Transforms one record's base64 data (on the calling thread).
    pub fn record(&mut self, data_b64: &[u8]) -> RecordResult {
        let job = job!(self);
        self.workers[0].record(job, data_b64)
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
            // The guarded pass reads the same lines again: count its lookups only.
            self.take_lookups();
            (response, summary) = self.guarded(event, bytes_in);
        }
        summary.lookups = self.take_lookups();
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
        let job = job!(self);
        if threads == 1 {
            self.workers[0].records(job, records, &mut response, &mut summary);
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
                            worker.records(job, part, &mut fragment, &mut counts);
                            worker.fragment = fragment.into_fragment();
                            counts
                        })
                    })
                    .collect();
                first[0].records(job, &records[..chunk.min(records.len())], &mut response, &mut summary);
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
        let job = job!(self);
        let worker = &mut self.workers[0];
        for (i, record) in records.iter().enumerate() {
            let result = match worker.record(job, &record.data) {
                RecordResult::Ok => {
                    let need = ResponseWriter::encoded_entry_len(
                        &record.record_id,
                        worker.output.len(),
                        worker.metadata.len(),
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
            worker.respond(&mut response, &mut summary, record, result);
        }
        let bytes = response.finish();
        summary.bytes_out = bytes.len();
        (bytes, summary)
    }

    /// The databases' lookups counted since the last take (an event's are in its
    /// [`Summary`]; `firelog parse` takes its lines' here).
    pub fn take_lookups(&mut self) -> crate::enrich::Lookups {
        crate::enrich::Lookups::take(
            self.enrichers.first().and_then(Option::as_ref),
            self.workers.iter_mut().map(|w| &mut w.lookups),
        )
    }

    /// Gives a response's buffer back for the next invocation to reuse.
    pub fn recycle(&mut self, response: Vec<u8>) {
        self.response = response;
    }
}

/// `THREADS`.
pub const THREADS: Variable = Variable {
    name: "THREADS",
    default: "auto",
    allowed: "auto (the default: one per vCPU) or a whole number from 1 to 64",
};

/// `THREADS`: `auto` (default) or a number from 1 to 64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// One thread per vCPU the function has: on Lambda, one per 1,769 MB of memory (AWS
    /// gives a function the equivalent of one vCPU at 1,769 MB), never more than the
    /// processors the system reports; elsewhere, the processors the system reports.
    Auto,
    /// This many.
    Fixed(usize),
}

/// Lambda memory that buys one vCPU (AWS Lambda's documented memory/CPU ratio).
const LAMBDA_MB_PER_VCPU: usize = 1769;

impl Threads {
    /// Reads `THREADS`' value; empty is the default.
    pub fn from_setting(value: &str) -> Result<Threads, SettingError> {
        match value.trim() {
            "" | "auto" => Ok(Threads::Auto),
            n => match n.parse::<usize>() {
                Ok(n @ 1..=64) => Ok(Threads::Fixed(n)),
                _ => Err(THREADS.reject(value)),
            },
        }
    }

    /// The number of threads, given the system's processors and, on Lambda, its memory
    /// (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, MB).
    pub fn count(self, processors: usize, lambda_memory_mb: Option<usize>) -> usize {
        match self {
            Threads::Fixed(n) => n,
            Threads::Auto => {
                let by_memory = lambda_memory_mb.map_or(usize::MAX, |mb| mb.div_ceil(LAMBDA_MB_PER_VCPU));
                processors.min(by_memory).max(1)
            }
        }
    }

    /// [`Threads::count`] for this process.
    pub fn resolve(self) -> usize {
        let processors = std::thread::available_parallelism().map_or(1, |n| n.get());
        let memory = std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").ok().and_then(|v| v.parse().ok());
        self.count(processors, memory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_threads_follow_lambda_memory() {
        // (processors, Lambda memory) -> threads
        let cases = [
            ((2, Some(128)), 1),
            ((2, Some(1769)), 1),
            ((2, Some(1770)), 2),
            ((2, Some(3008)), 2),
            ((6, Some(10240)), 6),
            ((2, Some(10240)), 2),
            ((1, None), 1),
            ((2, None), 2),
        ];
        for ((processors, memory), want) in cases {
            assert_eq!(Threads::Auto.count(processors, memory), want, "{processors} {memory:?}");
        }
        assert_eq!(Threads::Fixed(3).count(1, Some(128)), 3);
    }
}
