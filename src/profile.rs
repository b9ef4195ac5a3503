//! Field profiles (`SCHEMA`): the names a line's keys take for the tools that read them.
//!
//! - `firelog` (the default): the format's own keys, flat (`host`, `status`, ...).
//! - `ecs`: Elastic Common Schema, nested objects, as Elastic's Apache and nginx
//!   integrations write them (`source.address`, `http.request.method`, `@timestamp`).
//! - `otel`: OpenTelemetry semantic-convention attributes, flat dotted keys
//!   (`client.address`, `http.request.method`).
//!
//! A profile is compiled once per container from the writer's columns
//! ([`crate::output::columns`]): each column gets its name in the profile
//! ([`NAMES`](crate::profile::NAMES), or the fallback rule of
//! [`fallbacks`](crate::profile::fallbacks)) and how its value is converted
//! ([`Convert`](crate::profile::Convert)); the names become steps with their bytes (ECS's
//! nested objects opened and closed in the order written, OTel's dotted keys), each key
//! with its comma. A line's object is then written by walking the steps: each value is
//! written once, by the writer ([`crate::output::Values`]), straight after its key; a
//! value the profile converts (a protocol's version, a target's path and query, a
//! header as an array, a duration in nanoseconds) is written once into a buffer and
//! converted from there. Enrichment's keys are written by the enricher under firelog's
//! names: those alone are read back and written under the profile's
//! (`convert::read_members`). The default profile pays nothing.

mod convert;
mod names;

pub use names::{Convert, DURATIONS, ENRICHED, HEADERS, NAMES, SCHEMA, SERVER_NAMES, Schema, fallbacks};

use crate::access_log::list::ordinal;
use crate::access_log::plan::Header;
use crate::access_log::{Format, Server};
use crate::column::Key;
use crate::enrich::{Cache, Enricher, Enrichment};
use crate::expansion::Growth;
use crate::output::{Column, ColumnType, Origin, Source, Values, When, columns, sources};
use crate::profile::convert::{ABSENT, Span, convert, convert_target, convert_text, read_members};
use crate::profile::names::PEER;

/// One key the profile writes: its full (dotted) name, the column its value comes from,
/// and how it converts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// The full name: `http.request.method`.
    pub name: String,
    /// The index of the writer's column it is written from.
    pub column: usize,
    /// How the value converts.
    pub convert: Convert,
    /// The type of what is written.
    pub ty: ColumnType,
    /// When an object has it.
    pub when: When,
}

/// A step of writing one object: open a nested object, write a leaf, close.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// `,"name":{` (without its comma when first), written only when a leaf in `leaves`
    /// is there; else the steps up to `after` are skipped.
    Open { key: Box<[u8]>, leaves: std::ops::Range<usize>, after: usize },
    /// `,"name":` (without its comma when first) and the leaf's value: `name` is the
    /// last part of the leaf's name.
    Leaf { key: Box<[u8]>, leaf: usize },
    /// `}`
    Close,
}

/// A compiled profile: the leaves, how they nest, and where each value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    schema: Schema,
    /// The writer's keys, in its columns' order (the kept line's keys included).
    keys: Vec<Box<[u8]>>,
    /// What each of the writer's columns is written from.
    sources: Vec<Source>,
    /// The keys enrichment writes (`"client_ip":`), in its order.
    enriched: Vec<Box<[u8]>>,
    leaves: Vec<Leaf>,
    steps: Vec<Step>,
    /// The bytes of every key and brace the steps write.
    key_bytes: usize,
    /// The steps, compiled for a parsed line with every column of the format (and of
    /// enrichment): indexed by whether it has `extra` (1) and a CloudWatch Logs source
    /// (2).
    plans: [Plan; 4],
}

/// What a parsed line writes when its columns are known: before each leaf's value, the
/// bytes before it (braces closed, commas, objects opened, its key), and after the last
/// value the closing braces and the newline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Plan {
    pieces: Vec<Piece>,
    tail: Box<[u8]>,
}

/// A value of a plan, with what it is written from looked up when the plan was made (no
/// leaf, column or conversion looked at per line).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// The bytes before the value.
    bytes: Key,
    /// Its column, and what that is written from.
    column: usize,
    source: Source,
    convert: Convert,
}

