//! What an invocation did, for its one summary log line and its metrics.

use super::FailReason;
use crate::enrich::{DatabaseLookups, Lookups};

/// How many failed records an invocation summary names.
pub const FAILED_SAMPLES: usize = 3;

/// What an invocation did, for its one summary log line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Records in the event.
    pub records: usize,
    /// Records that came back `Ok`.
    pub ok: usize,
    /// Records that came back `Dropped`.
    pub dropped: usize,
    /// Records that came back `ProcessingFailed`.
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
    /// Each database's lookups, hits and unreadable records (`GEOIP_DB`, `ASN_DB`).
    pub lookups: Lookups,
}

impl Summary {
    /// Adds the counts of a later part of the same event.
    pub(super) fn absorb(&mut self, later: Summary) {
        self.ok += later.ok;
        self.over_budget += later.over_budget;
        self.dropped_lines += later.dropped_lines;
        self.unparsed_lines += later.unparsed_lines;
        self.dropped += later.dropped;
        self.failed += later.failed;
        let room = FAILED_SAMPLES.saturating_sub(self.failed_samples.len());
        self.failed_samples.extend(later.failed_samples.into_iter().take(room));
    }

    /// Each database's lookups as one readable string, empty without databases:
    /// `GEOIP_DB 120 lookups, 98 hits, 0 unreadable; ASN_DB 120 lookups, 97 hits, 97
    /// unreadable (ASN_DB=...: what its first record showed)`.
    pub fn lookups_text(&self) -> String {
        let mut text = String::new();
        let databases = [("GEOIP_DB", &self.lookups.geo), ("ASN_DB", &self.lookups.asn)];
        for (name, counts) in databases {
            let Some(DatabaseLookups { lookups, hits, unreadable, note }) = counts else { continue };
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str(&format!("{name} {lookups} lookups, {hits} hits, {unreadable} unreadable"));
            if let Some(note) = note {
                text.push_str(&format!(" ({note})"));
            }
        }
        text
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
