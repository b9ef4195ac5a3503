//! A format (Apache `LogFormat` or nginx `log_format`) compiled once per container: one
//! regex with a group per field, and the plan that turns each group into its JSON value.
//!
//! The regex is built from the format: literals match themselves; a directive inside
//! quotes matches Apache's escaped text (`(?:[^"\\]|\\.)*`, stopping at the next
//! literal byte); a directive outside quotes matches up to the next space or literal
//! byte; numbers, statuses and times match only their own shapes.
//!
//! The regex is the definition. Every line is first read by a scan that follows the
//! regex's greedy path step by step, without backtracking (a handful of byte loops,
//! several times cheaper than the regex's captures): when the scan reaches the end of
//! the line, its path is the regex's match. When it does not (a format whose fields
//! touch without a literal between them, say), the regex decides. A property test holds
//! the two together.

use regex::bytes::{CaptureLocations, Regex, RegexBuilder};

use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart};
pub use super::shape::Stop;
use super::shape::{After, Shape, Step, shape};
use super::strftime::{Stamp, TimeReader};
use super::{Field, ParseError};
use crate::json::Unescape;

mod bare;
mod check;
mod endpoint;
mod growth;
mod json;
mod time;
mod url_request;
pub use json::JsonField;
use url_request::Layout;

/// The span of a group that took no part in the match (an optional tail that was absent).
pub(crate) const ABSENT: (usize, usize) = (usize::MAX, usize::MAX);

/// How a built-in format ends: what the default format forgives, and common's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tail<'a> {
    /// The items from this index on may all be absent (a common line under combined)...
    pub from: usize,
    /// ...or are never there, their keys always null (common, which writes combined's keys).
    pub absent: bool,
    /// Text after a space past the last field is kept, as `extra`.
    pub extra: bool,
    /// Later indexes (after `from`) from which the rest may be absent too: fields a
    /// service added at the end of its lines over the years, each optional after the
    /// one before (ALB's `conn_trace_id`, then its transforms).
    pub also: &'a [usize],
    /// The items of directives inside quotes that a line may write as a bare `-`,
    /// without them (S3's request line when a record has none).
    pub bare: &'a [usize],
    /// Of [`Tail::bare`], the items a line may write as any bare word, not only `-`
    /// (ALB's target lists, unquoted on AWS's page of 2020-21).
    pub words: &'a [usize],
}

/// The bytes of a short value the writer copies as one block ([`Entry::block`]).
pub(crate) const BLOCK: usize = 16;

/// The most time directives one timestamp is made of (the parts are joined on the stack).
pub(crate) const MAX_TIME_PARTS: usize = 8;

/// A format compiled: the regex with a group per field, and how each group is typed.
#[derive(Debug, Clone)]
pub struct Matcher {
    plan: Plan,
    regex: Regex,
    pub(crate) slots: Vec<Slot>,
    steps: Vec<Step>,
    /// Groups in the regex (the scan fills as many spans, plus the whole match's).
    groups: usize,
    time: Option<TimeRead>,
    status: Option<usize>,
    request: Option<usize>,
    path: Option<usize>,
    user_agent: Option<usize>,
    vhost: Option<usize>,
    /// The steps from which the rest may be absent, in order.
    optional_steps: Vec<usize>,
    /// What a fixed layout's fields add: address:port fields, a URL request line.
    layout: Layout,
    /// The first group of a syslog prefix, when the plan starts with one
    /// ([`super::syslog`]): read before the steps, and absent when the line has none.
    syslog: Option<usize>,
    /// The group of the text kept after the last field.
    pub(crate) extra: Option<usize>,
    /// The slots whose text is checked before anything is written (numbers, statuses).
    checked: Vec<check::Check>,
    /// A JSON log's key paths, a group each: its lines are read by these, not the scan.
    json: Option<(crate::json_object::Paths, super::Server)>,
    /// A W3C format's reading of lines without a tab: its fields separated by spaces, with
    /// IIS's `+` for a space (the plan's own reading has tabs and CloudFront's encoding).
    pub(crate) spaced: Option<Box<Matcher>>,
    /// A W3C format's query group: `path` is the URI stem with `?` and this query.
    pub(crate) path_query: Option<usize>,
    /// The groups read with their quotes or as a bare `-` ([`Tail::bare`]).
    bare: Vec<usize>,
    /// Tabs separate the fields, and no field's value holds one: a line plain but for
    /// its tabs is plain ([`Matcher::is_plain`]).
    tab_separated: bool,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Matcher) -> bool {
        self.plan == other.plan
    }
}

