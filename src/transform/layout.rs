//! The layout a W3C `#Fields:` line of a record's data sets for the lines after it.
//!
//! IIS writes a new `#Fields:` header whenever its logging fields change, and CloudFront's
//! and IIS's files begin with header lines. When `LOG_FORMAT` is a W3C format (or a list
//! with one), a `#Fields:` line naming other fields than the layout its record is being
//! read with switches the layout: the lines after it, in the same record, are read as
//! `LOG_FORMAT` would read them were it that line, with every other setting the same
//! (`LOG_TIME_ZONE`, `SCHEMA`, enrichment, the rules, `ON_BAD_LINE`). A `#Fields:` line
//! naming `LOG_FORMAT`'s fields switches back. A record starts with `LOG_FORMAT`'s
//! layout: records are handled by several threads, so nothing carries from one record to
//! the next, and the response is the same whatever the number of threads.
//!
//! A worker keeps the last [`KEPT`] layouts it compiled, keyed by the header's bytes, so
//! a file's chunks that each start with the same header compile it once per worker.

use std::collections::VecDeque;

use crate::access_log::{Field, Formats, ParseError};
use crate::column::ColumnType;
use crate::enrich::{Enricher, Enrichment};
use crate::profile::{Profile, Schema};

/// The most layouts a worker keeps (a compiled W3C layout is a few tens of kilobytes);
/// past it, the oldest is dropped.
pub(crate) const KEPT: usize = 8;

/// What a switched layout is compiled with besides its header: `LOG_FORMAT`'s other
/// settings, as the transformer compiled its own layout with them.
#[derive(Debug)]
pub(crate) struct Recipe {
    enrichment: Enrichment,
    schema: Schema,
    /// Every column on every object (an Iceberg table's rows).
    every: bool,
    /// The keys enrichment takes before a format's fields get theirs (as `LOG_FORMAT`'s
    /// were read: `Settings::from_lookup`).
    reserved: Vec<String>,
    /// Under an Iceberg table, its columns (`LOG_FORMAT`'s), by name: a layout must
    /// have the same to be a row of it.
    table: Option<Vec<(String, ColumnType)>>,
}

impl Recipe {
    /// The recipe for `format`'s switched layouts, `None` when it has no W3C member (its
    /// `#` lines are lines as any other).
    pub(crate) fn new(
        format: &Formats,
        enrichment: &Enrichment,
        schema: Schema,
        every: bool,
    ) -> Option<Recipe> {
        if !format.has_w3c() {
            return None;
        }
        let added = if every { crate::enrich::every_column() } else { enrichment.columns() };
        Some(Recipe {
            enrichment: enrichment.clone(),
            schema,
            every,
            reserved: added.into_iter().map(|c| c.name).collect(),
            table: every.then(|| table(format)),
        })
    }

    /// The layout `header` (a `#Fields:` line of the data) sets, over `base`
    /// (`LOG_FORMAT`'s formats); an error when it does not compile, or when its columns
    /// are not an Iceberg table's.
    fn compile(&self, base: &Formats, header: &[u8]) -> Result<Layout, ParseError> {
        let reserved: Vec<&str> = self.reserved.iter().map(String::as_str).collect();
        let format = base.switched(header, &reserved)?;
        if self.table.as_ref().is_some_and(|t| *t != table(&format)) {
            return Err(ParseError::at(Field::Columns, header, 0));
        }
        let parts = parts(&format, &self.enrichment, self.schema, self.every);
        // A list's members under a profile share one table: no name with two types.
        if parts.profiles.len() > 1 && Profile::clash(&parts.profiles).is_some() {
            return Err(ParseError::at(Field::Header, header, 0));
        }
        Ok(Layout { format, parts })
    }
}

/// The columns of an Iceberg table's rows over `format`, by name.
fn table(format: &Formats) -> Vec<(String, ColumnType)> {
    let columns = crate::output::list_columns(format, &crate::enrich::every_column(), false);
    let mut table: Vec<(String, ColumnType)> = columns.into_iter().map(|c| (c.name, c.ty)).collect();
    table.sort_by(|a, b| a.0.cmp(&b.0));
    table
}

