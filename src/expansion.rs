//! How much bigger than its log a response can be: the worst case, derived from a
//! format's plan rather than from a sample, so that the processor buffer can be sized
//! for the worst lines and not the average.
//!
//! A line of `n` bytes writes at most `fixed + per_byte * (n - min_line)` bytes of JSON
//! ([`Growth`](crate::expansion::Growth)). A response holds that base64-encoded (4/3), and each record adds its
//! envelope (its id, its result, its partition keys). For records of one line each, the
//! bytes of response per byte of log are at most
//! `max((envelope + 4/3 * fixed + 3) / min_line, 4/3 * per_byte + keys)`: the first is the
//! shortest line alone in a record, the second a long line of the bytes that grow most
//! (control bytes, written `\u00XX`; in `%r`, twice). Records of many lines grow less
//! (no envelope per line). With an Iceberg table (`ICEBERG_TABLE`) each record also carries
//! `metadata.otfMetadata` (about 110 bytes and the two names) and each row every column:
//! the bound does not count those, and the response guard keeps such a response within
//! the budget (records past it come back `ProcessingFailed`, data as it came).
//! docs/operations.md (The knobs) gives the figures per nickname. Enrichment adds at most
//! a fixed number of bytes to each line, its values only to lines that hold their input
//! (`Growth::with_enrichment`, in [`crate::enrich`]).

/// Lambda refuses a response over 6 MB (6,291,456 bytes) and Firehose then fails the
/// whole batch. firelog keeps its response to 6,000,000 bytes, the budget AWS's own
/// CloudWatch Logs processor blueprint keeps, which leaves room for the runtime's framing.
pub const RESPONSE_BUDGET: usize = 6_000_000;

/// The most a line of one format grows into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Growth {
    /// The fewest bytes a line of the format has.
    pub min_line: usize,
    /// The most JSON (with its newline) a line of `min_line` bytes writes.
    pub fixed: usize,
    /// The most JSON a byte more can add.
    pub per_byte: usize,
    /// What a byte of the virtual host adds in the output (it is also a partition key).
    pub vhost_per_byte: usize,
}

/// Firehose's record ids are 56 digits (AWS's samples); 64 leaves room.
pub const RECORD_ID_LEN: usize = 64;

/// An `Ok` record's envelope in the response: `,{"recordId":"…","result":"Ok","data":""}`
/// and, with partition keys, `,"metadata":{"partitionKeys":{…}}` holding all six keys
/// (`year` … `status_class` take at most 80 bytes, `vhost` its value besides).
pub const ENVELOPE: usize = 36 + RECORD_ID_LEN + 2 + 2 + 30 + 96;

/// One part of enrichment as the response bound counts it
/// ([`Growth::with_parts`]): a value needs something in the line, so
/// the shortest lines write the part's nulls only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The fewest bytes a line has beyond the format's shortest when the part writes a
    /// value: its input's shortest text less 1, as every field enrichment reads logs `-`
    /// (1 byte) or nothing when it has no value.
    pub needs: usize,
    /// The most the part writes for a line whose input is shorter: its keys and nulls.
    pub quiet: usize,
    /// The most the part writes at all: its keys and its longest values.
    pub loud: usize,
}

impl Growth {
    /// The growth with `parts` of enrichment on, as the worst of its cases: each part
    /// writes its values only for a line that has their input (an address, an agent that
    /// names something), so at least `needs` bytes longer than `min_line`, each byte at
    /// most `per_byte` more JSON; a shorter input writes the part's nulls. For every set
    /// of parts with their input, the shortest such line and the most JSON it writes make
    /// a case; the growth returned has the `min_line` and `fixed` of the case whose
    /// shortest lines grow most, so its `min_line` is that case's shortest line, not the
    /// format's. Enrichment gives its parts and calls this
    /// (`Growth::with_enrichment`, in [`crate::enrich`]).
    pub fn with_parts(self, parts: &[Part]) -> Growth {
        let mut worst = self;
        for set in 0..1usize << parts.len() {
            let mut case = self;
            for (i, part) in parts.iter().enumerate() {
                if set >> i & 1 == 1 {
                    case.min_line += part.needs;
                    case.fixed += self.per_byte * part.needs + part.loud;
                } else {
                    case.fixed += part.quiet;
                }
            }
            if set == 0 || case.shortest_term() > worst.shortest_term() {
                worst = case;
            }
        }
        worst
    }

    /// A bound for the lines of either growth (two formats of a list): each part at its
    /// worst, the shortest line of either and the most JSON and growth a byte of either.
    /// A line of `n` bytes of either writes at most `fixed + per_byte * (n - min_line)`
    /// of it, as each part here is at least that one's.
    pub fn worst(self, other: Growth) -> Growth {
        Growth {
            min_line: self.min_line.min(other.min_line),
            fixed: self.fixed.max(other.fixed),
            per_byte: self.per_byte.max(other.per_byte),
            vhost_per_byte: self.vhost_per_byte.max(other.vhost_per_byte),
        }
    }

    /// Response bytes per log byte of the shortest lines, one per record.
    fn shortest_term(&self) -> f64 {
        (ENVELOPE as f64 + 4.0 / 3.0 * self.fixed as f64 + 3.0) / self.min_line.max(1) as f64
    }

    /// The most bytes of response per byte of log, for records of one line each (the
    /// worst packing), partition keys included.
    pub fn response_per_log_byte(&self) -> f64 {
        let base64 = 4.0 / 3.0;
        let shortest = self.shortest_term();
        // A vhost byte is written in the object and again, escaped, as a partition key.
        let longest = (base64 * self.per_byte as f64).max(base64 * self.vhost_per_byte as f64 + 6.0);
        shortest.max(longest)
    }

    /// The most log bytes one invocation may carry and still answer within the response
    /// budget, whatever the lines.
    pub fn safe_batch_bytes(&self) -> usize {
        // `{"records":[` and `]}`.
        ((RESPONSE_BUDGET - 14) as f64 / self.response_per_log_byte()) as usize
    }
}