impl Eq for Matcher {}

/// The groups of a format's time directives, how they make one time, and where the
/// first is in LOG_FORMAT (for a line's error).
#[derive(Debug, Clone)]
struct TimeRead {
    groups: Vec<usize>,
    reader: TimeReader,
    position: u16,
    /// The zone of a time without an offset (`LOG_TIME_ZONE`); `None`: UTC.
    zone: Option<crate::timestamp::Zone>,
}

/// One JSON value (or, for `%r`, four) and the group it comes from.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// The field's name: the JSON key the plan gives it (`method` for `%r`).
    pub name: Box<str>,
    /// The JSON key the plan gives the field (`method` for `%r`, which writes four), as
    /// the writer writes it ([`crate::column::key_bytes`]), made once here.
    pub key: crate::column::Key,
    pub group: usize,
    pub kind: Kind,
    /// Inside quotes: a plain line's value needs no escaping.
    pub quoted: bool,
    /// The server's escapes the writer undoes.
    pub unescape: Unescape,
    /// An empty value is null (nginx's json and none modes, for lists).
    pub empty_is_null: bool,
    /// Where the directive is in LOG_FORMAT, for a line's error.
    pub position: u16,
    /// The header the field logs, if any (a profile names it by the header).
    pub header: Option<Header>,
    /// The directive as written in LOG_FORMAT (`%a`, `$remote_addr`): enrichment finds
    /// the fields it reads by it.
    pub directive: Box<str>,
    /// Never in a line (common's referer and user agent, written null): nothing reads it.
    pub absent: bool,
}

/// A plan on its way to a [`Matcher`]: the regex's pattern, the scan's steps and the
/// writer's slots, built item by item.
#[derive(Default)]
struct Compiling<'p> {
    pattern: String,
    optional_steps: Vec<usize>,
    layout: Layout,
    slots: Vec<Slot>,
    steps: Vec<Step>,
    time_groups: Vec<usize>,
    time_parts: Vec<&'p TimePart>,
    time_position: usize,
    in_quotes: bool,
    /// What the next field follows.
    after: After,
    groups: usize,
    status: Option<usize>,
    request: Option<usize>,
    path: Option<usize>,
    user_agent: Option<usize>,
    vhost: Option<usize>,
    query: Option<usize>,
    syslog: Option<usize>,
    /// The groups of fields a line may write as a bare `-` ([`Tail::bare`]).
    bare: Vec<usize>,
}

impl<'p> Compiling<'p> {
    /// One part of a syslog prefix: its group in the prefix's optional pattern (written
    /// with the first part), and its slot; the scan reads the prefix before its steps.
    fn syslog_field(&mut self, d: &Directive, part: usize) {
        let base = *self.syslog.get_or_insert_with(|| {
            self.pattern.push_str(&super::syslog::pattern());
            self.groups += super::syslog::GROUPS;
            self.groups + 1 - super::syslog::GROUPS
        });
        let group = base + part;
        let slot = self.plain_slot(d, group, false);
        self.slots.push(slot);
    }

    /// The slot of a field the scan's steps do not read (absent, or a syslog prefix's):
    /// written as read, nothing to undo.
    fn plain_slot(&self, d: &Directive, group: usize, absent: bool) -> Slot {
        let first = self.slots.is_empty();
        Slot {
            name: d.key.as_str().into(),
            key: crate::column::Key::new(crate::column::key_bytes(&d.key, first)),
            group,
            kind: d.kind.clone(),
            quoted: false,
            unescape: Unescape::None,
            empty_is_null: false,
            position: u16::try_from(d.position).unwrap_or(u16::MAX),
            header: d.header(),
            directive: d.text.as_str().into(),
            absent,
        }
    }

    fn literal(&mut self, bytes: &[u8]) {
        super::push_escaped(&mut self.pattern, bytes);
        self.in_quotes ^= bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1;
        self.after = After::literal(bytes, self.in_quotes);
        self.steps.push(Step::Literal(bytes.to_vec()));
    }

