//! A `LogFormat` compiled once per container: one regex with a group per directive,
//! and the plan that turns each group into its JSON value.
//!
//! The regex is built from the format: literals match themselves; a directive inside
//! quotes matches Apache's escaped text (`(?:[^"\\]|\\.)*`, stopping at the next
//! literal byte); a directive outside quotes matches up to the next space or literal
//! byte; numbers, statuses and times match only their own shapes. With at most 16
//! directives it stays within the regex crate's one-pass engine.

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
    time: Option<(Vec<usize>, TimePlan)>,
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
        let mut time_groups = Vec::new();
        let mut time_parts: Vec<&TimePart> = Vec::new();
        let mut time_position = 0;
        let mut in_quotes = false;
        let mut groups = 0;
        let (mut status, mut request, mut path, mut user_agent, mut vhost) = (None, None, None, None, None);
        for (i, item) in spec.items.iter().enumerate() {
            let d = match item {
                Item::Literal(bytes) => {
                    for b in bytes {
                        pattern.push_str(&format!("\\x{b:02x}"));
                        in_quotes ^= *b == b'"';
                    }
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
            pattern.push('(');
            pattern.push_str(&fragment(d, in_quotes, next).map_err(|conversion| {
                FormatError(format!(
                    "{} at position {}: {conversion} is not a strftime conversion firelog reads",
                    d.text, d.position
                ))
            })?);
            pattern.push(')');
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
            Some((time_groups, plan))
        };
        let regex = RegexBuilder::new(&pattern)
            .build()
            .map_err(|e| FormatError(format!("the format does not compile to a regex: {e}")))?;
        Ok(Custom { spec, regex, slots, time, status, request, path, user_agent, vhost })
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The regex the format compiled to.
    pub fn regex(&self) -> &Regex {
        &self.regex
    }

    /// Fresh capture slots for [`Custom::parse`], one set per thread.
    pub fn capture_locations(&self) -> CaptureLocations {
        self.regex.capture_locations()
    }

    /// Matches `line` and checks every typed value, so writing it cannot fail.
    pub fn parse<'a>(
        &'a self,
        line: &'a [u8],
        locs: &'a mut CaptureLocations,
    ) -> Result<Fields<'a>, ParseError> {
        self.regex.captures_read(locs, line).ok_or(ParseError { field: Field::Line })?;
        let locs = &*locs;
        let group = |i: usize| locs.get(i).map_or(&b""[..], |(s, e)| &line[s..e]);
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
        let time = match &self.time {
            None => None,
            Some((groups, plan)) => {
                let mut texts: [&[u8]; MAX_TIME_PARTS] = [b""; MAX_TIME_PARTS];
                for (text, g) in texts.iter_mut().zip(groups) {
                    *text = group(*g);
                }
                let stamp = plan.read(&texts[..groups.len()]);
                let position = self.time_position();
                Some(stamp.ok_or(ParseError { field: Field::Directive { what: "time", position } })?)
            }
        };
        Ok(Fields { format: self, line, locs, time, status })
    }

    fn time_position(&self) -> u16 {
        self.slots.iter().find(|s| matches!(s.kind, Kind::Time(_))).map_or(0, |s| s.position)
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

/// The regex for one directive (without its group).
fn fragment(d: &Directive, in_quotes: bool, next: Option<u8>) -> Result<String, String> {
    // The bytes a text value stops at.
    let mut stop: Vec<u8> = if in_quotes { vec![b'"', b'\\'] } else { vec![b' '] };
    if let Some(n) = next
        && !stop.contains(&n)
    {
        stop.push(n);
    }
    let class = |extra: &[u8]| -> String {
        let mut s = String::from("[^");
        for b in stop.iter().chain(extra) {
            s.push_str(&format!("\\x{b:02x}"));
        }
        s.push(']');
        s
    };
    let text = |extra: &[u8], at_least_one: bool| {
        if in_quotes {
            format!("(?:{}|\\\\.)*", class(extra))
        } else {
            format!("{}{}", class(extra), if at_least_one { "+" } else { "*" })
        }
    };
    Ok(match &d.kind {
        Kind::Time(part) => strftime::regex(part)?,
        Kind::Status => "[0-9]{3}".into(),
        Kind::Integer { .. } => "[0-9]+|-".into(),
        Kind::Query => format!("(?:\\?{})?", text(&[], false)),
        Kind::UrlPath => text(b"?", true),
        Kind::Request if !in_quotes => match next {
            // Outside quotes a request line (which has spaces) runs to the next literal.
            Some(n) => format!("[^\\x{n:02x}]*"),
            None => ".*".into(),
        },
        Kind::Host | Kind::Name | Kind::Text | Kind::Request => text(&[], true),
    })
}

/// A line matched by a custom format: its groups, and the values already typed.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub(crate) format: &'a Custom,
    pub(crate) line: &'a [u8],
    locs: &'a CaptureLocations,
    pub time: Option<Stamp>,
    pub status: Option<u16>,
}

impl<'a> Fields<'a> {
    /// A group's text (empty when it took no part in the match).
    pub(crate) fn group(&self, i: usize) -> &'a [u8] {
        self.locs.get(i).map_or(&b""[..], |(s, e)| &self.line[s..e])
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
