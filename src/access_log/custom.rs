//! A `LogFormat` compiled once per container: one regex with a group per directive,
//! and the plan that turns each group into its JSON value.
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

use super::log_format::{Directive, FormatError, Item, Kind, Spec, TimePart};
use super::strftime::{self, Stamp, TimePlan};
use super::{Field, ParseError};

/// The most time directives one timestamp is made of (the parts are joined on the stack).
const MAX_TIME_PARTS: usize = 8;

/// A compiled custom format.
#[derive(Debug, Clone)]
pub struct Custom {
    spec: Spec,
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
}

impl PartialEq for Custom {
    fn eq(&self, other: &Custom) -> bool {
        self.spec == other.spec
    }
}

impl Eq for Custom {}

/// The groups of a format's time directives, how they make one time, and where the
/// first is in LOG_FORMAT (for a line's error).
#[derive(Debug, Clone)]
struct TimeRead {
    groups: Vec<usize>,
    plan: TimePlan,
    position: u16,
}

/// One JSON value (or, for `%r`, four) and the group it comes from.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// `"key":`, after a comma unless it is the first.
    pub prefix: Vec<u8>,
    pub group: usize,
    pub kind: Kind,
    /// Inside quotes: Apache's `\"` and `\\` are undone.
    pub quoted: bool,
    /// Where the directive is in LOG_FORMAT, for a line's error.
    pub position: u16,
}

impl Custom {
    /// Compiles a format read by [`Spec::parse`].
    pub fn compile(spec: Spec) -> Result<Custom, FormatError> {
        let mut pattern = String::from("(?s-u)^");
        let mut slots = Vec::new();
        let mut steps = Vec::new();
        let mut time_groups = Vec::new();
        let mut time_parts: Vec<&TimePart> = Vec::new();
        let mut time_position = 0;
        let mut in_quotes = false;
        let mut groups = 0;
        let (mut status, mut request, mut path, mut user_agent, mut vhost) = (None, None, None, None, None);
        for (i, item) in spec.items.iter().enumerate() {
            let d = match item {
                Item::Literal(bytes) => {
                    super::push_escaped(&mut pattern, bytes);
                    in_quotes ^= bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1;
                    steps.push(Step::Literal(bytes.clone()));
                    continue;
                }
                Item::Directive(d) => d,
            };
            let next = match spec.items.get(i + 1) {
                Some(Item::Literal(bytes)) => bytes.first().copied(),
                _ => None,
            };
            groups += 1;
            let group = groups;
            let (fragment, shape) = shape(d, in_quotes, next).map_err(|conversion| {
                FormatError(format!(
                    "{} at position {}: {conversion} is not a strftime conversion firelog reads",
                    d.text, d.position
                ))
            })?;
            pattern.push('(');
            pattern.push_str(&fragment);
            pattern.push(')');
            steps.push(Step::Field { group, shape });
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
            let key = if d.kind == Kind::Request { "method" } else { &d.key };
            let comma = if slots.is_empty() { "" } else { "," };
            slots.push(Slot {
                prefix: format!("{comma}\"{key}\":").into_bytes(),
                group,
                kind: d.kind.clone(),
                quoted: in_quotes,
                position: u16::try_from(d.position).unwrap_or(u16::MAX),
            });
        }
        pattern.push('$');
        let time = if time_parts.is_empty() {
            None
        } else if time_parts.len() > MAX_TIME_PARTS {
            return Err(FormatError(format!("more than {MAX_TIME_PARTS} time directives")));
        } else {
            let plan = TimePlan::new(&time_parts).map_err(|why| {
                FormatError(format!("the time directive at position {time_position}: {why}"))
            })?;
            let position = u16::try_from(time_position).unwrap_or(u16::MAX);
            Some(TimeRead { groups: time_groups, plan, position })
        };
        let regex = RegexBuilder::new(&pattern)
            .build()
            .map_err(|e| FormatError(format!("the format does not compile to a regex: {e}")))?;
        Ok(Custom { spec, regex, slots, steps, groups, time, status, request, path, user_agent, vhost })
    }

    /// The regex the format compiled to.
    pub fn regex(&self) -> &Regex {
        &self.regex
    }

    /// The spans of a line's groups by the scan (index 0 is the whole line), or `None`
    /// when the scan does not reach the end of the line.
    pub fn scan(&self, line: &[u8], spans: &mut Vec<(usize, usize)>) -> Option<()> {
        spans.clear();
        spans.resize(self.groups + 1, (0, 0));
        let mut i = 0;
        for step in &self.steps {
            match step {
                Step::Literal(bytes) => {
                    if !line[i..].starts_with(bytes) {
                        return None;
                    }
                    i += bytes.len();
                }
                Step::Field { group, shape } => {
                    let end = shape.read(line, i)?;
                    spans[*group] = (i, end);
                    i = end;
                }
            }
        }
        spans[0] = (0, line.len());
        (i == line.len()).then_some(())
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
        spans.extend((0..=self.groups).map(|g| locs.get(g).unwrap_or((0, 0))));
        Some(())
    }