    /// A group the regex does not have: always absent, written as null. The group
    /// numbers of the regex's own groups are all before it.
    fn absent_field(&mut self, d: &Directive) {
        self.groups += 1;
        let group = self.groups;
        let slot = self.plain_slot(d, group, true);
        self.slots.push(slot);
        if d.key == "user_agent" {
            self.user_agent = Some(group);
        }
        self.port(d, true);
    }

    fn field(
        &mut self,
        d: &'p Directive,
        (next_literal, before_field): (Option<&[u8]>, bool),
        escape: Escape,
    ) -> Result<(), FormatError> {
        self.groups += 1;
        let group = self.groups;
        let after = std::mem::replace(&mut self.after, After::Field);
        let (fragment, shape) = shape(d, self.in_quotes, (after, before_field), next_literal, escape)
            .map_err(|c| {
                let what = format!("{c} is not a strftime conversion firelog reads");
                FormatError(format!("{} at position {}: {what}", d.text, d.position))
            })?;
        self.pattern.push('(');
        self.pattern.push_str(&fragment);
        self.pattern.push(')');
        let position = u16::try_from(d.position).unwrap_or(u16::MAX);
        self.steps.push(Step::Field { group, shape, position });
        match &d.kind {
            Kind::Time(part) => {
                self.time_groups.push(group);
                self.time_parts.push(part);
                if self.time_groups.len() > 1 {
                    return Ok(());
                }
                self.time_position = d.position;
            }
            Kind::Status if d.key == "status" => self.status = Some(group),
            Kind::Request => self.request = Some(group),
            Kind::UrlRequest => (self.request, self.layout.url_request) = (Some(group), true),
            // A text `path` (Squid's `%ru`, HAProxy's `%HU`, Envoy's `%REQ(:PATH)%`) is
            // the request target the rules read, as `%U` is.
            Kind::UrlPath => self.path = Some(group),
            Kind::Text if d.key == "path" => self.path = Some(group),
            Kind::Query => self.query = Some(group),
            Kind::Text if d.key == "user_agent" => self.user_agent = Some(group),
            Kind::Host if d.key == "vhost" => self.vhost = Some(group),
            _ => {}
        }
        let is_request = matches!(d.kind, Kind::Request | Kind::UrlRequest);
        let key = if is_request { crate::column::METHOD_KEY } else { &d.key };
        // A request line whose target is a URL writes the same keys as `%r`: downstream
        // it is a request line, split by the entry ([`Entry::split_request`]).
        let kind = if is_request { Kind::Request } else { d.kind.clone() };
        let unescape = match escape {
            Escape::Apache if self.in_quotes => Unescape::Apache,
            Escape::Apache | Escape::None | Escape::Envoy | Escape::Haproxy => Unescape::None,
            Escape::Nginx => Unescape::NginxHex,
            Escape::Json => Unescape::Json,
            Escape::Url => Unescape::Percent,
            Escape::Plus => Unescape::Plus,
        };
        let first = self.slots.is_empty();
        self.slots.push(Slot {
            name: key.into(),
            key: crate::column::Key::new(crate::column::key_bytes(key, first)),
            group,
            kind,
            quoted: self.in_quotes,
            unescape,
            // nginx's json and none modes write nothing for a value they have not:
            // a list (an upstream's) that is empty is null, as `-` is.
            empty_is_null: matches!(escape, Escape::Json | Escape::None) && d.kind == Kind::List,
            position,
            header: d.header(),
            directive: d.text.as_str().into(),
            absent: false,
        });
        self.port(d, false);
        Ok(())
    }