/// The buffers a profile reuses from line to line: what enrichment wrote (or, for
/// [`Profile::rewrite`], the writer's object), where each of its values is, and the
/// value a conversion reads.
#[derive(Debug, Default)]
pub struct Buffers {
    object: Vec<u8>,
    spans: Vec<Span>,
    value: Vec<u8>,
}

impl Profile {
    /// The profile `schema` gives `format`'s columns; `None` for `firelog`, whose keys
    /// are the writer's own.
    pub fn compile(schema: Schema, format: &Format, enrichment: &Enrichment) -> Option<Profile> {
        if schema == Schema::Firelog {
            return None;
        }
        let server = format.server();
        let added = enrichment.columns();
        let columns = columns(format, &added, true);
        // Enrichment's names come first: the format's fields take others.
        let claimed: Vec<&str> = columns
            .iter()
            .filter(|c| c.origin == Origin::Enrichment)
            .filter_map(|c| ENRICHED.iter().find(|(k, ..)| *k == c.name))
            .map(|(_, ecs, otel, _)| pick(schema, ecs, otel))
            .filter(|name| !name.is_empty())
            .collect();
        let mut leaves: Vec<Leaf> = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let mut wanted = well_known(schema, server, column, i);
            // The connecting address, when the real client is `client.address`.
            if column.origin != Origin::Enrichment {
                for l in &mut wanted {
                    if claimed.contains(&l.name.as_str()) && l.name == "client.address" {
                        l.name = PEER.to_string();
                    }
                }
            }
            // A name taken by an earlier column (or claimed by enrichment), or none: the
            // fallback, for the whole column.
            let enriched = column.origin == Origin::Enrichment;
            let taken = |l: &Leaf| {
                l.name.is_empty()
                    || leaves.iter().any(|o| o.name == l.name)
                    || (!enriched && claimed.contains(&l.name.as_str()))
            };
            if wanted.is_empty() || wanted.iter().any(taken) {
                let names: Vec<Leaf> = fallbacks(schema, server, column)
                    .into_iter()
                    .map(|(name, how)| leaf(column, i, &name, how))
                    .collect();
                // The last is taken only by a well-known name (a header `Identity` beside `%l`
                // in ECS): then it takes `_2`, `_3`, ...
                let last = names.last().cloned().expect("a fallback");
                let numbered = (2..).map(|n| leaf(column, i, &format!("{}_{n}", last.name), last.convert));
                wanted = names.into_iter().chain(numbered).filter(|l| !taken(l)).take(1).collect();
            }
            leaves.extend(wanted);
        }
        let keys = columns.iter().map(|c| format!("\"{}\":", c.name).into_bytes().into()).collect();
        let enriched = added.iter().map(|c| format!("\"{}\":", c.name).into_bytes().into()).collect();
        let sources = sources(format, added.len(), true);
        debug_assert_eq!(sources.len(), columns.len(), "a source for each column");
        let steps = if schema == Schema::Ecs { nest(&mut leaves) } else { flat(&leaves) };
        let key_bytes = steps
            .iter()
            .map(|s| match s {
                Step::Open { key, .. } | Step::Leaf { key, .. } => key.len(),
                Step::Close => 1,
            })
            .sum();
        let mut profile =
            Profile { schema, keys, sources, enriched, leaves, steps, key_bytes, plans: Default::default() };
        profile.plans = std::array::from_fn(|mask| profile.plan(mask));
        Some(profile)
    }

    /// The plan of a parsed line that has `extra` (`mask & 1`) and a source (`mask & 2`)
    /// or not: the steps walked once, the bytes between values kept.
    fn plan(&self, mask: usize) -> Plan {
        let has = |leaf: &Leaf| match leaf.when {
            When::Always => true,
            When::Extra => mask & 1 != 0,
            When::CloudWatch => mask & 2 != 0,
            // Written after the object, by the per-line path.
            When::Unparsed | When::Envelope => false,
        };
        let mut out = Vec::new();
        let mut pieces = Vec::new();
        let mut mark = 0;
        self.walk(&mut out, has, |out, leaf| {
            let (column, convert) = (leaf.column, leaf.convert);
            pieces.push(Piece {
                bytes: Key::new(out[mark..].into()),
                column,
                source: self.sources[column],
                convert,
            });
            mark = out.len();
        });
        out.extend_from_slice(b"}\n");
        Plan { pieces, tail: out[mark..].into() }
    }

    /// The most a line grows into JSON under this profile ([`crate::expansion`]), from
    /// `base`, the format's growth under firelog's keys: the profile's keys and braces
    /// (every one, as for a line with every column) in place of firelog's, 2 bytes for
    /// each array around a string, 15 for a duration in nanoseconds (19 digits at most,
    /// where `null` was counted), 4 for a target's query beside its path (together they
    /// are the target, less its `?`, or it and `null`), and a request target written
    /// once more (ECS's `url.original`): 4 bytes (`null`, as on the shortest line, whose
    /// request is empty) and 6 a byte. When the profile names enrichment's keys, those
    /// are counted as the profile's less firelog's: call
    /// `Growth::with_enrichment` (in [`crate::enrich`]) on what this returns.
    pub fn growth(&self, base: Growth) -> Growth {
        let plan = &self.plans[1];
        let written: usize = plan.pieces.iter().map(|p| p.bytes.len()).sum::<usize>() + plan.tail.len();
        // `{`, `}` and the newline, and each of firelog's keys (`,"name":`, the first
        // without its comma), the format's own and enrichment's.
        let firelog: usize = 2
            + (self.keys.iter().zip(&self.sources))
                .filter(|(_, s)| matches!(s, Source::Slot { .. } | Source::Enriched(_)))
                .map(|(key, _)| key.len() + 1)
                .sum::<usize>();
        let mut fixed = base.fixed + written;
        let mut extra_copies = 0;
        for (column, source) in self.sources.iter().enumerate() {
            if !matches!(source, Source::Slot { .. } | Source::Extra) {
                continue;
            }
            let leaves = || self.leaves.iter().filter(|l| l.column == column);
            let target = leaves().any(|l| matches!(l.convert, Convert::TargetPath | Convert::TargetQuery));
            let copies =
                leaves().filter(|l| !matches!(l.convert, Convert::TargetPath | Convert::TargetQuery)).count()
                    + usize::from(target);
            let copies = copies.saturating_sub(1);
            extra_copies = extra_copies.max(copies);
            fixed += 4 * copies;
            fixed += leaves()
                .map(|l| match l.convert {
                    Convert::Array => 2,
                    Convert::Nanos(_) => 15,
                    Convert::TargetQuery => 4,
                    _ => 0,
                })
                .sum::<usize>();
        }
        Growth { fixed: fixed.saturating_sub(firelog), per_byte: base.per_byte + 6 * extra_copies, ..base }
    }

    /// The columns of a table over this profile's objects, in the order written: a
    /// leaf's full name is its column's (dotted).
    pub fn columns(&self, unparsed: bool) -> Vec<Column> {
        self.leaves
            .iter()
            .filter(|l| unparsed || l.when != When::Unparsed)
            .map(|l| Column { name: l.name.clone(), ty: l.ty, when: l.when, origin: Origin::Field })
            .collect()
    }

    /// The columns of a table over the objects of a list of formats' profiles (one per
    /// format, in the list's order): the union of their columns, in the order the first
    /// profile that has each writes it, those every object has first (then `extra`'s,
    /// the CloudWatch Logs keys, the envelope's, a kept line's). A name two profiles give
    /// two types keeps the first's; [`Profile::clash`] refuses that at start-up.
    pub fn union(profiles: &[Profile], unparsed: bool) -> Vec<Column> {
        let mut union: Vec<Column> = Vec::new();
        for column in profiles.iter().flat_map(|p| p.columns(unparsed)) {
            if !union.iter().any(|c| c.name == column.name) {
                union.push(column);
            }
        }
        // The writer's order of the kinds (`output::columns`), each kind's in its order.
        union.sort_by_key(|c| {
            [When::Always, When::Extra, When::CloudWatch, When::Envelope, When::Unparsed]
                .iter()
                .position(|w| *w == c.when)
        });
        union
    }

    /// Why the profiles of a list of formats cannot share one table, if they cannot: a
    /// name with two types, or a name one writes as a value and another as an object
    /// (ECS's nesting: `a.b` beside `a.b.c`), naming the formats by their place.
    pub fn clash(profiles: &[Profile]) -> Option<String> {
        let mut seen: Vec<(&str, ColumnType, usize)> = Vec::new();
        for (i, profile) in profiles.iter().enumerate() {
            for leaf in &profile.leaves {
                let name = leaf.name.as_str();
                let nested = |a: &str, b: &str| a.strip_prefix(b).is_some_and(|rest| rest.starts_with('.'));
                for &(other, ty, j) in &seen {
                    if other == name && ty != leaf.ty {
                        return Some(format!(
                            "the key {name:?} is {} in the {} format and {} in the {}; a list's formats \
                             must write each key with one type",
                            ty.name(),
                            ordinal(j + 1),
                            leaf.ty.name(),
                            ordinal(i + 1)
                        ));
                    }
                    if j != i && (nested(name, other) || nested(other, name)) {
                        return Some(format!(
                            "the key {other:?} of the {} format and {name:?} of the {} cannot both be \
                             columns (one holds the other)",
                            ordinal(j + 1),
                            ordinal(i + 1)
                        ));
                    }
                }
                if !seen.iter().any(|(n, ..)| *n == name) {
                    seen.push((name, leaf.ty, i));
                }
            }
        }
        None
    }

    /// The name a shipper's envelope fields take ([`crate::output::write_envelope`]
    /// writes them after the object, last of a parsed line's keys): ECS's `labels`, in
    /// OTel the fallback's `<server>.envelope`.
    pub fn envelope_key(&self) -> &str {
        let leaf = self.leaves.iter().find(|l| self.sources[l.column] == Source::Envelope);
        leaf.map_or(crate::column::ENVELOPE_KEY, |l| l.name.as_str())
    }

    /// The profile.
    pub fn schema(&self) -> Schema {
        self.schema
    }

    /// Appends a line's object and its `\n`, under the profile's names: each value as the
    /// writer writes it ([`Values`]), converted where the profile converts it, and what
    /// `enricher` adds (its lookups kept in the thread's cache).
    pub fn write(
        &self,
        out: &mut Vec<u8>,
        values: &Values<'_, '_>,
        enricher: Option<(&Enricher, &mut Cache)>,
        buffers: &mut Buffers,
    ) {
        let Buffers { object, spans, value } = buffers;
        spans.clear();
        if let (Some((enricher, cache)), Some(entry)) = (enricher, values.entry()) {
            // Written under firelog's names: read back, to be written under the profile's.
            object.clear();
            enricher.write(object, entry, cache);
            read_members(object, &self.enriched, spans);
        }
        // The values (ECS writes a request target three times) and the keys: room for
        // them up front.
        out.reserve(3 * values.line_len() + self.key_bytes + 2);
        let mut writing =
            Writing { values, object, spans, value, held: usize::MAX, question: (usize::MAX, None) };
        // A parsed line with all its columns (the usual): the plan, no step looked at.
        if values.complete() && spans.len() == self.enriched.len() && !spans.contains(&ABSENT) {
            let mask =
                usize::from(values.has(Source::Extra)) | usize::from(values.has(Source::CloudWatch(0))) << 1;
            let plan = &self.plans[mask];
            for piece in &plan.pieces {
                piece.bytes.write(out);
                writing.write(out, piece.source, piece.column, piece.convert);
            }
            return out.extend_from_slice(&plan.tail);
        }
        let has = |leaf: &Leaf| match self.sources[leaf.column] {
            Source::Enriched(n) => spans.get(n).is_some_and(|s| *s != ABSENT),
            source => values.has(source),
        };
        self.walk(out, has, |out, leaf| {
            writing.write(out, self.sources[leaf.column], leaf.column, leaf.convert)
        });
        out.extend_from_slice(b"}\n");
    }

    /// Writes again, under the profile's names, the object the writer appended to `out`
    /// from `start` (with its `\n`), under firelog's names.
    pub fn rewrite(&self, out: &mut Vec<u8>, start: usize, buffers: &mut Buffers) {
        let Buffers { object: scratch, spans, .. } = buffers;
        scratch.clear();
        scratch.extend_from_slice(&out[start..]);
        out.truncate(start);
        out.reserve(2 * scratch.len() + self.key_bytes);
        read_members(scratch, &self.keys, spans);
        let has = |leaf: &Leaf| spans[leaf.column] != ABSENT;
        self.walk(out, has, |out, leaf| {
            let (start, end) = spans[leaf.column];
            convert(out, &scratch[start..end], leaf.convert)
        });
        out.extend_from_slice(b"}\n");
    }

    /// Writes the object's opening brace and its members by the steps, without the
    /// closing brace: a leaf that `has` says is there, after its key, by `write`; a
    /// nested object only when a leaf in it is there.
    #[inline(always)]
    fn walk(
        &self,
        out: &mut Vec<u8>,
        has: impl Fn(&Leaf) -> bool,
        mut write: impl FnMut(&mut Vec<u8>, &Leaf),
    ) {
        // Whether the object at each depth has no member yet (ECS nests 4 deep at most).
        let mut first = [true; 8];
        let mut depth = 0;
        out.push(b'{');
        let mut i = 0;
        while i < self.steps.len() {
            match &self.steps[i] {
                Step::Open { key, leaves, after } => {
                    if !self.leaves[leaves.clone()].iter().any(&has) {
                        i = *after;
                        continue;
                    }
                    let comma = usize::from(std::mem::replace(&mut first[depth], false));
                    out.extend_from_slice(&key[comma..]);
                    depth += 1;
                    first[depth] = true;
                }
                Step::Leaf { key, leaf } => {
                    let leaf = &self.leaves[*leaf];
                    if has(leaf) {
                        let comma = usize::from(std::mem::replace(&mut first[depth], false));
                        out.extend_from_slice(&key[comma..]);
                        write(out, leaf);
                    }
                }
                Step::Close => {
                    out.push(b'}');
                    depth -= 1;
                }
            }
            i += 1;
        }
    }
}

