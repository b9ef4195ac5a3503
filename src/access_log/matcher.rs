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
use super::strftime::{self, Stamp, TimeReader};
use super::{Field, ParseError};
use crate::json::Unescape;

/// The span of a group that took no part in the match (an optional tail that was absent).
pub(crate) const ABSENT: (usize, usize) = (usize::MAX, usize::MAX);

/// How a built-in format ends: what the default format forgives, and common's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    /// The items from this index on may all be absent (a common line under combined)...
    pub from: usize,
    /// ...or are never there, their keys always null (common, which writes combined's keys).
    pub absent: bool,
    /// Text after a space past the last field is kept, as `extra`.
    pub extra: bool,
}

/// The most time directives one timestamp is made of (the parts are joined on the stack).
const MAX_TIME_PARTS: usize = 8;

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
    /// The step from which the rest may be absent.
    optional_step: Option<usize>,
    /// The group of the text kept after the last field.
    pub(crate) extra: Option<usize>,
    /// The slots whose text is checked before anything is written (numbers, statuses).
    checked: Vec<usize>,
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
}

/// One JSON value (or, for `%r`, four) and the group it comes from.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// The field's name: the JSON key the plan gives it (`method` for `%r`).
    pub name: Box<str>,
    /// The JSON key the plan gives the field (`method` for `%r`, which writes four), as
    /// the writer writes it ([`crate::column::key_bytes`]), made once here.
    pub key: Box<[u8]>,
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
}

impl Matcher {
    /// Compiles a format read by [`Plan::parse`].
    pub fn compile(plan: Plan) -> Result<Matcher, FormatError> {
        Matcher::compile_with(plan, None)
    }