    /// The tail's extra text and optional end, the time reader, the regex.
    fn finish(mut self, plan: &'p Plan, tail: Option<Tail<'_>>) -> Result<Matcher, FormatError> {
        let mut extra = None;
        if tail.is_some_and(|t| t.extra) {
            self.groups += 1;
            extra = Some(self.groups);
            // A W3C format's later fields follow its separator.
            self.pattern.push_str(if plan.escape == Escape::Url { "(?:\\x09(.*))?" } else { "(?: (.*))?" });
        }
        for _ in &self.optional_steps {
            self.pattern.push_str(")?");
        }
        self.pattern.push('$');
        let time = if self.time_parts.is_empty() {
            None
        } else if self.time_parts.len() > MAX_TIME_PARTS {
            return Err(FormatError(format!("more than {MAX_TIME_PARTS} time directives")));
        } else {
            let reader = TimeReader::new(&self.time_parts).map_err(|why| {
                FormatError(format!("the time directive at position {}: {why}", self.time_position))
            })?;
            let position = u16::try_from(self.time_position).unwrap_or(u16::MAX);
            Some(TimeRead { groups: self.time_groups, reader, position, zone: None })
        };
        let regex = RegexBuilder::new(&self.pattern)
            .build()
            .map_err(|e| FormatError(format!("the format does not compile to a regex: {e}")))?;
        let slots = self.slots;
        let tab_separated = plan.escape == Escape::Url
            && self.syslog.is_none()
            && self.steps.iter().all(|s| match s {
                Step::Field { shape, .. } => shape.excludes(b'\t'),
                Step::Literal(_) => true,
            });
        Ok(Matcher {
            plan: plan.clone(),
            regex,
            steps: self.steps,
            groups: self.groups,
            time,
            status: self.status,
            request: self.request,
            path: self.path,
            user_agent: self.user_agent,
            vhost: self.vhost,
            optional_steps: self.optional_steps,
            layout: self.layout,
            syslog: self.syslog,
            extra,
            checked: check::checks(&slots, self.status, plan.escape),
            slots,
            json: None,
            spaced: None,
            path_query: self.query.filter(|_| matches!(plan.escape, Escape::Url | Escape::Plus)),
            tab_separated,
            bare: self.bare,
        })
    }
}

impl Matcher {
    /// A matcher of `plan` with no fields yet, whose regex matches no line: a JSON log's,
    /// which [`Matcher::compile_json`] fills.
    fn empty(plan: Plan) -> Result<Matcher, FormatError> {
        let regex =
            RegexBuilder::new("(?-u)[^\\x00-\\xff]").build().map_err(|e| FormatError(e.to_string()))?;
        Ok(Matcher {
            plan,
            regex,
            slots: Vec::new(),
            steps: Vec::new(),
            groups: 0,
            time: None,
            status: None,
            request: None,
            path: None,
            user_agent: None,
            vhost: None,
            optional_steps: Vec::new(),
            layout: Layout::default(),
            syslog: None,
            extra: None,
            checked: Vec::new(),
            json: None,
            spaced: None,
            path_query: None,
            tab_separated: false,
            bare: Vec::new(),
        })
    }

    /// Compiles a format read by [`Plan::parse`].
    pub fn compile(plan: Plan) -> Result<Matcher, FormatError> {
        Matcher::compile_with(plan, None)
    }

    /// Compiles a format that may end early or carry extra text (see [`Tail`]).
    pub fn compile_with(plan: Plan, tail: Option<Tail<'_>>) -> Result<Matcher, FormatError> {
        // A W3C line's fields after the format's (a service adds fields at the end) are
        // kept as `extra`.
        let later = Tail { from: usize::MAX, extra: true, ..Tail::default() };
        let tail = tail.or(matches!(plan.escape, Escape::Url | Escape::Plus).then_some(later));
        let mut c = Compiling { pattern: String::from("(?s-u)^"), ..Compiling::default() };
        for (i, item) in plan.items.iter().enumerate() {
            let absent = tail.is_some_and(|t| t.absent && i >= t.from);
            if tail.is_some_and(|t| !t.absent && (t.from == i || t.also.contains(&i))) {
                c.pattern.push_str("(?:");
                c.optional_steps.push(c.steps.len());
            }
            match item {
                Item::Literal(_) if absent => {}
                Item::Literal(bytes) => c.bare_literal(bytes, i, tail),
                Item::Directive(d) if absent => c.absent_field(d),
                Item::Directive(d) if let Some(part) = super::syslog::part_of(d) => c.syslog_field(d, part),
                Item::Directive(d) if let Some(t) = tail.filter(|t| t.bare.contains(&i)) => {
                    c.bare_field(d, plan.escape, t.words.contains(&i))?
                }
                Item::Directive(d) => {
                    let next = match plan.items.get(i + 1) {
                        Some(Item::Literal(bytes)) => (Some(&bytes[..]), false),
                        next => (None, next.is_some()),
                    };
                    c.field(d, next, plan.escape)?;
                }
            }
        }
        let mut matcher = c.finish(&plan, tail)?;
        if plan.escape == Escape::Url {
            matcher.spaced = Some(Box::new(Matcher::compile_with(plan.spaced(), tail)?));
        }
        Ok(matcher)
    }