/// What a profile's values are written from, for one line.
struct Writing<'w, 'e, 'a> {
    values: &'w Values<'e, 'a>,
    /// What enrichment wrote, and where each of its values is.
    object: &'w [u8],
    spans: &'w [Span],
    /// A value to convert, written once: the column it holds.
    value: &'w mut Vec<u8>,
    held: usize,
    /// Where the first `?` of a plain request target is, and the column it is of.
    question: (usize, Option<usize>),
}

impl Writing<'_, '_, '_> {
    /// Column `column`'s value, from `source`, converted `how`.
    #[inline(always)]
    fn write(&mut self, out: &mut Vec<u8>, source: Source, column: usize, how: Convert) {
        match (source, how) {
            (Source::Enriched(n), how) => convert(out, &self.object[self.spans[n].0..self.spans[n].1], how),
            (source, Convert::AsIs) => self.values.write(out, source),
            // A request line's part, converted from its text (no JSON written to be read
            // back).
            (source, how) if let Some(text) = self.values.plain_text(source) => match how {
                // A target's path and query: its `?` found once for both.
                Convert::TargetPath | Convert::TargetQuery => {
                    if self.question.0 != column {
                        self.question = (column, memchr::memchr(b'?', text));
                    }
                    convert_target(out, text, self.question.1, how)
                }
                _ => convert_text(out, text, how),
            },
            (source, how) => {
                if self.held != column {
                    self.value.clear();
                    self.values.write(self.value, source);
                    self.held = column;
                }
                convert(out, self.value, how);
            }
        }
    }
}