    /// Matches `line` (by the scan, or else the regex) and checks every typed value, so
    /// writing it cannot fail.
    pub fn parse<'a>(
        &'a self,
        line: &'a [u8],
        captures: &'a mut super::Captures,
    ) -> Result<Fields<'a>, ParseError> {
        let super::Captures { spans, locs } = captures;
        if self.scan(line, spans).is_none() {
            let locs = locs.get_or_insert_with(|| self.regex.capture_locations());
            self.match_regex(line, locs, spans).ok_or(ParseError { field: Field::Line })?;
        }
        let spans = &spans[..];
        let group = |i: usize| spans.get(i).map_or(&b""[..], |&(s, e)| &line[s..e]);
        let mut status = None;
        for slot in &self.slots {
            let invalid = |what| ParseError { field: Field::Directive { what, position: slot.position } };
            match slot.kind {
                Kind::Integer { .. } => {
                    let text = group(slot.group);
                    if text != b"-" && super::integer(text).is_none() {
                        return Err(invalid("number"));
                    }
                }
                Kind::Status => {
                    let code = super::status(group(slot.group)).map_err(|_| invalid("status"))?;
                    if Some(slot.group) == self.status {
                        status = Some(code);
                    }
                }
                _ => {}
            }
        }
        let time =
            match &self.time {
                None => None,
                Some(TimeRead { groups, plan, position }) => {
                    let mut texts: [&[u8]; MAX_TIME_PARTS] = [b""; MAX_TIME_PARTS];
                    for (text, g) in texts.iter_mut().zip(groups) {
                        *text = group(*g);
                    }
                    let stamp = plan.read(&texts[..groups.len()]);
                    Some(stamp.ok_or(ParseError {
                        field: Field::Directive { what: "time", position: *position },
                    })?)
                }
            };
        Ok(Fields { format: self, line, spans, time, status })
    }

    /// Whether the format has what a setting needs.
    pub fn provides(&self, fact: super::Fact) -> bool {
        use super::Fact;
        match fact {
            Fact::Status => self.status.is_some(),
            Fact::Path => self.request.is_some() || self.path.is_some(),
            Fact::UserAgent => self.user_agent.is_some(),
            Fact::Time => self.time.is_some(),
            Fact::Vhost => self.vhost.is_some(),
        }
    }
}

/// One step of the scan: the regex's greedy path through a literal or a directive.
#[derive(Debug, Clone)]
enum Step {
    Literal(Vec<u8>),
    Field { group: usize, shape: Shape },
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
    /// `[0-9]+|-`.
    NumberOrDash,
    /// `\[[^\]]*\]`.
    Bracketed,
    /// `.*`.
    Rest,
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
                let end = i + line[i..].iter().take_while(|&&b| !stop[usize::from(b)]).count();
                (end > i || !non_empty).then_some(end)
            }
            Shape::Escaped { stop } => {
                let mut j = i;
                loop {
                    j += line[j..].iter().take_while(|&&b| !stop[usize::from(b)]).count();
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
            Shape::NumberOrDash => match line.get(i) {
                Some(b'-') => Some(i + 1),
                _ => Some(digits(i)).filter(|&end| end > i),
            },
            Shape::Bracketed => {
                if line.get(i) != Some(&b'[') {
                    return None;
                }
                memchr::memchr(b']', &line[i + 1..]).map(|at| i + 1 + at + 1)
            }
            Shape::Rest => Some(line.len()),
            Shape::Regex(re) => re.find(&line[i..]).map(|m| i + m.end()),
        }
    }
}

/// The regex for one directive (without its group), and how the scan reads it.
fn shape(d: &Directive, in_quotes: bool, next: Option<u8>) -> Result<(String, Shape), String> {
    // The bytes a text value stops at.
    let mut stop: Vec<u8> = if in_quotes { vec![b'"', b'\\'] } else { vec![b' '] };
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
    let text = |extra: &[u8], non_empty: bool| {
        let (class, stop) = class(extra);
        if in_quotes && stop.iter().filter(|&&b| b).count() == 2 {
            (format!("(?:{class}|\\\\.)*"), Shape::Quoted)
        } else if in_quotes {
            (format!("(?:{class}|\\\\.)*"), Shape::Escaped { stop })
        } else {
            (format!("{class}{}", if non_empty { "+" } else { "*" }), Shape::Run { stop, non_empty })
        }
    };
    Ok(match &d.kind {
        Kind::Time(TimePart::Clf) => (strftime::regex(&TimePart::Clf)?, Shape::Bracketed),
        Kind::Time(TimePart::Epoch(_)) => ("[0-9]+".into(), Shape::Number),
        Kind::Time(TimePart::Fraction(n)) => (format!("[0-9]{{{n}}}"), Shape::Digits(usize::from(*n))),
        Kind::Time(part) => {
            let re = strftime::regex(part)?;
            let anchored = Regex::new(&format!("(?s-u)^(?:{re})")).map_err(|e| e.to_string())?;
            (re, Shape::Regex(anchored))
        }
        Kind::Status => ("[0-9]{3}".into(), Shape::Digits(3)),
        Kind::Integer { .. } => ("[0-9]+|-".into(), Shape::NumberOrDash),
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
        Kind::Host | Kind::Name | Kind::Text | Kind::Request => text(&[], true),
    })
}

/// A line matched by a custom format: its groups, and the values already typed.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub(crate) format: &'a Custom,
    pub(crate) line: &'a [u8],
    spans: &'a [(usize, usize)],
    pub time: Option<Stamp>,
    pub status: Option<u16>,
}

impl<'a> Fields<'a> {
    /// A group's text (empty when it took no part in the match).
    pub(crate) fn group(&self, i: usize) -> &'a [u8] {
        self.spans.get(i).map_or(&b""[..], |&(s, e)| &self.line[s..e])
    }

    fn optional(&self, group: Option<usize>) -> Option<&'a [u8]> {
        group.map(|g| self.group(g))
    }

    pub fn request(&self) -> Option<&'a [u8]> {
        self.optional(self.format.request)
    }

    pub fn path(&self) -> Option<&'a [u8]> {
        self.optional(self.format.path)
    }

    pub fn user_agent(&self) -> Option<&'a [u8]> {
        self.optional(self.format.user_agent).and_then(super::dash_is_none)
    }

    pub fn vhost(&self) -> Option<&'a [u8]> {
        self.optional(self.format.vhost)
    }
}