    /// Each field's name and kind, in the format's order (`%r` once, as `method`).
    pub(crate) fn fields(&self) -> impl Iterator<Item = (&str, &Kind, Option<&Header>)> {
        self.slots.iter().map(|s| (&*s.name, &s.kind, s.header.as_ref()))
    }

    /// The plan it was compiled from.
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// How the server that wrote the lines escaped them (Apache or nginx).
    pub(crate) fn escape(&self) -> Escape {
        self.plan.escape
    }

    /// A JSON log's server (none for a text format).
    pub(crate) fn json_server(&self) -> Option<super::Server> {
        self.json.as_ref().map(|(_, server)| *server)
    }

    /// How many spans a line's entry has: the regex's groups and the whole match.
    pub(crate) fn spans_len(&self) -> usize {
        self.groups + 1
    }

    /// The slot of the field with this key, and its group.
    pub(crate) fn slot_named(&self, key: &str) -> Option<(usize, usize)> {
        self.slots.iter().position(|s| &*s.name == key).map(|k| (k, self.slots[k].group))
    }

    /// Whether text after the last field is kept, as `extra`.
    pub(crate) fn keeps_extra(&self) -> bool {
        self.extra.is_some()
    }

    /// Whether `line` is plain ([`crate::json::is_plain_line`]): a value of a plain line
    /// needs no escaping but for a `"`. A W3C line may have tabs, which no value holds.
    #[inline]
    pub(crate) fn is_plain(&self, line: &[u8]) -> bool {
        if self.tab_separated {
            crate::json::is_plain_but_tabs(line)
        } else {
            crate::json::is_plain_line(line)
        }
    }

    /// The regex the format compiled to.
    pub fn regex(&self) -> &Regex {
        &self.regex
    }

    /// The spans of a line's groups by the scan (index 0 is the whole line), or where
    /// the scan stopped when it does not reach the end of the line.
    pub fn scan(&self, line: &[u8], spans: &mut Vec<(usize, usize)>) -> Result<(), Stop> {
        spans.clear();
        spans.resize(self.groups + 1, ABSENT);
        let mut i = 0;
        if let Some(base) = self.syslog
            && let Some(prefix) = super::syslog::read(line)
        {
            i = prefix.place(base, spans, ABSENT);
        }
        for (n, step) in self.steps.iter().enumerate() {
            if i == line.len() && self.optional_steps.contains(&n) {
                spans[0] = (0, line.len());
                self.split_endpoints(line, spans);
                self.unquote(line, spans);
                return Ok(());
            }
            match step {
                Step::Literal(bytes) => {
                    // Literals are a few bytes (most one, a space): compared here, not by
                    // a call to memcmp.
                    let fits = match bytes.as_slice() {
                        [byte] => line.get(i) == Some(byte),
                        _ => {
                            line.len() - i >= bytes.len() && bytes.iter().zip(&line[i..]).all(|(a, b)| a == b)
                        }
                    };
                    if !fits {
                        return Err(Stop { step: n, at: i });
                    }
                    i += bytes.len();
                }
                Step::Field { group, shape, .. } => {
                    let end = shape.read(line, i).ok_or(Stop { step: n, at: i })?;
                    spans[*group] = (i, end);
                    i = end;
                }
            }
        }
        if let Some(g) = self.extra
            && line.get(i) == Some(&if self.plan.escape == Escape::Url { b'\t' } else { b' ' })
        {
            spans[g] = (i + 1, line.len());
            i = line.len();
        }
        spans[0] = (0, line.len());
        if i != line.len() {
            return Err(Stop { step: self.steps.len(), at: i });
        }
        self.split_endpoints(line, spans);
        self.unquote(line, spans);
        Ok(())
    }