    /// Compiles a format that may end early or carry extra text (see [`Tail`]).
    pub fn compile_with(plan: Plan, tail: Option<Tail>) -> Result<Matcher, FormatError> {
        let mut pattern = String::from("(?s-u)^");
        let mut optional_step = None;
        let mut slots = Vec::new();
        let mut steps = Vec::new();
        let mut time_groups = Vec::new();
        let mut time_parts: Vec<&TimePart> = Vec::new();
        let mut time_position = 0;
        let mut in_quotes = false;
        let mut groups = 0;
        let (mut status, mut request, mut path, mut user_agent, mut vhost) = (None, None, None, None, None);
        for (i, item) in plan.items.iter().enumerate() {
            let absent = tail.is_some_and(|t| t.absent && i >= t.from);
            if tail.is_some_and(|t| !t.absent && t.from == i) {
                pattern.push_str("(?:");
                optional_step = Some(steps.len());
            }
            let d = match item {
                Item::Literal(_) if absent => continue,
                Item::Literal(bytes) => {
                    super::push_escaped(&mut pattern, bytes);
                    in_quotes ^= bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1;
                    steps.push(Step::Literal(bytes.clone()));
                    continue;
                }
                Item::Directive(d) => d,
            };
            let next_literal = match plan.items.get(i + 1) {
                Some(Item::Literal(bytes)) => Some(&bytes[..]),
                _ => None,
            };
            groups += 1;
            let group = groups;
            if absent {
                // A group the regex does not have: always absent, written as null. The
                // group numbers of the regex's own groups are all before it.
                let first = slots.is_empty();
                slots.push(Slot {
                    name: d.key.as_str().into(),
                    key: crate::column::key_bytes(&d.key, first),
                    group,
                    kind: d.kind.clone(),
                    quoted: false,
                    unescape: Unescape::None,
                    empty_is_null: false,
                    position: u16::try_from(d.position).unwrap_or(u16::MAX),
                    header: d.header(),
                    directive: d.text.as_str().into(),
                });
                if d.key == "user_agent" {
                    user_agent = Some(group);
                }
                continue;
            }
            let (fragment, shape) = shape(d, in_quotes, next_literal, plan.escape).map_err(|conversion| {
                FormatError(format!(
                    "{} at position {}: {conversion} is not a strftime conversion firelog reads",
                    d.text, d.position
                ))
            })?;
            pattern.push('(');
            pattern.push_str(&fragment);
            pattern.push(')');
            steps.push(Step::Field { group, shape, position: u16::try_from(d.position).unwrap_or(u16::MAX) });
            match &d.kind {
                Kind::Time(part) => {
                    time_groups.push(group);
                    time_parts.push(part);
                    if time_groups.len() > 1 {
                        continue;
                    }
                    time_position = d.position;
                }
                Kind::Status if d.key == "status" => status = Some(group),
                Kind::Request => request = Some(group),
                Kind::UrlPath => path = Some(group),
                Kind::Text if d.key == "user_agent" => user_agent = Some(group),
                Kind::Host if d.key == "vhost" => vhost = Some(group),
                _ => {}
            }
            let key = if d.kind == Kind::Request { crate::column::METHOD_KEY } else { &d.key };
            let unescape = match plan.escape {
                Escape::Apache if in_quotes => Unescape::Apache,
                Escape::Apache | Escape::None => Unescape::None,
                Escape::Nginx => Unescape::NginxHex,
                Escape::Json => Unescape::Json,
            };
            slots.push(Slot {
                name: key.into(),
                key: crate::column::key_bytes(key, slots.is_empty()),
                group,
                kind: d.kind.clone(),
                quoted: in_quotes,
                unescape,
                // nginx's json and none modes write nothing for a value they have not:
                // a list (an upstream's) that is empty is null, as `-` is.
                empty_is_null: matches!(plan.escape, Escape::Json | Escape::None) && d.kind == Kind::List,
                position: u16::try_from(d.position).unwrap_or(u16::MAX),
                header: d.header(),
                directive: d.text.as_str().into(),
            });
        }
        let mut extra = None;
        if tail.is_some_and(|t| t.extra) {
            groups += 1;
            extra = Some(groups);
            pattern.push_str("(?: (.*))?");
        }
        if optional_step.is_some() {
            pattern.push_str(")?");
        }
        pattern.push('$');
        let time = if time_parts.is_empty() {
            None
        } else if time_parts.len() > MAX_TIME_PARTS {
            return Err(FormatError(format!("more than {MAX_TIME_PARTS} time directives")));
        } else {
            let reader = TimeReader::new(&time_parts).map_err(|why| {
                FormatError(format!("the time directive at position {time_position}: {why}"))
            })?;
            let position = u16::try_from(time_position).unwrap_or(u16::MAX);
            Some(TimeRead { groups: time_groups, reader, position })
        };
        let regex = RegexBuilder::new(&pattern)
            .build()
            .map_err(|e| FormatError(format!("the format does not compile to a regex: {e}")))?;
        Ok(Matcher {
            plan,
            regex,
            steps,
            groups,
            time,
            status,
            request,
            path,
            user_agent,
            vhost,
            optional_step,
            extra,
            checked: (0..slots.len())
                .filter(|&k| matches!(slots[k].kind, Kind::Integer { .. } | Kind::Decimal | Kind::Status))
                .collect(),
            slots,
        })
    }

    /// Each field's name and kind, in the format's order (`%r` once, as `method`).
    pub(crate) fn fields(&self) -> impl Iterator<Item = (&str, &Kind, Option<&Header>)> {
        self.slots.iter().map(|s| (&*s.name, &s.kind, s.header.as_ref()))
    }

    /// How the server that wrote the lines escaped them (Apache or nginx).
    pub(crate) fn escape(&self) -> Escape {
        self.plan.escape
    }