/// The ECS name or the OTel one.
fn pick(schema: Schema, ecs: &'static str, otel: &'static str) -> &'static str {
    if schema == Schema::Ecs { ecs } else { otel }
}

/// A leaf named `name` for column `i`, of the type its conversion writes.
fn leaf(column: &Column, i: usize, name: &str, convert: Convert) -> Leaf {
    let ty = match convert {
        Convert::Nanos(_) => ColumnType::BigInt,
        Convert::Array => ColumnType::Strings,
        Convert::Bot => ColumnType::String,
        _ => column.ty,
    };
    Leaf { name: name.to_string(), column: i, convert, ty, when: column.when }
}

/// The leaves column `i` takes under its well-known names, if it has any (a request
/// target has three in ECS, two in OTel); empty names are the fallback's.
fn well_known(schema: Schema, server: Server, column: &Column, i: usize) -> Vec<Leaf> {
    let leaf = |name: &str, convert: Convert| leaf(column, i, name, convert);
    let mut wanted: Vec<Leaf> = Vec::new();
    match &column.origin {
        Origin::Enrichment => {
            if let Some((_, ecs, otel, convert)) = ENRICHED.iter().find(|(k, ..)| *k == column.name) {
                let convert = if schema == Schema::Ecs { Convert::AsIs } else { *convert };
                wanted.push(leaf(pick(schema, ecs, otel), convert));
            }
        }
        Origin::Target => {
            if schema == Schema::Ecs {
                wanted.push(leaf("url.original", Convert::AsIs));
            }
            wanted.push(leaf("url.path", Convert::TargetPath));
            wanted.push(leaf("url.query", Convert::TargetQuery));
        }
        Origin::Header(Header::Request(name)) => {
            if let Some((_, ecs, otel)) = HEADERS.iter().find(|(h, _, _)| **h == **name) {
                wanted.push(leaf(pick(schema, ecs, otel), Convert::AsIs));
            }
        }
        Origin::Header(Header::Response(_)) => {}
        Origin::Field => {
            let own = SERVER_NAMES.iter().find(|(s, k, ..)| *s == server && *k == column.name);
            if let Some((_, _, ecs, otel, convert)) = own {
                wanted.push(leaf(pick(schema, ecs, otel), *convert));
            } else if let Some((_, ecs, otel, convert)) = NAMES.iter().find(|(k, ..)| *k == column.name) {
                // Arrays are OTel's: ECS keeps a string a string.
                let convert = if schema == Schema::Ecs && *convert == Convert::Array {
                    Convert::AsIs
                } else {
                    *convert
                };
                wanted.push(leaf(&pick(schema, ecs, otel).replace("{server}", server.name()), convert));
            } else if let Some((_, power)) = DURATIONS.iter().find(|(k, _)| *k == column.name)
                && matches!(column.ty, ColumnType::Int | ColumnType::BigInt | ColumnType::Double)
            {
                wanted.push(leaf(pick(schema, "event.duration", ""), Convert::Nanos(*power)));
            }
        }
    }
    wanted
}