    /// The bytes the matcher looks at to read `line`, counted step by step (for the tests
    /// that hold it linear): a step that reads a field looks at its bytes and a few past
    /// them (a separator, the byte that stops it); a step that fails may look at the rest
    /// of the line; a strftime's regex may look at the rest of the line; and when the scan
    /// fails, the regex runs: the regex crate reads a line without backtracking, counted
    /// as one pass for each of its groups.
    pub fn work(&self, line: &[u8]) -> usize {
        let rest = |i: usize| line.len() - i.min(line.len()) + 1;
        let start = self.syslog.and_then(|_| super::syslog::read(line)).map_or(0, |p| p.end);
        let (mut work, mut i) = (start + 1, start);
        let mut failed = false;
        for (n, step) in self.steps.iter().enumerate() {
            if i == line.len() && self.optional_steps.contains(&n) {
                break;
            }
            match step {
                Step::Literal(bytes) => {
                    work += bytes.len();
                    if !line[i..].starts_with(bytes) {
                        failed = true;
                        break;
                    }
                    i += bytes.len();
                }
                Step::Field { shape, .. } => {
                    if let Shape::Regex(_) = shape {
                        work += rest(i);
                    }
                    match shape.read(line, i) {
                        Some(end) => {
                            // The separator looked at past a list's end, and the stop byte.
                            work += end - i + 4;
                            i = end;
                        }
                        None => {
                            work += rest(i);
                            failed = true;
                            break;
                        }
                    }
                }
            }
        }
        if failed || i < line.len() && self.extra.is_none() {
            work += (line.len() + 1) * (self.groups + 1);
        }
        work
    }

    /// The most [`Matcher::work`] can be for a line of `len` bytes: linear in `len`.
    pub fn work_bound(&self, len: usize) -> usize {
        let regex_steps =
            self.steps.iter().filter(|s| matches!(s, Step::Field { shape: Shape::Regex(_), .. })).count();
        (len + 1) * (3 + regex_steps + self.groups + 1) + 4 * self.steps.len()
    }

    /// What the scan expected where it stopped, for a line's error.
    fn stopped(&self, stop: Stop) -> Field {
        match self.steps.get(stop.step) {
            Some(Step::Literal(_)) | None => {
                let position = self.steps[..stop.step.min(self.steps.len())]
                    .iter()
                    .rev()
                    .find_map(|s| match s {
                        Step::Field { position, .. } => Some(*position),
                        Step::Literal(_) => None,
                    })
                    .unwrap_or(0);
                if stop.step >= self.steps.len() { Field::End } else { Field::After { position } }
            }
            Some(Step::Field { position, shape, .. }) => {
                Field::Directive { what: shape.expects(), position: *position }
            }
        }
    }

    /// The spans of a line's groups by the regex (index 0 is the whole match), `None`
    /// when it does not match; a group that took no part is `(0, 0)`.
    pub fn match_regex(
        &self,
        line: &[u8],
        locs: &mut CaptureLocations,
        spans: &mut Vec<(usize, usize)>,
    ) -> Option<()> {
        self.regex.captures_read(locs, line)?;
        spans.clear();
        spans.extend((0..=self.groups).map(|g| locs.get(g).unwrap_or(ABSENT)));
        if let Some(base) = self.syslog {
            super::syslog::merge(base, spans, ABSENT);
        }
        self.split_endpoints(line, spans);
        self.unquote(line, spans);
        Some(())
    }

    /// Matches `line` (by the scan, or else the regex) and checks every typed value, so
    /// writing it cannot fail.
    pub fn parse<'a>(
        &'a self,
        line: &'a [u8],
        captures: &'a mut super::Captures,
    ) -> Result<Entry<'a>, ParseError> {
        if let Some(spaced) = self.spaced.as_deref().filter(|_| memchr::memchr(b'\t', line).is_none()) {
            return spaced.parse(line, captures);
        }
        let super::Captures { spans, locs, numbers, values, clf } = captures;
        if let Some((paths, _)) = &self.json {
            json::spans(paths, line, values, spans)?;
            self.split_json_endpoints(line, spans);
        } else if let Err(stop) = self.scan(line, spans) {
            let locs = locs.get_or_insert_with(|| self.regex.capture_locations());
            if self.match_regex(line, locs, spans).is_none() {
                return Err(ParseError::at(self.stopped(stop), line, stop.at));
            }
        }
        let spans = &spans[..];
        let status = self.check(line, spans, numbers)?;
        let time = self.read_time(line, spans, clf)?;
        Ok(Entry { format: self, line, spans, numbers, time, status })
    }

    /// Whether the format has what a setting needs.
    pub fn provides(&self, field: super::RuleField) -> bool {
        use super::RuleField;
        match field {
            RuleField::Status => self.status.is_some(),
            RuleField::Path => self.request.is_some() || self.path.is_some(),
            RuleField::UserAgent => self.user_agent.is_some(),
            RuleField::Time => self.time.is_some(),
            RuleField::Vhost => self.vhost.is_some(),
        }
    }
}