    /// Whether text after the last field is kept, as `extra`.
    pub(crate) fn keeps_extra(&self) -> bool {
        self.extra.is_some()
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
        for (n, step) in self.steps.iter().enumerate() {
            if self.optional_step == Some(n) && i == line.len() {
                spans[0] = (0, line.len());
                return Ok(());
            }
            match step {
                Step::Literal(bytes) => {
                    // Literals are a few bytes: compared here, not by a call to memcmp.
                    let fits =
                        line.len() - i >= bytes.len() && bytes.iter().zip(&line[i..]).all(|(a, b)| a == b);
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
            && line.get(i) == Some(&b' ')
        {
            spans[g] = (i + 1, line.len());
            i = line.len();
        }
        spans[0] = (0, line.len());
        if i == line.len() { Ok(()) } else { Err(Stop { step: self.steps.len(), at: i }) }
    }

    /// The bytes the matcher looks at to read `line`, counted step by step (for the tests
    /// that hold it linear): a step that reads a field looks at its bytes and a few past
    /// them (a separator, the byte that stops it); a step that fails may look at the rest
    /// of the line; a strftime's regex may look at the rest of the line; and when the scan
    /// fails, the regex runs: the regex crate reads a line without backtracking, counted
    /// as one pass for each of its groups.
    pub fn work(&self, line: &[u8]) -> usize {
        let rest = |i: usize| line.len() - i.min(line.len()) + 1;
        let (mut work, mut i) = (0, 0);
        let mut failed = false;
        for (n, step) in self.steps.iter().enumerate() {
            if self.optional_step == Some(n) && i == line.len() {
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
        Some(())
    }

    /// Matches `line` (by the scan, or else the regex) and checks every typed value, so
    /// writing it cannot fail.
    pub fn parse<'a>(
        &'a self,
        line: &'a [u8],
        captures: &'a mut super::Captures,
    ) -> Result<Matched<'a>, ParseError> {
        let super::Captures { spans, locs, numbers } = captures;
        if let Err(stop) = self.scan(line, spans) {
            let locs = locs.get_or_insert_with(|| self.regex.capture_locations());
            if self.match_regex(line, locs, spans).is_none() {
                return Err(ParseError::at(self.stopped(stop), line, stop.at));
            }
        }
        let spans = &spans[..];
        let group = |i: usize| match spans.get(i) {
            Some(&(s, e)) if (s, e) != ABSENT => &line[s..e],
            _ => &b""[..],
        };
        let mut status = None;
        // Only the checked slots' numbers are written, each on every line: no clearing.
        numbers.resize(self.slots.len(), Number::None);
        for &k in &self.checked {
            let slot = &self.slots[k];
            let at = spans.get(slot.group).map_or(0, |&(s, _)| if s == usize::MAX { 0 } else { s });
            let invalid = |what| ParseError::at(Field::Directive { what, position: slot.position }, line, at);
            let text = group(slot.group);
            numbers[k] = match slot.kind {
                Kind::Integer { .. } => match super::integer(text) {
                    Some(n) => Number::Whole(n),
                    None if is_missing(text) => Number::None,
                    None => return Err(invalid("number")),
                },
                Kind::Decimal => match super::decimal(text) {
                    // The fraction's digits end the text.
                    Some((whole, fraction)) => Number::Decimal {
                        whole,
                        fraction: (at + text.len() - fraction.len(), at + text.len()),
                    },
                    None if is_missing(text) => Number::None,
                    None => return Err(invalid("number")),
                },
                Kind::Status => {
                    let code = if is_missing(text) {
                        None
                    } else {
                        Some(super::status(text).ok_or_else(|| invalid("status"))?)
                    };
                    if Some(slot.group) == self.status {
                        status = code;
                    }
                    code.map_or(Number::None, |c| Number::Whole(u64::from(c)))
                }
                _ => Number::None,
            };
        }
        let time = match &self.time {
            None => None,
            Some(TimeRead { groups, reader, position }) => {
                let mut texts: [&[u8]; MAX_TIME_PARTS] = [b""; MAX_TIME_PARTS];
                for (text, g) in texts.iter_mut().zip(groups) {
                    *text = group(*g);
                }
                let stamp = reader.read(&texts[..groups.len()]);
                let at = spans.get(groups[0]).map_or(0, |&(s, _)| if s == usize::MAX { 0 } else { s });
                Some(stamp.ok_or_else(|| {
                    ParseError::at(Field::Directive { what: "time", position: *position }, line, at)
                })?)
            }
        };
        Ok(Matched { format: self, line, spans, numbers, time, status })
    }

    /// The most a line of this format can grow into JSON, from the plan: the shortest
    /// line it reads, the most output that line can have, and the most output a byte
    /// more can add (see [`crate::expansion`]).
    pub fn growth(&self) -> crate::expansion::Growth {
        // Each group's shortest text; an optional tail's fields and literals may be absent.
        let mut min_of_group = vec![0usize; self.groups + 1];
        let mut min_line = 0;
        for (n, step) in self.steps.iter().enumerate() {
            let optional = self.optional_step.is_some_and(|o| n >= o);
            let len = match step {
                Step::Literal(bytes) => bytes.len(),
                Step::Field { group, shape, .. } => {
                    let len = shape.min_len();
                    min_of_group[*group] = if optional { 0 } else { len };
                    len
                }
            };
            if !optional {
                min_line += len;
            }
        }
        // `{`, `}` and the newline; the default's `,"extra":""` when it is there.
        let mut fixed = 3 + if self.extra.is_some() { 11 } else { 0 };
        let mut per_byte = 0;
        let mut vhost_per_byte = 0;
        for slot in &self.slots {
            let key = slot.key.len();
            // Every value may be `null` (4 bytes); a string adds its quotes and at most 6
            // bytes a byte (a control byte is `\u00XX`); `%r` writes each byte twice.
            let (constant, each) = match slot.kind {
                Kind::Host
                | Kind::Name
                | Kind::Text
                | Kind::List
                | Kind::UrlPath
                | Kind::Query
                | Kind::IsArgs => (2, 6),
                Kind::TimeText(_) => (2, 6),
                // `,"path":`, `,"protocol":`, `,"request":`, three nulls and `""`.
                Kind::Request => (31 + 12 + 2, 12),
                Kind::Status | Kind::Dash => (0, 0),
                Kind::Integer { .. } | Kind::Decimal => (0, 1),
                // RFC 3339 with nine fraction digits, quoted, whatever the input.
                Kind::Time(_) => (32, 0),
            };
            fixed += key + 4 + constant + each * min_of_group.get(slot.group).copied().unwrap_or(0);
            per_byte = per_byte.max(each);
            if Some(slot.group) == self.vhost {
                vhost_per_byte = each;
            }
        }
        crate::expansion::Growth { min_line, fixed, per_byte, vhost_per_byte }
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

/// The fewest bytes a pattern matches (1 if it cannot be read, which only makes a bound
/// that uses it larger).
fn min_match_len(pattern: &str) -> usize {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()
        .and_then(|hir| hir.properties().minimum_len())
        .unwrap_or(1)
}

/// Where the run of bytes from `from` that are not in `stop` ends.
#[inline]
fn until(line: &[u8], from: usize, stop: &[bool; 256]) -> usize {
    from + line[from..].iter().take_while(|&&b| !stop[usize::from(b)]).count()
}

/// Where the scan stopped: at which step, at which byte of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    step: usize,
    at: usize,
}

/// A value nginx logs for a variable that has none (`-`), or that the JSON and no-escape
/// modes leave empty: null.
fn is_missing(text: &[u8]) -> bool {
    text == b"-" || text.is_empty()
}

/// One step of the scan: the regex's greedy path through a literal or a directive.
#[derive(Debug, Clone)]
enum Step {
    Literal(Vec<u8>),
    Field { group: usize, shape: Shape, position: u16 },
}

/// What a directive's group matches, as the scan reads it.
#[derive(Debug, Clone)]
enum Shape {
    /// `[^stop]+` (or `*`).
    Run { stop: Box<[bool; 256]>, non_empty: bool },
    /// `(?:[^stop]|\\.)*`: Apache's escaped text, `stop` holding `"` and `\`.
    Escaped { stop: Box<[bool; 256]> },
    /// `(?:[^"\\]|\\.)*`: a whole quoted field (the common case, found with memchr).
    Quoted,
    /// `(?:\?text)?`.
    Query(Box<Shape>),
    /// `[0-9]{n}`.
    Digits(usize),
    /// `[0-9]+`.
    Number,
    /// `[0-9]+|-`, and empty when `empty`.
    NumberOrDash { empty: bool },
    /// `[0-9]{3}|-`, and empty when `empty`.
    StatusOrDash { empty: bool },
    /// `[0-9]+(?:\.[0-9]+)?|-`, and empty when `empty`.
    Decimal { empty: bool },
    /// nginx's upstream lists: `P(?:(?:, | : )P)*` with `P` a run of bytes not in `stop`
    /// (which holds `,`); the whole may be empty when `empty`.
    List { stop: Box<[bool; 256]>, empty: bool },
    /// An address or text where a list may stand: `(?:R*,\x20)*R*[^stop,]` with `R` a
    /// byte not in `stop`: a run, and while it ends in a comma, a space and another run.
    /// It cannot end in a comma. May be empty when `empty`.
    Commas { stop: Box<[bool; 256]>, empty: bool },
    /// `\[[^\]]*\]` (Apache's `%t`, whose inside is 26 bytes).
    Bracketed,
    /// `.*`.
    Rest,
    /// `-`.
    Dash,
    /// `\??`: nginx's `$is_args`.
    IsArgs,
    /// `%t`'s inside, nginx's `$time_local`: `dd/Mon/yyyy:HH:MM:SS +zzzz`, byte by byte.
    ClfInner,
    /// Anything else (a strftime format): its regex, anchored, on the rest of the line.
    Regex(Regex),
}

impl Shape {
    /// Where the group ends if it starts at `i`, on the greedy path.
    #[inline]
    fn read(&self, line: &[u8], i: usize) -> Option<usize> {
        let digits = |from: usize| from + line[from..].iter().take_while(|b| b.is_ascii_digit()).count();
        match self {
            Shape::Run { stop, non_empty } => {
                let end = until(line, i, stop);
                (end > i || !non_empty).then_some(end)
            }
            Shape::Escaped { stop } => {
                let mut j = i;
                loop {
                    j = until(line, j, stop);
                    if line.get(j) == Some(&b'\\') && j + 1 < line.len() {
                        j += 2;
                    } else {
                        return Some(j);
                    }
                }
            }
            Shape::Quoted => {
                let mut j = i;
                loop {
                    j += memchr::memchr2(b'"', b'\\', &line[j..]).unwrap_or(line.len() - j);
                    if line.get(j) == Some(&b'\\') && j + 1 < line.len() {
                        j += 2;
                    } else {
                        return Some(j);
                    }
                }
            }
            Shape::Query(text) => match line.get(i) {
                Some(b'?') => text.read(line, i + 1),
                _ => Some(i),
            },
            Shape::Digits(n) => {
                let end = i + n;
                (end <= line.len() && line[i..end].iter().all(u8::is_ascii_digit)).then_some(end)
            }
            Shape::Number => Some(digits(i)).filter(|&end| end > i),
            Shape::NumberOrDash { empty } => match line.get(i) {
                Some(b'-') => Some(i + 1),
                _ => Some(digits(i)).filter(|&end| end > i || *empty),
            },
            Shape::StatusOrDash { empty } => match line.get(i) {
                Some(b'-') => Some(i + 1),
                _ if line.get(i..i + 3).is_some_and(|d| d.iter().all(u8::is_ascii_digit)) => Some(i + 3),
                _ => empty.then_some(i),
            },
            Shape::Decimal { empty } => match line.get(i) {
                Some(b'-') => Some(i + 1),
                _ => {
                    let end = digits(i);
                    if end == i {
                        return empty.then_some(i);
                    }
                    match (line.get(end), line.get(end + 1)) {
                        (Some(b'.'), Some(d)) if d.is_ascii_digit() => Some(digits(end + 1)),
                        _ => Some(end),
                    }
                }
            },
            Shape::Commas { stop, empty } => {
                let run = |from: usize| until(line, from, stop);
                let mut end = run(i);
                if end == i {
                    return empty.then_some(i);
                }
                while line[end - 1] == b',' {
                    // A comma goes on after a space, with another run.
                    if line.get(end) != Some(&b' ') {
                        return None;
                    }
                    let next = run(end + 1);
                    if next == end + 1 {
                        return None;
                    }
                    end = next;
                }
                Some(end)
            }
            Shape::List { stop, empty } => {
                let piece = |from: usize| until(line, from, stop);
                let mut end = piece(i);
                if end == i {
                    return empty.then_some(i);
                }
                loop {
                    // The separator, then a piece that is not empty; else the list ends.
                    let after = match &line[end..] {
                        [b' ', b':', b' ', ..] => end + 3,
                        [b',', b' ', ..] => end + 2,
                        _ => return Some(end),
                    };
                    let next = piece(after);
                    if next == after {
                        return Some(end);
                    }
                    end = next;
                }
            }
            Shape::Bracketed => {
                if line.get(i) != Some(&b'[') {
                    return None;
                }
                memchr::memchr(b']', &line[i + 1..]).map(|at| i + 1 + at + 1)
            }
            Shape::Rest => Some(line.len()),
            Shape::Dash => (line.get(i) == Some(&b'-')).then_some(i + 1),
            Shape::ClfInner => {
                // The regex `[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}`,
                // position by position.
                let t: &[u8; 26] = line.get(i..i + 26)?.try_into().ok()?;
                let digits = |from: usize, n: usize| t[from..from + n].iter().all(u8::is_ascii_digit);
                let fits = digits(0, 2)
                    && t[2] == b'/'
                    && t[3..6].iter().all(u8::is_ascii_alphabetic)
                    && t[6] == b'/'
                    && digits(7, 4)
                    && t[11] == b':'
                    && digits(12, 2)
                    && t[14] == b':'
                    && digits(15, 2)
                    && t[17] == b':'
                    && digits(18, 2)
                    && t[20] == b' '
                    && (t[21] == b'+' || t[21] == b'-')
                    && digits(22, 4);
                fits.then_some(i + 26)
            }
            Shape::IsArgs => Some(i + usize::from(line.get(i) == Some(&b'?'))),
            Shape::Regex(re) => re.find(&line[i..]).map(|m| i + m.end()),
        }
    }

    /// The fewest bytes this shape reads (a time's strftime: at least one).
    fn min_len(&self) -> usize {
        match self {
            Shape::Run { non_empty, .. } => usize::from(*non_empty),
            Shape::List { empty, .. } | Shape::Commas { empty, .. } => usize::from(!*empty),
            Shape::Escaped { .. } | Shape::Quoted | Shape::Query(_) | Shape::Rest | Shape::IsArgs => 0,
            Shape::Digits(n) => *n,
            Shape::Number | Shape::Dash => 1,
            Shape::Regex(re) => min_match_len(re.as_str()),
            Shape::NumberOrDash { empty } | Shape::StatusOrDash { empty } | Shape::Decimal { empty } => {
                usize::from(!*empty)
            }
            // `[10/Oct/2000:13:55:36 -0700]`: the time is checked after the match.
            Shape::Bracketed => 2 + crate::timestamp::CLF_TIME_LEN,
            Shape::ClfInner => crate::timestamp::CLF_TIME_LEN,
        }
    }

    /// What this shape reads, for a line's error.
    fn expects(&self) -> &'static str {
        match self {
            Shape::Run { .. } | Shape::List { .. } | Shape::Commas { .. } => "value",
            Shape::Escaped { .. } | Shape::Quoted | Shape::Query(_) | Shape::Rest | Shape::IsArgs => "text",
            Shape::Dash => "-",
            Shape::Digits(_) | Shape::Regex(_) | Shape::Bracketed | Shape::ClfInner => "time",
            Shape::Number | Shape::NumberOrDash { .. } | Shape::Decimal { .. } => "number",
            Shape::StatusOrDash { .. } => "status",
        }
    }
}

/// The regex for one directive (without its group), and how the scan reads it.
///
/// Outside quotes a value runs to the next space or literal byte. A host or text there
/// may be a comma-separated list (`10.0.0.2, 10.0.0.1`); text and lists may be empty
/// when a literal other than a space ends them (`[$proxy_alternative_upstream_name]`
/// logs `[]`), where an empty value cannot be mistaken for a missing field.
fn shape(
    d: &Directive,
    in_quotes: bool,
    next_literal: Option<&[u8]>,
    escape: Escape,
) -> Result<(String, Shape), String> {
    let next = next_literal.and_then(|l| l.first().copied());
    // The bytes a text value stops at.
    let mut stop: Vec<u8> = if in_quotes {
        match escape {
            Escape::None => vec![b'"'],
            _ => vec![b'"', b'\\'],
        }
    } else {
        vec![b' ']
    };
    if let Some(n) = next
        && !stop.contains(&n)
    {
        stop.push(n);
    }
    let class = |extra: &[u8]| -> (String, Box<[bool; 256]>) {
        let mut s = String::from("[^");
        let mut table = Box::new([false; 256]);
        for &b in stop.iter().chain(extra) {
            super::push_escaped(&mut s, &[b]);
            table[usize::from(b)] = true;
        }
        s.push(']');
        (s, table)
    };
    // nginx's json and none modes write nothing for a missing value.
    let empty_number = matches!(escape, Escape::Json | Escape::None);
    let may_be_empty = next.is_none_or(|n| n != b' ');
    let text = |extra: &[u8], non_empty: bool| {
        let (class, stop) = class(extra);
        if in_quotes && escape != Escape::None && stop.iter().filter(|&&b| b).count() == 2 {
            (format!("(?:{class}|\\\\.)*"), Shape::Quoted)
        } else if in_quotes && escape != Escape::None {
            (format!("(?:{class}|\\\\.)*"), Shape::Escaped { stop })
        } else {
            (format!("{class}{}", if non_empty { "+" } else { "*" }), Shape::Run { stop, non_empty })
        }
    };
    // A list outside quotes: pieces without a comma, joined by `, ?` (or nginx's `, `
    // and ` : `). Where the next literal could be read as a separator, one run. Fields
    // that touch (no literal between) split where a host ends: at a `/`
    // (`$host$request_uri`).
    let touching: &[u8] = if next_literal.is_none() { b"/" } else { b"" };
    let list = |colon: bool, empty: bool, host: bool| {
        let extra: &[u8] = if host { touching } else { b"" };
        let ambiguous = match next_literal {
            Some(l) if colon => l.starts_with(b", ") || l.starts_with(b" : "),
            Some(l) => l.starts_with(b","),
            None => false,
        };
        if in_quotes || ambiguous {
            return text(extra, !empty);
        }
        let optional = |re: String| if empty { format!("(?:{re})?") } else { re };
        if colon {
            let (class, stop) = class(&[b",", extra].concat());
            let re = optional(format!("{class}+(?:(?:, | : ){class}+)*"));
            return (re, Shape::List { stop, empty });
        }
        let (last, _) = class(&[b",", extra].concat());
        let (run, stop) = class(extra);
        let re = optional(format!("(?:{run}*,\\x20)*{run}*{last}"));
        (re, Shape::Commas { stop, empty })
    };
    let dash = |re: &str| if empty_number { format!("(?:{re}|-)?") } else { format!("{re}|-") };
    Ok(match &d.kind {
        Kind::Time(part) | Kind::TimeText(part) => match part {
            TimePart::Clf => (strftime::regex(&TimePart::Clf)?, Shape::Bracketed),
            TimePart::Epoch(_) => ("[0-9]+".into(), Shape::Number),
            TimePart::Fraction(n) => (format!("[0-9]{{{n}}}"), Shape::Digits(usize::from(*n))),
            TimePart::ClfInner => (strftime::regex(&TimePart::ClfInner)?, Shape::ClfInner),
            part => {
                let re = strftime::regex(part)?;
                let anchored = Regex::new(&format!("(?s-u)^(?:{re})")).map_err(|e| e.to_string())?;
                (re, Shape::Regex(anchored))
            }
        },
        Kind::Status => (dash("[0-9]{3}"), Shape::StatusOrDash { empty: empty_number }),
        Kind::Integer { .. } => (dash("[0-9]+"), Shape::NumberOrDash { empty: empty_number }),
        Kind::Decimal => (dash("[0-9]+(?:\\.[0-9]+)?"), Shape::Decimal { empty: empty_number }),
        Kind::Query => {
            let (re, shape) = text(&[], false);
            (format!("(?:\\?{re})?"), Shape::Query(Box::new(shape)))
        }
        Kind::UrlPath => text(b"?", true),
        Kind::Request if !in_quotes => match next {
            // Outside quotes a request line (which has spaces) runs to the next literal.
            Some(n) => {
                let mut stop = Box::new([false; 256]);
                stop[usize::from(n)] = true;
                (format!("[^\\x{n:02x}]*"), Shape::Run { stop, non_empty: false })
            }
            None => (".*".into(), Shape::Rest),
        },
        Kind::Host => list(false, false, true),
        Kind::Text => list(false, may_be_empty, false),
        Kind::List => list(true, may_be_empty, false),
        Kind::Name | Kind::Request => text(&[], true),
        Kind::Dash => ("-".into(), Shape::Dash),
        Kind::IsArgs => ("\\??".into(), Shape::IsArgs),
    })
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

/// A line read by a matcher: its groups, and the values already typed.
#[derive(Debug, Clone, Copy)]
pub struct Matched<'a> {
    pub(crate) format: &'a Matcher,
    pub(crate) line: &'a [u8],
    spans: &'a [(usize, usize)],
    numbers: &'a [Number],
    /// The time, when the format has one.
    pub time: Option<Stamp>,
    /// The status, when the format has one (`-` is `None`).
    pub status: Option<u16>,
}

impl<'a> Matched<'a> {
    /// A group's text, `None` when it took no part in the match.
    pub(crate) fn group(&self, i: usize) -> Option<&'a [u8]> {
        match self.spans.get(i) {
            Some(&(s, e)) if (s, e) != ABSENT => Some(&self.line[s..e]),
            _ => None,
        }
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