/// `,"name":`
fn key(name: &str) -> Box<[u8]> {
    format!(",\"{name}\":").into_bytes().into()
}

/// OTel's steps: each leaf under its full name, in order.
fn flat(leaves: &[Leaf]) -> Vec<Step> {
    leaves.iter().enumerate().map(|(i, l)| Step::Leaf { key: key(&l.name), leaf: i }).collect()
}

/// ECS's steps: the leaves grouped by the parts of their names, each group where its
/// first leaf was, so that every object is written once. `leaves` is put in the order
/// written.
fn nest(leaves: &mut Vec<Leaf>) -> Vec<Step> {
    /// A name's part, and what is under it: leaves (by index) or more parts.
    struct Node {
        part: String,
        leaf: Option<usize>,
        children: Vec<Node>,
    }
    let mut root = Node { part: String::new(), leaf: None, children: Vec::new() };
    for (i, l) in leaves.iter().enumerate() {
        let mut node = &mut root;
        for part in l.name.split('.') {
            let at = match node.children.iter().position(|c| c.part == part && c.leaf.is_none()) {
                Some(at) => at,
                None => {
                    node.children.push(Node { part: part.to_string(), leaf: None, children: Vec::new() });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[at];
        }
        node.leaf = Some(i);
    }
    let mut steps = Vec::new();
    let mut order = Vec::new();
    fn walk(node: &Node, steps: &mut Vec<Step>, order: &mut Vec<usize>) {
        for child in &node.children {
            match child.leaf {
                Some(leaf) => {
                    steps.push(Step::Leaf { key: key(&child.part), leaf: order.len() });
                    order.push(leaf);
                }
                None => {
                    let open = steps.len();
                    let first = order.len();
                    steps.push(Step::Close); // replaced below
                    walk(child, steps, order);
                    steps.push(Step::Close);
                    let key = format!(",\"{}\":{{", child.part).into_bytes().into();
                    steps[open] = Step::Open { key, leaves: first..order.len(), after: steps.len() };
                }
            }
        }
    }
    walk(&root, &mut steps, &mut order);
    let mut taken: Vec<Option<Leaf>> = leaves.drain(..).map(Some).collect();
    leaves.extend(order.iter().filter_map(|&i| taken[i].take()));
    steps
}