/// HAProxy's `+243` (logged early) as `243`.
fn strip_plus(text: &[u8]) -> &[u8] {
    text.strip_prefix(b"+").unwrap_or(text)
}

/// A numeric field's value, read once by the matcher for the writer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Number {
    /// `-`, empty, or not a numeric field.
    #[default]
    None,
    /// A whole number (`%b`, `%D`, a status).
    Whole(u64),
    /// `0.034`: the whole part, and where the fraction's digits are in the line (an
    /// empty span when the field has no dot).
    Decimal {
        /// The digits before the dot.
        whole: u64,
        /// The span of the digits after the dot.
        fraction: (usize, usize),
    },
}

/// One parsed line, borrowed from it: each field of the format's plan as its span in the
/// line and, for numbers, statuses and times, its typed value. The matcher and the byte
/// scanner fill the same entry; nothing downstream asks which of them read a line.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub(crate) format: &'a Matcher,
    pub(crate) line: &'a [u8],
    spans: &'a [(usize, usize)],
    numbers: &'a [Number],
    /// The time, when the format has one.
    pub time: Option<Stamp>,
    /// The status, when the format has one (`-` is `None`).
    pub status: Option<u16>,
}

impl<'a> Entry<'a> {
    /// The entry of `line` under `format`, from `spans` (by group) and `numbers` (by
    /// slot): for the byte scanner, which reads a built-in format's lines into the same
    /// groups as its definition.
    pub(crate) fn new(
        format: &'a Matcher,
        line: &'a [u8],
        spans: &'a [(usize, usize)],
        numbers: &'a [Number],
        time: Option<Stamp>,
        status: Option<u16>,
    ) -> Entry<'a> {
        Entry { format, line, spans, numbers, time, status }
    }

    /// The text of the field with this key (`%r`'s under `method`), as logged; `None`
    /// when the format has no such field or the line did not have it.
    pub fn value(&self, key: &str) -> Option<&'a [u8]> {
        let slot = self.format.slots.iter().find(|s| &*s.name == key)?;
        self.group(slot.group)
    }

    /// A group's text, `None` when it took no part in the match.
    pub(crate) fn group(&self, i: usize) -> Option<&'a [u8]> {
        // An absent group's span starts past any line.
        self.spans.get(i).and_then(|&(s, e)| self.line.get(s..e))
    }

    /// The [`BLOCK`] bytes of the line from where `value` starts, when `value` is a part
    /// of the line of at most that many bytes and the line goes on that far: the writer
    /// copies a short value as a block of known length.
    #[inline(always)]
    pub(crate) fn block(&self, value: &[u8]) -> Option<&'a [u8; BLOCK]> {
        // A value that is not the line's (a constant, a decoded copy) starts outside it,
        // where no block is.
        let start = (value.as_ptr() as usize).wrapping_sub(self.line.as_ptr() as usize);
        if value.len() > BLOCK {
            return None;
        }
        self.line.get(start..start.checked_add(BLOCK)?)?.try_into().ok()
    }

    /// The bytes of the line at `span`.
    pub(crate) fn span(&self, (start, end): (usize, usize)) -> &'a [u8] {
        self.line.get(start..end).unwrap_or_default()
    }

    /// The number slot `k` read, when it is a numeric field.
    pub(crate) fn number(&self, k: usize) -> Number {
        self.numbers.get(k).copied().unwrap_or(Number::None)
    }

    fn optional(&self, group: Option<usize>) -> Option<&'a [u8]> {
        group.and_then(|g| self.group(g))
    }

    /// The text kept after the last field (the default format's `extra`).
    pub fn extra(&self) -> Option<&'a [u8]> {
        self.optional(self.format.extra)
    }

    /// The request line (`%r`), when the format has one.
    pub fn request(&self) -> Option<&'a [u8]> {
        self.optional(self.format.request)
    }

    /// The URL path (`%U`, `$uri`), when the format has one.
    pub fn path(&self) -> Option<&'a [u8]> {
        self.optional(self.format.path)
    }

    /// The user agent, when the format has one.
    pub fn user_agent(&self) -> Option<&'a [u8]> {
        self.optional(self.format.user_agent).and_then(super::dash_is_none)
    }

    /// The virtual host (`%v`), when the format has one.
    pub fn vhost(&self) -> Option<&'a [u8]> {
        self.optional(self.format.vhost)
    }
}