/// What the transformer compiles beside its formats, for them: an enricher per member
/// (none at all when nothing is enriched), a profile per member (none under firelog's own
/// names), and for a list's rows with every column each member's nulls.
pub(crate) fn parts(format: &Formats, enrichment: &Enrichment, schema: Schema, every: bool) -> Parts {
    let members = format.members();
    let mut enrichers: Vec<_> = members.iter().map(|f| Enricher::compile(enrichment, f, every)).collect();
    // Nothing to pick per line when nothing is enriched.
    if enrichers.iter().all(Option::is_none) {
        enrichers.clear();
    }
    let profiles = members.iter().filter_map(|f| Profile::compile(schema, f, enrichment)).collect();
    let nulls = match every && !format.is_single() {
        true => crate::output::missing_nulls(format),
        false => Vec::new(),
    };
    Parts { enrichers, profiles, nulls }
}

/// What the transformer compiles beside its formats ([`parts`]).
#[derive(Debug)]
pub(crate) struct Parts {
    pub(crate) enrichers: Vec<Option<Enricher>>,
    pub(crate) profiles: Vec<Profile>,
    pub(crate) nulls: Vec<Box<[u8]>>,
}

/// A switched layout, compiled: what a record's lines after its header are read with.
#[derive(Debug)]
pub(crate) struct Layout {
    pub(crate) format: Formats,
    pub(crate) parts: Parts,
}

/// A worker's layouts: those it compiled (at most [`KEPT`], by their header's bytes) and
/// the one its record's lines are read with now (none: `LOG_FORMAT`'s).
#[derive(Debug, Default)]
pub(crate) struct Layouts {
    kept: VecDeque<(Box<[u8]>, Layout)>,
    current: Option<usize>,
}

impl Layouts {
    /// The next line is read with `LOG_FORMAT`'s layout (a record starts).
    pub(crate) fn restart(&mut self) {
        self.current = None;
    }

    /// The layout the record's lines are read with now; `None`: `LOG_FORMAT`'s.
    #[inline]
    pub(crate) fn current(&self) -> Option<&Layout> {
        self.current.and_then(|i| self.kept.get(i)).map(|(_, layout)| layout)
    }

    /// A header line of the data (`#` first) under a W3C format: it writes nothing, and a
    /// `#Fields:` line naming other fields than the current layout's sets the layout of
    /// the lines after it (`LOG_FORMAT`'s again when it names its fields). A `#Fields:`
    /// line that cannot set one is an error, and the layout stays as it was.
    pub(crate) fn header(&mut self, base: &Formats, recipe: &Recipe, line: &[u8]) -> Result<(), ParseError> {
        if self.current().map_or(base, |l| &l.format).w3c_header(line) != Some(false) {
            return Ok(());
        }
        if base.w3c_header(line) == Some(true) {
            self.current = None;
            return Ok(());
        }
        if let Some(i) = self.kept.iter().position(|(header, _)| **header == *line) {
            self.current = Some(i);
            return Ok(());
        }
        let layout = recipe.compile(base, line)?;
        if self.kept.len() == KEPT {
            self.kept.pop_front();
        }
        self.kept.push_back((line.into(), layout));
        self.current = Some(self.kept.len() - 1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access_log::Format;
    use crate::transform::{RecordResult, Transformer};

    fn record(t: &mut Transformer, data: &str) -> RecordResult {
        t.record(base64_simd::STANDARD.encode_to_string(data).as_bytes())
    }

    #[test]
    fn a_worker_compiles_a_header_once_and_keeps_the_last_eight() {
        let mut t = Transformer::new(Format::new("iis").unwrap());
        // A file's chunks, each starting with its header: one layout compiled.
        let chunk = "#Fields: date time c-ip\n2024-01-01 00:00:00 192.0.2.1\n";
        for _ in 0..3 {
            assert_eq!(record(&mut t, chunk), RecordResult::Ok);
        }
        assert_eq!(t.workers[0].layouts.kept.len(), 1);
        // A record starts with LOG_FORMAT's layout: this line is not the header's.
        assert!(matches!(record(&mut t, "2024-01-01 00:00:00 192.0.2.1\n"), RecordResult::Failed(_)));
        for n in 0..10 {
            let data = format!("#Fields: date time c-ip x-n{n}\n2024-01-01 00:00:00 192.0.2.1 {n}\n");
            assert_eq!(record(&mut t, &data), RecordResult::Ok);
            assert_eq!(
                t.output(),
                format!(
                    "{{\"timestamp\":\"2024-01-01T00:00:00Z\",\"host\":\"192.0.2.1\",\"x_n{n}\":\"{n}\"}}\n"
                )
                .as_bytes()
            );
        }
        let kept = &t.workers[0].layouts.kept;
        assert_eq!(kept.len(), KEPT);
        assert_eq!(&kept[0].0[..], b"#Fields: date time c-ip x-n2");
    }
}
